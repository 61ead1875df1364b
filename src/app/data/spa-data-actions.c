/* spa-data-actions.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-data-actions"

#include "config.h"

#include <glib/gi18n.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>

#include "spa-data-actions.h"
#include "spa-chart-documents.h"
#include "spa-export-receipts.h"
#include "spa-export.h"
#include "spa-import-dialog.h"
#include "spa-note-chain.h"
#include "spa-widget-util.h"

/*
 * The window actions that move the spa's records in and out or vouch for them (the
 * primary menu's Import Clients, Export Everything and Verify Records), for a manager:
 * the core's role rule decides who may.
 */

/* Breaks listed in the report; the heading gives their number. */
#define MAX_BREAKS_LISTED 20

static gboolean
may_move_records (GtkWidget *window)
{
  SpaContext *context = spa_widget_get_context (window);

  if (spa_role_may_move_records (spa_context_get_role (context)))
    return TRUE;
  spa_widget_show_toast (window,
                         _("Only a manager can import, export or verify the spa’s records."), 6,
                         NULL, NULL, NULL);
  return FALSE;
}

/**
 * spa_data_actions_import_clients:
 * @window: the main window (a widget with a "context" property and the `win.` actions)
 *
 * Returns: (transfer none) (nullable): the import dialog, or %NULL when the person
 *   signed in may not import (a toast says so)
 */
GtkWidget *
spa_data_actions_import_clients (GtkWidget *window)
{
  SpaImportDialog *dialog;

  if (!may_move_records (window))
    return NULL;
  dialog = spa_import_dialog_new (spa_widget_get_context (window));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

static void
import_clients_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  spa_data_actions_import_clients (widget);
}

/* ---- Export Everything ---- */

/* What a thread of these actions works on: the database, on a connection of its own,
 * and what it found. */
typedef struct
{
  char      *db_path;
  char      *archive;    /* Export Everything */
  SpaExportReceipts *receipts;
  char      *client_id;  /* a client's file as PDF */
  char      *pdf;
  GTimeZone *zone;
  GPtrArray *breaks;     /* Verify Records */
  guint      n_links;
  guint      n_records;
} Job;

static void
job_free (Job *job)
{
  g_free (job->db_path);
  g_free (job->archive);
  g_clear_pointer (&job->receipts, spa_export_receipts_free);
  g_free (job->client_id);
  g_free (job->pdf);
  g_clear_pointer (&job->zone, g_time_zone_unref);
  g_clear_pointer (&job->breaks, g_ptr_array_unref);
  g_free (job);
}

/* Runs @thread_func for @window, which is busy with @what until @done_cb. */
/**
 * spa_data_actions_audit:
 * @client_id: (nullable): the client whose records were opened, printed or exported
 * @action: one of the `SPA_AUDIT_*` actions
 * @detail: (nullable): what exactly
 *
 * Writes the audit event of what the person signed in (if any) just did at this desk
 * (docs/audit.md). The event is written before anything else reads its outcome; a store
 * that cannot write it is a warning in the log, not a refusal of the work.
 */
void
spa_data_actions_audit (SpaContext *context,
                        const char *client_id,
                        const char *action,
                        const char *detail)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SPA_IS_CONTEXT (context));

  if (!spa_audit_record (spa_context_get_store (context), spa_context_get_account (context),
                         client_id, action, detail, &error))
    g_warning ("Could not write the audit event %s: %s", action, error->message);
}

