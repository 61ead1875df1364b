/* spa-client-page.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-client-page"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-fold-box.h"
#include "spa-widget-util.h"
#include "spa-wrap-box.h"

#include "spa-client-audit.h"
#include "spa-client-bookings.h"
#include "spa-client-money.h"
#include "spa-client-dialog.h"
#include "spa-client-page.h"
#include "spa-data-actions.h"
#include "spa-intake-section.h"
#include "spa-progress-section.h"
#include "spa-sessions-section.h"

/*
 * One client's page: name and alerts first (what a therapist must not miss), then
 * sections. The Overview section is built here; other sections are stack pages of
 * their own widgets.
 */
struct _SpaClientPage
{
  GtkWidget             parent_instance;

  /* Template widgets */
  AdwAvatar            *avatar;
  GtkLabel             *name_label;
  GtkLabel             *subtitle_label;
  SpaWrapBox           *alerts_box;
  GtkWidget            *header;
  GtkWidget            *delete_button;
  GtkWidget            *archive_button;
  GtkWidget            *restore_button;
  AdwViewStack         *section_stack;
  AdwViewSwitcher      *section_switcher;
  GtkDropDown          *section_dropdown;
  AdwPreferencesGroup  *contact_group;
  AdwPreferencesGroup  *health_group;
  AdwPreferencesGroup  *emergency_group;
  AdwPreferencesGroup  *details_group;
  SpaClientBookings    *client_bookings;
  SpaClientMoney       *client_money;
  SpaIntakeSection     *intake_section;
  SpaSessionsSection   *sessions_section;
  SpaProgressSection   *progress_section;
  SpaClientAudit       *audit_section;

  /* Owned */
  SpaContext           *context;
  SpaRecord            *client;
  GPtrArray            *rows;      /* (element-type GtkWidget) rows added to the groups */
  GtkFilter            *shown_sections;
  GListModel           *section_pages; /* the sections the role may read, for the dropdown */
  gboolean              syncing_section;
  char                 *audited; /* "SECTION CLIENT_ID" whose opening is in the audit trail */
  GPtrArray            *sections;  /* (element-type SpaClientSection) the stack's, borrowed */
  gulong                changed_ids[3];  /* client, intake, session_note */
};

G_DEFINE_FINAL_TYPE (SpaClientPage, spa_client_page, GTK_TYPE_WIDGET)

enum {
  DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
add_row (SpaClientPage       *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();
  gboolean empty = spa_str_empty (value);
  g_autofree char *escaped = g_markup_escape_text (empty ? _("Not given") : value, -1);

  /* The value is what is read; the field name is the small print, as in Contacts. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), !empty);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (empty)
    gtk_widget_add_css_class (row, "empty-value");
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static void
clear_rows (SpaClientPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static char *
format_birth_date (const char *dob)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *formatted = NULL;
  int y, m, d, age;

  if (!spa_date_parse (dob, &y, &m, &d))
    return g_strdup (dob);

  date = g_date_time_new_local (y, m, d, 0, 0, 0);
  age = g_date_time_get_year (now) - y;
  if (g_date_time_get_month (now) < m ||
      (g_date_time_get_month (now) == m && g_date_time_get_day_of_month (now) < d))
    age--;

  formatted = spa_format_date (date);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d year old)", "%s (%d years old)", age),
                          formatted, age);
}

static void
add_pill (SpaClientPage *self,
          const char    *icon_name,
          const char    *text,
          const char    *css_class)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  /* Trimmed: GTK 4.8 measures a wrapping label that ends in a space inconsistently (a
   * layout error), and an avoid reason is stored as typed. */
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  GtkWidget *label = gtk_label_new (trimmed);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (box, "alert-pill");
  gtk_widget_set_halign (box, GTK_ALIGN_START);
  if (css_class != NULL)
    gtk_widget_add_css_class (box, css_class);
  spa_wrap_box_append (self->alerts_box, box);
}

/* The client's own alerts, then the current intake's (without repeating one), then
 * the pressure preference: what a therapist reads before touching the client. */
static void
update_alerts (SpaClientPage *self)
{
  g_auto(GStrv) alerts = NULL;
  g_autoptr(SpaRecord) intake = NULL;
  gboolean any = FALSE;

  spa_wrap_box_remove_all (self->alerts_box);

  /* The intake's health answers (its allergies, avoid areas, pressure…) only for a role
   * that may read them; the client's own file is everyone's. */
  alerts = self->context != NULL &&
           spa_role_may_read_field (spa_context_get_role (self->context), SPA_INTAKE_ENTITY,
                                    "allergies")
             ? spa_clinical_dup_client_alerts (spa_context_get_store (self->context), self->client, &intake)
             : spa_client_dup_alerts (self->client);
  for (guint i = 0; alerts[i]; i++)
    {
      add_pill (self, "dialog-warning-symbolic", alerts[i], NULL);
      any = TRUE;
    }

  if (intake != NULL && spa_record_has_value (intake, SPA_INTAKE_PRESSURE))
    {
      const char *pressure = spa_vocab_pressure_label (spa_intake_get_pressure (intake));
      g_autofree char *text = g_strdup_printf (_("Pressure: %s"), pressure);

      add_pill (self, "emblem-ok-symbolic", text, "info");
      any = TRUE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->alerts_box), any);
}

