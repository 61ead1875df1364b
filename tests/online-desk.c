/* online-desk.c: a headless desk for the browser test: sync, then say what it holds
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "spa-core.h"
#include "spa-store-private.h"
#include "spa-sync-engine.h"

/*
 * online-desk DATA_DIR URL TOKEN: a desk's database in DATA_DIR (as `spa-desk
 * --data-dir DATA_DIR` opens it) syncs with the server through the real engine, then
 * prints one JSON object a line for each online booking, with its client's current
 * intake, so tests/browser/test-book-online.py can check what the desk shows and open
 * the app on it.
 */

static gboolean done;
static GError *sync_error;

static void
synced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  spa_sync_engine_sync_finish (SPA_SYNC_ENGINE (object), result, &sync_error);
  done = TRUE;
}

static JsonNode *
record_node (SpaRecord *record)
{
  JsonNode *node = json_node_alloc ();

  if (record == NULL)
    return json_node_init_null (node);
  json_node_init_object (node, NULL);
  json_node_take_object (node, spa_record_to_json (record));
  return node;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStore) store = NULL;
  g_autoptr(SpaSyncEngine) engine = NULL;
  g_autoptr(GPtrArray) bookings = NULL;
  g_autofree char *path = NULL;
  gint64 deadline;

  if (argc != 4)
    {
      g_printerr ("usage: online-desk DATA_DIR URL TOKEN\n");
      return 2;
    }

  path = spa_store_default_path (argv[1]);
  store = spa_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("online-desk: %s\n", error->message);
      return 1;
    }
  engine = spa_sync_engine_new (store);
  spa_sync_engine_set_server (engine, argv[2], argv[3]);
  spa_sync_engine_sync_async (engine, NULL, synced_cb, NULL);
  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!done || sync_error != NULL)
    {
      g_printerr ("online-desk: sync failed: %s\n", sync_error ? sync_error->message : "timed out");
      return 1;
    }

  bookings = spa_store_query (store, "booking", "WHERE source = 'online' ORDER BY starts_at", NULL,
                              &error);
  if (bookings == NULL)
    {
      g_printerr ("online-desk: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < bookings->len; i++)
    {
      SpaRecord *booking = bookings->pdata[i];
      const char *client_id = spa_record_get_string (booking, "client_id");
      g_autoptr(SpaRecord) client = spa_store_get (store, "client", client_id, NULL);
      g_autoptr(SpaRecord) intake = spa_clinical_current_intake (store, client_id, NULL);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *line = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "booking");
      json_builder_add_value (builder, record_node (booking));
      json_builder_set_member_name (builder, "client");
      json_builder_add_value (builder, record_node (client));
      json_builder_set_member_name (builder, "intake");
      json_builder_add_value (builder, record_node (intake));
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      line = json_to_string (node, FALSE);
      g_print ("%s\n", line);
    }
  return 0;
}
