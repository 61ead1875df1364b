/* test-ui-signin.c: the lock screen, switching user, signing with the PIN and the
 * role at the desk, driven by real keys (xdotool through the X server)
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "spa-client-page.h"
#include "spa-clients-page.h"
#include "spa-lock-screen-private.h"
#include "spa-lock-screen.h"
#include "spa-note-editor-private.h"
#include "spa-note-editor.h"
#include "spa-preferences-window.h"
#include "spa-sessions-section.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"
#include "spa-today-page.h"
#include "spa-window.h"

/*
 * Keys go through the X server (XTEST, as a keyboard would), into the focused window,
 * so that GTK's own shortcut, focus and entry handling decide what they do.
 */

#define NO_ACCOUNTS 1
#define WITH_MANAGER 2

typedef struct
{
  SpaTestDesk desk;
  SpaRecord  *client;
  SpaRecord  *therapist;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaAccount) ana = NULL;
  g_autoptr(SpaAccount) claire = NULL;

  spa_test_desk_open (&f->desk);
  g_settings_set_boolean (f->desk.settings, "sign-in", TRUE);
  g_settings_set_uint (f->desk.settings, "idle-lock", 300);
  f->client = spa_test_add_client (f->desk.store, "Ethan", "Nguyen", NULL, NULL);
  f->therapist = spa_test_add_named (f->desk.store, "therapist", "Claire Dubois", NULL);
  if (GPOINTER_TO_INT (data) == NO_ACCOUNTS)
    goto open;
  /* Listed by name: 1 Ana Reyes, 2 Claire Dubois. */
  ana = spa_account_create (f->desk.store, "Ana Reyes", SPA_ROLE_FRONT_DESK, NULL, "5555", &error);
  g_assert_no_error (error);
  claire = spa_account_create (f->desk.store, "Claire Dubois", SPA_ROLE_THERAPIST,
                               spa_record_get_id (f->therapist), "1111", &error);
  g_assert_no_error (error);
  if (GPOINTER_TO_INT (data) == WITH_MANAGER)
    {
      /* 3 Maya Singh. */
      g_autoptr(SpaAccount) maya = spa_account_create (f->desk.store, "Maya Singh",
                                                       SPA_ROLE_MANAGER,
                                                       NULL, "2468", &error);

      g_assert_no_error (error);
    }

open:
  spa_test_desk_show (&f->desk, NULL, 1400, 900);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->therapist);
  g_settings_reset (f->desk.settings, "idle-lock");
  spa_test_desk_tear_down (&f->desk);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
settle (guint ms)
{
  spa_test_iterate_until (never, NULL, ms);
}

/* @keys (xdotool key names, space-separated) to @widget's window, then lets them act. */
static void
press_keys (GtkWidget  *widget,
            const char *keys)
{
  spa_test_send_keys (widget, keys);
  settle (150);
}

static void
key (Fixture    *f,
     const char *keys)
{
  press_keys (GTK_WIDGET (f->desk.window), keys);
}

/* "1111" as the keys 1 1 1 1. */
static char *
keys_for (const char *text)
{
  g_autoptr(GString) keys = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (keys->len)
        g_string_append_c (keys, ' ');
      if (*p == ' ')
        g_string_append (keys, "space");
      else
        g_string_append_c (keys, *p);
    }
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

static void
type_text (GtkWidget  *widget,
           const char *text)
{
  g_autofree char *keys = keys_for (text);

  press_keys (widget, keys);
}

static SpaLockScreen *
lock_screen (Fixture *f)
{
  GtkWidget *stack = adw_application_window_get_content (ADW_APPLICATION_WINDOW (f->desk.window));

  return SPA_LOCK_SCREEN (gtk_stack_get_child_by_name (GTK_STACK (stack), "lock"));
}

typedef struct
{
  SpaWindow *window;
  gboolean   locked;
} LockWait;

static gboolean
lock_is (gpointer data)
{
  LockWait *wait = data;

  return spa_window_is_locked (wait->window) == wait->locked;
}

