/* test-sync-soak.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "spa-migrations.h"
#include "spa-server-storage.h"
#include "spa-store-private.h"
#include "spa-sync-test-util.h"
#include "spa-test-pg.h"
#include "spa-test-util.h"

/*
 * The proof that nothing is lost. Three headless devices (each its own database, clocks
 * a day apart) and the real spa-desk-server, talking through a proxy that injects
 * faults: 500s, connections dropped after the server committed, duplicated and delayed
 * requests. A seeded random workload edits clients, writes intakes, notes, signatures
 * and amendments, fights over booking slots, deletes, checks clients out (products,
 * tips, gift cards and package sessions spent, often offline), sells gift cards and
 * packages, refunds lines, and takes devices offline; the server is killed with SIGKILL
 * and restarted half way. After quiescence:
 *
 *  - every device equals the server (records a server refused stay flagged, unsent);
 *  - every mutation has an outcome, and every applied one is on the server;
 *  - no mutation was applied twice;
 *  - no two active bookings overlap, on the server or on any device;
 *  - every note signed and every invoice issued is unchanged everywhere;
 *  - no invoice number names two invoices, anywhere;
 *  - every issued invoice's lines add up to it, and its payments on the server plus
 *    those the server refused come to its total; no line is refunded twice;
 *  - no gift card or package is below zero on the server.
 *
 * Under build-aux/pg-run (SPA_TEST_PG set) the same runs against two server processes on
 * one PostgreSQL database, the proxy sending each request to either, and one of them is
 * the one killed and restarted.
 *
 * SPA_SOAK_SEEDS=N runs seeds 1..N instead of the fixed set; a failure names its seed.
 */

#define N_DEVICES  3
#define N_STEPS    300

static guint current_seed;

#define SOAK_ASSERT(cond, ...) \
  G_STMT_START { \
    if (!(cond)) \
      { \
        g_autofree char *soak_msg_ = g_strdup_printf (__VA_ARGS__); \
        g_error ("soak seed %u failed: %s (%s)", current_seed, soak_msg_, #cond); \
      } \
  } G_STMT_END

/* ---- the server process ---- */

typedef struct
{
  char        *db;
  GSubprocess *process;
  char        *url;
} Server;

/* A failed test must not leave a server behind. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
server_start (Server *server)
{
  const char *binary = g_getenv ("SPA_DESK_SERVER");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *line = NULL;

  g_assert_nonnull (binary);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawn (launcher, &error, binary, "--db", server->db,
                                                 "--listen", "127.0.0.1:0", NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  g_free (server->url);
  server->url = g_strdup (line + strlen ("listening on "));
}

static void
server_kill (Server *server)
{
  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

static char *
server_add_user (Server *server)
{
  const char *binary = g_getenv ("SPA_DESK_SERVER");
  const char *argv[] = { binary, "--db", server->db, "add-user", "soak", "--role", "manager", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strstrip (out);
}

/* The server's data to check: its SQLite file, or on PostgreSQL a copy of everything. */
static SpaStore *
server_store_open (Server *server)
{
  g_autoptr(GError) error = NULL;
  SpaStore *store;

  if (!spa_server_storage_is_pg (server->db))
    {
      store = spa_store_open (server->db, &error);
      g_assert_no_error (error);
      return store;
    }
  store = spa_server_storage_pg_open (server->db, &error);
  g_assert_no_error (error);
  spa_server_storage_refresh (spa_server_storage_get (store), &error);
  g_assert_no_error (error);
  return store;
}

/* ---- the fault-injecting proxy ---- */

typedef struct
{
  SoupServer  *soup;
  SoupSession *session;
  Server      *upstreams;  /* the server processes, requests spread over them */
  guint        n_upstreams;
  GRand       *rand;
  char        *url;
  gboolean     faults;
  guint        n_500;
  guint        n_dropped;
  guint        n_duplicated;
  guint        n_delayed;
} Proxy;

typedef struct
{
  Proxy             *proxy;
  SoupServerMessage *msg;
  GBytes            *body;
  char              *path;
  guint              sends;      /* how many times to forward */
  gboolean           drop;       /* drop the connection after the server answered */
} Forward;

static void
forward_free (Forward *fw)
{
  g_clear_object (&fw->msg);
  g_clear_pointer (&fw->body, g_bytes_unref);
  g_free (fw->path);
  g_free (fw);
}

static void forward_send (Forward *fw);

static void
forward_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Forward *fw = user_data;
  SoupMessage *upstream = g_object_get_data (G_OBJECT (fw->msg), "upstream");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (error == NULL && --fw->sends > 0)
    {
      /* A duplicated request: the first answer is lost, the same request goes again. */
      forward_send (fw);
      return;
    }

  if (error != NULL)
    soup_server_message_set_status (fw->msg, 502, NULL);
  else if (fw->drop)
    {
      /* The server committed; the device never hears of it. */
      GIOStream *stream = soup_server_message_steal_connection (fw->msg);

      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
      forward_free (fw);
      return;
    }
  else
    {
      const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (upstream), NULL);

      soup_server_message_set_status (fw->msg, soup_message_get_status (upstream), NULL);
      soup_server_message_set_response (fw->msg, type ? type : "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }

  soup_server_message_unpause (fw->msg);
  forward_free (fw);
}

static void
forward_send (Forward *fw)
{
  Server *target = &fw->proxy->upstreams[g_rand_int_range (fw->proxy->rand, 0,
                                                            fw->proxy->n_upstreams)];
  g_autofree char *uri = g_strconcat (target->url, fw->path, NULL);
  g_autoptr(SoupMessage) upstream = soup_message_new (soup_server_message_get_method (fw->msg), uri);
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (fw->msg),
                                                   "Authorization");

  if (auth != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (upstream), "Authorization", auth);
  if (fw->body != NULL && g_bytes_get_size (fw->body) > 0)
    soup_message_set_request_body_from_bytes (upstream, "application/json", fw->body);
  g_object_set_data_full (G_OBJECT (fw->msg), "upstream", g_object_ref (upstream), g_object_unref);
  soup_session_send_and_read_async (fw->proxy->session, upstream, G_PRIORITY_DEFAULT, NULL,
                                    forward_done_cb, fw);
}

