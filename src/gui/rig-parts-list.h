/* rig-parts-list.h: the build's parts, grouped by kind, one RigPartRow each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rig-document.h"

G_BEGIN_DECLS

#define RIG_TYPE_PARTS_LIST (rig_parts_list_get_type ())

G_DECLARE_FINAL_TYPE (RigPartsList, rig_parts_list, RIG, PARTS_LIST, GtkBox)

/* Follows @document's changes. Emits "change-part" (guint index, RigPartKind kind) when the
 * person asks for another part in an item's place, and "message" (const char *). */
void         rig_parts_list_set_document (RigPartsList *self,
                                          RigDocument  *document);
void         rig_parts_list_rebuild      (RigPartsList *self);
/* Opens the row of the build's item @index and moves the focus to it; FALSE without one. */
gboolean     rig_parts_list_focus_item   (RigPartsList *self,
                                          guint         index);
const char  *rig_part_kind_title         (RigPartKind   kind);

G_END_DECLS
