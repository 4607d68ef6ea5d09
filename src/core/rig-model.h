/* rig-model.h: model architectures and quantizations from the catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-field.h"
#include "rig-text.h"
#include "rig-units.h"

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *name;
  char   *family;
  char   *modality;           /* llm, diffusion, asr, embedding, vision, drafter */
  double  params_b, active_params_b;
  double  layers, hidden_size, intermediate_size, heads, kv_heads, head_dim, vocab, context_max;
  char   *attention;          /* mha, gqa, mla */
  double  sliding_window, swa_layers, kv_lora_rank, qk_rope_dim;
  /* Full-attention layers shaped unlike the sliding-window ones (Gemma 4's global layers: heads
   * of 512 against 256, fewer KV heads, and no value projection, their values being their
   * keys); NAN and -1 where every attention layer has the one shape above. */
  double  global_kv_heads, global_head_dim;
  int     global_k_eq_v;
  /* Linear attention (Gated DeltaNet in Qwen3-Next and Qwen3.5): layers that keep a state of
   * fixed size per sequence in place of a KV cache, its key heads, value heads and head size. */
  double  linear_layers, linear_key_heads, linear_value_heads, linear_head_dim;
  double  experts, experts_active, expert_params_b;
  /* The share of the routed experts a 512-token batch of a prompt routes to, where measured;
   * unknown where a batch uses nearly all of them (rig-speed.c, routed_expert_share ()). */
  double  experts_used_512;
  /* The quantization a mixture of experts' routed experts keep in every GGUF file whatever its
   * type (gpt-oss: MXFP4, as released); NULL where they follow the file's recipe. */
  char   *experts_quant;
  /* The matrices a routed expert is stored as: 3 (gate, up, down), or 2 where the file keeps gate
   * and up as one (Gemma 4's ffn_gate_up_exps); NAN for 3. */
  double  matrices_per_expert;
  /* 1 where each layer runs a dense MLP beside its routed experts and norms the two apart before
   * adding them (Gemma 4 26B-A4B's post_feedforward_layernorm_1 and _2): split by tensor, each
   * branch's partial sums are all-reduced before its own norm, three all-reduces a layer where
   * other models take two. -1 or 0 elsewhere. */
  int     shared_mlp_normed;
  int     tied_embeddings;
  /* Multi-token prediction: modules stored beside the model that each predict one token
   * further (DeepSeek-V3's num_nextn_predict_layers), their parameters together, and whether
   * they keep an embedding and output head of their own (1, DeepSeek-V3) or use the model's
   * (0, Qwen3-Next and Qwen3.5). */
  double  mtp_layers, mtp_params_b;
  int     mtp_own_head;
  /* The id of a catalog model of modality "drafter" that is this model's multi-token prediction
   * as a file of its own (Gemma 4's assistants, llama.cpp's --spec-type draft-mtp -md): a
   * drafter predicts from the model's last hidden state, attends over the model's KV cache and
   * keeps none of its own, and is not planned on its own. NULL where there is none. */
  char   *mtp_drafter;
  /* Gemma 2's cap on its attention scores (attn_logit_softcapping: scores pass through
   * cap * tanh (scores / cap) before the softmax), which fused attention kernels of the time
   * could not apply; NAN when the model has none. */
  double  attn_softcap;
  char   *source;
} RigModel;

/* What rig_quant_format () reads out of a quantization's format and id. */
typedef enum
{
  RIG_QUANT_FORMAT_UNREAD,
  RIG_QUANT_FORMAT_FLOAT,
  RIG_QUANT_FORMAT_GGUF,        /* a GGUF block quantization: Q4_K_M, Q8_0, IQ3_XS … */
  RIG_QUANT_FORMAT_GGUF_FLOAT,  /* GGUF holding 16- or 32-bit floats: F16, BF16, F32 */
  RIG_QUANT_FORMAT_BNB,
  RIG_QUANT_FORMAT_MLX,
  RIG_QUANT_FORMAT_OTHER,       /* gptq, awq, fp8, exl2 … and any other */
} RigQuantFormat;

