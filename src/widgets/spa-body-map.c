/* spa-body-map.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-body-map"

#include "config.h"

#include <math.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "spa-body-map-private.h"
#include "spa-clinical.h"
#include "spa-format.h"
#include "spa-vocab.h"

/*
 * The body map: a front and a back outline drawn with cairo, and one flat button per
 * region laid over its shape. The buttons are what make the map usable without a
 * mouse and with a screen reader: each is focusable (Tab and the arrow keys move
 * between them), activates with Enter or Space, and carries the region's translated
 * name and state. The list of marked regions beside the drawing says the same in
 * words. Intensity is drawn as colour, with a legend under the figures.
 */

#define FIGURE_ASPECT   0.5    /* width / height of one figure's box */
#define LABEL_HEIGHT    28
#define LEGEND_HEIGHT   40
#define FIGURE_GAP      28
#define LIST_GAP        24
#define LIST_WIDTH      250

typedef struct
{
  int       intensity;     /* -1: no pain recorded */
  char     *quality;
  char     *note;
  gboolean  avoid;
  char     *reason;
  gboolean  treated;
  double    heat;          /* -1: none */
  char     *heat_text;
} RegionState;

struct _SpaBodyMap
{
  GtkWidget       parent_instance;

  SpaBodyMapMode  mode;
  GHashTable     *states;        /* code → RegionState */
  GHashTable     *buttons;       /* code → GtkButton (borrowed: our children) */
  gboolean        has_heat;

  GtkWidget      *list_box;      /* a vertical box: heading + list */
  GtkListBox     *list;

  GtkWidget      *popover;
  GtkLabel       *popover_title;
  GtkRange       *popover_scale;
  GtkLabel       *popover_value;
  GtkDropDown    *popover_quality;
  GtkCheckButton *popover_avoid;
  GtkEditable    *popover_reason;
  char           *popover_region;
  gboolean        updating_popover;

  /* Figure boxes from the last allocation, for drawing and hit tests. */
  graphene_rect_t front_box;
  graphene_rect_t back_box;
};

G_DEFINE_FINAL_TYPE (SpaBodyMap, spa_body_map, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
region_state_free (gpointer data)
{
  RegionState *state = data;

  g_free (state->quality);
  g_free (state->note);
  g_free (state->reason);
  g_free (state->heat_text);
  g_free (state);
}

static RegionState *
lookup_state (SpaBodyMap *self,
              const char *code,
              gboolean    create)
{
  RegionState *state = g_hash_table_lookup (self->states, code);

  if (state == NULL && create)
    {
      const SpaRegion *region = spa_vocab_find_region (code);

      g_return_val_if_fail (region != NULL, NULL);
      state = g_new0 (RegionState, 1);
      state->intensity = -1;
      state->heat = -1;
      g_hash_table_insert (self->states, (gpointer)region->code, state);
    }

  return state;
}

/* Treated areas are drawn filled (and the legend says so) while editing a note and
 * when a signed note is shown. */
static gboolean
shows_treated (SpaBodyMap *self)
{
  GHashTableIter iter;
  RegionState *state;

  if (self->has_heat)
    return FALSE;
  if (self->mode == SPA_BODY_MAP_MODE_TREATED)
    return TRUE;
  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&state))
    if (state->treated)
      return TRUE;
  return FALSE;
}

static gboolean
state_is_marked (SpaBodyMap  *self,
                 RegionState *state)
{
  if (state == NULL)
    return FALSE;
  if (self->has_heat)
    return state->heat >= 0;
  return state->intensity >= 0 || state->avoid || state->treated;
}

/* Yellow through orange to red, from the GNOME palette. */
static void
pain_color (double   intensity,
            GdkRGBA *color)
{
  static const GdkRGBA stops[] = {
    { 0.56, 0.84, 0.48, 1 },   /* 0: green 2 */
    { 0.96, 0.83, 0.18, 1 },   /* 3: yellow 3 */
    { 1.00, 0.47, 0.00, 1 },   /* 6: orange 3 */
    { 0.88, 0.11, 0.14, 1 },   /* 8: red 3 */
    { 0.65, 0.11, 0.18, 1 },   /* 10: red 5 */
  };
  static const double at[] = { 0, 3, 6, 8, 10 };
  guint i;
  double t;

  intensity = CLAMP (intensity, 0, 10);
  for (i = 0; i < G_N_ELEMENTS (at) - 2 && intensity > at[i + 1]; i++)
    ;
  t = (intensity - at[i]) / (at[i + 1] - at[i]);
  color->red = stops[i].red + t * (stops[i + 1].red - stops[i].red);
  color->green = stops[i].green + t * (stops[i + 1].green - stops[i].green);
  color->blue = stops[i].blue + t * (stops[i + 1].blue - stops[i].blue);
  color->alpha = 1;
}

static const GdkRGBA avoid_color = { 0.57, 0.25, 0.67, 1 };    /* purple 3 */
static const GdkRGBA treated_color = { 0.21, 0.52, 0.89, 1 };  /* blue 3 */

