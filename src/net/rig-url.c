/* rig-url.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rig-url.h"


gboolean
rig_url_check (const char *url,
               GError    **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *shown = rig_url_redact (url);
  const char *scheme;

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, RIG_NET_ERROR, RIG_NET_ERROR_BAD_URL, _("the address is empty"));
      return FALSE;
    }
  if (!(uri = g_uri_parse (url, G_URI_FLAGS_NONE, &local)))
    {
      g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_BAD_URL,
                   /* Translators: %s is what was given as a web address */
                   _("“%s” is not a web address"), shown);
      return FALSE;
    }
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_BAD_URL,
                   /* Translators: the first %s is a web address, the second the scheme it
                    * starts with, such as “ftp”; http and https are schemes too */
                   _("“%s”: only http and https addresses are allowed, not %s"), shown, scheme);
      return FALSE;
    }
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      /* Translators: %s is a web address */
      g_set_error (error, RIG_NET_ERROR, RIG_NET_ERROR_BAD_URL, _("“%s” has no host"), shown);
      return FALSE;
    }
  return TRUE;
}

char *
rig_url_redact (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL)
    return g_strdup ("");
  if (!(uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL)))
    return g_strdup (_("(an address that could not be read)"));

  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), g_uri_get_path (uri), NULL, NULL);
}
