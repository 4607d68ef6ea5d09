/* rig-window.c: the parts list and workloads on one side, the live plan on the other
 *
 * The window is a view of a RigDocument, which owns the build, its file, undo and the plan:
 * every edit goes through begin_edit () / end_edit (); the document says what changed, and
 * the window rebuilds the rows that show it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "rig-build-file.h"
#include "rig-compare-window.h"
#include "rig-document.h"
#include "rig-export.h"
#include "rig-impact.h"
#include "rig-import.h"
#include "rig-input-file.h"
#include "rig-report-pdf.h"
#include "rig-part-picker.h"
#include "rig-parts-list.h"
#include "rig-preferences-window.h"
#include "rig-price-refresh.h"
#include "rig-results-view.h"
#include "rig-window.h"
#include "rig-workload-dialog.h"

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
  AdwPreferencesGroup  *workloads_group;
  RigResultsView       *results_view;
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

G_DEFINE_FINAL_TYPE (RigWindow, rig_window, ADW_TYPE_APPLICATION_WINDOW)

static void open_picker (RigWindow   *self,
                         RigPartKind  kind,
                         int          replace);
static void rebuild_workloads (RigWindow *self);
static void finish_closing (RigWindow *self,
                            gboolean   closed);

static inline RigBuild *
build_of (RigWindow *self)
{
  return rig_document_get_build (self->document);
}

static RigCatalog *
get_catalog (RigWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  return app ? rig_application_get_catalog (RIG_APPLICATION (app)) : NULL;
}

static void
toast (RigWindow  *self,
       const char *message)
{
  AdwToast *t = adw_toast_new (message);

  /* The newest news first: a toast never waits behind an older one. */
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (t, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
show_error (RigWindow    *self,
            const GError *error)
{
  AdwToast *t = adw_toast_new (error->message);

  /* Errors stay until dismissed, but a later toast goes in front of them. */
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (t, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

/* Plan and title ------------------------------------------------------------------------- */

static void
update_title (RigWindow *self)
{
  g_autofree char *subtitle = NULL;
  RigBuild *build = build_of (self);
  GFile *file = rig_document_get_file (self->document);
  gboolean dirty = rig_document_get_dirty (self->document);
  const char *name = *build->name ? build->name : _("New Build");

  if (file != NULL)
    {
      g_autofree char *base = g_file_get_basename (file);
      subtitle = g_strdup_printf ("%s%s", dirty ? "• " : "", base);
    }
  else if (dirty)
    subtitle = g_strdup (_("Unsaved"));
  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
  gtk_window_set_title (GTK_WINDOW (self), name);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", rig_document_can_undo (self->document));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", rig_document_can_redo (self->document));
}

/* Shows the document's plan: at once when it is waiting for the main loop. */
static void
show_report (RigWindow *self)
{
  const RigReport *report = rig_document_get_report (self->document);

  rig_results_view_set_imperial (self->results_view,
                                 self->settings && g_settings_get_enum (self->settings, "units") == 1);
  rig_results_view_show (self->results_view, build_of (self), report);
  update_title (self);
}

static void
on_report_changed (RigWindow *self)
{
  if (self->results_view != NULL)
    show_report (self);
}

/* The build changed: nothing may keep a pointer into it or its report until the next plan. */
static void
on_document_changed (RigDocument *document,
                     guint        change,
                     RigWindow   *self)
{
  if (self->results_view == NULL)
    return;
  rig_results_view_show (self->results_view, NULL, NULL);
  if (change == RIG_DOCUMENT_CHANGE_ALL)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), build_of (self)->name);
  if (change & RIG_DOCUMENT_CHANGE_WORKLOADS)
    rebuild_workloads (self);
  update_title (self);
}

static RigBuild *
begin_edit (RigWindow *self)
{
  return rig_document_begin_edit (self->document);
}

static void
end_edit (RigWindow         *self,
          RigDocumentChange  change)
{
  rig_document_end_edit (self->document, change);
}

/* Parts ---------------------------------------------------------------------------------- */

void
rig_window_set_count (RigWindow *self,
                      guint      index,
                      guint      count)
{
  RigBuildItem *item;

  g_return_if_fail (index < build_of (self)->items->len);
  item = g_ptr_array_index (build_of (self)->items, index);
  if (item->count == count || count == 0 || count > RIG_BUILD_MAX_COUNT)
    return;
  begin_edit (self);
  item->count = count;
  end_edit (self, RIG_DOCUMENT_CHANGE_VALUES);
}

static void
on_change_part (RigPartsList *list,
                guint         index,
                int           kind,
                RigWindow    *self)
{
  open_picker (self, kind, (int) index);
}

static void
on_parts_message (RigPartsList *list,
                  const char   *message,
                  RigWindow    *self)
{
  toast (self, message);
}

/* What choosing @candidate would change, for the picker's Impact column. */
typedef struct
{
  RigWindow *window;
  int        replace;    /* item index the candidate replaces, -1 to add */
} ImpactData;

