/* test-report-pdf.c: the PDF report, the comparison PDF and the PNG charts, read back with the
 * tools people open them with
 *
 * Plans tests/fixtures/dual-3090.json against the fixture catalog, writes the report on A4 and
 * Letter, and reads it back with poppler's pdfinfo (pages, page size) and pdftotext (the text
 * layer). The files stay in a temporary folder, printed with the test messages, to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "rig-build-file.h"
#include "rig-catalog.h"
#include "rig-plan.h"
#include "rig-chart-png.h"
#include "rig-report-pdf.h"
#include "rig-test-util.h"

static RigCatalog *catalog;
static char *out_dir;

/* The fixture, resolved and planned. */
static RigBuild *
plan_named_fixture (const char *name,
                    RigReport  *report)
{
  g_autofree char *path = rig_test_fixture (name);
  g_autoptr(GError) error = NULL;
  RigBuild *build = rig_build_file_load (path, &error);

  g_assert_no_error (error);
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);
  rig_report_init (report);
  rig_plan_evaluate (build, report);
  return build;
}

static RigBuild *
plan_fixture (RigReport *report)
{
  return plan_named_fixture ("dual-3090.json", report);
}

/* The poppler tool @name, or a failed test that says how to get it. */
static char *
find_tool (const char *name)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    g_test_fail_printf ("%s is not installed: install poppler-utils (apt-get install poppler-utils)", name);
  return path;
}

/* Runs a poppler tool on @file and returns what it printed; NULL (and a failed test) when the
 * tool is missing. */
static char *
run_tool (const char *name,
          const char *file)
{
  g_autofree char *tool = find_tool (name);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  if (tool == NULL)
    return NULL;
  {
    /* pdftotext writes to "-", standard output; pdfinfo always does. */
    const char *argv_text[] = { tool, "-enc", "UTF-8", file, "-", NULL };
    const char *argv_info[] = { tool, file, NULL };
    const char * const *argv = g_str_equal (name, "pdftotext") ? argv_text : argv_info;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  }
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  if (error)
    g_test_message ("%s said: %s", name, err);
  g_assert_no_error (error);
  return out;
}

/* pdftotext breaks lines where the layout wrapped them: compare with runs of white space as one
 * space. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Writes @report as an A4 report at @path and returns its text, runs of white space squeezed;
 * NULL where pdftotext is not installed. */
static char *
pdf_text (const RigBuild  *build,
          const RigReport *report,
          const char      *path)
{
  g_autofree char *raw = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rig_report_pdf_write (build, report, RIG_PAPER_A4, NULL, path, &error));
  g_assert_no_error (error);
  raw = run_tool ("pdftotext", path);
  return raw != NULL ? squeeze (raw) : NULL;
}

static void
assert_has_text (const char *text,
                 const char *needle)
{
  g_autofree char *want = squeeze (needle);

  if (strstr (text, want) == NULL)
    {
      g_test_message ("text layer: %s", text);
      g_test_fail_printf ("“%s” is not in the PDF's text layer", want);
    }
}

static int
info_pages (const char *info)
{
  const char *line = strstr (info, "Pages:");

  g_assert_nonnull (line);
  return atoi (line + strlen ("Pages:"));
}

static void
info_page_size (const char *info,
                double     *width,
                double     *height)
{
  const char *line = strstr (info, "Page size:");

  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line, "Page size: %lf x %lf", width, height), ==, 2);
}

static char *
out_path (const char *name)
{
  return g_build_filename (out_dir, name, NULL);
}

