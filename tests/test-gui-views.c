/* test-gui-views.c: the window's parts, and the library dialog, without a window around them
 *
 * The parts list edits the build through its document; the library dialog lists the saved
 * builds and says which one was chosen. Runs under Xvfb (suite "gui"), on the fixture catalog,
 * without an application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "rig-capacity-panel.h"
#include "rig-library-dialog.h"
#include "rig-part-row.h"
#include "rig-parts-list.h"
#include "rig-resources.h"
#include "rig-test-util.h"

static RigCatalog *catalog;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static GPtrArray *
find_all (GtkWidget *widget,
          GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (widget, type, found);
  return found;
}

static GtkWidget *
button_labelled (GtkWidget  *widget,
                 const char *tooltip)
{
  g_autoptr(GPtrArray) buttons = find_all (widget, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, i)), tooltip) == 0)
      return g_ptr_array_index (buttons, i);
  return NULL;
}

typedef struct
{
  RigDocument  *document;
  RigPartsList *list;
  GtkWidget    *window;
  char         *message;
  int           change_index;
  int           change_kind;
} Fixture;

static void
on_message (RigPartsList *list,
            const char   *message,
            Fixture      *f)
{
  g_free (f->message);
  f->message = g_strdup (message);
}

static void
on_change_part (RigPartsList *list,
                guint         index,
                int           kind,
                Fixture      *f)
{
  f->change_index = (int) index;
  f->change_kind = kind;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RigBuild *build = rig_build_new ("parts");

  rig_build_add_part (build, "amd-ryzen-9-7950x", 1);
  rig_build_add_part (build, "nvidia-rtx-3090", 2);
  rig_build_add_part (build, "nvidia-rtx-4090", 1);
  f->document = rig_document_new (catalog, NULL);
  g_assert_true (rig_document_set_build (f->document, build, NULL, 0, &error));
  g_assert_no_error (error);
  f->list = g_object_new (RIG_TYPE_PARTS_LIST, NULL);
  f->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->list));
  rig_parts_list_set_document (f->list, f->document);
  g_signal_connect (f->list, "message", G_CALLBACK (on_message), f);
  g_signal_connect (f->list, "change-part", G_CALLBACK (on_change_part), f);
  f->change_index = -1;
  gtk_window_present (GTK_WINDOW (f->window));
  iterate ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate ();
  g_clear_object (&f->document);
  g_free (f->message);
}

static RigPartRow *
row_at (Fixture *f,
        guint    n)
{
  g_autoptr(GPtrArray) rows = find_all (GTK_WIDGET (f->list), RIG_TYPE_PART_ROW);

  g_assert_cmpuint (n, <, rows->len);
  return g_ptr_array_index (rows, n);
}

static RigBuildItem *
item (Fixture *f,
      guint    index)
{
  return g_ptr_array_index (rig_document_get_build (f->document)->items, index);
}

/* GPUs come first, in the build's order; the CPU after them. */
static void
test_grouped_by_kind (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = find_all (GTK_WIDGET (f->list), RIG_TYPE_PART_ROW);

  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpuint (rig_part_row_get_index (g_ptr_array_index (rows, 0)), ==, 1);
  g_assert_cmpuint (rig_part_row_get_index (g_ptr_array_index (rows, 1)), ==, 2);
  g_assert_cmpuint (rig_part_row_get_index (g_ptr_array_index (rows, 2)), ==, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==, "NVIDIA GeForce RTX 3090");
}

/* A closed row is its title and subtitle: its editing rows are built when it is first opened,
 * set from the build, and not built twice. */
