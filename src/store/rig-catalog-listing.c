/* rig-catalog-listing.c
 *
 * The picker filters and sorts a kind's parts at every keystroke. Asking SQLite each time means
 * stepping through every match and sorting it again: 60 ms for a one-letter search over
 * 100,000 parts. The listing reads a kind once, keeps each part's words folded the way the
 * full-text index folds them, and keeps one order per sort; a query is then one pass over an
 * array (bench-catalog).
 *
 * Matching follows the FTS5 query rig_catalog_search () builds: the unicode61 tokenizer with
 * diacritics removed, each typed word a phrase whose last token is a prefix, every word required.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* memmem () */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-catalog-listing.h"
#include "rig-store-error.h"

typedef struct
{
  char    *id;
  char    *name;
  char    *vendor;
  gint64   price_cents;
  gboolean has_price;
  double   key_spec;                    /* NAN when unknown */
} Row;

/* A row's tokens in two 64-bit sets, so most rows are ruled out without reading their words:
 * which characters tokens start with (exact for ASCII letters and digits), and a hash of
 * their first two characters. */
typedef struct
{
  guint64 initials;
  guint64 pairs;
} Mask;

enum { OTHER_INITIAL = 36 };

static guint
initial_bit (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'z')
    return 10 + (c - 'a');
  return OTHER_INITIAL;
}

static guint
pair_bit (guchar a,
          guchar b)
{
  return ((a * 31u + b) * 2654435761u) >> 26;   /* 0 … 63 */
}

/* The mask of the words from @p to @end, tokens each after a space. */
static Mask
mask_of (const char *p,
         const char *end)
{
  Mask mask = { 0, 0 };

  for (; p < end; p++)
    if (*p == ' ' && p + 1 < end)
      {
        guchar a = (guchar) p[1];

        mask.initials |= G_GUINT64_CONSTANT (1) << initial_bit (a);
        if (p + 2 < end && p[2] != ' ' && p[2] != '\x01')
          mask.pairs |= G_GUINT64_CONSTANT (1) << pair_bit (a, (guchar) p[2]);
      }
  return mask;
}

struct _RigCatalogListing
{
  GArray  *rows;                        /* Row, by name (without regard to ASCII case), then id */
  /* The folded tokens of each row's id, name, vendor and aliases, one row after the other so
   * a search reads memory in order: each column starts with \x01 and each token with a space,
   * "\x01 nvidia rtx 4090\x01 nvidia geforce rtx 4090\x01 nvidia\x01 4090". */
  GString *words;
  GArray  *word_ends;                   /* guint32: where each row's words end in @words */
  GArray  *masks;                       /* Mask: which tokens each row has, roughly */
  GArray  *orders[RIG_CATALOG_SORT_KEY_SPEC + 1][2];   /* guint32 rows, made when first asked */
};

/* Appends @text's tokens to @out, folded: lower case, diacritics removed, every run of
 * characters that are not letters or digits a token boundary. */
static void
append_folded (GString    *out,
               const char *text)
{
  gboolean in_token = FALSE;
  g_autofree char *decomposed = NULL;
  const char *p;

  if (text == NULL)
    return;
  for (p = text; *p && (guchar) *p < 0x80; p++)
    ;
  if (*p == '\0')
    {
      /* ASCII, as nearly every catalog row is. */
      for (p = text; *p; p++)
        {
          if (g_ascii_isalnum (*p))
            {
              if (!in_token)
                g_string_append_c (out, ' ');
              g_string_append_c (out, g_ascii_tolower (*p));
              in_token = TRUE;
            }
          else
            in_token = FALSE;
        }
      return;
    }

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    return;
  for (p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;
      if (g_unichar_isalnum (c))
        {
          if (!in_token)
            g_string_append_c (out, ' ');
          g_string_append_unichar (out, g_unichar_tolower (c));
          in_token = TRUE;
        }
      else
        in_token = FALSE;
    }
}