/* A client with clinical records is archived, never deleted (the store's rule); an
 * archived one can be restored. */
static void
update_removal (SpaClientPage *self)
{
  SpaRecord *c = self->client;
  gboolean archived = c != NULL && spa_client_is_archived (c);
  gboolean kept = c != NULL && self->context != NULL &&
                  spa_client_has_clinical_records (spa_context_get_store (self->context),
                                                   spa_record_get_id (c), NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client.delete", c != NULL && !archived && !kept);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client.archive", c != NULL && !archived);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client.restore", archived);
  gtk_widget_set_visible (self->delete_button, c != NULL && !archived && !kept);
  gtk_widget_set_visible (self->archive_button, c != NULL && !archived && kept);
  gtk_widget_set_visible (self->restore_button, archived);
}

static void
update (SpaClientPage *self)
{
  g_autofree char *name = NULL;
  g_autofree char *dob = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autoptr(GString) conditions = g_string_new (NULL);
  g_auto(GStrv) codes = NULL;
  const char *pronouns;
  const char *preferred;
  SpaRecord *c = self->client;

  clear_rows (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client.edit", c != NULL);
  update_removal (self);
  if (c == NULL)
    return;

  name = spa_client_dup_display_name (c);
  adw_avatar_set_text (self->avatar, name);
  gtk_label_set_label (self->name_label, name);

  pronouns = spa_client_get_pronouns (c);
  preferred = spa_client_get_preferred_name (c);
  if (!spa_str_empty (preferred))
    g_string_append_printf (subtitle, _("Legal first name %s"), spa_client_get_first_name (c));
  if (!spa_str_empty (pronouns))
    {
      if (subtitle->len)
        g_string_append (subtitle, " · ");
      g_string_append (subtitle, pronouns);
    }
  if (spa_client_is_archived (c))
    {
      g_autoptr(GDateTime) utc = spa_time_parse_utc (spa_client_get_archived_at (c));
      g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
      g_autofree char *date = local ? g_date_time_format (local, "%x") : NULL;

      if (subtitle->len)
        g_string_append (subtitle, " · ");
      /* TRANSLATORS: %s is a date in the locale's format */
      g_string_append_printf (subtitle, _("Archived on %s"), date ? date : "");
    }
  gtk_label_set_label (self->subtitle_label, subtitle->str);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle->len > 0);

  update_alerts (self);

  add_row (self, self->contact_group, _("Phone"), spa_client_get_phone (c));
  add_row (self, self->contact_group, _("E-mail"), spa_client_get_email (c));
  add_row (self, self->contact_group, _("Address"), spa_client_get_address (c));

  codes = spa_record_get_strv (c, SPA_CLIENT_CONDITIONS);
  for (guint i = 0; codes[i]; i++)
    {
      if (conditions->len)
        g_string_append (conditions, ", ");
      g_string_append (conditions, spa_vocab_condition_label (codes[i]));
    }
  add_row (self, self->health_group, _("Allergies"), spa_client_get_allergies (c));
  add_row (self, self->health_group, _("Medications"), spa_client_get_medications (c));
  add_row (self, self->health_group, _("Conditions"), conditions->str);

  add_row (self, self->emergency_group, _("Name"), spa_client_get_emergency_contact_name (c));
  add_row (self, self->emergency_group, _("Phone"), spa_client_get_emergency_contact_phone (c));

  if (spa_record_has_value (c, SPA_CLIENT_DATE_OF_BIRTH))
    dob = format_birth_date (spa_client_get_date_of_birth (c));
  add_row (self, self->details_group, _("Date of birth"), dob);
  add_row (self, self->details_group, _("Marketing e-mails"),
           spa_client_get_marketing_consent (c) ? _("Agreed") : _("Not agreed"));
  add_row (self, self->details_group, _("Notes"), spa_client_get_notes (c));
}

