/* rig-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "rig-build-file.h"
#include "rig-json.h"
#include "rig-library.h"
#include "rig-sqlite.h"
#include "rig-store-error.h"
#include "rig-text.h"

struct _RigLibrary
{
  GObject  parent_instance;
  sqlite3 *db;
  char    *path;
  int      schema_version;
  gboolean read_only;
};

G_DEFINE_FINAL_TYPE (RigLibrary, rig_library, G_TYPE_OBJECT)

/* Migration N takes the schema from version N to N + 1. Never edit a shipped migration:
 * add a new one, and raise RIG_LIBRARY_SCHEMA_VERSION. */
static const char * const migrations[] = {
  /* 0 → 1: saved builds and custom parts */
  "CREATE TABLE builds ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  json TEXT NOT NULL,"
  "  created INTEGER NOT NULL,"
  "  modified INTEGER NOT NULL);"
  "CREATE TABLE custom_parts ("
  "  id TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  json TEXT NOT NULL,"
  "  modified INTEGER NOT NULL);",

  /* 1 → 2: price observations, each with where and when it came from */
  "CREATE TABLE price_observations ("
  "  id INTEGER PRIMARY KEY,"
  "  part_id TEXT NOT NULL,"
  "  source TEXT NOT NULL,"
  "  condition TEXT NOT NULL CHECK (condition IN ('new', 'used')),"
  "  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),"
  "  currency TEXT NOT NULL CHECK (length (currency) = 3),"
  "  observed_at INTEGER NOT NULL);"
  "CREATE INDEX price_observations_part ON price_observations (part_id, observed_at);",

  /* 2 → 3: where prices come from (with the validators of the last response), cloud GPU rates
   * and currency rates, each with its source */
  "CREATE TABLE price_sources ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('feed', 'bestbuy')),"
  "  name TEXT NOT NULL,"
  "  url TEXT NOT NULL UNIQUE,"
  "  enabled INTEGER NOT NULL DEFAULT 1,"
  "  etag TEXT,"
  "  last_modified TEXT,"
  "  checked_at INTEGER,"
  "  status TEXT);"
  "CREATE TABLE cloud_rates ("
  "  id INTEGER PRIMARY KEY,"
  "  gpu TEXT NOT NULL,"
  "  count INTEGER NOT NULL CHECK (count > 0),"
  "  per_hour_minor INTEGER NOT NULL CHECK (per_hour_minor > 0),"
  "  currency TEXT NOT NULL CHECK (length (currency) = 3),"
  "  provider TEXT,"
  "  source TEXT NOT NULL,"
  "  observed_at INTEGER NOT NULL);"
  "CREATE TABLE fx_rates ("
  "  currency TEXT PRIMARY KEY CHECK (length (currency) = 3),"
  "  per_usd REAL NOT NULL CHECK (per_usd > 0),"
  "  source TEXT NOT NULL,"
  "  observed_at INTEGER NOT NULL);",

  /* 3 → 4: whether the user set a currency rate, so that a feed's never replaces it (rates set
   * before were the user's when `prices set-rate` stored them, with the source "user") */
  "ALTER TABLE fx_rates ADD COLUMN set_by_user INTEGER NOT NULL DEFAULT 0;"
  "UPDATE fx_rates SET set_by_user = 1 WHERE source = 'user';",

  /* 4 → 5: an index for each duplicate check, which compared a feed's prices (all of the feed's
   * date) one by one with every price of the part; cloud rates stored again by every refresh
   * of the same feed are removed, and then checked like prices */
  "CREATE INDEX price_observations_exact ON price_observations"
  "  (part_id, source, condition, amount_minor, currency, observed_at);"
  "DELETE FROM cloud_rates WHERE id NOT IN (SELECT MIN (id) FROM cloud_rates"
  "  GROUP BY gpu, count, per_hour_minor, currency, provider, source, observed_at);"
  "CREATE INDEX cloud_rates_exact ON cloud_rates"
  "  (gpu, count, per_hour_minor, currency, provider, source, observed_at);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == RIG_LIBRARY_SCHEMA_VERSION);

static void
rig_library_finalize (GObject *object)
{
  RigLibrary *self = RIG_LIBRARY (object);

  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->path);
  G_OBJECT_CLASS (rig_library_parent_class)->finalize (object);
}

static void
rig_library_class_init (RigLibraryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rig_library_finalize;
}

static void
rig_library_init (RigLibrary *self)
{
}

char *
rig_library_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "rigplan", "library.sqlite", NULL);
}

static gboolean
db_error (RigLibrary *self,
          GError    **error)
{
  g_autofree char *message = NULL;
  int code = sqlite3_errcode (self->db);

  if (code == SQLITE_READONLY && self->read_only)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_DATABASE,
                   /* Translators: %s is a file name */
                   _("%s can only be read here (the file or its folder is not writable), so "
                     "nothing was changed; make both writable to change the library."),
                   self->path);
      return FALSE;
    }
  /* SQLite's words may quote the damaged file's own bytes. */
  message = rig_text_sanitize (sqlite3_errmsg (self->db));
  g_set_error (error, RIG_STORE_ERROR,
               code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? RIG_STORE_ERROR_CORRUPT
                                                                : RIG_STORE_ERROR_DATABASE,
               "%s: %s", self->path, message);
  return FALSE;
}

