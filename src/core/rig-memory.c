/* rig-memory.c: memory per workload and its placement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-calibration.h"
#include "rig-i18n.h"
#include "rig-memo.h"
#include "rig-memory.h"
#include "rig-printf.h"
#include "rig-text.h"

const char *
rig_fit_to_string (RigFit fit)
{
  static const char * const names[] = { "gpu", "offload", "cpu", "none", "unknown" };
  return names[fit];
}

const char *
rig_fit_describe (RigFit fit)
{
  static const char * const texts[] = {
    N_("fits in GPU memory"), N_("fits with offload to system memory"), N_("runs on the CPU"),
    N_("does not fit"), N_("not checked")
  };
  return _(texts[MIN (fit, G_N_ELEMENTS (texts) - 1)]);
}

const char *
rig_fit_title (RigFit fit)
{
  static const char * const titles[] = {
    N_("Fits in GPU memory"), N_("Fits with offload to system memory"), N_("Runs on the CPU"),
    N_("Does not fit"), N_("Not checked")
  };
  return _(titles[MIN (fit, G_N_ELEMENTS (titles) - 1)]);
}

static double
known_or (double value,
          double fallback)
{
  return RIG_IS_KNOWN (value) ? value : fallback;
}

static gboolean
has_architecture (const RigModel *m)
{
  /* One NAN among them makes the sum NAN: one test for five, on every plan's hot path. */
  return RIG_IS_KNOWN (m->layers + m->hidden_size + m->heads + m->kv_heads + m->vocab);
}

/* Splits the model's parameters into the groups a quantization recipe treats differently.
 * Embedding, output and attention sizes follow from the architecture; what remains of the
 * published total is the feed-forward part (dense or shared), so the split always adds up to
 * the model's real parameter count. */
static void
param_split (const RigModel *m,
             RigParamSplit  *s)
{
  double total = m->params_b * 1e9;
  double experts = 0, rest, linear;

  memset (s, 0, sizeof *s);
  if (!has_architecture (m))
    {
      s->ffn_rest = total;
      return;
    }

  s->embed = m->vocab * m->hidden_size;
  s->output = m->tied_embeddings == 1 ? 0 : m->vocab * m->hidden_size;
  linear = rig_model_linear_attention_layers (m);

  if (!rig_model_is_mla (m))
    {
      /* Windowed and full-attention layers, which differ in Gemma 4: its full layers' heads are
       * wider, their KV heads fewer, and they have no value projection. */
      double hd = rig_model_head_dim (m), attention = m->layers - linear;
      double full = rig_model_full_layers_apart (m) ? attention - rig_model_windowed_layers (m) : 0;
      double q = m->hidden_size * m->heads * ((attention - full) * hd + full * rig_model_full_head_dim (m));
      double k_window = (attention - full) * m->hidden_size * m->kv_heads * hd;
      double k_full = full * m->hidden_size * rig_model_full_kv_heads (m) * rig_model_full_head_dim (m);

      s->attn_rest = q + k_window + k_full;
      s->attn_v = k_window + (m->global_k_eq_v == 1 ? 0 : k_full);
      s->attn_o = q;
    }
  if (linear > 0 && RIG_IS_KNOWN (m->linear_head_dim) &&
      RIG_IS_KNOWN (m->linear_key_heads) && RIG_IS_KNOWN (m->linear_value_heads))
    {
      /* Gated DeltaNet (transformers Qwen3NextGatedDeltaNet): in_proj_qkvz to q, k, v and the
       * gate z, in_proj_ba to two scalars a value head, the convolution over q, k and v, and
       * out_proj back from the values. */
      double k = m->linear_key_heads * m->linear_head_dim;
      double v = m->linear_value_heads * m->linear_head_dim;

      s->attn_rest += linear * (m->hidden_size * (2 * k + 2 * v + 2 * m->linear_value_heads) +
                                RIG_LINEAR_CONV_KERNEL * (2 * k + v));
      s->attn_o += linear * v * m->hidden_size;
    }

  if (RIG_IS_KNOWN (m->expert_params_b))
    experts = m->expert_params_b * 1e9;
  else if (RIG_IS_KNOWN (m->experts) && RIG_IS_KNOWN (m->intermediate_size))
    experts = m->layers * m->experts * 3 * m->hidden_size * m->intermediate_size;

  rest = total - s->embed - s->output - s->attn_rest - s->attn_v - s->attn_o - experts;
  if (rest < 0)
    {
      /* The published total is smaller than the architecture implies (rounded figures):
       * trust the total and shrink the groups in proportion. */
      double sum = total - rest;
      double scale = total / sum;

      s->embed *= scale;
      s->output *= scale;
      s->attn_rest *= scale;
      s->attn_v *= scale;
      s->attn_o *= scale;
      experts *= scale;
      rest = 0;
    }

  /* gate, up and down projections are the same size: down is a third of each FFN. */
  s->ffn_down = rest / 3.0;
  s->ffn_rest = rest - s->ffn_down;
  s->experts_down = experts / 3.0;
  s->experts_rest = experts - s->experts_down;
}

static double
bits_or_16 (const RigWorkload *w,
            RigTensor          t)
{
  return known_or (w->bits[t], 16.0);
}

/* The token embedding's bits. A GGUF file of a model that ties its head to the embedding
 * stores that one matrix at the output's type (llama-quant.cpp: "for arches that share the same
 * tensor between the token embeddings and the output, we quantize the token embeddings with the
 * quantization of the output tensor"). */
static double
embed_bits (const RigWorkload *w)
{
  RigQuantFormat format = rig_quant_format (w->quant);

  if (w->model->tied_embeddings == 1 &&
      (format == RIG_QUANT_FORMAT_GGUF || format == RIG_QUANT_FORMAT_GGUF_FLOAT))
    return bits_or_16 (w, RIG_TENSOR_OUTPUT);
  return bits_or_16 (w, RIG_TENSOR_EMBED);
}

/* The experts' weights; static, so that the engine's own callers on the hot path can have it
 * inlined, which the exported rig_memory_experts_bytes () cannot be in a position-independent
 * library. */
static double
experts_bytes (const RigWorkload   *w,
               const RigParamSplit *s)
{
  return s->experts_down + s->experts_rest > 0
           ? (s->experts_down * bits_or_16 (w, RIG_TENSOR_EXPERTS_DOWN) +
              s->experts_rest * bits_or_16 (w, RIG_TENSOR_EXPERTS)) / 8
           : 0;
}

double
rig_memory_weights_bytes (const RigWorkload *w,
                          RigParamSplit     *split_out)
{
  RigParamSplit s;
  double bytes;

  if (w->model == NULL)
    return NAN;
  param_split (w->model, &s);
  bytes = (s.embed * embed_bits (w) +
           s.output * bits_or_16 (w, RIG_TENSOR_OUTPUT) +
           s.attn_v * bits_or_16 (w, RIG_TENSOR_ATTN_V) +
           s.attn_o * bits_or_16 (w, RIG_TENSOR_ATTN_OUTPUT) +
           s.ffn_down * bits_or_16 (w, RIG_TENSOR_FFN_DOWN) +
           (s.attn_rest + s.ffn_rest) * bits_or_16 (w, RIG_TENSOR_DEFAULT)) / 8.0 +
          experts_bytes (w, &s);
  /* A file whose size the user gives: every group of tensors in proportion, as the split's
   * callers read its bytes from these counts at the recipe's bits. Inference only: training
   * counts gradients and optimizer state by the parameters themselves. */
  if (w->weights_gib > 0 && w->mode == RIG_MODE_INFERENCE && bytes > 0)
    {
      double scale = w->weights_gib * RIG_GIB / bytes;

      s.embed *= scale;
      s.output *= scale;
      s.attn_rest *= scale;
      s.attn_v *= scale;
      s.attn_o *= scale;
      s.ffn_down *= scale;
      s.ffn_rest *= scale;
      s.experts_down *= scale;
      s.experts_rest *= scale;
      bytes = w->weights_gib * RIG_GIB;
    }
  if (split_out)
    *split_out = s;
  return bytes;
}

double
rig_memory_experts_bytes (const RigWorkload   *w,
                          const RigParamSplit *s)
{
  return experts_bytes (w, s);
}

double
rig_memory_llamacpp_layers (const RigWorkload *w)
{
  const RigModel *m = w->model;
  gboolean mtp = w->llamacpp_file_keeps_mtp || rig_str_is (w->draft_model_id, RIG_DRAFT_MTP);

  if (m == NULL || !RIG_IS_KNOWN (m->layers))
    return NAN;
  return m->layers + (mtp && RIG_IS_KNOWN (m->mtp_layers) && m->mtp_layers > 0 ? m->mtp_layers : 0);
}

double
rig_memory_head_bytes (const RigWorkload *w)
{
  RigParamSplit s;

  if (w->model == NULL || isnan (rig_memory_weights_bytes (w, &s)))
    return NAN;
  return w->model->tied_embeddings == 1 ? s.embed * embed_bits (w) / 8
                                        : s.output * bits_or_16 (w, RIG_TENSOR_OUTPUT) / 8;
}

double
rig_memory_beyond_file_bytes (const RigWorkload       *w,
                              const RigWorkloadResult *r)
{
  double extra;

  if (w->mode != RIG_MODE_INFERENCE || w->weights_gib <= 0 || w->model == NULL ||
      w->model->tied_embeddings != 1 || r->runtime != RIG_RUNTIME_LLAMA_CPP)
    return 0;
  /* Where the output layer sits with the embedding (one device, unified memory) nothing is
   * loaded twice, and the weights are the file. */
  extra = (double) r->memory.terms[RIG_MEMORY_WEIGHTS] - w->weights_gib * RIG_GIB;
  return extra >= 0.005 * RIG_GIB ? extra : 0;
}

char *
rig_memory_describe_beyond_file (const RigWorkload       *w,
                                 const RigWorkloadResult *r)
{
  double copy = rig_memory_beyond_file_bytes (w, r);

  if (copy <= 0)
    return NULL;
  /* Translators: the first %.2f is the weights file's size as the user gave it, the second what
   * the weights hold beyond it, both in GiB; llama.cpp loads a model's tied embedding twice */
  return rig_strdup_printf (_("the weights are the %.2f GiB file and %.2f GiB more, llama.cpp's "
                              "second copy of the tied embedding for the output layer"),
                            w->weights_gib, copy / RIG_GIB);
}

static double
kv_element_bytes (const RigWorkload *w)
{
  switch (w->kv_cache)
    {
    case RIG_KV_CACHE_Q8_0:
      return RIG_KV_BYTES_Q8_0;
    case RIG_KV_CACHE_Q4_0:
      return RIG_KV_BYTES_Q4_0;
    case RIG_KV_CACHE_FP8:
      return RIG_KV_BYTES_FP8;
    case RIG_KV_CACHE_F16:
    case RIG_KV_CACHE_N:
    default:
      return RIG_KV_BYTES_F16;
    }
}

/* One token's keys and values in one sliding-window attention layer (@window) and in one
 * full-attention layer (@full). */
static void
kv_token_layer_bytes (const RigWorkload *w,
                      double            *window,
                      double            *full)
{
  const RigModel *m = w->model;
  double element = kv_element_bytes (w);

  if (RIG_IS_KNOWN (m->kv_lora_rank) && rig_model_is_mla (m))
    {
      /* MLA caches one compressed latent plus the RoPE key per layer (DeepSeek-V2 paper,
       * arXiv 2405.04434 §2.1.2; llama.cpp stores exactly this with MLA enabled). */
      *window = *full = (m->kv_lora_rank + known_or (m->qk_rope_dim, 0)) * element;
      return;
    }
  *window = 2.0 * m->kv_heads * rig_model_head_dim (m) * element;
  /* Gemma 4's global layers cache keys and values in their own shape; llama.cpp keeps both
   * tensors even where the values are the keys (a 31B log: "size = 10880.00 MiB (262144 cells,
   * 10 layers, 1/1 seqs), K (q8_0): 5440.00 MiB, V (q8_0): 5440.00 MiB", 4 heads of 512). */
  *full = rig_model_full_layers_apart (m)
            ? 2.0 * rig_model_full_kv_heads (m) * rig_model_full_head_dim (m) * element
            : *window;
}

double
rig_memory_linear_state_bytes (const RigModel *m)
{
  double d_state, d_inner, groups;

  if (m == NULL || !(rig_model_linear_attention_layers (m) > 0) || !RIG_IS_KNOWN (m->linear_head_dim) ||
      !RIG_IS_KNOWN (m->linear_value_heads) || !RIG_IS_KNOWN (m->linear_key_heads))
    return 0;
  d_state = m->linear_head_dim;
  d_inner = m->linear_value_heads * m->linear_head_dim;
  groups = m->linear_key_heads;
  return rig_model_linear_attention_layers (m) * RIG_LINEAR_STATE_BYTES *
         (d_state * d_inner + (RIG_LINEAR_CONV_KERNEL - 1) * (d_inner + 2 * groups * d_state));
}

double
rig_memory_kv_bytes (const RigWorkload *w,
                     double             context)
{
  const RigModel *m = w->model;
  double swa, window, window_bytes, full_bytes;

  if (m == NULL || !has_architecture (m))
    return 0;

  /* Sliding-window layers keep only the last `window` tokens; linear-attention layers keep
   * their state, the same size at any context. */
  swa = known_or (m->swa_layers, 0);
  window = known_or (m->sliding_window, context);
  kv_token_layer_bytes (w, &window_bytes, &full_bytes);
  return full_bytes * (m->layers - rig_model_linear_attention_layers (m) - swa) * context +
         window_bytes * swa * MIN (context, window) +
         rig_memory_linear_state_bytes (m);
}

RigRuntime
rig_memory_pick_runtime (const RigWorkload *w)
{
  if (w->runtime != RIG_RUNTIME_DEFAULT)
    return w->runtime;
  if (w->mode != RIG_MODE_INFERENCE)
    return RIG_RUNTIME_TRANSFORMERS;
  switch (rig_quant_format (w->quant))
    {
    case RIG_QUANT_FORMAT_FLOAT:
    case RIG_QUANT_FORMAT_GGUF:
    case RIG_QUANT_FORMAT_GGUF_FLOAT:
      return RIG_RUNTIME_LLAMA_CPP;
    case RIG_QUANT_FORMAT_MLX:
      return RIG_RUNTIME_MLX;
    case RIG_QUANT_FORMAT_BNB:
      return RIG_RUNTIME_TRANSFORMERS;
    case RIG_QUANT_FORMAT_UNREAD:
    case RIG_QUANT_FORMAT_OTHER:
    default:
      return RIG_RUNTIME_VLLM;
    }
}

