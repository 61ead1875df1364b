/* spa-application.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-application"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "spa-application.h"
#include "spa-data-cli.h"
#include "spa-startup-dialog.h"
#include "spa-widget-util.h"
#include "spa-window.h"

struct _SpaApplication
{
  AdwApplication  parent_instance;

  /* Owned */
  SpaContext     *context;
  char           *data_dir;
  char           *screenshot_path;
  char           *initial_view;
  char           *initial_client;
  char           *initial_section;
  char           *sign_in;
  gboolean        demo;
  gboolean        chain;
  gboolean        quit_after_first_frame;
  int             exit_status;
  guint           signal_ids[3];
  gboolean        signalled;
};

G_DEFINE_FINAL_TYPE (SpaApplication, spa_application, ADW_TYPE_APPLICATION)

static gboolean open_context     (SpaApplication  *self,
                                  GError         **error);
static void     show_main_window (SpaApplication  *self);
static void     show_open_failure (SpaApplication *self,
                                   const GError   *error);

static void
spa_application_finalize (GObject *object)
{
  SpaApplication *self = (SpaApplication *)object;

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_ids); i++)
    g_clear_handle_id (&self->signal_ids[i], g_source_remove);
  g_clear_object (&self->context);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->screenshot_path, g_free);
  g_clear_pointer (&self->initial_view, g_free);
  g_clear_pointer (&self->initial_client, g_free);
  g_clear_pointer (&self->initial_section, g_free);
  g_clear_pointer (&self->sign_in, g_free);

  G_OBJECT_CLASS (spa_application_parent_class)->finalize (object);
}

static int
spa_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  SpaApplication *self = SPA_APPLICATION (app);
  int status;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("spa-desk %s\n", PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, "data-dir", "^ay", &self->data_dir);
  g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot_path);
  g_variant_dict_lookup (options, "view", "s", &self->initial_view);
  g_variant_dict_lookup (options, "client", "s", &self->initial_client);
  g_variant_dict_lookup (options, "section", "s", &self->initial_section);
  g_variant_dict_lookup (options, "sign-in", "s", &self->sign_in);
  self->demo = g_variant_dict_contains (options, "demo");
  self->chain = g_variant_dict_contains (options, "chain");
  self->quit_after_first_frame = g_variant_dict_contains (options, "quit-after-first-frame");

  /* --import-clients, --undo-import and --export run without a window. */
  status = spa_data_cli_handle_options (options, self->data_dir);
  if (status >= 0)
    return status;

  /* Each data folder is its own spa: a second window on another folder is another
   * process, not a window of the first one. */
  if (self->data_dir != NULL || self->demo || self->screenshot_path || self->quit_after_first_frame)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  /* The sample spa is added before any window exists, so that a refusal (the
   * database already holds a spa) is a message and a failing exit status. */
  if (self->demo)
    {
      g_autoptr(GError) error = NULL;

      if (!open_context (self, &error))
        {
          g_printerr ("spa-desk: %s\n", error->message);
          return 1;
        }
    }

  return -1;
}

static gboolean
open_context (SpaApplication  *self,
              GError         **error)
{
  g_autofree char *path = spa_store_default_path (self->data_dir);
  g_autoptr(SpaStore) store = NULL;
  g_autoptr(GSettings) settings = NULL;

  /* The app's own connection: another Spa Desk on the same database, a read-only
   * folder or another program's lock are found here, before the first frame. */
  store = spa_store_open_exclusive (path, error);
  if (store == NULL)
    return FALSE;

  settings = g_settings_new (APP_ID);
  self->context = spa_context_new (store, settings);

  if (self->demo)
    {
      g_autoptr(GDateTime) today = spa_context_now (self->context);
      GTimeZone *zone = spa_context_get_time_zone (self->context);

      if (!(self->chain ? spa_demo_fill_chain : spa_demo_fill) (store, zone, today, error))
        return FALSE;
    }

  return TRUE;
}

/* --client and --section: open on one client's section (documentation screenshots). */
static void
show_client (SpaApplication *self,
             SpaWindow      *window)
{
  g_autoptr(GPtrArray) found = spa_store_search_clients (spa_context_get_store (self->context),
                                                         self->initial_client, 1, NULL);

  if (found == NULL || found->len == 0)
    {
      g_printerr ("spa-desk: no client matches “%s”\n", self->initial_client);
      return;
    }

  spa_window_show_client (window, spa_record_get_id (found->pdata[0]), self->initial_section);
}

