/* spa-chart-documents.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-chart-documents"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-body-map.h"
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
    return g_strdup (utc ? utc : "");
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

/* The body map of an intake, as it is drawn on paper. */
typedef struct
{
  JsonNode *pain_areas;
  JsonNode *avoid_areas;
} BodyMap;

static void
body_map_free (gpointer data)
{
  BodyMap *map = data;

  g_clear_pointer (&map->pain_areas, json_node_unref);
  g_clear_pointer (&map->avoid_areas, json_node_unref);
  g_free (map);
}

static void
draw_body_map (cairo_t *cr,
               double   width,
               double   height,
               gpointer data)
{
  BodyMap *map = data;

  spa_body_map_draw_paper (cr, width, height, map->pain_areas, map->avoid_areas);
}

#define BODY_MAP_HEIGHT 300.0

static void
add_body_map (SpaPrintDocument *document,
              SpaRecord        *intake)
{
  BodyMap *map = g_new0 (BodyMap, 1);
  JsonNode *pain = spa_record_get_json (intake, "pain_areas");
  JsonNode *avoid = spa_record_get_json (intake, "avoid_areas");

  map->pain_areas = pain ? json_node_copy (pain) : NULL;
  map->avoid_areas = avoid ? json_node_copy (avoid) : NULL;
  spa_print_document_add_text (document, _("On the body map, a number is the pain from 0 to 10; "
                                           "hatched areas are to be avoided."));
  spa_print_document_add_drawing (document, BODY_MAP_HEIGHT, draw_body_map, map, body_map_free);
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
  add_body_map (document, intake);
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
      g_autofree char *when = format_time (spa_record_get_created_at (amendment), zone);
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

/* "Anne Roy" */
static char *
client_name (SpaRecord *client)
{
  g_autofree char *name = g_strdup_printf ("%s %s",
                                           spa_record_get_string (client, "first_name") ?: "",
                                           spa_record_get_string (client, "last_name") ?: "");

  return g_strdup (g_strstrip (name));
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

  name = client_name (file.client);
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

/* A single form titled @title_format with the client's name, who is named under it
 * by what identifies them. */
#define NEW_FORM(store, zone, client_id, title_format, error) \
  G_STMT_START { \
    g_autoptr(SpaRecord) client = spa_store_get (store, "client", client_id, error); \
    g_autofree char *name = client ? client_name (client) : NULL; \
    g_autofree char *title = name ? g_strdup_printf (title_format, name) : NULL; \
    document = client ? new_form (store, zone, client, title) : NULL; \
  } G_STMT_END

static SpaPrintDocument *
new_form (SpaStore   *store,
          GTimeZone  *zone,
          SpaRecord  *client,
          const char *title)
{
  g_autofree char *subtitle = made_on (store, zone);
  g_autofree char *birth = spa_format_day (spa_record_get_string (client, "date_of_birth"));
  SpaPrintDocument *document = spa_print_document_new (title, subtitle);

  spa_print_document_add_field (document,
                                spa_entity_field_label (&spa_client_entity, "date_of_birth"),
                                birth);
  spa_print_document_add_field (document, spa_entity_field_label (&spa_client_entity, "phone"),
                                spa_record_get_string (client, "phone"));
  spa_print_document_add_field (document,
                                spa_entity_field_label (&spa_client_entity, "allergies"),
                                spa_record_get_string (client, "allergies"));
  return document;
}

/**
 * spa_chart_document_intake:
 * @intake_id: an intake form
 *
 * The intake form as a clinic files it: the client, every answer, and the body map
 * with the areas in pain and those to avoid.
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
SpaPrintDocument *
spa_chart_document_intake (SpaStore    *store,
                           const char  *intake_id,
                           GTimeZone   *zone,
                           GError     **error)
{
  g_autoptr(SpaRecord) intake = spa_store_get (store, "intake", intake_id, error);
  SpaPrintDocument *document;

  if (intake == NULL)
    return NULL;
  /* TRANSLATORS: the title of a printed intake form; %s is the client's name */
  NEW_FORM (store, zone, spa_intake_get_client_id (intake), _("Intake form: %s"), error);
  if (document != NULL)
    add_intake (document, store, zone, intake);
  return document;
}

/**
 * spa_chart_document_note:
 * @note_id: a session note
 *
 * The session note as a clinic files it, with its amendments under it.
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
SpaPrintDocument *
spa_chart_document_note (SpaStore    *store,
                         const char  *note_id,
                         GTimeZone   *zone,
                         GError     **error)
{
  g_autoptr(SpaRecord) note = spa_store_get (store, "session_note", note_id, error);
  g_autoptr(SpaPrintDocument) document = NULL;

  if (note == NULL)
    return NULL;
  /* TRANSLATORS: the title of a printed session note; %s is the client's name */
  NEW_FORM (store, zone, spa_record_get_string (note, "client_id"), _("Session note: %s"),
            error);
  if (document == NULL || !add_note (document, store, zone, note, error))
    return NULL;
  return g_steal_pointer (&document);
}

