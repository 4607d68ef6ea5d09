/* rig-find-build-dialog.c: Find a Build: the cheapest builds that run a workload, as cards
 *
 * The same search as `rigplan-cli suggest` (rig_search_run ()), on the catalog's parts, in a
 * worker thread: it takes a tenth of a second on the bundled catalog, more on a large one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rig-find-build-dialog.h"
#include "rig-wheel-guard.h"
#include "rig-format.h"
#include "rig-plan.h"
#include "rig-search.h"
#include "rig-workload-dialog.h"

/* Answers after the cheapest: the cheapest of each other family and faster builds. */
#define MORE_ANSWERS 3

struct _RigFindBuildDialog
{
  AdwWindow     parent_instance;

  RigCatalog   *catalog;
  GPtrArray    *workloads;    /* RigWorkload */
  GPtrArray    *owned_gpus;   /* RigBuildItem of the open build's GPUs, borrowed copies */
  GPtrArray    *excluded;     /* part ids (char *) the user left out from the answers */
  char          currency[4];
  double        usd_rate;
  GPtrArray    *parts;        /* RigPart: the catalog, read at the first search */
  RigSearchResult *result;
  gboolean      searching;

  AdwPreferencesPage  *page;
  GtkListBox          *workloads_list;
  AdwActionRow        *owned_row;
  GtkSwitch           *owned_switch;
  GtkSpinButton       *speed_spin;
  GtkSpinButton       *prefill_spin;
  AdwActionRow        *excluded_row;
  AdwActionRow        *budget_row;
  GtkSpinButton       *budget_spin;
  GtkSpinButton       *gpus_spin;
  GtkSwitch           *used_switch;
  AdwComboRow         *circuit_row;
  GtkSpinButton       *watts_spin;
  GtkSwitch           *pc_switch;
  GtkSwitch           *sff_switch;
  GtkSwitch           *mac_switch;
  GtkSwitch           *unified_switch;
  GtkButton           *find_button;
  GtkButton           *back_button;
  GtkStack            *stack;
  AdwPreferencesGroup *results_group;
  GtkBox              *results_box;
};

G_DEFINE_FINAL_TYPE (RigFindBuildDialog, rig_find_build_dialog, ADW_TYPE_WINDOW)

enum { OPEN_BUILD, N_SIGNALS };
static guint signals[N_SIGNALS];

static void show_workloads (RigFindBuildDialog *self);

static void
on_workload_applied (RigWorkloadDialog  *dialog,
                     RigFindBuildDialog *self)
{
  int index = rig_workload_dialog_get_index (dialog);
  RigWorkload *w = rig_workload_dialog_dup_workload (dialog);

  if (index >= 0 && (guint) index < self->workloads->len)
    {
      rig_workload_free (self->workloads->pdata[index]);
      self->workloads->pdata[index] = w;
    }
  else
    g_ptr_array_add (self->workloads, w);
  show_workloads (self);
}

static void
edit_workload (RigFindBuildDialog *self,
               int                 index)
{
  const RigWorkload *initial = index >= 0 ? g_ptr_array_index (self->workloads, index) : NULL;
  RigWorkloadDialog *dialog = rig_workload_dialog_new (GTK_WINDOW (self), self->catalog, initial,
                                                       index);

  g_signal_connect_object (dialog, "applied", G_CALLBACK (on_workload_applied), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_edit_clicked (GtkButton          *button,
                 RigFindBuildDialog *self)
{
  edit_workload (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "index")));
}

static void
on_add_clicked (RigFindBuildDialog *self)
{
  edit_workload (self, -1);
}

static void
on_remove_clicked (GtkButton          *button,
                   RigFindBuildDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  if (index < self->workloads->len && self->workloads->len > 1)
    g_ptr_array_remove_index (self->workloads, index);
  show_workloads (self);
}

