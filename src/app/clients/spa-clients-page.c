/* spa-clients-page.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-clients-page"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-widget-util.h"

#include "spa-client-dialog.h"
#include "spa-client-page.h"
#include "spa-client-row.h"
#include "spa-clients-page.h"

struct _SpaClientsPage
{
  GtkWidget           parent_instance;

  /* Template widgets */
  AdwLeaflet         *leaflet;
  GtkWidget          *back_button;
  GtkSearchEntry     *search_entry;
  GtkLabel           *count_label;
  GtkToggleButton    *archived_button;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  GtkStack           *detail_stack;

  /* Owned */
  SpaContext         *context;
  SpaClientPage      *client_page;   /* a child of @detail_stack, built with the context */
  SpaClientList      *clients;
  GtkSingleSelection *selection;
  /* The selected client's page is filled when the view is shown: at start-up another
   * view usually is, and a client's page (sections, body map, editors) costs tens of
   * milliseconds to fill and measure. */
  gboolean            detail_dirty;
  /* Likewise the list's rows: given its model when first shown. */
  gboolean            list_unset;
  /* A client was opened (not only selected): folded, their page is shown. */
  gboolean            detail_wanted;
};

G_DEFINE_FINAL_TYPE (SpaClientsPage, spa_clients_page, GTK_TYPE_WIDGET)

static void
update_list_state (SpaClientsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->clients));
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *count = NULL;

  gboolean archived = spa_client_list_get_archived (self->clients);

  if (n > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else if (!spa_str_empty (query))
    gtk_stack_set_visible_child_name (self->list_stack, "no-results");
  else if (archived)
    gtk_stack_set_visible_child_name (self->list_stack, "no-archived");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "empty");

  if (archived)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u archived client", "%u archived clients", n), n);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u client", "%u clients", n), n);
  gtk_label_set_label (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), n > 0);
}

static void flush_detail (SpaClientsPage *self);

static void
selection_changed_cb (SpaClientsPage *self)
{
  self->detail_dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    flush_detail (self);
}

/* Fills the client's page now if it was left for later. */
static void
flush_detail (SpaClientsPage *self)
{
  g_autoptr(SpaRecord) client = NULL;

  if (!self->detail_dirty)
    return;

  self->detail_dirty = FALSE;
  client = spa_clients_page_dup_selected (self);
  if (client == NULL || !spa_record_is_stored (client))
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      spa_client_page_set_client (self->client_page, NULL);
      return;
    }
  spa_client_page_set_client (self->client_page, client);
  gtk_stack_set_visible_child_name (self->detail_stack, "client");
}

static void
spa_clients_page_map (GtkWidget *widget)
{
  SpaClientsPage *self = SPA_CLIENTS_PAGE (widget);

  if (self->list_unset)
    {
      self->list_unset = FALSE;
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
    }
  GTK_WIDGET_CLASS (spa_clients_page_parent_class)->map (widget);
  flush_detail (self);
}

static void
items_changed_cb (SpaClientsPage *self)
{
  update_list_state (self);
  selection_changed_cb (self);
}

static void
search_changed_cb (SpaClientsPage *self,
                   GtkSearchEntry *entry)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (entry));

  /* Already applied (the filter cleared to show a client): keep that client selected. */
  if (g_strcmp0 (query, spa_client_list_get_query (self->clients) ?: "") == 0)
    return;

  spa_client_list_set_query (self->clients, query);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->clients)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
}

static void show_detail (SpaClientsPage *self);

