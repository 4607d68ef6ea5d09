/* rig-units.h: units and money, explicit in names and types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Binary and decimal sizes: GPU and system memory are GiB, drive capacities GB. Never mix them. */
#define RIG_KIB ((guint64) 1 << 10)
#define RIG_MIB ((guint64) 1 << 20)
#define RIG_GIB ((guint64) 1 << 30)
#define RIG_GB  ((guint64) 1000000000)

/* A catalog number that was not published or could not be checked. */
#define RIG_UNKNOWN NAN
#define RIG_IS_KNOWN(x) (!isnan (x))

/* Money as minor units (cents) and an ISO 4217 code. */
typedef struct
{
  gint64 minor;
  char   currency[4];
} RigMoney;

#define RIG_MONEY_UNKNOWN G_MININT64

static inline RigMoney
rig_money_new (gint64      minor,
               const char *currency)
{
  RigMoney m = { minor, { 0 } };
  g_strlcpy (m.currency, currency ? currency : "USD", sizeof m.currency);
  return m;
}

G_END_DECLS