static gboolean
delayed_send_cb (gpointer user_data)
{
  forward_send (user_data);
  return G_SOURCE_REMOVE;
}

static void
proxy_handler_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  Proxy *proxy = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  Forward *fw;
  double roll = g_rand_double (proxy->rand);

  if (proxy->faults && roll < 0.07)
    {
      proxy->n_500++;
      soup_server_message_set_status (msg, 500, NULL);
      return;
    }

  fw = g_new0 (Forward, 1);
  fw->proxy = proxy;
  fw->msg = g_object_ref (msg);
  fw->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  fw->path = g_uri_get_query (uri)
    ? g_strconcat (g_uri_get_path (uri), "?", g_uri_get_query (uri), NULL)
    : g_strdup (g_uri_get_path (uri));
  fw->sends = 1;

  soup_server_message_pause (msg);

  if (proxy->faults && roll < 0.14)
    {
      proxy->n_dropped++;
      fw->drop = TRUE;
    }
  else if (proxy->faults && roll < 0.20)
    {
      proxy->n_duplicated++;
      fw->sends = 2;
    }
  else if (proxy->faults && roll < 0.30)
    {
      proxy->n_delayed++;
      g_timeout_add (g_rand_int_range (proxy->rand, 20, 250), delayed_send_cb, fw);
      return;
    }

  forward_send (fw);
}

static Proxy *
proxy_new (Server *upstreams,
           guint   n_upstreams,
           guint   seed)
{
  Proxy *proxy = g_new0 (Proxy, 1);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  proxy->upstreams = upstreams;
  proxy->n_upstreams = n_upstreams;
  proxy->rand = g_rand_new_with_seed (seed * 7919);
  proxy->session = soup_session_new_with_options ("timeout", 20, NULL);
  proxy->soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (proxy->soup, "/", proxy_handler_cb, proxy, NULL);
  soup_server_listen_local (proxy->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (proxy->soup);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  return proxy;
}

static void
proxy_free (Proxy *proxy)
{
  soup_server_disconnect (proxy->soup);
  g_clear_object (&proxy->soup);
  g_clear_object (&proxy->session);
  g_rand_free (proxy->rand);
  g_free (proxy->url);
  g_free (proxy);
}

/* ---- devices and the workload ---- */

typedef struct
{
  SpaTestDevice *device;
  gboolean       online;
  guint          index;
} Desk;

static void
ignore_sync_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  spa_sync_engine_sync_finish (SPA_SYNC_ENGINE (object), result, NULL);
}

static void
kick (Desk *desk)
{
  if (desk->online && !spa_sync_engine_is_running (desk->device->engine))
    spa_sync_engine_sync_async (desk->device->engine, NULL, ignore_sync_cb, NULL);
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (300);
}

static SpaRecord *
pick (SpaStore   *store,
      GRand      *rand,
      const char *entity,
      const char *where)
{
  g_autoptr(GPtrArray) records = spa_store_query (store, entity, where, NULL, NULL);

  if (records == NULL || records->len == 0)
    return NULL;
  return g_object_ref (records->pdata[g_rand_int_range (rand, 0, records->len)]);
}

static void
try_save (SpaStore  *store,
          SpaRecord *record)
{
  /* The device's own validation may refuse (say, a client deleted meanwhile): the
   * workload then simply does something else, as a person would. */
  spa_store_save (store, record, NULL);
}

/* The till's catalogue, made on the first desk before the workload. */
typedef struct
{
  const char *therapists[2];
  char       *product_id;
  char       *package_id;
} Spa;

/* A sale as the till makes it: a gift card or a package sold, or a visit (with a
 * product and a tip now and then) paid with a package session, a gift card or both
 * card and cash. Offline desks spend the same cards and sessions: the server settles. */
