/* spa-server-public.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-server-public"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <glib/gi18n-lib.h>

#include "spa-availability.h"
#include "spa-booking-draft.h"
#include "spa-client.h"
#include "spa-clinical.h"
#include "spa-error.h"
#include "spa-location.h"
#include "spa-online-settings.h"
#include "spa-schedule.h"
#include "spa-server-public.h"
#include "spa-server-storage.h"
#include "spa-store.h"
#include "spa-util.h"
#include "spa-validate.h"

/*
 * The public side of the server: the online booking API under /v1/public/ and the
 * booking page under /book, open to anyone without a token (docs/online-booking.md).
 * Nothing here tells one client anything about another: availability says when, never
 * who; a booking is reached only through its own secret link. Bookings are written
 * through spa_server_write_record(), the push's own rules and change log, so the
 * overlap rule holds against every desk and every desk pulls them.
 *
 * Everything that reads or writes the store runs under the store lock, so two
 * requests for one slot are decided one after the other: the second finds it taken.
 */

#define ONLINE_DEVICE "online"
#define MAX_ALTERNATIVES 8

struct _SpaPublicSite
{
  GTimeZone  *zone;
  GMutex      lock;
  GHashTable *windows;   /* peer address -> RateWindow */
  gint64      warned;    /* when the shared window last failed, Unix seconds */
};

typedef struct
{
  gint64 started;        /* monotonic µs */
  guint  count;
} RateWindow;

SpaPublicSite *
spa_public_site_new (GTimeZone *zone)
{
  SpaPublicSite *site = g_new0 (SpaPublicSite, 1);

  site->zone = zone ? g_time_zone_ref (zone) : g_time_zone_new_local ();
  g_mutex_init (&site->lock);
  site->windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return site;
}

void
spa_public_site_free (SpaPublicSite *site)
{
  if (site == NULL)
    return;
  g_time_zone_unref (site->zone);
  g_mutex_clear (&site->lock);
  g_hash_table_unref (site->windows);
  g_free (site);
}

GTimeZone *
spa_public_site_get_zone (SpaPublicSite *site)
{
  return site->zone;
}

/* ---- settings ---- */

/*
 * Two kinds: the server's own (look, rate limit, address) in `server_setting`, and the
 * booking rules in the synced online_settings record, which a manager sets on a desk
 * (or here, through the change log, so desks get it). A rule the record leaves unset
 * falls back to its older `server_setting` value, then to its default.
 */
static const char * const setting_names[] = {
  "spa_name", "spa_color", "logo", "slot_minutes", "notice_minutes", "online_booking",
  "horizon_days", "cancel_hours", "intro", "rate_limit", "public_url", "reminder_hours",
  "second_reminder_hours", "thank_you_hours", "mail_retry_seconds", NULL
};

/* The record's field for a setting's name, or %NULL for a server setting. */
static const char *
record_field (const char *key)
{
  static const char * const fields[] = {
    "slot_minutes", "notice_minutes", "horizon_days", "cancel_hours", "intro", NULL
  };

  if (g_str_equal (key, "online_booking"))
    return "enabled";
  return g_strv_contains (fields, key) ? key : NULL;
}

const char * const *
spa_public_setting_names (void)
{
  return setting_names;
}

/* The server's own, in its storage (SQLite's server_setting, PostgreSQL's spa_setting). */
static char *
server_setting (SpaStore   *store,
                const char *key)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(GError) error = NULL;
  char *value = NULL;

  if (!storage->klass->get_setting (storage, key, &value, &error))
    g_warning ("The setting %s could not be read: %s", key, error->message);
  return value;
}

/**
 * spa_public_get_setting:
 *
 * Returns: (transfer full) (nullable): the setting's value, %NULL when unset
 */
char *
spa_public_get_setting (SpaStore   *store,
                        const char *key)
{
  const char *field = record_field (key);

  if (field != NULL)
    {
      g_autoptr(SpaRecord) settings = spa_online_settings_load (store, NULL);

      if (settings != NULL && spa_record_has_value (settings, field))
        {
          if (g_str_equal (field, "enabled"))
            return g_strdup (spa_online_settings_enabled (settings) ? "true" : "false");
          return spa_online_settings_get_text (settings, field);
        }
    }
  return server_setting (store, key);
}

static gint64
setting_int (SpaStore   *store,
             const char *key,
             gint64      fallback)
{
  g_autofree char *value = spa_public_get_setting (store, key);
  gint64 number;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, 0, 100000, &number, NULL))
    return fallback;
  return number;
}

static gboolean
online_booking_on (SpaStore *store)
{
  g_autofree char *value = spa_public_get_setting (store, "online_booking");

  return value == NULL || !(g_str_equal (value, "false") || g_str_equal (value, "off") ||
                            g_str_equal (value, "0"));
}

/* A booking rule into the synced record, written as a desk's push would be. */
static gboolean
set_record_setting (SpaStore    *store,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  const char *field = record_field (key);
  g_autoptr(SpaRecord) settings = NULL;

  if (!spa_server_storage_refresh (storage, error))
    return FALSE;
  settings = spa_online_settings_load (store, error);
  if (settings == NULL)
    return FALSE;
  spa_record_clear_changed (settings);
  if (g_str_equal (field, "enabled"))
    {
      if (spa_str_empty (value))
        spa_record_set_null (settings, field);
      else if (g_str_equal (value, "true") || g_str_equal (value, "on") ||
               g_str_equal (value, "1"))
        spa_record_set_boolean (settings, field, TRUE);
      else if (g_str_equal (value, "false") || g_str_equal (value, "off") ||
               g_str_equal (value, "0"))
        spa_record_set_boolean (settings, field, FALSE);
      else
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("The setting “%s” is true or false."), key);
          return FALSE;
        }
    }
  else if (!spa_online_settings_set_text (settings, field, value, error))
    return FALSE;

  if (!spa_server_storage_begin (storage, error))
    return FALSE;
  /* The older value goes: the record now says it, on every desk too. */
  if (!storage->klass->set_setting (storage, key, NULL, error) ||
      (spa_record_is_changed (settings) &&
       !spa_server_write_record (store, settings, "server", error)) ||
      !spa_server_storage_commit (storage, error))
    {
      spa_server_storage_rollback (storage);
      return FALSE;
    }
  return TRUE;
}

/**
 * spa_public_is_color:
 *
 * Returns: whether @value is a colour as `#RRGGBB`, the only form pages and e-mails
 *   take into their styles
 */
gboolean
spa_public_is_color (const char *value)
{
  return value != NULL && value[0] == '#' && strlen (value) == 7 &&
         strspn (value + 1, "0123456789abcdefABCDEF") == 6;
}

/**
 * spa_public_set_setting:
 * @value: (nullable): the new value; %NULL or "" unsets it
 *
 * Returns: whether it was stored (the key must be one of spa_public_setting_names(),
 *   numbers must be numbers)
 */
