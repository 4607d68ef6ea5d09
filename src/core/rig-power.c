/* rig-power.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rig-calibration.h"
#include "rig-i18n.h"
#include "rig-plan.h"
#include "rig-power.h"
#include "rig-printf.h"
#include "rig-text.h"

double
rig_circuit_watts (RigCircuit circuit)
{
  switch (circuit)
    {
    case RIG_CIRCUIT_US_20A:
      return RIG_CIRCUIT_US_20A_W;
    case RIG_CIRCUIT_EU_16A:
      return RIG_CIRCUIT_EU_16A_W;
    case RIG_CIRCUIT_UK_13A:
      return RIG_CIRCUIT_UK_13A_W;
    case RIG_CIRCUIT_US_15A:
    case RIG_CIRCUIT_N:
    default:
      return RIG_CIRCUIT_US_15A_W;
    }
}

double
rig_psu_efficiency (const char *rating,
                    double      load)
{
  /* 80 PLUS, 115 V internal non-redundant, at 20 / 50 / 100 % load (research §2.3; Titanium
   * also 90 % at 10 %). Below 20 % the 20 % figure is used, which flatters light loads a little. */
  static const struct { const char *name; double at20, at50, at100; } table[] = {
    { "white", 0.80, 0.80, 0.80 },
    { "bronze", 0.82, 0.85, 0.82 },
    { "silver", 0.85, 0.88, 0.85 },
    { "gold", 0.87, 0.90, 0.87 },
    { "platinum", 0.90, 0.92, 0.89 },
    { "titanium", 0.92, 0.94, 0.90 },
  };
  guint i = 0;

  /* An unknown rating is taken as the lowest, so the wall draw is not understated. The names'
   * first letters differ: comparing one letter passes over the other rows. */
  for (guint k = 0; rating != NULL && k < G_N_ELEMENTS (table); k++)
    if (rig_str_same (rating, table[k].name))
      {
        i = k;
        break;
      }

  load = CLAMP (load, 0.2, 1.2);
  if (load <= 0.5)
    return table[i].at20 + (load - 0.2) / 0.3 * (table[i].at50 - table[i].at20);
  return table[i].at50 + MIN (load - 0.5, 0.5) / 0.5 * (table[i].at100 - table[i].at50);
}

double
rig_power_limit_perf (double f)
{
  if (f >= 1.0)
    return 1.0;
  if (f >= 0.8)
    return RIG_PERF_AT_80_PCT + (f - 0.8) / 0.2 * (1.0 - RIG_PERF_AT_80_PCT);
  if (f >= 0.58)
    return RIG_PERF_AT_58_PCT + (f - 0.58) / 0.22 * (RIG_PERF_AT_80_PCT - RIG_PERF_AT_58_PCT);
  if (f >= 0.48)
    return RIG_PERF_AT_48_PCT + (f - 0.48) / 0.10 * (RIG_PERF_AT_58_PCT - RIG_PERF_AT_48_PCT);
  return MAX (0.0, RIG_PERF_AT_48_PCT * f / 0.48);
}

static double
known_or_default (double value,
                  double fallback)
{
  return RIG_IS_KNOWN (value) ? value : fallback;
}

/* Fans listed as "front:3x140;rear:1x140": the count before each "x", else one. */
static double
fan_count (const char *mounts)
{
  const char *cursor = mounts, *item;
  gsize length;
  double n = 0;

  while (rig_list_next (&cursor, ';', &item, &length))
    {
      const char *colon = memchr (item, ':', length);
      /* The number ends at an "x", a ";" or the end, never in the next item. */
      if (colon)
        n += MAX (1.0, g_ascii_strtod (colon + 1, NULL));
    }
  return n;
}

