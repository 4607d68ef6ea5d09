/* fuzz-price-feed.c: the three price-feed readers (rigplan-prices JSON, CSV, Best Buy), one
 * program each: RIG_FUZZ_FEED picks the reader at compile time
 *
 * Whatever a feed holds, what comes out is clean text (it is shown and stored), non-negative
 * amounts and three-letter currencies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rig-price-feed.h"
#include "rig-fuzz.h"

/* 2026-12-01 00:00 UTC: a fixed "now" keeps a replay's outcome the same from day to day. */
#define FUZZ_NOW G_GINT64_CONSTANT (1796083200)

static gboolean
is_currency (const char *code)
{
  return strlen (code) == 3 && g_ascii_isupper (code[0]) && g_ascii_isupper (code[1]) &&
         g_ascii_isupper (code[2]);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RigFeedResult) result = NULL;

  result = RIG_FUZZ_FEED ((const char *) data, size, FUZZ_NOW, &error);
  if (result == NULL)
    {
      rig_fuzz_assert (error != NULL);
      rig_fuzz_assert (rig_text_is_clean (error->message));
      return 0;
    }

  rig_fuzz_assert (rig_text_is_clean (result->source_name));
  for (guint i = 0; i < result->prices->len; i++)
    {
      const RigFeedPrice *price = g_ptr_array_index (result->prices, i);

      rig_fuzz_assert (price->key != NULL && rig_text_is_clean (price->key));
      rig_fuzz_assert (rig_text_is_clean (price->url));
      rig_fuzz_assert (price->amount_minor >= 0);
      rig_fuzz_assert (is_currency (price->currency));
    }
  for (guint i = 0; i < result->rates->len; i++)
    {
      const RigCloudRate *rate = g_ptr_array_index (result->rates, i);

      rig_fuzz_assert (rate->gpu != NULL && rig_text_is_clean (rate->gpu));
      rig_fuzz_assert (rig_text_is_clean (rate->provider));
      rig_fuzz_assert (rate->per_hour_minor >= 0 && rate->count > 0);
      rig_fuzz_assert (is_currency (rate->currency));
    }
  for (guint i = 0; i < result->rejected->len; i++)
    rig_fuzz_assert (rig_text_is_clean (g_ptr_array_index (result->rejected, i)));
  return 0;
}
