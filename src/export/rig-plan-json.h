/* rig-plan-json.h: the plan as JSON, the contract of `rigplan-cli plan --json`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rig-plan.h"

G_BEGIN_DECLS

/* @build's plan @report as one object: parts, cost, power, pcie, thermal, workloads (each
 * with its memory terms, runtime figures and suggestions), findings and what was not checked.
 * Unknown figures are null, never 0. The README's "plan --json" section documents the fields. */
JsonNode *rig_plan_to_json (const RigBuild  *build,
                            const RigReport *report);

G_END_DECLS
