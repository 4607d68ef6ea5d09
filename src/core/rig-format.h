/* rig-format.h: money as the window, the exports, the PDF and the command line write it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  RIG_MONEY_CENTS,    /* "2,698.99 USD", grouped as the user's locale groups: the window, the PDF */
  RIG_MONEY_WHOLE,    /* "2,699 USD", likewise: charts, and yearly running costs */
  RIG_MONEY_FILE,     /* "$2,698.99", or "2,698.99 EUR", the same in every locale: exported lists */
  RIG_MONEY_PLAIN,    /* "2698.99 USD", ungrouped: the command line's text, which scripts read */
} RigMoneyStyle;

/* @major units of @currency (an ISO 4217 code) in @style; "—" for NAN. */
char *rig_money_format       (double         major,
                              const char    *currency,
                              RigMoneyStyle  style);
/* As rig_money_format (), from minor units (cents); "—" for RIG_MONEY_UNKNOWN. */
char *rig_money_format_minor (gint64         minor,
                              const char    *currency,
                              RigMoneyStyle  style);
/* @value's digits with a comma between each group of three ("1,234,567"), in every locale. */
void  rig_append_grouped     (GString       *out,
                              guint64        value);

G_END_DECLS
