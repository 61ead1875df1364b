/* test-sync-transport.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sync-transport"

#include "config.h"

#include <string.h>

#include "spa-server.h"
#include "spa-server-sync.h"
#include "spa-sync-http.h"
#include "spa-sync-test-util.h"
#include "spa-test-util.h"

/*
 * How the desk reaches its server: never over plain http:// to another machine until
 * someone confirmed that address (http:// to this machine and https:// need nothing),
 * and without a socket left behind per sync, on either side.
 */

static guint
count_sockets (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      if (target != NULL && g_str_has_prefix (target, "socket:"))
        n++;
    }
  return n;
}

static void
test_rule (void)
{
  static const struct { const char *url; gboolean plain_remote; } cases[] = {
    { "http://spa.example.org", TRUE },
    { "http://192.168.1.20:8080", TRUE },
    { "HTTP://10.0.0.5", TRUE },
    { "http://[2001:db8::1]:8080", TRUE },
    { "http://0.0.0.0:8080", TRUE },
    { "http://127.0.0.1:8080", FALSE },
    { "http://127.1.2.3", FALSE },
    { "http://localhost:8080", FALSE },
    { "http://[::1]:8080", FALSE },
    { "https://spa.example.org", FALSE },
    { "https://192.168.1.20", FALSE },
    { "spa.example.org", FALSE },
    { "", FALSE },
    { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].url ? cases[i].url : "(null)");
      g_assert_cmpint (spa_sync_http_is_plain_remote (cases[i].url), ==, cases[i].plain_remote);
    }
}

/* Refused before any connection: TEST-NET-1 is never reached (a connection would fail
 * with a network error, not this one). */
static void
test_engine_refuses (void)
{
  g_autoptr(SpaTestDevice) device = spa_test_device_new ("http://192.0.2.1:9", "token");
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_false (spa_test_device_sync (device, &error));
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "not encrypted"));
  g_assert_nonnull (strstr (error->message, "Preferences"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* Every request is built in one place: the token and the headers on it, and a request
 * that cannot be made refused with a message instead of sent. */
static void
test_request_builder (void)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  msg = spa_sync_http_request (NULL, "token", TRUE, "GET", "/v1/mail", &error);
  g_assert_null (msg);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "Preferences"));
  g_clear_error (&error);

  msg = spa_sync_http_request ("https://spa.example.org", " ", TRUE, "GET", "/v1/mail", &error);
  g_assert_null (msg);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_NOT_CONFIGURED);
  g_clear_error (&error);

  msg = spa_sync_http_request ("no address", "token", FALSE, "GET", "/v1/sync/users", &error);
  g_assert_null (msg);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "not valid"));
  g_clear_error (&error);

  /* A run sends without a token: the server's 401 asks for a sign-in. */
  msg = spa_sync_http_request ("https://spa.example.org", NULL, FALSE, "GET", "/v1/sync/users",
                               &error);
  g_assert_no_error (error);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_request_headers (msg),
                                                 "Authorization"), ==, "Bearer ");
  g_clear_object (&msg);

  msg = spa_sync_http_request ("https://spa.example.org", "t0k", TRUE, "POST", "/v1/sync/push",
                               &error);
  g_assert_no_error (error);
  headers = soup_message_get_request_headers (msg);
  g_assert_cmpstr (soup_message_get_method (msg), ==, "POST");
  g_assert_cmpstr (g_uri_get_path (soup_message_get_uri (msg)), ==, "/v1/sync/push");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==, "Bearer t0k");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Accept"), ==, "application/json");
  g_assert_cmpint (soup_message_headers_get_expectations (headers), ==, SOUP_EXPECTATION_CONTINUE);
}

static void
mail_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(GPtrArray) mail = NULL;

  mail = spa_sync_engine_list_mail_finish (SPA_SYNC_ENGINE (object), result, error);
  g_assert_null (mail);
  g_assert_nonnull (*error);
}

/* A desk that is not connected asks nothing of any server. */
static void
test_engine_not_connected (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(SpaSyncEngine) engine = spa_sync_engine_new (store);
  g_autoptr(GError) error = NULL;

  spa_sync_engine_list_mail_async (engine, NULL, NULL, mail_listed_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "Preferences"));

  g_clear_object (&engine);
  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

/* http:// on this machine syncs without a confirmation. */
static void
test_loopback_allowed (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(SpaServer) server = spa_server_new (store, NULL);
  g_autoptr(SpaTestDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;

  spa_server_add_user (store, "maya", SPA_ROLE_MANAGER, &token, &error);
  g_assert_no_error (error);
  spa_server_listen (server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  url = spa_server_get_url (server);
  g_assert_true (g_str_has_prefix (url, "http://"));

  device = spa_test_device_new (url, token);
  spa_test_device_sync_ok (device);

  /* Twenty more syncs leave no socket behind: the desk reuses or closes its
   * connections, and the server closes what the desk closed. */
  {
    guint before = count_sockets ();

    for (guint i = 0; i < 20; i++)
      spa_test_device_sync_ok (device);
    for (guint i = 0; i < 100 && count_sockets () > before + 2; i++)
      g_usleep (20 * 1000);
    g_test_message ("sockets before %u, after 20 syncs %u", before, count_sockets ());
    g_assert_cmpuint (count_sockets (), <=, before + 2);
  }

  spa_server_disconnect (server);
  spa_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/transport/rule", test_rule);
  g_test_add_func ("/sync/transport/engine-refuses", test_engine_refuses);
  g_test_add_func ("/sync/transport/request-builder", test_request_builder);
  g_test_add_func ("/sync/transport/engine-not-connected", test_engine_not_connected);
  g_test_add_func ("/sync/transport/loopback-and-sockets", test_loopback_allowed);
  return g_test_run ();
}
