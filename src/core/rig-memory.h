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

typedef struct
{
  guint64 weights_bytes;
  guint64 kv_cache_bytes;
  guint64 activations_bytes;
  guint64 gradients_bytes;
  guint64 optimizer_bytes;
  guint64 overhead_bytes;
  guint64 total_bytes;
} RigMemoryBreakdown;

/* Parameters of each tensor group, from the architecture and scaled to the model's total. */
typedef struct
{
  double embed, output;
  double attn_v, attn_o, attn_rest;
  double ffn_down, ffn_rest;
  double experts_down, experts_rest;
} RigParamSplit;

#define RIG_MAX_DEVICES (RIG_MAX_GPUS + 1)

typedef struct
{
  RigMemoryBreakdown memory;
  RigFit             fit;
  char               reason[320];
  RigRuntime         runtime;      /* the runtime the figures assume */

  /* Per device: GPUs first, then system memory at index n_gpus. */
  guint              n_devices;
  guint64            used_bytes[RIG_MAX_DEVICES];
  guint64            capacity_bytes[RIG_MAX_DEVICES];
  double             read_bytes[RIG_MAX_DEVICES];    /* read per decode step (weights + KV) */
  double             compute_share[RIG_MAX_DEVICES]; /* share of the per-token FLOPs */
  gboolean           tensor_parallel;
  guint              gpus_used;

  /* Speeds; NAN where they cannot be worked out (the reason goes to not_checked). */
  double             decode_tokens_per_s;
  double             prefill_tokens_per_s;
  double             load_seconds;
  double             train_tokens_per_s;
} RigWorkloadResult;

/* Weights of @workload's model at its quantization, in bytes; NAN without a model. */
double   rig_memory_weights_bytes   (const RigWorkload *workload,
                                     RigParamSplit     *split);
/* KV cache of one sequence of @context tokens, in bytes. */
double   rig_memory_kv_bytes        (const RigWorkload *workload,
                                     double             context);

/* Fills @result's memory, fit and placement (not the speeds). */
void     rig_memory_evaluate        (const RigWorkload  *workload,
                                     const RigDeviceSet *devices,
                                     RigWorkloadResult  *result);

const char *rig_fit_to_string       (RigFit fit);
/* In words, for tables: "fits on the GPUs", "does not fit" … */
const char *rig_fit_describe        (RigFit fit);

G_END_DECLS
