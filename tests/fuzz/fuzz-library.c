/* fuzz-library.c: a library file as it may be found on disk: damaged, from a newer or an older
 * Rigplan, or edited by hand
 *
 * Opening it either fails, leaving the file exactly as it was, or gives a library whose every
 * row can be asked for without a crash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "rig-library.h"
#include "rig-fuzz.h"

static void
read_everything (RigLibrary *library)
{
  g_autoptr(GPtrArray) builds = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  static const char * const currencies[] = { "EUR", "GBP", "JPY", "USD" };

  builds = rig_library_list_builds (library, NULL);
  for (guint i = 0; builds != NULL && i < builds->len; i++)
    {
      const RigLibraryEntry *entry = g_ptr_array_index (builds, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(RigBuild) build = rig_library_load_build (library, entry->id, &error);

      rig_fuzz_assert (build != NULL || error != NULL);
      if (build != NULL)
        {
          rig_library_apply_prices (library, build);
          for (guint j = 0; j < build->items->len; j++)
            {
              const RigBuildItem *item = g_ptr_array_index (build->items, j);
              g_autoptr(GPtrArray) prices = rig_library_list_prices (library, item->part_id, NULL);
              g_autoptr(RigPart) custom = rig_library_get_custom_part (library, item->part_id,
                                                                       NULL);
            }
        }
    }
  sources = rig_library_list_sources (library, NULL);
  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      const RigPriceSource *source = g_ptr_array_index (sources, i);

      rig_fuzz_assert (rig_text_is_clean (source->name) && rig_text_is_clean (source->status));
    }
  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    rig_library_get_fx_rate (library, currencies[i]);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = g_build_filename (rig_fuzz_temp_dir (), "library.sqlite", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = NULL;
  gsize after_length;

  g_unlink (journal);
  g_unlink (wal);
  g_unlink (shm);
  rig_fuzz_assert (g_file_set_contents (path, (const char *) data, (gssize) size, NULL));

  library = rig_library_new (path, &error);
  if (library == NULL)
    {
      rig_fuzz_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
      rig_fuzz_assert (g_file_get_contents (path, &after, &after_length, NULL));
      rig_fuzz_assert (after_length == size && memcmp (after, data, size) == 0);
      return 0;
    }
  read_everything (library);
  return 0;
}
