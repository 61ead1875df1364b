/* spa-context.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-context"

#include "config.h"

#include "spa-context.h"
#include "spa-secret.h"

/*
 * What every window, page and dialog works with: the store, the settings and the spa's
 * time zone. Widgets are handed this one object instead of reaching for globals.
 */
struct _SpaContext
{
  GObject    parent_instance;

  /* Owned */
  SpaStore  *store;
  GSettings *settings;
  GTimeZone *time_zone;
  SpaSyncEngine *sync_engine;
  GCancellable  *cancellable;
  SpaAccount    *account;
  char          *location_id;   /* the location the calendar and Today show */
};

G_DEFINE_FINAL_TYPE (SpaContext, spa_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_TIME_ZONE,
  PROP_ACCOUNT,
  PROP_LOCATION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGN_IN_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_time_zone (SpaContext *self)
{
  g_autofree char *identifier = g_settings_get_string (self->settings, "time-zone");
  GTimeZone *zone = NULL;

  if (identifier[0] != '\0')
    zone = g_time_zone_new_identifier (identifier);
  if (zone == NULL)
    zone = g_time_zone_new_local ();

  if (self->time_zone != NULL &&
      g_strcmp0 (g_time_zone_get_identifier (self->time_zone),
                 g_time_zone_get_identifier (zone)) == 0)
    {
      g_time_zone_unref (zone);
      return;
    }

  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  self->time_zone = zone;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_ZONE]);
}

static void
time_zone_changed_cb (SpaContext *self,
                      const char *key,
                      GSettings  *settings)
{
  update_time_zone (self);
}

/* Confirmed plain http:// holds for the exact address confirmed, nothing else. */
static void
spa_context_update_plain_http (SpaContext *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");
  g_autofree char *confirmed = g_settings_get_string (self->settings, "plain-http-server");

  spa_sync_engine_set_plain_http_confirmed (self->sync_engine,
                                            url[0] != '\0' && g_str_equal (url, confirmed));
}

static void
token_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SpaContext) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = spa_secret_lookup_token_finish (result, &error);
  g_autofree char *url = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->sync_engine == NULL)
    return;
  if (error != NULL)
    g_message ("%s", error->message);

  /* Without a token the engine asks the user to sign in; the outbox waits. */
  url = g_settings_get_string (self->settings, "server-url");
  spa_context_update_plain_http (self);
  spa_sync_engine_set_server (self->sync_engine, url[0] ? url : NULL, token);
}

/**
 * spa_context_reload_sync:
 *
 * Points the sync engine at the server in the settings, with its token from the
 * keyring. With no server set, the desk works alone exactly as before.
 */
void
spa_context_reload_sync (SpaContext *self)
{
  g_autofree char *url = NULL;

  g_return_if_fail (SPA_IS_CONTEXT (self));

  url = g_settings_get_string (self->settings, "server-url");
  spa_sync_engine_set_interval (self->sync_engine, g_settings_get_uint (self->settings, "sync-interval"));
  if (url[0] == '\0')
    {
      spa_sync_engine_set_server (self->sync_engine, NULL, NULL);
      return;
    }
  spa_secret_lookup_token_async (url, self->cancellable, token_found_cb, g_object_ref (self));
}

static void
sync_settings_changed_cb (SpaContext *self,
                          const char *key,
                          GSettings  *settings)
{
  if (g_str_equal (key, "sync-interval"))
    spa_sync_engine_set_interval (self->sync_engine, g_settings_get_uint (settings, key));
  else if (g_str_equal (key, "plain-http-server"))
    {
      spa_context_update_plain_http (self);
      spa_sync_engine_sync_now (self->sync_engine);
    }
  else
    spa_context_reload_sync (self);
}

/* The desk moved: show its new location. */
static void
desk_location_changed_cb (SpaContext *self)
{
  spa_context_set_location_id (self, NULL);
}

