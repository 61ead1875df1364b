/* fuzz-push.c: libFuzzer harness for the server's push handler
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spa-server-route.h"
#include "spa-server-sync.h"
#include "spa-sync-local.h"

#include "spa-fuzz-util.h"

/*
 * Input: a role byte (0 manager, 1 therapist, 2 front desk, as the srv_*.bin
 * reproducers) and a push body, handled by the server's own route on a server that
 * holds a therapist t-1, a service s-1, a room r-1 and a client c-1.
 *
 * Properties: the answer is strict JSON; the whole push never fails (a 5xx); and
 * whatever the server accepted, a new desk pulls every page and applies it.
 *
 * Each run starts from the same two database files (a server and a desk), copied from
 * templates made once, in memory-backed /dev/shm when there is one (spa_fuzz_work_base()).
 */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char   *work_dir;
static GBytes *server_template;
static GBytes *desk_template;
static GMutex  store_lock;

static const char *users[] = { "maria", "theo", "fran" };

static char *
path_in (const char *name)
{
  return g_build_filename (work_dir, name, NULL);
}

static SpaServerResponse
route (SpaStore   *store,
       const char *method,
       const char *path,
       GHashTable *query,
       guint       role,
       GBytes     *body)
{
  SpaServerRequest request = {
    .method = method,
    .path = path,
    .query = query,
    .role = role == 0 ? SPA_ROLE_MANAGER : role == 1 ? SPA_ROLE_THERAPIST : SPA_ROLE_FRONT_DESK,
    .user_name = g_strdup (users[role]),
    .body = body != NULL ? g_bytes_ref (body) : NULL,
    .content_length = body != NULL ? (gint64)g_bytes_get_size (body) : -1,
  };
  SpaServerResponse response = { 0 };

  spa_server_route_work (store, &store_lock, &request, &response);
  spa_server_request_clear (&request);
  return response;
}

/* The work folder goes with the process (build-aux/test runs this often). */
static void
remove_work_dir (void)
{
  spa_fuzz_remove_server_and_desk (work_dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  const char *base = spa_fuzz_work_base ();
  g_autofree char *template = g_build_filename (base, "spa-fuzz-push-XXXXXX", NULL);
  const char *seed =
    "{\"device_id\": \"seed\", \"mutations\": ["
    " {\"mutation_id\": 1, \"entity\": \"therapist\", \"id\": \"t-1\", \"op\": \"upsert\","
    "  \"fields\": {\"name\": \"Theo Marsh\", \"active\": true}},"
    " {\"mutation_id\": 2, \"entity\": \"service\", \"id\": \"s-1\", \"op\": \"upsert\","
    "  \"fields\": {\"name\": \"Swedish 60\", \"duration_min\": 60, \"buffer_min\": 10, \"active\": true}},"
    " {\"mutation_id\": 3, \"entity\": \"room\", \"id\": \"r-1\", \"op\": \"upsert\","
    "  \"fields\": {\"name\": \"Cedar\"}},"
    " {\"mutation_id\": 4, \"entity\": \"client\", \"id\": \"c-1\", \"op\": \"upsert\","
    "  \"fields\": {\"first_name\": \"Ann\", \"last_name\": \"Lee\"}}]}";
  g_autoptr(SpaStore) server = NULL;
  g_autoptr(SpaStore) desk = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static (seed, strlen (seed));
  g_autoptr(GError) error = NULL;
  g_autofree char *server_path = NULL;
  g_autofree char *desk_path = NULL;
  SpaServerResponse response;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
  work_dir = g_mkdtemp (g_steal_pointer (&template));
  g_assert (work_dir != NULL);
  atexit (remove_work_dir);
  server_path = path_in ("server.db");
  desk_path = path_in ("desk.db");

  server = spa_store_open (server_path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *token = NULL;

      spa_server_add_user (server, users[i], i == 0 ? SPA_ROLE_MANAGER : i == 1 ? SPA_ROLE_THERAPIST
                                                                               : SPA_ROLE_FRONT_DESK,
                           &token, &error);
      g_assert_no_error (error);
    }
  response = route (server, "POST", "/v1/sync/push", NULL, 0, body);
  g_assert_cmpuint (response.status, ==, 200);
  spa_server_response_clear (&response);
  g_clear_object (&server);

  desk = spa_store_open (desk_path, &error);
  g_assert_no_error (error);
  g_clear_object (&desk);

  server_template = spa_fuzz_read_db (work_dir, "server.db");
  desk_template = spa_fuzz_read_db (work_dir, "desk.db");
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SpaStore) server = NULL;
  g_autoptr(SpaStore) desk = NULL;
  g_autoptr(GBytes) body = NULL;
  SpaServerResponse response;
  gboolean has_more = TRUE;
  gint64 since = 0;
  guint role;

  if (size < 1)
    return 0;
  role = data[0] % 3;
  body = g_bytes_new (data + 1, size - 1);

  server = spa_fuzz_open_copy (work_dir, "server-work.db", server_template);
  response = route (server, "POST", "/v1/sync/push", NULL, role, body);
  if (response.status >= 500)
    {
      g_printerr ("the whole push failed (%u): %s\n", response.status, response.body);
      abort ();
    }
  if (!spa_json_validate (response.body, response.length, NULL, NULL))
    {
      g_printerr ("the answer is not strict JSON: %s\n", response.body);
      abort ();
    }
  spa_server_response_clear (&response);

  /* Whatever was accepted, a new desk pulls and applies all of it. */
  desk = spa_fuzz_open_copy (work_dir, "desk-work.db", desk_template);
  for (guint page = 0; has_more; page++)
    {
      g_autoptr(GHashTable) query = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_autoptr(GBytes) text = NULL;
      g_autoptr(GError) error = NULL;

      g_assert (page < 100);
      g_hash_table_insert (query, "since", g_strdup_printf ("%" G_GINT64_FORMAT, since));
      g_hash_table_insert (query, "limit", g_strdup ("1000"));
      response = route (server, "GET", "/v1/sync/pull", query, 0, NULL);
      g_assert_cmpuint (response.status, ==, 200);
      text = g_bytes_new_take (g_steal_pointer (&response.body), response.length);
      spa_server_response_clear (&response);
      if (!spa_sync_local_apply_pull (desk, text, &has_more, &error))
        {
          g_printerr ("the server accepted what a desk cannot apply: %s\n%.*s\n", error->message,
                      (int)MIN (g_bytes_get_size (text), 2000), (const char *)g_bytes_get_data (text, NULL));
          abort ();
        }
      since = spa_sync_local_get_cursor (desk);
    }

  return 0;
}