static char *
describe_region (SpaBodyMap  *self,
                 RegionState *state)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (state == NULL)
    return g_strdup (_("Not marked"));

  if (self->has_heat)
    {
      if (state->heat_text != NULL)
        return g_strdup (state->heat_text);
      {
        g_autofree char *average = spa_format_decimal (state->heat, 1);

        /* TRANSLATORS: %s is an average pain rating with one decimal, "5.2" */
        return g_strdup_printf (_("Average pain %s of 10"), average);
      }
    }

  if (state->intensity >= 0)
    {
      g_string_append_printf (text, _("Pain %d of 10"), state->intensity);
      if (state->quality != NULL)
        {
          g_autofree char *quality = g_utf8_strdown (spa_vocab_pain_quality_label (state->quality), -1);

          g_string_append_printf (text, ", %s", quality);
        }
    }
  if (state->avoid)
    {
      /* Shown as typed, less the spaces at its ends: a wrapping label that ends in a
       * space measures wider for a tall height than for none (GTK 4.8), which a list
       * row reports as a layout error while the reason is being typed. */
      g_autofree char *reason = g_strstrip (g_strdup (state->reason != NULL ? state->reason : ""));

      if (text->len)
        g_string_append (text, " · ");
      if (*reason)
        g_string_append_printf (text, _("Avoid: %s"), reason);
      else
        g_string_append (text, _("Avoid"));
    }
  if (state->treated)
    {
      if (text->len)
        g_string_append (text, " · ");
      g_string_append (text, _("Treated"));
    }

  if (text->len == 0)
    return g_strdup (_("Not marked"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
swatch_draw (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  GdkRGBA *color = g_object_get_data (G_OBJECT (area), "color");

  gdk_cairo_set_source_rgba (cr, color);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0 - 1, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
region_state_color (SpaBodyMap  *self,
                    RegionState *state,
                    GdkRGBA     *color)
{
  if (self->has_heat)
    pain_color (state->heat, color);
  else if (state->intensity >= 0 && !shows_treated (self))
    pain_color (state->intensity, color);
  else if (state->treated)
    *color = treated_color;
  else if (state->avoid)
    *color = avoid_color;
  else
    pain_color (MAX (state->intensity, 0), color);
}

static void
row_activated_cb (SpaBodyMap    *self,
                  GtkListBoxRow *row)
{
  const char *code = g_object_get_data (G_OBJECT (row), "region");

  if (code != NULL)
    spa_body_map_activate_region (self, code);
}

static void
update_region (SpaBodyMap *self,
               const char *code)
{
  GtkWidget *button = g_hash_table_lookup (self->buttons, code);
  RegionState *state = lookup_state (self, code, FALSE);
  g_autofree char *description = describe_region (self, state);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  if (self->mode == SPA_BODY_MAP_MODE_TREATED)
    gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
                                 state != NULL && state->treated ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                                                 : GTK_ACCESSIBLE_TRISTATE_FALSE,
                                 -1);
  {
    g_autofree char *tooltip = g_strdup_printf ("%s: %s", spa_vocab_region_label (code), description);
    gtk_widget_set_tooltip_text (button, tooltip);
  }
}

static void
rebuild_list (SpaBodyMap *self)
{
  GtkWidget *child;
  guint n_regions;
  const SpaRegion *regions = spa_vocab_regions (&n_regions);
  guint n_rows = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; i < n_regions; i++)
    {
      RegionState *state = lookup_state (self, regions[i].code, FALSE);
      g_autofree char *description = NULL;
      GtkWidget *row;
      GtkWidget *swatch;
      GdkRGBA *color;

      update_region (self, regions[i].code);
      if (!state_is_marked (self, state))
        continue;

      description = describe_region (self, state);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(regions[i].label));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
      g_object_set_data (G_OBJECT (row), "region", (gpointer)regions[i].code);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), self->mode != SPA_BODY_MAP_MODE_VIEW);

      swatch = gtk_drawing_area_new ();
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 14);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 14);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      color = g_new (GdkRGBA, 1);
      region_state_color (self, state, color);
      g_object_set_data_full (G_OBJECT (swatch), "color", color, g_free);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), swatch_draw, NULL, NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), swatch);

      gtk_list_box_append (self->list, row);
      n_rows++;
    }

  if (n_rows == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      const char *text;

      if (self->mode == SPA_BODY_MAP_MODE_PAIN)
        text = _("No areas marked. Click a region, or move to it with Tab and press Enter.");
      else if (self->mode == SPA_BODY_MAP_MODE_TREATED)
        text = _("No areas treated yet. Click a region to mark it.");
      else
        text = _("No areas recorded.");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->list, row);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
