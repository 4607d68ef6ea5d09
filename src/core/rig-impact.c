/* rig-impact.c: what putting one candidate part into a build would change
 *
 * The part picker shows this for every row it lists, so it runs the same plan as the build
 * (rig_plan_evaluate ()), lean, on a copy with the candidate in place, and compares.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "rig-impact.h"

/* The first error of @after whose rule raised none in @before, NULL when none. */
static const RigFinding *
first_new_error (const RigReport *before,
                 const RigReport *after)
{
  for (guint i = 0; i < after->findings->len; i++)
    {
      const RigFinding *f = &g_array_index (after->findings, RigFinding, i);
      gboolean known = FALSE;

      /* Whether the workloads fit is said by fits and fits_gpu: a card too small for a model is
       * not an incompatible part. */
      if (f->severity != RIG_SEVERITY_ERROR || f->area == RIG_AREA_MEMORY || f->area == RIG_AREA_SPEED)
        continue;
      /* By rule, not by text: a workload that did not fit before and still does not, with
       * another reason, is no new error. */
      for (guint k = 0; k < before->findings->len && !known; k++)
        known = g_str_equal (g_array_index (before->findings, RigFinding, k).code, f->code);
      if (!known)
        return f;
    }
  return NULL;
}

/* The words of the new error of the lean plan of @trial: the full plan is made for them, which
 * only a candidate that breaks a rule costs. */
static void
new_error_message (const RigBuild  *trial,
                   const RigReport *before,
                   char            *out,
                   gsize            size)
{
  RigReport full;
  const RigFinding *f;

  rig_report_init (&full);
  rig_plan_evaluate (trial, &full);
  if ((f = first_new_error (before, &full)) != NULL)
    g_strlcpy (out, f->message, size);
  rig_report_clear (&full);
}

/* The price of the item before and after, both for its whole count; FALSE when either is not
 * known (a part without a price is never counted as free). */
static gboolean
price_change (const RigBuild     *build,
              const RigBuild     *trial,
              int                 replace,
              const RigBuildItem *placed,
              gint64             *delta,
              RigPriceState      *state)
{
  gint64 after, before = 0;

  if ((*state = rig_build_item_price (trial, placed, &after)) != RIG_PRICE_KNOWN)
    return FALSE;
  if (replace >= 0)
    {
      const RigBuildItem *old = g_ptr_array_index (build->items, replace);

      if ((*state = rig_build_item_price (build, old, &before)) != RIG_PRICE_KNOWN)
        return FALSE;
    }
  *delta = (after - before) * (gint64) placed->count;
  return TRUE;
}

/* @replace is the index of the item the candidate takes the place of, or -1 to add it once.
 * @before is @build's report. */
/* What one thread keeps between candidates: the trial's item list and a lean report, reset and
 * reused instead of made and freed for each (a tenth of the picker's time went to that). */
typedef struct
{
  GPtrArray *items;
  RigReport  report;
} Scratch;

static void
scratch_free (gpointer data)
{
  Scratch *scratch = data;

  g_ptr_array_unref (scratch->items);
  rig_report_clear (&scratch->report);
  g_free (scratch);
}

static GPrivate scratch_key = G_PRIVATE_INIT (scratch_free);

static Scratch *
get_scratch (void)
{
  Scratch *scratch = g_private_get (&scratch_key);

  if (scratch == NULL)
    {
      scratch = g_new0 (Scratch, 1);
      scratch->items = g_ptr_array_new ();
      rig_report_init_lean (&scratch->report);
      g_private_set (&scratch_key, scratch);
    }
  return scratch;
}

static void
plan_impact (const RigBuild  *build,
             const RigReport *before,
             const RigPart   *candidate,
             int              replace,
             gboolean         words,
             RigImpact       *out)
{
  /* The trial borrows everything of @build but the one item, which borrows the candidate: a
   * plan only reads it, and the picker asks this of every row it lists. */
  RigBuild trial;
  RigBuildItem placed = { 0 };
  Scratch *scratch;
  RigReport *after;
  guint errors_before, warnings_before, errors_after, warnings_after;

  g_return_if_fail (build != NULL && before != NULL && candidate != NULL && out != NULL);

  if (replace >= (int) build->items->len)
    replace = -1;
  scratch = get_scratch ();
  after = &scratch->report;
  trial = *build;
  trial.items = scratch->items;
  g_ptr_array_set_size (trial.items, 0);
  for (guint i = 0; i < build->items->len; i++)
    g_ptr_array_add (trial.items, g_ptr_array_index (build->items, i));
  if (replace >= 0)
    placed = *(const RigBuildItem *) g_ptr_array_index (build->items, replace);
  else
    {
      placed.count = 1;
      placed.condition = RIG_CONDITION_NEW;
      g_ptr_array_add (trial.items, &placed);
    }
  if (replace >= 0)
    g_ptr_array_index (trial.items, replace) = &placed;
  placed.part_id = candidate->id;
  placed.part = (RigPart *) candidate;
  /* The price the user typed and the stored market price were for the part it replaces. */
  placed.has_price = FALSE;
  placed.has_market = FALSE;
  placed.market_source = NULL;

  /* Most candidates break no rule: the lean plan says what changes, without words. */
  rig_report_reset (after);
  rig_plan_evaluate (&trial, after);

  *out = (RigImpact) { 0 };
  out->workloads = after->workloads->len;
  for (guint i = 0; i < after->workloads->len; i++)
    {
      RigFit fit = g_array_index (after->workloads, RigWorkloadResult, i).fit;

      out->fits += fit == RIG_FIT_GPU || fit == RIG_FIT_OFFLOAD || fit == RIG_FIT_CPU;
      out->fits_gpu += fit == RIG_FIT_GPU;
      out->fits_cpu += fit == RIG_FIT_CPU;
    }
  out->psu_load = isnan (after->power.psu_w) ? NAN : after->power.load;
  {
    const RigFinding *error = first_new_error (before, after);

    out->new_error_code = error ? error->code : NULL;
    if (error != NULL && words)
      new_error_message (&trial, before, out->new_error, sizeof out->new_error);
  }
  rig_report_count_findings (before, &errors_before, &warnings_before);
  rig_report_count_findings (after, &errors_after, &warnings_after);
  out->errors_delta = (int) errors_after - (int) errors_before;
  out->warnings_delta = (int) warnings_after - (int) warnings_before;
  out->decode_before = rig_report_first_decode (before);
  out->decode_after = rig_report_first_decode (after);
  out->price_known = price_change (build, &trial, replace, &placed, &out->price_delta_minor,
                                   &out->price_state);
  /* The scratch list held @build's items and @placed: emptied, never freed with them. */
  g_ptr_array_set_size (trial.items, 0);
}

void
rig_plan_impact (const RigBuild  *build,
                 const RigReport *before,
                 const RigPart   *candidate,
                 int              replace,
                 RigImpact       *out)
{
  plan_impact (build, before, candidate, replace, TRUE, out);
}

void
rig_plan_impact_lean (const RigBuild  *build,
                      const RigReport *before,
                      const RigPart   *candidate,
                      int              replace,
                      RigImpact       *out)
{
  plan_impact (build, before, candidate, replace, FALSE, out);
}
