/* rig-memory.h: what a workload needs in memory, and where it goes on a build's devices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-device.h"
#include "rig-workload.h"

G_BEGIN_DECLS

typedef enum
{
  RIG_FIT_GPU,        /* everything on the GPUs (or the unified pool) */
  RIG_FIT_OFFLOAD,    /* some layers or experts in system memory */
  RIG_FIT_CPU,        /* system memory only */
  RIG_FIT_NONE,       /* does not fit */
  RIG_FIT_UNKNOWN,    /* not enough data to say */
} RigFit;

/* The terms a runtime's memory is made of; each is a line of the breakdown (bytes, summed over
 * the devices). Which terms a runtime has, and how it sizes them, is in rig-memory.c. */
typedef enum
{
  RIG_MEMORY_WEIGHTS,                /* the model's weights (frozen base weights when adapting) */
  RIG_MEMORY_ADAPTERS,               /* LoRA/QLoRA adapter weights */
  RIG_MEMORY_KV_CACHE,               /* KV cache; vLLM: the whole KV-block pool */
  RIG_MEMORY_COMPUTE_BUFFER,         /* llama.cpp's worst-case graph, per device */
  RIG_MEMORY_OUTPUT_BUFFER,          /* llama.cpp's logits output buffer in host memory */
  RIG_MEMORY_PREFILL_ACTIVATIONS,    /* PyTorch: the prompt's intermediates; vLLM: profile peak */
  RIG_MEMORY_SAVED_ACTIVATIONS,      /* training: activations kept for the backward pass */
  RIG_MEMORY_LOGITS,                 /* fp32 logits and the copies the loss makes */
  RIG_MEMORY_DEQUANT_BUFFER,         /* NF4 weights unpacked to 16-bit for a matmul */
  RIG_MEMORY_GRADIENTS,
  RIG_MEMORY_MASTER_WEIGHTS,         /* fp32 copy of the trained weights */
  RIG_MEMORY_OPTIMIZER_STATE,
  RIG_MEMORY_OPTIMIZER_TEMPORARIES,  /* the optimizer step's intermediates */
  RIG_MEMORY_RUNTIME_CONTEXT,        /* CUDA context (and NCCL), Metal's resident runtime */
  RIG_MEMORY_ALLOCATOR_RESERVE,      /* PyTorch's caching allocator above what is allocated */
  RIG_MEMORY_CUDA_GRAPHS,
  RIG_MEMORY_DRAFT,                  /* speculative decoding's draft model: weights and KV cache */
  RIG_MEMORY_TERM_N
} RigMemoryTerm;

typedef struct
{
  /* Sums of the terms, as the charts group them. */
  guint64 weights_bytes;        /* weights + adapters + the draft model */
  guint64 kv_cache_bytes;
  guint64 activations_bytes;    /* compute and output buffers, activations, logits, dequantization */
  guint64 gradients_bytes;
  guint64 optimizer_bytes;      /* master weights, optimizer state and temporaries */
  guint64 overhead_bytes;       /* runtime context, allocator reserve, CUDA graphs */
  guint64 total_bytes;
  guint64 terms[RIG_MEMORY_TERM_N];
  /* Training under PyTorch's own optimizers: bytes of the terms that are never allocated at
   * once, summed over the GPUs. The step's gradients and temporaries come after the backward
   * pass has freed the activations and the logits, in segments of their own, so the total (what
   * the caching allocator reserves) counts both and torch.cuda.max_memory_allocated () the
   * larger: the total less this, the runtime context and the allocator's reserve. */
  guint64 apart_bytes;
} RigMemoryBreakdown;

