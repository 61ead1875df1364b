/* spa-import-dialog.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-import-dialog.h"
#include "spa-import.h"
#include "spa-widget-util.h"

/*
 * Importing clients from a CSV file, for a manager: choose the file, see what the core
 * (spa-import.c) makes of it (each column's meaning, which can be changed; each row's
 * problems; the rows that match a client already in the spa, with merge, skip or keep
 * both), import, and undo the last import. The rules are the core's; this shows them.
 *
 * Reading, checking, importing and undoing run in a thread on their own connection to
 * the database (the core's import writes in transactions of a few hundred rows), so the
 * desk stays usable. Stopping an import, or closing the dialog while it runs, takes back
 * what it wrote: an import is kept whole or not at all.
 */

/* Rows listed in each part of the preview; the counts above say how many there are. */
#define MAX_LISTED 50
#define FIRST_ROWS 10

typedef enum
{
  JOB_LOAD,
  JOB_CHECK,
  JOB_RUN,
  JOB_UNDO,
} JobKind;

typedef struct
{
  JobKind          kind;
  char            *db_path;
  GFile           *file;
  SpaImport       *import;
  GError          *check_error;  /* the columns give no names: shown, not fatal */
  int              done;         /* rows written so far (atomic) */
  int              total;
  SpaImportCounts  counts;
  gboolean         stopped;      /* the import was stopped and taken back */
  guint            removed;
  guint            restored;
  guint            kept;
} Job;

struct _SpaImportDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkButton           *close_button;
  GtkButton           *import_button;
  GtkStack            *stack;
  GtkLabel            *choose_error_label;
  AdwPreferencesGroup *undo_group;
  AdwActionRow        *last_import_row;
  AdwStatusPage       *busy_page;
  GtkSpinner          *busy_spinner;
  GtkWidget           *preview_box;
  GtkLabel            *summary_label;
  GtkLabel            *counts_label;
  GtkLabel            *mapping_error_label;
  AdwPreferencesGroup *problems_group;
  GtkListBox          *problems_list;
  AdwPreferencesGroup *duplicates_group;
  GtkListBox          *duplicates_list;
  AdwPreferencesGroup *rows_group;
  GtkListBox          *rows_list;
  GtkListBox          *columns_list;
  GtkProgressBar      *progress_bar;
  AdwStatusPage       *done_page;
  GtkButton           *done_undo_button;
  GtkButton           *done_button;

  /* Owned */
  SpaContext        *context;
  SpaImport         *import;
  GCancellable      *cancellable;
  GtkStringList     *target_labels;  /* "Not imported", then the core's targets */
  GtkStringList     *decision_labels;
  guint              progress_id;

  /* Borrowed */
  Job               *job;            /* while its task runs */

  SpaImportDecision  all_decision;
  gboolean           close_pending;
  gboolean           disposed;
  gboolean           filling;        /* rows being made: their signals are not choices */
};

G_DEFINE_FINAL_TYPE (SpaImportDialog, spa_import_dialog, ADW_TYPE_WINDOW)

static void start_job (SpaImportDialog *self,
                       JobKind          kind,
                       GFile           *file);

/* ---- The thread ---- */

static void
job_free (Job *job)
{
  g_free (job->db_path);
  g_clear_object (&job->file);
  g_clear_object (&job->import);
  g_clear_error (&job->check_error);
  g_free (job);
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  Job *job = user_data;

  g_atomic_int_set (&job->total, total);
  g_atomic_int_set (&job->done, done);
}

static gboolean
load_file (Job     *job,
           GError **error)
{
  g_autofree char *path = g_file_get_path (job->file);
  g_autofree char *name = NULL;
  g_autofree char *data = NULL;
  gsize length;

  if (path != NULL)
    return spa_import_load_file (job->import, path, error);

  /* Not a local file (a phone or a network share through GVfs). */
  name = g_file_get_basename (job->file);
  return g_file_load_contents (job->file, NULL, &data, &length, NULL, error) &&
         spa_import_load_data (job->import, name, data, length, error);
}

