/* rig-part-picker.h: a modal window to choose one catalog part of a kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rig-catalog.h"

G_BEGIN_DECLS

#define RIG_TYPE_PART_PICKER (rig_part_picker_get_type ())

G_DECLARE_FINAL_TYPE (RigPartPicker, rig_part_picker, RIG, PART_PICKER, AdwWindow)

/* What choosing @candidate would do to the build, as a short text for the Impact column;
 * NULL for nothing. Called only for the rows that are shown. */
typedef char *(*RigPickerImpactFunc) (const RigPart *candidate,
                                      gpointer       user_data);

/* Emits "part-chosen" (const char *part_id) and closes when a row is activated or Select is
 * pressed; Escape closes without a choice. */
RigPartPicker *rig_part_picker_new             (GtkWindow           *parent,
                                                RigCatalog          *catalog,
                                                RigPartKind          kind);
void           rig_part_picker_set_impact_func (RigPartPicker       *self,
                                                RigPickerImpactFunc  func,
                                                gpointer             user_data,
                                                GDestroyNotify       destroy);
void           rig_part_picker_set_check_func  (RigPartPicker       *self,
                                                RigPickerImpactFunc  func,
                                                gpointer             user_data,
                                                GDestroyNotify       destroy);

G_END_DECLS
