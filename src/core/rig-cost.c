/* rig-cost.c: what a build costs: unit prices, the total and what it leaves out, running
 * costs, ownership and the cloud break-even
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-i18n.h"
#include "rig-part.h"
#include "rig-printf.h"
#include "rig-report.h"
#include "rig-text.h"

static void
unpriced_clear (gpointer data)
{
  RigUnpriced *u = data;
  g_free (u->part_id);
  g_free (u->name);
}

GArray *
rig_unpriced_new (void)
{
  GArray *unpriced = g_array_new (FALSE, TRUE, sizeof (RigUnpriced));

  g_array_set_clear_func (unpriced, unpriced_clear);
  return unpriced;
}

void
rig_unpriced_add (GArray             *unpriced,
                  const RigBuildItem *item,
                  RigPriceState       state)
{
  const RigPart *part = item->part;
  RigUnpriced u = { g_strdup (item->part_id), NULL, state };

  u.name = part != NULL && part->name != NULL ? rig_part_full_name (part) : g_strdup (item->part_id);
  g_array_append_val (unpriced, u);
}

const char *
rig_price_state_to_string (RigPriceState state)
{
  static const char * const names[] = { NULL, "no-price", "used-price-unknown", "too-large" };

  return names[state];
}

const char *
rig_price_state_label (RigPriceState state)
{
  switch (state)
    {
    case RIG_PRICE_MISSING:
      return _("no price");
    case RIG_PRICE_USED_UNKNOWN:
      return _("used price unknown");
    case RIG_PRICE_TOO_LARGE:
      return _("price too large");
    case RIG_PRICE_KNOWN:
    default:
      return NULL;
    }
}

char *
rig_unpriced_format (const GArray *unpriced)
{
  g_autoptr(GString) list = g_string_new (NULL);

  if (unpriced == NULL || unpriced->len == 0)
    return NULL;
  for (guint i = 0; i < unpriced->len; i++)
    {
      const RigUnpriced *u = &g_array_index (unpriced, RigUnpriced, i);

      if (i > 0)
        g_string_append (list, _(", "));
      /* Translators: a part the total leaves out: “Corsair RM1000x (no price)” */
      g_string_append_printf (list, _("%s (%s)"), u->name, rig_price_state_label (u->state));
    }
  /* Translators: %s is a list of parts and why each has no price */
  return rig_strdup_printf (_("not including: %s"), list->str);
}

const char *
rig_build_item_catalog_price_date (const RigBuildItem *item)
{
  const RigPart *part = item->part;
  const char *date;

  if (item->has_price || item->has_market || part == NULL)
    return NULL;
  if (item->condition == RIG_CONDITION_USED)
    date = part->kind == RIG_PART_GPU && part->gpu.used_price_cents != RIG_MONEY_UNKNOWN
             ? part->gpu.used_price_date : NULL;
  else
    date = part->price_cents != RIG_MONEY_UNKNOWN ? part->price_date : NULL;
  return date != NULL && *date != '\0' ? date : NULL;
}

/* The year and month of a catalog date, "YYYY-MM" or "YYYY-MM-DD". */
static gboolean
read_year_month (const char *date,
                 int        *year,
                 int        *month)
{
  for (guint i = 0; i < 7; i++)
    if (date == NULL || (i == 4 ? date[i] != '-' : !g_ascii_isdigit (date[i])))
      return FALSE;
  if (date[7] != '\0' && date[7] != '-')
    return FALSE;
  *year = (int) g_ascii_strtoll (date, NULL, 10);
  *month = (int) g_ascii_strtoll (date + 5, NULL, 10);
  return *month >= 1 && *month <= 12;
}

char *
rig_price_date_format (const char *date)
{
  g_autoptr(GDateTime) when = NULL;
  int year, month;

  if (!read_year_month (date, &year, &month))
    return NULL;
  when = g_date_time_new_utc (year, month, 1, 0, 0, 0);
  /* Translators: a month and its year, in g_date_time_format ()'s codes (“November 2020”) */
  return when != NULL ? g_date_time_format (when, _("%B %Y")) : NULL;
}

