/* rig-fetch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "rig-fetch.h"
#include "rig-module.h"

/* RFC 2068 §10.3 recommended at most five; RFC 9110 §15.4 notes that clients still keep to it. */
#define MAX_REDIRECTS 5
#define USER_AGENT "Rigplan/" PACKAGE_VERSION

/* libcurl, opened when the first fetch starts rather than linked: refreshing prices is
 * something a user opts into, and libcurl with the TLS, Kerberos and LDAP libraries it brings
 * took about 12 ms of every start of the window, a fifth of its start-up budget. */
static struct
{
  CURLcode            (*global_init) (long flags);
  CURL               *(*easy_init) (void);
  void                (*easy_cleanup) (CURL *easy);
  CURLcode            (*easy_setopt) (CURL *easy, CURLoption option, ...);
  CURLcode            (*easy_getinfo) (CURL *easy, CURLINFO info, ...);
  const char         *(*easy_strerror) (CURLcode code);
  CURLHcode           (*easy_header) (CURL *easy, const char *name, size_t index, unsigned int origin,
                                      int request, struct curl_header **header);
  struct curl_slist  *(*slist_append) (struct curl_slist *list, const char *text);
  void                (*slist_free_all) (struct curl_slist *list);
  CURLM              *(*multi_init) (void);
  CURLMcode           (*multi_cleanup) (CURLM *multi);
  CURLMcode           (*multi_add_handle) (CURLM *multi, CURL *easy);
  CURLMcode           (*multi_remove_handle) (CURLM *multi, CURL *easy);
  CURLMcode           (*multi_perform) (CURLM *multi, int *running);
  CURLMcode           (*multi_poll) (CURLM *multi, struct curl_waitfd extra_fds[], unsigned int n_extra,
                                     int timeout_ms, int *n_fds);
  CURLMcode           (*multi_wakeup) (CURLM *multi);
  CURLMsg            *(*multi_info_read) (CURLM *multi, int *queued);
} libcurl;

static void
easy_cleanup (CURL *easy)
{
  libcurl.easy_cleanup (easy);
}

static void
multi_cleanup (CURLM *multi)
{
  libcurl.multi_cleanup (multi);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CURL, easy_cleanup)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CURLM, multi_cleanup)

typedef enum
{
  ATTEMPT_DONE,   /* an answer to hand back: 2xx or 304 */
  ATTEMPT_RETRY,  /* worth another try; the error says what went wrong this time */
  ATTEMPT_FAIL,   /* final */
} Verdict;

typedef struct
{
  const RigFetchRequest *request;
  const RigFetchOptions *options;
  GCancellable          *cancellable;
  const char            *shown;       /* the redacted address, the only one messages name */
  CURLM                 *multi;
  CURL                  *easy;
  GByteArray            *body;
  gboolean               too_large;
} Fetch;

void
rig_fetch_options_init (RigFetchOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (RigFetchOptions) {
    .timeout_s = 20,
    .connect_timeout_s = 10,
    .max_bytes = 8 * 1024 * 1024,
    .max_attempts = 4,
    .base_delay_ms = 500,
    .max_delay_ms = 30000,
    .max_parallel = 4,
  };
}

RigFetchRequest *
rig_fetch_request_new (const char *url)
{
  RigFetchRequest *request = g_new0 (RigFetchRequest, 1);

  request->url = g_strdup (url);
  return request;
}

RigFetchRequest *
rig_fetch_request_copy (const RigFetchRequest *request)
{
  RigFetchRequest *copy;

  g_return_val_if_fail (request != NULL, NULL);

  copy = rig_fetch_request_new (request->url);
  copy->etag = g_strdup (request->etag);
  copy->last_modified = g_strdup (request->last_modified);
  copy->headers = g_strdupv (request->headers);
  return copy;
}

void
rig_fetch_request_free (RigFetchRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->url);
  g_free (request->etag);
  g_free (request->last_modified);
  g_strfreev (request->headers);
  g_free (request);
}

