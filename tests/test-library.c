/* test-library.c: the user's library — migrations, crash safety, files it must not touch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rig-build-file.h"
#include "rig-library.h"
#include "rig-plan.h"
#include "rig-store-error.h"
#include "rig-test-util.h"

static char *
temp_library_path (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  return g_build_filename (dir, "nested", "library.sqlite", NULL);
}

static RigBuild *
sample_build (const char *name)
{
  RigBuild *build = rig_build_new (name);
  RigWorkload *w = rig_workload_new ();

  rig_build_add_part (build, "nvidia-rtx-4090", 2);
  w->model_id = g_strdup ("llama-3.1-8b");
  w->quant_id = g_strdup ("Q8_0");
  g_ptr_array_add (build->workloads, w);
  return build;
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
test_builds (void)
{
  g_autofree char *path = temp_library_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = rig_library_new (path, &error);
  g_autoptr(RigBuild) a = sample_build ("First");
  g_autoptr(RigBuild) b = sample_build ("Second");
  g_autoptr(RigBuild) loaded = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 id_a, id_b;

  g_assert_no_error (error);
  g_assert_cmpint (rig_library_get_schema_version (library), ==, RIG_LIBRARY_SCHEMA_VERSION);

  id_a = rig_library_save_build (library, 0, a, &error);
  g_assert_no_error (error);
  id_b = rig_library_save_build (library, 0, b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id_a, >, 0);
  g_assert_cmpint (id_b, !=, id_a);

  g_free (a->name);
  a->name = g_strdup ("First, renamed");
  g_assert_cmpint (rig_library_save_build (library, id_a, a, &error), ==, id_a);
  loaded = rig_library_load_build (library, id_a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->name, ==, "First, renamed");
  g_assert_cmpuint (loaded->items->len, ==, 1);
  g_assert_cmpuint (((RigBuildItem *) g_ptr_array_index (loaded->items, 0))->count, ==, 2);

  list = rig_library_list_builds (library, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);

  g_assert_true (rig_library_delete_build (library, id_b, &error));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = rig_library_list_builds (library, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((RigLibraryEntry *) g_ptr_array_index (list, 0))->name, ==, "First, renamed");

  g_clear_pointer (&loaded, rig_build_free);
  loaded = rig_library_load_build (library, id_b, &error);
  g_assert_null (loaded);
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (rig_library_save_build (library, 9999, a, &error), ==, 0);
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND);
}

static void
test_reopen (void)
{
  g_autofree char *path = temp_library_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = sample_build ("Kept");
  g_autoptr(RigBuild) loaded = NULL;
  gint64 id;

  {
    g_autoptr(RigLibrary) library = rig_library_new (path, &error);
    g_assert_no_error (error);
    id = rig_library_save_build (library, 0, build, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(RigLibrary) library = rig_library_new (path, &error);
    g_assert_no_error (error);
    loaded = rig_library_load_build (library, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (loaded->name, ==, "Kept");
  }
}

static void
test_migration (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "library.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = NULL;
  g_autoptr(RigBuild) loaded = NULL;
  g_autoptr(GPtrArray) prices = NULL;
  sqlite3 *db = NULL;
  RigPriceObservation obs = { "nvidia-rtx-3090", "manual", RIG_CONDITION_USED, 72500, "USD", 1764000000 };

  /* A library as version 1 wrote it: builds and custom parts, no price table. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "CREATE TABLE builds (id INTEGER PRIMARY KEY, name TEXT NOT NULL, json TEXT NOT NULL,"
    " created INTEGER NOT NULL, modified INTEGER NOT NULL);"
    "CREATE TABLE custom_parts (id TEXT PRIMARY KEY, kind TEXT NOT NULL, json TEXT NOT NULL,"
    " modified INTEGER NOT NULL);"
    "INSERT INTO builds VALUES (7, 'Old build', '{\"format\": \"rigplan-build\", \"version\": 1,"
    " \"name\": \"Old build\", \"parts\": [{\"id\": \"nvidia-rtx-3090\", \"count\": 2}]}', 1, 1);"
    "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  library = rig_library_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rig_library_get_schema_version (library), ==, RIG_LIBRARY_SCHEMA_VERSION);

  loaded = rig_library_load_build (library, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->name, ==, "Old build");

  /* The table version 2 added works. */
  g_assert_true (rig_library_add_price (library, &obs, &error));
  g_assert_no_error (error);
  prices = rig_library_list_prices (library, "nvidia-rtx-3090", &error);
  g_assert_cmpuint (prices->len, ==, 1);
}

/* A library as version 3 left it: every refresh had stored the same cloud rate again, and the
 * user's rate is told apart only by its source. Version 5 keeps one of the repeats, and a
 * feed's rate still does not replace the user's. */