char *
rig_catalog_prices_format (const RigBuild *build)
{
  const char *oldest = NULL, *newest = NULL;
  g_autofree char *from = NULL, *to = NULL;
  guint dated = 0;
  int year, month;

  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);
      const char *date = rig_build_item_catalog_price_date (item);
      gint64 unit;

      /* Dates compare as text: the year, then the month. */
      if (!read_year_month (date, &year, &month) ||
          rig_build_item_price (build, item, &unit) != RIG_PRICE_KNOWN)
        continue;
      dated++;
      if (oldest == NULL || strncmp (date, oldest, 7) < 0)
        oldest = date;
      if (newest == NULL || strncmp (date, newest, 7) > 0)
        newest = date;
    }
  if (oldest == NULL)
    return NULL;
  from = rig_price_date_format (oldest);
  if (dated == 1)
    /* Translators: %s is a month and year (“June 2023”) */
    return rig_strdup_printf (_("a catalog price of %s"), from);
  if (strncmp (oldest, newest, 7) == 0)
    /* Translators: %s is a month and year (“July 2025”) */
    return rig_strdup_printf (_("catalog prices of %s"), from);
  to = rig_price_date_format (newest);
  /* Translators: the %s are a month and year each (“November 2020”, “July 2025”) */
  return rig_strdup_printf (_("catalog prices from %s to %s"), from, to);
}

char *
rig_total_note (const RigBuild *build,
                const GArray   *unpriced)
{
  g_autofree char *missing = rig_unpriced_format (unpriced);
  g_autofree char *dates = rig_catalog_prices_format (build);

  if (missing != NULL && dates != NULL)
    /* Translators: two notes on a total, what it leaves out and how old its prices are */
    return rig_strdup_printf (_("%s; %s"), missing, dates);
  return g_strdup (missing != NULL ? missing : dates);
}

char *
rig_cost_value_format (const RigCostReport *cost)
{
  g_autoptr(GString) out = g_string_new (NULL);

  /* Only what is known: a system without a published TFLOPS figure has no price per TFLOPS. */
  if (isfinite (cost->per_tflops))
    /* Translators: %.1f is a price, %s its currency (“12.3 USD per TFLOPS”) */
    g_string_append_printf (out, _("%.1f %s per TFLOPS"), cost->per_tflops, cost->currency);
  if (isfinite (cost->per_gbps))
    {
      if (out->len > 0)
        g_string_append (out, " · ");
      /* Translators: %.2f is a price, %s its currency */
      g_string_append_printf (out, _("%.2f %s per GB/s of bandwidth"), cost->per_gbps, cost->currency);
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

char *
rig_total_with_unpriced (const RigBuild *build,
                         const char     *total,
                         const GArray   *unpriced)
{
  g_autofree char *note = build != NULL ? rig_total_note (build, unpriced)
                                         : rig_unpriced_format (unpriced);

  if (note == NULL)
    return g_strdup (total);
  /* Translators: a total and what it rests on: “4,210 USD — not including: …” */
  return rig_strdup_printf (_("%s — %s"), total, note);
}

gboolean
rig_build_converts_catalog (const RigBuild *build)
{
  return rig_str_is (build->settings.currency, "USD") || build->market_usd_rate > 0;
}

/* A catalog price, in US cents, in the build's currency; as it is when there is no rate (the
 * plan then says the total mixes currencies). FALSE when the converted price lies past what
 * Rigplan computes with. */
static gboolean
catalog_price (const RigBuild *build,
               gint64          usd_cents,
               gint64         *minor)
{
  if (!(build->market_usd_rate > 0) || rig_str_is (build->settings.currency, "USD"))
    {
      *minor = usd_cents;
      return rig_money_is_valid (usd_cents);
    }
  return rig_money_from_double (usd_cents * build->market_usd_rate, minor);
}

/* A used part's catalog price: the GPU table's used price, and only with the date it was seen. */
static gboolean
used_catalog_price (const RigPart *part,
                    gint64        *usd_cents)
{
  if (part->kind != RIG_PART_GPU || part->gpu.used_price_cents == RIG_MONEY_UNKNOWN
      || part->gpu.used_price_date == NULL || *part->gpu.used_price_date == '\0')
    return FALSE;
  *usd_cents = part->gpu.used_price_cents;
  return TRUE;
}

RigPriceState
rig_build_item_price (const RigBuild     *build,
                      const RigBuildItem *item,
                      gint64             *minor)
{
  gint64 usd_cents;

  if (item->has_price)
    {
      *minor = item->price_minor;
      return rig_money_is_valid (*minor) ? RIG_PRICE_KNOWN : RIG_PRICE_TOO_LARGE;
    }
  if (item->has_market)
    {
      *minor = item->market_minor;
      return rig_money_is_valid (*minor) ? RIG_PRICE_KNOWN : RIG_PRICE_TOO_LARGE;
    }
  if (item->part == NULL)
    return RIG_PRICE_MISSING;
  if (item->condition == RIG_CONDITION_USED)
    {
      /* A used card sells for a fraction of its new price, or above it: never guess. */
      if (!used_catalog_price (item->part, &usd_cents))
        return RIG_PRICE_USED_UNKNOWN;
    }
  else if (item->part->price_cents != RIG_MONEY_UNKNOWN)
    usd_cents = item->part->price_cents;
  else
    return RIG_PRICE_MISSING;
  return catalog_price (build, usd_cents, minor) ? RIG_PRICE_KNOWN : RIG_PRICE_TOO_LARGE;
}

gboolean
rig_build_item_unit_price (const RigBuild     *build,
                           const RigBuildItem *item,
                           gint64             *minor)
{
  gint64 unit;

  if (rig_build_item_price (build, item, &unit) != RIG_PRICE_KNOWN)
    return FALSE;
  *minor = unit;
  return TRUE;
}

/* Whether some item of @build is priced from the catalog: no price entered, none reported by a
 * price source. */
static gboolean
uses_catalog_price (const RigBuild *build)
{
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);

      if (item->part != NULL && !item->has_price && !item->has_market)
        return TRUE;
    }
  return FALSE;
}

