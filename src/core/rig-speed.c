/* rig-speed.c: the two-term decode model and the compute-bound prefill model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-calibration.h"
#include "rig-i18n.h"
#include "rig-memo.h"
#include "rig-printf.h"
#include "rig-speed.h"
#include "rig-text.h"

/* The share of a GPU's expert read rate that one token's matrix-vector products reach on expert
 * matrices of @matrix parameters: m / (m + RIG_DECODE_EXPERT_HALF_PARAMS). A prompt's ubatch gives
 * each expert many tokens and streams its weights at the full rate. */
static double
expert_small_factor_of (double matrix)
{
  return RIG_IS_KNOWN (matrix) && matrix > 0 ? matrix / (matrix + RIG_DECODE_EXPERT_HALF_PARAMS) : 1.0;
}

/* The same for one of @m's expert matrices, whole. */
static double
expert_small_factor (const RigModel *m)
{
  return expert_small_factor_of (rig_model_expert_matrix_params (m));
}

/* A device's decode efficiency and per-token time for @runtime with a model of @layers, and the
 * share of that efficiency at which it reads a mixture of experts' routed experts (1 where no
 * measurement sets them apart). A GPU's matrix-vector kernels lose more on small experts:
 * @small_experts says whether expert_small_factor () applies. */
static void
decode_constants (RigDeviceClass cls,
                  RigRuntime     runtime,
                  double         layers,
                  double        *eff,
                  double        *expert_eff,
                  gboolean      *small_experts,
                  double        *t0_ms)
{
  *expert_eff = 1.0;
  *small_experts = FALSE;
  switch (cls)
    {
    case RIG_DEVICE_CLASS_NVIDIA_GDDR:
      *eff = RIG_DECODE_EFF_NVIDIA_GDDR;
      /* llama.cpp's experts read at the dense rate, plus a time a matrix (speed_case_init ()). */
      *small_experts = runtime == RIG_RUNTIME_LLAMA_CPP;
      *t0_ms = RIG_DECODE_T0_NVIDIA_GDDR_MS;
      break;
    case RIG_DEVICE_CLASS_NVIDIA_HBM:
      if (runtime == RIG_RUNTIME_VLLM)
        {
          *eff = RIG_DECODE_EFF_VLLM_HBM;
          *expert_eff = RIG_DECODE_MOE_EFF_VLLM;
          *small_experts = TRUE;
          /* A CUDA graph's kernels, the same for every layer; 36 where the model gives none. */
          *t0_ms = (RIG_IS_KNOWN (layers) ? layers : 36) * RIG_DECODE_T0_VLLM_HBM_LAYER_US / 1000.0;
          break;
        }
      *eff = RIG_DECODE_EFF_NVIDIA_HBM;
      *t0_ms = RIG_DECODE_T0_NVIDIA_HBM_MS;
      break;
    case RIG_DEVICE_CLASS_APPLE:
      *eff = RIG_DECODE_EFF_APPLE;
      *expert_eff = RIG_DECODE_MOE_EFF_APPLE;
      *small_experts = TRUE;
      *t0_ms = runtime == RIG_RUNTIME_MLX ? RIG_DECODE_T0_APPLE_MLX_MS : RIG_DECODE_T0_APPLE_MS;
      break;
    case RIG_DEVICE_CLASS_UNIFIED:
      *eff = RIG_DECODE_EFF_UNIFIED;
      *t0_ms = RIG_DECODE_T0_UNIFIED_MS;
      break;
    case RIG_DEVICE_CLASS_CPU:
      *eff = RIG_DECODE_EFF_CPU;
      /* A share of the dense rate, plus a time a matrix (speed_case_init ()). */
      *expert_eff = RIG_DECODE_MOE_EFF_CPU;
      *t0_ms = RIG_DECODE_T0_CPU_MS;
      break;
    case RIG_DEVICE_CLASS_OTHER_GPU:
    default:
      *eff = RIG_DECODE_EFF_OTHER_GPU;
      *t0_ms = RIG_DECODE_T0_OTHER_GPU_MS;
      break;
    }
}

/* How a prompt's matrix throughput on a GPU of @cls under @runtime compares with the rate the
 * prefill efficiencies are fitted to (llama.cpp's, or on HBM cards PyTorch's eager one): mlx-lm's
 * on Apple GPUs, vLLM's compiled forward pass on HBM cards, and Metal's expert matmuls for a
 * mixture of experts (elsewhere prefill_seconds_per_token () prices theirs by the tokens each
 * expert gets). */
static double
prefill_factor (RigDeviceClass cls,
                RigRuntime     runtime,
                gboolean       moe)
{
  if (cls == RIG_DEVICE_CLASS_APPLE && runtime == RIG_RUNTIME_MLX)
    return RIG_PREFILL_MLX_FACTOR_APPLE;
  if (cls == RIG_DEVICE_CLASS_NVIDIA_HBM && runtime == RIG_RUNTIME_VLLM)
    return RIG_PREFILL_EFF_NVIDIA_HBM_VLLM / RIG_PREFILL_EFF_NVIDIA_HBM_PYTORCH;
  if (runtime == RIG_RUNTIME_LLAMA_CPP && cls == RIG_DEVICE_CLASS_APPLE && moe)
    return RIG_PREFILL_MOE_FACTOR_METAL;
  return 1.0;
}

/* llama.cpp's kernels run a matmul of u tokens at u / (u + 64) of their rate, taken at 512
 * (RIG_LLAMACPP_UBATCH_HALF_TOKENS): the time a token's FLOPs take against that rate. */
