/* rig-i18n.h: gettext for the engine, remembered (private to src/core)
 *
 * The engine writes its findings anew at every evaluation, hundreds of times a second while
 * the picker weighs candidates; glibc's dgettext () takes a lock and walks its bindings at each
 * call, a fifth of an evaluation. _() here asks once per message and keeps the answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gi18n-lib.h>

G_BEGIN_DECLS

/* The translation of @msgid, a string that lives as long as the program (a literal); the
 * locale must be set before the first call, as main () does. Thread-safe. */
const char *rig_gettext (const char *msgid) G_GNUC_FORMAT (1);

#undef _
#define _(String) rig_gettext (String)

G_END_DECLS
