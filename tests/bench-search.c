/* bench-search: how long `rigplan-cli suggest` takes for typical requests on the bundled
 * catalog, from exec to exit, and rig_search_run () on a synthetic catalog ten times larger
 *
 * Budgets (issue: find me a build): 1 s whole-process on the bundled catalog, 5 s with a
 * catalog 10× larger, on a 2-core machine. Run with `meson test --benchmark`; the figures are
 * printed, never asserted.
 *
 * The synthetic catalog holds ten copies of every part: each with its own id and a price from
 * 80 % to 125 % of the original, and GPUs and cases with their length changed a little, so
 * that no two copies plan alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "rig-build-file.h"
#include "rig-catalog.h"
#include "rig-search.h"

static const char * const requests[] = {
  /* 70B at 32k context, 15 tokens/s, under $6,000, used GPUs allowed */
  "{ \"format\": \"rigplan-request\", \"version\": 1, \"workloads\": [ { \"model\": \"llama-3.3-70b\","
  " \"quant\": \"Q4_K_M\", \"context\": 32768, \"min_decode_tokens_per_s\": 15 } ],"
  " \"budget\": 6000, \"used\": [\"gpu\"] }",
  /* QLoRA of an 8B model */
  "{ \"format\": \"rigplan-request\", \"version\": 1, \"workloads\": [ { \"model\": \"llama-3.1-8b\","
  " \"quant\": \"NF4-DQ\", \"mode\": \"qlora\", \"context\": 4096, \"gradient_checkpointing\": true } ] }",
  /* 8B served fast, on a 15 A circuit */
  "{ \"format\": \"rigplan-request\", \"version\": 1, \"workloads\": [ { \"model\": \"llama-3.1-8b\","
  " \"quant\": \"Q8_0\", \"context\": 16384, \"min_decode_tokens_per_s\": 60 } ], \"circuit\": \"us-15a\" }",
  /* a 32B coder, PC only, at most two GPUs */
  "{ \"format\": \"rigplan-request\", \"version\": 1, \"workloads\": [ { \"model\": \"qwen-2.5-coder-32b\","
  " \"quant\": \"Q5_K_M\", \"context\": 32768, \"min_decode_tokens_per_s\": 20 } ],"
  " \"families\": [\"pc\"], \"max_gpus\": 2 }",
};

static double
run_cli (const char *cli,
         const char *request_path)
{
  const char *argv[] = { cli, "suggest", request_path, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;
  gint64 start = g_get_monotonic_time ();

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                     NULL, &status, &error) || !g_spawn_check_wait_status (status, &error))
    {
      fprintf (stderr, "bench-search: %s\n", error->message);
      exit (1);
    }
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static GPtrArray *
synthetic_parts (GPtrArray *parts,
                 guint      copies)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_part_free);

  for (guint i = 0; i < parts->len; i++)
    for (guint c = 0; c < copies; c++)
      {
        RigPart *part = rig_part_copy (g_ptr_array_index (parts, i));
        double factor = 0.80 + 0.05 * c;

        g_free (part->id);
        part->id = g_strdup_printf ("%s~%u", ((RigPart *) g_ptr_array_index (parts, i))->id, c);
        if (part->price_cents != RIG_MONEY_UNKNOWN)
          part->price_cents = (gint64) llround (part->price_cents * factor);
        if (part->kind == RIG_PART_GPU && !isnan (part->gpu.length_mm))
          part->gpu.length_mm += c;
        if (part->kind == RIG_PART_CASE && !isnan (part->pc_case.max_gpu_length_mm))
          part->pc_case.max_gpu_length_mm += 2.0 * c;
        g_ptr_array_add (out, part);
      }
  return out;
}

int
main (void)
{
  const char *cli = g_getenv ("RIGPLAN_CLI");
  g_autofree char *catalog_path = rig_catalog_default_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = rig_catalog_new (catalog_path, &error);
  g_autofree char *dir = g_dir_make_tmp ("rigplan-bench-search-XXXXXX", &error);
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) large = NULL;

  setvbuf (stdout, NULL, _IOLBF, 0);
  if (catalog == NULL || dir == NULL || cli == NULL)
    {
      fprintf (stderr, "bench-search: %s\n", error ? error->message : "RIGPLAN_CLI is not set");
      return 1;
    }
  parts = rig_catalog_search (catalog, "", -1, 0, &error);
  large = synthetic_parts (parts, 10);

  printf ("rigplan-cli suggest, bundled catalog (%u parts), from exec to exit, median of 5:\n",
          parts->len);
  for (guint r = 0; r < G_N_ELEMENTS (requests); r++)
    {
      g_autofree char *path = g_strdup_printf ("%s/request-%u.json", dir, r);
      double samples[5];

      g_file_set_contents (path, requests[r], -1, NULL);
      for (guint k = 0; k < G_N_ELEMENTS (samples); k++)
        samples[k] = run_cli (cli, path);
      qsort (samples, G_N_ELEMENTS (samples), sizeof (double), cmp_double);
      printf ("  request %u: %.0f ms (budget 1000 ms)\n", r + 1, samples[2]);
      g_unlink (path);
    }

  printf ("rig_search_run (), synthetic catalog of %u parts (10×), one run each:\n", large->len);
  for (guint r = 0; r < G_N_ELEMENTS (requests); r++)
    {
      g_autoptr(RigSearchRequest) request = rig_search_request_from_json (requests[r], -1, &error);
      g_autoptr(RigSearchResult) result = NULL;
      gint64 start;

      if (request == NULL || !rig_catalog_resolve_build (catalog, request->base, &error))
        {
          fprintf (stderr, "bench-search: %s\n", error->message);
          return 1;
        }
      start = g_get_monotonic_time ();
      result = rig_search_run (request, large, 3);
      printf ("  request %u: %.0f ms, %u answers, %" G_GUINT64_FORMAT " plans (budget 5000 ms)\n",
              r + 1, (g_get_monotonic_time () - start) / 1000.0, result->answers->len, result->plans);
    }
  g_rmdir (dir);
  return 0;
}
