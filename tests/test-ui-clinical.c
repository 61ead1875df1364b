/* test-ui-clinical.c: the body map, the intake form and session notes, driven through
 * their real widgets
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "spa-body-map-private.h"
#include "spa-client-page.h"
#include "spa-clients-page.h"
#include "spa-intake-editor-private.h"
#include "spa-intake-section.h"
#include "spa-note-editor-private.h"
#include "spa-pain-chart.h"
#include "spa-progress-section.h"
#include "spa-sessions-section.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"
#include "spa-widget-util.h"
#include "spa-window.h"

typedef struct
{
  char       *dir;
  SpaStore   *store;
  SpaContext *context;
  SpaWindow  *window;
  SpaRecord  *client;
  SpaRecord  *therapist;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;

  f->store = spa_test_open_store (&f->dir);
  f->client = spa_test_add_client (f->store, "Ethan", "Nguyen", NULL, NULL);
  f->therapist = spa_record_new ("therapist");
  spa_record_set_string (f->therapist, "name", "Claire Dubois");
  spa_record_set_boolean (f->therapist, "active", TRUE);
  g_assert_true (spa_store_save (f->store, f->therapist, &error));

  f->context = spa_context_new (f->store, settings);
  f->window = spa_window_new (NULL, f->context);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->client);
  g_clear_object (&f->therapist);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  spa_test_remove_dir (f->dir);
  g_free (f->dir);
}

/* A typing pause (ms) longer than any test: only what the form does saves a draft. */
#define LONG_PAUSE (10 * 60 * 1000)

static gboolean
is_laid_out (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 1;
}

/* Lets the window lay itself out, so that regions have their places. */
static void
wait_for_allocation (GtkWidget *widget)
{
  g_assert_true (spa_test_iterate_until (is_laid_out, widget, 5000));
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* The client's row clicked in the Clients list, then the tab titled @section. */
static SpaClientPage *
open_client (Fixture    *f,
             const char *section)
{
  SpaClientsPage *page = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->window));
  g_autoptr(SpaRecord) selected = NULL;
  GtkWidget *client_page;
  GtkWidget *tab;

  spa_test_open_client (GTK_WIDGET (f->window), "Ethan Nguyen");
  spa_test_iterate_until (never, NULL, 300);
  selected = spa_clients_page_dup_selected (page);
  g_assert_cmpstr (spa_record_get_id (selected), ==, spa_record_get_id (f->client));
  client_page = spa_clients_page_get_client_page (page);
  tab = spa_test_find_labelled (client_page, GTK_TYPE_TOGGLE_BUTTON, section);
  g_assert_nonnull (tab);
  spa_test_click (tab, -1, -1);
  spa_test_iterate_until (never, NULL, 300);
  return SPA_CLIENT_PAGE (client_page);
}

/* A click on the shown button under @root that activates @action. */
static void
click_action (GtkWidget  *root,
              const char *action)
{
  GtkWidget *button = spa_test_find_action_widget (root, action);

  g_assert_nonnull (button);
  spa_test_click (button, -1, -1);
  spa_test_iterate_until (never, NULL, 300);
}

/* A click into @view, then @text typed. */
static void
type_into (GtkTextView *view,
           const char  *text)
{
  spa_test_click (GTK_WIDGET (view), -1, -1);
  spa_test_type (GTK_WIDGET (view), text);
}

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
is_hidden (gpointer widget)
{
  return !gtk_widget_get_visible (widget);
}

/* Waits (at most 5 s) for @widget to be shown on the screen. */
static void
wait_for_mapped (gpointer widget)
{
  g_assert_true (spa_test_iterate_until (is_mapped, widget, 5000));
}

/* Waits (at most 5 s) for @widget to be hidden. */
static void
wait_for_hidden (gpointer widget)
{
  g_assert_true (spa_test_iterate_until (is_hidden, widget, 5000));
}

/* Body map */

/* A click on @region's place in the map; in pain mode its rating opens. */
static void
click_region (SpaBodyMap *map,
              const char *region)
{
  spa_test_click (spa_body_map_get_region_widget (map, region), -1, -1);
}

/* A click on @region, then the rating popover shown. */
static GtkWidget *
open_region (SpaBodyMap *map,
             const char *region)
{
  GtkWidget *popover = GTK_WIDGET (spa_body_map_get_popover (map));

  click_region (map, region);
  wait_for_mapped (popover);
  return popover;
}

/* A click on the rating popover's widget of @type that reads @label. */
static void
click_in_popover (SpaBodyMap *map,
                  GType       type,
                  const char *label)
{
  GtkWidget *widget = spa_test_find_labelled (GTK_WIDGET (spa_body_map_get_popover (map)), type,
                                              label);

  g_assert_nonnull (widget);
  spa_test_click (widget, -1, -1);
}

/* A click on the popover's Done button, which closes it. */
static void
click_done (SpaBodyMap *map)
{
  click_in_popover (map, GTK_TYPE_BUTTON, "Done");
  wait_for_hidden (spa_body_map_get_popover (map));
}

/* The map's own drawing: its pixels, ARGB32 premultiplied, row by row. */
static guchar *
render_map (SpaBodyMap *map,
            gsize      *stride)
{
  GtkWidget *widget = GTK_WIDGET (map);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guchar *pixels;

  gtk_test_widget_wait_for_draw (widget);
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  *stride = width * 4;
  pixels = g_malloc (*stride * height);
  gdk_texture_download (texture, pixels, *stride);
  return pixels;
}

