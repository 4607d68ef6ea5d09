/* test-price-feed.c: reading price feeds into checked prices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "rig-price-feed.h"
#include "rig-price-refresh.h"
#include "rig-test-http.h"
#include "rig-test-util.h"
#include "rig-text.h"

/* 2026-11-21T12:00:00Z: after every date in the examples. */
#define NOW  G_GINT64_CONSTANT (1795262400)

/* Says which case is running, escaped so that TAP stays readable. */
static void
note (const char *input)
{
  g_autofree char *escaped = g_strescape (input, NULL);

  g_test_message ("%s", escaped);
}

static gint64
utc (const char *iso8601)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso8601, tz);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

/* A file of the source tree, relative to the top. */
static char *
read_source_file (const char *path,
                  gsize      *length)
{
  g_autofree char *full = g_test_build_filename (G_TEST_DIST, "..", path, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (full, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static char *
read_fixture (const char *name,
              gsize      *length)
{
  g_autofree char *in_prices = g_build_filename ("prices", name, NULL);
  g_autofree char *path = rig_test_fixture (in_prices);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static RigFeedResult *
parse_json_ok (const char *json)
{
  g_autoptr(GError) error = NULL;
  RigFeedResult *result = rig_price_feed_parse_json (json, strlen (json), NOW, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static RigFeedResult *
parse_csv_ok (const char *csv)
{
  g_autoptr(GError) error = NULL;
  RigFeedResult *result = rig_price_feed_parse_csv (csv, strlen (csv), NOW, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static const RigFeedPrice *
price_at (const RigFeedResult *result,
          guint                i)
{
  g_assert_cmpuint (i, <, result->prices->len);
  return g_ptr_array_index (result->prices, i);
}

static const char *
rejected_at (const RigFeedResult *result,
             guint                i)
{
  g_assert_cmpuint (i, <, result->rejected->len);
  return g_ptr_array_index (result->rejected, i);
}

static void
assert_price (const RigFeedPrice *p,
              const char         *key,
              gboolean            key_is_mpn,
              RigCondition        condition,
              gint64              amount_minor,
              const char         *currency,
              gint64              observed_at,
              const char         *url)
{
  g_assert_cmpstr (p->key, ==, key);
  g_assert_cmpint (p->key_is_mpn, ==, key_is_mpn);
  g_assert_cmpint (p->condition, ==, condition);
  g_assert_cmpint (p->amount_minor, ==, amount_minor);
  g_assert_cmpstr (p->currency, ==, currency);
  g_assert_cmpint (p->observed_at, ==, observed_at);
  g_assert_cmpstr (p->url, ==, url);
}

static void
assert_example_json (const RigFeedResult *r)
{
  const RigCloudRate *rate;
  double *eur;

  g_assert_cmpstr (r->source_name, ==, "Example Store");
  g_assert_cmpuint (r->rejected->len, ==, 0);
  g_assert_cmpuint (g_hash_table_size (r->fx), ==, 3);
  g_assert_nonnull ((eur = g_hash_table_lookup (r->fx, "EUR")));
  g_assert_cmpfloat (*eur, ==, 0.92);

  g_assert_cmpuint (r->prices->len, ==, 5);
  assert_price (price_at (r, 0), "nvidia-rtx-3090", FALSE, RIG_CONDITION_USED, 69900, "USD",
                utc ("2026-11-20T00:00:00Z"), "https://store.example.com/p/rtx-3090-used");
  /* No date of its own: the feed's. */
  assert_price (price_at (r, 1), "nvidia-rtx-4090", FALSE, RIG_CONDITION_NEW, 179999, "USD",
                utc ("2026-11-01T00:00:00Z"), "https://store.example.com/p/rtx-4090");
  assert_price (price_at (r, 2), "90YV0IH1-M0NA00", TRUE, RIG_CONDITION_NEW, 159999, "EUR",
                utc ("2026-11-18T08:30:00Z"), NULL);
  assert_price (price_at (r, 3), "nvidia-rtx-a6000", FALSE, RIG_CONDITION_USED, 345000, "EUR",
                utc ("2026-11-01T00:00:00Z"), NULL);
  /* Over a million yen, allowed by the feed's JPY rate. */
  assert_price (price_at (r, 4), "nvidia-h100-pcie", FALSE, RIG_CONDITION_NEW, 415000000, "JPY",
                utc ("2026-11-01T00:00:00Z"), NULL);

  g_assert_cmpuint (r->rates->len, ==, 2);
  rate = g_ptr_array_index (r->rates, 0);
  g_assert_cmpstr (rate->gpu, ==, "nvidia-h100-sxm5");
  g_assert_cmpuint (rate->count, ==, 8);
  g_assert_cmpint (rate->per_hour_minor, ==, 2392);
  g_assert_cmpstr (rate->currency, ==, "USD");
  g_assert_cmpstr (rate->provider, ==, "Example Cloud");
  g_assert_cmpint (rate->observed_at, ==, utc ("2026-11-01T00:00:00Z"));
  rate = g_ptr_array_index (r->rates, 1);
  g_assert_cmpstr (rate->gpu, ==, "nvidia-a100-sxm4-80gb");
  g_assert_cmpuint (rate->count, ==, 1);
  g_assert_cmpint (rate->per_hour_minor, ==, 129);
  g_assert_cmpint (rate->observed_at, ==, utc ("2026-11-19T00:00:00Z"));
}

static void
assert_example_csv (const RigFeedResult *r)
{
  g_assert_null (r->source_name);
  g_assert_cmpuint (r->rejected->len, ==, 0);
  g_assert_cmpuint (r->rates->len, ==, 0);
  g_assert_cmpuint (r->prices->len, ==, 4);
  assert_price (price_at (r, 0), "nvidia-rtx-3090", FALSE, RIG_CONDITION_USED, 69900, "USD",
                utc ("2026-11-20T00:00:00Z"), "https://store.example.com/p/rtx-3090-used");
  assert_price (price_at (r, 1), "nvidia-rtx-4090", FALSE, RIG_CONDITION_NEW, 179999, "USD",
                utc ("2026-11-20T00:00:00Z"), "https://store.example.com/p/rtx-4090");
  assert_price (price_at (r, 2), "90YV0IH1-M0NA00", TRUE, RIG_CONDITION_NEW, 159999, "EUR",
                utc ("2026-11-18T00:00:00Z"), NULL);
  /* No date: the time of reading. */
  assert_price (price_at (r, 3), "nvidia-rtx-a6000", FALSE, RIG_CONDITION_USED, 345000, "EUR",
                NOW, NULL);
}

static void
test_example_json (void)
{
  gsize length;
  g_autofree char *data = read_source_file ("data/price-feed-example.json", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigFeedResult) r = rig_price_feed_parse_json (data, length, NOW, &error);

  g_assert_no_error (error);
  assert_example_json (r);
}

static void
test_example_csv (void)
{
  gsize length;
  g_autofree char *data = read_source_file ("data/price-feed-example.csv", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigFeedResult) r = rig_price_feed_parse_csv (data, length, NOW, &error);

  g_assert_no_error (error);
  assert_example_csv (r);
}

static void
test_example_cloud (void)
{
  gsize length;
  g_autofree char *data = read_source_file ("data/cloud-rates-example.json", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigFeedResult) r = rig_price_feed_parse_json (data, length, NOW, &error);
  const RigCloudRate *rate;

  g_assert_no_error (error);
  g_assert_cmpstr (r->source_name, ==, "Example Cloud");
  g_assert_cmpuint (r->prices->len, ==, 0);
  g_assert_cmpuint (r->rejected->len, ==, 0);
  g_assert_cmpuint (r->rates->len, ==, 5);

  rate = g_ptr_array_index (r->rates, 0);
  g_assert_cmpstr (rate->gpu, ==, "nvidia-h100-sxm5");
  g_assert_cmpuint (rate->count, ==, 1);
  g_assert_cmpint (rate->per_hour_minor, ==, 299);
  g_assert_cmpint (rate->observed_at, ==, utc ("2026-11-15T00:00:00Z"));
  rate = g_ptr_array_index (r->rates, 3);
  g_assert_cmpstr (rate->gpu, ==, "nvidia-rtx-4090");
  g_assert_cmpuint (rate->count, ==, 1);
  g_assert_cmpint (rate->per_hour_minor, ==, 69);
  g_assert_cmpstr (rate->provider, ==, "Example Community Cloud");
  rate = g_ptr_array_index (r->rates, 4);
  g_assert_cmpstr (rate->gpu, ==, "nvidia-l40s");
  g_assert_cmpuint (rate->count, ==, 4);
  g_assert_cmpint (rate->per_hour_minor, ==, 396);
  g_assert_cmpstr (rate->currency, ==, "EUR");
  g_assert_cmpint (rate->observed_at, ==, utc ("2026-11-16T00:00:00Z"));
}

/* The text of the first block fenced as @lang in @doc. */
static char *
fenced_block (const char *doc,
              const char *lang)
{
  g_autofree char *fence = g_strdup_printf ("\n```%s\n", lang);
  const char *start = strstr (doc, fence);
  const char *end;

  g_assert_nonnull (start);
  start += strlen (fence);
  end = strstr (start, "\n```");
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

/* The examples in docs/price-feed.md are the files in data/, and so read as they do. */
static void
test_docs_examples (void)
{
  g_autofree char *doc = read_source_file ("docs/price-feed.md", NULL);
  g_autofree char *json_file = read_source_file ("data/price-feed-example.json", NULL);
  g_autofree char *csv_file = read_source_file ("data/price-feed-example.csv", NULL);
  g_autofree char *json = fenced_block (doc, "json");
  g_autofree char *csv = fenced_block (doc, "csv");
  g_autoptr(RigFeedResult) from_json = NULL;
  g_autoptr(RigFeedResult) from_csv = NULL;

  g_assert_cmpstr (json, ==, g_strchomp (json_file));
  g_assert_cmpstr (csv, ==, g_strchomp (csv_file));

  from_json = parse_json_ok (json);
  assert_example_json (from_json);
  from_csv = parse_csv_ok (csv);
  assert_example_csv (from_csv);
}

typedef struct
{
  const char *item;
  const char *message;    /* the whole rejection line */
} Rejection;

/* Each bad item sits between two good ones: it alone is left out, with its own index. */
static void
test_item_rejections (void)
{
  static const Rejection cases[] = {
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":\"1,599.99\"}",
      "items[1].price: must be a number, not a string" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":{\"amount\":699}}",
      "items[1].price: must be a number, not an object" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":[699]}",
      "items[1].price: must be a number, not an array" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":true}",
      "items[1].price: must be a number, not true or false" },
    { "{\"id\":\"nvidia-rtx-3090\"}", "items[1].price: is missing" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":null}", "items[1].price: is missing" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":-5}", "items[1].price: -5 is negative" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":-0.5}", "items[1].price: -0.5 is negative" },
    /* Past 64 bits, which json-glib read as -1 and 1. */
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":123456789012345678901234567890}",
      "items[1].price: 1.2345678901234568e+29 is more than 1000000 USD; is the decimal point in "
      "the wrong place?" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":-123456789012345678901234567890}",
      "items[1].price: -1.2345678901234568e+29 is negative" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":0}", "items[1].price: is zero" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":0.0}", "items[1].price: is zero" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":1e999}", "items[1].price: is not a finite number" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":0.004}", "items[1].price: 0.004 rounds to zero" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":1000000.01}",
      "items[1].price: 1000000.01 is more than 1000000 USD; is the decimal point in the wrong "
      "place?" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":2000000,\"currency\":\"EUR\"}",
      "items[1].price: 2000000 is more than 1000000 EUR; is the decimal point in the wrong "
      "place?" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"currency\":\"usd\"}",
      "items[1].currency: “usd” is not an ISO 4217 code such as USD or EUR" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"currency\":\"EURO\"}",
      "items[1].currency: “EURO” is not an ISO 4217 code such as USD or EUR" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"currency\":\"€\"}",
      "items[1].currency: “€” is not an ISO 4217 code such as USD or EUR" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"currency\":840}",
      "items[1].currency: must be a string, not a number" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"condition\":\"refurbished\"}",
      "items[1].condition: “refurbished” is not one of: new, used" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"condition\":true}",
      "items[1].condition: must be a string, not true or false" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"date\":\"2026-13-01\"}",
      "items[1].date: “2026-13-01” is not a date (YYYY-MM-DD, or an ISO 8601 date and time)" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"date\":\"2026-02-30\"}",
      "items[1].date: “2026-02-30” is not a date (YYYY-MM-DD, or an ISO 8601 date and time)" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"date\":\"21/11/2026\"}",
      "items[1].date: “21/11/2026” is not a date (YYYY-MM-DD, or an ISO 8601 date and time)" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"date\":\"2026-11-24\"}",
      "items[1].date: “2026-11-24” lies more than 2 days in the future" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"date\":\"2026-11-23T12:00:01Z\"}",
      "items[1].date: “2026-11-23T12:00:01Z” lies more than 2 days in the future" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"date\":\"1999-12-31\"}",
      "items[1].date: “1999-12-31” is before 2000" },
    { "{\"id\":\"\",\"price\":699}", "items[1].id: is empty" },
    { "{\"mpn\":\"   \",\"price\":699}", "items[1].mpn: is empty" },
    { "{\"mpn\":\"ABC\\u0007DEF\",\"price\":699}", "items[1].mpn: contains control characters" },
    { "{\"mpn\":\"ABC\\u0085DEF\",\"price\":699}", "items[1].mpn: contains control characters" },
    { "{\"id\":\"NVIDIA RTX 3090\",\"price\":699}",
      "items[1].id: “NVIDIA RTX 3090” is not a catalog id (lowercase letters, digits and dashes, "
      "like “nvidia-rtx-4090”)" },
    { "{\"id\":\"nvidia_rtx_3090\",\"price\":699}",
      "items[1].id: “nvidia_rtx_3090” is not a catalog id (lowercase letters, digits and "
      "dashes, like “nvidia-rtx-4090”)" },
    { "{\"id\":\"-nvidia\",\"price\":699}",
      "items[1].id: “-nvidia” is not a catalog id (lowercase letters, digits and dashes, like "
      "“nvidia-rtx-4090”)" },
    { "{\"id\":5,\"price\":699}", "items[1].id: must be a string, not a number" },
    { "{\"price\":699}", "items[1]: has neither “id” nor “mpn”" },
    /* json-glib decodes a lone surrogate followed by more text into bytes that are not UTF-8. */
    { "{\"mpn\":\"ABC\\ud800x\",\"price\":699}",
      "items[1].mpn: not valid text (a lone UTF-16 surrogate?)" },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"condition\":\"\\udbffx\"}",
      "items[1].condition: not valid text (a lone UTF-16 surrogate?)" },
    { "\"nvidia-rtx-3090\"", "items[1]: must be an object, not a string" },
    { "null", "items[1]: must be an object, not null" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"format\":\"rigplan-prices\",\"version\":1,\"items\":["
        "{\"id\":\"nvidia-rtx-4090\",\"price\":1599},%s,"
        "{\"mpn\":\"GOOD-2\",\"price\":2}]}", cases[i].item);
      g_autoptr(RigFeedResult) r = NULL;

      note (cases[i].item);
      r = parse_json_ok (json);
      g_assert_cmpuint (r->rejected->len, ==, 1);
      g_assert_cmpstr (rejected_at (r, 0), ==, cases[i].message);
      g_assert_cmpuint (r->prices->len, ==, 2);
      g_assert_cmpstr (price_at (r, 0)->key, ==, "nvidia-rtx-4090");
      g_assert_cmpstr (price_at (r, 1)->key, ==, "GOOD-2");
    }
}

static void
test_key_lengths (void)
{
  g_autofree char *long_id = g_strnfill (129, 'a');
  g_autofree char *long_mpn = g_strnfill (129, 'M');
  g_autofree char *max_mpn = g_strnfill (128, 'M');
  g_autofree char *json = g_strdup_printf (
    "{\"format\":\"rigplan-prices\",\"version\":1,\"items\":["
    "{\"id\":\"%s\",\"price\":1},{\"mpn\":\"%s\",\"price\":2},{\"mpn\":\"%s\",\"price\":3}]}",
    long_id, long_mpn, max_mpn);
  g_autoptr(RigFeedResult) r = parse_json_ok (json);

  g_assert_cmpuint (r->rejected->len, ==, 2);
  g_assert_cmpstr (rejected_at (r, 0), ==, "items[0].id: is longer than 128 bytes");
  g_assert_cmpstr (rejected_at (r, 1), ==, "items[1].mpn: is longer than 128 bytes");
  g_assert_cmpuint (r->prices->len, ==, 1);
  g_assert_cmpstr (price_at (r, 0)->key, ==, max_mpn);
  g_assert_cmpint (price_at (r, 0)->amount_minor, ==, 300);
}

static void
test_cloud_rejections (void)
{
  static const Rejection cases[] = {
    { "{\"gpu\":\"nvidia-h100-sxm5\",\"per_hour\":10000.5}",
      "cloud[1].per_hour: 10000.5 is more than 10000 USD; is the decimal point in the wrong "
      "place?" },
    { "{\"gpu\":\"nvidia-h100-sxm5\",\"per_hour\":-2.49}",
      "cloud[1].per_hour: -2.49 is negative" },
    { "{\"gpu\":\"nvidia-h100-sxm5\",\"per_hour\":\"2.49\"}",
      "cloud[1].per_hour: must be a number, not a string" },
    { "{\"gpu\":\"nvidia-h100-sxm5\"}", "cloud[1].per_hour: is missing" },
    { "{\"gpu\":\"nvidia-h100-sxm5\",\"count\":0,\"per_hour\":2.49}",
      "cloud[1].count: must be a whole number from 1 to 64, not 0" },
    { "{\"gpu\":\"nvidia-h100-sxm5\",\"count\":1.5,\"per_hour\":2.49}",
      "cloud[1].count: must be a whole number from 1 to 64, not 1.5" },
    { "{\"gpu\":\"nvidia-h100-sxm5\",\"count\":65,\"per_hour\":2.49}",
      "cloud[1].count: must be a whole number from 1 to 64, not 65" },
    { "{\"gpu\":\"H100\",\"per_hour\":2.49}",
      "cloud[1].gpu: “H100” is not a catalog id (lowercase letters, digits and dashes, like "
      "“nvidia-rtx-4090”)" },
    { "{\"per_hour\":2.49}", "cloud[1].gpu: is missing" },
    { "{\"gpu\":\"nvidia-h100-sxm5\",\"per_hour\":2.49,\"currency\":\"dollars\"}",
      "cloud[1].currency: “dollars” is not an ISO 4217 code such as USD or EUR" },
    { "{\"gpu\":\"nvidia-h100-sxm5\",\"per_hour\":2.49,\"date\":\"2027-01-01\"}",
      "cloud[1].date: “2027-01-01” lies more than 2 days in the future" },
    { "{\"gpu\":\"nvidia-h100-sxm5\",\"per_hour\":2.49,\"provider\":[\"x\"]}",
      "cloud[1].provider: must be a string, not an array" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"format\":\"rigplan-prices\",\"version\":1,\"cloud\":["
        "{\"gpu\":\"nvidia-a100-sxm4-80gb\",\"per_hour\":1.29},%s,"
        "{\"gpu\":\"nvidia-l40s\",\"per_hour\":0.99}]}", cases[i].item);
      g_autoptr(RigFeedResult) r = NULL;

      note (cases[i].item);
      r = parse_json_ok (json);
      g_assert_cmpuint (r->rejected->len, ==, 1);
      g_assert_cmpstr (rejected_at (r, 0), ==, cases[i].message);
      g_assert_cmpuint (r->rates->len, ==, 2);
      g_assert_cmpstr (((RigCloudRate *) g_ptr_array_index (r->rates, 0))->gpu, ==,
                       "nvidia-a100-sxm4-80gb");
      g_assert_cmpstr (((RigCloudRate *) g_ptr_array_index (r->rates, 1))->gpu, ==,
                       "nvidia-l40s");
    }
}

typedef struct
{
  const char *item;
  gint64      amount_minor;
} Accepted;

/* Values at the edges of the rules, all kept. */
static void
test_item_accepted (void)
{
  static const Accepted cases[] = {
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699.995}", 70000 },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699.994}", 69999 },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":1.005}", 101 },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":0.005}", 1 },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":0.1}", 10 },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":1000000}", 100000000 },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"date\":\"2026-11-23\"}", 69900 },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"date\":\"2026-11-23T12:00:00Z\"}", 69900 },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"date\":\"2000-01-01\"}", 69900 },
    { "{\"id\":\"nvidia-rtx-3090\",\"price\":699,\"condition\":\"USED\"}", 69900 },
    { "{\"id\":\"llama-3.1-70b\",\"price\":1}", 100 },
    { "{\"id\":\"nvidia-rtx-3090\",\"mpn\":\"ignored\",\"price\":1}", 100 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"format\":\"rigplan-prices\",\"version\":1,\"items\":[%s]}", cases[i].item);
      g_autoptr(RigFeedResult) r = NULL;

      note (cases[i].item);
      r = parse_json_ok (json);
      g_assert_cmpuint (r->rejected->len, ==, 0);
      g_assert_cmpuint (r->prices->len, ==, 1);
      g_assert_cmpint (price_at (r, 0)->amount_minor, ==, cases[i].amount_minor);
      g_assert_false (price_at (r, 0)->key_is_mpn);
    }
}