void
rig_cost_evaluate (const RigBuild *build,
                   RigReport      *report)
{
  RigCostReport *cost = &report->cost;

  g_strlcpy (cost->currency, build->settings.currency, sizeof cost->currency);
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);
      gint64 unit, line, total;
      RigPriceState state = rig_build_item_price (build, item, &unit);
      const char *name = item->part && item->part->name ? item->part->name : item->part_id;

      if (state == RIG_PRICE_KNOWN && !(rig_money_multiply (unit, item->count, &line)
                                        && rig_money_add (cost->total_minor, line, &total)))
        state = RIG_PRICE_TOO_LARGE;
      if (state == RIG_PRICE_KNOWN)
        {
          cost->total_minor = total;
          cost->parts_priced++;
          continue;
        }
      cost->parts_unpriced++;
      if (report->lean)
        /* The part, not its name: a lean report has no text. */
        g_array_append_vals (cost->unpriced, &(RigUnpriced) { g_strdup (item->part_id), NULL, state }, 1);
      else
        rig_unpriced_add (cost->unpriced, item, state);
      if (state == RIG_PRICE_TOO_LARGE)
        rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COST, "cost.price-too-large",
                                /* Translators: %s is a part's name */
                                _("The price of %s is too large to add up; the total leaves it "
                                  "out. Check the price entered, the count, and the exchange "
                                  "rate of the price feed."), name);
      else if (state == RIG_PRICE_USED_UNKNOWN)
        rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_COST, "cost.used-price-unknown",
                                /* Translators: %s is a part's name */
                                _("No dated used price is known for %s; the total leaves it out "
                                  "rather than count its new price. Enter the price you paid or "
                                  "expect to pay."), name);
      else
        rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_COST, "cost.price-missing",
                                /* Translators: %s is a part's name */
                                _("No price is known for %s; the total leaves it out. "
                                  "Enter the price you paid or expect to pay."), name);
    }

  /* Catalog prices are US dollars; without an exchange rate nothing is converted, which only
   * matters when some part is priced from the catalog. */
  if (rig_str_is (build->settings.currency, "USD") || !uses_catalog_price (build))
    ;
  else if (rig_build_converts_catalog (build))
    rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_COST, "cost.converted",
                            /* Translators: %.4f is how many units of the build's currency (%s)
                             * a US dollar buys, the last %s where that rate comes from */
                            _("Catalog prices, in US dollars, are converted at %.4f %s a dollar "
                              "(%s)."), build->market_usd_rate, build->settings.currency,
                            build->market_usd_rate_source ? build->market_usd_rate_source : "");
  else
    rig_report_add_not_checked (report, RIG_AREA_COST,
                                /* Translators: both %s are the build's currency code (“EUR”) */
                                _("Catalog prices are in USD and no exchange rate to %s is set: "
                                  "the total mixes your own %s prices with USD catalog prices."),
                                build->settings.currency, build->settings.currency);
}

static double
breakeven_months (double purchase,
                  double resale_fraction,
                  double wall_w,
                  double hours_per_day,
                  double price_kwh,
                  double cloud_per_hour)
{
  double days = 365.25 / 12;
  double saving = cloud_per_hour * hours_per_day * days - wall_w / 1000 * hours_per_day * days * price_kwh;

  if (saving <= 0)
    return INFINITY;
  return purchase * (1 - resale_fraction) / saving;
}