/* A pain number on a hatched "avoid" region reads as on a plain one: around it, the
 * stripes leave the region's colour alone. */
static void
test_body_map_avoid_number_readable (Fixture *f, gconstpointer data)
{
  GtkWidget *window = gtk_window_new ();
  SpaBodyMap *map = SPA_BODY_MAP (spa_body_map_new ());
  g_autofree guchar *plain = NULL;
  g_autofree guchar *hatched = NULL;
  graphene_rect_t bounds;
  gsize stride;
  int cx, cy;
  guint differ = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_allocation (GTK_WIDGET (map));
  g_assert_true (gtk_widget_compute_bounds (spa_body_map_get_region_widget (map, "lower_back"),
                                            GTK_WIDGET (map), &bounds));
  cx = bounds.origin.x + bounds.size.width / 2;
  cy = bounds.origin.y + bounds.size.height / 2;

  spa_body_map_set_region_pain (map, "lower_back", 5, NULL);
  plain = render_map (map, &stride);
  spa_body_map_set_region_avoid (map, "lower_back", TRUE, "Recent surgery");
  hatched = render_map (map, &stride);

  /* The text and a margin around it: the same pixels with and without the stripes. */
  for (int y = cy - 6; y <= cy + 6; y++)
    for (int x = cx - 8; x <= cx + 8; x++)
      if (memcmp (plain + y * stride + x * 4, hatched + y * stride + x * 4, 4) != 0)
        differ++;
  g_assert_cmpuint (differ, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Measures each action row under @widget for every width up to 300; returns how many. */
static guint
measure_rows (GtkWidget *widget)
{
  guint rows = 0;

  if (ADW_IS_ACTION_ROW (widget))
    {
      for (int width = 1; width <= 300; width++)
        gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, NULL, NULL, NULL, NULL);
      return 1;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    rows += measure_rows (child);
  return rows;
}

/* The Marked Areas list while a reason is typed: "Recent " ends in a space, and each
 * row must measure at any width without a layout error (a critical fails the test). */
static void
test_body_map_reason_typed (Fixture *f, gconstpointer data)
{
  GtkWidget *window = gtk_window_new ();
  SpaBodyMap *map = SPA_BODY_MAP (spa_body_map_new ());
  const char *typed[] = { "R", "Recent", "Recent ", " Recent  surgery ", "a " };
  guint rows = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_allocation (GTK_WIDGET (map));

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      spa_body_map_set_region_avoid (map, "abdomen", TRUE, typed[i]);
      rows += measure_rows (GTK_WIDGET (map));
    }
  g_assert_cmpuint (rows, ==, G_N_ELEMENTS (typed));
  /* Stored as typed: only the row trims it. */
  {
    g_autoptr(JsonNode) avoid = spa_body_map_dup_avoid_areas (map);
    g_autofree char *json = json_to_string (avoid, FALSE);

    g_assert_nonnull (strstr (json, "\"a \""));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_lower_back_pain (gpointer data)
{
  return spa_body_map_get_region_pain (data, "lower_back") == 7;
}

/* The map driven with the mouse: a click on a region, on Avoid, on Done. */
static void
test_body_map_click (Fixture *f, gconstpointer data)
{
  GtkWidget *window = gtk_window_new ();
  SpaBodyMap *map = SPA_BODY_MAP (spa_body_map_new ());
  GtkWidget *popover = GTK_WIDGET (spa_body_map_get_popover (map));
  GtkWidget *button;
  GtkWidget *reason;
  g_autoptr(JsonNode) areas = NULL;
  g_autoptr(JsonNode) avoid = NULL;
  g_autofree char *json = NULL;
  g_autofree char *avoid_json = NULL;
  guint changes = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_allocation (GTK_WIDGET (map));
  g_signal_connect_swapped (map, "changed", G_CALLBACK (g_atomic_int_inc), &changes);

  /* Every region has its button, named for screen readers. */
  button = spa_body_map_get_region_widget (map, "lower_back");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Lower back (lumbar)");

  /* A click at the lower back's place in the drawing asks for its rating. */
  open_region (map, "lower_back");
  g_assert_cmpint (spa_body_map_get_region_pain (map, "lower_back"), ==, -1);
  g_assert_cmpuint (changes, ==, 0);

  /* The scale, focused, moved from 5 to 7 with the arrows marks the region; a click on
   * Done closes the rating. */
  spa_test_send_keys (window, "Right Right");
  g_assert_true (spa_test_iterate_until (is_lower_back_pain, map, 5000));
  g_assert_cmpuint (changes, >=, 1);
  click_done (map);

  /* The accessible alternative: the list names it, and so does the button. */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Lower back (lumbar): Pain 7 of 10");
  g_assert_nonnull (gtk_list_box_get_row_at_index (spa_body_map_get_list (map), 0));
  g_assert_null (gtk_list_box_get_row_at_index (spa_body_map_get_list (map), 1));

  areas = spa_body_map_dup_pain_areas (map);
  json = json_to_string (areas, FALSE);
  g_assert_cmpstr (json, ==, "[{\"region\":\"lower_back\",\"intensity\":7,\"quality\":null,\"note\":null}]");

  /* Avoid is a mark of its own: its box ticked, a reason typed, Done. */
  open_region (map, "abdomen");
  click_in_popover (map, GTK_TYPE_CHECK_BUTTON, "Avoid this area");
  reason = spa_test_find_widget (popover, GTK_TYPE_ENTRY);
  wait_for_mapped (reason);
  spa_test_click (reason, -1, -1);
  spa_test_type (reason, "Pregnancy");
  click_done (map);
  g_assert_true (spa_body_map_get_region_avoid (map, "abdomen"));
  g_assert_cmpint (spa_body_map_get_region_pain (map, "abdomen"), ==, -1);
  avoid = spa_body_map_dup_avoid_areas (map);
  avoid_json = json_to_string (avoid, FALSE);
  g_assert_cmpstr (avoid_json, ==, "[{\"region\":\"abdomen\",\"reason\":\"Pregnancy\"}]");

  /* Read-only: a click does nothing. */
  spa_body_map_set_mode (map, SPA_BODY_MAP_MODE_VIEW);
  click_region (map, "neck");
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_cmpint (spa_body_map_get_region_pain (map, "neck"), ==, -1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
focus_changed_cb (GtkWindow *window,
                  GParamSpec *pspec,
                  GPtrArray  *visited)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  if (focus != NULL)
    g_ptr_array_add (visited, g_object_get_data (G_OBJECT (focus), "region") ?: "(not a region)");
}

static gboolean
is_neck_pain (gpointer data)
{
  return spa_body_map_get_region_pain (data, "neck") == 7;
}

static gboolean
neck_treated (gpointer data)
{
  return spa_body_map_get_region_treated (data, "neck");
}

static gboolean
neck_not_treated (gpointer data)
{
  return !spa_body_map_get_region_treated (data, "neck");
}

/* The map driven with the keyboard alone: Tab, Enter, the arrows, Escape. */
static void
test_body_map_keyboard (Fixture *f, gconstpointer data)
{
  GtkWidget *window = gtk_window_new ();
  SpaBodyMap *map = SPA_BODY_MAP (spa_body_map_new ());
  GtkWidget *popover = GTK_WIDGET (spa_body_map_get_popover (map));
  GtkWidget *neck = spa_body_map_get_region_widget (map, "neck");
  guint n_regions;
  const SpaRegion *regions = spa_vocab_regions (&n_regions);
  g_autoptr(GPtrArray) visited = g_ptr_array_new ();
  g_autoptr(GString) tabs = g_string_new (NULL);
  guint n_tabs = 0;
  gulong id;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_allocation (GTK_WIDGET (map));

  /* Tab walks through every region in vocabulary order, front then back: the focus
   * visits each in turn up to the neck, the first of the back. */
  while (!g_str_equal (regions[n_tabs].code, "neck"))
    n_tabs++;
  n_tabs++;
  g_assert_cmpuint (n_tabs, >, 10);
  for (guint i = 0; i < n_tabs; i++)
    g_string_append (tabs, i == 0 ? "Tab" : " Tab");
  gtk_root_set_focus (GTK_ROOT (window), NULL);
  id = g_signal_connect (window, "notify::focus-widget", G_CALLBACK (focus_changed_cb), visited);
  spa_test_send_keys (window, tabs->str);
  g_signal_handler_disconnect (window, id);
  g_assert_cmpuint (visited->len, ==, n_tabs);
  for (guint i = 0; i < n_tabs; i++)
    g_assert_cmpstr (visited->pdata[i], ==, regions[i].code);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == neck);

  /* Enter on the neck opens the rating with the scale focused; arrows set it. */
  spa_test_send_keys (window, "Return");
  wait_for_mapped (popover);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (spa_body_map_get_popover_scale (map))));
  spa_test_send_keys (window, "Right Right");
  g_assert_true (spa_test_iterate_until (is_neck_pain, map, 5000));

  /* Escape closes the popover and gives the focus back to the region. */
  spa_test_send_keys (window, "Escape");
  wait_for_hidden (popover);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == neck);
  g_assert_cmpint (spa_body_map_get_region_pain (map, "neck"), ==, 7);

  /* In treated mode, Enter toggles. */
  spa_body_map_set_mode (map, SPA_BODY_MAP_MODE_TREATED);
  spa_test_send_keys (window, "Return");
  g_assert_true (spa_test_iterate_until (neck_treated, map, 5000));
  spa_test_send_keys (window, "Return");
  g_assert_true (spa_test_iterate_until (neck_not_treated, map, 5000));
  g_assert_false (gtk_widget_get_visible (popover));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Intake form */

static gboolean
has_consent_error (gpointer editor)
{
  return spa_intake_editor_get_error (editor, "consent_name") != NULL;
}

static gboolean
consent_error_names_client (gpointer editor)
{
  const char *error = spa_intake_editor_get_error (editor, "consent_name");

  return error != NULL && strstr (error, "Ethan Nguyen") != NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  return spa_test_find_message_dialog () != NULL;
}

static gboolean
weeks_are_20 (gpointer spin)
{
  return gtk_spin_button_get_value_as_int (spin) == 20;
}

static gboolean
is_editable (gpointer editor)
{
  return !spa_intake_editor_is_read_only (editor);
}

/* A click on the Complete Intake button. */
static void
click_complete (SpaIntakeEditor *editor)
{
  click_action (GTK_WIDGET (editor), "intake.complete");
}

/* An intake filled in as a person does: typed, clicked on the body map, ticked. */
static void
test_intake_through_form (Fixture *f, gconstpointer data)
{
  SpaClientPage *page = open_client (f, "Intake");
  SpaIntakeSection *section = SPA_INTAKE_SECTION (spa_client_page_get_section (page, "intake"));
  SpaIntakeEditor *editor = spa_intake_section_get_editor (section);
  SpaBodyMap *map = spa_intake_editor_get_body_map (editor);
  GtkSpinButton *weeks = spa_intake_editor_get_pregnancy_weeks (editor);
  const char *client_id = spa_record_get_id (f->client);
  g_autoptr(SpaRecord) current = NULL;
  g_autoptr(GPtrArray) intakes = NULL;
  g_auto(GStrv) conditions = NULL;
  JsonNode *pain;
  JsonObject *area;

  wait_for_allocation (GTK_WIDGET (map));
  g_assert_false (spa_intake_editor_is_read_only (editor));
  g_assert_cmpint (spa_store_count (f->store, "intake"), ==, 0);

  /* Typing saves a draft after a pause. */
  spa_test_replace_text (spa_intake_editor_get_field (editor, "reason"),
                         "Lower back pain after moving");
  spa_test_wait_for_count (f->store,
                           "SELECT count(*) FROM intake"
                           " WHERE client_id = ? AND completed_at IS NULL",
                           client_id, 1);

  spa_test_replace_text (spa_intake_editor_get_field (editor, "goals"), "Cycle again");
  /* The lower back rated with the keyboard once its rating is open: 5, 6, 7, Enter. */
  open_region (map, "lower_back");
  spa_test_send_keys (GTK_WIDGET (map), "Right Right Return");
  wait_for_hidden (spa_body_map_get_popover (map));
  g_assert_cmpint (spa_body_map_get_region_pain (map, "lower_back"), ==, 7);
  /* The abdomen to avoid, with the mouse. */
  open_region (map, "abdomen");
  click_in_popover (map, GTK_TYPE_CHECK_BUTTON, "Avoid this area");
  click_done (map);
  g_assert_true (spa_body_map_get_region_avoid (map, "abdomen"));
  spa_test_click (GTK_WIDGET (spa_intake_editor_get_pressure (editor, "firm")), -1, -1);
  spa_test_click (GTK_WIDGET (spa_intake_editor_get_condition (editor, "blood_thinners")), -1, -1);
  spa_test_click (GTK_WIDGET (spa_intake_editor_get_condition (editor, "pregnancy")), -1, -1);
  /* Ticking pregnancy asks for the weeks: typed into the spin button, Tab to go on. */
  wait_for_mapped (weeks);
  spa_test_click (GTK_WIDGET (weeks), 12, -1);
  spa_test_send_keys (GTK_WIDGET (weeks), "ctrl+a BackSpace");
  spa_test_type (GTK_WIDGET (weeks), "20");
  spa_test_send_keys (GTK_WIDGET (weeks), "Tab");
  g_assert_true (spa_test_iterate_until (weeks_are_20, weeks, 5000));
  spa_test_replace_text (spa_intake_editor_get_field (editor, "allergies"), "Nut oils");

  /* Completing without consent: the message sits by the consent field; still a draft. */
  g_assert_null (spa_intake_editor_get_error (editor, "consent_name"));
  click_complete (editor);
  g_assert_true (spa_test_iterate_until (has_consent_error, editor, 5000));
  g_assert_null (spa_test_find_message_dialog ());
  g_assert_null (spa_clinical_current_intake (f->store, client_id, NULL));

  /* A name that is not the client's is refused by the field, with no confirmation. A
   * typing pause longer than the test: only the form saves from here on. */
  spa_record_draft_set_delay (SPA_RECORD_DRAFT (spa_intake_editor_get_draft (editor)), LONG_PAUSE);
  spa_test_replace_text (spa_intake_editor_get_field (editor, "consent_name"), "Jane Doe");
  click_complete (editor);
  g_assert_true (spa_test_iterate_until (consent_error_names_client, editor, 5000));
  g_assert_null (spa_test_find_message_dialog ());
  /* What was typed is saved by the click, not after the pause, when a save would take
   * the message away. */
  spa_test_wait_for_count (f->store, "SELECT count(*) FROM intake WHERE consent_name = ?",
                           "Jane Doe", 1);
  g_assert_true (consent_error_names_client (editor));
  g_assert_null (spa_clinical_current_intake (f->store, client_id, NULL));

  /* The client's own name: completing is confirmed first; cancelling keeps a draft. */
  spa_test_replace_text (spa_intake_editor_get_field (editor, "consent_name"), "Ethan Nguyen");
  click_complete (editor);
  g_assert_true (spa_test_iterate_until (has_message_dialog, NULL, 5000));
  spa_test_click_dialog_button ("_Cancel");
  g_assert_null (spa_clinical_current_intake (f->store, client_id, NULL));
  click_complete (editor);
  g_assert_true (spa_test_iterate_until (has_message_dialog, NULL, 5000));
  spa_test_click_dialog_button ("C_omplete Intake");
  spa_test_wait_for_count (f->store,
                           "SELECT count(*) FROM intake"
                           " WHERE client_id = ? AND completed_at IS NOT NULL",
                           client_id, 1);
  g_assert_null (spa_intake_editor_get_error (editor, "consent_name"));

  current = spa_clinical_current_intake (f->store, client_id, NULL);
  g_assert_nonnull (current);
  g_assert_cmpstr (spa_record_get_string (current, "reason"), ==, "Lower back pain after moving");
  g_assert_cmpstr (spa_record_get_string (current, "goals"), ==, "Cycle again");
  g_assert_cmpstr (spa_record_get_string (current, "pressure"), ==, "firm");
  g_assert_cmpstr (spa_record_get_string (current, "allergies"), ==, "Nut oils");
  g_assert_cmpstr (spa_record_get_string (current, "consent_name"), ==, "Ethan Nguyen");
  g_assert_nonnull (spa_record_get_string (current, "consent_at"));
  g_assert_cmpint (spa_record_get_int (current, "pregnancy_weeks", -1), ==, 20);
  conditions = spa_record_get_strv (current, "conditions");
  g_assert_true (g_strv_contains ((const char * const *)conditions, "blood_thinners"));
  pain = spa_record_get_json (current, "pain_areas");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (pain)), ==, 1);
  area = json_array_get_object_element (json_node_get_array (pain), 0);
  g_assert_cmpstr (json_object_get_string_member (area, "region"), ==, "lower_back");
  g_assert_cmpint (json_object_get_int_member (area, "intensity"), ==, 7);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (spa_record_get_json (current, "avoid_areas"))), ==, 1);

  /* One intake (the draft became the complete one), and it is now read-only. */
  intakes = spa_clinical_list_intakes (f->store, client_id, NULL);
  g_assert_cmpuint (intakes->len, ==, 1);
  g_assert_true (spa_intake_editor_is_read_only (editor));
  g_assert_false (gtk_editable_get_editable (spa_intake_editor_get_field (editor, "reason")));

  /* A new intake, with its button, starts from the current one, without its consent. */
  click_action (GTK_WIDGET (section), "intake.new");
  g_assert_true (spa_test_iterate_until (is_editable, editor, 5000));
  g_assert_cmpstr (gtk_editable_get_text (spa_intake_editor_get_field (editor, "reason")), ==,
                   "Lower back pain after moving");
  g_assert_cmpstr (gtk_editable_get_text (spa_intake_editor_get_field (editor, "consent_name")), ==, "");
  g_assert_cmpint (spa_body_map_get_region_pain (map, "lower_back"), ==, 7);
}

