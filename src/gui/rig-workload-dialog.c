/* rig-workload-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rig-workload-dialog.h"
#include "rig-wheel-guard.h"

/* What the dialog shows of each catalog model beside its name: the layers -ngl counts, and
 * what decides whether it can draft for another. */
typedef struct
{
  guint    layers;    /* 0 where unknown */
  guint    mtp;       /* the multi-token-prediction layers, 0 where none */
  double   params_b;
  double   vocab;
  gboolean llm;
} ModelTraits;

struct _RigWorkloadDialog
{
  AdwWindow       parent_instance;

  int             index;
  gboolean        focused;        /* the first field had the focus once */
  GPtrArray      *model_ids;
  GPtrArray      *model_names;    /* full names, for the row and the search */
  GPtrArray      *model_families;
  GArray         *model_traits;   /* ModelTraits of each model */
  GPtrArray      *quant_ids;
  guint           model_index;    /* into model_ids */

  AdwActionRow   *model_row;
  GtkMenuButton  *model_button;
  GtkPopover     *model_popover;
  GtkSearchEntry *model_search;
  GtkListBox     *model_list;
  AdwComboRow    *quant_row;
  AdwComboRow    *mode_row;
  AdwActionRow   *weights_row;
  GtkSpinButton  *weights_spin;
  AdwEntryRow    *recipe_row;       /* the file's tensor types, GGUF types only */
  GtkWidget      *done_button;
  GHashTable     *gguf_quants;      /* GGUF types a recipe may name: id → RigQuantFormat + 1 */
  char           *recipe_help;      /* the recipe row's tooltip, while what it holds reads */
  GtkSpinButton  *context_spin;
  GtkSpinButton  *batch_spin;
  AdwComboRow    *runtime_row;
  AdwComboRow    *split_row;
  AdwComboRow    *kv_row;
  GtkSwitch      *offload_switch;
  GtkSwitch      *flash_switch;
  AdwPreferencesGroup *training_group;
  AdwPreferencesGroup *vllm_group;
  GtkSpinButton  *rank_spin;
  AdwComboRow    *targets_row;
  AdwActionRow   *rank_row;
  AdwActionRow   *lora_dropout_row;
  AdwActionRow   *offload_row;
  AdwComboRow    *optimizer_row;
  AdwComboRow    *sharding_row;
  GtkSwitch      *checkpoint_switch;
  AdwActionRow   *chunked_loss_row;
  GtkSwitch      *chunked_loss_switch;
  GtkSwitch      *compile_switch;
  AdwActionRow   *zero_init_row;
  GtkSwitch      *zero_init_switch;
  AdwActionRow   *optimizer_offload_row;
  GtkSwitch      *optimizer_offload_switch;
  GtkSwitch      *lora_dropout_switch;
  GtkSpinButton  *utilization_spin;
  GtkSpinButton  *max_len_spin;
  AdwPreferencesGroup *placement_group;
  AdwExpanderRow *placement_row;
  AdwActionRow   *gpu_layers_row;
  GtkSpinButton  *gpu_layers_spin;
  GtkSpinButton  *cpu_moe_spin;
  GtkSpinButton  *ubatch_spin;
  GtkSwitch      *mmap_switch;
  AdwPreferencesGroup *serving_group;
  GtkSpinButton  *concurrency_spin;
  GtkSpinButton  *prompt_spin;
  GtkSpinButton  *output_spin;
  GtkSpinButton  *user_speed_spin;

  /* The workload's own dropout setting, NAN while it follows the runtime's default. */
  double          lora_dropout;
  gboolean        syncing_dropout;
  AdwPreferencesGroup *draft_group;
  AdwComboRow    *draft_row;        /* "None", the model's own MTP, then draft_ids */
  GPtrArray      *draft_ids;        /* the models the draft row lists for the chosen model */
  char           *draft_kept;       /* the workload's own draft, listed whatever it is */
  AdwComboRow    *draft_quant_row;  /* "Same as the model", then quant_ids */
  GtkSpinButton  *draft_tokens_spin;
  GtkSpinButton  *draft_acceptance_spin;
  gboolean        syncing_draft;    /* show_draft () is setting the draft row */
};

/* What switching adapter dropout on sets when the workload had none: LitGPT's default. The memory
 * it costs does not depend on the probability. */
#define DROPOUT_ON 0.05

G_DEFINE_FINAL_TYPE (RigWorkloadDialog, rig_workload_dialog, ADW_TYPE_WINDOW)

enum { APPLIED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_strings (AdwComboRow        *row,
             const char * const *labels)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new ((const char * const *) labels);
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
}

/* The draft row's choices are model names with their sizes ("Qwen3 Coder 30B-A3B (30.5B)"),
 * which AdwComboRow's own popover cuts at 20 characters: a list factory that shows them whole,
 * with the popover's check mark on the chosen one. */
static void
sync_check (GtkListItem *list_item,
            AdwComboRow *row)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *check = gtk_widget_get_last_child (box);

  gtk_widget_set_opacity (check, gtk_list_item_get_position (list_item) ==
                                   adw_combo_row_get_selected (row) ? 1 : 0);
}

static void
on_row_selected (AdwComboRow *row,
                 GParamSpec  *pspec,
                 GtkListItem *list_item)
{
  sync_check (list_item, row);
}