static gboolean
run_job (Job           *job,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(SpaStore) store = NULL;
  g_autoptr(GError) local_error = NULL;

  if (job->kind == JOB_LOAD && !load_file (job, error))
    return FALSE;

  store = spa_store_open (job->db_path, error);
  if (store == NULL)
    return FALSE;

  switch (job->kind)
    {
    case JOB_LOAD:
    case JOB_CHECK:
      if (spa_import_check (job->import, store, &local_error))
        return TRUE;
      if (!g_error_matches (local_error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_NO_NAME))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      job->check_error = g_steal_pointer (&local_error);
      return TRUE;

    case JOB_RUN:
      if (spa_import_run (job->import, store, progress_cb, job, cancellable, &job->counts,
                          &local_error))
        return TRUE;
      if (!g_error_matches (local_error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Stopped: what the first transactions wrote is taken back as a whole. */
      job->stopped = TRUE;
      return job->counts.batch_id == 0 || spa_import_undo_last (store, NULL, NULL, NULL, error);

    case JOB_UNDO:
      return spa_import_undo_last (store, &job->removed, &job->restored, &job->kept, error);

    default:
      g_assert_not_reached ();
    }
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (run_job (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* ---- Showing the state ---- */

static void
show_page (SpaImportDialog *self,
           const char      *name)
{
  gboolean preview = g_str_equal (name, "preview");
  gboolean busy = g_str_equal (name, "busy") || g_str_equal (name, "running");

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), preview);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button),
                          !g_str_equal (name, "running") && !g_str_equal (name, "done"));
  if (busy)
    gtk_spinner_start (self->busy_spinner);
  else
    gtk_spinner_stop (self->busy_spinner);
}

static void
update_undo_group (SpaImportDialog *self)
{
  SpaStore *store = spa_context_get_store (self->context);
  g_autofree char *file_name = NULL;
  g_autofree char *subtitle = NULL;
  SpaImportCounts counts;
  gboolean can_undo = spa_import_can_undo (store, &file_name, &counts);

  gtk_widget_set_visible (GTK_WIDGET (self->undo_group), can_undo);
  if (!can_undo)
    return;
  /* TRANSLATORS: what the last import did */
  subtitle = g_strdup_printf (_("%u added, %u merged into existing clients"),
                              counts.added, counts.merged);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->last_import_row),
                                 file_name && file_name[0] ? file_name : _("Unnamed file"));
  adw_action_row_set_subtitle (self->last_import_row, subtitle);
}

static const char *
decision_label (SpaImportDecision decision)
{
  switch (decision)
    {
    case SPA_IMPORT_SKIP:
      return _("Skip");
    case SPA_IMPORT_KEEP_BOTH:
      return _("Keep Both");
    case SPA_IMPORT_MERGE:
    default:
      return _("Merge");
    }
}

static char *
row_name (SpaImport *import,
          guint      row)
{
  g_autoptr(SpaRecord) record = spa_import_dup_row_record (import, row);
  g_autofree char *name = spa_client_dup_display_name (record);

  /* TRANSLATORS: a row of the file, by its line number and the client's name */
  return g_strdup_printf (_("Line %u: %s"), spa_import_get_line (import, row),
                          name && *g_strstrip (name) ? name : _("no name"));
}

static AdwActionRow *
new_row (const char *title,
         const char *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  /* The file's text is shown as it is, never read as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
  return row;
}

static void
add_more_row (GtkListBox *list,
              guint       n_more)
{
  g_autofree char *text = NULL;
  AdwActionRow *row;

  if (n_more == 0)
    return;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more row", "And %u more rows",
                                       n_more),
                          n_more);
  row = new_row (text, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (row), "dim-label");
  gtk_list_box_append (list, GTK_WIDGET (row));
}

/* "anne@example.com · 604 555 0101 · Born March 5, 1980 · Victoria" */
static char *
row_details (SpaImport *import,
             guint      row)
{
  g_autoptr(SpaRecord) record = spa_import_dup_row_record (import, row);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *dob = spa_record_get_string (record, "date_of_birth");
  static const char * const fields[] = { "email", "phone", NULL };

  for (guint i = 0; fields[i]; i++)
    {
      const char *value = spa_record_get_string (record, fields[i]);

      if (value != NULL && value[0] != '\0')
        g_ptr_array_add (parts, g_strdup (value));
    }
  if (dob != NULL && dob[0] != '\0')
    {
      g_autofree char *day = spa_format_day (dob);

      /* TRANSLATORS: the client's date of birth */
      g_ptr_array_add (parts, g_strdup_printf (_("Born %s"), day ? day : dob));
    }
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **)parts->pdata);
}