static void
run_job (GtkWidget             *window,
         const char            *what,
         Job                   *job,
         gpointer               source_tag,
         GTaskThreadFunc        thread_func,
         GAsyncReadyCallback    done_cb)
{
  g_autoptr(GTask) task = g_task_new (window, NULL, done_cb, NULL);
  SpaContext *context = spa_widget_get_context (window);

  job->db_path = g_strdup (spa_store_get_path (spa_context_get_store (context)));
  g_object_set_data (G_OBJECT (window), what, GINT_TO_POINTER (TRUE));
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  g_task_run_in_thread (task, thread_func);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(SpaStore) store = NULL;
  g_autoptr(GArray) counts = NULL;
  GError *error = NULL;

  store = spa_store_open (job->db_path, &error);
  if (store != NULL)
    counts = spa_export_to_archive_full (store, job->archive, spa_export_receipts_write,
                                         job->receipts, cancellable, &error);
  if (counts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GtkWidget *window = GTK_WIDGET (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (job->archive);
  g_autofree char *text = NULL;

  g_object_set_data (G_OBJECT (window), "spa-exporting", NULL);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      AdwMessageDialog *dialog =
        ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (window),
                                                    _("Could Not Export the Records"),
                                                    error->message));

      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  spa_data_actions_audit (spa_widget_get_context (window), NULL, SPA_AUDIT_EXPORTED, job->archive);
  /* TRANSLATORS: the archive's file name */
  text = g_strdup_printf (_("Everything was exported to %s."), name);
  spa_widget_show_toast (window, text, 8, NULL, NULL, NULL);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    GtkWidget       *window)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file ? g_file_get_path (file) : NULL;
  if (path != NULL && !g_object_get_data (G_OBJECT (window), "spa-exporting"))
    {
      Job *job = g_new0 (Job, 1);
      SpaContext *context = spa_widget_get_context (window);

      /* The file as chosen: a sandboxed desk may write no other. */
      job->archive = g_strdup (path);
      job->receipts = spa_export_receipts_new (spa_context_get_settings (context),
                                               spa_context_get_time_zone (context));
      spa_widget_show_toast (window, _("Exporting every record of the spa…"), 3, NULL, NULL,
                             NULL);
      run_job (window, "spa-exporting", job, export_response_cb, export_thread, export_done_cb);
    }
  g_object_unref (chooser);
  g_object_unref (window);
}

/**
 * spa_data_actions_export_records:
 * @window: the main window
 *
 * Asks where to save the export (a `.tar.gz` archive of every record, the bookings
 * as iCalendar and the signed notes' chain of hashes; docs/export.md), then writes it
 * in a thread and says when it is done.
 *
 * Returns: whether the file chooser opened (not when the person may not export)
 */
gboolean
spa_data_actions_export_records (GtkWidget *window)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (!may_move_records (window))
    return FALSE;

  chooser = gtk_file_chooser_native_new (_("Export Everything"), GTK_WINDOW (window),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* TRANSLATORS: the export's suggested file name; %s is today, 2026-12-01 */
  name = g_strdup_printf (_("spa-desk-export-%s.tar.gz"), day);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("Archives (.tar.gz)"));
  gtk_file_filter_add_suffix (filter, "tar.gz");
  gtk_file_filter_add_suffix (filter, "tgz");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), g_object_ref (window));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  return TRUE;
}

static void
export_records_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  spa_data_actions_export_records (widget);
}

/* ---- A client's file ---- */

/* One client's file laid out as a PDF, in a thread: a client with years of notes is
 * many pages, and Pango lays each one out. */
static void
client_pdf_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(SpaStore) store = NULL;
  g_autoptr(SpaPrintDocument) document = NULL;
  GError *error = NULL;
  int fd;

  store = spa_store_open (job->db_path, &error);
  if (store != NULL)
    document = spa_chart_document_client_file (store, job->client_id, job->zone, &error);
  if (document == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Clinical data: a file only its owner reads, before anything is in it. */
  fd = g_open (job->pdf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd >= 0)
    g_close (fd, NULL);
  if (!spa_print_document_write_pdf (document, job->pdf, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Says that the client's file at @path was saved (or why not), and audits it. */
static void
client_file_saved (GtkWidget  *window,
                   const char *client_id,
                   const char *path,
                   GError     *error)
{
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (error != NULL)
    {
      spa_widget_show_toast (window, error->message, 8, NULL, NULL, NULL);
      return;
    }
  spa_data_actions_audit (spa_widget_get_context (window), client_id,
                          SPA_AUDIT_CLIENT_FILE_EXPORTED, path);
  name = g_path_get_basename (path);
  /* TRANSLATORS: the file's name */
  text = g_strdup_printf (_("The client’s file was saved as %s."), name);
  spa_widget_show_toast (window, text, 8, NULL, NULL, NULL);
}

static void
client_pdf_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_object_set_data (source, "spa-saving-client-file", NULL);
  g_task_propagate_boolean (G_TASK (result), &error);
  client_file_saved (GTK_WIDGET (source), job->client_id, job->pdf, error);
}

static void
client_file_response_cb (GtkNativeDialog *chooser,
                         int              response,
                         GtkWidget       *window)
{
  const char *client_id = g_object_get_data (G_OBJECT (chooser), "client-id");
  SpaStore *store = spa_context_get_store (spa_widget_get_context (window));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      const char *format = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "format");

      /* The name's ending says the format; without one, the format chosen. */
      if (path != NULL &&
          (g_str_has_suffix (path, ".pdf") ||
           (!g_str_has_suffix (path, ".json") && g_strcmp0 (format, "pdf") == 0)))
        {
          if (!g_object_get_data (G_OBJECT (window), "spa-saving-client-file"))
            {
              SpaContext *context = spa_widget_get_context (window);
              Job *job = g_new0 (Job, 1);

              job->client_id = g_strdup (client_id);
              job->pdf = g_strdup (path);
              job->zone = g_time_zone_ref (spa_context_get_time_zone (context));
              run_job (window, "spa-saving-client-file", job, client_file_response_cb,
                       client_pdf_thread, client_pdf_done_cb);
            }
          else
            spa_widget_show_toast (window,
                                   _("A client’s file is still being saved. Try again "
                                     "when it is done."), 6, NULL, NULL, NULL);
        }
      else
        {
          json = spa_export_client_file (store, client_id, &error);
          /* Clinical data: a new file only its owner reads. */
          if (json != NULL)
            g_file_replace_contents (file, json, strlen (json), NULL, FALSE,
                                     G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                     NULL, NULL, &error);
          if (path == NULL)
            path = g_file_get_uri (file);
          client_file_saved (window, client_id, path, error);
        }
    }
  g_object_unref (chooser);
  g_object_unref (window);
}