static void
setup_choice (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              AdwComboRow              *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_choice (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             AdwComboRow              *row)
{
  GtkWidget *label = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));

  gtk_label_set_label (GTK_LABEL (label),
                       gtk_string_object_get_string (gtk_list_item_get_item (list_item)));
  sync_check (list_item, row);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_row_selected), list_item, 0);
}

static void
unbind_choice (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               AdwComboRow              *row)
{
  g_signal_handlers_disconnect_by_func (row, on_row_selected, list_item);
}

static void
show_whole_choices (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_choice), row);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_choice), row);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_choice), row);
  adw_combo_row_set_list_factory (row, factory);
}

static guint
index_of (GPtrArray  *ids,
          const char *id)
{
  for (guint i = 0; id && i < ids->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (ids, i), id) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* Whether the chosen quantization is a GGUF type, whose file's tensor types a recipe gives. */
static gboolean
selected_quant_gguf (RigWorkloadDialog *self)
{
  guint quant = adw_combo_row_get_selected (self->quant_row);

  return quant < self->quant_ids->len &&
         GPOINTER_TO_INT (g_hash_table_lookup (self->gguf_quants,
                                               g_ptr_array_index (self->quant_ids, quant))) ==
           RIG_QUANT_FORMAT_GGUF + 1;
}

/* The recipe row's text, where it reads as a recipe of the catalog's GGUF types (empty text
 * does, and gives NULL); otherwise NULL and, in @why, what is wrong. */
static char *
recipe_text (RigWorkloadDialog  *self,
             char              **why)
{
  const char *shown = gtk_editable_get_text (GTK_EDITABLE (self->recipe_row));
  g_autofree char *text = g_strstrip (g_strdup (shown));
  g_autoptr(GArray) items = NULL;
  g_autoptr(GError) error = NULL;

  *why = NULL;
  if (*text == '\0')
    return NULL;
  if (!(items = rig_recipe_parse (text, &error)))
    {
      *why = g_strdup (error->message);
      return NULL;
    }
  for (guint i = 0; i < items->len; i++)
    {
      const char *type = g_array_index (items, RigRecipeItem, i).quant;

      if (!g_hash_table_contains (self->gguf_quants, type))
        {
          /* Translators: %s is a quantization type a user typed (“Q9_K”) */
          *why = g_strdup_printf (_("No GGUF type “%s” in the catalog"), type);
          return NULL;
        }
    }
  return g_steal_pointer (&text);
}

/* A recipe that does not read says why in its row's title and holds the dialog open. */
static void
on_recipe_changed (RigWorkloadDialog *self)
{
  g_autofree char *why = NULL;
  g_autofree char *text = NULL;

  /* Only a shown row holds the dialog: a training run or weights that are not GGUF drop it. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->recipe_row)))
    text = recipe_text (self, &why);
  if (why == NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->recipe_row), "error");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->recipe_row),
                                     _("Tensor types (empty: the quantization’s)"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->recipe_row), self->recipe_help);
    }
  else
    {
      /* The title says what is wrong; the tooltip says it whole, with the parser's list of the
       * tensor names a recipe may give, in parentheses after it. */
      g_autofree char *title = g_strdup (why);
      char *paren = strstr (title, " (");

      gtk_widget_add_css_class (GTK_WIDGET (self->recipe_row), "error");
      if (paren != NULL)
        *paren = '\0';
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->recipe_row), title);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->recipe_row), why);
    }
  gtk_widget_set_sensitive (self->done_button, why == NULL);
}