static void
test_item_details (void)
{
  g_autoptr(RigFeedResult) r = parse_json_ok (
    "{\"format\":\"rigplan-prices\",\"version\":1,\"items\":["
    "{\"mpn\":\"  TUF-RTX4090-O24G  \",\"price\":1,\"url\":\"ftp://files.example.com/x\"},"
    "{\"mpn\":\"A\",\"price\":2,\"url\":\"javascript:alert(1)\"},"
    "{\"mpn\":\"B\",\"price\":3,\"url\":42,\"condition\":\"used\"},"
    "{\"mpn\":\"C\",\"price\":4,\"url\":\"https://shop.example.com/c?ref=feed\","
    "\"date\":\"2026-11-20T10:00:00\"},"
    "{\"mpn\":\"D\",\"price\":5,\"url\":\"https:///no-host\"}"
    "]}");

  g_assert_cmpuint (r->rejected->len, ==, 0);
  g_assert_cmpuint (r->prices->len, ==, 5);
  /* Space around a part number is not part of it. */
  assert_price (price_at (r, 0), "TUF-RTX4090-O24G", TRUE, RIG_CONDITION_NEW, 100, "USD", NOW,
                NULL);
  /* A link that is not http or https is dropped; the price stays. */
  assert_price (price_at (r, 1), "A", TRUE, RIG_CONDITION_NEW, 200, "USD", NOW, NULL);
  assert_price (price_at (r, 2), "B", TRUE, RIG_CONDITION_USED, 300, "USD", NOW, NULL);
  /* A time without a zone is UTC. */
  assert_price (price_at (r, 3), "C", TRUE, RIG_CONDITION_NEW, 400, "USD",
                utc ("2026-11-20T10:00:00Z"), "https://shop.example.com/c?ref=feed");
  assert_price (price_at (r, 4), "D", TRUE, RIG_CONDITION_NEW, 500, "USD", NOW, NULL);
  g_assert_null (r->source_name);
  g_assert_cmpuint (g_hash_table_size (r->fx), ==, 0);
}

