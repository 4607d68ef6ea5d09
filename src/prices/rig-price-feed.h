/* rig-price-feed.h: price feeds (rigplan-prices JSON, CSV, the Best Buy Products API) read into
 * checked price observations
 *
 * The format is described in docs/price-feed.md. Parsing does no I/O: the caller fetches the
 * body and matches the keys against the catalog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-build.h"

G_BEGIN_DECLS

#define RIG_PRICE_FEED_FORMAT     "rigplan-prices"
/* The newest format version this Rigplan reads. */
#define RIG_PRICE_FEED_VERSION    1
/* A feed past these sizes is stopped: no shop lists that many GPUs. */
#define RIG_PRICE_FEED_MAX_ITEMS  100000
#define RIG_PRICE_FEED_MAX_BYTES  (64 * 1024 * 1024)

#define RIG_PRICE_FEED_ERROR (rig_price_feed_error_quark ())
GQuark rig_price_feed_error_quark (void);

typedef enum
{
  RIG_PRICE_FEED_ERROR_WEB_PAGE,    /* an HTML page where a feed was expected */
  RIG_PRICE_FEED_ERROR_ENCODING,    /* empty, too large, or not UTF-8 */
  RIG_PRICE_FEED_ERROR_SYNTAX,      /* JSON that does not parse, a CSV without a usable header */
  RIG_PRICE_FEED_ERROR_NOT_A_FEED,  /* well-formed, but not a price feed */
  RIG_PRICE_FEED_ERROR_INVALID,     /* a feed-wide field (date, currency …) that is wrong */
  RIG_PRICE_FEED_ERROR_TOO_NEW,     /* a format version newer than RIG_PRICE_FEED_VERSION */
  RIG_PRICE_FEED_ERROR_SERVER,      /* the API answered with an error object */
} RigPriceFeedError;

typedef struct
{
  char         *key;            /* a catalog id, or a vendor part number as given */
  gboolean      key_is_mpn;
  RigCondition  condition;
  gint64        amount_minor;   /* hundredths of the currency's major unit */
  char          currency[4];    /* ISO 4217 */
  gint64        observed_at;    /* Unix seconds: the item's date, else the feed's, else now */
  char         *url;            /* an http or https product link, or NULL */
} RigFeedPrice;

typedef struct
{
  char   *gpu;                  /* catalog id of the GPU, e.g. "nvidia-h100-sxm5" */
  guint   count;                /* GPUs in the instance */
  gint64  per_hour_minor;       /* for the whole instance, hundredths of the major unit */
  char    currency[4];
  char   *provider;             /* sanitised, or NULL */
  gint64  observed_at;
} RigCloudRate;

typedef struct
{
  GPtrArray  *prices;           /* RigFeedPrice */
  GPtrArray  *rates;            /* RigCloudRate */
  GPtrArray  *rejected;         /* char *, one line per item left out: "items[3].price: …" */
  char       *source_name;      /* the feed's "source", sanitised, or NULL */
  GHashTable *fx;               /* "EUR" → gdouble * units per 1 USD; empty when not given */
} RigFeedResult;

/* Each function checks every item on its own: a bad item is left out with a line in
 * @rejected, the others are kept. An error is returned only for a body that is not a price
 * feed at all. @now (Unix seconds) dates undated items and bounds dates from the future. */
RigFeedResult *rig_price_feed_parse_json    (const char  *data,
                                             gsize        length,
                                             gint64       now,
                                             GError     **error);
RigFeedResult *rig_price_feed_parse_csv     (const char  *data,
                                             gsize        length,
                                             gint64       now,
                                             GError     **error);
/* A Best Buy Products API response (format=json): prices keyed by modelNumber, new, in USD. */
RigFeedResult *rig_price_feed_parse_bestbuy (const char  *data,
                                             gsize        length,
                                             gint64       now,
                                             GError     **error);
/* Picks the reader by @content_type (may be NULL) and by the body's first non-blank byte.
 * An HTML page is an error; a JSON object with "products" and no "format" is read as a
 * Best Buy response. */
RigFeedResult *rig_price_feed_parse         (const char  *content_type,
                                             GBytes      *body,
                                             gint64       now,
                                             GError     **error);

void           rig_feed_price_free          (RigFeedPrice  *price);
void           rig_cloud_rate_free          (RigCloudRate  *rate);
void           rig_feed_result_free         (RigFeedResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigFeedPrice, rig_feed_price_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigCloudRate, rig_cloud_rate_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigFeedResult, rig_feed_result_free)

G_END_DECLS