/* A completed intake changes the alerts in the header; a first clinical record
 * turns Delete into Archive. */
static void
intake_changed_cb (SpaClientPage *self)
{
  if (self->client == NULL)
    return;
  update_alerts (self);
  update_removal (self);
}

static void
note_changed_cb (SpaClientPage *self)
{
  if (self->client != NULL)
    update_removal (self);
}

static void
client_changed_cb (SpaClientPage *self,
                   const char    *entity,
                   const char    *id,
                   SpaStore      *store)
{
  g_autoptr(SpaRecord) fresh = NULL;

  if (self->client == NULL || (id != NULL && g_strcmp0 (id, spa_record_get_id (self->client)) != 0))
    return;

  fresh = spa_store_get (store, SPA_CLIENT_ENTITY, spa_record_get_id (self->client), NULL);
  if (fresh != NULL && !spa_record_get_deleted (fresh))
    {
      g_set_object (&self->client, fresh);
      update (self);
    }
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SpaClientPage *self = SPA_CLIENT_PAGE (widget);
  SpaClientDialog *dialog;

  if (self->client == NULL)
    return;

  dialog = spa_client_dialog_new (self->context, self->client);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Deletes the client shown (a tombstone: history keeps pointing at it) or, when
 * @archive, archives them (everything kept, listed under Archived); either way the
 * toast can bring them back. */
static void
remove_client (SpaClientPage *self,
               gboolean       archive)
{
  SpaStore *store = spa_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) client = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  gboolean done;

  if (self->client == NULL)
    return;

  client = spa_record_copy (self->client);
  name = spa_client_dup_display_name (client);
  if (archive)
    done = spa_client_set_archived (store, client, TRUE, &error);
  else
    done = spa_store_delete (store, SPA_CLIENT_ENTITY, spa_record_get_id (client), &error);
  if (!done)
    {
      title = g_strdup_printf (archive ? _("Could not archive %s: %s") : _("Could not delete %s: %s"),
                               name, error->message);
      spa_widget_show_toast (GTK_WIDGET (self), title, 0, NULL, NULL, NULL);
      return;
    }

  title = g_strdup_printf (archive ? _("%s was archived") : _("%s was deleted"), name);
  spa_widget_show_undo_toast (GTK_WIDGET (self), title, "win.client-undo-removal",
                              g_variant_new ("(sb)", spa_record_get_id (client), archive));

  g_signal_emit (self, signals[DELETED], 0, spa_record_get_id (client));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  remove_client (SPA_CLIENT_PAGE (widget), FALSE);
}

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  remove_client (SPA_CLIENT_PAGE (widget), TRUE);
}

