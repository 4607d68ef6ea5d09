/* test-catalog.c: reading the catalog, search, and the bundled catalog's coverage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <sqlite3.h>

#include "rig-build-file.h"
#include "rig-catalog-compiler.h"
#include "rig-catalog.h"
#include "rig-store-error.h"
#include "rig-test-util.h"

static RigCatalog *
open_fixture_catalog (void)
{
  g_autoptr(GError) error = NULL;
  RigCatalog *catalog = rig_catalog_new (rig_test_catalog_path (), &error);

  g_assert_no_error (error);
  return catalog;
}

static gboolean
has_id (GPtrArray  *parts,
        const char *id)
{
  for (guint i = 0; i < parts->len; i++)
    if (g_str_equal (((RigPart *) g_ptr_array_index (parts, i))->id, id))
      return TRUE;
  return FALSE;
}

static void
test_get_part (void)
{
  g_autoptr(RigCatalog) catalog = open_fixture_catalog ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigPart) gpu = rig_catalog_get_part (catalog, "nvidia-rtx-3090", &error);
  g_autoptr(RigPart) board = NULL;
  g_autoptr(RigPart) missing = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (gpu->kind, ==, RIG_PART_GPU);
  g_assert_cmpfloat (gpu->gpu.memory_gib, ==, 24);
  g_assert_cmpfloat (gpu->gpu.bandwidth_gbps, ==, 936);
  g_assert_cmpint (gpu->gpu.nvlink, ==, 1);
  g_assert_nonnull (gpu->source);
  /* Unknown stays unknown after the round trip through SQLite. */
  g_assert_cmpint (gpu->gpu.used_price_cents, ==, RIG_MONEY_UNKNOWN);

  board = rig_catalog_get_part (catalog, "asus-proart-x670e-creator-wifi", &error);
  g_assert_no_error (error);
  g_assert_cmpint (board->kind, ==, RIG_PART_MOTHERBOARD);
  g_assert_nonnull (strstr (board->motherboard.pcie_slots, "@"));

  missing = rig_catalog_get_part (catalog, "nvidia-rtx-9999", &error);
  g_assert_null (missing);
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nvidia-rtx-9999"));
}

static void
test_search (void)
{
  g_autoptr(RigCatalog) catalog = open_fixture_catalog ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;

  found = rig_catalog_search (catalog, "rtx 4090", -1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((RigPart *) g_ptr_array_index (found, 0))->id, ==, "nvidia-rtx-4090");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Words match as prefixes, across name and vendor, without regard to case. */
  found = rig_catalog_search (catalog, "NVIDIA rt", -1, 0, &error);
  g_assert_no_error (error);
  g_assert_true (has_id (found, "nvidia-rtx-3090"));
  g_assert_true (has_id (found, "nvidia-rtx-4090"));
  g_assert_false (has_id (found, "amd-radeon-rx-7900-xtx"));
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Aliases are searched too. */
  found = rig_catalog_search (catalog, "7950x", -1, 0, &error);
  g_assert_no_error (error);
  g_assert_true (has_id (found, "amd-ryzen-9-7950x"));
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A kind filter. */
  found = rig_catalog_search (catalog, "", RIG_PART_GPU, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 5);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpint (((RigPart *) g_ptr_array_index (found, i))->kind, ==, RIG_PART_GPU);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = rig_catalog_search (catalog, "", -1, 3, &error);
  g_assert_cmpuint (found->len, ==, 3);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = rig_catalog_search (catalog, "nothing-like-this", -1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_search_hostile (void)
{
  g_autoptr(RigCatalog) catalog = open_fixture_catalog ();
  const char *queries[] = {
    "\"", "\"\"\"", "*", "AND", "OR NOT", "NEAR(a b)", "rtx\" OR \"x", "^", "id:x", "'; DROP TABLE parts; --",
    "(", ")", "-", "::", "\xc3\xa9", "rtx\x01",
  };

  /* What a person types never reaches FTS5 as syntax. */
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) found = rig_catalog_search (catalog, queries[i], -1, 0, &error);

      g_assert_no_error (error);
      g_assert_nonnull (found);
    }
  g_assert_cmpuint (rig_catalog_get_n_parts (catalog), ==, 26);
}

