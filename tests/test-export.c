/* test-export.c: parts lists and comparisons in every export format, and CSV import
 *
 * The plan of tests/fixtures/dual-3090.json is compared byte for byte with the golden files in
 * tests/fixtures/export/. After an intended change to an export, rewrite them with
 *
 *   RIGPLAN_UPDATE_GOLDEN=1 meson test -C build export
 *
 * and read the diff before committing it. Without the variable a mismatch fails the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "rig-build-file.h"
#include "rig-catalog.h"
#include "rig-csv.h"
#include "rig-export.h"
#include "rig-import.h"
#include "rig-plan-text.h"
#include "rig-plan.h"
#include "rig-test-util.h"

#define NOTE "not including: NVIDIA GeForce RTX 3090 (used price unknown), Corsair RM1000x (no price)"
#define HOSTILE "A|B \"C\" <D> [b]x[/b] *y* _z_"

static const struct
{
  RigExportFormat format;
  const char     *golden;
} formats[] = {
  { RIG_EXPORT_CSV, "dual-3090.csv" },
  { RIG_EXPORT_MARKDOWN, "dual-3090.md" },
  { RIG_EXPORT_BBCODE, "dual-3090.bbcode" },
  { RIG_EXPORT_TEXT, "dual-3090.txt" },
  { RIG_EXPORT_HTML, "dual-3090.html" },
};

static RigCatalog *
open_catalog (void)
{
  g_autoptr(GError) error = NULL;
  RigCatalog *catalog = rig_catalog_new (rig_test_catalog_path (), &error);

  g_assert_no_error (error);
  return catalog;
}

/* The fixture @name, resolved against the fixture catalog and planned into @report. */
static RigBuild *
plan_fixture (const char *name,
              RigReport  *report)
{
  g_autoptr(RigCatalog) catalog = open_catalog ();
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

/* The text plan says what the user gave of the weights file, and where the weights hold more
 * than that file, why: llama.cpp loads a tied embedding a second time for the output layer
 * (Gemma 4 26B-A4B, from the bundled catalog). */
static void
test_text_weights_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = rig_catalog_new (g_getenv ("RIGPLAN_CATALOG"), &error);
  g_autoptr(RigBuild) build = rig_build_new ("file");
  RigWorkload *w = rig_workload_new ();
  g_autofree char *text = NULL;
  const char *line, *memory;
  double weights, copy;
  RigReport report;

  g_assert_no_error (error);
  rig_build_add_part (build, "nvidia-rtx-4090", 1);
  w->model_id = g_strdup ("gemma-4-26b-a4b");
  w->quant_id = g_strdup ("Q4_K_M");
  w->weights_gib = 15.9;
  w->recipe = g_strdup ("default:Q8_0;ffn_gate_exps:Q4_K;ffn_up_exps:Q4_K;ffn_down_exps:Q5_K");
  g_ptr_array_add (build->workloads, w);
  g_assert_true (rig_catalog_resolve_build (catalog, build, &error));
  rig_report_init (&report);
  rig_plan_evaluate (build, &report);
  text = rig_plan_to_text (build, &report);
  line = strstr (text, "  file    15.90 GiB, tensor types default:Q8_0;ffn_gate_exps:Q4_K;");
  memory = strstr (text, "  memory  weights ");
  g_assert_nonnull (line);
  g_assert_nonnull (memory);
  g_assert_nonnull (strstr (line, "; the weights are the 15.90 GiB file and "));
  weights = g_ascii_strtod (memory + strlen ("  memory  weights "), NULL);
  copy = g_ascii_strtod (strstr (line, " GiB file and ") + strlen (" GiB file and "), NULL);
  g_assert_cmpfloat (copy, >, 0.5);
  g_assert_cmpfloat_with_epsilon (weights, 15.90 + copy, 0.011);
  rig_report_clear (&report);
}