changed (SpaBodyMap *self)
{
  rebuild_list (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Where a region's shape is, in widget coordinates. */
static void
region_rect (SpaBodyMap      *self,
             const SpaRegion *region,
             graphene_rect_t *rect)
{
  const graphene_rect_t *box = region->view == SPA_BODY_VIEW_FRONT ? &self->front_box : &self->back_box;

  graphene_rect_init (rect,
                      box->origin.x + region->x * box->size.width,
                      box->origin.y + region->y * box->size.height,
                      region->width * box->size.width,
                      region->height * box->size.height);
}

/* Drawing */

static void
rounded_rect (cairo_t               *cr,
              const graphene_rect_t *r,
              double                 radius)
{
  double x = r->origin.x, y = r->origin.y, w = r->size.width, h = r->size.height;

  radius = MIN (radius, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

#define PX(b, fx) ((b)->origin.x + (fx) * (b)->size.width)
#define PY(b, fy) ((b)->origin.y + (fy) * (b)->size.height)

static void
limb (cairo_t               *cr,
      const graphene_rect_t *b,
      const double          *points,
      guint                  n_points,
      double                 width,
      gboolean               mirror)
{
  cairo_set_line_width (cr, width * b->size.width);
  for (guint i = 0; i < n_points; i++)
    {
      double fx = mirror ? 1 - points[2 * i] : points[2 * i];

      if (i == 0)
        cairo_move_to (cr, PX (b, fx), PY (b, points[2 * i + 1]));
      else
        cairo_line_to (cr, PX (b, fx), PY (b, points[2 * i + 1]));
    }
}

static void
silhouette_path (cairo_t               *cr,
                 const graphene_rect_t *b,
                 const GdkRGBA         *fill,
                 const GdkRGBA         *line)
{
  static const double arm[] = { 0.28, 0.17, 0.235, 0.32, 0.19, 0.47, 0.165, 0.52 };
  static const double leg[] = { 0.415, 0.46, 0.41, 0.68, 0.41, 0.89, 0.40, 0.93 };
  static const double torso[] = { 0.27, 0.155, 0.73, 0.155, 0.69, 0.30, 0.665, 0.42,
                                  0.67, 0.50, 0.33, 0.50, 0.335, 0.42, 0.31, 0.30 };

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* One figure from overlapping shapes: in a group, the outline pass draws every shape
   * a little larger, then the fill pass replaces the inside (SOURCE), so that joints
   * show no seams; the group is then painted translucent over the background. */
  cairo_push_group (cr);
  for (int pass = 0; pass < 2; pass++)
    {
      GdkRGBA color = pass == 0 ? *line : *fill;
      double grow = pass == 0 ? 0.018 : 0;

      color.alpha = pass == 0 ? 1 : fill->alpha / line->alpha;
      cairo_set_operator (cr, pass == 0 ? CAIRO_OPERATOR_OVER : CAIRO_OPERATOR_SOURCE);
      gdk_cairo_set_source_rgba (cr, &color);
      for (int m = 0; m < 2; m++)
        {
          limb (cr, b, arm, G_N_ELEMENTS (arm) / 2, 0.10 + grow, m);
          cairo_stroke (cr);
          limb (cr, b, leg, G_N_ELEMENTS (leg) / 2, 0.145 + grow, m);
          cairo_stroke (cr);
        }

      /* Torso */
      cairo_set_line_width (cr, (0.06 + grow) * b->size.width);
      for (guint i = 0; i < G_N_ELEMENTS (torso) / 2; i++)
        {
          if (i == 0)
            cairo_move_to (cr, PX (b, torso[0]), PY (b, torso[1]));
          else
            cairo_line_to (cr, PX (b, torso[2 * i]), PY (b, torso[2 * i + 1]));
        }
      cairo_close_path (cr);
      cairo_fill_preserve (cr);
      cairo_stroke (cr);

      /* Neck */
      cairo_set_line_width (cr, (0.13 + grow) * b->size.width);
      cairo_move_to (cr, PX (b, 0.5), PY (b, 0.08));
      cairo_line_to (cr, PX (b, 0.5), PY (b, 0.15));
      cairo_stroke (cr);

      /* Head */
      cairo_save (cr);
      cairo_translate (cr, PX (b, 0.5), PY (b, 0.048));
      cairo_scale (cr, (0.095 + grow / 2) * b->size.width, (0.048 + grow / 4) * b->size.height);
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore (cr);
      cairo_fill (cr);
    }
  cairo_pop_group_to_source (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  cairo_paint_with_alpha (cr, line->alpha);
}

static void
hatch (cairo_t               *cr,
       const graphene_rect_t *r,
       const GdkRGBA         *color)
{
  cairo_save (cr);
  rounded_rect (cr, r, 6);
  cairo_clip (cr);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 2.5);
  for (double d = -r->size.height; d < r->size.width; d += 7)
    {
      cairo_move_to (cr, r->origin.x + d, r->origin.y + r->size.height);
      cairo_line_to (cr, r->origin.x + d + r->size.height, r->origin.y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_text (SpaBodyMap    *self,
           cairo_t       *cr,
           const char    *text,
           double         x,
           double         y,
           double         xalign,
           gboolean       bold,
           const GdkRGBA *color)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  int w, h;

  if (bold)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", text);
      pango_layout_set_markup (layout, markup, -1);
    }
  else
    pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, x - xalign * w, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

/* A region's pain number, centred; on a patch of @fill when the region is hatched. */
static void
draw_number (SpaBodyMap            *self,
             cairo_t               *cr,
             int                    value,
             const graphene_rect_t *r,
             const GdkRGBA         *fill,
             gboolean               patch)
{
  g_autofree char *number = g_strdup_printf ("%d", value);
  GdkRGBA white = { 1, 1, 1, 1 };
  GdkRGBA dark = { 0, 0, 0, 0.8 };
  double x = r->origin.x + r->size.width / 2;
  double y = r->origin.y + r->size.height / 2;

  if (patch)
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), number);
      graphene_rect_t box;
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      g_object_unref (layout);
      box = GRAPHENE_RECT_INIT (x - w / 2.0 - 7, y - h / 2.0 - 2, w + 14, h + 4);
      graphene_rect_intersection (&box, r, &box);
      rounded_rect (cr, &box, MIN (box.size.width, box.size.height) / 4);
      gdk_cairo_set_source_rgba (cr, fill);
      cairo_fill (cr);
    }
  draw_text (self, cr, number, x, y, 0.5, TRUE, value >= 6 ? &white : &dark);
}

static double
draw_legend_swatch (SpaBodyMap    *self,
                    cairo_t       *cr,
                    double         x,
                    double         y,
                    const GdkRGBA *fill,
                    gboolean       hatched,
                    gboolean       outline,
                    const char    *label,
                    const GdkRGBA *fg)
{
  graphene_rect_t r = GRAPHENE_RECT_INIT (x, y - 7, 18, 14);
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), label);
  int w, h;

  if (hatched)
    hatch (cr, &r, fill);
  else if (outline)
    {
      rounded_rect (cr, &r, 4);
      gdk_cairo_set_source_rgba (cr, fill);
      cairo_set_line_width (cr, 2.5);
      cairo_stroke (cr);
    }
  else
    {
      rounded_rect (cr, &r, 4);
      gdk_cairo_set_source_rgba (cr, fill);
      cairo_fill (cr);
    }

  pango_layout_get_pixel_size (layout, &w, &h);
  gdk_cairo_set_source_rgba (cr, fg);
  cairo_move_to (cr, x + 24, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);

  return x + 24 + w + 18;
}

static void
draw_legend (SpaBodyMap    *self,
             cairo_t       *cr,
             double         x,
             double         y,
             const GdkRGBA *fg)
{
  GdkRGBA dim = *fg;

  dim.alpha = 0.7;

  if (shows_treated (self))
    {
      GdkRGBA pain;

      pain_color (6, &pain);
      x = draw_legend_swatch (self, cr, x, y, &treated_color, FALSE, FALSE, _("Treated"), &dim);
      /* The intake's areas only show while the note is being written. */
      if (self->mode == SPA_BODY_MAP_MODE_TREATED)
        {
          x = draw_legend_swatch (self, cr, x, y, &pain, FALSE, TRUE, _("Pain on intake"), &dim);
          draw_legend_swatch (self, cr, x, y, &avoid_color, TRUE, FALSE, _("Avoid"), &dim);
        }
      return;
    }

  /* A 0–10 colour ramp, then the avoid hatch. */
  draw_text (self, cr, self->has_heat ? _("Average pain") : _("Pain"), x, y, 0, FALSE, &dim);
  {
    PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                                          self->has_heat ? _("Average pain") : _("Pain"));
    int w, h;

    pango_layout_get_pixel_size (layout, &w, &h);
    g_object_unref (layout);
    x += w + 10;
  }
  draw_text (self, cr, "0", x, y, 0, FALSE, &dim);
  x += 14;
  for (int i = 0; i <= 10; i++)
    {
      GdkRGBA color;
      graphene_rect_t r = GRAPHENE_RECT_INIT (x + i * 12, y - 7, 12, 14);

      pain_color (i, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      if (i == 0 || i == 10)
        {
          rounded_rect (cr, &r, 4);
          cairo_fill (cr);
          cairo_rectangle (cr, x + i * 12 + (i == 0 ? 6 : 0), y - 7, 6, 14);
        }
      else
        cairo_rectangle (cr, r.origin.x, r.origin.y, r.size.width, r.size.height);
      cairo_fill (cr);
    }
  x += 11 * 12 + 6;
  draw_text (self, cr, "10", x, y, 0, FALSE, &dim);
  x += 36;
  if (!self->has_heat)
    draw_legend_swatch (self, cr, x, y, &avoid_color, TRUE, FALSE, _("Avoid"), &dim);
}

static void
spa_body_map_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  SpaBodyMap *self = SPA_BODY_MAP (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg, fill, line, faint;
  guint n_regions;
  const SpaRegion *regions = spa_vocab_regions (&n_regions);
  gboolean treated_view = shows_treated (self);
  cairo_t *cr;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
G_GNUC_END_IGNORE_DEPRECATIONS

  fill = fg; fill.alpha = 0.08;
  line = fg; line.alpha = 0.40;
  faint = fg; faint.alpha = 0.13;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  for (int v = 0; v < 2; v++)
    {
      const graphene_rect_t *box = v == 0 ? &self->front_box : &self->back_box;
      GdkRGBA dim = fg;

      dim.alpha = 0.7;
      silhouette_path (cr, box, &fill, &line);
      draw_text (self, cr, v == 0 ? _("Front") : _("Back"),
                 box->origin.x + box->size.width / 2, LABEL_HEIGHT / 2.0, 0.5, TRUE, &dim);
    }

  for (guint i = 0; i < n_regions; i++)
    {
      RegionState *state = lookup_state (self, regions[i].code, FALSE);
      graphene_rect_t r;
      double radius;
      GdkRGBA number_color = { 0 };
      int number_value = -1;

      region_rect (self, &regions[i], &r);
      radius = MIN (r.size.width, r.size.height) / 2.5;

      if (!state_is_marked (self, state))
        {
          /* Unmarked regions show faintly, so that one sees where to click. */
          rounded_rect (cr, &r, radius);
          gdk_cairo_set_source_rgba (cr, &faint);
          cairo_set_line_width (cr, 1);
          cairo_stroke (cr);
          continue;
        }

      if (self->has_heat || (state->intensity >= 0 && !treated_view))
        {
          region_state_color (self, state, &number_color);
          number_value = self->has_heat ? (int)round (state->heat) : state->intensity;
          rounded_rect (cr, &r, radius);
          gdk_cairo_set_source_rgba (cr, &number_color);
          cairo_fill (cr);
        }

      if (treated_view)
        {
          if (state->treated)
            {
              GdkRGBA color = treated_color;

              color.alpha = 0.75;
              rounded_rect (cr, &r, radius);
              gdk_cairo_set_source_rgba (cr, &color);
              cairo_fill (cr);
            }
          if (state->intensity >= 0)
            {
              GdkRGBA color;

              pain_color (state->intensity, &color);
              rounded_rect (cr, &r, radius);
              gdk_cairo_set_source_rgba (cr, &color);
              cairo_set_line_width (cr, 3);
              cairo_stroke (cr);
            }
        }

      if (state->avoid && !self->has_heat)
        {
          hatch (cr, &r, &avoid_color);
          rounded_rect (cr, &r, radius);
          gdk_cairo_set_source_rgba (cr, &avoid_color);
          cairo_set_line_width (cr, 2);
          cairo_stroke (cr);
        }

      /* The number last, on a plain patch of its colour where the region is hatched,
       * so that the stripes never run through it. */
      if (number_value >= 0 && r.size.height >= 14 && r.size.width >= 14)
        draw_number (self, cr, number_value, &r, &number_color, state->avoid && !self->has_heat);
    }

  draw_legend (self, cr, self->front_box.origin.x,
               self->front_box.origin.y + self->front_box.size.height + LEGEND_HEIGHT / 2.0 + 4, &fg);

  cairo_destroy (cr);

  /* The buttons (focus rings, hover), the list and the popover. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
}

/* Layout */

/* The narrowest figures drawn beside the list; narrower, the list goes under them. */
#define MIN_FIGURE_WIDTH 100

/* Whether @width is too narrow for the list beside the figures (a phone): then the
 * figures take the whole width and the list comes under them. */
static gboolean
is_stacked (SpaBodyMap *self,
            int         width)
{
  int list_min;

  gtk_widget_measure (self->list_box, GTK_ORIENTATION_HORIZONTAL, -1, &list_min, NULL, NULL, NULL);
  return width < 2 * MIN_FIGURE_WIDTH + FIGURE_GAP + LIST_GAP + MAX (list_min, 200);
}

/* The figures' height for a width: as tall as fits beside the list (or above it when
 * stacked), up to 460. */
static double
figure_height_for_width (SpaBodyMap *self,
                         int         width,
                         int        *list_width)
{
  int list_min, list_nat, list_w;
  double area_w;

  gtk_widget_measure (self->list_box, GTK_ORIENTATION_HORIZONTAL, -1, &list_min, &list_nat, NULL, NULL);
  if (is_stacked (self, width))
    {
      if (list_width != NULL)
        *list_width = width;
      return CLAMP ((width - FIGURE_GAP) / 2 / FIGURE_ASPECT, 2 * MIN_FIGURE_WIDTH, 460);
    }
  list_w = CLAMP (width / 3, MAX (list_min, 200), MAX (list_nat, LIST_WIDTH + 40));
  area_w = width - list_w - LIST_GAP;
  if (list_width != NULL)
    *list_width = list_w;

  return CLAMP ((area_w - FIGURE_GAP) / 2 / FIGURE_ASPECT, 200, 460);
}

static GtkSizeRequestMode
spa_body_map_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
spa_body_map_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  SpaBodyMap *self = SPA_BODY_MAP (widget);
  int list_min, list_nat, list_w;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_measure (self->list_box, orientation, -1, &list_min, &list_nat, NULL, NULL);
      *minimum = MAX (2 * MIN_FIGURE_WIDTH + FIGURE_GAP, list_min);
      *natural = 2 * 230 + FIGURE_GAP + LIST_GAP + MAX (list_nat, LIST_WIDTH);
    }
  else
    {
      /* Scrolled containers allocate the minimum height, so ask for what looks right. */
      int width = for_size < 0 ? 760 : for_size;
      double box_h = figure_height_for_width (self, width, &list_w);

      gtk_widget_measure (self->list_box, orientation, list_w, &list_min, &list_nat, NULL, NULL);
      if (is_stacked (self, width))
        *minimum = *natural = LABEL_HEIGHT + box_h + LEGEND_HEIGHT + LIST_GAP + list_nat;
      else
        *minimum = *natural = MAX (LABEL_HEIGHT + box_h + LEGEND_HEIGHT, list_nat);
    }
}

