/* rig-import.h: parts lists from other tools (a spreadsheet's CSV) into a build
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-build.h"
#include "rig-catalog.h"

G_BEGIN_DECLS

/* Reads a CSV parts list (a header row with at least one of id/name, and optional count, condition,
 * price columns; also the CSV Rigplan exports) and matches each row to a catalog part by id, else by
 * exact name (case-insensitive), else by the catalog's full-text search when it gives exactly one
 * part. Rows that match nothing are listed in @unmatched as "line N: “text”: no part with that id or
 * name" (a GPtrArray of char*); so are rows with a count, condition or price that does not read,
 * with what is wrong, and are left out. Returns a new build named @name, or NULL with @error on a
 * file that is not CSV at all ("line N: …"). The parts of the build are resolved (item->part is
 * set); its workloads are empty and its settings the defaults, with the currency of a "currency"
 * column when it has one. */
RigBuild *rig_import_csv_parts (RigCatalog  *catalog,
                                const char  *data,
                                gssize       length,
                                const char  *name,
                                GPtrArray  **unmatched,
                                GError     **error);

G_END_DECLS
