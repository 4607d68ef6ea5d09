/* rig-speed.c: the two-term decode model and the compute-bound prefill model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-calibration.h"
#include "rig-i18n.h"
#include "rig-speed.h"

/* A device's decode efficiency and per-token time for @runtime, and for a mixture of experts
 * when @moe. */
static void
decode_constants (RigDeviceClass cls,
                  RigRuntime     runtime,
                  gboolean       moe,
                  double        *eff,
                  double        *t0_ms)
{
  switch (cls)
    {
    case RIG_DEVICE_CLASS_NVIDIA_GDDR:
      *eff = RIG_DECODE_EFF_NVIDIA_GDDR;
      *t0_ms = RIG_DECODE_T0_NVIDIA_GDDR_MS;
      break;
    case RIG_DEVICE_CLASS_NVIDIA_HBM:
      *eff = RIG_DECODE_EFF_NVIDIA_HBM;
      *t0_ms = RIG_DECODE_T0_NVIDIA_HBM_MS;
      break;
    case RIG_DEVICE_CLASS_APPLE:
      *eff = RIG_DECODE_EFF_APPLE * (moe ? RIG_DECODE_MOE_EFF_APPLE : 1.0);
      *t0_ms = runtime == RIG_RUNTIME_MLX ? RIG_DECODE_T0_APPLE_MLX_MS : RIG_DECODE_T0_APPLE_MS;
      break;
    case RIG_DEVICE_CLASS_UNIFIED:
      *eff = RIG_DECODE_EFF_UNIFIED;
      *t0_ms = RIG_DECODE_T0_UNIFIED_MS;
      break;
    case RIG_DEVICE_CLASS_CPU:
      *eff = RIG_DECODE_EFF_CPU;
      *t0_ms = RIG_DECODE_T0_CPU_MS;
      break;
    case RIG_DEVICE_CLASS_OTHER_GPU:
    default:
      *eff = RIG_DECODE_EFF_OTHER_GPU;
      *t0_ms = RIG_DECODE_T0_OTHER_GPU_MS;
      break;
    }
}

static double
prefill_efficiency (RigDeviceClass cls)
{
  switch (cls)
    {
    case RIG_DEVICE_CLASS_NVIDIA_GDDR:
      return RIG_PREFILL_EFF_NVIDIA_GDDR;
    case RIG_DEVICE_CLASS_NVIDIA_HBM:
      return RIG_PREFILL_EFF_NVIDIA_HBM;
    case RIG_DEVICE_CLASS_APPLE:
      return RIG_PREFILL_EFF_APPLE;
    case RIG_DEVICE_CLASS_UNIFIED:
      return RIG_PREFILL_EFF_UNIFIED;
    case RIG_DEVICE_CLASS_CPU:
      return RIG_PREFILL_EFF_CPU;
    case RIG_DEVICE_CLASS_OTHER_GPU:
    default:
      return RIG_PREFILL_EFF_OTHER_GPU;
    }
}

static double
kernel_factor (const RigWorkload *w)
{
  switch (rig_quant_format (w->quant))
    {
    case RIG_QUANT_FORMAT_FLOAT:
      return RIG_KERNEL_FACTOR_FLOAT;
    case RIG_QUANT_FORMAT_GGUF:
    case RIG_QUANT_FORMAT_GGUF_FLOAT:
      return RIG_KERNEL_FACTOR_GGUF;
    case RIG_QUANT_FORMAT_BNB:
      return w->quant->bits_per_weight < 6 ? RIG_KERNEL_FACTOR_BNB_4BIT : RIG_KERNEL_FACTOR_BNB_INT8;
    case RIG_QUANT_FORMAT_UNREAD:
    case RIG_QUANT_FORMAT_MLX:
    case RIG_QUANT_FORMAT_OTHER:
    default:
      return RIG_KERNEL_FACTOR_OTHER;
    }
}

/* GPU operations per weight byte that unpacking @w's quantization costs on an Apple GPU; 0 for
 * unquantized weights and formats not measured there. */
