/* spa-sessions-section.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-sessions-section"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-sessions-section.h"
#include "spa-audit-fields.h"
#include "spa-data-actions.h"
#include "spa-widget-util.h"

/*
 * The client page's Sessions section: the client's notes newest first, and the note
 * editor. spa_sessions_section_new_note() with a booking id is what a booking's
 * check-in calls to start the session's note.
 */
struct _SpaSessionsSection
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkStack      *stack;
  GtkLabel      *count_label;
  GtkListBox    *notes_list;
  GtkWidget     *empty_page;
  SpaNoteEditor *editor;

  /* Owned */
  SpaContext    *context;
  SpaRecord     *client;
  gulong         note_changed_id;
  gulong         therapist_changed_id;
};

static void spa_sessions_section_section_iface_init (SpaClientSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpaSessionsSection, spa_sessions_section, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (SPA_TYPE_CLIENT_SECTION,
                                                      spa_sessions_section_section_iface_init))

static char *
therapist_name (SpaSessionsSection *self,
                const char         *id)
{
  g_autoptr(SpaRecord) therapist = NULL;

  if (id == NULL)
    return NULL;
  therapist = spa_store_get (spa_context_get_store (self->context), SPA_THERAPIST_ENTITY, id, NULL);
  return therapist ? g_strdup (spa_therapist_get_name (therapist)) : NULL;
}

static GtkWidget *
make_row (SpaSessionsSection *self,
          SpaRecord          *note)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *badge;
  g_autofree char *day = spa_format_day (spa_session_note_get_session_date (note));
  g_autofree char *therapist = therapist_name (self, spa_session_note_get_therapist_id (note));
  g_autofree char *title = therapist ? g_strdup_printf (_("%s, %s"), day, therapist) : g_strdup (day);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_auto(GStrv) techniques = spa_record_get_strv (note, SPA_SESSION_NOTE_TECHNIQUES);
  gint64 before = spa_session_note_get_pain_before (note, -1);
  gint64 after = spa_session_note_get_pain_after (note, -1);
  gboolean signed_note = spa_clinical_is_signed (note);

  if (before >= 0 && after >= 0)
    g_string_append_printf (subtitle, _("Pain %d → %d"), (int)before, (int)after);
  else if (before >= 0)
    g_string_append_printf (subtitle, _("Pain before %d"), (int)before);
  else if (after >= 0)
    g_string_append_printf (subtitle, _("Pain after %d"), (int)after);
  for (guint i = 0; techniques[i]; i++)
    {
      g_string_append (subtitle, subtitle->len ? (i == 0 ? " · " : ", ") : "");
      g_string_append (subtitle, spa_vocab_technique_label (techniques[i]));
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  spa_action_row_one_line (ADW_ACTION_ROW (row));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "note-id", g_strdup (spa_record_get_id (note)), g_free);

  badge = gtk_label_new (signed_note ? _("Signed") : _("Draft"));
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "alert-pill");
  gtk_widget_add_css_class (badge, signed_note ? "info" : "warning");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  return row;
}

static void
reload (SpaSessionsSection *self)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  g_autofree char *count = NULL;

  /* The editor saves its draft when it is disposed, which may be after this section's
   * own widgets are gone. */
  if (self->notes_list == NULL)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notes_list))))
    gtk_list_box_remove (self->notes_list, child);

  if (self->client != NULL)
    {
      notes = spa_clinical_list_notes (spa_context_get_store (self->context),
                                       spa_record_get_id (self->client), &error);
      if (notes == NULL)
        g_warning ("Could not read session notes: %s", error->message);
    }

  for (guint i = 0; notes && i < notes->len; i++)
    gtk_list_box_append (self->notes_list, make_row (self, notes->pdata[i]));

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session note", "%u session notes",
                                        notes ? notes->len : 0),
                           notes ? notes->len : 0);
  gtk_label_set_label (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_list), notes && notes->len > 0);
  gtk_widget_set_visible (self->empty_page, !(notes && notes->len > 0));
}

static void
store_changed_cb (SpaSessionsSection *self,
                  const char         *entity,
                  const char         *id,
                  SpaStore           *store)
{
  /* Notes synced from another desk, or saved by the editor. */
  if (self->client != NULL)
    reload (self);
}

/**
 * spa_sessions_section_open_note:
 *
 * Returns: %TRUE if the note exists and is shown
 */
gboolean
spa_sessions_section_open_note (SpaSessionsSection *self,
                                const char         *note_id)
{
  g_autoptr(SpaRecord) note = NULL;

  g_return_val_if_fail (SPA_IS_SESSIONS_SECTION (self), FALSE);

  note = spa_store_get (spa_context_get_store (self->context), SPA_SESSION_NOTE_ENTITY, note_id,
                        NULL);
  if (note == NULL)
    return FALSE;

  spa_note_editor_set_note (self->editor, note);
  gtk_stack_set_visible_child_name (self->stack, "note");
  {
    /* Reading one note is an audit event of its own (docs/audit.md); a note being
     * written is not opened. */
    g_autofree char *detail = g_strconcat ("note ", note_id, NULL);

    spa_data_actions_audit (self->context, spa_session_note_get_client_id (note),
                            SPA_AUDIT_NOTE_OPENED, detail);
  }
  return TRUE;
}