static double
ubatch_time_scale (double tokens)
{
  return (1 + RIG_LLAMACPP_UBATCH_HALF_TOKENS / tokens) / (1 + RIG_LLAMACPP_UBATCH_HALF_TOKENS / 512.0);
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

/* Whether @w's weights are a GGUF block quantization, which llama.cpp multiplies with its int8
 * kernels (the activations quantized to int8 on the fly), not with FP16 ones. */
static gboolean
gguf_quantized (const RigWorkload *w)
{
  return rig_quant_format (w->quant) == RIG_QUANT_FORMAT_GGUF && w->quant->id != NULL;
}

/* GPU operations per weight byte that unpacking @w's quantization costs on an Apple GPU; 0 for
 * unquantized weights and formats not measured there. */
static double
apple_dequant_ops_per_byte (const RigWorkload *w)
{
  const char *id;

  if (!gguf_quantized (w))
    return 0;
  id = w->quant->id;
  /* Q4_0, Q4_1, Q5_0, Q5_1, Q8_0: one scale per block of 32. */
  if (id[0] == 'Q' && g_ascii_isdigit (id[1]) && id[2] == '_' && (id[3] == '0' || id[3] == '1') &&
      id[4] == '\0')
    return RIG_DEQUANT_OPS_PER_BYTE_APPLE_LEGACY;
  /* K-quants, and i-quants, which unpack at least as much. */
  return RIG_DEQUANT_OPS_PER_BYTE_APPLE_KQUANT;
}

/* The weights llama.cpp's CPU backend multiplies on AMX tiles (RIG_PREFILL_AMX_FACTOR_LLAMA_CPP). */
static gboolean
amx_kernels (const RigWorkload *w)
{
  return w->quant_id != NULL && (rig_str_is (w->quant_id, "Q4_0") || rig_str_is (w->quant_id, "Q4_1"));
}

/* The rates llama.cpp's CPU backend multiplies a prompt at in each quantization, against Q4_0's
 * (RIG_PREFILL_EFF_CPU is Q4_0's): Q4_0 is repacked for its fastest kernels, other types run
 * slower ones. Qwen2.5-7B on a Ryzen 9 9950X3D (llama.cpp a894dae, 2026) prefills at 230 t/s in
 * Q4_0 (217-243 over two sessions), 155-162 in Q4_K_M and 110 in Q6_K (MrUnreal/gpupoor
 * _posts/2026-09-21-gcc-cannot-count-to-32.md, 2026-09-20-your-cpu-is-asleep.md and
 * 2026-09-22-q4-0-vs-q4-k-m-rematch.md @5c97dda). The other types keep their ratio to Q4_0 in
 * LLaMA-3.1-8B's pp512 on a Ryzen 9 7950X with llama.cpp build 4384 of December 2024
 * (ikawrakow/ik_llama.cpp discussion #164, 'AVX2' table, llama.cpp column; Q4_0 153.52 t/s),
 * where Q4_K_S and Q6_K ran at 0.71 and 0.54, near the 2026 build's. Q4_1, Q5_1, Q2_K, the
 * other Q3_K and Q5_K mixes and F16 take the measured type nearest them (Q4_0, Q5_0, Q2_K_S,
 * Q3_K_S, Q5_K_S, BF16). */
static const struct { const char *id; double factor; } cpu_prefill_quants[] = {
  { "Q4_0", 1.0 }, { "Q4_1", 1.0 },
  { "Q4_K_M", 0.69 }, { "Q6_K", 0.48 },                           /* 9950X3D, 2026 */
  { "Q8_0", 0.96 }, { "Q5_0", 0.73 }, { "Q5_1", 0.73 },           /* 7950X, build 4384 */
  { "Q2_K", 0.80 }, { "Q3_K", 0.55 }, { "Q3_K_S", 0.55 }, { "Q3_K_M", 0.55 }, { "Q3_K_L", 0.55 },
  { "Q4_K", 0.71 }, { "Q4_K_S", 0.71 },
  { "Q5_K", 0.49 }, { "Q5_K_S", 0.49 }, { "Q5_K_M", 0.49 },
  { "IQ4_NL", 0.80 }, { "IQ4_XS", 0.48 },
  { "IQ3_XXS", 0.22 }, { "IQ2_XS", 0.32 }, { "IQ2_XXS", 0.30 },
  { "BF16", 0.51 }, { "F16", 0.51 },
};

/* A type the tables above did not measure (F32, IQ1_S, MXFP4) is taken at the rate of the
 * K-quants without a repacked kernel. */
#define CPU_PREFILL_UNMEASURED 0.5

double
rig_speed_cpu_prompt_factor (const char *quant_id)
{
  if (quant_id == NULL)
    return NAN;
  for (guint k = 0; k < G_N_ELEMENTS (cpu_prefill_quants); k++)
    if (g_str_equal (quant_id, cpu_prefill_quants[k].id))
      return cpu_prefill_quants[k].factor;
  return NAN;
}

/* Models whose prompts llama.cpp's CUDA backend has run below the plan on every NVIDIA card
 * measured, by these shares of the plan's speed (1 - measured / planned, in percent), which
 * tests/fixtures/calibration.csv checks against its rows (group 1g and regimes 1 and 9), on at
 * most @max_gpus cards (0: any number split by layers), with what the range's ends were
 * measured on. Blackwell's cards are planned with their expert matmuls' own rate
 * (RIG_PREFILL_EXPERT_FACTOR_BLACKWELL), which takes up part of what they had run below.
 *
 * gpt-oss-20b: builds since November 2025 ran 13 to 36 % below the plan: an RTX 3090 at -ub 64 to
 * 512 (llama.cpp PR #20586, March 2026: 19 to 36 %), an RTX 5090 (build 7100: 24 %), an RTX PRO
 * 6000 before and with native MXFP4 (PR #17906, December 2025: 31 and 13 %) and two of them split
 * by layers (March 2026: 16 %); an RTX 4090 at -ub 1024 and 2048 (PR #15631, August 2025: 23 and
 * 34 %). The llama.cpp guide's runs of August 2025 (discussion #15396: builds 6208 to 6316, -ub
 * 2048, prompts of 2,048 and 32,768 tokens) ran 8 to 61 % below it, the longest prompts furthest:
 * an RTX 5060 Ti 8 and 10 %, an RTX 5070 Ti 19 and 29 %, an RTX 4080 SUPER 24 and 21 %, an RTX
 * 5080 23 and 31 %, an RTX 3090 36 and 43 %, an RTX PRO 6000 46 and 53 % (build 6205), an RTX 5090
 * 46 and 58 %, an RTX 4090 51 and 61 %; a Tesla V100 16GB too (40 and 55 % at -ub 4096, on the
 * cuBLAS path Volta takes for a batch: cuda_prompt_card ()). No run on a current data-centre card
 * (A100, H100) was found, and the plan says nothing there. The same model split by tensor, beside
 * its experts in system memory and on the DGX Spark lands within the bounds.
 *
 * gpt-oss-120b on one card: an RTX PRO 6000 Workstation Edition with build 6205 (August 2025,
 * discussion #15396: prompts of 2,048 to 32,768 tokens at -ub 2048) ran 47 to 50 % below the
 * plan, as gpt-oss-20b did on the same card and build (46 and 53 %). Split by layers over four
 * RTX 4090s (PR #19378, February 2026) it lands within the bounds, so the range speaks for one
 * card, and only at the ubatch measured: at llama.cpp's default of 512 the plan already gives
 * about half the speed (4,756 tokens/s for a 2,048-token prompt against 10,073 at -ub 2048, each
 * of its 128 experts getting 16 tokens a ubatch), and how far below that a run falls was not
 * measured.
 *
 * The plan's kernel rates do not explain the gap: pricing the tile width of MMQ's expert kernel,
 * which the CUDA backend picks for the whole ubatch rather than for each expert's tokens
 * (mul_mat_q_switch_J (), ggml-cuda/mmq.cuh), narrows it for gpt-oss-20b (tried with Blackwell's
 * experts at Ada's rate: the RTX 3090 at -ub 512 to +3 %, the RTX 5090 to +40 %) but puts
 * gpt-oss-120b over four RTX 4090s 41 % slow. Within one build the time lost a token does not
 * grow with the card's rate (build 6210 at -ub 2048, 2,048 tokens: 64 to 70 µs on the RTX 3090
 * and 4090, 29 on the 4080 SUPER, 21 to 46 on Blackwell's cards), which points at work that does
 * not scale with the card. So the plan says it
 * (speed.cuda-prompt) rather than pricing it, and a search promises a prompt speed there at the
 * slow end of the builds since November 2025 (rig_speed_cuda_prompt_promise ()): one RTX 5090,
 * planned at 12,403 tokens/s, gives 7,938 at 36 %, two split by layers, planned at 19,775, give
 * 12,656, and an RTX PRO 6000 alone ran 13,305 with native MXFP4; at the guide's August builds'
 * 61 % an answer of 12,000 would need a plan of 30,800. */
typedef struct
{
  const char *model_id;
  int         low, high;
  int         recent_high;  /* the slow end of builds since November 2025, where any ran */
  guint       max_gpus;
  guint       min_ubatch;   /* the smallest -ub measured; 0: any */
  const char *measured;
} CudaPromptShortfall;

static const CudaPromptShortfall cuda_prompt_shortfalls[] = {
  { "gpt-oss-20b", 8, 61, 36, 0, 0,
    N_("the slowest on long prompts with builds of August 2025; builds since November 2025 ran "
       "slower by 13 to 36 %") },
  { "gpt-oss-120b", 47, 50, 50, 1, 2048,
    N_("one run on an RTX PRO 6000 at -ub 2048 with a build of August 2025, over prompts of 2,048 "
       "to 32,768 tokens") },
};

/* Whether the table speaks for a prompt on @dev: NVIDIA's GeForce and workstation cards, and
 * Volta's (the Tesla V100), which the guide's runs measured too. */
static gboolean
cuda_prompt_card (const RigDevice *dev)
{
  return dev->cls == RIG_DEVICE_CLASS_NVIDIA_GDDR || (dev->cls == RIG_DEVICE_CLASS_NVIDIA_HBM && dev->volta);
}

/* The table's entry for @model_id; NULL for a model it does not name. */
static const CudaPromptShortfall *
cuda_prompt_shortfall_of (const char *model_id)
{
  if (model_id == NULL)
    return NULL;
  for (guint k = 0; k < G_N_ELEMENTS (cuda_prompt_shortfalls); k++)
    if (g_str_equal (model_id, cuda_prompt_shortfalls[k].model_id))
      return &cuda_prompt_shortfalls[k];
  return NULL;
}

/* The entry that speaks for @w's prompt planned as @r on @d (rig_speed_cuda_prompt_range ());
 * NULL where none does. */
static const CudaPromptShortfall *
cuda_prompt_shortfall_for (const RigWorkload       *w,
                           const RigWorkloadResult *r,
                           const RigDeviceSet      *d)
{
  const CudaPromptShortfall *e;

  if (w->mode != RIG_MODE_INFERENCE || r->runtime != RIG_RUNTIME_LLAMA_CPP || r->fit != RIG_FIT_GPU ||
      r->tensor_parallel || r->row_split || d->n_gpus == 0 ||
      !cuda_prompt_card (&d->gpus[0]) || !isfinite (r->prefill_tokens_per_s))
    return NULL;
  e = cuda_prompt_shortfall_of (w->model_id);
  if (e == NULL || (e->max_gpus > 0 && r->gpus_used > e->max_gpus) ||
      rig_workload_ubatch (w) < e->min_ubatch)
    return NULL;
  return e;
}

/* @e's range into @low and @high (either may be NULL); FALSE for no entry. */
static gboolean
shortfall_range (const CudaPromptShortfall *e,
                 int                       *low,
                 int                       *high)
{
  if (e == NULL)
    return FALSE;
  if (low != NULL)
    *low = e->low;
  if (high != NULL)
    *high = e->high;
  return TRUE;
}

gboolean
rig_speed_cuda_prompt_shortfall (const char *model_id,
                                 int        *low,
                                 int        *high)
{
  return shortfall_range (cuda_prompt_shortfall_of (model_id), low, high);
}

const char *
rig_speed_cuda_prompt_measured (const char *model_id)
{
  const CudaPromptShortfall *e = cuda_prompt_shortfall_of (model_id);

  return e == NULL ? NULL : _(e->measured);
}

gboolean
rig_speed_cuda_prompt_range (const RigWorkload       *w,
                             const RigWorkloadResult *r,
                             const RigDeviceSet      *d,
                             int                     *low,
                             int                     *high)
{
  return shortfall_range (cuda_prompt_shortfall_for (w, r, d), low, high);
}

double
rig_speed_cuda_prompt_promise (const RigWorkload       *w,
                               const RigWorkloadResult *r,
                               const RigDeviceSet      *d)
{
  const CudaPromptShortfall *e = cuda_prompt_shortfall_for (w, r, d);

  return e == NULL ? 1.0 : 1 - e->recent_high / 100.0;
}

/* The ubatches llama.cpp splits one batch of a prompt of @prompt_tokens into: a batch holds at
 * most n_batch tokens (RIG_LLAMA_CPP_SERVE_BATCH_TOKENS, llama-bench's and llama-server's -b). */
static double
batch_ubatches (double prompt_tokens,
                double ubatch)
{
  return ubatch > 0 && prompt_tokens > ubatch
           ? ceil (MIN (prompt_tokens, RIG_LLAMA_CPP_SERVE_BATCH_TOKENS) / ubatch) : 1;
}

/* Those of @w's prompt batches, or of the one batch calibration times after a filled cache. */
static double
workload_batch_ubatches (const RigWorkload *w,
                         double             prompt_tokens)
{
  return batch_ubatches (w->llamacpp_batch_tokens > 0 ? w->llamacpp_batch_tokens : prompt_tokens,
                         rig_workload_ubatch (w));
}

/* Over several GPUs split by layers with every layer on them, llama.cpp starts each ubatch of a
 * batch on the first card while the next cards still run the one before (PR #6017, "pipeline
 * parallelism enabled (n_copies=4)"), at most RIG_LLAMACPP_SCHED_COPIES in flight. Ideally M
 * ubatches over P cards of equal shares then take one pass plus M - 1 of the slowest step:
 * M / (1 + (M - 1) / min (P, copies)), the most to expect. Eight A100s came near it in 2024
 * (Llama-2-7B F16 at 8160, 12999 and 14400 t/s with 512, 1024 and 2048 tokens where one A100
 * slows from 8668 to 8251 and 7592, PR #6017: 1.67 and 2.01 times one card's pace, against 1.6
 * and 2.29 here), and so do calibration rows of those builds
 * (RigWorkload.llamacpp_pipeline_all_cards). Current builds overlap less
 * (prefill_seconds_per_token ()). */
static double
full_pipeline_gain (guint  gpus,
                    double per_batch)
{
  return per_batch / (1 + (per_batch - 1) / MIN ((double) gpus, RIG_LLAMACPP_SCHED_COPIES));
}

double
rig_speed_pipeline_gain (guint  gpus,
                         double prompt_tokens,
                         double ubatch)
{
  return gpus < 2 ? 1.0 : full_pipeline_gain (gpus, batch_ubatches (prompt_tokens, ubatch));
}

/* What the plan's prompt speed takes of it, cards of equal shares: M P / (M (P - 1) + 1), the
 * last card's step of one ubatch beside the first card's of the next (prefill_seconds_per_token
 * ()). */
double
rig_speed_pipeline_overlap (guint  gpus,
                            double prompt_tokens,
                            double ubatch)
{
  double per_batch = batch_ubatches (prompt_tokens, ubatch);

  if (gpus < 2)
    return 1.0;
  return per_batch * gpus / (per_batch * (gpus - 1) + 1);
}

/* Whether @w's weights are a 2- or 3-bit K-quant (Q2_K, Q3_K_S, Q3_K_M, Q3_K_L), read by hand:
 * the speed plan asks it of every GPU on every plan. */
static gboolean
lowbit_kquant (const RigWorkload *w)
{
  const char *id;

  if (!gguf_quantized (w))
    return FALSE;
  id = w->quant->id;
  return id[0] == 'Q' && (id[1] == '2' || id[1] == '3') && id[2] == '_' && id[3] == 'K';
}

/* Operations per weight byte that unpacking @w's quantization costs at a Pascal GPU's dp4a
 * rate: Q2_K and Q3_K only; 0 otherwise. */
static double
pascal_dequant_ops_per_byte (const RigWorkload *w)
{
  return lowbit_kquant (w) ? RIG_DEQUANT_OPS_PER_BYTE_PASCAL_LOWBIT_KQUANT : 0;
}

/* Whether @dev is a discrete NVIDIA card, which llama.cpp runs on its CUDA backend. */
static gboolean
nvidia_card (const RigDevice *dev)
{
  return dev->cls == RIG_DEVICE_CLASS_NVIDIA_GDDR || dev->cls == RIG_DEVICE_CLASS_NVIDIA_HBM;
}

/* FLOPS the matrix kernels reach on @dev: the FP16 tensor figure, or for GGUF block quantizations
 * the int8 dot-product rate where that is higher (Pascal, whose FP16 rate is 1/64 of FP32), and
 * under llama.cpp the int8 tensor cores its MMQ kernels use where the card has them. */
static double
compute_peak (const RigWorkload *w,
              const RigDevice   *dev,
              gboolean           llama_cpp)
{
  RigQuantFormat format = rig_quant_format (w->quant);
  gboolean gguf = format == RIG_QUANT_FORMAT_GGUF && w->quant->id != NULL;     /* gguf_quantized () */
  gboolean strix = dev->cls == RIG_DEVICE_CLASS_UNIFIED && dev->amd;   /* AMD's Ryzen AI Max */
  double eff = dev->cls == RIG_DEVICE_CLASS_NVIDIA_HBM && !llama_cpp
                 ? RIG_PREFILL_EFF_NVIDIA_HBM_PYTORCH
                 : strix ? RIG_PREFILL_EFF_UNIFIED_AMD
                 : dev->intel ? RIG_PREFILL_EFF_INTEL : prefill_efficiency (dev->cls);
  double peak = eff * dev->tflops * 1e12;

  if (dev->hopper && llama_cpp)
    peak *= RIG_HOPPER_MMA_SYNC_FACTOR;
  if (llama_cpp && dev->cls == RIG_DEVICE_CLASS_NVIDIA_GDDR && !dev->geforce)
    peak /= RIG_CUBLAS_FP16_ACC_GEFORCE_RATIO;
  /* The efficiencies above were taken on quantized prompts, which cuBLAS multiplied only after a
   * pass that unpacked the weights to FP16; 16-bit weights skip it. */
  if (llama_cpp && nvidia_card (dev) &&
      (format == RIG_QUANT_FORMAT_GGUF_FLOAT || format == RIG_QUANT_FORMAT_FLOAT))
    peak *= RIG_PREFILL_FLOAT_FACTOR_LLAMA_CPP;
  if (gguf && RIG_IS_KNOWN (dev->dp4a_tops) && dev->dp4a_tops > 0)
    peak = MAX (peak, RIG_PREFILL_EFF_DP4A * dev->dp4a_tops * 1e12);
  /* llama.cpp picks MMQ over cuBLAS on such cards (ggml_cuda_should_use_mmq): their rate, not
   * the FP16 one, which on workstation cards (full-rate FP32 accumulation) would be higher. */
  if (llama_cpp && gguf && RIG_IS_KNOWN (dev->int8_mma_tops) && dev->int8_mma_tops > 0)
    peak = RIG_PREFILL_EFF_INT8_MMA * dev->int8_mma_tops * 1e12;
  return peak;
}

static const RigDevice *
device_at (const RigDeviceSet *d,
           guint               i)
{
  return i < d->n_gpus ? &d->gpus[i] : &d->host;
}

/* FLOPs per token of a forward pass, read once from the model: 2 per active parameter, plus
 * attention over the tokens before it (QK^T and AV, 2 x 2 x context x heads x head_dim per
 * layer), over its window at most for a sliding-window layer; a linear-attention layer does the
 * same work at any context (counted with the weights). */
typedef RigFlopTerms FlopTerms;

static void
flop_terms (const RigModel *m,
            FlopTerms      *f)
{
  double swa;

  f->weights = 2e9 * (RIG_IS_KNOWN (m->active_params_b) ? m->active_params_b : m->params_b);
  f->full = f->windowed = f->window = 0;
  if (!RIG_IS_KNOWN (m->layers) || !RIG_IS_KNOWN (m->heads) || !RIG_IS_KNOWN (m->hidden_size))
    return;
  swa = rig_model_windowed_layers (m);
  f->full = 4.0 * (m->layers - rig_model_linear_attention_layers (m) - swa) * m->heads *
            rig_model_full_head_dim (m);
  if (swa > 0)
    {
      f->windowed = 4.0 * swa * m->heads * rig_model_head_dim (m);
      f->window = m->sliding_window;
    }
}

static inline double
attention_flops (const FlopTerms *f,
                 double           context)
{
  return f->full * context + (f->windowed > 0 ? f->windowed * MIN (context, f->window) : 0);
}

static double
forward_flops (const RigModel *m,
               double          context)
{
  FlopTerms f;

  flop_terms (m, &f);
  return f.weights + attention_flops (&f, context);
}

/* FLOPs a trained token costs: the forward pass's weights (2 N, N the weights a token multiplies:
 * the active ones, without an embedding of its own, which is a lookup) and attention over the
 * sequence (on average half of it before a token, but counted whole, as torchtitan's
 * get_num_flop_per_token and PaLM's MFU, arXiv 2204.02311 App. B, do). The backward pass costs
 * twice the forward, half of that the weights' gradients, which frozen weights (LoRA) skip;
 * checkpointing runs the forward pass again. */
static double
train_flops_per_token (const RigWorkload *w)
{
  const RigModel *m = w->model;
  double embed = m->tied_embeddings == 1 || !RIG_IS_KNOWN (m->vocab) || !RIG_IS_KNOWN (m->hidden_size)
                   ? 0 : m->vocab * m->hidden_size;
  double weights = forward_flops (m, 0) - 2.0 * embed;
  double attention = forward_flops (m, w->context) - forward_flops (m, 0);
  double passes = w->mode == RIG_MODE_FULL_FINETUNE ? 3.0 : 2.0;

  if (w->gradient_checkpointing)
    passes += 1;
  return passes * weights + (w->gradient_checkpointing ? 4.0 : 3.0) * attention;
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

const char *
rig_speed_bound_describe (RigSpeedBound bound,
                          gboolean      optimizer_offload)
{
  switch (bound)
    {
    case RIG_SPEED_BOUND_BANDWIDTH:
      return _("memory bandwidth");
    case RIG_SPEED_BOUND_COMPUTE:
      return _("compute");
    case RIG_SPEED_BOUND_PCIE:
      return optimizer_offload ? _("copies over PCIe to the CPU's optimizer") : _("transfers over PCIe");
    case RIG_SPEED_BOUND_CPU:
      return optimizer_offload ? _("the CPU's optimizer step") : _("the CPU and system memory");
    case RIG_SPEED_BOUND_FRAMEWORK:
      return _("the runtime's own overhead");
    case RIG_SPEED_BOUND_UNKNOWN:
    default:
      return NULL;
    }
}

char *
rig_speed_describe (const RigWorkload       *w,
                    const RigWorkloadResult *r)
{
  GString *out = g_string_new (NULL);
  const char *bound;

  if (w->mode != RIG_MODE_INFERENCE)
    {
      if (!isfinite (r->train_tokens_per_s))
        return g_string_free (out, TRUE);
      /* Training on the CPU alone is bound by the CPU as a whole, not by an offloaded step. */
      bound = rig_speed_bound_describe (r->train_bound, r->cpu_optimizer_params > 0);
      if (bound != NULL)
        /* Translators: %.0f is tokens a second, %s what bounds it (“compute”) */
        g_string_printf (out, _("training about %.0f tokens/s, bound by %s"), r->train_tokens_per_s, bound);
      else
        /* Translators: %.0f is tokens a second */
        g_string_printf (out, _("training about %.0f tokens/s"), r->train_tokens_per_s);
      return g_string_free (out, FALSE);
    }
  if (isfinite (r->decode_tokens_per_s))
    {
      bound = rig_speed_bound_describe (r->decode_bound, FALSE);
      if (isfinite (r->decode_tokens_per_s_start) && isfinite (r->decode_tokens_per_s_end) &&
          r->decode_tokens_per_s_start - r->decode_tokens_per_s_end >= 0.05)
        /* Translators: the first %.1f is tokens a second with the KV cache empty, the second
         * with %u tokens in it */
        g_string_printf (out, _("decode %.1f tokens/s with the cache empty, %.1f with %u tokens in it"),
                         r->decode_tokens_per_s_start, r->decode_tokens_per_s_end, w->context);
      else
        /* Translators: %.1f is tokens a second */
        g_string_printf (out, _("decode %.1f tokens/s"), r->decode_tokens_per_s);
      if (bound != NULL)
        /* Translators: %s is what bounds the speed (“memory bandwidth”) */
        g_string_append_printf (out, _(", bound by %s"), bound);
    }
  if (isfinite (r->prefill_tokens_per_s))
    {
      bound = rig_speed_bound_describe (r->prefill_bound, FALSE);
      if (out->len > 0)
        g_string_append (out, "; ");
      /* Translators: %.0f is prompt tokens processed a second */
      g_string_append_printf (out, _("prompts %.0f tokens/s"), r->prefill_tokens_per_s);
      if (bound != NULL)
        /* Translators: %s is what bounds the speed (“compute”) */
        g_string_append_printf (out, _(", bound by %s"), bound);
      if (isfinite (r->prefill_tokens_per_s_measured[0]))
        /* Translators: each %.0f is prompt tokens processed a second; said after the plan's own
         * prompt speed where measured runs of the model on such cards were slower */
        g_string_append_printf (out, _("; runs measured on NVIDIA's GeForce, workstation and "
                                       "V100 cards put it at about %.0f to %.0f tokens/s"),
                                r->prefill_tokens_per_s_measured[0], r->prefill_tokens_per_s_measured[1]);
    }
  return g_string_free (out, out->len == 0);
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
  double unpack_s;      /* unpacking quantized weights on the integer lanes: once a step */
  double dequant_s;     /* unpacking them elsewhere (Apple GPUs, Pascal): once a step too */
  double copy_s;        /* the part of mem_s spent copying transformers' cache */
  gboolean known;
} DecodeStep;

static RigSpeedBound
decode_step_bound (const DecodeStep *t,
                   gboolean          nvlink)
{
  double compute = t->unpack_s + t->dequant_s + t->compute_s;
  double work = MAX (t->mem_s, compute);

  if (t->host_loop_s >= t->overhead_s + t->link_s + work)
    return RIG_SPEED_BOUND_FRAMEWORK;
  if (t->overhead_s >= work && t->overhead_s >= t->link_s)
    return RIG_SPEED_BOUND_FRAMEWORK;
  if (t->link_s >= work)
    return nvlink ? RIG_SPEED_BOUND_FRAMEWORK : RIG_SPEED_BOUND_PCIE;
  if (compute > t->mem_s)
    return RIG_SPEED_BOUND_COMPUTE;
  return t->host_mem_s > 0.5 * t->mem_s ? RIG_SPEED_BOUND_CPU : RIG_SPEED_BOUND_BANDWIDTH;
}

/* How many expert matrices a mixture of experts holds: three an expert in every layer that has
 * them (gate, up, down), two where gate and up are one; NAN where the catalog cannot tell. */
static double
expert_matrices (const RigModel *m)
{
  double each = rig_model_expert_matrix_params (m);

  if (RIG_IS_KNOWN (m->expert_params_b) && RIG_IS_KNOWN (each) && each > 0)
    return m->expert_params_b * 1e9 / each;
  return RIG_IS_KNOWN (m->layers) && RIG_IS_KNOWN (m->experts)
           ? m->layers * m->experts * rig_model_matrices_per_expert (m) : NAN;
}

/* The bytes a prompt's token moves through the memory-bound passes between a layer's matrices,
 * over all layers (RIG_PREFILL_PASS_BYTES_*); 0 where the catalog lacks the shape. */
static double
prefill_pass_bytes (const RigModel *m)
{
  double kv;

  if (!RIG_IS_KNOWN (m->layers) || !RIG_IS_KNOWN (m->hidden_size) || !RIG_IS_KNOWN (m->heads))
    return 0;
  kv = (RIG_IS_KNOWN (m->kv_heads) ? m->kv_heads : m->heads) * rig_model_head_dim (m);
  return m->layers * (RIG_PREFILL_PASS_BYTES_HIDDEN * m->hidden_size + RIG_PREFILL_PASS_BYTES_KV * kv +
                      RIG_PREFILL_PASS_BYTES_FFN * rig_model_ffn_width (m));
}

/* bitsandbytes' 4-bit weights, which it unpacks for a pass of more than one token
 * (RIG_BNB_4BIT_UNPACKED_BYTES). */
static gboolean
bnb_4bit (const RigWorkload *w)
{
  return rig_quant_format (w->quant) == RIG_QUANT_FORMAT_BNB && w->quant->bits_per_weight < 6;
}

/* Whether vLLM multiplies @w's experts in its Marlin kernels: MXFP4 weights where it is told to
 * (VLLM_MXFP4_USE_MARLIN=1; RigWorkload.vllm_mxfp4_marlin), as InferenceX's gpt-oss H100 script
 * does (benchmarks/gptoss_fp4_h100.sh), and which vLLM PR #27523 measured 35 % faster than its
 * default Triton backend there at serving. Marlin is written for Ampere's mma.sync, which on Hopper
 * reaches RIG_HOPPER_MMA_SYNC_FACTOR of the wgmma peak that cuBLAS's BF16 GEMMs and the plan's
 * prefill rate assume: a prompt's matrices in this format run at that share. The default Triton
 * backend is planned at the BF16 rate: no measurement of its prompts was found. */
static gboolean
vllm_marlin_fp4 (const RigWorkload *w)
{
  return w->vllm_mxfp4_marlin && w->quant != NULL && rig_str_is (w->quant->id, "MXFP4");
}

/* Whether @w's weights are AWQ's (RIG_AWQ_*). */
static gboolean
awq (const RigWorkload *w)
{
  return rig_quant_format (w->quant) == RIG_QUANT_FORMAT_OTHER &&
         rig_str_is (w->quant->format, "awq");
}

/* The passes over the KV cache, in reads' time, that transformers' generate () makes every step
 * beside the attention's read (RIG_TRANSFORMERS_KV_COPY_PASSES, two of them). For grouped-query
 * attention its layers also copy each KV head out to the query heads that share it (repeat_kv:
 * read the cache, write g copies of it), and the attention reads those: always before 4.48,
 * and since then wherever the step needs an attention mask (use_gqa_in_sdpa () in
 * integrations/sdpa_attention.py hands the shared heads to PyTorch's SDPA only without one), as a
 * batch of prompts of different lengths, padded, does; one sequence needs none. */
static double
transformers_kv_copy_passes (const RigWorkload *w)
{
  const RigModel *m = w->model;
  double g = RIG_IS_KNOWN (m->heads) && RIG_IS_KNOWN (m->kv_heads) && m->kv_heads > 0
               ? m->heads / m->kv_heads : 1;

  if (g <= 1 || (!w->transformers_repeat_kv && w->batch <= 1))
    return RIG_TRANSFORMERS_KV_COPY_PASSES;
  return RIG_TRANSFORMERS_KV_COPY_PASSES * (1 + (1 + g) / 2) + (g - 1);
}

/* What every decode step of one workload on one device set shares, worked out once. */
typedef struct
{
  const RigWorkload       *w;
  const RigDeviceSet      *d;
  const RigWorkloadResult *r;
  double kernel;                    /* kernel_factor () */
  double apple_dequant;             /* apple_dequant_ops_per_byte () */
  double pascal_dequant;            /* pascal_dequant_ops_per_byte () */
  double mmvq_ops;                  /* integer instructions a weight byte costs llama.cpp's decode */
  double kv_planned;                /* the KV cache the workload's sequences fill */
  FlopTerms flops;                  /* flop_terms () of the model */
  double expert_flops;              /* of flops.weights, a mixture of experts' routed experts' */
  double peak[RIG_MAX_DEVICES];     /* compute_peak () of each device with a known TFLOPS */
  double prefill_peak[RIG_MAX_DEVICES];   /* peak with the runtime's prefill_factor () */
  double attention_peak[RIG_MAX_DEVICES]; /* the rate a prompt's attention runs at */
  double weights_read_s[RIG_MAX_DEVICES]; /* reading the device's weights once (llama.cpp) */
  double expert_read_share[RIG_MAX_DEVICES]; /* of weights_read_s, the routed experts' */
  double pass_s[RIG_MAX_DEVICES];   /* a prompt token's memory-bound passes through all layers */
  double eff[RIG_MAX_DEVICES];      /* decode_constants () of each device */
  double expert_extra[RIG_MAX_DEVICES]; /* per expert byte, the time beyond a dense byte's */
  double expert_small[RIG_MAX_DEVICES]; /* expert_small_factor () where the device pays it, else 1;
                                         * for a prompt, on Blackwell's cards, times
                                         * RIG_PREFILL_EXPERT_FACTOR_BLACKWELL */
  double t0_ms[RIG_MAX_DEVICES];
  double batch;                     /* sequences decoded together: the workload's batch */
  double state_write;               /* linear attention's state, written back every token */
  double extra_read_bytes;          /* read per step beyond read_bytes, shared as the compute */
  double extra_scattered;           /* of extra_read_bytes' experts, the share paying expert_extra */
  double unpacked_bytes;            /* bitsandbytes' 16-bit copies of its 4-bit weights, written and
                                     * read by a pass of more than one token under an eager runtime */
  double awq_unpacked_bytes;        /* AutoAWQ's 16-bit copies, made by a pass of
                                     * RIG_AWQ_FP16_MATMUL_TOKENS or more under an eager runtime */
  double kv_copy_passes;            /* transformers' cache, copied whole every step: the passes
                                     * over the KV cache that cost beside its attention read */
  const RigPrefillTerms *prefill;   /* a lean plan's memo's, for a prompt of the workload's
                                     * context; NULL without a memo */
} SpeedCase;

/* The time llama.cpp's decode spends on each routed expert matrix beyond reading it, on @dev
 * (see RIG_DECODE_EXPERT_MATRIX_US_CUDA): 0 where the loss goes with the bytes instead. */
static double
expert_matrix_time_s (const RigDevice *dev,
                      RigRuntime       runtime)
{
  if (runtime != RIG_RUNTIME_LLAMA_CPP)
    return 0;
  if (dev->cls == RIG_DEVICE_CLASS_NVIDIA_GDDR)
    return RIG_DECODE_EXPERT_MATRIX_US_CUDA * 1e-6;
  if (dev->cls == RIG_DEVICE_CLASS_CPU)
    return RIG_DECODE_EXPERT_MATRIX_US_CPU * 1e-6;
  if (dev->cls == RIG_DEVICE_CLASS_NVIDIA_HBM && RIG_IS_KNOWN (dev->int32_tops) && dev->int32_tops > 0)
    return RIG_DECODE_EXPERT_MATRIX_INT_OPS_HBM / (dev->int32_tops * 1e12);
  return 0;
}

/* A prompt of @prompt_tokens's FLOPs for @w under @runtime: its matrices' apart from its
 * attention's, which runs in kernels of its own that reading the weights does not bound, and
 * its routed experts' apart from the rest. */
static void
prefill_terms (const RigWorkload *w,
               RigRuntime         runtime,
               const FlopTerms   *flops,
               double             expert_flops,
               double             prompt_tokens,
               RigPrefillTerms   *t)
{
  const RigModel *m = w->model;

  t->attention = attention_flops (flops, prompt_tokens / 2.0);
  t->ubatch = MIN (prompt_tokens, rig_workload_ubatch (w));
  /* llama.cpp's GPU kernels at ubatch / (ubatch + 64) of their rate, taken at 512. */
  t->scale = runtime == RIG_RUNTIME_LLAMA_CPP ? ubatch_time_scale (t->ubatch) : 1.0;
  /* Outside Metal, its expert matmuls (mul_mat_id) run the same kernels over the tokens routed
   * to each expert, a ubatch's share of them: gpt-oss-120b's 128 experts, 4 a token, get 64 of
   * a 2048-token ubatch each, gpt-oss-20b's 32 get 256. */
  t->shared_matrices = flops->weights * t->scale;
  t->expert_matrices = 0;
  t->marlin_matrices = 0;
  /* Below RIG_LLAMACPP_MMQ_MIN_EXPERT_TOKENS an expert's tokens go through the matrix-vector
   * kernels, bound by reading its weights (weights_read_s), not by this law. */
  if (runtime == RIG_RUNTIME_LLAMA_CPP && expert_flops > 0)
    {
      t->expert_matrices = expert_flops * ubatch_time_scale (MAX (RIG_LLAMACPP_MMQ_MIN_EXPERT_TOKENS,
                                                                  t->ubatch * m->experts_active / m->experts));
      t->shared_matrices -= expert_flops * t->scale;
    }
  else if (runtime == RIG_RUNTIME_VLLM && vllm_marlin_fp4 (w))
    {
      /* A mixture of experts in MXFP4 keeps its other weights in BF16, which cuBLAS multiplies. */
      t->marlin_matrices = expert_flops > 0 ? expert_flops : flops->weights;
      t->shared_matrices -= t->marlin_matrices;
    }
}

/* What the speed plan needs of @w alone, whatever devices run it: from its model,
 * quantization, runtime and the expert bytes its memory plan found (rig-memo.h); for a training
 * run, its FLOPs a token. */
static void
speed_workload_init (RigSpeedWorkload        *s,
                     const RigWorkload       *w,
                     const RigWorkloadResult *r)
{
  const RigModel *m = w->model;

  if (w->mode != RIG_MODE_INFERENCE)
    {
      s->train_flops = train_flops_per_token (w);
      return;
    }
  s->kernel = kernel_factor (w);
  s->fp8 = w->quant != NULL && rig_quant_format (w->quant) == RIG_QUANT_FORMAT_OTHER &&
           rig_str_is (w->quant->format, "fp8");
  s->mmvq_ops = r->runtime == RIG_RUNTIME_LLAMA_CPP && gguf_quantized (w)
                  ? RIG_DECODE_MMVQ_INT_OPS_PER_BYTE : 0;
  flop_terms (m, &s->flops);
  s->state_write = rig_memory_linear_state_bytes (m) * w->batch;
  s->unpacked_bytes = s->awq_unpacked_bytes = 0;
  s->kv_copy_passes = r->runtime == RIG_RUNTIME_TRANSFORMERS ? transformers_kv_copy_passes (w) : 0;
  if (rig_runtime_is_eager (r->runtime) && (bnb_4bit (w) || awq (w)))
    {
      /* Every quantized weight: all but the embedding and the output head, which stay 16-bit. */
      RigParamSplit split;
      double bytes = isfinite (rig_memory_weights_bytes (w, &split))
                       ? (split.attn_rest + split.attn_v + split.attn_o + split.ffn_down + split.ffn_rest +
                          split.experts_down + split.experts_rest) * RIG_BNB_4BIT_UNPACKED_BYTES
                       : 0;

      if (awq (w))
        s->awq_unpacked_bytes = bytes;
      else
        s->unpacked_bytes = bytes;
    }
  s->moe = rig_model_is_moe (m);
  s->small = s->moe ? expert_small_factor (m) : 1.0;
  s->expert_flops = s->moe && RIG_IS_KNOWN (m->expert_params_b)
                      ? 2e9 * m->expert_params_b * m->experts_active / m->experts : 0;
  s->lowbit = r->runtime == RIG_RUNTIME_LLAMA_CPP && lowbit_kquant (w);
  s->amd_hybrid_moe = s->moe && r->runtime == RIG_RUNTIME_LLAMA_CPP &&
                      rig_model_linear_attention_layers (m) > 0;
  s->wide_heads = r->runtime == RIG_RUNTIME_LLAMA_CPP && rig_model_head_dim (m) > 128;
  s->head512 = r->runtime == RIG_RUNTIME_LLAMA_CPP && rig_model_full_head_dim (m) >= 512;
  s->pass_bytes = prefill_pass_bytes (m);
  s->expert_matrix_bytes = s->moe && r->expert_bytes > 0 ? r->expert_bytes / expert_matrices (m) : 0;
  /* llama.cpp's CUDA FlashAttention over heads of 128 or fewer, by the query heads a KV head.
   * Multi-head latent attention shares one latent among all its heads: the whole rate. */
  s->gqa_factor = 1.0;
  if (RIG_IS_KNOWN (m->heads) && RIG_IS_KNOWN (m->kv_heads) && m->kv_heads > 0 && !rig_model_is_mla (m))
    s->gqa_factor = MIN (1.0, (m->heads / m->kv_heads + 1) / (RIG_LLAMACPP_FA_GQA_FULL + 1));
  prefill_terms (w, r->runtime, &s->flops, s->expert_flops, w->context, &s->prefill);
}

/* @memo's figures of @w where it holds them (rig_memory_evaluate_memo () of @w has just found it
 * held them, or kept them anew); else worked out, into @memo where there is one, or @own. */
static const RigSpeedWorkload *
speed_workload (RigWorkloadMemo         *memo,
                const RigWorkload       *w,
                const RigWorkloadResult *r,
                RigSpeedWorkload        *own)
{
  if (memo == NULL)
    {
      speed_workload_init (own, w, r);
      return own;
    }
  if (!memo->speed_valid)
    {
      speed_workload_init (&memo->speed, w, r);
      memo->speed_valid = TRUE;
    }
  return &memo->speed;
}

static void
speed_case_init (SpeedCase               *c,
                 const RigWorkload       *w,
                 const RigDeviceSet      *d,
                 const RigWorkloadResult *r,
                 RigWorkloadMemo         *memo)
{
  RigSpeedWorkload own;
  const RigSpeedWorkload *s = speed_workload (memo, w, r, &own);
  gboolean moe = s->moe;          /* a mixture of experts, only some of them read per token */
  gboolean lowbit = s->lowbit;    /* llama.cpp unpacking a 2- or 3-bit K-quant */
  gboolean wide_heads = s->wide_heads;  /* llama.cpp's FlashAttention over heads wider than 128 */
  gboolean head512 = s->head512;        /* and over Gemma 4's global heads of 512 */
  gboolean amd_hybrid_moe = s->amd_hybrid_moe;  /* llama.cpp running a linear-attention MoE */
  double experts = 0;  /* of the weights, a mixture of experts' routed experts' share */
  double small = s->small;
  double pass_bytes = s->pass_bytes;  /* a prompt token's activations through the fp32 passes */
  double gqa_factor = s->gqa_factor;
  /* the bytes of one expert matrix, as the model's file holds it */
  double expert_matrix_bytes = s->expert_matrix_bytes;
  gboolean fp8 = s->fp8;

  c->w = w;
  c->d = d;
  c->r = r;
  c->kernel = s->kernel;
  /* FP8 weights on FP8 tensor cores are multiplied as they are, read at a 16-bit GEMM's rate;
   * elsewhere FP8 Marlin unpacks them as other weight-only formats are (kernel_factor ()). Qwen3-8B
   * in FP8 on one H100 decodes 1.47 times as fast as in BF16 (tgarg01/silybench-data, vLLM 0.30),
   * where the weight-only factor planned 1.30. */
  for (guint i = 0; fp8 && i < r->n_devices; i++)
    if (i == 0 || r->read_bytes[i] > 0 || r->compute_share[i] > 0)
      fp8 = device_at (d, i)->cls == RIG_DEVICE_CLASS_CPU || device_at (d, i)->fp8;
  if (fp8)
    c->kernel = RIG_KERNEL_FACTOR_FLOAT;
  c->apple_dequant = 0;
  c->pascal_dequant = 0;
  c->mmvq_ops = s->mmvq_ops;
  c->kv_planned = RIG_IS_KNOWN (r->kv_bytes) ? r->kv_bytes : rig_memory_kv_bytes (w, w->context) * w->batch;
  c->flops = s->flops;
  c->batch = w->batch;
  c->state_write = s->state_write;
  c->extra_read_bytes = 0;
  c->extra_scattered = 1;
  c->unpacked_bytes = s->unpacked_bytes;
  c->awq_unpacked_bytes = s->awq_unpacked_bytes;
  c->kv_copy_passes = s->kv_copy_passes;
  c->expert_flops = s->expert_flops;
  c->prefill = memo != NULL ? &s->prefill : NULL;
  /* Of the weights as placed (with the duplicate of a tied head where llama.cpp loads one),
   * the routed experts' share. */
  if (moe && r->memory.terms[RIG_MEMORY_WEIGHTS] > 0)
    experts = MIN (1.0, r->expert_bytes / r->memory.terms[RIG_MEMORY_WEIGHTS]);
  for (guint i = 0; i < r->n_devices; i++)
    {
      const RigDevice *dev = device_at (d, i);
      double stream_eff, matrix_s;
      gboolean small_experts;

      /* A device the workload does not use has no figures; the first GPU always has them, as
       * it runs the prompt of layers in system memory (prefill_seconds_per_token ()). */
      if (i > 0 && r->read_bytes[i] <= 0 && r->compute_share[i] <= 0)
        {
          c->eff[i] = c->expert_extra[i] = c->t0_ms[i] = c->weights_read_s[i] = c->pass_s[i] = 0;
          c->expert_read_share[i] = 0;
          c->expert_small[i] = 1.0;
          c->peak[i] = c->prefill_peak[i] = c->attention_peak[i] = NAN;
          continue;
        }
      decode_constants (dev->cls, r->runtime, w->model->layers, &c->eff[i], &stream_eff, &small_experts,
                        &c->t0_ms[i]);
      if (dev->decode_eff > 0)
        c->eff[i] = dev->decode_eff;
      if (dev->two_dies && r->runtime == RIG_RUNTIME_MLX)
        c->t0_ms[i] += RIG_DECODE_T0_APPLE_MLX_TWO_DIES_EXTRA_MS;
      /* vLLM's multi-head latent attention split by tensor (RIG_VLLM_MLA_LAYER_US). */
      if (r->runtime == RIG_RUNTIME_VLLM && r->tensor_parallel && rig_model_is_mla (w->model) &&
          RIG_IS_KNOWN (w->model->layers))
        c->t0_ms[i] += w->model->layers * RIG_VLLM_MLA_LAYER_US / 1000.0;
      c->expert_small[i] = small_experts ? small : 1.0;
      /* Under -sm tensor each GPU multiplies its slice of every expert matrix, which loses as a
       * matrix of that size does (prefill_seconds_per_token ()); -sm row leaves the experts whole. */
      if (small_experts && r->runtime == RIG_RUNTIME_LLAMA_CPP && r->tensor_parallel && !r->row_split &&
          r->compute_share[i] > 0 && r->compute_share[i] < 1)
        c->expert_small[i] = expert_small_factor_of (rig_model_expert_matrix_params (w->model) *
                                                     r->compute_share[i]);
      /* llama.cpp's decode on NVIDIA cards reads the experts at the dense rate and spends a time
       * on each expert matrix, counted here as the bytes the device would read in it: a fixed
       * time on the GDDR cards (RIG_DECODE_EXPERT_MATRIX_US_CUDA), on the HBM ones the time its
       * integer lanes take for RIG_DECODE_EXPERT_MATRIX_INT_OPS_HBM. Split by tensor or by row,
       * each GPU runs its slice of every matrix and pays the time for each. Its CPU backend reads
       * them at RIG_DECODE_MOE_EFF_CPU of the dense rate and spends
       * RIG_DECODE_EXPERT_MATRIX_US_CPU on each. Elsewhere the loss goes with the bytes. */
      matrix_s = expert_matrix_time_s (dev, r->runtime);
      if (matrix_s > 0 && expert_matrix_bytes > 0 && RIG_IS_KNOWN (dev->bandwidth_gbps))
        {
          double slice = r->tensor_parallel && r->compute_share[i] > 0 ? r->compute_share[i] : 1;
          double rate = c->eff[i] * c->kernel * dev->bandwidth_gbps * 1e9;

          c->expert_extra[i] = 1 / stream_eff - 1 + matrix_s * rate / (expert_matrix_bytes * slice);
        }
      else
        c->expert_extra[i] = 1 / (stream_eff * c->expert_small[i]) - 1;
      /* From here expert_small speaks for a prompt's expert matmuls alone, which Blackwell's cards
       * run further below their rate (RIG_PREFILL_EXPERT_FACTOR_BLACKWELL). */
      if (dev->blackwell && r->runtime == RIG_RUNTIME_LLAMA_CPP)
        c->expert_small[i] *= RIG_PREFILL_EXPERT_FACTOR_BLACKWELL;
      /* The unpacking costs read the quantization's name: only where such a GPU takes part. */
      if (dev->cls == RIG_DEVICE_CLASS_APPLE && c->apple_dequant == 0)
        c->apple_dequant = apple_dequant_ops_per_byte (w);
      if (dev->pascal && c->pascal_dequant == 0)
        c->pascal_dequant = pascal_dequant_ops_per_byte (w);
      c->peak[i] = RIG_IS_KNOWN (dev->tflops) && dev->tflops > 0
                     ? compute_peak (w, dev, r->runtime == RIG_RUNTIME_LLAMA_CPP) : NAN;
      c->prefill_peak[i] = c->peak[i] * prefill_factor (dev->cls, r->runtime, moe);
      /* Attention multiplies 16-bit keys and values whatever the weights are: unpacking low-bit
       * K-quants and AMX's int8 tiles (below) are the weights' matters. */
      c->attention_peak[i] = c->prefill_peak[i];
      if (r->runtime == RIG_RUNTIME_LLAMA_CPP && nvidia_card (dev))
        c->attention_peak[i] *= head512 ? RIG_LLAMACPP_FA_HEAD512_FACTOR_CUDA
                                : wide_heads ? RIG_LLAMACPP_FA_WIDE_HEAD_FACTOR_CUDA : gqa_factor;
      if (lowbit && dev->cls != RIG_DEVICE_CLASS_APPLE && dev->cls != RIG_DEVICE_CLASS_CPU &&
          !dev->lowbit_mmq_free)
        c->prefill_peak[i] *= RIG_PREFILL_LOWBIT_KQUANT_FACTOR;
      if (dev->amx && r->runtime == RIG_RUNTIME_LLAMA_CPP && amx_kernels (w))
        c->prefill_peak[i] *= RIG_PREFILL_AMX_FACTOR_LLAMA_CPP;
      if (dev->cls == RIG_DEVICE_CLASS_CPU && r->runtime == RIG_RUNTIME_LLAMA_CPP)
        {
          double factor = rig_speed_cpu_prompt_factor (w->quant_id);

          c->prefill_peak[i] *= isfinite (factor) ? factor : CPU_PREFILL_UNMEASURED;
        }
      /* Volta has FP16 tensor cores but no int8 ones: llama.cpp gives its MMQ kernels only
       * batches below 64 tokens there and unpacks larger ones to FP16 for cuBLAS
       * (ggml_cuda_should_use_mmq; llama.cpp PR #12098), which runs near the tensor cores'
       * rate. */
      if (dev->volta && r->runtime == RIG_RUNTIME_LLAMA_CPP && gguf_quantized (w) &&
          rig_workload_ubatch (w) >= RIG_LLAMACPP_MMQ_DP4A_MAX_BATCH && RIG_IS_KNOWN (c->peak[i]))
        {
          c->prefill_peak[i] = MAX (c->prefill_peak[i], RIG_PREFILL_EFF_VOLTA_CUBLAS * dev->tflops * 1e12 *
                                                          prefill_factor (dev->cls, r->runtime, moe));
          c->attention_peak[i] = MAX (c->attention_peak[i], c->prefill_peak[i]);
        }
      /* A discrete GPU's fp32 passes between the matrices, priced apart from them
       * (RIG_PREFILL_PASS_BYTES_*). */
      c->pass_s[i] = 0;
      if (r->runtime == RIG_RUNTIME_LLAMA_CPP && pass_bytes > 0 && RIG_IS_KNOWN (dev->bandwidth_gbps) &&
          dev->bandwidth_gbps > 0 && c->eff[i] > 0 &&
          (dev->cls == RIG_DEVICE_CLASS_NVIDIA_GDDR || dev->cls == RIG_DEVICE_CLASS_NVIDIA_HBM ||
           dev->cls == RIG_DEVICE_CLASS_OTHER_GPU))
        {
          c->pass_s[i] = pass_bytes / (c->eff[i] * dev->bandwidth_gbps * 1e9);
          c->prefill_peak[i] *= RIG_PREFILL_MATRIX_FACTOR_LLAMA_CPP;
        }
      c->weights_read_s[i] = r->runtime == RIG_RUNTIME_LLAMA_CPP && RIG_IS_KNOWN (dev->bandwidth_gbps) &&
                               dev->bandwidth_gbps > 0 && c->eff[i] > 0
                               ? rig_bytes_to_double (r->memory.terms[RIG_MEMORY_WEIGHTS]) * r->compute_share[i] *
                                   (1 - experts + experts / stream_eff) /
                                   (c->eff[i] * c->kernel * dev->bandwidth_gbps * 1e9)
                               : 0;
      c->expert_read_share[i] = experts > 0
                                  ? experts / stream_eff / (1 - experts + experts / stream_eff)
                                  : 0;
      /* llama.cpp runs a linear-attention mixture of experts on an AMD card at a share of the
       * rates above, its decode step and its prompt alike (RIG_LLAMACPP_AMD_HYBRID_MOE_*). */
      if (dev->amd && amd_hybrid_moe)
        {
          c->eff[i] *= RIG_LLAMACPP_AMD_HYBRID_MOE_DECODE_SHARE;
          c->t0_ms[i] /= RIG_LLAMACPP_AMD_HYBRID_MOE_DECODE_SHARE;
          c->prefill_peak[i] *= RIG_LLAMACPP_AMD_HYBRID_MOE_PROMPT_SHARE;
          c->attention_peak[i] *= RIG_LLAMACPP_AMD_HYBRID_MOE_PROMPT_SHARE;
          c->pass_s[i] /= RIG_LLAMACPP_AMD_HYBRID_MOE_PROMPT_SHARE;
          c->weights_read_s[i] /= RIG_LLAMACPP_AMD_HYBRID_MOE_PROMPT_SHARE;
        }
    }
}

/* One all-reduce of a token's activations over @n GPUs in tensor parallel: under vLLM a fixed
 * latency over NVLink, a ring of 2 (n - 1) steps over PCIe (RIG_TP_ALLREDUCE_US_*); under
 * llama.cpp's -sm tensor, a wait on a prompt's ubatch (RIG_LLAMACPP_TP_ALLREDUCE_US) and a
 * shorter one in a @decode step of current builds (RIG_LLAMACPP_TP_DECODE_ALLREDUCE_US). */
static double
tp_allreduce_us (const RigWorkload  *w,
                 const RigDeviceSet *d,
                 RigRuntime          runtime,
                 guint               n,
                 gboolean            decode)
{
  if (runtime == RIG_RUNTIME_LLAMA_CPP)
    return decode && !w->llamacpp_tp_before_22041 ? RIG_LLAMACPP_TP_DECODE_ALLREDUCE_US
                                                  : RIG_LLAMACPP_TP_ALLREDUCE_US;
  if (d->gpus[0].nvlink)
    return RIG_TP_ALLREDUCE_US_NVLINK;
  return RIG_TP_ALLREDUCE_US_PCIE_STEP * 2.0 * (MAX (n, 2u) - 1);
}

/* The all-reduces a token's activations pass through in one forward pass split by tensor: two a
 * layer (after the attention and after the MLP), three where a layer norms a dense MLP beside its
 * experts apart from them (RigModel.shared_mlp_normed: llama.cpp's gemma4-iswa graph norms each
 * branch with ffn_post_norm_1 and _2 before adding them, so each branch's partial sums are
 * reduced before its own norm). 0 when the layers are unknown. */
static double
tp_allreduces (const RigModel *m)
{
  if (!RIG_IS_KNOWN (m->layers))
    return 0;
  return (m->shared_mlp_normed == 1 ? 3.0 : 2.0) * m->layers;
}

/* The linear layers a token passes in one layer: query, key, value and output, and a gated
 * MLP's three for each expert it is routed to. */
static double
linears_per_layer (const RigModel *m)
{
  double experts = rig_model_is_moe (m) && RIG_IS_KNOWN (m->experts_active) ? m->experts_active : 1;

  return 4 + 3 * experts;
}

/* What a quantized linear layer's library adds on the host per pass of @tokens tokens under
 * transformers' generate (), as a share of a layer's launches (RIG_TRANSFORMERS_*_SHARE). */
static double
quant_linear_share (const RigWorkload *w,
                    double             tokens)
{
  switch (rig_quant_format (w->quant))
    {
    case RIG_QUANT_FORMAT_BNB:
      if (!bnb_4bit (w))
        return w->bnb_2023_kernels ? RIG_TRANSFORMERS_BNB_INT8_LINEAR_SHARE_2023
                                   : RIG_TRANSFORMERS_BNB_INT8_LINEAR_SHARE;
      if (w->bnb_2023_kernels)
        return RIG_TRANSFORMERS_BNB_4BIT_LINEAR_SHARE_2023;
      /* Double quantization stores the block scales in 8 bits (NF4-DQ, 4.127 bits a weight). */
      if (w->quant->bits_per_weight < 4.3)
        return tokens > 1 ? RIG_TRANSFORMERS_BNB_NF4_DQ_BATCH_LINEAR_SHARE
                          : RIG_TRANSFORMERS_BNB_NF4_DQ_LINEAR_SHARE;
      return tokens > 1 ? RIG_TRANSFORMERS_BNB_NF4_BATCH_LINEAR_SHARE
                        : RIG_TRANSFORMERS_BNB_NF4_LINEAR_SHARE;
    case RIG_QUANT_FORMAT_OTHER:
      if (awq (w))
        return RIG_TRANSFORMERS_AWQ_LINEAR_SHARE;
      if (w->quant->format == NULL || !rig_str_is (w->quant->format, "gptq"))
        return 0;
      return w->gptq_2023_kernels ? RIG_TRANSFORMERS_GPTQ_LINEAR_SHARE_2023
                                  : RIG_TRANSFORMERS_GPTQ_LINEAR_SHARE;
    case RIG_QUANT_FORMAT_UNREAD:
    case RIG_QUANT_FORMAT_FLOAT:
    case RIG_QUANT_FORMAT_GGUF:
    case RIG_QUANT_FORMAT_GGUF_FLOAT:
    case RIG_QUANT_FORMAT_MLX:
    default:
      return 0;
    }
}

/* Seconds the host spends launching one forward pass's kernels: transformers' generate () in
 * eager mode launches every kernel of a step from Python, and the GPU waits on it unless its own
 * work takes longer. LitGPT's generate () runs its model the same way unless told to compile it
 * (litgpt/generate/base.py). 0 for other runtimes. @tokens is the pass's: each sequence's next
 * token, or a prompt's. */
static inline double
eager_launch_s (const RigWorkload  *w,
                const RigDeviceSet *d,
                RigRuntime          runtime,
                double              tokens)
{
  const RigModel *m = w->model;

  if (!rig_runtime_is_eager (runtime) || !RIG_IS_KNOWN (m->layers))
    return 0;
  return m->layers * rig_speed_eager_layer_ms (d) *
         (1 + linears_per_layer (m) * quant_linear_share (w, tokens)) / 1000.0;
}

/* Python runs on one core, so the launches take the time a reference host's processor takes,
 * scaled by its single-thread rating against this one's (RIG_TRANSFORMERS_EAGER_REF_*). */
double
rig_speed_eager_layer_ms (const RigDeviceSet *d)
{
  if (d == NULL || !RIG_IS_KNOWN (d->host.single_thread) || d->host.single_thread <= 0)
    return RIG_TRANSFORMERS_EAGER_MS_PER_LAYER;
  return RIG_TRANSFORMERS_EAGER_REF_MS_PER_LAYER * RIG_TRANSFORMERS_EAGER_REF_SINGLE_THREAD /
         d->host.single_thread;
}

/* The weight matrices a token passes in one layer that llama.cpp's -sm row splits over the
 * GPUs: query, key, value and output, and the MLP's three; of a mixture of experts, its router
 * and not its experts, whose 3-D tensors a split buffer does not take (ggml-cuda.cu,
 * ggml_backend_cuda_device_supports_op: "split buffers can only be used with GGML_OP_MUL_MAT",
 * and the experts run GGML_OP_MUL_MAT_ID). */
static double
row_split_matmuls (const RigModel *m)
{
  return rig_model_is_moe (m) ? 4 + 1 : 4 + 3;
}

/* Seconds that llama.cpp's -sm row spends moving @tokens tokens' activations over the main
 * GPU's link: every split matrix multiplication sends its input (f32) from the main GPU to each
 * other GPU and gathers their rows of the result (f32) back (ggml-cuda.cu ggml_cuda_op_mul_mat).
 * The link carries both directions at once, so the larger binds. 0 where the link is unknown. */
static double
row_split_link_s (const RigModel     *m,
                  const RigDeviceSet *d,
                  guint               n,
                  double              tokens)
{
  double h = m->hidden_size, ff, q, kv, in, out;

  if (n < 2 || !RIG_IS_KNOWN (h) || !RIG_IS_KNOWN (m->layers) || !RIG_IS_KNOWN (m->heads) ||
      !RIG_IS_KNOWN (d->gpus[0].link_gbps) || d->gpus[0].link_gbps <= 0)
    return 0;
  /* A mixture's experts stay whole on their layer's card (row_split_matmuls ()): their
   * activations do not cross; the router's outputs, one a token and expert, hardly count. */
  ff = rig_model_is_moe (m) ? 0 : rig_model_ffn_width (m);
  q = m->heads * rig_model_head_dim (m);
  kv = RIG_IS_KNOWN (m->kv_heads) ? m->kv_heads * rig_model_head_dim (m) : q;
  /* Inputs: the normed hidden state (query, key and value share it, as gate and up do), the
   * attention's output and the MLP's activation; outputs: every matrix's rows. */
  in = (h + q + h + ff) * 4.0 * (n - 1);
  out = (q + 2 * kv + h + 2 * ff + h) * 4.0 * (n - 1) / n;
  return tokens * m->layers * MAX (in, out) / (RIG_PCIE_STREAM_EFF * d->gpus[0].link_gbps * 1e9);
}

/* Whether the cards all-reduce by llama.cpp's internal AllReduce
 * (RIG_LLAMACPP_TP_INTERNAL_WAIT_US): two NVIDIA cards of Volta or later in a current build. */
static gboolean
llamacpp_internal_allreduce (const RigWorkload  *w,
                             const RigDeviceSet *d,
                             guint               n)
{
  if (n != 2 || d->n_gpus < 2 || w->llamacpp_tp_before_22299)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    if (!nvidia_card (&d->gpus[i]) || d->gpus[i].pascal)
      return FALSE;
  return TRUE;
}

/* Seconds a prompt token spends in llama.cpp's -sm tensor all-reduces over @n GPUs
 * (tp_allreduces ()) of the token's activations (f32), which a ring passes
 * on 2 (n - 1) / n times over each card's link at RIG_LLAMACPP_TP_LINK_EFF of its rate, plus
 * each all-reduce's latency shared by the @ubatch tokens that pay it together; two current CUDA
 * cards stage them in BF16 through host memory instead (llamacpp_internal_allreduce ()). Bridged
 * cards are planned at their PCIe rate too: no -sm tensor run over NVLink was found. 0 where the
 * link is unknown. */
static double
llamacpp_tp_link_s (const RigWorkload  *w,
                    const RigDeviceSet *d,
                    guint               n,
                    double              ubatch)
{
  const RigModel *m = w->model;
  double reduces, bytes, share, wait_us;

  if (n < 2 || !RIG_IS_KNOWN (m->hidden_size) || !RIG_IS_KNOWN (m->layers) ||
      !RIG_IS_KNOWN (d->gpus[0].link_gbps) || d->gpus[0].link_gbps <= 0)
    return 0;
  reduces = tp_allreduces (m);
  if (llamacpp_internal_allreduce (w, d, n))
    {
      bytes = m->hidden_size * 2.0;   /* BF16, each card's partial over its own link */
      share = RIG_PCIE_HOST_COPY_EFF_PINNED;
      wait_us = RIG_LLAMACPP_TP_INTERNAL_WAIT_US;
    }
  else
    {
      bytes = m->hidden_size * 4.0 * 2.0 * (n - 1) / n;
      share = RIG_LLAMACPP_TP_LINK_EFF;
      wait_us = tp_allreduce_us (w, d, RIG_RUNTIME_LLAMA_CPP, n, FALSE);
    }
  return reduces * bytes / (share * d->gpus[0].link_gbps * 1e9) +
         reduces * wait_us * 1e-6 / MAX (1.0, ubatch);
}

/* Seconds device @i spends writing and reading its share of @bytes of unpacked 16-bit weights
 * in a pass (SpeedCase.unpacked_bytes, .awq_unpacked_bytes), at a 16-bit kernel's rate. */
static double
unpacking_s (const SpeedCase *c,
             guint            i,
             double           bytes)
{
  const RigDevice *dev = device_at (c->d, i);

  if (bytes <= 0 || !RIG_IS_KNOWN (dev->bandwidth_gbps) || dev->bandwidth_gbps <= 0)
    return 0;
  return c->r->compute_share[i] * bytes /
         (c->eff[i] * RIG_KERNEL_FACTOR_FLOAT * dev->bandwidth_gbps * 1e9);
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
  double flops = c->flops.weights + attention_flops (&c->flops, context);

  memset (t, 0, sizeof *t);
  t->known = TRUE;
  /* The KV cache read per token grows with the tokens already in it. What the workload's
   * sequences hold, not what the runtime set aside (vLLM's pool is larger). */
  kv_now = context == w->context && c->batch == w->batch ? kv_planned
                                                          : rig_memory_kv_bytes (w, context) * c->batch;

  for (guint i = 0; i < r->n_devices; i++)
    {
      const RigDevice *dev = device_at (d, i);
      double eff = c->eff[i], bytes = r->read_bytes[i], share = r->compute_share[i];
      /* This device's part of the planned KV cache read (all of it on the first GPU under -sm
       * row, whose cards read their layers' caches one after another: @read_bytes), and the
       * weights it reads beside it. */
      double kv_here = r->row_split ? (i == 0 ? kv_planned : 0) : share * kv_planned;
      double weight_bytes = r->read_bytes[i] - kv_here;
      double dev_mem_s, dev_compute_s = 0, dev_unpack_s, dev_copy_s = 0, dev_dequant_s = 0;

      if (bytes <= 0 && share <= 0)
        continue;
      t0_ms = MAX (t0_ms, c->t0_ms[i]);

      /* Scale this device's KV reads from the planned context to the decode context. */
      if (kv_planned > 0)
        bytes += kv_here * (kv_now / kv_planned - 1.0);
      bytes += share * (c->extra_read_bytes + c->state_write);
      /* The routed experts' bytes among them take expert_extra more each, read scattered. */
      bytes += (r->expert_read_bytes[i] + share * c->extra_read_bytes * c->extra_scattered) *
               c->expert_extra[i];
      if (!RIG_IS_KNOWN (dev->bandwidth_gbps) || dev->bandwidth_gbps <= 0)
        {
          t->known = FALSE;
          continue;
        }
      dev_mem_s = bytes / (eff * k * dev->bandwidth_gbps * 1e9);
      /* transformers' cache, copied whole every step (plain 16-bit copies, whatever the
       * weights' kernels). */
      if (c->kv_copy_passes > 0 && kv_planned > 0)
        dev_copy_s = kv_here * kv_now / kv_planned * c->kv_copy_passes /
                     (eff * RIG_KERNEL_FACTOR_FLOAT * dev->bandwidth_gbps * 1e9);
      dev_mem_s += dev_copy_s;
      if (c->batch > 1)
        dev_mem_s += unpacking_s (c, i, c->unpacked_bytes);

      if (RIG_IS_KNOWN (c->peak[i]))
        {
          /* Large batches turn decode compute-bound. */
          dev_compute_s = share * flops * c->batch / c->peak[i];
          /* On Apple GPUs, unpacking quantized weights can take longer than reading them:
           * once a step, whatever its tokens, as the matrix-vector kernels unpack each block
           * once. */
          if (dev->cls == RIG_DEVICE_CLASS_APPLE)
            dev_dequant_s = weight_bytes * c->apple_dequant / (dev->tflops * 1e12);
        }
      /* So, on Pascal, does unpacking Q2_K and Q3_K, and any block quantization where the card
       * has no dp4a to unpack it with. */
      if (dev->pascal && c->pascal_dequant > 0 && RIG_IS_KNOWN (dev->dp4a_tops) && dev->dp4a_tops > 0)
        dev_dequant_s = weight_bytes * c->pascal_dequant / (dev->dp4a_tops * 1e12);
      else if (dev->pascal && !RIG_IS_KNOWN (dev->dp4a_tops) && gguf_quantized (w) &&
               RIG_IS_KNOWN (dev->fp32_tflops) && dev->fp32_tflops > 0)
        dev_dequant_s = weight_bytes * RIG_DEQUANT_OPS_PER_BYTE_NO_DP4A / (dev->fp32_tflops * 1e12);

      /* On NVIDIA cards from Volta on, llama.cpp's matrix-vector kernels, which take steps of up
       * to RIG_LLAMACPP_MMVQ_MAX_BATCH tokens, unpack block quantizations on the integer lanes
       * once a step (RIG_DECODE_MMVQ_INT_OPS_PER_BYTE): an HBM card's bandwidth outruns that. */
      dev_unpack_s = c->mmvq_ops > 0 && c->batch <= RIG_LLAMACPP_MMVQ_MAX_BATCH &&
                         RIG_IS_KNOWN (dev->int32_tops) && dev->int32_tops > 0
                       ? weight_bytes * c->mmvq_ops / (dev->int32_tops * 1e12)
                       : 0;
      if (r->tensor_parallel)
        {
          t->mem_s = MAX (t->mem_s, dev_mem_s);
          t->copy_s = MAX (t->copy_s, dev_copy_s);
          t->compute_s = MAX (t->compute_s, dev_compute_s);
          t->unpack_s = MAX (t->unpack_s, dev_unpack_s);
          t->dequant_s = MAX (t->dequant_s, dev_dequant_s);
        }
      else
        {
          t->mem_s += dev_mem_s;
          t->copy_s += dev_copy_s;
          t->compute_s += dev_compute_s;
          t->unpack_s += dev_unpack_s;
          t->dequant_s += dev_dequant_s;
        }
      if (dev->cls == RIG_DEVICE_CLASS_CPU)
        t->host_mem_s += dev_mem_s;
    }

  if (r->row_split)
    link_ms = 1000.0 * row_split_link_s (m, d, r->gpus_used, c->batch) +
              (RIG_IS_KNOWN (m->layers) ? m->layers : 0) * row_split_matmuls (m) *
              RIG_LLAMACPP_ROW_SYNC_US / 1000.0;
  else if (r->tensor_parallel)
    link_ms = tp_allreduces (m) * tp_allreduce_us (w, d, r->runtime, r->gpus_used, TRUE) / 1000.0;
  else if (r->gpus_used > 1)
    link_ms = (r->gpus_used - 1) * RIG_LAYER_SPLIT_HOP_MS;
  t->overhead_s = t0_ms / 1000.0;
  t->link_s = link_ms / 1000.0;
  t->host_loop_s = eager_launch_s (w, d, r->runtime, c->batch);
}

/* Seconds a step of @t takes when it checks @tokens tokens of each sequence at once: reading
 * the weights and the cache once, as for one token, but @tokens times the FLOPs, which a
 * compute-bound step pays, and @extra_s more of compute (a prompt's chunk read in the step). */
static double
step_seconds (const DecodeStep *t,
              double            tokens,
              double            extra_s)
{
  return MAX (t->host_loop_s,
              t->overhead_s + t->link_s +
                MAX (t->mem_s, t->unpack_s + t->dequant_s + tokens * t->compute_s + extra_s));
}

static double
decode_step_rate (const RigWorkload *w,
                  const DecodeStep  *t)
{
  return w->batch / step_seconds (t, 1.0, 0);
}

/* The share of the first GPU's PCIe link that llama.cpp's copies of the weights in system
 * memory reach while it reads a prompt: from the mapped file's pageable pages by default, from
 * pinned memory under --no-mmap (RIG_PCIE_HOST_COPY_EFF_MAPPED, RIG_PCIE_HOST_COPY_EFF_PINNED). */
static double
host_copy_efficiency (const RigWorkload *w)
{
  return w->mmap ? RIG_PCIE_HOST_COPY_EFF_MAPPED : RIG_PCIE_HOST_COPY_EFF_PINNED;
}

/* The share of a mixture of experts' routed experts that a ubatch of @ubatch tokens routes to,
 * which is what llama.cpp copies of those in system memory: from the catalog's share at 512
 * tokens, as many tokens drawn at random as would give it, scaled by
 * RIG_LLAMACPP_EXPERT_USE_EXPONENT; 1 where the catalog has no share (a batch uses nearly all). */
static double
routed_expert_share (const RigWorkload *w,
                     double             ubatch)
{
  const RigModel *m = w->model;
  double miss, draws;

  if (w->llamacpp_copies_all_experts || !RIG_IS_KNOWN (m->experts_used_512) ||
      !RIG_IS_KNOWN (m->experts) || !RIG_IS_KNOWN (m->experts_active) ||
      m->experts <= m->experts_active)
    return 1;
  /* The chance a token's draw misses a given expert, and the draws that use the share. */
  miss = 1 - m->experts_active / m->experts;
  draws = log (1 - MIN (m->experts_used_512, 0.999)) / log (miss);
  return 1 - pow (miss, draws * pow (ubatch / 512, RIG_LLAMACPP_EXPERT_USE_EXPONENT));
}

/* Seconds of matrix work per prompt token when prefilling a prompt of @prompt_tokens, over the
 * devices that share it; NAN when a device's throughput is unknown. @host_s and @link_s (either
 * may be NULL) get the part the CPU takes and the part copying weights over PCIe takes; @any
 * whether any device has work. With part of the model in system memory, llama.cpp still runs a
 * prompt batch's matmuls on the GPU and copies those weights to it for every ubatch
 * (ggml-cuda.cu ggml_backend_cuda_device_offload_op: batches of 32 tokens or more), dense layers
 * and a mixture of experts' experts alike. */
static double
prefill_seconds_per_token (const SpeedCase *c,
                           double           prompt_tokens,
                           double          *host_s,
                           double          *link_s,
                           double          *pass_s,
                           gboolean        *any)
{
  const RigWorkloadResult *r = c->r;
  const RigDeviceSet *d = c->d;
  RigPrefillTerms own;
  const RigPrefillTerms *t = c->prefill != NULL && prompt_tokens == c->w->context ? c->prefill : &own;
  double attention, ubatch, scale, shared_matrices, expert_matrices, marlin_matrices;
  double s = 0, host = 0, link = 0, passes = 0;
  double first_s = -1, last_s = 0;   /* the first and last GPU's step, for the pipeline below */
  double whole_s = 0;                /* -sm row: the step's time in experts it does not split */
  gboolean nvidia = TRUE;            /* every GPU with work runs llama.cpp's CUDA backend */
  /* AutoAWQ's kernel multiplies a pass of fewer tokens than RIG_AWQ_FP16_MATMUL_TOKENS. */
  gboolean awq_kernel = c->awq_unpacked_bytes > 0 &&
                        c->batch * prompt_tokens < RIG_AWQ_FP16_MATMUL_TOKENS;
  gboolean stream = r->runtime == RIG_RUNTIME_LLAMA_CPP && d->n_gpus > 0 && !d->unified &&
                    r->host_stream_bytes > 0 && prompt_tokens >= RIG_LLAMACPP_OFFLOAD_MIN_BATCH &&
                    RIG_IS_KNOWN (c->peak[0]) && RIG_IS_KNOWN (d->gpus[0].link_gbps) &&
                    d->gpus[0].link_gbps > 0;

  /* A token's FLOPs in the matrices and in attention, apart (prefill_terms ()). */
  if (t == &own)
    prefill_terms (c->w, r->runtime, &c->flops, c->expert_flops, prompt_tokens, &own);
  attention = t->attention;
  ubatch = t->ubatch;
  scale = t->scale;
  shared_matrices = t->shared_matrices;
  expert_matrices = t->expert_matrices;
  marlin_matrices = t->marlin_matrices;
  if (any)
    *any = FALSE;
  for (guint i = 0; i < r->n_devices; i++)
    {
      const RigDevice *dev = device_at (d, i);
      gboolean cpu = dev->cls == RIG_DEVICE_CLASS_CPU;
      double dev_s, matrices, pass, peak, read_s;

      if (r->read_bytes[i] <= 0 && r->compute_share[i] <= 0)
        continue;
      if (any)
        *any = TRUE;
      if (stream && cpu)
        {
          /* The first GPU runs the host's share, the weights coming over its link once per
           * ubatch. */
          double copied = r->host_stream_bytes -
                          r->host_stream_expert_bytes * (1 - routed_expert_share (c->w, ubatch));
          double copy_s = copied /
                          (host_copy_efficiency (c->w) * d->gpus[0].link_gbps * 1e9) /
                          ubatch;

          s += r->compute_share[i] * ((shared_matrices + expert_matrices / c->expert_small[0]) /
                                        c->prefill_peak[0] +
                                      c->pass_s[0] + attention * scale / c->attention_peak[0]) + copy_s;
          link += copy_s;
          passes += r->compute_share[i] * c->pass_s[0];   /* run on the first GPU */
          continue;
        }
      if (!RIG_IS_KNOWN (c->peak[i]))
        {
          if (r->compute_share[i] > 0)
            return NAN;
          continue;
        }
      /* A GPU whose kernels lose on small experts in decode (expert_small_factor ()) loses the
       * same on each expert's share of a prompt: Qwen3.5- and Qwen3.6-35B-A3B, whose 256 experts
       * of 1.05 M weights a matrix get 16 tokens each of a 512-token ubatch, prefill on an RTX 4090
       * at 6300 to 6404 t/s (jiegec/kb, build 8820), which this puts within 5 % and the dense
       * rate 80 % too fast. */
      if (cpu)
        matrices = c->flops.weights;
      else if (dev->cls == RIG_DEVICE_CLASS_APPLE)
        matrices = c->flops.weights * scale;   /* Metal: the experts as the rest (prefill_terms ()) */
      else
        matrices = shared_matrices + expert_matrices / c->expert_small[i] +
                   marlin_matrices / (dev->hopper ? RIG_HOPPER_MMA_SYNC_FACTOR : 1.0);
      /* AutoAWQ multiplies a short pass in its own kernel, at its rate or the card's below it. */
      peak = c->prefill_peak[i];
      if (awq_kernel && !cpu)
        peak = MIN (peak, RIG_AWQ_GEMM_TFLOPS * 1e12);
      dev_s = r->compute_share[i] / peak * matrices;
      /* A ubatch reads every weight it touches at least once, a mixture of experts' nearly
       * all of them, at the rate decode reads them (for experts, the scattered-read factor
       * without the small-expert loss, as each expert gets many tokens): where the matrices are
       * small against the weights, that binds. Qwen3-30B-A3B Q8_0 split by layers over four
       * RTX 4090s prefills at 7247 t/s (llama.cpp PR #19378), which this puts at +4.7 % where
       * the matrices alone said +190 %; at the dense read rate, +80 %. Attention runs in kernels
       * of its own, after the matrices: its time adds to theirs (gpt-oss-120b over four RTX
       * 4090s, read-bound, prefills 512 tokens after 65536 at 2309 t/s where it takes 3822 from
       * an empty cache, PR #19378). So do the fp32 passes between the matrices
       * (RIG_PREFILL_PASS_BYTES_*). */
      /* An eager runtime's forward pass unpacks bitsandbytes' 4-bit weights once, for the whole
       * prompt, and AutoAWQ's for a long one. */
      pass = r->compute_share[i] * c->pass_s[i] +
             unpacking_s (c, i, c->unpacked_bytes + (awq_kernel ? 0 : c->awq_unpacked_bytes)) /
               prompt_tokens;
      read_s = c->weights_read_s[i] / ubatch;
      if (r->row_split)
        whole_s += dev_s >= read_s
                     ? r->compute_share[i] / peak * expert_matrices / c->expert_small[i]
                     : read_s * c->expert_read_share[i];
      dev_s = MAX (dev_s, read_s) + pass +
              r->compute_share[i] / c->attention_peak[i] * attention * (cpu ? 1.0 : scale);
      s += dev_s;
      passes += pass;
      if (cpu)
        host += dev_s;
      else
        {
          first_s = first_s < 0 ? dev_s : first_s;
          last_s = dev_s;
          nvidia = nvidia && nvidia_card (dev);
        }
    }
  /* llama.cpp's pipeline (rig_speed_pipeline_gain ()) as its builds run it: the copies between
   * cards are synchronous (ggml-backend's scheduler, "entirely synchronous" on master, PR #25319,
   * 2026-07; attempts to make them asynchronous, #17795 and #20793, were reverted), so only the
   * last card's step of one ubatch runs beside the first card's of the next, as the January 2024
   * demo put it (PR #4918: "The copy between GPUs is still synchronous, and this limits the
   * parallelism to two GPUs"). A batch of M ubatches saves M - 1 of the shorter of those two
   * steps: M P / (M (P - 1) + 1) over P equal cards, 1.6 for four ubatches over two, 1.23 over
   * four. PR #19378's 2026 rows land within 21 % with it: two RTX 4090s at pp2048, 1.49 times
   * their pp512 rate on Gemma 4 31B and 26B-A4B, and four at pp8192, 1.13 to 1.22 times on
   * gpt-oss-120b and Llama 3.2 1B (tests/fixtures/calibration.csv, regime 9). Not on ROCm, whose
   * two cards prefill alike at -b 2048 and -b 1024 with -ub 1024 (#24026), and not with layers in
   * system memory, which turns the pipeline off (src/llama-context.cpp). */
  if (r->runtime == RIG_RUNTIME_LLAMA_CPP && !r->tensor_parallel && !r->row_split &&
      r->fit == RIG_FIT_GPU && r->gpus_used >= 2 && host == 0 && nvidia && first_s > 0)
    {
      double per_batch = workload_batch_ubatches (c->w, prompt_tokens);

      if (c->w->llamacpp_pipeline_all_cards)
        s /= full_pipeline_gain (r->gpus_used, per_batch);
      else
        s -= (per_batch - 1) / per_batch * MIN (first_s, last_s);
    }
  /* Tensor parallel runs the devices at once: prefill time is one device's share, and with
   * llama.cpp's -sm row the activations' trips over the main GPU's link on top; with its
   * -sm tensor, the all-reduces of every token's activations (tp_allreduces ()). */
  if (r->tensor_parallel)
    {
      s /= MAX (1u, r->gpus_used);
      passes /= MAX (1u, r->gpus_used);
    }
  /* -sm row leaves a mixture's experts whole on their layers' cards (row_split_matmuls ()): the
   * cards run them one after another, as one card would. */
  if (r->row_split)
    s += whole_s * (1 - 1.0 / MAX (1u, r->gpus_used));
  if (r->tensor_parallel && !r->row_split && r->runtime == RIG_RUNTIME_LLAMA_CPP)
    {
      double tp_s = llamacpp_tp_link_s (c->w, d, r->gpus_used, ubatch);

      s += tp_s;
      link += tp_s;
    }
  if (r->row_split)
    {
      double row_s = row_split_link_s (c->w->model, d, r->gpus_used, 1.0);

      s += row_s;
      link += row_s;
    }
  if (host_s)
    *host_s = host;
  if (link_s)
    *link_s = link;
  if (pass_s)
    *pass_s = passes;
  return s;
}

/* What a serving runtime sets aside for requests running at once. */
typedef struct
{
  double prompt, output;     /* tokens of each request */
  double prefill_s;          /* prefill_seconds_per_token () at the prompt */
  double step_tokens;        /* the most tokens one step takes, decode and prefill together */
  double max_users;          /* the most requests the KV cache (or the slots) hold at once */
  double expert_bytes;       /* a mixture of experts: the weights of all its experts */
  double expert_share;       /* the share of them one token reads (active / experts); 1: dense */
} Serving;

/* vLLM's scheduler budget depends on the first GPU's memory and kind. The A100 is told by what
 * the engine keeps of a GPU: an NVIDIA HBM part, not Hopper, under 2.1 TB/s (the catalog's A100
 * 80 GB rows have 1,935 and 2,039 GB/s from NVIDIA's A100 page; the H100 PCIe's 2,000 is Hopper). */
static gboolean
vllm_large_defaults (const RigDeviceSet *d)
{
  const RigDevice *g = &d->gpus[0];
  gboolean a100 = g->cls == RIG_DEVICE_CLASS_NVIDIA_HBM && !g->hopper &&
                  RIG_IS_KNOWN (g->bandwidth_gbps) && g->bandwidth_gbps < 2100;

  return d->n_gpus > 0 && g->total_bytes >= RIG_VLLM_SERVE_LARGE_GIB * RIG_GIB && !a100;
}

static gboolean
serving_init (const SpeedCase *c,
              Serving         *s)
{
  const RigWorkload *w = c->w;
  const RigWorkloadResult *r = c->r;
  const RigModel *m = w->model;

  s->prompt = w->prompt_tokens;
  s->output = MAX (1u, w->output_tokens);
  if (r->runtime == RIG_RUNTIME_VLLM)
    {
      guint max_len = w->max_model_len ? w->max_model_len : w->context;
      gboolean large = vllm_large_defaults (c->d);

      s->step_tokens = large ? RIG_VLLM_SERVE_BATCHED_TOKENS_LARGE : RIG_VLLM_SERVE_BATCHED_TOKENS;
      /* Each request holds its prompt and output in the pool's blocks until it ends. */
      s->max_users = s->prompt + s->output > max_len || !isfinite (r->kv_pool_tokens)
                       ? 0 : floor (r->kv_pool_tokens / (s->prompt + s->output));
      s->max_users = MIN (s->max_users, large ? RIG_VLLM_SERVE_MAX_SEQS_LARGE
                                              : RIG_VLLM_SERVE_MAX_SEQS);
    }
  else if (r->runtime == RIG_RUNTIME_LLAMA_CPP)
    {
      s->step_tokens = RIG_LLAMA_CPP_SERVE_BATCH_TOKENS;
      s->max_users = floor ((double) w->context * w->batch / (s->prompt + s->output));
    }
  else
    return FALSE;
  s->expert_share = 1;
  s->expert_bytes = 0;
  if (rig_model_is_moe (m))
    {
      s->expert_share = m->experts_active / m->experts;
      s->expert_bytes = r->expert_bytes;
    }
  s->prefill_s = prefill_seconds_per_token (c, s->prompt, NULL, NULL, NULL, NULL);
  return isfinite (s->prefill_s);
}

/* Seconds of one step with @users decoding, each at its average position, and @prefill_tokens
 * of new prompts read in the same step (chunked prefill): the weights are read once for all of
 * them, the KV cache of every sequence, and the compute grows with every token. In a mixture of
 * experts each token picks its own: n tokens, each routed to k of E experts, read on average
 * 1 - (1 - k/E)^n of every layer's experts (routing taken as even), not the k/E of one token.
 * The more of a layer's experts a step reads, the less scattered its reads: those beyond one
 * token's pay the routed experts' loss (expert_extra) only for the share of experts left unread,
 * so a step that reads them all streams them at the dense rate. gpt-oss-120b serving 64 users
 * (InferenceX #828, 1k prompts and answers) takes 15.21 ms a token over two H100s and 9.89 over
 * four: a quarter of 21 ms apart, what the 55 GB such a step reads take at the dense rate of one
 * card. With the full loss the plan put two and four cards at 64 users 20 to 38 % too slow; four
 * users on one H100 or A100, whose steps read an eighth of the experts, keep most of it (+5.6 and
 * -4.0 %, gpustack's gpt-oss-120b runs). */
static double
serve_step_seconds (const SpeedCase *c,
                    const Serving   *s,
                    double           users,
                    double           prefill_tokens)
{
  SpeedCase at = *c;
  DecodeStep t;

  at.batch = users;
  at.state_write = rig_memory_linear_state_bytes (c->w->model) * users;
  if (s->expert_share < 1)
    {
      double read = 1 - pow (1 - s->expert_share, users + prefill_tokens);

      at.extra_read_bytes = s->expert_bytes * MAX (0.0, read - s->expert_share);
      at.extra_scattered = 1 - read;
    }
  decode_step (&at, s->prompt + s->output / 2.0, &t);
  if (!t.known)
    return NAN;
  return step_seconds (&t, 1.0, prefill_tokens * s->prefill_s);
}

/* Each user's decode speed with @users at once. A user's own prompt is read before its first
 * token; while it generates its output_tokens, each of the other users reads one prompt:
 * (users - 1) x prompt / output prompt tokens for each of its tokens. The scheduler reads them
 * in chunks of what a step's budget leaves after the decode tokens, so that share of the steps
 * carries a chunk and the rest only decode. */
static double
serve_user_rate (const SpeedCase *c,
                 const Serving   *s,
                 double           users)
{
  double prefill = (users - 1) * s->prompt / s->output;
  double chunk = MIN (s->prompt, MAX (1.0, s->step_tokens - users));
  double decode_s, mixed_s;

  if (prefill <= 0)
    return 1.0 / serve_step_seconds (c, s, users, 0);
  if (prefill >= chunk)
    return 1.0 / serve_step_seconds (c, s, users, prefill);
  decode_s = serve_step_seconds (c, s, users, 0);
  mixed_s = serve_step_seconds (c, s, users, chunk);
  return 1.0 / (decode_s + prefill / chunk * (mixed_s - decode_s));
}

/* The most users, up to what the runtime holds, that each decode at @target tokens/s or faster;
 * each user's speed only falls as users are added, so doubling and then halving finds it. */
static double
serve_max_users_at (const SpeedCase *c,
                    const Serving   *s,
                    double           target)
{
  double lo = 1, hi = 2;

  if (s->max_users < 1 || !(serve_user_rate (c, s, 1) >= target))
    return 0;
  while (hi <= s->max_users && serve_user_rate (c, s, hi) >= target)
    {
      lo = hi;
      hi *= 2;
    }
  hi = MIN (hi, s->max_users + 1);
  while (hi - lo > 1)
    {
      double mid = floor ((lo + hi) / 2);

      if (serve_user_rate (c, s, mid) >= target)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* What a request spends in the server beyond its forward passes before its first token under
 * @runtime (RIG_VLLM_REQUEST_OVERHEAD_MS): 0 where no served measurement sets it. */
static double
request_overhead_s (RigRuntime runtime)
{
  return runtime == RIG_RUNTIME_VLLM ? RIG_VLLM_REQUEST_OVERHEAD_MS / 1000.0 : 0;
}

/* Serving a team: the users decoding at once (what the KV cache holds; the rest wait), each
 * one's and the total speed, and the time to the first token, which is the running step's
 * remainder (half a step on average) and the steps that read the prompt in chunks of what the
 * step budget leaves after the other users' decode tokens. */
static void
serve_evaluate (const SpeedCase   *c,
                RigWorkloadResult *r)
{
  const RigWorkload *w = c->w;
  double users, step_s, room, chunks, chunk_s;
  Serving s;

  if (!serving_init (c, &s))
    return;
  r->serve_max_users = s.max_users;
  users = MIN ((double) w->concurrency, s.max_users);
  r->serve_users = users;
  r->serve_queued = w->concurrency - users;
  if (w->min_user_tokens_per_s > 0)
    r->serve_max_users_at_target = serve_max_users_at (c, &s, w->min_user_tokens_per_s);
  if (users < 1)
    return;

  step_s = 1.0 / serve_user_rate (c, &s, users);
  if (!isfinite (step_s))
    return;
  r->serve_user_tokens_per_s = 1.0 / step_s;
  r->serve_total_tokens_per_s = users / step_s;
  room = MAX (1.0, s.step_tokens - (users - 1));
  chunks = ceil (s.prompt / room);
  chunk_s = serve_step_seconds (c, &s, users - 1, s.prompt / chunks);
  r->serve_first_token_s = 0.5 * step_s + chunks * chunk_s + request_overhead_s (r->runtime);
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
  double experts;
  double bytes = rig_memory_draft_read_bytes (w, &experts);

  rig_workload_draft_view (w, &dc->w);
  dc->r = *r;
  dc->r.kv_bytes = NAN;  /* the model's: speed_case_init () works out the draft's */
  for (guint i = 0; i < r->n_devices; i++)
    {
      dc->r.read_bytes[i] = bytes * r->compute_share[i];
      dc->r.expert_read_bytes[i] = experts * r->compute_share[i];
    }
  speed_case_init (&dc->c, &dc->w, d, &dc->r, NULL);
  /* The model's own prediction modules run in the model's step, right after its forward pass
   * (vLLM's MTP proposer, SGLang's EAGLE worker): a step's fixed cost is paid once, and the
   * modules add only their layers' share of it. A draft model is a step of its own, and so is
   * each drafted token in llama.cpp (its draft-mtp decodes the module on its own, PR #22673). */
  if (rig_str_is (w->draft_model_id, RIG_DRAFT_MTP) && r->runtime != RIG_RUNTIME_LLAMA_CPP &&
      RIG_IS_KNOWN (w->model->layers) && RIG_IS_KNOWN (dc->w.model->layers))
    for (guint i = 0; i < r->n_devices; i++)
      dc->c.t0_ms[i] *= dc->w.model->layers / w->model->layers;
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

  double verify;

  decode_step (c, context, &target);
  decode_step (&dc->c, context, &draft);
  if (!target.known || !draft.known)
    return NAN;
  /* llama.cpp multiplies each drafted token with the weights it unpacks once a step, on the
   * integer lanes (RIG_LLAMACPP_VERIFY_UNPACK_SHARE); where the card's integer rate is unknown,
   * each costs a share of the step. */
  if (c->r->runtime == RIG_RUNTIME_LLAMA_CPP && target.unpack_s > 0)
    verify = step_seconds (&target, gamma + 1, gamma * RIG_LLAMACPP_VERIFY_UNPACK_SHARE * target.unpack_s);
  else
    {
      verify = step_seconds (&target, gamma + 1, 0);
      if (c->r->runtime == RIG_RUNTIME_LLAMA_CPP)
        verify *= 1 + RIG_LLAMACPP_VERIFY_EXTRA_PER_TOKEN * gamma;
    }
  return w->batch * tokens_per_step (gamma, w->draft_acceptance) /
         (gamma * step_seconds (&draft, 1, 0) + verify);
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

/* Turns the plain decode speeds of @r into speculative ones and says what the draft gains; the
 * caller has checked the draft is usable (rig_workload_draft_usable ()). */
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

  if (!isfinite (r->decode_tokens_per_s))
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

/* rig_speed_evaluate (); @lean leaves out decode with the cache empty, which only a full plan
 * reports. */
static void
evaluate (const RigWorkload  *w,
          const RigDeviceSet *d,
          double              decode_context,
          double              prompt_tokens,
          gboolean            lean,
          RigWorkloadMemo    *memo,
          RigWorkloadResult  *r)
{
  const RigModel *m = w->model;
  double prefill_s, host_prefill_s = 0, link_prefill_s = 0, pass_prefill_s = 0;
  gboolean any = FALSE;
  DecodeStep now, start, end;
  SpeedCase c;

  r->decode_tokens_per_s_start = NAN;
  r->decode_tokens_per_s_end = NAN;
  r->prefill_tokens_per_s_measured[0] = r->prefill_tokens_per_s_measured[1] = NAN;
  r->decode_cache_copy_share = 0;
  r->decode_bound = RIG_SPEED_BOUND_UNKNOWN;
  r->prefill_bound = RIG_SPEED_BOUND_UNKNOWN;
  r->train_bound = RIG_SPEED_BOUND_UNKNOWN;
  if (m == NULL)
    return;
  /* Reading the weights from the fastest drive; worth knowing even for a plan that fails. */
  if (RIG_IS_KNOWN (d->storage_read_mbps) && d->storage_read_mbps > 0)
    r->load_seconds = rig_bytes_to_double (r->memory.weights_bytes) / (d->storage_read_mbps * 1e6);
  if (r->fit == RIG_FIT_NONE || r->fit == RIG_FIT_UNKNOWN)
    return;

  if (w->mode != RIG_MODE_INFERENCE)
    {
      RigSpeedWorkload own;
      double flops_per_token = speed_workload (memo, w, r, &own)->train_flops;
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
        {
          r->train_tokens_per_s = RIG_TRAIN_HFU_EAGER * (w->torch_compile ? RIG_TRAIN_COMPILE_SPEEDUP : 1.0) *
                                  tflops * 1e12 / flops_per_token;
          r->train_bound = r->fit == RIG_FIT_CPU ? RIG_SPEED_BOUND_CPU : RIG_SPEED_BOUND_COMPUTE;
        }
      if (tflops > 0 && r->cpu_optimizer_params > 0)
        {
          /* The CPU's optimizer step, once per step of every GPU's micro-batch. */
          double tokens = (double) w->context * w->batch * MAX (1u, r->gpus_used);
          double step_s = RIG_IS_KNOWN (d->host.bandwidth_gbps) && d->host.bandwidth_gbps > 0
                            ? r->cpu_optimizer_params * RIG_CPU_ADAM_BYTES_PER_PARAM /
                                (RIG_DECODE_EFF_CPU * d->host.bandwidth_gbps * 1e9)
                            : NAN;
          double link_s = 0;

          for (guint i = 0; i < r->gpus_used; i++)
            if (RIG_IS_KNOWN (d->gpus[i].link_gbps) && d->gpus[i].link_gbps > 0)
              link_s = MAX (link_s, r->cpu_optimizer_params / r->gpus_used * RIG_OFFLOAD_LINK_BYTES_PER_PARAM /
                                      (RIG_PCIE_STREAM_EFF * d->gpus[i].link_gbps * 1e9));
          if (!isfinite (step_s))
            {
              r->train_tokens_per_s = NAN;
              r->train_bound = RIG_SPEED_BOUND_UNKNOWN;
            }
          else
            {
              if (MAX (step_s, link_s) > tokens / r->train_tokens_per_s)
                r->train_bound = step_s >= link_s ? RIG_SPEED_BOUND_CPU : RIG_SPEED_BOUND_PCIE;
              r->train_tokens_per_s = tokens / (tokens / r->train_tokens_per_s + step_s + link_s);
            }
        }
      return;
    }

  speed_case_init (&c, w, d, r, memo);
  /* Prefill: each device's share of the prompt's FLOPs at its matrix throughput. */
  prefill_s = prefill_seconds_per_token (&c, prompt_tokens, &host_prefill_s, &link_prefill_s, &pass_prefill_s,
                                         &any);
  if (isfinite (prefill_s) && prefill_s > 0)
    {
      /* An eager forward pass launches its kernels from Python as a decode step does: a short
       * prompt waits on the host. Llama-2-7B's 128-token forward pass on an A100
       * (optimum-benchmark, calibration.csv regime 11) takes 26.0 ms, where its matrices take 15
       * and its launches 21. */
      double launch_s = prompt_tokens > 0
                          ? eager_launch_s (w, d, r->runtime, prompt_tokens) / prompt_tokens
                          : 0;
      /* A served request's prompt also waits on the server's own work, after its forward pass:
       * it tells short prompts' speed. */
      double request_s = prompt_tokens > 0 ? request_overhead_s (r->runtime) / prompt_tokens : 0;

      r->prefill_tokens_per_s = 1.0 / (MAX (prefill_s, launch_s) + request_s);
      r->prefill_bound = launch_s + request_s > prefill_s ? RIG_SPEED_BOUND_FRAMEWORK
                       : link_prefill_s > 0.5 * prefill_s ? RIG_SPEED_BOUND_PCIE
                       : host_prefill_s > 0.5 * prefill_s ? RIG_SPEED_BOUND_CPU
                       : pass_prefill_s > 0.5 * prefill_s ? RIG_SPEED_BOUND_BANDWIDTH
                                                          : RIG_SPEED_BOUND_COMPUTE;
    }
  if (!lean)
    {
      int low, high;

      if (rig_speed_cuda_prompt_range (w, r, d, &low, &high))
        {
          r->prefill_tokens_per_s_measured[0] = r->prefill_tokens_per_s * (1 - high / 100.0);
          r->prefill_tokens_per_s_measured[1] = r->prefill_tokens_per_s * (1 - low / 100.0);
        }
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
  r->decode_tokens_per_s = decode_step_rate (w, &now);
  r->decode_tokens_per_s_end = decode_step_rate (w, &end);
  if (end.copy_s > 0)
    r->decode_cache_copy_share = end.copy_s / step_seconds (&end, 1.0, 0);
  if (!lean)
    {
      decode_step (&c, 0, &start);
      r->decode_tokens_per_s_start = decode_step_rate (w, &start);
    }
  r->decode_bound = decode_step_bound (&now, r->n_devices > 0 && d->gpus[0].nvlink);
  if (rig_workload_draft_usable (w))
    speculative_evaluate (&c, d, decode_context, prompt_tokens, r);
  if (w->concurrency > 1 || w->min_user_tokens_per_s > 0)
    serve_evaluate (&c, r);
}

void
rig_speed_evaluate (const RigWorkload  *w,
                    const RigDeviceSet *d,
                    double              decode_context,
                    double              prompt_tokens,
                    RigWorkloadResult  *r)
{
  evaluate (w, d, decode_context, prompt_tokens, FALSE, NULL, r);
}

void
rig_speed_evaluate_lean (const RigWorkload  *w,
                         const RigDeviceSet *d,
                         RigWorkloadResult  *r)
{
  evaluate (w, d, w->context, w->context, TRUE, NULL, r);
}

void
rig_speed_evaluate_memo (const RigWorkload  *w,
                         const RigDeviceSet *d,
                         RigWorkloadMemo    *memo,
                         RigWorkloadResult  *r)
{
  evaluate (w, d, w->context, w->context, TRUE, memo, r);
}

gboolean
rig_speed_serves (const RigWorkload *w)
{
  return w->mode == RIG_MODE_INFERENCE && (w->concurrency > 1 || w->min_user_tokens_per_s > 0);
}

char *
rig_speed_serve_describe (const RigWorkload       *w,
                          const RigWorkloadResult *r)
{
  g_autofree char *line = NULL;
  g_autofree char *first = NULL;
  guint users;

  if (!rig_speed_serves (w) || r->fit == RIG_FIT_NONE || r->fit == RIG_FIT_UNKNOWN)
    return NULL;
  if (r->runtime != RIG_RUNTIME_VLLM && r->runtime != RIG_RUNTIME_LLAMA_CPP)
    return g_strdup (_("several users at once are worked out for vLLM and llama.cpp's server; "
                       "set the workload's runtime to one of them"));
  if (isnan (r->serve_users))
    return NULL;
  if (r->serve_users < 1)
    /* Translators: the first %u is a request's tokens, the second its prompt's, the third its
     * output's */
    return rig_strdup_printf (_("a request of %u tokens (%u prompt, %u output) does not fit in the "
                                "KV cache; raise the context (vLLM: max_model_len) or shorten the "
                                "prompt or the output"),
                              w->prompt_tokens + w->output_tokens, w->prompt_tokens, w->output_tokens);
  if (isnan (r->serve_user_tokens_per_s))
    return NULL;
  users = (guint) r->serve_users;
  /* Hundredths under a second, where a first token usually comes. */
  first = rig_strdup_printf (r->serve_first_token_s < 1 ? "%.2f" : "%.1f", r->serve_first_token_s);
  /* Translators: %u is a number of users, %.1f each one's tokens/s, %.0f all of theirs
   * together, %s the seconds to the first token of an answer */
  line = rig_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u user: %.1f tokens/s each, %.0f tokens/s total, "
                                         "first token in %s s",
                                         "%u users: %.1f tokens/s each, %.0f tokens/s total, "
                                         "first token in %s s", users),
                            users, r->serve_user_tokens_per_s, r->serve_total_tokens_per_s, first);
  if (r->serve_queued >= 1)
    /* Translators: the first %s is the sentence above, the %u the users who wait for one of the
     * others to finish */
    return rig_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s; the KV cache holds no more, so %u more user waits "
                                           "for a place",
                                           "%s; the KV cache holds no more, so %u more users wait "
                                           "for a place", (guint) r->serve_queued),
                              line, (guint) r->serve_queued);
  return g_steal_pointer (&line);
}

char *
rig_speed_serve_target_describe (const RigWorkload       *w,
                                 const RigWorkloadResult *r)
{
  guint users;

  if (w->mode != RIG_MODE_INFERENCE || !(w->min_user_tokens_per_s > 0) ||
      isnan (r->serve_max_users_at_target))
    return NULL;
  users = (guint) r->serve_max_users_at_target;
  if (users == 0)
    /* Translators: %.1f is the tokens/s each user needs */
    return rig_strdup_printf (_("Not even one user gets %.1f tokens/s; a faster build or a smaller "
                                "model would"), w->min_user_tokens_per_s);
  /* Translators: %u is a number of users, %.1f the tokens/s each one needs */
  return rig_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Up to %u user at %.1f tokens/s each",
                                         "Up to %u users at %.1f tokens/s each", users),
                            users, w->min_user_tokens_per_s);
}

