/* test-gui-window.c: build a configuration through the window's real widgets
 *
 * Runs under Xvfb and a D-Bus session (suite "gui"; see build-aux/test).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "rig-application.h"
#include "rig-compare-window.h"
#include "rig-build-file.h"
#include "rig-test-http.h"
#include "rig-test-util.h"
#include "rig-window.h"
#include "rig-figure-row.h"
#include "rig-part-object.h"
#include "rig-workload-dialog.h"

static void
iterate (void)
{
  for (int i = 0; i < 200 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static const char *
widget_text (GtkWidget *w)
{
  if (GTK_IS_LABEL (w))
    return gtk_label_get_label (GTK_LABEL (w));
  if (ADW_IS_STATUS_PAGE (w))
    return adw_status_page_get_description (ADW_STATUS_PAGE (w));
  if (ADW_IS_EXPANDER_ROW (w))
    return adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (w));
  if (ADW_IS_PREFERENCES_ROW (w))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w));
  if (GTK_IS_BUTTON (w))
    return gtk_button_get_label (GTK_BUTTON (w));
  return NULL;
}

/* Depth-first search for a widget of @type whose text contains @needle (any when NULL). */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *needle)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    {
      const char *text = widget_text (root);
      if (needle == NULL || (text && strstr (text, needle)))
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, needle);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* owned by GTK */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WINDOW (w);
    }
  return NULL;
}

static RigApplication *app;
static RigWindow *window;

static void
test_empty_window (void)
{
  const RigReport *report = rig_window_get_report (window);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_nonnull (report);
  g_assert_cmpuint (rig_window_get_build (window)->items->len, ==, 0);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "No workloads"));
  /* No parts: the plan says what to do instead of showing zeros. */
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Nothing to check yet"));
  g_assert_false (gtk_widget_get_mapped (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Sustained load")));
  g_assert_false (rig_window_get_dirty (window));
}

static void
test_build_through_widgets (void)
{
  GtkWindow *picker;
  GtkWidget *search, *view, *spin;
  const RigReport *report;
  const RigWorkloadResult *r;
  GtkWidget *fit_label;

  /* A workload from the presets menu's action. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-workload", "s", "chat-70b");
  iterate ();
  g_assert_cmpuint (rig_window_get_build (window)->workloads->len, ==, 1);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Llama 3.3 70B"));

  /* A GPU through the catalog picker: type, then activate the first row. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-part", "s", "gpu");
  iterate ();
  picker = find_toplevel (g_type_from_name ("RigPartPicker"));
  g_assert_nonnull (picker);
  search = find_widget (GTK_WIDGET (picker), GTK_TYPE_SEARCH_ENTRY, NULL);
  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), "rtx 3090");
  for (int i = 0; i < 20; i++)
    {
      g_usleep (20000);
      iterate ();
    }
  view = find_widget (GTK_WIDGET (picker), GTK_TYPE_COLUMN_VIEW, NULL);
  g_assert_nonnull (view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)))), >=, 1);
  g_signal_emit_by_name (view, "activate", 0);
  iterate ();
  g_assert_cmpuint (rig_window_get_build (window)->items->len, ==, 1);
  g_assert_cmpstr (((RigBuildItem *) g_ptr_array_index (rig_window_get_build (window)->items, 0))->part_id,
                   ==, "nvidia-rtx-3090");

  /* One 3090 cannot hold a 70B model: the window says so, as the engine does. */
  report = rig_window_get_report (window);
  r = &g_array_index (report->workloads, RigWorkloadResult, 0);
  g_assert_cmpint (r->fit, ==, RIG_FIT_NONE);
  fit_label = find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Does not fit");
  g_assert_nonnull (fit_label);

  /* Two of them: open the part's row and set its count as a person would. */
  {
    GtkWidget *row = find_widget (GTK_WIDGET (window), g_type_from_name ("RigPartRow"), NULL);

    g_assert_nonnull (row);
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
    spin = find_widget (row, GTK_TYPE_SPIN_BUTTON, NULL);
  }
  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2);
  iterate ();
  report = rig_window_get_report (window);
  r = &g_array_index (report->workloads, RigWorkloadResult, 0);
  g_assert_cmpint (r->fit, ==, RIG_FIT_GPU);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Fits in GPU memory"));
  g_assert_null (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Does not fit"));
  {
    /* The decode speed shown is the engine's. */
    g_autofree char *speed = g_strdup_printf ("%.1f tokens/s", r->decode_tokens_per_s);
    g_assert_nonnull (find_widget (GTK_WIDGET (window), ADW_TYPE_EXPANDER_ROW, speed));
  }
  {
    /* The memory row lists the runtime's terms: llama.cpp's compute buffer on each GPU. */
    g_autofree char *compute = g_strdup_printf ("compute buffer %.1f\u00a0GiB",
                                                r->memory.terms[RIG_MEMORY_COMPUTE_BUFFER] / (double) (1u << 30));
    g_assert_cmpint (r->runtime, ==, RIG_RUNTIME_LLAMA_CPP);
    g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, compute));
  }
  {
    g_autofree char *sustained = g_strdup_printf ("%.0f W", report->power.sustained_w);
    g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, sustained));
  }
  g_assert_true (rig_window_get_dirty (window));
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found)
        return found;
    }
  return NULL;
}

static void
test_workload_dialog (void)
{
  GtkWindow *dialog;
  GtkWidget *context, *done;
  guint before = rig_window_get_build (window)->workloads->len;
  const RigWorkload *added;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-workload", "s", "custom");
  iterate ();
  dialog = find_toplevel (g_type_from_name ("RigWorkloadDialog"));
  g_assert_nonnull (dialog);
  /* The first field, the model, has the focus; not Cancel, which Enter would press. */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));
    GtkWidget *model = find_widget (GTK_WIDGET (dialog), GTK_TYPE_MENU_BUTTON, NULL);

    g_assert_nonnull (focus);
    g_assert_true (focus == model || gtk_widget_is_ancestor (focus, model));
  }
  /* The context's row, then its spin button. */
  context = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Context");
  g_assert_nonnull (context);
  context = find_widget (context, GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_nonnull (context);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (context), 16384);
  done = find_button (GTK_WIDGET (dialog), "_Done");
  g_assert_nonnull (done);
  g_signal_emit_by_name (done, "clicked");
  iterate ();

  g_assert_cmpuint (rig_window_get_build (window)->workloads->len, ==, before + 1);
  added = g_ptr_array_index (rig_window_get_build (window)->workloads, before);
  g_assert_cmpuint (added->context, ==, 16384);
  g_assert_nonnull (added->model);
  g_assert_cmpuint (rig_window_get_report (window)->workloads->len, ==, before + 1);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  iterate ();
  g_assert_cmpuint (rig_window_get_build (window)->workloads->len, ==, before);
}

/* The model chooser searches every word typed across names, ids and families, groups models
 * under their family, shows full names, opens on the current model, and Enter takes the first
 * model left. */
static void
test_model_chooser (void)
{
  g_autoptr(RigWorkload) chosen = NULL;
  RigWorkloadDialog *dialog = rig_workload_dialog_new (GTK_WINDOW (window),
                                                       rig_application_get_catalog (app), NULL, -1);
  GtkWidget *button, *search, *list, *selected;
  guint shown = 0, all = 0;

  gtk_window_present (GTK_WINDOW (dialog));
  iterate ();
  button = find_widget (GTK_WIDGET (dialog), GTK_TYPE_MENU_BUTTON, NULL);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  iterate ();
  search = find_widget (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))),
                        GTK_TYPE_SEARCH_ENTRY, NULL);
  list = find_widget (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))),
                      GTK_TYPE_LIST_BOX, NULL);
  g_assert_nonnull (search);
  g_assert_nonnull (list);
  /* It opens on the current model (Llama 3.1 8B for a new workload), with the focus in search. */
  selected = GTK_WIDGET (gtk_list_box_get_selected_row (GTK_LIST_BOX (list)));
  g_assert_nonnull (selected);
  g_assert_nonnull (find_widget (selected, GTK_TYPE_LABEL, "Llama 3.1 8B"));
  g_assert_true (gtk_widget_has_focus (search) || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)), search));
  /* Full names, and family headers. */
  g_assert_nonnull (find_widget (list, GTK_TYPE_LABEL, "DeepSeek-R1-Distill-Llama-70B"));
  g_assert_nonnull (gtk_list_box_row_get_header (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0)));
  /* A mixture of experts says how much of it a token reads; a dense model has no such share. */
  g_assert_nonnull (find_widget (list, GTK_TYPE_LABEL, "116.8B parameters, 5.1B active · 128k context"));
  g_assert_nonnull (find_widget (list, GTK_TYPE_LABEL, "70.5B parameters · 128k context"));

  gtk_editable_set_text (GTK_EDITABLE (search), "distill llama 70");
  g_signal_emit_by_name (search, "search-changed");
  iterate ();
  for (GtkListBoxRow *row; (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int) all)); all++)
    shown += gtk_widget_get_child_visible (GTK_WIDGET (row));
  g_assert_cmpuint (all, >, 30);
  g_assert_cmpuint (shown, ==, 1);
  g_signal_emit_by_name (search, "activate");
  iterate ();
  chosen = rig_workload_dialog_dup_workload (dialog);
  g_assert_cmpstr (chosen->model_id, ==, "deepseek-r1-distill-llama-70b");
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
}

/* Below the width of both panes the window folds to one, with a bar to switch between the
 * parts and the plan, and still fits 360 px; wide, both panes show side by side. */
static gboolean
wait_allocated (GtkWidget *widget)
{
  for (int i = 0; i < 400 && gtk_widget_get_width (widget) == 0; i++)
    g_main_context_iteration (NULL, TRUE);
  iterate ();
  return gtk_widget_get_width (widget) > 0;
}

static void
test_narrow_layout (void)
{
  RigWindow *narrow, *wide;
  GtkWidget *leaflet, *bar, *plan;

  /* GNOME's title bar buttons, as a phone or a half-screen window has them: Close only. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", ":close", NULL);
  narrow = rig_window_new (app);
  wide = rig_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (narrow), 360, 700);
  gtk_window_present (GTK_WINDOW (narrow));
  leaflet = find_widget (GTK_WIDGET (narrow), ADW_TYPE_LEAFLET, NULL);
  g_assert_nonnull (leaflet);
  g_assert_true (wait_allocated (leaflet));
  g_assert_true (adw_leaflet_get_folded (ADW_LEAFLET (leaflet)));
  /* Folded, the header keeps only what fits: the window can be made 360 px wide. */
  {
    int min = 0;

    gtk_widget_measure (GTK_WIDGET (narrow), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
    g_assert_cmpint (min, <=, 360);
  }
  bar = find_widget (GTK_WIDGET (narrow), GTK_TYPE_ACTION_BAR, NULL);
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ADW_LEAFLET (leaflet)), ==, "parts");
  plan = find_button (bar, "P_lan");
  g_assert_nonnull (plan);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (plan), TRUE);
  iterate ();
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ADW_LEAFLET (leaflet)), ==, "results");

  gtk_window_set_default_size (GTK_WINDOW (wide), 1200, 700);
  gtk_window_present (GTK_WINDOW (wide));
  leaflet = find_widget (GTK_WIDGET (wide), ADW_TYPE_LEAFLET, NULL);
  g_assert_true (wait_allocated (leaflet));
  g_assert_false (adw_leaflet_get_folded (ADW_LEAFLET (leaflet)));
  g_assert_false (gtk_widget_get_visible (find_widget (GTK_WIDGET (wide), GTK_TYPE_ACTION_BAR, NULL)));

  gtk_window_destroy (GTK_WINDOW (narrow));
  gtk_window_destroy (GTK_WINDOW (wide));
  iterate ();
}

