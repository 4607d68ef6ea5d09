/* rig-csv.c: the one RFC 4180 reader: the catalog compiler, importing a parts list and price
 * feeds all read CSV through it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rig-csv.h"
#include "rig-store-error.h"

/* In English for the catalog compiler, whose messages are build output; in the user's language
 * for a parts list being imported or a price feed. */
static const char * const reasons[] = {
  [RIG_CSV_NOT_UTF8] = N_("the file is not valid UTF-8 here; save it as UTF-8"),
  [RIG_CSV_UNCLOSED_QUOTE] = N_("a quoted field is never closed"),
  [RIG_CSV_STRAY_QUOTE] = N_("a quote inside an unquoted field (quote the whole field and double "
                             "the quote)"),
  [RIG_CSV_TEXT_AFTER_QUOTE] = N_("text follows a closing quote; quote the whole value"),
  [RIG_CSV_RUNAWAY_QUOTE] = NULL,   /* its own message, with two lines */
};

/* What is wrong with the record, without its line: "a quoted field is never closed". */
char *
rig_csv_issue_describe (const RigCsvIssue *issue,
                        gboolean           translated)
{
  g_return_val_if_fail (issue->problem != RIG_CSV_OK, NULL);

  if (issue->problem == RIG_CSV_RUNAWAY_QUOTE && translated)
    /* Translators: %u is a later line of a CSV file, where the quote that closes a quoted
     * field opened on an earlier line is followed by text */
    return g_strdup_printf (_("the quoted field that opens here does not close until line %u, "
                              "where text follows; is a closing quote missing?"), issue->to_line);
  if (issue->problem == RIG_CSV_RUNAWAY_QUOTE)
    return g_strdup_printf ("the quoted field that opens here does not close until line %u, "
                            "where text follows; is a closing quote missing?", issue->to_line);
  return g_strdup (translated ? _(reasons[issue->problem]) : reasons[issue->problem]);
}

static void
set_problem (GError           **error,
             gboolean           translated,
             const RigCsvIssue *issue)
{
  g_autofree char *reason = rig_csv_issue_describe (issue, translated);

  if (translated)
    g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID,
                 /* Translators: %u is a line of a CSV file, %s what is wrong there, such as “a
                  * quoted field is never closed” */
                 _("line %u: %s"), issue->problem_line, reason);
  else
    g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID, "%u: %s", issue->problem_line,
                 reason);
}

void
rig_csv_record_free (RigCsvRecord *record)
{
  if (record == NULL)
    return;
  g_strfreev (record->fields);
  g_free (record);
}

/* Scanning one record at a time ---------------------------------------------------------- */

void
rig_csv_scanner_init (RigCsvScanner *s,
                      const char    *text,
                      gsize          length)
{
  *s = (RigCsvScanner) { text, text + length, 1 };
  /* A UTF-8 byte order mark is allowed and ignored. */
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    s->p += 3;
}

static gboolean
at_field_end (const RigCsvScanner *s)
{
  return s->p >= s->end || *s->p == ',' || *s->p == '\n' || *s->p == '\r';
}

/* Keeps the first problem of a record. */
static void
note (RigCsvIssue   *issue,
      RigCsvProblem  problem,
      guint          line,
      guint          to_line)
{
  if (issue->problem != RIG_CSV_OK)
    return;
  issue->problem = problem;
  issue->problem_line = line;
  issue->to_line = to_line;
}

/**
 * rig_csv_scanner_next:
 * @fields: (element-type utf8): set to the record's fields
 *
 * Reads the next record, skipping empty lines. A record that breaks the quoting rules is read to
 * its end all the same, with @issue saying what is wrong and where, so that a reader can refuse
 * that record and go on. FALSE at the end of the text.
 */
gboolean
rig_csv_scanner_next (RigCsvScanner *s,
                      GPtrArray     *fields,
                      RigCsvIssue   *issue)
{
  g_autoptr(GString) field = g_string_new (NULL);

  g_ptr_array_set_size (fields, 0);
  *issue = (RigCsvIssue) { 0 };
  while (s->p < s->end && (*s->p == '\n' || (*s->p == '\r' && s->p + 1 < s->end && s->p[1] == '\n')))
    {
      s->p += *s->p == '\r' ? 2 : 1;
      s->line++;
    }
  if (s->p >= s->end)
    return FALSE;
  issue->line = s->line;

  for (;;)
    {
      g_string_truncate (field, 0);
      if (*s->p == '"')
        {
          guint quote_line = s->line;

          s->p++;
          for (;;)
            {
              if (s->p >= s->end)
                {
                  /* Said where the quote opens, not where the text ends. */
                  note (issue, RIG_CSV_UNCLOSED_QUOTE, quote_line, 0);
                  break;
                }
              if (*s->p == '"')
                {
                  if (s->p + 1 < s->end && s->p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      s->p += 2;
                      continue;
                    }
                  s->p++;
                  break;
                }
              if (*s->p == '\n')
                s->line++;
              g_string_append_c (field, *s->p++);
            }
          if (!at_field_end (s))
            {
              /* A quoted field over several lines that ends in text: most likely a quote was
               * left open where the field starts, and the next quote, meant to open another
               * field, closed it. */
              if (quote_line < s->line)
                note (issue, RIG_CSV_RUNAWAY_QUOTE, quote_line, s->line);
              else
                note (issue, RIG_CSV_TEXT_AFTER_QUOTE, s->line, 0);
              while (!at_field_end (s))
                s->p++;
            }
        }
      else
        while (!at_field_end (s))
          {
            if (*s->p == '"')
              note (issue, RIG_CSV_STRAY_QUOTE, s->line, 0);
            g_string_append_c (field, *s->p++);
          }
      g_ptr_array_add (fields, g_strdup (field->str));

      if (s->p >= s->end)
        break;
      if (*s->p == ',')
        {
          s->p++;
          if (s->p < s->end)
            continue;
          g_ptr_array_add (fields, g_strdup (""));
          break;
        }
      if (*s->p == '\r' && s->p + 1 < s->end && s->p[1] == '\n')
        s->p++;
      s->p++;
      s->line++;
      break;
    }
  return TRUE;
}

/* The whole text at once ------------------------------------------------------------------ */

static GPtrArray *
parse (const char *text,
       gsize       length,
       gboolean    translated,
       GError    **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_csv_record_free);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  RigCsvScanner s;
  RigCsvIssue issue;
  const char *bad;

  /* Every field is cut at ASCII bytes from text checked here, so each is valid UTF-8 too; a NUL
   * byte is refused with the rest. */
  if (!g_utf8_validate_len (text, length, &bad))
    {
      issue = (RigCsvIssue) { 1, RIG_CSV_NOT_UTF8, 1, 0 };
      for (const char *q = text; q < bad; q++)
        if (*q == '\n')
          issue.problem_line++;
      set_problem (error, translated, &issue);
      return NULL;
    }

  rig_csv_scanner_init (&s, text, length);
  while (rig_csv_scanner_next (&s, fields, &issue))
    {
      RigCsvRecord *record;

      if (issue.problem != RIG_CSV_OK)
        {
          set_problem (error, translated, &issue);
          return NULL;
        }
      record = g_new0 (RigCsvRecord, 1);
      record->line = issue.line;
      g_ptr_array_add (fields, NULL);
      record->fields = (GStrv) g_ptr_array_steal (fields, NULL);
      g_ptr_array_add (records, record);
      g_ptr_array_unref (fields);
      fields = g_ptr_array_new_with_free_func (g_free);
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
