/* rig-report-pdf.c: a planned build as a printable PDF report, and a comparison as a PDF table
 *
 * The document is laid out twice: once onto a PDF surface that discards its output, to count the
 * pages, and once for real, so that each footer can say "Page N of M". Both passes use the same
 * kind of surface, so pango measures the text the same way and the page breaks fall alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "rig-charts.h"
#include "rig-report-pdf.h"
#include "rig-format.h"
#include "rig-safe-write.h"
#include "rig-speed.h"
#include "rig-units.h"

G_DEFINE_QUARK (rig-report-pdf-error-quark, rig_report_pdf_error)

/* Lengths in PDF points (1/72 in). */
#define MM           (72.0 / 25.4)
#define MARGIN       (18 * MM)
#define TITLE_SIZE   20.0
#define H2_SIZE      13.0
#define H3_SIZE      10.5
#define BODY_SIZE     9.0
#define SMALL_SIZE    7.5
#define CELL_PAD      3.0
#define SECTION_GAP  14.0
#define BLOCK_GAP     8.0
/* The parts table has six; a comparison a label and up to RIG_COMPARE_MAX builds. */
#define MAX_COLUMNS   MAX (6, RIG_COMPARE_MAX + 1)
/* The charts are drawn for screens at 12 px text; on paper that reads best a little smaller. */
#define CHART_SCALE   0.75

/* The GNOME palette, dark enough to read on white paper. */
#define FG        "#241f31"
#define DIM       "#5e5c64"
#define ERROR_FG  "#c01c28"
#define WARN_FG   "#9c6e03"
#define NOTE_FG   "#1a5fb4"

typedef struct
{
  double r, g, b;
} Rgb;

static const Rgb fg_rgb = { 0x24 / 255.0, 0x1f / 255.0, 0x31 / 255.0 };
static const Rgb dim_rgb = { 0x5e / 255.0, 0x5c / 255.0, 0x64 / 255.0 };
static const Rgb rule_rgb = { 0xde / 255.0, 0xdd / 255.0, 0xda / 255.0 };
static const Rgb shade_rgb = { 0xf6 / 255.0, 0xf5 / 255.0, 0xf4 / 255.0 };
static const Rgb accent_rgb = { 0x1c / 255.0, 0x71 / 255.0, 0xd8 / 255.0 };

int
rig_paper_from_string (const char *text)
{
  if (g_strcmp0 (text, "a4") == 0)
    return RIG_PAPER_A4;
  if (g_strcmp0 (text, "letter") == 0)
    return RIG_PAPER_LETTER;
  return -1;
}

static void
paper_size (RigPaper  paper,
            double   *width,
            double   *height)
{
  if (paper == RIG_PAPER_LETTER)
    {
      /* 8.5 × 11 in */
      *width = 612;
      *height = 792;
    }
  else
    {
      /* ISO 216: 210 × 297 mm */
      *width = 210 * MM;
      *height = 297 * MM;
    }
}

/* Write errors come back through the sink, with their errno; any other failure is said here. */
gboolean
rig_report_pdf_check_cairo (cairo_status_t   status,
                            GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS || status == CAIRO_STATUS_WRITE_ERROR)
    return TRUE;    /* write errors come back through the sink, with their errno */
  g_set_error (error, RIG_REPORT_PDF_ERROR, RIG_REPORT_PDF_ERROR_DRAW,
               _("Drawing failed: %s"), cairo_status_to_string (status));
  return FALSE;
}

/* Formatting ---------------------------------------------------------------------------- */

static char *
esc (const char *text)
{
  return g_markup_escape_text (text ? text : "", -1);
}

static char *
format_money_whole (double      amount,
                    const char *currency)
{
  if (isnan (amount))
    return g_strdup (_("not known"));
  return rig_money_format (amount, currency, RIG_MONEY_WHOLE);
}

static char *
format_watts (double watts)
{
  if (isnan (watts))
    return g_strdup (_("not known"));
  return g_strdup_printf (_("%'.0f W"), watts);
}

static char *
format_gib (double bytes)
{
  return g_strdup_printf (_("%.1f GiB"), bytes / RIG_GIB);
}

static char *
format_date (GDateTime *now)
{
  g_autoptr(GDateTime) local = now ? g_date_time_ref (now) : g_date_time_new_now_local ();

  /* ISO 8601 reads the same in every country the report is sent to. */
  return g_date_time_format (local, "%Y-%m-%d");
}

static const char *
area_label (RigArea area)
{
  static const char * const labels[] = {
    N_("Memory"), N_("Speed"), N_("Power"), N_("PCIe"), N_("Thermals"), N_("Compatibility"),
    N_("Cost"), N_("Upgrades"),
  };

  return (guint) area < G_N_ELEMENTS (labels) ? _(labels[area]) : "";
}

/* The document ----------------------------------------------------------------------------- */

typedef struct
{
  cairo_surface_t *surface;
  cairo_t         *cr;
  gboolean         dry_run;     /* counting pages: no outline entries */
  double           page_w, page_h;
  double           x, w;        /* the content's left edge and width */
  double           top, bottom; /* the content's top, and its bottom above the footer */
  double           y;           /* where the next block goes */
  guint            page;        /* the current page, from 1 */
  guint            n_pages;     /* from the dry run; 0 during it */
  const char      *footer;      /* plain text at the footer's left */
} Doc;

