/* rig-test-http.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rig-test-http.h"

#define MAX_REQUEST_HEAD (64 * 1024)

typedef struct
{
  guint     status;
  char     *content_type;
  GBytes   *body;
  GStrv     headers;
  guint     delay_ms;
  gsize     announce_length;
  gboolean  no_length;
  gboolean  echo;
  char     *etag;
  char     *last_modified;
  guint     throttle_first;
  guint     throttle_status;
  char     *retry_after;
  char     *location;
} Route;

typedef struct
{
  guint       requests;
  guint64     bytes_sent;
  GHashTable *headers;    /* of the latest request: lower-case name → value */
} PathStats;

struct _RigTestHttp
{
  GSocket      *listener;
  GCancellable *cancellable;
  GThread      *accept_thread;
  char         *base_url;

  GMutex        lock;
  GHashTable   *routes;     /* path → Route, never replaced while running */
  GHashTable   *paths;      /* path → PathStats */
  GPtrArray    *handlers;   /* GThread, one per connection */
  guint         active;
  guint         max_active;
};

typedef struct
{
  RigTestHttp *server;
  GSocket     *socket;
} Connection;

static void
route_free (Route *route)
{
  g_free (route->content_type);
  g_bytes_unref (route->body);
  g_strfreev (route->headers);
  g_free (route->etag);
  g_free (route->last_modified);
  g_free (route->retry_after);
  g_free (route->location);
  g_free (route);
}

static void
path_stats_free (PathStats *stats)
{
  g_clear_pointer (&stats->headers, g_hash_table_unref);
  g_free (stats);
}

static PathStats *
path_stats (RigTestHttp *self,
            const char  *path)
{
  PathStats *stats = g_hash_table_lookup (self->paths, path);

  if (stats == NULL)
    {
      stats = g_new0 (PathStats, 1);
      g_hash_table_insert (self->paths, g_strdup (path), stats);
    }
  return stats;
}

static const char *
reason_phrase (guint status)
{
  switch (status)
    {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

/* Counts into @stats as it goes, so a test can look while a client is still reading. */
static gboolean
send_all (RigTestHttp  *self,
          GSocket      *socket,
          const guint8 *data,
          gsize         length,
          PathStats    *stats)
{
  while (length > 0)
    {
      gssize n = g_socket_send (socket, (const char *) data, MIN (length, 64 * 1024),
                                self->cancellable, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      length -= n;
      if (stats != NULL)
        {
          g_mutex_lock (&self->lock);
          stats->bytes_sent += n;
          g_mutex_unlock (&self->lock);
        }
    }
  return TRUE;
}

/* The request line and headers; GET has no body. */
static char *
read_request_head (GSocket      *socket,
                   GCancellable *cancellable)
{
  g_autoptr(GString) head = g_string_new (NULL);
  char buffer[4096];

  while (strstr (head->str, "\r\n\r\n") == NULL)
    {
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, cancellable, NULL);

      if (n <= 0 || head->len + n > MAX_REQUEST_HEAD)
        return NULL;
      g_string_append_len (head, buffer, n);
    }
  return g_string_free (g_steal_pointer (&head), FALSE);
}

static GHashTable *
parse_headers (char **lines)
{
  GHashTable *headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      char *colon = strchr (lines[i], ':');

      if (colon == NULL)
        continue;
      g_hash_table_replace (headers, g_ascii_strdown (lines[i], colon - lines[i]),
                            g_strstrip (g_strdup (colon + 1)));
    }
  return headers;
}

static void
answer (Connection  *connection,
        const Route *route,
        guint        seen_before,
        const char  *target,
        GHashTable  *headers,
        PathStats   *stats)
{
  RigTestHttp *self = connection->server;
  GSocket *socket = connection->socket;
  g_autoptr(GString) head = g_string_new (NULL);
  g_autofree char *status_line = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *if_none_match = g_hash_table_lookup (headers, "if-none-match");
  const char *if_modified_since = g_hash_table_lookup (headers, "if-modified-since");
  guint status;
  gboolean with_length = TRUE;
  gsize length;

  if (route == NULL)
    {
      status = 404;
      body = g_bytes_new_static ("not found\n", 10);
    }
  else if (seen_before < route->throttle_first)
    {
      status = route->throttle_status != 0 ? route->throttle_status : 429;
      body = g_bytes_new_static ("slow down\n", 10);
      if (route->retry_after != NULL)
        g_string_append_printf (head, "Retry-After: %s\r\n", route->retry_after);
    }
  else if (route->location != NULL)
    {
      status = route->status != 0 ? route->status : 302;
      body = g_bytes_new_static ("moved\n", 6);
      g_string_append_printf (head, "Location: %s\r\n", route->location);
    }
  else
    {
      status = route->status != 0 ? route->status : 200;
      if ((route->etag != NULL && g_strcmp0 (if_none_match, route->etag) == 0) ||
          (if_none_match == NULL && route->last_modified != NULL &&
           g_strcmp0 (if_modified_since, route->last_modified) == 0))
        status = 304;
      if (route->content_type != NULL && status != 304)
        g_string_append_printf (head, "Content-Type: %s\r\n", route->content_type);
      if (route->etag != NULL)
        g_string_append_printf (head, "ETag: %s\r\n", route->etag);
      if (route->last_modified != NULL)
        g_string_append_printf (head, "Last-Modified: %s\r\n", route->last_modified);
      for (guint i = 0; route->headers != NULL && route->headers[i] != NULL; i++)
        g_string_append_printf (head, "%s\r\n", route->headers[i]);

      if (status == 304)
        with_length = FALSE;
      else if (route->echo)
        body = g_bytes_new (target, strlen (target));
      else
        body = g_bytes_ref (route->body);
      if (route->no_length)
        with_length = FALSE;
    }

  length = body != NULL ? g_bytes_get_size (body) : 0;
  if (with_length)
    g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\n",
                            route != NULL && route->announce_length != 0 ? route->announce_length
                                                                         : length);
  status_line = g_strdup_printf ("HTTP/1.1 %u %s\r\nConnection: close\r\n", status,
                                 reason_phrase (status));
  g_string_prepend (head, status_line);
  g_string_append (head, "\r\n");

  if (!send_all (self, socket, (const guint8 *) head->str, head->len, NULL))
    return;
  if (body != NULL)
    send_all (self, socket, g_bytes_get_data (body, NULL), length, stats);
}

