/* rig-plan.h: evaluate a build into a report of figures and findings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-build.h"
#include "rig-device.h"
#include "rig-memory.h"
#include "rig-pcie.h"
#include "rig-power.h"
#include "rig-thermal.h"

G_BEGIN_DECLS

typedef enum
{
  RIG_SEVERITY_ERROR,
  RIG_SEVERITY_WARNING,
  RIG_SEVERITY_INFO,
} RigSeverity;

typedef enum
{
  RIG_AREA_MEMORY,
  RIG_AREA_SPEED,
  RIG_AREA_POWER,
  RIG_AREA_PCIE,
  RIG_AREA_THERMAL,
  RIG_AREA_COMPAT,
  RIG_AREA_COST,
  RIG_AREA_UPGRADE,
  RIG_AREA_N
} RigArea;

typedef struct
{
  RigSeverity severity;
  RigArea     area;
  const char *code;       /* stable dotted name, a static string: "cost.price-missing" */
  char       *message;    /* NULL in a lean report */
} RigFinding;

typedef struct
{
  RigArea  area;
  char    *what;          /* what could not be checked, and why; NULL in a lean report */
} RigNotChecked;

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

  /* Value of the GPUs (or the prebuilt's GPU side), NAN when unknown. */
  double    per_gib_gpu_memory;
  double    per_tflops;
  double    per_gbps;
  /* Running costs, in major units of the currency. */
  double    electricity_per_year;
  double    tco;                /* purchase + electricity over tco_years - resale */
  double    breakeven_months;   /* against renting at cloud_per_hour; NAN without a rate, INFINITY never */
  double    cloud_per_hour;     /* the rate used: the settings', else a price source's; NAN none */
  char      cloud_source[64];   /* "" for the settings, else the price source */
  /* Break-even months with utilisation, electricity price and cloud rate each at 50, 100 and
   * 150 % of the settings (rows in that order). */
  double    sensitivity[3][3];
} RigCostReport;

struct _RigReport
{
  RigCostReport cost;
  RigPowerReport power;
  RigPcieReport pcie;
  RigThermalReport thermal;
  RigDeviceSet  devices;
  GArray       *workloads;      /* RigWorkloadResult, one per build workload */
  GArray       *findings;       /* RigFinding */
  GArray       *not_checked;    /* RigNotChecked */
  gboolean      lean;           /* rig_report_init_lean () */
};

void        rig_report_init         (RigReport       *report);
/* A report of figures, fits and finding codes with no text: no finding message, no not-checked
 * line, no workload reason and no suggestions, so no printf and no gettext. It is what a build
 * search, the capacity view and the picker's what-if need, in a fraction of the time; the
 * figures, fits and codes are those of a full report. */
void        rig_report_init_lean    (RigReport       *report);
/* Empties @report for another evaluation, keeping its arrays (and whether it is lean). */
void        rig_report_reset        (RigReport       *report);
void        rig_report_clear        (RigReport       *report);
/* A finding of @code, a string literal. Its message is formatted only in a full report: in a
 * lean one the macro below skips the format's arguments, which are not even evaluated. */
void        rig_report_add_finding  (RigReport       *report,
                                     RigSeverity      severity,
                                     RigArea          area,
                                     const char      *code,
                                     const char      *format,
                                     ...) G_GNUC_PRINTF (5, 6);
void        rig_report_add_code     (RigReport       *report,
                                     RigSeverity      severity,
                                     RigArea          area,
                                     const char      *code);
#define rig_report_add_finding(report, severity, area, code, ...) \
  G_STMT_START { \
    RigReport *rig_report_ = (report); \
    if (rig_report_->lean) \
      rig_report_add_code (rig_report_, (severity), (area), (code)); \
    else \
      (rig_report_add_finding) (rig_report_, (severity), (area), (code), __VA_ARGS__); \
  } G_STMT_END
/* The rule every check follows: a value the catalog lacks (RIG_IS_KNOWN false, NULL text, -1
 * flag, RIG_MONEY_UNKNOWN) is never a pass and never a failure. The check that needs it adds a
 * not-checked line naming the part and the value, and the figures it feeds stay unknown (NAN),
 * not 0. tests/test-missing-values.c blanks every column of a sound build to hold rules to it. */
void        rig_report_add_not_checked (RigReport    *report,
                                        RigArea       area,
                                        const char   *format,
                                        ...) G_GNUC_PRINTF (3, 4);
#define rig_report_add_not_checked(report, area, ...) \
  G_STMT_START { \
    RigReport *rig_report_ = (report); \
    if (rig_report_->lean) \
      g_array_append_vals (rig_report_->not_checked, &(RigNotChecked) { (area), NULL }, 1); \
    else \
      (rig_report_add_not_checked) (rig_report_, (area), __VA_ARGS__); \
  } G_STMT_END

void        rig_plan_evaluate       (const RigBuild  *build,
                                     RigReport       *report);

const char *rig_severity_to_string  (RigSeverity      severity);
const char *rig_area_to_string      (RigArea          area);

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
/* A total and what it leaves out: "4,210 USD — not including: …", or @total alone. */
char       *rig_total_with_unpriced   (const char         *total,
                                       const GArray       *unpriced);
/* Whether catalog prices reach @build's currency: it is USD, or a rate to it is known. */
gboolean    rig_build_converts_catalog (const RigBuild    *build);

G_END_DECLS
