/* rig-document.h: one build being edited, with its file, undo history, prices and plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rig-catalog.h"
#include "rig-library.h"
#include "rig-plan.h"

G_BEGIN_DECLS

/* What an edit changed, for the views that show the build. */
typedef enum
{
  RIG_DOCUMENT_CHANGE_VALUES    = 0,        /* a count, a price, the name, a setting */
  RIG_DOCUMENT_CHANGE_PARTS     = 1 << 0,   /* parts added, removed, replaced or moved */
  RIG_DOCUMENT_CHANGE_WORKLOADS = 1 << 1,   /* workloads added, removed or edited */
  RIG_DOCUMENT_CHANGE_PRICES    = 1 << 2,   /* what a stored price applies to: a condition, the currency */
  RIG_DOCUMENT_CHANGE_ALL       = 0x7,      /* another build took its place */
} RigDocumentChange;

#define RIG_DOCUMENT_MAX_UNDO 200

#define RIG_TYPE_DOCUMENT (rig_document_get_type ())
G_DECLARE_FINAL_TYPE (RigDocument, rig_document, RIG, DOCUMENT, GObject)

RigDocument     *rig_document_new               (RigCatalog   *catalog,
                                                 RigLibrary   *library);
RigCatalog      *rig_document_get_catalog       (RigDocument  *self);
RigLibrary      *rig_document_get_library       (RigDocument  *self);
void             rig_document_set_library       (RigDocument  *self,
                                                 RigLibrary   *library);

RigBuild        *rig_document_get_build         (RigDocument  *self);
const RigReport *rig_document_get_report        (RigDocument  *self);
gboolean         rig_document_get_report_pending (RigDocument *self);
GFile           *rig_document_get_file          (RigDocument  *self);
gint64           rig_document_get_library_id    (RigDocument  *self);
gboolean         rig_document_get_dirty         (RigDocument  *self);
void             rig_document_set_dirty         (RigDocument  *self,
                                                 gboolean      dirty);
gboolean         rig_document_can_undo          (RigDocument  *self);
gboolean         rig_document_can_redo          (RigDocument  *self);
guint            rig_document_get_price_applications (RigDocument *self);

gboolean         rig_document_set_build         (RigDocument  *self,
                                                 RigBuild     *build,
                                                 GFile        *file,
                                                 gint64        library_id,
                                                 GError      **error);
gboolean         rig_document_load_file         (RigDocument  *self,
                                                 GFile        *file,
                                                 GError      **error);
gboolean         rig_document_save_file         (RigDocument  *self,
                                                 GFile        *file,
                                                 GError      **error);
gboolean         rig_document_save_to_library   (RigDocument  *self,
                                                 GError      **error);

RigBuild        *rig_document_begin_edit        (RigDocument  *self);
void             rig_document_end_edit          (RigDocument  *self,
                                                 RigDocumentChange change);
void             rig_document_cancel_edit       (RigDocument  *self);
gboolean         rig_document_resolve           (RigDocument  *self,
                                                 GError      **error);
gboolean         rig_document_undo              (RigDocument  *self);
gboolean         rig_document_redo              (RigDocument  *self);

void             rig_document_prices_changed    (RigDocument  *self);

G_END_DECLS
