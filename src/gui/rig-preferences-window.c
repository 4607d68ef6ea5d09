/* rig-preferences-window.c: every row is bound to its GSettings key, so changes apply at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rig-preferences-window.h"
#include "rig-wheel-guard.h"
#include "rig-secret.h"
#include "rig-url.h"

struct _RigPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  AdwEntryRow          *currency_row;
  GtkSpinButton        *electricity_spin;
  GtkSpinButton        *cloud_spin;
  GtkSpinButton        *hours_spin;
  AdwComboRow          *circuit_row;
  gboolean              showing_ambient;
  AdwActionRow         *ambient_row;
  GtkSpinButton        *ambient_spin;
  GtkSpinButton        *limit_spin;
  AdwComboRow          *units_row;
  AdwComboRow          *paper_row;
  GtkSwitch            *online_switch;
  AdwPreferencesGroup  *sources_group;
  AdwEntryRow          *source_entry;
  AdwEntryRow          *bestbuy_key_row;

  RigLibrary           *library;
  GPtrArray            *source_rows;
};

G_DEFINE_FINAL_TYPE (RigPreferencesWindow, rig_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Enum keys are stored as nicks; the combo rows list them in the schema's order. */
static gboolean
enum_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i]; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
selected_to_enum (const GValue       *value,
                  const GVariantType *type,
                  gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint selected = g_value_get_uint (value);

  return selected < g_strv_length ((char **) nicks) ? g_variant_new_string (nicks[selected]) : NULL;
}

static void
on_currency_applied (RigPreferencesWindow *self)
{
  g_autofree char *code = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->currency_row)), -1);

  if (strlen (code) != 3 || !g_ascii_isalpha (code[0]) || !g_ascii_isalpha (code[1]) ||
      !g_ascii_isalpha (code[2]))
    {
      AdwToast *toast = adw_toast_new (_("A currency is a three-letter code such as USD, EUR or GBP"));
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
      return;
    }
  g_settings_set_string (self->settings, "currency", code);
}

static void
rig_preferences_window_dispose (GObject *object)
{
  RigPreferencesWindow *self = RIG_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->library);
  g_clear_pointer (&self->source_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), RIG_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (rig_preferences_window_parent_class)->dispose (object);
}


/* Price sources -------------------------------------------------------------------------- */

static void show_sources (RigPreferencesWindow *self);

static void
on_source_remove (GtkButton            *button,
                  RigPreferencesWindow *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "source-id");
  g_autoptr(GError) error = NULL;

  if (!rig_library_remove_source (self->library, id, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
  show_sources (self);
}

static void
show_sources (RigPreferencesWindow *self)
{
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->source_rows->len; i++)
    adw_preferences_group_remove (self->sources_group, g_ptr_array_index (self->source_rows, i));
  g_ptr_array_set_size (self->source_rows, 0);
  if (self->library == NULL || !(sources = rig_library_list_sources (self->library, &error)))
    return;

  for (guint i = 0; i < sources->len; i++)
    {
      RigPriceSource *source = g_ptr_array_index (sources, i);
      g_autofree char *address = rig_url_redact (source->url);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), source->name);

      if (source->checked_at > 0)
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (source->checked_at);
          g_autofree char *date = g_date_time_format (when, "%x %X");
          subtitle = g_strdup_printf ("%s\n%s: %s", address, date, source->status ? source->status : "");
        }
      else
        subtitle = g_strdup_printf ("%s\n%s", address, _("Not refreshed yet"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), source->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
      g_object_set_data_full (G_OBJECT (remove), "source-id", g_memdup2 (&source->id, sizeof source->id), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_source_remove), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->sources_group, row);
      g_ptr_array_add (self->source_rows, row);
    }
}

static void
on_source_applied (RigPreferencesWindow *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->source_entry))));
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;

  if (self->library == NULL)
    return;
  if (!rig_url_check (url, &error)
      || !(uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error))
      || !rig_library_add_source (self->library,
                                  g_strcmp0 (g_uri_get_host (uri), "api.bestbuy.com") == 0
                                  ? RIG_PRICE_SOURCE_BESTBUY : RIG_PRICE_SOURCE_FEED,
                                  g_strcmp0 (g_uri_get_host (uri), "api.bestbuy.com") == 0
                                  ? "Best Buy" : g_uri_get_host (uri), url, &error))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->source_entry), "");
  show_sources (self);
}

static void
key_stored (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RigPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
    adw_toast_new (rig_secret_store_key_finish (result, &error)
                   ? _("The key is in your keyring")
                   : error->message));
}

static void
on_bestbuy_key_applied (RigPreferencesWindow *self)
{
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->bestbuy_key_row))));

  /* An empty key forgets the stored one. */
  rig_secret_store_key_async ("bestbuy", key, NULL, key_stored, g_object_ref (self));
  gtk_editable_set_text (GTK_EDITABLE (self->bestbuy_key_row), "");
}

