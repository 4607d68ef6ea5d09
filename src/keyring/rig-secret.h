/* rig-secret.h: API keys of price sources, in the user's keyring (the Secret Service)
 *
 * Keys never go into GSettings, the library or a build file. `rigplan-cli` also takes a key
 * from the environment (RIGPLAN_BESTBUY_KEY), which wins over the keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* @service: "bestbuy". Stores, or with @key NULL or "", forgets, the key. */
void     rig_secret_store_key_async  (const char          *service,
                                      const char          *key,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean rig_secret_store_key_finish (GAsyncResult        *result,
                                      GError             **error);

/* The key for @service: the environment variable first (RIGPLAN_BESTBUY_KEY for "bestbuy"),
 * then the keyring, asked without blocking, as it may have to be unlocked first. */
void     rig_secret_lookup_key_async (const char          *service,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
/* NULL, without an error, when there is no key. */
char    *rig_secret_lookup_key_finish (GAsyncResult       *result,
                                       GError            **error);

G_END_DECLS
