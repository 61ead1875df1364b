/* spa-test-util.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "spa-migrations.h"
#include "spa-store-private.h"
#include "spa-test-util.h"

char *
spa_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("spa-desk-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
spa_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        spa_test_remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* A new store in a new temporary folder. */
SpaStore *
spa_test_open_store (char **dir_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *path = spa_store_default_path (dir);
  SpaStore *store = spa_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  if (dir_out)
    *dir_out = g_steal_pointer (&dir);
  return store;
}

/* For g_test_add(): a new store in a new folder, both gone at the end. */
void
spa_test_store_set_up (SpaTestStore  *f,
                       gconstpointer  data)
{
  f->store = spa_test_open_store (&f->dir);
}

void
spa_test_store_tear_down (SpaTestStore  *f,
                          gconstpointer  data)
{
  g_clear_object (&f->store);
  spa_test_remove_dir (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

SpaRecord *
spa_test_add_client (SpaStore   *store,
                     const char *first,
                     const char *last,
                     const char *email,
                     const char *phone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) client = spa_record_new ("client");

  spa_record_set_string (client, "first_name", first);
  spa_record_set_string (client, "last_name", last);
  if (email)
    spa_record_set_string (client, "email", email);
  if (phone)
    spa_record_set_string (client, "phone", phone);
  spa_store_save (store, client, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&client);
}

/* The first column of the first row of @sql, with one optional text parameter. */
/**
 * spa_test_add_named:
 * @entity: therapist, room or service (anything with a name and active)
 * @working_hours: (nullable): JSON for a therapist's working_hours
 *
 * Returns: (transfer full): the saved, active record
 */
SpaRecord *
spa_test_add_named (SpaStore   *store,
                    const char *entity,
                    const char *name,
                    const char *working_hours)
{
  g_autoptr(GError) error = NULL;
  SpaRecord *record = spa_record_new (entity);

  spa_record_set_string (record, "name", name);
  spa_record_set_boolean (record, "active", TRUE);
  if (working_hours != NULL)
    {
      g_autoptr(JsonNode) hours = json_from_string (working_hours, &error);

      g_assert_no_error (error);
      spa_record_set_json (record, "working_hours", hours);
    }
  spa_store_save (store, record, &error);
  g_assert_no_error (error);
  return record;
}

/**
 * spa_test_spa_set_up:
 * @working_hours: JSON for both therapists' working_hours
 *
 * Opens a new store in a temporary folder and fills @spa (see #SpaTestSpa).
 */
void
spa_test_spa_set_up (SpaTestSpa *spa,
                     const char *working_hours)
{
  g_autoptr(GError) error = NULL;

  spa->zone = g_time_zone_new_identifier ("America/Vancouver");
  spa->now = g_date_time_new (spa->zone, 2025, 11, 23, 12, 0, 0);
  spa->store = spa_test_open_store (&spa->dir);
  spa_schedule_set_time_zone (spa->store, spa->zone);
  spa->client = spa_test_add_client (spa->store, "Zoë", "Tremblay", NULL, NULL);
  spa->other_client = spa_test_add_client (spa->store, "Raj", "Patel", NULL, NULL);
  spa->claire = spa_test_add_named (spa->store, "therapist", "Claire Dubois", working_hours);
  spa->marcus = spa_test_add_named (spa->store, "therapist", "Marcus Lee", working_hours);
  spa->cedar = spa_test_add_named (spa->store, "room", "Cedar room", NULL);
  spa->ocean = spa_test_add_named (spa->store, "room", "Ocean room", NULL);

  /* Claire offers Swedish massage only; Marcus is unrestricted. */
  spa_record_set_strv (spa->claire, "service_ids",
                       (const char * const []) { spa_default_service_id (0), NULL });
  g_assert_true (spa_store_save (spa->store, spa->claire, &error));
  g_assert_no_error (error);
}

void
spa_test_spa_tear_down (SpaTestSpa *spa)
{
  g_clear_object (&spa->client);
  g_clear_object (&spa->other_client);
  g_clear_object (&spa->claire);
  g_clear_object (&spa->marcus);
  g_clear_object (&spa->cedar);
  g_clear_object (&spa->ocean);
  g_clear_object (&spa->store);
  g_clear_pointer (&spa->now, g_date_time_unref);
  g_clear_pointer (&spa->zone, g_time_zone_unref);
  spa_test_remove_dir (spa->dir);
  g_clear_pointer (&spa->dir, g_free);
}

gint64
spa_test_count_rows (SpaStore   *store,
                     const char *sql,
                     const char *param)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (spa_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
iterate_timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * spa_test_slowdown:
 *
 * Returns: how many times longer bounded waits may take: the sanitizer build runs
 *   several times slower (tests/meson.build sets SPA_TEST_SLOWDOWN there)
 */
guint
spa_test_slowdown (void)
{
  const char *factor = g_getenv ("SPA_TEST_SLOWDOWN");

  return factor != NULL ? MAX (1, atoi (factor)) : 1;
}

/**
 * spa_test_iterate_until:
 *
 * Runs the default main context until @condition holds or @timeout_ms passes, so a
 * test waits for something asynchronous (a delayed search, a first frame) without
 * sleeping and without hanging.
 *
 * Returns: whether @condition held in time
 */
gboolean
spa_test_iterate_until (SpaTestCondition condition,
                        gpointer         data,
                        guint            timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id;

  timeout_ms *= spa_test_slowdown ();
  id = g_timeout_add (timeout_ms, iterate_timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  return condition (data);
}

typedef struct
{
  GListModel *model;
  guint       n;
} ItemsWanted;

static gboolean
has_n_items (gpointer data)
{
  ItemsWanted *wanted = data;

  return g_list_model_get_n_items (wanted->model) == wanted->n;
}

/**
 * spa_test_wait_for_n_items:
 *
 * Iterates the main loop until @model holds @n items (lists refill after a delayed
 * search or a change notification), and asserts that it does within five seconds.
 */
void
spa_test_wait_for_n_items (GListModel *model,
                           guint       n)
{
  ItemsWanted wanted = { model, n };

  spa_test_iterate_until (has_n_items, &wanted, 5000);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
}

typedef struct
{
  SpaStore   *store;
  const char *sql;
  const char *param;
  gint64      n;
} CountWanted;

static gboolean
has_count (gpointer data)
{
  CountWanted *wanted = data;

  return spa_test_count_rows (wanted->store, wanted->sql, wanted->param) == wanted->n;
}

/**
 * spa_test_wait_for_count:
 * @sql: a query counting rows (`SELECT count(*) …`), with one `?` for @param or none
 *
 * Waits until @sql counts @n (what a click or a key saves, through the main loop), and
 * asserts that it does within ten seconds.
 */
void
spa_test_wait_for_count (SpaStore   *store,
                         const char *sql,
                         const char *param,
                         gint64      n)
{
  CountWanted wanted = { store, sql, param, n };

  spa_test_iterate_until (has_count, &wanted, 10000);
  g_assert_cmpint (spa_test_count_rows (store, sql, param), ==, n);
}

static gboolean
write_proc_file (const char *path,
                 const char *text)
{
  int fd = g_open (path, O_WRONLY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write (fd, text, strlen (text)) == (gssize)strlen (text);
  close (fd);
  return ok;
}

/**
 * spa_test_mount_tmpfs:
 * @dir: an existing, empty folder
 * @options: tmpfs mount options ("size=64k", "ro")
 *
 * Mounts a small tmpfs on @dir in a mount namespace of this process only, to give
 * the code under test a full or read-only disk (as root, permissions alone do not
 * make a folder read-only). Call it before the process starts threads (a test run
 * with g_test_trap_subprocess(), or main()). Unmounted when the process ends.
 *
 * Returns: %FALSE when the system allows no namespace here (the caller skips)
 */
gboolean
spa_test_mount_tmpfs (const char *dir,
                      const char *options)
{
  static gboolean in_namespace;

  if (!in_namespace)
    {
      uid_t uid = getuid ();
      gid_t gid = getgid ();

      if (unshare (CLONE_NEWNS) != 0)
        {
          g_autofree char *uid_map = g_strdup_printf ("0 %u 1", (guint)uid);
          g_autofree char *gid_map = g_strdup_printf ("0 %u 1", (guint)gid);

          /* Without root: a user namespace of our own may mount. */
          if (unshare (CLONE_NEWUSER | CLONE_NEWNS) != 0 ||
              !write_proc_file ("/proc/self/setgroups", "deny") ||
              !write_proc_file ("/proc/self/uid_map", uid_map) ||
              !write_proc_file ("/proc/self/gid_map", gid_map))
            return FALSE;
        }
      /* Nothing mounted here may reach the rest of the system. */
      if (mount ("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        return FALSE;
      in_namespace = TRUE;
    }

  if (g_str_equal (options, "ro"))
    return mount ("tmpfs", dir, "tmpfs", MS_RDONLY, "size=64k") == 0;
  return mount ("tmpfs", dir, "tmpfs", 0, options) == 0;
}

static void
save_or_fail (SpaStore  *store,
              SpaRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (spa_store_save (store, record, &error));
  g_assert_no_error (error);
}

/**
 * spa_test_issue_part_paid:
 * @booking: the visit sold
 * @price_cents: the service's price before its 5 % tax
 * @paid_cents: what a card payment took of it
 * @at: when it was paid and issued (UTC, as stored)
 *
 * An issued sale of @booking with part of it paid, as a payment the server refused on
 * another desk leaves it: the invoice with its GST row (the spa's rate as stored), its
 * one service line, one card payment.
 *
 * Returns: (transfer full): the invoice
 */
SpaRecord *
spa_test_issue_part_paid (SpaStore   *store,
                          SpaRecord  *booking,
                          const char *service_id,
                          gint64      price_cents,
                          gint64      paid_cents,
                          const char *at)
{
  g_autoptr(SpaRecord) invoice = spa_record_new ("invoice");
  g_autoptr(SpaRecord) line = spa_record_new ("invoice_line");
  g_autoptr(SpaRecord) payment = spa_record_new ("payment");
  g_autoptr(GError) error = NULL;
  g_autofree char *number = spa_store_money_next_number (store, &error);
  gint64 tax = price_cents * 5 / 100;

  g_assert_no_error (error);
  spa_record_set_string (invoice, "kind", "sale");
  spa_record_set_string (invoice, "status", "draft");
  spa_record_set_string (invoice, "client_id", spa_record_get_string (booking, "client_id"));
  spa_record_set_string (invoice, "booking_id", spa_record_get_id (booking));
  spa_record_set_int (invoice, "subtotal_cents", price_cents);
  spa_record_set_int (invoice, "tax_cents", tax);
  spa_record_set_int (invoice, "total_cents", price_cents + tax);
  {
    g_autoptr(SpaRecord) gst = spa_store_get (store, "tax_rate", SPA_TAX_RATE_GST_ID, &error);
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) taxes = NULL;

    g_assert_no_error (error);
    json_builder_begin_array (builder);
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "tax_rate_id");
    json_builder_add_string_value (builder, SPA_TAX_RATE_GST_ID);
    json_builder_set_member_name (builder, "name");
    json_builder_add_string_value (builder, spa_record_get_string (gst, "name"));
    json_builder_set_member_name (builder, "rate_bp");
    json_builder_add_int_value (builder, spa_record_get_int (gst, "rate_bp", 500));
    json_builder_set_member_name (builder, "registration_number");
    if (spa_str_empty (spa_record_get_string (gst, "registration_number")))
      json_builder_add_null_value (builder);
    else
      json_builder_add_string_value (builder, spa_record_get_string (gst, "registration_number"));
    json_builder_set_member_name (builder, "cents");
    json_builder_add_int_value (builder, tax);
    json_builder_end_object (builder);
    json_builder_end_array (builder);
    taxes = json_builder_get_root (builder);
    spa_record_set_json (invoice, "taxes", taxes);
  }
  save_or_fail (store, invoice);
  spa_record_set_string (line, "invoice_id", spa_record_get_id (invoice));
  spa_record_set_string (line, "kind", "service");
  spa_record_set_string (line, "item_id", service_id);
  spa_record_set_string (line, "description", "Swedish massage");
  spa_record_set_int (line, "quantity", 1);
  spa_record_set_int (line, "unit_price_cents", price_cents);
  spa_record_set_int (line, "tax_cents", tax);
  spa_record_set_int (line, "total_cents", price_cents + tax);
  save_or_fail (store, line);
  spa_record_set_string (payment, "invoice_id", spa_record_get_id (invoice));
  spa_record_set_string (payment, "method", "card");
  spa_record_set_int (payment, "amount_cents", paid_cents);
  spa_record_set_string (payment, "received_at", at);
  save_or_fail (store, payment);
  spa_record_set_string (invoice, "status", "issued");
  spa_record_set_string (invoice, "number", number);
  spa_record_set_string (invoice, "issued_at", at);
  save_or_fail (store, invoice);
  return g_steal_pointer (&invoice);
}
