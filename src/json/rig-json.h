/* rig-json.h: what the build files and the price feeds both need from json-glib
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The deepest arrays and objects may nest. Rigplan's own files and feeds need 3 levels and
 * Best Buy's answers about 5; json-glib recurses once a level and overflows the stack at
 * about 80,000, which a 200 KB text reaches. */
#define RIG_JSON_MAX_DEPTH 64

#define RIG_JSON_ERROR (rig_json_error_quark ())
GQuark rig_json_error_quark (void);

typedef enum
{
  RIG_JSON_ERROR_TOO_DEEP,    /* nested deeper than RIG_JSON_MAX_DEPTH */
  RIG_JSON_ERROR_NOT_UTF8,    /* a byte that is not UTF-8, or a NUL */
  RIG_JSON_ERROR_NOT_STRICT,  /* a comment or a single-quoted string, which json-glib reads */
} RigJsonError;

/* Loads @data (@length bytes, or up to its NUL for -1) into @parser, as
 * json_parser_load_from_data () does, once the text has passed what json-glib does not check:
 * nesting at most RIG_JSON_MAX_DEPTH deep (RIG_JSON_ERROR_TOO_DEEP), no comments or
 * single-quoted strings (RIG_JSON_ERROR_NOT_STRICT), and UTF-8 without NUL bytes
 * (RIG_JSON_ERROR_NOT_UTF8). A syntax error keeps json-glib's domain and message
 * ("<data>:3:14: Parse error: …") with its control characters replaced, since the message may
 * quote the text. No message names the source: the caller adds the file or the feed. */
gboolean    rig_json_parser_load  (JsonParser  *parser,
                                   const char  *data,
                                   gssize       length,
                                   GError     **error);

/* Whether @node (NULL for none) holds a string that is valid UTF-8. json-glib decodes an
 * escaped lone UTF-16 surrogate ("\ud800x") into bytes that are not, and such a string,
 * once saved, makes the file or the library row unreadable; readers refuse it at the door. */
gboolean    rig_json_is_text      (JsonNode    *node);
/* Why a string that is not rig_json_is_text () is refused, after its JSON path. */
const char *rig_json_not_text_reason (void);

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

/* json-glib reads an integer that does not fit 64 bits wrapped round or as -1, so a price of
 * 123456789012345678901234567890 came out as “-1 is negative”. Returns a copy of @data (of
 * @length bytes, NUL-terminated, its length in @out_length) in which each such integer is
 * written as a fraction (“….0”), which json-glib reads as the large double it is; NULL when
 * @data has none. Strings are left as they are. */
char       *rig_json_widen_integers (const char *data,
                                     gsize       length,
                                     gsize      *out_length);

/* Writers for the JSON Rigplan prints: @member (or none inside an array, where @member is NULL)
 * set to a number, null for NaN, written as an integer when it is whole; to a string, null for
 * NULL; to money of @minor units of @currency ({"amount", "currency", "date" when @date is not
 * NULL}), null for RIG_MONEY_UNKNOWN. */
void        rig_json_add_number   (JsonBuilder *builder,
                                   const char  *member,
                                   double       value);
void        rig_json_add_string   (JsonBuilder *builder,
                                   const char  *member,
                                   const char  *value);
void        rig_json_add_money    (JsonBuilder *builder,
                                   const char  *member,
                                   gint64       minor,
                                   const char  *currency,
                                   const char  *date);

G_END_DECLS
