/* rig-part-picker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "rig-catalog-model.h"
#include "rig-part-picker.h"
#include "rig-wheel-guard.h"

/* What the picker says about each kind's key spec (rig_catalog_key_spec ()). */
typedef struct
{
  const char *title;
  const char *column;         /* the key spec column's header */
  const char *unit;           /* after the "at least" filter */
  const char *filter_label;   /* the filter's accessible label */
  double      upper, step;
} KindInfo;

static const KindInfo kind_info[RIG_PART_N_KINDS] = {
  [RIG_PART_GPU] = { N_("Choose a GPU"), N_("Memory (GiB)"), N_("GiB"),
                     N_("Minimum GPU memory in GiB"), 1024, 8 },
  [RIG_PART_CPU] = { N_("Choose a Processor"), N_("Cores"), N_("cores"),
                     N_("Minimum number of cores"), 512, 4 },
  [RIG_PART_MOTHERBOARD] = { N_("Choose a Motherboard"), N_("Max. Memory (GiB)"), N_("GiB"),
                             N_("Minimum supported memory in GiB"), 8192, 64 },
  [RIG_PART_MEMORY] = { N_("Choose Memory"), N_("Kit Size (GiB)"), N_("GiB"),
                        N_("Minimum kit size in GiB"), 4096, 16 },
  [RIG_PART_STORAGE] = { N_("Choose Storage"), N_("Capacity (GB)"), N_("GB"),
                         N_("Minimum capacity in GB"), 100000, 500 },
  [RIG_PART_PSU] = { N_("Choose a Power Supply"), N_("Watts"), N_("W"),
                     N_("Minimum rated power in watts"), 3000, 100 },
  [RIG_PART_CASE] = { N_("Choose a Case"), N_("GPU Clearance (mm)"), N_("mm"),
                      N_("Minimum GPU clearance in millimetres"), 600, 10 },
  [RIG_PART_COOLER] = { N_("Choose a CPU Cooler"), N_("Rated (W)"), N_("W"),
                        N_("Minimum rated heat load in watts"), 600, 10 },
  [RIG_PART_NIC] = { N_("Choose a Network Card"), N_("Speed (Gb/s)"), N_("Gb/s"),
                     N_("Minimum port speed in Gb/s"), 1600, 10 },
  [RIG_PART_SYSTEM] = { N_("Choose a System"), N_("Memory (GiB)"), N_("GiB"),
                        N_("Minimum memory in GiB"), 8192, 16 },
  [RIG_PART_ACCESSORY] = { N_("Choose an Accessory"), N_("PCIe Generation"), N_("Gen"),
                           N_("Minimum rated PCIe generation"), 6, 1 },
};

/* The columns that decide whether a part goes with the rest, per kind ----------------------- */

typedef char *(*ColumnText) (const RigPart *part);

static char *
text_or_dash (const char *text)
{
  return g_strdup (text && *text ? text : "—");
}

/* "am5" as people write it, "AM5"; lists ("ddr4;ddr5") joined with commas. */
static char *
upper_list (const char *text)
{
  g_autofree char *up = NULL;
  g_auto(GStrv) items = NULL;

  if (text == NULL || *text == '\0')
    return g_strdup ("—");
  up = g_ascii_strup (text, -1);
  items = g_strsplit (up, ";", -1);
  return g_strjoinv (", ", items);
}

static char *
whole (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.0f", value);
}

