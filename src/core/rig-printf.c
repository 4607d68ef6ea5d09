/* rig-printf.c: the plan's words, formatted as printf () formats them, faster
 *
 * A plan with every word writes about fifty messages, most with a figure or two in them
 * ("%.1f GiB"), and printf ()'s general machinery (exact multi-precision digits for any
 * double, a stream per call) was half of that plan's time. The conversions the messages use
 * are written here directly; the result is printf ()'s, byte for byte, which test-printf
 * checks against GLib's over the formats, values and rounding ties that could differ.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <langinfo.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rig-printf.h"

/* A message of up to this many bytes is written on the stack, then copied once. */
#define STACK_ROOM 512

typedef struct
{
  char       *data;
  gsize       len;     /* bytes written, or that would have been where @data is too short */
  gsize       room;    /* bytes @data holds, the closing NUL's among them */
  gboolean    grows;   /* whether @data may grow (a new string) or truncates (a caller's buffer) */
  gboolean    on_heap; /* whether @data was allocated here */
  const char *radix;   /* the locale's decimal point, looked up at the first %f */
  gsize       radix_len;
} Out;

static void
out_grow (Out  *o,
          gsize need)
{
  gsize room = MAX (o->room * 2, need);

  if (o->on_heap)
    o->data = g_realloc (o->data, room);
  else
    {
      char *data = g_malloc (room);

      memcpy (data, o->data, o->len);
      o->data = data;
      o->on_heap = TRUE;
    }
  o->room = room;
}

static inline void
out_put (Out        *o,
         const char *s,
         gsize       n)
{
  if (G_LIKELY (o->len + n < o->room))
    memcpy (o->data + o->len, s, n);
  else if (o->grows)
    {
      out_grow (o, o->len + n + 1);
      memcpy (o->data + o->len, s, n);
    }
  else if (o->len + 1 < o->room)
    memcpy (o->data + o->len, s, o->room - 1 - o->len);
  o->len += n;
}