/* TRUE when every value was bound; else the error, with SQLite's words for it. */
static gboolean
bind_ok (RigLibrary      *self,
         RigSqliteBinder *b,
         GError         **error)
{
  if (b->rc == SQLITE_OK)
    return TRUE;
  g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_DATABASE, "%s: %s", self->path,
               sqlite3_errstr (b->rc));
  return FALSE;
}

static gboolean
exec (RigLibrary *self,
      const char *sql,
      GError    **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_error (self, error);
  return TRUE;
}

static gboolean
query_int (RigLibrary *self,
           const char *sql,
           int        *out,
           GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return db_error (self, error);
  *out = sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* True when the file starts with SQLite's header, or is empty (a new database). */
static gboolean
looks_like_sqlite (const char *path,
                   GError    **error)
{
  static const char magic[16] = "SQLite format 3";
  char header[16] = { 0 };
  FILE *f = g_fopen (path, "rb");
  size_t n;

  if (f == NULL)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  n = fread (header, 1, sizeof header, f);
  fclose (f);
  if (n == 0 || (n == sizeof header && memcmp (header, magic, sizeof magic) == 0))
    return TRUE;

  g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT,
               /* Translators: %s is a file name */
               _("%s is not a Rigplan library (it is not an SQLite database). It was left as it "
                 "is; move it away to start a new library."), path);
  return FALSE;
}

static gboolean
migrate (RigLibrary *self,
         GError    **error)
{
  int v = self->schema_version;

  if (v == RIG_LIBRARY_SCHEMA_VERSION)
    return TRUE;
  /* One transaction for every step: a library that cannot be brought up to date is left
   * exactly as it was, not half-way. */
  if (!exec (self, "BEGIN IMMEDIATE;", error))
    return FALSE;
  for (; v < RIG_LIBRARY_SCHEMA_VERSION; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", v + 1);

      if (!exec (self, migrations[v], error) || !exec (self, bump, error))
        {
          sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
          /* Translators: the start of a message; %d is a version of the library's format */
          g_prefix_error (error, _("updating the library to version %d: "), v + 1);
          return FALSE;
        }
    }
  if (!exec (self, "COMMIT;", error))
    {
      sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
      return FALSE;
    }
  self->schema_version = v;
  return TRUE;
}

/* A library this process cannot write: the file, or the folder SQLite writes its journal to. */
static gboolean
is_writable (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  return g_access (path, W_OK) == 0 && g_access (dir, W_OK) == 0;
}

/* The SQLite URI that opens @path read-only. Without a WAL file beside it no other connection
 * has the library open, and when none can be created (a read-only folder) SQLite can only read
 * it as immutable. */
static char *
read_only_uri (const char *path)
{
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  gboolean immutable = !g_file_test (wal, G_FILE_TEST_EXISTS) && g_access (dir, W_OK) != 0;

  return g_strdup_printf ("file:%s?mode=ro%s", escaped, immutable ? "&immutable=1" : "");
}

static RigLibrary *
library_open (const char *path,
              gboolean    read_only,
              GError    **error)
{
  g_autoptr(RigLibrary) self = g_object_new (RIG_TYPE_LIBRARY, NULL);
  gboolean exists = g_file_test (path, G_FILE_TEST_EXISTS);
  int flags = SQLITE_OPEN_READWRITE;
  g_autofree char *uri = NULL;

  self->path = g_strdup (path);
  self->read_only = read_only;

  if (exists)
    {
      if (!looks_like_sqlite (path, error))
        return NULL;
    }
  else if (read_only)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   /* Translators: %s is a file name */
                   _("%s: there is no library yet; a command that saves something creates it"),
                   path);
      return NULL;
    }
  else
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", dir,
                       g_strerror (saved));
          return NULL;
        }
      flags |= SQLITE_OPEN_CREATE;
    }
  if (read_only)
    {
      uri = read_only_uri (path);
      flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
    }

  if (sqlite3_open_v2 (uri ? uri : path, &self->db, flags, NULL) != SQLITE_OK)
    {
      db_error (self, error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 2000);
  sqlite3_extended_result_codes (self->db, 0);

  /* Read the version before anything writes: a newer library must stay untouched. */
  if (!query_int (self, "PRAGMA user_version", &self->schema_version, error))
    return NULL;
  if (self->schema_version > RIG_LIBRARY_SCHEMA_VERSION)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_TOO_NEW,
                   /* Translators: %s is a file name, the first %d the version of its format,
                    * the second the newest version this Rigplan knows */
                   _("%s was written by a newer Rigplan (library version %d; this one knows up "
                     "to %d). It was not changed; update Rigplan to open it."),
                   path, self->schema_version, RIG_LIBRARY_SCHEMA_VERSION);
      return NULL;
    }
  /* No Rigplan writes a negative version; migrating from one would run whatever lies before the
   * migrations as SQL. */
  if (self->schema_version < 0)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT,
                   /* Translators: %s is a file name, the first %d the version of its format as
                    * the file gives it (a negative number), the second the newest version this
                    * Rigplan knows */
                   _("%s is damaged (version %d; this Rigplan reads versions 0 to %d). It was "
                     "left as it is; restore a backup or move it away to start a new library."),
                   path, self->schema_version, RIG_LIBRARY_SCHEMA_VERSION);
      return NULL;
    }

  if (exists)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL) != SQLITE_OK ||
          sqlite3_step (stmt) != SQLITE_ROW ||
          g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
        {
          /* The damage as SQLite describes it, which may quote the file's own bytes. */
          g_autofree char *damage =
            rig_text_sanitize (stmt && sqlite3_column_text (stmt, 0)
                                 ? (const char *) sqlite3_column_text (stmt, 0)
                                 : sqlite3_errmsg (self->db));

          g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT,
                       /* Translators: the first %s is a file name, the second SQLite's
                        * description of the damage */
                       _("%s is damaged (%s). It was left as it is; restore a backup or move it "
                         "away to start a new library."), path, damage);
          return NULL;
        }
    }

  /* Read-only, the library is read as it is: it cannot be brought up to date. */
  if (read_only)
    {
      if (self->schema_version < RIG_LIBRARY_SCHEMA_VERSION)
        {
          g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_DATABASE,
                       /* Translators: %s is a file name, the first %d the version of its
                        * format, the second the version this Rigplan reads */
                       _("%s was written by an older Rigplan (library version %d; this one "
                         "reads %d) and can only be read here, so it cannot be updated. It was "
                         "left as it is; make it and its folder writable."),
                       path, self->schema_version, RIG_LIBRARY_SCHEMA_VERSION);
          return NULL;
        }
      return g_steal_pointer (&self);
    }

  /* Migrated first: a library that cannot be brought up to date keeps its journal mode too. */
  if (!exec (self, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", error) ||
      !migrate (self, error))
    return NULL;
  /* WAL: readers never block the writer, and a crash loses nothing committed. */
  if (!exec (self, "PRAGMA journal_mode = WAL;", error))
    return NULL;

  return g_steal_pointer (&self);
}

