/* spa-sync-test-util.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "spa-sync-test-util.h"
#include "spa-test-util.h"

SpaTestDevice *
spa_test_device_new (const char *url,
                     const char *token)
{
  SpaTestDevice *device = g_new0 (SpaTestDevice, 1);

  device->store = spa_test_open_store (&device->dir);
  device->engine = spa_sync_engine_new (device->store);
  spa_sync_engine_set_server (device->engine, url, token);
  return device;
}

void
spa_test_device_free (SpaTestDevice *device)
{
  if (device == NULL)
    return;
  g_clear_object (&device->engine);
  g_clear_object (&device->store);
  spa_test_remove_dir (device->dir);
  g_free (device->dir);
  g_free (device);
}

void
spa_test_wait_for (gboolean *done,
                   guint     seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!*done)
    {
      g_main_context_iteration (NULL, FALSE);
      if (!*done && !g_main_context_pending (NULL))
        g_usleep (500);
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %u s", seconds);
    }
}

static void
synced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SpaTestSyncWait *wait = user_data;

  wait->ok = spa_sync_engine_sync_finish (SPA_SYNC_ENGINE (object), result, &wait->error);
  wait->done = TRUE;
}

/* Starts a sync of @device; @wait says when it is done, and how it went. */
void
spa_test_device_sync_start (SpaTestDevice   *device,
                            SpaTestSyncWait *wait)
{
  *wait = (SpaTestSyncWait) { 0 };
  spa_sync_engine_sync_async (device->engine, NULL, synced_cb, wait);
}

gboolean
spa_test_device_sync (SpaTestDevice  *device,
                      GError        **error)
{
  SpaTestSyncWait wait;

  spa_test_device_sync_start (device, &wait);
  spa_test_wait_for (&wait.done, 120);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

void
spa_test_device_sync_ok (SpaTestDevice *device)
{
  g_autoptr(GError) error = NULL;

  spa_test_device_sync (device, &error);
  g_assert_no_error (error);
}

static void
exchange_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SpaTestExchange *exchange = user_data;

  exchange->bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  exchange->done = TRUE;
}

void
spa_test_exchange_start (SoupSession     *session,
                         SpaTestExchange *exchange,
                         SoupMessage     *msg)
{
  g_assert_nonnull (msg);
  exchange->msg = msg;
  exchange->bytes = NULL;
  exchange->done = FALSE;
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, exchange_done_cb,
                                    exchange);
}

char *
spa_test_exchange_finish (SpaTestExchange *exchange,
                          guint           *status)
{
  char *text;

  spa_test_wait_for (&exchange->done, 60);
  *status = soup_message_get_status (exchange->msg);
  g_assert_nonnull (exchange->bytes);
  text = g_strndup (g_bytes_get_data (exchange->bytes, NULL), g_bytes_get_size (exchange->bytes));
  g_clear_pointer (&exchange->bytes, g_bytes_unref);
  return text;
}

JsonNode *
spa_test_http (const char *method,
               const char *url,
               const char *token,
               const char *body,
               gsize       body_length,
               guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SpaTestExchange wait = { 0 };
  JsonNode *node;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_length ? body_length : strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      /* As the desk does: a refused body is never sent. */
      soup_message_headers_set_expectations (soup_message_get_request_headers (msg),
                                             SOUP_EXPECTATION_CONTINUE);
    }

  spa_test_exchange_start (session, &wait, g_object_ref (msg));
  spa_test_wait_for (&wait.done, 60);
  g_object_unref (wait.msg);

  *status = soup_message_get_status (msg);
  if (wait.bytes == NULL)
    return NULL;
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (wait.bytes, NULL), g_bytes_get_size (wait.bytes));

    node = json_from_string (text, NULL);
  }
  g_bytes_unref (wait.bytes);
  return node;
}

JsonNode *
spa_test_json (const char *format,
               ...)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  node = json_from_string (text, &error);
  g_assert_no_error (error);
  return node;
}