static void
test_fx (void)
{
  g_autoptr(RigFeedResult) r = parse_json_ok (
    "{\"format\":\"rigplan-prices\",\"version\":1,\"currency\":\"KRW\","
    "\"fx\":{\"EUR\":0.92,\"eur\":1,\"GBP\":\"0.79\",\"KRW\":1400,\"CHF\":0,\"SEK\":-1},"
    "\"items\":[{\"id\":\"nvidia-rtx-4090\",\"price\":2500000},"
    "{\"id\":\"nvidia-h100-sxm5\",\"price\":1400000001}]}");
  double *rate;

  g_assert_cmpuint (g_hash_table_size (r->fx), ==, 2);
  g_assert_nonnull ((rate = g_hash_table_lookup (r->fx, "EUR")));
  g_assert_cmpfloat (*rate, ==, 0.92);
  g_assert_nonnull ((rate = g_hash_table_lookup (r->fx, "KRW")));
  g_assert_cmpfloat (*rate, ==, 1400);
  g_assert_null (g_hash_table_lookup (r->fx, "GBP"));

  g_assert_cmpuint (r->rejected->len, ==, 5);
  g_assert_cmpstr (rejected_at (r, 0), ==,
                   "fx.eur: “eur” is not an ISO 4217 code such as USD or EUR");
  g_assert_cmpstr (rejected_at (r, 1), ==, "fx.GBP: must be a number, not a string");
  g_assert_cmpstr (rejected_at (r, 2), ==,
                   "fx.CHF: 0 is not a rate (units of CHF per US dollar, from 0.0001 to 1000000)");
  g_assert_cmpstr (rejected_at (r, 3), ==,
                   "fx.SEK: -1 is not a rate (units of SEK per US dollar, from 0.0001 to 1000000)");
  /* The won limit grows with the feed's rate: 1,000,000 × 1400. */
  g_assert_cmpstr (rejected_at (r, 4), ==,
                   "items[1].price: 1400000001 is more than 1400000000 KRW; is the decimal "
                   "point in the wrong place?");
  g_assert_cmpuint (r->prices->len, ==, 1);
  g_assert_cmpstr (price_at (r, 0)->currency, ==, "KRW");
  g_assert_cmpint (price_at (r, 0)->amount_minor, ==, 250000000);
}

static void
test_source_name (void)
{
  g_autofree char *long_name = g_strnfill (100, 'x');
  g_autofree char *json = NULL;
  g_autoptr(RigFeedResult) r = parse_json_ok (
    "{\"format\":\"rigplan-prices\",\"version\":1,"
    "\"source\":\"  Example\\u0001\\u001b[31m\\n Store\\u202e\\u0007  \",\"items\":[]}");
  g_autoptr(RigFeedResult) blank = parse_json_ok (
    "{\"format\":\"rigplan-prices\",\"version\":1,\"source\":\"\\t\\u200b\",\"items\":[]}");
  g_autoptr(RigFeedResult) cut = NULL;

  /* Start of heading, escape, line feed, the right-to-left override and the bell are gone. */
  g_assert_cmpstr (r->source_name, ==, "Example[31m Store");
  g_assert_null (blank->source_name);

  json = g_strdup_printf ("{\"format\":\"rigplan-prices\",\"version\":1,\"source\":\"ü%s\","
                          "\"items\":[]}", long_name);
  cut = parse_json_ok (json);
  g_assert_cmpint (g_utf8_strlen (cut->source_name, -1), ==, 64);
  g_assert_true (g_str_has_prefix (cut->source_name, "üxxx"));
}

typedef struct
{
  const char *json;
  int         code;
  const char *message;
} FeedError;

