/* spa-intake-editor.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-intake-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-intake-editor.h"
#include "spa-intake-editor-private.h"
#include "spa-widget-util.h"

/*
 * One intake form. A draft saves itself a second after each change (and when the
 * form goes away), so nothing typed with a client is lost; "Complete Intake" records
 * the consent and makes it the client's current intake. A completed intake is shown
 * read-only: a later visit starts a new intake instead.
 */
struct _SpaIntakeEditor
{
  GtkWidget             parent_instance;

  /* Template widgets */
  AdwEntryRow          *reason_row;
  AdwEntryRow          *goals_row;
  SpaBodyMap           *body_map;
  GtkLabel             *pain_areas_error;
  GtkFlowBox           *pressure_box;
  AdwPreferencesGroup  *health_group;
  AdwActionRow         *pregnancy_row;
  GtkSpinButton        *pregnancy_spin;
  GtkLabel             *pregnancy_weeks_error;
  AdwEntryRow          *recent_injury_row;
  AdwEntryRow          *medications_row;
  AdwEntryRow          *allergies_row;
  AdwEntryRow          *consent_name_row;
  GtkLabel             *consent_name_error;
  GtkLabel             *status_label;
  GtkButton            *complete_button;

  /* Owned */
  SpaContext           *context;
  SpaIntakeDraft       *draft;        /* the intake being edited and its autosave */
  GHashTable           *conditions;   /* code → GtkCheckButton */
  GHashTable           *pressures;    /* code → GtkToggleButton */
  gboolean              loading;
};

G_DEFINE_FINAL_TYPE (SpaIntakeEditor, spa_intake_editor, GTK_TYPE_WIDGET)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The intake as last saved or edited, or NULL. */
static SpaRecord *
intake_of (SpaIntakeEditor *self)
{
  return self->draft ? spa_record_draft_get_record (SPA_RECORD_DRAFT (self->draft)) : NULL;
}

gboolean
spa_intake_editor_is_read_only (SpaIntakeEditor *self)
{
  g_return_val_if_fail (SPA_IS_INTAKE_EDITOR (self), TRUE);

  return self->draft == NULL || spa_record_draft_is_read_only (SPA_RECORD_DRAFT (self->draft));
}

/* Copies the form into the record, marking only what really changed. */
static void
read_form (SpaIntakeEditor *self)
{
  SpaRecord *r = intake_of (self);
  g_autoptr(JsonNode) pain = spa_body_map_dup_pain_areas (self->body_map);
  g_autoptr(JsonNode) avoid = spa_body_map_dup_avoid_areas (self->body_map);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) codes = NULL;
  g_auto(GStrv) old_codes = NULL;
  const char *pressure = NULL;
  guint n;
  const SpaVocabEntry *entries;
  gboolean pregnant;

  spa_record_update_text (r, SPA_INTAKE_REASON,
                          gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));
  spa_record_update_text (r, SPA_INTAKE_GOALS,
                          gtk_editable_get_text (GTK_EDITABLE (self->goals_row)));
  spa_record_update_json (r, SPA_INTAKE_PAIN_AREAS, pain);
  spa_record_update_json (r, SPA_INTAKE_AVOID_AREAS, avoid);

  entries = spa_vocab_pressures (&n);
  for (guint i = 0; i < n; i++)
    if (gtk_toggle_button_get_active (g_hash_table_lookup (self->pressures, entries[i].code)))
      pressure = entries[i].code;
  if (g_strcmp0 (pressure, spa_intake_get_pressure (r)) != 0)
    {
      if (pressure)
        spa_record_set_string (r, SPA_INTAKE_PRESSURE, pressure);
      else
        spa_record_set_null (r, SPA_INTAKE_PRESSURE);
    }

  entries = spa_vocab_conditions (&n);
  for (guint i = 0; i < n; i++)
    if (gtk_check_button_get_active (g_hash_table_lookup (self->conditions, entries[i].code)))
      g_strv_builder_add (builder, entries[i].code);
  codes = g_strv_builder_end (builder);
  old_codes = spa_record_get_strv (r, SPA_INTAKE_CONDITIONS);
  if (!g_strv_equal ((const char * const *)codes, (const char * const *)old_codes))
    spa_record_set_strv (r, SPA_INTAKE_CONDITIONS, (const char * const *)codes);

  pregnant = g_strv_contains ((const char * const *)codes, "pregnancy");
  spa_record_update_int (r, SPA_INTAKE_PREGNANCY_WEEKS,
                         gtk_spin_button_get_value_as_int (self->pregnancy_spin),
                         pregnant && gtk_spin_button_get_value_as_int (self->pregnancy_spin) > 0);

  spa_record_update_text (r, SPA_INTAKE_RECENT_INJURY,
                          gtk_editable_get_text (GTK_EDITABLE (self->recent_injury_row)));
  spa_record_update_text (r, SPA_INTAKE_MEDICATIONS,
                          gtk_editable_get_text (GTK_EDITABLE (self->medications_row)));
  spa_record_update_text (r, SPA_INTAKE_ALLERGIES,
                          gtk_editable_get_text (GTK_EDITABLE (self->allergies_row)));
  spa_record_update_text (r, SPA_INTAKE_CONSENT_NAME,
                          gtk_editable_get_text (GTK_EDITABLE (self->consent_name_row)));
}

