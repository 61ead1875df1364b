/* spa-booking-actions.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-booking-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-booking-actions.h"
#include "spa-booking-dialog.h"
#include "spa-plan-dialog.h"
#include "spa-sync-local.h"
#include "spa-widget-util.h"

/*
 * What can be done to a booking, from wherever it is shown (calendar card, Today
 * row, client's page): window actions that take the booking's id, so that one menu
 * model serves every view and the shortcuts window can list them. They are installed
 * on the window's class but know nothing of the window: they read its "context"
 * property and go elsewhere through its actions (`win.show-toast`, `win.open-note`).
 */

static SpaRecord *
get_booking (GtkWidget  *widget,
             const char *id)
{
  SpaStore *store = spa_context_get_store (spa_widget_get_context (widget));

  return spa_store_get (store, SPA_BOOKING_ENTITY, id, NULL);
}

static void
toast (GtkWidget  *widget,
       const char *message)
{
  spa_widget_show_toast (widget, message, 6, NULL, NULL, NULL);
}

char *
spa_booking_actions_client_name (SpaStore   *store,
                                 const char *client_id)
{
  g_autoptr(SpaRecord) client = spa_store_get (store, SPA_CLIENT_ENTITY, client_id, NULL);

  return client ? spa_client_dup_display_name (client) : g_strdup (_("Unknown client"));
}

/**
 * spa_booking_actions_new_booking:
 *
 * Opens the booking editor, prefilled with whatever is known.
 *
 * Returns: (transfer none): the editor
 */
GtkWidget *
spa_booking_actions_new_booking (GtkWidget  *widget,
                                 SpaContext *context,
                                 const char *client_id,
                                 const char *service_id,
                                 const char *therapist_id,
                                 GDateTime  *starts)
{
  SpaBookingDialog *dialog = spa_booking_dialog_new (context, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);

  spa_booking_dialog_prefill (dialog, client_id, service_id, therapist_id, starts);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

/* The check-in hook: the session note of the booking on the client's page, the one
 * already started if there is one, else a new one prefilled from the booking and the
 * client's intake (`win.open-note`). */
static void
session_note_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SpaStore *store = spa_context_get_store (spa_widget_get_context (widget));
  g_autoptr(SpaRecord) booking = get_booking (widget, g_variant_get_string (parameter, NULL));
  g_autoptr(SpaRecord) note = NULL;

  if (booking == NULL)
    return;

  note = spa_clinical_find_booking_note (store, spa_record_get_id (booking), NULL);
  gtk_widget_activate_action (widget, "win.open-note", "(sss)",
                              spa_booking_get_client_id (booking),
                              note != NULL ? spa_record_get_id (note) : "",
                              spa_record_get_id (booking));
}

/*
 * Changes a booking's status through the core (which refuses changes that make no
 * sense) and tells the desk what happened.
 *
 * Returns whether the status changed.
 */
static gboolean
set_status (GtkWidget  *widget,
            const char *booking_id,
            const char *status,
            const char *reason)
{
  SpaContext *context = spa_widget_get_context (widget);
  SpaStore *store = spa_context_get_store (context);
  g_autoptr(SpaRecord) booking = get_booking (widget, booking_id);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (booking == NULL)
    return FALSE;

  if (!spa_schedule_set_status (store, booking, status, reason, &error))
    {
      toast (widget, error->message);
      return FALSE;
    }

  name = spa_booking_actions_client_name (store, spa_booking_get_client_id (booking));
  if (g_str_equal (status, "checked_in"))
    {
      /* TRANSLATORS: %s is the client's name */
      message = g_strdup_printf (_("%s is checked in"), name);
      /* The front desk checks clients in but writes no notes. */
      if (spa_role_may_write (spa_context_get_role (context), SPA_SESSION_NOTE_ENTITY))
        spa_widget_show_toast (widget, message, 8, _("Session _Note"), "win.booking-session-note",
                               g_variant_new_string (booking_id));
      else
        spa_widget_show_toast (widget, message, 8, NULL, NULL, NULL);
      return TRUE;
    }

  /* TRANSLATORS: client's name, new status */
  message = g_strdup_printf (_("%s: %s"), name, spa_booking_status_label (status));
  toast (widget, message);
  return TRUE;
}

static void
status_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  const char *id, *status;

  g_variant_get (parameter, "(&s&s)", &id, &status);
  set_status (widget, id, status, NULL);
}

