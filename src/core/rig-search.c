/* rig-search.c: find the cheapest builds that meet a set of workloads
 *
 * The space is far too large to plan every build (70 GPUs × 1–8 of them × some 260 processor–
 * board pairs × memory × PSUs × cases × coolers × drives), so the search is split where the plan
 * splits:
 *
 *  - Whether the workloads run, and how fast, depends on the GPUs and the platform (processor,
 *    board, memory): the core. Power supply, case, cooler and drive only add rules.
 *  - GPU configurations and platforms are each sorted by price, and a core is tried only while
 *    its price plus the cheapest possible completion is below the best build found: branch and
 *    bound, so every build it does not plan is dearer than one that passed.
 *  - A processor–board pair is planned once per GPU configuration with its most capable memory;
 *    when even that cannot run the workloads, the pair's other memory is not tried.
 *  - A core that runs the workloads is completed with the cheapest PSU, case, cooler and drive
 *    that plan with no error: each kind is first narrowed to the parts that raise no error with
 *    the core alone, then the combinations are planned in order of price.
 *
 * Every plan is the engine's own, lean (no text), and a build is accepted only when its whole
 * plan has no error finding, so the search can miss a build only where adding a part would take
 * an error away, which no rule does. tests/test-search.c checks the cheapest price against
 * planning every build of a reduced catalog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "rig-format.h"
#include "rig-memory.h"
#include "rig-plan.h"
#include "rig-search.h"
#include "rig-speed.h"
#include "rig-text.h"

/* A drive must hold every model's weights and leave room for the system and a working set;
 * the room is Rigplan's choice, not a measured figure. */
#define DRIVE_ROOM_BYTES 64e9
/* Each step along the Pareto front is at least this much faster than the one before: a build
 * 1 % faster for more money is not an answer anyone wants. */
#define PARETO_STEP 1.10

static const char * const family_values[] = { "pc", "mac", "unified", NULL };

const char * const *
rig_family_values (void)
{
  return family_values;
}

const char *
rig_family_to_string (RigFamily family)
{
  g_return_val_if_fail (family < RIG_FAMILY_N, NULL);
  return family_values[family];
}

int
rig_family_from_string (const char *text)
{
  for (int i = 0; family_values[i]; i++)
    if (g_strcmp0 (text, family_values[i]) == 0)
      return i;
  return -1;
}

RigSearchRequest *
rig_search_request_new (void)
{
  RigSearchRequest *request = g_new0 (RigSearchRequest, 1);

  request->base = rig_build_new ("");
  request->min_decode = g_array_new (FALSE, FALSE, sizeof (double));
  request->min_prefill = g_array_new (FALSE, FALSE, sizeof (double));
  request->budget_minor = -1;
  for (int f = 0; f < RIG_FAMILY_N; f++)
    request->families[f] = TRUE;
  request->max_gpus = 4;
  request->max_wall_w = NAN;
  request->exclude = g_ptr_array_new_with_free_func (g_free);
  return request;
}

void
rig_search_request_free (RigSearchRequest *request)
{
  if (request == NULL)
    return;
  rig_build_free (request->base);
  g_array_unref (request->min_decode);
  g_array_unref (request->min_prefill);
  g_ptr_array_unref (request->exclude);
  g_free (request);
}

static void
answer_free (gpointer data)
{
  RigSearchAnswer *answer = data;

  rig_build_free (answer->build);
  g_free (answer->label);
  g_free (answer->why);
  g_free (answer);
}

void
rig_search_result_free (RigSearchResult *result)
{
  if (result == NULL)
    return;
  g_ptr_array_unref (result->answers);
  g_free (result->unmet);
  g_free (result);
}

/* One way to buy a part: new or used, at a unit price in the request's currency. */
typedef struct
{
  const RigPart *part;
  RigCondition   condition;
  gint64         unit;
  guint          owned;       /* units the user has: the GPU of a configuration may add more */
} Option;

typedef struct
{
  const Option *gpu;          /* NULL: no GPU */
  guint         count;
  gint64        cost;
} GpuConfig;

typedef struct
{
  const Option *cpu, *board, *memory;
  guint         kits;
  guint         pair;         /* index of the processor–board pair */
  gint64        cost;
  double        gib, mts;     /* what the memory brings */
  RigDevice     host;         /* system memory and processor, as the plan sees them */
} Platform;

/* Why the cheapest cores that failed did: the sentence of the answer names the dearest. */
typedef struct
{
  gboolean  set;
  gint64    cost;
  char      name[160];
  enum { MISS_FIT, MISS_DECODE, MISS_PREFILL, MISS_SERVE } what;   /* the test it failed */
  RigFit    fit;
  double    speed;      /* with MISS_DECODE or MISS_PREFILL: the speed it reached */
  guint     workload;
} Miss;

/* The kinds a PC build is completed with, after the core. */
enum { C_PSU, C_CASE, C_COOLER, C_STORAGE, N_COMPLETION };
static const RigPartKind completion_kind[N_COMPLETION] = {
  RIG_PART_PSU, RIG_PART_CASE, RIG_PART_COOLER, RIG_PART_STORAGE
};

/* Trial items: the core, the completion, and owned parts of other kinds (a NIC). */
enum { I_GPU, I_GPU_OWNED, I_CPU, I_BOARD, I_MEMORY, I_PSU, I_CASE, I_COOLER, I_STORAGE, N_ITEMS };

typedef struct
{
  const RigSearchRequest *request;
  GArray     *options[RIG_PART_N_KINDS];   /* Option, by unit price */
  gboolean    owned_kind[RIG_PART_N_KINDS];
  GArray     *configs;                     /* GpuConfig, by cost */
  GArray     *platforms;                   /* Platform, by cost */
  guint       n_pairs;
  gint64      min_platform, min_completion;
  double      drive_bytes;                 /* what the drive must hold */

  RigBuild    trial;                       /* borrows the base's workloads and settings */
  RigBuildItem items[N_ITEMS];
  GPtrArray  *extra_owned;                 /* owned items of kinds the search does not choose */
  RigReport   report;
  guint64     plans;

  /* The constraints of the current pass. */
  gboolean    use_budget, use_watts, use_speed;
  gboolean    eager;          /* a workload runs in an eager runtime, whose decode follows the
                               * host's processor (rig_speed_eager_layer_ms ()) */
  double      speed_floor;                 /* first workload's decode must exceed it; 0 none */
  gint8      *pair_state;                  /* per pair, for the current configuration */
  RigDevice   strongest_host;              /* the most of each that any platform's host has */

  /* The best build of the current pass. */
  gint64      best_cost;
  gboolean    found;
  const GpuConfig *best_config;
  const Platform  *best_platform;
  const Option    *best_completion[N_COMPLETION];
  double      best_decode;
  double      best_wall_w;
  Miss        miss;
} Search;

enum { PAIR_UNKNOWN, PAIR_REJECTED };

static int
compare_options (gconstpointer a,
                 gconstpointer b)
{
  const Option *x = a, *y = b;

  if (x->unit != y->unit)
    return x->unit < y->unit ? -1 : 1;
  return strcmp (x->part->id, y->part->id);
}

static int
compare_configs (gconstpointer a,
                 gconstpointer b)
{
  const GpuConfig *x = a, *y = b;

  if (x->cost != y->cost)
    return x->cost < y->cost ? -1 : 1;
  return (int) x->count - (int) y->count;
}