static void
check_connectors (const RigBuild *build,
                  const RigPart  *psu,
                  const RigPart  *board,
                  RigReport      *report)
{
  guint need_8pin = 0, need_12v = 0, need_eps = 0, adapters_8pin = 0, n;
  gboolean connectors_known = TRUE;
  RigBuildItem * const *cards = rig_report_gpu_cards (report, &n);

  for (guint i = 0; i < n; i++)
    {
      const RigBuildItem *item = cards[i];
      const RigPart *gpu = item->part;
      double capacity;
      const guint *counts;
      guint n6, n8, n12, neps;

      if (gpu->gpu.power_connectors == NULL)
        {
          connectors_known = FALSE;
          rig_report_add_not_checked (report, RIG_AREA_POWER,
                                      /* Translators: %s is a GPU's name */
                                      _("%s: its power connectors are not in the catalog."), gpu->name);
          continue;
        }
      counts = rig_gpu_power_connectors (gpu);
      n6 = counts[RIG_GPU_CONNECTOR_6PIN];
      n8 = counts[RIG_GPU_CONNECTOR_8PIN];
      n12 = counts[RIG_GPU_CONNECTOR_12V];
      neps = counts[RIG_GPU_CONNECTOR_EPS8];

      capacity = RIG_SLOT_W + n6 * RIG_6PIN_W + n8 * RIG_8PIN_W + n12 * RIG_12V2X6_W +
                 neps * RIG_EPS8_CARD_W;
      /* Makers build a few per cent past the nominal ratings (an RTX A5000 is a 230 W card on
       * one 8-pin and the slot, 225 W nominal); more than 10 % over is a wiring mistake. */
      if (RIG_IS_KNOWN (gpu->gpu.board_power_w) && gpu->gpu.board_power_w > capacity)
        rig_report_add_finding (report,
                                gpu->gpu.board_power_w > 1.1 * capacity ? RIG_SEVERITY_ERROR
                                                                        : RIG_SEVERITY_INFO,
                                RIG_AREA_POWER, "power.card-over-limit",
                                /* Translators: the first %s is a GPU's name, the first %.0f its
                                 * board power in W, the second %s its power connectors as the
                                 * catalog writes them (“2x8pin”), the second %.0f what the slot and
                                 * connectors are rated for in W */
                                _("%s draws %.0f W; its slot and connectors (%s) are rated for "
                                  "%.0f W nominal."), gpu->name, gpu->gpu.board_power_w,
                                gpu->gpu.power_connectors, capacity);

      need_8pin += (n6 + n8) * item->count;
      need_eps += neps * item->count;
      need_12v += n12 * item->count;
      /* Without a native 12V-2x6 cable the card needs an adapter from 8-pin cables: 4 for
       * 600 W, 3 for 450 W (research §5 rule 22). */
      if (n12 > 0)
        adapters_8pin += item->count * (guint) MAX (2.0, ceil (gpu->gpu.board_power_w / RIG_8PIN_W));
    }

  if (psu == NULL || !connectors_known)
    return;

  if (!RIG_IS_KNOWN (psu->psu.conn_pcie8) || (need_12v > 0 && !RIG_IS_KNOWN (psu->psu.conn_12v2x6)))
    {
      rig_report_add_not_checked (report, RIG_AREA_POWER,
                                  /* Translators: %s is a power supply's name */
                                  _("%s: its 12V-2x6 / 12VHPWR connectors and PCIe 6+2-pin "
                                    "connectors are not in the catalog, so the connectors the GPUs "
                                    "need could not be checked."), psu->name);
    }
  else
    {
      guint native = (guint) psu->psu.conn_12v2x6;
      guint via_adapter = need_12v > native ? need_12v - native : 0;
      guint total_8pin = need_8pin + (via_adapter > 0 ? adapters_8pin * via_adapter / need_12v : 0);

      if (total_8pin > psu->psu.conn_pcie8)
        rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_POWER, "power.connectors",
                                /* Translators: %u is the 8-pin connectors the GPUs need, the first
                                 * %s is empty or “ (counting 12V-2x6 adapters)”, the second %s a
                                 * power supply's name, %.0f its 8-pin connectors */
                                _("The GPUs need %u PCIe 8-pin connectors%s; %s has %.0f. Each 8-pin "
                                  "carries 150 W: never split one cable to two sockets above that."),
                                total_8pin,
                                via_adapter ? _(" (counting 12V-2x6 adapters)") : "",
                                psu->name, psu->psu.conn_pcie8);
      else if (via_adapter > 0)
        {
          /* Translators: the start of “%s: %s has %u native 12V-2x6 connectors.”; %u is the
           * GPUs that need an adapter */
          g_autofree char *gpus = rig_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u GPU needs a 12V-2x6 "
                                                                  "adapter from PCIe 8-pin cables",
                                                                  "%u GPUs need a 12V-2x6 adapter from PCIe "
                                                                  "8-pin cables", via_adapter),
                                                     via_adapter);

          rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_POWER, "power.adapter",
                                  /* Translators: the first %s is “N GPUs need a 12V-2x6 adapter
                                   * from PCIe 8-pin cables”, the second a power supply's name, %u
                                   * its native 12V-2x6 connectors */
                                  g_dngettext (GETTEXT_PACKAGE, "%s: %s has %u native 12V-2x6 connector.",
                                               "%s: %s has %u native 12V-2x6 connectors.", native),
                                  gpus, psu->name, native);
        }
    }

  if (board != NULL && RIG_IS_KNOWN (board->motherboard.eps_connectors))
    need_eps += (guint) board->motherboard.eps_connectors;
  if (need_eps > 0)
    {
      if (!RIG_IS_KNOWN (psu->psu.conn_eps8))
        rig_report_add_not_checked (report, RIG_AREA_POWER,
                                    /* Translators: %s is a power supply's name */
                                    _("%s: its EPS 8-pin connectors (for the CPU) are not in the "
                                      "catalog."),
                                    psu->name);
      else if (need_eps > psu->psu.conn_eps8)
        rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_POWER, "power.eps",
                                /* Translators: %u is the EPS connectors needed, %s a power
                                 * supply's name, %.0f its EPS connectors */
                                _("The board and cards need %u EPS 8-pin connectors; %s has %.0f."),
                                need_eps, psu->name, psu->psu.conn_eps8);
    }
}