/**
 * spa_data_actions_export_client_file:
 * @window: the main window
 * @client_id: the client
 *
 * Asks where to save one client's file (their record, intakes, notes with their
 * amendments and bookings; docs/export.md), for a client who asks for their records,
 * and saves it there: as a PDF when the name ends in `.pdf` (or PDF is the format
 * chosen), else as JSON.
 *
 * Returns: whether the file chooser opened (not when the person may not export)
 */
gboolean
spa_data_actions_export_client_file (GtkWidget  *window,
                                     const char *client_id)
{
  SpaStore *store;
  g_autoptr(SpaRecord) client = NULL;
  g_autofree char *name = NULL;
  g_autofree char *file_name = NULL;
  GtkFileChooserNative *chooser;

  if (!may_move_records (window))
    return FALSE;
  store = spa_context_get_store (spa_widget_get_context (window));
  client = spa_store_get (store, "client", client_id, NULL);
  if (client == NULL)
    return FALSE;

  chooser = gtk_file_chooser_native_new (_("Save the Client’s File"), GTK_WINDOW (window),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = spa_client_dup_display_name (client);
  g_strdelimit (name, "/\\", '-');
  /* TRANSLATORS: the suggested name of a client's file; %s is the client's name */
  file_name = g_strdup_printf (_("%s – records.json"), name);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "format", _("Format"),
                               (const char *[]){ "json", "pdf", NULL },
                               (const char *[]){ _("JSON, for another program"),
                                                 _("PDF, to read or print"), NULL });
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "format", "json");
  g_object_set_data_full (G_OBJECT (chooser), "client-id", g_strdup (client_id), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (client_file_response_cb),
                    g_object_ref (window));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  return TRUE;
}

/* ---- Printing ---- */

/* The document for @kind ("intake", "note" or "progress") of @id, if the person
 * signed in may read it. */
static SpaPrintDocument *
chart_document (GtkWidget   *window,
                const char  *kind,
                const char  *id,
                GError     **error)
{
  SpaContext *context = spa_widget_get_context (window);
  SpaStore *store = spa_context_get_store (context);
  GTimeZone *zone = spa_context_get_time_zone (context);
  /* The front desk reads an intake without its health answers, and no note: paper
   * holds them all, so it is for those who may read the notes. */
  if (!spa_role_may_read (spa_context_get_role (context), "session_note"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("Only a therapist or a manager can print clinical records."));
      return NULL;
    }
  if (g_str_equal (kind, "intake"))
    return spa_chart_document_intake (store, id, zone, error);
  if (g_str_equal (kind, "note"))
    return spa_chart_document_note (store, id, zone, error);
  return spa_chart_document_progress (store, id, zone, error);
}

