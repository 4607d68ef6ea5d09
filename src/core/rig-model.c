/* rig-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rig-i18n.h"
#include "rig-model.h"

#define M(member) G_STRUCT_OFFSET (RigModel, member)
#define Q(member) G_STRUCT_OFFSET (RigQuant, member)
#define REQ RIG_FIELD_REQUIRED

static const char * const modalities[] = { "llm", "diffusion", "asr", "embedding", "vision", "drafter",
                                            NULL };
static const char * const attentions[] = { "mha", "gqa", "mla", NULL };
static const char * const quant_formats[] = {
  "gguf", "bnb", "gptq", "awq", "fp8", "float", "mlx", "exl2", NULL
};

static gboolean
check_recipe (const char *text,
              GError    **error)
{
  g_autoptr(GArray) items = rig_recipe_parse (text, error);
  return items != NULL;
}

static gboolean
check_quant_id (const char *text,
                GError    **error)
{
  if (!rig_quant_id_is_valid (text))
    {
      g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
                   "“%s” is not a quantization name (letters, digits, “_”, “-” and “.”)", text);
      return FALSE;
    }
  return TRUE;
}

static const RigField model_fields[] = {
  { "id", RIG_FIELD_ID, REQ, 0, 0, NULL, NULL, M (id), N_("Id") },
  { "name", RIG_FIELD_TEXT, REQ, 0, 0, NULL, NULL, M (name), N_("Name") },
  { "family", RIG_FIELD_TEXT, REQ, 0, 0, NULL, NULL, M (family), N_("Family") },
  { "modality", RIG_FIELD_ENUM, REQ, 0, 0, modalities, NULL, M (modality), N_("Modality") },
  { "params_b", RIG_FIELD_NUMBER, REQ, 0.01, 5000, NULL, NULL, M (params_b), N_("Parameters (B)") },
  { "active_params_b", RIG_FIELD_NUMBER, 0, 0.01, 5000, NULL, NULL, M (active_params_b),
    N_("Active parameters (B)") },
  { "layers", RIG_FIELD_INTEGER, 0, 1, 512, NULL, NULL, M (layers), N_("Layers") },
  { "hidden_size", RIG_FIELD_INTEGER, 0, 64, 65536, NULL, NULL, M (hidden_size), N_("Hidden size") },
  { "intermediate_size", RIG_FIELD_INTEGER, 0, 64, 262144, NULL, NULL, M (intermediate_size),
    N_("FFN size") },
  { "heads", RIG_FIELD_INTEGER, 0, 1, 1024, NULL, NULL, M (heads), N_("Attention heads") },
  { "kv_heads", RIG_FIELD_INTEGER, 0, 1, 1024, NULL, NULL, M (kv_heads), N_("KV heads") },
  { "head_dim", RIG_FIELD_INTEGER, 0, 16, 1024, NULL, NULL, M (head_dim), N_("Head dimension") },
  { "vocab", RIG_FIELD_INTEGER, 0, 1000, 1000000, NULL, NULL, M (vocab), N_("Vocabulary") },
  { "context_max", RIG_FIELD_INTEGER, 0, 64, 20000000, NULL, NULL, M (context_max),
    N_("Max context (tokens)") },
  { "attention", RIG_FIELD_ENUM, 0, 0, 0, attentions, NULL, M (attention), N_("Attention") },
  { "sliding_window", RIG_FIELD_INTEGER, 0, 16, 1000000, NULL, NULL, M (sliding_window),
    N_("Sliding window (tokens)") },
  { "swa_layers", RIG_FIELD_INTEGER, 0, 0, 512, NULL, NULL, M (swa_layers),
    N_("Sliding-window layers") },
  { "global_kv_heads", RIG_FIELD_INTEGER, 0, 1, 1024, NULL, NULL, M (global_kv_heads),
    N_("KV heads, full-attention layers") },
  { "global_head_dim", RIG_FIELD_INTEGER, 0, 16, 1024, NULL, NULL, M (global_head_dim),
    N_("Head dimension, full-attention layers") },
  { "global_k_eq_v", RIG_FIELD_BOOL, 0, 0, 0, NULL, NULL, M (global_k_eq_v),
    N_("Full-attention layers take values from keys") },
  { "kv_lora_rank", RIG_FIELD_INTEGER, 0, 16, 8192, NULL, NULL, M (kv_lora_rank),
    N_("MLA KV rank") },
  { "qk_rope_dim", RIG_FIELD_INTEGER, 0, 8, 1024, NULL, NULL, M (qk_rope_dim),
    N_("MLA RoPE dimension") },
  { "linear_layers", RIG_FIELD_INTEGER, 0, 0, 512, NULL, NULL, M (linear_layers),
    N_("Linear-attention layers") },
  { "linear_key_heads", RIG_FIELD_INTEGER, 0, 1, 1024, NULL, NULL, M (linear_key_heads),
    N_("Linear-attention key heads") },
  { "linear_value_heads", RIG_FIELD_INTEGER, 0, 1, 1024, NULL, NULL, M (linear_value_heads),
    N_("Linear-attention value heads") },
  { "linear_head_dim", RIG_FIELD_INTEGER, 0, 16, 1024, NULL, NULL, M (linear_head_dim),
    N_("Linear-attention head dimension") },
  { "experts", RIG_FIELD_INTEGER, 0, 1, 1024, NULL, NULL, M (experts), N_("Experts") },
  { "experts_active", RIG_FIELD_INTEGER, 0, 1, 64, NULL, NULL, M (experts_active),
    N_("Active experts") },
  { "expert_params_b", RIG_FIELD_NUMBER, 0, 0.01, 5000, NULL, NULL, M (expert_params_b),
    N_("Expert parameters (B)") },
  { "experts_quant", RIG_FIELD_TEXT, 0, 0, 0, NULL, NULL, M (experts_quant),
    N_("Experts' quantization in every GGUF file") },
  { "matrices_per_expert", RIG_FIELD_INTEGER, 0, 2, 3, NULL, NULL, M (matrices_per_expert),
    N_("Matrices an expert is stored as") },
  { "shared_mlp_normed", RIG_FIELD_BOOL, 0, 0, 0, NULL, NULL, M (shared_mlp_normed),
    N_("Dense MLP beside the experts, normed apart") },
  { "tied_embeddings", RIG_FIELD_BOOL, 0, 0, 0, NULL, NULL, M (tied_embeddings),
    N_("Tied embeddings") },
  { "mtp_layers", RIG_FIELD_INTEGER, 0, 1, 16, NULL, NULL, M (mtp_layers),
    N_("Multi-token prediction modules") },
  { "mtp_params_b", RIG_FIELD_NUMBER, 0, 0.01, 1000, NULL, NULL, M (mtp_params_b),
    N_("Multi-token prediction parameters (B)") },
  { "mtp_own_head", RIG_FIELD_BOOL, 0, 0, 0, NULL, NULL, M (mtp_own_head),
    N_("Multi-token prediction head of its own") },
  { "mtp_drafter", RIG_FIELD_TEXT, 0, 0, 0, NULL, NULL, M (mtp_drafter),
    N_("Multi-token prediction drafter") },
  { "attn_softcap", RIG_FIELD_NUMBER, 0, 1, 1000, NULL, NULL, M (attn_softcap),
    N_("Attention score cap") },
  { "experts_used_512", RIG_FIELD_NUMBER, 0, 0.01, 1, NULL, NULL, M (experts_used_512),
    N_("Share of the experts a 512-token batch uses") },
  { "source", RIG_FIELD_TEXT, REQ, 0, 0, NULL, NULL, M (source), N_("Source") },
};

static const RigField quant_fields[] = {
  { "id", RIG_FIELD_TEXT, REQ, 0, 0, NULL, check_quant_id, Q (id), N_("Id") },
  { "name", RIG_FIELD_TEXT, REQ, 0, 0, NULL, NULL, Q (name), N_("Name") },
  { "format", RIG_FIELD_ENUM, REQ, 0, 0, quant_formats, NULL, Q (format), N_("Format") },
  { "bits_per_weight", RIG_FIELD_NUMBER, REQ, 1, 32, NULL, NULL, Q (bits_per_weight),
    N_("Bits per weight") },
  { "recipe", RIG_FIELD_TEXT, 0, 0, 0, NULL, check_recipe, Q (recipe), N_("Per-tensor recipe") },
  { "embed_quant", RIG_FIELD_TEXT, 0, 0, 0, NULL, check_quant_id, Q (embed_quant),
    N_("Embedding quantization") },
  { "source", RIG_FIELD_TEXT, REQ, 0, 0, NULL, NULL, Q (source), N_("Source") },
};

static const RigTable model_table = {
  "models", model_fields, G_N_ELEMENTS (model_fields), sizeof (RigModel)
};
static const RigTable quant_table = {
  "quants", quant_fields, G_N_ELEMENTS (quant_fields), sizeof (RigQuant)
};

const RigTable *
rig_model_table (void)
{
  return &model_table;
}

const RigTable *
rig_quant_table (void)
{
  return &quant_table;
}

RigModel *
rig_model_new (void)
{
  RigModel *model = g_new0 (RigModel, 1);
  rig_table_record_init (&model_table, model);
  return model;
}

static gint records_generation;   /* rig_model_records_generation () */

