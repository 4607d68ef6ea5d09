/* rig-workload.h: what the user wants to run on a build
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-calibration.h"
#include "rig-model.h"

G_BEGIN_DECLS

typedef enum
{
  RIG_MODE_INFERENCE,
  RIG_MODE_FULL_FINETUNE,
  RIG_MODE_LORA,
  RIG_MODE_QLORA,
  RIG_MODE_N
} RigWorkloadMode;

typedef enum
{
  RIG_RUNTIME_DEFAULT,
  RIG_RUNTIME_LLAMA_CPP,
  RIG_RUNTIME_VLLM,
  RIG_RUNTIME_TRANSFORMERS,
  RIG_RUNTIME_MLX,
  RIG_RUNTIME_TORCHTUNE,    /* training in pure bf16 with a chunked loss */
  RIG_RUNTIME_LITGPT,       /* pure bf16 too; its bitsandbytes plugin quantizes every linear layer */
  RIG_RUNTIME_N
} RigRuntime;

typedef enum
{
  RIG_KV_CACHE_F16,
  RIG_KV_CACHE_Q8_0,
  RIG_KV_CACHE_Q4_0,
  RIG_KV_CACHE_FP8,
  RIG_KV_CACHE_N
} RigKvCacheType;

typedef enum
{
  RIG_SPLIT_LAYER,
  RIG_SPLIT_TENSOR,     /* llama.cpp's -sm tensor, vLLM's tensor parallelism */
  RIG_SPLIT_ROW,        /* llama.cpp's -sm row, removed from its CUDA backend in June 2026 */
  RIG_SPLIT_N
} RigSplit;

typedef enum
{
  RIG_OPTIMIZER_ADAMW,
  RIG_OPTIMIZER_ADAMW_8BIT,
  RIG_OPTIMIZER_PAGED_ADAMW_8BIT,
  RIG_OPTIMIZER_SGD,
  RIG_OPTIMIZER_N
} RigOptimizer;

typedef enum
{
  RIG_SHARDING_AUTO,      /* full shard on several GPUs (the runtime's: DeepSpeed's ZeRO-3 or FSDP), none on one */
  RIG_SHARDING_NONE,      /* every GPU holds everything (DDP) */
  RIG_SHARDING_ZERO1,     /* optimizer state sharded */
  RIG_SHARDING_ZERO2,     /* + gradients */
  RIG_SHARDING_ZERO3,     /* + weights (DeepSpeed ZeRO-3) */
  RIG_SHARDING_FSDP,      /* PyTorch FSDP full shard: ZeRO-3's sharding without DeepSpeed's buffers */
  RIG_SHARDING_N
} RigSharding;

typedef enum
{
  RIG_LORA_TARGETS_ALL_LINEAR,   /* q, k, v, o, gate, up, down */
  RIG_LORA_TARGETS_ATTENTION,    /* q, k, v, o */
  RIG_LORA_TARGETS_QV,           /* q and v, as in the LoRA paper */
  RIG_LORA_TARGETS_N
} RigLoraTargets;

/* Tensor groups whose quantization a recipe can set apart from the rest. */
typedef enum
{
  RIG_TENSOR_DEFAULT,
  RIG_TENSOR_EMBED,
  RIG_TENSOR_OUTPUT,
  RIG_TENSOR_ATTN_V,
  RIG_TENSOR_ATTN_OUTPUT,
  RIG_TENSOR_FFN_DOWN,
  RIG_TENSOR_EXPERTS,            /* a mixture of experts' routed up and gate matrices */
  RIG_TENSOR_EXPERTS_DOWN,       /* and their down matrices: FFN_DOWN's type unless set apart */
  RIG_TENSOR_N
} RigTensor;

/* Looks up the bits per weight of a quantization by id; NAN when unknown. */
typedef double (*RigQuantBitsFunc) (const char *quant_id,
                                    gpointer    user_data);