/* Session notes */

static GtkTextBuffer *
note_buffer (SpaNoteEditor *editor,
             const char    *field)
{
  return gtk_text_view_get_buffer (spa_note_editor_get_text_view (editor, field));
}

static void
test_note_draft_sign_amend (Fixture *f, gconstpointer data)
{
  SpaClientPage *page = open_client (f, "Sessions");
  SpaSessionsSection *section = SPA_SESSIONS_SECTION (spa_client_page_get_section (page, "sessions"));
  SpaNoteEditor *editor = spa_sessions_section_get_editor (section);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) stored = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  SpaBodyMap *map;
  GtkWidget *dialog;
  const char *client_id = spa_record_get_id (f->client);
  const char *note_id;
  g_auto(GStrv) techniques = NULL;

  click_action (GTK_WIDGET (section), "sessions.new-note");
  wait_for_allocation (GTK_WIDGET (editor));
  g_assert_cmpint (spa_store_count (f->store, "session_note"), ==, 0);

  /* Typing saves a draft after a pause. */
  type_into (spa_note_editor_get_text_view (editor, "subjective"), "Lower back 7/10 on arrival.");
  spa_test_wait_for_count (f->store,
                           "SELECT count(*) FROM session_note"
                           " WHERE client_id = ? AND signed_at IS NULL",
                           client_id, 1);

  type_into (spa_note_editor_get_text_view (editor, "assessment"), "Improving.");
  spa_test_click (GTK_WIDGET (spa_note_editor_get_technique (editor, "deep_tissue")), -1, -1);
  spa_test_click (GTK_WIDGET (spa_note_editor_get_technique (editor, "trigger_point")), -1, -1);
  spa_test_pick_in_combo (spa_note_editor_get_combo (editor, "pain_before"), 7 + 1);
  spa_test_pick_in_combo (spa_note_editor_get_combo (editor, "pain_after"), 4 + 1);
  map = spa_note_editor_get_body_map (editor);
  spa_test_click (spa_body_map_get_region_widget (map, "lower_back"), -1, -1);
  /* The draft is written after the typing pause, what was picked with it. */
  spa_test_wait_for_count (f->store,
                           "SELECT count(*) FROM session_note WHERE client_id = ?"
                           " AND assessment = 'Improving.' AND pain_before = 7 AND pain_after = 4"
                           " AND techniques LIKE '%trigger_point%'",
                           client_id, 1);

  notes = spa_clinical_list_notes (f->store, client_id, NULL);
  g_assert_cmpuint (notes->len, ==, 1);
  note_id = spa_record_get_id (notes->pdata[0]);
  g_assert_cmpstr (spa_record_get_string (notes->pdata[0], "subjective"), ==,
                   "Lower back 7/10 on arrival.");
  g_assert_cmpstr (spa_record_get_string (notes->pdata[0], "assessment"), ==, "Improving.");
  g_assert_cmpint (spa_record_get_int (notes->pdata[0], "pain_before", -1), ==, 7);
  g_assert_cmpint (spa_record_get_int (notes->pdata[0], "pain_after", -1), ==, 4);
  techniques = spa_record_get_strv (notes->pdata[0], "techniques");
  g_assert_cmpuint (g_strv_length (techniques), ==, 2);

  /* Signing needs the therapist. */
  click_action (GTK_WIDGET (editor), "note.sign");
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM session_note WHERE id = ? AND signed_at IS NOT NULL", note_id), ==, 0);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  spa_test_pick_in_combo (spa_note_editor_get_combo (editor, "therapist_id"), 1);

  /* Signing is confirmed first; cancelling leaves a draft. */
  click_action (GTK_WIDGET (editor), "note.sign");
  g_assert_nonnull (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  spa_test_click_dialog_button ("_Cancel");
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM session_note WHERE id = ? AND signed_at IS NOT NULL", note_id), ==, 0);
  click_action (GTK_WIDGET (editor), "note.sign");
  g_assert_nonnull (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  spa_test_click_dialog_button ("_Sign Note");
  stored = spa_store_get (f->store, "session_note", note_id, NULL);
  g_assert_cmpstr (spa_record_get_string (stored, "signed_by"), ==, "Claire Dubois");
  g_assert_cmpstr (spa_record_get_string (stored, "therapist_id"), ==, spa_record_get_id (f->therapist));
  g_clear_object (&stored);

  /* Signed: the form no longer takes edits... */
  g_assert_false (gtk_text_view_get_editable (spa_note_editor_get_text_view (editor, "subjective")));
  g_assert_false (gtk_widget_get_can_target (GTK_WIDGET (spa_note_editor_get_technique (editor, "deep_tissue"))));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (spa_note_editor_get_technique (editor, "swedish"))));
  g_assert_cmpint (spa_body_map_get_mode (spa_note_editor_get_body_map (editor)), ==, SPA_BODY_MAP_MODE_VIEW);

  /* ...and an edit forced in anyway is refused by the store, said so, and undone. */
  gtk_text_buffer_set_text (note_buffer (editor, "subjective"), "Tampered.", -1);
  g_assert_false (spa_note_editor_flush (editor));
  g_assert_nonnull (spa_note_editor_get_error (editor));
  stored = spa_store_get (f->store, "session_note", note_id, NULL);
  g_assert_cmpstr (spa_record_get_string (stored, "subjective"), ==, "Lower back 7/10 on arrival.");
  {
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (note_buffer (editor, "subjective"), &start, &end);
    text = gtk_text_buffer_get_text (note_buffer (editor, "subjective"), &start, &end, FALSE);
    g_assert_cmpstr (text, ==, "Lower back 7/10 on arrival.");
  }

  /* An amendment through the dialog: typed, then its Add button clicked. */
  click_action (GTK_WIDGET (editor), "note.amend");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  type_into (g_object_get_data (G_OBJECT (dialog), "text"), "Pain after was 3/10, not 4/10.");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  spa_test_click_dialog_button ("_Add Amendment");
  g_assert_cmpint (spa_test_count_rows (f->store,
                                        "SELECT count(*) FROM note_amendment WHERE note_id = ?"
                                        " AND text = 'Pain after was 3/10, not 4/10.'",
                                        note_id),
                   ==, 1);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM note_amendment WHERE note_id = ?", note_id), ==, 1);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM note_amendment WHERE note_id = ? AND author = 'Claire Dubois'", note_id), ==, 1);
  g_assert_cmpuint (spa_note_editor_get_n_amendments (editor), ==, 1);
  g_clear_object (&stored);
  stored = spa_store_get (f->store, "session_note", note_id, NULL);
  g_assert_cmpstr (spa_record_get_string (stored, "subjective"), ==, "Lower back 7/10 on arrival.");
}