/* With minimize and maximize beside close, the header's buttons need more width than the two panes
 * do side by side: a window manager keeping the window at that width would never let the leaflet
 * fold, so the window folds it itself near that width, and unfolds it again with room to spare. */
static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Waits up to a second for the leaflet to fold or unfold: the window changes it after an
 * allocation, and the new layout comes with a later frame. */
static gboolean
wait_folded (GtkWidget *leaflet,
             gboolean   folded)
{
  guint timer = g_timeout_add (10, tick, NULL);

  for (int i = 0; i < 100 && adw_leaflet_get_folded (ADW_LEAFLET (leaflet)) != folded; i++)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timer);
  return adw_leaflet_get_folded (ADW_LEAFLET (leaflet)) == folded;
}

/* A new window @width wide in @shown, presented, and its leaflet once allocated. */
static GtkWidget *
present_at (RigWindow **shown,
            int         width)
{
  GtkWidget *leaflet;

  *shown = rig_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (*shown), width, 700);
  gtk_window_present (GTK_WINDOW (*shown));
  leaflet = find_widget (GTK_WIDGET (*shown), ADW_TYPE_LEAFLET, NULL);
  g_assert_true (wait_allocated (leaflet));
  return leaflet;
}

static void
test_narrow_layout_full_header (void)
{
  RigWindow *wide, *near, *roomy;
  GtkWidget *leaflet;
  int header_min = 0, min = 0;

  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "menu:minimize,maximize,close",
                NULL);
  leaflet = present_at (&wide, 1200);
  g_assert_false (adw_leaflet_get_folded (ADW_LEAFLET (leaflet)));
  gtk_widget_measure (find_widget (GTK_WIDGET (wide), ADW_TYPE_HEADER_BAR, NULL),
                      GTK_ORIENTATION_HORIZONTAL, -1, &header_min, NULL, NULL, NULL);
  g_assert_cmpint (header_min, >, 360);

  /* A few pixels above the full header's least width: folded, and free to narrow further. */
  leaflet = present_at (&near, header_min + 4);
  g_assert_true (wait_folded (leaflet, TRUE));
  iterate ();
  gtk_widget_measure (GTK_WIDGET (near), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  g_assert_cmpint (min, <, header_min);

  /* With room for the full header and a margin, both panes. */
  leaflet = present_at (&roomy, header_min + 100);
  g_assert_false (wait_folded (leaflet, TRUE));

  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", ":close", NULL);
  gtk_window_destroy (GTK_WINDOW (wide));
  gtk_window_destroy (GTK_WINDOW (near));
  gtk_window_destroy (GTK_WINDOW (roomy));
  iterate ();
}

/* The dialog shows vLLM's settings and the chunked loss, and gives them back as they were. */
static void
test_workload_dialog_vllm_settings (void)
{
  g_autoptr(RigWorkload) initial = rig_workload_new ();
  g_autoptr(RigWorkload) edited = NULL;
  RigWorkloadDialog *dialog;

  initial->model_id = g_strdup ("llama-3.1-70b");
  initial->quant_id = g_strdup ("AWQ-4bit");
  initial->runtime = RIG_RUNTIME_VLLM;
  initial->gpu_memory_utilization = 0.95;
  initial->max_model_len = 16384;
  initial->chunked_loss = TRUE;
  initial->concurrency = 12;
  initial->prompt_tokens = 3000;
  initial->output_tokens = 400;
  initial->min_user_tokens_per_s = 17.5;
  dialog = rig_workload_dialog_new (GTK_WINDOW (window), rig_application_get_catalog (app), initial, 0);
  edited = rig_workload_dialog_dup_workload (dialog);
  g_assert_cmpfloat (edited->gpu_memory_utilization, ==, 0.95);
  g_assert_cmpuint (edited->max_model_len, ==, 16384);
  g_assert_true (edited->chunked_loss);
  g_assert_cmpuint (edited->concurrency, ==, 12);
  g_assert_cmpuint (edited->prompt_tokens, ==, 3000);
  g_assert_cmpuint (edited->output_tokens, ==, 400);
  g_assert_cmpfloat (edited->min_user_tokens_per_s, ==, 17.5);
  g_assert_true (isnan (edited->lora_dropout));
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
  g_clear_pointer (&edited, rig_workload_free);

  /* An adapter dropout the workload sets comes back as it was. */
  initial->mode = RIG_MODE_LORA;
  initial->runtime = RIG_RUNTIME_LITGPT;
  initial->lora_dropout = 0.1;
  dialog = rig_workload_dialog_new (GTK_WINDOW (window), rig_application_get_catalog (app), initial, 0);
  edited = rig_workload_dialog_dup_workload (dialog);
  g_assert_cmpfloat (edited->lora_dropout, ==, 0.1);
  g_assert_cmpint (edited->runtime, ==, RIG_RUNTIME_LITGPT);
  /* LitGPT always chunks the loss: the switch says so and cannot be turned off. */
  initial->chunked_loss = FALSE;
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
  g_clear_pointer (&edited, rig_workload_free);
  dialog = rig_workload_dialog_new (GTK_WINDOW (window), rig_application_get_catalog (app), initial, 0);
  edited = rig_workload_dialog_dup_workload (dialog);
  g_assert_true (edited->chunked_loss);
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
}

/* A weights file's own tensor types come back as the workload gave them. A recipe that does not
 * read marks its row, says why in its title and holds Done; a training run, which shows no such
 * row, is not held by it and gives no recipe. */
static void
test_workload_dialog_recipe (void)
{
  static const char *unsloth = "default:Q8_0;ffn_gate_exps:Q4_K;ffn_up_exps:Q4_K;"
                               "ffn_down_exps:Q5_K";
  g_autoptr(RigWorkload) initial = rig_workload_new ();
  g_autoptr(RigWorkload) edited = NULL;
  RigWorkloadDialog *dialog;
  GtkWidget *row, *done;
  GtkWidget *mode;

  initial->model_id = g_strdup ("gemma-4-26b-a4b");
  initial->quant_id = g_strdup ("Q4_K_M");
  initial->weights_gib = 15.9;
  initial->recipe = g_strdup (unsloth);
  dialog = rig_workload_dialog_new (GTK_WINDOW (window), rig_application_get_catalog (app), initial, 0);
  row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Tensor types");
  done = find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "Done");
  g_assert_nonnull (row);
  g_assert_nonnull (done);
  g_assert_true (gtk_widget_get_visible (row));
  g_assert_true (gtk_widget_get_sensitive (done));
  edited = rig_workload_dialog_dup_workload (dialog);
  g_assert_cmpstr (edited->recipe, ==, unsloth);
  g_assert_cmpfloat (edited->weights_gib, ==, 15.9);
  g_clear_pointer (&edited, rig_workload_free);

  gtk_editable_set_text (GTK_EDITABLE (row), "default:Q8_0;experts:Q4_K");
  g_assert_false (gtk_widget_get_sensitive (done));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "“experts” is not a tensor name");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (row), "ffn_gate_exps"));
  gtk_editable_set_text (GTK_EDITABLE (row), "default:Q8_0;ffn_up_exps:Q9_K");
  g_assert_false (gtk_widget_get_sensitive (done));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Q9_K"));
  /* bitsandbytes' NF4 is in the catalog, but no GGUF file holds it; F16 tensors are a file's
   * own. */
  gtk_editable_set_text (GTK_EDITABLE (row), "default:Q8_0;ffn_up_exps:NF4");
  g_assert_false (gtk_widget_get_sensitive (done));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "NF4"));
  gtk_editable_set_text (GTK_EDITABLE (row), "default:Q8_0;token_embd:F16");
  g_assert_true (gtk_widget_get_sensitive (done));
  gtk_editable_set_text (GTK_EDITABLE (row), "  default:Q8_0  ");
  g_assert_true (gtk_widget_get_sensitive (done));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  edited = rig_workload_dialog_dup_workload (dialog);
  g_assert_cmpstr (edited->recipe, ==, "default:Q8_0");
  g_clear_pointer (&edited, rig_workload_free);

  /* A training run shows no file of its own: a recipe that does not read holds nothing. */
  gtk_editable_set_text (GTK_EDITABLE (row), "not a recipe");
  g_assert_false (gtk_widget_get_sensitive (done));
  mode = find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Mode");
  g_assert_nonnull (mode);
  adw_combo_row_set_selected (ADW_COMBO_ROW (mode), RIG_MODE_LORA);
  g_assert_false (gtk_widget_get_visible (row));
  g_assert_true (gtk_widget_get_sensitive (done));
  edited = rig_workload_dialog_dup_workload (dialog);
  g_assert_null (edited->recipe);
  g_clear_pointer (&edited, rig_workload_free);
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
}

/* llama.cpp's -ngl and --n-cpu-moe come back as the workload set them; left unset, they stay
 * unset, and a vLLM workload does not show them. */
