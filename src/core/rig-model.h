/* rig-model.h: model architectures and quantizations from the catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-field.h"
#include "rig-units.h"

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *name;
  char   *family;
  char   *modality;           /* llm, diffusion, asr */
  double  params_b, active_params_b;
  double  layers, hidden_size, intermediate_size, heads, kv_heads, head_dim, vocab, context_max;
  char   *attention;          /* mha, gqa, mla */
  double  sliding_window, swa_layers, kv_lora_rank, qk_rope_dim;
  double  experts, experts_active, expert_params_b;
  int     tied_embeddings;
  char   *source;
} RigModel;

typedef struct
{
  char   *id;                 /* as people write it: Q4_K_M, Q8_0, F16, NF4 */
  char   *name;
  char   *format;             /* gguf, bnb, gptq, awq, fp8, float, mlx, exl2 */
  double  bits_per_weight;
  char   *recipe;             /* TENSOR:QUANT[@FRACTION];… */
  char   *embed_quant;
  char   *source;
} RigQuant;

const RigTable *rig_model_table (void);
const RigTable *rig_quant_table (void);

RigModel *rig_model_new  (void);
void      rig_model_free (RigModel *model);
RigQuant *rig_quant_new  (void);
void      rig_quant_free (RigQuant *quant);

gboolean  rig_quant_id_is_valid (const char *id);

typedef struct
{
  char   *tensor;             /* attn_v, ffn_down, output, token_embd, default */
  char   *quant;              /* a quant id */
  double  fraction;           /* share of that tensor's layers, 1 when not given */
} RigRecipeItem;

GArray   *rig_recipe_parse (const char *text,
                            GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigModel, rig_model_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigQuant, rig_quant_free)

G_END_DECLS