static void
show_errors (SpaIntakeEditor *self,
             GHashTable      *errors)
{
  const char *areas = g_hash_table_lookup (errors, "pain_areas");

  if (areas == NULL)
    areas = g_hash_table_lookup (errors, "avoid_areas");
  spa_widget_show_error (self->pain_areas_error, NULL, areas, SPA_SHOW_ERROR_PLAIN);
  spa_widget_show_error (self->pregnancy_weeks_error, GTK_WIDGET (self->pregnancy_row),
                         g_hash_table_lookup (errors, "pregnancy_weeks"),
                         SPA_SHOW_ERROR_PLAIN);
  spa_widget_show_error (self->consent_name_error, GTK_WIDGET (self->consent_name_row),
                         g_hash_table_lookup (errors, "consent_name"),
                         SPA_SHOW_ERROR_PLAIN);
}

static void
update_status (SpaIntakeEditor *self)
{
  g_autofree char *text = NULL;
  SpaRecord *intake = intake_of (self);
  const char *completed = intake ? spa_intake_get_completed_at (intake) : NULL;

  if (completed != NULL)
    {
      g_autoptr(GDateTime) utc = spa_time_parse_utc (completed);
      g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, spa_context_get_time_zone (self->context)) : NULL;
      g_autofree char *when = local ? spa_format_date_time (local) : g_strdup (completed);

      text = g_strdup_printf (_("Completed %s; consent given by %s. Completed intakes are read-only: start a new intake to record changes."),
                              when, spa_intake_get_consent_name (intake_of (self)));
    }
  else if (intake_of (self) != NULL && spa_record_is_stored (intake_of (self)))
    text = g_strdup (_("Draft, saved automatically. Complete the intake once the client has consented."));
  else
    text = g_strdup (_("New intake. It is saved as a draft as soon as you type."));

  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->complete_button), !spa_intake_editor_is_read_only (self));
}

static void
draft_saved_cb (SpaIntakeEditor *self)
{
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);

  show_errors (self, none);
  update_status (self);
  g_signal_emit (self, signals[SAVED], 0);
}

static void
draft_failed_cb (SpaIntakeEditor *self)
{
  SpaRecordDraft *draft = SPA_RECORD_DRAFT (self->draft);

  show_errors (self, spa_record_draft_get_errors (draft));
  if (spa_record_draft_get_message (draft) != NULL)
    gtk_label_set_label (self->status_label, spa_record_draft_get_message (draft));
}

/**
 * spa_intake_editor_flush:
 *
 * Saves the draft now instead of waiting for the typing pause.
 *
 * Returns: %FALSE if something could not be saved (the form shows why)
 */
gboolean
spa_intake_editor_flush (SpaIntakeEditor *self)
{
  g_return_val_if_fail (SPA_IS_INTAKE_EDITOR (self), FALSE);

  return self->draft == NULL || spa_record_draft_flush (SPA_RECORD_DRAFT (self->draft));
}

static void
field_changed_cb (SpaIntakeEditor *self)
{
  g_autoptr(GHashTable) errors = NULL;
  gboolean pregnant;

  pregnant = gtk_check_button_get_active (g_hash_table_lookup (self->conditions, "pregnancy"));
  gtk_widget_set_visible (GTK_WIDGET (self->pregnancy_row), pregnant);

  if (self->loading || spa_intake_editor_is_read_only (self))
    return;

  /* Errors show at once; the save waits for a pause in typing. */
  read_form (self);
  errors = spa_intake_draft_check_answers (self->draft);
  show_errors (self, errors);
  spa_record_draft_changed (SPA_RECORD_DRAFT (self->draft));
}

