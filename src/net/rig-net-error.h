/* rig-net-error.h: what can go wrong fetching from the network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RIG_NET_ERROR (rig_net_error_quark ())
GQuark rig_net_error_quark (void);

typedef enum
{
  RIG_NET_ERROR_BAD_URL,            /* not an absolute http or https address */
  RIG_NET_ERROR_BAD_HEADER,         /* a request header that is not one "Name: value" line */
  RIG_NET_ERROR_HTTP,               /* the server answered with an error status */
  RIG_NET_ERROR_TOO_MANY_REQUESTS,  /* 429, still after the retries or with too long a wait */
  RIG_NET_ERROR_TIMEOUT,            /* no complete answer in time */
  RIG_NET_ERROR_TOO_LARGE,          /* the answer is over the size limit */
  RIG_NET_ERROR_TRUNCATED,          /* the connection closed before the announced length */
  RIG_NET_ERROR_REDIRECT,           /* too many redirects, or one to a non-http(s) address */
  RIG_NET_ERROR_TRANSPORT,          /* name lookup, connection, TLS … */
  RIG_NET_ERROR_CANCELLED,
} RigNetError;

G_END_DECLS
