/* spa-chart.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-chart"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "spa-chart.h"
#include "spa-format.h"

/*
 * A report's chart, drawn with cairo: bars or a line for a series over time (hours of
 * a day up to quarters of ten years), horizontal bars for named rows (therapists,
 * rooms, services, clients), and a weekday × hour heat map. The axes carry their
 * titles and values; labels along the bottom are thinned to what fits, so the same
 * code reads well with 7 bars or 120 points. spa_chart_render() draws into any cairo
 * context, so printing and PDF export draw the very same chart.
 */

struct _SpaChart
{
  GtkWidget       parent_instance;

  SpaReportTable *table;
};

G_DEFINE_FINAL_TYPE (SpaChart, spa_chart, GTK_TYPE_WIDGET)

#define PAD 8.0

typedef struct
{
  cairo_t       *cr;
  PangoContext  *pango;
  GdkRGBA        fg;
  GdkRGBA        accent;
} Painter;

static PangoLayout *
layout_for (Painter    *p,
            const char *text,
            double      scale)
{
  PangoLayout *layout = pango_layout_new (p->pango);
  PangoFontDescription *font =
      pango_font_description_copy (pango_context_get_font_description (p->pango));

  if (scale != 1.0 && font != NULL)
    {
      int size = pango_font_description_get_size (font);

      if (size > 0)
        {
          if (pango_font_description_get_size_is_absolute (font))
            pango_font_description_set_absolute_size (font, size * scale);
          else
            pango_font_description_set_size (font, (int)(size * scale));
        }
    }
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
text_size (Painter    *p,
           const char *text,
           double      scale,
           int        *w,
           int        *h)
{
  g_autoptr(PangoLayout) layout = layout_for (p, text, scale);

  pango_layout_get_pixel_size (layout, w, h);
}

static void
show_text (Painter    *p,
           const char *text,
           double      x,
           double      y,
           double      xalign,
           double      yalign,
           double      scale,
           double      alpha)
{
  g_autoptr(PangoLayout) layout = layout_for (p, text, scale);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_set_source_rgba (p->cr, p->fg.red, p->fg.green, p->fg.blue, alpha);
  cairo_move_to (p->cr, x - xalign * w, y - yalign * h);
  pango_cairo_show_layout (p->cr, layout);
}

/* The smallest 1, 2, 2.5 or 5 × 10^k at least @value / @ticks. */
static double
nice_step (double value,
           int    ticks)
{
  double raw = value / ticks, magnitude, steps[] = { 1, 2, 2.5, 5, 10 };

  if (raw <= 0)
    return 1;
  magnitude = pow (10, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * magnitude >= raw)
      return steps[i] * magnitude;
  return 10 * magnitude;
}

static double
value_at (SpaReportTable *table,
          guint           row,
          guint           column)
{
  double v = spa_report_table_get (table, row, column);

  return v < 0 ? 0 : v;
}

/* Axis values as the table writes them, without decimals where they add nothing. */
static char *
axis_label (SpaReportValueKind kind,
            double             value)
{
  if (kind == SPA_REPORT_VALUE_MINUTES)
    {
      g_autofree char *hours = spa_format_number (value / 60, 0);

      /* TRANSLATORS: a number of hours, "1,212.5 h" */
      return g_strdup_printf (_("%s h"), hours);
    }
  if (kind == SPA_REPORT_VALUE_RATIO)
    return g_strdup_printf (_("%.0f%%"), value * 100);
  return spa_report_format_value (kind, value);
}

static gboolean
is_time_series (SpaReportTable *table)
{
  return table->kind == SPA_REPORT_VISITS || table->kind == SPA_REPORT_RETENTION ||
         table->kind == SPA_REPORT_REVENUE_TIME;
}

static void
draw_empty (Painter *p,
            double   width,
            double   height)
{
  show_text (p, _("Nothing in this period"), width / 2, height / 2, 0.5, 0.5, 1.0, 0.55);
}

static void
draw_time_series (Painter        *p,
                  SpaReportTable *table,
                  double          width,
                  double          height)
{
  guint n = table->rows->len, column = table->chart_column;
  SpaReportColumn *col = table->columns->pdata[column];
  double max = 0, step, top, left, bottom, right, plot_w, plot_h, slot;
  int label_w = 0, label_h = 0, w, h, ticks;
  guint every = 1;
  gboolean line = table->chart == SPA_REPORT_CHART_LINE;

  for (guint i = 0; i < n; i++)
    max = MAX (max, value_at (table, i, column));
  if (col->kind == SPA_REPORT_VALUE_RATIO)
    max = MAX (max, 0.05);
  step = nice_step (MAX (max, col->kind == SPA_REPORT_VALUE_MINUTES ? 60 : 1), 4);
  ticks = (int)ceil (MAX (max, 1e-9) / step);
  ticks = MAX (ticks, 1);
  top = step * ticks;

  /* Room for the axis values at the left and the labels below. */
  for (int t = 0; t <= ticks; t++)
    {
      g_autofree char *label = axis_label (col->kind, t * step);

      text_size (p, label, 0.85, &w, &h);
      label_w = MAX (label_w, w);
      label_h = MAX (label_h, h);
    }
  left = PAD + label_h + 6 + label_w + 8;
  right = width - PAD;
  bottom = height - PAD - label_h - 4 - label_h - 6;
  plot_w = MAX (right - left, 10);
  plot_h = MAX (bottom - (PAD + label_h / 2.0 + label_h + 4), 10);
  slot = plot_w / MAX (n, 1);

  /* The y axis: title turned up the left side, gridlines with their values. */
  cairo_save (p->cr);
  cairo_translate (p->cr, PAD, bottom - plot_h / 2);
  cairo_rotate (p->cr, -G_PI / 2);
  show_text (p, col->title, 0, 0, 0.5, 0, 0.85, 0.7);
  cairo_restore (p->cr);
  for (int t = 0; t <= ticks; t++)
    {
      double y = bottom - plot_h * t / ticks;
      g_autofree char *label = axis_label (col->kind, t * step);

      cairo_set_source_rgba (p->cr, p->fg.red, p->fg.green, p->fg.blue, t == 0 ? 0.45 : 0.12);
      cairo_set_line_width (p->cr, 1);
      cairo_move_to (p->cr, left, floor (y) + 0.5);
      cairo_line_to (p->cr, right, floor (y) + 0.5);
      cairo_stroke (p->cr);
      show_text (p, label, left - 8, y, 1, 0.5, 0.85, 0.7);
    }

  /* Labels along the bottom, thinned to what fits. */
  for (guint i = 0; i < n; i++)
    {
      text_size (p, ((SpaReportRow *)table->rows->pdata[i])->label, 0.85, &w, &h);
      label_w = MAX (label_w, w);
    }
  while (every < n && slot * every < label_w + 12)
    every++;
  for (guint i = 0; i < n; i += every)
    show_text (p, ((SpaReportRow *)table->rows->pdata[i])->label, left + slot * (i + 0.5),
               bottom + 4, 0.5, 0, 0.85, 0.7);
  show_text (p, table->row_title ? table->row_title : "", left + plot_w / 2, height - PAD, 0.5, 1,
             0.85, 0.7);

  gdk_cairo_set_source_rgba (p->cr, &p->accent);
  if (line)
    {
      cairo_set_line_width (p->cr, 2.5);
      cairo_set_line_join (p->cr, CAIRO_LINE_JOIN_ROUND);
      for (guint i = 0; i < n; i++)
        {
          double x = left + slot * (i + 0.5);
          double y = bottom - plot_h * value_at (table, i, column) / top;

          if (i == 0)
            cairo_move_to (p->cr, x, y);
          else
            cairo_line_to (p->cr, x, y);
        }
      cairo_stroke_preserve (p->cr);
      /* A light fill under the line. */
      cairo_line_to (p->cr, left + slot * (n - 0.5), bottom);
      cairo_line_to (p->cr, left + slot * 0.5, bottom);
      cairo_close_path (p->cr);
      cairo_set_source_rgba (p->cr, p->accent.red, p->accent.green, p->accent.blue, 0.15);
      cairo_fill (p->cr);
    }
  else
    {
      double bar = MAX (1, MIN (slot * 0.7, 64));
      gboolean values = n <= 16;

      for (guint i = 0; i < n; i++)
        {
          double v = value_at (table, i, column);
          double x = left + slot * (i + 0.5) - bar / 2;
          double hgt = plot_h * v / top;

          gdk_cairo_set_source_rgba (p->cr, &p->accent);
          cairo_rectangle (p->cr, x, bottom - hgt, bar, hgt);
          cairo_fill (p->cr);
          if (values && v > 0)
            {
              g_autofree char *text = spa_report_format_value (col->kind, v);

              show_text (p, text, x + bar / 2, bottom - hgt - 2, 0.5, 1, 0.8, 0.85);
            }
        }
    }
}

static void
draw_named_bars (Painter        *p,
                 SpaReportTable *table,
                 double          width,
                 double          height)
{
  guint n = table->rows->len, column = table->chart_column;
  SpaReportColumn *col = table->columns->pdata[column];
  double max = 0, left, right, top, row_h, bar_h, scale_max;
  int name_w = 0, value_w = 0, w, h = 0;

  for (guint i = 0; i < n; i++)
    {
      SpaReportRow *row = table->rows->pdata[i];
      g_autofree char *value = spa_report_format_value (col->kind, row->values[column]);

      max = MAX (max, value_at (table, i, column));
      text_size (p, row->label, 0.9, &w, &h);
      name_w = MAX (name_w, w);
      text_size (p, value, 0.9, &w, &h);
      value_w = MAX (value_w, w);
    }
  name_w = MIN (name_w, (int)(width * 0.35));
  scale_max = col->kind == SPA_REPORT_VALUE_RATIO ? MAX (1.0, max) : MAX (max, 1e-9);

  /* The column's title above the bars. */
  show_text (p, col->title, PAD + name_w + 12, PAD, 0, 0, 0.85, 0.7);
  top = PAD + h + 8;
  left = PAD + name_w + 12;
  right = width - PAD - value_w - 10;
  row_h = MIN (34, (height - top - PAD) / MAX (n, 1));
  bar_h = MAX (2, row_h * 0.62);

  for (guint i = 0; i < n; i++)
    {
      SpaReportRow *row = table->rows->pdata[i];
      double v = value_at (table, i, column);
      double y = top + row_h * i;
      double len = (right - left) * v / scale_max;
      g_autofree char *value = spa_report_format_value (col->kind, row->values[column]);

      if (row_h >= h * 0.8)
        {
          g_autoptr(PangoLayout) layout = layout_for (p, row->label, 0.9);

          pango_layout_set_width (layout, name_w * PANGO_SCALE);
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
          cairo_set_source_rgba (p->cr, p->fg.red, p->fg.green, p->fg.blue, 0.85);
          cairo_move_to (p->cr, PAD, y + (row_h - h) / 2);
          pango_cairo_show_layout (p->cr, layout);
          show_text (p, value, left + len + 6, y + row_h / 2, 0, 0.5, 0.9, 0.85);
        }
      /* A faint track shows the full scale (100% for a rate). */
      cairo_set_source_rgba (p->cr, p->fg.red, p->fg.green, p->fg.blue, 0.07);
      cairo_rectangle (p->cr, left, y + (row_h - bar_h) / 2, right - left, bar_h);
      cairo_fill (p->cr);
      gdk_cairo_set_source_rgba (p->cr, &p->accent);
      cairo_rectangle (p->cr, left, y + (row_h - bar_h) / 2, len, bar_h);
      cairo_fill (p->cr);
    }
}

static void
draw_heat_map (Painter        *p,
               SpaReportTable *table,
               double          width,
               double          height)
{
  guint rows = table->rows->len, cols = table->columns->len;
  double max = 0, left, top, cell_w, cell_h;
  int name_w = 0, w, h = 0;
  guint every = 1;

  for (guint r = 0; r < rows; r++)
    {
      text_size (p, ((SpaReportRow *)table->rows->pdata[r])->label, 0.9, &w, &h);
      name_w = MAX (name_w, w);
      for (guint c = 0; c < cols; c++)
        max = MAX (max, value_at (table, r, c));
    }
  left = PAD + name_w + 10;
  top = PAD + h + 6;
  cell_w = (width - left - PAD) / MAX (cols, 1);
  cell_h = MIN (44, (height - top - PAD - h - 10) / MAX (rows, 1));

  text_size (p, "00:00", 0.8, &w, &h);
  while (every < cols && cell_w * every < w + 6)
    every++;
  for (guint c = 0; c < cols; c += every)
    show_text (p, ((SpaReportColumn *)table->columns->pdata[c])->title, left + cell_w * c, PAD, 0,
               0, 0.8, 0.7);

  for (guint r = 0; r < rows; r++)
    {
      double y = top + cell_h * r;

      show_text (p, ((SpaReportRow *)table->rows->pdata[r])->label, left - 10, y + cell_h / 2, 1,
                 0.5, 0.9, 0.85);
      for (guint c = 0; c < cols; c++)
        {
          double v = value_at (table, r, c), share = max > 0 ? v / max : 0;

          cairo_set_source_rgba (p->cr, p->fg.red, p->fg.green, p->fg.blue, 0.05);
          cairo_rectangle (p->cr, left + cell_w * c + 1, y + 1, cell_w - 2, cell_h - 2);
          cairo_fill (p->cr);
          if (share > 0)
            {
              cairo_set_source_rgba (p->cr, p->accent.red, p->accent.green, p->accent.blue,
                                     0.12 + 0.88 * share);
              cairo_rectangle (p->cr, left + cell_w * c + 1, y + 1, cell_w - 2, cell_h - 2);
              cairo_fill (p->cr);
            }
        }
    }

  /* The scale: lighter is quieter. */
  {
    double y = top + cell_h * rows + 8, x = left;
    g_autofree char *most = axis_label (SPA_REPORT_VALUE_MINUTES, max);

    show_text (p, _("Quiet"), x, y, 0, 0, 0.8, 0.7);
    text_size (p, _("Quiet"), 0.8, &w, &h);
    x += w + 8;
    for (int k = 0; k < 5; k++)
      {
        cairo_set_source_rgba (p->cr, p->accent.red, p->accent.green, p->accent.blue,
                               0.12 + 0.22 * k);
        cairo_rectangle (p->cr, x + k * 18, y + 2, 16, h - 4);
        cairo_fill (p->cr);
      }
    x += 5 * 18 + 8;
    {
      /* TRANSLATORS: the busiest cell of the heat map, "Busiest: 40 h" */
      g_autofree char *busiest = g_strdup_printf (_("Busiest: %s"), most);

      show_text (p, busiest, x, y, 0, 0, 0.8, 0.7);
    }
  }
}

/**
 * spa_chart_render:
 * @pango: the context for text (the widget's, or a print context's)
 *
 * Draws @table's chart in a @width × @height box at the origin of @cr.
 */
void
spa_chart_render (SpaReportTable *table,
                  cairo_t        *cr,
                  PangoContext   *pango,
                  double          width,
                  double          height,
                  const GdkRGBA  *foreground,
                  const GdkRGBA  *accent)
{
  Painter p = { cr, pango, *foreground, *accent };
  gboolean empty = TRUE;

  if (table == NULL || table->columns->len == 0)
    return;
  for (guint r = 0; r < table->rows->len && empty; r++)
    for (guint c = 0; c < table->columns->len && empty; c++)
      if (spa_report_table_get (table, r, c) > 0)
        empty = FALSE;

  cairo_save (cr);
  if (empty)
    draw_empty (&p, width, height);
  else if (table->chart == SPA_REPORT_CHART_HEAT_MAP)
    draw_heat_map (&p, table, width, height);
  else if (is_time_series (table))
    draw_time_series (&p, table, width, height);
  else
    draw_named_bars (&p, table, width, height);
  cairo_restore (cr);
}

static void
spa_chart_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  SpaChart *self = SPA_CHART (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GdkRGBA fg, accent = { 0.21, 0.52, 0.89, 1 };  /* Adwaita blue 3 */
  cairo_t *cr;

  if (self->table == NULL || width <= 0 || height <= 0)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  spa_chart_render (self->table, cr, gtk_widget_get_pango_context (widget), width, height, &fg,
                    &accent);
  cairo_destroy (cr);
}

static void
spa_chart_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  SpaChart *self = SPA_CHART (widget);
  guint rows = self->table ? self->table->rows->len : 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 280;
      *natural = 560;
    }
  else if (self->table && self->table->chart == SPA_REPORT_CHART_BAR &&
           !is_time_series (self->table))
    {
      /* Named bars: a row each. */
      *minimum = 160;
      *natural = MAX (240, (int)MIN (rows, 50) * 30 + 40);
    }
  else
    {
      *minimum = 200;
      *natural = 320;
    }
}

