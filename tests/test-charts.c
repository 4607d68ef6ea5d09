/* test-charts.c: the charts drawn from a real plan, checked by their pixels
 *
 * Plans two RTX 3090s running Llama 3.1 70B from the bundled catalog, draws each chart into an
 * image surface in the light and the dark style, and reads back what it drew. The PNGs go to a
 * temporary folder (printed with the test messages) for a person to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-catalog.h"
#include "rig-charts.h"
#include "rig-plan.h"
#include "rig-units.h"

#define WIDTH  600
#define HEIGHT 220

static RigCatalog *catalog;
static char *png_dir;

typedef struct
{
  guint8 r, g, b;
} Pixel;

/* The chart colours these tests look for (the GNOME palette) and the backgrounds they paint. */
static const Pixel light_bg = { 0xff, 0xff, 0xff };
static const Pixel dark_bg = { 0x24, 0x24, 0x24 };
static const Pixel blue = { 0x35, 0x84, 0xe4 };
static const Pixel green = { 0x33, 0xd1, 0x7a };
static const Pixel yellow = { 0xf6, 0xd3, 0x2d };
static const Pixel orange = { 0xff, 0x78, 0x00 };
static const Pixel red = { 0xe0, 0x1b, 0x24 };
static const Pixel purple = { 0x91, 0x41, 0xac };
static const Pixel grey = { 0x9a, 0x99, 0x96 };
static const Pixel brown = { 0x98, 0x6a, 0x44 };
static const Pixel light_track = { 0xde, 0xdd, 0xda };
static const Pixel light_grid = { 0xc0, 0xbf, 0xbc };
static const Pixel dark_track = { 0x3d, 0x38, 0x46 };

static const RigChartStyle light = { FALSE, 1.0, NULL };
static const RigChartStyle dark = { TRUE, 1.0, NULL };

static RigBuild *
make_build (double gpu_power_limit_pct,
            double cloud_per_hour)
{
  static const struct { const char *id; guint count; } parts[] = {
    { "nvidia-rtx-3090", 2 },
    { "amd-ryzen-9-7950x", 1 },
    { "asus-proart-x670e-creator-wifi", 1 },
    { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 },
    { "corsair-rm1000x", 1 },
    { "samsung-990-pro-2tb", 1 },
  };
  RigBuild *build = rig_build_new ("charts");
  RigWorkload *w = rig_workload_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    rig_build_add_part (build, parts[i].id, parts[i].count);
  w->model_id = g_strdup ("llama-3.1-70b");
  w->quant_id = g_strdup ("Q4_K_M");
  w->context = 8192;
  g_ptr_array_add (build->workloads, w);
  build->settings.gpu_power_limit_pct = gpu_power_limit_pct;
  build->settings.cloud_per_hour = cloud_per_hour;
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);
  return build;
}

static void
plan (double     gpu_power_limit_pct,
      double     cloud_per_hour,
      RigReport *report)
{
  g_autoptr(RigBuild) build = make_build (gpu_power_limit_pct, cloud_per_hour);

  rig_report_init (report);
  rig_plan_evaluate (build, report);
  g_assert_cmpuint (report->workloads->len, ==, 1);
}

static const Pixel *
background (const RigChartStyle *style)
{
  return style->dark ? &dark_bg : &light_bg;
}

static const Pixel *
track (const RigChartStyle *style)
{
  return style->dark ? &dark_track : &light_track;
}

/* A surface painted with the style's window background, and a context on it. */
static cairo_surface_t *
new_surface (const RigChartStyle *style,
             cairo_t            **cr)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  const Pixel *bg = background (style);

  *cr = cairo_create (surface);
  cairo_set_source_rgb (*cr, bg->r / 255.0, bg->g / 255.0, bg->b / 255.0);
  cairo_paint (*cr);
  return surface;
}

/* Finishes drawing, writes @name-light.png or @name-dark.png and says where. */
static void
finish (cairo_surface_t     *surface,
        cairo_t             *cr,
        const char          *name,
        const RigChartStyle *style)
{
  g_autofree char *file = g_strdup_printf ("%s-%s.png", name, style->dark ? "dark" : "light");
  g_autofree char *path = g_build_filename (png_dir, file, NULL);

  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("chart: %s", path);
}

