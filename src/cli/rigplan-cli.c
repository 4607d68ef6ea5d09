/* rigplan-cli: the planning engine from the command line
 *
 * Exit status: 0 on success (even when the build has errors as findings), 1 on bad input,
 * 2 on bad usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "rig-build-file.h"
#include "rig-capacity.h"
#include "rig-compare.h"
#include "rig-catalog.h"
#include "rig-export.h"
#include "rig-format.h"
#include "rig-import.h"
#include "rig-input-file.h"
#include "rig-json.h"
#include "rig-library.h"
#include "rig-plan.h"
#include "rig-plan-json.h"
#include "rig-plan-text.h"
#include "rig-price-refresh.h"
#include "rig-secret.h"
#include "rig-chart-png.h"
#include "rig-report-pdf.h"
#include "rig-store-error.h"
#include "rig-text.h"
#include "rig-url.h"

#define EXIT_BAD_INPUT 1
#define EXIT_USAGE     2

static char *opt_catalog = NULL;
static char *opt_library = NULL;

/* fprintf () for what quotes text from outside: a build file, a feed, a server's answer, the
 * library, an error message about any of them. Control characters in it are replaced (see
 * rig_text_sanitize ()), so an ESC sequence can neither retitle nor clear the terminal; this
 * also covers a library that stored such text before it was replaced on the way in. */
static void G_GNUC_PRINTF (2, 3)
print_clean (FILE       *stream,
             const char *format,
             ...)
{
  g_autofree char *text = NULL;
  g_autofree char *clean = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  clean = rig_text_sanitize (text);
  fputs (clean, stream);
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  print_clean (stderr, "rigplan-cli: %s\n\n%s", message, help);
  return EXIT_USAGE;
}

/* Parses @context's options out of @argv, then checks that @min to @max arguments are left
 * after the subcommand. FALSE after writing the parser's message, or @wrong_count, and the
 * subcommand's help to stderr: the subcommand then exits with EXIT_USAGE. Every subcommand
 * reads its command line this way. */
static gboolean
parse_arguments (GOptionContext *context,
                 int            *argc,
                 char         ***argv,
                 int             min,
                 int             max,
                 const char     *wrong_count)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      usage_error (context, error->message);
      return FALSE;
    }
  if (*argc - 1 < min || *argc - 1 > max)
    {
      usage_error (context, wrong_count);
      return FALSE;
    }
  return TRUE;
}

static int
input_error (const GError *error)
{
  print_clean (stderr, "rigplan-cli: %s\n", error->message);
  return EXIT_BAD_INPUT;
}

static RigCatalog *
open_catalog (GError **error)
{
  g_autofree char *path = opt_catalog ? g_strdup (opt_catalog) : rig_catalog_default_path ();
  return rig_catalog_new (path, error);
}

static RigLibrary *
open_library (gboolean   create,
              GError   **error)
{
  const char *env = g_getenv ("RIGPLAN_LIBRARY");
  g_autofree char *path = opt_library ? g_strdup (opt_library)
                          : env ? g_strdup (env) : rig_library_default_path ();

  if (!create && !g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  return rig_library_new (path, error);
}

static void
print_json_node (JsonNode *root)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *tidy = NULL;

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  text = json_generator_to_data (gen, NULL);
  tidy = rig_json_tidy_numbers (text);
  /* json-glib escapes C0 controls and DEL in strings, but writes C1 controls as they are. */
  print_clean (stdout, "%s\n", tidy);
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  print_json_node (root);
}

static double
round_to (double value,
          double step)
{
  return isnan (value) ? value : round (value / step) * step;
}

/* catalog search ------------------------------------------------------------------------- */

static int
cmd_catalog_search (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("TEXT — find parts in the catalog");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *text = NULL;
  gboolean json = FALSE;
  int limit = 50;
  int kind = -1;
  const GOptionEntry entries[] = {
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind_text,
      "Only parts of this kind: gpu, cpu, motherboard, memory, storage, psu, case, cooler, nic, "
      "system, accessory", "KIND" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "Show at most N parts (default 50; 0: all)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Every word must match the part's name, vendor, aliases or id; words match as prefixes.\n"
    "Example: rigplan-cli catalog search rtx 4090 --kind gpu\n");
  if (!parse_arguments (context, &argc, &argv, 0, G_MAXINT, NULL))
    return EXIT_USAGE;
  if (kind_text != NULL)
    {
      RigPartKind k;

      if (!rig_part_kind_from_string (kind_text, &k))
        return usage_error (context, "--kind must be one of gpu, cpu, motherboard, memory, "
                                     "storage, psu, case, cooler, nic, system, accessory");
      kind = k;
    }
  if (limit < 0)
    return usage_error (context, "--limit must be 0 or more");

  text = argc > 1 ? g_strjoinv (" ", argv + 1) : g_strdup ("");

  if (!(catalog = open_catalog (&error)))
    return input_error (error);
  if (!(parts = rig_catalog_search (catalog, text, kind, limit, &error)))
    return input_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < parts->len; i++)
        {
          RigPart *part = g_ptr_array_index (parts, i);

          json_builder_begin_object (b);
          rig_json_add_string (b, "id", part->id);
          rig_json_add_string (b, "kind", rig_part_kind_to_string (part->kind));
          rig_json_add_string (b, "name", part->name);
          rig_json_add_string (b, "vendor", part->vendor);
          rig_json_add_money (b, "price", part->price_cents, "USD", part->price_date);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return 0;
    }

  if (parts->len == 0)
    {
      printf ("No parts match “%s”.\n", text);
      return 0;
    }
  for (guint i = 0; i < parts->len; i++)
    {
      RigPart *part = g_ptr_array_index (parts, i);
      g_autofree char *price = rig_money_format_minor (part->price_cents, "USD", RIG_MONEY_PLAIN);
      /* Most names already start with the vendor ("NVIDIA GeForce RTX 4090"). */
      gboolean named = part->vendor == NULL
                       || g_ascii_strncasecmp (part->name, part->vendor, strlen (part->vendor)) == 0;

      print_clean (stdout, "%-40s %-12s %s%s%s — %s\n", part->id,
                   rig_part_kind_to_string (part->kind), named ? "" : part->vendor,
                   named ? "" : " ", part->name,
                   part->price_cents == RIG_MONEY_UNKNOWN ? "no price" : price);
    }
  return 0;
}

/* catalog show --------------------------------------------------------------------------- */

static void
add_field_json (JsonBuilder    *b,
                const RigField *f,
                gconstpointer   record)
{
  json_builder_set_member_name (b, f->name);
  if (!rig_field_is_known (f, record))
    {
      json_builder_add_null_value (b);
      return;
    }
  switch (f->type)
    {
    case RIG_FIELD_NUMBER:
    case RIG_FIELD_INTEGER:
      {
        double v = *RIG_FIELD_PTR (record, f, const double);
        if (f->type == RIG_FIELD_INTEGER)
          json_builder_add_int_value (b, (gint64) v);
        else
          json_builder_add_double_value (b, v);
      }
      break;
    case RIG_FIELD_BOOL:
      json_builder_add_boolean_value (b, *RIG_FIELD_PTR (record, f, const int));
      break;
    case RIG_FIELD_MONEY:
      json_builder_add_double_value (b, rig_money_to_major (*RIG_FIELD_PTR (record, f, const gint64)));
      break;
    case RIG_FIELD_TEXT:
    case RIG_FIELD_ID:
    case RIG_FIELD_ENUM:
    case RIG_FIELD_DATE:
    default:
      json_builder_add_string_value (b, *RIG_FIELD_PTR (record, f, char * const));
      break;
    }
}

