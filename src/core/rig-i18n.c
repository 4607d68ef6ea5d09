/* rig-i18n.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rig-i18n.h"

G_LOCK_DEFINE_STATIC (translations);
static GHashTable *translations;   /* msgid (by address) → its translation */

const char *
rig_gettext (const char *msgid)
{
  const char *text;

  G_LOCK (translations);
  if (translations == NULL)
    translations = g_hash_table_new (NULL, NULL);
  text = g_hash_table_lookup (translations, msgid);
  if (text == NULL)
    {
      text = g_dgettext (GETTEXT_PACKAGE, msgid);
      g_hash_table_insert (translations, (gpointer) msgid, (gpointer) text);
    }
  G_UNLOCK (translations);
  return text;
}