static GDateTime *
fixed_now (void)
{
  return g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_format_names (void)
{
  g_assert_cmpint (rig_export_format_from_string ("csv"), ==, RIG_EXPORT_CSV);
  g_assert_cmpint (rig_export_format_from_string ("markdown"), ==, RIG_EXPORT_MARKDOWN);
  g_assert_cmpint (rig_export_format_from_string ("bbcode"), ==, RIG_EXPORT_BBCODE);
  g_assert_cmpint (rig_export_format_from_string ("text"), ==, RIG_EXPORT_TEXT);
  g_assert_cmpint (rig_export_format_from_string ("html"), ==, RIG_EXPORT_HTML);
  g_assert_cmpint (rig_export_format_from_string ("docx"), ==, -1);
  g_assert_cmpint (rig_export_format_from_string (NULL), ==, -1);

  g_assert_cmpstr (rig_export_format_extension (RIG_EXPORT_CSV), ==, "csv");
  g_assert_cmpstr (rig_export_format_extension (RIG_EXPORT_MARKDOWN), ==, "md");
  g_assert_cmpstr (rig_export_format_extension (RIG_EXPORT_BBCODE), ==, "txt");
  g_assert_cmpstr (rig_export_format_extension (RIG_EXPORT_TEXT), ==, "txt");
  g_assert_cmpstr (rig_export_format_extension (RIG_EXPORT_HTML), ==, "html");
}

/* Golden files ----------------------------------------------------------------------------- */

static void
assert_golden (const char *name,
               const char *actual)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "export", name, NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (g_getenv ("RIGPLAN_UPDATE_GOLDEN"), "1") == 0)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
      g_file_set_contents (path, actual, -1, &error);
      g_assert_no_error (error);
      g_test_message ("updated %s", path);
      return;
    }

  if (!g_file_get_contents (path, &expected, NULL, &error))
    g_error ("%s; run with RIGPLAN_UPDATE_GOLDEN=1 to write it", error->message);
  if (g_strcmp0 (expected, actual) != 0)
    g_test_message ("%s differs from the export; if the change is intended, run with "
                    "RIGPLAN_UPDATE_GOLDEN=1", path);
  g_assert_cmpstr (actual, ==, expected);
}

static void
test_golden (void)
{
  RigReport report;
  g_autoptr(RigBuild) build = plan_fixture ("dual-3090.json", &report);
  g_autoptr(GDateTime) now = fixed_now ();

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *text = rig_export_build (build, &report, formats[i].format, now);

      g_assert_true (g_utf8_validate (text, -1, NULL));
      assert_golden (formats[i].golden, text);
    }

  /* What test-cli.c and spreadsheets rely on. */
  {
    g_autofree char *csv = rig_export_build (build, &report, RIG_EXPORT_CSV, now);
    g_autofree char *md = rig_export_build (build, &report, RIG_EXPORT_MARKDOWN, now);
    g_autofree char *md_no_plan = rig_export_build (build, NULL, RIG_EXPORT_MARKDOWN, now);
    g_autofree char *html = rig_export_build (build, &report, RIG_EXPORT_HTML, now);

    g_assert_true (g_str_has_prefix (csv, "id,kind,name,count,condition,unit_price,total,"
                                          "currency,source\r\n"));
    g_assert_nonnull (strstr (csv, "nvidia-rtx-3090,gpu,NVIDIA GeForce RTX 3090,2,used,750.00,"
                                   "1500.00,USD,"));
    g_assert_nonnull (strstr (md, "Type|Item|Price\n:----|:----|:----\n"));
    g_assert_nonnull (strstr (md, "**GPU** | 2 × NVIDIA GeForce RTX 3090 (used) | $1,500.00\n"));
    g_assert_nonnull (strstr (md, " | Generated by Rigplan 2026-01-02 03:04 UTC |\n"));
    g_assert_nonnull (strstr (md, "Llama 3.1 70B"));
    g_assert_null (strstr (md_no_plan, "Llama 3.1 70B"));
    g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
    g_assert_null (strstr (html, "<script"));
    g_assert_null (strstr (html, "src="));
    g_assert_null (strstr (html, "href="));
  }

  /* Another currency goes after the amount. */
  {
    g_autofree char *md = NULL;

    memcpy (build->settings.currency, "EUR", 4);
    md = rig_export_build (build, NULL, RIG_EXPORT_MARKDOWN, now);
    g_assert_nonnull (strstr (md, "| 1,500.00 EUR\n"));
  }
  rig_report_clear (&report);
}

/* Accessories are listed like other parts, under their kind, and the plan says why the bridge
 * does not join the cards. */
