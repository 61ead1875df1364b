/* spa-day-calendar.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-day-calendar"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-day-calendar-private.h"

/*
 * The day calendar: one column per active therapist (or, in the week view, one per
 * day for one therapist), time down the side on a 15-minute grid, working hours
 * shaded, bookings as cards in the therapist's colour.
 *
 * It scrolls itself (GtkScrollable) so that the therapist names and the hours stay in
 * view, and it only draws what is in the viewport: grid rows, column headers and
 * cards outside it are skipped, and off-screen cards are not even allocated. Cards
 * are real buttons (focusable, Enter opens the booking's actions, an accessible
 * label that reads the whole booking); their coloured backgrounds are drawn here.
 */

#define HEADER_HEIGHT 52
#define GUTTER_WIDTH 64
#define MIN_COLUMN_WIDTH 150
#define PIXELS_PER_HOUR 88.0
#define PX_PER_MIN (PIXELS_PER_HOUR / 60.0)
#define CARD_INSET 3

typedef struct
{
  char      *therapist_id;
  char      *title;
  char      *subtitle;
  GDateTime *day;        /* local midnight */
  GArray    *intervals;  /* working hours, minute pairs */
  GdkRGBA    color;
} Column;

typedef struct
{
  const SpaDayBooking *booking;  /* in the calendar's day_bookings */
  GtkWidget *button;
  guint      column;
  int        start;      /* minutes after local midnight */
  int        end;
  int        cleanup_end;
  GdkRGBA    color;
  gboolean   active;
  GtkWidget *time_label; /* with paid_label, on the first line */
  GtkWidget *paid_label; /* or NULL */
  char      *times;      /* "10:00 – 11:00" */
  char      *from;       /* "10:00" */
} Card;

struct _SpaDayCalendar
{
  GtkWidget      parent_instance;

  SpaCalendarModel *model;    /* what it shows */
  GTimeZone     *zone;
  GDateTime     *now;
  GDateTime     *day;           /* first day shown */
  char          *week_therapist; /* NULL in the day view */
  char          *day_therapist;  /* the day view's only column, or NULL for all */

  GArray        *columns;       /* Column */
  GPtrArray     *cards;         /* Card */
  int            first_minute;
  int            last_minute;
  double         column_width;
  guint          n_drawn_cards;
  int            pending_scroll;  /* minute to scroll to once allocated, or -1 */
  guint          reload_id;
  /* Cards are widgets: while the calendar is not shown (at start-up, the Today or Clients
   * view is), a reload only notes that one is due, and happens when it is mapped or asked. */
  gboolean       dirty;

  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  guint          hscroll_policy : 1;
  guint          vscroll_policy : 1;

  /* Drag and drop */
  double         drag_offset_min;
  gboolean       drop_hover;
  guint          drop_column;
  int            drop_minute;
  int            drop_length;
};

static void spa_day_calendar_scrollable_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpaDayCalendar, spa_day_calendar, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, spa_day_calendar_scrollable_init))

enum {
  PROP_0,
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  SLOT_ACTIVATED,
  BOOKING_ACTIVATED,
  MOVE_REQUESTED,
  MOVE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
column_clear (Column *column)
{
  g_clear_pointer (&column->therapist_id, g_free);
  g_clear_pointer (&column->title, g_free);
  g_clear_pointer (&column->subtitle, g_free);
  g_clear_pointer (&column->day, g_date_time_unref);
  g_clear_pointer (&column->intervals, g_array_unref);
}

static void
card_free (Card *card)
{
  if (card->button != NULL)
    gtk_widget_unparent (card->button);
  g_free (card->times);
  g_free (card->from);
  g_free (card);
}

static double
hvalue (SpaDayCalendar *self)
{
  return self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0;
}

static double
vvalue (SpaDayCalendar *self)
{
  return self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

static double
minute_to_y (SpaDayCalendar *self,
             double          minute)
{
  return HEADER_HEIGHT + (minute - self->first_minute) * PX_PER_MIN - vvalue (self);
}

static double
column_to_x (SpaDayCalendar *self,
             guint           column)
{
  return GUTTER_WIDTH + column * self->column_width - hvalue (self);
}

/* Which column and minute (snapped to the grid) a point in the body falls on. */
static gboolean
point_to_slot (SpaDayCalendar *self,
               double          x,
               double          y,
               guint          *column,
               double         *minute)
{
  double col, min;

  if (x < GUTTER_WIDTH || y < HEADER_HEIGHT || self->columns->len == 0)
    return FALSE;

  col = (x - GUTTER_WIDTH + hvalue (self)) / self->column_width;
  min = (y - HEADER_HEIGHT + vvalue (self)) / PX_PER_MIN + self->first_minute;
  if (col < 0 || col >= self->columns->len || min < self->first_minute || min >= self->last_minute)
    return FALSE;

  *column = (guint)col;
  *minute = min;
  return TRUE;
}

static int
snap (double minute)
{
  return (int)(minute / SPA_DAY_CALENDAR_SLOT_MINUTES) * SPA_DAY_CALENDAR_SLOT_MINUTES;
}

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback,
              GdkRGBA    *rgba)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (!gtk_style_context_lookup_color (context, name, rgba))
    gdk_rgba_parse (rgba, fallback);
}

/* ---- Data ---------------------------------------------------------------- */

static int
local_minute (SpaDayCalendar *self,
              GDateTime      *column_day,
              const char     *utc)
{
  g_autoptr(GDateTime) dt = spa_time_parse_utc (utc);
  g_autoptr(GDateTime) local = NULL;

  if (dt == NULL)
    return 0;

  local = g_date_time_to_timezone (dt, self->zone);
  /* Minutes of wall-clock time, counted from the column's own day. */
  return (int)(g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local) +
               24 * 60 * (g_date_time_get_day_of_year (local) - g_date_time_get_day_of_year (column_day)));
}

