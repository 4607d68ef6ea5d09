/* rig-capacity-panel.c: what the build can run, per model family, in the results
 *
 * rig_capacity_evaluate () plans a few hundred candidate workloads (tens of milliseconds), so it
 * runs in a worker thread once edits have paused, and an answer for devices that changed
 * meanwhile is dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "rig-capacity.h"
#include "rig-capacity-panel.h"
#include "rig-wheel-guard.h"

/* How long edits must pause before the answer is worked out again. */
#define SETTLE_MS 300

struct _RigCapacityPanel
{
  AdwPreferencesGroup  parent_instance;

  GPtrArray           *models;      /* RigModel, from the catalog */
  GPtrArray           *quants;      /* RigQuant */
  RigDeviceSet         devices;
  gboolean             has_devices;
  guint                settle_source;
  guint                generation;  /* of the devices; an older answer is dropped */
  gboolean             busy;
  GPtrArray           *rows;

  GtkSpinButton       *speed_spin;
  GtkListBox          *list;
};

G_DEFINE_FINAL_TYPE (RigCapacityPanel, rig_capacity_panel, ADW_TYPE_PREFERENCES_GROUP)

typedef struct
{
  RigDeviceSet        devices;
  GPtrArray          *models;
  GPtrArray          *quants;
  RigCapacityOptions  options;
  guint               generation;
  GArray             *entries;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_pointer (&job->models, g_ptr_array_unref);
  g_clear_pointer (&job->quants, g_ptr_array_unref);
  g_clear_pointer (&job->entries, g_array_unref);
  g_free (job);
}

static double
quant_bits (const char *quant_id,
            gpointer    user_data)
{
  GPtrArray *quants = user_data;

  for (guint i = 0; i < quants->len; i++)
    {
      const RigQuant *q = g_ptr_array_index (quants, i);

      if (g_str_equal (q->id, quant_id))
        return q->bits_per_weight;
    }
  return NAN;
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  Job *job = data;

  job->entries = rig_capacity_evaluate (&job->devices, job->models, job->quants, &job->options);
  g_task_return_boolean (task, TRUE);
}

static void
clear_rows (RigCapacityPanel *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->list, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_row (RigCapacityPanel *self,
         const char       *title,
         const char       *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_append (self->list, row);
  g_ptr_array_add (self->rows, row);
}

static void
show_entries (RigCapacityPanel *self,
              GArray           *entries)
{
  g_autoptr(GString) none = g_string_new (NULL);

  clear_rows (self);
  for (guint i = 0; i < entries->len; i++)
    {
      const RigCapacityEntry *e = &g_array_index (entries, RigCapacityEntry, i);
      g_autofree char *subtitle = NULL;

      if (e->model == NULL)
        {
          g_string_append_printf (none, "%s%s", none->len ? ", " : "", e->family);
          continue;
        }
      /* Translators: "Q4_K_M · 32,768 tokens · 15 tokens/s · fits in GPU memory" */
      subtitle = g_strdup_printf (_("%s · %'u tokens · %.0f tokens/s · %s"), e->quant->id, e->context,
                                  floor (e->decode_tokens_per_s), rig_fit_describe (e->fit));
      add_row (self, e->model->name, subtitle);
    }
  if (none->len > 0)
    add_row (self, _("Too large at this speed"), none->str);
  if (self->rows->len == 0)
    add_row (self, _("Add GPUs, a prebuilt system, or a CPU and memory to see what runs"), NULL);
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  RigCapacityPanel *self = RIG_CAPACITY_PANEL (source);
  Job *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL) || job->generation != self->generation
      || self->rows == NULL)
    return;
  self->busy = FALSE;
  show_entries (self, job->entries);
}

static gboolean
settle_cb (gpointer user_data)
{
  RigCapacityPanel *self = user_data;
  g_autoptr(GTask) task = NULL;
  Job *job;

  self->settle_source = 0;
  if (self->models == NULL || !self->has_devices)
    {
      self->busy = FALSE;
      return G_SOURCE_REMOVE;
    }
  job = g_new0 (Job, 1);
  job->devices = self->devices;
  job->models = g_ptr_array_ref (self->models);
  job->quants = g_ptr_array_ref (self->quants);
  rig_capacity_options_init (&job->options);
  job->options.min_tokens_per_s = gtk_spin_button_get_value (self->speed_spin);
  job->options.lookup = quant_bits;
  job->options.lookup_data = job->quants;
  job->generation = self->generation;
  task = g_task_new (self, NULL, job_done, NULL);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, job_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule (RigCapacityPanel *self)
{
  self->generation++;
  self->busy = TRUE;
  g_clear_handle_id (&self->settle_source, g_source_remove);
  self->settle_source = g_timeout_add (SETTLE_MS, settle_cb, self);
}

static void
speed_changed_cb (RigCapacityPanel *self)
{
  schedule (self);
}

void
rig_capacity_panel_set_devices (RigCapacityPanel   *self,
                                const RigDeviceSet *devices)
{
  g_return_if_fail (RIG_IS_CAPACITY_PANEL (self));
  g_return_if_fail (devices != NULL);

  /* The same memory and processors give the same answer: nothing to do for a price or a name. */
  if (self->has_devices && memcmp (&self->devices, devices, sizeof *devices) == 0)
    return;
  self->devices = *devices;
  self->has_devices = TRUE;
  schedule (self);
}

void
rig_capacity_panel_set_catalog (RigCapacityPanel *self,
                                RigCatalog       *catalog)
{
  g_return_if_fail (RIG_IS_CAPACITY_PANEL (self));

  g_clear_pointer (&self->models, g_ptr_array_unref);
  g_clear_pointer (&self->quants, g_ptr_array_unref);
  if (catalog != NULL)
    {
      self->models = rig_catalog_list_models (catalog, NULL);
      self->quants = rig_catalog_list_quants (catalog, NULL);
      if (self->models == NULL || self->quants == NULL)
        {
          g_clear_pointer (&self->models, g_ptr_array_unref);
          g_clear_pointer (&self->quants, g_ptr_array_unref);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self), self->models != NULL);
  if (self->has_devices)
    schedule (self);
}

gboolean
rig_capacity_panel_get_busy (RigCapacityPanel *self)
{
  g_return_val_if_fail (RIG_IS_CAPACITY_PANEL (self), FALSE);
  return self->busy;
}

static void
rig_capacity_panel_dispose (GObject *object)
{
  RigCapacityPanel *self = RIG_CAPACITY_PANEL (object);

  g_clear_handle_id (&self->settle_source, g_source_remove);
  g_clear_pointer (&self->models, g_ptr_array_unref);
  g_clear_pointer (&self->quants, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), RIG_TYPE_CAPACITY_PANEL);
  G_OBJECT_CLASS (rig_capacity_panel_parent_class)->dispose (object);
}

static void
rig_capacity_panel_class_init (RigCapacityPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rig_capacity_panel_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rigplan/Rigplan/rig-capacity-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RigCapacityPanel, speed_spin);
  gtk_widget_class_bind_template_child (widget_class, RigCapacityPanel, list);
  gtk_widget_class_bind_template_callback (widget_class, speed_changed_cb);
}

static void
rig_capacity_panel_init (RigCapacityPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rig_wheel_guard_spin_buttons (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