static void
spa_body_map_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  SpaBodyMap *self = SPA_BODY_MAP (widget);
  int list_w, list_h;
  double area_w, box_h, box_w, x0;
  guint n_regions;
  const SpaRegion *regions = spa_vocab_regions (&n_regions);

  gboolean stacked = is_stacked (self, width);
  int list_y = 0;

  box_h = figure_height_for_width (self, width, &list_w);
  if (stacked)
    {
      gtk_widget_measure (self->list_box, GTK_ORIENTATION_VERTICAL, list_w,
                          NULL, &list_h, NULL, NULL);
      box_h = MAX (10, MIN (box_h, height - LABEL_HEIGHT - LEGEND_HEIGHT - LIST_GAP - list_h));
      area_w = width;
      list_y = LABEL_HEIGHT + box_h + LEGEND_HEIGHT + LIST_GAP;
    }
  else
    {
      box_h = MAX (10, MIN (box_h, height - LABEL_HEIGHT - LEGEND_HEIGHT));
      area_w = width - list_w - LIST_GAP;
    }
  box_w = box_h * FIGURE_ASPECT;
  /* Centred in their area, but never so far in that the legend would not fit. */
  x0 = MAX (0, (area_w - (2 * box_w + FIGURE_GAP)) / 2);
  if (!stacked)
    x0 = MIN (x0, 24);

  graphene_rect_init (&self->front_box, x0, LABEL_HEIGHT, box_w, box_h);
  graphene_rect_init (&self->back_box, x0 + box_w + FIGURE_GAP, LABEL_HEIGHT, box_w, box_h);

  for (guint i = 0; i < n_regions; i++)
    {
      GtkWidget *button = g_hash_table_lookup (self->buttons, regions[i].code);
      graphene_rect_t r;

      region_rect (self, &regions[i], &r);
      gtk_widget_size_allocate (button,
                                &(GtkAllocation) { floor (r.origin.x), floor (r.origin.y),
                                                   MAX (1, ceil (r.size.width)),
                                                   MAX (1, ceil (r.size.height)) },
                                -1);
    }

  gtk_widget_measure (self->list_box, GTK_ORIENTATION_VERTICAL, list_w, NULL, &list_h, NULL, NULL);
  gtk_widget_size_allocate (self->list_box,
                            &(GtkAllocation) { width - list_w, list_y, list_w,
                                               MAX (list_h, height - list_y) },
                            -1);

  if (self->popover != NULL && gtk_widget_get_visible (self->popover))
    gtk_popover_present (GTK_POPOVER (self->popover));
}

/* Behaviour */

static void
region_clicked_cb (GtkButton  *button,
                   SpaBodyMap *self)
{
  spa_body_map_activate_region (self, g_object_get_data (G_OBJECT (button), "region"));
}

static void
popover_show_value (SpaBodyMap *self)
{
  g_autofree char *text = g_strdup_printf (_("%d of 10"), (int)round (gtk_range_get_value (self->popover_scale)));

  gtk_label_set_label (self->popover_value, text);
}

