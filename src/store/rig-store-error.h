/* rig-store-error.h: the store layer's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define RIG_STORE_ERROR (rig_store_error_quark ())
GQuark rig_store_error_quark (void);

typedef enum
{
  RIG_STORE_ERROR_INVALID,      /* a file or value does not read as it must */
  RIG_STORE_ERROR_NOT_FOUND,    /* an id that is not in the catalog or library */
  RIG_STORE_ERROR_CORRUPT,      /* a database that SQLite cannot read */
  RIG_STORE_ERROR_TOO_NEW,      /* a library written by a newer Rigplan */
  RIG_STORE_ERROR_DATABASE,     /* any other SQLite failure */
} RigStoreError;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