static PangoLayout *
doc_layout (Doc        *d,
            const char *markup,
            double      size,
            double      width,
            double      align)
{
  PangoLayout *layout = pango_cairo_create_layout (d->cr);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, "Sans");
  /* Absolute: points on the page whatever the context's resolution. */
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_markup (layout, markup, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_alignment (layout, align >= 0.75 ? PANGO_ALIGN_RIGHT
                                          : align >= 0.25 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
    }
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

static double
markup_height (Doc        *d,
               const char *markup,
               double      size,
               double      width)
{
  g_autoptr(PangoLayout) layout = doc_layout (d, markup, size, width, 0);

  return layout_height (layout);
}

static void
set_rgb (cairo_t   *cr,
         const Rgb *colour)
{
  cairo_set_source_rgb (cr, colour->r, colour->g, colour->b);
}

/* Draws @markup wrapped to @width with its top-left at (@x, @y); returns its height. */
static double
draw_markup (Doc        *d,
             const char *markup,
             double      size,
             double      x,
             double      y,
             double      width,
             double      align,
             const Rgb  *colour)
{
  g_autoptr(PangoLayout) layout = doc_layout (d, markup, size, width, align);

  cairo_move_to (d->cr, x, y);
  set_rgb (d->cr, colour);
  pango_cairo_show_layout (d->cr, layout);
  return layout_height (layout);
}

static void
doc_footer (Doc *d)
{
  g_autofree char *page = d->n_pages > 0 ? g_strdup_printf (_("Page %u of %u"), d->page, d->n_pages)
                                         : g_strdup_printf (_("Page %u of %u"), d->page, d->page);
  g_autofree char *page_markup = esc (page);
  g_autofree char *left = esc (d->footer);
  g_autoptr(PangoLayout) right = doc_layout (d, page_markup, SMALL_SIZE, 0, 0);
  double rw = layout_width (right), rh = layout_height (right);
  double y = d->page_h - MARGIN - rh;

  cairo_move_to (d->cr, d->x, y - 4);
  cairo_rel_line_to (d->cr, d->w, 0);
  cairo_set_line_width (d->cr, 0.5);
  set_rgb (d->cr, &rule_rgb);
  cairo_stroke (d->cr);

  cairo_move_to (d->cr, d->x + d->w - rw, y);
  set_rgb (d->cr, &dim_rgb);
  pango_cairo_show_layout (d->cr, right);
  {
    g_autoptr(PangoLayout) name = doc_layout (d, left, SMALL_SIZE, d->w - rw - 24, 0);

    pango_layout_set_ellipsize (name, PANGO_ELLIPSIZE_END);
    cairo_move_to (d->cr, d->x, y);
    pango_cairo_show_layout (d->cr, name);
  }
}

static void
doc_begin (Doc        *d,
           cairo_surface_t *surface,
           double      page_w,
           double      page_h,
           guint       n_pages,
           const char *footer)
{
  d->surface = surface;
  d->cr = cairo_create (surface);
  d->dry_run = n_pages == 0;
  d->page_w = page_w;
  d->page_h = page_h;
  d->x = MARGIN;
  d->w = page_w - 2 * MARGIN;
  d->top = MARGIN;
  d->n_pages = n_pages;
  d->footer = footer;
  d->page = 1;
  d->y = d->top;
  /* The footer takes a line of small text and its rule from the bottom of the content. */
  d->bottom = page_h - MARGIN - markup_height (d, "Ag", SMALL_SIZE, 0) - 12;
}

static void
doc_new_page (Doc *d)
{
  doc_footer (d);
  cairo_show_page (d->cr);
  d->page++;
  d->y = d->top;
}

/* Returns the number of pages. */
static guint
doc_end (Doc *d)
{
  guint pages = d->page;

  doc_footer (d);
  cairo_show_page (d->cr);
  cairo_destroy (d->cr);
  d->cr = NULL;
  return pages;
}

/* Starts a new page unless @height fits below what is there (or the page is still empty). */
static void
doc_ensure (Doc    *d,
            double  height)
{
  if (d->y + height > d->bottom && d->y > d->top)
    doc_new_page (d);
}

/* A section heading, kept on one page with the first @keep points of what follows. */
static void
doc_heading (Doc        *d,
             const char *title,
             double      keep)
{
  g_autofree char *escaped = esc (title);
  g_autofree char *markup = g_strdup_printf ("<b>%s</b>", escaped);
  double h = markup_height (d, markup, H2_SIZE, d->w);

  if (d->y > d->top)
    {
      doc_ensure (d, SECTION_GAP + h + 4 + keep);
      if (d->y > d->top)
        d->y += SECTION_GAP;
    }
  if (!d->dry_run)
    {
      char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *attributes = NULL;

      /* A bookmark in the viewer's outline; the numbers in C syntax whatever the locale. */
      g_ascii_formatd (x, sizeof x, "%.1f", d->x);
      g_ascii_formatd (y, sizeof y, "%.1f", d->y);
      attributes = g_strdup_printf ("page=%u pos=[%s %s]", d->page, x, y);
      cairo_pdf_surface_add_outline (d->surface, CAIRO_PDF_OUTLINE_ROOT, title, attributes, 0);
    }
  h = draw_markup (d, markup, H2_SIZE, d->x, d->y, d->w, 0, &fg_rgb);
  d->y += h + 1;
  cairo_move_to (d->cr, d->x, d->y + 0.5);
  cairo_rel_line_to (d->cr, d->w, 0);
  cairo_set_line_width (d->cr, 1);
  set_rgb (d->cr, &accent_rgb);
  cairo_stroke (d->cr);
  d->y += 5;
}

/* A smaller heading inside a section (one per workload). */
static void
doc_subheading (Doc        *d,
                const char *markup,
                double      keep)
{
  double h = markup_height (d, markup, H3_SIZE, d->w);

  if (d->y > d->top)
    {
      doc_ensure (d, BLOCK_GAP + h + keep);
      if (d->y > d->top)
        d->y += BLOCK_GAP;
    }
  d->y += draw_markup (d, markup, H3_SIZE, d->x, d->y, d->w, 0, &fg_rgb) + 2;
}

static void
doc_paragraph (Doc        *d,
               const char *markup,
               double      size,
               const Rgb  *colour)
{
  double h = markup_height (d, markup, size, d->w);

  doc_ensure (d, h);
  d->y += draw_markup (d, markup, size, d->x, d->y, d->w, 0, colour) + 3;
}

/* Tables ------------------------------------------------------------------------------------ */

typedef struct
{
  const char *title;    /* markup; NULL in a table without a header */
  double      share;    /* of the content width */
  double      align;    /* 0 left, 1 right */
} Column;

typedef struct
{
  Doc    *d;
  Column  columns[MAX_COLUMNS];
  double  widths[MAX_COLUMNS];
  guint   n;
  gboolean header;
} Table;

static double
table_cells_height (Table              *t,
                    const char * const *cells,
                    double              size)
{
  double h = 0;

  for (guint i = 0; i < t->n; i++)
    if (cells[i] && cells[i][0])
      h = MAX (h, markup_height (t->d, cells[i], size, t->widths[i] - 2 * CELL_PAD));
  return h + 2 * CELL_PAD;
}

static void
table_draw_cells (Table              *t,
                  const char * const *cells,
                  double              size,
                  double              height,
                  const Rgb          *fill,
                  const Rgb          *colour)
{
  Doc *d = t->d;
  double x = d->x;

  if (fill)
    {
      cairo_rectangle (d->cr, d->x, d->y, d->w, height);
      set_rgb (d->cr, fill);
      cairo_fill (d->cr);
    }
  for (guint i = 0; i < t->n; i++)
    {
      if (cells[i] && cells[i][0])
        draw_markup (d, cells[i], size, x + CELL_PAD, d->y + CELL_PAD, t->widths[i] - 2 * CELL_PAD,
                     t->columns[i].align, colour);
      x += t->widths[i];
    }
  cairo_move_to (d->cr, d->x, d->y + height - 0.25);
  cairo_rel_line_to (d->cr, d->w, 0);
  cairo_set_line_width (d->cr, 0.5);
  set_rgb (d->cr, &rule_rgb);
  cairo_stroke (d->cr);
  d->y += height;
}

static double
table_header_height (Table *t)
{
  const char *cells[MAX_COLUMNS];

  if (!t->header)
    return 0;
  for (guint i = 0; i < t->n; i++)
    cells[i] = t->columns[i].title;
  return table_cells_height (t, cells, SMALL_SIZE);
}

static void
table_draw_header (Table *t)
{
  const char *cells[MAX_COLUMNS];

  if (!t->header)
    return;
  for (guint i = 0; i < t->n; i++)
    cells[i] = t->columns[i].title;
  table_draw_cells (t, cells, SMALL_SIZE, table_cells_height (t, cells, SMALL_SIZE), &shade_rgb, &dim_rgb);
}

/* Starts a table, with its header on the same page as @keep points of rows. */
static void
table_begin (Table        *t,
             Doc          *d,
             const Column *columns,
             guint         n,
             double        keep)
{
  double total = 0;

  g_assert (n <= MAX_COLUMNS);
  t->d = d;
  t->n = n;
  t->header = FALSE;
  for (guint i = 0; i < n; i++)
    {
      t->columns[i] = columns[i];
      total += columns[i].share;
      t->header |= columns[i].title != NULL;
    }
  for (guint i = 0; i < n; i++)
    t->widths[i] = d->w * columns[i].share / total;
  doc_ensure (d, table_header_height (t) + keep);
  table_draw_header (t);
}

/* A row of markup cells; on a new page, under the header again, when it does not fit. */
static void
table_row (Table              *t,
           const char * const *cells,
           const Rgb          *fill)
{
  Doc *d = t->d;
  double h = table_cells_height (t, cells, BODY_SIZE);

  if (d->y + h > d->bottom && d->y > d->top)
    {
      doc_new_page (d);
      table_draw_header (t);
    }
  table_draw_cells (t, cells, BODY_SIZE, h, fill, &fg_rgb);
}

static void
table_end (Table *t)
{
  t->d->y += BLOCK_GAP;
}

/* Label and value pairs: the label on the left, the value in bold with its detail under it. */
static const Column figure_columns[] = {
  { NULL, 0.34, 0 },
  { NULL, 0.66, 0 },
};

static void
figure_row (Table      *t,
            const char *label,
            const char *value,
            const char *detail)
{
  g_autofree char *l = esc (label);
  g_autofree char *v = esc (value);
  g_autofree char *dt = detail ? esc (detail) : NULL;
  g_autofree char *cell = dt ? g_strdup_printf ("<b>%s</b>\n<span size=\"small\" foreground=\"" DIM "\">%s</span>",
                                                v, dt)
                             : g_strdup_printf ("<b>%s</b>", v);
  g_autofree char *label_cell = g_strdup_printf ("<span foreground=\"" DIM "\">%s</span>", l);
  const char *cells[] = { label_cell, cell };

  table_row (t, cells, NULL);
}

/* A serving workload's users and speeds, and how many keep the per-user speed, as the plan
 * text says them. */
static void
add_serving_rows (Table                   *t,
                  const RigWorkload       *w,
                  const RigWorkloadResult *r)
{
  g_autofree char *serving = rig_speed_serve_describe (w, r);
  g_autofree char *target = rig_speed_serve_target_describe (w, r);
  g_autofree char *users = NULL;

  if (serving == NULL)
    return;
  /* Translators: %u is how many users send requests at once */
  users = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u user at once", "%u users at once",
                                        w->concurrency), w->concurrency);
  figure_row (t, _("Serving"), users, serving);
  if (target != NULL)
    figure_row (t, _("Users at speed"), "", target);
}