RigCatalogListing *
rig_catalog_listing_new (sqlite3     *db,
                         int          kind,
                         const char  *kind_table,
                         const char  *key_spec_sql,
                         GError     **error)
{
  g_autoptr(RigCatalogListing) self = g_new0 (RigCatalogListing, 1);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  self->words = g_string_new (NULL);
  self->word_ends = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->masks = g_array_new (FALSE, FALSE, sizeof (Mask));
  if (kind_table != NULL)
    sql = g_strdup_printf ("SELECT p.id, p.name, p.vendor, p.aliases, p.price_cents, %s FROM parts p "
                           "LEFT JOIN \"%s\" s ON s.id = p.id WHERE p.kind = ?1 "
                           "ORDER BY p.name COLLATE NOCASE, p.id", key_spec_sql, kind_table);
  else
    sql = g_strdup_printf ("SELECT p.id, p.name, p.vendor, p.aliases, p.price_cents, %s FROM parts p%s "
                           "ORDER BY p.name COLLATE NOCASE, p.id", key_spec_sql,
                           kind >= 0 ? " WHERE p.kind = ?1" : "");
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_DATABASE, "%s", sqlite3_errmsg (db));
      return NULL;
    }
  if (kind >= 0 && sqlite3_bind_text (stmt, 1, rig_part_kind_to_string (kind), -1,
                                      SQLITE_STATIC) != SQLITE_OK)
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_DATABASE, "%s", sqlite3_errmsg (db));
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Row row = {
        g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
        sqlite3_column_int64 (stmt, 4),
        sqlite3_column_type (stmt, 4) != SQLITE_NULL,
        sqlite3_column_type (stmt, 5) != SQLITE_NULL ? sqlite3_column_double (stmt, 5) : NAN,
      };

      guint32 start = (guint32) self->words->len;
      guint32 end;
      Mask mask;

      for (int c = 0; c < 4; c++)
        {
          g_string_append_c (self->words, '\x01');
          append_folded (self->words, (const char *) sqlite3_column_text (stmt, c));
        }
      end = (guint32) self->words->len;
      mask = mask_of (self->words->str + start, self->words->str + end);
      g_array_append_val (self->word_ends, end);
      g_array_append_val (self->masks, mask);
      g_array_append_val (self->rows, row);
    }
  if (rc != SQLITE_DONE)
    g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_DATABASE, "%s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&self);
}

void
rig_catalog_listing_free (RigCatalogListing *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);

      g_free (row->id);
      g_free (row->name);
      g_free (row->vendor);
    }
  g_array_unref (self->rows);
  g_string_free (self->words, TRUE);
  g_array_unref (self->word_ends);
  g_array_unref (self->masks);
  for (guint s = 0; s < G_N_ELEMENTS (self->orders); s++)
    for (guint d = 0; d < 2; d++)
      g_clear_pointer (&self->orders[s][d], g_array_unref);
  g_free (self);
}

typedef struct
{
  const Row      *rows;
  RigCatalogSort  sort;
  gboolean        descending;
} OrderContext;

/* As the SQL it replaces ordered: unknown prices and key specs last in either direction, then
 * the key, then name without regard to ASCII case, then id. */
static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const OrderContext *ctx = user_data;
  const Row *x = &ctx->rows[*(const guint32 *) a];
  const Row *y = &ctx->rows[*(const guint32 *) b];
  int sign = ctx->descending ? -1 : 1;
  int c = 0;

  switch (ctx->sort)
    {
    case RIG_CATALOG_SORT_PRICE:
      if (x->has_price != y->has_price)
        return x->has_price ? -1 : 1;
      if (x->has_price)
        c = sign * ((x->price_cents > y->price_cents) - (x->price_cents < y->price_cents));
      break;
    case RIG_CATALOG_SORT_VENDOR:
      c = sign * g_ascii_strcasecmp (x->vendor, y->vendor);
      break;
    case RIG_CATALOG_SORT_KEY_SPEC:
      if (isnan (x->key_spec) != isnan (y->key_spec))
        return isnan (x->key_spec) ? 1 : -1;
      if (!isnan (x->key_spec))
        c = sign * ((x->key_spec > y->key_spec) - (x->key_spec < y->key_spec));
      break;
    case RIG_CATALOG_SORT_NAME:
    default:
      c = sign * g_ascii_strcasecmp (x->name, y->name);
      break;
    }
  if (c == 0)
    c = g_ascii_strcasecmp (x->name, y->name);
  return c != 0 ? c : strcmp (x->id, y->id);
}

static GArray *
get_order (RigCatalogListing *self,
           RigCatalogSort     sort,
           gboolean           descending)
{
  GArray **order = &self->orders[sort][!!descending];

  if (*order == NULL)
    {
      OrderContext ctx = { (const Row *) self->rows->data, sort, descending };

      *order = g_array_sized_new (FALSE, FALSE, sizeof (guint32), self->rows->len);
      for (guint32 i = 0; i < self->rows->len; i++)
        g_array_append_val (*order, i);
      /* The rows were read in this order. */
      if (sort != RIG_CATALOG_SORT_NAME || descending)
        g_array_sort_with_data (*order, compare_rows, &ctx);
    }
  return *order;
}

/* Each typed word as the text to look for in Row.words: its folded tokens, each after a space.
 * Words are split where rig_catalog_search () splits them. */