static void
do_sale (Desk      *desk,
         GRand     *rand,
         const Spa *spa)
{
  SpaStore *store = desk->device->store;
  g_autoptr(SpaRecord) client = pick (store, rand, "client", "WHERE deleted = 0");
  g_autoptr(SpaCheckoutDraft) draft = NULL;
  g_autoptr(SpaRecord) invoice = NULL;
  guint kind = g_rand_int_range (rand, 0, 5);

  if (client == NULL)
    return;
  draft = spa_checkout_draft_new (store);
  spa_checkout_draft_set_client_id (draft, spa_record_get_id (client));
  if (kind == 0)
    spa_checkout_draft_add_gift_card (draft, 1000 * g_rand_int_range (rand, 2, 8), NULL, NULL);
  else if (kind == 1)
    spa_checkout_draft_add_package (draft, spa->package_id, NULL);
  else
    {
      g_autofree char *held = NULL;

      if (!spa_checkout_draft_add_service (draft, spa_default_service_id (0),
                                           spa->therapists[g_rand_int_range (rand, 0, 2)], NULL))
        return;
      if (g_rand_boolean (rand))
        spa_checkout_draft_add_product (draft, spa->product_id, g_rand_int_range (rand, 1, 3),
                                        NULL);
      spa_checkout_draft_set_tip (draft, 100 * g_rand_int_range (rand, 0, 20));
      held = spa_checkout_draft_find_package (draft, 0);
      if (held != NULL && kind == 2)
        spa_checkout_draft_redeem_package (draft, 0, held, NULL);
      else if (kind == 3)
        {
          g_autoptr(SpaRecord) card = pick (store, rand, "gift_card", "WHERE deleted = 0");

          if (card != NULL)
            {
              gint64 left = spa_store_money_gift_card_balance (store, spa_record_get_id (card));

              if (left > 0)
                spa_checkout_draft_add_gift_card_payment (
                  draft, spa_record_get_string (card, "code"),
                  MIN (left, spa_checkout_draft_get_balance (draft)), NULL);
            }
        }
    }
  if (spa_checkout_draft_get_balance (draft) > 0 && g_rand_boolean (rand))
    spa_checkout_draft_add_payment (draft, "card", spa_checkout_draft_get_balance (draft) / 2,
                                    NULL);
  if (spa_checkout_draft_get_balance (draft) > 0)
    spa_checkout_draft_add_cash (draft, spa_checkout_draft_get_balance (draft) + 500, NULL);
  invoice = spa_checkout_draft_save (draft, "soak", NULL);
}

/* A manager's credit note for some of a sale's lines not refunded yet (on this desk's
 * knowledge: another desk offline may refund the same line). */
static void
do_refund (Desk  *desk,
           GRand *rand)
{
  SpaStore *store = desk->device->store;
  g_autoptr(SpaRecord) sale = pick (store, rand, "invoice",
                                    "WHERE kind = 'sale' AND status = 'issued' AND deleted = 0");
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(SpaRecord) refund = NULL;

  if (sale == NULL)
    return;
  lines = spa_store_money_refundable_lines (store, spa_record_get_id (sale), NULL);
  for (guint i = 0; lines != NULL && i < lines->len; i++)
    if (g_rand_boolean (rand))
      g_ptr_array_add (chosen, (gpointer)spa_record_get_id (lines->pdata[i]));
  if (chosen->len == 0)
    return;
  g_ptr_array_add (chosen, NULL);
  refund = spa_store_money_refund (store, SPA_ROLE_MANAGER, spa_record_get_id (sale),
                                   (const char * const *)chosen->pdata,
                                   g_rand_boolean (rand) ? "card" : "cash", "soak", NULL);
}

static const char * const client_fields[] = { "notes", "phone", "allergies", "medications", "pronouns" };
static const char * const note_fields[] = { "subjective", "objective", "assessment", "plan", "home_care" };

static char *
slot_time (guint day,
           guint minutes)
{
  return g_strdup_printf ("2026-12-%02uT%02u:%02u:00Z", day, 9 + minutes / 60, minutes % 60);
}

