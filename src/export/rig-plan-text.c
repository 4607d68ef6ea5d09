/* rig-plan-text.c: the plan as text, what `rigplan-cli plan` prints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rig-format.h"
#include "rig-plan-text.h"
#include "rig-speed.h"
#include "rig-units.h"

/* Each part with its price, and the total with what it leaves out. */
static void
append_parts (GString         *out,
              const RigBuild  *build,
              const RigReport *report)
{
  g_autofree char *money = rig_money_format_minor (report->cost.total_minor, report->cost.currency,
                                                   RIG_MONEY_PLAIN);
  g_autofree char *total = rig_total_with_unpriced (build, money, report->cost.unpriced);

  g_string_append_printf (out, _("Parts\n"));
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);
      gint64 unit = RIG_MONEY_UNKNOWN;
      RigPriceState state = rig_build_item_price (build, item, &unit);
      g_autofree char *price = NULL;

      if (state == RIG_PRICE_USED_UNKNOWN)
        price = g_strdup (rig_price_state_label (state));
      else
        price = rig_money_format_minor (state != RIG_PRICE_KNOWN ? RIG_MONEY_UNKNOWN : unit * item->count,
                                        build->settings.currency, RIG_MONEY_PLAIN);
      g_string_append_printf (out, "  %-13s %u × %s%s  %s\n", rig_part_kind_label (item->part->kind),
                   item->count, item->part->name,
                   item->condition == RIG_CONDITION_USED ? _(" (used)") : "", price);
    }
  g_string_append_printf (out, "  %-13s %s\n\n", "Total", total);
}

/* ", bound by memory bandwidth" and the line's end. */
static void
append_bound (GString       *out,
              RigSpeedBound  bound,
              gboolean       optimizer_offload)
{
  const char *what = rig_speed_bound_describe (bound, optimizer_offload);

  if (what != NULL)
    /* Translators: %s is what bounds a speed (“memory bandwidth”) */
    g_string_append_printf (out, _(", bound by %s"), what);
  g_string_append_c (out, '\n');
}

/* Speculative decoding: the draft, what it costs in memory and what it gains. */
static void
append_speculative (GString                 *out,
                    const RigWorkload       *w,
                    const RigWorkloadResult *r)
{
  if (!rig_workload_has_draft (w))
    return;
  if ((w->draft_model == NULL && g_str_equal (w->draft_model_id, RIG_DRAFT_MTP)) ||
      (w->draft_model != NULL && !rig_workload_draft_usable (w)))
    {
      g_autofree char *why = rig_speed_describe_speculative (w, r);

      g_string_append_printf (out, "  %-7s %s\n", _("draft"), why);
      return;
    }
  /* Translators: %s is the draft model's name, %u the tokens it proposes a step, %.0f %% the
   * share of them the model keeps, %.2f the draft's memory in GiB */
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                            "  draft   %s, %u token a step, %.0f %% kept each, %.2f GiB\n",
                                            "  draft   %s, %u tokens a step, %.0f %% kept each, %.2f GiB\n",
                                            w->draft_tokens),
                          w->draft_model ? w->draft_model->name : w->draft_model_id, w->draft_tokens,
                          w->draft_acceptance * 100,
                          (double) r->memory.terms[RIG_MEMORY_DRAFT] / RIG_GIB);
  if (r->speculative_speedup > 0)
    /* Translators: %.2f is the tokens a step keeps on average, %.2f× the speed-up, %.1f the
     * decode speed without the draft */
    g_string_append_printf (out, _("          %.2f tokens a step: %.2f× the plain %.1f tokens/s\n"),
                            r->draft_tokens_per_step, r->speculative_speedup,
                            r->decode_tokens_per_s_plain);
}

/* A serving workload's users, speeds and first token, and how many users keep their speed. */
static void
append_serving (GString                 *out,
                const RigWorkload       *w,
                const RigWorkloadResult *r)
{
  g_autofree char *serving = rig_speed_serve_describe (w, r);
  g_autofree char *target = rig_speed_serve_target_describe (w, r);

  if (serving != NULL)
    g_string_append_printf (out, _("  serving %s\n"), serving);
  if (target != NULL)
    g_string_append_printf (out, "          %s\n", target);
}

