/* rig-results-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "rig-charts.h"
#include "rig-figure-row.h"
#include "rig-capacity-panel.h"
#include "rig-results-view.h"
#include "rig-speed.h"
#include "rig-format.h"
#include "rig-speed.h"

struct _RigResultsView
{
  AdwBin               parent_instance;

  const RigBuild      *build;
  const RigReport     *report;
  gboolean             imperial;

  AdwPreferencesGroup *summary_group;
  GtkListBox          *summary_list;
  GPtrArray           *summary_rows;
  GPtrArray           *summary_targets;  /* per summary row, the group it jumps to */
  GArray              *finding_parts;    /* guint per finding row: the item it names, or G_MAXUINT */
  AdwPreferencesGroup *workloads_group;
  RigCapacityPanel    *capacity_panel;
  AdwPreferencesGroup *power_group;
  AdwPreferencesGroup *pcie_group;
  AdwPreferencesGroup *thermal_group;
  AdwPreferencesGroup *cost_group;
  AdwPreferencesGroup *findings_group;
  AdwPreferencesGroup *not_checked_group;
  GtkListBox          *power_list;
  GtkListBox          *power_fix_list;
  AdwActionRow        *power_fix_row;
  GtkWidget           *power_fix_button;
  GtkListBox          *thermal_list;
  GtkListBox          *cost_list;
  GtkListBox          *findings_list;
  GtkListBox          *not_checked_list;
  GtkDrawingArea      *power_chart;
  GtkDrawingArea      *pcie_chart;
  GtkDrawingArea      *cost_chart;

  /* Rows of each group, reused from one report to the next: an edit changes a few texts,
   * and GTK only lays out what changed. */
  GPtrArray           *power_rows;
  GPtrArray           *thermal_rows;
  GPtrArray           *cost_rows;
  GPtrArray           *finding_rows;
  GPtrArray           *not_checked_rows;
  GPtrArray           *workload_rows;   /* AdwExpanderRow */
};

G_DEFINE_FINAL_TYPE (RigResultsView, rig_results_view, ADW_TYPE_BIN)

enum { PART_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

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
  rig_chart_cost (cr, width, height, self->report, self->report->cost.cloud_per_hour,
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

typedef struct
{
  const char  *title;
  const char  *value;
  const char  *subtitle;
  const char  *icon;        /* prefix icon name, or NULL */
  const char  *icon_css;
  const char  *icon_label;  /* accessible name of the icon */
  char        *tooltip;     /* owned, or NULL: the rule that raised a finding, for the curious */
} RowSpec;

static void
row_spec_clear (gpointer data)
{
  RowSpec *spec = data;

  g_free ((char *) spec->title);
  g_free ((char *) spec->value);
  g_free ((char *) spec->subtitle);
  g_free (spec->tooltip);
}

static GArray *
specs_new (void)
{
  GArray *specs = g_array_new (FALSE, TRUE, sizeof (RowSpec));
  g_array_set_clear_func (specs, row_spec_clear);
  return specs;
}

/* Takes ownership of the strings. */
static void
spec_add (GArray     *specs,
          char       *title,
          char       *value,
          char       *subtitle)
{
  RowSpec spec = { title, value, subtitle, NULL, NULL, NULL };
  g_array_append_val (specs, spec);
}

static void
row_update (GtkWidget     *row,
            const RowSpec *spec)
{
  RigFigureRow *figure = RIG_FIGURE_ROW (row);

  rig_figure_row_set_title (figure, spec->title);
  rig_figure_row_set_subtitle (figure, spec->subtitle);
  rig_figure_row_set_value (figure, spec->value);
  rig_figure_row_set_icon (figure, spec->icon, spec->icon_css, spec->icon_label);
  /* Only when it changes: a new tooltip is news for the accessibility tree. */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (row), spec->tooltip) != 0)
    gtk_widget_set_tooltip_text (row, spec->tooltip);
}

/* Makes @list show one row per spec, in order. A row whose title is still wanted keeps its
 * place and its measured text; only new titles get rows of their own, so an edit that adds or
 * removes one finding lays out one row, not every row below it. */
static void
sync_rows (GtkListBox *list,
           GPtrArray  *rows,
           GArray     *specs)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  guint next = 0;

  /* Match titles in order; what is left over goes. */
  for (guint i = 0; i < specs->len; i++)
    {
      const char *title = g_array_index (specs, RowSpec, i).title;
      GtkWidget *row = NULL;

      for (guint j = next; j < rows->len && row == NULL; j++)
        if (g_strcmp0 (rig_figure_row_get_title (g_ptr_array_index (rows, j)), title) == 0)
          {
            row = g_ptr_array_index (rows, j);
            next = j + 1;
          }
      g_ptr_array_add (kept, row);
    }
  for (guint j = 0; j < rows->len; j++)
    if (!g_ptr_array_find (kept, g_ptr_array_index (rows, j), NULL))
      gtk_list_box_remove (list, g_ptr_array_index (rows, j));

  g_ptr_array_set_size (rows, 0);
  for (guint i = 0; i < kept->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (kept, i);

      if (row == NULL)
        {
          row = rig_figure_row_new ();
          gtk_list_box_insert (list, row, (int) i);
        }
      row_update (row, &g_array_index (specs, RowSpec, i));
      g_ptr_array_add (rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (list), rows->len > 0);
}

