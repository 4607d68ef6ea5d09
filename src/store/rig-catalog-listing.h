/* rig-catalog-listing.h: one kind's parts held in memory for the picker's lists (private to store)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "rig-catalog.h"

G_BEGIN_DECLS

/* Where what the user typed splits into words, for the full-text index and the listing alike. */
#define RIG_CATALOG_WORD_SEPARATORS " \t\n-_/,"

typedef struct _RigCatalogListing RigCatalogListing;

/* Reads every part of @kind (< 0: of every kind) with @key_spec_sql, an SQL expression over
 * `parts p` (and `s`, the kind's own table, when @kind_table is not NULL). */
RigCatalogListing *rig_catalog_listing_new    (sqlite3                *db,
                                               int                     kind,
                                               const char             *kind_table,
                                               const char             *key_spec_sql,
                                               GError                **error);
void               rig_catalog_listing_free   (RigCatalogListing      *self);

/* The rows that match @query (its kind is ignored: the listing has one), in its order. */
GArray            *rig_catalog_listing_query  (RigCatalogListing      *self,
                                               const RigCatalogQuery  *query);
const char        *rig_catalog_listing_get_id (RigCatalogListing      *self,
                                               guint32                 row);

/* The catalog's listing of @kind (< 0: every kind), read on first use; owned by @catalog. */
RigCatalogListing *rig_catalog_get_listing    (RigCatalog             *catalog,
                                               int                     kind,
                                               GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigCatalogListing, rig_catalog_listing_free)

G_END_DECLS
