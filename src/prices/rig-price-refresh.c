/* rig-price-refresh.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rig-price-feed.h"
#include "rig-price-refresh.h"
#include "rig-secret.h"
#include "rig-store-error.h"
#include "rig-url.h"

typedef struct
{
  RigLibrary *library;
  RigCatalog *catalog;
  GPtrArray  *sources;     /* RigPriceSource, the ones fetched, in request order */
  GPtrArray  *outcomes;    /* RigRefreshOutcome, for every source asked for */
  GPtrArray  *fetched;     /* RigRefreshOutcome *, not owned, parallel to @sources */
  GHashTable *ids;         /* every catalog id, read once */
  GPtrArray  *results;     /* RigFetchResult, parallel to @sources */
  GPtrArray  *feeds;       /* RigFeedResult or NULL, parallel to @sources */
  GPtrArray  *errors;      /* GError or NULL: why a feed did not read */
  guint       next;        /* the source to store next */
  guint       item;        /* and the first of its prices not stored yet */
  guint       slice;       /* the most items the next slice may store */
  gboolean    stored;      /* all of the source's items are, its status is next */
  char      **fx_codes;    /* the currencies of the source being stored, sorted; not owned */

  /* Until the fetches start: the sources asked for, their outcomes, how to fetch. */
  GPtrArray       *pending;        /* RigPriceSource */
  GPtrArray       *pending_outcomes;   /* RigRefreshOutcome *, not owned, parallel */
  RigFetchOptions  options;
  gboolean         has_options;
  RigFetchProgress progress;
  gpointer         progress_data;
} Refresh;

static void
refresh_free (gpointer data)
{
  Refresh *r = data;

  g_clear_pointer (&r->fx_codes, g_free);
  g_clear_object (&r->library);
  g_clear_object (&r->catalog);
  g_clear_pointer (&r->sources, g_ptr_array_unref);
  g_clear_pointer (&r->outcomes, g_ptr_array_unref);
  g_clear_pointer (&r->fetched, g_ptr_array_unref);
  g_clear_pointer (&r->ids, g_hash_table_unref);
  g_clear_pointer (&r->results, g_ptr_array_unref);
  g_clear_pointer (&r->feeds, g_ptr_array_unref);
  g_clear_pointer (&r->errors, g_ptr_array_unref);
  g_clear_pointer (&r->pending, g_ptr_array_unref);
  g_clear_pointer (&r->pending_outcomes, g_ptr_array_unref);
  g_free (r);
}

void
rig_refresh_outcome_free (RigRefreshOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_free (outcome->name);
  g_free (outcome->message);
  g_clear_pointer (&outcome->rejected, g_ptr_array_unref);
  g_free (outcome);
}

static RigRefreshOutcome *
outcome_new (const RigPriceSource *source)
{
  RigRefreshOutcome *o = g_new0 (RigRefreshOutcome, 1);

  o->source_id = source->id;
  o->name = g_strdup (source->name);
  o->rejected = g_ptr_array_new_with_free_func (g_free);
  return o;
}

