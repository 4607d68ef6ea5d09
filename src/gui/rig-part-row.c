/* rig-part-row.c: one part of the build, with its count, condition, price and price history
 *
 * The row edits the build through its document; what the edit changes elsewhere (the plan,
 * the other rows) follows from the document's "changed" signal. Its editing rows are built
 * when it is first opened (rig-part-row-editor.ui): a closed row is a title and a subtitle, and
 * a parts list of closed rows is what a window opens with.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rig-part-row.h"
#include "rig-wheel-guard.h"
#include "rig-format.h"

struct _RigPartRow
{
  AdwExpanderRow  parent_instance;

  RigDocument    *document;
  guint           index;
  gboolean        updating;     /* setting the widgets from the build, not editing */

  /* The editing rows, NULL until the row is first opened. */
  GtkSpinButton  *count_spin;
  AdwComboRow    *condition_row;
  AdwEntryRow    *price_row;
  AdwActionRow   *history_row;
  GtkDrawingArea *history_area;
};

G_DEFINE_FINAL_TYPE (RigPartRow, rig_part_row, ADW_TYPE_EXPANDER_ROW)

enum { CHANGE_REQUESTED, MESSAGE, N_SIGNALS };
static guint signals[N_SIGNALS];

static RigBuildItem *
item_of (RigPartRow *self)
{
  RigBuild *build = rig_document_get_build (self->document);

  return self->index < build->items->len ? g_ptr_array_index (build->items, self->index) : NULL;
}

/* A line of the specs that matter for the kind: what a person scans the list for. */
static char *
part_summary (const RigPart *p)
{
  switch (p->kind)
    {
    case RIG_PART_GPU:
      return g_strdup_printf (_("%.0f GiB · %.0f GB/s · %.0f W"), p->gpu.memory_gib,
                              p->gpu.bandwidth_gbps, p->gpu.board_power_w);
    case RIG_PART_CPU:
      {
        double watts = RIG_IS_KNOWN (p->cpu.package_power_w) ? p->cpu.package_power_w : p->cpu.tdp_w;

        if (RIG_IS_KNOWN (p->cpu.performance_cores))
          /* Translators: “24 cores (8 performance) · lga1700 · 253 W” */
          return g_strdup_printf (_("%.0f cores (%.0f performance) · %s · %.0f W"), p->cpu.cores,
                                  p->cpu.performance_cores, p->cpu.socket, watts);
        return g_strdup_printf (_("%.0f cores · %s · %.0f W"), p->cpu.cores, p->cpu.socket, watts);
      }
    case RIG_PART_MEMORY:
      return g_strdup_printf (_("%.0f × %.0f GiB · %s-%.0f"), p->memory.modules, p->memory.module_gib,
                              p->memory.type, p->memory.speed_mts);
    case RIG_PART_PSU:
      return g_strdup_printf (_("%.0f W"), p->psu.watts);
    case RIG_PART_STORAGE:
      return g_strdup_printf (_("%.0f GB"), p->storage.capacity_gb);
    case RIG_PART_SYSTEM:
      /* A system with GPU memory of its own (DGX Station): the GPU's first, then the CPU's. */
      if (RIG_IS_KNOWN (p->system.gpu_memory_gib) && RIG_IS_KNOWN (p->system.gpu_bandwidth_gbps))
        return g_strdup_printf (_("GPU %.0f GiB · %.0f GB/s · CPU %.0f GiB · %.0f GB/s"),
                                p->system.gpu_memory_gib, p->system.gpu_bandwidth_gbps,
                                p->system.memory_gib, p->system.bandwidth_gbps);
      return g_strdup_printf (_("%.0f GiB · %.0f GB/s"), p->system.memory_gib, p->system.bandwidth_gbps);
    case RIG_PART_MOTHERBOARD:
      return g_strdup_printf ("%s · %s", p->motherboard.socket, p->motherboard.form_factor);
    case RIG_PART_ACCESSORY:
      return g_strdup_printf ("%s · %s", p->accessory.type, p->vendor);
    case RIG_PART_CASE:
    case RIG_PART_COOLER:
    case RIG_PART_NIC:
    case RIG_PART_N_KINDS:
    default:
      return g_strdup (p->vendor);
    }
}