static void
rig_preferences_window_class_init (RigPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rig_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rigplan/Rigplan/rig-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RigPreferencesWindow, currency_row);
  gtk_widget_class_bind_template_child (widget_class, RigPreferencesWindow, electricity_spin);
  gtk_widget_class_bind_template_child (widget_class, RigPreferencesWindow, cloud_spin);
  gtk_widget_class_bind_template_child (widget_class, RigPreferencesWindow, hours_spin);
  gtk_widget_class_bind_template_child (widget_class, RigPreferencesWindow, circuit_row);
  gtk_widget_class_bind_template_child (widget_class, RigPreferencesWindow, ambient_row);
  gtk_widget_class_bind_template_child (widget_class, RigPreferencesWindow, ambient_spin);
  gtk_widget_class_bind_template_child (widget_class, RigPreferencesWindow, limit_spin);
  gtk_widget_class_bind_template_child (widget_class, RigPreferencesWindow, units_row);
  gtk_widget_class_bind_template_child (widget_class, RigPreferencesWindow, paper_row);
  gtk_widget_class_bind_template_child (widget_class, RigPreferencesWindow, online_switch);
  gtk_widget_class_bind_template_child (widget_class, RigPreferencesWindow, sources_group);
  gtk_widget_class_bind_template_child (widget_class, RigPreferencesWindow, source_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_source_applied);
  gtk_widget_class_bind_template_child (widget_class, RigPreferencesWindow, bestbuy_key_row);
  gtk_widget_class_bind_template_callback (widget_class, on_bestbuy_key_applied);
}

static void
rig_preferences_window_init (RigPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rig_wheel_guard_spin_buttons (GTK_WIDGET (self));
  self->source_rows = g_ptr_array_new ();
}

/* The room temperature in the units the person chose; the setting keeps °C. */
static gboolean
imperial (RigPreferencesWindow *self)
{
  return g_settings_get_enum (self->settings, "units") == 1;
}

static void
show_ambient (RigPreferencesWindow *self)
{
  double c = g_settings_get_double (self->settings, "ambient-c");
  gboolean f = imperial (self);

  self->showing_ambient = TRUE;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->ambient_row),
                                 f ? _("Room temperature (°F)") : _("Room temperature (°C)"));
  gtk_spin_button_set_range (self->ambient_spin, f ? -4 : -20, f ? 140 : 60);
  gtk_spin_button_set_value (self->ambient_spin, f ? c * 9.0 / 5.0 + 32.0 : c);
  self->showing_ambient = FALSE;
}

static void
on_ambient_changed (RigPreferencesWindow *self)
{
  double v = gtk_spin_button_get_value (self->ambient_spin);

  if (self->showing_ambient)
    return;
  g_settings_set_double (self->settings, "ambient-c",
                         CLAMP (imperial (self) ? (v - 32.0) * 5.0 / 9.0 : v, -20, 60));
}

RigPreferencesWindow *
rig_preferences_window_new (GtkWindow  *parent,
                            GSettings  *settings,
                            RigLibrary *library)
{
  static const char * const circuits[] = { "us-15a", "us-20a", "eu-16a", "uk-13a", NULL };
  static const char * const units[] = { "metric", "imperial", NULL };
  static const char * const papers[] = { "a4", "letter", NULL };
  RigPreferencesWindow *self = g_object_new (RIG_TYPE_PREFERENCES_WINDOW, "transient-for", parent,
                                             "modal", TRUE, NULL);
  g_autofree char *currency = g_settings_get_string (settings, "currency");

  self->settings = g_object_ref (settings);
  self->library = library ? g_object_ref (library) : NULL;
  g_settings_bind (settings, "prices-online", self->online_switch, "active", G_SETTINGS_BIND_DEFAULT);
  show_sources (self);
  gtk_editable_set_text (GTK_EDITABLE (self->currency_row), currency);
  g_signal_connect_swapped (self->currency_row, "apply", G_CALLBACK (on_currency_applied), self);
  g_settings_bind (settings, "electricity-per-kwh", self->electricity_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "cloud-per-hour", self->cloud_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "hours-per-day", self->hours_spin, "value", G_SETTINGS_BIND_DEFAULT);
  show_ambient (self);
  g_signal_connect_object (settings, "changed::units", G_CALLBACK (show_ambient), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->ambient_spin, "value-changed", G_CALLBACK (on_ambient_changed), self);
  g_settings_bind (settings, "gpu-power-limit-pct", self->limit_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "circuit", self->circuit_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                enum_to_selected, selected_to_enum, (gpointer) circuits, NULL);
  g_settings_bind_with_mapping (settings, "units", self->units_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                enum_to_selected, selected_to_enum, (gpointer) units, NULL);
  g_settings_bind_with_mapping (settings, "paper", self->paper_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                enum_to_selected, selected_to_enum, (gpointer) papers, NULL);
  return self;
}