/* The ratings of every supply in the build, added up. */
static double
psu_ratings (const RigReport *report)
{
  double watts = 0;
  guint n;
  RigBuildItem * const *psus = rig_report_items (report, RIG_PART_PSU, &n);

  for (guint i = 0; i < n; i++)
    watts += psus[i]->part->psu.watts * psus[i]->count;
  return watts;
}

/* More than one supply: the second needs an adapter that turns it on with the first, and then
 * each carries its own share. The first powers the board, CPU and drives; each GPU goes to the
 * supply with the most room left. @limit is the GPU power limit, NAN when a GPU's power is not
 * known (the split is then not checked; the not-checked line for it is already there). */
static void
check_supplies (const RigBuild *build,
                RigReport      *report,
                guint           n_psus,
                double          limit)
{
  const RigPowerReport *p = &report->power;
  g_autoptr(GPtrArray) supplies = g_ptr_array_new ();
  g_autoptr(GArray) load = g_array_new (FALSE, TRUE, sizeof (double));
  gboolean adapter = FALSE;

  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);
      const RigPart *part = item->part;

      if (part && part->kind == RIG_PART_PSU)
        for (guint c = 0; c < item->count; c++)
          g_ptr_array_add (supplies, (gpointer) part);
      else if (part && part->kind == RIG_PART_ACCESSORY &&
               rig_str_is (part->accessory.type, "psu-adapter"))
        adapter = TRUE;
    }

  rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_POWER, "power.two-psus",
                          /* Translators: %u is the number of power supplies, %.0f their ratings
                           * added up in W */
                          g_dngettext (GETTEXT_PACKAGE, "%u power supply is counted as %.0f W.",
                                       "%u power supplies are counted as %.0f W together: each "
                                       "powers its own cards.", n_psus), n_psus, p->psu_w);
  if (!adapter)
    {
      rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_POWER, "power.psu-adapter",
                              /* Translators: %u is the number of power supplies */
                              _("The build has %u power supplies but no adapter that turns the "
                                "others on with the first: they stay off unless switched by hand. "
                                "Add a dual-PSU adapter."), n_psus);
      return;
    }
  if (isnan (limit))
    return;

  g_array_set_size (load, supplies->len);
  g_array_index (load, double, 0) = p->cpu_w + p->rest_w;
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);

      if (item->part == NULL || item->part->kind != RIG_PART_GPU)
        continue;
      for (guint c = 0; c < item->count; c++)
        {
          guint best = 0;

          for (guint s = 1; s < supplies->len; s++)
            {
              double room_s = ((RigPart *) g_ptr_array_index (supplies, s))->psu.watts -
                              g_array_index (load, double, s);
              double room_best = ((RigPart *) g_ptr_array_index (supplies, best))->psu.watts -
                                 g_array_index (load, double, best);
              if (room_s > room_best)
                best = s;
            }
          g_array_index (load, double, best) += item->part->gpu.board_power_w * limit;
        }
    }

  for (guint s = 0; s < supplies->len; s++)
    {
      const RigPart *unit = g_ptr_array_index (supplies, s);
      double w = g_array_index (load, double, s);

      if (w > unit->psu.watts)
        rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_POWER, "power.psu-split-overload",
                                /* Translators: the first %u is the number of a power supply, %s its
                                 * name, the first %.0f its rating in W, the second %.0f what it
                                 * carries in W */
                                _("With the GPUs split across the supplies, supply %u (%s, %.0f W) "
                                  "carries %.0f W sustained. Use a larger supply or lower the GPU "
                                  "power limit."), s + 1, unit->name, unit->psu.watts, w);
    }
}

