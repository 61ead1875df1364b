/* spa-bench-load.c: the server load figures of build-aux/bench
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-bench"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "spa-bench-load.h"

/*
 * spa-desk-server under load, as a spa's devices and a hostile network make it, each
 * phase bounded in time: the real binary under `prlimit --nofile=1024`, raw keep-alive
 * HTTP/1.1 clients on loopback (one thread each), latencies per request.
 *
 *  - devices: N devices at once, each pushing 5 new clients then pulling from its
 *    cursor, ROUNDS times, on one keep-alive connection; the raw limit is the same
 *    number of requests to /v1/health (the HTTP floor: no store, no JSON).
 *  - idle: 500 connections, half silent, half sending headers a byte a second, while
 *    one device pushes and pulls; the raw limit is that device alone.
 *  - big push: a 10 MB push of a 5-million-element array while /v1/health is asked
 *    every 10 ms; the worst health answer during the push, against the idle one.
 */

#define ROUNDS 5

typedef struct
{
  GSubprocess *process;
  char        *dir;
  char        *token;
  guint        port;
} Server;

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
server_start (Server      *server,
              const char  *binary,
              GError     **error)
{
  g_autofree char *db = NULL;
  g_autofree char *token = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  const char *add_user[] = { binary, "--db", NULL, "add-user", "load", "--role", "manager", NULL };
  int status;

  server->dir = g_dir_make_tmp ("spa-bench-load-XXXXXX", error);
  if (server->dir == NULL)
    return FALSE;
  db = g_build_filename (server->dir, "server.db", NULL);
  add_user[2] = db;
  if (!g_spawn_sync (NULL, (char **)add_user, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &token, NULL, &status, error) ||
      !g_spawn_check_wait_status (status, error))
    return FALSE;
  server->token = g_strdup (g_strstrip (token));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawn (launcher, error, "prlimit", "--nofile=1024",
                                                 binary, "--db", db, "--listen", "127.0.0.1:0", NULL);
  if (server->process == NULL)
    return FALSE;
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, error);
  if (line == NULL || !g_str_has_prefix (line, "listening on http://127.0.0.1:"))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the server did not start");
      return FALSE;
    }
  server->port = atoi (line + strlen ("listening on http://127.0.0.1:"));
  return TRUE;
}

static void
server_stop (Server *server)
{
  if (server->process != NULL)
    {
      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait (server->process, NULL, NULL);
      g_clear_object (&server->process);
    }
  if (server->dir != NULL)
    {
      const char *files[] = { "server.db", "server.db-wal", "server.db-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (files); i++)
        {
          g_autofree char *path = g_build_filename (server->dir, files[i], NULL);

          g_unlink (path);
        }
      g_rmdir (server->dir);
    }
  g_clear_pointer (&server->dir, g_free);
  g_clear_pointer (&server->token, g_free);
}

/* ---- one keep-alive client ---- */

typedef struct
{
  int      fd;
  guint    port;
  GString *reply;
} Client;

static int
connect_to (guint port)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (port) };
  struct timeval timeout = { .tv_sec = 30 };
  int one = 1;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return -1;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect (fd, (struct sockaddr *)&address, sizeof address) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

/* One request on the client's connection (opened again if the server closed it);
 * returns the status (0: no answer) and leaves the body in client->reply. */
static guint
client_request (Client     *client,
                const char *method,
                const char *path,
                const char *token,
                const char *body,
                gsize       body_length)
{
  g_autofree char *head = NULL;
  gsize header_end = 0;
  gsize content_length = 0;
  gboolean retried = FALSE;

again:
  if (client->fd < 0 && (client->fd = connect_to (client->port)) < 0)
    return 0;
  head = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: bench\r\n%s%s%sContent-Length: %zu\r\n\r\n",
                          method, path, token ? "Authorization: Bearer " : "", token ? token : "",
                          token ? "\r\n" : "", body_length);
  if (send (client->fd, head, strlen (head), MSG_NOSIGNAL) != (ssize_t)strlen (head) ||
      (body_length > 0 && send (client->fd, body, body_length, MSG_NOSIGNAL) != (ssize_t)body_length))
    goto closed;

  g_string_truncate (client->reply, 0);
  for (;;)
    {
      char buffer[65536];
      ssize_t n;

      if (header_end != 0 && client->reply->len >= header_end + content_length)
        break;
      n = recv (client->fd, buffer, sizeof buffer, 0);
      if (n <= 0)
        goto closed;
      g_string_append_len (client->reply, buffer, n);
      if (header_end == 0)
        {
          const char *end = strstr (client->reply->str, "\r\n\r\n");
          const char *length = strstr (client->reply->str, "Content-Length: ");

          if (end != NULL)
            {
              header_end = end + 4 - client->reply->str;
              content_length = length ? g_ascii_strtoull (length + 16, NULL, 10) : 0;
            }
        }
    }
  {
    guint status = atoi (client->reply->str + strlen ("HTTP/1.1 "));

    g_string_erase (client->reply, 0, header_end);
    return status;
  }

