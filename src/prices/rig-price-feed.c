/* rig-price-feed.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rig-csv.h"
#include "rig-field.h"
#include "rig-json.h"
#include "rig-price-feed.h"
#include "rig-units.h"
#include "rig-url.h"

/* Past these a value is a typo (a misplaced decimal point, cents written as dollars), not an
 * offer. Both grow with the feed's own rate for a currency worth less than a dollar. */
#define MAX_ITEM_PRICE     1000000.0
#define MAX_HOURLY_PRICE   10000.0
/* The largest cloud instances carry 8 or 16 GPUs; 64 leaves room without admitting typos. */
#define MAX_INSTANCE_GPUS  64
#define MAX_KEY_BYTES      128
#define MAX_URL_BYTES      2048
#define MAX_NAME_CHARS     64
/* How much of a bad value a rejection line repeats: enough to find it, not the whole value. */
#define MAX_SHOWN_CHARS    40
#define MAX_ERROR_CHARS    200
/* Shops a few time zones ahead date their prices tomorrow; more than this is a wrong clock. */
#define MAX_FUTURE_DAYS    2
/* 2000-01-01T00:00:00Z: older than any part in the catalog, so an earlier date is a typo. */
#define MIN_DATE           G_GINT64_CONSTANT (946684800)

/* A price with no currency anywhere is in US dollars, the catalog's currency. */
#define DEFAULT_CURRENCY   "USD"

G_DEFINE_QUARK (rig-price-feed-error-quark, rig_price_feed_error)

typedef struct
{
  RigFeedResult *result;
  gint64         now;
  const char    *where;     /* the item being read: "items[3]", "line 4" */
  const char    *sep;       /* between the item and a field: "." in JSON, ", " in CSV */
} Reader;

/* What one item says, before any of it is checked; NULL for what it leaves out. */
typedef struct
{
  const char *id;
  const char *mpn;
  const char *condition;
  const char *currency;
  const char *date;
  const char *url;
  gboolean    has_price;
  double      price;
  const char *price_text;   /* the price as written (CSV); NULL for a JSON number */

  /* The member names messages use; a Best Buy product names them differently. */
  const char *mpn_name;
  const char *price_name;
  const char *date_name;
} ItemFields;

#define ITEM_FIELDS_INIT { .mpn_name = "mpn", .price_name = "price", .date_name = "date" }

void
rig_feed_price_free (RigFeedPrice *price)
{
  if (price == NULL)
    return;
  g_free (price->key);
  g_free (price->url);
  g_free (price);
}

void
rig_cloud_rate_free (RigCloudRate *rate)
{
  if (rate == NULL)
    return;
  g_free (rate->gpu);
  g_free (rate->provider);
  g_free (rate);
}

void
rig_feed_result_free (RigFeedResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->prices, g_ptr_array_unref);
  g_clear_pointer (&result->rates, g_ptr_array_unref);
  g_clear_pointer (&result->rejected, g_ptr_array_unref);
  g_clear_pointer (&result->fx, g_hash_table_unref);
  g_free (result->source_name);
  g_free (result);
}

static RigFeedResult *
result_new (void)
{
  RigFeedResult *result = g_new0 (RigFeedResult, 1);

  result->prices = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_feed_price_free);
  result->rates = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_cloud_rate_free);
  result->rejected = g_ptr_array_new_with_free_func (g_free);
  result->fx = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return result;
}

/* Drops control and format characters (bidirectional overrides among them), folds white space
 * into single spaces and keeps at most @max_chars characters, ending cut text with “…” when
 * @ellipsize. NULL when nothing is left. Bytes that are not UTF-8 (a member name or a server's
 * message json-glib decoded from "\ud800") become U+FFFD. */
static char *
sanitize (const char *text,
          guint       max_chars,
          gboolean    ellipsize)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *valid = NULL;
  gboolean space = FALSE;
  guint n = 0;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  out = g_string_new (NULL);
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (g_unichar_isspace (c) || type == G_UNICODE_LINE_SEPARATOR ||
          type == G_UNICODE_PARAGRAPH_SEPARATOR)
        {
          space = out->len > 0;
          continue;
        }
      if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT)
        continue;
      if (n + (space ? 1 : 0) >= max_chars)
        {
          if (ellipsize)
            g_string_append (out, "…");
          break;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          n++;
          space = FALSE;
        }
      g_string_append_unichar (out, c);
      n++;
    }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A bad value as a rejection line quotes it: short, and with nothing that could garble a log. */
static char *
shown (const char *text)
{
  char *s = sanitize (text, MAX_SHOWN_CHARS, TRUE);

  return s != NULL ? s : g_strdup ("");
}

static gboolean
has_control (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
is_currency (const char *text)
{
  return text != NULL && strlen (text) == 3 && g_ascii_isupper (text[0]) &&
         g_ascii_isupper (text[1]) && g_ascii_isupper (text[2]);
}

/* The shortest decimal text that reads back as @v: what the feed most likely wrote. */
static void
format_shortest (char   *buf,
                 gsize   size,
                 double  v)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, size, formats[i], v);
      if (g_ascii_strtod (buf, NULL) == v)
        return;
    }
}

/* Digits, optionally a dot and more digits: no sign, exponent, spaces or thousands separators,
 * which read differently from one locale to the next. */