RigLibrary *
rig_library_new (const char *path,
                 GError    **error)
{
  /* Listing what a read-only library holds works; changing it says why it cannot. */
  return library_open (path, g_file_test (path, G_FILE_TEST_EXISTS) && !is_writable (path), error);
}

RigLibrary *
rig_library_new_read_only (const char *path,
                           GError    **error)
{
  return library_open (path, TRUE, error);
}

gboolean
rig_library_is_read_only (RigLibrary *self)
{
  g_return_val_if_fail (RIG_IS_LIBRARY (self), TRUE);
  return self->read_only;
}

int
rig_library_get_schema_version (RigLibrary *self)
{
  g_return_val_if_fail (RIG_IS_LIBRARY (self), -1);
  return self->schema_version;
}

gint64
rig_library_save_build (RigLibrary     *self,
                        gint64          id,
                        const RigBuild *build,
                        GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = rig_build_to_json (build);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  RigSqliteBinder b = RIG_SQLITE_BINDER_INIT;
  const char *sql;

  g_return_val_if_fail (RIG_IS_LIBRARY (self), 0);

  if (id > 0)
    sql = "UPDATE builds SET name = ?1, json = ?2, modified = ?3 WHERE id = ?4";
  else
    sql = "INSERT INTO builds (name, json, created, modified) VALUES (?1, ?2, ?3, ?3)";

  if (!exec (self, "BEGIN IMMEDIATE;", error))
    return 0;
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  rig_sqlite_bind_text (&b, stmt, 1, build->name);
  rig_sqlite_bind_text (&b, stmt, 2, json);
  rig_sqlite_bind_int64 (&b, stmt, 3, now);
  if (id > 0)
    rig_sqlite_bind_int64 (&b, stmt, 4, id);
  if (!bind_ok (self, &b, error))
    goto rollback;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  if (id > 0 && sqlite3_changes (self->db) == 0)
    {
      sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND,
                   /* Translators: %lld is the number of a saved build */
                   _("no saved build %lld in the library"), (long long) id);
      return 0;
    }
  if (id <= 0)
    id = sqlite3_last_insert_rowid (self->db);
  if (!exec (self, "COMMIT;", error))
    goto rollback;
  return id;

failed:
  db_error (self, error);
rollback:
  sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
  return 0;
}

RigBuild *
rig_library_load_build (RigLibrary *self,
                        gint64      id,
                        GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local = NULL;
  RigBuild *build;
  int rc;

  g_return_val_if_fail (RIG_IS_LIBRARY (self), NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT json FROM builds WHERE id = ?", -1, &stmt, NULL)
      != SQLITE_OK)
    {
      db_error (self, error);
      return NULL;
    }
  if (sqlite3_bind_int64 (stmt, 1, id) != SQLITE_OK)
    {
      db_error (self, error);
      return NULL;
    }
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND,
                     /* Translators: %lld is the number of a saved build */
                     _("no saved build %lld in the library"), (long long) id);
      else
        db_error (self, error);
      return NULL;
    }
  if (!(build = rig_build_from_json ((const char *) sqlite3_column_text (stmt, 0), -1, &local)))
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT,
                   /* Translators: %lld is the number of a saved build, %s why it cannot be
                    * read */
                   _("saved build %lld cannot be read: %s"), (long long) id, local->message);
      return NULL;
    }
  return build;
}