static char *
duplicate_text (SpaImportDialog *self,
                guint            row)
{
  const char *reason = spa_import_get_row_duplicate_reason (self->import, row);
  int earlier = spa_import_get_row_duplicate_row (self->import, row);
  g_autoptr(SpaRecord) client = NULL;
  g_autofree char *name = NULL;

  if (earlier >= 0)
    /* TRANSLATORS: the earlier line of the file, then why ("Same e-mail address") */
    return g_strdup_printf (_("Same client as line %u (%s)"),
                            spa_import_get_line (self->import, earlier), reason);

  client = spa_store_get (spa_context_get_store (self->context), "client",
                          spa_import_get_row_duplicate (self->import, row), NULL);
  name = client ? spa_client_dup_display_name (client) : NULL;
  /* TRANSLATORS: the existing client's name, then why ("Same e-mail address") */
  return g_strdup_printf (_("Already in the spa as %s (%s)"), name ? name : "?", reason);
}

static void
decision_selected_cb (AdwComboRow     *combo,
                      GParamSpec      *pspec,
                      SpaImportDialog *self)
{
  guint row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (combo), "row"));

  if (self->filling || self->job != NULL)
    return;
  spa_import_set_row_decision (self->import, row, adw_combo_row_get_selected (combo));
  start_job (self, JOB_CHECK, NULL);
}

static void
all_decision_selected_cb (AdwComboRow     *combo,
                          GParamSpec      *pspec,
                          SpaImportDialog *self)
{
  if (self->filling || self->job != NULL)
    return;
  self->all_decision = adw_combo_row_get_selected (combo);
  spa_import_set_default_decision (self->import, self->all_decision);
  for (guint i = 0; i < spa_import_get_n_rows (self->import); i++)
    if (spa_import_get_row_duplicate (self->import, i) != NULL)
      spa_import_set_row_decision (self->import, i, self->all_decision);
  start_job (self, JOB_CHECK, NULL);
}

static void
target_selected_cb (AdwComboRow     *combo,
                    GParamSpec      *pspec,
                    SpaImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (combo), "column"));
  guint selected = adw_combo_row_get_selected (combo);
  const SpaImportTarget *targets;
  guint n_targets;

  if (self->filling || self->job != NULL)
    return;
  targets = spa_import_targets (&n_targets);
  spa_import_set_column_target (self->import, column,
                                selected > 0 && selected <= n_targets ? targets[selected - 1].code
                                                                      : NULL);
  start_job (self, JOB_CHECK, NULL);
}

static void
fill_columns (SpaImportDialog *self)
{
  const SpaImportTarget *targets;
  guint n_targets;

  targets = spa_import_targets (&n_targets);
  spa_list_box_remove_all (self->columns_list);
  for (guint c = 0; c < spa_import_get_n_columns (self->import); c++)
    {
      AdwComboRow *combo = ADW_COMBO_ROW (adw_combo_row_new ());
      const char *header = spa_import_get_header (self->import, c);
      const char *target = spa_import_get_column_target (self->import, c);
      g_autofree char *untitled = NULL;
      guint selected = 0;

      for (guint t = 0; target != NULL && t < n_targets; t++)
        if (g_str_equal (targets[t].code, target))
          selected = t + 1;
      if (header == NULL || header[0] == '\0')
        /* TRANSLATORS: a column of the file without a name in its first line */
        header = untitled = g_strdup_printf (_("Column %u"), c + 1);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (combo), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), header);
      adw_combo_row_set_model (combo, G_LIST_MODEL (self->target_labels));
      adw_combo_row_set_selected (combo, selected);
      g_object_set_data (G_OBJECT (combo), "column", GUINT_TO_POINTER (c));
      g_signal_connect (combo, "notify::selected", G_CALLBACK (target_selected_cb), self);
      gtk_list_box_append (self->columns_list, GTK_WIDGET (combo));
    }
}