static void card_clicked_cb (GtkButton *button, SpaDayCalendar *self);
static GdkContentProvider *card_drag_prepare_cb (GtkDragSource *source, double x, double y, SpaDayCalendar *self);
static void card_drag_begin_cb (GtkDragSource *source, GdkDrag *drag, SpaDayCalendar *self);

static GtkWidget *
make_card_button (SpaDayCalendar *self,
                  Card           *card,
                  const char     *client,
                  const char     *service,
                  const char     *room)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 1);
  GtkWidget *first_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *time_label, *client_label, *detail_label, *status_label;
  GtkDragSource *drag;
  const char *status = card->booking->status;
  /* A visit that took place may have been checked out at the till. */
  gboolean paid = (g_strcmp0 (status, "checked_in") == 0 || g_strcmp0 (status, "completed") == 0) &&
                  spa_calendar_model_is_paid (self->model, card->booking->id);
  g_autofree char *status_text = NULL;
  g_autofree char *from = spa_calendar_model_format_time (self->model, card->booking->starts_at);
  g_autofree char *to = spa_calendar_model_format_time (self->model, card->booking->ends_at);
  g_autofree char *times = g_strdup_printf ("%s – %s", from, to);
  g_autofree char *detail = room ? g_strdup_printf ("%s · %s", service, room) : g_strdup (service);
  g_autofree char *a11y = NULL;

  time_label = gtk_label_new (times);
  client_label = gtk_label_new (client);
  detail_label = gtk_label_new (detail);
  status_label = gtk_label_new (spa_booking_status_label (status));
  gtk_widget_add_css_class (time_label, "booking-card-time");
  gtk_widget_add_css_class (client_label, "booking-card-client");
  gtk_widget_add_css_class (detail_label, "booking-card-detail");
  gtk_widget_add_css_class (status_label, "booking-card-status");
  gtk_widget_add_css_class (status_label, status);
  for (GtkWidget *l = time_label; l != NULL; l = l == time_label ? client_label : l == client_label ? detail_label : l == detail_label ? status_label : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_label_set_ellipsize (GTK_LABEL (l), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (l == time_label ? first_row : box), l);
      if (l == time_label)
        gtk_box_append (GTK_BOX (box), first_row);
    }
  /* Paid beside the times, on the first line: a card of a short visit shows only it. */
  gtk_widget_set_hexpand (time_label, TRUE);
  card->time_label = time_label;
  card->paid_label = NULL;
  g_clear_pointer (&card->times, g_free);
  g_clear_pointer (&card->from, g_free);
  if (paid)
    {
      card->paid_label = gtk_label_new (_("Paid"));
      gtk_widget_add_css_class (card->paid_label, "booking-card-paid");
      gtk_widget_set_hexpand (card->paid_label, TRUE);
      gtk_widget_set_halign (card->paid_label, GTK_ALIGN_END);
      gtk_box_append (GTK_BOX (first_row), card->paid_label);
      card->times = g_strdup (times);
      card->from = g_strdup (from);
    }

  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "booking-card");
  if (!card->active)
    gtk_widget_add_css_class (button, "inactive");
  gtk_widget_set_overflow (button, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_tooltip_text (button, detail);
  {
    /* Sync: a booking the server refused stays, flagged, until it is rescheduled. */
    g_autofree char *refused = NULL;

    switch (spa_calendar_model_get_sync (self->model, card->booking->id, &refused))
      {
      case SPA_CALENDAR_SYNC_REFUSED:
        gtk_label_set_label (GTK_LABEL (status_label), _("Refused by the server"));
        gtk_widget_add_css_class (button, "sync-rejected");
        gtk_widget_set_tooltip_text (button, refused);
        break;
      case SPA_CALENDAR_SYNC_UNCONFIRMED:
        gtk_label_set_label (GTK_LABEL (status_label), _("Not yet confirmed"));
        break;
      case SPA_CALENDAR_SYNC_NONE:
      default:
        break;
      }
  }

  /* TRANSLATORS: a booking's status on its card, read aloud, when the visit is paid */
  status_text = paid ? g_strdup_printf (_("%s, paid"), spa_booking_status_label (status))
                     : g_strdup (spa_booking_status_label (status));
  /* TRANSLATORS: accessible label of a booking card: times, client, service and room, status */
  a11y = g_strdup_printf (_("%s, %s, %s, %s. Press Enter for actions."), times, client, detail,
                          status_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);

  g_object_set_data (G_OBJECT (button), "card", card);
  g_signal_connect_object (button, "clicked", G_CALLBACK (card_clicked_cb), self, 0);

  if (card->active)
    {
      drag = gtk_drag_source_new ();
      gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
      g_signal_connect_object (drag, "prepare", G_CALLBACK (card_drag_prepare_cb), self, 0);
      g_signal_connect_object (drag, "drag-begin", G_CALLBACK (card_drag_begin_cb), self, 0);
      gtk_widget_add_controller (button, GTK_EVENT_CONTROLLER (drag));
    }

  gtk_widget_set_parent (button, GTK_WIDGET (self));
  return button;
}

static void
clear_data (SpaDayCalendar *self)
{
  g_ptr_array_set_size (self->cards, 0);
  g_array_set_size (self->columns, 0);
}

static void
add_column (SpaDayCalendar          *self,
            const SpaCalendarColumn *shown)
{
  Column column = { 0 };
  const char *color = shown->color;

  column.therapist_id = g_strdup (shown->therapist_id);
  column.title = g_strdup (shown->title);
  column.subtitle = g_strdup (shown->subtitle);
  column.day = g_date_time_ref (shown->day);
  column.intervals = g_array_ref (shown->intervals);
  if (color == NULL || !gdk_rgba_parse (&column.color, color))
    gdk_rgba_parse (&column.color, "#3584e4");
  g_array_append_val (self->columns, column);

  for (guint i = 0; i + 1 < column.intervals->len; i += 2)
    {
      self->first_minute = MIN (self->first_minute, g_array_index (column.intervals, int, i) / 60 * 60 - 60);
      self->last_minute = MAX (self->last_minute, (g_array_index (column.intervals, int, i + 1) + 59) / 60 * 60 + 60);
    }
}