/* "This and the following" of a treatment plan: the core cancels them in one go. */
static void
cancel_following (GtkWidget  *widget,
                  const char *booking_id,
                  const char *reason)
{
  SpaStore *store = spa_context_get_store (spa_widget_get_context (widget));
  g_autoptr(SpaRecord) booking = get_booking (widget, booking_id);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = 0;

  if (booking == NULL)
    return;
  if (!spa_series_cancel (store, booking, SPA_SERIES_FOLLOWING, reason, &n, &error))
    {
      toast (widget, error->message);
      return;
    }
  message = g_strdup_printf (ngettext ("%u visit of the plan cancelled",
                                       "%u visits of the plan cancelled", n), n);
  toast (widget, message);
}

static void
cancel_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    GtkWidget        *widget)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "reason");
  const char *id = g_object_get_data (G_OBJECT (dialog), "booking-id");

  if (g_strcmp0 (response, "cancel-booking") == 0)
    set_status (widget, id, "cancelled", gtk_editable_get_text (entry));
  else if (g_strcmp0 (response, "cancel-following") == 0)
    cancel_following (widget, id, gtk_editable_get_text (entry));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(SpaRecord) booking = get_booking (widget, id);
  SpaStore *store = spa_context_get_store (spa_widget_get_context (widget));
  guint following = booking ? spa_series_count_following (store, booking) : 0;
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Cancel the Booking?"),
                                   _("The slot becomes free again. The booking stays in the client’s history."));
  if (following > 0)
    adw_message_dialog_format_body (
      ADW_MESSAGE_DIALOG (dialog),
      ngettext ("This visit is part of a treatment plan, with %u more visit after it: cancel "
                "this one only, or it too? The visits stay in the client’s history.",
                "This visit is part of a treatment plan, with %u more visits after it: cancel "
                "this one only, or them too? The visits stay in the client’s history.",
                following),
      following);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  if (following > 0)
    {
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "keep", _("_Keep"),
                                        "cancel-booking", _("_This One"),
                                        "cancel-following", _("_All Following"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-following",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  else
    adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                      "keep", _("_Keep Booking"),
                                      "cancel-booking", _("_Cancel Booking"),
                                      NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-booking", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel-booking");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_object_set_data_full (G_OBJECT (dialog), "booking-id", g_strdup (id), g_free);
  g_object_set_data (G_OBJECT (dialog), "reason", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Opens the editor (or another window made by @new_window) of the booking in
 * @parameter over the window of @widget. */
static void
open_for_booking (GtkWidget  *widget,
                  GVariant   *parameter,
                  GtkWindow *(*new_window) (SpaContext *context, SpaRecord *booking))
{
  g_autoptr(SpaRecord) booking = get_booking (widget, g_variant_get_string (parameter, NULL));
  GtkWindow *window;

  if (booking == NULL)
    return;

  window = new_window (spa_widget_get_context (widget), booking);
  gtk_window_set_transient_for (window, GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (window);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_for_booking (widget, parameter, (gpointer)spa_booking_dialog_new);
}

/* A treatment plan from this booking: the visits that follow it, checked and booked in
 * one go. */
static void
plan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_for_booking (widget, parameter, (gpointer)spa_plan_dialog_new);
}

static void
book_again_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  g_autoptr(SpaRecord) booking = get_booking (widget, g_variant_get_string (parameter, NULL));

  if (booking == NULL)
    return;

  spa_booking_actions_new_booking (widget, spa_widget_get_context (widget),
                                   spa_booking_get_client_id (booking),
                                   spa_booking_get_service_id (booking),
                                   spa_booking_get_therapist_id (booking), NULL);
}

static void
book_client_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  spa_booking_actions_new_booking (widget, spa_widget_get_context (widget),
                                   g_variant_get_string (parameter, NULL), NULL, NULL, NULL);
}

void
spa_booking_actions_install (GtkWidgetClass *window_class)
{
  gtk_widget_class_install_action (window_class, "win.booking-edit", "s", edit_action);
  gtk_widget_class_install_action (window_class, "win.booking-status", "(ss)", status_action);
  gtk_widget_class_install_action (window_class, "win.booking-cancel", "s", cancel_action);
  gtk_widget_class_install_action (window_class, "win.booking-session-note", "s", session_note_action);
  gtk_widget_class_install_action (window_class, "win.book-again", "s", book_again_action);
  gtk_widget_class_install_action (window_class, "win.booking-plan", "s", plan_action);
  gtk_widget_class_install_action (window_class, "win.book-client", "s", book_client_action);
}