static void
test_accessory (void)
{
  g_autoptr(RigCatalog) catalog = open_catalog ();
  g_autoptr(RigBuild) build = rig_build_new ("Accessories");
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 2, 3, 4, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *markdown = NULL;
  RigReport report;

  rig_build_add_part (build, "nvidia-rtx-3090", 2);
  rig_build_add_part (build, "asus-proart-x670e-creator-wifi", 1);
  rig_build_add_part (build, "nvidia-geforce-rtx-3090-nvlink-bridge-4-slot", 1);
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);
  rig_report_init (&report);
  rig_plan_evaluate (build, &report);

  csv = rig_export_build (build, &report, RIG_EXPORT_CSV, now);
  g_assert_nonnull (strstr (csv, "nvidia-geforce-rtx-3090-nvlink-bridge-4-slot,accessory,"));
  markdown = rig_export_build (build, &report, RIG_EXPORT_MARKDOWN, now);
  g_assert_nonnull (strstr (markdown, "**Accessory** | GeForce RTX 3090 NVLink Bridge (4-slot)"));
  g_assert_nonnull (strstr (markdown, "spans 4 slots"));
  rig_report_clear (&report);
}

/* Hostile names ---------------------------------------------------------------------------- */

static RigBuild *
hostile_build (RigCatalog *catalog,
               RigReport  *report)
{
  g_autoptr(RigBuild) build = rig_build_new (HOSTILE);
  g_autoptr(GError) error = NULL;
  RigBuildItem *item;

  item = rig_build_add_part (build, "nvidia-rtx-3090", 2);
  item->condition = RIG_CONDITION_USED;
  item->has_price = TRUE;
  item->price_minor = 75000;
  rig_build_add_part (build, "amd-ryzen-9-7950x", 1);
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);

  item = g_ptr_array_index (build->items, 0);
  g_free (item->part->name);
  item->part->name = g_strdup (HOSTILE);
  item = g_ptr_array_index (build->items, 1);
  g_free (item->part->name);
  item->part->name = g_strdup ("Line\nbreak\tand\abell [/noparse][url=x]");

  rig_report_init (report);
  rig_plan_evaluate (build, report);
  rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_COMPAT, "test.hostile", "%s",
                          HOSTILE);
  return g_steal_pointer (&build);
}

/* The number of '|' not preceded by a backslash. */
static guint
unescaped_pipes (const char *line)
{
  guint n = 0;

  for (const char *p = line; *p; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      else if (*p == '|')
        n++;
    }
  return n;
}

/* A used card without a used price and a power supply without any price: each parts list says
 * which parts its total leaves out, and the card's row says why. */
static void
test_unpriced_total (void)
{
  RigReport report;
  g_autoptr(RigBuild) build = plan_fixture ("unpriced.json", &report);
  g_autoptr(GDateTime) now = fixed_now ();

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *text = rig_export_build (build, &report, formats[i].format, now);

      if (formats[i].format == RIG_EXPORT_CSV)
        continue;
      g_test_message ("%s", formats[i].golden);
      g_assert_nonnull (strstr (text, "$699.00 — " NOTE));
      g_assert_cmpuint (count_occurrences (text, "used price unknown"), ==, 2);
    }
  rig_report_clear (&report);
}

