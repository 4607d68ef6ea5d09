/* test-printf: rig_strdup_printf () and rig_snprintf () write what GLib's (printf ()'s) do,
 * byte for byte: every precision over random, tied and nearly tied values, integers at their
 * limits, strings, the formats handed back to GLib, truncation, long messages, and locales
 * whose decimal point is a comma or a two-byte character
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "rig-printf.h"

#define assert_same(format, ...) \
  G_STMT_START { \
    g_autofree char *expected_ = g_strdup_printf (format, __VA_ARGS__); \
    g_autofree char *got_ = rig_strdup_printf (format, __VA_ARGS__); \
    char buffer_[64]; \
    int n_ = rig_snprintf (buffer_, sizeof buffer_, format, __VA_ARGS__); \
    char expected_buffer_[64]; \
    int expected_n_ = g_snprintf (expected_buffer_, sizeof expected_buffer_, format, __VA_ARGS__); \
    g_assert_cmpstr (got_, ==, expected_); \
    g_assert_cmpint (n_, ==, expected_n_); \
    g_assert_cmpstr (buffer_, ==, expected_buffer_); \
  } G_STMT_END

/* Values whose %f could come out differently: exact binary ties at each number of places
 * (k / 2^m), decimal values stored just below or above a tie, the ends of the fast path
 * (about 1e9 units of the last place), the infinities, NaN, signed zeros, the extremes. */
static const double special[] = {
  0.0, -0.0, 0.5, 1.5, 2.5, -0.5, -2.5, 0.25, 0.75, 0.125, 0.375, 0.625, 0.875, 1.0625,
  0.03125, 0.046875, 0.0009765625, 1.00048828125, 2.675, 1.005, 0.045, 1.45, 0.15, 0.35,
  8.345, 1.0049999999999999, 0.995, 9.995, 99.995, 0.0005, 0.00049999999999999, 4.35,
  -0.04, -0.004, -1e-12, 1e-300, -1e-300, 5e-324, DBL_MIN, 999999999.5, 999999999.4,
  1e9, 1e9 - 1, 99999999.95, 9999999.995, 123456.789, 1e10, 1e15, 1e20, 1e22, 1e300,
  DBL_MAX, -DBL_MAX, 4294967296.5, 18446744073709551616.0, 0.1, 0.2, 0.3, 2.0 / 3.0,
  1.0 / 3.0, 3.14159265358979, 2.718281828459045, 1234.5678, 0.000001, 0.0000005,
  0.00000049999, 12.3456789e-3,
};

static const char * const fixed_formats[] = {
  "%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.5f", "%.6f", "%.7f", "%.8f", "%.9f", "%f",
  "%.f", "%.10f", "%5.1f", "%-8.2f", "%+.1f", "% .1f", "%'.0f", "%'.2f", "%08.3f", "%g",
  "%.3g", "%e", "%a", "%lf", "%.1lf",
};

static void
check_double (double value)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixed_formats); i++)
    {
      g_autofree char *format = g_strdup_printf ("x %s y", fixed_formats[i]);

      assert_same (format, value);
    }
}

static void
check_doubles (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (special); i++)
    {
      check_double (special[i]);
      check_double (-special[i]);
      check_double (nextafter (special[i], 0.0));
      check_double (nextafter (special[i], INFINITY));
    }
  check_double (INFINITY);
  check_double (-INFINITY);
  check_double (NAN);
  check_double (-NAN);

  /* Ties at every precision: n + 1/2 units of the last place, for n's spread over the range,
   * and the doubles on either side of each. */
  for (int places = 0; places <= 9; places++)
    for (guint k = 0; k < 200; k++)
      {
        double unit = pow (10.0, -places);
        double n = floor (g_test_rand_double_range (0.0, 1e9 / pow (10.0, places % 4)));
        double tie = (n + 0.5) * unit;

        check_double (tie);
        check_double (nextafter (tie, 0.0));
        check_double (nextafter (tie, INFINITY));
      }

  /* Random values over every magnitude the plan's figures take, and beyond. */
  for (guint k = 0; k < 4000; k++)
    {
      double value = pow (10.0, g_test_rand_double_range (-12.0, 14.0));

      if (g_test_rand_bit ())
        value = -value;
      check_double (value);
    }
}

static void
test_fixed (void)
{
  check_doubles ();
}

static void
test_integers (void)
{
  static const long long values[] = {
    0, 1, -1, 9, 10, 99, 100, 12345, -12345, INT_MAX, INT_MIN, UINT_MAX, LONG_MAX, LONG_MIN,
    LLONG_MIN, 4294967296LL, -4294967296LL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      long long v = values[i];

      assert_same ("%d|%i|%u", (int) v, (int) v, (unsigned) v);
      assert_same ("%ld|%li|%lu", (long) v, (long) v, (unsigned long) v);
      assert_same ("%lld|%llu", v, (unsigned long long) v);
      assert_same ("%zu|%zd", (gsize) v, (gssize) v);
      assert_same ("%" G_GINT64_FORMAT "|%" G_GUINT64_FORMAT "|%" G_GSIZE_FORMAT, (gint64) v,
                   (guint64) v, (gsize) v);
      assert_same ("%02d|%4u|%-3d|%+d|%x|%.3d|%hd|%jd", (int) v, (unsigned) v, (int) v,
                   (int) v, (unsigned) v, (int) v, (int) v, (intmax_t) v);
    }
  assert_same ("%llu", ULLONG_MAX);
  assert_same ("%lu", ULONG_MAX);
}