/* Appends @text (taken) to @parts when @n is not zero. */
static void
add_count (GPtrArray *parts,
           guint      n,
           char      *text)
{
  if (n > 0)
    g_ptr_array_add (parts, text);
  else
    g_free (text);
}

static void
fill_rows (SpaImportDialog *self)
{
  SpaImport *import = self->import;
  guint n_rows = spa_import_get_n_rows (import);
  guint added = 0, merged = 0, skipped = 0, problems = 0, duplicates = 0, first = 0;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *counts = NULL;
  g_autofree char *import_label = NULL;
  AdwComboRow *all;

  spa_list_box_remove_all (self->problems_list);
  spa_list_box_remove_all (self->duplicates_list);
  spa_list_box_remove_all (self->rows_list);

  all = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (all), _("For _All of Them"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (all), TRUE);
  adw_combo_row_set_model (all, G_LIST_MODEL (self->decision_labels));
  adw_combo_row_set_selected (all, self->all_decision);
  g_signal_connect (all, "notify::selected", G_CALLBACK (all_decision_selected_cb), self);
  gtk_list_box_append (self->duplicates_list, GTK_WIDGET (all));

  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *problem = spa_import_describe_row_problems (import, i);
      const char *dup = spa_import_get_row_duplicate (import, i);
      SpaImportDecision decision = spa_import_get_row_decision (import, i);

      if (problem != NULL)
        {
          if (++problems <= MAX_LISTED)
            {
              g_autofree char *title = row_name (import, i);
              AdwActionRow *row = new_row (title, problem);
              GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

              gtk_widget_add_css_class (icon, "error");
              adw_action_row_add_prefix (row, icon);
              adw_action_row_set_subtitle_lines (row, 0);
              gtk_list_box_append (self->problems_list, GTK_WIDGET (row));
            }
          continue;
        }

      if (dup == NULL || decision == SPA_IMPORT_KEEP_BOTH)
        added++;
      else if (decision == SPA_IMPORT_MERGE)
        merged++;
      else
        skipped++;

      if (dup != NULL && ++duplicates <= MAX_LISTED)
        {
          g_autofree char *title = row_name (import, i);
          g_autofree char *text = duplicate_text (self, i);
          AdwComboRow *combo = ADW_COMBO_ROW (adw_combo_row_new ());

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (combo), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), title);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (combo), text);
          adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (combo), 0);
          adw_combo_row_set_model (combo, G_LIST_MODEL (self->decision_labels));
          adw_combo_row_set_selected (combo, decision);
          g_object_set_data (G_OBJECT (combo), "row", GUINT_TO_POINTER (i));
          g_signal_connect (combo, "notify::selected", G_CALLBACK (decision_selected_cb), self);
          gtk_list_box_append (self->duplicates_list, GTK_WIDGET (combo));
        }

      if (first < FIRST_ROWS)
        {
          g_autofree char *title = row_name (import, i);
          g_autofree char *details = row_details (import, i);
          AdwActionRow *row = new_row (title, details);

          if (dup != NULL)
            {
              GtkWidget *label = gtk_label_new (decision_label (decision));

              gtk_widget_add_css_class (label, "dim-label");
              adw_action_row_add_suffix (row, label);
            }
          gtk_list_box_append (self->rows_list, GTK_WIDGET (row));
          first++;
        }
    }
  add_more_row (self->problems_list, problems > MAX_LISTED ? problems - MAX_LISTED : 0);
  add_more_row (self->duplicates_list, duplicates > MAX_LISTED ? duplicates - MAX_LISTED : 0);

  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), problems > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_group), duplicates > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->rows_group), first > 0);

  add_count (parts, added,
             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new client", "%u new clients",
                                           added), added));
  add_count (parts, merged,
             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u merged into a client already in the spa",
                                           "%u merged into clients already in the spa", merged),
                              merged));
  add_count (parts, skipped,
             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u already in the spa, skipped",
                                           "%u already in the spa, skipped", skipped),
                              skipped));
  add_count (parts, problems,
             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row with problems, not imported",
                                           "%u rows with problems, not imported", problems),
                              problems));
  g_ptr_array_add (parts, NULL);
  counts = g_strjoinv (" · ", (char **)parts->pdata);
  gtk_label_set_text (self->counts_label, counts);

  import_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Import %u Client",
                                               "_Import %u Clients", added + merged),
                                  added + merged);
  gtk_button_set_label (self->import_button, import_label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", added + merged > 0);
}