static int
compare_platforms (gconstpointer a,
                   gconstpointer b)
{
  const Platform *x = a, *y = b;

  if (x->cost != y->cost)
    return x->cost < y->cost ? -1 : 1;
  if (x->pair != y->pair)
    return x->pair < y->pair ? -1 : 1;
  return x->gib < y->gib ? -1 : x->gib > y->gib;
}

static gboolean
excluded (const RigSearchRequest *request,
          const RigPart          *part)
{
  for (guint i = 0; i < request->exclude->len; i++)
    if (g_str_equal (g_ptr_array_index (request->exclude, i), part->id))
      return TRUE;
  return FALSE;
}

/* The unit price the plan would use for @part bought @condition: the engine's own pricing, so
 * that currency conversion and used prices agree with the plan. */
static gboolean
unit_price (const RigBuild *base,
            const RigPart  *part,
            RigCondition    condition,
            gint64         *unit)
{
  RigBuildItem item = { 0 };

  item.part_id = part->id;
  item.part = (RigPart *) part;
  item.count = 1;
  item.condition = condition;
  return rig_build_item_price (base, &item, unit) == RIG_PRICE_KNOWN;
}

static void
add_option (Search        *s,
            const RigPart *part,
            RigCondition   condition,
            gint64         unit,
            guint          owned)
{
  Option option = { part, condition, unit, owned };

  g_array_append_val (s->options[part->kind], option);
}

/* The parts the user owns fix their kind: the search keeps them, at no cost, and does not buy
 * another, except GPUs, of which it may add more of the same. */
static void
collect_owned (Search *s)
{
  const RigBuild *base = s->request->base;

  for (guint i = 0; i < base->items->len; i++)
    {
      RigBuildItem *item = g_ptr_array_index (base->items, i);

      if (item->part == NULL)
        continue;
      s->owned_kind[item->part->kind] = TRUE;
      if (item->part->kind == RIG_PART_GPU || item->part->kind == RIG_PART_CPU ||
          item->part->kind == RIG_PART_MOTHERBOARD || item->part->kind == RIG_PART_MEMORY ||
          item->part->kind == RIG_PART_PSU || item->part->kind == RIG_PART_CASE ||
          item->part->kind == RIG_PART_COOLER || item->part->kind == RIG_PART_STORAGE ||
          item->part->kind == RIG_PART_SYSTEM)
        {
          gint64 unit = RIG_MONEY_UNKNOWN;

          /* An owned GPU may be joined by more of the same, bought new. */
          if (item->part->kind == RIG_PART_GPU)
            unit_price (base, item->part, RIG_CONDITION_NEW, &unit);
          add_option (s, item->part, RIG_CONDITION_NEW, unit, item->count);
        }
      else
        g_ptr_array_add (s->extra_owned, item);
    }
}

/* What the rules read of a part: every column but its names, prices, dates and sources. */
static char *
spec_signature (const RigPart *part)
{
  const RigTable *table = rig_part_table (part->kind);
  GString *out = g_string_new (NULL);

  for (guint f = RIG_PART_N_COMMON_FIELDS; f < table->n_fields; f++)
    {
      const RigField *field = &table->fields[f];
      g_autofree char *text = NULL;

      if (strstr (field->name, "price") || strstr (field->name, "date") ||
          strstr (field->name, "source"))
        continue;
      text = rig_field_to_text (field, part);
      g_string_append_printf (out, "%s=%s;", field->name, text ? text : "");
    }
  return g_string_free (out, FALSE);
}

/* Of parts that plan alike (the same kind and the same value in every column a rule reads), only
 * the cheapest way to buy them is kept: the others can only make a dearer build. */
static void
drop_twins (GArray *options)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint kept = 0;

  for (guint i = 0; i < options->len; i++)
    {
      const Option *option = &g_array_index (options, Option, i);
      g_autofree char *spec = spec_signature (option->part);
      char *key = g_strdup_printf ("%d:%u:%s", option->condition, option->owned, spec);

      /* The options are sorted by price: the first of each kind of twin is the cheapest. */
      if (g_hash_table_contains (seen, key))
        {
          g_free (key);
          continue;
        }
      g_hash_table_add (seen, key);
      g_array_index (options, Option, kept++) = *option;
    }
  g_array_set_size (options, kept);
}

static void
collect_options (Search    *s,
                 GPtrArray *parts)
{
  const RigSearchRequest *request = s->request;

  for (int k = 0; k < RIG_PART_N_KINDS; k++)
    s->options[k] = g_array_new (FALSE, FALSE, sizeof (Option));
  collect_owned (s);
  for (guint i = 0; i < parts->len; i++)
    {
      const RigPart *part = g_ptr_array_index (parts, i);
      gint64 unit;

      if (s->owned_kind[part->kind] || excluded (request, part))
        continue;
      /* A part without a price is never free: it is left out. */
      if (unit_price (request->base, part, RIG_CONDITION_NEW, &unit))
        add_option (s, part, RIG_CONDITION_NEW, unit, 0);
      if (request->used[part->kind] && unit_price (request->base, part, RIG_CONDITION_USED, &unit))
        add_option (s, part, RIG_CONDITION_USED, unit, 0);
    }
  for (int k = 0; k < RIG_PART_N_KINDS; k++)
    {
      g_array_sort (s->options[k], compare_options);
      drop_twins (s->options[k]);
    }
}

static gint64
option_cost (const Option *option,
             guint         count)
{
  guint bought = count > option->owned ? count - option->owned : 0;

  return bought == 0 ? 0 : option->unit * (gint64) bought;
}

static void
collect_configs (Search *s)
{
  GArray *gpus = s->options[RIG_PART_GPU];
  GpuConfig none = { NULL, 0, 0 };
  guint most = MIN (s->request->max_gpus, RIG_SEARCH_MAX_GPUS);

  s->configs = g_array_new (FALSE, FALSE, sizeof (GpuConfig));
  if (!s->owned_kind[RIG_PART_GPU])
    g_array_append_val (s->configs, none);
  for (guint i = 0; i < gpus->len; i++)
    {
      const Option *gpu = &g_array_index (gpus, Option, i);

      for (guint n = MAX (gpu->owned, 1); n <= MAX (most, gpu->owned); n++)
        {
          GpuConfig config = { gpu, n, 0 };

          if (n > gpu->owned && gpu->unit == RIG_MONEY_UNKNOWN)
            break;
          config.cost = option_cost (gpu, n);
          g_array_append_val (s->configs, config);
        }
    }
  g_array_sort (s->configs, compare_configs);
}

static gboolean
same_text (const char *a,
           const char *b)
{
  /* Unknown on either side is for the plan to report as not checked. */
  return a == NULL || b == NULL || g_ascii_strcasecmp (a, b) == 0;
}

/* Memory a board can take: the cheap necessary checks of the compatibility rules, so that the
 * platforms list is not swamped by pairings the plan would reject at once. */
static gboolean
memory_fits_board (const RigPart *board,
                   const RigPart *kit,
                   guint          kits)
{
  const RigMotherboardSpec *b = &board->motherboard;
  const RigMemorySpec *m = &kit->memory;

  if (!same_text (b->memory_type, m->type))
    return FALSE;
  if (!isnan (b->memory_slots) && !isnan (m->modules) && kits * m->modules > b->memory_slots)
    return FALSE;
  if (!isnan (b->memory_max_gib) && !isnan (m->module_gib) && !isnan (m->modules) &&
      kits * m->modules * m->module_gib > b->memory_max_gib)
    return FALSE;
  return TRUE;
}

