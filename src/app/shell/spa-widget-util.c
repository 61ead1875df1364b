/* spa-widget-util.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>
#include <cairo-pdf.h>

#include "spa-util.h"

#include "spa-format.h"
#include "spa-widget-util.h"

/*
 * Composite widgets derived from GtkWidget own their template's top-level children;
 * GTK 4.8's gtk_widget_dispose_template() only drops bound ones, so the rest are
 * unparented here.
 */
void
spa_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

/*
 * Form helpers: copy a widget's value into a record only when it differs, so that
 * the record's changed fields (what goes in the outbox) are exactly what the user
 * changed, and an untouched form saves nothing.
 */
void
spa_record_update_text (SpaRecord  *record,
                        const char *field,
                        const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  if (*trimmed == '\0')
    {
      if (spa_record_has_value (record, field))
        spa_record_set_null (record, field);
    }
  else if (g_strcmp0 (spa_record_get_string (record, field), trimmed) != 0)
    spa_record_set_string (record, field, trimmed);
}

void
spa_record_update_json (SpaRecord  *record,
                        const char *field,
                        JsonNode   *value)
{
  JsonNode *old = spa_record_get_json (record, field);

  /* An empty list and no value mean the same. */
  if (old == NULL && JSON_NODE_HOLDS_ARRAY (value) &&
      json_array_get_length (json_node_get_array (value)) == 0)
    return;
  if (old == NULL || !json_node_equal (old, value))
    spa_record_set_json (record, field, value);
}

void
spa_record_update_int (SpaRecord  *record,
                       const char *field,
                       gint64      value,
                       gboolean    is_set)
{
  if (!is_set)
    {
      if (spa_record_has_value (record, field))
        spa_record_set_null (record, field);
    }
  else if (!spa_record_has_value (record, field) || spa_record_get_int (record, field, 0) != value)
    spa_record_set_int (record, field, value);
}

/**
 * spa_format_day:
 * @ymd: a date as YYYY-MM-DD
 *
 * Returns: (transfer full): the date for display ("November 25, 2026"), or @ymd
 *   itself when it is not a date
 */
char *
spa_format_day (const char *ymd)
{
  g_autoptr(GDateTime) date = NULL;
  int y, m, d;

  if (!spa_date_parse (ymd, &y, &m, &d))
    return g_strdup (ymd ? ymd : "");

  date = g_date_time_new_utc (y, m, d, 0, 0, 0);
  return spa_format_date (date);
}

/**
 * spa_widget_save_png:
 *
 * Renders @widget as it is now into a PNG, from inside the app (for the
 * documentation's screenshots and for looking at windows and dialogs in tests).
 * @widget must be realized inside a native (a window or a dialog).
 */
gboolean
spa_widget_save_png (GtkWidget   *widget,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL || renderer == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The window has not been drawn yet");
      return FALSE;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write %s", path);
      return FALSE;
    }

  return TRUE;
}

/**
 * spa_pdf_begin:
 * @path: the file to write
 * @width: the page's width, in points
 * @height: the page's height, in points
 * @title: the document's title, in its metadata
 *
 * Starts a PDF file: draw on the context, cairo_show_page() after each page, then
 * spa_pdf_finish().
 *
 * Returns: (transfer full): the context to draw on
 */
cairo_t *
spa_pdf_begin (const char *path,
               double      width,
               double      height,
               const char *title)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, width, height);
  cairo_t *cr;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title != NULL ? title : "");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Spa Desk");
  cr = cairo_create (surface);
  cairo_surface_destroy (surface);
  return cr;
}

/**
 * spa_pdf_finish:
 * @cr: (transfer full): from spa_pdf_begin()
 *
 * Writes the PDF out and frees @cr.
 *
 * Returns: whether the file was written whole
 */