static void
test_migration_from_3 (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "library.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  {
    g_autoptr(RigLibrary) library = rig_library_new (path, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "DROP INDEX price_observations_exact; DROP INDEX cloud_rates_exact;"
    "ALTER TABLE fx_rates DROP COLUMN set_by_user;"
    "INSERT INTO cloud_rates (gpu, count, per_hour_minor, currency, provider, source, observed_at)"
    " VALUES ('nvidia-h100-sxm', 1, 249, 'USD', NULL, 'Example', 1764000000),"
    " ('nvidia-h100-sxm', 1, 249, 'USD', NULL, 'Example', 1764000000),"
    " ('nvidia-h100-sxm', 1, 249, 'USD', NULL, 'Example', 1764000000),"
    " ('nvidia-h100-sxm', 8, 1992, 'USD', 'Cloud', 'Example', 1764000000),"
    " ('nvidia-h100-sxm', 8, 1992, 'USD', 'Cloud', 'Example', 1764000000);"
    "INSERT INTO fx_rates VALUES ('EUR', 0.92, 'user', 1764000000),"
    " ('GBP', 0.79, 'Example', 1764000000);"
    "PRAGMA user_version = 3;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  {
    g_autoptr(RigLibrary) library = rig_library_new (path, &error);
    gboolean stored = TRUE;

    g_assert_no_error (error);
    g_assert_cmpint (rig_library_get_schema_version (library), ==, RIG_LIBRARY_SCHEMA_VERSION);
    g_assert_cmpint (rig_test_query_int (path, "SELECT count(*) FROM cloud_rates"), ==, 2);
    g_assert_true (rig_library_set_feed_fx_rate (library, "EUR", 0.5, "Example", 1764100000,
                                                 &stored, &error));
    g_assert_false (stored);
    g_assert_cmpfloat (rig_library_get_fx_rate (library, "EUR"), ==, 0.92);
    g_assert_true (rig_library_set_feed_fx_rate (library, "GBP", 0.8, "Example", 1764100000,
                                                 &stored, &error));
    g_assert_true (stored);
    g_assert_cmpfloat (rig_library_get_fx_rate (library, "GBP"), ==, 0.8);
  }
}

static void
test_newer_version_untouched (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "library.sqlite", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99;", NULL,
                                 NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = file_checksum (path);

  library = rig_library_new (path, &error);
  g_assert_null (library);
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer Rigplan"));
  g_assert_nonnull (strstr (error->message, "99"));

  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  /* and no WAL or journal was left beside it */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }
}

/* A negative version is no version any Rigplan wrote: the file is damaged, and nothing of it is
 * run as a migration. */
static void
test_negative_version_untouched (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "library.sqlite", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE builds (x); PRAGMA user_version = -1;", NULL,
                                 NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = file_checksum (path);

  library = rig_library_new (path, &error);
  g_assert_null (library);
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "damaged (version -1;"));

  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* A library that cannot be brought up to date is left as it was: not migrated half-way, and
 * not switched to another journal mode. Here the step to version 2 works and the one to 3 does
 * not, since a table of that name is already there. */
static void
test_failed_migration_untouched (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "library.sqlite", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE builds (id INTEGER PRIMARY KEY, name TEXT, "
                                 "json TEXT, created INTEGER, modified INTEGER);"
                                 "CREATE TABLE custom_parts (id TEXT PRIMARY KEY, kind TEXT, "
                                 "json TEXT, modified INTEGER);"
                                 "CREATE TABLE price_sources (x);"
                                 "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = file_checksum (path);

  library = rig_library_new (path, &error);
  g_assert_null (library);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "version 3"));

  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_not_a_database_untouched (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "library.sqlite", NULL);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = NULL;
  const char *text = "My notes: buy two 3090s.\n";

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  library = rig_library_new (path, &error);
  g_assert_null (library);
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "not a Rigplan library"));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, text);
}

static void
test_damaged_untouched (void)
{
  g_autofree char *path = temp_library_path ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  {
    g_autoptr(RigLibrary) library = rig_library_new (path, &error);
    g_assert_no_error (error);
    for (int i = 0; i < 50; i++)
      {
        g_autofree char *name = g_strdup_printf ("Build %d with a longer name to fill pages", i);
        g_autoptr(RigBuild) build = sample_build (name);
        rig_library_save_build (library, 0, build, &error);
        g_assert_no_error (error);
      }
  }
  /* Checkpointed and closed: now scribble over everything after the header page. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8192);
  for (gsize i = 4096 + 100; i < length; i++)
    contents[i] = (char) (i * 7);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  before = file_checksum (path);

  {
    g_autoptr(RigLibrary) library = rig_library_new (path, &error);
    g_assert_null (library);
    g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "left as it is"));
  }
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

/* A save interrupted by killing the process leaves the last committed build intact. */
static void
test_crash_safety (void)
{
  g_autofree char *path = temp_library_path ();
  g_autoptr(GError) error = NULL;
  gint64 id;
  int status;

  {
    g_autoptr(RigLibrary) library = rig_library_new (path, &error);
    g_autoptr(RigBuild) build = sample_build ("revision 0");
    g_assert_no_error (error);
    id = rig_library_save_build (library, 0, build, &error);
    g_assert_no_error (error);
  }

  for (int round = 0; round < 5; round++)
    {
      pid_t pid = fork ();

      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          /* The child saves as fast as it can until it is killed. */
          g_autoptr(RigLibrary) library = rig_library_new (path, NULL);

          if (library == NULL)
            _exit (3);
          for (guint64 n = 1;; n++)
            {
              g_autofree char *name = g_strdup_printf ("revision %" G_GUINT64_FORMAT, n);
              g_autoptr(RigBuild) build = sample_build (name);

              for (int k = 0; k < 20; k++)
                rig_build_add_part (build, "samsung-990-pro-2tb", k + 1);
              if (rig_library_save_build (library, id, build, NULL) != id)
                _exit (4);
            }
        }

      g_usleep (30000 + round * 20000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));

      {
        g_autoptr(RigLibrary) library = rig_library_new (path, &error);
        g_autoptr(RigBuild) build = NULL;

        g_assert_no_error (error);
        build = rig_library_load_build (library, id, &error);
        g_assert_no_error (error);
        g_assert_true (g_str_has_prefix (build->name, "revision "));
        /* Whole: either the first save (1 part) or a later one (21 parts), never between. */
        g_assert_true (build->items->len == 1 || build->items->len == 21);
      }
    }
}

