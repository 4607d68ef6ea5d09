/* rig-csv.h: the one RFC 4180 reader, with line numbers: for the catalog compiler, importing a
 * parts list and price feeds
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

typedef enum
{
  RIG_CSV_OK,
  RIG_CSV_NOT_UTF8,
  RIG_CSV_UNCLOSED_QUOTE,
  RIG_CSV_STRAY_QUOTE,          /* a quote inside a field that is not quoted */
  RIG_CSV_TEXT_AFTER_QUOTE,
  RIG_CSV_RUNAWAY_QUOTE,        /* a quoted field over lines, ended by text after its quote */
} RigCsvProblem;

typedef struct
{
  guint          line;          /* the record starts on, 1-based */
  RigCsvProblem  problem;
  guint          problem_line;  /* where: for a quote, the line it opens on */
  guint          to_line;       /* RIG_CSV_RUNAWAY_QUOTE: where text follows the closing quote */
} RigCsvIssue;

typedef struct
{
  const char *p;
  const char *end;
  guint       line;             /* of the next byte, from 1 */
} RigCsvScanner;

/* Record by record, for a reader that refuses a bad record and reads on (a price feed). The
 * text must be valid UTF-8. */
void       rig_csv_scanner_init     (RigCsvScanner     *s,
                                     const char        *text,
                                     gsize              length);
gboolean   rig_csv_scanner_next     (RigCsvScanner     *s,
                                     GPtrArray         *fields,
                                     RigCsvIssue       *issue);
char      *rig_csv_issue_describe   (const RigCsvIssue *issue,
                                     gboolean           translated);

G_END_DECLS
