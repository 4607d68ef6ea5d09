/* rig-memory.c: memory per workload and its placement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-calibration.h"
#include "rig-i18n.h"
#include "rig-memory.h"

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
    N_("fits on the GPUs"), N_("fits with offload to system memory"), N_("runs on the CPU"),
    N_("does not fit"), N_("not checked")
  };
  return _(texts[fit]);
}

static double
known_or (double value,
          double fallback)
{
  return RIG_IS_KNOWN (value) ? value : fallback;
}

static double
head_dim (const RigModel *m)
{
  return RIG_IS_KNOWN (m->head_dim) ? m->head_dim : m->hidden_size / m->heads;
}

static gboolean
has_architecture (const RigModel *m)
{
  return RIG_IS_KNOWN (m->layers) && RIG_IS_KNOWN (m->hidden_size) && RIG_IS_KNOWN (m->heads) &&
         RIG_IS_KNOWN (m->kv_heads) && RIG_IS_KNOWN (m->vocab);
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
  double experts = 0, rest;

  memset (s, 0, sizeof *s);
  if (!has_architecture (m))
    {
      s->ffn_rest = total;
      return;
    }

  s->embed = m->vocab * m->hidden_size;
  s->output = m->tied_embeddings == 1 ? 0 : m->vocab * m->hidden_size;

  if (m->attention == NULL || !g_str_equal (m->attention, "mla"))
    {
      double hd = head_dim (m);
      double q = m->layers * m->hidden_size * m->heads * hd;
      double kv = m->layers * m->hidden_size * m->kv_heads * hd;

      s->attn_rest = q + kv;          /* q and k */
      s->attn_v = kv;
      s->attn_o = m->layers * m->heads * hd * m->hidden_size;
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