static void
test_models_and_quants (void)
{
  g_autoptr(RigCatalog) catalog = open_fixture_catalog ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) models = rig_catalog_list_models (catalog, &error);
  g_autoptr(RigModel) model = NULL;
  g_autoptr(RigQuant) quant = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (models->len, ==, 5);

  model = rig_catalog_get_model (catalog, "llama-3.1-70b", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (model->layers, ==, 80);
  g_assert_cmpfloat (model->kv_heads, ==, 8);
  g_assert_cmpfloat (model->head_dim, ==, 128);

  quant = rig_catalog_get_quant (catalog, "q4_k_m", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (quant->id, ==, "Q4_K_M");
  g_assert_cmpfloat (quant->bits_per_weight, ==, 4.5);
  g_assert_nonnull (strstr (quant->recipe, "attn_v:Q6_K"));
  g_clear_pointer (&quant, rig_quant_free);

  quant = rig_catalog_get_quant (catalog, "Q7_X", &error);
  g_assert_null (quant);
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND);
}

static void
test_resolve (void)
{
  g_autoptr(RigCatalog) catalog = open_fixture_catalog ();
  g_autofree char *path = rig_test_fixture ("dual-3090.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = rig_build_file_load (path, &error);
  RigBuildItem *item;

  g_assert_no_error (error);
  g_assert_true (rig_catalog_resolve_build (catalog, build, &error));
  g_assert_no_error (error);
  item = g_ptr_array_index (build->items, 0);
  g_assert_nonnull (item->part);
  g_assert_cmpstr (item->part->name, ==, "NVIDIA GeForce RTX 3090");
  g_assert_nonnull (((RigWorkload *) g_ptr_array_index (build->workloads, 0))->model);
  g_assert_nonnull (((RigWorkload *) g_ptr_array_index (build->workloads, 0))->quant);

  /* An unknown id names its JSON path. */
  g_free (((RigBuildItem *) g_ptr_array_index (build->items, 1))->part_id);
  ((RigBuildItem *) g_ptr_array_index (build->items, 1))->part_id = g_strdup ("amd-ryzen-9-9999x");
  g_assert_false (rig_catalog_resolve_build (catalog, build, &error));
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "parts[1].id: no part “amd-ryzen-9-9999x”"));
  g_clear_error (&error);

  g_free (((RigBuildItem *) g_ptr_array_index (build->items, 1))->part_id);
  ((RigBuildItem *) g_ptr_array_index (build->items, 1))->part_id = g_strdup ("amd-ryzen-9-7950x");
  g_free (((RigWorkload *) g_ptr_array_index (build->workloads, 0))->model_id);
  ((RigWorkload *) g_ptr_array_index (build->workloads, 0))->model_id = g_strdup ("llama-9");
  g_assert_false (rig_catalog_resolve_build (catalog, build, &error));
  g_assert_true (g_str_has_prefix (error->message, "workloads[0].model: no model “llama-9”"));
}

/* A draft model resolves like the model, at the model's quantization unless it has its own;
 * an unknown one names its JSON path. "mtp" resolves to the model's own prediction modules, or
 * to no draft for a model the catalog records none for. */