static gboolean
is_plain_decimal (const char *text)
{
  const char *p = text;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

/* Rounds a plain decimal to hundredths, half away from zero, on its decimal digits rather than
 * on the nearest binary double (699.995 is 699.99499… as a double). The caller has bounded the
 * value, so the whole part cannot overflow. */
static gint64
decimal_to_hundredths (const char *text)
{
  gint64 whole = 0;
  int frac[3] = { 0, 0, 0 };
  const char *p = text;

  for (; g_ascii_isdigit (*p); p++)
    whole = whole * 10 + (*p - '0');
  if (*p == '.')
    {
      p++;
      for (guint i = 0; i < G_N_ELEMENTS (frac) && g_ascii_isdigit (*p); i++, p++)
        frac[i] = *p - '0';
    }
  return whole * 100 + frac[0] * 10 + frac[1] + (frac[2] >= 5 ? 1 : 0);
}

static gint64
to_hundredths (double      v,
               const char *text)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (text != NULL)
    return decimal_to_hundredths (text);
  format_shortest (buf, sizeof buf, v);
  if (strchr (buf, 'e') != NULL)
    return llround (v * 100);     /* below 0.0001: rounds to zero either way */
  return decimal_to_hundredths (buf);
}

/* Either a calendar date, taken as midnight UTC, or an ISO 8601 date and time; one without a
 * zone is UTC. */
static gboolean
parse_date (const char *text,
            gint64     *out)
{
  g_autoptr(GDateTime) dt = NULL;

  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-')
    {
      guint year = 0, month = 0, day = 0;

      for (guint i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
          return FALSE;
      if (sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
          !g_date_valid_dmy (day, month, year))
        return FALSE;
      dt = g_date_time_new_utc (year, month, day, 0, 0, 0);
    }
  else
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

      dt = g_date_time_new_from_iso8601 (text, utc);
    }
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

/* NULL when @text is a usable date, else why not. */
static char *
date_problem (const char *text,
              gint64      now,
              gint64     *out)
{
  g_autofree char *s = shown (text);

  if (!parse_date (text, out))
    /* Translators: %s is what a feed gives as a date; YYYY-MM-DD is the form it must have */
    return g_strdup_printf (_("“%s” is not a date (YYYY-MM-DD, or an ISO 8601 date and time)"),
                            s);
  if (*out > now + MAX_FUTURE_DAYS * 24 * 60 * 60)
    /* Translators: %s is what a feed gives as a date, %d a number of days */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s” lies more than %d day in the "
                                         "future", "“%s” lies more than %d days in the future",
                                         MAX_FUTURE_DAYS),
                            s, MAX_FUTURE_DAYS);
  if (*out < MIN_DATE)
    /* Translators: %s is what a feed gives as a date */
    return g_strdup_printf (_("“%s” is before 2000"), s);
  return NULL;
}

/* A limit in the currency's units: one written for dollars, raised for a currency the feed
 * says is worth less than a dollar, so a price in yen or won is not taken for a typo. */
static double
limit_in (Reader     *r,
          const char *currency,
          double      usd_limit)
{
  double *rate = g_hash_table_lookup (r->result->fx, currency);

  return rate != NULL && *rate > 1 ? usd_limit * *rate : usd_limit;
}

/* Adds "WHERE.FIELD: reason" (JSON) or "WHERE, FIELD: reason" (CSV) to the rejected lines: the
 * item and member as the feed writes them ("items[3].price", "line 4, price"), the reason in
 * the user's language. */
static gboolean G_GNUC_PRINTF (3, 4)
reject (Reader     *r,
        const char *field,
        const char *format,
        ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  if (field != NULL)
    g_ptr_array_add (r->result->rejected,
                     g_strdup_printf ("%s%s%s: %s", r->where, r->sep, field, reason));
  else
    g_ptr_array_add (r->result->rejected, g_strdup_printf ("%s: %s", r->where, reason));
  return FALSE;
}

/* Sets "MEMBER: reason" for a member of the whole feed: the member as the feed names it
 * ("version"), the reason in the user's language. */
static void G_GNUC_PRINTF (4, 5)
set_member_error (GError            **error,
                  RigPriceFeedError   code,
                  const char         *member,
                  const char         *format,
                  ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, RIG_PRICE_FEED_ERROR, code, "%s: %s", member, reason);
}

static void
reject_rest (Reader *r,
             guint   total)
{
  if (total > 0)
    reject (r, NULL,
            /* Translators: the first %u is the items a feed lists, %d the most it may list, the
             * second %u the items after this one; the plural follows the first %u */
            g_dngettext (GETTEXT_PACKAGE, "the feed lists %u item, more than the %d it may; this "
                         "one and the %u after it were not read", "the feed lists %u items, more "
                         "than the %d it may; this one and the %u after it were not read", total),
            total, RIG_PRICE_FEED_MAX_ITEMS, total - RIG_PRICE_FEED_MAX_ITEMS - 1);
  else
    reject (r, NULL,
            /* Translators: %d is the most items a feed may list */
            g_dngettext (GETTEXT_PACKAGE, "the feed lists more than %d item; this one and those "
                         "after it were not read", "the feed lists more than %d items; this one "
                         "and those after it were not read", RIG_PRICE_FEED_MAX_ITEMS),
            RIG_PRICE_FEED_MAX_ITEMS);
}

static gboolean
check_key (Reader     *r,
           const char *field,
           const char *key,
           gboolean    is_id)
{
  if (*key == '\0')
    /* Translators: after a place in a feed, such as “items[3].id: ” */
    return reject (r, field, _("is empty"));
  if (strlen (key) > MAX_KEY_BYTES)
    return reject (r, field, g_dngettext (GETTEXT_PACKAGE, "is longer than %d byte",
                                          "is longer than %d bytes", MAX_KEY_BYTES),
                   MAX_KEY_BYTES);
  if (has_control (key))
    return reject (r, field, _("contains control characters"));
  if (is_id && !rig_id_is_valid (key))
    {
      g_autofree char *s = shown (key);

      return reject (r, field, _("“%s” is not a catalog id (lowercase letters, digits and "
                                 "dashes, like “nvidia-rtx-4090”)"), s);
    }
  return TRUE;
}