guint
rig_model_records_generation (void)
{
  return (guint) g_atomic_int_get (&records_generation);
}

void
rig_model_changed (RigModel *model)
{
  g_return_if_fail (model != NULL);
  g_atomic_int_inc (&records_generation);
}

void
rig_quant_changed (RigQuant *quant)
{
  g_return_if_fail (quant != NULL);
  g_atomic_int_inc (&records_generation);
}

void
rig_model_free (RigModel *model)
{
  if (model == NULL)
    return;
  /* Another record may be made where this one was: a memo must not take it for this one. */
  g_atomic_int_inc (&records_generation);
  rig_table_record_clear (&model_table, model);
  g_free (model);
}

/* A prediction module (DeepSeek-V3 technical report, arXiv 2412.19437 §2.2; the checkpoint's
 * layer 61; Qwen3-Next's and Qwen3.5's mtp.* weights): a projection of the hidden state and the
 * next token's embedding, one transformer block like the model's (an MoE layer in a mixture of
 * experts), and the output head. DeepSeek-V3 stores its own copies of the embedding and the head;
 * Qwen's modules use the model's (vLLM qwen3_next_mtp.py, Qwen3NextMTP: embed_tokens and lm_head
 * shared with the target), so the draft's memory leaves the head out while each drafted token
 * still reads it (rig_memory_draft_bytes ()). Drafting a token runs the block: the experts of a
 * layer of the model, the router's share of them, and the head over the vocabulary. */