static void
check_report (RigPaper    paper,
              const char *name,
              int         width,
              int         height)
{
  RigReport report;
  g_autoptr(RigBuild) build = plan_fixture (&report);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2025, 3, 14, 12, 0, 0);
  g_autofree char *path = out_path (name);
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  g_autofree char *info = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  g_autofree char *total = NULL;
  g_autofree char *page_one = NULL;
  g_autoptr(GError) error = NULL;
  double w = 0, h = 0;
  int pages;

  g_assert_cmpuint (report.findings->len, >, 0);
  g_assert_true (rig_report_pdf_write (build, &report, paper, now, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  g_test_message ("report: %s", path);

  info = run_tool ("pdfinfo", path);
  if (info == NULL)
    goto out;
  pages = info_pages (info);
  g_assert_cmpint (pages, >=, 2);
  info_page_size (info, &w, &h);
  g_assert_cmpint ((int) round (w), ==, width);
  g_assert_cmpint ((int) round (h), ==, height);

  raw = run_tool ("pdftotext", path);
  if (raw == NULL)
    goto out;
  text = squeeze (raw);

  assert_has_text (text, build->name);
  assert_has_text (text, "2025-03-14");
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);

      assert_has_text (text, item->part->name);
    }
  /* The grand total, as the report prints money (the test runs in the C locale). */
  total = g_strdup_printf ("%'.2f %s", report.cost.total_minor / 100.0, report.cost.currency);
  assert_has_text (text, total);
  assert_has_text (text, "Total");
  page_one = g_strdup_printf ("Page 1 of %d", pages);
  assert_has_text (text, page_one);
  {
    g_autofree char *last = g_strdup_printf ("Page %d of %d", pages, pages);

    assert_has_text (text, last);
  }
  /* Every finding, with its code; every unchecked rule. */
  for (guint i = 0; i < report.findings->len; i++)
    {
      const RigFinding *f = &g_array_index (report.findings, RigFinding, i);

      assert_has_text (text, f->code);
      assert_has_text (text, f->message);
    }
  for (guint i = 0; i < report.not_checked->len; i++)
    assert_has_text (text, g_array_index (report.not_checked, RigNotChecked, i).what);
  /* The workload, its speed and the section headings. */
  assert_has_text (text, "Llama 3.1 70B");
  {
    const RigWorkloadResult *r = &g_array_index (report.workloads, RigWorkloadResult, 0);
    g_autofree char *decode = g_strdup_printf ("%.1f tokens/s", r->decode_tokens_per_s);

    g_assert_true (isfinite (r->decode_tokens_per_s));
    assert_has_text (text, decode);
  }
  {
    const char *sections[] = { "Parts", "Workloads", "Power", "PCIe slots", "Thermals", "Cost",
                               "Findings", "Not checked" };

    for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
      assert_has_text (text, sections[i]);
  }

out:
  rig_report_clear (&report);
}

static void
test_report_a4 (void)
{
  check_report (RIG_PAPER_A4, "report-a4.pdf", 595, 842);
}

static void
test_report_letter (void)
{
  check_report (RIG_PAPER_LETTER, "report-letter.pdf", 612, 792);
}

/* A workload with a draft model: its memory is a term of the breakdown, and a row gives the
 * speed-up and how it comes about. */
static void
test_report_speculative (void)
{
  RigReport report;
  g_autoptr(RigBuild) build = plan_named_fixture ("three-3090-draft.json", &report);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2025, 3, 14, 12, 0, 0);
  g_autofree char *path = out_path ("report-draft.pdf");
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  g_autofree char *speedup = NULL;
  g_autoptr(GError) error = NULL;
  const RigWorkloadResult *r = &g_array_index (report.workloads, RigWorkloadResult, 0);

  g_assert_cmpfloat (r->speculative_speedup, >, 1);
  g_assert_true (rig_report_pdf_write (build, &report, RIG_PAPER_A4, now, path, &error));
  g_assert_no_error (error);
  raw = run_tool ("pdftotext", path);
  if (raw == NULL)
    goto out;
  text = squeeze (raw);
  speedup = g_strdup_printf ("%.2f× faster", r->speculative_speedup);
  assert_has_text (text, "Speculative");
  assert_has_text (text, speedup);
  assert_has_text (text, "Llama 3.1 8B drafts 3 tokens a step, 80 % kept each");
  assert_has_text (text, "draft model");

out:
  rig_report_clear (&report);
}

/* The parts table and the cost section name the parts the total leaves out. */
static void
test_report_unpriced (void)
{
  RigReport report;
  g_autoptr(RigBuild) build = plan_named_fixture ("unpriced.json", &report);
  g_autofree char *path = out_path ("unpriced.pdf");
  g_autofree char *text = pdf_text (build, &report, path);

  if (text != NULL)
    {
      const char *first = strstr (text, "not including: NVIDIA GeForce RTX 3090 (used price unknown), "
                                  "Corsair RM1000x (no price)");

      g_assert_nonnull (first);
      g_assert_nonnull (strstr (first + 1, "not including: NVIDIA GeForce RTX 3090 (used price "
                                "unknown), Corsair RM1000x (no price)"));
      assert_has_text (text, "used price unknown");
    }
  rig_report_clear (&report);
}