static const char *
separator_name (char separator)
{
  switch (separator)
    {
    case ';':
      return _("semicolons");
    case '\t':
      return _("tabs");
    case ',':
    default:
      return _("commas");
    }
}

static void
fill_preview (SpaImportDialog *self,
              const GError    *check_error)
{
  guint n_rows = spa_import_get_n_rows (self->import);
  g_autofree char *summary = NULL;
  gboolean mapped = check_error == NULL;

  self->filling = TRUE;

  summary = g_strdup_printf (
      /* TRANSLATORS: the file's name, how many rows it has, its text encoding ("UTF-8"),
       * and what separates its fields ("commas") */
      g_dngettext (GETTEXT_PACKAGE, "%s: %u row, %s, fields separated by %s",
                   "%s: %u rows, %s, fields separated by %s", n_rows),
      spa_import_get_file_name (self->import), n_rows, spa_import_get_encoding (self->import),
      separator_name (spa_import_get_separator (self->import)));
  gtk_label_set_text (self->summary_label, summary);
  adw_window_title_set_subtitle (self->window_title, spa_import_get_file_name (self->import));

  fill_columns (self);
  spa_widget_show_error (self->mapping_error_label, NULL, mapped ? NULL : check_error->message,
                         SPA_SHOW_ERROR_PLAIN);
  gtk_widget_set_visible (GTK_WIDGET (self->counts_label), mapped);
  if (mapped)
    fill_rows (self);
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->problems_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->duplicates_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->rows_group), FALSE);
      gtk_button_set_label (self->import_button, _("_Import"));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", FALSE);
    }

  self->filling = FALSE;
}

static void
show_done (SpaImportDialog *self,
           const char      *title,
           const char      *description,
           gboolean         may_undo)
{
  adw_status_page_set_title (self->done_page, title);
  adw_status_page_set_description (self->done_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->done_undo_button), may_undo);
  show_page (self, "done");
  gtk_widget_grab_focus (GTK_WIDGET (self->done_button));
}

static void
run_finished (SpaImportDialog *self,
              Job             *job,
              const GError    *error)
{
  SpaStore *store = spa_context_get_store (self->context);
  g_autofree char *text = NULL;

  if (error != NULL)
    {
      /* A transaction failed: the ones before it are kept, as the last import. */
      show_done (self, _("The Import Failed"), error->message,
                 spa_import_can_undo (store, NULL, NULL));
      return;
    }
  if (job->stopped)
    {
      show_done (self, _("Import Stopped"),
                 _("Nothing of the file was imported: the clients saved before you stopped "
                   "were taken back."), FALSE);
      return;
    }

  text = g_strdup_printf (_("%u added, %u merged into existing clients, %u skipped."),
                          job->counts.added, job->counts.merged,
                          job->counts.skipped_problems + job->counts.skipped_duplicates);
  show_done (self, _("Clients Imported"), text, job->counts.batch_id != 0);
}

