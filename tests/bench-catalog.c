/* bench-catalog: searching 100,000 GPUs through RigCatalogModel
 *
 * Writes a synthetic catalog (the bundled CSV files, with gpu.csv grown to 100,000 rows of
 * made-up cards), compiles it, then times 200 searches the way the part picker makes them:
 * set_query, get_n_items and get_item of the first 50 rows. Prints p50 and p95 in ms.
 * Usage: bench-catalog DATA/CATALOG-DIR (meson passes it; `meson test --benchmark catalog`);
 * RIGPLAN_BENCH_KEEP=1 keeps the generated catalog.sqlite for a look with sqlite3.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "rig-catalog-compiler.h"
#include "rig-catalog-model.h"
#include "rig-csv.h"

#define N_GPUS     100000
#define N_SEARCHES 200
#define N_SHOWN    50

static const char * const vendors[] = {
  "NVIDIA", "AMD", "Intel", "ASUS", "MSI", "Gigabyte", "Zotac", "PNY", "Sapphire", "XFX",
};
static const char * const series[] = {
  "GeForce RTX", "Radeon RX", "Arc A", "Quadro", "Tesla", "Instinct MI", "RTX PRO",
  "Radeon PRO W",
};
static const char * const editions[] = {
  "Founders", "OC", "Gaming", "Turbo", "Eagle", "Ventus", "Aero", "Blower", "Ultra", "Max",
};
static const int memories[] = { 8, 12, 16, 20, 24, 32, 48, 64, 80, 96, 128, 141, 192 };

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
append_csv_field (GString    *out,
                  const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_csv_record (GString            *out,
                   const char * const *fields)
{
  for (guint i = 0; fields[i]; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      append_csv_field (out, fields[i]);
    }
  g_string_append_c (out, '\n');
}

static int
column (GStrv       header,
        const char *name)
{
  for (int i = 0; header[i]; i++)
    if (g_str_equal (header[i], name))
      return i;
  g_error ("gpu.csv has no column “%s”", name);
}

/* gpu.csv with its real rows, then made-up cards copied from them up to N_GPUS rows. */
static void
write_gpus (const char *source_dir,
            const char *dir,
            GRand      *rand)
{
  g_autofree char *path = g_build_filename (source_dir, "gpu.csv", NULL);
  g_autofree char *out_path = g_build_filename (dir, "gpu.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GString) out = g_string_sized_new (N_GPUS * 400);
  GStrv header;
  int c_id, c_name, c_vendor, c_aliases, c_memory, c_price, c_source, c_used[3];
  guint n_real;
  gsize length;

  if (!g_file_get_contents (path, &text, &length, &error) ||
      !(records = rig_csv_parse (text, length, &error)))
    g_error ("%s: %s", path, error->message);
  g_ptr_array_set_free_func (records, (GDestroyNotify) rig_csv_record_free);

  header = ((RigCsvRecord *) g_ptr_array_index (records, 0))->fields;
  c_id = column (header, "id");
  c_name = column (header, "name");
  c_vendor = column (header, "vendor");
  c_aliases = column (header, "aliases");
  c_memory = column (header, "memory_gib");
  c_price = column (header, "price_usd");
  c_source = column (header, "source");
  c_used[0] = column (header, "used_price_usd");
  c_used[1] = column (header, "used_price_date");
  c_used[2] = column (header, "used_price_source");

  n_real = records->len - 1;
  for (guint i = 0; i < records->len; i++)
    append_csv_record (out, (const char * const *) ((RigCsvRecord *) g_ptr_array_index (records, i))->fields);

  for (guint i = n_real; i < N_GPUS; i++)
    {
      RigCsvRecord *model = g_ptr_array_index (records, 1 + i % n_real);
      g_auto(GStrv) fields = g_strdupv (model->fields);
      const char *vendor = vendors[g_rand_int_range (rand, 0, G_N_ELEMENTS (vendors))];
      int memory = memories[g_rand_int_range (rand, 0, G_N_ELEMENTS (memories))];

      g_free (fields[c_id]);
      fields[c_id] = g_strdup_printf ("synthetic-gpu-%06u", i);
      g_free (fields[c_name]);
      fields[c_name] = g_strdup_printf ("%s %s %d %s %dGB", vendor,
                                        series[g_rand_int_range (rand, 0, G_N_ELEMENTS (series))],
                                        g_rand_int_range (rand, 1000, 10000),
                                        editions[g_rand_int_range (rand, 0, G_N_ELEMENTS (editions))],
                                        memory);
      g_free (fields[c_vendor]);
      fields[c_vendor] = g_strdup (vendor);
      g_free (fields[c_aliases]);
      fields[c_aliases] = g_strdup ("");
      g_free (fields[c_memory]);
      fields[c_memory] = g_strdup_printf ("%d", memory);
      g_free (fields[c_price]);
      /* One in ten without a price, as in the real catalog's older cards. */
      fields[c_price] = g_rand_int_range (rand, 0, 10) == 0
                          ? g_strdup ("")
                          : g_strdup_printf ("%d.00", g_rand_int_range (rand, 150, 40000));
      /* A made-up card has no datasheet and no used price. */
      g_free (fields[c_source]);
      fields[c_source] = g_strdup ("bench-catalog: a made-up card");
      for (guint k = 0; k < G_N_ELEMENTS (c_used); k++)
        {
          g_free (fields[c_used[k]]);
          fields[c_used[k]] = g_strdup ("");
        }
      append_csv_record (out, (const char * const *) fields);
    }

  if (!g_file_set_contents (out_path, out->str, out->len, &error))
    g_error ("%s", error->message);
}

static void
copy_other_files (const char *source_dir,
                  const char *dir)
{
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  if (!(listing = g_dir_open (source_dir, 0, &error)))
    g_error ("%s", error->message);
  while ((name = g_dir_read_name (listing)))
    {
      g_autofree char *from = g_build_filename (source_dir, name, NULL);
      g_autofree char *to = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_str_has_suffix (name, ".csv") || g_str_equal (name, "gpu.csv"))
        continue;
      if (!g_file_get_contents (from, &contents, &length, &error) ||
          !g_file_set_contents (to, contents, length, &error))
        g_error ("%s", error->message);
    }
}