static void
add_status_item (GMenu      *menu,
                 SpaRecord  *booking,
                 const char *label,
                 const char *status)
{
  g_autoptr(GMenuItem) item = NULL;

  if (!spa_booking_status_can_change (spa_booking_get_status (booking), status) ||
      g_strcmp0 (spa_booking_get_status (booking), status) == 0)
    return;

  item = g_menu_item_new (label, NULL);
  g_menu_item_set_action_and_target_value (item, "win.booking-status",
                                           g_variant_new ("(ss)", spa_record_get_id (booking), status));
  g_menu_append_item (menu, item);
}

static void
add_item (GMenu      *menu,
          SpaRecord  *booking,
          const char *label,
          const char *action)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (spa_record_get_id (booking)));
  g_menu_append_item (menu, item);
}

/**
 * spa_booking_actions_menu:
 *
 * Returns: (transfer full): the actions that make sense for @booking now
 */
GMenuModel *
spa_booking_actions_menu (SpaRecord *booking)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) status = g_menu_new ();
  g_autoptr(GMenu) other = g_menu_new ();
  const char *current = spa_booking_get_status (booking);

  /* An online request becomes a booking when the desk accepts it. */
  if (g_strcmp0 (current, "requested") == 0)
    add_status_item (status, booking, _("_Accept Request"), "booked");
  add_status_item (status, booking, _("Check _In"), "checked_in");
  add_status_item (status, booking, _("Mark _Confirmed"), "confirmed");
  add_status_item (status, booking, _("Mark C_ompleted"), "completed");
  add_status_item (status, booking, _("Mark _No-Show"), "no_show");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (status));

  if (spa_booking_status_is_active (current) || g_strcmp0 (current, "requested") == 0)
    add_item (other, booking, _("_Edit or Reschedule…"), "win.booking-edit");
  if (spa_booking_status_can_change (current, "cancelled") && g_strcmp0 (current, "cancelled") != 0)
    add_item (other, booking, _("C_ancel Booking…"), "win.booking-cancel");
  if (g_strcmp0 (current, "checked_in") == 0 || g_strcmp0 (current, "completed") == 0)
    add_item (other, booking, _("Check _Out…"), "win.booking-checkout");
  add_item (other, booking, _("Book _Again…"), "win.book-again");
  /* A plan starts from a visit still to come that is not part of one yet. */
  if (spa_booking_status_is_active (current) && g_strcmp0 (current, "checked_in") != 0 &&
      !spa_record_has_value (booking, SPA_BOOKING_SERIES_ID))
    add_item (other, booking, _("Repeat as a Treatment _Plan…"), "win.booking-plan");
  {
    g_autoptr(GMenuItem) item = g_menu_item_new (_("Open _Client"), NULL);

    g_menu_item_set_action_and_target_value (item, "win.show-client",
                                             g_variant_new_string (
                                               spa_booking_get_client_id (booking)));
    g_menu_append_item (other, item);
  }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (other));

  return G_MENU_MODEL (menu);
}

/*
 * Sync: a booking the server refused (an overlap made offline on two desks) stays on
 * this desk, flagged, with a way to move it; one not yet accepted says so.
 */
static void
spa_booking_actions_add_sync_state (SpaStore  *store,
                                    SpaRecord *booking,
                                    GtkWidget *row)
{
  const char *id = spa_record_get_id (booking);
  g_autofree char *refused = spa_sync_local_get_rejection (store, SPA_BOOKING_ENTITY, id, NULL);
  GtkWidget *label;

  if (refused != NULL)
    {
      GtkWidget *reschedule = gtk_button_new_with_mnemonic (_("_Reschedule…"));

      label = gtk_label_new (_("Refused by the server"));
      gtk_widget_add_css_class (label, "status-pill");
      gtk_widget_add_css_class (label, "sync-rejected");
      gtk_widget_set_tooltip_text (label, refused);
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (reschedule), "win.booking-edit");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (reschedule), g_variant_new_string (id));
      gtk_widget_set_valign (reschedule, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), reschedule);
    }
  else if (spa_sync_local_has_synced (store) &&
           spa_sync_local_is_unconfirmed (store, SPA_BOOKING_ENTITY, id))
    {
      label = gtk_label_new (_("Not yet confirmed"));
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
}

