/* rig-build-settings.c: a build's own settings, edited with the build
 *
 * Preferences hold the defaults a new build starts from; once made, a build keeps its own, saved
 * in its file, and changes to them are edits like any other: undoable, and the file is modified.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "rig-build-settings.h"
#include "rig-wheel-guard.h"

struct _RigBuildSettings
{
  AdwPreferencesGroup  parent_instance;

  RigDocument         *document;
  gboolean             imperial;
  gboolean             updating;    /* showing the build's values, not editing */

  AdwEntryRow         *currency_row;
  GtkSpinButton       *electricity_spin;
  GtkSpinButton       *hours_spin;
  GtkSpinButton       *cloud_spin;
  AdwComboRow         *circuit_row;
  AdwActionRow        *ambient_row;
  GtkSpinButton       *ambient_spin;
  GtkSpinButton       *limit_spin;
};

G_DEFINE_FINAL_TYPE (RigBuildSettings, rig_build_settings, ADW_TYPE_PREFERENCES_GROUP)

enum { MESSAGE, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The combo's rows, in the order of the template. */
static const RigCircuit circuits[] = { RIG_CIRCUIT_US_15A, RIG_CIRCUIT_US_20A, RIG_CIRCUIT_EU_16A,
                                       RIG_CIRCUIT_UK_13A };

static double
to_shown (RigBuildSettings *self,
          double            celsius)
{
  return self->imperial ? celsius * 9.0 / 5.0 + 32.0 : celsius;
}

static double
to_celsius (RigBuildSettings *self,
            double            shown)
{
  return self->imperial ? (shown - 32.0) * 5.0 / 9.0 : shown;
}

/* Shows the build's settings. */
static void
update (RigBuildSettings *self)
{
  const RigSettings *s;

  if (self->document == NULL)
    return;
  s = &rig_document_get_build (self->document)->settings;
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->currency_row), s->currency);
  gtk_spin_button_set_value (self->electricity_spin, s->electricity_per_kwh);
  gtk_spin_button_set_value (self->hours_spin, s->hours_per_day);
  gtk_spin_button_set_value (self->cloud_spin, isfinite (s->cloud_per_hour) ? s->cloud_per_hour : 0);
  for (guint i = 0; i < G_N_ELEMENTS (circuits); i++)
    if (circuits[i] == s->circuit)
      adw_combo_row_set_selected (self->circuit_row, i);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->ambient_row),
                                 self->imperial ? _("Room temperature (°F)") : _("Room temperature (°C)"));
  gtk_spin_button_set_range (self->ambient_spin, to_shown (self, -20), to_shown (self, 60));
  gtk_spin_button_set_value (self->ambient_spin, to_shown (self, s->ambient_c));
  gtk_spin_button_set_value (self->limit_spin, s->gpu_power_limit_pct);
  self->updating = FALSE;
}

static gboolean
same_number (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || fabs (a - b) < 1e-9;
}

/* Any of the numbers or the circuit: one edit with all of them, which only changes the ones
 * that differ. */
static void
value_changed_cb (RigBuildSettings *self)
{
  RigSettings now;
  RigSettings *s;
  guint circuit = adw_combo_row_get_selected (self->circuit_row);
  double cloud = gtk_spin_button_get_value (self->cloud_spin);

  if (self->updating || self->document == NULL)
    return;
  now = rig_document_get_build (self->document)->settings;
  now.electricity_per_kwh = gtk_spin_button_get_value (self->electricity_spin);
  now.hours_per_day = gtk_spin_button_get_value (self->hours_spin);
  now.cloud_per_hour = cloud > 0 ? cloud : NAN;
  if (circuit < G_N_ELEMENTS (circuits))
    now.circuit = circuits[circuit];
  now.ambient_c = to_celsius (self, gtk_spin_button_get_value (self->ambient_spin));
  now.gpu_power_limit_pct = gtk_spin_button_get_value (self->limit_spin);

  s = &rig_document_get_build (self->document)->settings;
  if (same_number (now.electricity_per_kwh, s->electricity_per_kwh) &&
      same_number (now.hours_per_day, s->hours_per_day) &&
      same_number (now.cloud_per_hour, s->cloud_per_hour) && now.circuit == s->circuit &&
      same_number (now.ambient_c, s->ambient_c) &&
      same_number (now.gpu_power_limit_pct, s->gpu_power_limit_pct))
    return;
  rig_document_begin_edit (self->document)->settings = now;
  rig_document_end_edit (self->document, RIG_DOCUMENT_CHANGE_VALUES);
}

static void
currency_applied_cb (RigBuildSettings *self)
{
  g_autofree char *code = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->currency_row)), -1);
  RigBuild *build;

  if (self->document == NULL)
    return;
  g_strstrip (code);
  if (strlen (code) != 3 || !g_ascii_isalpha (code[0]) || !g_ascii_isalpha (code[1]) ||
      !g_ascii_isalpha (code[2]))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->currency_row), "error");
      g_signal_emit (self, signals[MESSAGE], 0, _("A currency is a three-letter code such as USD or EUR"));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->currency_row), "error");
  if (g_str_equal (code, rig_document_get_build (self->document)->settings.currency))
    return;
  build = rig_document_begin_edit (self->document);
  g_strlcpy (build->settings.currency, code, sizeof build->settings.currency);
  /* Prices convert into the new currency, where a rate is known. */
  rig_document_end_edit (self->document, RIG_DOCUMENT_CHANGE_PRICES);
}

static void
on_document_changed (RigDocument      *document,
                     guint             change,
                     RigBuildSettings *self)
{
  if (change == RIG_DOCUMENT_CHANGE_ALL)
    update (self);
}

void
rig_build_settings_set_document (RigBuildSettings *self,
                                 RigDocument      *document)
{
  g_return_if_fail (RIG_IS_BUILD_SETTINGS (self));

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect (document, "changed", G_CALLBACK (on_document_changed), self);
  update (self);
}

void
rig_build_settings_set_imperial (RigBuildSettings *self,
                                 gboolean          imperial)
{
  g_return_if_fail (RIG_IS_BUILD_SETTINGS (self));

  if (self->imperial == imperial)
    return;
  self->imperial = imperial;
  update (self);
}

static void
rig_build_settings_dispose (GObject *object)
{
  RigBuildSettings *self = RIG_BUILD_SETTINGS (object);

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  gtk_widget_dispose_template (GTK_WIDGET (self), RIG_TYPE_BUILD_SETTINGS);
  G_OBJECT_CLASS (rig_build_settings_parent_class)->dispose (object);
}

static void
rig_build_settings_class_init (RigBuildSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rig_build_settings_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rigplan/Rigplan/rig-build-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, RigBuildSettings, currency_row);
  gtk_widget_class_bind_template_child (widget_class, RigBuildSettings, electricity_spin);
  gtk_widget_class_bind_template_child (widget_class, RigBuildSettings, hours_spin);
  gtk_widget_class_bind_template_child (widget_class, RigBuildSettings, cloud_spin);
  gtk_widget_class_bind_template_child (widget_class, RigBuildSettings, circuit_row);
  gtk_widget_class_bind_template_child (widget_class, RigBuildSettings, ambient_row);
  gtk_widget_class_bind_template_child (widget_class, RigBuildSettings, ambient_spin);
  gtk_widget_class_bind_template_child (widget_class, RigBuildSettings, limit_spin);
  gtk_widget_class_bind_template_callback (widget_class, value_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, currency_applied_cb);

  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rig_build_settings_init (RigBuildSettings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rig_wheel_guard_spin_buttons (GTK_WIDGET (self));
}