static void
undo_finished (SpaImportDialog *self,
               Job             *job)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_printf (text, _("%u clients removed, %u merged clients put back as they were."),
                   job->removed, job->restored);
  if (job->kept > 0)
    {
      g_string_append (text, " ");
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u client kept, because they have an intake "
                                           "or session notes now.",
                                           "%u clients kept, because they have an intake "
                                           "or session notes now.", job->kept),
                              job->kept);
    }
  show_done (self, _("Import Undone"), text->str, FALSE);
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SpaImportDialog *self = SPA_IMPORT_DIALOG (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  self->job = NULL;
  g_clear_handle_id (&self->progress_id, g_source_remove);

  /* The thread wrote through its own connection: the desk's lists reload. */
  if (job->kind == JOB_RUN || job->kind == JOB_UNDO)
    spa_store_notify_changed (spa_context_get_store (self->context), "client", NULL);

  if (self->disposed)
    return;
  gtk_widget_set_sensitive (self->preview_box, TRUE);
  if (self->close_pending)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  switch (job->kind)
    {
    case JOB_LOAD:
    case JOB_CHECK:
      if (!ok)
        {
          g_clear_object (&self->import);
          spa_widget_show_error (self->choose_error_label, NULL, error->message,
                                 SPA_SHOW_ERROR_PLAIN);
          adw_window_title_set_subtitle (self->window_title, NULL);
          update_undo_group (self);
          show_page (self, "choose");
          return;
        }
      fill_preview (self, job->check_error);
      show_page (self, "preview");
      break;

    case JOB_RUN:
      run_finished (self, job, error);
      break;

    case JOB_UNDO:
      if (!ok)
        show_done (self, _("Could Not Undo the Import"), error->message, FALSE);
      else
        undo_finished (self, job);
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
progress_tick_cb (gpointer data)
{
  SpaImportDialog *self = data;
  int done, total;
  g_autofree char *text = NULL;

  if (self->job == NULL)
    return G_SOURCE_CONTINUE;
  done = g_atomic_int_get (&self->job->done);
  total = g_atomic_int_get (&self->job->total);
  /* TRANSLATORS: rows of the file imported so far, of all of them */
  text = g_strdup_printf (_("%d of %d rows"), done, total);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double)done / total : 0);
  gtk_progress_bar_set_text (self->progress_bar, text);
  return G_SOURCE_CONTINUE;
}

static void
start_job (SpaImportDialog *self,
           JobKind          kind,
           GFile           *file)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (self->job == NULL);

  job = g_new0 (Job, 1);
  job->kind = kind;
  job->db_path = g_strdup (spa_store_get_path (spa_context_get_store (self->context)));
  job->import = self->import ? g_object_ref (self->import) : NULL;
  job->file = file ? g_object_ref (file) : NULL;
  job->total = self->import ? spa_import_get_n_rows (self->import) : 0;
  self->job = job;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, job_done_cb, NULL);
  g_task_set_source_tag (task, start_job);
  /* A stopped import is a result (what was taken back), not an error. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);

  switch (kind)
    {
    case JOB_LOAD:
      adw_status_page_set_title (self->busy_page, _("Reading the File…"));
      show_page (self, "busy");
      break;
    case JOB_CHECK:
      /* The preview stays in view, still, while the rows are checked again. */
      gtk_widget_set_sensitive (self->preview_box, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", FALSE);
      break;
    case JOB_RUN:
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.stop", TRUE);
      progress_tick_cb (self);
      self->progress_id = g_timeout_add (100, progress_tick_cb, self);
      show_page (self, "running");
      break;
    case JOB_UNDO:
      adw_status_page_set_title (self->busy_page, _("Undoing the Import…"));
      show_page (self, "busy");
      break;
    default:
      g_assert_not_reached ();
    }
  g_task_run_in_thread (task, job_thread);
}

/**
 * spa_import_dialog_open_file:
 * @file: a CSV file
 *
 * Reads @file and shows its preview (or why it cannot be imported).
 */
void
spa_import_dialog_open_file (SpaImportDialog *self,
                             GFile           *file)
{
  g_return_if_fail (SPA_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->job != NULL)
    return;
  g_clear_object (&self->import);
  self->import = spa_import_new ();
  self->all_decision = SPA_IMPORT_MERGE;
  gtk_widget_set_visible (GTK_WIDGET (self->choose_error_label), FALSE);
  start_job (self, JOB_LOAD, file);
}

/* ---- Actions ---- */

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     SpaImportDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    spa_import_dialog_open_file (self, file);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SpaImportDialog *self = SPA_IMPORT_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a CSV File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_mime_type (csv, "text/tab-separated-values");
  gtk_file_filter_add_mime_type (csv, "text/plain");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "tsv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SpaImportDialog *self = SPA_IMPORT_DIALOG (widget);

  if (self->import != NULL && self->job == NULL)
    start_job (self, JOB_RUN, NULL);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SpaImportDialog *self = SPA_IMPORT_DIALOG (widget);

  if (self->job == NULL || self->job->kind != JOB_RUN)
    return;
  g_cancellable_cancel (self->cancellable);
  /* TRANSLATORS: said while the rows written so far are taken back */
  gtk_progress_bar_set_text (self->progress_bar, _("Stopping…"));
  gtk_widget_action_set_enabled (widget, "import.stop", FALSE);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SpaImportDialog *self = SPA_IMPORT_DIALOG (widget);

  if (self->job == NULL)
    start_job (self, JOB_UNDO, NULL);
}

