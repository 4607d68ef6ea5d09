/* test-build-file.c: the rigplan-build JSON format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "rig-build-file.h"
#include "rig-json.h"
#include "rig-store-error.h"
#include "rig-test-util.h"
#include "rig-text.h"

static void
test_load (void)
{
  g_autofree char *path = rig_test_fixture ("dual-3090.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = rig_build_file_load (path, &error);
  RigBuildItem *item;
  RigWorkload *w;

  g_assert_no_error (error);
  g_assert_cmpstr (build->name, ==, "Dual 3090 LLM box");
  g_assert_cmpuint (build->items->len, ==, 3);
  item = g_ptr_array_index (build->items, 0);
  g_assert_cmpstr (item->part_id, ==, "nvidia-rtx-3090");
  g_assert_cmpuint (item->count, ==, 2);
  g_assert_cmpint (item->condition, ==, RIG_CONDITION_USED);
  g_assert_true (item->has_price);
  g_assert_cmpint (item->price_minor, ==, 75000);
  item = g_ptr_array_index (build->items, 1);
  g_assert_false (item->has_price);
  g_assert_cmpint (item->condition, ==, RIG_CONDITION_NEW);

  g_assert_cmpuint (build->workloads->len, ==, 1);
  w = g_ptr_array_index (build->workloads, 0);
  g_assert_cmpstr (w->model_id, ==, "llama-3.1-70b");
  g_assert_cmpstr (w->quant_id, ==, "Q4_K_M");
  g_assert_cmpuint (w->context, ==, 8192);
  g_assert_cmpint (w->mode, ==, RIG_MODE_INFERENCE);

  g_assert_cmpstr (build->settings.currency, ==, "USD");
  g_assert_cmpint (build->settings.circuit, ==, RIG_CIRCUIT_US_15A);
  g_assert_cmpfloat (build->settings.electricity_per_kwh, ==, 0.15);
}

static void
assert_same_build (const RigBuild *a,
                   const RigBuild *b)
{
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpuint (a->items->len, ==, b->items->len);
  for (guint i = 0; i < a->items->len; i++)
    {
      const RigBuildItem *x = g_ptr_array_index (a->items, i);
      const RigBuildItem *y = g_ptr_array_index (b->items, i);

      g_assert_cmpstr (x->part_id, ==, y->part_id);
      g_assert_cmpuint (x->count, ==, y->count);
      g_assert_cmpint (x->condition, ==, y->condition);
      g_assert_cmpint (x->has_price, ==, y->has_price);
      g_assert_cmpint (x->price_minor, ==, y->price_minor);
    }
  g_assert_cmpuint (a->workloads->len, ==, b->workloads->len);
  for (guint i = 0; i < a->workloads->len; i++)
    {
      const RigWorkload *x = g_ptr_array_index (a->workloads, i);
      const RigWorkload *y = g_ptr_array_index (b->workloads, i);

      g_assert_cmpstr (x->model_id, ==, y->model_id);
      g_assert_cmpstr (x->quant_id, ==, y->quant_id);
      g_assert_cmpint (x->mode, ==, y->mode);
      g_assert_cmpuint (x->context, ==, y->context);
      g_assert_cmpuint (x->batch, ==, y->batch);
      g_assert_cmpint (x->runtime, ==, y->runtime);
      g_assert_cmpint (x->kv_cache, ==, y->kv_cache);
      g_assert_cmpint (x->split, ==, y->split);
      g_assert_cmpint (x->optimizer, ==, y->optimizer);
      g_assert_cmpuint (x->lora_rank, ==, y->lora_rank);
      g_assert_cmpint (x->gradient_checkpointing, ==, y->gradient_checkpointing);
      g_assert_cmpint (x->offload, ==, y->offload);
      g_assert_cmpint (x->sharding, ==, y->sharding);
      g_assert_cmpint (x->lora_targets, ==, y->lora_targets);
      g_assert_cmpint (x->flash_attention, ==, y->flash_attention);
      g_assert_cmpfloat (x->gpu_memory_utilization, ==, y->gpu_memory_utilization);
      g_assert_cmpuint (x->max_model_len, ==, y->max_model_len);
      g_assert_cmpint (x->gpu_layers, ==, y->gpu_layers);
      g_assert_cmpuint (x->cpu_moe_layers, ==, y->cpu_moe_layers);
      g_assert_cmpuint (x->ubatch, ==, y->ubatch);
      g_assert_cmpint (x->mmap, ==, y->mmap);
      g_assert_cmpfloat (x->weights_gib, ==, y->weights_gib);
      g_assert_cmpstr (x->recipe, ==, y->recipe);
      g_assert_cmpint (x->chunked_loss, ==, y->chunked_loss);
      g_assert_cmpint (x->zero_init, ==, y->zero_init);
      g_assert_cmpint (x->optimizer_offload, ==, y->optimizer_offload);
      g_assert_cmpint (x->torch_compile, ==, y->torch_compile);
      g_assert_true (isnan (x->lora_dropout) ? isnan (y->lora_dropout) : x->lora_dropout == y->lora_dropout);
      g_assert_cmpuint (x->concurrency, ==, y->concurrency);
      g_assert_cmpuint (x->prompt_tokens, ==, y->prompt_tokens);
      g_assert_cmpuint (x->output_tokens, ==, y->output_tokens);
      g_assert_cmpfloat (x->min_user_tokens_per_s, ==, y->min_user_tokens_per_s);
      g_assert_cmpstr (x->draft_model_id, ==, y->draft_model_id);
      g_assert_cmpstr (x->draft_quant_id, ==, y->draft_quant_id);
      g_assert_cmpuint (x->draft_tokens, ==, y->draft_tokens);
      g_assert_cmpfloat (x->draft_acceptance, ==, y->draft_acceptance);
    }
  g_assert_cmpstr (a->settings.currency, ==, b->settings.currency);
  g_assert_cmpfloat (a->settings.electricity_per_kwh, ==, b->settings.electricity_per_kwh);
  g_assert_cmpfloat (a->settings.hours_per_day, ==, b->settings.hours_per_day);
  g_assert_cmpint (a->settings.circuit, ==, b->settings.circuit);
  g_assert_cmpfloat (a->settings.ambient_c, ==, b->settings.ambient_c);
  g_assert_cmpfloat (a->settings.gpu_power_limit_pct, ==, b->settings.gpu_power_limit_pct);
}

static void
test_round_trip (void)
{
  g_autoptr(RigBuild) build = rig_build_new ("Quad “A6000” | tensor <split> & more");
  g_autoptr(RigBuild) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "build.json", NULL);
  RigBuildItem *item;
  RigWorkload *w = rig_workload_new ();

  item = rig_build_add_part (build, "nvidia-rtx-a6000", 4);
  item->condition = RIG_CONDITION_USED;
  item->has_price = TRUE;
  item->price_minor = 319999;
  rig_build_add_part (build, "amd-threadripper-pro-7975wx", 1);

  w->model_id = g_strdup ("llama-3.1-8b");
  w->quant_id = g_strdup ("BF16");
  w->mode = RIG_MODE_QLORA;
  w->context = 2048;
  w->batch = 4;
  w->runtime = RIG_RUNTIME_TRANSFORMERS;
  w->kv_cache = RIG_KV_CACHE_Q8_0;
  w->split = RIG_SPLIT_ROW;
  w->lora_rank = 64;
  w->optimizer = RIG_OPTIMIZER_PAGED_ADAMW_8BIT;
  w->gradient_checkpointing = TRUE;
  w->offload = FALSE;
  w->sharding = RIG_SHARDING_ZERO2;
  w->lora_targets = RIG_LORA_TARGETS_QV;
  w->flash_attention = FALSE;
  w->gpu_memory_utilization = 0.95;
  w->max_model_len = 16384;
  w->gpu_layers = 0;
  w->cpu_moe_layers = 12;
  w->ubatch = 2048;
  w->mmap = FALSE;
  w->chunked_loss = TRUE;
  w->zero_init = FALSE;
  w->optimizer_offload = TRUE;
  w->torch_compile = TRUE;
  w->lora_dropout = 0.1;
  w->concurrency = 12;
  w->prompt_tokens = 3000;
  w->output_tokens = 500;
  w->min_user_tokens_per_s = 17.5;
  g_ptr_array_add (build->workloads, w);
  /* An inference workload from a file of its own size. */
  w = rig_workload_new ();
  w->model_id = g_strdup ("qwen3.6-35b-a3b");
  w->quant_id = g_strdup ("Q4_K_M");
  w->weights_gib = 20.81;
  w->recipe = g_strdup ("default:Q8_0;output:Q6_K;ffn_gate_exps:Q4_K;ffn_up_exps:Q4_K;"
                        "ffn_down_exps:Q5_K@0.5");
  g_ptr_array_add (build->workloads, w);

  g_strlcpy (build->settings.currency, "EUR", 4);
  build->settings.circuit = RIG_CIRCUIT_EU_16A;
  build->settings.electricity_per_kwh = 0.31;
  build->settings.hours_per_day = 12.5;
  build->settings.ambient_c = 21;
  build->settings.gpu_power_limit_pct = 80;

  g_assert_true (rig_build_file_save (build, path, &error));
  g_assert_no_error (error);
  back = rig_build_file_load (path, &error);
  g_assert_no_error (error);
  assert_same_build (build, back);
}

