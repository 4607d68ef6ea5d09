/* test-cli.c: rigplan-cli's output shape and exit codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rig-build-file.h"
#include "rig-csv.h"
#include "rig-test-http.h"
#include "rig-test-util.h"

#define NOTE "not including: NVIDIA GeForce RTX 3090 (used price unknown), Corsair RM1000x (no price)"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  run->status = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs rigplan-cli against the fixture catalog; @args is NULL-terminated. @run starts zeroed and
 * is reused: its previous output goes. */
static void
run_cli (Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("RIGPLAN_CLI");
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, (char *) "--catalog");
  g_ptr_array_add (argv, (char *) rig_test_catalog_path ());
  va_start (args, first);
  for (const char *a = first; a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  run_clear (run);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                &run->err, &run->status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (run->status, NULL);
  run->status = WIFEXITED (run->status) ? WEXITSTATUS (run->status) : -1;
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_members (JsonObject         *obj,
                const char * const *members)
{
  for (guint i = 0; members[i]; i++)
    if (!json_object_has_member (obj, members[i]))
      g_error ("missing member “%s”", members[i]);
}

/* The first workload of a plan --json. */
static JsonObject *
first_workload (JsonNode *root)
{
  return json_array_get_object_element (json_object_get_array_member (json_node_get_object (root),
                                                                      "workloads"), 0);
}

/* Whether a plan --json has a finding of @code. */
static gboolean
has_finding (JsonNode   *root,
             const char *code)
{
  JsonArray *findings = json_object_get_array_member (json_node_get_object (root), "findings");

  for (guint i = 0; i < json_array_get_length (findings); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (findings, i),
                                                  "code"), code) == 0)
      return TRUE;
  return FALSE;
}

/* plan --json of the build file @text, written as @name in @dir: its parsed output, after a
 * successful run. */
