/* test-scenarios.c: builds in tests/fixtures/scenarios/, each with the findings it must raise
 *
 * NAME.json is a build file; NAME.expect lists, a line each, "+code" (must be raised),
 * "-code" (must not be), "fit=…" (the first workload's fit), "electricity=unknown" (no wall
 * draw, no electricity cost), "psu_w=N" (the PSU rating counted), "running_gpu_w=N" (the GPUs'
 * draw while the heaviest workload runs, to the watt), "# no errors" (no finding of
 * error severity), or "# comment". The builds use the
 * catalog in tests/fixtures/scenarios/catalog, which has every field the rules need.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-build-file.h"
#include "rig-catalog-compiler.h"
#include "rig-catalog.h"
#include "rig-plan.h"
#include "rig-test-util.h"

static RigCatalog *catalog;
/* One lean report, reset and reused by every scenario as a build search reuses it. */
static RigReport lean;

static gboolean
raised (RigReport  *report,
        const char *code)
{
  for (guint i = 0; i < report->findings->len; i++)
    if (g_str_equal (g_array_index (report->findings, RigFinding, i).code, code))
      return TRUE;
  return FALSE;
}

static void
dump (RigReport *report)
{
  for (guint i = 0; i < report->findings->len; i++)
    {
      RigFinding *f = &g_array_index (report->findings, RigFinding, i);
      g_test_message ("  %s %s: %s", rig_severity_to_string (f->severity), f->code, f->message);
    }
}