static void
sync_popover (SpaBodyMap *self)
{
  RegionState *state = lookup_state (self, self->popover_region, FALSE);
  guint n, selected = 0;
  const SpaVocabEntry *qualities = spa_vocab_pain_qualities (&n);

  self->updating_popover = TRUE;
  gtk_label_set_label (self->popover_title, spa_vocab_region_label (self->popover_region));
  gtk_range_set_value (self->popover_scale, state && state->intensity >= 0 ? state->intensity : 5);
  popover_show_value (self);
  for (guint i = 0; state && state->quality && i < n; i++)
    if (g_str_equal (qualities[i].code, state->quality))
      selected = i + 1;
  gtk_drop_down_set_selected (self->popover_quality, selected);
  gtk_check_button_set_active (self->popover_avoid, state && state->avoid);
  gtk_editable_set_text (self->popover_reason, state && state->reason ? state->reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->popover_reason), state && state->avoid);
  self->updating_popover = FALSE;
}

static const char *
popover_quality (SpaBodyMap *self)
{
  guint n;
  const SpaVocabEntry *qualities = spa_vocab_pain_qualities (&n);
  guint selected = gtk_drop_down_get_selected (self->popover_quality);

  if (selected == 0 || selected > n)
    return NULL;
  return qualities[selected - 1].code;
}

static void
popover_value_changed_cb (SpaBodyMap *self)
{
  popover_show_value (self);
  if (self->updating_popover || self->popover_region == NULL)
    return;
  spa_body_map_set_region_pain (self, self->popover_region,
                                (int)round (gtk_range_get_value (self->popover_scale)),
                                popover_quality (self));
}

static void
popover_avoid_toggled_cb (SpaBodyMap *self)
{
  gboolean avoid = gtk_check_button_get_active (self->popover_avoid);

  gtk_widget_set_visible (GTK_WIDGET (self->popover_reason), avoid);
  if (self->updating_popover || self->popover_region == NULL)
    return;
  spa_body_map_set_region_avoid (self, self->popover_region, avoid,
                                 gtk_editable_get_text (self->popover_reason));
}

static void
popover_reason_changed_cb (SpaBodyMap *self)
{
  if (self->updating_popover || self->popover_region == NULL ||
      !gtk_check_button_get_active (self->popover_avoid))
    return;
  spa_body_map_set_region_avoid (self, self->popover_region, TRUE,
                                 gtk_editable_get_text (self->popover_reason));
}

static void
popover_done_cb (SpaBodyMap *self)
{
  RegionState *state = lookup_state (self, self->popover_region, FALSE);

  /* "Done" on a region never touched marks it with the rating shown. */
  if (self->popover_region != NULL && !state_is_marked (self, state))
    popover_value_changed_cb (self);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
popover_clear_cb (SpaBodyMap *self)
{
  if (self->popover_region != NULL && g_hash_table_remove (self->states, self->popover_region))
    changed (self);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
popover_closed_cb (SpaBodyMap *self)
{
  GtkWidget *button = self->popover_region ? g_hash_table_lookup (self->buttons, self->popover_region) : NULL;

  /* Back to the region, so that keyboard users carry on from where they were. */
  if (button != NULL)
    gtk_widget_grab_focus (button);
}

static void
build_popover (SpaBodyMap *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *caption = gtk_label_new (_("Pain intensity"));
  GtkWidget *caption_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *value = gtk_label_new (NULL);
  GtkWidget *scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 10, 1);
  GtkWidget *quality_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *quality_label = gtk_label_new (_("Quality"));
  GtkWidget *quality;
  GtkWidget *avoid = gtk_check_button_new_with_mnemonic (_("_Avoid this area"));
  GtkWidget *reason = gtk_entry_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *clear = gtk_button_new_with_mnemonic (_("_Clear"));
  GtkWidget *done = gtk_button_new_with_mnemonic (_("_Done"));
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  guint n;
  const SpaVocabEntry *qualities = spa_vocab_pain_qualities (&n);

  gtk_string_list_append (strings, C_("pain quality", "Not specified"));
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (strings, _(qualities[i].label));
  quality = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (strings)), NULL);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_size_request (box, 280, -1);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_add_css_class (caption, "caption-heading");

  /* The value sits in the caption row, where "Worst" cannot crowd it. */
  gtk_scale_set_draw_value (GTK_SCALE (scale), FALSE);
  gtk_scale_set_digits (GTK_SCALE (scale), 0);
  gtk_range_set_round_digits (GTK_RANGE (scale), 0);
  gtk_range_set_increments (GTK_RANGE (scale), 1, 1);
  gtk_scale_add_mark (GTK_SCALE (scale), 0, GTK_POS_BOTTOM, C_("pain", "None"));
  gtk_scale_add_mark (GTK_SCALE (scale), 5, GTK_POS_BOTTOM, NULL);
  gtk_scale_add_mark (GTK_SCALE (scale), 10, GTK_POS_BOTTOM, C_("pain", "Worst"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pain intensity, 0 to 10"), -1);

  gtk_label_set_xalign (GTK_LABEL (quality_label), 0);
  gtk_widget_set_hexpand (quality_label, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (quality), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Quality"), -1);
  gtk_box_append (GTK_BOX (quality_box), quality_label);
  gtk_box_append (GTK_BOX (quality_box), quality);

  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (reason), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason to avoid"), -1);

  gtk_widget_set_hexpand (clear, TRUE);
  gtk_widget_set_halign (clear, GTK_ALIGN_START);
  gtk_widget_add_css_class (clear, "flat");
  gtk_widget_add_css_class (done, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), clear);
  gtk_box_append (GTK_BOX (buttons), done);

  gtk_box_append (GTK_BOX (box), title);
  gtk_widget_set_hexpand (caption, TRUE);
  gtk_box_append (GTK_BOX (caption_box), caption);
  gtk_label_set_xalign (GTK_LABEL (value), 1);
  gtk_widget_add_css_class (value, "heading");
  gtk_widget_add_css_class (value, "numeric");
  gtk_box_append (GTK_BOX (caption_box), value);
  gtk_box_append (GTK_BOX (box), caption_box);
  gtk_box_append (GTK_BOX (box), scale);
  gtk_box_append (GTK_BOX (box), quality_box);
  gtk_box_append (GTK_BOX (box), avoid);
  gtk_box_append (GTK_BOX (box), reason);
  gtk_box_append (GTK_BOX (box), buttons);

  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_RIGHT);
  gtk_popover_set_default_widget (GTK_POPOVER (self->popover), done);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));

  self->popover_title = GTK_LABEL (title);
  self->popover_scale = GTK_RANGE (scale);
  self->popover_value = GTK_LABEL (value);
  self->popover_quality = GTK_DROP_DOWN (quality);
  self->popover_avoid = GTK_CHECK_BUTTON (avoid);
  self->popover_reason = GTK_EDITABLE (reason);

  g_signal_connect_swapped (scale, "value-changed", G_CALLBACK (popover_value_changed_cb), self);
  g_signal_connect_swapped (quality, "notify::selected", G_CALLBACK (popover_value_changed_cb), self);
  g_signal_connect_swapped (avoid, "toggled", G_CALLBACK (popover_avoid_toggled_cb), self);
  g_signal_connect_swapped (reason, "changed", G_CALLBACK (popover_reason_changed_cb), self);
  g_signal_connect_swapped (reason, "activate", G_CALLBACK (popover_done_cb), self);
  g_signal_connect_swapped (done, "clicked", G_CALLBACK (popover_done_cb), self);
  g_signal_connect_swapped (clear, "clicked", G_CALLBACK (popover_clear_cb), self);
  g_signal_connect_swapped (self->popover, "closed", G_CALLBACK (popover_closed_cb), self);
}