/* The weights file as the user described it, which the memory line above follows, and where
 * the weights there hold more than the file, why (rig_memory_beyond_file_bytes ()). */
static void
append_file (GString                 *out,
             const RigWorkload       *w,
             const RigWorkloadResult *r)
{
  g_autofree char *beyond = rig_memory_describe_beyond_file (w, r);

  if (w->weights_gib > 0 && w->recipe != NULL)
    /* Translators: a weights file's size as the user gave it, then its tensor types as a recipe
     * ("default:Q8_0;ffn_gate_exps:Q4_K;…") */
    g_string_append_printf (out, _("  file    %.2f GiB, tensor types %s"), w->weights_gib,
                            w->recipe);
  else if (w->weights_gib > 0)
    /* Translators: a weights file's size as the user gave it */
    g_string_append_printf (out, _("  file    %.2f GiB"), w->weights_gib);
  else
    /* Translators: a weights file's tensor types as a recipe ("default:Q8_0;…") */
    g_string_append_printf (out, _("  file    tensor types %s"), w->recipe);
  if (beyond != NULL)
    g_string_append_printf (out, "; %s", beyond);
  g_string_append_c (out, '\n');
}

/* Each workload: its fit, memory by term and device, and its speeds. */
static void
append_workloads (GString         *out,
                  const RigBuild  *build,
                  const RigReport *report)
{
  for (guint i = 0; i < build->workloads->len; i++)
    {
      const RigWorkload *w = g_ptr_array_index (build->workloads, i);
      const RigWorkloadResult *r = &g_array_index (report->workloads, RigWorkloadResult, i);
      const RigMemoryBreakdown *mem = &r->memory;

      g_string_append_printf (out, _("%s %s — %s, %u tokens of context, batch %u (%s)\n"),
                   w->model ? w->model->name : w->model_id, w->quant_id ? w->quant_id : "16-bit",
                   rig_workload_mode_to_string (w->mode), w->context, w->batch,
                   rig_runtime_to_string (r->runtime));
      g_string_append_printf (out, "  %s: %s\n", rig_fit_describe (r->fit), r->reason);
      g_string_append_printf (out, _("  memory  weights %.2f GiB"), (double) mem->weights_bytes / RIG_GIB);
      /* Training keeps no KV cache: a line of zeros would read as a missing figure. */
      if (mem->kv_cache_bytes || w->mode == RIG_MODE_INFERENCE)
        g_string_append_printf (out, _(", KV cache %.2f GiB"), (double) mem->kv_cache_bytes / RIG_GIB);
      g_string_append_printf (out, _(", activations %.2f GiB"), (double) mem->activations_bytes / RIG_GIB);
      if (mem->gradients_bytes || mem->optimizer_bytes)
        g_string_append_printf (out, _(", gradients %.2f GiB, optimizer %.2f GiB"), (double) mem->gradients_bytes / RIG_GIB,
                (double) mem->optimizer_bytes / RIG_GIB);
      g_string_append_printf (out, _(", overhead %.2f GiB; total %.2f GiB\n"), (double) mem->overhead_bytes / RIG_GIB,
              (double) mem->total_bytes / RIG_GIB);
      if (w->mode == RIG_MODE_INFERENCE && (w->weights_gib > 0 || w->recipe != NULL))
        append_file (out, w, r);
      for (guint k = 0; k < r->n_devices; k++)
        {
          gboolean host = k == report->devices.n_gpus;

          if (host && r->used_bytes[k] == 0)
            continue;
          g_string_append_printf (out, _("  %-40s %6.1f of %6.1f GiB\n"),
                  host ? report->devices.host.name : report->devices.gpus[k].name,
                  (double) r->used_bytes[k] / RIG_GIB, (double) r->capacity_bytes[k] / RIG_GIB);
        }
      if (!isnan (r->decode_tokens_per_s))
        {
          g_string_append_printf (out, _("  decode  %.1f tokens/s at %u tokens of context"), r->decode_tokens_per_s, w->context);
          append_bound (out, r->decode_bound, FALSE);
        }
      append_speculative (out, w, r);
      if (!isnan (r->prefill_tokens_per_s))
        {
          g_string_append_printf (out, _("  prefill %.0f tokens/s"), r->prefill_tokens_per_s);
          append_bound (out, r->prefill_bound, FALSE);
          if (isfinite (r->prefill_tokens_per_s_measured[0]))
            /* Translators: each %.0f is prompt tokens processed a second, aligned under the
             * prefill line's figure */
            g_string_append_printf (out, _("          runs measured on NVIDIA's GeForce, "
                                           "workstation and V100 cards: about %.0f to %.0f tokens/s\n"),
                                    r->prefill_tokens_per_s_measured[0], r->prefill_tokens_per_s_measured[1]);
        }
      append_serving (out, w, r);
      if (!isnan (r->train_tokens_per_s))
        {
          g_string_append_printf (out, _("  training about %.0f tokens/s"), r->train_tokens_per_s);
          append_bound (out, r->train_bound, r->cpu_optimizer_params > 0);
        }
      if (!isnan (r->load_seconds))
        g_string_append_printf (out, _("  load    %.1f s from the fastest drive\n"), r->load_seconds);
      g_string_append_printf (out, "\n");
    }

}

