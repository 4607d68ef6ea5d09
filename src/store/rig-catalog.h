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
