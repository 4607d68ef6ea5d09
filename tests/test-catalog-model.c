/* test-catalog-model.c: RigCatalogModel lists, sorts and filters the catalog lazily
 *
 * The fixture has five GPUs: RTX 3090 (24 GiB, 1,499 USD), RTX 4060 Ti 16GB (16 GiB, 499),
 * RTX 4090 (24 GiB, 1,599) and A100 SXM4 80GB (80 GiB, no price) from NVIDIA, and the Radeon
 * RX 7900 XTX (24 GiB, 999) from AMD.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-catalog-model.h"
#include "rig-test-util.h"

#define RTX3090 "nvidia-rtx-3090"
#define RTX4060 "nvidia-rtx-4060-ti-16gb"
#define RTX4090 "nvidia-rtx-4090"
#define RX7900  "amd-radeon-rx-7900-xtx"
#define A100    "nvidia-a100-sxm4-80gb"

static RigCatalog *
open_fixture_catalog (void)
{
  g_autoptr(GError) error = NULL;
  RigCatalog *catalog = rig_catalog_new (rig_test_catalog_path (), &error);

  g_assert_no_error (error);
  return catalog;
}

/* The model's ids, read through get_item, joined with spaces. */
static char *
model_ids (GListModel *model)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RigPartObject) item = g_list_model_get_item (model, i);

      g_assert_true (RIG_IS_PART_OBJECT (item));
      g_assert_cmpstr (rig_part_object_get_id (item), ==,
                       rig_catalog_model_get_id (RIG_CATALOG_MODEL (model), i));
      g_string_append_printf (out, "%s%s", i ? " " : "", rig_part_object_get_id (item));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define assert_ids(model, expected) \
  G_STMT_START { \
    g_autofree char *_ids = model_ids (G_LIST_MODEL (model)); \
    g_assert_cmpstr (_ids, ==, expected); \
  } G_STMT_END

static void
test_counts (void)
{
  g_autoptr(RigCatalog) catalog = open_fixture_catalog ();
  g_autoptr(RigCatalogModel) all = rig_catalog_model_new (catalog, -1);
  g_autoptr(RigCatalogModel) gpus = rig_catalog_model_new (catalog, RIG_PART_GPU);
  g_autoptr(RigCatalogModel) psus = rig_catalog_model_new (catalog, RIG_PART_PSU);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==,
                    rig_catalog_get_n_parts (catalog));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gpus)), ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (psus)), ==, 2);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (gpus)) == RIG_TYPE_PART_OBJECT);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (gpus), 5));
  g_assert_null (rig_catalog_model_get_id (gpus, 5));
  g_assert_cmpint (rig_catalog_model_get_kind (gpus), ==, RIG_PART_GPU);
  g_assert_true (rig_catalog_model_get_catalog (gpus) == catalog);
}

static void
test_sorts (void)
{
  g_autoptr(RigCatalog) catalog = open_fixture_catalog ();
  g_autoptr(RigCatalogModel) model = rig_catalog_model_new (catalog, RIG_PART_GPU);

  /* By name, without regard to case; ties in the other orders go by name, ascending. */
  assert_ids (model, RX7900 " " A100 " " RTX3090 " " RTX4060 " " RTX4090);
  rig_catalog_model_set_sort (model, RIG_CATALOG_SORT_NAME, TRUE);
  assert_ids (model, RTX4090 " " RTX4060 " " RTX3090 " " A100 " " RX7900);

  /* An unknown price comes last either way. */
  rig_catalog_model_set_sort (model, RIG_CATALOG_SORT_PRICE, FALSE);
  assert_ids (model, RTX4060 " " RX7900 " " RTX3090 " " RTX4090 " " A100);
  rig_catalog_model_set_sort (model, RIG_CATALOG_SORT_PRICE, TRUE);
  assert_ids (model, RTX4090 " " RTX3090 " " RX7900 " " RTX4060 " " A100);

  rig_catalog_model_set_sort (model, RIG_CATALOG_SORT_VENDOR, FALSE);
  assert_ids (model, RX7900 " " A100 " " RTX3090 " " RTX4060 " " RTX4090);
  rig_catalog_model_set_sort (model, RIG_CATALOG_SORT_VENDOR, TRUE);
  assert_ids (model, A100 " " RTX3090 " " RTX4060 " " RTX4090 " " RX7900);

  /* GPU memory; the three 24 GiB cards by name. */
  rig_catalog_model_set_sort (model, RIG_CATALOG_SORT_KEY_SPEC, FALSE);
  assert_ids (model, RTX4060 " " RX7900 " " RTX3090 " " RTX4090 " " A100);
  rig_catalog_model_set_sort (model, RIG_CATALOG_SORT_KEY_SPEC, TRUE);
  assert_ids (model, A100 " " RX7900 " " RTX3090 " " RTX4090 " " RTX4060);
}

