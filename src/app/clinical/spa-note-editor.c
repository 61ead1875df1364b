/* spa-note-editor.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-note-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-data-actions.h"
#include "spa-note-editor.h"
#include "spa-note-editor-private.h"
#include "spa-widget-util.h"

/*
 * A session note. A draft saves itself a second after each change and whenever the
 * editor goes away, so closing the window or a crash loses at most the last second.
 * "Sign Note" locks it: the editor turns read-only, and the store itself refuses any
 * later change (if one is attempted anyway, the message is shown and the signed text
 * put back). Corrections are amendments, listed under the note.
 */

static const struct {
  const char *field;
  const char *title;
  const char *hint;
} soap_fields[] = {
  { "subjective", N_("Subjective"), N_("What the client reports: symptoms, pain, changes since the last visit") },
  { "objective", N_("Objective"), N_("What you observe and palpate: posture, tissue, range of motion") },
  { "assessment", N_("Assessment"), N_("Your clinical impression and the response to treatment") },
  { "plan", N_("Plan"), N_("Next sessions, frequency, focus") },
};

struct _SpaNoteEditor
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkScrolledWindow    *scroller;
  GtkLabel             *title_label;
  GtkLabel             *status_label;
  GtkWidget            *sign_button;
  GtkWidget            *amend_button;
  GtkWidget            *signed_banner;
  GtkLabel             *signed_label;
  GtkLabel             *error_label;
  AdwEntryRow          *date_row;
  AdwComboRow          *therapist_row;
  GtkSpinButton        *duration_spin;
  AdwComboRow          *pressure_row;
  AdwComboRow          *pain_before_row;
  AdwComboRow          *pain_after_row;
  GtkLabel             *session_error;
  GtkBox               *soap_box;
  GtkFlowBox           *techniques_box;
  AdwPreferencesGroup  *areas_group;
  SpaBodyMap           *body_map;
  GtkTextView          *home_care_view;
  GtkWidget            *amendments_group;
  GtkListBox           *amendments_list;

  /* Owned */
  SpaContext           *context;
  SpaNoteDraft         *draft;         /* the note being edited and its autosave */
  GtkTextView          *soap_views[G_N_ELEMENTS (soap_fields)];
  GHashTable           *techniques;    /* code → GtkToggleButton */
  GPtrArray            *therapists;    /* (element-type SpaRecord) in the combo's order, after "Not set" */
  guint                 scroll_id;
  guint                 n_amendments;
  gboolean              loading;
};

G_DEFINE_FINAL_TYPE (SpaNoteEditor, spa_note_editor, GTK_TYPE_WIDGET)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The note as last saved or edited, or NULL. */
static SpaRecord *
note_of (SpaNoteEditor *self)
{
  return self->draft ? spa_record_draft_get_record (SPA_RECORD_DRAFT (self->draft)) : NULL;
}

static gboolean
is_signed (SpaNoteEditor *self)
{
  return note_of (self) != NULL && spa_clinical_is_signed (note_of (self));
}

static char *
text_view_get_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Combo rows for 0–10 ratings and for pressure: item 0 is "Not recorded". */
static int
combo_value (AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  return selected == 0 || selected == GTK_INVALID_LIST_POSITION ? -1 : (int)selected - 1;
}

