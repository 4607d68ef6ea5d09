/* rig-workload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-workload.h"

static const char * const modes[] = { "inference", "full-finetune", "lora", "qlora", NULL };
static const char * const runtimes[] = { "default", "llama.cpp", "vllm", "transformers", "mlx",
                                                "torchtune", "litgpt", NULL };
static const char * const kv_caches[] = { "f16", "q8_0", "q4_0", "fp8", NULL };
static const char * const splits[] = { "layer", "tensor", "row", NULL };
static const char * const optimizers[] = { "adamw", "adamw-8bit", "paged-adamw-8bit", "sgd", NULL };
static const char * const shardings[] = { "auto", "none", "zero1", "zero2", "zero3", "fsdp", NULL };
static const char * const lora_targets[] = { "all-linear", "attention", "qv", NULL };

G_STATIC_ASSERT (G_N_ELEMENTS (modes) == RIG_MODE_N + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (runtimes) == RIG_RUNTIME_N + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (kv_caches) == RIG_KV_CACHE_N + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (splits) == RIG_SPLIT_N + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (optimizers) == RIG_OPTIMIZER_N + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (shardings) == RIG_SHARDING_N + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (lora_targets) == RIG_LORA_TARGETS_N + 1);

static int
lookup_value (const char * const *values,
              const char         *text)
{
  for (int i = 0; text != NULL && values[i]; i++)
    if (g_ascii_strcasecmp (values[i], text) == 0)
      return i;
  return -1;
}

#define ENUM_FUNCS(prefix, type, table) \
  const char *prefix##_to_string (type v) { return (guint) v < G_N_ELEMENTS (table) - 1 ? table[v] : NULL; } \
  int prefix##_from_string (const char *text) { return lookup_value (table, text); } \
  const char * const *prefix##_values (void) { return table; }

ENUM_FUNCS (rig_workload_mode, RigWorkloadMode, modes)
ENUM_FUNCS (rig_runtime, RigRuntime, runtimes)
ENUM_FUNCS (rig_kv_cache, RigKvCacheType, kv_caches)
ENUM_FUNCS (rig_split, RigSplit, splits)
ENUM_FUNCS (rig_optimizer, RigOptimizer, optimizers)
ENUM_FUNCS (rig_sharding, RigSharding, shardings)
ENUM_FUNCS (rig_lora_targets, RigLoraTargets, lora_targets)

RigWorkload *
rig_workload_new (void)
{
  RigWorkload *w = g_new0 (RigWorkload, 1);

  w->mode = RIG_MODE_INFERENCE;
  w->context = 4096;
  w->batch = 1;
  w->lora_rank = 16;
  w->offload = TRUE;
  /* Every runtime modelled here uses a fused attention kernel by default: llama.cpp's -fa auto,
   * vLLM's FlashAttention backend, transformers' sdpa, MLX's fast scaled_dot_product_attention. */
  w->flash_attention = TRUE;
  /* vLLM's default (vllm/config.py CacheConfig.gpu_memory_utilization). */
  w->gpu_memory_utilization = 0.9;
  w->max_model_len = 0;
  w->gpu_layers = -1;
  w->cpu_moe_layers = 0;
  w->ubatch = 0;
  /* llama.cpp's default (common/common.h: use_mmap = true). */
  w->mmap = TRUE;
  w->zero_init = TRUE;
  w->lora_dropout = NAN;
  for (guint t = 0; t < RIG_TENSOR_N; t++)
    w->bits[t] = NAN;
  w->concurrency = 1;
  /* vLLM's serving benchmark's random requests (vllm/benchmarks/datasets.py RandomDataset
   * DEFAULT_INPUT_LEN, DEFAULT_OUTPUT_LEN). */
  w->prompt_tokens = 1024;
  w->output_tokens = 128;
  w->min_user_tokens_per_s = 0;
  w->draft_tokens = RIG_DRAFT_TOKENS_DEFAULT;
  w->draft_acceptance = RIG_DRAFT_ACCEPTANCE_DEFAULT;
  for (guint t = 0; t < RIG_TENSOR_N; t++)
    w->draft_bits[t] = NAN;
  return w;
}