/* Charts ------------------------------------------------------------------------------------- */

static void
doc_chart (Doc             *d,
           RigChartKind     kind,
           const RigBuild  *build,
           const RigReport *report,
           guint            index,
           double           height)
{
  const RigChartStyle style = { FALSE, CHART_SCALE, "Sans" };

  doc_ensure (d, height);
  cairo_save (d->cr);
  cairo_translate (d->cr, d->x, d->y);
  cairo_rectangle (d->cr, 0, 0, d->w, height);
  cairo_clip (d->cr);
  rig_chart_draw (d->cr, kind, build, report, index, d->w, height, &style);
  cairo_restore (d->cr);
  d->y += height + BLOCK_GAP;
}

/* The report's sections ------------------------------------------------------------------------ */

static void
report_title (Doc             *d,
              const RigBuild  *build,
              const RigReport *report,
              const char      *date)
{
  g_autofree char *name = esc (build->name && build->name[0] ? build->name : _("Untitled build"));
  g_autofree char *title = g_strdup_printf ("<b>%s</b>", name);
  g_autofree char *money = rig_money_format_minor (report->cost.total_minor, report->cost.currency,
                                                   RIG_MONEY_CENTS);
  g_autofree char *total = rig_total_with_unpriced (build, money, report->cost.unpriced);
  g_autofree char *planned = g_strdup_printf (_("Planned with Rigplan on %s"), date);
  guint errors = 0, warnings = 0, notes = 0, fits = 0;
  g_autofree char *summary = NULL;
  g_autofree char *summary_markup = NULL;
  g_autofree char *planned_markup = esc (planned);

  for (guint i = 0; i < report->findings->len; i++)
    {
      RigSeverity severity = g_array_index (report->findings, RigFinding, i).severity;

      errors += severity == RIG_SEVERITY_ERROR;
      warnings += severity == RIG_SEVERITY_WARNING;
      notes += severity == RIG_SEVERITY_INFO;
    }
  for (guint i = 0; i < report->workloads->len; i++)
    {
      RigFit fit = g_array_index (report->workloads, RigWorkloadResult, i).fit;

      fits += fit == RIG_FIT_GPU || fit == RIG_FIT_OFFLOAD || fit == RIG_FIT_CPU;
    }
  {
    g_autofree char *fit = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u workload fits",
                                                         "%u of %u workloads fit", report->workloads->len),
                                            fits, report->workloads->len);
    g_autofree char *e = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", errors), errors);
    g_autofree char *w = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", warnings),
                                          warnings);
    g_autofree char *n = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u note", "%u notes", notes), notes);

    /* TRANSLATORS: the total price · how many workloads fit · "2 errors, 1 warning, 3 notes" */
    summary = g_strdup_printf (_("%s · %s · %s, %s, %s"), total, fit, e, w, n);
  }
  summary_markup = esc (summary);

  d->y += draw_markup (d, title, TITLE_SIZE, d->x, d->y, d->w, 0, &fg_rgb) + 2;
  d->y += draw_markup (d, planned_markup, BODY_SIZE, d->x, d->y, d->w, 0, &dim_rgb) + 2;
  d->y += draw_markup (d, summary_markup, BODY_SIZE, d->x, d->y, d->w, 0, &fg_rgb);
}

