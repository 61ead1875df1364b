/* spa-conflicts-window.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-conflicts-window"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-conflicts-window.h"
#include "spa-json.h"
#include "spa-widget-util.h"

/*
 * The Conflicts page: for each record where this desk's change lost to one made
 * elsewhere, both values of every field in dispute, and "Keep Mine" / "Keep Theirs".
 * Nothing is dropped until the user chooses.
 */
struct _SpaConflictsWindow
{
  AdwWindow        parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkBox          *list;

  /* Owned */
  SpaContext      *context;
  GPtrArray       *conflicts;   /* SpaSyncConflict */
  GPtrArray       *groups;      /* GtkWidget, borrowed from list */
};

G_DEFINE_FINAL_TYPE (SpaConflictsWindow, spa_conflicts_window, ADW_TYPE_WINDOW)

static char *
value_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("(empty)"));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
  return spa_json_to_string (node);
}

static const char *
entity_label (const char *entity)
{
  static const struct { const char *entity; const char *label; } labels[] = {
    { "client", N_("Client") },
    { "therapist", N_("Therapist") },
    { "service", N_("Service") },
    { "room", N_("Room") },
    { "booking", N_("Booking") },
    { "intake", N_("Intake") },
    { "session_note", N_("Session note") },
    { "note_amendment", N_("Amendment") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].entity, entity))
      return _(labels[i].label);
  return entity;
}

static char *
record_title (SpaSyncConflict *conflict)
{
  JsonObject *server = conflict->server_record;
  const char *first = json_object_get_string_member_with_default (server, "first_name", NULL);
  const char *last = json_object_get_string_member_with_default (server, "last_name", NULL);
  const char *name = json_object_get_string_member_with_default (server, "name", NULL);
  const char *starts = json_object_get_string_member_with_default (server, "starts_at", NULL);

  g_autofree char *full_name = NULL;

  if (first != NULL)
    name = full_name = g_strdup_printf ("%s %s", first, last ? last : "");
  else if (name == NULL)
    name = starts;
  /* The group's title is Pango markup: a name such as “Lee & Co” is escaped. */
  if (name == NULL)
    return g_markup_escape_text (entity_label (conflict->entity), -1);
  /* Translators: a conflict's title, the kind of record and its name, such as
   * “Client: Maria Lopez”. */
  return g_markup_printf_escaped (C_("conflict title", "%s: %s"), entity_label (conflict->entity),
                                  name);
}

static void
resolve_clicked_cb (GtkButton          *button,
                    SpaConflictsWindow *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  gboolean mine = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "mine"));

  spa_conflicts_window_resolve (self, index, mine);
}

static GtkWidget *
build_group (SpaConflictsWindow *self,
             SpaSyncConflict    *conflict,
             guint               index)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autofree char *title = record_title (conflict);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *mine = gtk_button_new_with_mnemonic (_("Keep _Mine"));
  GtkWidget *theirs = gtk_button_new_with_mnemonic (_("Keep _Theirs"));
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  gboolean deleted_on_server = json_object_get_boolean_member_with_default (conflict->server_record,
                                                                            "deleted", FALSE);

  adw_preferences_group_set_title (group, title);
  if (json_object_has_member (conflict->local_fields, "deleted") &&
      json_object_get_size (conflict->local_fields) == 1)
    adw_preferences_group_set_description (group, _("You deleted this record; it was changed elsewhere."));
  else if (deleted_on_server)
    adw_preferences_group_set_description (group, _("You changed this record; it was deleted elsewhere."));

  g_object_set_data (G_OBJECT (mine), "index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (mine), "mine", GINT_TO_POINTER (TRUE));
  g_object_set_data (G_OBJECT (theirs), "index", GUINT_TO_POINTER (index));
  g_signal_connect (mine, "clicked", G_CALLBACK (resolve_clicked_cb), self);
  g_signal_connect (theirs, "clicked", G_CALLBACK (resolve_clicked_cb), self);
  gtk_widget_add_css_class (mine, "suggested-action");
  gtk_widget_set_valign (mine, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (theirs, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons), theirs);
  gtk_box_append (GTK_BOX (buttons), mine);
  adw_preferences_group_set_header_suffix (group, buttons);

  json_object_iter_init (&iter, conflict->local_fields);
  while (json_object_iter_next (&iter, &name, &value))
    {
      const char *label = spa_entity_field_label (spa_entity_lookup (conflict->entity), name);
      g_autofree char *yours = value_text (value);
      g_autofree char *theirs_text = value_text (json_object_get_member (conflict->server_record, name));
      g_autofree char *subtitle = NULL;
      g_autofree char *yours_escaped = g_markup_escape_text (yours, -1);
      g_autofree char *theirs_escaped = g_markup_escape_text (theirs_text, -1);
      GtkWidget *row = adw_action_row_new ();

      if (g_str_equal (name, "deleted"))
        continue;
      /* Translators: the two values of one field in a sync conflict. */
      subtitle = g_strdup_printf (_("Yours: %s\nTheirs: %s"), yours_escaped, theirs_escaped);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_preferences_group_add (group, row);
    }

  return GTK_WIDGET (group);
}