static gboolean
spa_import_dialog_close_request (GtkWindow *window)
{
  SpaImportDialog *self = SPA_IMPORT_DIALOG (window);

  if (self->job == NULL)
    return GTK_WINDOW_CLASS (spa_import_dialog_parent_class)->close_request (window);

  /* Closed while the thread works: an import is stopped (and taken back); the window
   * goes when the thread is done. */
  self->close_pending = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  return TRUE;
}

/* ---- The object ---- */

static void
spa_import_dialog_dispose (GObject *object)
{
  SpaImportDialog *self = SPA_IMPORT_DIALOG (object);

  /* A job still running finishes on its own connection; an import is taken back. */
  self->disposed = TRUE;
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (spa_import_dialog_parent_class)->dispose (object);
}

static void
spa_import_dialog_finalize (GObject *object)
{
  SpaImportDialog *self = SPA_IMPORT_DIALOG (object);

  g_clear_object (&self->context);
  g_clear_object (&self->import);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->target_labels);
  g_clear_object (&self->decision_labels);

  G_OBJECT_CLASS (spa_import_dialog_parent_class)->finalize (object);
}

static void
spa_import_dialog_class_init (SpaImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = spa_import_dialog_dispose;
  object_class->finalize = spa_import_dialog_finalize;
  window_class->close_request = spa_import_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/spa-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, choose_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, undo_group);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, last_import_row);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, busy_page);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, preview_box);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, counts_label);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, mapping_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, problems_group);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, problems_list);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, duplicates_group);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, duplicates_list);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, rows_group);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, rows_list);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, columns_list);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, done_undo_button);
  gtk_widget_class_bind_template_child (widget_class, SpaImportDialog, done_button);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "import.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "import.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "import.choose", NULL);
}

static void
spa_import_dialog_init (SpaImportDialog *self)
{
  const SpaImportTarget *targets;
  guint n_targets;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->target_labels = gtk_string_list_new (NULL);
  /* TRANSLATORS: a column of the file that is left out */
  gtk_string_list_append (self->target_labels, _("Not imported"));
  targets = spa_import_targets (&n_targets);
  for (guint t = 0; t < n_targets; t++)
    gtk_string_list_append (self->target_labels, _(targets[t].label));

  /* In the order of SpaImportDecision: the row's selected position is the decision. */
  self->decision_labels = gtk_string_list_new (NULL);
  gtk_string_list_append (self->decision_labels, decision_label (SPA_IMPORT_MERGE));
  gtk_string_list_append (self->decision_labels, decision_label (SPA_IMPORT_SKIP));
  gtk_string_list_append (self->decision_labels, decision_label (SPA_IMPORT_KEEP_BOTH));
}

/**
 * spa_import_dialog_new:
 * @context: the spa's context
 *
 * Returns: (transfer full): the import dialog, on its first page (choose a file, or
 *   undo the last import)
 */
SpaImportDialog *
spa_import_dialog_new (SpaContext *context)
{
  SpaImportDialog *self;

  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  self = g_object_new (SPA_TYPE_IMPORT_DIALOG, NULL);
  self->context = g_object_ref (context);
  update_undo_group (self);
  show_page (self, "choose");
  return self;
}

/**
 * spa_import_dialog_is_busy:
 *
 * Returns: whether a file is being read or checked, or an import or undo runs
 */
gboolean
spa_import_dialog_is_busy (SpaImportDialog *self)
{
  g_return_val_if_fail (SPA_IS_IMPORT_DIALOG (self), FALSE);
  return self->job != NULL;
}

/**
 * spa_import_dialog_get_page:
 *
 * Returns: the page shown: "choose", "busy", "preview", "running" or "done"
 */
const char *
spa_import_dialog_get_page (SpaImportDialog *self)
{
  g_return_val_if_fail (SPA_IS_IMPORT_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}
