/* rig-speed.h: decode and prefill tokens/s, load time and training throughput
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rig-memory.h"

G_BEGIN_DECLS

/* Fills the speeds of @result, whose memory and placement rig_memory_evaluate() set.
 * @decode_context is the number of tokens already in the cache while decoding (the plan uses
 * the workload's context), @prompt_tokens the prompt length prefill is timed for. Decode is
 * also given with the cache empty and full, and each speed says what bounds it. */
void rig_speed_evaluate (const RigWorkload  *workload,
                         const RigDeviceSet *devices,
                         double              decode_context,
                         double              prompt_tokens,
                         RigWorkloadResult  *result);
/* As rig_speed_evaluate () at the workload's own context, for a lean plan (a search), which
 * needs no decode with the cache empty: only a full plan reports it. */
void rig_speed_evaluate_lean (const RigWorkload  *workload,
                              const RigDeviceSet *devices,
                              RigWorkloadResult  *result);
/* rig_speed_evaluate_lean () with what @memo keeps of @workload, right after
 * rig_memory_evaluate_memo () of the same workload with the same memo. */
void rig_speed_evaluate_memo (const RigWorkload  *workload,
                              const RigDeviceSet *devices,
                              RigWorkloadMemo    *memo,
                              RigWorkloadResult  *result);

/* "bandwidth", "compute", "pcie", "cpu", "framework"; NULL for RIG_SPEED_BOUND_UNKNOWN. */
const char *rig_speed_bound_id (RigSpeedBound bound);
/* What binds a speed, as the window and the reports name it after "bound by" ("memory
 * bandwidth"; "the CPU's optimizer step" for a training run whose optimizer is offloaded to the
 * CPU, @optimizer_offload); NULL for RIG_SPEED_BOUND_UNKNOWN. */
const char *rig_speed_bound_describe (RigSpeedBound bound,
                                      gboolean      optimizer_offload);
/* The workload's speeds in a clause, each with what bounds it ("decode 52.1 tokens/s with the
 * cache empty, 45.3 with 32768 tokens in it, bound by memory bandwidth; prompts 3391 tokens/s,
 * bound by compute"), for the window and the reports; NULL when none is worked out. */
char       *rig_speed_describe (const RigWorkload       *workload,
                                const RigWorkloadResult *result);

/* The rate llama.cpp's CPU backend multiplies a prompt at in the quantization @quant_id, against
 * Q4_0's (1); NAN for NULL or a type no measurement covers. */
double      rig_speed_cpu_prompt_factor     (const char              *quant_id);

/* Whether measured prompts of the catalog's model @model_id ran below the plan on NVIDIA's
 * GeForce, workstation and V100 cards under llama.cpp, whole on its GPUs and not split by tensor,
 * beyond what the plan's kernel rates explain; @low and @high (either may be NULL) get the
 * range, in percent of the plan. */
gboolean    rig_speed_cuda_prompt_shortfall (const char              *model_id,
                                             int                     *low,
                                             int                     *high);

/* What the range rig_speed_cuda_prompt_shortfall () gives for @model_id was measured on, in a
 * phrase for the plan's finding; NULL for a model it does not name. */
const char *rig_speed_cuda_prompt_measured  (const char              *model_id);

/* Whether @workload's prompt, planned as @result on @devices, runs whole on NVIDIA's GeForce,
 * workstation or V100 cards under llama.cpp, not split by tensor or row, on no more cards than the
 * measurements cover, for a model rig_speed_cuda_prompt_shortfall () names: the plan's
 * speed.cuda-prompt finding, and the prompt speed a search promises. @low and @high (either may
 * be NULL) get the range. */
gboolean    rig_speed_cuda_prompt_range     (const RigWorkload       *workload,
                                             const RigWorkloadResult *result,
                                             const RigDeviceSet      *devices,
                                             int                     *low,
                                             int                     *high);

/* The share of the plan's prompt speed a search promises for @workload, planned as @result on
 * @devices: the slow end of recent builds' runs where rig_speed_cuda_prompt_range () applies,
 * else 1. */
double      rig_speed_cuda_prompt_promise   (const RigWorkload       *workload,
                                             const RigWorkloadResult *result,
                                             const RigDeviceSet      *devices);

/* The most llama.cpp's pipeline parallelism can speed a prompt of @prompt_tokens up over @gpus
 * GPUs split by layers, ubatches of @ubatch tokens overlapping across the cards; 1 where it
 * cannot (one GPU, a prompt of one ubatch). */
double      rig_speed_pipeline_gain         (guint                    gpus,
                                             double                   prompt_tokens,
                                             double                   ubatch);
/* What the plan's prompt speeds take of it over cards of equal shares: with the copies between
 * cards synchronous, only two cards run at once. Equal to the most over two cards. */
double      rig_speed_pipeline_overlap      (guint                    gpus,
                                             double                   prompt_tokens,
                                             double                   ubatch);

/* Whether @workload serves several users, or asks how many it can: a concurrency above 1 or a
 * per-user speed. */
gboolean    rig_speed_serves                (const RigWorkload       *workload);
/* "8 users: 24.0 tokens/s each, 190 tokens/s total, first token in 0.4 s", what keeps the
 * figures from being worked out, or NULL for a workload that does not serve several users. */
char       *rig_speed_serve_describe        (const RigWorkload       *workload,
                                             const RigWorkloadResult *result);
/* "Up to 14 users at 20.0 tokens/s each"; NULL without a per-user speed. */
char       *rig_speed_serve_target_describe (const RigWorkload       *workload,
                                             const RigWorkloadResult *result);
/* Speculative decoding in a sentence, for the window and the PDF: the draft, its length and
 * acceptance, and the speed-up over the plain decode speed; NULL without a draft. */
char       *rig_speed_describe_speculative (const RigWorkload       *workload,
                                            const RigWorkloadResult *result);
char       *rig_speed_speculative_value    (const RigWorkload       *workload,
                                            const RigWorkloadResult *result);
/* Whether the draft makes decode slower: by half a percent or more, what "1 % slower" rounds. */
gboolean    rig_speed_draft_slows          (const RigWorkloadResult *result);

/* Milliseconds the host of @devices takes to launch one layer's kernels from Python in an
 * eager runtime (transformers' or LitGPT's generate ()): from the processor's single-thread
 * rating where the build has one the catalog rates, else a typical host's. */
double      rig_speed_eager_layer_ms       (const RigDeviceSet      *devices);

G_END_DECLS