static gboolean
cpu_fits_board (const RigPart *cpu,
                const RigPart *board)
{
  return same_text (cpu->cpu.socket, board->motherboard.socket);
}

static void
collect_platforms (Search *s)
{
  GArray *cpus = s->options[RIG_PART_CPU];
  GArray *boards = s->options[RIG_PART_MOTHERBOARD];
  GArray *kits = s->options[RIG_PART_MEMORY];

  s->platforms = g_array_new (FALSE, FALSE, sizeof (Platform));
  for (guint c = 0; c < cpus->len; c++)
    for (guint b = 0; b < boards->len; b++)
      {
        const Option *cpu = &g_array_index (cpus, Option, c);
        const Option *board = &g_array_index (boards, Option, b);
        guint before = s->platforms->len;

        if (!cpu_fits_board (cpu->part, board->part))
          continue;
        for (guint m = 0; m < kits->len; m++)
          {
            const Option *kit = &g_array_index (kits, Option, m);
            guint most = kit->owned ? kit->owned : 4;

            for (guint n = kit->owned ? kit->owned : 1; n <= most; n++)
              {
                Platform p = { cpu, board, kit, n, s->n_pairs, 0, 0, 0 };

                if (!memory_fits_board (board->part, kit->part, n))
                  break;
                p.cost = option_cost (cpu, 1) + option_cost (board, 1) + option_cost (kit, n);
                p.gib = n * kit->part->memory.modules * kit->part->memory.module_gib;
                p.mts = kit->part->memory.speed_mts;
                g_array_append_val (s->platforms, p);
              }
          }
        if (s->platforms->len > before)
          s->n_pairs++;
      }
  g_array_sort (s->platforms, compare_platforms);
}

/* The cheapest of each completion kind, whatever it must fit: no completion costs less. */
static void
bound_completion (Search *s)
{
  s->min_completion = 0;
  for (int c = 0; c < N_COMPLETION; c++)
    {
      GArray *options = s->options[completion_kind[c]];

      if (options->len > 0)
        s->min_completion += option_cost (&g_array_index (options, Option, 0), 1);
    }
  s->min_platform = s->platforms->len > 0 ? g_array_index (s->platforms, Platform, 0).cost : 0;
}

static void
set_item (Search       *s,
          int           slot,
          const Option *option,
          guint         count)
{
  RigBuildItem *item = &s->items[slot];

  item->part = option ? (RigPart *) option->part : NULL;
  item->part_id = option ? option->part->id : NULL;
  item->count = count;
  item->condition = option ? option->condition : RIG_CONDITION_NEW;
  item->has_price = FALSE;
}

/* Puts the items that are set into the trial build, in a build file's order. */
static void
assemble (Search *s)
{
  g_ptr_array_set_size (s->trial.items, 0);
  for (int i = 0; i < N_ITEMS; i++)
    if (s->items[i].part != NULL && s->items[i].count > 0)
      g_ptr_array_add (s->trial.items, &s->items[i]);
  for (guint i = 0; i < s->extra_owned->len; i++)
    g_ptr_array_add (s->trial.items, g_ptr_array_index (s->extra_owned, i));
}

static void
set_config (Search          *s,
            const GpuConfig *config)
{
  if (config->gpu == NULL)
    {
      set_item (s, I_GPU, NULL, 0);
      set_item (s, I_GPU_OWNED, NULL, 0);
      return;
    }
  /* Owned cards and bought ones are separate lines: one is free, the other is not. */
  set_item (s, I_GPU_OWNED, config->gpu, MIN (config->gpu->owned, config->count));
  set_item (s, I_GPU, config->gpu, config->count - MIN (config->gpu->owned, config->count));
}

static void
set_platform (Search         *s,
              const Platform *p)
{
  set_item (s, I_CPU, p ? p->cpu : NULL, 1);
  set_item (s, I_BOARD, p ? p->board : NULL, 1);
  set_item (s, I_MEMORY, p ? p->memory : NULL, p ? p->kits : 0);
}

static void
clear_completion (Search *s)
{
  for (int c = 0; c < N_COMPLETION; c++)
    set_item (s, I_PSU + c, NULL, 0);
}

static void
plan (Search *s)
{
  assemble (s);
  rig_report_reset (&s->report);
  rig_plan_evaluate (&s->trial, &s->report);
  s->plans++;
}

static guint
errors (const RigReport *report)
{
  guint n;

  rig_report_count_findings (report, &n, NULL);
  return n;
}

/* Errors of a partial build that no part added later can take away: how parts fit together
 * (compatibility, slots and lanes), and with @power the PSU's load. Not power without a PSU:
 * the wall draw assumes a default efficiency until there is one, and a better supply can bring
 * it under the circuit's limit. Not thermals, which a case or cooler changes. */
static gboolean
errors_that_last (const RigReport *report,
                  gboolean         power)
{
  for (guint i = 0; i < report->findings->len; i++)
    {
      const RigFinding *f = &g_array_index (report->findings, RigFinding, i);

      if (f->severity == RIG_SEVERITY_ERROR &&
          (f->area == RIG_AREA_COMPAT || f->area == RIG_AREA_PCIE ||
           (power && f->area == RIG_AREA_POWER)))
        return TRUE;
    }
  return FALSE;
}

/* Whether every error of the report is about the memory kit, which another kit may avoid. */
static gboolean
errors_only_memory (const RigReport *report)
{
  for (guint i = 0; i < report->findings->len; i++)
    {
      const RigFinding *f = &g_array_index (report->findings, RigFinding, i);

      if (f->severity == RIG_SEVERITY_ERROR &&
          (f->area == RIG_AREA_COMPAT || f->area == RIG_AREA_PCIE) &&
          !g_str_has_prefix (f->code, "compat.memory") && !g_str_has_prefix (f->code, "compat.dimm") &&
          !g_str_has_prefix (f->code, "compat.ecc"))
        return FALSE;
    }
  return TRUE;
}

/* Whether @w asks for a per-user speed for its users. */
static gboolean
serving_target (const RigWorkload *w)
{
  return w->mode == RIG_MODE_INFERENCE && w->min_user_tokens_per_s > 0;
}

