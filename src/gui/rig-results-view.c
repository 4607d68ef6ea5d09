/* rig-results-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rig-charts.h"
#include "rig-results-view.h"

struct _RigResultsView
{
  AdwBin               parent_instance;

  const RigBuild      *build;
  const RigReport     *report;
  gboolean             imperial;

  AdwPreferencesGroup *workloads_group;
  AdwPreferencesGroup *power_group;
  AdwPreferencesGroup *pcie_group;
  AdwPreferencesGroup *thermal_group;
  AdwPreferencesGroup *cost_group;
  AdwPreferencesGroup *findings_group;
  AdwPreferencesGroup *not_checked_group;
  GtkDrawingArea      *power_chart;
  GtkDrawingArea      *pcie_chart;
  GtkDrawingArea      *cost_chart;

  /* Rows added for the current report, removed on the next one. */
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (RigResultsView, rig_results_view, ADW_TYPE_BIN)

static void
chart_style (GtkWidget     *widget,
             RigChartStyle *style)
{
  style->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  style->scale = 1.0;
  style->font_family = NULL;
}

static void
draw_power (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  RigResultsView *self = user_data;
  RigChartStyle style;

  if (self->report == NULL)
    return;
  chart_style (GTK_WIDGET (area), &style);
  rig_chart_power (cr, width, height, self->report, &style);
}

static void
draw_pcie (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  RigResultsView *self = user_data;
  RigChartStyle style;

  if (self->report == NULL)
    return;
  chart_style (GTK_WIDGET (area), &style);
  rig_chart_pcie (cr, width, height, self->report, &style);
}

static void
draw_cost (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  RigResultsView *self = user_data;
  RigChartStyle style;

  if (self->report == NULL || self->build == NULL)
    return;
  chart_style (GTK_WIDGET (area), &style);
  rig_chart_cost (cr, width, height, self->report, self->build->settings.cloud_per_hour,
                  self->build->settings.hours_per_day,
                  (guint) MAX (12, ceil (self->build->settings.tco_years * 12)), &style);
}

typedef struct
{
  RigResultsView *view;
  guint           index;
} MemoryChart;

static void
draw_memory (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  MemoryChart *chart = user_data;
  RigChartStyle style;

  if (chart->view->report == NULL || chart->index >= chart->view->report->workloads->len)
    return;
  chart_style (GTK_WIDGET (area), &style);
  rig_chart_memory (cr, width, height, chart->view->report, chart->index, &style);
}

static void
add_row (RigResultsView      *self,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static GtkWidget *
value_row (const char *title,
           const char *value,
           const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value, -1);
  return row;
}

static char *
format_gib (guint64 bytes)
{
  return g_strdup_printf (_("%.1f GiB"), (double) bytes / (1u << 30));
}

static char *
format_money (double      amount,
              const char *currency)
{
  return g_strdup_printf ("%'.2f %s", amount, currency);
}

static const char *
severity_icon (RigSeverity severity)
{
  switch (severity)
    {
    case RIG_SEVERITY_ERROR:
      return "dialog-error-symbolic";
    case RIG_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    case RIG_SEVERITY_INFO:
    default:
      return "dialog-information-symbolic";
    }
}