/*
 * Tab follows the vocabulary (the front figure head to feet, then the back), then the
 * list; GTK's default would sort by position and zigzag between the two figures. The
 * arrow keys keep GTK's geometric moves, so Up and Down walk along a figure.
 */
static gboolean
spa_body_map_focus (GtkWidget        *widget,
                    GtkDirectionType  direction)
{
  SpaBodyMap *self = SPA_BODY_MAP (widget);
  gboolean forward = direction == GTK_DIR_TAB_FORWARD;
  GtkWidget *focus_child;
  GtkWidget *child;

  if (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD)
    return GTK_WIDGET_CLASS (spa_body_map_parent_class)->focus (widget, direction);

  focus_child = gtk_widget_get_focus_child (widget);
  if (focus_child != NULL && gtk_widget_child_focus (focus_child, direction))
    return TRUE;

  if (focus_child != NULL)
    child = forward ? gtk_widget_get_next_sibling (focus_child) : gtk_widget_get_prev_sibling (focus_child);
  else
    child = forward ? gtk_widget_get_first_child (widget) : gtk_widget_get_last_child (widget);

  for (; child != NULL; child = forward ? gtk_widget_get_next_sibling (child) : gtk_widget_get_prev_sibling (child))
    if (child != self->popover && gtk_widget_child_focus (child, direction))
      return TRUE;

  return FALSE;
}

static void
spa_body_map_dispose (GObject *object)
{
  SpaBodyMap *self = SPA_BODY_MAP (object);
  GtkWidget *child;

  g_clear_pointer (&self->popover, gtk_widget_unparent);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  self->list_box = NULL;
  g_clear_pointer (&self->buttons, g_hash_table_unref);

  G_OBJECT_CLASS (spa_body_map_parent_class)->dispose (object);
}

static void
spa_body_map_finalize (GObject *object)
{
  SpaBodyMap *self = SPA_BODY_MAP (object);

  g_clear_pointer (&self->states, g_hash_table_unref);
  g_free (self->popover_region);

  G_OBJECT_CLASS (spa_body_map_parent_class)->finalize (object);
}

static void
spa_body_map_class_init (SpaBodyMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_body_map_dispose;
  object_class->finalize = spa_body_map_finalize;
  widget_class->snapshot = spa_body_map_snapshot;
  widget_class->measure = spa_body_map_measure;
  widget_class->get_request_mode = spa_body_map_get_request_mode;
  widget_class->focus = spa_body_map_focus;
  widget_class->size_allocate = spa_body_map_size_allocate;

  /**
   * SpaBodyMap::changed:
   *
   * The user changed a region (rating, avoid, treated); not emitted when a whole
   * record is loaded with the set_*_areas functions.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "bodymap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
spa_body_map_init (SpaBodyMap *self)
{
  guint n_regions;
  const SpaRegion *regions = spa_vocab_regions (&n_regions);
  GtkWidget *heading;

  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, region_state_free);
  self->buttons = g_hash_table_new (g_str_hash, g_str_equal);

  /* Front regions first, then back: the Tab order follows the drawing. */
  for (guint i = 0; i < n_regions; i++)
    {
      GtkWidget *button = gtk_button_new ();

      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "body-region");
      g_object_set_data (G_OBJECT (button), "region", (gpointer)regions[i].code);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(regions[i].label),
                                      -1);
      g_signal_connect (button, "clicked", G_CALLBACK (region_clicked_cb), self);
      gtk_widget_set_parent (button, GTK_WIDGET (self));
      g_hash_table_insert (self->buttons, (gpointer)regions[i].code, button);
    }

  self->list_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  heading = gtk_label_new (_("Marked Areas"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Marked areas"), -1);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  gtk_box_append (GTK_BOX (self->list_box), heading);
  gtk_box_append (GTK_BOX (self->list_box), GTK_WIDGET (self->list));
  gtk_widget_set_valign (self->list_box, GTK_ALIGN_START);
  gtk_widget_set_parent (self->list_box, GTK_WIDGET (self));

  build_popover (self);
  rebuild_list (self);
}

GtkWidget *
spa_body_map_new (void)
{
  return g_object_new (SPA_TYPE_BODY_MAP, NULL);
}

void
spa_body_map_set_mode (SpaBodyMap     *self,
                       SpaBodyMapMode  mode)
{
  g_return_if_fail (SPA_IS_BODY_MAP (self));

  if (self->mode == mode)
    return;
  self->mode = mode;
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  rebuild_list (self);
}

SpaBodyMapMode
spa_body_map_get_mode (SpaBodyMap *self)
{
  g_return_val_if_fail (SPA_IS_BODY_MAP (self), SPA_BODY_MAP_MODE_VIEW);
  return self->mode;
}

void
spa_body_map_clear (SpaBodyMap *self)
{
  g_return_if_fail (SPA_IS_BODY_MAP (self));

  g_hash_table_remove_all (self->states);
  self->has_heat = FALSE;
  rebuild_list (self);
}

static void
load_pain_area (const char *region,
                JsonObject *area,
                gpointer    data)
{
  RegionState *state = lookup_state (data, region, TRUE);

  state->intensity = CLAMP (json_object_get_int_member_with_default (area, "intensity", 0), 0, 10);
  g_free (state->quality);
  state->quality = g_strdup (spa_clinical_area_get_string (area, "quality"));
  g_free (state->note);
  state->note = g_strdup (spa_clinical_area_get_string (area, "note"));
}

static void
load_avoid_area (const char *region,
                 JsonObject *area,
                 gpointer    data)
{
  RegionState *state = lookup_state (data, region, TRUE);

  state->avoid = TRUE;
  g_free (state->reason);
  state->reason = g_strdup (spa_clinical_area_get_string (area, "reason"));
}

/* The regions that @include accepts as a JSON array of objects, in vocabulary order;
 * @add_members writes each object's members after "region". */
static JsonNode *
build_areas (SpaBodyMap *self,
             gboolean  (*include) (RegionState *state),
             void      (*add_members) (JsonBuilder *builder,
                                       RegionState *state))
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n_regions;
  const SpaRegion *regions = spa_vocab_regions (&n_regions);

  json_builder_begin_array (builder);
  for (guint i = 0; i < n_regions; i++)
    {
      RegionState *state = lookup_state (self, regions[i].code, FALSE);

      if (state == NULL || !include (state))
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "region");
      json_builder_add_string_value (builder, regions[i].code);
      add_members (builder, state);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL && *value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
clear_every_state (SpaBodyMap *self,
                   void      (*clear) (RegionState *state))
{
  GHashTableIter iter;
  RegionState *state;

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&state))
    clear (state);
}

