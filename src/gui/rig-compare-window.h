/* rig-compare-window.h: choose two to four builds and see them side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rig-catalog.h"
#include "rig-library.h"

G_BEGIN_DECLS

#define RIG_TYPE_COMPARE_WINDOW (rig_compare_window_get_type ())

G_DECLARE_FINAL_TYPE (RigCompareWindow, rig_compare_window, RIG, COMPARE_WINDOW, AdwWindow)

/* @current (copied) is offered as "this build"; @library may be NULL. */
RigCompareWindow *rig_compare_window_new     (GtkWindow      *parent,
                                              RigCatalog     *catalog,
                                              RigLibrary     *library,
                                              const RigBuild *current);
/* Adds the build file at @path to the choice, checked while fewer than four are. */
gboolean          rig_compare_window_add_file (RigCompareWindow  *self,
                                               const char        *path,
                                               GError           **error);
/* Compares @builds (2 to 4, resolved; copied) at once, skipping the choice. */
void              rig_compare_window_compare (RigCompareWindow *self,
                                              RigBuild * const *builds,
                                              guint             n);

G_END_DECLS