static void
do_step (Desk        *desk,
         GRand       *rand,
         const Spa   *spa,
         guint        step)
{
  SpaStore *store = desk->device->store;
  const char * const *therapists = spa->therapists;
  g_autoptr(SpaRecord) record = NULL;
  g_autoptr(SpaRecord) client = NULL;
  g_autofree char *text = g_strdup_printf ("d%u-s%u-%u", desk->index, step, g_rand_int (rand));
  guint action = g_rand_int_range (rand, 0, 112);

  if (action < 20)
    {
      record = pick (store, rand, "client", "WHERE deleted = 0");
      if (record != NULL)
        {
          const char *field = client_fields[g_rand_int_range (rand, 0, G_N_ELEMENTS (client_fields))];

          spa_record_set_string (record, field, g_str_equal (field, "phone") ? "604-555-0199" : text);
          try_save (store, record);
        }
    }
  else if (action < 30)
    {
      record = spa_record_new ("client");
      spa_record_set_string (record, "first_name", text);
      spa_record_set_string (record, "last_name", "Soak");
      try_save (store, record);
    }
  else if (action < 37)
    {
      client = pick (store, rand, "client", "WHERE deleted = 0");
      if (client != NULL)
        {
          record = spa_record_new ("intake");
          spa_record_set_string (record, "client_id", spa_record_get_id (client));
          spa_record_set_string (record, "reason", text);
          spa_record_set_string (record, "pressure", "firm");
          try_save (store, record);
        }
    }
  else if (action < 44)
    {
      client = pick (store, rand, "client", "WHERE deleted = 0");
      if (client != NULL)
        {
          record = spa_record_new ("session_note");
          spa_record_set_string (record, "client_id", spa_record_get_id (client));
          spa_record_set_string (record, "session_date", "2026-11-20");
          spa_record_set_string (record, "subjective", text);
          try_save (store, record);
        }
    }
  else if (action < 52)
    {
      record = pick (store, rand, "session_note", "WHERE signed_at IS NULL");
      if (record != NULL)
        {
          spa_record_set_string (record, note_fields[g_rand_int_range (rand, 0, G_N_ELEMENTS (note_fields))], text);
          try_save (store, record);
        }
    }
  else if (action < 57)
    {
      record = pick (store, rand, "session_note", "WHERE signed_at IS NULL");
      if (record != NULL)
        {
          g_autofree char *now = spa_store_now_utc (store);
          const SpaEntityInfo *info = spa_record_get_entity_info (record);

          /* A signature covers the note as the therapist sees it: every field goes. */
          for (guint i = 0; i < info->n_fields; i++)
            spa_record_set_field_node (record, info->fields[i].name,
                                       json_object_get_member (spa_record_get_fields (record),
                                                               info->fields[i].name), NULL);
          spa_record_set_string (record, "signed_at", now);
          spa_record_set_string (record, "signed_by", "soak");
          try_save (store, record);
        }
    }
  else if (action < 62)
    {
      g_autoptr(SpaRecord) note = pick (store, rand, "session_note", "WHERE signed_at IS NOT NULL");

      if (note != NULL)
        {
          record = spa_record_new ("note_amendment");
          spa_record_set_string (record, "note_id", spa_record_get_id (note));
          spa_record_set_string (record, "author", "soak");
          spa_record_set_string (record, "text", text);
          try_save (store, record);
        }
    }
  else if (action < 77)
    {
      client = pick (store, rand, "client", "WHERE deleted = 0");
      if (client != NULL)
        {
          guint minutes = g_rand_int_range (rand, 0, 6) * 60 + g_rand_int_range (rand, 0, 2) * 30;
          g_autofree char *starts = slot_time (1, minutes);
          g_autofree char *ends = slot_time (1, minutes + 60);

          record = spa_record_new ("booking");
          spa_record_set_string (record, "client_id", spa_record_get_id (client));
          spa_record_set_string (record, "therapist_id", therapists[g_rand_int_range (rand, 0, 2)]);
          spa_record_set_string (record, "service_id", spa_default_service_id (0));
          spa_record_set_string (record, "starts_at", starts);
          spa_record_set_string (record, "ends_at", ends);
          spa_record_set_string (record, "status", "booked");
          try_save (store, record);
        }
    }
  else if (action < 82)
    {
      record = pick (store, rand, "booking", "WHERE deleted = 0 AND status = 'booked'");
      if (record != NULL)
        {
          spa_record_set_string (record, "status", "cancelled");
          spa_record_set_string (record, "cancel_reason", text);
          try_save (store, record);
        }
    }
  else if (action < 85)
    {
      record = pick (store, rand, "client", "WHERE deleted = 0");
      if (record != NULL)
        spa_store_delete (store, "client", spa_record_get_id (record), NULL);
    }
  else if (action < 92)
    desk->online = !desk->online;
  else if (action < 100)
    do_sale (desk, rand, spa);
  else if (action < 103)
    do_refund (desk, rand);
  else
    kick (desk);

  if (g_rand_int_range (rand, 0, 100) < 35)
    kick (desk);
}

/* ---- the checks ---- */

/* The records that may never change again: signed notes and issued invoices, as
 * "entity/id" → their fields. */
static GHashTable *
signed_notes (SpaStore *store)
{
  GHashTable *notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) list = spa_store_query (store, "session_note", "WHERE signed_at IS NOT NULL", NULL, NULL);
  g_autoptr(GPtrArray) invoices = spa_store_query (store, "invoice", "WHERE issued_at IS NOT NULL",
                                                   NULL, NULL);

  g_ptr_array_extend_and_steal (list, g_steal_pointer (&invoices));

  for (guint i = 0; list && i < list->len; i++)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, spa_record_get_fields (list->pdata[i]));
      g_hash_table_insert (notes, g_strconcat (spa_record_get_entity (list->pdata[i]), "/",
                                               spa_record_get_id (list->pdata[i]), NULL),
                           json_to_string (node, FALSE));
    }
  return notes;
}