static int
compare_codes (const void *a,
               const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* A vendor part number matches a part when it is one of the part's aliases. */
static char *
part_for_mpn (RigCatalog *catalog,
              const char *mpn)
{
  g_autoptr(GPtrArray) parts = rig_catalog_search (catalog, mpn, -1, 20, NULL);

  for (guint i = 0; parts != NULL && i < parts->len; i++)
    {
      RigPart *part = g_ptr_array_index (parts, i);
      g_auto(GStrv) aliases = part->aliases ? g_strsplit (part->aliases, ";", -1) : NULL;

      for (guint k = 0; aliases != NULL && aliases[k]; k++)
        if (g_ascii_strcasecmp (g_strstrip (aliases[k]), mpn) == 0)
          return g_strdup (part->id);
    }
  return NULL;
}

static gboolean
catalog_has (Refresh    *r,
             const char *id)
{
  return g_hash_table_contains (r->ids, id);
}

/* A big feed is stored in slices, one per turn of the main loop, each in its own transaction
 * and each given SLICE_BUDGET_US of the 50 ms a turn may take: a slice stops resolving prices
 * when half of it is spent, and the next slice stores fewer prices when storing took longer
 * (more when it took far less), up to STORE_SLICE_MAX. A refresh cut short by a crash keeps
 * the slices stored; the source's validators are only updated once all are, so the next
 * refresh fetches the feed again in full and adds only what is missing. */
enum
{
  STORE_SLICE_MIN = 16,
  STORE_SLICE_FIRST = 250,
  STORE_SLICE_MAX = 1000,
  SLICE_BUDGET_US = 20000,
};

/* What a feed holds, in the order it is stored: prices, cloud rates, currency rates. */
static guint
feed_length (const RigFeedResult *feed)
{
  return feed->prices->len + feed->rates->len + g_hash_table_size (feed->fx);
}

static RigPriceObservation *
take_price (Refresh              *r,
            const RigPriceSource *source,
            const RigFeedPrice   *p,
            RigRefreshOutcome    *outcome)
{
  g_autofree char *id = p->key_is_mpn ? part_for_mpn (r->catalog, p->key)
                        : catalog_has (r, p->key) ? g_strdup (p->key) : NULL;
  RigPriceObservation *obs;

  if (id == NULL)
    {
      g_ptr_array_add (outcome->rejected,
                       p->key_is_mpn
                       /* Translators: %s is a part number as the feed gives it */
                       ? g_strdup_printf (_("“%s”: no catalog part has this part number"), p->key)
                       /* Translators: %s is a part id as the feed gives it */
                       : g_strdup_printf (_("“%s”: no catalog part has this id"), p->key));
      return NULL;
    }
  obs = g_new0 (RigPriceObservation, 1);
  obs->part_id = g_steal_pointer (&id);
  obs->source = g_strdup (source->name);
  obs->condition = p->condition;
  obs->amount_minor = p->amount_minor;
  g_strlcpy (obs->currency, p->currency, sizeof obs->currency);
  obs->observed_at = p->observed_at;
  return obs;
}

static RigLibraryRate *
take_rate (Refresh              *r,
           const RigPriceSource *source,
           const RigCloudRate   *c,
           RigRefreshOutcome    *outcome)
{
  RigLibraryRate *row;

  if (!catalog_has (r, c->gpu))
    {
      g_ptr_array_add (outcome->rejected,
                       /* Translators: %s is a GPU's id as the feed gives it */
                       g_strdup_printf (_("cloud rate for “%s”: no catalog GPU has this id"),
                                        c->gpu));
      return NULL;
    }
  row = g_new0 (RigLibraryRate, 1);
  row->gpu = c->gpu;
  row->count = c->count;
  row->per_hour_minor = c->per_hour_minor;
  g_strlcpy (row->currency, c->currency, sizeof row->currency);
  row->provider = c->provider;
  row->source = source->name;
  row->observed_at = c->observed_at;
  return row;
}

/* Stores what @feed holds from @from on (see feed_length ()), at most @max items and only as
 * many as it reads before @deadline (monotonic time), and with @from 0 also its rejected lines;
 * sets @to past the last item it took. FALSE with @error when this slice could not be stored. */
static gboolean
store_feed (Refresh              *r,
            const RigPriceSource *source,
            const RigFeedResult  *feed,
            RigRefreshOutcome    *outcome,
            guint                 from,
            guint                 max,
            gint64                deadline,
            guint                *to,
            GError              **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GPtrArray) prices = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_price_observation_free);
  g_autoptr(GPtrArray) rates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) fx = g_array_new (FALSE, TRUE, sizeof (RigLibraryFxRate));
  guint n_prices = feed->prices->len, n_rates = feed->rates->len;
  guint prices_added = 0, rates_added = 0;
  guint end = from + MIN (max, feed_length (feed) - from);

  for (guint i = 0; from == 0 && i < feed->rejected->len; i++)
    g_ptr_array_add (outcome->rejected, g_strdup (g_ptr_array_index (feed->rejected, i)));
  /* Currency rates in a fixed order, so that slices can take them by index. */
  if (r->fx_codes == NULL)
    {
      r->fx_codes = (char **) g_hash_table_get_keys_as_array (feed->fx, NULL);
      qsort (r->fx_codes, g_hash_table_size (feed->fx), sizeof (char *), compare_codes);
    }

  for (guint i = from; i < end; i++)
    {
      /* Resolving a part number searches the catalog: the clock is read every few items. */
      if (i > from && (i - from) % 32 == 0 && g_get_monotonic_time () >= deadline)
        {
          end = i;
          break;
        }
      if (i < n_prices)
        {
          RigPriceObservation *obs = take_price (r, source, g_ptr_array_index (feed->prices, i),
                                                 outcome);
          if (obs != NULL)
            g_ptr_array_add (prices, obs);
        }
      else if (i < n_prices + n_rates)
        {
          RigLibraryRate *row = take_rate (r, source,
                                           g_ptr_array_index (feed->rates, i - n_prices), outcome);
          if (row != NULL)
            g_ptr_array_add (rates, row);
        }
      else
        {
          const char *code = r->fx_codes[i - n_prices - n_rates];
          RigLibraryFxRate rate = { { 0 }, *(double *) g_hash_table_lookup (feed->fx, code),
                                    source->name, now };

          g_strlcpy (rate.currency, code, sizeof rate.currency);
          g_array_append_val (fx, rate);
        }
    }

  if (!rig_library_add_observations (r->library, (RigPriceObservation * const *) prices->pdata,
                                     prices->len, (const RigLibraryRate * const *) rates->pdata,
                                     rates->len, (const RigLibraryFxRate *) fx->data, fx->len,
                                     &prices_added, &rates_added, error))
    return FALSE;
  *to = end;
  outcome->slices++;
  outcome->rates_added += rates_added;
  outcome->prices_added += prices_added;
  return TRUE;
}