typedef struct
{
  char           *model_id;
  char           *quant_id;
  RigWorkloadMode mode;
  guint           context;
  guint           batch;
  RigRuntime      runtime;
  RigKvCacheType  kv_cache;
  RigSplit        split;
  guint           lora_rank;
  RigOptimizer    optimizer;
  gboolean        gradient_checkpointing;
  gboolean        offload;
  RigSharding     sharding;
  RigLoraTargets  lora_targets;
  gboolean        flash_attention;
  /* vLLM: the share of each GPU it takes up front (its --gpu-memory-utilization), and the
   * longest sequence it must hold (--max-model-len; 0: the workload's context). */
  double          gpu_memory_utilization;
  guint           max_model_len;
  /* llama.cpp's placement where the user fixes it: -ngl (the layers on the GPUs: the output
   * layer first, then the model's layers counted from the last; -1: as many as fit) and
   * --n-cpu-moe (the experts of the first N layers kept in system memory; 0: as fits). */
  int             gpu_layers;
  guint           cpu_moe_layers;
  /* llama.cpp's -ub: the tokens of a prompt it runs at once (0: its default,
   * rig_workload_ubatch ()). */
  guint           ubatch;
  /* llama.cpp maps the model file (its default, --mmap): the weights kept in system memory stay
   * in the mapping's pageable pages. FALSE is --no-mmap, which loads them into the GPU's pinned
   * host buffer, which a prompt's copies read faster (rig-speed.c, host_copy_efficiency ()). */
  gboolean        mmap;
  /* Inference: the size of the weights as the runtime loads them, in GiB, where the user knows
   * it (a GGUF of a dynamic recipe such as Unsloth's UD files or an imatrix mix, whose size the
   * quantization's recipe does not give); 0: the recipe's. */
  double          weights_gib;
  /* Inference: the per-tensor types of such a file where they differ from its type's recipe, in
   * the catalog's recipe syntax ("default:Q8_0;ffn_gate_exps:Q4_K;…"): Unsloth's dynamic files
   * of a mixture of experts keep every tensor outside the experts in Q8_0. NULL: the type's. */
  char           *recipe;
  /* Training: the loss runs over chunks of the sequence (torchtune's CEWithChunkedOutputLoss,
   * Liger's fused linear cross-entropy) instead of the whole sequence's fp32 logits at once. */
  gboolean        chunked_loss;
  /* Training: the model runs under torch.compile (torchtune's compile: true, NeMo's and the
   * Trainer's torch_compile), which fuses its element-wise work. */
  gboolean        torch_compile;
  /* DeepSpeed ZeRO-3: the model was built inside deepspeed.zero.Init (TRUE, the default; what
   * transformers does when TrainingArguments(deepspeed=…) exists before from_pretrained ()), so
   * its linear layers run ZeRO's own autograd function. Loaded before, they keep standard
   * nn.Linear, whose saved weights hold every gathered layer until the backward pass. */
  gboolean        zero_init;
  /* DeepSpeed ZeRO-Offload (offload_optimizer: cpu): the fp32 master weights, the optimizer
   * state and its step (DeepSpeedCPUAdam) in system memory; only the 16-bit weights, the
   * gradient buckets and the activations stay on the GPU. The transformers Trainer's only. */
  gboolean        optimizer_offload;
  /* Calibration only; plans leave both FALSE. QLoRA under bitsandbytes before 0.43.2 (July
   * 2024), whose 4-bit matmul kept its input as an attribute of the autograd context
   * (MatMul4Bit.forward: ctx.tensors = (A, B), removed by bitsandbytes PR #1270), which the
   * backward pass does not free; and a run whose longest sequence was its first step, the
   * others shorter (lit-gpt's 2023 scripts: get_batch (..., longest_seq_ix if iter_num == 0)). */
  gboolean        bnb_keeps_inputs;
  gboolean        longest_step_first;
  /* Calibration only; plans leave it FALSE. llama.cpp before PR #6083 ("backend : offload large
   * batches to GPU", March 2024) ran a prompt's matmuls of the layers in system memory on the CPU,
   * so the first GPU's compute buffer held no copy of their weights. */
  gboolean        llamacpp_no_weight_copy;
  /* Calibration only; plans leave it FALSE. llama.cpp before PR #15346 ("sched : copy only the
   * used experts when offloading prompt processing", August 2025) copied every routed expert in
   * system memory to the GPU for each ubatch of a prompt, not only those its tokens route to. */
  gboolean        llamacpp_copies_all_experts;
  /* Calibration only; plans leave it 0. The tokens of the batch llama.cpp is timed on where that
   * is not the prompt from an empty cache: llama-bench's "pp512 @ d65536" fills the cache, then
   * runs its 512 tokens as one batch, which pipelines over the cards as a 512-token prompt does
   * (rig-speed.c, batch_ubatches ()). */
  guint           llamacpp_batch_tokens;
  /* Calibration only; plans leave it FALSE. -ngl as llama.cpp read it before PR #18148
   * (December 2025): the model's layers from the last first, the output layer only once -ngl
   * passes the layer count. */
  gboolean        llamacpp_ngl_layers_first;
  /* Calibration only; plans leave it FALSE. llama.cpp's builds of PR #6017 ("llama : add
   * pipeline parallelism support", March 2024), whose scheduler copied a split's inputs between
   * cards on the GPUs' streams and waited on events there, the host never waiting between
   * splits (ggml-backend.c ggml_backend_sched_compute_splits at ggml-org/ggml f6c37194): a
   * layer split's ubatches ran on every card at once (rig_speed_pipeline_gain ()). */
  gboolean        llamacpp_pipeline_all_cards;
  /* Calibration only; plans leave it FALSE. llama.cpp's -sm tensor before PR #22041 ("Reduce
   * CPU overhead in meta backend", April 2026), whose host rebuilt each graph's splits every
   * step and so waited longer on each all-reduce (RIG_LLAMACPP_TP_ALLREDUCE_US). */
  gboolean        llamacpp_tp_before_22041;
  /* Calibration only; plans leave it FALSE. llama.cpp's -sm tensor over two CUDA cards in a build
   * that all-reduced through NCCL or ggml's generic exchange: builds before PR #22299 (May 2026),
   * and later ones compiled with NCCL on Linux, where the internal AllReduce the plan takes for
   * two cards (RIG_LLAMACPP_TP_INTERNAL_WAIT_US) is not used. */
  gboolean        llamacpp_tp_before_22299;
  /* Calibration only; plans leave it FALSE. vLLM told to run MXFP4 experts in its Marlin kernels
   * (VLLM_MXFP4_USE_MARLIN=1, as InferenceX's gpt-oss H100 script sets it), where on Hopper it
   * picks the Triton backend by default (vllm/model_executor/layers/quantization/mxfp4.py,
   * get_mxfp4_backend ()): rig-speed.c, vllm_marlin_fp4 (). */
  gboolean        vllm_mxfp4_marlin;
  /* The GGUF file keeps the model's multi-token-prediction layers (blk.N.nextn.*), which
   * llama.cpp loads and counts among -ngl's layers whether or not it drafts with them. Drafting
   * with the model's own MTP implies it; calibration sets it where a row's file keeps them. */
  gboolean        llamacpp_file_keeps_mtp;
  /* Calibration only; plans leave it FALSE. bitsandbytes before 0.45.0 (December 2024), whose
   * NF4 and int8 matmuls spent more host time a step (RIG_TRANSFORMERS_*_LINEAR_SHARE_2023). */
  gboolean        bnb_2023_kernels;
  /* Calibration only; plans leave it FALSE. AutoGPTQ's own model class of 2023, outside
   * transformers' GPTQ integration, whose kernels spent more host time a step
   * (RIG_TRANSFORMERS_GPTQ_LINEAR_SHARE_2023). */
  gboolean        gptq_2023_kernels;
  /* Calibration only; plans leave it FALSE. transformers before 4.48 (January 2025), whose eager
   * and SDPA layers copied each KV head of grouped-query attention out to its query heads every
   * step (repeat_kv), even one sequence's, which current ones hand to PyTorch's SDPA (enable_gqa)
   * where no attention mask is needed. */
  gboolean        transformers_repeat_kv;
  /* Calibration only; plans leave it FALSE. transformers 4.46 to 4.48 (October 2024 to January
   * 2025), whose causal-LM loss upcast the logits while the model's forward pass still held them
   * in 16 bits, and shifted them into one more fp32 copy (PR #35646 dropped that copy in 4.49). */
  gboolean        loss_keeps_16bit_logits;
  /* Calibration only; plans leave it FALSE. A torchtune run with torch's plain cross-entropy
   * over the whole sequence's fp32 logits, as its configs had before they chose
   * CEWithChunkedOutputLoss. */
  gboolean        plain_loss;
  /* LoRA: the dropout probability before each adapter; NAN for the runtime's default
   * (rig_workload_lora_dropout ()). */
  double          lora_dropout;

  /* Resolved from the catalog (owned), NULL until then. */
  RigModel       *model;
  RigQuant       *quant;
  /* Effective bits per weight of each tensor group, from the quantization's recipe; set with
   * rig_workload_set_quant. All NAN until then. */
  double          bits[RIG_TENSOR_N];

  /* Serving a team (vLLM, llama.cpp's server with -np slots): how many users send requests at
   * once, each request's prompt and output in tokens, and the decode speed each user needs
   * (0: none set). A concurrency of 1 and no speed is the plain single stream. */
  guint           concurrency;
  guint           prompt_tokens;
  guint           output_tokens;
  double          min_user_tokens_per_s;
  /* Speculative decoding: a draft model from the catalog proposes draft_tokens tokens a step,
   * which the model checks in one pass, keeping each while they agree; draft_acceptance is the
   * chance it keeps each one (Leviathan et al.'s alpha). NULL: no draft. RIG_DRAFT_MTP names
   * the model's own multi-token prediction heads. draft_quant_id NULL: the model's quant. */
  char           *draft_model_id;
  char           *draft_quant_id;
  guint           draft_tokens;
  double          draft_acceptance;
  /* Resolved from the catalog (owned), NULL until then; draft_bits is the draft's bits[]
   * (rig_workload_set_draft_quant). */
  RigModel       *draft_model;
  RigQuant       *draft_quant;
  double          draft_bits[RIG_TENSOR_N];
} RigWorkload;