gboolean
spa_public_set_setting (SpaStore    *store,
                        const char  *key,
                        const char  *value,
                        GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);

  if (!g_strv_contains (setting_names, key))
    {
      g_autofree char *names = g_strjoinv (", ", (char **)setting_names);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown setting “%s”. Settings: %s."), key, names);
      return FALSE;
    }
  if (record_field (key) != NULL)
    return set_record_setting (store, key, value, error);
  if (!spa_str_empty (value) && g_str_equal (key, "rate_limit") &&
      !g_ascii_string_to_unsigned (value, 10, 1, 100000, NULL, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The setting “%s” takes a whole number of minutes (or, for rate_limit, "
                     "requests a minute)."), key);
      return FALSE;
    }
  /* The e-mails (spa-server-mail.c): hours before a booking, seconds before a retry. */
  if (!spa_str_empty (value) && g_str_has_suffix (key, "_hours") &&
      !g_ascii_string_to_unsigned (value, 10, 1, 24 * 60, NULL, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The setting “%s” takes a whole number of hours, from 1 to 1440."), key);
      return FALSE;
    }
  if (!spa_str_empty (value) && g_str_equal (key, "mail_retry_seconds") &&
      !g_ascii_string_to_unsigned (value, 10, 1, 3600, NULL, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The setting “%s” takes a whole number of seconds, from 1 to 3600."), key);
      return FALSE;
    }
  if (!spa_str_empty (value) && g_str_equal (key, "spa_color") && !spa_public_is_color (value))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The colour must be written as #RRGGBB."));
      return FALSE;
    }

  return storage->klass->set_setting (storage, key, spa_str_empty (value) ? NULL : value, error);
}

/* ---- responses ---- */

static void
respond_object (SpaServerResponse *response,
                guint              status,
                JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  spa_server_respond_json (response, status, node);
}

static void
bad_request (SpaServerResponse *response,
             const char        *field,
             const char        *message)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "error", "bad_request");
  json_object_set_string_member (object, "message", message);
  if (field != NULL)
    json_object_set_string_member (object, "field", field);
  respond_object (response, 400, object);
}

static void
not_found (SpaServerResponse *response)
{
  spa_server_route_error (response, 404, "not_found", "no such page or link");
}

/* ---- routing by headers ---- */

gboolean
spa_public_is_route (const char *path)
{
  return g_str_has_prefix (path, "/v1/public/") || g_str_equal (path, "/book") ||
         g_str_has_prefix (path, "/book/");
}

/* The requests that write something: limited per address. */
static gboolean
is_create (SpaServerRequest *request)
{
  return g_str_equal (request->method, "POST");
}

/* A fixed window per address in this process's memory: at most @limit creates a
 * minute. */
static guint
rate_limited_here (SpaPublicSite *site,
                   const char    *peer,
                   guint          limit)
{
  gint64 now = g_get_monotonic_time ();
  RateWindow *window;
  guint wait = 0;

  g_mutex_lock (&site->lock);
  /* Old windows go once the table grows, so many addresses cannot fill memory. */
  if (g_hash_table_size (site->windows) > 10000)
    {
      GHashTableIter iter;
      RateWindow *w;

      g_hash_table_iter_init (&iter, site->windows);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&w))
        if (now - w->started > 60 * G_USEC_PER_SEC)
          g_hash_table_iter_remove (&iter);
    }
  window = g_hash_table_lookup (site->windows, peer);
  if (window == NULL || now - window->started > 60 * G_USEC_PER_SEC)
    {
      if (window == NULL)
        {
          window = g_new0 (RateWindow, 1);
          g_hash_table_insert (site->windows, g_strdup (peer), window);
        }
      window->started = now;
      window->count = 0;
    }
  if (window->count >= limit)
    wait = MAX (1, 60 - (now - window->started) / G_USEC_PER_SEC);
  else
    window->count++;
  g_mutex_unlock (&site->lock);
  return wait;
}

/*
 * At most the rate_limit setting's creates a minute from one client address: the
 * seconds to wait, 0 to go on. On PostgreSQL the windows are the database's, each a
 * minute of the clock, so that every server process counts the same ones; should the
 * database fail to count, this process's own window decides (a warning logged at most
 * once a minute): a booking is neither refused for it nor let through unlimited.
 */
static guint
rate_limited (SpaStore      *store,
              GMutex        *store_lock,
              SpaPublicSite *site,
              const char    *address)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 window_start = now - now % 60;
  gint64 count = 0;
  gboolean counted = FALSE;
  guint limit;

  g_mutex_lock (store_lock);
  limit = setting_int (store, "rate_limit", SPA_PUBLIC_DEFAULT_RATE);
  if (storage->klass->rate_hit != NULL)
    counted = storage->klass->rate_hit (storage, address, window_start, &count, &error);
  g_mutex_unlock (store_lock);

  if (counted)
    return count > limit ? (guint)MAX (1, window_start + 60 - now) : 0;
  if (error != NULL)
    {
      g_mutex_lock (&site->lock);
      if (now - site->warned >= 60)
        {
          g_warning ("could not count the rate limit in the database, so counting in this"
                     " process only: %s", error->message);
          site->warned = now;
        }
      g_mutex_unlock (&site->lock);
    }
  return rate_limited_here (site, address, limit);
}

/**
 * spa_public_route_headers:
 *
 * Decides a public request from its request line and headers: the method, a body
 * larger than %SPA_PUBLIC_MAX_BODY (413), too many creates from one address (429).
 */
SpaServerRouteNext
spa_public_route_headers (SpaStore          *store,
                          GMutex            *store_lock,
                          SpaServerRequest  *request,
                          SpaServerResponse *response)
{
  gboolean api = g_str_has_prefix (request->path, "/v1/public/");
  gboolean post = g_str_equal (request->method, "POST");

  if (!post && !g_str_equal (request->method, "GET") && !g_str_equal (request->method, "HEAD"))
    {
      spa_server_route_error (response, 405, "method_not_allowed", "use GET or POST");
      return SPA_SERVER_ROUTE_RESPOND;
    }
  /* The one page that takes a form: a waitlist offer's "Take This Time". */
  if (post && !api && !g_str_has_prefix (request->path, "/book/waitlist/"))
    {
      spa_server_route_error (response, 405, "method_not_allowed", "use GET");
      return SPA_SERVER_ROUTE_RESPOND;
    }
  if (post && request->content_length > SPA_PUBLIC_MAX_BODY)
    {
      spa_server_route_error (response, 413, "too_large", "the request body is larger than 64 KiB");
      return SPA_SERVER_ROUTE_RESPOND;
    }
  if (is_create (request) && request->site != NULL)
    {
      guint wait = rate_limited (store, store_lock, request->site,
                                 request->peer ? request->peer : "");

      if (wait > 0)
        {
          spa_server_route_error (response, 429, "too_many_requests",
                                  "too many requests from this address; try again in a minute");
          response->retry_after = wait;
          return SPA_SERVER_ROUTE_RESPOND;
        }
    }
  request->max_body = SPA_PUBLIC_MAX_BODY;
  return post ? SPA_SERVER_ROUTE_READ_BODY : SPA_SERVER_ROUTE_WORK;
}

/* ---- reading requests ---- */

static const SpaJsonLimits public_limits = {
  .max_depth = 8,
  .max_size = SPA_PUBLIC_MAX_BODY,
  .max_string = 20 * 1024,
};

static const char *
query_get (SpaServerRequest *request,
           const char       *name)
{
  return request->query ? g_hash_table_lookup (request->query, name) : NULL;
}

/* A string member, or %NULL when absent or null; FALSE (with the 400 sent) when it is
 * something else. */
static gboolean
member_text (JsonObject        *object,
             const char        *name,
             const char        *path,
             const char       **out,
             SpaServerResponse *response)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      bad_request (response, path, "must be a string");
      return FALSE;
    }
  *out = json_node_get_string (node);
  if (spa_str_empty (*out))
    *out = NULL;
  return TRUE;
}