static void load (SpaIntakeEditor *self);

static void
show_completion_error (SpaIntakeEditor *self,
                       GError          *error)
{
  g_autoptr(GHashTable) errors = g_hash_table_new (g_str_hash, g_str_equal);
  const char *field = spa_validation_error_get_field (error);

  g_hash_table_insert (errors, (gpointer)(field ? field : "consent_name"), error->message);
  show_errors (self, errors);
  if (field == NULL || g_str_equal (field, "consent_name"))
    gtk_widget_grab_focus (GTK_WIDGET (self->consent_name_row));
}

static void
complete_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      SpaIntakeEditor  *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "complete") || spa_intake_editor_is_read_only (self))
    return;

  read_form (self);
  if (!spa_intake_draft_complete (self->draft, &error))
    {
      show_completion_error (self, error);
      return;
    }

  load (self);
  g_signal_emit (self, signals[SAVED], 0);
}

/* Consent is the client's, in their own name, and completing cannot be undone: the
 * name must match the client's file, then the completion is confirmed. */
static void
complete_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SpaIntakeEditor *self = SPA_INTAKE_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) errors = NULL;
  GtkWidget *dialog;

  if (spa_intake_editor_is_read_only (self))
    return;

  read_form (self);
  /* What was typed is saved now: saved after the typing pause, it would clear the
   * messages shown here a moment later. */
  spa_intake_editor_flush (self);
  errors = spa_intake_draft_check_answers (self->draft);
  if (g_hash_table_size (errors) > 0)
    {
      show_errors (self, errors);
      return;
    }
  if (!spa_intake_draft_check_consent (self->draft, &error))
    {
      show_completion_error (self, error);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Complete Intake?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s confirms that these answers are theirs and consents to "
                                    "treatment. A completed intake can no longer be changed."),
                                  spa_intake_get_consent_name (intake_of (self)));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "complete", _("C_omplete Intake"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "complete", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "complete");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (complete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_editable (SpaIntakeEditor *self,
              gboolean         editable)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->reason_row), GTK_WIDGET (self->goals_row),
    GTK_WIDGET (self->recent_injury_row), GTK_WIDGET (self->medications_row),
    GTK_WIDGET (self->allergies_row), GTK_WIDGET (self->consent_name_row),
  };
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_editable_set_editable (GTK_EDITABLE (rows[i]), editable);

  g_hash_table_iter_init (&iter, self->conditions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    gtk_widget_set_sensitive (value, editable);
  g_hash_table_iter_init (&iter, self->pressures);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    gtk_widget_set_sensitive (value, editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pregnancy_spin), editable);
  spa_body_map_set_mode (self->body_map, editable ? SPA_BODY_MAP_MODE_PAIN : SPA_BODY_MAP_MODE_VIEW);
}

static void
load (SpaIntakeEditor *self)
{
  SpaRecord *r = intake_of (self);
  g_auto(GStrv) conditions = NULL;
  GHashTableIter iter;
  gpointer key, value;
  const char *pressure;

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), r ? spa_intake_get_reason (r) ?: "" : "");
  gtk_editable_set_text (GTK_EDITABLE (self->goals_row), r ? spa_intake_get_goals (r) ?: "" : "");
  gtk_editable_set_text (GTK_EDITABLE (self->recent_injury_row),
                         r ? spa_intake_get_recent_injury (r) ?: "" : "");
  gtk_editable_set_text (GTK_EDITABLE (self->medications_row),
                         r ? spa_intake_get_medications (r) ?: "" : "");
  gtk_editable_set_text (GTK_EDITABLE (self->allergies_row),
                         r ? spa_intake_get_allergies (r) ?: "" : "");
  gtk_editable_set_text (GTK_EDITABLE (self->consent_name_row),
                         r ? spa_intake_get_consent_name (r) ?: "" : "");
  spa_body_map_set_pain_areas (self->body_map,
                               r ? spa_record_get_json (r, SPA_INTAKE_PAIN_AREAS) : NULL);
  spa_body_map_set_avoid_areas (self->body_map,
                                r ? spa_record_get_json (r, SPA_INTAKE_AVOID_AREAS) : NULL);

  pressure = r ? spa_intake_get_pressure (r) : NULL;
  g_hash_table_iter_init (&iter, self->pressures);
  while (g_hash_table_iter_next (&iter, &key, &value))
    gtk_toggle_button_set_active (value, g_strcmp0 (key, pressure) == 0);

  conditions = r ? spa_record_get_strv (r, SPA_INTAKE_CONDITIONS) : NULL;
  g_hash_table_iter_init (&iter, self->conditions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    gtk_check_button_set_active (value, conditions && g_strv_contains ((const char * const *)conditions, key));
  gtk_spin_button_set_value (self->pregnancy_spin, r ? spa_intake_get_pregnancy_weeks (r, 0) : 0);

  self->loading = FALSE;

  field_changed_cb (self);   /* visibility of dependent rows */
  if (self->draft != NULL)
    spa_record_draft_settle (SPA_RECORD_DRAFT (self->draft));
  {
    g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
    show_errors (self, none);
  }
  set_editable (self, !spa_intake_editor_is_read_only (self));
  update_status (self);
}