static char *gpu_length (const RigPart *p) { return whole (p->gpu.length_mm); }
static char *gpu_slots (const RigPart *p)
{
  return isnan (p->gpu.slot_width) ? g_strdup ("—") : g_strdup_printf ("%g", p->gpu.slot_width);
}
/* "2x8pin+1x6pin" as "2× 8-pin, 1× 6-pin". */
static char *
gpu_power (const RigPart *p)
{
  static const struct { const char *id, *name; } names[] = {
    { "6pin", "6-pin" }, { "8pin", "8-pin" }, { "12vhpwr", "12VHPWR" }, { "12v-2x6", "12V-2×6" },
    { "eps8", "EPS 8-pin" },
  };
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) items = NULL;

  if (p->gpu.power_connectors == NULL)
    return g_strdup ("—");
  if (g_str_equal (p->gpu.power_connectors, "none"))
    return g_strdup (_("none"));
  items = g_strsplit (p->gpu.power_connectors, "+", -1);
  for (guint i = 0; items[i]; i++)
    {
      const char *x = strchr (items[i], 'x');
      const char *type = x ? x + 1 : items[i];

      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        if (g_str_equal (type, names[k].id))
          type = names[k].name;
      g_string_append_printf (out, "%s%.*s× %s", out->len ? ", " : "", x ? (int) (x - items[i]) : 1,
                              x ? items[i] : "1", type);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
static char *cpu_socket (const RigPart *p) { return upper_list (p->cpu.socket); }
static char *cpu_memory (const RigPart *p) { return upper_list (p->cpu.memory_types); }
static char *board_socket (const RigPart *p) { return upper_list (p->motherboard.socket); }
static char *board_memory (const RigPart *p) { return upper_list (p->motherboard.memory_type); }
static char *board_form (const RigPart *p) { return upper_list (p->motherboard.form_factor); }
static char *memory_type (const RigPart *p) { return upper_list (p->memory.type); }
static char *memory_speed (const RigPart *p) { return whole (p->memory.speed_mts); }
static char *
memory_modules (const RigPart *p)
{
  if (isnan (p->memory.modules) || isnan (p->memory.module_gib))
    return g_strdup ("—");
  /* Translators: memory modules in a kit and each one's size, "2 × 48 GiB" */
  return g_strdup_printf (_("%.0f × %.0f GiB"), p->memory.modules, p->memory.module_gib);
}
static char *storage_interface (const RigPart *p) { return upper_list (p->storage.interface); }
static char *storage_form (const RigPart *p) { return upper_list (p->storage.form_factor); }
static char *psu_atx (const RigPart *p) { return text_or_dash (p->psu.atx_version); }
static char *psu_form (const RigPart *p) { return upper_list (p->psu.form_factor); }
static char *psu_12v2x6 (const RigPart *p) { return whole (p->psu.conn_12v2x6); }
static char *case_boards (const RigPart *p) { return upper_list (p->pc_case.board_form_factors); }
static char *case_cooler (const RigPart *p) { return whole (p->pc_case.max_cooler_height_mm); }
static char *cooler_height (const RigPart *p) { return whole (p->cooler.height_mm); }
static char *cooler_sockets (const RigPart *p) { return upper_list (p->cooler.sockets); }
static char *cooler_type (const RigPart *p) { return upper_list (p->cooler.type); }
static char *nic_pcie (const RigPart *p)
{
  if (isnan (p->nic.pcie_gen) || isnan (p->nic.pcie_lanes))
    return g_strdup ("—");
  return g_strdup_printf ("x%.0f Gen %.0f", p->nic.pcie_lanes, p->nic.pcie_gen);
}
static char *system_chip (const RigPart *p) { return text_or_dash (p->system.chip); }
/* The GPU's, for a system with GPU memory of its own. */
static char *
system_bandwidth (const RigPart *p)
{
  return whole (RIG_IS_KNOWN (p->system.gpu_bandwidth_gbps) ? p->system.gpu_bandwidth_gbps
                                                             : p->system.bandwidth_gbps);
}
static char *accessory_type (const RigPart *p) { return text_or_dash (p->accessory.type); }

typedef struct
{
  const char *title;
  ColumnText  text;
  int         width;    /* px, as wide as the header and the usual values */
} FitColumn;

#define MAX_FIT_COLUMNS 3
static const FitColumn fit_columns[RIG_PART_N_KINDS][MAX_FIT_COLUMNS] = {
  [RIG_PART_GPU] = { { N_("Length (mm)"), gpu_length, 100 }, { N_("Slots"), gpu_slots, 60 },
                     { N_("Power"), gpu_power, 160 } },
  [RIG_PART_CPU] = { { N_("Socket"), cpu_socket, 80 }, { N_("Memory"), cpu_memory, 100 } },
  [RIG_PART_MOTHERBOARD] = { { N_("Socket"), board_socket, 80 }, { N_("Memory"), board_memory, 100 },
                             { N_("Form Factor"), board_form, 100 } },
  [RIG_PART_MEMORY] = { { N_("Type"), memory_type, 70 }, { N_("Speed (MT/s)"), memory_speed, 100 },
                        { N_("Modules"), memory_modules, 100 } },
  [RIG_PART_STORAGE] = { { N_("Interface"), storage_interface, 80 }, { N_("Form Factor"), storage_form, 100 } },
  [RIG_PART_PSU] = { { N_("ATX"), psu_atx, 60 }, { N_("12V-2×6"), psu_12v2x6, 70 }, { N_("Form Factor"), psu_form, 100 } },
  [RIG_PART_CASE] = { { N_("Boards"), case_boards, 150 }, { N_("Cooler Height (mm)"), case_cooler, 140 } },
  [RIG_PART_COOLER] = { { N_("Type"), cooler_type, 70 }, { N_("Height (mm)"), cooler_height, 90 },
                        { N_("Sockets"), cooler_sockets, 180 } },
  [RIG_PART_NIC] = { { N_("PCIe"), nic_pcie, 90 } },
  [RIG_PART_SYSTEM] = { { N_("Chip"), system_chip, 100 }, { N_("Bandwidth (GB/s)"), system_bandwidth, 130 } },
  [RIG_PART_ACCESSORY] = { { N_("Type"), accessory_type, 70 } },
};

static void
bind_fit_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  ColumnText text_func = user_data;
  RigPartObject *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = text_func (rig_part_object_get_part (item));
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  gtk_inscription_set_text (GTK_INSCRIPTION (cell), text);
  /* The whole text where the column is too narrow for it. */
  gtk_widget_set_tooltip_text (cell, text);
}