/* Runs in a worker thread: reading a feed touches nothing shared. */
static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      data,
              GCancellable *cancellable)
{
  Refresh *r = data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < r->results->len; i++)
    {
      RigFetchResult *res = g_ptr_array_index (r->results, i);
      RigPriceSource *source = g_ptr_array_index (r->sources, i);
      RigFeedResult *feed = NULL;
      GError *error = NULL;

      if (res->error == NULL && !res->response->not_modified)
        {
          if (source->kind == RIG_PRICE_SOURCE_BESTBUY)
            {
              gsize length;
              const char *body = g_bytes_get_data (res->response->body, &length);
              feed = rig_price_feed_parse_bestbuy (body, length, now, &error);
            }
          else
            feed = rig_price_feed_parse (res->response->content_type, res->response->body, now, &error);
        }
      g_ptr_array_add (r->feeds, feed);
      g_ptr_array_add (r->errors, error);
    }
  g_task_return_boolean (task, TRUE);
}

/* One source, or one slice of a big one, per turn of the main loop, so a long refresh never
 * holds the window up. */
static gboolean
store_next (gpointer user_data)
{
  GTask *task = user_data;
  Refresh *r = g_task_get_task_data (task);
  guint i = r->next;
  RigFetchResult *res = g_ptr_array_index (r->results, i);
  RigPriceSource *source = g_ptr_array_index (r->sources, i);
  RigRefreshOutcome *outcome = g_ptr_array_index (r->fetched, i);
  const RigFeedResult *feed = g_ptr_array_index (r->feeds, i);
  const GError *parse_error = g_ptr_array_index (r->errors, i);
  g_autoptr(GError) local = NULL;

  if (res->error != NULL)
    {
      /* Shown under the source's name and address: without the address again. */
      g_autofree char *address = rig_url_redact (source->url);
      const char *message = res->error->message;

      /* "ADDRESS: reason", or "ADDRESS : reason" as some languages write it. */
      if (g_str_has_prefix (message, address))
        {
          const char *p = message + strlen (address);

          while (*p == ' ' || g_str_has_prefix (p, "\u00a0") || g_str_has_prefix (p, "\u202f"))
            p = g_utf8_next_char (p);
          if (*p == ':' && p[1] == ' ')
            message = p + 2;
        }
      outcome->message = g_strdup (message);
    }
  else if (res->response->not_modified)
    {
      outcome->ok = outcome->not_modified = TRUE;
      outcome->message = g_strdup (_("not changed since the last refresh"));
    }
  else if (parse_error != NULL)
    outcome->message = g_strdup (parse_error->message);
  else if (!r->stored)
    {
      gint64 start = g_get_monotonic_time ();
      guint to = 0;

      if (!store_feed (r, source, feed, outcome, r->item, r->slice, start + SLICE_BUDGET_US / 2,
                       &to, &local))
        outcome->message = g_strdup (local->message);
      else
        {
          gint64 took = g_get_monotonic_time () - start;

          if (took > SLICE_BUDGET_US)
            r->slice = MAX (STORE_SLICE_MIN, r->slice / 2);
          else if (took < SLICE_BUDGET_US / 4 && to - r->item == r->slice)
            r->slice = MIN (STORE_SLICE_MAX, r->slice * 2);
          r->item = to;
          /* Its status is written in a turn of its own: another transaction. */
          r->stored = to == feed_length (feed);
          return G_SOURCE_CONTINUE;
        }
    }
  r->item = 0;
  r->stored = FALSE;
  r->next++;
  g_clear_pointer (&r->fx_codes, g_free);
  if (res->error == NULL && !res->response->not_modified && parse_error == NULL && local == NULL)
    {
      g_autofree char *prices = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new price",
                                                              "%u new prices",
                                                              outcome->prices_added),
                                                 outcome->prices_added);
      g_autofree char *rates = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u cloud rate",
                                                             "%u cloud rates",
                                                             outcome->rates_added),
                                                outcome->rates_added);
      /* Translators: %u is the items of a feed that were not stored, each for a reason given
       * beside it */
      g_autofree char *left_out = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u left out",
                                                                "%u left out",
                                                                outcome->rejected->len),
                                                   outcome->rejected->len);

      outcome->ok = TRUE;
      /* Translators: what a price source gave: “3 new prices”, “1 cloud rate”, “2 left out” */
      outcome->message = g_strdup_printf (_("%s, %s, %s"), prices, rates, left_out);
    }

  /* New validators only with a response that was read and stored: a bad one is fetched again
   * in full next time. */
  if (outcome->ok && !outcome->not_modified)
    {
      g_free (source->etag);
      g_free (source->last_modified);
      source->etag = g_strdup (res->response->etag);
      source->last_modified = g_strdup (res->response->last_modified);
    }
  source->checked_at = g_get_real_time () / G_USEC_PER_SEC;
  g_free (source->status);
  source->status = g_strdup (outcome->message);
  g_clear_error (&local);
  if (!rig_library_update_source (r->library, source, &local))
    {
      /* What was stored stays; without the new validators the next refresh fetches it in full. */
      char *message = g_strdup_printf (
        /* Translators: the first %s says what the refresh of a source did, the second why
         * that could not be recorded in the library */
        _("%s; this could not be recorded in the library (%s), so the next refresh fetches "
          "the source in full again"), outcome->message, local->message);

      outcome->ok = FALSE;
      g_free (outcome->message);
      outcome->message = message;
    }

  if (r->next < r->results->len)
    return G_SOURCE_CONTINUE;
  g_task_return_pointer (task, g_ptr_array_ref (r->outcomes), (GDestroyNotify) g_ptr_array_unref);
  return G_SOURCE_REMOVE;
}

