/* rig-plan-text.h: the plan as text, what `rigplan-cli plan` prints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rig-plan.h"

G_BEGIN_DECLS

/* @build's plan @report as plain text in sections: parts and total, each workload's fit,
 * memory, devices and speeds, power, PCIe, thermals, running costs, findings and what was not
 * checked. Unknown figures are said to be unknown. The text quotes the build and the catalog
 * as they are: a caller writing it to a terminal replaces control characters. */
char *rig_plan_to_text (const RigBuild  *build,
                        const RigReport *report);

G_END_DECLS
