/* test-capacity.c: what a build can run, per model family
 *
 * On the fixture catalog: llama-3.1 (8B and 70B), qwen3-moe, deepseek-v3 and an image model.
 * Every answer is checked against the plan itself: the entry runs at its context and not at
 * the next 256 tokens, and the larger model, or the larger quantization, does not run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "rig-capacity.h"
#include "rig-catalog.h"
#include "rig-speed.h"
#include "rig-test-util.h"

static RigCatalog *catalog;
static GPtrArray *models;
static GPtrArray *quants;

static double
lookup (const char *quant_id,
        gpointer    user_data)
{
  for (guint i = 0; i < quants->len; i++)
    if (g_str_equal (((RigQuant *) g_ptr_array_index (quants, i))->id, quant_id))
      return ((RigQuant *) g_ptr_array_index (quants, i))->bits_per_weight;
  return NAN;
}

static void
devices_of (const char   *gpu,
            guint         count,
            RigDeviceSet *d)
{
  g_autoptr(RigBuild) build = rig_build_new ("capacity");
  g_autoptr(GError) error = NULL;

  rig_build_add_part (build, gpu, count);
  g_assert_true (rig_catalog_resolve_build (catalog, build, &error));
  rig_device_set_from_build (build, d);
}

static const RigCapacityEntry *
entry_for (GArray     *entries,
           const char *family)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (g_array_index (entries, RigCapacityEntry, i).family, family))
      return &g_array_index (entries, RigCapacityEntry, i);
  g_error ("no entry for %s", family);
  return NULL;
}

/* Whether @model in @quant_id runs on @d at @context at @options' speed, as a plan says. */
static gboolean
runs (const RigDeviceSet       *d,
      const char               *model_id,
      const char               *quant_id,
      guint                     context,
      const RigCapacityOptions *options)
{
  g_autoptr(RigBuild) build = rig_build_new ("check");
  g_autoptr(GError) error = NULL;
  RigWorkload *w = rig_workload_new ();
  RigWorkloadResult r;

  w->model_id = g_strdup (model_id);
  w->quant_id = g_strdup (quant_id);
  w->context = context;
  g_ptr_array_add (build->workloads, w);
  g_assert_true (rig_catalog_resolve_build (catalog, build, &error));
  rig_memory_evaluate (w, d, &r);
  if (r.fit == RIG_FIT_NONE || r.fit == RIG_FIT_UNKNOWN)
    return FALSE;
  rig_speed_evaluate (w, d, context, context, &r);
  return r.decode_tokens_per_s >= options->min_tokens_per_s;
}

static void
options_init (RigCapacityOptions *options)
{
  rig_capacity_options_init (options);
  options->lookup = lookup;
}

/* One 24 GB card: Llama 3.1 70B does not run at 4 bits, 8B does, in its largest file that
 * runs; its context is the longest that still runs. */
static void
test_single_card (void)
{
  RigCapacityOptions options;
  RigDeviceSet d;
  g_autoptr(GArray) entries = NULL;
  const RigCapacityEntry *llama;

  options_init (&options);
  devices_of ("nvidia-rtx-4090", 1, &d);
  entries = rig_capacity_evaluate (&d, models, quants, &options);

  llama = entry_for (entries, "llama-3.1");
  g_assert_nonnull (llama->model);
  g_assert_cmpstr (llama->model->id, ==, "llama-3.1-8b");
  g_assert_false (runs (&d, "llama-3.1-70b", "Q4_K_M", 4096, &options));
  g_assert_true (runs (&d, "llama-3.1-8b", llama->quant->id, llama->context, &options));
  if (llama->context < 131072)
    g_assert_false (runs (&d, "llama-3.1-8b", llama->quant->id, llama->context + 256, &options));
  g_assert_cmpfloat (llama->decode_tokens_per_s, >=, options.min_tokens_per_s);
  g_assert_cmpint (llama->fit, ==, RIG_FIT_GPU);

  /* Image models are not language models; DeepSeek V3 (671B) fits nowhere here. */
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpstr (g_array_index (entries, RigCapacityEntry, i).family, !=, "sdxl");
  g_assert_null (entry_for (entries, "deepseek-v3")->model);
}

/* Two 24 GB cards hold the 70B at four bits or more; asking for more speed than they give, or
 * more bits, leaves the smaller model. */
static void
test_pair_and_limits (void)
{
  RigCapacityOptions options;
  RigDeviceSet d;
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GArray) faster = NULL;
  const RigCapacityEntry *llama;

  options_init (&options);
  devices_of ("nvidia-rtx-3090", 2, &d);
  entries = rig_capacity_evaluate (&d, models, quants, &options);
  llama = entry_for (entries, "llama-3.1");
  g_assert_cmpstr (llama->model->id, ==, "llama-3.1-70b");
  g_assert_cmpfloat (llama->quant->bits_per_weight, >=, options.min_bits);
  g_assert_true (runs (&d, "llama-3.1-70b", llama->quant->id, llama->context, &options));

  options.min_tokens_per_s = llama->decode_tokens_per_s * 2;
  faster = rig_capacity_evaluate (&d, models, quants, &options);
  llama = entry_for (faster, "llama-3.1");
  g_assert_nonnull (llama->model);
  g_assert_cmpstr (llama->model->id, ==, "llama-3.1-8b");

  options.min_tokens_per_s = 1e6;
  g_clear_pointer (&faster, g_array_unref);
  faster = rig_capacity_evaluate (&d, models, quants, &options);
  g_assert_null (entry_for (faster, "llama-3.1")->model);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  catalog = rig_catalog_new (rig_test_catalog_path (), &error);
  g_assert_no_error (error);
  models = rig_catalog_list_models (catalog, &error);
  g_assert_no_error (error);
  quants = rig_catalog_list_quants (catalog, &error);
  g_assert_no_error (error);
  g_test_add_func ("/capacity/single-card", test_single_card);
  g_test_add_func ("/capacity/pair-and-limits", test_pair_and_limits);
  status = g_test_run ();
  g_ptr_array_unref (models);
  g_ptr_array_unref (quants);
  g_clear_object (&catalog);
  return status;
}