static void
export_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SpaClientPage *self = SPA_CLIENT_PAGE (widget);

  if (self->client != NULL)
    spa_data_actions_export_client_file (GTK_WIDGET (gtk_widget_get_root (widget)),
                                         spa_record_get_id (self->client));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SpaClientPage *self = SPA_CLIENT_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) client = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  if (self->client == NULL)
    return;

  client = spa_record_copy (self->client);
  name = spa_client_dup_display_name (client);
  if (!spa_client_set_archived (spa_context_get_store (self->context), client, FALSE, &error))
    title = g_strdup_printf (_("Could not restore %s: %s"), name, error->message);
  else
    title = g_strdup_printf (_("%s is back in the client list"), name);
  spa_widget_show_toast (GTK_WIDGET (self), title, 0, NULL, NULL, NULL);
  if (error == NULL)
    g_signal_emit (self, signals[DELETED], 0, spa_record_get_id (client));
}

/* Showing a client's intake or session notes is an audit event (docs/audit.md): once
 * each time the section is shown for a client, not again until it is left. */
static void
audit_opening (SpaClientPage *self)
{
  GtkWidget *child = adw_view_stack_get_visible_child (self->section_stack);
  const char *action = NULL;
  g_autofree char *key = NULL;

  if (child == GTK_WIDGET (self->intake_section))
    action = SPA_AUDIT_INTAKE_OPENED;
  else if (child == GTK_WIDGET (self->sessions_section))
    action = SPA_AUDIT_NOTES_OPENED;
  if (action == NULL || self->client == NULL || self->context == NULL)
    {
      g_clear_pointer (&self->audited, g_free);
      return;
    }
  key = g_strconcat (action, " ", spa_record_get_id (self->client), NULL);
  if (g_strcmp0 (key, self->audited) == 0)
    return;
  g_free (self->audited);
  self->audited = g_steal_pointer (&key);
  spa_data_actions_audit (self->context, spa_record_get_id (self->client), action, NULL);
}

/* The narrow window's section dropdown follows the stack, and the stack the dropdown. */
static void
section_shown_cb (SpaClientPage *self)
{
  GtkWidget *child = adw_view_stack_get_visible_child (self->section_stack);
  guint n = g_list_model_get_n_items (self->section_pages);

  audit_opening (self);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (self->section_pages, i);

      if (adw_view_stack_page_get_child (page) == child)
        {
          self->syncing_section = TRUE;
          gtk_drop_down_set_selected (self->section_dropdown, i);
          self->syncing_section = FALSE;
          return;
        }
    }
}

static void
section_picked_cb (SpaClientPage *self)
{
  AdwViewStackPage *page;

  if (self->syncing_section || self->section_pages == NULL)
    return;
  page = gtk_drop_down_get_selected_item (self->section_dropdown);
  if (page != NULL)
    adw_view_stack_set_visible_child (self->section_stack, adw_view_stack_page_get_child (page));
}

static void
spa_client_page_dispose (GObject *object)
{
  SpaClientPage *self = (SpaClientPage *)object;

  if (self->context != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (self->changed_ids); i++)
      g_clear_signal_handler (&self->changed_ids[i], spa_context_get_store (self->context));
  if (self->section_dropdown != NULL)
    gtk_drop_down_set_model (self->section_dropdown, NULL);
  g_clear_object (&self->section_pages);
  g_clear_object (&self->shown_sections);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_CLIENT_PAGE);
  spa_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->client);
  g_clear_object (&self->context);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->audited, g_free);

  G_OBJECT_CLASS (spa_client_page_parent_class)->dispose (object);
}

static void apply_role (SpaClientPage *self);

static void
spa_client_page_constructed (GObject *object)
{
  SpaClientPage *self = SPA_CLIENT_PAGE (object);
  SpaContext *context = self->context;
  SpaStore *store;

  G_OBJECT_CLASS (spa_client_page_parent_class)->constructed (object);

  store = spa_context_get_store (context);
  self->changed_ids[0] = g_signal_connect_object (store, "changed::client",
                                                  G_CALLBACK (client_changed_cb), self,
                                                  G_CONNECT_SWAPPED);
  self->changed_ids[1] = g_signal_connect_object (store, "changed::intake",
                                                  G_CALLBACK (intake_changed_cb), self,
                                                  G_CONNECT_SWAPPED);
  self->changed_ids[2] = g_signal_connect_object (store, "changed::session_note",
                                                  G_CALLBACK (note_changed_cb), self,
                                                  G_CONNECT_SWAPPED);
  spa_client_bookings_set_context (self->client_bookings, context);
  spa_client_money_set_context (self->client_money, context);
  for (guint i = 0; i < self->sections->len; i++)
    spa_client_section_set_context (self->sections->pdata[i], context);
  g_signal_connect_object (context, "notify::account", G_CALLBACK (apply_role), self,
                           G_CONNECT_SWAPPED);
  apply_role (self);
}