typedef struct
{
  char   *id;                 /* as people write it: Q4_K_M, Q8_0, F16, NF4 */
  char   *name;
  char   *format;             /* gguf, bnb, gptq, awq, fp8, float, mlx, exl2 */
  double  bits_per_weight;
  char   *recipe;             /* TENSOR:QUANT[@FRACTION];… */
  char   *embed_quant;
  char   *source;
  RigQuantFormat format_read; /* not a column: rig_quant_format ()'s reading, kept */
} RigQuant;

const RigTable *rig_model_table (void);
const RigTable *rig_quant_table (void);

RigModel *rig_model_new  (void);
void      rig_model_free (RigModel *model);

/* Whether the model uses multi-head latent attention (DeepSeek-V2/V3): "mla", spelled out, as
 * the engine asks it of every workload on every plan. */
static inline gboolean
rig_model_is_mla (const RigModel *m)
{
  const char *a = m->attention;

  return a != NULL && a[0] == 'm' && a[1] == 'l' && a[2] == 'a' && a[3] == '\0';
}

/* Whether the model is a drafter (RigModel.mtp_drafter): it drafts for another model and is not
 * planned on its own. */
static inline gboolean
rig_model_is_drafter (const RigModel *m)
{
  return rig_str_is (m->modality, "drafter");
}

/* Whether the model is a language model ("llm"; unset counts as one), as the engine asks of every
 * workload on every plan. */
static inline gboolean
rig_model_is_llm (const RigModel *m)
{
  const char *s = m->modality;

  return s == NULL || (s[0] == 'l' && s[1] == 'l' && s[2] == 'm' && s[3] == '\0');
}

/* Layers of linear attention (a hybrid such as Qwen3.5), which keep no KV cache and do the same
 * work at any context; 0 for a model without them. */
static inline double
rig_model_linear_attention_layers (const RigModel *m)
{
  return m->linear_layers > 0 ? m->linear_layers : 0;   /* NAN compares false: unknown is 0 */
}

/* Layers that keep only a window of tokens in llama.cpp and mlx-lm: those of a model that
 * interleaves sliding and global layers (llama.cpp's iswa cache, mlx-lm's RotatingKVCache). A
 * model whose every layer slides, Mistral 7B v0.1, runs in both as a Llama model (GGUF
 * architecture llama; mlx_lm/models/llama.py, all layers "full_attention" without layer_types)
 * and keeps every token. */
static inline double
rig_model_windowed_layers (const RigModel *m)
{
  double swa = RIG_IS_KNOWN (m->swa_layers) ? m->swa_layers : 0;

  return RIG_IS_KNOWN (m->sliding_window) && swa < m->layers ? swa : 0;
}

/* Whether @m is a mixture of experts that reads only some of them per token. */
static inline gboolean
rig_model_is_moe (const RigModel *m)
{
  return RIG_IS_KNOWN (m->experts) && RIG_IS_KNOWN (m->experts_active) && m->experts_active < m->experts;
}

/* The matrices a routed expert is stored as: the catalog's, else 3 (gate, up, down). */
static inline double
rig_model_matrices_per_expert (const RigModel *m)
{
  return RIG_IS_KNOWN (m->matrices_per_expert) ? m->matrices_per_expert : 3;
}

/* Parameters in one of an expert's matrices (up, gate, down; on average where gate and up are one
 * matrix), from the experts' total; NAN when the catalog lacks it. */
