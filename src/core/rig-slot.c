/* rig-slot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rig-field.h"
#include "rig-slot.h"

static void
share_clear (gpointer data)
{
  g_free (((RigSlotShare *) data)->other);
}

void
rig_slot_free (RigSlot *slot)
{
  if (slot == NULL)
    return;
  g_free (slot->name);
  g_clear_pointer (&slot->shares, g_array_unref);
  g_free (slot);
}

static gboolean
parse_lanes (const char *token,
             char        prefix,
             guint       max,
             guint      *out)
{
  char *end = NULL;
  guint64 v;

  if (token[0] != prefix || !g_ascii_isdigit (token[1]))
    return FALSE;
  v = g_ascii_strtoull (token + 1, &end, 10);
  if (*end != '\0' || v > max)
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

static gboolean
valid_lane_count (guint lanes)
{
  return lanes == 1 || lanes == 2 || lanes == 4 || lanes == 8 || lanes == 16;
}

static RigSlot *
parse_one (const char  *text,
           RigSlotKind  kind,
           GError     **error)
{
  g_autoptr(RigSlot) slot = g_new0 (RigSlot, 1);
  g_auto(GStrv) tokens = g_strsplit_set (text, " ", -1);
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  guint i = 0;
  char *at;

  for (guint k = 0; tokens[k]; k++)
    if (*tokens[k])
      g_ptr_array_add (words, tokens[k]);

  slot->shares = g_array_new (FALSE, TRUE, sizeof (RigSlotShare));
  g_array_set_clear_func (slot->shares, share_clear);

  if (words->len < (kind == RIG_SLOT_KIND_PCIE ? 5u : 4u))
    goto bad;

  slot->name = g_strdup (g_ptr_array_index (words, i++));
  at = strchr (slot->name, '@');
  if (kind == RIG_SLOT_KIND_PCIE)
    {
      char *end = NULL;

      if (at == NULL)
        goto bad;
      *at = '\0';
      slot->position = (guint) g_ascii_strtoull (at + 1, &end, 10);
      if (*end != '\0' || slot->position < 1 || slot->position > 12)
        goto bad;
      if (!parse_lanes (g_ptr_array_index (words, i++), 'x', 16, &slot->physical_lanes) ||
          !valid_lane_count (slot->physical_lanes))
        goto bad;
    }
  else if (at != NULL)
    goto bad;

  if (*slot->name == '\0')
    goto bad;

  if (!parse_lanes (g_ptr_array_index (words, i++), 'x', 16, &slot->lanes) ||
      !valid_lane_count (slot->lanes))
    goto bad;
  if (kind == RIG_SLOT_KIND_PCIE && slot->lanes > slot->physical_lanes)
    {
      g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
                   "slot %s has more electrical lanes (x%u) than its physical size (x%u)",
                   slot->name, slot->lanes, slot->physical_lanes);
      return NULL;
    }
  if (!parse_lanes (g_ptr_array_index (words, i++), 'g', 6, &slot->gen) || slot->gen < 1)
    goto bad;

  if (g_str_equal (g_ptr_array_index (words, i), "cpu"))
    slot->source = RIG_LANE_SOURCE_CPU;
  else if (g_str_equal (g_ptr_array_index (words, i), "chipset"))
    slot->source = RIG_LANE_SOURCE_CHIPSET;
  else
    goto bad;
  i++;

  for (; i < words->len; i++)
    {
      const char *w = g_ptr_array_index (words, i);
      const char *colon;
      RigSlotShare share = { .pcie_index = -1, .m2_index = -1 };

      if (!g_str_has_prefix (w, "share=") || (colon = strrchr (w, ':')) == NULL)
        goto bad;
      if (!parse_lanes (colon + 1, 'x', 16, &share.lanes) ||
          (share.lanes != 0 && !valid_lane_count (share.lanes)))
        goto bad;
      share.other = g_strndup (w + strlen ("share="), colon - w - strlen ("share="));
      if (*share.other == '\0')
        {
          g_free (share.other);
          goto bad;
        }
      share.sata = g_str_has_prefix (share.other, "SATA") && g_ascii_isdigit (share.other[4]);
      g_array_append_val (slot->shares, share);
    }

  return g_steal_pointer (&slot);

bad:
  g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
               kind == RIG_SLOT_KIND_PCIE
                 ? "“%s” does not read as “NAME@POS xPHYS xELEC gGEN cpu|chipset [share=OTHER:xN]”"
                 : "“%s” does not read as “NAME xLANES gGEN cpu|chipset [share=OTHER:xN]”",
               text);
  return NULL;
}

GPtrArray *
rig_slot_list_parse (const char  *text,
                     RigSlotKind  kind,
                     GError     **error)
{
  g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_slot_free);
  g_auto(GStrv) items = NULL;

  if (text == NULL || *text == '\0')
    return g_steal_pointer (&slots);

  items = g_strsplit (text, ";", -1);
  for (guint i = 0; items[i]; i++)
    {
      RigSlot *slot;

      g_strstrip (items[i]);
      if (*items[i] == '\0')
        continue;
      if (!(slot = parse_one (items[i], kind, error)))
        return NULL;
      for (guint k = 0; k < slots->len; k++)
        {
          RigSlot *prev = g_ptr_array_index (slots, k);

          if (g_str_equal (prev->name, slot->name))
            {
              g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
                           "slot name %s appears twice", slot->name);
              rig_slot_free (slot);
              return NULL;
            }
          if (kind == RIG_SLOT_KIND_PCIE && prev->position == slot->position)
            {
              g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
                           "slots %s and %s are both at position %u",
                           prev->name, slot->name, slot->position);
              rig_slot_free (slot);
              return NULL;
            }
        }
      g_ptr_array_add (slots, slot);
    }

  return g_steal_pointer (&slots);
}