/* A size in GiB, its number and unit kept on one line (a no-break space): the memory row's list
 * of terms wraps where the window is narrow. */
static char *
format_gib (guint64 bytes)
{
  /* Translators: a size; keep the no-break space between the number and GiB */
  return g_strdup_printf (_("%.1f\u00a0GiB"), (double) bytes / (1u << 30));
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

/* Workloads ------------------------------------------------------------------------------ */

typedef struct
{
  GtkWidget *status;
  GtkWidget *chart;
  GtkWidget *memory;
  GtkWidget *placement;
  GtkWidget *speed;          /* each speed with what bounds it */
  GtkWidget *load;
  /* The nearest changes that make the workload fit, each with the button that makes it. */
  GtkWidget *fixes[RIG_MAX_SUGGESTIONS];
  GtkWidget *fix_buttons[RIG_MAX_SUGGESTIONS];
  /* A serving workload's users and speeds; made the first time one is shown. */
  GtkWidget *serving;
  GtkWidget *speculative;    /* speculative decoding's speed-up, shown with a draft model */
} WorkloadWidgets;

/* @clause, as the engine words it ("fits with …"), as a row's sentence: with a capital. */
static char *
sentence_case (const char *clause)
{
  g_autofree char *first = g_utf8_strup (clause, g_utf8_next_char (clause) - clause);

  return g_strconcat (first, g_utf8_next_char (clause), NULL);
}

/* The row of a workload's fix @k with its Apply button, made the first time one is shown
 * (most workloads fit and need none), after the placement row. */
static GtkWidget *
fix_row (WorkloadWidgets *ww,
         GtkWidget       *expander,
         guint            k)
{
  if (ww->fixes[k] != NULL)
    return ww->fixes[k];
  ww->fixes[k] = adw_action_row_new ();
  adw_action_row_add_prefix (ADW_ACTION_ROW (ww->fixes[k]),
                             gtk_image_new_from_icon_name ("object-select-symbolic"));
  ww->fix_buttons[k] = gtk_button_new_with_mnemonic (_("_Apply"));
  gtk_widget_set_valign (ww->fix_buttons[k], GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (ww->fix_buttons[k], _("Change the workload's setting to this; "
                                                     "Undo takes it back"));
  /* A target of the action's type before its name: the row sets the real one when shown. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (ww->fix_buttons[k]), "(uud)", 0, 0, 0.0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (ww->fix_buttons[k]), "win.apply-fix");
  adw_action_row_add_suffix (ADW_ACTION_ROW (ww->fixes[k]), ww->fix_buttons[k]);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), ww->fixes[k]);
  return ww->fixes[k];
}

/* The row of a serving workload's users and speeds, with how many users keep the speed each
 * needs; hidden for a single stream. */
static void
serving_row_update (WorkloadWidgets         *ww,
                    GtkWidget               *expander,
                    const RigWorkload       *w,
                    const RigWorkloadResult *r)
{
  g_autofree char *serving = rig_speed_serve_describe (w, r);
  g_autofree char *target = rig_speed_serve_target_describe (w, r);
  RowSpec spec = { 0 };

  if (ww->serving != NULL)
    gtk_widget_set_visible (ww->serving, serving != NULL);
  if (serving == NULL)
    return;
  if (ww->serving == NULL)
    {
      ww->serving = rig_figure_row_new ();
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), ww->serving);
    }
  {
    g_autofree char *sentence = sentence_case (serving);

    spec.title = sentence;
    spec.subtitle = target;
    row_update (ww->serving, &spec);
  }
}

static GtkWidget *
workload_row_new (RigResultsView *self,
                  guint           index)
{
  GtkWidget *expander = adw_expander_row_new ();
  WorkloadWidgets *ww = g_new0 (WorkloadWidgets, 1);
  MemoryChart *chart = g_new0 (MemoryChart, 1);

  ww->status = gtk_label_new (NULL);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), ww->status);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);

  chart->view = self;
  chart->index = index;
  ww->chart = gtk_drawing_area_new ();
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (ww->chart), draw_memory, chart, g_free);
  gtk_widget_set_margin_start (ww->chart, 12);
  gtk_widget_set_margin_end (ww->chart, 12);
  gtk_widget_set_margin_top (ww->chart, 6);
  gtk_widget_set_margin_bottom (ww->chart, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ww->chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Memory use per device"), -1);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), ww->chart);

  ww->memory = rig_figure_row_new ();
  ww->placement = rig_figure_row_new ();
  ww->speed = rig_figure_row_new ();
  ww->load = rig_figure_row_new ();
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), ww->memory);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), ww->placement);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), ww->speed);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), ww->load);
  ww->speculative = rig_figure_row_new ();
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), ww->speculative);
  g_object_set_data_full (G_OBJECT (expander), "widgets", ww, g_free);
  return expander;
}

