/* rig-find-build-dialog.h: Find a Build: the cheapest builds that run a workload, as cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rig-catalog.h"

G_BEGIN_DECLS

#define RIG_TYPE_FIND_BUILD_DIALOG (rig_find_build_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RigFindBuildDialog, rig_find_build_dialog, RIG, FIND_BUILD_DIALOG, AdwWindow)

/* Starts from @from's first workload, currency and circuit when it has them. "open-build"
 * (RigBuild *, borrowed) asks for an answer to be opened as a new build. */
RigFindBuildDialog *rig_find_build_dialog_new (GtkWindow      *parent,
                                               RigCatalog     *catalog,
                                               const RigBuild *from);

G_END_DECLS