static void
print_record (const RigTable *table,
              gconstpointer   record,
              const char     *kind)
{
  guint width = 0;

  for (guint i = 0; i < table->n_fields; i++)
    width = MAX (width, g_utf8_strlen (_(table->fields[i].label), -1));
  if (kind != NULL)
    printf ("%-*s  %s\n", (int) width, "Kind", kind);
  for (guint i = 0; i < table->n_fields; i++)
    {
      const RigField *f = &table->fields[i];
      g_autofree char *text = rig_field_to_text (f, record);
      int pad = (int) width - (int) g_utf8_strlen (_(f->label), -1);

      print_clean (stdout, "%s%*s  %s\n", _(f->label), pad, "", text ? text : "unknown");
    }
}

static int
cmd_catalog_show (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("ID — show a part with every spec");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = NULL;
  g_autoptr(RigPart) part = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context, "Example: rigplan-cli catalog show nvidia-rtx-4090\n");
  if (!parse_arguments (context, &argc, &argv, 1, 1, "give exactly one part id"))
    return EXIT_USAGE;

  if (!(catalog = open_catalog (&error)))
    return input_error (error);
  if (!(part = rig_catalog_get_part (catalog, argv[1], &error)))
    return input_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      const RigTable *table = rig_part_table (part->kind);

      json_builder_begin_object (b);
      rig_json_add_string (b, "kind", rig_part_kind_to_string (part->kind));
      for (guint i = 0; i < table->n_fields; i++)
        add_field_json (b, &table->fields[i], part);
      json_builder_end_object (b);
      print_json (b);
      return 0;
    }

  print_record (rig_part_table (part->kind), part, rig_part_kind_label (part->kind));
  return 0;
}

/* catalog coverage ----------------------------------------------------------------------- */

typedef struct
{
  const char *table;
  const char *column;
  guint       known;
  guint       rows;
} Coverage;

static void
count_table (GArray         *out,
             const RigTable *table,
             GPtrArray      *records)
{
  for (guint f = 0; f < table->n_fields; f++)
    {
      Coverage c = { table->name, table->fields[f].name, 0, records->len };

      for (guint i = 0; i < records->len; i++)
        c.known += rig_field_is_known (&table->fields[f], g_ptr_array_index (records, i));
      g_array_append_val (out, c);
    }
}

static int
cmd_catalog_coverage (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— how many rows of each kind have "
                                                            "each value");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = NULL;
  g_autoptr(GArray) coverage = g_array_new (FALSE, FALSE, sizeof (Coverage));
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GPtrArray) quants = NULL;
  gboolean json = FALSE, gaps = FALSE;
  const GOptionEntry entries[] = {
    { "gaps", 0, 0, G_OPTION_ARG_NONE, &gaps, "Only the columns some rows lack", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "A value the catalog lacks is \"not checked\" in a plan, never a pass or a failure; this\n"
    "shows where those gaps are. Example: rigplan-cli catalog coverage --gaps\n");
  if (!parse_arguments (context, &argc, &argv, 0, 0, "catalog coverage takes no arguments"))
    return EXIT_USAGE;
  if (!(catalog = open_catalog (&error)))
    return input_error (error);

  for (int k = 0; k < RIG_PART_N_KINDS; k++)
    {
      g_autoptr(GPtrArray) parts = rig_catalog_search (catalog, "", k, 0, &error);

      if (parts == NULL)
        return input_error (error);
      count_table (coverage, rig_part_table (k), parts);
    }
  if (!(models = rig_catalog_list_models (catalog, &error)) ||
      !(quants = rig_catalog_list_quants (catalog, &error)))
    return input_error (error);
  count_table (coverage, rig_model_table (), models);
  count_table (coverage, rig_quant_table (), quants);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      const char *table = NULL;

      json_builder_begin_object (b);
      for (guint i = 0; i < coverage->len; i++)
        {
          const Coverage *c = &g_array_index (coverage, Coverage, i);

          if (table == NULL || !g_str_equal (table, c->table))
            {
              if (table != NULL)
                json_builder_end_object (json_builder_end_object (b));
              table = c->table;
              json_builder_set_member_name (b, table);
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "rows");
              json_builder_add_int_value (b, c->rows);
              json_builder_set_member_name (b, "columns");
              json_builder_begin_object (b);
            }
          if (gaps && c->known == c->rows)
            continue;
          json_builder_set_member_name (b, c->column);
          json_builder_add_int_value (b, c->known);
        }
      if (table != NULL)
        json_builder_end_object (json_builder_end_object (b));
      json_builder_end_object (b);
      print_json (b);
      return 0;
    }

  printf ("%-12s %-26s %9s %6s\n", "KIND", "COLUMN", "ROWS", "SHARE");
  for (guint i = 0; i < coverage->len; i++)
    {
      const Coverage *c = &g_array_index (coverage, Coverage, i);
      g_autofree char *counts = g_strdup_printf ("%u/%u", c->known, c->rows);

      if (gaps && c->known == c->rows)
        continue;
      printf ("%-12s %-26s %9s %5.0f%%\n", c->table, c->column, counts,
              c->rows ? 100.0 * c->known / c->rows : 0.0);
    }
  return 0;
}

static int
cmd_catalog (int    argc,
             char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "search"))
    return cmd_catalog_search (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "show"))
    return cmd_catalog_show (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "coverage"))
    return cmd_catalog_coverage (argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      printf ("Usage: rigplan-cli catalog search TEXT [--kind KIND] [--json]\n"
              "       rigplan-cli catalog show ID [--json]\n"
              "       rigplan-cli catalog coverage [--gaps] [--json]\n");
      return 0;
    }
  fprintf (stderr, "rigplan-cli: catalog needs “search”, “show” or “coverage” (see rigplan-cli "
                   "catalog --help)\n");
  return EXIT_USAGE;
}

/* models --------------------------------------------------------------------------------- */

static int
cmd_models (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— list the models in the catalog");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = NULL;
  g_autoptr(GPtrArray) models = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_arguments (context, &argc, &argv, 0, 0, "models takes no arguments"))
    return EXIT_USAGE;

  if (!(catalog = open_catalog (&error)))
    return input_error (error);
  if (!(models = rig_catalog_list_models (catalog, &error)))
    return input_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < models->len; i++)
        {
          RigModel *m = g_ptr_array_index (models, i);

          json_builder_begin_object (b);
          rig_json_add_string (b, "id", m->id);
          rig_json_add_string (b, "name", m->name);
          rig_json_add_string (b, "modality", m->modality);
          rig_json_add_number (b, "params_b", m->params_b);
          rig_json_add_number (b, "active_params_b",
                              RIG_IS_KNOWN (m->active_params_b) ? m->active_params_b : m->params_b);
          rig_json_add_number (b, "layers", m->layers);
          rig_json_add_number (b, "context_max", m->context_max);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return 0;
    }

  printf ("%-32s %-36s %10s %10s\n", "ID", "NAME", "PARAMS (B)", "CONTEXT");
  for (guint i = 0; i < models->len; i++)
    {
      RigModel *m = g_ptr_array_index (models, i);
      g_autofree char *ctx = RIG_IS_KNOWN (m->context_max)
                               ? g_strdup_printf ("%.0f", m->context_max) : g_strdup ("—");

      printf ("%-32s %-36s %10.2f %10s\n", m->id, m->name, m->params_b, ctx);
    }
  return 0;
}

/* plan ----------------------------------------------------------------------------------- */

