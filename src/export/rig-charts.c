/* rig-charts.c: the plan's charts, drawn with cairo and pango on any surface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "rig-charts.h"
#include "rig-format.h"
#include "rig-units.h"

/* Sizes in user-space units at scale 1: pixels on screen, points on a PDF page. */
#define FONT_SIZE   12.0
#define SMALL_SIZE  10.5
#define PAD          4.0
#define SWATCH       10.0

typedef struct
{
  double r, g, b;
} Rgb;

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0 }

/* The GNOME palette; text colours have a light and a dark variant so that they read on both. */
static const Rgb blue = RGB (0x3584e4);
static const Rgb green = RGB (0x33d17a);
static const Rgb yellow = RGB (0xf6d32d);
static const Rgb orange = RGB (0xff7800);
static const Rgb red = RGB (0xe01b24);
static const Rgb purple = RGB (0x9141ac);
static const Rgb grey = RGB (0x9a9996);
static const Rgb brown = RGB (0x986a44);

typedef struct
{
  cairo_t              *cr;
  double                s;
  const char           *family;
  Rgb                   fg, dim, track, grid, error_fg, warning_fg, accent_fg;
} Chart;

static void
chart_begin (Chart               *c,
             cairo_t             *cr,
             const RigChartStyle *style)
{
  static const RigChartStyle fallback = { FALSE, 1.0, NULL };
  static const Rgb light_fg = RGB (0x241f31), light_dim = RGB (0x5e5c64);
  static const Rgb light_track = RGB (0xdeddda), light_grid = RGB (0xc0bfbc);
  static const Rgb light_error = RGB (0xc01c28), light_warning = RGB (0x9c6e03);
  static const Rgb light_accent = RGB (0x813d9c);
  static const Rgb dark_fg = RGB (0xffffff), dark_dim = RGB (0xc0bfbc);
  static const Rgb dark_track = RGB (0x3d3846), dark_grid = RGB (0x5e5c64);
  static const Rgb dark_error = RGB (0xff7b63), dark_warning = RGB (0xf8e45c);
  static const Rgb dark_accent = RGB (0xdc8add);

  if (style == NULL)
    style = &fallback;
  c->cr = cr;
  c->s = style->scale > 0 ? style->scale : 1.0;
  c->family = style->font_family ? style->font_family : "Sans";
  c->fg = style->dark ? dark_fg : light_fg;
  c->dim = style->dark ? dark_dim : light_dim;
  c->track = style->dark ? dark_track : light_track;
  c->grid = style->dark ? dark_grid : light_grid;
  c->error_fg = style->dark ? dark_error : light_error;
  c->warning_fg = style->dark ? dark_warning : light_warning;
  c->accent_fg = style->dark ? dark_accent : light_accent;
  cairo_save (cr);
}

static void
chart_end (Chart *c)
{
  cairo_restore (c->cr);
}

static void
set_colour (Chart     *c,
            const Rgb *colour,
            double     alpha)
{
  cairo_set_source_rgba (c->cr, colour->r, colour->g, colour->b, alpha);
}

/* A new layout of @markup at @size (before scaling), one line per paragraph, ellipsized to
 * @max_width when that is positive. */
static PangoLayout *
chart_layout_new (Chart        *c,
                  PangoContext *context,
                  const char   *markup,
                  double        size,
                  double        max_width)
{
  PangoLayout *layout = context ? pango_layout_new (context) : pango_cairo_create_layout (c->cr);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, c->family);
  /* Absolute: in user-space units whatever the surface's resolution. */
  pango_font_description_set_absolute_size (font, size * c->s * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_markup (layout, markup, -1);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  return layout;
}

/* Layouts kept from one drawing to the next: a chart draws the same texts again at every edit,
 * and shaping them anew was most of its time. One cache a thread, as reports are drawn on a
 * worker thread and pango objects stay in the thread that made them; one pango context a
 * cache, brought up to date with the cairo context at each use (a new scale or new font
 * options lay the kept layouts out again). */
typedef struct
{
  cairo_surface_type_t  surface_type;
  PangoContext         *context;
  GHashTable           *layouts;    /* "family size width markup" → PangoLayout */
} LayoutCache;

enum { LAYOUT_CACHE_MAX = 1024 };

static void
layout_cache_free (gpointer data)
{
  LayoutCache *cache = data;

  if (cache == NULL)
    return;
  g_hash_table_unref (cache->layouts);
  g_object_unref (cache->context);
  g_free (cache);
}

static GPrivate layout_cache_key = G_PRIVATE_INIT (layout_cache_free);

/* The layout of @markup at @size, as chart_layout_new () makes it; do not change it. */
static PangoLayout *
chart_layout (Chart      *c,
              const char *markup,
              double      size,
              double      max_width)
{
  LayoutCache *cache = g_private_get (&layout_cache_key);
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (c->cr));
  g_autofree char *key = NULL;
  PangoLayout *layout;

  if (cache == NULL || cache->surface_type != type)
    {
      cache = g_new0 (LayoutCache, 1);
      cache->surface_type = type;
      cache->context = pango_cairo_create_context (c->cr);
      cache->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_private_replace (&layout_cache_key, cache);
    }
  pango_cairo_update_context (c->cr, cache->context);

  key = g_strdup_printf ("%s %g %g %s", c->family, size * c->s, max_width, markup);
  layout = g_hash_table_lookup (cache->layouts, key);
  if (layout == NULL)
    {
      if (g_hash_table_size (cache->layouts) >= LAYOUT_CACHE_MAX)
        g_hash_table_remove_all (cache->layouts);
      layout = chart_layout_new (c, cache->context, markup, size, max_width);
      g_hash_table_insert (cache->layouts, g_steal_pointer (&key), layout);
    }
  return g_object_ref (layout);
}

static void
layout_size (PangoLayout *layout,
             double      *width,
             double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width)
    *width = (double) logical.width / PANGO_SCALE;
  if (height)
    *height = (double) logical.height / PANGO_SCALE;
}

/* Height of one line of text at @size. */
static double
line_height (Chart  *c,
             double  size)
{
  g_autoptr(PangoLayout) layout = chart_layout (c, "Ag", size, 0);
  double h;

  layout_size (layout, NULL, &h);
  return h;
}

static double
text_width (Chart      *c,
            const char *markup,
            double      size)
{
  g_autoptr(PangoLayout) layout = chart_layout (c, markup, size, 0);
  double w;

  layout_size (layout, &w, NULL);
  return w;
}

/* Draws @markup with its top at @y and its left, centre or right (@align 0, 0.5, 1) at @x;
 * returns the width drawn. */
static double
draw_text (Chart      *c,
           const char *markup,
           double      size,
           double      x,
           double      y,
           double      align,
           double      max_width,
           const Rgb  *colour)
{
  g_autoptr(PangoLayout) layout = chart_layout (c, markup, size, max_width);
  double w;

  layout_size (layout, &w, NULL);
  cairo_move_to (c->cr, x - align * w, y);
  set_colour (c, colour, 1.0);
  pango_cairo_show_layout (c->cr, layout);
  return w;
}

/* Strokes the current path in @colour, solid or dashed, and leaves the dash off. */
static void
stroke_path (Chart     *c,
             const Rgb *colour,
             gboolean   dashed)
{
  double dashes[] = { 4 * c->s, 3 * c->s };

  if (dashed)
    cairo_set_dash (c->cr, dashes, G_N_ELEMENTS (dashes), 0);
  set_colour (c, colour, 1.0);
  cairo_stroke (c->cr);
  cairo_set_dash (c->cr, NULL, 0, 0);
}

