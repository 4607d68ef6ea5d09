/* rig-catalog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rig-catalog-compiler.h"
#include "rig-catalog-listing.h"
#include "rig-catalog.h"
#include "rig-field.h"
#include "rig-sqlite.h"
#include "rig-text.h"
#include "rig-store-error.h"

struct _RigCatalog
{
  GObject       parent_instance;
  sqlite3      *db;
  char         *path;
  guint         n_parts;

  /* Prepared once: a list model reads parts one at a time, as rows scroll into view. */
  sqlite3_stmt *kind_stmt;
  sqlite3_stmt *part_stmts[RIG_PART_N_KINDS];

  /* Read when a list of the kind is first asked for; [0] is every kind. The catalog never
   * changes while open, so neither do they. */
  RigCatalogListing *listings[RIG_PART_N_KINDS + 1];
};

G_DEFINE_FINAL_TYPE (RigCatalog, rig_catalog, G_TYPE_OBJECT)

static void
rig_catalog_finalize (GObject *object)
{
  RigCatalog *self = RIG_CATALOG (object);

  g_clear_pointer (&self->kind_stmt, sqlite3_finalize);
  for (guint k = 0; k < RIG_PART_N_KINDS; k++)
    g_clear_pointer (&self->part_stmts[k], sqlite3_finalize);
  for (guint k = 0; k < G_N_ELEMENTS (self->listings); k++)
    g_clear_pointer (&self->listings[k], rig_catalog_listing_free);
  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->path);
  G_OBJECT_CLASS (rig_catalog_parent_class)->finalize (object);
}

static void
rig_catalog_class_init (RigCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rig_catalog_finalize;
}

static void
rig_catalog_init (RigCatalog *self)
{
}

char *
rig_catalog_default_path (void)
{
  const char *env = g_getenv ("RIGPLAN_CATALOG");
  g_autofree char *installed = g_build_filename (PKGDATADIR, "catalog.sqlite", NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (g_file_test (installed, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&installed);
  return g_strdup (RIG_BUILD_CATALOG);
}

static gboolean
set_db_error (RigCatalog *self,
              GError    **error)
{
  g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_DATABASE, "%s: %s", self->path,
               sqlite3_errmsg (self->db));
  return FALSE;
}

RigCatalog *
rig_catalog_new (const char *path,
                 GError    **error)
{
  g_autoptr(RigCatalog) self = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version = -1;

  g_return_val_if_fail (path != NULL, NULL);
  self = g_object_new (RIG_TYPE_CATALOG, NULL);
  self->path = g_strdup (path);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is a file name; “ninja -C build” is a command, and
                    * RIGPLAN_CATALOG an environment variable */
                   _("%s: the parts catalog is missing; build Rigplan (ninja -C build) or set "
                     "RIGPLAN_CATALOG to a catalog.sqlite"), path);
      return NULL;
    }
  /* Nothing writes the catalog while it is open: "immutable" spares each statement the file
   * locks and change checks, which were most of the time a part took to read. */
  {
    g_autofree char *absolute = g_canonicalize_filename (path, NULL);
    g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);
    g_autofree char *immutable = uri ? g_strconcat (uri, "?immutable=1", NULL) : NULL;

    if (sqlite3_open_v2 (immutable ? immutable : path, &self->db,
                         SQLITE_OPEN_READONLY | (immutable ? SQLITE_OPEN_URI : 0), NULL) != SQLITE_OK)
      {
        set_db_error (self, error);
        return NULL;
      }
  }
  /* Pages mapped rather than read: listing a kind walks its name index and looks each row up,
   * which with read () calls through a small page cache took seconds for 100,000 parts. */
  sqlite3_exec (self->db, "PRAGMA mmap_size = 268435456", NULL, NULL, NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM catalog_meta WHERE key = 'schema_version'",
                          -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT,
                   /* Translators: the first %s is a file name, the second SQLite's message */
                   _("%s: not a Rigplan catalog, or damaged (%s)"), path,
                   sqlite3_errmsg (self->db));
      return NULL;
    }
  version = atoi ((const char *) sqlite3_column_text (stmt, 0));
  if (version != RIG_CATALOG_SCHEMA_VERSION)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_TOO_NEW,
                   /* Translators: %s is a file name, the first %d the catalog's format version,
                    * the second the one this Rigplan reads */
                   _("%s: catalog format %d, this Rigplan reads format %d"), path, version,
                   RIG_CATALOG_SCHEMA_VERSION);
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM parts", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT,
                   /* Translators: the first %s is a file name, the second SQLite's message */
                   _("%s: damaged catalog (%s)"), path, sqlite3_errmsg (self->db));
      return NULL;
    }
  self->n_parts = sqlite3_column_int (stmt, 0);

  /* The file never changes under us, so map it rather than read it page by page, and keep
   * the sorts of a list model's queries in memory. Failure only costs speed. */
  sqlite3_exec (self->db, "PRAGMA mmap_size = 268435456; PRAGMA cache_size = -16384;"
                          "PRAGMA temp_store = MEMORY;", NULL, NULL, NULL);

  return g_steal_pointer (&self);
}