static void
report_parts (Doc             *d,
              const RigBuild  *build,
              const RigReport *report)
{
  g_autofree char *kind_title = g_strdup_printf ("<b>%s</b>", _("Kind"));
  g_autofree char *part_title = g_strdup_printf ("<b>%s</b>", _("Part"));
  g_autofree char *count_title = g_strdup_printf ("<b>%s</b>", _("Count"));
  g_autofree char *condition_title = g_strdup_printf ("<b>%s</b>", _("Condition"));
  g_autofree char *unit_title = g_strdup_printf ("<b>%s</b>", _("Unit price"));
  g_autofree char *total_title = g_strdup_printf ("<b>%s</b>", _("Total"));
  const Column columns[] = {
    { kind_title, 0.16, 0 },
    { part_title, 0.36, 0 },
    { count_title, 0.08, 1 },
    { condition_title, 0.12, 0 },
    { unit_title, 0.14, 1 },
    { total_title, 0.14, 1 },
  };
  const char *currency = report->cost.currency[0] ? report->cost.currency : build->settings.currency;
  Table t;

  doc_heading (d, _("Parts"), 40);
  if (build->items->len == 0)
    {
      doc_paragraph (d, _("The build has no parts."), BODY_SIZE, &dim_rgb);
      return;
    }
  table_begin (&t, d, columns, G_N_ELEMENTS (columns), 20);
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);
      const RigPart *part = item->part;
      g_autofree char *kind = esc (part ? rig_part_kind_label (part->kind) : "");
      g_autofree char *name = esc (part ? part->name : item->part_id);
      g_autofree char *count = g_strdup_printf ("%u", item->count);
      g_autofree char *condition = esc (item->condition == RIG_CONDITION_USED ? _("Used") : _("New"));
      g_autofree char *unit = NULL;
      g_autofree char *total = NULL;
      gint64 minor;
      RigPriceState state = rig_build_item_price (build, item, &minor);

      if (state == RIG_PRICE_KNOWN)
        {
          unit = rig_money_format_minor (minor, currency, RIG_MONEY_CENTS);
          total = rig_money_format (rig_money_to_major (minor) * item->count, currency, RIG_MONEY_CENTS);
        }
      else
        {
          unit = g_strdup_printf ("<span foreground=\"" DIM "\">%s</span>",
                                  rig_price_state_label (state));
          total = g_strdup ("—");
        }
      {
        const char *cells[] = { kind, name, count, condition, unit, total };

        table_row (&t, cells, NULL);
      }
    }
  {
    g_autofree char *total = rig_money_format_minor (report->cost.total_minor, currency,
                                                     RIG_MONEY_CENTS);
    g_autofree char *label = g_strdup_printf ("<b>%s</b>", _("Total"));
    g_autofree char *total_markup = g_strdup_printf ("<b>%s</b>", total);
    g_autofree char *unpriced = rig_total_note (build, report->cost.unpriced);
    g_autofree char *unpriced_markup = unpriced ? esc (unpriced) : NULL;
    g_autofree char *note = unpriced == NULL ? g_strdup ("")
      : g_strdup_printf ("<span foreground=\"" DIM "\">%s</span>", unpriced_markup);
    const char *cells[] = { label, note, "", "", "", total_markup };

    table_row (&t, cells, &shade_rgb);
  }
  table_end (&t);
}

static guint
memory_chart_devices (const RigWorkloadResult *result)
{
  guint n = 0;

  /* As rig_chart_memory counts them. */
  for (guint d = 0; d < MIN (result->n_devices, RIG_MAX_DEVICES); d++)
    n += result->capacity_bytes[d] > 0 || result->used_bytes[d] > 0;
  return n;
}

/* As tall as the window draws it: a row per device and the legend. */
static double
memory_chart_height (guint n_devices)
{
  return (36 + 44 * n_devices) * CHART_SCALE;
}

/* Speculative decoding's row: the speed-up over the plain decode speed, and how. */
static void
report_speculative (Table                   *t,
                    const RigWorkload       *w,
                    const RigWorkloadResult *r)
{
  g_autofree char *detail = rig_speed_describe_speculative (w, r);
  g_autofree char *value = NULL;

  if (detail == NULL)
    return;
  value = rig_speed_speculative_value (w, r);
  figure_row (t, _("Speculative"), value, detail);
}

