/* rig-plan.h: evaluate a build into a report of figures and findings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-build.h"
#include "rig-cost.h"
#include "rig-report.h"

G_BEGIN_DECLS

void        rig_plan_evaluate       (const RigBuild  *build,
                                     RigReport       *report);

G_END_DECLS
