/* rig-library-dialog.h: the builds saved in the library, to open one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rig-library.h"

G_BEGIN_DECLS

#define RIG_TYPE_LIBRARY_DIALOG (rig_library_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RigLibraryDialog, rig_library_dialog, RIG, LIBRARY_DIALOG, AdwWindow)

/* NULL with @error when the library cannot list its builds. Emits "build-chosen" (gint64 id)
 * and closes when a row is activated; Escape closes without a choice. */
RigLibraryDialog *rig_library_dialog_new (GtkWindow   *parent,
                                          RigLibrary  *library,
                                          GError     **error);

G_END_DECLS