/* Text with a centred message, for charts with nothing to show. */
static void
draw_message (Chart      *c,
              double      width,
              double      height,
              const char *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);
  g_autoptr(PangoLayout) layout = chart_layout_new (c, NULL, markup, FONT_SIZE * 1.2, width - 2 * PAD * c->s);
  double h;

  /* The layout is as wide as the chart and centres its text itself. */
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  layout_size (layout, NULL, &h);
  cairo_move_to (c->cr, PAD * c->s, (height - h) / 2);
  set_colour (c, &c->dim, 1.0);
  pango_cairo_show_layout (c->cr, layout);
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  if (r <= 0)
    {
      cairo_rectangle (cr, x, y, w, h);
      return;
    }
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Red tint and diagonal hatch over a rectangle: memory past a device's capacity. */
static void
draw_hatch (Chart  *c,
            double  x,
            double  y,
            double  w,
            double  h)
{
  cairo_t *cr = c->cr;

  if (w <= 0 || h <= 0)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  set_colour (c, &red, 0.45);
  cairo_paint (cr);
  set_colour (c, &red, 1.0);
  cairo_set_line_width (cr, 1.5 * c->s);
  for (double hx = x - h; hx < x + w; hx += 5 * c->s)
    {
      cairo_move_to (cr, hx, y + h);
      cairo_line_to (cr, hx + h, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* A legend entry: a swatch and its label. */
typedef struct
{
  const Rgb *colour;    /* NULL: text only */
  double     alpha;
  gboolean   hatch;
  char      *label;     /* markup, owned */
} LegendItem;

/* Lays out @items left to right, wrapping at @width; draws them when @draw. Returns the
 * height taken. */
static double
draw_legend (Chart            *c,
             const LegendItem *items,
             guint             n_items,
             double            x,
             double            y,
             double            width,
             gboolean          draw)
{
  double lh = line_height (c, SMALL_SIZE);
  double sw = SWATCH * c->s, gap = 4 * c->s, spacing = 12 * c->s;
  double cx = x, cy = y;

  if (n_items == 0)
    return 0;
  for (guint i = 0; i < n_items; i++)
    {
      const LegendItem *item = &items[i];
      double tw = text_width (c, item->label, SMALL_SIZE);
      double label_x = item->colour || item->hatch ? sw + gap : 0;
      double iw = label_x + MIN (tw, width - label_x);

      if (cx > x && cx + iw > x + width)
        {
          cx = x;
          cy += lh;
        }
      if (draw)
        {
          double sy = cy + (lh - sw) / 2;

          if (item->hatch)
            draw_hatch (c, cx, sy, sw, sw);
          else if (item->colour)
            {
              rounded_rect (c->cr, cx, sy, sw, sw, 2 * c->s);
              set_colour (c, item->colour, item->alpha);
              cairo_fill (c->cr);
            }
          draw_text (c, item->label, SMALL_SIZE, cx + label_x, cy, 0, width - label_x,
                     item->colour || item->hatch ? &c->fg : &c->dim);
        }
      cx += iw + spacing;
    }
  return cy - y + lh;
}

static void
legend_items_clear (LegendItem *items,
                    guint       n_items)
{
  for (guint i = 0; i < n_items; i++)
    g_free (items[i].label);
}

/* A step of 1, 2, 2.5 or 5 × 10^k that divides 0…@max into at most @n intervals. */
static double
nice_step (double max,
           double n)
{
  static const double steps[] = { 1, 2, 2.5, 5, 10 };
  double raw, magnitude;

  if (!(max > 0) || n < 1)
    return 1;
  raw = max / n;
  magnitude = pow (10, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * magnitude >= raw)
      return steps[i] * magnitude;
  return 10 * magnitude;
}

static char *
format_watts (double watts)
{
  /* The ' flag groups thousands as the locale does: "1,450 W". */
  return g_strdup_printf (_("%'.0f W"), watts);
}

/* Memory */

typedef struct
{
  const char *label;
  const Rgb  *colour;
} Segment;

/* What a workload's memory is made of, in the order a bar stacks it from the left: the model's
 * weights, then speculative decoding's draft model beside them. */
enum
{
  SEGMENT_WEIGHTS,
  SEGMENT_DRAFT,
  SEGMENT_KV_CACHE,
  SEGMENT_ACTIVATIONS,
  SEGMENT_GRADIENTS,
  SEGMENT_OPTIMIZER,
  SEGMENT_OVERHEAD
};

static const Segment memory_segments[] = {
  [SEGMENT_WEIGHTS] = { N_("Weights"), &blue },
  [SEGMENT_DRAFT] = { N_("Draft model"), &brown },
  [SEGMENT_KV_CACHE] = { N_("KV cache"), &green },
  [SEGMENT_ACTIVATIONS] = { N_("Activations"), &yellow },
  [SEGMENT_GRADIENTS] = { N_("Gradients"), &orange },
  [SEGMENT_OPTIMIZER] = { N_("Optimizer"), &purple },
  [SEGMENT_OVERHEAD] = { N_("Overhead"), &grey },
};

#define N_SEGMENTS G_N_ELEMENTS (memory_segments)

/* Where the rows go: one a device, its name and figures over its bar. */
typedef struct
{
  double x0, bar_w, gap;
  double legend_h;
  double font, lh, bar_h;
} MemoryLayout;

/* Fills @bytes in the order of memory_segments; returns their sum. */
static double
memory_bytes_sum (const double bytes[N_SEGMENTS])
{
  double sum = 0;

  for (guint k = 0; k < N_SEGMENTS; k++)
    sum += bytes[k];
  return sum;
}

static double
memory_bytes (const RigWorkloadResult *result,
              double                   bytes[N_SEGMENTS])
{
  const RigMemoryBreakdown *m = &result->memory;

  /* The breakdown counts the draft model among the weights. */
  bytes[SEGMENT_DRAFT] = m->terms[RIG_MEMORY_DRAFT];
  bytes[SEGMENT_WEIGHTS] = m->weights_bytes - m->terms[RIG_MEMORY_DRAFT];
  bytes[SEGMENT_KV_CACHE] = m->kv_cache_bytes;
  bytes[SEGMENT_ACTIVATIONS] = m->activations_bytes;
  bytes[SEGMENT_GRADIENTS] = m->gradients_bytes;
  bytes[SEGMENT_OPTIMIZER] = m->optimizer_bytes;
  bytes[SEGMENT_OVERHEAD] = m->overhead_bytes;
  return memory_bytes_sum (bytes);
}

/* What device @d holds of @bytes, into @out; returns their sum. Each device holds the workload's
 * mix (llama.cpp's -sm row too: its layers' caches go to the cards with the layers,
 * rig-memory.c place_tensor_split ()), except that a training run beside GPUs keeps only its
 * optimizer (paged or offloaded) in system memory. */
static double
device_memory_bytes (const RigWorkloadResult *result,
                     guint                    d,
                     const double             bytes[N_SEGMENTS],
                     double                   out[N_SEGMENTS])
{
  double used = result->used_bytes[d];

  if (d > 0 && d + 1 == result->n_devices && bytes[SEGMENT_GRADIENTS] > 0)
    {
      memset (out, 0, N_SEGMENTS * sizeof *out);
      out[SEGMENT_OPTIMIZER] = used;
      return used;
    }
  memcpy (out, bytes, N_SEGMENTS * sizeof *out);
  return memory_bytes_sum (bytes);
}

/* The devices with memory to show, into @devices; sets @any_over when one holds more than it
 * has. Returns how many. */
static guint
memory_devices (const RigWorkloadResult *result,
                guint                    devices[RIG_MAX_DEVICES],
                gboolean                *any_over)
{
  guint n_devices = 0;

  for (guint d = 0; d < MIN (result->n_devices, RIG_MAX_DEVICES); d++)
    {
      if (result->capacity_bytes[d] == 0 && result->used_bytes[d] == 0)
        continue;
      devices[n_devices++] = d;
      if (result->used_bytes[d] > result->capacity_bytes[d])
        *any_over = TRUE;
    }
  return n_devices;
}

/* The segments the bars hold, and the hatch when a device is over. Returns how many. */
static guint
memory_legend (const double  bytes[N_SEGMENTS],
               gboolean      any_over,
               LegendItem   *legend)
{
  guint n_legend = 0;

  for (guint k = 0; k < N_SEGMENTS; k++)
    if (bytes[k] > 0)
      legend[n_legend++] = (LegendItem) { memory_segments[k].colour, 1.0, FALSE,
                                          g_markup_escape_text (_(memory_segments[k].label), -1) };
  if (any_over)
    legend[n_legend++] = (LegendItem) { &red, 1.0, TRUE,
                                        g_markup_escape_text (_("Over capacity"), -1) };
  return n_legend;
}

static void
memory_layout (Chart            *c,
               double            width,
               double            height,
               guint             n_devices,
               const LegendItem *legend,
               guint             n_legend,
               MemoryLayout     *l)
{
  double s = c->s, row_h;

  l->font = FONT_SIZE;
  l->x0 = PAD * s;
  l->bar_w = width - 2 * PAD * s;
  l->gap = 6 * s;
  l->legend_h = draw_legend (c, legend, n_legend, l->x0, 0, l->bar_w, FALSE);
  row_h = (height - 2 * PAD * s - l->legend_h - l->gap) / n_devices;
  l->lh = line_height (c, l->font);
  /* Many devices in a short chart: smaller text rather than rows that run into each other. */
  if (row_h < l->lh + 8 * s + l->gap)
    {
      l->font = MAX (7.0, l->font * (row_h - 6 * s - l->gap) / l->lh);
      l->lh = line_height (c, l->font);
    }
  l->bar_h = CLAMP (row_h - l->lh - 2 * s - l->gap, 4 * s, 22 * s);
}

/* The top of row @i; of the space under the rows for @i the number of rows. */
static double
memory_row_y (const Chart        *c,
              const MemoryLayout *l,
              guint               i)
{
  return PAD * c->s + i * (l->lh + 2 * c->s + l->bar_h + l->gap);
}

static const char *
memory_device_name (const RigReport *report,
                    guint            d)
{
  const char *name = NULL;

  if (d < report->devices.n_gpus && d < RIG_MAX_GPUS)
    name = report->devices.gpus[d].name;
  else if (d == report->devices.n_gpus)
    name = report->devices.host.name;
  if (name == NULL || name[0] == '\0')
    name = d == report->devices.n_gpus ? _("System memory") : _("Device");
  return name;
}

/* The device's name on the left of its row, "used / capacity" on the right. */
static void
draw_memory_label (Chart              *c,
                   const MemoryLayout *l,
                   double              y,
                   const char         *name,
                   double              used,
                   double              capacity)
{
  g_autofree char *name_markup = NULL;
  g_autofree char *value = NULL;
  double value_w;

  /* "used / capacity", the unit once. */
  value = g_strdup_printf (_("%.1f / %.1f GiB"), used / RIG_GIB, capacity / RIG_GIB);
  value_w = draw_text (c, value, l->font, l->x0 + l->bar_w, y, 1.0, 0,
                       used > capacity ? &c->error_fg : &c->dim);
  name_markup = g_markup_escape_text (name, -1);
  draw_text (c, name_markup, l->font, l->x0, y, 0, l->bar_w - value_w - 8 * c->s, &c->fg);
}

/* The track stands for the capacity; what is used fills it from the left, split as the
 * workload's memory is, and what goes past the capacity is hatched. */
static void
draw_memory_bar (Chart              *c,
                 const MemoryLayout *l,
                 double              by,
                 double              used,
                 double              capacity,
                 const double        bytes[N_SEGMENTS],
                 double              sum)
{
  cairo_t *cr = c->cr;
  double s = c->s, x0 = l->x0, bar_h = l->bar_h;
  double full = MAX (used, capacity);
  double x_cap = x0 + l->bar_w * capacity / full;
  double x_used = x0 + l->bar_w * used / full;
  gboolean over = used > capacity;

  rounded_rect (cr, x0, by, x_cap - x0, bar_h, 3 * s);
  set_colour (c, &c->track, 1.0);
  cairo_fill (cr);

  cairo_save (cr);
  rounded_rect (cr, x0, by, l->bar_w, bar_h, 3 * s);
  cairo_clip (cr);
  if (sum > 0)
    {
      double x = x0;

      for (guint k = 0; k < N_SEGMENTS; k++)
        {
          double w = (x_used - x0) * bytes[k] / sum;

          if (w <= 0)
            continue;
          cairo_rectangle (cr, x, by, w, bar_h);
          set_colour (c, memory_segments[k].colour, 1.0);
          cairo_fill (cr);
          x += w;
        }
    }
  else if (used > 0)
    {
      cairo_rectangle (cr, x0, by, x_used - x0, bar_h);
      set_colour (c, &grey, 1.0);
      cairo_fill (cr);
    }
  if (over)
    draw_hatch (c, x_cap, by, x_used - x_cap, bar_h);
  cairo_restore (cr);

  /* The capacity marker. */
  cairo_move_to (cr, x_cap - (over ? 0 : 0.75 * s), by - 2 * s);
  cairo_rel_line_to (cr, 0, bar_h + 4 * s);
  cairo_set_line_width (cr, 1.5 * s);
  set_colour (c, &c->fg, 1.0);
  cairo_stroke (cr);
}

void
rig_chart_memory (cairo_t             *cr,
                  double               width,
                  double               height,
                  const RigReport     *report,
                  guint                index,
                  const RigChartStyle *style)
{
  const RigWorkloadResult *result;
  double bytes[N_SEGMENTS], held[RIG_MAX_DEVICES][N_SEGMENTS], held_sum[RIG_MAX_DEVICES];
  double shown[N_SEGMENTS] = { 0 };
  guint devices[RIG_MAX_DEVICES], n_devices;
  LegendItem legend[N_SEGMENTS + 1];
  guint n_legend;
  gboolean any_over = FALSE;
  MemoryLayout l;
  Chart c;

  chart_begin (&c, cr, style);
  if (report == NULL || report->workloads == NULL || index >= report->workloads->len)
    {
      draw_message (&c, width, height, _("No workload"));
      chart_end (&c);
      return;
    }
  result = &g_array_index (report->workloads, RigWorkloadResult, index);
  memory_bytes (result, bytes);
  n_devices = memory_devices (result, devices, &any_over);
  if (n_devices == 0)
    {
      draw_message (&c, width, height, _("Nothing placed on any device"));
      chart_end (&c);
      return;
    }

  /* The legend names what the bars show, system memory's optimizer included. */
  for (guint i = 0; i < n_devices; i++)
    {
      held_sum[i] = device_memory_bytes (result, devices[i], bytes, held[i]);
      for (guint k = 0; k < N_SEGMENTS; k++)
        shown[k] += held[i][k];
    }
  n_legend = memory_legend (shown, any_over, legend);
  memory_layout (&c, width, height, n_devices, legend, n_legend, &l);
  for (guint i = 0; i < n_devices; i++)
    {
      guint d = devices[i];
      double y = memory_row_y (&c, &l, i);

      draw_memory_label (&c, &l, y, memory_device_name (report, d), result->used_bytes[d],
                         result->capacity_bytes[d]);
      draw_memory_bar (&c, &l, y + l.lh + 2 * c.s, result->used_bytes[d], result->capacity_bytes[d],
                       held[i], held_sum[i]);
    }

  /* Under the bars, or at the bottom when they leave no room. */
  draw_legend (&c, legend, n_legend, l.x0,
               MIN (height - PAD * c.s - l.legend_h, memory_row_y (&c, &l, n_devices)),
               l.bar_w, TRUE);
  legend_items_clear (legend, n_legend);
  chart_end (&c);
}

/* Power */

typedef struct
{
  double     watts;
  char      *label;
  const Rgb *colour;
  gboolean   dashed;
  double     x, w;          /* the marker's position and its label's width */
  double     left, right;   /* the label's ends once placed */
  guint      row;           /* label rows up from the bar */
  gboolean   beside;        /* the label is beside its line, not over it */
} Marker;

/* Where a label goes beside its marker: centred over it, to its right, to its left. */
enum { PLACE_CENTRE, PLACE_RIGHT, PLACE_LEFT, N_PLACES };

static void
place_label (Marker *m,
             guint   place,
             double  x0,
             double  x1,
             double  gap)
{
  double left = place == PLACE_CENTRE ? m->x - m->w / 2
              : place == PLACE_RIGHT ? m->x + gap
              : m->x - gap - m->w;

  m->left = CLAMP (left, x0, x1 - m->w);
  m->right = m->left + m->w;
  m->beside = m->right < m->x || m->left > m->x;
}

/* Whether labels in the same row keep apart, and each marker's line (from its label down to
 * the bar) stays clear of the labels in the rows below. */
static gboolean
markers_fit (const Marker *markers,
             guint         n,
             double        spacing)
{
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        if (i == j)
          continue;
        if (markers[i].row == markers[j].row && i < j &&
            markers[i].right + spacing > markers[j].left && markers[j].right + spacing > markers[i].left)
          return FALSE;
        if (markers[j].row < markers[i].row &&
            markers[i].x > markers[j].left - spacing / 2 && markers[i].x < markers[j].right + spacing / 2)
          return FALSE;
      }
  return TRUE;
}

/* Rows and sides for up to three labels between @x0 and @x1: of the placements that fit, the
 * one with the fewest rows, then the most labels centred. Returns the rows used. */
static guint
place_markers (Marker *markers,
               guint   n,
               double  x0,
               double  x1,
               double  spacing)
{
  guint best = G_MAXUINT, best_cost = G_MAXUINT, choices = n * N_PLACES, combos = 1, rows = 0;

  for (guint i = 0; i < n; i++)
    combos *= choices;
  for (guint combo = 0; combo < combos; combo++)
    {
      guint code = combo, cost = 0;

      rows = 0;
      for (guint i = 0; i < n; i++, code /= choices)
        {
          guint choice = code % choices;

          markers[i].row = choice / N_PLACES;
          place_label (&markers[i], choice % N_PLACES, x0, x1, spacing / 2);
          rows = MAX (rows, markers[i].row + 1);
          cost += choice % N_PLACES != PLACE_CENTRE;
        }
      cost += 10 * rows;
      if (cost < best_cost && markers_fit (markers, n, spacing))
        {
          best = combo;
          best_cost = cost;
        }
    }
  if (best == G_MAXUINT)
    {
      /* Markers on top of each other: lines cross labels whatever we do. Keep the labels
       * apart, the rightmost nearest the bar. */
      for (guint i = 0; i < n; i++)
        {
          markers[i].row = 0;
          for (guint j = 0; j < n; j++)
            if (markers[j].x > markers[i].x || (markers[j].x == markers[i].x && j > i))
              markers[i].row++;
          place_label (&markers[i], PLACE_CENTRE, x0, x1, spacing / 2);
        }
      return n;
    }
  rows = 0;
  for (guint i = 0; i < n; i++, best /= choices)
    {
      markers[i].row = best % choices / N_PLACES;
      place_label (&markers[i], best % choices % N_PLACES, x0, x1, spacing / 2);
      rows = MAX (rows, markers[i].row + 1);
    }
  return rows;
}

/* The bar and its scale; the marker labels stand over the bar. */
typedef struct
{
  double max;           /* the watts at the right end */
  double x0, bar_w;
  double lh, slh;
  double by, bar_h;
} PowerLayout;

/* The most watts the chart shows, with room to spare; 0 when there is nothing to show. */
static double
power_scale_max (const RigPowerReport *p)
{
  double max = 0;

  if (isfinite (p->circuit_w))
    max = MAX (max, p->circuit_w);
  if (isfinite (p->peak_w))
    max = MAX (max, p->peak_w);
  if (isfinite (p->psu_w))
    max = MAX (max, p->psu_w);
  if (isfinite (p->wall_w))
    max = MAX (max, p->wall_w);
  if (isfinite (p->sustained_w))
    max = MAX (max, p->sustained_w);
  if (!(max > 0) || !isfinite (p->sustained_w))
    return 0;
  return max * 1.1;
}

/* The PSU, the wall and the circuit, each that has a figure, placed over the bar. Returns how
 * many; their labels are the caller's to free. */
static guint
power_markers (Chart                *c,
               const RigPowerReport *p,
               const PowerLayout    *l,
               Marker               *markers,
               guint                *n_rows)
{
  g_autofree char *psu = isfinite (p->psu_w) ? format_watts (p->psu_w) : NULL;
  g_autofree char *wall = isfinite (p->wall_w) ? format_watts (p->wall_w) : NULL;
  g_autofree char *circuit = isfinite (p->circuit_w) ? format_watts (p->circuit_w) : NULL;
  gboolean wall_over = isfinite (p->wall_w) && isfinite (p->circuit_w) && p->wall_w > p->circuit_w;
  guint n_markers = 0;

  if (psu)
    markers[n_markers++] = (Marker) { p->psu_w, g_strdup_printf (_("PSU %s"), psu), &c->fg, FALSE };
  if (wall)
    markers[n_markers++] = (Marker) { p->wall_w, g_strdup_printf (_("Wall %s"), wall),
                                      wall_over ? &c->error_fg : &c->accent_fg, FALSE };
  if (circuit)
    markers[n_markers++] = (Marker) { p->circuit_w, g_strdup_printf (_("Circuit %s"), circuit),
                                      &c->dim, TRUE };
  for (guint i = 0; i < n_markers; i++)
    {
      markers[i].x = l->x0 + l->bar_w * markers[i].watts / l->max;
      markers[i].w = text_width (c, markers[i].label, FONT_SIZE);
    }
  *n_rows = 0;
  if (n_markers > 0)
    *n_rows = place_markers (markers, n_markers, l->x0, l->x0 + l->bar_w, 12 * c->s);
  return n_markers;
}

/* The sustained and the peak draw, and the share of the PSU. Returns how many items. */
static guint
power_legend (const RigPowerReport *p,
              const Rgb            *bar_colour,
              gboolean              error,
              gboolean              warning,
              LegendItem           *legend)
{
  g_autofree char *sustained = format_watts (p->sustained_w);
  g_autofree char *peak = isfinite (p->peak_w) ? format_watts (p->peak_w) : NULL;
  guint n_legend = 0;

  /* A prebuilt's own supply: its maker's maximum, at the wall, with no transients of its own. */
  if (p->prebuilt)
    {
      legend[n_legend++] = (LegendItem) { bar_colour, 1.0, FALSE,
                                          g_strdup_printf (_("System maximum %s"), sustained) };
      return n_legend;
    }
  legend[n_legend++] = (LegendItem) { bar_colour, 1.0, FALSE,
                                      g_strdup_printf (_("Sustained %s (DC)"), sustained) };
  if (peak)
    legend[n_legend++] = (LegendItem) { bar_colour, 0.35, FALSE,
                                        g_strdup_printf (_("Peak %s (DC)"), peak) };
  /* A figure, not a colour of the chart: no swatch, which would match nothing drawn. */
  if (isfinite (p->psu_w) && p->psu_w > 0)
    legend[n_legend++] = (LegendItem) { NULL, 1.0, FALSE,
                                        g_strdup_printf (_("%.0f %% of the PSU"),
                                                         100 * p->sustained_w / p->psu_w) };
  return n_legend;
}

/* The bar's place and height: marker labels, the bar, the scale under it and the legend,
 * centred in the height; the bar takes what is left. */
static void
power_layout_bar (Chart       *c,
                  double       height,
                  guint        n_rows,
                  double       legend_h,
                  PowerLayout *l)
{
  double s = c->s, lh = l->lh, slh = l->slh, top;

  l->bar_h = height - 2 * PAD * s - n_rows * lh - 4 * s - 3 * s - slh - 6 * s - legend_h;
  l->bar_h = CLAMP (l->bar_h, 8 * s, 40 * s);
  top = (height - (n_rows * lh + 4 * s + l->bar_h + 3 * s + slh + 6 * s + legend_h)) / 2;
  top = MAX (top, 0);
  l->by = top + n_rows * lh + 4 * s;
}

/* The track, the peak draw faint over it, the sustained draw over that. */
static void
draw_power_bar (Chart                *c,
                const PowerLayout    *l,
                const RigPowerReport *p,
                const Rgb            *bar_colour)
{
  cairo_t *cr = c->cr;

  rounded_rect (cr, l->x0, l->by, l->bar_w, l->bar_h, 3 * c->s);
  set_colour (c, &c->track, 1.0);
  cairo_fill (cr);
  cairo_save (cr);
  rounded_rect (cr, l->x0, l->by, l->bar_w, l->bar_h, 3 * c->s);
  cairo_clip (cr);
  if (isfinite (p->peak_w) && p->peak_w > p->sustained_w)
    {
      cairo_rectangle (cr, l->x0, l->by, l->bar_w * p->peak_w / l->max, l->bar_h);
      set_colour (c, bar_colour, 0.35);
      cairo_fill (cr);
    }
  cairo_rectangle (cr, l->x0, l->by, l->bar_w * MAX (p->sustained_w, 0) / l->max, l->bar_h);
  set_colour (c, bar_colour, 1.0);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* The scale: ticks at round watts, as many as have room for their labels. */
static void
draw_power_scale (Chart             *c,
                  const PowerLayout *l)
{
  g_autofree char *widest = format_watts (l->max);
  double s = c->s, x0 = l->x0, bar_w = l->bar_w;
  double label_w = text_width (c, widest, SMALL_SIZE) + 12 * s;
  double ty = l->by + l->bar_h;
  double step = nice_step (l->max, MAX (1, floor (bar_w / label_w)));

  for (double w = 0; w <= l->max + 1e-6; w += step)
    {
      g_autofree char *label = format_watts (w);
      double x = x0 + bar_w * w / l->max;
      double lw = text_width (c, label, SMALL_SIZE);

      cairo_move_to (c->cr, x, ty);
      cairo_rel_line_to (c->cr, 0, 3 * s);
      cairo_set_line_width (c->cr, 1 * s);
      set_colour (c, &c->grid, 1.0);
      cairo_stroke (c->cr);
      draw_text (c, label, SMALL_SIZE, CLAMP (x - lw / 2, x0, x0 + bar_w - lw), ty + 3 * s, 0, 0,
                 &c->dim);
    }
}

/* Each marker's label in its row over the bar and its line down across the bar. */
static void
draw_power_markers (Chart             *c,
                    const PowerLayout *l,
                    const Marker      *markers,
                    guint              n_markers)
{
  cairo_t *cr = c->cr;
  double s = c->s, lh = l->lh;

  for (guint i = 0; i < n_markers; i++)
    {
      const Marker *m = &markers[i];
      double ly = l->by - 4 * s - (m->row + 1) * lh;

      draw_text (c, m->label, FONT_SIZE, m->left, ly, 0, 0, m->colour);
      /* A line beside its label reaches up along it, one under it starts below it. */
      cairo_move_to (cr, m->x, ly + (m->beside ? 0.2 * lh : lh));
      cairo_line_to (cr, m->x, l->by + l->bar_h + 2 * s);
      cairo_set_line_width (cr, 2 * s);
      stroke_path (c, m->colour, m->dashed);
    }
}

void
rig_chart_power (cairo_t             *cr,
                 double               width,
                 double               height,
                 const RigReport     *report,
                 const RigChartStyle *style)
{
  const RigPowerReport *p = report ? &report->power : NULL;
  Marker markers[3];
  guint n_markers, n_rows;
  LegendItem legend[3];
  guint n_legend;
  double s, legend_h;
  gboolean error, warning;
  const Rgb *bar_colour;
  PowerLayout l;
  Chart c;

  chart_begin (&c, cr, style);
  s = c.s;
  l.max = p ? power_scale_max (p) : 0;
  if (l.max == 0)
    {
      draw_message (&c, width, height, _("No power figures"));
      chart_end (&c);
      return;
    }

  error = (isfinite (p->psu_w) && p->sustained_w > p->psu_w) ||
          (isfinite (p->wall_w) && isfinite (p->circuit_w) && p->wall_w > p->circuit_w);
  /* The usual advice: keep a PSU's sustained load under 80 % of its rating. */
  warning = !error && isfinite (p->psu_w) && p->sustained_w > 0.8 * p->psu_w;
  bar_colour = error ? &red : warning ? &yellow : &blue;

  l.x0 = PAD * s;
  l.bar_w = width - 2 * PAD * s;
  l.lh = line_height (&c, FONT_SIZE);
  l.slh = line_height (&c, SMALL_SIZE);
  n_markers = power_markers (&c, p, &l, markers, &n_rows);
  n_legend = power_legend (p, bar_colour, error, warning, legend);
  legend_h = draw_legend (&c, legend, n_legend, l.x0, 0, l.bar_w, FALSE);
  power_layout_bar (&c, height, n_rows, legend_h, &l);

  draw_power_bar (&c, &l, p, bar_colour);
  draw_power_scale (&c, &l);
  draw_power_markers (&c, &l, markers, n_markers);
  draw_legend (&c, legend, n_legend, l.x0, l.by + l.bar_h + 3 * s + l.slh + 6 * s, l.bar_w, TRUE);

  for (guint i = 0; i < n_markers; i++)
    g_free (markers[i].label);
  legend_items_clear (legend, n_legend);
  chart_end (&c);
}

/* PCIe */

static char *
link_text (const RigPcieDevice *dev)
{
  GString *text = g_string_new (NULL);

  if (dev->lanes > 0)
    g_string_append_printf (text, "x%u", dev->lanes);
  if (dev->gen > 0)
    {
      if (text->len)
        g_string_append_c (text, ' ');
      /* Translators: a PCIe link's generation, as in “PCIe 4.0” */
      g_string_append_printf (text, _("PCIe %u.0"), dev->gen);
    }
  if (isfinite (dev->gbps) && dev->gbps > 0)
    {
      if (text->len)
        g_string_append (text, " · ");
      /* Translators: a PCIe link's bandwidth, in gigabytes a second */
      g_string_append_printf (text, _("%.1f GB/s"), dev->gbps);
    }
  if (dev->carrier != NULL)
    {
      if (text->len)
        g_string_append (text, " · ");
      /* Translators: %s is the riser cable, M.2 adapter or bifurcation card a device sits on */
      g_string_append_printf (text, _("via %s"), dev->carrier->name);
    }
  return g_string_free (text, FALSE);
}

static const Rgb *
source_colour (RigLaneSource source)
{
  return source == RIG_LANE_SOURCE_CPU ? &blue : &orange;
}

/* The board from the side: a row a slot position, numbered, with the cards over them; the
 * devices on no position are listed under it. */
typedef struct
{
  double font, small, lh;
  double legend_h;
  double row_h;
  double x0, col_w;     /* the slots' column */
  double tx, tw;        /* the text beside it */
} PcieLayout;

/* How many slot positions the board shows (at least seven, as ATX has) and how many devices
 * are listed under them. */
static void
pcie_count (const RigPcieReport *pcie,
            guint               *n_positions,
            guint               *n_listed)
{
  *n_positions = 7;
  *n_listed = 0;
  for (guint i = 0; i < MIN (pcie->n_devices, RIG_MAX_PCIE_DEVICES); i++)
    {
      const RigPcieDevice *dev = &pcie->devices[i];

      if (dev->position > 0)
        *n_positions = MAX (*n_positions, dev->position + MAX (dev->width, 1) - 1);
      else
        (*n_listed)++;
    }
}

static guint
pcie_legend (const RigPcieReport *pcie,
             LegendItem          *legend)
{
  guint n_legend = 0;

  legend[n_legend++] = (LegendItem) { &blue, 1.0, FALSE, g_strdup (_("CPU lanes")) };
  legend[n_legend++] = (LegendItem) { &orange, 1.0, FALSE, g_strdup (_("Chipset lanes")) };
  if (isfinite (pcie->cpu_lanes))
    legend[n_legend++] = (LegendItem) { pcie->cpu_lanes_used > pcie->cpu_lanes ? &red : NULL, 1.0, FALSE,
                                        g_strdup_printf (_("%u of %.0f CPU lanes used"),
                                                         pcie->cpu_lanes_used, pcie->cpu_lanes) };
  return n_legend;
}

/* Positions, the listed devices and the legend share the height; text shrinks when the rows
 * would otherwise run into each other. */
static void
pcie_layout (Chart            *c,
             double            width,
             double            height,
             guint             n_positions,
             guint             n_listed,
             const LegendItem *legend,
             guint             n_legend,
             PcieLayout       *l)
{
  double s = c->s, rows = n_positions + n_listed + 1.5, fit, num_w;

  l->font = FONT_SIZE;
  l->small = SMALL_SIZE;
  l->lh = line_height (c, l->font);
  fit = (height - 2 * PAD * s) / rows;
  if (fit < l->lh)
    {
      l->font = MAX (6.0, l->font * fit / l->lh);
      l->small = MAX (6.0, l->small * fit / l->lh);
      l->lh = line_height (c, l->font);
    }
  l->legend_h = draw_legend (c, legend, n_legend, PAD * s, 0, width - 2 * PAD * s, FALSE);
  l->row_h = (height - 2 * PAD * s - n_listed * l->lh - l->legend_h - (n_listed ? 12 : 6) * s)
             / n_positions;
  l->row_h = MAX (l->row_h, 4 * s);
  num_w = text_width (c, "00", l->small);
  l->x0 = PAD * s + num_w + 4 * s;
  l->col_w = MIN (width * 0.28, 170 * s);
  l->tx = l->x0 + l->col_w + 10 * s;
  l->tw = width - PAD * s - l->tx;
}

/* The board's expansion slots from the top, numbered. */
static void
draw_pcie_positions (Chart            *c,
                     const PcieLayout *l,
                     guint             n_positions)
{
  double s = c->s;

  for (guint pos = 1; pos <= n_positions; pos++)
    {
      g_autofree char *num = g_strdup_printf ("%u", pos);
      double ry = PAD * s + (pos - 1) * l->row_h;
      double slh = line_height (c, l->small);

      draw_text (c, num, l->small, l->x0 - 4 * s, ry + (l->row_h - slh) / 2, 1.0, 0, &c->dim);
      rounded_rect (c->cr, l->x0, ry + l->row_h / 2 - 2 * s, l->col_w, 4 * s, 2 * s);
      set_colour (c, &c->grid, 1.0);
      cairo_fill (c->cr);
    }
}

/* Beside a card from @by, @bh high: its slot and position, its part and its link, on as many
 * lines as the card is tall for. */
static void
draw_pcie_card_text (Chart               *c,
                     const PcieLayout    *l,
                     const RigPcieDevice *dev,
                     double               by,
                     double               bh)
{
  g_autofree char *link = link_text (dev);
  g_autofree char *slot = g_markup_escape_text (dev->slot, -1);
  g_autofree char *part = g_markup_escape_text (dev->part, -1);
  g_autofree char *where = g_strdup_printf (_("<b>%s</b> · position %u"), slot, dev->position);
  double font = l->font, lh = l->lh, tx = l->tx, tw = l->tw;
  guint n_lines = (guint) MAX (1, floor ((bh + 2 * c->s) / lh));

  if (n_lines >= 3)
    {
      draw_text (c, where, font, tx, by, 0, tw, &c->fg);
      draw_text (c, part, font, tx, by + lh, 0, tw, &c->fg);
      draw_text (c, link, font, tx, by + 2 * lh, 0, tw, &c->dim);
    }
  else if (n_lines == 2)
    {
      g_autofree char *second = g_strdup_printf ("%s · %s", link, part);

      draw_text (c, where, font, tx, by, 0, tw, &c->fg);
      draw_text (c, second, font, tx, by + lh, 0, tw, &c->dim);
    }
  else
    {
      g_autofree char *one = g_strdup_printf ("%s · %s · %s", where, link, part);

      draw_text (c, one, font, tx, by + (bh - lh) / 2, 0, tw, &c->fg);
    }
}

/* A card over the positions it covers, in the colour of its lanes' source, its width on it. */
static void
draw_pcie_card (Chart               *c,
                const PcieLayout    *l,
                const RigPcieDevice *dev)
{
  static const Rgb white = RGB (0xffffff);
  double s = c->s;
  double by = PAD * s + (dev->position - 1) * l->row_h + 1 * s;
  double bh = MAX (dev->width, 1) * l->row_h - 2 * s;
  g_autofree char *lanes = dev->lanes ? g_strdup_printf ("x%u", dev->lanes) : g_strdup ("");

  rounded_rect (c->cr, l->x0, by, l->col_w, bh, 4 * s);
  set_colour (c, source_colour (dev->source), 1.0);
  cairo_fill (c->cr);
  draw_text (c, lanes, l->font, l->x0 + l->col_w / 2, by + (bh - line_height (c, l->font)) / 2,
             0.5, 0, &white);
  draw_pcie_card_text (c, l, dev, by, bh);
}

/* M.2 devices, and cards that found no slot, one a line from @y. */
static void
draw_pcie_listed (Chart               *c,
                  const PcieLayout    *l,
                  const RigPcieReport *pcie,
                  double               width,
                  double               y)
{
  double s = c->s, x0 = l->x0, sw = SWATCH * s;

  for (guint i = 0; i < MIN (pcie->n_devices, RIG_MAX_PCIE_DEVICES); i++)
    {
      const RigPcieDevice *dev = &pcie->devices[i];
      g_autofree char *link = NULL;
      g_autofree char *part = NULL;
      g_autofree char *slot = NULL;
      g_autofree char *line = NULL;
      gboolean placed = dev->placed;

      if (dev->position > 0)
        continue;
      link = link_text (dev);
      part = g_markup_escape_text (dev->part, -1);
      slot = g_markup_escape_text (dev->slot, -1);
      if (placed)
        line = g_strdup_printf ("<b>%s</b> · %s · %s", slot, part, link);
      else
        line = g_strdup_printf (_("<b>No slot</b> · %s"), part);
      rounded_rect (c->cr, x0, y + (l->lh - sw) / 2, sw, sw, 2 * s);
      set_colour (c, placed ? source_colour (dev->source) : &red, 1.0);
      cairo_fill (c->cr);
      draw_text (c, line, l->font, x0 + sw + 6 * s, y, 0, width - PAD * s - (x0 + sw + 6 * s),
                 placed ? &c->fg : &c->error_fg);
      y += l->lh;
    }
}

void
rig_chart_pcie (cairo_t             *cr,
                double               width,
                double               height,
                const RigReport     *report,
                const RigChartStyle *style)
{
  const RigPcieReport *pcie;
  guint n_positions, n_listed;
  LegendItem legend[3];
  guint n_legend;
  PcieLayout l;
  Chart c;

  chart_begin (&c, cr, style);
  if (report == NULL || !report->pcie.checked)
    {
      draw_message (&c, width, height, _("No motherboard"));
      chart_end (&c);
      return;
    }
  pcie = &report->pcie;

  pcie_count (pcie, &n_positions, &n_listed);
  n_legend = pcie_legend (pcie, legend);
  pcie_layout (&c, width, height, n_positions, n_listed, legend, n_legend, &l);

  draw_pcie_positions (&c, &l, n_positions);
  for (guint i = 0; i < MIN (pcie->n_devices, RIG_MAX_PCIE_DEVICES); i++)
    if (pcie->devices[i].position > 0)
      draw_pcie_card (&c, &l, &pcie->devices[i]);
  draw_pcie_listed (&c, &l, pcie, width, PAD * c.s + n_positions * l.row_h + 6 * c.s);

  draw_legend (&c, legend, n_legend, PAD * c.s, height - PAD * c.s - l.legend_h,
               width - 2 * PAD * c.s, TRUE);
  legend_items_clear (legend, n_legend);
  chart_end (&c);
}

/* Cost */

typedef struct
{
  double x0, y0, x1, y1;
} Segment2;

/* Whether the rectangle, grown by @margin, meets any of the straight @lines. */
static gboolean
rect_meets_lines (double          x,
                  double          y,
                  double          w,
                  double          h,
                  double          margin,
                  const Segment2 *lines,
                  guint           n_lines)
{
  x -= margin, y -= margin, w += 2 * margin, h += 2 * margin;
  for (guint i = 0; i < n_lines; i++)
    {
      const Segment2 *l = &lines[i];
      double lx0 = MIN (l->x0, l->x1), lx1 = MAX (l->x0, l->x1);
      double a = MAX (x, lx0), b = MIN (x + w, lx1);
      double ya, yb;

      if (a > b)
        continue;
      if (l->x1 == l->x0)
        ya = l->y0, yb = l->y1;
      else
        {
          ya = l->y0 + (l->y1 - l->y0) * (a - l->x0) / (l->x1 - l->x0);
          yb = l->y0 + (l->y1 - l->y0) * (b - l->x0) / (l->x1 - l->x0);
        }
      if (MAX (ya, yb) >= y && MIN (ya, yb) <= y + h)
        return TRUE;
    }
  return FALSE;
}

/* The first of @n candidate top-left corners (each clamped into the plot) where @layout stays
 * clear of @lines; FALSE when there is none. */
static gboolean
find_clear_spot (Chart          *c,
                 PangoLayout    *layout,
                 const double   *candidates,
                 guint           n,
                 const double    plot[4],
                 const Segment2 *lines,
                 guint           n_lines,
                 double         *x,
                 double         *y)
{
  double w, h;

  layout_size (layout, &w, &h);
  for (guint i = 0; i < n; i++)
    {
      *x = CLAMP (candidates[2 * i], plot[0], plot[0] + plot[2] - w);
      *y = CLAMP (candidates[2 * i + 1], plot[1], plot[1] + plot[3] - h);
      if (!rect_meets_lines (*x, *y, w, h, 3 * c->s, lines, n_lines))
        return TRUE;
    }
  return FALSE;
}

/* What the lines stand for: owning's money and renting's, month by month. */
typedef struct
{
  const char *currency;
  guint       months;
  double      purchase, per_month;      /* owning: the build, then electricity a month */
  gboolean    renting;
  double      rent_per_month;
  double      own_end, rent_end;        /* at the last month */
  double      ymax_raw;                 /* the most money a line reaches, at least 1 */
  double      be;                       /* the plan's break-even, in months */
  gboolean    show_be;                  /* it falls in the months shown */
} CostFigures;

/* Where the plot is and the money it spans. */
typedef struct
{
  double lh, slh;
  double legend_h;
  double px, py, pw, ph;
  double ymax, ystep;
  guint  months;
} CostPlot;

static void
cost_figures (const RigCostReport *cost,
              double               cloud_per_hour,
              double               hours_per_day,
              guint                months,
              CostFigures         *f)
{
  /* The average month: 365.25 / 12 days. */
  const double days_per_month = 30.44;

  f->currency = cost->currency;
  f->months = MAX (months, 1);
  f->purchase = rig_money_to_major (cost->total_minor);
  f->per_month = cost->electricity_per_year_minor != RIG_MONEY_UNKNOWN
                   ? rig_money_to_major (cost->electricity_per_year_minor) / 12 : 0;
  f->renting = isfinite (cloud_per_hour) && isfinite (hours_per_day);
  f->rent_per_month = f->renting ? cloud_per_hour * hours_per_day * days_per_month : 0;
  f->own_end = f->purchase + f->per_month * f->months;
  f->rent_end = f->renting ? f->rent_per_month * f->months : 0;
  f->ymax_raw = MAX (f->own_end, f->rent_end);
  if (!(f->ymax_raw > 0))
    f->ymax_raw = 1;
  f->be = cost->breakeven_months;
  f->show_be = f->renting && isfinite (f->be) && f->be >= 0 && f->be <= f->months;
}

/* Owning's line, and renting's when there is a cloud rate. Returns how many items. */
static guint
cost_legend (const CostFigures *f,
             double             cloud_per_hour,
             double             hours_per_day,
             LegendItem        *legend)
{
  g_autofree char *price = rig_money_format (f->purchase, f->currency, RIG_MONEY_WHOLE);
  g_autofree char *monthly = g_strdup_printf ("%.0f", f->per_month);
  guint n_legend = 0;

  legend[n_legend++] = (LegendItem) { &blue, 1.0, FALSE,
                                      g_strdup_printf (_("Owning: %s + %s %s/month"),
                                                       price, monthly, f->currency) };
  if (f->renting)
    legend[n_legend++] = (LegendItem) { &orange, 1.0, FALSE,
                                        g_strdup_printf (_("Renting: %.2f %s/h × %.0f h/day"),
                                                         cloud_per_hour, f->currency, hours_per_day) };
  return n_legend;
}

/* The break-even mark's label, or a note on why there is none; NULL when there is nothing to
 * say. */
static char *
cost_label (const CostFigures *f)
{
  if (f->show_be)
    {
      gulong whole = (gulong) round (f->be);
      /* The plan counts what the build sells for at the end, these lines do not: say so when
       * that brings the break-even before they cross. */
      double crossing = f->rent_per_month > f->per_month
                        ? f->purchase / (f->rent_per_month - f->per_month) : NAN;
      gboolean resale = isfinite (crossing) && f->be < crossing - 0.5;

      return g_strdup_printf (resale ? g_dngettext (GETTEXT_PACKAGE,
                                                    "Break-even: %lu month, counting resale",
                                                    "Break-even: %lu months, counting resale", whole)
                                     : g_dngettext (GETTEXT_PACKAGE,
                                                    "Break-even: %lu month",
                                                    "Break-even: %lu months", whole),
                              whole);
    }
  if (!f->renting)
    return g_strdup (_("Set a cloud rate to compare"));
  if (isinf (f->be))
    return g_strdup (_("Renting stays cheaper"));
  if (isfinite (f->be) && f->be > f->months)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Break-even after %lu month",
                                         "Break-even after %lu months", (gulong) round (f->be)),
                            (gulong) round (f->be));
  return NULL;
}

static char *
months_text (guint months)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u month", "%u months", months), months);
}

