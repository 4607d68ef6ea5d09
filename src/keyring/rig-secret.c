/* rig-secret.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "rig-module.h"
#include "rig-secret.h"

/* libsecret, opened the first time a key is stored or looked up rather than linked: most
 * sessions never touch the keyring, and loading it took about 5 ms of every start. */
static struct
{
  void     (*store) (const SecretSchema *schema, const char *collection, const char *label,
                     const char *password, GCancellable *cancellable, GAsyncReadyCallback callback,
                     gpointer user_data, ...);
  gboolean (*store_finish) (GAsyncResult *result, GError **error);
  void     (*clear) (const SecretSchema *schema, GCancellable *cancellable,
                     GAsyncReadyCallback callback, gpointer user_data, ...);
  gboolean (*clear_finish) (GAsyncResult *result, GError **error);
  void     (*lookup) (const SecretSchema *schema, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data, ...);
  char    *(*lookup_finish) (GAsyncResult *result, GError **error);
  void     (*password_free) (char *password);
} libsecret;

static const RigModuleSymbol libsecret_symbols[] = {
#define SYMBOL(name, field) { name, G_STRUCT_OFFSET (__typeof__ (libsecret), field) }
  SYMBOL ("secret_password_store", store),
  SYMBOL ("secret_password_store_finish", store_finish),
  SYMBOL ("secret_password_clear", clear),
  SYMBOL ("secret_password_clear_finish", clear_finish),
  SYMBOL ("secret_password_lookup", lookup),
  SYMBOL ("secret_password_lookup_finish", lookup_finish),
  SYMBOL ("secret_password_free", password_free),
#undef SYMBOL
};

/* Opens libsecret once per process (it registers types, which stay); TRUE when it opened,
 * else FALSE with why not. */
static gboolean
libsecret_open (GError **error)
{
  static RigModuleOnce once;
  const char *failure = rig_module_open_once (&once, RIG_LIBSECRET_NAME, libsecret_symbols,
                                              G_N_ELEMENTS (libsecret_symbols), &libsecret, NULL);

  if (failure != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   /* Translators: %s is what the system said; libsecret is the library that
                    * reaches the keyring */
                   _("The keyring cannot be used: libsecret could not be opened (%s)"), failure);
      return FALSE;
    }
  return TRUE;
}

static const SecretSchema *
key_schema (void)
{
  static const SecretSchema schema = {
    "io.github.rigplan.Rigplan.ApiKey", SECRET_SCHEMA_NONE,
    {
      { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

static void
stored (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean ok = g_task_get_task_data (task) != NULL
                ? libsecret.store_finish (result, &error)
                : (libsecret.clear_finish (result, &error), error == NULL);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
rig_secret_store_key_async (const char          *service,
                            const char          *key,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  /* Translators: the name of a password in the keyring; %s is the service the key is for,
   * such as “bestbuy” */
  g_autofree char *label = g_strdup_printf (_("Rigplan: %s API key"), service);
  GError *error = NULL;

  if (!libsecret_open (&error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (key != NULL && *key != '\0')
    {
      g_task_set_task_data (task, GINT_TO_POINTER (1), NULL);
      libsecret.store (key_schema (), SECRET_COLLECTION_DEFAULT, label, key, cancellable, stored,
                             task, "service", service, NULL);
    }
  else
    libsecret.clear (key_schema (), cancellable, stored, task, "service", service, NULL);
}

gboolean
rig_secret_store_key_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* RIGPLAN_BESTBUY_KEY for "bestbuy": NULL when not set. */
static char *
key_from_environment (const char *service)
{
  g_autofree char *variable = g_ascii_strup (service, -1);
  g_autofree char *name = g_strdup_printf ("RIGPLAN_%s_KEY", variable);
  const char *env = g_getenv (name);

  return env != NULL && *env != '\0' ? g_strdup (env) : NULL;
}

/* libsecret's copy is wiped when freed; the caller gets a plain one it frees at once. */
static char *
plain_copy (char *secret)
{
  char *copy = g_strdup (secret);

  libsecret.password_free (secret);
  return copy;
}

static void
looked_up (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret = libsecret.lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret ? plain_copy (secret) : NULL, g_free);
}

void
rig_secret_lookup_key_async (const char          *service,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  char *env = key_from_environment (service);
  GError *error = NULL;

  g_task_set_source_tag (task, rig_secret_lookup_key_async);
  if (env != NULL)
    {
      g_task_return_pointer (task, env, g_free);
      g_object_unref (task);
      return;
    }
  if (!libsecret_open (&error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  libsecret.lookup (key_schema (), cancellable, looked_up, task, "service", service, NULL);
}

char *
rig_secret_lookup_key_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