/* The client whose @kind of record @id is, for the audit trail. */
static char *
chart_client_id (SpaStore   *store,
                 const char *kind,
                 const char *id)
{
  g_autoptr(SpaRecord) record = NULL;

  if (g_str_equal (kind, "progress"))
    return g_strdup (id);
  record = spa_store_get (store, g_str_equal (kind, "intake") ? "intake" : "session_note", id,
                          NULL);
  return record != NULL ? g_strdup (spa_record_get_string (record, "client_id")) : NULL;
}

/* Printed (or saved as PDF): an audit event naming the printout. */
static void
audit_printed (GtkWidget  *window,
               const char *kind,
               const char *id)
{
  SpaContext *context = spa_widget_get_context (window);
  g_autofree char *client_id = chart_client_id (spa_context_get_store (context), kind, id);
  g_autofree char *detail = g_strdup_printf ("%s %s", kind, id);

  spa_data_actions_audit (context, client_id, SPA_AUDIT_PRINTED, detail);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               GtkWidget               *window)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    audit_printed (window, g_object_get_data (G_OBJECT (operation), "spa-kind"),
                   g_object_get_data (G_OBJECT (operation), "spa-id"));

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        spa_widget_show_toast (window, error->message, 8, NULL, NULL, NULL);
    }
  g_object_unref (window);
}

/**
 * spa_data_actions_print_chart:
 * @widget: a widget in the main window
 * @kind: "intake" (an intake form with its body map), "note" (a session note with
 *   its amendments) or "progress" (a client's pain over their sessions)
 * @id: the intake's or the note's id, or for "progress" the client's
 *
 * Opens the system print dialog for the record, laid out as a clinic files it; the
 * dialog can also save it as PDF. The pages are those of the saved client's file.
 *
 * Returns: whether the dialog opened (a toast says why not)
 */
gboolean
spa_data_actions_print_chart (GtkWidget  *widget,
                              const char *kind,
                              const char *id)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  SpaPrintDocument *document;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (kind != NULL && id != NULL, FALSE);

  document = chart_document (window, kind, id, &error);
  if (document == NULL)
    {
      spa_widget_show_toast (window, error->message, 8, NULL, NULL, NULL);
      return FALSE;
    }
  operation = spa_print_document_new_operation (document);
  g_object_set_data_full (G_OBJECT (operation), "spa-kind", g_strdup (kind), g_free);
  g_object_set_data_full (G_OBJECT (operation), "spa-id", g_strdup (id), g_free);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), g_object_ref (window));
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (window), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      spa_widget_show_toast (window, error->message, 8, NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/**
 * spa_data_actions_export_chart:
 * @widget: a widget in the main window
 * @kind: as for spa_data_actions_print_chart()
 * @id: as for spa_data_actions_print_chart()
 * @path: the PDF file to write
 *
 * Prints the record into a PDF file without a dialog: the print operation of
 * spa_data_actions_print_chart(), exported.
 *
 * Returns: whether the file was written
 */
gboolean
spa_data_actions_export_chart (GtkWidget   *widget,
                               const char  *kind,
                               const char  *id,
                               const char  *path,
                               GError     **error)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  g_autoptr(GtkPrintOperation) operation = NULL;
  SpaPrintDocument *document;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (kind != NULL && id != NULL && path != NULL, FALSE);

  document = chart_document (window, kind, id, error);
  if (document == NULL)
    return FALSE;
  operation = spa_print_document_new_operation (document);
  gtk_print_operation_set_export_filename (operation, path);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, GTK_WINDOW (window),
                               error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    return FALSE;
  audit_printed (window, kind, id);
  return TRUE;
}

/* ---- Verify Records ---- */

