/* rig-library-dialog.c: the builds saved in the library, to open one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rig-library-dialog.h"

struct _RigLibraryDialog
{
  AdwWindow   parent_instance;

  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (RigLibraryDialog, rig_library_dialog, ADW_TYPE_WINDOW)

enum { BUILD_CHOSEN, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
row_activated_cb (RigLibraryDialog *self,
                  GtkListBoxRow    *row)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (row), "build-id");

  g_object_ref (self);
  gtk_window_close (GTK_WINDOW (self));
  g_signal_emit (self, signals[BUILD_CHOSEN], 0, id);
  g_object_unref (self);
}

static void
rig_library_dialog_class_init (RigLibraryDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rigplan/Rigplan/rig-library-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RigLibraryDialog, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  signals[BUILD_CHOSEN] = g_signal_new ("build-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
rig_library_dialog_init (RigLibraryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RigLibraryDialog *
rig_library_dialog_new (GtkWindow   *parent,
                        RigLibrary  *library,
                        GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  RigLibraryDialog *self;

  g_return_val_if_fail (RIG_IS_LIBRARY (library), NULL);

  if (!(entries = rig_library_list_builds (library, error)))
    return NULL;
  self = g_object_new (RIG_TYPE_LIBRARY_DIALOG, "transient-for", parent, NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      RigLibraryEntry *e = g_ptr_array_index (entries, i);
      GtkWidget *row = adw_action_row_new ();
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (e->modified);
      g_autofree char *date = g_date_time_format (when, "%x %X");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), *e->name ? e->name : _("Untitled"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), date);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "build-id", g_memdup2 (&e->id, sizeof e->id), g_free);
      gtk_list_box_append (self->list, row);
    }
  return self;
}