void
rig_fetch_response_free (RigFetchResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response->etag);
  g_free (response->last_modified);
  g_free (response->content_type);
  g_free (response);
}

void
rig_fetch_result_free (RigFetchResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->response, rig_fetch_response_free);
  g_clear_error (&result->error);
  g_free (result);
}

static const RigModuleSymbol libcurl_symbols[] = {
#define SYMBOL(name, field) { name, G_STRUCT_OFFSET (__typeof__ (libcurl), field) }
  SYMBOL ("curl_global_init", global_init),
  SYMBOL ("curl_easy_init", easy_init),
  SYMBOL ("curl_easy_cleanup", easy_cleanup),
  SYMBOL ("curl_easy_setopt", easy_setopt),
  SYMBOL ("curl_easy_getinfo", easy_getinfo),
  SYMBOL ("curl_easy_strerror", easy_strerror),
  SYMBOL ("curl_easy_header", easy_header),
  SYMBOL ("curl_slist_append", slist_append),
  SYMBOL ("curl_slist_free_all", slist_free_all),
  SYMBOL ("curl_multi_init", multi_init),
  SYMBOL ("curl_multi_cleanup", multi_cleanup),
  SYMBOL ("curl_multi_add_handle", multi_add_handle),
  SYMBOL ("curl_multi_remove_handle", multi_remove_handle),
  SYMBOL ("curl_multi_perform", multi_perform),
  SYMBOL ("curl_multi_poll", multi_poll),
  SYMBOL ("curl_multi_wakeup", multi_wakeup),
  SYMBOL ("curl_multi_info_read", multi_info_read),
#undef SYMBOL
};

static void
libcurl_opened (void)
{
  libcurl.global_init (CURL_GLOBAL_DEFAULT);
}

/* Opens libcurl once per process; NULL when it opened, else why not. */
static const char *
libcurl_open (void)
{
  static RigModuleOnce once;

  return rig_module_open_once (&once, RIG_LIBCURL_NAME, libcurl_symbols, G_N_ELEMENTS (libcurl_symbols),
                               &libcurl, libcurl_opened);
}

/* Every error starts with the address it is about, "ADDRESS: ", which the price refresh leaves
 * out when it shows the message under the source's name and address. */

static void
set_cancelled (GError    **error,
               const char *shown)
{
  /* Translators: %s is a web address */
  g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_CANCELLED, _("%s: cancelled"), shown);
}

/* "500 ms", "30 s" */
static char *
format_ms (guint64 ms)
{
  if (ms % 1000 == 0)
    /* Translators: a time in seconds */
    return g_strdup_printf (_("%llu s"), (unsigned long long) (ms / 1000));
  /* Translators: a time in milliseconds */
  return g_strdup_printf (_("%llu ms"), (unsigned long long) ms);
}

static gboolean
has_line_break (const char *text)
{
  return text != NULL && strpbrk (text, "\r\n") != NULL;
}

/* A value with a line break would smuggle in a header of its own. The message never shows the
 * value: extra headers carry API keys. */
static gboolean
check_request_headers (const RigFetchRequest *request,
                       const char            *shown,
                       GError               **error)
{
  if (has_line_break (request->etag) || has_line_break (request->last_modified))
    {
      g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_BAD_HEADER,
                   /* Translators: %s is a web address; ETag and Last-Modified are the names of
                    * HTTP headers */
                   _("%s: the saved ETag or Last-Modified has a line break in it; refresh the "
                     "feed without them"), shown);
      return FALSE;
    }
  for (guint i = 0; request->headers != NULL && request->headers[i] != NULL; i++)
    {
      const char *line = request->headers[i];

      if (has_line_break (line) || strchr (line, ':') == NULL || line[0] == ':')
        {
          g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_BAD_HEADER,
                       /* Translators: %s is a web address, %u which of the source's extra
                        * HTTP headers (1 for the first); “Name: value” shows the form of a
                        * header line */
                       _("%s: extra header %u is not a single “Name: value” line; check the "
                         "source's settings"), shown, i + 1);
          return FALSE;
        }
    }
  return TRUE;
}

