/* rig-thermal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rig-calibration.h"
#include "rig-i18n.h"
#include "rig-plan.h"
#include "rig-printf.h"
#include "rig-thermal.h"
#include "rig-text.h"

/* Airflow of fans listed as "front:3x140;rear:1x140". */
static double
fans_cfm (const char *mounts)
{
  const char *cursor = mounts, *item;
  gsize length;
  double cfm = 0;

  if (mounts == NULL)
    return NAN;
  while (rig_list_next (&cursor, ';', &item, &length))
    {
      const char *colon = memchr (item, ':', length);
      guint count = 1, size = 0;

      if (colon == NULL)
        continue;
      /* sscanf stops at the ";" that ends the item. */
      if (sscanf (colon + 1, "%ux%u", &count, &size) != 2)
        {
          count = 1;
          sscanf (colon + 1, "%u", &size);
        }
      cfm += count * size * RIG_FAN_CFM_PER_MM;
    }
  return cfm;
}

/* Does a radiator of @size mm fit one of the case's mounts ("front:240/280/360;top:360")? */
static gboolean
radiator_fits (const char *mounts,
               double      size)
{
  g_auto(GStrv) items = g_strsplit (mounts, ";", -1);

  for (guint i = 0; items[i]; i++)
    {
      const char *colon = strchr (items[i], ':');
      g_auto(GStrv) sizes = NULL;

      if (colon == NULL)
        continue;
      sizes = g_strsplit (colon + 1, "/", -1);
      for (guint k = 0; sizes[k]; k++)
        {
          const char *x = strchr (sizes[k], 'x');
          double s = g_ascii_strtod (x ? x + 1 : sizes[k], NULL);
          double n = x ? g_ascii_strtod (sizes[k], NULL) : 1;

          /* "3x120" mounts take a 360 radiator. */
          if (fabs (s * n - size) < 1 || fabs (s - size) < 1)
            return TRUE;
        }
    }
  return FALSE;
}

const char *
rig_risk_to_string (RigRisk risk)
{
  static const char * const names[] = { "low", "medium", "high", "unknown" };
  return names[risk];
}

/* A throttling risk of @device; NULL @format for a lean report, which names neither. */
static void G_GNUC_PRINTF (4, 5)
add_risk_text (RigThermalReport *t,
               const char       *device,
               RigRisk           risk,
               const char       *format,
               ...)
{
  RigThrottleRisk *r;
  va_list args;

  if (t->n_risks >= RIG_MAX_THROTTLE_RISKS)
    return;
  r = &t->risks[t->n_risks++];
  r->risk = risk;
  r->device[0] = r->reason[0] = '\0';
  if (format == NULL)
    return;
  g_strlcpy (r->device, device, sizeof r->device);
  va_start (args, format);
  rig_vsnprintf (r->reason, sizeof r->reason, format, args);
  va_end (args);
}

/* As a finding, the reason of a lean report's risk is not formatted, nor its arguments evaluated. */
#define add_risk(report, device, risk, ...) \
  G_STMT_START { \
    if ((report)->lean) \
      add_risk_text (&(report)->thermal, (device), (risk), NULL); \
    else \
      add_risk_text (&(report)->thermal, (device), (risk), __VA_ARGS__); \
  } G_STMT_END