static char *
item_subtitle (const RigBuild     *build,
               const RigBuildItem *item)
{
  g_autofree char *summary = item->part ? part_summary (item->part) : g_strdup (item->part_id);
  gint64 unit;
  RigPriceState state = rig_build_item_price (build, item, &unit);
  g_autofree char *price = NULL;

  if (state == RIG_PRICE_KNOWN)
    {
      g_autofree char *amount = rig_money_format_minor (unit * item->count,
                                                        build->settings.currency, RIG_MONEY_CENTS);
      g_autofree char *date = rig_price_date_format (rig_build_item_catalog_price_date (item));

      /* A catalog price says when it was seen: a launch price of years ago is no price today. */
      price = date != NULL ? g_strdup_printf (_("%s (catalog, %s)"), amount, date)
                           : g_steal_pointer (&amount);
    }
  return g_strdup_printf ("%u × %s · %s · %s", item->count,
                          item->condition == RIG_CONDITION_USED ? _("used") : _("new"), summary,
                          price ? price : rig_price_state_label (state));
}

/* The price row's title says where the price the plan uses comes from. */
static char *
price_title (const RigBuild     *build,
             const RigBuildItem *item)
{
  gint64 catalog_price = item->part ? item->part->price_cents : RIG_MONEY_UNKNOWN;

  if (item->has_market)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (item->market_at);
      g_autofree char *date = g_date_time_format (when, "%x");

      /* Translators: "Price each (Example Store, 11/20/26: 679.00 USD)" */
      return g_strdup_printf (_("Price each (%s, %s: %'.2f %s)"), item->market_source, date,
                              rig_money_to_major (item->market_minor), build->settings.currency);
    }
  if (catalog_price != RIG_MONEY_UNKNOWN)
    return g_strdup_printf (_("Price each (catalog: %'.2f USD)"), rig_money_to_major (catalog_price));
  return g_strdup (_("Price each (no catalog price)"));
}

/* Price history --------------------------------------------------------------------------- */

typedef struct
{
  GArray *times;      /* gint64, oldest first */
  GArray *amounts;    /* double, major units */
  double  catalog;    /* NAN when not in this currency */
} PriceHistory;

static void
price_history_free (gpointer data)
{
  PriceHistory *h = data;

  g_array_unref (h->times);
  g_array_unref (h->amounts);
  g_free (h);
}

