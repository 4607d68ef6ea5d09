/* rig-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "rig-csv.h"
#include "rig-field.h"
#include "rig-text.h"
#include "rig-import.h"
#include "rig-store-error.h"

/* How many search results to look through for a part whose name is exactly the row's. */
#define NAME_SEARCH_LIMIT 50

typedef enum
{
  COL_ID,
  COL_NAME,
  COL_KIND,
  COL_COUNT,
  COL_CONDITION,
  COL_PRICE,
  COL_CURRENCY,
  COL_N
} Column;

/* Header names, compared without regard to case or surrounding spaces. The first spelling is
 * Rigplan's own export; the others are what spreadsheets and other tools call the column. */
static const struct
{
  Column      column;
  const char *name;
} header_names[] = {
  { COL_ID, "id" }, { COL_ID, "part_id" }, { COL_ID, "part id" },
  { COL_NAME, "name" }, { COL_NAME, "item" }, { COL_NAME, "part" }, { COL_NAME, "product" },
  { COL_KIND, "kind" }, { COL_KIND, "type" },
  { COL_COUNT, "count" }, { COL_COUNT, "quantity" }, { COL_COUNT, "qty" },
  { COL_CONDITION, "condition" },
  { COL_PRICE, "unit_price" }, { COL_PRICE, "unit price" }, { COL_PRICE, "price" },
  { COL_CURRENCY, "currency" },
};

static guint
line_of (const char *data,
         const char *at)
{
  guint line = 1;

  for (const char *p = data; p < at; p++)
    if (*p == '\n')
      line++;
  return line;
}

static const char *
field (const RigCsvRecord *record,
       const int          *columns,
       Column              column)
{
  int index = columns[column];

  if (index < 0 || (guint) index >= g_strv_length (record->fields))
    return "";
  return record->fields[index];
}

static void
map_header (const RigCsvRecord *header,
            int                *columns)
{
  for (guint c = 0; c < COL_N; c++)
    columns[c] = -1;
  for (guint i = 0; header->fields[i] != NULL; i++)
    {
      g_autofree char *stripped = g_strstrip (g_ascii_strdown (header->fields[i], -1));

      for (guint j = 0; j < G_N_ELEMENTS (header_names); j++)
        if (g_str_equal (stripped, header_names[j].name) && columns[header_names[j].column] < 0)
          columns[header_names[j].column] = (int) i;
    }
}

/* A kind as Rigplan writes it ("gpu") or labels it ("GPU", "Power supply"); -1 for anything else,
 * such as PCPartPicker's "Video Card". */
static int
parse_kind (const char *text)
{
  RigPartKind kind;

  if (rig_part_kind_from_string (text, &kind) || rig_part_kind_from_label (text, &kind))
    return kind;
  return -1;
}

/* "750", "750.00", "$1,500.00", "1 500 €": a price per unit, >= 0. */
static gboolean
parse_price (const char *text,
             double     *price)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  char *end = NULL;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '$' || c == 0x20AC /* € */ || c == 0xA3 /* £ */ || c == ',' ||
          g_unichar_isspace (c))
        continue;
      g_string_append_unichar (digits, c);
    }
  if (digits->len == 0)
    return FALSE;
  *price = g_ascii_strtod (digits->str, &end);
  return end != NULL && *end == '\0' && isfinite (*price) && *price >= 0;
}

/* The part in the catalog for a row: by id, by exact name, or by a search with one result.
 * NULL without @error when nothing matches; @error only when the catalog cannot be read. */
