/* rig-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rig-text.h"

#define REPLACEMENT_CHARACTER 0xFFFD

gboolean
rig_text_is_control (gunichar c)
{
  return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F);
}

char *
rig_text_sanitize (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (rig_text_is_control (c))
        g_string_append_unichar (out, REPLACEMENT_CHARACTER);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

gboolean
rig_text_is_clean (const char *text)
{
  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (rig_text_is_control (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

char *
rig_shown_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n++ == RIG_SHOWN_MAX_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

gboolean
rig_list_next (const char **cursor,
               char         separator,
               const char **item,
               gsize       *length)
{
  const char *end;

  if (*cursor == NULL)
    return FALSE;
  end = strchr (*cursor, separator);
  *item = *cursor;
  *length = end ? (gsize) (end - *cursor) : strlen (*cursor);
  *cursor = end ? end + 1 : NULL;
  return TRUE;
}

gboolean
rig_list_contains (const char *list,
                   char        separator,
                   const char *value)
{
  /* As g_strsplit () reads it: an empty list has no items, not one empty item. */
  if (list == NULL || *list == '\0' || value == NULL)
    return FALSE;
  /* Each item compared in place, in one pass over the list: a plan asks this of short catalog
   * lists ("ddr4;ddr5") several times, where finding the value's length and searching the list
   * for it cost more. An item never holds @separator, so a value that does matches none. */
  for (const char *p = list;; p++)
    {
      const char *v = value;

      while (*v != '\0' && *v != separator && *p == *v)
        p++, v++;
      if (*v == '\0' && (*p == separator || *p == '\0'))
        return TRUE;
      while (*p != '\0' && *p != separator)
        p++;
      if (*p == '\0')
        return FALSE;
    }
}