/* Terms ---------------------------------------------------------------------------------- */

const char *
rig_memory_term_to_string (RigMemoryTerm term)
{
  static const char * const names[] = {
    "weights", "adapters", "kv_cache", "compute_buffer", "output_buffer", "prefill_activations",
    "saved_activations", "logits", "dequant_buffer", "gradients", "master_weights",
    "optimizer_state", "optimizer_temporaries", "runtime_context", "allocator_reserve",
    "cuda_graphs", "draft",
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (names) == RIG_MEMORY_TERM_N);

  return (guint) term < RIG_MEMORY_TERM_N ? names[term] : NULL;
}

const char *
rig_memory_term_describe (RigMemoryTerm term)
{
  static const char * const texts[] = {
    N_("weights"), N_("adapters"), N_("KV cache"), N_("compute buffer"), N_("output buffer"),
    N_("prefill activations"), N_("saved activations"), N_("logits"), N_("dequantization buffer"),
    N_("gradients"), N_("master weights"), N_("optimizer state"), N_("optimizer step"),
    N_("runtime context"), N_("allocator reserve"), N_("CUDA graphs"), N_("draft model"),
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (texts) == RIG_MEMORY_TERM_N);

  return (guint) term < RIG_MEMORY_TERM_N ? _(texts[term]) : NULL;
}

/* Books @terms @count times (once per GPU that holds them); returns their sum, once, as
 * sum_terms () would, in the same pass. */
static double
add_terms_times (RigWorkloadResult *r,
                 const double      *terms,
                 guint              count)
{
  double sum = 0;

  for (guint t = 0; t < RIG_MEMORY_TERM_N; t++)
    {
      sum += terms[t];
      if (terms[t] > 0)
        r->memory.terms[t] += rig_bytes_from_double (terms[t]) * count;
    }
  return sum;
}

static double
add_terms (RigWorkloadResult *r,
           const double      *terms)
{
  return add_terms_times (r, terms, 1);
}

static double
sum_terms (const double *terms)
{
  double sum = 0;

  for (guint t = 0; t < RIG_MEMORY_TERM_N; t++)
    sum += terms[t];
  return sum;
}

/* The charts' groups, and the total, from the terms. */
static void
breakdown_finish (RigMemoryBreakdown *m)
{
  const guint64 *t = m->terms;

  m->weights_bytes = t[RIG_MEMORY_WEIGHTS] + t[RIG_MEMORY_ADAPTERS] + t[RIG_MEMORY_DRAFT];
  m->kv_cache_bytes = t[RIG_MEMORY_KV_CACHE];
  m->activations_bytes = t[RIG_MEMORY_COMPUTE_BUFFER] + t[RIG_MEMORY_OUTPUT_BUFFER] +
                         t[RIG_MEMORY_PREFILL_ACTIVATIONS] + t[RIG_MEMORY_SAVED_ACTIVATIONS] +
                         t[RIG_MEMORY_LOGITS] + t[RIG_MEMORY_DEQUANT_BUFFER];
  m->gradients_bytes = t[RIG_MEMORY_GRADIENTS];
  m->optimizer_bytes = t[RIG_MEMORY_MASTER_WEIGHTS] + t[RIG_MEMORY_OPTIMIZER_STATE] +
                       t[RIG_MEMORY_OPTIMIZER_TEMPORARIES];
  m->overhead_bytes = t[RIG_MEMORY_RUNTIME_CONTEXT] + t[RIG_MEMORY_ALLOCATOR_RESERVE] +
                      t[RIG_MEMORY_CUDA_GRAPHS];
  m->total_bytes = m->weights_bytes + m->kv_cache_bytes + m->activations_bytes +
                   m->gradients_bytes + m->optimizer_bytes + m->overhead_bytes;
}

static double
runtime_context_bytes (const RigDeviceSet *d)
{
  return d->unified ? RIG_UNIFIED_RUNTIME_BYTES : RIG_CUDA_CONTEXT_BYTES;
}

/* result_init () leaves this in reason[0] for probes, which skip formatting the reason. */
#define PROBE_MARK '\1'

static void G_GNUC_PRINTF (2, 3)
set_reason_text (RigWorkloadResult *r,
                 const char        *format,
                 ...)
{
  va_list args;

  va_start (args, format);
  rig_vsnprintf (r->reason, sizeof r->reason, format, args);
  va_end (args);
}

/* A probe for a suggestion, and a lean plan, need the fit, not the words: their reason's
 * arguments are not even evaluated. */
#define set_reason(r, ...) \
  G_STMT_START { \
    if ((r)->reason[0] != PROBE_MARK) \
      set_reason_text ((r), __VA_ARGS__); \
  } G_STMT_END

static double
gib (double bytes)
{
  return bytes / RIG_GIB;
}

static void
result_init (RigWorkloadResult  *r,
             const RigDeviceSet *d,
             gboolean            probe)
{
  memset (r, 0, G_STRUCT_OFFSET (RigWorkloadResult, reason));
  r->reason[0] = probe ? PROBE_MARK : '\0';
  r->fit = RIG_FIT_UNKNOWN;
  r->n_devices = d->n_gpus + 1;
  for (guint i = 0; i < d->n_gpus; i++)
    r->capacity_bytes[i] = d->gpus[i].capacity_bytes;
  r->capacity_bytes[d->n_gpus] = d->has_host ? d->host.capacity_bytes : 0;
  r->decode_tokens_per_s = NAN;
  r->decode_tokens_per_s_start = NAN;
  r->decode_tokens_per_s_end = NAN;
  r->prefill_tokens_per_s = NAN;
  r->prefill_tokens_per_s_measured[0] = r->prefill_tokens_per_s_measured[1] = NAN;
  r->load_seconds = NAN;
  r->kv_bytes = NAN;
  r->train_tokens_per_s = NAN;
  r->cpu_optimizer_params = 0;
  r->kv_pool_tokens = NAN;
  r->concurrent_sequences = NAN;
  r->serve_users = NAN;
  r->serve_queued = NAN;
  r->serve_max_users = NAN;
  r->serve_user_tokens_per_s = NAN;
  r->serve_total_tokens_per_s = NAN;
  r->serve_first_token_s = NAN;
  r->serve_max_users_at_target = NAN;
}

static guint64
gpu_capacity_sum (const RigDeviceSet *d)
{
  guint64 sum = 0;
  for (guint i = 0; i < d->n_gpus; i++)
    sum += d->gpus[i].capacity_bytes;
  return sum;
}

/* Inference ------------------------------------------------------------------------------ */

/* What a workload needs before it is placed (rig-memo.h). */
typedef RigMemoryNeed Need;

RigWorkloadMemo *
rig_workload_memo_new (void)
{
  return g_new0 (RigWorkloadMemo, 1);
}

void
rig_workload_memo_free (RigWorkloadMemo *memo)
{
  if (memo == NULL)
    return;
  g_free (memo->draft_model_id);
  g_free (memo);
}

static void
memo_keep (RigWorkloadMemo    *memo,
           const RigWorkload  *w,
           const RigDeviceSet *d)
{
  memo->valid = TRUE;
  memo->workload = *w;
  memo->generation = rig_model_records_generation ();
  memo->model = *w->model;
  if (w->quant != NULL)
    memo->quant = *w->quant;
  if (w->draft_model != NULL)
    memo->draft_model = *w->draft_model;
  if (w->draft_quant != NULL)
    memo->draft_quant = *w->draft_quant;
  if (g_strcmp0 (memo->draft_model_id, w->draft_model_id) != 0)
    {
      g_free (memo->draft_model_id);
      memo->draft_model_id = g_strdup (w->draft_model_id);
    }
  memo->unified = d->unified;
  memo->speed_valid = FALSE;
}

/* Whether @memo was worked out for @w on devices like @d. When it was not, it is kept for them
 * from now on, and the caller fills it. */
static gboolean
memo_take (RigWorkloadMemo    *memo,
           const RigWorkload  *w,
           const RigDeviceSet *d)
{
  if (memo->valid && memo->unified == d->unified && memcmp (&memo->workload, w, sizeof *w) == 0 &&
      g_strcmp0 (memo->draft_model_id, w->draft_model_id) == 0)
    {
      guint generation = rig_model_records_generation ();

      if (generation == memo->generation)
        return TRUE;
      if (memcmp (&memo->model, w->model, sizeof *w->model) == 0 &&
          (w->quant == NULL || memcmp (&memo->quant, w->quant, sizeof *w->quant) == 0) &&
          (w->draft_model == NULL || memcmp (&memo->draft_model, w->draft_model, sizeof *w->draft_model) == 0) &&
          (w->draft_quant == NULL || memcmp (&memo->draft_quant, w->draft_quant, sizeof *w->draft_quant) == 0))
        {
          memo->generation = generation;
          return TRUE;
        }
    }
  memo_keep (memo, w, d);
  return FALSE;
}

/* The KV cache a runtime allocates: @cells tokens per sequence on the global layers, at most
 * @window_cells on the windowed ones. */
static double
runtime_kv_bytes (const RigWorkload *w,
                  double             cells,
                  double             window_cells)
{
  const RigModel *m = w->model;
  double swa = rig_model_windowed_layers (m), full = m->layers - rig_model_linear_attention_layers (m) - swa;
  double window_bytes, full_bytes;

  kv_token_layer_bytes (w, &window_bytes, &full_bytes);
  return (full_bytes * full * cells +
          window_bytes * swa * MIN (cells, window_cells) +
          rig_memory_linear_state_bytes (m)) * w->batch;
}

static double
round_up (double value,
          double step)
{
  double q = value / step, whole;

  /* ceil () without a call into libm for the sizes a plan meets (a whole of 2^52 or more is
   * already whole; NAN goes to ceil ()). */
  if (!(fabs (q) < 4503599627370496.0))
    return ceil (q) * step;
  whole = (double) (gint64) q;
  return (whole < q ? whole + 1 : whole) * step;
}

/* llama.cpp's KV cache: the context rounded up, and on windowed layers the window and one
 * ubatch, rounded up the same (rig-calibration.h). */
static double
llamacpp_kv_bytes (const RigWorkload *w)
{
  double cells = round_up (w->context, RIG_LLAMACPP_CTX_PAD);
  double ub = MIN (cells * w->batch, rig_workload_ubatch (w));

  return runtime_kv_bytes (w, cells, round_up (known_or (w->model->sliding_window, 0) + ub,
                                               RIG_LLAMACPP_CTX_PAD));
}

/* llama.cpp's compute buffer, per device, as sched_reserve () sizes it (rig-calibration.h). */
static void
llamacpp_buffers (const RigWorkload *w,
                  Need              *need)
{
  const RigModel *m = w->model;
  double cells = round_up (w->context, RIG_LLAMACPP_CTX_PAD);
  double n_kv = cells * w->batch;
  double ub = MIN (n_kv, rig_workload_ubatch (w));
  double layer = ub * (rig_model_ffn_width (m) + RIG_LLAMACPP_FFN_HIDDEN_SHARE * m->hidden_size) * 4.0;
  double output = ub * (m->vocab + m->hidden_size) * 4.0;

  if (w->flash_attention)
    layer += n_kv * ub * 2.0;
  else
    layer += n_kv * ub * 4.0 + n_kv * m->heads * ub * 4.0;
  need->gpu[RIG_MEMORY_COMPUTE_BUFFER] = layer;
  need->last[RIG_MEMORY_COMPUTE_BUFFER] = MAX (0.0, output - layer);
  /* llama_context's output buffer: one f32 row of logits per sequence, in pinned host memory. */
  need->host = m->vocab * w->batch * 4.0;
}

/* mlx-lm's KV cache and working set (rig-calibration.h). Its generate loop empties the Metal
 * allocator's cache of freed buffers after every prefill step and every 256 tokens
 * (mx.clear_cache () in mlx_lm/generate.py generate_step ()), so that cache is left out; it
 * wires up to recommendedMaxWorkingSetSize (wired_limit ()), the system's gpu_usable_fraction. */
static void
mlx_buffers (const RigWorkload  *w,
             const RigDeviceSet *d,
             Need               *need)
{
  const RigModel *m = w->model;
  double step = MIN (w->context, RIG_MLX_PREFILL_STEP);

  need->kv = runtime_kv_bytes (w, round_up (w->context, RIG_MLX_KV_STEP),
                               known_or (m->sliding_window, 0) + step);
  need->gpu[RIG_MEMORY_PREFILL_ACTIVATIONS] = w->batch * step * RIG_MLX_STEP_BYTES_PER_TOKEN;
  /* Generation turns the last position of each sequence into f32 logits (generate_step ()
   * _step (): logits[:, -1, :], then logsumexp). */
  need->last[RIG_MEMORY_LOGITS] = w->batch * m->vocab * 4.0;
  need->gpu[RIG_MEMORY_RUNTIME_CONTEXT] = runtime_context_bytes (d);
}

/* Weights in the largest linear layer: the output head or an MLP projection. */
static double
largest_linear (const RigModel *m)
{
  double h = m->hidden_size;

  return MAX (m->vocab, known_or (m->intermediate_size, 4 * h)) * h;
}

/* PyTorch inference (transformers with sdpa, gpt-fast): the whole prompt goes through each layer
 * at once. Alive at the peak of a layer: the MLP's gate, up and their product (3 x ffn) and the
 * residual, normed input and attention output (4 x hidden), in 16-bit; without a fused kernel
 * the attention scores too, in 16-bit and again in fp32 for the softmax (transformers'
 * eager_attention_forward: softmax (dtype=torch.float32)). Generation keeps the logits of the
 * last token only (logits_to_keep), in fp32. */
