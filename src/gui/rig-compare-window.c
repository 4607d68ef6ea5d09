/* rig-compare-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "rig-build-file.h"
#include "rig-compare-window.h"
#include "rig-compare.h"
#include "rig-export.h"
#include "rig-report-pdf.h"

struct _RigCompareWindow
{
  AdwWindow            parent_instance;

  RigCatalog          *catalog;
  RigLibrary          *library;
  RigBuild            *current;
  GPtrArray           *checks;        /* GtkCheckButton, "build-id" data: 0 = current, -1 = a file */
  RigComparison       *comparison;
  GSettings           *settings;

  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwPreferencesGroup *choose_group;
  GtkButton           *compare_button;
  GtkButton           *back_button;
  GtkMenuButton       *export_button;
  GtkGrid             *grid;
};

G_DEFINE_FINAL_TYPE (RigCompareWindow, rig_compare_window, ADW_TYPE_WINDOW)

static void
toast (RigCompareWindow *self,
       const char       *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static guint
n_checked (RigCompareWindow *self)
{
  guint n = 0;

  for (guint i = 0; i < self->checks->len; i++)
    n += gtk_check_button_get_active (g_ptr_array_index (self->checks, i));
  return n;
}

static void
on_check_toggled (RigCompareWindow *self)
{
  guint n = n_checked (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->compare_button), n >= 2 && n <= RIG_COMPARE_MAX);
}

static GtkWidget *
cell (const char *text,
      gboolean    bold,
      gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  if (bold)
    gtk_widget_add_css_class (label, "heading");
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
show_comparison (RigCompareWindow *self)
{
  const RigComparison *c = self->comparison;
  GtkWidget *child;
  const char *section = NULL;
  int y = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);

  for (guint i = 0; i < c->n; i++)
    gtk_grid_attach (self->grid, cell (c->names[i], TRUE, FALSE), 1 + i, y, 1, 1);
  y++;

  for (guint r = 0; r < c->rows->len; r++)
    {
      const RigCompareRow *row = g_ptr_array_index (c->rows, r);
      g_autofree char *label = *row->unit ? g_strdup_printf ("%s (%s)", row->label, row->unit)
                                          : g_strdup (row->label);
      GtkWidget *title;

      if (g_strcmp0 (section, row->section) != 0)
        {
          GtkWidget *heading = cell (section = row->section, TRUE, FALSE);

          gtk_widget_add_css_class (heading, "title-4");
          gtk_widget_set_margin_top (heading, 12);
          gtk_grid_attach (self->grid, heading, 0, y++, 1 + c->n, 1);
        }
      title = cell (label, FALSE, !row->differs);
      gtk_grid_attach (self->grid, title, 0, y, 1, 1);
      for (guint i = 0; i < c->n; i++)
        {
          gboolean best = (int) i == row->best;
          g_autofree char *text = best ? g_strdup_printf ("%s ✓", row->texts[i]) : g_strdup (row->texts[i]);
          GtkWidget *value = cell (text, best, !row->differs);

          if (best)
            {
              gtk_widget_add_css_class (value, "success");
              gtk_accessible_update_property (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                              _("best of the row"), -1);
            }
          gtk_grid_attach (self->grid, value, 1 + i, y, 1, 1);
        }
      y++;
    }
  gtk_stack_set_visible_child_name (self->stack, "table");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), TRUE);
}

void
rig_compare_window_compare (RigCompareWindow *self,
                            RigBuild * const *builds,
                            guint             n)
{
  RigReport reports[RIG_COMPARE_MAX];
  const RigReport *report_ptrs[RIG_COMPARE_MAX] = { NULL };

  g_return_if_fail (RIG_IS_COMPARE_WINDOW (self));
  g_return_if_fail (n >= 2 && n <= RIG_COMPARE_MAX);

  for (guint i = 0; i < n; i++)
    {
      rig_report_init (&reports[i]);
      rig_plan_evaluate (builds[i], &reports[i]);
      report_ptrs[i] = &reports[i];
    }
  g_clear_pointer (&self->comparison, rig_comparison_free);
  self->comparison = rig_compare ((const RigBuild * const *) builds, report_ptrs, n);
  for (guint i = 0; i < n; i++)
    rig_report_clear (&reports[i]);
  show_comparison (self);
}