const char *
rig_catalog_get_path (RigCatalog *self)
{
  g_return_val_if_fail (RIG_IS_CATALOG (self), NULL);
  return self->path;
}

guint
rig_catalog_get_n_parts (RigCatalog *self)
{
  g_return_val_if_fail (RIG_IS_CATALOG (self), 0);
  return self->n_parts;
}

/* Reads one row of @table's columns (in descriptor order) into @record. */
static void
read_row (const RigTable *table,
          sqlite3_stmt   *stmt,
          gpointer        record)
{
  for (guint f = 0; f < table->n_fields; f++)
    {
      const RigField *field = &table->fields[f];

      if (sqlite3_column_type (stmt, f) == SQLITE_NULL)
        continue;
      switch (field->type)
        {
        case RIG_FIELD_NUMBER:
        case RIG_FIELD_INTEGER:
          *RIG_FIELD_PTR (record, field, double) = sqlite3_column_double (stmt, f);
          break;
        case RIG_FIELD_BOOL:
          *RIG_FIELD_PTR (record, field, int) = sqlite3_column_int (stmt, f) != 0;
          break;
        case RIG_FIELD_MONEY:
          *RIG_FIELD_PTR (record, field, gint64) = sqlite3_column_int64 (stmt, f);
          break;
        case RIG_FIELD_TEXT:
        case RIG_FIELD_ID:
        case RIG_FIELD_ENUM:
        case RIG_FIELD_DATE:
        default:
          *RIG_FIELD_PTR (record, field, char *) =
            g_strdup ((const char *) sqlite3_column_text (stmt, f));
          break;
        }
    }
}

static char *
select_sql (const RigTable *table,
            const char     *where)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");

  for (guint f = 0; f < table->n_fields; f++)
    g_string_append_printf (sql, "%s\"%s\"", f ? ", " : "", table->fields[f].name);
  g_string_append_printf (sql, " FROM \"%s\" %s", table->name, where);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* Runs a select over @table, returning one new record per row via @make. */
static GPtrArray *
query_records (RigCatalog     *self,
               const RigTable *table,
               const char     *where,
               const char     *bind_text,
               gpointer      (*make) (gpointer user_data),
               gpointer        user_data,
               GDestroyNotify  free_func,
               GError        **error)
{
  g_autofree char *sql = select_sql (table, where);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (free_func);
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (self, error);
      return NULL;
    }
  if (bind_text != NULL && sqlite3_bind_text (stmt, 1, bind_text, -1, SQLITE_TRANSIENT) != SQLITE_OK)
    {
      set_db_error (self, error);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer record = make (user_data);
      read_row (table, stmt, record);
      g_ptr_array_add (out, record);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gpointer
make_model (gpointer user_data)
{
  return rig_model_new ();
}

static gpointer
make_quant (gpointer user_data)
{
  return rig_quant_new ();
}

/* Returns @self's statement in @slot, prepared on first use, reset and unbound. */
static sqlite3_stmt *
cached_statement (RigCatalog    *self,
                  sqlite3_stmt **slot,
                  const char    *sql,
                  GError       **error)
{
  if (*slot == NULL && sqlite3_prepare_v2 (self->db, sql, -1, slot, NULL) != SQLITE_OK)
    {
      set_db_error (self, error);
      return NULL;
    }
  sqlite3_reset (*slot);
  sqlite3_clear_bindings (*slot);
  return *slot;
}

RigPart *
rig_catalog_get_part (RigCatalog *self,
                      const char *id,
                      GError    **error)
{
  const RigTable *table;
  g_autoptr(RigPart) part = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  RigPartKind kind;
  gboolean found;
  int rc;

  g_return_val_if_fail (RIG_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = cached_statement (self, &self->kind_stmt, "SELECT kind FROM parts WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  found = sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW &&
          rig_part_kind_from_string ((const char *) sqlite3_column_text (stmt, 0), &kind);
  sqlite3_reset (stmt);
  if (!found)
    {
      g_autofree char *shown = rig_shown_text (id);

      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is a part id, such as “nvidia-rtx-4090” */
                   _("no part “%s” in the catalog"), shown);
      return NULL;
    }

  table = rig_part_table (kind);
  if (self->part_stmts[kind] == NULL)
    sql = select_sql (table, "WHERE id = ?");
  stmt = cached_statement (self, &self->part_stmts[kind], sql, error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      part = rig_part_new (kind);
      read_row (table, stmt, part);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT,
                   /* Translators: the first %s is the catalog's file name, the second a part id,
                    * the third the catalog's table for its kind, such as “gpu” */
                   _("%s: part “%s” is listed but has no %s row"), self->path, id,
                   rig_part_kind_to_string (kind));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_db_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&part);
}

/* Turns what the user typed into an FTS5 query: each word a quoted prefix, all required. */
static char *
fts_query (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, RIG_CATALOG_WORD_SEPARATORS, -1);
  g_autoptr(GString) q = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (q->len)
        g_string_append (q, " AND ");
      g_string_append_c (q, '"');
      for (const char *p = words[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (q, '"');
          g_string_append_c (q, *p);
        }
      g_string_append (q, "\"*");
    }
  return q->len ? g_string_free (g_steal_pointer (&q), FALSE) : NULL;
}

