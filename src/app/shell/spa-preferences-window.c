/* spa-preferences-window.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-audit-window.h"
#include "spa-preferences-window.h"
#include "spa-preferences-window-private.h"
#include "spa-receipt-settings.h"
#include "spa-widget-util.h"
#include "spa-secret.h"
#include "spa-sync-http.h"
#include "spa-sync-indicator.h"

/*
 * Preferences: the spa's time zone and week start (General), and the sync server with
 * its sign-in token, kept in the keyring (Sync); the spa's details and tax numbers that
 * receipts print (Receipts, SpaReceiptSettings).
 */
struct _SpaPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwEntryRow          *time_zone_row;
  AdwComboRow          *week_start_row;
  AdwComboRow          *location_row;
  GtkLabel             *general_error;
  AdwEntryRow          *server_row;
  AdwPasswordEntryRow  *token_row;
  GtkWidget            *plain_http_box;
  GtkCheckButton       *plain_http_check;
  GtkLabel             *sync_error;
  GtkButton            *sign_in_button;
  GtkButton            *sign_out_button;
  AdwActionRow         *status_row;
  GtkButton            *sync_now_button;
  GtkSpinButton        *interval_spin;
  GtkSwitch            *sign_in_switch;
  AdwComboRow          *idle_lock_row;
  GtkWidget            *accounts_group;
  GtkListBox           *accounts_list;
  GtkLabel             *accounts_error;

  /* Owned */
  SpaContext           *context;
  GCancellable         *cancellable;
  GPtrArray            *locations;   /* as in location_row */
  gboolean              filling;
};

G_DEFINE_FINAL_TYPE (SpaPreferencesWindow, spa_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
time_zone_apply_cb (SpaPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->time_zone_row));
  g_autofree char *zone = g_strstrip (g_strdup (text));
  GTimeZone *tz = NULL;

  if (zone[0] != '\0' && (tz = g_time_zone_new_identifier (zone)) == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a time zone this computer knows. Use a name such as "
                           "America/Vancouver or Europe/Paris."), zone);

      spa_widget_show_error (self->general_error, GTK_WIDGET (self->time_zone_row), message,
                             SPA_SHOW_ERROR_PLAIN);
      return;
    }
  g_clear_pointer (&tz, g_time_zone_unref);

  spa_widget_show_error (self->general_error, GTK_WIDGET (self->time_zone_row), NULL,
                         SPA_SHOW_ERROR_PLAIN);
  g_settings_set_string (spa_context_get_settings (self->context), "time-zone", zone);
}

static void
week_start_changed_cb (SpaPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->week_start_row);

  if (self->context != NULL && selected != GTK_INVALID_LIST_POSITION)
    g_settings_set_uint (spa_context_get_settings (self->context), "week-start", selected + 1);
}

/* This desk's location, kept on this desk only (a setting, not a synced record). */
static void
location_changed_cb (SpaPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->location_row);

  if (self->context == NULL || self->filling || self->locations == NULL ||
      selected >= self->locations->len)
    return;
  g_settings_set_string (spa_context_get_settings (self->context), "location",
                         spa_record_get_id (self->locations->pdata[selected]));
}

/* Shown to a chain only: a single spa has nothing to choose. */
static void
fill_locations (SpaPreferencesWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *desk = g_settings_get_string (spa_context_get_settings (self->context),
                                                 "location");
  guint selected = 0;

  g_clear_pointer (&self->locations, g_ptr_array_unref);
  self->locations = spa_location_list (spa_context_get_store (self->context), NULL, NULL);
  if (self->locations == NULL)
    self->locations = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->locations->len; i++)
    {
      const char *id = spa_record_get_id (self->locations->pdata[i]);

      gtk_string_list_append (names, spa_location_get_name (self->locations->pdata[i]));
      if (g_str_equal (id, desk[0] ? desk : SPA_LOCATION_DEFAULT_ID))
        selected = i;
    }
  self->filling = TRUE;
  adw_combo_row_set_model (self->location_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->location_row, selected);
  self->filling = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->location_row), self->locations->len > 1);
}

static gboolean
url_is_valid (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL &&
         (g_strcmp0 (g_uri_get_scheme (uri), "http") == 0 ||
          g_strcmp0 (g_uri_get_scheme (uri), "https") == 0) &&
         g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0';
}

