/* rig-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rig-application.h"
#include "rig-plan.h"

G_BEGIN_DECLS

#define RIG_TYPE_WINDOW (rig_window_get_type ())

G_DECLARE_FINAL_TYPE (RigWindow, rig_window, RIG, WINDOW, AdwApplicationWindow)

RigWindow       *rig_window_new        (RigApplication *application);
void             rig_window_open_file  (RigWindow      *self,
                                        GFile          *file);
/* Replaces the build with @build (taking it), resolved against the catalog; FALSE and a toast
 * when a part or model is unknown. */
gboolean         rig_window_set_build  (RigWindow      *self,
                                        RigBuild       *build);
const RigBuild  *rig_window_get_build  (RigWindow      *self);
const RigReport *rig_window_get_report (RigWindow      *self);
gboolean         rig_window_get_dirty  (RigWindow      *self);
/* Closes the window, first asking whether to save unsaved changes, as the close button does;
 * finishes TRUE once it is closed, FALSE when it stays (Cancel, or the save did not happen). */
void             rig_window_close_async  (RigWindow           *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean         rig_window_close_finish (RigWindow           *self,
                                          GAsyncResult        *result,
                                          GError             **error);
/* Saves to @file without asking; for tests and "Save". */
gboolean         rig_window_save_to    (RigWindow      *self,
                                        GFile          *file,
                                        GError        **error);
/* Writes the build as @format ("csv", "markdown", "bbcode", "text", "html", "json", "pdf",
 * "png-memory", "png-power", "png-pcie", "png-cost") to @path in a worker thread; a toast says
 * when it is done or what went wrong. */
void             rig_window_export_to  (RigWindow      *self,
                                        const char     *format,
                                        const char     *path);
/* Replaces the build with the parts of a CSV parts list, unsaved; a dialog lists the rows that
 * matched no catalog part. */
gboolean         rig_window_import_csv (RigWindow      *self,
                                        GFile          *file);

/* Fetches prices from the user's price sources in the background; the refresh button turns into
 * a progress and Cancel button meanwhile, and a toast says what came of it. */
void             rig_window_refresh_prices (RigWindow  *self);

/* Edits, each undoable, as the widgets make them. */
void             rig_window_add_part   (RigWindow      *self,
                                        const char     *part_id,
                                        guint           count);
void             rig_window_set_count  (RigWindow      *self,
                                        guint           item,
                                        guint           count);
void             rig_window_add_workload_preset (RigWindow  *self,
                                                 const char *preset);

/* What putting @candidate in place of item @replace (or adding it, when -1) would change: the
 * picker's Impact column. */
char            *rig_window_candidate_impact (RigWindow     *self,
                                              const RigPart *candidate,
                                              int            replace);

G_END_DECLS