static GtkWidget *
workload_row (RigFindBuildDialog *self,
              guint               index)
{
  const RigWorkload *w = g_ptr_array_index (self->workloads, index);
  g_autoptr(RigModel) model = rig_catalog_get_model (self->catalog, w->model_id, NULL);
  g_autofree char *title = g_strdup_printf ("%s %s", model ? model->name : w->model_id,
                                            w->quant_id ? w->quant_id : "");
  g_autofree char *subtitle = NULL;
  g_autoptr(GString) context = g_string_new (NULL);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit = gtk_button_new_with_mnemonic (_("_Change…"));

  rig_append_grouped (context, w->context);
  /* Translators: a workload's mode ("Inference") and its context in tokens ("8,192") */
  subtitle = g_strdup_printf (_("%s, %s tokens of context"),
                              w->mode == RIG_MODE_INFERENCE ? _("Inference")
                              : w->mode == RIG_MODE_LORA ? _("LoRA")
                              : w->mode == RIG_MODE_QLORA ? _("QLoRA") : _("Full fine-tune"),
                              context->str);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (edit), "index", GINT_TO_POINTER (index));
  g_signal_connect (edit, "clicked", G_CALLBACK (on_edit_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);
  if (self->workloads->len > 1)
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove This Workload"));
      g_object_set_data (G_OBJECT (remove), "index", GUINT_TO_POINTER (index));
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
    }
  return row;
}

static void
show_workloads (RigFindBuildDialog *self)
{
  GtkWidget *child;
  gboolean inference = FALSE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->workloads_list))))
    gtk_list_box_remove (self->workloads_list, child);
  for (guint i = 0; i < self->workloads->len; i++)
    {
      gtk_list_box_append (self->workloads_list, workload_row (self, i));
      inference |= ((RigWorkload *) g_ptr_array_index (self->workloads, i))->mode == RIG_MODE_INFERENCE;
    }
  /* Training has no decode speed to ask for. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->speed_spin), inference);
  gtk_widget_set_sensitive (GTK_WIDGET (self->prefill_spin), inference);
}

/* The request as the dialog shows it, resolved against the catalog; NULL with @error. */
static RigSearchRequest *
make_request (RigFindBuildDialog *self,
              GError            **error)
{
  g_autoptr(RigSearchRequest) request = rig_search_request_new ();
  double speed = gtk_spin_button_get_value (self->speed_spin);
  double prefill = gtk_spin_button_get_value (self->prefill_spin);
  double budget = gtk_spin_button_get_value (self->budget_spin);
  double watts = gtk_spin_button_get_value (self->watts_spin);

  for (guint i = 0; i < self->workloads->len; i++)
    {
      const RigWorkload *w = g_ptr_array_index (self->workloads, i);
      double min = speed > 0 && w->mode == RIG_MODE_INFERENCE ? speed : NAN;
      double min_prefill = prefill > 0 && w->mode == RIG_MODE_INFERENCE ? prefill : NAN;

      g_ptr_array_add (request->base->workloads, rig_workload_copy (w));
      g_array_append_val (request->min_decode, min);
      g_array_append_val (request->min_prefill, min_prefill);
    }
  for (guint i = 0; i < self->excluded->len; i++)
    g_ptr_array_add (request->exclude, g_strdup (g_ptr_array_index (self->excluded, i)));
  if (gtk_switch_get_active (self->owned_switch))
    for (guint i = 0; i < self->owned_gpus->len; i++)
      {
        const RigBuildItem *gpu = g_ptr_array_index (self->owned_gpus, i);

        rig_build_item_set_owned (rig_build_add_part (request->base, gpu->part_id, gpu->count));
      }
  g_strlcpy (request->base->settings.currency, self->currency, sizeof request->base->settings.currency);
  request->base->market_usd_rate = self->usd_rate;
  request->base->settings.circuit = MIN (adw_combo_row_get_selected (self->circuit_row),
                                         RIG_CIRCUIT_N - 1);
  request->budget_minor = budget > 0 ? (gint64) llround (budget * 100) : -1;
  request->max_gpus = (guint) gtk_spin_button_get_value (self->gpus_spin);
  request->max_wall_w = watts > 0 ? watts : NAN;
  request->used[RIG_PART_GPU] = gtk_switch_get_active (self->used_switch);
  request->families[RIG_FAMILY_PC] = gtk_switch_get_active (self->pc_switch);
  request->families[RIG_FAMILY_MAC] = gtk_switch_get_active (self->mac_switch);
  request->families[RIG_FAMILY_UNIFIED] = gtk_switch_get_active (self->unified_switch);
  request->small_form_factor = gtk_switch_get_active (self->sff_switch);
  if (!rig_catalog_resolve_build (self->catalog, request->base, error))
    return NULL;
  return g_steal_pointer (&request);
}

