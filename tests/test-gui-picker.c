/* test-gui-picker.c: the part picker searches, filters and sorts the catalog as you type
 *
 * Runs under Xvfb and a D-Bus session (suite "gui"), on the bundled catalog (RIGPLAN_CATALOG).
 * RIGPLAN_SCREENSHOT=FILE.png saves a picture of the GPU picker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "rig-catalog-model.h"
#include "rig-part-picker.h"
#include "rig-resources.h"
#include "rig-test-util.h"

typedef struct
{
  guint     calls;
  gboolean  destroyed;
  char     *chosen;
} Recorder;

static char *
impact_cb (const RigPart *candidate,
           gpointer       user_data)
{
  Recorder *recorder = user_data;

  recorder->calls++;
  return g_strdup_printf ("impact of %s", candidate->id);
}

static void
impact_destroyed_cb (gpointer user_data)
{
  ((Recorder *) user_data)->destroyed = TRUE;
}

static void
part_chosen_cb (RigPartPicker *picker,
                const char    *part_id,
                Recorder      *recorder)
{
  g_free (recorder->chosen);
  recorder->chosen = g_strdup (part_id);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds. */
static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the main loop until @model has @n items or 5 s pass (the search waits for typing
 * to pause before it runs). */
static void
wait_for_n_items (GListModel *model,
                  guint       n)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_list_model_get_n_items (model) != n && g_get_monotonic_time () < deadline)
    run_for (20);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
}

static GtkWidget *
find_by_id (GtkWidget  *root,
            const char *id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), id) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_id (child, id);
      if (found)
        return found;
    }
  return NULL;
}

