/* rig-price-refresh.h: fetch every price source, check what came back, store what holds
 *
 * The one place where the network layer (src/net) meets the user's library (src/store): the
 * GUI's refresh button and `rigplan-cli prices refresh` both go through here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rig-catalog.h"
#include "rig-fetch.h"
#include "rig-library.h"

G_BEGIN_DECLS

typedef struct
{
  gint64     source_id;
  char      *name;
  gboolean   ok;              /* fetched (or not modified) and read */
  gboolean   not_modified;    /* 304: nothing new */
  guint      prices_added;
  guint      rates_added;
  guint      slices;          /* turns of the main loop its items were stored in */
  GPtrArray *rejected;        /* char *: items left out and why */
  char      *message;         /* one line: what happened, or what went wrong */
} RigRefreshOutcome;

void       rig_refresh_outcome_free   (RigRefreshOutcome *outcome);

/* Refreshes the enabled sources (or only the one named @only, by name or id) on worker threads.
 * @progress runs on the caller's main context after each source. Each source's observations
 * are stored all together, or, when anything about the response is wrong, not at all; its
 * status and validators are updated either way. Best Buy sources take the API key from
 * RIGPLAN_BESTBUY_KEY or the keyring (rig-secret.h); it is added to the request and stored
 * nowhere else. */
void       rig_price_refresh_async    (RigLibrary            *library,
                                       RigCatalog            *catalog,
                                       const char            *only,
                                       const RigFetchOptions *options,
                                       GCancellable          *cancellable,
                                       RigFetchProgress       progress,
                                       gpointer               progress_data,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data);
/* RigRefreshOutcome, one per source; NULL with @error when there was nothing to refresh or the
 * refresh was cancelled. */
GPtrArray *rig_price_refresh_finish   (GAsyncResult          *result,
                                       GError               **error);

G_END_DECLS
