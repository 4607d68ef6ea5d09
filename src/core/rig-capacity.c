/* rig-capacity.c: what a build can run: per model family, the largest model, quantization and
 * context that fit and decode at a speed the user sets
 *
 * The same memory and speed model as a plan (rig_memory_evaluate_lean (), rig_speed_evaluate ()), run
 * for candidate workloads: for each family, models from the largest down, and for each model its
 * llama.cpp quantizations from the largest file down; the first that runs at the shortest context
 * worth having wins, and its context is then raised as far as it still runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-capacity.h"
#include "rig-field.h"
#include "rig-speed.h"

/* A context shorter than this is of little use for chat or code; the longest tried when the model
 * states none is the 128k most current models have. */
#define CAPACITY_MIN_CONTEXT      4096
#define CAPACITY_DEFAULT_MAX_CTX  131072

void
rig_capacity_options_init (RigCapacityOptions *options)
{
  *options = (RigCapacityOptions) { 0 };
  /* Reading speed: 10 tokens/s is about twice as fast as people read. */
  options->min_tokens_per_s = 10;
  /* Below about 4 bits a weight the perplexity rises steeply: llama.cpp's
   * tools/quantize/quantize.cpp QUANT_OPTIONS gives, for Llama-3-8B, Q5_K_M +0.0569, Q4_K_M
   * +0.1754 and Q3_K_L +0.5562 ppl. */
  options->min_bits = 4.0;
  options->min_context = CAPACITY_MIN_CONTEXT;
}

/* Whether @w runs on @d at @context at the speed asked for; fills @r. */
static gboolean
runs (RigWorkload              *w,
      const RigDeviceSet       *d,
      guint                     context,
      const RigCapacityOptions *options,
      RigWorkloadResult        *r)
{
  w->context = context;
  /* The fit and the speed, not the words nor the nearest fixes: the lean evaluation. */
  rig_memory_evaluate_lean (w, d, r);
  if (r->fit == RIG_FIT_NONE || r->fit == RIG_FIT_UNKNOWN)
    return FALSE;
  rig_speed_evaluate (w, d, context, context, r);
  return isfinite (r->decode_tokens_per_s) && r->decode_tokens_per_s >= options->min_tokens_per_s;
}

static int
by_params_descending (gconstpointer a,
                      gconstpointer b)
{
  const RigModel *x = *(const RigModel * const *) a, *y = *(const RigModel * const *) b;
  double px = RIG_IS_KNOWN (x->params_b) ? x->params_b : 0, py = RIG_IS_KNOWN (y->params_b) ? y->params_b : 0;

  return (px < py) - (px > py);
}

/* The quantizations people download for llama.cpp: 16-bit GGUF and the K- and i-quant files
 * (each a recipe over its base types). Not F32; not the bare base types (Q4_K …), which only
 * recipes use; not MXFP4 or NVFP4, which a model must be released in; and not the legacy Q4_0,
 * Q4_1, Q5_0 and Q5_1, which lose more than K-quants of the same size (llama.cpp
 * tools/quantize/quantize.cpp QUANT_OPTIONS, Llama-3-8B: Q4_0 4.34G +0.4685 ppl, Q4_K_S 4.37G
 * +0.2689 ppl). */
static gboolean
is_candidate (const RigQuant           *q,
              const RigCapacityOptions *options)
{
  static const char * const legacy[] = { "Q4_0", "Q4_1", "Q5_0", "Q5_1", NULL };

  if (q->format == NULL || q->id == NULL || !RIG_IS_KNOWN (q->bits_per_weight))
    return FALSE;
  if (q->bits_per_weight < options->min_bits || q->bits_per_weight > 16)
    return FALSE;
  if (g_str_equal (q->format, "float"))
    return TRUE;
  return g_str_equal (q->format, "gguf") && q->recipe != NULL && *q->recipe != '\0'
         && !g_strv_contains (legacy, q->id);
}

typedef struct
{
  RigWorkload *workload;
  double       bytes;       /* the model's weights in this quantization */
} Candidate;

static int
by_size_descending (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a, *y = b;

  return (x->bytes < y->bytes) - (x->bytes > y->bytes);
}

static void
candidate_clear (gpointer data)
{
  g_clear_pointer (&((Candidate *) data)->workload, rig_workload_free);
}

static RigWorkload *
candidate (const RigModel           *model,
           const RigQuant           *quant,
           const RigCapacityOptions *options)
{
  RigWorkload *w = rig_workload_new ();

  w->model = rig_table_record_dup (rig_model_table (), model);
  rig_workload_set_quant (w, rig_table_record_dup (rig_quant_table (), quant), options->lookup,
                          options->lookup_data);
  return w;
}

