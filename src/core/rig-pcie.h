/* rig-pcie.h: which device sits in which slot, at which link, and the lane budgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rig-build.h"
#include "rig-slot.h"

G_BEGIN_DECLS

typedef struct _RigReport RigReport;

#define RIG_MAX_PCIE_DEVICES 24

typedef struct
{
  char          part[96];       /* part name */
  const RigPart *spec;          /* the part, owned by the build */
  RigPartKind   kind;
  gboolean      placed;         /* it sits in a slot, an M.2 slot or a card's port */
  char          slot[32];       /* its name; "" when not placed or in a lean report */
  guint         position;       /* expansion-slot position, 0 for M.2 */
  guint         width;          /* expansion slots the card covers */
  guint         lanes;
  guint         gen;
  double        gbps;           /* per direction */
  RigLaneSource source;
  /* The accessory the device hangs off instead of sitting in the board's slot itself: a riser
   * cable or M.2 adapter (the card then covers no slot, width 0), or a bifurcation card. */
  const RigPart *carrier;
} RigPcieDevice;

typedef struct
{
  gboolean      checked;        /* a board with a slot map was there to check against */
  RigPcieDevice devices[RIG_MAX_PCIE_DEVICES];
  guint         n_devices;
  guint         cpu_lanes_used;
  double        cpu_lanes;      /* NAN when unknown */
  double        chipset_uplink_gbps;  /* NAN when unknown */
  double        chipset_demand_gbps;
  guint         free_x16_slots;
  guint         free_m2_slots;
  guint         sata_disabled;  /* SATA ports turned off by populated M.2 slots */
  guint         lowest_free_position;  /* for upgrade headroom; 0 when none */
} RigPcieReport;

/* A step of rig_plan_evaluate (), which fills report->parts before it. */
void rig_pcie_evaluate (const RigBuild *build,
                        RigReport      *report);

/* Narrows each GPU's link in report->devices to the link its slot gives it (an x16 card in an
 * x8 slot moves half the bytes), after rig_pcie_evaluate (). */
void rig_pcie_narrow_links (RigReport *report);

G_END_DECLS