/* A throttling risk for each GPU and the CPU, with the reason. */
static void
assess_risks (const RigBuild *build,
              RigReport      *report,
              guint           open_air)
{
  RigThermalReport *t = &report->thermal;
  const RigPart *cpu = rig_report_find (report, RIG_PART_CPU, NULL);
  const RigPart *cooler = rig_report_find (report, RIG_PART_COOLER, NULL);
  gboolean hot_case = !isnan (t->air_rise_k) && t->air_rise_k > RIG_AIR_RISE_WARN_K;

  for (guint i = 0; i < report->pcie.n_devices; i++)
    {
      const RigPcieDevice *d = &report->pcie.devices[i];
      gboolean card_right_below = FALSE;
      const RigPart *gpu = d->spec;

      if (d->kind != RIG_PART_GPU)
        continue;
      for (guint k = 0; k < report->pcie.n_devices; k++)
        if (k != i && report->pcie.devices[k].kind == RIG_PART_GPU && d->placed &&
            report->pcie.devices[k].placed &&
            report->pcie.devices[k].position == d->position + d->width)
          card_right_below = TRUE;

      if (gpu && rig_gpu_cooler (gpu) == RIG_GPU_COOLER_PASSIVE)
        add_risk (report, d->part, RIG_RISK_HIGH, _("a passive card needs server airflow through its fins; "
                                               "a desktop case does not provide it"));
      /* Open-air fans face down, onto the back of the card in the next slot. */
      else if (card_right_below && gpu && rig_gpu_cooler (gpu) == RIG_GPU_COOLER_OPEN_AIR)
        add_risk (report, d->part, RIG_RISK_HIGH, _("its fans draw the exhaust of the card right below it"));
      else if (hot_case)
        add_risk (report, d->part, RIG_RISK_MEDIUM, _("the case air is %.0f °C over the room"), t->air_rise_k);
      else if (open_air >= 3)
        add_risk (report, d->part, RIG_RISK_MEDIUM, _("%u open-air cards heat the case"), open_air);
      else
        add_risk (report, d->part, isnan (t->air_rise_k) ? RIG_RISK_UNKNOWN : RIG_RISK_LOW,
                  isnan (t->air_rise_k) ? _("case airflow is unknown") : _("room to breathe"));
    }

  if (cpu != NULL)
    {
      double load = RIG_IS_KNOWN (cpu->cpu.package_power_w) ? cpu->cpu.package_power_w : cpu->cpu.tdp_w;

      if (cooler == NULL || !RIG_IS_KNOWN (cooler->cooler.rated_w))
        add_risk (report, cpu->name, RIG_RISK_UNKNOWN, cooler ? _("the cooler has no published rating")
                                                         : _("no cooler in the build"));
      else if (cooler->cooler.rated_w < load)
        add_risk (report, cpu->name, RIG_RISK_HIGH,
                  /* Translators: the first %.0f is the cooler's rating in W, the second the
                   * CPU's sustained draw in W */
                  _("the cooler is rated for %.0f W, the CPU draws %.0f W"),
                  cooler->cooler.rated_w, load);
      else
        add_risk (report, cpu->name, hot_case ? RIG_RISK_MEDIUM : RIG_RISK_LOW,
                  /* Translators: the first %.0f is the cooler's rating in W, the second the
                   * CPU's sustained draw in W */
                  _("the cooler is rated for %.0f W, the CPU draws %.0f W"), cooler->cooler.rated_w,
                  load);
    }
}

