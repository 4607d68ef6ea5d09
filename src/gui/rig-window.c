/* rig-window.c: the parts list and workloads on one side, the live plan on the other
 *
 * The window is a view of a RigDocument, which owns the build, its file, undo and the plan:
 * every edit goes through the document, which says what changed; the window rebuilds the rows
 * that show it. What the actions do is in rig-window-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "rig-part-picker.h"
#include "rig-speed.h"
#include "rig-window-private.h"
#include "rig-workload-dialog.h"


G_DEFINE_FINAL_TYPE (RigWindow, rig_window, ADW_TYPE_APPLICATION_WINDOW)

void
_rig_window_toast (RigWindow  *self,
       const char *message)
{
  AdwToast *t = adw_toast_new (message);

  /* The newest news first: a toast never waits behind an older one. */
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (t, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
on_error_details_clicked (RigWindow *self,
                          AdwToast  *toast)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL,
                                                       g_object_get_data (G_OBJECT (toast), "message")));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_rig_window_show_error (RigWindow    *self,
            const GError *error)
{
  AdwToast *t = adw_toast_new (error->message);

  /* Errors stay longer than news, but go by themselves: a toast that never times out covers
   * the buttons below it. A later toast goes in front. */
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (t, 15);
  /* A toast keeps to one line and cuts a long message short (a bad build file's list of valid
   * values, in a narrow window): the whole of it is a click away. */
  if (g_utf8_strlen (error->message, -1) > 40)
    {
      adw_toast_set_button_label (t, _("_Details"));
      g_object_set_data_full (G_OBJECT (t), "message", g_strdup (error->message), g_free);
      g_signal_connect_object (t, "button-clicked", G_CALLBACK (on_error_details_clicked), self,
                               G_CONNECT_SWAPPED);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

/* Plan and title ------------------------------------------------------------------------- */

void
_rig_window_update_title (RigWindow *self)
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
void
_rig_window_show_report (RigWindow *self)
{
  const RigReport *report = rig_document_get_report (self->document);

  rig_results_view_set_imperial (self->results_view,
                                 self->settings && g_settings_get_enum (self->settings, "units") == 1);
  rig_results_view_show (self->results_view, build_of (self), report);
  _rig_window_update_title (self);
}

/* A new, empty build shows where to start instead of empty results. */
void
_rig_window_update_start (RigWindow *self)
{
  RigBuild *build = build_of (self);
  gboolean empty = build->items->len == 0 && build->workloads->len == 0 &&
                   rig_document_get_file (self->document) == NULL &&
                   rig_document_get_library_id (self->document) == 0;

  gtk_stack_set_visible_child_name (self->results_stack, empty ? "start" : "results");
}

static void
on_report_changed (RigWindow *self)
{
  if (self->results_view != NULL)
    _rig_window_show_report (self);
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
    _rig_window_rebuild_workloads (self);
  _rig_window_update_start (self);
  _rig_window_update_title (self);
}

RigBuild *
_rig_window_begin_edit (RigWindow *self)
{
  return rig_document_begin_edit (self->document);
}

void
_rig_window_end_edit (RigWindow         *self,
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
  _rig_window_begin_edit (self);
  item->count = count;
  _rig_window_end_edit (self, RIG_DOCUMENT_CHANGE_VALUES);
}

static void
on_change_part (RigPartsList *list,
                guint         index,
                int           kind,
                RigWindow    *self)
{
  _rig_window_open_picker (self, kind, (int) index);
}

static void
on_parts_message (RigPartsList *list,
                  const char   *message,
                  RigWindow    *self)
{
  _rig_window_toast (self, message);
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
        _rig_window_show_error (self, error);
      return;
    }
  _rig_window_begin_edit (self);
  rig_build_add_part (build_of (self), part_id, count)->part = part;
  _rig_window_end_edit (self, RIG_DOCUMENT_CHANGE_PARTS);
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

gboolean
_rig_window_resolve (RigWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!rig_document_resolve (self->document, &error))
    {
      _rig_window_show_error (self, error);
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

  _rig_window_begin_edit (self);
  if (index >= 0 && (guint) index < build_of (self)->workloads->len)
    {
      rig_workload_free (build_of (self)->workloads->pdata[index]);
      build_of (self)->workloads->pdata[index] = w;
    }
  else
    g_ptr_array_add (build_of (self)->workloads, w);
  if (!_rig_window_resolve (self))
    {
      rig_document_cancel_edit (self->document);
      return;
    }
  _rig_window_end_edit (self, RIG_DOCUMENT_CHANGE_WORKLOADS);
}

void
_rig_window_edit_workload (RigWindow   *self,
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
        _rig_window_begin_edit (self);
        g_ptr_array_add (build_of (self)->workloads, w);
        if (!_rig_window_resolve (self))
          {
            rig_document_cancel_edit (self->document);
            return;
          }
        _rig_window_end_edit (self, RIG_DOCUMENT_CHANGE_WORKLOADS);
        return;
      }
  _rig_window_edit_workload (self, -1, NULL);
}

static void
on_workload_edit (GtkButton *button,
                  RigWindow *self)
{
  guint i = item_index (button);
  _rig_window_edit_workload (self, (int) i, g_ptr_array_index (build_of (self)->workloads, i));
}

static void
on_workload_remove (GtkButton *button,
                    RigWindow *self)
{
  _rig_window_begin_edit (self);
  g_ptr_array_remove_index (build_of (self)->workloads, item_index (button));
  _rig_window_end_edit (self, RIG_DOCUMENT_CHANGE_WORKLOADS);
}

void
_rig_window_rebuild_workloads (RigWindow *self)
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
      g_autoptr(GString) subtitle = g_string_new (NULL);

      /* Translators: a workload's mode ("inference"), context in tokens and batch */
      g_string_printf (subtitle, _("%s · %'u tokens · batch %u"), rig_workload_mode_to_string (w->mode),
                       w->context, w->batch);
      if (rig_speed_serves (w))
        /* Translators: the users a serving workload has at once */
        g_string_append_printf (subtitle, g_dngettext (GETTEXT_PACKAGE, " · %u user", " · %u users",
                                                       w->concurrency), w->concurrency);
      if (w->weights_gib > 0 && w->mode == RIG_MODE_INFERENCE)
        /* Translators: the size of the weights file the user gave, in GiB */
        g_string_append_printf (subtitle, _(" · %.2f GiB file"), w->weights_gib);
      if (w->recipe != NULL && w->mode == RIG_MODE_INFERENCE)
        /* Translators: the weights file has tensor types of its own, which the user gave */
        g_string_append (subtitle, _(" · its own tensor types"));
      if (rig_workload_has_draft (w) && w->mode == RIG_MODE_INFERENCE)
        /* Translators: %s is the draft model of speculative decoding */
        g_string_append_printf (subtitle, _(" · draft %s"),
                                w->draft_model ? w->draft_model->name : w->draft_model_id);

      if (w->gpu_layers >= 0 && w->mode == RIG_MODE_INFERENCE)
        /* Translators: llama.cpp's -ngl as the workload sets it: the output layer and one layer
         * fewer of the model on the GPUs, so no count of layers is named. A word joiner after
         * the hyphen and a no-break space keep the option and its number on one line. */
        g_string_append_printf (subtitle, _(" · -\u2060ngl\u00a0%d"), w->gpu_layers);
      if (w->cpu_moe_layers > 0 && w->mode == RIG_MODE_INFERENCE)
        /* Translators: the layers whose experts llama.cpp keeps in system memory (its
         * --n-cpu-moe) as the workload sets it */
        g_string_append_printf (subtitle, g_dngettext (GETTEXT_PACKAGE, " · experts of %u layer on the CPU",
                                                       " · experts of %u layers on the CPU",
                                                       w->cpu_moe_layers), w->cpu_moe_layers);
      if (w->ubatch > 0 && w->mode == RIG_MODE_INFERENCE)
        /* Translators: the tokens of a prompt llama.cpp runs at once (its -ub), as the workload
         * sets it; the workload dialog calls it “Prompt batch” */
        g_string_append_printf (subtitle, _(" · prompt batch %u"), w->ubatch);
      if (!w->mmap && w->mode == RIG_MODE_INFERENCE)
        /* Translators: the workload starts llama.cpp with --no-mmap (it does not map the model
         * file); mmap is a system call's name */
        g_string_append (subtitle, _(" · no mmap"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
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

static void
on_name_applied (RigWindow *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  if (g_str_equal (name, build_of (self)->name))
    return;
  _rig_window_begin_edit (self);
  g_free (build_of (self)->name);
  build_of (self)->name = g_strdup (name);
  _rig_window_end_edit (self, RIG_DOCUMENT_CHANGE_VALUES);
}

/* Preferences are the defaults of new builds: changing one leaves the open build as it is (its
 * own settings are edited with it, in Use and Costs). Only how things are shown follows. */
static void
on_settings_changed (GSettings  *settings,
                     const char *key,
                     RigWindow  *self)
{
  if (self->document == NULL || !g_str_equal (key, "units"))
    return;
  rig_build_settings_set_imperial (self->build_settings, g_settings_get_enum (settings, "units") == 1);
  _rig_window_show_report (self);
}

/* Closing with unsaved changes ------------------------------------------------------------ */

/* The question is answered: the window closes, or stays when the person cancelled or the save
 * did not happen. */
void
_rig_window_finish_closing (RigWindow *self,
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
    _rig_window_finish_closing (self, TRUE);
  else if (g_str_equal (response, "save"))
    {
      self->closing = TRUE;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.save", NULL);
      /* Without a file, the Save dialog is open now and chooser_response () finishes. */
      if (rig_document_get_file (self->document) != NULL || !rig_document_get_dirty (self->document))
        _rig_window_finish_closing (self, !rig_document_get_dirty (self->document));
    }
  else
    _rig_window_finish_closing (self, FALSE);
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
    _rig_window_finish_closing (self, TRUE);
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

  g_clear_handle_id (&self->fold_idle, g_source_remove);
  g_clear_handle_id (&self->width_idle, g_source_remove);
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

/* The header's full set of buttons needs more width than the two panes do side by side, so a
 * window manager that keeps the window at its minimum size would never let the leaflet fold,
 * and the narrow layout could not be reached by narrowing the window. The window folds the
 * leaflet itself when it comes within FOLD_MARGIN of that header's width, which the folded
 * header no longer needs, and lets it unfold again once UNFOLD_MARGIN more is there: between the
 * two it keeps the layout it has, so a width near either does not flip it back and forth. */
#define FOLD_MARGIN   8
#define UNFOLD_MARGIN 64

/* Whether a window @width wide should turn the leaflet's can-unfold over. */
static gboolean
width_turns_fold (RigWindow *self,
                  int        width)
{
  return adw_leaflet_get_can_unfold (self->leaflet) ? width <= self->wide_header_min + FOLD_MARGIN
                                                    : width >= self->wide_header_min + UNFOLD_MARGIN;
}

static gboolean
apply_width (gpointer data)
{
  RigWindow *self = data;

  self->width_idle = 0;
  if (width_turns_fold (self, gtk_widget_get_width (GTK_WIDGET (self))))
    adw_leaflet_set_can_unfold (self->leaflet, !adw_leaflet_get_can_unfold (self->leaflet));
  return G_SOURCE_REMOVE;
}

static void
rig_window_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  RigWindow *self = RIG_WINDOW (widget);

  GTK_WIDGET_CLASS (rig_window_parent_class)->size_allocate (widget, width, height, baseline);
  /* Gone with the template while the window is disposed. */
  if (self->leaflet == NULL || self->header_bar == NULL)
    return;

  /* Measured while every button is shown: folded, the header is narrower, and it follows the
   * leaflet an idle later. */
  if (!self->header_narrow && !adw_leaflet_get_folded (self->leaflet))
    gtk_widget_measure (self->header_bar, GTK_ORIENTATION_HORIZONTAL, -1,
                        &self->wide_header_min, NULL, NULL, NULL);
  if (self->wide_header_min <= 0)
    return;
  if (width_turns_fold (self, width) && self->width_idle == 0)
    self->width_idle = g_idle_add (apply_width, self);
}

static void
rig_window_class_init (RigWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rig_window_dispose;
  widget_class->size_allocate = rig_window_size_allocate;
  window_class->close_request = rig_window_close_request;

  g_type_ensure (RIG_TYPE_RESULTS_VIEW);
  g_type_ensure (RIG_TYPE_PARTS_LIST);
  g_type_ensure (RIG_TYPE_BUILD_SETTINGS);
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
  gtk_widget_class_bind_template_child (widget_class, RigWindow, build_settings);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, workloads_group);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, results_view);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, results_stack);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, fold_bar);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, show_parts_button);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, show_results_button);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, compare_button);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, new_plain_button);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, history_box);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, narrow_section);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, refresh_label);
  gtk_widget_class_bind_template_callback (widget_class, on_name_applied);

  _rig_window_install_actions (widget_class);
}