/* A single-stream workload's file has no serving members, and they read back as the defaults. */
static void
test_serving_defaults_unwritten (void)
{
  g_autoptr(RigBuild) build = rig_build_new ("One stream");
  g_autoptr(RigBuild) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  RigWorkload *w = rig_workload_new ();

  w->model_id = g_strdup ("llama-3.1-8b");
  g_ptr_array_add (build->workloads, w);
  json = rig_build_to_json (build);
  g_assert_null (strstr (json, "concurrency"));
  g_assert_null (strstr (json, "prompt_tokens"));
  g_assert_null (strstr (json, "output_tokens"));
  g_assert_null (strstr (json, "min_user_tokens_per_s"));
  back = rig_build_from_json (json, -1, &error);
  g_assert_no_error (error);
  assert_same_build (build, back);
  w = g_ptr_array_index (back->workloads, 0);
  g_assert_cmpuint (w->concurrency, ==, 1);
  g_assert_cmpfloat (w->min_user_tokens_per_s, ==, 0);
}

/* A draft model, its quantization, length and acceptance come back as they were saved; a
 * workload without one writes none of them. */
static void
test_draft_round_trip (void)
{
  g_autoptr(RigBuild) build = rig_build_new ("Draft");
  g_autoptr(RigBuild) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  RigWorkload *w = rig_workload_new ();
  RigWorkload *plain = rig_workload_new ();
  const RigWorkload *read;

  w->model_id = g_strdup ("llama-3.1-70b");
  w->quant_id = g_strdup ("Q4_K_M");
  w->draft_model_id = g_strdup ("llama-3.2-1b");
  w->draft_quant_id = g_strdup ("Q8_0");
  w->draft_tokens = 8;
  w->draft_acceptance = 0.62;
  g_ptr_array_add (build->workloads, w);
  plain->model_id = g_strdup ("llama-3.1-8b");
  g_ptr_array_add (build->workloads, plain);

  json = rig_build_to_json (build);
  back = rig_build_from_json (json, -1, &error);
  g_assert_no_error (error);
  assert_same_build (build, back);
  read = g_ptr_array_index (back->workloads, 1);
  g_assert_null (read->draft_model_id);
  g_assert_cmpuint (read->draft_tokens, ==, RIG_DRAFT_TOKENS_DEFAULT);
  g_assert_cmpfloat (read->draft_acceptance, ==, RIG_DRAFT_ACCEPTANCE_DEFAULT);
  g_assert_null (strstr (json, "\"draft_tokens\": 3"));
  g_assert_nonnull (strstr (json, "\"draft_tokens\" : 8"));
}