static void
assert_locked (Fixture  *f,
               gboolean  locked)
{
  LockWait wait = { f->desk.window, locked };

  spa_test_iterate_until (lock_is, &wait, 3000);
  g_assert_cmpint (spa_window_is_locked (f->desk.window), ==, locked);
  /* Locked, nothing of the desk is on screen. */
  g_assert_cmpint ((gtk_widget_get_mapped (spa_window_get_clients_page (f->desk.window)) ||
                    gtk_widget_get_mapped (spa_window_get_today_page (f->desk.window)) ||
                    gtk_widget_get_mapped (spa_window_get_calendar_page (f->desk.window))),
                   ==, !locked);
}

/* A digit picks the account, the PIN and Enter sign in: all keys. */
typedef struct
{
  GtkEditable *field;
  guint        length;
} TextWait;

static gboolean
text_has_length (gpointer data)
{
  TextWait *wait = data;

  return strlen (gtk_editable_get_text (wait->field)) == wait->length;
}

/* Types @pin into the lock screen's PIN field, and waits until it is all there. */
static void
type_pin (Fixture    *f,
          const char *pin)
{
  TextWait wait = { spa_lock_screen_get_pin_field (lock_screen (f)), strlen (pin) };

  type_text (GTK_WIDGET (f->desk.window), pin);
  g_assert_true (spa_test_iterate_until (text_has_length, &wait, 3000));
}

static void
sign_in_by_keys (Fixture    *f,
                 const char *number,
                 const char *pin)
{
  key (f, number);
  g_assert_nonnull (spa_lock_screen_get_chosen (lock_screen (f)));
  type_pin (f, pin);
  key (f, "Return");
  g_assert_cmpstr (spa_lock_screen_get_error (lock_screen (f)), ==, NULL);
}

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static void
save_screenshot (Fixture    *f,
                 const char *name)
{
  const char *dir = g_getenv ("SPA_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  settle (500);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (spa_window_save_png (f->desk.window, path, &error));
  g_assert_no_error (error);
}

static void
test_sign_in (Fixture *f, gconstpointer data)
{
  SpaLockScreen *lock;

  /* A desk with accounts opens locked, and its shortcuts do nothing. */
  assert_locked (f, TRUE);
  g_assert_null (spa_context_get_account (f->desk.context));
  key (f, "ctrl+shift+n");
  key (f, "ctrl+n");
  g_assert_null (find_toplevel (ADW_TYPE_WINDOW));
  assert_locked (f, TRUE);

  lock = lock_screen (f);
  key (f, "2");
  g_assert_nonnull (spa_lock_screen_get_chosen (lock));
  g_assert_cmpstr (spa_account_get_name (spa_lock_screen_get_chosen (lock)), ==, "Claire Dubois");
  save_screenshot (f, "lock.png");

  /* A wrong PIN: said next to the field, still locked. */
  type_pin (f, "1234");
  key (f, "Return");
  g_assert_nonnull (spa_lock_screen_get_error (lock));
  g_assert_cmpstr (spa_lock_screen_get_error (lock), ==, "Wrong PIN. Try again.");
  assert_locked (f, TRUE);
  g_assert_null (spa_context_get_account (f->desk.context));

  /* Escape goes back to the list; another digit picks another person. */
  key (f, "Escape");
  g_assert_null (spa_lock_screen_get_chosen (lock));
  key (f, "1");
  g_assert_cmpstr (spa_account_get_name (spa_lock_screen_get_chosen (lock)), ==, "Ana Reyes");
  key (f, "alt+2");
  g_assert_cmpstr (spa_account_get_name (spa_lock_screen_get_chosen (lock)), ==, "Claire Dubois");

  type_pin (f, "1111");
  key (f, "Return");
  assert_locked (f, FALSE);
  g_assert_cmpstr (spa_account_get_name (spa_context_get_account (f->desk.context)), ==,
                   "Claire Dubois");
}

static gboolean
widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* The client page's tab @title (a view switcher's button), if it shows one. */
static GtkWidget *
find_tab (SpaClientPage *page,
          const char    *title)
{
  return spa_test_find_labelled (GTK_WIDGET (page), GTK_TYPE_TOGGLE_BUTTON, title);
}