/* Speculative decoding's row: the speed-up over the plain decode speed, and how. */
static void
speculative_row_update (WorkloadWidgets         *ww,
                        const RigWorkload       *w,
                        const RigWorkloadResult *r)
{
  g_autofree char *detail = w->mode == RIG_MODE_INFERENCE ? rig_speed_describe_speculative (w, r) : NULL;
  g_autofree char *value = NULL;
  RowSpec spec = { 0 };

  gtk_widget_set_visible (ww->speculative, detail != NULL);
  if (detail == NULL)
    return;
  value = rig_speed_speculative_value (w, r);
  spec.title = _("Speculative decoding");
  spec.value = value;
  spec.subtitle = detail;
  row_update (ww->speculative, &spec);
}

static void
workload_row_update (RigResultsView *self,
                     GtkWidget      *expander,
                     guint           i)
{
  static const char * const fit_css[] = { "success", "warning", "warning", "error", "dim-label" };
  const RigReport *report = self->report;
  const RigWorkload *w = g_ptr_array_index (self->build->workloads, i);
  const RigWorkloadResult *r = &g_array_index (report->workloads, RigWorkloadResult, i);
  WorkloadWidgets *ww = g_object_get_data (G_OBJECT (expander), "widgets");
  g_autofree char *title = g_strdup_printf ("%s · %s", w->model ? w->model->name : w->model_id,
                                            w->quant_id ? w->quant_id : _("16-bit"));
  g_autofree char *speed = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autoptr(GString) placement = g_string_new (r->reason);
  RowSpec spec = { 0 };
  guint devices = r->gpus_used + (r->used_bytes[report->devices.n_gpus] > 0);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  if (w->mode == RIG_MODE_INFERENCE && !isnan (r->decode_tokens_per_s))
    speed = isnan (r->prefill_tokens_per_s)
              ? g_strdup_printf (_("%.1f tokens/s decode"), r->decode_tokens_per_s)
              : isfinite (r->prefill_tokens_per_s_measured[0])
              /* Translators: measured runs of the model ran slower than the plan's prompt
               * speed: the speeds they give here */
              ? g_strdup_printf (_("%.1f tokens/s decode · about %.0f–%.0f tokens/s prefill"),
                                 r->decode_tokens_per_s, r->prefill_tokens_per_s_measured[0],
                                 r->prefill_tokens_per_s_measured[1])
              : g_strdup_printf (_("%.1f tokens/s decode · %.0f tokens/s prefill"),
                                 r->decode_tokens_per_s, r->prefill_tokens_per_s);
  else if (!isnan (r->train_tokens_per_s))
    speed = g_strdup_printf (_("about %.0f tokens/s training"), r->train_tokens_per_s);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), speed ? speed : r->reason);

  gtk_label_set_label (GTK_LABEL (ww->status), rig_fit_title (r->fit));
  for (guint k = 0; k < G_N_ELEMENTS (fit_css); k++)
    gtk_widget_remove_css_class (ww->status, fit_css[k]);
  gtk_widget_add_css_class (ww->status, fit_css[r->fit]);

  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (ww->chart), 36 + 44 * MAX (1u, devices));
  gtk_widget_queue_draw (ww->chart);

  /* Every term the runtime's memory is made of, as the plan's JSON and the PDF list them. */
  for (guint t = 0; t < RIG_MEMORY_TERM_N; t++)
    if (r->memory.terms[t] >= RIG_MEMORY_TERM_MIN_SHOWN)
      {
        g_autofree char *size = format_gib (r->memory.terms[t]);

        g_string_append_printf (detail, "%s%s %s", detail->len ? ", " : "",
                                rig_memory_term_describe (t), size);
      }
  /* Why the weights hold more than the file the user gave. */
  {
    g_autofree char *beyond = rig_memory_describe_beyond_file (w, r);

    if (beyond != NULL)
      g_string_append_printf (detail, "; %s", beyond);
  }
  for (guint k = 0; k < RIG_MAX_SUGGESTIONS; k++)
    {
      const RigSuggestion *s = &r->suggestions[k];
      g_autofree char *fix = NULL;
      gboolean setting = s->setting != RIG_SUGGEST_WIRED_LIMIT_MB;

      if (k >= r->n_suggestions)
        {
          if (ww->fixes[k] != NULL)
            gtk_widget_set_visible (ww->fixes[k], FALSE);
          continue;
        }
      gtk_widget_set_visible (fix_row (ww, expander, k), TRUE);
      fix = rig_suggestion_describe (s);
      if (*fix)
        {
          g_autofree char *sentence = sentence_case (fix);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ww->fixes[k]), sentence);
        }
      /* The wired limit is set on the Mac, in Terminal, not in the workload. */
      adw_action_row_set_subtitle (ADW_ACTION_ROW (ww->fixes[k]),
                                   setting ? NULL : _("A setting of macOS itself, until the next restart"));
      gtk_widget_set_visible (ww->fix_buttons[k], setting);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (ww->fix_buttons[k]), "(uud)", i,
                                        (guint) s->setting, s->value);
    }
  spec.title = _("Memory");
  {
    g_autofree char *total = format_gib (r->memory.total_bytes);

    spec.value = total;
    spec.subtitle = detail->str;
    row_update (ww->memory, &spec);
  }

  spec.title = _("Placement");
  spec.value = NULL;
  spec.subtitle = placement->str;
  row_update (ww->placement, &spec);

  /* What each speed is bound by, which names the part worth changing. */
  {
    g_autofree char *speeds = rig_speed_describe (w, r);

    gtk_widget_set_visible (ww->speed, speeds != NULL);
    if (speeds != NULL)
      {
        g_autofree char *sentence = sentence_case (speeds);

        spec.title = _("Speed");
        spec.value = NULL;
        spec.subtitle = sentence;
        row_update (ww->speed, &spec);
      }
  }

  gtk_widget_set_visible (ww->load, !isnan (r->load_seconds));
  if (!isnan (r->load_seconds))
    {
      g_autofree char *seconds = g_strdup_printf (_("%.1f s"), r->load_seconds);

      spec.title = _("Load time");
      spec.value = seconds;
      spec.subtitle = _("from the fastest drive");
      row_update (ww->load, &spec);
    }
  serving_row_update (ww, expander, w, r);
  speculative_row_update (ww, w, r);
}

