/* rig-parts-list.c: the build's parts, grouped by kind, one RigPartRow each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rig-part-row.h"
#include "rig-parts-list.h"

struct _RigPartsList
{
  GtkBox       parent_instance;

  RigDocument *document;
  GPtrArray   *groups;      /* children: a group per kind, or the hint */
  GPtrArray   *rows;        /* RigPartRow */
};

G_DEFINE_FINAL_TYPE (RigPartsList, rig_parts_list, GTK_TYPE_BOX)

enum { CHANGE_PART, MESSAGE, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The order a parts list reads in: the system or GPUs that decide what runs first. */
static const RigPartKind kind_order[] = {
  RIG_PART_SYSTEM, RIG_PART_GPU, RIG_PART_CPU, RIG_PART_MOTHERBOARD, RIG_PART_MEMORY,
  RIG_PART_STORAGE, RIG_PART_PSU, RIG_PART_CASE, RIG_PART_COOLER, RIG_PART_NIC,
  RIG_PART_ACCESSORY,
};

const char *
rig_part_kind_title (RigPartKind kind)
{
  switch (kind)
    {
    case RIG_PART_GPU: return _("GPUs");
    case RIG_PART_CPU: return _("CPU");
    case RIG_PART_MOTHERBOARD: return _("Motherboard");
    case RIG_PART_MEMORY: return _("Memory");
    case RIG_PART_STORAGE: return _("Storage");
    case RIG_PART_PSU: return _("Power Supply");
    case RIG_PART_CASE: return _("Case");
    case RIG_PART_COOLER: return _("CPU Cooler");
    case RIG_PART_NIC: return _("Network");
    case RIG_PART_SYSTEM: return _("Prebuilt System");
    case RIG_PART_ACCESSORY: return _("Accessories");
    case RIG_PART_N_KINDS:
    default: return "";
    }
}

static void
on_change_requested (RigPartRow   *row,
                     RigPartsList *self)
{
  RigBuild *build = rig_document_get_build (self->document);
  guint index = rig_part_row_get_index (row);
  RigBuildItem *item = index < build->items->len ? g_ptr_array_index (build->items, index) : NULL;

  if (item != NULL)
    g_signal_emit (self, signals[CHANGE_PART], 0, index, item->part ? item->part->kind : RIG_PART_GPU);
}

static void
on_message (RigPartRow   *row,
            const char   *message,
            RigPartsList *self)
{
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

void
rig_parts_list_rebuild (RigPartsList *self)
{
  RigBuild *build;

  g_return_if_fail (RIG_IS_PARTS_LIST (self));

  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_remove (GTK_BOX (self), g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  g_ptr_array_set_size (self->rows, 0);
  if (self->document == NULL)
    return;

  build = rig_document_get_build (self->document);
  for (guint k = 0; k < G_N_ELEMENTS (kind_order); k++)
    {
      GtkWidget *group = NULL;

      for (guint i = 0; i < build->items->len; i++)
        {
          RigBuildItem *item = g_ptr_array_index (build->items, i);
          GtkWidget *row;

          if (item->part == NULL || item->part->kind != kind_order[k])
            continue;
          if (group == NULL)
            {
              group = adw_preferences_group_new ();
              adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), rig_part_kind_title (kind_order[k]));
              gtk_box_append (GTK_BOX (self), group);
              g_ptr_array_add (self->groups, group);
            }
          row = rig_part_row_new (self->document, i);
          g_signal_connect (row, "change-requested", G_CALLBACK (on_change_requested), self);
          g_signal_connect (row, "message", G_CALLBACK (on_message), self);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
          g_ptr_array_add (self->rows, row);
        }
    }

  if (self->groups->len == 0)
    {
      GtkWidget *hint = gtk_label_new (_("Add the parts you have or consider with “Add Part”, or a "
                                         "prebuilt system such as a Mac Studio."));
      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_box_append (GTK_BOX (self), hint);
      g_ptr_array_add (self->groups, hint);
    }
}

/* New parts get new rows; new prices (a condition, the currency, a refresh) change what the
 * rows show, and leave the widget the person is using in place. */
static void
on_document_changed (RigDocument  *document,
                     guint         change,
                     RigPartsList *self)
{
  if (change & RIG_DOCUMENT_CHANGE_PARTS)
    rig_parts_list_rebuild (self);
  else if (change & RIG_DOCUMENT_CHANGE_PRICES)
    for (guint i = 0; i < self->rows->len; i++)
      rig_part_row_update (g_ptr_array_index (self->rows, i));
}

void
rig_parts_list_set_document (RigPartsList *self,
                             RigDocument  *document)
{
  g_return_if_fail (RIG_IS_PARTS_LIST (self));
  g_return_if_fail (document == NULL || RIG_IS_DOCUMENT (document));

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect (document, "changed", G_CALLBACK (on_document_changed), self);
  rig_parts_list_rebuild (self);
}

static void
rig_parts_list_dispose (GObject *object)
{
  RigPartsList *self = RIG_PARTS_LIST (object);

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  G_OBJECT_CLASS (rig_parts_list_parent_class)->dispose (object);
}

static void
rig_parts_list_class_init (RigPartsListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rig_parts_list_dispose;

  signals[CHANGE_PART] = g_signal_new ("change-part", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_INT);
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rig_parts_list_init (RigPartsList *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 18);
  self->groups = g_ptr_array_new ();
  self->rows = g_ptr_array_new ();
}

gboolean
rig_parts_list_focus_item (RigPartsList *self,
                           guint         index)
{
  g_return_val_if_fail (RIG_IS_PARTS_LIST (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      RigPartRow *row = g_ptr_array_index (self->rows, i);

      if (rig_part_row_get_index (row) != index)
        continue;
      /* The page scrolls to the row that takes the focus; opened, it shows the part's figures. */
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      /* An expander row takes the focus in its header. */
      if (!gtk_widget_grab_focus (GTK_WIDGET (row)))
        gtk_widget_child_focus (GTK_WIDGET (row), GTK_DIR_TAB_FORWARD);
      return TRUE;
    }
  return FALSE;
}