static void
show_workloads (RigResultsView *self)
{
  const RigReport *report = self->report;

  if (self->build->workloads->len == 0)
    {
      add_row (self, self->workloads_group,
               value_row (_("No workloads"), "", _("Add what you want to run to see whether it fits")));
      return;
    }

  for (guint i = 0; i < report->workloads->len; i++)
    {
      const RigWorkload *w = g_ptr_array_index (self->build->workloads, i);
      const RigWorkloadResult *r = &g_array_index (report->workloads, RigWorkloadResult, i);
      static const char * const fit_titles[] = {
        N_("Fits on the GPUs"), N_("Fits with offload to system memory"), N_("Runs on the CPU"),
        N_("Does not fit"), N_("Not checked")
      };
      static const char * const fit_css[] = { "success", "warning", "warning", "error", "dim-label" };
      GtkWidget *expander = adw_expander_row_new ();
      GtkWidget *status = gtk_label_new (_(fit_titles[r->fit]));
      GtkWidget *area = gtk_drawing_area_new ();
      MemoryChart *chart = g_new0 (MemoryChart, 1);
      g_autofree char *title = g_strdup_printf ("%s · %s", w->model ? w->model->name : w->model_id,
                                                w->quant_id ? w->quant_id : _("16-bit"));
      g_autofree char *speed = NULL;

      gtk_widget_add_css_class (status, fit_css[r->fit]);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
      if (w->mode == RIG_MODE_INFERENCE && !isnan (r->decode_tokens_per_s))
        speed = g_strdup_printf (_("%.1f tokens/s decode · %.0f tokens/s prefill"),
                                 r->decode_tokens_per_s,
                                 isnan (r->prefill_tokens_per_s) ? 0 : r->prefill_tokens_per_s);
      else if (!isnan (r->train_tokens_per_s))
        speed = g_strdup_printf (_("about %.0f tokens/s training"), r->train_tokens_per_s);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), speed ? speed : r->reason);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), status);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);

      chart->view = self;
      chart->index = i;
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 36 + 44 * MAX (1u, r->gpus_used +
                                                                                 (r->used_bytes[report->devices.n_gpus] > 0)));
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_memory, chart, g_free);
      gtk_widget_set_margin_start (area, 12);
      gtk_widget_set_margin_end (area, 12);
      gtk_widget_set_margin_top (area, 6);
      gtk_widget_set_margin_bottom (area, 6);
      gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Memory use per device"), -1);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), area);

      {
        g_autofree char *total = format_gib (r->memory.total_bytes);
        g_autoptr(GString) detail = g_string_new (NULL);
        const struct { const char *what; guint64 bytes; } parts[] = {
          { _("weights"), r->memory.weights_bytes }, { _("KV cache"), r->memory.kv_cache_bytes },
          { _("activations"), r->memory.activations_bytes }, { _("gradients"), r->memory.gradients_bytes },
          { _("optimizer"), r->memory.optimizer_bytes }, { _("overhead"), r->memory.overhead_bytes },
        };

        for (guint k = 0; k < G_N_ELEMENTS (parts); k++)
          if (parts[k].bytes > 0)
            g_string_append_printf (detail, "%s%s %.1f GiB", detail->len ? ", " : "", parts[k].what,
                                    parts[k].bytes / (double) (1u << 30));
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), value_row (_("Memory"), total, detail->str));
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), value_row (_("Placement"), "", r->reason));
      }
      if (!isnan (r->load_seconds))
        {
          g_autofree char *load = g_strdup_printf (_("%.1f s"), r->load_seconds);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                    value_row (_("Load time"), load, _("from the fastest drive")));
        }
      add_row (self, self->workloads_group, expander);
    }
}

static void
show_power (RigResultsView *self)
{
  const RigPowerReport *p = &self->report->power;
  g_autofree char *sustained = g_strdup_printf (_("%.0f W"), p->sustained_w);
  g_autofree char *sustained_detail = g_strdup_printf (_("GPUs %.0f W, CPU %.0f W, the rest %.0f W; "
                                                         "spikes to about %.0f W"),
                                                       p->gpu_w, p->cpu_w, p->rest_w, p->peak_w);
  g_autofree char *wall = g_strdup_printf (_("%.0f W of %.0f W"), p->wall_w, p->circuit_w);

  add_row (self, self->power_group, value_row (_("Sustained load"), sustained, sustained_detail));
  if (!isnan (p->psu_w))
    {
      g_autofree char *psu = g_strdup_printf (_("%.0f %% of %.0f W"), p->load * 100, p->psu_w);
      g_autofree char *eff = g_strdup_printf (_("%.0f %% efficient at this load"), p->efficiency * 100);
      add_row (self, self->power_group, value_row (_("Power supply"), psu, eff));
    }
  add_row (self, self->power_group, value_row (_("Wall draw"), wall,
                                                _("against the circuit's continuous limit")));
}

static void
show_thermal (RigResultsView *self)
{
  const RigThermalReport *t = &self->report->thermal;
  g_autofree char *heat = g_strdup_printf (_("%.0f W · %.0f BTU/h"), t->heat_w, t->heat_btu_h);

  add_row (self, self->thermal_group, value_row (_("Heat into the room"), heat, NULL));
  if (!isnan (t->air_rise_k))
    {
      g_autofree char *rise = self->imperial
        ? g_strdup_printf (_("%.0f °F over the room"), t->air_rise_k * 9 / 5)
        : g_strdup_printf (_("%.0f °C over the room"), t->air_rise_k);
      add_row (self, self->thermal_group, value_row (_("Case air"), rise, NULL));
    }
  for (guint i = 0; i < t->n_risks; i++)
    {
      static const char * const risks[] = { N_("Low"), N_("Medium"), N_("High"), N_("Unknown") };
      add_row (self, self->thermal_group,
               value_row (t->risks[i].device, _(risks[t->risks[i].risk]), t->risks[i].reason));
    }
}

