/* spa-lock-screen.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-lock-screen"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-lock-screen.h"
#include "spa-lock-screen-private.h"
#include "spa-widget-util.h"

/*
 * Who is at the desk. It covers the window's contents while the desk is locked (on
 * demand, after an idle time, at start): a list of the desk's accounts, each with its
 * number, and the chosen one's PIN. Keyboard first: a digit (or Alt+digit from the PIN
 * field) picks an account and moves to its PIN, Enter signs in, Escape goes back to
 * the list; so Ctrl+L then a number is the switch to another person.
 */

#define MAX_NUMBERED 9

struct _SpaLockScreen
{
  AdwBin          parent_instance;

  /* Template widgets */
  AdwStatusPage  *status_page;
  GtkListBox     *accounts_list;
  GtkRevealer    *pin_revealer;
  AdwEntryRow    *pin_row;
  GtkLabel       *error_label;

  /* Owned */
  SpaContext     *context;
  GPtrArray      *accounts;      /* (element-type SpaAccount) in the list's order */
  SpaAccount     *chosen;
};

G_DEFINE_FINAL_TYPE (SpaLockScreen, spa_lock_screen, ADW_TYPE_BIN)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (SpaLockScreen *self,
            const char    *message)
{
  /* Screen readers hear the message as the PIN field's description. */
  spa_widget_show_error (self->error_label, GTK_WIDGET (self->pin_row), message,
                         SPA_SHOW_ERROR_DESCRIBE);
}

static GtkWidget *
account_row (SpaLockScreen *self,
             guint          index)
{
  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->accounts_list, index));
}

/**
 * spa_lock_screen_choose:
 *
 * Picks the account at @index and asks for its PIN.
 */
void
spa_lock_screen_choose (SpaLockScreen *self,
                        guint          index)
{
  g_autofree char *title = NULL;

  g_return_if_fail (SPA_IS_LOCK_SCREEN (self));

  if (self->accounts == NULL || index >= self->accounts->len)
    return;

  g_set_object (&self->chosen, self->accounts->pdata[index]);
  title = g_strdup_printf (_("PIN for %s"), spa_account_get_name (self->chosen));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->pin_row), title);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  show_error (self, NULL);
  gtk_list_box_select_row (self->accounts_list, GTK_LIST_BOX_ROW (account_row (self, index)));
  gtk_revealer_set_reveal_child (self->pin_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lock.sign-in", TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
}

static void
back_to_list (SpaLockScreen *self)
{
  guint index = 0;

  if (self->chosen != NULL)
    g_ptr_array_find (self->accounts, self->chosen, &index);
  gtk_revealer_set_reveal_child (self->pin_revealer, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  show_error (self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lock.sign-in", FALSE);
  if (account_row (self, index) != NULL)
    gtk_widget_grab_focus (account_row (self, index));
}

static void
row_activated_cb (SpaLockScreen *self,
                  GtkListBoxRow *row)
{
  spa_lock_screen_choose (self, gtk_list_box_row_get_index (row));
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SpaLockScreen *self = SPA_LOCK_SCREEN (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaAccount) account = NULL;
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));

  if (self->chosen == NULL || self->context == NULL)
    return;

  if (pin[0] == '\0')
    {
      show_error (self, _("Type your PIN."));
      return;
    }

  account = g_object_ref (self->chosen);
  if (!spa_account_sign_in (spa_context_get_store (self->context), account, pin, &error))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNED_IN], 0, account);
}

static void
pin_activated_cb (SpaLockScreen *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "lock.sign-in", NULL);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SpaLockScreen         *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  gboolean in_pin = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->pin_row));
  guint digit = gdk_keyval_to_unicode (keyval);
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  if (keyval == GDK_KEY_Escape && gtk_revealer_get_reveal_child (self->pin_revealer))
    {
      back_to_list (self);
      return GDK_EVENT_STOP;
    }

  /* In the PIN field digits are the PIN; Alt+digit still picks another person. */
  if (digit >= '1' && digit <= '0' + MAX_NUMBERED &&
      ((mods == 0 && !in_pin) || mods == GDK_ALT_MASK))
    {
      spa_lock_screen_choose (self, digit - '1');
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

static GtkWidget *
make_row (SpaAccount *account,
          guint       index)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *avatar = adw_avatar_new (32, spa_account_get_name (account), TRUE);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), spa_account_get_name (account));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), spa_role_get_label (spa_account_get_role (account)));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (index < MAX_NUMBERED)
    {
      g_autofree char *number = g_strdup_printf ("%u", index + 1);
      g_autofree char *hint = g_strdup_printf (_("Press %u"), index + 1);
      GtkWidget *key = gtk_label_new (number);

      gtk_widget_add_css_class (key, "keycap");
      gtk_widget_set_valign (key, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), key);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hint, -1);
    }
  return row;
}