/* A setting that, changed to @value, makes the workload fit (the nearest such change). */
typedef enum
{
  RIG_SUGGEST_CONTEXT,                 /* value: tokens */
  RIG_SUGGEST_KV_CACHE,                /* value: a RigKvCacheType */
  RIG_SUGGEST_FLASH_ATTENTION,         /* value: 1 */
  RIG_SUGGEST_MAX_MODEL_LEN,           /* value: tokens */
  RIG_SUGGEST_GPU_MEMORY_UTILIZATION,  /* value: a fraction */
  RIG_SUGGEST_WIRED_LIMIT_MB,          /* value: MiB for sysctl iogpu.wired_limit_mb */
  RIG_SUGGEST_GRADIENT_CHECKPOINTING,  /* value: 1 */
  RIG_SUGGEST_SHARDING,                /* value: a RigSharding */
  RIG_SUGGEST_GPU_LAYERS,              /* value: layers on the GPUs (llama.cpp's -ngl) */
  RIG_SUGGEST_ZERO_INIT,               /* value: 1 (the model built inside deepspeed.zero.Init) */
  RIG_SUGGEST_OPTIMIZER_OFFLOAD,       /* value: 1 (DeepSpeed's offload_optimizer to the CPU) */
  RIG_SUGGEST_N
} RigSuggestSetting;

typedef struct
{
  RigSuggestSetting setting;
  double            value;
} RigSuggestion;

#define RIG_MAX_SUGGESTIONS 5

/* Parameters of each tensor group, from the architecture and scaled to the model's total. */
typedef struct
{
  double embed, output;
  double attn_v, attn_o, attn_rest;
  double ffn_down, ffn_rest;
  double experts_down, experts_rest;
} RigParamSplit;

#define RIG_MAX_DEVICES (RIG_MAX_GPUS + 1)

/* What a speed is bound by, for the GUI to name the bottleneck (rig_speed_bound_id ()). */
typedef enum
{
  RIG_SPEED_BOUND_UNKNOWN,
  RIG_SPEED_BOUND_BANDWIDTH,    /* reading weights and KV cache from GPU memory */
  RIG_SPEED_BOUND_COMPUTE,      /* the GPUs' matrix throughput */
  RIG_SPEED_BOUND_PCIE,         /* hand-offs between GPUs over PCIe */
  RIG_SPEED_BOUND_CPU,          /* layers in system memory, which the CPU reads and multiplies */
  RIG_SPEED_BOUND_FRAMEWORK,    /* per-token overhead of the runtime: kernel launches, Python */
} RigSpeedBound;

