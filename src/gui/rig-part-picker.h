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
/* What the Impact column sorts by; its header's menu chooses. */
typedef enum
{
  RIG_IMPACT_ORDER_FIT,       /* on the GPUs, with offload, on the CPU, not at all; a new error last */
  RIG_IMPACT_ORDER_SPEED,     /* the first workload's decode tokens/s, fastest first */
  RIG_IMPACT_ORDER_PROBLEMS,  /* errors, then warnings added, fewest first */
  RIG_IMPACT_ORDER_PRICE,     /* the change in price, cheapest first */
  RIG_IMPACT_ORDER_N
} RigImpactOrder;

/* Fills @keys, one per RigImpactOrder, smaller first; NAN (not known) sorts last either way. */
typedef void (*RigPickerKeysFunc) (const RigPart *candidate,
                                   double         keys[RIG_IMPACT_ORDER_N],
                                   gpointer       user_data);

RigPartPicker *rig_part_picker_new             (GtkWindow           *parent,
                                                RigCatalog          *catalog,
                                                RigPartKind          kind);
void           rig_part_picker_set_impact_func (RigPartPicker       *self,
                                                RigPickerImpactFunc  func,
                                                gpointer             user_data,
                                                GDestroyNotify       destroy);
/* With @func set, the Impact column sorts, by the order its header's menu picks. */
void           rig_part_picker_set_keys_func   (RigPartPicker       *self,
                                                RigPickerKeysFunc    func,
                                                gpointer             user_data,
                                                GDestroyNotify       destroy);
/* Sorts the rows by @order of the Impact column, as choosing it in the header's menu and
 * clicking the header do. */
void           rig_part_picker_sort_by_impact  (RigPartPicker       *self,
                                                RigImpactOrder       order,
                                                gboolean             descending);
void           rig_part_picker_set_check_func  (RigPartPicker       *self,
                                                RigPickerImpactFunc  func,
                                                gpointer             user_data,
                                                GDestroyNotify       destroy);

G_END_DECLS
