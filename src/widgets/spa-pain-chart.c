/* spa-pain-chart.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-pain-chart"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "spa-format.h"
#include "spa-pain-chart.h"
#include "spa-util.h"

/*
 * Pain before and after each session over time: two lines on a 0–10 scale with the
 * sessions placed by date, so that gaps between visits show. Dates along the bottom
 * are thinned to what fits, and points shrink as sessions grow in number, so the
 * chart reads the same with one session or two hundred. The accessible description
 * says in words what the lines show.
 */

#define MARGIN_LEFT    44
#define MARGIN_RIGHT   20
#define MARGIN_TOP     36
#define MARGIN_BOTTOM  40

struct _SpaPainChart
{
  GtkWidget  parent_instance;

  GArray    *series;    /* SpaPainPoint */
  GArray    *days;      /* double: days since the first point */
};

G_DEFINE_FINAL_TYPE (SpaPainChart, spa_pain_chart, GTK_TYPE_WIDGET)

static const GdkRGBA before_color = { 0.88, 0.11, 0.14, 1 };  /* red 3 */
static const GdkRGBA after_color = { 0.21, 0.52, 0.89, 1 };   /* blue 3 */

static double
julian (const char *ymd)
{
  GDate date;
  int y, m, d;

  if (!spa_date_parse (ymd, &y, &m, &d))
    return 0;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return g_date_get_julian (&date);
}

static void
show_text (GtkWidget     *widget,
           cairo_t       *cr,
           const char    *text,
           double         x,
           double         y,
           double         xalign,
           double         yalign,
           const GdkRGBA *color)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, x - xalign * w, y - yalign * h);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static int
text_width (GtkWidget  *widget,
            const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int w;

  pango_layout_get_pixel_size (layout, &w, NULL);
  g_object_unref (layout);
  return w;
}

/* Day and month for a series within a year; month and year for a longer one. */
static char *
axis_date (const char *ymd,
           gboolean    long_span)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;

  if (!spa_date_parse (ymd, &y, &m, &d))
    return g_strdup (ymd);
  dt = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (long_span)
    return spa_format_month_year (dt);
  return spa_format_day_month (dt);
}

typedef struct
{
  double x0, y0, w, h, span;
} Plot;

/* Where session @i's rating sits on the plot; FALSE when it was not recorded. */
static gboolean
point_at (SpaPainChart *self,
          const Plot   *plot,
          guint         i,
          gboolean      before,
          double       *x,
          double       *y)
{
  SpaPainPoint *p = &g_array_index (self->series, SpaPainPoint, i);
  int value = before ? p->before : p->after;

  if (value < 0)
    return FALSE;
  *x = plot->span > 0 ? plot->x0 + plot->w * g_array_index (self->days, double, i) / plot->span
                      : plot->x0 + plot->w / 2;
  *y = plot->y0 + plot->h - plot->h * value / 10.0;
  return TRUE;
}

static void
draw_line (SpaPainChart  *self,
           cairo_t       *cr,
           gboolean       before,
           const Plot    *plot,
           const GdkRGBA *color)
{
  guint n = self->series->len;
  double radius = n > 60 ? 2 : n > 20 ? 3 : 4.5;
  gboolean started = FALSE;
  double x, y;

  /* The line joins the sessions that have a value, skipping those without. */
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, n > 60 ? 1.5 : 2.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < n; i++)
    if (point_at (self, plot, i, before, &x, &y))
      {
        if (started)
          cairo_line_to (cr, x, y);
        else
          cairo_move_to (cr, x, y);
        started = TRUE;
      }
  cairo_stroke (cr);

  for (guint i = 0; i < n; i++)
    if (point_at (self, plot, i, before, &x, &y))
      {
        cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
        cairo_fill (cr);
      }
}

static void
spa_pain_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  SpaPainChart *self = SPA_PAIN_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double x0 = MARGIN_LEFT, y0 = MARGIN_TOP;
  double w = width - MARGIN_LEFT - MARGIN_RIGHT;
  double h = height - MARGIN_TOP - MARGIN_BOTTOM;
  int title_w = text_width (widget, _("Pain (0–10)"));
  int before_w = text_width (widget, _("Before session"));
  int after_w = text_width (widget, _("After session"));
  double legend_y = 10;
  double span = 0;
  GdkRGBA fg, grid, dim;
  cairo_t *cr;
  double legend_x;
  double last_label_end = -1e9;
  guint n = self->series->len;

  /* Legend, top right; where it would run into the axis title (a phone, French), on a
   * line of its own under it. */
  legend_x = x0 + w - after_w - 20 - before_w - 36;
  if (legend_x - 8 < 4 + title_w + 12)
    {
      legend_y = 28;
      y0 += 18;
      h -= 18;
    }

  if (w < 40 || h < 40)
    return;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