static double
apple_dequant_ops_per_byte (const RigWorkload *w)
{
  const char *id;

  if (rig_quant_format (w->quant) != RIG_QUANT_FORMAT_GGUF || w->quant->id == NULL)
    return 0;
  id = w->quant->id;
  /* Q4_0, Q4_1, Q5_0, Q5_1, Q8_0: one scale per block of 32. */
  if (id[0] == 'Q' && g_ascii_isdigit (id[1]) && id[2] == '_' && (id[3] == '0' || id[3] == '1') &&
      id[4] == '\0')
    return RIG_DEQUANT_OPS_PER_BYTE_APPLE_LEGACY;
  /* K-quants, and i-quants, which unpack at least as much. */
  return RIG_DEQUANT_OPS_PER_BYTE_APPLE_KQUANT;
}

/* Whether @w's weights are a GGUF block quantization, which llama.cpp multiplies with its int8
 * kernels (the activations quantized to int8 on the fly), not with FP16 ones. */
static gboolean
gguf_quantized (const RigWorkload *w)
{
  return rig_quant_format (w->quant) == RIG_QUANT_FORMAT_GGUF && w->quant->id != NULL;
}

/* FLOPS the matrix kernels reach on @dev: the FP16 tensor figure, or for GGUF block quantizations
 * the int8 dot-product rate where that is higher (Pascal, whose FP16 rate is 1/64 of FP32). */
static double
compute_peak (const RigWorkload *w,
              const RigDevice   *dev,
              gboolean           llama_cpp)
{
  double peak = prefill_efficiency (dev->cls) * dev->tflops * 1e12;

  if (dev->hopper && llama_cpp)
    peak *= RIG_HOPPER_MMA_SYNC_FACTOR;
  if (gguf_quantized (w) && RIG_IS_KNOWN (dev->dp4a_tops) && dev->dp4a_tops > 0)
    peak = MAX (peak, RIG_PREFILL_EFF_DP4A * dev->dp4a_tops * 1e12);
  return peak;
}

static const RigDevice *
device_at (const RigDeviceSet *d,
           guint               i)
{
  return i < d->n_gpus ? &d->gpus[i] : &d->host;
}

/* FLOPs per token of a forward pass: 2 per active parameter, plus attention over @context
 * earlier tokens (QK^T and AV, 2 x 2 x context x heads x head_dim per layer). */
static double
forward_flops (const RigModel *m,
               double          context)
{
  double active = (RIG_IS_KNOWN (m->active_params_b) ? m->active_params_b : m->params_b) * 1e9;
  double attn = 0;

  if (RIG_IS_KNOWN (m->layers) && RIG_IS_KNOWN (m->heads) && RIG_IS_KNOWN (m->hidden_size))
    {
      double hd = RIG_IS_KNOWN (m->head_dim) ? m->head_dim : m->hidden_size / m->heads;
      attn = 4.0 * m->layers * context * m->heads * hd;
    }
  return 2.0 * active + attn;
}

const char *
rig_speed_bound_id (RigSpeedBound bound)
{
  switch (bound)
    {
    case RIG_SPEED_BOUND_BANDWIDTH:
      return "bandwidth";
    case RIG_SPEED_BOUND_COMPUTE:
      return "compute";
    case RIG_SPEED_BOUND_PCIE:
      return "pcie";
    case RIG_SPEED_BOUND_CPU:
      return "cpu";
    case RIG_SPEED_BOUND_FRAMEWORK:
      return "framework";
    case RIG_SPEED_BOUND_UNKNOWN:
    default:
      return NULL;
    }
}

/* Seconds per decode step, split into the terms that can bind it. */
typedef struct
{
  double overhead_s;    /* per-token work of the runtime */
  double host_loop_s;   /* what the host spends launching a step, overlapping the GPU's work */
  double link_s;        /* hand-offs between GPUs */
  double mem_s;         /* reading weights and KV cache */
  double host_mem_s;    /* the part of mem_s spent in system memory */
  double compute_s;
  gboolean known;
} DecodeStep;