static void
read_form (SpaNoteEditor *self)
{
  SpaRecord *r = note_of (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) techniques = NULL;
  g_auto(GStrv) old = NULL;
  g_auto(GStrv) treated = NULL;
  g_autoptr(JsonNode) treated_node = NULL;
  g_autofree char *home_care = NULL;
  guint n;
  const SpaVocabEntry *entries;
  guint therapist = adw_combo_row_get_selected (self->therapist_row);
  int pressure = combo_value (self->pressure_row);
  int before = combo_value (self->pain_before_row);
  int after = combo_value (self->pain_after_row);
  int duration = gtk_spin_button_get_value_as_int (self->duration_spin);

  spa_record_update_text (r, SPA_SESSION_NOTE_SESSION_DATE,
                          gtk_editable_get_text (GTK_EDITABLE (self->date_row)));
  spa_record_update_text (r, SPA_SESSION_NOTE_THERAPIST_ID,
                          therapist > 0 && therapist <= self->therapists->len
                          ? spa_record_get_id (self->therapists->pdata[therapist - 1]) : NULL);
  spa_record_update_int (r, SPA_SESSION_NOTE_DURATION_MIN, duration, duration > 0);
  entries = spa_vocab_pressures (&n);
  spa_record_update_text (r, SPA_SESSION_NOTE_PRESSURE,
                          pressure >= 0 && pressure < (int)n ? entries[pressure].code : NULL);
  spa_record_update_int (r, SPA_SESSION_NOTE_PAIN_BEFORE, before, before >= 0);
  spa_record_update_int (r, SPA_SESSION_NOTE_PAIN_AFTER, after, after >= 0);

  for (guint i = 0; i < G_N_ELEMENTS (soap_fields); i++)
    {
      g_autofree char *text = text_view_get_text (self->soap_views[i]);

      spa_record_update_text (r, soap_fields[i].field, text);
    }
  home_care = text_view_get_text (self->home_care_view);
  spa_record_update_text (r, SPA_SESSION_NOTE_HOME_CARE, home_care);

  entries = spa_vocab_techniques (&n);
  for (guint i = 0; i < n; i++)
    if (gtk_toggle_button_get_active (g_hash_table_lookup (self->techniques, entries[i].code)))
      g_strv_builder_add (builder, entries[i].code);
  techniques = g_strv_builder_end (builder);
  old = spa_record_get_strv (r, SPA_SESSION_NOTE_TECHNIQUES);
  if (!g_strv_equal ((const char * const *)techniques, (const char * const *)old) &&
      !(techniques[0] == NULL && !spa_record_has_value (r, SPA_SESSION_NOTE_TECHNIQUES)))
    spa_record_set_strv (r, SPA_SESSION_NOTE_TECHNIQUES, (const char * const *)techniques);

  treated = spa_body_map_dup_treated (self->body_map);
  treated_node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (treated_node, json_array_new ());
  for (guint i = 0; treated[i]; i++)
    json_array_add_string_element (json_node_get_array (treated_node), treated[i]);
  spa_record_update_json (r, SPA_SESSION_NOTE_AREAS_TREATED, treated_node);
}

static void
show_error (SpaNoteEditor *self,
            const char    *message)
{
  spa_widget_show_error (self->error_label, NULL, message, SPA_SHOW_ERROR_PLAIN);
}

static void
show_field_errors (SpaNoteEditor *self,
                   GHashTable    *errors)
{
  static const char * const session_fields[] = {
    "session_date", "therapist_id", "duration_min", "pressure", "pain_before", "pain_after", NULL,
  };
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GString) text = g_string_new (NULL);

  gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  g_hash_table_iter_init (&iter, errors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_strv_contains (session_fields, key))
        continue;
      if (text->len)
        g_string_append_c (text, '\n');
      g_string_append (text, value);
      if (g_str_equal (key, "session_date"))
        gtk_widget_add_css_class (GTK_WIDGET (self->date_row), "error");
    }

  spa_widget_show_error (self->session_error, NULL, text->len > 0 ? text->str : NULL,
                         SPA_SHOW_ERROR_PLAIN);
}

static void load (SpaNoteEditor *self);

static void
draft_saved_cb (SpaNoteEditor *self)
{
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);

  show_field_errors (self, none);
  show_error (self, NULL);
  gtk_label_set_label (self->status_label, _("Draft, saved automatically"));
  g_signal_emit (self, signals[SAVED], 0);
}

static void
draft_failed_cb (SpaNoteEditor *self)
{
  SpaRecordDraft *draft = SPA_RECORD_DRAFT (self->draft);

  show_field_errors (self, spa_record_draft_get_errors (draft));
  if (spa_record_draft_get_message (draft) != NULL)
    show_error (self, spa_record_draft_get_message (draft));
}

/**
 * spa_note_editor_flush:
 *
 * Saves pending edits now instead of after the typing pause.
 *
 * Returns: %FALSE if they could not be saved (the editor shows why)
 */
gboolean
spa_note_editor_flush (SpaNoteEditor *self)
{
  g_return_val_if_fail (SPA_IS_NOTE_EDITOR (self), FALSE);

  return self->draft == NULL || spa_record_draft_flush (SPA_RECORD_DRAFT (self->draft));
}

static void
field_changed_cb (SpaNoteEditor *self)
{
  if (self->loading || note_of (self) == NULL)
    return;

  /* Even a signed note's: the store refuses it and the signed text comes back. */
  read_form (self);
  if (!is_signed (self))
    gtk_label_set_label (self->status_label, _("Draft, saving…"));
  spa_record_draft_changed (SPA_RECORD_DRAFT (self->draft));
}

static void ask_pin (SpaNoteEditor *self,
                     const char    *problem);

/* With @pin, as the signed-in account (who typed it again); else, with sign-in off,
 * as @signed_by. */