static void
test_key_spec_other_kinds (void)
{
  g_autoptr(RigCatalog) catalog = open_fixture_catalog ();
  g_autoptr(RigCatalogModel) memory = rig_catalog_model_new (catalog, RIG_PART_MEMORY);
  g_autoptr(RigCatalogModel) psus = rig_catalog_model_new (catalog, RIG_PART_PSU);
  g_autoptr(RigCatalogModel) all = rig_catalog_model_new (catalog, -1);
  g_autoptr(RigPartObject) kit = NULL;
  g_autoptr(RigPartObject) biggest = NULL;

  /* A memory kit's key spec is its total: 2 × 32 GiB. */
  rig_catalog_model_set_sort (memory, RIG_CATALOG_SORT_KEY_SPEC, TRUE);
  kit = g_list_model_get_item (G_LIST_MODEL (memory), 0);
  g_assert_cmpstr (rig_part_object_get_id (kit), ==, "corsair-vengeance-ddr5-6000-cl30-2x32gb");
  g_assert_cmpfloat (rig_part_object_get_key_spec (kit), ==, 64);
  rig_catalog_model_set_filter_min_spec (memory, 33);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (memory)), ==, 1);

  rig_catalog_model_set_filter_min_spec (psus, 900);
  assert_ids (psus, "corsair-rm1000x");

  /* Across every kind the key spec still means each kind's own column. */
  rig_catalog_model_set_sort (all, RIG_CATALOG_SORT_KEY_SPEC, TRUE);
  biggest = g_list_model_get_item (G_LIST_MODEL (all), 0);
  g_assert_cmpfloat (rig_part_object_get_key_spec (biggest), >=, 1000);
  rig_catalog_model_set_query (all, "rm1000x");
  assert_ids (all, "corsair-rm1000x");
}

static void
test_filters (void)
{
  g_autoptr(RigCatalog) catalog = open_fixture_catalog ();
  g_autoptr(RigCatalogModel) model = rig_catalog_model_new (catalog, RIG_PART_GPU);

  rig_catalog_model_set_filter_min_spec (model, 24);
  assert_ids (model, RX7900 " " A100 " " RTX3090 " " RTX4090);
  rig_catalog_model_set_filter_min_spec (model, 24.5);
  assert_ids (model, A100);
  rig_catalog_model_set_filter_min_spec (model, NAN);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);

  /* The limit is inclusive, and a part without a price is left out. */
  rig_catalog_model_set_filter_max_price (model, 999);
  assert_ids (model, RX7900 " " RTX4060);
  rig_catalog_model_set_filter_max_price (model, 998.99);
  assert_ids (model, RTX4060);
  rig_catalog_model_set_filter_max_price (model, NAN);

  rig_catalog_model_set_filter_vendor (model, "AMD");
  assert_ids (model, RX7900);
  rig_catalog_model_set_filter_vendor (model, "NVIDIA");
  rig_catalog_model_set_filter_min_spec (model, 24);
  rig_catalog_model_set_filter_max_price (model, 1500);
  assert_ids (model, RTX3090);
  rig_catalog_model_set_query (model, "4090");
  assert_ids (model, "");

  /* What the user types is bound, never spliced into the SQL. */
  rig_catalog_model_set_filter_vendor (model, "x' OR 1=1 --");
  rig_catalog_model_set_query (model, "\"; DROP TABLE parts; --");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  rig_catalog_model_set_filter_vendor (model, NULL);
  rig_catalog_model_set_filter_min_spec (model, NAN);
  rig_catalog_model_set_filter_max_price (model, NAN);
  rig_catalog_model_set_query (model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
}

static void
test_queries (void)
{
  g_autoptr(RigCatalog) catalog = open_fixture_catalog ();
  g_autoptr(RigCatalogModel) model = rig_catalog_model_new (catalog, RIG_PART_GPU);

  rig_catalog_model_set_query (model, "4090");
  assert_ids (model, RTX4090);
  /* Words are prefixes, all required, matched in name, vendor, aliases or id. */
  rig_catalog_model_set_query (model, "rtx");
  assert_ids (model, RTX3090 " " RTX4060 " " RTX4090);
  rig_catalog_model_set_query (model, "nvidia rtx 40");
  assert_ids (model, RTX4060 " " RTX4090);
  rig_catalog_model_set_query (model, "ampere 24");
  assert_ids (model, RTX3090);
  rig_catalog_model_set_query (model, "radeon");
  assert_ids (model, RX7900);
  rig_catalog_model_set_query (model, "zzz");
  assert_ids (model, "");
  rig_catalog_model_set_query (model, "  ");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
}

