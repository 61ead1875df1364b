/* spa-client-bookings.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-client-bookings"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-booking-actions.h"
#include "spa-client-bookings.h"
#include "spa-widget-util.h"

/* The Bookings section of a client's page: upcoming and past, with Book again. */

struct _SpaClientBookings
{
  GtkWidget   parent_instance;

  /* Template widgets */
  GtkListBox *upcoming_list;
  GtkWidget  *upcoming_empty;
  GtkWidget  *past_group;
  GtkListBox *past_list;
  GtkWidget  *book_button;
  GtkWidget  *book_again_button;

  /* Owned */
  SpaContext *context;
  SpaRecord  *client;
  guint       n_upcoming;
  guint       n_past;
  guint       reload_id;
};

G_DEFINE_FINAL_TYPE (SpaClientBookings, spa_client_bookings, GTK_TYPE_WIDGET)

static void
reload (SpaClientBookings *self)
{
  SpaStore *store;
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(GDateTime) now = NULL;
  const char *latest = NULL;

  spa_list_box_remove_all (self->upcoming_list);
  spa_list_box_remove_all (self->past_list);
  self->n_upcoming = self->n_past = 0;

  if (self->context != NULL && self->client != NULL)
    {
      store = spa_context_get_store (self->context);
      now = spa_context_now (self->context);
      bookings = spa_schedule_client_bookings (store, spa_record_get_id (self->client), NULL);

      /* Newest first from the store; upcoming ones read better soonest first. */
      for (guint i = 0; bookings && i < bookings->len; i++)
        {
          SpaRecord *booking = bookings->pdata[i];
          GtkWidget *row = spa_booking_actions_row_new (store, booking, SPA_BOOKING_ROW_DATE, NULL);
          gboolean upcoming = spa_booking_is_upcoming (booking, now);

          if (latest == NULL && g_strcmp0 (spa_booking_get_status (booking), "cancelled") != 0)
            latest = spa_record_get_id (booking);

          if (upcoming)
            {
              gtk_list_box_prepend (self->upcoming_list, row);
              self->n_upcoming++;
            }
          else
            {
              gtk_list_box_append (self->past_list, row);
              self->n_past++;
            }
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->upcoming_list), self->n_upcoming > 0);
  gtk_widget_set_visible (self->upcoming_empty, self->n_upcoming == 0);
  gtk_widget_set_visible (self->past_group, self->n_past > 0);

  gtk_widget_set_sensitive (self->book_again_button, latest != NULL);
  if (latest != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->book_again_button), g_variant_new_string (latest));
  if (self->client != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->book_button),
                                            g_variant_new_string (spa_record_get_id (self->client)));
}

static gboolean
reload_cb (gpointer data)
{
  SpaClientBookings *self = data;

  self->reload_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (SpaClientBookings *self,
                  const char        *entity)
{
  if (self->reload_id == 0)
    self->reload_id = g_idle_add_full (G_PRIORITY_DEFAULT, reload_cb, self, NULL);
}

static void
spa_client_bookings_dispose (GObject *object)
{
  SpaClientBookings *self = (SpaClientBookings *)object;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_CLIENT_BOOKINGS);
  spa_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->context);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (spa_client_bookings_parent_class)->dispose (object);
}

static void
spa_client_bookings_class_init (SpaClientBookingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_client_bookings_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-client-bookings.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaClientBookings, upcoming_list);
  gtk_widget_class_bind_template_child (widget_class, SpaClientBookings, upcoming_empty);
  gtk_widget_class_bind_template_child (widget_class, SpaClientBookings, past_group);
  gtk_widget_class_bind_template_child (widget_class, SpaClientBookings, past_list);
  gtk_widget_class_bind_template_child (widget_class, SpaClientBookings, book_button);
  gtk_widget_class_bind_template_child (widget_class, SpaClientBookings, book_again_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
spa_client_bookings_init (SpaClientBookings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A target first, so that the actions never see a button without one. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->book_button), g_variant_new_string (""));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->book_again_button), g_variant_new_string (""));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->book_button), "win.book-client");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->book_again_button), "win.book-again");
  reload (self);
}

void
spa_client_bookings_set_context (SpaClientBookings *self,
                                 SpaContext        *context)
{
  g_return_if_fail (SPA_IS_CLIENT_BOOKINGS (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (spa_context_get_store (context), "changed::booking",
                           G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  reload (self);
}

void
spa_client_bookings_set_client (SpaClientBookings *self,
                                SpaRecord         *client)
{
  g_return_if_fail (SPA_IS_CLIENT_BOOKINGS (self));

  g_set_object (&self->client, client);
  reload (self);
}

guint
spa_client_bookings_get_n_upcoming (SpaClientBookings *self)
{
  g_return_val_if_fail (SPA_IS_CLIENT_BOOKINGS (self), 0);
  return self->n_upcoming;
}

guint
spa_client_bookings_get_n_past (SpaClientBookings *self)
{
  g_return_val_if_fail (SPA_IS_CLIENT_BOOKINGS (self), 0);
  return self->n_past;
}