/**
 * spa_lock_screen_reset:
 * @current: (nullable): who was signed in, to put first in focus
 *
 * Reads the accounts again and starts over: no PIN typed, no error, the focus on
 * @current's row (or the first).
 */
void
spa_lock_screen_reset (SpaLockScreen *self,
                       SpaAccount    *current)
{
  guint focus = 0;

  g_return_if_fail (SPA_IS_LOCK_SCREEN (self));

  spa_list_box_remove_all (self->accounts_list);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_object (&self->chosen);
  if (self->context != NULL)
    self->accounts = spa_account_list (spa_context_get_store (self->context), NULL);
  if (self->accounts == NULL)
    self->accounts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      gtk_list_box_append (self->accounts_list, make_row (self->accounts->pdata[i], i));
      if (current != NULL && g_strcmp0 (spa_account_get_id (current),
                                        spa_account_get_id (self->accounts->pdata[i])) == 0)
        focus = i;
    }

  gtk_revealer_set_reveal_child (self->pin_revealer, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  show_error (self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lock.sign-in", FALSE);
  if (account_row (self, focus) != NULL)
    gtk_widget_grab_focus (account_row (self, focus));
}

/**
 * spa_lock_screen_new:
 * @context: the spa's context
 */
GtkWidget *
spa_lock_screen_new (SpaContext *context)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  return g_object_new (SPA_TYPE_LOCK_SCREEN, "context", context, NULL);
}

/**
 * spa_lock_screen_get_chosen:
 *
 * Returns: (transfer none) (nullable): the account whose PIN is asked for
 */
SpaAccount *
spa_lock_screen_get_chosen (SpaLockScreen *self)
{
  g_return_val_if_fail (SPA_IS_LOCK_SCREEN (self), NULL);
  return gtk_revealer_get_reveal_child (self->pin_revealer) ? self->chosen : NULL;
}

/**
 * spa_lock_screen_get_error:
 *
 * Returns: (nullable): the message shown under the PIN, if any
 */
const char *
spa_lock_screen_get_error (SpaLockScreen *self)
{
  g_return_val_if_fail (SPA_IS_LOCK_SCREEN (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : NULL;
}

static void
spa_lock_screen_dispose (GObject *object)
{
  SpaLockScreen *self = (SpaLockScreen *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_LOCK_SCREEN);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_object (&self->chosen);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spa_lock_screen_parent_class)->dispose (object);
}

static void
spa_lock_screen_class_init (SpaLockScreenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_lock_screen_dispose;

  /**
   * SpaLockScreen::signed-in:
   * @account: who typed the right PIN
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SPA_TYPE_ACCOUNT);

  spa_widget_class_install_context (object_class, G_STRUCT_OFFSET (SpaLockScreen, context));

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-lock-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaLockScreen, status_page);
  gtk_widget_class_bind_template_child (widget_class, SpaLockScreen, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, SpaLockScreen, pin_revealer);
  gtk_widget_class_bind_template_child (widget_class, SpaLockScreen, pin_row);
  gtk_widget_class_bind_template_child (widget_class, SpaLockScreen, error_label);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_activated_cb);
  gtk_widget_class_install_action (widget_class, "lock.sign-in", NULL, sign_in_action);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
spa_lock_screen_init (SpaLockScreen *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lock.sign-in", FALSE);
}

/**
 * spa_lock_screen_get_pin_field:
 *
 * Returns: (transfer none): the PIN field
 */
GtkEditable *
spa_lock_screen_get_pin_field (SpaLockScreen *self)
{
  g_return_val_if_fail (SPA_IS_LOCK_SCREEN (self), NULL);
  return GTK_EDITABLE (self->pin_row);
}
