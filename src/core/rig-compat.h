/* rig-compat.h: will the parts go together — sockets, memory, sizes, connectors, GPU pairing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rig-build.h"

G_BEGIN_DECLS

typedef struct _RigReport RigReport;

/* A step of rig_plan_evaluate (), which fills report->parts before it. */
/* Needs the PCIe report filled first (SATA ports disabled by M.2 slots). */
void rig_compat_evaluate  (const RigBuild *build,
                           RigReport      *report);
/* Credits NVLink to the GPUs (report->devices) only where a bridge of their generation joins
 * each pair and spans the slots between them; says why not otherwise. Needs the PCIe report. */
void rig_compat_evaluate_nvlink (const RigBuild *build,
                                 RigReport      *report);
/* Free slots, lanes, PSU margin, DIMM slots and case room; needs power and PCIe. */
void rig_upgrade_evaluate (const RigBuild *build,
                           RigReport      *report);

G_END_DECLS
