/* rig-text.h: text from outside (files, feeds, servers) made safe to show and to store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <string.h>

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

/* Whether @text (NULL for none) begins with @literal, a string literal. The comparison is
 * written out byte by byte where it is used, with no call: a plan asks such questions of
 * catalog values (a memory kit's type, a cooler's kind) dozens of times, and a call to
 * strcmp () costs more than the few bytes it compares. */
#define rig_str_starts(text, literal) rig_str_starts_ ((text), "" literal "", sizeof (literal) - 1)
/* Whether @text (NULL for none) is @literal, a string literal, compared as above. */
#define rig_str_is(text, literal) rig_str_is_ ((text), "" literal "", sizeof (literal) - 1)

static inline gboolean
rig_str_starts_ (const char *text,
                 const char *literal,
                 gsize       length)
{
  if (text == NULL)
    return FALSE;
  /* A shorter @text differs at its terminating zero: nothing past it is read. */
#pragma GCC unroll 16
  for (gsize i = 0; i < length; i++)
    if (text[i] != literal[i])
      return FALSE;
  return TRUE;
}

static inline gboolean
rig_str_is_ (const char *text,
             const char *literal,
             gsize       length)
{
  return rig_str_starts_ (text, literal, length) && text[length] == '\0';
}

/* Whether @a and @b, neither NULL, are the same text: one string, or equal ones, where the
 * first letters are compared before strcmp () is called. */
static inline gboolean
rig_str_same (const char *a,
              const char *b)
{
  return a == b || (a[0] == b[0] && strcmp (a, b) == 0);
}

G_END_DECLS