static void
check_signed_unchanged (GHashTable *before,
                        SpaStore   *store,
                        const char *where)
{
  g_autoptr(GHashTable) now = signed_notes (store);
  GHashTableIter iter;
  gpointer id, text;

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &id, &text))
    SOAK_ASSERT (g_strcmp0 (g_hash_table_lookup (now, id), text) == 0,
                 "%s changed on %s after it was signed or issued: %s, now %s", (char *)id, where,
                 (char *)text, (char *)g_hash_table_lookup (now, id));
}

/* @numbers maps each invoice number seen so far (any store) to its invoice. */
static void
check_numbers (GHashTable *numbers,
               SpaStore   *store,
               const char *where)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store,
                                               "SELECT number, id FROM invoice"
                                               " WHERE number IS NOT NULL",
                                               NULL);

  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *number = (const char *)sqlite3_column_text (stmt, 0);
      const char *id = (const char *)sqlite3_column_text (stmt, 1);
      const char *seen = g_hash_table_lookup (numbers, number);

      SOAK_ASSERT (seen == NULL || g_str_equal (seen, id),
                   "invoice number %s names %s and %s (on %s)", number, seen, id, where);
      if (seen == NULL)
        g_hash_table_insert (numbers, g_strdup (number), g_strdup (id));
    }
}

/* What the server refused of @desk's payments, by invoice. */
static void
add_refused_payments (GHashTable *refused,
                      Desk       *desk)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (desk->device->store,
                                               "SELECT p.invoice_id, p.amount_cents FROM payment p"
                                               " JOIN sync_rejected r ON r.entity = 'payment'"
                                               " AND r.record_id = p.id",
                                               NULL);

  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *invoice = (const char *)sqlite3_column_text (stmt, 0);
      gint64 sum = GPOINTER_TO_SIZE (g_hash_table_lookup (refused, invoice));

      g_hash_table_insert (refused, g_strdup (invoice),
                           GSIZE_TO_POINTER (sum + sqlite3_column_int64 (stmt, 1)));
    }
}

/* The server's money adds up: each issued invoice is the sum of its lines, its
 * payments there plus those refused come to its total (every sale and refund is
 * settled at the till), no line is refunded twice, no balance is below zero. */
static void
check_money (SpaStore   *server,
             GHashTable *refused)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autoptr(GPtrArray) cards = spa_store_list (server, "gift_card", FALSE, NULL);
  g_autoptr(GPtrArray) held = spa_store_list (server, "client_package", FALSE, NULL);

  stmt = spa_store_prepare (server,
                            "SELECT i.id, i.total_cents, i.subtotal_cents - i.discount_cents"
                            "   + i.tax_cents + i.tip_cents,"
                            " (SELECT coalesce (sum (l.total_cents), 0) + i.tip_cents"
                            "   FROM invoice_line l WHERE l.invoice_id = i.id AND l.deleted = 0),"
                            " (SELECT coalesce (sum (p.amount_cents), 0) FROM payment p"
                            "   WHERE p.invoice_id = i.id AND p.deleted = 0)"
                            " FROM invoice i WHERE i.issued_at IS NOT NULL",
                            NULL);
  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *)sqlite3_column_text (stmt, 0);
      gint64 total = sqlite3_column_int64 (stmt, 1);
      gint64 paid = sqlite3_column_int64 (stmt, 4);
      gint64 lost = GPOINTER_TO_SIZE (g_hash_table_lookup (refused, id));

      SOAK_ASSERT (sqlite3_column_int64 (stmt, 2) == total &&
                   sqlite3_column_int64 (stmt, 3) == total,
                   "invoice %s: total %" G_GINT64_FORMAT ", its sums %" G_GINT64_FORMAT
                   ", its lines and tip %" G_GINT64_FORMAT, id, total,
                   (gint64)sqlite3_column_int64 (stmt, 2), (gint64)sqlite3_column_int64 (stmt, 3));
      SOAK_ASSERT (paid <= total && paid + lost == total,
                   "invoice %s: total %" G_GINT64_FORMAT ", paid %" G_GINT64_FORMAT
                   " on the server and %" G_GINT64_FORMAT " refused", id, total, paid, lost);
    }

  SOAK_ASSERT (spa_test_count_rows (server,
                                    "SELECT count(*) FROM (SELECT refund_of_line FROM invoice_line"
                                    " WHERE refund_of_line IS NOT ? AND deleted = 0"
                                    " GROUP BY refund_of_line HAVING count(*) > 1)", NULL) == 0,
               "a line was refunded twice");
  for (guint i = 0; i < cards->len; i++)
    {
      const char *id = spa_record_get_id (cards->pdata[i]);

      SOAK_ASSERT (spa_store_money_gift_card_balance (server, id) >= 0,
                   "gift card %s below zero", id);
    }
  for (guint i = 0; i < held->len; i++)
    {
      const char *id = spa_record_get_id (held->pdata[i]);

      SOAK_ASSERT (spa_store_money_sessions_left (server, id) >= 0, "package %s below zero", id);
    }
}

