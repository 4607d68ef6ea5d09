/* rig-thermal.h: heat, airflow and coolers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rig-build.h"

G_BEGIN_DECLS

typedef struct _RigReport RigReport;

typedef enum
{
  RIG_RISK_LOW,
  RIG_RISK_MEDIUM,
  RIG_RISK_HIGH,
  RIG_RISK_UNKNOWN,
} RigRisk;

typedef struct
{
  char    device[96];
  RigRisk risk;
  char    reason[160];
} RigThrottleRisk;

#define RIG_MAX_THROTTLE_RISKS 20

typedef struct
{
  RigThrottleRisk risks[RIG_MAX_THROTTLE_RISKS];
  guint           n_risks;
  double heat_w;          /* all the wall draw ends up as heat in the room */
  double heat_btu_h;
  double airflow_cfm;     /* included case fans, estimated; NAN when unknown */
  double air_rise_k;      /* case air over room air at sustained load; NAN when unknown */
  double exhaust_c;       /* room + rise */
} RigThermalReport;

/* A step of rig_plan_evaluate (), which fills report->parts before it. */
/* Needs the power report filled first. */
void rig_thermal_evaluate (const RigBuild *build,
                           RigReport      *report);

const char *rig_risk_to_string (RigRisk risk);

G_END_DECLS