static double
cost_x (const CostPlot *p,
        double          month)
{
  return p->px + p->pw * month / p->months;
}

static double
cost_y (const CostPlot *p,
        double          money)
{
  return p->py + p->ph - p->ph * money / p->ymax;
}

/* The plot under the legend, with the money scale on its left and the months under it. */
static void
cost_layout (Chart             *c,
             double             width,
             double             height,
             const CostFigures *f,
             const LegendItem  *legend,
             guint              n_legend,
             CostPlot          *p)
{
  double s = c->s, axis_w = 0;
  g_autofree char *last = months_text (f->months);

  p->months = f->months;
  p->legend_h = draw_legend (c, legend, n_legend, PAD * s, 0, width - 2 * PAD * s, FALSE);
  p->py = PAD * s + p->legend_h + 6 * s + p->slh / 2;
  p->ph = MAX (height - p->py - PAD * s - p->slh - 4 * s, 10 * s);
  p->ystep = nice_step (f->ymax_raw, MAX (1, floor (p->ph / (p->slh * 2.2))));
  p->ymax = ceil (f->ymax_raw / p->ystep - 1e-9) * p->ystep;
  for (double v = 0; v <= p->ymax + p->ystep / 2; v += p->ystep)
    {
      g_autofree char *money = rig_money_format (v, f->currency, RIG_MONEY_WHOLE);

      axis_w = MAX (axis_w, text_width (c, money, SMALL_SIZE));
    }
  p->px = PAD * s + axis_w + 6 * s;
  /* Room on the right for the last month's label to centre on its tick. */
  p->pw = MAX (width - PAD * s - p->px - text_width (c, last, SMALL_SIZE) / 2, 10 * s);
}