static void
test_resolve_draft (void)
{
  g_autoptr(RigCatalog) catalog = open_fixture_catalog ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = rig_build_new ("Draft");
  RigWorkload *w = rig_workload_new ();

  w->model_id = g_strdup ("llama-3.1-70b");
  w->quant_id = g_strdup ("Q8_0");
  w->draft_model_id = g_strdup ("llama-3.1-8b");
  g_ptr_array_add (build->workloads, w);
  g_assert_true (rig_catalog_resolve_build (catalog, build, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (w->draft_model->id, ==, "llama-3.1-8b");
  g_assert_cmpstr (w->draft_quant->id, ==, "Q8_0");
  g_assert_cmpfloat (w->draft_bits[RIG_TENSOR_DEFAULT], ==, w->bits[RIG_TENSOR_DEFAULT]);

  w->draft_quant_id = g_strdup ("Q4_0");
  g_assert_true (rig_catalog_resolve_build (catalog, build, &error));
  g_assert_cmpstr (w->draft_quant->id, ==, "Q4_0");
  g_assert_cmpfloat (w->draft_bits[RIG_TENSOR_DEFAULT], <, w->bits[RIG_TENSOR_DEFAULT]);

  g_free (w->draft_model_id);
  w->draft_model_id = g_strdup ("llama-0.1b");
  g_assert_false (rig_catalog_resolve_build (catalog, build, &error));
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message,
                                   "workloads[0].draft_model: unknown draft model: no model “llama-0.1b”"));
  g_clear_error (&error);

  g_free (w->draft_model_id);
  w->draft_model_id = g_strdup (RIG_DRAFT_MTP);
  g_free (w->draft_quant_id);
  w->draft_quant_id = NULL;
  g_assert_true (rig_catalog_resolve_build (catalog, build, &error));
  g_assert_no_error (error);
  g_assert_null (w->draft_model);

  /* DeepSeek-V3's one module of 14 B: one MoE block of 256 experts of 3 x 7168 x 2048. */
  g_free (w->model_id);
  w->model_id = g_strdup ("deepseek-v3");
  g_assert_true (rig_catalog_resolve_build (catalog, build, &error));
  g_assert_no_error (error);
  g_assert_nonnull (w->draft_model);
  g_assert_cmpstr (w->draft_model->id, ==, "deepseek-v3-mtp");
  g_assert_cmpfloat (w->draft_model->layers, ==, 1);
  g_assert_cmpfloat (w->draft_model->params_b, ==, 14);
  g_assert_cmpfloat (fabs (w->draft_model->expert_params_b - 256.0 * 3 * 7168 * 2048 / 1e9), <, 1e-9);
  g_assert_cmpfloat (w->draft_model->active_params_b, <, 3);
  g_assert_false (RIG_IS_KNOWN (w->draft_model->mtp_layers));
  g_assert_cmpstr (w->draft_quant->id, ==, "Q8_0");
}

static void
test_bad_files (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *missing = g_build_filename (dir, "none.sqlite", NULL);
  g_autofree char *text = g_build_filename (dir, "text.sqlite", NULL);
  g_autofree char *empty_db = g_build_filename (dir, "empty.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = NULL;

  catalog = rig_catalog_new (missing, &error);
  g_assert_null (catalog);
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "none.sqlite"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text, "this is not a database, it is a text file", -1, NULL));
  catalog = rig_catalog_new (text, &error);
  g_assert_null (catalog);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "text.sqlite"));
  g_clear_error (&error);

  /* A valid SQLite file that is not a catalog. */
  g_assert_true (g_file_set_contents (empty_db, "", 0, NULL));
  catalog = rig_catalog_new (empty_db, &error);
  g_assert_null (catalog);
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  /* A catalog of the format before this one (without the models' newer columns) is refused by
   * its format, not read until a query fails on a missing column. */
  {
    g_autofree char *old = g_build_filename (dir, "old.sqlite", NULL);
    g_autofree char *contents = NULL;
    g_autofree char *expected = g_strdup_printf ("catalog format %d, this Rigplan reads format %d",
                                                 RIG_CATALOG_SCHEMA_VERSION - 1, RIG_CATALOG_SCHEMA_VERSION);
    g_autofree char *sql = g_strdup_printf ("UPDATE catalog_meta SET value = '%d' "
                                            "WHERE key = 'schema_version'", RIG_CATALOG_SCHEMA_VERSION - 1);
    gsize length;
    sqlite3 *db;

    g_assert_true (g_file_get_contents (rig_test_catalog_path (), &contents, &length, NULL));
    g_assert_true (g_file_set_contents (old, contents, length, NULL));
    g_assert_cmpint (sqlite3_open (old, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    catalog = rig_catalog_new (old, &error);
    g_assert_null (catalog);
    g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_TOO_NEW);
    g_assert_nonnull (strstr (error->message, expected));
  }
}