static void
out_integer (Out     *o,
             guint64  magnitude,
             gboolean negative)
{
  char digits[24], *end = digits + sizeof digits, *p = end;

  do
    {
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (negative)
    *--p = '-';
  out_put (o, p, (gsize) (end - p));
}

static void
out_by_printf (Out    *o,
               double  value,
               int     precision)
{
  /* A double's widest %f, 309 digits, a sign, a point and nine places, fits. */
  char text[400];
  int n = snprintf (text, sizeof text, "%.*f", precision, value);

  g_assert (n > 0 && (gsize) n < sizeof text);
  out_put (o, text, (gsize) n);
}

static const double powers_of_ten[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
static const guint64 integer_powers_of_ten[] = {
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
};

/* %.Nf, 0 ≤ N ≤ 9. printf () rounds the double's exact binary value to N places, a tie to the
 * even digit. Below 1e9 units of the last place, x = |value| 10^N is within 6e-8 of the exact
 * product (powers of ten to 1e9 are exact doubles), so which way it rounds is certain unless
 * its fraction is within 1e-6 of a half; there, and beyond 1e9, NaN and the infinities
 * included, printf () itself writes the figure. */
static void
out_fixed (Out    *o,
           double  value,
           int     precision)
{
  double x = fabs (value) * powers_of_ten[precision];
  double whole, fraction;
  guint64 rounded, scale = integer_powers_of_ten[precision];

  if (!(x < 1e9))
    {
      out_by_printf (o, value, precision);
      return;
    }
  whole = floor (x);
  fraction = x - whole;
  if (fabs (fraction - 0.5) < 1e-6)
    {
      out_by_printf (o, value, precision);
      return;
    }
  rounded = (guint64) whole + (fraction > 0.5);

  out_integer (o, rounded / scale, signbit (value) != 0);
  if (precision > 0)
    {
      char places[16], *end = places + precision, *p = end;
      guint64 part = rounded % scale;

      if (o->radix == NULL)
        {
          o->radix = nl_langinfo (RADIXCHAR);
          o->radix_len = strlen (o->radix);
        }
      out_put (o, o->radix, o->radix_len);
      while (p > places)
        {
          *--p = (char) ('0' + part % 10);
          part /= 10;
        }
      out_put (o, places, (gsize) precision);
    }
}

/* Writes @format with @args into @o; FALSE at the first conversion it does not write, with
 * @args partly read and @o's text to be thrown away. */
static gboolean
format_into (Out        *o,
             const char *format,
             va_list    *args)
{
  const char *p = format;

  for (;;)
    {
      const char *percent = strchr (p, '%');
      int precision = -1, longs = 0;
      gboolean sized = FALSE, modified;

      if (percent == NULL)
        {
          out_put (o, p, strlen (p));
          return TRUE;
        }
      out_put (o, p, (gsize) (percent - p));
      p = percent + 1;
      if (*p == '.')
        {
          precision = 0;
          for (p++; *p >= '0' && *p <= '9' && precision <= 9; p++)
            precision = precision * 10 + (*p - '0');
        }
      if (*p == 'l')
        {
          longs = 1;
          if (*++p == 'l')
            {
              longs = 2;
              p++;
            }
        }
      else if (*p == 'z')
        {
          sized = TRUE;
          p++;
        }
      modified = precision >= 0 || longs > 0 || sized;

      switch (*p++)
        {
        case '%':
          if (modified)
            return FALSE;
          out_put (o, "%", 1);
          break;

        case 's':
          {
            const char *s;

            if (modified)
              return FALSE;
            s = va_arg (*args, const char *);
            if (s == NULL)
              s = "(null)";
            out_put (o, s, strlen (s));
          }
          break;

        case 'c':
          {
            char c;

            if (modified)
              return FALSE;
            c = (char) va_arg (*args, int);
            out_put (o, &c, 1);
          }
          break;

        case 'd':
        case 'i':
          {
            gint64 v;

            if (precision >= 0)
              return FALSE;
            if (longs == 2)
              v = va_arg (*args, long long);
            else if (longs == 1)
              v = va_arg (*args, long);
            else if (sized)
              v = va_arg (*args, gssize);
            else
              v = va_arg (*args, int);
            out_integer (o, v < 0 ? -(guint64) v : (guint64) v, v < 0);
          }
          break;

        case 'u':
          {
            guint64 v;

            if (precision >= 0)
              return FALSE;
            if (longs == 2)
              v = va_arg (*args, unsigned long long);
            else if (longs == 1)
              v = va_arg (*args, unsigned long);
            else if (sized)
              v = va_arg (*args, gsize);
            else
              v = va_arg (*args, unsigned int);
            out_integer (o, v, FALSE);
          }
          break;

        case 'f':
          if (longs > 0 || sized || precision > 9)
            return FALSE;
          out_fixed (o, va_arg (*args, double), precision < 0 ? 6 : precision);
          break;

        default:
          /* A flag, a width, '*', a positional argument, another conversion, or the end. */
          return FALSE;
        }
    }
}

/* format_into () from a copy of @args, which a format it cannot write hands to GLib whole. */
static gboolean
format_args (Out        *o,
             const char *format,
             va_list     args)
{
  va_list work;
  gboolean written;

  va_copy (work, args);
  written = format_into (o, format, &work);
  va_end (work);
  return written;
}

char *
rig_strdup_vprintf (const char *format,
                    va_list     args)
{
  char stack[STACK_ROOM];
  Out o = { stack, 0, sizeof stack, TRUE, FALSE, NULL, 0 };

  if (!format_args (&o, format, args))
    {
      if (o.on_heap)
        g_free (o.data);
      return g_strdup_vprintf (format, args);
    }
  if (o.on_heap)
    {
      o.data[o.len] = '\0';
      return g_realloc (o.data, o.len + 1);
    }
  return g_strndup (o.data, o.len);
}

char *
rig_strdup_printf (const char *format,
                   ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = rig_strdup_vprintf (format, args);
  va_end (args);
  return text;
}

int
rig_vsnprintf (char       *buffer,
               gulong      size,
               const char *format,
               va_list     args)
{
  Out o = { buffer, 0, size, FALSE, FALSE, NULL, 0 };

  if (!format_args (&o, format, args))
    return g_vsnprintf (buffer, size, format, args);
  if (size > 0)
    buffer[MIN (o.len, size - 1)] = '\0';
  return (int) o.len;
}

int
rig_snprintf (char       *buffer,
              gulong      size,
              const char *format,
              ...)
{
  va_list args;
  int n;

  va_start (args, format);
  n = rig_vsnprintf (buffer, size, format, args);
  va_end (args);
  return n;
}