/* Owning's line, renting's and the break-even mark, as the label must keep clear of them.
 * Returns how many. */
static guint
cost_lines (const CostPlot    *p,
            const CostFigures *f,
            Segment2           lines[3])
{
  guint n_lines = 0;

  lines[n_lines++] = (Segment2) { cost_x (p, 0), cost_y (p, f->purchase),
                                  cost_x (p, f->months), cost_y (p, f->own_end) };
  if (f->renting)
    lines[n_lines++] = (Segment2) { cost_x (p, 0), cost_y (p, 0),
                                    cost_x (p, f->months), cost_y (p, f->rent_end) };
  if (f->show_be)
    lines[n_lines++] = (Segment2) { cost_x (p, f->be), p->py, cost_x (p, f->be), p->py + p->ph };
  return n_lines;
}

/* A spot in the plot for @label clear of the lines: beside the break-even mark, else in a
 * corner. FALSE when there is none. */
static gboolean
place_cost_label (Chart              *c,
                  const CostPlot     *p,
                  const CostFigures  *f,
                  const char         *label,
                  const Segment2     *lines,
                  guint               n_lines,
                  PangoLayout       **layout,
                  double             *x,
                  double             *y)
{
  double s = c->s, px = p->px, py = p->py, pw = p->pw, ph = p->ph;
  double plot[4] = { px, py, pw, ph };
  g_autofree char *markup = g_markup_escape_text (label, -1);
  double w, be_x;

  *layout = chart_layout (c, markup, f->show_be ? SMALL_SIZE : FONT_SIZE, 0);
  layout_size (*layout, &w, NULL);
  be_x = cost_x (p, f->be);
  {
    /* Right of the mark then left of it, low then high; without a mark, the corners. */
    const double beside_mark[] = {
      be_x + 6 * s, py + ph - p->slh - 4 * s,
      be_x - 6 * s - w, py + ph - p->slh - 4 * s,
      be_x + 6 * s, py + 2 * s,
      be_x - 6 * s - w, py + 2 * s,
    };
    const double corners[] = {
      px + 8 * s, py + 4 * s,
      px + pw, py + ph - p->lh - 6 * s,
      px + pw, py + 4 * s,
      px + 8 * s, py + ph - p->lh - 6 * s,
    };

    G_STATIC_ASSERT (G_N_ELEMENTS (beside_mark) == G_N_ELEMENTS (corners));
    return find_clear_spot (c, *layout, f->show_be ? beside_mark : corners,
                            G_N_ELEMENTS (corners) / 2, plot, lines, n_lines, x, y);
  }
}