static JsonNode *
plan_json (const char *dir,
           const char *name,
           const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  run_cli (&run, "plan", path, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  return parse (run.out);
}

static void
test_usage (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "catalog search"));
  run_clear (&run);

  run_cli (&run, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown command"));
  run_clear (&run);

  run_cli (&run, "catalog", "search", "--kind", "toaster", "x", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--kind"));
  run_clear (&run);

  run_cli (&run, "plan", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  for (const char * const *cmd = (const char * const[]) { "models", "plan", "export", NULL }; *cmd; cmd++)
    {
      run_cli (&run, *cmd, "--help", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, "Usage:"));
      run_clear (&run);
    }
  run_cli (&run, "catalog", "search", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--kind"));
  run_clear (&run);
  run_cli (&run, "catalog", "show", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
}

static void
test_search_json (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  JsonObject *first;

  run_cli (&run, "catalog", "search", "rtx", "--kind", "gpu", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  first = json_array_get_object_element (array, 0);
  assert_members (first, (const char * const[]) { "id", "kind", "name", "vendor", "price", NULL });
  g_assert_cmpstr (json_object_get_string_member (first, "kind"), ==, "gpu");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      JsonNode *price = json_object_get_member (o, "price");

      if (!JSON_NODE_HOLDS_NULL (price))
        assert_members (json_node_get_object (price),
                        (const char * const[]) { "amount", "currency", NULL });
    }
}

static void
test_show (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj;

  run_cli (&run, "catalog", "show", "nvidia-rtx-4090", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  obj = json_node_get_object (root);
  assert_members (obj, (const char * const[]) { "id", "kind", "memory_gib", "bandwidth_gbps",
                                                "board_power_w", "source", NULL });
  g_assert_cmpint (json_object_get_int_member (obj, "memory_gib"), ==, 24);
  run_clear (&run);

  run_cli (&run, "catalog", "show", "nvidia-rtx-4090", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Memory bandwidth (GB/s)"));
  g_assert_nonnull (strstr (run.out, "1008"));
  run_clear (&run);

  run_cli (&run, "catalog", "show", "nvidia-rtx-9999", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "nvidia-rtx-9999"));
}

static void
test_models_json (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  run_cli (&run, "models", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 5);
  for (guint i = 0; i < json_array_get_length (array); i++)
    assert_members (json_array_get_object_element (array, i),
                    (const char * const[]) { "id", "name", "params_b", "active_params_b", "layers",
                                             "context_max", NULL });
}

/* The count of rows with a value in @column of the fixture catalog's @table.csv, read from the
 * CSV itself. */
static guint
csv_known (const char *table,
           const char *column,
           guint      *rows)
{
  g_autofree char *dir = rig_test_fixture ("catalog");
  g_autofree char *name = g_strconcat (table, ".csv", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  guint col = G_MAXUINT, known = 0;
  gsize length;

  g_assert_true (g_file_get_contents (path, &text, &length, &error));
  records = rig_csv_parse (text, length, &error);
  g_assert_no_error (error);
  for (guint c = 0; ((RigCsvRecord *) g_ptr_array_index (records, 0))->fields[c]; c++)
    if (g_str_equal (((RigCsvRecord *) g_ptr_array_index (records, 0))->fields[c], column))
      col = c;
  g_assert_cmpuint (col, !=, G_MAXUINT);
  for (guint i = 1; i < records->len; i++)
    known += *((RigCsvRecord *) g_ptr_array_index (records, i))->fields[col] != '\0';
  *rows = records->len - 1;
  return known;
}

/* catalog coverage: per kind and column, the rows that have the value, as the CSV says. */
static void
test_catalog_coverage (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *gpu, *columns;
  guint rows, known = csv_known ("gpu", "length_mm", &rows);

  run_cli (&run, "catalog", "coverage", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  gpu = json_object_get_object_member (json_node_get_object (root), "gpu");
  g_assert_cmpint (json_object_get_int_member (gpu, "rows"), ==, rows);
  columns = json_object_get_object_member (gpu, "columns");
  g_assert_cmpint (json_object_get_int_member (columns, "length_mm"), ==, known);
  g_assert_cmpint (json_object_get_int_member (columns, "id"), ==, rows);
  g_assert_true (json_object_has_member (json_node_get_object (root), "models"));

  /* --gaps leaves out what every row has. */
  run_cli (&run, "catalog", "coverage", "--gaps", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "gpu          id "));
  if (known < rows)
    g_assert_nonnull (strstr (run.out, "length_mm"));
  run_cli (&run, "catalog", "coverage", "extra", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

/* capacity: per family the largest model that runs; bad limits are usage errors. */
static void
test_suggest (void)
{
  g_autofree char *request = rig_test_fixture ("request-70b.json");
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *tight = g_build_filename (dir, "tight.json", NULL);
  g_auto(Run) run = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) failed = { 0 };
  g_auto(Run) unmet = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *answers;
  JsonObject *first;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = NULL;
  g_autofree char *build_text = NULL;
  /* The search needs real parts: the bundled catalog, not the fixture one. */
  const char *bundled = g_getenv ("RIGPLAN_CATALOG");

  run_cli (&run, "--catalog", bundled, "suggest", request, "--json", "-n", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  g_assert_true (json_object_get_null_member (json_node_get_object (root), "unmet") ||
                 !json_object_has_member (json_node_get_object (root), "unmet"));
  answers = json_object_get_array_member (json_node_get_object (root), "answers");
  g_assert_cmpuint (json_array_get_length (answers), >=, 1);
  g_assert_cmpuint (json_array_get_length (answers), <=, 3);
  first = json_array_get_object_element (answers, 0);
  assert_members (first, (const char * const[]) { "label", "family", "price", "decode_tokens_per_s",
                                                  "errors", "warnings", "wall_watts", "why",
                                                  "workloads", "build", NULL });
  g_assert_cmpint (json_object_get_int_member (first, "errors"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (first, "decode_tokens_per_s"), >=, 15);
  /* Each answer is a build file that opens as one. */
  build_text = json_to_string (json_object_get_member (first, "build"), FALSE);
  build = rig_build_from_json (build_text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (build->items->len, >=, 1);

  run_cli (&text, "--catalog", bundled, "suggest", request, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Cheapest: "));
  g_assert_nonnull (strstr (text.out, "is the cheapest way to run"));
  /* Each answer says how old the catalog prices it was ranked by are. */
  g_assert_nonnull (strstr (text.out, "\n    catalog prices from "));

  /* Bad input names the file and the place. */
  g_file_set_contents (bad, "{ \"format\": \"rigplan-request\", \"version\": 1, \"workloads\": "
                       "[ { \"model\": \"no-such-model\" } ] }", -1, NULL);
  run_cli (&failed, "--catalog", bundled, "suggest", bad, NULL);
  g_assert_cmpint (failed.status, ==, 1);
  g_assert_nonnull (strstr (failed.err, "bad.json: workloads[0].model"));

  /* A part to exclude that the catalog does not have is a typo, not a wish. */
  {
    g_auto(Run) typo = { 0 };

    g_file_set_contents (bad, "{ \"format\": \"rigplan-request\", \"version\": 1, \"workloads\": "
                         "[ { \"model\": \"llama-3.1-8b\" } ], \"exclude\": [\"nvidia-rtx-40900\"] }",
                         -1, NULL);
    run_cli (&typo, "--catalog", bundled, "suggest", bad, NULL);
    g_assert_cmpint (typo.status, ==, 1);
    g_assert_nonnull (strstr (typo.err, "exclude[0]: no part “nvidia-rtx-40900”"));
  }

  /* A request nothing meets says which constraint, and by how much. */
  g_file_set_contents (tight, "{ \"format\": \"rigplan-request\", \"version\": 1, \"workloads\": "
                       "[ { \"model\": \"llama-3.1-8b\", \"quant\": \"Q4_K_M\" } ], "
                       "\"budget\": 100 }", -1, NULL);
  run_cli (&unmet, "--catalog", bundled, "suggest", tight, NULL);
  g_assert_cmpint (unmet.status, ==, 0);
  g_assert_nonnull (strstr (unmet.out, "Over budget: "));
  g_assert_nonnull (strstr (unmet.out, "more than the budget of 100.00 USD"));
  {
    g_auto(Run) unmet_json = { 0 };
    g_autoptr(JsonNode) node = NULL;
    JsonObject *needed;

    run_cli (&unmet_json, "--catalog", bundled, "suggest", tight, "--json", NULL);
    g_assert_cmpint (unmet_json.status, ==, 0);
    node = parse (unmet_json.out);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (node),
                                                                           "answers")), ==, 0);
    needed = json_object_get_object_member (json_node_get_object (node), "needed_budget");
    g_assert_nonnull (needed);
    g_assert_cmpfloat (json_object_get_double_member (needed, "amount"), >, 100);
    g_assert_cmpstr (json_object_get_string_member (needed, "currency"), ==, "USD");
  }
}

static void
test_capacity (void)
{
  g_autofree char *build = rig_test_fixture ("dual-3090.json");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *families;
  gboolean llama = FALSE;

  run_cli (&run, "capacity", build, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (root), "min_tokens_per_s"), ==, 10);
  families = json_object_get_array_member (json_node_get_object (root), "families");
  for (guint i = 0; i < json_array_get_length (families); i++)
    {
      JsonObject *f = json_array_get_object_element (families, i);

      assert_members (f, (const char * const[]) { "family", "model", "quant", "context",
                                                  "decode_tokens_per_s", "fit", NULL });
      if (g_str_equal (json_object_get_string_member (f, "family"), "llama-3.1"))
        {
          llama = TRUE;
          g_assert_cmpstr (json_object_get_string_member (f, "model"), ==, "llama-3.1-70b");
          g_assert_cmpstr (json_object_get_string_member (f, "fit"), ==, "gpu");
          g_assert_cmpint (json_object_get_int_member (f, "context"), >=, 4096);
        }
    }
  g_assert_true (llama);

  run_cli (&run, "capacity", build, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Llama 3.1 70B"));
  run_cli (&run, "capacity", build, "--min-tps", "0", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (&run, "capacity", build, "--min-context", "10", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (&run, "capacity", "/nonexistent.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
}

/* The total names what it leaves out, in text and in JSON. */
static void
test_plan_unpriced (void)
{
  g_autofree char *build = rig_test_fixture ("unpriced.json");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *cost, *part;
  JsonArray *unpriced;

  run_cli (&run, "plan", build, NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* and how old the catalog price it counts is (the Ryzen 9 7950X's date in the catalog). */
  g_assert_nonnull (strstr (run.out, "Total         699.00 USD — " NOTE "; a catalog price of "));
  g_assert_nonnull (strstr (run.out, "2 × NVIDIA GeForce RTX 3090 (used)  used price unknown\n"));
  run_clear (&run);

  run_cli (&run, "plan", build, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  cost = json_object_get_object_member (json_node_get_object (root), "cost");
  g_assert_cmpint (json_object_get_int_member (cost, "parts_unpriced"), ==, 2);
  unpriced = json_object_get_array_member (cost, "unpriced");
  g_assert_cmpuint (json_array_get_length (unpriced), ==, 2);
  part = json_array_get_object_element (unpriced, 0);
  g_assert_cmpstr (json_object_get_string_member (part, "part"), ==, "nvidia-rtx-3090");
  g_assert_cmpstr (json_object_get_string_member (part, "reason"), ==, "used-price-unknown");
  part = json_array_get_object_element (unpriced, 1);
  g_assert_cmpstr (json_object_get_string_member (part, "part"), ==, "corsair-rm1000x");
  g_assert_cmpstr (json_object_get_string_member (part, "name"), ==, "Corsair RM1000x");
  g_assert_cmpstr (json_object_get_string_member (part, "reason"), ==, "no-price");
  part = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root),
                                                                      "parts"), 0);
  g_assert_true (json_object_get_null_member (part, "unit_price"));
  g_assert_cmpstr (json_object_get_string_member (part, "unpriced"), ==, "used-price-unknown");
  part = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root),
                                                                      "parts"), 1);
  g_assert_true (json_object_get_null_member (part, "unpriced"));
}

static void
test_plan_json (void)
{
  g_autofree char *build = rig_test_fixture ("dual-3090.json");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj, *cost, *total, *part;

  run_cli (&run, "plan", build, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  obj = json_node_get_object (root);
  assert_members (obj, (const char * const[]) { "parts", "cost", "power", "pcie", "thermal",
                                                "workloads", "findings", "not_checked", NULL });
  assert_members (json_object_get_object_member (obj, "power"),
                  (const char * const[]) { "sustained_w", "peak_w", "psu_w", "wall_w", "circuit_w", NULL });
  assert_members (json_object_get_object_member (obj, "thermal"),
                  (const char * const[]) { "heat_w", "heat_btu_per_h", NULL });
  {
    JsonObject *pcie = json_object_get_object_member (obj, "pcie");
    JsonArray *devices = json_object_get_array_member (pcie, "devices");

    /* Two RTX 3090s on the ProArt board: both find a slot. */
    g_assert_cmpuint (json_array_get_length (devices), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        JsonObject *d = json_array_get_object_element (devices, i);
        assert_members (d, (const char * const[]) { "part", "slot", "lanes", "gen", "gbps", NULL });
        g_assert_false (json_object_get_null_member (d, "slot"));
      }
    /* 2 x 350 W + the 7950X's 230 W package power on the US 15 A default. */
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (obj, "power"),
                                                 "sustained_w"), >=, 930);
  }
  assert_members (json_object_get_object_member (obj, "cost"),
                  (const char * const[]) { "total", "per_gib_gpu_memory", "electricity_per_year",
                                           "tco", "breakeven_months", "sensitivity", NULL });

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "parts")), ==, 3);
  part = json_array_get_object_element (json_object_get_array_member (obj, "parts"), 0);
  assert_members (part, (const char * const[]) { "id", "kind", "name", "count", "condition", NULL });
  g_assert_cmpint (json_object_get_int_member (part, "count"), ==, 2);

  cost = json_object_get_object_member (obj, "cost");
  total = json_object_get_object_member (cost, "total");
  g_assert_cmpstr (json_object_get_string_member (total, "currency"), ==, "USD");
  /* 2 × 750 (override) + the 7950X's and the board's catalog prices */
  g_assert_cmpfloat (json_object_get_double_member (total, "amount"), >, 1500);

  {
    JsonArray *workloads = json_object_get_array_member (obj, "workloads");
    JsonObject *w = json_array_get_object_element (workloads, 0);

    JsonObject *memory;
    JsonArray *devices;

    assert_members (w, (const char * const[]) { "model", "quant", "mode", "context", "batch", "fit",
                                                "memory", "devices", "decode_tokens_per_s",
                                                "decode_tokens_per_s_start", "decode_tokens_per_s_end",
                                                "decode_bound", "prefill_tokens_per_s",
                                                "prefill_bound", "load_seconds", NULL });
    g_assert_cmpstr (json_object_get_string_member (w, "model"), ==, "llama-3.1-70b");
    /* 70B at Q4_K_M (about 40 GiB) with 8K of context fits two 24 GB cards. */
    g_assert_cmpstr (json_object_get_string_member (w, "fit"), ==, "gpu");
    memory = json_object_get_object_member (w, "memory");
    assert_members (memory, (const char * const[]) { "weights_bytes", "kv_cache_bytes",
                                                     "activations_bytes", "gradients_bytes",
                                                     "optimizer_bytes", "overhead_bytes",
                                                     "total_bytes", NULL });
    g_assert_cmpint (json_object_get_int_member (memory, "kv_cache_bytes"), ==, 8192LL * 327680);
    {
      /* Each term by name, adding up to the total. */
      JsonObject *terms = json_object_get_object_member (memory, "terms");
      g_autoptr(GList) names = json_object_get_members (terms);
      gint64 sum = 0;

      assert_members (terms, (const char * const[]) { "weights_bytes", "kv_cache_bytes",
                                                      "compute_buffer_bytes", "runtime_context_bytes",
                                                      "allocator_reserve_bytes", "logits_bytes", NULL });
      g_assert_cmpint (json_object_get_int_member (terms, "compute_buffer_bytes"), >, 0);
      for (GList *m = names; m; m = m->next)
        sum += json_object_get_int_member (terms, m->data);
      g_assert_cmpint (sum, ==, json_object_get_int_member (memory, "total_bytes"));
    }
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (w, "suggestions")), ==, 0);
    devices = json_object_get_array_member (w, "devices");
    g_assert_cmpuint (json_array_get_length (devices), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        JsonObject *dev = json_array_get_object_element (devices, i);
        assert_members (dev, (const char * const[]) { "device", "used_bytes", "capacity_bytes", NULL });
        g_assert_cmpint (json_object_get_int_member (dev, "used_bytes"), <=,
                         json_object_get_int_member (dev, "capacity_bytes"));
      }
    g_assert_cmpfloat (json_object_get_double_member (w, "decode_tokens_per_s"), >, 5);
    /* Decode slows as the 8K context fills; reading the weights from both cards bounds it. */
    g_assert_cmpfloat (json_object_get_double_member (w, "decode_tokens_per_s_start"), >,
                       json_object_get_double_member (w, "decode_tokens_per_s_end"));
    g_assert_cmpstr (json_object_get_string_member (w, "decode_bound"), ==, "bandwidth");
    g_assert_cmpstr (json_object_get_string_member (w, "prefill_bound"), ==, "compute");
    /* No drive in the build: the load time is unknown, said as null. */
    g_assert_true (json_object_get_null_member (w, "load_seconds"));
  }
  {
    JsonArray *not_checked = json_object_get_array_member (obj, "not_checked");

    g_assert_cmpuint (json_array_get_length (not_checked), >, 0);
    assert_members (json_array_get_object_element (not_checked, 0),
                    (const char * const[]) { "area", "what", NULL });
  }
}

/* Accessories from the real catalog: --kind finds them, and a plan places a third card in an M.2
 * slot through an adapter and says why the 4-slot bridge does not join cards 3 slots apart. */
static void
test_accessory (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "accessory.json", NULL);
  g_auto(Run) search = { 0 };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array, *devices;
  gboolean via = FALSE;

  run_cli (&search, "catalog", "search", "nvlink", "--kind", "accessory", "--json", NULL);
  g_assert_cmpint (search.status, ==, 0);
  found = parse (search.out);
  array = json_node_get_array (found);
  g_assert_cmpuint (json_array_get_length (array), >=, 3);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, i), "kind"),
                     ==, "accessory");

  g_assert_true (g_file_set_contents (path, "{\"format\": \"rigplan-build\", \"version\": 1, "
                                      "\"parts\": [ {\"id\": \"nvidia-rtx-3090\", \"count\": 3}, "
                                      "{\"id\": \"asus-proart-x670e-creator-wifi\", \"count\": 1}, "
                                      "{\"id\": \"nvidia-geforce-rtx-3090-nvlink-bridge-4-slot\", \"count\": 1}, "
                                      "{\"id\": \"adt-link-m2-to-pcie-4-0-adapter\", \"count\": 1} ]}",
                                      -1, NULL));
  run_cli (&run, "plan", path, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  devices = json_object_get_array_member (json_object_get_object_member (json_node_get_object (root),
                                                                         "pcie"), "devices");
  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *d = json_array_get_object_element (devices, i);

      if (!json_object_get_null_member (d, "via"))
        {
          g_assert_cmpstr (json_object_get_string_member (d, "via"), ==, "adt-link-m2-to-pcie-4-0-adapter");
          g_assert_cmpint (json_object_get_int_member (d, "lanes"), ==, 4);
          via = TRUE;
        }
    }
  g_assert_true (via);
  g_assert_true (has_finding (root, "compat.nvlink-spacing"));
}