static void
spa_client_page_class_init (SpaClientPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = spa_client_page_constructed;
  object_class->dispose = spa_client_page_dispose;

  /**
   * SpaClientPage::deleted:
   * @id: the deleted client's id
   */
  signals[DELETED] =
    g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (SPA_TYPE_CLIENT_BOOKINGS);
  g_type_ensure (SPA_TYPE_FOLD_BOX);
  g_type_ensure (SPA_TYPE_WRAP_BOX);
  g_type_ensure (SPA_TYPE_CLIENT_MONEY);

  spa_widget_class_install_context (object_class, G_STRUCT_OFFSET (SpaClientPage, context));

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-client-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, alerts_box);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, header);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, archive_button);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, restore_button);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, section_stack);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, section_switcher);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, section_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, section_picked_cb);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, client_bookings);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, client_money);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, contact_group);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, health_group);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, emergency_group);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, details_group);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, intake_section);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, sessions_section);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, progress_section);
  gtk_widget_class_bind_template_child (widget_class, SpaClientPage, audit_section);

  gtk_widget_class_install_action (widget_class, "client.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "client.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "client.archive", NULL, archive_action);
  gtk_widget_class_install_action (widget_class, "client.export-file", NULL, export_file_action);
  gtk_widget_class_install_action (widget_class, "client.restore", NULL, restore_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "client.edit", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
spa_client_page_init (SpaClientPage *self)
{
  g_autoptr(GtkExpression) title = NULL;

  g_type_ensure (SPA_TYPE_INTAKE_SECTION);
  g_type_ensure (SPA_TYPE_SESSIONS_SECTION);
  g_type_ensure (SPA_TYPE_PROGRESS_SECTION);
  g_type_ensure (SPA_TYPE_CLIENT_AUDIT);
  self->rows = g_ptr_array_new ();
  self->sections = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->section_stack)); child;
       child = gtk_widget_get_next_sibling (child))
    if (SPA_IS_CLIENT_SECTION (child))
      g_ptr_array_add (self->sections, child);

  self->shown_sections = GTK_FILTER (gtk_bool_filter_new (
    gtk_property_expression_new (ADW_TYPE_VIEW_STACK_PAGE, NULL, "visible")));
  self->section_pages = G_LIST_MODEL (gtk_filter_list_model_new (
    G_LIST_MODEL (adw_view_stack_get_pages (self->section_stack)),
    g_object_ref (self->shown_sections)));
  /* The drop-down takes its own reference. */
  title = gtk_property_expression_new (ADW_TYPE_VIEW_STACK_PAGE, NULL, "title");
  gtk_drop_down_set_expression (self->section_dropdown, title);
  self->syncing_section = TRUE;
  gtk_drop_down_set_model (self->section_dropdown, self->section_pages);
  self->syncing_section = FALSE;
  g_signal_connect_object (self->section_stack, "notify::visible-child",
                           G_CALLBACK (section_shown_cb), self, G_CONNECT_SWAPPED);
  section_shown_cb (self);
  update (self);
}

/* The desk shows what the signed-in person's role may read, as the server sends it:
 * the front desk sees no session notes (nor the progress drawn from them) and no
 * intake health answers. */