static void
show_workloads (RigResultsView *self)
{
  guint n = self->report->workloads->len;

  while (self->workload_rows->len > n)
    {
      adw_preferences_group_remove (self->workloads_group,
                                    g_ptr_array_index (self->workload_rows, self->workload_rows->len - 1));
      g_ptr_array_set_size (self->workload_rows, self->workload_rows->len - 1);
    }
  while (self->workload_rows->len < n)
    {
      GtkWidget *row = workload_row_new (self, self->workload_rows->len);
      adw_preferences_group_add (self->workloads_group, row);
      g_ptr_array_add (self->workload_rows, row);
    }
  for (guint i = 0; i < n; i++)
    workload_row_update (self, g_ptr_array_index (self->workload_rows, i), i);
  adw_preferences_group_set_description (self->workloads_group,
                                         n == 0 ? _("No workloads: add what you want to run to see "
                                                    "whether it fits") : NULL);
}

/* Figures -------------------------------------------------------------------------------- */

static void
show_power (RigResultsView *self)
{
  const RigPowerReport *p = &self->report->power;
  g_autoptr(GArray) specs = specs_new ();

  if (isnan (p->sustained_w))
    /* A prebuilt whose power is not published. */
    spec_add (specs, g_strdup (_("Sustained load")), g_strdup (_("Not known")),
              g_strdup (_("the system's maximum power is not published")));
  else if (p->prebuilt)
    /* Its own supply, whose parts the catalog does not split: the maker's figure, at the wall. */
    spec_add (specs, g_strdup (_("Sustained load")), g_strdup_printf (_("%.0f W"), p->sustained_w),
              g_strdup (_("the maker's published maximum for the whole system")));
  else
    spec_add (specs, g_strdup (_("Sustained load")), g_strdup_printf (_("%.0f W"), p->sustained_w),
              g_strdup_printf (_("GPUs %.0f W, CPU %.0f W, the rest %.0f W; spikes to about %.0f W"),
                               p->gpu_w, p->cpu_w, p->rest_w, p->peak_w));
  if (!isnan (p->psu_w))
    spec_add (specs, g_strdup (_("Power supply")),
              g_strdup_printf (_("%.0f %% of %.0f W"), p->load * 100, p->psu_w),
              g_strdup_printf (_("%.0f %% efficient at this load"), p->efficiency * 100));
  if (!isnan (p->wall_w))
    spec_add (specs, g_strdup (_("Wall draw")), g_strdup_printf (_("%.0f W of %.0f W"), p->wall_w, p->circuit_w),
              g_strdup (_("against the circuit's continuous limit")));
  if (p->running_wall_w < p->wall_w)
    spec_add (specs, g_strdup (_("While it runs")), g_strdup_printf (_("%.0f W at the wall"), p->running_wall_w),
              g_strdup_printf (_("GPUs about %.0f W running the heaviest workload; what "
                                 "electricity and room heat use"), p->running_gpu_w));
  sync_rows (self->power_list, self->power_rows, specs);

  /* The wall circuit's fix, when a GPU power limit makes the build fit it. */
  gtk_widget_set_visible (GTK_WIDGET (self->power_fix_list), !isnan (p->suggested_limit_pct));
  if (!isnan (p->suggested_limit_pct))
    {
      g_autofree char *title = g_strdup_printf (_("Fits the circuit with a GPU power limit of %.0f %%"),
                                                p->suggested_limit_pct);
      g_autofree char *subtitle = g_strdup_printf (_("keeps about %.0f %% of GPU performance; "
                                                     "nvidia-smi -pl sets it on the machine"),
                                                   p->suggested_perf * 100);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->power_fix_row), title);
      adw_action_row_set_subtitle (self->power_fix_row, subtitle);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->power_fix_button), "d",
                                        p->suggested_limit_pct);
    }
}