static void
pytorch_buffers (const RigWorkload  *w,
                 const RigDeviceSet *d,
                 double              prompt,
                 Need               *need)
{
  const RigModel *m = w->model;
  double b = w->batch, h = m->hidden_size;
  double prefill = b * prompt * (3 * rig_model_ffn_width (m) + 4 * h) * 2.0;

  if (!w->flash_attention)
    prefill += b * m->heads * prompt * (double) w->context * (2.0 + 4.0);
  need->gpu[RIG_MEMORY_PREFILL_ACTIVATIONS] = prefill;
  need->gpu[RIG_MEMORY_RUNTIME_CONTEXT] = runtime_context_bytes (d);
  need->last[RIG_MEMORY_LOGITS] = b * m->vocab * 4.0;
  if (rig_quant_format (w->quant) == RIG_QUANT_FORMAT_BNB)
    /* bitsandbytes unpacks a 4/8-bit weight to 16-bit for a prompt's matmul, one at a time. */
    need->gpu[RIG_MEMORY_DEQUANT_BUFFER] = known_or (m->intermediate_size, 4 * h) * h * 2.0;
  if (rig_quant_format (w->quant) == RIG_QUANT_FORMAT_BNB && w->runtime == RIG_RUNTIME_LITGPT)
    /* LitGPT builds the model on the GPU, and Lightning's bitsandbytes plugin makes each linear
     * layer in 16-bit there and quantizes a half-precision copy of it
     * (lightning/fabric/plugins/precision/bitsandbytes.py _Linear4bit.__init__, _quantize_weight):
     * at the largest layer, two 16-bit copies of it are alive beside the weights quantized so far,
     * more than a prompt's unpacked weight. */
    need->gpu[RIG_MEMORY_DEQUANT_BUFFER] = MAX (need->gpu[RIG_MEMORY_DEQUANT_BUFFER],
                                                2 * largest_linear (m) * 2.0);
  if (d->unified)
    return;
  need->gpu[RIG_MEMORY_ALLOCATOR_RESERVE] = RIG_TORCH_RESERVE_FRACTION *
                                            (prefill + need->gpu[RIG_MEMORY_DEQUANT_BUFFER]);
  need->last[RIG_MEMORY_ALLOCATOR_RESERVE] = RIG_TORCH_RESERVE_FRACTION * need->last[RIG_MEMORY_LOGITS];
}

/* The runtime's own buffers, per device (vLLM's are worked out in place_vllm ()). */
static void
runtime_buffers (const RigWorkload  *w,
                 const RigDeviceSet *d,
                 RigRuntime          runtime,
                 Need               *need)
{
  if (!has_architecture (w->model))
    {
      need->gpu[RIG_MEMORY_RUNTIME_CONTEXT] = runtime_context_bytes (d);
      return;
    }
  switch (runtime)
    {
    case RIG_RUNTIME_TRANSFORMERS:
    case RIG_RUNTIME_TORCHTUNE:
    case RIG_RUNTIME_LITGPT:
      pytorch_buffers (w, d, w->context, need);
      break;
    case RIG_RUNTIME_MLX:
      mlx_buffers (w, d, need);
      break;
    case RIG_RUNTIME_VLLM:
    case RIG_RUNTIME_LLAMA_CPP:
    case RIG_RUNTIME_DEFAULT:
    case RIG_RUNTIME_N:
    default:
      if (runtime == RIG_RUNTIME_LLAMA_CPP)
        need->kv = llamacpp_kv_bytes (w);
      llamacpp_buffers (w, need);
      need->gpu[RIG_MEMORY_RUNTIME_CONTEXT] = runtime_context_bytes (d);
      break;
    }
}

/* llama.cpp runs a prompt's matmuls of the layers in system memory on the first GPU, copying
 * their weights over (RIG_LLAMACPP_OFFLOAD_MIN_BATCH); the scheduler allocates the copies as the
 * inputs of the layer's split, ahead of its work, so the compute buffer holds one layer's dense
 * weights beside the layer's own peak. Experts are copied as the batch uses them and take no
 * such slot: the MoE rows' buffers match without it. An ollama of April 2024 reserved 1705 MiB
 * for Llama 3 8B Q4_0 at 24576 tokens with half its layers in system memory, 89 MiB above the
 * all-GPU figure and one layer's 113 MiB of weights (ollama #4139). ggml-alloc frees a copy once
 * its split has run (ggml_gallocr_alloc_graph_impl: a parent is freed with its last child), so
 * on a card that also computes the output layer the copy shares the compute buffer with the
 * logits at the graph's end: of the two, the larger counts, and @shared, what the output
 * already adds there, is taken off. That copy goes to the first GPU, @fixed[0]; returns what it
 * adds. */
static double
add_weight_copy (const RigWorkload *w,
                 const Need        *need,
                 double             shared,
                 double            *fixed,
                 double            *free_sum,
                 double            *extras_sum)
{
  double copy;

  if (rig_workload_ubatch (w) < RIG_LLAMACPP_OFFLOAD_MIN_BATCH || !(w->model->layers >= 1) ||
      w->llamacpp_no_weight_copy)
    return 0;
  copy = MAX (0.0, MAX (0.0, need->layers - need->experts) / w->model->layers - shared);
  fixed[0] += copy;
  *extras_sum += copy;
  *free_sum = MAX (0.0, *free_sum - copy);
  return copy;
}

/* Part of the model runs from system memory: llama.cpp does not pipeline, and keeps one copy of
 * each split's inputs. */
static void
drop_pipeline (double *fixed,
               guint   n,
               double *pipeline,
               double *free_sum,
               double *extras_sum)
{
  for (guint i = 0; i < n; i++)
    fixed[i] -= *pipeline;
  *free_sum += n * *pipeline;
  *extras_sum -= n * *pipeline;
  *pipeline = 0;
}

static void
place_layer_split (const RigWorkload  *w,
                   const RigDeviceSet *d,
                   RigRuntime          runtime,
                   const Need         *need,
                   RigWorkloadResult  *r)
{
  guint n = d->n_gpus, host = d->n_gpus;
  /* llama.cpp keeps the token embedding in host memory when there is any. */
  gboolean embed_on_host = runtime == RIG_RUNTIME_LLAMA_CPP && d->has_host;
  double fixed[RIG_MAX_GPUS], free_sum = 0, var = need->layers + need->kv + need->draft;
  double extras_sum = 0, host_need = embed_on_host ? need->embed : 0;
  /* Booked here: the terms only add up, and nothing below reads them. */
  double per_gpu = add_terms_times (r, need->gpu, n);
  double last = n > 0 ? add_terms (r, need->last) : sum_terms (need->last);
  double x = 0, y = 0;      /* shares of experts / of layers moved to system memory */
  double copy = 0;          /* a layer's weights copied to the first GPU for a prompt */
  double pipeline = 0;      /* each GPU's copies of its inputs for llama.cpp's pipeline */
  /* llama.cpp's -ngl and --n-cpu-moe where the workload fixes them. -ngl N counts the output
   * layer as the last of n + 1 and puts the last N on the GPUs (llama-model.cpp load_tensors:
   * i_gpu_start = max (n_layer_all + 1 - n_gpu_layers, 0), since PR #18148; n_layer_all counts
   * the multi-token-prediction layers a file keeps after the model's, rig_memory_llamacpp_layers
   * ()): the output layer first, then those, then the model's layers from the last. Before, the
   * last N layers went first (llamacpp_ngl_layers_first). --n-cpu-moe N keeps the experts of
   * layers 0..N-1 in host memory. */
  gboolean fixed_split = runtime == RIG_RUNTIME_LLAMA_CPP && (w->gpu_layers >= 0 || w->cpu_moe_layers > 0) &&
                         RIG_IS_KNOWN (w->model->layers) && w->model->layers >= 1;
  gboolean output_on_host = fixed_split && w->gpu_layers >= 0 &&
                            (w->llamacpp_ngl_layers_first
                               ? w->gpu_layers <= rig_memory_llamacpp_layers (w)
                               : w->gpu_layers == 0);

  /* Every layer on the GPUs, as llama.cpp's pipeline needs: the copies of each split's inputs
   * (RIG_LLAMACPP_SCHED_COPIES, inference_needs ()). Taken back below where layers go to system
   * memory. */
  if (n > 1 && !output_on_host)
    pipeline = need->pipeline;
  for (guint i = 0; i < n; i++)
    {
      fixed[i] = per_gpu + pipeline;
      if (i == n - 1)
        fixed[i] += (output_on_host ? 0 : need->output) + last;
      if (i == 0 && !embed_on_host)
        fixed[i] += need->embed;
      extras_sum += fixed[i];
      free_sum += MAX (0.0, rig_bytes_to_double (d->gpus[i].capacity_bytes) - fixed[i]);
    }
  if (d->has_host)
    {
      host_need += need->host;
      r->memory.terms[RIG_MEMORY_OUTPUT_BUFFER] += rig_bytes_from_double (need->host);
    }

  if (fixed_split)
    {
      double layers = w->model->layers;
      /* A file's multi-token-prediction layers come after the model's and go to the GPUs
       * first. */
      double nextn = rig_memory_llamacpp_layers (w) - layers;
      double set = (w->llamacpp_ngl_layers_first ? w->gpu_layers : w->gpu_layers - 1) - nextn;
      double on_gpus = w->gpu_layers >= 0 ? CLAMP (set, 0.0, layers) : layers;
      double host_layers = layers - on_gpus;
      double gpu_need, moved;

      y = host_layers / layers;
      if (need->experts > 0 && w->cpu_moe_layers > host_layers)
        x = (MIN ((double) w->cpu_moe_layers, layers) - host_layers) / layers;
      if (y > 0 || x > 0)
        drop_pipeline (fixed, n, &pipeline, &free_sum, &extras_sum);
      if (y > 0 && n > 0)
        copy = add_weight_copy (w, need,
                                n == 1 && !output_on_host ? need->last[RIG_MEMORY_COMPUTE_BUFFER]
                                                          : 0,
                                fixed, &free_sum, &extras_sum);
      gpu_need = var - x * need->experts - y * var;
      moved = x * need->experts + y * var + (output_on_host ? need->output : 0);
      host_need += moved;
      if (moved > 0 && !d->has_host)
        {
          r->fit = RIG_FIT_NONE;
          set_reason (r, _("the layers set to run from system memory need memory kits in the build"));
        }
      else if (gpu_need > free_sum)
        {
          r->fit = RIG_FIT_NONE;
          if (w->gpu_layers >= 0)
            /* Translators: %d is llama.cpp's -ngl as the workload sets it, the first %.1f the
             * memory it puts on the GPUs in GiB, the second what the GPUs have free for it in
             * GiB */
            set_reason (r, _("-ngl %d needs %.1f GiB on the GPUs; they have %.1f GiB free for it"),
                        w->gpu_layers, gib (gpu_need), gib (free_sum));
          else
            /* Translators: %u is llama.cpp's --n-cpu-moe as the workload sets it, the first
             * %.1f the memory it leaves on the GPUs in GiB, the second what the GPUs have free
             * for it in GiB */
            set_reason (r, _("--n-cpu-moe %u leaves %.1f GiB on the GPUs; they have %.1f GiB free "
                             "for it"),
                        w->cpu_moe_layers, gib (gpu_need), gib (free_sum));
        }
      else if (y > 0 || x > 0 || output_on_host)
        {
          r->fit = RIG_FIT_OFFLOAD;
          /* Translators: the first %.1f is the weights and cache set to run from system memory
           * in GiB, the second what the GPUs hold in GiB */
          set_reason (r, _("%.1f GiB runs from system memory as set; the GPUs hold %.1f GiB"),
                      gib (moved), gib (gpu_need + extras_sum));
        }
      else
        {
          r->fit = RIG_FIT_GPU;
          set_reason (r, g_dngettext (GETTEXT_PACKAGE, "%.1f GiB on %u GPU with %.1f GiB",
                                      "%.1f GiB on %u GPUs with %.1f GiB", n),
                      gib (var + extras_sum), n, gib (gpu_capacity_sum (d)));
        }
    }
  else if (var > free_sum)
    {
      if (!w->offload || !d->has_host)
        {
          r->fit = RIG_FIT_NONE;
          /* Translators: the first %.1f is the memory needed in GiB, the second the GPUs'
           * memory in GiB, %s why nothing is offloaded (“ (offloading to system memory is
           * turned off)”) */
          set_reason (r, _("needs %.1f GiB on the GPUs, which hold %.1f GiB%s"), gib (var + extras_sum),
                      gib (gpu_capacity_sum (d)),
                      w->offload ? _(" (no system memory in the build to offload to)")
                                 : _(" (offloading to system memory is turned off)"));
        }
      else if (need->experts > 0 && var - need->experts <= free_sum + n * pipeline)
        {
          drop_pipeline (fixed, n, &pipeline, &free_sum, &extras_sum);
          /* MoE: the experts go to system memory first (llama.cpp --n-cpu-moe / -ot exps=CPU):
           * attention and shared weights stay on the GPU, where every token needs them. */
          x = (var - free_sum) / need->experts;
          host_need += x * need->experts;
          r->fit = RIG_FIT_OFFLOAD;
          /* Translators: %.0f is the share of the experts in per cent, the first %.1f their
           * size in GiB, the second the GPUs' memory in GiB */
          set_reason (r, _("%.0f%% of the experts (%.1f GiB) run from system memory; the GPUs hold %.1f GiB"),
                      x * 100, gib (x * need->experts), gib (gpu_capacity_sum (d)));
        }
      else
        {
          drop_pipeline (fixed, n, &pipeline, &free_sum, &extras_sum);
          if (runtime == RIG_RUNTIME_LLAMA_CPP && n > 0)
            copy = add_weight_copy (w, need, n == 1 ? need->last[RIG_MEMORY_COMPUTE_BUFFER] : 0,
                                    fixed, &free_sum, &extras_sum);
          y = 1.0 - free_sum / var;
          host_need += y * var;
          r->fit = RIG_FIT_OFFLOAD;
          /* Translators: %.0f is the share of the layers in per cent, the first %.1f their
           * size in GiB, the second the GPUs' memory in GiB */
          set_reason (r, _("%.0f%% of the layers (%.1f GiB) run from system memory; the GPUs hold %.1f GiB"),
                      y * 100, gib (y * var), gib (gpu_capacity_sum (d)));
        }
    }
  else
    {
      r->fit = RIG_FIT_GPU;
      /* Translators: the first %.1f is the memory used in GiB, %u the number of GPUs, the
       * second %.1f their memory in GiB */
      set_reason (r, g_dngettext (GETTEXT_PACKAGE, "%.1f GiB on %u GPU with %.1f GiB",
                                  "%.1f GiB on %u GPUs with %.1f GiB", n),
                  gib (var + extras_sum), n, gib (gpu_capacity_sum (d)));
    }

  if (r->fit == RIG_FIT_OFFLOAD && host_need > d->host.capacity_bytes)
    {
      r->fit = RIG_FIT_NONE;
      /* Translators: the first %.1f is the system memory needed in GiB, the second the free
       * system memory in GiB */
      set_reason (r, _("needs %.1f GiB of system memory besides the GPUs; %.1f GiB is free after the "
                       "system's own share"), gib (host_need), gib (d->host.capacity_bytes));
    }

  /* Layers spread in proportion to free memory, as llama.cpp's default tensor split does. */
  for (guint i = 0; i < n; i++)
    {
      double free_i = MAX (0.0, rig_bytes_to_double (d->gpus[i].capacity_bytes) - fixed[i]);
      double share = free_sum > 0 ? free_i / free_sum : 1.0 / n;
      /* What did not fit went to system memory, even when that is too small as well: the GPUs
       * hold only their share, so the devices' bars add up to the total. Without offload it
       * all stays on the GPUs, past their capacity. */
      double on_gpu = (var - x * need->experts - y * var) * share;
      double layer_weights = (need->layers * (1 - y) - x * need->experts) * share;
      double kv_i = need->kv * (1 - y) * share;
      /* x and y are shares of all the experts and of all the layers: the experts left here are
       * those of neither. */
      double active_layer = layer_weights - (need->experts * MAX (0.0, 1 - x - y) * share) *
                                            (1 - need->experts_active_fraction);

      r->used_bytes[i] = rig_bytes_from_double (fixed[i] + on_gpu);
      r->read_bytes[i] = MAX (0.0, active_layer) + kv_i + (i == n - 1 && !output_on_host ? need->head : 0);
      r->expert_read_bytes[i] = need->experts * MAX (0.0, 1 - x - y) * share * need->experts_active_fraction;
      r->compute_share[i] = (1 - y) * share;
    }
  r->memory.terms[RIG_MEMORY_COMPUTE_BUFFER] += rig_bytes_from_double (copy + n * pipeline);
  r->used_bytes[host] = rig_bytes_from_double (host_need);
  r->read_bytes[host] = x * need->experts * need->experts_active_fraction +
                        y * (need->layers - need->experts * (1 - need->experts_active_fraction)) +
                        y * need->kv + (output_on_host ? need->head : 0);
  r->expert_read_bytes[host] = MIN (1.0, x + y) * need->experts * need->experts_active_fraction;
  r->compute_share[host] = y;
  /* An output layer left in system memory is not among them: a prompt needs logits for its last
   * token only, a batch too small to copy weights for, which the CPU multiplies (a 2024
   * -ngl sweep of Llama 3 8B Q8_0 on an RTX 4090 over PCIe 3.0, matt-c1/llama-cpp-speed-
   * measurements: 13 ms more a 512-token batch with the output layer on the CPU, 20 to 38 ms for
   * each repeating layer). */
  r->host_stream_bytes = x * need->experts + y * (need->layers + need->kv);
  r->host_stream_expert_bytes = MIN (1.0, x + y) * need->experts;
  r->gpus_used = n;
}

