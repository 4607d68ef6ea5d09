/* rig-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rig-export.h"
#include "rig-plan.h"

int
rig_export_format_from_string (const char *text)
{
  if (g_strcmp0 (text, "csv") == 0)
    return RIG_EXPORT_CSV;
  return -1;
}

char *
rig_export_csv_field (const char *field)
{
  GString *out;

  if (field == NULL)
    return g_strdup ("");
  if (strpbrk (field, ",\"\r\n") == NULL)
    return g_strdup (field);

  out = g_string_new ("\"");
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static char *
format_minor (gint64 minor)
{
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", minor < 0 ? "-" : "", ABS (minor) / 100,
                          (int) (ABS (minor) % 100));
}

static void
append_row (GString            *out,
            const char * const *fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *escaped = rig_export_csv_field (fields[i]);
      g_string_append_printf (out, "%s%s", i ? "," : "", escaped);
    }
  g_string_append (out, "\r\n");
}

static char *
export_csv (const RigBuild *build)
{
  static const char * const header[] = {
    "id", "kind", "name", "count", "condition", "unit_price", "total", "currency", "source", NULL
  };
  GString *out = g_string_new (NULL);

  append_row (out, header);
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);
      const RigPart *part = item->part;
      g_autofree char *count = g_strdup_printf ("%u", item->count);
      g_autofree char *unit = NULL;
      g_autofree char *total = NULL;
      gint64 minor;

      if (rig_build_item_unit_price (item, &minor))
        {
          unit = format_minor (minor);
          total = format_minor (minor * item->count);
        }
      {
        const char *row[] = {
          item->part_id,
          part ? rig_part_kind_to_string (part->kind) : "",
          part ? part->name : "",
          count,
          rig_condition_to_string (item->condition),
          unit ? unit : "",
          total ? total : "",
          build->settings.currency,
          part && part->source ? part->source : "",
          NULL
        };
        append_row (out, row);
      }
    }
  return g_string_free (out, FALSE);
}

char *
rig_export_build (const RigBuild  *build,
                  RigExportFormat  format)
{
  switch (format)
    {
    case RIG_EXPORT_CSV:
    default:
      return export_csv (build);
    }
}