static JsonObject *
parse_body (SpaServerRequest  *request,
            SpaServerResponse *response)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (request->body == NULL || g_bytes_get_size (request->body) == 0)
    {
      bad_request (response, NULL, "the request body is empty");
      return NULL;
    }
  node = spa_json_parse_bytes (request->body, &public_limits, &error);
  if (node == NULL)
    {
      bad_request (response, NULL, error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      bad_request (response, NULL, "the request body must be a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

/* ---- what the public may see ---- */

static SpaRecord *
public_service (SpaStore   *store,
                const char *id)
{
  g_autoptr(SpaRecord) service = id ? spa_store_get (store, "service", id, NULL) : NULL;

  if (service == NULL || spa_record_get_deleted (service) ||
      !spa_record_get_boolean (service, "active") || !spa_availability_takes_online (service))
    return NULL;
  return g_steal_pointer (&service);
}

static SpaRecord *
public_therapist (SpaStore   *store,
                  const char *id)
{
  g_autoptr(SpaRecord) therapist = id ? spa_store_get (store, "therapist", id, NULL) : NULL;

  if (therapist == NULL || spa_record_get_deleted (therapist) ||
      !spa_record_get_boolean (therapist, "active") || !spa_availability_takes_online (therapist))
    return NULL;
  return g_steal_pointer (&therapist);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  SpaRecord *ra = *(SpaRecord **)a, *rb = *(SpaRecord **)b;
  const char *na = spa_record_get_string (ra, "name"), *nb = spa_record_get_string (rb, "name");
  int by_category = g_strcmp0 (spa_record_get_string (ra, "category"), spa_record_get_string (rb,
      "category"));

  if (by_category != 0)
    return by_category;
  return g_utf8_collate (na ? na : "", nb ? nb : "");
}

static void
set_text_or_null (JsonObject *object,
                  const char *name,
                  const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

/**
 * spa_public_list_services:
 *
 * Returns: (transfer full): the active services that take online bookings, by category
 *   and name
 */
GPtrArray *
spa_public_list_services (SpaStore *store)
{
  g_autoptr(GPtrArray) all = spa_store_list (store, "service", FALSE, NULL);
  GPtrArray *services = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; all && i < all->len; i++)
    if (spa_record_get_boolean (all->pdata[i], "active") &&
        spa_availability_takes_online (all->pdata[i]))
      g_ptr_array_add (services, g_object_ref (all->pdata[i]));
  g_ptr_array_sort (services, compare_names);
  return services;
}

/**
 * spa_public_list_therapists:
 *
 * Returns: (transfer full): the active therapists who take online bookings and offer
 *   @service_id (any service when %NULL), by name
 */
GPtrArray *
spa_public_list_therapists (SpaStore   *store,
                            const char *service_id)
{
  g_autoptr(GPtrArray) all = spa_store_list (store, "therapist", FALSE, NULL);
  GPtrArray *therapists = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; all && i < all->len; i++)
    {
      SpaRecord *t = all->pdata[i];

      if (spa_record_get_boolean (t, "active") && spa_availability_takes_online (t) &&
          (service_id == NULL || spa_booking_therapist_offers (t, service_id)))
        g_ptr_array_add (therapists, g_object_ref (t));
    }
  g_ptr_array_sort (therapists, compare_names);
  return therapists;
}

static void
list_services (SpaStore          *store,
               SpaServerResponse *response)
{
  g_autoptr(GPtrArray) services = spa_public_list_services (store);
  g_autoptr(JsonObject) object = json_object_new ();
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < services->len; i++)
    {
      SpaRecord *s = services->pdata[i];
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "id", spa_record_get_id (s));
      set_text_or_null (item, "name", spa_record_get_string (s, "name"));
      set_text_or_null (item, "category", spa_record_get_string (s, "category"));
      json_object_set_int_member (item, "duration_min", spa_record_get_int (s, "duration_min", 0));
      if (spa_record_has_value (s, "price_cents"))
        json_object_set_int_member (item, "price_cents", spa_record_get_int (s, "price_cents", 0));
      else
        json_object_set_null_member (item, "price_cents");
      set_text_or_null (item, "currency", spa_record_get_string (s, "currency")
                        ? spa_record_get_string (s, "currency") : "CAD");
      set_text_or_null (item, "description", spa_record_get_string (s, "description"));
      json_array_add_object_element (array, item);
    }
  json_object_set_array_member (object, "services", array);
  respond_object (response, 200, object);
}

/* The locations that take bookings, for a client to choose where (a single spa has
 * one). */
static void
list_locations (SpaStore          *store,
                SpaServerResponse *response)
{
  g_autoptr(GPtrArray) locations = spa_location_list (store, NULL, NULL);
  g_autoptr(JsonObject) object = json_object_new ();
  JsonArray *array = json_array_new ();

  for (guint i = 0; locations != NULL && i < locations->len; i++)
    {
      SpaRecord *l = locations->pdata[i];
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "id", spa_record_get_id (l));
      set_text_or_null (item, "name", spa_location_get_name (l));
      set_text_or_null (item, "address", spa_location_get_address (l));
      set_text_or_null (item, "phone", spa_location_get_phone (l));
      json_array_add_object_element (array, item);
    }
  json_object_set_array_member (object, "locations", array);
  respond_object (response, 200, object);
}

static void
list_therapists (SpaStore          *store,
                 SpaServerRequest  *request,
                 SpaServerResponse *response)
{
  const char *service_id = query_get (request, "service_id");
  g_autoptr(GPtrArray) therapists = NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  JsonArray *array;

  if (service_id != NULL)
    {
      g_autoptr(SpaRecord) service = public_service (store, service_id);

      if (service == NULL)
        {
          bad_request (response, "service_id", "no such service takes online bookings");
          return;
        }
    }

  therapists = spa_public_list_therapists (store, service_id);
  array = json_array_new ();
  /* Name, credentials and a short biography: nothing else about staff is public. */
  for (guint i = 0; i < therapists->len; i++)
    {
      SpaRecord *t = therapists->pdata[i];
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "id", spa_record_get_id (t));
      set_text_or_null (item, "name", spa_record_get_string (t, "name"));
      set_text_or_null (item, "credentials", spa_record_get_string (t, "credentials"));
      set_text_or_null (item, "bio", spa_record_get_string (t, "bio"));
      json_array_add_object_element (array, item);
    }
  json_object_set_array_member (object, "therapists", array);
  respond_object (response, 200, object);
}

/* ---- availability ---- */

static GDateTime *
now_utc (SpaStore *store)
{
  g_autofree char *now = spa_store_now_utc (store);

  return spa_time_parse_utc (now);
}

/* Where an online booking is: a location (NULL: the default one) and the zone its days
 * and times are read in. */
typedef struct
{
  const char *location_id;
  GTimeZone  *zone;
} Place;

static void
place_clear (Place *place)
{
  g_clear_pointer (&place->zone, g_time_zone_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Place, place_clear)

static void
place_at (SpaStore      *store,
          SpaPublicSite *site,
          const char    *location_id,
          Place         *out)
{
  out->location_id = spa_str_empty (location_id) ? NULL : location_id;
  out->zone = spa_location_zone (store, out->location_id ? out->location_id
                                                         : SPA_LOCATION_DEFAULT_ID, site->zone);
}

/* The location a client asked for, if it takes bookings (the core's rule); FALSE with a
 * 400 naming location_id otherwise. */
static gboolean
read_place (SpaStore          *store,
            SpaPublicSite     *site,
            const char        *location_id,
            Place             *out,
            SpaServerResponse *response)
{
  if (!spa_str_empty (location_id) && !spa_location_takes_bookings (store, location_id))
    {
      bad_request (response, "location_id", "no such location takes bookings");
      return FALSE;
    }
  place_at (store, site, location_id, out);
  return TRUE;
}

static SpaAvailabilityQuery
public_query (SpaStore    *store,
              const Place *place,
              const char  *service_id,
              const char  *therapist_id,
              GDateTime   *now)
{
  return (SpaAvailabilityQuery) {
    .service_id = service_id,
    .therapist_id = therapist_id,
    .now = now,
    .zone = place->zone,
    .location_id = place->location_id,
    .slot_minutes = setting_int (store, "slot_minutes", SPA_AVAILABILITY_DEFAULT_SLOT_MINUTES),
    .notice_minutes = setting_int (store, "notice_minutes",
                                   SPA_AVAILABILITY_DEFAULT_NOTICE_MINUTES),
    .horizon_days = setting_int (store, "horizon_days", SPA_ONLINE_DEFAULT_HORIZON_DAYS),
    .online_only = TRUE,
  };
}

static JsonArray *
slots_json (GPtrArray *slots)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < slots->len; i++)
    {
      SpaSlot *slot = slots->pdata[i];
      JsonObject *item = json_object_new ();
      g_autofree char *starts = spa_time_format_utc (slot->starts);
      g_autofree char *ends = spa_time_format_utc (slot->ends);

      json_object_set_string_member (item, "starts_at", starts);
      json_object_set_string_member (item, "ends_at", ends);
      json_object_set_string_member (item, "therapist_id", slot->therapist_id);
      json_array_add_object_element (array, item);
    }
  return array;
}