static char *
impact (const RigPart *candidate,
        gpointer       user_data)
{
  ImpactData *data = user_data;
  RigWindow *self = data->window;
  const RigReport *report = rig_document_get_report (self->document);
  g_autoptr(GString) text = g_string_new (NULL);
  RigImpact impact;

  rig_plan_impact (build_of (self), report, candidate, data->replace, &impact);
  if (impact.workloads > 0)
    g_string_append_printf (text, _("%u/%u fit"), impact.fits, impact.workloads);
  if (!isnan (impact.psu_load))
    g_string_append_printf (text, _("%sPSU %.0f %%"), text->len ? " · " : "", impact.psu_load * 100);
  /* A part without a price is never counted as free. */
  if (impact.price_known)
    g_string_append_printf (text, "%s%+.0f %s", text->len ? " · " : "",
                            impact.price_delta_minor / 100.0, report->cost.currency);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_part_chosen (RigPartPicker *picker,
                const char    *part_id,
                ImpactData    *data)
{
  RigWindow *self = data->window;
  RigCatalog *catalog = get_catalog (self);
  g_autoptr(GError) error = NULL;
  RigPart *part = rig_catalog_get_part (catalog, part_id, &error);

  if (part == NULL)
    {
      show_error (self, error);
      return;
    }
  begin_edit (self);
  if (data->replace >= 0 && (guint) data->replace < build_of (self)->items->len)
    {
      RigBuildItem *item = g_ptr_array_index (build_of (self)->items, data->replace);

      g_free (item->part_id);
      item->part_id = g_strdup (part_id);
      g_clear_pointer (&item->part, rig_part_free);
      item->part = part;
      item->has_price = FALSE;
    }
  else
    rig_build_add_part (build_of (self), part_id, 1)->part = part;
  end_edit (self, RIG_DOCUMENT_CHANGE_PARTS);
}

char *
rig_window_candidate_impact (RigWindow     *self,
                             const RigPart *candidate,
                             int            replace)
{
  ImpactData data = { self, replace };

  g_return_val_if_fail (RIG_IS_WINDOW (self), NULL);
  return impact (candidate, &data);
}

static void
free_impact_data (gpointer  data,
                  GClosure *closure)
{
  g_free (data);
}

static void
open_picker (RigWindow   *self,
             RigPartKind  kind,
             int          replace)
{
  RigCatalog *catalog = get_catalog (self);
  RigPartPicker *picker;
  ImpactData *data;

  if (catalog == NULL)
    {
      toast (self, _("The parts catalog could not be opened"));
      return;
    }
  data = g_new0 (ImpactData, 1);
  data->window = self;
  data->replace = replace;
  picker = rig_part_picker_new (GTK_WINDOW (self), catalog, kind);
  rig_part_picker_set_impact_func (picker, impact, data, NULL);
  g_signal_connect_data (picker, "part-chosen", G_CALLBACK (on_part_chosen), data,
                         free_impact_data, 0);
  gtk_window_present (GTK_WINDOW (picker));
}

static guint
item_index (gpointer widget)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "item-index"));
}

static GtkWidget *
tag (GtkWidget *widget,
     guint      index)
{
  g_object_set_data (G_OBJECT (widget), "item-index", GUINT_TO_POINTER (index));
  return widget;
}

static GtkWidget *
icon_button (const char *icon,
             const char *label,
             guint       index,
             GCallback   callback,
             RigWindow  *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  tag (button, index);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

void
rig_window_add_part (RigWindow  *self,
                     const char *part_id,
                     guint       count)
{
  RigCatalog *catalog = get_catalog (self);
  g_autoptr(GError) error = NULL;
  RigPart *part;

  g_return_if_fail (RIG_IS_WINDOW (self));
  g_return_if_fail (count >= 1 && count <= RIG_BUILD_MAX_COUNT);
  if (catalog == NULL || !(part = rig_catalog_get_part (catalog, part_id, &error)))
    {
      if (error)
        show_error (self, error);
      return;
    }
  begin_edit (self);
  rig_build_add_part (build_of (self), part_id, count)->part = part;
  end_edit (self, RIG_DOCUMENT_CHANGE_PARTS);
}

/* Workloads ------------------------------------------------------------------------------ */

static const struct
{
  const char     *name;
  const char     *model;
  const char     *quant;
  RigWorkloadMode mode;
  guint           context;
} presets[] = {
  { "chat-70b", "llama-3.3-70b", "Q4_K_M", RIG_MODE_INFERENCE, 8192 },
  { "chat-8b", "llama-3.1-8b", "Q8_0", RIG_MODE_INFERENCE, 8192 },
  { "long-32b", "qwen-2.5-32b", "Q4_K_M", RIG_MODE_INFERENCE, 32768 },
  { "moe-30b", "qwen3-30b-a3b", "Q4_K_M", RIG_MODE_INFERENCE, 16384 },
  { "lora-8b", "llama-3.1-8b", "BF16", RIG_MODE_LORA, 2048 },
  { "qlora-70b", "llama-3.1-70b", "NF4-DQ", RIG_MODE_QLORA, 2048 },
};

static gboolean
resolve (RigWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!rig_document_resolve (self->document, &error))
    {
      show_error (self, error);
      return FALSE;
    }
  return TRUE;
}

static void
on_workload_applied (RigWorkloadDialog *dialog,
                     RigWindow         *self)
{
  int index = rig_workload_dialog_get_index (dialog);
  RigWorkload *w = rig_workload_dialog_dup_workload (dialog);

  begin_edit (self);
  if (index >= 0 && (guint) index < build_of (self)->workloads->len)
    {
      rig_workload_free (build_of (self)->workloads->pdata[index]);
      build_of (self)->workloads->pdata[index] = w;
    }
  else
    g_ptr_array_add (build_of (self)->workloads, w);
  if (!resolve (self))
    {
      rig_document_cancel_edit (self->document);
      return;
    }
  end_edit (self, RIG_DOCUMENT_CHANGE_WORKLOADS);
}

