/* spa-client-dialog.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-client-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-client-dialog.h"
#include "spa-client-dialog-private.h"
#include "spa-widget-util.h"

/* The text fields of the form, in the order of the template. */
static const char *text_fields[] = {
  "first_name", "last_name", "preferred_name", "pronouns", "phone", "email", "address",
  "allergies", "medications", "emergency_contact_name", "emergency_contact_phone",
  "date_of_birth", "notes",
};

/* Fields whose errors have a label of their own under their group. */
static const char *checked_fields[] = {
  "first_name", "phone", "email", "emergency_contact_phone", "date_of_birth",
};

struct _SpaClientDialog
{
  AdwWindow         parent_instance;

  /* Template widgets */
  GtkWidget        *save_button;
  AdwExpanderRow   *conditions_row;
  GtkSwitch        *marketing_switch;
  GtkSwitch        *reminder_switch;
  AdwComboRow      *language_row;

  /* Owned */
  SpaContext       *context;
  SpaRecord        *original;   /* NULL for a new client */
  GHashTable       *rows;       /* field -> AdwEntryRow */
  GHashTable       *errors;     /* field -> GtkLabel */
  GHashTable       *messages;   /* field -> current message */
  GHashTable       *touched;    /* fields the user has edited */
  GPtrArray        *condition_checks;
  gboolean          saved;
  gboolean          loading;
};

G_DEFINE_FINAL_TYPE (SpaClientDialog, spa_client_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
row_text (SpaClientDialog *self,
          const char      *field)
{
  return gtk_editable_get_text (GTK_EDITABLE (g_hash_table_lookup (self->rows, field)));
}

/* The record as the form says it should be: the original with the user's edits. Only
 * fields whose value really differs are set, so the outbox carries real changes. */
static SpaRecord *
build_record (SpaClientDialog *self)
{
  SpaRecord *record = self->original ? spa_record_copy (self->original)
                                      : spa_record_new (SPA_CLIENT_ENTITY);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) conditions = NULL;
  g_auto(GStrv) old_conditions = spa_record_get_strv (record, SPA_CLIENT_CONDITIONS);
  guint n_languages;
  const char *const *languages = spa_client_email_languages (&n_languages);
  const char *language;

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (row_text (self, text_fields[i])));
      const char *old = spa_record_get_string (record, text_fields[i]);

      if (g_strcmp0 (old ? old : "", text) == 0)
        continue;

      if (*text == '\0')
        spa_record_set_null (record, text_fields[i]);
      else
        spa_record_set_string (record, text_fields[i], text);
    }

  for (guint i = 0; i < self->condition_checks->len; i++)
    {
      GtkCheckButton *check = self->condition_checks->pdata[i];

      if (gtk_check_button_get_active (check))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "code"));
    }
  /* Keep codes this desk does not know (from a newer version) as they were. */
  for (guint i = 0; old_conditions[i]; i++)
    if (!spa_vocab_is_condition (old_conditions[i]))
      g_strv_builder_add (builder, old_conditions[i]);
  conditions = g_strv_builder_end (builder);
  if (!g_strv_equal ((const char * const *)conditions, (const char * const *)old_conditions))
    spa_record_set_strv (record, SPA_CLIENT_CONDITIONS, (const char * const *)conditions);

  if (gtk_switch_get_active (self->marketing_switch) != spa_client_get_marketing_consent (record))
    spa_record_set_boolean (record, SPA_CLIENT_MARKETING_CONSENT,
                            gtk_switch_get_active (self->marketing_switch));

  if (gtk_switch_get_active (self->reminder_switch) != spa_client_get_reminder_opt_in (record))
    spa_record_set_boolean (record, SPA_CLIENT_REMINDER_OPT_IN,
                            gtk_switch_get_active (self->reminder_switch));

  language = languages[MIN (adw_combo_row_get_selected (self->language_row), n_languages - 1)];
  /* Unset is English: a client who was never asked keeps no value. */
  if (g_strcmp0 (language, spa_client_get_language (record) ? spa_client_get_language (record)
                                                           : languages[0]) != 0)
    spa_record_set_string (record, SPA_CLIENT_LANGUAGE, language);

  return record;
}

static void
validate (SpaClientDialog *self)
{
  g_autoptr(SpaRecord) record = build_record (self);
  g_autoptr(GHashTable) messages = NULL;
  gboolean changed = self->original == NULL || spa_record_is_changed (record);

  messages = spa_validate_collect_errors (spa_context_get_store (self->context), record);

  for (guint i = 0; i < G_N_ELEMENTS (checked_fields); i++)
    {
      const char *field = checked_fields[i];
      const char *message = g_hash_table_lookup (messages, field);
      GtkWidget *label = g_hash_table_lookup (self->errors, field);
      GtkWidget *row = g_hash_table_lookup (self->rows, field);
      /* A required field left empty is only pointed out once the user has been there. */
      gboolean show = message != NULL &&
                      (g_hash_table_contains (self->touched, field) || !spa_str_empty (row_text (self, field)));

      spa_widget_show_error (GTK_LABEL (label), row, show ? message : NULL,
                             SPA_SHOW_ERROR_DESCRIBE | SPA_SHOW_ERROR_INVALID);
    }

  g_clear_pointer (&self->messages, g_hash_table_unref);
  self->messages = g_steal_pointer (&messages);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client-dialog.save",
                                 changed && g_hash_table_size (self->messages) == 0);
}

