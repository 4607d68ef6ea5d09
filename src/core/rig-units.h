/* rig-units.h: units and money, explicit in names and types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

/* Binary and decimal sizes: GPU and system memory are GiB, drive capacities GB. Never mix them. */
#define RIG_KIB ((guint64) 1 << 10)
#define RIG_MIB ((guint64) 1 << 20)
#define RIG_GIB ((guint64) 1 << 30)
#define RIG_GB  ((guint64) 1000000000)

/* A byte count between guint64 and double, as the engine converts every one: through gint64,
 * which x86-64 converts in one instruction where guint64 takes a branch and several. The counts
 * are far below 2^63, and the memory plan converts them for every device of every workload. */
static inline guint64
rig_bytes_from_double (double bytes)
{
  return (guint64) (gint64) bytes;
}

static inline double
rig_bytes_to_double (guint64 bytes)
{
  return (double) (gint64) bytes;
}

/* A catalog number that was not published or could not be checked. */
#define RIG_UNKNOWN NAN
#define RIG_IS_KNOWN(x) (!isnan (x))

/* Money, everywhere in Rigplan, is a gint64 of minor units (cents) in the currency its context
 * names: a build's settings.currency, a catalog's US dollars, a price source's own. An unknown
 * amount is RIG_MONEY_UNKNOWN, never 0. Doubles of major units appear only where money is read
 * or written for people (a build file's "price", a spin button, JSON output), through
 * rig_money_from_major () and rig_money_to_major (). */
#define RIG_MONEY_UNKNOWN G_MININT64

/* The largest amount Rigplan computes with, in minor units: ten trillion in major units, past
 * any workstation in any currency, yet 9,000 times below where gint64 overflows, so a sum is
 * checked against it before it can wrap. */
#define RIG_MONEY_MAX_MINOR G_GINT64_CONSTANT (1000000000000000)

/* Units of a currency one US dollar buys. The dearest currency today (the Kuwaiti dinar, about
 * 0.3) and the cheapest (the Iranian rial, about 42,000 officially) lie well inside; a rate
 * outside is a typo or a broken feed, and converting with it puts amounts past any total. */
#define RIG_FX_RATE_MIN 1e-4
#define RIG_FX_RATE_MAX 1e6

static inline gboolean
rig_fx_rate_is_plausible (double per_usd)
{
  return per_usd >= RIG_FX_RATE_MIN && per_usd <= RIG_FX_RATE_MAX;
}

/* @minor rounded to whole minor units; FALSE when it is not a number or lies beyond
 * ±RIG_MONEY_MAX_MINOR. */
static inline gboolean
rig_money_from_double (double  minor,
                       gint64 *out)
{
  if (!(minor >= -(double) RIG_MONEY_MAX_MINOR && minor <= (double) RIG_MONEY_MAX_MINOR))
    return FALSE;
  *out = (gint64) llround (minor);
  return TRUE;
}

static inline gboolean
rig_money_is_valid (gint64 minor)
{
  return minor >= -RIG_MONEY_MAX_MINOR && minor <= RIG_MONEY_MAX_MINOR;
}

/* @a + @b, FALSE (and @out untouched) when either or the sum lies beyond RIG_MONEY_MAX_MINOR. */
static inline gboolean
rig_money_add (gint64  a,
               gint64  b,
               gint64 *out)
{
  gint64 sum;

  if (!rig_money_is_valid (a) || !rig_money_is_valid (b) || __builtin_add_overflow (a, b, &sum)
      || !rig_money_is_valid (sum))
    return FALSE;
  *out = sum;
  return TRUE;
}

/* @minor × @count, FALSE (and @out untouched) beyond RIG_MONEY_MAX_MINOR. */
static inline gboolean
rig_money_multiply (gint64  minor,
                    guint64 count,
                    gint64 *out)
{
  gint64 product;

  if (!rig_money_is_valid (minor) || count > (guint64) G_MAXINT64
      || __builtin_mul_overflow (minor, (gint64) count, &product) || !rig_money_is_valid (product))
    return FALSE;
  *out = product;
  return TRUE;
}

/* @major units (dollars) as minor units (cents), rounded; FALSE when it is not a number or
 * lies beyond ±RIG_MONEY_MAX_MINOR. */
static inline gboolean
rig_money_from_major (double  major,
                      gint64 *out)
{
  return rig_money_from_double (major * 100.0, out);
}

/* @minor units in major units, for showing or writing; NAN for RIG_MONEY_UNKNOWN. */
static inline double
rig_money_to_major (gint64 minor)
{
  return minor == RIG_MONEY_UNKNOWN ? NAN : minor / 100.0;
}

G_END_DECLS