static RigBuild *
load_resolved_build (RigCatalog *catalog,
                     const char *path,
                     GError    **error)
{
  g_autoptr(RigBuild) build = NULL;
  g_autoptr(GError) local = NULL;

  if (!(build = rig_build_file_load (path, error)))
    return NULL;
  if (!rig_catalog_resolve_build (catalog, build, &local))
    {
      g_autofree char *base = g_path_get_basename (path);
      g_set_error (error, local->domain, local->code, "%s: %s", base, local->message);
      return NULL;
    }
  /* Prices from the user's price sources, when there is a library; a library that does not
   * open does not stop a plan, it only leaves the catalog's prices. */
  {
    g_autoptr(RigLibrary) library = open_library (FALSE, &local);

    if (library != NULL)
      rig_library_apply_prices (library, build);
    else if (local != NULL)
      print_clean (stderr, "rigplan-cli: %s (using catalog prices)\n", local->message);
  }
  return g_steal_pointer (&build);
}

static void
plan_json (const RigBuild  *build,
           const RigReport *report)
{
  g_autoptr(JsonNode) root = rig_plan_to_json (build, report);

  print_json_node (root);
}

static void
plan_text (const RigBuild  *build,
           const RigReport *report)
{
  g_autofree char *text = rig_plan_to_text (build, report);

  /* The text quotes the build file and the catalog: control characters are replaced. */
  print_clean (stdout, "%s", text);
}

static int
cmd_plan (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("BUILD.json — plan a build");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = NULL;
  g_autoptr(RigBuild) build = NULL;
  gboolean json = FALSE;
  RigReport report;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the report as JSON", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Exit status is 0 even when the build has errors among its findings.\n"
    "Example: rigplan-cli plan dual-3090.json --json\n");
  if (!parse_arguments (context, &argc, &argv, 1, 1, "give exactly one build file"))
    return EXIT_USAGE;

  if (!(catalog = open_catalog (&error)))
    return input_error (error);
  if (!(build = load_resolved_build (catalog, argv[1], &error)))
    return input_error (error);

  rig_report_init (&report);
  rig_plan_evaluate (build, &report);
  if (json)
    plan_json (build, &report);
  else
    plan_text (build, &report);
  rig_report_clear (&report);
  return 0;
}

/* suggest -------------------------------------------------------------------------------- */

/* Every part of the catalog, to search. */
static GPtrArray *
all_parts (RigCatalog *catalog,
           GError    **error)
{
  return rig_catalog_search (catalog, "", -1, 0, error);
}