/* The chain is walked on a connection of its own: thousands of notes take a while. */
static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(SpaStore) store = NULL;
  GError *error = NULL;

  store = spa_store_open (job->db_path, &error);
  if (store != NULL)
    job->breaks = spa_note_chain_verify (store, &job->n_links, &job->n_records, &error);
  if (job->breaks == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* "Session note of Anne Roy, Friday, November 20, 2026", for the note a break concerns. */
static char *
describe_record (SpaStore   *store,
                 const char *entity,
                 const char *id)
{
  g_autoptr(SpaRecord) record = spa_store_get (store, entity, id, NULL);
  g_autoptr(SpaRecord) note = NULL;
  g_autoptr(SpaRecord) client = NULL;
  g_autofree char *name = NULL;
  g_autofree char *day = NULL;
  gboolean amendment = g_str_equal (entity, "note_amendment");

  if (record != NULL && amendment)
    note = spa_store_get (store, "session_note", spa_record_get_string (record, "note_id"), NULL);
  else if (record != NULL)
    note = g_object_ref (record);
  if (note == NULL)
    /* TRANSLATORS: a signed record that is no longer in the database, by its id */
    return g_strdup_printf (_("Signed record %s"), id);

  client = spa_store_get (store, "client", spa_record_get_string (note, "client_id"), NULL);
  name = client ? spa_client_dup_display_name (client) : g_strdup ("?");
  day = spa_format_day (spa_record_get_string (note, "session_date"));
  if (amendment)
    /* TRANSLATORS: the client's name, then the day of the session */
    return g_strdup_printf (_("Amendment to the session note of %s, %s"), name, day ? day : "");
  /* TRANSLATORS: the client's name, then the day of the session */
  return g_strdup_printf (_("Session note of %s, %s"), name, day ? day : "");
}

/**
 * spa_data_actions_describe_break:
 * @store: the spa's store
 * @brk: a break of the chain, from spa_note_chain_verify()
 *
 * Returns: (transfer full): the break as the Verify Records report says it: the note
 *   it concerns, then what is wrong
 */
char *
spa_data_actions_describe_break (SpaStore                *store,
                                 const SpaNoteChainBreak *brk)
{
  g_autofree char *record = describe_record (store, brk->entity, brk->record_id);

  /* TRANSLATORS: the note concerned, then what is wrong with it */
  return g_strdup_printf (_("%s: %s"), record, brk->reason);
}

static void
verify_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GtkWidget *window = GTK_WIDGET (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  SpaStore *store = spa_context_get_store (spa_widget_get_context (window));
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  g_object_set_data (G_OBJECT (window), "spa-verifying", NULL);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      heading = g_strdup (_("Could Not Verify the Records"));
      g_string_append (body, error->message);
    }
  else if (job->breaks->len == 0)
    {
      heading = g_strdup (_("All Signed Notes Are Intact"));
      g_string_printf (body,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%u signed note or amendment was checked against the chain "
                                    "of hashes: none was changed since it was signed.",
                                    "%u signed notes and amendments were checked against the "
                                    "chain of hashes: none was changed since it was signed.",
                                    job->n_records),
                       job->n_records);
    }
  else
    {
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Problem in the Signed Notes",
                                              "%u Problems in the Signed Notes", job->breaks->len),
                                 job->breaks->len);
      for (guint i = 0; i < job->breaks->len && i < MAX_BREAKS_LISTED; i++)
        {
          g_autofree char *line = spa_data_actions_describe_break (store, job->breaks->pdata[i]);

          if (i > 0)
            g_string_append_c (body, '\n');
          g_string_append (body, line);
        }
      if (job->breaks->len > MAX_BREAKS_LISTED)
        {
          g_string_append_c (body, '\n');
          g_string_append_printf (body,
                                  g_dngettext (GETTEXT_PACKAGE, "And %u more problem.",
                                               "And %u more problems.",
                                               job->breaks->len - MAX_BREAKS_LISTED),
                                  job->breaks->len - MAX_BREAKS_LISTED);
        }
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (window), heading, body->str));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * spa_data_actions_verify_records:
 * @window: the main window
 *
 * Checks every signed note and amendment against the chain of hashes in a thread,
 * then says what it found in a message dialog, naming each note that was changed.
 *
 * Returns: whether the check started (not when the person may not, or one runs)
 */
gboolean
spa_data_actions_verify_records (GtkWidget *window)
{
  if (!may_move_records (window) || g_object_get_data (G_OBJECT (window), "spa-verifying"))
    return FALSE;
  run_job (window, "spa-verifying", g_new0 (Job, 1), spa_data_actions_verify_records,
           verify_thread, verify_done_cb);
  return TRUE;
}

static void
verify_records_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  spa_data_actions_verify_records (widget);
}

void
spa_data_actions_install (GtkWidgetClass *window_class)
{
  gtk_widget_class_install_action (window_class, "win.import-clients", NULL,
                                   import_clients_action);
  gtk_widget_class_install_action (window_class, "win.export-records", NULL,
                                   export_records_action);
  gtk_widget_class_install_action (window_class, "win.verify-records", NULL,
                                   verify_records_action);
}
