/* spa-export-client.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-export-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "spa-clinical.h"
#include "spa-export.h"
#include "spa-schedule.h"

/*
 * One client's own file, for a client who asks for their records (docs/export.md):
 * their record, every intake form, every session note with its amendments, and every
 * booking, as one JSON document whose records are written as the sync protocol writes
 * them, so nothing is left out and a program can read it back.
 */

static JsonNode *
record_node (SpaRecord *record)
{
  g_autoptr(JsonObject) object = spa_record_to_json (record);

  return json_node_init_object (json_node_alloc (), object);
}

static JsonArray *
records_array (GPtrArray *records)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; records != NULL && i < records->len; i++)
    json_array_add_element (array, record_node (records->pdata[i]));
  return array;
}

/**
 * spa_export_client_load:
 * @client_id: the client
 * @file: (out caller-allocates): filled with the client's records; clear it with
 *   spa_export_client_clear()
 *
 * Reads what one client's file holds.
 *
 * Returns: whether it could (not when there is no such client)
 */
gboolean
spa_export_client_load (SpaStore         *store,
                        const char       *client_id,
                        SpaExportClient  *file,
                        GError          **error)
{
  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  g_return_val_if_fail (client_id != NULL, FALSE);
  g_return_val_if_fail (file != NULL, FALSE);

  memset (file, 0, sizeof *file);
  file->client = spa_store_get (store, "client", client_id, error);
  file->intakes = file->client ? spa_clinical_list_intakes (store, client_id, error) : NULL;
  file->notes = file->intakes ? spa_clinical_list_notes (store, client_id, error) : NULL;
  file->bookings = file->notes ? spa_schedule_client_bookings (store, client_id, error) : NULL;
  if (file->bookings == NULL)
    {
      spa_export_client_clear (file);
      return FALSE;
    }
  return TRUE;
}

void
spa_export_client_clear (SpaExportClient *file)
{
  g_clear_object (&file->client);
  g_clear_pointer (&file->intakes, g_ptr_array_unref);
  g_clear_pointer (&file->notes, g_ptr_array_unref);
  g_clear_pointer (&file->bookings, g_ptr_array_unref);
}

/**
 * spa_export_client_file:
 * @client_id: the client
 *
 * Builds the client's file: `{"format": "spa-desk-client-file", "version": 1,
 * "exported_at": …, "client": {…}, "intakes": […], "session_notes": [{…,
 * "amendments": […]}], "bookings": […]}`; intakes, notes and bookings newest first,
 * each note's amendments oldest first.
 *
 * Returns: (transfer full): the file's JSON text, or %NULL with @error set
 */
char *
spa_export_client_file (SpaStore    *store,
                        const char  *client_id,
                        GError     **error)
{
  g_auto(SpaExportClient) file = { NULL };
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *now = NULL;
  JsonArray *note_array;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  if (!spa_export_client_load (store, client_id, &file, error))
    return NULL;

  now = spa_store_now_utc (store);
  json_object_set_string_member (root, "format", "spa-desk-client-file");
  json_object_set_int_member (root, "version", 1);
  json_object_set_string_member (root, "exported_at", now);
  json_object_set_member (root, "client", record_node (file.client));
  json_object_set_array_member (root, "intakes", records_array (file.intakes));

  note_array = json_array_new ();
  for (guint i = 0; i < file.notes->len; i++)
    {
      SpaRecord *note = file.notes->pdata[i];
      g_autoptr(GPtrArray) amendments = NULL;
      JsonObject *object;

      amendments = spa_clinical_list_amendments (store, spa_record_get_id (note), error);
      if (amendments == NULL)
        {
          json_array_unref (note_array);
          return NULL;
        }
      object = spa_record_to_json (note);
      json_object_set_array_member (object, "amendments", records_array (amendments));
      json_array_add_object_element (note_array, object);
    }
  json_object_set_array_member (root, "session_notes", note_array);
  json_object_set_array_member (root, "bookings", records_array (file.bookings));

  node = json_node_init_object (json_node_alloc (), root);
  return json_to_string (node, TRUE);
}
