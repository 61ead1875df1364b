/* spa-test-input.c: real key presses and activations for the UI tests
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
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

/* Handles every X event that xdotool caused. It has exited, so the X server has read
 * all its requests; after a round trip of ours, the events they made are in our queue
 * (the server handles requests in order). A fixed pause alone lost the last typed key
 * on a loaded machine under the sanitizers ("Me" for "Mei"). Bounded, as a source that
 * is always ready (an animation) would keep the context pending for ever. */
static void
drain_x_events (void)
{
  gdk_display_sync (gdk_display_get_default ());
  for (guint i = 0; i < 1000 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Runs xdotool with @args (NULL-terminated) while this process handles what the X
 * server sends it (focus changes, a drag's messages), then lets it settle. */
static void
run_xdotool (GPtrArray *args)
{
  g_autoptr(GError) error = NULL;
  GPid pid;
  int status = 0;
  gboolean exited = FALSE;

  g_ptr_array_insert (args, 0, g_strdup ("xdotool"));
  g_ptr_array_add (args, NULL);
  g_spawn_async (NULL, (char **)args->pdata, NULL,
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
  if (!g_spawn_check_wait_status (status, &error))
    {
      g_autofree char *line = g_strjoinv (" ", (char **)args->pdata);

      g_error ("%s: %s", line, error->message);
    }
  drain_x_events ();
  settle (150);
}

/* The X window of @widget's native (a popover's own, for the pointer), once drawn. */
static GdkSurface *
drawn_surface (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface;

  g_assert_nonnull (native);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (native));
  surface = gtk_native_get_surface (native);
  g_assert_true (GDK_IS_X11_SURFACE (surface));
  return surface;
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
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) names = g_strsplit (keys, " ", -1);
  /* Keys go to the toplevel, which hands them to its focus (in a popover too). */
  GdkSurface *surface = drawn_surface (GTK_WIDGET (gtk_widget_get_root (widget)));

  g_ptr_array_add (argv, g_strdup ("windowfocus"));
  g_ptr_array_add (argv, g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (surface)));
  g_ptr_array_add (argv, g_strdup ("sleep"));
  g_ptr_array_add (argv, g_strdup ("0.1"));
  /* One key at a time with a pause, as a person types: a key that changes the focus
   * or shows a widget is handled before the next one arrives. */
  for (guint i = 0; names[i]; i++)
    if (names[i][0] != '\0')
      {
        if (i > 0)
          {
            g_ptr_array_add (argv, g_strdup ("sleep"));
            g_ptr_array_add (argv, g_strdup ("0.08"));
          }
        g_ptr_array_add (argv, g_strdup ("key"));
        g_ptr_array_add (argv, g_strdup (names[i]));
      }
  run_xdotool (argv);
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/**
 * spa_test_focus_by_keys:
 * @target: the widget to reach
 * @key: the key that moves the focus ("Tab", "shift+Tab", "Down")
 *
 * Presses @key until the focus is in @target, at most @limit times, as a person
 * tabbing to a field.
 *
 * Returns: whether the focus got there
 */
gboolean
spa_test_focus_by_keys (GtkWidget  *target,
                        const char *key,
                        guint       limit)
{
  for (guint i = 0; i < limit && !has_focus_within (target); i++)
    spa_test_send_keys (target, key);
  return has_focus_within (target);
}

/* "windowfocus WINDOW sleep 0.1", to start an xdotool command line that types. */
static GPtrArray *
focus_command (GdkSurface *surface)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup ("windowfocus"));
  g_ptr_array_add (argv, g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (surface)));
  g_ptr_array_add (argv, g_strdup ("sleep"));
  g_ptr_array_add (argv, g_strdup ("0.1"));
  return argv;
}

/**
 * spa_test_type:
 * @text: what to type, as a person would on the keyboard
 *
 * Types @text into the widget that has the focus in @widget's window, through the X
 * server (xdotool type): each character a key press, so entries, their input methods
 * and the widgets' key handlers see it as typed.
 */
