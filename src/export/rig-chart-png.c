/* rig-chart-png.c: one chart as a PNG image
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rig-chart-png.h"
#include "rig-report-pdf.h"
#include "rig-safe-write.h"

typedef struct
{
  RigChartKind     kind;
  const RigBuild  *build;
  const RigReport *report;
  guint            index;
  int              width, height;
  gboolean         dark;
} PngRender;

static gboolean
render_png (cairo_write_func_t   write,
            void                *closure,
            gpointer             user_data,
            GError             **error)
{
  const PngRender *png = user_data;
  const RigChartStyle style = { png->dark, 1.0, NULL };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, png->width, png->height);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  /* The window backgrounds of libadwaita's light and dark styles. */
  if (png->dark)
    cairo_set_source_rgb (cr, 0x24 / 255.0, 0x24 / 255.0, 0x24 / 255.0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  rig_chart_draw (cr, png->kind, png->build, png->report, png->index, png->width, png->height, &style);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, write, closure);
  cairo_surface_destroy (surface);
  return rig_report_pdf_check_cairo (status, error);
}

gboolean
rig_chart_png_write (RigChartKind      kind,
                     const RigBuild   *build,
                     const RigReport  *report,
                     guint             index,
                     int               width,
                     int               height,
                     gboolean          dark,
                     const char       *path,
                     GError          **error)
{
  /* Cairo's image surfaces stop at 32767 pixels a side; a chart has no use for more than this. */
  const int max_side = 8192;
  PngRender png = { kind, build, report, index, width, height, dark };

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((guint) kind > RIG_CHART_COST)
    {
      g_set_error (error, RIG_REPORT_PDF_ERROR, RIG_REPORT_PDF_ERROR_INVALID,
                   _("Could not write “%s”: unknown chart %d"), path, (int) kind);
      return FALSE;
    }
  if (width < 1 || height < 1 || width > max_side || height > max_side)
    {
      g_set_error (error, RIG_REPORT_PDF_ERROR, RIG_REPORT_PDF_ERROR_INVALID,
                   _("Could not write “%s”: a chart of %d × %d pixels; each side must be 1 to %d"),
                   path, width, height, max_side);
      return FALSE;
    }
  if (kind == RIG_CHART_MEMORY && (report->workloads == NULL || index >= report->workloads->len))
    {
      g_set_error (error, RIG_REPORT_PDF_ERROR, RIG_REPORT_PDF_ERROR_INVALID,
                   _("Could not write “%s”: no workload at index %u; the build has %u"), path, index,
                   report->workloads ? report->workloads->len : 0);
      return FALSE;
    }
  return rig_write_safely (path, render_png, &png, error);
}