static void
test_workload_dialog_placement (void)
{
  g_autoptr(RigWorkload) initial = rig_workload_new ();
  g_autoptr(RigWorkload) edited = NULL;
  RigWorkloadDialog *dialog;
  GtkWidget *group;

  initial->model_id = g_strdup ("qwen3-30b-a3b");
  initial->quant_id = g_strdup ("Q4_K_M");
  initial->runtime = RIG_RUNTIME_LLAMA_CPP;
  dialog = rig_workload_dialog_new (GTK_WINDOW (window), rig_application_get_catalog (app), initial, 0);
  edited = rig_workload_dialog_dup_workload (dialog);
  g_assert_cmpint (edited->gpu_layers, ==, -1);
  g_assert_cmpuint (edited->cpu_moe_layers, ==, 0);
  g_assert_cmpuint (edited->ubatch, ==, 0);
  /* The prompt batch (-ub) is set in the llama.cpp group. */
  {
    GtkWidget *row = gtk_widget_get_ancestor (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "Prompt batch"),
                                              ADW_TYPE_ACTION_ROW);
    g_autoptr(RigWorkload) batched = NULL;

    g_assert_nonnull (row);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row))),
                               2048);
    batched = rig_workload_dialog_dup_workload (dialog);
    g_assert_cmpuint (batched->ubatch, ==, 2048);
  }
  /* So is whether it maps the model file (--no-mmap turns it off). */
  g_assert_true (edited->mmap);
  {
    GtkWidget *row = gtk_widget_get_ancestor (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL,
                                                           "Map the model file"),
                                              ADW_TYPE_ACTION_ROW);
    g_autoptr(RigWorkload) unmapped = NULL;

    g_assert_nonnull (row);
    gtk_switch_set_active (GTK_SWITCH (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row))),
                           FALSE);
    unmapped = rig_workload_dialog_dup_workload (dialog);
    g_assert_false (unmapped->mmap);
  }
  group = find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "-ngl and --n-cpu-moe");
  group = gtk_widget_get_ancestor (group, ADW_TYPE_PREFERENCES_GROUP);
  g_assert_nonnull (group);
  g_assert_true (gtk_widget_get_visible (group));
  /* -ngl's row says what puts all of the model's layers on the GPUs: Qwen3 30B-A3B has 48, and
   * llama.cpp counts the output layer among them. */
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL,
                                 "49 puts all of this model's 48 there"));
  g_assert_null (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "MTP layers"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
  g_clear_pointer (&edited, rig_workload_free);

  initial->gpu_layers = 0;
  initial->cpu_moe_layers = 36;
  initial->ubatch = 1024;
  initial->mmap = FALSE;
  initial->zero_init = FALSE;
  initial->torch_compile = TRUE;
  dialog = rig_workload_dialog_new (GTK_WINDOW (window), rig_application_get_catalog (app), initial, 0);
  edited = rig_workload_dialog_dup_workload (dialog);
  g_assert_cmpint (edited->gpu_layers, ==, 0);
  g_assert_cmpuint (edited->cpu_moe_layers, ==, 36);
  g_assert_cmpuint (edited->ubatch, ==, 1024);
  g_assert_false (edited->mmap);
  g_assert_false (edited->zero_init);
  g_assert_true (edited->torch_compile);
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
  g_clear_pointer (&edited, rig_workload_free);

  initial->runtime = RIG_RUNTIME_VLLM;
  dialog = rig_workload_dialog_new (GTK_WINDOW (window), rig_application_get_catalog (app), initial, 0);
  group = find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "-ngl and --n-cpu-moe");
  group = gtk_widget_get_ancestor (group, ADW_TYPE_PREFERENCES_GROUP);
  g_assert_nonnull (group);
  g_assert_false (gtk_widget_get_visible (group));
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();

  /* A full fine-tune shows no adapter settings, and training no KV cache, split or offload. */
  {
    static const struct { RigWorkloadMode mode; gboolean adapters, inference; } modes[] = {
      { RIG_MODE_FULL_FINETUNE, FALSE, FALSE }, { RIG_MODE_LORA, TRUE, FALSE },
      { RIG_MODE_INFERENCE, FALSE, TRUE },
    };

    for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
      {
        GtkWidget *rank, *kv;

        initial->mode = modes[m].mode;
        dialog = rig_workload_dialog_new (GTK_WINDOW (window), rig_application_get_catalog (app), initial, 0);
        rank = gtk_widget_get_ancestor (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "LoRA rank"),
                                        ADW_TYPE_ACTION_ROW);
        kv = gtk_widget_get_ancestor (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "KV cache"),
                                      ADW_TYPE_COMBO_ROW);
        g_assert_nonnull (rank);
        g_assert_nonnull (kv);
        g_assert_cmpint (gtk_widget_get_visible (rank), ==, modes[m].adapters);
        g_assert_cmpint (gtk_widget_get_visible (kv), ==, modes[m].inference);
        gtk_window_destroy (GTK_WINDOW (dialog));
        iterate ();
      }
    initial->mode = RIG_MODE_INFERENCE;
  }

  /* Loading inside zero.Init is a switch where DeepSpeed's ZeRO-3 shards a training run, and a
   * build file's false survives an edit; FSDP has no such switch. */
  {
    static const struct { RigSharding sharding; gboolean shown; } shardings[] = {
      { RIG_SHARDING_ZERO3, TRUE }, { RIG_SHARDING_FSDP, FALSE },
    };

    initial->mode = RIG_MODE_FULL_FINETUNE;
    initial->runtime = RIG_RUNTIME_TRANSFORMERS;
    initial->zero_init = FALSE;
    for (guint s = 0; s < G_N_ELEMENTS (shardings); s++)
      {
        GtkWidget *row;

        initial->sharding = shardings[s].sharding;
        dialog = rig_workload_dialog_new (GTK_WINDOW (window), rig_application_get_catalog (app), initial, 0);
        row = gtk_widget_get_ancestor (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "Loaded inside zero.Init"),
                                       ADW_TYPE_ACTION_ROW);
        g_assert_nonnull (row);
        g_assert_cmpint (gtk_widget_get_visible (row), ==, shardings[s].shown);
        edited = rig_workload_dialog_dup_workload (dialog);
        g_assert_false (edited->zero_init);
        g_assert_cmpint (edited->sharding, ==, shardings[s].sharding);
        g_clear_pointer (&edited, rig_workload_free);
        gtk_window_destroy (GTK_WINDOW (dialog));
        iterate ();
      }
    initial->mode = RIG_MODE_INFERENCE;
    initial->runtime = RIG_RUNTIME_DEFAULT;
    initial->sharding = RIG_SHARDING_AUTO;
    initial->zero_init = TRUE;
  }
}

/* The dialog shows the draft model, its quantization, length and acceptance, gives them back
 * as they were, gives no draft for None, the model's own prediction modules with their length
 * and acceptance, and hides them for training. */
static void
test_workload_dialog_draft (void)
{
  g_autoptr(RigWorkload) initial = rig_workload_new ();
  g_autoptr(RigWorkload) edited = NULL;
  g_autoptr(RigWorkload) none = NULL;
  g_autoptr(RigWorkload) mtp = NULL;
  RigWorkloadDialog *dialog;
  GtkWidget *group, *draft_row, *tokens_row;
  AdwComboRow *combo;
  g_autoptr(GtkStringObject) shown = NULL;

  initial->model_id = g_strdup ("llama-3.1-70b");
  initial->quant_id = g_strdup ("Q4_K_M");
  initial->draft_model_id = g_strdup ("llama-3.2-1b");
  initial->draft_quant_id = g_strdup ("Q8_0");
  initial->draft_tokens = 6;
  initial->draft_acceptance = 0.65;
  dialog = rig_workload_dialog_new (GTK_WINDOW (window), rig_application_get_catalog (app), initial, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate ();

  group = find_widget (GTK_WIDGET (dialog), ADW_TYPE_PREFERENCES_GROUP, NULL);
  draft_row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Draft model");
  tokens_row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Draft tokens");
  g_assert_nonnull (group);
  g_assert_nonnull (draft_row);
  g_assert_nonnull (tokens_row);
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Draft quantization"));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Acceptance"));
  g_assert_true (gtk_widget_is_drawable (draft_row));
  combo = ADW_COMBO_ROW (draft_row);
  shown = g_object_ref (adw_combo_row_get_selected_item (combo));
  g_assert_true (g_str_has_prefix (gtk_string_object_get_string (shown), "Llama 3.2 1B"));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (find_widget (tokens_row, GTK_TYPE_SPIN_BUTTON, NULL))),
                     ==, 6);

  /* It lists the smaller language models that share the model's vocabulary: Llama 3.2 1B,
   * not an image model, not Qwen, not Llama 3.1 405B. */
  {
    GListModel *list = adw_combo_row_get_model (combo);
    gboolean llama_1b = FALSE;

    g_assert_cmpuint (g_list_model_get_n_items (list), >, 3);
    for (guint i = 2; i < g_list_model_get_n_items (list); i++)
      {
        g_autoptr(GtkStringObject) item = g_list_model_get_item (list, i);
        const char *name = gtk_string_object_get_string (item);

        llama_1b |= g_str_has_prefix (name, "Llama 3.2 1B");
        g_assert_false (g_str_has_prefix (name, "FLUX"));
        g_assert_false (g_str_has_prefix (name, "Qwen"));
        g_assert_false (g_str_has_prefix (name, "Llama 3.1 405B"));
        g_assert_false (g_str_has_prefix (name, "Llama 3.1 70B"));
      }
    g_assert_true (llama_1b);
  }

  edited = rig_workload_dialog_dup_workload (dialog);
  g_assert_cmpstr (edited->draft_model_id, ==, "llama-3.2-1b");
  g_assert_cmpstr (edited->draft_quant_id, ==, "Q8_0");
  g_assert_cmpuint (edited->draft_tokens, ==, 6);
  g_assert_cmpfloat (edited->draft_acceptance, ==, 0.65);

  adw_combo_row_set_selected (combo, 0);
  none = rig_workload_dialog_dup_workload (dialog);
  g_assert_null (none->draft_model_id);
  g_assert_null (none->draft_quant_id);

  /* The model's own multi-token prediction: one token a step, DeepSeek's acceptance. */
  adw_combo_row_set_selected (combo, 1);
  mtp = rig_workload_dialog_dup_workload (dialog);
  g_assert_cmpstr (mtp->draft_model_id, ==, RIG_DRAFT_MTP);
  g_assert_cmpuint (mtp->draft_tokens, ==, 1);
  g_assert_cmpfloat (mtp->draft_acceptance, ==, RIG_DRAFT_ACCEPTANCE_MTP);

  /* A draft the workload already had stays listed and comes back unchanged, whatever it is. */
  {
    g_autoptr(RigWorkload) odd = rig_workload_new ();
    g_autoptr(RigWorkload) back = NULL;
    RigWorkloadDialog *other;

    odd->model_id = g_strdup ("llama-3.1-70b");
    odd->quant_id = g_strdup ("Q4_K_M");
    odd->draft_model_id = g_strdup ("qwen3-4b");
    other = rig_workload_dialog_new (GTK_WINDOW (window), rig_application_get_catalog (app), odd,
                                     0);
    back = rig_workload_dialog_dup_workload (other);
    g_assert_cmpstr (back->draft_model_id, ==, "qwen3-4b");
    gtk_window_destroy (GTK_WINDOW (other));
  }

  /* Training has no draft to plan. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Mode")),
                              RIG_MODE_LORA);
  iterate ();
  g_assert_false (gtk_widget_is_drawable (draft_row));
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
}

/* A new window showing the build file tests/fixtures/@name. */
static RigWindow *
open_fixture (const char *name)
{
  g_autofree char *path = rig_test_fixture (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  RigWindow *w = rig_window_new (app);

  gtk_window_present (GTK_WINDOW (w));
  rig_window_open_file (w, file);
  iterate ();
  return w;
}

/* A workload with a draft model: the results show the speed-up and the draft's memory. */
static void
test_results_speculative (void)
{
  RigWindow *w = open_fixture ("three-3090-draft.json");
  GtkWidget *row;

  row = find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "× faster");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_is_drawable (row));
  g_assert_nonnull (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "Llama 3.1 8B drafts 3 tokens a step"));
  g_assert_nonnull (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "draft model"));
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

