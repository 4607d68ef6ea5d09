/* rig-document.c: one build being edited, with its file, undo history, prices and plan
 *
 * The window is a view of a document (the way GNOME Text Editor's EditorDocument sits under its
 * window): every edit goes through rig_document_begin_edit () / rig_document_end_edit (), which
 * keep a snapshot for undo, apply the prices stored in the library when what they apply to
 * changed, and plan the build again once the main loop is idle, however many edits came first.
 *
 * The protocol for views: on "changed" they drop every pointer into the build and the report;
 * on notify::report they show the new report. The report is only cleared after a "changed".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rig-build-file.h"
#include "rig-document.h"
#include "rig-store-error.h"

struct _RigDocument
{
  GObject      parent_instance;

  RigCatalog  *catalog;
  RigLibrary  *library;
  RigBuild    *build;
  RigReport    report;
  gboolean     report_valid;
  guint        replan_source;
  GFile       *file;
  gint64       library_id;
  gboolean     dirty;
  gboolean     dirty_before_edit;
  GPtrArray   *undo;          /* RigBuild snapshots, oldest first */
  GPtrArray   *redo;
  guint        price_applications;
};

G_DEFINE_FINAL_TYPE (RigDocument, rig_document, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CATALOG,
  PROP_LIBRARY,
  PROP_FILE,
  PROP_LIBRARY_ID,
  PROP_DIRTY,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_REPORT,
  N_PROPS
};

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Plan ----------------------------------------------------------------------------------- */

static void
replan_now (RigDocument *self)
{
  g_clear_handle_id (&self->replan_source, g_source_remove);
  if (self->report_valid)
    rig_report_clear (&self->report);
  rig_report_init (&self->report);
  rig_plan_evaluate (self->build, &self->report);
  self->report_valid = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
}

static gboolean
replan_idle_cb (gpointer user_data)
{
  RigDocument *self = user_data;

  self->replan_source = 0;
  replan_now (self);
  return G_SOURCE_REMOVE;
}

/* Ahead of the redraw (GDK_PRIORITY_REDRAW is G_PRIORITY_HIGH_IDLE + 20), so a frame never
 * shows a build without its plan. */
static void
schedule_replan (RigDocument *self)
{
  if (self->replan_source == 0)
    self->replan_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, replan_idle_cb, self, NULL);
}

/* The newest prices the user's price sources reported. A library that does not open is
 * reported when the user saves or opens from it, not on every edit. */
static void
apply_prices (RigDocument *self)
{
  if (self->library == NULL)
    return;
  rig_library_apply_prices (self->library, self->build);
  self->price_applications++;
}

static void
changed (RigDocument       *self,
         RigDocumentChange  change)
{
  if (change & (RIG_DOCUMENT_CHANGE_PARTS | RIG_DOCUMENT_CHANGE_PRICES))
    apply_prices (self);
  g_signal_emit (self, signals[CHANGED], 0, (guint) change);
  schedule_replan (self);
}

static void
set_dirty (RigDocument *self,
           gboolean     dirty)
{
  if (self->dirty == dirty)
    return;
  self->dirty = dirty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

static void
notify_history (RigDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static void
set_origin (RigDocument *self,
            GFile       *file,
            gint64       library_id)
{
  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  if (self->library_id != library_id)
    {
      self->library_id = library_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY_ID]);
    }
}

/* Edits ---------------------------------------------------------------------------------- */

/**
 * rig_document_begin_edit:
 *
 * Keeps a snapshot of the build for undo, and returns the build to change in place. Every
 * call is followed by rig_document_end_edit () or rig_document_cancel_edit ().
 */
