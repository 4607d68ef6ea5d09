/* rig-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rig-application.h"

G_BEGIN_DECLS

#define RIG_TYPE_WINDOW (rig_window_get_type ())

G_DECLARE_FINAL_TYPE (RigWindow, rig_window, RIG, WINDOW, AdwApplicationWindow)

RigWindow *rig_window_new       (RigApplication *application);
void       rig_window_open_file (RigWindow      *self,
                                 GFile          *file);

G_END_DECLS
