/* rig-compare.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-compare.h"
#include "rig-i18n.h"
#include "rig-speed.h"

static void
row_free (RigCompareRow *row)
{
  g_free (row->section);
  g_free (row->label);
  g_free (row->unit);
  for (guint i = 0; i < RIG_COMPARE_MAX; i++)
    g_free (row->texts[i]);
  g_free (row);
}

void
rig_comparison_free (RigComparison *comparison)
{
  if (comparison == NULL)
    return;
  for (guint i = 0; i < RIG_COMPARE_MAX; i++)
    g_free (comparison->names[i]);
  g_ptr_array_unref (comparison->rows);
  g_free (comparison);
}

static RigCompareRow *
add_row (RigComparison *c,
         const char    *section,
         const char    *label,
         const char    *unit,
         RigBetter      better)
{
  RigCompareRow *row = g_new0 (RigCompareRow, 1);

  row->section = g_strdup (section);
  row->label = g_strdup (label);
  row->unit = g_strdup (unit ? unit : "");
  row->better = better;
  row->best = -1;
  for (guint i = 0; i < RIG_COMPARE_MAX; i++)
    row->values[i] = NAN;
  g_ptr_array_add (c->rows, row);
  return row;
}

/* Sets column @i to @value, shown with @format (a printf format for one double). */
static void
set_value (RigCompareRow *row,
           guint          i,
           double         value,
           const char    *format)
{
  row->values[i] = value;
  g_free (row->texts[i]);
  row->texts[i] = isnan (value) ? g_strdup ("—")
                : isinf (value) ? g_strdup (_("never"))
                : g_strdup_printf (format, value);
}

static void
set_text (RigCompareRow *row,
          guint          i,
          const char    *text)
{
  g_free (row->texts[i]);
  row->texts[i] = g_strdup (text ? text : "—");
}

/* A total that leaves parts out names them, and is not a value to rank: it only looks cheaper. */
static void
set_total (RigCompareRow       *row,
           guint                i,
           const RigCostReport *cost)
{
  g_autofree char *total = NULL;

  set_value (row, i, rig_money_to_major (cost->total_minor), "%.2f");
  if (cost->unpriced->len == 0)
    return;
  total = g_steal_pointer (&row->texts[i]);
  row->texts[i] = rig_total_with_unpriced (NULL, total, cost->unpriced);
  row->values[i] = NAN;
}

/* Best value and whether the columns differ, once every column is set. */
static void
finish_row (RigCompareRow *row,
            guint          n)
{
  for (guint i = 0; i < n; i++)
    {
      if (row->texts[i] == NULL)
        row->texts[i] = g_strdup ("—");
      if (i > 0 && g_strcmp0 (row->texts[i], row->texts[0]) != 0)
        row->differs = TRUE;
      if (row->better == RIG_BETTER_NONE || isnan (row->values[i]))
        continue;
      if (row->best < 0 ||
          (row->better == RIG_BETTER_LOWER && row->values[i] < row->values[row->best]) ||
          (row->better == RIG_BETTER_HIGHER && row->values[i] > row->values[row->best]))
        row->best = i;
    }
  /* No best when all are equal, or when only one value is known. */
  {
    guint known = 0;
    for (guint i = 0; i < n; i++)
      known += !isnan (row->values[i]);
    if (!row->differs || known < 2)
      row->best = -1;
  }
}

static char *
workload_key (const RigWorkload *w)
{
  return g_strdup_printf ("%s|%s|%d|%u", w->model_id, w->quant_id ? w->quant_id : "", w->mode, w->context);
}

static char *
workload_name (const RigWorkload *w)
{
  /* Translators: the first %s is a model's name, the second its quantization (“Q4_K_M”, or
   * “16-bit”), %u the context in tokens */
  return g_strdup_printf (_("%s %s, %u tokens"), w->model ? w->model->name : w->model_id,
                          w->quant_id ? w->quant_id : _("16-bit"), w->context);
}

/* The GPUs' memory, or the unified pool's, in GiB; NAN without either. */
static double
device_memory_gib (const RigDeviceSet *d)
{
  guint64 bytes = 0;

  for (guint g = 0; g < d->n_gpus; g++)
    bytes += d->gpus[g].total_bytes;
  return d->n_gpus > 0 ? bytes / (double) RIG_GIB : NAN;
}

