/* fuzz-import-csv.c: a spreadsheet's parts list imported into a build; whatever import makes,
 * the build file it saves must load again (import and build files share their limits)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rig-build-file.h"
#include "rig-import.h"
#include "rig-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static RigCatalog *catalog;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unmatched = NULL;
  g_autoptr(RigBuild) build = NULL;
  g_autoptr(RigBuild) again = NULL;
  g_autofree char *text = NULL;

  if (catalog == NULL)
    {
      catalog = rig_catalog_new (rig_fuzz_catalog (), &error);
      rig_fuzz_assert (catalog != NULL);
    }
  if (size > G_MAXSSIZE)
    return 0;

  build = rig_import_csv_parts (catalog, (const char *) data, (gssize) size, "Imported",
                                &unmatched, &error);
  if (build == NULL)
    {
      rig_fuzz_assert (error != NULL && rig_text_is_clean (error->message));
      return 0;
    }
  for (guint i = 0; unmatched != NULL && i < unmatched->len; i++)
    rig_fuzz_assert (g_utf8_validate (g_ptr_array_index (unmatched, i), -1, NULL));

  text = rig_build_to_json (build);
  again = rig_build_from_json (text, -1, &error);
  if (again == NULL)
    g_printerr ("an imported build does not load: %s\n", error->message);
  rig_fuzz_assert (again != NULL);
  return 0;
}