/* Tensor parallelism over the GPUs: each holds and reads its share of the weights and of the
 * KV cache (vLLM; llama.cpp's -sm tensor, ggml PR #19378, which "splits both weights *and* KV
 * across the participating GPUs", llama.cpp docs/multi-gpu.md).
 * llama.cpp's older -sm row (@row) splits the weight matrices alone, each by its rows; in every
 * split mode its layers go to the cards by the same shares (src/llama-model.cpp,
 * get_layer_buft_list ()), and with each layer its KV cache (src/llama-kv-cache.cpp: a layer's
 * cache on the layer's device) and what a split buffer cannot hold, a mixture's 3-D expert
 * tensors (ggml-cuda's supports_op: no split tensor with ne[2] or ne[3] above 1). So the cards
 * hold the cache alike: four RTX 4090s ran LLaMA 3 70B under -sm row after 65536 tokens of
 * cache (PR #19378, 2026-02-07), which the first card could not have held beside a quarter of
 * the weights (common/arg.cpp's --main-gpu still says it holds "intermediate results and KV").
 * A token reads its layers' caches one card after another, as one card would, and so a
 * mixture's experts, which stay whole on their layer's card: the speed plan reads both on the
 * first (@read_bytes). */
static void
place_tensor_split (const RigDeviceSet *d,
                    gboolean            row,
                    const Need         *need,
                    RigWorkloadResult  *r)
{
  guint n = d->n_gpus;
  double per_gpu_state = (need->weights + need->draft) / n;
  double buffers = add_terms_times (r, need->gpu, n) + add_terms_times (r, need->last, n);
  double active_weights = need->weights - need->experts * (1 - need->experts_active_fraction);
  double active_experts = need->experts * need->experts_active_fraction;
  /* Every card holds the same: its share of the weights and of the KV cache, and the buffers. */
  double needed = per_gpu_state + need->kv / n + buffers;
  /* What a token reads one card after another under -sm row, which the first card carries. */
  double experts_in_turn = row ? active_experts : 0;
  double in_turn = row ? need->kv + active_experts : 0;
  gboolean fits = TRUE;
  double worst_cap = 0;

  r->tensor_parallel = n > 1;
  r->row_split = row && n > 1;
  r->gpus_used = n;
  for (guint i = 0; i < n; i++)
    {
      if (needed > d->gpus[i].capacity_bytes)
        {
          fits = FALSE;
          worst_cap = d->gpus[i].capacity_bytes;
        }
      r->used_bytes[i] = rig_bytes_from_double (needed);
      r->read_bytes[i] = (active_weights + need->kv - in_turn) / n + (i == 0 ? in_turn : 0);
      r->expert_read_bytes[i] = (active_experts - experts_in_turn) / n +
                                (i == 0 ? experts_in_turn : 0);
      r->compute_share[i] = 1.0 / n;
    }

  if (fits)
    {
      r->fit = RIG_FIT_GPU;
      /* Translators: %.1f is the memory per GPU in GiB, %u the number of GPUs */
      set_reason (r, g_dngettext (GETTEXT_PACKAGE, "%.1f GiB per GPU across %u GPU",
                                  "%.1f GiB per GPU across %u GPUs", n),
                  gib (needed), n);
    }
  else
    {
      r->fit = RIG_FIT_NONE;
      /* Translators: the first %.1f is the memory needed per GPU in GiB, the second what each
       * GPU offers in GiB */
      set_reason (r, _("needs %.1f GiB per GPU; each GPU offers %.1f GiB"), gib (needed),
                  gib (worst_cap));
    }
}

/* The peak that vLLM's profile run adds to PyTorch's allocations on one of @n tensor-parallel
 * GPUs (torch_peak_increase): the larger of the MLP of a step of max_num_batched_tokens tokens
 * and the sampler over max_num_seqs rows of logits, which run one after the other
 * (gpu_model_runner.py profile_run). The defaults follow the card, as in `vllm serve`. */
static double
vllm_profile_peak (const RigModel  *m,
                   const RigDevice *gpu,
                   guint            n)
{
  gboolean large = gpu->capacity_bytes * RIG_VLLM_CUDA_TOTAL_SHARE >= RIG_VLLM_LARGE_CARD_BYTES &&
                   g_strstr_len (gpu->name, -1, "A100") == NULL;
  double tokens = large ? RIG_VLLM_BATCHED_TOKENS_LARGE : RIG_VLLM_BATCHED_TOKENS;
  double seqs = MIN (tokens, large ? RIG_VLLM_MAX_SEQS_LARGE : RIG_VLLM_MAX_SEQS);
  double mlp = tokens * (3 * rig_model_ffn_width (m) / n + RIG_VLLM_MLP_HIDDEN_COPIES * m->hidden_size) * 2.0;
  double sampler = seqs * m->vocab * RIG_VLLM_SAMPLER_BYTES_PER_LOGIT;

  return MAX (mlp, sampler);
}

/* vLLM V1 takes gpu_memory_utilization of what CUDA reports for each GPU up front; what the
 * weights, the profile run's peak and the memory allocated outside PyTorch during it leave
 * becomes the KV-block pool (vllm/v1/worker/gpu_worker.py determine_available_memory). The CUDA
 * context and CUDA graphs come out of the rest of the card. It fits when the pool holds one
 * sequence of max_model_len (vllm/v1/core/kv_cache_utils.py check_enough_kv_cache_memory). */
static void
place_vllm (const RigWorkload  *w,
            const RigDeviceSet *d,
            Need               *need,
            RigWorkloadResult  *r)
{
  const RigModel *m = w->model;
  guint n = d->n_gpus;
  guint max_len = w->max_model_len ? w->max_model_len : w->context;
  double util = w->gpu_memory_utilization;
  double kv_per_token = rig_memory_kv_bytes (w, max_len) / MAX (1u, max_len);
  double active_weights = need->weights - need->experts * (1 - need->experts_active_fraction);
  double non_torch = n > 1 ? RIG_VLLM_NON_TORCH_TP_BYTES : RIG_VLLM_NON_TORCH_BYTES;
  double pool_min = G_MAXDOUBLE, before_kv = 0, budget_min = G_MAXDOUBLE;

  memset (need->gpu, 0, sizeof need->gpu);
  memset (need->last, 0, sizeof need->last);
  /* The runtime's own memory: the CUDA context, outside the pool, and what the profile run
   * allocated outside PyTorch, inside it. */
  need->gpu[RIG_MEMORY_RUNTIME_CONTEXT] = RIG_CUDA_CONTEXT_BYTES + non_torch;
  need->gpu[RIG_MEMORY_CUDA_GRAPHS] = RIG_VLLM_CUDA_GRAPH_BYTES;

  r->tensor_parallel = n > 1;
  r->gpus_used = n;
  r->memory.terms[RIG_MEMORY_KV_CACHE] = 0;
  for (guint i = 0; i < n; i++)
    {
      double budget = d->gpus[i].capacity_bytes * RIG_VLLM_CUDA_TOTAL_SHARE * util;
      double outside = RIG_CUDA_CONTEXT_BYTES + RIG_VLLM_CUDA_GRAPH_BYTES;
      double fixed, pool;

      need->gpu[RIG_MEMORY_PREFILL_ACTIVATIONS] =
        has_architecture (m) ? vllm_profile_peak (m, &d->gpus[i], n) : 0;
      fixed = (need->weights + need->draft) / n + need->gpu[RIG_MEMORY_PREFILL_ACTIVATIONS] + non_torch;
      pool = budget - fixed;
      add_terms (r, need->gpu);
      r->memory.terms[RIG_MEMORY_KV_CACHE] += rig_bytes_from_double (MAX (0.0, pool));
      r->used_bytes[i] = rig_bytes_from_double (MAX (fixed, budget) + outside);
      r->read_bytes[i] = (active_weights + need->kv) / n;
      r->expert_read_bytes[i] = need->experts * need->experts_active_fraction / n;
      r->compute_share[i] = 1.0 / n;
      pool_min = MIN (pool_min, pool);
      budget_min = MIN (budget_min, budget);
      before_kv = MAX (before_kv, fixed);
    }

  /* Each GPU holds its share of the KV heads of every token. */
  r->kv_pool_tokens = kv_per_token > 0 ? floor (MAX (0.0, pool_min) * n / kv_per_token /
                                                RIG_VLLM_BLOCK_TOKENS) * RIG_VLLM_BLOCK_TOKENS : 0;
  r->concurrent_sequences = r->kv_pool_tokens / max_len;
  if (pool_min <= 0)
    {
      r->fit = RIG_FIT_NONE;
      /* Translators: the first %.1f is the memory needed per GPU in GiB before any KV cache, %.2f
       * vLLM's gpu_memory_utilization setting, the second %.1f the memory it may use per GPU */
      set_reason (r, _("needs %.1f GiB per GPU before any KV cache; at gpu_memory_utilization %.2f "
                       "vLLM may use %.1f GiB of each GPU"), gib (before_kv), util, gib (budget_min));
    }
  else if (r->kv_pool_tokens < max_len)
    {
      r->fit = RIG_FIT_NONE;
      /* Translators: the first %.0f is the tokens vLLM's KV cache holds, %u the longest sequence
       * it must hold (max_model_len), %.2f vLLM's gpu_memory_utilization setting */
      set_reason (r, _("vLLM's KV cache holds %.0f tokens, less than one sequence of max_model_len "
                       "%u, at gpu_memory_utilization %.2f"), r->kv_pool_tokens, max_len, util);
    }
  else
    {
      r->fit = RIG_FIT_GPU;
      /* Translators: the first %.1f is the memory per GPU in GiB before the KV cache, %u the
       * number of GPUs, %.0f the tokens the KV cache holds, the second %.1f how many sequences of
       * max_model_len (the last %u) run at once */
      set_reason (r, g_dngettext (GETTEXT_PACKAGE,
                                  "%.1f GiB per GPU on %u GPU before the KV cache; its KV cache holds "
                                  "%.0f tokens, %.1f sequences of %u at once",
                                  "%.1f GiB per GPU on %u GPUs before the KV cache; their KV cache holds "
                                  "%.0f tokens, %.1f sequences of %u at once", n),
                  gib (before_kv), n, r->kv_pool_tokens, r->concurrent_sequences, max_len);
    }
}

/* The draft runs beside the model with a KV cache of its own over the same tokens. Placed as
 * the model's layers are: llama-server loads it with a copy of the model's parameters, split
 * mode and tensor split included, on the draft's devices, all of them unless set
 * (ggml-org/llama.cpp tools/server: params_dft = params_base; params_dft.devices =
 * params_base.speculative.devices, empty by default). For vLLM the draft's
 * draft_tensor_parallel_size is taken to be the model's: each GPU holds its share, before the
 * KV-block pool. */
double
rig_memory_draft_bytes (const RigWorkload *w)
{
  RigWorkload draft;
  RigParamSplit s;
  double weights, shared = 0;

  if (!rig_workload_draft_view (w, &draft))
    return 0;
  weights = rig_memory_weights_bytes (&draft, &s);
  /* A drafter keeps its own tied table as its head, and attends over the model's KV cache,
   * keeping none of its own. */
  if (rig_model_is_drafter (draft.model))
    return weights;
  /* Prediction modules that use the model's head hold no copy of it (rig_model_new_mtp ()). */
  if (rig_str_is (w->draft_model_id, RIG_DRAFT_MTP) && w->model->mtp_own_head != 1)
    shared = s.embed * embed_bits (&draft) / 8;
  return weights - shared + rig_memory_kv_bytes (&draft, w->context) * w->batch;
}

/* What the draft reads for each token it proposes: its weights but an untied embedding, which
 * is only looked up, and the experts its router passes over, and its KV cache. */
double
rig_memory_draft_read_bytes (const RigWorkload *w,
                             double            *expert_bytes)
{
  const RigModel *m;
  RigWorkload draft;
  RigParamSplit s;
  double weights, experts, idle = 0;

  if (expert_bytes)
    *expert_bytes = 0;
  if (!rig_workload_draft_view (w, &draft))
    return 0;
  m = draft.model;
  weights = rig_memory_weights_bytes (&draft, &s);
  experts = experts_bytes (&draft, &s);
  if (RIG_IS_KNOWN (m->experts) && RIG_IS_KNOWN (m->experts_active) && m->experts > 0)
    idle = experts * (1 - m->experts_active / m->experts);
  if (expert_bytes)
    *expert_bytes = experts - idle;
  return weights - (m->tied_embeddings == 1 ? 0 : s.embed * embed_bits (&draft) / 8) - idle +
         rig_memory_kv_bytes (&draft, w->context) * w->batch;
}

