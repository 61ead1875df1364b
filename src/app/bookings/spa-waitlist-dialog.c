/* spa-waitlist-dialog.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-waitlist-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-waitlist-dialog.h"
#include "spa-widget-util.h"

/*
 * "Add to Waitlist": the client (searched as in the booking dialog), the service, one
 * therapist or any, the days and times that suit and the last day. The rules are the
 * core's form model (SpaWaitlistDraft): once Add has been pressed, each problem it
 * finds shows next to its field, and nothing is saved until there are none.
 */

struct _SpaWaitlistDialog
{
  AdwWindow         parent_instance;

  /* Template widgets */
  AdwEntryRow      *client_row;
  GtkListBox       *client_results;
  AdwComboRow      *service_row;
  AdwComboRow      *therapist_row;
  GtkFlowBox       *days_box;
  AdwEntryRow      *earliest_row;
  AdwEntryRow      *latest_row;
  AdwEntryRow      *until_row;
  AdwEntryRow      *notes_row;
  GtkLabel         *client_id_error;
  GtkLabel         *service_id_error;
  GtkLabel         *therapist_id_error;
  GtkLabel         *earliest_error;
  GtkLabel         *latest_error;
  GtkLabel         *until_error;
  GtkLabel         *save_error;

  /* Owned */
  SpaContext       *context;
  SpaWaitlistDraft *draft;
  GPtrArray        *service_ids;    /* parallel to service_row, first NULL */
  GPtrArray        *therapist_ids;  /* parallel to therapist_row, first NULL: any */
  gboolean          loading;
  gboolean          tried;          /* Add was pressed: show problems as they change */
};

G_DEFINE_FINAL_TYPE (SpaWaitlistDialog, spa_waitlist_dialog, ADW_TYPE_WINDOW)

static const struct { const char *code; const char *label; } weekdays[] = {
  { "mon", NC_("weekday", "Mon") },
  { "tue", NC_("weekday", "Tue") },
  { "wed", NC_("weekday", "Wed") },
  { "thu", NC_("weekday", "Thu") },
  { "fri", NC_("weekday", "Fri") },
  { "sat", NC_("weekday", "Sat") },
  { "sun", NC_("weekday", "Sun") },
};

static SpaStore *
get_store (SpaWaitlistDialog *self)
{
  return spa_context_get_store (self->context);
}

static char *
today (SpaWaitlistDialog *self)
{
  g_autoptr(GDateTime) now = spa_context_now (self->context);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now,
                                                        spa_context_get_time_zone (self->context));

  return g_date_time_format (local, "%Y-%m-%d");
}

/* Everything but the client, which is set when one is picked. */
static void
read_fields (SpaWaitlistDialog *self)
{
  guint service = adw_combo_row_get_selected (self->service_row);
  guint therapist = adw_combo_row_get_selected (self->therapist_row);
  g_autoptr(GPtrArray) days = g_ptr_array_new ();
  guint i;

  spa_waitlist_draft_set_service_id (self->draft, service < self->service_ids->len ?
                                     self->service_ids->pdata[service] : NULL);
  spa_waitlist_draft_set_therapist_id (self->draft, therapist < self->therapist_ids->len ?
                                       self->therapist_ids->pdata[therapist] : NULL);
  for (i = 0; i < G_N_ELEMENTS (weekdays); i++)
    {
      GtkFlowBoxChild *cell = gtk_flow_box_get_child_at_index (self->days_box, i);

      if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (gtk_flow_box_child_get_child (cell))))
        g_ptr_array_add (days, (gpointer)weekdays[i].code);
    }
  g_ptr_array_add (days, NULL);
  spa_waitlist_draft_set_days (self->draft, (const char * const *)days->pdata);
  spa_waitlist_draft_set_earliest (self->draft,
                                   gtk_editable_get_text (GTK_EDITABLE (self->earliest_row)));
  spa_waitlist_draft_set_latest (self->draft,
                                 gtk_editable_get_text (GTK_EDITABLE (self->latest_row)));
  spa_waitlist_draft_set_until (self->draft,
                                gtk_editable_get_text (GTK_EDITABLE (self->until_row)));
  spa_waitlist_draft_set_notes (self->draft,
                                gtk_editable_get_text (GTK_EDITABLE (self->notes_row)));
}

/* Returns: whether nothing is wrong */
static gboolean
show_problems (SpaWaitlistDialog *self)
{
  g_autofree char *day = today (self);
  g_autoptr(GHashTable) problems = NULL;
  const struct
  {
    const char *field;
    GtkLabel   *label;
    GtkWidget  *row;
  } fields[] = {
    { SPA_WAITLIST_CLIENT_ID, self->client_id_error, GTK_WIDGET (self->client_row) },
    { SPA_WAITLIST_SERVICE_ID, self->service_id_error, GTK_WIDGET (self->service_row) },
    { SPA_WAITLIST_THERAPIST_ID, self->therapist_id_error, GTK_WIDGET (self->therapist_row) },
    { SPA_WAITLIST_EARLIEST, self->earliest_error, GTK_WIDGET (self->earliest_row) },
    { SPA_WAITLIST_LATEST, self->latest_error, GTK_WIDGET (self->latest_row) },
    { SPA_WAITLIST_UNTIL, self->until_error, GTK_WIDGET (self->until_row) },
  };

  read_fields (self);
  problems = spa_waitlist_draft_check (self->draft, day);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    spa_widget_show_error (fields[i].label, fields[i].row,
                           g_hash_table_lookup (problems, fields[i].field),
                           SPA_SHOW_ERROR_DESCRIBE);
  return g_hash_table_size (problems) == 0;
}

static void
field_changed_cb (SpaWaitlistDialog *self)
{
  if (!self->loading && self->tried)
    show_problems (self);
}