static void
show_cost (RigResultsView *self)
{
  const RigCostReport *c = &self->report->cost;
  const RigSettings *s = &self->build->settings;
  g_autofree char *total = format_money (c->total_minor / 100.0, c->currency);
  g_autofree char *elec = format_money (c->electricity_per_year, c->currency);
  g_autofree char *elec_detail = g_strdup_printf (_("%.1f hours a day at %.2f %s per kWh"),
                                                  s->hours_per_day, s->electricity_per_kwh, s->currency);
  g_autofree char *tco = format_money (c->tco, c->currency);
  g_autofree char *tco_title = g_strdup_printf (_("Cost of ownership over %.0f years"), s->tco_years);
  g_autofree char *tco_detail = g_strdup_printf (_("after selling it for %.0f %% of its price"),
                                                 s->resale_pct);

  add_row (self, self->cost_group,
           value_row (_("Total"), total, c->parts_unpriced ? _("some parts have no price") : NULL));
  if (!isnan (c->per_gib_gpu_memory))
    {
      g_autofree char *value = g_strdup_printf (_("%.0f %s per GiB"), c->per_gib_gpu_memory, c->currency);
      g_autofree char *detail = g_strdup_printf (_("%.1f %s per TFLOPS · %.2f %s per GB/s of bandwidth"),
                                                 c->per_tflops, c->currency, c->per_gbps, c->currency);
      add_row (self, self->cost_group, value_row (_("GPU value"), value, detail));
    }
  add_row (self, self->cost_group, value_row (_("Electricity per year"), elec, elec_detail));
  add_row (self, self->cost_group, value_row (tco_title, tco, tco_detail));
  if (isinf (c->breakeven_months))
    add_row (self, self->cost_group,
             value_row (_("Against the cloud"), _("Never pays off"), _("renting costs less than the power")));
  else if (!isnan (c->breakeven_months))
    {
      g_autofree char *months = g_strdup_printf (_("%.1f months"), c->breakeven_months);
      g_autofree char *detail = g_strdup_printf (_("against renting at %.2f %s an hour"),
                                                 s->cloud_per_hour, s->currency);
      add_row (self, self->cost_group, value_row (_("Pays for itself after"), months, detail));
    }
}

static void
show_findings (RigResultsView *self)
{
  const RigReport *report = self->report;

  if (report->findings->len == 0)
    add_row (self, self->findings_group, value_row (_("No problems found"), "", NULL));
  for (guint i = 0; i < report->findings->len; i++)
    {
      const RigFinding *f = &g_array_index (report->findings, RigFinding, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon (f->severity));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), f->message);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), f->code);
      gtk_widget_add_css_class (icon, f->severity == RIG_SEVERITY_ERROR ? "error"
                                      : f->severity == RIG_SEVERITY_WARNING ? "warning" : "accent");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      f->severity == RIG_SEVERITY_ERROR ? _("Error")
                                      : f->severity == RIG_SEVERITY_WARNING ? _("Warning") : _("Note"),
                                      -1);
      add_row (self, self->findings_group, row);
    }

  for (guint i = 0; i < report->not_checked->len; i++)
    {
      const RigNotChecked *n = &g_array_index (report->not_checked, RigNotChecked, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), n->what);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      add_row (self, self->not_checked_group, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->not_checked_group), report->not_checked->len > 0);
}

void
rig_results_view_show (RigResultsView  *self,
                       const RigBuild  *build,
                       const RigReport *report)
{
  g_return_if_fail (RIG_IS_RESULTS_VIEW (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);

  self->build = build;
  self->report = report;
  if (build == NULL || report == NULL)
    return;

  show_workloads (self);
  show_power (self);
  show_thermal (self);
  show_cost (self);
  show_findings (self);
  gtk_widget_set_visible (GTK_WIDGET (self->pcie_group), report->pcie.checked);
  gtk_widget_queue_draw (GTK_WIDGET (self->power_chart));
  gtk_widget_queue_draw (GTK_WIDGET (self->pcie_chart));
  gtk_widget_queue_draw (GTK_WIDGET (self->cost_chart));
}

void
rig_results_view_set_imperial (RigResultsView *self,
                               gboolean        imperial)
{
  g_return_if_fail (RIG_IS_RESULTS_VIEW (self));
  self->imperial = imperial;
}

static void
on_dark_changed (RigResultsView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->power_chart));
  gtk_widget_queue_draw (GTK_WIDGET (self->pcie_chart));
  gtk_widget_queue_draw (GTK_WIDGET (self->cost_chart));
}

static void
rig_results_view_dispose (GObject *object)
{
  RigResultsView *self = RIG_RESULTS_VIEW (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), RIG_TYPE_RESULTS_VIEW);
  G_OBJECT_CLASS (rig_results_view_parent_class)->dispose (object);
}

static void
rig_results_view_class_init (RigResultsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rig_results_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rigplan/Rigplan/rig-results-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, workloads_group);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, power_group);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, pcie_group);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, thermal_group);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, cost_group);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, findings_group);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, not_checked_group);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, power_chart);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, pcie_chart);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, cost_chart);
}

static void
rig_results_view_init (RigResultsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  gtk_drawing_area_set_draw_func (self->power_chart, draw_power, self, NULL);
  gtk_drawing_area_set_draw_func (self->pcie_chart, draw_pcie, self, NULL);
  gtk_drawing_area_set_draw_func (self->cost_chart, draw_cost, self, NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
}