void
rig_thermal_evaluate (const RigBuild *build,
                      RigReport      *report)
{
  RigThermalReport *t = &report->thermal;
  const RigPart *cpu = rig_report_find (report, RIG_PART_CPU, NULL);
  const RigPart *cooler = rig_report_find (report, RIG_PART_COOLER, NULL);
  const RigPart *pc_case = rig_report_find (report, RIG_PART_CASE, NULL);
  guint open_air = 0, n_gpus;
  RigBuildItem * const *gpus;

  /* Each risk is written whole as it is added: zero only what follows the array. */
  memset (&t->n_risks, 0, sizeof *t - G_STRUCT_OFFSET (RigThermalReport, n_risks));
  /* The room's heat is what the build draws running its workloads; the case's air rise below
   * takes every GPU at its limit. */
  t->heat_w = report->power.running_wall_w;
  t->heat_btu_h = t->heat_w * RIG_BTU_PER_W;
  t->airflow_cfm = NAN;
  t->air_rise_k = NAN;
  t->exhaust_c = NAN;

  if (t->heat_w > RIG_ROOM_HEAT_INFO_W)
    rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_THERMAL, "thermal.room-heat",
                            /* Translators: the first %.0f is the build's heat in W, the second
                             * the same in BTU/h */
                            _("Under load the build heats its room like a %.0f W heater (%.0f BTU/h): "
                              "a small closed room gets warm within an hour."), t->heat_w, t->heat_btu_h);

  if (pc_case != NULL)
    {
      t->airflow_cfm = fans_cfm (pc_case->pc_case.included_fans);
      if (isnan (t->airflow_cfm) || t->airflow_cfm <= 0)
        rig_report_add_not_checked (report, RIG_AREA_THERMAL,
                                    /* Translators: %s is a case's name */
                                    _("%s: its included fans are not in the catalog, so case airflow "
                                      "is not checked."), pc_case->name);
      else
        {
          /* Steady state: ΔT = P / (ρ c_p Q). */
          double heat_inside = report->power.sustained_w;

          t->air_rise_k = heat_inside / (RIG_AIR_RHO_CP * t->airflow_cfm * RIG_M3S_PER_CFM);
          t->exhaust_c = build->settings.ambient_c + t->air_rise_k;
          if (t->air_rise_k > RIG_AIR_RISE_WARN_K)
            rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_THERMAL, "thermal.airflow",
                                    /* Translators: %s is a case's name, the first %.0f its fans'
                                     * airflow in CFM, the second the heat inside in W, the third
                                     * the air's rise in °C, the fourth the exhaust temperature, the
                                     * fifth the room temperature */
                                    _("%s's fans move about %.0f CFM; %.0f W inside warms the case air "
                                      "by about %.0f °C over the room (%.0f °C at %.0f °C ambient). "
                                      "Add intake fans or choose a case with more airflow."),
                                    pc_case->name, t->airflow_cfm, heat_inside, t->air_rise_k,
                                    t->exhaust_c, build->settings.ambient_c);
        }
    }

  gpus = rig_report_items (report, RIG_PART_GPU, &n_gpus);
  for (guint i = 0; i < n_gpus; i++)
    if (rig_gpu_cooler (gpus[i]->part) == RIG_GPU_COOLER_OPEN_AIR)
      open_air += gpus[i]->count;
  if (open_air >= 3)
    rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_THERMAL, "thermal.many-open-air",
                            _("%u open-air GPUs in one case dump their heat inside it; for three or "
                              "more cards blower or liquid-cooled cards, or an open frame, are the "
                              "usual choice (Lambda, Puget)."), open_air);

  if (cpu != NULL && cooler != NULL)
    {
      double load = RIG_IS_KNOWN (cpu->cpu.package_power_w) ? cpu->cpu.package_power_w : cpu->cpu.tdp_w;

      if (!RIG_IS_KNOWN (cooler->cooler.rated_w))
        rig_report_add_not_checked (report, RIG_AREA_THERMAL,
                                    /* Translators: the first %s is a CPU cooler's name, the second
                                     * a processor's name, %.0f its sustained draw in W */
                                    _("%s: its maker publishes no rated heat, so it is not checked "
                                      "against %s's %.0f W."), cooler->name, cpu->name, load);
      else if (cooler->cooler.rated_w < load)
        rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_THERMAL, "thermal.cpu-cooler",
                                /* Translators: the first %s is a CPU cooler's name, the first %.0f
                                 * its rating in W, the second %s a processor's name, the second
                                 * %.0f its sustained draw in W */
                                _("%s is rated for %.0f W; %s draws up to %.0f W sustained and will "
                                  "throttle under all-core load."), cooler->name, cooler->cooler.rated_w,
                                cpu->name, load);
    }
  else if (cpu != NULL && cooler == NULL && rig_report_find (report, RIG_PART_SYSTEM, NULL) == NULL)
    rig_report_add_not_checked (report, RIG_AREA_THERMAL,
                                _("The build has no CPU cooler (some CPUs ship with one)."));

  assess_risks (build, report, open_air);

  if (cooler != NULL && pc_case != NULL && rig_str_is (cooler->cooler.type, "aio") &&
      RIG_IS_KNOWN (cooler->cooler.radiator_mm))
    {
      if (pc_case->pc_case.radiator_mounts == NULL)
        rig_report_add_not_checked (report, RIG_AREA_THERMAL,
                                    /* Translators: %s is a case's name */
                                    _("%s: its radiator mounts are not in the catalog."), pc_case->name);
      else if (!radiator_fits (pc_case->pc_case.radiator_mounts, cooler->cooler.radiator_mm))
        rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.radiator",
                                /* Translators: the first %s is a CPU cooler's name, %.0f its
                                 * radiator's size in mm, the second %s a case's name, the third
                                 * the case's radiator mounts as the catalog writes them
                                 * (“front:240/280/360;top:360”) */
                                _("%s has a %.0f mm radiator; %s mounts %s."), cooler->name,
                                cooler->cooler.radiator_mm, pc_case->name,
                                pc_case->pc_case.radiator_mounts);
    }
}