static gpointer
handle_connection (gpointer data)
{
  Connection *connection = data;
  RigTestHttp *self = connection->server;
  GSocket *socket = connection->socket;
  g_autofree char *head = read_request_head (socket, self->cancellable);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) request_line = NULL;
  g_autoptr(GHashTable) headers = NULL;
  g_autofree char *path = NULL;
  const Route *route;
  PathStats *stats;
  guint seen_before;
  gboolean client_left = FALSE;

  if (head == NULL)
    goto out;
  lines = g_strsplit (head, "\r\n", -1);
  request_line = g_strsplit (lines[0], " ", 3);
  if (g_strv_length (request_line) != 3)
    goto out;
  path = g_strndup (request_line[1], strcspn (request_line[1], "?"));
  headers = parse_headers (lines);

  g_mutex_lock (&self->lock);
  route = g_hash_table_lookup (self->routes, path);
  stats = path_stats (self, path);
  seen_before = stats->requests++;
  g_clear_pointer (&stats->headers, g_hash_table_unref);
  stats->headers = g_hash_table_ref (headers);
  self->active++;
  self->max_active = MAX (self->max_active, self->active);
  g_mutex_unlock (&self->lock);

  if (route != NULL && route->delay_ms > 0)
    {
      /* Anything readable now is the client closing: a timeout or a cancel on its side. */
      client_left = g_socket_condition_timed_wait (socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                                   (gint64) route->delay_ms * 1000,
                                                   self->cancellable, NULL) ||
                    g_cancellable_is_cancelled (self->cancellable);
    }

  /* Counted down before the answer goes out, so a client that waits for it before its next
   * request never shows up as two at once. */
  g_mutex_lock (&self->lock);
  self->active--;
  g_mutex_unlock (&self->lock);

  if (!client_left)
    answer (connection, route, seen_before, request_line[1], headers, stats);

out:
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
  g_socket_close (socket, NULL);
  g_object_unref (socket);
  g_free (connection);
  return NULL;
}

static gpointer
accept_loop (gpointer data)
{
  RigTestHttp *self = data;

  while (!g_cancellable_is_cancelled (self->cancellable))
    {
      Connection *connection;
      GSocket *socket = g_socket_accept (self->listener, self->cancellable, NULL);

      if (socket == NULL)
        {
          g_usleep (1000);
          continue;
        }
      g_socket_set_timeout (socket, 10);
      connection = g_new0 (Connection, 1);
      connection->server = self;
      connection->socket = socket;
      g_mutex_lock (&self->lock);
      g_ptr_array_add (self->handlers, g_thread_new ("rig-test-http", handle_connection,
                                                     connection));
      g_mutex_unlock (&self->lock);
    }
  return NULL;
}