static void reload_now (SpaDayCalendar *self);

/**
 * spa_day_calendar_reload:
 *
 * Reads the columns and bookings again from the store (after a change); while the
 * calendar is not shown, when it is next mapped or asked about its cards.
 */
void
spa_day_calendar_reload (SpaDayCalendar *self)
{
  g_return_if_fail (SPA_IS_DAY_CALENDAR (self));

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }
  reload_now (self);
}

static void
ensure_loaded (SpaDayCalendar *self)
{
  if (self->dirty)
    reload_now (self);
}

static void
spa_day_calendar_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (spa_day_calendar_parent_class)->map (widget);
  ensure_loaded (SPA_DAY_CALENDAR (widget));
}

static void
reload_now (SpaDayCalendar *self)
{
  SpaDayBookings *bookings = NULL;
  g_autoptr(GHashTable) column_of = NULL;
  g_autoptr(GError) error = NULL;
  gboolean loaded;

  self->dirty = FALSE;
  clear_data (self);
  self->first_minute = 8 * 60;
  self->last_minute = 20 * 60;

  if (self->model == NULL || self->day == NULL || self->zone == NULL)
    {
      gtk_widget_queue_resize (GTK_WIDGET (self));
      return;
    }

  if (self->day_therapist != NULL)
    loaded = spa_calendar_model_load_therapist_day (self->model, self->zone, self->day,
                                                    self->day_therapist, &error);
  else
    loaded = spa_calendar_model_load (self->model, self->zone, self->day, self->week_therapist,
                                      &error);
  if (!loaded)
    g_warning ("Could not read the calendar: %s", error->message);

  column_of = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < spa_calendar_model_get_n_columns (self->model); i++)
    {
      const SpaCalendarColumn *column = spa_calendar_model_get_column (self->model, i);

      add_column (self, column);
      g_hash_table_insert (column_of, column->therapist_id, GUINT_TO_POINTER (i + 1));
    }

  bookings = spa_calendar_model_get_bookings (self->model);
  if (bookings == NULL)
    {
      gtk_widget_queue_resize (GTK_WIDGET (self));
      return;
    }

  /* Inactive ones first, so that an active booking is drawn over a no-show. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < bookings->items->len; i++)
      {
        const SpaDayBooking *booking = &g_array_index (bookings->items, SpaDayBooking, i);
        const char *status = booking->status;
        gboolean active = spa_booking_status_is_active (status) || g_strcmp0 (status, "completed") == 0;
        Card *card;
        guint column;

        /* A cancelled booking frees its slot; the Today view and the client's page list it. */
        if (g_strcmp0 (status, "cancelled") == 0 || active != (pass == 1))
          continue;

        if (self->week_therapist == NULL)
          {
            column = booking->therapist_id ? GPOINTER_TO_UINT (g_hash_table_lookup (column_of, booking->therapist_id)) : 0;
            if (column == 0)
              continue;
            column--;
          }
        else
          {
            g_autoptr(GDateTime) starts = NULL;
            g_autoptr(GDateTime) local = NULL;

            if (g_strcmp0 (booking->therapist_id, self->week_therapist) != 0)
              continue;
            starts = spa_time_parse_utc (booking->starts_at);
            local = g_date_time_to_timezone (starts, self->zone);
            column = 0;
            for (guint c = 0; c < self->columns->len; c++)
              if (g_date_time_get_day_of_year (g_array_index (self->columns, Column, c).day) ==
                  g_date_time_get_day_of_year (local))
                column = c;
          }

        card = g_new0 (Card, 1);
        card->booking = booking;
        card->column = column;
        card->active = spa_booking_status_is_active (status);
        card->color = g_array_index (self->columns, Column, column).color;
        card->start = local_minute (self, g_array_index (self->columns, Column, column).day,
                                    booking->starts_at);
        card->end = local_minute (self, g_array_index (self->columns, Column, column).day,
                                  booking->ends_at);
        card->cleanup_end = card->end + booking->buffer_min;
        self->first_minute = MIN (self->first_minute, card->start / 60 * 60);
        self->last_minute = MAX (self->last_minute, (card->cleanup_end + 59) / 60 * 60);

        card->button = make_card_button (self, card, booking->client_name, booking->service_name,
                                         booking->room_name);
        g_ptr_array_add (self->cards, card);
      }

  self->first_minute = CLAMP (self->first_minute, 0, 23 * 60);
  self->last_minute = CLAMP (self->last_minute, self->first_minute + 60, 24 * 60);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* ---- Layout -------------------------------------------------------------- */

static void
configure_adjustment (GtkAdjustment *adjustment,
                      double         content,
                      double         page)
{
  double value;

  if (adjustment == NULL)
    return;

  value = CLAMP (gtk_adjustment_get_value (adjustment), 0, MAX (0, content - page));
  /* Configuring emits ::changed, on which GtkScrolledWindow relayouts: only when
   * something did change, or every frame would lay the calendar out again. */
  if (value == gtk_adjustment_get_value (adjustment) &&
      MAX (content, page) == gtk_adjustment_get_upper (adjustment) &&
      page == gtk_adjustment_get_page_size (adjustment))
    return;
  gtk_adjustment_configure (adjustment, value, 0, MAX (content, page), page * 0.1, page * 0.9, page);
}

static void
spa_day_calendar_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  SpaDayCalendar *self = SPA_DAY_CALENDAR (widget);

  for (guint i = 0; i < self->cards->len; i++)
    {
      Card *card = self->cards->pdata[i];
      int m, n;

      /* Children must be measured before they are allocated. */
      gtk_widget_measure (card->button, orientation, -1, &m, &n, NULL, NULL);
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = GUTTER_WIDTH + MIN_COLUMN_WIDTH;
      *natural = GUTTER_WIDTH + MIN_COLUMN_WIDTH * MAX (1, self->columns->len);
    }
  else
    {
      *minimum = HEADER_HEIGHT + 4 * PIXELS_PER_HOUR / 4;
      *natural = HEADER_HEIGHT + (self->last_minute - self->first_minute) * PX_PER_MIN;
    }
}