/* A line of the observed prices over time, with the catalog price dashed behind it. */
static void
draw_price_history (GtkDrawingArea *area,
                    cairo_t        *cr,
                    int             width,
                    int             height,
                    gpointer        user_data)
{
  PriceHistory *h = user_data;
  /* Foreground as the style draws text: light on dark, dark on light. */
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA color = { dark ? 1 : 0, dark ? 1 : 0, dark ? 1 : 0, 0.8 };
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  gint64 t0 = g_array_index (h->times, gint64, 0);
  gint64 t1 = g_array_index (h->times, gint64, h->times->len - 1);
  const double pad = 4;

  for (guint i = 0; i < h->amounts->len; i++)
    {
      lo = MIN (lo, g_array_index (h->amounts, double, i));
      hi = MAX (hi, g_array_index (h->amounts, double, i));
    }
  if (!isnan (h->catalog))
    lo = MIN (lo, h->catalog), hi = MAX (hi, h->catalog);
  if (hi - lo < 1)
    lo -= 1, hi += 1;
#define X(t) (pad + (t1 > t0 ? (double) ((t) - t0) / (t1 - t0) : 0.5) * (width - 2 * pad))
#define Y(v) (pad + (hi - (v)) / (hi - lo) * (height - 2 * pad))
  if (!isnan (h->catalog))
    {
      static const double dash[] = { 3, 3 };

      cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.4);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, pad, Y (h->catalog));
      cairo_line_to (cr, width - pad, Y (h->catalog));
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 1);   /* the accent blue of the charts */
  cairo_set_line_width (cr, 2);
  for (guint i = 0; i < h->times->len; i++)
    {
      double x = X (g_array_index (h->times, gint64, i));
      double y = Y (g_array_index (h->amounts, double, i));

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < h->times->len; i++)
    {
      cairo_arc (cr, X (g_array_index (h->times, gint64, i)), Y (g_array_index (h->amounts, double, i)),
                 2.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
#undef X
#undef Y
}

/* Shows the prices the price sources reported for the part in its condition; hides the row
 * when there are none. */
static void
update_price_history (RigPartRow   *self,
                      RigBuildItem *item)
{
  RigLibrary *library = rig_document_get_library (self->document);
  g_autoptr(GPtrArray) all = library ? rig_library_list_prices (library, item->part_id, NULL) : NULL;
  g_autoptr(GHashTable) sources = g_hash_table_new (g_str_hash, g_str_equal);
  PriceHistory *h;
  const char *currency = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *count = NULL, *from = NULL;
  double min = G_MAXDOUBLE, max = 0;

  gtk_widget_set_visible (GTK_WIDGET (self->history_row), FALSE);
  gtk_drawing_area_set_draw_func (self->history_area, NULL, NULL, NULL);
  if (all == NULL)
    return;
  h = g_new0 (PriceHistory, 1);
  h->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  h->amounts = g_array_new (FALSE, FALSE, sizeof (double));
  /* Newest first from the library: walk back to draw oldest first, in one currency. */
  for (guint i = all->len; i-- > 0;)
    {
      RigPriceObservation *o = g_ptr_array_index (all, i);
      double amount = rig_money_to_major (o->amount_minor);

      if (o->condition != item->condition || (currency && !g_str_equal (currency, o->currency)))
        continue;
      currency = currency ? currency : o->currency;
      g_array_append_val (h->times, o->observed_at);
      g_array_append_val (h->amounts, amount);
      g_hash_table_add (sources, o->source);
      min = MIN (min, amount);
      max = MAX (max, amount);
    }
  if (h->times->len == 0)
    {
      price_history_free (h);
      return;
    }
  h->catalog = item->part && item->part->price_cents != RIG_MONEY_UNKNOWN && g_str_equal (currency, "USD")
               && item->condition == RIG_CONDITION_NEW ? rig_money_to_major (item->part->price_cents) : NAN;

  count = g_strdup_printf (ngettext ("%u price", "%u prices", h->times->len), h->times->len);
  from = g_strdup_printf (ngettext ("%u source", "%u sources", g_hash_table_size (sources)),
                          g_hash_table_size (sources));
  /* Translators: "3 prices from 2 sources, 679.00 to 749.00 USD" */
  subtitle = g_strdup_printf (_("%s from %s, %'.2f to %'.2f %s"), count, from, min, max, currency);
  adw_action_row_set_subtitle (self->history_row, subtitle);
  gtk_drawing_area_set_draw_func (self->history_area, draw_price_history, h, price_history_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->history_area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  subtitle, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->history_row), TRUE);
}

/* Shows the item as the build has it now: its subtitle, where its price comes from and its
 * price history. The count, condition and price the person typed are set once, at creation. */
void
rig_part_row_update (RigPartRow *self)
{
  RigBuild *build = rig_document_get_build (self->document);
  RigBuildItem *item = item_of (self);
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (RIG_IS_PART_ROW (self));
  if (item == NULL)
    return;
  subtitle = item_subtitle (build, item);
  {
    g_autofree char *name = item->part ? rig_part_full_name (item->part) : g_strdup (item->part_id);

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
  }
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
  if (self->price_row == NULL)
    return;
  title = price_title (build, item);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->price_row), title);
  update_price_history (self, item);
}