double
rig_workload_lora_dropout (const RigWorkload *workload)
{
  if (!isnan (workload->lora_dropout))
    return workload->lora_dropout;
  /* litgpt/finetune/lora.py's setup () default; peft's LoraConfig, torchtune's LoRA builders and
   * unsloth default to 0. */
  return workload->runtime == RIG_RUNTIME_LITGPT ? 0.05 : 0.0;
}

RigWorkload *
rig_workload_copy (const RigWorkload *workload)
{
  RigWorkload *w = g_memdup2 (workload, sizeof *workload);

  w->model_id = g_strdup (workload->model_id);
  w->quant_id = g_strdup (workload->quant_id);
  w->recipe = g_strdup (workload->recipe);
  w->model = NULL;
  w->quant = NULL;
  if (workload->model != NULL)
    w->model = rig_table_record_dup (rig_model_table (), workload->model);
  if (workload->quant != NULL)
    w->quant = rig_table_record_dup (rig_quant_table (), workload->quant);
  w->draft_model_id = g_strdup (workload->draft_model_id);
  w->draft_quant_id = g_strdup (workload->draft_quant_id);
  w->draft_model = NULL;
  w->draft_quant = NULL;
  if (workload->draft_model != NULL)
    w->draft_model = rig_table_record_dup (rig_model_table (), workload->draft_model);
  if (workload->draft_quant != NULL)
    w->draft_quant = rig_table_record_dup (rig_quant_table (), workload->draft_quant);
  return w;
}

void
rig_workload_free (RigWorkload *workload)
{
  if (workload == NULL)
    return;
  g_free (workload->model_id);
  g_free (workload->quant_id);
  g_free (workload->recipe);
  g_clear_pointer (&workload->model, rig_model_free);
  g_clear_pointer (&workload->quant, rig_quant_free);
  g_free (workload->draft_model_id);
  g_free (workload->draft_quant_id);
  g_clear_pointer (&workload->draft_model, rig_model_free);
  g_clear_pointer (&workload->draft_quant, rig_quant_free);
  g_free (workload);
}

