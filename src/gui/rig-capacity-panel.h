/* rig-capacity-panel.h: what the build can run, per model family, in the results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rig-catalog.h"
#include "rig-device.h"

G_BEGIN_DECLS

#define RIG_TYPE_CAPACITY_PANEL (rig_capacity_panel_get_type ())

G_DECLARE_FINAL_TYPE (RigCapacityPanel, rig_capacity_panel, RIG, CAPACITY_PANEL, AdwPreferencesGroup)

void     rig_capacity_panel_set_catalog (RigCapacityPanel   *self,
                                         RigCatalog         *catalog);
/* Works out again for @devices (copied) once edits pause, in a worker thread. */
void     rig_capacity_panel_set_devices (RigCapacityPanel   *self,
                                         const RigDeviceSet *devices);
/* Whether an answer is still being worked out; for tests. */
gboolean rig_capacity_panel_get_busy    (RigCapacityPanel   *self);

G_END_DECLS