/* The request's form, or the builds found with a way back to it. */
static void
show_page (RigFindBuildDialog *self,
           gboolean            results)
{
  gtk_stack_set_visible_child_name (self->stack, results ? "results" : "request");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), results);
  gtk_widget_set_visible (GTK_WIDGET (self->find_button), !results);
}

static void
on_back_clicked (RigFindBuildDialog *self)
{
  show_page (self, FALSE);
}

static void
clear_results (RigFindBuildDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_box))))
    gtk_box_remove (self->results_box, child);
}

static GtkWidget *
add_label (GtkBox     *box,
           const char *text,
           const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (style)
    gtk_widget_add_css_class (label, style);
  gtk_box_append (box, label);
  return label;
}

static void
on_open_clicked (GtkButton          *button,
                 RigFindBuildDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "answer"));

  if (self->result == NULL || index >= self->result->answers->len)
    return;
  g_signal_emit (self, signals[OPEN_BUILD], 0,
                 ((RigSearchAnswer *) g_ptr_array_index (self->result->answers, index))->build);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
show_excluded (RigFindBuildDialog *self)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < self->excluded->len; i++)
    {
      g_autoptr(RigPart) part = rig_catalog_get_part (self->catalog, g_ptr_array_index (self->excluded, i), NULL);
      g_autofree char *name = part ? rig_part_full_name (part) : g_strdup (g_ptr_array_index (self->excluded, i));

      g_string_append_printf (names, "%s%s", names->len ? ", " : "", name);
    }
  adw_action_row_set_subtitle (self->excluded_row, names->str);
  gtk_widget_set_visible (GTK_WIDGET (self->excluded_row), self->excluded->len > 0);
}

static void
on_clear_excluded (RigFindBuildDialog *self)
{
  g_ptr_array_set_size (self->excluded, 0);
  show_excluded (self);
}

static void on_find_clicked (RigFindBuildDialog *self);
static void on_raise_budget (RigFindBuildDialog *self);

/* "Without This GPU": the answer's GPU (or prebuilt) is left out, and the search runs again. */
static void
on_without_clicked (GtkButton          *button,
                    RigFindBuildDialog *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "part-id");

  if (id == NULL || self->searching)
    return;
  g_ptr_array_add (self->excluded, g_strdup (id));
  show_excluded (self);
  on_find_clicked (self);
}

/* The part that most defines an answer: its GPU, or the prebuilt; NULL for a build without. */
static const RigBuildItem *
defining_item (const RigBuild *build)
{
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);

      if (item->part && (item->part->kind == RIG_PART_GPU || item->part->kind == RIG_PART_SYSTEM) &&
          !rig_build_item_is_owned (item))
        return item;
    }
  return NULL;
}

/* "2× NVIDIA GeForce RTX 5090, AMD Ryzen 5 7600, …" */
static char *
parts_line (const RigBuild *build)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);
      g_autofree char *name = rig_part_full_name (item->part);

      if (out->len)
        g_string_append (out, ", ");
      if (item->count > 1)
        g_string_append_printf (out, "%u× ", item->count);
      g_string_append (out, name);
      if (item->condition == RIG_CONDITION_USED)
        g_string_append (out, _(" (used)"));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GtkWidget *