static void
test_custom_part (void)
{
  g_autofree char *path = temp_library_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = rig_library_new (path, &error);
  g_autoptr(RigPart) part = rig_part_new (RIG_PART_GPU);
  g_autoptr(RigPart) back = NULL;

  g_assert_no_error (error);
  part->id = g_strdup ("my-modded-2080-ti-22gb");
  part->name = g_strdup ("RTX 2080 Ti (22 GB mod)");
  part->vendor = g_strdup ("NVIDIA");
  part->source = g_strdup ("my own card");
  part->price_cents = 45000;
  part->gpu.segment = g_strdup ("consumer");
  part->gpu.architecture = g_strdup ("turing");
  part->gpu.form_factor = g_strdup ("pcie");
  part->gpu.memory_gib = 22;
  part->gpu.bandwidth_gbps = 616;
  part->gpu.board_power_w = 250;

  g_assert_true (rig_library_save_custom_part (library, part, &error));
  g_assert_no_error (error);
  back = rig_library_get_custom_part (library, "my-modded-2080-ti-22gb", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->name, ==, "RTX 2080 Ti (22 GB mod)");
  g_assert_cmpfloat (back->gpu.memory_gib, ==, 22);
  g_assert_cmpint (back->price_cents, ==, 45000);
  g_assert_true (isnan (back->gpu.fp16_tflops));

  g_free (part->id);
  part->id = g_strdup ("Bad Id");
  g_assert_false (rig_library_save_custom_part (library, part, &error));
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID);
}

/* A custom part row nested past json-glib's recursion (a damaged or hostile library) is
 * refused as unreadable, and does not crash. */
static void
test_custom_part_too_deep (void)
{
  g_autofree char *path = temp_library_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = rig_library_new (path, &error);
  g_autoptr(RigPart) part = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  for (int objects = 0; objects <= 1; objects++)
    {
      g_autofree char *deep = rig_test_nested_json ("{\"name\":", 100000, objects, "}");

      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO custom_parts "
                                           "VALUES ('deep-gpu', 'gpu', ?, 1)", -1, &stmt, NULL),
                       ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, deep, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
      sqlite3_close (db);

      part = rig_library_get_custom_part (library, "deep-gpu", &error);
      g_assert_null (part);
      g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT);
      g_assert_cmpstr (error->message, ==, objects
                       ? "custom part “deep-gpu” cannot be read: JSON nested deeper than 64 "
                         "levels at line 1, column 324"
                       : "custom part “deep-gpu” cannot be read: JSON nested deeper than 64 "
                         "levels at line 1, column 72");
      g_clear_error (&error);
    }
}

/* A custom part row with a string that is not UTF-8, or not a string, is refused by name. */
static void
test_custom_part_not_text (void)
{
  static const struct { const char *json, *message; } cases[] = {
    { "{\"id\": \"odd-gpu\", \"name\": \"Card \\ud800x\"}",
      "custom part “odd-gpu”: name: not valid text (a lone UTF-16 surrogate?)" },
    { "{\"id\": \"odd-gpu\", \"name\": [\"Card\"]}",
      "custom part “odd-gpu”: name: must be a string" },
  };
  g_autofree char *path = temp_library_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = rig_library_new (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RigPart) part = NULL;
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO custom_parts "
                                           "VALUES ('odd-gpu', 'gpu', ?, 1)", -1, &stmt, NULL),
                       ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, cases[i].json, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
      sqlite3_close (db);

      part = rig_library_get_custom_part (library, "odd-gpu", &error);
      g_assert_null (part);
      g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_clear_error (&error);
    }
}

/* A build whose name held an ESC sequence opens again from the library once saved. */
static void
test_escaped_build_name (void)
{
  static const char json[] =
    "{\"format\": \"rigplan-build\", \"version\": 1, \"name\": \"Rig\\u001b]0;pwned\\u0007\"}";
  g_autofree char *path = temp_library_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = rig_library_new (path, &error);
  g_autoptr(RigBuild) escaped = rig_build_from_json (json, -1, &error);
  g_autoptr(RigBuild) back = NULL;
  gint64 id;

  g_assert_no_error (error);
  id = rig_library_save_build (library, 0, escaped, &error);
  g_assert_no_error (error);
  back = rig_library_load_build (library, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->name, ==, "Rig\xef\xbf\xbd]0;pwned\xef\xbf\xbd");
}

/* A build whose name is not UTF-8, however it got so, opens again from the library. */
static void
test_invalid_build_name (void)
{
  g_autofree char *path = temp_library_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = rig_library_new (path, &error);
  g_autoptr(RigBuild) broken = rig_build_new ("Rig \xed\xa0\x80x");
  g_autoptr(RigBuild) back = NULL;
  gint64 id;

  g_assert_no_error (error);
  id = rig_library_save_build (library, 0, broken, &error);
  g_assert_no_error (error);
  back = rig_library_load_build (library, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (back->name, -1, NULL));
  g_assert_true (g_str_has_prefix (back->name, "Rig "));
}