static void
setup_fit_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, cell);
}

/* Adds @kind's columns after the key spec's, before the price. */
static void
add_fit_columns (GtkColumnView *view,
                 RigPartKind    kind)
{
  guint position = 3;   /* name, vendor, key spec */

  for (guint i = 0; i < MAX_FIT_COLUMNS && fit_columns[kind][i].title != NULL; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_fit_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_fit_cb), fit_columns[kind][i].text);
      column = gtk_column_view_column_new (_(fit_columns[kind][i].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, fit_columns[kind][i].width);
      gtk_column_view_insert_column (view, position++, column);
      g_object_unref (column);
    }
}

/* Asks the column view's sorter which column sorts, and which way: see sort_changed_cb. */
typedef struct
{
  RigPartPicker  *picker;
  RigCatalogSort  sort;
} SortProbe;

enum
{
  PROBE_NAME,
  PROBE_VENDOR,
  PROBE_SPEC,
  PROBE_PRICE,
  N_PROBES
};

/* probe_hit when the Impact column sorts: the rows are sorted here, not by the catalog. */
#define PROBE_HIT_IMPACT 1000

struct _RigPartPicker
{
  AdwWindow             parent_instance;

  RigPartKind           kind;
  gboolean              focused;        /* the search had the focus once */
  RigCatalogModel      *model;
  GtkSingleSelection   *selection;
  GtkStringList        *vendors;

  RigPickerImpactFunc   impact_func;
  gpointer              impact_data;
  GDestroyNotify        impact_destroy;
  RigPickerImpactFunc   check_func;     /* why a part would add an error; NULL when it would not */
  gpointer              check_data;
  GDestroyNotify        check_destroy;
  GtkFilterListModel   *filtered;
  GtkSortListModel     *sorted;         /* by the Impact column when it sorts, else as the catalog */
  GtkCustomSorter      *impact_sorter;
  RigPickerKeysFunc     keys_func;
  gpointer              keys_data;
  GDestroyNotify        keys_destroy;
  GHashTable           *keys;           /* part id → double[RIG_IMPACT_ORDER_N] */
  RigImpactOrder        impact_order;
  gboolean              impact_descending;
  GtkCustomFilter      *compatible_filter;
  GtkWidget            *compatible_box;
  AdwStatusPage        *empty_page;
  GtkSwitch            *compatible_switch;

  SortProbe             probes[N_PROBES];
  GObject              *probe_a, *probe_b;
  int                   probe_hit;

  /* Template widgets */
  GtkSearchEntry       *search_entry;
  GtkSpinButton        *min_spec_spin;
  GtkLabel             *min_spec_unit;
  GtkSpinButton        *max_price_spin;
  GtkDropDown          *vendor_dropdown;
  GtkStack             *stack;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *name_column;
  GtkColumnViewColumn  *vendor_column;
  GtkColumnViewColumn  *spec_column;
  GtkColumnViewColumn  *price_column;
  GtkColumnViewColumn  *impact_column;
};

