/* bench-engine: µs per rig_plan_evaluate on a 12-part build with 8 workloads, full (the window's
 * plan, with every word) and lean (figures and codes, for a search), and ms for the picker's
 * what-if of 1,000 candidates
 *
 * Budgets: 20 µs median for the full plan on a 2-core machine (the README's budgets), 3 µs for the lean
 * one and 5 ms for 1,000 candidates filtered and sorted (rig_plan_impact_lean ()). Run with
 * `meson test --benchmark`; `bench-engine lean` (or full, impact) runs one of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "rig-catalog.h"
#include "rig-impact.h"
#include "rig-plan.h"

static const char * const parts[] = {
  "nvidia-rtx-4090", "nvidia-rtx-3090", "amd-threadripper-7970x", "asus-proart-x670e-creator-wifi",
  "corsair-vengeance-ddr5-6000-cl30-2x48gb", "samsung-990-pro-2tb", "samsung-990-pro-4tb",
  "corsair-ax1600i", "corsair-5000d-airflow", "noctua-nh-d15", "asus-xg-c100c",
  "nvidia-rtx-a6000",
};

static const struct { const char *model, *quant; RigWorkloadMode mode; guint context; } workloads[] = {
  { "llama-3.1-8b", "Q4_K_M", RIG_MODE_INFERENCE, 8192 },
  { "llama-3.1-70b", "Q4_K_M", RIG_MODE_INFERENCE, 32768 },
  { "qwen3-30b-a3b", "Q8_0", RIG_MODE_INFERENCE, 16384 },
  { "deepseek-v3", "Q2_K", RIG_MODE_INFERENCE, 8192 },
  { "gemma-2-27b", "Q6_K", RIG_MODE_INFERENCE, 8192 },
  { "mixtral-8x7b", "Q5_K_M", RIG_MODE_INFERENCE, 4096 },
  { "llama-3.1-8b", "BF16", RIG_MODE_LORA, 2048 },
  { "llama-3.1-8b", "NF4-DQ", RIG_MODE_QLORA, 4096 },
};

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

enum { ROUNDS = 31, PER_ROUND = 2000 };

/* @samples, sorted: µs per evaluation in each round. A full report is made and freed each
 * time, as the window does; a lean one is reset and reused, as a search does. */
static void
measure (const RigBuild *build,
         gboolean        lean,
         double         *samples)
{
  RigReport reused;

  rig_report_init_lean (&reused);
  for (guint round = 0; round < ROUNDS; round++)
    {
      gint64 start = g_get_monotonic_time ();

      for (guint i = 0; i < PER_ROUND; i++)
        {
          RigReport report;

          if (lean)
            {
              rig_report_reset (&reused);
              rig_plan_evaluate (build, &reused);
              continue;
            }
          rig_report_init (&report);
          rig_plan_evaluate (build, &report);
          rig_report_clear (&report);
        }
      samples[round] = (double) (g_get_monotonic_time () - start) / PER_ROUND;
    }
  rig_report_clear (&reused);
  qsort (samples, ROUNDS, sizeof samples[0], cmp_double);
}

/* ms for the picker's what-if of 1,000 GPU candidates in the place of the build's first card,
 * the catalog's GPUs in turn; @samples sorted. */
static void
measure_impact (RigCatalog     *catalog,
                const RigBuild *build,
                gboolean        words,
                double         *samples,
                guint           rounds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) gpus = rig_catalog_search (catalog, "", RIG_PART_GPU, 0, &error);
  RigReport before;

  g_assert_no_error (error);
  rig_report_init (&before);
  rig_plan_evaluate (build, &before);
  for (guint round = 0; round < rounds; round++)
    {
      gint64 start = g_get_monotonic_time ();

      for (guint i = 0; i < 1000; i++)
        {
          RigImpact impact;

          if (words)
            rig_plan_impact (build, &before, g_ptr_array_index (gpus, i % gpus->len), 0, &impact);
          else
            rig_plan_impact_lean (build, &before, g_ptr_array_index (gpus, i % gpus->len), 0, &impact);
        }
      samples[round] = (double) (g_get_monotonic_time () - start) / 1000.0;
    }
  rig_report_clear (&before);
  qsort (samples, rounds, sizeof samples[0], cmp_double);
}

static gboolean
wanted (int          argc,
        char        *argv[],
        const char  *name)
{
  if (argc < 2)
    return TRUE;
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], name))
      return TRUE;
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  /* RIGPLAN_CATALOG as meson test sets it, else the catalog rigplan-cli would open. */
  g_autofree char *catalog_path = rig_catalog_default_path ();
  g_autoptr(RigCatalog) catalog = rig_catalog_new (catalog_path, &error);
  g_autoptr(RigBuild) build = rig_build_new ("bench");
  double samples[ROUNDS];

  if (catalog == NULL)
    {
      fprintf (stderr, "bench-engine: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    rig_build_add_part (build, parts[i], 1);
  for (guint i = 0; i < G_N_ELEMENTS (workloads); i++)
    {
      RigWorkload *w = rig_workload_new ();

      w->model_id = g_strdup (workloads[i].model);
      w->quant_id = g_strdup (workloads[i].quant);
      w->mode = workloads[i].mode;
      w->context = workloads[i].context;
      w->gradient_checkpointing = w->mode != RIG_MODE_INFERENCE;
      g_ptr_array_add (build->workloads, w);
    }
  if (!rig_catalog_resolve_build (catalog, build, &error))
    {
      fprintf (stderr, "bench-engine: %s\n", error->message);
      return 1;
    }

  /* Each argument names a measurement to run ("full", "lean", "impact"); none runs them all. */
  if (wanted (argc, argv, "full"))
    {
      measure (build, FALSE, samples);
      printf ("rig_plan_evaluate, %zu parts, %zu workloads: median %.2f µs, min %.2f µs, max %.2f µs "
              "per evaluation (%d rounds of %d)\n", G_N_ELEMENTS (parts), G_N_ELEMENTS (workloads),
              samples[ROUNDS / 2], samples[0], samples[ROUNDS - 1], ROUNDS, PER_ROUND);
    }
  if (wanted (argc, argv, "lean"))
    {
      measure (build, TRUE, samples);
      printf ("rig_plan_evaluate, lean report reused: median %.2f µs, min %.2f µs, max %.2f µs "
              "per evaluation (%d rounds of %d; budget 3 µs)\n",
              samples[ROUNDS / 2], samples[0], samples[ROUNDS - 1], ROUNDS, PER_ROUND);
    }
  if (wanted (argc, argv, "impact"))
    {
      /* The picker filters (Compatible only) and sorts every candidate without the words of a
       * new error, and makes the words only for the rows it shows. */
      measure_impact (catalog, build, FALSE, samples, 11);
      printf ("rig_plan_impact_lean, 1000 GPU candidates (filter and sort): median %.2f ms, min %.2f ms, "
              "max %.2f ms (11 rounds; budget 5 ms)\n", samples[11 / 2], samples[0], samples[10]);
      measure_impact (catalog, build, TRUE, samples, 11);
      printf ("rig_plan_impact, 1000 GPU candidates with the words of each new error: median %.2f ms, "
              "min %.2f ms, max %.2f ms (11 rounds)\n", samples[11 / 2], samples[0], samples[10]);
    }
  return 0;
}