answer_card (RigFindBuildDialog    *self,
             const RigSearchAnswer *answer,
             guint                  index)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label, *price, *open;
  g_autofree char *money = rig_money_format_minor (answer->price_minor, self->currency, RIG_MONEY_CENTS);
  g_autofree char *parts = parts_line (answer->build);
  g_autofree char *dates = rig_catalog_prices_format (answer->build);
  g_autofree char *verdict = NULL;
  RigReport report;
  guint errors = 0, warnings = 0;

  rig_report_init_lean (&report);
  rig_plan_evaluate (answer->build, &report);
  rig_report_count_findings (&report, &errors, &warnings);
  /* Translators: “27.0 tokens/s · fits in GPU memory · 2 warnings” */
  if (report.workloads->len > 0 && isnan (answer->decode))
    {
      const RigWorkloadResult *r = &g_array_index (report.workloads, RigWorkloadResult, 0);
      g_autofree char *speed = isnan (r->train_tokens_per_s)
                               ? g_strdup (_("training speed not known"))
                               /* Translators: a training speed, “about 2400 training tokens/s” */
                               : g_strdup_printf (_("about %.0f training tokens/s"), r->train_tokens_per_s);

      /* Translators: “about 2400 training tokens/s · fits in GPU memory · 1 warning” */
      verdict = g_strdup_printf (ngettext ("%s · %s · %u warning", "%s · %s · %u warnings", warnings),
                                 speed, rig_fit_describe (r->fit), warnings);
    }
  else if (warnings == 0)
    /* Translators: “27.0 tokens/s · fits in GPU memory · no warnings” */
    verdict = g_strdup_printf (_("%.1f tokens/s · %s · no warnings"), answer->decode,
                               report.workloads->len
                               ? rig_fit_describe (g_array_index (report.workloads, RigWorkloadResult, 0).fit)
                               : "");
  else
    verdict = g_strdup_printf (ngettext ("%.1f tokens/s · %s · %u warning",
                                         "%.1f tokens/s · %s · %u warnings", warnings),
                               answer->decode,
                               report.workloads->len
                               ? rig_fit_describe (g_array_index (report.workloads, RigWorkloadResult, 0).fit)
                               : "", warnings);
  rig_report_clear (&report);
  g_warn_if_fail (errors == 0);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_bottom (card, 0);
  g_object_set (card, "margin-start", 0, NULL);
  {
    GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

    gtk_widget_set_margin_top (inner, 12);
    gtk_widget_set_margin_bottom (inner, 12);
    gtk_widget_set_margin_start (inner, 12);
    gtk_widget_set_margin_end (inner, 12);
    gtk_box_append (GTK_BOX (card), inner);

    label = gtk_label_new (answer->label);
    gtk_widget_add_css_class (label, "heading");
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_set_hexpand (label, TRUE);
    price = gtk_label_new (money);
    gtk_widget_add_css_class (price, "title-3");
    gtk_box_append (GTK_BOX (head), label);
    gtk_box_append (GTK_BOX (head), price);
    gtk_box_append (GTK_BOX (inner), head);
    add_label (GTK_BOX (inner), answer->build->name, "title-4");
    add_label (GTK_BOX (inner), verdict, NULL);
    add_label (GTK_BOX (inner), answer->why, "dim-label");
    /* A prebuilt is its name: no parts to list. */
    if (answer->build->items->len > 1)
      add_label (GTK_BOX (inner), parts, "caption");
    /* The search ranks by catalog prices, many of them launch prices: say how old. */
    if (dates != NULL)
      add_label (GTK_BOX (inner), dates, "dim-label");
    {
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      const RigBuildItem *defining = defining_item (answer->build);

      gtk_widget_set_halign (buttons, GTK_ALIGN_END);
      if (defining)
        {
          GtkWidget *without = gtk_button_new_with_mnemonic (defining->part->kind == RIG_PART_GPU
                                                             ? _("_Without This GPU")
                                                             : _("_Without This System"));
          g_autofree char *name = rig_part_full_name (defining->part);
          /* Translators: %s is a part's name */
          g_autofree char *tip = g_strdup_printf (_("Search again, leaving out %s"), name);

          gtk_widget_set_tooltip_text (without, tip);
          gtk_widget_add_css_class (without, "flat");
          g_object_set_data_full (G_OBJECT (without), "part-id", g_strdup (defining->part_id), g_free);
          g_signal_connect (without, "clicked", G_CALLBACK (on_without_clicked), self);
          gtk_box_append (GTK_BOX (buttons), without);
        }
      open = gtk_button_new_with_mnemonic (_("_Open as New Build"));
      g_object_set_data (G_OBJECT (open), "answer", GUINT_TO_POINTER (index));
      g_signal_connect (open, "clicked", G_CALLBACK (on_open_clicked), self);
      gtk_box_append (GTK_BOX (buttons), open);
      gtk_box_append (GTK_BOX (inner), buttons);
    }
  }
  return card;
}

