/* rig-impact.h: what putting one candidate part into a build would change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rig-plan.h"

G_BEGIN_DECLS

typedef struct
{
  guint    workloads;           /* workloads in the build */
  guint    fits;                /* that fit after the change: on GPUs, with offload or on the CPU */
  guint    fits_gpu;            /* of those, entirely on GPUs or unified memory */
  guint    fits_cpu;            /* of those, on the CPU alone (no GPU holds any of it) */
  double   psu_load;            /* sustained load of the PSU after the change; NAN without one */
  int      errors_delta;        /* error findings after minus before */
  int      warnings_delta;
  double   decode_before;       /* the first workload's decode tokens/s; NAN when not known */
  double   decode_after;
  gboolean price_known;         /* the candidate's price and the replaced part's are both known */
  gint64   price_delta_minor;   /* in the build's currency, when price_known */
  RigPriceState price_state;    /* otherwise why not: the candidate's, else the replaced part's */
  char     new_error[256];      /* the first error of a rule that raised none before, "" when none;
                                 * not memory or speed: fits says whether the workloads fit */
  const char *new_error_code;   /* that error's rule ("compat.socket"), NULL when none */
} RigImpact;

void rig_plan_impact (const RigBuild  *build,
                      const RigReport *before,
                      const RigPart   *candidate,
                      int              replace,
                      RigImpact       *out);

/* As rig_plan_impact (), without the words of a new error: new_error_code says which rule and
 * new_error stays "". For filtering and sorting every candidate, where the words, which cost a
 * full plan, are not shown. */
void rig_plan_impact_lean (const RigBuild  *build,
                           const RigReport *before,
                           const RigPart   *candidate,
                           int              replace,
                           RigImpact       *out);

G_END_DECLS