/* A serving workload's users and speeds, and the users that keep the per-user speed. */
static void
test_report_serving (void)
{
  RigReport report;
  g_autoptr(RigBuild) build = plan_fixture (&report);
  g_autofree char *path = out_path ("serving.pdf");
  g_autofree char *text = NULL;
  RigWorkload *w = g_ptr_array_index (build->workloads, 0);

  rig_report_clear (&report);
  w->runtime = RIG_RUNTIME_LLAMA_CPP;
  w->concurrency = 2;
  w->min_user_tokens_per_s = 1;
  rig_report_init (&report);
  rig_plan_evaluate (build, &report);
  g_assert_true (isfinite (g_array_index (report.workloads, RigWorkloadResult, 0).serve_user_tokens_per_s));
  text = pdf_text (build, &report, path);
  if (text != NULL)
    {
      assert_has_text (text, "Serving");
      assert_has_text (text, "2 users at once");
      assert_has_text (text, "2 users: ");
      assert_has_text (text, "tokens/s total, first token in");
      assert_has_text (text, "users at 1.0 tokens/s each");
    }
  rig_report_clear (&report);
}

/* A prebuilt's power is its maker's figure, its supply, slots and enclosure its own: no "none in
 * the build", no slot map asked for, no case airflow; the circuit by the name people use. */
static void
test_report_prebuilt (void)
{
  RigReport report;
  g_autofree char *file = out_path ("prebuilt.json");
  g_autofree char *path = out_path ("prebuilt.pdf");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = NULL;

  g_assert_true (g_file_set_contents (file, "{\"format\": \"rigplan-build\", \"version\": 1, "
                                      "\"parts\": [{\"id\": \"apple-mac-studio-m1-max-32c-32gb\"}], "
                                      "\"settings\": {\"circuit\": \"us-15a\"}}", -1, NULL));
  build = rig_build_file_load (file, &error);
  g_assert_no_error (error);
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);
  rig_report_init (&report);
  rig_plan_evaluate (build, &report);
  g_assert_true (report.power.prebuilt);
  text = pdf_text (build, &report, path);
  if (text != NULL)
    {
      assert_has_text (text, "the maker's published maximum for the whole system");
      assert_has_text (text, "continuous limit of the US 15 A circuit");
      g_assert_null (strstr (text, "none in the build"));
      g_assert_null (strstr (text, "PCIe slots"));
      g_assert_null (strstr (text, "Case air"));
      g_assert_null (strstr (text, "us-15a"));
    }
  rig_report_clear (&report);
}

/* Errors come first in the findings, whatever order the plan raised them in. */
static void
test_report_errors_first (void)
{
  RigReport report;
  g_autoptr(RigBuild) build = plan_fixture (&report);
  g_autofree char *path = out_path ("errors-first.pdf");
  g_autofree char *text = NULL;
  const char *warning, *raised;

  rig_report_add_finding (&report, RIG_SEVERITY_ERROR, RIG_AREA_POWER, "test.raised-last",
                          "An error raised after every other finding");
  text = pdf_text (build, &report, path);
  if (text != NULL)
    {
      raised = strstr (text, "An error raised after every other finding");
      g_assert_cmpint (g_array_index (report.findings, RigFinding, 0).severity, !=, RIG_SEVERITY_ERROR);
      warning = strstr (text, g_array_index (report.findings, RigFinding, 0).message);
      g_assert_nonnull (raised);
      g_assert_nonnull (warning);
      g_assert_true (raised < warning);
    }
  rig_report_clear (&report);
}