static gboolean
same (double a,
      double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

#define CHECK_SAME(what, a, b) \
  G_STMT_START { \
    if (!same ((a), (b))) \
      g_test_fail_printf ("%s: lean %s is %g, full %g", base, (what), (double) (b), (double) (a)); \
  } G_STMT_END

/* A lean plan has the full plan's figures, fits and finding codes, less memory.fits-with (it
 * needs the suggestions a lean plan does not work out) and decode with the cache empty (a search
 * does not ask for it; a draft model's still gives it), and no text at all. */
static void
check_lean (const char      *base,
            const RigBuild  *build,
            const RigReport *full)
{
  guint k = 0;

  rig_report_reset (&lean);
  rig_plan_evaluate (build, &lean);

  for (guint i = 0; i < full->findings->len; i++)
    {
      const RigFinding *f = &g_array_index (full->findings, RigFinding, i), *l;

      if (g_str_equal (f->code, "memory.fits-with"))
        continue;
      if (k >= lean.findings->len)
        {
          g_test_fail_printf ("%s: the lean plan lacks %s", base, f->code);
          return;
        }
      l = &g_array_index (lean.findings, RigFinding, k++);
      if (!g_str_equal (f->code, l->code) || f->severity != l->severity || f->area != l->area)
        g_test_fail_printf ("%s: lean finding %u is %s, full %s", base, k, l->code, f->code);
      if (l->message != NULL)
        g_test_fail_printf ("%s: lean finding %s has a message", base, l->code);
    }
  if (k != lean.findings->len)
    g_test_fail_printf ("%s: the lean plan has %u findings, the full one %u", base,
                        lean.findings->len, k);
  g_assert_cmpuint (lean.not_checked->len, ==, full->not_checked->len);
  for (guint i = 0; i < lean.not_checked->len; i++)
    g_assert_null (g_array_index (lean.not_checked, RigNotChecked, i).what);

  g_assert_cmpuint (lean.workloads->len, ==, full->workloads->len);
  for (guint i = 0; i < full->workloads->len; i++)
    {
      const RigWorkloadResult *f = &g_array_index (full->workloads, RigWorkloadResult, i);
      const RigWorkloadResult *l = &g_array_index (lean.workloads, RigWorkloadResult, i);

      g_assert_cmpint (l->fit, ==, f->fit);
      g_assert_cmpstr (l->reason, ==, "");
      g_assert_cmpuint (l->n_suggestions, ==, 0);
      CHECK_SAME ("memory", f->memory.total_bytes, l->memory.total_bytes);
      CHECK_SAME ("decode", f->decode_tokens_per_s, l->decode_tokens_per_s);
      CHECK_SAME ("decode at the context's end", f->decode_tokens_per_s_end,
                  l->decode_tokens_per_s_end);
      if (((const RigWorkload *) g_ptr_array_index (build->workloads, i))->draft_model == NULL)
        g_assert_true (isnan (l->decode_tokens_per_s_start));
      CHECK_SAME ("prefill", f->prefill_tokens_per_s, l->prefill_tokens_per_s);
      CHECK_SAME ("training", f->train_tokens_per_s, l->train_tokens_per_s);
      CHECK_SAME ("load time", f->load_seconds, l->load_seconds);
      CHECK_SAME ("KV pool", f->kv_pool_tokens, l->kv_pool_tokens);
      for (guint d = 0; d < f->n_devices; d++)
        CHECK_SAME ("device memory", f->used_bytes[d], l->used_bytes[d]);
    }
  /* The devices' bars add up to the memory total, whether it fits or not. */
  for (guint i = 0; i < full->workloads->len; i++)
    {
      const RigWorkloadResult *f = &g_array_index (full->workloads, RigWorkloadResult, i);
      double used = 0;

      if (f->fit == RIG_FIT_UNKNOWN)
        continue;
      for (guint d = 0; d < f->n_devices; d++)
        used += f->used_bytes[d];
      if (fabs (used - (double) f->memory.total_bytes) > 1e-3 * (double) f->memory.total_bytes + RIG_MIB)
        g_test_fail_printf ("%s: workload %u places %.2f GiB on its devices, its total is %.2f GiB (%s)",
                            base, i, used / RIG_GIB, (double) f->memory.total_bytes / RIG_GIB,
                            rig_fit_to_string (f->fit));
    }
  CHECK_SAME ("sustained power", full->power.sustained_w, lean.power.sustained_w);
  CHECK_SAME ("wall power", full->power.wall_w, lean.power.wall_w);
  CHECK_SAME ("PSU load", full->power.load, lean.power.load);
  CHECK_SAME ("total", full->cost.total_minor, lean.cost.total_minor);
  CHECK_SAME ("unpriced parts", full->cost.parts_unpriced, lean.cost.parts_unpriced);
  CHECK_SAME ("electricity", full->cost.electricity_per_year_minor, lean.cost.electricity_per_year_minor);
  CHECK_SAME ("break-even", full->cost.breakeven_months, lean.cost.breakeven_months);
  CHECK_SAME ("PCIe devices", full->pcie.n_devices, lean.pcie.n_devices);
  for (guint i = 0; i < full->pcie.n_devices; i++)
    {
      CHECK_SAME ("lanes", full->pcie.devices[i].lanes, lean.pcie.devices[i].lanes);
      CHECK_SAME ("slot position", full->pcie.devices[i].position, lean.pcie.devices[i].position);
    }
  CHECK_SAME ("CPU lanes used", full->pcie.cpu_lanes_used, lean.pcie.cpu_lanes_used);
  CHECK_SAME ("free x16 slots", full->pcie.free_x16_slots, lean.pcie.free_x16_slots);
  CHECK_SAME ("throttle risks", full->thermal.n_risks, lean.thermal.n_risks);
  for (guint i = 0; i < full->thermal.n_risks; i++)
    CHECK_SAME ("throttle risk", full->thermal.risks[i].risk, lean.thermal.risks[i].risk);
  CHECK_SAME ("case air rise", full->thermal.air_rise_k, lean.thermal.air_rise_k);
  CHECK_SAME ("GPUs", full->devices.n_gpus, lean.devices.n_gpus);
}

static void
run_scenario (gconstpointer data)
{
  const char *json_path = data;
  g_autofree char *base = g_strndup (json_path, strlen (json_path) - strlen (".json"));
  g_autofree char *expect_path = g_strconcat (base, ".expect", NULL);
  g_autofree char *expect = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = NULL;
  g_auto(GStrv) lines = NULL;
  RigReport report;
  guint checks = 0;

  build = rig_build_file_load (json_path, &error);
  g_assert_no_error (error);
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (expect_path, &expect, NULL, &error));

  rig_report_init (&report);
  rig_plan_evaluate (build, &report);
  check_lean (base, build, &report);

  lines = g_strsplit (expect, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, "# no errors"))
        {
          checks++;
          for (guint k = 0; k < report.findings->len; k++)
            if (g_array_index (report.findings, RigFinding, k).severity == RIG_SEVERITY_ERROR)
              {
                dump (&report);
                g_test_fail_printf ("%s: an error was raised", base);
                break;
              }
          continue;
        }
      if (*line == '\0' || *line == '#')
        continue;
      checks++;
      if (line[0] == '+' && !raised (&report, line + 1))
        {
          dump (&report);
          g_test_fail_printf ("%s: %s was not raised", base, line + 1);
        }
      else if (line[0] == '-' && raised (&report, line + 1))
        {
          dump (&report);
          g_test_fail_printf ("%s: %s was raised", base, line + 1);
        }
      else if (g_str_has_prefix (line, "fit="))
        {
          const RigWorkloadResult *r;

          g_assert_cmpuint (report.workloads->len, >, 0);
          r = &g_array_index (report.workloads, RigWorkloadResult, 0);
          if (!g_str_equal (line + 4, rig_fit_to_string (r->fit)))
            g_test_fail_printf ("%s: fit is %s (%s), expected %s", base, rig_fit_to_string (r->fit),
                                r->reason, line + 4);
        }
      else if (g_str_equal (line, "electricity=unknown"))
        {
          if (report.cost.electricity_per_year_minor != RIG_MONEY_UNKNOWN || !isnan (report.power.wall_w))
            g_test_fail_printf ("%s: electricity is %.2f a year at %.0f W, expected unknown", base,
                                rig_money_to_major (report.cost.electricity_per_year_minor),
                                report.power.wall_w);
        }
      else if (g_str_has_prefix (line, "running_gpu_w="))
        {
          double expected = g_ascii_strtod (line + strlen ("running_gpu_w="), NULL);

          if (fabs (report.power.running_gpu_w - expected) >= 0.5)
            g_test_fail_printf ("%s: the GPUs draw %.1f W while it runs, expected %s W", base,
                                report.power.running_gpu_w, line + strlen ("running_gpu_w="));
          /* What electricity and the room's heat use; the PSU and circuit still see the full draw. */
          if (!(report.power.running_wall_w < report.power.wall_w) ||
              report.thermal.heat_w != report.power.running_wall_w)
            g_test_fail_printf ("%s: running wall draw %.0f W against %.0f W at full power, heat %.0f W",
                                base, report.power.running_wall_w, report.power.wall_w,
                                report.thermal.heat_w);
        }
      else if (g_str_has_prefix (line, "psu_w="))
        {
          if (report.power.psu_w != g_ascii_strtod (line + 6, NULL))
            g_test_fail_printf ("%s: the PSU rating is %.0f W, expected %s W", base,
                                report.power.psu_w, line + 6);
        }
      else if (g_str_has_prefix (line, "nvlink="))
        {
          gboolean want = g_str_equal (line + 7, "yes");

          g_assert_cmpuint (report.devices.n_gpus, >, 0);
          if (report.devices.gpus[0].nvlink != want)
            g_test_fail_printf ("%s: NVLink is %scounted, expected %s", base,
                                report.devices.gpus[0].nvlink ? "" : "not ", line);
        }
      else if (line[0] != '+' && line[0] != '-')
        g_test_fail_printf ("%s: cannot read the expectation “%s”", expect_path, line);
    }
  g_assert_cmpuint (checks, >, 0);
  rig_report_clear (&report);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = rig_test_fixture ("scenarios");
  catalog = rig_catalog_new (rig_test_scenario_catalog_path (), &error);
  g_assert_no_error (error);

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (entry, ".json"))
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *stem = g_strndup (name, strlen (name) - strlen (".json"));
      g_autofree char *test_path = g_strdup_printf ("/scenarios/%s", stem);
      char *json = g_build_filename (dir, name, NULL);

      g_test_add_data_func_full (test_path, json, run_scenario, g_free);
    }

  rig_report_init_lean (&lean);
  status = g_test_run ();
  rig_report_clear (&lean);
  g_clear_object (&catalog);
  return status;
}