/* Ethan's Sessions tab, opened as the desk does: Clients, a click on his row, a click
 * on the tab. */
static SpaClientPage *
open_sessions (Fixture *f)
{
  SpaClientsPage *clients = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->desk.window));
  SpaClientPage *page;
  GtkWidget *tab;
  g_autoptr(SpaRecord) selected = NULL;

  spa_test_open_client (GTK_WIDGET (f->desk.window), "Ethan Nguyen");
  settle (300);
  selected = spa_clients_page_dup_selected (clients);
  g_assert_cmpstr (spa_record_get_id (selected), ==, spa_record_get_id (f->client));
  page = SPA_CLIENT_PAGE (spa_clients_page_get_client_page (clients));
  tab = find_tab (page, "Sessions");
  g_assert_nonnull (tab);
  spa_test_click (tab, -1, -1);
  settle (300);
  return page;
}

static gboolean
stack_settled (gpointer stack)
{
  return !gtk_stack_get_transition_running (stack);
}

/* Ethan's Sessions tab, and a click on its New Note button: the note editor, open and
 * still (a click while it slides in lands where its text boxes are not yet). */
static SpaNoteEditor *
click_new_note (Fixture *f)
{
  SpaClientPage *page = open_sessions (f);
  GtkWidget *section = spa_client_page_get_section (page, "sessions");
  SpaNoteEditor *editor = spa_sessions_section_get_editor (SPA_SESSIONS_SECTION (section));
  GtkWidget *button = spa_test_find_action_widget (section, "sessions.new-note");
  GtkWidget *stack;

  g_assert_nonnull (button);
  spa_test_click (button, -1, -1);
  g_assert_true (spa_test_iterate_until (widget_mapped, editor, 5000));
  stack = gtk_widget_get_ancestor (GTK_WIDGET (editor), GTK_TYPE_STACK);
  g_assert_true (spa_test_iterate_until (stack_settled, stack, 5000));
  return editor;
}

static char *
view_text (GtkTextView *view)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
  return gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &start, &end, FALSE);
}

static gboolean
section_visible (SpaClientPage *page,
                 const char    *name)
{
  GtkWidget *section = spa_client_page_get_section (page, name);
  GtkWidget *stack = gtk_widget_get_ancestor (section, ADW_TYPE_VIEW_STACK);

  return adw_view_stack_page_get_visible (adw_view_stack_get_page (ADW_VIEW_STACK (stack), section));
}

/* Whether a label on screen under @widget says @text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} ShowWait;

static gboolean
shows_text_now (gpointer data)
{
  ShowWait *wait = data;

  return shows_text (wait->widget, wait->text);
}

/* Waits (at most 5 s) until a label on screen under @widget says @text. */
static gboolean
comes_to_show (GtkWidget  *widget,
               const char *text)
{
  ShowWait wait = { widget, text };

  return spa_test_iterate_until (shows_text_now, &wait, 5000);
}

