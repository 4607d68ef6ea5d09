/* rig-export.h: a build's parts list in the formats people share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-build.h"

G_BEGIN_DECLS

typedef enum
{
  RIG_EXPORT_CSV,
} RigExportFormat;

int   rig_export_format_from_string (const char *text);

/* The parts list of a build whose parts were resolved from the catalog. */
char *rig_export_build (const RigBuild  *build,
                        RigExportFormat  format);

/* RFC 4180: quotes the field when it holds a comma, a quote or a line break. */
char *rig_export_csv_field (const char *field);

G_END_DECLS
