/* rig-url.h: the rules every price-feed address must pass before a request is made
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-net-error.h"

G_BEGIN_DECLS

/* Only absolute http:// and https:// URLs with a host are accepted. */
gboolean rig_url_check  (const char *url,
                         GError    **error);

/* The URL with any user name, password and query string removed, fit for logs and messages:
 * feeds carry API keys in both. */
char    *rig_url_redact (const char *url);

G_END_DECLS