/* What makes a whole feed unreadable, each with the error that says so. */
static void
test_feed_errors (void)
{
  static const FeedError cases[] = {
    { "[{\"id\":\"nvidia-rtx-3090\",\"price\":1}]", RIG_PRICE_FEED_ERROR_NOT_A_FEED,
      "a price feed is a JSON object, and this is an array" },
    { "\"rigplan-prices\"", RIG_PRICE_FEED_ERROR_NOT_A_FEED,
      "a price feed is a JSON object, and this is a string" },
    { "{\"version\":1,\"items\":[]}", RIG_PRICE_FEED_ERROR_NOT_A_FEED,
      "this is not a Rigplan price feed: it has no “format” member" },
    { "{\"format\":\"rigplan-build\",\"version\":1,\"items\":[]}",
      RIG_PRICE_FEED_ERROR_NOT_A_FEED,
      "format: “rigplan-build” is not “rigplan-prices”, so this is not a Rigplan price feed" },
    { "{\"format\":7,\"version\":1,\"items\":[]}", RIG_PRICE_FEED_ERROR_NOT_A_FEED,
      "format: must be the string “rigplan-prices”, not a number, so this is not a Rigplan "
      "price feed" },
    { "{\"format\":\"rigplan-prices\",\"items\":[]}", RIG_PRICE_FEED_ERROR_INVALID,
      "version: is missing" },
    { "{\"format\":\"rigplan-prices\",\"version\":\"1\",\"items\":[]}",
      RIG_PRICE_FEED_ERROR_INVALID, "version: must be a whole number from 1, not a string" },
    { "{\"format\":\"rigplan-prices\",\"version\":1.5,\"items\":[]}",
      RIG_PRICE_FEED_ERROR_INVALID, "version: must be a whole number from 1, not 1.5" },
    { "{\"format\":\"rigplan-prices\",\"version\":2,\"items\":[]}", RIG_PRICE_FEED_ERROR_TOO_NEW,
      "version: the feed is in format version 2, and this Rigplan reads version 1; update "
      "Rigplan to read it" },
    { "{\"format\":\"rigplan-prices\",\"version\":1,\"currency\":\"usd\",\"items\":[]}",
      RIG_PRICE_FEED_ERROR_INVALID,
      "currency: “usd” is not an ISO 4217 code such as USD or EUR" },
    { "{\"format\":\"rigplan-prices\",\"version\":1,\"date\":\"yesterday\",\"items\":[]}",
      RIG_PRICE_FEED_ERROR_INVALID,
      "date: “yesterday” is not a date (YYYY-MM-DD, or an ISO 8601 date and time)" },
    { "{\"format\":\"rigplan-prices\",\"version\":1,\"date\":\"2030-01-01\",\"items\":[]}",
      RIG_PRICE_FEED_ERROR_INVALID, "date: “2030-01-01” lies more than 2 days in the future" },
    { "{\"format\":\"rigplan-prices\",\"version\":1,\"source\":{},\"items\":[]}",
      RIG_PRICE_FEED_ERROR_INVALID, "source: must be a string, not an object" },
    { "{\"format\":\"rigplan-prices\",\"version\":1,\"source\":\"Shop \\ud800x\",\"items\":[]}",
      RIG_PRICE_FEED_ERROR_INVALID, "source: not valid text (a lone UTF-16 surrogate?)" },
    { "{\"format\":\"rigplan-prices\",\"version\":1,\"fx\":[],\"items\":[]}",
      RIG_PRICE_FEED_ERROR_INVALID, "fx: must be an object, not an array" },
    { "{\"format\":\"rigplan-prices\",\"version\":1,\"items\":{}}",
      RIG_PRICE_FEED_ERROR_INVALID, "items: must be an array, not an object" },
    { "{\"format\":\"rigplan-prices\",\"version\":1,\"cloud\":\"none\"}",
      RIG_PRICE_FEED_ERROR_INVALID, "cloud: must be an array, not a string" },
    { "{\"format\":\"rigplan-prices\",\"version\":1}", RIG_PRICE_FEED_ERROR_NOT_A_FEED,
      "the feed has neither “items” nor “cloud”" },
    { "", RIG_PRICE_FEED_ERROR_ENCODING, "the feed is empty" },
    { " \n\t ", RIG_PRICE_FEED_ERROR_ENCODING, "the feed is empty" },
    { "{\"format\":\"rigplan-prices\",\"version\":1,\"source\":\"caf\xe9\",\"items\":[]}",
      RIG_PRICE_FEED_ERROR_ENCODING,
      "the feed is not UTF-8 text (byte 52 is not); save it as UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RigFeedResult) r = NULL;

      note (cases[i].json);
      r = rig_price_feed_parse_json (cases[i].json, strlen (cases[i].json), NOW, &error);
      g_assert_null (r);
      g_assert_error (error, RIG_PRICE_FEED_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_nul_byte (void)
{
  static const char json[] = "{\"format\":\"rigplan-prices\",\"version\":1,\"items\":[]}\0{}";
  g_autoptr(GError) error = NULL;
  g_autoptr(RigFeedResult) r = rig_price_feed_parse_json (json, sizeof json - 1, NOW, &error);

  g_assert_null (r);
  g_assert_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_ENCODING);
}

static void
test_truncated_json (void)
{
  gsize length;
  g_autofree char *data = read_fixture ("truncated.json", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigFeedResult) r = rig_price_feed_parse_json (data, length, NOW, &error);

  g_assert_null (r);
  g_assert_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "the feed is not valid JSON: line 6, column "));
}

static void
test_web_page (void)
{
  static const struct { const char *type; const char *body; } cases[] = {
    { "text/html; charset=UTF-8", "{\"format\":\"rigplan-prices\",\"version\":1,\"items\":[]}" },
    { "application/json", "<html><body>Service unavailable</body></html>" },
    { "TEXT/HTML", "id,price\nnvidia-rtx-3090,699\n" },
    { NULL, "\xef\xbb\xbf  <!doctype html>" },
  };
  gsize length;
  g_autofree char *page = read_fixture ("login-page.html", &length);
  g_autoptr(GBytes) body = g_bytes_new (page, length);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigFeedResult) r = rig_price_feed_parse (NULL, body, NOW, &error);

  /* Sniffed after the blank line the page starts with. */
  g_assert_null (r);
  g_assert_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_WEB_PAGE);
  g_assert_cmpstr (error->message, ==,
                   "the server sent a web page, not a price feed; check the address");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) b = g_bytes_new_static (cases[i].body, strlen (cases[i].body));
      g_autoptr(GError) e = NULL;
      g_autoptr(RigFeedResult) none = rig_price_feed_parse (cases[i].type, b, NOW, &e);

      g_assert_null (none);
      g_assert_error (e, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_WEB_PAGE);
    }
}

static void
test_parse_picks_reader (void)
{
  gsize length;
  g_autofree char *json = read_source_file ("data/price-feed-example.json", &length);
  g_autofree char *csv = read_source_file ("data/price-feed-example.csv", NULL);
  g_autofree char *bestbuy = read_fixture ("bestbuy.json", NULL);
  g_autofree char *bom_json = g_strconcat ("\xef\xbb\xbf\n", json, NULL);
  g_autoptr(GBytes) json_body = g_bytes_new (json, length);
  g_autoptr(GBytes) bom_body = g_bytes_new (bom_json, strlen (bom_json));
  g_autoptr(GBytes) csv_body = g_bytes_new (csv, strlen (csv));
  g_autoptr(GBytes) bestbuy_body = g_bytes_new (bestbuy, strlen (bestbuy));
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigFeedResult) r = NULL;

  r = rig_price_feed_parse ("application/json; charset=utf-8", json_body, NOW, &error);
  g_assert_no_error (error);
  assert_example_json (r);
  g_clear_pointer (&r, rig_feed_result_free);

  /* A JSON body sent as text/plain, with a byte order mark. */
  r = rig_price_feed_parse ("text/plain", bom_body, NOW, &error);
  g_assert_no_error (error);
  assert_example_json (r);
  g_clear_pointer (&r, rig_feed_result_free);

  r = rig_price_feed_parse ("text/csv", csv_body, NOW, &error);
  g_assert_no_error (error);
  assert_example_csv (r);
  g_clear_pointer (&r, rig_feed_result_free);

  r = rig_price_feed_parse ("application/octet-stream", csv_body, NOW, &error);
  g_assert_no_error (error);
  assert_example_csv (r);
  g_clear_pointer (&r, rig_feed_result_free);

  r = rig_price_feed_parse (NULL, bestbuy_body, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->source_name, ==, "Best Buy");
  g_assert_cmpuint (r->prices->len, ==, 4);
  g_clear_pointer (&r, rig_feed_result_free);

  r = rig_price_feed_parse ("application/json", empty, NOW, &error);
  g_assert_null (r);
  g_assert_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_ENCODING);
  g_clear_error (&error);

  /* Neither CSV with a header nor JSON. */
  r = rig_price_feed_parse (NULL, hello, NOW, &error);
  g_assert_null (r);
  g_assert_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_SYNTAX);
}