static void
check_no_overlap (SpaStore   *store,
                  const char *where)
{
  g_autoptr(SpaStmt) stmt = NULL;

  /* The rule: the later starts before the earlier ends plus its service's buffer. */
  stmt = spa_store_prepare (store,
                            "SELECT a.id, b.id FROM booking a JOIN booking b ON a.id < b.id"
                            " JOIN service sa ON sa.id = a.service_id JOIN service sb ON sb.id = b.service_id"
                            " WHERE a.deleted = 0 AND b.deleted = 0"
                            " AND a.status IN ('booked', 'confirmed', 'checked_in')"
                            " AND b.status IN ('booked', 'confirmed', 'checked_in')"
                            " AND (a.therapist_id = b.therapist_id OR a.room_id = b.room_id)"
                            " AND a.id NOT IN (SELECT record_id FROM sync_rejected WHERE entity = 'booking')"
                            " AND b.id NOT IN (SELECT record_id FROM sync_rejected WHERE entity = 'booking')"
                            " AND ((a.starts_at <= b.starts_at AND"
                            "       b.starts_at < strftime ('%Y-%m-%dT%H:%M:%SZ', a.ends_at, '+' || sa.buffer_min || ' minutes'))"
                            "   OR (b.starts_at < a.starts_at AND"
                            "       a.starts_at < strftime ('%Y-%m-%dT%H:%M:%SZ', b.ends_at, '+' || sb.buffer_min || ' minutes')))",
                            NULL);
  g_assert_nonnull (stmt);
  SOAK_ASSERT (sqlite3_step (stmt) != SQLITE_ROW, "bookings %s and %s overlap on %s",
               sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1), where);
}

static void
check_equal (SpaStore   *server,
             Desk       *desk)
{
  SpaStore *store = desk->device->store;
  const SpaEntityInfo **entities;
  guint n_entities;

  entities = spa_entity_list (&n_entities);
  for (guint e = 0; e < n_entities; e++)
    {
      const char *entity = entities[e]->name;
      g_autoptr(GPtrArray) on_server = spa_store_list (server, entity, TRUE, NULL);
      g_autoptr(GPtrArray) on_device = spa_store_list (store, entity, TRUE, NULL);
      g_autoptr(GHashTable) server_ids = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < on_server->len; i++)
        {
          SpaRecord *theirs = on_server->pdata[i];
          g_autoptr(SpaRecord) mine = spa_store_get (store, entity, spa_record_get_id (theirs), NULL);
          g_autoptr(JsonNode) a = json_node_new (JSON_NODE_OBJECT);
          g_autoptr(JsonNode) b = json_node_new (JSON_NODE_OBJECT);

          g_hash_table_add (server_ids, (gpointer)spa_record_get_id (theirs));
          SOAK_ASSERT (mine != NULL, "device %u lacks %s %s", desk->index, entity,
                       spa_record_get_id (theirs));
          json_node_set_object (a, spa_record_get_fields (theirs));
          json_node_set_object (b, spa_record_get_fields (mine));
          SOAK_ASSERT (json_node_equal (a, b) &&
                       spa_record_get_deleted (mine) == spa_record_get_deleted (theirs) &&
                       spa_record_get_version (mine) == spa_record_get_version (theirs),
                       "device %u differs from the server on %s %s: %s v%" G_GINT64_FORMAT
                       " vs %s v%" G_GINT64_FORMAT,
                       desk->index, entity, spa_record_get_id (theirs),
                       json_to_string (b, FALSE), spa_record_get_version (mine),
                       json_to_string (a, FALSE), spa_record_get_version (theirs));
        }

      for (guint i = 0; i < on_device->len; i++)
        {
          SpaRecord *mine = on_device->pdata[i];
          g_autofree char *code = NULL;
          g_autofree char *message = NULL;

          if (g_hash_table_contains (server_ids, spa_record_get_id (mine)))
            continue;
          /* Only what the server refused may be missing there, kept and flagged. */
          message = spa_sync_local_get_rejection (store, entity, spa_record_get_id (mine), &code);
          SOAK_ASSERT (message != NULL && spa_record_get_version (mine) == 0,
                       "device %u has %s %s that the server never saw", desk->index, entity,
                       spa_record_get_id (mine));
        }
    }
}