static void
test_hostile_names (void)
{
  g_autoptr(RigCatalog) catalog = open_catalog ();
  g_autoptr(GDateTime) now = fixed_now ();
  RigReport report;
  g_autoptr(RigBuild) build = hostile_build (catalog, &report);

  /* CSV: the name comes back as it was. */
  {
    g_autofree char *csv = rig_export_build (build, &report, RIG_EXPORT_CSV, now);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) records = rig_csv_parse (csv, strlen (csv), &error);
    const RigCsvRecord *row;

    g_assert_no_error (error);
    g_assert_cmpuint (records->len, ==, 3);
    row = g_ptr_array_index (records, 1);
    g_assert_cmpuint (g_strv_length (row->fields), ==, 9);
    g_assert_cmpstr (row->fields[2], ==, HOSTILE);
    row = g_ptr_array_index (records, 2);
    g_assert_cmpstr (row->fields[2], ==, "Line\nbreak\tand\abell [/noparse][url=x]");
  }

  /* HTML: every string escaped, text and attributes. */
  {
    g_autofree char *html = rig_export_build (build, &report, RIG_EXPORT_HTML, now);

    g_assert_nonnull (strstr (html, "&lt;D&gt;"));
    g_assert_null (strstr (html, "<D>"));
    g_assert_nonnull (strstr (html, "A|B &quot;C&quot; &lt;D&gt; [b]x[/b] *y* _z_"));
    g_assert_null (strstr (html, "\"C\""));
    g_assert_null (strstr (html, "\a"));
    g_assert_cmpuint (count_occurrences (html, "&lt;D&gt;"), ==, 4);   /* title, h1, row, plan */
  }

  /* Markdown: the row keeps its three cells; emphasis and links are escaped. */
  {
    g_autofree char *md = rig_export_build (build, &report, RIG_EXPORT_MARKDOWN, now);
    g_auto(GStrv) lines = g_strsplit (md, "\n", -1);
    guint rows = 0;

    for (guint i = 0; lines[i]; i++)
      if (g_str_has_prefix (lines[i], "**GPU** | ") || g_str_has_prefix (lines[i], "**CPU** | "))
        {
          g_assert_cmpuint (unescaped_pipes (lines[i]), ==, 2);
          rows++;
        }
    g_assert_cmpuint (rows, ==, 2);
    g_assert_nonnull (strstr (md, "## A\\|B \"C\" \\<D\\> \\[b\\]x\\[/b\\] \\*y\\* \\_z\\_\n"));
    g_assert_nonnull (strstr (md, "**GPU** | 2 × A\\|B \"C\" \\<D\\> \\[b\\]x\\[/b\\] \\*y\\* "
                                  "\\_z\\_ (used) | $1,500.00\n"));
    g_assert_nonnull (strstr (md, "- **Warning:** A\\|B"));
    g_assert_null (strstr (md, "\t"));
  }

  /* BBCode: the name appears only inside [noparse]; no "[/noparse]" from a name closes it. */
  {
    g_autofree char *bb = rig_export_build (build, &report, RIG_EXPORT_BBCODE, now);
    guint n = 0;

    for (const char *p = strstr (bb, HOSTILE); p; p = strstr (p + 1, HOSTILE))
      {
        g_assert_true (p - bb >= 9 && strncmp (p - 9, "[noparse]", 9) == 0);
        g_assert_true (g_str_has_prefix (p + strlen (HOSTILE), "[/noparse]"));
        n++;
      }
    g_assert_cmpuint (n, ==, 3);   /* title, part, warning */
    g_assert_cmpuint (count_occurrences (bb, "[b]x[/b]"), ==, n);
    g_assert_cmpuint (count_occurrences (bb, "[noparse]"), ==, count_occurrences (bb, "[/noparse]"));
    g_assert_nonnull (strstr (bb, "[\u200B/noparse][url=x][/noparse]"));
  }

  /* Text: no control characters but the line ends, and the columns still line up. */
  {
    g_autofree char *text = rig_export_build (build, &report, RIG_EXPORT_TEXT, now);
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
    glong price_end = -1;

    for (const char *p = text; *p; p++)
      g_assert_true ((guchar) *p >= 0x20 || *p == '\n');
    g_assert_nonnull (strstr (text, "Line break and bell"));
    /* Header, GPU and CPU rows end their price at the same column. */
    for (guint i = 0; lines[i]; i++)
      if (g_str_has_prefix (lines[i], "Type ") || g_str_has_prefix (lines[i], "GPU ") ||
          g_str_has_prefix (lines[i], "CPU "))
        {
          glong len = g_utf8_strlen (lines[i], -1);

          if (price_end < 0)
            price_end = len;
          g_assert_cmpint (len, ==, price_end);
        }
    g_assert_cmpint (price_end, >, 0);
  }
  rig_report_clear (&report);
}

/* Comparison ------------------------------------------------------------------------------- */

static void
add_row (RigComparison *comparison,
         const char    *section,
         const char    *label,
         const char    *unit,
         RigBetter      better,
         const char    *a,
         const char    *b,
         int            best,
         gboolean       differs)
{
  RigCompareRow *row = g_new0 (RigCompareRow, 1);

  row->section = g_strdup (section);
  row->label = g_strdup (label);
  row->unit = g_strdup (unit);
  row->better = better;
  row->texts[0] = g_strdup (a);
  row->texts[1] = g_strdup (b);
  for (guint i = 0; i < RIG_COMPARE_MAX; i++)
    row->values[i] = NAN;
  row->best = best;
  row->differs = differs;
  g_ptr_array_add (comparison->rows, row);
}

