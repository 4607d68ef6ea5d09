/* test-missing-values.c: a value the catalog lacks is "not checked", never a pass or a failure
 *
 * Sound builds from the scenario catalog (a single-RTX-4090 workstation with a NIC, builds with
 * each kind of accessory, and a
 * prebuilt) are evaluated once as they are. Then, for every part and every column of its kind's
 * table (rig_part_table ()->fields, so a new column is covered without touching this file), that
 * one value is made unknown the way the catalog reader leaves it (NULL text, NAN number, -1 flag,
 * RIG_MONEY_UNKNOWN money) and the build is evaluated again:
 *
 *  - no error or warning appears that the sound build did not have;
 *  - a column is "read" by a rule when blanking it changes a finding or a not-checked line; then
 *    a new not-checked line must say so (for a price, the cost.price-missing finding that asks
 *    for one), and name the value in the words of the column's label ("max GPU length");
 *  - a rule that puts a default in place of a missing value changes one of the report's figures
 *    (power, heat, cost, lanes, each workload's fit and speeds) and no line: that fails too.
 *
 * Required columns (id, name) cannot be blank in the catalog and are left alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-build-file.h"
#include "rig-catalog-compiler.h"
#include "rig-catalog.h"
#include "rig-part.h"
#include "rig-plan.h"
#include "rig-test-util.h"

static RigCatalog *catalog;

/* Every failure is listed, not only the first. */
#define fail(...) G_STMT_START { g_test_message (__VA_ARGS__); g_test_fail (); } G_STMT_END

static RigBuild *
load_build (const char *scenario,
            const char *extra_part)
{
  g_autofree char *dir = rig_test_fixture ("scenarios");
  g_autofree char *name = g_strconcat (scenario, ".json", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = rig_build_file_load (path, &error);

  g_assert_no_error (error);
  if (extra_part)
    rig_build_add_part (build, extra_part, 1);
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&build);
}

/* Every finding and not-checked line, one a line: "E code message", "N what". */
static GPtrArray *
report_lines (const RigBuild *build)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  RigReport report;

  rig_report_init (&report);
  rig_plan_evaluate (build, &report);
  for (guint i = 0; i < report.findings->len; i++)
    {
      const RigFinding *f = &g_array_index (report.findings, RigFinding, i);

      g_ptr_array_add (lines, g_strdup_printf ("%c %s %s", f->severity == RIG_SEVERITY_ERROR ? 'E'
                                               : f->severity == RIG_SEVERITY_WARNING ? 'W' : 'I',
                                               f->code, f->message));
    }
  for (guint i = 0; i < report.not_checked->len; i++)
    g_ptr_array_add (lines, g_strdup_printf ("N %s",
                                             g_array_index (report.not_checked, RigNotChecked, i).what));
  rig_report_clear (&report);
  return lines;
}

/* The report's figures, by name: a rule that puts a default in place of a missing value
 * changes one of them and no line. */
static GHashTable *
report_numbers (const RigBuild *build)
{
  GHashTable *numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  RigReport report;

#define PUT(name, value) \
  g_hash_table_insert (numbers, g_strdup (name), g_memdup2 (&(double) { (value) }, sizeof (double)))
  rig_report_init (&report);
  rig_plan_evaluate (build, &report);
  PUT ("power.gpu_w", report.power.gpu_w);
  PUT ("power.cpu_w", report.power.cpu_w);
  PUT ("power.rest_w", report.power.rest_w);
  PUT ("power.peak_w", report.power.peak_w);
  PUT ("power.wall_w", report.power.wall_w);
  PUT ("thermal.heat_w", report.thermal.heat_w);
  PUT ("cost.total", report.cost.total_minor);
  PUT ("cost.electricity_per_year", rig_money_to_major (report.cost.electricity_per_year_minor));
  PUT ("pcie.cpu_lanes_used", report.pcie.cpu_lanes_used);
  for (guint i = 0; i < report.workloads->len; i++)
    {
      const RigWorkloadResult *r = &g_array_index (report.workloads, RigWorkloadResult, i);
      g_autofree char *fit = g_strdup_printf ("workload%u.fit", i);
      g_autofree char *decode = g_strdup_printf ("workload%u.decode", i);
      g_autofree char *prefill = g_strdup_printf ("workload%u.prefill", i);
      g_autofree char *load = g_strdup_printf ("workload%u.load_seconds", i);

      PUT (fit, r->fit);
      PUT (decode, r->decode_tokens_per_s);
      PUT (prefill, r->prefill_tokens_per_s);
      PUT (load, r->load_seconds);
    }
#undef PUT
  rig_report_clear (&report);
  return numbers;
}

/* The figures that differ, as "name before → after", or NULL. */
static char *
changed_numbers (GHashTable *before,
                 GHashTable *after)
{
  g_autoptr(GString) out = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      double a = *(double *) value;
      double *b = g_hash_table_lookup (after, key);

      if (b == NULL || (isnan (a) && isnan (*b)) || a == *b)
        continue;
      g_string_append_printf (out, " %s %g → %g;", (char *) key, a, *b);
    }
  return out->len ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static gboolean
has_line (GPtrArray  *lines,
          const char *line)
{
  for (guint i = 0; i < lines->len; i++)
    if (g_str_equal (g_ptr_array_index (lines, i), line))
      return TRUE;
  return FALSE;
}

static gboolean
same_lines (GPtrArray *a,
            GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!has_line (b, g_ptr_array_index (a, i)))
      return FALSE;
  return TRUE;
}

/* What a message calls the column: its label without the unit, in lower case ("Length (mm)"
 * → "length"). */