/* The longest context in [@lo, @hi] at which @w runs, given that it runs at @lo: @hi itself, or
 * a multiple of 256 tokens, as runtimes round the KV cache. */
static guint
longest_context (RigWorkload              *w,
                 const RigDeviceSet       *d,
                 guint                     lo,
                 guint                     hi,
                 const RigCapacityOptions *options,
                 RigWorkloadResult        *best)
{
  RigWorkloadResult r;
  guint lo_step = lo / 256, hi_step = hi / 256;

  if (runs (w, d, hi, options, &r))
    {
      *best = r;
      return hi;
    }
  while (hi_step - lo_step > 1)
    {
      guint mid = lo_step + (hi_step - lo_step) / 2;

      if (runs (w, d, mid * 256, options, &r))
        {
          lo_step = mid;
          *best = r;
        }
      else
        hi_step = mid;
    }
  return MAX (lo, lo_step * 256);
}

/* The family's entry: its largest model that runs, in the largest of the quantizations. */
static void
evaluate_family (const RigDeviceSet       *d,
                 GPtrArray                *family,
                 GPtrArray                *quants,
                 const RigCapacityOptions *options,
                 RigCapacityEntry         *entry)
{
  for (guint m = 0; m < family->len; m++)
    {
      const RigModel *model = g_ptr_array_index (family, m);
      guint max_ctx = RIG_IS_KNOWN (model->context_max) ? (guint) model->context_max
                                                        : CAPACITY_DEFAULT_MAX_CTX;
      g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));

      /* A model trained for a shorter context than asked for does not count. */
      if (max_ctx < options->min_context)
        continue;
      g_array_set_clear_func (candidates, candidate_clear);
      for (guint q = 0; q < quants->len; q++)
        {
          const RigQuant *quant = g_ptr_array_index (quants, q);
          Candidate c;

          if (!is_candidate (quant, options))
            continue;
          c.workload = candidate (model, quant, options);
          c.bytes = rig_memory_weights_bytes (c.workload, NULL);
          g_array_append_val (candidates, c);
        }
      g_array_sort (candidates, by_size_descending);

      for (guint i = 0; i < candidates->len; i++)
        {
          Candidate *c = &g_array_index (candidates, Candidate, i);
          RigWorkloadResult r;

          if (!runs (c->workload, d, options->min_context, options, &r))
            continue;
          entry->model = model;
          /* The caller's quant, which outlives the candidates. */
          for (guint q = 0; q < quants->len; q++)
            if (g_str_equal (((RigQuant *) g_ptr_array_index (quants, q))->id, c->workload->quant->id))
              entry->quant = g_ptr_array_index (quants, q);
          entry->context = longest_context (c->workload, d, options->min_context, max_ctx, options, &r);
          entry->fit = r.fit;
          entry->decode_tokens_per_s = r.decode_tokens_per_s;
          return;
        }
    }
}

/**
 * rig_capacity_evaluate:
 * @models: (element-type RigModel): the catalog's models; only language models count
 * @quants: (element-type RigQuant): the catalog's quantizations
 *
 * Returns: (element-type RigCapacityEntry): one entry per model family, in the order the
 *   families first appear in @models; an entry's model is NULL when none of it runs.
 */
GArray *
rig_capacity_evaluate (const RigDeviceSet       *devices,
                       GPtrArray                *models,
                       GPtrArray                *quants,
                       const RigCapacityOptions *options)
{
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (RigCapacityEntry));
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GHashTable) families = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < models->len; i++)
    {
      const RigModel *m = g_ptr_array_index (models, i);
      GPtrArray *family;

      if (m->family == NULL || !rig_model_is_llm (m))
        continue;
      if (!(family = g_hash_table_lookup (families, m->family)))
        {
          family = g_ptr_array_new ();
          g_hash_table_insert (families, m->family, family);
          g_ptr_array_add (order, m->family);
        }
      g_ptr_array_add (family, (gpointer) m);
    }

  for (guint i = 0; i < order->len; i++)
    {
      GPtrArray *family = g_hash_table_lookup (families, g_ptr_array_index (order, i));
      RigCapacityEntry entry = { g_ptr_array_index (order, i), NULL, NULL, 0, RIG_FIT_NONE, NAN };

      g_ptr_array_sort (family, by_params_descending);
      evaluate_family (devices, family, quants, options, &entry);
      g_array_append_val (entries, entry);
    }
  return entries;
}