static Pixel
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 v;

  g_assert_true (x >= 0 && x < WIDTH && y >= 0 && y < HEIGHT);
  memcpy (&v, data + y * stride + x * 4, sizeof v);
  return (Pixel) { v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff };
}

static gboolean
near (Pixel        p,
      const Pixel *colour,
      int          tolerance)
{
  return ABS (p.r - colour->r) <= tolerance && ABS (p.g - colour->g) <= tolerance &&
         ABS (p.b - colour->b) <= tolerance;
}

static guint
count_colour (cairo_surface_t *surface,
              const Pixel     *colour,
              int              tolerance)
{
  guint n = 0;

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      if (near (pixel_at (surface, x, y), colour, tolerance))
        n++;
  return n;
}

/* Pixels that are not the background: something was drawn. */
static guint
count_drawn (cairo_surface_t     *surface,
             const RigChartStyle *style)
{
  return WIDTH * HEIGHT - count_colour (surface, background (style), 2);
}

/* The longest horizontal run of @colour anywhere, its row and its ends. */
static int
longest_run (cairo_surface_t *surface,
             const Pixel     *colour,
             int             *row,
             int             *start)
{
  int best = 0;

  for (int y = 0; y < HEIGHT; y++)
    {
      int run = 0;

      for (int x = 0; x < WIDTH; x++)
        {
          run = near (pixel_at (surface, x, y), colour, 6) ? run + 1 : 0;
          if (run > best)
            {
              best = run;
              if (row)
                *row = y;
              if (start)
                *start = x - run + 1;
            }
        }
    }
  return best;
}

static gboolean
is_segment (Pixel p)
{
  const Pixel *colours[] = { &blue, &brown, &green, &yellow, &orange, &purple, &grey };

  for (guint i = 0; i < G_N_ELEMENTS (colours); i++)
    if (near (p, colours[i], 6))
      return TRUE;
  return FALSE;
}

/* Rows whose middle stretch is all bar (track or segment), grouped: how many bars are drawn. */
static guint
count_bars (cairo_surface_t     *surface,
            const RigChartStyle *style)
{
  guint bars = 0;
  gboolean in_bar = FALSE;

  for (int y = 0; y < HEIGHT; y++)
    {
      gboolean bar = TRUE;

      for (int x = WIDTH / 4; x < WIDTH / 2 && bar; x++)
        {
          Pixel p = pixel_at (surface, x, y);

          bar = is_segment (p) || near (p, track (style), 6);
        }
      if (bar && !in_bar)
        bars++;
      in_bar = bar;
    }
  return bars;
}

static gboolean
surfaces_differ (cairo_surface_t *a,
                 cairo_surface_t *b)
{
  return memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                 (size_t) cairo_image_surface_get_stride (a) * HEIGHT) != 0;
}

/* The longest run of @colour in the memory chart of @report's first workload, light style. */
static int
memory_run (RigReport   *report,
            const Pixel *colour)
{
  cairo_t *cr;
  cairo_surface_t *surface = new_surface (&light, &cr);
  int run;

  rig_chart_memory (cr, WIDTH, HEIGHT, report, 0, &light);
  cairo_destroy (cr);
  run = longest_run (surface, colour, NULL, NULL);
  cairo_surface_destroy (surface);
  return run;
}