/* transformers: the share of a full-context decode step its cache copies take, and the finding
 * that says so; no such member for llama.cpp, which reads its cache in place. */
static void
test_plan_json_cache_copies (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autoptr(JsonNode) root = plan_json (dir, "hf.json",
                                        "{\"format\": \"rigplan-build\", \"version\": 1, "
                                        "\"parts\": [ {\"id\": \"nvidia-a100-sxm4-80gb\"} ], "
                                        "\"workloads\": [ {\"model\": \"llama-3.1-8b\", \"quant\": "
                                        "\"BF16\", \"runtime\": \"transformers\", \"context\": 4096, "
                                        "\"batch\": 16} ]}");
  g_autoptr(JsonNode) gguf = plan_json (dir, "gguf.json",
                                        "{\"format\": \"rigplan-build\", \"version\": 1, "
                                        "\"parts\": [ {\"id\": \"nvidia-a100-sxm4-80gb\"} ], "
                                        "\"workloads\": [ {\"model\": \"llama-3.1-8b\", \"quant\": "
                                        "\"Q4_K_M\", \"context\": 4096, \"batch\": 16} ]}");
  JsonObject *w = first_workload (root);

  g_assert_cmpfloat (json_object_get_double_member (w, "decode_cache_copy_share"), >, 0.5);
  g_assert_cmpfloat (json_object_get_double_member (w, "decode_cache_copy_share"), <, 1);
  g_assert_true (has_finding (root, "speed.cache-copies"));
  g_assert_false (json_object_has_member (first_workload (gguf), "decode_cache_copy_share"));
}