/* The fit, decode and prefill rows of the @k-th workload of each build. */
static void
add_workload_rows (RigComparison            *c,
                   const RigBuild * const   *builds,
                   const RigReport * const  *reports,
                   guint                     n,
                   guint                     k)
{
  g_autofree char *first_key = NULL;
  g_autofree char *name = NULL;
  g_autofree char *decode_label = NULL;
  g_autofree char *prefill_label = NULL;
  gboolean same = TRUE;
  RigCompareRow *fit, *decode, *prefill;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = NULL;

      if (k >= builds[i]->workloads->len)
        {
          same = FALSE;
          continue;
        }
      key = workload_key (g_ptr_array_index (builds[i]->workloads, k));
      if (first_key == NULL)
        first_key = g_steal_pointer (&key);
      else if (!g_str_equal (key, first_key))
        same = FALSE;
    }
  for (guint i = 0; i < n && same && name == NULL; i++)
    name = workload_name (g_ptr_array_index (builds[i]->workloads, k));
  if (name == NULL)
    /* Translators: %u counts the workloads of a build, from 1 */
    name = g_strdup_printf (_("Workload %u"), k + 1);
  /* Translators: %s is a workload (“Llama 3.1 8B Q4_K_M, 8192 tokens”) */
  decode_label = g_strdup_printf (_("%s: decode"), name);
  /* Translators: %s is a workload (“Llama 3.1 8B Q4_K_M, 8192 tokens”) */
  prefill_label = g_strdup_printf (_("%s: prefill"), name);
  fit = add_row (c, _("Workloads"), name, NULL, RIG_BETTER_NONE);
  decode = add_row (c, _("Workloads"), decode_label, _("tokens/s"), RIG_BETTER_HIGHER);
  prefill = add_row (c, _("Workloads"), prefill_label, _("tokens/s"), RIG_BETTER_HIGHER);

  for (guint i = 0; i < n; i++)
    {
      const RigWorkload *w;
      const RigWorkloadResult *r;

      if (k >= builds[i]->workloads->len)
        {
          set_text (fit, i, NULL);
          set_value (decode, i, NAN, "%.1f");
          set_value (prefill, i, NAN, "%.0f");
          continue;
        }
      w = g_ptr_array_index (builds[i]->workloads, k);
      r = &g_array_index (reports[i]->workloads, RigWorkloadResult, k);
      if (same)
        set_text (fit, i, rig_fit_describe (r->fit));
      else
        {
          g_autofree char *which = workload_name (w);
          /* Translators: the first %s is a workload (“Llama 3.3 70B Q4_K_M, 8192 tokens”), the
           * second whether it fits (“fits in GPU memory”) */
          g_autofree char *text = g_strdup_printf (_("%s: %s"), which, rig_fit_describe (r->fit));

          set_text (fit, i, text);
        }
      set_value (decode, i, r->decode_tokens_per_s, "%.1f");
      /* Where measured runs of the model prefilled below the plan (speed.cuda-prompt), the cell
       * gives their speeds, as the window's workload row does, and ranks by the speed a search
       * promises there (rig_speed_cuda_prompt_promise ()), not by the plan's own. */
      if (isfinite (r->prefill_tokens_per_s_measured[0]))
        {
          set_value (prefill, i, r->prefill_tokens_per_s *
                                   rig_speed_cuda_prompt_promise (w, r, &reports[i]->devices), "%.0f");
          g_free (prefill->texts[i]);
          /* Translators: measured runs of the model ran slower than the plan's prompt speed:
           * the speeds they give here, in tokens/s */
          prefill->texts[i] = g_strdup_printf (_("about %.0f–%.0f"), r->prefill_tokens_per_s_measured[0],
                                               r->prefill_tokens_per_s_measured[1]);
        }
      else
        set_value (prefill, i, r->prefill_tokens_per_s, "%.0f");
    }
  finish_row (fit, n);
  finish_row (decode, n);
  finish_row (prefill, n);
}

static char *
parts_of_kind (const RigBuild *build,
               RigPartKind     kind)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);

      if (item->part == NULL || item->part->kind != kind)
        continue;
      if (text->len)
        g_string_append (text, ", ");
      if (item->count > 1)
        g_string_append_printf (text, "%u × ", item->count);
      g_string_append (text, item->part->name);
    }
  return text->len ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