static gboolean
check_currency (Reader     *r,
                const char *currency)
{
  g_autofree char *s = NULL;

  if (is_currency (currency))
    return TRUE;
  s = shown (currency);
  return reject (r, "currency", _("“%s” is not an ISO 4217 code such as USD or EUR"), s);
}

/* Checks a price of @v (written as @text in CSV) and turns it into hundredths. */
static gboolean
check_amount (Reader     *r,
              const char *field,
              double      v,
              const char *text,
              double      max,
              const char *currency,
              gint64     *minor)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE], limit[G_ASCII_DTOSTR_BUF_SIZE];
  const char *as_written = buf;

  if (!isfinite (v))
    return reject (r, field, _("is not a finite number"));
  if (text != NULL)
    as_written = text;
  else
    format_shortest (buf, sizeof buf, v);
  if (v < 0)
    /* Translators: %s is a price as the feed writes it */
    return reject (r, field, _("%s is negative"), as_written);
  if (v == 0)
    return reject (r, field, _("is zero"));
  if (v > max)
    {
      g_ascii_formatd (limit, sizeof limit, "%.0f", max);
      /* Translators: the first %s is a price as the feed writes it, the second the most a
       * price may be, the third its currency code, such as “USD” */
      return reject (r, field, _("%s is more than %s %s; is the decimal point in the wrong "
                                 "place?"), as_written, limit, currency);
    }
  *minor = to_hundredths (v, text);
  if (*minor <= 0)
    /* Translators: %s is a price as the feed writes it */
    return reject (r, field, _("%s rounds to zero"), as_written);
  return TRUE;
}

static gboolean
check_date (Reader     *r,
            const char *field,
            const char *text,
            gint64     *out)
{
  g_autofree char *problem = date_problem (text, r->now, out);

  if (problem != NULL)
    return reject (r, field, "%s", problem);
  return TRUE;
}

/* An optional product link: kept when it is a plain http or https address, else dropped,
 * since the price is good without it. */
static char *
checked_url (const char *url)
{
  if (url == NULL || strlen (url) > MAX_URL_BYTES || has_control (url) ||
      !rig_url_check (url, NULL))
    return NULL;
  return g_strdup (url);
}

/* Checks everything an item says; adds it to the prices, or one line saying why not. */
static void
add_price (Reader           *r,
           const ItemFields *f,
           const char       *default_currency,
           gint64            default_date)
{
  g_autoptr(RigFeedPrice) price = g_new0 (RigFeedPrice, 1);
  const char *currency = f->currency != NULL ? f->currency : default_currency;
  int condition = RIG_CONDITION_NEW;

  price->observed_at = default_date;

  if (f->id != NULL)
    {
      if (!check_key (r, "id", f->id, TRUE))
        return;
      price->key = g_strdup (f->id);
    }
  else if (f->mpn != NULL)
    {
      g_autofree char *mpn = g_strstrip (g_strdup (f->mpn));

      if (!check_key (r, f->mpn_name, mpn, FALSE))
        return;
      price->key = g_steal_pointer (&mpn);
      price->key_is_mpn = TRUE;
    }
  else
    {
      /* Translators: both %s are names of a feed's members or columns, such as “id” and
       * “mpn” */
      reject (r, NULL, _("has neither “%s” nor “%s”"), "id", f->mpn_name);
      return;
    }

  if (!check_currency (r, currency))
    return;
  g_strlcpy (price->currency, currency, sizeof price->currency);

  if (!f->has_price)
    {
      /* Translators: after a place in a feed, such as “items[3].price: ” */
      reject (r, f->price_name, _("is missing"));
      return;
    }
  if (!check_amount (r, f->price_name, f->price, f->price_text,
                     limit_in (r, currency, MAX_ITEM_PRICE), currency, &price->amount_minor))
    return;

  if (f->condition != NULL)
    {
      if (g_ascii_strcasecmp (f->condition, "new") == 0)
        condition = RIG_CONDITION_NEW;
      else if (g_ascii_strcasecmp (f->condition, "used") == 0)
        condition = RIG_CONDITION_USED;
      else
        {
          g_autofree char *s = shown (f->condition);

          /* Translators: the first %s is the value the feed has, the second the values it may
           * have, “new, used”; those are keywords and stay as they are */
          reject (r, "condition", _("“%s” is not one of: %s"), s, "new, used");
          return;
        }
    }
  price->condition = condition;

  if (f->date != NULL && !check_date (r, f->date_name, f->date, &price->observed_at))
    return;

  price->url = checked_url (f->url);
  g_ptr_array_add (r->result->prices, g_steal_pointer (&price));
}

/* JSON */