/* A shown cell whose text is @text. */
static GtkWidget *
find_inscription (GtkWidget  *root,
                  const char *text)
{
  if (GTK_IS_INSCRIPTION (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_inscription (child, text);
      if (found)
        return found;
    }
  return NULL;
}

static guint
count_inscriptions_with_prefix (GtkWidget  *root,
                                const char *prefix)
{
  guint n = 0;

  if (GTK_IS_INSCRIPTION (root) && gtk_widget_get_mapped (root) &&
      g_str_has_prefix (gtk_inscription_get_text (GTK_INSCRIPTION (root)) ?: "", prefix))
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    n += count_inscriptions_with_prefix (child, prefix);
  return n;
}

static GPtrArray *
expected_ids (RigCatalog     *catalog,
              const char     *text,
              RigCatalogSort  sort)
{
  g_autoptr(GError) error = NULL;
  RigCatalogQuery query;
  GPtrArray *ids;

  rig_catalog_query_init (&query);
  query.kind = RIG_PART_GPU;
  query.text = text;
  query.sort = sort;
  ids = rig_catalog_query_ids (catalog, &query, &error);
  g_assert_no_error (error);
  return ids;
}

static RigPartObject *
row (GListModel *model,
     guint       i)
{
  RigPartObject *item = g_list_model_get_item (model, i);

  g_assert_true (RIG_IS_PART_OBJECT (item));
  g_object_unref (item);      /* the model keeps recent items alive */
  return item;
}

static void
assert_has_label (GtkWidget *widget)
{
  g_assert_nonnull (widget);
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
test_gpu_picker (void)
{
  g_autofree char *path = rig_catalog_default_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = rig_catalog_new (path, &error);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) found = NULL;
  GtkWindow *parent = GTK_WINDOW (gtk_window_new ());
  Recorder recorder = { 0 };
  RigPartPicker *picker;
  GtkWidget *search, *min_spin, *price_spin, *vendor_dropdown;
  GtkColumnView *view;
  GListModel *rows, *columns;
  g_autoptr(GtkColumnViewColumn) spec_column = NULL;
  g_autoptr(GtkColumnViewColumn) price_column = NULL;
  GtkStringList *vendors;
  guint n, calls_before, amd = GTK_INVALID_LIST_POSITION;
  double last;

  g_assert_no_error (error);
  gtk_window_present (parent);

  picker = rig_part_picker_new (parent, catalog, RIG_PART_GPU);
  g_object_add_weak_pointer (G_OBJECT (picker), (gpointer *) &picker);
  rig_part_picker_set_impact_func (picker, impact_cb, &recorder, impact_destroyed_cb);
  g_signal_connect (picker, "part-chosen", G_CALLBACK (part_chosen_cb), &recorder);
  gtk_window_present (GTK_WINDOW (picker));
  run_for (300);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (picker)), ==, "Choose a GPU");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (picker)) == parent);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (picker)));

  search = find_by_id (GTK_WIDGET (picker), "search_entry");
  /* Typing goes to the search at once: the focus is in it, not on Cancel. */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (picker));

    g_assert_nonnull (focus);
    g_assert_true (focus == search || gtk_widget_is_ancestor (focus, search));
  }
  min_spin = find_by_id (GTK_WIDGET (picker), "min_spec_spin");
  price_spin = find_by_id (GTK_WIDGET (picker), "max_price_spin");
  vendor_dropdown = find_by_id (GTK_WIDGET (picker), "vendor_dropdown");
  view = GTK_COLUMN_VIEW (find_by_id (GTK_WIDGET (picker), "column_view"));
  g_assert_true (GTK_IS_SEARCH_ENTRY (search));
  g_assert_true (GTK_IS_SPIN_BUTTON (min_spin) && GTK_IS_SPIN_BUTTON (price_spin));
  g_assert_true (GTK_IS_DROP_DOWN (vendor_dropdown));
  g_assert_true (GTK_IS_COLUMN_VIEW (view));
  assert_has_label (search);
  assert_has_label (min_spin);
  assert_has_label (price_spin);
  assert_has_label (vendor_dropdown);
  assert_has_label (GTK_WIDGET (view));

  /* Name, vendor, GPU memory, what decides whether a card fits (length, thickness, power
   * connectors), price and impact. */
  columns = gtk_column_view_get_columns (view);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 8);
  spec_column = g_list_model_get_item (columns, 2);
  price_column = g_list_model_get_item (columns, 6);
  {
    g_autoptr(GtkColumnViewColumn) length = g_list_model_get_item (columns, 3);
    g_autoptr(GtkColumnViewColumn) power = g_list_model_get_item (columns, 5);

    g_assert_cmpstr (gtk_column_view_column_get_title (length), ==, "Length (mm)");
    g_assert_cmpstr (gtk_column_view_column_get_title (power), ==, "Power");
  }
  g_assert_cmpstr (gtk_column_view_column_get_title (spec_column), ==, "Memory (GiB)");
  g_assert_cmpstr (gtk_column_view_column_get_title (price_column), ==, "Price (USD)");

  /* Every GPU, by name. The impact is worked out when a row is bound, once per row: GTK 4.8
   * binds a couple of hundred rows around the visible ones, so with this catalog that is all. */
  rows = G_LIST_MODEL (gtk_column_view_get_model (view));
  all = expected_ids (catalog, NULL, RIG_CATALOG_SORT_NAME);
  g_assert_cmpuint (all->len, >, 40);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, all->len);
  for (guint i = 0; i < all->len; i++)
    g_assert_cmpstr (rig_part_object_get_id (row (rows, i)), ==, g_ptr_array_index (all, i));
  g_assert_cmpuint (recorder.calls, >, 0);
  g_assert_cmpuint (recorder.calls, <=, all->len);
  g_assert_cmpuint (count_inscriptions_with_prefix (GTK_WIDGET (view), "impact of "), >, 0);

  if (g_getenv ("RIGPLAN_SCREENSHOT"))
    save_screenshot (GTK_WIDGET (picker), g_getenv ("RIGPLAN_SCREENSHOT"));

  /* Typing searches once the typing pauses. */
  calls_before = recorder.calls;
  gtk_editable_set_text (GTK_EDITABLE (search), "4090");
  found = expected_ids (catalog, "4090", RIG_CATALOG_SORT_NAME);
  g_assert_cmpuint (found->len, >=, 1);
  wait_for_n_items (rows, found->len);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpstr (rig_part_object_get_id (row (rows, i)), ==, g_ptr_array_index (found, i));
  g_assert_true (g_ptr_array_find_with_equal_func (found, "nvidia-rtx-4090", g_str_equal, NULL));
  run_for (100);
  g_assert_cmpuint (recorder.calls, >, calls_before);
  g_assert_nonnull (find_inscription (GTK_WIDGET (view), "NVIDIA GeForce RTX 4090"));
  g_assert_nonnull (find_inscription (GTK_WIDGET (view), "impact of nvidia-rtx-4090"));
  {
    /* In the locale's digits, as the cell formats it. */
    g_autofree char *price = g_strdup_printf ("%'.2f", 1599.0);
    g_assert_nonnull (find_inscription (GTK_WIDGET (view), price));
  }

  /* At least 48 GiB of memory. */
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  wait_for_n_items (rows, all->len);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (min_spin), 48);
  n = g_list_model_get_n_items (rows);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, all->len);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat (rig_part_object_get_part (row (rows, i))->gpu.memory_gib, >=, 48);

  /* Sorting by the price column sorts in the catalog; unpriced cards come last. */
  gtk_column_view_sort_by_column (view, price_column, GTK_SORT_ASCENDING);
  last = -1;
  for (guint i = 0; i < n; i++)
    {
      double price = rig_part_object_get_price (row (rows, i));

      if (isnan (last))
        g_assert_true (isnan (price));
      else if (!isnan (price))
        g_assert_cmpfloat (price, >=, last);
      last = price;
    }
  g_assert_false (isnan (rig_part_object_get_price (row (rows, 0))));
  gtk_column_view_sort_by_column (view, price_column, GTK_SORT_DESCENDING);
  g_assert_cmpfloat (rig_part_object_get_price (row (rows, 0)), >=,
                     rig_part_object_get_price (row (rows, 1)));
  gtk_column_view_sort_by_column (view, spec_column, GTK_SORT_DESCENDING);
  g_assert_cmpfloat (rig_part_object_get_part (row (rows, 0))->gpu.memory_gib, >=,
                     rig_part_object_get_part (row (rows, n - 1))->gpu.memory_gib);

  /* A price limit and a vendor narrow it further. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (price_spin), 5000);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    g_assert_cmpfloat (rig_part_object_get_price (row (rows, i)), <=, 5000);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (price_spin), 0);
  vendors = GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (vendor_dropdown)));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (vendors)); i++)
    if (g_str_equal (gtk_string_list_get_string (vendors, i), "AMD"))
      amd = i;
  g_assert_cmpuint (amd, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (vendor_dropdown), amd);
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    g_assert_cmpstr (rig_part_object_get_vendor (row (rows, i)), ==, "AMD");

  /* Select takes the selected row, then the picker closes and lets go of the impact data. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (rows), 0);
  {
    g_autofree char *expected = g_strdup (rig_part_object_get_id (row (rows, 0)));

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (picker), "picker.select", NULL));
    run_for (100);
    g_assert_cmpstr (recorder.chosen, ==, expected);
  }
  g_assert_null (picker);
  g_assert_true (recorder.destroyed);

  g_free (recorder.chosen);
  gtk_window_destroy (parent);
  run_for (50);
}

static void
test_psu_picker (void)
{
  g_autofree char *path = rig_catalog_default_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = rig_catalog_new (path, &error);
  Recorder recorder = { 0 };
  RigPartPicker *picker;
  GtkColumnView *view;
  g_autoptr(GtkColumnViewColumn) spec_column = NULL;
  g_autoptr(GtkColumnViewColumn) impact_column = NULL;
  GListModel *rows;
  g_autofree char *first = NULL;

  g_assert_no_error (error);
  picker = rig_part_picker_new (NULL, catalog, RIG_PART_PSU);
  g_object_add_weak_pointer (G_OBJECT (picker), (gpointer *) &picker);
  g_signal_connect (picker, "part-chosen", G_CALLBACK (part_chosen_cb), &recorder);
  gtk_window_present (GTK_WINDOW (picker));
  run_for (200);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (picker)), ==, "Choose a Power Supply");
  view = GTK_COLUMN_VIEW (find_by_id (GTK_WIDGET (picker), "column_view"));
  spec_column = g_list_model_get_item (gtk_column_view_get_columns (view), 2);
  impact_column = g_list_model_get_item (gtk_column_view_get_columns (view),
                                         g_list_model_get_n_items (gtk_column_view_get_columns (view)) - 1);
  g_assert_cmpstr (gtk_column_view_column_get_title (spec_column), ==, "Watts");
  g_assert_cmpstr (gtk_column_view_column_get_title (impact_column), ==, "Impact");
  /* Without an impact function there is nothing to show in that column. */
  g_assert_false (gtk_column_view_column_get_visible (impact_column));

  /* Activating a row (double click, Enter) chooses it. */
  rows = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 5);
  first = g_strdup (rig_part_object_get_id (row (rows, 0)));
  g_signal_emit_by_name (view, "activate", 0);
  run_for (50);
  g_assert_cmpstr (recorder.chosen, ==, first);
  g_assert_null (picker);
  g_free (recorder.chosen);
}