static void
on_mode_changed (RigWorkloadDialog *self)
{
  RigWorkloadMode mode = adw_combo_row_get_selected (self->mode_row);
  RigRuntime runtime = adw_combo_row_get_selected (self->runtime_row);

  gtk_widget_set_visible (GTK_WIDGET (self->training_group), mode != RIG_MODE_INFERENCE);
  /* Adapters only where there are any; the KV cache, the split over GPUs and offloading to
   * system memory only where the model generates. */
  gtk_widget_set_visible (GTK_WIDGET (self->rank_row), mode == RIG_MODE_LORA || mode == RIG_MODE_QLORA);
  gtk_widget_set_visible (GTK_WIDGET (self->targets_row), mode == RIG_MODE_LORA || mode == RIG_MODE_QLORA);
  gtk_widget_set_visible (GTK_WIDGET (self->lora_dropout_row), mode == RIG_MODE_LORA || mode == RIG_MODE_QLORA);
  gtk_widget_set_visible (GTK_WIDGET (self->kv_row), mode == RIG_MODE_INFERENCE);
  gtk_widget_set_visible (GTK_WIDGET (self->weights_row), mode == RIG_MODE_INFERENCE);
  gtk_widget_set_visible (GTK_WIDGET (self->recipe_row),
                          mode == RIG_MODE_INFERENCE && selected_quant_gguf (self));
  gtk_widget_set_visible (GTK_WIDGET (self->split_row), mode == RIG_MODE_INFERENCE);
  gtk_widget_set_visible (GTK_WIDGET (self->offload_row), mode == RIG_MODE_INFERENCE);
  /* zero.Init is DeepSpeed's: the transformers Trainer's ZeRO-3. */
  {
    RigSharding sharding = adw_combo_row_get_selected (self->sharding_row);

    gtk_widget_set_visible (GTK_WIDGET (self->zero_init_row),
                            mode != RIG_MODE_INFERENCE &&
                            (runtime == RIG_RUNTIME_TRANSFORMERS || runtime == RIG_RUNTIME_DEFAULT) &&
                            (sharding == RIG_SHARDING_ZERO3 || sharding == RIG_SHARDING_AUTO));
    /* ZeRO-Offload is DeepSpeed's, which only the Trainer runs. */
    gtk_widget_set_visible (GTK_WIDGET (self->optimizer_offload_row),
                            mode != RIG_MODE_INFERENCE &&
                            (runtime == RIG_RUNTIME_TRANSFORMERS || runtime == RIG_RUNTIME_DEFAULT) &&
                            sharding != RIG_SHARDING_FSDP);
  }
  /* Automatic picks vLLM for AWQ, GPTQ and FP8 weights. */
  gtk_widget_set_visible (GTK_WIDGET (self->vllm_group),
                          mode == RIG_MODE_INFERENCE &&
                          (runtime == RIG_RUNTIME_VLLM || runtime == RIG_RUNTIME_DEFAULT));
  gtk_widget_set_visible (GTK_WIDGET (self->draft_group), mode == RIG_MODE_INFERENCE);
  /* Automatic picks llama.cpp for GGUF files. */
  gtk_widget_set_visible (GTK_WIDGET (self->placement_group),
                          mode == RIG_MODE_INFERENCE &&
                          (runtime == RIG_RUNTIME_LLAMA_CPP || runtime == RIG_RUNTIME_DEFAULT));
  /* The runtimes whose serving the plan works out, and Automatic, which picks one of them. */
  gtk_widget_set_visible (GTK_WIDGET (self->serving_group),
                          mode == RIG_MODE_INFERENCE &&
                          (runtime == RIG_RUNTIME_VLLM || runtime == RIG_RUNTIME_LLAMA_CPP ||
                           runtime == RIG_RUNTIME_DEFAULT));
  /* torchtune and LitGPT always chunk the loss. */
  if (runtime == RIG_RUNTIME_TORCHTUNE || runtime == RIG_RUNTIME_LITGPT)
    gtk_switch_set_active (self->chunked_loss_switch, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->chunked_loss_row),
                            runtime != RIG_RUNTIME_TORCHTUNE && runtime != RIG_RUNTIME_LITGPT);
  /* Until it is set, adapter dropout shows the runtime's default. */
  if (isnan (self->lora_dropout))
    {
      RigWorkload probe = { .runtime = runtime, .lora_dropout = NAN };

      self->syncing_dropout = TRUE;
      gtk_switch_set_active (self->lora_dropout_switch, rig_workload_lora_dropout (&probe) > 0);
      self->syncing_dropout = FALSE;
    }
  on_recipe_changed (self);
}

/* A file's size and types belong to one model in one quantization: another of either forgets
 * them. */
static void
forget_file (RigWorkloadDialog *self)
{
  gtk_spin_button_set_value (self->weights_spin, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->recipe_row), "");
}

static void
on_quant_changed (RigWorkloadDialog *self)
{
  forget_file (self);
  on_mode_changed (self);
}

static void
on_lora_dropout_changed (RigWorkloadDialog *self)
{
  if (self->syncing_dropout)
    return;
  self->lora_dropout = gtk_switch_get_active (self->lora_dropout_switch) ? DROPOUT_ON : 0.0;
}

/* Speculative decoding ---------------------------------------------------------------------- */

/* The draft row's first entries: none, and the model's own multi-token prediction. */
enum { DRAFT_NONE, DRAFT_MTP, DRAFT_FIRST_MODEL };

/* Whether the model at @i can draft for the one at @model: a language model smaller than it
 * that shares its vocabulary (rig_draft_vocab_fits ()). */
static gboolean
can_draft_for (RigWorkloadDialog *self,
               guint              i,
               guint              model)
{
  const ModelTraits *d = &g_array_index (self->model_traits, ModelTraits, i);
  const ModelTraits *m = &g_array_index (self->model_traits, ModelTraits, model);

  return i != model && d->llm && d->params_b < m->params_b &&
         rig_draft_vocab_fits (d->vocab, m->vocab);
}

/* The draft's rows offer "None", the model's own prediction modules and the models that can
 * draft for the chosen one (and the workload's own draft, whatever it is), "Same as the model"
 * and the quantizations. The draft row keeps its choice where the new list still has it. */
static void
fill_draft (RigWorkloadDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new ((const char *[]) {
    _("None"), _("The model's own (MTP)"), NULL });
  guint selected = adw_combo_row_get_selected (self->draft_row);
  guint kept_at;
  g_autofree char *keep = NULL;

  if (selected >= DRAFT_FIRST_MODEL && selected - DRAFT_FIRST_MODEL < self->draft_ids->len)
    keep = g_strdup (g_ptr_array_index (self->draft_ids, selected - DRAFT_FIRST_MODEL));

  g_ptr_array_set_size (self->draft_ids, 0);
  for (guint i = 0; i < self->model_ids->len; i++)
    {
      const char *id = g_ptr_array_index (self->model_ids, i);

      if (!can_draft_for (self, i, self->model_index) && g_strcmp0 (id, self->draft_kept) != 0)
        continue;
      g_ptr_array_add (self->draft_ids, g_strdup (id));
      gtk_string_list_append (names, g_ptr_array_index (self->model_names, i));
    }
  self->syncing_draft = TRUE;
  adw_combo_row_set_model (self->draft_row, G_LIST_MODEL (names));
  kept_at = keep != NULL ? index_of (self->draft_ids, keep) : GTK_INVALID_LIST_POSITION;
  if (selected == DRAFT_MTP)
    adw_combo_row_set_selected (self->draft_row, DRAFT_MTP);
  else if (kept_at != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->draft_row, kept_at + DRAFT_FIRST_MODEL);
  else
    adw_combo_row_set_selected (self->draft_row, DRAFT_NONE);
  self->syncing_draft = FALSE;
}

