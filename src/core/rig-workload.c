/* rig-workload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rig-workload.h"

static const char * const modes[] = { "inference", "full-finetune", "lora", "qlora", NULL };
static const char * const runtimes[] = { "default", "llama.cpp", "vllm", "transformers", "mlx", NULL };
static const char * const kv_caches[] = { "f16", "q8_0", "q4_0", "fp8", NULL };
static const char * const splits[] = { "layer", "tensor", NULL };
static const char * const optimizers[] = { "adamw", "adamw-8bit", "paged-adamw-8bit", "sgd", NULL };

G_STATIC_ASSERT (G_N_ELEMENTS (modes) == RIG_MODE_N + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (runtimes) == RIG_RUNTIME_N + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (kv_caches) == RIG_KV_CACHE_N + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (splits) == RIG_SPLIT_N + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (optimizers) == RIG_OPTIMIZER_N + 1);

static int
lookup (const char * const *values,
        const char         *text)
{
  for (int i = 0; text != NULL && values[i]; i++)
    if (g_ascii_strcasecmp (values[i], text) == 0)
      return i;
  return -1;
}

#define ENUM_FUNCS(prefix, type, table) \
  const char *prefix##_to_string (type v) { return (guint) v < G_N_ELEMENTS (table) - 1 ? table[v] : NULL; } \
  int prefix##_from_string (const char *text) { return lookup (table, text); } \
  const char * const *prefix##_values (void) { return table; }

ENUM_FUNCS (rig_workload_mode, RigWorkloadMode, modes)
ENUM_FUNCS (rig_runtime, RigRuntime, runtimes)
ENUM_FUNCS (rig_kv_cache, RigKvCacheType, kv_caches)
ENUM_FUNCS (rig_split, RigSplit, splits)
ENUM_FUNCS (rig_optimizer, RigOptimizer, optimizers)

RigWorkload *
rig_workload_new (void)
{
  RigWorkload *w = g_new0 (RigWorkload, 1);

  w->mode = RIG_MODE_INFERENCE;
  w->context = 4096;
  w->batch = 1;
  w->lora_rank = 16;
  w->offload = TRUE;
  return w;
}

RigWorkload *
rig_workload_copy (const RigWorkload *workload)
{
  RigWorkload *w = g_memdup2 (workload, sizeof *workload);

  w->model_id = g_strdup (workload->model_id);
  w->quant_id = g_strdup (workload->quant_id);
  w->model = NULL;
  w->quant = NULL;
  if (workload->model != NULL)
    w->model = rig_table_record_dup (rig_model_table (), workload->model);
  if (workload->quant != NULL)
    w->quant = rig_table_record_dup (rig_quant_table (), workload->quant);
  return w;
}

void
rig_workload_free (RigWorkload *workload)
{
  if (workload == NULL)
    return;
  g_free (workload->model_id);
  g_free (workload->quant_id);
  g_clear_pointer (&workload->model, rig_model_free);
  g_clear_pointer (&workload->quant, rig_quant_free);
  g_free (workload);
}