static void
suggest_workloads_json (JsonBuilder     *b,
                        const RigReport *report)
{
  json_builder_set_member_name (b, "workloads");
  json_builder_begin_array (b);
  for (guint w = 0; w < report->workloads->len; w++)
    {
      const RigWorkloadResult *r = &g_array_index (report->workloads, RigWorkloadResult, w);

      json_builder_begin_object (b);
      rig_json_add_string (b, "fit", rig_fit_to_string (r->fit));
      rig_json_add_number (b, "decode_tokens_per_s", round_to (r->decode_tokens_per_s, 0.1));
      rig_json_add_number (b, "prefill_tokens_per_s", round_to (r->prefill_tokens_per_s, 1));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
suggest_json (const RigSearchRequest *request,
              const RigSearchResult  *result,
              guint                   searched)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  rig_json_add_string (b, "currency", request->base->settings.currency);
  rig_json_add_number (b, "parts_searched", searched);
  rig_json_add_number (b, "plans", (double) result->plans);
  rig_json_add_string (b, "unmet", result->unmet);
  /* When the budget is what fails: the least that would do, in the request's currency. */
  rig_json_add_money (b, "needed_budget", result->needed_budget_minor >= 0 ? result->needed_budget_minor
                                                                        : RIG_MONEY_UNKNOWN,
                      request->base->settings.currency, NULL);
  json_builder_set_member_name (b, "answers");
  json_builder_begin_array (b);
  for (guint i = 0; i < result->answers->len; i++)
    {
      const RigSearchAnswer *a = g_ptr_array_index (result->answers, i);
      g_autofree char *build_text = rig_build_to_json (a->build);
      g_autoptr(JsonNode) build_node = json_from_string (build_text, NULL);
      RigReport report;
      guint errors = 0, warnings = 0;

      rig_report_init_lean (&report);
      rig_plan_evaluate (a->build, &report);
      rig_report_count_findings (&report, &errors, &warnings);
      json_builder_begin_object (b);
      rig_json_add_string (b, "label", a->label);
      rig_json_add_string (b, "family", rig_family_to_string (a->family));
      rig_json_add_money (b, "price", a->price_minor, request->base->settings.currency, NULL);
      rig_json_add_number (b, "decode_tokens_per_s", round_to (a->decode, 0.1));
      rig_json_add_number (b, "errors", errors);
      rig_json_add_number (b, "warnings", warnings);
      rig_json_add_number (b, "wall_watts", round_to (report.power.wall_w, 1));
      rig_json_add_string (b, "why", a->why);
      suggest_workloads_json (b, &report);
      json_builder_set_member_name (b, "build");
      json_builder_add_value (b, g_steal_pointer (&build_node));
      json_builder_end_object (b);
      rig_report_clear (&report);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  print_json (b);
}

static void
suggest_text (const RigSearchRequest *request,
              const RigSearchResult  *result,
              guint                   searched)
{
  const char *currency = request->base->settings.currency;

  if (result->unmet)
    print_clean (stdout, "No build meets the request. %s\n", result->unmet);
  for (guint i = 0; i < result->answers->len; i++)
    {
      const RigSearchAnswer *a = g_ptr_array_index (result->answers, i);
      g_autofree char *price = rig_money_format_minor (a->price_minor, currency, RIG_MONEY_PLAIN);
      RigReport report;

      rig_report_init_lean (&report);
      rig_plan_evaluate (a->build, &report);
      print_clean (stdout, "%s%s: %s, %s\n  %s\n", i ? "\n" : "", a->label, a->build->name, price,
                   a->why);
      for (guint w = 0; w < report.workloads->len; w++)
        {
          const RigWorkloadResult *r = &g_array_index (report.workloads, RigWorkloadResult, w);
          const RigWorkload *wl = g_ptr_array_index (a->build->workloads, w);

          if (wl->mode == RIG_MODE_INFERENCE)
            print_clean (stdout, "  %s %s: %s, %.1f tokens/s decode\n",
                         wl->model && wl->model->name ? wl->model->name : wl->model_id,
                         wl->quant_id ? wl->quant_id : "", rig_fit_describe (r->fit),
                         r->decode_tokens_per_s);
          else if (!isnan (r->train_tokens_per_s))
            print_clean (stdout, "  %s %s (%s): %s, about %.0f training tokens/s\n",
                         wl->model && wl->model->name ? wl->model->name : wl->model_id,
                         wl->quant_id ? wl->quant_id : "", rig_workload_mode_to_string (wl->mode),
                         rig_fit_describe (r->fit), r->train_tokens_per_s);
          else
            print_clean (stdout, "  %s %s (%s): %s, training speed not known\n",
                         wl->model && wl->model->name ? wl->model->name : wl->model_id,
                         wl->quant_id ? wl->quant_id : "", rig_workload_mode_to_string (wl->mode),
                         rig_fit_describe (r->fit));
        }
      for (guint p = 0; p < a->build->items->len; p++)
        {
          const RigBuildItem *item = g_ptr_array_index (a->build->items, p);
          g_autofree char *name = rig_part_full_name (item->part);
          gint64 unit = 0;
          g_autofree char *shown = NULL;

          rig_build_item_unit_price (a->build, item, &unit);
          shown = rig_money_format_minor (unit * (gint64) item->count, currency, RIG_MONEY_PLAIN);
          print_clean (stdout, "    %-12s %u× %s%s  %s\n", rig_part_kind_to_string (item->part->kind),
                       item->count, name,
                       rig_build_item_is_owned (item) ? " (owned)"
                       : item->condition == RIG_CONDITION_USED ? " (used)" : "", shown);
        }
      /* The search ranks by catalog prices, many of them launch prices: say how old. */
      {
        g_autofree char *dates = rig_catalog_prices_format (a->build);

        if (dates != NULL)
          print_clean (stdout, "    %s\n", dates);
      }
      rig_report_clear (&report);
    }
  print_clean (stdout, "\nSearched the %u parts of the catalog that have a price (or that you own), "
               "with catalog prices; NVLink bridges, risers and network cards are not added. "
               "%" G_GUINT64_FORMAT " plans.\n", searched, result->plans);
}

static int
cmd_suggest (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new ("REQUEST.json — the cheapest builds that meet a request");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = NULL;
  g_autoptr(RigSearchRequest) request = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(RigSearchResult) result = NULL;
  gboolean json = FALSE;
  int more = 3;
  guint searched = 0;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON, each answer with its build file", NULL },
    { "more", 'n', 0, G_OPTION_ARG_INT, &more,
      "After the cheapest, up to N builds each best at something (default 3)", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "The request names the workloads (as in a build file, each with an optional\n"
    "min_decode_tokens_per_s and min_prefill_tokens_per_s) and the constraints: budget,\n"
    "currency and usd_rate, used (kinds that may be bought used), circuit, families\n"
    "(pc, mac, unified), small_form_factor, max_gpus, max_wall_watts, owned and exclude.\n"
    "Exit status is 0 when no build meets the request; the output says why.\n"
    "Example: rigplan-cli suggest request.json -n 3\n");
  if (!parse_arguments (context, &argc, &argv, 1, 1, "give exactly one request file"))
    return EXIT_USAGE;
  if (more < 0 || more > 20)
    return usage_error (context, "--more takes a number from 0 to 20");

  if (!(catalog = open_catalog (&error)))
    return input_error (error);
  if (!(request = rig_search_request_file_load (argv[1], &error)))
    return input_error (error);
  if (!rig_catalog_resolve_build (catalog, request->base, &error))
    {
      g_autofree char *base = g_path_get_basename (argv[1]);
      /* The owned parts are the request's "owned" list. */
      g_autofree char *message = g_str_has_prefix (error->message, "parts[")
                                 ? g_strconcat ("owned[", error->message + strlen ("parts["), NULL)
                                 : g_strdup (error->message);
      print_clean (stderr, "rigplan-cli: %s: %s\n", base, message);
      return EXIT_BAD_INPUT;
    }
  /* A typo in exclude would leave the part in: say so instead. */
  for (guint i = 0; i < request->exclude->len; i++)
    {
      g_autoptr(RigPart) part = rig_catalog_get_part (catalog, g_ptr_array_index (request->exclude, i),
                                                      NULL);

      if (part == NULL)
        {
          g_autofree char *base = g_path_get_basename (argv[1]);

          print_clean (stderr, "rigplan-cli: %s: exclude[%u]: no part “%s” in the catalog\n", base,
                       i, (char *) g_ptr_array_index (request->exclude, i));
          return EXIT_BAD_INPUT;
        }
    }
  if (!(parts = all_parts (catalog, &error)))
    return input_error (error);
  for (guint i = 0; i < parts->len; i++)
    searched += ((RigPart *) g_ptr_array_index (parts, i))->price_cents != RIG_MONEY_UNKNOWN;
  searched += request->base->items->len;

  result = rig_search_run (request, parts, (guint) more);
  if (json)
    suggest_json (request, result, searched);
  else
    suggest_text (request, result, searched);
  return 0;
}

/* capacity ------------------------------------------------------------------------------- */

static double
quant_bits (const char *quant_id,
            gpointer    user_data)
{
  GPtrArray *quants = user_data;

  for (guint i = 0; i < quants->len; i++)
    {
      const RigQuant *q = g_ptr_array_index (quants, i);

      if (g_str_equal (q->id, quant_id))
        return q->bits_per_weight;
    }
  return NAN;
}

static void
capacity_json (const RigBuild           *build,
               const RigCapacityOptions *options,
               GArray                   *entries)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  rig_json_add_string (b, "build", build->name);
  rig_json_add_number (b, "min_tokens_per_s", options->min_tokens_per_s);
  rig_json_add_number (b, "min_bits_per_weight", options->min_bits);
  rig_json_add_number (b, "min_context", options->min_context);
  json_builder_set_member_name (b, "families");
  json_builder_begin_array (b);
  for (guint i = 0; i < entries->len; i++)
    {
      const RigCapacityEntry *e = &g_array_index (entries, RigCapacityEntry, i);

      json_builder_begin_object (b);
      rig_json_add_string (b, "family", e->family);
      rig_json_add_string (b, "model", e->model ? e->model->id : NULL);
      rig_json_add_string (b, "quant", e->quant ? e->quant->id : NULL);
      rig_json_add_number (b, "context", e->model ? e->context : NAN);
      rig_json_add_number (b, "decode_tokens_per_s", e->model ? round_to (e->decode_tokens_per_s, 1) : NAN);
      rig_json_add_string (b, "fit", e->model ? rig_fit_to_string (e->fit) : NULL);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  print_json (b);
}

static void
capacity_text (const RigBuild           *build,
               const RigCapacityOptions *options,
               GArray                   *entries)
{
  printf ("What “%s” can run at %g tokens/s or faster, at %g bits a weight or more, with %u tokens "
          "of context or more:\n\n", *build->name ? build->name : "build", options->min_tokens_per_s,
          options->min_bits, options->min_context);
  printf ("%-22s %-30s %-8s %9s %10s  %s\n", "FAMILY", "LARGEST MODEL", "QUANT", "CONTEXT",
          "DECODE", "WHERE");
  for (guint i = 0; i < entries->len; i++)
    {
      const RigCapacityEntry *e = &g_array_index (entries, RigCapacityEntry, i);

      if (e->model == NULL)
        {
          printf ("%-22s %-30s\n", e->family, "none");
          continue;
        }
      printf ("%-22s %-30s %-8s %9u %6.1f t/s  %s\n", e->family, e->model->name, e->quant->id,
              e->context, e->decode_tokens_per_s, rig_fit_describe (e->fit));
    }
}

static int
cmd_capacity (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("BUILD.json — what a build can run");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = NULL;
  g_autoptr(RigBuild) build = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GPtrArray) quants = NULL;
  g_autoptr(GArray) entries = NULL;
  RigCapacityOptions options;
  RigDeviceSet devices;
  double min_tps = NAN, min_bits = NAN;
  int min_context = 0;
  gboolean json = FALSE;
  const GOptionEntry entries_options[] = {
    { "min-tps", 0, 0, G_OPTION_ARG_DOUBLE, &min_tps,
      "Decode at least N tokens/s at the end of the context (default 10)", "N" },
    { "min-bits", 0, 0, G_OPTION_ARG_DOUBLE, &min_bits,
      "No quantization below N bits a weight (default 4)", "N" },
    { "min-context", 0, 0, G_OPTION_ARG_INT, &min_context,
      "Count only models that run at N tokens of context or more (default 4096)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries_options, NULL);
  g_option_context_set_description (context,
    "For each model family in the catalog: the largest model, the widest llama.cpp quantization\n"
    "and the longest context that fit the build's memory and decode at the speed asked for.\n"
    "Example: rigplan-cli capacity dual-3090.json --min-tps 15\n");
  if (!parse_arguments (context, &argc, &argv, 1, 1, "give exactly one build file"))
    return EXIT_USAGE;
  rig_capacity_options_init (&options);
  if (!isnan (min_tps))
    {
      if (!(min_tps > 0 && min_tps <= 100000))
        return usage_error (context, "--min-tps takes a number of tokens/s above 0");
      options.min_tokens_per_s = min_tps;
    }
  if (!isnan (min_bits))
    {
      if (!(min_bits >= 1 && min_bits <= 16))
        return usage_error (context, "--min-bits takes a number of bits from 1 to 16");
      options.min_bits = min_bits;
    }
  if (min_context != 0)
    {
      if (min_context < 256 || min_context > 16777216)
        return usage_error (context, "--min-context takes a number of tokens from 256");
      options.min_context = (guint) min_context;
    }

  if (!(catalog = open_catalog (&error)))
    return input_error (error);
  if (!(build = load_resolved_build (catalog, argv[1], &error)))
    return input_error (error);
  if (!(models = rig_catalog_list_models (catalog, &error)) ||
      !(quants = rig_catalog_list_quants (catalog, &error)))
    return input_error (error);

  options.lookup = quant_bits;
  options.lookup_data = quants;
  rig_device_set_from_build (build, &devices);
  entries = rig_capacity_evaluate (&devices, models, quants, &options);
  if (json)
    capacity_json (build, &options, entries);
  else
    capacity_text (build, &options, entries);
  return 0;
}

/* export --------------------------------------------------------------------------------- */

static gboolean
write_text (const char  *output,
            const char  *text,
            GError     **error)
{
  if (output == NULL)
    {
      print_clean (stdout, "%s", text);
      return TRUE;
    }
  /* g_file_set_contents() writes a temporary file and renames it over @output: a failed
   * export never leaves half a file where the old one was. */
  return g_file_set_contents (output, text, -1, error);
}

static gboolean
parse_size (const char *text,
            int        *width,
            int        *height)
{
  g_auto(GStrv) parts = NULL;
  guint64 w, h;

  if (text == NULL)
    return TRUE;
  parts = g_strsplit (text, "x", 2);
  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 1, 8192, &w, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, 8192, &h, NULL))
    return FALSE;
  *width = w;
  *height = h;
  return TRUE;
}

static int
cmd_export (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("BUILD.json — export a parts list, "
                                                            "a report or a chart");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = NULL;
  g_autoptr(RigBuild) build = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *paper_text = NULL;
  g_autofree char *chart_text = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *text = NULL;
  gboolean dark = FALSE;
  int workload = 1;
  int paper = RIG_PAPER_A4;
  int chart = -1;
  int width = 960, height = 400;
  RigReport report;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      "csv, markdown, bbcode, text, html, json, pdf or png", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to FILE instead of standard output (needed for pdf and png)", "FILE" },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_text, "pdf: a4 (default) or letter", "PAPER" },
    { "chart", 0, 0, G_OPTION_ARG_STRING, &chart_text, "png: memory, power, pcie or cost",
      "CHART" },
    { "workload", 0, 0, G_OPTION_ARG_INT, &workload, "png memory chart: which workload (from 1)",
      "N" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size_text, "png: WIDTHxHEIGHT in pixels (default 960x400)",
      "SIZE" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "png: dark background", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "markdown is the Type|Item|Price table people paste into Reddit; bbcode suits forums;\n"
    "html is one self-contained page. The text formats, html and pdf include the plan.\n"
    "Examples:\n"
    "  rigplan-cli export dual-3090.json --format markdown\n"
    "  rigplan-cli export dual-3090.json --format pdf --paper letter -o report.pdf\n"
    "  rigplan-cli export dual-3090.json --format png --chart power -o power.png\n");
  if (!parse_arguments (context, &argc, &argv, 1, 1, "give exactly one build file"))
    return EXIT_USAGE;
  if (format == NULL)
    return usage_error (context, "--format is required");
  if (!g_str_equal (format, "json") && !g_str_equal (format, "pdf") && !g_str_equal (format, "png")
      && rig_export_format_from_string (format) < 0)
    return usage_error (context,
                        "--format must be csv, markdown, bbcode, text, html, json, pdf or png");
  if (paper_text != NULL && (paper = rig_paper_from_string (paper_text)) < 0)
    return usage_error (context, "--paper must be a4 or letter");
  if ((g_str_equal (format, "pdf") || g_str_equal (format, "png")) && output == NULL)
    return usage_error (context, "pdf and png need --output FILE");
  if (g_str_equal (format, "png"))
    {
      if (chart_text == NULL || (chart = rig_chart_kind_from_string (chart_text)) < 0)
        return usage_error (context, "png needs --chart memory, power, pcie or cost");
      if (!parse_size (size_text, &width, &height))
        return usage_error (context, "--size must be WIDTHxHEIGHT, each 1 to 8192");
      if (workload < 1)
        return usage_error (context, "--workload counts from 1");
    }
  else if (chart_text != NULL)
    return usage_error (context, "--chart goes with --format png");

  if (!(catalog = open_catalog (&error)))
    return input_error (error);
  if (!(build = load_resolved_build (catalog, argv[1], &error)))
    return input_error (error);

  if (g_str_equal (format, "json"))
    {
      text = rig_build_to_json (build);
      return write_text (output, text, &error) ? 0 : input_error (error);
    }

  rig_report_init (&report);
  rig_plan_evaluate (build, &report);
  if (g_str_equal (format, "pdf"))
    ok = rig_report_pdf_write (build, &report, paper, NULL, output, &error);
  else if (g_str_equal (format, "png"))
    {
      if (chart == RIG_CHART_MEMORY && (guint) workload > build->workloads->len)
        {
          rig_report_clear (&report);
          fprintf (stderr, "rigplan-cli: the build has %u workload(s); there is no workload %d\n",
                   build->workloads->len, workload);
          return EXIT_BAD_INPUT;
        }
      ok = rig_chart_png_write (chart, build, &report, workload - 1, width, height, dark, output,
                                &error);
    }
  else
    {
      text = rig_export_build (build, &report, rig_export_format_from_string (format), NULL);
      ok = write_text (output, text, &error);
    }
  rig_report_clear (&report);
  return ok ? 0 : input_error (error);
}

/* import --------------------------------------------------------------------------------- */

static int
cmd_import (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("PARTS.csv — turn a CSV parts list "
                                                            "into a build file");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = NULL;
  g_autoptr(RigBuild) build = NULL;
  g_autoptr(GPtrArray) unmatched = NULL;
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  gsize length;
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, "Name of the build (default: the file name)",
      "NAME" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the build to FILE instead of standard output", "FILE" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "The CSV needs a header with an id or name column; count, condition, price and kind\n"
    "columns are read when present. Rows that match no catalog part are listed on standard\n"
    "error and left out.\nExample: rigplan-cli import parts.csv -o build.json\n");
  if (!parse_arguments (context, &argc, &argv, 1, 1, "give exactly one CSV file"))
    return EXIT_USAGE;

  if (!rig_read_input_file (argv[1], RIG_INPUT_FILE_MAX_BYTES, &data, &length, &error))
    return input_error (error);
  if (name == NULL)
    {
      g_autofree char *base = g_path_get_basename (argv[1]);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      name = g_strdup (base);
    }
  if (!(catalog = open_catalog (&error)))
    return input_error (error);
  if (!(build = rig_import_csv_parts (catalog, data, length, name, &unmatched, &error)))
    {
      print_clean (stderr, "rigplan-cli: %s: %s\n", argv[1], error->message);
      return EXIT_BAD_INPUT;
    }
  for (guint i = 0; unmatched != NULL && i < unmatched->len; i++)
    print_clean (stderr, "rigplan-cli: %s: %s\n", argv[1],
                 (char *) g_ptr_array_index (unmatched, i));

  text = rig_build_to_json (build);
  return write_text (output, text, &error) ? 0 : input_error (error);
}

