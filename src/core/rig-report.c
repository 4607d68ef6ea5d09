/* rig-report.c: a plan's figures and findings, and how rules add to them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-printf.h"
#include "rig-report.h"

static const char * const severities[] = { "error", "warning", "info" };
static const char * const areas[] = {
  "memory", "speed", "power", "pcie", "thermal", "compat", "cost", "upgrade"
};

G_STATIC_ASSERT (G_N_ELEMENTS (areas) == RIG_AREA_N);

const char *
rig_severity_to_string (RigSeverity severity)
{
  return severities[severity];
}

const char *
rig_area_to_string (RigArea area)
{
  return areas[area];
}

static void
finding_clear (gpointer data)
{
  g_free (((RigFinding *) data)->message);
}

static void
not_checked_clear (gpointer data)
{
  g_free (((RigNotChecked *) data)->what);
}

/* Room for the findings and not-checked lines of a usual build, allocated once per report. */
#define FINDINGS_RESERVED 64
#define NOT_CHECKED_RESERVED 32

void
rig_report_init (RigReport *report)
{
  memset (report, 0, sizeof *report);
  report->findings = g_array_sized_new (FALSE, TRUE, sizeof (RigFinding), FINDINGS_RESERVED);
  g_array_set_clear_func (report->findings, finding_clear);
  report->not_checked = g_array_sized_new (FALSE, TRUE, sizeof (RigNotChecked), NOT_CHECKED_RESERVED);
  g_array_set_clear_func (report->not_checked, not_checked_clear);
  /* Not cleared: every result is set whole by rig_memory_evaluate () before it is read. */
  report->workloads = g_array_new (FALSE, FALSE, sizeof (RigWorkloadResult));
  report->cost.unpriced = rig_unpriced_new ();
  report->parts.items = g_ptr_array_new ();
}

void
rig_report_init_lean (RigReport *report)
{
  rig_report_init (report);
  report->lean = TRUE;
  report->memos = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_workload_memo_free);
  /* Its findings and not-checked lines own no text. */
  g_array_set_clear_func (report->findings, NULL);
  g_array_set_clear_func (report->not_checked, NULL);
}

void
rig_report_reset (RigReport *report)
{
  GArray *unpriced = report->cost.unpriced;

  g_array_set_size (report->findings, 0);
  g_array_set_size (report->not_checked, 0);
  g_array_set_size (report->workloads, 0);
  g_array_set_size (unpriced, 0);
  /* Every other part of the report is set whole by the evaluation that fills it (devices,
   * PCIe, power, thermals, workloads); the cost is summed into, so it starts from zero. */
  memset (&report->cost, 0, sizeof report->cost);
  report->cost.unpriced = unpriced;
}

void
rig_report_clear (RigReport *report)
{
  g_clear_pointer (&report->findings, g_array_unref);
  g_clear_pointer (&report->not_checked, g_array_unref);
  g_clear_pointer (&report->workloads, g_array_unref);
  g_clear_pointer (&report->cost.unpriced, g_array_unref);
  g_clear_pointer (&report->memos, g_ptr_array_unref);
  g_clear_pointer (&report->parts.items, g_ptr_array_unref);
}

void
(rig_report_add_finding) (RigReport  *report,
                          RigSeverity severity,
                          RigArea     area,
                          const char *code,
                          const char *format,
                          ...)
{
  RigFinding f = { severity, area, code, NULL };
  va_list args;

  va_start (args, format);
  f.message = rig_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (report->findings, f);
}

void
rig_report_add_code (RigReport  *report,
                     RigSeverity severity,
                     RigArea     area,
                     const char *code)
{
  GArray *findings = report->findings;

  /* A search adds a few dozen codes per evaluation to a report it reuses: within the room
   * reserved when the report was made (FINDINGS_RESERVED), write in place rather than through
   * g_array_append_vals (), which was a twentieth of a lean evaluation. */
  if (G_LIKELY (findings->len < FINDINGS_RESERVED))
    {
      g_array_index (findings, RigFinding, findings->len) = (RigFinding) { severity, area, code, NULL };
      findings->len++;
      return;
    }
  g_array_append_val (findings, ((RigFinding) { severity, area, code, NULL }));
}

void
rig_report_add_not_checked_area (RigReport *report,
                                 RigArea    area)
{
  GArray *lines = report->not_checked;

  /* As rig_report_add_code () does, within the room reserved (NOT_CHECKED_RESERVED). */
  if (G_LIKELY (lines->len < NOT_CHECKED_RESERVED))
    {
      g_array_index (lines, RigNotChecked, lines->len) = (RigNotChecked) { area, NULL };
      lines->len++;
      return;
    }
  g_array_append_val (lines, ((RigNotChecked) { area, NULL }));
}

void
(rig_report_add_not_checked) (RigReport  *report,
                              RigArea     area,
                              const char *format,
                              ...)
{
  RigNotChecked n = { area, NULL };
  va_list args;

  va_start (args, format);
  n.what = rig_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (report->not_checked, n);
}

void
rig_report_count_findings (const RigReport *report,
                           guint           *errors,
                           guint           *warnings)
{
  guint e = 0, w = 0;

  for (guint i = 0; i < report->findings->len; i++)
    {
      RigSeverity severity = g_array_index (report->findings, RigFinding, i).severity;

      e += severity == RIG_SEVERITY_ERROR;
      w += severity == RIG_SEVERITY_WARNING;
    }
  if (errors)
    *errors = e;
  if (warnings)
    *warnings = w;
}

double
rig_report_first_decode (const RigReport *report)
{
  if (report->workloads->len == 0)
    return NAN;
  return g_array_index (report->workloads, RigWorkloadResult, 0).decode_tokens_per_s;
}