static void
test_lock_keeps_draft_and_switch_user (Fixture *f, gconstpointer data)
{
  SpaClientsPage *clients = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->desk.window));
  SpaClientPage *page;
  SpaNoteEditor *editor;
  GtkTextView *subjective;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  /* A completed intake: its answers are for therapists. */
  {
    g_autoptr(SpaRecord) intake = spa_record_new ("intake");

    spa_record_set_string (intake, "client_id", spa_record_get_id (f->client));
    spa_record_set_string (intake, "pressure", "firm");
    spa_record_set_string (intake, "allergies", "Arnica");
    spa_record_set_string (intake, "consent_name", "Ethan Nguyen");
    g_assert_true (spa_clinical_complete_intake (f->desk.store, intake, &error));
    g_assert_no_error (error);
  }

  sign_in_by_keys (f, "2", "1111");
  assert_locked (f, FALSE);

  /* Claire starts a note and types in it. */
  editor = click_new_note (f);
  page = SPA_CLIENT_PAGE (spa_clients_page_get_client_page (clients));
  subjective = spa_note_editor_get_text_view (editor, "subjective");
  g_assert_true (comes_to_show (GTK_WIDGET (page), "Arnica"));
  g_assert_true (comes_to_show (GTK_WIDGET (page), "Pressure"));
  spa_test_click (GTK_WIDGET (subjective), -1, -1);
  spa_test_type (GTK_WIDGET (subjective), "neck tight");
  spa_test_wait_for_count (f->desk.store, "SELECT count(*) FROM session_note WHERE subjective = ?",
                           "neck tight", 1);

  /* Ctrl+L locks at once; the draft is saved, not lost. */
  key (f, "ctrl+l");
  assert_locked (f, TRUE);
  g_assert_cmpint (spa_test_count_rows (f->desk.store,
                                        "SELECT count(*) FROM session_note WHERE subjective = ?",
                                        "neck tight"), ==, 1);

  /* Two keys to switch: Ctrl+L, then the number; the front desk sees no notes. */
  sign_in_by_keys (f, "1", "5555");
  assert_locked (f, FALSE);
  g_assert_cmpstr (spa_account_get_name (spa_context_get_account (f->desk.context)), ==,
                   "Ana Reyes");
  g_assert_false (section_visible (page, "sessions"));
  g_assert_false (section_visible (page, "progress"));
  g_assert_false (section_visible (page, "intake"));
  g_assert_false (shows_text (GTK_WIDGET (page), "Arnica"));
  g_assert_false (shows_text (GTK_WIDGET (page), "Pressure"));
  /* No tab to reach them, no button to start one. */
  g_assert_null (find_tab (page, "Sessions"));
  g_assert_null (find_tab (page, "Progress"));
  g_assert_null (find_tab (page, "Intake"));
  g_assert_nonnull (find_tab (page, "Overview"));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (editor)));
  g_assert_null (spa_test_find_action_widget (GTK_WIDGET (f->desk.window), "sessions.new-note"));

  /* Back to Claire: her note is still there, as she left it. */
  key (f, "ctrl+l");
  assert_locked (f, TRUE);
  sign_in_by_keys (f, "2", "1111");
  assert_locked (f, FALSE);
  g_assert_true (section_visible (page, "sessions"));
  g_assert_true (shows_text (GTK_WIDGET (page), "Arnica"));
  spa_test_click (find_tab (page, "Sessions"), -1, -1);
  g_assert_true (spa_test_iterate_until (widget_mapped, subjective, 5000));
  text = view_text (subjective);
  g_assert_cmpstr (text, ==, "neck tight");
}

/* Whether a message dialog is open, other than @data (one closing). */
static gboolean
has_message_dialog (gpointer data)
{
  GtkWidget *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  return dialog != NULL && dialog != data;
}

/* The message dialog that opens now (not @old, which is closing), once it has the focus. */
static GtkWidget *
wait_for_dialog (GtkWidget *old)
{
  GtkWidget *dialog;

  g_assert_true (spa_test_iterate_until (has_message_dialog, old, 5000));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_true (spa_test_iterate_until ((SpaTestCondition)gtk_window_is_active, dialog, 5000));
  return dialog;
}

static void
frame_cb (GdkFrameClock *clock,
          guint         *frames)
{
  (*frames)++;
}

static gboolean
enough_frames (gpointer data)
{
  return *(guint *)data >= 10;
}

/* Lets @widget's window draw ten more frames (at most 5 s): what ticks on a frame
 * (a caret's blinking, say) has run by then. */