/* The workload as @runtime holds its weights, in @held where that differs from @w. */
static const RigWorkload *
held_workload (const RigWorkload *w,
               RigRuntime         runtime,
               RigWorkload       *held)
{
  if (runtime == RIG_RUNTIME_LITGPT && rig_quant_format (w->quant) == RIG_QUANT_FORMAT_BNB)
    {
      /* Lightning's bitsandbytes plugin replaces every linear layer, the output head too
       * (BitsandbytesPrecision: ignore_modules empty unless set), where transformers keeps the
       * head in 16-bit. */
      *held = *w;
      held->bits[RIG_TENSOR_OUTPUT] = held->bits[RIG_TENSOR_DEFAULT];
      return held;
    }
  if (runtime != RIG_RUNTIME_LLAMA_CPP && w->quant != NULL && rig_str_is (w->quant->id, "MXFP4"))
    {
      /* Outside llama.cpp an MXFP4 model runs from its own checkpoint, whose experts are MXFP4
       * and every other tensor BF16 (the gpt-oss model card, arXiv 2508.10925: 12.8 GiB for
       * gpt-oss-20b and 60.8 GiB for gpt-oss-120b), not from ggml-org's GGUF with Q8_0. */
      *held = *w;
      for (guint k = 0; k < RIG_TENSOR_N; k++)
        if (k != RIG_TENSOR_EXPERTS && k != RIG_TENSOR_EXPERTS_DOWN)
          held->bits[k] = 16.0;
      return held;
    }
  return w;
}

/* What @w needs before it is placed on @d's devices; sets @r's expert and KV bytes. */
static void
inference_needs (const RigWorkload  *w,
                 const RigDeviceSet *d,
                 RigRuntime          runtime,
                 Need               *need,
                 RigWorkloadResult  *r)
{
  const RigModel *m = w->model;
  RigParamSplit split;

  memset (need, 0, sizeof *need);
  need->weights = rig_memory_weights_bytes (w, &split);
  need->embed = split.embed * embed_bits (w) / 8;
  need->output = split.output * bits_or_16 (w, RIG_TENSOR_OUTPUT) / 8;
  need->layers = need->weights - need->embed - need->output;
  /* A model that ties its output head to the token embedding reads that matrix for the logits
   * of every token; an untied embedding is only looked up. llama.cpp loads a tied matrix twice,
   * the input copy where the embedding lives and a duplicate with the output layer
   * (llama-model.cpp load_tensors: "if output is NULL, init from the input tok embed,
   * duplicated to allow offloading", TENSOR_DUPLICATED), so the duplicate takes memory there. */
  need->head = m->tied_embeddings == 1 ? need->embed : need->output;
  if (m->tied_embeddings == 1 && runtime == RIG_RUNTIME_LLAMA_CPP)
    need->output = need->embed;
  need->experts = experts_bytes (w, &split);
  r->expert_bytes = need->experts;
  need->experts_active_fraction = RIG_IS_KNOWN (m->experts) && RIG_IS_KNOWN (m->experts_active)
                                   ? m->experts_active / m->experts : 1.0;
  need->kv = rig_memory_kv_bytes (w, w->context) * w->batch;
  r->kv_bytes = need->kv;
  runtime_buffers (w, d, runtime, need);
  if (rig_workload_draft_usable (w))
    need->draft = rig_memory_draft_bytes (w);
  /* llama.cpp's pipeline keeps a copy of each split's inputs on every GPU: place_layer_split ()
   * counts them where the layers are split over more than one. */
  if (runtime == RIG_RUNTIME_LLAMA_CPP && w->cpu_moe_layers == 0 && has_architecture (m))
    {
      double n_kv = round_up (w->context, RIG_LLAMACPP_CTX_PAD) * w->batch;
      double ub = MIN (n_kv, rig_workload_ubatch (w));

      need->pipeline = (RIG_LLAMACPP_SCHED_COPIES - 1) * n_kv * ub * (w->flash_attention ? 2.0 : 4.0) +
                       RIG_LLAMACPP_SCHED_COPIES * ub * m->hidden_size * 4.0;
    }
}

static void
evaluate_inference (const RigWorkload  *w,
                    const RigDeviceSet *d,
                    RigWorkloadMemo    *memo,
                    RigWorkloadResult  *r)
{
  gboolean held_by_memo = memo != NULL && memo_take (memo, w, d);
  RigRuntime runtime = held_by_memo ? memo->runtime : rig_memory_pick_runtime (w);
  RigWorkload held;        /* the workload as the runtime holds its weights, where that differs */
  Need own, changed;       /* the needs worked out here; a copy a placement changes */
  const Need *need = &own;

  w = held_workload (w, runtime, &held);
  r->runtime = runtime;
  if (held_by_memo)
    {
      need = &memo->need;
      r->expert_bytes = memo->expert_bytes;
      r->kv_bytes = memo->kv_bytes;
    }
  else if (memo != NULL)
    {
      inference_needs (w, d, runtime, &memo->need, r);
      memo->runtime = runtime;
      memo->expert_bytes = r->expert_bytes;
      memo->kv_bytes = r->kv_bytes;
      need = &memo->need;
    }
  else
    inference_needs (w, d, runtime, &own, r);

  r->memory.terms[RIG_MEMORY_WEIGHTS] = rig_bytes_from_double (need->weights);
  r->memory.terms[RIG_MEMORY_KV_CACHE] = rig_bytes_from_double (need->kv);
  r->memory.terms[RIG_MEMORY_DRAFT] = rig_bytes_from_double (need->draft);

  if (d->unified)
    {
      const RigDevice *u = &d->gpus[0];
      double buffers = add_terms (r, need->gpu) + add_terms (r, need->last);
      double total = need->weights + need->kv + need->draft + buffers;

      r->used_bytes[0] = rig_bytes_from_double (total);
      r->read_bytes[0] = need->layers + need->head - need->experts * (1 - need->experts_active_fraction) + need->kv;
      r->expert_read_bytes[0] = need->experts * need->experts_active_fraction;
      r->compute_share[0] = 1;
      r->gpus_used = 1;
      if (total <= u->capacity_bytes)
        {
          r->fit = RIG_FIT_GPU;
          /* Translators: the first %.1f is the memory used in GiB, the second the unified
           * memory the GPU may use in GiB */
          set_reason (r, _("%.1f GiB of the %.1f GiB the GPU may use of unified memory"), gib (total),
                      gib (u->capacity_bytes));
        }
      else
        {
          r->fit = RIG_FIT_NONE;
          /* Translators: the first %.1f is the memory needed in GiB, the second the unified
           * memory the GPU may use in GiB */
          set_reason (r, _("needs %.1f GiB; the GPU may use %.1f GiB of the unified memory by default "
                           "(the rest is the system's)"), gib (total), gib (u->capacity_bytes));
        }
      return;
    }

  if (d->n_gpus > 0)
    {
      if (runtime == RIG_RUNTIME_VLLM)
        {
          changed = *need;
          place_vllm (w, d, &changed, r);
        }
      else if (w->split != RIG_SPLIT_LAYER && d->n_gpus > 1)
        place_tensor_split (d, w->split == RIG_SPLIT_ROW && runtime == RIG_RUNTIME_LLAMA_CPP, need, r);
      else
        {
          /* The duplicate of a tied head that llama.cpp loads with the output layer sits on a
           * GPU (above): weights the run holds, which the breakdown counts with the rest. */
          if (w->model->tied_embeddings == 1 && runtime == RIG_RUNTIME_LLAMA_CPP)
            r->memory.terms[RIG_MEMORY_WEIGHTS] += rig_bytes_from_double (need->output);
          place_layer_split (w, d, runtime, need, r);
        }
      return;
    }

  if (d->has_host)
    {
      double total = need->weights + need->kv + need->draft + sum_terms (need->gpu) +
                     sum_terms (need->last) - need->gpu[RIG_MEMORY_RUNTIME_CONTEXT];

      changed = *need;
      changed.gpu[RIG_MEMORY_RUNTIME_CONTEXT] = 0;
      add_terms (r, changed.gpu);
      add_terms (r, changed.last);
      r->used_bytes[d->n_gpus] = rig_bytes_from_double (total);
      r->read_bytes[d->n_gpus] = need->layers + need->head - need->experts * (1 - need->experts_active_fraction) + need->kv;
      r->expert_read_bytes[d->n_gpus] = need->experts * need->experts_active_fraction;
      r->compute_share[d->n_gpus] = 1;
      if (total <= d->host.capacity_bytes)
        {
          r->fit = RIG_FIT_CPU;
          set_reason (r, _("%.1f GiB in system memory (no GPU in the build)"), gib (total));
        }
      else
        {
          r->fit = RIG_FIT_NONE;
          /* Translators: the first %.1f is the memory needed in GiB, the second the free system
           * memory in GiB */
          set_reason (r, _("needs %.1f GiB; %.1f GiB of system memory is free after the system's own share"),
                      gib (total), gib (d->host.capacity_bytes));
        }
      return;
    }

  r->fit = RIG_FIT_UNKNOWN;
  set_reason (r, _("the build has no GPU, no prebuilt system and no memory to place the model in"));
}

/* Training ------------------------------------------------------------------------------- */

static double
lora_params (const RigModel *m,
             double          rank,
             RigLoraTargets  targets)
{
  double h = m->hidden_size, hd = rig_model_head_dim (m), ff = known_or (m->intermediate_size, 4 * h);
  double q = m->heads * hd, kv = m->kv_heads * hd;
  double per_layer;

  /* A (d_in x r) and B (r x d_out) per adapted projection. */
  switch (targets)
    {
    case RIG_LORA_TARGETS_QV:
      per_layer = (h + q) + (h + kv);
      break;
    case RIG_LORA_TARGETS_ATTENTION:
      per_layer = (h + q) + 2 * (h + kv) + (q + h);
      break;
    case RIG_LORA_TARGETS_ALL_LINEAR:
    case RIG_LORA_TARGETS_N:
    default:
      per_layer = (h + q) + 2 * (h + kv) + (q + h) + 2 * (h + ff) + (ff + h);
      break;
    }
  return m->layers * rank * per_layer;
}

/* The weights of the linear layers @targets leaves without adapters: the key projection and the
 * attention's output for q and v, the MLP (and the experts) for attention alone. */
static double
unadapted_linear_params (const RigModel *m,
                         RigLoraTargets  targets)
{
  RigParamSplit s;
  double k, mlp;

  param_split (m, &s);
  k = rig_model_is_mla (m) ? 0 : s.attn_v;      /* k has v's shape */
  mlp = s.ffn_down + s.ffn_rest + s.experts_down + s.experts_rest;
  switch (targets)
    {
    case RIG_LORA_TARGETS_QV:
      return k + s.attn_o + mlp;
    case RIG_LORA_TARGETS_ATTENTION:
      return mlp;
    case RIG_LORA_TARGETS_ALL_LINEAR:
    case RIG_LORA_TARGETS_N:
    default:
      return 0;
    }
}

/* Per token and layer, the inputs of the adapters that their dropout copies (16-bit) and masks
 * (a byte each) for the backward pass when it is on: each adapted projection draws its own in
 * peft and torchtune (peft tuners/lora/layer.py Linear.forward: lora_A (dropout (x));
 * torchtune/modules/peft/lora.py LoRALinear), LitGPT one for the fused query, key and value
 * (litgpt/lora.py LoRAQKVLinear.forward). */
static double
lora_dropout_elements (const RigWorkload *w)
{
  const RigModel *m = w->model;
  double h = m->hidden_size, q = m->heads * rig_model_head_dim (m);
  double qkv = w->runtime == RIG_RUNTIME_LITGPT ? h : 3 * h;

  switch (w->lora_targets)
    {
    case RIG_LORA_TARGETS_QV:
      return w->runtime == RIG_RUNTIME_LITGPT ? h : 2 * h;
    case RIG_LORA_TARGETS_ATTENTION:
      return qkv + q;
    case RIG_LORA_TARGETS_ALL_LINEAR:
    case RIG_LORA_TARGETS_N:
    default:
      return qkv + q + 2 * h + rig_model_ffn_width (m);
    }
}

static double
optimizer_state_bytes (RigOptimizer optimizer)
{
  switch (optimizer)
    {
    case RIG_OPTIMIZER_ADAMW_8BIT:
    case RIG_OPTIMIZER_PAGED_ADAMW_8BIT:
      return RIG_ADAMW_8BIT_STATE_BYTES;
    case RIG_OPTIMIZER_SGD:
      return RIG_SGD_STATE_BYTES;
    case RIG_OPTIMIZER_ADAMW:
    case RIG_OPTIMIZER_N:
    default:
      return RIG_ADAMW_STATE_BYTES;
    }
}

/* Under gradient checkpointing, each layer's input kept for the backward pass, per GPU. */
static double
checkpointed_input_bytes (const RigWorkload *w)
{
  return (double) w->context * w->batch * w->model->hidden_size * RIG_ACT_CKPT_BYTES_PER_HIDDEN *
         w->model->layers;
}

/* Activations kept for the backward pass, per GPU (each runs its own micro-batch). */
static double
saved_activation_bytes (const RigWorkload *w)
{
  const RigModel *m = w->model;
  double s = w->context, b = w->batch;
  /* torchtune and LitGPT copy a grouped-query layer's keys and values out to every query head
   * before the fused attention kernel, which saves those copies (torchtune
   * modules/attention.py @bd2a0fc: k.unsqueeze (2).expand (expand_shape).flatten (1, 2); litgpt
   * model.py @2685705: k.repeat_interleave (q_per_kv, dim=1)); transformers' FlashAttention-2
   * path and torch's SDPA with enable_gqa take them as they are. */
  gboolean sdpa = w->runtime == RIG_RUNTIME_TORCHTUNE || w->runtime == RIG_RUNTIME_LITGPT;
  double kv_heads = sdpa ? m->heads : m->kv_heads;
  double per_token = (RIG_ACT_NORM_BYTES_PER_HIDDEN + RIG_ACT_ATTN_BYTES_PER_HIDDEN) * m->hidden_size +
                     RIG_ACT_ATTN_BYTES_PER_KV_DIM * kv_heads * rig_model_head_dim (m) +
                     RIG_ACT_MLP_BYTES_PER_FFN * rig_model_ffn_width (m);

  /* Their kernel returns the heads' output head-major; transposed back into place it is a
   * tensor of its own (torchtune: output.transpose (1, 2).contiguous (); litgpt: y.reshape
   * (B, T, ...) of y.transpose (1, 2)), which the output projection keeps beside the kernel's
   * copy where its weight learns: in a full fine-tune. */
  if (sdpa && w->mode == RIG_MODE_FULL_FINETUNE)
    per_token += 2.0 * m->heads * rig_model_head_dim (m);
  /* LitGPT runs a capped model's attention unfused, whatever the workload asks. */
  gboolean capped = RIG_IS_KNOWN (m->attn_softcap) && w->runtime == RIG_RUNTIME_LITGPT;
  double per_layer = s * b * per_token +
                     (capped ? RIG_ACT_SOFTCAP_SCORE_BYTES * m->heads * s * s * b
                      : w->flash_attention ? 0 : RIG_ACT_SCORE_BYTES * m->heads * s * s * b);

  if (w->gradient_checkpointing)
    return checkpointed_input_bytes (w) + per_layer;
  return m->layers * per_layer;
}