closed:
  close (client->fd);
  client->fd = -1;
  g_clear_pointer (&head, g_free);
  header_end = 0;
  /* A keep-alive connection the server closed while idle is opened again, once. */
  if (!retried)
    {
      retried = TRUE;
      goto again;
    }
  return 0;
}

static void
client_close (Client *client)
{
  if (client->fd >= 0)
    close (client->fd);
  client->fd = -1;
  g_string_free (client->reply, TRUE);
}

/* ---- devices ---- */

typedef struct
{
  guint        port;
  const char  *token;
  guint        index;
  gboolean     health_only;
  guint        rounds;
  GArray      *latencies;   /* double, ms */
  guint        errors;
} Device;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static gpointer
device_thread (gpointer data)
{
  Device *device = data;
  Client client = { .fd = -1, .port = device->port, .reply = g_string_new (NULL) };
  gint64 cursor = 0;

  for (guint round = 0; round < device->rounds; round++)
    {
      g_autoptr(GString) push = g_string_new (NULL);
      g_autofree char *pull = NULL;
      double start;
      guint status;

      g_string_printf (push, "{\"device_id\": \"bench-device-%u\", \"mutations\": [", device->index);
      for (guint i = 0; i < 5; i++)
        g_string_append_printf (push, "%s{\"mutation_id\": %u, \"entity\": \"client\", \"id\": \"d%u-r%u-%u\","
                                " \"op\": \"upsert\", \"base_version\": 0, \"fields\": {\"first_name\": \"Load\","
                                " \"last_name\": \"Device %u\"}}",
                                i ? "," : "", round * 5 + i + 1, device->index, round, i, device->index);
      g_string_append (push, "]}");

      start = now_ms ();
      if (device->health_only)
        status = client_request (&client, "GET", "/v1/health", NULL, NULL, 0);
      else
        status = client_request (&client, "POST", "/v1/sync/push", device->token, push->str, push->len);
      g_array_append_vals (device->latencies, (double[]) { now_ms () - start }, 1);
      if (status != 200)
        device->errors++;

      pull = g_strdup_printf ("/v1/sync/pull?since=%" G_GINT64_FORMAT "&limit=1000", cursor);
      start = now_ms ();
      if (device->health_only)
        status = client_request (&client, "GET", "/v1/health", NULL, NULL, 0);
      else
        status = client_request (&client, "GET", pull, device->token, NULL, 0);
      g_array_append_vals (device->latencies, (double[]) { now_ms () - start }, 1);
      if (status != 200)
        device->errors++;
      else if (!device->health_only)
        {
          const char *c = strstr (client.reply->str, "\"cursor\":");

          if (c != NULL)
            cursor = g_ascii_strtoll (c + strlen ("\"cursor\":"), NULL, 10);
        }
    }
  client_close (&client);
  return NULL;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_double);
  return g_array_index (values, double, MIN (values->len - 1, (guint)(p * values->len)));
}

typedef struct
{
  double   p50;
  double   p95;
  double   max;
  double   seconds;
  guint    requests;
  guint    errors;
} Run;

static Run
run_devices (guint       port,
             const char *token,
             guint       n,
             guint       rounds,
             gboolean    health_only)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  Device *devices = g_new0 (Device, n);
  double start = now_ms ();
  Run run = { 0 };

  for (guint i = 0; i < n; i++)
    {
      devices[i] = (Device) { .port = port, .token = token, .index = i, .rounds = rounds,
                              .health_only = health_only,
                              .latencies = g_array_new (FALSE, FALSE, sizeof (double)) };
      g_ptr_array_add (threads, g_thread_new ("device", device_thread, &devices[i]));
    }
  for (guint i = 0; i < n; i++)
    {
      g_thread_join (threads->pdata[i]);
      g_array_append_vals (all, devices[i].latencies->data, devices[i].latencies->len);
      run.errors += devices[i].errors;
      g_array_unref (devices[i].latencies);
    }
  run.seconds = (now_ms () - start) / 1000;
  run.requests = all->len;
  run.p50 = percentile (all, 0.5);
  run.p95 = percentile (all, 0.95);
  run.max = percentile (all, 1.0);
  g_free (devices);
  return run;
}

/* ---- idle and trickling connections ---- */

typedef struct
{
  guint    port;
  guint    count;
  gint     stop;
  guint    reopened;
} Crowd;

/* Half the connections say nothing, half send headers a byte a second; those the
 * server drops are opened again, as an attacker would. */