static void
free_row (gpointer data)
{
  RigCompareRow *row = data;

  g_free (row->section);
  g_free (row->label);
  g_free (row->unit);
  for (guint i = 0; i < RIG_COMPARE_MAX; i++)
    g_free (row->texts[i]);
  g_free (row);
}

static void
test_comparison (void)
{
  RigComparison comparison = { 0 };
  g_autoptr(GDateTime) now = fixed_now ();

  /* By hand, so this test does not depend on rig_compare (). */
  comparison.n = 2;
  comparison.names[0] = g_strdup ("Box <one>");
  comparison.names[1] = g_strdup ("Box|two [b]");
  comparison.rows = g_ptr_array_new_with_free_func (free_row);
  add_row (&comparison, "Cost", "Total", "USD", RIG_BETTER_LOWER, "$1,000", "$2,000", 0, TRUE);
  add_row (&comparison, "Workloads", "Llama *70B* decode", "tokens/s", RIG_BETTER_HIGHER,
           "12.0 tokens/s", "18.5 tokens/s", 1, TRUE);
  add_row (&comparison, "Cost", "Power draw", "W", RIG_BETTER_LOWER, "500 W", "500 W", -1, FALSE);

  {
    g_autofree char *csv = rig_export_comparison (&comparison, RIG_EXPORT_CSV, now);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) records = rig_csv_parse (csv, strlen (csv), &error);
    const RigCsvRecord *record;

    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (csv, "section,label,unit,Box <one>,Box|two [b]\r\n"));
    g_assert_cmpuint (records->len, ==, 4);
    record = g_ptr_array_index (records, 1);
    g_assert_cmpstr (record->fields[0], ==, "Cost");
    g_assert_cmpstr (record->fields[2], ==, "USD");
    g_assert_cmpstr (record->fields[3], ==, "$1,000");   /* quoted for its comma */
    g_assert_null (strstr (csv, "**"));
  }
  {
    g_autofree char *md = rig_export_comparison (&comparison, RIG_EXPORT_MARKDOWN, now);

    g_assert_nonnull (strstr (md, "| | Box \\<one\\> | Box\\|two \\[b\\]\n:----|:----|:----\n"));
    g_assert_nonnull (strstr (md, "≠ Total | **$1,000** | $2,000\n"));
    g_assert_nonnull (strstr (md, "≠ Llama \\*70B\\* decode | 12.0 tokens/s | **18.5 tokens/s**\n"));
    g_assert_nonnull (strstr (md, "\nPower draw | 500 W | 500 W\n"));
    /* Rows are grouped by section: the second Cost row comes before Workloads. */
    g_assert_true (strstr (md, "Power draw") < strstr (md, "**Workloads**"));
    g_assert_nonnull (strstr (md, "Generated by Rigplan 2026-01-02 03:04 UTC"));
  }
  {
    g_autofree char *bb = rig_export_comparison (&comparison, RIG_EXPORT_BBCODE, now);

    g_assert_nonnull (strstr (bb, "[td][b]Box <one>[/b][/td]"));
    g_assert_nonnull (strstr (bb, "[td][b][noparse]Box|two [b][/noparse][/b][/td]"));
    g_assert_nonnull (strstr (bb, "[td][b]$1,000[/b][/td][td]$2,000[/td]"));
    g_assert_nonnull (strstr (bb, "[td]≠ Total[/td]"));
    g_assert_true (strstr (bb, "Power draw") < strstr (bb, "Workloads"));
  }
  {
    g_autofree char *text = rig_export_comparison (&comparison, RIG_EXPORT_TEXT, now);

    g_assert_nonnull (strstr (text, "Box <one>"));
    g_assert_nonnull (strstr (text, "Box|two [b]"));
    g_assert_nonnull (strstr (text, "*$1,000*"));
    g_assert_nonnull (strstr (text, "*18.5 tokens/s*"));
    g_assert_nonnull (strstr (text, "≠ Total"));
    g_assert_true (strstr (text, "Power draw") < strstr (text, "Workloads"));
  }
  {
    g_autofree char *html = rig_export_comparison (&comparison, RIG_EXPORT_HTML, now);

    g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
    g_assert_nonnull (strstr (html, "<th scope=\"col\">Box &lt;one&gt;</th>"));
    g_assert_null (strstr (html, "<one>"));
    g_assert_nonnull (strstr (html, "<td class=\"num\"><strong>$1,000</strong></td>"));
    g_assert_nonnull (strstr (html, "<tr class=\"differs\"><th scope=\"row\">Total</th>"));
    g_assert_nonnull (strstr (html, "<tr><th scope=\"row\">Power draw</th>"));
    g_assert_true (strstr (html, "Power draw") < strstr (html, "Workloads"));
  }

  g_ptr_array_unref (comparison.rows);
  g_free (comparison.names[0]);
  g_free (comparison.names[1]);
}