/* Whether workload @i's result is as asked; on failure @miss (when given) says how. */
static gboolean
result_meets (const Search            *s,
              guint                    i,
              const RigWorkloadResult *r,
              Miss                    *miss)
{
  const RigSearchRequest *request = s->request;
  double min_decode = s->use_speed ? g_array_index (request->min_decode, double, i) : NAN;
  double min_prefill = s->use_speed ? g_array_index (request->min_prefill, double, i) : NAN;
  const RigWorkload *w = g_ptr_array_index (request->base->workloads, i);
  double prefill = r->prefill_tokens_per_s;
  gboolean ok = r->fit == RIG_FIT_GPU || r->fit == RIG_FIT_OFFLOAD ||
                /* Fine-tuning runs on GPUs: bitsandbytes, torchtune and DeepSpeed need them. */
                (r->fit == RIG_FIT_CPU && w->mode == RIG_MODE_INFERENCE);

  int what = MISS_FIT;

  /* A speed that cannot be worked out (NAN) cannot be promised. */
  if (ok && ((!isnan (min_decode) && !(r->decode_tokens_per_s >= min_decode)) ||
             (i == 0 && s->speed_floor > 0 && !(r->decode_tokens_per_s > s->speed_floor))))
    {
      ok = FALSE;
      what = MISS_DECODE;
    }
  /* A prompt speed is promised at the slowest that recent measured runs of the model reached
   * where they ran below the plan (rig_speed_cuda_prompt_promise (): gpt-oss-20b on NVIDIA's
   * GeForce, workstation and V100 cards, up to 36 % below with builds since November 2025), not
   * at the plan's. */
  if (ok && !isnan (min_prefill))
    {
      prefill *= rig_speed_cuda_prompt_promise (w, r, &s->report.devices);
      if (!(prefill >= min_prefill))
        {
          ok = FALSE;
          what = MISS_PREFILL;
        }
    }
  /* A team's workload: every one of its users at the per-user speed. */
  if (ok && s->use_speed && serving_target (w) && !(r->serve_max_users_at_target >= w->concurrency))
    {
      ok = FALSE;
      what = MISS_SERVE;
    }
  if (!ok && miss)
    {
      miss->what = what;
      miss->fit = r->fit;
      miss->speed = what == MISS_PREFILL ? prefill
                  : what == MISS_SERVE ? r->serve_max_users_at_target : r->decode_tokens_per_s;
      miss->workload = i;
    }
  return ok;
}

/* Whether the workloads of the last plan run as asked. */
static gboolean
workloads_met (Search *s,
               Miss   *miss)
{
  GArray *results = s->report.workloads;

  for (guint i = 0; i < results->len; i++)
    if (!result_meets (s, i, &g_array_index (results, RigWorkloadResult, i), miss))
      return FALSE;
  return TRUE;
}

/* The same, on @devices alone: what the plan does for the workloads, which read nothing else
 * of the build (rig_plan_evaluate () plans them on its device set), without the other rules. */
static gboolean
devices_meet (Search             *s,
              const RigDeviceSet *devices,
              Miss               *miss)
{
  const GPtrArray *workloads = s->request->base->workloads;
  RigWorkloadResult r;

  for (guint i = 0; i < workloads->len; i++)
    {
      const RigWorkload *w = g_ptr_array_index (workloads, i);

      memset (&r, 0, sizeof r);
      rig_memory_evaluate_lean (w, devices, &r);
      rig_speed_evaluate (w, devices, w->context, w->context, &r);
      if (!result_meets (s, i, &r, miss))
        return FALSE;
    }
  return TRUE;
}

static gboolean
at_least (double a,
          double b)
{
  return (isnan (a) && isnan (b)) || (!isnan (a) && !isnan (b) && a >= b);
}

/* Whether host @a can do all that host @b can for the workloads: no less memory, bandwidth or
 * compute, and for an eager runtime's launches (@eager) no slower core
 * (rig_speed_eager_layer_ms ()). The plan's workloads never do worse with more of each. */
static gboolean
host_dominates (const RigDevice *a,
                const RigDevice *b,
                gboolean         eager)
{
  return a->capacity_bytes >= b->capacity_bytes && at_least (a->bandwidth_gbps, b->bandwidth_gbps) &&
         at_least (a->tflops, b->tflops) && at_least (a->dp4a_tops, b->dp4a_tops) &&
         (!eager || at_least (a->single_thread, b->single_thread));
}

/* The whole build passes: no error, the workloads as asked, the wall limit kept. */
static gboolean
build_passes (Search *s)
{
  if (errors (&s->report) > 0 || !workloads_met (s, NULL))
    return FALSE;
  if (s->use_watts && !isnan (s->request->max_wall_w) &&
      !(s->report.power.wall_w <= s->request->max_wall_w))
    return FALSE;
  return TRUE;
}

static gboolean
case_allowed (const Search  *s,
              const RigPart *pc_case)
{
  const char *forms = pc_case->pc_case.board_form_factors;

  if (!s->request->small_form_factor)
    return TRUE;
  /* Small form factor: a case that takes Mini-ITX boards and nothing larger; unknown is not
   * small. */
  if (forms == NULL || !rig_list_contains (forms, ';', "itx"))
    return FALSE;
  return !rig_list_contains (forms, ';', "matx") && !rig_list_contains (forms, ';', "atx") &&
         !rig_list_contains (forms, ';', "eatx") && !rig_list_contains (forms, ';', "ssi-eeb");
}

/* The options of completion kind @c that raise no error with the core alone (a necessary
 * condition: no rule takes an error away when a part is added), cheaper than @limit. */
static GArray *
narrow_completion (Search *s,
                   int     c,
                   gint64  limit)
{
  GArray *options = s->options[completion_kind[c]];
  GArray *kept = g_array_new (FALSE, FALSE, sizeof (const Option *));

  for (guint i = 0; i < options->len; i++)
    {
      const Option *option = &g_array_index (options, Option, i);

      if (option_cost (option, 1) >= limit)
        break;
      if (completion_kind[c] == RIG_PART_STORAGE && !option->owned &&
          !(option->part->storage.capacity_gb * 1e9 >= s->drive_bytes))
        continue;
      if (completion_kind[c] == RIG_PART_CASE && !option->owned && !case_allowed (s, option->part))
        continue;
      clear_completion (s);
      set_item (s, I_PSU + c, option, 1);
      plan (s);
      if (!errors_that_last (&s->report, completion_kind[c] == RIG_PART_PSU))
        g_array_append_val (kept, option);
    }
  clear_completion (s);
  return kept;
}

typedef struct
{
  const Option *parts[N_COMPLETION];
  gint64        cost;
} Completion;

static int
compare_completions (gconstpointer a,
                     gconstpointer b)
{
  const Completion *x = a, *y = b;

  return x->cost < y->cost ? -1 : x->cost > y->cost;
}

/* Every combination of the narrowed lists cheaper than @limit, by price: nested loops over
 * lists sorted by price, each cut when the rest cannot come in under the limit. */
static void
combine (GArray     *lists[N_COMPLETION],
         int         depth,
         Completion *current,
         gint64      limit,
         gint64      rest_min[N_COMPLETION + 1],
         GArray     *out)
{
  if (depth == N_COMPLETION)
    {
      g_array_append_val (out, *current);
      return;
    }
  if (lists[depth]->len == 0)
    {
      current->parts[depth] = NULL;
      combine (lists, depth + 1, current, limit, rest_min, out);
      return;
    }
  for (guint i = 0; i < lists[depth]->len; i++)
    {
      const Option *option = g_array_index (lists[depth], const Option *, i);
      gint64 cost = current->cost + option_cost (option, 1);

      if (cost + rest_min[depth + 1] >= limit)
        break;
      current->parts[depth] = option;
      current->cost = cost;
      combine (lists, depth + 1, current, limit, rest_min, out);
      current->cost -= option_cost (option, 1);
    }
}

