/* rig-part-object.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "rig-catalog.h"
#include "rig-part-object.h"

struct _RigPartObject
{
  GObject  parent_instance;
  RigPart *part;
};

G_DEFINE_FINAL_TYPE (RigPartObject, rig_part_object, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_VENDOR,
  PROP_KIND,
  PROP_PRICE,
  PROP_KEY_SPEC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rig_part_object_finalize (GObject *object)
{
  RigPartObject *self = RIG_PART_OBJECT (object);

  g_clear_pointer (&self->part, rig_part_free);
  G_OBJECT_CLASS (rig_part_object_parent_class)->finalize (object);
}

static void
rig_part_object_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RigPartObject *self = RIG_PART_OBJECT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->part->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->part->name);
      break;
    case PROP_VENDOR:
      g_value_set_string (value, self->part->vendor);
      break;
    case PROP_KIND:
      g_value_set_int (value, self->part->kind);
      break;
    case PROP_PRICE:
      g_value_set_double (value, rig_part_object_get_price (self));
      break;
    case PROP_KEY_SPEC:
      g_value_set_double (value, rig_part_object_get_key_spec (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rig_part_object_class_init (RigPartObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = rig_part_object_finalize;
  object_class->get_property = rig_part_object_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_VENDOR] = g_param_spec_string ("vendor", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_int ("kind", NULL, NULL, 0, RIG_PART_N_KINDS - 1, 0,
                                            flags);
  /* NAN is "unknown", so the range is the whole of double. */
  properties[PROP_PRICE] = g_param_spec_double ("price", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                                                0.0, flags);
  properties[PROP_KEY_SPEC] = g_param_spec_double ("key-spec", NULL, NULL, -G_MAXDOUBLE,
                                                   G_MAXDOUBLE, 0.0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rig_part_object_init (RigPartObject *self)
{
}

RigPartObject *
rig_part_object_new (RigPart *part)
{
  RigPartObject *self;

  g_return_val_if_fail (part != NULL, NULL);

  self = g_object_new (RIG_TYPE_PART_OBJECT, NULL);
  self->part = part;
  return self;
}

const RigPart *
rig_part_object_get_part (RigPartObject *self)
{
  g_return_val_if_fail (RIG_IS_PART_OBJECT (self), NULL);
  return self->part;
}

const char *
rig_part_object_get_id (RigPartObject *self)
{
  g_return_val_if_fail (RIG_IS_PART_OBJECT (self), NULL);
  return self->part->id;
}

const char *
rig_part_object_get_name (RigPartObject *self)
{
  g_return_val_if_fail (RIG_IS_PART_OBJECT (self), NULL);
  return self->part->name;
}

const char *
rig_part_object_get_vendor (RigPartObject *self)
{
  g_return_val_if_fail (RIG_IS_PART_OBJECT (self), NULL);
  return self->part->vendor;
}

double
rig_part_object_get_price (RigPartObject *self)
{
  g_return_val_if_fail (RIG_IS_PART_OBJECT (self), NAN);

  if (self->part->price_cents == RIG_MONEY_UNKNOWN)
    return NAN;
  return rig_money_to_major (self->part->price_cents);
}

double
rig_part_object_get_key_spec (RigPartObject *self)
{
  g_return_val_if_fail (RIG_IS_PART_OBJECT (self), NAN);
  return rig_catalog_key_spec (self->part);
}