/* Import ----------------------------------------------------------------------------------- */

static void
test_import (void)
{
  static const char csv[] =
    "ID,Name,Count,Condition,Price\r\n"              /* 1 */
    "nvidia-rtx-3090,,2,used,700\r\n"                /* 2: by id */
    ",amd ryzen 9 7950X,1,,\r\n"                      /* 3: by name, another case */
    ",PROART X670E,,New,$499.99\r\n"                  /* 4: by search only */
    "\r\n"                                           /* 5: blank */
    ",Quantum Flux Capacitor,1,,\r\n"                 /* 6: unknown */
    "no-such-part,,3,,\r\n";                          /* 7: unknown */
  g_autoptr(RigCatalog) catalog = open_catalog ();
  g_autoptr(GPtrArray) unmatched = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = rig_import_csv_parts (catalog, csv, -1, "Imported", &unmatched,
                                                    &error);
  const RigBuildItem *item;

  g_assert_no_error (error);
  g_assert_nonnull (build);
  g_assert_cmpstr (build->name, ==, "Imported");
  g_assert_cmpuint (build->items->len, ==, 3);

  item = g_ptr_array_index (build->items, 0);
  g_assert_cmpstr (item->part_id, ==, "nvidia-rtx-3090");
  g_assert_nonnull (item->part);
  g_assert_cmpuint (item->count, ==, 2);
  g_assert_cmpint (item->condition, ==, RIG_CONDITION_USED);
  g_assert_true (item->has_price);
  g_assert_cmpint (item->price_minor, ==, 70000);

  item = g_ptr_array_index (build->items, 1);
  g_assert_cmpstr (item->part_id, ==, "amd-ryzen-9-7950x");
  g_assert_cmpuint (item->count, ==, 1);
  g_assert_cmpint (item->condition, ==, RIG_CONDITION_NEW);
  g_assert_false (item->has_price);

  item = g_ptr_array_index (build->items, 2);
  g_assert_cmpstr (item->part_id, ==, "asus-proart-x670e-creator-wifi");
  g_assert_cmpuint (item->count, ==, 1);
  g_assert_true (item->has_price);
  g_assert_cmpint (item->price_minor, ==, 49999);

  g_assert_nonnull (unmatched);
  g_assert_cmpuint (unmatched->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (unmatched, 0), ==,
                   "line 6: “Quantum Flux Capacitor”: no part with that id or name");
  g_assert_cmpstr (g_ptr_array_index (unmatched, 1), ==,
                   "line 7: “no-such-part”: no part with that id or name");
}

/* What Rigplan exports, it reads back. */
static void
test_import_round_trip (void)
{
  g_autoptr(RigCatalog) catalog = open_catalog ();
  g_autofree char *path = rig_test_fixture ("dual-3090.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = rig_build_file_load (path, &error);
  g_autoptr(RigBuild) back = NULL;
  g_autoptr(GPtrArray) unmatched = NULL;
  g_autofree char *csv = NULL;

  g_assert_no_error (error);
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);
  memcpy (build->settings.currency, "EUR", 4);
  csv = rig_export_build (build, NULL, RIG_EXPORT_CSV, NULL);

  back = rig_import_csv_parts (catalog, csv, strlen (csv), "Back", &unmatched, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unmatched->len, ==, 0);
  g_assert_cmpuint (back->items->len, ==, build->items->len);
  g_assert_cmpstr (back->settings.currency, ==, "EUR");
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *a = g_ptr_array_index (build->items, i);
      const RigBuildItem *b = g_ptr_array_index (back->items, i);

      g_assert_cmpstr (a->part_id, ==, b->part_id);
      g_assert_cmpuint (a->count, ==, b->count);
      g_assert_cmpint (a->condition, ==, b->condition);
    }
}

