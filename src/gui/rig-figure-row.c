/* rig-figure-row.c
 *
 * A row of the results: an icon, a title, a subtitle under it, and a figure at the end; it
 * looks like an AdwActionRow and lays itself out.
 *
 * Why not an AdwActionRow: a horizontal GtkBox allocates its children by asking each for its
 * width at the box's height, and a wrapping GtkLabel answers that question with a binary search
 * over text layouts, twice (minimum and natural) whenever its text changed. A results row's
 * width never depends on its height, so this row measures its labels at a free height and then
 * their height at the width they get: two layouts a changed label instead of about twenty.
 * With a dozen long findings changing at once, that was most of the time from an edit to the
 * redrawn window (bench-gui).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rig-figure-row.h"

/* The metrics of AdwActionRow's header in libadwaita's stylesheet (`row > box.header`), so the
 * rows sit well among libadwaita's own. */
enum {
  PAD_X = 12,
  PAD_Y = 6,
  ICON_SPACING = 12,
  VALUE_SPACING = 6,
  TEXT_SPACING = 3,
  MIN_HEIGHT = 50,
};

struct _RigFigureRow
{
  GtkListBoxRow parent_instance;

  GtkWidget    *icon;
  GtkWidget    *title;
  GtkWidget    *subtitle;
  GtkWidget    *value;
};

G_DEFINE_FINAL_TYPE (RigFigureRow, rig_figure_row, GTK_TYPE_LIST_BOX_ROW)

#define RIG_TYPE_FIGURE_LAYOUT (rig_figure_layout_get_type ())
G_DECLARE_FINAL_TYPE (RigFigureLayout, rig_figure_layout, RIG, FIGURE_LAYOUT, GtkLayoutManager)

struct _RigFigureLayout
{
  GtkLayoutManager parent_instance;
};

G_DEFINE_FINAL_TYPE (RigFigureLayout, rig_figure_layout, GTK_TYPE_LAYOUT_MANAGER)

static int
width_of (GtkWidget *widget,
          gboolean   natural)
{
  int min = 0, nat = 0;

  if (!gtk_widget_should_layout (widget))
    return 0;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  return natural ? nat : min;
}

static int
height_of (GtkWidget *widget,
           int        width)
{
  int min = 0;

  if (!gtk_widget_should_layout (widget))
    return 0;
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, &min, NULL, NULL, NULL);
  return min;
}

/* The width of the icon and the figure with their spacing, around the text. */
static int
sides_width (RigFigureRow *row)
{
  int icon = width_of (row->icon, TRUE);
  int value = width_of (row->value, TRUE);

  return 2 * PAD_X + (icon ? icon + ICON_SPACING : 0) + (value ? value + VALUE_SPACING : 0);
}

static int
text_height (RigFigureRow *row,
             int           width,
             int          *title_height)
{
  int title = height_of (row->title, width);
  int subtitle = height_of (row->subtitle, width);

  if (title_height)
    *title_height = title;
  return title + subtitle + (title && subtitle ? TEXT_SPACING : 0);
}

static void
rig_figure_layout_measure (GtkLayoutManager *layout,
                           GtkWidget        *widget,
                           GtkOrientation    orientation,
                           int               for_size,
                           int              *minimum,
                           int              *natural,
                           int              *minimum_baseline,
                           int              *natural_baseline)
{
  RigFigureRow *row = RIG_FIGURE_ROW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int sides = sides_width (row);

      *minimum = sides + MAX (width_of (row->title, FALSE), width_of (row->subtitle, FALSE));
      *natural = sides + MAX (width_of (row->title, TRUE), width_of (row->subtitle, TRUE));
    }
  else
    {
      int text_width = for_size < 0 ? -1 : MAX (0, for_size - sides_width (row));
      int height = MAX (text_height (row, text_width, NULL),
                        MAX (height_of (row->icon, -1), height_of (row->value, -1)));

      *minimum = *natural = MAX (MIN_HEIGHT, height + 2 * PAD_Y);
    }
}

/* Allocates @child at @x from the row's start edge: the left, or the right in right-to-left. */
static void
place (GtkWidget *child,
       GtkWidget *row,
       int        row_width,
       int        x,
       int        y,
       int        width,
       int        height)
{
  GskTransform *at;

  if (!gtk_widget_should_layout (child))
    return;
  if (gtk_widget_get_direction (row) == GTK_TEXT_DIR_RTL)
    x = row_width - x - width;
  at = gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (x, y));
  gtk_widget_allocate (child, width, height, -1, at);
}

