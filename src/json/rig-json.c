/* rig-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "rig-json.h"
#include "rig-units.h"
#include "rig-text.h"

G_DEFINE_QUARK (rig-json-error-quark, rig_json_error)

/* Line and column (both from 1, the column in characters) of byte @offset of @data. */
static void
locate (const char *data,
        gsize       offset,
        guint      *line,
        guint      *column)
{
  *line = 1;
  *column = 1;
  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if (((guchar) data[i] & 0xC0) != 0x80)
        (*column)++;
    }
}

/* What a scan of the text's structure found. */
typedef enum
{
  STRUCTURE_OK,
  STRUCTURE_TOO_DEEP,     /* a bracket opens level RIG_JSON_MAX_DEPTH + 1 */
  STRUCTURE_NOT_STRICT,   /* a comment or a single-quoted string */
} Structure;

/* One pass that counts the nesting, stepping over strings and their escapes so that brackets
 * quoted in a name do not count; it leaves the rest of the syntax to json-glib. json-glib's
 * scanner also reads comments ('/' opens one) and single-quoted strings, which JSON has not:
 * either could hide brackets from this count while json-glib still nests them, so outside a
 * string both are refused here. @offset: where the problem is. */
static Structure
scan_structure (const char *data,
                gsize       length,
                gsize      *offset)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      *offset = i;
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '/' || c == '\'')
        return STRUCTURE_NOT_STRICT;
      else if (c == '[' || c == '{')
        {
          if (++depth > RIG_JSON_MAX_DEPTH)
            return STRUCTURE_TOO_DEEP;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return STRUCTURE_OK;
}

gboolean
rig_json_parser_load (JsonParser  *parser,
                      const char  *data,
                      gssize       length,
                      GError     **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *widened = NULL;
  gsize widened_length = 0;
  const char *end;
  gsize offset = 0;
  guint line, column;

  g_return_val_if_fail (JSON_IS_PARSER (parser), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (data == NULL)
    data = "";
  if (length < 0)
    length = (gssize) strlen (data);

  switch (scan_structure (data, length, &offset))
    {
    case STRUCTURE_TOO_DEEP:
      locate (data, offset, &line, &column);
      g_set_error (error, RIG_JSON_ERROR, RIG_JSON_ERROR_TOO_DEEP,
                   /* Translators: %d is the most levels JSON may nest, the first %u a line, the
                    * second a column */
                   _("JSON nested deeper than %d levels at line %u, column %u"),
                   RIG_JSON_MAX_DEPTH, line, column);
      return FALSE;
    case STRUCTURE_NOT_STRICT:
      locate (data, offset, &line, &column);
      g_set_error (error, RIG_JSON_ERROR, RIG_JSON_ERROR_NOT_STRICT,
                   /* Translators: the first %u is a line, the second a column */
                   _("not JSON at line %u, column %u: JSON has no comments, and its strings are "
                     "in double quotes"), line, column);
      return FALSE;
    case STRUCTURE_OK:
    default:
      break;
    }
  if (!g_utf8_validate_len (data, length, &end))
    {
      locate (data, end - data, &line, &column);
      g_set_error (error, RIG_JSON_ERROR, RIG_JSON_ERROR_NOT_UTF8,
                   /* Translators: the first %u is a line, the second a column */
                   _("not UTF-8 text at line %u, column %u; save it as UTF-8"), line, column);
      return FALSE;
    }
  /* A count or a price past 64 bits then reads as the number it is, and its limit says so. */
  widened = rig_json_widen_integers (data, (gsize) length, &widened_length);
  if (widened != NULL)
    {
      data = widened;
      length = (gssize) widened_length;
    }
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      g_autofree char *message = rig_text_sanitize (parse_error->message);

      g_set_error_literal (error, parse_error->domain, parse_error->code, message);
      return FALSE;
    }
  return TRUE;
}

gboolean
rig_json_is_text (JsonNode *node)
{
  return rig_json_is_string (node) && g_utf8_validate (json_node_get_string (node), -1, NULL);
}

const char *
rig_json_not_text_reason (void)
{
  return _("not valid text (a lone UTF-16 surrogate?)");
}

const char *
rig_json_node_kind (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  if (JSON_NODE_HOLDS_OBJECT (node))
    return _("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("an array");
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      /* Translators: true and false are JSON's keywords; keep them as they are */
      return _("true or false");
    default:
      return _("a number");
    }
}