/* A prebuilt has its own supply; its maximum power is what the wall sees. */
static void
prebuilt_power (RigReport     *report,
                const RigPart *system)
{
  RigPowerReport *p = &report->power;

  p->prebuilt = TRUE;
  if (RIG_IS_KNOWN (system->system.power_w))
    {
      p->sustained_w = p->peak_w = p->wall_w = system->system.power_w;
      p->efficiency = 1;
      return;
    }
  /* Unknown is not 0 W: the wall draw, the circuit and the electricity cost stay unknown. */
  p->sustained_w = p->peak_w = p->wall_w = NAN;
  rig_report_add_not_checked (report, RIG_AREA_POWER,
                              /* Translators: %s is a prebuilt system's name */
                              _("%s: its max power is not published, so its wall draw, "
                                "circuit load and electricity cost are not checked."),
                              system->name);
}

/* What a part other than the GPUs and the CPU adds, into p->rest_w. */
static void
add_rest_power (RigReport          *report,
                const RigBuildItem *item)
{
  RigPowerReport *p = &report->power;
  const RigPart *part = item->part;

  switch (part->kind)
    {
    case RIG_PART_MEMORY:
      p->rest_w += RIG_POWER_DIMM_W * part->memory.modules * item->count;
      break;
    case RIG_PART_STORAGE:
      p->rest_w += known_or_default (part->storage.power_w, RIG_POWER_DRIVE_W) * item->count;
      if (!RIG_IS_KNOWN (part->storage.power_w))
        rig_report_add_not_checked (report, RIG_AREA_POWER,
                                    /* Translators: %s is a drive's name, %.0f watts */
                                    _("%s: its active power is not in the catalog; %.0f W, a "
                                      "typical drive's, is assumed."), part->name, RIG_POWER_DRIVE_W);
      break;
    case RIG_PART_NIC:
      p->rest_w += known_or_default (part->nic.power_w, RIG_POWER_NIC_W) * item->count;
      if (!RIG_IS_KNOWN (part->nic.power_w))
        rig_report_add_not_checked (report, RIG_AREA_POWER,
                                    /* Translators: %s is a network card's name, %.0f watts */
                                    _("%s: its typical power is not in the catalog; %.0f W, a "
                                      "typical card's, is assumed."), part->name, RIG_POWER_NIC_W);
      break;
    case RIG_PART_CASE:
      p->rest_w += RIG_POWER_FAN_W * fan_count (part->pc_case.included_fans);
      break;
    case RIG_PART_COOLER:
      if (!rig_str_is (part->cooler.type, "aio"))
        {
          p->rest_w += RIG_POWER_FAN_W * 2;
          break;
        }
      p->rest_w += RIG_POWER_PUMP_W +
                   RIG_POWER_FAN_W * MAX (1.0, round (known_or_default (part->cooler.radiator_mm, 240) / 120));
      if (!RIG_IS_KNOWN (part->cooler.radiator_mm))
        rig_report_add_not_checked (report, RIG_AREA_POWER,
                                    /* Translators: %s is a CPU cooler's name */
                                    _("%s: its radiator size is not in the catalog; the "
                                      "fans of a 240 mm radiator are assumed."), part->name);
      break;
    case RIG_PART_MOTHERBOARD:
      p->rest_w += RIG_POWER_BOARD_W;
      break;
    case RIG_PART_GPU:
    case RIG_PART_CPU:
    case RIG_PART_PSU:
    case RIG_PART_SYSTEM:
    case RIG_PART_ACCESSORY:
    case RIG_PART_N_KINDS:
    default:
      break;
    }
}

