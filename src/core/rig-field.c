/* rig-field.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rig-field.h"
#include "rig-text.h"
#include "rig-units.h"

G_DEFINE_QUARK (rig-field-error-quark, rig_field_error)

void
rig_table_record_init (const RigTable *table,
                       gpointer        record)
{
  for (guint i = 0; i < table->n_fields; i++)
    {
      const RigField *f = &table->fields[i];

      switch (f->type)
        {
        case RIG_FIELD_NUMBER:
        case RIG_FIELD_INTEGER:
          *RIG_FIELD_PTR (record, f, double) = NAN;
          break;
        case RIG_FIELD_BOOL:
          *RIG_FIELD_PTR (record, f, int) = -1;
          break;
        case RIG_FIELD_MONEY:
          *RIG_FIELD_PTR (record, f, gint64) = RIG_MONEY_UNKNOWN;
          break;
        case RIG_FIELD_TEXT:
        case RIG_FIELD_ID:
        case RIG_FIELD_ENUM:
        case RIG_FIELD_DATE:
        default:
          *RIG_FIELD_PTR (record, f, char *) = NULL;
          break;
        }
    }
}

void
rig_table_record_clear (const RigTable *table,
                        gpointer        record)
{
  for (guint i = 0; i < table->n_fields; i++)
    {
      const RigField *f = &table->fields[i];

      if (f->type == RIG_FIELD_TEXT || f->type == RIG_FIELD_ID ||
          f->type == RIG_FIELD_ENUM || f->type == RIG_FIELD_DATE)
        g_clear_pointer (RIG_FIELD_PTR (record, f, char *), g_free);
    }
}

/* A deep copy: the record's bytes, then its own copy of every text field. */
gpointer
rig_table_record_dup (const RigTable *table,
                      gconstpointer   record)
{
  gpointer copy = g_memdup2 (record, table->record_size);

  for (guint i = 0; i < table->n_fields; i++)
    {
      const RigField *f = &table->fields[i];

      if (f->type == RIG_FIELD_TEXT || f->type == RIG_FIELD_ID ||
          f->type == RIG_FIELD_ENUM || f->type == RIG_FIELD_DATE)
        *RIG_FIELD_PTR (copy, f, char *) = g_strdup (*RIG_FIELD_PTR (record, f, char * const));
    }
  return copy;
}

const RigField *
rig_table_find_field (const RigTable *table,
                      const char     *name)
{
  for (guint i = 0; i < table->n_fields; i++)
    if (g_str_equal (table->fields[i].name, name))
      return &table->fields[i];
  return NULL;
}

gboolean
rig_id_is_valid (const char *id)
{
  /* Runs of lowercase letters and digits, joined by single dashes or dots: "llama-3.1-70b",
   * never "a..", "a." or ".a". */
  gboolean after_separator = TRUE;

  if (id == NULL || *id == '\0' || strlen (id) > 120)
    return FALSE;

  for (const char *p = id; *p; p++)
    {
      if (g_ascii_islower (*p) || g_ascii_isdigit (*p))
        after_separator = FALSE;
      else if ((*p == '-' || *p == '.') && !after_separator)
        after_separator = TRUE;
      else
        return FALSE;
    }

  return !after_separator;
}

static gboolean
enum_value_is_valid (const RigField *f,
                     const char     *value)
{
  for (guint i = 0; f->values[i]; i++)
    if (g_str_equal (f->values[i], value))
      return TRUE;
  return FALSE;
}

static char *
enum_values_joined (const RigField *f)
{
  return g_strjoinv (", ", (char **) f->values);
}

static gboolean
date_is_valid (const char *text)
{
  int y, m, d;
  char tail;

  if (strlen (text) == 7 && sscanf (text, "%4d-%2d%c", &y, &m, &tail) == 2)
    return y >= 1990 && y <= 2100 && m >= 1 && m <= 12;
  if (strlen (text) == 10 && sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3)
    return y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && g_date_valid_dmy (d, m, y);
  return FALSE;
}

static gboolean
parse_number (const char *text,
              double     *out)
{
  const char *digits = text + (text[0] == '-');
  gsize whole = strspn (digits, "0123456789");
  gsize fraction = digits[whole] == '.' ? strspn (digits + whole + 1, "0123456789") : 0;
  char *end = NULL;
  double v;

  /* Plain decimal only: g_ascii_strtod () also reads "0x10", "1e3", "infinity" and "nan",
   * which no catalog value is meant to be. */
  if (whole + fraction == 0 || digits[whole + (digits[whole] == '.') + fraction] != '\0')
    return FALSE;
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (v))
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
check_range (const RigField *f,
             double          v,
             GError        **error)
{
  if ((f->min != 0 || f->max != 0) && (v < f->min || v > f->max))
    {
      g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
                   "%g is out of range (%g to %g)", v, f->min, f->max);
      return FALSE;
    }
  return TRUE;
}