typedef struct
{
  RigMemoryBreakdown memory;
  RigFit             fit;
  RigRuntime         runtime;      /* the runtime the figures assume */

  /* Per device: GPUs first, then system memory at index n_gpus. */
  guint              n_devices;
  guint64            used_bytes[RIG_MAX_DEVICES];
  guint64            capacity_bytes[RIG_MAX_DEVICES];
  double             read_bytes[RIG_MAX_DEVICES];    /* read per decode step (weights + KV) */
  double             expert_read_bytes[RIG_MAX_DEVICES]; /* of read_bytes, routed experts' */
  double             expert_bytes; /* a mixture of experts: all its routed experts' weights */
  double             kv_bytes;     /* the KV cache the workload's sequences fill at its context,
                                    * as rig_memory_kv_bytes () times the batch; NAN until the
                                    * memory plan of an inference workload sets it */
  double             compute_share[RIG_MAX_DEVICES]; /* share of the per-token FLOPs */
  gboolean           tensor_parallel;
  gboolean           row_split;    /* llama.cpp's -sm row: the matrices split, not the experts */
  guint              gpus_used;

  /* Speeds; NAN where they cannot be worked out (the reason goes to not_checked). */
  double             decode_tokens_per_s;
  double             decode_tokens_per_s_start;  /* with the cache empty */
  double             decode_tokens_per_s_end;    /* with the cache holding the whole context */
  double             decode_cache_copy_share;    /* of that step, transformers' copies of
                                                  * its cache (RIG_TRANSFORMERS_KV_COPY_PASSES);
                                                  * 0 for other runtimes */
  RigSpeedBound      decode_bound;
  double             prefill_tokens_per_s;
  RigSpeedBound      prefill_bound;
  /* Where measured prompts of the model on such cards ran below the plan
   * (rig_speed_cuda_prompt_range ()): the speeds that range gives here, its slow end first;
   * NAN elsewhere, and in a lean plan. */
  double             prefill_tokens_per_s_measured[2];
  double             load_seconds;
  double             train_tokens_per_s;
  RigSpeedBound      train_bound;
  /* ZeRO-Offload: the trainable parameters whose optimizer step runs on the CPU; 0 when none. */
  double             cpu_optimizer_params;

  /* vLLM: the KV-block pool in tokens and how many sequences of max_model_len it holds at once;
   * NAN for other runtimes. */
  double             kv_pool_tokens;
  double             concurrent_sequences;

  guint              n_suggestions;  /* of suggestions, below */

  /* Serving, for a workload with a concurrency above 1 or a per-user speed (vLLM and llama.cpp's
   * server; NAN otherwise, and where the speed is unknown): the users decoding at once and those
   * waiting for a place, the most the KV cache holds (vLLM's pool, or llama.cpp's -c shared by
   * its slots), each user's and the total decode speed, the time to the first token, and the
   * most users that each keep min_user_tokens_per_s (0 when one user does not). */
  double             serve_users;
  double             serve_queued;
  double             serve_max_users;
  double             serve_user_tokens_per_s;
  double             serve_total_tokens_per_s;
  double             serve_first_token_s;
  double             serve_max_users_at_target;

  /* Layer split with part of the model in system memory: the weights and KV cache there, which
   * llama.cpp copies to the first GPU for each batch of a prompt (0 when all is on the GPUs). */
  double             host_stream_bytes;
  /* Of those, a mixture of experts' routed experts, which llama.cpp copies only where a batch's
   * tokens route to them (rig-speed.c, routed_expert_share ()). */
  double             host_stream_expert_bytes;

  /* Speculative decoding, where the workload has a draft (0 otherwise): the decode speeds
   * above are the speculative ones; the plain decode speed without the draft, the tokens a
   * step of the model keeps on average and the speed-up, speculative over plain. */
  double             decode_tokens_per_s_plain;
  double             draft_tokens_per_step;
  double             speculative_speedup;

  /* Last, as result_init () in rig-memory.c zeroes only what comes before: text and fixes whose
   * count and end (n_suggestions, the reason's nul) it sets. */
  char               reason[320];
  RigSuggestion      suggestions[RIG_MAX_SUGGESTIONS];
} RigWorkloadResult;

/* The runtime the plan runs @workload in: its own, or for the default the one its mode and its
 * quantization's format call for. */
RigRuntime rig_memory_pick_runtime  (const RigWorkload *workload);
/* Weights of @workload's model at its quantization, in bytes; NAN without a model. */
double   rig_memory_weights_bytes   (const RigWorkload *workload,
                                     RigParamSplit     *split);
/* The layers llama.cpp's -ngl counts besides the output layer: the model's, and the
 * multi-token-prediction layers its file keeps after them (llama-model.cpp n_layer_all). NAN
 * where the model's layers are unknown. */
double   rig_memory_llamacpp_layers (const RigWorkload *workload);
/* The output head a token's logits read (the embedding where the model ties them), in bytes. */
double   rig_memory_head_bytes      (const RigWorkload *workload);
/* What @result's weights hold beyond the weights file whose size @workload gives: llama.cpp's
 * second copy of a tied embedding, for the output layer; 0 without a file size or such a copy. */
double   rig_memory_beyond_file_bytes (const RigWorkload       *workload,
                                       const RigWorkloadResult *result);
/* The same said to the user ("the weights are the 15.90 GiB file and 0.74 GiB more, …"), or
 * NULL where the weights are the file. */
char    *rig_memory_describe_beyond_file (const RigWorkload       *workload,
                                          const RigWorkloadResult *result);