/* A member, where null counts as left out. */
static JsonNode *
member (JsonObject *obj,
        const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static gboolean
get_string (Reader     *r,
            JsonObject *obj,
            const char *name,
            const char **out)
{
  JsonNode *node = member (obj, name);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!rig_json_is_string (node))
    /* Translators: %s is “an object”, “an array”, “a number”, “true or false” or null */
    return reject (r, name, _("must be a string, not %s"), rig_json_node_kind (node));
  /* Refused, not repaired: the item is left out with a line naming the member, as for any
   * other bad value, and nothing stored holds text that is not UTF-8. */
  if (!rig_json_is_text (node))
    return reject (r, name, "%s", rig_json_not_text_reason ());
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_number (Reader     *r,
            JsonObject *obj,
            const char *name,
            gboolean   *present,
            double     *out)
{
  JsonNode *node = member (obj, name);

  *present = node != NULL;
  if (node == NULL)
    return TRUE;
  if (!rig_json_is_number (node))
    return reject (r, name, _("must be a number, not %s"), rig_json_node_kind (node));
  *out = json_node_get_double (node);
  return TRUE;
}

/* Where json-glib says "<data>:3:14: Parse error: …", says "line 3, column 14: …"; the
 * loader's own refusals (nesting too deep) already say where. */
static void
set_json_error (GError    **error,
                const GError *parse_error)
{
  guint line = 0, column = 0;
  int consumed = 0;

  if (parse_error->domain == RIG_JSON_ERROR)
    g_set_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_SYNTAX,
                 /* Translators: %s says why, such as “JSON nested deeper than 64 levels at line
                  * 1, column 65” */
                 _("the feed cannot be read: %s"), parse_error->message);
  else if (sscanf (parse_error->message, "<data>:%u:%u: Parse error: %n", &line, &column,
              &consumed) == 2 && consumed > 0)
    g_set_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_SYNTAX,
                 /* Translators: the first %u is a line, the second a column, %s the JSON
                  * parser's message */
                 _("the feed is not valid JSON: line %u, column %u: %s"), line, column,
                 parse_error->message + consumed);
  else
    g_set_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_SYNTAX,
                 /* Translators: %s is the JSON parser's message */
                 _("the feed is not valid JSON: %s"), parse_error->message);
}

/* The checks every body gets first. Moves @data past a UTF-8 byte order mark. */
static gboolean
check_body (const char **data,
            gsize       *length,
            GError     **error)
{
  const char *end;

  if (*data == NULL)
    *length = 0;
  if (*length >= 3 && memcmp (*data, "\xef\xbb\xbf", 3) == 0)
    {
      *data += 3;
      *length -= 3;
    }
  if (*length == 0)
    {
      g_set_error_literal (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_ENCODING,
                           _("the feed is empty"));
      return FALSE;
    }
  if (*length > RIG_PRICE_FEED_MAX_BYTES)
    {
      g_set_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_ENCODING,
                   /* Translators: %llu is the size of a feed in bytes, %d the most a feed may
                    * be; the plural follows %llu */
                   g_dngettext (GETTEXT_PACKAGE, "the feed is %llu byte, more than the %d a feed "
                                "may be", "the feed is %llu bytes, more than the %d a feed may be",
                                *length),
                   (unsigned long long) *length, RIG_PRICE_FEED_MAX_BYTES);
      return FALSE;
    }
  /* Also refuses NUL bytes, which neither format allows. */
  if (!g_utf8_validate_len (*data, *length, &end))
    {
      g_set_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_ENCODING,
                   /* Translators: %llu is where in the feed the first wrong byte is, counting
                    * from 0 */
                   _("the feed is not UTF-8 text (byte %llu is not); save it as UTF-8"),
                   (unsigned long long) (end - *data));
      return FALSE;
    }
  return TRUE;
}

/* Parses the body into @parser and returns its root object. */
static JsonObject *
load_json_object (JsonParser  *parser,
                  const char  *data,
                  gsize        length,
                  GError     **error)
{
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  if (!check_body (&data, &length, error))
    return NULL;
  if (!rig_json_parser_load (parser, data, (gssize) length, &parse_error))
    {
      set_json_error (error, parse_error);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_ENCODING,
                           _("the feed is empty"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_NOT_A_FEED,
                   /* Translators: %s is “an array”, “a string”, “a number”, “true or false” or
                    * null */
                   _("a price feed is a JSON object, and this is %s"), rig_json_node_kind (root));
      return NULL;
    }
  return json_node_get_object (root);
}

static void
read_json_item (Reader     *r,
                JsonNode   *node,
                const char *default_currency,
                gint64      default_date)
{
  ItemFields f = ITEM_FIELDS_INIT;
  JsonObject *obj;
  JsonNode *url;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      reject (r, NULL, _("must be an object, not %s"), rig_json_node_kind (node));
      return;
    }
  obj = json_node_get_object (node);
  if (!get_string (r, obj, "id", &f.id) ||
      !get_string (r, obj, "mpn", &f.mpn) ||
      !get_string (r, obj, "condition", &f.condition) ||
      !get_string (r, obj, "currency", &f.currency) ||
      !get_string (r, obj, "date", &f.date) ||
      !get_number (r, obj, "price", &f.has_price, &f.price))
    return;
  if ((url = member (obj, "url")) != NULL && rig_json_is_text (url))
    f.url = json_node_get_string (url);
  add_price (r, &f, default_currency, default_date);
}