static void
test_memory (void)
{
  RigReport report;
  const RigChartStyle *styles[] = { &light, &dark };

  plan (100, NAN, &report);

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      const RigChartStyle *style = styles[i];
      const RigWorkloadResult *result = &g_array_index (report.workloads, RigWorkloadResult, 0);
      double fraction = (double) result->used_bytes[0] / result->capacity_bytes[0];
      cairo_t *cr;
      cairo_surface_t *surface = new_surface (style, &cr);
      int row = -1, start = -1, filled = -1, end = -1, run;
      guint n_devices = 0;

      for (guint d = 0; d < result->n_devices; d++)
        if (result->capacity_bytes[d] > 0 || result->used_bytes[d] > 0)
          n_devices++;
      /* The GPUs hold it all, most of each; the host holds nothing but is there. */
      g_assert_cmpuint (result->fit, ==, RIG_FIT_GPU);
      g_assert_cmpuint (n_devices, ==, 3);
      g_assert_cmpfloat (fraction, >, 0.5);
      g_assert_cmpfloat (fraction, <, 0.97);

      rig_chart_memory (cr, WIDTH, HEIGHT, &report, 0, style);
      finish (surface, cr, "memory", style);
      g_assert_cmpuint (count_drawn (surface, style), >, WIDTH * HEIGHT / 20);
      g_assert_cmpuint (count_bars (surface, style), ==, n_devices);

      /* The first bar is the first GPU's: weights first, from the bar's left end. */
      run = longest_run (surface, &blue, &row, &start);
      g_assert_cmpint (run, >, WIDTH / 3);
      g_assert_cmpint (row, <, HEIGHT / 3);
      for (int x = start; x < WIDTH; x++)
        {
          Pixel p = pixel_at (surface, x, row);

          if (is_segment (p))
            filled = x;
          if (!near (p, background (style), 2))
            end = x;
        }
      g_assert_cmpint (end - start, >, WIDTH * 0.9);
      /* Filled as far as the used share of the capacity, the track after it. */
      g_assert_cmpfloat_with_epsilon ((double) (filled - start) / (end - start), fraction, 0.02);
      g_assert_true (near (pixel_at (surface, start + (end - start) / 10, row), &blue, 6));
      g_assert_true (near (pixel_at (surface, (filled + end) / 2, row), track (style), 6));
      /* The KV cache follows the weights. */
      g_assert_true (near (pixel_at (surface, start + run + 2, row), &green, 40));
      cairo_surface_destroy (surface);
    }

  /* A draft model for speculative decoding, which the breakdown counts among the weights: its
   * own colour right after the model's weights, and a swatch of it in the legend under the bars,
   * the weights' run shorter by its share. */
  {
    RigWorkloadResult *result = &g_array_index (report.workloads, RigWorkloadResult, 0);
    cairo_t *cr;
    cairo_surface_t *surface = new_surface (&light, &cr);
    int weights_run = 0, draft_run, plain_run, row = -1, start = -1;
    guint swatch = 0;

    plain_run = memory_run (&report, &blue);
    g_assert_cmpuint (result->memory.terms[RIG_MEMORY_DRAFT], ==, 0);
    result->memory.terms[RIG_MEMORY_DRAFT] = result->memory.weights_bytes / 4;
    rig_chart_memory (cr, WIDTH, HEIGHT, &report, 0, &light);
    finish (surface, cr, "memory-draft", &light);
    result->memory.terms[RIG_MEMORY_DRAFT] = 0;
    draft_run = longest_run (surface, &brown, &row, &start);
    /* Past the pixel the two colours share. */
    for (int x = start - 2; x >= 0 && near (pixel_at (surface, x, row), &blue, 6); x--)
      weights_run++;
    g_assert_cmpint (weights_run, >, WIDTH / 3);
    g_assert_cmpfloat_with_epsilon ((double) draft_run / (weights_run + draft_run), 0.25, 0.03);
    g_assert_cmpint (ABS (weights_run + draft_run - plain_run), <=, 6);
    g_assert_true (near (pixel_at (surface, start + draft_run + 1, row), &green, 40));
    for (int y = row + 20; y < HEIGHT; y++)
      for (int x = 0; x < WIDTH; x++)
        swatch += near (pixel_at (surface, x, y), &brown, 6);
    g_assert_cmpuint (swatch, >, 20);
    cairo_surface_destroy (surface);
  }

  /* A training run that keeps its optimizer in system memory: the host's bar is the optimizer's
   * colour, and the legend names it though the GPUs hold none. */
  {
    RigWorkloadResult *result = &g_array_index (report.workloads, RigWorkloadResult, 0);
    cairo_t *cr;
    cairo_surface_t *surface = new_surface (&light, &cr);
    int row = -1, start = -1, bottom;
    guint below = 0;

    g_assert_cmpuint (result->n_devices, ==, 3);
    result->memory.gradients_bytes = 1 * RIG_GIB;
    result->memory.optimizer_bytes = 0;
    result->used_bytes[2] = result->capacity_bytes[2] / 2;
    rig_chart_memory (cr, WIDTH, HEIGHT, &report, 0, &light);
    finish (surface, cr, "memory-host-optimizer", &light);
    g_assert_cmpint (longest_run (surface, &purple, &row, &start), >, WIDTH / 3);
    for (bottom = row; bottom < HEIGHT && near (pixel_at (surface, start + 5, bottom), &purple, 6); bottom++)
      ;
    for (int y = bottom; y < HEIGHT; y++)
      for (int x = 0; x < WIDTH; x++)
        if (near (pixel_at (surface, x, y), &purple, 6))
          below++;
    g_assert_cmpuint (below, >, 20);
    cairo_surface_destroy (surface);
  }

  /* Over capacity: hatched red past the marker. A device with neither capacity nor use: left out. */
  {
    RigWorkloadResult *result = &g_array_index (report.workloads, RigWorkloadResult, 0);
    cairo_t *cr;
    cairo_surface_t *surface = new_surface (&light, &cr);
    guint n_red;

    result->used_bytes[0] = result->capacity_bytes[0] * 13 / 10;
    result->used_bytes[2] = result->capacity_bytes[2] = 0;
    rig_chart_memory (cr, WIDTH, HEIGHT, &report, 0, &light);
    finish (surface, cr, "memory-over", &light);
    n_red = count_colour (surface, &red, 10);
    g_assert_cmpuint (n_red, >, 300);
    g_assert_cmpuint (count_bars (surface, &light), ==, 2);
    cairo_surface_destroy (surface);
  }

  /* No such workload: a message, not a crash. */
  {
    cairo_t *cr;
    cairo_surface_t *surface = new_surface (&light, &cr);

    rig_chart_memory (cr, WIDTH, HEIGHT, &report, 5, &light);
    finish (surface, cr, "memory-none", &light);
    g_assert_cmpuint (count_drawn (surface, &light), >, 100);
    g_assert_cmpuint (count_colour (surface, &blue, 6), ==, 0);
    cairo_surface_destroy (surface);
  }
  rig_report_clear (&report);
}