static void
edit_workload (RigWindow   *self,
               int          index,
               RigWorkload *initial)
{
  RigCatalog *catalog = get_catalog (self);
  RigWorkloadDialog *dialog;

  if (catalog == NULL)
    return;
  dialog = rig_workload_dialog_new (GTK_WINDOW (self), catalog, initial, index);
  g_signal_connect (dialog, "applied", G_CALLBACK (on_workload_applied), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
rig_window_add_workload_preset (RigWindow  *self,
                                const char *preset)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (presets[i].name, preset))
      {
        RigWorkload *w = rig_workload_new ();

        w->model_id = g_strdup (presets[i].model);
        w->quant_id = g_strdup (presets[i].quant);
        w->mode = presets[i].mode;
        w->context = presets[i].context;
        w->gradient_checkpointing = presets[i].mode != RIG_MODE_INFERENCE;
        begin_edit (self);
        g_ptr_array_add (build_of (self)->workloads, w);
        if (!resolve (self))
          {
            rig_document_cancel_edit (self->document);
            return;
          }
        end_edit (self, RIG_DOCUMENT_CHANGE_WORKLOADS);
        return;
      }
  edit_workload (self, -1, NULL);
}

static void
on_workload_edit (GtkButton *button,
                  RigWindow *self)
{
  guint i = item_index (button);
  edit_workload (self, (int) i, g_ptr_array_index (build_of (self)->workloads, i));
}

static void
on_workload_remove (GtkButton *button,
                    RigWindow *self)
{
  begin_edit (self);
  g_ptr_array_remove_index (build_of (self)->workloads, item_index (button));
  end_edit (self, RIG_DOCUMENT_CHANGE_WORKLOADS);
}

static void
rebuild_workloads (RigWindow *self)
{
  for (guint i = 0; i < self->workload_rows->len; i++)
    adw_preferences_group_remove (self->workloads_group, g_ptr_array_index (self->workload_rows, i));
  g_ptr_array_set_size (self->workload_rows, 0);

  for (guint i = 0; i < build_of (self)->workloads->len; i++)
    {
      RigWorkload *w = g_ptr_array_index (build_of (self)->workloads, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf ("%s · %s", w->model ? w->model->name : w->model_id,
                                                w->quant_id ? w->quant_id : _("16-bit"));
      g_autofree char *subtitle = g_strdup_printf (_("%s · %'u tokens · batch %u"),
                                                   rig_workload_mode_to_string (w->mode), w->context,
                                                   w->batch);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("document-edit-symbolic", _("Edit Workload"), i,
                                              G_CALLBACK (on_workload_edit), self));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("user-trash-symbolic", _("Remove Workload"), i,
                                              G_CALLBACK (on_workload_remove), self));
      adw_preferences_group_add (self->workloads_group, row);
      g_ptr_array_add (self->workload_rows, row);
    }
}

/* Files ---------------------------------------------------------------------------------- */

static void
add_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

/* Where a build that replaces this one goes: this window, or a new one when this one has
 * unsaved changes, so opening never throws work away. */
static RigWindow *
window_for_replacing (RigWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  RigWindow *other;

  if (!rig_document_get_dirty (self->document) || app == NULL)
    return self;
  other = rig_window_new (RIG_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (other));
  return other;
}

/* Replaces the build this window shows (@build is taken); a build with parts or models the
 * catalog does not know is refused, with a message, and the window keeps the one it had. */
static gboolean
set_build (RigWindow *self,
           RigBuild  *build,
           GFile     *file,
           gint64     library_id)
{
  g_autoptr(GError) error = NULL;

  if (!rig_document_set_build (self->document, build, file, library_id, &error))
    {
      show_error (self, error);
      return FALSE;
    }
  if (file != NULL)
    add_recent (file);
  return TRUE;
}

gboolean
rig_window_set_build (RigWindow *self,
                      RigBuild  *build)
{
  g_return_val_if_fail (RIG_IS_WINDOW (self), FALSE);
  return set_build (self, build, NULL, 0);
}

void
rig_window_open_file (RigWindow *self,
                      GFile     *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  RigBuild *build;

  g_return_if_fail (RIG_IS_WINDOW (self));

  if (path == NULL || !(build = rig_build_file_load (path, &error)))
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("Only local build files can be opened"));
      show_error (self, error);
      return;
    }
  self = window_for_replacing (self);
  set_build (self, build, file, 0);
}

gboolean
rig_window_save_to (RigWindow *self,
                    GFile     *file,
                    GError   **error)
{
  if (!rig_document_save_file (self->document, file, error))
    return FALSE;
  add_recent (file);
  return TRUE;
}

typedef enum { CHOOSE_OPEN, CHOOSE_SAVE, CHOOSE_EXPORT, CHOOSE_IMPORT_CSV } ChooseFor;

/* What the export menu offers: a format, a file name extension and the filter's name. */
static const struct
{
  const char *id;
  const char *extension;
  const char *filter;
} export_formats[] = {
  { "csv",        "csv",  N_("CSV files") },
  { "markdown",   "md",   N_("Markdown files") },
  { "bbcode",     "txt",  N_("Text files") },
  { "text",       "txt",  N_("Text files") },
  { "html",       "html", N_("Web pages") },
  { "json",       "json", N_("Rigplan builds") },
  { "pdf",        "pdf",  N_("PDF documents") },
  { "png-memory", "png",  N_("PNG images") },
  { "png-power",  "png",  N_("PNG images") },
  { "png-pcie",   "png",  N_("PNG images") },
  { "png-cost",   "png",  N_("PNG images") },
};

static int
export_format_index (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    if (g_str_equal (export_formats[i].id, id))
      return i;
  return -1;
}

typedef struct
{
  RigBuild  *build;
  RigReport  report;
  char      *format;
  char      *path;
  RigPaper   paper;
  gboolean   dark;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  rig_report_clear (&job->report);
  rig_build_free (job->build);
  g_free (job->format);
  g_free (job->path);
  g_free (job);
}

