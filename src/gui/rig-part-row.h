/* rig-part-row.h: one part of the build, with its count, condition, price and price history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rig-document.h"

G_BEGIN_DECLS

#define RIG_TYPE_PART_ROW (rig_part_row_get_type ())

G_DECLARE_FINAL_TYPE (RigPartRow, rig_part_row, RIG, PART_ROW, AdwExpanderRow)

/* Edits go to @document. Emits "change-requested" when the person asks for another part in
 * its place, and "message" (const char *) with something to tell them. */
GtkWidget *rig_part_row_new       (RigDocument *document,
                                   guint        index);
guint      rig_part_row_get_index (RigPartRow  *self);
void       rig_part_row_update    (RigPartRow  *self);

G_END_DECLS