/* The GPUs' board power together at 100 %, and whether every one of them is known. */
static double
sum_part_power (RigReport      *report,
                const RigBuild *build,
                gboolean       *gpus_known)
{
  double gpu_full = 0;

  *gpus_known = TRUE;
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);
      const RigPart *part = item->part;

      if (part == NULL)
        continue;
      if (part->kind != RIG_PART_GPU)
        add_rest_power (report, item);
      else if (!RIG_IS_KNOWN (part->gpu.board_power_w))
        *gpus_known = FALSE;
      else
        gpu_full += part->gpu.board_power_w * item->count;
    }
  if (!*gpus_known)
    rig_report_add_not_checked (report, RIG_AREA_POWER,
                                _("A GPU's board power is not in the catalog; the power figures leave it out."));
  return gpu_full;
}

static double
cpu_power (RigReport     *report,
           const RigPart *cpu)
{
  if (cpu == NULL)
    return 0;
  if (RIG_IS_KNOWN (cpu->cpu.package_power_w))
    return cpu->cpu.package_power_w;
  rig_report_add_not_checked (report, RIG_AREA_POWER,
                              /* Translators: %s is a processor's name, %.0f its TDP in W */
                              _("%s: its sustained package power (PPT / PL2) is not in the "
                                "catalog, so its TDP of %.0f W stands in; under all-core load "
                                "it may draw more."), cpu->name, cpu->cpu.tdp_w);
  return cpu->cpu.tdp_w;
}

static void
check_psu_load (RigReport     *report,
                const RigPart *psu)
{
  RigPowerReport *p = &report->power;

  if (p->load > 1.0)
    rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_POWER, "power.psu-overload",
                            /* Translators: the first %.0f is the build's sustained draw in W,
                             * %s a power supply's name, the second %.0f its rating in W, the
                             * third %.0f the load in per cent */
                            _("The build draws %.0f W sustained; %s is rated for %.0f W (%.0f %%). "
                              "Choose a larger PSU or lower the GPU power limit."),
                            p->sustained_w, psu->name, p->psu_w, p->load * 100);
  else if (p->load > RIG_PSU_WARN_LOAD)
    rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_POWER, "power.psu-high",
                            /* Translators: the first %.0f is the build's sustained draw in W,
                             * the second the load in per cent, %s a power supply's name, the
                             * third %.0f its rating in W */
                            _("The build draws %.0f W sustained, %.0f %% of %s's %.0f W; 50-80 %% "
                              "is the efficient, quiet band."), p->sustained_w, p->load * 100,
                            psu->name, p->psu_w);
}