RigModel *
rig_model_new_mtp (const RigModel *model)
{
  RigModel *mtp;
  double experts = NAN, embed;

  g_return_val_if_fail (model != NULL, NULL);
  if (!RIG_IS_KNOWN (model->mtp_layers) || model->mtp_layers < 1 || !RIG_IS_KNOWN (model->mtp_params_b))
    return NULL;
  mtp = rig_table_record_dup (&model_table, model);
  g_free (mtp->id);
  g_free (mtp->name);
  mtp->id = g_strconcat (model->id, "-mtp", NULL);
  /* Translators: %s is a model's name; the multi-token prediction module drafts for it */
  mtp->name = g_strdup_printf (_("%s multi-token prediction"), model->name);
  mtp->layers = model->mtp_layers;
  /* Its block attends over the whole context, also in a model of linear-attention layers. */
  mtp->linear_layers = NAN;
  mtp->params_b = model->mtp_params_b;
  embed = RIG_IS_KNOWN (model->vocab) && RIG_IS_KNOWN (model->hidden_size)
            ? model->vocab * model->hidden_size / 1e9 : 0;
  if (model->mtp_own_head != 1)
    {
      /* The model's head, once: tied, it is read for every drafted token. */
      mtp->params_b += embed;
      mtp->tied_embeddings = 1;
    }
  if (RIG_IS_KNOWN (model->experts) && RIG_IS_KNOWN (model->hidden_size) &&
      RIG_IS_KNOWN (model->intermediate_size))
    {
      /* gate, up and down of every routed expert, one block a module */
      experts = mtp->layers * model->experts * 3 * model->hidden_size * model->intermediate_size / 1e9;
      if (experts >= mtp->params_b)
        experts = NAN;
    }
  mtp->expert_params_b = experts;
  /* An embedding of its own is only looked up; a shared head is read. */
  mtp->active_params_b = mtp->params_b - (model->mtp_own_head == 1 ? embed : 0) -
                         (RIG_IS_KNOWN (experts) && RIG_IS_KNOWN (model->experts_active)
                            ? experts * (1 - model->experts_active / model->experts) : 0);
  if (!(mtp->active_params_b > 0))
    mtp->active_params_b = mtp->params_b;
  mtp->mtp_layers = NAN;
  mtp->mtp_params_b = NAN;
  mtp->mtp_own_head = model->mtp_own_head;
  g_clear_pointer (&mtp->mtp_drafter, g_free);
  return mtp;
}