static void
sign_note (SpaNoteEditor *self,
           const char    *signed_by,
           const char    *pin)
{
  g_autoptr(GError) error = NULL;
  SpaAccount *account = spa_context_get_account (self->context);

  if (note_of (self) == NULL || is_signed (self))
    return;

  read_form (self);
  if (!spa_note_draft_sign (self->draft, account, pin, signed_by, &error))
    {
      const char *field = spa_validation_error_get_field (error);

      /* A wrong PIN asks again, saying so; the note stays a draft. */
      if (error->domain == SPA_ACCOUNT_ERROR)
        {
          ask_pin (self, error->message);
          return;
        }
      if (field != NULL)
        {
          g_autoptr(GHashTable) errors = g_hash_table_new (g_str_hash, g_str_equal);

          g_hash_table_insert (errors, (gpointer)field, error->message);
          show_field_errors (self, errors);
        }
      show_error (self, error->message);
      return;
    }

  load (self);
  g_signal_emit (self, signals[SAVED], 0);
}

static void
sign_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  SpaNoteEditor    *self)
{
  GtkEditable *pin = g_object_get_data (G_OBJECT (dialog), "pin");

  if (!g_str_equal (response, "sign"))
    return;
  if (pin != NULL)
    {
      g_autofree char *typed = g_strdup (gtk_editable_get_text (pin));

      gtk_editable_set_text (pin, "");
      sign_note (self, NULL, typed);
    }
  else
    sign_note (self, g_object_get_data (G_OBJECT (dialog), "signed-by"), NULL);
}

static GtkWidget *
sign_dialog_new (SpaNoteEditor *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              _("Sign Note?"), NULL);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sign", _("_Sign Note"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "sign");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_response_cb), self, 0);
  return dialog;
}

static void
pin_changed_cb (AdwMessageDialog *dialog,
                GtkEditable      *pin)
{
  adw_message_dialog_set_response_enabled (dialog, "sign", gtk_editable_get_text (pin)[0] != '\0');
}

/* The signature is the signed-in person's: they type their PIN again, so that a desk
 * left signed in cannot sign for them. */
static void
ask_pin (SpaNoteEditor *self,
         const char    *problem)
{
  SpaAccount *account = spa_context_get_account (self->context);
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *pin;

  if (account == NULL)
    {
      show_error (self, _("Sign in at the desk to sign notes (Ctrl+L)."));
      return;
    }

  dialog = sign_dialog_new (self);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("You sign as %s. Type your PIN to sign: a signed note can no "
                                    "longer be changed; corrections are added as amendments."),
                                  spa_account_get_name (account));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  pin = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (pin), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (pin), GTK_INPUT_PURPOSE_PIN);
  /* Enter is the Sign button, as a click: respond, then close. */
  gtk_entry_set_activates_default (GTK_ENTRY (pin), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (pin), GTK_ACCESSIBLE_PROPERTY_LABEL, _("PIN"), -1);
  gtk_box_append (GTK_BOX (box), pin);
  if (problem != NULL)
    {
      GtkWidget *label = gtk_label_new (problem);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      gtk_widget_add_css_class (pin, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (pin), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem, -1);
      gtk_box_append (GTK_BOX (box), label);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "pin", pin);
  g_signal_connect_swapped (pin, "changed", G_CALLBACK (pin_changed_cb), dialog);
  pin_changed_cb (ADW_MESSAGE_DIALOG (dialog), GTK_EDITABLE (pin));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (pin);
}

