/* spa-store-recovery.c: what the app offers when a database cannot be opened
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "spa-store.h"

/* SQLite's companions of a database file, moved and removed with it. */
static const char * const companions[] = { "", "-wal", "-shm" };

/**
 * spa_store_move_aside:
 * @path: a database that cannot be opened (damaged)
 * @error: return location for a #GError
 *
 * Renames @path (with its -wal and -shm files) to `PATH.damaged-YYYYMMDD-HHMMSS` in
 * the same folder, so that a new database can be started at @path while nothing of
 * the old one is lost (it may still be rescued).
 *
 * Returns: (transfer full) (nullable): the new name of the damaged file
 */
char *
spa_store_move_aside (const char  *path,
                      GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", path, stamp);

  g_return_val_if_fail (path != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *from = g_strconcat (path, companions[i], NULL);
      g_autofree char *to = g_strconcat (aside, companions[i], NULL);

      if (g_rename (from, to) != 0 && (errno != ENOENT || i == 0))
        {
          int saved_errno = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Could not rename “%s”: %s"), from, g_strerror (saved_errno));
          return NULL;
        }
    }

  return g_steal_pointer (&aside);
}

/**
 * spa_store_replace_with:
 * @path: where the app keeps its database (no store may be open on it)
 * @backup: a copy of a database (for example from `sqlite3 … ".backup FILE"`)
 * @error: return location for a #GError
 *
 * Copies @backup to @path (mode 0600), replacing what is there and dropping its
 * -wal and -shm files, which belong to the replaced database. Move a damaged database
 * aside first (spa_store_move_aside()) to keep it.
 *
 * Returns: %TRUE once the copy is in place
 */
gboolean
spa_store_replace_with (const char  *path,
                        const char  *backup,
                        GError     **error)
{
  g_autoptr(GFile) source = NULL;
  g_autofree char *partial = NULL;
  g_autoptr(GFile) partial_file = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (backup != NULL, FALSE);

  /* Copy next to the target, then rename: a failed copy never leaves half a database
   * where the app looks for one. */
  source = g_file_new_for_path (backup);
  partial = g_strconcat (path, ".partial", NULL);
  partial_file = g_file_new_for_path (partial);
  if (!g_file_copy (source, partial_file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
    return FALSE;
  if (g_chmod (partial, 0600) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not write “%s”: %s"), partial, g_strerror (saved_errno));
      g_unlink (partial);
      return FALSE;
    }

  for (guint i = 1; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *companion = g_strconcat (path, companions[i], NULL);

      g_unlink (companion);
    }

  if (g_rename (partial, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not write “%s”: %s"), path, g_strerror (saved_errno));
      g_unlink (partial);
      return FALSE;
    }

  return TRUE;
}