gboolean
spa_pdf_finish (cairo_t  *cr,
                GError  **error)
{
  cairo_surface_t *surface = cairo_surface_reference (cairo_get_target (cr));
  cairo_status_t status;

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* TRANSLATORS: %s says what went wrong */
                   _("The PDF could not be written: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     GtkWindow        *form)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;

  /* GTK destroys a dialog with its transient parent but keeps pointing at that parent
   * until the dialog itself is finalized, later, when it then disconnects from the
   * freed window (GLib's "invalid (NULL) class pointer" criticals). Let go of the form
   * first. Destroying does not go through close-request, so the form is not asked
   * again. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (form);
}

/**
 * spa_widget_ask_discard:
 * @form: a window with unsaved edits
 *
 * Asks whether to drop what was typed in @form (Keep Editing is the default, and
 * Escape keeps it); closes @form on Discard. Call from close-request and stop it.
 */
void
spa_widget_ask_discard (GtkWindow  *form,
                        const char *heading,
                        const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (form, heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), form, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
spa_list_box_remove_all (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/**
 * spa_client_results_fill:
 * @results: the list under a client search field
 * @text: what has been typed
 *
 * Lists the first clients matching @text in @results (each row activatable, its
 * client in the "client" data), and shows @results only when there are some.
 */
void
spa_client_results_fill (GtkListBox *results,
                         SpaStore   *store,
                         const char *text)
{
  g_autoptr(GPtrArray) clients = NULL;

  spa_list_box_remove_all (results);
  if (!spa_str_empty (text))
    clients = spa_store_search_clients (store, text, 6, NULL);

  for (guint i = 0; clients != NULL && i < clients->len; i++)
    {
      SpaRecord *client = clients->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *name = spa_client_dup_display_name (client);
      const char *phone = spa_client_get_phone (client);
      const char *email = spa_client_get_email (client);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), phone ? phone : email ? email : "");
      spa_action_row_one_line (ADW_ACTION_ROW (row));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "client", g_object_ref (client), g_object_unref);
      gtk_list_box_append (results, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (results), clients != NULL && clients->len > 0);
}

/**
 * spa_style_ensure_loaded:
 *
 * Loads the app's stylesheet once. AdwApplication loads `style.css` from the resource
 * base path by itself; windows made without it (tests, screenshots) get it here, so
 * they look exactly like the app.
 */
void
spa_style_ensure_loaded (void)
{
  static gboolean loaded;
  GApplication *app = g_application_get_default ();
  g_autoptr(GtkCssProvider) css = NULL;

  if (loaded || (app != NULL && ADW_IS_APPLICATION (app)))
    return;

  loaded = TRUE;
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
quiet_popover_shown_cb (GtkWidget *popover,
                        GtkWidget *owner)
{
  gtk_widget_set_has_tooltip (owner, FALSE);
}

static void
quiet_popover_closed_cb (GtkPopover *popover,
                         GtkWidget  *owner)
{
  gtk_widget_set_has_tooltip (owner, TRUE);
}

/**
 * spa_widget_quiet_tooltip:
 * @owner: a widget with a tooltip that opens @popover
 *
 * Keeps @owner's tooltip away while @popover is open: the pointer stays on the button
 * that opened a menu, and its tooltip would otherwise come up over the first item.
 */
void
spa_widget_quiet_tooltip (GtkWidget  *owner,
                          GtkPopover *popover)
{
  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (GTK_IS_POPOVER (popover));

  g_signal_connect_object (popover, "show", G_CALLBACK (quiet_popover_shown_cb), owner, 0);
  g_signal_connect_object (popover, "closed", G_CALLBACK (quiet_popover_closed_cb), owner, 0);
}

/**
 * spa_action_row_one_line:
 *
 * Keeps a list row's title and subtitle to one line each, ellipsized: a row shows
 * names and notes that may be long (up to the field limits), and an unbounded
 * AdwActionRow wraps them into as many lines as they take.
 */
void
spa_action_row_one_line (AdwActionRow *row)
{
  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  adw_action_row_set_title_lines (row, 1);
  adw_action_row_set_subtitle_lines (row, 1);
}

/**
 * spa_expander_row_one_line:
 *
 * spa_action_row_one_line() for an expander row's header. libadwaita 1.2 has no
 * title-lines on AdwExpanderRow (1.3 adds it): its header is an AdwActionRow of its
 * own, found among the row's children.
 */
void
spa_expander_row_one_line (AdwExpanderRow *row)
{
  GtkWidget *header = NULL;
  GQueue queue = G_QUEUE_INIT;

  g_return_if_fail (ADW_IS_EXPANDER_ROW (row));

  /* Breadth first: the header comes before the rows added to the expander. */
  g_queue_push_tail (&queue, row);
  while (header == NULL && !g_queue_is_empty (&queue))
    {
      GtkWidget *widget = g_queue_pop_head (&queue);

      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          if (ADW_IS_ACTION_ROW (child))
            {
              header = child;
              break;
            }
          g_queue_push_tail (&queue, child);
        }
    }
  g_queue_clear (&queue);
  g_return_if_fail (header != NULL);
  spa_action_row_one_line (ADW_ACTION_ROW (header));
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }
  else
    {
      /* In the list, a long name wraps instead of making a popover wider than the screen. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (string));
}

static GtkListItemFactory *
label_factory (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), NULL);
  return factory;
}

/**
 * spa_drop_down_ellipsize:
 *
 * Lets the button of @dropdown (a list of #GtkStringObject) shrink with the window, its
 * text ellipsized, while its list shows every item in full (wrapped when long).
 */
void
spa_drop_down_ellipsize (GtkDropDown *dropdown)
{
  g_autoptr(GtkListItemFactory) button = label_factory (TRUE);
  g_autoptr(GtkListItemFactory) list = label_factory (FALSE);

  gtk_drop_down_set_factory (dropdown, button);
  gtk_drop_down_set_list_factory (dropdown, list);
}

static void
show_toast (GtkWidget  *widget,
            const char *title,
            guint       timeout,
            gboolean    high_priority,
            const char *button_label,
            const char *action_name,
            GVariant   *action_target)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr(GVariant) target = action_target ? g_variant_ref_sink (action_target) : NULL;
  g_autoptr(GVariant) parameter = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (title != NULL);

  g_variant_dict_insert (&dict, "title", "s", title);
  if (timeout > 0)
    g_variant_dict_insert (&dict, "timeout", "u", timeout);
  if (high_priority)
    g_variant_dict_insert (&dict, "high-priority", "b", TRUE);
  if (button_label != NULL && action_name != NULL)
    {
      g_variant_dict_insert (&dict, "button-label", "s", button_label);
      g_variant_dict_insert (&dict, "action-name", "s", action_name);
      if (target != NULL)
        g_variant_dict_insert_value (&dict, "action-target", target);
    }
  /* Held here: an action installed on a widget class is given the parameter without
   * taking its floating reference, so a floating one would leak. */
  parameter = g_variant_ref_sink (g_variant_dict_end (&dict));
  gtk_widget_activate_action_variant (widget, "win.show-toast", parameter);
}

/**
 * spa_widget_show_error:
 * @label: the label that shows @message, hidden when there is none
 * @field: (nullable): the field @message is about, styled as an error while it has one
 * @message: (nullable): what is wrong, or %NULL when nothing is
 * @flags: what assistive technologies are told of @field
 *
 * Shows (or clears) a form's error in @label, next to its field or over the form.
 */
void
spa_widget_show_error (GtkLabel          *label,
                       GtkWidget         *field,
                       const char        *message,
                       SpaShowErrorFlags  flags)
{
  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (field == NULL || GTK_IS_WIDGET (field));

  gtk_label_set_label (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (field == NULL)
    return;

  if (message != NULL)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");
  if ((flags & SPA_SHOW_ERROR_DESCRIBE) && message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    message, -1);
  else if (flags & SPA_SHOW_ERROR_DESCRIBE)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  if ((flags & SPA_SHOW_ERROR_INVALID) && message != NULL)
    gtk_accessible_update_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID,
                                 GTK_ACCESSIBLE_INVALID_TRUE, -1);
  else if (flags & SPA_SHOW_ERROR_INVALID)
    gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
}

/**
 * spa_toast_new_plain:
 * @title: the toast's text, as is
 *
 * A toast showing @title as plain text: a toast's title is Pango markup, in which a
 * service called "Hot & Cold Stones" or an error naming a file would show nothing.
 *
 * Returns: (transfer full): a new toast
 */
AdwToast *
spa_toast_new_plain (const char *title)
{
  g_autofree char *markup = g_markup_escape_text (title, -1);

  return adw_toast_new (markup);
}

/**
 * spa_widget_show_toast:
 * @widget: a widget inside the main window
 * @timeout: seconds, or 0 for the toast's default
 * @button_label: (nullable): a button on the toast, with @action_name
 * @action_name: (nullable): the action the button activates
 * @action_target: (nullable): its target; a floating reference is taken
 *
 * Shows a toast in the window through its `win.show-toast` action, so that pages,
 * rows and dialogs need not know the window.
 */
void
spa_widget_show_toast (GtkWidget  *widget,
                       const char *title,
                       guint       timeout,
                       const char *button_label,
                       const char *action_name,
                       GVariant   *action_target)
{
  show_toast (widget, title, timeout, FALSE, button_label, action_name, action_target);
}

/**
 * spa_widget_show_undo_toast:
 * @widget: a widget inside the main window
 * @action_name: the window action that undoes what @title says was done
 * @action_target: (nullable): its target; a floating reference is taken
 *
 * Shows a toast with an Undo button through `win.show-toast`, ahead of the toasts
 * already waiting.
 */
void
spa_widget_show_undo_toast (GtkWidget  *widget,
                            const char *title,
                            const char *action_name,
                            GVariant   *action_target)
{
  show_toast (widget, title, 0, TRUE, _("_Undo"), action_name, action_target);
}

/**
 * spa_widget_get_context:
 * @widget: a widget with a "context" property, such as the window
 *
 * For actions installed on the window's class, which know it only by its property.
 *
 * Returns: (transfer none): the widget's context
 */
SpaContext *
spa_widget_get_context (GtkWidget *widget)
{
  SpaContext *context = NULL;

  g_object_get (widget, "context", &context, NULL);
  g_object_unref (context);   /* borrowed: the widget keeps its own reference */
  return context;
}

static GQuark
context_offset_quark (void)
{
  return g_quark_from_static_string ("spa-context-offset");
}

static SpaContext **
context_field (GObject *object)
{
  gpointer offset = g_type_get_qdata (G_OBJECT_TYPE (object), context_offset_quark ());

  return &G_STRUCT_MEMBER (SpaContext *, object, GPOINTER_TO_SIZE (offset));
}

static void
context_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  if (prop_id == 1)
    g_value_set_object (value, *context_field (object));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
context_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  if (prop_id == 1)
    *context_field (object) = g_value_dup_object (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

/**
 * spa_widget_class_install_context:
 * @object_class: the class of a final type whose only property is its context
 * @offset: where the instance keeps its context (`G_STRUCT_OFFSET (SpaNamePage, context)`)
 *
 * Installs the construct-only "context" property that the app's pages take, with the
 * class's get_property and set_property: the instance owns the reference in the field
 * at @offset, and drops it in its dispose or finalize.
 */
void
spa_widget_class_install_context (GObjectClass *object_class,
                                  gsize         offset)
{
  g_return_if_fail (G_IS_OBJECT_CLASS (object_class));

  g_type_set_qdata (G_TYPE_FROM_CLASS (object_class), context_offset_quark (),
                    GSIZE_TO_POINTER (offset));
  object_class->get_property = context_get_property;
  object_class->set_property = context_set_property;
  g_object_class_install_property (object_class, 1,
                                   g_param_spec_object ("context", NULL, NULL, SPA_TYPE_CONTEXT,
                                                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                        G_PARAM_STATIC_STRINGS));
}

/**
 * spa_button_squeeze_to_icon:
 * @button: a button
 * @mnemonic: its label, with a mnemonic
 * @icon_name: the icon it shrinks to
 * @icon_with_label: whether the icon shows beside the label too
 *
 * Gives @button its label, or the icon alone where the window is short of room (a
 * phone, or a longer translation). Even with the label shown the button can shrink:
 * a page's width is known only once it is shown, and a hidden page must not hold the
 * window wide. The button's tooltip and accessible label should name the action.
 */
void
spa_button_squeeze_to_icon (GtkButton  *button,
                            const char *mnemonic,
                            const char *icon_name,
                            gboolean    icon_with_label)
{
  GtkWidget *squeezer = adw_squeezer_new ();
  GtkWidget *full = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  g_return_if_fail (GTK_IS_BUTTON (button));

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (button));
  if (icon_with_label)
    gtk_box_append (GTK_BOX (full), gtk_image_new_from_icon_name (icon_name));
  gtk_box_append (GTK_BOX (full), label);
  gtk_widget_set_halign (full, GTK_ALIGN_CENTER);
  adw_squeezer_add (ADW_SQUEEZER (squeezer), full);
  adw_squeezer_add (ADW_SQUEEZER (squeezer), gtk_image_new_from_icon_name (icon_name));
  adw_squeezer_set_transition_type (ADW_SQUEEZER (squeezer), ADW_SQUEEZER_TRANSITION_TYPE_NONE);
  gtk_button_set_child (button, squeezer);
}

/* Selects @date in @calendar without telling its day-selected handlers. */
static void
calendar_select_quietly (GtkCalendar *calendar,
                         GDateTime   *date)
{
  guint day_selected = g_signal_lookup ("day-selected", GTK_TYPE_CALENDAR);
  g_autoptr(GArray) blocked = g_array_new (FALSE, FALSE, sizeof (gulong));

  /* Each handler is found and blocked in turn: GLib blocks none by signal alone. */
  for (;;)
    {
      gulong id = g_signal_handler_find (calendar, G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_UNBLOCKED,
                                         day_selected, 0, NULL, NULL, NULL);

      if (id == 0)
        break;
      g_signal_handler_block (calendar, id);
      g_array_append_val (blocked, id);
    }
  gtk_calendar_select_day (calendar, date);
  for (guint i = 0; i < blocked->len; i++)
    g_signal_handler_unblock (calendar, g_array_index (blocked, gulong, i));
}

#define CALENDAR_CHOSEN "spa-calendar-chosen"

static gboolean
calendar_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         GtkCalendar           *calendar)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (calendar)) == GTK_TEXT_DIR_RTL;
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) moved = NULL;
  int days;

  /* The keys of the month and year buttons in its header stay theirs. */
  if (!gtk_widget_has_focus (GTK_WIDGET (calendar)) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)))
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      days = rtl ? 1 : -1;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      days = rtl ? -1 : 1;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      days = -7;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      days = 7;
      break;
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      /* The day the arrows moved to is the one chosen. */
      g_object_set_data (G_OBJECT (calendar), CALENDAR_CHOSEN, NULL);
      g_signal_emit_by_name (calendar, "day-selected");
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  date = gtk_calendar_get_date (calendar);
  moved = g_date_time_add_days (date, days);
  /* Moving is not choosing: whoever listens hears of the day on Space or Enter, and
   * the pop-up closed without it shows the day chosen before. */
  if (g_object_get_data (G_OBJECT (calendar), CALENDAR_CHOSEN) == NULL)
    g_object_set_data_full (G_OBJECT (calendar), CALENDAR_CHOSEN, g_date_time_ref (date),
                            (GDestroyNotify)g_date_time_unref);
  calendar_select_quietly (calendar, moved);
  return GDK_EVENT_STOP;
}

static void
calendar_unmap_cb (GtkCalendar *calendar)
{
  GDateTime *chosen = g_object_get_data (G_OBJECT (calendar), CALENDAR_CHOSEN);

  if (chosen != NULL)
    {
      calendar_select_quietly (calendar, chosen);
      g_object_set_data (G_OBJECT (calendar), CALENDAR_CHOSEN, NULL);
    }
}

/**
 * spa_calendar_follow_keyboard:
 * @calendar: a calendar in a pop-up
 *
 * Has the arrow keys move @calendar's selected day (a day, or a week with Up and Down)
 * and Space or Enter choose it; closed without choosing, it shows the day it had.
 * GTK 4.8 keeps a keyboard cursor of its own that gtk_calendar_select_day() does not
 * move: in a pop-up opened on a day, Left went to the last cell of the grid, a day of
 * the next month.
 */
void
spa_calendar_follow_keyboard (GtkCalendar *calendar)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_return_if_fail (GTK_IS_CALENDAR (calendar));

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (calendar_key_pressed_cb), calendar);
  gtk_widget_add_controller (GTK_WIDGET (calendar), keys);
  g_signal_connect (calendar, "unmap", G_CALLBACK (calendar_unmap_cb), NULL);
}