static int
uri_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port != -1)
    return port;
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

static gboolean
same_origin (const char *a,
             const char *b)
{
  g_autoptr(GUri) ua = g_uri_parse (a, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) ub = g_uri_parse (b, G_URI_FLAGS_NONE, NULL);

  return ua != NULL && ub != NULL &&
         g_ascii_strcasecmp (g_uri_get_scheme (ua), g_uri_get_scheme (ub)) == 0 &&
         g_uri_get_host (ua) != NULL && g_uri_get_host (ub) != NULL &&
         g_ascii_strcasecmp (g_uri_get_host (ua), g_uri_get_host (ub)) == 0 &&
         uri_port (ua) == uri_port (ub);
}

static struct curl_slist *
build_headers (const RigFetchRequest *request,
               gboolean               with_extra)
{
  struct curl_slist *list = NULL;

  if (request->etag != NULL)
    {
      g_autofree char *line = g_strdup_printf ("If-None-Match: %s", request->etag);
      list = libcurl.slist_append (list, line);
    }
  if (request->last_modified != NULL)
    {
      g_autofree char *line = g_strdup_printf ("If-Modified-Since: %s", request->last_modified);
      list = libcurl.slist_append (list, line);
    }
  for (guint i = 0; with_extra && request->headers != NULL && request->headers[i] != NULL; i++)
    list = libcurl.slist_append (list, request->headers[i]);
  return list;
}

static char *
dup_header (CURL       *easy,
            const char *name)
{
  struct curl_header *header = NULL;

  /* -1: the last request of the transfer */
  if (libcurl.easy_header (easy, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK)
    return NULL;
  return g_strdup (header->value);
}

static size_t
on_write (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  Fetch *fetch = user_data;
  size_t length = size * nmemb;
  long status = 0;

  /* Error pages and redirect bodies are not kept, nor counted against the limit. */
  libcurl.easy_getinfo (fetch->easy, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status >= 300)
    return length;

  /* Checked as the bytes arrive: a missing or lying Content-Length, or a compressed body that
   * inflates, must not fill the memory. Returning less than @length aborts the transfer. */
  if (length > fetch->options->max_bytes - fetch->body->len)
    {
      fetch->too_large = TRUE;
      return 0;
    }
  g_byte_array_append (fetch->body, (const guint8 *) data, (guint) length);
  return length;
}

static int
on_progress (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  Fetch *fetch = user_data;

  return g_cancellable_is_cancelled (fetch->cancellable) ? 1 : 0;
}

/* Runs from whichever thread cancels; libcurl.multi_wakeup () is safe from any thread and ends the
 * libcurl.multi_poll () of a transfer or of a backoff wait. */
static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  libcurl.multi_wakeup (user_data);
}

/* curl_easy_perform () over the multi handle, so that a cancel wakes it at once instead of at
 * the next progress callback. */
static CURLcode
fetch_perform (Fetch *fetch)
{
  CURLcode code = CURLE_FAILED_INIT;
  CURLMsg *message;
  int running = 1;
  int queued;

  if (libcurl.multi_add_handle (fetch->multi, fetch->easy) != CURLM_OK)
    return CURLE_FAILED_INIT;

  while (running > 0)
    {
      if (libcurl.multi_perform (fetch->multi, &running) != CURLM_OK)
        break;
      if (running == 0)
        break;
      if (g_cancellable_is_cancelled (fetch->cancellable))
        {
          code = CURLE_ABORTED_BY_CALLBACK;
          break;
        }
      if (libcurl.multi_poll (fetch->multi, NULL, 0, 1000, NULL) != CURLM_OK)
        break;
    }

  while ((message = libcurl.multi_info_read (fetch->multi, &queued)) != NULL)
    if (message->msg == CURLMSG_DONE && message->easy_handle == fetch->easy)
      code = message->data.result;

  libcurl.multi_remove_handle (fetch->multi, fetch->easy);
  return code;
}

