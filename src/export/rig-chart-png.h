/* rig-chart-png.h: one chart as a PNG image
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rig-charts.h"

G_BEGIN_DECLS

/* One chart as a @width × @height PNG on an opaque background, light or @dark, written safely
 * (rig-safe-write.h). @index: the workload, for RIG_CHART_MEMORY; ignored otherwise. Errors in
 * RIG_REPORT_PDF_ERROR and G_FILE_ERROR. */
gboolean rig_chart_png_write (RigChartKind     kind,
                              const RigBuild  *build,
                              const RigReport *report,
                              guint            index,
                              int              width,
                              int              height,
                              gboolean         dark,
                              const char      *path,
                              GError         **error);

G_END_DECLS
