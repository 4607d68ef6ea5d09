/* rig-printf.h: the plan's words, formatted as printf () formats them, faster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdarg.h>

#include <glib.h>

G_BEGIN_DECLS

/* As g_strdup_printf (), g_strdup_vprintf (), g_snprintf () and g_vsnprintf (), with the
 * same result in every locale, byte for byte. The conversions the plan's messages use, %s,
 * %c, %d, %i and %u (with l, ll or z) and %f with a precision of up to nine places, are
 * written here; a format with anything else (a width, a flag, a positional argument a
 * translation may bring, %g) goes to GLib's whole. */
char *rig_strdup_printf  (const char *format,
                          ...) G_GNUC_PRINTF (1, 2) G_GNUC_MALLOC;
char *rig_strdup_vprintf (const char *format,
                          va_list     args) G_GNUC_PRINTF (1, 0) G_GNUC_MALLOC;
int   rig_snprintf       (char       *buffer,
                          gulong      size,
                          const char *format,
                          ...) G_GNUC_PRINTF (3, 4);
int   rig_vsnprintf      (char       *buffer,
                          gulong      size,
                          const char *format,
                          va_list     args) G_GNUC_PRINTF (3, 0);

G_END_DECLS
