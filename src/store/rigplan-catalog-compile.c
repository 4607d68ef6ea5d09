/* rigplan-catalog-compile: validate the catalog CSV files and write catalog.sqlite
 *
 *   rigplan-catalog-compile CSV_DIR OUTPUT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "rig-catalog-compiler.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");

  if (argc != 3)
    {
      fprintf (stderr, "Usage: %s CSV_DIR OUTPUT\n", argv[0]);
      return 2;
    }
  if (!rig_catalog_compile (argv[1], argv[2], &error))
    {
      /* Each line already reads "file:line: field: reason"; prefix the folder so editors
       * and the build log can jump to it. */
      g_auto(GStrv) lines = g_strsplit (error->message, "\n", -1);

      for (guint i = 0; lines[i]; i++)
        fprintf (stderr, "%s/%s\n", argv[1], lines[i]);
      fprintf (stderr, "The catalog was not written.\n");
      return 1;
    }
  return 0;
}