/* Many workloads and findings: tables run over pages, each finding still printed once. */
static void
test_report_long (void)
{
  RigReport report;
  g_autoptr(RigBuild) build = plan_fixture (&report);
  g_autofree char *path = out_path ("long.pdf");
  g_autofree char *info = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const RigWorkload *first = g_ptr_array_index (build->workloads, 0);

  for (guint i = 1; i < 6; i++)
    {
      RigWorkload *w = rig_workload_copy (first);

      w->context = 8192 << i;
      g_ptr_array_add (build->workloads, w);
    }
  rig_report_clear (&report);
  rig_report_init (&report);
  rig_plan_evaluate (build, &report);
  for (guint i = 0; i < 40; i++)
    rig_report_add_finding (&report, i % 3 == 0 ? RIG_SEVERITY_ERROR : RIG_SEVERITY_INFO, RIG_AREA_COMPAT,
                            i % 3 == 0 ? "test.long-error" : "test.long-note",
                            "Finding %u: a long message that wraps over more than one line of the table, "
                            "so that the rows have different heights and the page breaks between them.", i);

  g_assert_true (rig_report_pdf_write (build, &report, RIG_PAPER_A4, NULL, path, &error));
  g_assert_no_error (error);
  g_test_message ("long report: %s", path);
  info = run_tool ("pdfinfo", path);
  raw = run_tool ("pdftotext", path);
  if (info != NULL && raw != NULL)
    {
      g_autofree char *last = NULL;
      int pages = info_pages (info);

      g_assert_cmpint (pages, >=, 5);
      text = squeeze (raw);
      last = g_strdup_printf ("Page %d of %d", pages, pages);
      assert_has_text (text, last);
      for (guint i = 0; i < 40; i++)
        {
          g_autofree char *needle = g_strdup_printf ("Finding %u: a long message", i);
          const char *at = strstr (text, needle);

          g_assert_nonnull (at);
          g_assert_null (strstr (at + 1, needle));
        }
      /* The findings table's header again on each page it runs onto. */
      g_assert_nonnull (strstr (strstr (text, "Severity Finding") + 1, "Severity Finding"));
    }
  rig_report_clear (&report);
}

/* A name with the characters of markup, shell and CSV: printed as it is. */
static void
test_report_hostile_name (void)
{
  const char *name = "A|B \"C\" <D>";
  RigReport report;
  g_autoptr(RigBuild) build = plan_fixture (&report);
  g_autofree char *path = out_path ("hostile.pdf");
  g_autofree char *raw = NULL;
  g_autoptr(GError) error = NULL;

  g_free (build->name);
  build->name = g_strdup (name);
  g_assert_true (rig_report_pdf_write (build, &report, RIG_PAPER_A4, NULL, path, &error));
  g_assert_no_error (error);
  raw = run_tool ("pdftotext", path);
  if (raw != NULL)
    g_assert_nonnull (strstr (raw, name));
  rig_report_clear (&report);
}

static RigCompareRow *
compare_row (const char *section,
             const char *label,
             const char *unit,
             RigBetter   better,
             double      a,
             double      b,
             const char *text_a,
             const char *text_b)
{
  RigCompareRow *row = g_new0 (RigCompareRow, 1);

  row->section = g_strdup (section);
  row->label = g_strdup (label);
  row->unit = g_strdup (unit);
  row->better = better;
  row->values[0] = a;
  row->values[1] = b;
  row->values[2] = row->values[3] = NAN;
  row->texts[0] = g_strdup (text_a);
  row->texts[1] = g_strdup (text_b);
  row->best = better == RIG_BETTER_NONE ? -1 : better == RIG_BETTER_LOWER ? (a <= b ? 0 : 1) : (a >= b ? 0 : 1);
  row->differs = a != b;
  return row;
}

static void
compare_row_free (gpointer data)
{
  RigCompareRow *row = data;

  g_free (row->section);
  g_free (row->label);
  g_free (row->unit);
  for (guint i = 0; i < RIG_COMPARE_MAX; i++)
    g_free (row->texts[i]);
  g_free (row);
}