GPtrArray *
rig_catalog_search (RigCatalog *self,
                    const char *text,
                    int         kind,
                    guint       limit,
                    GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_part_free);
  g_autofree char *match = fts_query (text ? text : "");
  RigSqliteBinder binds = RIG_SQLITE_BINDER_INIT;
  const char *sql;
  int rc;

  g_return_val_if_fail (RIG_IS_CATALOG (self), NULL);

  if (match != NULL)
    sql = "SELECT id FROM parts_fts WHERE parts_fts MATCH ?1 AND (?2 IS NULL OR kind = ?2) "
          "ORDER BY rank, name LIMIT ?3";
  else
    sql = "SELECT id FROM parts WHERE (?2 IS NULL OR kind = ?2) ORDER BY kind, name LIMIT ?3";

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (self, error);
      return NULL;
    }
  if (match != NULL)
    rig_sqlite_bind_text (&binds, stmt, 1, match);
  if (kind >= 0 && kind < RIG_PART_N_KINDS)
    rig_sqlite_bind_text (&binds, stmt, 2, rig_part_kind_to_string (kind));
  rig_sqlite_bind_int64 (&binds, stmt, 3, limit ? limit : G_MAXINT32);
  if (binds.rc != SQLITE_OK)
    {
      set_db_error (self, error);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RigPart *part = rig_catalog_get_part (self, (const char *) sqlite3_column_text (stmt, 0),
                                            error);
      if (part == NULL)
        return NULL;
      g_ptr_array_add (out, part);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* The SQL for each kind's key spec, over its table as "s". A fixed list: sort and filter
 * columns never come from the caller. */
static const char * const key_spec_sql[RIG_PART_N_KINDS] = {
  [RIG_PART_GPU] = "s.memory_gib",
  [RIG_PART_CPU] = "s.cores",
  [RIG_PART_MOTHERBOARD] = "s.memory_max_gib",
  [RIG_PART_MEMORY] = "(s.modules * s.module_gib)",
  [RIG_PART_STORAGE] = "s.capacity_gb",
  [RIG_PART_PSU] = "s.watts",
  [RIG_PART_CASE] = "s.max_gpu_length_mm",
  [RIG_PART_COOLER] = "s.rated_w",
  [RIG_PART_NIC] = "s.speed_gbps",
  [RIG_PART_SYSTEM] = "s.memory_gib",
  [RIG_PART_ACCESSORY] = "s.pcie_gen",
};

double
rig_catalog_key_spec (const RigPart *part)
{
  g_return_val_if_fail (part != NULL, NAN);

  switch (part->kind)
    {
    case RIG_PART_GPU:
      return part->gpu.memory_gib;
    case RIG_PART_CPU:
      return part->cpu.cores;
    case RIG_PART_MOTHERBOARD:
      return part->motherboard.memory_max_gib;
    case RIG_PART_MEMORY:
      return part->memory.modules * part->memory.module_gib;
    case RIG_PART_STORAGE:
      return part->storage.capacity_gb;
    case RIG_PART_PSU:
      return part->psu.watts;
    case RIG_PART_CASE:
      return part->pc_case.max_gpu_length_mm;
    case RIG_PART_COOLER:
      return part->cooler.rated_w;
    case RIG_PART_NIC:
      return part->nic.speed_gbps;
    case RIG_PART_SYSTEM:
      return part->system.memory_gib;
    case RIG_PART_ACCESSORY:
      return part->accessory.pcie_gen;
    case RIG_PART_N_KINDS:
    default:
      return NAN;
    }
}

/* The key spec of part "p" of any kind, one correlated lookup per row. */
static void
append_any_kind_key_spec (GString *sql)
{
  g_string_append (sql, "(CASE p.kind");
  for (guint k = 0; k < RIG_PART_N_KINDS; k++)
    g_string_append_printf (sql, " WHEN '%s' THEN (SELECT %s FROM \"%s\" s WHERE s.id = p.id)",
                            rig_part_kind_to_string (k), key_spec_sql[k],
                            rig_part_kind_to_string (k));
  g_string_append (sql, " END)");
}

void
rig_catalog_query_init (RigCatalogQuery *query)
{
  g_return_if_fail (query != NULL);

  *query = (RigCatalogQuery) {
    .kind = -1,
    .sort = RIG_CATALOG_SORT_NAME,
    .min_key_spec = NAN,
    .max_price = NAN,
  };
}

RigCatalogListing *
rig_catalog_get_listing (RigCatalog  *self,
                         int          kind,
                         GError     **error)
{
  RigCatalogListing **listing;

  g_return_val_if_fail (RIG_IS_CATALOG (self), NULL);
  g_return_val_if_fail (kind < RIG_PART_N_KINDS, NULL);

  listing = &self->listings[kind < 0 ? 0 : kind + 1];
  if (*listing == NULL)
    {
      g_autoptr(GString) spec = g_string_new (NULL);
      g_autoptr(GError) local_error = NULL;

      if (kind >= 0)
        g_string_append (spec, key_spec_sql[kind]);
      else
        append_any_kind_key_spec (spec);
      *listing = rig_catalog_listing_new (self->db, kind, kind >= 0 ? rig_part_kind_to_string (kind) : NULL,
                                          spec->str, &local_error);
      if (*listing == NULL)
        {
          g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_DATABASE, "%s: %s", self->path,
                       local_error->message);
          return NULL;
        }
    }
  return *listing;
}