/* A button's tooltip would stay over the menu it opened: off while the menu is open. */
static void
on_menu_shown (GtkWidget *button)
{
  gtk_widget_set_has_tooltip (button, FALSE);
}

static void
on_menu_closed (GtkWidget *button)
{
  gtk_widget_set_has_tooltip (button, gtk_widget_get_tooltip_text (button) != NULL);
}

static void
create_menu (GtkMenuButton *button,
             gpointer       user_data)
{
  GtkPopover *popover;

  gtk_menu_button_set_menu_model (button, user_data);
  popover = gtk_menu_button_get_popover (button);
  g_signal_connect_object (popover, "show", G_CALLBACK (on_menu_shown), button, G_CONNECT_SWAPPED);
  g_signal_connect_object (popover, "closed", G_CALLBACK (on_menu_closed), button, G_CONNECT_SWAPPED);
  /* The first time, the popover is shown before this is connected. */
  on_menu_shown (GTK_WIDGET (button));
}

/* The New button's dropdown, a menu button inside the split button, has its own tooltip, and
 * with it off the split button's own would show over the menu: both are off while it is open.
 * The menu is made with the window (the split button takes the model from the template). */
static void
hide_dropdown_tooltip_while_open (GtkWidget *split_button)
{
  for (GtkWidget *child = gtk_widget_get_first_child (split_button); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_MENU_BUTTON (child) && gtk_menu_button_get_popover (GTK_MENU_BUTTON (child)))
      {
        GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (child));
        GtkWidget *owners[] = { child, split_button };

        for (guint i = 0; i < G_N_ELEMENTS (owners); i++)
          {
            g_signal_connect_object (popover, "show", G_CALLBACK (on_menu_shown), owners[i],
                                     G_CONNECT_SWAPPED);
            g_signal_connect_object (popover, "closed", G_CALLBACK (on_menu_closed), owners[i],
                                     G_CONNECT_SWAPPED);
          }
      }
}

