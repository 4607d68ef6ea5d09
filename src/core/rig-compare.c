/* rig-compare.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-compare.h"
#include "rig-i18n.h"

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

  set_value (row, i, cost->total_minor / 100.0, "%.2f");
  if (cost->unpriced->len == 0)
    return;
  total = g_steal_pointer (&row->texts[i]);
  row->texts[i] = rig_total_with_unpriced (total, cost->unpriced);
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
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  RigCompareRow *row;

  g_return_val_if_fail (n >= 2 && n <= RIG_COMPARE_MAX, NULL);

  c = g_new0 (RigComparison, 1);
  c->n = n;
  c->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  for (guint i = 0; i < n; i++)
    c->names[i] = g_strdup (*builds[i]->name ? builds[i]->name : _("Untitled"));

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

  /* Workloads: the union of what the builds run, matched by model, quantization, mode, context. */
  for (guint i = 0; i < n; i++)
    for (guint w = 0; w < builds[i]->workloads->len; w++)
      {
        char *key = workload_key (g_ptr_array_index (builds[i]->workloads, w));
        gboolean seen = FALSE;

        for (guint k = 0; k < keys->len && !seen; k++)
          seen = g_str_equal (g_ptr_array_index (keys, k), key);
        if (seen)
          g_free (key);
        else
          g_ptr_array_add (keys, key);
      }
  for (guint k = 0; k < keys->len; k++)
    {
      RigCompareRow *fit = NULL, *decode = NULL, *prefill = NULL;

      for (guint i = 0; i < n; i++)
        for (guint w = 0; w < builds[i]->workloads->len; w++)
          {
            const RigWorkload *wl = g_ptr_array_index (builds[i]->workloads, w);
            const RigWorkloadResult *r = &g_array_index (reports[i]->workloads, RigWorkloadResult, w);
            g_autofree char *key = workload_key (wl);

            if (!g_str_equal (key, g_ptr_array_index (keys, k)))
              continue;
            if (fit == NULL)
              {
                /* Translators: the first %s is a model's name, the second its quantization
                 * (“Q4_K_M”, or “16-bit”), %u the context in tokens */
                g_autofree char *name = g_strdup_printf (_("%s %s, %u tokens"),
                                                         wl->model ? wl->model->name : wl->model_id,
                                                         wl->quant_id ? wl->quant_id : _("16-bit"), wl->context);
                /* Translators: %s is a workload (“Llama 3.1 8B Q4_K_M, 8192 tokens”) */
                g_autofree char *decode_label = g_strdup_printf (_("%s: decode"), name);
                /* Translators: %s is a workload (“Llama 3.1 8B Q4_K_M, 8192 tokens”) */
                g_autofree char *prefill_label = g_strdup_printf (_("%s: prefill"), name);

                fit = add_row (c, _("Workloads"), name, NULL, RIG_BETTER_NONE);
                decode = add_row (c, _("Workloads"), decode_label, _("tokens/s"), RIG_BETTER_HIGHER);
                prefill = add_row (c, _("Workloads"), prefill_label, _("tokens/s"), RIG_BETTER_HIGHER);
              }
            set_text (fit, i, rig_fit_describe (r->fit));
            set_value (decode, i, r->decode_tokens_per_s, "%.1f");
            set_value (prefill, i, r->prefill_tokens_per_s, "%.0f");
            break;
          }
      finish_row (fit, n);
      finish_row (decode, n);
      finish_row (prefill, n);
    }

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
    set_value (row, i, reports[i]->cost.electricity_per_year, "%.2f");
  finish_row (row, n);
  row = add_row (c, _("Cost"), _("Cost of ownership"), builds[0]->settings.currency, RIG_BETTER_LOWER);
  for (guint i = 0; i < n; i++)
    set_value (row, i, reports[i]->cost.tco, "%.2f");
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