static GPtrArray *
fold_query (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text ? text : "", RIG_CATALOG_WORD_SEPARATORS, -1);
  GPtrArray *phrases = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; words[i]; i++)
    {
      GString *phrase = g_string_new (NULL);

      append_folded (phrase, words[i]);
      if (phrase->len > 0)
        g_ptr_array_add (phrases, g_string_free (phrase, FALSE));
      else
        g_string_free (phrase, TRUE);
    }
  return phrases;
}

typedef struct
{
  const char *text;
  gsize       length;
  Mask        need;
  gboolean    exact;        /* the mask alone decides: one ASCII letter or digit */
} Phrase;

/* Sets the bit of every row whose words contain every phrase. */
static guint8 *
match_rows (RigCatalogListing *self,
            GPtrArray         *texts)
{
  guint n_rows = self->rows->len;
  guint8 *bits = g_malloc0 (n_rows / 8 + 1);
  const char *words = self->words->str;
  const guint32 *ends = (const guint32 *) self->word_ends->data;
  const Mask *masks = (const Mask *) self->masks->data;
  g_autofree Phrase *phrases = g_new0 (Phrase, texts->len);

  for (guint p = 0; p < texts->len; p++)
    {
      Phrase *phrase = &phrases[p];

      /* " token…": a space, then at least one character. */
      phrase->text = g_ptr_array_index (texts, p);
      phrase->length = strlen (phrase->text);
      phrase->need.initials = G_GUINT64_CONSTANT (1) << initial_bit ((guchar) phrase->text[1]);
      if (phrase->length > 2 && phrase->text[2] != ' ')
        phrase->need.pairs = G_GUINT64_CONSTANT (1) << pair_bit ((guchar) phrase->text[1],
                                                                 (guchar) phrase->text[2]);
      phrase->exact = phrase->length == 2 && initial_bit ((guchar) phrase->text[1]) != OTHER_INITIAL;
    }

  for (guint row = 0; row < n_rows; row++)
    {
      guint32 start = row > 0 ? ends[row - 1] : 0;
      gboolean match = TRUE;

      for (guint p = 0; p < texts->len && match; p++)
        {
          const Phrase *phrase = &phrases[p];

          match = (masks[row].initials & phrase->need.initials) != 0 &&
                  (masks[row].pairs & phrase->need.pairs) == phrase->need.pairs &&
                  (phrase->exact ||
                   memmem (words + start, ends[row] - start, phrase->text, phrase->length) != NULL);
        }
      if (match)
        bits[row / 8] |= 1u << (row % 8);
    }
  return bits;
}

GArray *
rig_catalog_listing_query (RigCatalogListing     *self,
                           const RigCatalogQuery *query)
{
  g_autoptr(GPtrArray) phrases = NULL;
  g_autofree guint8 *matched = NULL;
  GArray *order;
  GArray *out;
  gboolean by_price, by_spec;
  gint64 max_cents = 0;
  const Row *rows;

  g_return_val_if_fail (self != NULL && query != NULL, NULL);
  g_return_val_if_fail (query->sort <= RIG_CATALOG_SORT_KEY_SPEC, NULL);

  by_price = !isnan (query->max_price);
  by_spec = !isnan (query->min_key_spec);
  /* A maximum past any amount Rigplan computes with leaves every price in. */
  if (by_price && !rig_money_from_major (query->max_price, &max_cents))
    max_cents = RIG_MONEY_MAX_MINOR;
  rows = (const Row *) self->rows->data;

  phrases = fold_query (query->text);
  if (phrases->len > 0)
    matched = match_rows (self, phrases);
  order = get_order (self, query->sort, query->descending);
  out = g_array_sized_new (FALSE, FALSE, sizeof (guint32), 256);

  for (guint i = 0; i < order->len; i++)
    {
      guint32 index = g_array_index (order, guint32, i);
      const Row *row;

      if (matched != NULL && !(matched[index / 8] & (1u << (index % 8))))
        continue;
      if (query->vendor != NULL || by_price || by_spec)
        {
          row = &rows[index];
          if (query->vendor != NULL && strcmp (row->vendor, query->vendor) != 0)
            continue;
          if (by_price && (!row->has_price || row->price_cents > max_cents))
            continue;
          if (by_spec && !(row->key_spec >= query->min_key_spec))
            continue;
        }
      g_array_append_val (out, index);
    }
  return out;
}

const char *
rig_catalog_listing_get_id (RigCatalogListing *self,
                            guint32            row)
{
  g_return_val_if_fail (self != NULL && row < self->rows->len, NULL);
  return g_array_index (self->rows, Row, row).id;
}