static RigPart *
match_part (RigCatalog  *catalog,
            const char  *id,
            const char  *name,
            int          kind,
            GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *folded = NULL;
  const char *text = *name ? name : id;

  if (*id)
    {
      g_autoptr(GError) local_error = NULL;
      RigPart *part = rig_catalog_get_part (catalog, id, &local_error);

      if (part != NULL)
        return part;
      if (!g_error_matches (local_error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  if (*text == '\0')
    return NULL;

  found = rig_catalog_search (catalog, text, kind, NAME_SEARCH_LIMIT, error);
  if (found == NULL)
    return NULL;

  folded = g_utf8_casefold (text, -1);
  for (guint i = 0; i < found->len; i++)
    {
      RigPart *part = g_ptr_array_index (found, i);
      g_autofree char *candidate = g_utf8_casefold (part->name ? part->name : "", -1);

      if (g_str_equal (candidate, folded))
        return g_ptr_array_steal_index (found, i);
    }
  if (found->len == 1)
    return g_ptr_array_steal_index (found, 0);
  return NULL;
}

/* A row's cells, stripped of the spaces around them. */
typedef struct
{
  char *cells[COL_N];
  char *shown;      /* the part's name or id as the row writes it, for notes */
} Row;

static void
row_read (Row                *row,
          const RigCsvRecord *record,
          const int          *columns)
{
  for (guint c = 0; c < COL_N; c++)
    row->cells[c] = g_strstrip (g_strdup (field (record, columns, c)));
  row->shown = rig_shown_text (*row->cells[COL_NAME] ? row->cells[COL_NAME] : row->cells[COL_ID]);
}

static void
row_clear (Row *row)
{
  for (guint c = 0; c < COL_N; c++)
    g_free (row->cells[c]);
  g_free (row->shown);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Row, row_clear)

/* The count, condition and price of @row, each where the row gives it; NULL when they read and
 * keep to a build file's limits, else a note on the first that does not. */
static char *
row_values (const Row *row,
            guint      line,
            guint64   *count,
            int       *condition,
            double    *price)
{
  const char *count_text = row->cells[COL_COUNT];
  const char *condition_text = row->cells[COL_CONDITION];
  const char *price_text = row->cells[COL_PRICE];
  g_autofree char *reason = NULL;
  const char *member;

  if (*count_text && !g_ascii_string_to_unsigned (count_text, 10, 1, G_MAXUINT64, count, NULL))
    {
      g_autofree char *shown_count = rig_shown_text (count_text);

      /* Translators: %u is a line of the file, the first %s the part's name or id as the line
       * writes it, the second the count it gives */
      return g_strdup_printf (_("line %u: “%s”: the count “%s” is not a whole number from 1 up"),
                              line, row->shown, shown_count);
    }
  if (*condition_text)
    {
      g_autofree char *lower = g_ascii_strdown (condition_text, -1);

      *condition = rig_condition_from_string (lower);
      if (*condition < 0)
        {
          g_autofree char *shown_condition = rig_shown_text (condition_text);

          /* Translators: %u is a line of the file, the first %s the part's name or id as the
           * line writes it, the second the condition it gives, the third and fourth the
           * conditions a part may be in, “new” and “used” */
          return g_strdup_printf (_("line %u: “%s”: the condition “%s” is neither “%s” nor “%s”"),
                                  line, row->shown, shown_condition, "new", "used");
        }
    }
  if (*price_text && !parse_price (price_text, price))
    {
      g_autofree char *shown_price = rig_shown_text (price_text);

      /* Translators: %u is a line of the file, the first %s the part's name or id as the line
       * writes it, the second the price it gives; 750.00 is written as the file must write it,
       * with a dot */
      return g_strdup_printf (_("line %u: “%s”: the price “%s” is not an amount such as 750.00"),
                              line, row->shown, shown_price);
    }
  if (!rig_build_check_part_limits ((double) *count, *price, &member, &reason))
    {
      /* Translators: %u is a line of the file, the first %s the part's name or id as the line
       * writes it, the second “count” or “price” (the build file's member names, kept as they
       * are), the third what is wrong with it, such as “must be at most 64 (it is 100)” */
      return g_strdup_printf (_("line %u: “%s”: %s: %s"), line, row->shown, member, reason);
    }
  return NULL;
}

/* The build's currency from the first row that names one in three letters ("usd" → "USD"). */
static gboolean
take_currency (RigBuild   *build,
               const char *currency)
{
  if (strlen (currency) != 3 || !g_ascii_isalpha (currency[0]) ||
      !g_ascii_isalpha (currency[1]) || !g_ascii_isalpha (currency[2]))
    return FALSE;
  for (guint i = 0; i < 3; i++)
    build->settings.currency[i] = g_ascii_toupper (currency[i]);
  build->settings.currency[3] = '\0';
  return TRUE;
}

/* Adds the part of @record to @build, or a note to @notes on why the row is left out. FALSE
 * with @error only when the catalog cannot be read. */
static gboolean
import_row (RigCatalog          *catalog,
            RigBuild            *build,
            const RigCsvRecord  *record,
            const int           *columns,
            GPtrArray           *notes,
            gboolean            *have_currency,
            GError             **error)
{
  g_auto(Row) row = { { NULL } };
  guint64 count = 1;
  int condition = RIG_CONDITION_NEW;
  double price = NAN;
  g_autoptr(GError) match_error = NULL;
  char *note;
  RigPart *part;
  RigBuildItem *item;

  row_read (&row, record, columns);
  if (*row.cells[COL_ID] == '\0' && *row.cells[COL_NAME] == '\0')
    return TRUE;      /* a blank or subtotal line */

  note = row_values (&row, record->line, &count, &condition, &price);
  if (note != NULL)
    {
      g_ptr_array_add (notes, note);
      return TRUE;
    }

  part = match_part (catalog, row.cells[COL_ID], row.cells[COL_NAME],
                     parse_kind (row.cells[COL_KIND]), &match_error);
  if (match_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&match_error));
      return FALSE;
    }
  if (part == NULL)
    {
      /* Translators: %u is a line of the file, %s the part's name or id as the line writes it */
      g_ptr_array_add (notes, g_strdup_printf (_("line %u: “%s”: no part with that id or name"),
                                               record->line, row.shown));
      return TRUE;
    }

  item = rig_build_add_part (build, part->id, (guint) count);
  item->condition = condition;
  item->part = part;
  if (!isnan (price))
    item->has_price = rig_money_from_major (price, &item->price_minor);
  if (!*have_currency)
    *have_currency = take_currency (build, row.cells[COL_CURRENCY]);
  return TRUE;
}

/* The records of @data, or NULL with an error that says why it is no CSV parts list. */
static GPtrArray *
read_records (const char  *data,
              gssize       length,
              GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  const char *invalid = NULL;

  /* rig_csv_parse_translated () says the same without a line; a binary file usually fails
   * here, at its first NUL or stray byte. */
  if (!g_utf8_validate (data, length, &invalid))
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID,
                   /* Translators: %u is a line of the file */
                   _("line %u: not a CSV parts list: the text is not UTF-8 (a binary file?)"),
                   line_of (data, invalid));
      return NULL;
    }
  /* Its messages start with the line: "line 3: a quoted field is never closed". */
  records = rig_csv_parse_translated (data, length, error);
  if (records == NULL)
    return NULL;
  if (records->len == 0)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID,
                   /* Translators: %s is a header row of a CSV file, “id,name,count” */
                   _("line 1: the file is empty; a parts list needs a header row such as “%s”"),
                   "id,name,count");
      return NULL;
    }
  return g_steal_pointer (&records);
}