static void
apply_role (SpaClientPage *self)
{
  SpaRole role = spa_context_get_role (self->context);
  gboolean notes = spa_role_may_read (role, SPA_SESSION_NOTE_ENTITY);
  gboolean intake = spa_role_may_read_field (role, SPA_INTAKE_ENTITY, "medications");
  /* Purchases are for those at the till: the front desk and managers. */
  gboolean purchases = spa_role_may_write (role, "invoice");
  /* Who opened the client's records is for managers (docs/audit.md). */
  gboolean access = spa_role_may_read (role, SPA_AUDIT_EVENT_ENTITY);
  const char *shown = adw_view_stack_get_visible_child_name (self->section_stack);

  adw_view_stack_page_set_visible (adw_view_stack_get_page (self->section_stack, GTK_WIDGET (self->intake_section)),
                                   intake);
  adw_view_stack_page_set_visible (adw_view_stack_get_page (self->section_stack, GTK_WIDGET (self->sessions_section)),
                                   notes);
  adw_view_stack_page_set_visible (adw_view_stack_get_page (self->section_stack, GTK_WIDGET (self->progress_section)),
                                   notes);
  gtk_widget_set_visible (GTK_WIDGET (self->client_money), purchases);
  adw_view_stack_page_set_visible (
    adw_view_stack_get_page (self->section_stack, GTK_WIDGET (self->audit_section)), access);
  if ((!notes && (g_strcmp0 (shown, "sessions") == 0 || g_strcmp0 (shown, "progress") == 0)) ||
      (!intake && g_strcmp0 (shown, "intake") == 0) ||
      (!access && g_strcmp0 (shown, "access") == 0))
    adw_view_stack_set_visible_child_name (self->section_stack, "overview");
  gtk_filter_changed (self->shown_sections, GTK_FILTER_CHANGE_DIFFERENT);
  section_shown_cb (self);
  if (self->client != NULL)
    update_alerts (self);
}

/**
 * spa_client_page_new:
 * @context: the spa's context
 */
GtkWidget *
spa_client_page_new (SpaContext *context)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  return g_object_new (SPA_TYPE_CLIENT_PAGE, "context", context, NULL);
}

/* Every scrolled part of the sections back at its top. */
static void
scroll_to_top (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (widget));

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    scroll_to_top (child);
}

void
spa_client_page_set_client (SpaClientPage *self,
                            SpaRecord     *client)
{
  g_return_if_fail (SPA_IS_CLIENT_PAGE (self));

  if (self->client == client)
    return;

  /* Another client's page starts at the top, not where the last one was left. */
  if (self->section_stack != NULL &&
      (self->client == NULL || client == NULL ||
       g_strcmp0 (spa_record_get_id (self->client), spa_record_get_id (client)) != 0))
    scroll_to_top (GTK_WIDGET (self->section_stack));

  g_set_object (&self->client, client);
  update (self);
  spa_client_bookings_set_client (self->client_bookings, client);
  spa_client_money_set_client (self->client_money, client);
  if (self->context != NULL)
    {
      for (guint i = 0; i < self->sections->len; i++)
        spa_client_section_set_client (self->sections->pdata[i], client);
      audit_opening (self);
    }
}

/**
 * spa_client_page_set_narrow:
 * @narrow: the page is shown in a narrow window (the treatment-room tablet)
 *
 * Narrow, the sections' switcher puts icons above shorter labels (or becomes a
 * dropdown when even those do not fit) and the margins are thinner.
 */
void
spa_client_page_set_narrow (SpaClientPage *self,
                            gboolean       narrow)
{
  g_return_if_fail (SPA_IS_CLIENT_PAGE (self));

  gtk_widget_set_margin_start (self->header, narrow ? 12 : 24);
  gtk_widget_set_margin_end (self->header, narrow ? 12 : 24);

  adw_view_switcher_set_policy (self->section_switcher,
                                narrow ? ADW_VIEW_SWITCHER_POLICY_NARROW : ADW_VIEW_SWITCHER_POLICY_WIDE);
}

/**
 * spa_client_page_get_client:
 *
 * Returns: (transfer none) (nullable): the client shown
 */
SpaRecord *
spa_client_page_get_client (SpaClientPage *self)
{
  g_return_val_if_fail (SPA_IS_CLIENT_PAGE (self), NULL);
  return self->client;
}