double
rig_memory_weights_bytes (const RigWorkload *w,
                          RigParamSplit     *split_out)
{
  RigParamSplit s;
  double bytes;

  if (w->model == NULL)
    return NAN;
  param_split (w->model, &s);
  bytes = (s.embed * bits_or_16 (w, RIG_TENSOR_EMBED) +
           s.output * bits_or_16 (w, RIG_TENSOR_OUTPUT) +
           s.attn_v * bits_or_16 (w, RIG_TENSOR_ATTN_V) +
           s.attn_o * bits_or_16 (w, RIG_TENSOR_ATTN_OUTPUT) +
           (s.ffn_down + s.experts_down) * bits_or_16 (w, RIG_TENSOR_FFN_DOWN) +
           (s.attn_rest + s.ffn_rest + s.experts_rest) * bits_or_16 (w, RIG_TENSOR_DEFAULT)) / 8.0;
  if (split_out)
    *split_out = s;
  return bytes;
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

double
rig_memory_kv_bytes (const RigWorkload *w,
                     double             context)
{
  const RigModel *m = w->model;
  double per_token_layer, swa, window;

  if (m == NULL || !has_architecture (m))
    return 0;

  if (m->attention && g_str_equal (m->attention, "mla") && RIG_IS_KNOWN (m->kv_lora_rank))
    /* MLA caches one compressed latent plus the RoPE key per layer (DeepSeek-V2 paper,
     * arXiv 2405.04434 §2.1.2; llama.cpp stores exactly this with MLA enabled). */
    per_token_layer = (m->kv_lora_rank + known_or (m->qk_rope_dim, 0)) * kv_element_bytes (w);
  else
    per_token_layer = 2.0 * m->kv_heads * head_dim (m) * kv_element_bytes (w);

  /* Sliding-window layers keep only the last `window` tokens. */
  swa = known_or (m->swa_layers, 0);
  window = known_or (m->sliding_window, context);
  return per_token_layer * ((m->layers - swa) * context + swa * MIN (context, window));
}

static RigRuntime
pick_runtime (const RigWorkload *w)
{
  const char *format = w->quant ? w->quant->format : NULL;

  if (w->runtime != RIG_RUNTIME_DEFAULT)
    return w->runtime;
  if (w->mode != RIG_MODE_INFERENCE)
    return RIG_RUNTIME_TRANSFORMERS;
  if (format == NULL || g_str_equal (format, "gguf") || g_str_equal (format, "float"))
    return RIG_RUNTIME_LLAMA_CPP;
  if (g_str_equal (format, "mlx"))
    return RIG_RUNTIME_MLX;
  if (g_str_equal (format, "bnb"))
    return RIG_RUNTIME_TRANSFORMERS;
  return RIG_RUNTIME_VLLM;
}

/* Compute or activation buffers of an inference runtime, per device that runs layers. */
static double
inference_activation_bytes (const RigWorkload *w,
                            RigRuntime         runtime)
{
  const RigModel *m = w->model;
  double h, ff;

  if (!has_architecture (m))
    return 0;
  h = m->hidden_size;
  ff = known_or (m->intermediate_size, 4 * h);

  switch (runtime)
    {
    case RIG_RUNTIME_VLLM:
      /* vLLM's profile run pushes max_num_batched_tokens through the model. */
      return RIG_VLLM_PROFILE_TOKENS * (4 * h + 3 * ff) * 2.0 + 256.0 * m->vocab * 4.0;
    case RIG_RUNTIME_TRANSFORMERS:
      return w->batch * (double) w->context * (4 * h + 2 * ff) * 2.0 + w->batch * m->vocab * 4.0;
    case RIG_RUNTIME_LLAMA_CPP:
    case RIG_RUNTIME_MLX:
    case RIG_RUNTIME_DEFAULT:
    case RIG_RUNTIME_N:
    default:
      return (w->context / 1024.0 * RIG_LLAMACPP_COMPUTE_MIB_PER_HEAD_PER_KTOK +
              RIG_LLAMACPP_COMPUTE_MIB_PER_HEAD_BASE) * m->heads * RIG_MIB;
    }
}

static guint64
device_overhead (const RigDevice *d,
                 gboolean         unified)
{
  if (unified)
    return RIG_UNIFIED_RUNTIME_BYTES;
  return d->cls == RIG_DEVICE_CLASS_CPU ? 0 : RIG_CUDA_CONTEXT_BYTES;
}

static void G_GNUC_PRINTF (2, 3)
set_reason (RigWorkloadResult *r,
            const char        *format,
            ...)
{
  va_list args;

  va_start (args, format);
  g_vsnprintf (r->reason, sizeof r->reason, format, args);
  va_end (args);
}

static double
gib (double bytes)
{
  return bytes / RIG_GIB;
}

static void
result_init (RigWorkloadResult  *r,
             const RigDeviceSet *d)
{
  memset (r, 0, sizeof *r);
  r->fit = RIG_FIT_UNKNOWN;
  r->n_devices = d->n_gpus + 1;
  for (guint i = 0; i < d->n_gpus; i++)
    r->capacity_bytes[i] = d->gpus[i].capacity_bytes;
  r->capacity_bytes[d->n_gpus] = d->has_host ? d->host.capacity_bytes : 0;
  r->decode_tokens_per_s = NAN;
  r->prefill_tokens_per_s = NAN;
  r->load_seconds = NAN;
  r->train_tokens_per_s = NAN;
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

typedef struct
{
  double weights, embed, output, layers, experts, experts_active_fraction;
  double kv, act;
} Need;

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
  double fixed[RIG_MAX_GPUS], free_sum = 0, var = need->layers + need->kv;
  double extras_sum = 0, host_need = embed_on_host ? need->embed : 0;
  double x = 0, y = 0;      /* shares of experts / of layers moved to system memory */

  for (guint i = 0; i < n; i++)
    {
      fixed[i] = need->act + device_overhead (&d->gpus[i], FALSE);
      if (i == n - 1)
        fixed[i] += need->output;
      if (i == 0 && !embed_on_host)
        fixed[i] += need->embed;
      extras_sum += fixed[i];
      free_sum += MAX (0.0, (double) d->gpus[i].capacity_bytes - fixed[i]);
    }

  r->memory.activations_bytes = (guint64) (need->act * n);
  if (var > free_sum)
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
      else if (need->experts > 0 && var - need->experts <= free_sum)
        {
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
      double free_i = MAX (0.0, (double) d->gpus[i].capacity_bytes - fixed[i]);
      double share = free_sum > 0 ? free_i / free_sum : 1.0 / n;
      double on_gpu = r->fit == RIG_FIT_NONE ? var * share
                                             : (var - x * need->experts - y * var) * share;
      double layer_weights = r->fit == RIG_FIT_NONE ? need->layers * share
                                                    : (need->layers * (1 - y) - x * need->experts) * share;
      double kv_i = need->kv * (1 - y) * share;
      double active_layer = layer_weights - (need->experts * (1 - x) * (1 - y) * share) *
                                            (1 - need->experts_active_fraction);

      r->used_bytes[i] = (guint64) (fixed[i] + on_gpu);
      r->read_bytes[i] = MAX (0.0, active_layer) + kv_i + (i == n - 1 ? need->output : 0);
      r->compute_share[i] = (1 - y) * share;
    }
  r->used_bytes[host] = (guint64) host_need;
  r->read_bytes[host] = x * need->experts * need->experts_active_fraction +
                        y * (need->layers - need->experts * (1 - need->experts_active_fraction)) +
                        y * need->kv;
  r->compute_share[host] = y;
  r->gpus_used = n;
  r->memory.overhead_bytes = 0;
  for (guint i = 0; i < n; i++)
    r->memory.overhead_bytes += device_overhead (&d->gpus[i], FALSE);
}

static void
place_tensor_split (const RigWorkload  *w,
                    const RigDeviceSet *d,
                    RigRuntime          runtime,
                    const Need         *need,
                    RigWorkloadResult  *r)
{
  guint n = d->n_gpus;
  double per_gpu_state = (need->weights + need->kv) / n;
  double graph = runtime == RIG_RUNTIME_VLLM ? RIG_VLLM_CUDA_GRAPH_BYTES : 0;
  double utilization = runtime == RIG_RUNTIME_VLLM ? RIG_VLLM_GPU_MEMORY_UTILIZATION : 1.0;
  double active_weights = need->weights - need->experts * (1 - need->experts_active_fraction);
  gboolean fits = TRUE;
  double worst_need = 0, worst_cap = 0;

  r->tensor_parallel = n > 1;
  r->gpus_used = n;
  for (guint i = 0; i < n; i++)
    {
      double overhead = device_overhead (&d->gpus[i], FALSE) + graph;
      double needed = per_gpu_state + need->act + overhead;
      double budget = d->gpus[i].capacity_bytes * utilization;

      if (needed > budget)
        {
          fits = FALSE;
          worst_need = needed;
          worst_cap = budget;
        }
      /* vLLM takes its whole share up front and fills the rest with KV cache. */
      r->used_bytes[i] = (guint64) (runtime == RIG_RUNTIME_VLLM ? MAX (needed, budget) : needed);
      r->read_bytes[i] = (active_weights + need->kv) / n;
      r->compute_share[i] = 1.0 / n;
      r->memory.overhead_bytes += (guint64) overhead;
    }
  r->memory.activations_bytes = (guint64) (need->act * n);

  if (fits)
    {
      r->fit = RIG_FIT_GPU;
      /* Translators: %.1f is the memory per GPU in GiB, %u the number of GPUs, %s is empty or
       * “; vLLM reserves 90% of each GPU and fills the rest with KV cache” */
      set_reason (r, g_dngettext (GETTEXT_PACKAGE, "%.1f GiB per GPU across %u GPU%s",
                                  "%.1f GiB per GPU across %u GPUs%s", n),
                  gib (per_gpu_state + need->act), n,
                  runtime == RIG_RUNTIME_VLLM
                    /* xgettext:no-c-format */
                    ? _("; vLLM reserves 90% of each GPU and fills the rest with KV cache") : "");
    }
  else
    {
      r->fit = RIG_FIT_NONE;
      /* Translators: the first %.1f is the memory needed per GPU in GiB, the second what each
       * GPU offers in GiB, %s is empty or “ (90% of it, vLLM's gpu_memory_utilization)” */
      set_reason (r, _("needs %.1f GiB per GPU; each GPU offers %.1f GiB%s"), gib (worst_need),
                  gib (worst_cap),
                  runtime == RIG_RUNTIME_VLLM
                    /* xgettext:no-c-format */
                    ? _(" (90% of it, vLLM's gpu_memory_utilization)") : "");
    }
}

static void
evaluate_inference (const RigWorkload  *w,
                    const RigDeviceSet *d,
                    RigWorkloadResult  *r)
{
  const RigModel *m = w->model;
  RigParamSplit split;
  Need need = { 0 };
  RigRuntime runtime = pick_runtime (w);

  r->runtime = runtime;
  need.weights = rig_memory_weights_bytes (w, &split);
  need.embed = split.embed * bits_or_16 (w, RIG_TENSOR_EMBED) / 8;
  need.output = split.output * bits_or_16 (w, RIG_TENSOR_OUTPUT) / 8;
  need.layers = need.weights - need.embed - need.output;
  need.experts = (split.experts_down * bits_or_16 (w, RIG_TENSOR_FFN_DOWN) +
                  split.experts_rest * bits_or_16 (w, RIG_TENSOR_DEFAULT)) / 8;
  need.experts_active_fraction = RIG_IS_KNOWN (m->experts) && RIG_IS_KNOWN (m->experts_active)
                                   ? m->experts_active / m->experts : 1.0;
  need.kv = rig_memory_kv_bytes (w, w->context) * w->batch;
  need.act = inference_activation_bytes (w, runtime);

  r->memory.weights_bytes = (guint64) need.weights;
  r->memory.kv_cache_bytes = (guint64) need.kv;

  if (d->unified)
    {
      const RigDevice *u = &d->gpus[0];
      double total = need.weights + need.kv + need.act + RIG_UNIFIED_RUNTIME_BYTES;

      r->memory.activations_bytes = (guint64) need.act;
      r->memory.overhead_bytes = RIG_UNIFIED_RUNTIME_BYTES;
      r->used_bytes[0] = (guint64) total;
      r->read_bytes[0] = need.weights - need.experts * (1 - need.experts_active_fraction) + need.kv;
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
      if (runtime == RIG_RUNTIME_VLLM || (w->split == RIG_SPLIT_TENSOR && d->n_gpus > 1))
        place_tensor_split (w, d, runtime, &need, r);
      else
        place_layer_split (w, d, runtime, &need, r);
      return;
    }

  if (d->has_host)
    {
      double total = need.weights + need.kv + need.act;

      r->memory.activations_bytes = (guint64) need.act;
      r->used_bytes[d->n_gpus] = (guint64) total;
      r->read_bytes[d->n_gpus] = need.weights - need.experts * (1 - need.experts_active_fraction) + need.kv;
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
  double h = m->hidden_size, hd = head_dim (m), ff = known_or (m->intermediate_size, 4 * h);
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

static double
training_activation_bytes (const RigWorkload *w)
{
  const RigModel *m = w->model;
  double s = w->context, b = w->batch;
  double sbh = s * b * m->hidden_size;
  double logits = s * b * m->vocab * 2.0;
  /* Without flash attention the softmax input and output, and the dropout mask, are stored:
   * 5 a s^2 b bytes per layer (Korthikanti et al., eq. 2). */
  double per_layer = sbh * RIG_ACT_BYTES_PER_HIDDEN +
                     (w->flash_attention ? 0 : RIG_ACT_SCORE_BYTES * m->heads * s * s * b);

  if (w->gradient_checkpointing)
    return m->layers * sbh * RIG_ACT_CKPT_BYTES_PER_HIDDEN + per_layer + logits;
  return m->layers * per_layer + logits;
}

static void
evaluate_training (const RigWorkload  *w,
                   const RigDeviceSet *d,
                   RigWorkloadResult  *r)
{
  const RigModel *m = w->model;
  double params = m->params_b * 1e9;
  double trainable, weights, grads, optimizer, act, per_state;
  guint n = d->unified ? 1 : d->n_gpus;
  RigSharding sharding = w->sharding;
  gboolean paged = w->optimizer == RIG_OPTIMIZER_PAGED_ADAMW_8BIT && (d->has_host || d->unified);
  double wdiv = 1, gdiv = 1, odiv = 1, host = 0;

  r->runtime = RIG_RUNTIME_TRANSFORMERS;
  if (!has_architecture (m))
    {
      r->fit = RIG_FIT_UNKNOWN;
      /* Translators: %s is a model's name */
      set_reason (r, _("the catalog has no architecture for %s, which training memory needs"), m->name);
      return;
    }

  if (w->mode == RIG_MODE_FULL_FINETUNE)
    {
      trainable = params;
      weights = params * RIG_TRAIN_WEIGHT_BYTES;
    }
  else
    {
      /* Frozen base weights at their quantization (16-bit for LoRA, NF4 for QLoRA), plus the
       * adapters in 16-bit. */
      RigWorkload copy = *w;
      if (w->mode == RIG_MODE_QLORA && (w->quant == NULL || !g_str_equal (w->quant->format, "bnb")))
        for (guint t = 0; t < RIG_TENSOR_N; t++)
          copy.bits[t] = t == RIG_TENSOR_EMBED || t == RIG_TENSOR_OUTPUT ? 16.0 : 4.127;
      trainable = lora_params (m, w->lora_rank, w->lora_targets);
      weights = rig_memory_weights_bytes (&copy, NULL) + trainable * RIG_TRAIN_WEIGHT_BYTES;
    }
  grads = trainable * RIG_TRAIN_GRAD_BYTES;
  optimizer = trainable * (RIG_TRAIN_MASTER_BYTES + optimizer_state_bytes (w->optimizer));
  act = training_activation_bytes (w);

  r->memory.weights_bytes = (guint64) weights;
  r->memory.gradients_bytes = (guint64) grads;
  r->memory.optimizer_bytes = (guint64) optimizer;

  if (n == 0)
    {
      if (!d->has_host)
        {
          r->fit = RIG_FIT_UNKNOWN;
          set_reason (r, _("the build has no GPU, no prebuilt system and no memory to train in"));
          return;
        }
      per_state = weights + grads + optimizer + act;
      r->memory.activations_bytes = (guint64) act;
      r->used_bytes[d->n_gpus] = (guint64) per_state;
      r->fit = per_state <= d->host.capacity_bytes ? RIG_FIT_CPU : RIG_FIT_NONE;
      set_reason (r, _("%.1f GiB in system memory (no GPU in the build; training on the CPU is very slow)"),
                  gib (per_state));
      return;
    }

  /* ZeRO stages / FSDP: 1 shards the optimizer state, 2 also the gradients, 3 also the weights. */
  if (sharding == RIG_SHARDING_AUTO)
    sharding = n > 1 ? RIG_SHARDING_ZERO3 : RIG_SHARDING_NONE;
  if (n > 1 && sharding >= RIG_SHARDING_ZERO1)
    odiv = n;
  if (n > 1 && sharding >= RIG_SHARDING_ZERO2)
    gdiv = n;
  if (n > 1 && sharding >= RIG_SHARDING_ZERO3)
    wdiv = n;
  if (paged)
    {
      /* Paged optimizers keep their state in memory the GPU pages in on demand. */
      host = optimizer / odiv;
      optimizer = 0;
    }

  r->memory.activations_bytes = (guint64) (act * n);
  r->gpus_used = n;
  r->fit = RIG_FIT_GPU;
  for (guint i = 0; i < n; i++)
    {
      const RigDevice *g = &d->gpus[i];
      double overhead = device_overhead (g, d->unified);
      double need = weights / wdiv + grads / gdiv + optimizer / odiv + act + overhead +
                    (d->unified ? host : 0);

      r->used_bytes[i] = (guint64) need;
      r->memory.overhead_bytes += (guint64) overhead;
      r->compute_share[i] = 1.0 / n;
      if (need > g->capacity_bytes)
        {
          r->fit = RIG_FIT_NONE;
          /* Translators: the first %.1f is the memory needed per GPU in GiB, the next four its
           * parts in GiB, %s a GPU's name (“GPU 1: NVIDIA GeForce RTX 4090”), the last %.1f its
           * memory in GiB */
          set_reason (r, _("needs %.1f GiB per GPU (weights %.1f, gradients %.1f, optimizer %.1f, "
                           "activations %.1f); %s holds %.1f GiB"), gib (need), gib (weights / wdiv),
                      gib (grads / gdiv), gib (optimizer / odiv), gib (act), g->name,
                      gib (g->capacity_bytes));
        }
    }
  if (!d->unified && host > 0)
    r->used_bytes[d->n_gpus] = (guint64) host;
  if (r->fit == RIG_FIT_GPU)
    /* Translators: %.1f is the memory per GPU in GiB, %u the number of GPUs, %s is empty or
     * how the training state is spread (“ with ZeRO-2”, “, each holding a full copy”) */
    set_reason (r, g_dngettext (GETTEXT_PACKAGE, "%.1f GiB per GPU on %u GPU%s",
                                "%.1f GiB per GPU on %u GPUs%s", n),
                gib (r->used_bytes[0]), n,
                n > 1 ? (sharding == RIG_SHARDING_ZERO3 ? _(" with ZeRO-3 / FSDP full sharding")
                         : sharding == RIG_SHARDING_ZERO2 ? _(" with ZeRO-2")
                         : sharding == RIG_SHARDING_ZERO1 ? _(" with ZeRO-1") : _(", each holding a full copy"))
                      : "");
  if (!d->unified && host > d->host.capacity_bytes + 0.0)
    {
      r->fit = RIG_FIT_NONE;
      /* Translators: the first %.1f is the system memory needed in GiB, the second the free
       * system memory in GiB */
      set_reason (r, _("the paged optimizer needs %.1f GiB of system memory; %.1f GiB is free"),
                  gib (host), gib (d->host.capacity_bytes));
    }
}

void
rig_memory_evaluate (const RigWorkload  *w,
                     const RigDeviceSet *d,
                     RigWorkloadResult  *r)
{
  result_init (r, d);

  if (w->model == NULL)
    {
      set_reason (r, _("the model is not resolved from the catalog"));
      return;
    }

  if (w->mode == RIG_MODE_INFERENCE)
    evaluate_inference (w, d, r);
  else
    evaluate_training (w, d, r);

  r->memory.total_bytes = r->memory.weights_bytes + r->memory.kv_cache_bytes +
                          r->memory.activations_bytes + r->memory.gradients_bytes +
                          r->memory.optimizer_bytes + r->memory.overhead_bytes;
}