/**
 * spa_sessions_section_new_note:
 * @booking_id: (nullable): the booking the session belongs to
 *
 * Opens a new note for the client, prefilled from the current intake and from the
 * booking (therapist, duration). It is stored as soon as something is typed.
 *
 * Returns: %TRUE if the note editor shows the new note
 */
gboolean
spa_sessions_section_new_note (SpaSessionsSection  *self,
                               const char          *booking_id,
                               GError             **error)
{
  g_autoptr(SpaRecord) note = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (SPA_IS_SESSIONS_SECTION (self), FALSE);
  g_return_val_if_fail (self->client != NULL, FALSE);

  now = spa_context_now (self->context);
  today = g_date_time_format (now, "%Y-%m-%d");
  note = spa_clinical_new_note (spa_context_get_store (self->context),
                                spa_record_get_id (self->client), booking_id, today, error);
  if (note == NULL)
    return FALSE;

  spa_note_editor_set_note (self->editor, note);
  gtk_stack_set_visible_child_name (self->stack, "note");
  return TRUE;
}

void
spa_sessions_section_show_list (SpaSessionsSection *self)
{
  g_return_if_fail (SPA_IS_SESSIONS_SECTION (self));

  spa_note_editor_flush (self->editor);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
note_activated_cb (SpaSessionsSection *self,
                   GtkListBoxRow      *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "note-id");

  if (id != NULL)
    spa_sessions_section_open_note (self, id);
}

static void
editor_saved_cb (SpaSessionsSection *self)
{
  reload (self);
}

static void
new_note_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;

  if (!spa_sessions_section_new_note (SPA_SESSIONS_SECTION (widget), NULL, &error))
    g_warning ("Could not start a note: %s", error ? error->message : "no client");
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  spa_sessions_section_show_list (SPA_SESSIONS_SECTION (widget));
}

static void
spa_sessions_section_dispose (GObject *object)
{
  SpaSessionsSection *self = SPA_SESSIONS_SECTION (object);

  if (self->context != NULL)
    {
      g_clear_signal_handler (&self->note_changed_id, spa_context_get_store (self->context));
      g_clear_signal_handler (&self->therapist_changed_id, spa_context_get_store (self->context));
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_SESSIONS_SECTION);
  spa_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->client);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spa_sessions_section_parent_class)->dispose (object);
}

static void
spa_sessions_section_class_init (SpaSessionsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_sessions_section_dispose;

  g_type_ensure (SPA_TYPE_NOTE_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-sessions-section.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaSessionsSection, stack);
  gtk_widget_class_bind_template_child (widget_class, SpaSessionsSection, count_label);
  gtk_widget_class_bind_template_child (widget_class, SpaSessionsSection, notes_list);
  gtk_widget_class_bind_template_child (widget_class, SpaSessionsSection, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SpaSessionsSection, editor);
  gtk_widget_class_bind_template_callback (widget_class, note_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_saved_cb);

  gtk_widget_class_install_action (widget_class, "sessions.new-note", NULL, new_note_action);
  gtk_widget_class_install_action (widget_class, "sessions.show-list", NULL, show_list_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
spa_sessions_section_init (SpaSessionsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
spa_sessions_section_set_context (SpaSessionsSection *self,
                                  SpaContext         *context)
{
  g_return_if_fail (SPA_IS_SESSIONS_SECTION (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  spa_note_editor_set_context (self->editor, context);
  self->therapist_changed_id = g_signal_connect_object (spa_context_get_store (context),
                                                        "changed::therapist",
                                                        G_CALLBACK (store_changed_cb), self,
                                                        G_CONNECT_SWAPPED);
  self->note_changed_id = g_signal_connect_object (spa_context_get_store (context),
                                                   "changed::session_note",
                                                   G_CALLBACK (store_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
}

static void
spa_sessions_section_set_client (SpaSessionsSection *self,
                                 SpaRecord          *client)
{
  g_return_if_fail (SPA_IS_SESSIONS_SECTION (self));

  if (client != NULL && self->client != NULL &&
      g_strcmp0 (spa_record_get_id (client), spa_record_get_id (self->client)) == 0)
    {
      g_set_object (&self->client, client);
      return;
    }

  spa_note_editor_flush (self->editor);
  g_set_object (&self->client, client);
  gtk_stack_set_visible_child_name (self->stack, "list");
  spa_note_editor_set_note (self->editor, NULL);
  reload (self);
}

SpaNoteEditor *
spa_sessions_section_get_editor (SpaSessionsSection *self)
{
  g_return_val_if_fail (SPA_IS_SESSIONS_SECTION (self), NULL);
  return self->editor;
}

GtkListBox *
spa_sessions_section_get_list (SpaSessionsSection *self)
{
  g_return_val_if_fail (SPA_IS_SESSIONS_SECTION (self), NULL);
  return self->notes_list;
}


static void
spa_sessions_section_section_iface_init (SpaClientSectionInterface *iface)
{
  iface->set_context = (gpointer)spa_sessions_section_set_context;
  iface->set_client = (gpointer)spa_sessions_section_set_client;
  iface->focus = (gpointer)spa_sessions_section_open_note;
}