static void
show_thermal (RigResultsView *self)
{
  static const char * const risks[] = { N_("Low"), N_("Medium"), N_("High"), N_("Unknown") };
  const RigThermalReport *t = &self->report->thermal;
  g_autoptr(GArray) specs = specs_new ();

  spec_add (specs, g_strdup (_("Heat into the room")),
            isnan (t->heat_w) ? g_strdup (_("Not known"))
                              : g_strdup_printf (_("%.0f W · %.0f BTU/h"), t->heat_w, t->heat_btu_h),
            NULL);
  if (!isnan (t->air_rise_k))
    spec_add (specs, g_strdup (_("Case air")),
              self->imperial ? g_strdup_printf (_("%.0f °F over the room"), t->air_rise_k * 9 / 5)
                             : g_strdup_printf (_("%.0f °C over the room"), t->air_rise_k), NULL);
  for (guint i = 0; i < t->n_risks; i++)
    spec_add (specs, g_strdup (t->risks[i].device), g_strdup (_(risks[t->risks[i].risk])),
              g_strdup (t->risks[i].reason));
  sync_rows (self->thermal_list, self->thermal_rows, specs);
}

static void
show_cost (RigResultsView *self)
{
  const RigCostReport *c = &self->report->cost;
  const RigSettings *s = &self->build->settings;
  g_autoptr(GArray) specs = specs_new ();

  spec_add (specs, g_strdup (_("Total")),
            rig_money_format_minor (c->total_minor, c->currency, RIG_MONEY_CENTS),
            rig_total_note (self->build, c->unpriced));
  if (!isnan (c->per_gib_gpu_memory))
    spec_add (specs, g_strdup (_("GPU value")),
              g_strdup_printf (_("%.0f %s per GiB"), c->per_gib_gpu_memory, c->currency),
              rig_cost_value_format (c));
  if (c->electricity_per_year_minor == RIG_MONEY_UNKNOWN)
    spec_add (specs, g_strdup (_("Electricity per year")), g_strdup (_("Not known")),
              g_strdup (_("the build's power is not known")));
  else
    {
      spec_add (specs, g_strdup (_("Electricity per year")),
                rig_money_format_minor (c->electricity_per_year_minor, c->currency, RIG_MONEY_CENTS),
                g_strdup_printf (_("%.1f hours a day at %.2f %s per kWh"), s->hours_per_day,
                                 s->electricity_per_kwh, s->currency));
      spec_add (specs, g_strdup_printf (_("Cost of ownership over %.0f years"), s->tco_years),
                rig_money_format_minor (c->tco_minor, c->currency, RIG_MONEY_CENTS),
                g_strdup_printf (_("after selling it for %.0f %% of its price"), s->resale_pct));
    }
  if (isinf (c->breakeven_months))
    spec_add (specs, g_strdup (_("Against the cloud")), g_strdup (_("Never pays off")),
              g_strdup (_("renting costs less than the power")));
  else if (!isnan (c->breakeven_months))
    spec_add (specs, g_strdup (_("Pays for itself after")), g_strdup_printf (_("%.1f months"), c->breakeven_months),
              *c->cloud_source
              /* Translators: "against renting at 2.58 USD an hour (Example Cloud, from Example Store)" */
              ? g_strdup_printf (_("against renting at %.2f %s an hour (%s)"), c->cloud_per_hour, s->currency,
                                 c->cloud_source)
              : g_strdup_printf (_("against renting at %.2f %s an hour"), c->cloud_per_hour, s->currency));
  sync_rows (self->cost_list, self->cost_rows, specs);
}

/* Verdict ------------------------------------------------------------------------------ */

static GtkScrolledWindow *find_scrolled (GtkWidget *widget);

/* What cannot be checked before the parts that decide it are in the build. */
static char *
missing_parts (const RigBuild *build)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n;

  if (rig_build_find (build, RIG_PART_SYSTEM, &n) != NULL)
    return NULL;
  if (rig_build_find (build, RIG_PART_PSU, &n) == NULL)
    g_string_append (out, _("add a power supply to check power"));
  if (rig_build_find (build, RIG_PART_MOTHERBOARD, &n) == NULL)
    g_string_append_printf (out, "%s%s", out->len ? "; " : "",
                            _("add a motherboard to check sockets, slots and lanes"));
  if (rig_build_find (build, RIG_PART_CASE, &n) == NULL)
    g_string_append_printf (out, "%s%s", out->len ? "; " : "", _("add a case to check the fit and the airflow"));
  return out->len ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* The memory a workload fills most, as "GPU memory: 43.2 of 48.0 GiB on 2 GPUs", or
 * "System memory: 183.7 of 84.1 GiB" when what spills over to it is the tighter. */
