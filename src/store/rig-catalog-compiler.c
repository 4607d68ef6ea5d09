/* rig-catalog-compiler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Not translated, on purpose: this file's errors ("gpu.csv:12: memory_gib: reason") are build
 * output for the developers who edit the catalog's CSV files, read in a terminal or an editor
 * beside the English column names, never in the window. Its own messages stay in English, are
 * not marked for gettext, and tests/check-i18n.py skips it; rig_csv_parse () gives it its
 * reasons in English for the same reason. */

#include "config.h"

#include <gio/gio.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <sqlite3.h>
#include <string.h>

#include "rig-catalog-compiler.h"
#include "rig-csv.h"
#include "rig-input-file.h"
#include "rig-model.h"
#include "rig-part.h"
#include "rig-slot.h"
#include "rig-sqlite.h"
#include "rig-store-error.h"

/* At most this many problems are listed; past that the list says how many more. */
#define MAX_REPORTED 50

/* The most a catalog table may hold: a table of 100,000 parts (bench-catalog's) is about 17 MB
 * of CSV, past the 16 MiB a build file may; a larger file is still the wrong one. */
#define CATALOG_CSV_MAX_BYTES (64u * 1024u * 1024u)

typedef struct
{
  const RigTable *table;
  char           *file;       /* "gpu.csv" */
  GPtrArray      *records;    /* one struct per row, of table->record_size */
  GArray         *lines;      /* guint line of each record */
  RigPartKind     kind;       /* for part tables */
  gboolean        is_part;
} LoadedTable;

typedef struct
{
  GPtrArray *problems;        /* char * */
  guint      n_problems;
} Problems;

static void G_GNUC_PRINTF (2, 3)
problem (Problems   *p,
         const char *format,
         ...)
{
  va_list args;

  p->n_problems++;
  if (p->problems->len >= MAX_REPORTED)
    return;
  va_start (args, format);
  g_ptr_array_add (p->problems, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
loaded_table_free (LoadedTable *t)
{
  for (guint i = 0; i < t->records->len; i++)
    {
      gpointer record = g_ptr_array_index (t->records, i);
      rig_table_record_clear (t->table, record);
      g_free (record);
    }
  g_ptr_array_unref (t->records);
  g_array_unref (t->lines);
  g_free (t->file);
  g_free (t);
}

static LoadedTable *
load_table (const char     *csv_dir,
            const RigTable *table,
            gboolean        is_part,
            RigPartKind     kind,
            Problems       *p)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree const RigField **columns = NULL;
  LoadedTable *t;
  gsize length = 0;
  RigCsvRecord *header;
  guint n_columns;

  t = g_new0 (LoadedTable, 1);
  t->table = table;
  t->is_part = is_part;
  t->kind = kind;
  t->file = g_strconcat (table->name, ".csv", NULL);
  t->records = g_ptr_array_new ();
  t->lines = g_array_new (FALSE, FALSE, sizeof (guint));

  path = g_build_filename (csv_dir, t->file, NULL);
  if (!rig_read_input_file (path, CATALOG_CSV_MAX_BYTES, &contents, &length, &error))
    {
      problem (p, "%s: %s", t->file, error->message);
      return t;
    }
  if (!(rows = rig_csv_parse (contents, length, &error)))
    {
      problem (p, "%s:%s", t->file, error->message);
      return t;
    }
  if (rows->len == 0)
    {
      problem (p, "%s:1: the file has no header row", t->file);
      return t;
    }

  header = g_ptr_array_index (rows, 0);
  n_columns = g_strv_length (header->fields);
  columns = g_new0 (const RigField *, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      columns[c] = rig_table_find_field (table, header->fields[c]);
      if (columns[c] == NULL)
        problem (p, "%s:1: %s: not a column of this file", t->file, header->fields[c]);
      for (guint k = 0; k < c; k++)
        if (columns[c] != NULL && columns[k] == columns[c])
          problem (p, "%s:1: %s: the column appears twice", t->file, header->fields[c]);
    }
  for (guint f = 0; f < table->n_fields; f++)
    if (!g_strv_contains ((const char * const *) header->fields, table->fields[f].name))
      problem (p, "%s:1: %s: the column is missing", t->file, table->fields[f].name);

  for (guint r = 1; r < rows->len; r++)
    {
      RigCsvRecord *row = g_ptr_array_index (rows, r);
      gpointer record = g_malloc0 (table->record_size);
      gboolean ok = TRUE;

      rig_table_record_init (table, record);
      if (t->is_part)
        ((RigPart *) record)->kind = t->kind;

      if (g_strv_length (row->fields) != n_columns)
        {
          problem (p, "%s:%u: the row has %u fields, the header %u", t->file, row->line,
                   g_strv_length (row->fields), n_columns);
          ok = FALSE;
        }
      /* Every bad field of the row is reported, not only the first. */
      for (guint c = 0; ok && c < n_columns; c++)
        {
          g_autoptr(GError) field_error = NULL;

          if (columns[c] == NULL)
            continue;
          if (!rig_field_set_text (columns[c], record, row->fields[c], &field_error))
            problem (p, "%s:%u: %s: %s", t->file, row->line, columns[c]->name,
                     field_error->message);
        }

      /* A bad row is kept, so the checks across rows still see its id. */
      g_ptr_array_add (t->records, record);
      g_array_append_val (t->lines, row->line);
    }

  return t;
}

static guint
record_line (LoadedTable *t,
             guint        i)
{
  return g_array_index (t->lines, guint, i);
}

static const char *
record_id (LoadedTable *t,
           guint        i)
{
  /* Every table's first field is its id. */
  return *RIG_FIELD_PTR (g_ptr_array_index (t->records, i), &t->table->fields[0], char *);
}

static void
check_unique_ids (GPtrArray  *tables,
                  Problems   *p)
{
  g_autoptr(GHashTable) part_ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint k = 0; k < tables->len; k++)
    {
      LoadedTable *t = g_ptr_array_index (tables, k);
      g_autoptr(GHashTable) own = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      GHashTable *seen = t->is_part ? part_ids : own;

      for (guint i = 0; i < t->records->len; i++)
        {
          const char *id = record_id (t, i);
          g_autofree char *folded = NULL;
          const char *where;

          if (id == NULL)
            continue;
          folded = g_ascii_strdown (id, -1);
          if ((where = g_hash_table_lookup (seen, folded)) != NULL)
            problem (p, "%s:%u: id: “%s” is already used at %s", t->file, record_line (t, i), id,
                     where);
          else
            g_hash_table_insert (seen, seen == own ? g_steal_pointer (&folded) : (char *) id,
                                 g_strdup_printf ("%s:%u", t->file, record_line (t, i)));
        }
    }
}

