/* fuzz-catalog-csv.c: the catalog compiler's rows
 *
 * An input is a catalog file's name on its first line ("gpu.csv") and that file's text after
 * it; the other files are the test catalog's. Whatever the compiler accepts must open as a
 * catalog; whatever it refuses must leave no catalog behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "rig-catalog.h"
#include "rig-catalog-compiler.h"
#include "rig-fuzz.h"

static const char *
csv_dir (void)
{
  static char *dir;

  if (dir == NULL)
    {
      g_autofree char *fixtures = rig_fuzz_fixture ("catalog");
      g_autoptr(GDir) listing = g_dir_open (fixtures, 0, NULL);
      const char *name;

      rig_fuzz_assert (listing != NULL);
      dir = g_build_filename (rig_fuzz_temp_dir (), "catalog-csv", NULL);
      rig_fuzz_assert (g_mkdir (dir, 0700) == 0);
      while ((name = g_dir_read_name (listing)) != NULL)
        {
          g_autofree char *from = g_build_filename (fixtures, name, NULL);
          g_autofree char *to = g_build_filename (dir, name, NULL);
          g_autofree char *contents = NULL;
          gsize length;

          rig_fuzz_assert (g_file_get_contents (from, &contents, &length, NULL));
          rig_fuzz_assert (g_file_set_contents (to, contents, (gssize) length, NULL));
        }
    }
  return dir;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *newline = memchr (data, '\n', size);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *original = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  gsize original_length;
  gsize offset;

  if (newline == NULL)
    return 0;
  offset = (gsize) (newline - (const char *) data);
  name = g_strndup ((const char *) data, offset);
  /* Only the files the test catalog has: no other path is ever written. */
  if (strchr (name, '/') != NULL || !g_str_has_suffix (name, ".csv"))
    return 0;
  path = g_build_filename (csv_dir (), name, NULL);
  if (!g_file_get_contents (path, &original, &original_length, NULL))
    return 0;

  rig_fuzz_assert (g_file_set_contents (path, (const char *) data + offset + 1,
                                        (gssize) (size - offset - 1), NULL));
  output = g_build_filename (rig_fuzz_temp_dir (), "fuzz-catalog.sqlite", NULL);
  g_unlink (output);
  if (rig_catalog_compile (csv_dir (), output, &error))
    {
      g_autoptr(RigCatalog) catalog = rig_catalog_new (output, &error);

      rig_fuzz_assert (catalog != NULL);
    }
  else
    {
      rig_fuzz_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
      rig_fuzz_assert (!g_file_test (output, G_FILE_TEST_EXISTS));
    }
  rig_fuzz_assert (g_file_set_contents (path, original, (gssize) original_length, NULL));
  return 0;
}