static char *
tightest (const RigReport *report)
{
  const RigDeviceSet *d = &report->devices;
  double worst = -1;
  char *text = NULL;

  for (guint i = 0; i < report->workloads->len; i++)
    {
      const RigWorkloadResult *r = &g_array_index (report->workloads, RigWorkloadResult, i);
      guint64 used = 0, capacity = 0, host_used = r->used_bytes[d->n_gpus];

      for (guint g = 0; g < d->n_gpus; g++)
        {
          used += r->used_bytes[g];
          capacity += d->gpus[g].capacity_bytes;
        }
      if (capacity > 0 && (double) used / capacity > worst)
        {
          worst = (double) used / capacity;
          g_free (text);
          /* Translators: "GPU memory: 43.2 of 48.0 GiB on 2 GPUs (90 %)" */
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %.1f of %.1f GiB on %u device (%.0f %%)",
                                               "%s: %.1f of %.1f GiB on %u devices (%.0f %%)", d->n_gpus),
                                  d->unified ? _("Unified memory") : _("GPU memory"),
                                  (double) used / RIG_GIB, (double) capacity / RIG_GIB, d->n_gpus,
                                  100 * worst);
        }
      if (!d->unified && d->has_host && host_used > 0 && d->host.capacity_bytes > 0 &&
          (double) host_used / d->host.capacity_bytes > worst)
        {
          worst = (double) host_used / d->host.capacity_bytes;
          g_free (text);
          /* Translators: "System memory: 183.7 of 84.1 GiB (218 %)" */
          text = g_strdup_printf (_("System memory: %.1f of %.1f GiB (%.0f %%)"),
                                  (double) host_used / RIG_GIB, (double) d->host.capacity_bytes / RIG_GIB,
                                  100 * worst);
        }
    }
  return text;
}

/* The summary at the top: the total, each workload's verdict and speed, the findings, and what
 * limits the build; each row jumps to its section. */
static void
show_summary (RigResultsView *self)
{
  const RigReport *report = self->report;
  const RigBuild *build = self->build;
  g_autoptr(GArray) specs = specs_new ();
  guint errors = 0, warnings = 0;
  g_autofree char *missing = missing_parts (build);
  char *limit;

  g_ptr_array_set_size (self->summary_targets, 0);
  if (build->items->len > 0)
    {
      spec_add (specs, g_strdup (_("Total")),
                rig_money_format_minor (report->cost.total_minor, report->cost.currency,
                                        RIG_MONEY_CENTS),
                rig_total_note (build, report->cost.unpriced));
      g_ptr_array_add (self->summary_targets, self->cost_group);
    }
  for (guint i = 0; i < report->workloads->len && i < build->workloads->len; i++)
    {
      const RigWorkload *w = g_ptr_array_index (build->workloads, i);
      const RigWorkloadResult *r = &g_array_index (report->workloads, RigWorkloadResult, i);
      static const char * const css[] = { "success", "warning", "warning", "error", "dim-label" };
      static const char * const icons[] = { "emblem-ok-symbolic", "dialog-warning-symbolic",
                                             "dialog-warning-symbolic", "dialog-error-symbolic",
                                             "dialog-question-symbolic" };
      RowSpec spec = { 0 };

      spec.title = g_strdup_printf ("%s · %s", w->model ? w->model->name : w->model_id,
                                    w->quant_id ? w->quant_id : _("16-bit"));
      spec.value = g_strdup (rig_fit_title (r->fit));
      if (w->mode == RIG_MODE_INFERENCE && !isnan (r->decode_tokens_per_s))
        spec.subtitle = g_strdup_printf (_("%.1f tokens/s decode"), r->decode_tokens_per_s);
      else if (!isnan (r->train_tokens_per_s))
        spec.subtitle = g_strdup_printf (_("about %.0f tokens/s training"), r->train_tokens_per_s);
      else
        spec.subtitle = g_strdup (r->reason);
      spec.icon = icons[r->fit];
      spec.icon_css = css[r->fit];
      spec.icon_label = rig_fit_title (r->fit);
      g_array_append_val (specs, spec);
      g_ptr_array_add (self->summary_targets, self->workloads_group);
    }
  for (guint i = 0; i < report->findings->len; i++)
    {
      RigSeverity severity = g_array_index (report->findings, RigFinding, i).severity;

      errors += severity == RIG_SEVERITY_ERROR;
      warnings += severity == RIG_SEVERITY_WARNING;
    }
  if (build->items->len > 0)
    {
      g_autofree char *e = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", errors), errors);
      g_autofree char *wn = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", warnings),
                                             warnings);
      char *checked = report->not_checked->len == 0 ? NULL
                      : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u value not checked",
                                                      "%u values not checked", report->not_checked->len),
                                         report->not_checked->len);

      spec_add (specs, g_strdup (_("Findings")), g_strdup_printf ("%s · %s", e, wn), checked);
      g_ptr_array_add (self->summary_targets, self->findings_group);
    }
  if (missing != NULL && build->items->len > 0)
    {
      spec_add (specs, g_strdup (_("Not checked yet")), NULL, g_strdup (missing));
      g_ptr_array_add (self->summary_targets, self->not_checked_group);
    }
  if ((limit = tightest (report)) != NULL)
    {
      spec_add (specs, g_strdup (_("Fullest memory")), NULL, limit);
      g_ptr_array_add (self->summary_targets, self->workloads_group);
    }

  sync_rows (self->summary_list, self->summary_rows, specs);
  for (guint i = 0; i < self->summary_rows->len; i++)
    gtk_list_box_row_set_activatable (g_ptr_array_index (self->summary_rows, i), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_group), specs->len > 0);
}

