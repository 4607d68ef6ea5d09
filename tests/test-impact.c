/* test-impact.c: what one candidate part would change, as the part picker shows it
 *
 * On the fixture catalog: a build of one RTX 4090, a Ryzen 9 7950X and its AM5 board, with an
 * 8B model to run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-catalog.h"
#include "rig-impact.h"
#include "rig-test-util.h"

static RigCatalog *catalog;

static RigBuild *
sound_build (void)
{
  g_autoptr(RigBuild) build = rig_build_new ("impact");
  g_autoptr(GError) error = NULL;
  RigWorkload *w = rig_workload_new ();

  rig_build_add_part (build, "nvidia-rtx-4090", 1);
  rig_build_add_part (build, "amd-ryzen-9-7950x", 1);
  rig_build_add_part (build, "asus-proart-x670e-creator-wifi", 1);
  w->model_id = g_strdup ("llama-3.1-8b");
  w->quant_id = g_strdup ("Q4_K_M");
  w->context = 8192;
  g_ptr_array_add (build->workloads, w);
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&build);
}

static RigPart *
get_part (const char *id)
{
  g_autoptr(GError) error = NULL;
  RigPart *part = rig_catalog_get_part (catalog, id, &error);

  g_assert_no_error (error);
  return part;
}

static void
impact_of (const RigBuild *build,
           const RigPart  *candidate,
           int             replace,
           RigImpact      *impact)
{
  RigReport before;

  rig_report_init (&before);
  rig_plan_evaluate (build, &before);
  rig_plan_impact (build, &before, candidate, replace, impact);
  rig_report_clear (&before);
}

/* A second card adds its catalog price; a card in place of a pair changes by the difference
 * times the count. */
static void
test_price_change (void)
{
  g_autoptr(RigBuild) build = sound_build ();
  g_autoptr(RigPart) rtx4090 = get_part ("nvidia-rtx-4090");
  g_autoptr(RigPart) rtx3090 = get_part ("nvidia-rtx-3090");
  RigImpact impact;

  impact_of (build, rtx4090, -1, &impact);
  g_assert_true (impact.price_known);
  g_assert_cmpint (impact.price_delta_minor, ==, rtx4090->price_cents);

  ((RigBuildItem *) g_ptr_array_index (build->items, 0))->count = 2;
  impact_of (build, rtx3090, 0, &impact);
  g_assert_true (impact.price_known);
  g_assert_cmpint (impact.price_delta_minor, ==, 2 * (rtx3090->price_cents - rtx4090->price_cents));
}

/* A part without a price is never counted as free: not the candidate, not the part it
 * replaces. */
static void
test_unknown_price (void)
{
  g_autoptr(RigBuild) build = sound_build ();
  g_autoptr(RigPart) unpriced = get_part ("nvidia-rtx-3090");
  g_autoptr(RigPart) priced = get_part ("nvidia-rtx-3090");
  RigBuildItem *gpu = g_ptr_array_index (build->items, 0);
  RigImpact impact;

  unpriced->price_cents = RIG_MONEY_UNKNOWN;
  impact_of (build, unpriced, 0, &impact);
  g_assert_false (impact.price_known);
  g_assert_cmpint (impact.price_state, ==, RIG_PRICE_MISSING);
  impact_of (build, unpriced, -1, &impact);
  g_assert_false (impact.price_known);

  gpu->part->price_cents = RIG_MONEY_UNKNOWN;
  impact_of (build, priced, 0, &impact);
  g_assert_false (impact.price_known);

  /* The price the user typed for the replaced part counts as its price. */
  gpu->has_price = TRUE;
  gpu->price_minor = 100000;
  impact_of (build, priced, 0, &impact);
  g_assert_true (impact.price_known);
  g_assert_cmpint (impact.price_delta_minor, ==, priced->price_cents - 100000);
}

