/* main.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "spa-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SpaApplication) app = NULL;
  const char *localedir;
  int status;

  setlocale (LC_ALL, "");

  /* build-aux/run and the install test point this at a tree that is not the
   * configured prefix (_build/po holds LANG/LC_MESSAGES/spa-desk.mo), so the
   * translations can be seen before installing. */
  localedir = g_getenv ("SPA_DESK_LOCALEDIR");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = spa_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);

  /* A database that could not be opened (the app said why in a dialog). */
  return status != 0 ? status : spa_application_get_exit_status (app);
}