/* Signing cannot be undone, so it is confirmed, naming who signs. */
static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SpaNoteEditor *self = SPA_NOTE_EDITOR (widget);
  guint therapist;
  const char *name;
  GtkWidget *dialog;

  if (note_of (self) == NULL || is_signed (self))
    return;

  if (spa_context_sign_in_enabled (self->context))
    {
      ask_pin (self, NULL);
      return;
    }

  /* Sign-in off (a spa run by one person): the note's therapist signs. */
  therapist = adw_combo_row_get_selected (self->therapist_row);
  if (therapist == 0 || therapist > self->therapists->len)
    {
      g_autoptr(GHashTable) errors = g_hash_table_new (g_str_hash, g_str_equal);

      g_hash_table_insert (errors, "therapist_id", _("Choose the therapist who signs the note."));
      show_field_errors (self, errors);
      gtk_widget_grab_focus (GTK_WIDGET (self->therapist_row));
      return;
    }

  name = spa_therapist_get_name (self->therapists->pdata[therapist - 1]);
  dialog = sign_dialog_new (self);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The note is signed by %s now. A signed note can no longer "
                                    "be changed; corrections are added as amendments."), name);
  g_object_set_data_full (G_OBJECT (dialog), "signed-by", g_strdup (name), g_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * spa_note_editor_add_amendment:
 *
 * Adds a correction to the signed note shown.
 */
gboolean
spa_note_editor_add_amendment (SpaNoteEditor  *self,
                               const char     *author,
                               const char     *text,
                               GError        **error)
{
  SpaAccount *account = spa_context_get_account (self->context);
  g_autoptr(SpaRecord) amendment = NULL;

  g_return_val_if_fail (SPA_IS_NOTE_EDITOR (self), FALSE);
  g_return_val_if_fail (note_of (self) != NULL, FALSE);

  /* Signed in, the amendment is the signed-in person's, with their proof. */
  if (spa_context_sign_in_enabled (self->context) && account != NULL)
    amendment = spa_clinical_add_amendment_as (spa_context_get_store (self->context),
                                               spa_record_get_id (note_of (self)), account, text,
                                               error);
  else
    amendment = spa_clinical_add_amendment (spa_context_get_store (self->context),
                                            spa_record_get_id (note_of (self)), author, text,
                                            error);
  if (amendment == NULL)
    return FALSE;

  load (self);
  spa_note_editor_scroll_to_amendments (self);
  g_signal_emit (self, signals[SAVED], 0);
  return TRUE;
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  SpaNoteEditor *self = SPA_NOTE_EDITOR (widget);
  GtkWidget *content = gtk_scrolled_window_get_child (self->scroller);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  graphene_point_t point;

  /* Once laid out: the amendments' group at the bottom of the view, the note above. */
  if (gtk_widget_get_height (self->amendments_group) <= 1 ||
      !gtk_widget_compute_point (self->amendments_group, content, &GRAPHENE_POINT_INIT (0, 0), &point))
    return G_SOURCE_CONTINUE;

  gtk_adjustment_set_value (adjustment,
                            point.y + gtk_widget_get_height (self->amendments_group) + 24 -
                            gtk_adjustment_get_page_size (adjustment));
  self->scroll_id = 0;
  return G_SOURCE_REMOVE;
}

/**
 * spa_note_editor_scroll_to_amendments:
 *
 * Scrolls so that the amendments (the newest last) are in view, as after adding one.
 */
void
spa_note_editor_scroll_to_amendments (SpaNoteEditor *self)
{
  g_return_if_fail (SPA_IS_NOTE_EDITOR (self));

  if (self->scroll_id == 0 && gtk_widget_get_visible (self->amendments_group))
    self->scroll_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_tick_cb, NULL, NULL);
}

static void
amend_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   SpaNoteEditor    *self)
{
  GtkEditable *author = g_object_get_data (G_OBJECT (dialog), "author");
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "text");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "add"))
    return;

  text = text_view_get_text (view);
  if (!spa_note_editor_add_amendment (self, gtk_editable_get_text (author), text, &error))
    show_error (self, error->message);
}

/* "Add" only once there is an author and a text, so the dialog never fails. */
static void
amend_input_changed_cb (AdwMessageDialog *dialog)
{
  GtkEditable *author = g_object_get_data (G_OBJECT (dialog), "author");
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "text");
  g_autofree char *text = text_view_get_text (view);
  g_autofree char *name = g_strdup (gtk_editable_get_text (author));

  adw_message_dialog_set_response_enabled (dialog, "add",
                                           *g_strstrip (text) != '\0' && *g_strstrip (name) != '\0');
}

static void
amend_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SpaNoteEditor *self = SPA_NOTE_EDITOR (widget);
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *author = gtk_entry_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();

  if (note_of (self) == NULL || !is_signed (self))
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Add Amendment"),
                                   _("The signed note stays as it is; the amendment is added "
                                     "under it with your name and the time."));
  gtk_editable_set_text (GTK_EDITABLE (author),
                         spa_session_note_get_signed_by (note_of (self)));
  /* Signed in, the amendment carries that person's name; nobody types it. */
  if (spa_context_sign_in_enabled (self->context) && spa_context_get_account (self->context) != NULL)
    {
      SpaAccount *account = spa_context_get_account (self->context);

      gtk_editable_set_text (GTK_EDITABLE (author), spa_account_get_name (account));
      gtk_widget_set_visible (author, FALSE);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("The signed note stays as it is; the amendment is added under it "
                                        "with your name, %s, and the time."),
                                      spa_account_get_name (account));
    }
  gtk_entry_set_placeholder_text (GTK_ENTRY (author), _("Author"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (author), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Author"), -1);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 10);
  gtk_widget_set_size_request (view, 360, 120);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Correction"), -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_box_append (GTK_BOX (box), author);
  gtk_box_append (GTK_BOX (box), frame);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add Amendment"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data (G_OBJECT (dialog), "author", author);
  g_object_set_data (G_OBJECT (dialog), "text", view);
  g_signal_connect_object (dialog, "response", G_CALLBACK (amend_response_cb), self, 0);
  g_signal_connect_swapped (author, "changed", G_CALLBACK (amend_input_changed_cb), dialog);
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                            G_CALLBACK (amend_input_changed_cb), dialog);
  amend_input_changed_cb (ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (view);
}

static void
set_editable (SpaNoteEditor *self,
              gboolean       editable)
{
  GHashTableIter iter;
  gpointer value;

  gtk_editable_set_editable (GTK_EDITABLE (self->date_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->therapist_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->duration_spin), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pressure_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pain_before_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pain_after_row), editable);
  /* Only "editable": the caret stays, to read and select a signed note by keyboard.
   * Hiding it is not safe on GTK 4.8: a text box keeps its caret blinking for a while
   * after it loses the focus (to the Sign button, to the PIN dialog), and hiding the
   * caret of a box without the focus does not stop that blinking, whose next frame
   * then aborts on an assertion that the caret is shown. */
  for (guint i = 0; i < G_N_ELEMENTS (soap_fields); i++)
    gtk_text_view_set_editable (self->soap_views[i], editable);
  gtk_text_view_set_editable (self->home_care_view, editable);
  /* Read-only, the techniques used stay readable as pressed buttons; the rest go. */
  g_hash_table_iter_init (&iter, self->techniques);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      gboolean active = gtk_toggle_button_get_active (value);

      gtk_widget_set_can_target (value, editable);
      gtk_widget_set_focusable (value, editable);
      gtk_widget_set_visible (gtk_widget_get_parent (value), editable || active);
    }
  spa_body_map_set_mode (self->body_map, editable ? SPA_BODY_MAP_MODE_TREATED : SPA_BODY_MAP_MODE_VIEW);
  adw_preferences_group_set_description (self->areas_group,
                                         editable ? _("Click a region to mark it treated. Pain from the current intake is outlined; areas to avoid are hatched.")
                                                  : NULL);
}