static void
report_workload (Doc             *d,
                 const RigBuild  *build,
                 const RigReport *report,
                 guint            i)
{
  const RigWorkload *w = g_ptr_array_index (build->workloads, i);
  const RigWorkloadResult *r = &g_array_index (report->workloads, RigWorkloadResult, i);
  g_autofree char *model = esc (w->model ? w->model->name : w->model_id);
  g_autofree char *quant = esc (w->quant_id ? w->quant_id : _("16-bit"));
  g_autofree char *context = g_strdup_printf ("%'u", w->context);
  g_autofree char *detail = g_strdup_printf (_("%s, %s tokens of context, batch %u, %s"),
                                             rig_workload_mode_to_string (w->mode), context, w->batch,
                                             rig_runtime_to_string (r->runtime));
  g_autofree char *detail_markup = esc (detail);
  g_autofree char *heading = g_strdup_printf ("<b>%s · %s</b>  <span size=\"small\" foreground=\"" DIM "\">%s</span>",
                                              model, quant, detail_markup);
  g_autoptr(GString) breakdown = g_string_new (NULL);
  guint n_devices = memory_chart_devices (r);
  Table t;

  /* The figures and the chart on one page when they fit there: about 28 points a figure. */
  doc_subheading (d, heading, 5 * 28 + (n_devices > 0 ? memory_chart_height (n_devices) : 0));
  table_begin (&t, d, figure_columns, G_N_ELEMENTS (figure_columns), 30);
  figure_row (&t, _("Fit"), rig_fit_title (r->fit), r->reason);
  for (guint k = 0; k < RIG_MEMORY_TERM_N; k++)
    if (r->memory.terms[k] >= RIG_MEMORY_TERM_MIN_SHOWN)
      {
        g_autofree char *gib = format_gib (r->memory.terms[k]);

        g_string_append_printf (breakdown, "%s%s %s", breakdown->len ? ", " : "",
                                rig_memory_term_describe (k), gib);
      }
  {
    g_autofree char *total = format_gib (r->memory.total_bytes);
    g_autofree char *beyond = rig_memory_describe_beyond_file (w, r);

    if (beyond != NULL)
      g_string_append_printf (breakdown, "; %s", beyond);
    figure_row (&t, _("Memory"), total, breakdown->str);
  }
  if (isfinite (r->kv_pool_tokens))
    {
      /* Translators: %'.0f is a number of tokens, with the locale's digit grouping */
      g_autofree char *tokens = g_strdup_printf (_("%'.0f tokens"), r->kv_pool_tokens);
      /* Translators: %.1f is how many sequences run at once, %u their length in tokens
       * (vLLM's max_model_len) */
      g_autofree char *sequences = g_strdup_printf (_("vLLM's KV cache: %.1f sequences of %u tokens at once"),
                                                    r->concurrent_sequences,
                                                    w->max_model_len ? w->max_model_len : w->context);

      figure_row (&t, _("KV pool"), tokens, sequences);
    }
  if (r->n_suggestions > 0)
    {
      g_autoptr(GString) fixes = g_string_new (NULL);

      for (guint k = 0; k < r->n_suggestions; k++)
        {
          g_autofree char *fix = rig_suggestion_describe (&r->suggestions[k]);
          g_string_append_printf (fixes, "%s%s", k ? "; " : "", fix);
        }
      figure_row (&t, _("Nearest fix"), fixes->str, NULL);
    }
  if (w->mode == RIG_MODE_INFERENCE)
    {
      g_autofree char *decode = isfinite (r->decode_tokens_per_s)
                                  ? g_strdup_printf (_("%.1f tokens/s"), r->decode_tokens_per_s)
                                  : g_strdup (_("not worked out"));
      g_autofree char *prefill = isfinite (r->prefill_tokens_per_s)
                                   ? g_strdup_printf (_("%'.0f tokens/s"), r->prefill_tokens_per_s)
                                   : g_strdup (_("not worked out"));
      const char *decode_bound = rig_speed_bound_describe (r->decode_bound, FALSE);
      const char *prefill_bound = rig_speed_bound_describe (r->prefill_bound, FALSE);
      g_autofree char *decode_detail = decode_bound != NULL
        /* Translators: %s is a number of tokens, the second %s what bounds the speed */
        ? g_strdup_printf (_("generating, at %s tokens of context; bound by %s"), context, decode_bound)
        : g_strdup_printf (_("generating, at %s tokens of context"), context);
      g_autofree char *prefill_detail = prefill_bound != NULL
        /* Translators: %s is what bounds the speed (“compute”) */
        ? g_strdup_printf (_("reading the prompt; bound by %s"), prefill_bound)
        : g_strdup (_("reading the prompt"));

      figure_row (&t, _("Decode"), decode, decode_detail);
      report_speculative (&t, w, r);
      figure_row (&t, _("Prefill"), prefill, prefill_detail);
      if (isfinite (r->prefill_tokens_per_s_measured[0]))
        {
          /* Translators: each %'.0f is prompt tokens processed a second */
          g_autofree char *measured = g_strdup_printf (_("about %'.0f–%'.0f tokens/s"),
                                                       r->prefill_tokens_per_s_measured[0],
                                                       r->prefill_tokens_per_s_measured[1]);

          figure_row (&t, _("Prefill, as measured"), measured,
                      _("where runs measured on NVIDIA's GeForce, workstation and V100 cards put it"));
        }
      add_serving_rows (&t, w, r);
    }
  else
    {
      g_autofree char *train = isfinite (r->train_tokens_per_s)
                                 ? g_strdup_printf (_("about %'.0f tokens/s"), r->train_tokens_per_s)
                                 : g_strdup (_("not worked out"));
      const char *train_bound = rig_speed_bound_describe (r->train_bound, r->cpu_optimizer_params > 0);
      /* Translators: %s is what bounds the speed (“the CPU's optimizer step”) */
      g_autofree char *train_detail = train_bound != NULL ? g_strdup_printf (_("bound by %s"), train_bound) : NULL;

      figure_row (&t, _("Training"), train, train_detail);
    }
  {
    g_autofree char *load = isfinite (r->load_seconds) ? g_strdup_printf (_("%.1f s"), r->load_seconds)
                                                       : g_strdup (_("not worked out"));

    figure_row (&t, _("Load time"), load,
                isfinite (r->load_seconds) ? _("from the fastest drive")
                                           : _("needs a drive with a known read speed"));
  }
  table_end (&t);

  if (n_devices > 0)
    doc_chart (d, RIG_CHART_MEMORY, build, report, i, memory_chart_height (n_devices));
}

static void
report_workloads (Doc             *d,
                  const RigBuild  *build,
                  const RigReport *report)
{
  guint n = MIN (build->workloads->len, report->workloads->len);

  doc_heading (d, _("Workloads"), 60);
  if (n == 0)
    doc_paragraph (d, _("No workloads: add what you want to run to see whether it fits."), BODY_SIZE,
                   &dim_rgb);
  for (guint i = 0; i < n; i++)
    report_workload (d, build, report, i);
}

static void
report_power (Doc             *d,
              const RigBuild  *build,
              const RigReport *report)
{
  const RigPowerReport *p = &report->power;
  g_autofree char *sustained = format_watts (p->sustained_w);
  g_autofree char *gpu = format_watts (p->gpu_w);
  g_autofree char *cpu = format_watts (p->cpu_w);
  g_autofree char *rest = format_watts (p->rest_w);
  g_autofree char *peak = format_watts (p->peak_w);
  /* A prebuilt has no parts to add up: its maker's figure, where one is published. */
  g_autofree char *sustained_detail =
    isnan (p->sustained_w) ? g_strdup (_("the system's maximum power is not published"))
    : p->prebuilt          ? g_strdup (_("the maker's published maximum for the whole system"))
                           : g_strdup_printf (_("DC: GPUs %s, CPU %s, the rest %s; spikes to about %s"),
                                              gpu, cpu, rest, peak);
  g_autofree char *wall = format_watts (p->wall_w);
  g_autofree char *circuit = format_watts (p->circuit_w);
  g_autofree char *wall_value = g_strdup_printf (_("%s of %s"), wall, circuit);
  g_autofree char *circuit_detail = g_strdup_printf (_("against the continuous limit of the %s circuit"),
                                                     rig_circuit_label (build->settings.circuit));
  Table t;

  doc_heading (d, _("Power"), 100 * CHART_SCALE + 40);
  doc_chart (d, RIG_CHART_POWER, build, report, 0, 100 * CHART_SCALE);
  table_begin (&t, d, figure_columns, G_N_ELEMENTS (figure_columns), 30);
  figure_row (&t, _("Sustained load"), sustained, sustained_detail);
  if (isfinite (p->psu_w))
    {
      g_autofree char *psu = format_watts (p->psu_w);
      g_autofree char *load = g_strdup_printf (_("%.0f %% of %s"), p->load * 100, psu);
      g_autofree char *efficiency = g_strdup_printf (_("%.0f %% efficient at this load"), p->efficiency * 100);

      figure_row (&t, _("Power supply"), load, efficiency);
    }
  else if (!p->prebuilt)   /* a prebuilt has its own, in the maker's figure */
    figure_row (&t, _("Power supply"), _("none in the build"), _("the wall draw assumes 90 % efficiency"));
  if (!isnan (p->wall_w))
    figure_row (&t, _("Wall draw"), wall_value, circuit_detail);
  if (p->running_wall_w < p->wall_w)
    {
      g_autofree char *running = g_strdup_printf (_("%.0f W at the wall"), p->running_wall_w);
      g_autofree char *gpus = g_strdup_printf (_("GPUs about %.0f W; what electricity and room heat use"),
                                               p->running_gpu_w);

      figure_row (&t, _("While it runs"), running, gpus);
    }
  if (isfinite (p->suggested_limit_pct))
    {
      g_autofree char *limit = g_strdup_printf (_("%.0f %% of board power"), p->suggested_limit_pct);
      g_autofree char *perf = g_strdup_printf (_("keeps about %.0f %% of the performance"),
                                               p->suggested_perf * 100);

      figure_row (&t, _("GPU power limit that fits"), limit, perf);
    }
  table_end (&t);
}

