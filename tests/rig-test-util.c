/* rig-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rig-catalog-compiler.h"
#include "rig-test-util.h"

char *
rig_test_fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

char *
rig_test_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("rigplan-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

char *
rig_test_copy_fixture (const char *name)
{
  g_autofree char *src = rig_test_fixture (name);
  char *dst = rig_test_temp_dir ();
  g_autoptr(GDir) dir = g_dir_open (src, 0, NULL);
  const char *entry;

  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (src, entry, NULL);
      g_autofree char *to = g_build_filename (dst, entry, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (to, contents, length, NULL));
    }
  return dst;
}

/* Compiles the catalog CSV folder tests/fixtures/@name into a temporary catalog.sqlite, once:
 * @path keeps it for the program's life. */
static const char *
compile_once (const char  *name,
              char       **path)
{
  if (*path == NULL)
    {
      g_autofree char *csv_dir = rig_test_fixture (name);
      g_autofree char *dir = rig_test_temp_dir ();
      g_autoptr(GError) error = NULL;

      *path = g_build_filename (dir, "catalog.sqlite", NULL);
      rig_catalog_compile (csv_dir, *path, &error);
      g_assert_no_error (error);
    }
  return *path;
}

const char *
rig_test_catalog_path (void)
{
  static char *path = NULL;

  return compile_once ("catalog", &path);
}

const char *
rig_test_scenario_catalog_path (void)
{
  static char *path = NULL;

  return compile_once ("scenarios/catalog", &path);
}

void
rig_test_edit_line (const char *path,
                    guint       line,
                    const char *text)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *joined = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  if (line == 0)
    {
      g_autofree char *appended = g_strconcat (contents, text, "\n", NULL);
      g_assert_true (g_file_set_contents (path, appended, -1, NULL));
      return;
    }
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (line, <=, g_strv_length (lines));
  g_free (lines[line - 1]);
  lines[line - 1] = g_strdup (text);
  joined = g_strjoinv ("\n", lines);
  g_assert_true (g_file_set_contents (path, joined, -1, NULL));
}

char *
rig_test_nested_json (const char *head,
                      guint       depth,
                      gboolean    objects,
                      const char *tail)
{
  GString *json = g_string_new (head);

  for (guint i = 0; i < depth; i++)
    g_string_append (json, objects ? "{\"a\":" : "[");
  if (objects)
    g_string_append (json, "1");
  for (guint i = 0; i < depth; i++)
    g_string_append_c (json, objects ? '}' : ']');
  g_string_append (json, tail);
  return g_string_free (json, FALSE);
}

int
rig_test_query_int (const char *path,
                    const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

void
rig_test_each_setting (const char         *settings,
                       RigTestSettingFunc  func,
                       gpointer            user_data)
{
  g_auto(GStrv) pairs = g_strsplit (settings, ";", -1);

  for (guint i = 0; pairs[i]; i++)
    {
      g_auto(GStrv) kv = g_strsplit (pairs[i], "=", 2);

      if (kv[0] == NULL || *kv[0] == '\0')
        continue;
      g_assert_nonnull (kv[1]);
      func (kv[0], kv[1], user_data);
    }
}

int
rig_test_setting_enum (const char *key,
                       int         value)
{
  if (value < 0)
    g_error ("the setting “%s” names no value the engine knows", key);
  return value;
}

double
rig_test_draft_acceptance (double kept,
                           guint  n)
{
  double lo = 0, hi = 1;

  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpfloat (kept, >, 0);
  g_assert_cmpfloat (kept, <=, 1);
  for (int i = 0; i < 60; i++)
    {
      double alpha = (lo + hi) / 2, sum = 0, power = 1;

      for (guint k = 0; k < n; k++)
        sum += power *= alpha;
      if (sum < kept * n)
        lo = alpha;
      else
        hi = alpha;
    }
  return (lo + hi) / 2;
}