/* GPU load spikes against the excursion the supply's ATX version specifies. */
static void
check_transients (RigReport     *report,
                  const RigPart *psu)
{
  RigPowerReport *p = &report->power;
  gboolean atx3;
  double atx_limit;

  /* An ATX 3.x unit whose 12V-2x6 count is unknown is still ATX 3.x; only a known 0 (no
   * native cable) takes it back to the ATX 2 excursion. An unknown version gets the benefit
   * of the doubt and a "not checked" where the two specifications disagree. */
  atx3 = (psu->psu.atx_version == NULL || !rig_str_is (psu->psu.atx_version, "2")) &&
         !(RIG_IS_KNOWN (psu->psu.conn_12v2x6) && psu->psu.conn_12v2x6 == 0) && p->psu_w > 450;
  atx_limit = (atx3 ? RIG_ATX3_EXCURSION_100US : RIG_ATX2_EXCURSION_100US) * p->psu_w;
  if (p->gpu_w > 0 && psu->psu.atx_version == NULL &&
      p->peak_w > RIG_ATX2_EXCURSION_100US * p->psu_w &&
      p->peak_w <= RIG_ATX3_EXCURSION_100US * p->psu_w)
    rig_report_add_not_checked (report, RIG_AREA_POWER,
                                /* Translators: %s is a power supply's name */
                                _("%s: its ATX version is not in the catalog, so whether it "
                                  "rides out GPU load spikes is not checked."), psu->name);
  else if (p->gpu_w > 0 && p->peak_w > atx_limit)
    rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_POWER, "power.transient",
                            /* Translators: the first %.0f is the GPUs' peak draw in W, the
                             * first %s a power supply's name, the second %.0f the excursion it
                             * is specified for in W, the second %s the specification
                             * (“ATX 3.x, 200 % for 100 µs” or “150 % for 100 µs”) */
                            _("GPU load spikes can reach about %.0f W for under a millisecond; %s "
                              "is specified for %.0f W such excursions (%s). Expect shutdowns "
                              "under load; an ATX 3.x unit or a lower GPU power limit helps."),
                            p->peak_w, psu->name, atx_limit,
                            /* xgettext:no-c-format */
                            atx3 ? _("ATX 3.x, 200 % for 100 µs")
                                 /* xgettext:no-c-format */
                                 : _("150 % for 100 µs"));
}

/* The supply or supplies: their load, efficiency, transients and connectors. */
static void
check_supply (RigReport      *report,
              const RigBuild *build,
              const RigPart  *psu,
              guint           n_psus,
              double          limit)
{
  RigPowerReport *p = &report->power;

  /* Two supplies share the load only when each powers its own cards; their ratings add. */
  p->psu_w = psu_ratings (report);
  p->load = p->sustained_w / p->psu_w;
  p->efficiency = rig_psu_efficiency (psu->psu.efficiency, p->load);
  p->wall_w = p->sustained_w / p->efficiency;
  if (psu->psu.efficiency == NULL)
    rig_report_add_not_checked (report, RIG_AREA_POWER,
                                /* Translators: %s is a power supply's name */
                                _("%s: its 80 PLUS rating is not in the catalog; the wall draw "
                                  "assumes the lowest efficiency."), psu->name);
  check_psu_load (report, psu);
  if (n_psus > 1)
    check_supplies (build, report, n_psus, limit);
  check_transients (report, psu);
  check_connectors (build, psu, rig_report_find (report, RIG_PART_MOTHERBOARD, NULL), report);
}