static void
show_result (RigFindBuildDialog *self)
{
  const RigSearchResult *result = self->result;

  clear_results (self);
  show_page (self, TRUE);
  if (result->answers->len == 0)
    {
      adw_preferences_group_set_description (self->results_group, NULL);
      add_label (self->results_box, _("No build meets all of these."), "heading");
      add_label (self->results_box, result->unmet, NULL);
      /* The budget is what fails: one click searches with the least that would do. */
      if (result->needed_budget_minor > 0)
        {
          g_autofree char *money = rig_money_format_minor (result->needed_budget_minor, self->currency,
                                                           RIG_MONEY_WHOLE);
          /* Translators: %s is an amount of money, “1,118 USD” */
          g_autofree char *label = g_strdup_printf (_("Search With a Budget of %s"), money);
          GtkWidget *raise = gtk_button_new_with_label (label);

          gtk_widget_set_halign (raise, GTK_ALIGN_START);
          gtk_widget_add_css_class (raise, "suggested-action");
          g_signal_connect_swapped (raise, "clicked", G_CALLBACK (on_raise_budget), self);
          gtk_box_append (self->results_box, raise);
        }
    }
  else
    {
      const char *left_out = adw_action_row_get_subtitle (self->excluded_row);
      g_autofree char *description = NULL;

      if (self->excluded->len > 0 && left_out)
        /* Translators: %s lists the parts the user left out */
        description = g_strdup_printf (_("From the catalog’s priced parts, at catalog prices, without %s; "
                                         "NVLink bridges, risers and network cards are not added"),
                                       left_out);
      else
        description = g_strdup (_("From the catalog’s priced parts, at catalog prices; NVLink bridges, "
                                  "risers and network cards are not added"));
      adw_preferences_group_set_description (self->results_group, description);
      for (guint i = 0; i < result->answers->len; i++)
        gtk_box_append (self->results_box,
                        answer_card (self, g_ptr_array_index (result->answers, i), i));
    }
}

static void
on_raise_budget (RigFindBuildDialog *self)
{
  if (self->result == NULL || self->result->needed_budget_minor <= 0)
    return;
  /* Whole units, rounded up, so that the cheapest build is within it. */
  gtk_spin_button_set_value (self->budget_spin, ceil (rig_money_to_major (self->result->needed_budget_minor)));
  on_find_clicked (self);
}

typedef struct
{
  RigSearchRequest *request;
  GPtrArray        *parts;
} SearchData;

static void
search_data_free (SearchData *data)
{
  rig_search_request_free (data->request);
  g_ptr_array_unref (data->parts);
  g_free (data);
}

static void
search_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchData *data = task_data;

  g_task_return_pointer (task, rig_search_run (data->request, data->parts, MORE_ANSWERS),
                         (GDestroyNotify) rig_search_result_free);
}

static void
search_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RigFindBuildDialog *self = RIG_FIND_BUILD_DIALOG (source);
  RigSearchResult *found = g_task_propagate_pointer (G_TASK (result), NULL);

  self->searching = FALSE;
  /* Closed while it searched: the widgets are gone, and so is the wish to see the answers. */
  if (self->catalog == NULL)
    {
      g_clear_pointer (&found, rig_search_result_free);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->find_button), TRUE);
  g_clear_pointer (&self->result, rig_search_result_free);
  self->result = found;
  if (self->result != NULL)
    show_result (self);
}

static void
on_find_clicked (RigFindBuildDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  SearchData *data;
  RigSearchRequest *request;

  if (self->searching)
    return;
  /* The catalog is read once: searching again without a part, or with a larger budget, only
   * plans again. */
  if (self->parts == NULL)
    self->parts = rig_catalog_search (self->catalog, "", -1, 0, &error);
  if (self->parts == NULL || !(request = make_request (self, &error)))
    {
      clear_results (self);
      show_page (self, TRUE);
      add_label (self->results_box, error->message, NULL);
      return;
    }
  data = g_new0 (SearchData, 1);
  data->request = request;
  data->parts = g_ptr_array_ref (self->parts);
  self->searching = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->find_button), FALSE);
  clear_results (self);
  show_page (self, TRUE);
  adw_preferences_group_set_description (self->results_group, NULL);
  {
    GtkWidget *spinner = gtk_spinner_new ();

    gtk_spinner_start (GTK_SPINNER (spinner));
    gtk_box_append (self->results_box, spinner);
  }
  task = g_task_new (self, NULL, search_done, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);
  g_task_run_in_thread (task, search_thread);
}

static void
rig_find_build_dialog_dispose (GObject *object)
{
  RigFindBuildDialog *self = RIG_FIND_BUILD_DIALOG (object);

  g_clear_object (&self->catalog);
  g_clear_pointer (&self->workloads, g_ptr_array_unref);
  g_clear_pointer (&self->owned_gpus, g_ptr_array_unref);
  g_clear_pointer (&self->excluded, g_ptr_array_unref);
  g_clear_pointer (&self->result, rig_search_result_free);
  g_clear_pointer (&self->parts, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), RIG_TYPE_FIND_BUILD_DIALOG);
  G_OBJECT_CLASS (rig_find_build_dialog_parent_class)->dispose (object);
}