/* A weights file of the user's: the workload's line says it has its own tensor types, and the
 * memory row why the weights hold more than the file (llama.cpp's second copy of the tied
 * embedding). */
static void
test_results_weights_file (void)
{
  RigWindow *w = open_fixture ("rtx-4090-unsloth-file.json");

  g_assert_nonnull (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL,
                                 "15.90 GiB file · its own tensor types"));
  g_assert_nonnull (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL,
                                 "the weights are the 15.90 GiB file and 0.74 GiB more"));
  g_assert_nonnull (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL,
                                 "second copy of the tied embedding for the output layer"));
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

/* A draft of another vocabulary, which the runtimes refuse: the row says the workload runs
 * without it, and why. */
static void
test_results_speculative_refused (void)
{
  RigWindow *w = open_fixture ("three-3090-other-draft.json");

  g_assert_nonnull (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "without a draft"));
  g_assert_null (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "× faster"));
  g_assert_nonnull (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "Planned without a draft"));
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

/* A llama.cpp workload's prompt batch and --no-mmap show on its row, and with its experts in
 * system memory the findings say what a larger batch and pinned memory give. */
static void
test_workload_row_llamacpp_settings (void)
{
  RigWindow *w = open_fixture ("gpt-oss-offload.json");
  RigBuild *edit;
  RigWorkload *wl;
  GtkWidget *label;

  label = find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "prompt batch 2048 · no mmap");
  g_assert_nonnull (label);
  /* At -ub 2048 and --no-mmap there is nothing to offer. */
  g_assert_null (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "With -ub 2048"));
  g_assert_null (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "Started with --no-mmap"));

  /* llama.cpp's defaults: both are offered. */
  edit = rig_build_copy (rig_window_get_build (w));
  wl = g_ptr_array_index (edit->workloads, 0);
  wl->ubatch = 0;
  wl->mmap = TRUE;
  g_assert_true (rig_window_set_build (w, edit));
  iterate ();
  g_assert_null (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "no mmap"));
  g_assert_nonnull (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "With -ub 2048"));
  g_assert_nonnull (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "Started with --no-mmap"));
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

static void
test_undo_redo (void)
{
  const RigBuild *build;

  build = rig_window_get_build (window);
  g_assert_cmpuint (((RigBuildItem *) g_ptr_array_index (build->items, 0))->count, ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  iterate ();
  build = rig_window_get_build (window);
  g_assert_cmpuint (((RigBuildItem *) g_ptr_array_index (build->items, 0))->count, ==, 1);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Does not fit"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
  iterate ();
  build = rig_window_get_build (window);
  g_assert_cmpuint (((RigBuildItem *) g_ptr_array_index (build->items, 0))->count, ==, 2);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Fits in GPU memory"));
}

static void
test_save_open_round_trip (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "two-3090.rigplan.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) saved = NULL;

  g_assert_true (rig_window_save_to (window, file, &error));
  g_assert_no_error (error);
  g_assert_false (rig_window_get_dirty (window));
  saved = rig_build_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->items->len, ==, 1);
  g_assert_cmpuint (((RigBuildItem *) g_ptr_array_index (saved->items, 0))->count, ==, 2);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL);
  iterate ();
  g_assert_cmpuint (rig_window_get_build (window)->items->len, ==, 0);

  rig_window_open_file (window, file);
  iterate ();
  g_assert_cmpuint (rig_window_get_build (window)->items->len, ==, 1);
  g_assert_cmpuint (rig_window_get_build (window)->workloads->len, ==, 1);
  g_assert_false (rig_window_get_dirty (window));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Fits in GPU memory"));
}

static void
test_bad_file_changes_nothing (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "broken.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  guint before = rig_window_get_build (window)->items->len;
  GtkWidget *details;
  GtkWindow *dialog;

  g_assert_true (g_file_set_contents (path, "{\"format\": \"rigplan-build\", \"version\": 1, "
                                      "\"parts\": [{\"id\": \"no-such-part\"}]}", -1, NULL));
  rig_window_open_file (window, file);
  iterate ();
  g_assert_cmpuint (rig_window_get_build (window)->items->len, ==, before);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "no-such-part"));
  /* The toast may cut the message short; its Details button shows all of it. */
  details = find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Details");
  g_assert_nonnull (details);
  g_signal_emit_by_name (details, "clicked");
  iterate ();
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "no-such-part"));
  gtk_window_destroy (dialog);
  iterate ();
}

/* Runs the main loop until a label in the window holds @needle (exports end in a worker thread
 * and report in a toast), for at most 10 s. */
static GtkWidget *
wait_for_label (const char *needle)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GtkWidget *found;

  while (!(found = find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, needle))
         && g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return found;
}

static void
test_export (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *md = g_build_filename (dir, "parts.md", NULL);
  g_autofree char *png = g_build_filename (dir, "power.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "gone", "x.csv", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  rig_window_export_to (window, "pdf", pdf);
  g_assert_nonnull (wait_for_label ("Exported “report.pdf”"));
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_clear_pointer (&contents, g_free);

  rig_window_export_to (window, "markdown", md);
  g_assert_nonnull (wait_for_label ("Exported “parts.md”"));
  g_assert_true (g_file_get_contents (md, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Type|Item|Price"));
  g_assert_nonnull (strstr (contents, "RTX 3090"));

  rig_window_export_to (window, "png-power", png);
  g_assert_nonnull (wait_for_label ("Exported “power.png”"));
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));

  /* A folder that is not there: the error, naming it, reaches the window. */
  rig_window_export_to (window, "csv", missing);
  g_assert_nonnull (wait_for_label ("gone"));
}

static void
test_import_csv (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "spreadsheet.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWindow *dialog;

  g_assert_true (g_file_set_contents (path, "id,count\nnvidia-rtx-3090,3\nwarp-drive,1\n", -1, NULL));
  g_assert_true (rig_window_import_csv (window, file));
  iterate ();
  g_assert_cmpuint (rig_window_get_build (window)->items->len, ==, 1);
  g_assert_cmpuint (((RigBuildItem *) g_ptr_array_index (rig_window_get_build (window)->items, 0))->count,
                    ==, 3);
  g_assert_true (rig_window_get_dirty (window));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "warp-drive"));
  gtk_window_destroy (dialog);
  iterate ();

  /* Not CSV at all: the build in the window stays. */
  g_assert_true (g_file_set_contents (path, "colour,size\nred,3\n", -1, NULL));
  g_assert_false (rig_window_import_csv (window, file));
  iterate ();
  g_assert_cmpuint (rig_window_get_build (window)->items->len, ==, 1);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "spreadsheet.csv: line 1"));
}

static void
test_compare_window (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "other.rigplan.json", NULL);
  g_autoptr(RigBuild) other = rig_build_copy (rig_window_get_build (window));
  g_autoptr(GError) error = NULL;
  RigCompareWindow *compare;
  GtkWidget *button;

  /* The same build with one GPU instead of two. */
  g_free (other->name);
  other->name = g_strdup ("One 3090");
  ((RigBuildItem *) g_ptr_array_index (other->items, 0))->count = 1;
  g_assert_true (rig_build_file_save (other, path, &error));

  /* A build file opened lately is offered too. */
  {
    g_autofree char *recent = g_build_filename (dir, "recent.rigplan.json", NULL);
    g_autofree char *uri = NULL;
    gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    g_free (other->name);
    other->name = g_strdup ("Opened Lately");
    g_assert_true (rig_build_file_save (other, recent, &error));
    uri = g_filename_to_uri (recent, NULL, NULL);
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
    while (!gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri) &&
           g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, TRUE);
    g_free (other->name);
    other->name = g_strdup ("One 3090");
  }

  compare = rig_compare_window_new (GTK_WINDOW (window), rig_application_get_catalog (app), NULL,
                                    rig_window_get_build (window));
  gtk_window_present (GTK_WINDOW (compare));
  iterate ();
  button = find_widget (GTK_WIDGET (compare), GTK_TYPE_BUTTON, "_Compare");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));    /* only the build in the window */
  g_assert_nonnull (find_widget (GTK_WIDGET (compare), ADW_TYPE_ACTION_ROW, "Opened Lately"));

  g_assert_false (rig_compare_window_add_file (compare, "/nonexistent/x.json", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (rig_compare_window_add_file (compare, path, &error));
  g_assert_no_error (error);
  iterate ();
  g_assert_true (gtk_widget_get_sensitive (button));

  g_signal_emit_by_name (button, "clicked");
  iterate ();
  g_assert_nonnull (find_widget (GTK_WIDGET (compare), GTK_TYPE_LABEL, "One 3090"));
  g_assert_nonnull (find_widget (GTK_WIDGET (compare), GTK_TYPE_LABEL, "Total"));
  /* One GPU costs less: its total is marked best. */
  g_assert_nonnull (find_widget (GTK_WIDGET (compare), GTK_TYPE_LABEL, " ✓"));
  gtk_window_destroy (GTK_WINDOW (compare));
  iterate ();
}

/* Preferences are the defaults of new builds: changing one leaves the open build alone. The
 * build's own settings are edited in the window, undoably, and the room temperature follows
 * the units chosen. */
static void
test_build_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.rigplan.Rigplan");
  g_autofree char *path = rig_test_fixture ("dual-3090.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  double hours;
  GtkWidget *group, *hours_row, *ambient_row;
  GtkSpinButton *spin;
  RigWindow *w = rig_window_new (app);

  gtk_window_present (GTK_WINDOW (w));
  rig_window_open_file (w, file);
  iterate ();
  g_assert_false (rig_window_get_dirty (w));
  hours = rig_window_get_build (w)->settings.hours_per_day;
  g_settings_set_double (settings, "hours-per-day", hours == 3 ? 5 : 3);
  iterate ();
  g_assert_cmpfloat (rig_window_get_build (w)->settings.hours_per_day, ==, hours);
  g_assert_false (rig_window_get_dirty (w));
  g_settings_reset (settings, "hours-per-day");

  group = find_widget (GTK_WIDGET (w), g_type_from_name ("RigBuildSettings"), NULL);
  g_assert_nonnull (group);
  hours_row = find_widget (group, ADW_TYPE_ACTION_ROW, "Hours of use per day");
  g_assert_nonnull (hours_row);
  spin = GTK_SPIN_BUTTON (find_widget (hours_row, GTK_TYPE_SPIN_BUTTON, NULL));
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, hours);
  gtk_spin_button_set_value (spin, 20);
  iterate ();
  g_assert_cmpfloat (rig_window_get_build (w)->settings.hours_per_day, ==, 20);
  g_assert_true (rig_window_get_dirty (w));
  gtk_widget_activate_action (GTK_WIDGET (w), "win.undo", NULL);
  iterate ();
  g_assert_cmpfloat (rig_window_get_build (w)->settings.hours_per_day, ==, hours);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, hours);

  g_settings_set_enum (settings, "units", 1);
  iterate ();
  ambient_row = find_widget (group, ADW_TYPE_ACTION_ROW, "Room temperature (°F)");
  g_assert_nonnull (ambient_row);
  g_assert_cmpfloat (fabs (gtk_spin_button_get_value (GTK_SPIN_BUTTON (find_widget (ambient_row, GTK_TYPE_SPIN_BUTTON, NULL)))
                           - (rig_window_get_build (w)->settings.ambient_c * 9 / 5 + 32)), <, 0.01);
  g_settings_reset (settings, "units");
  iterate ();
  g_assert_nonnull (find_widget (group, ADW_TYPE_ACTION_ROW, "Room temperature (°C)"));
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

