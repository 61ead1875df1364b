/* spa-wrap-box.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-wrap-box"

#include "config.h"

#include "spa-wrap-box.h"

/*
 * Children in reading order, as many on a line as fit at their natural widths, the
 * rest on the next lines: the alert pills under a client's name. A child wider than a
 * whole line gets the line, and wraps inside (a pill's label). It asks for its height
 * for a width, always measuring its children the same way (width unconstrained, then
 * height for the width given), which GTK 4.8's non-homogeneous GtkFlowBox did not: it
 * reported a minimum height for no width smaller than for a very wide one, a layout
 * error, with wrapping labels inside.
 *
 * Its minimum width is its widest child's minimum; its height for no width given is
 * its height at that minimum width, the tallest it gets.
 */

struct _SpaWrapBox
{
  GtkWidget parent_instance;

  int       column_spacing;
  int       row_spacing;
};

enum
{
  PROP_0,
  PROP_COLUMN_SPACING,
  PROP_ROW_SPACING,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpaWrapBox, spa_wrap_box, GTK_TYPE_WIDGET)

/* Lays the children out in @width: each child's place, when @allocate, and the
 * height they take. */
static int
lay_out (SpaWrapBox *self,
         int         width,
         gboolean    allocate)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  GtkWidget *line_start = NULL;
  int x = 0, y = 0, line_height = 0;
  guint on_line = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));; )
    {
      int child_min = 0, child_nat = 0, child_width = 0, child_height = 0;
      gboolean ends_line = child == NULL;

      if (child != NULL && !gtk_widget_should_layout (child))
        {
          child = gtk_widget_get_next_sibling (child);
          continue;
        }
      if (child != NULL)
        {
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat,
                              NULL, NULL);
          child_width = CLAMP (child_nat, child_min, MAX (width, child_min));
          ends_line = on_line > 0 && x + self->column_spacing + child_width > width;
        }

      /* A full line: its children placed, then on to the next one. */
      if (ends_line && on_line > 0)
        {
          int line_x = 0;

          for (GtkWidget *placed = line_start; placed != child;
               placed = gtk_widget_get_next_sibling (placed))
            if (gtk_widget_should_layout (placed))
              {
                int placed_min, placed_nat, placed_width;

                gtk_widget_measure (placed, GTK_ORIENTATION_HORIZONTAL, -1, &placed_min,
                                    &placed_nat, NULL, NULL);
                placed_width = CLAMP (placed_nat, placed_min, MAX (width, placed_min));
                if (allocate)
                  gtk_widget_allocate (placed, placed_width, line_height, -1,
                                       gsk_transform_translate (
                                         NULL, &GRAPHENE_POINT_INIT (
                                                 rtl ? width - line_x - placed_width : line_x, y)));
                line_x += placed_width + self->column_spacing;
              }
          y += line_height + self->row_spacing;
          x = 0;
          line_height = 0;
          on_line = 0;
        }
      if (child == NULL)
        break;

      if (on_line == 0)
        line_start = child;
      else
        x += self->column_spacing;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, &child_height, NULL,
                          NULL, NULL);
      line_height = MAX (line_height, child_height);
      x += child_width;
      on_line++;
      child = gtk_widget_get_next_sibling (child);
    }

  return MAX (y - self->row_spacing, 0);
}

static void
spa_wrap_box_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  SpaWrapBox *self = SPA_WRAP_BOX (widget);
  int widest = 0, in_one_line = 0;
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      {
        int child_min, child_nat;

        gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL,
                            NULL);
        widest = MAX (widest, child_min);
        in_one_line += child_nat + (n++ > 0 ? self->column_spacing : 0);
      }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = widest;
      *natural = MAX (widest, in_one_line);
    }
  else if (for_size < 0)
    /* The tallest it gets: at its minimum width, and never less than on one line. */
    *minimum = *natural = MAX (lay_out (self, widest, FALSE),
                               lay_out (self, MAX (widest, in_one_line), FALSE));
  else
    *minimum = *natural = lay_out (self, MAX (for_size, widest), FALSE);
}

static void
spa_wrap_box_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  lay_out (SPA_WRAP_BOX (widget), width, TRUE);
}

static GtkSizeRequestMode
spa_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
spa_wrap_box_dispose (GObject *object)
{
  spa_wrap_box_remove_all (SPA_WRAP_BOX (object));

  G_OBJECT_CLASS (spa_wrap_box_parent_class)->dispose (object);
}

static void
spa_wrap_box_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SpaWrapBox *self = SPA_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_COLUMN_SPACING:
      g_value_set_int (value, self->column_spacing);
      break;
    case PROP_ROW_SPACING:
      g_value_set_int (value, self->row_spacing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spa_wrap_box_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SpaWrapBox *self = SPA_WRAP_BOX (object);
  int *spacing;

  switch (prop_id)
    {
    case PROP_COLUMN_SPACING:
      spacing = &self->column_spacing;
      break;
    case PROP_ROW_SPACING:
      spacing = &self->row_spacing;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (*spacing != g_value_get_int (value))
    {
      *spacing = g_value_get_int (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      g_object_notify_by_pspec (object, pspec);
    }
}

static void
spa_wrap_box_class_init (SpaWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_wrap_box_dispose;
  object_class->get_property = spa_wrap_box_get_property;
  object_class->set_property = spa_wrap_box_set_property;
  widget_class->measure = spa_wrap_box_measure;
  widget_class->size_allocate = spa_wrap_box_size_allocate;
  widget_class->get_request_mode = spa_wrap_box_get_request_mode;

  properties[PROP_COLUMN_SPACING] =
    g_param_spec_int ("column-spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROW_SPACING] =
    g_param_spec_int ("row-spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
spa_wrap_box_init (SpaWrapBox *self)
{
}

GtkWidget *
spa_wrap_box_new (void)
{
  return g_object_new (SPA_TYPE_WRAP_BOX, NULL);
}

/**
 * spa_wrap_box_append:
 * @child: a widget without a parent
 *
 * Adds @child after the others.
 */
void
spa_wrap_box_append (SpaWrapBox *self,
                     GtkWidget  *child)
{
  g_return_if_fail (SPA_IS_WRAP_BOX (self));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_set_parent (child, GTK_WIDGET (self));
  /* Measured anew even while hidden: GTK keeps the sizes it measured before. */
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Removes every child. */
void
spa_wrap_box_remove_all (SpaWrapBox *self)
{
  GtkWidget *child;

  g_return_if_fail (SPA_IS_WRAP_BOX (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