/* Accessories are picked like any part; a bridge, whose PCIe generation is not a thing it has,
 * is listed with the cards and adapters that have one. */
/* Does any GtkInscription under @root show exactly @text? */
static gboolean
shows_inscription (GtkWidget  *root,
                   const char *text)
{
  if (GTK_IS_INSCRIPTION (root) && g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (shows_inscription (child, text))
      return TRUE;
  return FALSE;
}

/* Each kind shows the columns that decide whether a part goes with the rest: socket and
 * memory types for processors, in the words people use ("AM5", "DDR5"). */
static void
test_fit_columns (void)
{
  g_autofree char *path = rig_catalog_default_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = rig_catalog_new (path, &error);
  RigPartPicker *picker;
  GListModel *columns;
  g_autoptr(GtkColumnViewColumn) socket = NULL;
  g_autoptr(GtkColumnViewColumn) memory = NULL;

  g_assert_no_error (error);
  picker = rig_part_picker_new (NULL, catalog, RIG_PART_CPU);
  gtk_window_present (GTK_WINDOW (picker));
  run_for (300);
  columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (find_by_id (GTK_WIDGET (picker), "column_view")));
  socket = g_list_model_get_item (columns, 3);
  memory = g_list_model_get_item (columns, 4);
  g_assert_cmpstr (gtk_column_view_column_get_title (socket), ==, "Socket");
  g_assert_cmpstr (gtk_column_view_column_get_title (memory), ==, "Memory");
  g_assert_true (shows_inscription (GTK_WIDGET (picker), "AM5"));
  g_assert_true (shows_inscription (GTK_WIDGET (picker), "DDR5"));
  gtk_window_destroy (GTK_WINDOW (picker));
}

