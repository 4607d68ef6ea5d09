/* rig-window-actions.c: what the window's actions do: files, exports, the library, price
 * refresh and the part picker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "rig-build-file.h"
#include "rig-compare-window.h"
#include "rig-export.h"
#include "rig-find-build-dialog.h"
#include "rig-impact.h"
#include "rig-import.h"
#include "rig-input-file.h"
#include "rig-library-dialog.h"
#include "rig-part-picker.h"
#include "rig-preferences-window.h"
#include "rig-price-refresh.h"
#include "rig-chart-png.h"
#include "rig-report-pdf.h"
#include "rig-window-private.h"

/* Part picker ----------------------------------------------------------------------------- */

/* What choosing @candidate would change, for the picker's Impact column. */
typedef struct
{
  RigWindow *window;
  int        replace;    /* item index the candidate replaces, -1 to add */
} ImpactData;

static void
append (GString    *text,
        const char *part)
{
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append (text, part);
}

/* The Impact column: a new error first (the reason it is not compatible), then where the
 * workloads run, their decode speed before and after, new warnings, the PSU's load and the
 * price change, which is only given when both prices are known. */
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
  if (*impact.new_error != '\0')
    {
      g_autofree char *error = g_strdup_printf ("✗ %s", impact.new_error);
      append (text, error);
    }
  if (impact.workloads > 0)
    {
      g_autofree char *fit = NULL;

      if (impact.fits_gpu == impact.workloads)
        fit = g_strdup (impact.workloads == 1 ? _("fits in GPU memory") : _("all fit in GPU memory"));
      else if (impact.fits == impact.workloads && impact.fits_cpu == impact.workloads)
        fit = g_strdup (impact.workloads == 1 ? _("runs on the CPU") : _("all run on the CPU"));
      else if (impact.fits == impact.workloads)
        fit = g_strdup (_("fits with offload"));
      else if (impact.workloads == 1)
        fit = g_strdup (_("does not fit"));
      else
        /* Translators: how many of the build's workloads fit: "1 of 2 fit" */
        fit = g_strdup_printf (_("%u of %u fit"), impact.fits, impact.workloads);
      append (text, fit);
    }
  if (isfinite (impact.decode_before) && isfinite (impact.decode_after) &&
      fabs (impact.decode_after - impact.decode_before) >= 0.05)
    {
      /* Translators: the first workload's decode speed before and after: "16.5 → 20.1 tokens/s" */
      g_autofree char *speed = g_strdup_printf (_("%.1f → %.1f tokens/s"), impact.decode_before,
                                                impact.decode_after);
      append (text, speed);
    }
  if (impact.warnings_delta > 0)
    {
      g_autofree char *warnings = g_strdup_printf (ngettext ("+%d warning", "+%d warnings", impact.warnings_delta),
                                                   impact.warnings_delta);
      append (text, warnings);
    }
  if (!isnan (impact.psu_load))
    {
      g_autofree char *psu = g_strdup_printf (_("PSU %.0f %%"), impact.psu_load * 100);
      append (text, psu);
    }
  /* A part without a price is never counted as free: "+0" would say it is. */
  if (impact.price_known)
    {
      g_autofree char *price = g_strdup_printf ("%+.0f %s", rig_money_to_major (impact.price_delta_minor),
                                                report->cost.currency);
      append (text, price);
    }
  else
    append (text, rig_price_state_label (impact.price_state));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Whether @candidate is not compatible with the build: the rule of the first error it adds
 * (its words are in the Impact column); NULL when none. */
static char *
check (const RigPart *candidate,
       gpointer       user_data)
{
  ImpactData *data = user_data;
  RigImpact impact;

  /* Only whether there is one: the filter shows the words in the Impact column instead. */
  rig_plan_impact_lean (build_of (data->window), rig_document_get_report (data->window->document),
                        candidate, data->replace, &impact);
  return impact.new_error_code ? g_strdup (impact.new_error_code) : NULL;
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
      _rig_window_show_error (self, error);
      return;
    }
  _rig_window_begin_edit (self);
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
  _rig_window_end_edit (self, RIG_DOCUMENT_CHANGE_PARTS);
}