static void
clear_sync_error (SpaPreferencesWindow *self)
{
  spa_widget_show_error (self->sync_error, GTK_WIDGET (self->server_row), NULL,
                         SPA_SHOW_ERROR_PLAIN);
  spa_widget_show_error (self->sync_error, GTK_WIDGET (self->token_row), NULL,
                         SPA_SHOW_ERROR_PLAIN);
}

static char *
entered_url (SpaPreferencesWindow *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
}

static void
update_sign_in (SpaPreferencesWindow *self)
{
  g_autofree char *url = entered_url (self);
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  gboolean plain = spa_sync_http_is_plain_remote (url);

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button),
                            url[0] != '\0' && token[0] != '\0' &&
                            (!plain || gtk_check_button_get_active (self->plain_http_check)));
}

/* Plain http:// to another machine is said when the address is entered, and must be
 * confirmed before this desk signs in or syncs with it. */
static void
update_plain_http (SpaPreferencesWindow *self)
{
  g_autofree char *url = entered_url (self);
  g_autofree char *confirmed = NULL;

  gtk_widget_set_visible (self->plain_http_box, spa_sync_http_is_plain_remote (url));
  if (self->context != NULL)
    {
      confirmed = g_settings_get_string (spa_context_get_settings (self->context), "plain-http-server");
      g_signal_handlers_block_matched (self->plain_http_check, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
      gtk_check_button_set_active (self->plain_http_check, url[0] != '\0' && g_str_equal (url, confirmed));
      g_signal_handlers_unblock_matched (self->plain_http_check, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
    }
}

static void
sign_in_fields_changed_cb (SpaPreferencesWindow *self)
{
  update_plain_http (self);
  update_sign_in (self);
  clear_sync_error (self);
}

static void
plain_http_toggled_cb (SpaPreferencesWindow *self)
{
  GSettings *settings = spa_context_get_settings (self->context);
  g_autofree char *url = entered_url (self);
  g_autofree char *saved = g_settings_get_string (settings, "server-url");

  /* For the server this desk already uses, the choice takes effect at once. */
  if (url[0] != '\0' && g_str_equal (url, saved))
    g_settings_set_string (settings, "plain-http-server",
                           gtk_check_button_get_active (self->plain_http_check) ? url : "");
  update_sign_in (self);
}

typedef struct
{
  SpaPreferencesWindow *self;
  char                 *url;
  char                 *token;
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  g_object_unref (sign_in->self);
  g_free (sign_in->url);
  g_free (sign_in->token);
  g_free (sign_in);
}

static void
token_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SignIn *sign_in = user_data;
  SpaPreferencesWindow *self = sign_in->self;
  g_autoptr(GError) error = NULL;

  if (!spa_secret_store_token_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message =
            g_strdup_printf (_("%s This desk syncs until Spa Desk is closed."), error->message);

          spa_widget_show_error (self->sync_error, NULL, message, SPA_SHOW_ERROR_PLAIN);
          /* Still sync for this session; the token is only not remembered. */
          spa_sync_engine_set_server (spa_context_get_sync_engine (self->context),
                                      sign_in->url, sign_in->token);
        }
      sign_in_free (sign_in);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  g_settings_set_string (spa_context_get_settings (self->context), "plain-http-server",
                         spa_sync_http_is_plain_remote (sign_in->url) ? sign_in->url : "");
  g_settings_set_string (spa_context_get_settings (self->context), "server-url", sign_in->url);
  spa_sync_engine_set_server (spa_context_get_sync_engine (self->context), sign_in->url, sign_in->token);
  sign_in_free (sign_in);
}

/**
 * spa_preferences_window_sign_in:
 *
 * Checks the address, keeps the token in the keyring and starts syncing; a problem is
 * shown under the fields and nothing is saved.
 */
void
spa_preferences_window_sign_in (SpaPreferencesWindow *self,
                                const char           *url,
                                const char           *token)
{
  g_autofree char *clean_url = g_strstrip (g_strdup (url));
  g_autofree char *clean_token = g_strstrip (g_strdup (token));
  SignIn *sign_in;

  g_return_if_fail (SPA_IS_PREFERENCES_WINDOW (self));

  clear_sync_error (self);
  if (!url_is_valid (clean_url))
    {
      spa_widget_show_error (self->sync_error, GTK_WIDGET (self->server_row),
                             _("Enter the server’s address with http:// or https://, such as "
                               "https://spa.example.org."),
                             SPA_SHOW_ERROR_PLAIN);
      return;
    }
  if (clean_token[0] == '\0')
    {
      spa_widget_show_error (self->sync_error, GTK_WIDGET (self->token_row),
                             _("Enter the sign-in token that the spa manager gave you."),
                             SPA_SHOW_ERROR_PLAIN);
      return;
    }
  if (spa_sync_http_is_plain_remote (clean_url) && !gtk_check_button_get_active (self->plain_http_check))
    {
      spa_widget_show_error (self->sync_error, GTK_WIDGET (self->server_row),
                             _("This address is not encrypted. Use an https:// address, or tick "
                               "“I understand” above to sync with it anyway."),
                             SPA_SHOW_ERROR_PLAIN);
      return;
    }

  clear_sync_error (self);
  sign_in = g_new0 (SignIn, 1);
  sign_in->self = g_object_ref (self);
  sign_in->url = g_steal_pointer (&clean_url);
  sign_in->token = g_steal_pointer (&clean_token);
  spa_secret_store_token_async (sign_in->url, sign_in->token, self->cancellable,
                                token_stored_cb, sign_in);
}

const char *
spa_preferences_window_get_error (SpaPreferencesWindow *self)
{
  g_return_val_if_fail (SPA_IS_PREFERENCES_WINDOW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->sync_error))
    ? gtk_label_get_label (self->sync_error) : NULL;
}