/* The catalog that ships: the coverage issue #2 asks for, every row sourced. */
static void
test_bundled_coverage (void)
{
  const char *path = g_getenv ("RIGPLAN_CATALOG");
  g_autoptr(RigCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GPtrArray) quants = NULL;
  static const struct { RigPartKind kind; guint min; } minimum[] = {
    { RIG_PART_GPU, 60 }, { RIG_PART_CPU, 40 }, { RIG_PART_MOTHERBOARD, 30 }, { RIG_PART_PSU, 25 },
    { RIG_PART_CASE, 20 }, { RIG_PART_COOLER, 15 }, { RIG_PART_MEMORY, 20 },
    { RIG_PART_STORAGE, 20 }, { RIG_PART_NIC, 5 }, { RIG_PART_SYSTEM, 20 }, { RIG_PART_ACCESSORY, 5 },
  };
  static const char * const must_have[] = {
    "nvidia-rtx-2080", "nvidia-rtx-3060-12gb", "nvidia-rtx-3070", "nvidia-rtx-3090",
    "nvidia-rtx-3090-ti", "nvidia-rtx-4060-ti-16gb", "nvidia-rtx-4070-ti", "nvidia-rtx-4080",
    "nvidia-rtx-4090", "nvidia-rtx-5080", "nvidia-rtx-5090", "nvidia-rtx-a6000",
    "nvidia-rtx-6000-ada", "nvidia-l40s", "nvidia-tesla-p40", "amd-radeon-rx-7900-xtx",
    "amd-radeon-pro-w7900", "nvidia-dgx-spark", "amd-ryzen-9-7950x",
  };
  static const char * const must_have_models[] = {
    "llama-2-7b", "llama-2-70b", "llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b", "llama-3.2-1b",
    "mistral-7b-v0.1", "mixtral-8x7b", "qwen-2.5-72b", "qwen3-30b-a3b", "gemma-2-9b",
    "deepseek-v3", "gpt-oss-120b", "sdxl-base-1.0", "flux-1-dev", "whisper-large-v3",
  };

  if (path == NULL)
    {
      g_test_fail_printf ("RIGPLAN_CATALOG must name the bundled catalog");
      return;
    }
  catalog = rig_catalog_new (path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (minimum); i++)
    {
      g_autoptr(GPtrArray) parts = rig_catalog_search (catalog, "", minimum[i].kind, 0, &error);

      g_assert_no_error (error);
      if (parts->len < minimum[i].min)
        g_error ("%s: %u parts, at least %u wanted", rig_part_kind_to_string (minimum[i].kind),
                 parts->len, minimum[i].min);
      for (guint k = 0; k < parts->len; k++)
        {
          RigPart *part = g_ptr_array_index (parts, k);
          g_assert_true (part->source != NULL && strstr (part->source, ".") != NULL);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (must_have); i++)
    {
      g_autoptr(RigPart) part = rig_catalog_get_part (catalog, must_have[i], &error);
      g_assert_no_error (error);
    }

  models = rig_catalog_list_models (catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (models->len, >=, 40);
  for (guint i = 0; i < G_N_ELEMENTS (must_have_models); i++)
    {
      g_autoptr(RigModel) model = rig_catalog_get_model (catalog, must_have_models[i], &error);
      g_assert_no_error (error);
    }

  quants = rig_catalog_list_quants (catalog, &error);
  g_assert_no_error (error);
  for (const char * const *q = (const char * const[]) { "Q4_K_M", "Q8_0", "F16", "BF16", "NF4",
                                                        "INT8", "GPTQ-4bit", "AWQ-4bit", "FP8",
                                                        "F32", NULL }; *q; q++)
    {
      g_autoptr(RigQuant) quant = rig_catalog_get_quant (catalog, *q, &error);
      g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/get-part", test_get_part);
  g_test_add_func ("/catalog/search", test_search);
  g_test_add_func ("/catalog/search-hostile", test_search_hostile);
  g_test_add_func ("/catalog/models-and-quants", test_models_and_quants);
  g_test_add_func ("/catalog/resolve", test_resolve);
  g_test_add_func ("/catalog/resolve-draft", test_resolve_draft);
  g_test_add_func ("/catalog/bad-files", test_bad_files);
  g_test_add_func ("/catalog/bundled-coverage", test_bundled_coverage);

  return g_test_run ();
}