/* The Impact column's sort keys, smaller first (see RigImpactOrder). */
static void
impact_keys (const RigPart *candidate,
             double         keys[RIG_IMPACT_ORDER_N],
             gpointer       user_data)
{
  ImpactData *data = user_data;
  RigWindow *self = data->window;
  RigImpact impact;
  guint offload;

  rig_plan_impact_lean (build_of (self), rig_document_get_report (self->document), candidate,
                        data->replace, &impact);
  offload = impact.fits - impact.fits_gpu - impact.fits_cpu;
  /* Each workload on the GPUs counts 0, with offload 1, on the CPU 2, not at all 3; a new
   * error puts the part after every compatible one. */
  keys[RIG_IMPACT_ORDER_FIT] = impact.workloads == 0 ? NAN
                               : (double) (offload + 2 * impact.fits_cpu + 3 * (impact.workloads - impact.fits)) /
                                   impact.workloads +
                                 (impact.new_error_code ? 10 : 0);
  keys[RIG_IMPACT_ORDER_SPEED] = isfinite (impact.decode_after) ? -impact.decode_after : NAN;
  keys[RIG_IMPACT_ORDER_PROBLEMS] = impact.errors_delta * 1000.0 + impact.warnings_delta;
  keys[RIG_IMPACT_ORDER_PRICE] = impact.price_known ? (double) impact.price_delta_minor : NAN;
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

void
_rig_window_open_picker (RigWindow   *self,
             RigPartKind  kind,
             int          replace)
{
  RigCatalog *catalog = get_catalog (self);
  RigPartPicker *picker;
  ImpactData *data;

  if (catalog == NULL)
    {
      _rig_window_toast (self, _("The parts catalog could not be opened"));
      return;
    }
  data = g_new0 (ImpactData, 1);
  data->window = self;
  data->replace = replace;
  picker = rig_part_picker_new (GTK_WINDOW (self), catalog, kind);
  rig_part_picker_set_impact_func (picker, impact, data, NULL);
  rig_part_picker_set_check_func (picker, check, data, NULL);
  rig_part_picker_set_keys_func (picker, impact_keys, data, NULL);
  g_signal_connect_data (picker, "part-chosen", G_CALLBACK (on_part_chosen), data,
                         free_impact_data, 0);
  gtk_window_present (GTK_WINDOW (picker));
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
RigWindow *
_rig_window_window_for_replacing (RigWindow *self)
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
gboolean
_rig_window_set_build (RigWindow *self,
           RigBuild  *build,
           GFile     *file,
           gint64     library_id)
{
  g_autoptr(GError) error = NULL;

  if (!rig_document_set_build (self->document, build, file, library_id, &error))
    {
      _rig_window_show_error (self, error);
      return FALSE;
    }
  if (file != NULL)
    add_recent (file);
  /* Another build: its results from the top, not where the last one was scrolled to. */
  rig_results_view_scroll_to_top (self->results_view);
  return TRUE;
}

gboolean
rig_window_set_build (RigWindow *self,
                      RigBuild  *build)
{
  g_return_val_if_fail (RIG_IS_WINDOW (self), FALSE);
  return _rig_window_set_build (self, build, NULL, 0);
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
      _rig_window_show_error (self, error);
      return;
    }
  self = _rig_window_window_for_replacing (self);
  _rig_window_set_build (self, build, file, 0);
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
    _rig_window_show_error (self, error);
  else
    {
      g_autofree char *base = g_path_get_basename (job->path);
      g_autofree char *message = g_strdup_printf (_("Exported “%s”"), base);
      _rig_window_toast (self, message);
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
      _rig_window_show_error (self, error);
      return FALSE;
    }
  self = _rig_window_window_for_replacing (self);
  if (!_rig_window_set_build (self, build, NULL, 0))
    return FALSE;
  rig_document_set_dirty (self->document, TRUE);
  if (unmatched != NULL && unmatched->len > 0)
    show_import_report (self, base, unmatched);
  else
    {
      g_autofree char *message = g_strdup_printf (_("Imported “%s”"), base);
      _rig_window_toast (self, message);
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
        _rig_window_finish_closing (self, FALSE);   /* no file chosen: the window stays */
      return;
    }

  switch (purpose)
    {
    case CHOOSE_OPEN:
      rig_window_open_file (self, file);
      break;
    case CHOOSE_SAVE:
      if (!rig_window_save_to (self, file, &error))
        _rig_window_show_error (self, error);
      if (self->closing)
        _rig_window_finish_closing (self, !rig_document_get_dirty (self->document));
      break;
    case CHOOSE_IMPORT_CSV:
      rig_window_import_csv (self, file);
      break;
    case CHOOSE_EXPORT:
    default:
      {
        g_autofree char *path = g_file_get_path (file);

        if (path == NULL)
          _rig_window_toast (self, _("Exports can only be written to local folders"));
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

RigLibrary *
_rig_window_get_library (RigWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GError) error = NULL;
  RigLibrary *library = rig_application_get_library (RIG_APPLICATION (app), &error);

  if (library == NULL)
    _rig_window_show_error (self, error);
  else if (rig_document_get_library (self->document) == NULL)
    rig_document_set_library (self->document, library);
  return library;
}

static void
save_to_library (RigWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (_rig_window_get_library (self) == NULL)
    return;
  if (!rig_document_save_to_library (self->document, &error))
    {
      _rig_window_show_error (self, error);
      return;
    }
  _rig_window_toast (self, _("Saved to the library"));
}

static void
on_library_build_chosen (RigLibraryDialog *dialog,
                         gint64            id,
                         RigWindow        *self)
{
  RigLibrary *library = _rig_window_get_library (self);
  g_autoptr(GError) error = NULL;
  RigBuild *build;

  if (library == NULL)
    return;
  if (!(build = rig_library_load_build (library, id, &error)))
    {
      _rig_window_show_error (self, error);
      return;
    }
  self = _rig_window_window_for_replacing (self);
  _rig_window_set_build (self, build, NULL, id);
}

static void
open_library_dialog (RigWindow *self)
{
  RigLibrary *library = _rig_window_get_library (self);
  g_autoptr(GError) error = NULL;
  RigLibraryDialog *dialog;

  if (library == NULL)
    return;
  if (!(dialog = rig_library_dialog_new (GTK_WINDOW (self), library, &error)))
    {
      _rig_window_show_error (self, error);
      return;
    }
  g_signal_connect_object (dialog, "build-chosen", G_CALLBACK (on_library_build_chosen), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_rig_window_update_recent_menu (RigWindow *self)
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
                    AdwToast  *_rig_window_toast)
{
  show_refresh_details (self, g_object_get_data (G_OBJECT (_rig_window_toast), "outcomes"));
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
        _rig_window_show_error (self, error);
      else
        _rig_window_toast (self, _("Price refresh cancelled; nothing was changed"));
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

  if (self->refresh_cancellable != NULL || catalog == NULL || !(library = _rig_window_get_library (self)))
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
  RigLibrary *library = _rig_window_get_library (self);
  g_autoptr(GPtrArray) sources = NULL;
  AdwMessageDialog *dialog;
  gboolean any = FALSE;

  if (library == NULL)
    return;
  /* Nothing to ask about before there is a source to ask. */
  sources = rig_library_list_sources (library, NULL);
  for (guint i = 0; sources != NULL && i < sources->len; i++)
    any |= ((RigPriceSource *) g_ptr_array_index (sources, i))->enabled;
  if (!any)
    {
      AdwToast *t = adw_toast_new (_("No price sources are turned on"));

      adw_toast_set_button_label (t, _("_Add a Source"));
      adw_toast_set_action_name (t, "app.preferences");
      adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (self->toast_overlay, t);
      return;
    }
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

void
_rig_window_new_build (RigWindow *self)
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
      _rig_window_rebuild_workloads (self);
      _rig_window_show_report (self);
    }
}

static void
action_new (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  RigWindow *self = RIG_WINDOW (widget);

  /* A new window is already a new build. */
  if (rig_document_get_dirty (self->document) && _rig_window_window_for_replacing (self) != self)
    return;
  _rig_window_new_build (self);
}

/* One of the examples on the start page, as a new build to change and save. */
static void
action_open_preset (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  RigWindow *self = RIG_WINDOW (widget);
  g_autofree char *path = g_strdup_printf ("/io/github/rigplan/Rigplan/presets/%s.rigplan.json",
                                           g_variant_get_string (param, NULL));
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  RigBuild *build;

  if (bytes == NULL)
    return;
  if (!(build = rig_build_from_json (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error)))
    {
      _rig_window_show_error (self, error);
      return;
    }
  self = _rig_window_window_for_replacing (self);
  if (_rig_window_set_build (self, build, NULL, 0))
    gtk_stack_set_visible_child_name (self->results_stack, "results");
}

static void
on_found_build (RigFindBuildDialog *dialog,
                RigBuild           *build,
                RigWindow          *self)
{
  RigWindow *target = _rig_window_window_for_replacing (self);

  if (_rig_window_set_build (target, rig_build_copy (build), NULL, 0))
    gtk_stack_set_visible_child_name (target->results_stack, "results");
}

/* Find a Build: the cheapest builds that run the current build's first workload, or one the
 * user chooses there. */
static void
action_find_build (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  RigWindow *self = RIG_WINDOW (widget);
  RigCatalog *catalog = get_catalog (self);
  RigFindBuildDialog *dialog;

  if (catalog == NULL)
    return;
  dialog = rig_find_build_dialog_new (GTK_WINDOW (self), catalog, build_of (self));
  g_signal_connect_object (dialog, "open-build", G_CALLBACK (on_found_build), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
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
    _rig_window_show_error (self, error);
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
  _rig_window_toast (self, f == RIG_EXPORT_MARKDOWN ? _("Parts list copied as Markdown")
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
                                                          _rig_window_get_library (self), build_of (self))));
}

static void
action_undo (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  rig_document_undo (RIG_WINDOW (widget)->document);
}

/* @message, with a button that undoes the edit it tells of. */
static void
toast_with_undo (RigWindow  *self,
                 const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A fix the plan worked out, (workload, setting, value): applied to the workload as one
 * undoable edit, with a toast that says what changed and offers Undo. */
static void
action_apply_fix (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  RigWindow *self = RIG_WINDOW (widget);
  RigSuggestion fix;
  guint index, setting;
  g_autofree char *what = NULL;
  g_autofree char *message = NULL;
  RigBuild *build;

  g_variant_get (param, "(uud)", &index, &setting, &fix.value);
  if (index >= build_of (self)->workloads->len || setting >= RIG_SUGGEST_N)
    return;
  fix.setting = setting;
  build = _rig_window_begin_edit (self);
  if (!rig_suggestion_apply (&fix, g_ptr_array_index (build->workloads, index)))
    {
      rig_document_cancel_edit (self->document);
      return;
    }
  _rig_window_end_edit (self, RIG_DOCUMENT_CHANGE_WORKLOADS);

  what = rig_suggestion_describe (&fix);
  /* Translators: %s is the change made, as the plan words it (“fits with a context of 65536
   * tokens”) */
  message = g_strdup_printf (_("Applied: %s"), what);
  toast_with_undo (self, message);
}

/* The GPU power limit the plan found fits the wall circuit, as one undoable edit. */
static void
action_set_power_limit (GtkWidget  *widget,
                        const char *name,
                        GVariant   *param)
{
  RigWindow *self = RIG_WINDOW (widget);
  double pct = g_variant_get_double (param);
  g_autofree char *message = NULL;

  if (!(pct >= 30 && pct <= 100) || pct == build_of (self)->settings.gpu_power_limit_pct)
    return;
  _rig_window_begin_edit (self)->settings.gpu_power_limit_pct = pct;
  _rig_window_end_edit (self, RIG_DOCUMENT_CHANGE_VALUES);

  /* Translators: %.0f is a GPU power limit in per cent */
  message = g_strdup_printf (_("GPU power limit set to %.0f %%"), pct);
  toast_with_undo (self, message);
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
    _rig_window_open_picker (RIG_WINDOW (widget), kind, -1);
}

static void
action_add_workload (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  rig_window_add_workload_preset (RIG_WINDOW (widget), g_variant_get_string (param, NULL));
}



/* The shortcuts window is built when asked for, not with every window as GtkApplication
 * does with a gtk/help-overlay.ui: it is a tenth of the time a window takes to appear. */
static void
action_show_shortcuts (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/rigplan/Rigplan/rig-shortcuts-window.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (widget));
  gtk_window_present (shortcuts);
}

void
_rig_window_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new", NULL, action_new);
  gtk_widget_class_install_action (widget_class, "win.find-build", NULL, action_find_build);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, action_open);
  gtk_widget_class_install_action (widget_class, "win.open-preset", "s", action_open_preset);
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
  gtk_widget_class_install_action (widget_class, "win.apply-fix", "(uud)", action_apply_fix);
  gtk_widget_class_install_action (widget_class, "win.set-power-limit", "d", action_set_power_limit);
  gtk_widget_class_install_action (widget_class, "win.add-part", "s", action_add_part);
  gtk_widget_class_install_action (widget_class, "win.add-workload", "s", action_add_workload);

  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, action_show_shortcuts);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.find-build", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
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