RigComparison *
rig_compare (const RigBuild * const  *builds,
             const RigReport * const *reports,
             guint                    n)
{
  RigComparison *c;
  RigCompareRow *row;
  guint max_workloads = 0;

  g_return_val_if_fail (n >= 2 && n <= RIG_COMPARE_MAX, NULL);

  c = g_new0 (RigComparison, 1);
  c->n = n;
  c->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  for (guint i = 0; i < n; i++)
    {
      c->names[i] = g_strdup (*builds[i]->name ? builds[i]->name : _("Untitled"));
      max_workloads = MAX (max_workloads, builds[i]->workloads->len);
    }

  /* Parts, kind by kind. */
  for (guint kind = 0; kind < RIG_PART_N_KINDS; kind++)
    {
      char *texts[RIG_COMPARE_MAX] = { NULL };
      gboolean any = FALSE;

      for (guint i = 0; i < n; i++)
        any |= (texts[i] = parts_of_kind (builds[i], kind)) != NULL;
      if (any)
        {
          row = add_row (c, _("Parts"), rig_part_kind_label (kind), NULL, RIG_BETTER_NONE);
          for (guint i = 0; i < n; i++)
            set_text (row, i, texts[i]);
          finish_row (row, n);
        }
      for (guint i = 0; i < n; i++)
        g_free (texts[i]);
    }

  /* Memory: what the workloads have to fit in. */
  row = add_row (c, _("Memory"), _("GPU or unified memory"), _("GiB"), RIG_BETTER_HIGHER);
  for (guint i = 0; i < n; i++)
    set_value (row, i, device_memory_gib (&reports[i]->devices), "%.0f");
  finish_row (row, n);
  row = add_row (c, _("Memory"), _("System memory"), _("GiB"), RIG_BETTER_HIGHER);
  for (guint i = 0; i < n; i++)
    set_value (row, i, reports[i]->devices.has_host && !reports[i]->devices.unified
                       ? reports[i]->devices.host_total_bytes / (double) RIG_GIB : NAN, "%.0f");
  finish_row (row, n);

  /* Workloads by position: the first of each build side by side, then the second …, so two
   * builds that each run "the 70B model" line up even when one names Llama 3.3 and the other 3.1.
   * A row is named after its workload when every build runs the same; otherwise each cell says
   * which it is. */
  for (guint k = 0; k < max_workloads; k++)
    add_workload_rows (c, builds, reports, n, k);

  row = add_row (c, _("Power"), _("Sustained load"), "W", RIG_BETTER_LOWER);
  for (guint i = 0; i < n; i++)
    set_value (row, i, reports[i]->power.sustained_w, "%.0f");
  finish_row (row, n);
  row = add_row (c, _("Power"), _("Wall draw"), "W", RIG_BETTER_LOWER);
  for (guint i = 0; i < n; i++)
    set_value (row, i, reports[i]->power.wall_w, "%.0f");
  finish_row (row, n);
  row = add_row (c, _("Power"), _("PSU load"), "%", RIG_BETTER_LOWER);
  for (guint i = 0; i < n; i++)
    set_value (row, i, isnan (reports[i]->power.psu_w) ? NAN : reports[i]->power.load * 100, "%.0f");
  finish_row (row, n);

  row = add_row (c, _("PCIe"), _("CPU lanes used"), _("lanes"), RIG_BETTER_NONE);
  for (guint i = 0; i < n; i++)
    set_value (row, i, reports[i]->pcie.checked ? reports[i]->pcie.cpu_lanes_used : NAN, "%.0f");
  finish_row (row, n);
  row = add_row (c, _("PCIe"), _("Free x16 slots"), _("slots"), RIG_BETTER_HIGHER);
  for (guint i = 0; i < n; i++)
    set_value (row, i, reports[i]->pcie.checked ? reports[i]->pcie.free_x16_slots : NAN, "%.0f");
  finish_row (row, n);

  row = add_row (c, _("Thermals"), _("Heat"), "W", RIG_BETTER_LOWER);
  for (guint i = 0; i < n; i++)
    set_value (row, i, reports[i]->thermal.heat_w, "%.0f");
  finish_row (row, n);

  row = add_row (c, _("Cost"), _("Total"), builds[0]->settings.currency, RIG_BETTER_LOWER);
  for (guint i = 0; i < n; i++)
    set_total (row, i, &reports[i]->cost);
  finish_row (row, n);

  row = add_row (c, _("Cost"), _("Electricity per year"), builds[0]->settings.currency, RIG_BETTER_LOWER);
  for (guint i = 0; i < n; i++)
    set_value (row, i, rig_money_to_major (reports[i]->cost.electricity_per_year_minor), "%.2f");
  finish_row (row, n);
  row = add_row (c, _("Cost"), _("Cost of ownership"), builds[0]->settings.currency, RIG_BETTER_LOWER);
  for (guint i = 0; i < n; i++)
    set_value (row, i, rig_money_to_major (reports[i]->cost.tco_minor), "%.2f");
  finish_row (row, n);
  row = add_row (c, _("Cost"), _("Break-even against the cloud"), _("months"), RIG_BETTER_LOWER);
  for (guint i = 0; i < n; i++)
    set_value (row, i, reports[i]->cost.breakeven_months, "%.1f");
  finish_row (row, n);

  row = add_row (c, _("Findings"), _("Errors"), NULL, RIG_BETTER_LOWER);
  for (guint i = 0; i < n; i++)
    {
      guint errors = 0;
      for (guint f = 0; f < reports[i]->findings->len; f++)
        errors += g_array_index (reports[i]->findings, RigFinding, f).severity == RIG_SEVERITY_ERROR;
      set_value (row, i, errors, "%.0f");
    }
  finish_row (row, n);
  return c;
}
