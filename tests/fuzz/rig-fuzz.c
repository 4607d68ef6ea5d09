/* rig-fuzz.c: fixtures, temporary files and properties for the fuzz targets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "rig-catalog-compiler.h"
#include "rig-fuzz.h"

void
rig_fuzz_fail (const char *file,
               int         line,
               const char *expr)
{
  fprintf (stderr, "%s:%d: property does not hold: %s\n", file, line, expr);
  abort ();
}

char *
rig_fuzz_fixture (const char *name)
{
  const char *dir = g_getenv ("RIG_FUZZ_FIXTURES");

  return g_build_filename (dir != NULL ? dir : RIG_FUZZ_FIXTURES, name, NULL);
}

static char *temp_dir;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
remove_temp_dir (void)
{
  if (temp_dir != NULL)
    remove_tree (temp_dir);
}

const char *
rig_fuzz_temp_dir (void)
{
  if (temp_dir == NULL)
    {
      temp_dir = g_dir_make_tmp ("rigplan-fuzz-XXXXXX", NULL);
      if (temp_dir == NULL)
        rig_fuzz_fail (__FILE__, __LINE__, "g_dir_make_tmp () != NULL");
      atexit (remove_temp_dir);
    }
  return temp_dir;
}

const char *
rig_fuzz_catalog (void)
{
  static char *path;

  if (path == NULL)
    {
      g_autofree char *csv_dir = rig_fuzz_fixture ("catalog");
      g_autoptr(GError) error = NULL;

      path = g_build_filename (rig_fuzz_temp_dir (), "catalog.sqlite", NULL);
      if (!rig_catalog_compile (csv_dir, path, &error))
        {
          fprintf (stderr, "%s: %s\n", csv_dir, error->message);
          abort ();
        }
    }
  return path;
}