/* Below 0.995, what "1 % slower" rounds from. */
gboolean
rig_speed_draft_slows (const RigWorkloadResult *r)
{
  return r->speculative_speedup > 0 && r->speculative_speedup <= 0.995;
}

/* The speed-up speculative decoding gives, in words for a row's value: how many times faster,
 * how much slower or no faster, or that the workload runs without its draft (one the catalog
 * does not record, or one the runtimes refuse; rig_speed_describe_speculative () says which),
 * or that it is not known. */
char *
rig_speed_speculative_value (const RigWorkload       *w,
                             const RigWorkloadResult *r)
{
  /* A draft that costs more than it saves makes decode slower: said as such, not as “0.53×
   * faster”. */
  if (r->speculative_speedup >= 1.005)
    /* Translators: %.2f× is how many times faster decode is with the draft model */
    return rig_strdup_printf (_("%.2f× faster"), r->speculative_speedup);
  if (rig_speed_draft_slows (r))
    /* Translators: %.0f %% is how much slower decode is with the draft model than without */
    return rig_strdup_printf (_("%.0f %% slower"), 100 * (1 - r->speculative_speedup));
  if (r->speculative_speedup > 0)
    return g_strdup (_("no faster"));
  if (!rig_workload_draft_usable (w))
    return g_strdup (_("without a draft"));
  return g_strdup (_("not worked out"));
}