static void
fill_therapists (SpaNoteEditor *self)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) therapists = NULL;
  SpaRecord *note = note_of (self);
  const char *current = note ? spa_session_note_get_therapist_id (note) : NULL;

  /* Active therapists, plus the note's own even if they have since left. */
  therapists = spa_store_list_active (spa_context_get_store (self->context), SPA_THERAPIST_ENTITY,
                                      current, NULL);
  g_ptr_array_set_size (self->therapists, 0);
  gtk_string_list_append (strings, _("Not set"));
  for (guint i = 0; therapists && i < therapists->len; i++)
    {
      gtk_string_list_append (strings, spa_therapist_get_name (therapists->pdata[i]));
      g_ptr_array_add (self->therapists, g_object_ref (therapists->pdata[i]));
    }
  adw_combo_row_set_model (self->therapist_row, G_LIST_MODEL (strings));
}

static void
load_amendments (SpaNoteEditor *self)
{
  g_autoptr(GPtrArray) amendments = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->amendments_list))))
    gtk_list_box_remove (self->amendments_list, child);

  self->n_amendments = 0;
  if (note_of (self) != NULL && spa_record_is_stored (note_of (self)))
    amendments = spa_clinical_list_amendments (spa_context_get_store (self->context),
                                               spa_record_get_id (note_of (self)), NULL);

  for (guint i = 0; amendments && i < amendments->len; i++)
    {
      SpaRecord *a = amendments->pdata[i];
      g_autoptr(GDateTime) utc = spa_time_parse_utc (spa_record_get_created_at (a));
      g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, spa_context_get_time_zone (self->context)) : NULL;
      g_autofree char *when = local ? spa_format_date_time (local) : g_strdup ("");
      g_autofree char *byline = g_strdup_printf (_("%s, %s"),
                                                 spa_note_amendment_get_author (a), when);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *head = gtk_label_new (byline);
      GtkWidget *body = gtk_label_new (spa_note_amendment_get_text (a));

      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 10);
      gtk_widget_set_margin_bottom (box, 10);
      gtk_label_set_xalign (GTK_LABEL (head), 0);
      gtk_widget_add_css_class (head, "caption-heading");
      gtk_widget_add_css_class (head, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (body), 0);
      gtk_label_set_wrap (GTK_LABEL (body), TRUE);
      gtk_label_set_selectable (GTK_LABEL (body), TRUE);
      gtk_box_append (GTK_BOX (box), head);
      gtk_box_append (GTK_BOX (box), body);
      gtk_widget_add_css_class (box, "amendment");
      gtk_list_box_append (self->amendments_list, box);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (box)), FALSE);
      self->n_amendments++;
    }

  gtk_widget_set_visible (self->amendments_group, is_signed (self));
  if (is_signed (self) && self->n_amendments == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No amendments"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->amendments_list, row);
    }
}

