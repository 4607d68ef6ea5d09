/* rig-fuzz-replay.c: runs a fuzz target once over each file of its corpus, as a TAP test
 *
 * Usage: replay-TARGET DIR|FILE …
 *
 * Linked with a target instead of libFuzzer, so that `meson test` (any compiler, sanitizers or
 * not) checks that no input that was ever saved crashes Rigplan or breaks a property again.
 * The file's name is printed before it runs: a crash shows which input did it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "rig-fuzz.h"

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static void
collect (const char *path,
         GPtrArray  *files)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (files, g_build_filename (path, name, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i < argc; i++)
    collect (argv[i], files);
  g_ptr_array_sort (files, compare_paths);

  if (files->len == 0)
    {
      printf ("1..0 # no corpus\n");
      fprintf (stderr, "%s: no input files (give a corpus folder)\n", argv[0]);
      return 1;
    }

  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      const char *file = g_ptr_array_index (files, i);
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      printf ("# %s\n", file);
      fflush (stdout);
      if (!g_file_get_contents (file, &data, &length, &error))
        {
          printf ("not ok %u - %s: %s\n", i + 1, file, error->message);
          return 1;
        }
      LLVMFuzzerTestOneInput ((const uint8_t *) data, length);
      printf ("ok %u - %s\n", i + 1, file);
    }
  return 0;
}