static void
sign_in_clicked_cb (SpaPreferencesWindow *self)
{
  spa_preferences_window_sign_in (self,
                                  gtk_editable_get_text (GTK_EDITABLE (self->server_row)),
                                  gtk_editable_get_text (GTK_EDITABLE (self->token_row)));
}

static void
sign_out_clicked_cb (SpaPreferencesWindow *self)
{
  /* The outbox stays: signing in again later sends what is waiting. */
  g_settings_set_string (spa_context_get_settings (self->context), "server-url", "");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), "");
}

static void
sync_now_clicked_cb (SpaPreferencesWindow *self)
{
  spa_sync_engine_sync_now (spa_context_get_sync_engine (self->context));
}

static void
update_status (SpaPreferencesWindow *self)
{
  SpaSyncEngine *engine = spa_context_get_sync_engine (self->context);
  g_autofree char *text = spa_sync_indicator_describe (engine, g_get_real_time () / G_USEC_PER_SEC);
  const char *message = spa_sync_engine_get_message (engine);
  const char *url = spa_sync_engine_get_server_url (engine);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                 text ? text : _("Not syncing: this desk works on its own"));
  adw_action_row_set_subtitle (self->status_row, message ? message : (url ? url : ""));
  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_now_button), url != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_out_button), url != NULL);
}

static void
spa_preferences_window_dispose (GObject *object)
{
  SpaPreferencesWindow *self = (SpaPreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->locations, g_ptr_array_unref);

  G_OBJECT_CLASS (spa_preferences_window_parent_class)->dispose (object);
}

/* Desk: sign-in and accounts. */

static const guint idle_choices[] = { 0, 60, 120, 300, 600, 900, 1800 };

static void
idle_lock_changed_cb (SpaPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->idle_lock_row);

  if (self->context != NULL && selected < G_N_ELEMENTS (idle_choices))
    g_settings_set_uint (spa_context_get_settings (self->context), "idle-lock", idle_choices[selected]);
}

static void fill_accounts (SpaPreferencesWindow *self);

static void
remove_account_cb (GtkButton            *button,
                   SpaPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  const char *id = g_object_get_data (G_OBJECT (button), "account-id");
  SpaAccount *current = spa_context_get_account (self->context);

  if (current != NULL && g_str_equal (spa_account_get_id (current), id))
    {
      spa_widget_show_error (self->accounts_error, NULL,
                             _("You cannot remove the account you are signed in with."),
                             SPA_SHOW_ERROR_PLAIN);
      return;
    }
  if (!spa_account_remove (spa_context_get_store (self->context), id, &error))
    {
      spa_widget_show_error (self->accounts_error, NULL, error->message, SPA_SHOW_ERROR_PLAIN);
      return;
    }
  spa_widget_show_error (self->accounts_error, NULL, NULL, SPA_SHOW_ERROR_PLAIN);
  fill_accounts (self);
  spa_context_sign_in_changed (self->context, NULL);
}

static void
show_access_cb (GtkButton            *button,
                 SpaPreferencesWindow *self)
{
  spa_audit_window_new (GTK_WINDOW (self), self->context,
                        g_object_get_data (G_OBJECT (button), "account"));
}

