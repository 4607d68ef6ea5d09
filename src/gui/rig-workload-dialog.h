/* rig-workload-dialog.h: edit what to run — model, quantization, mode, context, runtime
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rig-catalog.h"

G_BEGIN_DECLS

#define RIG_TYPE_WORKLOAD_DIALOG (rig_workload_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RigWorkloadDialog, rig_workload_dialog, RIG, WORKLOAD_DIALOG, AdwWindow)

/* @initial may be NULL for a new workload; @index is handed back with "applied". */
RigWorkloadDialog *rig_workload_dialog_new           (GtkWindow         *parent,
                                                      RigCatalog        *catalog,
                                                      const RigWorkload *initial,
                                                      int                index);
int                rig_workload_dialog_get_index     (RigWorkloadDialog *self);
/* The workload as the dialog shows it (not resolved against the catalog). */
RigWorkload       *rig_workload_dialog_dup_workload  (RigWorkloadDialog *self);

G_END_DECLS