/* The cheapest completion of the core in the trial that passes, cheaper than @limit. */
static gboolean
complete (Search     *s,
          gint64      limit,
          Completion *best)
{
  GArray *lists[N_COMPLETION];
  gint64 rest_min[N_COMPLETION + 1] = { 0 };
  g_autoptr(GArray) combos = g_array_new (FALSE, FALSE, sizeof (Completion));
  Completion current = { { NULL }, 0 };
  gboolean found = FALSE;

  for (int c = 0; c < N_COMPLETION; c++)
    lists[c] = narrow_completion (s, c, limit);
  for (int c = N_COMPLETION - 1; c >= 0; c--)
    {
      /* A PC is not complete without each kind: with none left, no completion exists. */
      if (lists[c]->len == 0)
        goto out;
      rest_min[c] = rest_min[c + 1] + option_cost (g_array_index (lists[c], const Option *, 0), 1);
    }
  combine (lists, 0, &current, limit, rest_min, combos);
  g_array_sort (combos, compare_completions);
  for (guint i = 0; i < combos->len && !found; i++)
    {
      const Completion *combo = &g_array_index (combos, Completion, i);

      for (int c = 0; c < N_COMPLETION; c++)
        set_item (s, I_PSU + c, combo->parts[c], 1);
      plan (s);
      if (build_passes (s))
        {
          *best = *combo;
          found = TRUE;
        }
    }
  clear_completion (s);
out:
  for (int c = 0; c < N_COMPLETION; c++)
    g_array_unref (lists[c]);
  return found;
}

static gint64
limit_of (const Search *s)
{
  gint64 limit = s->best_cost;

  if (s->use_budget && s->request->budget_minor >= 0)
    limit = MIN (limit, s->request->budget_minor + 1);
  return limit;
}

static void
note_miss (Search          *s,
           const GpuConfig *config,
           const Miss      *miss)
{
  /* The sentence names the dearest configuration cheaper than the answer's: those tried after
   * a build was found cost more. */
  if (!miss->set || s->found || (s->miss.set && s->miss.cost > config->cost))
    return;
  s->miss = *miss;
  s->miss.cost = config->cost;
  if (config->gpu)
    {
      g_autofree char *name = rig_part_full_name (config->gpu->part);

      g_snprintf (s->miss.name, sizeof s->miss.name, "%u× %s", config->count, name);
    }
  else
    g_strlcpy (s->miss.name, _("no GPU"), sizeof s->miss.name);
}

/* What one configuration's search learns of the hosts it tried. */
typedef struct
{
  RigDeviceSet devices;       /* the configuration's GPUs; the host is each platform's */
  GArray      *unmet;         /* RigDevice: hosts with which the workloads do not run */
  GArray      *met;           /* RigDevice: hosts with which they do */
  Miss         miss;
} ConfigTrial;

/* Whether the workloads run on the configuration's GPUs with @p's host: planned on the device
 * set alone, and not at all when a host at least as strong was already found wanting. The
 * trial's miss keeps the fastest speed a host gave, which the sentence of a miss names: an
 * eager runtime's decode differs from host to host. */
static gboolean
host_runs (Search         *s,
           ConfigTrial    *t,
           const Platform *p)
{
  Miss miss = { 0 };

  for (guint i = 0; i < t->unmet->len; i++)
    if (host_dominates (&g_array_index (t->unmet, RigDevice, i), &p->host, s->eager))
      return FALSE;
  for (guint i = 0; i < t->met->len; i++)
    if (host_dominates (&p->host, &g_array_index (t->met, RigDevice, i), s->eager))
      return TRUE;
  t->devices.host = p->host;
  t->devices.has_host = TRUE;
  s->plans++;
  if (!devices_meet (s, &t->devices, &miss))
    {
      if (!t->miss.set || miss.what != t->miss.what || !(miss.speed <= t->miss.speed))
        {
          t->miss = miss;
          t->miss.set = TRUE;
        }
      g_array_append_val (t->unmet, p->host);
      return FALSE;
    }
  g_array_append_val (t->met, p->host);
  return TRUE;
}

/* Whether the configuration and pair @p->pair plan with no error that another memory kit could
 * not avoid: the pair's first plan decides for the others. */
static gboolean
core_plans (Search         *s,
            const Platform *p)
{
  if (s->pair_state[p->pair] == PAIR_REJECTED)
    return FALSE;
  set_platform (s, p);
  clear_completion (s);
  plan (s);
  if (!errors_that_last (&s->report, FALSE))
    return TRUE;
  if (!errors_only_memory (&s->report))
    s->pair_state[p->pair] = PAIR_REJECTED;
  return FALSE;
}

/* The device set of @config's GPUs alone: the trial holds the configuration and nothing else
 * of the core or the completion (a platform's host is put in by the caller). @named gives the
 * devices their names, for the words of a reason. */
static void
config_devices (Search          *s,
                const GpuConfig *config,
                gboolean         named,
                RigDeviceSet    *set)
{
  set_config (s, config);
  set_platform (s, NULL);
  clear_completion (s);
  assemble (s);
  if (named)
    rig_device_set_from_build (&s->trial, set);
  else
    rig_device_set_from_build_lean (&s->trial, set);
}

static void
search_config (Search          *s,
               const GpuConfig *config)
{
  ConfigTrial t = { 0 };
  gboolean improved = FALSE;

  memset (s->pair_state, PAIR_UNKNOWN, MAX (s->n_pairs, 1));
  config_devices (s, config, FALSE, &t.devices);
  t.unmet = g_array_new (FALSE, FALSE, sizeof (RigDevice));
  t.met = g_array_new (FALSE, FALSE, sizeof (RigDevice));
  /* The strongest host any platform has, made up: when even it cannot run the workloads, no
   * platform it outdoes can. */
  t.devices.host = s->strongest_host;
  t.devices.has_host = TRUE;
  s->plans++;
  if (!devices_meet (s, &t.devices, &t.miss))
    {
      t.miss.set = TRUE;
      g_array_append_val (t.unmet, s->strongest_host);
    }

  for (guint i = 0; i < s->platforms->len; i++)
    {
      const Platform *p = &g_array_index (s->platforms, Platform, i);
      Completion completion = { { NULL }, 0 };
      gint64 limit = limit_of (s);

      if (config->cost + p->cost + s->min_completion >= limit)
        break;
      if (!host_runs (s, &t, p) || !core_plans (s, p) || !workloads_met (s, NULL))
        continue;
      if (complete (s, limit - config->cost - p->cost, &completion))
        {
          improved = TRUE;
          s->best_cost = config->cost + p->cost + completion.cost;
          s->found = TRUE;
          s->best_config = config;
          s->best_platform = p;
          memcpy (s->best_completion, completion.parts, sizeof completion.parts);
          /* The plan of the build that passed is in the report no more: plan it again. */
          set_platform (s, p);
          for (int c = 0; c < N_COMPLETION; c++)
            set_item (s, I_PSU + c, completion.parts[c], 1);
          plan (s);
          s->best_decode = rig_report_first_decode (&s->report);
          s->best_wall_w = s->report.power.wall_w;
          clear_completion (s);
        }
    }
  if (!improved)
    note_miss (s, config, &t.miss);
  g_array_unref (t.unmet);
  g_array_unref (t.met);
}

static void
search_pc (Search *s)
{
  if (!s->request->families[RIG_FAMILY_PC] || s->owned_kind[RIG_PART_SYSTEM])
    return;
  memset (s->items, 0, sizeof s->items);
  for (guint i = 0; i < s->configs->len; i++)
    {
      const GpuConfig *config = &g_array_index (s->configs, GpuConfig, i);

      if (config->cost + s->min_platform + s->min_completion >= limit_of (s))
        break;
      search_config (s, config);
    }
  memset (s->items, 0, sizeof s->items);
}