static void
on_compare_clicked (RigCompareWindow *self)
{
  RigBuild *builds[RIG_COMPARE_MAX] = { NULL };
  guint n = 0;

  for (guint i = 0; i < self->checks->len && n < RIG_COMPARE_MAX; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);
      gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (check), "build-id");
      g_autoptr(GError) error = NULL;
      RigBuild *build;

      if (!gtk_check_button_get_active (check))
        continue;
      if (id == 0)
        build = rig_build_copy (self->current);
      else if (id < 0)
        {
          const char *path = g_object_get_data (G_OBJECT (check), "path");

          if (!(build = rig_build_file_load (path, &error))
              || !rig_catalog_resolve_build (self->catalog, build, &error))
            {
              g_clear_pointer (&build, rig_build_free);
              toast (self, error->message);
              continue;
            }
        }
      else if (!(build = rig_library_load_build (self->library, id, &error)) ||
               !rig_catalog_resolve_build (self->catalog, build, &error))
        {
          g_clear_pointer (&build, rig_build_free);
          toast (self, error->message);
          continue;
        }
      builds[n++] = build;
    }
  if (n >= 2)
    rig_compare_window_compare (self, builds, n);
  for (guint i = 0; i < n; i++)
    rig_build_free (builds[i]);
}

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 gpointer         user_data)
{
  RigCompareWindow *self = RIG_COMPARE_WINDOW (g_object_get_data (G_OBJECT (dialog), "window"));
  const char *format = g_object_get_data (G_OBJECT (dialog), "format");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean ok;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL && (path = g_file_get_path (file)) != NULL)
    {
      if (g_str_equal (format, "pdf"))
        {
          RigPaper paper = self->settings ? g_settings_get_enum (self->settings, "paper") : RIG_PAPER_A4;
          ok = rig_comparison_pdf_write (self->comparison, paper, NULL, path, &error);
        }
      else
        {
          g_autofree char *text = rig_export_comparison (self->comparison,
                                                         rig_export_format_from_string (format), NULL);
          ok = g_file_set_contents (path, text, -1, &error);
        }
      if (ok)
        {
          g_autofree char *base = g_path_get_basename (path);
          g_autofree char *message = g_strdup_printf (_("Exported “%s”"), base);
          toast (self, message);
        }
      else
        toast (self, error->message);
    }
  g_object_unref (dialog);
}

static void
action_export (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  RigCompareWindow *self = RIG_COMPARE_WINDOW (widget);
  const char *format = g_variant_get_string (param, NULL);
  int f = rig_export_format_from_string (format);
  GtkFileChooserNative *dialog;
  g_autofree char *suggested = NULL;

  if (self->comparison == NULL || (f < 0 && !g_str_equal (format, "pdf")))
    return;
  suggested = g_strdup_printf ("%s.%s", _("Comparison"),
                               f < 0 ? "pdf" : rig_export_format_extension (f));
  dialog = gtk_file_chooser_native_new (_("Export Comparison"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);
  g_object_set_data (G_OBJECT (dialog), "window", self);
  g_object_set_data_full (G_OBJECT (dialog), "format", g_strdup (format), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static GtkWidget *
choice_row (RigCompareWindow *self,
            const char       *title,
            const char       *subtitle,
            gint64            id,
            gboolean          active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data_full (G_OBJECT (check), "build-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_check_toggled), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_ptr_array_add (self->checks, check);
  return row;
}

static void
on_back_clicked (RigCompareWindow *self)
{
  gtk_stack_set_visible_child_name (self->stack, "choose");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);
}

/* A build file joins the choice, checked, when it loads and its parts are in the catalog. */
gboolean
rig_compare_window_add_file (RigCompareWindow  *self,
                             const char        *path,
                             GError           **error)
{
  g_autoptr(RigBuild) build = NULL;
  g_autofree char *base = NULL;
  GtkWidget *row;

  g_return_val_if_fail (RIG_IS_COMPARE_WINDOW (self), FALSE);

  if (!(build = rig_build_file_load (path, error))
      || !rig_catalog_resolve_build (self->catalog, build, error))
    return FALSE;
  base = g_path_get_basename (path);
  row = choice_row (self, *build->name ? build->name : base, base, -1,
                    n_checked (self) < RIG_COMPARE_MAX);
  g_object_set_data_full (G_OBJECT (g_ptr_array_index (self->checks, self->checks->len - 1)), "path",
                          g_strdup (path), g_free);
  adw_preferences_group_add (self->choose_group, row);
  on_check_toggled (self);
  return TRUE;
}

static void
add_file_response (GtkNativeDialog *dialog,
                   int              response,
                   gpointer         user_data)
{
  RigCompareWindow *self = RIG_COMPARE_WINDOW (user_data);
  g_autoptr(GListModel) files = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
  for (guint i = 0; files != NULL && i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path != NULL && !rig_compare_window_add_file (self, path, &error))
        toast (self, error->message);
    }
  g_object_unref (dialog);
}

static void
on_add_file_clicked (RigCompareWindow *self)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Add Build Files"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_file_filter_set_name (filter, _("Rigplan builds"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (add_file_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
rig_compare_window_dispose (GObject *object)
{
  RigCompareWindow *self = RIG_COMPARE_WINDOW (object);

  g_clear_object (&self->catalog);
  g_clear_object (&self->library);
  g_clear_pointer (&self->current, rig_build_free);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->comparison, rig_comparison_free);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), RIG_TYPE_COMPARE_WINDOW);
  G_OBJECT_CLASS (rig_compare_window_parent_class)->dispose (object);
}