static void
append_power (GString         *out,
              const RigReport *report)
{
  const RigPowerReport *p = &report->power;

  g_string_append_printf (out, _("Power\n"));
  /* A prebuilt whose power is not published: not checked, which "Not checked" explains. */
  if (isnan (p->sustained_w))
    g_string_append_printf (out, _("  not known\n"));
  else if (p->prebuilt)
    /* Its own supply, whose parts the catalog does not split. */
    g_string_append_printf (out, _("  sustained %.0f W, the maker's published maximum for the whole system\n"),
                            p->sustained_w);
  else
    g_string_append_printf (out, _("  sustained %.0f W (GPUs %.0f, CPU %.0f, rest %.0f), peaks to about %.0f W\n"),
            p->sustained_w, p->gpu_w, p->cpu_w, p->rest_w, p->peak_w);
  if (!isnan (p->psu_w))
    g_string_append_printf (out, _("  PSU %.0f W at %.0f %% load, %.0f %% efficient\n"), p->psu_w, p->load * 100,
            p->efficiency * 100);
  if (!isnan (p->wall_w))
    g_string_append_printf (out, _("  wall %.0f W of the circuit's %.0f W continuous\n"), p->wall_w, p->circuit_w);
  if (p->running_wall_w < p->wall_w)
    g_string_append_printf (out, _("  running its heaviest workload: GPUs about %.0f W, wall %.0f W\n"),
                            p->running_gpu_w, p->running_wall_w);
  g_string_append_printf (out, "\n");
}

/* Where each card and drive sits, and the CPU lanes they take. */
static void
append_pcie (GString         *out,
             const RigReport *report)
{
  if (report->pcie.n_devices > 0)
    {
      g_string_append_printf (out, _("PCIe\n"));
      for (guint i = 0; i < report->pcie.n_devices; i++)
        {
          const RigPcieDevice *d = &report->pcie.devices[i];

          if (d->placed && d->carrier)
            g_string_append_printf (out, _("  %-16s %-40s x%u PCIe %u.0, %.1f GB/s (%s), via %s\n"), d->slot, d->part,
                    d->lanes, d->gen, d->gbps, d->source == RIG_LANE_SOURCE_CPU ? "CPU" : "chipset",
                    d->carrier->name);
          else if (d->placed)
            g_string_append_printf (out, _("  %-16s %-40s x%u PCIe %u.0, %.1f GB/s (%s)\n"), d->slot, d->part, d->lanes,
                    d->gen, d->gbps, d->source == RIG_LANE_SOURCE_CPU ? "CPU" : "chipset");
          else
            g_string_append_printf (out, "  %-16s %s\n", _("(no slot)"), d->part);
        }
      if (!isnan (report->pcie.cpu_lanes))
        g_string_append_printf (out, _("  CPU lanes: %u of %.0f used\n"), report->pcie.cpu_lanes_used, report->pcie.cpu_lanes);
      g_string_append_printf (out, "\n");
    }
}