/* The wrong socket adds an error; the build's own CPU adds none. */
static void
test_new_errors (void)
{
  g_autoptr(RigBuild) build = sound_build ();
  g_autoptr(RigPart) intel = get_part ("intel-core-i9-14900k");
  g_autoptr(RigPart) amd = get_part ("amd-ryzen-9-7950x");
  RigImpact impact;

  impact_of (build, intel, 1, &impact);
  g_assert_cmpint (impact.errors_delta, >, 0);
  g_assert_nonnull (strstr (impact.new_error, "socket"));
  g_assert_cmpstr (impact.new_error_code, ==, "compat.socket");
  impact_of (build, amd, 1, &impact);
  g_assert_cmpint (impact.errors_delta, ==, 0);
  g_assert_cmpstr (impact.new_error, ==, "");
  g_assert_null (impact.new_error_code);
  g_assert_cmpint (impact.warnings_delta, ==, 0);

  /* The lean impact says the same but for the words, over and over on one thread's scratch. */
  {
    RigReport before;
    RigImpact lean, full;

    rig_report_init (&before);
    rig_plan_evaluate (build, &before);
    for (guint round = 0; round < 3; round++)
      {
        rig_plan_impact_lean (build, &before, intel, 1, &lean);
        rig_plan_impact (build, &before, intel, 1, &full);
        g_assert_cmpstr (lean.new_error, ==, "");
        g_assert_cmpstr (lean.new_error_code, ==, full.new_error_code);
        g_assert_cmpint (lean.errors_delta, ==, full.errors_delta);
        g_assert_cmpint (lean.warnings_delta, ==, full.warnings_delta);
        g_assert_cmpuint (lean.fits, ==, full.fits);
        g_assert_true (lean.price_known == full.price_known);
        rig_plan_impact_lean (build, &before, amd, 1, &lean);
        g_assert_null (lean.new_error_code);
        g_assert_cmpint (lean.errors_delta, ==, 0);
      }
    rig_report_clear (&before);
  }
}

/* The workloads' fit and decode speed after the change, and the PSU's load only with a PSU. */
static void
test_fit_and_speed (void)
{
  g_autoptr(RigBuild) build = sound_build ();
  g_autoptr(RigPart) small = get_part ("nvidia-rtx-4060-ti-16gb");
  g_autoptr(RigPart) psu = get_part ("corsair-rm1000x");
  RigImpact impact;

  impact_of (build, small, 0, &impact);
  g_assert_cmpuint (impact.workloads, ==, 1);
  g_assert_cmpuint (impact.fits, ==, 1);
  g_assert_cmpuint (impact.fits_gpu, ==, 1);
  g_assert_true (isnan (impact.psu_load));
  g_assert_cmpfloat (impact.decode_before, >, 0);
  /* 288 GB/s against 1,008 GB/s: the smaller card decodes more slowly. */
  g_assert_cmpfloat (impact.decode_after, <, impact.decode_before);

  impact_of (build, psu, -1, &impact);
  g_assert_false (isnan (impact.psu_load));
  g_assert_cmpfloat (impact.psu_load, >, 0);
  g_assert_cmpfloat (impact.psu_load, <, 1);
  g_assert_cmpfloat (impact.decode_after, ==, impact.decode_before);
}

/* The trial is a copy: the build is left as it was. */
static void
test_build_untouched (void)
{
  g_autoptr(RigBuild) build = sound_build ();
  g_autoptr(RigPart) rtx3090 = get_part ("nvidia-rtx-3090");
  RigImpact impact;

  impact_of (build, rtx3090, 0, &impact);
  impact_of (build, rtx3090, -1, &impact);
  g_assert_cmpuint (build->items->len, ==, 3);
  g_assert_cmpstr (((RigBuildItem *) g_ptr_array_index (build->items, 0))->part_id, ==, "nvidia-rtx-4090");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  catalog = rig_catalog_new (rig_test_catalog_path (), &error);
  g_assert_no_error (error);
  g_test_add_func ("/impact/price-change", test_price_change);
  g_test_add_func ("/impact/unknown-price", test_unknown_price);
  g_test_add_func ("/impact/new-errors", test_new_errors);
  g_test_add_func ("/impact/fit-and-speed", test_fit_and_speed);
  g_test_add_func ("/impact/build-untouched", test_build_untouched);
  status = g_test_run ();
  g_clear_object (&catalog);
  return status;
}