static void
set_client (SpaWaitlistDialog *self,
            SpaRecord         *client)
{
  g_autofree char *name = spa_client_dup_display_name (client);

  spa_waitlist_draft_set_client_id (self->draft, spa_record_get_id (client));
  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->client_row), name);
  gtk_editable_set_position (GTK_EDITABLE (self->client_row), -1);
  self->loading = FALSE;
  spa_list_box_remove_all (self->client_results);
  gtk_widget_set_visible (GTK_WIDGET (self->client_results), FALSE);
  field_changed_cb (self);
}

static void
client_search_changed_cb (SpaWaitlistDialog *self)
{
  if (self->loading)
    return;

  /* Typing again means looking for somebody else. */
  spa_waitlist_draft_set_client_id (self->draft, NULL);
  spa_client_results_fill (self->client_results, get_store (self),
                           gtk_editable_get_text (GTK_EDITABLE (self->client_row)));
  field_changed_cb (self);
}

static void
client_result_activated_cb (SpaWaitlistDialog *self,
                            GtkListBoxRow     *row)
{
  set_client (self, g_object_get_data (G_OBJECT (row), "client"));
  gtk_widget_grab_focus (GTK_WIDGET (self->service_row));
}

static void
client_search_activated_cb (SpaWaitlistDialog *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->client_results, 0);

  if (first != NULL && gtk_widget_get_visible (GTK_WIDGET (self->client_results)))
    client_result_activated_cb (self, first);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SpaWaitlistDialog *self = SPA_WAITLIST_DIALOG (widget);
  g_autofree char *day = today (self);
  g_autoptr(SpaRecord) entry = NULL;
  g_autoptr(GError) error = NULL;

  self->tried = TRUE;
  if (!show_problems (self))
    return;
  entry = spa_waitlist_draft_save (self->draft, day, &error);
  if (entry == NULL)
    {
      /* Nothing typed is lost: the dialog stays open with the reason. */
      spa_widget_show_error (self->save_error, NULL, error->message, SPA_SHOW_ERROR_PLAIN);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
spa_waitlist_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SPA_TYPE_WAITLIST_DIALOG);

  G_OBJECT_CLASS (spa_waitlist_dialog_parent_class)->dispose (object);
}

static void
spa_waitlist_dialog_finalize (GObject *object)
{
  SpaWaitlistDialog *self = SPA_WAITLIST_DIALOG (object);

  g_clear_object (&self->context);
  g_clear_object (&self->draft);
  g_clear_pointer (&self->service_ids, g_ptr_array_unref);
  g_clear_pointer (&self->therapist_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (spa_waitlist_dialog_parent_class)->finalize (object);
}

static void
spa_waitlist_dialog_class_init (SpaWaitlistDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_waitlist_dialog_dispose;
  object_class->finalize = spa_waitlist_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/spa-waitlist-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistDialog, client_row);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistDialog, client_results);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistDialog, service_row);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistDialog, therapist_row);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistDialog, days_box);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistDialog, earliest_row);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistDialog, latest_row);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistDialog, until_row);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistDialog, notes_row);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistDialog, client_id_error);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistDialog, service_id_error);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistDialog, therapist_id_error);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistDialog, earliest_error);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistDialog, latest_error);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistDialog, until_error);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistDialog, save_error);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_result_activated_cb);

  gtk_widget_class_install_action (widget_class, "waitlist-dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "waitlist-dialog.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
spa_waitlist_dialog_init (SpaWaitlistDialog *self)
{
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->service_ids = g_ptr_array_new_with_free_func (g_free);
  self->therapist_ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (weekdays); i++)
    {
      GtkWidget *toggle = gtk_toggle_button_new_with_label (g_dpgettext2 (NULL, "weekday",
                                                                          weekdays[i].label));

      g_signal_connect_swapped (toggle, "toggled", G_CALLBACK (field_changed_cb), self);
      gtk_flow_box_append (self->days_box, toggle);
      /* The button takes the focus, not the flow box's cell around it. */
      gtk_widget_set_focusable (gtk_widget_get_parent (toggle), FALSE);
    }
}

static void
fill_choices (SpaWaitlistDialog *self,
              AdwComboRow       *row,
              GPtrArray         *ids,
              const char        *entity,
              const char        *first_label)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) records = spa_store_list_active (get_store (self), entity, NULL, NULL);

  gtk_string_list_append (names, first_label);
  g_ptr_array_add (ids, NULL);
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      SpaRecord *record = records->pdata[i];

      gtk_string_list_append (names, spa_record_get_string (record, "name"));
      g_ptr_array_add (ids, g_strdup (spa_record_get_id (record)));
    }
  adw_combo_row_set_model (row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (row, 0);
}

/**
 * spa_waitlist_dialog_new:
 *
 * Returns: (transfer none): the dialog (a toplevel window); the last day that suits
 *   starts four weeks from today
 */
SpaWaitlistDialog *
spa_waitlist_dialog_new (SpaContext *context)
{
  SpaWaitlistDialog *self;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autofree char *until = NULL;

  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  self = g_object_new (SPA_TYPE_WAITLIST_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->draft = spa_waitlist_draft_new (get_store (self));
  fill_choices (self, self->service_row, self->service_ids, "service", _("Choose a service"));
  fill_choices (self, self->therapist_row, self->therapist_ids, "therapist", _("Any therapist"));

  now = spa_context_now (context);
  later = g_date_time_add_weeks (now, 4);
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (later,
                                                          spa_context_get_time_zone (context));

    until = g_date_time_format (local, "%Y-%m-%d");
  }
  gtk_editable_set_text (GTK_EDITABLE (self->until_row), until);
  self->loading = FALSE;
  return self;
}