/* vLLM: the KV pool in tokens, the sequences it runs at once, and settings that make it fit. */
static void
test_plan_json_vllm (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autoptr(JsonNode) root = plan_json (dir, "vllm.json",
                                        "{\"format\": \"rigplan-build\", \"version\": 1, "
                                        "\"parts\": [ {\"id\": \"nvidia-rtx-3090\", \"count\": 2} ], "
                                        "\"workloads\": [ {\"model\": \"llama-3.1-70b\", \"quant\": "
                                        "\"AWQ-4bit\", \"context\": 32768} ]}");
  JsonObject *w = first_workload (root);
  JsonArray *suggestions;
  gboolean saw_max_model_len = FALSE;

  g_assert_cmpstr (json_object_get_string_member (w, "runtime"), ==, "vllm");
  g_assert_cmpstr (json_object_get_string_member (w, "fit"), ==, "none");
  g_assert_cmpfloat (json_object_get_double_member (w, "gpu_memory_utilization"), ==, 0.9);
  g_assert_cmpint (json_object_get_int_member (w, "max_model_len"), ==, 32768);
  g_assert_cmpint (json_object_get_int_member (w, "kv_pool_tokens"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (w, "concurrent_sequences"), <, 1);
  suggestions = json_object_get_array_member (w, "suggestions");
  g_assert_cmpuint (json_array_get_length (suggestions), >, 0);
  for (guint i = 0; i < json_array_get_length (suggestions); i++)
    {
      JsonObject *s = json_array_get_object_element (suggestions, i);

      assert_members (s, (const char * const[]) { "setting", "value", "text", NULL });
      if (g_str_equal (json_object_get_string_member (s, "setting"), "max_model_len"))
        {
          saw_max_model_len = TRUE;
          g_assert_cmpint (json_object_get_int_member (s, "value"), ==,
                           json_object_get_int_member (w, "kv_pool_tokens"));
        }
    }
  g_assert_true (saw_max_model_len);
}

/* DeepSpeed ZeRO-3 with the model loaded outside zero.Init: the fix is the boolean setting
 * zero_init; planned inside it, the text says how much more loading outside would hold. */
static void
test_plan_json_zero_init (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *outside = g_build_filename (dir, "outside.json", NULL);
  g_autofree char *inside = g_build_filename (dir, "inside.json", NULL);
  static const char build[] = "{\"format\": \"rigplan-build\", \"version\": 1, "
                              "\"parts\": [ {\"id\": \"nvidia-a100-sxm4-80gb\", \"count\": 8} ], "
                              "\"workloads\": [ {\"model\": \"qwen3-30b-a3b\", \"quant\": \"BF16\", "
                              "\"mode\": \"full-finetune\", \"runtime\": \"transformers\", "
                              "\"sharding\": \"zero3\", \"context\": 256%s} ]}";
  g_autofree char *outside_text = g_strdup_printf (build, ", \"zero_init\": false");
  g_autofree char *inside_text = g_strdup_printf (build, "");
  g_auto(Run) run = { 0 };
  g_auto(Run) text = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *w;
  JsonArray *suggestions;
  gboolean saw = FALSE;

  g_assert_true (g_file_set_contents (outside, outside_text, -1, NULL));
  g_assert_true (g_file_set_contents (inside, inside_text, -1, NULL));
  run_cli (&run, "plan", outside, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  w = first_workload (root);
  g_assert_cmpstr (json_object_get_string_member (w, "fit"), ==, "none");
  suggestions = json_object_get_array_member (w, "suggestions");
  for (guint i = 0; i < json_array_get_length (suggestions); i++)
    {
      JsonObject *s = json_array_get_object_element (suggestions, i);

      if (g_str_equal (json_object_get_string_member (s, "setting"), "zero_init"))
        {
          saw = TRUE;
          g_assert_true (json_object_get_boolean_member (s, "value"));
          g_assert_nonnull (strstr (json_object_get_string_member (s, "text"), "zero.Init"));
        }
    }
  g_assert_true (saw);
  run_cli (&text, "plan", inside, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "this plan takes DeepSpeed's zero.Init"));
  g_assert_nonnull (strstr (text.out, "which does not fit"));
}

/* Serving: the users, speeds and first token under "serving", its sentences in the text, and
 * no "serving" for a single stream. */
static void
test_plan_json_serving (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "serving.json", NULL);
  g_auto(Run) run = { 0 };
  g_auto(Run) text = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) plain_root = NULL;
  JsonObject *w, *serving;

  g_assert_true (g_file_set_contents (path, "{\"format\": \"rigplan-build\", \"version\": 1, "
                                      "\"parts\": [ {\"id\": \"nvidia-rtx-4090\"} ], "
                                      "\"workloads\": [ {\"model\": \"llama-3.1-8b\", \"quant\": "
                                      "\"AWQ-4bit\", \"runtime\": \"vllm\", \"context\": 8192, "
                                      "\"concurrency\": 8, \"prompt_tokens\": 2000, \"output_tokens\": 400, "
                                      "\"min_user_tokens_per_s\": 20} ]}", -1, NULL));
  run_cli (&run, "plan", path, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  w = first_workload (root);
  serving = json_object_get_object_member (w, "serving");
  g_assert_nonnull (serving);
  g_assert_cmpint (json_object_get_int_member (serving, "concurrency"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (serving, "prompt_tokens"), ==, 2000);
  g_assert_cmpint (json_object_get_int_member (serving, "output_tokens"), ==, 400);
  g_assert_cmpint (json_object_get_int_member (serving, "users"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (serving, "queued"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (serving, "max_concurrency"), >=, 8);
  g_assert_cmpfloat (json_object_get_double_member (serving, "per_user_tokens_per_s"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (serving, "per_user_tokens_per_s"), <,
                     json_object_get_double_member (w, "decode_tokens_per_s_start"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (serving, "total_tokens_per_s"),
                                  8 * json_object_get_double_member (serving, "per_user_tokens_per_s"), 1);
  g_assert_cmpfloat (json_object_get_double_member (serving, "time_to_first_token_s"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (serving, "min_user_tokens_per_s"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (serving, "max_concurrency_at_target"), >=, 1);

  run_cli (&text, "plan", path, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "serving 8 users: "));
  g_assert_nonnull (strstr (text.out, "users at 20.0 tokens/s each"));

  plain_root = plan_json (dir, "single.json",
                          "{\"format\": \"rigplan-build\", \"version\": 1, "
                          "\"parts\": [ {\"id\": \"nvidia-rtx-4090\"} ], "
                          "\"workloads\": [ {\"model\": \"llama-3.1-8b\", \"quant\": "
                          "\"AWQ-4bit\", \"runtime\": \"vllm\", \"context\": 8192} ]}");
  g_assert_false (json_object_has_member (first_workload (plain_root), "serving"));
}

/* Speculative decoding: plan --json gives the draft's memory as a term, the plain and the
 * speculative decode speed and the speed-up; the text says them too; an unknown draft model
 * names its JSON path. */
static void
test_plan_speculative (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "draft.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad-draft.json", NULL);
  g_auto(Run) run = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) fails = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *w, *spec, *terms;

  g_assert_true (g_file_set_contents (path, "{\"format\": \"rigplan-build\", \"version\": 1, "
                                      "\"parts\": [ {\"id\": \"nvidia-rtx-3090\", \"count\": 2} ], "
                                      "\"workloads\": [ {\"model\": \"llama-3.1-70b\", \"quant\": "
                                      "\"Q4_K_M\", \"draft_model\": \"llama-3.1-8b\", "
                                      "\"draft_acceptance\": 0.8} ]}", -1, NULL));
  run_cli (&run, "plan", path, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  w = first_workload (root);
  spec = json_object_get_object_member (w, "speculative");
  assert_members (spec, (const char * const[]) { "draft_model", "draft_quant", "draft_tokens",
                                                 "draft_acceptance", "draft_bytes", "tokens_per_step",
                                                 "plain_decode_tokens_per_s",
                                                 "speculative_decode_tokens_per_s", "speedup", NULL });
  g_assert_cmpstr (json_object_get_string_member (spec, "draft_model"), ==, "llama-3.1-8b");
  g_assert_cmpstr (json_object_get_string_member (spec, "draft_quant"), ==, "Q4_K_M");
  g_assert_cmpint (json_object_get_int_member (spec, "draft_tokens"), ==, 3);
  g_assert_cmpfloat (json_object_get_double_member (spec, "speedup"), >, 1);
  g_assert_cmpfloat (json_object_get_double_member (spec, "speculative_decode_tokens_per_s"), ==,
                     json_object_get_double_member (w, "decode_tokens_per_s"));
  g_assert_cmpfloat (json_object_get_double_member (spec, "plain_decode_tokens_per_s"), <,
                     json_object_get_double_member (w, "decode_tokens_per_s"));
  terms = json_object_get_object_member (json_object_get_object_member (w, "memory"), "terms");
  g_assert_cmpint (json_object_get_int_member (terms, "draft_bytes"), >, 0);
  g_assert_cmpint (json_object_get_int_member (terms, "draft_bytes"), ==,
                   json_object_get_int_member (spec, "draft_bytes"));

  run_cli (&text, "plan", path, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "draft   Llama 3.1 8B, 3 tokens a step, 80 % kept each"));
  g_assert_nonnull (strstr (text.out, "× the plain"));

  /* A draft of another vocabulary: the text says why it is planned without it. */
  {
    g_autofree char *other = g_build_filename (dir, "other-vocab.json", NULL);
    g_auto(Run) said = { 0 };

    g_assert_true (g_file_set_contents (other,
                                        "{\"format\": \"rigplan-build\", \"version\": 1, "
                                        "\"parts\": [ {\"id\": \"nvidia-rtx-3090\", "
                                        "\"count\": 2} ], \"workloads\": [ {\"model\": "
                                        "\"llama-3.1-70b\", \"quant\": \"Q4_K_M\", "
                                        "\"draft_model\": \"qwen3-30b-a3b\"} ]}", -1, NULL));
    run_cli (&said, "plan", other, NULL);
    g_assert_cmpint (said.status, ==, 0);
    g_assert_nonnull (strstr (said.out, "draft   Qwen3 30B-A3B has a vocabulary of 151936 tokens"));
    g_assert_nonnull (strstr (said.out, "Planned without a draft"));
    g_assert_null (strstr (said.out, "× the plain"));
  }

  g_assert_true (g_file_set_contents (bad, "{\"format\": \"rigplan-build\", \"version\": 1, "
                                      "\"workloads\": [ {\"model\": \"llama-3.1-70b\", "
                                      "\"draft_model\": \"llama-0.5b\"} ]}", -1, NULL));
  run_cli (&fails, "plan", bad, NULL);
  g_assert_cmpint (fails.status, ==, 1);
  g_assert_nonnull (strstr (fails.err, "workloads[0].draft_model: unknown draft model: no model “llama-0.5b”"));
}

static void
test_plan_text (void)
{
  g_autofree char *build = rig_test_fixture ("dual-3090.json");
  g_auto(Run) run = { 0 };

  run_cli (&run, "plan", build, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Dual 3090 LLM box"));
  g_assert_nonnull (strstr (run.out, "2 × NVIDIA GeForce RTX 3090 (used)"));
  g_assert_nonnull (strstr (run.out, "1500.00 USD"));
  g_assert_nonnull (strstr (run.out, "Total"));
  g_assert_nonnull (strstr (run.out, "USD per TFLOPS · "));
}

/* A weights file the user described: its size and tensor types are said under the memory line,
 * which holds that size (the model's embedding is its own, so nothing is loaded twice); the JSON
 * gives the recipe back. A bad recipe is refused with its place. */
static void
test_plan_text_file (void)
{
  static const char *recipe = "default:Q8_0;ffn_gate_exps:Q4_K;ffn_up_exps:Q4_K;ffn_down_exps:Q5_K";
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "ud.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *text = g_strdup_printf ("{\"format\": \"rigplan-build\", \"version\": 1, "
                                           "\"parts\": [{\"id\": \"nvidia-rtx-4090\"}], "
                                           "\"workloads\": [{\"model\": \"qwen3-30b-a3b\", "
                                           "\"quant\": \"Q4_K_M\", \"weights_gib\": 17.5, "
                                           "\"recipe\": \"%s\"}]}", recipe);
  g_autofree char *expected = g_strdup_printf ("  file    17.50 GiB, tensor types %s\n", recipe);
  g_auto(Run) run = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) fails = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *w;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  run_cli (&run, "plan", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, expected));
  g_assert_nonnull (strstr (run.out, "  memory  weights 17.50 GiB, "));

  run_cli (&json, "plan", path, "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  root = parse (json.out);
  w = first_workload (root);
  g_assert_cmpstr (json_object_get_string_member (w, "recipe"), ==, recipe);

  g_assert_true (g_file_set_contents (bad, "{\"format\": \"rigplan-build\", \"version\": 1, "
                                      "\"workloads\": [{\"model\": \"qwen3-30b-a3b\", "
                                      "\"quant\": \"Q4_K_M\", \"recipe\": \"default:Q9_K\"}]}",
                                      -1, NULL));
  run_cli (&fails, "plan", bad, NULL);
  g_assert_cmpint (fails.status, ==, 1);
  g_assert_nonnull (strstr (fails.err,
                            "workloads[0].recipe: no quantization “Q9_K” in the catalog"));
}

/* A prebuilt whose maker publishes no TFLOPS figure: its price per TFLOPS is left out, not
 * printed as a number it is not; its power is the maker's figure for the whole system, not
 * split into GPUs, CPU and the rest at 0 W each. */
static void
test_plan_text_prebuilt (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "station.json", NULL);
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_set_contents (path, "{\"format\": \"rigplan-build\", \"version\": 1, "
                                      "\"parts\": [{\"id\": \"apple-mac-studio-m1-max-32c-32gb\"}]}", -1, NULL));
  run_cli (&run, "plan", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "USD per GiB of memory, "));
  g_assert_nonnull (strstr (run.out, "USD per GB/s of bandwidth"));
  g_assert_null (strstr (run.out, "TFLOPS"));
  g_assert_null (strstr (run.out, "nan"));
  g_assert_nonnull (strstr (run.out, " W, the maker's published maximum for the whole system\n"));
  g_assert_null (strstr (run.out, "GPUs 0"));

  /* The JSON says the same: the whole system's figure, and null where the split and the supply
   * are not known. */
  {
    g_auto(Run) json = { 0 };
    g_autoptr(JsonNode) root = NULL;
    JsonObject *power;
    static const char * const unknown[] = {
      "gpu_w", "cpu_w", "other_w", "running_gpu_w", "psu_w", "psu_load_pct", "efficiency_pct"
    };

    run_cli (&json, "plan", path, "--json", NULL);
    g_assert_cmpint (json.status, ==, 0);
    root = parse (json.out);
    power = json_object_get_object_member (json_node_get_object (root), "power");
    g_assert_true (json_object_get_boolean_member (power, "prebuilt"));
    g_assert_cmpint (json_object_get_int_member (power, "wall_w"), ==, 115);
    g_assert_cmpint (json_object_get_int_member (power, "sustained_w"), ==, 115);
    for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
      g_assert_true (json_object_get_null_member (power, unknown[i]));
  }
}

static void
test_plan_bad_input (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *unknown = g_build_filename (dir, "unknown.json", NULL);
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_set_contents (bad, "{\"format\": \"rigplan-build\", \"version\": 1, "
                                      "\"parts\": [{\"id\": \"a\"}, {\"id\": \"b\", \"count\": 0}]}",
                                      -1, NULL));
  run_cli (&run, "plan", bad, "--json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "bad.json: parts[1].count: must be a positive integer"));
  g_assert_cmpstr (run.out, ==, "");
  run_clear (&run);

  g_assert_true (g_file_set_contents (unknown, "{\"format\": \"rigplan-build\", \"version\": 1, "
                                      "\"parts\": [{\"id\": \"nvidia-rtx-9999\"}]}", -1, NULL));
  run_cli (&run, "plan", unknown, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "unknown.json: parts[0].id: no part “nvidia-rtx-9999”"));
  run_clear (&run);

  run_cli (&run, "plan", "/nonexistent/build.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
}

static void
test_export (void)
{
  g_autofree char *build = rig_test_fixture ("dual-3090.json");
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *out = g_build_filename (dir, "parts.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(Run) run = { 0 };

  run_cli (&run, "export", build, "--format", "csv", "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "id,kind,name,count,condition,unit_price,total,"
                                             "currency,source\r\n"));
  g_assert_nonnull (strstr (contents, "nvidia-rtx-3090,gpu,NVIDIA GeForce RTX 3090,2,used,750.00,"
                                      "1500.00,USD,"));
  run_clear (&run);

  run_cli (&run, "export", build, "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse (run.out);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "format"), ==,
                     "rigplan-build");
  }
  run_clear (&run);

  run_cli (&run, "export", build, "--format", "docx", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

static void
assert_file_starts (const char *path,
                    const char *magic,
                    gsize       magic_len)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpmem (contents, magic_len, magic, magic_len);
}

/* The text formats carry the plan; pdf and png go to a file; bad arguments are usage errors and
 * a failed write leaves the old file as it was. */
static void
test_export_formats (void)
{
  g_autofree char *build = rig_test_fixture ("dual-3090.json");
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "power.png", NULL);
  g_autofree char *kept = g_build_filename (dir, "kept.md", NULL);
  g_autofree char *contents = NULL;
  g_auto(Run) run = { 0 };

  run_cli (&run, "export", build, "--format", "markdown", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Type|Item|Price\n"));
  g_assert_nonnull (strstr (run.out, "NVIDIA GeForce RTX 3090"));
  run_clear (&run);

  for (guint i = 0; i < 3; i++)
    {
      static const char * const formats[] = { "bbcode", "text", "html" };
      static const char * const marks[] = { "[table]", "Total", "</html>" };

      run_cli (&run, "export", build, "--format", formats[i], NULL);
      g_assert_cmpint (run.status, ==, 0);
      if (strstr (run.out, marks[i]) == NULL)
        g_error ("%s export lacks “%s”:\n%s", formats[i], marks[i], run.out);
      run_clear (&run);
    }

  run_cli (&run, "export", build, "--format", "pdf", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  run_cli (&run, "export", build, "--format", "pdf", "--paper", "legal", "-o", pdf, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  run_cli (&run, "export", build, "--format", "pdf", "--paper", "letter", "-o", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_file_starts (pdf, "%PDF-", 5);
  run_clear (&run);

  run_cli (&run, "export", build, "--format", "png", "-o", png, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  run_cli (&run, "export", build, "--format", "png", "--chart", "power", "--size", "800x300",
           "-o", png, NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_file_starts (png, "\x89PNG", 4);
  run_clear (&run);
  run_cli (&run, "export", build, "--format", "png", "--chart", "memory", "--workload", "9",
           "-o", png, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no workload 9"));
  run_clear (&run);

  /* A folder that is not there: exit 1, a message naming it, the old file untouched. */
  g_assert_true (g_file_set_contents (kept, "mine", -1, NULL));
  {
    g_autofree char *missing = g_build_filename (dir, "no-such-folder", "x.pdf", NULL);

    run_cli (&run, "export", build, "--format", "pdf", "-o", missing, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "no-such-folder"));
  }
  g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "mine");
}

static void
test_import (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *csv = g_build_filename (dir, "my parts.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *out = g_build_filename (dir, "imported.json", NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj;
  JsonArray *parts;
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_set_contents (csv,
                                      "Name,Qty,Price\n"
                                      "nvidia geforce rtx 3090,2,$700\n"
                                      "Flux Capacitor 9000,1,\n", -1, NULL));
  run_cli (&run, "import", csv, "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "line 3"));
  g_assert_nonnull (strstr (run.err, "Flux Capacitor 9000"));
  run_clear (&run);

  run_cli (&run, "export", out, "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  obj = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (obj, "name"), ==, "my parts");
  parts = json_object_get_array_member (obj, "parts");
  g_assert_cmpuint (json_array_get_length (parts), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (parts, 0), "id"),
                   ==, "nvidia-rtx-3090");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (parts, 0), "count"),
                   ==, 2);
  run_clear (&run);

  g_assert_true (g_file_set_contents (bad, "colour,size\nred,3\n", -1, NULL));
  run_cli (&run, "import", bad, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "bad.csv: line 1"));
}

/* Import keeps to the same limits as build files: what it writes, plan reads. */
static void
test_import_limits (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *csv = g_build_filename (dir, "huge.csv", NULL);
  g_autofree char *out = g_build_filename (dir, "huge.json", NULL);
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_set_contents (csv,
                                      "id,count,price\n"
                                      "nvidia-rtx-3090,2147483647,700\n"
                                      "nvidia-rtx-3090,1,1e30\n"
                                      "nvidia-rtx-3090,99999999999999999999,700\n"
                                      "nvidia-rtx-3090,2,700\n", -1, NULL));
  run_cli (&run, "import", csv, "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "line 2: “nvidia-rtx-3090”: count: must be at most 64 "
                                     "(it is 2147483647)"));
  g_assert_nonnull (strstr (run.err, "line 3: “nvidia-rtx-3090”: price: must be between 0 and"));
  g_assert_nonnull (strstr (run.err, "line 4: “nvidia-rtx-3090”: the count"));
  g_assert_null (strstr (run.err, "line 5"));
  run_clear (&run);

  run_cli (&run, "plan", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.err, "parts["));
}