/* The draft_model value that asks for the model's own multi-token prediction heads. */
#define RIG_DRAFT_MTP "mtp"

/* llama.cpp's default draft length, --spec-draft-n-max (common/common.h,
 * common_params_speculative_draft.n_max = 3 at ggml-org/llama.cpp 001d906; before the
 * speculative types were split it was 16, drafting only while the draft's p >= 0.75). */
#define RIG_DRAFT_TOKENS_DEFAULT 3
/* Per-token acceptance of a small draft of the same family: 0.710 measured for distilgpt2
 * drafting for gpt2-large, 0.642 for gpt2-medium (github.com/hurjun/speculative-decoding-lab,
 * README results); greedy chat with Llama 3.2 1B drafting for Llama 3.1 8B kept 526 of 730
 * tokens in drafts of 5 (ggml-org/llama.cpp issue 5877), 0.89 a token. */
#define RIG_DRAFT_ACCEPTANCE_DEFAULT 0.7
/* Multi-token prediction drafts one token a step with each module (DeepSeek-V3 predicts "the
 * next 2 tokens"; vLLM's num_speculative_tokens is set to the module count in its examples),
 * and DeepSeek reports "the acceptance rate of the second token prediction ranges between 85%
 * and 90%" (DeepSeek-V3 technical report, arXiv 2412.19437 §5.4.3); the lower end is taken. */