static void
assert_import_fails (RigCatalog *catalog,
                     const char *data,
                     gssize      length,
                     const char *expected)
{
  g_autoptr(GPtrArray) unmatched = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = rig_import_csv_parts (catalog, data, length, "x", &unmatched, &error);

  g_assert_null (build);
  g_assert_null (unmatched);
  g_assert_nonnull (error);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, expected);
}

static void
test_import_garbage (void)
{
  static const char blob[] = "id,name\n\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  g_autoptr(RigCatalog) catalog = open_catalog ();

  assert_import_fails (catalog, blob, sizeof blob - 1, "line 2:");
  assert_import_fails (catalog, "id,name\nnvidia-rtx-3090,\"never closed\n", -1,
                       "line 2: a quoted field is never closed");
  /* The line where the quote opens, not where its record starts. */
  assert_import_fails (catalog, "id,name\n\"nvidia-rtx-3090\n\",\"never closed\n", -1,
                       "line 3: a quoted field is never closed");
  /* A quote left open on line 2 swallows lines up to the next quote, on line 6: the line to
   * fix is 2. */
  assert_import_fails (catalog,
                       "id,name\n"
                       "nvidia-rtx-3090,\"Box\n"
                       "nvidia-rtx-4090,x\n"
                       "nvidia-rtx-4090,x\n"
                       "nvidia-rtx-4090,x\n"
                       "nvidia-rtx-4090,\"Box\" two\n", -1,
                       "line 2: the quoted field that opens here does not close until line 6");
  assert_import_fails (catalog, "colour,size\nred,3\n", -1, "line 1: the header has neither");
  assert_import_fails (catalog, "", 0, "line 1:");
}

/* A value that does not read leaves its row out, with the reason. */
static void
test_import_bad_values (void)
{
  static const char csv[] =
    "id,count,condition,price\n"
    "nvidia-rtx-3090,two,,\n"
    "nvidia-rtx-4090,1,broken,\n"
    "amd-ryzen-9-7950x,1,,cheap\n"
    "intel-core-i9-14900k,1,,589\n";
  g_autoptr(RigCatalog) catalog = open_catalog ();
  g_autoptr(GPtrArray) unmatched = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = rig_import_csv_parts (catalog, csv, -1, NULL, &unmatched, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (build->items->len, ==, 1);
  g_assert_cmpuint (unmatched->len, ==, 3);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (unmatched, 0), "line 2: “nvidia-rtx-3090”: the count"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (unmatched, 1), "line 3: “nvidia-rtx-4090”: the condition"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (unmatched, 2), "line 4: “amd-ryzen-9-7950x”: the price"));
}

/* A long value is quoted by its start: a 50,000-character name makes a short note. */
static void
test_import_long_value (void)
{
  g_autoptr(RigCatalog) catalog = open_catalog ();
  g_autoptr(GString) csv = g_string_new ("name,count\n");
  g_autoptr(GPtrArray) unmatched = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = NULL;
  const char *note;

  for (guint i = 0; i < 50000; i++)
    g_string_append_c (csv, 'Q');
  g_string_append (csv, ",lots\n");
  build = rig_import_csv_parts (catalog, csv->str, csv->len, "x", &unmatched, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unmatched->len, ==, 1);
  note = g_ptr_array_index (unmatched, 0);
  g_assert_true (g_str_has_prefix (note, "line 2: “QQQQQQQQQQ"));
  g_assert_nonnull (strstr (note, "Q…”: the count “lots” is not a whole number"));
  g_assert_cmpuint (strlen (note), <, 300);
}

/* CSV injection ------------------------------------------------------------------------------ */

/* What spreadsheets take for the start of a formula (OWASP's list). */
static const char * const formulas[] = {
  "=HYPERLINK(\"http://x\",\"y\")", "+SUM(A1:A9)", "-2+3", "@SUM(A1)", "\tcmd", "\r=1+1",
};

