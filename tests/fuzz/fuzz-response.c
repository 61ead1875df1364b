/* fuzz-response.c: libFuzzer harness for the desk's reading of push replies
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

#include "spa-core.h"
#include "spa-sync-http.h"
#include "spa-sync-local.h"

#include "spa-fuzz-util.h"

/*
 * Input: the body of a reply to a push, as any server (or anything posing as one) may
 * send it. It is read as the engine reads it (spa_sync_http_parse_body ()) and applied
 * to a desk holding three pending changes (spa_sync_local_apply_push ()).
 *
 * Properties: no crash nor sanitizer report; a reply that cannot be applied changes
 * nothing (the three changes stay pending); every change is either still pending or
 * has an outcome.
 */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char   *db_path;
static GBytes *template;

/* The work folder goes with the process (build-aux/test runs this often). */
static void
remove_work_dir (void)
{
  g_autofree char *dir = g_path_get_dirname (db_path);

  spa_fuzz_remove_db (db_path);
  g_rmdir (dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  const char *base = spa_fuzz_work_base ();
  g_autofree char *dir = g_build_filename (base, "spa-fuzz-response-XXXXXX", NULL);
  g_autoptr(SpaStore) store = NULL;
  g_autoptr(SpaRecord) room = spa_record_new ("room");
  g_autoptr(SpaRecord) client = spa_record_new ("client");
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize len;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
  g_assert (g_mkdtemp (dir) != NULL);
  db_path = g_build_filename (dir, "desk.db", NULL);
  atexit (remove_work_dir);

  /* Three pending mutations: 1 and 2 make the room and the client, 3 renames it. */
  store = spa_store_open (db_path, &error);
  g_assert_no_error (error);
  spa_record_set_id (room, "r-1");
  spa_record_set_string (room, "name", "Cedar");
  g_assert (spa_store_save (store, room, &error));
  spa_record_set_id (client, "c-1");
  spa_record_set_string (client, "first_name", "Ann");
  g_assert (spa_store_save (store, client, &error));
  spa_record_set_string (room, "name", "Oak");
  g_assert (spa_store_save (store, room, &error));
  g_assert_cmpint (spa_store_outbox_pending (store), ==, 3);
  g_clear_object (&store);

  g_assert (g_file_get_contents (db_path, &contents, &len, NULL));
  template = g_bytes_new_take (contents, len);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(SpaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  FILE *file;
  gint64 pending;

  /* The parts of a reply every path reads. */
  reply = spa_sync_http_parse_body (body);
  (void)spa_sync_http_body_string (reply, "message");
  (void)spa_sync_http_body_string (reply, "error");
  (void)spa_sync_http_body_int (reply, "last_mutation_id");
  if (reply == NULL)
    return 0;

  spa_fuzz_remove_db (db_path);
  file = fopen (db_path, "wb");
  g_assert (file != NULL);
  g_assert (fwrite (g_bytes_get_data (template, NULL), 1, g_bytes_get_size (template), file) ==
            g_bytes_get_size (template));
  fclose (file);
  store = spa_store_open (db_path, &error);
  g_assert_no_error (error);

  if (!spa_sync_local_apply_push (store, reply, &error))
    {
      /* Refused: nothing recorded. */
      pending = spa_store_outbox_pending (store);
      if (pending != 3)
        {
          g_printerr ("a refused reply changed the outbox: %" G_GINT64_FORMAT " pending\n", pending);
          abort ();
        }
    }
  g_assert_cmpint (spa_store_outbox_pending (store), <=, 3);

  return 0;
}