/* A date YYYY-MM-DD as local midnight in @zone. */
static GDateTime *
parse_day (const char *text,
           GTimeZone  *zone)
{
  int y, m, d;
  char extra;

  if (text == NULL || strlen (text) != 10 || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d,
                                                     &extra) != 3 ||
      text[4] != '-' || text[7] != '-' || !g_date_valid_dmy (d, m, y) || y < 1900 || y > 2199)
    return NULL;
  return spa_schedule_day_start (zone, y, m, d);
}

/**
 * spa_public_find_slots:
 * @location_id: (nullable): where; %NULL: the default location
 *
 * The public availability, for the API and the page alike.
 */
GPtrArray *
spa_public_find_slots (SpaStore      *store,
                       SpaPublicSite *site,
                       const char    *location_id,
                       const char    *service_id,
                       const char    *therapist_id,
                       GDateTime     *first_day,
                       guint          days,
                       guint          max_slots)
{
  g_autoptr(GDateTime) now = now_utc (store);
  g_auto(Place) place = { 0, };
  SpaAvailabilityQuery query;

  place_at (store, site, location_id, &place);
  query = public_query (store, &place, service_id, therapist_id, now);
  query.first_day = first_day;
  query.days = days;
  query.max_slots = max_slots;
  return spa_availability_find (store, &query, NULL);
}

static void
availability (SpaStore          *store,
              SpaServerRequest  *request,
              SpaServerResponse *response)
{
  const char *service_id = query_get (request, "service_id");
  const char *therapist_id = query_get (request, "therapist_id");
  const char *days_text = query_get (request, "days");
  g_autoptr(SpaRecord) service = public_service (store, service_id);
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) now = now_utc (store);
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_auto(Place) place = { 0, };
  SpaAvailabilityQuery query;
  guint64 days = 7;

  if (!read_place (store, request->site, query_get (request, "location_id"), &place, response))
    return;
  /* The days of the location's own calendar. */
  first = parse_day (query_get (request, "from"), place.zone);
  if (service == NULL)
    {
      bad_request (response, "service_id", "no such service takes online bookings");
      return;
    }
  if (!spa_str_empty (therapist_id) && g_strcmp0 (therapist_id, "any") != 0)
    {
      g_autoptr(SpaRecord) therapist = public_therapist (store, therapist_id);

      if (therapist == NULL || !spa_booking_therapist_offers (therapist, service_id))
        {
          bad_request (response, "therapist_id", "no such therapist takes this service online");
          return;
        }
    }
  else
    therapist_id = NULL;
  if (first == NULL)
    {
      bad_request (response, "from", "from must be a date, YYYY-MM-DD");
      return;
    }
  if (days_text != NULL &&
      !g_ascii_string_to_unsigned (days_text, 10, 1, SPA_AVAILABILITY_MAX_DAYS, &days, NULL))
    {
      bad_request (response, "days", "days must be a whole number from 1 to 31");
      return;
    }

  query = public_query (store, &place, service_id, therapist_id, now);
  query.first_day = first;
  query.days = days;
  slots = spa_availability_find (store, &query, NULL);
  if (slots == NULL)
    {
      spa_server_route_error (response, 500, "server_error", "the availability could not be read");
      return;
    }
  object = json_object_new ();
  json_object_set_string_member (object, "time_zone", g_time_zone_get_identifier (place.zone));
  json_object_set_array_member (object, "slots", slots_json (slots));
  respond_object (response, 200, object);
}

/* ---- secret links ---- */

/* Secret links and calendar feeds (spa-server-feed.c) alike: only the hash is kept. */
char *
spa_public_hash_secret (const char *secret)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
}

/* 32 random bytes (256 bits) as 43 URL-safe characters. */
char *
spa_public_new_secret (void)
{
  guint8 bytes[32];
  g_autofree char *base64 = NULL;

  if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
    return NULL;
  base64 = g_base64_encode (bytes, sizeof bytes);
  g_strdelimit (base64, "+", '-');
  g_strdelimit (base64, "/", '_');
  base64[43] = '\0';   /* drop the "=" */
  return g_steal_pointer (&base64);
}

gboolean
spa_public_secret_is_well_formed (const char *secret)
{
  return secret != NULL && strlen (secret) == 43 &&
         strspn (secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == 43;
}

static char *
add_link (SpaStore    *store,
          const char  *kind,
          SpaRecord   *booking,
          GError     **error)
{
  g_autofree char *secret = spa_public_new_secret ();
  g_autofree char *hash = NULL;
  g_autoptr(GDateTime) ends = spa_time_parse_utc (spa_record_get_string (booking, "ends_at"));
  g_autoptr(GDateTime) expires = g_date_time_add_days (ends, SPA_PUBLIC_LINK_DAYS);
  g_autofree char *s_expires = spa_time_format_utc (expires);
  SpaServerStorage *storage = spa_server_storage_get (store);

  if (secret == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no random numbers for a link");
      return NULL;
    }
  hash = spa_public_hash_secret (secret);
  if (!storage->klass->add_link (storage, hash, kind, spa_record_get_id (booking),
                                 spa_record_get_string (booking, "client_id"), s_expires, error))
    return NULL;
  return g_steal_pointer (&secret);
}

/**
 * spa_public_open_link:
 * @used: (out) (optional): whether a link of @kind for the same booking was already
 *   used (a booking has one intake, whichever of its links, page or e-mail, sent it)
 *
 * Returns: (transfer full) (nullable): the booking a live secret link of @kind opens,
 *   %NULL for an unknown, altered or expired one
 */
SpaRecord *
spa_public_open_link (SpaStore   *store,
                      const char *kind,
                      const char *secret,
                      gboolean   *used)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autofree char *hash = NULL;
  g_autofree char *now = spa_store_now_utc (store);
  g_autofree char *booking_id = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_used = FALSE;

  if (used)
    *used = FALSE;
  if (!spa_public_secret_is_well_formed (secret))
    return NULL;
  hash = spa_public_hash_secret (secret);
  if (!storage->klass->find_link (storage, hash, kind, now, &booking_id, &was_used, &error))
    {
      g_warning ("A secret link could not be read: %s", error->message);
      return NULL;
    }
  if (booking_id == NULL)
    return NULL;
  if (used)
    *used = was_used;
  return spa_store_get (store, "booking", booking_id, NULL);
}

static gboolean
mark_link_used (SpaStore    *store,
                const char  *secret,
                GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autofree char *hash = spa_public_hash_secret (secret);
  g_autofree char *now = spa_store_now_utc (store);

  return storage->klass->use_link (storage, hash, now, error);
}