/* What is not a regular file, or is far too big, is refused at once, naming it. */
static void
test_input_not_a_file (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *fifo = g_build_filename (dir, "pipe.json", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder.json", NULL);
  g_autofree char *huge = g_build_filename (dir, "huge.json", NULL);
  const char *paths[] = { "/dev/zero", fifo, folder, huge };
  int fd;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  /* Sparse: 17 MiB that take no room on the disk. */
  fd = g_open (huge, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 17 * 1024 * 1024), ==, 0);
  close (fd);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    for (const char * const *cmd = (const char * const[]) { "plan", "import", NULL }; *cmd; cmd++)
      {
        g_auto(Run) run = { 0 };

        run_cli (&run, *cmd, paths[i], NULL);
        g_assert_cmpint (run.status, ==, 1);
        if (strstr (run.err, paths[i]) == NULL)
          g_error ("%s %s: the error does not name the file: %s", *cmd, paths[i], run.err);
        g_assert_true (strstr (run.err, "regular file") || strstr (run.err, "folder") ||
                       strstr (run.err, "larger than"));
      }
}

static void
test_compare (void)
{
  g_autofree char *build = rig_test_fixture ("dual-3090.json");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj;
  JsonArray *rows;
  gboolean found_total = FALSE;

  run_cli (&run, "compare", build, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, "compare", build, build, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  obj = json_node_get_object (root);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "builds")), ==, 2);
  rows = json_object_get_array_member (obj, "rows");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      assert_members (row, (const char * const[]) { "section", "label", "unit", "values", "best",
                                                    "differs", NULL });
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (row, "values")), ==, 2);
      /* The same build twice: nothing differs, nothing is best. */
      g_assert_false (json_object_get_boolean_member (row, "differs"));
      g_assert_true (json_object_get_null_member (row, "best"));
      found_total |= g_str_equal (json_object_get_string_member (row, "label"), "Total");
    }
  g_assert_true (found_total);
  run_clear (&run);

  run_cli (&run, "compare", build, "/nonexistent.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);

  run_cli (&run, "compare", build, build, "--format", "markdown", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Dual 3090 LLM box"));
  g_assert_nonnull (strstr (run.out, "Total"));
  run_clear (&run);

  run_cli (&run, "compare", build, build, "--format", "pdf", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  {
    g_autofree char *dir = rig_test_temp_dir ();
    g_autofree char *pdf = g_build_filename (dir, "compare.pdf", NULL);

    run_cli (&run, "compare", build, build, "--format", "pdf", "-o", pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
    assert_file_starts (pdf, "%PDF-", 5);
  }
}

/* Price sources against a server on loopback: a good feed, then the same feed unchanged (304),
 * a web page, and a feed gone bad, which must not touch what is stored. */
static void
test_prices (void)
{
  g_autoptr(RigTestHttp) http = rig_test_http_new ();
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *library = g_build_filename (dir, "library.sqlite", NULL);
  g_autofree char *feed = NULL;
  g_autofree char *feed_url = NULL;
  g_autofree char *page_url = NULL;
  g_autofree char *cut_url = NULL;
  g_autofree char *example = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "data",
                                               "price-feed-example.json", NULL);
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_get_contents (example, &feed, NULL, NULL));
  rig_test_http_route (http, "/feed.json", &(RigTestHttpRoute) { .content_type = "application/json",
                                                                  .body = feed, .etag = "\"one\"" });
  rig_test_http_route (http, "/page", &(RigTestHttpRoute) { .content_type = "text/html",
                                                             .body = "<!doctype html><p>Sign in</p>" });
  rig_test_http_route (http, "/cut.json", &(RigTestHttpRoute) { .content_type = "application/json",
                                                                 .body = "{\"format\": \"rigplan-prices\", \"version\": 1, \"items\": [{\"id\": \"nvidia-rtx-3090\", \"price\": 1," });
  feed_url = rig_test_http_url (http, "/feed.json");
  page_url = rig_test_http_url (http, "/page");
  cut_url = rig_test_http_url (http, "/cut.json");
  g_setenv ("RIGPLAN_LIBRARY", library, TRUE);

  run_cli (&run, "prices", "refresh", NULL);
  g_assert_cmpint (run.status, ==, 1);                 /* no sources yet */
  run_clear (&run);
  run_cli (&run, "prices", "add-source", "file:///etc/passwd", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);
  run_cli (&run, "prices", "add-source", feed_url, "--name", "Example Store", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  run_cli (&run, "prices", "refresh", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Example Store: 2 new prices, 1 cloud rate, 4 left out"));
  /* Ids the (test) catalog does not have are left out by name. */
  g_assert_nonnull (strstr (run.out, "“90YV0IH1-M0NA00”: no catalog part has this part number"));
  g_assert_nonnull (strstr (run.out, "“nvidia-rtx-a6000”: no catalog part has this id"));
  run_clear (&run);
  run_cli (&run, "prices", "refresh", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "not changed"));
  g_assert_cmpuint (rig_test_http_requests (http, "/feed.json"), ==, 2);
  run_clear (&run);

  run_cli (&run, "prices", "history", "nvidia-rtx-3090", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse (run.out);
    JsonArray *prices = json_node_get_array (root);

    g_assert_cmpuint (json_array_get_length (prices), ==, 1);
    g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (prices, 0),
                                                      "amount"), ==, 699.0);
  }
  run_clear (&run);

  /* A sign-in page and a feed cut short: an error for each, the history unchanged. */
  run_cli (&run, "prices", "add-source", page_url, "--name", "Page", NULL);
  run_clear (&run);
  run_cli (&run, "prices", "add-source", cut_url, "--name", "Cut", NULL);
  run_clear (&run);
  run_cli (&run, "prices", "refresh", NULL);
  g_assert_cmpint (run.status, ==, 0);                 /* one source still answered */
  g_assert_nonnull (strstr (run.out, "Page: "));
  g_assert_nonnull (strstr (run.out, "web page"));
  g_assert_nonnull (strstr (run.out, "Cut: "));
  run_clear (&run);
  run_cli (&run, "prices", "refresh", "--source", "Page", NULL);
  g_assert_cmpint (run.status, ==, 1);                 /* its only source failed */
  run_clear (&run);
  run_cli (&run, "prices", "history", "nvidia-rtx-3090", "--json", NULL);
  {
    g_autoptr(JsonNode) root = parse (run.out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  }
  run_clear (&run);

  /* The stored used price now prices a used 3090 in a plan. */
  {
    g_autofree char *build = g_build_filename (dir, "used.json", NULL);

    g_assert_true (g_file_set_contents (build, "{\"format\": \"rigplan-build\", \"version\": 1, "
                                        "\"name\": \"Used\", \"parts\": [{\"id\": \"nvidia-rtx-3090\", "
                                        "\"count\": 2, \"condition\": \"used\"}]}", -1, NULL));
    run_cli (&run, "plan", build, "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    {
      g_autoptr(JsonNode) root = parse (run.out);
      JsonObject *total = json_object_get_object_member (
        json_object_get_object_member (json_node_get_object (root), "cost"), "total");

      g_assert_cmpfloat (json_object_get_double_member (total, "amount"), ==, 1398.0);
    }
    run_clear (&run);

    /* The feed's hourly rate for an A100 prices renting one: the break-even needs no setting. */
    g_assert_true (g_file_set_contents (build, "{\"format\": \"rigplan-build\", \"version\": 1, "
                                        "\"name\": \"A100\", \"parts\": [{\"id\": \"nvidia-a100-sxm4-80gb\", "
                                        "\"count\": 2, \"price\": 9000}]}", -1, NULL));
    run_cli (&run, "plan", build, "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    {
      g_autoptr(JsonNode) root = parse (run.out);
      JsonObject *cost = json_object_get_object_member (json_node_get_object (root), "cost");

      g_assert_cmpfloat (json_object_get_double_member (cost, "cloud_per_hour"), ==, 2.58);
      g_assert_cmpstr (json_object_get_string_member (cost, "cloud_source"), ==,
                       "Example Cloud (Example Store)");
      g_assert_false (json_object_get_null_member (cost, "breakeven_months"));
    }
    run_clear (&run);
  }

  /* A feed bigger than one slice is stored whole: 2,500 prices, in three slices. */
  {
    g_autoptr(GString) big = g_string_new ("{\"format\": \"rigplan-prices\", \"version\": 1, \"items\": [");
    g_autofree char *big_url = NULL;

    for (guint i = 0; i < 2500; i++)
      g_string_append_printf (big, "%s{\"id\": \"nvidia-rtx-4090\", \"price\": %u.00, \"date\": "
                              "\"2025-01-01T%02u:%02u:00Z\"}", i ? ", " : "", 1000 + i, i / 60 % 24, i % 60);
    g_string_append (big, "]}");
    rig_test_http_route (http, "/big.json", &(RigTestHttpRoute) { .content_type = "application/json",
                                                                 .body = big->str });
    big_url = rig_test_http_url (http, "/big.json");
    run_cli (&run, "prices", "add-source", big_url, "--name", "Big", NULL);
    g_assert_cmpint (run.status, ==, 0);
    run_clear (&run);
    run_cli (&run, "prices", "refresh", "--source", "Big", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "2500 new prices"));
    run_clear (&run);
    run_cli (&run, "prices", "history", "nvidia-rtx-4090", "--json", NULL);
    {
      g_autoptr(JsonNode) root = parse (run.out);
      /* Besides the one price an earlier feed gave. */
      g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2501);
    }
    run_clear (&run);
  }

  /* Best Buy: the key comes from the environment, goes into the request, and appears in no
   * output and no stored address. */
  {
    g_autofree char *bestbuy = NULL;
    g_autofree char *bestbuy_path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "fixtures", "prices",
                                                      "bestbuy.json", NULL);
    g_autofree char *products_url = rig_test_http_url (http, "/v1/products");
    g_autofree char *bestbuy_url = NULL;

    g_assert_true (g_file_get_contents (bestbuy_path, &bestbuy, NULL, NULL));
    rig_test_http_route (http, "/v1/products", &(RigTestHttpRoute) { .content_type = "application/json",
                                                                     .body = bestbuy });
    bestbuy_url = g_strdup_printf ("%s?format=json", products_url);
    run_cli (&run, "prices", "add-source", bestbuy_url, "--kind", "bestbuy", "--name", "Best Buy", NULL);
    g_assert_cmpint (run.status, ==, 0);
    run_clear (&run);
    g_setenv ("RIGPLAN_BESTBUY_KEY", "SECRETKEY123", TRUE);
    run_cli (&run, "prices", "refresh", "--source", "Best Buy", NULL);
    g_unsetenv ("RIGPLAN_BESTBUY_KEY");
    g_assert_nonnull (strstr (run.out, "Best Buy: "));
    g_assert_null (strstr (run.out, "SECRETKEY123"));
    g_assert_null (strstr (run.err, "SECRETKEY123"));
    g_assert_cmpuint (rig_test_http_requests (http, "/v1/products"), ==, 1);
    run_clear (&run);
    /* Without the variable and with no key in a keyring: the source is skipped, and says why. */
    run_cli (&run, "prices", "refresh", "--source", "Best Buy", NULL);
    g_assert_nonnull (strstr (run.out, "needs an API key"));
    g_assert_cmpuint (rig_test_http_requests (http, "/v1/products"), ==, 1);
    run_clear (&run);
    run_cli (&run, "prices", "sources", NULL);
    g_assert_null (strstr (run.out, "SECRETKEY123"));
    g_assert_nonnull (strstr (run.out, "bestbuy"));
  }
  g_unsetenv ("RIGPLAN_LIBRARY");
}