static void
test_editor_built_when_opened (Fixture       *f,
                               gconstpointer  data)
{
  RigPartRow *row = row_at (f, 0);
  g_autoptr(GPtrArray) closed = find_all (GTK_WIDGET (row), GTK_TYPE_SPIN_BUTTON);
  g_autoptr(GPtrArray) opened = NULL;
  g_autoptr(GPtrArray) again = NULL;

  g_assert_cmpuint (closed->len, ==, 0);
  g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), "2 × "));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  opened = find_all (GTK_WIDGET (row), GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpuint (opened->len, ==, 1);
  g_assert_cmpfloat (gtk_spin_button_get_value (g_ptr_array_index (opened, 0)), ==, 2);
  g_assert_false (rig_document_get_dirty (f->document));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), FALSE);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  again = find_all (GTK_WIDGET (row), GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpuint (again->len, ==, 1);
}

/* The count spin edits the document, which can undo it; the row's subtitle follows. */
static void
test_count_edits_document (Fixture       *f,
                           gconstpointer  data)
{
  RigPartRow *row = row_at (f, 0);
  g_autoptr(GPtrArray) spins = NULL;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  spins = find_all (GTK_WIDGET (row), GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpuint (spins->len, ==, 1);
  g_assert_cmpfloat (gtk_spin_button_get_value (g_ptr_array_index (spins, 0)), ==, 2);
  gtk_spin_button_set_value (g_ptr_array_index (spins, 0), 4);
  iterate ();
  g_assert_cmpuint (item (f, 1)->count, ==, 4);
  g_assert_true (rig_document_get_dirty (f->document));
  g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), "4 × "));
  g_assert_true (rig_document_undo (f->document));
  g_assert_cmpuint (item (f, 1)->count, ==, 2);
}

/* A price that is not a number is refused, said, and changes nothing. */
static void
test_bad_price (Fixture       *f,
                gconstpointer  data)
{
  RigPartRow *row = row_at (f, 0);
  g_autoptr(GPtrArray) entries = NULL;
  AdwEntryRow *price;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  entries = find_all (GTK_WIDGET (row), ADW_TYPE_ENTRY_ROW);
  price = g_ptr_array_index (entries, 0);

  gtk_editable_set_text (GTK_EDITABLE (price), "cheap");
  g_signal_emit_by_name (price, "apply");
  g_assert_nonnull (f->message);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (price), "error"));
  g_assert_false (item (f, 1)->has_price);
  g_assert_false (rig_document_can_undo (f->document));

  gtk_editable_set_text (GTK_EDITABLE (price), "700");
  g_signal_emit_by_name (price, "apply");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (price), "error"));
  g_assert_true (item (f, 1)->has_price);
  g_assert_cmpint (item (f, 1)->price_minor, ==, 70000);
}

/* Remove and move rebuild the rows from the document; Change… asks for a part of the kind. */
static void
test_remove_move_change (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *down;
  g_autoptr(GPtrArray) buttons = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row_at (f, 0)), TRUE);
  down = button_labelled (GTK_WIDGET (row_at (f, 0)), "Move Down");
  g_assert_nonnull (down);
  g_signal_emit_by_name (down, "clicked");
  iterate ();
  g_assert_cmpstr (item (f, 1)->part_id, ==, "nvidia-rtx-4090");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row_at (f, 0))), ==,
                   "NVIDIA GeForce RTX 4090");

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row_at (f, 2)), TRUE);
  buttons = find_all (GTK_WIDGET (row_at (f, 2)), GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), "_Change…") == 0)
      g_signal_emit_by_name (g_ptr_array_index (buttons, i), "clicked");
  g_assert_cmpint (f->change_index, ==, 0);
  g_assert_cmpint (f->change_kind, ==, RIG_PART_CPU);

  g_signal_emit_by_name (button_labelled (GTK_WIDGET (row_at (f, 2)), "Remove"), "clicked");
  iterate ();
  g_assert_cmpuint (rig_document_get_build (f->document)->items->len, ==, 2);
  rows = find_all (GTK_WIDGET (f->list), RIG_TYPE_PART_ROW);
  g_assert_cmpuint (rows->len, ==, 2);
}

static void
on_build_chosen (RigLibraryDialog *dialog,
                 gint64            id,
                 gint64           *chosen)
{
  *chosen = id;
}