/* Keys from the GPU's own figures, so the order is known: speed by memory bandwidth, price by
 * memory; fit unknown for cards with less than 12 GiB, which sort last either way. */
static void
keys_cb (const RigPart *candidate,
         double         keys[RIG_IMPACT_ORDER_N],
         gpointer       user_data)
{
  keys[RIG_IMPACT_ORDER_FIT] = candidate->gpu.memory_gib >= 12 ? 0 : NAN;
  keys[RIG_IMPACT_ORDER_SPEED] = -candidate->gpu.bandwidth_gbps;
  keys[RIG_IMPACT_ORDER_PROBLEMS] = 0;
  keys[RIG_IMPACT_ORDER_PRICE] = candidate->gpu.memory_gib;
}

/* The Impact column sorts by each of its orders, both ways, and gives the order back to the
 * catalog's columns. */
static void
test_impact_sort (void)
{
  g_autofree char *path = rig_catalog_default_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = rig_catalog_new (path, &error);
  Recorder recorder = { 0 };
  RigPartPicker *picker;
  GtkColumnView *view;
  GListModel *rows;
  guint n;

  g_assert_no_error (error);
  picker = rig_part_picker_new (NULL, catalog, RIG_PART_GPU);
  rig_part_picker_set_impact_func (picker, impact_cb, &recorder, NULL);
  rig_part_picker_set_keys_func (picker, keys_cb, NULL, NULL);
  gtk_window_present (GTK_WINDOW (picker));
  run_for (200);
  view = GTK_COLUMN_VIEW (find_by_id (GTK_WIDGET (picker), "column_view"));
  rows = G_LIST_MODEL (gtk_column_view_get_model (view));
  n = g_list_model_get_n_items (rows);
  g_assert_cmpuint (n, >, 20);

  /* Fastest first. */
  rig_part_picker_sort_by_impact (picker, RIG_IMPACT_ORDER_SPEED, FALSE);
  run_for (50);
  for (guint i = 1; i < n; i++)
    g_assert_cmpfloat (rig_part_object_get_part (row (rows, i - 1))->gpu.bandwidth_gbps, >=,
                       rig_part_object_get_part (row (rows, i))->gpu.bandwidth_gbps);
  /* Slowest first, by the header. */
  rig_part_picker_sort_by_impact (picker, RIG_IMPACT_ORDER_SPEED, TRUE);
  run_for (50);
  for (guint i = 1; i < n; i++)
    g_assert_cmpfloat (rig_part_object_get_part (row (rows, i - 1))->gpu.bandwidth_gbps, <=,
                       rig_part_object_get_part (row (rows, i))->gpu.bandwidth_gbps);
  /* Unknown keys go last both ways. */
  rig_part_picker_sort_by_impact (picker, RIG_IMPACT_ORDER_FIT, TRUE);
  run_for (50);
  g_assert_cmpfloat (rig_part_object_get_part (row (rows, 0))->gpu.memory_gib, >=, 12);
  g_assert_cmpfloat (rig_part_object_get_part (row (rows, n - 1))->gpu.memory_gib, <, 12);
  {
    g_autoptr(GtkColumnViewColumn) impact = g_list_model_get_item (gtk_column_view_get_columns (view),
                                                                   g_list_model_get_n_items (gtk_column_view_get_columns (view)) - 1);
    g_assert_cmpstr (gtk_column_view_column_get_title (impact), ==, "Impact: Fit");
    g_assert_nonnull (gtk_column_view_column_get_header_menu (impact));
  }

  /* By name again: the catalog sorts, A to Z. */
  {
    g_autoptr(GtkColumnViewColumn) name = g_list_model_get_item (gtk_column_view_get_columns (view), 0);

    gtk_column_view_sort_by_column (view, name, GTK_SORT_ASCENDING);
  }
  run_for (100);
  {
    g_autoptr(GPtrArray) all = expected_ids (catalog, NULL, RIG_CATALOG_SORT_NAME);

    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, all->len);
    for (guint i = 0; i < all->len; i++)
      g_assert_cmpstr (rig_part_object_get_id (row (rows, i)), ==, g_ptr_array_index (all, i));
  }
  gtk_window_destroy (GTK_WINDOW (picker));
}