static RigFamily
system_family (const RigPart *system)
{
  return g_strcmp0 (system->vendor, "Apple") == 0 ? RIG_FAMILY_MAC : RIG_FAMILY_UNIFIED;
}

/* The cheapest prebuilt of @family that passes, cheaper than the limit; the prebuilt alone
 * (with the owned parts of other kinds). */
static const Option *
search_system (Search    *s,
               RigFamily  family)
{
  GArray *systems = s->options[RIG_PART_SYSTEM];

  if (!s->request->families[family] || s->owned_kind[RIG_PART_GPU])
    return NULL;
  memset (s->items, 0, sizeof s->items);
  for (guint i = 0; i < systems->len; i++)
    {
      const Option *option = &g_array_index (systems, Option, i);

      if (system_family (option->part) != family)
        continue;
      if (option_cost (option, 1) >= limit_of (s))
        break;
      /* The system takes the processor's slot: one item, as a build file lists it. */
      set_item (s, I_CPU, option, 1);
      plan (s);
      if (build_passes (s))
        {
          s->best_cost = option_cost (option, 1);
          s->best_decode = rig_report_first_decode (&s->report);
          s->found = TRUE;
          memset (s->items, 0, sizeof s->items);
          return option;
        }
    }
  memset (s->items, 0, sizeof s->items);
  return NULL;
}

static void
reset_pass (Search *s)
{
  s->best_cost = G_MAXINT64;
  s->found = FALSE;
  s->best_config = NULL;
  s->best_platform = NULL;
  s->best_decode = NAN;
  memset (s->best_completion, 0, sizeof s->best_completion);
  memset (&s->miss, 0, sizeof s->miss);
}

static void
copy_item (RigBuild     *build,
           const Option *option,
           guint         count,
           gboolean      owned)
{
  RigBuildItem *item;

  if (option == NULL || count == 0)
    return;
  item = rig_build_add_part (build, option->part->id, count);
  item->part = rig_part_copy (option->part);
  item->condition = option->condition;
  if (owned)
    /* It costs nothing more, and the file says so. */
    rig_build_item_set_owned (item);
  else if (!g_str_equal (build->settings.currency, "USD"))
    {
      /* The rate that converted the catalog's dollars is the request's and a build file does
       * not keep it: the converted price goes with the part, so that the build adds up the same
       * wherever it is opened. */
      item->has_price = TRUE;
      item->price_minor = option->unit;
    }
}

static RigBuild *
make_build (Search       *s,
            const char   *name,
            const Option *system)
{
  const RigBuild *base = s->request->base;
  RigBuild *build = rig_build_new (name);

  build->settings = base->settings;
  build->market_usd_rate = base->market_usd_rate;
  for (guint i = 0; i < base->workloads->len; i++)
    g_ptr_array_add (build->workloads, rig_workload_copy (g_ptr_array_index (base->workloads, i)));
  if (system)
    copy_item (build, system, 1, system->owned > 0);
  else
    {
      const GpuConfig *config = s->best_config;
      const Platform *p = s->best_platform;

      if (config->gpu)
        {
          guint owned = MIN (config->gpu->owned, config->count);

          copy_item (build, config->gpu, owned, TRUE);
          copy_item (build, config->gpu, config->count - owned, FALSE);
        }
      copy_item (build, p->cpu, 1, p->cpu->owned > 0);
      copy_item (build, p->board, 1, p->board->owned > 0);
      copy_item (build, p->memory, p->kits, p->memory->owned > 0);
      for (int c = 0; c < N_COMPLETION; c++)
        if (s->best_completion[c])
          copy_item (build, s->best_completion[c], 1, s->best_completion[c]->owned > 0);
    }
  for (guint i = 0; i < s->extra_owned->len; i++)
    {
      const RigBuildItem *owned = g_ptr_array_index (s->extra_owned, i);
      RigBuildItem *item = rig_build_add_part (build, owned->part_id, owned->count);

      item->part = rig_part_copy (owned->part);
      rig_build_item_set_owned (item);
    }
  return build;
}

/* "Llama 3.1 70B Q4_K_M at 32k tokens" */
static char *
describe_workload (const RigWorkload *w)
{
  const char *model = w->model && w->model->name ? w->model->name : w->model_id;

  if (w->context >= 1024 && w->context % 1024 == 0)
    /* Translators: a model, its quantization and its context ("Llama 3.1 70B Q4_K_M at 32k") */
    return g_strdup_printf (_("%s %s at %uk"), model, w->quant_id ? w->quant_id : "",
                            w->context / 1024);
  return g_strdup_printf (_("%s %s at %u tokens"), model, w->quant_id ? w->quant_id : "",
                          w->context);
}

static char *
describe_miss (const Search *s)
{
  const Miss *m = &s->miss;

  switch (m->what)
    {
    case MISS_DECODE:
      if (isnan (m->speed))
        /* Translators: %s is a GPU configuration ("1× Intel Arc B580 Graphics") */
        return g_strdup_printf (_("%s has no decode speed to check: the catalog lacks a figure it "
                                  "needs"), m->name);
      /* Translators: “%s would decode at only 9.1 tokens/s” */
      return g_strdup_printf (_("%s would decode at only %.1f tokens/s"), m->name, m->speed);
    case MISS_PREFILL:
      if (isnan (m->speed))
        /* Translators: %s is a GPU configuration ("1× Intel Arc B580 Graphics") */
        return g_strdup_printf (_("%s has no prompt speed to check: the catalog lacks its FP16 "
                                  "throughput"), m->name);
      /* Translators: “%s would process prompts at only 380 tokens/s” */
      return g_strdup_printf (_("%s would process prompts at only %.0f tokens/s"), m->name, m->speed);
    case MISS_SERVE:
      {
        const RigWorkload *w = g_ptr_array_index (s->request->base->workloads, m->workload);

        if (isnan (m->speed))
          /* Translators: %s is a GPU configuration ("1× Intel Arc B580 Graphics") */
          return g_strdup_printf (_("%s has no speed per user to check: the catalog lacks a figure "
                                    "it needs, or the runtime is neither vLLM nor llama.cpp"), m->name);
        /* Translators: “%s would keep 20.0 tokens/s for only 6 of 16 users” */
        return g_strdup_printf (_("%s would keep %.1f tokens/s for only %.0f of %u users"), m->name,
                                w->min_user_tokens_per_s, m->speed, w->concurrency);
      }
    case MISS_FIT:
    default:
      if (m->fit == RIG_FIT_CPU)
        /* Fine-tuning, which counts only on GPUs */
        return g_strdup_printf (_("%s would leave it to the CPU alone"), m->name);
      return g_strdup_printf (_("%s cannot hold it"), m->name);
    }
}

