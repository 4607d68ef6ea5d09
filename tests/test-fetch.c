/* test-fetch.c: the HTTP layer against a server on 127.0.0.1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rig-fetch.h"
#include "rig-test-http.h"

#define MIB (1024 * 1024)

/* Set when any message, debug ones included, quotes a secret. */
static gboolean secret_logged;
static guint debug_messages;
static GLogFunc test_log_handler;

/* g_debug () goes through the default handler, which GTest replaces with its own; this one
 * looks at every message first and keeps the debug ones off the TAP output. */
static void
log_handler (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
  if (strstr (message, "ecret") != NULL || strstr (message, "ECRET") != NULL)
    secret_logged = TRUE;
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    {
      if (g_strcmp0 (domain, G_LOG_DOMAIN) == 0)
        debug_messages++;
      return;
    }
  test_log_handler (domain, level, message, user_data);
}

static void
quick_options (RigFetchOptions *options)
{
  rig_fetch_options_init (options);
  options->timeout_s = 5;
  options->base_delay_ms = 10;
  options->max_delay_ms = 3000;
}

static RigFetchResponse *
fetch_path (RigTestHttp           *server,
            const char            *path,
            const RigFetchOptions *options,
            GError               **error)
{
  g_autofree char *url = rig_test_http_url (server, path);
  RigFetchRequest request = { .url = url };

  return rig_fetch_sync (&request, options, NULL, error);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* RFC 9110 §5.6.7 IMF-fixdate, in English whatever the locale. */
static char *
http_date (GDateTime *time)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d GMT",
                          days[g_date_time_get_day_of_week (utc) - 1],
                          g_date_time_get_day_of_month (utc),
                          months[g_date_time_get_month (utc) - 1],
                          g_date_time_get_year (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

static void
test_ok (void)
{
  g_autoptr(RigTestHttp) server = rig_test_http_new ();
  g_autofree char *url = rig_test_http_url (server, "/feed.json");
  char *extra[] = { "X-Api-Key: k-123", NULL };
  RigFetchRequest request = { .url = url, .headers = extra };
  g_autoptr(RigFetchResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *agent = NULL;

  rig_test_http_route (server, "/feed.json", &(RigTestHttpRoute) {
    .content_type = "application/json",
    .body = "{\"prices\": []}",
  });

  response = rig_fetch_sync (&request, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);
  g_assert_cmpint (response->status, ==, 200);
  g_assert_false (response->not_modified);
  g_assert_cmpuint (response->attempts, ==, 1);
  g_assert_cmpstr (response->content_type, ==, "application/json");
  g_assert_nonnull (response->body);
  g_assert_cmpmem (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body),
                   "{\"prices\": []}", 14);
  g_assert_null (response->etag);

  g_assert_cmpuint (rig_test_http_requests (server, "/feed.json"), ==, 1);
  key = rig_test_http_last_header (server, "/feed.json", "X-Api-Key");
  g_assert_cmpstr (key, ==, "k-123");
  agent = rig_test_http_last_header (server, "/feed.json", "User-Agent");
  g_assert_cmpstr (agent, ==, "Rigplan/" PACKAGE_VERSION);
}

static void
test_conditional (void)
{
  g_autoptr(RigTestHttp) server = rig_test_http_new ();
  g_autofree char *url = rig_test_http_url (server, "/feed");
  g_autoptr(RigFetchResponse) first = NULL;
  g_autoptr(RigFetchResponse) second = NULL;
  g_autoptr(RigFetchResponse) by_date = NULL;
  g_autoptr(RigFetchResponse) stale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seen_etag = NULL;
  g_autofree char *seen_date = NULL;
  RigFetchRequest request = { .url = url };

  rig_test_http_route (server, "/feed", &(RigTestHttpRoute) {
    .content_type = "text/csv",
    .body = "id,price\n",
    .etag = "\"v1\"",
    .last_modified = "Wed, 21 Oct 2015 07:28:00 GMT",
  });

  first = rig_fetch_sync (&request, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->status, ==, 200);
  g_assert_false (first->not_modified);
  g_assert_cmpstr (first->etag, ==, "\"v1\"");
  g_assert_cmpstr (first->last_modified, ==, "Wed, 21 Oct 2015 07:28:00 GMT");
  seen_etag = rig_test_http_last_header (server, "/feed", "If-None-Match");
  g_assert_null (seen_etag);

  /* Both validators back: 304, no body, the validators kept. */
  request.etag = first->etag;
  request.last_modified = first->last_modified;
  second = rig_fetch_sync (&request, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->status, ==, 304);
  g_assert_true (second->not_modified);
  g_assert_null (second->body);
  g_assert_cmpstr (second->etag, ==, "\"v1\"");
  g_assert_cmpstr (second->last_modified, ==, "Wed, 21 Oct 2015 07:28:00 GMT");
  seen_etag = rig_test_http_last_header (server, "/feed", "If-None-Match");
  g_assert_cmpstr (seen_etag, ==, "\"v1\"");
  seen_date = rig_test_http_last_header (server, "/feed", "If-Modified-Since");
  g_assert_cmpstr (seen_date, ==, "Wed, 21 Oct 2015 07:28:00 GMT");

  /* Last-Modified alone works as well. */
  request.etag = NULL;
  by_date = rig_fetch_sync (&request, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (by_date->not_modified);
  g_assert_null (by_date->body);

  /* An old ETag gets the body. */
  request.etag = "\"v0\"";
  request.last_modified = NULL;
  stale = rig_fetch_sync (&request, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stale->status, ==, 200);
  g_assert_false (stale->not_modified);
  g_assert_cmpuint (g_bytes_get_size (stale->body), ==, 9);
  g_assert_cmpuint (rig_test_http_requests (server, "/feed"), ==, 4);
}

static void
test_retry_after (void)
{
  g_autoptr(RigTestHttp) server = rig_test_http_new ();
  RigFetchOptions options;
  gint64 start;

  quick_options (&options);
  rig_test_http_route (server, "/busy", &(RigTestHttpRoute) {
    .body = "ok", .throttle_first = 1, .retry_after = "1",
  });
  rig_test_http_route (server, "/busy-long", &(RigTestHttpRoute) {
    .body = "ok", .throttle_first = 1, .retry_after = "1",
  });

  {
    g_autoptr(RigFetchResponse) response = NULL;
    g_autoptr(GError) error = NULL;

    start = g_get_monotonic_time ();
    response = fetch_path (server, "/busy", &options, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (response->attempts, ==, 2);
    g_assert_cmpint (response->status, ==, 200);
    /* Waited the second it was asked to, not the 10 ms backoff. */
    g_assert_cmpfloat (seconds_since (start), >=, 0.95);
    g_assert_cmpuint (rig_test_http_requests (server, "/busy"), ==, 2);
  }

  /* 503 with an HTTP-date, about two seconds ahead. The date is made now, not when the test
   * began: on a loaded machine the wait above can take most of those two seconds. */
  {
    g_autoptr(RigFetchResponse) response = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) soon = g_date_time_add_seconds (now, 2);
    g_autofree char *date = http_date (soon);

    rig_test_http_route (server, "/busy-date", &(RigTestHttpRoute) {
      .body = "ok", .throttle_first = 1, .throttle_status = 503, .retry_after = date,
    });
    start = g_get_monotonic_time ();
    response = fetch_path (server, "/busy-date", &options, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (response->attempts, ==, 2);
    g_assert_cmpfloat (seconds_since (start), >=, 0.9);
  }

  /* A wait longer than max_delay_ms fails at once. */
  {
    g_autoptr(RigFetchResponse) response = NULL;
    g_autoptr(GError) error = NULL;

    options.max_delay_ms = 500;
    start = g_get_monotonic_time ();
    response = fetch_path (server, "/busy-long", &options, &error);
    g_assert_error (error, RIG_NET_ERROR, RIG_NET_ERROR_TOO_MANY_REQUESTS);
    g_assert_null (response);
    g_assert_nonnull (strstr (error->message, "HTTP 429"));
    g_assert_nonnull (strstr (error->message, "wait 1 s"));
    g_assert_cmpfloat (seconds_since (start), <, 0.5);
    g_assert_cmpuint (rig_test_http_requests (server, "/busy-long"), ==, 1);
  }
}

static void
test_server_error (void)
{
  g_autoptr(RigTestHttp) server = rig_test_http_new ();
  g_autoptr(RigFetchResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  RigFetchOptions options;

  quick_options (&options);
  options.max_attempts = 3;
  rig_test_http_route (server, "/broken", &(RigTestHttpRoute) { .status = 500, .body = "oops" });

  response = fetch_path (server, "/broken", &options, &error);
  g_assert_error (error, RIG_NET_ERROR, RIG_NET_ERROR_HTTP);
  g_assert_null (response);
  expected = g_strdup_printf ("%s/broken: HTTP 500 after 3 attempts",
                              rig_test_http_base_url (server));
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpuint (rig_test_http_requests (server, "/broken"), ==, 3);
}

static void
test_client_error (void)
{
  g_autoptr(RigTestHttp) server = rig_test_http_new ();
  RigFetchOptions options;

  quick_options (&options);
  rig_test_http_route (server, "/forbidden", &(RigTestHttpRoute) { .status = 403 });

  {
    g_autoptr(RigFetchResponse) response = NULL;
    g_autoptr(GError) error = NULL;

    response = fetch_path (server, "/missing", &options, &error);
    g_assert_error (error, RIG_NET_ERROR, RIG_NET_ERROR_HTTP);
    g_assert_null (response);
    g_assert_nonnull (strstr (error->message, "/missing: HTTP 404"));
    g_assert_null (strstr (error->message, "attempts"));
    g_assert_cmpuint (rig_test_http_requests (server, "/missing"), ==, 1);
  }
  {
    g_autoptr(RigFetchResponse) response = NULL;
    g_autoptr(GError) error = NULL;

    response = fetch_path (server, "/forbidden", &options, &error);
    g_assert_error (error, RIG_NET_ERROR, RIG_NET_ERROR_HTTP);
    g_assert_nonnull (strstr (error->message, "HTTP 403; check the source's API key"));
    g_assert_cmpuint (rig_test_http_requests (server, "/forbidden"), ==, 1);
  }
}

static void
test_timeout (void)
{
  g_autoptr(RigTestHttp) server = rig_test_http_new ();
  g_autoptr(RigFetchResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  RigFetchOptions options;
  gint64 start;

  quick_options (&options);
  options.timeout_s = 1;
  rig_test_http_route (server, "/slow", &(RigTestHttpRoute) { .body = "late", .delay_ms = 3000 });

  start = g_get_monotonic_time ();
  response = fetch_path (server, "/slow", &options, &error);
  g_assert_error (error, RIG_NET_ERROR, RIG_NET_ERROR_TIMEOUT);
  g_assert_null (response);
  g_assert_nonnull (strstr (error->message, "within 1 s"));
  g_assert_cmpfloat (seconds_since (start), >=, 0.9);
  g_assert_cmpfloat (seconds_since (start), <, 2.5);
  /* Not retried: the timeout is the caller's patience. */
  g_assert_cmpuint (rig_test_http_requests (server, "/slow"), ==, 1);
}

static void
test_truncated (void)
{
  g_autoptr(RigTestHttp) server = rig_test_http_new ();
  g_autoptr(RigFetchResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  RigFetchOptions options;

  quick_options (&options);
  options.max_attempts = 2;
  rig_test_http_route (server, "/short", &(RigTestHttpRoute) {
    .body = "0123456789012345678901234567890123456789",
    .announce_length = 100,
  });

  response = fetch_path (server, "/short", &options, &error);
  g_assert_error (error, RIG_NET_ERROR, RIG_NET_ERROR_TRUNCATED);
  g_assert_null (response);
  g_assert_nonnull (strstr (error->message, "after 2 attempts"));
  g_assert_cmpuint (rig_test_http_requests (server, "/short"), ==, 2);
}

static void
test_too_large (void)
{
  g_autoptr(RigTestHttp) server = rig_test_http_new ();
  g_autofree char *big = g_malloc (32 * MIB);
  RigFetchOptions options;

  memset (big, 'x', 32 * MIB);
  quick_options (&options);
  options.max_bytes = 1 * MIB;
  rig_test_http_route (server, "/big", &(RigTestHttpRoute) { .body = big, .body_length = 2 * MIB });
  rig_test_http_route (server, "/stream", &(RigTestHttpRoute) {
    .body = big, .body_length = 32 * MIB, .no_length = TRUE,
  });
  rig_test_http_route (server, "/fits", &(RigTestHttpRoute) {
    .body = big, .body_length = 1 * MIB, .no_length = TRUE,
  });

  /* Announced by Content-Length. */
  {
    g_autoptr(RigFetchResponse) response = NULL;
    g_autoptr(GError) error = NULL;

    response = fetch_path (server, "/big", &options, &error);
    g_assert_error (error, RIG_NET_ERROR, RIG_NET_ERROR_TOO_LARGE);
    g_assert_null (response);
    /* g_format_size () puts a no-break space before the unit. */
    g_assert_nonnull (strstr (error->message, "larger than 1.0"));
    g_assert_nonnull (strstr (error->message, "MiB"));
    g_assert_cmpuint (rig_test_http_requests (server, "/big"), ==, 1);
  }

  /* Found while receiving: the transfer stops long before the 32 MiB are sent. */
  {
    g_autoptr(RigFetchResponse) response = NULL;
    g_autoptr(GError) error = NULL;

    response = fetch_path (server, "/stream", &options, &error);
    g_assert_error (error, RIG_NET_ERROR, RIG_NET_ERROR_TOO_LARGE);
    g_assert_null (response);
    g_assert_cmpuint (rig_test_http_requests (server, "/stream"), ==, 1);
    g_assert_cmpuint (rig_test_http_bytes_sent (server, "/stream"), <, 32 * MIB);
  }

  /* Exactly the limit is allowed. */
  {
    g_autoptr(RigFetchResponse) response = NULL;
    g_autoptr(GError) error = NULL;

    response = fetch_path (server, "/fits", &options, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (response->body), ==, 1 * MIB);
  }
}

static void
test_redirect (void)
{
  g_autoptr(RigTestHttp) server = rig_test_http_new ();
  g_autofree char *away = g_strdup_printf ("http://localhost:%s/landing",
                                           strrchr (rig_test_http_base_url (server), ':') + 1);
  char *extra[] = { "X-Api-Key: k-123", NULL };
  RigFetchOptions options;

  quick_options (&options);
  rig_test_http_route (server, "/to-ftp", &(RigTestHttpRoute) { .location = "ftp://127.0.0.1/x" });
  rig_test_http_route (server, "/to-file", &(RigTestHttpRoute) {
    .status = 301, .location = "file:///etc/passwd",
  });
  rig_test_http_route (server, "/loop", &(RigTestHttpRoute) { .location = "/loop" });
  rig_test_http_route (server, "/hop", &(RigTestHttpRoute) { .status = 307, .location = "/feed" });
  rig_test_http_route (server, "/feed", &(RigTestHttpRoute) { .body = "here" });
  rig_test_http_route (server, "/away", &(RigTestHttpRoute) { .location = away });
  rig_test_http_route (server, "/landing", &(RigTestHttpRoute) { .body = "there" });

  for (guint i = 0; i < 2; i++)
    {
      const char *path = i == 0 ? "/to-ftp" : "/to-file";
      g_autoptr(RigFetchResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      response = fetch_path (server, path, &options, &error);
      g_assert_error (error, RIG_NET_ERROR, RIG_NET_ERROR_REDIRECT);
      g_assert_null (response);
      g_assert_nonnull (strstr (error->message,
                                i == 0 ? "ftp://127.0.0.1/x" : "file:///etc/passwd"));
      g_assert_cmpuint (rig_test_http_requests (server, path), ==, 1);
    }

  {
    g_autoptr(RigFetchResponse) response = NULL;
    g_autoptr(GError) error = NULL;

    response = fetch_path (server, "/loop", &options, &error);
    g_assert_error (error, RIG_NET_ERROR, RIG_NET_ERROR_REDIRECT);
    g_assert_nonnull (strstr (error->message, "more than 5 redirects"));
    /* The request and five redirects. */
    g_assert_cmpuint (rig_test_http_requests (server, "/loop"), ==, 6);
  }

  /* Within the origin the extra headers follow … */
  {
    g_autofree char *url = rig_test_http_url (server, "/hop");
    RigFetchRequest request = { .url = url, .headers = extra };
    g_autoptr(RigFetchResponse) response = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *key = NULL;

    response = rig_fetch_sync (&request, &options, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body),
                     "here", 4);
    key = rig_test_http_last_header (server, "/feed", "X-Api-Key");
    g_assert_cmpstr (key, ==, "k-123");
  }

  /* … to another host they do not, nor do the credentials of the first address. */
  {
    g_autofree char *url = g_strdup_printf ("http://user:secret@127.0.0.1:%s/away",
                                            strrchr (rig_test_http_base_url (server), ':') + 1);
    RigFetchRequest request = { .url = url, .headers = extra };
    g_autoptr(RigFetchResponse) response = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *key = NULL;
    g_autofree char *auth = NULL;
    g_autofree char *first_auth = NULL;

    response = rig_fetch_sync (&request, &options, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body),
                     "there", 5);
    g_assert_cmpuint (rig_test_http_requests (server, "/landing"), ==, 1);
    first_auth = rig_test_http_last_header (server, "/away", "Authorization");
    g_assert_nonnull (first_auth);
    key = rig_test_http_last_header (server, "/landing", "X-Api-Key");
    g_assert_null (key);
    auth = rig_test_http_last_header (server, "/landing", "Authorization");
    g_assert_null (auth);
  }
}

static void
assert_no_secret (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, "secret"));
  g_assert_null (strstr (error->message, "SECRET"));
  g_assert_null (strstr (error->message, "user"));
  g_assert_null (strstr (error->message, "key="));
}

static void
test_redacted (void)
{
  g_autoptr(RigTestHttp) server = rig_test_http_new ();
  const char *port = strrchr (rig_test_http_base_url (server), ':') + 1;
  RigFetchOptions options;
  guint debug_before = debug_messages;

  quick_options (&options);
  options.max_attempts = 2;
  rig_test_http_route (server, "/private", &(RigTestHttpRoute) { .status = 500 });

  /* An HTTP error … */
  {
    g_autofree char *url = g_strdup_printf ("http://user:secret@127.0.0.1:%s/private?key=SECRET",
                                            port);
    RigFetchRequest request = { .url = url };
    g_autoptr(RigFetchResponse) response = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *expected = g_strdup_printf ("http://127.0.0.1:%s/private: HTTP 500", port);

    response = rig_fetch_sync (&request, &options, NULL, &error);
    g_assert_error (error, RIG_NET_ERROR, RIG_NET_ERROR_HTTP);
    assert_no_secret (error);
    g_assert_true (g_str_has_prefix (error->message, expected));
    g_assert_cmpuint (rig_test_http_requests (server, "/private"), ==, 2);
  }

  /* … and a connection that is refused (nothing listens on port 1). */
  {
    RigFetchRequest request = { .url = "https://user:secret@127.0.0.1:1/x?key=SECRET" };
    g_autoptr(RigFetchResponse) response = NULL;
    g_autoptr(GError) error = NULL;

    response = rig_fetch_sync (&request, &options, NULL, &error);
    g_assert_error (error, RIG_NET_ERROR, RIG_NET_ERROR_TRANSPORT);
    assert_no_secret (error);
    g_assert_true (g_str_has_prefix (error->message, "https://127.0.0.1:1/x: "));
  }

  /* The retries were logged, without the secrets. */
  g_assert_cmpuint (debug_messages, >, debug_before);
  g_assert_false (secret_logged);
}

static void
test_bad_request (void)
{
  g_autoptr(RigTestHttp) server = rig_test_http_new ();
  g_autofree char *ftp = g_strdup_printf ("ftp://127.0.0.1:%s/x",
                                          strrchr (rig_test_http_base_url (server), ':') + 1);
  g_autofree char *good = rig_test_http_url (server, "/feed");
  const char *urls[] = { "file:///etc/passwd", ftp, "not an address", "", "http:///feed" };
  char *smuggled[] = { "X-Api-Key: secret\r\nX-Other: 1", NULL };
  char *nameless[] = { "no colon here", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      RigFetchRequest request = { .url = (char *) urls[i] };
      g_autoptr(RigFetchResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      response = rig_fetch_sync (&request, NULL, NULL, &error);
      g_assert_error (error, RIG_NET_ERROR, RIG_NET_ERROR_BAD_URL);
      g_assert_null (response);
    }

  for (guint i = 0; i < 2; i++)
    {
      RigFetchRequest request = { .url = good, .headers = i == 0 ? smuggled : nameless };
      g_autoptr(RigFetchResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      response = rig_fetch_sync (&request, NULL, NULL, &error);
      g_assert_error (error, RIG_NET_ERROR, RIG_NET_ERROR_BAD_HEADER);
      g_assert_null (strstr (error->message, "secret"));
    }

  g_assert_cmpuint (rig_test_http_requests (server, NULL), ==, 0);
}

typedef struct
{
  RigFetchRequest        request;
  RigFetchOptions        options;
  GCancellable          *cancellable;
  RigFetchResponse      *response;
  GError                *error;
} SyncCall;

static gpointer
sync_call_thread (gpointer data)
{
  SyncCall *call = data;

  call->response = rig_fetch_sync (&call->request, &call->options, call->cancellable,
                                   &call->error);
  return NULL;
}

/* Cancels @path's fetch after @after_ms; returns how long the fetch took to end after that. */
static double
fetch_and_cancel (RigTestHttp           *server,
                  const char            *path,
                  const RigFetchOptions *options,
                  guint                  after_ms)
{
  g_autofree char *url = rig_test_http_url (server, path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SyncCall call = { .request = { .url = url }, .options = *options, .cancellable = cancellable };
  GThread *thread = g_thread_new ("fetch", sync_call_thread, &call);
  gint64 cancelled_at;

  g_usleep (after_ms * 1000);
  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);

  g_assert_error (call.error, RIG_NET_ERROR, RIG_NET_ERROR_CANCELLED);
  g_assert_null (call.response);
  g_clear_error (&call.error);
  return seconds_since (cancelled_at);
}

static void
test_cancel (void)
{
  g_autoptr(RigTestHttp) server = rig_test_http_new ();
  RigFetchOptions options;

  quick_options (&options);
  rig_test_http_route (server, "/hang", &(RigTestHttpRoute) { .body = "late", .delay_ms = 5000 });
  rig_test_http_route (server, "/broken", &(RigTestHttpRoute) { .status = 500 });

  /* While waiting for the answer. */
  g_assert_cmpfloat (fetch_and_cancel (server, "/hang", &options, 200), <, 0.5);
  g_assert_cmpuint (rig_test_http_requests (server, "/hang"), ==, 1);

  /* While waiting between attempts: the first backoff is at least 2 s. */
  options.base_delay_ms = 4000;
  options.max_delay_ms = 10000;
  g_assert_cmpfloat (fetch_and_cancel (server, "/broken", &options, 300), <, 0.5);
  g_assert_cmpuint (rig_test_http_requests (server, "/broken"), ==, 1);

  /* Cancelled before it starts: no request at all. */
  {
    g_autofree char *url = rig_test_http_url (server, "/hang");
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    RigFetchRequest request = { .url = url };
    g_autoptr(RigFetchResponse) response = NULL;
    g_autoptr(GError) error = NULL;

    g_cancellable_cancel (cancellable);
    response = rig_fetch_sync (&request, &options, cancellable, &error);
    g_assert_error (error, RIG_NET_ERROR, RIG_NET_ERROR_CANCELLED);
    g_assert_cmpuint (rig_test_http_requests (server, "/hang"), ==, 1);
  }
}

typedef struct
{
  GMainContext *context;
  guint         calls;
  guint         last_done;
  guint         total;
  gboolean      off_context;
  GPtrArray    *results;
  GError       *error;
  gboolean      finished;
  guint         calls_at_finish;
  guint         workers_at_finish;
} Many;

/* This process's threads that GLib named @name (Linux lists them under /proc/self/task). */
static guint
count_threads (const char *name)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL) && g_strcmp0 (g_strchomp (comm), name) == 0)
        n++;
    }
  return n;
}

static void
many_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  Many *many = user_data;

  if (!g_main_context_is_owner (many->context) ||
      g_main_context_get_thread_default () != many->context)
    many->off_context = TRUE;
  g_assert_cmpuint (done, ==, many->last_done + 1);
  many->last_done = done;
  many->total = total;
  many->calls++;
}

static void
many_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Many *many = user_data;

  many->results = rig_fetch_many_finish (result, &many->error);
  many->calls_at_finish = many->calls;
  many->workers_at_finish = count_threads ("rig-fetch");
  many->finished = TRUE;
}