static void
rig_figure_layout_allocate (GtkLayoutManager *layout,
                            GtkWidget        *widget,
                            int               width,
                            int               height,
                            int               baseline)
{
  RigFigureRow *row = RIG_FIGURE_ROW (widget);
  int icon_width = width_of (row->icon, TRUE);
  int value_width = width_of (row->value, TRUE);
  int text_x = PAD_X + (icon_width ? icon_width + ICON_SPACING : 0);
  int text_width = MAX (0, width - sides_width (row));
  int icon_height = height_of (row->icon, -1);
  int value_height = height_of (row->value, -1);
  int title_height;
  int block = text_height (row, text_width, &title_height);
  int y = (height - block) / 2;
  int gap = title_height ? TEXT_SPACING : 0;

  place (row->icon, widget, width, PAD_X, (height - icon_height) / 2, icon_width, icon_height);
  place (row->title, widget, width, text_x, y, text_width, title_height);
  place (row->subtitle, widget, width, text_x, y + title_height + gap, text_width, block - title_height - gap);
  place (row->value, widget, width, width - PAD_X - value_width, (height - value_height) / 2, value_width,
         value_height);
}

static GtkSizeRequestMode
rig_figure_layout_get_request_mode (GtkLayoutManager *layout,
                                    GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
rig_figure_layout_class_init (RigFigureLayoutClass *klass)
{
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  layout_class->measure = rig_figure_layout_measure;
  layout_class->allocate = rig_figure_layout_allocate;
  layout_class->get_request_mode = rig_figure_layout_get_request_mode;
}

static void
rig_figure_layout_init (RigFigureLayout *self)
{
}

/* The row ----------------------------------------------------------------------------------- */

static GtkWidget *
text_label (RigFigureRow *self,
            const char   *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_visible (label, FALSE);
  gtk_widget_set_parent (label, GTK_WIDGET (self));
  return label;
}

static void
rig_figure_row_dispose (GObject *object)
{
  RigFigureRow *self = RIG_FIGURE_ROW (object);

  g_clear_pointer (&self->icon, gtk_widget_unparent);
  g_clear_pointer (&self->title, gtk_widget_unparent);
  g_clear_pointer (&self->subtitle, gtk_widget_unparent);
  g_clear_pointer (&self->value, gtk_widget_unparent);
  G_OBJECT_CLASS (rig_figure_row_parent_class)->dispose (object);
}

static void
rig_figure_row_class_init (RigFigureRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rig_figure_row_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), RIG_TYPE_FIGURE_LAYOUT);
}

static void
rig_figure_row_init (RigFigureRow *self)
{
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "rig-figure-row");

  self->icon = gtk_image_new ();
  gtk_widget_set_visible (self->icon, FALSE);
  gtk_widget_set_parent (self->icon, GTK_WIDGET (self));

  self->title = text_label (self, "title");
  self->subtitle = text_label (self, "subtitle");

  self->value = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->value), 1.0);
  gtk_widget_add_css_class (self->value, "numeric");
  gtk_widget_set_visible (self->value, FALSE);
  gtk_widget_set_parent (self->value, GTK_WIDGET (self));

  /* Read as AdwActionRow is: the title names the row, the subtitle and the figure describe it. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->subtitle, self->value, NULL,
                                  -1);
}

GtkWidget *
rig_figure_row_new (void)
{
  return g_object_new (RIG_TYPE_FIGURE_ROW, NULL);
}

static void
set_text (GtkWidget  *label,
          const char *text)
{
  gboolean shown = text != NULL && *text != '\0';

  gtk_label_set_label (GTK_LABEL (label), shown ? text : "");
  gtk_widget_set_visible (label, shown);
}

void
rig_figure_row_set_title (RigFigureRow *self,
                          const char   *title)
{
  g_return_if_fail (RIG_IS_FIGURE_ROW (self));

  set_text (self->title, title);
}

void
rig_figure_row_set_subtitle (RigFigureRow *self,
                             const char   *subtitle)
{
  g_return_if_fail (RIG_IS_FIGURE_ROW (self));
  set_text (self->subtitle, subtitle);
}

void
rig_figure_row_set_value (RigFigureRow *self,
                          const char   *value)
{
  g_return_if_fail (RIG_IS_FIGURE_ROW (self));

  set_text (self->value, value);
}

void
rig_figure_row_set_icon (RigFigureRow *self,
                         const char   *icon_name,
                         const char   *css_class,
                         const char   *accessible_label)
{
  static const char * const classes[] = { "error", "warning", "accent", "success" };

  g_return_if_fail (RIG_IS_FIGURE_ROW (self));

  gtk_widget_set_visible (self->icon, icon_name != NULL);
  if (icon_name == NULL)
    return;
  if (g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (self->icon)), icon_name) != 0)
    gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (g_strcmp0 (classes[i], css_class) != 0)
      gtk_widget_remove_css_class (self->icon, classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (self->icon, css_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label ? accessible_label : "", -1);
}

const char *
rig_figure_row_get_title (RigFigureRow *self)
{
  g_return_val_if_fail (RIG_IS_FIGURE_ROW (self), NULL);
  return gtk_label_get_label (GTK_LABEL (self->title));
}