static void
wait_for_frames (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint frames = 0;
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_cb), &frames);
  gdk_frame_clock_begin_updating (clock);
  spa_test_iterate_until (enough_frames, &frames, 5000);
  gdk_frame_clock_end_updating (clock);
  g_signal_handler_disconnect (clock, id);
  g_assert_cmpuint (frames, >=, 10);
}

/* Claire types her note, clicks Sign Note and types her PIN, all as a person does: a
 * wrong PIN signs nothing, hers signs it as her, and the note turns read-only while
 * the caret she left in the text box is still blinking. */
static void
test_sign_note_with_pin (Fixture *f, gconstpointer data)
{
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  SpaNoteEditor *editor;
  GtkTextView *subjective;
  GtkWidget *dialog;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) stored = NULL;
  g_autofree char *text = NULL;
  const char *note_id;
  int blink_timeout;

  /* The caret keeps blinking however long the steps take on a loaded machine. */
  g_object_get (gtk_settings, "gtk-cursor-blink-timeout", &blink_timeout, NULL);
  g_object_set (gtk_settings, "gtk-cursor-blink", TRUE, "gtk-cursor-blink-timeout", 600, NULL);

  sign_in_by_keys (f, "2", "1111");
  assert_locked (f, FALSE);
  editor = click_new_note (f);
  subjective = spa_note_editor_get_text_view (editor, "subjective");
  spa_test_click (GTK_WIDGET (subjective), -1, -1);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->desk.window)) == GTK_WIDGET (subjective));
  spa_test_type (GTK_WIDGET (subjective), "Lower back 6/10.");
  spa_test_wait_for_count (f->desk.store, "SELECT count(*) FROM session_note WHERE subjective = ?",
                           "Lower back 6/10.", 1);
  note_id = spa_record_get_id (spa_note_editor_get_note (editor));
  /* No therapist chosen: the signer's own record is used, no drop-down needed. */
  g_assert_null (spa_record_get_string (spa_note_editor_get_note (editor), "therapist_id"));

  spa_test_click (spa_test_find_action_widget (GTK_WIDGET (editor), "note.sign"), -1, -1);
  dialog = wait_for_dialog (NULL);
  type_text (dialog, "9999");
  press_keys (dialog, "Return");
  /* Wrong: asked again, saying why; the note is still a draft. */
  dialog = wait_for_dialog (dialog);
  g_assert_cmpint (spa_test_count_rows (f->desk.store,
                                        "SELECT count(*) FROM session_note"
                                        " WHERE signed_at IS NOT NULL", NULL), ==, 0);
  type_text (dialog, "1111");
  press_keys (dialog, "Return");
  spa_test_wait_for_count (f->desk.store,
                           "SELECT count(*) FROM session_note"
                           " WHERE id = ? AND signed_at IS NOT NULL",
                           note_id, 1);
  wait_for_frames (GTK_WIDGET (f->desk.window));

  stored = spa_store_get (f->desk.store, "session_note", note_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_string (stored, "signed_by"), ==, "Claire Dubois");
  g_assert_cmpstr (spa_record_get_string (stored, "therapist_id"), ==, spa_record_get_id (f->therapist));
  g_assert_false (gtk_text_view_get_editable (subjective));
  text = view_text (subjective);
  g_assert_cmpstr (text, ==, "Lower back 6/10.");

  /* An amendment carries the signed-in name; nobody types it. */
  spa_test_click (spa_test_find_action_widget (GTK_WIDGET (editor), "note.amend"), -1, -1);
  dialog = wait_for_dialog (NULL);
  g_assert_false (gtk_widget_get_visible (g_object_get_data (G_OBJECT (dialog), "author")));
  spa_test_type (dialog, "Pain after three");
  spa_test_click (spa_test_find_labelled (dialog, GTK_TYPE_BUTTON, "Add Amendment"), -1, -1);
  spa_test_wait_for_count (f->desk.store, "SELECT count(*) FROM note_amendment WHERE author = ?",
                           "Claire Dubois", 1);
  g_assert_cmpint (spa_test_count_rows (f->desk.store,
                                        "SELECT count(*) FROM note_amendment WHERE text = ?",
                                        "Pain after three"), ==, 1);

  g_object_set (gtk_settings, "gtk-cursor-blink-timeout", blink_timeout, NULL);
}