void
rig_cost_evaluate_running (const RigBuild *build,
                           RigReport      *report)
{
  RigCostReport *cost = &report->cost;
  const RigSettings *s = &build->settings;
  double gpu_cost = 0, gib = 0, tflops = 0, gbps = 0, purchase = rig_money_to_major (cost->total_minor);
  gboolean gpu_priced = TRUE, any_gpu = FALSE;
  double resale = s->resale_pct / 100;
  double cloud, electricity;

  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);
      const RigPart *part = item->part;
      gint64 unit;

      if (part == NULL || (part->kind != RIG_PART_GPU && part->kind != RIG_PART_SYSTEM))
        continue;
      any_gpu = TRUE;
      if (rig_build_item_unit_price (build, item, &unit))
        gpu_cost += rig_money_to_major (unit) * item->count;
      else
        gpu_priced = FALSE;
      if (part->kind == RIG_PART_GPU)
        {
          gib += part->gpu.memory_gib * item->count;
          tflops += part->gpu.fp16_tflops * item->count;
          gbps += part->gpu.bandwidth_gbps * item->count;
        }
      else
        {
          gib += part->system.memory_gib * (RIG_IS_KNOWN (part->system.gpu_usable_fraction)
                                              ? part->system.gpu_usable_fraction : 1) * item->count;
          tflops += part->system.gpu_fp16_tflops * item->count;
          gbps += part->system.bandwidth_gbps * item->count;
        }
    }

  cost->per_gib_gpu_memory = cost->per_tflops = cost->per_gbps = NAN;
  if (any_gpu && gpu_priced)
    {
      cost->per_gib_gpu_memory = gib > 0 ? gpu_cost / gib : NAN;
      cost->per_tflops = tflops > 0 ? gpu_cost / tflops : NAN;
      cost->per_gbps = gbps > 0 ? gpu_cost / gbps : NAN;
    }

  /* The hours of use are taken running the heaviest workload (power.running_wall_w): idle draw
   * is not modelled. */
  electricity = report->power.running_wall_w / 1000 * s->hours_per_day * 365.25 * s->electricity_per_kwh;
  if (!rig_money_from_major (electricity, &cost->electricity_per_year_minor) ||
      !rig_money_from_major (purchase * (1 - resale) + electricity * s->tco_years, &cost->tco_minor))
    cost->electricity_per_year_minor = cost->tco_minor = RIG_MONEY_UNKNOWN;

  cloud = isnan (s->cloud_per_hour) ? build->market_cloud_per_hour : s->cloud_per_hour;
  cost->breakeven_months = NAN;
  for (guint r = 0; r < 3; r++)
    for (guint c = 0; c < 3; c++)
      cost->sensitivity[r][c] = NAN;
  cost->cloud_per_hour = cloud;
  cost->cloud_source[0] = '\0';
  if (isnan (s->cloud_per_hour) && !isnan (build->market_cloud_per_hour) && build->market_cloud_source)
    g_strlcpy (cost->cloud_source, build->market_cloud_source, sizeof cost->cloud_source);
  if (isnan (cloud))
    {
      if (any_gpu)
        rig_report_add_not_checked (report, RIG_AREA_COST,
                                    _("Cloud break-even: set the hourly rate of renting equivalent "
                                      "GPUs to compare (Cloud GPU rate per hour, under Use and "
                                      "Costs; cloud_per_hour in a build file)."));
      return;
    }
  cost->breakeven_months = breakeven_months (purchase, resale, report->power.running_wall_w, s->hours_per_day,
                                             s->electricity_per_kwh, cloud);
  for (guint c = 0; c < 3; c++)
    {
      double f = 0.5 + 0.5 * c;

      cost->sensitivity[0][c] = breakeven_months (purchase, resale, report->power.running_wall_w,
                                                  MIN (24, s->hours_per_day * f),
                                                  s->electricity_per_kwh, cloud);
      cost->sensitivity[1][c] = breakeven_months (purchase, resale, report->power.running_wall_w,
                                                  s->hours_per_day, s->electricity_per_kwh * f,
                                                  cloud);
      cost->sensitivity[2][c] = breakeven_months (purchase, resale, report->power.running_wall_w,
                                                  s->hours_per_day, s->electricity_per_kwh,
                                                  cloud * f);
    }
  if (isinf (cost->breakeven_months))
    rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_COST, "cost.cloud-cheaper",
                            /* Translators: %.2f is the cloud's hourly rate, %s its currency code
                             * (“USD”) */
                            _("At %.2f %s an hour, renting costs less than the electricity this build "
                              "uses: it never pays for itself against the cloud."), cloud,
                            s->currency);
}