static void
build_choices (SpaIntakeEditor *self)
{
  guint n;
  const SpaVocabEntry *entries = spa_vocab_pressures (&n);
  GtkWidget *group = NULL;

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (_(entries[i].label));

      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (group));
      else
        group = button;
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (field_changed_cb), self);
      gtk_flow_box_append (self->pressure_box, button);
      /* The button takes the focus, not the flow box's cell around it. */
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
      g_hash_table_insert (self->pressures, (gpointer)entries[i].code, button);
    }

  entries = spa_vocab_conditions (&n);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(entries[i].label));
      if (entries[i].alert)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Shown as an alert"));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (field_changed_cb), self);
      adw_preferences_group_add (self->health_group, row);
      g_hash_table_insert (self->conditions, (gpointer)entries[i].code, check);
    }
}

static void
spa_intake_editor_unmap (GtkWidget *widget)
{
  /* Leaving the form (another client, another section, closing) saves the draft. */
  spa_intake_editor_flush (SPA_INTAKE_EDITOR (widget));
  GTK_WIDGET_CLASS (spa_intake_editor_parent_class)->unmap (widget);
}

static void
spa_intake_editor_dispose (GObject *object)
{
  SpaIntakeEditor *self = SPA_INTAKE_EDITOR (object);

  spa_intake_editor_flush (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_INTAKE_EDITOR);
  spa_widget_unparent_children (GTK_WIDGET (self));
  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_data (self->draft, self);
  g_clear_object (&self->draft);
  g_clear_object (&self->context);
  g_clear_pointer (&self->conditions, g_hash_table_unref);
  g_clear_pointer (&self->pressures, g_hash_table_unref);

  G_OBJECT_CLASS (spa_intake_editor_parent_class)->dispose (object);
}