/* The model's own prediction modules draft one token a step, kept as DeepSeek measured, unless
 * the file sets them. */
static void
test_draft_mtp_defaults (void)
{
  static const char *plain =
    "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ "
    "{\"model\": \"deepseek-r1\", \"draft_model\": \"mtp\"} ]}";
  static const char *set =
    "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ "
    "{\"model\": \"deepseek-r1\", \"draft_model\": \"mtp\", \"draft_tokens\": 2, "
    "\"draft_acceptance\": 0.7} ]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) a = rig_build_from_json (plain, -1, &error);
  g_autoptr(RigBuild) b = NULL;
  RigWorkload *w;

  g_assert_no_error (error);
  w = g_ptr_array_index (a->workloads, 0);
  g_assert_cmpstr (w->draft_model_id, ==, RIG_DRAFT_MTP);
  g_assert_cmpuint (w->draft_tokens, ==, 1);
  g_assert_cmpfloat (w->draft_acceptance, ==, RIG_DRAFT_ACCEPTANCE_MTP);
  b = rig_build_from_json (set, -1, &error);
  g_assert_no_error (error);
  w = g_ptr_array_index (b->workloads, 0);
  g_assert_cmpuint (w->draft_tokens, ==, 2);
  g_assert_cmpfloat (w->draft_acceptance, ==, 0.7);
}