static void
test_prices (void)
{
  g_autofree char *path = temp_library_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = rig_library_new (path, &error);
  g_autoptr(GPtrArray) list = NULL;
  RigPriceObservation older = { "nvidia-rtx-3090", "manual", RIG_CONDITION_USED, 70000, "USD", 1000 };
  RigPriceObservation newer = { "nvidia-rtx-3090", "feed.example", RIG_CONDITION_NEW, 99900, "EUR", 2000 };
  RigPriceObservation negative = { "nvidia-rtx-3090", "feed.example", RIG_CONDITION_NEW, -5, "USD", 3000 };
  RigPriceObservation *first;

  g_assert_no_error (error);
  g_assert_true (rig_library_add_price (library, &older, &error));
  g_assert_true (rig_library_add_price (library, &newer, &error));
  g_assert_false (rig_library_add_price (library, &negative, &error));
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID);
  g_clear_error (&error);

  list = rig_library_list_prices (library, "nvidia-rtx-3090", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  first = g_ptr_array_index (list, 0);
  g_assert_cmpint (first->observed_at, ==, 2000);
  g_assert_cmpstr (first->currency, ==, "EUR");
  g_assert_cmpstr (first->source, ==, "feed.example");
  g_assert_cmpint (first->condition, ==, RIG_CONDITION_NEW);
}

/* Sources with their validators; observations stored all together or not at all, never twice. */
static void
test_price_sources (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "library.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = rig_library_new (path, &error);
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GPtrArray) prices = NULL;
  g_autoptr(RigPriceObservation) latest = NULL;
  RigPriceObservation used = { "nvidia-rtx-3090", "shop.example", RIG_CONDITION_USED, 69900, "USD", 1764000000 };
  RigPriceObservation used2 = { "nvidia-rtx-3090", "shop.example", RIG_CONDITION_USED, 67900, "USD", 1764100000 };
  RigPriceObservation bad = { "nvidia-rtx-4090", "shop.example", RIG_CONDITION_NEW, -5, "USD", 1764100000 };
  RigLibraryRate rate = { "nvidia-h100-sxm", 1, 249, "USD", "Example Cloud", "shop.example", 1764100000 };
  RigPriceObservation *batch[] = { &used, &used2 };
  RigPriceObservation *poisoned[] = { &used2, &bad };
  const RigLibraryRate *rates[] = { &rate };
  RigPriceSource *source;
  gint64 id;
  guint added = 0, rates_added = 0;

  g_assert_no_error (error);
  id = rig_library_add_source (library, RIG_PRICE_SOURCE_FEED, "Example", "https://shop.example/feed.json",
                               &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (rig_library_add_source (library, RIG_PRICE_SOURCE_FEED, "Again",
                                           "https://shop.example/feed.json", &error), ==, 0);
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID);
  g_clear_error (&error);

  sources = rig_library_list_sources (library, &error);
  g_assert_cmpuint (sources->len, ==, 1);
  source = g_ptr_array_index (sources, 0);
  g_assert_true (source->enabled);
  g_assert_null (source->etag);
  source->etag = g_strdup ("\"v1\"");
  source->checked_at = 1764100000;
  source->status = g_strdup ("2 prices");
  g_assert_true (rig_library_update_source (library, source, &error));
  g_clear_pointer (&sources, g_ptr_array_unref);
  sources = rig_library_list_sources (library, &error);
  g_assert_cmpstr (((RigPriceSource *) g_ptr_array_index (sources, 0))->etag, ==, "\"v1\"");
  g_assert_cmpstr (((RigPriceSource *) g_ptr_array_index (sources, 0))->status, ==, "2 prices");

  /* A status stored raw by an older Rigplan reaches no label with its ESC sequence. */
  source = g_ptr_array_index (sources, 0);
  g_clear_pointer (&source->status, g_free);
  source->status = g_strdup ("failed: \033]0;title\007\033[2J");
  g_assert_true (rig_library_update_source (library, source, &error));
  g_clear_pointer (&sources, g_ptr_array_unref);
  sources = rig_library_list_sources (library, &error);
  g_assert_cmpstr (((RigPriceSource *) g_ptr_array_index (sources, 0))->status, ==,
                   "failed: \357\277\275]0;title\357\277\275\357\277\275[2J");

  g_assert_true (rig_library_add_observations (library, batch, 2, rates, 1, NULL, 0, &added,
                                               &rates_added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 2);
  g_assert_cmpuint (rates_added, ==, 1);
  /* The same response again adds nothing, neither prices nor the cloud rate. */
  for (int again = 0; again < 2; again++)
    {
      g_assert_true (rig_library_add_observations (library, batch, 2, rates, 1, NULL, 0, &added,
                                                   &rates_added, &error));
      g_assert_cmpuint (added, ==, 0);
      g_assert_cmpuint (rates_added, ==, 0);
    }
  g_assert_cmpint (rig_test_query_int (path, "SELECT count(*) FROM cloud_rates"), ==, 1);
  /* A rate without a provider is told apart the same way. */
  rate.provider = NULL;
  for (int again = 0; again < 2; again++)
    {
      g_assert_true (rig_library_add_observations (library, NULL, 0, rates, 1, NULL, 0, NULL,
                                                   &rates_added, &error));
      g_assert_cmpuint (rates_added, ==, again == 0 ? 1 : 0);
    }
  g_assert_cmpint (rig_test_query_int (path, "SELECT count(*) FROM cloud_rates"), ==, 2);

  /* One bad observation: nothing of the batch is stored. */
  g_assert_false (rig_library_add_observations (library, poisoned, 2, NULL, 0, NULL, 0, &added,
                                                NULL, &error));
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID);
  g_clear_error (&error);
  prices = rig_library_list_prices (library, "nvidia-rtx-4090", &error);
  g_assert_cmpuint (prices->len, ==, 0);

  latest = rig_library_latest_price (library, "nvidia-rtx-3090", RIG_CONDITION_USED, &error);
  g_assert_nonnull (latest);
  g_assert_cmpint (latest->amount_minor, ==, 67900);
  g_assert_null (rig_library_latest_price (library, "nvidia-rtx-3090", RIG_CONDITION_NEW, &error));
  g_assert_no_error (error);

  g_assert_true (isnan (rig_library_get_fx_rate (library, "EUR")));
  g_assert_cmpfloat (rig_library_get_fx_rate (library, "USD"), ==, 1.0);
  g_assert_false (rig_library_set_fx_rate (library, "EUR", -1, "user", 1, &error));
  g_clear_error (&error);
  g_assert_true (rig_library_set_fx_rate (library, "EUR", 0.92, "user", 1, &error));
  g_assert_cmpfloat_with_epsilon (rig_library_get_fx_rate (library, "EUR"), 0.92, 1e-12);

  /* The newest used price goes to a used card, converted to the build's currency; a new card
   * and a currency without a rate keep the catalog's. */
  {
    g_autoptr(RigBuild) build = rig_build_new ("Prices");
    RigBuildItem *used_card = rig_build_add_part (build, "nvidia-rtx-3090", 2);
    RigBuildItem *new_card = rig_build_add_part (build, "nvidia-rtx-3090", 1);
    gint64 unit = 0;

    used_card->condition = RIG_CONDITION_USED;
    g_strlcpy (build->settings.currency, "EUR", sizeof build->settings.currency);
    g_assert_cmpuint (rig_library_apply_prices (library, build), ==, 1);
    g_assert_true (used_card->has_market);
    g_assert_cmpint (used_card->market_minor, ==, 62468);     /* 679.00 USD × 0.92 */
    g_assert_cmpstr (used_card->market_source, ==, "shop.example");
    g_assert_false (new_card->has_market);
    g_assert_true (rig_build_item_unit_price (build, used_card, &unit));
    g_assert_cmpint (unit, ==, 62468);
    /* An entered price still wins. */
    used_card->has_price = TRUE;
    used_card->price_minor = 60000;
    g_assert_true (rig_build_item_unit_price (build, used_card, &unit));
    g_assert_cmpint (unit, ==, 60000);

    /* A catalog price (US dollars) is converted at the stored rate, and the plan says so. */
    new_card->part = rig_part_new (RIG_PART_GPU);
    new_card->part->price_cents = 149900;
    g_assert_true (rig_build_item_unit_price (build, new_card, &unit));
    g_assert_cmpint (unit, ==, 137908);                        /* 1499.00 USD × 0.92 */
    g_assert_cmpstr (build->market_usd_rate_source, ==, "user, 1970-01-01");
    {
      RigReport report;
      gboolean said = FALSE;

      rig_report_init (&report);
      rig_plan_evaluate (build, &report);
      for (guint i = 0; i < report.findings->len; i++)
        said |= g_str_equal (g_array_index (report.findings, RigFinding, i).code, "cost.converted");
      g_assert_true (said);
      g_assert_cmpint (report.cost.total_minor, ==, 60000 * 2 + 137908);
      rig_report_clear (&report);
    }

    /* No rate to pounds: the catalog's dollars stay as they are, and the plan says it mixes. */
    g_strlcpy (build->settings.currency, "GBP", sizeof build->settings.currency);
    g_assert_cmpuint (rig_library_apply_prices (library, build), ==, 0);
    g_assert_false (used_card->has_market);
    g_assert_false (rig_build_converts_catalog (build));
    g_assert_true (rig_build_item_unit_price (build, new_card, &unit));
    g_assert_cmpint (unit, ==, 149900);
  }

  g_assert_true (rig_library_remove_source (library, id, &error));
  g_assert_false (rig_library_remove_source (library, id, &error));
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND);
}