/* The wall draw against the circuit's continuous limit, with the GPU power limit that fits. */
static void
check_circuit (RigReport         *report,
               const RigSettings *s,
               double             gpu_full)
{
  RigPowerReport *p = &report->power;
  double others, fraction;

  if (p->wall_w > 0.9 * p->circuit_w && p->wall_w <= p->circuit_w)
    {
      rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_POWER, "power.circuit-high",
                              /* Translators: the first %.0f is the wall draw in W, the second its
                               * share of the circuit in per cent, %s the circuit as the settings
                               * name it (“us-15a”), the third %.0f what the circuit carries in W */
                              _("The build draws about %.0f W at the wall, %.0f %% of what a %s "
                                "circuit carries continuously (%.0f W); anything else on it trips "
                                "the breaker."), p->wall_w, p->wall_w / p->circuit_w * 100,
                              rig_circuit_to_string (s->circuit), p->circuit_w);
      return;
    }
  if (!(p->wall_w > p->circuit_w))
    return;

  others = p->cpu_w + p->rest_w;
  fraction = gpu_full > 0 ? (p->circuit_w * p->efficiency - others) / gpu_full : 0;
  if (fraction < 0.3)
    {
      rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_POWER, "power.circuit",
                              /* Translators: the first %.0f is the wall draw in W, %s the
                               * circuit as the settings name it (“us-15a”), the second %.0f
                               * what the circuit carries in W */
                              _("The build draws about %.0f W at the wall; a %s circuit carries "
                                "%.0f W continuously. Even a low GPU power limit does not fit: "
                                "use a 20 A or 230 V circuit, or two circuits with two PSUs."),
                              p->wall_w, rig_circuit_to_string (s->circuit), p->circuit_w);
      return;
    }
  p->suggested_limit_pct = floor (fraction * 100);
  p->suggested_perf = rig_power_limit_perf (p->suggested_limit_pct / 100);
  rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_POWER, "power.circuit",
                          /* Translators: the first %.0f is the wall draw in W, %s the
                           * circuit as the settings name it (“us-15a”), the second %.0f
                           * what the circuit carries in W, the third %.0f the suggested
                           * GPU power limit in per cent, the fourth %.0f the performance
                           * kept in per cent */
                          _("The build draws about %.0f W at the wall; a %s circuit carries "
                            "%.0f W continuously. A GPU power limit of %.0f %% (nvidia-smi -pl) "
                            "fits, keeping about %.0f %% of GPU performance."),
                          p->wall_w, rig_circuit_to_string (s->circuit), p->circuit_w,
                          p->suggested_limit_pct, p->suggested_perf * 100);
}

/* The GPUs' draw while running @r's workload: each GPU at @limit of its board power for the
 * share of the time it is busy (see RIG_TP_DECODE_POWER_FRACTION); NAN when its use is not known
 * (it does not run on the GPUs). @board_w is each GPU's board power, in the device set's order. */
static double
workload_gpu_power (const RigWorkload       *w,
                    const RigWorkloadResult *r,
                    const double            *board_w,
                    guint                    n_gpus,
                    double                   limit)
{
  double watts = 0;

  if ((r->fit != RIG_FIT_GPU && r->fit != RIG_FIT_OFFLOAD) || r->gpus_used == 0)
    return NAN;
  for (guint i = 0; i < MIN (r->gpus_used, n_gpus); i++)
    {
      double busy;

      if (w->mode != RIG_MODE_INFERENCE)
        busy = 1.0;
      else if (r->tensor_parallel)
        busy = RIG_TP_DECODE_POWER_FRACTION;
      else
        busy = r->gpus_used == 1 ? 1.0 : CLAMP (r->compute_share[i], 0.0, 1.0);
      watts += board_w[i] * limit * busy;
    }
  return watts;
}

/* The GPUs' draw while the build runs its heaviest workload, and the wall's; the full figures
 * where no workload says how the GPUs are used. */