GPtrArray *
rig_catalog_query_ids (RigCatalog            *self,
                       const RigCatalogQuery *query,
                       GError               **error)
{
  RigCatalogListing *listing;
  g_autoptr(GArray) rows = NULL;
  GPtrArray *ids;

  g_return_val_if_fail (RIG_IS_CATALOG (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (query->kind < RIG_PART_N_KINDS, NULL);
  g_return_val_if_fail (query->sort <= RIG_CATALOG_SORT_KEY_SPEC, NULL);

  if ((listing = rig_catalog_get_listing (self, query->kind, error)) == NULL)
    return NULL;
  rows = rig_catalog_listing_query (listing, query);
  ids = g_ptr_array_new_full (rows->len, g_free);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (ids, g_strdup (rig_catalog_listing_get_id (listing, g_array_index (rows, guint32, i))));
  return ids;
}

GStrv
rig_catalog_list_vendors (RigCatalog *self,
                          int         kind,
                          GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) vendors = g_strv_builder_new ();
  const char *sql;
  int rc;

  g_return_val_if_fail (RIG_IS_CATALOG (self), NULL);
  g_return_val_if_fail (kind < RIG_PART_N_KINDS, NULL);

  sql = kind >= 0
          ? "SELECT DISTINCT vendor FROM parts WHERE kind = ?1 ORDER BY vendor COLLATE NOCASE"
          : "SELECT DISTINCT vendor FROM parts ORDER BY vendor COLLATE NOCASE";
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (self, error);
      return NULL;
    }
  if (kind >= 0 && sqlite3_bind_text (stmt, 1, rig_part_kind_to_string (kind), -1,
                                      SQLITE_STATIC) != SQLITE_OK)
    {
      set_db_error (self, error);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (vendors, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error);
      return NULL;
    }
  return g_strv_builder_end (vendors);
}