static void
append_thermals (GString         *out,
                 const RigReport *report)
{
  if (isnan (report->thermal.heat_w))
    g_string_append_printf (out, _("Thermals\n  heat not known"));
  else
    g_string_append_printf (out, _("Thermals\n  heat %.0f W (%.0f BTU/h)"), report->thermal.heat_w, report->thermal.heat_btu_h);
  if (!isnan (report->thermal.air_rise_k))
    g_string_append_printf (out, _("; case air about %.0f °C over the room"), report->thermal.air_rise_k);
  g_string_append_printf (out, "\n");
  for (guint i = 0; i < report->thermal.n_risks; i++)
    g_string_append_printf (out, _("  %-40s throttling risk %s: %s\n"), report->thermal.risks[i].device,
                 rig_risk_to_string (report->thermal.risks[i].risk),
                 report->thermal.risks[i].reason);
  g_string_append_printf (out, "\n");
}

/* Electricity, ownership, the GPUs' value and the cloud break-even. */
static void
append_running_costs (GString         *out,
                      const RigBuild  *build,
                      const RigReport *report)
{
  const RigCostReport *c = &report->cost;

  if (c->electricity_per_year_minor == RIG_MONEY_UNKNOWN)
    g_string_append_printf (out, _("Running costs\n  electricity and cost of ownership not known\n"));
  else
    g_string_append_printf (out, _("Running costs\n  electricity %.0f %s a year at %.1f h/day; %.0f-year cost of ownership %.0f %s\n"),
            rig_money_to_major (c->electricity_per_year_minor), c->currency,
            build->settings.hours_per_day, build->settings.tco_years,
            rig_money_to_major (c->tco_minor), c->currency);
  if (!isnan (c->per_gib_gpu_memory))
    {
      g_autofree char *more = rig_cost_value_format (c);

      /* Translators: %.2f is a price and %s its currency */
      g_string_append_printf (out, _("  GPUs: %.2f %s per GiB of memory"), c->per_gib_gpu_memory, c->currency);
      if (more != NULL)
        g_string_append_printf (out, _(", %s"), more);
      g_string_append_c (out, '\n');
    }
  {
    g_autofree char *from = *c->cloud_source ? g_strdup_printf (" (%s)", c->cloud_source)
                                              : g_strdup ("");

    if (isinf (c->breakeven_months))
      g_string_append_printf (out, _("  never pays for itself against %.2f %s/h in the cloud%s\n"),
                   c->cloud_per_hour, c->currency, from);
    else if (!isnan (c->breakeven_months))
      g_string_append_printf (out, _("  breaks even against %.2f %s/h in the cloud%s after %.1f months\n"),
                   c->cloud_per_hour, c->currency, from, c->breakeven_months);
  }
  g_string_append_printf (out, "\n");
}

static void
append_findings (GString         *out,
                 const RigReport *report)
{
  if (report->findings->len)
    {
      g_string_append_printf (out, _("Findings\n"));
      for (guint i = 0; i < report->findings->len; i++)
        {
          const RigFinding *f = &g_array_index (report->findings, RigFinding, i);
          g_string_append_printf (out, "  %-7s %s\n", rig_severity_to_string (f->severity), f->message);
        }
      g_string_append_printf (out, "\n");
    }
  if (report->not_checked->len)
    {
      g_string_append_printf (out, _("Not checked\n"));
      for (guint i = 0; i < report->not_checked->len; i++)
        {
          const RigNotChecked *n = &g_array_index (report->not_checked, RigNotChecked, i);
          g_string_append_printf (out, "  %-7s %s\n", rig_area_to_string (n->area), n->what);
        }
    }
}

char *
rig_plan_to_text (const RigBuild  *build,
                  const RigReport *report)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s\n\n", *build->name ? build->name : _("Untitled build"));
  append_parts (out, build, report);
  append_workloads (out, build, report);
  append_power (out, report);
  append_pcie (out, report);
  append_thermals (out, report);
  append_running_costs (out, build, report);
  append_findings (out, report);
  return g_string_free (out, FALSE);
}