static void
show_main_window (SpaApplication *self)
{
  GtkWindow *window = GTK_WINDOW (spa_window_new (GTK_APPLICATION (self), self->context));

  if (self->sign_in != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup (self->sign_in);
      char *colon = strrchr (name, ':');

      if (colon != NULL)
        *colon = '\0';
      if (colon == NULL || !spa_window_sign_in (SPA_WINDOW (window), name, colon + 1, &error))
        g_printerr ("spa-desk: --sign-in: %s\n", error ? error->message : _("use NAME:PIN"));
    }
  if (self->initial_view != NULL)
    spa_window_show_view (SPA_WINDOW (window), self->initial_view);
  if (self->initial_client != NULL)
    show_client (self, SPA_WINDOW (window));
  if (self->screenshot_path != NULL)
    spa_window_save_screenshot_when_ready (SPA_WINDOW (window), self->screenshot_path);
  else if (self->quit_after_first_frame)
    spa_window_quit_after_first_frame (SPA_WINDOW (window));

  gtk_window_present (window);
}

/* Opens the database again after the person at the desk did something about it. */
static void
retry_open (SpaApplication *self,
            const char     *kept_as)
{
  g_autoptr(GError) error = NULL;

  if (!open_context (self, &error))
    {
      show_open_failure (self, error);
      return;
    }

  self->exit_status = 0;
  show_main_window (self);
  if (kept_as != NULL)
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
      g_autofree char *name = g_path_get_basename (kept_as);
      /* TRANSLATORS: %s is a file name, as in "spa-desk.db.damaged-20261201-101500" */
      g_autofree char *title = g_strdup_printf (_("The damaged database was kept as “%s”"), name);

      if (SPA_IS_WINDOW (window))
        spa_window_add_toast (SPA_WINDOW (window), spa_toast_new_plain (title));
    }
}

/* Moves the damaged database aside (it may still be rescued) and puts a backup, or
 * nothing, in its place. */
static void
replace_damaged (SpaApplication *self,
                 const char     *backup)
{
  g_autofree char *path = spa_store_default_path (self->data_dir);
  g_autofree char *aside = NULL;
  g_autoptr(GError) error = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    aside = spa_store_move_aside (path, &error);
  if (error == NULL && backup != NULL)
    spa_store_replace_with (path, backup, &error);
  if (error != NULL)
    {
      show_open_failure (self, error);
      return;
    }

  retry_open (self, aside);
}

static void
backup_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  SpaApplication  *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autofree char *backup = file != NULL ? g_file_get_path (file) : NULL;
  g_autofree char *path = spa_store_default_path (self->data_dir);

  if (response == GTK_RESPONSE_ACCEPT && backup != NULL)
    replace_damaged (self, backup);
  else
    {
      /* Back to the question the person was answering. */
      g_autoptr(GError) error = NULL;

      g_set_error (&error, SPA_STORE_ERROR, SPA_STORE_ERROR_CORRUPT, "%s", path);
      show_open_failure (self, error);
    }

  g_object_unref (chooser);
  g_application_release (G_APPLICATION (self));
}

