/* rig-capacity.h: what a build can run: per model family, the largest model, quantization and
 * context that fit and decode at a speed the user sets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rig-device.h"
#include "rig-memory.h"
#include "rig-workload.h"

G_BEGIN_DECLS

typedef struct
{
  double           min_tokens_per_s;  /* decode at least this, at the end of the context */
  double           min_bits;          /* no quantization below this many bits a weight */
  guint            min_context;       /* a model that runs only below this does not count */
  RigQuantBitsFunc lookup;            /* bits of a quant id a recipe names */
  gpointer         lookup_data;
} RigCapacityOptions;

typedef struct
{
  const char      *family;    /* borrowed from the model */
  const RigModel  *model;     /* borrowed; NULL when no model of the family runs */
  const RigQuant  *quant;     /* borrowed */
  guint            context;   /* the longest context that still runs, tokens */
  RigFit           fit;       /* where it runs: GPUs (or unified memory), with offload, CPU */
  double           decode_tokens_per_s;   /* at the end of that context */
} RigCapacityEntry;

void    rig_capacity_options_init (RigCapacityOptions       *options);
GArray *rig_capacity_evaluate     (const RigDeviceSet       *devices,
                                   GPtrArray                *models,
                                   GPtrArray                *quants,
                                   const RigCapacityOptions *options);

G_END_DECLS