G_DEFINE_FINAL_TYPE (RigPartPicker, rig_part_picker, ADW_TYPE_WINDOW)

enum
{
  PART_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Whole numbers without decimals, others with one; "—" when unknown. */
static char *
format_figure (double value)
{
  if (isnan (value))
    return g_strdup ("—");
  if (value == floor (value))
    return g_strdup_printf ("%'.0f", value);
  return g_strdup_printf ("%'.1f", value);
}

static void
update_state (RigPartPicker *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0;
  guint hidden = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
  /* Parts that match but would add an error: say that the switch hides them. */
  if (empty && hidden > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u part matches, but it would add an error "
                                                         "to this build: turn off Compatible only to "
                                                         "see it and why",
                                                         "%u parts match, but each would add an error "
                                                         "to this build: turn off Compatible only to "
                                                         "see them and why", hidden), hidden);
      adw_status_page_set_description (self->empty_page, text);
    }
  else if (empty)
    adw_status_page_set_description (self->empty_page, _("Try other words, or loosen the filters"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "picker.select",
                                 gtk_single_selection_get_selected (self->selection)
                                   != GTK_INVALID_LIST_POSITION);
}

static void
choose (RigPartPicker *self,
        guint          position)
{
  g_autoptr(RigPartObject) item = NULL;
  g_autofree char *id = NULL;

  /* The position is in the list as shown, after Compatible only: the item says which part. */
  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  id = g_strdup (rig_part_object_get_part (item)->id);
  if (id == NULL)
    return;
  /* A handler may drop the last reference to the window besides ours. */
  g_object_ref (self);
  g_signal_emit (self, signals[PART_CHOSEN], 0, id);
  gtk_window_close (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RigPartPicker *self = RIG_PART_PICKER (widget);

  choose (self, gtk_single_selection_get_selected (self->selection));
}

static void
search_changed_cb (RigPartPicker  *self,
                   GtkSearchEntry *entry)
{
  rig_catalog_model_set_query (self->model, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
search_activated_cb (RigPartPicker  *self,
                     GtkSearchEntry *entry)
{
  /* The search may still be waiting for its delay: run it now, then take the first match. */
  search_changed_cb (self, entry);
  choose (self, gtk_single_selection_get_selected (self->selection));
}

static void
stop_search_cb (RigPartPicker  *self,
                GtkSearchEntry *entry)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* The filters show "Any" for 0, which means no limit. */
static gboolean
spin_output_cb (GtkSpinButton *spin,
                RigPartPicker *self)
{
  if (gtk_spin_button_get_value (spin) != 0)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (spin), _("Any"));
  return TRUE;
}

static int
spin_input_cb (GtkSpinButton *spin,
               double        *new_value,
               RigPartPicker *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped != '\0' && g_utf8_collate (stripped, _("Any")) != 0)
    return FALSE;
  *new_value = 0;
  return TRUE;
}

static void
filters_changed_cb (RigPartPicker *self)
{
  double min_spec = gtk_spin_button_get_value (self->min_spec_spin);
  double max_price = gtk_spin_button_get_value (self->max_price_spin);
  guint vendor = gtk_drop_down_get_selected (self->vendor_dropdown);

  /* Before construction is done there is no model yet. */
  if (self->model == NULL)
    return;
  rig_catalog_model_set_filter_min_spec (self->model, min_spec > 0 ? min_spec : NAN);
  rig_catalog_model_set_filter_max_price (self->model, max_price > 0 ? max_price : NAN);
  rig_catalog_model_set_filter_vendor (self->model,
                                       vendor > 0 && vendor != GTK_INVALID_LIST_POSITION
                                         ? gtk_string_list_get_string (self->vendors, vendor)
                                         : NULL);
}

static void
row_activated_cb (RigPartPicker *self,
                  guint          position,
                  GtkColumnView *view)
{
  choose (self, position);
}

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  SortProbe *probe = user_data;

  if (probe->picker->probe_hit < 0)
    probe->picker->probe_hit = probe->sort;
  return -1;
}

