/* rig-plan-json.c: the plan as JSON, the contract of `rigplan-cli plan --json`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "rig-json.h"
#include "rig-plan-json.h"
#include "rig-speed.h"

static double
round_to (double value,
          double step)
{
  /* Divided by the inverse, so 87.8 prints as 87.8, not 87.80000000000001. */
  return isnan (value) ? value : round (value / step) / (1.0 / step);
}

/* Each part with its unit price, or null and the reason it has none. */
static void
add_parts (JsonBuilder    *b,
           const RigBuild *build)
{
  const char *currency = build->settings.currency;

  json_builder_set_member_name (b, "parts");
  json_builder_begin_array (b);
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);
      gint64 unit = RIG_MONEY_UNKNOWN;
      RigPriceState state = rig_build_item_price (build, item, &unit);

      if (state != RIG_PRICE_KNOWN)
        unit = RIG_MONEY_UNKNOWN;
      json_builder_begin_object (b);
      rig_json_add_string (b, "id", item->part_id);
      rig_json_add_string (b, "kind", rig_part_kind_to_string (item->part->kind));
      rig_json_add_string (b, "name", item->part->name);
      rig_json_add_string (b, "vendor", item->part->vendor);
      json_builder_set_member_name (b, "count");
      json_builder_add_int_value (b, item->count);
      rig_json_add_string (b, "condition", rig_condition_to_string (item->condition));
      rig_json_add_money (b, "unit_price", unit, currency, NULL);
      /* null when priced, else why not: "no-price", "used-price-unknown", "too-large" */
      rig_json_add_string (b, "unpriced", rig_price_state_to_string (state));
      rig_json_add_string (b, "source", item->part->source);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_cost (JsonBuilder     *b,
          const RigBuild  *build,
          const RigReport *report)
{
  json_builder_set_member_name (b, "cost");
  json_builder_begin_object (b);
  rig_json_add_money (b, "total", report->cost.total_minor, report->cost.currency, NULL);
  json_builder_set_member_name (b, "parts_priced");
  json_builder_add_int_value (b, report->cost.parts_priced);
  json_builder_set_member_name (b, "parts_unpriced");
  json_builder_add_int_value (b, report->cost.parts_unpriced);
  json_builder_set_member_name (b, "unpriced");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->cost.unpriced->len; i++)
    {
      const RigUnpriced *u = &g_array_index (report->cost.unpriced, RigUnpriced, i);

      json_builder_begin_object (b);
      rig_json_add_string (b, "part", u->part_id);
      rig_json_add_string (b, "name", u->name);
      rig_json_add_string (b, "reason", rig_price_state_to_string (u->state));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  rig_json_add_number (b, "per_gib_gpu_memory", round_to (report->cost.per_gib_gpu_memory, 0.01));
  rig_json_add_number (b, "per_tflops", round_to (report->cost.per_tflops, 0.01));
  rig_json_add_number (b, "per_gbps", round_to (report->cost.per_gbps, 0.01));
  rig_json_add_number (b, "electricity_per_year", rig_money_to_major (report->cost.electricity_per_year_minor));
  rig_json_add_number (b, "tco", rig_money_to_major (report->cost.tco_minor));
  rig_json_add_number (b, "tco_years", build->settings.tco_years);
  rig_json_add_number (b, "cloud_per_hour", round_to (report->cost.cloud_per_hour, 0.01));
  rig_json_add_string (b, "cloud_source", *report->cost.cloud_source ? report->cost.cloud_source : NULL);
  json_builder_set_member_name (b, "breakeven_months");
  if (isinf (report->cost.breakeven_months))
    json_builder_add_string_value (b, "never");
  else
    rig_json_add_number (b, NULL, round_to (report->cost.breakeven_months, 0.1));
  json_builder_set_member_name (b, "sensitivity");
  json_builder_begin_object (b);
  for (guint r = 0; r < 3; r++)
    {
      static const char * const rows[] = { "utilisation", "electricity", "cloud_rate" };

      json_builder_set_member_name (b, rows[r]);
      json_builder_begin_array (b);
      for (guint c = 0; c < 3; c++)
        {
          if (isinf (report->cost.sensitivity[r][c]))
            json_builder_add_string_value (b, "never");
          else
            rig_json_add_number (b, NULL, round_to (report->cost.sensitivity[r][c], 0.1));
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static void
add_power (JsonBuilder     *b,
           const RigReport *report)
{
  const RigPowerReport *p = &report->power;
  /* A prebuilt's maker gives one figure for the whole system: how it divides is not known,
   * which null says and 0 W would not. */
  gboolean split_unknown = p->prebuilt && !(p->gpu_w > 0 || p->cpu_w > 0);
  gboolean supply = RIG_IS_KNOWN (p->psu_w);

  json_builder_set_member_name (b, "power");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "prebuilt");
  json_builder_add_boolean_value (b, p->prebuilt);
  rig_json_add_number (b, "sustained_w", round (p->sustained_w));
  rig_json_add_number (b, "peak_w", round (p->peak_w));
  rig_json_add_number (b, "psu_w", p->psu_w);
  rig_json_add_number (b, "psu_load_pct", supply ? round_to (p->load * 100, 0.1) : NAN);
  /* Without a supply of its own the wall draw assumes 90 %; a prebuilt's figure is the wall's. */
  rig_json_add_number (b, "efficiency_pct", p->prebuilt ? NAN : round_to (p->efficiency * 100, 0.1));
  rig_json_add_number (b, "wall_w", round (p->wall_w));
  rig_json_add_number (b, "running_gpu_w", split_unknown ? NAN : round (p->running_gpu_w));
  rig_json_add_number (b, "running_wall_w", round (p->running_wall_w));
  rig_json_add_number (b, "circuit_w", p->circuit_w);
  rig_json_add_number (b, "gpu_w", split_unknown ? NAN : round (p->gpu_w));
  rig_json_add_number (b, "cpu_w", split_unknown ? NAN : round (p->cpu_w));
  rig_json_add_number (b, "other_w", split_unknown ? NAN : round (p->rest_w));
  rig_json_add_number (b, "suggested_gpu_power_limit_pct", p->suggested_limit_pct);
  rig_json_add_number (b, "performance_at_suggested_limit_pct", round_to (p->suggested_perf * 100, 1));
  json_builder_end_object (b);
}

static void
add_pcie (JsonBuilder     *b,
          const RigReport *report)
{
  json_builder_set_member_name (b, "pcie");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "devices");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->pcie.n_devices; i++)
    {
      const RigPcieDevice *d = &report->pcie.devices[i];

      json_builder_begin_object (b);
      rig_json_add_string (b, "part", d->spec->id);
      rig_json_add_string (b, "slot", d->placed ? d->slot : NULL);
      rig_json_add_number (b, "position", d->position ? d->position : NAN);
      rig_json_add_number (b, "lanes", d->placed ? d->lanes : NAN);
      rig_json_add_number (b, "gen", d->placed ? d->gen : NAN);
      rig_json_add_number (b, "gbps", d->placed ? round_to (d->gbps, 0.1) : NAN);
      rig_json_add_string (b, "source", !d->placed ? NULL
                                       : d->source == RIG_LANE_SOURCE_CPU ? "cpu" : "chipset");
      rig_json_add_string (b, "via", d->carrier ? d->carrier->id : NULL);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  rig_json_add_number (b, "cpu_lanes_used", report->pcie.checked ? report->pcie.cpu_lanes_used : NAN);
  rig_json_add_number (b, "cpu_lanes", report->pcie.cpu_lanes);
  rig_json_add_number (b, "chipset_uplink_gbps", round_to (report->pcie.chipset_uplink_gbps, 0.1));
  rig_json_add_number (b, "free_x16_slots", report->pcie.checked ? report->pcie.free_x16_slots : NAN);
  rig_json_add_number (b, "free_m2_slots", report->pcie.checked ? report->pcie.free_m2_slots : NAN);
  json_builder_end_object (b);
}

static void
add_thermal (JsonBuilder     *b,
             const RigReport *report)
{
  json_builder_set_member_name (b, "thermal");
  json_builder_begin_object (b);
  rig_json_add_number (b, "heat_w", round (report->thermal.heat_w));
  rig_json_add_number (b, "heat_btu_per_h", round (report->thermal.heat_btu_h));
  rig_json_add_number (b, "case_airflow_cfm", round (report->thermal.airflow_cfm));
  rig_json_add_number (b, "case_air_rise_c", round_to (report->thermal.air_rise_k, 0.1));
  json_builder_set_member_name (b, "throttle_risks");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->thermal.n_risks; i++)
    {
      const RigThrottleRisk *r = &report->thermal.risks[i];

      json_builder_begin_object (b);
      rig_json_add_string (b, "device", r->device);
      rig_json_add_string (b, "risk", rig_risk_to_string (r->risk));
      rig_json_add_string (b, "reason", r->reason);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
add_suggestions (JsonBuilder             *b,
                 const RigWorkloadResult *r)
{
  json_builder_set_member_name (b, "suggestions");
  json_builder_begin_array (b);
  for (guint k = 0; k < r->n_suggestions; k++)
    {
      const RigSuggestion *s = &r->suggestions[k];
      g_autofree char *text = rig_suggestion_describe (s);
      char buf[32];

      json_builder_begin_object (b);
      rig_json_add_string (b, "setting", rig_suggestion_setting_to_string (s->setting));
      if (s->setting == RIG_SUGGEST_KV_CACHE || s->setting == RIG_SUGGEST_SHARDING)
        rig_json_add_string (b, "value", rig_suggestion_value_to_string (s, buf, sizeof buf));
      else if (s->setting == RIG_SUGGEST_FLASH_ATTENTION ||
               s->setting == RIG_SUGGEST_GRADIENT_CHECKPOINTING || s->setting == RIG_SUGGEST_ZERO_INIT ||
               s->setting == RIG_SUGGEST_OPTIMIZER_OFFLOAD)
        {
          json_builder_set_member_name (b, "value");
          json_builder_add_boolean_value (b, s->value != 0);
        }
      else
        rig_json_add_number (b, "value", s->value);
      rig_json_add_string (b, "text", text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* A serving workload's settings and figures; null where they could not be worked out. */
static void
add_serving (JsonBuilder             *b,
             const RigWorkload       *w,
             const RigWorkloadResult *r)
{
  if (!rig_speed_serves (w))
    return;
  json_builder_set_member_name (b, "serving");
  json_builder_begin_object (b);
  rig_json_add_number (b, "concurrency", w->concurrency);
  rig_json_add_number (b, "prompt_tokens", w->prompt_tokens);
  rig_json_add_number (b, "output_tokens", w->output_tokens);
  rig_json_add_number (b, "users", r->serve_users);
  rig_json_add_number (b, "queued", r->serve_queued);
  rig_json_add_number (b, "max_concurrency", r->serve_max_users);
  rig_json_add_number (b, "per_user_tokens_per_s", round_to (r->serve_user_tokens_per_s, 0.1));
  rig_json_add_number (b, "total_tokens_per_s", round_to (r->serve_total_tokens_per_s, 0.1));
  rig_json_add_number (b, "time_to_first_token_s", round_to (r->serve_first_token_s, 0.01));
  rig_json_add_number (b, "min_user_tokens_per_s",
                       w->min_user_tokens_per_s > 0 ? w->min_user_tokens_per_s : NAN);
  rig_json_add_number (b, "max_concurrency_at_target", r->serve_max_users_at_target);
  json_builder_end_object (b);
}

/* Speculative decoding, for an inference workload with a draft: what was asked and what it
 * gives (null where the speeds are not worked out). */
static void
add_speculative (JsonBuilder             *b,
                 const RigWorkload       *w,
                 const RigWorkloadResult *r)
{
  gboolean known = r->speculative_speedup > 0;

  if (!rig_workload_has_draft (w) || w->mode != RIG_MODE_INFERENCE)
    return;
  json_builder_set_member_name (b, "speculative");
  json_builder_begin_object (b);
  rig_json_add_string (b, "draft_model", w->draft_model_id);
  rig_json_add_string (b, "draft_quant", w->draft_quant != NULL ? w->draft_quant->id : w->quant_id);
  json_builder_set_member_name (b, "draft_tokens");
  json_builder_add_int_value (b, w->draft_tokens);
  rig_json_add_number (b, "draft_acceptance", w->draft_acceptance);
  rig_json_add_number (b, "draft_bytes", r->memory.terms[RIG_MEMORY_DRAFT]);
  rig_json_add_number (b, "tokens_per_step", known ? round_to (r->draft_tokens_per_step, 0.001) : NAN);
  rig_json_add_number (b, "plain_decode_tokens_per_s",
                       known ? round_to (r->decode_tokens_per_s_plain, 0.1) : NAN);
  rig_json_add_number (b, "speculative_decode_tokens_per_s",
                       known ? round_to (r->decode_tokens_per_s, 0.1) : NAN);
  rig_json_add_number (b, "speedup", known ? round_to (r->speculative_speedup, 0.01) : NAN);
  json_builder_end_object (b);
}

static void
add_workload (JsonBuilder       *b,
              const RigReport   *report,
              const RigWorkload *w,
              const RigWorkloadResult *r)
{
  const RigMemoryBreakdown *mem = &r->memory;

  json_builder_begin_object (b);
  rig_json_add_string (b, "model", w->model_id);
  rig_json_add_string (b, "quant", w->quant_id);
  rig_json_add_string (b, "mode", rig_workload_mode_to_string (w->mode));
  json_builder_set_member_name (b, "context");
  json_builder_add_int_value (b, w->context);
  json_builder_set_member_name (b, "batch");
  json_builder_add_int_value (b, w->batch);
  rig_json_add_string (b, "runtime", rig_runtime_to_string (r->runtime));
  rig_json_add_string (b, "fit", rig_fit_to_string (r->fit));
  rig_json_add_string (b, "fit_reason", r->reason);

  json_builder_set_member_name (b, "memory");
  json_builder_begin_object (b);
  rig_json_add_number (b, "weights_bytes", mem->weights_bytes);
  rig_json_add_number (b, "kv_cache_bytes", mem->kv_cache_bytes);
  rig_json_add_number (b, "activations_bytes", mem->activations_bytes);
  rig_json_add_number (b, "gradients_bytes", mem->gradients_bytes);
  rig_json_add_number (b, "optimizer_bytes", mem->optimizer_bytes);
  rig_json_add_number (b, "overhead_bytes", mem->overhead_bytes);
  rig_json_add_number (b, "total_bytes", mem->total_bytes);
  /* Each term the runtime's memory is made of, summed over the devices; 0 where the
   * runtime has none. */
  json_builder_set_member_name (b, "terms");
  json_builder_begin_object (b);
  for (guint t = 0; t < RIG_MEMORY_TERM_N; t++)
    {
      g_autofree char *name = g_strconcat (rig_memory_term_to_string (t), "_bytes", NULL);
      rig_json_add_number (b, name, mem->terms[t]);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);

  if (r->runtime == RIG_RUNTIME_VLLM)
    {
      rig_json_add_number (b, "gpu_memory_utilization", w->gpu_memory_utilization);
      rig_json_add_number (b, "max_model_len", w->max_model_len ? w->max_model_len : w->context);
      rig_json_add_number (b, "kv_pool_tokens", r->kv_pool_tokens);
      rig_json_add_number (b, "concurrent_sequences", round_to (r->concurrent_sequences, 0.01));
    }
  /* transformers' copies of its KV cache, a share of a decode step with the context full. */
  if (r->runtime == RIG_RUNTIME_TRANSFORMERS && w->mode == RIG_MODE_INFERENCE &&
      r->decode_cache_copy_share > 0)
    rig_json_add_number (b, "decode_cache_copy_share", round_to (r->decode_cache_copy_share, 0.01));
  if (r->runtime == RIG_RUNTIME_LLAMA_CPP && w->gpu_layers >= 0)
    rig_json_add_number (b, "gpu_layers", w->gpu_layers);
  if (r->runtime == RIG_RUNTIME_LLAMA_CPP && w->cpu_moe_layers > 0)
    rig_json_add_number (b, "cpu_moe_layers", w->cpu_moe_layers);
  if (r->runtime == RIG_RUNTIME_LLAMA_CPP && w->ubatch > 0)
    rig_json_add_number (b, "ubatch", w->ubatch);
  if (r->runtime == RIG_RUNTIME_LLAMA_CPP && !w->mmap)
    {
      json_builder_set_member_name (b, "mmap");
      json_builder_add_boolean_value (b, FALSE);
    }
  if (w->weights_gib > 0 && w->mode == RIG_MODE_INFERENCE)
    rig_json_add_number (b, "weights_gib", w->weights_gib);
  if (w->recipe != NULL && w->mode == RIG_MODE_INFERENCE)
    {
      json_builder_set_member_name (b, "recipe");
      json_builder_add_string_value (b, w->recipe);
    }
  add_speculative (b, w, r);

  add_suggestions (b, r);

  json_builder_set_member_name (b, "devices");
  json_builder_begin_array (b);
  for (guint k = 0; k < r->n_devices; k++)
    {
      gboolean host = k == report->devices.n_gpus;

      if (host && r->used_bytes[k] == 0)
        continue;
      json_builder_begin_object (b);
      rig_json_add_string (b, "device", host ? report->devices.host.name
                                            : report->devices.gpus[k].name);
      rig_json_add_number (b, "used_bytes", r->used_bytes[k]);
      rig_json_add_number (b, "capacity_bytes", r->capacity_bytes[k]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  rig_json_add_number (b, "decode_tokens_per_s", round_to (r->decode_tokens_per_s, 0.1));
  rig_json_add_number (b, "decode_tokens_per_s_start", round_to (r->decode_tokens_per_s_start, 0.1));
  rig_json_add_number (b, "decode_tokens_per_s_end", round_to (r->decode_tokens_per_s_end, 0.1));
  rig_json_add_string (b, "decode_bound", rig_speed_bound_id (r->decode_bound));
  rig_json_add_number (b, "prefill_tokens_per_s", round_to (r->prefill_tokens_per_s, 1));
  rig_json_add_string (b, "prefill_bound", rig_speed_bound_id (r->prefill_bound));
  rig_json_add_number (b, "prefill_tokens_per_s_measured_low", round_to (r->prefill_tokens_per_s_measured[0], 1));
  rig_json_add_number (b, "prefill_tokens_per_s_measured_high", round_to (r->prefill_tokens_per_s_measured[1], 1));
  rig_json_add_number (b, "load_seconds", round_to (r->load_seconds, 0.1));
  rig_json_add_number (b, "train_tokens_per_s", round_to (r->train_tokens_per_s, 1));
  rig_json_add_string (b, "train_bound", rig_speed_bound_id (r->train_bound));
  add_serving (b, w, r);
  json_builder_end_object (b);
}

static void
add_findings (JsonBuilder     *b,
              const RigReport *report)
{
  json_builder_set_member_name (b, "findings");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->findings->len; i++)
    {
      const RigFinding *f = &g_array_index (report->findings, RigFinding, i);

      json_builder_begin_object (b);
      rig_json_add_string (b, "severity", rig_severity_to_string (f->severity));
      rig_json_add_string (b, "area", rig_area_to_string (f->area));
      rig_json_add_string (b, "code", f->code);
      rig_json_add_string (b, "message", f->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "not_checked");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->not_checked->len; i++)
    {
      const RigNotChecked *n = &g_array_index (report->not_checked, RigNotChecked, i);

      json_builder_begin_object (b);
      rig_json_add_string (b, "area", rig_area_to_string (n->area));
      rig_json_add_string (b, "what", n->what);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
rig_plan_to_json (const RigBuild  *build,
                  const RigReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  rig_json_add_string (b, "name", build->name);
  add_parts (b, build);
  add_cost (b, build, report);
  add_power (b, report);
  add_pcie (b, report);
  add_thermal (b, report);
  json_builder_set_member_name (b, "workloads");
  json_builder_begin_array (b);
  for (guint i = 0; i < build->workloads->len; i++)
    add_workload (b, report, g_ptr_array_index (build->workloads, i),
                  &g_array_index (report->workloads, RigWorkloadResult, i));
  json_builder_end_array (b);
  add_findings (b, report);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