static void
fill_draft_quants (RigWorkloadDialog *self)
{
  g_autoptr(GtkStringList) quants = gtk_string_list_new ((const char *[]) { _("Same as the model"), NULL });

  for (guint i = 0; i < self->quant_ids->len; i++)
    gtk_string_list_append (quants, g_ptr_array_index (self->quant_ids, i));
  adw_combo_row_set_model (self->draft_quant_row, G_LIST_MODEL (quants));
}

static void
show_draft (RigWorkloadDialog *self,
            const RigWorkload *w)
{
  guint model = index_of (self->draft_ids, w->draft_model_id);
  guint quant = index_of (self->quant_ids, w->draft_quant_id);

  if (g_strcmp0 (w->draft_model_id, RIG_DRAFT_MTP) == 0)
    model = DRAFT_MTP;
  else
    model = model == GTK_INVALID_LIST_POSITION ? DRAFT_NONE : model + DRAFT_FIRST_MODEL;
  self->syncing_draft = TRUE;
  adw_combo_row_set_selected (self->draft_row, model);
  self->syncing_draft = FALSE;
  adw_combo_row_set_selected (self->draft_quant_row, quant == GTK_INVALID_LIST_POSITION ? 0 : quant + 1);
  gtk_spin_button_set_value (self->draft_tokens_spin, w->draft_tokens);
  gtk_spin_button_set_value (self->draft_acceptance_spin, w->draft_acceptance);
}

/* The model's own prediction modules draft one token a step, kept as often as DeepSeek
 * measured (RIG_DRAFT_ACCEPTANCE_MTP); the fields show that when they are chosen. */
static void
on_draft_changed (RigWorkloadDialog *self)
{
  if (self->syncing_draft || adw_combo_row_get_selected (self->draft_row) != DRAFT_MTP)
    return;
  gtk_spin_button_set_value (self->draft_tokens_spin, 1);
  gtk_spin_button_set_value (self->draft_acceptance_spin, RIG_DRAFT_ACCEPTANCE_MTP);
}

static void
read_draft (RigWorkloadDialog *self,
            RigWorkload       *w)
{
  guint model = adw_combo_row_get_selected (self->draft_row);
  guint quant = adw_combo_row_get_selected (self->draft_quant_row);

  w->draft_tokens = (guint) gtk_spin_button_get_value_as_int (self->draft_tokens_spin);
  /* In hundredths, as the field shows it. */
  w->draft_acceptance = round (gtk_spin_button_get_value (self->draft_acceptance_spin) * 100) / 100;
  if (model == DRAFT_MTP)
    w->draft_model_id = g_strdup (RIG_DRAFT_MTP);
  else if (model >= DRAFT_FIRST_MODEL && model - DRAFT_FIRST_MODEL < self->draft_ids->len)
    w->draft_model_id = g_strdup (g_ptr_array_index (self->draft_ids, model - DRAFT_FIRST_MODEL));
  else
    return;
  if (quant > 0 && quant <= self->quant_ids->len)
    w->draft_quant_id = g_strdup (g_ptr_array_index (self->quant_ids, quant - 1));
}