static void
spa_context_constructed (GObject *object)
{
  SpaContext *self = (SpaContext *)object;

  G_OBJECT_CLASS (spa_context_parent_class)->constructed (object);

  g_signal_connect_object (self->settings, "changed::time-zone",
                           G_CALLBACK (time_zone_changed_cb), self, G_CONNECT_SWAPPED);
  update_time_zone (self);
  g_signal_connect_object (self->settings, "changed::location",
                           G_CALLBACK (desk_location_changed_cb), self, G_CONNECT_SWAPPED);

  self->cancellable = g_cancellable_new ();
  self->sync_engine = spa_sync_engine_new (self->store);
  spa_sync_engine_set_automatic (self->sync_engine, TRUE);
  g_signal_connect_object (self->settings, "changed::server-url",
                           G_CALLBACK (sync_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::sync-interval",
                           G_CALLBACK (sync_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::plain-http-server",
                           G_CALLBACK (sync_settings_changed_cb), self, G_CONNECT_SWAPPED);
  spa_context_reload_sync (self);
}

static void
spa_context_dispose (GObject *object)
{
  SpaContext *self = (SpaContext *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync_engine);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (spa_context_parent_class)->dispose (object);
}

static void
spa_context_finalize (GObject *object)
{
  SpaContext *self = (SpaContext *)object;

  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_clear_pointer (&self->location_id, g_free);

  G_OBJECT_CLASS (spa_context_parent_class)->finalize (object);
}

static void
spa_context_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpaContext *self = SPA_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_TIME_ZONE:
      g_value_set_boxed (value, self->time_zone);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_LOCATION_ID:
      g_value_set_string (value, spa_context_get_location_id (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spa_context_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SpaContext *self = SPA_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_LOCATION_ID:
      spa_context_set_location_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spa_context_class_init (SpaContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = spa_context_constructed;
  object_class->dispose = spa_context_dispose;
  object_class->finalize = spa_context_finalize;
  object_class->get_property = spa_context_get_property;
  object_class->set_property = spa_context_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SPA_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_ZONE] =
    g_param_spec_boxed ("time-zone", NULL, NULL, G_TYPE_TIME_ZONE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, SPA_TYPE_ACCOUNT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOCATION_ID] =
    g_param_spec_string ("location-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpaContext::sign-in-changed:
   *
   * Desk accounts were added or removed, or sign-in was turned on or off: the
   * window locks or unlocks the desk to match.
   */
  signals[SIGN_IN_CHANGED] =
    g_signal_new ("sign-in-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
spa_context_init (SpaContext *self)
{
}

SpaContext *
spa_context_new (SpaStore  *store,
                 GSettings *settings)
{
  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (SPA_TYPE_CONTEXT, "store", store, "settings", settings, NULL);
}

SpaStore *
spa_context_get_store (SpaContext *self)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (self), NULL);
  return self->store;
}

GSettings *
spa_context_get_settings (SpaContext *self)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (self), NULL);
  return self->settings;
}

/**
 * spa_context_get_time_zone:
 *
 * Returns: (transfer none): the spa's time zone (a setting; the system's by default)
 */
GTimeZone *
spa_context_get_time_zone (SpaContext *self)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (self), NULL);
  return self->time_zone;
}

/**
 * spa_context_now:
 *
 * Returns: (transfer full): the current time in the spa's time zone
 */
GDateTime *
spa_context_now (SpaContext *self)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (self), NULL);
  return g_date_time_new_now (self->time_zone);
}

/**
 * spa_context_get_sync_engine:
 *
 * Returns: (transfer none): the sync engine (idle while no server is set)
 */
SpaSyncEngine *
spa_context_get_sync_engine (SpaContext *self)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (self), NULL);
  return self->sync_engine;
}

/**
 * spa_context_sign_in_enabled:
 *
 * Whether staff sign in at this desk: the "sign-in" setting is on and the desk has at
 * least one account. Without accounts (a new desk, a spa run by one person) the desk
 * is open as it always was.
 */
