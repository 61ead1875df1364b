/* main.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-desk-server"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <string.h>
#include <unistd.h>

#include "spa-account.h"
#include "spa-note-chain.h"
#include "spa-server.h"
#include "spa-server-feed.h"
#include "spa-server-proxy.h"
#include "spa-server-public.h"
#include "spa-server-storage.h"
#include "spa-server-sync.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
parse_listen (const char  *listen,
              char       **host,
              guint       *port,
              GError     **error)
{
  const char *colon = listen ? strrchr (listen, ':') : NULL;
  guint64 value;

  if (colon == NULL || colon == listen ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--listen takes HOST:PORT, such as 127.0.0.1:8080 (port 0 picks a free "
                     "one)."));
      return FALSE;
    }

  *host = g_strndup (listen, colon - listen);
  *port = value;
  return TRUE;
}

/* Plain HTTP carries tokens and clinical notes in clear: only on this machine, or when
 * the operator says a TLS proxy or a private link is in front. */
static gboolean
check_plain_http (const char  *host,
                  gboolean     insecure_http,
                  GError     **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  if (address == NULL || g_inet_address_get_is_loopback (address))
    return TRUE;
  if (!insecure_http)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Refusing plain HTTP on %s: anyone on the network could read the tokens "
                     "and clinical notes. Give --tls-cert and --tls-key, listen on 127.0.0.1 "
                     "behind an HTTPS proxy, or add --insecure-http if the link is private."),
                   host);
      return FALSE;
    }
  g_printerr (_("spa-desk-server: warning: serving plain HTTP on %s (--insecure-http): "
                "tokens and clinical notes cross the network unencrypted.\n"), host);
  return TRUE;
}

/* The SMTP password: from a file or the environment, so that it is never only on the
 * command line, where other users and the shell history would see it. */
static SpaMailConfig *
mail_config (const char  *smtp,
             const char  *mail_from,
             const char  *password_file,
             const char  *ca_file,
             GError     **error)
{
  g_autofree char *password = NULL;
  SpaMailConfig *config;

  if (mail_from == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--smtp needs --mail-from, the address the spa’s e-mails come from."));
      return NULL;
    }
  if (password_file != NULL)
    {
      if (!g_file_get_contents (password_file, &password, NULL, error))
        return NULL;
      g_strchomp (password);
    }
  else if (g_getenv ("SPA_DESK_SMTP_PASSWORD") != NULL)
    password = g_strdup (g_getenv ("SPA_DESK_SMTP_PASSWORD"));
  config = spa_mail_config_new (smtp, mail_from, password, error);
  if (config != NULL && ca_file != NULL)
    {
      if (!g_file_test (ca_file, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--smtp-ca-file: %s is not a file."), ca_file);
          g_clear_pointer (&config, spa_mail_config_free);
        }
      else
        spa_mail_config_set_ca_file (config, ca_file);
    }
  if (password != NULL)
    explicit_bzero (password, strlen (password));
  return config;
}

static int
serve (SpaStore   *store,
       const char *listen,
       const char *tls_cert,
       const char *tls_key,
       gboolean    insecure_http,
       gint        max_connections,
       gint        max_per_address,
       gint        header_timeout,
       gint        body_timeout,
       const char *time_zone,
       GPtrArray  *trusted_proxies,
       SpaMailConfig *mail)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SpaServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *host = NULL;
  g_autofree char *url = NULL;
  guint port;

  if (!parse_listen (listen ? listen : "127.0.0.1:8080", &host, &port, &error))
    goto failed;

  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("TLS needs both --tls-cert and --tls-key."));
      goto failed;
    }
  if (tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (certificate == NULL)
        goto failed;
    }
  else if (!check_plain_http (host, insecure_http, &error))
    goto failed;
  if (max_connections < 0 || max_per_address < 0 || header_timeout < 0 || body_timeout < 0)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Connection limits and timeouts take a number, 0 or more."));
      goto failed;
    }

  server = spa_server_new (store, certificate);
  if (time_zone != NULL)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (time_zone);

      if (zone == NULL)
        {
          g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Unknown time zone “%s”: give an IANA name such as America/Vancouver."),
                       time_zone);
          goto failed;
        }
      spa_server_set_time_zone (server, zone);
    }
  else
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_local ();

      spa_server_set_time_zone (server, zone);
    }
  if (mail != NULL)
    spa_server_start_mail (server, mail);
  spa_server_set_limits (server, max_connections, max_per_address);
  spa_server_set_timeouts (server, header_timeout, body_timeout);
  spa_server_set_trusted_proxies (server, trusted_proxies);
  if (!spa_server_listen (server, host, port, &error))
    goto failed;

  url = spa_server_get_url (server);
  g_print ("listening on %s\n", url);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);

  /* Every acknowledged push was committed before its response; closing the store
   * checkpoints the WAL. */
  spa_server_disconnect (server);
  return EXIT_SUCCESS;