static void
on_done_clicked (RigWorkloadDialog *self)
{
  g_signal_emit (self, signals[APPLIED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

int
rig_workload_dialog_get_index (RigWorkloadDialog *self)
{
  return self->index;
}

RigWorkload *
rig_workload_dialog_dup_workload (RigWorkloadDialog *self)
{
  RigWorkload *w = rig_workload_new ();
  guint model = self->model_index;
  guint quant = adw_combo_row_get_selected (self->quant_row);

  w->model_id = g_strdup (model < self->model_ids->len ? g_ptr_array_index (self->model_ids, model) : "");
  w->quant_id = quant < self->quant_ids->len ? g_strdup (g_ptr_array_index (self->quant_ids, quant)) : NULL;
  w->mode = adw_combo_row_get_selected (self->mode_row);
  w->context = (guint) gtk_spin_button_get_value_as_int (self->context_spin);
  w->batch = (guint) gtk_spin_button_get_value_as_int (self->batch_spin);
  w->runtime = adw_combo_row_get_selected (self->runtime_row);
  w->split = adw_combo_row_get_selected (self->split_row);
  w->kv_cache = adw_combo_row_get_selected (self->kv_row);
  w->offload = gtk_switch_get_active (self->offload_switch);
  w->flash_attention = gtk_switch_get_active (self->flash_switch);
  w->lora_rank = (guint) gtk_spin_button_get_value_as_int (self->rank_spin);
  w->lora_targets = adw_combo_row_get_selected (self->targets_row);
  w->optimizer = adw_combo_row_get_selected (self->optimizer_row);
  w->sharding = adw_combo_row_get_selected (self->sharding_row);
  w->gradient_checkpointing = gtk_switch_get_active (self->checkpoint_switch);
  /* In hundredths, as vLLM's flag is written; the spin button's double may be off in the last bit. */
  w->gpu_memory_utilization = round (gtk_spin_button_get_value (self->utilization_spin) * 100) / 100;
  w->max_model_len = (guint) gtk_spin_button_get_value_as_int (self->max_len_spin);
  if (adw_expander_row_get_enable_expansion (self->placement_row))
    {
      w->gpu_layers = gtk_spin_button_get_value_as_int (self->gpu_layers_spin);
      w->cpu_moe_layers = (guint) gtk_spin_button_get_value_as_int (self->cpu_moe_spin);
    }
  w->chunked_loss = gtk_switch_get_active (self->chunked_loss_switch);
  w->lora_dropout = self->lora_dropout;
  w->ubatch = (guint) gtk_spin_button_get_value_as_int (self->ubatch_spin);
  w->mmap = gtk_switch_get_active (self->mmap_switch);
  /* In hundredths of a GiB, as the row shows it; a training workload has no file of its own. */
  if (w->mode == RIG_MODE_INFERENCE)
    w->weights_gib = round (gtk_spin_button_get_value (self->weights_spin) * 100) / 100;
  if (w->mode == RIG_MODE_INFERENCE && selected_quant_gguf (self))
    {
      g_autofree char *why = NULL;

      w->recipe = recipe_text (self, &why);
    }
  w->zero_init = gtk_switch_get_active (self->zero_init_switch);
  w->optimizer_offload = gtk_switch_get_active (self->optimizer_offload_switch);
  w->torch_compile = gtk_switch_get_active (self->compile_switch);
  w->concurrency = (guint) gtk_spin_button_get_value_as_int (self->concurrency_spin);
  w->prompt_tokens = (guint) gtk_spin_button_get_value_as_int (self->prompt_spin);
  w->output_tokens = (guint) gtk_spin_button_get_value_as_int (self->output_spin);
  /* In tenths, as the spin button shows it. */
  w->min_user_tokens_per_s = round (gtk_spin_button_get_value (self->user_speed_spin) * 10) / 10;
  read_draft (self, w);
  return w;
}

/* The model chooser ------------------------------------------------------------------------
 *
 * A popover with a search field over every model, grouped by family under headers, each with
 * its full name: AdwComboRow can neither search nor group on libadwaita 1.2. */

/* The -ngl row's subtitle for a model of @t: llama.cpp counts the output layer among -ngl's
 * (PR #18148), so one more than the model's layers puts them all on the GPUs. */
static char *
gpu_layers_subtitle (const ModelTraits *t)
{
  if (t->layers > 0 && t->mtp > 0)
    /* Translators: -ngl is llama.cpp's option; the first %u is the model's layers plus one,
     * the second its layers, the third the layers plus one plus its multi-token-prediction
     * (MTP) layers, which a model file may keep */
    return g_strdup_printf (_("-ngl, as llama.cpp counts it: the output layer first, then the "
                              "layers from the last; %u puts all of this model's %u there, %u "
                              "with a file that keeps its MTP layers"),
                            t->layers + 1, t->layers, t->layers + 1 + t->mtp);
  if (t->layers > 0)
    /* Translators: -ngl is llama.cpp's option; the first %u is the model's layers plus one,
     * the second its layers */
    return g_strdup_printf (_("-ngl, as llama.cpp counts it: the output layer first, then the "
                              "layers from the last; %u puts all of this model's %u there"),
                            t->layers + 1, t->layers);
  return g_strdup (_("-ngl, as llama.cpp counts it: the output layer first, then the layers "
                     "from the last"));
}

static void
show_model (RigWorkloadDialog *self,
            guint              index)
{
  g_autofree char *subtitle = NULL;

  if (index >= self->model_ids->len)
    return;
  self->model_index = index;
  adw_action_row_set_subtitle (self->model_row, g_ptr_array_index (self->model_names, index));
  subtitle = gpu_layers_subtitle (&g_array_index (self->model_traits, ModelTraits, index));
  adw_action_row_set_subtitle (self->gpu_layers_row, subtitle);
  forget_file (self);
  /* The drafts that share its vocabulary. */
  if (self->draft_ids != NULL)
    fill_draft (self);
}

static guint
row_model (GtkListBoxRow *row)
{
  return (guint) gtk_list_box_row_get_index (row);
}

static gboolean
model_matches (GtkListBoxRow *row,
               gpointer       user_data)
{
  RigWorkloadDialog *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->model_search));
  guint i = row_model (row);
  g_autofree char *haystack = NULL;
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  if (*text == '\0' || self->model_names == NULL || i >= self->model_names->len)
    return TRUE;
  haystack = g_strjoin (" ", (char *) g_ptr_array_index (self->model_names, i),
                        (char *) g_ptr_array_index (self->model_ids, i),
                        (char *) g_ptr_array_index (self->model_families, i), NULL);
  folded = g_utf8_casefold (haystack, -1);
  /* Every word typed appears somewhere: "r1 70" finds DeepSeek-R1-Distill-Llama-70B. */
  words = g_strsplit_set (text, " \t", -1);
  for (guint k = 0; words[k]; k++)
    {
      g_autofree char *word = g_utf8_casefold (words[k], -1);

      if (*word && strstr (folded, word) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* A header over the first row of each family. */
static void
model_header (GtkListBoxRow *row,
              GtkListBoxRow *before,
              gpointer       user_data)
{
  RigWorkloadDialog *self = user_data;
  const char *family;
  GtkWidget *header;

  /* Rows also move while the dialog goes, after the arrays. */
  if (self->model_families == NULL || row_model (row) >= self->model_families->len ||
      (before != NULL && row_model (before) >= self->model_families->len))
    return;
  family = g_ptr_array_index (self->model_families, row_model (row));
  if (before != NULL && g_strcmp0 (family, g_ptr_array_index (self->model_families, row_model (before))) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (family);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 3);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_list_box_row_set_header (row, header);
}

static void
on_model_search_changed (RigWorkloadDialog *self)
{
  gtk_list_box_invalidate_filter (self->model_list);
  gtk_list_box_invalidate_headers (self->model_list);
}

static void
on_model_activated (RigWorkloadDialog *self,
                    GtkListBoxRow     *row)
{
  show_model (self, row_model (row));
  gtk_popover_popdown (self->model_popover);
}

/* Enter in the search field takes the first model it still shows. */
static void
on_model_search_activate (RigWorkloadDialog *self)
{
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->model_list, i);

      if (row == NULL)
        return;
      if (gtk_widget_get_child_visible (GTK_WIDGET (row)) && model_matches (row, self))
        {
          on_model_activated (self, row);
          return;
        }
    }
}

/* Opens on the current model, in view and selected, with the focus in the search field. */
static void
on_model_popover_shown (RigWorkloadDialog *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->model_list, (int) self->model_index);

  gtk_editable_set_text (GTK_EDITABLE (self->model_search), "");
  if (row != NULL)
    {
      gtk_list_box_select_row (self->model_list, row);
      /* Focusing the row scrolls the list to it; the search field then takes the typing. */
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->model_search));
}