/* What a manager may change here: with sign-in off the desk is everyone's (and the
 * person at it is, in effect, the manager). */
static void
fill_accounts (SpaPreferencesWindow *self)
{
  g_autoptr(GPtrArray) accounts = spa_account_list (spa_context_get_store (self->context), NULL);
  gboolean manager = spa_context_get_role (self->context) == SPA_ROLE_MANAGER;

  spa_list_box_remove_all (self->accounts_list);
  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      SpaAccount *account = accounts->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), spa_account_get_name (account));
      subtitle = spa_account_is_from_server (account)
                 ? g_strdup_printf (_("%s, from the spa server"), spa_role_get_label (spa_account_get_role (account)))
                 : g_strdup (spa_role_get_label (spa_account_get_role (account)));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), adw_avatar_new (32, spa_account_get_name (account), TRUE));
      /* Who opened which client's records: the audit trail, a manager's to read. */
      if (spa_role_may_read (spa_context_get_role (self->context), SPA_AUDIT_EVENT_ENTITY))
        {
          GtkWidget *access = gtk_button_new_from_icon_name ("document-open-recent-symbolic");
          /* TRANSLATORS: tooltip of the button that lists a person's access to records */
          g_autofree char *label = g_strdup_printf (_("Access by %s"),
                                                    spa_account_get_name (account));

          gtk_widget_set_valign (access, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (access, "flat");
          gtk_widget_set_tooltip_text (access, label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (access), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          label, -1);
          g_object_set_data_full (G_OBJECT (access), "account", g_object_ref (account),
                                  g_object_unref);
          g_signal_connect (access, "clicked", G_CALLBACK (show_access_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), access);
        }
      if (!spa_account_is_from_server (account))
        {
          GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
          g_autofree char *label = g_strdup_printf (_("Remove %s"), spa_account_get_name (account));

          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_set_tooltip_text (remove, label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          g_object_set_data_full (G_OBJECT (remove), "account-id", g_strdup (spa_account_get_id (account)), g_free);
          g_signal_connect (remove, "clicked", G_CALLBACK (remove_account_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }
      gtk_list_box_append (self->accounts_list, row);
    }
  if (accounts == NULL || accounts->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No accounts: the desk is open to anyone"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->accounts_list, row);
    }
  gtk_widget_set_sensitive (self->accounts_group, manager);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_switch), manager);
}

static void
add_account_response_cb (AdwMessageDialog     *dialog,
                         const char           *response,
                         SpaPreferencesWindow *self)
{
  static const SpaRole roles[] = { SPA_ROLE_THERAPIST, SPA_ROLE_FRONT_DESK, SPA_ROLE_MANAGER };
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");
  GtkEditable *pin = g_object_get_data (G_OBJECT (dialog), "pin");
  AdwComboRow *role = g_object_get_data (G_OBJECT (dialog), "role");
  AdwComboRow *therapist = g_object_get_data (G_OBJECT (dialog), "therapist");
  GPtrArray *therapists = g_object_get_data (G_OBJECT (dialog), "therapists");
  guint t = adw_combo_row_get_selected (therapist);
  g_autoptr(SpaAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  gboolean first;

  if (!g_str_equal (response, "add"))
    return;

  first = !spa_context_sign_in_enabled (self->context);
  account = spa_account_create (spa_context_get_store (self->context), gtk_editable_get_text (name),
                                roles[MIN (adw_combo_row_get_selected (role), G_N_ELEMENTS (roles) - 1)],
                                t > 0 && t <= therapists->len ? spa_record_get_id (therapists->pdata[t - 1]) : NULL,
                                gtk_editable_get_text (pin), &error);
  if (account == NULL)
    {
      spa_widget_show_error (self->accounts_error, NULL, error->message, SPA_SHOW_ERROR_PLAIN);
      return;
    }
  spa_widget_show_error (self->accounts_error, NULL, NULL, SPA_SHOW_ERROR_PLAIN);
  fill_accounts (self);
  /* The first account turns sign-in on, signed in as that person. */
  spa_context_sign_in_changed (self->context, first ? account : NULL);
}

static void
add_account_clicked_cb (SpaPreferencesWindow *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *therapists;
  GtkWidget *dialog;
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *name = adw_entry_row_new ();
  GtkWidget *role = adw_combo_row_new ();
  GtkWidget *therapist = adw_combo_row_new ();
  GtkWidget *pin = adw_password_entry_row_new ();

  therapists = spa_store_list_active (spa_context_get_store (self->context), SPA_THERAPIST_ENTITY,
                                      NULL, NULL);
  if (therapists == NULL)
    therapists = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_string_list_append (roles, spa_role_get_label (SPA_ROLE_THERAPIST));
  gtk_string_list_append (roles, spa_role_get_label (SPA_ROLE_FRONT_DESK));
  gtk_string_list_append (roles, spa_role_get_label (SPA_ROLE_MANAGER));
  gtk_string_list_append (names, _("None"));
  for (guint i = 0; i < therapists->len; i++)
    gtk_string_list_append (names, spa_therapist_get_name (therapists->pdata[i]));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name), _("Name"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (role), _("Role"));
  adw_combo_row_set_model (ADW_COMBO_ROW (role), G_LIST_MODEL (roles));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (therapist), _("Signs notes as"));
  adw_combo_row_set_model (ADW_COMBO_ROW (therapist), G_LIST_MODEL (names));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (pin), _("PIN (4 to 8 digits)"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), name);
  gtk_list_box_append (GTK_LIST_BOX (list), role);
  gtk_list_box_append (GTK_LIST_BOX (list), therapist);
  gtk_list_box_append (GTK_LIST_BOX (list), pin);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Add Desk Account"),
                                   _("The person signs in at this desk with their name and PIN."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "name", name);
  g_object_set_data (G_OBJECT (dialog), "pin", pin);
  g_object_set_data (G_OBJECT (dialog), "role", role);
  g_object_set_data (G_OBJECT (dialog), "therapist", therapist);
  g_object_set_data_full (G_OBJECT (dialog), "therapists", therapists, (GDestroyNotify)g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_account_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (name);
}