static gboolean
has_finding (const RigReport *report,
             const char      *code)
{
  for (guint i = 0; i < report->findings->len; i++)
    if (g_str_equal (g_array_index (report->findings, RigFinding, i).code, code))
      return TRUE;
  return FALSE;
}

/* A feed's rate of 1e-300 euros to the dollar, and one price in euros: the rate is refused, and
 * a library that holds such a rate from before converts nothing with it; the plan's total stays
 * what the parts cost instead of wrapping around. */
static void
test_fx_rate_overflow (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "library.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = rig_library_new (path, &error);
  g_autoptr(RigBuild) build = rig_build_new ("Overflow");
  RigPriceObservation eur = { "nvidia-rtx-4090", "feed.example", RIG_CONDITION_NEW, 150000, "EUR", 1764000000 };
  RigBuildItem *item;
  RigReport report;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_assert_true (rig_library_add_price (library, &eur, &error));
  g_assert_false (rig_library_set_feed_fx_rate (library, "EUR", 1e-300, "feed.example", 1764000000,
                                                NULL, &error));
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "EUR"));
  g_clear_error (&error);
  g_assert_false (rig_library_set_fx_rate (library, "EUR", 1e7, "user", 1764000000, &error));
  g_clear_error (&error);
  g_assert_true (isnan (rig_library_get_fx_rate (library, "EUR")));

  /* The same rate as a library written before the bound may hold it. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO fx_rates (currency, per_usd, source, observed_at)"
                                     " VALUES ('EUR', 1e-300, 'feed.example', 1764000000)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  item = rig_build_add_part (build, "nvidia-rtx-4090", 2);
  item->part = rig_part_new (RIG_PART_GPU);
  item->part->price_cents = 159900;
  rig_library_apply_prices (library, build);
  g_assert_false (item->has_market);

  rig_report_init (&report);
  rig_plan_evaluate (build, &report);
  g_assert_cmpint (report.cost.total_minor, ==, 2 * 159900);
  g_assert_false (has_finding (&report, "cost.price-too-large"));
  rig_report_clear (&report);

  /* A stored amount past what Rigplan computes with is passed over in its own currency too. */
  eur.amount_minor = G_MAXINT64;
  g_strlcpy (eur.currency, "USD", sizeof eur.currency);
  g_assert_true (rig_library_add_price (library, &eur, &error));
  rig_library_apply_prices (library, build);
  g_assert_false (item->has_market);
}