static gpointer
crowd_thread (gpointer data)
{
  Crowd *crowd = data;
  int *fds = g_new (int, crowd->count);
  static const char header[] = "GET /v1/health HTTP/1.1\r\nX-Slow: ";

  for (guint i = 0; i < crowd->count; i++)
    fds[i] = connect_to (crowd->port);
  while (!g_atomic_int_get (&crowd->stop))
    {
      for (guint i = 0; i < crowd->count; i++)
        {
          if (fds[i] >= 0 && i % 2 == 1 && send (fds[i], header + (crowd->reopened + i) % (sizeof header - 1), 1, MSG_NOSIGNAL) < 0)
            {
              close (fds[i]);
              fds[i] = -1;
            }
          if (fds[i] < 0)
            {
              fds[i] = connect_to (crowd->port);
              crowd->reopened++;
            }
        }
      g_usleep (G_USEC_PER_SEC);
    }
  for (guint i = 0; i < crowd->count; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  g_free (fds);
  return NULL;
}

/* ---- the big push ---- */

typedef struct
{
  guint    port;
  const char *token;
  guint    status;
  double   seconds;
  gboolean done;
} BigPush;

static gpointer
big_push_thread (gpointer data)
{
  BigPush *push = data;
  Client client = { .fd = -1, .port = push->port, .reply = g_string_new (NULL) };
  GString *body = g_string_sized_new (10 * 1000 * 1000 + 64);
  double start;

  g_string_append (body, "{\"device_id\": \"big\", \"mutations\": [0");
  for (guint i = 1; i < 5000000 - 1; i++)
    g_string_append (body, ",0");
  g_string_append (body, "]}");
  start = now_ms ();
  push->status = client_request (&client, "POST", "/v1/sync/push", push->token, body->str, body->len);
  push->seconds = (now_ms () - start) / 1000;
  g_atomic_int_set (&push->done, TRUE);
  client_close (&client);
  g_string_free (body, TRUE);
  return NULL;
}

static Run
probe_health (guint     port,
              gboolean *until_done,
              guint     at_least)
{
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  Client client = { .fd = -1, .port = port, .reply = g_string_new (NULL) };
  Run run = { 0 };

  while (latencies->len < at_least || (until_done && !g_atomic_int_get (until_done)))
    {
      double start = now_ms ();

      if (client_request (&client, "GET", "/v1/health", NULL, NULL, 0) != 200)
        run.errors++;
      g_array_append_vals (latencies, (double[]) { now_ms () - start }, 1);
      g_usleep (10 * 1000);
    }
  client_close (&client);
  run.requests = latencies->len;
  run.p50 = percentile (latencies, 0.5);
  run.p95 = percentile (latencies, 0.95);
  run.max = percentile (latencies, 1.0);
  return run;
}

/* The disk's floor for a push: one row committed in WAL mode with synchronous=FULL, as
 * the server's store commits, in ms (median of 50). */
static double
raw_commit_ms (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "raw.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3 *db = NULL;
  double median;

  if (sqlite3_open (path, &db) != SQLITE_OK)
    return 0;
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", NULL, NULL, NULL);
  for (guint i = 0; i < 50; i++)
    {
      double start = now_ms ();

      sqlite3_exec (db, "BEGIN; INSERT INTO t (v) VALUES ('x'); COMMIT", NULL, NULL, NULL);
      g_array_append_vals (times, (double[]) { now_ms () - start }, 1);
    }
  sqlite3_close (db);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
  median = percentile (times, 0.5);
  return median;
}

/* ---- main ---- */

typedef struct
{
  GString *json;
  gboolean first;
} Report;

static void
report (Report     *r,
        const char *name,
        double      value,
        const char *unit,
        double      limit,
        const char *target,
        gboolean    met,
        const char *note)
{
  g_print ("| %s | %.2f | %s | %.2f | %.2fx | %s | %s |\n", name, value, unit, limit,
           limit > 0 ? value / limit : 0, target, met ? "yes" : "NO");
  g_string_append_printf (r->json, "%s\n  {\"name\": \"%s\", \"value\": %.3f, \"unit\": \"%s\", \"limit\": %.3f,"
                          " \"ratio_to_limit\": %.3f, \"target\": \"%s\", \"met\": %s, \"note\": \"%s\"}",
                          r->first ? "" : ",", name, value, unit, limit, limit > 0 ? value / limit : 0,
                          target, met ? "true" : "false", note);
  r->first = FALSE;
}

int
spa_bench_load_main (int    argc,
                     char **argv)
{
  g_autofree char *server_path = NULL;
  g_autofree char *json_path = NULL;
  gint devices = 200;
  gint crowd_size = 500;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server_path, "spa-desk-server to load", "PATH" },
    { "devices", 0, 0, G_OPTION_ARG_INT, &devices, "Devices at once (200)", "N" },
    { "idle", 0, 0, G_OPTION_ARG_INT, &crowd_size, "Idle or trickling connections (500)", "N" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, "Write the figures here", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- spa-desk-server under load");
  g_autoptr(GError) error = NULL;
  Server server = { 0 };
  Report r = { g_string_new ("{\"figures\": ["), TRUE };
  Run raw, run, alone, crowded, idle_health, busy_health;
  Crowd crowd = { 0 };
  BigPush big = { 0 };
  GThread *thread;
  g_autofree char *note = NULL;

  signal (SIGPIPE, SIG_IGN);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || server_path == NULL)
    {
      g_printerr ("spa-desk-bench load: %s\n", error ? error->message : "--server PATH is required");
      return 2;
    }
  if (!server_start (&server, server_path, &error))
    {
      g_printerr ("spa-desk-bench load: %s\n", error->message);
      return 1;
    }

  g_print ("| figure | value | unit | raw limit | ratio to limit | target | met |\n|---|---|---|---|---|---|---|\n");

  /* Devices. */
  raw = run_devices (server.port, NULL, devices, ROUNDS, TRUE);
  run = run_devices (server.port, server.token, devices, ROUNDS, FALSE);
  note = g_strdup_printf ("%u requests in %.1f s, %u errors; raw: the same count of /v1/health",
                          run.requests, run.seconds, run.errors);
  report (&r, "devices at once pushing and pulling: errors", run.errors, "requests", 0,
          "0", run.errors == 0 && raw.errors == 0, note);
  /* Each push is its own fsync'd transaction and each pull page is built under the
   * store lock: this is what the disk and one writer allow, shown, not a target. */
  report (&r, "devices at once pushing and pulling: p95 latency", run.p95, "ms", raw.p95,
          "-", TRUE, note);
  report (&r, "devices at once pushing and pulling: throughput", run.requests / run.seconds, "requests/s",
          raw.requests / raw.seconds, "-", TRUE, note);
  {
    double commit = raw_commit_ms (server.dir);
    g_autofree char *commit_note = g_strdup_printf ("wall time / requests; raw: one row committed "
                                                    "(WAL, synchronous=FULL) on the same disk, %.2f ms", commit);

    report (&r, "devices at once: server time per push or pull", run.seconds * 1000 / run.requests, "ms",
            commit, "-", TRUE, commit_note);
  }

  /* Idle and trickling connections. */
  alone = run_devices (server.port, server.token, 1, 20, FALSE);
  crowd.port = server.port;
  crowd.count = crowd_size;
  thread = g_thread_new ("crowd", crowd_thread, &crowd);
  g_usleep (2 * G_USEC_PER_SEC);
  crowded = run_devices (server.port, server.token, 1, 20, FALSE);
  g_usleep (10 * G_USEC_PER_SEC);   /* past the header timeout: dropped and reopened */
  {
    Run later = run_devices (server.port, server.token, 1, 20, FALSE);

    crowded.errors += later.errors;
    crowded.p95 = MAX (crowded.p95, later.p95);
  }
  g_atomic_int_set (&crowd.stop, 1);
  g_thread_join (thread);
  g_clear_pointer (&note, g_free);
  note = g_strdup_printf ("%d idle or trickling connections (%u reopened after the server dropped them); "
                          "%u errors; raw: the device alone", crowd_size, crowd.reopened, crowded.errors);
  report (&r, "push and pull beside idle and trickling connections: p95", crowded.p95, "ms", alone.p95,
          "p95 < 100 ms, no error", crowded.p95 < 100 && crowded.errors == 0, note);

  /* The big push. */
  idle_health = probe_health (server.port, NULL, 100);
  big.port = server.port;
  big.token = server.token;
  thread = g_thread_new ("big-push", big_push_thread, &big);
  /* Asked until the push has its answer. */
  busy_health = probe_health (server.port, &big.done, 10);
  g_thread_join (thread);
  g_clear_pointer (&note, g_free);
  note = g_strdup_printf ("a 10 MB push of a 5-million-element array (answered %u in %.2f s); "
                          "raw: /v1/health on an idle server, worst of 100",
                          big.status, big.seconds);
  report (&r, "worst /v1/health answer during a 10 MB push", busy_health.max, "ms", idle_health.max,
          "< 100 ms", busy_health.max < 100 && busy_health.errors == 0, note);

  g_string_append (r.json, "\n]}\n");
  if (json_path != NULL && !g_file_set_contents (json_path, r.json->str, -1, &error))
    g_printerr ("spa-desk-bench load: %s\n", error->message);
  g_string_free (r.json, TRUE);
  server_stop (&server);
  return 0;
}