/* A feed of @n good items. */
static GString *
big_json (guint n)
{
  GString *json = g_string_new ("{\"format\":\"rigplan-prices\",\"version\":1,\"items\":[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"mpn\":\"M%u\",\"price\":%u}", i ? "," : "", i, i + 1);
  g_string_append (json, "]}");
  return json;
}

static void
test_too_many_items (void)
{
  g_autoptr(GString) at_limit = big_json (RIG_PRICE_FEED_MAX_ITEMS);
  g_autoptr(GString) over = big_json (RIG_PRICE_FEED_MAX_ITEMS + 5);
  g_autoptr(GString) csv = g_string_new ("mpn,price\n");
  g_autoptr(RigFeedResult) r = NULL;
  const RigFeedPrice *last;

  r = parse_json_ok (at_limit->str);
  g_assert_cmpuint (r->prices->len, ==, RIG_PRICE_FEED_MAX_ITEMS);
  g_assert_cmpuint (r->rejected->len, ==, 0);
  g_clear_pointer (&r, rig_feed_result_free);

  r = parse_json_ok (over->str);
  g_assert_cmpuint (r->prices->len, ==, RIG_PRICE_FEED_MAX_ITEMS);
  last = price_at (r, RIG_PRICE_FEED_MAX_ITEMS - 1);
  g_assert_cmpstr (last->key, ==, "M99999");
  g_assert_cmpuint (r->rejected->len, ==, 1);
  g_assert_cmpstr (rejected_at (r, 0), ==,
                   "items[100000]: the feed lists 100005 items, more than the 100000 it may; "
                   "this one and the 4 after it were not read");
  g_clear_pointer (&r, rig_feed_result_free);

  for (guint i = 0; i < RIG_PRICE_FEED_MAX_ITEMS + 2; i++)
    g_string_append_printf (csv, "M%u,%u\n", i, i + 1);
  r = parse_csv_ok (csv->str);
  g_assert_cmpuint (r->prices->len, ==, RIG_PRICE_FEED_MAX_ITEMS);
  g_assert_cmpuint (r->rejected->len, ==, 1);
  g_assert_cmpstr (rejected_at (r, 0), ==,
                   "line 100002: the feed lists more than 100000 items; this one and those "
                   "after it were not read");
}

static char *
lf_to_crlf (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strjoinv ("\r\n", lines);
}

static void
assert_quoted_csv (const RigFeedResult *r)
{
  g_assert_cmpuint (r->prices->len, ==, 4);
  /* The comma inside the quoted address stays in it. */
  assert_price (price_at (r, 0), "nvidia-rtx-4090", FALSE, RIG_CONDITION_NEW, 179999, "USD",
                utc ("2026-11-20T00:00:00Z"), "https://store.example.com/p?id=4090&ref=a,b");
  assert_price (price_at (r, 1), "90YV0IH1-M0NA00", TRUE, RIG_CONDITION_USED, 159999, "EUR",
                utc ("2026-11-19T00:00:00Z"), NULL);
  assert_price (price_at (r, 2), "TUF-RTX3090-O24G-GAMING", TRUE, RIG_CONDITION_USED, 64900,
                "USD", NOW, NULL);
  assert_price (price_at (r, 3), "nvidia-rtx-4070-ti-super", FALSE, RIG_CONDITION_NEW, 89900,
                "USD", NOW, NULL);

  /* Line numbers count the line break inside the quoted note on lines 5–6. */
  g_assert_cmpuint (r->rejected->len, ==, 4);
  g_assert_cmpstr (rejected_at (r, 0), ==,
                   "line 7: has 9 values, but the header names 8 columns; is a comma inside a "
                   "value that is not quoted?");
  g_assert_cmpstr (rejected_at (r, 1), ==,
                   "line 8, price: “1,599.99” is not a plain number; write digits and a dot, "
                   "like 1599.99");
  g_assert_cmpstr (rejected_at (r, 2), ==,
                   "line 9: text follows a closing quote; quote the whole value");
  g_assert_cmpstr (rejected_at (r, 3), ==, "line 11: a quoted field is never closed");
}

/* Feeds and the catalog read CSV with one reader (rig-csv.h): a quote inside an unquoted value
 * is refused there, and here only its line is. */
static void
test_csv_stray_quote (void)
{
  static const char csv[] = "id,price\n"
                            "nvidia-rtx-4090,17\"99\n"
                            "\n"
                            "nvidia-rtx-3090,699\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(RigFeedResult) r = rig_price_feed_parse_csv (csv, sizeof csv - 1, NOW, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (r->prices->len, ==, 1);
  g_assert_cmpuint (r->rejected->len, ==, 1);
  g_assert_cmpstr (rejected_at (r, 0), ==, "line 2: a quote inside an unquoted field (quote the "
                   "whole field and double the quote)");
}

/* A quote left open is reported where it opens, not where its record starts nor where the
 * file ends. */
static void
test_csv_unclosed_quote_line (void)
{
  static const char csv[] = "id,price,url\n"
                            "nvidia-rtx-4090,1799,\"https://a.example/\"\n"
                            "\"nvidia-rtx-\n3090\",699,\"https://b.example/\n"
                            "more\nand more\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(RigFeedResult) r = rig_price_feed_parse_csv (csv, sizeof csv - 1, NOW, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (r->prices->len, ==, 1);
  g_assert_cmpuint (r->rejected->len, ==, 1);
  g_assert_cmpstr (rejected_at (r, 0), ==, "line 4: a quoted field is never closed");
}

static void
test_csv_quoting (void)
{
  g_autofree char *lf = read_fixture ("quoted.csv", NULL);
  g_autofree char *crlf = lf_to_crlf (lf);
  g_autoptr(RigFeedResult) from_lf = NULL;
  g_autoptr(RigFeedResult) from_crlf = NULL;

  g_assert_nonnull (strstr (crlf, "\"two\r\nline note\""));
  from_lf = parse_csv_ok (lf);
  assert_quoted_csv (from_lf);
  from_crlf = parse_csv_ok (crlf);
  assert_quoted_csv (from_crlf);
}

static void
test_csv_values (void)
{
  g_autoptr(RigFeedResult) r = parse_csv_ok (
    "ID,Price,Condition,Currency,Date\n"
    "nvidia-rtx-3090,699.995\n"
    "nvidia-rtx-3090,-5\n"
    "nvidia-rtx-3090,1e3\n"
    "nvidia-rtx-3090,\" 12 \"\n"
    "nvidia-rtx-3090,0.00\n"
    "nvidia-rtx-3090,\n"
    "nvidia-rtx-3090,.5\n"
    "nvidia-rtx-3090,1000000.01\n"
    "nvidia-rtx-3090,10,mint\n"
    "nvidia-rtx-3090,10,used,eur\n"
    "nvidia-rtx-3090,10,used,EUR,2026-11-30\n"
    "RTX 3090,10\n"
    ",10\n");

  g_assert_cmpuint (r->prices->len, ==, 2);
  assert_price (price_at (r, 0), "nvidia-rtx-3090", FALSE, RIG_CONDITION_NEW, 70000, "USD", NOW,
                NULL);
  /* Quoted space around a number is trimmed like any other. */
  assert_price (price_at (r, 1), "nvidia-rtx-3090", FALSE, RIG_CONDITION_NEW, 1200, "USD", NOW,
                NULL);

  g_assert_cmpuint (r->rejected->len, ==, 11);
  g_assert_cmpstr (rejected_at (r, 0), ==, "line 3, price: -5 is negative");
  g_assert_cmpstr (rejected_at (r, 1), ==,
                   "line 4, price: “1e3” is not a plain number; write digits and a dot, like "
                   "1599.99");
  g_assert_cmpstr (rejected_at (r, 2), ==, "line 6, price: is zero");
  g_assert_cmpstr (rejected_at (r, 3), ==, "line 7, price: is missing");
  g_assert_cmpstr (rejected_at (r, 4), ==,
                   "line 8, price: “.5” is not a plain number; write digits and a dot, like "
                   "1599.99");
  g_assert_cmpstr (rejected_at (r, 5), ==,
                   "line 9, price: 1000000.01 is more than 1000000 USD; is the decimal point in "
                   "the wrong place?");
  g_assert_cmpstr (rejected_at (r, 6), ==, "line 10, condition: “mint” is not one of: new, used");
  g_assert_cmpstr (rejected_at (r, 7), ==,
                   "line 11, currency: “eur” is not an ISO 4217 code such as USD or EUR");
  g_assert_cmpstr (rejected_at (r, 8), ==,
                   "line 12, date: “2026-11-30” lies more than 2 days in the future");
  g_assert_cmpstr (rejected_at (r, 9), ==,
                   "line 13, id: “RTX 3090” is not a catalog id (lowercase letters, digits and "
                   "dashes, like “nvidia-rtx-4090”)");
  g_assert_cmpstr (rejected_at (r, 10), ==, "line 14: has neither “id” nor “mpn”");
}