static void
search_activate_cb (SpaClientsPage *self,
                    GtkSearchEntry *entry)
{
  /* Enter in the search goes to the list, on the first result; in one column (narrow)
   * it opens the first result, as the list is not beside the page. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->clients)) == 0)
    return;
  if (adw_leaflet_get_folded (self->leaflet))
    {
      gtk_single_selection_set_selected (self->selection, 0);
      show_detail (self);
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
archived_toggled_cb (SpaClientsPage  *self,
                     GtkToggleButton *button)
{
  if (self->clients == NULL)
    return;
  spa_client_list_set_archived (self->clients, gtk_toggle_button_get_active (button));
  update_list_state (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->clients)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
}

/* Narrow (the treatment-room tablet): the list and the client's page are one column;
 * opening a client shows their page, with a button back to the list. */
static void
folded_changed_cb (SpaClientsPage *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  gtk_widget_set_visible (self->back_button, folded);
  if (self->client_page != NULL)
    spa_client_page_set_narrow (self->client_page, folded);
  if (folded)
    adw_leaflet_set_visible_child_name (self->leaflet, self->detail_wanted ? "detail" : "list");
}

/* Side by side, the pane last clicked or focused is the one at work: the one kept in
 * front when the window narrows (the client's page as if it had been opened). */
static void
pane_used_cb (GtkEventController *controller)
{
  GtkWidget *pane = gtk_event_controller_get_widget (controller);
  SpaClientsPage *self = SPA_CLIENTS_PAGE (gtk_widget_get_ancestor (pane, SPA_TYPE_CLIENTS_PAGE));

  if (!adw_leaflet_get_folded (self->leaflet))
    self->detail_wanted = pane == adw_leaflet_get_child_by_name (self->leaflet, "detail");
}

static void
watch_pane (GtkWidget *pane)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  /* Seen before the pane's own widgets take the click; not claimed. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (pane_used_cb), click);
  g_signal_connect (focus, "enter", G_CALLBACK (pane_used_cb), NULL);
  gtk_widget_add_controller (pane, GTK_EVENT_CONTROLLER (click));
  gtk_widget_add_controller (pane, focus);
}

static void
back_clicked_cb (SpaClientsPage *self)
{
  self->detail_wanted = FALSE;
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
show_detail (SpaClientsPage *self)
{
  self->detail_wanted = TRUE;
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

static void
row_activated_cb (SpaClientsPage *self,
                  guint           position)
{
  gtk_single_selection_set_selected (self->selection, position);
  show_detail (self);
}

static void
stop_search_cb (SpaClientsPage *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, spa_client_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  SpaRecord *client = gtk_list_item_get_item (item);

  spa_client_row_set_client (SPA_CLIENT_ROW (gtk_list_item_get_child (item)), client);
}

static void
client_deleted_cb (SpaClientsPage *self)
{
  /* The page already showed its undo toast; move on to the next client. */
  selection_changed_cb (self);
}

/* Ctrl+E edits the selected client from anywhere in the view: the search box and the
 * list too, not only the client's page. */
static gboolean
edit_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  SpaClientsPage *self = SPA_CLIENTS_PAGE (widget);

  flush_detail (self);
  return gtk_widget_activate_action (GTK_WIDGET (self->client_page), "client.edit", NULL);
}

static void
spa_clients_page_dispose (GObject *object)
{
  SpaClientsPage *self = (SpaClientsPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_CLIENTS_PAGE);
  spa_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->selection);
  g_clear_object (&self->clients);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spa_clients_page_parent_class)->dispose (object);
}

static void
spa_clients_page_constructed (GObject *object)
{
  SpaClientsPage *self = SPA_CLIENTS_PAGE (object);
  SpaContext *context = self->context;

  G_OBJECT_CLASS (spa_clients_page_parent_class)->constructed (object);

  self->clients = spa_client_list_new (spa_context_get_store (context));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->clients)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  self->list_unset = TRUE;

  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->clients, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  self->client_page = SPA_CLIENT_PAGE (spa_client_page_new (context));
  gtk_stack_add_named (self->detail_stack, GTK_WIDGET (self->client_page), "client");
  g_signal_connect_object (self->client_page, "deleted", G_CALLBACK (client_deleted_cb),
                           self, G_CONNECT_SWAPPED);
  spa_client_page_set_narrow (self->client_page, adw_leaflet_get_folded (self->leaflet));
  update_list_state (self);
  selection_changed_cb (self);
}

static void
spa_clients_page_class_init (SpaClientsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = spa_clients_page_constructed;
  object_class->dispose = spa_clients_page_dispose;
  widget_class->map = spa_clients_page_map;

  spa_widget_class_install_context (object_class, G_STRUCT_OFFSET (SpaClientsPage, context));

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-clients-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaClientsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SpaClientsPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, SpaClientsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SpaClientsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, SpaClientsPage, archived_button);
  gtk_widget_class_bind_template_child (widget_class, SpaClientsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SpaClientsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, SpaClientsPage, detail_stack);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, archived_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, edit_shortcut_cb, NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "clientspage");
}

static void
spa_clients_page_init (SpaClientsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
  watch_pane (adw_leaflet_get_child_by_name (self->leaflet, "list"));
  watch_pane (adw_leaflet_get_child_by_name (self->leaflet, "detail"));
}

/**
 * spa_clients_page_new:
 * @context: the spa's context
 */
GtkWidget *
spa_clients_page_new (SpaContext *context)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  return g_object_new (SPA_TYPE_CLIENTS_PAGE, "context", context, NULL);
}