static void
clear_pain (RegionState *state)
{
  state->intensity = -1;
  g_clear_pointer (&state->quality, g_free);
  g_clear_pointer (&state->note, g_free);
}

static void
clear_avoid (RegionState *state)
{
  state->avoid = FALSE;
  g_clear_pointer (&state->reason, g_free);
}

static void
clear_treated (RegionState *state)
{
  state->treated = FALSE;
}

static gboolean
has_pain (RegionState *state)
{
  return state->intensity >= 0;
}

static void
add_pain_members (JsonBuilder *builder,
                  RegionState *state)
{
  json_builder_set_member_name (builder, "intensity");
  json_builder_add_int_value (builder, state->intensity);
  add_string_or_null (builder, "quality", state->quality);
  add_string_or_null (builder, "note", state->note);
}

static gboolean
has_avoid (RegionState *state)
{
  return state->avoid;
}

static void
add_avoid_members (JsonBuilder *builder,
                   RegionState *state)
{
  add_string_or_null (builder, "reason", state->reason);
}

/**
 * spa_body_map_set_pain_areas:
 * @areas: (nullable): a pain_areas JSON array ([{region, intensity, quality, note}])
 */
void
spa_body_map_set_pain_areas (SpaBodyMap *self,
                             JsonNode   *areas)
{
  g_return_if_fail (SPA_IS_BODY_MAP (self));

  clear_every_state (self, clear_pain);

  spa_clinical_foreach_area (areas, load_pain_area, self);
  rebuild_list (self);
}

/**
 * spa_body_map_dup_pain_areas:
 *
 * Returns: (transfer full): the pain_areas JSON array, in vocabulary order
 */
JsonNode *
spa_body_map_dup_pain_areas (SpaBodyMap *self)
{
  g_return_val_if_fail (SPA_IS_BODY_MAP (self), NULL);
  return build_areas (self, has_pain, add_pain_members);
}

void
spa_body_map_set_avoid_areas (SpaBodyMap *self,
                              JsonNode   *areas)
{
  g_return_if_fail (SPA_IS_BODY_MAP (self));

  clear_every_state (self, clear_avoid);

  spa_clinical_foreach_area (areas, load_avoid_area, self);
  rebuild_list (self);
}

/**
 * spa_body_map_dup_avoid_areas:
 *
 * Returns: (transfer full): the avoid_areas JSON array ([{region, reason}])
 */
JsonNode *
spa_body_map_dup_avoid_areas (SpaBodyMap *self)
{
  g_return_val_if_fail (SPA_IS_BODY_MAP (self), NULL);
  return build_areas (self, has_avoid, add_avoid_members);
}

void
spa_body_map_set_treated (SpaBodyMap         *self,
                          const char * const *regions)
{
  g_return_if_fail (SPA_IS_BODY_MAP (self));

  clear_every_state (self, clear_treated);

  for (guint i = 0; regions != NULL && regions[i]; i++)
    if (spa_vocab_find_region (regions[i]) != NULL)
      lookup_state (self, regions[i], TRUE)->treated = TRUE;

  rebuild_list (self);
}

/**
 * spa_body_map_dup_treated:
 *
 * Returns: (transfer full): the treated regions' codes, in vocabulary order
 */
char **
spa_body_map_dup_treated (SpaBodyMap *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n_regions;
  const SpaRegion *regions = spa_vocab_regions (&n_regions);

  for (guint i = 0; i < n_regions; i++)
    {
      RegionState *state = lookup_state (self, regions[i].code, FALSE);

      if (state != NULL && state->treated)
        g_strv_builder_add (builder, regions[i].code);
    }

  return g_strv_builder_end (builder);
}

/**
 * spa_body_map_set_heat:
 * @intensity: 0–10, or a negative value to clear the region
 * @description: (nullable): what the list and screen readers say about the region
 *
 * Turns the map into a heat map (see the progress view): regions coloured by a value
 * computed elsewhere, such as the average pain over time.
 */
void
spa_body_map_set_heat (SpaBodyMap *self,
                       const char *region,
                       double      intensity,
                       const char *description)
{
  RegionState *state;

  g_return_if_fail (SPA_IS_BODY_MAP (self));
  g_return_if_fail (spa_vocab_find_region (region) != NULL);

  self->has_heat = TRUE;
  state = lookup_state (self, region, TRUE);
  state->heat = intensity < 0 ? -1 : CLAMP (intensity, 0, 10);
  g_free (state->heat_text);
  state->heat_text = g_strdup (description);
  rebuild_list (self);
}

/**
 * spa_body_map_set_region_pain:
 * @intensity: 0–10, or -1 to remove the rating
 * @quality: (nullable): a pain quality code
 *
 * What the popover does; emits #SpaBodyMap::changed.
 */
void
spa_body_map_set_region_pain (SpaBodyMap *self,
                              const char *region,
                              int         intensity,
                              const char *quality)
{
  RegionState *state;

  g_return_if_fail (SPA_IS_BODY_MAP (self));
  g_return_if_fail (spa_vocab_find_region (region) != NULL);
  g_return_if_fail (intensity >= -1 && intensity <= 10);

  state = lookup_state (self, region, TRUE);
  if (state->intensity == intensity && g_strcmp0 (state->quality, quality) == 0)
    return;
  state->intensity = intensity;
  g_free (state->quality);
  state->quality = intensity >= 0 ? g_strdup (quality) : NULL;
  changed (self);
}

int
spa_body_map_get_region_pain (SpaBodyMap *self,
                              const char *region)
{
  RegionState *state = lookup_state (self, region, FALSE);

  return state ? state->intensity : -1;
}

void
spa_body_map_set_region_avoid (SpaBodyMap *self,
                               const char *region,
                               gboolean    avoid,
                               const char *reason)
{
  RegionState *state;

  g_return_if_fail (SPA_IS_BODY_MAP (self));
  g_return_if_fail (spa_vocab_find_region (region) != NULL);

  state = lookup_state (self, region, TRUE);
  if (state->avoid == !!avoid && g_strcmp0 (state->reason, reason) == 0)
    return;
  state->avoid = !!avoid;
  g_free (state->reason);
  state->reason = avoid && reason && *reason ? g_strdup (reason) : NULL;
  changed (self);
}

gboolean
spa_body_map_get_region_avoid (SpaBodyMap *self,
                               const char *region)
{
  RegionState *state = lookup_state (self, region, FALSE);

  return state != NULL && state->avoid;
}

gboolean
spa_body_map_get_region_treated (SpaBodyMap *self,
                                 const char *region)
{
  RegionState *state = lookup_state (self, region, FALSE);

  return state != NULL && state->treated;
}

/**
 * spa_body_map_activate_region:
 *
 * What a click, Enter or Space on a region does: in pain mode open the rating
 * popover, in treated mode toggle the region; nothing when read-only.
 */