static int
natural_width (GtkWidget *widget)
{
  int natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* A paid card's first line, where Paid must stay readable: both times when they fit
 * beside it, else the start alone, else (the narrowest columns) Paid alone, rather than
 * a time cut to "10:3…". */
static void
fit_times (Card *card,
           int   width)
{
  GtkWidget *row = gtk_widget_get_parent (card->time_label);
  /* What the card's border and padding and the line's spacing take. */
  int chrome = natural_width (card->button) - natural_width (gtk_widget_get_parent (row)) + 4;
  int room = width - chrome - natural_width (card->paid_label);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (card->time_label, card->times);
  const char *text = card->times;
  int needed;

  pango_layout_get_pixel_size (layout, &needed, NULL);
  if (needed > room)
    {
      pango_layout_set_text (layout, card->from, -1);
      pango_layout_get_pixel_size (layout, &needed, NULL);
      text = needed > room ? NULL : card->from;
    }
  gtk_widget_set_visible (card->time_label, text != NULL);
  if (text != NULL && g_strcmp0 (gtk_label_get_label (GTK_LABEL (card->time_label)), text) != 0)
    gtk_label_set_label (GTK_LABEL (card->time_label), text);
}

static void
spa_day_calendar_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  SpaDayCalendar *self = SPA_DAY_CALENDAR (widget);
  guint n = MAX (1, self->columns->len);
  double content_height = HEADER_HEIGHT + (self->last_minute - self->first_minute) * PX_PER_MIN;

  self->column_width = MAX (MIN_COLUMN_WIDTH, (width - GUTTER_WIDTH) / (double)n);
  configure_adjustment (self->hadjustment, GUTTER_WIDTH + n * self->column_width, width);
  configure_adjustment (self->vadjustment, content_height, height);
  if (self->pending_scroll >= 0 && self->vadjustment != NULL)
    {
      gtk_adjustment_set_value (self->vadjustment, MAX (0, (self->pending_scroll - self->first_minute) * PX_PER_MIN));
      self->pending_scroll = -1;
    }

  for (guint i = 0; i < self->cards->len; i++)
    {
      Card *card = self->cards->pdata[i];
      double x = column_to_x (self, card->column) + CARD_INSET;
      double y = minute_to_y (self, card->start) + 1;
      double w = self->column_width - 2 * CARD_INSET - 1;
      double h = MAX (18, (card->end - card->start) * PX_PER_MIN - 2);
      gboolean visible = x + w > GUTTER_WIDTH && x < width && y + h > HEADER_HEIGHT && y < height;
      int min_w, min_h;

      gtk_widget_set_child_visible (card->button, visible);
      if (!visible)
        continue;
      if (card->paid_label != NULL)
        fit_times (card, (int)w);

      gtk_widget_measure (card->button, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
      gtk_widget_measure (card->button, GTK_ORIENTATION_VERTICAL, -1, &min_h, NULL, NULL, NULL);
      gtk_widget_size_allocate (card->button,
                                &(GtkAllocation) { (int)x, (int)y, MAX ((int)w, min_w), MAX ((int)h, min_h) },
                                -1);
    }
}

static void
adjustment_value_changed_cb (SpaDayCalendar *self)
{
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
set_adjustment (SpaDayCalendar  *self,
                GtkAdjustment  **slot,
                GtkAdjustment   *adjustment)
{
  if (*slot == adjustment)
    return;

  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, adjustment_value_changed_cb, self);
  g_set_object (slot, adjustment);
  if (adjustment != NULL)
    g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (adjustment_value_changed_cb), self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* ---- Drawing ------------------------------------------------------------- */

static void
draw_text (SpaDayCalendar *self,
           GtkSnapshot    *snapshot,
           const char     *text,
           double          x,
           double          y,
           double          width,
           gboolean        bold,
           double          scale,
           const GdkRGBA  *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (scale != 1.0)
    pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
fill (GtkSnapshot   *snapshot,
      const GdkRGBA *color,
      double         alpha,
      double         x,
      double         y,
      double         w,
      double         h)
{
  GdkRGBA c = *color;

  c.alpha *= alpha;
  gtk_snapshot_append_color (snapshot, &c, &GRAPHENE_RECT_INIT (x, y, w, h));
}

static void
draw_card_background (GtkSnapshot   *snapshot,
                      Card          *card,
                      const GdkRGBA *bg,
                      double         x,
                      double         y,
                      double         w,
                      double         h,
                      double         cleanup_h)
{
  GskRoundedRect rect;
  GdkRGBA tint = card->color;
  GdkRGBA solid = card->color;

  /* The cleanup after the booking: a faint hatch-free strip the desk cannot book into. */
  if (cleanup_h > 0)
    {
      GdkRGBA strip = card->color;

      strip.alpha = card->active ? 0.10 : 0.0;
      gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x, y + h - 6, w, cleanup_h + 6), 6);
      gtk_snapshot_push_rounded_clip (snapshot, &rect);
      gtk_snapshot_append_color (snapshot, &strip, &rect.bounds);
      gtk_snapshot_pop (snapshot);
    }

  gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x, y, w, h), 8);
  gtk_snapshot_push_rounded_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, bg, &rect.bounds);
  tint.alpha = card->active ? 0.22 : 0.08;
  gtk_snapshot_append_color (snapshot, &tint, &rect.bounds);
  solid.alpha = card->active ? 1.0 : 0.45;
  gtk_snapshot_append_color (snapshot, &solid, &GRAPHENE_RECT_INIT (x, y, 5, h));
  gtk_snapshot_pop (snapshot);
}

