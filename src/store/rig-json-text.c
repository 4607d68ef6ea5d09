/* rig-json-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-json-text.h"

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
