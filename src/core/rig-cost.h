/* rig-cost.h: what a build costs: unit prices, the total and what it leaves out, running
 * costs, ownership and the cloud break-even
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-build.h"

G_BEGIN_DECLS

typedef struct _RigReport RigReport;

/* Why a build item has no price in the total. */
typedef enum
{
  RIG_PRICE_KNOWN,
  RIG_PRICE_MISSING,          /* no entered, market or catalog price */
  RIG_PRICE_USED_UNKNOWN,     /* a used part without a dated used price: never the new price */
  RIG_PRICE_TOO_LARGE,        /* beyond RIG_MONEY_MAX_MINOR: a typo, or a broken feed or rate */
} RigPriceState;

/* A part the total leaves out, and why. */
typedef struct
{
  char          *part_id;
  char          *name;        /* the vendor and name ("Corsair RM1000x"), else the part's id */
  RigPriceState  state;
} RigUnpriced;

typedef struct
{
  gint64    total_minor;        /* in settings.currency */
  char      currency[4];
  guint     parts_priced;
  guint     parts_unpriced;
  GArray   *unpriced;           /* RigUnpriced, in build order; parts_unpriced long */

  /* Value of the GPUs (or the prebuilt's GPU side), NAN when unknown: rates in major units per
   * GiB, TFLOPS or GB/s, not amounts, so doubles. */
  double    per_gib_gpu_memory;
  double    per_tflops;
  double    per_gbps;
  /* Running costs, in minor units of the currency; RIG_MONEY_UNKNOWN when the power is. */
  gint64    electricity_per_year_minor;
  gint64    tco_minor;          /* purchase + electricity over tco_years - resale */
  double    breakeven_months;   /* against renting at cloud_per_hour; NAN without a rate, INFINITY never */
  double    cloud_per_hour;     /* the rate used: the settings', else a price source's; NAN none */
  char      cloud_source[64];   /* "" for the settings, else the price source */
  /* Break-even months with utilisation, electricity price and cloud rate each at 50, 100 and
   * 150 % of the settings (rows in that order). */
  double    sensitivity[3][3];
} RigCostReport;

/* The unit price the plan uses for an item of @build, in its currency: the override, else the
 * newest price a source reported, else the catalog's dated used price for a used part or its new
 * price for a new one, converted from US dollars when the build has a rate
 * (rig_build_converts_catalog ()). FALSE when none is known: a used part is never priced new. */
gboolean    rig_build_item_unit_price (const RigBuild     *build,
                                       const RigBuildItem *item,
                                       gint64             *minor);
/* As rig_build_item_unit_price (), but says why there is no price. */
RigPriceState rig_build_item_price (const RigBuild     *build,
                                    const RigBuildItem *item,
                                    gint64             *minor);
/* "no-price", "used-price-unknown", "too-large"; NULL for RIG_PRICE_KNOWN. */
const char *rig_price_state_to_string (RigPriceState state);
/* What a parts list shows instead of a price: "used price unknown"; translated. */
const char *rig_price_state_label     (RigPriceState state);
/* An empty array of RigUnpriced, and one more part for it. */
GArray     *rig_unpriced_new          (void);
void        rig_unpriced_add          (GArray             *unpriced,
                                       const RigBuildItem *item,
                                       RigPriceState       state);
/* "not including: Corsair RM1000x (no price), NVIDIA GeForce RTX 3090 (used price unknown)",
 * translated; NULL when @unpriced is empty. */
char       *rig_unpriced_format       (const GArray       *unpriced);
/* The GPUs' price per TFLOPS and per GB/s, each only where known: "12.3 USD per TFLOPS · 1.45 USD
 * per GB/s of bandwidth", translated; NULL when neither is known. */
char       *rig_cost_value_format     (const RigCostReport *cost);
/* The date of the catalog price the plan takes for @item ("2020-11" or "2025-07-23"): a used
 * GPU's used price's, else the new price's; NULL where the price is typed in, comes from a price
 * source, or the catalog has none or no date for it. */
const char *rig_build_item_catalog_price_date (const RigBuildItem *item);
/* A catalog price date as a month and year ("November 2020"), translated; NULL when @date is
 * not a date. */
char       *rig_price_date_format     (const char         *date);
/* How old the catalog prices in @build's total are: "catalog prices from November 2020 to July
 * 2025" ("a catalog price of June 2023" for one part), translated; NULL when no part is priced
 * from a dated catalog price. */
char       *rig_catalog_prices_format (const RigBuild     *build);
/* What a total rests on, for the line under it: rig_unpriced_format () and
 * rig_catalog_prices_format () joined; NULL when both are. */
char       *rig_total_note            (const RigBuild     *build,
                                       const GArray       *unpriced);
/* A total and what it leaves out: "4,210 USD — not including: …", or @total alone; with @build,
 * how old its catalog prices are too (rig_total_note ()). */
char       *rig_total_with_unpriced   (const RigBuild     *build,
                                       const char         *total,
                                       const GArray       *unpriced);
/* Whether catalog prices reach @build's currency: it is USD, or a rate to it is known. */
gboolean    rig_build_converts_catalog (const RigBuild    *build);

/* Sums the parts into @report's cost (before the plan's power is known). */
void        rig_cost_evaluate          (const RigBuild     *build,
                                        RigReport          *report);
/* Electricity, ownership and the cloud break-even, from the plan's wall draw. */
void        rig_cost_evaluate_running  (const RigBuild     *build,
                                        RigReport          *report);

G_END_DECLS