static void
run_many (Many                   *many,
          RigFetchRequest * const *requests,
          guint                   n,
          const RigFetchOptions  *options,
          GCancellable           *cancellable)
{
  g_main_context_push_thread_default (many->context);
  rig_fetch_many_async (requests, n, options, cancellable, many_progress, many, many_done, many);
  while (!many->finished)
    g_main_context_iteration (many->context, TRUE);
  g_main_context_pop_thread_default (many->context);
}

static void
test_many (void)
{
  g_autoptr(RigTestHttp) server = rig_test_http_new ();
  g_autoptr(GPtrArray) requests =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rig_fetch_request_free);
  g_autoptr(GMainContext) context = g_main_context_new ();
  Many many = { .context = context };
  RigFetchOptions options;

  quick_options (&options);
  options.max_parallel = 4;
  rig_test_http_route (server, "/item", &(RigTestHttpRoute) { .echo = TRUE, .delay_ms = 20 });
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *path = g_strdup_printf ("/item?i=%u", i);

      g_ptr_array_add (requests, rig_fetch_request_new (NULL));
      ((RigFetchRequest *) requests->pdata[i])->url = rig_test_http_url (server, path);
    }

  run_many (&many, (RigFetchRequest **) requests->pdata, requests->len, &options, NULL);
  g_ptr_array_set_size (requests, 0);  /* copied: the fetch does not need them */

  g_assert_no_error (many.error);
  g_assert_nonnull (many.results);
  g_assert_cmpuint (many.results->len, ==, 50);
  for (guint i = 0; i < 50; i++)
    {
      RigFetchResult *result = g_ptr_array_index (many.results, i);
      g_autofree char *expected = g_strdup_printf ("/item?i=%u", i);

      g_assert_no_error (result->error);
      g_assert_cmpmem (g_bytes_get_data (result->response->body, NULL),
                       g_bytes_get_size (result->response->body), expected, strlen (expected));
    }
  g_assert_cmpuint (many.calls, ==, 50);
  g_assert_cmpuint (many.calls_at_finish, ==, 50);
  /* The workers have ended by the time the result comes: a program may exit on it. */
  g_assert_cmpuint (many.workers_at_finish, ==, 0);
  g_assert_cmpuint (many.total, ==, 50);
  g_assert_false (many.off_context);
  g_assert_cmpuint (rig_test_http_requests (server, "/item"), ==, 50);
  g_assert_cmpuint (rig_test_http_max_concurrent (server), <=, 4);
  g_assert_cmpuint (rig_test_http_max_concurrent (server), >=, 2);
  g_ptr_array_unref (many.results);
}