/**
 * spa_booking_actions_row_new:
 * @flags: what the title gives (the date on the client's page, or only the times) and
 *   whether the row is for a phone
 * @extra: (nullable): a widget shown before the status (the client's alerts)
 *
 * A list row for @booking: time, client or service, therapist and room, its status
 * and a menu of what can be done to it.
 *
 * Returns: (transfer floating): an #AdwActionRow
 */
static void
create_menu_popup_cb (GtkMenuButton *button,
                      gpointer       menu)
{
  if (gtk_menu_button_get_popover (button) == NULL)
    {
      gtk_menu_button_set_menu_model (button, menu);
      spa_widget_quiet_tooltip (GTK_WIDGET (button), gtk_menu_button_get_popover (button));
    }
}

GtkWidget *
spa_booking_actions_row_new (SpaStore  *store,
                             SpaRecord *booking,
                             SpaBookingRowFlags flags,
                             GtkWidget *extra)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *menu_button;
  g_autoptr(SpaRecord) service = spa_store_get (store, SPA_SERVICE_ENTITY,
                                                spa_booking_get_service_id (booking), NULL);
  g_autoptr(SpaRecord) therapist = spa_store_get (store, SPA_THERAPIST_ENTITY,
                                                  spa_booking_get_therapist_id (booking), NULL);
  g_autoptr(SpaRecord) room = NULL;
  g_autoptr(GMenuModel) menu = spa_booking_actions_menu (booking);
  const char *location_id = spa_record_get_location_id (booking);
  /* The booking's times as its location's clock reads them. */
  g_autoptr(GTimeZone) zone = spa_location_zone (store, location_id,
                                                 spa_schedule_get_time_zone (store));
  g_autoptr(GDateTime) starts = spa_time_parse_utc (spa_booking_get_starts_at (booking));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (starts, zone);
  g_autofree char *from = spa_format_utc_time (spa_booking_get_starts_at (booking), zone);
  g_autofree char *to = spa_format_utc_time (spa_booking_get_ends_at (booking), zone);
  g_autofree char *client = spa_booking_actions_client_name (store,
                                                             spa_booking_get_client_id (booking));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *date = NULL;
  const char *status = spa_booking_get_status (booking);
  const char *service_name = service ? spa_service_get_name (service) : "";
  const char *therapist_name = therapist ? spa_therapist_get_name (therapist) : "";

  if (spa_record_has_value (booking, SPA_BOOKING_ROOM_ID))
    room = spa_store_get (store, SPA_ROOM_ENTITY, spa_booking_get_room_id (booking), NULL);

  if (flags & SPA_BOOKING_ROW_DATE)
    {
      date = spa_format_date_short (local);
      title = g_strdup_printf ("%s · %s–%s", date, from, to);
      subtitle = room ? g_strdup_printf ("%s · %s · %s", service_name, therapist_name,
                                         spa_room_get_name (room))
                      : g_strdup_printf ("%s · %s", service_name, therapist_name);
    }
  else if (flags & SPA_BOOKING_ROW_NARROW)
    {
      /* The status pill gives way to a word after the times. */
      title = g_strdup (client);
      subtitle = g_strdup_printf ("%s–%s · %s · %s · %s", from, to,
                                  spa_booking_status_label (status), service_name,
                                  therapist_name);
    }
  else
    {
      title = g_strdup_printf ("%s–%s  %s", from, to, client);
      subtitle = room ? g_strdup_printf ("%s · %s · %s", service_name, therapist_name,
                                         spa_room_get_name (room))
                      : g_strdup_printf ("%s · %s", service_name, therapist_name);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  spa_action_row_one_line (ADW_ACTION_ROW (row));

  if (extra != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), extra);

  if (!(flags & SPA_BOOKING_ROW_NARROW))
    {
      GtkWidget *status_label = gtk_label_new (spa_booking_status_label (status));

      gtk_widget_add_css_class (status_label, "status-pill");
      gtk_widget_add_css_class (status_label, status);
      gtk_widget_set_valign (status_label, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), status_label);
    }
  spa_booking_actions_add_sync_state (store, booking, row);

  menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  /* The menu's popover is made when the button is first used: a day of a large spa has
   * hundreds of rows, and a popover for each took most of the time to the first frame. */
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (menu_button), create_menu_popup_cb,
                                         g_object_ref (menu), g_object_unref);
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_widget_set_tooltip_text (menu_button, _("Booking actions"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Booking actions"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), menu_button);

  g_object_set_data_full (G_OBJECT (row), "booking", g_object_ref (booking), g_object_unref);
  return row;
}