static void
read_json_rate (Reader     *r,
                JsonNode   *node,
                const char *default_currency,
                gint64      default_date)
{
  g_autoptr(RigCloudRate) rate = g_new0 (RigCloudRate, 1);
  JsonObject *obj;
  const char *gpu, *currency, *provider, *date;
  gboolean has_count, has_price;
  double count = 1, per_hour = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      reject (r, NULL, _("must be an object, not %s"), rig_json_node_kind (node));
      return;
    }
  obj = json_node_get_object (node);
  if (!get_string (r, obj, "gpu", &gpu) ||
      !get_number (r, obj, "count", &has_count, &count) ||
      !get_number (r, obj, "per_hour", &has_price, &per_hour) ||
      !get_string (r, obj, "currency", &currency) ||
      !get_string (r, obj, "provider", &provider) ||
      !get_string (r, obj, "date", &date))
    return;

  if (gpu == NULL)
    {
      reject (r, "gpu", _("is missing"));
      return;
    }
  if (!check_key (r, "gpu", gpu, TRUE))
    return;
  rate->gpu = g_strdup (gpu);

  if (has_count && (!isfinite (count) || count != floor (count) || count < 1 ||
                    count > MAX_INSTANCE_GPUS))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      format_shortest (buf, sizeof buf, count);
      /* Translators: %d is the most GPUs an instance may have, %s the count the feed gives */
      reject (r, "count", _("must be a whole number from 1 to %d, not %s"), MAX_INSTANCE_GPUS,
              buf);
      return;
    }
  rate->count = (guint) count;

  if (currency == NULL)
    currency = default_currency;
  if (!check_currency (r, currency))
    return;
  g_strlcpy (rate->currency, currency, sizeof rate->currency);

  if (!has_price)
    {
      reject (r, "per_hour", _("is missing"));
      return;
    }
  if (!check_amount (r, "per_hour", per_hour, NULL, limit_in (r, currency, MAX_HOURLY_PRICE),
                     currency, &rate->per_hour_minor))
    return;

  rate->observed_at = default_date;
  if (date != NULL && !check_date (r, "date", date, &rate->observed_at))
    return;

  rate->provider = sanitize (provider, MAX_NAME_CHARS, FALSE);
  g_ptr_array_add (r->result->rates, g_steal_pointer (&rate));
}

static void
read_fx (Reader     *r,
         JsonObject *fx)
{
  g_autoptr(GList) names = json_object_get_members (fx);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *code = l->data;
      JsonNode *node = json_object_get_member (fx, code);
      g_autofree char *s = shown (code);
      g_autofree char *where = g_strdup_printf ("fx.%s", s);
      Reader at = { r->result, r->now, where, "." };
      double rate;

      if (!is_currency (code))
        {
          reject (&at, NULL, _("“%s” is not an ISO 4217 code such as USD or EUR"), s);
          continue;
        }
      if (!rig_json_is_number (node))
        {
          reject (&at, NULL, _("must be a number, not %s"), rig_json_node_kind (node));
          continue;
        }
      rate = json_node_get_double (node);
      if (!rig_fx_rate_is_plausible (rate))
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE], low[G_ASCII_DTOSTR_BUF_SIZE];
          char high[G_ASCII_DTOSTR_BUF_SIZE];

          format_shortest (buf, sizeof buf, rate);
          format_shortest (low, sizeof low, RIG_FX_RATE_MIN);
          format_shortest (high, sizeof high, RIG_FX_RATE_MAX);
          /* Translators: the first %s is what the feed gives as a rate, the second a currency
           * code, such as “EUR”; the last two the lowest and the highest rate taken */
          reject (&at, NULL, _("%s is not a rate (units of %s per US dollar, from %s to %s)"),
                  buf, code, low, high);
          continue;
        }
      g_hash_table_replace (r->result->fx, g_strdup (code), g_memdup2 (&rate, sizeof rate));
    }
}

/* Reads the array @name of @root with @read_one; FALSE (with @error) when it is not an array. */
static gboolean
read_json_array (Reader      *r,
                 JsonObject  *root,
                 const char  *name,
                 void       (*read_one) (Reader *, JsonNode *, const char *, gint64),
                 const char  *default_currency,
                 gint64       default_date,
                 GError     **error)
{
  JsonNode *node = member (root, name);
  JsonArray *array;
  guint n;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_member_error (error, RIG_PRICE_FEED_ERROR_INVALID, name,
                        _("must be an array, not %s"), rig_json_node_kind (node));
      return FALSE;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", name, i);

      r->where = where;
      if (i == RIG_PRICE_FEED_MAX_ITEMS)
        {
          reject_rest (r, n);
          break;
        }
      read_one (r, json_array_get_element (array, i), default_currency, default_date);
    }
  r->where = NULL;
  return TRUE;
}

