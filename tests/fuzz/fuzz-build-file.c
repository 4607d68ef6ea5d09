/* fuzz-build-file.c: build files, and the property that whatever loads can be saved and loaded
 * again, as a file and in the library, unchanged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rig-build-file.h"
#include "rig-library.h"
#include "rig-fuzz.h"

static RigLibrary *
library (void)
{
  static RigLibrary *library;

  if (library == NULL)
    {
      g_autofree char *path = g_build_filename (rig_fuzz_temp_dir (), "library.sqlite", NULL);

      library = rig_library_new (path, NULL);
      rig_fuzz_assert (library != NULL);
    }
  return library;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = NULL;
  g_autoptr(RigBuild) from_text = NULL;
  g_autoptr(RigBuild) from_file = NULL;
  g_autoptr(RigBuild) from_library = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  gint64 id;

  if (size > G_MAXSSIZE)
    return 0;
  build = rig_build_from_json ((const char *) data, (gssize) size, &error);
  if (build == NULL)
    {
      rig_fuzz_assert (error != NULL);
      rig_fuzz_assert (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  rig_fuzz_assert (rig_text_is_clean (build->name));

  /* Saved as text, it reads back as the same build. */
  text = rig_build_to_json (build);
  from_text = rig_build_from_json (text, -1, &error);
  rig_fuzz_assert (from_text != NULL);
  again = rig_build_to_json (from_text);
  rig_fuzz_assert (g_str_equal (text, again));
  g_clear_pointer (&again, g_free);

  /* … as a file, */
  path = g_build_filename (rig_fuzz_temp_dir (), "build.json", NULL);
  rig_fuzz_assert (rig_build_file_save (build, path, &error));
  from_file = rig_build_file_load (path, &error);
  rig_fuzz_assert (from_file != NULL);
  again = rig_build_to_json (from_file);
  rig_fuzz_assert (g_str_equal (text, again));
  g_clear_pointer (&again, g_free);

  /* … and in the library. */
  id = rig_library_save_build (library (), 0, build, &error);
  rig_fuzz_assert (id > 0);
  from_library = rig_library_load_build (library (), id, &error);
  rig_fuzz_assert (from_library != NULL);
  again = rig_build_to_json (from_library);
  rig_fuzz_assert (g_str_equal (text, again));
  rig_fuzz_assert (rig_library_delete_build (library (), id, &error));
  return 0;
}