void
spa_client_page_show_section (SpaClientPage *self,
                              const char    *name)
{
  GtkWidget *child;

  g_return_if_fail (SPA_IS_CLIENT_PAGE (self));

  /* "note": the Sessions section opened on the newest note (screenshots, links). */
  if (g_strcmp0 (name, "note") == 0 && self->client != NULL && self->context != NULL)
    {
      g_autoptr(GPtrArray) notes = spa_clinical_list_notes (spa_context_get_store (self->context),
                                                            spa_record_get_id (self->client), NULL);
      SpaRecord *shown = NULL;

      /* The newest signed note with an amendment if any, else the newest. */
      for (guint i = 0; notes && i < notes->len && shown == NULL; i++)
        {
          g_autoptr(GPtrArray) amendments = spa_clinical_list_amendments (spa_context_get_store (self->context),
                                                                          spa_record_get_id (notes->pdata[i]), NULL);
          if (amendments && amendments->len > 0)
            shown = notes->pdata[i];
        }
      if (shown == NULL && notes && notes->len > 0)
        shown = notes->pdata[0];
      if (shown != NULL &&
          spa_client_section_focus (SPA_CLIENT_SECTION (self->sessions_section),
                                    spa_record_get_id (shown)))
        spa_note_editor_scroll_to_amendments (spa_sessions_section_get_editor (self->sessions_section));
      name = "sessions";
    }

  child = adw_view_stack_get_child_by_name (self->section_stack, name);
  /* A section the signed-in role may not read stays hidden, whatever links to it. */
  if (child != NULL && adw_view_stack_page_get_visible (adw_view_stack_get_page (self->section_stack, child)))
    adw_view_stack_set_visible_child_name (self->section_stack, name);
}

/**
 * spa_client_page_new_note:
 * @booking_id: (nullable): the booking the session belongs to (check-in)
 *
 * Shows the Sessions section with a new note for the client, prefilled from the
 * current intake and the booking.
 *
 * Returns: %TRUE if the note is open
 */
gboolean
spa_client_page_new_note (SpaClientPage  *self,
                          const char     *booking_id,
                          GError        **error)
{
  g_return_val_if_fail (SPA_IS_CLIENT_PAGE (self), FALSE);
  g_return_val_if_fail (self->client != NULL, FALSE);

  if (!spa_role_may_write (spa_context_get_role (self->context), SPA_SESSION_NOTE_ENTITY))
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED,
                   _("Session notes are written by therapists; sign in as one to write it."));
      return FALSE;
    }
  if (!spa_sessions_section_new_note (self->sessions_section, booking_id, error))
    return FALSE;
  adw_view_stack_set_visible_child_name (self->section_stack, "sessions");
  return TRUE;
}

/**
 * spa_client_page_open_note:
 *
 * Shows the Sessions section open on one of the client's notes.
 *
 * Returns: %TRUE if the note is open
 */
gboolean
spa_client_page_open_note (SpaClientPage *self,
                           const char    *note_id)
{
  g_return_val_if_fail (SPA_IS_CLIENT_PAGE (self), FALSE);

  if (!spa_client_section_focus (SPA_CLIENT_SECTION (self->sessions_section), note_id))
    return FALSE;
  spa_client_page_show_section (self, "sessions");
  return TRUE;
}

/**
 * spa_client_page_get_section:
 * @name: intake, sessions, progress, access or purchases (on Overview)
 *
 * Returns: (transfer none) (nullable): the section's widget
 */
GtkWidget *
spa_client_page_get_section (SpaClientPage *self,
                             const char    *name)
{
  g_return_val_if_fail (SPA_IS_CLIENT_PAGE (self), NULL);

  if (g_strcmp0 (name, "intake") == 0)
    return GTK_WIDGET (self->intake_section);
  if (g_strcmp0 (name, "sessions") == 0)
    return GTK_WIDGET (self->sessions_section);
  if (g_strcmp0 (name, "progress") == 0)
    return GTK_WIDGET (self->progress_section);
  if (g_strcmp0 (name, "purchases") == 0)
    return GTK_WIDGET (self->client_money);
  if (g_strcmp0 (name, "access") == 0)
    return GTK_WIDGET (self->audit_section);
  return NULL;
}
