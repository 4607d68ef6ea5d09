/* rig-fetch.h: HTTP GET for price feeds, with retries, size limits and conditional requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rig-url.h"

G_BEGIN_DECLS

typedef struct
{
  char  *url;             /* checked with rig_url_check () */
  char  *etag;            /* sent as If-None-Match when set */
  char  *last_modified;   /* sent as If-Modified-Since when set */
  char **headers;         /* extra "Name: value" lines (an API key header …), NULL-terminated or
                           * NULL; sent to the origin of @url only, not after a redirect away */
} RigFetchRequest;

typedef struct
{
  int       status;         /* the final HTTP status */
  gboolean  not_modified;   /* 304: the copy behind @etag / @last_modified is still current */
  GBytes   *body;           /* NULL on 304 */
  /* The validators for the next request; after a 304 that repeats none, the ones sent. */
  char     *etag;
  char     *last_modified;
  char     *content_type;
  guint     attempts;       /* 1 when the first attempt answered */
} RigFetchResponse;

typedef struct
{
  guint timeout_s;          /* the whole request, per attempt; 0: no limit */
  guint connect_timeout_s;  /* 0: curl's own (300 s) */
  gsize max_bytes;          /* larger bodies fail with RIG_NET_ERROR_TOO_LARGE; must not be 0 */
  guint max_attempts;       /* 1 + retries; 0 counts as 1 */
  guint base_delay_ms;      /* the first backoff; it doubles per retry, with jitter */
  guint max_delay_ms;       /* the longest wait; a longer Retry-After fails instead of waiting */
  guint max_parallel;       /* rig_fetch_many_async (): requests in flight; 0 counts as 1 */
} RigFetchOptions;

typedef struct
{
  RigFetchResponse *response;   /* NULL when @error is set */
  GError           *error;
} RigFetchResult;

/* @done of @total requests have finished, with or without an error. */
typedef void (*RigFetchProgress) (guint    done,
                                  guint    total,
                                  gpointer user_data);

/* 20 s per request, 10 s to connect, 8 MiB, 4 attempts, 500 ms first backoff, 30 s longest wait,
 * 4 requests in flight. */
void              rig_fetch_options_init  (RigFetchOptions        *options);

RigFetchRequest  *rig_fetch_request_new   (const char             *url);
RigFetchRequest  *rig_fetch_request_copy  (const RigFetchRequest  *request);
void              rig_fetch_request_free  (RigFetchRequest        *request);

/* Blocking, for worker threads. Retries 5xx answers and connection failures with exponential
 * backoff, and 429 / 503 after their Retry-After; fails at once on other 4xx. Cancelling
 * @cancellable ends it promptly, also during a backoff wait, with RIG_NET_ERROR_CANCELLED.
 * Error messages name the address through rig_url_redact (): no user name, password or query. */
RigFetchResponse *rig_fetch_sync          (const RigFetchRequest  *request,
                                           const RigFetchOptions  *options,
                                           GCancellable           *cancellable,
                                           GError                **error);

/* Fetches @n requests on worker threads, at most @options->max_parallel at a time. The requests
 * are copied. @progress, when set, runs on the thread-default main context of the caller after
 * each request, @n times in all, with @done counting up, before @callback. */
void              rig_fetch_many_async    (RigFetchRequest * const *requests,
                                           guint                    n,
                                           const RigFetchOptions   *options,
                                           GCancellable            *cancellable,
                                           RigFetchProgress         progress,
                                           gpointer                 progress_data,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data);
/* A GPtrArray of RigFetchResult, one per request in request order, each failed or not on its own.
 * Fails only with G_IO_ERROR_CANCELLED, when @cancellable was cancelled. */
GPtrArray        *rig_fetch_many_finish   (GAsyncResult            *result,
                                           GError                 **error);

void              rig_fetch_response_free (RigFetchResponse       *response);
void              rig_fetch_result_free   (RigFetchResult         *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigFetchRequest, rig_fetch_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigFetchResponse, rig_fetch_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigFetchResult, rig_fetch_result_free)

G_END_DECLS
