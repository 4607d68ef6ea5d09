/* rig-figure-row.h: a row of the results — an icon, a title, a subtitle and a figure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RIG_TYPE_FIGURE_ROW (rig_figure_row_get_type ())

G_DECLARE_FINAL_TYPE (RigFigureRow, rig_figure_row, RIG, FIGURE_ROW, GtkListBoxRow)

GtkWidget *rig_figure_row_new          (void);

/* NULL or "" hides the part. */
void       rig_figure_row_set_title    (RigFigureRow *self,
                                        const char   *title);
void       rig_figure_row_set_subtitle (RigFigureRow *self,
                                        const char   *subtitle);
void       rig_figure_row_set_value    (RigFigureRow *self,
                                        const char   *value);

/* An icon before the title, with a style class (e.g. "error") and the name a screen reader says;
 * a NULL @icon_name hides it. */
void       rig_figure_row_set_icon     (RigFigureRow *self,
                                        const char   *icon_name,
                                        const char   *css_class,
                                        const char   *accessible_label);

const char *rig_figure_row_get_title   (RigFigureRow *self);

G_END_DECLS