void
spa_conflicts_window_refresh (SpaConflictsWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SPA_IS_CONFLICTS_WINDOW (self));

  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_remove (self->list, self->groups->pdata[i]);
  g_ptr_array_set_size (self->groups, 0);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);

  self->conflicts = spa_sync_local_list_conflicts (spa_context_get_store (self->context), &error);
  if (self->conflicts == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, spa_toast_new_plain (error->message));
      self->conflicts = g_ptr_array_new ();
    }

  for (guint i = 0; i < self->conflicts->len; i++)
    {
      GtkWidget *group = build_group (self, self->conflicts->pdata[i], i);

      gtk_box_append (self->list, group);
      g_ptr_array_add (self->groups, group);
    }

  gtk_stack_set_visible_child_name (self->stack, self->conflicts->len > 0 ? "list" : "empty");
}

guint
spa_conflicts_window_get_n_conflicts (SpaConflictsWindow *self)
{
  g_return_val_if_fail (SPA_IS_CONFLICTS_WINDOW (self), 0);
  return self->conflicts->len;
}

/**
 * spa_conflicts_window_resolve:
 * @keep_mine: send this desk's values again; otherwise keep the server's
 */
gboolean
spa_conflicts_window_resolve (SpaConflictsWindow *self,
                              guint               index,
                              gboolean            keep_mine)
{
  SpaSyncConflict *conflict;
  SpaSyncEngine *engine;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SPA_IS_CONFLICTS_WINDOW (self), FALSE);
  g_return_val_if_fail (index < self->conflicts->len, FALSE);

  conflict = self->conflicts->pdata[index];
  engine = spa_context_get_sync_engine (self->context);
  if (!spa_sync_local_resolve_conflict (spa_context_get_store (self->context),
                                        conflict->conflict_id, keep_mine, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, spa_toast_new_plain (error->message));
      spa_conflicts_window_refresh (self);
      return FALSE;
    }

  spa_sync_engine_refresh_counts (engine);
  if (keep_mine)
    spa_sync_engine_sync_now (engine);
  spa_conflicts_window_refresh (self);
  return TRUE;
}

static void
store_changed_cb (SpaConflictsWindow *self,
                  const char         *entity,
                  const char         *id)
{
  /* New conflicts arrive with push results. */
  if (g_strcmp0 (entity, "sync_outbox") == 0)
    spa_conflicts_window_refresh (self);
}

static void
spa_conflicts_window_dispose (GObject *object)
{
  SpaConflictsWindow *self = (SpaConflictsWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_CONFLICTS_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spa_conflicts_window_parent_class)->dispose (object);
}

static void
spa_conflicts_window_finalize (GObject *object)
{
  SpaConflictsWindow *self = (SpaConflictsWindow *)object;

  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (spa_conflicts_window_parent_class)->finalize (object);
}

static void
spa_conflicts_window_class_init (SpaConflictsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_conflicts_window_dispose;
  object_class->finalize = spa_conflicts_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-conflicts-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaConflictsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SpaConflictsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SpaConflictsWindow, list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
spa_conflicts_window_init (SpaConflictsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_ptr_array_new ();
  self->conflicts = g_ptr_array_new ();
}

SpaConflictsWindow *
spa_conflicts_window_new (SpaContext *context)
{
  SpaConflictsWindow *self;

  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  self = g_object_new (SPA_TYPE_CONFLICTS_WINDOW, NULL);
  self->context = g_object_ref (context);
  g_signal_connect_object (spa_context_get_store (context), "changed::sync_outbox",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  spa_conflicts_window_refresh (self);
  return self;
}