static RigSpeedBound
decode_step_bound (const DecodeStep *t,
                   gboolean          nvlink)
{
  double work = MAX (t->mem_s, t->compute_s);

  if (t->host_loop_s >= t->overhead_s + t->link_s + work)
    return RIG_SPEED_BOUND_FRAMEWORK;
  if (t->overhead_s >= work && t->overhead_s >= t->link_s)
    return RIG_SPEED_BOUND_FRAMEWORK;
  if (t->link_s >= work)
    return nvlink ? RIG_SPEED_BOUND_FRAMEWORK : RIG_SPEED_BOUND_PCIE;
  if (t->compute_s > t->mem_s)
    return RIG_SPEED_BOUND_COMPUTE;
  return t->host_mem_s > 0.5 * t->mem_s ? RIG_SPEED_BOUND_CPU : RIG_SPEED_BOUND_BANDWIDTH;
}

/* What every decode step of one workload on one device set shares, worked out once. */
typedef struct
{
  const RigWorkload       *w;
  const RigDeviceSet      *d;
  const RigWorkloadResult *r;
  double kernel;                    /* kernel_factor () */
  double apple_dequant;             /* apple_dequant_ops_per_byte () */
  double kv_planned;                /* the KV cache the workload's sequences fill */
  double peak[RIG_MAX_DEVICES];     /* compute_peak () of each device with a known TFLOPS */
  double eff[RIG_MAX_DEVICES];      /* decode_constants () of each device */
  double t0_ms[RIG_MAX_DEVICES];
} SpeedCase;

static void
speed_case_init (SpeedCase               *c,
                 const RigWorkload       *w,
                 const RigDeviceSet      *d,
                 const RigWorkloadResult *r)
{
  gboolean moe;     /* a mixture of experts, only some of them read per token */

  c->w = w;
  c->d = d;
  c->r = r;
  c->kernel = kernel_factor (w);
  c->apple_dequant = apple_dequant_ops_per_byte (w);
  c->kv_planned = rig_memory_kv_bytes (w, w->context) * w->batch;
  moe = RIG_IS_KNOWN (w->model->experts) && RIG_IS_KNOWN (w->model->experts_active) &&
        w->model->experts_active < w->model->experts;
  for (guint i = 0; i < r->n_devices; i++)
    {
      const RigDevice *dev = device_at (d, i);

      decode_constants (dev->cls, r->runtime, moe, &c->eff[i], &c->t0_ms[i]);
      c->peak[i] = RIG_IS_KNOWN (dev->tflops) && dev->tflops > 0
                     ? compute_peak (w, dev, r->runtime == RIG_RUNTIME_LLAMA_CPP) : NAN;
    }
}