static void
test_accessory_picker (void)
{
  g_autofree char *path = rig_catalog_default_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = rig_catalog_new (path, &error);
  RigPartPicker *picker;
  GtkColumnView *view;
  g_autoptr(GtkColumnViewColumn) spec_column = NULL;
  GListModel *rows;
  gboolean bridge = FALSE, bifurcation = FALSE;

  g_assert_no_error (error);
  picker = rig_part_picker_new (NULL, catalog, RIG_PART_ACCESSORY);
  g_object_add_weak_pointer (G_OBJECT (picker), (gpointer *) &picker);
  gtk_window_present (GTK_WINDOW (picker));
  run_for (200);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (picker)), ==, "Choose an Accessory");
  view = GTK_COLUMN_VIEW (find_by_id (GTK_WIDGET (picker), "column_view"));
  spec_column = g_list_model_get_item (gtk_column_view_get_columns (view), 2);
  g_assert_cmpstr (gtk_column_view_column_get_title (spec_column), ==, "PCIe Generation");
  rows = G_LIST_MODEL (gtk_column_view_get_model (view));
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      const char *id = rig_part_object_get_id (row (rows, i));

      bridge |= g_str_equal (id, "nvidia-rtx-a6000-nvlink-bridge-2-slot");
      bifurcation |= g_str_equal (id, "asus-hyper-m2-x16-gen5");
    }
  g_assert_true (bridge);
  g_assert_true (bifurcation);
  gtk_window_destroy (GTK_WINDOW (picker));
  run_for (50);
  g_assert_null (picker);
}

static void
test_escape_closes (void)
{
  g_autofree char *path = rig_catalog_default_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = rig_catalog_new (path, &error);
  RigPartPicker *picker;
  Recorder recorder = { 0 };
  GtkWidget *search;

  g_assert_no_error (error);
  picker = rig_part_picker_new (NULL, catalog, RIG_PART_CPU);
  g_object_add_weak_pointer (G_OBJECT (picker), (gpointer *) &picker);
  g_signal_connect (picker, "part-chosen", G_CALLBACK (part_chosen_cb), &recorder);
  gtk_window_present (GTK_WINDOW (picker));
  run_for (200);

  /* Escape in the search entry stops the search, which closes the picker without a choice. */
  search = find_by_id (GTK_WIDGET (picker), "search_entry");
  g_signal_emit_by_name (search, "stop-search");
  run_for (50);
  g_assert_null (picker);
  g_assert_null (recorder.chosen);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* RigApplication registers the resources in the app; here there is no application. */
  rig_register_resource ();

  g_test_add_func ("/gui/picker/gpu", test_gpu_picker);
  g_test_add_func ("/gui/picker/psu", test_psu_picker);
  g_test_add_func ("/gui/picker/accessory", test_accessory_picker);
  g_test_add_func ("/gui/picker/fit-columns", test_fit_columns);
  g_test_add_func ("/gui/picker/impact-sort", test_impact_sort);
  g_test_add_func ("/gui/picker/escape", test_escape_closes);

  return g_test_run ();
}
