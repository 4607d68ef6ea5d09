/* rig-catalog-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-catalog-listing.h"
#include "rig-catalog-model.h"

/* Items handed out last are kept alive, so that a sorter or a test asking for the same
 * positions again gets the same objects without reading the catalog again. */
#define N_RECENT 256

/* One item object that is alive, found by its position. */
typedef struct
{
  RigCatalogModel *model;
  guint            position;
  RigPartObject   *object;      /* weak */
} Slot;

struct _RigCatalogModel
{
  GObject         parent_instance;

  RigCatalog     *catalog;
  int             kind;
  char           *text;
  RigCatalogSort  sort;
  gboolean        descending;
  double          min_spec;
  double          max_price;
  char           *vendor;

  RigCatalogListing *listing;          /* owned by the catalog */
  GArray         *rows;                 /* guint32 rows of the listing, the current items */
  GHashTable     *slots;                /* position → Slot, every item object alive */
  RigPartObject  *recent[N_RECENT];     /* strong, a ring */
  guint           recent_next;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RigCatalogModel, rig_catalog_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
slot_object_finalized (gpointer  data,
                       GObject  *where_the_object_was)
{
  Slot *slot = data;

  g_hash_table_remove (slot->model->slots, GUINT_TO_POINTER (slot->position));
}

static gboolean
drop_slot_from (gpointer key,
                gpointer value,
                gpointer user_data)
{
  Slot *slot = value;

  if (slot->position < GPOINTER_TO_UINT (user_data))
    return FALSE;
  g_object_weak_unref (G_OBJECT (slot->object), slot_object_finalized, slot);
  return TRUE;
}

static void
clear_recent (RigCatalogModel *self)
{
  for (guint i = 0; i < N_RECENT; i++)
    g_clear_object (&self->recent[i]);
  self->recent_next = 0;
}

/* Forgets the item objects at @first and after: their positions now hold other parts. */
static void
forget_items_from (RigCatalogModel *self,
                   guint            first)
{
  clear_recent (self);
  g_hash_table_foreach_remove (self->slots, drop_slot_from, GUINT_TO_POINTER (first));
}

/* Runs the query and reports the rows that changed as one items-changed: the unchanged
 * rows at both ends stay. */
static void
refresh (RigCatalogModel *self)
{
  RigCatalogQuery query;
  g_autoptr(GArray) rows = NULL;
  guint old_len = self->rows->len;
  guint prefix = 0, suffix = 0, shorter;

  rig_catalog_query_init (&query);
  query.kind = self->kind;
  query.text = self->text;
  query.sort = self->sort;
  query.descending = self->descending;
  query.min_key_spec = self->min_spec;
  query.max_price = self->max_price;
  query.vendor = self->vendor;

  rows = self->listing ? rig_catalog_listing_query (self->listing, &query)
                       : g_array_new (FALSE, FALSE, sizeof (guint32));

  /* Tell the view only what changed: a narrower search keeps its head and tail. */
  shorter = MIN (old_len, rows->len);
  while (prefix < shorter &&
         g_array_index (self->rows, guint32, prefix) == g_array_index (rows, guint32, prefix))
    prefix++;
  while (suffix < shorter - prefix &&
         g_array_index (self->rows, guint32, old_len - 1 - suffix) ==
           g_array_index (rows, guint32, rows->len - 1 - suffix))
    suffix++;
  if (prefix == old_len && prefix == rows->len)
    return;

  g_array_unref (self->rows);
  self->rows = g_steal_pointer (&rows);
  forget_items_from (self, prefix);
  g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_len - prefix - suffix,
                              self->rows->len - prefix - suffix);
}

static GType
rig_catalog_model_get_item_type (GListModel *model)
{
  return RIG_TYPE_PART_OBJECT;
}

static guint
rig_catalog_model_get_n_items (GListModel *model)
{
  return RIG_CATALOG_MODEL (model)->rows->len;
}

static gpointer
rig_catalog_model_get_item (GListModel *model,
                            guint       position)
{
  RigCatalogModel *self = RIG_CATALOG_MODEL (model);
  RigPartObject *object;
  Slot *slot;

  if (position >= self->rows->len)
    return NULL;

  slot = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (position));
  if (slot != NULL)
    object = g_object_ref (slot->object);
  else
    {
      g_autoptr(GError) error = NULL;
      RigPart *part = rig_catalog_get_part (self->catalog, rig_catalog_model_get_id (self, position),
                                            &error);

      if (part == NULL)
        {
          g_warning ("Reading a catalog part failed: %s", error->message);
          return NULL;
        }
      object = rig_part_object_new (part);
      slot = g_new (Slot, 1);
      *slot = (Slot) { self, position, object };
      g_object_weak_ref (G_OBJECT (object), slot_object_finalized, slot);
      g_hash_table_insert (self->slots, GUINT_TO_POINTER (position), slot);
    }

  /* Replacing the oldest may finalize it, which only removes its own slot. */
  g_set_object (&self->recent[self->recent_next], object);
  self->recent_next = (self->recent_next + 1) % N_RECENT;
  return object;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rig_catalog_model_get_item_type;
  iface->get_n_items = rig_catalog_model_get_n_items;
  iface->get_item = rig_catalog_model_get_item;
}

