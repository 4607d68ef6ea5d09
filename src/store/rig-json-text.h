/* rig-json-text.h: JSON text as people read it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @json with every fractional number written in the fewest digits that read back as the same
 * double: json-glib writes 17 significant digits, so a price of 499.99 came out as
 * 499.99000000000001 and 0.15 USD/kWh as 0.14999999999999999. Strings are left as they are. */
char *rig_json_tidy_numbers (const char *json);

G_END_DECLS
