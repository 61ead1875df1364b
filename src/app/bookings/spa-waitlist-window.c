/* spa-waitlist-window.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-waitlist-window"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-waitlist-dialog.h"
#include "spa-waitlist-window.h"
#include "spa-widget-util.h"

/*
 * The waitlist (docs/waitlist.md), reached from the calendar (`win.waitlist`): every
 * entry first come first, with who waits, for what, with whom, when it suits and its
 * status; "Add to Waitlist…", and on each row "Booked" and "Remove" (with Undo). The
 * list follows the store, so entries pulled from other desks or changed by the
 * server's offers appear as they arrive.
 */

struct _SpaWaitlistWindow
{
  AdwWindow        parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkListBox      *list;

  /* Owned */
  SpaContext      *context;
  gulong           changed_id;
};

G_DEFINE_FINAL_TYPE (SpaWaitlistWindow, spa_waitlist_window, ADW_TYPE_WINDOW)

static SpaStore *
get_store (SpaWaitlistWindow *self)
{
  return spa_context_get_store (self->context);
}

static char *
record_name (SpaWaitlistWindow *self,
             const char        *entity,
             const char        *id)
{
  g_autoptr(SpaRecord) record = id ? spa_store_get (get_store (self), entity, id, NULL) : NULL;

  if (record == NULL)
    return NULL;
  if (g_str_equal (entity, "client"))
    return spa_client_dup_display_name (record);
  return g_strdup (spa_record_get_string (record, "name"));
}

static const char *
weekday_label (const char *code)
{
  static const struct { const char *code; const char *label; } labels[] = {
    { "mon", NC_("weekday", "Mon") },
    { "tue", NC_("weekday", "Tue") },
    { "wed", NC_("weekday", "Wed") },
    { "thu", NC_("weekday", "Thu") },
    { "fri", NC_("weekday", "Fri") },
    { "sat", NC_("weekday", "Sat") },
    { "sun", NC_("weekday", "Sun") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].code, code) == 0)
      return g_dpgettext2 (NULL, "weekday", labels[i].label);
  return code;
}

/* "Mon, Wed · 09:30–12:00", "Any day · from 17:00", "Any day, any time". */
static char *
describe_when (SpaRecord *entry)
{
  g_auto(GStrv) days = spa_record_get_strv (entry, SPA_WAITLIST_DAYS);
  const char *earliest = spa_record_get_string (entry, SPA_WAITLIST_EARLIEST);
  const char *latest = spa_record_get_string (entry, SPA_WAITLIST_LATEST);
  g_autoptr(GString) day_text = g_string_new (NULL);
  g_autofree char *hours = NULL;

  for (guint i = 0; days != NULL && days[i] != NULL; i++)
    {
      if (i > 0)
        /* TRANSLATORS: between the weekdays that suit a waiting client */
        g_string_append (day_text, _(", "));
      g_string_append (day_text, weekday_label (days[i]));
    }
  if (!spa_str_empty (earliest) && !spa_str_empty (latest))
    /* TRANSLATORS: the times of day that suit a waiting client */
    hours = g_strdup_printf (_("%s–%s"), earliest, latest);
  else if (!spa_str_empty (earliest))
    hours = g_strdup_printf (_("from %s"), earliest);
  else if (!spa_str_empty (latest))
    hours = g_strdup_printf (_("ending by %s"), latest);

  if (day_text->len == 0 && hours == NULL)
    return g_strdup (_("Any day, any time"));
  /* TRANSLATORS: the days, then the times of day that suit a waiting client */
  return g_strdup_printf (_("%s · %s"), day_text->len ? day_text->str : _("Any day"),
                          hours ? hours : _("any time"));
}