/* Different searches, as typed: a few single characters, number and word prefixes, and
 * two-word searches. */
static GPtrArray *
make_searches (GRand *rand)
{
  static const char * const words[] = {
    "nvidia", "amd", "intel", "asus", "msi", "gigabyte", "zotac", "pny", "sapphire", "xfx",
    "geforce", "radeon", "rtx", "arc", "quadro", "tesla", "instinct", "pro", "founders", "gaming",
    "turbo", "eagle", "ventus", "aero", "blower", "ultra", "max",
  };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *searches = g_ptr_array_new_with_free_func (g_free);

  while (searches->len < N_SEARCHES)
    {
      const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      int kind = g_rand_int_range (rand, 0, 10);
      char *search;

      if (kind == 0)
        search = g_strndup (word, 1);
      else if (kind <= 3)
        search = g_strdup_printf ("%d", g_rand_int_range (rand, 10, 1000));
      else if (kind <= 6)
        search = g_strndup (word, g_rand_int_range (rand, 2, strlen (word) + 1));
      else
        search = g_strdup_printf ("%s %d", word, g_rand_int_range (rand, 1, 100));

      if (g_hash_table_contains (seen, search))
        {
          g_free (search);
          continue;
        }
      g_hash_table_add (seen, search);
      g_ptr_array_add (searches, search);
    }
  return searches;
}

static double
time_view (RigCatalogModel *model,
           guint           *n_items)
{
  gint64 start = g_get_monotonic_time ();

  *n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint j = 0; j < MIN (*n_items, N_SHOWN); j++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), j));
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autoptr(RigCatalog) catalog = NULL;
  g_autoptr(RigCatalogModel) model = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  double times[N_SEARCHES];
  double slowest = 0;
  const char *slowest_search = NULL;
  guint slowest_rows = 0;
  guint64 total_items = 0;
  struct rusage usage;
  gint64 start;
  guint n_items;

  if (argc != 2)
    {
      fprintf (stderr, "Usage: %s DATA/CATALOG-DIR\n", argv[0]);
      return 2;
    }

  dir = g_dir_make_tmp ("rigplan-bench-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "catalog.sqlite", NULL);

  start = g_get_monotonic_time ();
  copy_other_files (argv[1], dir);
  write_gpus (argv[1], dir, rand);
  if (!rig_catalog_compile (dir, db, &error))
    g_error ("%s", error->message);
  printf ("compiled %d GPUs in %.1f s\n", N_GPUS, (g_get_monotonic_time () - start) / 1e6);

  catalog = rig_catalog_new (db, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  model = rig_catalog_model_new (catalog, RIG_PART_GPU);
  printf ("all GPUs by name: %u rows in %.1f ms\n", g_list_model_get_n_items (G_LIST_MODEL (model)),
          (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_GPUS);

  searches = make_searches (rand);
  for (guint i = 0; i < N_SEARCHES; i++)
    {
      start = g_get_monotonic_time ();
      rig_catalog_model_set_query (model, g_ptr_array_index (searches, i));
      times[i] = (g_get_monotonic_time () - start) / 1000.0 + time_view (model, &n_items);
      total_items += n_items;
      if (times[i] > slowest)
        {
          slowest = times[i];
          slowest_search = g_ptr_array_index (searches, i);
          slowest_rows = n_items;
        }
    }
  qsort (times, N_SEARCHES, sizeof (double), cmp_double);
  printf ("%d searches (set_query + get_n_items + first %d items), %.0f rows each on average:\n"
          "  p50 %.2f ms  p95 %.2f ms  max %.2f ms\n",
          N_SEARCHES, N_SHOWN, (double) total_items / N_SEARCHES,
          times[N_SEARCHES / 2], times[N_SEARCHES * 95 / 100], times[N_SEARCHES - 1]);
  printf ("  slowest: “%s”, %u rows\n", slowest_search, slowest_rows);

  /* Changes that touch every row: no search, another order, a filter. */
  rig_catalog_model_set_query (model, NULL);
  start = g_get_monotonic_time ();
  rig_catalog_model_set_sort (model, RIG_CATALOG_SORT_PRICE, TRUE);
  printf ("all GPUs by price: %.1f ms", (g_get_monotonic_time () - start) / 1000.0 +
                                         time_view (model, &n_items));
  start = g_get_monotonic_time ();
  rig_catalog_model_set_filter_min_spec (model, 48);
  printf (", memory ≥ 48 GiB: %u rows in %.1f ms\n", g_list_model_get_n_items (G_LIST_MODEL (model)),
          (g_get_monotonic_time () - start) / 1000.0 + time_view (model, &n_items));

  getrusage (RUSAGE_SELF, &usage);
  printf ("peak memory %.0f MiB\n", usage.ru_maxrss / 1024.0);

  g_clear_object (&model);
  g_clear_object (&catalog);
  if (g_getenv ("RIGPLAN_BENCH_KEEP") != NULL)
    {
      printf ("kept %s\n", db);
      return 0;
    }
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while (listing && (name = g_dir_read_name (listing)))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (dir);
  }
  return 0;
}