/* Whether no toplevel of the type @data is shown. */
static gboolean
toplevel_gone (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

static void
close_preferences (GtkWidget *preferences)
{
  spa_test_send_keys (preferences, "Escape");
  g_assert_true (spa_test_iterate_until (toplevel_gone,
                                         GSIZE_TO_POINTER (SPA_TYPE_PREFERENCES_WINDOW), 5000));
}

static gboolean
settings_say_off (gpointer data)
{
  Fixture *f = data;

  return !g_settings_get_boolean (f->desk.settings, "sign-in");
}

static gboolean
settings_say_on (gpointer data)
{
  return !settings_say_off (data);
}

/* @n keys (Shift) to @window, one every 0.8 s, the desk open all along. */
static void
keep_busy (Fixture   *f,
           GtkWidget *window,
           guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      settle (800);
      g_assert_false (spa_window_is_locked (f->desk.window));
      spa_test_send_keys (window, "shift");
    }
}

/* Preferences' Desk page, opened from the main menu, and its row titled @title. */
static GtkWidget *
open_desk_row (Fixture    *f,
               GType       type,
               const char *title,
               GtkWidget **preferences)
{
  GtkWidget *row;

  *preferences = spa_test_open_preferences (GTK_WIDGET (f->desk.window), "Desk");
  row = spa_test_find_row (*preferences, type, title);
  g_assert_nonnull (row);
  return row;
}

static void
test_idle_lock (Fixture *f, gconstpointer data)
{
  GtkWidget *preferences;
  GtkWidget *row;

  /* The manager picks one minute in Preferences. */
  sign_in_by_keys (f, "3", "2468");
  assert_locked (f, FALSE);
  row = open_desk_row (f, ADW_TYPE_COMBO_ROW, "_Lock when idle", &preferences);
  spa_test_pick_in_combo (ADW_COMBO_ROW (row), 1);
  g_assert_cmpuint (g_settings_get_uint (f->desk.settings, "idle-lock"), ==, 60);

  /* The shortest choice is a minute: the test's five seconds are set in the settings
   * (times the slowdown of a sanitizer build, spa_test_slowdown()). Use keeps the desk
   * open, in another of its windows too (a key every 0.8 s and what xdotool takes on a
   * loaded machine, well under the 5 s)... */
  spa_test_send_keys (preferences, "shift");
  g_settings_set_uint (f->desk.settings, "idle-lock", 5 * spa_test_slowdown ());
  keep_busy (f, preferences, 8);
  g_assert_false (spa_window_is_locked (f->desk.window));
  close_preferences (preferences);
  keep_busy (f, GTK_WIDGET (f->desk.window), 8);
  g_assert_false (spa_window_is_locked (f->desk.window));

  /* ...and five seconds (times the slowdown) without any lock it. */
  settle (5600);
  assert_locked (f, TRUE);
}

/* A spa run by one person turns sign-in off in Preferences (its manager, signed in):
 * the desk stays open, nothing locks it; turned on again, Ctrl+L locks. */
static void
test_sign_in_off (Fixture *f, gconstpointer data)
{
  GtkWidget *preferences;
  GtkWidget *row;

  sign_in_by_keys (f, "3", "2468");
  assert_locked (f, FALSE);
  for (guint round = 0; round < 2; round++)
    {
      row = open_desk_row (f, ADW_TYPE_ACTION_ROW, "_Sign in at this desk", &preferences);
      spa_test_click (spa_test_find_widget (row, GTK_TYPE_SWITCH), -1, -1);
      g_assert_true (spa_test_iterate_until (round == 0 ? settings_say_off : settings_say_on, f,
                                             5000));
      close_preferences (preferences);
      if (round == 0)
        {
          assert_locked (f, FALSE);
          g_assert_false (spa_context_sign_in_enabled (f->desk.context));
          g_assert_cmpint (spa_context_get_role (f->desk.context), ==, SPA_ROLE_MANAGER);
          key (f, "ctrl+l");
          assert_locked (f, FALSE);
        }
    }
  g_assert_true (spa_context_sign_in_enabled (f->desk.context));
  key (f, "ctrl+l");
  assert_locked (f, TRUE);
}