static void
check_board_shares (LoadedTable *t,
                    Problems    *p)
{
  for (guint i = 0; i < t->records->len; i++)
    {
      RigPart *board = g_ptr_array_index (t->records, i);
      g_autoptr(GPtrArray) pcie = NULL;
      g_autoptr(GPtrArray) m2 = NULL;
      g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

      pcie = rig_slot_list_parse (board->motherboard.pcie_slots, RIG_SLOT_KIND_PCIE, NULL);
      m2 = rig_slot_list_parse (board->motherboard.m2_slots, RIG_SLOT_KIND_M2, NULL);
      if (pcie == NULL || m2 == NULL)
        continue;     /* already reported */

      for (guint s = 0; s < pcie->len; s++)
        g_hash_table_add (names, ((RigSlot *) g_ptr_array_index (pcie, s))->name);
      for (guint s = 0; s < m2->len; s++)
        g_hash_table_add (names, ((RigSlot *) g_ptr_array_index (m2, s))->name);

      for (guint pass = 0; pass < 2; pass++)
        {
          GPtrArray *slots = pass == 0 ? pcie : m2;

          for (guint s = 0; s < slots->len; s++)
            {
              RigSlot *slot = g_ptr_array_index (slots, s);

              for (guint k = 0; k < slot->shares->len; k++)
                {
                  const RigSlotShare *share = &g_array_index (slot->shares, RigSlotShare, k);
                  guint sata = 0;

                  if (g_hash_table_contains (names, share->other))
                    continue;
                  if (sscanf (share->other, "SATA%u", &sata) == 1 && sata >= 1 &&
                      RIG_IS_KNOWN (board->motherboard.sata_ports) &&
                      sata <= board->motherboard.sata_ports)
                    continue;
                  problem (p, "%s:%u: %s: %s shares with “%s”, which is no slot, M.2 or SATA "
                           "port of this board", t->file, record_line (t, i),
                           pass == 0 ? "pcie_slots" : "m2_slots", slot->name, share->other);
                }
            }
        }
    }
}