gboolean
rig_library_delete_build (RigLibrary *self,
                          gint64      id,
                          GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RIG_IS_LIBRARY (self), FALSE);

  if (sqlite3_prepare_v2 (self->db, "DELETE FROM builds WHERE id = ?", -1, &stmt, NULL)
      != SQLITE_OK || sqlite3_bind_int64 (stmt, 1, id) != SQLITE_OK)
    return db_error (self, error);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_error (self, error);
  return TRUE;
}

void
rig_library_entry_free (RigLibraryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->name);
  g_free (entry);
}

GPtrArray *
rig_library_list_builds (RigLibrary *self,
                         GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_library_entry_free);
  int rc;

  g_return_val_if_fail (RIG_IS_LIBRARY (self), NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT id, name, modified FROM builds "
                                    "ORDER BY modified DESC, id DESC", -1, &stmt, NULL)
      != SQLITE_OK)
    {
      db_error (self, error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RigLibraryEntry *entry = g_new0 (RigLibraryEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      entry->modified = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (out, entry);
    }
  if (rc != SQLITE_DONE)
    {
      db_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

gboolean
rig_library_save_custom_part (RigLibrary    *self,
                              const RigPart *part,
                              GError       **error)
{
  const RigTable *table = rig_part_table (part->kind);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = NULL;
  RigSqliteBinder binds = RIG_SQLITE_BINDER_INIT;

  g_return_val_if_fail (RIG_IS_LIBRARY (self), FALSE);

  if (!rig_id_is_valid (part->id))
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID,
                   /* Translators: %s is what was given as a part id */
                   _("“%s” is not a part id (lowercase, like “my-custom-gpu”)"),
                   part->id ? part->id : "");
      return FALSE;
    }

  json_builder_begin_object (b);
  for (guint f = 0; f < table->n_fields; f++)
    {
      g_autofree char *text = rig_field_to_text (&table->fields[f], part);

      if (text == NULL)
        continue;
      json_builder_set_member_name (b, table->fields[f].name);
      json_builder_add_string_value (b, text);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json = json_generator_to_data (gen, NULL);

  if (sqlite3_prepare_v2 (self->db, "INSERT OR REPLACE INTO custom_parts VALUES (?, ?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return db_error (self, error);
  rig_sqlite_bind_text (&binds, stmt, 1, part->id);
  rig_sqlite_bind_text (&binds, stmt, 2, rig_part_kind_to_string (part->kind));
  rig_sqlite_bind_text (&binds, stmt, 3, json);
  rig_sqlite_bind_int64 (&binds, stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  if (!bind_ok (self, &binds, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_error (self, error);
  return TRUE;
}

RigPart *
rig_library_get_custom_part (RigLibrary *self,
                             const char *id,
                             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RigPart) part = NULL;
  g_autoptr(GError) local = NULL;
  const RigTable *table;
  JsonObject *obj;
  RigPartKind kind;

  g_return_val_if_fail (RIG_IS_LIBRARY (self), NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT kind, json FROM custom_parts WHERE id = ?", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      db_error (self, error);
      return NULL;
    }
  if (sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT) != SQLITE_OK)
    {
      db_error (self, error);
      return NULL;
    }
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is a part id */
                   _("no custom part “%s” in the library"), id);
      return NULL;
    }
  if (!rig_part_kind_from_string ((const char *) sqlite3_column_text (stmt, 0), &kind))
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT,
                   /* Translators: %s is a part id */
                   _("custom part “%s” cannot be read"), id);
      return NULL;
    }
  if (!rig_json_parser_load (parser, (const char *) sqlite3_column_text (stmt, 1), -1, &local))
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT,
                   /* Translators: the first %s is a part id, the second why its row cannot be
                    * read */
                   _("custom part “%s” cannot be read: %s"), id, local->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT,
                   /* Translators: %s is a part id */
                   _("custom part “%s” cannot be read"), id);
      return NULL;
    }

  table = rig_part_table (kind);
  part = rig_part_new (kind);
  obj = json_node_get_object (json_parser_get_root (parser));
  for (guint f = 0; f < table->n_fields; f++)
    {
      const RigField *field = &table->fields[f];
      JsonNode *node = json_object_get_member (obj, field->name);
      const char *text = NULL;

      if (node != NULL && JSON_NODE_HOLDS_NULL (node))
        node = NULL;
      if (node != NULL && !rig_json_is_text (node))
        {
          g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT,
                       /* Translators: the first %s is a part id, the second the name of one of
                        * its fields as the library stores it, such as “memory_gib”, the third
                        * what is wrong with its value */
                       _("custom part “%s”: %s: %s"), id, field->name,
                       rig_json_is_string (node) ? rig_json_not_text_reason ()
                                                 : _("must be a string"));
          return NULL;
        }
      if (node != NULL)
        text = json_node_get_string (node);
      if (!rig_field_set_text (field, part, text, &local))
        {
          g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT,
                       /* Translators: the first %s is a part id, the second the name of one of
                        * its fields as the library stores it, such as “memory_gib”, the third
                        * what is wrong with its value */
                       _("custom part “%s”: %s: %s"), id, field->name, local->message);
          return NULL;
        }
    }
  return g_steal_pointer (&part);
}