/* Grid lines at round money, labelled on the left. */
static void
draw_cost_grid (Chart             *c,
                const CostPlot    *p,
                const CostFigures *f)
{
  double s = c->s;

  cairo_set_line_width (c->cr, 1 * s);
  for (double v = 0; v <= p->ymax + p->ystep / 2; v += p->ystep)
    {
      g_autofree char *money = rig_money_format (v, f->currency, RIG_MONEY_WHOLE);
      double y = round (cost_y (p, v)) + 0.5;

      cairo_move_to (c->cr, p->px, y);
      cairo_line_to (c->cr, p->px + p->pw, y);
      set_colour (c, v == 0 ? &c->dim : &c->grid, v == 0 ? 1.0 : 0.6);
      cairo_stroke (c->cr);
      draw_text (c, money, SMALL_SIZE, p->px - 6 * s, y - p->slh / 2, 1.0, 0, &c->dim);
    }
}

/* Months under the plot: steps of whole quarters or years once there are many. */
static void
draw_cost_months (Chart          *c,
                  const CostPlot *p)
{
  static const guint steps[] = { 1, 2, 3, 6, 12, 24, 36, 60, 120, 240, 600 };
  g_autofree char *widest = months_text (p->months);
  double s = c->s;
  double need = text_width (c, widest, SMALL_SIZE) + 12 * s;
  double xstep = steps[G_N_ELEMENTS (steps) - 1];

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (p->pw * steps[i] / p->months >= need)
      {
        xstep = steps[i];
        break;
      }
  for (double m = 0; m <= p->months; m += xstep)
    {
      g_autofree char *tick = NULL;
      double x = cost_x (p, m);

      /* The last tick carries the unit; the others are plain numbers. */
      if (m + xstep > p->months)
        tick = months_text ((guint) m);
      else
        tick = g_strdup_printf ("%u", (guint) m);
      cairo_move_to (c->cr, x, p->py + p->ph);
      cairo_rel_line_to (c->cr, 0, 3 * s);
      set_colour (c, &c->dim, 1.0);
      cairo_stroke (c->cr);
      draw_text (c, tick, SMALL_SIZE, x, p->py + p->ph + 4 * s, 0.5, 0, &c->dim);
    }
}