/* Edits ---------------------------------------------------------------------------------- */

static void
count_changed_cb (RigPartRow *self)
{
  RigBuildItem *item = item_of (self);
  guint count = (guint) gtk_spin_button_get_value_as_int (self->count_spin);

  if (self->updating || item == NULL || item->count == count || count == 0 || count > RIG_BUILD_MAX_COUNT)
    return;
  rig_document_begin_edit (self->document);
  item->count = count;
  rig_document_end_edit (self->document, RIG_DOCUMENT_CHANGE_VALUES);
  rig_part_row_update (self);
}

static void
condition_changed_cb (RigPartRow *self)
{
  RigBuildItem *item = item_of (self);
  RigCondition condition = adw_combo_row_get_selected (self->condition_row) == 1 ? RIG_CONDITION_USED
                                                                                : RIG_CONDITION_NEW;

  if (self->updating || item == NULL || item->condition == condition)
    return;
  rig_document_begin_edit (self->document);
  item->condition = condition;
  /* The prices stored for the part are by condition: the document applies them again. */
  rig_document_end_edit (self->document, RIG_DOCUMENT_CHANGE_PRICES);
  rig_part_row_update (self);
}

static void
price_applied_cb (RigPartRow *self)
{
  RigBuildItem *item = item_of (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->price_row));
  g_autofree char *reason = NULL;
  const char *member;
  char *end = NULL;
  double price;

  if (item == NULL)
    return;
  if (*text == '\0')
    {
      if (!item->has_price)
        return;
      rig_document_begin_edit (self->document);
      item->has_price = FALSE;
      rig_document_end_edit (self->document, RIG_DOCUMENT_CHANGE_VALUES);
      rig_part_row_update (self);
      return;
    }
  price = g_strtod (text, &end);
  if (end == text || *end != '\0'
      || !rig_build_check_part_limits (item->count, price, &member, &reason))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->price_row), "error");
      g_signal_emit (self, signals[MESSAGE], 0, _("A price is a number such as 749.99"));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->price_row), "error");
  rig_document_begin_edit (self->document);
  item->has_price = rig_money_from_major (price, &item->price_minor);
  rig_document_end_edit (self->document, RIG_DOCUMENT_CHANGE_VALUES);
  rig_part_row_update (self);
}

static void
remove_clicked_cb (RigPartRow *self)
{
  RigBuild *build;

  if (item_of (self) == NULL)
    return;
  build = rig_document_begin_edit (self->document);
  g_ptr_array_remove_index (build->items, self->index);
  rig_document_end_edit (self->document, RIG_DOCUMENT_CHANGE_PARTS);
}

/* Moves within the part's kind: to the previous or next item of the same kind. */
static void
move (RigPartRow *self,
      int         delta)
{
  RigBuild *build = rig_document_get_build (self->document);
  RigBuildItem *item = item_of (self);
  guint i = self->index, j;
  gpointer tmp;

  if (item == NULL)
    return;
  for (j = i + delta; j < build->items->len; j += delta)
    {
      RigBuildItem *other = g_ptr_array_index (build->items, j);

      if (item->part && other->part && item->part->kind == other->part->kind)
        break;
    }
  if (j >= build->items->len)
    return;
  rig_document_begin_edit (self->document);
  tmp = build->items->pdata[i];
  build->items->pdata[i] = build->items->pdata[j];
  build->items->pdata[j] = tmp;
  rig_document_end_edit (self->document, RIG_DOCUMENT_CHANGE_PARTS);
}

static void
move_up_clicked_cb (RigPartRow *self)
{
  move (self, -1);
}

static void
move_down_clicked_cb (RigPartRow *self)
{
  move (self, 1);
}

static void
change_clicked_cb (RigPartRow *self)
{
  g_signal_emit (self, signals[CHANGE_REQUESTED], 0);
}

/* The editing rows --------------------------------------------------------------------------- */