static void
test_csv_formulas (void)
{
  g_autoptr(RigCatalog) catalog = open_catalog ();
  g_autoptr(RigBuild) build = rig_build_new ("Formulas");
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) records = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    {
      RigBuildItem *item = rig_build_add_part (build, "nvidia-rtx-3090", 1);

      item->has_price = TRUE;
      item->price_minor = 75000;
    }
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    {
      RigBuildItem *item = g_ptr_array_index (build->items, i);

      g_free (item->part->name);
      item->part->name = g_strdup (formulas[i]);
    }

  csv = rig_export_build (build, NULL, RIG_EXPORT_CSV, NULL);
  records = rig_csv_parse (csv, strlen (csv), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1 + G_N_ELEMENTS (formulas));
  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    {
      const RigCsvRecord *row = g_ptr_array_index (records, 1 + i);
      g_autofree char *expected = g_strconcat ("'", formulas[i], NULL);

      g_assert_cmpstr (row->fields[2], ==, expected);
      /* The numbers this file writes stay numbers. */
      g_assert_cmpstr (row->fields[3], ==, "1");
      g_assert_cmpstr (row->fields[5], ==, "750.00");
    }

  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    {
      g_autofree char *field = rig_export_csv_field (formulas[i]);

      g_assert_true (g_str_has_prefix (field, "\"'"));
      g_assert_true (g_str_has_suffix (field, "\""));
    }
  {
    g_autofree char *plain = rig_export_csv_field ("RTX 3090 - used");
    g_autofree char *quoted = rig_export_csv_field ("=\"x\"");

    g_assert_cmpstr (plain, ==, "RTX 3090 - used");
    g_assert_cmpstr (quoted, ==, "\"'=\"\"x\"\"\"");
  }
}

static void
test_comparison_csv_formulas (void)
{
  RigComparison comparison = { 0 };
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const RigCsvRecord *record;
  RigCompareRow *row;

  comparison.n = 2;
  comparison.names[0] = g_strdup ("=HYPERLINK(\"http://x\")");
  comparison.names[1] = g_strdup ("@SUM(A1)");
  comparison.rows = g_ptr_array_new_with_free_func (free_row);
  add_row (&comparison, "Parts", "GPU", "", RIG_BETTER_NONE, "+cmd", "-cmd", -1, TRUE);
  add_row (&comparison, "Cost", "Change", "USD", RIG_BETTER_LOWER, "-5.00", "2.00", 0, TRUE);
  row = g_ptr_array_index (comparison.rows, 1);
  row->values[0] = -5;
  row->values[1] = 2;

  csv = rig_export_comparison (&comparison, RIG_EXPORT_CSV, NULL);
  records = rig_csv_parse (csv, strlen (csv), &error);
  g_assert_no_error (error);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->fields[3], ==, "'=HYPERLINK(\"http://x\")");
  g_assert_cmpstr (record->fields[4], ==, "'@SUM(A1)");
  record = g_ptr_array_index (records, 1);
  g_assert_cmpstr (record->fields[3], ==, "'+cmd");
  g_assert_cmpstr (record->fields[4], ==, "'-cmd");
  /* A negative number the comparison formatted itself is left as it is. */
  record = g_ptr_array_index (records, 2);
  g_assert_cmpstr (record->fields[3], ==, "-5.00");
  g_assert_cmpstr (record->fields[4], ==, "2.00");

  for (guint i = 0; i < comparison.n; i++)
    g_free (comparison.names[i]);
  g_ptr_array_unref (comparison.rows);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/format-names", test_format_names);
  g_test_add_func ("/export/golden", test_golden);
  g_test_add_func ("/export/unpriced-total", test_unpriced_total);
  g_test_add_func ("/export/hostile-names", test_hostile_names);
  g_test_add_func ("/export/accessory", test_accessory);
  g_test_add_func ("/export/text-weights-file", test_text_weights_file);
  g_test_add_func ("/export/comparison", test_comparison);
  g_test_add_func ("/export/csv-formulas", test_csv_formulas);
  g_test_add_func ("/export/comparison-csv-formulas", test_comparison_csv_formulas);
  g_test_add_func ("/import/csv", test_import);
  g_test_add_func ("/import/round-trip", test_import_round_trip);
  g_test_add_func ("/import/garbage", test_import_garbage);
  g_test_add_func ("/import/bad-values", test_import_bad_values);
  g_test_add_func ("/import/long-value", test_import_long_value);

  return g_test_run ();
}
