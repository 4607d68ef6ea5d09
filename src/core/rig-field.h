/* rig-field.h: table descriptors that map catalog columns onto plain structs
 *
 * One descriptor per column says its type, range, allowed values and where it lives in the
 * record, so the catalog compiler, the catalog reader and `catalog show` share one definition.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RIG_FIELD_ERROR (rig_field_error_quark ())
GQuark rig_field_error_quark (void);

typedef enum
{
  RIG_FIELD_ERROR_INVALID,
} RigFieldError;

typedef enum
{
  RIG_FIELD_TEXT,     /* char *, any text */
  RIG_FIELD_ID,       /* char *, lowercase slug */
  RIG_FIELD_ENUM,     /* char *, one of values (or a ';' list of them with RIG_FIELD_LIST) */
  RIG_FIELD_NUMBER,   /* double, NAN when unknown */
  RIG_FIELD_INTEGER,  /* double holding a whole number, NAN when unknown */
  RIG_FIELD_BOOL,     /* int, -1 when unknown */
  RIG_FIELD_MONEY,    /* gint64 minor units (cents), RIG_MONEY_UNKNOWN when unknown */
  RIG_FIELD_DATE,     /* char *, YYYY-MM or YYYY-MM-DD */
} RigFieldType;

typedef enum
{
  RIG_FIELD_REQUIRED = 1 << 0,
  RIG_FIELD_LIST     = 1 << 1,
} RigFieldFlags;

typedef gboolean (*RigFieldCheck) (const char *value,
                                   GError    **error);

typedef struct
{
  const char          *name;
  RigFieldType         type;
  RigFieldFlags        flags;
  double               min;
  double               max;
  const char * const  *values;
  RigFieldCheck        check;
  gsize                offset;
  const char          *label;
} RigField;

typedef struct
{
  const char     *name;        /* table and file name: "gpu" → gpu.csv */
  const RigField *fields;
  guint           n_fields;
  gsize           record_size;
} RigTable;

void       rig_table_record_init  (const RigTable *table,
                                   gpointer        record);
void       rig_table_record_clear (const RigTable *table,
                                   gpointer        record);
gpointer   rig_table_record_dup   (const RigTable *table,
                                   gconstpointer   record);
const RigField *rig_table_find_field (const RigTable *table,
                                      const char     *name);

gboolean   rig_field_set_text     (const RigField *field,
                                   gpointer        record,
                                   const char     *text,
                                   GError        **error);
char      *rig_field_to_text      (const RigField *field,
                                   gconstpointer   record);
gboolean   rig_field_is_known     (const RigField *field,
                                   gconstpointer   record);

#define RIG_FIELD_PTR(record, field, type) ((type *) (gpointer) ((guint8 *) (record) + (field)->offset))

gboolean   rig_id_is_valid        (const char *id);


G_END_DECLS
