/* rig-csv.h: an RFC 4180 reader that remembers line numbers, for the catalog compiler and for
 * importing a parts list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint  line;        /* line the record starts on, 1-based */
  GStrv  fields;
} RigCsvRecord;

/* Parses the whole text; on a syntax error sets "LINE: reason" in @error, in English: the
 * catalog compiler's messages are build output. */
GPtrArray *rig_csv_parse            (const char  *text,
                                     gsize        length,
                                     GError     **error);
/* The same for a file someone chose: "line LINE: reason", in the user's language. */
GPtrArray *rig_csv_parse_translated (const char  *text,
                                     gsize        length,
                                     GError     **error);
void       rig_csv_record_free      (RigCsvRecord *record);

G_END_DECLS