typedef struct
{
  const char *json;
  const char *expected;   /* the error must start with this */
} BadCase;

static const BadCase bad_cases[] = {
  { "not json", "not valid JSON" },
  { "[]", "$: a build file must be a JSON object" },
  { "{}", "format: is missing" },
  { "{\"format\": \"something-else\", \"version\": 1}", "format: must be “rigplan-build”" },
  { "{\"format\": \"rigplan-build\"}", "version: is missing" },
  { "{\"format\": \"rigplan-build\", \"version\": 7}", "version: this file was written by a newer Rigplan" },
  { "{\"format\": \"rigplan-build\", \"version\": \"1\"}", "version: must be a number, not a string" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": {}}", "parts: must be an array, not an object" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [ 3 ]}", "parts[0]: must be an object, not a number" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [ {\"count\": 1} ]}", "parts[0].id: is missing" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [ {\"id\": \"a\"}, {\"id\": \"b\", \"count\": -2} ]}",
    "parts[1].count: must be a positive integer" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [ {\"id\": \"a\"}, {\"id\": \"b\", \"count\": 1.5} ]}",
    "parts[1].count: must be a positive integer" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [ {\"id\": \"a\", \"count\": \"2\"} ]}",
    "parts[0].count: must be a positive integer" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [ {\"id\": \"a\", \"count\": 1000} ]}",
    "parts[0].count: must be at most 64" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [ {\"id\": \"a\", \"condition\": \"broken\"} ]}",
    "parts[0].condition: “broken” is not one of: new, used" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [ {\"id\": \"a\", \"price\": -1} ]}",
    "parts[0].price: must be between 0 and" },
  /* Past 64 bits, which json-glib read as -1. */
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [ {\"id\": \"a\", \"price\": 123456789012345678901234567890} ]}",
    "parts[0].price: must be between 0 and 1e+07 (it is 1.23457e+29)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [ {\"id\": \"a\", \"count\": 18446744073709551617} ]}",
    "parts[0].count: must be at most 64 (it is 18446744073709551616)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [ {\"id\": \"RTX 4090\"} ]}",
    "parts[0].id: “RTX 4090” is not a part id" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [ {\"id\": \"a\", \"colour\": \"red\"} ]}",
    "parts[0].colour: unknown member" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"quant\": \"Q4_K_M\"} ]}",
    "workloads[0].model: is missing" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"mode\": \"train\"} ]}",
    "workloads[0].mode: “train” is not one of: inference, full-finetune, lora, qlora" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"context\": 0} ]}",
    "workloads[0].context: must be a positive integer" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"offload\": \"yes\"} ]}",
    "workloads[0].offload: must be true or false, not a string" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"gpu_memory_utilization\": 1.5} ]}",
    "workloads[0].gpu_memory_utilization: must be between 0.01 and 1 (it is 1.5)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"max_model_len\": 0} ]}",
    "workloads[0].max_model_len: must be a positive integer" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"lora_dropout\": 1} ]}",
    "workloads[0].lora_dropout: must be between 0 and 0.99 (it is 1)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"gpu_layers\": -1} ]}",
    "workloads[0].gpu_layers: must be a whole number, 0 or more" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"gpu_layers\": 99999} ]}",
    "workloads[0].gpu_layers: must be at most 10000 (it is 99999)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"ubatch\": 1e300} ]}",
    "workloads[0].ubatch: must be at most 16777216 (it is 1e+300)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"zero_init\": \"no\"} ]}",
    "workloads[0].zero_init: must be true or false, not a string" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"cpu_moe_layers\": 0} ]}",
    "workloads[0].cpu_moe_layers: must be a positive integer" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"ubatch\": -512} ]}",
    "workloads[0].ubatch: must be a positive integer" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"mmap\": 0} ]}",
    "workloads[0].mmap: must be true or false, not a number" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"weights_gib\": 0} ]}",
    "workloads[0].weights_gib: must be between 0.01 and 16384 (it is 0)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"weights_gib\": \"20 GiB\"} ]}",
    "workloads[0].weights_gib: must be a number, not a string" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"mode\": \"lora\", \"weights_gib\": 5} ]}",
    "workloads[0].weights_gib: is for inference workloads; a training run loads its weights at its own precision" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"mode\": \"lora\", \"recipe\": \"default:Q8_0\"} ]}",
    "workloads[0].recipe: is for inference workloads; a training run loads its weights at its own precision" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"recipe\": \"experts:Q4_K\"} ]}",
    "workloads[0].recipe: “experts” is not a tensor name (default, attn_q, attn_k, attn_v, attn_qkv, attn_output, ffn_up, ffn_gate, ffn_down, ffn_down_exps, ffn_up_exps, ffn_gate_exps, output, token_embd)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"recipe\": \"default=Q8_0\"} ]}",
    "workloads[0].recipe: “default=Q8_0” does not read as “TENSOR:QUANT[@FRACTION];…”" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"recipe\": 8} ]}",
    "workloads[0].recipe: must be a string, not a number" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"concurrency\": 0} ]}",
    "workloads[0].concurrency: must be a positive integer" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"concurrency\": -4} ]}",
    "workloads[0].concurrency: must be a positive integer" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"concurrency\": 1e12} ]}",
    "workloads[0].concurrency: must be at most 100000 (it is 1000000000000)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"concurrency\": 2.5} ]}",
    "workloads[0].concurrency: must be a positive integer" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"prompt_tokens\": 0} ]}",
    "workloads[0].prompt_tokens: must be a positive integer" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"output_tokens\": \"200\"} ]}",
    "workloads[0].output_tokens: must be a positive integer" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"output_tokens\": 99999999999} ]}",
    "workloads[0].output_tokens: must be at most 16777216 (it is 99999999999)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"min_user_tokens_per_s\": 0} ]}",
    "workloads[0].min_user_tokens_per_s: must be between 0.1 and 100000 (it is 0)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"min_user_tokens_per_s\": -20} ]}",
    "workloads[0].min_user_tokens_per_s: must be between 0.1 and 100000 (it is -20)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"min_user_tokens_per_s\": 1e300} ]}",
    "workloads[0].min_user_tokens_per_s: must be between 0.1 and 100000 (it is 1e+300)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"draft_model\": \"d\", \"draft_acceptance\": 1.2} ]}",
    "workloads[0].draft_acceptance: must be between 0 and 1 (it is 1.2)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"draft_model\": \"d\", \"draft_tokens\": 0} ]}",
    "workloads[0].draft_tokens: must be a positive integer" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"draft_model\": \"d\", \"draft_tokens\": 1000} ]}",
    "workloads[0].draft_tokens: must be at most 64 (it is 1000)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"draft_model\": 3} ]}",
    "workloads[0].draft_model: must be a string, not a number" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"draft_model\": \"\"} ]}",
    "workloads[0].draft_model: must name a model from the catalog" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\", \"draft_quant\": \"Q4_0\"} ]}",
    "workloads[0].draft_quant: is the draft model's quantization; set draft_model as well" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"settings\": {\"circuit\": \"us-30a\"}}",
    "settings.circuit: “us-30a” is not one of: us-15a, us-20a, eu-16a, uk-13a" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"settings\": {\"currency\": \"dollars\"}}",
    "settings.currency: “dollars” is not an ISO 4217 code" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"settings\": {\"hours_per_day\": 25}}",
    "settings.hours_per_day: must be between 0 and 24" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"name\": 5}", "name: must be a string, not a number" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"extra\": true}", "extra: unknown member" },
  /* json-glib decodes a lone surrogate followed by more text into bytes that are not UTF-8. */
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"name\": \"Rig \\ud800x\"}",
    "name: not valid text (a lone UTF-16 surrogate?)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [ {\"id\": \"\\ud800x\"} ]}",
    "parts[0].id: not valid text (a lone UTF-16 surrogate?)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"workloads\": [ {\"model\": \"m\\udbffx\"} ]}",
    "workloads[0].model: not valid text (a lone UTF-16 surrogate?)" },
  { "{\"format\": \"rigplan-build\", \"version\": 1, \"settings\": {\"currency\": \"\\ud800x\"}}",
    "settings.currency: not valid text (a lone UTF-16 surrogate?)" },
};

static void
test_bad (gconstpointer data)
{
  const BadCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = rig_build_from_json (c->json, -1, &error);

  g_assert_null (build);
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID);
  if (!g_str_has_prefix (error->message, c->expected))
    g_error ("expected “%s…”, got “%s”", c->expected, error->message);
}

static void
test_load_names_file (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "broken.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = NULL;

  g_assert_true (g_file_set_contents (path, "{\"format\": \"rigplan-build\", \"version\": 1, "
                                      "\"parts\": [ {\"id\": \"a\"}, {\"id\": \"b\", \"count\": -1} ]}",
                                      -1, NULL));
  build = rig_build_file_load (path, &error);
  g_assert_null (build);
  g_assert_cmpstr (error->message, ==, "broken.json: parts[1].count: must be a positive integer");
}

static void
test_failed_save_keeps_file (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *subdir = g_build_filename (dir, "sub", NULL);
  g_autofree char *path = g_build_filename (subdir, "build.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(RigBuild) build = rig_build_new ("x");
  g_autoptr(GError) error = NULL;

  if (geteuid () == 0)
    {
      /* Root ignores directory permissions; a missing folder makes the same point. */
      g_assert_false (rig_build_file_save (build, path, &error));
      g_assert_nonnull (error);
      return;
    }
  g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "precious", -1, NULL));
  g_assert_cmpint (g_chmod (subdir, 0500), ==, 0);
  g_assert_false (rig_build_file_save (build, path, &error));
  g_assert_nonnull (error);
  g_chmod (subdir, 0700);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
}

/* Messages that quote the file (a member's name, a value) carry no control characters and no
 * bytes that are not UTF-8. */
static void
test_messages_are_clean (void)
{
  static const char * const cases[] = {
    "{\"format\": \"rigplan-build\", \"version\": 1, \"\\u001b]0;pwned\\u0007\\u001b[2J\": 1}",
    "{\"format\": \"rigplan-build\", \"version\": 1, \"\\ud800x\": 1}",
    "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [ {\"id\": \"a\\u001b[2J\"} ]}",
    "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [ {\"id\": \"a\", "
    "\"condition\": \"\\u009b2J\"} ]}",
    "{\"format\": \"rigplan-build\", \"version\": 1, \"settings\": {\"currency\": \"\\u001b[2J\"}}",
    "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [\"\\u001b]0;pwned\\u0007\" 1]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RigBuild) build = rig_build_from_json (cases[i], -1, &error);

      g_test_message ("%u", i);
      g_assert_null (build);
      g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_true (rig_text_is_clean (error->message));
    }
}

/* A name with an ESC sequence opens with the controls replaced, and opens again as it was
 * once saved. */
static void
test_escaped_name_round_trip (void)
{
  static const char json[] =
    "{\"format\": \"rigplan-build\", \"version\": 1, "
    "\"name\": \"Rig\\u001b]0;pwned\\u0007\\u001b[2J\\u0085\\tend\"}";
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "rig.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = rig_build_from_json (json, -1, &error);
  g_autoptr(RigBuild) back = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (build->name, ==, "Rig\xef\xbf\xbd]0;pwned\xef\xbf\xbd\xef\xbf\xbd[2J\xef\xbf\xbd\tend");
  g_assert_true (rig_build_file_save (build, path, &error));
  back = rig_build_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->name, ==, build->name);
}

/* However a name that is not UTF-8 got into a build, the file it is saved to opens. */
static void
test_invalid_name_saves (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "rig.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) broken = rig_build_new ("Rig \xed\xa0\x80x");
  g_autoptr(RigBuild) back = NULL;

  g_assert_true (rig_build_file_save (broken, path, &error));
  back = rig_build_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (back->name, -1, NULL));
  g_assert_true (g_str_has_prefix (back->name, "Rig \xef\xbf\xbd"));
  g_assert_true (g_str_has_suffix (back->name, "\xef\xbf\xbdx"));
}

#define DEEP_HEAD "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": "

/* Nesting far past json-glib's recursion, arrays or objects, is refused with where it starts,
 * and does not crash; 64 levels are still read. */
static void
test_too_deep (void)
{
  for (int objects = 0; objects <= 1; objects++)
    {
      g_autofree char *deep = rig_test_nested_json (DEEP_HEAD, 100000, objects, "}");
      g_autofree char *limit = rig_test_nested_json (DEEP_HEAD, 63, objects, "}");
      /* The file's object is the first level: the 64th bracket of "parts" opens the 65th. */
      g_autofree char *expected = g_strdup_printf ("JSON nested deeper than 64 levels at line 1, "
                                                   "column %zu", strlen (DEEP_HEAD) + 1 +
                                                   63 * (objects ? strlen ("{\"a\":") : 1));
      g_autoptr(GError) error = NULL;
      g_autoptr(RigBuild) build = rig_build_from_json (deep, -1, &error);

      g_assert_null (build);
      g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);

      build = rig_build_from_json (limit, -1, &error);
      g_assert_null (build);
      g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, objects ? "parts: must be an array, not an object"
                                                   : "parts[0]: must be an object, not an array");
    }
}

/* json-glib also reads comments and single-quoted strings; a quote inside either would hide
 * the brackets after it from the nesting count, so JSON is read strictly. */
static void
test_not_strict (void)
{
  static const char * const hiding[] = { "/* \" */ ", "// \"\n", "/ \" / ", "'\"', " };

  for (guint i = 0; i < G_N_ELEMENTS (hiding); i++)
    {
      g_autofree char *head = g_strconcat (DEEP_HEAD, hiding[i], NULL);
      g_autofree char *deep = rig_test_nested_json (head, 100000, FALSE, "}");
      g_autoptr(GError) error = NULL;
      g_autoptr(RigBuild) build = rig_build_from_json (deep, -1, &error);

      g_assert_null (build);
      g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "not JSON at line 1, column "));
    }
}

/* Brackets inside strings, escaped quotes among them, are text, not nesting. */
static void
test_brackets_in_strings (void)
{
  g_autofree char *brackets = g_strnfill (200, '[');
  g_autofree char *json = g_strdup_printf ("{\"format\": \"rigplan-build\", \"version\": 1, "
                                           "\"name\": \"\\\"%s{\\\\\"}", brackets);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = rig_build_from_json (json, -1, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (build->name, "\"[[["));
  g_assert_true (g_str_has_suffix (build->name, "[{\\"));
}

/* A deep file is refused under its own name. */
static void
test_too_deep_file (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "deep.json", NULL);
  g_autofree char *deep = rig_test_nested_json (DEEP_HEAD, 100000, FALSE, "}");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = NULL;

  g_assert_true (g_file_set_contents (path, deep, -1, NULL));
  build = rig_build_file_load (path, &error);
  g_assert_null (build);
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "deep.json: JSON nested deeper than 64 levels"));
}

/* Numbers as people write them, read back exactly; strings untouched. */
static void
test_tidy_numbers (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "{\"kwh\" : 0.14999999999999999}", "{\"kwh\" : 0.15}" },
    { "[499.99000000000001, 750.0, 3, -2.5, 0.0]", "[499.99, 750.0, 3, -2.5, 0.0]" },
    { "[1e-07, 1.0000000000000000e+20, 2.0e3]", "[1e-07, 1e+20, 2000.0]" },
    { "{\"name\" : \"0.14999999999999999 \\\" 1.10000000000000009\"}",
      "{\"name\" : \"0.14999999999999999 \\\" 1.10000000000000009\"}" },
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tidy = rig_json_tidy_numbers (cases[i].in);
      g_assert_cmpstr (tidy, ==, cases[i].out);
    }
  /* Whatever the value, the short form reads back as the same double. */
  for (guint i = 0; i < 10000; i++)
    {
      double value = g_rand_double_range (rand, -1e6, 1e6) * pow (10, g_rand_int_range (rand, -12, 12));
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *tidy = rig_json_tidy_numbers (g_ascii_formatd (buf, sizeof buf, "%.17g", value));

      g_assert_cmpfloat (g_ascii_strtod (tidy, NULL), ==, value);
    }
}