RigQuant *
rig_quant_new (void)
{
  RigQuant *quant = g_new0 (RigQuant, 1);
  rig_table_record_init (&quant_table, quant);
  return quant;
}

void
rig_quant_free (RigQuant *quant)
{
  if (quant == NULL)
    return;
  g_atomic_int_inc (&records_generation);
  rig_table_record_clear (&quant_table, quant);
  g_free (quant);
}

gboolean
rig_quant_id_is_valid (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 32)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

static void
recipe_item_clear (gpointer data)
{
  RigRecipeItem *item = data;
  g_free (item->tensor);
  g_free (item->quant);
}

GArray *
rig_recipe_parse (const char *text,
                  GError    **error)
{
  static const char * const tensors[] = {
    "default", "attn_q", "attn_k", "attn_v", "attn_qkv", "attn_output", "ffn_up", "ffn_gate",
    "ffn_down", "ffn_down_exps", "ffn_up_exps", "ffn_gate_exps", "output", "token_embd", NULL
  };
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (RigRecipeItem));
  g_auto(GStrv) parts = g_strsplit (text, ";", -1);

  g_array_set_clear_func (items, recipe_item_clear);

  for (guint i = 0; parts[i]; i++)
    {
      RigRecipeItem item = { NULL, NULL, 1.0 };
      char *colon = strchr (parts[i], ':');
      char *at;

      if (colon == NULL)
        goto bad;
      *colon = '\0';
      if (!g_strv_contains (tensors, parts[i]))
        {
          g_autofree char *names = g_strjoinv (", ", (char **) tensors);
          g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
                       /* Translators: the first %s is what was typed, the second the list of
                        * the tensor names a recipe may give (llama.cpp's, left as they are) */
                       _("“%s” is not a tensor name (%s)"), parts[i], names);
          return NULL;
        }
      if ((at = strchr (colon + 1, '@')) != NULL)
        {
          char *end = NULL;

          *at = '\0';
          item.fraction = g_ascii_strtod (at + 1, &end);
          if (*end != '\0' || !(item.fraction > 0 && item.fraction <= 1))
            goto bad;
        }
      if (!rig_quant_id_is_valid (colon + 1))
        goto bad;
      item.tensor = g_strdup (parts[i]);
      item.quant = g_strdup (colon + 1);
      g_array_append_val (items, item);
    }
  return g_steal_pointer (&items);

bad:
  g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
               /* Translators: %s is a recipe as typed; TENSOR, QUANT and FRACTION name its parts */
               _("“%s” does not read as “TENSOR:QUANT[@FRACTION];…”"), text);
  return NULL;
}

static RigQuantFormat
read_format (const RigQuant *quant)
{
  const char *format = quant->format ? quant->format : "float";
  const char *id = quant->id;

  if (g_str_equal (format, "float"))
    return RIG_QUANT_FORMAT_FLOAT;
  if (g_str_equal (format, "gguf"))
    return id && (g_str_equal (id, "F16") || g_str_equal (id, "BF16") || g_str_equal (id, "F32"))
             ? RIG_QUANT_FORMAT_GGUF_FLOAT : RIG_QUANT_FORMAT_GGUF;
  if (g_str_equal (format, "bnb"))
    return RIG_QUANT_FORMAT_BNB;
  if (g_str_equal (format, "mlx"))
    return RIG_QUANT_FORMAT_MLX;
  return RIG_QUANT_FORMAT_OTHER;
}

RigQuantFormat
rig_quant_format_read (const RigQuant *quant)
{
  RigQuantFormat format = read_format (quant);

  /* Reading twice from two threads writes the same value twice: no lock needed. */
  g_atomic_int_set ((int *) &((RigQuant *) quant)->format_read, format);
  return format;
}