/* Waits @ms, or less when cancelled; FALSE when cancelled. */
static gboolean
fetch_sleep (Fetch *fetch,
             guint  ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!g_cancellable_is_cancelled (fetch->cancellable))
    {
      gint64 left_us = deadline - g_get_monotonic_time ();

      if (left_us <= 0)
        return TRUE;
      /* With nothing to watch, libcurl.multi_poll () waits the whole timeout or until woken. */
      if (libcurl.multi_poll (fetch->multi, NULL, 0, (int) MIN ((left_us + 999) / 1000, 1000),
                           NULL) != CURLM_OK)
        g_usleep (MIN (left_us, 10000));
    }
  return FALSE;
}

/* Exponential backoff with "equal jitter": half of the delay fixed, half random, so that
 * clients that failed together do not come back together. */
static guint
backoff_delay (const RigFetchOptions *options,
               guint                  attempt)
{
  guint64 delay = (guint64) options->base_delay_ms << MIN (attempt - 1, 20u);

  delay = MIN (delay, (guint64) options->max_delay_ms);
  return (guint) (delay / 2 + (guint64) (g_random_double () * (double) (delay - delay / 2)));
}

static Verdict
transport_verdict (Fetch    *fetch,
                   CURLcode  code,
                   GError  **error)
{
  const RigFetchOptions *options = fetch->options;
  const char *shown = fetch->shown;

  switch (code)
    {
    case CURLE_ABORTED_BY_CALLBACK:
      set_cancelled (error, shown);
      return ATTEMPT_FAIL;

    case CURLE_OPERATION_TIMEDOUT:
      {
        curl_off_t connect_us = 0;

        /* Not retried: the timeout is how long the caller is willing to wait. */
        libcurl.easy_getinfo (fetch->easy, CURLINFO_CONNECT_TIME_T, &connect_us);
        if (connect_us == 0 && options->connect_timeout_s > 0 &&
            (options->timeout_s == 0 || options->connect_timeout_s < options->timeout_s))
          g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_TIMEOUT,
                       /* Translators: %s is a web address, %u a time in seconds */
                       _("%s: could not connect within %u s"), shown, options->connect_timeout_s);
        else
          g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_TIMEOUT,
                       /* Translators: %s is a web address, %u a time in seconds */
                       _("%s: no complete answer within %u s"), shown, options->timeout_s);
        return ATTEMPT_FAIL;
      }

    case CURLE_FILESIZE_EXCEEDED:
    case CURLE_WRITE_ERROR:
      if (code == CURLE_FILESIZE_EXCEEDED || fetch->too_large)
        {
          g_autofree char *limit = g_format_size_full (options->max_bytes,
                                                       G_FORMAT_SIZE_IEC_UNITS);
          g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_TOO_LARGE,
                       /* Translators: the first %s is a web address, the second a size, such
                        * as “32.0 MiB” */
                       _("%s: the answer is larger than %s, the most a price feed may send"),
                       shown, limit);
          return ATTEMPT_FAIL;
        }
      break;

    case CURLE_PARTIAL_FILE:
      g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_TRUNCATED,
                   /* Translators: %s is a web address */
                   _("%s: the connection closed before the whole answer arrived"), shown);
      return ATTEMPT_RETRY;

    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_TRANSPORT, "%s: %s", shown,
                   libcurl.easy_strerror (code));
      return ATTEMPT_RETRY;

    case CURLE_COULDNT_RESOLVE_HOST:
      g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_TRANSPORT,
                   /* Translators: %s is a web address */
                   _("%s: the server's name could not be found; check the address and the "
                     "network connection"), shown);
      return ATTEMPT_FAIL;

    case CURLE_PEER_FAILED_VERIFICATION:
      g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_TRANSPORT,
                   /* Translators: %s is a web address */
                   _("%s: the server's certificate could not be verified; check the system's "
                     "date and the address"), shown);
      return ATTEMPT_FAIL;

    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_BAD_URL, "%s: %s", shown,
                   libcurl.easy_strerror (code));
      return ATTEMPT_FAIL;

    default:
      break;
    }

  /* libcurl.easy_strerror () and not the error buffer: the buffer may quote the address. */
  g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_TRANSPORT, "%s: %s", shown,
               libcurl.easy_strerror (code));
  return ATTEMPT_FAIL;
}

