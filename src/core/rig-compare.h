/* rig-compare.h: two to four planned builds side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rig-plan.h"

G_BEGIN_DECLS

#define RIG_COMPARE_MAX 4

typedef enum
{
  RIG_BETTER_LOWER,     /* cost, watts, heat: the lowest is best */
  RIG_BETTER_HIGHER,    /* tokens/s, memory: the highest is best */
  RIG_BETTER_NONE,      /* a description, no best */
} RigBetter;

typedef struct
{
  char      *section;                   /* "Parts", "Workloads", "Power", "Cost" … */
  char      *label;                     /* "Total", "Llama 3.1 70B Q4_K_M decode" … */
  char      *unit;                      /* "USD", "tokens/s", "W", "" */
  RigBetter  better;
  double     values[RIG_COMPARE_MAX];   /* NAN where unknown or not numeric */
  char      *texts[RIG_COMPARE_MAX];    /* what to show: "1,450 W", "does not fit", "—" */
  int        best;                      /* index of the best value, -1 when none */
  gboolean   differs;                   /* not all the same */
} RigCompareRow;

typedef struct
{
  guint      n;
  char      *names[RIG_COMPARE_MAX];
  GPtrArray *rows;                      /* RigCompareRow */
} RigComparison;

/* Compares @n (2 to 4) builds with their reports. Workloads are matched across builds by model,
 * quantization, mode and context; a build without a matching workload shows "—". */
RigComparison *rig_compare          (const RigBuild * const  *builds,
                                     const RigReport * const *reports,
                                     guint                    n);
void           rig_comparison_free  (RigComparison           *comparison);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigComparison, rig_comparison_free)

G_END_DECLS