static void
test_many_mixed (void)
{
  g_autoptr(RigTestHttp) server = rig_test_http_new ();
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(RigFetchRequest) ok = NULL;
  g_autoptr(RigFetchRequest) missing = NULL;
  g_autoptr(RigFetchRequest) bad = rig_fetch_request_new ("file:///etc/passwd");
  Many many = { .context = context };
  RigFetchOptions options;

  quick_options (&options);
  options.max_parallel = 2;
  rig_test_http_route (server, "/ok", &(RigTestHttpRoute) { .body = "ok" });
  ok = rig_fetch_request_new (NULL);
  ok->url = rig_test_http_url (server, "/ok");
  missing = rig_fetch_request_new (NULL);
  missing->url = rig_test_http_url (server, "/missing");

  {
    RigFetchRequest *requests[] = { ok, missing, bad, ok, missing };

    run_many (&many, requests, G_N_ELEMENTS (requests), &options, NULL);
  }

  g_assert_no_error (many.error);
  g_assert_cmpuint (many.results->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      RigFetchResult *result = g_ptr_array_index (many.results, i);

      if (i == 0 || i == 3)
        {
          g_assert_no_error (result->error);
          g_assert_cmpint (result->response->status, ==, 200);
        }
      else
        {
          int code = i == 2 ? RIG_NET_ERROR_BAD_URL : RIG_NET_ERROR_HTTP;

          g_assert_error (result->error, RIG_NET_ERROR, code);
          g_assert_null (result->response);
        }
    }
  g_assert_cmpuint (many.calls, ==, 5);
  g_ptr_array_unref (many.results);

  /* Nothing to fetch: an empty array, no progress. */
  {
    Many none = { .context = context };

    run_many (&none, NULL, 0, &options, NULL);
    g_assert_no_error (none.error);
    g_assert_cmpuint (none.results->len, ==, 0);
    g_assert_cmpuint (none.calls, ==, 0);
    g_ptr_array_unref (none.results);
  }
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_many_cancel (void)
{
  g_autoptr(RigTestHttp) server = rig_test_http_new ();
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RigFetchRequest) hang = rig_fetch_request_new (NULL);
  g_autoptr(GSource) timeout = g_timeout_source_new (200);
  RigFetchRequest *requests[20];
  Many many = { .context = context };
  RigFetchOptions options;
  gint64 start;

  quick_options (&options);
  rig_test_http_route (server, "/hang", &(RigTestHttpRoute) { .body = "late", .delay_ms = 5000 });
  hang->url = rig_test_http_url (server, "/hang");
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    requests[i] = hang;

  g_source_set_callback (timeout, cancel_soon, cancellable, NULL);
  g_source_attach (timeout, context);
  start = g_get_monotonic_time ();
  run_many (&many, requests, G_N_ELEMENTS (requests), &options, cancellable);

  g_assert_error (many.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (many.results);
  g_assert_cmpuint (many.calls, ==, 20);
  g_assert_cmpfloat (seconds_since (start), <, 1.5);
  g_assert_cmpuint (rig_test_http_requests (server, "/hang"), <=, 4);
  g_clear_error (&many.error);
}

int
main (int   argc,
      char *argv[])
{
  /* The server is on 127.0.0.1; a proxy from the environment must not get in the way. */
  g_setenv ("no_proxy", "*", TRUE);
  g_setenv ("NO_PROXY", "*", TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);

  g_test_init (&argc, &argv, NULL);
  test_log_handler = g_log_set_default_handler (log_handler, NULL);
  g_test_add_func ("/fetch/ok", test_ok);
  g_test_add_func ("/fetch/conditional", test_conditional);
  g_test_add_func ("/fetch/retry-after", test_retry_after);
  g_test_add_func ("/fetch/server-error", test_server_error);
  g_test_add_func ("/fetch/client-error", test_client_error);
  g_test_add_func ("/fetch/timeout", test_timeout);
  g_test_add_func ("/fetch/truncated", test_truncated);
  g_test_add_func ("/fetch/too-large", test_too_large);
  g_test_add_func ("/fetch/redirect", test_redirect);
  g_test_add_func ("/fetch/redacted", test_redacted);
  g_test_add_func ("/fetch/bad-request", test_bad_request);
  g_test_add_func ("/fetch/cancel", test_cancel);
  g_test_add_func ("/fetch/many", test_many);
  g_test_add_func ("/fetch/many-mixed", test_many_mixed);
  g_test_add_func ("/fetch/many-cancel", test_many_cancel);
  return g_test_run ();
}