/* compare -------------------------------------------------------------------------------- */

static void
compare_json (const RigComparison *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "builds");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->n; i++)
    json_builder_add_string_value (b, c->names[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint r = 0; r < c->rows->len; r++)
    {
      const RigCompareRow *row = g_ptr_array_index (c->rows, r);

      json_builder_begin_object (b);
      rig_json_add_string (b, "section", row->section);
      rig_json_add_string (b, "label", row->label);
      rig_json_add_string (b, "unit", row->unit);
      rig_json_add_string (b, "better", row->better == RIG_BETTER_LOWER ? "lower"
                                       : row->better == RIG_BETTER_HIGHER ? "higher" : NULL);
      json_builder_set_member_name (b, "values");
      json_builder_begin_array (b);
      for (guint i = 0; i < c->n; i++)
        {
          if (row->better == RIG_BETTER_NONE || isnan (row->values[i]))
            json_builder_add_string_value (b, row->texts[i]);
          else if (isinf (row->values[i]))
            json_builder_add_string_value (b, "never");
          else
            json_builder_add_double_value (b, row->values[i]);
        }
      json_builder_end_array (b);
      rig_json_add_number (b, "best", row->best >= 0 ? row->best : NAN);
      json_builder_set_member_name (b, "differs");
      json_builder_add_boolean_value (b, row->differs);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  print_json (b);
}

/* Prints @text in @width columns (characters, not bytes), cut or padded. */
static void
print_cell (const char *text,
            guint       width)
{
  glong chars = g_utf8_strlen (text, -1);

  if ((guint) chars > width)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, width - 1);
      print_clean (stdout, "%s…", cut);
    }
  else
    print_clean (stdout, "%s%*s", text, (int) (width - chars), "");
}