/* The ids of @t's records, borrowed from them. */
static GHashTable *
record_ids (LoadedTable *t)
{
  GHashTable *ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < t->records->len; i++)
    if (record_id (t, i))
      g_hash_table_add (ids, (char *) record_id (t, i));
  return ids;
}

static void
check_models (LoadedTable *t,
              LoadedTable *quants,
              Problems    *p)
{
  g_autoptr(GHashTable) quant_ids = record_ids (quants);
  g_autoptr(GHashTable) drafters = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < t->records->len; i++)
    {
      RigModel *m = g_ptr_array_index (t->records, i);

      if (m->id != NULL && rig_model_is_drafter (m))
        g_hash_table_add (drafters, m->id);
    }
  for (guint i = 0; i < t->records->len; i++)
    {
      RigModel *m = g_ptr_array_index (t->records, i);
      guint line = record_line (t, i);

      /* A drafter runs as a language model does, as a draft. */
      if (m->modality != NULL && (g_str_equal (m->modality, "llm") || rig_model_is_drafter (m)))
        {
          const char *needed[] = { "layers", "hidden_size", "heads", "kv_heads", "vocab", "attention" };

          for (guint k = 0; k < G_N_ELEMENTS (needed); k++)
            if (!rig_field_is_known (rig_table_find_field (t->table, needed[k]), m))
              problem (p, "%s:%u: %s: is required for a language model (memory and speed need it)",
                       t->file, line, needed[k]);
        }
      if (RIG_IS_KNOWN (m->kv_heads) && RIG_IS_KNOWN (m->heads) &&
          (m->kv_heads > m->heads || fmod (m->heads, m->kv_heads) != 0))
        problem (p, "%s:%u: kv_heads: %g does not divide the %g attention heads", t->file, line,
                 m->kv_heads, m->heads);
      if (RIG_IS_KNOWN (m->active_params_b) && m->active_params_b > m->params_b * 1.0001)
        problem (p, "%s:%u: active_params_b: %g is more than the %g total", t->file, line,
                 m->active_params_b, m->params_b);
      if (RIG_IS_KNOWN (m->swa_layers) && RIG_IS_KNOWN (m->layers) && m->swa_layers > m->layers)
        problem (p, "%s:%u: swa_layers: %g is more than the %g layers", t->file, line,
                 m->swa_layers, m->layers);
      if (RIG_IS_KNOWN (m->swa_layers) && m->swa_layers > 0 && !RIG_IS_KNOWN (m->sliding_window))
        problem (p, "%s:%u: sliding_window: is required when swa_layers is set", t->file, line);
      if (RIG_IS_KNOWN (m->linear_layers) && RIG_IS_KNOWN (m->layers) && m->linear_layers >= m->layers)
        problem (p, "%s:%u: linear_layers: %g leaves none of the %g layers with attention", t->file,
                 line, m->linear_layers, m->layers);
      if (RIG_IS_KNOWN (m->linear_layers) && m->linear_layers > 0 &&
          (!RIG_IS_KNOWN (m->linear_key_heads) || !RIG_IS_KNOWN (m->linear_value_heads) ||
           !RIG_IS_KNOWN (m->linear_head_dim)))
        problem (p, "%s:%u: linear_head_dim: linear attention needs linear_key_heads, "
                 "linear_value_heads and linear_head_dim", t->file, line);
      if (RIG_IS_KNOWN (m->mtp_layers) != RIG_IS_KNOWN (m->mtp_params_b))
        problem (p, "%s:%u: mtp_params_b: multi-token prediction needs mtp_layers and mtp_params_b",
                 t->file, line);
      if (rig_model_is_mla (m) &&
          (!RIG_IS_KNOWN (m->kv_lora_rank) || !RIG_IS_KNOWN (m->qk_rope_dim)))
        problem (p, "%s:%u: kv_lora_rank: MLA needs kv_lora_rank and qk_rope_dim", t->file, line);
      if (RIG_IS_KNOWN (m->experts_active) && RIG_IS_KNOWN (m->experts) &&
          m->experts_active > m->experts)
        problem (p, "%s:%u: experts_active: %g is more than the %g experts", t->file, line,
                 m->experts_active, m->experts);
      if (m->mtp_drafter != NULL && !g_hash_table_contains (drafters, m->mtp_drafter))
        problem (p, "%s:%u: mtp_drafter: “%s” is not a model of modality drafter in this file",
                 t->file, line, m->mtp_drafter);
      if (m->mtp_drafter != NULL && RIG_IS_KNOWN (m->mtp_layers))
        problem (p, "%s:%u: mtp_drafter: a model drafts with its mtp_layers or with a drafter, not both",
                 t->file, line);
      if (m->experts_quant != NULL && !g_hash_table_contains (quant_ids, m->experts_quant))
        problem (p, "%s:%u: experts_quant: “%s” is not a quantization in quants.csv", t->file, line,
                 m->experts_quant);
    }
}