typedef struct
{
  guint n_emissions;
  guint position, removed, added;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->n_emissions++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
}

#define assert_changed(changes, n, pos, rem, add) \
  G_STMT_START { \
    g_assert_cmpuint ((changes).n_emissions, ==, (n)); \
    g_assert_cmpuint ((changes).position, ==, (pos)); \
    g_assert_cmpuint ((changes).removed, ==, (rem)); \
    g_assert_cmpuint ((changes).added, ==, (add)); \
  } G_STMT_END

static void
test_items_changed (void)
{
  g_autoptr(RigCatalog) catalog = open_fixture_catalog ();
  g_autoptr(RigCatalogModel) model = rig_catalog_model_new (catalog, RIG_PART_GPU);
  Changes changes = { 0 };

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  /* Nothing changes: no signal. */
  rig_catalog_model_set_query (model, "");
  rig_catalog_model_set_sort (model, RIG_CATALOG_SORT_NAME, FALSE);
  rig_catalog_model_set_filter_min_spec (model, NAN);
  rig_catalog_model_set_filter_min_spec (model, 8);
  g_assert_cmpuint (changes.n_emissions, ==, 0);

  /* The rows kept at either end are not reported:
   * [7900 A100 3090 4060 4090] → [3090 4060 4090] removes the first two. */
  rig_catalog_model_set_query (model, "rtx");
  assert_changed (changes, 1, 0, 2, 0);
  /* → [4060 4090]: the 3090 goes. */
  rig_catalog_model_set_query (model, "rtx 40");
  assert_changed (changes, 2, 0, 1, 0);
  /* → [4090] */
  rig_catalog_model_set_query (model, "4090");
  assert_changed (changes, 3, 0, 1, 0);
  /* → all five again: four come back before the 4090. */
  rig_catalog_model_set_query (model, NULL);
  assert_changed (changes, 4, 0, 0, 4);
  /* By price, [4060 7900 3090 4090 A100]: both ends differ, so all five are replaced. */
  rig_catalog_model_set_sort (model, RIG_CATALOG_SORT_PRICE, FALSE);
  assert_changed (changes, 5, 0, 5, 5);
  /* [4060 7900 3090 4090 A100] → at most 1,000 USD [4060 7900]: the first two stay. */
  rig_catalog_model_set_filter_max_price (model, 1000);
  assert_changed (changes, 6, 2, 3, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  rig_catalog_model_set_filter_vendor (model, "AMD");
  assert_changed (changes, 7, 0, 1, 0);
  assert_ids (model, RX7900);
}

static void
test_item_identity (void)
{
  g_autoptr(RigCatalog) catalog = open_fixture_catalog ();
  g_autoptr(RigCatalogModel) model = rig_catalog_model_new (catalog, RIG_PART_GPU);
  g_autoptr(RigPartObject) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_autoptr(RigPartObject) again = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_autoptr(RigPartObject) a100 = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_autoptr(RigPartObject) kept = NULL;
  g_autofree char *id = NULL, *name = NULL, *vendor = NULL;
  double price, key_spec;
  int kind;

  g_assert_true (first == again);
  g_assert_cmpstr (rig_part_object_get_id (first), ==, RX7900);
  g_assert_cmpstr (rig_part_object_get_part (first)->id, ==, RX7900);
  g_assert_cmpfloat (rig_part_object_get_part (first)->gpu.memory_gib, ==, 24);

  /* The properties expressions and sorters read. */
  g_object_get (first, "id", &id, "name", &name, "vendor", &vendor, "price", &price,
                "kind", &kind, "key-spec", &key_spec, NULL);
  g_assert_cmpstr (id, ==, RX7900);
  g_assert_cmpstr (name, ==, "AMD Radeon RX 7900 XTX");
  g_assert_cmpstr (vendor, ==, "AMD");
  g_assert_cmpfloat (price, ==, 999.0);
  g_assert_cmpint (kind, ==, RIG_PART_GPU);
  g_assert_cmpfloat (key_spec, ==, 24);
  g_object_get (a100, "price", &price, NULL);
  g_assert_true (isnan (price));

  /* A query that keeps the first rows keeps their objects; the item moved elsewhere is
   * another position now, and an item taken earlier stays valid. */
  rig_catalog_model_set_query (model, "nvidia");
  kept = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (kept != first);
  g_assert_cmpstr (rig_part_object_get_id (kept), ==, A100);
  g_assert_cmpstr (rig_part_object_get_id (first), ==, RX7900);
  g_clear_object (&kept);
  rig_catalog_model_set_filter_max_price (model, 100000);
  kept = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (rig_part_object_get_id (kept), ==, RTX3090);

  /* Items outlive the model. */
  g_clear_object (&model);
  g_assert_cmpstr (rig_part_object_get_id (kept), ==, RTX3090);
  g_assert_finalize_object (g_steal_pointer (&kept));
}

static void
test_query_ids (void)
{
  g_autoptr(RigCatalog) catalog = open_fixture_catalog ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  RigCatalogQuery query;

  rig_catalog_query_init (&query);
  g_assert_cmpint (query.kind, <, 0);
  g_assert_true (isnan (query.min_key_spec) && isnan (query.max_price));
  ids = rig_catalog_query_ids (catalog, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, rig_catalog_get_n_parts (catalog));
  g_clear_pointer (&ids, g_ptr_array_unref);

  query.kind = RIG_PART_GPU;
  query.text = "rtx";
  query.sort = RIG_CATALOG_SORT_PRICE;
  query.descending = TRUE;
  ids = rig_catalog_query_ids (catalog, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, RTX4090);
  g_assert_cmpstr (g_ptr_array_index (ids, 2), ==, RTX4060);
}

static void
test_list_vendors (void)
{
  g_autoptr(RigCatalog) catalog = open_fixture_catalog ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) gpu_vendors = rig_catalog_list_vendors (catalog, RIG_PART_GPU, &error);
  g_auto(GStrv) all_vendors = NULL;
  g_autofree char *joined = NULL;

  g_assert_no_error (error);
  joined = g_strjoinv (",", gpu_vendors);
  g_assert_cmpstr (joined, ==, "AMD,NVIDIA");

  all_vendors = rig_catalog_list_vendors (catalog, -1, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) all_vendors, "Corsair"));
  g_assert_true (g_strv_contains ((const char * const *) all_vendors, "NVIDIA"));
  /* Each once, sorted without regard to case. */
  for (guint i = 1; all_vendors[i]; i++)
    g_assert_cmpint (g_ascii_strcasecmp (all_vendors[i - 1], all_vendors[i]), <, 0);
}