gboolean
rig_json_is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

gboolean
rig_json_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

/* @value in the fewest digits that read back as @value: as a decimal fraction (750.0, 0.15)
 * for everyday magnitudes, else in exponent form. */
static void
append_shortest (GString *out,
                 double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean fixed = value == 0 || (fabs (value) >= 1e-4 && fabs (value) < 1e15);

  gboolean exact = FALSE;

  for (int digits = 1; digits <= (fixed ? 20 : 17) && !exact; digits++)
    {
      g_autofree char *format = g_strdup_printf (fixed ? "%%.%df" : "%%.%dg", digits);

      g_ascii_formatd (buf, sizeof buf, format, value);
      exact = g_ascii_strtod (buf, NULL) == value;
    }
  if (!exact)
    g_ascii_dtostr (buf, sizeof buf, value);    /* 17 digits: always reads back */
  g_string_append (out, buf);
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

char *
rig_json_tidy_numbers (const char *json)
{
  GString *out;
  const char *p = json;

  g_return_val_if_fail (json != NULL, NULL);

  out = g_string_sized_new (strlen (json));
  while (*p)
    {
      if (*p == '"')
        {
          const char *start = p++;

          while (*p && *p != '"')
            p += (*p == '\\' && p[1]) ? 2 : 1;
          if (*p)
            p++;
          g_string_append_len (out, start, p - start);
        }
      else if (*p == '-' || g_ascii_isdigit (*p))
        {
          const char *start = p;
          g_autofree char *token = NULL;
          double value;

          while (*p && strchr ("+-.0123456789eE", *p))
            p++;
          token = g_strndup (start, p - start);
          value = g_ascii_strtod (token, NULL);
          if (strpbrk (token, ".eE") != NULL && isfinite (value))
            append_shortest (out, value);
          else
            g_string_append (out, token);
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

char *
rig_json_widen_integers (const char *data,
                         gsize       length,
                         gsize      *out_length)
{
  g_autoptr(GString) out = NULL;
  const char *p = data;
  const char *end = data + length;
  const char *copied = data;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  while (p < end)
    {
      if (*p == '"')
        {
          for (p++; p < end && *p != '"'; p++)
            if (*p == '\\' && p + 1 < end)
              p++;
          if (p < end)
            p++;
        }
      else if (*p == '-' || g_ascii_isdigit (*p))
        {
          const char *start = p;
          gboolean whole = TRUE;
          g_autofree char *token = NULL;

          while (p < end && strchr ("+-.0123456789eE", *p) != NULL && *p != '\0')
            {
              if (*p == '.' || *p == 'e' || *p == 'E')
                whole = FALSE;
              p++;
            }
          token = g_strndup (start, p - start);
          if (!whole || g_ascii_string_to_signed (token, 10, G_MININT64, G_MAXINT64, NULL, NULL)
              || strspn (token + (*token == '-'), "0123456789") != strlen (token + (*token == '-')))
            continue;   /* fits, or is not a plain integer, which json-glib then refuses */
          if (out == NULL)
            out = g_string_sized_new (length + 16);
          g_string_append_len (out, copied, p - copied);
          g_string_append (out, ".0");
          copied = p;
        }
      else
        p++;
    }
  if (out == NULL)
    return NULL;
  g_string_append_len (out, copied, end - copied);
  if (out_length != NULL)
    *out_length = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
rig_json_add_number (JsonBuilder *builder,
                     const char  *member,
                     double       value)
{
  if (member != NULL)
    json_builder_set_member_name (builder, member);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else if (value == floor (value) && fabs (value) < 1e15)
    json_builder_add_int_value (builder, (gint64) value);
  else
    json_builder_add_double_value (builder, value);
}

void
rig_json_add_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  if (member != NULL)
    json_builder_set_member_name (builder, member);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

void
rig_json_add_money (JsonBuilder *builder,
                    const char  *member,
                    gint64       minor,
                    const char  *currency,
                    const char  *date)
{
  json_builder_set_member_name (builder, member);
  if (minor == RIG_MONEY_UNKNOWN)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_double_value (builder, rig_money_to_major (minor));
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, currency);
  if (date != NULL)
    {
      json_builder_set_member_name (builder, "date");
      json_builder_add_string_value (builder, date);
    }
  json_builder_end_object (builder);
}
