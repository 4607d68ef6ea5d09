/* rig-safe-write.h: writing an export so that a failure leaves the file as it was
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Draws the document through @write into @closure; FALSE with @error set when cairo fails. */
typedef gboolean (*RigRender) (cairo_write_func_t   write,
                               void                *closure,
                               gpointer             user_data,
                               GError             **error);

/* Renders into a new file of its own in @path's folder, then renames it over @path. */
gboolean       rig_write_safely  (const char  *path,
                                  RigRender    render,
                                  gpointer     user_data,
                                  GError     **error);
/* A cairo write function that keeps nothing: for laying out a document to count its pages. */
cairo_status_t rig_discard_write (void                *closure,
                                  const unsigned char *data,
                                  unsigned int         length);

G_END_DECLS