/* One decode step with @context tokens in the cache. */
static void
decode_step (const SpeedCase *c,
             double           context,
             DecodeStep      *t)
{
  const RigWorkload *w = c->w;
  const RigDeviceSet *d = c->d;
  const RigWorkloadResult *r = c->r;
  const RigModel *m = w->model;
  double k = c->kernel, t0_ms = 0, link_ms = 0, kv_now, kv_planned = c->kv_planned;
  double flops = forward_flops (m, context);

  memset (t, 0, sizeof *t);
  t->known = TRUE;
  /* The KV cache read per token grows with the tokens already in it. What the workload's
   * sequences hold, not what the runtime set aside (vLLM's pool is larger). */
  kv_now = context == w->context ? kv_planned : rig_memory_kv_bytes (w, context) * w->batch;

  for (guint i = 0; i < r->n_devices; i++)
    {
      const RigDevice *dev = device_at (d, i);
      double eff = c->eff[i], bytes = r->read_bytes[i], share = r->compute_share[i];
      double dev_mem_s, dev_compute_s = 0;

      if (bytes <= 0 && share <= 0)
        continue;
      t0_ms = MAX (t0_ms, c->t0_ms[i]);

      /* Scale this device's KV reads from the planned context to the decode context. */
      if (kv_planned > 0)
        {
          double kv_share = share * kv_planned;
          bytes += kv_share * (kv_now / kv_planned - 1.0);
        }
      if (!RIG_IS_KNOWN (dev->bandwidth_gbps) || dev->bandwidth_gbps <= 0)
        {
          t->known = FALSE;
          continue;
        }
      dev_mem_s = bytes / (eff * k * dev->bandwidth_gbps * 1e9);

      if (RIG_IS_KNOWN (c->peak[i]))
        {
          /* Large batches turn decode compute-bound. */
          dev_compute_s = share * flops * w->batch / c->peak[i];
          /* On Apple GPUs, unpacking quantized weights can take longer than reading them. */
          if (dev->cls == RIG_DEVICE_CLASS_APPLE)
            dev_compute_s += (r->read_bytes[i] - share * kv_planned) * c->apple_dequant /
                             (dev->tflops * 1e12);
        }

      if (r->tensor_parallel)
        {
          t->mem_s = MAX (t->mem_s, dev_mem_s);
          t->compute_s = MAX (t->compute_s, dev_compute_s);
        }
      else
        {
          t->mem_s += dev_mem_s;
          t->compute_s += dev_compute_s;
        }
      if (dev->cls == RIG_DEVICE_CLASS_CPU)
        t->host_mem_s += dev_mem_s;
    }

  if (r->tensor_parallel)
    link_ms = 2.0 * (RIG_IS_KNOWN (m->layers) ? m->layers : 0) *
              (d->gpus[0].nvlink ? RIG_TP_ALLREDUCE_US_NVLINK : RIG_TP_ALLREDUCE_US_PCIE) / 1000.0;
  else if (r->gpus_used > 1)
    link_ms = (r->gpus_used - 1) * RIG_LAYER_SPLIT_HOP_MS;
  t->overhead_s = t0_ms / 1000.0;
  t->link_s = link_ms / 1000.0;
  /* transformers' generate () in eager mode launches every kernel of a step from Python; the
   * GPU waits on it unless its own work takes longer. */
  if (r->runtime == RIG_RUNTIME_TRANSFORMERS && RIG_IS_KNOWN (m->layers))
    t->host_loop_s = m->layers * RIG_TRANSFORMERS_EAGER_MS_PER_LAYER / 1000.0;
}

static double
decode_step_rate (const RigWorkload *w,
                  const DecodeStep  *t)
{
  return w->batch / MAX (t->host_loop_s, t->overhead_s + t->link_s + MAX (t->mem_s, t->compute_s));
}

/* Speculative decoding --------------------------------------------------------------------- */

/* Tokens a step of the model keeps on average when the draft proposes @gamma tokens, each
 * kept with chance @alpha while the ones before it were: (1 - alpha^(gamma+1)) / (1 - alpha)
 * (Leviathan et al. 2023, "Fast Inference from Transformers via Speculative Decoding", arXiv
 * 2211.17192, eq. 1), the last one the model's own. */
static double
tokens_per_step (double gamma,
                 double alpha)
{
  return alpha >= 1.0 ? gamma + 1 : (1.0 - pow (alpha, gamma + 1)) / (1.0 - alpha);
}

/* Seconds a step of @t takes when it checks @tokens tokens of each sequence at once: reading
 * the weights and the cache once, as for one token, but @tokens times the FLOPs, which a
 * compute-bound step pays. */
static double
step_seconds (const DecodeStep *t,
              double            tokens)
{
  return MAX (t->host_loop_s, t->overhead_s + t->link_s + MAX (t->mem_s, tokens * t->compute_s));
}

/* What the draft model shares over its decode steps: its own workload view and a result whose
 * reads are the draft's weights and KV cache, spread over the devices as the model's work is. */
typedef struct
{
  RigWorkload       w;
  RigWorkloadResult r;
  SpeedCase         c;
} DraftCase;

static void
draft_case_init (DraftCase               *dc,
                 const RigWorkload       *w,
                 const RigDeviceSet      *d,
                 const RigWorkloadResult *r)
{
  double bytes = r->memory.terms[RIG_MEMORY_DRAFT];

  rig_workload_draft_view (w, &dc->w);
  dc->r = *r;
  for (guint i = 0; i < r->n_devices; i++)
    dc->r.read_bytes[i] = bytes * r->compute_share[i];
  speed_case_init (&dc->c, &dc->w, d, &dc->r);
}