/**
 * spa_public_absolute_url:
 * @path: an absolute path, such as `/book/manage/SECRET`
 *
 * Returns: (transfer full): @path under the `public_url` setting, or @path alone when
 *   that is not set
 */
char *
spa_public_absolute_url (SpaStore   *store,
                         const char *path)
{
  g_autofree char *base = spa_public_get_setting (store, "public_url");

  while (base != NULL && g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  return g_strconcat (base ? base : "", path, NULL);
}

static char *
public_link_url (SpaStore   *store,
                 const char *kind,
                 const char *secret)
{
  g_autofree char *path = g_strdup_printf ("/book/%s/%s", kind, secret);

  return spa_public_absolute_url (store, path);
}

/**
 * spa_public_new_manage_url:
 *
 * A new secret link to change, confirm or cancel @booking (for its e-mails); call it
 * in the transaction that sends them.
 *
 * Returns: (transfer full): the link, or %NULL with @error
 */
char *
spa_public_new_manage_url (SpaStore    *store,
                           SpaRecord   *booking,
                           GError     **error)
{
  g_autofree char *secret = add_link (store, "manage", booking, error);

  return secret ? public_link_url (store, "manage", secret) : NULL;
}

/**
 * spa_public_new_intake_url:
 *
 * A new secret link to the web intake form of @booking (for its confirmation e-mail);
 * it shares the booking's one intake with the link the confirmation page gave.
 *
 * Returns: (transfer full): the link, or %NULL with @error
 */
char *
spa_public_new_intake_url (SpaStore    *store,
                           SpaRecord   *booking,
                           GError     **error)
{
  g_autofree char *secret = add_link (store, "intake", booking, error);

  return secret ? public_link_url (store, "intake", secret) : NULL;
}

/* ---- booking ---- */

/* The client with this e-mail (any case) or, failing that, this phone number (its
 * digits); a new one otherwise. Never reveals whom it matched. */
static SpaRecord *
match_client (SpaStore   *store,
              const char *email,
              const char *phone)
{
  SpaRecord *by_email = spa_client_find_by_email (store, email);

  if (by_email != NULL)
    return by_email;

  if (phone != NULL)
    {
      g_autofree char *digits = spa_phone_digits (phone);
      g_autoptr(GPtrArray) found = NULL;

      if (digits == NULL || strlen (digits) < 7)
        return NULL;
      found = spa_store_search_clients (store, digits, 50, NULL);
      for (guint i = 0; found != NULL && i < found->len; i++)
        {
          g_autofree char *theirs = spa_phone_digits (spa_record_get_string (found->pdata[i],
                                                                             "phone"));

          if (g_strcmp0 (theirs, digits) == 0)
            return g_object_ref (found->pdata[i]);
        }
    }
  return NULL;
}

/* The JSON path of a client field named by validation. */
static void
validation_failed (SpaServerResponse *response,
                   const char        *prefix,
                   GError            *error)
{
  const char *field = spa_validation_error_get_field (error);
  g_autofree char *path = field ? g_strdup_printf ("%s%s", prefix, field) : NULL;

  bad_request (response, path, error->message);
}

typedef struct
{
  const char *service_id;
  const char *therapist_id;
  const char *starts_at;
  const char *first_name;
  const char *last_name;
  const char *email;
  const char *phone;
  const char *note;
  const char *key;
  const char *location_id;
} BookingRequest;

static gboolean
read_booking_request (JsonObject        *body,
                      BookingRequest    *out,
                      SpaServerResponse *response)
{
  JsonNode *client_node = json_object_get_member (body, "client");
  JsonObject *client;

  if (!member_text (body, "service_id", "service_id", &out->service_id, response) ||
      !member_text (body, "therapist_id", "therapist_id", &out->therapist_id, response) ||
      !member_text (body, "starts_at", "starts_at", &out->starts_at, response) ||
      !member_text (body, "note", "note", &out->note, response) ||
      !member_text (body, "idempotency_key", "idempotency_key", &out->key, response) ||
      !member_text (body, "location_id", "location_id", &out->location_id, response))
    return FALSE;
  if (client_node == NULL || !JSON_NODE_HOLDS_OBJECT (client_node))
    {
      bad_request (response, "client",
                   "client must be an object with first_name, last_name and email");
      return FALSE;
    }
  client = json_node_get_object (client_node);
  if (!member_text (client, "first_name", "client.first_name", &out->first_name, response) ||
      !member_text (client, "last_name", "client.last_name", &out->last_name, response) ||
      !member_text (client, "email", "client.email", &out->email, response) ||
      !member_text (client, "phone", "client.phone", &out->phone, response))
    return FALSE;

  if (out->service_id == NULL)
    return bad_request (response, "service_id", "service_id is required"), FALSE;
  if (out->starts_at == NULL)
    return bad_request (response, "starts_at", "starts_at is required"), FALSE;
  if (out->key == NULL || strlen (out->key) < 8 || strlen (out->key) > 128)
    return bad_request (response, "idempotency_key", "idempotency_key must be 8 to 128 characters"),
        FALSE;
  if (out->first_name == NULL)
    return bad_request (response, "client.first_name", "first_name is required"), FALSE;
  if (out->last_name == NULL)
    return bad_request (response, "client.last_name", "last_name is required"), FALSE;
  if (out->email == NULL)
    return bad_request (response, "client.email", "email is required"), FALSE;
  if (out->note != NULL && g_utf8_strlen (out->note, -1) > 2000)
    return bad_request (response, "note", "note must be at most 2000 characters"), FALSE;
  if (g_strcmp0 (out->therapist_id, "any") == 0)
    out->therapist_id = NULL;
  return TRUE;
}

/* The request as the idempotency key remembers it: a replay must ask for the same. */
static char *
request_fingerprint (const BookingRequest *r)
{
  g_autofree char *email = g_utf8_strdown (r->email, -1);
  g_autofree char *text = g_strdup_printf ("%s\n%s\n%s\n%s%s%s", r->service_id, r->starts_at,
                                           r->therapist_id ? r->therapist_id : "", email,
                                           r->location_id ? "\n" : "",
                                           r->location_id ? r->location_id : "");

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* The stored answer to an idempotency key: %NULL when new, "" for another request's;
 * FALSE when the database could not say. */
static gboolean
replayed_response (SpaStore    *store,
                   const char  *key,
                   const char  *fingerprint,
                   char       **replay,
                   GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autofree char *tag = NULL;
  g_autofree char *answer = NULL;

  *replay = NULL;
  if (!storage->klass->find_request (storage, key, &tag, &answer, error))
    return FALSE;
  /* The stored booking_id holds "FINGERPRINT BOOKING_ID". */
  if (tag != NULL)
    *replay = g_str_has_prefix (tag, fingerprint) ? g_steal_pointer (&answer) : g_strdup ("");
  return TRUE;
}

/* A replayed request's answer: a 400 for another request's key, else the first 201. */
static void
respond_replay (SpaServerResponse  *response,
                char              **replay)
{
  if (**replay == '\0')
    return bad_request (response, "idempotency_key",
                        "this idempotency_key was used for another booking");
  spa_server_respond (response, 201, "application/json", *replay, strlen (*replay));
  *replay = NULL;
}

static void
slot_taken (SpaStore          *store,
            const Place       *place,
            const char        *service_id,
            const char        *therapist_id,
            GDateTime         *around,
            const char        *moving_booking_id,
            SpaServerResponse *response)
{
  g_autoptr(GDateTime) now = now_utc (store);
  SpaAvailabilityQuery query = public_query (store, place, service_id, therapist_id, now);
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(JsonObject) object = json_object_new ();

  query.first_day = around;
  query.days = 7;
  query.max_slots = MAX_ALTERNATIVES;
  query.moving_booking_id = moving_booking_id;
  slots = spa_availability_find (store, &query, NULL);
  json_object_set_string_member (object, "error", "slot_taken");
  json_object_set_string_member (object, "message",
                                 "this time has just been taken; here are the next free times");
  json_object_set_array_member (object, "slots", slots ? slots_json (slots) : json_array_new ());
  respond_object (response, 409, object);
}

static gboolean
store_request (SpaStore    *store,
               const char  *key,
               const char  *fingerprint,
               const char  *booking_id,
               const char  *body,
               GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autofree char *now = spa_store_now_utc (store);
  g_autofree char *tag = g_strdup_printf ("%s %s", fingerprint, booking_id);

  return storage->klass->add_request (storage, key, tag, body, now, error);
}

static void
server_failed (SpaServerResponse *response,
               GError            *error)
{
  g_warning ("online booking failed: %s", error ? error->message : "unknown error");
  spa_server_route_error (response, 500, "server_error",
                          "the booking could not be saved; nothing was booked");
}

/* @record written by the booking page in a transaction of its own: the storage's, which
 * on PostgreSQL serialises it with every other process's writes. */
static gboolean
write_alone (SpaStore    *store,
             SpaRecord   *record,
             GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);

  if (!spa_server_storage_begin (storage, error))
    return FALSE;
  if (!spa_server_write_record (store, record, ONLINE_DEVICE, error))
    {
      spa_server_storage_rollback (storage);
      return FALSE;
    }
  /* A commit that fails has rolled back. */
  return spa_server_storage_commit (storage, error);
}

static void
create_booking (SpaStore          *store,
                SpaServerRequest  *request,
                SpaServerResponse *response)
{
  g_autoptr(JsonObject) body = parse_body (request, response);
  BookingRequest r = { 0, };
  g_autofree char *fingerprint = NULL;
  g_autofree char *replay = NULL;
  g_autoptr(SpaRecord) service = NULL;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(SpaSlot) slot = NULL;
  g_autoptr(SpaRecord) client = NULL;
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *manage = NULL;
  g_autofree char *intake = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *s_now = NULL;
  g_auto(Place) place = { 0, };
  SpaAvailabilityQuery query;
  SpaServerStorage *storage = spa_server_storage_get (store);

  if (body == NULL || !read_booking_request (body, &r, response))
    return;

  fingerprint = request_fingerprint (&r);
  if (!replayed_response (store, r.key, fingerprint, &replay, &error))
    return server_failed (response, error);
  if (replay != NULL)
    return respond_replay (response, &replay);

  service = public_service (store, r.service_id);
  if (service == NULL)
    return bad_request (response, "service_id", "no such service takes online bookings");
  if (!read_place (store, request->site, r.location_id, &place, response))
    return;
  if (r.therapist_id != NULL)
    {
      g_autoptr(SpaRecord) therapist = public_therapist (store, r.therapist_id);

      if (therapist == NULL || !spa_booking_therapist_offers (therapist, r.service_id))
        return bad_request (response, "therapist_id",
                            "no such therapist takes this service online");
    }
  starts = spa_time_parse_utc (r.starts_at);
  if (starts == NULL)
    return bad_request (response, "starts_at",
                        "starts_at must be a UTC time, YYYY-MM-DDTHH:MM:SSZ");

  /* The client's details are checked before the slot, so a typo is not a lost slot. */
  {
    g_autoptr(SpaRecord) check = spa_record_new ("client");

    spa_record_set_string (check, "first_name", r.first_name);
    spa_record_set_string (check, "last_name", r.last_name);
    spa_record_set_string (check, "email", r.email);
    spa_record_set_string (check, "phone", r.phone);
    if (!spa_validate_record (store, check, &error))
      return validation_failed (response, "client.", error);
  }

  now = now_utc (store);
  query = public_query (store, &place, r.service_id, r.therapist_id, now);
  /* Under the writers' lock, on what every process has committed. */
  if (!spa_server_storage_begin (storage, &error))
    return server_failed (response, error);

  /* The same key sent to another process meanwhile: its answer, not a second try. */
  if (!replayed_response (store, r.key, fingerprint, &replay, &error))
    {
      spa_server_storage_rollback (storage);
      return server_failed (response, error);
    }
  if (replay != NULL)
    {
      spa_server_storage_rollback (storage);
      return respond_replay (response, &replay);
    }

  slot = spa_availability_find_at (store, &query, starts, &error);
  if (slot == NULL)
    {
      spa_server_storage_rollback (storage);
      if (error != NULL)
        return server_failed (response, error);
      return slot_taken (store, &place, r.service_id, r.therapist_id, starts, NULL,
                         response);
    }

  client = match_client (store, r.email, r.phone);
  if (client == NULL)
    {
      client = spa_record_new ("client");
      spa_record_set_string (client, "first_name", r.first_name);
      spa_record_set_string (client, "last_name", r.last_name);
      spa_record_set_string (client, "email", r.email);
      spa_record_set_string (client, "phone", r.phone);
      /* Their e-mails (docs/reminders.md) in the language they booked in. */
      spa_record_set_string (client, "language", spa_public_wants_french (request) ? "fr" : "en");
      if (!spa_server_write_record (store, client, ONLINE_DEVICE, &error))
        {
          spa_server_storage_rollback (storage);
          return validation_failed (response, "client.", error);
        }
    }

  s_now = spa_store_now_utc (store);
  booking = spa_record_new ("booking");
  spa_record_set_string (booking, "client_id", spa_record_get_id (client));
  spa_record_set_string (booking, "therapist_id", slot->therapist_id);
  spa_record_set_string (booking, "service_id", r.service_id);
  spa_record_set_string (booking, "room_id", slot->room_id);
  if (place.location_id != NULL)
    spa_record_set_string (booking, SPA_LOCATION_ID_FIELD, place.location_id);
  {
    g_autofree char *s_starts = spa_time_format_utc (slot->starts);
    g_autofree char *s_ends = spa_time_format_utc (slot->ends);

    spa_record_set_string (booking, "starts_at", s_starts);
    spa_record_set_string (booking, "ends_at", s_ends);
  }
  spa_record_set_string (booking, "status", "booked");
  spa_record_set_string (booking, "source", "online");
  spa_record_set_string (booking, "notes", r.note);
  if (spa_record_has_value (service, "price_cents"))
    spa_record_set_int (booking, "price_cents", spa_record_get_int (service, "price_cents", 0));
  spa_booking_add_history (booking, "booked", s_now);

  if (!spa_server_write_record (store, booking, ONLINE_DEVICE, &error))
    {
      spa_server_storage_rollback (storage);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        return slot_taken (store, &place, r.service_id, r.therapist_id, starts, NULL,
                           response);
      return server_failed (response, error);
    }

  manage = add_link (store, "manage", booking, &error);
  intake = manage ? add_link (store, "intake", booking, &error) : NULL;
  if (intake == NULL)
    {
      spa_server_storage_rollback (storage);
      return server_failed (response, error);
    }

  {
    g_autoptr(JsonObject) object = json_object_new ();
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
    g_autofree char *manage_url = public_link_url (store, "manage", manage);
    g_autofree char *intake_url = public_link_url (store, "intake", intake);

    json_object_set_string_member (object, "booking_id", spa_record_get_id (booking));
    json_object_set_string_member (object, "starts_at", spa_record_get_string (booking,
                                                                               "starts_at"));
    json_object_set_string_member (object, "ends_at", spa_record_get_string (booking, "ends_at"));
    json_object_set_string_member (object, "therapist_id", slot->therapist_id);
    json_object_set_string_member (object, "manage_url", manage_url);
    json_object_set_string_member (object, "intake_url", intake_url);
    json_node_set_object (node, object);
    answer = spa_json_to_string (node);
  }

  if (!store_request (store, r.key, fingerprint, spa_record_get_id (booking), answer, &error))
    {
      spa_server_storage_rollback (storage);
      return server_failed (response, error);
    }
  if (!spa_server_storage_commit (storage, &error))
    return server_failed (response, error);

  spa_server_respond (response, 201, "application/json", answer, strlen (answer));
  answer = NULL;
}

/* ---- the booking's own link: see, cancel, move ---- */

/**
 * spa_public_booking_json:
 *
 * What the holder of a booking's manage link sees of it: their own booking only.
 */
JsonObject *
spa_public_booking_json (SpaStore  *store,
                         SpaRecord *booking)
{
  JsonObject *object = json_object_new ();
  g_autoptr(SpaRecord) service = spa_store_get (store, "service", spa_record_get_string (booking,
      "service_id"), NULL);
  g_autoptr(SpaRecord) therapist = spa_store_get (store, "therapist",
      spa_record_get_string (booking, "therapist_id"), NULL);
  g_autoptr(SpaRecord) client = spa_store_get (store, "client", spa_record_get_string (booking,
      "client_id"), NULL);

  json_object_set_string_member (object, "booking_id", spa_record_get_id (booking));
  json_object_set_string_member (object, "service_id", spa_record_get_string (booking,
                                                                              "service_id"));
  set_text_or_null (object, "service", service ? spa_record_get_string (service, "name") : NULL);
  json_object_set_string_member (object, "therapist_id", spa_record_get_string (booking,
                                                                                "therapist_id"));
  set_text_or_null (object, "therapist", therapist ? spa_record_get_string (therapist, "name")
                    : NULL);
  set_text_or_null (object, "first_name", client ? spa_record_get_string (client, "first_name")
                    : NULL);
  json_object_set_string_member (object, "starts_at", spa_record_get_string (booking, "starts_at"));
  json_object_set_string_member (object, "ends_at", spa_record_get_string (booking, "ends_at"));
  json_object_set_string_member (object, "status", spa_record_get_string (booking, "status"));
  return object;
}

/* Whether @booking is active, not checked in, and starts after @hours from now. */
static gboolean
upcoming_after (SpaStore  *store,
                SpaRecord *booking,
                gint64     hours)
{
  g_autoptr(GDateTime) starts = spa_time_parse_utc (spa_record_get_string (booking, "starts_at"));
  g_autoptr(GDateTime) now = now_utc (store);
  g_autoptr(GDateTime) until = g_date_time_add_hours (now, hours);

  return spa_booking_status_is_active (spa_record_get_string (booking, "status")) &&
         g_strcmp0 (spa_record_get_string (booking, "status"), "checked_in") != 0 &&
         starts != NULL && g_date_time_compare (starts, until) > 0;
}

/**
 * spa_public_booking_upcoming:
 *
 * Returns: whether @booking is still to come (active, not begun): its client may say
 *   they are coming
 */
gboolean
spa_public_booking_upcoming (SpaStore  *store,
                             SpaRecord *booking)
{
  return upcoming_after (store, booking, 0);
}

/**
 * spa_public_booking_changeable:
 *
 * Returns: whether the client may still move or cancel @booking online: active, not
 *   begun, and before the spa's cancellation window
 */
gboolean
spa_public_booking_changeable (SpaStore  *store,
                               SpaRecord *booking)
{
  return upcoming_after (store, booking, setting_int (store, "cancel_hours",
                                                      SPA_ONLINE_DEFAULT_CANCEL_HOURS));
}

static void
manage_booking (SpaStore          *store,
                SpaServerRequest  *request,
                SpaServerResponse *response,
                const char        *rest)
{
  g_auto(GStrv) parts = g_strsplit (rest, "/", 3);
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(GError) error = NULL;
  const char *action = parts[0] ? parts[1] : NULL;
  gboolean post = g_str_equal (request->method, "POST");

  if (parts[0] == NULL || (parts[1] != NULL && parts[2] != NULL))
    return not_found (response);
  booking = spa_public_open_link (store, "manage", parts[0], NULL);
  if (booking == NULL)
    return not_found (response);

  if (action == NULL && !post)
    {
      g_autoptr(JsonObject) object = spa_public_booking_json (store, booking);

      json_object_set_boolean_member (object, "changeable",
                                      spa_public_booking_changeable (store, booking));
      return respond_object (response, 200, object);
    }
  if (!post || (g_strcmp0 (action, "cancel") != 0 && g_strcmp0 (action, "reschedule") != 0 &&
                g_strcmp0 (action, "confirm") != 0))
    return not_found (response);

  /* Saying "I am coming" is no change: it needs only a booking still to come. */
  if (g_str_equal (action, "confirm") ? !spa_public_booking_upcoming (store, booking)
                                      : !spa_public_booking_changeable (store, booking))
    {
      spa_server_route_error (response, 409, "not_changeable",
                              "this booking can no longer be changed online; please call the spa");
      return;
    }

  /* The reminder's link: "I am coming" makes the booking confirmed on every desk. */
  if (g_str_equal (action, "confirm"))
    {
      g_autofree char *now = spa_store_now_utc (store);

      if (g_strcmp0 (spa_record_get_string (booking, "status"), "booked") == 0)
        {
          spa_record_clear_changed (booking);
          spa_record_set_string (booking, "status", "confirmed");
          spa_booking_add_history (booking, "confirmed", now);
          if (!write_alone (store, booking, &error))
            return server_failed (response, error);
        }
    }
  else if (g_str_equal (action, "cancel"))
    {
      g_autofree char *now = spa_store_now_utc (store);

      spa_record_clear_changed (booking);
      spa_record_set_string (booking, "status", "cancelled");
      spa_record_set_string (booking, "cancel_reason", "Cancelled online by the client");
      spa_booking_add_history (booking, "cancelled", now);
      if (!write_alone (store, booking, &error))
        return server_failed (response, error);
    }
  else
    {
      g_autoptr(JsonObject) body = parse_body (request, response);
      const char *starts_at = NULL;
      g_autoptr(GDateTime) starts = NULL;
      g_autoptr(GDateTime) now = now_utc (store);
      g_autoptr(SpaSlot) slot = NULL;
      SpaAvailabilityQuery query;
      const char *service_id = spa_record_get_string (booking, "service_id");
      const char *therapist_id = spa_record_get_string (booking, "therapist_id");
      g_auto(Place) place = { 0, };

      if (body == NULL || !member_text (body, "starts_at", "starts_at", &starts_at, response))
        return;
      /* Where it is booked, whether or not that location still takes new bookings. */
      place_at (store, request->site, spa_record_get_location_id (booking), &place);
      starts = spa_time_parse_utc (starts_at);
      if (starts == NULL)
        return bad_request (response, "starts_at",
                            "starts_at must be a UTC time, YYYY-MM-DDTHH:MM:SSZ");

      /* The same therapist, at a time free by the same rules; the booking holds
       * nothing while it moves. */
      query = public_query (store, &place, service_id, therapist_id, now);
      query.moving_booking_id = spa_record_get_id (booking);
      if (!spa_server_storage_begin (spa_server_storage_get (store), &error))
        return server_failed (response, error);
      slot = spa_availability_find_at (store, &query, starts, &error);
      if (slot == NULL)
        {
          spa_server_storage_rollback (spa_server_storage_get (store));
          if (error != NULL)
            return server_failed (response, error);
          return slot_taken (store, &place, service_id, therapist_id, starts,
                             spa_record_get_id (booking), response);
        }
      {
        g_autofree char *s_starts = spa_time_format_utc (slot->starts);
        g_autofree char *s_ends = spa_time_format_utc (slot->ends);

        spa_record_clear_changed (booking);
        spa_record_set_string (booking, "starts_at", s_starts);
        spa_record_set_string (booking, "ends_at", s_ends);
        spa_record_set_string (booking, "room_id", slot->room_id);
      }
      if (!spa_server_write_record (store, booking, ONLINE_DEVICE, &error))
        {
          spa_server_storage_rollback (spa_server_storage_get (store));
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
            return slot_taken (store, &place, service_id, therapist_id, starts,
                               spa_record_get_id (booking), response);
          return server_failed (response, error);
        }
      if (!spa_server_storage_commit (spa_server_storage_get (store), &error))
        return server_failed (response, error);
    }

  {
    g_autoptr(JsonObject) object = spa_public_booking_json (store, booking);

    json_object_set_boolean_member (object, "changeable",
                                    spa_public_booking_changeable (store, booking));
    respond_object (response, 200, object);
  }
}

/* ---- the intake form ---- */

static const char * const intake_text_fields[] = {
  "reason", "goals", "pressure", "recent_injury", "medications", "allergies", "consent_name", NULL
};
static const char * const intake_json_fields[] = { "pain_areas", "avoid_areas", "conditions",
                                                  NULL };

static void
submit_intake (SpaStore          *store,
               SpaServerRequest  *request,
               SpaServerResponse *response,
               const char        *secret)
{
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(SpaRecord) intake = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = NULL;
  JsonNode *node;
  JsonNode *consent;
  gboolean used;

  if (strchr (secret, '/') != NULL)
    return not_found (response);
  booking = spa_public_open_link (store, "intake", secret, &used);
  if (booking == NULL)
    return not_found (response);
  if (!g_str_equal (request->method, "POST"))
    {
      g_autoptr(JsonObject) object = spa_public_booking_json (store, booking);

      json_object_set_boolean_member (object, "intake_received", used);
      return respond_object (response, 200, object);
    }
  if (used)
    {
      spa_server_route_error (response, 409, "already_received",
                              "this form was already sent; the spa has it");
      return;
    }

  body = parse_body (request, response);
  if (body == NULL)
    return;

  now = spa_store_now_utc (store);
  intake = spa_record_new ("intake");
  spa_record_set_string (intake, "client_id", spa_record_get_string (booking, "client_id"));
  for (guint i = 0; intake_text_fields[i]; i++)
    {
      const char *value;

      if (!member_text (body, intake_text_fields[i], intake_text_fields[i], &value, response))
        return;
      spa_record_set_string (intake, intake_text_fields[i], value);
    }
  for (guint i = 0; intake_json_fields[i]; i++)
    {
      node = json_object_get_member (body, intake_json_fields[i]);
      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        {
          g_autofree char *path = NULL;

          if (!JSON_NODE_HOLDS_ARRAY (node))
            return bad_request (response, intake_json_fields[i], "must be a list");
          /* The body map's areas by the core's rule, the problem pointed at exactly. */
          if (!g_str_equal (intake_json_fields[i], "conditions") &&
              !spa_intake_check_areas (node, intake_json_fields[i], &path, &error))
            return bad_request (response, path ? path : intake_json_fields[i], error->message);
          spa_record_set_json (intake, intake_json_fields[i], node);
        }
    }
  node = json_object_get_member (body, "pregnancy_weeks");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) < 0 || json_node_get_int (node) > 45)
        return bad_request (response, "pregnancy_weeks",
                            "pregnancy_weeks must be a whole number from 0 to 45");
      spa_record_set_int (intake, "pregnancy_weeks", json_node_get_int (node));
    }
  consent = json_object_get_member (body, "consent");
  if (consent == NULL || !JSON_NODE_HOLDS_VALUE (consent) ||
      json_node_get_value_type (consent) != G_TYPE_BOOLEAN || !json_node_get_boolean (consent))
    return bad_request (response, "consent", "consent must be given to send the form");
  if (spa_str_empty (spa_record_get_string (intake, "consent_name")))
    return bad_request (response, "consent_name", "type your full name to sign the consent");

  /* Complete and signed by the client: the desk shows it as the current intake, to be
   * reviewed by the therapist. */
  spa_record_set_string (intake, "completed_at", now);
  spa_record_set_string (intake, "consent_at", now);
  spa_record_set_string (intake, "filled_by", "client");

  if (!spa_validate_record (store, intake, &error))
    return validation_failed (response, "", error);
  if (!spa_server_storage_begin (spa_server_storage_get (store), &error))
    return server_failed (response, error);
  if (!spa_server_write_record (store, intake, ONLINE_DEVICE, &error) ||
      !mark_link_used (store, secret, &error))
    {
      spa_server_storage_rollback (spa_server_storage_get (store));
      return server_failed (response, error);
    }
  if (!spa_server_storage_commit (spa_server_storage_get (store), &error))
    return server_failed (response, error);

  {
    g_autoptr(JsonObject) object = json_object_new ();

    json_object_set_string_member (object, "intake_id", spa_record_get_id (intake));
    json_object_set_string_member (object, "status", "received");
    respond_object (response, 201, object);
  }
}