RigBuild *
rig_document_begin_edit (RigDocument *self)
{
  g_return_val_if_fail (RIG_IS_DOCUMENT (self), NULL);

  g_ptr_array_add (self->undo, rig_build_copy (self->build));
  if (self->undo->len > RIG_DOCUMENT_MAX_UNDO)
    g_ptr_array_remove_index (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  self->dirty_before_edit = self->dirty;
  return self->build;
}

void
rig_document_end_edit (RigDocument       *self,
                       RigDocumentChange  change)
{
  g_return_if_fail (RIG_IS_DOCUMENT (self));

  set_dirty (self, TRUE);
  notify_history (self);
  changed (self, change);
}

/* Puts back the build as it was at rig_document_begin_edit (), leaving no redo step. */
void
rig_document_cancel_edit (RigDocument *self)
{
  g_return_if_fail (RIG_IS_DOCUMENT (self));
  g_return_if_fail (self->undo->len > 0);

  g_signal_emit (self, signals[CHANGED], 0, (guint) RIG_DOCUMENT_CHANGE_ALL);
  g_clear_pointer (&self->build, rig_build_free);
  self->build = g_ptr_array_steal_index (self->undo, self->undo->len - 1);
  set_dirty (self, self->dirty_before_edit);
  notify_history (self);
  changed (self, RIG_DOCUMENT_CHANGE_ALL);
}

static gboolean
rig_document_resolve_build (RigDocument  *self,
                            RigBuild     *build,
                            GError      **error)
{
  if (self->catalog == NULL)
    {
      g_set_error_literal (error, RIG_STORE_ERROR, RIG_STORE_ERROR_NOT_FOUND,
                           _("The parts catalog could not be opened"));
      return FALSE;
    }
  return rig_catalog_resolve_build (self->catalog, build, error);
}

/* Finds the catalog parts and models of what an edit added. */
gboolean
rig_document_resolve (RigDocument  *self,
                      GError      **error)
{
  g_return_val_if_fail (RIG_IS_DOCUMENT (self), FALSE);

  return rig_document_resolve_build (self, self->build, error);
}

static gboolean
swap_build (RigDocument *self,
            GPtrArray   *from,
            GPtrArray   *to)
{
  if (from->len == 0)
    return FALSE;
  /* Views let go of the build before it moves to the other history. */
  g_signal_emit (self, signals[CHANGED], 0, (guint) RIG_DOCUMENT_CHANGE_ALL);
  g_ptr_array_add (to, self->build);
  self->build = g_ptr_array_steal_index (from, from->len - 1);
  set_dirty (self, TRUE);
  notify_history (self);
  /* The snapshot's market prices may be older than the library's. */
  changed (self, RIG_DOCUMENT_CHANGE_ALL);
  return TRUE;
}

gboolean
rig_document_undo (RigDocument *self)
{
  g_return_val_if_fail (RIG_IS_DOCUMENT (self), FALSE);
  return swap_build (self, self->undo, self->redo);
}

gboolean
rig_document_redo (RigDocument *self)
{
  g_return_val_if_fail (RIG_IS_DOCUMENT (self), FALSE);
  return swap_build (self, self->redo, self->undo);
}

/* The library has new prices (a refresh), or another exchange rate. */
void
rig_document_prices_changed (RigDocument *self)
{
  g_return_if_fail (RIG_IS_DOCUMENT (self));
  changed (self, RIG_DOCUMENT_CHANGE_PRICES);
}

/* Builds, files and the library ---------------------------------------------------------- */

/**
 * rig_document_set_build:
 * @build: (transfer full): the build to edit from now on
 * @file: (nullable): the file it was read from
 * @library_id: its id in the library, 0 when it is not from there
 *
 * Replaces the build, with a fresh history. On error (a part or model the catalog does not
 * know) the document is left as it was.
 */
gboolean
rig_document_set_build (RigDocument  *self,
                        RigBuild     *build,
                        GFile        *file,
                        gint64        library_id,
                        GError      **error)
{
  g_autoptr(RigBuild) owned = build;

  g_return_val_if_fail (RIG_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (build != NULL, FALSE);

  if (!rig_document_resolve_build (self, owned, error))
    return FALSE;
  g_signal_emit (self, signals[CHANGED], 0, (guint) RIG_DOCUMENT_CHANGE_ALL);
  g_clear_pointer (&self->build, rig_build_free);
  self->build = g_steal_pointer (&owned);
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  set_origin (self, file, library_id);
  set_dirty (self, FALSE);
  notify_history (self);
  changed (self, RIG_DOCUMENT_CHANGE_ALL);
  return TRUE;
}

gboolean
rig_document_load_file (RigDocument  *self,
                        GFile        *file,
                        GError      **error)
{
  g_autofree char *path = NULL;
  RigBuild *build;

  g_return_val_if_fail (RIG_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if ((path = g_file_get_path (file)) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Only local build files can be opened"));
      return FALSE;
    }
  if ((build = rig_build_file_load (path, error)) == NULL)
    return FALSE;
  return rig_document_set_build (self, build, file, 0, error);
}

gboolean
rig_document_save_file (RigDocument  *self,
                        GFile        *file,
                        GError      **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (RIG_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if ((path = g_file_get_path (file)) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Builds can only be saved to local files"));
      return FALSE;
    }
  if (!rig_build_file_save (self->build, path, error))
    return FALSE;
  set_origin (self, file, self->library_id);
  set_dirty (self, FALSE);
  return TRUE;
}

/* Saves into the library: over the entry it came from, or as a new one when that entry was
 * deleted meanwhile. A build that also has a file stays modified until the file is saved. */
gboolean
rig_document_save_to_library (RigDocument  *self,
                              GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 id;

  g_return_val_if_fail (RIG_IS_DOCUMENT (self), FALSE);

  if (self->library == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The library of saved builds could not be opened"));
      return FALSE;
    }
  id = rig_library_save_build (self->library, self->library_id, self->build, &local_error);
  if (id == 0 && self->library_id != 0)
    {
      g_clear_error (&local_error);
      id = rig_library_save_build (self->library, 0, self->build, &local_error);
    }
  if (id == 0)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  set_origin (self, self->file, id);
  if (self->file == NULL)
    set_dirty (self, FALSE);
  return TRUE;
}

/* Getters -------------------------------------------------------------------------------- */

RigCatalog *
rig_document_get_catalog (RigDocument *self)
{
  g_return_val_if_fail (RIG_IS_DOCUMENT (self), NULL);
  return self->catalog;
}

RigLibrary *
rig_document_get_library (RigDocument *self)
{
  g_return_val_if_fail (RIG_IS_DOCUMENT (self), NULL);
  return self->library;
}

void
rig_document_set_library (RigDocument *self,
                          RigLibrary  *library)
{
  g_return_if_fail (RIG_IS_DOCUMENT (self));
  g_return_if_fail (library == NULL || RIG_IS_LIBRARY (library));

  if (!g_set_object (&self->library, library))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY]);
  rig_document_prices_changed (self);
}

/* The build, to read; change it only between rig_document_begin_edit () and _end_edit (). */
RigBuild *
rig_document_get_build (RigDocument *self)
{
  g_return_val_if_fail (RIG_IS_DOCUMENT (self), NULL);
  return self->build;
}

/* The plan of the build as it is now: one waiting for the main loop is made at once. */
const RigReport *
rig_document_get_report (RigDocument *self)
{
  g_return_val_if_fail (RIG_IS_DOCUMENT (self), NULL);

  if (self->replan_source != 0 || !self->report_valid)
    replan_now (self);
  return &self->report;
}

/* Whether an edit is waiting for its plan. */
gboolean
rig_document_get_report_pending (RigDocument *self)
{
  g_return_val_if_fail (RIG_IS_DOCUMENT (self), FALSE);
  return self->replan_source != 0;
}

GFile *
rig_document_get_file (RigDocument *self)
{
  g_return_val_if_fail (RIG_IS_DOCUMENT (self), NULL);
  return self->file;
}

gint64
rig_document_get_library_id (RigDocument *self)
{
  g_return_val_if_fail (RIG_IS_DOCUMENT (self), 0);
  return self->library_id;
}

gboolean
rig_document_get_dirty (RigDocument *self)
{
  g_return_val_if_fail (RIG_IS_DOCUMENT (self), FALSE);
  return self->dirty;
}

/* A build that came from somewhere else than a save (an import) is modified from the start;
 * one whose window closes without saving, on purpose, is not. */
void
rig_document_set_dirty (RigDocument *self,
                        gboolean     dirty)
{
  g_return_if_fail (RIG_IS_DOCUMENT (self));
  set_dirty (self, dirty);
}

gboolean
rig_document_can_undo (RigDocument *self)
{
  g_return_val_if_fail (RIG_IS_DOCUMENT (self), FALSE);
  return self->undo->len > 0;
}

gboolean
rig_document_can_redo (RigDocument *self)
{
  g_return_val_if_fail (RIG_IS_DOCUMENT (self), FALSE);
  return self->redo->len > 0;
}

/* How many times the stored prices were applied to the build: once per change they depend
 * on, not once per edit (each application is a query per part). */
guint
rig_document_get_price_applications (RigDocument *self)
{
  g_return_val_if_fail (RIG_IS_DOCUMENT (self), 0);
  return self->price_applications;
}

/* GObject -------------------------------------------------------------------------------- */

static void
rig_document_dispose (GObject *object)
{
  RigDocument *self = RIG_DOCUMENT (object);

  g_clear_handle_id (&self->replan_source, g_source_remove);
  g_clear_object (&self->catalog);
  g_clear_object (&self->library);
  g_clear_object (&self->file);
  G_OBJECT_CLASS (rig_document_parent_class)->dispose (object);
}

static void
rig_document_finalize (GObject *object)
{
  RigDocument *self = RIG_DOCUMENT (object);

  if (self->report_valid)
    rig_report_clear (&self->report);
  g_clear_pointer (&self->build, rig_build_free);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  G_OBJECT_CLASS (rig_document_parent_class)->finalize (object);
}

static void
rig_document_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RigDocument *self = RIG_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_LIBRARY_ID:
      g_value_set_int64 (value, self->library_id);
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, self->dirty);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, rig_document_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, rig_document_can_redo (self));
      break;
    case PROP_REPORT:
      g_value_set_pointer (value, self->report_valid ? &self->report : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rig_document_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  RigDocument *self = RIG_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_LIBRARY:
      g_set_object (&self->library, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rig_document_class_init (RigDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rig_document_dispose;
  object_class->finalize = rig_document_finalize;
  object_class->get_property = rig_document_get_property;
  object_class->set_property = rig_document_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, RIG_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, RIG_TYPE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIBRARY_ID] =
    g_param_spec_int64 ("library-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPORT] =
    g_param_spec_pointer ("report", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RigDocument::changed:
   * @change: the RigDocumentChange flags
   *
   * The build changed; views drop their pointers into the build and the report, which is
   * planned again when the main loop is idle.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
rig_document_init (RigDocument *self)
{
  self->build = rig_build_new ("");
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_build_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_build_free);
}

RigDocument *
rig_document_new (RigCatalog *catalog,
                  RigLibrary *library)
{
  g_return_val_if_fail (catalog == NULL || RIG_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (library == NULL || RIG_IS_LIBRARY (library), NULL);

  return g_object_new (RIG_TYPE_DOCUMENT, "catalog", catalog, "library", library, NULL);
}
