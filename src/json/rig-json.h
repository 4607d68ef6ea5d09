/* rig-json.h: what the build files and the price feeds both need from json-glib
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What a JSON value is, for "must be a string, not %s": "an object", "a number" …, in the
 * user's language; null is JSON's own word for nothing. */
const char *rig_json_node_kind    (JsonNode   *node);
/* Whether @node (NULL for none) holds a number, whole or not. */
gboolean    rig_json_is_number    (JsonNode   *node);
/* Whether @node (NULL for none) holds a string. */
gboolean    rig_json_is_string    (JsonNode   *node);

/* @json with every fractional number written in the fewest digits that read back as the same
 * double: json-glib writes 17 significant digits, so a price of 499.99 came out as
 * 499.99000000000001 and 0.15 USD/kWh as 0.14999999999999999. Strings are left as they are. */
char       *rig_json_tidy_numbers (const char *json);

G_END_DECLS