static void
check_quant_refs (LoadedTable *t,
                  Problems    *p)
{
  g_autoptr(GHashTable) ids = record_ids (t);

  for (guint i = 0; i < t->records->len; i++)
    {
      RigQuant *q = g_ptr_array_index (t->records, i);
      g_autoptr(GArray) recipe = NULL;

      if (q->embed_quant && !g_hash_table_contains (ids, q->embed_quant))
        problem (p, "%s:%u: embed_quant: “%s” is not a quantization in this file", t->file,
                 record_line (t, i), q->embed_quant);
      if (q->recipe == NULL || !(recipe = rig_recipe_parse (q->recipe, NULL)))
        continue;
      for (guint k = 0; k < recipe->len; k++)
        {
          RigRecipeItem *item = &g_array_index (recipe, RigRecipeItem, k);

          if (!g_hash_table_contains (ids, item->quant))
            problem (p, "%s:%u: recipe: “%s” is not a quantization in this file", t->file,
                     record_line (t, i), item->quant);
        }
    }
}

/* The plan prices a used card only with a dated used price (rig_build_item_price ()); a price
 * without its date or its page cannot be checked again, so the file may not carry one. */
static void
check_used_price (LoadedTable   *t,
                  guint          i,
                  const RigPart *gpu,
                  Problems      *p)
{
  gboolean has_price = gpu->gpu.used_price_cents != RIG_MONEY_UNKNOWN;
  gboolean has_date = gpu->gpu.used_price_date != NULL && *gpu->gpu.used_price_date;
  gboolean has_source = gpu->gpu.used_price_source != NULL && *gpu->gpu.used_price_source;

  if (has_price && !has_date)
    problem (p, "%s:%u: used_price_date: a used price needs the date it was seen (YYYY-MM-DD "
             "or YYYY-MM); add it or empty used_price_usd", t->file, record_line (t, i));
  if (has_price && !has_source)
    problem (p, "%s:%u: used_price_source: a used price needs the page it was seen on; add its "
             "URL or empty used_price_usd", t->file, record_line (t, i));
  if (!has_price && (has_date || has_source))
    problem (p, "%s:%u: used_price_usd: a used price date without a used price; add the price "
             "or empty used_price_date and used_price_source", t->file, record_line (t, i));
}

static void
check_gpus (LoadedTable *t,
            Problems    *p)
{
  for (guint i = 0; i < t->records->len; i++)
    {
      RigPart *gpu = g_ptr_array_index (t->records, i);

      if (gpu->gpu.form_factor && g_str_equal (gpu->gpu.form_factor, "pcie") &&
          (!RIG_IS_KNOWN (gpu->gpu.pcie_lanes) || !RIG_IS_KNOWN (gpu->gpu.pcie_gen)))
        problem (p, "%s:%u: pcie_lanes: a PCIe card needs pcie_gen and pcie_lanes", t->file,
                 record_line (t, i));
      check_used_price (t, i, gpu, p);
    }
}

/* SQL ------------------------------------------------------------------------------------ */