gboolean
rig_library_add_price (RigLibrary                *self,
                       const RigPriceObservation *obs,
                       GError                   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  RigSqliteBinder b = RIG_SQLITE_BINDER_INIT;

  g_return_val_if_fail (RIG_IS_LIBRARY (self), FALSE);

  if (obs->amount_minor < 0)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID,
                   /* Translators: %s is a part id */
                   _("%s: a price cannot be negative"), obs->part_id);
      return FALSE;
    }
  if (sqlite3_prepare_v2 (self->db, "INSERT INTO price_observations (part_id, source, condition,"
                                    " amount_minor, currency, observed_at) VALUES (?, ?, ?, ?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return db_error (self, error);
  rig_sqlite_bind_text (&b, stmt, 1, obs->part_id);
  rig_sqlite_bind_text (&b, stmt, 2, obs->source);
  rig_sqlite_bind_text (&b, stmt, 3, rig_condition_to_string (obs->condition));
  rig_sqlite_bind_int64 (&b, stmt, 4, obs->amount_minor);
  rig_sqlite_bind_text (&b, stmt, 5, obs->currency);
  rig_sqlite_bind_int64 (&b, stmt, 6, obs->observed_at);
  if (!bind_ok (self, &b, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_error (self, error);
  return TRUE;
}

void
rig_price_observation_free (RigPriceObservation *observation)
{
  if (observation == NULL)
    return;
  g_free (observation->part_id);
  g_free (observation->source);
  g_free (observation);
}

GPtrArray *
rig_library_list_prices (RigLibrary *self,
                         const char *part_id,
                         GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) out =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rig_price_observation_free);
  int rc;

  g_return_val_if_fail (RIG_IS_LIBRARY (self), NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT part_id, source, condition, amount_minor, currency,"
                                    " observed_at FROM price_observations WHERE part_id = ?"
                                    " ORDER BY observed_at DESC, id DESC", -1, &stmt, NULL)
      != SQLITE_OK)
    {
      db_error (self, error);
      return NULL;
    }
  if (sqlite3_bind_text (stmt, 1, part_id, -1, SQLITE_TRANSIENT) != SQLITE_OK)
    {
      db_error (self, error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RigPriceObservation *obs = g_new0 (RigPriceObservation, 1);

      obs->part_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      obs->source = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      obs->condition = rig_condition_from_string ((const char *) sqlite3_column_text (stmt, 2));
      obs->amount_minor = sqlite3_column_int64 (stmt, 3);
      g_strlcpy (obs->currency, (const char *) sqlite3_column_text (stmt, 4), sizeof obs->currency);
      obs->observed_at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (out, obs);
    }
  if (rc != SQLITE_DONE)
    {
      db_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* Price sources ------------------------------------------------------------------------- */

const char *
rig_price_source_kind_to_string (RigPriceSourceKind kind)
{
  return kind == RIG_PRICE_SOURCE_BESTBUY ? "bestbuy" : "feed";
}

int
rig_price_source_kind_from_string (const char *text)
{
  if (g_strcmp0 (text, "feed") == 0)
    return RIG_PRICE_SOURCE_FEED;
  if (g_strcmp0 (text, "bestbuy") == 0)
    return RIG_PRICE_SOURCE_BESTBUY;
  return -1;
}

void
rig_price_source_free (RigPriceSource *source)
{
  if (source == NULL)
    return;
  g_free (source->name);
  g_free (source->url);
  g_free (source->etag);
  g_free (source->last_modified);
  g_free (source->status);
  g_free (source);
}

gint64
rig_library_add_source (RigLibrary         *self,
                        RigPriceSourceKind  kind,
                        const char         *name,
                        const char         *url,
                        GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  RigSqliteBinder b = RIG_SQLITE_BINDER_INIT;

  g_return_val_if_fail (RIG_IS_LIBRARY (self), 0);

  if (sqlite3_prepare_v2 (self->db, "INSERT INTO price_sources (kind, name, url) VALUES (?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return db_error (self, error);
  rig_sqlite_bind_text (&b, stmt, 1, rig_price_source_kind_to_string (kind));
  rig_sqlite_bind_text (&b, stmt, 2, name);
  rig_sqlite_bind_text (&b, stmt, 3, url);
  if (!bind_ok (self, &b, error))
    return 0;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE)
        {
          g_set_error_literal (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID,
                               _("there is already a price source with that address"));
          return 0;
        }
      return db_error (self, error);
    }
  return sqlite3_last_insert_rowid (self->db);
}

GPtrArray *
rig_library_list_sources (RigLibrary *self,
                          GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_price_source_free);
  int rc;

  g_return_val_if_fail (RIG_IS_LIBRARY (self), NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT id, kind, name, url, enabled, etag, last_modified,"
                                    " checked_at, status FROM price_sources ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      db_error (self, error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RigPriceSource *source = g_new0 (RigPriceSource, 1);
      int kind = rig_price_source_kind_from_string ((const char *) sqlite3_column_text (stmt, 1));

      source->id = sqlite3_column_int64 (stmt, 0);
      source->kind = kind < 0 ? RIG_PRICE_SOURCE_FEED : kind;
      /* A library written before outside text was cleaned at the door may hold an ESC
       * sequence from a server; what it holds is cleaned again on the way to a label. */
      source->name = rig_text_sanitize ((const char *) sqlite3_column_text (stmt, 2));
      source->url = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      source->enabled = sqlite3_column_int (stmt, 4) != 0;
      source->etag = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      source->last_modified = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      source->checked_at = sqlite3_column_int64 (stmt, 7);
      source->status = rig_text_sanitize ((const char *) sqlite3_column_text (stmt, 8));
      g_ptr_array_add (out, source);
    }
  if (rc != SQLITE_DONE)
    {
      db_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
step_changes_one (RigLibrary   *self,
                  sqlite3_stmt *stmt,
                  gint64        id,
                  GError      **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_error (self, error);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND,
                   /* Translators: %lld is the number of a price source */
                   _("there is no price source %lld"), (long long) id);
      return FALSE;
    }
  return TRUE;
}

gboolean
rig_library_remove_source (RigLibrary *self,
                           gint64      id,
                           GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RIG_IS_LIBRARY (self), FALSE);

  if (sqlite3_prepare_v2 (self->db, "DELETE FROM price_sources WHERE id = ?", -1, &stmt, NULL)
      != SQLITE_OK || sqlite3_bind_int64 (stmt, 1, id) != SQLITE_OK)
    return db_error (self, error);
  return step_changes_one (self, stmt, id, error);
}

gboolean
rig_library_update_source (RigLibrary           *self,
                           const RigPriceSource *source,
                           GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  RigSqliteBinder b = RIG_SQLITE_BINDER_INIT;

  g_return_val_if_fail (RIG_IS_LIBRARY (self), FALSE);

  if (sqlite3_prepare_v2 (self->db, "UPDATE price_sources SET enabled = ?, etag = ?, last_modified = ?,"
                                    " checked_at = ?, status = ? WHERE id = ?", -1, &stmt, NULL)
      != SQLITE_OK)
    return db_error (self, error);
  rig_sqlite_bind_int64 (&b, stmt, 1, source->enabled);
  rig_sqlite_bind_text (&b, stmt, 2, source->etag);
  rig_sqlite_bind_text (&b, stmt, 3, source->last_modified);
  rig_sqlite_bind_int64 (&b, stmt, 4, source->checked_at);
  rig_sqlite_bind_text (&b, stmt, 5, source->status);
  rig_sqlite_bind_int64 (&b, stmt, 6, source->id);
  if (!bind_ok (self, &b, error))
    return FALSE;
  return step_changes_one (self, stmt, source->id, error);
}

static gboolean
check_fx_rate (const char *currency,
               double      per_usd,
               GError    **error)
{
  if (currency == NULL || strlen (currency) != 3 || !rig_fx_rate_is_plausible (per_usd))
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID,
                   /* Translators: %s is a currency code, such as “EUR”, or “(none)”; %g what
                    * was given as its rate, then the lowest (%g) and the highest (%.0f) rate
                    * taken */
                   _("%s: %g per US dollar is not a currency rate; give how many units of it "
                     "buy one US dollar, from %g to %.0f"),
                   currency ? currency : _("(none)"), per_usd, RIG_FX_RATE_MIN, RIG_FX_RATE_MAX);
      return FALSE;
    }
  return TRUE;
}