static void
test_csv_errors (void)
{
  static const FeedError cases[] = {
    { "name,cost\nRTX 3090,699\n", RIG_PRICE_FEED_ERROR_SYNTAX,
      "this is not a price feed: its first line must be a header naming a “price” column and "
      "an “id” or “mpn” column (it reads “name,cost”)" },
    { "id,currency\nnvidia-rtx-3090,USD\n", RIG_PRICE_FEED_ERROR_SYNTAX,
      "this is not a price feed: its first line must be a header naming a “price” column and "
      "an “id” or “mpn” column (it reads “id,currency”)" },
    { "id,price,Price\nnvidia-rtx-3090,1,2\n", RIG_PRICE_FEED_ERROR_SYNTAX,
      "the header names the column “price” twice" },
    { "\"id,price\nnvidia-rtx-3090,1\n", RIG_PRICE_FEED_ERROR_SYNTAX,
      "line 1: the header is not valid CSV: a quoted field is never closed" },
    { "\n\n\r\n", RIG_PRICE_FEED_ERROR_ENCODING, "the feed is empty" },
  };
  gsize length;
  g_autofree char *latin1 = read_fixture ("latin1.csv", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigFeedResult) r = rig_price_feed_parse_csv (latin1, length, NOW, &error);

  g_assert_null (r);
  g_assert_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_ENCODING);
  g_assert_cmpstr (error->message, ==,
                   "the feed is not UTF-8 text (byte 63 is not); save it as UTF-8");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(RigFeedResult) none = NULL;

      note (cases[i].json);
      none = rig_price_feed_parse_csv (cases[i].json, strlen (cases[i].json), NOW, &e);
      g_assert_null (none);
      g_assert_error (e, RIG_PRICE_FEED_ERROR, cases[i].code);
      g_assert_cmpstr (e->message, ==, cases[i].message);
    }

  /* A header and no rows is an empty feed, not a broken one. */
  r = parse_csv_ok ("id,price\r\n");
  g_assert_cmpuint (r->prices->len, ==, 0);
  g_assert_cmpuint (r->rejected->len, ==, 0);
}

static void
test_bestbuy (void)
{
  gsize length;
  g_autofree char *data = read_fixture ("bestbuy.json", &length);
  g_autofree char *feed = read_source_file ("data/price-feed-example.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigFeedResult) r = rig_price_feed_parse_bestbuy (data, length, NOW, &error);
  static const char error_answer[] =
    "{\"errorCode\":\"403\",\"errorMessage\":\"The provided API Key is invalid.\"}";

  g_assert_no_error (error);
  g_assert_cmpstr (r->source_name, ==, "Best Buy");
  g_assert_cmpuint (r->rates->len, ==, 0);
  g_assert_cmpuint (r->prices->len, ==, 4);
  assert_price (price_at (r, 0), "900-1G136-2530-000", TRUE, RIG_CONDITION_NEW, 159999, "USD",
                utc ("2026-11-18T00:01:07Z"), "https://api.bestbuy.com/click/-/6521430/pdp");
  /* On sale: the sale price, not the regular one. */
  assert_price (price_at (r, 1), "TUF-RTX4090-O24G-GAMING", TRUE, RIG_CONDITION_NEW, 179999,
                "USD", utc ("2026-11-19T14:22:51Z"), "https://api.bestbuy.com/click/-/6524436/pdp");
  /* No sale price: the regular one. */
  assert_price (price_at (r, 2), "VCG409024TFXXPB1", TRUE, RIG_CONDITION_NEW, 174999, "USD",
                utc ("2026-11-17T08:45:00Z"), "https://api.bestbuy.com/click/-/6522371/pdp");
  assert_price (price_at (r, 3), "G4090SXL24", TRUE, RIG_CONDITION_NEW, 184999, "USD",
                utc ("2026-11-20T23:59:59Z"), "https://api.bestbuy.com/click/-/6537370/pdp");
  g_assert_cmpuint (r->rejected->len, ==, 1);
  g_assert_cmpstr (rejected_at (r, 0), ==, "products[3].modelNumber: is empty");
  g_clear_pointer (&r, rig_feed_result_free);

  r = rig_price_feed_parse_bestbuy (error_answer, strlen (error_answer), NOW, &error);
  g_assert_null (r);
  g_assert_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_SERVER);
  g_assert_cmpstr (error->message, ==,
                   "Best Buy answered with an error: The provided API Key is invalid.");
  g_clear_error (&error);

  r = rig_price_feed_parse_bestbuy (feed, strlen (feed), NOW, &error);
  g_assert_null (r);
  g_assert_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_NOT_A_FEED);
}

static void
test_bestbuy_rejections (void)
{
  g_autoptr(RigFeedResult) r = NULL;
  static const char json[] =
    "{\"products\":["
    "{\"sku\":1,\"modelNumber\":\"A-1\",\"salePrice\":\"199.99\"},"
    "{\"sku\":2,\"modelNumber\":\"A-2\"},"
    "{\"sku\":3,\"salePrice\":19.99},"
    "{\"sku\":4,\"modelNumber\":\"A-4\",\"salePrice\":-1},"
    "{\"sku\":5,\"modelNumber\":\"A-5\",\"salePrice\":10,\"priceUpdateDate\":\"soon\"},"
    "{\"sku\":6,\"modelNumber\":\"A-6\",\"regularPrice\":0},"
    "{\"sku\":7,\"modelNumber\":\"A-7\",\"salePrice\":null,\"regularPrice\":25}"
    "]}";

  r = rig_price_feed_parse_bestbuy (json, strlen (json), NOW, NULL);
  g_assert_nonnull (r);
  g_assert_cmpuint (r->rejected->len, ==, 6);
  g_assert_cmpstr (rejected_at (r, 0), ==, "products[0].salePrice: must be a number, not a string");
  g_assert_cmpstr (rejected_at (r, 1), ==, "products[1].salePrice: is missing");
  g_assert_cmpstr (rejected_at (r, 2), ==, "products[2].modelNumber: is missing");
  g_assert_cmpstr (rejected_at (r, 3), ==, "products[3].salePrice: -1 is negative");
  g_assert_cmpstr (rejected_at (r, 4), ==,
                   "products[4].priceUpdateDate: “soon” is not a date (YYYY-MM-DD, or an ISO "
                   "8601 date and time)");
  g_assert_cmpstr (rejected_at (r, 5), ==, "products[5].regularPrice: is zero");
  g_assert_cmpuint (r->prices->len, ==, 1);
  assert_price (price_at (r, 0), "A-7", TRUE, RIG_CONDITION_NEW, 2500, "USD", NOW, NULL);
}

/* Nothing a rejected item says turns up in the prices kept around it. */
static void
test_rejected_items_do_not_leak (void)
{
  gsize length;
  g_autofree char *data = read_fixture ("mixed.json", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigFeedResult) r = rig_price_feed_parse_json (data, length, NOW, &error);
  static const guint rejected_index[] = { 1, 2, 4, 5, 6, 8, 9, 10 };
  static const gint64 rejected_amounts[] = { 1234567, 432109, 543210, 654321, 765432, 199900 };

  g_assert_no_error (error);
  g_assert_cmpuint (r->prices->len, ==, 3);
  g_assert_cmpuint (r->rejected->len, ==, G_N_ELEMENTS (rejected_index));
  for (guint i = 0; i < G_N_ELEMENTS (rejected_index); i++)
    {
      g_autofree char *prefix = g_strdup_printf ("items[%u]", rejected_index[i]);

      g_assert_true (g_str_has_prefix (rejected_at (r, i), prefix));
    }

  for (guint i = 0; i < r->prices->len; i++)
    {
      const RigFeedPrice *p = price_at (r, i);

      g_assert_null (strstr (p->key, "LEAK"));
      g_assert_true (p->url == NULL || strstr (p->url, "leak.example") == NULL);
      g_assert_cmpint (p->condition, ==, RIG_CONDITION_NEW);
      g_assert_cmpint (p->observed_at, ==, utc ("2026-11-10T00:00:00Z"));
      g_assert_cmpstr (p->currency, ==, "USD");
      for (guint j = 0; j < G_N_ELEMENTS (rejected_amounts); j++)
        g_assert_cmpint (p->amount_minor, !=, rejected_amounts[j]);
    }
  assert_price (price_at (r, 0), "nvidia-rtx-3090", FALSE, RIG_CONDITION_NEW, 71050, "USD",
                utc ("2026-11-10T00:00:00Z"), NULL);
  assert_price (price_at (r, 1), "nvidia-rtx-4090", FALSE, RIG_CONDITION_NEW, 189900, "USD",
                utc ("2026-11-10T00:00:00Z"), NULL);
  assert_price (price_at (r, 2), "nvidia-rtx-a6000", FALSE, RIG_CONDITION_NEW, 399950, "USD",
                utc ("2026-11-10T00:00:00Z"), "https://store.example.com/a6000");
}

/* A body nested past json-glib's recursion, as a Rigplan feed, as a Best Buy answer or picked by
 * its type, is refused with where it starts and does not crash. */