/* A menu's popover, with a widget for each item, is made when it first opens: the window's
 * menus hold half its widgets, and none of them is in the first frame. */
static void
defer_menu (GtkMenuButton *button,
            GMenuModel    *menu)
{
  gtk_menu_button_set_create_popup_func (button, create_menu, g_object_ref (menu), g_object_unref);
}

/* A finding names a part: show it in the parts list, switching to it when the window is folded. */
static void
on_part_activated (RigWindow *self,
                   guint      index)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "parts");
  rig_parts_list_focus_item (self->parts_list, index);
}

/* Narrow layout ------------------------------------------------------------------------------
 *
 * Below the width the two panes need side by side, the leaflet folds to one: a bar at the
 * bottom switches between the parts and the plan, and the header keeps only what fits (Compare
 * and Refresh Prices are in the main menu too). */

static gboolean
apply_fold (gpointer data)
{
  RigWindow *self = data;
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  self->fold_idle = 0;
  self->header_narrow = folded;

  gtk_widget_set_visible (self->fold_bar, folded);
  gtk_widget_set_visible (self->compare_button, !folded);
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_stack), !folded);
  gtk_widget_set_visible (self->history_box, !folded);
  gtk_widget_set_visible (GTK_WIDGET (self->export_menu_button), !folded);
  /* Narrow: New loses its menu, whose Find a Build moves into the main menu, */
  gtk_widget_set_visible (self->new_button, !folded);
  gtk_widget_set_visible (self->new_plain_button, folded);
  /* Open is an icon, and Export moves into the main menu. */
  if (folded)
    adw_split_button_set_icon_name (self->open_button, "document-open-symbolic");
  else
    adw_split_button_set_label (self->open_button, _("_Open"));
  g_menu_remove_all (self->narrow_section);
  if (folded)
    {
      g_menu_append (self->narrow_section, _("_Find a Build…"), "win.find-build");
      g_menu_append_submenu (self->narrow_section, _("_Export"), self->export_menu);
    }
  return G_SOURCE_REMOVE;
}

