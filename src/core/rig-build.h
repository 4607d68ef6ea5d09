/* rig-build.h: a parts list, the workloads to run on it, and its settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-part.h"
#include "rig-workload.h"

G_BEGIN_DECLS

typedef enum
{
  RIG_CONDITION_NEW,
  RIG_CONDITION_USED,
} RigCondition;

typedef enum
{
  RIG_CIRCUIT_US_15A,
  RIG_CIRCUIT_US_20A,
  RIG_CIRCUIT_EU_16A,
  RIG_CIRCUIT_UK_13A,
  RIG_CIRCUIT_N
} RigCircuit;

typedef struct
{
  char         *part_id;
  guint         count;
  RigCondition  condition;
  gboolean      has_price;
  gint64        price_minor;    /* per unit, in the build's currency's minor units, when has_price */
  /* The newest price a price source reported, in the build's currency, when has_market; used
   * when no price was entered, before the catalog's. Not saved in build files. */
  gboolean      has_market;
  gint64        market_minor;
  char         *market_source;
  gint64        market_at;      /* Unix time */

  RigPart      *part;           /* resolved from the catalog (owned), NULL until then */
} RigBuildItem;

typedef struct
{
  char        currency[4];
  double      electricity_per_kwh;
  double      hours_per_day;
  RigCircuit  circuit;
  double      ambient_c;
  double      gpu_power_limit_pct;
  double      tco_years;          /* ownership period for TCO */
  double      resale_pct;         /* value left at the end of it, % of purchase */
  double      cloud_per_hour;     /* what renting equivalent cloud GPUs costs; NAN when not set */
} RigSettings;

typedef struct
{
  char        *name;
  GPtrArray   *items;         /* RigBuildItem */
  GPtrArray   *workloads;     /* RigWorkload */
  RigSettings  settings;
  /* The rate a price source reported for renting this build's GPUs, in the build's currency
   * an hour, used when settings.cloud_per_hour is not set; NAN without one. Not saved. */
  double       market_cloud_per_hour;
  char        *market_cloud_source;
  /* Units of the build's currency a US dollar buys, as a price source or the user last gave it
   * (1 for USD): catalog prices are US dollars and are converted with it. NAN without one.
   * Not saved. */
  double       market_usd_rate;
  char        *market_usd_rate_source;
} RigBuild;

/* Past these a part's count or unit price is a typo, not a plan, and a plan's sums stop being
 * exact. Build files, CSV imports and the window's edits keep to them alike, through
 * rig_build_check_part_limits (). */
#define RIG_BUILD_MAX_COUNT 64u
#define RIG_BUILD_MAX_PRICE 10000000.0

RigBuild     *rig_build_new        (const char  *name);
RigBuild     *rig_build_copy       (const RigBuild *build);
void          rig_build_free       (RigBuild    *build);
RigBuildItem *rig_build_add_part   (RigBuild    *build,
                                    const char  *part_id,
                                    guint        count);
void          rig_settings_init    (RigSettings *settings);

void          rig_build_item_free  (RigBuildItem *item);

/* A part the user already has: priced at nothing, as an entered price of 0, which a build file
 * keeps. The build search counts it at no cost and never buys it again. */
void          rig_build_item_set_owned (RigBuildItem       *item);
gboolean      rig_build_item_is_owned  (const RigBuildItem *item);

/* Whether a part's @count and unit @price (NAN when it has none) are within what a plan takes.
 * When not, sets @member to "count" or "price" (the build file's member name) and @reason to
 * what is wrong, such as “must be at most 64 (it is 100)”, in the user's language. */
gboolean      rig_build_check_part_limits (double       count,
                                           double       price,
                                           const char **member,
                                           char       **reason);

/* “must be at most 64 (it is 100)”, in the user's language: @value whole where it has at most 21
 * digits, else as 1e+300 rather than a few hundred digits. */
char         *rig_build_at_most_message   (guint        max,
                                           double       value);

/* The first resolved part of @kind in the build, and how many parts of that kind it has in all
 * (counting every item's count); NULL when none. */
const RigPart *rig_build_find      (const RigBuild *build,
                                    RigPartKind     kind,
                                    guint          *total);

/* rig_build_find () of every kind at once, for an evaluation that asks it many times, and the
 * build's resolved items by kind, so that a check of the GPUs reads the GPUs alone. */
typedef struct
{
  const RigPart *first[RIG_PART_N_KINDS];
  guint          total[RIG_PART_N_KINDS];
  /* RigBuildItem: the resolved items of each kind, in build order, from start[kind] to
   * start[kind + 1], then the GPUs that are cards in slots (not SXM modules), n_cards of them;
   * the caller's array, which rig_build_index () refills. */
  GPtrArray     *items;
  guint          start[RIG_PART_N_KINDS + 1];
  guint          n_cards;
} RigBuildIndex;

/* Fills @index for @build; @index->items must be an array. */
void           rig_build_index     (const RigBuild *build,
                                    RigBuildIndex  *index);

const char   *rig_condition_to_string   (RigCondition condition);
int           rig_condition_from_string (const char  *text);
const char   *rig_circuit_to_string     (RigCircuit   circuit);
/* The circuit as people name it ("US 15 A"), translated; "" for none. */
const char   *rig_circuit_label         (RigCircuit   circuit);
int           rig_circuit_from_string   (const char  *text);
const char * const *rig_circuit_values  (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigBuild, rig_build_free)

G_END_DECLS
