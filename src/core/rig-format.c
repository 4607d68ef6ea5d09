/* rig-format.c: money as the window, the exports, the PDF and the command line write it
 *
 * One place for it: the styles differ where their readers do (a person in their locale, a file
 * shared across locales, a script), never by accident.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-format.h"
#include "rig-i18n.h"
#include "rig-units.h"

#define NO_AMOUNT "—"

void
rig_append_grouped (GString *out,
                    guint64  value)
{
  char digits[24];
  gsize len;

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);
  len = strlen (digits);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
}

/* "$1,500.00" in US dollars, "1,500.00 EUR" in any other currency, in every locale. */
static char *
format_file (gint64      minor,
             const char *currency)
{
  GString *out = g_string_new (minor < 0 ? "-" : "");
  guint64 magnitude = minor < 0 ? (guint64) -(minor + 1) + 1 : (guint64) minor;
  gboolean dollars = currency == NULL || *currency == '\0' || g_str_equal (currency, "USD");

  if (dollars)
    g_string_append_c (out, '$');
  rig_append_grouped (out, magnitude / 100);
  g_string_append_printf (out, ".%02d", (int) (magnitude % 100));
  if (!dollars)
    g_string_append_printf (out, " %s", currency);
  return g_string_free (out, FALSE);
}

char *
rig_money_format (double         major,
                  const char    *currency,
                  RigMoneyStyle  style)
{
  gint64 minor;

  if (isnan (major))
    return g_strdup (NO_AMOUNT);
  switch (style)
    {
    case RIG_MONEY_CENTS:
      /* Translators: an amount of money and its currency code; the ' flag groups thousands as
       * the locale does (“2,698.99 USD”) */
      return g_strdup_printf (_("%'.2f %s"), major, currency);
    case RIG_MONEY_WHOLE:
      /* Translators: a whole amount of money and its currency code (“2,699 USD”) */
      return g_strdup_printf (_("%'.0f %s"), major, currency);
    case RIG_MONEY_FILE:
      if (!rig_money_from_double (major * 100, &minor))
        return g_strdup (NO_AMOUNT);
      return format_file (minor, currency);
    case RIG_MONEY_PLAIN:
    default:
      return g_strdup_printf ("%.2f %s", major, currency);
    }
}

char *
rig_money_format_minor (gint64         minor,
                        const char    *currency,
                        RigMoneyStyle  style)
{
  if (minor == RIG_MONEY_UNKNOWN)
    return g_strdup (NO_AMOUNT);
  if (style == RIG_MONEY_FILE)
    return format_file (minor, currency);
  return rig_money_format (rig_money_to_major (minor), currency, style);
}