/* Runs in a worker thread: the job owns a copy of the build, so the user can go on editing. */
static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ExportJob *job = data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  rig_plan_evaluate (job->build, &job->report);
  if (g_str_equal (job->format, "pdf"))
    ok = rig_report_pdf_write (job->build, &job->report, job->paper, NULL, job->path, &error);
  else if (g_str_has_prefix (job->format, "png-"))
    ok = rig_chart_png_write (rig_chart_kind_from_string (job->format + 4), job->build, &job->report,
                              0, 1200, 500, job->dark, job->path, &error);
  else
    {
      g_autofree char *text = g_str_equal (job->format, "json")
                              ? rig_build_to_json (job->build)
                              : rig_export_build (job->build, &job->report,
                                                  rig_export_format_from_string (job->format), NULL);
      /* A temporary file renamed over the target: a failed export leaves the old file whole. */
      ok = g_file_set_contents (job->path, text, -1, &error);
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RigWindow *self = RIG_WINDOW (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    show_error (self, error);
  else
    {
      g_autofree char *base = g_path_get_basename (job->path);
      g_autofree char *message = g_strdup_printf (_("Exported “%s”"), base);
      toast (self, message);
    }
}

void
rig_window_export_to (RigWindow  *self,
                      const char *format,
                      const char *path)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, export_done, NULL);
  ExportJob *job = g_new0 (ExportJob, 1);

  g_return_if_fail (RIG_IS_WINDOW (self));
  g_return_if_fail (export_format_index (format) >= 0);

  job->build = rig_build_copy (build_of (self));
  rig_report_init (&job->report);
  job->format = g_strdup (format);
  job->path = g_strdup (path);
  job->paper = self->settings != NULL ? g_settings_get_enum (self->settings, "paper") : RIG_PAPER_A4;
  job->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
show_import_report (RigWindow  *self,
                    const char *file_name,
                    GPtrArray  *unmatched)
{
  g_autoptr(GString) body = g_string_new (NULL);
  AdwMessageDialog *dialog;

  for (guint i = 0; i < unmatched->len && i < 20; i++)
    g_string_append_printf (body, "%s%s", i ? "\n" : "", (char *) g_ptr_array_index (unmatched, i));
  if (unmatched->len > 20)
    g_string_append_printf (body, ngettext ("\n… and %u more row", "\n… and %u more rows",
                                            unmatched->len - 20), unmatched->len - 20);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, body->str));
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog),
                                     ngettext ("%u row of “%s” was left out",
                                               "%u rows of “%s” were left out", unmatched->len),
                                     unmatched->len, file_name);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A CSV parts list from a spreadsheet or another tool becomes a new, unsaved build. */
gboolean
rig_window_import_csv (RigWindow *self,
                       GFile     *file)
{
  RigCatalog *catalog = get_catalog (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unmatched = NULL;
  g_autofree char *data = NULL;
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_strdup (base);
  char *dot = strrchr (name, '.');
  gsize length;
  RigBuild *build;

  g_return_val_if_fail (RIG_IS_WINDOW (self), FALSE);

  if (dot != NULL && dot != name)
    *dot = '\0';
  if (catalog == NULL)
    return FALSE;
  if (path == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Only local files can be imported"));
  if (error != NULL
      || !rig_read_input_file (path, RIG_INPUT_FILE_MAX_BYTES, &data, &length, &error)
      || !(build = rig_import_csv_parts (catalog, data, length, name, &unmatched, &error)))
    {
      g_prefix_error (&error, "%s: ", base);
      show_error (self, error);
      return FALSE;
    }
  self = window_for_replacing (self);
  if (!set_build (self, build, NULL, 0))
    return FALSE;
  rig_document_set_dirty (self->document, TRUE);
  if (unmatched != NULL && unmatched->len > 0)
    show_import_report (self, base, unmatched);
  else
    {
      g_autofree char *message = g_strdup_printf (_("Imported “%s”"), base);
      toast (self, message);
    }
  return TRUE;
}

static void
chooser_response (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  RigWindow *self = RIG_WINDOW (g_object_get_data (G_OBJECT (dialog), "window"));
  g_autofree char *format = g_strdup (g_object_get_data (G_OBJECT (dialog), "format"));
  ChooseFor purpose = GPOINTER_TO_INT (user_data);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL)
    {
      if (purpose == CHOOSE_SAVE && self->closing)
        finish_closing (self, FALSE);   /* no file chosen: the window stays */
      return;
    }

  switch (purpose)
    {
    case CHOOSE_OPEN:
      rig_window_open_file (self, file);
      break;
    case CHOOSE_SAVE:
      if (!rig_window_save_to (self, file, &error))
        show_error (self, error);
      if (self->closing)
        finish_closing (self, !rig_document_get_dirty (self->document));
      break;
    case CHOOSE_IMPORT_CSV:
      rig_window_import_csv (self, file);
      break;
    case CHOOSE_EXPORT:
    default:
      {
        g_autofree char *path = g_file_get_path (file);

        if (path == NULL)
          toast (self, _("Exports can only be written to local folders"));
        else
          rig_window_export_to (self, format, path);
      }
      break;
    }
}

static void
choose_file (RigWindow  *self,
             ChooseFor   purpose,
             const char *format)
{
  gboolean save = purpose == CHOOSE_SAVE || purpose == CHOOSE_EXPORT;
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  const char *title = save ? _("Save Build") : _("Open Build");
  const char *stem = *build_of (self)->name ? build_of (self)->name : _("build");

  if (purpose == CHOOSE_EXPORT)
    title = _("Export");
  else if (purpose == CHOOSE_IMPORT_CSV)
    title = _("Import Parts List");
  dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                        save ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        purpose == CHOOSE_EXPORT ? _("_Export")
                                        : purpose == CHOOSE_IMPORT_CSV ? _("_Import")
                                        : save ? _("_Save") : _("_Open"), _("_Cancel"));
  if (purpose == CHOOSE_EXPORT)
    {
      int i = export_format_index (format);
      g_autofree char *name = NULL;

      g_return_if_fail (i >= 0);
      /* "Dual 3090.md", or "Dual 3090 power.png" for a chart. */
      if (g_str_has_prefix (format, "png-"))
        name = g_strdup_printf ("%s %s.png", stem, format + 4);
      else if (g_str_equal (format, "json"))
        name = g_strdup_printf ("%s.rigplan.json", stem);
      else
        name = g_strdup_printf ("%s.%s", stem, export_formats[i].extension);
      gtk_file_filter_set_name (filter, _(export_formats[i].filter));
      gtk_file_filter_add_pattern (filter, "*.*");
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
      g_object_set_data_full (G_OBJECT (dialog), "format", g_strdup (format), g_free);
    }
  else if (purpose == CHOOSE_IMPORT_CSV)
    {
      gtk_file_filter_set_name (filter, _("CSV files"));
      gtk_file_filter_add_pattern (filter, "*.csv");
      gtk_file_filter_add_pattern (filter, "*.CSV");
      gtk_file_filter_add_mime_type (filter, "text/csv");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("Rigplan builds"));
      gtk_file_filter_add_pattern (filter, "*.json");
      if (save)
        {
          g_autofree char *name = g_strdup_printf ("%s.rigplan.json", stem);
          gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
        }
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_set_data (G_OBJECT (dialog), "window", self);
  g_signal_connect (dialog, "response", G_CALLBACK (chooser_response), GINT_TO_POINTER (purpose));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static RigLibrary *
get_library (RigWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GError) error = NULL;
  RigLibrary *library = rig_application_get_library (RIG_APPLICATION (app), &error);

  if (library == NULL)
    show_error (self, error);
  else if (rig_document_get_library (self->document) == NULL)
    rig_document_set_library (self->document, library);
  return library;
}