/* The pain before and after each session, over time: two lines on a 0–10 scale. */
static void
draw_progress (cairo_t *cr,
               double   width,
               double   height,
               gpointer data)
{
  GArray *series = data;
  double left = 28, bottom = height - 18, top = 8, right = width - 8;
  guint n = series->len;

  cairo_save (cr);
  cairo_set_line_width (cr, 0.5);
  for (int level = 0; level <= 10; level += 2)
    {
      double y = bottom - (bottom - top) * level / 10.0;
      g_autofree char *label = g_strdup_printf ("%d", level);
      g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
      PangoFontDescription *desc = pango_font_description_from_string ("Sans 7");

      cairo_set_source_rgb (cr, 0.82, 0.84, 0.85);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      pango_layout_set_font_description (layout, desc);
      pango_font_description_free (desc);
      pango_layout_set_text (layout, label, -1);
      cairo_set_source_rgb (cr, 0.42, 0.45, 0.48);
      cairo_move_to (cr, 8, y - 5);
      pango_cairo_show_layout (cr, layout);
    }
  for (int line = 0; line < 2; line++)
    {
      gboolean started = FALSE;

      if (line == 0)
        cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);    /* before: red */
      else
        cairo_set_source_rgb (cr, 0.15, 0.64, 0.41);    /* after: green */
      cairo_set_line_width (cr, 2);
      for (guint i = 0; i < n; i++)
        {
          SpaPainPoint *point = &g_array_index (series, SpaPainPoint, i);
          int value = line == 0 ? point->before : point->after;
          double x = n > 1 ? left + (right - left) * i / (n - 1) : (left + right) / 2;
          double y = bottom - (bottom - top) * value / 10.0;

          if (value < 0)
            continue;
          if (started)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          started = TRUE;
        }
      cairo_stroke (cr);
      for (guint i = 0; i < n; i++)
        {
          SpaPainPoint *point = &g_array_index (series, SpaPainPoint, i);
          int value = line == 0 ? point->before : point->after;
          double x = n > 1 ? left + (right - left) * i / (n - 1) : (left + right) / 2;

          if (value < 0)
            continue;
          cairo_arc (cr, x, bottom - (bottom - top) * value / 10.0, 3, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
  cairo_restore (cr);
}

/**
 * spa_chart_document_progress:
 * @client_id: the client
 *
 * The client's progress: the pain before and after each session as a chart, then
 * session by session in words.
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
SpaPrintDocument *
spa_chart_document_progress (SpaStore    *store,
                             const char  *client_id,
                             GTimeZone   *zone,
                             GError     **error)
{
  g_autoptr(GArray) series = spa_clinical_pain_series (store, client_id, error);
  g_autoptr(SpaPrintDocument) document = NULL;

  if (series == NULL)
    return NULL;
  /* TRANSLATORS: the title of a printed progress chart; %s is the client's name */
  NEW_FORM (store, zone, client_id, _("Progress: %s"), error);
  if (document == NULL)
    return NULL;
  spa_print_document_add_heading (document, _("Pain Before and After Sessions"));
  if (series->len == 0)
    spa_print_document_add_text (document, _("No session has a pain rating yet."));
  else
    {
      spa_print_document_add_text (document, _("Red: pain before the session. Green: pain "
                                               "after it. From 0 (none) to 10."));
      spa_print_document_add_drawing (document, 200, draw_progress, g_array_ref (series),
                                      (GDestroyNotify)g_array_unref);
    }
  for (guint i = 0; i < series->len; i++)
    {
      SpaPainPoint *point = &g_array_index (series, SpaPainPoint, i);
      g_autofree char *day = spa_format_day (point->date);
      g_autofree char *before = point->before >= 0 ? g_strdup_printf ("%d", point->before)
                                                   : g_strdup ("–");
      g_autofree char *after = point->after >= 0 ? g_strdup_printf ("%d", point->after)
                                                 : g_strdup ("–");
      /* TRANSLATORS: one session in a printed progress chart: pain before, then after */
      g_autofree char *text = g_strdup_printf (_("Pain before %s, after %s"), before, after);

      spa_print_document_add_field (document, day ? day : point->date, text);
    }
  return g_steal_pointer (&document);
}
