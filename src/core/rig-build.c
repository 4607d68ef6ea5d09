/* rig-build.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "rig-build.h"
#include "rig-device.h"
#include "rig-i18n.h"

static const char * const conditions[] = { "new", "used", NULL };
static const char * const circuits[] = { "us-15a", "us-20a", "eu-16a", "uk-13a", NULL };

G_STATIC_ASSERT (G_N_ELEMENTS (circuits) == RIG_CIRCUIT_N + 1);

const char *
rig_condition_to_string (RigCondition condition)
{
  return condition == RIG_CONDITION_USED ? "used" : "new";
}

int
rig_condition_from_string (const char *text)
{
  for (int i = 0; text != NULL && conditions[i]; i++)
    if (g_str_equal (conditions[i], text))
      return i;
  return -1;
}

const char *
rig_circuit_to_string (RigCircuit circuit)
{
  return (guint) circuit < RIG_CIRCUIT_N ? circuits[circuit] : NULL;
}

const char *
rig_circuit_label (RigCircuit circuit)
{
  switch (circuit)
    {
    case RIG_CIRCUIT_US_15A:
      return _("US 15 A");
    case RIG_CIRCUIT_US_20A:
      return _("US 20 A");
    case RIG_CIRCUIT_EU_16A:
      return _("EU 16 A");
    case RIG_CIRCUIT_UK_13A:
      return _("UK 13 A");
    case RIG_CIRCUIT_N:
    default:
      return "";
    }
}

int
rig_circuit_from_string (const char *text)
{
  for (int i = 0; text != NULL && circuits[i]; i++)
    if (g_str_equal (circuits[i], text))
      return i;
  return -1;
}

const char * const *
rig_circuit_values (void)
{
  return circuits;
}

void
rig_settings_init (RigSettings *settings)
{
  g_strlcpy (settings->currency, "USD", sizeof settings->currency);
  settings->electricity_per_kwh = 0.15;
  settings->hours_per_day = 8;
  settings->circuit = RIG_CIRCUIT_US_15A;
  settings->ambient_c = 25;
  settings->gpu_power_limit_pct = 100;
  settings->tco_years = 3;
  /* Used GPUs keep about half their price over 3-4 years: an RTX 3090 launched at $1,499 in
   * 2020 and sold used for $700-800 in 2024 (engineering estimate; set it for your own case). */
  settings->resale_pct = 40;
  settings->cloud_per_hour = NAN;
}

void
rig_build_item_free (RigBuildItem *item)
{
  if (item == NULL)
    return;
  g_free (item->part_id);
  g_free (item->market_source);
  g_clear_pointer (&item->part, rig_part_free);
  g_free (item);
}

RigBuild *
rig_build_new (const char *name)
{
  RigBuild *build = g_new0 (RigBuild, 1);

  build->name = g_strdup (name ? name : "");
  build->items = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_build_item_free);
  build->workloads = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_workload_free);
  rig_settings_init (&build->settings);
  build->market_cloud_per_hour = NAN;
  build->market_usd_rate = NAN;
  return build;
}

RigBuildItem *
rig_build_add_part (RigBuild   *build,
                    const char *part_id,
                    guint       count)
{
  RigBuildItem *item = g_new0 (RigBuildItem, 1);

  item->part_id = g_strdup (part_id);
  item->count = count;
  item->condition = RIG_CONDITION_NEW;
  g_ptr_array_add (build->items, item);
  return item;
}

void
rig_build_item_set_owned (RigBuildItem *item)
{
  g_return_if_fail (item != NULL);
  item->has_price = TRUE;
  item->price_minor = 0;
}

gboolean
rig_build_item_is_owned (const RigBuildItem *item)
{
  g_return_val_if_fail (item != NULL, FALSE);
  return item->has_price && item->price_minor == 0;
}

char *
rig_build_at_most_message (guint  max,
                           double value)
{
  g_autofree char *quoted = fabs (value) < 1e21 ? g_strdup_printf ("%.0f", value)
                                                : g_strdup_printf ("%g", value);

  /* Translators: %u is the most a value may be, %s the value given (“100”, “1e+300”) */
  return g_strdup_printf (_("must be at most %u (it is %s)"), max, quoted);
}