static void
rig_find_build_dialog_class_init (RigFindBuildDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rig_find_build_dialog_dispose;

  signals[OPEN_BUILD] = g_signal_new ("open-build", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rigplan/Rigplan/rig-find-build-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, page);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, workloads_list);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, owned_row);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, owned_switch);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, speed_spin);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, prefill_spin);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, excluded_row);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, budget_row);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, budget_spin);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, gpus_spin);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, used_switch);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, circuit_row);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, watts_spin);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, pc_switch);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, sff_switch);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, mac_switch);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, unified_switch);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, find_button);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, results_group);
  gtk_widget_class_bind_template_child (widget_class, RigFindBuildDialog, results_box);
  gtk_widget_class_bind_template_callback (widget_class, on_find_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_excluded);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rig_find_build_dialog_init (RigFindBuildDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rig_wheel_guard_spin_buttons (GTK_WIDGET (self));
}

RigFindBuildDialog *
rig_find_build_dialog_new (GtkWindow      *parent,
                           RigCatalog     *catalog,
                           const RigBuild *from)
{
  RigFindBuildDialog *self = g_object_new (RIG_TYPE_FIND_BUILD_DIALOG, "transient-for", parent, NULL);
  g_autofree char *budget_title = NULL;
  g_autoptr(GString) owned_text = NULL;

  self->catalog = g_object_ref (catalog);
  self->workloads = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_workload_free);
  self->owned_gpus = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_build_item_free);
  self->excluded = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; from && i < from->workloads->len; i++)
    g_ptr_array_add (self->workloads, rig_workload_copy (g_ptr_array_index (from->workloads, i)));
  if (self->workloads->len == 0)
    {
      RigWorkload *w = rig_workload_new ();

      w->model_id = g_strdup ("llama-3.1-8b");
      w->quant_id = g_strdup ("Q4_K_M");
      w->context = 8192;
      g_ptr_array_add (self->workloads, w);
    }
  /* The GPUs the open build has: "I have these, what should I add?" */
  for (guint i = 0; from && i < from->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (from->items, i);

      if (item->part && item->part->kind == RIG_PART_GPU)
        {
          RigBuildItem *copy = g_new0 (RigBuildItem, 1);

          copy->part_id = g_strdup (item->part_id);
          copy->count = item->count;
          g_ptr_array_add (self->owned_gpus, copy);
          if (!owned_text)
            owned_text = g_string_new (NULL);
          else
            g_string_append (owned_text, ", ");
          {
            g_autofree char *name = rig_part_full_name (item->part);

            g_string_append_printf (owned_text, "%u× %s", item->count, name);
          }
        }
    }
  if (owned_text)
    {
      /* Translators: %s lists GPUs, “2× NVIDIA GeForce RTX 3090” */
      g_autofree char *subtitle = g_strdup_printf (_("%s at no cost; more of the same may be added"),
                                                   owned_text->str);

      adw_action_row_set_subtitle (self->owned_row, subtitle);
      gtk_widget_set_visible (GTK_WIDGET (self->owned_row), TRUE);
    }
  /* Catalog prices are dollars: another currency only with the rate the build knows. */
  g_strlcpy (self->currency, "USD", sizeof self->currency);
  self->usd_rate = 1;
  if (from && !g_str_equal (from->settings.currency, "USD") && !isnan (from->market_usd_rate))
    {
      g_strlcpy (self->currency, from->settings.currency, sizeof self->currency);
      self->usd_rate = from->market_usd_rate;
    }
  if (from)
    adw_combo_row_set_selected (self->circuit_row, from->settings.circuit);
  /* Reading speed, as the capacity panel asks by default: a build that holds the model but
   * decodes at one token a second is rarely what anyone wants. */
  gtk_spin_button_set_value (self->speed_spin, 10);
  /* Translators: %s is a currency code, “USD” */
  budget_title = g_strdup_printf (_("Budget (%s)"), self->currency);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->budget_row), budget_title);
  adw_action_row_set_subtitle (self->budget_row, _("0 for no limit"));
  show_workloads (self);
  /* Enter in a field searches. */
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->find_button));
  /* The first field: what to run. */
  gtk_widget_grab_focus (gtk_widget_get_first_child (GTK_WIDGET (self->workloads_list)));
  return self;
}