/* The scroll controller a spin button changes its value with, and how it is handled now. */
static GtkPropagationPhase
wheel_phase (GtkWidget *spin)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (spin);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller))
        return gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller));
    }
  g_assert_not_reached ();
}

static guint
assert_wheel_ignored (GtkWidget *root)
{
  guint n = 0;

  if (GTK_IS_SPIN_BUTTON (root))
    {
      g_assert_cmpint (wheel_phase (root), ==, GTK_PHASE_NONE);
      return 1;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    n += assert_wheel_ignored (child);
  return n;
}

/* Scrolling the Parts pane over a spin button scrolls the pane: the wheel changes a value only
 * once its field has the focus, so a build is not edited by reading it. */
static void
test_wheel_needs_focus (void)
{
  g_autofree char *path = rig_test_fixture ("dual-3090.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *group, *hours, *electricity;
  GtkWindow *dialog;
  RigWindow *w = rig_window_new (app);

  gtk_window_present (GTK_WINDOW (w));
  rig_window_open_file (w, file);
  iterate ();
  group = find_widget (GTK_WIDGET (w), g_type_from_name ("RigBuildSettings"), NULL);
  g_assert_nonnull (group);
  g_assert_cmpuint (assert_wheel_ignored (group), >=, 5);
  hours = find_widget (find_widget (group, ADW_TYPE_ACTION_ROW, "Hours of use per day"), GTK_TYPE_SPIN_BUTTON, NULL);
  electricity = find_widget (find_widget (group, ADW_TYPE_ACTION_ROW, "Electricity price per kWh"),
                             GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_nonnull (hours);
  g_assert_nonnull (electricity);

  g_assert_true (gtk_widget_grab_focus (hours));
  iterate ();
  g_assert_cmpint (wheel_phase (hours), ==, GTK_PHASE_BUBBLE);
  g_assert_cmpint (wheel_phase (electricity), ==, GTK_PHASE_NONE);
  g_assert_true (gtk_widget_grab_focus (electricity));
  iterate ();
  g_assert_cmpint (wheel_phase (hours), ==, GTK_PHASE_NONE);
  g_assert_cmpint (wheel_phase (electricity), ==, GTK_PHASE_BUBBLE);
  g_assert_false (rig_window_get_dirty (w));

  /* The workload dialog's fields too. */
  gtk_widget_activate_action (GTK_WIDGET (w), "win.add-workload", "s", "custom");
  iterate ();
  dialog = find_toplevel (g_type_from_name ("RigWorkloadDialog"));
  g_assert_nonnull (dialog);
  g_assert_cmpuint (assert_wheel_ignored (GTK_WIDGET (dialog)), >=, 3);
  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

static GtkWidget *
group_titled (GtkWidget  *root,
              const char *title)
{
  if (ADW_IS_PREFERENCES_GROUP (root) &&
      g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = group_titled (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The verdict comes first: the total, each workload's fit and speed, the findings, what is not
 * checked yet; a row jumps to its section. */
static void
test_verdict_first (void)
{
  g_autofree char *path = rig_test_fixture ("dual-3090.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  RigWindow *w = rig_window_new (app);
  GtkWidget *summary, *workload, *missing, *findings;
  GtkAdjustment *adjustment;
  GtkWidget *scrolled;

  gtk_window_set_default_size (GTK_WINDOW (w), 1100, 700);
  gtk_window_present (GTK_WINDOW (w));
  rig_window_open_file (w, file);
  iterate ();
  summary = group_titled (GTK_WIDGET (w), "Verdict");
  g_assert_nonnull (summary);
  workload = NULL;
  for (GtkWidget *row = find_widget (summary, g_type_from_name ("RigFigureRow"), NULL); row;
       row = gtk_widget_get_next_sibling (row))
    if (g_str_equal (rig_figure_row_get_title (RIG_FIGURE_ROW (row)), "Llama 3.1 70B · Q4_K_M"))
      workload = row;
  g_assert_nonnull (workload);
  g_assert_nonnull (find_widget (workload, GTK_TYPE_LABEL, "Fits in GPU memory"));
  missing = find_widget (summary, GTK_TYPE_LABEL, "add a power supply to check power");
  g_assert_nonnull (missing);
  findings = gtk_widget_get_ancestor (find_widget (summary, GTK_TYPE_LABEL, "warning"), GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (findings);

  scrolled = gtk_widget_get_ancestor (summary, GTK_TYPE_SCROLLED_WINDOW);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  g_signal_emit_by_name (gtk_widget_get_parent (findings), "row-activated", findings);
  iterate ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

/* Compatible only: the CPU picker of an AM5 build hides LGA1700 processors until the switch is
 * turned off, and then says why each does not fit. */
static void
test_picker_compatible_only (void)
{
  g_autofree char *path = rig_test_fixture ("dual-3090.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  RigWindow *w = rig_window_new (app);
  GtkWidget *change = NULL, *sw, *view;
  GtkWindow *picker;
  GListModel *rows;
  gboolean intel = FALSE;

  gtk_window_present (GTK_WINDOW (w));
  rig_window_open_file (w, file);
  iterate ();
  /* The CPU row's Change… button, once the row is opened. */
  for (GtkWidget *row = find_widget (GTK_WIDGET (w), ADW_TYPE_EXPANDER_ROW, "cores"); row && !change;
       row = NULL)
    {
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      change = find_widget (row, GTK_TYPE_BUTTON, "_Change…");
    }
  g_assert_nonnull (change);
  g_signal_emit_by_name (change, "clicked");
  iterate ();
  picker = find_toplevel (g_type_from_name ("RigPartPicker"));
  g_assert_nonnull (picker);
  view = find_widget (GTK_WIDGET (picker), GTK_TYPE_COLUMN_VIEW, NULL);
  rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(RigPartObject) item = g_list_model_get_item (rows, i);
      const RigPart *part = rig_part_object_get_part (item);

      g_assert_cmpstr (part->cpu.socket, ==, "am5");
    }

  sw = find_widget (GTK_WIDGET (picker), GTK_TYPE_SWITCH, NULL);
  g_assert_nonnull (sw);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
  gtk_switch_set_active (GTK_SWITCH (sw), FALSE);
  iterate ();
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(RigPartObject) item = g_list_model_get_item (rows, i);
      const RigPart *part = rig_part_object_get_part (item);

      if (!intel && g_str_equal (part->cpu.socket, "lga1700"))
        {
          /* Item 1 of the build is its CPU: the impact says why this one does not fit. */
          g_autofree char *text = rig_window_candidate_impact (w, part, 1);

          intel = TRUE;
          g_assert_true (g_str_has_prefix (text, "✗ "));
          g_assert_nonnull (strstr (text, "socket"));
        }
    }
  g_assert_true (intel);
  gtk_window_destroy (picker);
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

/* A new window starts with examples; each opens as a build that plans without an error. */
/* Find a Build: from the start page's action, the search runs in the background and shows
 * cards; opening one makes it the build, with no error and the workload asked for. */
static void
test_find_build (void)
{
  GtkWindow *dialog;
  GtkWidget *find, *open = NULL;
  gint64 deadline;
  gboolean opened = FALSE;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-build", NULL);
  iterate ();
  dialog = find_toplevel (g_type_from_name ("RigFindBuildDialog"));
  g_assert_nonnull (dialog);
  /* The first field, what to run, has the focus. */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));
    GtkWidget *first = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, NULL);

    g_assert_nonnull (focus);
    g_assert_true (focus == first || gtk_widget_is_ancestor (focus, first));
  }
  find = find_button (GTK_WIDGET (dialog), "_Find");
  g_assert_nonnull (find);
  g_signal_emit_by_name (find, "clicked");
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (open == NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      open = find_button (GTK_WIDGET (dialog), "_Open as New Build");
    }
  g_assert_nonnull (open);
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "Cheapest"));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "tokens/s"));
  /* Each answer says how old the catalog prices it was ranked by are. */
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "catalog prices "));
  /* Leaving the first answer's GPU or prebuilt out searches again without it. */
  {
    GtkWidget *without = find_button (GTK_WIDGET (dialog), "_Without This GPU");

    if (without == NULL)
      without = find_button (GTK_WIDGET (dialog), "_Without This System");
    g_assert_nonnull (without);
    g_signal_emit_by_name (without, "clicked");
    g_assert_null (find_button (GTK_WIDGET (dialog), "_Open as New Build"));
    open = NULL;
    deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    while (open == NULL && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        open = find_button (GTK_WIDGET (dialog), "_Open as New Build");
      }
    g_assert_nonnull (open);
    g_assert_true (gtk_widget_get_visible (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Left Out")));
  }
  g_signal_emit_by_name (open, "clicked");
  iterate ();
  g_assert_null (find_toplevel (g_type_from_name ("RigFindBuildDialog")));

  /* Closed while it searches: the answers arrive to nothing, and nothing breaks. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-build", NULL);
  iterate ();
  dialog = find_toplevel (g_type_from_name ("RigFindBuildDialog"));
  g_assert_nonnull (dialog);
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Find"), "clicked");
  gtk_window_destroy (dialog);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  /* The window (or a new one, when this one had unsaved changes) holds the build found. */
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
        const RigBuild *build;
        const RigReport *report;
        gboolean errors = FALSE;

        if (!RIG_IS_WINDOW (w))
          continue;
        build = rig_window_get_build (RIG_WINDOW (w));
        report = rig_window_get_report (RIG_WINDOW (w));
        if (build->items->len == 0 || build->workloads->len == 0 || report == NULL)
          continue;
        for (guint f = 0; f < report->findings->len; f++)
          errors |= g_array_index (report->findings, RigFinding, f).severity == RIG_SEVERITY_ERROR;
        if (!errors && g_array_index (report->workloads, RigWorkloadResult, 0).fit != RIG_FIT_NONE)
          opened = TRUE;
      }
  }
  g_assert_true (opened);
}

