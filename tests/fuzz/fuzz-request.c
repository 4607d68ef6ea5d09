/* fuzz-request.c: search requests (rigplan-cli suggest), and the search on what they ask
 *
 * Whatever parses has one speed per workload and clean ids; whatever the fixture catalog can
 * resolve is searched, and every answer is a build whose plan has no error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rig-build-file.h"
#include "rig-catalog.h"
#include "rig-fuzz.h"
#include "rig-plan.h"

static RigCatalog *
catalog (void)
{
  static RigCatalog *catalog;

  if (catalog == NULL)
    {
      catalog = rig_catalog_new (rig_fuzz_catalog (), NULL);
      rig_fuzz_assert (catalog != NULL);
    }
  return catalog;
}

static GPtrArray *
parts (void)
{
  static GPtrArray *parts;

  if (parts == NULL)
    {
      parts = rig_catalog_search (catalog (), "", -1, 0, NULL);
      rig_fuzz_assert (parts != NULL);
    }
  return parts;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RigSearchRequest) request = NULL;
  g_autoptr(RigSearchResult) result = NULL;

  if (size > G_MAXSSIZE)
    return 0;
  request = rig_search_request_from_json ((const char *) data, (gssize) size, &error);
  if (request == NULL)
    {
      rig_fuzz_assert (error != NULL);
      rig_fuzz_assert (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  rig_fuzz_assert (request->base->workloads->len > 0);
  rig_fuzz_assert (request->min_decode->len == request->base->workloads->len);
  rig_fuzz_assert (request->min_prefill->len == request->base->workloads->len);
  rig_fuzz_assert (request->max_gpus >= 1 && request->max_gpus <= RIG_SEARCH_MAX_GPUS);
  for (guint i = 0; i < request->exclude->len; i++)
    rig_fuzz_assert (rig_text_is_clean (g_ptr_array_index (request->exclude, i)));
  for (guint i = 0; i < request->base->items->len; i++)
    rig_fuzz_assert (rig_text_is_clean (((RigBuildItem *) g_ptr_array_index (request->base->items, i))->part_id));

  if (!rig_catalog_resolve_build (catalog (), request->base, &error))
    return 0;
  result = rig_search_run (request, parts (), 2);
  rig_fuzz_assert ((result->answers->len == 0) == (result->unmet != NULL));
  for (guint i = 0; i < result->answers->len; i++)
    {
      const RigSearchAnswer *answer = g_ptr_array_index (result->answers, i);
      RigReport report;

      rig_fuzz_assert (answer->why != NULL && g_utf8_validate (answer->why, -1, NULL));
      rig_report_init_lean (&report);
      rig_plan_evaluate (answer->build, &report);
      for (guint f = 0; f < report.findings->len; f++)
        rig_fuzz_assert (g_array_index (report.findings, RigFinding, f).severity != RIG_SEVERITY_ERROR);
      rig_report_clear (&report);
    }
  return 0;
}