/* ---- dispatch ---- */

/**
 * spa_public_route_work:
 *
 * Answers a public request (the API or a page), under the store lock.
 */
void
spa_public_route_work (SpaStore          *store,
                       GMutex            *store_lock,
                       SpaServerRequest  *request,
                       SpaServerResponse *response)
{
  const char *path = request->path;
  gboolean get = !g_str_equal (request->method, "POST");
  g_autoptr(GError) error = NULL;

  g_mutex_lock (store_lock);

  /* What every process has committed (PostgreSQL's working copy); a write reads it
   * again under the writers' lock. */
  if (!spa_server_storage_refresh (spa_server_storage_get (store), &error))
    {
      g_warning ("The online booking could not read the database: %s", error->message);
      spa_server_route_error (response, 503, "server_error",
                              "the spa's calendar cannot be read right now; try again soon");
      g_mutex_unlock (store_lock);
      return;
    }

  if (!g_str_has_prefix (path, "/v1/public/"))
    {
      spa_public_page (store, request, response);
      g_mutex_unlock (store_lock);
      return;
    }

  path += strlen ("/v1/public/");
  if (!online_booking_on (store))
    {
      spa_server_route_error (response, 503, "online_booking_off",
                              "online booking is switched off; please call the spa");
    }
  else if (g_str_equal (path, "services") && get)
    list_services (store, response);
  else if (g_str_equal (path, "locations") && get)
    list_locations (store, response);
  else if (g_str_equal (path, "therapists") && get)
    list_therapists (store, request, response);
  else if (g_str_equal (path, "availability") && get)
    availability (store, request, response);
  else if (g_str_equal (path, "bookings") && !get)
    create_booking (store, request, response);
  else if (g_str_has_prefix (path, "bookings/"))
    manage_booking (store, request, response, path + strlen ("bookings/"));
  else if (g_str_has_prefix (path, "intake/"))
    submit_intake (store, request, response, path + strlen ("intake/"));
  else if (g_str_equal (path, "services") || g_str_equal (path, "therapists") ||
           g_str_equal (path, "availability") || g_str_equal (path, "bookings") ||
           g_str_equal (path, "locations"))
    spa_server_route_error (response, 405, "method_not_allowed", get ? "use POST" : "use GET");
  else
    not_found (response);

  g_mutex_unlock (store_lock);
}