/* A comparison made by hand, so this test does not hang on rig_compare (). */
static void
test_comparison (void)
{
  RigComparison cmp = { 0 };
  g_autofree char *path = out_path ("comparison.pdf");
  g_autofree char *raw = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  cmp.n = 2;
  cmp.names[0] = g_strdup ("Dual 3090 LLM box");
  cmp.names[1] = g_strdup ("Single 4090 <quiet>");
  cmp.rows = g_ptr_array_new_with_free_func (compare_row_free);
  g_ptr_array_add (cmp.rows, compare_row ("Parts", "Total", "USD", RIG_BETTER_LOWER, 2698.99, 2199.0,
                                          "2,698.99 USD", "2,199.00 USD"));
  g_ptr_array_add (cmp.rows, compare_row ("Workloads", "Llama 3.1 70B Q4_K_M decode", "tokens/s",
                                          RIG_BETTER_HIGHER, 16.5, NAN, "16.5 tokens/s", "does not fit"));
  g_ptr_array_add (cmp.rows, compare_row ("Power", "Wall draw", "W", RIG_BETTER_LOWER, 1089, 640,
                                          NULL, NULL));

  g_assert_true (rig_comparison_pdf_write (&cmp, RIG_PAPER_LETTER, NULL, path, &error));
  g_assert_no_error (error);
  g_test_message ("comparison: %s", path);

  info = run_tool ("pdfinfo", path);
  raw = run_tool ("pdftotext", path);
  if (info != NULL && raw != NULL)
    {
      double w = 0, h = 0;

      g_assert_cmpint (info_pages (info), >=, 1);
      info_page_size (info, &w, &h);
      g_assert_cmpint ((int) round (w), ==, 612);
      text = squeeze (raw);
      assert_has_text (text, cmp.names[0]);
      assert_has_text (text, cmp.names[1]);
      assert_has_text (text, "Llama 3.1 70B Q4_K_M decode");
      assert_has_text (text, "does not fit");
      /* Values without a text are shown with their unit. */
      assert_has_text (text, "1089 W");
      assert_has_text (text, "Page 1 of");
    }

  g_ptr_array_unref (cmp.rows);
  g_free (cmp.names[0]);
  g_free (cmp.names[1]);
}

/* Pixels unlike the background (the top-left corner): something was drawn. */
static guint
count_drawn (cairo_surface_t *surface)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  guint32 background, pixel;
  guint n = 0;

  memcpy (&background, data, sizeof background);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        memcpy (&pixel, data + y * stride + x * 4, sizeof pixel);
        n += (pixel & 0xffffff) != (background & 0xffffff);
      }
  return n;
}

static void
test_chart_png (void)
{
  static const char * const kinds[] = { "memory", "power", "pcie", "cost" };
  RigReport report;
  g_autoptr(RigBuild) build = plan_fixture (&report);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    for (int dark = 0; dark <= 1; dark++)
      {
        int kind = rig_chart_kind_from_string (kinds[i]);
        g_autofree char *name = g_strdup_printf ("chart-%s-%s.png", kinds[i], dark ? "dark" : "light");
        g_autofree char *path = out_path (name);
        g_autoptr(GError) error = NULL;
        cairo_surface_t *surface;

        g_assert_cmpint (kind, ==, (int) i);
        g_assert_true (rig_chart_png_write (kind, build, &report, 0, 640, 260, dark, path, &error));
        g_assert_no_error (error);
        g_test_message ("chart: %s", path);

        surface = cairo_image_surface_create_from_png (path);
        g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
        g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 640);
        g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 260);
        /* At least 1 % of the image is chart, not background. */
        g_assert_cmpuint (count_drawn (surface), >, 640 * 260 / 100);
        cairo_surface_destroy (surface);
      }
  rig_report_clear (&report);
}