static RigFeedResult *
read_rigplan (JsonObject *root,
              gint64      now,
              GError    **error)
{
  g_autoptr(RigFeedResult) result = result_new ();
  Reader r = { result, now, NULL, "." };
  JsonNode *node;
  const char *currency = DEFAULT_CURRENCY;
  gint64 date = now;
  double version;

  node = member (root, "format");
  if (node == NULL)
    {
      g_set_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_NOT_A_FEED,
                   /* Translators: %s is the name of a member of a feed, “format” */
                   _("this is not a Rigplan price feed: it has no “%s” member"), "format");
      return NULL;
    }
  if (!rig_json_is_string (node))
    {
      set_member_error (error, RIG_PRICE_FEED_ERROR_NOT_A_FEED, "format",
                        /* Translators: the first %s is the format a feed names,
                         * “rigplan-prices”, the second “an object”, “an array”, “a number”,
                         * “true or false” or null */
                        _("must be the string “%s”, not %s, so this is not a Rigplan price feed"),
                        RIG_PRICE_FEED_FORMAT, rig_json_node_kind (node));
      return NULL;
    }
  if (!g_str_equal (json_node_get_string (node), RIG_PRICE_FEED_FORMAT))
    {
      g_autofree char *s = shown (json_node_get_string (node));

      set_member_error (error, RIG_PRICE_FEED_ERROR_NOT_A_FEED, "format",
                        /* Translators: the first %s is the format this feed names, the second
                         * the one a Rigplan feed names, “rigplan-prices” */
                        _("“%s” is not “%s”, so this is not a Rigplan price feed"), s,
                        RIG_PRICE_FEED_FORMAT);
      return NULL;
    }

  node = member (root, "version");
  if (node == NULL)
    {
      set_member_error (error, RIG_PRICE_FEED_ERROR_INVALID, "version", _("is missing"));
      return NULL;
    }
  if (!rig_json_is_number (node))
    {
      set_member_error (error, RIG_PRICE_FEED_ERROR_INVALID, "version",
                        /* Translators: %s is “an object”, “an array”, “a string”, “true or
                         * false”, null or a number as the feed writes it */
                        _("must be a whole number from 1, not %s"), rig_json_node_kind (node));
      return NULL;
    }
  version = json_node_get_double (node);
  if (!isfinite (version) || version < 1 || version != floor (version))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      format_shortest (buf, sizeof buf, version);
      set_member_error (error, RIG_PRICE_FEED_ERROR_INVALID, "version",
                        _("must be a whole number from 1, not %s"), buf);
      return NULL;
    }
  if (version > RIG_PRICE_FEED_VERSION)
    {
      set_member_error (error, RIG_PRICE_FEED_ERROR_TOO_NEW, "version",
                        /* Translators: %.0f is the feed's format version, %d the newest this
                         * Rigplan reads */
                        _("the feed is in format version %.0f, and this Rigplan reads version "
                          "%d; update Rigplan to read it"), version, RIG_PRICE_FEED_VERSION);
      return NULL;
    }

  if ((node = member (root, "source")) != NULL)
    {
      if (!rig_json_is_string (node))
        {
          set_member_error (error, RIG_PRICE_FEED_ERROR_INVALID, "source",
                            _("must be a string, not %s"), rig_json_node_kind (node));
          return NULL;
        }
      if (!rig_json_is_text (node))
        {
          set_member_error (error, RIG_PRICE_FEED_ERROR_INVALID, "source", "%s",
                            rig_json_not_text_reason ());
          return NULL;
        }
      result->source_name = sanitize (json_node_get_string (node), MAX_NAME_CHARS, FALSE);
    }

  if ((node = member (root, "currency")) != NULL)
    {
      g_autofree char *s = NULL;

      if (!rig_json_is_string (node))
        {
          set_member_error (error, RIG_PRICE_FEED_ERROR_INVALID, "currency",
                            _("must be a string, not %s"), rig_json_node_kind (node));
          return NULL;
        }
      if (!is_currency (json_node_get_string (node)))
        {
          s = shown (json_node_get_string (node));
          set_member_error (error, RIG_PRICE_FEED_ERROR_INVALID, "currency",
                            _("“%s” is not an ISO 4217 code such as USD or EUR"), s);
          return NULL;
        }
      currency = json_node_get_string (node);
    }

  if ((node = member (root, "date")) != NULL)
    {
      g_autofree char *problem = NULL;

      if (!rig_json_is_string (node))
        problem = g_strdup_printf (_("must be a string, not %s"), rig_json_node_kind (node));
      else
        problem = date_problem (json_node_get_string (node), now, &date);
      if (problem != NULL)
        {
          set_member_error (error, RIG_PRICE_FEED_ERROR_INVALID, "date", "%s", problem);
          return NULL;
        }
    }

  if ((node = member (root, "fx")) != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          set_member_error (error, RIG_PRICE_FEED_ERROR_INVALID, "fx",
                            _("must be an object, not %s"), rig_json_node_kind (node));
          return NULL;
        }
      read_fx (&r, json_node_get_object (node));
    }

  if (member (root, "items") == NULL && member (root, "cloud") == NULL)
    {
      g_set_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_NOT_A_FEED,
                   /* Translators: both %s are names of a feed's members, “items” and “cloud” */
                   _("the feed has neither “%s” nor “%s”"), "items", "cloud");
      return NULL;
    }
  if (!read_json_array (&r, root, "items", read_json_item, currency, date, error) ||
      !read_json_array (&r, root, "cloud", read_json_rate, currency, date, error))
    return NULL;

  return g_steal_pointer (&result);
}

RigFeedResult *
rig_price_feed_parse_json (const char  *data,
                           gsize        length,
                           gint64       now,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  if (!(root = load_json_object (parser, data, length, error)))
    return NULL;
  return read_rigplan (root, now, error);
}

/* Best Buy */

static void
read_bestbuy_product (Reader     *r,
                      JsonNode   *node,
                      const char *default_currency,
                      gint64      default_date)
{
  ItemFields f = ITEM_FIELDS_INIT;
  JsonObject *obj;
  JsonNode *url;

  f.mpn_name = "modelNumber";
  f.price_name = "salePrice";
  f.date_name = "priceUpdateDate";

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      reject (r, NULL, _("must be an object, not %s"), rig_json_node_kind (node));
      return;
    }
  obj = json_node_get_object (node);
  if (!get_string (r, obj, "modelNumber", &f.mpn) ||
      !get_string (r, obj, "priceUpdateDate", &f.date) ||
      !get_number (r, obj, "salePrice", &f.has_price, &f.price))
    return;
  /* salePrice is what the product sells for now; regularPrice when a response leaves it out. */
  if (!f.has_price)
    {
      f.price_name = "regularPrice";
      if (!get_number (r, obj, "regularPrice", &f.has_price, &f.price))
        return;
      if (!f.has_price)
        f.price_name = "salePrice";
    }
  if (f.mpn == NULL)
    {
      reject (r, "modelNumber", _("is missing"));
      return;
    }
  if ((url = member (obj, "url")) != NULL && rig_json_is_text (url))
    f.url = json_node_get_string (url);
  add_price (r, &f, default_currency, default_date);
}

