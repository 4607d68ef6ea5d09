/* rig-plan.c: the planning engine's entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-plan.h"
#include "rig-speed.h"

static const char * const severities[] = { "error", "warning", "info" };
static const char * const areas[] = {
  "memory", "speed", "power", "pcie", "thermal", "compat", "cost", "upgrade"
};

G_STATIC_ASSERT (G_N_ELEMENTS (areas) == RIG_AREA_N);

const char *
rig_severity_to_string (RigSeverity severity)
{
  return severities[severity];
}

const char *
rig_area_to_string (RigArea area)
{
  return areas[area];
}

static void
finding_clear (gpointer data)
{
  RigFinding *f = data;
  g_free (f->code);
  g_free (f->message);
}

static void
not_checked_clear (gpointer data)
{
  g_free (((RigNotChecked *) data)->what);
}

void
rig_report_init (RigReport *report)
{
  memset (report, 0, sizeof *report);
  report->findings = g_array_new (FALSE, TRUE, sizeof (RigFinding));
  g_array_set_clear_func (report->findings, finding_clear);
  report->not_checked = g_array_new (FALSE, TRUE, sizeof (RigNotChecked));
  g_array_set_clear_func (report->not_checked, not_checked_clear);
  report->workloads = g_array_new (FALSE, TRUE, sizeof (RigWorkloadResult));
}

void
rig_report_clear (RigReport *report)
{
  g_clear_pointer (&report->findings, g_array_unref);
  g_clear_pointer (&report->not_checked, g_array_unref);
  g_clear_pointer (&report->workloads, g_array_unref);
}

void
rig_report_add_finding (RigReport  *report,
                        RigSeverity severity,
                        RigArea     area,
                        const char *code,
                        const char *format,
                        ...)
{
  RigFinding f = { severity, area, g_strdup (code), NULL };
  va_list args;

  va_start (args, format);
  f.message = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (report->findings, f);
}

void
rig_report_add_not_checked (RigReport  *report,
                            RigArea     area,
                            const char *format,
                            ...)
{
  RigNotChecked n = { area, NULL };
  va_list args;

  va_start (args, format);
  n.what = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (report->not_checked, n);
}

gboolean
rig_build_item_unit_price (const RigBuildItem *item,
                           gint64             *minor)
{
  if (item->has_price)
    {
      *minor = (gint64) llround (item->price * 100.0);
      return TRUE;
    }
  if (item->part == NULL)
    return FALSE;
  if (item->condition == RIG_CONDITION_USED && item->part->kind == RIG_PART_GPU &&
      item->part->gpu.used_price_cents != RIG_MONEY_UNKNOWN)
    {
      *minor = item->part->gpu.used_price_cents;
      return TRUE;
    }
  if (item->part->price_cents != RIG_MONEY_UNKNOWN)
    {
      *minor = item->part->price_cents;
      return TRUE;
    }
  return FALSE;
}

static void
evaluate_cost (const RigBuild *build,
               RigReport      *report)
{
  RigCostReport *cost = &report->cost;

  g_strlcpy (cost->currency, build->settings.currency, sizeof cost->currency);
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);
      gint64 unit;

      if (rig_build_item_unit_price (item, &unit))
        {
          cost->total_minor += unit * item->count;
          cost->parts_priced++;
        }
      else
        {
          cost->parts_unpriced++;
          rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_COST, "cost.price-missing",
                                  "No price is known for %s; the total leaves it out. "
                                  "Enter the price you paid or expect to pay.",
                                  item->part && item->part->name ? item->part->name
                                                                 : item->part_id);
        }
    }

  /* Catalog prices are US dollars; without an exchange rate nothing is converted. */
  if (!g_str_equal (build->settings.currency, "USD"))
    rig_report_add_not_checked (report, RIG_AREA_COST,
                                "Catalog prices are in USD and no exchange rate to %s is set: "
                                "the total mixes your own %s prices with USD catalog prices.",
                                build->settings.currency, build->settings.currency);
}

static const char *
workload_label (const RigWorkload *w,
                char              *buf,
                gsize              size)
{
  g_snprintf (buf, size, "%s%s%s", w->model ? w->model->name : w->model_id,
              w->quant_id ? " " : "", w->quant_id ? w->quant_id : "");
  return buf;
}

