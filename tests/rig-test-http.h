/* rig-test-http.h: a small HTTP/1.1 server on 127.0.0.1 with canned answers, for the fetch tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _RigTestHttp RigTestHttp;

/* What one path answers. Zeroed fields mean "not used"; the server copies everything. */
typedef struct
{
  guint               status;           /* 0: 200 */
  const char         *content_type;
  const char         *body;
  gsize               body_length;      /* 0: strlen (body) */
  const char * const *headers;          /* extra "Name: value" lines, NULL-terminated */
  guint               delay_ms;         /* wait before answering; ends when the client leaves */
  gsize               announce_length;  /* Content-Length to claim instead of the body's; the
                                         * connection closes after the body, so a larger value
                                         * makes a truncated answer */
  gboolean            no_length;        /* no Content-Length: the body ends with the connection */
  gboolean            echo;             /* the body is the request target, path and query */
  const char         *etag;             /* sent; a matching If-None-Match gets 304 */
  const char         *last_modified;    /* sent; an equal If-Modified-Since without If-None-Match
                                         * gets 304 */
  guint               throttle_first;   /* the first N requests get @throttle_status … */
  guint               throttle_status;  /* 0: 429 */
  const char         *retry_after;      /* … with this Retry-After, when set */
  const char         *location;         /* a redirect: @status (0: 302) with this Location */
} RigTestHttpRoute;

/* Listens on 127.0.0.1 at a free port, on a thread of its own, until freed. Paths without a route
 * answer 404. Every answer closes the connection. */
RigTestHttp *rig_test_http_new            (void);
void         rig_test_http_free           (RigTestHttp            *self);

/* "http://127.0.0.1:PORT" */
const char  *rig_test_http_base_url       (RigTestHttp            *self);
/* The base URL followed by @path. */
char        *rig_test_http_url            (RigTestHttp            *self,
                                           const char             *path);
/* Each path once, before any request to it. The query is not part of the path. */
void         rig_test_http_route          (RigTestHttp            *self,
                                           const char             *path,
                                           const RigTestHttpRoute *route);

/* Requests seen for @path; NULL: for every path. */
guint        rig_test_http_requests       (RigTestHttp            *self,
                                           const char             *path);
/* A header of the latest request for @path, or NULL. */
char        *rig_test_http_last_header    (RigTestHttp            *self,
                                           const char             *path,
                                           const char             *name);
/* Body bytes the kernel took for @path's answers, all requests together. */
guint64      rig_test_http_bytes_sent     (RigTestHttp            *self,
                                           const char             *path);
/* The most requests that were ever read and not yet answered at the same time: with each
 * connection carrying one request, the client's parallelism. */
guint        rig_test_http_max_concurrent (RigTestHttp            *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigTestHttp, rig_test_http_free)

G_END_DECLS