static void
report_pcie (Doc             *d,
             const RigBuild  *build,
             const RigReport *report)
{
  const RigPcieReport *pcie = &report->pcie;
  guint positions = 7, listed = 0;
  double height;
  Table t;

  /* A prebuilt's slots are its maker's, as the window leaves them out. */
  if (!pcie->checked && report->power.prebuilt)
    return;
  if (!pcie->checked)
    {
      doc_heading (d, _("PCIe slots"), 20);
      doc_paragraph (d, _("No motherboard with a slot map in the build: slots and lanes are not checked."),
                     BODY_SIZE, &dim_rgb);
      return;
    }
  for (guint i = 0; i < MIN (pcie->n_devices, RIG_MAX_PCIE_DEVICES); i++)
    {
      const RigPcieDevice *dev = &pcie->devices[i];

      if (dev->position > 0)
        positions = MAX (positions, dev->position + MAX (dev->width, 1) - 1);
      else
        listed++;
    }
  /* A position tall enough for a card's three lines of text; a line per listed device. */
  height = (positions * 24 + listed * 16 + 36) * CHART_SCALE;

  doc_heading (d, _("PCIe slots"), height);
  doc_chart (d, RIG_CHART_PCIE, build, report, 0, height);
  table_begin (&t, d, figure_columns, G_N_ELEMENTS (figure_columns), 30);
  /* The CPU lanes are in the chart's legend. */
  if (isfinite (pcie->chipset_uplink_gbps))
    {
      g_autofree char *uplink = g_strdup_printf (_("%.1f of %.1f GB/s"), pcie->chipset_demand_gbps,
                                                 pcie->chipset_uplink_gbps);

      figure_row (&t, _("Chipset uplink"), uplink, _("what the devices behind the chipset could ask for"));
    }
  {
    g_autofree char *free_slots = g_strdup_printf (_("%u x16, %u M.2"), pcie->free_x16_slots,
                                                   pcie->free_m2_slots);
    g_autofree char *sata = pcie->sata_disabled
      ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u SATA port turned off by the M.2 drives",
                                      "%u SATA ports turned off by the M.2 drives", pcie->sata_disabled),
                         pcie->sata_disabled)
      : NULL;

    figure_row (&t, _("Free slots"), free_slots, sata);
  }
  table_end (&t);
}

static void
report_thermal (Doc             *d,
                const RigBuild  *build,
                const RigReport *report)
{
  static const char * const risks[] = { N_("Low"), N_("Medium"), N_("High"), N_("Unknown") };
  static const char * const risk_colours[] = { FG, WARN_FG, ERROR_FG, DIM };
  const RigThermalReport *th = &report->thermal;
  g_autofree char *heat = isnan (th->heat_w) ? g_strdup (_("not known"))
                                             : g_strdup_printf (_("%'.0f W · %'.0f BTU/h"),
                                                                th->heat_w, th->heat_btu_h);
  Table t;

  doc_heading (d, _("Thermals"), 40);
  table_begin (&t, d, figure_columns, G_N_ELEMENTS (figure_columns), 30);
  figure_row (&t, _("Heat into the room"), heat, _("all of the wall draw ends up as heat"));
  if (isfinite (th->airflow_cfm))
    {
      g_autofree char *airflow = g_strdup_printf (_("%.0f CFM"), th->airflow_cfm);

      figure_row (&t, _("Case airflow"), airflow, _("the case's included fans, estimated"));
    }
  if (isfinite (th->air_rise_k))
    {
      g_autofree char *rise = g_strdup_printf (_("%.0f °C over the room"), th->air_rise_k);
      g_autofree char *exhaust = g_strdup_printf (_("exhaust at about %.0f °C in a %.0f °C room"),
                                                  th->exhaust_c, build->settings.ambient_c);

      figure_row (&t, _("Case air"), rise, exhaust);
    }
  else if (!report->power.prebuilt)   /* a prebuilt's enclosure is its maker's */
    figure_row (&t, _("Case air"), _("not worked out"), _("the case's airflow is unknown"));
  table_end (&t);

  if (th->n_risks > 0)
    {
      g_autofree char *device_title = g_strdup_printf ("<b>%s</b>", _("Device"));
      g_autofree char *risk_title = g_strdup_printf ("<b>%s</b>", _("Throttling risk"));
      g_autofree char *reason_title = g_strdup_printf ("<b>%s</b>", _("Why"));
      const Column columns[] = {
        { device_title, 0.30, 0 },
        { risk_title, 0.16, 0 },
        { reason_title, 0.54, 0 },
      };
      Table rt;

      table_begin (&rt, d, columns, G_N_ELEMENTS (columns), 30);
      for (guint i = 0; i < MIN (th->n_risks, RIG_MAX_THROTTLE_RISKS); i++)
        {
          const RigThrottleRisk *risk = &th->risks[i];
          guint level = MIN ((guint) risk->risk, G_N_ELEMENTS (risks) - 1);
          g_autofree char *device = esc (risk->device);
          g_autofree char *label = g_strdup_printf ("<span foreground=\"%s\"><b>%s</b></span>",
                                                    risk_colours[level], _(risks[level]));
          g_autofree char *reason = esc (risk->reason);
          const char *cells[] = { device, label, reason };

          table_row (&rt, cells, NULL);
        }
      table_end (&rt);
    }
}

static char *
format_months (double months)
{
  if (isinf (months))
    return g_strdup (_("never"));
  if (isnan (months))
    return g_strdup ("—");
  return g_strdup_printf (_("%.1f months"), months);
}