failed:
  g_printerr ("spa-desk-server: %s\n", error->message);
  return EXIT_FAILURE;
}

/* The PIN comes from standard input (a prompt when it is a terminal), never from the
 * command line, where other users and the shell history would see it. */
static char *
read_pin (GError **error)
{
  char line[64];
  char *pin;

  if (isatty (STDIN_FILENO))
    {
      g_printerr ("%s", _("Desk PIN (4 to 8 digits): "));
      fflush (stderr);
    }
  if (fgets (line, sizeof line, stdin) == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("No PIN was given on standard input."));
      return NULL;
    }
  pin = g_strstrip (g_strdup (line));
  explicit_bzero (line, sizeof line);
  if (!spa_pin_check (pin, error))
    g_clear_pointer (&pin, g_free);
  return pin;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *role = NULL;
  g_autofree char *therapist = NULL;
  g_autofree char *time_zone = NULL;
  g_autofree char *smtp = NULL;
  g_autofree char *mail_from = NULL;
  g_autofree char *smtp_password_file = NULL;
  g_autofree char *smtp_ca_file = NULL;
  g_auto(GStrv) trusted_proxy = NULL;
  gboolean ask_pin = FALSE;
  gboolean insecure_http = FALSE;
  gint max_connections = 0;
  gint max_per_address = 0;
  gint header_timeout = 0;
  gint body_timeout = 0;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStore) store = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
     N_("The server's database: a SQLite file, or a postgresql:// URI"), N_("PATH|URI") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
     N_("Address to serve on (port 0: any free port)"), N_("HOST:PORT") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, N_("PEM certificate for HTTPS"),
     N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, N_("PEM private key for HTTPS"),
     N_("FILE") },
    { "insecure-http", 0, 0, G_OPTION_ARG_NONE, &insecure_http,
     N_("Allow plain HTTP on an address other than loopback"), NULL },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections,
     N_("Connections open at once (default: from the descriptor limit)"), N_("N") },
    { "max-per-address", 0, 0, G_OPTION_ARG_INT, &max_per_address,
     N_("Connections open at once from one address (default: no limit of its own)"), N_("N") },
    { "header-timeout", 0, 0, G_OPTION_ARG_INT, &header_timeout,
     N_("Seconds a client has to send a request’s headers (default: 10)"), N_("SECONDS") },
    { "body-timeout", 0, 0, G_OPTION_ARG_INT, &body_timeout,
     N_("Seconds a client has to send a request body (default: 60)"), N_("SECONDS") },
    { "trusted-proxy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &trusted_proxy,
     N_("Take the client’s address from X-Forwarded-For when the request comes from this "
        "reverse proxy (repeatable; default: none)"), N_("ADDRESS[/BITS]") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role,
     N_("Role of a new user: manager, therapist or front_desk"), N_("ROLE") },
    { "therapist", 0, 0, G_OPTION_ARG_STRING, &therapist,
     N_("The therapist record whose notes the new user signs"), N_("ID") },
    { "pin", 0, 0, G_OPTION_ARG_NONE, &ask_pin,
     N_("Read the new user’s desk PIN from standard input"), NULL },
    { "time-zone", 0, 0, G_OPTION_ARG_STRING, &time_zone,
     N_("The spa’s time zone for online booking (default: this machine’s)"), N_("ZONE") },
    { "smtp", 0, 0, G_OPTION_ARG_STRING, &smtp,
     N_("Send the spa’s e-mails through this SMTP server (smtps:// for TLS)"),
     N_("smtp://HOST:PORT") },
    { "mail-from", 0, 0, G_OPTION_ARG_STRING, &mail_from,
     N_("The address the spa’s e-mails come from"), N_("ADDRESS") },
    { "smtp-password-file", 0, 0, G_OPTION_ARG_FILENAME, &smtp_password_file,
     N_("Read the SMTP password from this file (or set SPA_DESK_SMTP_PASSWORD)"), N_("FILE") },
    { "smtp-ca-file", 0, 0, G_OPTION_ARG_FILENAME, &smtp_ca_file,
     N_("Trust the SMTP server’s certificate when an authority in this PEM file signed it"),
     N_("FILE") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("[add-user NAME --role ROLE [--therapist ID] [--pin] | "
                                    "set-pin NAME | "
                                     "set-therapist NAME [ID] | list-users | revoke-user NAME | "
                                     "compact | verify-notes | "
                                     "settings | set SETTING [VALUE] | "
                                     "calendar-url THERAPIST_ID | calendar-revoke THERAPIST_ID]"));
  g_option_context_set_summary (context,
                                _("The Spa Desk sync server. Without a command it serves."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    goto failed;

  if (db == NULL)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--db PATH is required."));
      goto failed;
    }

  if (spa_server_storage_is_pg (db))
    {
      const char *command = argc >= 2 ? argv[1] : NULL;

      store = spa_server_storage_pg_open (db, &error);
      if (store != NULL &&
          (g_strcmp0 (command, "verify-notes") == 0 || g_strcmp0 (command, "settings") == 0) &&
          !spa_server_storage_refresh (spa_server_storage_get (store), &error))
        goto failed;
    }
  else
    store = spa_store_open (db, &error);
  if (store == NULL)
    goto failed;

  if (argc < 2)
    {
      SpaMailConfig *mail = NULL;
      g_autoptr(GPtrArray) proxies = spa_proxy_parse_trusted ((const char * const *)trusted_proxy,
                                                              &error);

      if (proxies == NULL)
        goto failed;
      if (smtp != NULL &&
          (mail = mail_config (smtp, mail_from, smtp_password_file, smtp_ca_file,
                             &error)) == NULL)
        goto failed;
      return serve (store, listen, tls_cert, tls_key, insecure_http, max_connections,
                    max_per_address, header_timeout, body_timeout, time_zone, proxies, mail);
    }

  if (g_str_equal (argv[1], "add-user") && argc == 3)
    {
      g_autofree char *token = NULL;

      g_autofree char *pin = NULL;

      if (ask_pin && (pin = read_pin (&error)) == NULL)
        goto failed;
      /* All or nothing: a user is not left half made by a bad PIN or therapist. */
      if (!spa_server_storage_begin (spa_server_storage_get (store), &error))
        goto failed;
      if (!spa_server_add_user (store, argv[2], spa_role_from_string (role), &token, &error) ||
          (therapist != NULL && !spa_server_set_user_therapist (store, argv[2], therapist,
                                                                &error)) ||
          (pin != NULL && !spa_server_set_user_pin (store, argv[2], pin, &error)))
        {
          spa_server_storage_rollback (spa_server_storage_get (store));
          goto failed;
        }
      if (!spa_server_storage_commit (spa_server_storage_get (store), &error))
        goto failed;
      /* Shown this once; the server keeps only its hash. */
      g_print ("%s\n", token);
      return EXIT_SUCCESS;
    }

  if (g_str_equal (argv[1], "set-pin") && argc == 3)
    {
      g_autofree char *pin = read_pin (&error);

      if (pin == NULL || !spa_server_set_user_pin (store, argv[2], pin, &error))
        goto failed;
      return EXIT_SUCCESS;
    }

  if (g_str_equal (argv[1], "set-therapist") && (argc == 3 || argc == 4))
    {
      if (!spa_server_set_user_therapist (store, argv[2], argc == 4 ? argv[3] : NULL, &error))
        goto failed;
      return EXIT_SUCCESS;
    }

  if (g_str_equal (argv[1], "list-users") && argc == 2)
    {
      g_autoptr(GPtrArray) lines = spa_server_list_users (store, &error);

      if (lines == NULL)
        goto failed;
      for (guint i = 0; i < lines->len; i++)
        g_print ("%s\n", (char *)lines->pdata[i]);
      return EXIT_SUCCESS;
    }

  if (g_str_equal (argv[1], "revoke-user") && argc == 3)
    {
      if (!spa_server_revoke_user (store, argv[2], &error))
        goto failed;
      return EXIT_SUCCESS;
    }

  if (g_str_equal (argv[1], "compact") && argc == 2)
    {
      if (!spa_server_compact (store, &error))
        goto failed;
      return EXIT_SUCCESS;
    }

  /* Whether every signed note and amendment is as it was signed (spa-store-chain.c). */
  if (g_str_equal (argv[1], "verify-notes") && argc == 2)
    {
      guint links = 0;
      guint records = 0;
      g_autoptr(GPtrArray) breaks = spa_note_chain_verify (store, &links, &records, &error);

      if (breaks == NULL)
        goto failed;
      for (guint i = 0; i < breaks->len; i++)
        {
          SpaNoteChainBreak *b = breaks->pdata[i];

          g_print ("%s %s: %s\n", b->entity, b->record_id, b->reason);
        }
      if (breaks->len > 0)
        {
          g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u problem in the signed records.\n",
                                   "%u problems in the signed records.\n", breaks->len),
                      breaks->len);
          return EXIT_FAILURE;
        }
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u signed record intact",
                            "%u signed records intact", records), records);
      g_print (g_dngettext (GETTEXT_PACKAGE, " (%u link in the chain).\n",
                            " (%u links in the chain).\n", links), links);
      return EXIT_SUCCESS;
    }

  /* The online booking's settings: spa name, colour, logo, grid, notice, on or off. */
  if (g_str_equal (argv[1], "settings") && argc == 2)
    {
      const char * const *names = spa_public_setting_names ();

      for (guint i = 0; names[i]; i++)
        {
          g_autofree char *value = spa_public_get_setting (store, names[i]);

          g_print ("%s=%s\n", names[i], value ? value : "");
        }
      return EXIT_SUCCESS;
    }

  if (g_str_equal (argv[1], "set") && (argc == 3 || argc == 4))
    {
      if (!spa_public_set_setting (store, argv[2], argc == 4 ? argv[3] : NULL, &error))
        goto failed;
      return EXIT_SUCCESS;
    }

  /* A therapist's calendar feed: a new secret URL each time (only its hash is kept). */
  if (g_str_equal (argv[1], "calendar-url") && argc == 3)
    {
      g_autofree char *secret = spa_server_feed_create (store, argv[2], &error);
      g_autofree char *url = NULL;

      if (secret == NULL)
        goto failed;
      url = spa_server_feed_url (store, secret);
      g_print ("%s\n", url);
      return EXIT_SUCCESS;
    }

  if (g_str_equal (argv[1], "calendar-revoke") && argc == 3)
    {
      guint revoked = 0;

      if (!spa_server_feed_revoke (store, argv[2], &revoked, &error))
        goto failed;
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u calendar feed revoked\n",
                            "%u calendar feeds revoked\n", revoked), revoked);
      return EXIT_SUCCESS;
    }

  g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("Unknown command “%s”. Commands: add-user NAME --role ROLE, set-pin NAME, "
                 "set-therapist NAME [ID], list-users, revoke-user NAME, compact, settings, "
                 "set SETTING [VALUE], calendar-url THERAPIST_ID, "
                 "calendar-revoke THERAPIST_ID."), argv[1]);

failed:
  g_printerr ("spa-desk-server: %s\n", error->message);
  return EXIT_FAILURE;
}
