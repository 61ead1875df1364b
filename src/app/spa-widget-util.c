/* spa-widget-util.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "spa-util.h"
#include "spa-widget-util.h"

/*
 * Composite widgets derived from GtkWidget own their template's top-level children;
 * GTK 4.8's gtk_widget_dispose_template() only drops bound ones, so the rest are
 * unparented here.
 */
void
spa_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

/*
 * Form helpers: copy a widget's value into a record only when it differs, so that
 * the record's changed fields (what goes in the outbox) are exactly what the user
 * changed, and an untouched form saves nothing.
 */
void
spa_record_update_text (SpaRecord  *record,
                        const char *field,
                        const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  if (*trimmed == '\0')
    {
      if (spa_record_has_value (record, field))
        spa_record_set_null (record, field);
    }
  else if (g_strcmp0 (spa_record_get_string (record, field), trimmed) != 0)
    spa_record_set_string (record, field, trimmed);
}

void
spa_record_update_json (SpaRecord  *record,
                        const char *field,
                        JsonNode   *value)
{
  JsonNode *old = spa_record_get_json (record, field);

  /* An empty list and no value mean the same. */
  if (old == NULL && JSON_NODE_HOLDS_ARRAY (value) &&
      json_array_get_length (json_node_get_array (value)) == 0)
    return;
  if (old == NULL || !json_node_equal (old, value))
    spa_record_set_json (record, field, value);
}

void
spa_record_update_int (SpaRecord  *record,
                       const char *field,
                       gint64      value,
                       gboolean    is_set)
{
  if (!is_set)
    {
      if (spa_record_has_value (record, field))
        spa_record_set_null (record, field);
    }
  else if (!spa_record_has_value (record, field) || spa_record_get_int (record, field, 0) != value)
    spa_record_set_int (record, field, value);
}

/**
 * spa_format_day:
 * @ymd: a date as YYYY-MM-DD
 *
 * Returns: (transfer full): the date for display ("November 25, 2026"), or @ymd
 *   itself when it is not a date
 */
char *
spa_format_day (const char *ymd)
{
  g_autoptr(GDateTime) date = NULL;
  int y, m, d;

  if (!spa_date_parse (ymd, &y, &m, &d))
    return g_strdup (ymd ? ymd : "");

  date = g_date_time_new_utc (y, m, d, 0, 0, 0);
  /* TRANSLATORS: a day, as in "November 25, 2026"; see g_date_time_format() */
  return g_date_time_format (date, C_("day", "%B %-e, %Y"));
}