/* A feed nested 100,000 deep, served over HTTP, ends each refresh with an error that says so
 * and is stored; a build file as deep is refused under its name. */
static void
test_prices_too_deep (void)
{
  g_autoptr(RigTestHttp) http = rig_test_http_new ();
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *library = g_build_filename (dir, "library.sqlite", NULL);
  g_autofree char *build = g_build_filename (dir, "deep.json", NULL);
  g_autofree char *deep = rig_test_nested_json ("{\"format\":\"rigplan-prices\",\"version\":1,"
                                                "\"items\":", 100000, FALSE, "}");
  g_autofree char *deep_build = rig_test_nested_json ("{\"format\": \"rigplan-build\", "
                                                      "\"version\": 1, \"parts\": ", 100000,
                                                      TRUE, "}");
  g_autofree char *deep_url = NULL;
  g_auto(Run) run = { 0 };

  rig_test_http_route (http, "/deep.json", &(RigTestHttpRoute) { .content_type = "application/json",
                                                                  .body = deep });
  deep_url = rig_test_http_url (http, "/deep.json");
  g_setenv ("RIGPLAN_LIBRARY", library, TRUE);

  run_cli (&run, "prices", "add-source", deep_url, "--name", "Deep", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  /* Twice: the first one's status is stored, and the second does not crash either. */
  for (guint i = 0; i < 2; i++)
    {
      run_cli (&run, "prices", "refresh", NULL);
      g_assert_cmpint (run.status, ==, 1);               /* its only source failed */
      g_assert_nonnull (strstr (run.out, "Deep: the feed cannot be read: JSON nested deeper than "
                                         "64 levels at line 1, column "));
      run_clear (&run);
    }
  run_cli (&run, "prices", "sources", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "JSON nested deeper than 64 levels"));
  run_clear (&run);
  g_unsetenv ("RIGPLAN_LIBRARY");

  g_assert_true (g_file_set_contents (build, deep_build, -1, NULL));
  run_cli (&run, "plan", build, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "deep.json: JSON nested deeper than 64 levels at line 1"));
}