static int
tensor_from_recipe_name (const char *name)
{
  static const struct { const char *name; RigTensor tensor; } map[] = {
    { "default", RIG_TENSOR_DEFAULT }, { "token_embd", RIG_TENSOR_EMBED },
    { "output", RIG_TENSOR_OUTPUT }, { "attn_v", RIG_TENSOR_ATTN_V },
    { "attn_output", RIG_TENSOR_ATTN_OUTPUT }, { "ffn_down", RIG_TENSOR_FFN_DOWN },
    { "ffn_up_exps", RIG_TENSOR_EXPERTS }, { "ffn_gate_exps", RIG_TENSOR_EXPERTS },
    { "ffn_down_exps", RIG_TENSOR_EXPERTS_DOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (map[i].name, name))
      return map[i].tensor;
  return -1;
}

/* The type llama.cpp's quantize gives a tensor of @type whose rows are not a whole number of
 * 256-weight super-blocks (llama-quant.cpp, llama_tensor_get_type: "tensor cols ... are not
 * divisible by 256, required for q4_K - using fallback quantization q5_0"); NULL where the
 * type has no such rule. */
static const char *
row_fallback (const char *type)
{
  static const struct { const char *type, *fallback; } map[] = {
    { "Q2_K", "IQ4_NL" }, { "Q3_K", "IQ4_NL" }, { "IQ4_XS", "IQ4_NL" }, { "IQ2_XXS", "IQ4_NL" },
    { "IQ2_XS", "IQ4_NL" }, { "IQ2_S", "IQ4_NL" }, { "IQ3_XXS", "IQ4_NL" }, { "IQ3_S", "IQ4_NL" },
    { "IQ1_S", "IQ4_NL" }, { "IQ1_M", "IQ4_NL" },
    { "Q4_K", "Q5_0" }, { "Q5_K", "Q5_1" }, { "Q6_K", "Q8_0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (map[i].type, type))
      return map[i].fallback;
  return NULL;
}

/* The length of a row of @t's matrices in @m, the dimension a block of quantized weights runs
 * along: the hidden size for every matrix that reads the residual stream, the attention's width
 * for its output, the feed-forward width for the down projections; NAN where not known. */
static double
row_length (const RigModel *m,
            RigTensor       t)
{
  switch (t)
    {
    case RIG_TENSOR_ATTN_OUTPUT:
      return m->heads * rig_model_head_dim (m);
    case RIG_TENSOR_FFN_DOWN:
    case RIG_TENSOR_EXPERTS_DOWN:
      /* A mixture of experts' intermediate_size is its experts' (models.csv). */
      return m->intermediate_size;
    case RIG_TENSOR_DEFAULT:
    case RIG_TENSOR_EMBED:
    case RIG_TENSOR_OUTPUT:
    case RIG_TENSOR_ATTN_V:
    case RIG_TENSOR_EXPERTS:
    case RIG_TENSOR_N:
    default:
      return m->hidden_size;
    }
}

/* A group's types: the default (or its own) for all its layers but @fraction of them, which a
 * recipe item gives @item. */
typedef struct
{
  const char *type;
  const char *item;
  double      fraction;
} GroupTypes;

static double
type_bits (const RigQuant   *quant,
           const char       *type,
           RigQuantBitsFunc  lookup,
           gpointer          user_data)
{
  return g_str_equal (type, quant->id) ? quant->bits_per_weight : lookup (type, user_data);
}

/* The type llama.cpp stores @type as: its row fallback where @fallback and it has one. */
static const char *
stored_type (const char *type,
             gboolean    fallback)
{
  const char *other = fallback ? row_fallback (type) : NULL;

  return other != NULL ? other : type;
}

static double
group_bits (const RigQuant   *quant,
            const GroupTypes *g,
            gboolean          fallback,
            RigQuantBitsFunc  lookup,
            gpointer          user_data)
{
  double bits = type_bits (quant, stored_type (g->type, fallback), lookup, user_data);

  if (g->item != NULL)
    bits = g->fraction * type_bits (quant, stored_type (g->item, fallback), lookup, user_data) +
           (1.0 - g->fraction) * bits;
  return bits;
}

void
rig_workload_set_quant (RigWorkload      *workload,
                        RigQuant         *quant,
                        RigQuantBitsFunc  lookup,
                        gpointer          user_data)
{
  g_autoptr(GArray) recipe = NULL;
  GroupTypes groups[RIG_TENSOR_N];
  gboolean experts_down_set = FALSE;
  const char *base;

  g_clear_pointer (&workload->quant, rig_quant_free);
  workload->quant = quant;
  for (guint t = 0; t < RIG_TENSOR_N; t++)
    workload->bits[t] = NAN;
  if (quant == NULL)
    return;

  base = quant->id;
  if (workload->recipe != NULL || quant->recipe != NULL)
    recipe = rig_recipe_parse (workload->recipe != NULL ? workload->recipe : quant->recipe, NULL);

  /* The default type first: every other group starts from it. */
  for (guint i = 0; recipe && i < recipe->len; i++)
    {
      RigRecipeItem *item = &g_array_index (recipe, RigRecipeItem, i);

      if (g_str_equal (item->tensor, "default") && !isnan (type_bits (quant, item->quant, lookup, user_data)))
        base = item->quant;
    }
  for (guint t = 0; t < RIG_TENSOR_N; t++)
    groups[t] = (GroupTypes) { base, NULL, 0 };
  if (quant->embed_quant != NULL && !isnan (lookup (quant->embed_quant, user_data)))
    groups[RIG_TENSOR_EMBED].type = quant->embed_quant;

  /* A recipe item applies to a share of the group's layers; the rest keeps the default. */
  for (guint i = 0; recipe && i < recipe->len; i++)
    {
      RigRecipeItem *item = &g_array_index (recipe, RigRecipeItem, i);
      int tensor = tensor_from_recipe_name (item->tensor);

      if (tensor <= RIG_TENSOR_DEFAULT || isnan (type_bits (quant, item->quant, lookup, user_data)))
        continue;
      groups[tensor] = (GroupTypes) { groups[RIG_TENSOR_DEFAULT].type, item->quant, item->fraction };
      experts_down_set |= tensor == RIG_TENSOR_EXPERTS_DOWN;
    }
  /* llama.cpp's quantize gives ffn_down_exps the type it gives ffn_down (llama-quant.cpp
   * llama_tensor_get_type matches "ffn_down" in both names), unless a recipe names them. */
  if (!experts_down_set)
    groups[RIG_TENSOR_EXPERTS_DOWN] = groups[RIG_TENSOR_FFN_DOWN];
  /* Experts released in a 4-bit format stay in it: gpt-oss's GGUF files of every type keep
   * them in MXFP4 (llama.cpp #15117: its F16 file is about 12.5 GB, every smaller type about
   * 11 GB). */
  if (workload->model != NULL && workload->model->experts_quant != NULL &&
      rig_quant_format (quant) == RIG_QUANT_FORMAT_GGUF &&
      !isnan (lookup (workload->model->experts_quant, user_data)))
    groups[RIG_TENSOR_EXPERTS] = groups[RIG_TENSOR_EXPERTS_DOWN] =
      (GroupTypes) { workload->model->experts_quant, NULL, 0 };

  for (guint t = 0; t < RIG_TENSOR_N; t++)
    {
      double row = workload->model != NULL ? row_length (workload->model, t) : NAN;
      double fallback = RIG_IS_KNOWN (row) && fmod (row, 256) != 0
                          ? group_bits (quant, &groups[t], TRUE, lookup, user_data) : NAN;

      workload->bits[t] = !isnan (fallback) ? fallback
                                            : group_bits (quant, &groups[t], FALSE, lookup, user_data);
    }
}

gboolean
rig_workload_has_draft (const RigWorkload *workload)
{
  return workload->draft_model_id != NULL;
}

gboolean
rig_draft_vocab_fits (double draft_vocab,
                      double model_vocab)
{
  return !RIG_IS_KNOWN (draft_vocab) || !RIG_IS_KNOWN (model_vocab) ||
         fabs (draft_vocab - model_vocab) <= RIG_DRAFT_VOCAB_MAX_DIFFERENCE;
}

void
rig_workload_set_draft_quant (RigWorkload      *workload,
                              RigQuant         *quant,
                              RigQuantBitsFunc  lookup,
                              gpointer          user_data)
{
  /* The draft's own shapes decide which of its tensors take a fallback type. */
  RigWorkload draft = { .model = workload->draft_model };

  g_clear_pointer (&workload->draft_quant, rig_quant_free);
  if (quant == NULL)
    {
      /* The draft runs at the model's quantization. */
      if (workload->quant == NULL || workload->draft_model == NULL)
        {
          memcpy (workload->draft_bits, workload->bits, sizeof workload->draft_bits);
          return;
        }
      rig_workload_set_quant (&draft, rig_table_record_dup (rig_quant_table (), workload->quant), lookup,
                              user_data);
      g_clear_pointer (&draft.quant, rig_quant_free);
      memcpy (workload->draft_bits, draft.bits, sizeof workload->draft_bits);
      return;
    }
  rig_workload_set_quant (&draft, quant, lookup, user_data);
  workload->draft_quant = g_steal_pointer (&draft.quant);
  memcpy (workload->draft_bits, draft.bits, sizeof workload->draft_bits);
}

gboolean
rig_workload_draft_view (const RigWorkload *workload,
                         RigWorkload       *view)
{
  if (workload->draft_model == NULL)
    return FALSE;
  *view = *workload;
  view->model_id = workload->draft_model_id;
  view->quant_id = workload->draft_quant_id;
  view->model = workload->draft_model;
  view->quant = workload->draft_quant != NULL ? workload->draft_quant : workload->quant;
  memcpy (view->bits, workload->draft_bits, sizeof view->bits);
  view->weights_gib = 0;   /* the size the user gave is the model's, not the draft's */
  view->recipe = NULL;     /* and so are the tensor types */
  view->draft_model_id = NULL;
  view->draft_quant_id = NULL;
  view->draft_model = NULL;
  view->draft_quant = NULL;
  return TRUE;
}
