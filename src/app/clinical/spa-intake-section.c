/* spa-intake-section.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-intake-section"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-data-actions.h"
#include "spa-intake-section.h"
#include "spa-widget-util.h"

/*
 * The client page's Intake section: the intake form, with a chooser for the client's
 * earlier intakes (drafts first, then completed ones newest first; the newest
 * completed one is current) and "New Intake".
 */
struct _SpaIntakeSection
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkDropDown     *intake_dropdown;
  GtkButton       *new_button;
  SpaIntakeEditor *editor;

  /* Owned */
  SpaContext      *context;
  SpaRecord       *client;
  GPtrArray       *intakes;      /* (element-type SpaRecord) what the chooser lists */
  gboolean         filling;
};

static void spa_intake_section_section_iface_init (SpaClientSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpaIntakeSection, spa_intake_section, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (SPA_TYPE_CLIENT_SECTION,
                                                      spa_intake_section_section_iface_init))

static char *
describe_intake (SpaIntakeSection *self,
                 SpaRecord        *intake,
                 gboolean          current)
{
  const char *completed = spa_intake_get_completed_at (intake);
  const char *when = completed ? completed : spa_record_get_created_at (intake);
  g_autoptr(GDateTime) utc = when ? spa_time_parse_utc (when) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, spa_context_get_time_zone (self->context)) : NULL;
  g_autofree char *date = local ? spa_format_date (local) : g_strdup ("");

  if (!spa_record_is_stored (intake))
    return g_strdup (_("New intake (not saved yet)"));
  if (completed == NULL)
    return g_strdup_printf (_("Draft started %s"), date);
  /* Sent by the client through the booking page: the therapist reviews it. */
  if (g_strcmp0 (spa_intake_get_filled_by (intake), "client") == 0)
    return current ? g_strdup_printf (_("Current intake, filled in online by the client %s"), date)
                   : g_strdup_printf (_("Earlier intake, filled in online by the client %s"), date);
  if (current)
    return g_strdup_printf (_("Current intake, completed %s"), date);
  return g_strdup_printf (_("Earlier intake, completed %s"), date);
}

static void
fill_chooser (SpaIntakeSection *self,
              const char       *select_id)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  gboolean seen_current = FALSE;
  guint selected = 0;

  self->filling = TRUE;
  for (guint i = 0; i < self->intakes->len; i++)
    {
      SpaRecord *intake = self->intakes->pdata[i];
      gboolean current = !seen_current && spa_record_has_value (intake, SPA_INTAKE_COMPLETED_AT);
      g_autofree char *label = describe_intake (self, intake, current);

      seen_current |= current;
      gtk_string_list_append (strings, label);
      if (g_strcmp0 (select_id, spa_record_get_id (intake)) == 0)
        selected = i;
    }
  gtk_drop_down_set_model (self->intake_dropdown, G_LIST_MODEL (strings));
  gtk_drop_down_set_selected (self->intake_dropdown, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->intake_dropdown), self->intakes->len > 1);
  self->filling = FALSE;

  /* The record being typed into stays as it is: only the chooser is refreshed. */
  if (self->intakes->len > 0)
    {
      SpaRecord *shown = spa_intake_editor_get_intake (self->editor);
      SpaRecord *wanted = self->intakes->pdata[selected];

      if (shown == NULL || g_strcmp0 (spa_record_get_id (shown), spa_record_get_id (wanted)) != 0)
        spa_intake_editor_set_intake (self->editor, wanted);
    }
}

static SpaRecord *
blank_intake (SpaIntakeSection *self)
{
  SpaRecord *intake = spa_record_new (SPA_INTAKE_ENTITY);

  spa_record_set_string (intake, SPA_INTAKE_CLIENT_ID, spa_record_get_id (self->client));
  return intake;
}

/* Reads the client's intakes; with none, offers a new one prefilled from the client. */
static void
reload (SpaIntakeSection *self,
        const char       *select_id)
{
  g_autoptr(GError) error = NULL;

  g_ptr_array_set_size (self->intakes, 0);
  if (self->client == NULL)
    {
      spa_intake_editor_set_intake (self->editor, NULL);
      return;
    }

  {
    g_autoptr(GPtrArray) intakes = spa_clinical_list_intakes (spa_context_get_store (self->context),
                                                              spa_record_get_id (self->client), &error);
    if (intakes == NULL)
      g_warning ("Could not read intakes: %s", error->message);
    for (guint i = 0; intakes && i < intakes->len; i++)
      g_ptr_array_add (self->intakes, g_object_ref (intakes->pdata[i]));
  }

  if (self->intakes->len == 0)
    {
      SpaRecord *intake = blank_intake (self);

      spa_record_set_string (intake, SPA_INTAKE_ALLERGIES, spa_client_get_allergies (self->client));
      spa_record_set_string (intake, SPA_INTAKE_MEDICATIONS,
                             spa_client_get_medications (self->client));
      if (spa_record_has_value (self->client, SPA_CLIENT_CONDITIONS))
        spa_record_set_json (intake, SPA_INTAKE_CONDITIONS,
                             spa_record_get_json (self->client, SPA_CLIENT_CONDITIONS));
      g_ptr_array_add (self->intakes, intake);
    }

  fill_chooser (self, select_id);
}

