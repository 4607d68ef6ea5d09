/* rig-report-pdf.h: a planned build as a printable PDF report, and a comparison as a PDF table
 *
 * Everything is drawn with cairo and pango (so the PDF has a real text layer) and written safely:
 * to a new, uniquely named file beside PATH first, then renamed over PATH, so a failure leaves an
 * older file as it was and a file or symlink already at some fixed name is never written through.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "rig-build.h"
#include "rig-compare.h"
#include "rig-plan.h"

G_BEGIN_DECLS

#define RIG_REPORT_PDF_ERROR (rig_report_pdf_error_quark ())

/* I/O failures are reported in G_FILE_ERROR; these are the rest. */
typedef enum
{
  RIG_REPORT_PDF_ERROR_INVALID,   /* an argument out of range: a workload index, an image size */
  RIG_REPORT_PDF_ERROR_DRAW,      /* cairo failed to draw or encode */
} RigReportPdfError;

GQuark   rig_report_pdf_error_quark (void);

/* FALSE with @error (RIG_REPORT_PDF_ERROR_DRAW) when cairo failed to draw or encode. */
gboolean rig_report_pdf_check_cairo (cairo_status_t   status,
                                     GError         **error);

typedef enum
{
  RIG_PAPER_A4,
  RIG_PAPER_LETTER,
} RigPaper;

/* "a4", "letter"; -1 for anything else. */
int      rig_paper_from_string      (const char *text);

/* A multi-page report of @build as planned in @report: title (build name, date), parts table
 * with a grand total, per-workload fit with memory bars, speeds and load time, the power gauge
 * with its figures, the PCIe lane map, thermals, cost with the cost chart, findings (errors
 * first) and what was not checked. Margins are 18 mm; the footer says "Page N of M".
 * @now: the date printed on the report, NULL for now. */
gboolean rig_report_pdf_write       (const RigBuild      *build,
                                     const RigReport     *report,
                                     RigPaper             paper,
                                     GDateTime           *now,
                                     const char          *path,
                                     GError             **error);

/* The comparison table (one column per build, best values bold) on as many pages as it needs. */
gboolean rig_comparison_pdf_write   (const RigComparison *comparison,
                                     RigPaper             paper,
                                     GDateTime           *now,
                                     const char          *path,
                                     GError             **error);

G_END_DECLS