static void
rig_compare_window_class_init (RigCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rig_compare_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rigplan/Rigplan/rig-compare-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RigCompareWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RigCompareWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RigCompareWindow, choose_group);
  gtk_widget_class_bind_template_child (widget_class, RigCompareWindow, compare_button);
  gtk_widget_class_bind_template_child (widget_class, RigCompareWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, RigCompareWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, RigCompareWindow, grid);
  gtk_widget_class_bind_template_callback (widget_class, on_compare_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_add_file_clicked);
  gtk_widget_class_install_action (widget_class, "compare.export", "s", action_export);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rig_compare_window_init (RigCompareWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->checks = g_ptr_array_new ();
  if (source != NULL && (schema = g_settings_schema_source_lookup (source, "io.github.rigplan.Rigplan", TRUE)))
    self->settings = g_settings_new ("io.github.rigplan.Rigplan");
}

/* Build files opened lately, unchecked, as the library's builds are: comparing is most often
 * with something worked on a moment ago. Files that no longer load are left out. */
static void
add_recent_files (RigCompareWindow *self,
                  const RigBuild   *current)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  guint shown = 0;

  for (GList *l = items; l != NULL && shown < 8; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
      g_autofree char *base = NULL;
      g_autoptr(RigBuild) build = NULL;
      GtkWidget *row;

      if (path == NULL || !g_str_has_suffix (path, ".json") || !gtk_recent_info_exists (info) ||
          !(build = rig_build_file_load (path, NULL)))
        continue;
      base = g_path_get_basename (path);
      row = choice_row (self, *build->name ? build->name : base, base, -1, FALSE);
      g_object_set_data_full (G_OBJECT (g_ptr_array_index (self->checks, self->checks->len - 1)), "path",
                              g_steal_pointer (&path), g_free);
      adw_preferences_group_add (self->choose_group, row);
      shown++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

RigCompareWindow *
rig_compare_window_new (GtkWindow      *parent,
                        RigCatalog     *catalog,
                        RigLibrary     *library,
                        const RigBuild *current)
{
  RigCompareWindow *self = g_object_new (RIG_TYPE_COMPARE_WINDOW, "transient-for", parent, NULL);
  g_autoptr(GPtrArray) entries = NULL;

  self->catalog = g_object_ref (catalog);
  self->library = library ? g_object_ref (library) : NULL;
  self->current = rig_build_copy (current);

  adw_preferences_group_add (self->choose_group,
                             choice_row (self, *current->name ? current->name : _("This build"),
                                         _("the build in the window"), 0, TRUE));
  if (library && (entries = rig_library_list_builds (library, NULL)))
    for (guint i = 0; i < entries->len; i++)
      {
        RigLibraryEntry *e = g_ptr_array_index (entries, i);
        adw_preferences_group_add (self->choose_group,
                                   choice_row (self, *e->name ? e->name : _("Untitled"),
                                               _("saved in the library"), e->id, FALSE));
      }
  add_recent_files (self, current);
  if ((entries == NULL || entries->len == 0) && self->checks->len < 2)
    adw_preferences_group_set_description (self->choose_group,
                                           _("Save builds to the library (main menu), or add build "
                                             "files, to compare them with the one in the window."));
  return self;
}
