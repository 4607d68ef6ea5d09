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
 *    for one).
 *
 * Required columns (id, name) cannot be blank in the catalog and are left alone. A rule that
 * silently puts a default in place of a missing value changes no line and is not caught here,
 * and the not-checked line is not yet required to use the column's label.
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
          if (!same_lines (before, after))
            {
              n_read++;
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
