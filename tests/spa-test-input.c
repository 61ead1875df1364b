/* spa-test-input.c: real key presses and activations for the UI tests
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/wait.h>

#include <gdk/x11/gdkx.h>

#include "spa-test-input.h"
#include "spa-test-util.h"

static gboolean
settle_timeout_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context for @ms, so that what the X server delivered is handled. */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, settle_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/**
 * spa_test_send_keys:
 * @widget: a widget in the window that gets the keys
 * @keys: xdotool key names, space-separated ("ctrl+e", "Tab", "shift+Tab")
 *
 * Presses @keys through the X server (XTest, by xdotool), after giving @widget's
 * window the input focus: the window gets them as a person's key presses, through
 * GTK's own event handling (shortcuts, bindings, focus). Needs an X display (Xvfb).
 */
void
spa_test_send_keys (GtkWidget  *widget,
                    const char *keys)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) names = g_strsplit (keys, " ", -1);
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface;
  int status = 0;

  g_assert_nonnull (native);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (native));
  surface = gtk_native_get_surface (native);
  g_assert_true (GDK_IS_X11_SURFACE (surface));

  g_ptr_array_add (argv, g_strdup ("xdotool"));
  g_ptr_array_add (argv, g_strdup ("windowfocus"));
  g_ptr_array_add (argv, g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (surface)));
  g_ptr_array_add (argv, g_strdup ("sleep"));
  g_ptr_array_add (argv, g_strdup ("0.1"));
  g_ptr_array_add (argv, g_strdup ("key"));
  g_ptr_array_add (argv, g_strdup ("--delay"));
  g_ptr_array_add (argv, g_strdup ("30"));
  for (guint i = 0; names[i]; i++)
    if (names[i][0] != '\0')
      g_ptr_array_add (argv, g_strdup (names[i]));
  g_ptr_array_add (argv, NULL);

  /* xdotool runs while this process handles the focus change it causes. */
  {
    GPid pid;
    gboolean exited = FALSE;

    g_spawn_async (NULL, (char **)argv->pdata, NULL,
                   G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
    g_assert_no_error (error);
    while (!exited)
      {
        if (waitpid (pid, &status, WNOHANG) == pid)
          exited = TRUE;
        else
          {
            g_main_context_iteration (NULL, FALSE);
            g_usleep (2000);
          }
      }
    g_spawn_close_pid (pid);
  }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  settle (150);
}

static void
clicked_cb (GtkButton *button,
            gboolean  *clicked)
{
  *clicked = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

/**
 * spa_test_activate:
 *
 * Activates @widget as Enter or Space on it does (a click for a button), through the
 * widget's own activation rather than its handlers. A button shows itself pressed
 * for a moment before it emits ::clicked, so this waits for that (at most 5 s).
 *
 * Returns: whether the widget was activated (and a button clicked)
 */
gboolean
spa_test_activate (GtkWidget *widget)
{
  gboolean clicked = FALSE;
  gulong id;
  gboolean done;

  if (!GTK_IS_BUTTON (widget))
    return gtk_widget_activate (widget);

  id = g_signal_connect (widget, "clicked", G_CALLBACK (clicked_cb), &clicked);
  done = gtk_widget_activate (widget) && spa_test_iterate_until (is_true, &clicked, 5000);
  g_signal_handler_disconnect (widget, id);
  return done;
}