/* The lines, both straight as money grows by the same amount each month, and the break-even
 * mark dashed across the plot. */
static void
draw_cost_lines (Chart             *c,
                 const CostPlot    *p,
                 const CostFigures *f,
                 const Segment2    *lines)
{
  cairo_t *cr = c->cr;
  double s = c->s;

  cairo_set_line_width (cr, 2.5 * s);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < (f->renting ? 2u : 1u); i++)
    {
      cairo_move_to (cr, lines[i].x0, lines[i].y0);
      cairo_line_to (cr, lines[i].x1, lines[i].y1);
      set_colour (c, i == 0 ? &blue : &orange, 1.0);
      cairo_stroke (cr);
    }
  if (f->show_be)
    {
      double be_x = cost_x (p, f->be);

      cairo_move_to (cr, be_x, p->py);
      cairo_line_to (cr, be_x, p->py + p->ph);
      cairo_set_line_width (cr, 1.5 * s);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      stroke_path (c, &c->fg, TRUE);
    }
}

void
rig_chart_cost (cairo_t             *cr,
                double               width,
                double               height,
                const RigReport     *report,
                double               cloud_per_hour,
                double               hours_per_day,
                guint                months,
                const RigChartStyle *style)
{
  CostFigures f;
  CostPlot p;
  g_autofree char *label = NULL;
  g_autoptr(PangoLayout) label_layout = NULL;
  double label_x = 0, label_y = 0;
  gboolean label_in_plot = FALSE;
  LegendItem legend[3];
  guint n_legend;
  Segment2 lines[3];
  guint n_lines;
  Chart c;

  chart_begin (&c, cr, style);
  if (report == NULL)
    {
      draw_message (&c, width, height, _("No costs"));
      chart_end (&c);
      return;
    }
  cost_figures (&report->cost, cloud_per_hour, hours_per_day, months, &f);
  p.lh = line_height (&c, FONT_SIZE);
  p.slh = line_height (&c, SMALL_SIZE);
  n_legend = cost_legend (&f, cloud_per_hour, hours_per_day, legend);
  label = cost_label (&f);

  /* Lay the plot out with the label inside it; where it finds no clear spot there, it goes to
   * the legend and the plot is laid out again. */
  for (guint pass = 0; pass < 2; pass++)
    {
      cost_layout (&c, width, height, &f, legend, n_legend, &p);
      n_lines = cost_lines (&p, &f, lines);
      if (label == NULL || pass == 1)
        break;
      label_in_plot = place_cost_label (&c, &p, &f, label, lines, n_lines, &label_layout,
                                        &label_x, &label_y);
      if (label_in_plot)
        break;
      legend[n_legend++] = (LegendItem) { NULL, 1.0, FALSE, g_markup_escape_text (label, -1) };
    }

  draw_cost_grid (&c, &p, &f);
  draw_cost_months (&c, &p);
  draw_cost_lines (&c, &p, &f, lines);
  if (label_in_plot)
    {
      cairo_move_to (cr, label_x, label_y);
      set_colour (&c, f.show_be ? &c.fg : &c.dim, 1.0);
      pango_cairo_show_layout (cr, label_layout);
    }

  draw_legend (&c, legend, n_legend, PAD * c.s, PAD * c.s, width - 2 * PAD * c.s, TRUE);
  legend_items_clear (legend, n_legend);
  chart_end (&c);
}

