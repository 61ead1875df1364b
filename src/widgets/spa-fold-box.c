/* spa-fold-box.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-fold-box"

#include "config.h"

#include "spa-fold-box.h"

/*
 * Children side by side where their minimum widths fit, one under the other where they
 * do not: a chart beside its table on a desk, under it on a phone. Its minimum width
 * is the widest child's, whichever way it is laid out, so that a narrow window never
 * has to be wide first (a box that changed its own orientation from its allocation
 * would ask for the side-by-side width, then the stacked one, each frame).
 *
 * As a GtkOrientable: horizontal (the default) folds as above; vertical always stacks.
 * Side by side, the children share the width as a GtkBox shares it (each its minimum,
 * then towards its natural width, what is left to those that expand).
 */

struct _SpaFoldBox
{
  GtkWidget      parent_instance;

  GtkOrientation orientation;
  int            spacing;
};

enum
{
  PROP_0,
  PROP_SPACING,
  N_PROPS,
  PROP_ORIENTATION,
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE_WITH_CODE (SpaFoldBox, spa_fold_box, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_ORIENTABLE, NULL))

static guint
count_visible (SpaFoldBox *self)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      n++;
  return n;
}

/* Whether @width is too narrow for the children side by side. */
static gboolean
is_folded_at (SpaFoldBox *self,
              int         width)
{
  int needed = 0;
  guint n = 0;

  if (self->orientation == GTK_ORIENTATION_VERTICAL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      {
        int minimum;

        gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
        needed += minimum + (n++ > 0 ? self->spacing : 0);
      }
  return width < needed;
}

/* The children's widths side by side in @width, as a GtkBox shares it; in @sizes, one
 * per visible child (n_visible of them). */
static void
share_width (SpaFoldBox       *self,
             int               width,
             GtkRequestedSize *sizes,
             guint             n_visible)
{
  int extra = width - (int)(n_visible - 1) * self->spacing;
  guint n_expand = 0;
  guint i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      {
        gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &sizes[i].minimum_size,
                            &sizes[i].natural_size, NULL, NULL);
        sizes[i].data = child;
        extra -= sizes[i].minimum_size;
        if (gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL))
          n_expand++;
        i++;
      }
  extra = gtk_distribute_natural_allocation (MAX (extra, 0), n_visible, sizes);
  /* What is left goes to those that expand, the last one taking the rounding. */
  for (i = 0; i < n_visible && n_expand > 0; i++)
    if (gtk_widget_compute_expand (sizes[i].data, GTK_ORIENTATION_HORIZONTAL))
      {
        int share = extra / (int)n_expand;

        sizes[i].minimum_size += share;
        extra -= share;
        n_expand--;
      }
}

static void
spa_fold_box_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  SpaFoldBox *self = SPA_FOLD_BOX (widget);
  guint n_visible = count_visible (self);
  guint n = 0;

  *minimum = *natural = 0;
  if (n_visible == 0)
    return;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int side_by_side = 0;

      for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
           child = gtk_widget_get_next_sibling (child))
        if (gtk_widget_should_layout (child))
          {
            int child_min, child_nat;

            gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
            *minimum = MAX (*minimum, child_min);
            *natural = MAX (*natural, child_nat);
            side_by_side += child_nat + (n++ > 0 ? self->spacing : 0);
          }
      if (self->orientation == GTK_ORIENTATION_HORIZONTAL)
        *natural = side_by_side;
    }
  else if (for_size < 0 || is_folded_at (self, for_size))
    {
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
           child = gtk_widget_get_next_sibling (child))
        if (gtk_widget_should_layout (child))
          {
            int child_min, child_nat;

            gtk_widget_measure (child, orientation, for_size, &child_min, &child_nat, NULL, NULL);
            *minimum += child_min + (n > 0 ? self->spacing : 0);
            *natural += child_nat + (n > 0 ? self->spacing : 0);
            n++;
          }
    }
  else
    {
      g_autofree GtkRequestedSize *sizes = g_new0 (GtkRequestedSize, n_visible);

      share_width (self, for_size, sizes, n_visible);
      for (guint i = 0; i < n_visible; i++)
        {
          int child_min, child_nat;

          gtk_widget_measure (sizes[i].data, orientation, sizes[i].minimum_size, &child_min,
                              &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
    }
}

static void
spa_fold_box_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  SpaFoldBox *self = SPA_FOLD_BOX (widget);
  guint n_visible = count_visible (self);
  g_autofree GtkRequestedSize *sizes = NULL;
  int x = 0, y = 0, extra = height;
  guint n_expand = 0;
  guint i = 0;

  if (n_visible == 0)
    return;

  if (!is_folded_at (self, width))
    {
      sizes = g_new0 (GtkRequestedSize, n_visible);
      share_width (self, width, sizes, n_visible);
      for (i = 0; i < n_visible; i++)
        {
          gtk_widget_allocate (sizes[i].data, sizes[i].minimum_size, height, -1,
                               gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (x, 0)));
          x += sizes[i].minimum_size + self->spacing;
        }
      return;
    }

  /* Stacked: each child its height for the width, towards its natural one, what is
   * left to those that expand. */
  sizes = g_new0 (GtkRequestedSize, n_visible);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      {
        gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &sizes[i].minimum_size,
                            &sizes[i].natural_size, NULL, NULL);
        sizes[i].data = child;
        extra -= sizes[i].minimum_size + (i > 0 ? self->spacing : 0);
        if (gtk_widget_compute_expand (child, GTK_ORIENTATION_VERTICAL))
          n_expand++;
        i++;
      }
  extra = gtk_distribute_natural_allocation (MAX (extra, 0), n_visible, sizes);
  for (i = 0; i < n_visible; i++)
    {
      int child_height = sizes[i].minimum_size;

      if (n_expand > 0 && gtk_widget_compute_expand (sizes[i].data, GTK_ORIENTATION_VERTICAL))
        {
          int share = extra / (int)n_expand;

          child_height += share;
          extra -= share;
          n_expand--;
        }
      gtk_widget_allocate (sizes[i].data, width, child_height, -1,
                           gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, y)));
      y += child_height + self->spacing;
    }
}

static GtkSizeRequestMode
spa_fold_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
spa_fold_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (spa_fold_box_parent_class)->dispose (object);
}

static void
spa_fold_box_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SpaFoldBox *self = SPA_FOLD_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    case PROP_ORIENTATION:
      g_value_set_enum (value, self->orientation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spa_fold_box_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SpaFoldBox *self = SPA_FOLD_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      if (self->spacing != g_value_get_int (value))
        {
          self->spacing = g_value_get_int (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_ORIENTATION:
      if (self->orientation != (GtkOrientation)g_value_get_enum (value))
        {
          self->orientation = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spa_fold_box_class_init (SpaFoldBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_fold_box_dispose;
  object_class->get_property = spa_fold_box_get_property;
  object_class->set_property = spa_fold_box_set_property;
  widget_class->measure = spa_fold_box_measure;
  widget_class->size_allocate = spa_fold_box_size_allocate;
  widget_class->get_request_mode = spa_fold_box_get_request_mode;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_ORIENTATION, "orientation");
}

static void
spa_fold_box_init (SpaFoldBox *self)
{
  self->orientation = GTK_ORIENTATION_HORIZONTAL;
}

GtkWidget *
spa_fold_box_new (void)
{
  return g_object_new (SPA_TYPE_FOLD_BOX, NULL);
}

