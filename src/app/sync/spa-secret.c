/* spa-secret.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-secret"

#include "config.h"

#include <glib/gi18n.h>

#if defined(__has_include)
# if __has_include(<libsecret/secret.h>)
#  define HAVE_LIBSECRET 1
#  include <libsecret/secret.h>
# endif
#endif

#include "spa-secret.h"

/*
 * The sync token lives in the keyring (libsecret), never in GSettings or SQLite. When
 * no keyring answers, the message says so plainly: the user cannot sync until one does.
 */

#ifdef HAVE_LIBSECRET
static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    APP_ID_BASE ".SyncToken", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}
#endif

static void
set_no_keyring_error (GError     **error,
                      const GError *cause)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("No keyring is available to keep the sign-in safely (%s). Start or unlock "
                 "GNOME Keyring or another Secret Service, then sign in again."),
               cause ? cause->message : _("Spa Desk was built without keyring support"));
}

#ifdef HAVE_LIBSECRET
static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    {
      GError *wrapped = NULL;

      set_no_keyring_error (&wrapped, error);
      g_task_return_error (task, wrapped);
      return;
    }
  g_task_return_pointer (task, token, (GDestroyNotify)secret_password_free);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      GError *wrapped = NULL;

      set_no_keyring_error (&wrapped, error);
      g_task_return_error (task, wrapped);
      return;
    }
  g_task_return_boolean (task, TRUE);
}
#endif

void
spa_secret_lookup_token_async (const char          *server_url,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, spa_secret_lookup_token_async);
#ifdef HAVE_LIBSECRET
  secret_password_lookup (token_schema (), cancellable, lookup_cb, task,
                          "server", server_url, NULL);
#else
  {
    GError *error = NULL;

    set_no_keyring_error (&error, NULL);
    g_task_return_error (task, error);
    g_object_unref (task);
  }
#endif
}

/**
 * spa_secret_lookup_token_finish:
 *
 * Returns: (transfer full) (nullable): the token, or %NULL if none is stored
 */
char *
spa_secret_lookup_token_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_autofree char *token = NULL;
  char *secret = g_task_propagate_pointer (G_TASK (result), error);

  if (secret == NULL)
    return NULL;
  /* libsecret hands out non-pageable memory; ours is a plain string from here on. */
  token = g_strdup (secret);
#ifdef HAVE_LIBSECRET
  secret_password_free (secret);
#endif
  return g_steal_pointer (&token);
}

void
spa_secret_store_token_async (const char          *server_url,
                              const char          *token,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, spa_secret_store_token_async);
#ifdef HAVE_LIBSECRET
  {
    g_autofree char *label = g_strdup_printf (_("Spa Desk sync token for %s"), server_url);

    secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                           cancellable, store_cb, task, "server", server_url, NULL);
  }
#else
  {
    GError *error = NULL;

    set_no_keyring_error (&error, NULL);
    g_task_return_error (task, error);
    g_object_unref (task);
  }
#endif
}

gboolean
spa_secret_store_token_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