/* No control character from outside reaches the terminal: not ESC (which starts the sequences
 * that retitle or clear it), BEL, nor the C1 CSI (U+009B). */
static void
assert_no_controls (const char *text)
{
  g_assert_null (strchr (text, '\x1b'));
  g_assert_null (strchr (text, '\x07'));
  g_assert_null (strstr (text, "\xc2\x9b"));
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

/* ESC sequences in a feed's JSON error, in a source's name, in a status an older library
 * stored and in a build's name: none reaches stdout, stderr or the library raw. */
static void
test_outside_text_is_clean (void)
{
  g_autoptr(RigTestHttp) http = rig_test_http_new ();
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *library = g_build_filename (dir, "library.sqlite", NULL);
  g_autofree char *build = g_build_filename (dir, "evil.json", NULL);
  g_autofree char *evil_url = NULL;
  g_auto(Run) run = { 0 };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* json-glib's message about this quotes the string it decoded, ESC and BEL as they are. */
  rig_test_http_route (http, "/evil.json", &(RigTestHttpRoute) {
    .content_type = "application/json",
    .body = "{\"format\":\"rigplan-prices\",\"version\":1,\"items\":"
            "[\"\\u001b]0;pwned\\u0007\\u001b[2J\" 1]}" });
  evil_url = rig_test_http_url (http, "/evil.json");
  g_setenv ("RIGPLAN_LIBRARY", library, TRUE);

  run_cli (&run, "prices", "add-source", evil_url, "--name", "Evil\x1b]0;pwned\x07\xc2\x9b" "2J",
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Evil"));
  assert_no_controls (run.out);
  assert_no_controls (run.err);
  run_clear (&run);
  run_cli (&run, "prices", "refresh", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "the feed is not valid JSON: line 1, column "));
  assert_no_controls (run.out);
  assert_no_controls (run.err);
  run_clear (&run);

  /* Neither the status nor the name was stored raw. */
  g_assert_cmpint (sqlite3_open (library, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, status FROM price_sources", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  assert_no_controls ((const char *) sqlite3_column_text (stmt, 0));
  g_assert_nonnull (sqlite3_column_text (stmt, 1));
  assert_no_controls ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  /* A library written before may hold them: listed, they are still replaced. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE price_sources SET name = 'Old' || char (27) || "
                                 "']0;x' || char (7) || char (155) || '2J', "
                                 "status = 'HTTP' || char (27) || '[2J'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  run_cli (&run, "prices", "sources", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Old"));
  assert_no_controls (run.out);
  run_clear (&run);
  /* JSON escapes ESC and BEL, but not a C1 control. */
  run_cli (&run, "prices", "refresh", "--json", NULL);
  g_assert_nonnull (strstr (run.out, "Old"));
  assert_no_controls (run.out);
  assert_no_controls (run.err);
  run_clear (&run);
  g_unsetenv ("RIGPLAN_LIBRARY");

  g_assert_true (g_file_set_contents (build, "{\"format\": \"rigplan-build\", \"version\": 1, "
                                      "\"name\": \"Evil\\u001b]0;pwned\\u0007\\u001b[2J\", \"parts\": "
                                      "[{\"id\": \"nvidia-rtx-3090\"}]}", -1, NULL));
  run_cli (&run, "plan", build, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Evil"));
  assert_no_controls (run.out);
  assert_no_controls (run.err);
  run_clear (&run);

  /* A bad value quoted by a build file's error message. */
  g_assert_true (g_file_set_contents (build, "{\"format\": \"rigplan-build\", \"version\": 1, "
                                      "\"settings\": {\"currency\": \"\\u001b]0;pwned\\u0007\"}}",
                                      -1, NULL));
  run_cli (&run, "plan", build, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "settings.currency"));
  assert_no_controls (run.err);
}

static void
test_missing_catalog (void)
{
  const char *argv[] = { g_getenv ("RIGPLAN_CLI"), "--catalog", "/nonexistent/catalog.sqlite",
                         "models", NULL };
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &status, NULL));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "catalog is missing"));
}

