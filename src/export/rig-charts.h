/* rig-charts.h: the plan's charts, drawn with cairo and pango on any surface
 *
 * The window draws them in GtkDrawingAreas, the PDF report on its pages; so no GTK here.
 * Each function draws into the rectangle (0, 0, @width, @height) of @cr's user space, leaves
 * the background to the caller and restores @cr's state before it returns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <cairo.h>

#include "rig-plan.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean    dark;         /* dark style: light text on dark */
  double      scale;        /* 1.0 normally */
  const char *font_family;  /* NULL = "Sans" */
} RigChartStyle;

/* One horizontal stacked bar per device used by workload @index of @report: weights, KV cache,
 * activations, gradients, optimizer and overhead, each a share of the device's used bytes in
 * proportion to the workload's breakdown, drawn against the device's capacity (a marker at
 * capacity, a red hatch past it), with the device's name, "used / capacity GiB" and a legend.
 * Devices with neither capacity nor use are left out. */
void rig_chart_memory (cairo_t             *cr,
                       double               width,
                       double               height,
                       const RigReport     *report,
                       guint                index,
                       const RigChartStyle *style);

/* Power gauge from 0 to 1.1 × the largest of circuit, peak and PSU: the sustained DC load as a
 * bar, a lighter extension to the peak, and markers for the PSU rating, the wall draw and the
 * circuit limit. The bar turns to warning above 80 % of the PSU and to error above the PSU or
 * when the wall draw passes the circuit. */
void rig_chart_power  (cairo_t             *cr,
                       double               width,
                       double               height,
                       const RigReport     *report,
                       const RigChartStyle *style);

/* PCIe lane map: expansion-slot positions 1…7 (more when a card sits lower) with each card a
 * block over the positions it covers, coloured by where its lanes come from (CPU or chipset),
 * its slot, part and link beside it; M.2 devices, and cards that found no slot, listed below.
 * Without a checked motherboard, a centred "No motherboard" message. */
void rig_chart_pcie   (cairo_t             *cr,
                       double               width,
                       double               height,
                       const RigReport     *report,
                       const RigChartStyle *style);

/* Money over @months: owning (purchase, then electricity each month) against renting at
 * @cloud_per_hour for @hours_per_day, with the report's break-even month marked when finite.
 * With @cloud_per_hour NAN only the owning line, and a note to set a cloud rate.
 * The mark is the plan's figure, worked out at the build's own cloud rate and counting resale
 * (so it comes before the lines cross): pass the rate the report was planned with. */
void rig_chart_cost   (cairo_t             *cr,
                       double               width,
                       double               height,
                       const RigReport     *report,
                       double               cloud_per_hour,
                       double               hours_per_day,
                       guint                months,
                       const RigChartStyle *style);

typedef enum
{
  RIG_CHART_MEMORY,
  RIG_CHART_POWER,
  RIG_CHART_PCIE,
  RIG_CHART_COST,
} RigChartKind;

/* "memory", "power", "pcie", "cost"; -1 for anything else. */
int  rig_chart_kind_from_string (const char *text);
/* Chart @kind of @report, as the functions above draw it; @index: the workload, for
 * RIG_CHART_MEMORY. The cost chart covers the build's ownership period, at least a year. */
void rig_chart_draw             (cairo_t             *cr,
                                 RigChartKind         kind,
                                 const RigBuild      *build,
                                 const RigReport     *report,
                                 guint                index,
                                 double               width,
                                 double               height,
                                 const RigChartStyle *style);

G_END_DECLS