/* Scrolls the page so that @target's top shows. */
static void
scroll_to (RigResultsView *self,
           GtkWidget      *target)
{
  GtkScrolledWindow *scrolled = find_scrolled (GTK_WIDGET (self));
  GtkWidget *content;
  graphene_point_t at;

  if (scrolled == NULL || (content = gtk_scrolled_window_get_child (scrolled)) == NULL ||
      !gtk_widget_compute_point (target, content, &GRAPHENE_POINT_INIT (0, 0), &at))
    return;
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), MAX (0, at.y - 12));
}

static void
finding_activated_cb (RigResultsView *self,
                      GtkListBoxRow  *row)
{
  guint index;

  if (g_ptr_array_find (self->finding_rows, row, &index) && index < self->finding_parts->len &&
      g_array_index (self->finding_parts, guint, index) != G_MAXUINT)
    g_signal_emit (self, signals[PART_ACTIVATED], 0, g_array_index (self->finding_parts, guint, index));
}

static void
summary_activated_cb (RigResultsView *self,
                      GtkListBoxRow  *row)
{
  guint index;

  if (g_ptr_array_find (self->summary_rows, row, &index) && index < self->summary_targets->len)
    scroll_to (self, g_ptr_array_index (self->summary_targets, index));
}

/* The build item a finding is about: the one whose name it gives, the longest name first
 * ("RTX 3090 Ti" before "RTX 3090"); G_MAXUINT for none. */
static guint
item_named (const RigBuild *build,
            const char     *message)
{
  guint best = G_MAXUINT;
  gsize best_length = 0;

  for (guint i = 0; message && i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);
      const char *name = item->part ? item->part->name : NULL;
      gsize length = name ? strlen (name) : 0;

      if (length > best_length && strstr (message, name) != NULL)
        {
          best = i;
          best_length = length;
        }
    }
  return best;
}

static void
show_findings (RigResultsView *self)
{
  const RigReport *report = self->report;
  g_autoptr(GArray) findings = specs_new ();
  g_autoptr(GArray) unchecked = specs_new ();

  if (self->build->items->len == 0)
    spec_add (findings, g_strdup (_("Nothing to check yet")),
              NULL, g_strdup (_("Add parts, or a prebuilt system, to see the plan")));
  else if (report->findings->len == 0)
    {
      g_autofree char *missing = missing_parts (self->build);

      spec_add (findings, g_strdup (missing ? _("No problems found in what is there") : _("No problems found")),
                NULL, g_steal_pointer (&missing));
    }
  for (guint i = 0; i < report->findings->len; i++)
    {
      const RigFinding *f = &g_array_index (report->findings, RigFinding, i);
      /* The rule's id is for bug reports and the command line, not for reading: a tooltip. */
      RowSpec spec = { g_strdup (f->message), NULL, NULL, severity_icon (f->severity),
                       f->severity == RIG_SEVERITY_ERROR ? "error"
                       : f->severity == RIG_SEVERITY_WARNING ? "warning" : "accent",
                       f->severity == RIG_SEVERITY_ERROR ? _("Error")
                       : f->severity == RIG_SEVERITY_WARNING ? _("Warning") : _("Note"),
                       /* Translators: %s is a rule's id, such as compat.nvlink */
                       g_strdup_printf (_("Rule %s"), f->code) };
      g_array_append_val (findings, spec);
    }
  for (guint i = 0; i < report->not_checked->len; i++)
    spec_add (unchecked, g_strdup (g_array_index (report->not_checked, RigNotChecked, i).what), NULL, NULL);

  sync_rows (self->findings_list, self->finding_rows, findings);
  /* A finding that names a part leads to it. */
  g_array_set_size (self->finding_parts, 0);
  for (guint i = 0; i < self->finding_rows->len; i++)
    {
      guint item = G_MAXUINT;

      if (i < report->findings->len && self->build->items->len > 0)
        item = item_named (self->build, g_array_index (report->findings, RigFinding, i).message);
      g_array_append_val (self->finding_parts, item);
      gtk_list_box_row_set_activatable (g_ptr_array_index (self->finding_rows, i), item != G_MAXUINT);
    }
  sync_rows (self->not_checked_list, self->not_checked_rows, unchecked);
  gtk_widget_set_visible (GTK_WIDGET (self->not_checked_group),
                          self->build->items->len > 0 && report->not_checked->len > 0);
}