static gboolean
is_redirect (long status)
{
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* One attempt, following redirects. On ATTEMPT_DONE @response holds the answer; on 429 and 503,
 * @retry_after_s is what the server asked for, 0 when nothing. */
static Verdict
fetch_attempt (Fetch            *fetch,
               RigFetchResponse *response,
               guint            *retry_after_s,
               GError          **error)
{
  const RigFetchRequest *request = fetch->request;
  g_autofree char *url = g_strdup (request->url);
  gboolean with_extra = TRUE;
  long status = 0;

  for (guint redirects = 0; ; redirects++)
    {
      struct curl_slist *headers = build_headers (request, with_extra);
      char *location = NULL;
      CURLcode code;

      g_byte_array_set_size (fetch->body, 0);
      fetch->too_large = FALSE;
      libcurl.easy_setopt (fetch->easy, CURLOPT_URL, url);
      libcurl.easy_setopt (fetch->easy, CURLOPT_HTTPHEADER, headers);
      code = fetch_perform (fetch);
      libcurl.easy_setopt (fetch->easy, CURLOPT_HTTPHEADER, NULL);
      libcurl.slist_free_all (headers);
      if (code != CURLE_OK)
        return transport_verdict (fetch, code, error);

      libcurl.easy_getinfo (fetch->easy, CURLINFO_RESPONSE_CODE, &status);
      if (!is_redirect (status))
        break;
      libcurl.easy_getinfo (fetch->easy, CURLINFO_REDIRECT_URL, &location);
      if (location == NULL)
        break;

      if (!rig_url_check (location, NULL))
        {
          g_autofree char *target = rig_url_redact (location);

          g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_REDIRECT,
                       /* Translators: both %s are web addresses, the one asked for and the one
                        * the server sent Rigplan on to */
                       _("%s: redirected to %s, which is not an http or https address"),
                       fetch->shown, target);
          return ATTEMPT_FAIL;
        }
      if (redirects == MAX_REDIRECTS)
        {
          g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_REDIRECT,
                       /* Translators: %s is a web address, %d the redirects Rigplan follows */
                       g_dngettext (GETTEXT_PACKAGE, "%s: more than %d redirect; check the "
                                    "address", "%s: more than %d redirects; check the address",
                                    MAX_REDIRECTS),
                       fetch->shown, MAX_REDIRECTS);
          return ATTEMPT_FAIL;
        }
      g_free (url);
      url = g_strdup (location);
      with_extra = with_extra && same_origin (request->url, url);
    }

  response->status = (int) status;
  if (status == 304 || (status >= 200 && status < 300))
    {
      char *content_type = NULL;

      response->not_modified = status == 304;
      g_clear_pointer (&response->body, g_bytes_unref);
      if (!response->not_modified)
        response->body = g_bytes_new (fetch->body->data, fetch->body->len);
      g_free (response->etag);
      response->etag = dup_header (fetch->easy, "ETag");
      g_free (response->last_modified);
      response->last_modified = dup_header (fetch->easy, "Last-Modified");
      if (response->not_modified)
        {
          /* A 304 need not repeat the validators; the ones sent are still the current ones. */
          if (response->etag == NULL)
            response->etag = g_strdup (request->etag);
          if (response->last_modified == NULL)
            response->last_modified = g_strdup (request->last_modified);
        }
      libcurl.easy_getinfo (fetch->easy, CURLINFO_CONTENT_TYPE, &content_type);
      g_free (response->content_type);
      response->content_type = g_strdup (content_type);
      return ATTEMPT_DONE;
    }

  if (status == 429 || status == 503)
    {
      curl_off_t retry_after = 0;

      /* Seconds or an HTTP-date, which curl turns into seconds from now. */
      libcurl.easy_getinfo (fetch->easy, CURLINFO_RETRY_AFTER, &retry_after);
      *retry_after_s = (guint) CLAMP (retry_after, 0, (curl_off_t) G_MAXUINT);
      g_set_error (error, RIG_NET_ERROR,
                   status == 429 ? RIG_NET_ERROR_TOO_MANY_REQUESTS : RIG_NET_ERROR_HTTP,
                   /* Translators: %s is a web address, %ld an HTTP status code such as 503 */
                   _("%s: HTTP %ld"), fetch->shown, status);
      return ATTEMPT_RETRY;
    }
  if (status >= 500)
    {
      g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_HTTP,
                   /* Translators: %s is a web address, %ld an HTTP status code such as 503 */
                   _("%s: HTTP %ld"), fetch->shown, status);
      return ATTEMPT_RETRY;
    }

  switch (status)
    {
    case 401:
    case 403:
      g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_HTTP,
                   /* Translators: %s is a web address, %ld an HTTP status code, 401 or 403 */
                   _("%s: HTTP %ld; check the source's API key"), fetch->shown, status);
      break;
    case 404:
    case 410:
      g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_HTTP,
                   /* Translators: %s is a web address, %ld an HTTP status code, 404 or 410 */
                   _("%s: HTTP %ld; check the address"), fetch->shown, status);
      break;
    default:
      g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_HTTP,
                   /* Translators: %s is a web address, %ld an HTTP status code such as 400 */
                   _("%s: HTTP %ld"), fetch->shown, status);
      break;
    }
  return ATTEMPT_FAIL;
}