void
spa_test_type (GtkWidget  *widget,
               const char *text)
{
  GdkSurface *surface = drawn_surface (GTK_WIDGET (gtk_widget_get_root (widget)));
  g_autoptr(GString) run = g_string_new (NULL);

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && c < 0x80)
        {
          g_string_append_unichar (run, c);
          continue;
        }
      /* xdotool's "type" takes the rest of its command line: one run per call. */
      if (run->len > 0)
        {
          g_autoptr(GPtrArray) argv = focus_command (surface);

          g_ptr_array_add (argv, g_strdup ("type"));
          g_ptr_array_add (argv, g_strdup ("--delay"));
          g_ptr_array_add (argv, g_strdup ("20"));
          g_ptr_array_add (argv, g_strdup (run->str));
          run_xdotool (argv);
          g_string_truncate (run, 0);
        }
      if (c == 0)
        break;
      /* A letter the keyboard lacks ("ë" on a US keyboard) the way GTK offers it:
       * Ctrl+Shift+U, its code, Space. Left to xdotool, it is bound to a spare key
       * for one press, and under load GTK reads that press with the old keymap and
       * drops it ("Zoë" arrived as "Zo"). */
      {
        g_autoptr(GPtrArray) argv = focus_command (surface);
        g_autofree char *code = g_strdup_printf ("%x", c);

        g_ptr_array_add (argv, g_strdup ("key"));
        g_ptr_array_add (argv, g_strdup ("ctrl+shift+u"));
        for (const char *d = code; *d; d++)
          {
            g_ptr_array_add (argv, g_strdup ("sleep"));
            g_ptr_array_add (argv, g_strdup ("0.05"));
            g_ptr_array_add (argv, g_strdup ("key"));
            g_ptr_array_add (argv, g_strndup (d, 1));
          }
        g_ptr_array_add (argv, g_strdup ("sleep"));
        g_ptr_array_add (argv, g_strdup ("0.05"));
        g_ptr_array_add (argv, g_strdup ("key"));
        g_ptr_array_add (argv, g_strdup ("space"));
        run_xdotool (argv);
      }
    }
}

/**
 * spa_test_replace_text:
 * @editable: an entry (or an entry row) in a shown window
 *
 * Clears @editable and types @text, as a person does: a click into the field, Ctrl+A
 * and Backspace, then the text.
 */
void
spa_test_replace_text (gpointer    editable,
                       const char *text)
{
  spa_test_click (editable, -1, -1);
  spa_test_send_keys (editable, "ctrl+a BackSpace");
  if (text[0] != '\0')
    spa_test_type (editable, text);
}

/* Where (@x, @y) of @widget is on the X screen. Under Xvfb without a window manager
 * the window's X position is its own; with one, xdotool reports the framed one. */
static void
screen_point (GtkWidget *widget,
              double     x,
              double     y,
              int       *screen_x,
              int       *screen_y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = drawn_surface (widget);
  g_autofree char *command = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  graphene_point_t point;
  double surface_x, surface_y;
  /* A popover's surface starts left of or above the screen by its shadow. */
  int window_x = G_MININT, window_y = G_MININT;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);

  command = g_strdup_printf ("xdotool getwindowgeometry --shell %lu",
                             (gulong)gdk_x11_surface_get_xid (surface));
  g_spawn_command_line_sync (command, &out, NULL, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "X="))
        window_x = atoi (lines[i] + 2);
      else if (g_str_has_prefix (lines[i], "Y="))
        window_y = atoi (lines[i] + 2);
    }
  g_assert_cmpint (window_x, !=, G_MININT);
  g_assert_cmpint (window_y, !=, G_MININT);
  *screen_x = window_x + (int)(surface_x + point.x);
  *screen_y = window_y + (int)(surface_y + point.y);
}

/* Appends "mousemove --sync X Y BUTTON-COMMAND BUTTON" to an xdotool command line. */
static void
add_pointer (GPtrArray  *argv,
             int         x,
             int         y,
             const char *command,
             const char *button)
{
  g_ptr_array_add (argv, g_strdup ("mousemove"));
  g_ptr_array_add (argv, g_strdup ("--sync"));
  g_ptr_array_add (argv, g_strdup_printf ("%d", x));
  g_ptr_array_add (argv, g_strdup_printf ("%d", y));
  g_ptr_array_add (argv, g_strdup (command));
  g_ptr_array_add (argv, g_strdup (button));
}

/* Turns the mouse wheel over @widget's scrolled window until @widget is inside its
 * visible part, as a person scrolls to what they want to click (at most 60 turns). */
static void
scroll_into_view (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkNative *native = gtk_widget_get_native (widget);
  int last_x = G_MININT, last_y = G_MININT;

  for (int i = 0; scroller != NULL && i < 60; i++)
    {
      graphene_rect_t bounds;
      g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
      int sx, sy, height;
      gboolean below;

      /* A popover's widgets have the page's scrolled window as an ancestor, but the
       * popover is a surface of its own: that wheel does not move them. */
      if (gtk_widget_get_native (scroller) != native)
        break;

      g_assert_true (gtk_widget_compute_bounds (widget, scroller, &bounds));
      height = gtk_widget_get_height (scroller);
      if (bounds.origin.y >= 0 && bounds.origin.y + MIN (bounds.size.height, 40) <= height)
        {
          /* In view here; maybe not in an outer pane. */
          scroller = gtk_widget_get_parent (scroller);
          scroller = gtk_widget_get_ancestor (scroller, GTK_TYPE_SCROLLED_WINDOW);
          continue;
        }
      below = bounds.origin.y > 0;
      screen_point (scroller, gtk_widget_get_width (scroller) / 2.0, height / 2.0, &sx, &sy);
      /* A synced move to where the pointer already is waits for a motion that never
       * comes (seconds per turn): move once, then only turn the wheel. */
      if (sx != last_x || sy != last_y)
        add_pointer (argv, sx, sy, "click", below ? "5" : "4");
      else
        {
          g_ptr_array_add (argv, g_strdup ("click"));
          g_ptr_array_add (argv, g_strdup (below ? "5" : "4"));
        }
      last_x = sx;
      last_y = sy;
      run_xdotool (argv);
    }
}