/* A prebuilt whose power is not published: its power, heat and electricity read "not known" in
 * the plan and the exports, never "nan W" or a cost of nothing. Values the catalog lacks are
 * never said to be zero. */
static void
test_unknown_power (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  const char *catalog = rig_test_scenario_catalog_path ();
  g_autofree char *build = rig_test_fixture ("scenarios/missing-prebuilt-power.json");
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_auto(Run) run = { 0 };
  static const char * const formats[] = { "text", "markdown", "html" };

  run_cli (&run, "--catalog", catalog, "plan", build, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "nan"));
  g_assert_nonnull (strstr (run.out, "Power\n  not known\n"));
  g_assert_nonnull (strstr (run.out, "electricity and cost of ownership not known"));
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      run_cli (&run, "--catalog", catalog, "export", build, "--format", formats[i], NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_null (strstr (run.out, "nan"));
    }
  run_cli (&run, "--catalog", catalog, "export", build, "--format", "pdf", "-o", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* Nor does a board whose M.2 slots the catalog lacks have none left. */
  g_clear_pointer (&build, g_free);
  build = rig_test_fixture ("scenarios/missing-m2-slots.json");
  run_cli (&run, "--catalog", catalog, "plan", build, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "an unknown number of M.2 slots remain on"));
  g_assert_null (strstr (run.out, "0 free M.2"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/search-json", test_search_json);
  g_test_add_func ("/cli/show", test_show);
  g_test_add_func ("/cli/models-json", test_models_json);
  g_test_add_func ("/cli/plan-json", test_plan_json);
  g_test_add_func ("/cli/capacity", test_capacity);
  g_test_add_func ("/cli/suggest", test_suggest);
  g_test_add_func ("/cli/catalog-coverage", test_catalog_coverage);
  g_test_add_func ("/cli/plan-unpriced", test_plan_unpriced);
  g_test_add_func ("/cli/plan-json-cache-copies", test_plan_json_cache_copies);
  g_test_add_func ("/cli/plan-json-vllm", test_plan_json_vllm);
  g_test_add_func ("/cli/plan-json-zero-init", test_plan_json_zero_init);
  g_test_add_func ("/cli/plan-json-serving", test_plan_json_serving);
  g_test_add_func ("/cli/plan-speculative", test_plan_speculative);
  g_test_add_func ("/cli/accessory", test_accessory);
  g_test_add_func ("/cli/plan-text", test_plan_text);
  g_test_add_func ("/cli/plan-text-prebuilt", test_plan_text_prebuilt);
  g_test_add_func ("/cli/plan-text-file", test_plan_text_file);
  g_test_add_func ("/cli/plan-bad-input", test_plan_bad_input);
  g_test_add_func ("/cli/export", test_export);
  g_test_add_func ("/cli/export-formats", test_export_formats);
  g_test_add_func ("/cli/import", test_import);
  g_test_add_func ("/cli/import-limits", test_import_limits);
  g_test_add_func ("/cli/input-not-a-file", test_input_not_a_file);
  g_test_add_func ("/cli/compare", test_compare);
  g_test_add_func ("/cli/prices", test_prices);
  g_test_add_func ("/cli/prices-too-deep", test_prices_too_deep);
  g_test_add_func ("/cli/outside-text-is-clean", test_outside_text_is_clean);
  g_test_add_func ("/cli/missing-catalog", test_missing_catalog);
  g_test_add_func ("/cli/unknown-power", test_unknown_power);

  return g_test_run ();
}