static const char *
sql_type (const RigField *f)
{
  switch (f->type)
    {
    case RIG_FIELD_NUMBER:
      return "REAL";
    case RIG_FIELD_INTEGER:
    case RIG_FIELD_BOOL:
    case RIG_FIELD_MONEY:
      return "INTEGER";
    case RIG_FIELD_TEXT:
    case RIG_FIELD_ID:
    case RIG_FIELD_ENUM:
    case RIG_FIELD_DATE:
    default:
      return "TEXT";
    }
}

static gboolean
exec (sqlite3    *db,
      const char *sql,
      GError    **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_DATABASE, "%s", message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_table (sqlite3     *db,
             LoadedTable *t,
             GError     **error)
{
  g_autoptr(GString) create = g_string_new (NULL);
  g_autoptr(GString) insert = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) part_stmt = NULL;
  g_autoptr(sqlite3_stmt) fts_stmt = NULL;
  const RigTable *table = t->table;

  g_string_append_printf (create, "CREATE TABLE \"%s\" (", table->name);
  g_string_append_printf (insert, "INSERT INTO \"%s\" VALUES (", table->name);
  for (guint f = 0; f < table->n_fields; f++)
    {
      const RigField *field = &table->fields[f];

      g_string_append_printf (create, "%s\"%s\" %s%s%s", f ? ", " : "", field->name,
                              sql_type (field), f == 0 ? " PRIMARY KEY" : "",
                              (field->flags & RIG_FIELD_REQUIRED) && f ? " NOT NULL" : "");
      g_string_append (insert, f ? ", ?" : "?");
    }
  g_string_append (create, ")");
  g_string_append (insert, ")");

  if (!exec (db, create->str, error))
    return FALSE;
  if (sqlite3_prepare_v2 (db, insert->str, -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  if (t->is_part &&
      (sqlite3_prepare_v2 (db, "INSERT INTO parts VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &part_stmt,
                           NULL) != SQLITE_OK ||
       sqlite3_prepare_v2 (db, "INSERT INTO parts_fts (id, kind, name, vendor, aliases) "
                               "VALUES (?, ?, ?, ?, ?)", -1, &fts_stmt, NULL) != SQLITE_OK))
    goto failed;

  for (guint i = 0; i < t->records->len; i++)
    {
      gpointer record = g_ptr_array_index (t->records, i);

      RigSqliteBinder binds = RIG_SQLITE_BINDER_INIT;

      sqlite3_reset (stmt);
      for (guint f = 0; f < table->n_fields; f++)
        {
          const RigField *field = &table->fields[f];
          int col = f + 1;

          if (!rig_field_is_known (field, record))
            rig_sqlite_bind_null (&binds, stmt, col);
          else if (field->type == RIG_FIELD_NUMBER)
            rig_sqlite_bind_double (&binds, stmt, col, *RIG_FIELD_PTR (record, field, double));
          else if (field->type == RIG_FIELD_INTEGER)
            rig_sqlite_bind_int64 (&binds, stmt, col,
                                   (gint64) *RIG_FIELD_PTR (record, field, double));
          else if (field->type == RIG_FIELD_BOOL)
            rig_sqlite_bind_int64 (&binds, stmt, col, *RIG_FIELD_PTR (record, field, int));
          else if (field->type == RIG_FIELD_MONEY)
            rig_sqlite_bind_int64 (&binds, stmt, col, *RIG_FIELD_PTR (record, field, gint64));
          else
            rig_sqlite_bind_text (&binds, stmt, col, *RIG_FIELD_PTR (record, field, char *));
        }
      if (binds.rc != SQLITE_OK || sqlite3_step (stmt) != SQLITE_DONE)
        goto failed;

      if (t->is_part)
        {
          RigPart *part = record;

          sqlite3_reset (part_stmt);
          rig_sqlite_bind_text (&binds, part_stmt, 1, part->id);
          rig_sqlite_bind_text (&binds, part_stmt, 2, table->name);
          rig_sqlite_bind_text (&binds, part_stmt, 3, part->name);
          rig_sqlite_bind_text (&binds, part_stmt, 4, part->vendor);
          rig_sqlite_bind_text (&binds, part_stmt, 5, part->aliases);
          if (part->price_cents != RIG_MONEY_UNKNOWN)
            rig_sqlite_bind_int64 (&binds, part_stmt, 6, part->price_cents);
          else
            rig_sqlite_bind_null (&binds, part_stmt, 6);
          rig_sqlite_bind_text (&binds, part_stmt, 7, part->price_date);
          if (binds.rc != SQLITE_OK || sqlite3_step (part_stmt) != SQLITE_DONE)
            goto failed;

          sqlite3_reset (fts_stmt);
          rig_sqlite_bind_text (&binds, fts_stmt, 1, part->id);
          rig_sqlite_bind_text (&binds, fts_stmt, 2, table->name);
          rig_sqlite_bind_text (&binds, fts_stmt, 3, part->name);
          rig_sqlite_bind_text (&binds, fts_stmt, 4, part->vendor);
          rig_sqlite_bind_text (&binds, fts_stmt, 5, part->aliases);
          if (binds.rc != SQLITE_OK || sqlite3_step (fts_stmt) != SQLITE_DONE)
            goto failed;
        }
    }
  return TRUE;

failed:
  g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_DATABASE, "%s: %s", t->file,
               sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
write_database (const char *path,
                GPtrArray  *tables,
                GError    **error)
{
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *meta = NULL;
  guint n_parts = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_DATABASE, "%s: %s", path,
                   db ? sqlite3_errmsg (db) : "cannot open");
      return FALSE;
    }

  if (!exec (db, "PRAGMA journal_mode = OFF; BEGIN;"
                 "CREATE TABLE catalog_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                 "CREATE TABLE parts (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL,"
                 " vendor TEXT NOT NULL, aliases TEXT, price_cents INTEGER, price_date TEXT);"
                 "CREATE INDEX parts_kind ON parts (kind, name);"
                 /* RigCatalogModel lists a kind by name without sorting it each time. */
                 "CREATE INDEX parts_kind_name ON parts (kind, name COLLATE NOCASE, id);"
                 "CREATE VIRTUAL TABLE parts_fts USING fts5 (id, kind UNINDEXED, name, vendor,"
                 " aliases, tokenize = \"unicode61 remove_diacritics 2\");", error))
    return FALSE;

  for (guint k = 0; k < tables->len; k++)
    {
      LoadedTable *t = g_ptr_array_index (tables, k);

      if (!write_table (db, t, error))
        return FALSE;
      if (t->is_part)
        n_parts += t->records->len;
    }

  meta = g_strdup_printf ("INSERT INTO catalog_meta VALUES ('schema_version', '%d'),"
                          " ('parts', '%u');"
                          "INSERT INTO parts_fts (parts_fts) VALUES ('optimize');"
                          "COMMIT; VACUUM;",
                          RIG_CATALOG_SCHEMA_VERSION, n_parts);
  return exec (db, meta, error);
}

gboolean
rig_catalog_compile (const char  *csv_dir,
                     const char  *output,
                     GError     **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) loaded_table_free);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *tmp = NULL;
  Problems p = { messages, 0 };
  LoadedTable *models = NULL, *quants = NULL;

  for (guint kind = 0; kind < RIG_PART_N_KINDS; kind++)
    g_ptr_array_add (tables, load_table (csv_dir, rig_part_table (kind), TRUE, kind, &p));
  models = load_table (csv_dir, rig_model_table (), FALSE, 0, &p);
  quants = load_table (csv_dir, rig_quant_table (), FALSE, 0, &p);
  g_ptr_array_add (tables, models);
  g_ptr_array_add (tables, quants);

  check_unique_ids (tables, &p);
  check_gpus (g_ptr_array_index (tables, RIG_PART_GPU), &p);
  check_board_shares (g_ptr_array_index (tables, RIG_PART_MOTHERBOARD), &p);
  check_models (models, quants, &p);
  check_quant_refs (quants, &p);

  if (p.n_problems > 0)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < messages->len; i++)
        g_string_append_printf (text, "%s%s", i ? "\n" : "", (char *) g_ptr_array_index (messages, i));
      if (p.n_problems > messages->len)
        g_string_append_printf (text, "\n… and %u more", p.n_problems - messages->len);
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID, "%s", text->str);
      return FALSE;
    }

  tmp = g_strconcat (output, ".tmp", NULL);
  g_unlink (tmp);
  if (!write_database (tmp, tables, error))
    {
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, output) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", output,
                   g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}
