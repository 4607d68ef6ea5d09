/* rig-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rig-build-file.h"
#include "rig-plan.h"
#include "rig-window.h"

struct _RigWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  RigBuild             *build;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  AdwPreferencesGroup  *parts_group;
  GtkLabel             *total_label;
  GList                *part_rows;
};

G_DEFINE_FINAL_TYPE (RigWindow, rig_window, ADW_TYPE_APPLICATION_WINDOW)

static void
show_error (RigWindow    *self,
            const GError *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
clear_part_rows (RigWindow *self)
{
  for (GList *l = self->part_rows; l; l = l->next)
    adw_preferences_group_remove (self->parts_group, l->data);
  g_clear_pointer (&self->part_rows, g_list_free);
}

static char *
format_money (gint64      minor,
              const char *currency)
{
  /* The locale's grouping and decimal point, with the ISO code after it. */
  return g_strdup_printf ("%'.2f %s", minor / 100.0, currency);
}

static void
show_build (RigWindow *self)
{
  RigReport report;
  g_autofree char *total = NULL;

  clear_part_rows (self);
  adw_window_title_set_title (self->window_title,
                              *self->build->name ? self->build->name : _("Untitled Build"));

  for (guint i = 0; i < self->build->items->len; i++)
    {
      RigBuildItem *item = g_ptr_array_index (self->build->items, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;
      g_autofree char *price = NULL;
      GtkWidget *price_label;
      gint64 unit;

      subtitle = g_strdup_printf ("%s · %u × %s", rig_part_kind_label (item->part->kind),
                                  item->count,
                                  item->condition == RIG_CONDITION_USED ? _("used") : _("new"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->part->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      price = rig_build_item_unit_price (item, &unit)
                ? format_money (unit * item->count, self->build->settings.currency)
                : g_strdup (_("No price"));
      price_label = gtk_label_new (price);
      gtk_widget_add_css_class (price_label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), price_label);

      adw_preferences_group_add (self->parts_group, row);
      self->part_rows = g_list_append (self->part_rows, row);
    }

  rig_report_init (&report);
  rig_plan_evaluate (self->build, &report);
  total = format_money (report.cost.total_minor, report.cost.currency);
  gtk_label_set_label (self->total_label, total);
  rig_report_clear (&report);

  gtk_stack_set_visible_child_name (self->stack, "build");
}

void
rig_window_open_file (RigWindow *self,
                      GFile     *file)
{
  RigApplication *app = RIG_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  RigCatalog *catalog = rig_application_get_catalog (app);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) build = NULL;

  g_return_if_fail (RIG_IS_WINDOW (self));

  if (catalog == NULL)
    {
      show_error (self, rig_application_get_catalog_error (app));
      return;
    }
  if (path == NULL || !(build = rig_build_file_load (path, &error)))
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("Only local build files can be opened"));
      show_error (self, error);
      return;
    }
  if (!rig_catalog_resolve_build (catalog, build, &error))
    {
      g_prefix_error (&error, "%s: ", g_file_peek_path (file));
      show_error (self, error);
      return;
    }

  g_clear_pointer (&self->build, rig_build_free);
  self->build = g_steal_pointer (&build);
  show_build (self);
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  RigWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      rig_window_open_file (self, file);
    }
  g_object_unref (dialog);
}

static void
rig_window_open_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  RigWindow *self = RIG_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Open Build"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Rigplan builds"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
show_catalog_summary (RigWindow      *self,
                      RigApplication *app)
{
  RigCatalog *catalog = rig_application_get_catalog (app);

  if (catalog != NULL)
    {
      g_autofree char *description =
        g_strdup_printf (ngettext ("The catalog holds %u part. Open a build file to see it planned.",
                                   "The catalog holds %u parts. Open a build file to see it planned.",
                                   rig_catalog_get_n_parts (catalog)),
                         rig_catalog_get_n_parts (catalog));
      adw_status_page_set_description (self->empty_page, description);
    }
  else if (rig_application_get_catalog_error (app) != NULL)
    {
      adw_status_page_set_title (self->empty_page, _("The Parts Catalog Could Not Be Opened"));
      adw_status_page_set_description (self->empty_page,
                                       rig_application_get_catalog_error (app)->message);
    }
}

static void
rig_window_dispose (GObject *object)
{
  RigWindow *self = RIG_WINDOW (object);

  g_clear_pointer (&self->part_rows, g_list_free);
  g_clear_pointer (&self->build, rig_build_free);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), RIG_TYPE_WINDOW);
  G_OBJECT_CLASS (rig_window_parent_class)->dispose (object);
}

static void
rig_window_class_init (RigWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rig_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rigplan/Rigplan/rig-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RigWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, parts_group);
  gtk_widget_class_bind_template_child (widget_class, RigWindow, total_label);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, rig_window_open_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
}

static void
rig_window_init (RigWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* Window size is remembered when the schema is installed (or found through
   * GSETTINGS_SCHEMA_DIR, as `meson devenv` sets it). */
  if (source && (schema = g_settings_schema_source_lookup (source, "io.github.rigplan.Rigplan", TRUE)))
    {
      self->settings = g_settings_new ("io.github.rigplan.Rigplan");
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized",
                       G_SETTINGS_BIND_DEFAULT);
    }
}

RigWindow *
rig_window_new (RigApplication *application)
{
  RigWindow *self = g_object_new (RIG_TYPE_WINDOW, "application", application, NULL);

  show_catalog_summary (self, application);
  return self;
}
