/* rig-catalog-model.h: catalog parts as a lazily loaded GListModel of RigPartObject
 *
 * Each change of query, sort or filter runs one SQL query for the matching ids; a part is read
 * only when get_item asks for its position, so a view over 100,000 parts reads the rows it
 * shows. Items stay the same object while anyone holds them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rig-catalog.h"
#include "rig-part-object.h"

G_BEGIN_DECLS

#define RIG_TYPE_CATALOG_MODEL (rig_catalog_model_get_type ())

G_DECLARE_FINAL_TYPE (RigCatalogModel, rig_catalog_model, RIG, CATALOG_MODEL, GObject)

/* Parts of @kind (a RigPartKind, < 0 for every kind), by name. */
RigCatalogModel *rig_catalog_model_new                 (RigCatalog      *catalog,
                                                        int              kind);
RigCatalog      *rig_catalog_model_get_catalog         (RigCatalogModel *self);
int              rig_catalog_model_get_kind            (RigCatalogModel *self);
/* The id at @position without reading the part; NULL past the end. */
const char      *rig_catalog_model_get_id              (RigCatalogModel *self,
                                                        guint            position);

/* Words as for rig_catalog_search (); NULL or "" lists every part. */
void             rig_catalog_model_set_query           (RigCatalogModel *self,
                                                        const char      *text);
void             rig_catalog_model_set_sort            (RigCatalogModel *self,
                                                        RigCatalogSort   sort,
                                                        gboolean         descending);
/* Keeps parts whose rig_catalog_key_spec () is at least @min_spec; NAN for no minimum. */
void             rig_catalog_model_set_filter_min_spec (RigCatalogModel *self,
                                                        double           min_spec);
/* Keeps parts priced at most @max_price USD; NAN for no maximum. */
void             rig_catalog_model_set_filter_max_price (RigCatalogModel *self,
                                                         double           max_price);
/* Keeps the parts of @vendor (exactly); NULL for any. */
void             rig_catalog_model_set_filter_vendor   (RigCatalogModel *self,
                                                        const char      *vendor);

G_END_DECLS