static void
save_to_library (RigWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (get_library (self) == NULL)
    return;
  if (!rig_document_save_to_library (self->document, &error))
    {
      show_error (self, error);
      return;
    }
  toast (self, _("Saved to the library"));
}

static void
on_library_row_activated (GtkListBox    *list,
                          GtkListBoxRow *row,
                          RigWindow     *self)
{
  RigLibrary *library = get_library (self);
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (row), "build-id");
  g_autoptr(GError) error = NULL;
  RigBuild *build;

  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (list))));
  if (library == NULL)
    return;
  if (!(build = rig_library_load_build (library, id, &error)))
    {
      show_error (self, error);
      return;
    }
  self = window_for_replacing (self);
  set_build (self, build, NULL, id);
}

static void
open_library_dialog (RigWindow *self)
{
  RigLibrary *library = get_library (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  GtkWidget *window, *box, *header, *scrolled, *list;

  if (library == NULL)
    return;
  if (!(entries = rig_library_list_builds (library, &error)))
    {
      show_error (self, error);
      return;
    }

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Open from Library"));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 420);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);
  scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scrolled, TRUE);
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_margin_top (list, 12);
  gtk_widget_set_margin_bottom (list, 12);
  gtk_widget_set_margin_start (list, 12);
  gtk_widget_set_margin_end (list, 12);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (list),
                                gtk_label_new (_("No saved builds yet — use “Save to Library”")));
  for (guint i = 0; i < entries->len; i++)
    {
      RigLibraryEntry *e = g_ptr_array_index (entries, i);
      GtkWidget *row = adw_action_row_new ();
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (e->modified);
      g_autofree char *date = g_date_time_format (when, "%x %X");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), *e->name ? e->name : _("Untitled"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), date);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "build-id", g_memdup2 (&e->id, sizeof e->id), g_free);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  g_signal_connect (list, "row-activated", G_CALLBACK (on_library_row_activated), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

static void
update_recent_menu (RigWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  guint shown = 0;

  g_menu_remove_all (self->recent_section);
  for (GList *l = items; l && shown < 6; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (!g_str_has_suffix (uri, ".json") || !gtk_recent_info_exists (info))
        continue;
      label = g_uri_unescape_string (strrchr (uri, '/') + 1, NULL);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", uri);
      g_menu_append_item (self->recent_section, item);
      shown++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}


/* Prices ---------------------------------------------------------------------------------- */

static void
refresh_progress (guint    done,
                  guint    total,
                  gpointer user_data)
{
  RigWindow *self = RIG_WINDOW (user_data);
  /* Translators: the price refresh button while it runs: "2 of 5 · Cancel" */
  g_autofree char *text = g_strdup_printf (_("%u of %u · Cancel"), done, total);

  if (self->refresh_label != NULL)
    gtk_label_set_label (self->refresh_label, text);
}

static void
show_refresh_details (RigWindow *self,
                      GPtrArray *outcomes)
{
  g_autoptr(GString) body = g_string_new (NULL);
  AdwMessageDialog *dialog;

  for (guint i = 0; i < outcomes->len; i++)
    {
      RigRefreshOutcome *o = g_ptr_array_index (outcomes, i);

      g_string_append_printf (body, "%s%s: %s", i ? "\n\n" : "", o->name, o->message);
      for (guint k = 0; k < o->rejected->len && k < 8; k++)
        g_string_append_printf (body, "\n• %s", (char *) g_ptr_array_index (o->rejected, k));
      if (o->rejected->len > 8)
        g_string_append_printf (body, ngettext ("\n… and %u more", "\n… and %u more",
                                                o->rejected->len - 8), o->rejected->len - 8);
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Price Refresh"), body->str));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_details_clicked (RigWindow *self,
                    AdwToast  *toast)
{
  show_refresh_details (self, g_object_get_data (G_OBJECT (toast), "outcomes"));
}

static void
refresh_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RigWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = rig_price_refresh_finish (result, &error);
  guint added = 0, failed = 0;
  g_autofree char *message = NULL;
  AdwToast *t;

  g_clear_object (&self->refresh_cancellable);
  if (self->document == NULL)      /* the window was closed meanwhile */
    return;
  gtk_stack_set_visible_child_name (self->refresh_stack, "idle");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh-prices", TRUE);
  if (outcomes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      else
        toast (self, _("Price refresh cancelled; nothing was changed"));
      return;
    }
  for (guint i = 0; i < outcomes->len; i++)
    {
      RigRefreshOutcome *o = g_ptr_array_index (outcomes, i);
      added += o->prices_added;
      failed += !o->ok;
    }
  if (failed > 0)
    message = g_strdup_printf (ngettext ("%u new price; %u source failed", "%u new prices; %u source failed",
                                         added), added, failed);
  else
    message = g_strdup_printf (ngettext ("%u new price", "%u new prices", added), added);
  t = adw_toast_new (message);
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (t, _("_Details"));
  g_object_set_data_full (G_OBJECT (t), "outcomes", g_ptr_array_ref (outcomes), (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (t, "button-clicked", G_CALLBACK (on_details_clicked), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
  /* The parts show the new prices and where they came from. */
  rig_document_prices_changed (self->document);
}

void
rig_window_refresh_prices (RigWindow *self)
{
  RigLibrary *library;
  RigCatalog *catalog = get_catalog (self);
  RigFetchOptions options;

  g_return_if_fail (RIG_IS_WINDOW (self));

  if (self->refresh_cancellable != NULL || catalog == NULL || !(library = get_library (self)))
    return;
  self->refresh_cancellable = g_cancellable_new ();
  gtk_label_set_label (self->refresh_label, _("Cancel"));
  gtk_stack_set_visible_child_name (self->refresh_stack, "busy");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh-prices", FALSE);
  rig_fetch_options_init (&options);
  rig_price_refresh_async (library, catalog, NULL, &options, self->refresh_cancellable,
                           refresh_progress, self, refresh_done, g_object_ref (self));
}

static void
on_go_online_response (AdwMessageDialog *dialog,
                       const char       *response,
                       RigWindow        *self)
{
  if (g_str_equal (response, "on"))
    {
      g_settings_set_boolean (self->settings, "prices-online", TRUE);
      rig_window_refresh_prices (self);
    }
}

static void
action_refresh_prices (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  RigWindow *self = RIG_WINDOW (widget);
  AdwMessageDialog *dialog;

  if (self->settings == NULL || g_settings_get_boolean (self->settings, "prices-online"))
    {
      rig_window_refresh_prices (self);
      return;
    }
  /* Offline until the user says otherwise. */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Go Online for Prices?"),
    _("Rigplan stays offline unless you allow it. Refreshing asks the price sources you added in "
      "Preferences for today's prices; nothing else is sent.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "on", _("_Go Online"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "on", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "on");
  g_signal_connect (dialog, "response", G_CALLBACK (on_go_online_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
action_cancel_refresh (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  RigWindow *self = RIG_WINDOW (widget);

  if (self->refresh_cancellable != NULL)
    g_cancellable_cancel (self->refresh_cancellable);
}

/* Actions -------------------------------------------------------------------------------- */

static void
new_build (RigWindow *self)
{
  RigBuild *build = rig_build_new ("");

  if (self->settings != NULL)
    {
      g_autofree char *currency = g_settings_get_string (self->settings, "currency");
      double cloud = g_settings_get_double (self->settings, "cloud-per-hour");

      g_strlcpy (build->settings.currency, currency, sizeof build->settings.currency);
      build->settings.electricity_per_kwh = g_settings_get_double (self->settings, "electricity-per-kwh");
      build->settings.hours_per_day = g_settings_get_double (self->settings, "hours-per-day");
      build->settings.circuit = g_settings_get_enum (self->settings, "circuit");
      build->settings.ambient_c = g_settings_get_double (self->settings, "ambient-c");
      build->settings.cloud_per_hour = cloud > 0 ? cloud : NAN;
    }
  if (!rig_window_set_build (self, build))
    {
      /* No catalog: the window shows the empty build the document started with. */
      rig_parts_list_rebuild (self->parts_list);
      rebuild_workloads (self);
      show_report (self);
    }
}

static void
action_new (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  RigWindow *self = RIG_WINDOW (widget);

  /* A new window is already a new build. */
  if (rig_document_get_dirty (self->document) && window_for_replacing (self) != self)
    return;
  new_build (self);
}

static void
action_open (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  choose_file (RIG_WINDOW (widget), CHOOSE_OPEN, NULL);
}

static void
action_open_recent (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));
  rig_window_open_file (RIG_WINDOW (widget), file);
}

static void
action_open_library (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  open_library_dialog (RIG_WINDOW (widget));
}

static void
action_save (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  RigWindow *self = RIG_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  GFile *file = rig_document_get_file (self->document);

  if (file == NULL)
    choose_file (self, CHOOSE_SAVE, NULL);
  else if (!rig_window_save_to (self, file, &error))
    show_error (self, error);
}

static void
action_save_as (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  choose_file (RIG_WINDOW (widget), CHOOSE_SAVE, NULL);
}

static void
action_save_library (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  save_to_library (RIG_WINDOW (widget));
}

static void
action_export (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  choose_file (RIG_WINDOW (widget), CHOOSE_EXPORT, g_variant_get_string (param, NULL));
}

static void
action_import (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  choose_file (RIG_WINDOW (widget), CHOOSE_IMPORT_CSV, NULL);
}

/* Markdown and BBCode go where people paste them: a Reddit post, a forum reply. */
static void
action_copy_as (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  RigWindow *self = RIG_WINDOW (widget);
  const char *format = g_variant_get_string (param, NULL);
  int f = rig_export_format_from_string (format);
  g_autofree char *text = NULL;

  g_return_if_fail (f >= 0);
  text = rig_export_build (build_of (self), rig_document_get_report (self->document), f, NULL);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  toast (self, f == RIG_EXPORT_MARKDOWN ? _("Parts list copied as Markdown")
               : f == RIG_EXPORT_BBCODE ? _("Parts list copied as BBCode")
               : _("Parts list copied"));
}

static void
action_compare (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  RigWindow *self = RIG_WINDOW (widget);
  RigCatalog *catalog = get_catalog (self);

  if (catalog == NULL)
    return;
  /* Without a library the window still compares the build with build files. */
  gtk_window_present (GTK_WINDOW (rig_compare_window_new (GTK_WINDOW (self), catalog,
                                                          get_library (self), build_of (self))));
}

static void
action_undo (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  rig_document_undo (RIG_WINDOW (widget)->document);
}

static void
action_redo (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  rig_document_redo (RIG_WINDOW (widget)->document);
}

static void
action_add_part (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  RigPartKind kind;

  if (rig_part_kind_from_string (g_variant_get_string (param, NULL), &kind))
    open_picker (RIG_WINDOW (widget), kind, -1);
}

static void
action_add_workload (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  rig_window_add_workload_preset (RIG_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
on_name_applied (RigWindow *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  if (g_str_equal (name, build_of (self)->name))
    return;
  begin_edit (self);
  g_free (build_of (self)->name);
  build_of (self)->name = g_strdup (name);
  end_edit (self, RIG_DOCUMENT_CHANGE_VALUES);
}

/* Settings from the preferences apply to the build at once. */
static void
on_settings_changed (GSettings  *settings,
                     const char *key,
                     RigWindow  *self)
{
  static const char * const build_keys[] = {
    "currency", "electricity-per-kwh", "hours-per-day", "circuit", "ambient-c", "cloud-per-hour",
    "gpu-power-limit-pct", NULL
  };
  RigSettings *s;

  if (self->document == NULL)
    return;
  s = &build_of (self)->settings;
  if (g_str_equal (key, "units"))
    {
      show_report (self);
      return;
    }
  if (!g_strv_contains (build_keys, key))
    return;   /* window geometry and the like */

  begin_edit (self);
  if (g_str_equal (key, "currency"))
    {
      g_autofree char *currency = g_settings_get_string (settings, key);
      if (strlen (currency) == 3)
        g_strlcpy (s->currency, currency, sizeof s->currency);
    }
  else if (g_str_equal (key, "electricity-per-kwh"))
    s->electricity_per_kwh = g_settings_get_double (settings, key);
  else if (g_str_equal (key, "hours-per-day"))
    s->hours_per_day = g_settings_get_double (settings, key);
  else if (g_str_equal (key, "circuit"))
    s->circuit = g_settings_get_enum (settings, key);
  else if (g_str_equal (key, "ambient-c"))
    s->ambient_c = g_settings_get_double (settings, key);
  else if (g_str_equal (key, "cloud-per-hour"))
    {
      double cloud = g_settings_get_double (settings, key);
      s->cloud_per_hour = cloud > 0 ? cloud : NAN;
    }
  else
    s->gpu_power_limit_pct = g_settings_get_double (settings, key);
  end_edit (self, g_str_equal (key, "currency") ? RIG_DOCUMENT_CHANGE_PRICES : RIG_DOCUMENT_CHANGE_VALUES);
}

/* Closing with unsaved changes ------------------------------------------------------------ */

/* The question is answered: the window closes, or stays when the person cancelled or the save
 * did not happen. */
static void
finish_closing (RigWindow *self,
                gboolean   closed)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->close_task);

  self->closing = FALSE;
  if (closed)
    {
      rig_document_set_dirty (self->document, FALSE);
      gtk_window_destroy (GTK_WINDOW (self));
    }
  if (task != NULL)
    g_task_return_boolean (task, closed);
}

static void
on_close_response (AdwMessageDialog *dialog,
                   const char       *response,
                   RigWindow        *self)
{
  self->close_dialog = NULL;
  if (g_str_equal (response, "discard"))
    finish_closing (self, TRUE);
  else if (g_str_equal (response, "save"))
    {
      self->closing = TRUE;
      action_save (GTK_WIDGET (self), NULL, NULL);
      /* Without a file, the Save dialog is open now and chooser_response () finishes. */
      if (rig_document_get_file (self->document) != NULL || !rig_document_get_dirty (self->document))
        finish_closing (self, !rig_document_get_dirty (self->document));
    }
  else
    finish_closing (self, FALSE);
}

/* Asks whether to save the changes before closing, once: a second way out (the close button,
 * then Ctrl+Q) brings the same question back to the front. */
static void
ask_to_close (RigWindow *self)
{
  AdwMessageDialog *dialog;

  if (self->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->close_dialog));
      return;
    }
  self->close_dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"),
                                               _("The build has changes that are not saved. If you "
                                                 "close without saving, they are lost."));
  dialog = ADW_MESSAGE_DIALOG (self->close_dialog);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_close_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
rig_window_close_request (GtkWindow *window)
{
  RigWindow *self = RIG_WINDOW (window);

  if (!rig_document_get_dirty (self->document))
    return GTK_WINDOW_CLASS (rig_window_parent_class)->close_request (window);
  ask_to_close (self);
  return TRUE;
}

void
rig_window_close_async (RigWindow           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RIG_IS_WINDOW (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rig_window_close_async);
  if (self->close_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The window is already asking whether to save its changes"));
      return;
    }
  self->close_task = g_steal_pointer (&task);
  if (rig_document_get_dirty (self->document))
    ask_to_close (self);
  else
    finish_closing (self, TRUE);
}

gboolean
rig_window_close_finish (RigWindow     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (RIG_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Dropping a build file on the window opens it. */
static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         RigWindow     *self)
{
  if (!G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;
  rig_window_open_file (self, g_value_get_object (value));
  return TRUE;
}

/* GObject -------------------------------------------------------------------------------- */

const RigBuild *
rig_window_get_build (RigWindow *self)
{
  g_return_val_if_fail (RIG_IS_WINDOW (self), NULL);
  return build_of (self);
}

const RigReport *
rig_window_get_report (RigWindow *self)
{
  g_return_val_if_fail (RIG_IS_WINDOW (self), NULL);
  return rig_document_get_report (self->document);
}

gboolean
rig_window_get_dirty (RigWindow *self)
{
  g_return_val_if_fail (RIG_IS_WINDOW (self), FALSE);
  return rig_document_get_dirty (self->document);
}

static void
rig_window_dispose (GObject *object)
{
  RigWindow *self = RIG_WINDOW (object);

  if (self->refresh_cancellable != NULL)
    g_cancellable_cancel (self->refresh_cancellable);
  /* Disposed while the question was open (the task holds the window, so only through
   * g_object_run_dispose ()): it is closed all the same. */
  if (self->close_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->close_task);
      g_task_return_boolean (task, TRUE);
    }
  if (self->results_view != NULL)
    rig_results_view_show (self->results_view, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RIG_TYPE_WINDOW);
  self->results_view = NULL;
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_pointer (&self->workload_rows, g_ptr_array_unref);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (rig_window_parent_class)->dispose (object);
}

static void
rig_window_class_init (RigWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rig_window_dispose;
  window_class->close_request = rig_window_close_request;

  g_type_ensure (RIG_TYPE_RESULTS_VIEW);
  g_type_ensure (RIG_TYPE_PARTS_LIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rigplan/Rigplan/rig-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RigWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, export_menu_button);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, add_part_button);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, add_workload_button);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, export_menu);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, add_part_menu);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, add_workload_menu);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, parts_list);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, workloads_group);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, results_view);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, refresh_label);
  gtk_widget_class_bind_template_callback (widget_class, on_name_applied);

  gtk_widget_class_install_action (widget_class, "win.new", NULL, action_new);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, action_open);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", action_open_recent);
  gtk_widget_class_install_action (widget_class, "win.open-library", NULL, action_open_library);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, action_save);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, action_save_as);
  gtk_widget_class_install_action (widget_class, "win.save-library", NULL, action_save_library);
  gtk_widget_class_install_action (widget_class, "win.export", "s", action_export);
  gtk_widget_class_install_action (widget_class, "win.copy-as", "s", action_copy_as);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, action_import);
  gtk_widget_class_install_action (widget_class, "win.refresh-prices", NULL, action_refresh_prices);
  gtk_widget_class_install_action (widget_class, "win.cancel-refresh", NULL, action_cancel_refresh);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, action_compare);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, action_undo);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, action_redo);
  gtk_widget_class_install_action (widget_class, "win.add-part", "s", action_add_part);
  gtk_widget_class_install_action (widget_class, "win.add-workload", "s", action_add_workload);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.add-part",
                                       "s", "gpu");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.add-workload",
                                       "s", "custom");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-as", "s", "markdown");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.export",
                                       "s", "pdf");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.compare", NULL);
}

