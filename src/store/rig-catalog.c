/* rig-catalog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rig-catalog-compiler.h"
#include "rig-catalog.h"
#include "rig-store-error.h"

struct _RigCatalog
{
  GObject  parent_instance;
  sqlite3 *db;
  char    *path;
  guint    n_parts;
};

G_DEFINE_FINAL_TYPE (RigCatalog, rig_catalog, G_TYPE_OBJECT)

static void
rig_catalog_finalize (GObject *object)
{
  RigCatalog *self = RIG_CATALOG (object);

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
  g_autoptr(RigCatalog) self = g_object_new (RIG_TYPE_CATALOG, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version = -1;

  self->path = g_strdup (path);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND,
                   "%s: the parts catalog is missing; build Rigplan (ninja -C build) or set "
                   "RIGPLAN_CATALOG to a catalog.sqlite", path);
      return NULL;
    }
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      set_db_error (self, error);
      return NULL;
    }

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM catalog_meta WHERE key = 'schema_version'",
                          -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT,
                   "%s: not a Rigplan catalog, or damaged (%s)", path, sqlite3_errmsg (self->db));
      return NULL;
    }
  version = atoi ((const char *) sqlite3_column_text (stmt, 0));
  if (version != RIG_CATALOG_SCHEMA_VERSION)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_TOO_NEW,
                   "%s: catalog format %d, this Rigplan reads format %d", path, version,
                   RIG_CATALOG_SCHEMA_VERSION);
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM parts", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT, "%s: damaged catalog (%s)",
                   path, sqlite3_errmsg (self->db));
      return NULL;
    }
  self->n_parts = sqlite3_column_int (stmt, 0);

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
  if (bind_text != NULL)
    sqlite3_bind_text (stmt, 1, bind_text, -1, SQLITE_TRANSIENT);

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
make_part (gpointer user_data)
{
  return rig_part_new (GPOINTER_TO_UINT (user_data));
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

RigPart *
rig_catalog_get_part (RigCatalog *self,
                      const char *id,
                      GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) found = NULL;
  RigPartKind kind;

  g_return_val_if_fail (RIG_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT kind FROM parts WHERE id = ?", -1, &stmt, NULL)
      != SQLITE_OK)
    {
      set_db_error (self, error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW ||
      !rig_part_kind_from_string ((const char *) sqlite3_column_text (stmt, 0), &kind))
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND,
                   "no part “%s” in the catalog", id);
      return NULL;
    }

  found = query_records (self, rig_part_table (kind), "WHERE id = ?", id, make_part,
                         GUINT_TO_POINTER (kind), (GDestroyNotify) rig_part_free, error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_CORRUPT,
                   "%s: part “%s” is listed but has no %s row", self->path, id,
                   rig_part_kind_to_string (kind));
      return NULL;
    }
  return g_ptr_array_steal_index (found, 0);
}

/* Turns what the user typed into an FTS5 query: each word a quoted prefix, all required. */
static char *
fts_query (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\n-_/,", -1);
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
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  if (kind >= 0 && kind < RIG_PART_N_KINDS)
    sqlite3_bind_text (stmt, 2, rig_part_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit ? limit : G_MAXINT32);

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

GPtrArray *
rig_catalog_list_models (RigCatalog *self,
                         GError    **error)
{
  g_return_val_if_fail (RIG_IS_CATALOG (self), NULL);
  return query_records (self, rig_model_table (), "ORDER BY family, params_b", NULL, make_model,
                        NULL, (GDestroyNotify) rig_model_free, error);
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
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND,
                   "no model “%s” in the catalog (rigplan-cli models lists them)", id);
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
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND,
                   "no quantization “%s” in the catalog", id);
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

gboolean
rig_catalog_resolve_build (RigCatalog *self,
                           RigBuild   *build,
                           GError    **error)
{
  g_return_val_if_fail (RIG_IS_CATALOG (self), FALSE);

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
      if (w->quant_id != NULL && !(quant = rig_catalog_get_quant (self, w->quant_id, &local)))
        {
          rig_model_free (model);
          g_set_error (error, local->domain, local->code, "workloads[%u].quant: %s", i,
                       local->message);
          return FALSE;
        }
      g_clear_pointer (&w->model, rig_model_free);
      w->model = model;
      rig_workload_set_quant (w, quant, lookup_quant_bits, self);
    }
  return TRUE;
}