static void
client_saved_cb (SpaClientsPage  *self,
                 SpaRecord       *client,
                 SpaClientDialog *dialog)
{
  /* Show the new client even when the current search would hide it. */
  if (spa_client_list_find (self->clients, spa_record_get_id (client)) == G_MAXUINT)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  spa_client_list_set_query (self->clients, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  spa_clients_page_select_client (self, spa_record_get_id (client));
}

/**
 * spa_clients_page_new_client:
 *
 * Opens the New Client dialog; the new client is selected once saved.
 */
void
spa_clients_page_new_client (SpaClientsPage *self)
{
  SpaClientDialog *dialog;

  g_return_if_fail (SPA_IS_CLIENTS_PAGE (self));

  dialog = spa_client_dialog_new (self->context, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (client_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
spa_clients_page_focus_search (SpaClientsPage *self)
{
  g_return_if_fail (SPA_IS_CLIENTS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * spa_clients_page_select_client:
 *
 * Returns: %TRUE if the client is in the list and now selected
 */
gboolean
spa_clients_page_select_client (SpaClientsPage *self,
                                const char     *client_id)
{
  guint position;

  g_return_val_if_fail (SPA_IS_CLIENTS_PAGE (self), FALSE);

  position = spa_client_list_find (self->clients, client_id);
  if (position == G_MAXUINT)
    {
      g_autoptr(SpaRecord) client = spa_store_get (spa_context_get_store (self->context),
                                                   SPA_CLIENT_ENTITY, client_id, NULL);

      /* An archived client (opened from a past booking) is shown in the Archived list,
       * and an active one in the main list. */
      if (client == NULL || spa_record_get_deleted (client) ||
          spa_client_is_archived (client) == spa_client_list_get_archived (self->clients))
        return FALSE;
      gtk_toggle_button_set_active (self->archived_button, spa_client_is_archived (client));
      position = spa_client_list_find (self->clients, client_id);
      if (position == G_MAXUINT)
        return FALSE;
    }

  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  show_detail (self);
  return TRUE;
}

/**
 * spa_clients_page_show_client:
 *
 * Selects the client, clearing the search first if it hides them, so that the page
 * beside the list is always the one asked for.
 *
 * Returns: %TRUE if the client exists and is now selected
 */
gboolean
spa_clients_page_show_client (SpaClientsPage *self,
                              const char     *client_id)
{
  g_return_val_if_fail (SPA_IS_CLIENTS_PAGE (self), FALSE);

  if (client_id == NULL)
    return FALSE;

  if (spa_client_list_find (self->clients, client_id) == G_MAXUINT &&
      !spa_str_empty (spa_client_list_get_query (self->clients)))
    {
      /* The list first, at once: the entry's own search-changed comes later and then
       * finds nothing to do. */
      spa_client_list_set_query (self->clients, "");
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
    }

  return spa_clients_page_select_client (self, client_id);
}

/**
 * spa_clients_page_dup_selected:
 *
 * Returns: (transfer full) (nullable): the selected client
 */
SpaRecord *
spa_clients_page_dup_selected (SpaClientsPage *self)
{
  gpointer item;

  g_return_val_if_fail (SPA_IS_CLIENTS_PAGE (self), NULL);

  if (self->selection == NULL)
    return NULL;

  item = gtk_single_selection_get_selected_item (self->selection);
  return item != NULL ? g_object_ref (item) : NULL;
}

GtkEditable *
spa_clients_page_get_search_entry (SpaClientsPage *self)
{
  g_return_val_if_fail (SPA_IS_CLIENTS_PAGE (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

GListModel *
spa_clients_page_get_model (SpaClientsPage *self)
{
  g_return_val_if_fail (SPA_IS_CLIENTS_PAGE (self), NULL);
  return G_LIST_MODEL (self->clients);
}

GtkWidget *
spa_clients_page_get_client_page (SpaClientsPage *self)
{
  g_return_val_if_fail (SPA_IS_CLIENTS_PAGE (self), NULL);
  flush_detail (self);
  return GTK_WIDGET (self->client_page);
}

/**
 * spa_clients_page_get_folded:
 *
 * Returns: %TRUE when the list and the client's page are one column (narrow window)
 */
gboolean
spa_clients_page_get_folded (SpaClientsPage *self)
{
  g_return_val_if_fail (SPA_IS_CLIENTS_PAGE (self), FALSE);
  return adw_leaflet_get_folded (self->leaflet);
}

/**
 * spa_clients_page_get_shown:
 *
 * Returns: "list" or "detail", what the view shows when folded
 */
const char *
spa_clients_page_get_shown (SpaClientsPage *self)
{
  g_return_val_if_fail (SPA_IS_CLIENTS_PAGE (self), NULL);
  return adw_leaflet_get_visible_child_name (self->leaflet);
}