static void
test_too_deep (void)
{
  static const char feed_head[] = "{\"format\":\"rigplan-prices\",\"version\":1,\"items\":";
  static const char bestbuy_head[] = "{\"products\":";

  for (int objects = 0; objects <= 1; objects++)
    {
      g_autofree char *feed = rig_test_nested_json (feed_head, 100000, objects, "}");
      g_autofree char *bestbuy = rig_test_nested_json (bestbuy_head, 100000, objects, "}");
      g_autoptr(GBytes) body = g_bytes_new_static (feed, strlen (feed));
      gsize open = objects ? strlen ("{\"a\":") : 1;
      g_autofree char *expected_feed = g_strdup_printf (
        "the feed cannot be read: JSON nested deeper than 64 levels at line 1, column %zu",
        strlen (feed_head) + 1 + 63 * open);
      g_autofree char *expected_bestbuy = g_strdup_printf (
        "the feed cannot be read: JSON nested deeper than 64 levels at line 1, column %zu",
        strlen (bestbuy_head) + 1 + 63 * open);
      g_autoptr(GError) error = NULL;
      g_autoptr(RigFeedResult) r = NULL;

      r = rig_price_feed_parse_json (feed, strlen (feed), NOW, &error);
      g_assert_null (r);
      g_assert_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_SYNTAX);
      g_assert_cmpstr (error->message, ==, expected_feed);
      g_clear_error (&error);

      r = rig_price_feed_parse ("application/json", body, NOW, &error);
      g_assert_null (r);
      g_assert_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_SYNTAX);
      g_assert_cmpstr (error->message, ==, expected_feed);
      g_clear_error (&error);

      r = rig_price_feed_parse_bestbuy (bestbuy, strlen (bestbuy), NOW, &error);
      g_assert_null (r);
      g_assert_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_SYNTAX);
      g_assert_cmpstr (error->message, ==, expected_bestbuy);
    }
}

/* 64 levels, and brackets inside strings, are read as before. */
static void
test_deep_enough (void)
{
  g_autofree char *brackets = g_strnfill (500, '[');
  g_autofree char *quoted = g_strdup_printf (
    "{\"format\":\"rigplan-prices\",\"version\":1,\"source\":\"\\\"%s\\\\\","
    "\"items\":[{\"id\":\"nvidia-rtx-4090\",\"price\":1599}]}", brackets);
  g_autofree char *limit = rig_test_nested_json (
    "{\"format\":\"rigplan-prices\",\"version\":1,\"items\":[{\"id\":\"nvidia-rtx-4090\","
    "\"price\":1599,\"extra\":", 61, FALSE, "}]}");
  g_autoptr(RigFeedResult) r = parse_json_ok (quoted);
  g_autoptr(RigFeedResult) deep = parse_json_ok (limit);

  g_assert_cmpuint (r->prices->len, ==, 1);
  g_assert_true (g_str_has_prefix (r->source_name, "\"[[["));
  g_assert_cmpuint (deep->prices->len, ==, 1);
  g_assert_cmpuint (deep->rejected->len, ==, 0);
}

/* Whatever a feed quotes (in a syntax error json-glib reports, a member's name, a server's
 * message) comes out as UTF-8 without control characters. */
static void
test_errors_are_clean (void)
{
  static const char * const bodies[] = {
    "{\"format\":\"rigplan-prices\",\"version\":1,\"items\":[\"\\u001b]0;pwned\\u0007\\u001b[2J\" 1]}",
    "{\"format\":\"rigplan-prices\",\"version\":1,\"items\":[\"\\ud800x\" 1]}",
    "{\"format\":\"\\u001b[2J\\ud800x\",\"version\":1,\"items\":[]}",
    "{\"format\":\"rigplan-prices\",\"version\":1,\"currency\":\"\\u001b[2J\",\"items\":[]}",
    "{\"format\":\"rigplan-prices\",\"version\":1,\"date\":\"\\ud800x\\u009b2J\",\"items\":[]}",
    "{\"errorMessage\":\"Key \\u001b]0;pwned\\u0007 \\ud800x invalid\"}",
  };
  static const char fx[] =
    "{\"format\":\"rigplan-prices\",\"version\":1,\"fx\":{\"\\ud800x\":1,\"\\u001b[2J\":2},"
    "\"items\":[]}";
  g_autoptr(RigFeedResult) r = parse_json_ok (fx);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (bodies[i], strlen (bodies[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(RigFeedResult) none = rig_price_feed_parse ("application/json", body, NOW, &error);

      note (bodies[i]);
      g_assert_null (none);
      g_assert_nonnull (error);
      g_assert_true (rig_text_is_clean (error->message));
    }
  g_assert_cmpuint (r->rejected->len, ==, 2);
  for (guint i = 0; i < r->rejected->len; i++)
    g_assert_true (rig_text_is_clean (rejected_at (r, i)));
}

/* Rejection lines quote a bad value briefly and without control characters. */
static void
test_rejection_lines_are_clean (void)
{
  g_autofree char *huge = g_strnfill (10000, 'Z');
  g_autofree char *json = g_strdup_printf (
    "{\"format\":\"rigplan-prices\",\"version\":1,\"items\":["
    "{\"id\":\"x\",\"price\":1,\"condition\":\"%s\"},"
    "{\"id\":\"x\",\"price\":1,\"condition\":\"a\\u001b[2J\\nb\"}]}", huge);
  g_autoptr(RigFeedResult) r = parse_json_ok (json);

  g_assert_cmpuint (r->rejected->len, ==, 2);
  g_assert_cmpuint (strlen (rejected_at (r, 0)), <, 120);
  g_assert_true (g_str_has_prefix (rejected_at (r, 0), "items[0].condition: “ZZZZ"));
  g_assert_nonnull (strstr (rejected_at (r, 0), "Z…” is not one of: new, used"));
  g_assert_cmpstr (rejected_at (r, 1), ==, "items[1].condition: “a[2J b” is not one of: new, used");
}

/* A rate so small (or large) that converting a price with it runs past any total is refused. */
static void
test_fx_bounds (void)
{
  g_autoptr(RigFeedResult) r = parse_json_ok (
    "{\"format\":\"rigplan-prices\",\"version\":1,"
    "\"fx\":{\"EUR\":1e-300,\"JPY\":1000001,\"GBP\":0.0001,\"IRR\":1000000},"
    "\"items\":[{\"id\":\"nvidia-rtx-4090\",\"price\":1599,\"currency\":\"EUR\"}]}");
  double *rate;

  g_assert_cmpuint (g_hash_table_size (r->fx), ==, 2);
  g_assert_nonnull ((rate = g_hash_table_lookup (r->fx, "GBP")));
  g_assert_cmpfloat (*rate, ==, 0.0001);
  g_assert_nonnull ((rate = g_hash_table_lookup (r->fx, "IRR")));
  g_assert_null (g_hash_table_lookup (r->fx, "EUR"));
  g_assert_null (g_hash_table_lookup (r->fx, "JPY"));
  g_assert_cmpuint (r->rejected->len, ==, 2);
  g_assert_cmpstr (rejected_at (r, 0), ==,
                   "fx.EUR: 1e-300 is not a rate (units of EUR per US dollar, from 0.0001 to 1000000)");
  g_assert_cmpstr (rejected_at (r, 1), ==,
                   "fx.JPY: 1000001 is not a rate (units of JPY per US dollar, from 0.0001 to 1000000)");
  g_assert_cmpuint (r->prices->len, ==, 1);
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *outcomes;
  GError    *error;
} RefreshRun;

static void
refresh_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RefreshRun *run = user_data;

  run->outcomes = rig_price_refresh_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

/* Refreshes every source of @library; the outcome of the only one. */
static RigRefreshOutcome *
refresh_one (RigLibrary *library,
             RigCatalog *catalog,
             RefreshRun *run)
{
  g_clear_pointer (&run->outcomes, g_ptr_array_unref);
  rig_price_refresh_async (library, catalog, NULL, NULL, NULL, NULL, NULL, refresh_done, run);
  g_main_loop_run (run->loop);
  g_assert_no_error (run->error);
  g_assert_cmpuint (run->outcomes->len, ==, 1);
  return g_ptr_array_index (run->outcomes, 0);
}

#define N_SAME_PART 2500

/* A feed of 2,500 prices for one part, all of the feed's date, and one cloud rate: every price
 * is stored, over several turns of the main loop; refreshing it twice more stores nothing. */
static void
test_refresh_same_part (void)
{
  g_autoptr(RigTestHttp) http = rig_test_http_new ();
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "library.sqlite", NULL);
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = rig_catalog_new (rig_test_catalog_path (), &error);
  g_autoptr(RigLibrary) library = rig_library_new (path, &error);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  RefreshRun run = { loop, NULL, NULL };
  GString *feed = g_string_new ("{\"format\":\"rigplan-prices\",\"version\":1,"
                                "\"date\":\"2026-11-20\",\"fx\":{\"EUR\":0.5},"
                                "\"cloud\":[{\"gpu\":\"nvidia-a100-sxm4-80gb\","
                                "\"per_hour\":1.49,\"provider\":\"Example Cloud\"}],\"items\":[");
  g_autofree char *body = NULL;
  RigRefreshOutcome *o;

  g_assert_no_error (error);
  for (guint i = 0; i < N_SAME_PART; i++)
    g_string_append_printf (feed, "%s{\"id\":\"nvidia-rtx-4090\",\"price\":%u.%02u}",
                            i ? "," : "", 1000 + i / 100, i % 100);
  g_string_append (feed, "]}");
  body = g_string_free (feed, FALSE);
  rig_test_http_route (http, "/feed.json", &(RigTestHttpRoute) { .content_type = "application/json",
                                                                 .body = body });
  url = rig_test_http_url (http, "/feed.json");
  g_assert_cmpint (rig_library_add_source (library, RIG_PRICE_SOURCE_FEED, "Example", url, &error), >, 0);
  /* The user's rate stays whatever the feed says. */
  g_assert_true (rig_library_set_fx_rate (library, "EUR", 0.92, "user", 1764000000, &error));

  o = refresh_one (library, catalog, &run);
  g_assert_true (o->ok);
  g_assert_cmpuint (o->prices_added, ==, N_SAME_PART);
  g_assert_cmpuint (o->rates_added, ==, 1);
  /* No slice stores more than 1,000 prices. */
  g_assert_cmpuint (o->slices, >=, (N_SAME_PART + 999) / 1000);
  g_assert_cmpfloat (rig_library_get_fx_rate (library, "EUR"), ==, 0.92);

  for (int again = 0; again < 2; again++)
    {
      o = refresh_one (library, catalog, &run);
      g_assert_true (o->ok);
      g_assert_cmpuint (o->prices_added, ==, 0);
      g_assert_cmpuint (o->rates_added, ==, 0);
      g_assert_cmpstr (o->message, ==, "0 new prices, 0 cloud rates, 0 left out");
    }
  g_assert_cmpint (rig_test_query_int (path, "SELECT count(*) FROM cloud_rates"), ==, 1);
  g_assert_cmpint (rig_test_query_int (path, "SELECT count(*) FROM price_observations"), ==, N_SAME_PART);
  g_clear_pointer (&run.outcomes, g_ptr_array_unref);
}

/* A library another program holds locked: the refresh says that its outcome was not recorded,
 * instead of losing the source's status without a word. */
static void
test_refresh_locked (void)
{
  g_autoptr(RigTestHttp) http = rig_test_http_new ();
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "library.sqlite", NULL);
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = rig_catalog_new (rig_test_catalog_path (), &error);
  g_autoptr(RigLibrary) library = rig_library_new (path, &error);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) sources = NULL;
  RefreshRun run = { loop, NULL, NULL };
  RigRefreshOutcome *o;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  rig_test_http_route (http, "/feed.json", &(RigTestHttpRoute) {
    .content_type = "application/json",
    .body = "{\"format\":\"rigplan-prices\",\"version\":1,"
            "\"items\":[{\"id\":\"nvidia-rtx-4090\",\"price\":1599}]}" });
  url = rig_test_http_url (http, "/feed.json");
  g_assert_cmpint (rig_library_add_source (library, RIG_PRICE_SOURCE_FEED, "Example", url, &error), >, 0);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN EXCLUSIVE;", NULL, NULL, NULL), ==, SQLITE_OK);
  o = refresh_one (library, catalog, &run);
  g_assert_false (o->ok);
  g_assert_nonnull (strstr (o->message, "could not be recorded in the library"));
  g_assert_nonnull (strstr (o->message, "locked"));
  sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
  sqlite3_close (db);

  sources = rig_library_list_sources (library, &error);
  g_assert_null (((RigPriceSource *) g_ptr_array_index (sources, 0))->status);
  g_clear_pointer (&run.outcomes, g_ptr_array_unref);
}