static gboolean
open_model_chooser (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  gtk_menu_button_popup (RIG_WORKLOAD_DIALOG (widget)->model_button);
  return TRUE;
}

/* A model's line under its name: its size, a mixture of experts' active share of it (what decode
 * reads a token), and its longest context. */
static char *
model_about (const RigModel *m)
{
  gboolean moe = rig_model_is_moe (m) && RIG_IS_KNOWN (m->active_params_b);

  if (RIG_IS_KNOWN (m->context_max))
    return moe ? g_strdup_printf (_("%.1fB parameters, %.1fB active · %.0fk context"), m->params_b,
                                  m->active_params_b, m->context_max / 1024)
               : g_strdup_printf (_("%.1fB parameters · %.0fk context"), m->params_b, m->context_max / 1024);
  return moe ? g_strdup_printf (_("%.1fB parameters, %.1fB active"), m->params_b, m->active_params_b)
             : g_strdup_printf (_("%.1fB parameters"), m->params_b);
}

static void
fill_models (RigWorkloadDialog *self,
             GPtrArray         *models)
{
  for (guint i = 0; models && i < models->len; i++)
    {
      RigModel *m = g_ptr_array_index (models, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *name = gtk_label_new (m->name);
      g_autofree char *about = model_about (m);
      GtkWidget *detail = gtk_label_new (about);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_wrap (GTK_LABEL (name), TRUE);
      gtk_label_set_xalign (GTK_LABEL (detail), 0);
      gtk_widget_add_css_class (detail, "caption");
      gtk_widget_add_css_class (detail, "dim-label");
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), detail);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_list_box_append (self->model_list, box);

      g_ptr_array_add (self->model_ids, g_strdup (m->id));
      g_ptr_array_add (self->model_names, g_strdup_printf (_("%s (%.1fB)"), m->name, m->params_b));
      g_ptr_array_add (self->model_families, g_strdup (m->family ? m->family : ""));
      {
        ModelTraits traits = {
          .layers = RIG_IS_KNOWN (m->layers) && m->layers >= 1 ? (guint) m->layers : 0,
          .mtp = RIG_IS_KNOWN (m->mtp_layers) && m->mtp_layers >= 1 ? (guint) m->mtp_layers : 0,
          .params_b = m->params_b,
          .vocab = m->vocab,
          .llm = rig_model_is_llm (m),
        };

        g_array_append_val (self->model_traits, traits);
      }
    }
  gtk_list_box_set_filter_func (self->model_list, model_matches, self, NULL);
  gtk_list_box_set_header_func (self->model_list, model_header, self, NULL);
}

static void
rig_workload_dialog_dispose (GObject *object)
{
  RigWorkloadDialog *self = RIG_WORKLOAD_DIALOG (object);

  /* The list's header and filter functions read the arrays while its rows go. */
  gtk_widget_dispose_template (GTK_WIDGET (self), RIG_TYPE_WORKLOAD_DIALOG);
  g_clear_pointer (&self->model_ids, g_ptr_array_unref);
  g_clear_pointer (&self->model_names, g_ptr_array_unref);
  g_clear_pointer (&self->model_families, g_ptr_array_unref);
  g_clear_pointer (&self->model_traits, g_array_unref);
  g_clear_pointer (&self->draft_ids, g_ptr_array_unref);
  g_clear_pointer (&self->draft_kept, g_free);
  g_clear_pointer (&self->quant_ids, g_ptr_array_unref);
  g_clear_pointer (&self->gguf_quants, g_hash_table_unref);
  g_clear_pointer (&self->recipe_help, g_free);
  G_OBJECT_CLASS (rig_workload_dialog_parent_class)->dispose (object);
}