static void
field_changed_cb (SpaClientDialog *self,
                  GObject         *source)
{
  if (self->loading)
    return;

  if (ADW_IS_ENTRY_ROW (source))
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->rows);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (value == (gpointer)source)
          g_hash_table_add (self->touched, key);
    }

  validate (self);
}

static void
entry_activated_cb (SpaClientDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "client-dialog.save", NULL);
}

static void
condition_toggled_cb (SpaClientDialog *self)
{
  guint n = 0;

  for (guint i = 0; i < self->condition_checks->len; i++)
    if (gtk_check_button_get_active (self->condition_checks->pdata[i]))
      n++;

  if (n == 0)
    adw_expander_row_set_subtitle (self->conditions_row, _("None"));
  else
    {
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u condition",
                                                                "%u conditions", n), n);
      adw_expander_row_set_subtitle (self->conditions_row, subtitle);
    }

  field_changed_cb (self, NULL);
}

/**
 * spa_client_dialog_save:
 *
 * Saves the client if the form is valid; on a store error the message is shown next
 * to its field and the dialog stays open with everything the user typed.
 *
 * Returns: %TRUE if the client was saved
 */
gboolean
spa_client_dialog_save (SpaClientDialog *self)
{
  g_autoptr(SpaRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SPA_IS_CLIENT_DIALOG (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (checked_fields); i++)
    g_hash_table_add (self->touched, (gpointer)checked_fields[i]);
  validate (self);
  if (!spa_client_dialog_can_save (self))
    return FALSE;

  record = build_record (self);
  if (!spa_store_save (spa_context_get_store (self->context), record, &error))
    {
      const char *field = spa_validation_error_get_field (error);
      GtkWidget *label = field ? g_hash_table_lookup (self->errors, field) : NULL;

      if (label == NULL)
        label = g_hash_table_lookup (self->errors, "first_name");
      spa_widget_show_error (GTK_LABEL (label), NULL, error->message, SPA_SHOW_ERROR_PLAIN);
      return FALSE;
    }

  self->saved = TRUE;
  g_signal_emit (self, signals[SAVED], 0, record);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  spa_client_dialog_save (SPA_CLIENT_DIALOG (widget));
}

static gboolean
spa_client_dialog_close_request (GtkWindow *window)
{
  SpaClientDialog *self = SPA_CLIENT_DIALOG (window);
  g_autoptr(SpaRecord) record = NULL;

  if (self->saved)
    return GDK_EVENT_PROPAGATE;

  record = build_record (self);
  if (self->original != NULL ? !spa_record_is_changed (record)
                             : !spa_record_has_value (record, SPA_CLIENT_FIRST_NAME) &&
                               !spa_record_has_value (record, SPA_CLIENT_LAST_NAME) &&
                               !spa_record_has_value (record, SPA_CLIENT_PHONE) &&
                               !spa_record_has_value (record, SPA_CLIENT_EMAIL))
    return GDK_EVENT_PROPAGATE;

  /* Never drop what was typed without asking. */
  spa_widget_ask_discard (window, _("Discard Changes?"), _("The client’s details have not been saved."));
  return GDK_EVENT_STOP;
}

static void
spa_client_dialog_dispose (GObject *object)
{
  SpaClientDialog *self = (SpaClientDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_CLIENT_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->original);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);
  g_clear_pointer (&self->messages, g_hash_table_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->condition_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (spa_client_dialog_parent_class)->dispose (object);
}

static void
spa_client_dialog_class_init (SpaClientDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = spa_client_dialog_dispose;
  window_class->close_request = spa_client_dialog_close_request;

  /**
   * SpaClientDialog::saved:
   * @client: the saved client
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SPA_TYPE_RECORD);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-client-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaClientDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SpaClientDialog, conditions_row);
  gtk_widget_class_bind_template_child (widget_class, SpaClientDialog, marketing_switch);
  gtk_widget_class_bind_template_child (widget_class, SpaClientDialog, reminder_switch);
  gtk_widget_class_bind_template_child (widget_class, SpaClientDialog, language_row);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  /* Offset 0: reachable with gtk_widget_get_template_child() by field name. */
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      g_autofree char *row_name = g_strdup_printf ("%s_row", text_fields[i]);

      gtk_widget_class_bind_template_child_full (widget_class, row_name, FALSE, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (checked_fields); i++)
    {
      g_autofree char *label_name = g_strdup_printf ("%s_error", checked_fields[i]);

      gtk_widget_class_bind_template_child_full (widget_class, label_name, FALSE, 0);
    }

  gtk_widget_class_install_action (widget_class, "client-dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "client-dialog.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
spa_client_dialog_init (SpaClientDialog *self)
{
  guint n;
  const SpaVocabEntry *conditions = spa_vocab_conditions (&n);

  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->errors = g_hash_table_new (g_str_hash, g_str_equal);
  self->touched = g_hash_table_new (g_str_hash, g_str_equal);
  self->condition_checks = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      g_autofree char *row_name = g_strdup_printf ("%s_row", text_fields[i]);
      GObject *row = gtk_widget_get_template_child (GTK_WIDGET (self), SPA_TYPE_CLIENT_DIALOG, row_name);

      g_assert (row != NULL);
      g_hash_table_insert (self->rows, (gpointer)text_fields[i], row);
    }
  for (guint i = 0; i < G_N_ELEMENTS (checked_fields); i++)
    {
      g_autofree char *label_name = g_strdup_printf ("%s_error", checked_fields[i]);
      GObject *label = gtk_widget_get_template_child (GTK_WIDGET (self), SPA_TYPE_CLIENT_DIALOG, label_name);

      g_assert (label != NULL);
      g_hash_table_insert (self->errors, (gpointer)checked_fields[i], label);
    }

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(conditions[i].label));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (check), "code", (gpointer)conditions[i].code);
      g_signal_connect_object (check, "toggled", G_CALLBACK (condition_toggled_cb), self, G_CONNECT_SWAPPED);
      adw_expander_row_add_row (self->conditions_row, row);
      g_ptr_array_add (self->condition_checks, check);
    }
}