static void
report_cost (Doc             *d,
             const RigBuild  *build,
             const RigReport *report)
{
  const RigCostReport *c = &report->cost;
  const RigSettings *s = &build->settings;
  g_autofree char *total = rig_money_format_minor (c->total_minor, c->currency, RIG_MONEY_CENTS);
  g_autofree char *unpriced = rig_unpriced_format (c->unpriced);
  g_autofree char *priced = unpriced != NULL ? g_steal_pointer (&unpriced)
    : g_strdup_printf (_("%u parts priced, %u without a price"), c->parts_priced, c->parts_unpriced);
  g_autofree char *electricity = format_money_whole (rig_money_to_major (c->electricity_per_year_minor),
                                                     c->currency);
  g_autofree char *electricity_detail = g_strdup_printf (_("%.1f hours a day at %.2f %s per kWh"),
                                                         s->hours_per_day, s->electricity_per_kwh,
                                                         c->currency);
  g_autofree char *tco = format_money_whole (rig_money_to_major (c->tco_minor), c->currency);
  g_autofree char *tco_label = g_strdup_printf (_("Cost of ownership over %.0f years"), s->tco_years);
  g_autofree char *tco_detail = g_strdup_printf (_("purchase and electricity, less a resale at %.0f %% of the price"),
                                                 s->resale_pct);
  Table t;

  doc_heading (d, _("Cost"), 60);
  table_begin (&t, d, figure_columns, G_N_ELEMENTS (figure_columns), 30);
  figure_row (&t, _("Total"), total, priced);
  if (isfinite (c->per_gib_gpu_memory))
    {
      g_autofree char *value = g_strdup_printf (_("%.2f %s per GiB of GPU memory"), c->per_gib_gpu_memory,
                                                c->currency);
      g_autofree char *more = rig_cost_value_format (c);

      figure_row (&t, _("GPU value"), value, more);
    }
  figure_row (&t, _("Electricity per year"), electricity, electricity_detail);
  figure_row (&t, tco_label, tco, tco_detail);
  if (isnan (c->breakeven_months))
    figure_row (&t, _("Against the cloud"), _("not compared"),
                _("set the hourly rate of renting equivalent GPUs to compare"));
  else if (isinf (c->breakeven_months))
    figure_row (&t, _("Against the cloud"), _("never pays off"), _("renting costs less than the power"));
  else
    {
      g_autofree char *months = format_months (c->breakeven_months);
      g_autofree char *rate = *c->cloud_source
        ? g_strdup_printf (_("against renting at %.2f %s an hour (%s)"), c->cloud_per_hour, c->currency,
                           c->cloud_source)
        : g_strdup_printf (_("against renting at %.2f %s an hour"), c->cloud_per_hour, c->currency);

      figure_row (&t, _("Pays for itself after"), months, rate);
    }
  table_end (&t);

  doc_chart (d, RIG_CHART_COST, build, report, 0, 180 * CHART_SCALE);

  if (!isnan (c->breakeven_months))
    {
      static const char * const rows[] = { N_("Hours of use"), N_("Electricity price"), N_("Cloud rate") };
      g_autofree char *what = g_strdup_printf ("<b>%s</b>", _("Break-even when …"));
      g_autofree char *low = g_strdup_printf ("<b>%s</b>", _("at 50 %"));
      g_autofree char *mid = g_strdup_printf ("<b>%s</b>", _("at 100 %"));
      g_autofree char *high = g_strdup_printf ("<b>%s</b>", _("at 150 %"));
      const Column columns[] = {
        { what, 0.34, 0 }, { low, 0.22, 1 }, { mid, 0.22, 1 }, { high, 0.22, 1 },
      };
      Table st;

      table_begin (&st, d, columns, G_N_ELEMENTS (columns), 60);
      for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
        {
          g_autofree char *a = format_months (c->sensitivity[i][0]);
          g_autofree char *b = format_months (c->sensitivity[i][1]);
          g_autofree char *e = format_months (c->sensitivity[i][2]);
          g_autofree char *label = esc (_(rows[i]));
          const char *cells[] = { label, a, b, e };

          table_row (&st, cells, NULL);
        }
      table_end (&st);
    }
}

static void
report_findings (Doc             *d,
                 const RigReport *report)
{
  static const RigSeverity order[] = { RIG_SEVERITY_ERROR, RIG_SEVERITY_WARNING, RIG_SEVERITY_INFO };
  g_autofree char *severity_title = g_strdup_printf ("<b>%s</b>", _("Severity"));
  g_autofree char *finding_title = g_strdup_printf ("<b>%s</b>", _("Finding"));
  const Column columns[] = {
    { severity_title, 0.18, 0 },
    { finding_title, 0.82, 0 },
  };
  Table t;

  doc_heading (d, _("Findings"), 40);
  if (report->findings->len == 0)
    {
      doc_paragraph (d, _("No problems found."), BODY_SIZE, &fg_rgb);
      return;
    }
  table_begin (&t, d, columns, G_N_ELEMENTS (columns), 30);
  /* Errors first, then warnings, then notes; the plan's order within each. */
  for (guint o = 0; o < G_N_ELEMENTS (order); o++)
    for (guint i = 0; i < report->findings->len; i++)
      {
        const RigFinding *f = &g_array_index (report->findings, RigFinding, i);
        const char *label, *colour;
        g_autofree char *severity = NULL;
        g_autofree char *message = NULL;
        g_autofree char *code = NULL;
        g_autofree char *text = NULL;

        if (f->severity != order[o])
          continue;
        label = f->severity == RIG_SEVERITY_ERROR ? _("Error")
              : f->severity == RIG_SEVERITY_WARNING ? _("Warning") : _("Note");
        colour = f->severity == RIG_SEVERITY_ERROR ? ERROR_FG
               : f->severity == RIG_SEVERITY_WARNING ? WARN_FG : NOTE_FG;
        severity = g_strdup_printf ("<span foreground=\"%s\"><b>%s</b></span>", colour, label);
        message = esc (f->message);
        code = esc (f->code);
        text = g_strdup_printf ("%s\n<span size=\"small\" foreground=\"" DIM "\">%s · %s</span>", message,
                                area_label (f->area), code);
        {
          const char *cells[] = { severity, text };

          table_row (&t, cells, NULL);
        }
      }
  table_end (&t);
}

static void
report_not_checked (Doc             *d,
                    const RigReport *report)
{
  g_autofree char *area_title = g_strdup_printf ("<b>%s</b>", _("Area"));
  g_autofree char *what_title = g_strdup_printf ("<b>%s</b>", _("What, and why"));
  const Column columns[] = {
    { area_title, 0.18, 0 },
    { what_title, 0.82, 0 },
  };
  Table t;

  doc_heading (d, _("Not checked"), 40);
  if (report->not_checked->len == 0)
    {
      doc_paragraph (d, _("Every check had the data it needs."), BODY_SIZE, &fg_rgb);
      return;
    }
  doc_paragraph (d, _("The catalog lacks what these checks need, so they were neither passed nor failed."),
                 BODY_SIZE, &dim_rgb);
  table_begin (&t, d, columns, G_N_ELEMENTS (columns), 30);
  for (guint i = 0; i < report->not_checked->len; i++)
    {
      const RigNotChecked *nc = &g_array_index (report->not_checked, RigNotChecked, i);
      g_autofree char *area = esc (area_label (nc->area));
      g_autofree char *what = esc (nc->what);
      const char *cells[] = { area, what };

      table_row (&t, cells, NULL);
    }
  table_end (&t);
}

/* Rendering -------------------------------------------------------------------------------- */

typedef struct
{
  const RigBuild      *build;
  const RigReport     *report;
  const RigComparison *comparison;
  double               page_w, page_h;
  char                *date;
  char                *title;     /* document title, plain text */
} Job;

typedef void (*LayOut) (Doc *d, const Job *job);

static void
lay_out_report (Doc       *d,
                const Job *job)
{
  report_title (d, job->build, job->report, job->date);
  report_parts (d, job->build, job->report);
  report_workloads (d, job->build, job->report);
  report_power (d, job->build, job->report);
  report_pcie (d, job->build, job->report);
  report_thermal (d, job->build, job->report);
  report_cost (d, job->build, job->report);
  report_findings (d, job->report);
  report_not_checked (d, job->report);
}

