/* rig-results-view.h: the plan of a build — fit, speed, power, PCIe, thermals, cost, findings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rig-catalog.h"
#include "rig-plan.h"

G_BEGIN_DECLS

#define RIG_TYPE_RESULTS_VIEW (rig_results_view_get_type ())

G_DECLARE_FINAL_TYPE (RigResultsView, rig_results_view, RIG, RESULTS_VIEW, AdwBin)

/* Shows @report, planned from @build. Both must stay alive until the next call. */
void rig_results_view_show (RigResultsView  *self,
                            const RigBuild  *build,
                            const RigReport *report);

/* Temperatures in °F instead of °C. */
void rig_results_view_set_imperial (RigResultsView *self,
                                    gboolean        imperial);

void rig_results_view_scroll_to_top (RigResultsView *self);
void rig_results_view_set_catalog   (RigResultsView *self,
                                     RigCatalog     *catalog);

G_END_DECLS
