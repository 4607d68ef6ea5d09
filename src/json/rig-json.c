/* rig-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "rig-json.h"

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