static char *
explain (Search       *s,
         const Option *system)
{
  const RigWorkload *w = s->request->base->workloads->len > 0
                         ? g_ptr_array_index (s->request->base->workloads, 0) : NULL;
  g_autofree char *what = w ? describe_workload (w) : g_strdup (_("the workloads"));
  g_autofree char *who = NULL;

  if (system)
    return g_strdup_printf (system_family (system->part) == RIG_FAMILY_MAC
                            ? _("The cheapest Mac that runs %s with no error.")
                            : _("The cheapest unified-memory box that runs %s with no error."),
                            what);
  if (s->best_config->gpu == NULL)
    who = g_strdup (_("A build without a GPU"));
  else
    {
      g_autofree char *name = rig_part_full_name (s->best_config->gpu->part);

      who = g_strdup_printf ("%u× %s%s", s->best_config->count, name,
                             s->best_config->gpu->condition == RIG_CONDITION_USED ? _(" (used)") : "");
    }
  if (s->miss.set)
    {
      g_autofree char *miss = describe_miss (s);

      /* Translators: “2× GeForce RTX 3090 is the cheapest way to run Llama 3.1 70B Q4_K_M at
       * 32k; 1× GeForce RTX 4090 would need offload to system memory.” */
      return g_strdup_printf (_("%s is the cheapest way to run %s; %s."), who, what, miss);
    }
  return g_strdup_printf (_("%s is the cheapest way to run %s."), who, what);
}

static RigSearchAnswer *
answer_new (Search       *s,
            const Option *system,
            RigFamily     family,
            const char   *label)
{
  RigSearchAnswer *answer = g_new0 (RigSearchAnswer, 1);
  g_autofree char *name = NULL;

  if (system)
    name = rig_part_full_name (system->part);
  else if (s->best_config->gpu)
    {
      g_autofree char *gpu = rig_part_full_name (s->best_config->gpu->part);

      name = g_strdup_printf ("%u× %s", s->best_config->count, gpu);
    }
  else
    name = g_strdup (_("CPU only"));
  answer->build = make_build (s, name, system);
  answer->family = family;
  answer->price_minor = s->best_cost;
  answer->decode = s->best_decode;
  answer->label = g_strdup (label);
  answer->why = explain (s, system);
  return answer;
}

/* The cheapest build of the current pass over every allowed family; NULL when none. */
static RigSearchAnswer *
search_once (Search     *s,
             const char *label)
{
  const Option *system = NULL, *found_system;
  RigFamily family = RIG_FAMILY_PC;

  reset_pass (s);
  search_pc (s);
  /* The prebuilts are searched under the PC's price, so each must beat it. */
  for (RigFamily f = RIG_FAMILY_MAC; f < RIG_FAMILY_N; f++)
    if ((found_system = search_system (s, f)) != NULL)
      {
        system = found_system;
        family = f;
      }
  if (!s->found)
    return NULL;
  return answer_new (s, system, family, label);
}

static RigSearchAnswer *
search_family (Search     *s,
               RigFamily   family,
               const char *label)
{
  const Option *system = NULL;

  reset_pass (s);
  if (family == RIG_FAMILY_PC)
    search_pc (s);
  else
    system = search_system (s, family);
  if (!s->found)
    return NULL;
  return answer_new (s, system, family, label);
}

static gboolean
has_price (const GPtrArray *answers,
           gint64           price,
           RigFamily        family)
{
  for (guint i = 0; i < answers->len; i++)
    {
      const RigSearchAnswer *a = g_ptr_array_index (answers, i);

      if (a->price_minor == price && a->family == family)
        return TRUE;
    }
  return FALSE;
}

static char *
money (const Search *s,
       gint64        minor)
{
  return rig_money_format_minor (minor, s->request->base->settings.currency, RIG_MONEY_PLAIN);
}

/* The allowed build with the most memory for a workload, as a device set: the largest GPU
 * configuration with the strongest host, or the largest prebuilt; FALSE when none is allowed. */
static gboolean
largest_devices (Search       *s,
                 RigDeviceSet *out,
                 char         *name,
                 gsize         size)
{
  guint64 most = 0;
  gboolean found = FALSE;

  for (guint i = 0; i < s->configs->len && s->request->families[RIG_FAMILY_PC]; i++)
    {
      const GpuConfig *config = &g_array_index (s->configs, GpuConfig, i);
      RigDeviceSet set;
      guint64 sum = s->strongest_host.capacity_bytes;

      if (s->platforms->len == 0)
        break;
      config_devices (s, config, TRUE, &set);
      for (guint g = 0; g < set.n_gpus; g++)
        sum += set.gpus[g].capacity_bytes;
      if (!found || sum > most)
        {
          g_autofree char *gpu = config->gpu ? rig_part_full_name (config->gpu->part) : NULL;

          most = sum;
          found = TRUE;
          *out = set;
          out->host = s->strongest_host;
          out->has_host = TRUE;
          if (gpu)
            g_snprintf (name, size, "%u× %s", config->count, gpu);
          else
            g_strlcpy (name, _("a build without a GPU"), size);
        }
    }
  for (guint i = 0; i < s->options[RIG_PART_SYSTEM]->len; i++)
    {
      const Option *system = &g_array_index (s->options[RIG_PART_SYSTEM], Option, i);
      RigDeviceSet set;
      guint64 sum;

      if (!s->request->families[system_family (system->part)])
        continue;
      memset (s->items, 0, sizeof s->items);
      set_item (s, I_CPU, system, 1);
      assemble (s);
      rig_device_set_from_build (&s->trial, &set);
      sum = (set.n_gpus ? set.gpus[0].capacity_bytes : 0) +
            (set.has_host && !set.unified ? set.host.capacity_bytes : 0);
      if (!found || sum > most)
        {
          g_autofree char *full = rig_part_full_name (system->part);

          most = sum;
          found = TRUE;
          *out = set;
          g_strlcpy (name, full, size);
        }
    }
  memset (s->items, 0, sizeof s->items);
  return found;
}

/* Nothing holds the workloads: the engine's own account of the first that does not fit on the
 * largest build allowed, which says how much it needs and how much there is. */
static char *
explain_too_big (Search *s)
{
  const GPtrArray *workloads = s->request->base->workloads;
  RigDeviceSet set;
  char name[200] = "";

  if (largest_devices (s, &set, name, sizeof name))
    for (guint i = 0; i < workloads->len; i++)
      {
        const RigWorkload *w = g_ptr_array_index (workloads, i);
        RigWorkloadResult r;

        memset (&r, 0, sizeof r);
        rig_memory_evaluate (w, &set, &r);
        if (r.fit == RIG_FIT_NONE || (r.fit == RIG_FIT_CPU && w->mode != RIG_MODE_INFERENCE))
          {
            g_autofree char *what = describe_workload (w);

            /* Translators: “… at most 4 GPUs …. On the largest, 4× GeForce RTX 5090, Llama 3.1
             * 405B Q4_K_M at 8k does not fit: needs …” */
            return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Too big: no build the catalog can make with at most %u GPU, "
                                                 "of the families allowed and with a known price, holds every "
                                                 "workload. On the largest, %s, %s %s: %s.",
                                                 "Too big: no build the catalog can make with at most %u GPUs, "
                                                 "of the families allowed and with a known price, holds every "
                                                 "workload. On the largest, %s, %s %s: %s.",
                                                 s->request->max_gpus),
                                    s->request->max_gpus, name, what, rig_fit_describe (r.fit),
                                    r.reason);
          }
      }
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "No build the catalog can make with at most %u GPU, of the families "
                                       "allowed and with a known price, runs every workload with no error.",
                                       "No build the catalog can make with at most %u GPUs, of the families "
                                       "allowed and with a known price, runs every workload with no error.",
                                       s->request->max_gpus),
                          s->request->max_gpus);
}

/* Why nothing was found: each constraint is let go in turn, and the first that makes a build
 * possible is named, with how far it is off. */