/* The picker's in-memory listing finds what the full-text index finds: the same parts for
 * words, prefixes, several words, case, diacritics and punctuation, over the whole catalog. */
static void
test_listing_matches_fts (void)
{
  static const char * const searches[] = {
    "r", "rt", "rtx", "RTX 40", "4090", "nvid", "geforce rtx", "a100", "a100-80gb", "rx 7900",
    "radeon pro", "h100 sxm", "mac studio", "m2 ultra", "ddr5", "corsair", "Rÿzen", "ryzen 9",
    "epyc", "threadripper", "x670e", "pro ws", "noctua", "nh-d15", "9000", "sn850x", "2tb",
    "connectx", "z", "q", "7", "xyzzy", "\"quoted\"", "a.b", "(rtx)", "gpu",
  };
  g_autofree char *path = rig_catalog_default_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = rig_catalog_new (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    for (int kind = -1; kind < RIG_PART_N_KINDS; kind++)
      {
        g_autoptr(GPtrArray) found = rig_catalog_search (catalog, searches[i], kind, 0, &error);
        g_autoptr(GPtrArray) listed = NULL;
        g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
        RigCatalogQuery query;

        g_assert_no_error (error);
        rig_catalog_query_init (&query);
        query.kind = kind;
        query.text = searches[i];
        listed = rig_catalog_query_ids (catalog, &query, &error);
        g_assert_no_error (error);
        for (guint j = 0; j < listed->len; j++)
          g_hash_table_add (ids, g_ptr_array_index (listed, j));
        if (found->len != listed->len)
          g_test_message ("“%s”, kind %d: the index finds %u, the listing %u", searches[i], kind,
                          found->len, listed->len);
        g_assert_cmpuint (found->len, ==, listed->len);
        for (guint j = 0; j < found->len; j++)
          g_assert_true (g_hash_table_contains (ids, ((RigPart *) g_ptr_array_index (found, j))->id));
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog-model/counts", test_counts);
  g_test_add_func ("/catalog-model/sorts", test_sorts);
  g_test_add_func ("/catalog-model/key-spec-other-kinds", test_key_spec_other_kinds);
  g_test_add_func ("/catalog-model/filters", test_filters);
  g_test_add_func ("/catalog-model/queries", test_queries);
  g_test_add_func ("/catalog-model/items-changed", test_items_changed);
  g_test_add_func ("/catalog-model/item-identity", test_item_identity);
  g_test_add_func ("/catalog-model/query-ids", test_query_ids);
  g_test_add_func ("/catalog-model/list-vendors", test_list_vendors);
  g_test_add_func ("/catalog-model/listing-matches-fts", test_listing_matches_fts);

  return g_test_run ();
}