/**
 * spa_test_click:
 * @widget: a shown widget
 * @x: (optional): where on @widget, in its coordinates; a negative value for its middle
 *
 * Moves the pointer onto @widget and clicks the first button, through the X server;
 * first scrolls it into view with the mouse wheel if it is out of its pane.
 */
void
spa_test_click (GtkWidget *widget,
                double     x,
                double     y)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  int sx, sy;

  /* Laid out first: a widget just shown has no size until the window draws. */
  drawn_surface (widget);
  scroll_into_view (widget);
  if (x < 0)
    x = gtk_widget_get_width (widget) / 2.0;
  if (y < 0)
    y = gtk_widget_get_height (widget) / 2.0;
  screen_point (widget, x, y, &sx, &sy);
  /* The pointer arrives at @widget as a hand moves it, from a few pixels off: GTK 4.8
   * sends a press made where the pointer rests after a popover closed under it to
   * that (hidden) popover, so a click must not come from a pointer that never moved. */
  add_pointer (argv, MAX (0, sx - 4), MAX (0, sy - 4), "sleep", "0.05");
  add_pointer (argv, sx, sy, "click", "1");
  run_xdotool (argv);
}

/**
 * spa_test_drag:
 * @from: the widget the drag starts on, and (@from_x, @from_y) on it
 * @to: the widget it ends on, and (@to_x, @to_y) on it
 *
 * Drags with the first mouse button as a person does, through the X server: press on
 * @from, move past GTK's drag threshold and on to @to in steps, release. Both widgets
 * must be in the same shown window.
 */
void
spa_test_drag (GtkWidget *from,
               double     from_x,
               double     from_y,
               GtkWidget *to,
               double     to_x,
               double     to_y)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  int x1, y1, x2, y2;
  const int steps = 8;

  screen_point (from, from_x, from_y, &x1, &y1);
  screen_point (to, to_x, to_y, &x2, &y2);
  add_pointer (argv, x1, y1, "mousedown", "1");
  for (int i = 0; i <= steps; i++)
    {
      /* First a few pixels, past GTK's drag threshold, then on in steps. */
      int x = i == 0 ? x1 + 12 : x1 + (x2 - x1) * i / steps;
      int y = i == 0 ? y1 + 12 : y1 + (y2 - y1) * i / steps;

      g_ptr_array_add (argv, g_strdup ("sleep"));
      g_ptr_array_add (argv, g_strdup ("0.15"));
      g_ptr_array_add (argv, g_strdup ("mousemove"));
      g_ptr_array_add (argv, g_strdup_printf ("%d", x));
      g_ptr_array_add (argv, g_strdup_printf ("%d", y));
    }
  g_ptr_array_add (argv, g_strdup ("sleep"));
  g_ptr_array_add (argv, g_strdup ("0.3"));
  g_ptr_array_add (argv, g_strdup ("mouseup"));
  g_ptr_array_add (argv, g_strdup ("1"));
  run_xdotool (argv);
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

/* The shown label reading @text in a mapped popover under @root. */
static GtkWidget *
popover_item (GtkWidget  *root,
              const char *text,
              gboolean    in_popover)
{
  if (GTK_IS_POPOVER (root))
    {
      if (!gtk_widget_get_mapped (root))
        return NULL;
      in_popover = TRUE;
    }
  if (in_popover && GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = popover_item (child, text, in_popover);

      if (found)
        return found;
    }
  return NULL;
}

/**
 * spa_test_choose:
 * @list: a combo row or a drop-down
 * @item: the text of the item to pick, as the list shows it
 *
 * Picks @item with the mouse as a person does: a click on @list opens its list, a
 * click on the item chooses it (at most 5 s for the list to show).
 */
void
spa_test_choose (GtkWidget  *list,
                 const char *item)
{
  GtkWidget *label = NULL;
  gint64 deadline;

  spa_test_click (list, -1, -1);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while ((label = popover_item (list, item, FALSE)) == NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  if (label == NULL)
    g_error ("No item \"%s\" in the list that opened", item);
  spa_test_click (label, -1, -1);
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
