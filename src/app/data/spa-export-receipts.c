/* spa-export-receipts.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-export-receipts"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "spa-export-receipts.h"
#include "spa-export.h"
#include "spa-receipt.h"
#include "spa-store-money.h"

/* Invoices read at a time. */
#define RECEIPTS_PAGE 200

/*
 * The receipts in an export: every issued sale and refund as the PDF the desk hands
 * over (spa-receipt.c draws it), in a folder of their own, named by invoice number.
 * The spa's name and address are read from the settings on the main thread, so that
 * the receipts can be drawn in the export's thread.
 */

struct _SpaExportReceipts
{
  char      *name;
  char      *address;
  char      *phone;
  GTimeZone *zone;
};

/**
 * spa_export_receipts_new:
 * @settings: the app's settings (the spa's name, address and phone)
 * @zone: the spa's time zone
 *
 * Returns: (transfer full): what spa_export_receipts_write() needs, for any thread
 */
SpaExportReceipts *
spa_export_receipts_new (GSettings *settings,
                         GTimeZone *zone)
{
  SpaExportReceipts *self = g_new0 (SpaExportReceipts, 1);

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  self->name = g_settings_get_string (settings, "spa-name");
  self->address = g_settings_get_string (settings, "spa-address");
  self->phone = g_settings_get_string (settings, "spa-phone");
  self->zone = g_time_zone_ref (zone);
  return self;
}

void
spa_export_receipts_free (SpaExportReceipts *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->address);
  g_free (self->phone);
  g_time_zone_unref (self->zone);
  g_free (self);
}

/* The README's paragraph about the receipts. */
static gboolean
append_readme (const char  *folder,
               guint        n_receipts,
               GError     **error)
{
  g_autofree char *path = g_build_filename (folder, SPA_EXPORT_README_FILE, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) more = g_string_new (NULL);

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  g_string_append (more, text);
  g_string_append_c (more, '\n');
  /* TRANSLATORS: %s is the receipts' folder in the export, "receipts" */
  g_string_append_printf (more, _("%s/: the receipt of every issued sale and refund, as the PDF "
                                  "the desk prints, named by its invoice number."),
                          SPA_EXPORT_RECEIPTS_FOLDER);
  g_string_append_c (more, '\n');
  g_string_append_printf (more,
                          g_dngettext (GETTEXT_PACKAGE, "%s/: %u receipt", "%s/: %u receipts",
                                       n_receipts),
                          SPA_EXPORT_RECEIPTS_FOLDER, n_receipts);
  g_string_append_c (more, '\n');
  return g_file_set_contents_full (path, more->str, more->len, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}

/**
 * spa_export_receipts_write:
 * @folder: an export's folder
 * @self: (type SpaExportReceipts): from spa_export_receipts_new()
 * @cancellable: (nullable): stops between two receipts
 *
 * Writes each issued invoice's receipt as `receipts/NUMBER.pdf` in @folder and says
 * so in its README; a #SpaExportExtraFunc for spa_export_to_archive_full().
 *
 * Returns: whether every receipt was written
 */
gboolean
spa_export_receipts_write (SpaStore      *store,
                           const char    *folder,
                           gpointer       self,
                           GCancellable  *cancellable,
                           GError       **error)
{
  SpaExportReceipts *receipts = self;
  SpaReceiptSpa spa = { receipts->name, receipts->address, receipts->phone };
  g_autofree char *subfolder = g_build_filename (folder, SPA_EXPORT_RECEIPTS_FOLDER, NULL);
  g_autofree char *last_number = NULL;
  guint n_receipts = 0;

  if (g_mkdir_with_parents (subfolder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", subfolder,
                   g_strerror (saved));
      return FALSE;
    }
  /* A page of invoices at a time: ten years of a busy spa's are too many to hold. */
  for (;;)
    {
      g_autoptr(GPtrArray) invoices = spa_store_money_issued_invoices (store, last_number,
                                                                       RECEIPTS_PAGE, error);

      if (invoices == NULL)
        return FALSE;
      for (guint i = 0; i < invoices->len; i++)
        {
          SpaRecord *invoice = invoices->pdata[i];
          g_autofree char *number = g_strdup (spa_record_get_string (invoice, "number"));
          g_autofree char *name = NULL;
          g_autofree char *path = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          g_free (last_number);
          last_number = g_strdup (number);
          /* A number is the desk's prefix and a counter; nothing in it may leave the
           * folder. */
          g_strdelimit (number, "/\\:", '-');
          name = g_strconcat (number, ".pdf", NULL);
          path = g_build_filename (subfolder, name, NULL);
          if (!spa_receipt_write_pdf (store, &spa, receipts->zone, spa_record_get_id (invoice),
                                      path, error))
            return FALSE;
          n_receipts++;
        }
      if (invoices->len < RECEIPTS_PAGE)
        break;
    }
  return append_readme (folder, n_receipts, error);
}