/* A budget too small to meet: the dialog says by how much, and one click searches with the
 * least that would do, which then finds a build at that price. */
static void
test_find_build_raise_budget (void)
{
  GtkWindow *dialog;
  GtkWidget *budget, *raise = NULL, *open = NULL;
  gint64 deadline;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-build", NULL);
  iterate ();
  dialog = find_toplevel (g_type_from_name ("RigFindBuildDialog"));
  g_assert_nonnull (dialog);
  budget = find_widget (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Budget"),
                        GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_nonnull (budget);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (budget), 100);
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Find"), "clicked");
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (raise == NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      raise = find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "Search With a Budget of");
    }
  g_assert_nonnull (raise);
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "Over budget"));
  g_signal_emit_by_name (raise, "clicked");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (budget)), >, 100);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (open == NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      open = find_button (GTK_WIDGET (dialog), "_Open as New Build");
    }
  g_assert_nonnull (open);
  gtk_window_destroy (dialog);
  iterate ();
}

/* Find a Build can keep the open build's GPUs: the answer it opens has them at no cost. */
static void
test_find_build_keeps_gpus (void)
{
  RigWindow *w = rig_window_new (app);
  GtkWindow *dialog;
  GtkWidget *row, *toggle, *open = NULL;
  gint64 deadline;
  gboolean kept = FALSE;

  gtk_window_present (GTK_WINDOW (w));
  gtk_widget_activate_action (GTK_WIDGET (w), "win.open-preset", "s", "home-70b");
  iterate ();
  gtk_widget_activate_action (GTK_WIDGET (w), "win.find-build", NULL);
  iterate ();
  dialog = find_toplevel (g_type_from_name ("RigFindBuildDialog"));
  g_assert_nonnull (dialog);
  row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Keep This Build");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (row));
  toggle = find_widget (row, GTK_TYPE_SWITCH, NULL);
  g_assert_nonnull (toggle);
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Find"), "clicked");
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (open == NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      open = find_button (GTK_WIDGET (dialog), "_Open as New Build");
    }
  g_assert_nonnull (open);
  g_signal_emit_by_name (open, "clicked");
  iterate ();
  for (guint i = 0; i < rig_window_get_build (w)->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (rig_window_get_build (w)->items, i);

      if (item->part && item->part->kind == RIG_PART_GPU && rig_build_item_is_owned (item) &&
          item->count >= 2)
        kept = TRUE;
    }
  g_assert_true (kept);
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

static void
test_start_page (void)
{
  static const char * const presets[] = { "home-70b", "qlora-8b", "team-box" };
  RigWindow *w = rig_window_new (app);
  GtkWidget *start;

  gtk_window_present (GTK_WINDOW (w));
  iterate ();
  start = find_widget (GTK_WIDGET (w), ADW_TYPE_ACTION_ROW, "Run a 70B model at home");
  g_assert_nonnull (start);
  g_assert_true (gtk_widget_get_mapped (start));
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      RigWindow *opened = w;
      const RigReport *report;

      gtk_widget_activate_action (GTK_WIDGET (w), "win.open-preset", "s", presets[i]);
      iterate ();
      g_assert_cmpuint (rig_window_get_build (opened)->items->len, >, 0);
      g_assert_false (rig_window_get_dirty (opened));
      report = rig_window_get_report (opened);
      for (guint f = 0; f < report->findings->len; f++)
        g_assert_cmpint (g_array_index (report->findings, RigFinding, f).severity, !=, RIG_SEVERITY_ERROR);
      g_assert_cmpint (g_array_index (report->workloads, RigWorkloadResult, 0).fit, ==, RIG_FIT_GPU);
      g_assert_false (gtk_widget_get_mapped (start));
    }
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

/* Without a price source there is nothing to go online for: a toast offers to add one. */
static void
test_refresh_without_sources (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.rigplan.Rigplan");

  g_settings_set_boolean (settings, "prices-online", FALSE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh-prices", NULL);
  iterate ();
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (wait_for_label ("No price sources are turned on"));
}

/* A refresh against a loopback feed: progress, a toast, and the new price on the part. */
static void
test_refresh_prices (void)
{
  g_autoptr(RigTestHttp) http = rig_test_http_new ();
  g_autofree char *example = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "data",
                                               "price-feed-example.json", NULL);
  g_autofree char *feed = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.rigplan.Rigplan");
  RigLibrary *library = rig_application_get_library (app, &error);
  const RigBuild *build;
  const RigBuildItem *item;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (example, &feed, NULL, NULL));
  rig_test_http_route (http, "/feed.json", &(RigTestHttpRoute) { .content_type = "application/json",
                                                                  .body = feed });
  url = rig_test_http_url (http, "/feed.json");
  g_assert_cmpint (rig_library_add_source (library, RIG_PRICE_SOURCE_FEED, "Example Store", url, &error), >, 0);
  g_settings_set_boolean (settings, "prices-online", TRUE);

  rig_window_refresh_prices (window);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Cancel"));
  if (!wait_for_label ("4 new prices"))
    {
      GtkWidget *w = wait_for_label ("new price");
      g_error ("refresh said: %s", w ? gtk_label_get_label (GTK_LABEL (w)) : "nothing");
    }
  g_assert_null (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "source failed"));

  /* A new RTX 4090 now costs what the feed says, and says where that came from. */
  rig_window_add_part (window, "nvidia-rtx-4090", 1);
  iterate ();
  build = rig_window_get_build (window);
  item = g_ptr_array_index (build->items, build->items->len - 1);
  g_assert_true (item->has_market);
  g_assert_cmpint (item->market_minor, ==, 179999);
  g_assert_cmpstr (item->market_source, ==, "Example Store");
  /* Opened, its row says where the price comes from and shows the prices seen. */
  {
    GtkWidget *row = find_widget (GTK_WIDGET (window), g_type_from_name ("RigPartRow"), "1008 GB/s");

    g_assert_nonnull (row);
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  }
  g_assert_nonnull (find_widget (GTK_WIDGET (window), ADW_TYPE_PREFERENCES_ROW, "Example Store"));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), ADW_TYPE_PREFERENCES_ROW, "Price History"));
}

/* Opening over unsaved changes opens a second window and leaves the first as it was. */
static void
test_open_keeps_unsaved (void)
{
  g_autofree char *path = rig_test_fixture ("dual-3090.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint items = rig_window_get_build (window)->items->len;
  RigWindow *other = NULL;

  rig_window_add_part (window, "nvidia-rtx-3090", 1);
  iterate ();
  g_assert_true (rig_window_get_dirty (window));
  items = rig_window_get_build (window)->items->len;

  rig_window_open_file (window, file);
  iterate ();
  g_assert_true (rig_window_get_dirty (window));
  g_assert_cmpuint (rig_window_get_build (window)->items->len, ==, items);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (RIG_IS_WINDOW (w) && RIG_WINDOW (w) != window)
        other = RIG_WINDOW (w);
    }
  g_assert_nonnull (other);
  g_assert_cmpstr (rig_window_get_build (other)->name, ==, "Dual 3090 LLM box");
  g_assert_false (rig_window_get_dirty (other));
  gtk_window_destroy (GTK_WINDOW (other));
  iterate ();
}

/* The figure rows under @root, in order. */
static void
collect_rows (GtkWidget *root,
              GPtrArray *rows)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, g_type_from_name ("RigFigureRow")))
    g_ptr_array_add (rows, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static GtkWidget *
row_titled (GPtrArray  *rows,
            const char *title)
{
  for (guint i = 0; i < rows->len; i++)
    if (find_widget (g_ptr_array_index (rows, i), GTK_TYPE_LABEL, title))
      return g_ptr_array_index (rows, i);
  return NULL;
}

/* A serving workload shows its users and speeds, and how many keep the speed each needs, under
 * its own row; a single stream shows no such row. */
static void
test_serving_row (void)
{
  static const char json[] =
    "{\"format\": \"rigplan-build\", \"version\": 1, \"parts\": [ {\"id\": \"nvidia-rtx-4090\"} ],"
    " \"workloads\": [ {\"model\": \"llama-3.1-8b\", \"quant\": \"Q4_K_M\", \"runtime\": \"llama.cpp\","
    " \"context\": 16384, \"concurrency\": 4, \"min_user_tokens_per_s\": 20} ]}";
  g_autoptr(GError) error = NULL;
  RigBuild *build = rig_build_from_json (json, -1, &error);
  RigWindow *w = rig_window_new (app);
  RigBuild *edit;

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (w));
  g_assert_true (rig_window_set_build (w, build));
  iterate ();
  g_assert_nonnull (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "4 users: "));
  g_assert_nonnull (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "tokens/s total, first token in"));
  g_assert_nonnull (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "Up to "));
  /* The workload's row in the parts list says how many users it serves. */
  g_assert_nonnull (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "batch 1 · 4 users"));

  /* Back to one stream: the row goes. */
  edit = rig_build_copy (rig_window_get_build (w));
  ((RigWorkload *) g_ptr_array_index (edit->workloads, 0))->concurrency = 1;
  ((RigWorkload *) g_ptr_array_index (edit->workloads, 0))->min_user_tokens_per_s = 0;
  g_assert_true (rig_window_set_build (w, edit));
  iterate ();
  {
    GtkWidget *label = find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "4 users: ");

    g_assert_true (label == NULL || !gtk_widget_is_visible (label));
  }
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

/* The findings and the not-checked list show the report's entries in its order after every
 * edit, and a row whose text stays keeps its widget (so it is not laid out again). */