static void
spa_intake_editor_class_init (SpaIntakeEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_intake_editor_dispose;
  widget_class->unmap = spa_intake_editor_unmap;

  /**
   * SpaIntakeEditor::saved:
   *
   * The intake was written to the store (a draft saved, or completed).
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SPA_TYPE_BODY_MAP);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-intake-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeEditor, reason_row);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeEditor, goals_row);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeEditor, body_map);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeEditor, pain_areas_error);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeEditor, pressure_box);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeEditor, health_group);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeEditor, pregnancy_row);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeEditor, pregnancy_spin);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeEditor, pregnancy_weeks_error);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeEditor, recent_injury_row);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeEditor, medications_row);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeEditor, allergies_row);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeEditor, consent_name_row);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeEditor, consent_name_error);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeEditor, complete_button);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_install_action (widget_class, "intake.complete", NULL, complete_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
spa_intake_editor_init (SpaIntakeEditor *self)
{
  self->conditions = g_hash_table_new (g_str_hash, g_str_equal);
  self->pressures = g_hash_table_new (g_str_hash, g_str_equal);
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  build_choices (self);
  self->loading = FALSE;
}

void
spa_intake_editor_set_context (SpaIntakeEditor *self,
                               SpaContext      *context)
{
  g_return_if_fail (SPA_IS_INTAKE_EDITOR (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  self->draft = spa_intake_draft_new (spa_context_get_store (context));
  g_signal_connect_swapped (self->draft, "saved", G_CALLBACK (draft_saved_cb), self);
  g_signal_connect_swapped (self->draft, "failed", G_CALLBACK (draft_failed_cb), self);
}

/**
 * spa_intake_editor_set_intake:
 * @intake: (nullable): the intake to show; the editor edits its own copy
 *
 * Saves any pending draft of the previous intake first.
 */
void
spa_intake_editor_set_intake (SpaIntakeEditor *self,
                              SpaRecord       *intake)
{
  g_return_if_fail (SPA_IS_INTAKE_EDITOR (self));
  g_return_if_fail (self->context != NULL);

  spa_record_draft_set_record (SPA_RECORD_DRAFT (self->draft), intake);
  load (self);
}

/**
 * spa_intake_editor_get_intake:
 *
 * Returns: (transfer none) (nullable): the intake as last saved or edited
 */
SpaRecord *
spa_intake_editor_get_intake (SpaIntakeEditor *self)
{
  g_return_val_if_fail (SPA_IS_INTAKE_EDITOR (self), NULL);
  return intake_of (self);
}

SpaBodyMap *
spa_intake_editor_get_body_map (SpaIntakeEditor *self)
{
  g_return_val_if_fail (SPA_IS_INTAKE_EDITOR (self), NULL);
  return self->body_map;
}

/**
 * spa_intake_editor_get_field:
 * @field: reason, goals, recent_injury, medications, allergies or consent_name
 *
 * Returns: (transfer none) (nullable): the field's entry
 */
GtkEditable *
spa_intake_editor_get_field (SpaIntakeEditor *self,
                             const char      *field)
{
  const struct { const char *name; gsize offset; } fields[] = {
    { "reason", G_STRUCT_OFFSET (SpaIntakeEditor, reason_row) },
    { "goals", G_STRUCT_OFFSET (SpaIntakeEditor, goals_row) },
    { "recent_injury", G_STRUCT_OFFSET (SpaIntakeEditor, recent_injury_row) },
    { "medications", G_STRUCT_OFFSET (SpaIntakeEditor, medications_row) },
    { "allergies", G_STRUCT_OFFSET (SpaIntakeEditor, allergies_row) },
    { "consent_name", G_STRUCT_OFFSET (SpaIntakeEditor, consent_name_row) },
  };

  g_return_val_if_fail (SPA_IS_INTAKE_EDITOR (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].name, field))
      return GTK_EDITABLE (G_STRUCT_MEMBER (gpointer, self, fields[i].offset));
  return NULL;
}

GtkCheckButton *
spa_intake_editor_get_condition (SpaIntakeEditor *self,
                                 const char      *code)
{
  g_return_val_if_fail (SPA_IS_INTAKE_EDITOR (self), NULL);
  return g_hash_table_lookup (self->conditions, code);
}

GtkToggleButton *
spa_intake_editor_get_pressure (SpaIntakeEditor *self,
                                const char      *code)
{
  g_return_val_if_fail (SPA_IS_INTAKE_EDITOR (self), NULL);
  return g_hash_table_lookup (self->pressures, code);
}

GtkSpinButton *
spa_intake_editor_get_pregnancy_weeks (SpaIntakeEditor *self)
{
  g_return_val_if_fail (SPA_IS_INTAKE_EDITOR (self), NULL);
  return self->pregnancy_spin;
}

/**
 * spa_intake_editor_get_error:
 *
 * Returns: (nullable): the message shown for @field, if any
 */
const char *
spa_intake_editor_get_error (SpaIntakeEditor *self,
                             const char      *field)
{
  GtkLabel *label = NULL;

  g_return_val_if_fail (SPA_IS_INTAKE_EDITOR (self), NULL);

  if (g_str_equal (field, "pain_areas") || g_str_equal (field, "avoid_areas"))
    label = self->pain_areas_error;
  else if (g_str_equal (field, "pregnancy_weeks"))
    label = self->pregnancy_weeks_error;
  else if (g_str_equal (field, "consent_name"))
    label = self->consent_name_error;

  if (label == NULL || !gtk_widget_get_visible (GTK_WIDGET (label)))
    return NULL;
  return gtk_label_get_label (label);
}

/**
 * spa_intake_editor_get_draft:
 *
 * Returns: (transfer none): the draft that saves the intake after each typing pause
 */
SpaIntakeDraft *
spa_intake_editor_get_draft (SpaIntakeEditor *self)
{
  g_return_val_if_fail (SPA_IS_INTAKE_EDITOR (self), NULL);
  return self->draft;
}