#define N_CLOUD 1500
#define N_FX    1200

/* Cloud and currency rates are stored in slices as prices are, however many a feed holds. */
static void
test_refresh_many_rates (void)
{
  g_autoptr(RigTestHttp) http = rig_test_http_new ();
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "library.sqlite", NULL);
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = rig_catalog_new (rig_test_catalog_path (), &error);
  g_autoptr(RigLibrary) library = rig_library_new (path, &error);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  RefreshRun run = { loop, NULL, NULL };
  GString *feed = g_string_new ("{\"format\":\"rigplan-prices\",\"version\":1,"
                                "\"date\":\"2026-11-20\",\"fx\":{");
  g_autofree char *body = NULL;
  RigRefreshOutcome *o;

  g_assert_no_error (error);
  for (guint i = 0; i < N_FX; i++)
    g_string_append_printf (feed, "%s\"%c%c%c\":%u.5", i ? "," : "", 'A' + i / 676 % 26,
                            'A' + i / 26 % 26, 'A' + i % 26, 1 + i);
  g_string_append (feed, "},\"cloud\":[");
  for (guint i = 0; i < N_CLOUD; i++)
    g_string_append_printf (feed, "%s{\"gpu\":\"nvidia-a100-sxm4-80gb\",\"per_hour\":%u.%02u}",
                            i ? "," : "", 1 + i / 100, i % 100);
  g_string_append (feed, "]}");
  body = g_string_free (feed, FALSE);
  rig_test_http_route (http, "/feed.json", &(RigTestHttpRoute) { .content_type = "application/json",
                                                                 .body = body });
  url = rig_test_http_url (http, "/feed.json");
  g_assert_cmpint (rig_library_add_source (library, RIG_PRICE_SOURCE_FEED, "Example", url, &error), >, 0);

  o = refresh_one (library, catalog, &run);
  g_assert_true (o->ok);
  g_assert_cmpuint (o->rates_added, ==, N_CLOUD);
  g_assert_cmpuint (o->rejected->len, ==, 0);
  g_assert_cmpuint (o->slices, >=, (N_CLOUD + N_FX + 999) / 1000);
  g_assert_cmpfloat (rig_library_get_fx_rate (library, "AAA"), ==, 1.5);
  g_assert_cmpfloat (rig_library_get_fx_rate (library, "BUD"), ==, 1 + 1 * 676 + 20 * 26 + 3 + 0.5);
  g_assert_cmpint (rig_test_query_int (path, "SELECT count(*) FROM fx_rates"), ==, N_FX);

  o = refresh_one (library, catalog, &run);
  g_assert_true (o->ok);
  g_assert_cmpuint (o->rates_added, ==, 0);
  g_assert_cmpint (rig_test_query_int (path, "SELECT count(*) FROM cloud_rates"), ==, N_CLOUD);
  g_clear_pointer (&run.outcomes, g_ptr_array_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/price-feed/example/json", test_example_json);
  g_test_add_func ("/price-feed/example/csv", test_example_csv);
  g_test_add_func ("/price-feed/example/cloud", test_example_cloud);
  g_test_add_func ("/price-feed/example/docs", test_docs_examples);
  g_test_add_func ("/price-feed/json/rejections", test_item_rejections);
  g_test_add_func ("/price-feed/json/key-lengths", test_key_lengths);
  g_test_add_func ("/price-feed/json/cloud-rejections", test_cloud_rejections);
  g_test_add_func ("/price-feed/json/accepted", test_item_accepted);
  g_test_add_func ("/price-feed/json/details", test_item_details);
  g_test_add_func ("/price-feed/json/fx", test_fx);
  g_test_add_func ("/price-feed/json/fx-bounds", test_fx_bounds);
  g_test_add_func ("/price-feed/refresh/same-part", test_refresh_same_part);
  g_test_add_func ("/price-feed/refresh/locked", test_refresh_locked);
  g_test_add_func ("/price-feed/refresh/many-rates", test_refresh_many_rates);
  g_test_add_func ("/price-feed/json/source-name", test_source_name);
  g_test_add_func ("/price-feed/json/feed-errors", test_feed_errors);
  g_test_add_func ("/price-feed/json/nul-byte", test_nul_byte);
  g_test_add_func ("/price-feed/json/truncated", test_truncated_json);
  g_test_add_func ("/price-feed/json/no-leaks", test_rejected_items_do_not_leak);
  g_test_add_func ("/price-feed/json/clean-lines", test_rejection_lines_are_clean);
  g_test_add_func ("/price-feed/json/too-deep", test_too_deep);
  g_test_add_func ("/price-feed/json/errors-are-clean", test_errors_are_clean);
  g_test_add_func ("/price-feed/json/deep-enough", test_deep_enough);
  g_test_add_func ("/price-feed/too-many-items", test_too_many_items);
  g_test_add_func ("/price-feed/csv/quoting", test_csv_quoting);
  g_test_add_func ("/price-feed/csv/unclosed-quote-line", test_csv_unclosed_quote_line);
  g_test_add_func ("/price-feed/csv/stray-quote", test_csv_stray_quote);
  g_test_add_func ("/price-feed/csv/values", test_csv_values);
  g_test_add_func ("/price-feed/csv/errors", test_csv_errors);
  g_test_add_func ("/price-feed/bestbuy/response", test_bestbuy);
  g_test_add_func ("/price-feed/bestbuy/rejections", test_bestbuy_rejections);
  g_test_add_func ("/price-feed/parse/web-page", test_web_page);
  g_test_add_func ("/price-feed/parse/picks-reader", test_parse_picks_reader);

  return g_test_run ();
}