static void
spa_day_calendar_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  SpaDayCalendar *self = SPA_DAY_CALENDAR (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg, bg, header_bg, accent, error_color;
  double first_visible, last_visible;
  guint first_col, last_col;

  lookup_color (widget, "view_fg_color", "#000000", &fg);
  lookup_color (widget, "view_bg_color", "#ffffff", &bg);
  lookup_color (widget, "headerbar_bg_color", "#ebebeb", &header_bg);
  lookup_color (widget, "accent_color", "#1c71d8", &accent);
  lookup_color (widget, "error_color", "#c01c28", &error_color);

  gtk_snapshot_append_color (snapshot, &bg, &GRAPHENE_RECT_INIT (0, 0, width, height));
  self->n_drawn_cards = 0;

  if (self->columns->len == 0)
    {
      draw_text (self, snapshot, _("No active therapists. Add them in Services & Staff."),
                 GUTTER_WIDTH + 12, HEADER_HEIGHT + 12, width - GUTTER_WIDTH - 24, FALSE, 1.0, &fg);
      return;
    }

  /* Only the rows and columns in the viewport. */
  first_visible = self->first_minute + vvalue (self) / PX_PER_MIN;
  last_visible = MIN (self->last_minute, first_visible + (height - HEADER_HEIGHT) / PX_PER_MIN + 1);
  first_col = (guint)(hvalue (self) / self->column_width);
  last_col = MIN (self->columns->len - 1, (guint)((hvalue (self) + width - GUTTER_WIDTH) / self->column_width));

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (GUTTER_WIDTH, HEADER_HEIGHT,
                                                         width - GUTTER_WIDTH, height - HEADER_HEIGHT));

  /* Outside working hours is shaded; the hours themselves stay the plain view colour. */
  for (guint c = first_col; c <= last_col; c++)
    {
      Column *column = &g_array_index (self->columns, Column, c);
      double x = column_to_x (self, c);
      int from = self->first_minute;

      for (guint i = 0; i + 1 <= column->intervals->len; i += 2)
        {
          int start = g_array_index (column->intervals, int, i);
          int end = g_array_index (column->intervals, int, i + 1);

          if (start > from)
            fill (snapshot, &fg, 0.055, x, minute_to_y (self, from), self->column_width,
                  (start - from) * PX_PER_MIN);
          from = MAX (from, end);
        }
      if (from < self->last_minute)
        fill (snapshot, &fg, 0.055, x, minute_to_y (self, from), self->column_width,
              (self->last_minute - from) * PX_PER_MIN);
    }

  /* The 15-minute grid: hours stronger than quarters. */
  for (int m = snap (first_visible); m <= last_visible; m += SPA_DAY_CALENDAR_SLOT_MINUTES)
    fill (snapshot, &fg, m % 60 == 0 ? 0.14 : 0.05, GUTTER_WIDTH, minute_to_y (self, m),
          width - GUTTER_WIDTH, 1);
  for (guint c = first_col; c <= last_col + 1 && c <= self->columns->len; c++)
    fill (snapshot, &fg, 0.12, column_to_x (self, c), HEADER_HEIGHT, 1, height - HEADER_HEIGHT);

  /* Now, across today's columns, under the cards so that they stay readable; a dot
   * where the line starts. */
  if (self->now != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_timezone (self->now, self->zone);
      double y = minute_to_y (self, g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local));
      gboolean first = TRUE;

      for (guint c = first_col; c <= last_col; c++)
        {
          Column *column = &g_array_index (self->columns, Column, c);
          GskRoundedRect dot;

          if (g_date_time_get_day_of_year (local) != g_date_time_get_day_of_year (column->day) ||
              g_date_time_get_year (local) != g_date_time_get_year (column->day))
            continue;

          fill (snapshot, &error_color, 1.0, column_to_x (self, c), y - 1, self->column_width, 2);
          if (first)
            {
              gsk_rounded_rect_init_from_rect (&dot, &GRAPHENE_RECT_INIT (column_to_x (self, c) - 1, y - 5, 10, 10), 5);
              gtk_snapshot_push_rounded_clip (snapshot, &dot);
              gtk_snapshot_append_color (snapshot, &error_color, &dot.bounds);
              gtk_snapshot_pop (snapshot);
              first = FALSE;
            }
        }
    }

  for (guint i = 0; i < self->cards->len; i++)
    {
      Card *card = self->cards->pdata[i];
      graphene_rect_t bounds;

      if (!gtk_widget_get_child_visible (card->button) ||
          !gtk_widget_compute_bounds (card->button, widget, &bounds))
        continue;

      draw_card_background (snapshot, card, &bg, bounds.origin.x, bounds.origin.y,
                            bounds.size.width, bounds.size.height,
                            (card->cleanup_end - card->end) * PX_PER_MIN);
      gtk_widget_snapshot_child (widget, card->button, snapshot);
      self->n_drawn_cards++;
    }

  /* Where a dragged booking would land. */
  if (self->drop_hover)
    {
      GskRoundedRect rect;
      GdkRGBA border = accent;
      double x = column_to_x (self, self->drop_column) + CARD_INSET;
      double y = minute_to_y (self, self->drop_minute);

      gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x, y, self->column_width - 2 * CARD_INSET,
                                                                   self->drop_length * PX_PER_MIN), 8);
      fill (snapshot, &accent, 0.15, x, y, rect.bounds.size.width, rect.bounds.size.height);
      gtk_snapshot_append_border (snapshot, &rect, (float[4]) { 2, 2, 2, 2 },
                                  (GdkRGBA[4]) { border, border, border, border });
    }

  gtk_snapshot_pop (snapshot);

  /* The hours down the side. */
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, HEADER_HEIGHT, GUTTER_WIDTH, height - HEADER_HEIGHT));
  fill (snapshot, &header_bg, 0.5, 0, HEADER_HEIGHT, GUTTER_WIDTH, height - HEADER_HEIGHT);
  for (int m = (int)first_visible / 60 * 60; m <= last_visible; m += 60)
    {
      g_autofree char *label = g_strdup_printf ("%02d:00", m / 60);

      draw_text (self, snapshot, label, 12, minute_to_y (self, m) + 2, -1, FALSE, 0.85, &fg);
    }
  gtk_snapshot_pop (snapshot);
  fill (snapshot, &fg, 0.12, GUTTER_WIDTH - 1, HEADER_HEIGHT, 1, height - HEADER_HEIGHT);

  /* The column headers: the therapist (or the day), with their colour. */
  gtk_snapshot_append_color (snapshot, &header_bg, &GRAPHENE_RECT_INIT (0, 0, width, HEADER_HEIGHT));
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (GUTTER_WIDTH, 0, width - GUTTER_WIDTH, HEADER_HEIGHT));
  for (guint c = first_col; c <= last_col; c++)
    {
      Column *column = &g_array_index (self->columns, Column, c);
      double x = column_to_x (self, c);
      GskRoundedRect dot;
      GdkRGBA dim = fg;

      gsk_rounded_rect_init_from_rect (&dot, &GRAPHENE_RECT_INIT (x + 12, 13, 10, 10), 5);
      gtk_snapshot_push_rounded_clip (snapshot, &dot);
      gtk_snapshot_append_color (snapshot, &column->color, &dot.bounds);
      gtk_snapshot_pop (snapshot);
      draw_text (self, snapshot, column->title, x + 28, 8, self->column_width - 36, TRUE, 1.0, &fg);
      dim.alpha = 0.6;
      if (column->subtitle != NULL)
        draw_text (self, snapshot, column->subtitle, x + 28, 28, self->column_width - 36, FALSE, 0.85, &dim);
      fill (snapshot, &fg, 0.12, x, 0, 1, HEADER_HEIGHT);
    }
  gtk_snapshot_pop (snapshot);
  fill (snapshot, &fg, 0.15, 0, HEADER_HEIGHT - 1, width, 1);
}