void
rig_results_view_show (RigResultsView  *self,
                       const RigBuild  *build,
                       const RigReport *report)
{
  g_return_if_fail (RIG_IS_RESULTS_VIEW (self));

  self->build = build;
  self->report = report;
  if (build == NULL || report == NULL)
    return;

  show_summary (self);
  show_workloads (self);
  show_power (self);
  show_thermal (self);
  show_cost (self);
  show_findings (self);
  if (build->items->len > 0)
    rig_capacity_panel_set_devices (self->capacity_panel, &report->devices);
  /* Power, heat and cost of no parts at all are zeros that say nothing. */
  gtk_widget_set_visible (GTK_WIDGET (self->power_group), build->items->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->thermal_group), build->items->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->cost_group), build->items->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->pcie_group), report->pcie.checked);
  gtk_widget_queue_draw (GTK_WIDGET (self->power_chart));
  gtk_widget_queue_draw (GTK_WIDGET (self->pcie_chart));
  gtk_widget_queue_draw (GTK_WIDGET (self->cost_chart));
}

static GtkScrolledWindow *
find_scrolled (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_scrolled (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The catalog's models, for "What It Can Run". */
void
rig_results_view_set_catalog (RigResultsView *self,
                              RigCatalog     *catalog)
{
  g_return_if_fail (RIG_IS_RESULTS_VIEW (self));
  rig_capacity_panel_set_catalog (self->capacity_panel, catalog);
}

/* Back to the top, for another build: AdwPreferencesPage has no call for it before 1.3. */
void
rig_results_view_scroll_to_top (RigResultsView *self)
{
  GtkScrolledWindow *scrolled;

  g_return_if_fail (RIG_IS_RESULTS_VIEW (self));
  if ((scrolled = find_scrolled (GTK_WIDGET (self))) != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
    }
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

  g_clear_pointer (&self->power_rows, g_ptr_array_unref);
  g_clear_pointer (&self->thermal_rows, g_ptr_array_unref);
  g_clear_pointer (&self->cost_rows, g_ptr_array_unref);
  g_clear_pointer (&self->finding_rows, g_ptr_array_unref);
  g_clear_pointer (&self->finding_parts, g_array_unref);
  g_clear_pointer (&self->not_checked_rows, g_ptr_array_unref);
  g_clear_pointer (&self->workload_rows, g_ptr_array_unref);
  g_clear_pointer (&self->summary_rows, g_ptr_array_unref);
  g_clear_pointer (&self->summary_targets, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), RIG_TYPE_RESULTS_VIEW);
  G_OBJECT_CLASS (rig_results_view_parent_class)->dispose (object);
}

static void
rig_results_view_class_init (RigResultsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rig_results_view_dispose;
  g_type_ensure (RIG_TYPE_CAPACITY_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rigplan/Rigplan/rig-results-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, capacity_panel);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, summary_group);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, summary_list);
  gtk_widget_class_bind_template_callback (widget_class, summary_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, finding_activated_cb);
  /* A finding that names a part was activated: the build item's index. */
  signals[PART_ACTIVATED] = g_signal_new ("part-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, workloads_group);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, power_group);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, power_fix_list);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, power_fix_row);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, power_fix_button);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, pcie_group);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, thermal_group);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, cost_group);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, findings_group);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, not_checked_group);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, power_list);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, thermal_list);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, cost_list);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, findings_list);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, not_checked_list);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, power_chart);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, pcie_chart);
  gtk_widget_class_bind_template_child (widget_class, RigResultsView, cost_chart);
}

static void
rig_results_view_init (RigResultsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->power_rows = g_ptr_array_new ();
  self->thermal_rows = g_ptr_array_new ();
  self->cost_rows = g_ptr_array_new ();
  self->finding_rows = g_ptr_array_new ();
  self->finding_parts = g_array_new (FALSE, FALSE, sizeof (guint));
  self->not_checked_rows = g_ptr_array_new ();
  self->workload_rows = g_ptr_array_new ();
  self->summary_rows = g_ptr_array_new ();
  self->summary_targets = g_ptr_array_new ();
  gtk_drawing_area_set_draw_func (self->power_chart, draw_power, self, NULL);
  gtk_drawing_area_set_draw_func (self->pcie_chart, draw_pcie, self, NULL);
  gtk_drawing_area_set_draw_func (self->cost_chart, draw_cost, self, NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
}
