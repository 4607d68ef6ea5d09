/* rig-text.h: text from outside (files, feeds, servers) made safe to show and to store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @c is a control character a terminal may act on: C0 other than tab and newline,
 * DEL, and C1 (U+0080–U+009F, where U+009B is a second CSI). */
gboolean rig_text_is_control (gunichar    c);

/* A copy of @text (NULL for NULL) that is valid UTF-8 and holds no control character:
 * each byte that is not UTF-8 and each control character but tab and newline becomes
 * U+FFFD, so an ESC sequence in a name, a server's answer or a parser's message can neither
 * retitle nor clear a terminal, and what is shown still says something was there. */
char    *rig_text_sanitize   (const char *text);

/* Whether rig_text_sanitize () would leave @text as it is. */
gboolean rig_text_is_clean   (const char *text);

/* How many characters of a value from a file an error message quotes. */
#define RIG_SHOWN_MAX_CHARS 80

/* @text as an error message quotes it: at most RIG_SHOWN_MAX_CHARS characters, then “…”, so
 * that a 50 MB id does not make a 50 MB message; line breaks and other control characters
 * become spaces, so that the message stays one line. Invalid UTF-8 is replaced. */
char    *rig_shown_text      (const char *text);

/* Steps through the items of @list joined by @separator ("2x8pin+1x6pin") without copying:
 * start with *@cursor at the list; each call sets @item and @length to the next item and
 * returns TRUE, and FALSE after the last. Catalog lists are read this way in a plan. */
gboolean rig_list_next      (const char **cursor,
                             char         separator,
                             const char **item,
                             gsize       *length);
/* Whether @list (NULL for none), items joined by @separator, has an item equal to @value. */
gboolean rig_list_contains  (const char  *list,
                             char         separator,
                             const char  *value);

G_END_DECLS