/* A click on Preferences' Add Account… button; in the dialog that opens, the name and
 * the PIN typed, the role picked with the mouse, and a click on Add. */
static void
add_account (GtkWidget  *preferences,
             const char *name,
             const char *role,
             const char *pin)
{
  GtkWidget *button = spa_test_find_labelled (preferences, GTK_TYPE_BUTTON, "Add Account…");
  GtkWidget *dialog;

  g_assert_nonnull (button);
  spa_test_click (button, -1, -1);
  dialog = wait_for_dialog (NULL);
  spa_test_replace_text (g_object_get_data (G_OBJECT (dialog), "name"), name);
  spa_test_choose (g_object_get_data (G_OBJECT (dialog), "role"), role);
  spa_test_replace_text (g_object_get_data (G_OBJECT (dialog), "pin"), pin);
  spa_test_click_dialog_button ("_Add");
}

/* A new desk is open to anyone; the first account, made in Preferences, turns sign-in
 * on with its maker signed in, and Ctrl+L then locks. */
static void
test_first_account (Fixture *f, gconstpointer data)
{
  GtkWidget *preferences;
  g_autoptr(GPtrArray) accounts = NULL;

  assert_locked (f, FALSE);
  g_assert_false (spa_context_sign_in_enabled (f->desk.context));
  key (f, "ctrl+l");
  assert_locked (f, FALSE);

  preferences = spa_test_open_preferences (GTK_WIDGET (f->desk.window), "Desk");

  /* A two-digit PIN is refused, and said so. */
  add_account (preferences, "Maya Singh", "Manager", "12");
  g_assert_true (comes_to_show (preferences, "A PIN has 4 to 8 digits."));
  accounts = spa_account_list (f->desk.store, NULL);
  g_assert_cmpuint (accounts->len, ==, 0);
  g_clear_pointer (&accounts, g_ptr_array_unref);
  g_assert_false (spa_context_sign_in_enabled (f->desk.context));

  add_account (preferences, "Maya Singh", "Manager", "1234");
  accounts = spa_account_list (f->desk.store, NULL);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpstr (spa_account_get_name (accounts->pdata[0]), ==, "Maya Singh");
  g_assert_cmpint (spa_account_get_role (accounts->pdata[0]), ==, SPA_ROLE_MANAGER);
  g_assert_true (spa_context_sign_in_enabled (f->desk.context));
  g_assert_nonnull (spa_context_get_account (f->desk.context));
  g_assert_cmpstr (spa_account_get_name (spa_context_get_account (f->desk.context)), ==,
                   "Maya Singh");
  assert_locked (f, FALSE);
  close_preferences (preferences);

  key (f, "ctrl+l");
  assert_locked (f, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/signin/sign-in", test_sign_in);
  ADD ("/signin/lock-keeps-draft-and-switch-user", test_lock_keeps_draft_and_switch_user);
  ADD ("/signin/sign-note-with-pin", test_sign_note_with_pin);
  g_test_add ("/signin/idle-lock", Fixture, GINT_TO_POINTER (WITH_MANAGER), fixture_set_up,
              test_idle_lock, fixture_tear_down);
  g_test_add ("/signin/sign-in-off", Fixture, GINT_TO_POINTER (WITH_MANAGER), fixture_set_up,
              test_sign_in_off, fixture_tear_down);
  g_test_add ("/signin/first-account", Fixture, GINT_TO_POINTER (NO_ACCOUNTS), fixture_set_up,
              test_first_account, fixture_tear_down);
#undef ADD

  return g_test_run ();
}
