/* rig-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rig-catalog.h"
#include "rig-library.h"

G_BEGIN_DECLS

#define RIG_TYPE_APPLICATION (rig_application_get_type ())

G_DECLARE_FINAL_TYPE (RigApplication, rig_application, RIG, APPLICATION, AdwApplication)

RigApplication *rig_application_new         (const char        *application_id,
                                             GApplicationFlags  flags);
/* The catalog, or NULL when it could not be opened (the reason is in the window). */
RigCatalog     *rig_application_get_catalog (RigApplication    *self);
const GError   *rig_application_get_catalog_error (RigApplication *self);
/* The user's library, opened on first use; NULL with @error when it cannot be opened. */
RigLibrary     *rig_application_get_library (RigApplication  *self,
                                             GError         **error);

G_END_DECLS