static inline double
rig_model_expert_matrix_params (const RigModel *m)
{
  if (RIG_IS_KNOWN (m->expert_params_b) && RIG_IS_KNOWN (m->layers) && RIG_IS_KNOWN (m->experts) &&
      m->layers > 0 && m->experts > 0)
    return m->expert_params_b * 1e9 / (m->layers * m->experts * rig_model_matrices_per_expert (m));
  if (RIG_IS_KNOWN (m->hidden_size) && RIG_IS_KNOWN (m->intermediate_size))
    return m->hidden_size * m->intermediate_size;
  return NAN;
}

/* Size of one attention head: the catalog's, or the hidden size shared among the heads. */
static inline double
rig_model_head_dim (const RigModel *m)
{
  return RIG_IS_KNOWN (m->head_dim) ? m->head_dim : m->hidden_size / m->heads;
}

/* Size of a head and number of KV heads in a full-attention layer: Gemma 4's global layers'
 * own, elsewhere the model's. */
static inline double
rig_model_full_head_dim (const RigModel *m)
{
  return RIG_IS_KNOWN (m->global_head_dim) ? m->global_head_dim : rig_model_head_dim (m);
}

static inline double
rig_model_full_kv_heads (const RigModel *m)
{
  return RIG_IS_KNOWN (m->global_kv_heads) ? m->global_kv_heads : m->kv_heads;
}

/* Whether the full-attention layers are shaped apart from the windowed ones (Gemma 4). */
static inline gboolean
rig_model_full_layers_apart (const RigModel *m)
{
  return RIG_IS_KNOWN (m->global_head_dim) || RIG_IS_KNOWN (m->global_kv_heads);
}

/* Width of the feed-forward part one token runs through: its active experts' for a mixture of
 * experts, 4 x hidden where the catalog has no intermediate size. */
static inline double
rig_model_ffn_width (const RigModel *m)
{
  double ff = RIG_IS_KNOWN (m->intermediate_size) ? m->intermediate_size : 4 * m->hidden_size;

  return RIG_IS_KNOWN (m->experts_active) ? ff * m->experts_active : ff;
}
/* @model's multi-token prediction modules as a model of their own, to draft for it; NULL when
 * the catalog records none. */
RigModel *rig_model_new_mtp (const RigModel *model);
RigQuant *rig_quant_new  (void);
void      rig_quant_free (RigQuant *quant);

/* A count of the models and quantizations freed, and of those changed in place and said so with
 * rig_model_changed () or rig_quant_changed (). A lean report's memo (rig-memo.h) trusts the
 * records a workload points to while it stays the same: a record changed in place after a lean
 * report has planned it must be said changed before that report plans it again. */
guint     rig_model_records_generation (void);
void      rig_model_changed            (RigModel *model);
void      rig_quant_changed            (RigQuant *quant);

gboolean  rig_quant_id_is_valid (const char *id);
/* @quant's format as an enum, read from its text once and kept with it (a plan asks for it
 * many times); RIG_QUANT_FORMAT_FLOAT for NULL, as a workload without a quantization has
 * 16-bit weights. */
RigQuantFormat rig_quant_format_read (const RigQuant *quant);

/* What @quant's format is; the engine asks it dozens of times per evaluation, so the kept
 * reading is returned without a call. */
static inline RigQuantFormat
rig_quant_format (const RigQuant *quant)
{
  RigQuantFormat format;

  if (quant == NULL)
    return RIG_QUANT_FORMAT_FLOAT;
  format = (RigQuantFormat) g_atomic_int_get ((const int *) &quant->format_read);
  return G_LIKELY (format != RIG_QUANT_FORMAT_UNREAD) ? format : rig_quant_format_read (quant);
}

/* Whether a GGUF file can hold tensors of @format: its block types and 16- or 32-bit floats,
 * not bitsandbytes' NF4 or an AWQ layer. */
static inline gboolean
rig_quant_format_in_gguf (RigQuantFormat format)
{
  return format == RIG_QUANT_FORMAT_GGUF || format == RIG_QUANT_FORMAT_GGUF_FLOAT ||
         format == RIG_QUANT_FORMAT_FLOAT;
}

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