void
spa_body_map_activate_region (SpaBodyMap *self,
                              const char *region)
{
  GtkWidget *button;
  graphene_rect_t bounds;

  g_return_if_fail (SPA_IS_BODY_MAP (self));
  g_return_if_fail (spa_vocab_find_region (region) != NULL);

  button = g_hash_table_lookup (self->buttons, region);

  if (self->mode == SPA_BODY_MAP_MODE_TREATED)
    {
      RegionState *state = lookup_state (self, region, TRUE);

      state->treated = !state->treated;
      changed (self);
      return;
    }

  if (self->mode != SPA_BODY_MAP_MODE_PAIN)
    return;

  g_free (self->popover_region);
  self->popover_region = g_strdup (region);
  sync_popover (self);

  if (gtk_widget_compute_bounds (button, GTK_WIDGET (self), &bounds))
    gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                                 &(GdkRectangle) { bounds.origin.x, bounds.origin.y,
                                                   bounds.size.width, bounds.size.height });
  gtk_popover_popup (GTK_POPOVER (self->popover));
  gtk_widget_grab_focus (GTK_WIDGET (self->popover_scale));
}

/**
 * spa_body_map_get_region_widget:
 *
 * Returns: (transfer none): the focusable button laid over @region
 */
GtkWidget *
spa_body_map_get_region_widget (SpaBodyMap *self,
                                const char *region)
{
  g_return_val_if_fail (SPA_IS_BODY_MAP (self), NULL);
  return g_hash_table_lookup (self->buttons, region);
}

/**
 * spa_body_map_region_at:
 *
 * Returns: (nullable): the code of the region at (@x, @y) in widget coordinates
 */
const char *
spa_body_map_region_at (SpaBodyMap *self,
                        double      x,
                        double      y)
{
  GtkWidget *child = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);

  while (child != NULL && gtk_widget_get_parent (child) != GTK_WIDGET (self))
    child = gtk_widget_get_parent (child);

  return child ? g_object_get_data (G_OBJECT (child), "region") : NULL;
}

GtkPopover *
spa_body_map_get_popover (SpaBodyMap *self)
{
  g_return_val_if_fail (SPA_IS_BODY_MAP (self), NULL);
  return GTK_POPOVER (self->popover);
}

GtkRange *
spa_body_map_get_popover_scale (SpaBodyMap *self)
{
  g_return_val_if_fail (SPA_IS_BODY_MAP (self), NULL);
  return self->popover_scale;
}

GtkListBox *
spa_body_map_get_list (SpaBodyMap *self)
{
  g_return_val_if_fail (SPA_IS_BODY_MAP (self), NULL);
  return self->list;
}

/* Paper */

static void
paper_text (cairo_t       *cr,
            const char    *text,
            const char    *font,
            double         x,
            double         y,
            const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, &w, &h);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, x - (double)w / PANGO_SCALE / 2, y - (double)h / PANGO_SCALE / 2);
  pango_cairo_show_layout (cr, layout);
}

static void
paper_pain_cb (const char *region,
               JsonObject *area,
               gpointer    user_data)
{
  JsonNode *intensity = json_object_get_member (area, "intensity");

  if (intensity != NULL && JSON_NODE_HOLDS_VALUE (intensity))
    g_hash_table_insert (user_data, (gpointer)region,
                         GINT_TO_POINTER (CLAMP ((int)json_node_get_int (intensity), 0, 10) + 1));
}

static void
paper_avoid_cb (const char *region,
                JsonObject *area,
                gpointer    user_data)
{
  g_hash_table_add (user_data, (gpointer)region);
}

/**
 * spa_body_map_draw_paper:
 * @cr: where to draw, (0, 0) the top left of the space
 * @width: the space's width
 * @height: its height
 * @pain_areas: (nullable): an intake's `pain_areas`
 * @avoid_areas: (nullable): its `avoid_areas`
 *
 * Draws the body map as it goes on paper (a printed or saved intake form): the front
 * and back figures side by side, each region in pain filled with its intensity's
 * colour and numbered, each region to avoid hatched, the others outlined faintly; the
 * shapes and colours of the widget, without it.
 */
void
spa_body_map_draw_paper (cairo_t  *cr,
                         double    width,
                         double    height,
                         JsonNode *pain_areas,
                         JsonNode *avoid_areas)
{
  g_autoptr(GHashTable) pain = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) avoid = g_hash_table_new (g_str_hash, g_str_equal);
  static const GdkRGBA ink = { 0.13, 0.15, 0.17, 1 };
  static const GdkRGBA white = { 1, 1, 1, 1 };
  GdkRGBA fill = ink, line = ink, faint = ink;
  double figure_height = height - LABEL_HEIGHT;
  double figure_width = figure_height * FIGURE_ASPECT;
  double left = (width - 2 * figure_width - FIGURE_GAP) / 2;
  guint n_regions;
  const SpaRegion *regions = spa_vocab_regions (&n_regions);

  g_return_if_fail (cr != NULL);

  if (pain_areas != NULL)
    spa_clinical_foreach_area (pain_areas, paper_pain_cb, pain);
  if (avoid_areas != NULL)
    spa_clinical_foreach_area (avoid_areas, paper_avoid_cb, avoid);
  fill.alpha = 0.06;
  line.alpha = 0.45;
  faint.alpha = 0.18;

  cairo_save (cr);
  for (int v = 0; v < 2; v++)
    {
      graphene_rect_t box = GRAPHENE_RECT_INIT (left + v * (figure_width + FIGURE_GAP),
                                                LABEL_HEIGHT, figure_width, figure_height);

      silhouette_path (cr, &box, &fill, &line);
      paper_text (cr, v == 0 ? _("Front") : _("Back"), "Sans Bold 9",
                  box.origin.x + box.size.width / 2, LABEL_HEIGHT / 2.0, &ink);
      for (guint i = 0; i < n_regions; i++)
        {
          const SpaRegion *region = &regions[i];
          int value = GPOINTER_TO_INT (g_hash_table_lookup (pain, region->code)) - 1;
          gboolean avoided = g_hash_table_contains (avoid, region->code);
          graphene_rect_t r;
          double radius;

          if ((int)region->view != (v == 0 ? SPA_BODY_VIEW_FRONT : SPA_BODY_VIEW_BACK))
            continue;
          graphene_rect_init (&r, box.origin.x + region->x * box.size.width,
                              box.origin.y + region->y * box.size.height,
                              region->width * box.size.width, region->height * box.size.height);
          radius = MIN (r.size.width, r.size.height) / 2.5;
          if (value >= 0)
            {
              GdkRGBA color;

              pain_color (value, &color);
              rounded_rect (cr, &r, radius);
              gdk_cairo_set_source_rgba (cr, &color);
              cairo_fill (cr);
            }
          if (avoided)
            hatch (cr, &r, &avoid_color);
          rounded_rect (cr, &r, radius);
          gdk_cairo_set_source_rgba (cr, avoided ? &avoid_color : &faint);
          cairo_set_line_width (cr, avoided ? 1.5 : 0.6);
          cairo_stroke (cr);
          if (value >= 0)
            {
              g_autofree char *number = g_strdup_printf ("%d", value);

              paper_text (cr, number, "Sans Bold 8", r.origin.x + r.size.width / 2,
                          r.origin.y + r.size.height / 2, value >= 6 ? &white : &ink);
            }
        }
    }
  cairo_restore (cr);
}