/* The one check every way of making a build shares: the limits themselves pass. */
static void
test_part_limits (void)
{
  static const struct
  {
    double      count;
    double      price;
    const char *member;    /* NULL: within the limits */
    const char *reason;
  } cases[] = {
    { 1, NAN, NULL, NULL },
    { RIG_BUILD_MAX_COUNT, RIG_BUILD_MAX_PRICE, NULL, NULL },
    { 2, 0, NULL, NULL },
    { RIG_BUILD_MAX_COUNT + 1, NAN, "count", "must be at most 64 (it is 65)" },
    { 2147483647, NAN, "count", "must be at most 64 (it is 2147483647)" },
    { 0, NAN, "count", "must be a positive integer" },
    { 1.5, NAN, "count", "must be a positive integer" },
    { INFINITY, NAN, "count", "must be a positive integer" },
    { 1, -1, "price", "must be between 0 and 1e+07 (it is -1)" },
    { 1, 1e30, "price", "must be between 0 and 1e+07 (it is 1e+30)" },
    { 1, INFINITY, "price", "must be between 0 and 1e+07 (it is inf)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *reason = NULL;
      const char *member = NULL;
      gboolean ok = rig_build_check_part_limits (cases[i].count, cases[i].price, &member,
                                                 &reason);

      g_assert_cmpint (ok, ==, cases[i].member == NULL);
      g_assert_cmpstr (member, ==, cases[i].member);
      g_assert_cmpstr (reason, ==, cases[i].reason);
    }
}

/* An id of 50,000 characters is quoted by its start, not whole, and on one line. */
static void
test_long_value_shortened (void)
{
  /* A line break, written as JSON writes it, then X up to 50,000 bytes. */
  g_autoptr(GString) id = g_string_new ("a\\nb");
  g_autofree char *json = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = NULL;

  while (id->len < 50000)
    g_string_append_c (id, 'X');
  json = g_strdup_printf ("{\"format\": \"rigplan-build\", \"version\": 1, "
                          "\"parts\": [ {\"id\": \"%s\"} ]}", id->str);
  build = rig_build_from_json (json, -1, &error);
  g_assert_null (build);
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID);
  /* 80 characters: “a b” and 77 X. */
  expected = g_strdup_printf ("parts[0].id: “a b%.77s…” is not a part id", id->str + 4);
  if (!g_str_has_prefix (error->message, expected))
    g_error ("expected “%s…”, got “%.300s…”", expected, error->message);
  g_assert_cmpuint (strlen (error->message), <, 300);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/build-file/load", test_load);
  g_test_add_func ("/build-file/round-trip", test_round_trip);
  g_test_add_func ("/build-file/serving-defaults-unwritten", test_serving_defaults_unwritten);
  g_test_add_func ("/build-file/draft-round-trip", test_draft_round_trip);
  g_test_add_func ("/build-file/draft-mtp-defaults", test_draft_mtp_defaults);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/build-file/bad/%u", i);
      g_test_add_data_func (name, &bad_cases[i], test_bad);
    }
  g_test_add_func ("/build-file/load-names-file", test_load_names_file);
  g_test_add_func ("/build-file/failed-save-keeps-file", test_failed_save_keeps_file);
  g_test_add_func ("/build-file/tidy-numbers", test_tidy_numbers);
  g_test_add_func ("/build-file/too-deep", test_too_deep);
  g_test_add_func ("/build-file/messages-are-clean", test_messages_are_clean);
  g_test_add_func ("/build-file/escaped-name-round-trip", test_escaped_name_round_trip);
  g_test_add_func ("/build-file/invalid-name-saves", test_invalid_name_saves);
  g_test_add_func ("/build-file/too-deep-file", test_too_deep_file);
  g_test_add_func ("/build-file/brackets-in-strings", test_brackets_in_strings);
  g_test_add_func ("/build-file/not-strict", test_not_strict);
  g_test_add_func ("/build-file/long-value-shortened", test_long_value_shortened);
  g_test_add_func ("/build-file/part-limits", test_part_limits);

  return g_test_run ();
}