/* GTK 4.8 has no API for the column view's primary sort column. Each column's sorter records
 * that it was asked and answers "smaller"; the view's sorter asks the primary column first and
 * stops at its answer, turned round when that column sorts descending. The rows themselves
 * are sorted by the catalog, in SQL. */
static void
sort_changed_cb (RigPartPicker *self,
                 GtkSorterChange change,
                 GtkSorter     *sorter)
{
  GtkOrdering order;

  self->probe_hit = -1;
  order = gtk_sorter_compare (sorter, self->probe_a, self->probe_b);
  if (self->probe_hit == PROBE_HIT_IMPACT)
    {
      rig_catalog_model_set_sort (self->model, RIG_CATALOG_SORT_NAME, FALSE);
      self->impact_descending = order == GTK_ORDERING_LARGER;
      gtk_sort_list_model_set_sorter (self->sorted, GTK_SORTER (self->impact_sorter));
      gtk_sorter_changed (GTK_SORTER (self->impact_sorter), GTK_SORTER_CHANGE_DIFFERENT);
      return;
    }
  gtk_sort_list_model_set_sorter (self->sorted, NULL);
  if (self->probe_hit < 0)
    rig_catalog_model_set_sort (self->model, RIG_CATALOG_SORT_NAME, FALSE);
  else
    rig_catalog_model_set_sort (self->model, self->probe_hit, order == GTK_ORDERING_LARGER);
}

/* The Impact column's sorter in the view only says that it was asked (see sort_changed_cb). */
static int
impact_probe_compare (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  RigPartPicker *self = user_data;

  if (self->probe_hit < 0)
    self->probe_hit = PROBE_HIT_IMPACT;
  return -1;
}

static const double *
keys_of (RigPartPicker *self,
         RigPartObject *item)
{
  const RigPart *part = rig_part_object_get_part (item);
  double *keys = g_hash_table_lookup (self->keys, part->id);

  if (keys == NULL)
    {
      keys = g_new (double, RIG_IMPACT_ORDER_N);
      for (guint i = 0; i < RIG_IMPACT_ORDER_N; i++)
        keys[i] = NAN;
      if (self->keys_func != NULL)
        self->keys_func (part, keys, self->keys_data);
      g_hash_table_insert (self->keys, g_strdup (part->id), keys);
    }
  return keys;
}

/* By the chosen order's key, unknown last whichever way; ties by name. */
static int
impact_compare (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  RigPartPicker *self = user_data;
  double x = keys_of (self, (RigPartObject *) a)[self->impact_order];
  double y = keys_of (self, (RigPartObject *) b)[self->impact_order];
  int order;

  if (isnan (x) != isnan (y))
    return isnan (x) ? 1 : -1;
  order = isnan (x) ? 0 : (x > y) - (x < y);
  if (self->impact_descending)
    order = -order;
  if (order == 0)
    order = g_utf8_collate (rig_part_object_get_name ((RigPartObject *) a),
                            rig_part_object_get_name ((RigPartObject *) b));
  return order;
}

static const char *
impact_title (RigImpactOrder order)
{
  static const char * const titles[] = {
    N_("Impact: Fit"), N_("Impact: Speed"), N_("Impact: Problems"), N_("Impact: Price"),
  };
  return _(titles[order]);
}

void
rig_part_picker_sort_by_impact (RigPartPicker  *self,
                                RigImpactOrder  order,
                                gboolean        descending)
{
  g_return_if_fail (RIG_IS_PART_PICKER (self));
  g_return_if_fail (order < RIG_IMPACT_ORDER_N);

  self->impact_order = order;
  gtk_column_view_column_set_title (self->impact_column, impact_title (order));
  gtk_column_view_sort_by_column (self->column_view, self->impact_column,
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  /* Already sorting by Impact the same way: the view's sorter did not change. */
  gtk_sorter_changed (GTK_SORTER (self->impact_sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

/* The header menu's "Sort by …": the order, ascending. */
static void
impact_order_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  static const char * const orders[] = { "fit", "speed", "problems", "price" };
  const char *which = g_variant_get_string (param, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    if (g_str_equal (which, orders[i]))
      rig_part_picker_sort_by_impact (RIG_PART_PICKER (widget), i, FALSE);
}

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               RigPartPicker            *self)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, cell);
}

static void
setup_number_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 RigPartPicker            *self)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 1.0);
  gtk_widget_add_css_class (cell, "numeric");
  gtk_list_item_set_child (list_item, cell);
}