/* Every saved build is a row, newest first; activating one says which and closes. */
static void
test_library_dialog (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "library.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = rig_library_new (path, &error);
  g_autoptr(RigBuild) first = rig_build_new ("First");
  g_autoptr(RigBuild) second = rig_build_new ("Second");
  g_autoptr(GPtrArray) rows = NULL;
  RigLibraryDialog *dialog;
  gint64 id_first, chosen = 0;

  g_assert_no_error (error);
  dialog = rig_library_dialog_new (NULL, library, &error);
  g_assert_no_error (error);
  rows = find_all (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW);
  g_assert_cmpuint (rows->len, ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_pointer (&rows, g_ptr_array_unref);

  id_first = rig_library_save_build (library, 0, first, &error);
  g_assert_cmpint (rig_library_save_build (library, 0, second, &error), >, 0);
  g_assert_no_error (error);
  dialog = rig_library_dialog_new (NULL, library, &error);
  g_signal_connect (dialog, "build-chosen", G_CALLBACK (on_build_chosen), &chosen);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate ();
  rows = find_all (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), "First"))
      g_signal_emit_by_name (gtk_widget_get_parent (g_ptr_array_index (rows, i)), "row-activated",
                             g_ptr_array_index (rows, i));
  g_assert_cmpint (chosen, ==, id_first);
  iterate ();
}

static void
wait_idle_panel (RigCapacityPanel *panel)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (rig_capacity_panel_get_busy (panel) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (rig_capacity_panel_get_busy (panel));
}

static AdwPreferencesRow *
row_titled (GtkWidget  *root,
            const char *title)
{
  g_autoptr(GPtrArray) rows = find_all (root, ADW_TYPE_PREFERENCES_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title))
      return g_ptr_array_index (rows, i);
  return NULL;
}

/* What a pair of 24 GB cards runs: the 70B of Llama 3.1; asked for more speed than they give,
 * it is too large, and the panel says so. */
static void
test_capacity_panel (void)
{
  RigCapacityPanel *panel = g_object_new (RIG_TYPE_CAPACITY_PANEL, NULL);
  GtkWidget *window = gtk_window_new ();
  g_autoptr(RigBuild) build = rig_build_new ("pair");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) spins = NULL;
  RigDeviceSet devices;
  AdwPreferencesRow *too_large;

  rig_build_add_part (build, "nvidia-rtx-3090", 2);
  g_assert_true (rig_catalog_resolve_build (catalog, build, &error));
  rig_device_set_from_build (build, &devices);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (panel));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));

  rig_capacity_panel_set_catalog (panel, catalog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
  rig_capacity_panel_set_devices (panel, &devices);
  g_assert_true (rig_capacity_panel_get_busy (panel));
  wait_idle_panel (panel);
  g_assert_nonnull (row_titled (GTK_WIDGET (panel), "Llama 3.1 70B"));

  spins = find_all (GTK_WIDGET (panel), GTK_TYPE_SPIN_BUTTON);
  gtk_spin_button_set_value (g_ptr_array_index (spins, 0), 1000);
  wait_idle_panel (panel);
  g_assert_null (row_titled (GTK_WIDGET (panel), "Llama 3.1 70B"));
  too_large = row_titled (GTK_WIDGET (panel), "Too large at this speed");
  g_assert_nonnull (too_large);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (too_large)), "llama-3.1"));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

#define ADD(name, func) \
  g_test_add ("/gui/parts/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  rig_register_resource ();
  catalog = rig_catalog_new (rig_test_catalog_path (), &error);
  g_assert_no_error (error);
  ADD ("grouped-by-kind", test_grouped_by_kind);
  ADD ("editor-built-when-opened", test_editor_built_when_opened);
  ADD ("count-edits-document", test_count_edits_document);
  ADD ("bad-price", test_bad_price);
  ADD ("remove-move-change", test_remove_move_change);
  g_test_add_func ("/gui/library-dialog/choose", test_library_dialog);
  g_test_add_func ("/gui/capacity-panel/pair", test_capacity_panel);
  status = g_test_run ();
  g_clear_object (&catalog);
  return status;
}