static RigFetchResponse *
fetch_run (Fetch   *fetch,
           GError **error)
{
  const RigFetchOptions *options = fetch->options;
  guint max_attempts = MAX (options->max_attempts, 1);
  g_autoptr(RigFetchResponse) response = g_new0 (RigFetchResponse, 1);

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local = NULL;
      guint retry_after_s = 0;
      guint delay_ms;
      Verdict verdict;

      verdict = fetch_attempt (fetch, response, &retry_after_s, &local);
      response->attempts = attempt;

      if (g_cancellable_is_cancelled (fetch->cancellable))
        {
          set_cancelled (error, fetch->shown);
          return NULL;
        }
      if (verdict == ATTEMPT_DONE)
        {
          g_debug ("%s: HTTP %d after %u attempt(s)", fetch->shown, response->status, attempt);
          return g_steal_pointer (&response);
        }
      if (verdict == ATTEMPT_FAIL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }

      if ((guint64) retry_after_s * 1000 > options->max_delay_ms)
        {
          g_autofree char *allowed = format_ms (options->max_delay_ms);

          g_set_error (error, local->domain, local->code,
                       /* Translators: the first %s is an error such as “ADDRESS: HTTP 429”, %u
                        * a time in seconds, the second %s the longest wait allowed, such as
                        * “30 s” */
                       _("%s; the server asks to wait %u s, longer than the %s allowed; try "
                         "again later"), local->message, retry_after_s, allowed);
          return NULL;
        }
      if (attempt >= max_attempts)
        {
          if (attempt == 1)
            g_propagate_error (error, g_steal_pointer (&local));
          else
            g_set_error (error, local->domain, local->code,
                         /* Translators: %s is the error of the last attempt, such as “ADDRESS:
                          * HTTP 503”, %u the attempts made */
                         g_dngettext (GETTEXT_PACKAGE, "%s after %u attempt",
                                      "%s after %u attempts", attempt),
                         local->message, attempt);
          return NULL;
        }

      delay_ms = retry_after_s > 0 ? retry_after_s * 1000 : backoff_delay (options, attempt);
      g_debug ("%s; trying again in %u ms", local->message, delay_ms);
      if (!fetch_sleep (fetch, delay_ms))
        {
          set_cancelled (error, fetch->shown);
          return NULL;
        }
    }
}

