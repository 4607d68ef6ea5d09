/* rig-slot.h: a motherboard's PCIe and M.2 slot map, parsed from the catalog's slot grammar
 *
 *   NAME[@POS] xPHYS xELEC gGEN SRC [share=OTHER:xN]…    (PCIe; M.2 has no xPHYS and no @POS)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  RIG_LANE_SOURCE_CPU,
  RIG_LANE_SOURCE_CHIPSET,
} RigLaneSource;

typedef struct
{
  char    *other;       /* slot, M.2 or SATA port name */
  guint    lanes;       /* lanes `other` keeps when this one is populated; 0 = disabled */
  gboolean sata;        /* `other` is a SATA port ("SATA5") */
  /* Where `other` is in the board's PCIe and M.2 lists, -1 where it is not: set by
   * rig_part_slot_map (), which reads both; -1 in a list rig_slot_list_parse () made alone. */
  gint     pcie_index, m2_index;
} RigSlotShare;

typedef struct
{
  char          *name;
  guint          position;      /* expansion-slot position from the top, 0 for M.2 */
  guint          physical_lanes;
  guint          lanes;
  guint          gen;
  RigLaneSource  source;
  GArray        *shares;        /* RigSlotShare */
} RigSlot;

typedef enum
{
  RIG_SLOT_KIND_PCIE,
  RIG_SLOT_KIND_M2,
} RigSlotKind;

GPtrArray *rig_slot_list_parse (const char  *text,
                                RigSlotKind  kind,
                                GError     **error);
void       rig_slot_free       (RigSlot     *slot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigSlot, rig_slot_free)

G_END_DECLS