GPtrArray *
rig_catalog_list_models (RigCatalog *self,
                         GError    **error)
{
  g_return_val_if_fail (RIG_IS_CATALOG (self), NULL);
  /* A drafter drafts for its model and is not planned on its own (RigModel.mtp_drafter): it is
   * found by id, not listed. */
  return query_records (self, rig_model_table (),
                        "WHERE modality IS NOT 'drafter' ORDER BY family, params_b", NULL,
                        make_model, NULL, (GDestroyNotify) rig_model_free, error);
}

GPtrArray *
rig_catalog_list_quants (RigCatalog *self,
                         GError    **error)
{
  g_return_val_if_fail (RIG_IS_CATALOG (self), NULL);
  return query_records (self, rig_quant_table (), "ORDER BY format, bits_per_weight DESC", NULL,
                        make_quant, NULL, (GDestroyNotify) rig_quant_free, error);
}

RigModel *
rig_catalog_get_model (RigCatalog *self,
                       const char *id,
                       GError    **error)
{
  g_autoptr(GPtrArray) found = query_records (self, rig_model_table (), "WHERE id = ?", id,
                                              make_model, NULL, (GDestroyNotify) rig_model_free,
                                              error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_autofree char *shown = rig_shown_text (id);

      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is a model id; “rigplan-cli models” is a command */
                   _("no model “%s” in the catalog (rigplan-cli models lists them)"), shown);
      return NULL;
    }
  return g_ptr_array_steal_index (found, 0);
}

RigQuant *
rig_catalog_get_quant (RigCatalog *self,
                       const char *id,
                       GError    **error)
{
  /* Quantization names are matched without regard to case: q4_k_m is Q4_K_M. */
  g_autoptr(GPtrArray) found = query_records (self, rig_quant_table (),
                                              "WHERE id = ? COLLATE NOCASE", id, make_quant, NULL,
                                              (GDestroyNotify) rig_quant_free, error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_autofree char *shown = rig_shown_text (id);

      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is a quantization's id, such as “Q4_K_M” */
                   _("no quantization “%s” in the catalog"), shown);
      return NULL;
    }
  return g_ptr_array_steal_index (found, 0);
}

static double
lookup_quant_bits (const char *quant_id,
                   gpointer    user_data)
{
  g_autoptr(RigQuant) quant = rig_catalog_get_quant (user_data, quant_id, NULL);
  return quant ? quant->bits_per_weight : NAN;
}

/* Workload @index's own tensor types (RigWorkload.recipe): the types of a GGUF file, each one
 * the catalog has. */
static gboolean
check_recipe (RigCatalog        *self,
              const RigWorkload *w,
              const RigQuant    *quant,
              guint              index,
              GError           **error)
{
  g_autoptr(GArray) items = NULL;
  g_autoptr(GError) local = NULL;

  if (w->recipe == NULL)
    return TRUE;
  if (!(items = rig_recipe_parse (w->recipe, &local)))
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID, "workloads[%u].recipe: %s",
                   index, local->message);
      return FALSE;
    }
  if (quant == NULL || rig_quant_format (quant) != RIG_QUANT_FORMAT_GGUF)
    {
      /* Translators: %s is a quantization's id (“AWQ-4bit”) */
      g_autofree char *why = g_strdup_printf (_("gives a GGUF file's tensor types, and %s is not "
                                                "a GGUF type"), quant ? quant->id : "none");

      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID, "workloads[%u].recipe: %s",
                   index, why);
      return FALSE;
    }
  for (guint k = 0; k < items->len; k++)
    {
      const RigRecipeItem *item = &g_array_index (items, RigRecipeItem, k);
      g_autoptr(RigQuant) type = rig_catalog_get_quant (self, item->quant, &local);

      if (type == NULL)
        {
          g_set_error (error, local->domain, local->code, "workloads[%u].recipe: %s", index,
                       local->message);
          return FALSE;
        }
      /* The types the dialog offers for a GGUF file's tensors. */
      if (!rig_quant_format_in_gguf (rig_quant_format (type)))
        {
          /* Translators: %s is a quantization's id (“NF4”) */
          g_autofree char *why = g_strdup_printf (_("“%s” is not a GGUF tensor type"), type->id);

          g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID, "workloads[%u].recipe: %s",
                       index, why);
          return FALSE;
        }
    }
  return TRUE;
}