RigFetchResponse *
rig_fetch_sync (const RigFetchRequest *request,
                const RigFetchOptions *options,
                GCancellable          *cancellable,
                GError               **error)
{
  RigFetchOptions defaults;
  g_autofree char *shown = NULL;
  g_autoptr(CURLM) multi = NULL;
  g_autoptr(CURL) easy = NULL;
  RigFetchResponse *response;
  const char *failure;
  Fetch fetch;
  gulong cancel_id = 0;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    {
      rig_fetch_options_init (&defaults);
      options = &defaults;
    }
  g_return_val_if_fail (options->max_bytes > 0, NULL);

  if (!rig_url_check (request->url, error))
    return NULL;
  shown = rig_url_redact (request->url);
  if (!check_request_headers (request, shown, error))
    return NULL;
  if (g_cancellable_is_cancelled (cancellable))
    {
      set_cancelled (error, shown);
      return NULL;
    }

  if ((failure = libcurl_open ()) != NULL)
    {
      g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_TRANSPORT,
                   /* Translators: the first %s is a web address, the second what the system said;
                    * libcurl is the library that fetches it */
                   _("%s: libcurl could not be opened (%s)"), shown, failure);
      return NULL;
    }
  multi = libcurl.multi_init ();
  easy = libcurl.easy_init ();
  if (multi == NULL || easy == NULL)
    {
      g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_TRANSPORT,
                   /* Translators: %s is a web address; libcurl is the library that fetches it */
                   _("%s: libcurl could not be started"), shown);
      return NULL;
    }

  fetch = (Fetch) {
    .request = request,
    .options = options,
    .cancellable = cancellable,
    .shown = shown,
    .multi = multi,
    .easy = easy,
    .body = g_byte_array_new (),
  };

  /* Only web addresses, also after a redirect; certificates always checked. */
  libcurl.easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "http,https");
  libcurl.easy_setopt (easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  libcurl.easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 1L);
  libcurl.easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 2L);
  /* Redirects are followed in fetch_attempt () rather than by curl, so that the extra headers,
   * which carry API keys, are sent to their own origin only, and so that a redirect to another
   * scheme fails with a message that says so. */
  libcurl.easy_setopt (easy, CURLOPT_FOLLOWLOCATION, 0L);
  /* No SIGALRM for the name lookup timeout: this runs on worker threads. */
  libcurl.easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  libcurl.easy_setopt (easy, CURLOPT_HTTPGET, 1L);
  libcurl.easy_setopt (easy, CURLOPT_USERAGENT, USER_AGENT);
  libcurl.easy_setopt (easy, CURLOPT_ACCEPT_ENCODING, "");
  libcurl.easy_setopt (easy, CURLOPT_TIMEOUT, (long) options->timeout_s);
  libcurl.easy_setopt (easy, CURLOPT_CONNECTTIMEOUT, (long) options->connect_timeout_s);
  libcurl.easy_setopt (easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) options->max_bytes);
  libcurl.easy_setopt (easy, CURLOPT_WRITEFUNCTION, on_write);
  libcurl.easy_setopt (easy, CURLOPT_WRITEDATA, &fetch);
  libcurl.easy_setopt (easy, CURLOPT_NOPROGRESS, 0L);
  libcurl.easy_setopt (easy, CURLOPT_XFERINFOFUNCTION, on_progress);
  libcurl.easy_setopt (easy, CURLOPT_XFERINFODATA, &fetch);

  if (cancellable != NULL)
    cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), multi, NULL);

  response = fetch_run (&fetch, error);

  g_cancellable_disconnect (cancellable, cancel_id);
  g_byte_array_unref (fetch.body);
  return response;
}

typedef struct
{
  GPtrArray        *requests;       /* RigFetchRequest, copies */
  RigFetchOptions   options;
  GPtrArray        *results;        /* RigFetchResult, slot i written by the worker that took i */
  gint              next;           /* the next request to take, atomically */
  guint             reported;       /* on the caller's context only */
  GPtrArray        *workers;        /* GThread, joined once the last result is in */
  RigFetchProgress  progress;
  gpointer          progress_data;
} FetchMany;