#define RIG_DRAFT_ACCEPTANCE_MTP 0.85
/* Whether @runtime's generate () runs its model eagerly from Python, launching each kernel of a
 * step from the host: transformers' and LitGPT's. */
static inline gboolean
rig_runtime_is_eager (RigRuntime runtime)
{
  return runtime == RIG_RUNTIME_TRANSFORMERS || runtime == RIG_RUNTIME_LITGPT;
}

/* The vocabulary sizes a draft and its model may differ by: llama.cpp refuses a pair whose
 * sizes differ by more (common/speculative.cpp, SPEC_VOCAB_MAX_SIZE_DIFFERENCE, with the tokens
 * themselves compared from id 5 on), and vLLM and transformers need the same tokenizer. */
#define RIG_DRAFT_VOCAB_MAX_DIFFERENCE 128

/* The most tokens a draft may propose in a step that Rigplan accepts. */
#define RIG_DRAFT_TOKENS_MAX 64

RigWorkload *rig_workload_new  (void);
RigWorkload *rig_workload_copy (const RigWorkload *workload);
void         rig_workload_free (RigWorkload       *workload);

const char *rig_workload_mode_to_string (RigWorkloadMode mode);
const char *rig_runtime_to_string       (RigRuntime      runtime);
const char *rig_kv_cache_to_string      (RigKvCacheType  type);
const char *rig_split_to_string         (RigSplit        split);
const char *rig_optimizer_to_string     (RigOptimizer    optimizer);
const char *rig_sharding_to_string      (RigSharding     sharding);
const char *rig_lora_targets_to_string  (RigLoraTargets  targets);