/* Decode tokens/s with the draft, @context tokens in the cache: each step the draft proposes
 * draft_tokens tokens one by one and the model checks them, with the token before, at once. */
static double
speculative_rate (const SpeedCase *c,
                  const DraftCase *dc,
                  double           context)
{
  const RigWorkload *w = c->w;
  double gamma = w->draft_tokens;
  DecodeStep target, draft;

  decode_step (c, context, &target);
  decode_step (&dc->c, context, &draft);
  if (!target.known || !draft.known)
    return NAN;
  return w->batch * tokens_per_step (gamma, w->draft_acceptance) /
         (gamma * step_seconds (&draft, 1) + step_seconds (&target, gamma + 1));
}

/* The draft also reads the prompt: its FLOPs at the devices' throughput, on top of the
 * model's prefill. */
static void
speculative_prefill (const SpeedCase   *c,
                     const DraftCase   *dc,
                     double             prompt_tokens,
                     RigWorkloadResult *r)
{
  double flops = forward_flops (dc->w.model, prompt_tokens / 2.0), draft_s = 0;

  if (!isfinite (r->prefill_tokens_per_s) || r->prefill_tokens_per_s <= 0)
    return;
  for (guint i = 0; i < r->n_devices; i++)
    if (r->compute_share[i] > 0 && RIG_IS_KNOWN (c->peak[i]))
      draft_s += r->compute_share[i] * flops / c->peak[i];
  if (r->tensor_parallel)
    draft_s /= MAX (1u, r->gpus_used);
  r->prefill_tokens_per_s = 1.0 / (1.0 / r->prefill_tokens_per_s + draft_s);
}

/* Turns the plain decode speeds of @r into speculative ones and says what the draft gains. */
static void
speculative_evaluate (const SpeedCase    *c,
                      const RigDeviceSet *d,
                      double              decode_context,
                      double              prompt_tokens,
                      RigWorkloadResult  *r)
{
  const RigWorkload *w = c->w;
  g_autofree DraftCase *dc = g_new0 (DraftCase, 1);
  double now;

  if (w->draft_model == NULL || !isfinite (r->decode_tokens_per_s))
    return;
  draft_case_init (dc, w, d, r);
  now = speculative_rate (c, dc, decode_context);
  if (!isfinite (now))
    return;
  r->decode_tokens_per_s_plain = r->decode_tokens_per_s;
  r->draft_tokens_per_step = tokens_per_step (w->draft_tokens, w->draft_acceptance);
  r->speculative_speedup = now / r->decode_tokens_per_s;
  r->decode_tokens_per_s = now;
  r->decode_tokens_per_s_start = speculative_rate (c, dc, 0);
  r->decode_tokens_per_s_end = speculative_rate (c, dc, w->context);
  speculative_prefill (c, dc, prompt_tokens, r);
}