/* The first field has the focus when the dialog opens, not Cancel (GTK 4.8 focuses the first
 * button of a window whatever its focus-widget says). */
static void
rig_workload_dialog_map (GtkWidget *widget)
{
  RigWorkloadDialog *self = RIG_WORKLOAD_DIALOG (widget);

  GTK_WIDGET_CLASS (rig_workload_dialog_parent_class)->map (widget);
  if (!self->focused)
    {
      self->focused = TRUE;
      gtk_widget_grab_focus (GTK_WIDGET (self->model_button));
    }
}

static void
rig_workload_dialog_class_init (RigWorkloadDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rig_workload_dialog_dispose;
  widget_class->map = rig_workload_dialog_map;

  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rigplan/Rigplan/rig-workload-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, model_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, model_button);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, model_popover);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, model_search);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, model_list);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, open_model_chooser, NULL);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, quant_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, mode_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, weights_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, weights_spin);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, recipe_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, done_button);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, context_spin);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, batch_spin);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, runtime_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, chunked_loss_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, chunked_loss_switch);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, compile_switch);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, zero_init_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, zero_init_switch);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, optimizer_offload_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, optimizer_offload_switch);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, lora_dropout_switch);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, utilization_spin);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, vllm_group);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, max_len_spin);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, split_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, kv_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, offload_switch);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, flash_switch);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, training_group);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, rank_spin);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, targets_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, rank_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, lora_dropout_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, offload_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, optimizer_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, sharding_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, checkpoint_switch);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, placement_group);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, placement_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, gpu_layers_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, gpu_layers_spin);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, cpu_moe_spin);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, ubatch_spin);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, mmap_switch);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, serving_group);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, prompt_spin);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, output_spin);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, user_speed_spin);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, draft_group);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, draft_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, draft_quant_row);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, draft_tokens_spin);
  gtk_widget_class_bind_template_child (widget_class, RigWorkloadDialog, draft_acceptance_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_done_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rig_workload_dialog_init (RigWorkloadDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rig_wheel_guard_spin_buttons (GTK_WIDGET (self));
  self->lora_dropout = NAN;
  self->model_ids = g_ptr_array_new_with_free_func (g_free);
  self->model_names = g_ptr_array_new_with_free_func (g_free);
  self->model_families = g_ptr_array_new_with_free_func (g_free);
  self->model_traits = g_array_new (FALSE, FALSE, sizeof (ModelTraits));
  self->quant_ids = g_ptr_array_new_with_free_func (g_free);
  self->gguf_quants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->recipe_help = g_strdup (gtk_widget_get_tooltip_text (GTK_WIDGET (self->recipe_row)));
  g_signal_connect_swapped (self->model_search, "search-changed", G_CALLBACK (on_model_search_changed), self);
  g_signal_connect_swapped (self->model_search, "activate", G_CALLBACK (on_model_search_activate), self);
  g_signal_connect_swapped (self->model_list, "row-activated", G_CALLBACK (on_model_activated), self);
  g_signal_connect_swapped (self->model_popover, "show", G_CALLBACK (on_model_popover_shown), self);

  set_strings (self->mode_row, (const char *[]) { _("Inference"), _("Full fine-tune"),
                                                  _("LoRA"), _("QLoRA"), NULL });
  set_strings (self->runtime_row, (const char *[]) { _("Automatic"), "llama.cpp", "vLLM",
                                                     "Transformers", "MLX", "torchtune",
                                                     "LitGPT", NULL });
  /* In the order of RigSplit. */
  set_strings (self->split_row, (const char *[]) { _("Layer split"), _("Tensor split"),
                                                   _("Row split (legacy)"), NULL });
  set_strings (self->kv_row, (const char *[]) { "F16", "Q8_0", "Q4_0", "FP8", NULL });
  set_strings (self->targets_row, (const char *[]) { _("All linear layers"), _("Attention only"),
                                                     _("Query and value"), NULL });
  set_strings (self->optimizer_row, (const char *[]) { "AdamW", _("AdamW 8-bit"), _("Paged AdamW 8-bit"),
                                                       "SGD", NULL });
  set_strings (self->sharding_row, (const char *[]) { _("Automatic (full sharding on several GPUs)"),
                                                      _("None (each GPU a full copy)"), "ZeRO-1", "ZeRO-2",
                                                      _("ZeRO-3 (DeepSpeed)"), _("FSDP (PyTorch)"), NULL });
  g_signal_connect_swapped (self->mode_row, "notify::selected", G_CALLBACK (on_mode_changed), self);
  g_signal_connect_swapped (self->quant_row, "notify::selected", G_CALLBACK (on_quant_changed), self);
  g_signal_connect_swapped (self->recipe_row, "changed", G_CALLBACK (on_recipe_changed), self);
  g_signal_connect_swapped (self->runtime_row, "notify::selected", G_CALLBACK (on_mode_changed), self);
  g_signal_connect_swapped (self->sharding_row, "notify::selected", G_CALLBACK (on_mode_changed), self);
  g_signal_connect_swapped (self->draft_row, "notify::selected", G_CALLBACK (on_draft_changed), self);
  show_whole_choices (self->draft_row);
  g_signal_connect_swapped (self->lora_dropout_switch, "notify::active",
                            G_CALLBACK (on_lora_dropout_changed), self);
}

RigWorkloadDialog *
rig_workload_dialog_new (GtkWindow         *parent,
                         RigCatalog        *catalog,
                         const RigWorkload *initial,
                         int                index)
{
  RigWorkloadDialog *self = g_object_new (RIG_TYPE_WORKLOAD_DIALOG, "transient-for", parent, NULL);
  g_autoptr(RigWorkload) defaults = rig_workload_new ();
  g_autoptr(GPtrArray) models = rig_catalog_list_models (catalog, NULL);
  g_autoptr(GPtrArray) quants = rig_catalog_list_quants (catalog, NULL);
  g_autoptr(GtkStringList) quant_names = gtk_string_list_new (NULL);
  const RigWorkload *w = initial ? initial : defaults;
  guint pos;

  self->index = index;
  fill_models (self, models);
  for (guint i = 0; quants && i < quants->len; i++)
    {
      RigQuant *q = g_ptr_array_index (quants, i);
      RigQuantFormat format = rig_quant_format (q);

      gtk_string_list_append (quant_names, q->id);
      g_ptr_array_add (self->quant_ids, g_strdup (q->id));
      if (rig_quant_format_in_gguf (format))
        g_hash_table_insert (self->gguf_quants, g_strdup (q->id), GINT_TO_POINTER (format + 1));
    }
  adw_combo_row_set_model (self->quant_row, G_LIST_MODEL (quant_names));

  pos = index_of (self->model_ids, initial ? initial->model_id : "llama-3.1-8b");
  show_model (self, pos == GTK_INVALID_LIST_POSITION ? 0 : pos);
  pos = index_of (self->quant_ids, initial ? initial->quant_id : "Q4_K_M");
  adw_combo_row_set_selected (self->quant_row, pos == GTK_INVALID_LIST_POSITION ? 0 : pos);
  adw_combo_row_set_selected (self->mode_row, w->mode);
  gtk_spin_button_set_value (self->context_spin, w->context);
  gtk_spin_button_set_value (self->batch_spin, w->batch);
  adw_combo_row_set_selected (self->runtime_row, w->runtime);
  adw_combo_row_set_selected (self->split_row, w->split);
  adw_combo_row_set_selected (self->kv_row, w->kv_cache);
  gtk_switch_set_active (self->offload_switch, w->offload);
  gtk_switch_set_active (self->flash_switch, w->flash_attention);
  gtk_spin_button_set_value (self->rank_spin, w->lora_rank);
  adw_combo_row_set_selected (self->targets_row, w->lora_targets);
  adw_combo_row_set_selected (self->optimizer_row, w->optimizer);
  adw_combo_row_set_selected (self->sharding_row, w->sharding);
  gtk_switch_set_active (self->checkpoint_switch, w->gradient_checkpointing);
  gtk_switch_set_active (self->chunked_loss_switch, w->chunked_loss);
  self->lora_dropout = w->lora_dropout;
  gtk_spin_button_set_value (self->ubatch_spin, w->ubatch);
  gtk_switch_set_active (self->mmap_switch, w->mmap);
  gtk_spin_button_set_value (self->weights_spin, w->weights_gib);   /* after the model and quant */
  gtk_editable_set_text (GTK_EDITABLE (self->recipe_row), w->recipe ? w->recipe : "");
  gtk_switch_set_active (self->zero_init_switch, w->zero_init);
  gtk_switch_set_active (self->optimizer_offload_switch, w->optimizer_offload);
  gtk_switch_set_active (self->compile_switch, w->torch_compile);
  self->syncing_dropout = TRUE;
  gtk_switch_set_active (self->lora_dropout_switch, rig_workload_lora_dropout (w) > 0);
  self->syncing_dropout = FALSE;
  gtk_spin_button_set_value (self->utilization_spin, w->gpu_memory_utilization);
  gtk_spin_button_set_value (self->max_len_spin, w->max_model_len);
  adw_expander_row_set_enable_expansion (self->placement_row, w->gpu_layers >= 0 || w->cpu_moe_layers > 0);
  adw_expander_row_set_expanded (self->placement_row, w->gpu_layers >= 0 || w->cpu_moe_layers > 0);
  if (w->gpu_layers >= 0)
    gtk_spin_button_set_value (self->gpu_layers_spin, w->gpu_layers);
  gtk_spin_button_set_value (self->cpu_moe_spin, w->cpu_moe_layers);
  gtk_spin_button_set_value (self->concurrency_spin, w->concurrency);
  gtk_spin_button_set_value (self->prompt_spin, w->prompt_tokens);
  gtk_spin_button_set_value (self->output_spin, w->output_tokens);
  gtk_spin_button_set_value (self->user_speed_spin, w->min_user_tokens_per_s);
  self->draft_kept = g_strdup (w->draft_model_id);
  self->draft_ids = g_ptr_array_new_with_free_func (g_free);
  fill_draft (self);
  fill_draft_quants (self);
  show_draft (self, w);
  gtk_window_set_title (GTK_WINDOW (self), initial ? _("Edit Workload") : _("New Workload"));
  on_mode_changed (self);
  return self;
}