static void
set_cell_text (GtkListItem *list_item,
               const char  *text)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (list_item)), text);
}

static void
bind_name_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              RigPartPicker            *self)
{
  RigPartObject *item = gtk_list_item_get_item (list_item);

  set_cell_text (list_item, rig_part_object_get_name (item));
  /* The full name where the column cuts it ("… DDR5 6000 CL30"). */
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (list_item), rig_part_object_get_name (item));
}

static void
bind_vendor_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                RigPartPicker            *self)
{
  RigPartObject *item = gtk_list_item_get_item (list_item);

  set_cell_text (list_item, rig_part_object_get_vendor (item));
}

static void
bind_spec_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              RigPartPicker            *self)
{
  RigPartObject *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = format_figure (rig_part_object_get_key_spec (item));

  set_cell_text (list_item, text);
}

static void
bind_price_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               RigPartPicker            *self)
{
  RigPartObject *item = gtk_list_item_get_item (list_item);
  double price = rig_part_object_get_price (item);
  g_autofree char *text = isnan (price) ? g_strdup ("—") : g_strdup_printf ("%'.2f", price);

  set_cell_text (list_item, text);
}

/* Only bound rows get here, so the caller's work is done for what is on screen. */
static void
bind_impact_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                RigPartPicker            *self)
{
  RigPartObject *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = NULL;

  if (self->impact_func != NULL)
    text = self->impact_func (rig_part_object_get_part (item), self->impact_data);
  set_cell_text (list_item, text ? text : "");
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (list_item), text);
}

/* Compatible only: a part that would add an error to the build is hidden while the switch is
 * on; with it off it is listed, and its Impact says why it does not fit. */
static gboolean
compatible_filter_func (gpointer item,
                        gpointer user_data)
{
  RigPartPicker *self = user_data;
  g_autofree char *reason = NULL;

  if (self->check_func == NULL || !gtk_switch_get_active (self->compatible_switch))
    return TRUE;
  reason = self->check_func (rig_part_object_get_part (item), self->check_data);
  return reason == NULL;
}

static void
compatible_toggled_cb (RigPartPicker *self)
{
  gtk_filter_changed (GTK_FILTER (self->compatible_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
clear_check_func (RigPartPicker *self)
{
  GDestroyNotify destroy = self->check_destroy;
  gpointer data = self->check_data;

  self->check_func = NULL;
  self->check_data = NULL;
  self->check_destroy = NULL;
  if (destroy != NULL)
    destroy (data);
}

static void
clear_impact_func (RigPartPicker *self)
{
  GDestroyNotify destroy = self->impact_destroy;
  gpointer data = self->impact_data;

  self->impact_func = NULL;
  self->impact_data = NULL;
  self->impact_destroy = NULL;
  if (destroy != NULL)
    destroy (data);
}

static void
rig_part_picker_dispose (GObject *object)
{
  RigPartPicker *self = RIG_PART_PICKER (object);

  clear_impact_func (self);
  clear_check_func (self);
  if (self->keys_destroy != NULL)
    self->keys_destroy (self->keys_data);
  self->keys_destroy = NULL;
  self->keys_func = NULL;
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_object (&self->filtered);
  g_clear_object (&self->sorted);
  g_clear_object (&self->impact_sorter);
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RIG_TYPE_PART_PICKER);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->vendors);
  g_clear_object (&self->probe_a);
  g_clear_object (&self->probe_b);
  G_OBJECT_CLASS (rig_part_picker_parent_class)->dispose (object);
}

/* Typing goes to the search from the first key: the template's focus-widget does not survive
 * the window's first show on GTK 4.8, which focuses the first button (Cancel) instead. */
static void
rig_part_picker_map (GtkWidget *widget)
{
  RigPartPicker *self = RIG_PART_PICKER (widget);

  GTK_WIDGET_CLASS (rig_part_picker_parent_class)->map (widget);
  if (!self->focused)
    {
      self->focused = TRUE;
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
    }
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (RIG_PART_PICKER (widget)->search_entry));
}

