/* rig-search.h: find the cheapest builds that meet a set of workloads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-build.h"

G_BEGIN_DECLS

/* The kinds of build a search may propose. */
typedef enum
{
  RIG_FAMILY_PC,        /* parts: GPUs, processor, board, memory, drive, PSU, case, cooler */
  RIG_FAMILY_MAC,       /* an Apple prebuilt */
  RIG_FAMILY_UNIFIED,   /* another unified-memory box: DGX Spark, Ryzen AI Max, Jetson */
  RIG_FAMILY_N
} RigFamily;

/* What a person wants: the workloads, each with the speed it needs, and what the build may be.
 * Start from rig_search_request_new (). */
typedef struct
{
  /* The workloads (resolved against the catalog) and the settings (currency, circuit, the
   * rate that converts catalog dollars); its items are the parts the user owns: they are kept,
   * at no cost. */
  RigBuild  *base;
  GArray    *min_decode;        /* double per workload, tokens/s at the context; NAN for none */
  GArray    *min_prefill;       /* double per workload, tokens/s; NAN for none */
  gint64     budget_minor;      /* in the base's currency; < 0 for none */
  gboolean   used[RIG_PART_N_KINDS];      /* kinds that may be bought used */
  gboolean   families[RIG_FAMILY_N];
  gboolean   small_form_factor; /* PC: a case for Mini-ITX boards at most */
  guint      max_gpus;          /* 1 to 8 */
  double     max_wall_w;        /* sustained draw at the wall; NAN for no limit */
  GPtrArray *exclude;           /* part ids (char *) never to propose */
} RigSearchRequest;

typedef struct
{
  RigBuild  *build;             /* complete: a build file's worth */
  RigFamily  family;
  gint64     price_minor;       /* in the request's currency; the owned parts count as 0 */
  double     decode;            /* the first workload's decode tokens/s */
  char      *label;             /* what it is best at: "Cheapest", "Cheapest Mac", "Faster" */
  char      *why;               /* one sentence on what decided it */
} RigSearchAnswer;

typedef struct
{
  GPtrArray *answers;           /* RigSearchAnswer, the cheapest first */
  char      *unmet;             /* without answers: which constraint cannot be met, by how much */
  gint64     needed_budget_minor;  /* when the budget is what fails: the least that would do;
                                    * -1 otherwise */
  guint64    plans;             /* lean plans run */
} RigSearchResult;

#define RIG_SEARCH_MAX_GPUS 8

RigSearchRequest *rig_search_request_new  (void);
void              rig_search_request_free (RigSearchRequest *request);

/* Searches @parts (RigPart *, borrowed, any kinds) for the cheapest build that meets every
 * workload of @request with no error finding, then up to @more answers that are each best at
 * something: the cheapest of each other family, and faster builds at higher prices (the
 * price-speed Pareto front). Parts without a price are left out unless owned. */
RigSearchResult  *rig_search_run          (const RigSearchRequest *request,
                                           GPtrArray              *parts,
                                           guint                   more);
void              rig_search_result_free  (RigSearchResult  *result);

const char       *rig_family_to_string    (RigFamily         family);
int               rig_family_from_string  (const char       *text);
const char * const *rig_family_values     (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigSearchRequest, rig_search_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigSearchResult, rig_search_result_free)

G_END_DECLS