G_GNUC_END_IGNORE_DEPRECATIONS
  grid = fg; grid.alpha = 0.12;
  dim = fg; dim.alpha = 0.65;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* Y axis: 0–10 with a line every 2. */
  cairo_set_line_width (cr, 1);
  for (int v = 0; v <= 10; v += 2)
    {
      double y = round (y0 + h - h * v / 10.0) + 0.5;
      g_autofree char *label = g_strdup_printf ("%d", v);

      gdk_cairo_set_source_rgba (cr, &grid);
      cairo_move_to (cr, x0, y);
      cairo_line_to (cr, x0 + w, y);
      cairo_stroke (cr);
      show_text (widget, cr, label, x0 - 8, y, 1, 0.5, &dim);
    }
  show_text (widget, cr, _("Pain (0–10)"), 4, 8, 0, 0.5, &dim);

  legend_x = x0 + w - after_w - 20;
  cairo_set_source_rgba (cr, after_color.red, after_color.green, after_color.blue, 1);
  cairo_arc (cr, legend_x, legend_y, 5, 0, 2 * G_PI);
  cairo_fill (cr);
  show_text (widget, cr, _("After session"), legend_x + 10, legend_y, 0, 0.5, &fg);
  legend_x -= before_w + 36;
  gdk_cairo_set_source_rgba (cr, &before_color);
  cairo_arc (cr, legend_x, legend_y, 5, 0, 2 * G_PI);
  cairo_fill (cr);
  show_text (widget, cr, _("Before session"), legend_x + 10, legend_y, 0, 0.5, &fg);

  if (n == 0)
    {
      show_text (widget, cr, _("No pain ratings recorded yet"), x0 + w / 2, y0 + h / 2, 0.5, 0.5, &dim);
      cairo_destroy (cr);
      return;
    }

  span = g_array_index (self->days, double, n - 1);

  /* X axis: dates, thinned so that labels never overlap; the last always shows. */
  {
    gboolean long_span = span > 330;
    g_autofree char *last_label = axis_date (g_array_index (self->series, SpaPainPoint, n - 1).date, long_span);
    int last_w = text_width (widget, last_label);
    double last_x = span > 0 ? x0 + w : x0 + w / 2;
    double last_lx = CLAMP (last_x, x0 + last_w / 2.0, x0 + w - last_w / 2.0 + MARGIN_RIGHT - 2);

    for (guint i = 0; i < n; i++)
      {
        SpaPainPoint *p = &g_array_index (self->series, SpaPainPoint, i);
        double x = span > 0 ? x0 + w * g_array_index (self->days, double, i) / span : x0 + w / 2;
        g_autofree char *label = axis_date (p->date, long_span);
        int lw = text_width (widget, label);
        double lx = CLAMP (x, x0 + lw / 2.0, x0 + w - lw / 2.0 + MARGIN_RIGHT - 2);

        gdk_cairo_set_source_rgba (cr, &grid);
        cairo_move_to (cr, round (x) + 0.5, y0 + h);
        cairo_line_to (cr, round (x) + 0.5, y0 + h + 4);
        cairo_stroke (cr);

        if (i < n - 1 &&
            (lx - lw / 2.0 < last_label_end + 12 || lx + lw / 2.0 + 12 > last_lx - last_w / 2.0 ||
             g_strcmp0 (label, last_label) == 0))
          continue;
        if (i == n - 1)
          lx = last_lx;
        show_text (widget, cr, label, lx, y0 + h + 8, 0.5, 0, &dim);
        last_label_end = lx + lw / 2.0;
      }
  }

  {
    Plot plot = { x0, y0, w, h, span };

    draw_line (self, cr, TRUE, &plot, &before_color);
    draw_line (self, cr, FALSE, &plot, &after_color);
  }

  cairo_destroy (cr);
}

static void
spa_pain_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 280;
      *natural = 640;
    }
  else
    {
      /* Scrolled containers allocate the minimum: ask for a readable height. */
      *minimum = 280;
      *natural = 280;
    }
}

static void
update_description (SpaPainChart *self)
{
  g_autofree char *text = NULL;
  SpaPainPoint *first, *last;
  guint n = self->series->len;

  if (n == 0)
    text = g_strdup (_("No pain ratings recorded yet."));
  else
    {
      first = &g_array_index (self->series, SpaPainPoint, 0);
      last = &g_array_index (self->series, SpaPainPoint, n - 1);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u session from %s to %s; pain before the first %d, before the last %d.",
                                           "%u sessions from %s to %s; pain before the first %d, before the last %d.",
                                           n),
                              n, first->date, last->date, first->before, last->before);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
spa_pain_chart_finalize (GObject *object)
{
  SpaPainChart *self = SPA_PAIN_CHART (object);

  g_clear_pointer (&self->series, g_array_unref);
  g_clear_pointer (&self->days, g_array_unref);

  G_OBJECT_CLASS (spa_pain_chart_parent_class)->finalize (object);
}

static void
spa_pain_chart_class_init (SpaPainChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = spa_pain_chart_finalize;
  widget_class->snapshot = spa_pain_chart_snapshot;
  widget_class->measure = spa_pain_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "painchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
spa_pain_chart_init (SpaPainChart *self)
{
  self->series = g_array_new (FALSE, TRUE, sizeof (SpaPainPoint));
  self->days = g_array_new (FALSE, TRUE, sizeof (double));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pain before and after each session"),
                                  -1);
  update_description (self);
}

GtkWidget *
spa_pain_chart_new (void)
{
  return g_object_new (SPA_TYPE_PAIN_CHART, NULL);
}

/**
 * spa_pain_chart_set_series:
 * @series: (element-type SpaPainPoint) (nullable): oldest first, as from
 *   spa_clinical_pain_series()
 */
void
spa_pain_chart_set_series (SpaPainChart *self,
                           GArray       *series)
{
  double first = 0;

  g_return_if_fail (SPA_IS_PAIN_CHART (self));

  g_array_set_size (self->series, 0);
  g_array_set_size (self->days, 0);
  for (guint i = 0; series && i < series->len; i++)
    {
      SpaPainPoint *p = &g_array_index (series, SpaPainPoint, i);
      double day = julian (p->date);

      if (i == 0)
        first = day;
      day -= first;
      g_array_append_val (self->series, *p);
      g_array_append_val (self->days, day);
    }

  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
spa_pain_chart_get_n_points (SpaPainChart *self)
{
  g_return_val_if_fail (SPA_IS_PAIN_CHART (self), 0);
  return self->series->len;
}