/* Stores a rate; one the user set is only replaced by another the user sets. */
static gboolean
store_fx_rate (RigLibrary *self,
               const char *currency,
               double      per_usd,
               const char *source,
               gint64      observed_at,
               gboolean    by_user,
               gboolean   *stored,
               GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  RigSqliteBinder b = RIG_SQLITE_BINDER_INIT;

  if (!check_fx_rate (currency, per_usd, error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db, "INSERT INTO fx_rates (currency, per_usd, source, observed_at,"
                                    " set_by_user) VALUES (?1, ?2, ?3, ?4, ?5)"
                                    " ON CONFLICT (currency) DO UPDATE SET per_usd = ?2, source = ?3,"
                                    " observed_at = ?4, set_by_user = ?5"
                                    " WHERE ?5 OR NOT set_by_user", -1, &stmt, NULL) != SQLITE_OK)
    return db_error (self, error);
  rig_sqlite_bind_text (&b, stmt, 1, currency);
  rig_sqlite_bind_double (&b, stmt, 2, per_usd);
  rig_sqlite_bind_text (&b, stmt, 3, source);
  rig_sqlite_bind_int64 (&b, stmt, 4, observed_at);
  rig_sqlite_bind_int64 (&b, stmt, 5, by_user);
  if (!bind_ok (self, &b, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_error (self, error);
  if (stored != NULL)
    *stored = sqlite3_changes (self->db) > 0;
  return TRUE;
}

/* Price observations, cloud rates and currency rates from one response are stored together or not at all, and
 * one already stored (every field the same) is not stored twice: refreshing a feed that did not
 * change adds nothing. Each check is one look-up in an index, so a feed is stored in time
 * linear in its size, however many of its prices share a part and a date. */
gboolean
rig_library_add_observations (RigLibrary                 *self,
                              RigPriceObservation * const *prices,
                              guint                       n_prices,
                              const RigLibraryRate * const *rates,
                              guint                       n_rates,
                              const RigLibraryFxRate     *fx,
                              guint                       n_fx,
                              guint                      *prices_added,
                              guint                      *rates_added,
                              GError                    **error)
{
  g_autoptr(sqlite3_stmt) price = NULL;
  g_autoptr(sqlite3_stmt) rate = NULL;
  guint n_new_prices = 0, n_new_rates = 0;

  g_return_val_if_fail (RIG_IS_LIBRARY (self), FALSE);

  for (guint i = 0; i < n_prices; i++)
    if (prices[i]->amount_minor <= 0 || strlen (prices[i]->currency) != 3)
      {
        g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID,
                     /* Translators: the first %s is a part id, %lld an amount in hundredths
                      * (cents), the second %s its currency code, such as “USD” */
                     _("%s: %lld %s is not a price"), prices[i]->part_id,
                     (long long) prices[i]->amount_minor, prices[i]->currency);
        return FALSE;
      }
  if (!exec (self, "BEGIN IMMEDIATE;", error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO price_observations (part_id, source, condition, amount_minor,"
                          " currency, observed_at) SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS"
                          " (SELECT 1 FROM price_observations WHERE part_id = ?1 AND source = ?2"
                          " AND condition = ?3 AND amount_minor = ?4 AND currency = ?5"
                          " AND observed_at = ?6)", -1, &price, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (self->db,
                             "INSERT INTO cloud_rates (gpu, count, per_hour_minor, currency, provider,"
                             " source, observed_at) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE NOT EXISTS"
                             " (SELECT 1 FROM cloud_rates WHERE gpu = ?1 AND count = ?2"
                             " AND per_hour_minor = ?3 AND currency = ?4 AND provider IS ?5"
                             " AND source = ?6 AND observed_at = ?7)", -1, &rate, NULL)
         != SQLITE_OK)
    goto fail;
  for (guint i = 0; i < n_prices; i++)
    {
      const RigPriceObservation *obs = prices[i];
      RigSqliteBinder b = RIG_SQLITE_BINDER_INIT;

      sqlite3_reset (price);
      rig_sqlite_bind_text (&b, price, 1, obs->part_id);
      rig_sqlite_bind_text (&b, price, 2, obs->source);
      rig_sqlite_bind_text (&b, price, 3, rig_condition_to_string (obs->condition));
      rig_sqlite_bind_int64 (&b, price, 4, obs->amount_minor);
      rig_sqlite_bind_text (&b, price, 5, obs->currency);
      rig_sqlite_bind_int64 (&b, price, 6, obs->observed_at);
      if (!bind_ok (self, &b, error))
        goto rollback;
      if (sqlite3_step (price) != SQLITE_DONE)
        goto fail;
      n_new_prices += sqlite3_changes (self->db);
    }
  for (guint i = 0; i < n_rates; i++)
    {
      const RigLibraryRate *r = rates[i];
      RigSqliteBinder b = RIG_SQLITE_BINDER_INIT;

      sqlite3_reset (rate);
      rig_sqlite_bind_text (&b, rate, 1, r->gpu);
      rig_sqlite_bind_int64 (&b, rate, 2, r->count);
      rig_sqlite_bind_int64 (&b, rate, 3, r->per_hour_minor);
      rig_sqlite_bind_text (&b, rate, 4, r->currency);
      rig_sqlite_bind_text (&b, rate, 5, r->provider);
      rig_sqlite_bind_text (&b, rate, 6, r->source);
      rig_sqlite_bind_int64 (&b, rate, 7, r->observed_at);
      if (!bind_ok (self, &b, error))
        goto rollback;
      if (sqlite3_step (rate) != SQLITE_DONE)
        goto fail;
      n_new_rates += sqlite3_changes (self->db);
    }
  for (guint i = 0; i < n_fx; i++)
    if (!store_fx_rate (self, fx[i].currency, fx[i].per_usd, fx[i].source, fx[i].observed_at,
                        FALSE, NULL, error))
      goto rollback;
  if (!exec (self, "COMMIT;", error))
    goto rollback;
  if (prices_added != NULL)
    *prices_added = n_new_prices;
  if (rates_added != NULL)
    *rates_added = n_new_rates;
  return TRUE;

fail:
  db_error (self, error);
rollback:
  sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
  return FALSE;
}

/* The newest observation of @part_id in @condition, or NULL (and no error) when there is none. */
RigPriceObservation *
rig_library_latest_price (RigLibrary   *self,
                          const char   *part_id,
                          RigCondition  condition,
                          GError      **error)
{
  g_autoptr(GPtrArray) all = rig_library_list_prices (self, part_id, error);

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      RigPriceObservation *obs = g_ptr_array_index (all, i);

      if (obs->condition == condition)
        return g_ptr_array_steal_index (all, i);
    }
  return NULL;
}

gboolean
rig_library_set_fx_rate (RigLibrary *self,
                         const char *currency,
                         double      per_usd,
                         const char *source,
                         gint64      observed_at,
                         GError    **error)
{
  g_return_val_if_fail (RIG_IS_LIBRARY (self), FALSE);
  return store_fx_rate (self, currency, per_usd, source, observed_at, TRUE, NULL, error);
}

gboolean
rig_library_set_feed_fx_rate (RigLibrary *self,
                              const char *currency,
                              double      per_usd,
                              const char *source,
                              gint64      observed_at,
                              gboolean   *stored,
                              GError    **error)
{
  g_return_val_if_fail (RIG_IS_LIBRARY (self), FALSE);
  return store_fx_rate (self, currency, per_usd, source, observed_at, FALSE, stored, error);
}

/* The stored rate for @currency (units a US dollar buys; 1 for USD, NAN without one), and when
 * @source is set, where it came from and when: "ecb.example, 2026-11-20" (NULL for USD). */
static double
fx_rate (RigLibrary  *self,
         const char  *currency,
         char       **source)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  double rate;

  if (source != NULL)
    *source = NULL;
  if (g_strcmp0 (currency, "USD") == 0)
    return 1.0;
  if (sqlite3_prepare_v2 (self->db, "SELECT per_usd, source, observed_at FROM fx_rates WHERE currency = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    return NAN;
  if (sqlite3_bind_text (stmt, 1, currency, -1, SQLITE_STATIC) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    return NAN;
  rate = sqlite3_column_double (stmt, 0);
  /* A library written before rates were bounded may hold one no amount converts with. */
  if (!rig_fx_rate_is_plausible (rate))
    return NAN;
  if (source != NULL)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 2));
      g_autofree char *date = when ? g_date_time_format (when, "%Y-%m-%d") : g_strdup ("?");

      *source = g_strdup_printf ("%s, %s", (const char *) sqlite3_column_text (stmt, 1), date);
    }
  return rate;
}

/* NAN when no rate for @currency was ever given; 1 for USD. */
double
rig_library_get_fx_rate (RigLibrary *self,
                         const char *currency)
{
  g_return_val_if_fail (RIG_IS_LIBRARY (self), NAN);
  return fx_rate (self, currency, NULL);
}

/* Converts @amount_minor in @from to @to through the stored rates; FALSE when a rate is missing
 * or the result lies past what Rigplan computes with. */
static gboolean
convert (RigLibrary *self,
         gint64      amount_minor,
         const char *from,
         const char *to,
         gint64     *out)
{
  double rate_from, rate_to;

  if (g_strcmp0 (from, to) == 0)
    {
      *out = amount_minor;
      return rig_money_is_valid (amount_minor);
    }
  rate_from = rig_library_get_fx_rate (self, from);
  rate_to = rig_library_get_fx_rate (self, to);
  if (isnan (rate_from) || isnan (rate_to))
    return FALSE;
  return rig_money_from_double (amount_minor / rate_from * rate_to, out);
}

/* The newest rate for renting @gpu, per GPU and hour, in @currency; NAN without one. */
static double
cloud_rate (RigLibrary *self,
            const char *gpu,
            const char *currency,
            char      **source)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 minor;

  if (sqlite3_prepare_v2 (self->db, "SELECT per_hour_minor, count, currency, provider, source"
                                    " FROM cloud_rates WHERE gpu = ? ORDER BY observed_at DESC, id DESC",
                          -1, &stmt, NULL) != SQLITE_OK)
    return NAN;
  if (sqlite3_bind_text (stmt, 1, gpu, -1, SQLITE_STATIC) != SQLITE_OK)
    return NAN;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *provider = (const char *) sqlite3_column_text (stmt, 3);

      if (!convert (self, sqlite3_column_int64 (stmt, 0), (const char *) sqlite3_column_text (stmt, 2),
                    currency, &minor))
        continue;
      *source = provider && *provider
                ? g_strdup_printf ("%s (%s)", provider, (const char *) sqlite3_column_text (stmt, 4))
                : g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      return rig_money_to_major (minor) / MAX (1, sqlite3_column_int (stmt, 1));
    }
  return NAN;
}