gboolean
spa_context_sign_in_enabled (SpaContext *self)
{
  g_autoptr(GPtrArray) accounts = NULL;

  g_return_val_if_fail (SPA_IS_CONTEXT (self), FALSE);

  if (!g_settings_get_boolean (self->settings, "sign-in"))
    return FALSE;
  accounts = spa_account_list (self->store, NULL);
  return accounts != NULL && accounts->len > 0;
}

/**
 * spa_context_get_account:
 *
 * Returns: (transfer none) (nullable): who is signed in at the desk
 */
SpaAccount *
spa_context_get_account (SpaContext *self)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (self), NULL);
  return self->account;
}

/**
 * spa_context_set_account:
 * @account: (nullable): who signed in, or %NULL
 */
void
spa_context_set_account (SpaContext *self,
                         SpaAccount *account)
{
  g_return_if_fail (SPA_IS_CONTEXT (self));
  g_return_if_fail (account == NULL || SPA_IS_ACCOUNT (account));

  if (g_set_object (&self->account, account))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

/**
 * spa_context_sign_in_changed:
 * @creator: (nullable): the desk's first account, just made
 *
 * Call after adding or removing desk accounts: sign-in starts with the first account
 * (the desk is then signed in as @creator, who made it) and stops with the last.
 * Emits #SpaContext::sign-in-changed.
 */
void
spa_context_sign_in_changed (SpaContext *self,
                             SpaAccount *creator)
{
  g_return_if_fail (SPA_IS_CONTEXT (self));
  g_return_if_fail (creator == NULL || SPA_IS_ACCOUNT (creator));

  if (creator != NULL && self->account == NULL)
    spa_context_set_account (self, creator);
  g_signal_emit (self, signals[SIGN_IN_CHANGED], 0);
}

/**
 * spa_context_get_role:
 *
 * Returns: what the desk may show: the signed-in account's role; with sign-in off,
 *   everything (manager); signed in as nobody, nothing
 */
SpaRole
spa_context_get_role (SpaContext *self)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (self), SPA_ROLE_NONE);

  if (self->account != NULL)
    return spa_account_get_role (self->account);
  return spa_context_sign_in_enabled (self) ? SPA_ROLE_NONE : SPA_ROLE_MANAGER;
}

/* The desk's own location from the settings, if it is still one of the chain's open
 * locations; else the default location. */
static char *
desk_location (SpaContext *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "location");
  g_autoptr(SpaRecord) location = NULL;

  if (id[0] != '\0')
    location = spa_store_get (self->store, SPA_LOCATION_ENTITY, id, NULL);
  if (location != NULL && spa_location_get_active (location) &&
      !spa_record_get_deleted (location))
    return g_steal_pointer (&id);
  return g_strdup (SPA_LOCATION_DEFAULT_ID);
}

/**
 * spa_context_get_location_id:
 *
 * Returns: (transfer none): the location the calendar and Today show: the desk's own
 *   (Preferences) until another is chosen
 */
const char *
spa_context_get_location_id (SpaContext *self)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (self), NULL);

  if (self->location_id == NULL)
    self->location_id = desk_location (self);
  return self->location_id;
}

/**
 * spa_context_set_location_id:
 * @location_id: (nullable): the location to show; %NULL: the desk's own
 */
void
spa_context_set_location_id (SpaContext *self,
                             const char *location_id)
{
  g_autofree char *id = NULL;

  g_return_if_fail (SPA_IS_CONTEXT (self));

  id = location_id != NULL ? g_strdup (location_id) : desk_location (self);
  if (g_strcmp0 (id, self->location_id) == 0)
    return;
  g_free (self->location_id);
  self->location_id = g_steal_pointer (&id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION_ID]);
}

/**
 * spa_context_is_chain:
 *
 * Returns: whether the spa has more than one open location (a single spa shows no
 *   location switcher)
 */
gboolean
spa_context_is_chain (SpaContext *self)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (self), FALSE);
  return spa_location_count (self->store) > 1;
}