static void
compare_text (const RigComparison *c)
{
  const char *section = NULL;

  print_cell ("", 44);
  for (guint i = 0; i < c->n; i++)
    {
      printf ("  ");
      print_cell (c->names[i], 22);
    }
  printf ("\n");
  for (guint r = 0; r < c->rows->len; r++)
    {
      const RigCompareRow *row = g_ptr_array_index (c->rows, r);
      g_autofree char *label = *row->unit ? g_strdup_printf ("%s (%s)", row->label, row->unit)
                                          : g_strdup (row->label);

      if (g_strcmp0 (section, row->section) != 0)
        printf ("%s\n", section = row->section);
      printf ("  ");
      print_cell (label, 42);
      for (guint i = 0; i < c->n; i++)
        {
          g_autofree char *cell = g_strdup_printf ("%s%s", row->texts[i], (int) i == row->best ? " *" : "");
          printf ("  ");
          print_cell (cell, 22);
        }
      printf ("\n");
    }
  printf ("\n* best of the row\n");
}

static int
cmd_compare (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new ("A.json B.json [C.json D.json] — compare builds side by side");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = NULL;
  g_autoptr(RigComparison) comparison = NULL;
  RigBuild *builds[RIG_COMPARE_MAX] = { NULL };
  RigReport reports[RIG_COMPARE_MAX];
  const RigBuild *build_ptrs[RIG_COMPARE_MAX];
  const RigReport *report_ptrs[RIG_COMPARE_MAX];
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *paper_text = NULL;
  gboolean json = FALSE;
  int paper = RIG_PAPER_A4;
  guint n;
  int status = 0;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      "csv, markdown, bbcode, text, html or pdf instead of the table", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to FILE instead of standard output (needed for pdf)", "FILE" },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_text, "pdf: a4 (default) or letter", "PAPER" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Rows: parts, each workload's fit and tokens/s, power, PCIe, heat and cost; the best value\n"
    "of each row is marked.\nExamples:\n"
    "  rigplan-cli compare dual-3090.json one-4090.json\n"
    "  rigplan-cli compare dual-3090.json one-4090.json --format pdf -o compare.pdf\n");
  if (!parse_arguments (context, &argc, &argv, 2, RIG_COMPARE_MAX, "give two to four build files"))
    return EXIT_USAGE;
  if (format != NULL && json)
    return usage_error (context, "--json and --format do not go together");
  if (format != NULL && !g_str_equal (format, "pdf") && rig_export_format_from_string (format) < 0)
    return usage_error (context, "--format must be csv, markdown, bbcode, text, html or pdf");
  if (paper_text != NULL && (paper = rig_paper_from_string (paper_text)) < 0)
    return usage_error (context, "--paper must be a4 or letter");
  if (format != NULL && g_str_equal (format, "pdf") && output == NULL)
    return usage_error (context, "pdf needs --output FILE");

  if (!(catalog = open_catalog (&error)))
    return input_error (error);
  n = argc - 1;
  for (guint i = 0; i < n; i++)
    {
      if (!(builds[i] = load_resolved_build (catalog, argv[i + 1], &error)))
        {
          status = input_error (error);
          n = i;
          goto out;
        }
      rig_report_init (&reports[i]);
      rig_plan_evaluate (builds[i], &reports[i]);
      build_ptrs[i] = builds[i];
      report_ptrs[i] = &reports[i];
    }

  comparison = rig_compare (build_ptrs, report_ptrs, n);
  if (format != NULL && g_str_equal (format, "pdf"))
    {
      if (!rig_comparison_pdf_write (comparison, paper, NULL, output, &error))
        status = input_error (error);
    }
  else if (format != NULL)
    {
      g_autofree char *text =
        rig_export_comparison (comparison, rig_export_format_from_string (format), NULL);

      if (!write_text (output, text, &error))
        status = input_error (error);
    }
  else if (json)
    compare_json (comparison);
  else
    compare_text (comparison);

out:
  for (guint i = 0; i < n; i++)
    {
      rig_report_clear (&reports[i]);
      rig_build_free (builds[i]);
    }
  return status;
}

/* prices --------------------------------------------------------------------------------- */

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (unix_time);
  return t ? g_date_time_format (t, "%Y-%m-%d %H:%M UTC") : g_strdup ("—");
}

static int
prices_sources (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— list the price sources");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = NULL;
  g_autoptr(GPtrArray) sources = NULL;

  if (!parse_arguments (context, &argc, &argv, 0, G_MAXINT, NULL))
    return EXIT_USAGE;
  if (!(library = open_library (TRUE, &error)) || !(sources = rig_library_list_sources (library, &error)))
    return input_error (error);
  if (sources->len == 0)
    printf ("No price sources. Add one with: rigplan-cli prices add-source URL\n");
  for (guint i = 0; i < sources->len; i++)
    {
      RigPriceSource *s = g_ptr_array_index (sources, i);
      g_autofree char *url = rig_url_redact (s->url);
      g_autofree char *checked = s->checked_at ? format_time (s->checked_at) : g_strdup ("never");

      print_clean (stdout, "%" G_GINT64_FORMAT "  %-8s %s%s\n    %s\n    last refresh: %s%s%s\n",
                   s->id, rig_price_source_kind_to_string (s->kind), s->name,
                   s->enabled ? "" : " (off)", url, checked, s->status ? " — " : "",
                   s->status ? s->status : "");
    }
  return 0;
}