static void
check_outcomes (SpaStore *server,
                Desk     *desk)
{
  SpaStore *store = desk->device->store;
  g_autofree char *device_id = spa_sync_local_device_id (store, NULL);
  g_autoptr(SpaStmt) stmt = NULL;

  SOAK_ASSERT (spa_store_outbox_pending (store) == 0, "device %u has %" G_GINT64_FORMAT " mutations without outcome",
               desk->index, spa_store_outbox_pending (store));

  /* Every mutation the device believes applied is applied on the server. */
  stmt = spa_store_prepare (store, "SELECT mutation_id FROM sync_outbox WHERE status = 'applied'", NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64)sqlite3_column_int64 (stmt, 0));
      /* The server knows a device by its account and its id: "LENGTH:USER:ID". */
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM server_result WHERE device_id GLOB '*:' || ?"
                                              " AND mutation_id = %s AND result LIKE '%%\"applied\"%%'", id);

      /* On PostgreSQL the results are in its own table, which the copy has not. */
      g_autofree char *pg_sql = g_strdup_printf ("SELECT count(*) FROM spa_result WHERE device_id"
                                                 " LIKE '%%:' || $1 AND mutation_id = %s"
                                                 " AND result LIKE '%%\"applied\"%%'", id);
      gint64 found = spa_test_pg_uri () != NULL ? spa_test_pg_count (pg_sql, device_id)
                                                : spa_test_count_rows (server, sql, device_id);

      SOAK_ASSERT (found == 1,
                   "device %u mutation %s applied but not on the server", desk->index, id);
    }
}