/* Which field holds which column; FALSE with @error when there is neither an id nor a name. */
static gboolean
read_header (const RigCsvRecord  *header,
             int                 *columns,
             GError             **error)
{
  map_header (header, columns);
  if (columns[COL_ID] < 0 && columns[COL_NAME] < 0)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID,
                   /* Translators: %u is a line of the file, the first two %s the names of
                    * columns, “id” and “name”, the third a header row,
                    * “id,name,count,condition,price” */
                   _("line %u: the header has neither an “%s” nor a “%s” column; name the "
                     "columns in the first row, such as “%s”"),
                   header->line, "id", "name", "id,name,count,condition,price");
      return FALSE;
    }
  return TRUE;
}

RigBuild *
rig_import_csv_parts (RigCatalog  *catalog,
                      const char  *data,
                      gssize       length,
                      const char  *name,
                      GPtrArray  **unmatched,
                      GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RigBuild) build = NULL;
  int columns[COL_N];
  gboolean have_currency = FALSE;

  g_return_val_if_fail (RIG_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (unmatched != NULL)
    *unmatched = NULL;
  if (length < 0)
    length = strlen (data);

  records = read_records (data, length, error);
  if (records == NULL || !read_header (g_ptr_array_index (records, 0), columns, error))
    return NULL;

  build = rig_build_new (name ? name : "");
  for (guint r = 1; r < records->len; r++)
    if (!import_row (catalog, build, g_ptr_array_index (records, r), columns, notes,
                     &have_currency, error))
      return NULL;

  if (unmatched != NULL)
    *unmatched = g_steal_pointer (&notes);
  return g_steal_pointer (&build);
}