/* An answer that is an error rather than a product list; its message, when it has one. */
static char *
bestbuy_error_message (JsonObject *root)
{
  JsonNode *node;

  if ((node = member (root, "errorMessage")) != NULL && rig_json_is_string (node))
    return sanitize (json_node_get_string (node), MAX_ERROR_CHARS, TRUE);
  if ((node = member (root, "error")) != NULL)
    {
      if (rig_json_is_string (node))
        return sanitize (json_node_get_string (node), MAX_ERROR_CHARS, TRUE);
      if (JSON_NODE_HOLDS_OBJECT (node) &&
          (node = member (json_node_get_object (node), "message")) != NULL && rig_json_is_string (node))
        return sanitize (json_node_get_string (node), MAX_ERROR_CHARS, TRUE);
      return g_strdup (_("no reason given"));
    }
  return NULL;
}

/* The response of GET https://api.bestbuy.com/v1/products(…)?format=json&show=…: a page of
 * {"products": [{"sku", "name", "manufacturer", "modelNumber", "salePrice", "regularPrice",
 * "url", "priceUpdateDate", …}]} beside "from", "to", "total", "currentPage", "totalPages".
 * Prices are in US dollars. Attributes as documented at
 * https://bestbuyapis.github.io/api-documentation/ (Products API). */
static RigFeedResult *
read_bestbuy (JsonObject *root,
              gint64      now,
              GError    **error)
{
  g_autoptr(RigFeedResult) result = result_new ();
  Reader r = { result, now, NULL, "." };
  JsonNode *products = member (root, "products");

  if (products == NULL)
    {
      g_autofree char *message = bestbuy_error_message (root);

      if (message != NULL)
        g_set_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_SERVER,
                     /* Translators: %s is Best Buy's message, in English */
                     _("Best Buy answered with an error: %s"), message);
      else
        g_set_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_NOT_A_FEED,
                     /* Translators: %s is the name of a member of Best Buy's answer,
                      * “products” */
                     _("this is not a Best Buy Products API response: it has no “%s” list"),
                     "products");
      return NULL;
    }
  if (!read_json_array (&r, root, "products", read_bestbuy_product, "USD", now, error))
    return NULL;
  result->source_name = g_strdup ("Best Buy");
  return g_steal_pointer (&result);
}

RigFeedResult *
rig_price_feed_parse_bestbuy (const char  *data,
                              gsize        length,
                              gint64       now,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  if (!(root = load_json_object (parser, data, length, error)))
    return NULL;
  return read_bestbuy (root, now, error);
}

/* CSV, read with the catalog's reader (rig-csv.h) record by record */

static gboolean
csv_record_is_blank (GPtrArray *fields)
{
  return fields->len == 1 && *g_strstrip ((char *) g_ptr_array_index (fields, 0)) == '\0';
}

enum { COL_ID, COL_MPN, COL_CONDITION, COL_PRICE, COL_CURRENCY, COL_DATE, COL_URL, N_COLS };

static const char * const csv_columns[N_COLS] = {
  "id", "mpn", "condition", "price", "currency", "date", "url"
};

/* The trimmed cell of column @col, or NULL when the row has none or it is empty. */
static const char *
csv_cell (GPtrArray *fields,
          const int *columns,
          int        col)
{
  char *cell;

  if (columns[col] < 0 || (guint) columns[col] >= fields->len)
    return NULL;
  cell = g_strstrip ((char *) g_ptr_array_index (fields, columns[col]));
  return *cell != '\0' ? cell : NULL;
}

static gboolean
read_csv_header (GPtrArray  *fields,
                 int        *columns,
                 GError    **error)
{
  for (int c = 0; c < N_COLS; c++)
    columns[c] = -1;
  for (guint i = 0; i < fields->len; i++)
    {
      g_autofree char *name = g_ascii_strdown (g_strstrip ((char *) g_ptr_array_index (fields, i)),
                                               -1);

      for (int c = 0; c < N_COLS; c++)
        if (g_str_equal (name, csv_columns[c]))
          {
            if (columns[c] >= 0)
              {
                g_set_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_SYNTAX,
                             /* Translators: %s is the name of a column, such as “price” */
                             _("the header names the column “%s” twice"), csv_columns[c]);
                return FALSE;
              }
            columns[c] = (int) i;
          }
    }
  if (columns[COL_PRICE] < 0 || (columns[COL_ID] < 0 && columns[COL_MPN] < 0))
    {
      g_autofree char *joined = NULL;
      g_autofree char *s = NULL;

      g_ptr_array_add (fields, NULL);
      joined = g_strjoinv (",", (char **) fields->pdata);
      g_ptr_array_set_size (fields, fields->len - 1);
      s = shown (joined);
      g_set_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_SYNTAX,
                   /* Translators: the first three %s are the names of columns, “price”, “id”
                    * and “mpn”, the fourth the feed's first line */
                   _("this is not a price feed: its first line must be a header naming a “%s” "
                     "column and an “%s” or “%s” column (it reads “%s”)"),
                   csv_columns[COL_PRICE], csv_columns[COL_ID], csv_columns[COL_MPN], s);
      return FALSE;
    }
  return TRUE;
}