static void
evaluate_workloads (const RigBuild *build,
                    RigReport      *report)
{
  const RigDeviceSet *d = &report->devices;

  g_array_set_size (report->workloads, build->workloads->len);
  for (guint i = 0; i < build->workloads->len; i++)
    {
      const RigWorkload *w = g_ptr_array_index (build->workloads, i);
      RigWorkloadResult *r = &g_array_index (report->workloads, RigWorkloadResult, i);
      char label[160];

      rig_memory_evaluate (w, d, r);
      rig_speed_evaluate (w, d, w->context, w->context, r);
      workload_label (w, label, sizeof label);

      switch (r->fit)
        {
        case RIG_FIT_NONE:
          rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_MEMORY, "memory.does-not-fit",
                                  "%s does not fit: %s. Use a smaller quantization or context, or "
                                  "add GPU memory.", label, r->reason);
          break;
        case RIG_FIT_OFFLOAD:
          rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_MEMORY, "memory.offload",
                                  "%s runs partly from system memory: %s. Decode slows to the "
                                  "speed of system memory for that part.", label, r->reason);
          break;
        case RIG_FIT_CPU:
          rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_MEMORY, "memory.cpu-only",
                                  "%s runs on the CPU only: %s.", label, r->reason);
          break;
        case RIG_FIT_UNKNOWN:
          rig_report_add_not_checked (report, RIG_AREA_MEMORY, "%s: %s.", label, r->reason);
          break;
        case RIG_FIT_GPU:
        default:
          break;
        }

      if (w->model && RIG_IS_KNOWN (w->model->context_max) && w->context > w->model->context_max)
        rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_MEMORY,
                                "memory.context-too-long",
                                "%s: a context of %u tokens is longer than the %.0f the model "
                                "was trained for.", label, w->context, w->model->context_max);
      if (w->quant == NULL)
        rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_MEMORY, "memory.no-quant",
                                "%s: no quantization given; 16-bit weights are assumed.", label);
      if (w->mode != RIG_MODE_INFERENCE && w->quant && g_str_equal (w->quant->format, "gguf"))
        rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_MEMORY, "memory.train-gguf",
                                "%s: fine-tuning needs 16-bit weights (or bitsandbytes 4-bit for "
                                "QLoRA), not a GGUF quantization.", label);
      if (w->model && w->model->modality && !g_str_equal (w->model->modality, "llm"))
        rig_report_add_not_checked (report, RIG_AREA_MEMORY,
                                    "%s: activation memory and speed of %s models are not "
                                    "modelled; only the weights are counted.", label,
                                    w->model->modality);

      if (r->fit == RIG_FIT_GPU || r->fit == RIG_FIT_OFFLOAD || r->fit == RIG_FIT_CPU)
        {
          if (w->mode == RIG_MODE_INFERENCE && isnan (r->decode_tokens_per_s))
            rig_report_add_not_checked (report, RIG_AREA_SPEED,
                                        "%s: decode speed needs the memory bandwidth of every "
                                        "device it runs on.", label);
          if (w->mode == RIG_MODE_INFERENCE && isnan (r->prefill_tokens_per_s))
            rig_report_add_not_checked (report, RIG_AREA_SPEED,
                                        "%s: prefill speed needs the FP16 throughput of every "
                                        "device it runs on, which the catalog lacks here.", label);
          if (isnan (r->load_seconds))
            rig_report_add_not_checked (report, RIG_AREA_SPEED,
                                        "%s: load time needs a drive with a known read speed.",
                                        label);
        }
    }

  if (d->gpus_dropped > 0)
    rig_report_add_not_checked (report, RIG_AREA_MEMORY,
                                "%u GPUs past the first %u are left out of the memory plan.",
                                d->gpus_dropped, RIG_MAX_GPUS);
}

void
rig_plan_evaluate (const RigBuild *build,
                   RigReport      *report)
{
  g_return_if_fail (build != NULL);
  g_return_if_fail (report != NULL && report->findings != NULL);

  rig_device_set_from_build (build, &report->devices);
  evaluate_cost (build, report);
  evaluate_workloads (build, report);

  /* Areas the engine does not evaluate yet are listed, never passed silently. */
  rig_report_add_not_checked (report, RIG_AREA_POWER,
                              "Power and the wall circuit are not evaluated by this version of "
                              "the engine.");
  rig_report_add_not_checked (report, RIG_AREA_PCIE,
                              "PCIe slots and lanes are not evaluated by this version of the engine.");
  rig_report_add_not_checked (report, RIG_AREA_THERMAL,
                              "Thermals are not evaluated by this version of the engine.");
  rig_report_add_not_checked (report, RIG_AREA_COMPAT,
                              "Compatibility (sockets, memory, sizes) is not evaluated by this "
                              "version of the engine.");
}