static void
create_menu (GtkMenuButton *button,
             gpointer       user_data)
{
  gtk_menu_button_set_menu_model (button, user_data);
}

/* A menu's popover, with a widget for each item, is made when it first opens: the window's
 * menus hold half its widgets, and none of them is in the first frame. */
static void
defer_menu (GtkMenuButton *button,
            GMenuModel    *menu)
{
  gtk_menu_button_set_create_popup_func (button, create_menu, g_object_ref (menu), g_object_unref);
}

static void
rig_window_init (RigWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  defer_menu (self->primary_menu_button, self->primary_menu);
  defer_menu (self->export_menu_button, self->export_menu);
  defer_menu (self->add_part_button, self->add_part_menu);
  defer_menu (self->add_workload_button, self->add_workload_menu);
  self->workload_rows = g_ptr_array_new ();

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* Settings exist when the schema is installed, or found through GSETTINGS_SCHEMA_DIR as the
   * README's run command and `meson devenv` set it. */
  if (source && (schema = g_settings_schema_source_lookup (source, "io.github.rigplan.Rigplan", TRUE)))
    {
      self->settings = g_settings_new ("io.github.rigplan.Rigplan");
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_signal_connect (self->settings, "changed", G_CALLBACK (on_settings_changed), self);
    }

  drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  update_recent_menu (self);
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
}

RigWindow *
rig_window_new (RigApplication *application)
{
  RigWindow *self = g_object_new (RIG_TYPE_WINDOW, "application", application, NULL);

  /* A library that does not open is reported when the user saves or opens from it. */
  self->document = rig_document_new (rig_application_get_catalog (application),
                                     rig_application_get_library (application, NULL));
  g_signal_connect (self->document, "changed", G_CALLBACK (on_document_changed), self);
  g_signal_connect_swapped (self->document, "notify::report", G_CALLBACK (on_report_changed), self);
  g_signal_connect_swapped (self->document, "notify::dirty", G_CALLBACK (update_title), self);
  g_signal_connect_swapped (self->document, "notify::file", G_CALLBACK (update_title), self);
  rig_parts_list_set_document (self->parts_list, self->document);
  g_signal_connect (self->parts_list, "change-part", G_CALLBACK (on_change_part), self);
  g_signal_connect (self->parts_list, "message", G_CALLBACK (on_parts_message), self);

  if (rig_application_get_catalog (application) == NULL && rig_application_get_catalog_error (application))
    show_error (self, rig_application_get_catalog_error (application));
  new_build (self);
  return self;
}