static gboolean
window_closed (gpointer window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (toplevel == window)
        return FALSE;
    }
  return TRUE;
}

/* A note typed, then the window closed with its close button within the typing pause:
 * the draft is written anyway. */
static void
test_note_saved_on_close (Fixture *f, gconstpointer data)
{
  SpaClientPage *page = open_client (f, "Sessions");
  SpaSessionsSection *section = SPA_SESSIONS_SECTION (spa_client_page_get_section (page, "sessions"));
  SpaNoteEditor *editor = spa_sessions_section_get_editor (section);
  const char *sql = "SELECT count(*) FROM session_note WHERE plan = ?";

  click_action (GTK_WIDGET (section), "sessions.new-note");
  wait_for_allocation (GTK_WIDGET (editor));
  /* A pause longer than the test: only the closing can write the draft. */
  spa_record_draft_set_delay (SPA_RECORD_DRAFT (spa_note_editor_get_draft (editor)), LONG_PAUSE);
  type_into (spa_note_editor_get_text_view (editor, "plan"), "Weekly for a month.");
  g_assert_cmpint (spa_test_count_rows (f->store, sql, "Weekly for a month."), ==, 0);

  click_action (GTK_WIDGET (f->window), "window.close");
  g_assert_true (spa_test_iterate_until (window_closed, f->window, 5000));
  f->window = NULL;
  g_assert_cmpint (spa_test_count_rows (f->store, sql, "Weekly for a month."), ==, 1);
}