/* The row of @language in the language list; unset (or unknown) is English. */
static guint
language_index (const char *language)
{
  guint n;
  const char *const *languages = spa_client_email_languages (&n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (language, languages[i]) == 0)
      return i;
  return 0;
}

/* A new client hears from the spa in the language this desk is used in. */
static const char *
desk_language (void)
{
  const char *const *names = g_get_language_names ();

  return names[0] != NULL && g_str_has_prefix (names[0], "fr") ? "fr" : "en";
}

static void
load (SpaClientDialog *self)
{
  g_auto(GStrv) conditions = NULL;

  self->loading = TRUE;

  if (self->original != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
        {
          const char *value = spa_record_get_string (self->original, text_fields[i]);

          gtk_editable_set_text (GTK_EDITABLE (g_hash_table_lookup (self->rows, text_fields[i])),
                                 value ? value : "");
        }

      conditions = spa_record_get_strv (self->original, SPA_CLIENT_CONDITIONS);
      for (guint i = 0; i < self->condition_checks->len; i++)
        {
          GtkCheckButton *check = self->condition_checks->pdata[i];

          gtk_check_button_set_active (check, g_strv_contains ((const char * const *)conditions,
                                                               g_object_get_data (G_OBJECT (check), "code")));
        }
      gtk_switch_set_active (self->marketing_switch,
                             spa_client_get_marketing_consent (self->original));
      gtk_switch_set_active (self->reminder_switch,
                             spa_client_get_reminder_opt_in (self->original));
      adw_combo_row_set_selected (self->language_row,
                                  language_index (spa_client_get_language (self->original)));
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Client"));
    }
  else
    adw_combo_row_set_selected (self->language_row, language_index (desk_language ()));

  self->loading = FALSE;
  condition_toggled_cb (self);
}

/**
 * spa_client_dialog_new:
 * @context: the spa's context
 * @client: (nullable): the client to edit, or %NULL for a new one
 *
 * Returns: (transfer none): the dialog (a toplevel window)
 */
SpaClientDialog *
spa_client_dialog_new (SpaContext *context,
                       SpaRecord  *client)
{
  SpaClientDialog *self;

  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  self = g_object_new (SPA_TYPE_CLIENT_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->original = client ? spa_record_copy (client) : NULL;
  if (self->original)
    spa_record_clear_changed (self->original);
  load (self);
  /* Typing starts in the first field, not on Cancel (GTK's first focusable widget). */
  gtk_widget_grab_focus (g_hash_table_lookup (self->rows, "first_name"));

  return self;
}

/**
 * spa_client_dialog_get_field:
 * @field: a client field name such as "first_name"
 *
 * Returns: (transfer none) (nullable): the editable for @field
 */
GtkEditable *
spa_client_dialog_get_field (SpaClientDialog *self,
                             const char      *field)
{
  g_return_val_if_fail (SPA_IS_CLIENT_DIALOG (self), NULL);
  return g_hash_table_lookup (self->rows, field);
}

/**
 * spa_client_dialog_get_error:
 *
 * Returns: (nullable): the message shown next to @field, or %NULL when none is shown
 */
const char *
spa_client_dialog_get_error (SpaClientDialog *self,
                             const char      *field)
{
  GtkWidget *label;

  g_return_val_if_fail (SPA_IS_CLIENT_DIALOG (self), NULL);

  label = g_hash_table_lookup (self->errors, field);
  if (label == NULL || !gtk_widget_get_visible (label))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (label));
}

gboolean
spa_client_dialog_can_save (SpaClientDialog *self)
{
  g_return_val_if_fail (SPA_IS_CLIENT_DIALOG (self), FALSE);
  return gtk_widget_get_sensitive (self->save_button) &&
         self->messages != NULL && g_hash_table_size (self->messages) == 0;
}