static void
spa_chart_dispose (GObject *object)
{
  SpaChart *self = SPA_CHART (object);

  g_clear_pointer (&self->table, spa_report_table_unref);
  G_OBJECT_CLASS (spa_chart_parent_class)->dispose (object);
}

static void
spa_chart_class_init (SpaChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_chart_dispose;
  widget_class->snapshot = spa_chart_snapshot;
  widget_class->measure = spa_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "spa-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
spa_chart_init (SpaChart *self)
{
}

GtkWidget *
spa_chart_new (void)
{
  return g_object_new (SPA_TYPE_CHART, NULL);
}

/**
 * spa_chart_set_table:
 * @table: (nullable): what to draw
 */
void
spa_chart_set_table (SpaChart       *self,
                     SpaReportTable *table)
{
  g_return_if_fail (SPA_IS_CHART (self));

  if (table)
    spa_report_table_ref (table);
  g_clear_pointer (&self->table, spa_report_table_unref);
  self->table = table;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  table ? table->title : "", -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * spa_chart_get_table:
 *
 * Returns: (transfer none) (nullable): what is drawn
 */
SpaReportTable *
spa_chart_get_table (SpaChart *self)
{
  g_return_val_if_fail (SPA_IS_CHART (self), NULL);
  return self->table;
}
