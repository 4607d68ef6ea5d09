/* rig-wheel-guard.c
 *
 * GtkSpinButton changes its value on any scroll over it, focused or not. In a scrolled pane of
 * settings that means a wheel turned to read further down the page silently edits whatever
 * number passes under the pointer (hours of use, the price of electricity) and marks the build
 * modified. GTK cannot be told otherwise, so the spin button's own scroll controller is kept
 * out of event handling (GTK_PHASE_NONE) until the spin button contains the focus: a click or
 * Tab into the field. Until then the wheel's event goes on to the scrolled window, as it does
 * over a label. libadwaita's AdwSpinRow (1.4) is not available on libadwaita 1.2.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rig-wheel-guard.h"

static const char phase_key[] = "rig-wheel-guard-phase";

static void
contains_focus_cb (GtkEventControllerFocus *focus,
                   GParamSpec              *pspec,
                   GtkEventController      *scroll)
{
  GtkPropagationPhase phase = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (scroll), phase_key));

  gtk_event_controller_set_propagation_phase (scroll,
                                              gtk_event_controller_focus_contains_focus (focus)
                                              ? phase : GTK_PHASE_NONE);
}

/* The spin button's own scroll controller. GTK keeps extra books on a widget's controllers while
 * an observer list lives; this one is read once, when a widget is built, and dropped. */
static GtkEventController *
scroll_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint n = g_list_model_get_n_items (controllers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller))
        return GTK_EVENT_CONTROLLER (controller);
    }
  return NULL;
}

static void
guard (GtkWidget *spin)
{
  GtkEventController *scroll = scroll_controller (spin);
  GtkEventController *focus;

  /* Guarded already, or a GTK whose spin button scrolls some other way. */
  if (scroll == NULL || g_object_get_data (G_OBJECT (scroll), phase_key) != NULL)
    return;
  g_object_set_data (G_OBJECT (scroll), phase_key,
                     GINT_TO_POINTER (gtk_event_controller_get_propagation_phase (scroll)));
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_NONE);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "notify::contains-focus", G_CALLBACK (contains_focus_cb), scroll, 0);
  gtk_widget_add_controller (spin, focus);
}

void
rig_wheel_guard_spin_buttons (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_SPIN_BUTTON (root))
    {
      guard (root);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    rig_wheel_guard_spin_buttons (child);
}