guint
rig_library_apply_prices (RigLibrary *self,
                          RigBuild   *build)
{
  guint applied = 0, gpus = 0;
  const RigPart *gpu;

  g_return_val_if_fail (RIG_IS_LIBRARY (self), 0);

  /* Catalog prices are US dollars: the rate to the build's currency, with where it is from. */
  g_free (build->market_usd_rate_source);
  build->market_usd_rate = fx_rate (self, build->settings.currency, &build->market_usd_rate_source);

  /* Renting what the build holds: its first GPU model, as many as it has GPUs. */
  build->market_cloud_per_hour = NAN;
  g_clear_pointer (&build->market_cloud_source, g_free);
  if ((gpu = rig_build_find (build, RIG_PART_GPU, &gpus)) != NULL)
    build->market_cloud_per_hour = cloud_rate (self, gpu->id, build->settings.currency,
                                               &build->market_cloud_source) * gpus;

  for (guint i = 0; i < build->items->len; i++)
    {
      RigBuildItem *item = g_ptr_array_index (build->items, i);
      g_autoptr(GPtrArray) all = rig_library_list_prices (self, item->part_id, NULL);

      item->has_market = FALSE;
      g_clear_pointer (&item->market_source, g_free);
      /* Newest first: the first in this condition that converts to the build's currency. */
      for (guint k = 0; all != NULL && k < all->len; k++)
        {
          const RigPriceObservation *obs = g_ptr_array_index (all, k);
          gint64 minor;

          if (obs->condition != item->condition
              || !convert (self, obs->amount_minor, obs->currency, build->settings.currency, &minor))
            continue;
          item->has_market = TRUE;
          item->market_minor = minor;
          item->market_source = g_strdup (obs->source);
          item->market_at = obs->observed_at;
          applied++;
          break;
        }
    }
  return applied;
}