static void
parsed (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  GTask *task = user_data;    /* owned */
  g_autoptr(GSource) idle = g_idle_source_new ();

  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_name (idle, "[rigplan] store prices");
  g_source_set_callback (idle, store_next, task, g_object_unref);
  g_source_attach (idle, g_task_get_context (task));
}

static void
free_error (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

static void
fetched (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;    /* owned */
  Refresh *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) parse = NULL;

  if (!(r->results = rig_fetch_many_finish (result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  r->feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_feed_result_free);
  r->errors = g_ptr_array_new_with_free_func (free_error);
  /* The parse task shares @r with @task, which outlives it. */
  parse = g_task_new (NULL, NULL, parsed, task);
  g_task_set_task_data (parse, r, NULL);
  g_task_run_in_thread (parse, parse_thread);
}

static gboolean
source_matches (const RigPriceSource *source,
                const char           *only)
{
  g_autofree char *id = NULL;

  if (only == NULL)
    return source->enabled;
  id = g_strdup_printf ("%" G_GINT64_FORMAT, source->id);
  return g_str_equal (only, source->name) || g_str_equal (only, id);
}

/* Requests each pending source, Best Buy's with @key (NULL: it has none, and is skipped). */
static void
start_fetches (GTask      *task,
               const char *key)
{
  Refresh *r = g_task_get_task_data (task);
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_fetch_request_free);

  for (guint i = 0; i < r->pending->len; i++)
    {
      RigPriceSource *source = g_ptr_array_index (r->pending, i);
      RigRefreshOutcome *outcome = g_ptr_array_index (r->pending_outcomes, i);
      RigFetchRequest *request;

      if (source->kind == RIG_PRICE_SOURCE_BESTBUY && (key == NULL || *key == '\0'))
        {
          /* Translators: RIGPLAN_BESTBUY_KEY is an environment variable */
          outcome->message = g_strdup (_("Best Buy needs an API key: add it in Preferences, or "
                                         "set RIGPLAN_BESTBUY_KEY"));
          continue;
        }
      if (source->kind == RIG_PRICE_SOURCE_BESTBUY)
        {
          /* The key travels in the query, which rig_url_redact () keeps out of every message. */
          g_autofree char *escaped = g_uri_escape_string (key, NULL, FALSE);
          g_autofree char *url = g_strdup_printf ("%s%sapiKey=%s", source->url,
                                                  strchr (source->url, '?') ? "&" : "?", escaped);
          request = rig_fetch_request_new (url);
        }
      else
        request = rig_fetch_request_new (source->url);
      request->etag = g_strdup (source->etag);
      request->last_modified = g_strdup (source->last_modified);
      g_ptr_array_add (requests, request);
      g_ptr_array_add (r->fetched, outcome);
      g_ptr_array_add (r->sources, g_ptr_array_steal_index (r->pending, i));
      g_ptr_array_remove_index (r->pending_outcomes, i);
      i--;
    }

  if (requests->len == 0)
    {
      g_task_return_pointer (task, g_ptr_array_ref (r->outcomes), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  rig_fetch_many_async ((RigFetchRequest * const *) requests->pdata, requests->len,
                        r->has_options ? &r->options : NULL, g_task_get_cancellable (task),
                        r->progress, r->progress_data, fetched, task);
}

static void
key_ready (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;   /* owned */
  g_autoptr(GError) error = NULL;
  g_autofree char *key = rig_secret_lookup_key_finish (result, &error);

  /* A keyring that cannot be read is the same as one without the key: the outcome says so. */
  if (error != NULL)
    g_debug ("Reading the Best Buy key from the keyring: %s", error->message);
  start_fetches (task, key);
}

void
rig_price_refresh_async (RigLibrary            *library,
                         RigCatalog            *catalog,
                         const char            *only,
                         const RigFetchOptions *options,
                         GCancellable          *cancellable,
                         RigFetchProgress       progress,
                         gpointer               progress_data,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  Refresh *r = g_new0 (Refresh, 1);
  gboolean needs_key = FALSE;

  g_task_set_source_tag (task, rig_price_refresh_async);
  g_task_set_task_data (task, r, refresh_free);
  r->library = g_object_ref (library);
  r->catalog = g_object_ref (catalog);
  r->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_price_source_free);
  r->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_refresh_outcome_free);
  r->fetched = g_ptr_array_new ();
  r->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_price_source_free);
  r->pending_outcomes = g_ptr_array_new ();
  if (options != NULL)
    {
      r->options = *options;
      r->has_options = TRUE;
    }
  r->progress = progress;
  r->progress_data = progress_data;
  r->slice = STORE_SLICE_FIRST;

  r->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  {
    RigCatalogQuery query;
    g_autoptr(GPtrArray) ids = NULL;

    rig_catalog_query_init (&query);
    if ((ids = rig_catalog_query_ids (catalog, &query, &error)) == NULL)
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
    for (guint i = 0; i < ids->len; i++)
      g_hash_table_add (r->ids, g_strdup (g_ptr_array_index (ids, i)));
  }
  if (!(all = rig_library_list_sources (library, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < all->len; i++)
    {
      RigPriceSource *source = g_ptr_array_index (all, i);
      RigRefreshOutcome *outcome;

      if (!source_matches (source, only))
        continue;
      outcome = outcome_new (source);
      g_ptr_array_add (r->outcomes, outcome);
      g_ptr_array_add (r->pending_outcomes, outcome);
      needs_key |= source->kind == RIG_PRICE_SOURCE_BESTBUY;
      g_ptr_array_add (r->pending, g_ptr_array_steal_index (all, i));
      i--;
    }

  if (r->outcomes->len == 0)
    {
      if (only != NULL)
        g_task_return_new_error (task, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND,
                                 /* Translators: %s is what was asked for: a price source's
                                  * name or number */
                                 _("there is no price source “%s”"), only);
      else
        g_task_return_new_error (task, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND, "%s",
                                 _("there are no price sources turned on"));
      return;
    }
  /* The environment, else the keyring, asked without blocking; once, and only when needed. */
  if (needs_key)
    rig_secret_lookup_key_async ("bestbuy", cancellable, key_ready, g_steal_pointer (&task));
  else
    start_fetches (g_steal_pointer (&task), NULL);
}

GPtrArray *
rig_price_refresh_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