static void
test_strings (void)
{
  const char *nothing = NULL;

  assert_same ("%s", "");
  assert_same ("%s and %s", "one", "two");
  assert_same ("%s", nothing);
  assert_same ("[%c%c]", 'a', 0x20);
  assert_same ("100 %% of %s, %d %%", "it", 5);
  assert_same ("%.3s|%8s|%-4s|", "abcdef", "ab", "x");
  assert_same ("%2$s %1$s", "world", "hello");
  assert_same ("%p", (void *) 0);
  assert_same ("%s", "RTX 4090 — 24 GiB, “quoted”");
  assert_same ("a plain sentence with no conversion at all%s", "");
  /* A format ending in a lone '%' is GLib's to judge; neither may crash. */
  g_free (rig_strdup_printf ("%s", "ends"));
}

/* A message as the plan writes them, with every kind of conversion, into buffers of each size
 * from none to more than it needs. */
static void
test_truncation (void)
{
  const char *format = "%s needs %.1f GiB of %u GiB on %d GPUs (%.0f %%), %lu parts";
  g_autofree char *whole = g_strdup_printf (format, "Llama 3.1 70B", 41.96, 24u, 2, 87.5, 12ul);
  gsize len = strlen (whole);

  for (gsize size = 0; size <= len + 2; size++)
    {
      char got[128], expected[128];
      int n, expected_n;

      memset (got, 'X', sizeof got);
      memset (expected, 'X', sizeof expected);
      n = rig_snprintf (size ? got : NULL, size, format, "Llama 3.1 70B", 41.96, 24u, 2, 87.5, 12ul);
      expected_n = g_snprintf (size ? expected : NULL, size, format, "Llama 3.1 70B", 41.96, 24u, 2,
                               87.5, 12ul);
      g_assert_cmpint (n, ==, expected_n);
      g_assert_cmpint (n, ==, (int) len);
      g_assert_cmpmem (got, sizeof got, expected, sizeof expected);
    }
}

/* Messages longer than the room kept on the stack grow onto the heap, once or many times. */
static void
test_long (void)
{
  for (gsize length = 1; length < 6000; length = length * 3 + 7)
    {
      g_autofree char *filler = g_strnfill (length, 'w');

      assert_same ("%s %.2f %s %u %s", filler, 3.14159, filler, 42u, filler);
    }
}

/* Builds @name from the system's locale sources into @dir when the system lacks it, as
 * localedef (Debian's package locales) does without root. */
static gboolean
make_locale (const char *name,
             const char *source,
             const char *dir)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  const char *argv[] = { "localedef", "-i", source, "-f", "UTF-8", path, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error))
    {
      g_test_message ("localedef: %s", error->message);
      return FALSE;
    }
  return g_file_test (path, G_FILE_TEST_IS_DIR);
}

static void
check_in_locale (const char *name,
                 const char *source,
                 const char *radix)
{
  locale_t numeric = newlocale (LC_NUMERIC_MASK, name, (locale_t) 0);
  locale_t before;
  g_autofree char *dir = NULL;

  if (numeric == (locale_t) 0)
    {
      g_autoptr(GError) error = NULL;

      dir = g_dir_make_tmp ("rigplan-locale-XXXXXX", &error);
      g_assert_no_error (error);
      g_assert_true (make_locale (name, source, dir));
      g_setenv ("LOCPATH", dir, TRUE);
      numeric = newlocale (LC_NUMERIC_MASK, name, (locale_t) 0);
      g_unsetenv ("LOCPATH");
    }
  g_assert_true (numeric != (locale_t) 0);

  before = uselocale (numeric);
  {
    g_autofree char *seen = g_strdup_printf ("%.1f", 2.5);
    g_autofree char *expected = g_strconcat ("2", radix, "5", NULL);

    /* The locale is the one meant: its point is not the C locale's. */
    g_assert_cmpstr (seen, ==, expected);
  }
  check_doubles ();
  assert_same ("%s: %.2f, %u", "fit", 1234.5678, 7u);
  uselocale (before);
  freelocale (numeric);

  if (dir != NULL)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

      g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
    }
}

static void
test_comma_locale (void)
{
  check_in_locale ("de_DE.UTF-8", "de_DE", ",");
}

static void
test_two_byte_point (void)
{
  /* Pashto's decimal point is U+066B ARABIC DECIMAL SEPARATOR, two bytes in UTF-8. */
  check_in_locale ("ps_AF.UTF-8", "ps_AF", "\xd9\xab");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/printf/fixed", test_fixed);
  g_test_add_func ("/printf/integers", test_integers);
  g_test_add_func ("/printf/strings", test_strings);
  g_test_add_func ("/printf/truncation", test_truncation);
  g_test_add_func ("/printf/long", test_long);
  g_test_add_func ("/printf/comma-locale", test_comma_locale);
  g_test_add_func ("/printf/two-byte-point", test_two_byte_point);

  return g_test_run ();
}