/* The sustained bar's colour as the chart should pick it. */
static const Pixel *
power_colour (const RigPowerReport *p)
{
  if (p->sustained_w > p->psu_w || p->wall_w > p->circuit_w)
    return &red;
  if (p->sustained_w > 0.8 * p->psu_w)
    return &yellow;
  return &blue;
}

static double
power_scale (const RigPowerReport *p)
{
  return MAX (MAX (p->circuit_w, p->peak_w), MAX (p->psu_w, p->wall_w)) * 1.1;
}

static void
test_power (void)
{
  RigReport full, limited;
  const RigChartStyle *styles[] = { &light, &dark };

  plan (100, NAN, &full);
  plan (60, NAN, &limited);
  g_assert_cmpfloat (limited.power.sustained_w, <, full.power.sustained_w);

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      const RigChartStyle *style = styles[i];
      cairo_t *cr_full, *cr_limited;
      cairo_surface_t *s_full = new_surface (style, &cr_full);
      cairo_surface_t *s_limited = new_surface (style, &cr_limited);
      int len_full, len_limited;
      double bar_w = WIDTH - 8;

      rig_chart_power (cr_full, WIDTH, HEIGHT, &full, style);
      rig_chart_power (cr_limited, WIDTH, HEIGHT, &limited, style);
      finish (s_full, cr_full, "power", style);
      finish (s_limited, cr_limited, "power-limited", style);

      g_assert_cmpuint (count_drawn (s_full, style), >, WIDTH * HEIGHT / 20);
      g_assert_true (surfaces_differ (s_full, s_limited));
      /* The sustained bar in the colour its load calls for, as long as its share of the scale. */
      len_full = longest_run (s_full, power_colour (&full.power), NULL, NULL);
      len_limited = longest_run (s_limited, power_colour (&limited.power), NULL, NULL);
      g_assert_cmpfloat_with_epsilon (len_full / bar_w, full.power.sustained_w / power_scale (&full.power),
                                      0.02);
      g_assert_cmpfloat_with_epsilon (len_limited / bar_w,
                                      limited.power.sustained_w / power_scale (&limited.power), 0.02);
      cairo_surface_destroy (s_full);
      cairo_surface_destroy (s_limited);
    }

  /* Over the PSU: the bar turns red. */
  {
    cairo_t *cr;
    cairo_surface_t *surface = new_surface (&light, &cr);

    full.power.psu_w = full.power.sustained_w * 0.9;
    rig_chart_power (cr, WIDTH, HEIGHT, &full, &light);
    finish (surface, cr, "power-over", &light);
    g_assert_cmpint (longest_run (surface, &red, NULL, NULL), >, WIDTH / 4);
    g_assert_cmpint (longest_run (surface, &blue, NULL, NULL), <, 20);
    cairo_surface_destroy (surface);
  }
  rig_report_clear (&full);
  rig_report_clear (&limited);
}