void
rig_speed_evaluate (const RigWorkload  *w,
                    const RigDeviceSet *d,
                    double              decode_context,
                    double              prompt_tokens,
                    RigWorkloadResult  *r)
{
  const RigModel *m = w->model;
  double prefill_s = 0, host_prefill_s = 0, prompt_flops;
  gboolean prefill_known = TRUE, any = FALSE;
  DecodeStep now, start, end;
  SpeedCase c;

  r->decode_tokens_per_s_start = NAN;
  r->decode_tokens_per_s_end = NAN;
  r->decode_bound = RIG_SPEED_BOUND_UNKNOWN;
  r->prefill_bound = RIG_SPEED_BOUND_UNKNOWN;
  if (m == NULL)
    return;
  /* Reading the weights from the fastest drive; worth knowing even for a plan that fails. */
  if (RIG_IS_KNOWN (d->storage_read_mbps) && d->storage_read_mbps > 0)
    r->load_seconds = r->memory.weights_bytes / (d->storage_read_mbps * 1e6);
  if (r->fit == RIG_FIT_NONE || r->fit == RIG_FIT_UNKNOWN)
    return;

  if (w->mode != RIG_MODE_INFERENCE)
    {
      /* 6N FLOPs per token for a full fine-tune, 4N when the base weights are frozen. */
      double flops_per_token = (w->mode == RIG_MODE_FULL_FINETUNE ? 6.0 : 4.0) * m->params_b * 1e9;
      double tflops = 0;

      for (guint i = 0; i < r->gpus_used; i++)
        {
          if (!RIG_IS_KNOWN (d->gpus[i].tflops))
            return;
          tflops += d->gpus[i].tflops;
        }
      if (r->fit == RIG_FIT_CPU && RIG_IS_KNOWN (d->host.tflops))
        tflops = d->host.tflops;
      if (tflops > 0)
        r->train_tokens_per_s = RIG_TRAIN_MFU * tflops * 1e12 / flops_per_token;
      return;
    }

  speed_case_init (&c, w, d, r);
  /* Prefill: each device's share of the prompt's FLOPs at its matrix throughput. */
  prompt_flops = forward_flops (m, prompt_tokens / 2.0);
  for (guint i = 0; i < r->n_devices; i++)
    {
      const RigDevice *dev = device_at (d, i);
      double share = r->compute_share[i], dev_s;

      if (r->read_bytes[i] <= 0 && share <= 0)
        continue;
      any = TRUE;
      if (!RIG_IS_KNOWN (c.peak[i]))
        {
          if (share > 0)
            prefill_known = FALSE;
          continue;
        }
      dev_s = share * prompt_flops / c.peak[i];
      prefill_s += dev_s;
      if (dev->cls == RIG_DEVICE_CLASS_CPU)
        host_prefill_s += dev_s;
    }
  /* Tensor parallel runs the devices at once: prefill time is one device's share. */
  if (r->tensor_parallel)
    prefill_s /= MAX (1u, r->gpus_used);
  if (prefill_known && prefill_s > 0)
    {
      r->prefill_tokens_per_s = 1.0 / prefill_s;
      r->prefill_bound = host_prefill_s > 0.5 * prefill_s ? RIG_SPEED_BOUND_CPU
                                                          : RIG_SPEED_BOUND_COMPUTE;
    }
  if (!any)
    return;

  decode_step (&c, w->context, &end);
  if (decode_context == w->context)
    now = end;
  else
    decode_step (&c, decode_context, &now);
  if (!now.known)
    return;
  decode_step (&c, 0, &start);
  r->decode_tokens_per_s = decode_step_rate (w, &now);
  r->decode_tokens_per_s_start = decode_step_rate (w, &start);
  r->decode_tokens_per_s_end = decode_step_rate (w, &end);
  r->decode_bound = decode_step_bound (&now, r->n_devices > 0 && d->gpus[0].nvlink);
  if (w->draft_model != NULL)
    speculative_evaluate (&c, d, decode_context, prompt_tokens, r);
}

char *
rig_speed_describe_speculative (const RigWorkload       *w,
                                const RigWorkloadResult *r)
{
  const char *name;

  if (!rig_workload_has_draft (w))
    return NULL;
  name = w->draft_model ? w->draft_model->name : w->draft_model_id;
  if (!(r->speculative_speedup > 0))
    /* Translators: %s is the draft model's name, %u the tokens it proposes a step, %.0f %%
     * the share of them the model keeps */
    return g_strdup_printf (_("%s drafts %u tokens a step, %.0f %% kept each; the speed-up is not "
                              "worked out"), name, w->draft_tokens, w->draft_acceptance * 100);
  /* Translators: %s is the draft model's name, %u the tokens it proposes a step, %.0f %% the
   * share of them the model keeps, %.2f the tokens a step keeps on average, %.2f× the
   * speed-up, %.1f the decode speed without the draft */
  return g_strdup_printf (_("%s drafts %u tokens a step, %.0f %% kept each: %.2f tokens a step, "
                            "%.2f× the plain %.1f tokens/s"), name, w->draft_tokens,
                          w->draft_acceptance * 100, r->draft_tokens_per_step,
                          r->speculative_speedup, r->decode_tokens_per_s_plain);
}