static GtkWidget *
make_row (SpaWaitlistWindow *self,
          SpaRecord         *entry)
{
  const char *id = spa_record_get_id (entry);
  g_autofree char *now_text = spa_store_now_utc (get_store (self));
  g_autoptr(GDateTime) now = spa_time_parse_utc (now_text);
  GTimeZone *zone = spa_schedule_get_time_zone (get_store (self));
  /* An offer whose time has begun, as the server will settle it (the core's rule). */
  const char *status = spa_waitlist_current_status (entry, FALSE, now, zone);
  g_autofree char *client = record_name (self, "client",
                                         spa_record_get_string (entry, SPA_WAITLIST_CLIENT_ID));
  g_autofree char *service = record_name (self, "service",
                                          spa_record_get_string (entry, SPA_WAITLIST_SERVICE_ID));
  g_autofree char *therapist = record_name (self, "therapist",
                                            spa_record_get_string (entry,
                                                                   SPA_WAITLIST_THERAPIST_ID));
  g_autofree char *when = describe_when (entry);
  g_autofree char *until = spa_format_day (spa_record_get_string (entry, SPA_WAITLIST_UNTIL));
  g_autofree char *wish = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *remove_label = NULL;
  g_autofree char *state = g_strcmp0 (status, spa_record_get_string (entry,
                                                                     SPA_WAITLIST_STATUS)) == 0
                           ? spa_waitlist_describe_status (entry, zone)
                           : g_strdup (spa_waitlist_status_label (status));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;

  /* TRANSLATORS: a waiting client's wish: service, therapist, days and times, last day */
  wish = g_strdup_printf (_("%s · %s · %s · until %s"), service ? service : "",
                          therapist ? therapist : _("Any therapist"), when, until);
  /* The status on a line of its own, not beside the row: room for the name on a phone. */
  subtitle = g_strjoin ("\n", wish, state, NULL);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), client ? client : _("Unknown client"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* Wrapped, never cut: a phone shows the whole wish on more lines. */
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  g_object_set_data_full (G_OBJECT (row), "entry", g_object_ref (entry), g_object_unref);

  if (g_strcmp0 (status, "waiting") == 0 || g_strcmp0 (status, "offered") == 0)
    {
      button = gtk_button_new_with_mnemonic (_("_Mark Booked"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Mark as booked: the client has a time now"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "waitlist.mark-booked");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Remove from the waitlist"));
  /* TRANSLATORS: the accessible name of a row's remove button, with the client's name */
  remove_label = g_strdup_printf (_("Remove %s from the waitlist"), client ? client : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "waitlist.remove");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
reload (SpaWaitlistWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = spa_waitlist_list (get_store (self), &error);

  spa_list_box_remove_all (self->list);
  if (entries == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, spa_toast_new_plain (error->message));
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (self->list, make_row (self, entries->pdata[i]));
  gtk_stack_set_visible_child_name (self->stack, entries->len > 0 ? "list" : "empty");
}

static void
store_changed_cb (SpaWaitlistWindow *self,
                  const char        *entity,
                  const char        *id)
{
  if (g_strcmp0 (entity, SPA_WAITLIST_ENTITY) == 0 || g_strcmp0 (entity, "client") == 0)
    reload (self);
}

static void
report (SpaWaitlistWindow *self,
        const GError      *error)
{
  adw_toast_overlay_add_toast (self->toast_overlay, spa_toast_new_plain (error->message));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SpaWaitlistWindow *self = SPA_WAITLIST_WINDOW (widget);
  SpaWaitlistDialog *dialog = spa_waitlist_dialog_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
mark_booked_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SpaWaitlistWindow *self = SPA_WAITLIST_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!spa_waitlist_set_status (get_store (self), g_variant_get_string (parameter, NULL),
                                "booked", &error))
    report (self, error);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SpaWaitlistWindow *self = SPA_WAITLIST_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (!spa_store_delete (get_store (self), SPA_WAITLIST_ENTITY, id, &error))
    {
      report (self, error);
      return;
    }
  toast = spa_toast_new_plain (_("Removed from the waitlist"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "waitlist.restore");
  adw_toast_set_action_target_value (toast, g_variant_new_string (id));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SpaWaitlistWindow *self = SPA_WAITLIST_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!spa_store_restore (get_store (self), SPA_WAITLIST_ENTITY,
                          g_variant_get_string (parameter, NULL), &error))
    report (self, error);
}

static void
spa_waitlist_window_dispose (GObject *object)
{
  SpaWaitlistWindow *self = SPA_WAITLIST_WINDOW (object);

  if (self->context != NULL)
    g_clear_signal_handler (&self->changed_id, get_store (self));
  gtk_widget_dispose_template (GTK_WIDGET (object), SPA_TYPE_WAITLIST_WINDOW);

  G_OBJECT_CLASS (spa_waitlist_window_parent_class)->dispose (object);
}

static void
spa_waitlist_window_finalize (GObject *object)
{
  SpaWaitlistWindow *self = SPA_WAITLIST_WINDOW (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (spa_waitlist_window_parent_class)->finalize (object);
}

static void
spa_waitlist_window_class_init (SpaWaitlistWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_waitlist_window_dispose;
  object_class->finalize = spa_waitlist_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/spa-waitlist-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SpaWaitlistWindow, list);

  gtk_widget_class_install_action (widget_class, "waitlist.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "waitlist.mark-booked", "s", mark_booked_action);
  gtk_widget_class_install_action (widget_class, "waitlist.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "waitlist.restore", "s", restore_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "waitlist.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
spa_waitlist_window_init (SpaWaitlistWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * spa_waitlist_window_new:
 *
 * Returns: (transfer none): the waitlist window (a toplevel)
 */
SpaWaitlistWindow *
spa_waitlist_window_new (SpaContext *context)
{
  SpaWaitlistWindow *self;

  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  self = g_object_new (SPA_TYPE_WAITLIST_WINDOW, NULL);
  self->context = g_object_ref (context);
  self->changed_id = g_signal_connect_swapped (get_store (self), "changed",
                                               G_CALLBACK (store_changed_cb), self);
  reload (self);
  return self;
}

static void
waitlist_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SpaWaitlistWindow *waitlist = spa_waitlist_window_new (spa_widget_get_context (widget));

  gtk_window_set_transient_for (GTK_WINDOW (waitlist), GTK_WINDOW (widget));
  gtk_window_present (GTK_WINDOW (waitlist));
}

/**
 * spa_waitlist_window_install_action:
 * @window_class: the main window's class
 *
 * Installs `win.waitlist`, which opens the waitlist beside the window.
 */
void
spa_waitlist_window_install_action (GtkWidgetClass *window_class)
{
  gtk_widget_class_install_action (window_class, "win.waitlist", NULL, waitlist_action);
}