static void
test_pcie (void)
{
  RigReport report;
  const RigChartStyle *styles[] = { &light, &dark };

  plan (100, NAN, &report);
  g_assert_true (report.pcie.checked);

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      const RigChartStyle *style = styles[i];
      cairo_t *cr;
      cairo_surface_t *surface = new_surface (style, &cr);
      guint n_blue;

      rig_chart_pcie (cr, WIDTH, HEIGHT, &report, style);
      finish (surface, cr, "pcie", style);
      g_assert_cmpuint (count_drawn (surface, style), >, WIDTH * HEIGHT / 20);
      /* Both GPUs and the SSD take CPU lanes: blocks in the CPU's colour (drawn at 85 %). */
      n_blue = 0;
      for (int y = 0; y < HEIGHT; y++)
        for (int x = 0; x < WIDTH; x++)
          {
            Pixel p = pixel_at (surface, x, y);

            if (p.b > p.r + 60 && p.b > p.g + 30)
              n_blue++;
          }
      g_assert_cmpuint (n_blue, >, 4000);
      cairo_surface_destroy (surface);
    }

  /* No board: a message and no slots. */
  {
    cairo_t *cr;
    cairo_surface_t *surface = new_surface (&light, &cr);

    report.pcie.checked = FALSE;
    rig_chart_pcie (cr, WIDTH, HEIGHT, &report, &light);
    finish (surface, cr, "pcie-none", &light);
    g_assert_cmpuint (count_drawn (surface, &light), >, 100);
    g_assert_cmpuint (count_drawn (surface, &light), <, WIDTH * HEIGHT / 50);
    /* (Antialiased text may hit the slots' colour in a few pixels; the slots would be thousands.) */
    g_assert_cmpuint (count_colour (surface, &light_grid, 6), <, 200);
    cairo_surface_destroy (surface);
  }
  rig_report_clear (&report);
}

static void
test_cost (void)
{
  RigReport report;
  const RigChartStyle *styles[] = { &light, &dark };

  plan (100, 2.0, &report);
  g_assert_true (isfinite (report.cost.breakeven_months));
  g_assert_cmpfloat (report.cost.total_minor, >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      const RigChartStyle *style = styles[i];
      cairo_t *cr_rate, *cr_none;
      cairo_surface_t *s_rate = new_surface (style, &cr_rate);
      cairo_surface_t *s_none = new_surface (style, &cr_none);

      rig_chart_cost (cr_rate, WIDTH, HEIGHT, &report, 2.0, 8, 36, style);
      rig_chart_cost (cr_none, WIDTH, HEIGHT, &report, NAN, 8, 36, style);
      finish (s_rate, cr_rate, "cost", style);
      finish (s_none, cr_none, "cost-no-rate", style);

      g_assert_cmpuint (count_drawn (s_rate, style), >, WIDTH * HEIGHT / 30);
      g_assert_true (surfaces_differ (s_rate, s_none));
      /* Owning in both; renting only with a rate. */
      g_assert_cmpuint (count_colour (s_rate, &blue, 10), >, 300);
      g_assert_cmpuint (count_colour (s_none, &blue, 10), >, 300);
      g_assert_cmpuint (count_colour (s_rate, &orange, 10), >, 300);
      g_assert_cmpuint (count_colour (s_none, &orange, 10), ==, 0);
      cairo_surface_destroy (s_rate);
      cairo_surface_destroy (s_none);
    }
  rig_report_clear (&report);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  catalog = rig_catalog_new (g_getenv ("RIGPLAN_CATALOG"), &error);
  g_assert_no_error (error);
  png_dir = g_dir_make_tmp ("rigplan-charts-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/charts/memory", test_memory);
  g_test_add_func ("/charts/power", test_power);
  g_test_add_func ("/charts/pcie", test_pcie);
  g_test_add_func ("/charts/cost", test_cost);

  status = g_test_run ();
  g_test_message ("charts written to %s", png_dir);
  g_free (png_dir);
  g_clear_object (&catalog);
  return status;
}