/* The routed experts' weights of @split (from rig_memory_weights_bytes ()), in bytes. */
double   rig_memory_experts_bytes   (const RigWorkload   *workload,
                                     const RigParamSplit *split);
/* Linear attention's state for one sequence, in bytes: 0 for a model without it. */
double   rig_memory_linear_state_bytes (const RigModel *model);
/* KV cache of one sequence of @context tokens, in bytes, linear attention's state included. */
double   rig_memory_kv_bytes        (const RigWorkload *workload,
                                     double             context);

/* The draft model's weights and KV cache at the workload's context and batch, in bytes; 0
 * without a draft or while it is not resolved. */
double   rig_memory_draft_bytes     (const RigWorkload *workload);
/* What the draft reads for each token it proposes. */
double   rig_memory_draft_read_bytes (const RigWorkload *workload,
                                      double            *expert_bytes);

/* Fills @result's memory, fit and placement (not the speeds). */
void     rig_memory_evaluate        (const RigWorkload  *workload,
                                     const RigDeviceSet *devices,
                                     RigWorkloadResult  *result);
/* As rig_memory_evaluate (), with no reason text and no suggestions: the same memory, fit and
 * placement, for a lean plan. */
void     rig_memory_evaluate_lean   (const RigWorkload  *workload,
                                     const RigDeviceSet *devices,
                                     RigWorkloadResult  *result);

/* What a lean plan keeps of one workload between plans: its weights, KV cache and buffers,
 * which do not depend on the parts. A search plans the same workloads on one build after
 * another (rig_report_init_lean ()): each is worked out once, and used again while the
 * workload, its model and its quantizations are byte for byte the ones it was worked out for. */
typedef struct _RigWorkloadMemo RigWorkloadMemo;

RigWorkloadMemo *rig_workload_memo_new  (void);
void             rig_workload_memo_free (RigWorkloadMemo *memo);
/* rig_memory_evaluate_lean (), with what @memo keeps of @workload, which it updates. */
void     rig_memory_evaluate_memo   (const RigWorkload  *workload,
                                     const RigDeviceSet *devices,
                                     RigWorkloadMemo    *memo,
                                     RigWorkloadResult  *result);

/* Terms smaller than this show as 0.0 GiB; the window and the PDF leave them out of their lists
 * (plan --json keeps every term). */
#define RIG_MEMORY_TERM_MIN_SHOWN ((guint64) (0.05 * 1024 * 1024 * 1024))

/* The term's name in JSON ("compute_buffer"), and in words for people ("compute buffer"). */
const char *rig_memory_term_to_string (RigMemoryTerm term);
const char *rig_memory_term_describe  (RigMemoryTerm term);

/* The setting's name in JSON ("context", "iogpu.wired_limit_mb"); its value as JSON would write
 * it (a number, or a string for an enumerated setting) in @buf; a sentence for people. */
const char *rig_suggestion_setting_to_string (RigSuggestSetting setting);
const char *rig_suggestion_value_to_string   (const RigSuggestion *suggestion,
                                              char                *buf,
                                              gsize                size);
char       *rig_suggestion_describe          (const RigSuggestion *suggestion);
/* Makes @workload's setting what @suggestion says, so the plan fits; FALSE, and @workload
 * unchanged, for a suggestion that is no workload setting (iogpu.wired_limit_mb is set on the
 * Mac itself). */
gboolean    rig_suggestion_apply             (const RigSuggestion *suggestion,
                                              RigWorkload         *workload);

const char *rig_fit_to_string       (RigFit fit);
/* In words, for tables and sentences: "fits in GPU memory", "does not fit" … */
const char *rig_fit_describe        (RigFit fit);
/* The same words as a heading or a status: "Fits in GPU memory", "Does not fit" … Every view
 * (the window, the exports, the PDF, the CLI) names a fit with one of these two. */
const char *rig_fit_title           (RigFit fit);

G_END_DECLS