static void
test_chart_png_invalid (void)
{
  RigReport report;
  g_autoptr(RigBuild) build = plan_fixture (&report);
  g_autofree char *path = out_path ("kept.png");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  /* A failed write leaves the old file as it was. */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_false (rig_chart_png_write (RIG_CHART_MEMORY, build, &report, 5, 640, 260, FALSE, path, &error));
  g_assert_error (error, RIG_REPORT_PDF_ERROR, RIG_REPORT_PDF_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  g_assert_false (rig_chart_png_write (RIG_CHART_POWER, build, &report, 0, 0, 260, FALSE, path, &error));
  g_assert_error (error, RIG_REPORT_PDF_ERROR, RIG_REPORT_PDF_ERROR_INVALID);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  rig_report_clear (&report);
}

static void
test_write_missing_folder (void)
{
  RigReport report;
  g_autoptr(RigBuild) build = plan_fixture (&report);
  g_autofree char *dir = out_path ("no-such-folder");
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (rig_report_pdf_write (build, &report, RIG_PAPER_A4, NULL, path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_false (rig_chart_png_write (RIG_CHART_POWER, build, &report, 0, 300, 100, FALSE, path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  rig_report_clear (&report);
}

/* The rename fails after the whole PDF was written (the path is a folder): no PATH.tmp is left. */
static void
test_write_over_folder (void)
{
  RigReport report;
  g_autoptr(RigBuild) build = plan_fixture (&report);
  g_autofree char *path = out_path ("a-folder.pdf");
  g_autofree char *inside = g_build_filename (path, "kept", NULL);
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_true (g_file_set_contents (inside, "kept", -1, NULL));
  g_assert_false (rig_report_pdf_write (build, &report, RIG_PAPER_A4, NULL, path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (inside, G_FILE_TEST_IS_REGULAR));
  rig_report_clear (&report);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted and joined by spaces. */
static char *
list_folder (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* A symlink or a file where the old code wrote its fixed PATH.tmp is left alone: the
 * temporary file has a name of its own. */
static void
test_write_beside_tmp (void)
{
  RigReport report;
  g_autoptr(RigBuild) build = plan_fixture (&report);
  g_autofree char *dir = out_path ("beside-tmp");
  g_autofree char *victim = g_build_filename (dir, "victim.txt", NULL);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *pdf_tmp = g_strconcat (pdf, ".tmp", NULL);
  g_autofree char *png = g_build_filename (dir, "chart.png", NULL);
  g_autofree char *png_tmp = g_strconcat (png, ".tmp", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (victim, "victim", -1, NULL));
  g_assert_cmpint (symlink (victim, pdf_tmp), ==, 0);
  g_assert_true (g_file_set_contents (png_tmp, "mine", -1, NULL));

  g_assert_true (rig_report_pdf_write (build, &report, RIG_PAPER_A4, NULL, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (rig_chart_png_write (RIG_CHART_POWER, build, &report, 0, 300, 100, FALSE, png,
                                      &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (victim, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "victim");
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_test (pdf_tmp, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_get_contents (png_tmp, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "mine");
  g_clear_pointer (&contents, g_free);

  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 300);
  cairo_surface_destroy (surface);

  /* No temporary file is left behind. */
  names = list_folder (dir);
  g_assert_cmpstr (names, ==, "chart.png chart.png.tmp report.pdf report.pdf.tmp victim.txt");
  rig_report_clear (&report);
}

static void
test_from_string (void)
{
  g_assert_cmpint (rig_paper_from_string ("a4"), ==, RIG_PAPER_A4);
  g_assert_cmpint (rig_paper_from_string ("letter"), ==, RIG_PAPER_LETTER);
  g_assert_cmpint (rig_paper_from_string ("legal"), ==, -1);
  g_assert_cmpint (rig_paper_from_string (NULL), ==, -1);
  g_assert_cmpint (rig_chart_kind_from_string ("memory"), ==, RIG_CHART_MEMORY);
  g_assert_cmpint (rig_chart_kind_from_string ("cost"), ==, RIG_CHART_COST);
  g_assert_cmpint (rig_chart_kind_from_string ("pie"), ==, -1);
  g_assert_cmpint (rig_chart_kind_from_string (NULL), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  catalog = rig_catalog_new (rig_test_catalog_path (), &error);
  g_assert_no_error (error);
  out_dir = rig_test_temp_dir ();
  g_test_message ("output: %s", out_dir);

  g_test_add_func ("/report-pdf/from-string", test_from_string);
  g_test_add_func ("/report-pdf/a4", test_report_a4);
  g_test_add_func ("/report-pdf/letter", test_report_letter);
  g_test_add_func ("/report-pdf/speculative", test_report_speculative);
  g_test_add_func ("/report-pdf/errors-first", test_report_errors_first);
  g_test_add_func ("/report-pdf/unpriced", test_report_unpriced);
  g_test_add_func ("/report-pdf/serving", test_report_serving);
  g_test_add_func ("/report-pdf/prebuilt", test_report_prebuilt);
  g_test_add_func ("/report-pdf/long", test_report_long);
  g_test_add_func ("/report-pdf/hostile-name", test_report_hostile_name);
  g_test_add_func ("/report-pdf/comparison", test_comparison);
  g_test_add_func ("/report-pdf/chart-png", test_chart_png);
  g_test_add_func ("/report-pdf/chart-png-invalid", test_chart_png_invalid);
  g_test_add_func ("/report-pdf/missing-folder", test_write_missing_folder);
  g_test_add_func ("/report-pdf/over-folder", test_write_over_folder);
  g_test_add_func ("/report-pdf/beside-tmp", test_write_beside_tmp);

  status = g_test_run ();
  g_object_unref (catalog);
  g_free (out_dir);
  return status;
}