/* The leaflet folds while it is being allocated: the header changes after, not during it. */
static void
on_fold_changed (RigWindow *self)
{
  if (self->fold_idle == 0)
    self->fold_idle = g_idle_add (apply_fold, self);
}

static void
on_visible_pane_changed (RigWindow *self)
{
  const char *name = adw_leaflet_get_visible_child_name (self->leaflet);

  gtk_toggle_button_set_active (g_strcmp0 (name, "results") == 0 ? self->show_results_button
                                                                 : self->show_parts_button, TRUE);
}

static void
on_pane_toggled (RigWindow       *self,
                 GtkToggleButton *button)
{
  if (gtk_toggle_button_get_active (button))
    adw_leaflet_set_visible_child_name (self->leaflet,
                                        button == self->show_results_button ? "results" : "parts");
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
  hide_dropdown_tooltip_while_open (self->new_button);
  self->workload_rows = g_ptr_array_new ();
  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (on_fold_changed), self);
  g_signal_connect_swapped (self->results_view, "part-activated", G_CALLBACK (on_part_activated), self);
  g_signal_connect_swapped (self->leaflet, "notify::visible-child-name",
                            G_CALLBACK (on_visible_pane_changed), self);
  g_signal_connect_swapped (self->show_parts_button, "toggled", G_CALLBACK (on_pane_toggled), self);
  g_signal_connect_swapped (self->show_results_button, "toggled", G_CALLBACK (on_pane_toggled), self);

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

  _rig_window_update_recent_menu (self);
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (_rig_window_update_recent_menu), self, G_CONNECT_SWAPPED);
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
  g_signal_connect_swapped (self->document, "notify::dirty", G_CALLBACK (_rig_window_update_title), self);
  g_signal_connect_swapped (self->document, "notify::file", G_CALLBACK (_rig_window_update_title), self);
  rig_parts_list_set_document (self->parts_list, self->document);
  rig_build_settings_set_document (self->build_settings, self->document);
  if (self->settings != NULL)
    rig_build_settings_set_imperial (self->build_settings,
                                     g_settings_get_enum (self->settings, "units") == 1);
  g_signal_connect (self->build_settings, "message", G_CALLBACK (on_parts_message), self);
  rig_results_view_set_catalog (self->results_view, rig_application_get_catalog (application));
  g_signal_connect (self->parts_list, "change-part", G_CALLBACK (on_change_part), self);
  g_signal_connect (self->parts_list, "message", G_CALLBACK (on_parts_message), self);

  if (rig_application_get_catalog (application) == NULL && rig_application_get_catalog_error (application))
    _rig_window_show_error (self, rig_application_get_catalog_error (application));
  _rig_window_new_build (self);
  return self;
}