/* ---- Input --------------------------------------------------------------- */

static Card *
find_card (SpaDayCalendar *self,
           const char     *booking_id)
{
  for (guint i = 0; i < self->cards->len; i++)
    {
      Card *card = self->cards->pdata[i];

      if (g_strcmp0 (card->booking->id, booking_id) == 0)
        return card;
    }

  return NULL;
}

static void
card_clicked_cb (GtkButton      *button,
                 SpaDayCalendar *self)
{
  Card *card = g_object_get_data (G_OBJECT (button), "card");
  /* The card holds what it draws; the menu works on the record. */
  g_autoptr(SpaRecord) booking = spa_calendar_model_get_booking (self->model, card->booking->id,
                                                                 NULL);

  if (booking != NULL)
    g_signal_emit (self, signals[BOOKING_ACTIVATED], 0, booking, button);
}

static GdkContentProvider *
card_drag_prepare_cb (GtkDragSource  *source,
                      double          x,
                      double          y,
                      SpaDayCalendar *self)
{
  GtkWidget *button = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  Card *card = g_object_get_data (G_OBJECT (button), "card");

  self->drag_offset_min = y / PX_PER_MIN;
  self->drop_length = card->end - card->start;
  return gdk_content_provider_new_typed (G_TYPE_STRING, card->booking->id);
}

static void
card_drag_begin_cb (GtkDragSource  *source,
                    GdkDrag        *drag,
                    SpaDayCalendar *self)
{
  GtkWidget *button = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (button);

  gtk_drag_source_set_icon (source, paintable, 0, 0);
}

static gboolean
drop_target_slot (SpaDayCalendar *self,
                  double          x,
                  double          y,
                  guint          *column,
                  int            *minute)
{
  double raw;

  if (!point_to_slot (self, x, MAX (y, HEADER_HEIGHT), column, &raw))
    return FALSE;

  *minute = snap (raw - self->drag_offset_min + SPA_DAY_CALENDAR_SLOT_MINUTES / 2.0);
  return TRUE;
}

static GdkDragAction
drop_motion_cb (GtkDropTarget  *target,
                double          x,
                double          y,
                SpaDayCalendar *self)
{
  self->drop_hover = drop_target_slot (self, x, y, &self->drop_column, &self->drop_minute);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return self->drop_hover ? GDK_ACTION_MOVE : 0;
}