gboolean
rig_build_check_part_limits (double       count,
                             double       price,
                             const char **member,
                             char       **reason)
{
  g_return_val_if_fail (member != NULL && reason != NULL, FALSE);

  *member = NULL;
  *reason = NULL;
  if (!isfinite (count) || count != floor (count) || count < 1)
    {
      *member = "count";
      *reason = g_strdup (_("must be a positive integer"));
      return FALSE;
    }
  if (count > RIG_BUILD_MAX_COUNT)
    {
      *member = "count";
      *reason = rig_build_at_most_message (RIG_BUILD_MAX_COUNT, count);
      return FALSE;
    }
  if (!isnan (price) && !(price >= 0 && price <= RIG_BUILD_MAX_PRICE))
    {
      *member = "price";
      /* Translators: the first %g is the least a value may be, the second the most, the third
       * the value given */
      *reason = g_strdup_printf (_("must be between %g and %g (it is %g)"), 0.0,
                                 RIG_BUILD_MAX_PRICE, price);
      return FALSE;
    }
  return TRUE;
}

RigBuild *
rig_build_copy (const RigBuild *build)
{
  RigBuild *copy = rig_build_new (build->name);

  copy->settings = build->settings;
  copy->market_cloud_per_hour = build->market_cloud_per_hour;
  copy->market_cloud_source = g_strdup (build->market_cloud_source);
  copy->market_usd_rate = build->market_usd_rate;
  copy->market_usd_rate_source = g_strdup (build->market_usd_rate_source);
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *src = g_ptr_array_index (build->items, i);
      RigBuildItem *dst = rig_build_add_part (copy, src->part_id, src->count);

      dst->condition = src->condition;
      dst->has_price = src->has_price;
      dst->price_minor = src->price_minor;
      dst->has_market = src->has_market;
      dst->market_minor = src->market_minor;
      dst->market_source = g_strdup (src->market_source);
      dst->market_at = src->market_at;
      dst->part = src->part ? rig_part_copy (src->part) : NULL;
    }
  for (guint i = 0; i < build->workloads->len; i++)
    g_ptr_array_add (copy->workloads, rig_workload_copy (g_ptr_array_index (build->workloads, i)));
  return copy;
}

void
rig_build_free (RigBuild *build)
{
  if (build == NULL)
    return;
  g_free (build->name);
  g_free (build->market_cloud_source);
  g_free (build->market_usd_rate_source);
  g_ptr_array_unref (build->items);
  g_ptr_array_unref (build->workloads);
  g_free (build);
}

const RigPart *
rig_build_find (const RigBuild *build,
                RigPartKind     kind,
                guint          *total)
{
  const RigPart *first = NULL;
  guint n = 0;

  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);

      if (item->part == NULL || item->part->kind != kind)
        continue;
      if (first == NULL)
        first = item->part;
      n += item->count;
    }
  if (total)
    *total = n;
  return first;
}

void
rig_build_index (const RigBuild *build,
                 RigBuildIndex  *index)
{
  GPtrArray *items = index->items;
  guint count[RIG_PART_N_KINDS] = { 0 }, at[RIG_PART_N_KINDS];

  g_return_if_fail (items != NULL);

  memset (index, 0, sizeof *index);
  index->items = items;
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);

      if (item->part == NULL || item->part->kind >= RIG_PART_N_KINDS)
        continue;
      if (index->first[item->part->kind] == NULL)
        index->first[item->part->kind] = item->part;
      index->total[item->part->kind] += item->count;
      count[item->part->kind]++;
    }
  /* Each kind's items after the kinds before it, in build order. */
  for (guint k = 0; k < RIG_PART_N_KINDS; k++)
    {
      at[k] = index->start[k];
      index->start[k + 1] = index->start[k] + count[k];
    }
  g_ptr_array_set_size (items, index->start[RIG_PART_N_KINDS] + count[RIG_PART_GPU]);
  for (guint i = 0; i < build->items->len; i++)
    {
      RigBuildItem *item = g_ptr_array_index (build->items, i);

      if (item->part == NULL || item->part->kind >= RIG_PART_N_KINDS)
        continue;
      items->pdata[at[item->part->kind]++] = item;
      if (item->part->kind == RIG_PART_GPU && !rig_gpu_is_sxm (item->part))
        items->pdata[index->start[RIG_PART_N_KINDS] + index->n_cards++] = item;
    }
}