static void
sign_in_switch_cb (SpaPreferencesWindow *self)
{
  spa_context_sign_in_changed (self->context, NULL);
  fill_accounts (self);
}

static void
spa_preferences_window_class_init (SpaPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, time_zone_row);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, week_start_row);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, general_error);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, plain_http_box);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, plain_http_check);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, sync_error);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, status_row);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, sync_now_button);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, sign_in_switch);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, idle_lock_row);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, accounts_error);
  gtk_widget_class_bind_template_callback (widget_class, idle_lock_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_account_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_zone_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, week_start_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, location_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, SpaPreferencesWindow, location_row);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, plain_http_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_out_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sync_now_clicked_cb);
}

static void
spa_preferences_window_init (SpaPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

SpaPreferencesWindow *
spa_preferences_window_new (SpaContext *context)
{
  SpaPreferencesWindow *self;
  GSettings *settings;
  g_autofree char *zone = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  self = g_object_new (SPA_TYPE_PREFERENCES_WINDOW, NULL);
  settings = spa_context_get_settings (context);
  zone = g_settings_get_string (settings, "time-zone");
  url = g_settings_get_string (settings, "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->time_zone_row), zone);
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);
  adw_combo_row_set_selected (self->week_start_row, g_settings_get_uint (settings, "week-start") - 1);
  self->context = g_object_ref (context);
  fill_locations (self);
  g_signal_connect_object (spa_context_get_store (context), "changed::" SPA_LOCATION_ENTITY,
                           G_CALLBACK (fill_locations), self, G_CONNECT_SWAPPED);
  update_plain_http (self);
  g_settings_bind (settings, "sync-interval", self->interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
  spa_widget_show_error (self->sync_error, NULL, NULL, SPA_SHOW_ERROR_PLAIN);

  g_signal_connect_object (spa_context_get_sync_engine (context), "notify",
                           G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  update_status (self);

  g_settings_bind (settings, "sign-in", self->sign_in_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (settings, "changed::sign-in", G_CALLBACK (sign_in_switch_cb), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (idle_choices); i++)
    if (idle_choices[i] <= g_settings_get_uint (settings, "idle-lock"))
      adw_combo_row_set_selected (self->idle_lock_row, i);
  g_signal_connect_object (context, "notify::account", G_CALLBACK (fill_accounts), self, G_CONNECT_SWAPPED);
  fill_accounts (self);
  spa_widget_show_error (self->accounts_error, NULL, NULL, SPA_SHOW_ERROR_PLAIN);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (spa_receipt_settings_new (context)));
  return self;
}