static char *
explain_unmet (Search          *s,
               RigSearchResult *result)
{
  const RigSearchRequest *request = s->request;
  gboolean any_speed = FALSE;
  RigSearchAnswer *answer;

  if (request->budget_minor >= 0)
    {
      s->use_budget = FALSE;
      if ((answer = search_once (s, "")) != NULL)
        {
          g_autofree char *price = money (s, answer->price_minor);
          g_autofree char *budget = money (s, request->budget_minor);
          g_autofree char *over = money (s, answer->price_minor - request->budget_minor);
          char *text = g_strdup_printf (_("Over budget: the cheapest build that meets the workloads "
                                          "costs %s, %s more than the budget of %s."),
                                        price, over, budget);

          result->needed_budget_minor = answer->price_minor;

          answer_free (answer);
          return text;
        }
    }
  if (!isnan (request->max_wall_w))
    {
      s->use_watts = FALSE;
      if ((answer = search_once (s, "")) != NULL)
        {
          char *text = g_strdup_printf (_("Over the power limit: the cheapest build that meets "
                                          "the workloads draws %.0f W at the wall, %.0f W more "
                                          "than the limit of %.0f W."), s->best_wall_w,
                                        s->best_wall_w - request->max_wall_w, request->max_wall_w);

          answer_free (answer);
          return text;
        }
    }
  for (guint i = 0; i < request->min_decode->len; i++)
    any_speed |= !isnan (g_array_index (request->min_decode, double, i)) ||
                 !isnan (g_array_index (request->min_prefill, double, i)) ||
                 serving_target (g_ptr_array_index (request->base->workloads, i));
  if (any_speed)
    {
      s->use_speed = FALSE;
      if ((answer = search_once (s, "")) != NULL)
        {
          double min = g_array_index (request->min_decode, double, 0);
          char *text;

          if (!isnan (min))
            text = g_strdup_printf (_("Too slow: no build in the catalog within the other "
                                      "constraints reaches the speed asked; the cheapest that "
                                      "holds the workloads decodes at %.1f tokens/s against "
                                      "%.1f asked (%.0f %% of it)."), answer->decode, min,
                                    100.0 * answer->decode / min);
          else if (!isnan (g_array_index (request->min_prefill, double, 0)))
            text = g_strdup (_("Too slow: no build in the catalog within the other constraints "
                               "reaches the prefill speed asked."));
          else
            text = g_strdup (_("Too slow: no build in the catalog within the other constraints "
                               "gives every user the speed asked."));
          answer_free (answer);
          return text;
        }
    }
  return explain_too_big (s);
}

static double
max_known (double a,
           double b)
{
  return isnan (a) ? b : isnan (b) ? a : MAX (a, b);
}

/* Each platform's host as the plan's device set has it, and the strongest of them all. */
static void
measure_hosts (Search *s)
{
  RigDeviceSet set;
  RigDevice *most = &s->strongest_host;

  memset (s->items, 0, sizeof s->items);
  most->bandwidth_gbps = most->tflops = most->dp4a_tops = most->int8_mma_tops = most->fp32_tflops = most->int32_tops = NAN;
  most->single_thread = NAN;
  for (guint i = 0; i < s->platforms->len; i++)
    {
      Platform *p = &g_array_index (s->platforms, Platform, i);

      set_platform (s, p);
      assemble (s);
      rig_device_set_from_build_lean (&s->trial, &set);
      p->host = set.host;
      most->cls = set.host.cls;
      most->capacity_bytes = MAX (most->capacity_bytes, set.host.capacity_bytes);
      most->total_bytes = MAX (most->total_bytes, set.host.total_bytes);
      most->bandwidth_gbps = max_known (most->bandwidth_gbps, set.host.bandwidth_gbps);
      most->tflops = max_known (most->tflops, set.host.tflops);
      most->dp4a_tops = max_known (most->dp4a_tops, set.host.dp4a_tops);
      most->single_thread = max_known (most->single_thread, set.host.single_thread);
    }
  memset (s->items, 0, sizeof s->items);
}

static void
init_search (Search                 *s,
             const RigSearchRequest *request,
             GPtrArray              *parts)
{
  memset (s, 0, sizeof *s);
  s->request = request;
  s->extra_owned = g_ptr_array_new ();
  for (guint i = 0; i < request->base->workloads->len; i++)
    {
      const RigWorkload *w = g_ptr_array_index (request->base->workloads, i);

      s->eager |= rig_runtime_is_eager (rig_memory_pick_runtime (w));
    }
  collect_options (s, parts);
  collect_configs (s);
  collect_platforms (s);
  bound_completion (s);
  s->pair_state = g_malloc0 (MAX (s->n_pairs, 1));
  s->trial = *request->base;
  s->trial.items = g_ptr_array_sized_new (N_ITEMS + s->extra_owned->len);
  rig_report_init_lean (&s->report);
  s->use_budget = s->use_watts = s->use_speed = TRUE;
  measure_hosts (s);
  for (guint i = 0; i < request->base->workloads->len; i++)
    {
      const RigWorkload *w = g_ptr_array_index (request->base->workloads, i);
      double bytes = rig_memory_weights_bytes (w, NULL);

      if (!isnan (bytes))
        s->drive_bytes += bytes;
    }
  s->drive_bytes += DRIVE_ROOM_BYTES;
}

static void
clear_search (Search *s)
{
  for (int k = 0; k < RIG_PART_N_KINDS; k++)
    g_array_unref (s->options[k]);
  g_array_unref (s->configs);
  g_array_unref (s->platforms);
  g_free (s->pair_state);
  g_ptr_array_unref (s->trial.items);
  g_ptr_array_unref (s->extra_owned);
  rig_report_clear (&s->report);
}

RigSearchResult *
rig_search_run (const RigSearchRequest *request,
                GPtrArray              *parts,
                guint                   more)
{
  RigSearchResult *result = g_new0 (RigSearchResult, 1);
  RigSearchAnswer *first, *answer;
  Search s;

  result->needed_budget_minor = -1;
  g_return_val_if_fail (request != NULL && parts != NULL, result);
  g_return_val_if_fail (request->min_decode->len == request->base->workloads->len, result);

  result->answers = g_ptr_array_new_with_free_func (answer_free);
  init_search (&s, request, parts);

  if ((first = search_once (&s, _("Cheapest"))) == NULL)
    {
      result->unmet = explain_unmet (&s, result);
      result->plans = s.plans;
      clear_search (&s);
      return result;
    }
  g_ptr_array_add (result->answers, first);

  /* The cheapest of each other family, then faster builds for more money. */
  for (RigFamily f = RIG_FAMILY_PC; f < RIG_FAMILY_N && result->answers->len <= more; f++)
    {
      static const char *labels[] = { N_("Cheapest PC"), N_("Cheapest Mac"),
                                      N_("Cheapest unified-memory box") };

      if (f == first->family)
        continue;
      if ((answer = search_family (&s, f, _(labels[f]))) != NULL)
        g_ptr_array_add (result->answers, answer);
    }
  for (double floor = first->decode; result->answers->len <= more && !isnan (floor);)
    {
      s.speed_floor = floor * PARETO_STEP;
      if ((answer = search_once (&s, _("Faster"))) == NULL)
        break;
      floor = answer->decode;
      if (has_price (result->answers, answer->price_minor, answer->family))
        answer_free (answer);
      else
        g_ptr_array_add (result->answers, answer);
    }
  result->plans = s.plans;
  clear_search (&s);
  return result;
}