static gboolean
text_view_has_focus (GtkTextView *view)
{
  return gtk_widget_has_focus (GTK_WIDGET (view));
}

/* Tab in a SOAP box moves on to the next box, as in any form; no tab is typed. */
static void
test_note_tab_moves_on (Fixture *f, gconstpointer data)
{
  SpaClientPage *page = open_client (f, "Sessions");
  g_autoptr(GError) error = NULL;
  SpaSessionsSection *section = SPA_SESSIONS_SECTION (spa_client_page_get_section (page, "sessions"));
  SpaNoteEditor *editor = spa_sessions_section_get_editor (section);
  GtkTextView *subjective;
  GtkTextView *objective;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  g_assert_true (spa_client_page_new_note (page, NULL, &error));
  wait_for_allocation (GTK_WIDGET (editor));
  subjective = spa_note_editor_get_text_view (editor, "subjective");
  objective = spa_note_editor_get_text_view (editor, "objective");
  gtk_widget_grab_focus (GTK_WIDGET (subjective));
  g_assert_true (text_view_has_focus (subjective));

  spa_test_send_keys (GTK_WIDGET (f->window), "S o r e Tab O k");
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (subjective), &start, &end);
  text = gtk_text_iter_get_text (&start, &end);
  g_assert_cmpstr (text, ==, "Sore");
  g_assert_true (text_view_has_focus (objective));
  g_clear_pointer (&text, g_free);
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (objective), &start, &end);
  text = gtk_text_iter_get_text (&start, &end);
  g_assert_cmpstr (text, ==, "Ok");

  /* Shift+Tab goes back. */
  spa_test_send_keys (GTK_WIDGET (f->window), "shift+Tab");
  g_assert_true (text_view_has_focus (subjective));
}