static int
prices_add_source (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("URL — add a price feed");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = NULL;
  g_autofree char *name = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *kind_text = NULL;
  int kind = RIG_PRICE_SOURCE_FEED;
  gint64 id;
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, "What to call it (default: the host)", "NAME" },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind_text, "feed (default) or bestbuy", "KIND" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "A feed is JSON or CSV in the format of docs/price-feed.md. Nothing is fetched until\n"
    "`rigplan-cli prices refresh`.\n");
  if (!parse_arguments (context, &argc, &argv, 1, 1, "give exactly one URL"))
    return EXIT_USAGE;
  if (kind_text != NULL && (kind = rig_price_source_kind_from_string (kind_text)) < 0)
    return usage_error (context, "--kind must be feed or bestbuy");
  if (!rig_url_check (argv[1], &error))
    return input_error (error);
  if (name == NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (argv[1], G_URI_FLAGS_NONE, NULL);
      name = g_strdup (uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : argv[1]);
    }
  /* The name is stored and listed: an ESC sequence in it would act at every listing. */
  clean_name = rig_text_sanitize (name);
  if (!(library = open_library (TRUE, &error))
      || !(id = rig_library_add_source (library, kind, clean_name, argv[1], &error)))
    return input_error (error);
  print_clean (stdout, "Added price source %" G_GINT64_FORMAT ", “%s”.\n", id, clean_name);
  return 0;
}

static int
prices_remove_source (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("ID — remove a price source");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = NULL;
  guint64 id;

  if (!parse_arguments (context, &argc, &argv, 1, 1, "give the number `prices sources` shows"))
    return EXIT_USAGE;
  if (!g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    return usage_error (context, "give the number `prices sources` shows");
  if (!(library = open_library (TRUE, &error)) || !rig_library_remove_source (library, id, &error))
    return input_error (error);
  printf ("Removed price source %" G_GUINT64_FORMAT "; the prices it reported stay in the history.\n",
          id);
  return 0;
}

static int
prices_history (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("PART-ID — every price seen for a part");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = NULL;
  g_autoptr(RigCatalog) catalog = NULL;
  g_autoptr(RigPart) part = NULL;
  g_autoptr(GPtrArray) prices = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_arguments (context, &argc, &argv, 1, 1, "give exactly one part id"))
    return EXIT_USAGE;
  if (!(catalog = open_catalog (&error)) || !(part = rig_catalog_get_part (catalog, argv[1], &error)))
    return input_error (error);
  if (!(library = open_library (TRUE, &error)) || !(prices = rig_library_list_prices (library, argv[1], &error)))
    return input_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < prices->len; i++)
        {
          RigPriceObservation *o = g_ptr_array_index (prices, i);

          json_builder_begin_object (b);
          rig_json_add_string (b, "source", o->source);
          rig_json_add_string (b, "condition", rig_condition_to_string (o->condition));
          json_builder_set_member_name (b, "amount");
          json_builder_add_double_value (b, rig_money_to_major (o->amount_minor));
          rig_json_add_string (b, "currency", o->currency);
          json_builder_set_member_name (b, "observed_at");
          json_builder_add_int_value (b, o->observed_at);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return 0;
    }

  print_clean (stdout, "%s\n", part->name);
  if (part->price_cents != RIG_MONEY_UNKNOWN)
    printf ("  catalog      new   %10.2f USD  %s\n", rig_money_to_major (part->price_cents),
            part->price_date ? part->price_date : "");
  if (prices->len == 0)
    printf ("  No prices from price sources yet.\n");
  for (guint i = 0; i < prices->len; i++)
    {
      RigPriceObservation *o = g_ptr_array_index (prices, i);
      g_autofree char *when = format_time (o->observed_at);

      print_clean (stdout, "  %-12s %-5s %10.2f %s  %s\n", o->source,
                   rig_condition_to_string (o->condition), rig_money_to_major (o->amount_minor), o->currency,
                   when);
    }
  return 0;
}

static int
prices_set_rate (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("CURRENCY PER-USD — a currency rate");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = NULL;
  double rate;
  char *end = NULL;

  g_option_context_set_description (context,
    "Prices in other currencies are converted only with rates given here or by a feed.\n"
    "Example: rigplan-cli prices set-rate EUR 0.92   (0.92 euros to the US dollar)\n");
  if (!parse_arguments (context, &argc, &argv, 2, 2, "give a currency code and how many of it buy one US dollar"))
    return EXIT_USAGE;
  rate = g_ascii_strtod (argv[2], &end);
  if (end == argv[2] || *end != '\0')
    return usage_error (context, "the rate must be a number");
  if (!(library = open_library (TRUE, &error))
      || !rig_library_set_fx_rate (library, argv[1], rate, "user", g_get_real_time () / G_USEC_PER_SEC,
                                   &error))
    return input_error (error);
  return 0;
}

typedef struct
{
  GMainLoop    *loop;
  GPtrArray    *outcomes;
  GError       *error;
  gboolean      tty;
} RefreshRun;

static void
refresh_progress (guint    done,
                  guint    total,
                  gpointer user_data)
{
  RefreshRun *run = user_data;

  if (run->tty)
    fprintf (stderr, "\rFetched %u of %u%s", done, total, done == total ? "\n" : "");
}

static void
refresh_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RefreshRun *run = user_data;

  run->outcomes = rig_price_refresh_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