static void
rig_catalog_model_finalize (GObject *object)
{
  RigCatalogModel *self = RIG_CATALOG_MODEL (object);

  forget_items_from (self, 0);
  g_hash_table_unref (self->slots);
  g_array_unref (self->rows);
  g_clear_object (&self->catalog);
  g_free (self->text);
  g_free (self->vendor);
  G_OBJECT_CLASS (rig_catalog_model_parent_class)->finalize (object);
}

static void
rig_catalog_model_class_init (RigCatalogModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rig_catalog_model_finalize;
}

static void
rig_catalog_model_init (RigCatalogModel *self)
{
  self->rows = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->slots = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->sort = RIG_CATALOG_SORT_NAME;
  self->min_spec = NAN;
  self->max_price = NAN;
}

RigCatalogModel *
rig_catalog_model_new (RigCatalog *catalog,
                       int         kind)
{
  g_autoptr(GError) error = NULL;
  RigCatalogModel *self;

  g_return_val_if_fail (RIG_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (kind < RIG_PART_N_KINDS, NULL);

  self = g_object_new (RIG_TYPE_CATALOG_MODEL, NULL);
  self->catalog = g_object_ref (catalog);
  self->kind = kind < 0 ? -1 : kind;
  self->listing = rig_catalog_get_listing (catalog, self->kind, &error);
  if (self->listing == NULL)
    g_warning ("Listing the catalog failed: %s", error->message);
  refresh (self);
  return self;
}

RigCatalog *
rig_catalog_model_get_catalog (RigCatalogModel *self)
{
  g_return_val_if_fail (RIG_IS_CATALOG_MODEL (self), NULL);
  return self->catalog;
}

int
rig_catalog_model_get_kind (RigCatalogModel *self)
{
  g_return_val_if_fail (RIG_IS_CATALOG_MODEL (self), -1);
  return self->kind;
}

const char *
rig_catalog_model_get_id (RigCatalogModel *self,
                          guint            position)
{
  g_return_val_if_fail (RIG_IS_CATALOG_MODEL (self), NULL);
  return position < self->rows->len
           ? rig_catalog_listing_get_id (self->listing, g_array_index (self->rows, guint32, position))
           : NULL;
}

void
rig_catalog_model_set_query (RigCatalogModel *self,
                             const char      *text)
{
  g_return_if_fail (RIG_IS_CATALOG_MODEL (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  refresh (self);
}

void
rig_catalog_model_set_sort (RigCatalogModel *self,
                            RigCatalogSort   sort,
                            gboolean         descending)
{
  g_return_if_fail (RIG_IS_CATALOG_MODEL (self));
  g_return_if_fail (sort <= RIG_CATALOG_SORT_KEY_SPEC);

  descending = !!descending;
  if (self->sort == sort && self->descending == descending)
    return;
  self->sort = sort;
  self->descending = descending;
  refresh (self);
}

/* NAN equals NAN here: both mean "no filter". */
static gboolean
same_limit (double a,
            double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

void
rig_catalog_model_set_filter_min_spec (RigCatalogModel *self,
                                       double           min_spec)
{
  g_return_if_fail (RIG_IS_CATALOG_MODEL (self));

  if (same_limit (self->min_spec, min_spec))
    return;
  self->min_spec = min_spec;
  refresh (self);
}

void
rig_catalog_model_set_filter_max_price (RigCatalogModel *self,
                                        double           max_price)
{
  g_return_if_fail (RIG_IS_CATALOG_MODEL (self));

  if (same_limit (self->max_price, max_price))
    return;
  self->max_price = max_price;
  refresh (self);
}

void
rig_catalog_model_set_filter_vendor (RigCatalogModel *self,
                                     const char      *vendor)
{
  g_return_if_fail (RIG_IS_CATALOG_MODEL (self));

  if (g_strcmp0 (self->vendor, vendor) == 0)
    return;
  g_free (self->vendor);
  self->vendor = g_strdup (vendor);
  refresh (self);
}