static void
drop_leave_cb (GtkDropTarget  *target,
               SpaDayCalendar *self)
{
  self->drop_hover = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
drop_cb (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         SpaDayCalendar *self)
{
  guint column;
  int minute;

  self->drop_hover = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (!G_VALUE_HOLDS_STRING (value) || !drop_target_slot (self, x, y, &column, &minute))
    return FALSE;

  return spa_day_calendar_move_booking (self, g_value_get_string (value), column, minute);
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   SpaDayCalendar  *self)
{
  guint column;
  double minute;

  if (n_press != 1 || !point_to_slot (self, x, y, &column, &minute))
    return;

  spa_day_calendar_activate_slot (self, column, snap (minute));
}

/* ---- Public -------------------------------------------------------------- */

/**
 * spa_day_calendar_activate_slot:
 *
 * What a click on an empty slot does: emits ::slot-activated with the column's
 * therapist and the slot's time.
 */
void
spa_day_calendar_activate_slot (SpaDayCalendar *self,
                                guint           column,
                                int             minute)
{
  g_autoptr(GDateTime) starts = NULL;

  g_return_if_fail (SPA_IS_DAY_CALENDAR (self));
  ensure_loaded (self);
  g_return_if_fail (column < self->columns->len);

  starts = spa_day_calendar_get_slot_time (self, column, minute);
  g_signal_emit (self, signals[SLOT_ACTIVATED], 0,
                 g_array_index (self->columns, Column, column).therapist_id, starts);
}

static gboolean
reload_cb (gpointer data)
{
  SpaDayCalendar *self = data;

  self->reload_id = 0;
  spa_day_calendar_reload (self);
  return G_SOURCE_REMOVE;
}

/**
 * spa_day_calendar_move_booking:
 *
 * What dropping a card does: asks with ::move-requested to move the booking to
 * @column (its therapist and day) at @minute, keeping its length. The calendar
 * neither checks nor saves: its page does. A refusal is reported through
 * ::move-failed with the page's message and nothing changes.
 *
 * Returns: whether the booking moved
 */
gboolean
spa_day_calendar_move_booking (SpaDayCalendar *self,
                               const char     *booking_id,
                               guint           column,
                               int             minute)
{
  Card *card;
  g_autoptr(GDateTime) starts = NULL;
  g_autofree char *refusal = NULL;

  g_return_val_if_fail (SPA_IS_DAY_CALENDAR (self), FALSE);
  ensure_loaded (self);

  card = find_card (self, booking_id);
  if (card == NULL || column >= self->columns->len ||
      !g_signal_has_handler_pending (self, signals[MOVE_REQUESTED], 0, FALSE))
    return FALSE;

  starts = spa_day_calendar_get_slot_time (self, column, minute);
  g_signal_emit (self, signals[MOVE_REQUESTED], 0, card->booking->id,
                 g_array_index (self->columns, Column, column).therapist_id, starts, &refusal);
  if (refusal != NULL)
    {
      g_signal_emit (self, signals[MOVE_FAILED], 0, refusal);
      return FALSE;
    }

  /* Not now: the dragged card's button is still finishing its drag. */
  if (self->reload_id == 0)
    self->reload_id = g_idle_add_full (G_PRIORITY_DEFAULT, reload_cb, self, NULL);
  return TRUE;
}

GtkWidget *
spa_day_calendar_new (void)
{
  return g_object_new (SPA_TYPE_DAY_CALENDAR, NULL);
}

/**
 * spa_day_calendar_set_model:
 * @model: (nullable): what to show
 *
 * The calendar reads its columns and bookings from @model and nothing else: a drop
 * asks with ::move-requested, a click hands the booking over with ::booking-activated.
 */
void
spa_day_calendar_set_model (SpaDayCalendar   *self,
                            SpaCalendarModel *model)
{
  g_return_if_fail (SPA_IS_DAY_CALENDAR (self));

  if (g_set_object (&self->model, model))
    spa_day_calendar_reload (self);
}

void
spa_day_calendar_set_time_zone (SpaDayCalendar *self,
                                GTimeZone      *zone)
{
  g_return_if_fail (SPA_IS_DAY_CALENDAR (self));

  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = zone ? g_time_zone_ref (zone) : NULL;
  spa_day_calendar_reload (self);
}

/**
 * spa_day_calendar_set_now:
 *
 * Where the red "now" line goes (the app's clock, which tests can set).
 */
/**
 * spa_day_calendar_get_now:
 *
 * Returns: (transfer none) (nullable): the time set with spa_day_calendar_set_now()
 */
GDateTime *
spa_day_calendar_get_now (SpaDayCalendar *self)
{
  g_return_val_if_fail (SPA_IS_DAY_CALENDAR (self), NULL);
  return self->now;
}

void
spa_day_calendar_set_now (SpaDayCalendar *self,
                          GDateTime      *now)
{
  g_return_if_fail (SPA_IS_DAY_CALENDAR (self));

  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = now ? g_date_time_ref (now) : NULL;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_first_day (SpaDayCalendar *self,
               GDateTime      *day)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (day, self->zone);

  g_clear_pointer (&self->day, g_date_time_unref);
  self->day = g_date_time_new (self->zone, g_date_time_get_year (local), g_date_time_get_month (local),
                               g_date_time_get_day_of_month (local), 0, 0, 0);
}

/**
 * spa_day_calendar_show_day:
 *
 * Shows the day around @day, one column per active therapist.
 */
void
spa_day_calendar_show_day (SpaDayCalendar *self,
                           GDateTime      *day)
{
  g_return_if_fail (SPA_IS_DAY_CALENDAR (self));
  g_return_if_fail (self->zone != NULL);

  set_first_day (self, day);
  g_clear_pointer (&self->week_therapist, g_free);
  g_clear_pointer (&self->day_therapist, g_free);
  spa_day_calendar_reload (self);
}

/**
 * spa_day_calendar_show_therapist_day:
 *
 * Shows the day around @day with one column, @therapist_id's: a phone-sized window
 * has room for one therapist at a time.
 */
void
spa_day_calendar_show_therapist_day (SpaDayCalendar *self,
                                     const char     *therapist_id,
                                     GDateTime      *day)
{
  g_return_if_fail (SPA_IS_DAY_CALENDAR (self));
  g_return_if_fail (self->zone != NULL && therapist_id != NULL);

  set_first_day (self, day);
  g_clear_pointer (&self->week_therapist, g_free);
  g_free (self->day_therapist);
  self->day_therapist = g_strdup (therapist_id);
  spa_day_calendar_reload (self);
}

/**
 * spa_day_calendar_show_week:
 *
 * Shows seven days from @first_day for one therapist, one column per day.
 */
void
spa_day_calendar_show_week (SpaDayCalendar *self,
                            const char     *therapist_id,
                            GDateTime      *first_day)
{
  g_return_if_fail (SPA_IS_DAY_CALENDAR (self));
  g_return_if_fail (self->zone != NULL && therapist_id != NULL);

  set_first_day (self, first_day);
  g_clear_pointer (&self->day_therapist, g_free);
  g_free (self->week_therapist);
  self->week_therapist = g_strdup (therapist_id);
  spa_day_calendar_reload (self);
}

guint
spa_day_calendar_get_n_columns (SpaDayCalendar *self)
{
  g_return_val_if_fail (SPA_IS_DAY_CALENDAR (self), 0);
  ensure_loaded (self);
  return self->columns->len;
}

const char *
spa_day_calendar_get_column_therapist (SpaDayCalendar *self,
                                       guint           column)
{
  g_return_val_if_fail (SPA_IS_DAY_CALENDAR (self), NULL);
  ensure_loaded (self);
  g_return_val_if_fail (column < self->columns->len, NULL);
  return g_array_index (self->columns, Column, column).therapist_id;
}

/**
 * spa_day_calendar_get_slot_time:
 *
 * Returns: (transfer full): the wall-clock time @minute after midnight on the
 *   column's day, in the spa's zone
 */
GDateTime *
spa_day_calendar_get_slot_time (SpaDayCalendar *self,
                                guint           column,
                                int             minute)
{
  GDateTime *day;

  g_return_val_if_fail (SPA_IS_DAY_CALENDAR (self), NULL);
  ensure_loaded (self);
  g_return_val_if_fail (column < self->columns->len, NULL);

  day = g_array_index (self->columns, Column, column).day;
  return g_date_time_new (self->zone, g_date_time_get_year (day), g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day), minute / 60, minute % 60, 0);
}