/* The Cost section's total names the parts it leaves out, and why. */
static void
test_total_names_unpriced (void)
{
  g_autofree char *path = rig_test_fixture ("unpriced.json");
  g_autoptr(GError) error = NULL;
  RigBuild *build = rig_build_file_load (path, &error);
  RigWindow *w = rig_window_new (app);
  const RigBuild *shown;

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (w));
  g_assert_true (rig_window_set_build (w, build));
  iterate ();
  /* Whatever prices the catalog gains, this card has no used price and the supply no price. */
  shown = rig_window_get_build (w);
  for (guint i = 0; i < shown->items->len; i++)
    {
      RigBuildItem *item = g_ptr_array_index (shown->items, i);

      if (item->part->kind == RIG_PART_GPU)
        item->part->gpu.used_price_cents = RIG_MONEY_UNKNOWN;
      else if (item->part->kind == RIG_PART_PSU)
        item->part->price_cents = RIG_MONEY_UNKNOWN;
      else if (item->part->kind == RIG_PART_CPU)
        {
          item->part->price_cents = 69900;
          g_free (item->part->price_date);
          item->part->price_date = g_strdup ("2022-09");
        }
    }
  rig_window_set_count (w, 1, 2);
  iterate ();
  g_assert_cmpuint (rig_window_get_report (w)->cost.unpriced->len, ==, 2);
  /* And how old the catalog prices it does count are. */
  g_assert_nonnull (find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL,
                                 "not including: NVIDIA GeForce RTX 3090 (used price unknown), "
                                 "Corsair RM1000x (no price); a catalog price of September 2022"));
  /* The part's row says when its catalog price was seen. */
  g_assert_nonnull (find_widget (GTK_WIDGET (w), g_type_from_name ("RigPartRow"),
                                 "699.00 USD (catalog, September 2022)"));
  /* The picker's impact of a card or supply without a price says so, not "+0 USD". */
  {
    const RigBuildItem *card = g_ptr_array_index (shown->items, 0);
    const RigBuildItem *psu = g_ptr_array_index (shown->items, 2);
    g_autofree char *replace_card = rig_window_candidate_impact (w, card->part, 0);
    g_autofree char *add_psu = rig_window_candidate_impact (w, psu->part, -1);

    g_assert_nonnull (strstr (replace_card, "used price unknown"));
    g_assert_null (strstr (replace_card, "+0 USD"));
    g_assert_nonnull (strstr (add_psu, "no price"));
    g_assert_null (strstr (add_psu, "+0 USD"));
  }
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

static void
test_findings_follow_report (void)
{
  g_autofree char *path = rig_test_fixture ("dual-3090.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  RigWindow *w = rig_window_new (app);
  GtkWidget *kept = NULL;
  const char *stays = NULL;

  gtk_window_present (GTK_WINDOW (w));
  rig_window_open_file (w, file);
  iterate ();
  for (guint round = 0; round < 3; round++)
    {
      const RigReport *report = rig_window_get_report (w);
      g_autoptr(GPtrArray) rows = g_ptr_array_new ();
      guint at = 0;

      collect_rows (GTK_WIDGET (w), rows);
      /* Every finding, then every unchecked item, appears as a row, in the report's order. */
      for (guint i = 0; i < report->findings->len; i++)
        {
          const char *message = g_array_index (report->findings, RigFinding, i).message;
          GtkWidget *row = row_titled (rows, message);
          guint index;

          g_assert_nonnull (row);
          g_assert_true (g_ptr_array_find (rows, row, &index));
          g_assert_cmpuint (index, >=, at);
          at = index;
        }
      g_assert_cmpuint (report->not_checked->len, >, 1);
      stays = g_array_index (report->not_checked, RigNotChecked, report->not_checked->len - 1).what;
      if (kept != NULL)
        g_assert_true (row_titled (rows, stays) == kept);
      kept = row_titled (rows, stays);
      g_assert_nonnull (kept);
      /* A screen reader names the row by its title, as it does libadwaita's rows. */
      {
        GtkWidget *title = find_widget (kept, GTK_TYPE_LABEL, stays);

        g_assert_nonnull (title);
        gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (kept), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                             title, NULL);
      }

      /* One GPU, then two again: findings and unchecked items come and go above the last one. */
      rig_window_set_count (w, 0, round % 2 == 0 ? 1 : 2);
      iterate ();
    }
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

/* The Impact text names where the workload runs after the change, and the speed change. */
static void
test_impact_words (void)
{
  g_autofree char *one_path = rig_test_fixture ("fix-context.json");
  g_autofree char *two_path = rig_test_fixture ("dual-3090.json");
  g_autoptr(GFile) one_file = g_file_new_for_path (one_path);
  g_autoptr(GFile) two_file = g_file_new_for_path (two_path);
  RigCatalog *catalog = rig_application_get_catalog (app);
  g_autoptr(RigPart) card_3090 = rig_catalog_get_part (catalog, "nvidia-rtx-3090", NULL);
  g_autoptr(RigPart) card_2070 = rig_catalog_get_part (catalog, "nvidia-rtx-2070", NULL);
  g_autoptr(RigPart) card_4090 = rig_catalog_get_part (catalog, "nvidia-rtx-4090", NULL);
  RigWindow *w = rig_window_new (app);

  g_assert_nonnull (card_3090);
  g_assert_nonnull (card_2070);
  g_assert_nonnull (card_4090);
  gtk_window_present (GTK_WINDOW (w));
  rig_window_open_file (w, one_file);
  iterate ();
  {
    /* A second 24 GB card holds the 32B model at 64k; a 2070 in the 4090's place does not. */
    g_autofree char *added = rig_window_candidate_impact (w, card_3090, -1);
    g_autofree char *swapped = rig_window_candidate_impact (w, card_2070, 0);

    g_assert_nonnull (strstr (added, "fits in GPU memory"));
    g_assert_nonnull (strstr (swapped, "does not fit"));
  }
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();

  w = rig_window_new (app);
  gtk_window_present (GTK_WINDOW (w));
  rig_window_open_file (w, two_file);
  iterate ();
  {
    /* Two 4090s in the place of two 3090s: the decode speed before and after. */
    g_autofree char *faster = rig_window_candidate_impact (w, card_4090, 0);

    g_assert_nonnull (strstr (faster, "fits in GPU memory"));
    g_assert_nonnull (strstr (faster, " → "));
    g_assert_nonnull (strstr (faster, "tokens/s"));
  }
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

/* A workload that does not fit shows the plan's nearest fix with a button; pressing it changes
 * the workload as one undoable edit, and the plan then fits. Rule ids stay out of the text. */
static void
test_apply_fix (void)
{
  g_autofree char *path = rig_test_fixture ("fix-context.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  RigWindow *w = rig_window_new (app);
  const RigWorkloadResult *r;
  const RigWorkload *wl;
  GtkWidget *apply, *finding;
  double context;

  gtk_window_present (GTK_WINDOW (w));
  rig_window_open_file (w, file);
  iterate ();
  r = &g_array_index (rig_window_get_report (w)->workloads, RigWorkloadResult, 0);
  g_assert_cmpint (r->fit, ==, RIG_FIT_NONE);
  g_assert_cmpuint (r->n_suggestions, >, 0);
  g_assert_cmpint (r->suggestions[0].setting, ==, RIG_SUGGEST_CONTEXT);
  context = r->suggestions[0].value;
  g_assert_nonnull (find_widget (GTK_WIDGET (w), ADW_TYPE_ACTION_ROW, "Fits with a context of"));

  /* The finding says it in words; its rule is a tooltip, not a line of its own. */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();

    collect_rows (GTK_WIDGET (w), rows);
    finding = row_titled (rows, "Q4_K_M does not fit");
  }
  g_assert_nonnull (finding);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (finding), ==, "Rule memory.does-not-fit");
  {
    GtkWidget *label = find_widget (GTK_WIDGET (w), GTK_TYPE_LABEL, "memory.does-not-fit");

    /* The only label that holds it is the tooltip's own. */
    g_assert_true (label == NULL ||
                   gtk_widget_get_ancestor (label, g_type_from_name ("GtkTooltipWindow")) != NULL);
  }

  apply = find_button (GTK_WIDGET (w), "_Apply");
  g_assert_nonnull (apply);
  g_assert_true (gtk_widget_get_visible (apply));
  g_assert_false (rig_window_get_dirty (w));
  g_signal_emit_by_name (apply, "clicked");
  iterate ();
  wl = g_ptr_array_index (rig_window_get_build (w)->workloads, 0);
  g_assert_cmpuint (wl->context, ==, (guint) context);
  g_assert_true (rig_window_get_dirty (w));
  r = &g_array_index (rig_window_get_report (w)->workloads, RigWorkloadResult, 0);
  g_assert_cmpint (r->fit, ==, RIG_FIT_GPU);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (apply, ADW_TYPE_ACTION_ROW)));

  /* Undo takes it back. */
  gtk_widget_activate_action (GTK_WIDGET (w), "win.undo", NULL);
  iterate ();
  wl = g_ptr_array_index (rig_window_get_build (w)->workloads, 0);
  g_assert_cmpuint (wl->context, ==, 65536);
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

/* The menu button under @root whose tooltip starts with @tooltip. */
static GtkWidget *
find_menu_button (GtkWidget  *root,
                  const char *tooltip)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, root);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);
      const char *text = gtk_widget_get_tooltip_text (widget);

      if (GTK_IS_MENU_BUTTON (widget) && text != NULL && g_str_has_prefix (text, tooltip))
        return widget;
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  return NULL;
}

/* A menu button's tooltip does not cover the menu it opened, and comes back once it closes. */
static void
test_menu_hides_tooltip (void)
{
  RigWindow *w = rig_window_new (app);
  GtkWidget *button;

  gtk_window_present (GTK_WINDOW (w));
  iterate ();
  /* The main menu: the header's menu button with the tooltip "Main Menu". */
  button = find_menu_button (GTK_WIDGET (w), "Main Menu");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_has_tooltip (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  iterate ();
  g_assert_false (gtk_widget_get_has_tooltip (button));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  iterate ();
  g_assert_true (gtk_widget_get_has_tooltip (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Main Menu");
  /* So does the New button's dropdown, whose menu offers Find a Build, and neither its tooltip
   * nor the split button's ("New Build") covers the menu. */
  button = find_menu_button (GTK_WIDGET (w), "Find a Build");
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  iterate ();
  g_assert_false (gtk_widget_get_has_tooltip (button));
  g_assert_false (gtk_widget_get_has_tooltip (gtk_widget_get_parent (button)));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  iterate ();
  g_assert_true (gtk_widget_get_has_tooltip (button));
  g_assert_true (gtk_widget_get_has_tooltip (gtk_widget_get_parent (button)));
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

/* A finding that names a part leads to it: activating it moves the focus to that part's row. */
static void
test_finding_selects_part (void)
{
  g_autofree char *path = rig_test_fixture ("dual-3090.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  RigWindow *w = rig_window_new (app);
  GtkWidget *finding, *focus, *part_row;

  gtk_window_present (GTK_WINDOW (w));
  rig_window_open_file (w, file);
  iterate ();
  collect_rows (GTK_WIDGET (w), rows);
  /* "NVIDIA GeForce RTX 3090 in PCIEX16(G5)_1 and … sit with no gap" */
  finding = row_titled (rows, "sit with no gap");
  g_assert_nonnull (finding);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (finding)));
  g_signal_emit_by_name (gtk_widget_get_parent (finding), "row-activated", finding);
  iterate ();
  focus = gtk_root_get_focus (GTK_ROOT (w));
  g_assert_nonnull (focus);
  part_row = G_TYPE_CHECK_INSTANCE_TYPE (focus, g_type_from_name ("RigPartRow"))
               ? focus : gtk_widget_get_ancestor (focus, g_type_from_name ("RigPartRow"));
  g_assert_nonnull (part_row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (part_row)), ==, "NVIDIA GeForce RTX 3090");
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (part_row)));
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

/* A build past its wall circuit offers the GPU power limit that fits it; Apply sets the build's
 * limit as one undoable edit, and the plan then fits the circuit. */
static void
test_apply_power_limit (void)
{
  g_autofree char *path = rig_test_fixture ("power-circuit.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  RigWindow *w = rig_window_new (app);
  const RigPowerReport *p;
  GtkWidget *row, *apply;
  double limit;

  gtk_window_present (GTK_WINDOW (w));
  rig_window_open_file (w, file);
  iterate ();
  p = &rig_window_get_report (w)->power;
  g_assert_cmpfloat (p->wall_w, >, p->circuit_w);
  g_assert_false (isnan (p->suggested_limit_pct));
  limit = p->suggested_limit_pct;
  row = find_widget (GTK_WIDGET (w), ADW_TYPE_ACTION_ROW, "with a GPU power limit of");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (row)));
  apply = find_button (row, "_Apply");
  g_assert_nonnull (apply);
  g_signal_emit_by_name (apply, "clicked");
  iterate ();
  g_assert_cmpfloat (rig_window_get_build (w)->settings.gpu_power_limit_pct, ==, limit);
  p = &rig_window_get_report (w)->power;
  g_assert_cmpfloat (p->wall_w, <=, p->circuit_w);
  g_assert_true (isnan (p->suggested_limit_pct));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (row)));

  gtk_widget_activate_action (GTK_WIDGET (w), "win.undo", NULL);
  iterate ();
  g_assert_cmpfloat (rig_window_get_build (w)->settings.gpu_power_limit_pct, ==, 100);
  gtk_window_destroy (GTK_WINDOW (w));
  iterate ();
}

