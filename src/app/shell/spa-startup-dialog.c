/* spa-startup-dialog.c: the dialog shown when the database cannot be opened
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-startup-dialog"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "spa-error.h"
#include "spa-startup-dialog.h"

/**
 * spa_startup_dialog_new:
 * @error: why the database at @path could not be opened (a #SpaStoreError says what
 *   is wrong; anything else is shown as it is)
 * @path: the database file
 *
 * A dialog that says what is wrong, where, and what to do about it, with the
 * responses that can help: "retry" once the cause is gone (the other copy closed,
 * space freed), "start-fresh" and "backup" for a damaged file, "quit" always.
 *
 * Returns: (transfer floating): the dialog, not yet shown
 */
GtkWidget *
spa_startup_dialog_new (const GError *error,
                        const char   *path)
{
  AdwMessageDialog *dialog;
  const char *heading;
  const char *what;          /* what is wrong, followed by the path */
  const char *todo;          /* what to do about it */
  g_autofree char *body = NULL;
  gboolean retry = TRUE;
  gboolean damaged = FALSE;

  g_return_val_if_fail (error != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  switch (error->domain == SPA_STORE_ERROR ? (SpaStoreError)error->code : SPA_STORE_ERROR_FAILED)
    {
    case SPA_STORE_ERROR_CORRUPT:
      heading = _("The Database Is Damaged");
      what = _("Spa Desk cannot read its database:");
      todo = _("Open a backup copy, or start with an empty database. Either way the damaged "
               "file is kept beside it, renamed, so that it can still be rescued.");
      retry = FALSE;
      damaged = TRUE;
      break;
    case SPA_STORE_ERROR_READ_ONLY:
      heading = _("The Database Cannot Be Changed");
      what = _("Spa Desk cannot save to its database:");
      todo = _("The file, its folder or the disk is read-only. Make them writable for your "
               "account (or open the spa from another folder with --data-dir), then try again.");
      break;
    case SPA_STORE_ERROR_DISK_FULL:
      heading = _("The Disk Is Full");
      what = _("There is no space left on the disk that holds the database:");
      todo = _("Free some space (empty the trash, remove large files you no longer need), "
               "then try again. Nothing has been lost.");
      break;
    case SPA_STORE_ERROR_IN_USE:
      heading = _("Spa Desk Is Already Open");
      what = _("Spa Desk is already open on this database:");
      todo = _("Only one copy at a time can work on it. Close the other copy (in another "
               "window or another session on this computer), then try again.");
      break;
    case SPA_STORE_ERROR_BUSY:
      heading = _("The Database Is in Use");
      what = _("Another program is using the database:");
      todo = _("Wait for it to finish (a backup, for example) or close it, then try again.");
      break;
    case SPA_STORE_ERROR_TOO_NEW:
      heading = _("Spa Desk Needs an Update");
      what = error->message;
      todo = _("Install the newer version of Spa Desk that wrote this database.");
      retry = FALSE;
      break;
    case SPA_STORE_ERROR_FAILED:
    case SPA_STORE_ERROR_NOT_FOUND:
    case SPA_STORE_ERROR_NOT_EMPTY:
    case SPA_STORE_ERROR_LOCKED:
    case SPA_STORE_ERROR_CONFLICT:
    default:
      heading = _("Spa Desk Cannot Open Its Database");
      what = error->message;
      todo = _("Check the file and its folder, or restore a backup of the database, then "
               "try again.");
      break;
    }

  /* The path on a line of its own: it is what the person looks for on the disk. */
  if (what == error->message && strstr (what, path) != NULL)
    body = g_strdup_printf ("%s\n\n%s", what, todo);
  else
    body = g_strdup_printf ("%s\n%s\n\n%s", what, path, todo);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL, heading, body));
  adw_message_dialog_add_response (dialog, "quit", _("_Quit"));
  adw_message_dialog_set_close_response (dialog, "quit");
  adw_message_dialog_set_default_response (dialog, "quit");

  if (damaged)
    {
      adw_message_dialog_add_responses (dialog,
                                        SPA_STARTUP_RESPONSE_BACKUP, _("_Open a Backup…"),
                                        SPA_STARTUP_RESPONSE_START_FRESH, _("_Start Fresh"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, SPA_STARTUP_RESPONSE_START_FRESH,
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  else if (retry)
    {
      adw_message_dialog_add_response (dialog, SPA_STARTUP_RESPONSE_RETRY, _("_Try Again"));
      adw_message_dialog_set_response_appearance (dialog, SPA_STARTUP_RESPONSE_RETRY,
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, SPA_STARTUP_RESPONSE_RETRY);
    }

  return GTK_WIDGET (dialog);
}