/* The current intake's pain (outlined) and avoid areas, read-only under the treated ones. */
static void
load_intake_areas (SpaNoteEditor *self)
{
  g_autoptr(SpaRecord) intake = NULL;
  g_auto(GStrv) treated = NULL;

  /* A signed note shows what was treated; today's intake belongs to a draft only. */
  if (note_of (self) != NULL && !is_signed (self))
    intake = spa_clinical_current_intake (spa_context_get_store (self->context),
                                          spa_session_note_get_client_id (note_of (self)),
                                          NULL);
  spa_body_map_set_pain_areas (self->body_map, intake ? spa_intake_get_pain_areas (intake) : NULL);
  spa_body_map_set_avoid_areas (self->body_map,
                                intake ? spa_intake_get_avoid_areas (intake) : NULL);
  treated = note_of (self) ? spa_record_get_strv (note_of (self), SPA_SESSION_NOTE_AREAS_TREATED)
                           : NULL;
  spa_body_map_set_treated (self->body_map, (const char * const *)treated);
}

static void
load (SpaNoteEditor *self)
{
  SpaRecord *r = note_of (self);
  g_auto(GStrv) techniques = NULL;
  g_autofree char *day = NULL;
  g_autofree char *title = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint n;
  const SpaVocabEntry *pressures = spa_vocab_pressures (&n);
  const char *pressure;
  guint therapist = 0;

  self->loading = TRUE;
  fill_therapists (self);

  gtk_editable_set_text (GTK_EDITABLE (self->date_row),
                         r ? spa_session_note_get_session_date (r) ?: "" : "");
  for (guint i = 0; i < self->therapists->len; i++)
    if (r && g_strcmp0 (spa_record_get_id (self->therapists->pdata[i]),
                        spa_session_note_get_therapist_id (r)) == 0)
      therapist = i + 1;
  adw_combo_row_set_selected (self->therapist_row, therapist);
  gtk_spin_button_set_value (self->duration_spin, r ? spa_session_note_get_duration_min (r, 0) : 0);

  pressure = r ? spa_session_note_get_pressure (r) : NULL;
  adw_combo_row_set_selected (self->pressure_row, 0);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (pressures[i].code, pressure) == 0)
      adw_combo_row_set_selected (self->pressure_row, i + 1);
  adw_combo_row_set_selected (self->pain_before_row,
                              r ? spa_session_note_get_pain_before (r, -1) + 1 : 0);
  adw_combo_row_set_selected (self->pain_after_row,
                              r ? spa_session_note_get_pain_after (r, -1) + 1 : 0);

  for (guint i = 0; i < G_N_ELEMENTS (soap_fields); i++)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->soap_views[i]),
                              r ? spa_record_get_string (r, soap_fields[i].field) ?: "" : "", -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->home_care_view),
                            r ? spa_session_note_get_home_care (r) ?: "" : "", -1);

  techniques = r ? spa_record_get_strv (r, SPA_SESSION_NOTE_TECHNIQUES) : NULL;
  g_hash_table_iter_init (&iter, self->techniques);
  while (g_hash_table_iter_next (&iter, &key, &value))
    gtk_toggle_button_set_active (value, techniques && g_strv_contains ((const char * const *)techniques, key));

  load_intake_areas (self);
  self->loading = FALSE;

  day = spa_format_day (r ? spa_session_note_get_session_date (r) : NULL);
  if (r != NULL)
    {
      /* Whose note it is, in so many words: never a guess from the page around it. */
      g_autoptr(SpaRecord) client = spa_store_get (spa_context_get_store (self->context),
                                                   SPA_CLIENT_ENTITY,
                                                   spa_session_note_get_client_id (r), NULL);
      g_autofree char *name = client ? spa_client_dup_display_name (client) : g_strdup (_("Unknown client"));

      /* TRANSLATORS: the session note's title: the client's name, then the session's date */
      title = g_strdup_printf (_("%s, session on %s"), name, day);
    }
  gtk_label_set_label (self->title_label, r ? title : "");
  show_error (self, NULL);
  {
    g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
    show_field_errors (self, none);
  }

  load_amendments (self);

  if (is_signed (self))
    {
      g_autoptr(GDateTime) utc = spa_time_parse_utc (spa_session_note_get_signed_at (r));
      g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, spa_context_get_time_zone (self->context)) : NULL;
      g_autofree char *when = local ? spa_format_date_time (local) : g_strdup ("");
      g_autofree char *text = g_strdup_printf (_("Signed by %s on %s. A signed note cannot be changed; corrections are added as amendments."),
                                               spa_session_note_get_signed_by (r), when);
      g_autofree char *status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "Signed by %s · %u amendment",
                                                              "Signed by %s · %u amendments",
                                                              self->n_amendments),
                                                 spa_session_note_get_signed_by (r),
                                                 self->n_amendments);

      gtk_label_set_label (self->signed_label, text);
      gtk_label_set_label (self->status_label, status);
    }
  else if (r != NULL)
    gtk_label_set_label (self->status_label,
                         spa_record_is_stored (r) ? _("Draft, saved automatically")
                                                  : _("New note; it is saved as a draft as soon as you type"));

  gtk_widget_set_visible (self->signed_banner, is_signed (self));
  gtk_widget_set_visible (self->sign_button, r != NULL && !is_signed (self));
  gtk_widget_set_visible (self->amend_button, is_signed (self));
  set_editable (self, r != NULL && !is_signed (self));
}