/* A moment outside the training step peaks at @peak: where that is above the training terms,
 * the rest counts with the step's own temporaries. */
static void
raise_to_peak (double *t,
               double  peak)
{
  double training = 0;

  for (guint k = 0; k < RIG_MEMORY_TERM_N; k++)
    if (k != RIG_MEMORY_RUNTIME_CONTEXT && k != RIG_MEMORY_ALLOCATOR_RESERVE)
      training += t[k];
  if (peak > training)
    t[RIG_MEMORY_OPTIMIZER_TEMPORARIES] += peak - training;
}

/* The parameters a run trains, and the bytes of the weights it holds: all of them for full
 * fine-tuning; for LoRA and QLoRA the frozen base weights at their quantization (16-bit for
 * LoRA, NF4 for QLoRA, where peft upcasts the rest to fp32), the adapters being 16-bit. */
static void
training_base (const RigWorkload *w,
               RigTrainingBase   *base)
{
  const RigModel *m = w->model;
  gboolean pure_bf16 = w->runtime == RIG_RUNTIME_TORCHTUNE || w->runtime == RIG_RUNTIME_LITGPT;
  gboolean bnb = w->mode == RIG_MODE_QLORA && rig_quant_format (w->quant) == RIG_QUANT_FORMAT_BNB;
  RigWorkload copy;

  if (w->mode == RIG_MODE_FULL_FINETUNE)
    {
      base->trainable = m->params_b * 1e9;
      base->frozen = base->trainable * RIG_TRAIN_WEIGHT_BYTES;
      return;
    }
  copy = *w;
  if (w->mode == RIG_MODE_QLORA && rig_quant_format (w->quant) != RIG_QUANT_FORMAT_BNB)
    for (guint k = 0; k < RIG_TENSOR_N; k++)
      copy.bits[k] = k == RIG_TENSOR_EMBED || k == RIG_TENSOR_OUTPUT ? 16.0 : 4.127;
  if (w->mode == RIG_MODE_QLORA && !pure_bf16)
    {
      copy.bits[RIG_TENSOR_EMBED] = RIG_QLORA_UNQUANTIZED_BITS;
      copy.bits[RIG_TENSOR_OUTPUT] = RIG_QLORA_UNQUANTIZED_BITS;
    }
  else if (bnb && w->runtime == RIG_RUNTIME_LITGPT)
    /* Lightning's bitsandbytes plugin quantizes the output head too (see evaluate_inference). */
    copy.bits[RIG_TENSOR_OUTPUT] = copy.bits[RIG_TENSOR_DEFAULT];
  base->trainable = lora_params (m, w->lora_rank, w->lora_targets);
  base->frozen = rig_memory_weights_bytes (&copy, NULL);
  if (w->mode == RIG_MODE_QLORA && w->runtime == RIG_RUNTIME_TORCHTUNE)
    /* torchtune quantizes only the layers it adapts ("quantization of base model parameters is
     * only applied to layers that are configured to have LoRA adapters added",
     * docs/source/tutorials/qlora_finetune.rst): the others stay bf16. */
    base->frozen += unadapted_linear_params (m, w->lora_targets) *
                    (16.0 - copy.bits[RIG_TENSOR_DEFAULT]) / 8.0;
}

/* Training state per GPU, term by term, for @n GPUs sharded as @sharding; @base is
 * training_base ()'s, or NULL to work it out. */
static void
training_terms (const RigWorkload     *w,
                const RigDeviceSet    *d,
                const RigTrainingBase *base,
                guint                  n,
                RigSharding            sharding,
                double                *t,
                double                *host,
                double                *cpu_params,
                double                *apart)
{
  RigTrainingBase own;
  const RigModel *m = w->model;
  double trainable, frozen, state;
  double gathered = 0;      /* sharded weights gathered and released again, layer by layer */
  double wdiv = 1, gdiv = 1, odiv = 1;
  gboolean paged = w->optimizer == RIG_OPTIMIZER_PAGED_ADAMW_8BIT && (d->has_host || d->unified);
  gboolean adamw = w->optimizer == RIG_OPTIMIZER_ADAMW || w->optimizer == RIG_OPTIMIZER_SGD;
  gboolean pure_bf16 = w->runtime == RIG_RUNTIME_TORCHTUNE || w->runtime == RIG_RUNTIME_LITGPT;
  gboolean bnb = w->mode == RIG_MODE_QLORA && rig_quant_format (w->quant) == RIG_QUANT_FORMAT_BNB;
  gboolean chunked = (w->chunked_loss || pure_bf16) && !w->plain_loss;
  /* ZeRO's stages are DeepSpeed's; torchtune and LitGPT shard with FSDP. */
  gboolean zero = !pure_bf16 && sharding >= RIG_SHARDING_ZERO1 && sharding != RIG_SHARDING_FSDP;
  gboolean offload = zero && w->optimizer_offload;
  gboolean deepspeed = zero && (n > 1 || offload);

  /* ZeRO stages / FSDP: 1 shards the optimizer state, 2 also the gradients, 3 also the weights. */
  if (n > 1 && sharding >= RIG_SHARDING_ZERO1)
    odiv = n;
  if (n > 1 && sharding >= RIG_SHARDING_ZERO2)
    gdiv = n;
  if (n > 1 && sharding >= RIG_SHARDING_ZERO3)
    wdiv = n;

  memset (t, 0, RIG_MEMORY_TERM_N * sizeof *t);
  *cpu_params = 0;
  if (base == NULL)
    {
      training_base (w, &own);
      base = &own;
    }
  trainable = base->trainable;
  frozen = base->frozen;
  if (w->mode != RIG_MODE_FULL_FINETUNE)
    t[RIG_MEMORY_ADAPTERS] = trainable * RIG_TRAIN_WEIGHT_BYTES / wdiv;
  t[RIG_MEMORY_WEIGHTS] = frozen / wdiv;
  if (wdiv > 1)
    {
      /* FSDP gathers a layer's full weights to run it and prefetches the next one; DeepSpeed
       * keeps up to its live-parameter limit gathered. */
      gathered = 2 * frozen / m->layers;

      if (deepspeed)
        gathered = MAX (gathered, frozen * MIN (1.0, RIG_DEEPSPEED_MAX_LIVE_PARAMETERS / (m->params_b * 1e9)));

      if (deepspeed && !w->zero_init)
        {
          /* Built outside deepspeed.zero.Init, the linear layers keep torch's own autograd,
           * whose saved weight (a view of the gathered copy) outlives ZeRO-3's release of it:
           * ZeRO's LinearFunctionForZeroStage3 saves ids instead, "which allows for underlying
           * tensor to be garbage collected" (deepspeed/runtime/zero/linear.py), and only
           * zero.Init installs it (partition_parameters.py). Every layer's weights then stay
           * gathered until the backward pass reaches them; under checkpointing, whose forward
           * saves nothing, the output head's. The embedding's lookup saves no weight. They come
           * on top of DeepSpeed's own live parameters: it counts those it holds gathered, and
           * these it released. A one-token step of Llama 3 8B on eight A100s peaks at 35.7 GiB
           * on seven of them, the two together; either alone would be 2 GiB less
           * (gpjt/fine-tune-2024-04 sequence-length-memory-modeling-8B/results-with-env-var.csv). */
          RigParamSplit split;
          double per_param = frozen / (m->params_b * 1e9);

          param_split (m, &split);
          gathered += w->gradient_checkpointing
                        ? (split.output > 0 ? split.output : split.embed) * per_param
                        : frozen - (split.output > 0 ? split.embed : 0) * per_param;
        }
      t[RIG_MEMORY_WEIGHTS] += gathered;
    }
  /* ZeRO-Offload reduces each bucket of gradients on the GPU and copies it out to an fp32
   * partition in system memory (stage_1_and_2.py copy_grads_in_partition): the GPU keeps the
   * bucket and a 16-bit staging buffer the size of the largest trainable parameter
   * (temp_grad_buffer_for_gpu_offload), no partition of its own. An adapter's matrices are
   * small beside it: with LoRA the staging buffer is left out. */
  t[RIG_MEMORY_GRADIENTS] = offload ? (w->mode == RIG_MODE_FULL_FINETUNE ? largest_linear (m) * RIG_TRAIN_GRAD_BYTES : 0)
                                    : trainable * RIG_TRAIN_GRAD_BYTES / gdiv;
  if (deepspeed)
    t[RIG_MEMORY_GRADIENTS] += MIN (trainable, RIG_DEEPSPEED_REDUCE_BUCKET_ELEMENTS) * RIG_TRAIN_GRAD_BYTES;
  t[RIG_MEMORY_MASTER_WEIGHTS] = pure_bf16 ? 0 : trainable * RIG_TRAIN_MASTER_BYTES / odiv;
  state = trainable * optimizer_state_bytes (w->optimizer) / odiv;
  if (pure_bf16 && w->optimizer != RIG_OPTIMIZER_ADAMW_8BIT && w->optimizer != RIG_OPTIMIZER_PAGED_ADAMW_8BIT)
    state *= RIG_TORCHTUNE_STATE_SHARE;
  if (paged)
    /* Paged optimizers keep their state in memory the GPU pages in on demand. */
    *host = state;
  else
    t[RIG_MEMORY_OPTIMIZER_STATE] = state;
  /* torchtune's recipes build torch.optim.AdamW with fused: True (150 of the 159 configs that
   * name it at bd2a0fc, recipes/configs), whose one kernel a step allocates no temporaries the
   * size of the parameters, where the default foreach path does. */
  if (adamw && !(w->runtime == RIG_RUNTIME_TORCHTUNE && w->optimizer == RIG_OPTIMIZER_ADAMW))
    t[RIG_MEMORY_OPTIMIZER_TEMPORARIES] = trainable * RIG_TRAIN_OPTIMIZER_TEMP_BYTES / odiv *
                                          (pure_bf16 ? RIG_TORCHTUNE_STATE_SHARE : 1.0);
  if (offload)
    {
      /* The master weights, the moments and DeepSpeedCPUAdam's step all live in pinned system
       * memory, with the fp32 gradient partition the buckets are copied into. */
      *host = t[RIG_MEMORY_MASTER_WEIGHTS] + t[RIG_MEMORY_OPTIMIZER_STATE] +
              t[RIG_MEMORY_OPTIMIZER_TEMPORARIES] + trainable * RIG_TRAIN_MASTER_BYTES / odiv;
      *cpu_params = trainable / odiv;
      t[RIG_MEMORY_MASTER_WEIGHTS] = t[RIG_MEMORY_OPTIMIZER_STATE] = t[RIG_MEMORY_OPTIMIZER_TEMPORARIES] = 0;
    }

  t[RIG_MEMORY_SAVED_ACTIVATIONS] = saved_activation_bytes (w);
  if (w->mode != RIG_MODE_FULL_FINETUNE && rig_workload_lora_dropout (w) > 0)
    t[RIG_MEMORY_SAVED_ACTIVATIONS] += (double) w->context * w->batch * lora_dropout_elements (w) *
                                       (2.0 + 1.0) * (w->gradient_checkpointing ? 1 : m->layers);
  if (bnb && w->runtime != RIG_RUNTIME_TORCHTUNE && w->bnb_keeps_inputs)
    {
      /* bitsandbytes before 0.43.2 kept its 4-bit matmul's input for the backward pass that
       * never reads it (MatMul4Bit.forward: ctx.tensors = (A, B)), where a frozen nn.Linear keeps
       * none; PR #1270 ("fix QLoRA mem bug: delete useless buffered activation") dropped it, so
       * current versions keep nothing beyond what the adapters do. Beyond the adapters' own
       * (their dropout's output), that was the attention's input, the heads' output the output
       * projection reads (a fresh tensor, as the heads are transposed back into place: LitGPT
       * model.py CausalSelfAttention, transformers LlamaAttention), the MLP's input and its gated
       * product, 16-bit, per token and layer; one layer's with checkpointing. torchtune's NF4
       * linear never kept it (torchao linear_nf4). */
      double inputs = (double) w->context * w->batch *
                      (2 * m->hidden_size + m->heads * rig_model_head_dim (m) + rig_model_ffn_width (m)) * 2.0 *
                      (w->gradient_checkpointing ? 1 : m->layers);

      t[RIG_MEMORY_SAVED_ACTIVATIONS] += inputs;
      if (w->runtime == RIG_RUNTIME_LITGPT && !w->longest_step_first)
        /* As an attribute, not a saved tensor, the input lives as long as the graph, and LitGPT's
         * loop keeps the graph through its output (litgpt finetune/lora.py: logits = model
         * (input_ids, lm_head_chunk_size=128)) until the next step's forward pass returns: the
         * previous step's inputs are alive beside the next step's activations. */
        t[RIG_MEMORY_SAVED_ACTIVATIONS] += inputs;
    }
  t[RIG_MEMORY_LOGITS] = (double) w->context * w->batch * m->vocab *
                         (chunked ? 2.0 + 4.0 * RIG_TRAIN_LOGITS_FP32_COPIES / RIG_TRAIN_LOSS_CHUNKS
                                          : 4.0 * RIG_TRAIN_LOGITS_FP32_COPIES);
  if (!chunked && w->loss_keeps_16bit_logits)
    /* transformers 4.46 to 4.48: the model's forward pass keeps its 16-bit logits while the loss
     * (ForCausalLMLoss) makes its fp32 copy, the shifted copy (logits[..., :-1, :].contiguous ())
     * and log_softmax's output: 14 bytes a logit at the loss's forward peak, against the 12 of
     * the backward pass (the output, its gradient and the gradient's) in the releases before and
     * after. Unsloth's December 2024 context-length table (the longest sequence that fits in 12
     * to 80 GB, transformers + FA2 QLoRA of Llama 3.1 8B) grows by 2.53 MiB a token; with these
     * 2 bytes the plan grows by 2.63, without them by 2.38. */
    t[RIG_MEMORY_LOGITS] += (double) w->context * w->batch * m->vocab * 2.0;
  if (w->mode == RIG_MODE_QLORA)
    /* bitsandbytes unpacks each NF4 weight to 16-bit for its matmul, forward and backward. */
    t[RIG_MEMORY_DEQUANT_BUFFER] = 2 * known_or (m->intermediate_size, 4 * m->hidden_size) *
                                   m->hidden_size * 2.0;
  if (bnb && w->runtime == RIG_RUNTIME_LITGPT)
    /* LitGPT's output head is quantized too, and unpacked whole for each chunk of the logits:
     * to half precision, the dtype Lightning quantized it from, then to bf16
     * (bitsandbytes MatMul4Bit: dequantize_4bit (B).to (A.dtype)), two 16-bit copies. */
    t[RIG_MEMORY_DEQUANT_BUFFER] = MAX (t[RIG_MEMORY_DEQUANT_BUFFER], 2 * largest_linear (m) * 2.0);
  t[RIG_MEMORY_RUNTIME_CONTEXT] = runtime_context_bytes (d);
  if (!d->unified)
    /* At least one fp32 copy of the logits (or of a chunk of them): freed and allocated again
     * through the loss's forward and backward passes, so large that it takes a segment of its
     * own, which the caching allocator keeps reserved. The transformers + FA2 QLoRA rows of
     * unsloth's context-length table (the longest sequence that fits in 12 to 80 GB) land within
     * 3.3 % with it, 11 to 13.5 % under without. */
    t[RIG_MEMORY_ALLOCATOR_RESERVE] = MAX (RIG_TORCH_RESERVE_FRACTION *
                                           (t[RIG_MEMORY_SAVED_ACTIVATIONS] + t[RIG_MEMORY_LOGITS] +
                                            t[RIG_MEMORY_DEQUANT_BUFFER] + t[RIG_MEMORY_OPTIMIZER_TEMPORARIES] +
                                            gathered),
                                           (double) w->context * w->batch * m->vocab * 4.0 /
                                           (chunked ? RIG_TRAIN_LOSS_CHUNKS : 1.0));

  if (offload && w->mode == RIG_MODE_FULL_FINETUNE)
    {
      /* Each gradient of a GPU's partition, once reduced, is checked there before it is copied
       * out: for overflow, through an fp32 copy and three masks of it
       * (RIG_DEEPSPEED_OVERFLOW_CHECK_BYTES), beside the 16-bit gradient itself. For the largest
       * parameter that is the GPU that holds it at its busiest. An untied output head's gradient
       * comes first in the backward pass, reduced when the final norm's arrives, its own inputs
       * and the logits' gradients already freed: the layers' checkpointed inputs (all saved
       * activations, without checkpointing) are still alive. A tied embedding's comes last, when
       * none are. Eight A100s fine-tuning Llama 3 8B with ZeRO-2 and the optimizer offloaded:
       * the GPU holding the embedding peaks at 23,929 MiB with one sample of any length from 1
       * to 2001 tokens, the one holding the output head at 23,930 MiB plus 0.28 MiB a token,
       * 3.5 GiB above the other six (gpjt/fine-tune-2024-04
       * sequence-length-memory-modeling-8B/results-with-no-env-var-but-with-optimizer-offload.csv). */
      double alive = m->tied_embeddings == 1 ? 0
                     : w->gradient_checkpointing ? checkpointed_input_bytes (w)
                                                 : t[RIG_MEMORY_SAVED_ACTIVATIONS];
      double moment = t[RIG_MEMORY_WEIGHTS] + t[RIG_MEMORY_ADAPTERS] + t[RIG_MEMORY_GRADIENTS] +
                      largest_linear (m) * (RIG_TRAIN_GRAD_BYTES + RIG_DEEPSPEED_OVERFLOW_CHECK_BYTES) +
                      alive;

      raise_to_peak (t, moment);
    }

  /* PyTorch's optimizers step once the backward pass has freed the activations and the logits,
   * and the next step's forward pass starts with the gradients freed again (zero_grad's
   * set_to_none): the step's gradients and temporaries are never allocated beside the loss's
   * peak. The caching allocator keeps both sets of segments, so the total counts both. Eight
   * H100s training Llama 2 7B's shape under FSDP (torchtitan PR #165: 2048-token windows, eight
   * a GPU, every block checkpointed) peak at 22.7 and 23.6 GiB allocated, 31.0 and 32.1
   * reserved: the plan's 24.2 and 31.4. DeepSpeed keeps its gradient partitions in a buffer of
   * their own through the step (stage3.py grad_partitions_flat_buffer), and is left out. */
  *apart = 0;
  if (!zero)
    *apart = MIN (t[RIG_MEMORY_SAVED_ACTIVATIONS] + t[RIG_MEMORY_LOGITS] + t[RIG_MEMORY_DEQUANT_BUFFER],
                  t[RIG_MEMORY_GRADIENTS] + t[RIG_MEMORY_OPTIMIZER_TEMPORARIES]);

  /* DeepSpeed's optimizer set-up peaks before the first activation exists; on one GPU, where
   * it was measured, and where that is above the training peak (a short sequence). Over several
   * GPUs the eight-A100 runs do not show it, and it is not charged. */
  if (zero && n == 1 && !offload)
    raise_to_peak (t, frozen + trainable * RIG_DEEPSPEED_SETUP_BYTES_PER_TRAINABLE);
}