on_interrupt (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

static int
prices_refresh (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— fetch today's prices from the price sources");
  g_autoptr(GError) error = NULL;
  g_autoptr(RigLibrary) library = NULL;
  g_autoptr(RigCatalog) catalog = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *only = NULL;
  RefreshRun run = { loop, NULL, NULL, isatty (fileno (stderr)) };
  RigFetchOptions options;
  gboolean json = FALSE;
  guint interrupt;
  int status = 0;
  const GOptionEntry entries[] = {
    { "source", 's', 0, G_OPTION_ARG_STRING, &only, "Only this source (its name or number)", "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Each source is fetched over HTTPS (or HTTP) with a 20 s timeout and retries; a source that\n"
    "did not change answers 304 and costs nothing. What a response gets wrong is listed, and a\n"
    "response that is not a price feed stores nothing. Ctrl+C cancels.\n");
  if (!parse_arguments (context, &argc, &argv, 0, 0, "prices refresh takes no arguments"))
    return EXIT_USAGE;
  if (!(catalog = open_catalog (&error)) || !(library = open_library (TRUE, &error)))
    return input_error (error);

  rig_fetch_options_init (&options);
  interrupt = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  rig_price_refresh_async (library, catalog, only, &options, cancellable, refresh_progress, &run,
                           refresh_done, &run);
  g_main_loop_run (loop);
  g_source_remove (interrupt);
  if (run.outcomes == NULL)
    {
      status = input_error (run.error);
      g_clear_error (&run.error);
      return status;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < run.outcomes->len; i++)
        {
          RigRefreshOutcome *o = g_ptr_array_index (run.outcomes, i);

          json_builder_begin_object (b);
          rig_json_add_string (b, "source", o->name);
          json_builder_set_member_name (b, "ok");
          json_builder_add_boolean_value (b, o->ok);
          json_builder_set_member_name (b, "not_modified");
          json_builder_add_boolean_value (b, o->not_modified);
          json_builder_set_member_name (b, "prices_added");
          json_builder_add_int_value (b, o->prices_added);
          json_builder_set_member_name (b, "rates_added");
          json_builder_add_int_value (b, o->rates_added);
          rig_json_add_string (b, "message", o->message);
          json_builder_set_member_name (b, "rejected");
          json_builder_begin_array (b);
          for (guint k = 0; k < o->rejected->len; k++)
            json_builder_add_string_value (b, g_ptr_array_index (o->rejected, k));
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
    }
  else
    for (guint i = 0; i < run.outcomes->len; i++)
      {
        RigRefreshOutcome *o = g_ptr_array_index (run.outcomes, i);

        print_clean (stdout, "%s: %s\n", o->name, o->message);
        for (guint k = 0; k < o->rejected->len && k < 20; k++)
          print_clean (stdout, "  left out: %s\n", (char *) g_ptr_array_index (o->rejected, k));
        if (o->rejected->len > 20)
          printf ("  … and %u more left out\n", o->rejected->len - 20);
      }
  /* Every source failing is bad input; some failing is reported above and still a success. */
  for (guint i = 0; i < run.outcomes->len; i++)
    if (((RigRefreshOutcome *) g_ptr_array_index (run.outcomes, i))->ok)
      goto done;
  status = EXIT_BAD_INPUT;
done:
  g_ptr_array_unref (run.outcomes);
  return status;
}

static void
key_stored (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  RefreshRun *run = user_data;

  if (!rig_secret_store_key_finish (result, &run->error))
    g_assert (run->error != NULL);
  g_main_loop_quit (run->loop);
}

static int
prices_set_key (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("bestbuy — keep an API key in the keyring");
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  RefreshRun run = { loop, NULL, NULL, FALSE };
  char line[512] = "";
  g_autofree char *key = NULL;

  g_option_context_set_description (context,
    "Reads the key from standard input (so it stays out of the shell's history) and stores it\n"
    "in the keyring; an empty line forgets it. RIGPLAN_BESTBUY_KEY, when set, wins over it.\n"
    "Example: rigplan-cli prices set-key bestbuy < key.txt\n");
  if (!parse_arguments (context, &argc, &argv, 1, 1, "the only source with a key is bestbuy"))
    return EXIT_USAGE;
  if (!g_str_equal (argv[1], "bestbuy"))
    return usage_error (context, "the only source with a key is bestbuy");
  if (isatty (fileno (stdin)))
    fprintf (stderr, "Best Buy API key: ");
  if (fgets (line, sizeof line, stdin) == NULL && ferror (stdin))
    return usage_error (context, "could not read the key");
  key = g_strstrip (g_strdup (line));
  memset (line, 0, sizeof line);
  rig_secret_store_key_async ("bestbuy", key, NULL, key_stored, &run);
  g_main_loop_run (loop);
  if (run.error != NULL)
    {
      int status = input_error (run.error);
      g_clear_error (&run.error);
      return status;
    }
  printf (*key ? "The Best Buy key is in your keyring.\n" : "The Best Buy key was forgotten.\n");
  return 0;
}

static int
cmd_prices (int    argc,
            char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "sources"))
    return prices_sources (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "add-source"))
    return prices_add_source (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "remove-source"))
    return prices_remove_source (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "history"))
    return prices_history (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "set-rate"))
    return prices_set_rate (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "refresh"))
    return prices_refresh (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "set-key"))
    return prices_set_key (argc - 1, argv + 1);
  fprintf (stderr, "Usage: rigplan-cli prices sources|add-source URL|remove-source ID|refresh|"
                   "history PART-ID|set-rate CURRENCY RATE|set-key bestbuy\n");
  return EXIT_USAGE;
}

/* main ----------------------------------------------------------------------------------- */

static void
print_usage (FILE *out)
{
  fprintf (out,
           "Usage: rigplan-cli [--catalog FILE] COMMAND [ARGS…]\n"
           "\n"
           "Plan an AI/ML workstation from the command line.\n"
           "\n"
           "Commands:\n"
           "  catalog search TEXT [--kind KIND] [--json]   find parts\n"
           "  catalog show ID [--json]                     a part with every spec\n"
           "  catalog coverage [--gaps] [--json]           how many rows have each value\n"
           "  models [--json]                              the models in the catalog\n"
           "  plan BUILD.json [--json]                     plan a build\n"
           "  capacity BUILD.json [--min-tps N] [--json]   the largest model of each family it runs\n"
           "  suggest REQUEST.json [-n N] [--json]         the cheapest builds that meet a request\n"
           "  export BUILD.json --format FORMAT [-o FILE]     a parts list, report or chart\n"
           "         (csv, markdown, bbcode, text, html, json, pdf, png)\n"
           "  import PARTS.csv [-o BUILD.json]             a CSV parts list into a build\n"
           "  prices sources|add-source URL|remove-source ID|refresh|history PART|set-rate CUR RATE\n"
           "                                               price sources and what they reported\n"
           "  compare A.json B.json [C.json D.json] [--json|--format FORMAT]\n"
           "                                               builds side by side\n"
           "\n"
           "Options:\n"
           "  --catalog FILE   use this catalog.sqlite (default: $RIGPLAN_CATALOG or the installed one)\n"
           "  --library FILE   use this library.sqlite (default: $RIGPLAN_LIBRARY or\n"
           "                   ~/.local/share/rigplan/library.sqlite)\n"
           "  --version        print the version\n"
           "  -h, --help       this help; COMMAND --help explains a command\n"
           "\n"
           "Exit status: 0 on success (even when the build has errors as findings), 1 on bad\n"
           "input, 2 on bad usage.\n");
}

int
main (int   argc,
      char *argv[])
{
  int i = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command. */
  for (; i < argc && argv[i][0] == '-'; i++)
    {
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_usage (stdout);
          return 0;
        }
      else if (g_str_equal (argv[i], "--version"))
        {
          printf ("rigplan-cli %s\n", PACKAGE_VERSION);
          return 0;
        }
      else if (g_str_equal (argv[i], "--catalog") && i + 1 < argc)
        opt_catalog = argv[++i];
      else if (g_str_has_prefix (argv[i], "--catalog="))
        opt_catalog = argv[i] + strlen ("--catalog=");
      else if (g_str_equal (argv[i], "--library") && i + 1 < argc)
        opt_library = argv[++i];
      else if (g_str_has_prefix (argv[i], "--library="))
        opt_library = argv[i] + strlen ("--library=");
      else
        {
          fprintf (stderr, "rigplan-cli: unknown option %s\n\n", argv[i]);
          print_usage (stderr);
          return EXIT_USAGE;
        }
    }

  if (i >= argc)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  argc -= i;
  argv += i;
  if (g_str_equal (argv[0], "catalog"))
    return cmd_catalog (argc, argv);
  if (g_str_equal (argv[0], "models"))
    return cmd_models (argc, argv);
  if (g_str_equal (argv[0], "plan"))
    return cmd_plan (argc, argv);
  if (g_str_equal (argv[0], "capacity"))
    return cmd_capacity (argc, argv);
  if (g_str_equal (argv[0], "suggest"))
    return cmd_suggest (argc, argv);
  if (g_str_equal (argv[0], "export"))
    return cmd_export (argc, argv);
  if (g_str_equal (argv[0], "prices"))
    return cmd_prices (argc, argv);
  if (g_str_equal (argv[0], "import"))
    return cmd_import (argc, argv);
  if (g_str_equal (argv[0], "compare"))
    return cmd_compare (argc, argv);
  if (g_str_equal (argv[0], "help"))
    {
      print_usage (stdout);
      return 0;
    }

  fprintf (stderr, "rigplan-cli: unknown command “%s”\n\n", argv[0]);
  print_usage (stderr);
  return EXIT_USAGE;
}