/* Any chart by kind ------------------------------------------------------------------------ */

int
rig_chart_kind_from_string (const char *text)
{
  static const char * const names[] = { "memory", "power", "pcie", "cost" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      return (int) i;
  return -1;
}

static guint
cost_months (const RigBuild *build)
{
  double years = build ? build->settings.tco_years : NAN;

  /* As the window shows it: the ownership period, at least a year. */
  return (guint) MAX (12, isfinite (years) ? ceil (years * 12) : 0);
}

void
rig_chart_draw (cairo_t             *cr,
                RigChartKind         kind,
                const RigBuild      *build,
                const RigReport     *report,
                guint                index,
                double               width,
                double               height,
                const RigChartStyle *style)
{
  switch (kind)
    {
    case RIG_CHART_MEMORY:
      rig_chart_memory (cr, width, height, report, index, style);
      break;
    case RIG_CHART_POWER:
      rig_chart_power (cr, width, height, report, style);
      break;
    case RIG_CHART_PCIE:
      rig_chart_pcie (cr, width, height, report, style);
      break;
    case RIG_CHART_COST:
    default:
      rig_chart_cost (cr, width, height, report, report->cost.cloud_per_hour,
                      build ? build->settings.hours_per_day : NAN,
                      cost_months (build), style);
      break;
    }
}
