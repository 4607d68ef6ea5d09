/* rig-memo.h: what a lean report keeps of each workload between plans (RigWorkloadMemo), read
 * and written by rig-memory.c and rig-speed.c alone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-memory.h"

G_BEGIN_DECLS

/* What a workload needs in memory before it is placed on any device (rig-memory.c). */
typedef struct
{
  double weights, embed, output, layers, experts, experts_active_fraction;
  double head;                      /* read for the logits of every token: output, or embed if tied */
  double kv;
  double gpu[RIG_MEMORY_TERM_N];    /* on every GPU that runs layers */
  double last[RIG_MEMORY_TERM_N];   /* besides, on the GPU with the output layer */
  double host;                      /* llama.cpp's output buffer, in host memory */
  double draft;                     /* the draft model, placed as the model's layers are */
  double pipeline;                  /* llama.cpp's copies of a split's inputs on each GPU, where
                                     * every layer is on the GPUs (place_layer_split ()) */
} RigMemoryNeed;

/* What a training run holds before it is sharded (rig-memory.c training_base ()). */
typedef struct
{
  double trainable;   /* parameters */
  double frozen;      /* bytes of the weights held: frozen at their quantization, or all */
} RigTrainingBase;

/* A token's forward FLOPs (rig-speed.c flop_terms ()). */
typedef struct
{
  double weights;       /* 2 x the active parameters */
  double full, windowed;  /* attention FLOPs per token of context, by kind of layer */
  double window;
} RigFlopTerms;

/* A prompt's FLOPs as llama.cpp's kernels take them at its ubatch (rig-speed.c prefill_terms ()). */
typedef struct
{
  double attention;         /* a token's attention FLOPs, at half the prompt */
  double ubatch;
  double scale;             /* ubatch_time_scale () of the ubatch, 1 outside llama.cpp */
  double shared_matrices;   /* all but the routed experts, at the ubatch's rate */
  double expert_matrices;   /* the routed experts, at their tokens' rate */
  double marlin_matrices;   /* vLLM's MXFP4 Marlin kernels', on a Hopper GPU */
} RigPrefillTerms;

/* What the speed plan works out of a workload alone, on no device (rig-speed.c
 * speed_workload_init ()). */
typedef struct
{
  double       kernel;              /* kernel_factor () */
  gboolean     fp8;                 /* FP8 weights, multiplied as they are where tensor cores can */
  double       mmvq_ops;
  RigFlopTerms flops;
  double       state_write;
  double       kv_copy_passes;
  double       unpacked_bytes;
  double       awq_unpacked_bytes;
  gboolean     moe;
  gboolean     lowbit;
  gboolean     wide_heads;
  gboolean     head512;
  gboolean     amd_hybrid_moe;
  double       small;
  double       expert_flops;
  double       pass_bytes;
  double       expert_matrix_bytes;
  double       gqa_factor;
  RigPrefillTerms prefill;          /* a prompt of the workload's context */
  double       train_flops;         /* a training run's FLOPs a token (train_flops_per_token ()) */
} RigSpeedWorkload;

struct _RigWorkloadMemo
{
  gboolean         valid;
  /* What it was worked out for, byte for byte: the workload, its model and quantizations, and
   * whether the devices share one memory (runtime_context_bytes ()). The records are compared
   * only when a model or quantization has been freed or said changed since the last plan
   * (rig_model_records_generation ()): until then the workload's pointers name the same records,
   * unchanged. A catalog record's text is taken not to change in place, as the device readings
   * take it (rig-device.c gpu_reading ()): its pointers are compared, not the text they point
   * to; the draft's id, which no record stands for when it names the model's own prediction
   * module, is compared as text. */
  RigWorkload      workload;
  guint            generation;      /* rig_model_records_generation () when last compared */
  RigModel         model;
  RigQuant         quant;
  RigModel         draft_model;
  RigQuant         draft_quant;
  char            *draft_model_id;
  gboolean         unified;
  /* What evaluate_inference () worked out before placing the workload. */
  RigRuntime       runtime;
  RigMemoryNeed    need;
  double           expert_bytes;
  double           kv_bytes;
  /* What evaluate_training () worked out before sharding the run. */
  RigTrainingBase  training;
  /* The speed plan's, once it has worked them out for what the memo was kept for. */
  gboolean         speed_valid;
  RigSpeedWorkload speed;
};

G_END_DECLS