static void
rig_part_picker_class_init (RigPartPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rig_part_picker_dispose;
  widget_class->map = rig_part_picker_map;

  /**
   * RigPartPicker::part-chosen:
   * @part_id: the catalog id of the part
   *
   * A part was chosen; the picker closes right after.
   */
  signals[PART_CHOSEN] = g_signal_new ("part-chosen", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                       G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rigplan/Rigplan/rig-part-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, RigPartPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RigPartPicker, min_spec_spin);
  gtk_widget_class_bind_template_child (widget_class, RigPartPicker, min_spec_unit);
  gtk_widget_class_bind_template_child (widget_class, RigPartPicker, max_price_spin);
  gtk_widget_class_bind_template_child (widget_class, RigPartPicker, vendor_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RigPartPicker, stack);
  gtk_widget_class_bind_template_child (widget_class, RigPartPicker, column_view);
  gtk_widget_class_bind_template_child (widget_class, RigPartPicker, name_column);
  gtk_widget_class_bind_template_child (widget_class, RigPartPicker, vendor_column);
  gtk_widget_class_bind_template_child (widget_class, RigPartPicker, spec_column);
  gtk_widget_class_bind_template_child (widget_class, RigPartPicker, price_column);
  gtk_widget_class_bind_template_child (widget_class, RigPartPicker, impact_column);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, spin_input_cb);
  gtk_widget_class_bind_template_callback (widget_class, spin_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_number_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_vendor_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_spec_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_price_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_impact_cb);
  gtk_widget_class_bind_template_callback (widget_class, compatible_toggled_cb);
  gtk_widget_class_bind_template_child (widget_class, RigPartPicker, compatible_box);
  gtk_widget_class_bind_template_child (widget_class, RigPartPicker, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RigPartPicker, compatible_switch);

  gtk_widget_class_install_action (widget_class, "picker.select", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "picker.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "picker.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "picker.impact-order", "s", impact_order_action);
}

