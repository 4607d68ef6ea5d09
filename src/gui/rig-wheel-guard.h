/* rig-wheel-guard.h: spin buttons that take the scroll wheel only once they have focus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Every GtkSpinButton at or under @root: while it does not hold the keyboard focus, a scroll
 * wheel over it scrolls the page instead of changing its value. */
void rig_wheel_guard_spin_buttons (GtkWidget *root);

G_END_DECLS