RigFeedResult *
rig_price_feed_parse_csv (const char  *data,
                          gsize        length,
                          gint64       now,
                          GError     **error)
{
  g_autoptr(RigFeedResult) result = result_new ();
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  Reader r = { result, now, NULL, ", " };
  RigCsvScanner s;
  RigCsvIssue issue;
  int columns[N_COLS];
  guint header_columns, rows = 0;

  if (!check_body (&data, &length, error))
    return NULL;
  rig_csv_scanner_init (&s, data, length);

  do
    {
      if (!rig_csv_scanner_next (&s, fields, &issue))
        {
          g_set_error_literal (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_ENCODING,
                               _("the feed is empty"));
          return NULL;
        }
    }
  while (csv_record_is_blank (fields));
  if (issue.problem != RIG_CSV_OK)
    {
      g_autofree char *problem = rig_csv_issue_describe (&issue, TRUE);

      g_set_error (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_SYNTAX,
                   /* Translators: %u is a line of the feed, %s what is wrong there, such as “a
                    * quoted field is never closed” */
                   _("line %u: the header is not valid CSV: %s"), issue.problem_line, problem);
      return NULL;
    }
  if (!read_csv_header (fields, columns, error))
    return NULL;
  header_columns = fields->len;

  while (rig_csv_scanner_next (&s, fields, &issue))
    {
      g_autofree char *where = NULL;
      ItemFields f = ITEM_FIELDS_INIT;

      if (csv_record_is_blank (fields))
        continue;
      /* Translators: a line of a CSV feed, before “, price: is missing” and the like */
      where = g_strdup_printf (_("line %u"), issue.problem != RIG_CSV_OK ? issue.problem_line
                                                                         : issue.line);
      r.where = where;
      if (rows++ == RIG_PRICE_FEED_MAX_ITEMS)
        {
          reject_rest (&r, 0);
          break;
        }
      if (issue.problem != RIG_CSV_OK)
        {
          g_autofree char *problem = rig_csv_issue_describe (&issue, TRUE);

          reject (&r, NULL, "%s", problem);
          continue;
        }
      if (fields->len > header_columns)
        {
          /* Translators: the first %u is the values a line has, the second the columns of
           * the header; the plural follows the first %u, which is 2 or more */
          reject (&r, NULL, g_dngettext (GETTEXT_PACKAGE, "has %u value, but the header names %u "
                                         "columns; is a comma inside a value that is not quoted?",
                                         "has %u values, but the header names %u columns; is a "
                                         "comma inside a value that is not quoted?", fields->len),
                  fields->len, header_columns);
          continue;
        }

      f.id = csv_cell (fields, columns, COL_ID);
      f.mpn = csv_cell (fields, columns, COL_MPN);
      f.condition = csv_cell (fields, columns, COL_CONDITION);
      f.currency = csv_cell (fields, columns, COL_CURRENCY);
      f.date = csv_cell (fields, columns, COL_DATE);
      f.url = csv_cell (fields, columns, COL_URL);
      f.price_text = csv_cell (fields, columns, COL_PRICE);
      if (f.price_text != NULL)
        {
          g_autofree char *v = shown (f.price_text);

          if (f.price_text[0] == '-' && is_plain_decimal (f.price_text + 1))
            {
              reject (&r, "price", _("%s is negative"), v);
              continue;
            }
          if (!is_plain_decimal (f.price_text))
            {
              /* Translators: %s is a price as the feed writes it; 1599.99 is written as the
               * feed must write it, with a dot */
              reject (&r, "price", _("“%s” is not a plain number; write digits and a dot, like "
                                     "1599.99"), v);
              continue;
            }
          f.has_price = TRUE;
          f.price = g_ascii_strtod (f.price_text, NULL);
        }
      add_price (&r, &f, DEFAULT_CURRENCY, now);
    }

  return g_steal_pointer (&result);
}

/* Picking a reader */

static gboolean
is_json_type (const char *type)
{
  return g_str_equal (type, "application/json") || g_str_equal (type, "text/json") ||
         g_str_has_suffix (type, "+json");
}

RigFeedResult *
rig_price_feed_parse (const char  *content_type,
                      GBytes      *body,
                      gint64       now,
                      GError     **error)
{
  g_autofree char *type = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root;
  const char *data, *p, *end;
  gsize length = 0;

  g_return_val_if_fail (body != NULL, NULL);

  data = g_bytes_get_data (body, &length);
  if (data == NULL)
    data = "";
  end = data + length;
  p = data;
  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;

  if (content_type != NULL)
    {
      const char *semicolon = strchr (content_type, ';');
      g_autofree char *bare = semicolon ? g_strndup (content_type, semicolon - content_type)
                                        : g_strdup (content_type);

      type = g_ascii_strdown (g_strstrip (bare), -1);
    }
  else
    type = g_strdup ("");

  /* Login walls, error pages and captive portals answer with HTML, often as 200 OK. */
  if (g_str_equal (type, "text/html") || g_str_equal (type, "application/xhtml+xml") ||
      (p < end && *p == '<'))
    {
      g_set_error_literal (error, RIG_PRICE_FEED_ERROR, RIG_PRICE_FEED_ERROR_WEB_PAGE,
                           _("the server sent a web page, not a price feed; check the address"));
      return NULL;
    }

  if (!is_json_type (type) && !(p < end && (*p == '{' || *p == '[')))
    return rig_price_feed_parse_csv (data, length, now, error);

  parser = json_parser_new ();
  if (!(root = load_json_object (parser, data, length, error)))
    return NULL;
  /* Best Buy's answers, products or errors, have no "format"; a Rigplan feed always has. */
  if (!json_object_has_member (root, "format") &&
      (json_object_has_member (root, "products") || json_object_has_member (root, "error") ||
       json_object_has_member (root, "errorMessage")))
    return read_bestbuy (root, now, error);
  return read_rigplan (root, now, error);
}