static void
rig_part_picker_init (RigPartPicker *self)
{
  static const struct { int probe; RigCatalogSort sort; } sorts[] = {
    { PROBE_NAME, RIG_CATALOG_SORT_NAME },
    { PROBE_VENDOR, RIG_CATALOG_SORT_VENDOR },
    { PROBE_SPEC, RIG_CATALOG_SORT_KEY_SPEC },
    { PROBE_PRICE, RIG_CATALOG_SORT_PRICE },
  };
  GtkColumnViewColumn *columns[N_PROBES];

  gtk_widget_init_template (GTK_WIDGET (self));
  rig_wheel_guard_spin_buttons (GTK_WIDGET (self));

  /* Typing anywhere in the window searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  columns[PROBE_NAME] = self->name_column;
  columns[PROBE_VENDOR] = self->vendor_column;
  columns[PROBE_SPEC] = self->spec_column;
  columns[PROBE_PRICE] = self->price_column;
  self->probe_a = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_b = g_object_new (G_TYPE_OBJECT, NULL);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->impact_sorter = gtk_custom_sorter_new (impact_compare, self, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    {
      GtkCustomSorter *sorter;

      self->probes[sorts[i].probe] = (SortProbe) { self, sorts[i].sort };
      sorter = gtk_custom_sorter_new (probe_compare, &self->probes[sorts[i].probe], NULL);
      gtk_column_view_column_set_sorter (columns[sorts[i].probe], GTK_SORTER (sorter));
      g_object_unref (sorter);
    }
}

RigPartPicker *
rig_part_picker_new (GtkWindow   *parent,
                     RigCatalog  *catalog,
                     RigPartKind  kind)
{
  const KindInfo *info;
  RigPartPicker *self;
  g_auto(GStrv) vendors = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RIG_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (kind < RIG_PART_N_KINDS, NULL);

  info = &kind_info[kind];
  self = g_object_new (RIG_TYPE_PART_PICKER,
                       "transient-for", parent,
                       "title", _(info->title),
                       NULL);
  self->kind = kind;

  gtk_column_view_column_set_title (self->spec_column, _(info->column));
  add_fit_columns (self->column_view, kind);
  gtk_label_set_label (self->min_spec_unit, _(info->unit));
  gtk_adjustment_configure (gtk_spin_button_get_adjustment (self->min_spec_spin), 0, 0,
                            info->upper, info->step, info->step * 8, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->min_spec_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(info->filter_label), -1);

  self->vendors = gtk_string_list_new (NULL);
  gtk_string_list_append (self->vendors, _("Any Vendor"));
  vendors = rig_catalog_list_vendors (catalog, kind, &error);
  if (vendors == NULL)
    g_warning ("Listing the catalog's vendors failed: %s", error->message);
  for (guint i = 0; vendors && vendors[i]; i++)
    gtk_string_list_append (self->vendors, vendors[i]);
  gtk_drop_down_set_model (self->vendor_dropdown, G_LIST_MODEL (self->vendors));
  gtk_drop_down_set_selected (self->vendor_dropdown, 0);

  self->model = rig_catalog_model_new (catalog, kind);
  self->compatible_filter = gtk_custom_filter_new (compatible_filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->model)),
                                              GTK_FILTER (self->compatible_filter));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filtered)), NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (update_state),
                            self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_swapped (gtk_column_view_get_sorter (self->column_view), "changed",
                            G_CALLBACK (sort_changed_cb), self);
  gtk_column_view_sort_by_column (self->column_view, self->name_column, GTK_SORT_ASCENDING);
  update_state (self);
  return self;
}

/* @func returns why a candidate would add an error to the build (the first new error), or NULL;
 * with one set, the picker shows the "Compatible only" switch, on. */
void
rig_part_picker_set_check_func (RigPartPicker       *self,
                                RigPickerImpactFunc  func,
                                gpointer             user_data,
                                GDestroyNotify       destroy)
{
  g_return_if_fail (RIG_IS_PART_PICKER (self));

  clear_check_func (self);
  self->check_func = func;
  self->check_data = user_data;
  self->check_destroy = destroy;
  gtk_widget_set_visible (self->compatible_box, func != NULL);
  gtk_filter_changed (GTK_FILTER (self->compatible_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

void
rig_part_picker_set_impact_func (RigPartPicker       *self,
                                 RigPickerImpactFunc  func,
                                 gpointer             user_data,
                                 GDestroyNotify       destroy)
{
  g_return_if_fail (RIG_IS_PART_PICKER (self));

  clear_impact_func (self);
  self->impact_func = func;
  self->impact_data = user_data;
  self->impact_destroy = destroy;

  /* Showing the column again binds its cells again, with the new function. */
  gtk_column_view_column_set_visible (self->impact_column, FALSE);
  gtk_column_view_column_set_visible (self->impact_column, func != NULL);
}

void
rig_part_picker_set_keys_func (RigPartPicker     *self,
                               RigPickerKeysFunc  func,
                               gpointer           user_data,
                               GDestroyNotify     destroy)
{
  g_autoptr(GtkCustomSorter) probe = NULL;
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenu) section = NULL;

  g_return_if_fail (RIG_IS_PART_PICKER (self));

  if (self->keys_destroy != NULL)
    self->keys_destroy (self->keys_data);
  self->keys_func = func;
  self->keys_data = user_data;
  self->keys_destroy = destroy;
  g_hash_table_remove_all (self->keys);
  if (func == NULL)
    {
      gtk_column_view_column_set_sorter (self->impact_column, NULL);
      gtk_column_view_column_set_header_menu (self->impact_column, NULL);
      return;
    }

  /* Clicking the header sorts by the order its menu (a right click) picks: fit first. */
  probe = gtk_custom_sorter_new (impact_probe_compare, self, NULL);
  gtk_column_view_column_set_sorter (self->impact_column, GTK_SORTER (probe));
  menu = g_menu_new ();
  section = g_menu_new ();
  g_menu_append (section, _("Sort by _Fit"), "picker.impact-order::fit");
  g_menu_append (section, _("Sort by _Speed"), "picker.impact-order::speed");
  g_menu_append (section, _("Sort by _Problems"), "picker.impact-order::problems");
  g_menu_append (section, _("Sort by Price _Change"), "picker.impact-order::price");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  gtk_column_view_column_set_header_menu (self->impact_column, G_MENU_MODEL (menu));
  gtk_column_view_column_set_title (self->impact_column, impact_title (self->impact_order));
}
