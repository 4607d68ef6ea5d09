/* rig-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rig-csv.h"
#include "rig-store-error.h"

typedef enum
{
  PROBLEM_NOT_UTF8,
  PROBLEM_UNCLOSED_QUOTE,
  PROBLEM_STRAY_QUOTE,
  PROBLEM_TEXT_AFTER_QUOTE,
  PROBLEM_RUNAWAY_QUOTE,
} Problem;

/* In English for the catalog compiler, whose messages are build output; in the user's language
 * for a parts list being imported. */
static const char * const reasons[] = {
  [PROBLEM_NOT_UTF8] = N_("the file is not valid UTF-8 here; save it as UTF-8"),
  [PROBLEM_UNCLOSED_QUOTE] = N_("a quoted field is never closed"),
  [PROBLEM_STRAY_QUOTE] = N_("a quote inside an unquoted field (quote the whole field and double "
                             "the quote)"),
  [PROBLEM_TEXT_AFTER_QUOTE] = N_("text after a closing quote"),
  [PROBLEM_RUNAWAY_QUOTE] = NULL,   /* its own message, with two lines */
};

/* @line is where the problem is; for PROBLEM_RUNAWAY_QUOTE, where the quote opens, and
 * @to_line where the text after what closed it is. */
static void
set_problem (GError  **error,
             gboolean  translated,
             Problem   problem,
             guint     line,
             guint     to_line)
{
  if (problem == PROBLEM_RUNAWAY_QUOTE && translated)
    g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID,
                 /* Translators: the first %u is the line of a CSV file where a quote opens, the
                  * second a later line, where the quote that closes it is followed by text */
                 _("line %u: the quoted field that opens here does not close until line %u, "
                   "where text follows; is a closing quote missing?"), line, to_line);
  else if (problem == PROBLEM_RUNAWAY_QUOTE)
    g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID,
                 /* Translators: not shown translated; the catalog compiler's build output */
                 N_("%u: the quoted field that opens here does not close until line %u, where "
                    "text follows; is a closing quote missing?"), line, to_line);
  else if (translated)
    g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID,
                 /* Translators: %u is a line of a CSV file, %s what is wrong there, such as “a
                  * quoted field is never closed” */
                 _("line %u: %s"), line, _(reasons[problem]));
  else
    g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID, "%u: %s", line,
                 reasons[problem]);
}

void
rig_csv_record_free (RigCsvRecord *record)
{
  if (record == NULL)
    return;
  g_strfreev (record->fields);
  g_free (record);
}

static GPtrArray *
parse (const char *text,
       gsize       length,
       gboolean    translated,
       GError    **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_csv_record_free);
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;
  const char *end = text + length;
  const char *bad;
  guint line = 1;
  guint record_line = 1;
  guint quote_line = 1;       /* where the last quoted field opened */
  gboolean in_quotes = FALSE;
  gboolean was_quoted = FALSE;

  /* Every field is cut at ASCII bytes from text checked here, so each is valid UTF-8 too; a NUL
   * byte is refused with the rest. */
  if (!g_utf8_validate_len (text, length, &bad))
    {
      for (const char *q = text; q < bad; q++)
        if (*q == '\n')
          line++;
      set_problem (error, translated, PROBLEM_NOT_UTF8, line, 0);
      return NULL;
    }

  /* A UTF-8 byte order mark is allowed and ignored. */
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  fields = g_ptr_array_new_with_free_func (g_free);

  while (p <= end)
    {
      char c = p < end ? *p : '\n';
      gboolean at_end = p == end;

      if (in_quotes)
        {
          if (at_end)
            {
              set_problem (error, translated, PROBLEM_UNCLOSED_QUOTE, quote_line, 0);
              return NULL;
            }
          if (c == '"')
            {
              if (p + 1 < end && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                  continue;
                }
              in_quotes = FALSE;
            }
          else
            {
              if (c == '\n')
                line++;
              g_string_append_c (field, c);
            }
          p++;
          continue;
        }

      if (c == '"')
        {
          if (field->len > 0 || was_quoted)
            {
              set_problem (error, translated, PROBLEM_STRAY_QUOTE, line, 0);
              return NULL;
            }
          in_quotes = TRUE;
          was_quoted = TRUE;
          quote_line = line;
        }
      else if (c == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          was_quoted = FALSE;
        }
      else if (c == '\r' && p + 1 < end && p[1] == '\n')
        ;
      else if (c == '\n')
        {
          gboolean blank = fields->len == 0 && field->len == 0 && !was_quoted;

          if (!blank)
            {
              RigCsvRecord *record = g_new0 (RigCsvRecord, 1);

              g_ptr_array_add (fields, g_strdup (field->str));
              g_ptr_array_add (fields, NULL);
              record->line = record_line;
              record->fields = (GStrv) g_ptr_array_steal (fields, NULL);
              g_ptr_array_add (records, record);
              g_ptr_array_unref (fields);
              fields = g_ptr_array_new_with_free_func (g_free);
            }
          g_string_truncate (field, 0);
          was_quoted = FALSE;
          line++;
          record_line = line;
          if (at_end)
            break;
        }
      else
        {
          if (was_quoted)
            {
              /* A quoted field over several lines that ends in text: most likely a quote was
               * left open where the field starts, and the next quote, meant to open another
               * field, closed it. */
              set_problem (error, translated,
                           quote_line < line ? PROBLEM_RUNAWAY_QUOTE : PROBLEM_TEXT_AFTER_QUOTE,
                           quote_line < line ? quote_line : line, line);
              return NULL;
            }
          g_string_append_c (field, c);
        }
      p++;
    }

  return g_steal_pointer (&records);
}

GPtrArray *
rig_csv_parse (const char *text,
               gsize       length,
               GError    **error)
{
  return parse (text, length, FALSE, error);
}

GPtrArray *
rig_csv_parse_translated (const char *text,
                          gsize       length,
                          GError    **error)
{
  return parse (text, length, TRUE, error);
}