static void
build_form (SpaNoteEditor *self)
{
  g_autoptr(GtkStringList) pressures = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) ratings = gtk_string_list_new (NULL);
  guint n;
  const SpaVocabEntry *entries = spa_vocab_pressures (&n);

  gtk_string_list_append (pressures, _("Not recorded"));
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (pressures, _(entries[i].label));
  adw_combo_row_set_model (self->pressure_row, G_LIST_MODEL (pressures));

  gtk_string_list_append (ratings, _("Not recorded"));
  for (int i = 0; i <= 10; i++)
    {
      g_autofree char *label = NULL;

      if (i == 0)
        label = g_strdup (_("0, no pain"));
      else if (i == 10)
        label = g_strdup (_("10, worst imaginable"));
      else
        label = g_strdup_printf ("%d", i);
      gtk_string_list_append (ratings, label);
    }
  adw_combo_row_set_model (self->pain_before_row, G_LIST_MODEL (ratings));
  adw_combo_row_set_model (self->pain_after_row, G_LIST_MODEL (ratings));

  for (guint i = 0; i < G_N_ELEMENTS (soap_fields); i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *title = gtk_label_new (_(soap_fields[i].title));
      GtkWidget *hint = gtk_label_new (_(soap_fields[i].hint));
      GtkWidget *frame = gtk_frame_new (NULL);
      GtkWidget *view = gtk_text_view_new ();

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "heading");
      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_widget_add_css_class (hint, "caption");
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
      /* Tab moves to the next field, as in every other form field. */
      gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
      gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 10);
      gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 10);
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
      gtk_widget_set_size_request (view, -1, 64);
      gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(soap_fields[i].title),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(soap_fields[i].hint),
                                      -1);
      g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                                G_CALLBACK (field_changed_cb), self);
      gtk_frame_set_child (GTK_FRAME (frame), view);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), hint);
      gtk_box_append (GTK_BOX (box), frame);
      gtk_box_append (self->soap_box, box);
      self->soap_views[i] = GTK_TEXT_VIEW (view);
    }
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->home_care_view), "changed",
                            G_CALLBACK (field_changed_cb), self);

  entries = spa_vocab_techniques (&n);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (_(entries[i].label));

      gtk_widget_add_css_class (button, "pill");
      gtk_widget_add_css_class (button, "technique");
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (field_changed_cb), self);
      gtk_flow_box_append (self->techniques_box, button);
      g_hash_table_insert (self->techniques, (gpointer)entries[i].code, button);
    }
}

static void
spa_note_editor_unmap (GtkWidget *widget)
{
  spa_note_editor_flush (SPA_NOTE_EDITOR (widget));
  GTK_WIDGET_CLASS (spa_note_editor_parent_class)->unmap (widget);
}

static void
spa_note_editor_dispose (GObject *object)
{
  SpaNoteEditor *self = SPA_NOTE_EDITOR (object);

  spa_note_editor_flush (self);
  if (self->scroll_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_id);
  self->scroll_id = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_NOTE_EDITOR);
  spa_widget_unparent_children (GTK_WIDGET (self));
  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_data (self->draft, self);
  g_clear_object (&self->draft);
  g_clear_object (&self->context);
  g_clear_pointer (&self->techniques, g_hash_table_unref);
  g_clear_pointer (&self->therapists, g_ptr_array_unref);

  G_OBJECT_CLASS (spa_note_editor_parent_class)->dispose (object);
}

/* The note as it is now (saved first), with its amendments, on paper. */
static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SpaNoteEditor *self = SPA_NOTE_EDITOR (widget);

  if (note_of (self) == NULL || !spa_note_editor_flush (self))
    return;
  spa_data_actions_print_chart (widget, "note", spa_record_get_id (note_of (self)));
}

