/* rig-part-object.h: a catalog part as a GObject, for list models and GTK expressions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "rig-part.h"

G_BEGIN_DECLS

#define RIG_TYPE_PART_OBJECT (rig_part_object_get_type ())

G_DECLARE_FINAL_TYPE (RigPartObject, rig_part_object, RIG, PART_OBJECT, GObject)

/* Takes ownership of @part. */
RigPartObject *rig_part_object_new          (RigPart       *part);
const RigPart *rig_part_object_get_part     (RigPartObject *self);
const char    *rig_part_object_get_id       (RigPartObject *self);
const char    *rig_part_object_get_name     (RigPartObject *self);
const char    *rig_part_object_get_vendor   (RigPartObject *self);
/* USD, NAN when the catalog has no price. */
double         rig_part_object_get_price    (RigPartObject *self);
/* rig_catalog_key_spec () of the part. */
double         rig_part_object_get_key_spec (RigPartObject *self);

G_END_DECLS