static void
fetch_many_free (gpointer data)
{
  FetchMany *many = data;

  g_ptr_array_unref (many->requests);
  g_clear_pointer (&many->results, g_ptr_array_unref);
  g_ptr_array_unref (many->workers);
  g_free (many);
}

/* On the caller's context, once per finished request. */
static gboolean
fetch_many_report (gpointer user_data)
{
  GTask *task = user_data;
  FetchMany *many = g_task_get_task_data (task);

  many->reported++;
  if (many->progress != NULL)
    many->progress (many->reported, many->requests->len, many->progress_data);
  /* The last report hands the results back, so the callback comes after every progress call. */
  if (many->reported == many->requests->len)
    {
      /* Every request has its result, so each worker is past its last one and about to end:
       * wait for them, so that none outlives the fetch. A program that exits on the result
       * would otherwise cut a worker short in its thread's clean-up (OpenSSL frees its
       * per-thread state there). */
      while (many->workers->len > 0)
        g_thread_join (g_ptr_array_steal_index_fast (many->workers, many->workers->len - 1));
      g_task_return_pointer (task, g_steal_pointer (&many->results),
                             (GDestroyNotify) g_ptr_array_unref);
    }
  return G_SOURCE_REMOVE;
}

static gpointer
fetch_many_worker (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchMany *many = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  guint i;

  while ((i = (guint) g_atomic_int_add (&many->next, 1)) < many->requests->len)
    {
      RigFetchResult *result = g_new0 (RigFetchResult, 1);
      g_autoptr(GSource) source = NULL;

      result->response = rig_fetch_sync (g_ptr_array_index (many->requests, i), &many->options,
                                         cancellable, &result->error);
      g_ptr_array_index (many->results, i) = result;

      source = g_idle_source_new ();
      /* Above idle: a window that keeps redrawing (a spinner, a toast sliding in) must not
       * hold progress and the result back. */
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_name (source, "[rigplan] fetch progress");
      g_source_set_callback (source, fetch_many_report, g_object_ref (task), g_object_unref);
      g_source_attach (source, g_task_get_context (task));
    }
  return NULL;
}

void
rig_fetch_many_async (RigFetchRequest * const *requests,
                      guint                    n,
                      const RigFetchOptions   *options,
                      GCancellable            *cancellable,
                      RigFetchProgress         progress,
                      gpointer                 progress_data,
                      GAsyncReadyCallback      callback,
                      gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchMany *many;
  guint n_workers;

  g_return_if_fail (requests != NULL || n == 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rig_fetch_many_async);
  g_task_set_name (task, "rig_fetch_many_async");

  many = g_new0 (FetchMany, 1);
  many->requests = g_ptr_array_new_full (n, (GDestroyNotify) rig_fetch_request_free);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (many->requests, rig_fetch_request_copy (requests[i]));
  if (options != NULL)
    many->options = *options;
  else
    rig_fetch_options_init (&many->options);
  many->results = g_ptr_array_new_full (n, (GDestroyNotify) rig_fetch_result_free);
  g_ptr_array_set_size (many->results, n);
  many->workers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_thread_unref);
  many->progress = progress;
  many->progress_data = progress_data;
  g_task_set_task_data (task, many, fetch_many_free);

  if (n == 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&many->results),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  /* A pool of its own: each worker takes the next request until none is left, so no more than
   * @n_workers are ever in flight. */
  n_workers = MIN (MAX (many->options.max_parallel, 1), n);
  for (guint i = 0; i < n_workers; i++)
    g_ptr_array_add (many->workers, g_thread_new ("rig-fetch", fetch_many_worker, g_object_ref (task)));
}

GPtrArray *
rig_fetch_many_finish (GAsyncResult *result,
                       GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rig_fetch_many_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