static void
lay_out_comparison (Doc       *d,
                    const Job *job)
{
  const RigComparison *cmp = job->comparison;
  guint n = MIN (cmp->n, RIG_COMPARE_MAX);
  g_autofree char *title = g_strdup_printf ("<b>%s</b>", _("Comparison"));
  g_autofree char *planned = g_strdup_printf (_("%u builds, planned with Rigplan on %s; the best value of "
                                                "each row is in bold"), n, job->date);
  g_autofree char *planned_markup = esc (planned);
  char *headers[MAX_COLUMNS] = { NULL };
  Column columns[MAX_COLUMNS];
  const char *section = NULL;
  Table t;

  d->y += draw_markup (d, title, TITLE_SIZE, d->x, d->y, d->w, 0, &fg_rgb) + 2;
  d->y += draw_markup (d, planned_markup, BODY_SIZE, d->x, d->y, d->w, 0, &dim_rgb) + BLOCK_GAP * 2;

  headers[0] = g_strdup ("");
  columns[0] = (Column) { headers[0], n <= 2 ? 0.36 : 0.28, 0 };
  for (guint b = 0; b < n; b++)
    {
      g_autofree char *name = esc (cmp->names[b]);

      /* Larger than other tables' headers: the build names are what the columns are about. */
      headers[b + 1] = g_strdup_printf ("<span size=\"larger\" foreground=\"" FG "\"><b>%s</b></span>", name);
      columns[b + 1] = (Column) { headers[b + 1], (1 - columns[0].share) / n, 1 };
    }

  table_begin (&t, d, columns, n + 1, 40);
  for (guint i = 0; cmp->rows && i < cmp->rows->len; i++)
    {
      const RigCompareRow *row = g_ptr_array_index (cmp->rows, i);
      char *cells[MAX_COLUMNS] = { NULL };

      if (g_strcmp0 (row->section, section) != 0 && row->section && row->section[0])
        {
          g_autofree char *name = esc (row->section);
          g_autofree char *markup = g_strdup_printf ("<b>%s</b>", name);
          const char *section_cells[MAX_COLUMNS] = { markup };

          /* A section's title stays with its first row. */
          if (d->y + 2 * table_cells_height (&t, section_cells, BODY_SIZE) > d->bottom)
            {
              doc_new_page (d);
              table_draw_header (&t);
            }
          for (guint k = 1; k <= n; k++)
            section_cells[k] = "";
          table_row (&t, section_cells, &shade_rgb);
        }
      section = row->section;

      {
        g_autofree char *label = esc (row->label);

        cells[0] = row->unit && row->unit[0]
          ? g_strdup_printf ("%s <span size=\"small\" foreground=\"" DIM "\">(%s)</span>", label, row->unit)
          : g_strdup (label);
      }
      for (guint b = 0; b < n; b++)
        {
          g_autofree char *text = NULL;
          g_autofree char *text_markup = NULL;

          if (row->texts[b])
            text = g_strdup (row->texts[b]);
          else if (isfinite (row->values[b]))
            text = g_strdup_printf ("%g %s", row->values[b], row->unit ? row->unit : "");
          else
            text = g_strdup ("—");
          text_markup = esc (g_strstrip (text));
          cells[b + 1] = row->best == (int) b && row->better != RIG_BETTER_NONE
                           ? g_strdup_printf ("<b>%s</b>", text_markup)
                           : row->differs ? g_strdup (text_markup)
                           : g_strdup_printf ("<span foreground=\"" DIM "\">%s</span>", text_markup);
        }
      table_row (&t, (const char * const *) cells, NULL);
      for (guint k = 0; k <= n; k++)
        g_free (cells[k]);
    }
  table_end (&t);
  for (guint k = 0; k <= n; k++)
    g_free (headers[k]);
}

typedef struct
{
  const Job *job;
  LayOut     lay_out;
  const char *footer;
} PdfRender;

static void
set_metadata (cairo_surface_t *surface,
              const Job       *job)
{
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, job->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Rigplan " PACKAGE_VERSION);
}

static gboolean
render_pdf (cairo_write_func_t   write,
            void                *closure,
            gpointer             user_data,
            GError             **error)
{
  const PdfRender *render = user_data;
  const Job *job = render->job;
  cairo_surface_t *surface;
  cairo_status_t status;
  guint n_pages;
  Doc d = { 0 };

  /* Pass 1: count the pages. */
  surface = cairo_pdf_surface_create_for_stream (rig_discard_write, NULL, job->page_w, job->page_h);
  doc_begin (&d, surface, job->page_w, job->page_h, 0, render->footer);
  render->lay_out (&d, job);
  n_pages = doc_end (&d);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!rig_report_pdf_check_cairo (status, error))
    return FALSE;

  /* Pass 2: the same layout, with the count in the footers. */
  surface = cairo_pdf_surface_create_for_stream (write, closure, job->page_w, job->page_h);
  set_metadata (surface, job);
  memset (&d, 0, sizeof d);
  doc_begin (&d, surface, job->page_w, job->page_h, n_pages, render->footer);
  render->lay_out (&d, job);
  if (doc_end (&d) != n_pages)
    g_warning ("The report laid out on a different number of pages the second time");
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return rig_report_pdf_check_cairo (status, error);
}

gboolean
rig_report_pdf_write (const RigBuild   *build,
                      const RigReport  *report,
                      RigPaper          paper,
                      GDateTime        *now,
                      const char       *path,
                      GError          **error)
{
  g_autofree char *date = NULL;
  Job job = { 0 };
  PdfRender render;

  g_return_val_if_fail (build != NULL, FALSE);
  g_return_val_if_fail (report != NULL && report->workloads && report->findings && report->not_checked, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  date = format_date (now);
  job.build = build;
  job.report = report;
  job.date = date;
  job.title = build->name && build->name[0] ? build->name : _("Untitled build");
  paper_size (paper, &job.page_w, &job.page_h);
  render = (PdfRender) { &job, lay_out_report, job.title };
  return rig_write_safely (path, render_pdf, &render, error);
}

gboolean
rig_comparison_pdf_write (const RigComparison  *comparison,
                          RigPaper              paper,
                          GDateTime            *now,
                          const char           *path,
                          GError              **error)
{
  g_autofree char *date = NULL;
  g_autofree char *names = NULL;
  const char *list[RIG_COMPARE_MAX + 1] = { NULL };
  Job job = { 0 };
  PdfRender render;

  g_return_val_if_fail (comparison != NULL && comparison->n >= 1, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < MIN (comparison->n, RIG_COMPARE_MAX); i++)
    list[i] = comparison->names[i] ? comparison->names[i] : "";
  names = g_strjoinv (_(" · "), (char **) list);
  date = format_date (now);
  job.comparison = comparison;
  job.date = date;
  job.title = names;
  paper_size (paper, &job.page_w, &job.page_h);
  render = (PdfRender) { &job, lay_out_comparison, names };
  return rig_write_safely (path, render_pdf, &render, error);
}

/* PNG ------------------------------------------------------------------------------------------ */