static void
running_power (const RigBuild *build,
               RigReport      *report,
               const RigPart  *psu,
               double          limit)
{
  RigPowerReport *p = &report->power;
  double board_w[RIG_MAX_GPUS], heaviest = NAN, sustained;
  guint n = 0, n_items;
  RigBuildItem * const *gpus;

  p->running_gpu_w = p->gpu_w;
  p->running_wall_w = p->wall_w;
  if (p->prebuilt || report->devices.unified)
    return;
  gpus = rig_report_items (report, RIG_PART_GPU, &n_items);
  for (guint i = 0; i < n_items && n < RIG_MAX_GPUS; i++)
    for (guint c = 0; c < gpus[i]->count && n < RIG_MAX_GPUS; c++)
      board_w[n++] = gpus[i]->part->gpu.board_power_w;
  for (guint i = 0; i < n; i++)
    if (!RIG_IS_KNOWN (board_w[i]))
      return;
  for (guint i = 0; i < report->workloads->len && i < build->workloads->len; i++)
    {
      double watts = workload_gpu_power (g_ptr_array_index (build->workloads, i),
                                         &g_array_index (report->workloads, RigWorkloadResult, i),
                                         board_w, n, limit);

      if (RIG_IS_KNOWN (watts) && !(watts <= heaviest))
        heaviest = watts;
    }
  if (!RIG_IS_KNOWN (heaviest) || !RIG_IS_KNOWN (p->wall_w))
    return;
  p->running_gpu_w = MIN (heaviest, p->gpu_w);
  sustained = p->sustained_w - p->gpu_w + p->running_gpu_w;
  p->running_wall_w = sustained / (psu != NULL && p->psu_w > 0
                                     ? rig_psu_efficiency (psu->psu.efficiency, sustained / p->psu_w)
                                     : p->efficiency);
}

void
rig_power_evaluate (const RigBuild *build,
                    RigReport      *report)
{
  RigPowerReport *p = &report->power;
  const RigSettings *s = &build->settings;
  guint n_psus = 0;
  const RigPart *psu = rig_report_find (report, RIG_PART_PSU, &n_psus);
  const RigPart *system = rig_report_find (report, RIG_PART_SYSTEM, NULL);
  double limit = s->gpu_power_limit_pct / 100.0, gpu_full;
  gboolean gpus_known;

  memset (p, 0, sizeof *p);
  p->psu_w = NAN;
  p->suggested_limit_pct = NAN;
  p->suggested_perf = NAN;
  p->circuit_w = rig_circuit_watts (s->circuit);

  if (system != NULL)
    prebuilt_power (report, system);
  gpu_full = sum_part_power (report, build, &gpus_known);
  p->gpu_w = gpu_full * limit;
  p->cpu_w = cpu_power (report, rig_report_find (report, RIG_PART_CPU, NULL));

  if (p->prebuilt && !(p->gpu_w > 0 || p->cpu_w > 0))
    {
      p->running_gpu_w = p->gpu_w;
      p->running_wall_w = p->wall_w;
      return;
    }

  p->sustained_w += p->gpu_w + p->cpu_w + p->rest_w;
  p->peak_w += p->gpu_w * RIG_GPU_TRANSIENT_FACTOR + p->cpu_w + p->rest_w;

  if (psu != NULL)
    check_supply (report, build, psu, n_psus, gpus_known ? limit : NAN);
  else
    {
      if (p->gpu_w > 0 || p->cpu_w > 0)
        rig_report_add_not_checked (report, RIG_AREA_POWER,
                                    _("The build has no power supply: load, transients and connectors "
                                      "are not checked, and the wall draw assumes 90 %% efficiency."));
      p->efficiency = 0.90;
      p->wall_w = p->sustained_w / p->efficiency;
    }
  check_circuit (report, s, gpu_full);
  running_power (build, report, psu, limit);
}