/* A rate the user set stays until the user sets another; a feed's replaces only a feed's. */
static void
test_user_rate_wins (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "library.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = rig_library_new (path, &error);
  gboolean stored = TRUE;

  g_assert_no_error (error);
  g_assert_true (rig_library_set_fx_rate (library, "EUR", 0.92, "user", 1764000000, &error));
  g_assert_true (rig_library_set_feed_fx_rate (library, "EUR", 0.5, "feed.example", 1764100000,
                                               &stored, &error));
  g_assert_no_error (error);
  g_assert_false (stored);
  g_assert_cmpfloat (rig_library_get_fx_rate (library, "EUR"), ==, 0.92);

  g_assert_true (rig_library_set_feed_fx_rate (library, "GBP", 0.79, "feed.example", 1764000000,
                                               &stored, &error));
  g_assert_true (stored);
  g_assert_true (rig_library_set_feed_fx_rate (library, "GBP", 0.8, "other.example", 1764100000,
                                               &stored, &error));
  g_assert_true (stored);
  g_assert_cmpfloat (rig_library_get_fx_rate (library, "GBP"), ==, 0.8);
  g_assert_true (rig_library_set_fx_rate (library, "GBP", 0.75, "user", 1764200000, &error));
  g_assert_true (rig_library_set_feed_fx_rate (library, "GBP", 0.9, "feed.example", 1764300000,
                                               &stored, &error));
  g_assert_false (stored);
  g_assert_cmpfloat (rig_library_get_fx_rate (library, "GBP"), ==, 0.75);
  g_assert_true (rig_library_set_fx_rate (library, "GBP", 0.76, "user", 1764400000, &error));
  g_assert_cmpfloat (rig_library_get_fx_rate (library, "GBP"), ==, 0.76);

  /* Out of bounds either way, from the user too. */
  g_assert_false (rig_library_set_fx_rate (library, "JPY", 0.00001, "user", 1, &error));
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "JPY"));
  g_clear_error (&error);
  g_assert_false (rig_library_set_fx_rate (library, "JPY", NAN, "user", 1, &error));
  g_clear_error (&error);
  g_assert_true (isnan (rig_library_get_fx_rate (library, "JPY")));
}

/* Read-only, a library answers every question and changes nothing, not even its journal mode;
 * a change fails and says why. (As root the tests cannot make a folder unwritable: this opens
 * read-only as rig_library_new () does for a library it cannot write.) */