/* The draft model of workload @index and its quantization, as the model's are resolved. */
static gboolean
resolve_draft (RigCatalog  *self,
               RigWorkload *w,
               guint        index,
               GError     **error)
{
  g_autoptr(GError) local = NULL;
  RigModel *model;
  RigQuant *quant = NULL;

  g_clear_pointer (&w->draft_model, rig_model_free);
  g_clear_pointer (&w->draft_quant, rig_quant_free);
  if (!rig_workload_has_draft (w))
    return TRUE;
  if (g_str_equal (w->draft_model_id, RIG_DRAFT_MTP) && w->model->mtp_drafter != NULL)
    {
      /* The model's prediction as a drafter of its own (Gemma 4's assistants). */
      if (!(model = rig_catalog_get_model (self, w->model->mtp_drafter, &local)))
        {
          g_set_error (error, local->domain, local->code, "workloads[%u].draft_model: %s", index,
                       local->message);
          return FALSE;
        }
    }
  else if (g_str_equal (w->draft_model_id, RIG_DRAFT_MTP))
    {
      /* The model's own prediction modules; a model without them in the catalog is planned
       * without a draft, and the plan says so (rig_speed_describe_speculative ()). */
      if (!(model = rig_model_new_mtp (w->model)))
        return TRUE;
    }
  else if (!(model = rig_catalog_get_model (self, w->draft_model_id, &local)))
    {
      /* Translators: %s says why, such as “no model “…” in the catalog” */
      g_autofree char *why = g_strdup_printf (_("unknown draft model: %s"), local->message);

      g_set_error (error, local->domain, local->code, "workloads[%u].draft_model: %s", index, why);
      return FALSE;
    }
  if (w->draft_quant_id != NULL && !(quant = rig_catalog_get_quant (self, w->draft_quant_id, &local)))
    {
      rig_model_free (model);
      g_set_error (error, local->domain, local->code, "workloads[%u].draft_quant: %s", index,
                   local->message);
      return FALSE;
    }
  w->draft_model = model;
  rig_workload_set_draft_quant (w, quant, lookup_quant_bits, self);
  if (quant == NULL && w->quant != NULL)
    w->draft_quant = rig_table_record_dup (rig_quant_table (), w->quant);
  return TRUE;
}

gboolean
rig_catalog_resolve_build (RigCatalog *self,
                           RigBuild   *build,
                           GError    **error)
{
  g_return_val_if_fail (RIG_IS_CATALOG (self), FALSE);

  /* "parts[0].id: no part “…” in the catalog": the path as the build file writes it, before a
   * message already in the user's language. */
  for (guint i = 0; i < build->items->len; i++)
    {
      RigBuildItem *item = g_ptr_array_index (build->items, i);
      g_autoptr(GError) local = NULL;
      RigPart *part = rig_catalog_get_part (self, item->part_id, &local);

      if (part == NULL)
        {
          g_set_error (error, local->domain, local->code, "parts[%u].id: %s", i, local->message);
          return FALSE;
        }
      g_clear_pointer (&item->part, rig_part_free);
      item->part = part;
    }

  for (guint i = 0; i < build->workloads->len; i++)
    {
      RigWorkload *w = g_ptr_array_index (build->workloads, i);
      g_autoptr(GError) local = NULL;
      RigModel *model;
      RigQuant *quant = NULL;

      if (!(model = rig_catalog_get_model (self, w->model_id, &local)))
        {
          g_set_error (error, local->domain, local->code, "workloads[%u].model: %s", i,
                       local->message);
          return FALSE;
        }
      if (rig_model_is_drafter (model))
        {
          /* Translators: %s is a model's name (“Gemma 4 31B assistant (MTP drafter)”); "mtp" and
           * draft_model are a build file's words, left untranslated */
          g_autofree char *why = g_strdup_printf (_("%s is a drafter: it drafts for another model "
                                                    "and does not run on its own; name that model "
                                                    "and set \"draft_model\": \"mtp\""), model->name);

          g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID, "workloads[%u].model: %s",
                       i, why);
          rig_model_free (model);
          return FALSE;
        }
      if (w->quant_id != NULL && !(quant = rig_catalog_get_quant (self, w->quant_id, &local)))
        {
          rig_model_free (model);
          g_set_error (error, local->domain, local->code, "workloads[%u].quant: %s", i,
                       local->message);
          return FALSE;
        }
      if (!check_recipe (self, w, quant, i, error))
        {
          rig_model_free (model);
          rig_quant_free (quant);
          return FALSE;
        }
      g_clear_pointer (&w->model, rig_model_free);
      w->model = model;
      rig_workload_set_quant (w, quant, lookup_quant_bits, self);
      if (!resolve_draft (self, w, i, error))
        return FALSE;
    }
  return TRUE;
}
