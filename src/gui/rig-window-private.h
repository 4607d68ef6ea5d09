/* rig-window-private.h: what the window's files share: its instance and the steps they call
 *
 * rig-window.c is the shell (the template, the document's signals, closing); the actions and
 * what they open (files, exports, the library, price refresh, the part picker) are in
 * rig-window-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rig-build-settings.h"
#include "rig-document.h"
#include "rig-parts-list.h"
#include "rig-results-view.h"
#include "rig-window.h"

G_BEGIN_DECLS

struct _RigWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  RigDocument          *document;
  GPtrArray            *workload_rows;
  gboolean              closing;        /* saving because closing was asked */
  GtkWidget            *close_dialog;   /* "Save Changes?" while it is shown */
  GTask                *close_task;     /* rig_window_close_async () waiting for its answer */

  /* Template widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  AdwEntryRow          *name_row;
  RigPartsList         *parts_list;
  RigBuildSettings     *build_settings;
  AdwPreferencesGroup  *workloads_group;
  RigResultsView       *results_view;
  GtkStack             *results_stack;
  AdwLeaflet           *leaflet;
  GtkWidget            *fold_bar;
  GtkToggleButton      *show_parts_button;
  GtkToggleButton      *show_results_button;
  GtkWidget            *compare_button;
  AdwSplitButton       *open_button;
  GtkWidget            *new_button;       /* with Find a Build in its menu */
  GtkWidget            *new_plain_button; /* the same without the menu, when narrow */
  GtkWidget            *history_box;
  GMenu                *narrow_section;
  guint                 fold_idle;      /* apply_fold () waiting for the allocation to end */
  guint                 width_idle;     /* apply_width () waiting for the allocation to end */
  GtkWidget            *header_bar;
  int                   wide_header_min; /* the header's least width with every button shown */
  gboolean              header_narrow;   /* apply_fold () left only what fits in the header */
  GMenu                *recent_section;
  GtkStack             *refresh_stack;
  GtkLabel             *refresh_label;
  GtkMenuButton        *primary_menu_button;
  GtkMenuButton        *export_menu_button;
  GtkMenuButton        *add_part_button;
  GtkMenuButton        *add_workload_button;
  GMenuModel           *primary_menu;
  GMenuModel           *export_menu;
  GMenuModel           *add_part_menu;
  GMenuModel           *add_workload_menu;

  GCancellable         *refresh_cancellable;   /* set while prices are being refreshed */
};

static inline RigBuild *
build_of (RigWindow *self)
{
  return rig_document_get_build (self->document);
}

static inline RigCatalog *
get_catalog (RigWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  return app ? rig_application_get_catalog (RIG_APPLICATION (app)) : NULL;
}

void      _rig_window_toast               (RigWindow         *self,
                                          const char        *message);
void      _rig_window_show_error          (RigWindow         *self,
                                          const GError      *error);
void      _rig_window_update_title        (RigWindow         *self);
void      _rig_window_show_report         (RigWindow         *self);
RigBuild *_rig_window_begin_edit          (RigWindow         *self);
void      _rig_window_end_edit            (RigWindow         *self,
                                          RigDocumentChange  change);
gboolean  _rig_window_resolve             (RigWindow         *self);
void      _rig_window_edit_workload       (RigWindow         *self,
                                          int                index,
                                          RigWorkload       *initial);
void      _rig_window_rebuild_workloads   (RigWindow         *self);
void      _rig_window_finish_closing      (RigWindow         *self,
                                          gboolean           closed);
void      _rig_window_update_start        (RigWindow         *self);

/* rig-window-actions.c */
void      _rig_window_install_actions     (GtkWidgetClass    *widget_class);
void      _rig_window_new_build           (RigWindow         *self);
void      _rig_window_update_recent_menu  (RigWindow         *self);
void      _rig_window_open_picker         (RigWindow         *self,
                                          RigPartKind        kind,
                                          int                replace);
RigLibrary *_rig_window_get_library       (RigWindow         *self);
RigWindow *_rig_window_window_for_replacing (RigWindow       *self);
gboolean  _rig_window_set_build           (RigWindow         *self,
                                          RigBuild          *build,
                                          GFile             *file,
                                          gint64             library_id);

G_END_DECLS