char *
rig_speed_describe_speculative (const RigWorkload       *w,
                                const RigWorkloadResult *r)
{
  const char *name;

  if (!rig_workload_has_draft (w))
    return NULL;
  if (w->draft_model == NULL && rig_str_is (w->draft_model_id, RIG_DRAFT_MTP))
    /* Translators: %s is the model's name */
    return rig_strdup_printf (_("The catalog records no multi-token prediction module for %s: planned "
                                "without a draft"), w->model ? w->model->name : w->model_id);
  name = w->draft_model ? w->draft_model->name : w->draft_model_id;
  if (w->draft_model != NULL && !rig_workload_draft_usable (w))
    /* Translators: the first %s is the draft model's name, the second the model's; the %.0f are
     * their vocabularies' sizes in tokens */
    return rig_strdup_printf (_("%s has a vocabulary of %.0f tokens and %s one of %.0f: llama.cpp "
                                "refuses a draft whose vocabulary differs by more than %d tokens, "
                                "and vLLM needs the same tokenizer. Planned without a draft"),
                              name, w->draft_model->vocab, w->model->name, w->model->vocab,
                              RIG_DRAFT_VOCAB_MAX_DIFFERENCE);
  if (!(r->speculative_speedup > 0))
    /* Translators: %s is the draft model's name, %u the tokens it proposes a step, %.0f %%
     * the share of them the model keeps */
    return rig_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s drafts %u token a step, %.0f %% kept each; the speed-up "
                                           "is not worked out",
                                           "%s drafts %u tokens a step, %.0f %% kept each; the speed-up "
                                           "is not worked out", w->draft_tokens),
                              name, w->draft_tokens, w->draft_acceptance * 100);
  /* Translators: %s is the draft model's name, %u the tokens it proposes a step, %.0f %% the
   * share of them the model keeps, %.2f the tokens a step keeps on average, %.2f× the
   * speed-up, %.1f the decode speed without the draft */
  return rig_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s drafts %u token a step, %.0f %% kept each: %.2f tokens a "
                                         "step, %.2f× the plain %.1f tokens/s",
                                         "%s drafts %u tokens a step, %.0f %% kept each: %.2f tokens a "
                                         "step, %.2f× the plain %.1f tokens/s", w->draft_tokens),
                            name, w->draft_tokens,
                            w->draft_acceptance * 100, r->draft_tokens_per_step,
                            r->speculative_speedup, r->decode_tokens_per_s_plain);
}