static void
spa_note_editor_class_init (SpaNoteEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_note_editor_dispose;
  widget_class->unmap = spa_note_editor_unmap;

  /**
   * SpaNoteEditor::saved:
   *
   * The note (or an amendment to it) was written to the store.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SPA_TYPE_BODY_MAP);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-note-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, scroller);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, sign_button);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, amend_button);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, signed_banner);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, signed_label);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, therapist_row);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, pressure_row);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, pain_before_row);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, pain_after_row);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, session_error);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, soap_box);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, techniques_box);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, areas_group);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, body_map);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, home_care_view);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, amendments_group);
  gtk_widget_class_bind_template_child (widget_class, SpaNoteEditor, amendments_list);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_install_action (widget_class, "note.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "note.amend", NULL, amend_action);
  gtk_widget_class_install_action (widget_class, "note.print", NULL, print_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
spa_note_editor_init (SpaNoteEditor *self)
{
  self->techniques = g_hash_table_new (g_str_hash, g_str_equal);
  self->therapists = g_ptr_array_new_with_free_func (g_object_unref);
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  build_form (self);
  spa_body_map_set_mode (self->body_map, SPA_BODY_MAP_MODE_TREATED);
  self->loading = FALSE;
}

void
spa_note_editor_set_context (SpaNoteEditor *self,
                             SpaContext    *context)
{
  g_return_if_fail (SPA_IS_NOTE_EDITOR (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  self->draft = spa_note_draft_new (spa_context_get_store (context));
  g_signal_connect_swapped (self->draft, "saved", G_CALLBACK (draft_saved_cb), self);
  g_signal_connect_swapped (self->draft, "failed", G_CALLBACK (draft_failed_cb), self);
  g_signal_connect_swapped (self->draft, "reloaded", G_CALLBACK (load), self);
}

/**
 * spa_note_editor_set_note:
 * @note: (nullable): the note; the editor works on its own copy
 *
 * Saves pending edits of the previous note first.
 */
void
spa_note_editor_set_note (SpaNoteEditor *self,
                          SpaRecord     *note)
{
  g_return_if_fail (SPA_IS_NOTE_EDITOR (self));
  g_return_if_fail (self->context != NULL);

  spa_record_draft_set_record (SPA_RECORD_DRAFT (self->draft), note);
  load (self);
}

/**
 * spa_note_editor_get_note:
 *
 * Returns: (transfer none) (nullable): the note as last saved or edited
 */
SpaRecord *
spa_note_editor_get_note (SpaNoteEditor *self)
{
  g_return_val_if_fail (SPA_IS_NOTE_EDITOR (self), NULL);
  return note_of (self);
}

/**
 * spa_note_editor_get_text_view:
 * @field: subjective, objective, assessment, plan or home_care
 *
 * Returns: (transfer none) (nullable): the field's text view
 */
GtkTextView *
spa_note_editor_get_text_view (SpaNoteEditor *self,
                               const char    *field)
{
  g_return_val_if_fail (SPA_IS_NOTE_EDITOR (self), NULL);

  if (g_strcmp0 (field, "home_care") == 0)
    return self->home_care_view;
  for (guint i = 0; i < G_N_ELEMENTS (soap_fields); i++)
    if (g_strcmp0 (field, soap_fields[i].field) == 0)
      return self->soap_views[i];
  return NULL;
}

GtkToggleButton *
spa_note_editor_get_technique (SpaNoteEditor *self,
                               const char    *code)
{
  g_return_val_if_fail (SPA_IS_NOTE_EDITOR (self), NULL);
  return g_hash_table_lookup (self->techniques, code);
}

SpaBodyMap *
spa_note_editor_get_body_map (SpaNoteEditor *self)
{
  g_return_val_if_fail (SPA_IS_NOTE_EDITOR (self), NULL);
  return self->body_map;
}

/**
 * spa_note_editor_get_combo:
 * @field: therapist_id, pressure, pain_before or pain_after
 *
 * Returns: (transfer none) (nullable): the field's combo row
 */
AdwComboRow *
spa_note_editor_get_combo (SpaNoteEditor *self,
                           const char    *field)
{
  g_return_val_if_fail (SPA_IS_NOTE_EDITOR (self), NULL);

  if (g_strcmp0 (field, "therapist_id") == 0)
    return self->therapist_row;
  if (g_strcmp0 (field, "pressure") == 0)
    return self->pressure_row;
  if (g_strcmp0 (field, "pain_before") == 0)
    return self->pain_before_row;
  if (g_strcmp0 (field, "pain_after") == 0)
    return self->pain_after_row;
  return NULL;
}

/**
 * spa_note_editor_get_error:
 *
 * Returns: (nullable): the message shown above the note (a refused save), if any
 */
const char *
spa_note_editor_get_error (SpaNoteEditor *self)
{
  g_return_val_if_fail (SPA_IS_NOTE_EDITOR (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

guint
spa_note_editor_get_n_amendments (SpaNoteEditor *self)
{
  g_return_val_if_fail (SPA_IS_NOTE_EDITOR (self), 0);
  return self->n_amendments;
}

/**
 * spa_note_editor_get_draft:
 *
 * Returns: (transfer none): the draft that saves the note after each typing pause
 */
SpaNoteDraft *
spa_note_editor_get_draft (SpaNoteEditor *self)
{
  g_return_val_if_fail (SPA_IS_NOTE_EDITOR (self), NULL);
  return self->draft;
}