static char *
value_name (const RigField *field)
{
  g_autofree char *label = g_utf8_strdown (field->label, -1);
  char *paren = strstr (label, " (");

  if (paren != NULL)
    *paren = '\0';
  return g_strdup (g_strstrip (label));
}

/* Whether a line the blanking added names the value, in the words of its label. */
static gboolean
names_value (const RigField *field,
             GPtrArray      *before,
             GPtrArray      *after)
{
  g_autofree char *name = value_name (field);

  for (guint l = 0; l < after->len; l++)
    {
      const char *line = g_ptr_array_index (after, l);
      g_autofree char *lower = NULL;

      if (has_line (before, line) || (line[0] != 'N' && line[0] != 'I'))
        continue;
      lower = g_utf8_strdown (line, -1);
      if (strstr (lower, name) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
blank (const RigField *field,
       RigPart        *part)
{
  switch (field->type)
    {
    case RIG_FIELD_TEXT:
    case RIG_FIELD_ID:
    case RIG_FIELD_ENUM:
    case RIG_FIELD_DATE:
      g_clear_pointer (RIG_FIELD_PTR (part, field, char *), g_free);
      break;
    case RIG_FIELD_NUMBER:
    case RIG_FIELD_INTEGER:
      *RIG_FIELD_PTR (part, field, double) = NAN;
      break;
    case RIG_FIELD_BOOL:
      *RIG_FIELD_PTR (part, field, int) = -1;
      break;
    case RIG_FIELD_MONEY:
      *RIG_FIELD_PTR (part, field, gint64) = RIG_MONEY_UNKNOWN;
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
check_build (const char *scenario,
             const char *extra_part)
{
  g_autoptr(RigBuild) sound = load_build (scenario, extra_part);
  g_autoptr(GPtrArray) before = report_lines (sound);
  g_autoptr(GHashTable) numbers_before = report_numbers (sound);
  guint n_read = 0;

  for (guint i = 0; i < sound->items->len; i++)
    {
      const RigPart *original = ((RigBuildItem *) g_ptr_array_index (sound->items, i))->part;
      const RigTable *table;

      g_assert_nonnull (original);
      table = rig_part_table (original->kind);
      for (guint k = 0; k < table->n_fields; k++)
        {
          const RigField *field = &table->fields[k];
          g_autoptr(RigBuild) build = NULL;
          g_autoptr(GPtrArray) after = NULL;
          RigBuildItem *item;
          gboolean said = FALSE;
          g_autoptr(GString) new_lines = g_string_new (NULL);

          if ((field->flags & RIG_FIELD_REQUIRED) || !rig_field_is_known (field, original))
            continue;
          build = rig_build_copy (sound);
          item = g_ptr_array_index (build->items, i);
          blank (field, item->part);
          after = report_lines (build);

          for (guint l = 0; l < after->len; l++)
            {
              const char *line = g_ptr_array_index (after, l);

              if ((line[0] == 'E' || line[0] == 'W') && !has_line (before, line))
                fail ("%s: with %s.%s unknown (%s) a new finding appears: %s", scenario,
                      table->name, field->name, original->id, line);
              if (!has_line (before, line))
                g_string_append_printf (new_lines, "\n  %s", line);
              if (line[0] == 'N' && !has_line (before, line))
                said = TRUE;
              /* A missing price is a cost finding that asks for one. */
              if (field->type == RIG_FIELD_MONEY && !has_line (before, line) &&
                  g_str_has_prefix (line, "I cost.price-missing "))
                said = TRUE;
            }
          /* A figure that moved with no line saying why: a default took the value's place. */
          {
            g_autoptr(GHashTable) numbers_after = report_numbers (build);
            g_autofree char *moved = changed_numbers (numbers_before, numbers_after);

            if (moved != NULL && same_lines (before, after))
              fail ("%s: %s.%s unknown (%s) changes%s but no line says so: a default stands in "
                    "for it silently", scenario, table->name, field->name, original->id, moved);
          }
          if (!same_lines (before, after))
            {
              n_read++;
              if (said && !names_value (field, before, after))
                fail ("%s: %s.%s unknown (%s): the not-checked line does not name the value "
                      "(“%s”):%s", scenario, table->name, field->name, original->id,
                      value_name (field), new_lines->str);
              if (!said)
                fail ("%s: %s.%s unknown (%s) changes the report but no not-checked line says "
                      "so:%s", scenario, table->name, field->name, original->id, new_lines->str);
            }
        }
    }
  /* The builds exercise the rules: some columns must be read. */
  g_assert_cmpuint (n_read, >, 0);
}

static void
test_workstation (void)
{
  check_build ("clean-4090-workstation", "nvidia-connectx-6-dx-mcx623106an-cdat");
}

/* An NVLink bridge; a riser; a bifurcation card, with two supplies and their adapter. */
static void
test_accessories (void)
{
  check_build ("accessory-nvlink-bridged", NULL);
  check_build ("accessory-riser-gen4", NULL);
  check_build ("accessory-bifurcation-x8x8", NULL);
}

static void
test_prebuilt (void)
{
  check_build ("prebuilt-mac-studio", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = rig_test_fixture ("scenarios");
  catalog = rig_catalog_new (rig_test_scenario_catalog_path (), &error);
  g_assert_no_error (error);

  g_test_add_func ("/missing-values/workstation", test_workstation);
  g_test_add_func ("/missing-values/prebuilt", test_prebuilt);
  g_test_add_func ("/missing-values/accessories", test_accessories);

  status = g_test_run ();
  g_clear_object (&catalog);
  return status;
}