static void
evaluate_training (const RigWorkload  *w,
                   const RigDeviceSet *d,
                   RigWorkloadMemo    *memo,
                   RigWorkloadResult  *r)
{
  const RigModel *m = w->model;
  double t[RIG_MEMORY_TERM_N], host = 0, cpu_params = 0, apart = 0, per_gpu;
  guint n = d->unified ? 1 : d->n_gpus;
  RigSharding sharding = w->sharding;
  const RigTrainingBase *base = NULL;   /* worked out by training_terms () without a memo */

  r->runtime = w->runtime == RIG_RUNTIME_TORCHTUNE || w->runtime == RIG_RUNTIME_LITGPT
                 ? w->runtime : RIG_RUNTIME_TRANSFORMERS;
  if (!has_architecture (m))
    {
      r->fit = RIG_FIT_UNKNOWN;
      /* Translators: %s is a model's name */
      set_reason (r, _("the catalog has no architecture for %s, which training memory needs"), m->name);
      return;
    }
  if (memo != NULL)
    {
      if (!memo_take (memo, w, d))
        training_base (w, &memo->training);
      base = &memo->training;
    }

  if (n == 0)
    {
      if (!d->has_host)
        {
          r->fit = RIG_FIT_UNKNOWN;
          set_reason (r, _("the build has no GPU, no prebuilt system and no memory to train in"));
          return;
        }
      training_terms (w, d, base, 1, RIG_SHARDING_NONE, t, &host, &cpu_params, &apart);
      t[RIG_MEMORY_RUNTIME_CONTEXT] = 0;
      per_gpu = add_terms (r, t) + host;
      r->used_bytes[d->n_gpus] = rig_bytes_from_double (per_gpu);
      r->fit = per_gpu <= d->host.capacity_bytes ? RIG_FIT_CPU : RIG_FIT_NONE;
      set_reason (r, _("%.1f GiB in system memory (no GPU in the build; training on the CPU is very slow)"),
                  gib (per_gpu));
      return;
    }

  /* torchtune and LitGPT shard with FSDP, the transformers Trainer with DeepSpeed. */
  if (sharding == RIG_SHARDING_AUTO)
    sharding = n == 1 ? RIG_SHARDING_NONE
             : r->runtime == RIG_RUNTIME_TRANSFORMERS ? RIG_SHARDING_ZERO3 : RIG_SHARDING_FSDP;
  /* ZeRO-Offload is DeepSpeed's: without a ZeRO stage set, the Trainer's offload runs stage 2,
   * as DeepSpeed's ZeRO-Offload tutorial does. */
  if (w->optimizer_offload && r->runtime == RIG_RUNTIME_TRANSFORMERS &&
      (sharding == RIG_SHARDING_NONE || sharding == RIG_SHARDING_FSDP))
    sharding = RIG_SHARDING_ZERO2;
  training_terms (w, d, base, n, sharding, t, &host, &cpu_params, &apart);
  r->cpu_optimizer_params = cpu_params * n;
  r->memory.apart_bytes = rig_bytes_from_double (apart) * n;
  per_gpu = add_terms_times (r, t, n) + (d->unified ? host : 0);

  r->gpus_used = n;
  r->fit = RIG_FIT_GPU;
  for (guint i = 0; i < n; i++)
    {
      const RigDevice *g = &d->gpus[i];

      r->used_bytes[i] = rig_bytes_from_double (per_gpu);
      r->compute_share[i] = 1.0 / n;
      if (per_gpu > rig_bytes_to_double (g->capacity_bytes))
        {
          r->fit = RIG_FIT_NONE;
          /* Translators: the first %.1f is the memory needed per GPU in GiB, the next four its
           * parts in GiB, %s a GPU's name (“GPU 1: NVIDIA GeForce RTX 4090”), the last %.1f its
           * memory in GiB */
          set_reason (r, _("needs %.1f GiB per GPU (weights %.1f, gradients %.1f, optimizer %.1f, "
                           "activations %.1f); %s holds %.1f GiB"), gib (per_gpu),
                      gib (t[RIG_MEMORY_WEIGHTS] + t[RIG_MEMORY_ADAPTERS]), gib (t[RIG_MEMORY_GRADIENTS]),
                      gib (t[RIG_MEMORY_MASTER_WEIGHTS] + t[RIG_MEMORY_OPTIMIZER_STATE] +
                           t[RIG_MEMORY_OPTIMIZER_TEMPORARIES]),
                      gib (t[RIG_MEMORY_SAVED_ACTIVATIONS] + t[RIG_MEMORY_LOGITS]), g->name,
                      gib (g->capacity_bytes));
        }
    }
  if (!d->unified && host > 0)
    r->used_bytes[d->n_gpus] = rig_bytes_from_double (host * n);
  if (r->fit == RIG_FIT_GPU)
    /* Translators: %.1f is the memory per GPU in GiB, %u the number of GPUs, %s is empty or
     * how the training state is spread (“ with ZeRO-2”, “, each holding a full copy”) */
    set_reason (r, g_dngettext (GETTEXT_PACKAGE, "%.1f GiB per GPU on %u GPU%s",
                                "%.1f GiB per GPU on %u GPUs%s", n),
                gib (r->used_bytes[0]), n,
                n > 1 ? (sharding == RIG_SHARDING_FSDP ? _(" with FSDP full sharding")
                         : sharding == RIG_SHARDING_ZERO3 ? _(" with ZeRO-3 full sharding")
                         : sharding == RIG_SHARDING_ZERO2 ? _(" with ZeRO-2")
                         : sharding == RIG_SHARDING_ZERO1 ? _(" with ZeRO-1") : _(", each holding a full copy"))
                      : "");
  if (r->fit == RIG_FIT_GPU && r->cpu_optimizer_params > 0 && r->reason[0] != PROBE_MARK)
    {
      g_autofree char *gpus = g_strdup (r->reason);

      /* Translators: the first %s is where the GPUs stand (“14.5 GiB per GPU on 1 GPU”), %.1f
       * the system memory in GiB that DeepSpeed's offloaded optimizer takes */
      set_reason (r, _("%s; the optimizer takes %.1f GiB of system memory"), gpus, gib (host * n));
    }
  if (!d->unified && host * n > d->host.capacity_bytes + 0.0)
    {
      r->fit = RIG_FIT_NONE;
      if (d->host.capacity_bytes == 0)
        /* Translators: %.1f is the system memory needed in GiB */
        set_reason (r, _("the optimizer needs %.1f GiB of system memory, and the build has none"),
                    gib (host * n));
      else if (r->cpu_optimizer_params > 0)
        /* Translators: the first %.1f is the system memory needed in GiB, the second the free
         * system memory in GiB */
        set_reason (r, _("the optimizer in system memory needs %.1f GiB; %.1f GiB is free"),
                    gib (host * n), gib (d->host.capacity_bytes));
      else
        /* Translators: the first %.1f is the system memory needed in GiB, the second the free
         * system memory in GiB */
        set_reason (r, _("the paged optimizer needs %.1f GiB of system memory; %.1f GiB is free"),
                    gib (host * n), gib (d->host.capacity_bytes));
    }
}

/* Fixes with numbers --------------------------------------------------------------------- */

const char *
rig_suggestion_setting_to_string (RigSuggestSetting setting)
{
  static const char * const names[] = {
    "context", "kv_cache", "flash_attention", "max_model_len", "gpu_memory_utilization",
    "iogpu.wired_limit_mb", "gradient_checkpointing", "sharding", "gpu_layers", "zero_init",
    "optimizer_offload",
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (names) == RIG_SUGGEST_N);

  return (guint) setting < RIG_SUGGEST_N ? names[setting] : NULL;
}

const char *
rig_suggestion_value_to_string (const RigSuggestion *s,
                                char                *buf,
                                gsize                size)
{
  switch (s->setting)
    {
    case RIG_SUGGEST_KV_CACHE:
      return rig_kv_cache_to_string ((RigKvCacheType) s->value);
    case RIG_SUGGEST_SHARDING:
      return rig_sharding_to_string ((RigSharding) s->value);
    case RIG_SUGGEST_FLASH_ATTENTION:
    case RIG_SUGGEST_GRADIENT_CHECKPOINTING:
    case RIG_SUGGEST_ZERO_INIT:
    case RIG_SUGGEST_OPTIMIZER_OFFLOAD:
      return s->value != 0 ? "true" : "false";
    case RIG_SUGGEST_GPU_MEMORY_UTILIZATION:
      g_ascii_formatd (buf, size, "%.2f", s->value);
      return buf;
    case RIG_SUGGEST_CONTEXT:
    case RIG_SUGGEST_MAX_MODEL_LEN:
    case RIG_SUGGEST_WIRED_LIMIT_MB:
    case RIG_SUGGEST_GPU_LAYERS:
    case RIG_SUGGEST_N:
    default:
      rig_snprintf (buf, size, "%.0f", s->value);
      return buf;
    }
}