static void
on_recent_changed (GtkRecentManager *manager,
                   gboolean         *changed)
{
  *changed = TRUE;
}

/* GtkRecentManager writes the program name as the command that opens a recent file; without
 * one (an application that is not started through g_application_run ()) it used to assert. */
static void
test_recent_without_program_name (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = rig_test_temp_dir ();
      g_autofree char *path = g_build_filename (dir, "recent.rigplan.json", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *uri = g_file_get_uri (file);
      g_autoptr(RigApplication) other = NULL;
      g_autoptr(GError) error = NULL;
      gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
      gboolean changed = FALSE;
      RigWindow *w;

      g_set_prgname (NULL);
      other = rig_application_new ("io.github.rigplan.Rigplan.Test.Recent", G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (other), NULL, &error));
      g_assert_no_error (error);
      g_assert_nonnull (g_get_prgname ());
      w = rig_window_new (other);
      g_signal_connect (gtk_recent_manager_get_default (), "changed", G_CALLBACK (on_recent_changed),
                        &changed);
      g_assert_true (rig_window_save_to (w, file, &error));
      g_assert_no_error (error);
      while (!changed && g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, TRUE);
      g_signal_handlers_disconnect_by_func (gtk_recent_manager_get_default (), on_recent_changed,
                                            &changed);
      g_assert_true (changed);
      g_assert_true (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri));
      gtk_window_destroy (GTK_WINDOW (w));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Clicks a message dialog's button, which answers and closes it, as a person would. */
static void
click_response (GtkWindow  *dialog,
                const char *label)
{
  GtkWidget *button = find_button (GTK_WIDGET (dialog), label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  iterate ();
}

static gboolean
app_has_window (GtkWindow *w)
{
  return g_list_find (gtk_application_get_windows (GTK_APPLICATION (app)), w) != NULL;
}

/* The session ending (logging out) asks as quitting does; Cancel keeps the window. */
static void
test_session_end_asks_to_save (void)
{
  GtkWindow *dialog;

  rig_window_add_part (window, "nvidia-rtx-3090", 1);
  iterate ();
  g_assert_true (rig_window_get_dirty (window));
  g_signal_emit_by_name (app, "query-end");
  iterate ();
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Save Changes?");
  click_response (dialog, "_Cancel");
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (app_has_window (GTK_WINDOW (window)));
  g_assert_true (rig_window_get_dirty (window));
}

/* Quitting (app.quit, Ctrl+Q) asks every window with unsaved changes, in turn, what the close
 * button asks; Cancel keeps everything open. Runs last: it closes the windows. */
static void
test_quit_asks_to_save (void)
{
  g_autofree char *dir = rig_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "quit.rigplan.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) saved = NULL;
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  RigWindow *other = rig_window_new (app);
  GtkWindow *dialog;
  gboolean asked_window = FALSE, asked_other = FALSE;

  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>q"));

  /* Two windows with unsaved changes; the second one has a file to save to. */
  gtk_window_present (GTK_WINDOW (other));
  g_assert_true (rig_window_save_to (other, file, &error));
  g_assert_no_error (error);
  rig_window_add_part (window, "nvidia-rtx-3090", 1);
  rig_window_add_part (other, "nvidia-rtx-4090", 1);
  iterate ();
  g_assert_true (rig_window_get_dirty (window));
  g_assert_true (rig_window_get_dirty (other));

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  iterate ();
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Save Changes?");
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "discard"));
  g_assert_true (app_has_window (GTK_WINDOW (window)));
  g_assert_true (app_has_window (GTK_WINDOW (other)));

  /* Cancel: nothing closes, nothing more is asked. */
  click_response (dialog, "_Cancel");
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (app_has_window (GTK_WINDOW (window)));
  g_assert_true (app_has_window (GTK_WINDOW (other)));
  g_assert_true (rig_window_get_dirty (window));
  g_assert_true (rig_window_get_dirty (other));

  /* Quit again: each window is asked in turn; the one with a file saves, the other discards. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  iterate ();
  for (guint i = 0; i < 2; i++)
    {
      GtkWindow *parent;

      dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
      g_assert_nonnull (dialog);
      parent = gtk_window_get_transient_for (dialog);
      /* One of the two is gone by the second round: compare pointers, no casts. */
      if (parent == (GtkWindow *) other)
        {
          g_assert_false (asked_other);
          asked_other = TRUE;
          g_assert_true (asked_window || app_has_window ((GtkWindow *) window));
          click_response (dialog, "_Save");
        }
      else
        {
          g_assert_true (parent == (GtkWindow *) window);
          g_assert_false (asked_window);
          asked_window = TRUE;
          g_assert_true (asked_other || app_has_window ((GtkWindow *) other));
          click_response (dialog, "_Discard");
        }
    }
  g_assert_true (asked_window && asked_other);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  window = NULL;

  /* "Save" wrote the second window's change before it closed. */
  saved = rig_build_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->items->len, ==, 1);
  g_assert_cmpstr (((RigBuildItem *) g_ptr_array_index (saved->items, 0))->part_id, ==, "nvidia-rtx-4090");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *library = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  dir = rig_test_temp_dir ();
  library = g_build_filename (dir, "library.sqlite", NULL);
  g_setenv ("RIGPLAN_LIBRARY", library, TRUE);

  app = rig_application_new ("io.github.rigplan.Rigplan.Test", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  iterate ();
  window = RIG_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  g_assert_nonnull (rig_application_get_catalog (app));

  g_test_add_func ("/gui/window/empty", test_empty_window);
  g_test_add_func ("/gui/window/build-through-widgets", test_build_through_widgets);
  g_test_add_func ("/gui/window/workload-dialog", test_workload_dialog);
  g_test_add_func ("/gui/window/workload-dialog-vllm-settings", test_workload_dialog_vllm_settings);
  g_test_add_func ("/gui/window/serving-row", test_serving_row);
  g_test_add_func ("/gui/window/workload-dialog-draft", test_workload_dialog_draft);
  g_test_add_func ("/gui/window/workload-dialog-placement", test_workload_dialog_placement);
  g_test_add_func ("/gui/window/workload-dialog-recipe", test_workload_dialog_recipe);
  g_test_add_func ("/gui/window/results-speculative", test_results_speculative);
  g_test_add_func ("/gui/window/results-weights-file", test_results_weights_file);
  g_test_add_func ("/gui/window/results-speculative-refused", test_results_speculative_refused);
  g_test_add_func ("/gui/window/workload-row-llamacpp", test_workload_row_llamacpp_settings);
  g_test_add_func ("/gui/window/model-chooser", test_model_chooser);
  g_test_add_func ("/gui/window/narrow-layout", test_narrow_layout);
  g_test_add_func ("/gui/window/narrow-layout-full-header", test_narrow_layout_full_header);
  g_test_add_func ("/gui/window/undo-redo", test_undo_redo);
  g_test_add_func ("/gui/window/save-open-round-trip", test_save_open_round_trip);
  g_test_add_func ("/gui/window/bad-file-changes-nothing", test_bad_file_changes_nothing);
  g_test_add_func ("/gui/window/export", test_export);
  g_test_add_func ("/gui/window/import-csv", test_import_csv);
  g_test_add_func ("/gui/window/compare", test_compare_window);
  g_test_add_func ("/gui/window/build-settings", test_build_settings);
  g_test_add_func ("/gui/window/wheel-needs-focus", test_wheel_needs_focus);
  g_test_add_func ("/gui/window/verdict-first", test_verdict_first);
  g_test_add_func ("/gui/window/start-page", test_start_page);
  g_test_add_func ("/gui/window/find-build", test_find_build);
  g_test_add_func ("/gui/window/find-build-keeps-gpus", test_find_build_keeps_gpus);
  g_test_add_func ("/gui/window/find-build-raise-budget", test_find_build_raise_budget);
  g_test_add_func ("/gui/window/picker-compatible-only", test_picker_compatible_only);
  g_test_add_func ("/gui/window/refresh-without-sources", test_refresh_without_sources);
  /* Before refresh-prices, which stores market prices for these cards. */
  g_test_add_func ("/gui/window/total-names-unpriced", test_total_names_unpriced);
  g_test_add_func ("/gui/window/refresh-prices", test_refresh_prices);
  g_test_add_func ("/gui/window/open-keeps-unsaved", test_open_keeps_unsaved);
  g_test_add_func ("/gui/window/findings-follow-report", test_findings_follow_report);
  g_test_add_func ("/gui/window/apply-fix", test_apply_fix);
  g_test_add_func ("/gui/window/impact-words", test_impact_words);
  g_test_add_func ("/gui/window/apply-power-limit", test_apply_power_limit);
  g_test_add_func ("/gui/window/finding-selects-part", test_finding_selects_part);
  g_test_add_func ("/gui/window/menu-hides-tooltip", test_menu_hides_tooltip);
  g_test_add_func ("/gui/window/recent-without-program-name", test_recent_without_program_name);
  g_test_add_func ("/gui/window/session-end-asks-to-save", test_session_end_asks_to_save);
  g_test_add_func ("/gui/window/quit-asks-to-save", test_quit_asks_to_save);

  status = g_test_run ();
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_clear_object (&app);
  return status;
}