static void
intake_selected_cb (SpaIntakeSection *self)
{
  guint selected = gtk_drop_down_get_selected (self->intake_dropdown);

  if (self->filling || selected >= self->intakes->len)
    return;
  spa_intake_editor_set_intake (self->editor, self->intakes->pdata[selected]);
}

static void
editor_saved_cb (SpaIntakeSection *self)
{
  SpaRecord *intake = spa_intake_editor_get_intake (self->editor);
  g_autofree char *id = g_strdup (spa_record_get_id (intake));

  /* A first save or a completion changes the chooser's labels and order. */
  reload (self, id);
}

/**
 * spa_intake_section_new_intake:
 *
 * Starts a new intake carrying over the current one's answers (without its consent),
 * since most of a returning client's history is unchanged.
 */
void
spa_intake_section_new_intake (SpaIntakeSection *self)
{
  g_autoptr(SpaRecord) current = NULL;
  SpaRecord *intake;
  static const char * const carried[] = {
    "reason", "goals", "pain_areas", "avoid_areas", "pressure", "conditions",
    "pregnancy_weeks", "recent_injury", "medications", "allergies",
  };

  g_return_if_fail (SPA_IS_INTAKE_SECTION (self));

  if (self->client == NULL)
    return;

  spa_intake_editor_flush (self->editor);
  current = spa_clinical_current_intake (spa_context_get_store (self->context),
                                         spa_record_get_id (self->client), NULL);
  intake = blank_intake (self);
  for (guint i = 0; current && i < G_N_ELEMENTS (carried); i++)
    if (spa_record_has_value (current, carried[i]))
      {
        g_autoptr(JsonNode) node = json_node_copy (json_object_get_member (spa_record_get_fields (current), carried[i]));

        spa_record_set_field_node (intake, carried[i], node, NULL);
      }

  g_ptr_array_insert (self->intakes, 0, intake);
  fill_chooser (self, spa_record_get_id (intake));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  spa_intake_section_new_intake (SPA_INTAKE_SECTION (widget));
}

/* The intake as it is now (saved first), on paper. */
static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SpaIntakeSection *self = SPA_INTAKE_SECTION (widget);
  SpaRecord *intake = spa_intake_editor_get_intake (self->editor);

  if (intake == NULL || !spa_intake_editor_flush (self->editor))
    return;
  spa_data_actions_print_chart (widget, "intake", spa_record_get_id (intake));
}

static void
spa_intake_section_dispose (GObject *object)
{
  SpaIntakeSection *self = SPA_INTAKE_SECTION (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_INTAKE_SECTION);
  spa_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->client);
  g_clear_object (&self->context);
  g_clear_pointer (&self->intakes, g_ptr_array_unref);

  G_OBJECT_CLASS (spa_intake_section_parent_class)->dispose (object);
}

static void
spa_intake_section_class_init (SpaIntakeSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_intake_section_dispose;

  g_type_ensure (SPA_TYPE_INTAKE_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-intake-section.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeSection, intake_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeSection, new_button);
  gtk_widget_class_bind_template_child (widget_class, SpaIntakeSection, editor);
  gtk_widget_class_bind_template_callback (widget_class, intake_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_saved_cb);

  gtk_widget_class_install_action (widget_class, "intake.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "intake.print", NULL, print_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
spa_intake_section_init (SpaIntakeSection *self)
{
  self->intakes = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  spa_drop_down_ellipsize (self->intake_dropdown);
  spa_button_squeeze_to_icon (self->new_button, _("_New Intake"), "document-new-symbolic", TRUE);
}

static void
spa_intake_section_set_context (SpaIntakeSection *self,
                                SpaContext       *context)
{
  g_return_if_fail (SPA_IS_INTAKE_SECTION (self));

  g_set_object (&self->context, context);
  spa_intake_editor_set_context (self->editor, context);
}

static void
spa_intake_section_set_client (SpaIntakeSection *self,
                               SpaRecord        *client)
{
  g_return_if_fail (SPA_IS_INTAKE_SECTION (self));

  if (client != NULL && self->client != NULL &&
      g_strcmp0 (spa_record_get_id (client), spa_record_get_id (self->client)) == 0)
    {
      g_set_object (&self->client, client);
      return;
    }

  spa_intake_editor_flush (self->editor);
  g_set_object (&self->client, client);
  reload (self, NULL);
}

SpaIntakeEditor *
spa_intake_section_get_editor (SpaIntakeSection *self)
{
  g_return_val_if_fail (SPA_IS_INTAKE_SECTION (self), NULL);
  return self->editor;
}

/* One of the client's intakes, chosen in the section's chooser. */
static gboolean
spa_intake_section_focus (SpaClientSection *section,
                          const char       *intake_id)
{
  SpaIntakeSection *self = SPA_INTAKE_SECTION (section);

  for (guint i = 0; i < self->intakes->len; i++)
    if (g_strcmp0 (spa_record_get_id (self->intakes->pdata[i]), intake_id) == 0)
      {
        fill_chooser (self, intake_id);
        return TRUE;
      }
  return FALSE;
}

static void
spa_intake_section_section_iface_init (SpaClientSectionInterface *iface)
{
  iface->set_context = (gpointer)spa_intake_section_set_context;
  iface->set_client = (gpointer)spa_intake_section_set_client;
  iface->focus = spa_intake_section_focus;
}
