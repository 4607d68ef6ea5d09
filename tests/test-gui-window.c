/* test-gui-window.c: the window opens, shows the catalog, and opens a build file
 *
 * Runs under Xvfb and a D-Bus session (suite "gui"; see .ci/run).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "rig-application.h"
#include "rig-test-util.h"
#include "rig-window.h"

static void
iterate (void)
{
  for (int i = 0; i < 50 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Depth-first search for a widget of @type whose text (label, title or description)
 * contains @needle. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *needle)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    {
      const char *text = NULL;

      if (GTK_IS_LABEL (root))
        text = gtk_label_get_label (GTK_LABEL (root));
      else if (ADW_IS_STATUS_PAGE (root))
        text = adw_status_page_get_description (ADW_STATUS_PAGE (root));
      else if (ADW_IS_PREFERENCES_ROW (root))
        text = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root));
      if (needle == NULL || (text && strstr (text, needle)))
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, needle);
      if (found)
        return found;
    }
  return NULL;
}

static void
test_window (void)
{
  g_autoptr(RigApplication) app = rig_application_new ("io.github.rigplan.Rigplan.Test",
                                                       G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *build = rig_test_fixture ("dual-3090.json");
  g_autoptr(GFile) file = g_file_new_for_path (build);
  GtkWindow *window;
  GtkWidget *status, *row, *total;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  iterate ();

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (RIG_IS_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_nonnull (rig_application_get_catalog (app));

  status = find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, "parts");
  g_assert_nonnull (status);
  {
    g_autofree char *expected = g_strdup_printf ("%u parts",
                                                 rig_catalog_get_n_parts (rig_application_get_catalog (app)));
    g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)), expected));
  }

  rig_window_open_file (RIG_WINDOW (window), file);
  iterate ();
  row = find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "NVIDIA GeForce RTX 3090");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  total = find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "USD");
  g_assert_nonnull (total);

  gtk_window_destroy (window);
  iterate ();
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/gui/window", test_window);

  return g_test_run ();
}