/**
 * spa_day_calendar_get_card:
 *
 * Returns: (transfer none) (nullable): the card showing the booking
 */
GtkWidget *
spa_day_calendar_get_card (SpaDayCalendar *self,
                           const char     *booking_id)
{
  Card *card;

  g_return_val_if_fail (SPA_IS_DAY_CALENDAR (self), NULL);
  ensure_loaded (self);

  card = find_card (self, booking_id);
  return card ? card->button : NULL;
}

guint
spa_day_calendar_get_n_cards (SpaDayCalendar *self)
{
  g_return_val_if_fail (SPA_IS_DAY_CALENDAR (self), 0);
  ensure_loaded (self);
  return self->cards->len;
}

/**
 * spa_day_calendar_get_n_drawn_cards:
 *
 * Returns: how many cards the last frame drew (those in the viewport)
 */
guint
spa_day_calendar_get_n_drawn_cards (SpaDayCalendar *self)
{
  g_return_val_if_fail (SPA_IS_DAY_CALENDAR (self), 0);
  return self->n_drawn_cards;
}

void
spa_day_calendar_scroll_to_minute (SpaDayCalendar *self,
                                   int             minute)
{
  g_return_if_fail (SPA_IS_DAY_CALENDAR (self));

  /* Before the first allocation the adjustment has no range yet: scroll then. */
  if (self->vadjustment == NULL || gtk_adjustment_get_page_size (self->vadjustment) <= 0)
    {
      self->pending_scroll = minute;
      return;
    }

  gtk_adjustment_set_value (self->vadjustment, MAX (0, (minute - self->first_minute) * PX_PER_MIN));
}

/* ---- GObject ------------------------------------------------------------- */

static void
spa_day_calendar_dispose (GObject *object)
{
  SpaDayCalendar *self = (SpaDayCalendar *)object;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);

  G_OBJECT_CLASS (spa_day_calendar_parent_class)->dispose (object);
}

static void
spa_day_calendar_finalize (GObject *object)
{
  SpaDayCalendar *self = (SpaDayCalendar *)object;

  g_clear_pointer (&self->columns, g_array_unref);
  g_clear_object (&self->model);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->day, g_date_time_unref);
  g_clear_pointer (&self->week_therapist, g_free);
  g_clear_pointer (&self->day_therapist, g_free);

  G_OBJECT_CLASS (spa_day_calendar_parent_class)->finalize (object);
}

static void
spa_day_calendar_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SpaDayCalendar *self = SPA_DAY_CALENDAR (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spa_day_calendar_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SpaDayCalendar *self = SPA_DAY_CALENDAR (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
spa_day_calendar_get_border (GtkScrollable *scrollable,
                             GtkBorder     *border)
{
  /* The header and the hours stay put; GtkScrolledWindow keeps its undershoot below them. */
  border->top = HEADER_HEIGHT;
  border->left = GUTTER_WIDTH;
  border->right = border->bottom = 0;
  return TRUE;
}

static void
spa_day_calendar_scrollable_init (GtkScrollableInterface *iface)
{
  iface->get_border = spa_day_calendar_get_border;
}

static void
spa_day_calendar_class_init (SpaDayCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_day_calendar_dispose;
  object_class->finalize = spa_day_calendar_finalize;
  object_class->get_property = spa_day_calendar_get_property;
  object_class->set_property = spa_day_calendar_set_property;

  widget_class->map = spa_day_calendar_map;
  widget_class->measure = spa_day_calendar_measure;
  widget_class->size_allocate = spa_day_calendar_size_allocate;
  widget_class->snapshot = spa_day_calendar_snapshot;

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /**
   * SpaDayCalendar::slot-activated:
   * @therapist_id: the column's therapist
   * @starts: the slot's time
   */
  signals[SLOT_ACTIVATED] =
    g_signal_new ("slot-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_DATE_TIME);
  /**
   * SpaDayCalendar::booking-activated:
   * @booking: the booking
   * @card: its card, to point a popover at
   */
  signals[BOOKING_ACTIVATED] =
    g_signal_new ("booking-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SPA_TYPE_RECORD, GTK_TYPE_WIDGET);
  /**
   * SpaDayCalendar::move-requested:
   * @booking_id: the booking dropped
   * @therapist_id: the therapist of the column it was dropped on
   * @starts: its new start (it keeps its length)
   *
   * A card was dropped: the handler checks the move and makes it.
   *
   * Returns: (transfer full) (nullable): why the move is refused, for the user, or
   *   %NULL once the booking is moved
   */
  signals[MOVE_REQUESTED] =
    g_signal_new ("move-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL,
                  G_TYPE_STRING, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_DATE_TIME);
  /**
   * SpaDayCalendar::move-failed:
   * @message: why, for the user
   */
  signals[MOVE_FAILED] =
    g_signal_new ("move-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "day-calendar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
spa_day_calendar_init (SpaDayCalendar *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE);

  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, (GDestroyNotify)column_clear);
  self->cards = g_ptr_array_new_with_free_func ((GDestroyNotify)card_free);
  self->first_minute = 8 * 60;
  self->last_minute = 20 * 60;
  self->column_width = MIN_COLUMN_WIDTH;
  self->pending_scroll = -1;

  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);

  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect (drop, "motion", G_CALLBACK (drop_motion_cb), self);
  g_signal_connect (drop, "enter", G_CALLBACK (drop_motion_cb), self);
  g_signal_connect (drop, "leave", G_CALLBACK (drop_leave_cb), self);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