char *
rig_suggestion_describe (const RigSuggestion *s)
{
  switch (s->setting)
    {
    case RIG_SUGGEST_CONTEXT:
      /* Translators: %.0f is a number of tokens */
      return rig_strdup_printf (_("fits with a context of %.0f tokens"), s->value);
    case RIG_SUGGEST_KV_CACHE:
      /* Translators: %s is a KV cache type (“q8_0”, “fp8”) */
      return rig_strdup_printf (_("fits with the KV cache in %s"),
                                rig_kv_cache_to_string ((RigKvCacheType) s->value));
    case RIG_SUGGEST_FLASH_ATTENTION:
      return g_strdup (_("fits with flash attention on"));
    case RIG_SUGGEST_MAX_MODEL_LEN:
      /* Translators: %.0f is a number of tokens; max_model_len is vLLM's setting */
      return rig_strdup_printf (_("fits with vLLM's max_model_len at %.0f tokens"), s->value);
    case RIG_SUGGEST_GPU_MEMORY_UTILIZATION:
      /* Translators: %.2f is a fraction such as 0.95; gpu_memory_utilization is vLLM's setting */
      return rig_strdup_printf (_("fits with vLLM's gpu_memory_utilization at %.2f"), s->value);
    case RIG_SUGGEST_WIRED_LIMIT_MB:
      /* Translators: %.0f is MiB; the command raises how much unified memory the GPU may use */
      return rig_strdup_printf (_("fits after “sudo sysctl iogpu.wired_limit_mb=%.0f” lets the GPU use "
                                  "more of the unified memory (until the next restart)"), s->value);
    case RIG_SUGGEST_GRADIENT_CHECKPOINTING:
      return g_strdup (_("fits with gradient checkpointing"));
    case RIG_SUGGEST_SHARDING:
      /* Translators: %s is a sharding setting (“zero2”, “zero3”) */
      return rig_strdup_printf (_("fits with %s sharding"), rig_sharding_to_string ((RigSharding) s->value));
    case RIG_SUGGEST_GPU_LAYERS:
      /* -ngl N puts the output layer and N - 1 of the file's layers on the GPUs (PR #18148). */
      if (s->value < 1)
        /* Translators: -ngl is llama.cpp's option */
        return g_strdup (_("fits with -ngl 0, every layer in system memory"));
      /* Translators: the first %.0f is -ngl's value (llama.cpp's option), the second the model's
       * layers it puts on the GPUs beside the output layer */
      return rig_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "fits with -ngl %.0f: the output layer and %.0f layer on "
                                             "the GPUs, the rest in system memory",
                                             "fits with -ngl %.0f: the output layer and %.0f layers on "
                                             "the GPUs, the rest in system memory",
                                             (gulong) (s->value - 1)),
                                s->value, s->value - 1);
    case RIG_SUGGEST_ZERO_INIT:
      /* Translators: zero.Init, TrainingArguments, deepspeed= and from_pretrained are names in
       * DeepSpeed's and transformers' code */
      return g_strdup (_("fits with the model built inside DeepSpeed's zero.Init (create "
                         "TrainingArguments with deepspeed= before calling from_pretrained)"));
    case RIG_SUGGEST_OPTIMIZER_OFFLOAD:
      /* Translators: offload_optimizer is DeepSpeed's setting */
      return g_strdup (_("fits with the optimizer in system memory (DeepSpeed's offload_optimizer to "
                         "the CPU; each step is slower)"));
    case RIG_SUGGEST_N:
    default:
      return g_strdup ("");
    }
}

gboolean
rig_suggestion_apply (const RigSuggestion *s,
                      RigWorkload         *w)
{
  switch (s->setting)
    {
    case RIG_SUGGEST_CONTEXT:
      w->context = (guint) s->value;
      return TRUE;
    case RIG_SUGGEST_KV_CACHE:
      w->kv_cache = (RigKvCacheType) s->value;
      return TRUE;
    case RIG_SUGGEST_FLASH_ATTENTION:
      w->flash_attention = TRUE;
      return TRUE;
    case RIG_SUGGEST_MAX_MODEL_LEN:
      w->max_model_len = (guint) s->value;
      return TRUE;
    case RIG_SUGGEST_GPU_MEMORY_UTILIZATION:
      w->gpu_memory_utilization = s->value;
      return TRUE;
    case RIG_SUGGEST_GRADIENT_CHECKPOINTING:
      w->gradient_checkpointing = TRUE;
      return TRUE;
    case RIG_SUGGEST_SHARDING:
      w->sharding = (RigSharding) s->value;
      return TRUE;
    case RIG_SUGGEST_GPU_LAYERS:
      w->gpu_layers = (int) s->value;
      return TRUE;
    case RIG_SUGGEST_ZERO_INIT:
      w->zero_init = TRUE;
      return TRUE;
    case RIG_SUGGEST_OPTIMIZER_OFFLOAD:
      w->optimizer_offload = TRUE;
      return TRUE;
    case RIG_SUGGEST_WIRED_LIMIT_MB:
    case RIG_SUGGEST_N:
    default:
      return FALSE;
    }
}

static void evaluate (const RigWorkload  *w,
                      const RigDeviceSet *d,
                      gboolean            probe,
                      RigWorkloadMemo    *memo,
                      RigWorkloadResult  *r);

static gboolean
probe_fits (const RigWorkload  *w,
            const RigDeviceSet *d)
{
  RigWorkloadResult probe;

  evaluate (w, d, TRUE, NULL, &probe);
  return probe.fit == RIG_FIT_GPU;
}

static void
suggest (RigWorkloadResult *r,
         RigSuggestSetting  setting,
         double             value)
{
  if (r->n_suggestions < RIG_MAX_SUGGESTIONS)
    r->suggestions[r->n_suggestions++] = (RigSuggestion) { setting, value };
}

/* The largest context (in steps of 256 tokens) below the workload's at which it fits; 0 when
 * none does. A bounded binary search over the memory terms alone. */
static guint
largest_fitting_context (const RigWorkload  *w,
                         const RigDeviceSet *d)
{
  RigWorkload t = *w;
  guint lo = 0, hi = w->context / 256;

  /* Most often the weights alone do not fit: one probe says so. */
  t.context = 256;
  t.max_model_len = 0;
  if (hi == 0 || !probe_fits (&t, d))
    return 0;
  lo = 1;
  while (lo < hi)
    {
      guint mid = (lo + hi + 1) / 2;

      t.context = mid * 256;
      t.max_model_len = 0;
      if (probe_fits (&t, d))
        lo = mid;
      else
        hi = mid - 1;
    }
  return lo * 256;
}

/* The Mac's GPU may wire only part of its memory by default (recommendedMaxWorkingSetSize); sysctl
 * iogpu.wired_limit_mb raises it and Metal reports the new value exactly (llmfit #754, antirez/ds4
 * #893). It leaves the system RIG_APPLE_SYSTEM_KEEP_BYTES. */
static void
suggest_wired_limit (const RigDeviceSet *d,
                     RigWorkloadResult  *r)
{
  const RigDevice *u = &d->gpus[0];
  double need_mib = ceil ((double) r->used_bytes[0] / RIG_MIB / 1024) * 1024;

  if (u->cls == RIG_DEVICE_CLASS_APPLE && u->total_bytes > 0 &&
      need_mib * RIG_MIB + RIG_APPLE_SYSTEM_KEEP_BYTES <= u->total_bytes)
    suggest (r, RIG_SUGGEST_WIRED_LIMIT_MB, need_mib);
}

/* The least vLLM gpu_memory_utilization, in hundredths up to a practical 0.98, that fits. */
static void
suggest_utilization (const RigWorkload  *w,
                     const RigDeviceSet *d,
                     RigWorkloadResult  *r)
{
  RigWorkload t = *w;

  for (guint u = (guint) ceil (w->gpu_memory_utilization * 100 + 0.5); u <= 98; u++)
    {
      t.gpu_memory_utilization = u / 100.0;
      if (probe_fits (&t, d))
        {
          suggest (r, RIG_SUGGEST_GPU_MEMORY_UTILIZATION, t.gpu_memory_utilization);
          return;
        }
    }
}

/* The most layers a set -ngl may put on the GPUs and still fit, the rest in system memory. */
static void
suggest_gpu_layers (const RigWorkload  *w,
                    const RigDeviceSet *d,
                    RigWorkloadResult  *r)
{
  RigWorkload t = *w;
  int lo = -1, hi = w->gpu_layers - 1;

  while (lo < hi)
    {
      int mid = (lo + hi + 1) / 2;

      RigWorkloadResult probe;

      t.gpu_layers = mid;
      evaluate (&t, d, TRUE, NULL, &probe);
      if (probe.fit == RIG_FIT_GPU || probe.fit == RIG_FIT_OFFLOAD)
        lo = mid;
      else
        hi = mid - 1;
    }
  if (lo >= 0)
    suggest (r, RIG_SUGGEST_GPU_LAYERS, lo);
}

static void
suggest_inference (const RigWorkload  *w,
                   const RigDeviceSet *d,
                   RigWorkloadResult  *r)
{
  RigWorkload t = *w;
  gboolean vllm = r->runtime == RIG_RUNTIME_VLLM;
  guint context = vllm ? 0 : largest_fitting_context (w, d);
  guint max_len = w->max_model_len ? w->max_model_len : w->context;

  if (d->unified)
    suggest_wired_limit (d, r);
  if (r->fit == RIG_FIT_NONE && r->runtime == RIG_RUNTIME_LLAMA_CPP && w->gpu_layers > 0 &&
      d->has_host && !d->unified)
    suggest_gpu_layers (w, d, r);
  /* When not even the shortest context fits (vLLM: nothing is left for the KV pool), the weights
   * are too big for any setting of the cache or of attention to help. */
  if (vllm ? r->kv_pool_tokens > 0 : context > 0)
    {
      if (!w->flash_attention && r->runtime == RIG_RUNTIME_LLAMA_CPP)
        {
          t.flash_attention = TRUE;
          if (probe_fits (&t, d))
            suggest (r, RIG_SUGGEST_FLASH_ATTENTION, 1);
          t = *w;
        }
      /* llama.cpp quantizes the V cache only with flash attention: with it off, that comes first. */
      if (w->kv_cache == RIG_KV_CACHE_F16 && (w->flash_attention || r->runtime != RIG_RUNTIME_LLAMA_CPP))
        {
          t.kv_cache = vllm ? RIG_KV_CACHE_FP8 : RIG_KV_CACHE_Q8_0;
          if (probe_fits (&t, d))
            suggest (r, RIG_SUGGEST_KV_CACHE, t.kv_cache);
        }
      if (context > 0)
        suggest (r, RIG_SUGGEST_CONTEXT, context);
      if (vllm && r->kv_pool_tokens >= RIG_VLLM_BLOCK_TOKENS && r->kv_pool_tokens < max_len)
        suggest (r, RIG_SUGGEST_MAX_MODEL_LEN, r->kv_pool_tokens);
    }
  if (vllm)
    suggest_utilization (w, d, r);
}

static void
suggest_training (const RigWorkload  *w,
                  const RigDeviceSet *d,
                  RigWorkloadResult  *r)
{
  RigWorkload t = *w;
  guint context;

  if (d->unified)
    suggest_wired_limit (d, r);
  if (!w->zero_init)
    {
      t.zero_init = TRUE;
      if (probe_fits (&t, d))
        suggest (r, RIG_SUGGEST_ZERO_INIT, 1);
      t = *w;
    }
  if (!w->gradient_checkpointing)
    {
      t.gradient_checkpointing = TRUE;
      if (probe_fits (&t, d))
        suggest (r, RIG_SUGGEST_GRADIENT_CHECKPOINTING, 1);
      t = *w;
    }
  if (d->n_gpus > 1 && !d->unified && w->sharding != RIG_SHARDING_AUTO && w->sharding < RIG_SHARDING_ZERO3)
    /* ZeRO's stages for the transformers Trainer (DeepSpeed), FSDP for torchtune and LitGPT. */
    for (RigSharding s = r->runtime == RIG_RUNTIME_TRANSFORMERS ? MAX (w->sharding + 1, RIG_SHARDING_ZERO1)
                                                               : RIG_SHARDING_FSDP;
         s <= (r->runtime == RIG_RUNTIME_TRANSFORMERS ? RIG_SHARDING_ZERO3 : RIG_SHARDING_FSDP); s++)
      {
        t.sharding = s;
        if (probe_fits (&t, d))
          {
            suggest (r, RIG_SUGGEST_SHARDING, s);
            break;
          }
      }
  /* ZeRO-Offload, DeepSpeed's and so the Trainer's, when sharding alone does not do it. */
  if (r->runtime == RIG_RUNTIME_TRANSFORMERS && !w->optimizer_offload && d->has_host && !d->unified &&
      w->sharding != RIG_SHARDING_FSDP && w->mode == RIG_MODE_FULL_FINETUNE)
    {
      t.optimizer_offload = TRUE;
      if (probe_fits (&t, d))
        suggest (r, RIG_SUGGEST_OPTIMIZER_OFFLOAD, 1);
      t = *w;
    }
  context = largest_fitting_context (w, d);
  if (context > 0)
    suggest (r, RIG_SUGGEST_CONTEXT, context);
}

static void
evaluate (const RigWorkload  *w,
          const RigDeviceSet *d,
          gboolean            probe,
          RigWorkloadMemo    *memo,
          RigWorkloadResult  *r)
{
  result_init (r, d, probe);

  if (w->model == NULL)
    {
      set_reason (r, _("the model is not resolved from the catalog"));
      return;
    }

  if (w->mode == RIG_MODE_INFERENCE)
    evaluate_inference (w, d, memo, r);
  else
    evaluate_training (w, d, memo, r);
  breakdown_finish (&r->memory);
}

void
rig_memory_evaluate_lean (const RigWorkload  *w,
                          const RigDeviceSet *d,
                          RigWorkloadResult  *r)
{
  evaluate (w, d, TRUE, NULL, r);
  r->reason[0] = '\0';
}

void
rig_memory_evaluate_memo (const RigWorkload  *w,
                          const RigDeviceSet *d,
                          RigWorkloadMemo    *memo,
                          RigWorkloadResult  *r)
{
  evaluate (w, d, TRUE, memo, r);
  r->reason[0] = '\0';
}

void
rig_memory_evaluate (const RigWorkload  *w,
                     const RigDeviceSet *d,
                     RigWorkloadResult  *r)
{
  evaluate (w, d, FALSE, NULL, r);

  /* Nearest changes that make it fit on the GPUs, when it does not yet. */
  if (w->model == NULL || (r->fit != RIG_FIT_NONE && r->fit != RIG_FIT_OFFLOAD) || d->n_gpus == 0)
    return;
  if (w->mode == RIG_MODE_INFERENCE)
    suggest_inference (w, d, r);
  else
    suggest_training (w, d, r);
}