/* Each returns -1 when the text names none of the values. */
int         rig_workload_mode_from_string (const char *text);
int         rig_runtime_from_string       (const char *text);
int         rig_kv_cache_from_string      (const char *text);
int         rig_split_from_string         (const char *text);
int         rig_optimizer_from_string     (const char *text);
int         rig_sharding_from_string      (const char *text);
int         rig_lora_targets_from_string  (const char *text);

/* NULL-terminated lists of the accepted strings, for messages and menus. */
const char * const *rig_workload_mode_values (void);
const char * const *rig_runtime_values       (void);
const char * const *rig_kv_cache_values      (void);
const char * const *rig_split_values         (void);
const char * const *rig_optimizer_values     (void);
const char * const *rig_sharding_values      (void);
const char * const *rig_lora_targets_values  (void);

/* The dropout before each adapter that @workload's runtime applies: its own setting, else the
 * runtime's default (LitGPT's 0.05; none in peft, torchtune and unsloth). */
double      rig_workload_lora_dropout (const RigWorkload *workload);

/* Takes ownership of @quant and works out bits[] from its recipe; @lookup gives the bits of the
 * quantizations the recipe names. */
void        rig_workload_set_quant (RigWorkload      *workload,
                                    RigQuant         *quant,
                                    RigQuantBitsFunc  lookup,
                                    gpointer          user_data);

/* Whether @workload decodes speculatively (a draft model or MTP is set). */
gboolean    rig_workload_has_draft       (const RigWorkload *workload);
/* Whether a draft of @draft_vocab tokens can draft for a model of @model_vocab: within
 * RIG_DRAFT_VOCAB_MAX_DIFFERENCE of it, or either size unknown. */
gboolean    rig_draft_vocab_fits         (double             draft_vocab,
                                          double             model_vocab);
/* As rig_workload_set_quant () for the draft's quantization; @quant NULL takes the model's. */
void        rig_workload_set_draft_quant (RigWorkload       *workload,
                                          RigQuant          *quant,
                                          RigQuantBitsFunc   lookup,
                                          gpointer           user_data);
/* Fills @view with @workload as its draft model runs: the draft's model, quantization and
 * bits, the same context, batch and KV cache type. @view borrows from @workload and must not
 * be freed; FALSE, @view untouched, while the draft model is not resolved. */
gboolean    rig_workload_draft_view      (const RigWorkload *workload,
                                          RigWorkload       *view);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigWorkload, rig_workload_free)

/* llama.cpp's ubatch: the workload's -ub, else its default (RIG_LLAMACPP_UBATCH). */
static inline guint
rig_workload_ubatch (const RigWorkload *w)
{
  return w->ubatch > 0 ? w->ubatch : RIG_LLAMACPP_UBATCH;
}

/* Whether the workload's draft is resolved and a runtime can draft with it for the model
 * (rig_draft_vocab_fits ()); inline, as every plan asks it of every workload. */
static inline gboolean
rig_workload_draft_usable (const RigWorkload *w)
{
  const RigModel *d = w->draft_model, *m = w->model;

  return d != NULL && (m == NULL || rig_draft_vocab_fits (d->vocab, m->vocab));
}

G_END_DECLS
