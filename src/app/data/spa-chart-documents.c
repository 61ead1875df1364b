/* spa-chart-documents.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-chart-documents"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-chart-documents.h"
#include "spa-export.h"
#include "spa-widget-util.h"

/*
 * A client's chart as paper: their record, intake forms, session notes with their
 * amendments and bookings, laid out as a clinic files them, with every field under
 * the label the desk shows it with and codes (regions, techniques, conditions) in
 * words. Each part is a section of a SpaPrintDocument, for a PDF or the printer.
 */

/* Fields a reader of the paper has no use for: ids, which the section already says,
 * and the signature, which the chain of hashes (docs/records-integrity.md) checks. */
static const char * const skipped_fields[] = {
  "client_id", "booking_id", "note_id", "location_id", "signature", "status_history",
  "first_name", "last_name", NULL,
};

static char *
format_time (const char *utc,
             GTimeZone  *zone)
{
  g_autoptr(GDateTime) at = spa_time_parse_utc (utc);
  g_autoptr(GDateTime) local = NULL;

  if (at == NULL)
    return g_strdup (utc);
  local = g_date_time_to_timezone (at, zone);
  return spa_format_date_time (local);
}

static void
append_area_cb (const char *region,
                JsonObject *area,
                gpointer    user_data)
{
  GString *text = user_data;
  const char *quality = spa_clinical_area_get_string (area, "quality");
  const char *note = spa_clinical_area_get_string (area, "note");
  const char *reason = spa_clinical_area_get_string (area, "reason");
  JsonNode *intensity = json_object_get_member (area, "intensity");

  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, spa_vocab_region_label (region));
  if (intensity != NULL && JSON_NODE_HOLDS_VALUE (intensity))
    {
      g_string_append (text, ": ");
      g_string_append_printf (text, _("Pain %d of 10"), (int)json_node_get_int (intensity));
    }
  if (quality != NULL)
    g_string_append_printf (text, ", %s", spa_vocab_pain_quality_label (quality));
  for (const char *more = note ? note : reason; more != NULL && more[0] != '\0'; more = NULL)
    g_string_append_printf (text, " (%s)", more);
}

/* A JSON list of codes (conditions, techniques, regions) in words. */
static char *
format_codes (JsonNode    *node,
              const char  *(*label) (const char *code))
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *code = json_array_get_string_element (array, i);

      if (code == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, label (code));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
record_name (SpaStore   *store,
             const char *entity,
             const char *id)
{
  g_autoptr(SpaRecord) record = id ? spa_store_get (store, entity, id, NULL) : NULL;

  return record ? g_strdup (spa_record_get_string (record, "name")) : g_strdup (id);
}

/* @field of @record as words, or %NULL when it has no value. */
static char *
format_field (SpaStore           *store,
              GTimeZone          *zone,
              SpaRecord          *record,
              const SpaFieldInfo *field)
{
  const char *name = field->name;
  JsonNode *node = spa_record_get_json (record, name);
  const char *text = spa_record_get_string (record, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  /* Records from elsewhere are read without trusting their shape. */
  if (field->type == SPA_FIELD_TEXT && (text == NULL || text[0] == '\0'))
    return NULL;
  if (g_str_equal (name, "pain_areas") || g_str_equal (name, "avoid_areas"))
    {
      g_autoptr(GString) areas = g_string_new (NULL);

      spa_clinical_foreach_area (node, append_area_cb, areas);
      return g_string_free (g_steal_pointer (&areas), FALSE);
    }
  if (g_str_equal (name, "conditions"))
    return format_codes (node, spa_vocab_condition_label);
  if (g_str_equal (name, "techniques"))
    return format_codes (node, spa_vocab_technique_label);
  if (g_str_equal (name, "areas_treated"))
    return format_codes (node, spa_vocab_region_label);
  if (g_str_equal (name, "pressure"))
    return g_strdup (spa_vocab_pressure_label (spa_record_get_string (record, name)));
  if (g_str_equal (name, "therapist_id"))
    return record_name (store, "therapist", spa_record_get_string (record, name));
  if (g_str_equal (name, "service_id"))
    return record_name (store, "service", spa_record_get_string (record, name));
  if (g_str_equal (name, "room_id"))
    return record_name (store, "room", spa_record_get_string (record, name));
  if (g_str_equal (name, "status"))
    return g_strdup (spa_booking_status_label (spa_record_get_string (record, name)));
  if (g_str_equal (name, "duration_min"))
    return spa_format_duration ((int)spa_record_get_int (record, name, 0));
  if (g_str_equal (name, "pain_before") || g_str_equal (name, "pain_after"))
    return g_strdup_printf (_("Pain %d of 10"), (int)spa_record_get_int (record, name, 0));
  if (g_str_equal (name, "price_cents"))
    return spa_format_money (spa_record_get_int (record, name, 0), NULL);
  if (g_str_has_suffix (name, "_at") || g_str_equal (name, "starts_at"))
    return format_time (spa_record_get_string (record, name), zone);
  if (g_str_equal (name, "session_date") || g_str_equal (name, "date_of_birth"))
    return spa_format_day (spa_record_get_string (record, name));
  switch (field->type)
    {
    case SPA_FIELD_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, spa_record_get_int (record, name, 0));
    case SPA_FIELD_BOOLEAN:
      return g_strdup (spa_record_get_boolean (record, name) ? _("Yes") : _("No"));
    case SPA_FIELD_JSON:
      return NULL;
    case SPA_FIELD_TEXT:
    default:
      return g_strdup (spa_record_get_string (record, name));
    }
}

