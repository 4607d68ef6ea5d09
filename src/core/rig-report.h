/* rig-report.h: a plan's figures and findings, and how rules add to them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-cost.h"
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
  GPtrArray    *memos;          /* a lean report's RigWorkloadMemo of each workload, kept
                                 * between plans; NULL in a full report */
  RigBuildIndex parts;          /* the build's parts by kind, as this evaluation found them */
};

void        rig_report_init         (RigReport       *report);
/* rig_build_find () of the build being evaluated, from report->parts (rig_plan_evaluate () and
 * each area's evaluation fill it first). */
static inline const RigPart *
rig_report_find (const RigReport *report,
                 RigPartKind      kind,
                 guint           *total)
{
  if (total)
    *total = report->parts.total[kind];
  return report->parts.first[kind];
}

/* The resolved items of @kind in the build being evaluated, in build order, and how many in
 * @n (report->parts, as rig_report_find ()). */
static inline RigBuildItem * const *
rig_report_items (const RigReport *report,
                  RigPartKind      kind,
                  guint           *n)
{
  *n = report->parts.start[kind + 1] - report->parts.start[kind];
  return (RigBuildItem * const *) report->parts.items->pdata + report->parts.start[kind];
}

/* The GPUs of the build being evaluated that are cards in slots (not SXM modules), in build
 * order, and how many in @n. */
static inline RigBuildItem * const *
rig_report_gpu_cards (const RigReport *report,
                      guint           *n)
{
  *n = report->parts.n_cards;
  return (RigBuildItem * const *) report->parts.items->pdata + report->parts.start[RIG_PART_N_KINDS];
}

/* A report of figures, fits and finding codes with no text: no finding message, no not-checked
 * line, no workload reason and no suggestions, so no printf and no gettext. It is what a build
 * search, the capacity view and the picker's what-if need, in a fraction of the time; the
 * figures, fits and codes are those of a full report. Reset and reused, it keeps what each
 * workload needs before it is placed (RigWorkloadMemo), for the next plan of the same
 * workloads on other parts. */
void        rig_report_init_lean    (RigReport       *report);
/* Empties @report for another evaluation, keeping its arrays (and whether it is lean, and a
 * lean report's memos). */
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
/* A lean report's not-checked line: its area, no words. */
void        rig_report_add_not_checked_area (RigReport *report,
                                             RigArea    area);
#define rig_report_add_not_checked(report, area, ...) \
  G_STMT_START { \
    RigReport *rig_report_ = (report); \
    if (rig_report_->lean) \
      rig_report_add_not_checked_area (rig_report_, (area)); \
    else \
      (rig_report_add_not_checked) (rig_report_, (area), __VA_ARGS__); \
  } G_STMT_END

/* How many of the report's findings are errors and warnings. */
void        rig_report_count_findings (const RigReport *report,
                                       guint           *errors,
                                       guint           *warnings);
/* The first workload's decode tokens/s; NAN without a workload or a figure. */
double      rig_report_first_decode (const RigReport *report);

const char *rig_severity_to_string  (RigSeverity      severity);
const char *rig_area_to_string      (RigArea          area);


G_END_DECLS