static void
run_seed (guint seed)
{
  g_autofree char *dir = spa_test_make_dir ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GHashTable) signed_before = NULL;
  g_autoptr(SpaStore) server_store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  /* On PostgreSQL, two server processes on one database, each request to either. */
  Server servers[2] = { { 0 }, { 0 } };
  guint n_servers = spa_test_pg_uri () != NULL ? 2 : 1;
  Server *killed = &servers[n_servers - 1];
  Desk desks[N_DEVICES];
  Proxy *proxy;
  Spa spa = { { NULL, NULL }, NULL, NULL };
  g_autoptr(SpaRecord) t1 = spa_record_new ("therapist");
  g_autoptr(SpaRecord) t2 = spa_record_new ("therapist");
  g_autoptr(SpaRecord) product = spa_record_new ("product");
  g_autoptr(SpaRecord) restock = spa_record_new ("stock_movement");
  g_autoptr(SpaRecord) package = spa_record_new ("package");
  g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean settled = FALSE;

  current_seed = seed;
  g_printerr ("# soak seed %u\n", seed);

  if (spa_test_pg_uri () != NULL)
    spa_test_pg_reset ();
  for (guint i = 0; i < n_servers; i++)
    servers[i].db = spa_test_pg_uri () != NULL ? g_strdup (spa_test_pg_uri ())
                                               : g_build_filename (dir, "server.db", NULL);
  token = server_add_user (&servers[0]);
  for (guint i = 0; i < n_servers; i++)
    server_start (&servers[i]);
  proxy = proxy_new (servers, n_servers, seed);

  for (guint i = 0; i < N_DEVICES; i++)
    {
      desks[i].device = spa_test_device_new (proxy->url, token);
      desks[i].online = TRUE;
      desks[i].index = i;
      spa_sync_engine_set_timeout (desks[i].device->engine, 10);
      spa_sync_engine_set_batch_size (desks[i].device->engine, 1 + g_rand_int_range (rand, 0, 8),
                                      1 + g_rand_int_range (rand, 0, 20));
      /* Device clocks a day apart: nothing that decides a conflict may read them. */
      spa_store_set_clock_offset (desks[i].device->store, ((gint64)i - 1) * G_TIME_SPAN_DAY);
    }

  /* The spa: two therapists and a few clients, known to everyone. */
  spa_record_set_string (t1, "name", "Theo");
  spa_store_save (desks[0].device->store, t1, &error);
  g_assert_no_error (error);
  spa_record_set_string (t2, "name", "Tara");
  spa_store_save (desks[0].device->store, t2, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    g_object_unref (spa_test_add_client (desks[0].device->store, "Seed", "Client", NULL, NULL));
  spa.therapists[0] = spa_record_get_id (t1);
  spa.therapists[1] = spa_record_get_id (t2);
  spa_record_set_string (product, "name", "Arnica oil");
  spa_record_set_int (product, "price_cents", 2400);
  spa_store_save (desks[0].device->store, product, &error);
  g_assert_no_error (error);
  spa_record_set_string (restock, "product_id", spa_record_get_id (product));
  spa_record_set_int (restock, "delta", 100);
  spa_record_set_string (restock, "reason", "restock");
  spa_store_save (desks[0].device->store, restock, &error);
  g_assert_no_error (error);
  spa_record_set_string (package, "name", "3 × Swedish");
  spa_record_set_strv (package, "service_ids",
                       (const char * const []) { spa_default_service_id (0), NULL });
  spa_record_set_int (package, "sessions", 3);
  spa_record_set_int (package, "price_cents", 24000);
  spa_store_save (desks[0].device->store, package, &error);
  g_assert_no_error (error);
  spa.product_id = g_strdup (spa_record_get_id (product));
  spa.package_id = g_strdup (spa_record_get_id (package));
  for (guint round = 0; round < 5 && !settled; round++)
    {
      settled = TRUE;
      for (guint i = 0; i < N_DEVICES; i++)
        settled &= spa_test_device_sync (desks[i].device, NULL);
    }

  proxy->faults = TRUE;
  for (guint step = 0; step < N_STEPS; step++)
    {
      do_step (&desks[g_rand_int_range (rand, 0, N_DEVICES)], rand, &spa, step);
      spin (g_rand_int_range (rand, 2, 15));

      if (step == N_STEPS / 2)
        {
          /* Kill -9 mid-flight (one of two processes on PostgreSQL, the other serving
           * on); whatever was acknowledged must survive. */
          server_kill (killed);
          server_store = server_store_open (killed);
          signed_before = signed_notes (server_store);
          g_clear_object (&server_store);
          spin (200);
          server_start (killed);
        }
    }

  /* Quiescence: everyone online, no more faults, sync until nothing moves. */
  proxy->faults = FALSE;
  for (guint i = 0; i < N_DEVICES; i++)
    desks[i].online = TRUE;
  for (guint round = 0; round < 12; round++)
    {
      gboolean all_ok = TRUE;
      gint64 pending = 0;

      for (guint i = 0; i < N_DEVICES; i++)
        {
          all_ok &= spa_test_device_sync (desks[i].device, NULL);
          pending += spa_store_outbox_pending (desks[i].device->store);
        }
      if (all_ok && pending == 0 && round >= 1)
        break;
    }
  /* One more pull everywhere, so the last pushes reach every device. */
  for (guint i = 0; i < N_DEVICES; i++)
    spa_test_device_sync (desks[i].device, NULL);

  server_store = server_store_open (&servers[0]);

  SOAK_ASSERT (spa_test_count_rows (server_store,
                                    "SELECT count(*) FROM (SELECT device_id, mutation_id FROM server_change"
                                    " WHERE device_id IS NOT NULL GROUP BY device_id, mutation_id"
                                    " HAVING count(*) > 1)", NULL) == 0,
               "a mutation was applied twice");
  check_no_overlap (server_store, "the server");
  check_signed_unchanged (signed_before, server_store, "the server");
  check_numbers (numbers, server_store, "the server");
  for (guint i = 0; i < N_DEVICES; i++)
    add_refused_payments (refused, &desks[i]);
  check_money (server_store, refused);
  {
    g_autoptr(GHashTable) all_signed = signed_notes (server_store);

    for (guint i = 0; i < N_DEVICES; i++)
      {
        g_autofree char *where = g_strdup_printf ("device %u", i);

        check_outcomes (server_store, &desks[i]);
        check_equal (server_store, &desks[i]);
        check_no_overlap (desks[i].device->store, where);
        check_signed_unchanged (signed_before, desks[i].device->store, where);
        check_signed_unchanged (all_signed, desks[i].device->store, where);
        check_numbers (numbers, desks[i].device->store, where);
      }
  }

  g_printerr ("# seed %u: %d invoices, %d refunds, %d invoices with payments refused\n", seed,
              (int)spa_test_count_rows (server_store, "SELECT count(*) FROM invoice"
                                                      " WHERE issued_at IS NOT ?", NULL),
              (int)spa_test_count_rows (server_store, "SELECT count(*) FROM invoice"
                                                      " WHERE kind = 'refund' AND number IS NOT ?",
                                        NULL),
              (int)g_hash_table_size (refused));
  g_printerr ("# seed %u: %d server changes; faults: %u 500s, %u dropped, %u duplicated, %u delayed;"
              " %" G_GINT64_FORMAT " conflicts, %" G_GINT64_FORMAT " rejected on device 0\n",
              seed,
              (int)spa_test_count_rows (server_store, "SELECT count(*) FROM server_change", NULL),
              proxy->n_500, proxy->n_dropped, proxy->n_duplicated, proxy->n_delayed,
              spa_sync_local_count_conflicts (desks[0].device->store),
              spa_sync_local_count_rejected (desks[0].device->store));

  /* A clean stop on SIGTERM. */
  for (guint i = 0; i < n_servers; i++)
    {
      Server *server = &servers[i];

      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait (server->process, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (server->process));
      g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
      g_clear_object (&server->process);
    }

  for (guint i = 0; i < N_DEVICES; i++)
    spa_test_device_free (desks[i].device);
  proxy_free (proxy);
  g_clear_object (&server_store);
  for (guint i = 0; i < n_servers; i++)
    {
      g_free (servers[i].db);
      g_free (servers[i].url);
    }
  spa_test_remove_dir (dir);
  g_free (spa.product_id);
  g_free (spa.package_id);
}

static void
test_soak (void)
{
  const char *env = g_getenv ("SPA_SOAK_SEEDS");
  static const guint fixed[] = { 1, 2, 3, 4, 5 };

  if (env != NULL && *env != '\0')
    {
      guint n = (guint)g_ascii_strtoull (env, NULL, 10);

      for (guint seed = 1; seed <= n; seed++)
        run_seed (seed);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    run_seed (fixed[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* meson test sets it; run by hand, say what is missing rather than crash. */
  if (g_getenv ("SPA_DESK_SERVER") == NULL)
    {
      g_printerr ("Set SPA_DESK_SERVER to the spa-desk-server binary (meson test does).\n");
      return 1;
    }

  g_test_add_func ("/sync/soak", test_soak);
  return g_test_run ();
}