static void
test_read_only (void)
{
  g_autofree char *top = rig_test_temp_dir ();
  g_autofree char *dir = g_build_filename (top, "a folder #1?", NULL);
  g_autofree char *path = g_build_filename (dir, "library.sqlite", NULL);
  g_autofree char *old_path = g_build_filename (top, "old.sqlite", NULL);
  g_autofree char *missing = g_build_filename (top, "missing.sqlite", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = sample_build ("Kept");
  RigPriceObservation obs = { "nvidia-rtx-3090", "manual", RIG_CONDITION_USED, 72500, "USD", 1764000000 };
  sqlite3 *db = NULL;

  {
    g_autoptr(RigLibrary) library = rig_library_new (path, &error);

    g_assert_no_error (error);
    g_assert_false (rig_library_is_read_only (library));
    g_assert_cmpint (rig_library_save_build (library, 0, build, &error), >, 0);
    g_assert_true (rig_library_add_price (library, &obs, &error));
  }
  before = file_checksum (path);
  {
    g_autoptr(RigLibrary) library = rig_library_new_read_only (path, &error);
    g_autoptr(GPtrArray) builds = NULL;
    g_autoptr(GPtrArray) prices = NULL;

    g_assert_no_error (error);
    g_assert_true (rig_library_is_read_only (library));
    builds = rig_library_list_builds (library, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (builds->len, ==, 1);
    prices = rig_library_list_prices (library, "nvidia-rtx-3090", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (prices->len, ==, 1);

    g_assert_cmpint (rig_library_save_build (library, 0, build, &error), ==, 0);
    g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_DATABASE);
    g_assert_nonnull (strstr (error->message, "can only be read"));
    g_assert_nonnull (strstr (error->message, path));
    g_clear_error (&error);
    g_assert_false (rig_library_add_price (library, &obs, &error));
    g_assert_nonnull (strstr (error->message, "can only be read"));
    g_clear_error (&error);
  }
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);

  /* An older library cannot be brought up to date read-only: it is left as it is. */
  g_assert_cmpint (sqlite3_open (old_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE builds (x); PRAGMA user_version = 1;", NULL,
                                 NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  before = file_checksum (old_path);
  g_assert_null (rig_library_new_read_only (old_path, &error));
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "older Rigplan"));
  g_clear_error (&error);
  after = file_checksum (old_path);
  g_assert_cmpstr (before, ==, after);

  g_assert_null (rig_library_new_read_only (missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

/* Amounts past what Rigplan adds up are left out of the total with an error, never wrapped. */
static void
test_money_overflow (void)
{
  g_autoptr(RigBuild) build = rig_build_new ("Overflow");
  RigBuildItem *entered = rig_build_add_part (build, "nvidia-rtx-4090", 2);
  RigBuildItem *market = rig_build_add_part (build, "nvidia-rtx-3090", 64);
  RigBuildItem *fine = rig_build_add_part (build, "nvidia-rtx-3060", 1);
  RigReport report;
  gint64 unit = 0;

  entered->has_price = TRUE;
  entered->price_minor = G_MAXINT64 / 2;
  market->has_market = TRUE;
  market->market_minor = G_MAXINT64 / 2;
  fine->has_price = TRUE;
  fine->price_minor = 29999;

  g_assert_false (rig_build_item_unit_price (build, entered, &unit));
  g_assert_false (rig_build_item_unit_price (build, market, &unit));
  market->market_minor = RIG_MONEY_MAX_MINOR;
  g_assert_true (rig_build_item_unit_price (build, market, &unit));

  rig_report_init (&report);
  rig_plan_evaluate (build, &report);
  g_assert_cmpint (report.cost.total_minor, ==, 29999);
  g_assert_cmpuint (report.cost.parts_priced, ==, 1);
  g_assert_true (has_finding (&report, "cost.price-too-large"));
  g_assert_false (has_finding (&report, "cost.price-missing"));
  rig_report_clear (&report);
}

/* A used card is never priced at its new price: without a dated used price in the catalog, the
 * total leaves it out and names it. */
static void
test_used_price_unknown (void)
{
  g_autoptr(RigBuild) build = rig_build_new ("Used");
  RigBuildItem *used = rig_build_add_part (build, "nvidia-rtx-3090", 2);
  RigBuildItem *dated = rig_build_add_part (build, "nvidia-rtx-3090-ti", 1);
  RigBuildItem *psu = rig_build_add_part (build, "corsair-rm1000x", 1);
  RigReport report;
  gint64 unit = 0;

  used->condition = dated->condition = RIG_CONDITION_USED;
  used->part = rig_part_new (RIG_PART_GPU);
  used->part->id = g_strdup ("nvidia-rtx-3090");
  used->part->name = g_strdup ("NVIDIA GeForce RTX 3090");
  used->part->price_cents = 149900;
  dated->part = rig_part_new (RIG_PART_GPU);
  dated->part->id = g_strdup ("nvidia-rtx-3090-ti");
  dated->part->price_cents = 199900;
  dated->part->gpu.used_price_cents = 80000;
  psu->part = rig_part_new (RIG_PART_PSU);
  psu->part->id = g_strdup ("corsair-rm1000x");
  psu->part->name = g_strdup ("Corsair RM1000x");

  g_assert_false (rig_build_item_unit_price (build, used, &unit));
  g_assert_cmpint (rig_build_item_price (build, used, &unit), ==, RIG_PRICE_USED_UNKNOWN);
  /* A used price without the date it was seen is no used price. */
  g_assert_cmpint (rig_build_item_price (build, dated, &unit), ==, RIG_PRICE_USED_UNKNOWN);
  dated->part->gpu.used_price_date = g_strdup ("2025-06");
  g_assert_true (rig_build_item_unit_price (build, dated, &unit));
  g_assert_cmpint (unit, ==, 80000);
  g_assert_cmpint (rig_build_item_price (build, psu, &unit), ==, RIG_PRICE_MISSING);

  rig_report_init (&report);
  rig_plan_evaluate (build, &report);
  g_assert_cmpint (report.cost.total_minor, ==, 80000);
  g_assert_cmpuint (report.cost.parts_priced, ==, 1);
  g_assert_cmpuint (report.cost.parts_unpriced, ==, 2);
  g_assert_cmpuint (report.cost.unpriced->len, ==, 2);
  g_assert_cmpstr (g_array_index (report.cost.unpriced, RigUnpriced, 0).part_id, ==,
                   "nvidia-rtx-3090");
  g_assert_cmpint (g_array_index (report.cost.unpriced, RigUnpriced, 0).state, ==,
                   RIG_PRICE_USED_UNKNOWN);
  g_assert_cmpint (g_array_index (report.cost.unpriced, RigUnpriced, 1).state, ==,
                   RIG_PRICE_MISSING);
  g_assert_true (has_finding (&report, "cost.used-price-unknown"));
  g_assert_true (has_finding (&report, "cost.price-missing"));
  {
    g_autofree char *total = rig_total_with_unpriced (NULL, "800.00 USD", report.cost.unpriced);

    g_assert_cmpstr (total, ==, "800.00 USD — not including: NVIDIA GeForce RTX 3090 (used price "
                     "unknown), Corsair RM1000x (no price)");
  }
  rig_report_clear (&report);

  /* Nothing left out: the total stands alone. */
  used->has_price = TRUE;
  used->price_minor = 65000;
  psu->has_price = TRUE;
  psu->price_minor = 19000;
  rig_report_init (&report);
  rig_plan_evaluate (build, &report);
  g_assert_cmpint (report.cost.total_minor, ==, 80000 + 2 * 65000 + 19000);
  g_assert_cmpuint (report.cost.unpriced->len, ==, 0);
  g_assert_false (has_finding (&report, "cost.used-price-unknown"));
  g_assert_null (rig_unpriced_format (report.cost.unpriced));
  rig_report_clear (&report);
}

/* The total says how old the catalog prices it rests on are: the oldest and newest month of the
 * parts priced from the catalog (a used card by its used price's date), not of a price typed in
 * or reported by a price source, nor of a catalog date that is not one. */
static void
test_catalog_price_dates (void)
{
  g_autoptr(RigBuild) build = rig_build_new ("Dated");
  RigBuildItem *cpu = rig_build_add_part (build, "amd-ryzen-9-5950x", 1);
  RigBuildItem *card = rig_build_add_part (build, "nvidia-rtx-3090", 2);
  RigBuildItem *kit = rig_build_add_part (build, "some-kit", 1);
  static const char * const not_dates[] = {
    "2020", "2020-13", "2020-1", "20-11-01", "2020-11x", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (not_dates); i++)
    g_assert_null (rig_price_date_format (not_dates[i]));
  g_assert_null (rig_price_date_format (NULL));

  cpu->part = rig_part_new (RIG_PART_CPU);
  cpu->part->price_cents = 79900;
  cpu->part->price_date = g_strdup ("2020-11");
  card->part = rig_part_new (RIG_PART_GPU);
  card->part->price_cents = 149900;
  card->part->price_date = g_strdup ("2020-09");
  card->part->gpu.used_price_cents = 70000;
  card->part->gpu.used_price_date = g_strdup ("2025-07-23");
  kit->part = rig_part_new (RIG_PART_MEMORY);
  kit->part->price_cents = 15499;
  kit->part->price_date = g_strdup ("July 2025");

  g_assert_cmpstr (rig_build_item_catalog_price_date (card), ==, "2020-09");
  {
    g_autofree char *note = rig_catalog_prices_format (build);

    g_assert_cmpstr (note, ==, "catalog prices from September 2020 to November 2020");
  }
  /* Used, the card takes its used price and that price's date. */
  card->condition = RIG_CONDITION_USED;
  g_assert_cmpstr (rig_build_item_catalog_price_date (card), ==, "2025-07-23");
  {
    g_autofree char *note = rig_catalog_prices_format (build);

    g_assert_cmpstr (note, ==, "catalog prices from November 2020 to July 2025");
  }
  /* A price typed in or seen by a source is not the catalog's. */
  cpu->has_price = TRUE;
  cpu->price_minor = 35000;
  g_assert_null (rig_build_item_catalog_price_date (cpu));
  {
    g_autofree char *note = rig_catalog_prices_format (build);
    g_autofree char *total = rig_total_note (build, NULL);

    g_assert_cmpstr (note, ==, "a catalog price of July 2025");
    g_assert_cmpstr (total, ==, note);
  }
  /* Two parts priced the same month. */
  g_free (kit->part->price_date);
  kit->part->price_date = g_strdup ("2025-07-01");
  {
    g_autofree char *note = rig_catalog_prices_format (build);

    g_assert_cmpstr (note, ==, "catalog prices of July 2025");
  }
  card->has_market = TRUE;
  card->market_minor = 68000;
  kit->has_price = TRUE;
  kit->price_minor = 12000;
  g_assert_null (rig_catalog_prices_format (build));
  g_assert_null (rig_total_note (build, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/builds", test_builds);
  g_test_add_func ("/library/reopen", test_reopen);
  g_test_add_func ("/library/migration", test_migration);
  g_test_add_func ("/library/migration-from-3", test_migration_from_3);
  g_test_add_func ("/library/newer-version-untouched", test_newer_version_untouched);
  g_test_add_func ("/library/negative-version-untouched", test_negative_version_untouched);
  g_test_add_func ("/library/failed-migration-untouched", test_failed_migration_untouched);
  g_test_add_func ("/library/not-a-database-untouched", test_not_a_database_untouched);
  g_test_add_func ("/library/damaged-untouched", test_damaged_untouched);
  g_test_add_func ("/library/crash-safety", test_crash_safety);
  g_test_add_func ("/library/custom-part", test_custom_part);
  g_test_add_func ("/library/custom-part-too-deep", test_custom_part_too_deep);
  g_test_add_func ("/library/custom-part-not-text", test_custom_part_not_text);
  g_test_add_func ("/library/invalid-build-name", test_invalid_build_name);
  g_test_add_func ("/library/escaped-build-name", test_escaped_build_name);
  g_test_add_func ("/library/prices", test_prices);
  g_test_add_func ("/library/price-sources", test_price_sources);
  g_test_add_func ("/library/fx-rate-overflow", test_fx_rate_overflow);
  g_test_add_func ("/library/money-overflow", test_money_overflow);
  g_test_add_func ("/library/used-price-unknown", test_used_price_unknown);
  g_test_add_func ("/library/catalog-price-dates", test_catalog_price_dates);
  g_test_add_func ("/library/user-rate-wins", test_user_rate_wins);
  g_test_add_func ("/library/read-only", test_read_only);

  return g_test_run ();
}