/* Builds the count, condition, price and history rows and the Change… and move buttons, set
 * from the item as the build has it. */
static void
build_editor (RigPartRow *self)
{
  static const char * const rows[] = { "count_row", "condition_row", "price_row", "history_row",
                                       "buttons_box" };
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  RigBuildItem *item;

  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                           "count_changed_cb", G_CALLBACK (count_changed_cb),
                                           "condition_changed_cb", G_CALLBACK (condition_changed_cb),
                                           "price_applied_cb", G_CALLBACK (price_applied_cb),
                                           "move_up_clicked_cb", G_CALLBACK (move_up_clicked_cb),
                                           "move_down_clicked_cb", G_CALLBACK (move_down_clicked_cb),
                                           "change_clicked_cb", G_CALLBACK (change_clicked_cb),
                                           NULL);
  gtk_builder_set_scope (builder, scope);
  /* The handlers are swapped: they get the row. */
  gtk_builder_set_current_object (builder, G_OBJECT (self));
  self->updating = TRUE;
  if (!gtk_builder_add_from_resource (builder, "/io/github/rigplan/Rigplan/rig-part-row-editor.ui", &error))
    g_error ("rig-part-row-editor.ui: %s", error->message);   /* compiled in: a build fault */
  self->count_spin = GTK_SPIN_BUTTON (gtk_builder_get_object (builder, "count_spin"));
  rig_wheel_guard_spin_buttons (GTK_WIDGET (self->count_spin));
  self->condition_row = ADW_COMBO_ROW (gtk_builder_get_object (builder, "condition_row"));
  self->price_row = ADW_ENTRY_ROW (gtk_builder_get_object (builder, "price_row"));
  self->history_row = ADW_ACTION_ROW (gtk_builder_get_object (builder, "history_row"));
  self->history_area = GTK_DRAWING_AREA (gtk_builder_get_object (builder, "history_area"));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (self), GTK_WIDGET (gtk_builder_get_object (builder, rows[i])));

  if ((item = item_of (self)) != NULL)
    {
      gtk_spin_button_set_range (self->count_spin, 1, RIG_BUILD_MAX_COUNT);
      gtk_spin_button_set_value (self->count_spin, item->count);
      adw_combo_row_set_selected (self->condition_row, item->condition == RIG_CONDITION_USED);
      if (item->has_price)
        {
          g_autofree char *text = g_strdup_printf ("%.2f", rig_money_to_major (item->price_minor));
          gtk_editable_set_text (GTK_EDITABLE (self->price_row), text);
        }
    }
  self->updating = FALSE;
  rig_part_row_update (self);
}

static void
on_expanded (RigPartRow *self)
{
  if (self->count_spin == NULL && adw_expander_row_get_expanded (ADW_EXPANDER_ROW (self)))
    build_editor (self);
}

/* GObject -------------------------------------------------------------------------------- */

static void
rig_part_row_dispose (GObject *object)
{
  RigPartRow *self = RIG_PART_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RIG_TYPE_PART_ROW);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (rig_part_row_parent_class)->dispose (object);
}

static void
rig_part_row_class_init (RigPartRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rig_part_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rigplan/Rigplan/rig-part-row.ui");
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);

  signals[CHANGE_REQUESTED] = g_signal_new ("change-requested", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rig_part_row_init (RigPartRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "notify::expanded", G_CALLBACK (on_expanded), NULL);
}

GtkWidget *
rig_part_row_new (RigDocument *document,
                  guint        index)
{
  RigPartRow *self;

  g_return_val_if_fail (RIG_IS_DOCUMENT (document), NULL);

  self = g_object_new (RIG_TYPE_PART_ROW, NULL);
  self->document = g_object_ref (document);
  self->index = index;
  rig_part_row_update (self);
  return GTK_WIDGET (self);
}

guint
rig_part_row_get_index (RigPartRow *self)
{
  g_return_val_if_fail (RIG_IS_PART_ROW (self), 0);
  return self->index;
}