RigTestHttp *
rig_test_http_new (void)
{
  RigTestHttp *self = g_new0 (RigTestHttp, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_mutex_init (&self->lock);
  self->cancellable = g_cancellable_new ();
  self->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) route_free);
  self->paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) path_stats_free);
  self->handlers = g_ptr_array_new ();

  self->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_set_listen_backlog (self->listener, 128);
  g_socket_bind (self->listener, any_port, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (self->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (self->listener, &error);
  g_assert_no_error (error);
  self->base_url = g_strdup_printf ("http://127.0.0.1:%u",
                                    g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  self->accept_thread = g_thread_new ("rig-test-http-accept", accept_loop, self);
  return self;
}

void
rig_test_http_free (RigTestHttp *self)
{
  if (self == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_thread_join (self->accept_thread);
  /* No new handlers now; the cancel ends their waits, reads and writes. */
  for (guint i = 0; i < self->handlers->len; i++)
    g_thread_join (g_ptr_array_index (self->handlers, i));
  g_ptr_array_unref (self->handlers);

  g_socket_close (self->listener, NULL);
  g_object_unref (self->listener);
  g_object_unref (self->cancellable);
  g_hash_table_unref (self->routes);
  g_hash_table_unref (self->paths);
  g_free (self->base_url);
  g_mutex_clear (&self->lock);
  g_free (self);
}

const char *
rig_test_http_base_url (RigTestHttp *self)
{
  return self->base_url;
}

char *
rig_test_http_url (RigTestHttp *self,
                   const char  *path)
{
  return g_strconcat (self->base_url, path, NULL);
}

void
rig_test_http_route (RigTestHttp            *self,
                     const char             *path,
                     const RigTestHttpRoute *route)
{
  Route *copy = g_new0 (Route, 1);
  const char *body = route->body != NULL ? route->body : "";
  gsize length = route->body_length != 0 ? route->body_length : strlen (body);

  copy->status = route->status;
  copy->content_type = g_strdup (route->content_type);
  copy->body = g_bytes_new (body, length);
  copy->headers = g_strdupv ((char **) route->headers);
  copy->delay_ms = route->delay_ms;
  copy->announce_length = route->announce_length;
  copy->no_length = route->no_length;
  copy->echo = route->echo;
  copy->etag = g_strdup (route->etag);
  copy->last_modified = g_strdup (route->last_modified);
  copy->throttle_first = route->throttle_first;
  copy->throttle_status = route->throttle_status;
  copy->retry_after = g_strdup (route->retry_after);
  copy->location = g_strdup (route->location);

  g_mutex_lock (&self->lock);
  g_assert_false (g_hash_table_contains (self->routes, path));
  g_hash_table_insert (self->routes, g_strdup (path), copy);
  g_mutex_unlock (&self->lock);
}

guint
rig_test_http_requests (RigTestHttp *self,
                        const char  *path)
{
  guint count = 0;

  g_mutex_lock (&self->lock);
  if (path != NULL)
    {
      PathStats *stats = g_hash_table_lookup (self->paths, path);

      count = stats != NULL ? stats->requests : 0;
    }
  else
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->paths);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        count += ((PathStats *) value)->requests;
    }
  g_mutex_unlock (&self->lock);
  return count;
}

char *
rig_test_http_last_header (RigTestHttp *self,
                           const char  *path,
                           const char  *name)
{
  g_autofree char *key = g_ascii_strdown (name, -1);
  PathStats *stats;
  char *value = NULL;

  g_mutex_lock (&self->lock);
  stats = g_hash_table_lookup (self->paths, path);
  if (stats != NULL && stats->headers != NULL)
    value = g_strdup (g_hash_table_lookup (stats->headers, key));
  g_mutex_unlock (&self->lock);
  return value;
}

guint64
rig_test_http_bytes_sent (RigTestHttp *self,
                          const char  *path)
{
  PathStats *stats;
  guint64 sent;

  g_mutex_lock (&self->lock);
  stats = g_hash_table_lookup (self->paths, path);
  sent = stats != NULL ? stats->bytes_sent : 0;
  g_mutex_unlock (&self->lock);
  return sent;
}

guint
rig_test_http_max_concurrent (RigTestHttp *self)
{
  guint max;

  g_mutex_lock (&self->lock);
  max = self->max_active;
  g_mutex_unlock (&self->lock);
  return max;
}
