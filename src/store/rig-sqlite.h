/* rig-sqlite.h: binding a statement's parameters without losing a failure
 *
 * sqlite3_bind_* fails on SQLITE_NOMEM, SQLITE_RANGE or a value past SQLite's length limit,
 * and a statement stepped after a failed bind runs with that parameter NULL. A binder keeps the
 * first failure, so a caller binds every value and checks once, before stepping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct
{
  int rc;
} RigSqliteBinder;

#define RIG_SQLITE_BINDER_INIT { SQLITE_OK }

/* @text is copied (SQLITE_TRANSIENT); NULL binds NULL. */
static inline void
rig_sqlite_bind_text (RigSqliteBinder *b,
                      sqlite3_stmt    *stmt,
                      int              index,
                      const char      *text)
{
  if (b->rc == SQLITE_OK)
    b->rc = sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static inline void
rig_sqlite_bind_int64 (RigSqliteBinder *b,
                       sqlite3_stmt    *stmt,
                       int              index,
                       gint64           value)
{
  if (b->rc == SQLITE_OK)
    b->rc = sqlite3_bind_int64 (stmt, index, value);
}

static inline void
rig_sqlite_bind_double (RigSqliteBinder *b,
                        sqlite3_stmt    *stmt,
                        int              index,
                        double           value)
{
  if (b->rc == SQLITE_OK)
    b->rc = sqlite3_bind_double (stmt, index, value);
}

static inline void
rig_sqlite_bind_null (RigSqliteBinder *b,
                      sqlite3_stmt    *stmt,
                      int              index)
{
  if (b->rc == SQLITE_OK)
    b->rc = sqlite3_bind_null (stmt, index);
}

G_END_DECLS
