/* rig-catalog.h: the read-only parts catalog (catalog.sqlite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "rig-build.h"
#include "rig-model.h"
#include "rig-part.h"

G_BEGIN_DECLS

#define RIG_TYPE_CATALOG (rig_catalog_get_type ())

/* Orders for rig_catalog_query_ids (). Ties go by name, then id, always ascending; parts with
 * an unknown price or key spec come last in either direction. */
typedef enum
{
  RIG_CATALOG_SORT_NAME,
  RIG_CATALOG_SORT_PRICE,
  RIG_CATALOG_SORT_VENDOR,
  /* The kind's headline number (see rig_catalog_key_spec ()). */
  RIG_CATALOG_SORT_KEY_SPEC,
} RigCatalogSort;

/* What to list: every field is optional. Start from rig_catalog_query_init (). */
typedef struct
{
  int             kind;         /* a RigPartKind, < 0 for every kind */
  const char     *text;         /* words as for rig_catalog_search (), NULL or "" for all */
  RigCatalogSort  sort;
  gboolean        descending;
  double          min_key_spec; /* NAN for no minimum */
  double          max_price;    /* USD, NAN for no maximum; unpriced parts are left out */
  const char     *vendor;       /* exact vendor, NULL for any */
} RigCatalogQuery;

/* One thread at a time: it keeps prepared statements between calls. */
G_DECLARE_FINAL_TYPE (RigCatalog, rig_catalog, RIG, CATALOG, GObject)

/* RIGPLAN_CATALOG, else the installed catalog, else the one in the build tree. */
char       *rig_catalog_default_path  (void);

RigCatalog *rig_catalog_new           (const char  *path,
                                       GError     **error);
const char *rig_catalog_get_path      (RigCatalog  *self);
guint       rig_catalog_get_n_parts   (RigCatalog  *self);

/* Parts whose name, vendor, aliases or id match every word of @text (prefixes count);
 * @kind < 0 searches every kind. An empty @text lists them all. Best matches first. */
GPtrArray  *rig_catalog_search        (RigCatalog  *self,
                                       const char  *text,
                                       int          kind,
                                       guint        limit,
                                       GError     **error);
void        rig_catalog_query_init    (RigCatalogQuery *query);
/* The ids (char *) of the parts that match @query, in its order: one SQL query, no parts read. */
GPtrArray  *rig_catalog_query_ids     (RigCatalog             *self,
                                       const RigCatalogQuery  *query,
                                       GError                **error);
/* Every vendor of @kind (< 0: of every kind), sorted without regard to case. */
GStrv       rig_catalog_list_vendors  (RigCatalog  *self,
                                       int          kind,
                                       GError     **error);
/* The number a part of its kind is first compared by: GPU and system memory (GiB), CPU cores,
 * motherboard maximum memory (GiB), memory kit total (GiB), storage capacity (GB), PSU rating
 * (W), case GPU clearance (mm), cooler rating (W), NIC port speed (Gb/s). NAN when unknown. */
double      rig_catalog_key_spec      (const RigPart *part);

RigPart    *rig_catalog_get_part      (RigCatalog  *self,
                                       const char  *id,
                                       GError     **error);
GPtrArray  *rig_catalog_list_models   (RigCatalog  *self,
                                       GError     **error);
RigModel   *rig_catalog_get_model     (RigCatalog  *self,
                                       const char  *id,
                                       GError     **error);
GPtrArray  *rig_catalog_list_quants   (RigCatalog  *self,
                                       GError     **error);
RigQuant   *rig_catalog_get_quant     (RigCatalog  *self,
                                       const char  *id,
                                       GError     **error);

/* Looks up every part, model and quantization the build names and keeps a copy in it.
 * An unknown id fails with its JSON path: "parts[1].id: no part “x” in the catalog". */
gboolean    rig_catalog_resolve_build (RigCatalog  *self,
                                       RigBuild    *build,
                                       GError     **error);

G_END_DECLS