static void
test_progress (Fixture *f, gconstpointer data)
{
  const char *client_id = spa_record_get_id (f->client);
  SpaClientPage *page;
  SpaProgressSection *section;

  for (int i = 0; i < 6; i++)
    {
      g_autoptr(SpaRecord) note = spa_record_new ("session_note");
      g_autofree char *date = g_strdup_printf ("2026-10-%02d", 1 + i * 5);

      spa_record_set_string (note, "client_id", client_id);
      spa_record_set_string (note, "session_date", date);
      spa_record_set_int (note, "pain_before", 7 - i * 4 / 5);
      spa_record_set_int (note, "pain_after", 4 - i / 2);
      spa_record_set_strv (note, "areas_treated", (const char *[]) { "lower_back", NULL });
      g_assert_true (spa_store_save (f->store, note, NULL));
    }

  page = open_client (f, "Progress");
  section = SPA_PROGRESS_SECTION (spa_client_page_get_section (page, "progress"));
  wait_for_allocation (GTK_WIDGET (spa_progress_section_get_chart (section)));
  g_assert_cmpuint (spa_pain_chart_get_n_points (spa_progress_section_get_chart (section)), ==, 6);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (spa_body_map_get_region_widget (spa_progress_section_get_heat_map (section), "lower_back")),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Lower back (lumbar): Average 5.3; 7 → 3 over 6 ratings");
}