/* Every field of @record with a value, in the order the record type declares them. */
static void
add_fields (SpaPrintDocument *document,
            SpaStore         *store,
            GTimeZone        *zone,
            SpaRecord        *record)
{
  const SpaEntityInfo *entity = spa_entity_lookup (spa_record_get_entity (record));

  for (guint i = 0; entity != NULL && i < entity->n_fields; i++)
    {
      const SpaFieldInfo *field = &entity->fields[i];
      g_autofree char *value = NULL;

      if (g_strv_contains (skipped_fields, field->name))
        continue;
      value = format_field (store, zone, record, field);
      spa_print_document_add_field (document, spa_entity_field_label (entity, field->name),
                                    value);
    }
}

static void
add_intake (SpaPrintDocument *document,
            SpaStore         *store,
            GTimeZone        *zone,
            SpaRecord        *intake)
{
  g_autofree char *day = spa_format_utc_date (spa_intake_get_completed_at (intake), zone);
  g_autofree char *heading = NULL;

  /* TRANSLATORS: a section of a printed chart; %s is the day it was filled in */
  heading = day[0] ? g_strdup_printf (_("Intake form, %s"), day) : g_strdup (_("Intake form"));
  spa_print_document_add_heading (document, heading);
  add_fields (document, store, zone, intake);
}

static gboolean
add_note (SpaPrintDocument  *document,
          SpaStore          *store,
          GTimeZone         *zone,
          SpaRecord         *note,
          GError           **error)
{
  g_autofree char *day = spa_format_day (spa_record_get_string (note, "session_date"));
  g_autofree char *heading = NULL;
  g_autoptr(GPtrArray) amendments = NULL;

  amendments = spa_clinical_list_amendments (store, spa_record_get_id (note), error);
  if (amendments == NULL)
    return FALSE;
  /* TRANSLATORS: a section of a printed chart; %s is the day of the session */
  heading = g_strdup_printf (_("Session note, %s"), day ? day : "");
  spa_print_document_add_heading (document, heading);
  add_fields (document, store, zone, note);
  if (!spa_clinical_is_signed (note))
    spa_print_document_add_text (document, _("Not signed yet: this note may still change."));
  for (guint i = 0; i < amendments->len; i++)
    {
      SpaRecord *amendment = amendments->pdata[i];
      g_autofree char *when = format_time (spa_record_get_string (amendment, "created_at"), zone);
      /* TRANSLATORS: who amended a signed note, then when */
      g_autofree char *title = g_strdup_printf (_("Amendment by %s, %s"),
                                                spa_record_get_string (amendment, "author"),
                                                when);

      spa_print_document_add_subheading (document, title);
      spa_print_document_add_text (document, spa_record_get_string (amendment, "text"));
    }
  return TRUE;
}

/* One line a booking: when, then service, therapist and status. */
static void
add_bookings (SpaPrintDocument *document,
              SpaStore         *store,
              GTimeZone        *zone,
              GPtrArray        *bookings)
{
  spa_print_document_add_heading (document, _("Bookings"));
  if (bookings->len == 0)
    spa_print_document_add_text (document, _("No bookings."));
  for (guint i = 0; i < bookings->len; i++)
    {
      SpaRecord *booking = bookings->pdata[i];
      g_autofree char *when = format_time (spa_record_get_string (booking, "starts_at"), zone);
      g_autofree char *service = record_name (store, "service",
                                              spa_record_get_string (booking, "service_id"));
      g_autofree char *therapist = record_name (store, "therapist",
                                                spa_record_get_string (booking, "therapist_id"));
      const char *status = spa_booking_status_label (spa_record_get_string (booking, "status"));
      g_autofree char *what = NULL;

      /* TRANSLATORS: a booking in a printed chart: service, therapist, status */
      what = g_strdup_printf (_("%s with %s · %s"), service ? service : "",
                              therapist ? therapist : "", status ? status : "");
      spa_print_document_add_field (document, when, what);
    }
}

static char *
made_on (SpaStore  *store,
         GTimeZone *zone)
{
  g_autofree char *now = spa_store_now_utc (store);
  g_autofree char *when = format_time (now, zone);

  /* TRANSLATORS: under a printed chart's title; %s is the day and time */
  return g_strdup_printf (_("Printed %s"), when);
}

/**
 * spa_chart_document_client_file:
 * @client_id: the client
 * @zone: the spa's time zone, for the times
 *
 * One client's whole file (docs/export.md): their record, every intake form, every
 * session note with its amendments and every booking, for a client who asks for
 * their records.
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
SpaPrintDocument *
spa_chart_document_client_file (SpaStore    *store,
                                const char  *client_id,
                                GTimeZone   *zone,
                                GError     **error)
{
  g_auto(SpaExportClient) file = { NULL };
  g_autoptr(SpaPrintDocument) document = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  if (!spa_export_client_load (store, client_id, &file, error))
    return NULL;

  name = g_strdup_printf ("%s %s", spa_record_get_string (file.client, "first_name") ?: "",
                          spa_record_get_string (file.client, "last_name") ?: "");
  g_strstrip (name);
  /* TRANSLATORS: the title of a client's file; %s is their name */
  title = g_strdup_printf (_("Client file: %s"), name);
  subtitle = made_on (store, zone);
  document = spa_print_document_new (title, subtitle);

  spa_print_document_add_heading (document, _("Client"));
  add_fields (document, store, zone, file.client);
  for (guint i = 0; i < file.intakes->len; i++)
    add_intake (document, store, zone, file.intakes->pdata[i]);
  for (guint i = 0; i < file.notes->len; i++)
    if (!add_note (document, store, zone, file.notes->pdata[i], error))
      return NULL;
  add_bookings (document, store, zone, file.bookings);
  return g_steal_pointer (&document);
}
