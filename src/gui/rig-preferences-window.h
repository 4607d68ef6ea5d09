/* rig-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rig-library.h"

G_BEGIN_DECLS

#define RIG_TYPE_PREFERENCES_WINDOW (rig_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (RigPreferencesWindow, rig_preferences_window, RIG, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

RigPreferencesWindow *rig_preferences_window_new (GtkWindow  *parent,
                                                  GSettings  *settings,
                                                  RigLibrary *library);

G_END_DECLS