gboolean
rig_field_set_text (const RigField *f,
                    gpointer        record,
                    const char     *text,
                    GError        **error)
{
  g_autofree char *shown = NULL;    /* @text as an error quotes it */
  double v = 0;

  if (text == NULL || *text == '\0')
    {
      if (f->flags & RIG_FIELD_REQUIRED)
        {
          g_set_error_literal (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID, "is required");
          return FALSE;
        }
      return TRUE;
    }

  if (g_ascii_isspace (text[0]) || g_ascii_isspace (text[strlen (text) - 1]))
    {
      g_set_error_literal (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
                           "has leading or trailing spaces");
      return FALSE;
    }

  switch (f->type)
    {
    case RIG_FIELD_ID:
      if (!rig_id_is_valid (text))
        {
          shown = rig_shown_text (text);
          g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
                       "“%s” is not a lowercase slug such as “nvidia-rtx-4090”", shown);
          return FALSE;
        }
      break;

    case RIG_FIELD_ENUM:
      {
        g_auto(GStrv) items = (f->flags & RIG_FIELD_LIST) ? g_strsplit (text, ";", -1)
                                                           : g_strsplit (text, "\x01", -1);
        for (guint i = 0; items[i]; i++)
          if (!enum_value_is_valid (f, items[i]))
            {
              g_autofree char *allowed = enum_values_joined (f);
              shown = rig_shown_text (items[i]);
              g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
                           "“%s” is not one of: %s", shown, allowed);
              return FALSE;
            }
      }
      break;

    case RIG_FIELD_DATE:
      if (!date_is_valid (text))
        {
          shown = rig_shown_text (text);
          g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
                       "“%s” is not a date (YYYY-MM or YYYY-MM-DD)", shown);
          return FALSE;
        }
      break;

    case RIG_FIELD_NUMBER:
    case RIG_FIELD_INTEGER:
    case RIG_FIELD_MONEY:
      if (!parse_number (text, &v))
        {
          shown = rig_shown_text (text);
          g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
                       "“%s” is not a number (write plain digits, no units)", shown);
          return FALSE;
        }
      if (f->type == RIG_FIELD_INTEGER && v != floor (v))
        {
          shown = rig_shown_text (text);
          g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
                       "“%s” must be a whole number", shown);
          return FALSE;
        }
      if (f->type == RIG_FIELD_MONEY && v < 0)
        {
          shown = rig_shown_text (text);
          g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
                       "a price cannot be negative (%s)", shown);
          return FALSE;
        }
      if (!check_range (f, v, error))
        return FALSE;
      break;

    case RIG_FIELD_BOOL:
      if (!g_str_equal (text, "0") && !g_str_equal (text, "1"))
        {
          shown = rig_shown_text (text);
          g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
                       "“%s” must be 0 or 1", shown);
          return FALSE;
        }
      break;

    case RIG_FIELD_TEXT:
    default:
      break;
    }

  if (f->check != NULL && !f->check (text, error))
    return FALSE;

  switch (f->type)
    {
    case RIG_FIELD_NUMBER:
    case RIG_FIELD_INTEGER:
      *RIG_FIELD_PTR (record, f, double) = v;
      break;
    case RIG_FIELD_MONEY:
      /* Within 0 to 1e7 (check_range ()), so it always converts. */
      rig_money_from_major (v, RIG_FIELD_PTR (record, f, gint64));
      break;
    case RIG_FIELD_BOOL:
      *RIG_FIELD_PTR (record, f, int) = text[0] == '1';
      break;
    case RIG_FIELD_TEXT:
    case RIG_FIELD_ID:
    case RIG_FIELD_ENUM:
    case RIG_FIELD_DATE:
    default:
      g_free (*RIG_FIELD_PTR (record, f, char *));
      *RIG_FIELD_PTR (record, f, char *) = g_strdup (text);
      break;
    }

  return TRUE;
}

gboolean
rig_field_is_known (const RigField *f,
                    gconstpointer   record)
{
  switch (f->type)
    {
    case RIG_FIELD_NUMBER:
    case RIG_FIELD_INTEGER:
      return !isnan (*RIG_FIELD_PTR (record, f, const double));
    case RIG_FIELD_BOOL:
      return *RIG_FIELD_PTR (record, f, const int) >= 0;
    case RIG_FIELD_MONEY:
      return *RIG_FIELD_PTR (record, f, const gint64) != RIG_MONEY_UNKNOWN;
    case RIG_FIELD_TEXT:
    case RIG_FIELD_ID:
    case RIG_FIELD_ENUM:
    case RIG_FIELD_DATE:
    default:
      return *RIG_FIELD_PTR (record, f, char * const) != NULL;
    }
}

char *
rig_field_to_text (const RigField *f,
                   gconstpointer   record)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!rig_field_is_known (f, record))
    return NULL;

  switch (f->type)
    {
    case RIG_FIELD_NUMBER:
    case RIG_FIELD_INTEGER:
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g",
                                        *RIG_FIELD_PTR (record, f, const double)));
    case RIG_FIELD_BOOL:
      return g_strdup (*RIG_FIELD_PTR (record, f, const int) ? "1" : "0");
    case RIG_FIELD_MONEY:
      {
        gint64 cents = *RIG_FIELD_PTR (record, f, const gint64);
        return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", cents / 100, (int) (cents % 100));
      }
    case RIG_FIELD_TEXT:
    case RIG_FIELD_ID:
    case RIG_FIELD_ENUM:
    case RIG_FIELD_DATE:
    default:
      return g_strdup (*RIG_FIELD_PTR (record, f, char * const));
    }
}
