/* rig-power.h: sustained and peak load against the PSU, its connectors and the wall circuit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rig-build.h"

G_BEGIN_DECLS

typedef struct _RigReport RigReport;

typedef struct
{
  double gpu_w;             /* GPUs at the power limit */
  double cpu_w;             /* CPU sustained package power */
  double rest_w;            /* board, memory, drives, fans, NICs */
  double sustained_w;       /* DC */
  double peak_w;            /* DC, sub-millisecond GPU transients */
  double psu_w;             /* NAN without a PSU */
  double load;              /* sustained / PSU rating */
  double efficiency;        /* at that load */
  double wall_w;            /* AC, every GPU at its power limit: what the PSU and circuit must carry */
  /* The GPUs' average draw, and the wall's, while the build runs its heaviest workload: layer
   * split keeps each GPU busy in turn, tensor parallel decode leaves them below their limit.
   * What electricity, room heat and the cloud break-even use; equal to the full figures when
   * no workload fits in GPU memory or their use is not known. */
  double running_gpu_w;
  double running_wall_w;
  double circuit_w;         /* continuous limit of the chosen circuit */
  double suggested_limit_pct;   /* GPU power limit that fits the circuit, NAN if none needed */
  double suggested_perf;        /* performance kept at that limit */
  gboolean prebuilt;        /* a prebuilt system's own envelope */
} RigPowerReport;

/* A step of rig_plan_evaluate (), which fills report->parts before it. */
void   rig_power_evaluate (const RigBuild *build,
                           RigReport      *report);

/* 80 PLUS efficiency at @load (share of rating), 115 V internal. */
double rig_psu_efficiency (const char *rating,
                           double      load);
/* Performance kept at a GPU power limit of @fraction of board power. */
double rig_power_limit_perf (double fraction);
double rig_circuit_watts    (RigCircuit circuit);

G_END_DECLS