static void
choose_backup (SpaApplication *self)
{
  g_autofree char *path = spa_store_default_path (self->data_dir);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open a Backup of the Database"), NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder_file, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* No window of ours is open while the chooser is: keep the app running. */
  g_application_hold (G_APPLICATION (self));
  g_signal_connect (chooser, "response", G_CALLBACK (backup_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_failure_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          SpaApplication   *self)
{
  if (g_strcmp0 (response, SPA_STARTUP_RESPONSE_RETRY) == 0)
    retry_open (self, NULL);
  else if (g_strcmp0 (response, SPA_STARTUP_RESPONSE_START_FRESH) == 0)
    replace_damaged (self, NULL);
  else if (g_strcmp0 (response, SPA_STARTUP_RESPONSE_BACKUP) == 0)
    choose_backup (self);
  /* "quit": the dialog closes, and with it the app (no other window is open). */
}

/* Not a crash and not a silent exit: say what is wrong, where, and what to do, and
 * leave with a failing status unless it gets fixed. */
static void
show_open_failure (SpaApplication *self,
                   const GError   *error)
{
  g_autofree char *path = spa_store_default_path (self->data_dir);
  GtkWidget *dialog = spa_startup_dialog_new (error, path);

  g_printerr ("spa-desk: %s\n", error->message);
  self->exit_status = 1;
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_failure_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
spa_application_activate (GApplication *app)
{
  SpaApplication *self = SPA_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->context == NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!open_context (self, &error))
        {
          show_open_failure (self, error);
          return;
        }
    }

  show_main_window (self);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SpaApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing each window lets it save what is being edited. */
  for (GList *l = g_list_copy (windows); l; l = g_list_delete_link (l, l))
    gtk_window_close (l->data);
}

/* SIGTERM (a session ending, a test's tear-down), SIGINT, SIGHUP: quit as Ctrl+Q does,
 * so what is being edited is saved and the process ends through main(), not killed
 * half-way; a second signal quits at once, whatever a window still asks. */
static gboolean
quit_signal_cb (gpointer user_data)
{
  SpaApplication *self = user_data;

  if (self->signalled)
    g_application_quit (G_APPLICATION (self));
  else
    g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
  self->signalled = TRUE;
  return G_SOURCE_CONTINUE;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  SpaApplication *self = user_data;
  static const char *developers[] = { "The Spa Desk authors", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-name", _("Spa Desk"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Spa Desk authors"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/spadesk/spa-desk",
                        "issue-url", "https://github.com/spadesk/spa-desk/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Spa Desk authors",
                        "developers", developers,
                        /* TRANSLATORS: your name and e-mail, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
};

static void
spa_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_client_accels[] = { "<Control><Shift>n", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *new_booking_accels[] = { "<Control>n", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };
  static const char *view_today_accels[] = { "<Alt>1", NULL };
  static const char *view_calendar_accels[] = { "<Alt>2", NULL };
  static const char *view_clients_accels[] = { "<Alt>3", NULL };
  static const char *view_reports_accels[] = { "<Alt>4", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  static const int quit_signals[] = { SIGTERM, SIGINT, SIGHUP };
  SpaApplication *self = SPA_APPLICATION (app);

  G_APPLICATION_CLASS (spa_application_parent_class)->startup (app);

  for (guint i = 0; i < G_N_ELEMENTS (quit_signals); i++)
    self->signal_ids[i] = g_unix_signal_add (quit_signals[i], quit_signal_cb, self);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.new-client", new_client_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.new-booking", new_booking_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-view::today", view_today_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-view::calendar", view_calendar_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-view::clients", view_clients_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-view::reports",
                                         view_reports_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.preferences", preferences_accels);
}

static void
spa_application_class_init (SpaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = spa_application_finalize;

  app_class->handle_local_options = spa_application_handle_local_options;
  app_class->startup = spa_application_startup;
  app_class->activate = spa_application_activate;
}

static void
spa_application_init (SpaApplication *self)
{
  static const GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Keep the spa’s database in DIR instead of the user’s data folder"), N_("DIR") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Fill a new, empty database with a sample spa to explore"), NULL },
    { "chain", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("With --demo, make the sample spa a chain of three locations"), NULL },
    { "view", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Open on a view: today, calendar, clients or reports"), N_("VIEW") },
    { "client", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
      N_("Open on the first client matching QUERY"), N_("QUERY") },
    { "section", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
      N_("With --client, open on a section: overview, intake, sessions, note or progress"), N_("SECTION") },
    { "sign-in", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
      N_("Sign in as NAME with PIN at start (documentation screenshots)"), N_("NAME:PIN") },
    { "screenshot", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL,
      N_("Save a picture of the window to FILE once it is drawn, then quit"), N_("FILE") },
    { "quit-after-first-frame", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL,
      N_("Quit as soon as the window has drawn its first frame (start-up benchmark)"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_add_main_option_entries (G_APPLICATION (self), spa_data_cli_options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Clients, intake forms, bookings and session notes for a spa."));
}

SpaApplication *
spa_application_new (void)
{
  return g_object_new (SPA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_PREFIX,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * spa_application_get_context:
 *
 * Returns: (transfer none) (nullable): the context, once the database is open
 */
SpaContext *
spa_application_get_context (SpaApplication *self)
{
  g_return_val_if_fail (SPA_IS_APPLICATION (self), NULL);
  return self->context;
}

const char *
spa_application_get_data_dir (SpaApplication *self)
{
  g_return_val_if_fail (SPA_IS_APPLICATION (self), NULL);
  return self->data_dir;
}

/**
 * spa_application_get_exit_status:
 *
 * Returns: what the process should exit with once the app has run: non-zero when
 *   the database could not be opened and the person quit
 */
int
spa_application_get_exit_status (SpaApplication *self)
{
  g_return_val_if_fail (SPA_IS_APPLICATION (self), 1);
  return self->exit_status;
}