/* The chart draws one session and two hundred alike (dates thinned, points smaller). */
static void
test_chart_sizes (Fixture *f, gconstpointer data)
{
  static const guint sizes[] = { 0, 1, 200 };

  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      GtkWidget *window = gtk_window_new ();
      SpaPainChart *chart = SPA_PAIN_CHART (spa_pain_chart_new ());
      g_autoptr(GArray) series = g_array_new (FALSE, TRUE, sizeof (SpaPainPoint));
      g_autoptr(GDateTime) start = g_date_time_new_utc (2025, 1, 6, 0, 0, 0);
      g_autofree char *dir = spa_test_make_dir ();
      g_autofree char *name = g_strdup_printf ("chart-%u.png", sizes[k]);
      g_autofree char *path = g_build_filename (g_getenv ("SPA_TEST_SCREENSHOT_DIR") ?: dir, name, NULL);
      g_autoptr(GError) error = NULL;

      for (guint i = 0; i < sizes[k]; i++)
        {
          g_autoptr(GDateTime) day = g_date_time_add_days (start, i * 3);
          g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
          SpaPainPoint point = { "", 8 - (int)(i * 6 / MAX (sizes[k], 1)), i % 7 == 0 ? -1 : 3 };

          g_strlcpy (point.date, date, sizeof point.date);
          g_array_append_val (series, point);
        }

      gtk_window_set_default_size (GTK_WINDOW (window), 700, 300);
      gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
      spa_pain_chart_set_series (chart, series);
      gtk_window_present (GTK_WINDOW (window));
      wait_for_allocation (GTK_WIDGET (chart));
      g_assert_cmpuint (spa_pain_chart_get_n_points (chart), ==, sizes[k]);
      g_assert_true (spa_widget_save_png (GTK_WIDGET (chart), path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

      gtk_window_destroy (GTK_WINDOW (window));
      spa_test_remove_dir (dir);
    }
}

/* The alert pills under @widget (boxes styled "alert-pill"), shown. */
static void
collect_pills (GtkWidget *widget,
               GPtrArray *pills)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (gtk_widget_has_css_class (widget, "alert-pill"))
    g_ptr_array_add (pills, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_pills (child, pills);
}

/* The client page's header with many alerts, long ones among them (avoid reasons, one
 * ending in a space), measured at every width from a phone's to a wide desk's and laid
 * out at many: no layout error (a critical fails the test), every pill inside the page
 * and none over another. */
/* Completes an intake for @f's client with @allergies, @injury and @avoid_areas (JSON),
 * pregnancy and blood thinners, firm pressure, while the window is shown; waits until the
 * window has drawn what changed. */
static void
complete_intake (Fixture    *f,
                 const char *allergies,
                 const char *injury,
                 const char *avoid_areas)
{
  g_autoptr(SpaRecord) intake = spa_record_new ("intake");
  g_autoptr(JsonNode) avoid = json_from_string (avoid_areas, NULL);
  g_autoptr(GError) error = NULL;

  spa_record_set_string (intake, "client_id", spa_record_get_id (f->client));
  spa_record_set_string (intake, "allergies", allergies);
  spa_record_set_strv (intake, "conditions",
                       (const char *[]) { "blood_thinners", "pregnancy", NULL });
  spa_record_set_int (intake, "pregnancy_weeks", 20);
  if (injury != NULL)
    spa_record_set_string (intake, "recent_injury", injury);
  spa_record_set_json (intake, "avoid_areas", avoid);
  spa_record_set_string (intake, "pressure", "firm");
  spa_record_set_string (intake, "consent_name", "Ethan Nguyen");
  g_assert_true (spa_clinical_complete_intake (f->store, intake, &error));
  g_assert_no_error (error);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* The client page's header as its alerts arrive (an intake completed while it is shown
 * at 1280 px), then with many, long ones among them (avoid reasons, some ending in a
 * space), measured at every width from a phone's to a wide desk's and laid out at
 * many: no layout error (a critical fails the test), every pill inside the page and
 * none over another. */
static void
test_client_header_widths (Fixture *f, gconstpointer data)
{
  GtkWidget *page;
  int min, nat;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  page = GTK_WIDGET (open_client (f, "Intake"));
  complete_intake (f, "Nut oils", NULL, "[{\"region\": \"abdomen\"}]");
  complete_intake (f, "Nut oils, lanolin and anything scented ",
                   "Sprained left ankle playing soccer three weeks ago ",
                   "[{\"region\": \"abdomen\", \"reason\": \"Pregnancy, second trimester: no deep "
                   "pressure and no lying face down \"}, {\"region\": \"lower_back\", \"reason\":"
                   " \"Recent surgery \"}, {\"region\": \"neck\", \"reason\": \"a \"}]");
  wait_for_allocation (page);

  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, <=, 360);
  gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  for (int width = 300; width <= 1400; width++)
    gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);

  /* Laid out at each width, as the window does. */
  for (int width = 360; width <= 1400; width += 4)
    {
      g_autoptr(GPtrArray) pills = g_ptr_array_new ();

      /* As the clients' view makes it on a phone. */
      spa_client_page_set_narrow (SPA_CLIENT_PAGE (page), width < 600);
      gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
      gtk_widget_size_allocate (page, &(GtkAllocation) { 0, 0, width, MAX (min, 800) }, -1);
      collect_pills (page, pills);
      g_assert_cmpuint (pills->len, ==, 8);
      for (guint i = 0; i < pills->len; i++)
        {
          graphene_rect_t a;

          g_assert_true (gtk_widget_compute_bounds (pills->pdata[i], page, &a));
          if (a.origin.x < 0 || a.origin.x + a.size.width > width)
            g_error ("At %d px, pill %u is at %g..%g", width, i, a.origin.x,
                     a.origin.x + a.size.width);
          for (guint j = 0; j < i; j++)
            {
              graphene_rect_t b;

              g_assert_true (gtk_widget_compute_bounds (pills->pdata[j], page, &b));
              if (graphene_rect_intersection (&a, &b, NULL))
                g_error ("At %d px, pills %u and %u overlap", width, j, i);
            }
        }
    }

}

int
main (int argc, char *argv[])
{
  /* GTK's test accessibility backend keeps the names and states set on widgets, so the
   * tests can check what a screen reader would be told, without a session bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/clinical/body-map-click", test_body_map_click);
  ADD ("/ui/clinical/body-map-avoid-number-readable", test_body_map_avoid_number_readable);
  ADD ("/ui/clinical/body-map-keyboard", test_body_map_keyboard);
  ADD ("/ui/clinical/body-map-reason-typed", test_body_map_reason_typed);
  ADD ("/ui/clinical/intake-through-form", test_intake_through_form);
  ADD ("/ui/clinical/note-draft-sign-amend", test_note_draft_sign_amend);
  ADD ("/ui/clinical/note-saved-on-close", test_note_saved_on_close);
  ADD ("/ui/clinical/note-tab-moves-on", test_note_tab_moves_on);
  ADD ("/ui/clinical/progress", test_progress);
  ADD ("/ui/clinical/chart-sizes", test_chart_sizes);
  ADD ("/ui/clinical/client-header-widths", test_client_header_widths);
#undef ADD

  return g_test_run ();
}
