/* test-server-limits.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-server-limits"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

/*
 * The real spa-desk-server binary against clients that hold no token, over loopback
 * with raw sockets: connections opened and dropped under a 1 024-descriptor limit,
 * huge and chunked bodies (its peak memory read from /proc), headers and bodies sent
 * a byte at a time, plain HTTP off loopback. Every loop is bounded by a count and a
 * deadline, so a server that stops answering fails the test instead of hanging it.
 */

typedef struct
{
  char        *dir;
  char        *db;
  GSubprocess *process;
  guint        port;
  char        *token;
  char        *err;   /* what the server printed on stderr, after server_stop */
} Server;

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static const char *
binary (void)
{
  const char *path = g_getenv ("SPA_DESK_SERVER");

  g_assert_nonnull (path);
  return path;
}

static GSubprocess *
spawn (GPtrArray *argv,
       gboolean   read_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        (read_stderr ? G_SUBPROCESS_FLAGS_STDERR_PIPE : 0));
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* The server's first line: "listening on URL" (or NULL if it exited first). */
static char *
first_line (GSubprocess *process)
{
  g_autoptr(GDataInputStream) out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);

  g_assert_no_error (error);
  return line;
}

/* Starts the server under `prlimit --nofile=1024`, with @extra arguments. */
static void
server_start (Server     *server,
              const char *first_extra,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *token = NULL;
  const char *add_user[] = { binary (), "--db", NULL, "add-user", "maya", "--role", "manager", NULL };
  int status;
  va_list args;

  server->dir = g_dir_make_tmp ("spa-limits-XXXXXX", &error);
  g_assert_no_error (error);
  server->db = g_build_filename (server->dir, "server.db", NULL);

  add_user[2] = server->db;
  g_spawn_sync (NULL, (char **)add_user, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &token, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  server->token = g_strdup (g_strstrip (token));

  g_ptr_array_add (argv, (char *)"prlimit");
  g_ptr_array_add (argv, (char *)"--nofile=1024");
  g_ptr_array_add (argv, (char *)binary ());
  g_ptr_array_add (argv, (char *)"--db");
  g_ptr_array_add (argv, server->db);
  g_ptr_array_add (argv, (char *)"--listen");
  g_ptr_array_add (argv, (char *)"127.0.0.1:0");
  va_start (args, first_extra);
  for (const char *a = first_extra; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)a);
  va_end (args);
  server->process = spawn (argv, FALSE);

  line = first_line (server->process);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:") ||
                 g_str_has_prefix (line, "listening on https://127.0.0.1:"));
  server->port = atoi (strrchr (line, ':') + 1);
  g_assert_cmpuint (server->port, >, 0);
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
      g_autofree char *wal = g_strconcat (server->db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (server->db, "-shm", NULL);

      g_unlink (wal);
      g_unlink (shm);
      g_unlink (server->db);
      g_rmdir (server->dir);
    }
  g_clear_pointer (&server->dir, g_free);
  g_clear_pointer (&server->db, g_free);
  g_clear_pointer (&server->token, g_free);
  g_clear_pointer (&server->err, g_free);
}

static guint
server_open_fds (Server *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (server->process));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* The server's peak resident memory so far, in MiB. */
static guint
server_peak_mib (Server *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (server->process));
  g_autofree char *text = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  line = strstr (text, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10) / 1024;
}

/* ---- raw clients ---- */

static gboolean
wait_fd (int    fd,
         short  events,
         int    timeout_ms)
{
  struct pollfd p = { .fd = fd, .events = events };

  return poll (&p, 1, timeout_ms) == 1;
}

/* A blocking socket connected to the server; -1 if it did not accept within 5 s (a
 * full backlog would otherwise block connect() for minutes). */
static int
connect_to (guint port)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  int error = 0;
  socklen_t length = sizeof error;

  g_assert_cmpint (fd, >=, 0);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if ((connect (fd, (struct sockaddr *)&address, sizeof address) != 0 &&
       (errno != EINPROGRESS || !wait_fd (fd, POLLOUT, 5000))) ||
      getsockopt (fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0)
    {
      close (fd);
      return -1;
    }
  fcntl (fd, F_SETFL, 0);
  return fd;
}

static gboolean
send_all (int         fd,
          const char *data,
          gsize       length)
{
  while (length > 0)
    {
      ssize_t n;

      if (!wait_fd (fd, POLLOUT, 5000))
        return FALSE;
      n = send (fd, data, length, MSG_NOSIGNAL);
      if (n <= 0)
        return FALSE;
      data += n;
      length -= n;
    }
  return TRUE;
}

/* Reads a response's status line within @timeout_ms; 0 if none came. */
static guint
read_status (int fd,
             int timeout_ms)
{
  char buffer[256];
  gsize have = 0;
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (have < sizeof buffer - 1 && memchr (buffer, '\n', have) == NULL)
    {
      int left = (end - g_get_monotonic_time ()) / 1000;
      ssize_t n;

      if (left <= 0 || !wait_fd (fd, POLLIN, left))
        return 0;
      n = recv (fd, buffer + have, sizeof buffer - 1 - have, 0);
      if (n <= 0)
        return 0;
      have += n;
    }
  buffer[have] = '\0';
  if (!g_str_has_prefix (buffer, "HTTP/1.1 "))
    return 0;
  return atoi (buffer + strlen ("HTTP/1.1 "));
}

/* Whether the server closed @fd within @timeout_ms (whatever it sent before). */
static gboolean
closed_by_server (int fd,
                  int timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;
  char buffer[4096];

  for (;;)
    {
      int left = (end - g_get_monotonic_time ()) / 1000;
      ssize_t n;

      if (left <= 0 || !wait_fd (fd, POLLIN, left))
        return FALSE;
      n = recv (fd, buffer, sizeof buffer, 0);
      if (n <= 0)
        return TRUE;
    }
}

static guint
get (guint       port,
     const char *path)
{
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", path);
  int fd = connect_to (port);
  guint status = 0;

  if (fd < 0)
    return 0;
  if (send_all (fd, request, strlen (request)))
    status = read_status (fd, 5000);
  close (fd);
  return status;
}

/* ---- descriptors ---- */

#define HAMMER_SLOTS 64

typedef struct
{
  int      fd;
  gboolean asked;    /* sent its request */
  gsize    got;
  char     reply[512];
} Slot;

/*
 * Opens @total connections, HAMMER_SLOTS at a time. Every other one sends a keep-alive
 * request, reads the answer and closes while idle (what left sockets in CLOSE-WAIT);
 * the others connect and close at once. Returns the number of answers, and fails if
 * the server stops answering for 5 s.
 */
static guint
hammer (guint port,
        guint total)
{
  static const char request[] = "GET /v1/health HTTP/1.1\r\nHost: t\r\n\r\n";
  Slot slots[HAMMER_SLOTS] = { 0 };
  struct pollfd polls[HAMMER_SLOTS];
  guint opened = 0;
  guint answered = 0;
  guint active = 0;
  gint64 end = g_get_monotonic_time () + 150 * G_USEC_PER_SEC;

  for (guint i = 0; i < HAMMER_SLOTS; i++)
    slots[i].fd = -1;

  while (opened < total || active > 0)
    {
      int n;

      for (guint i = 0; i < HAMMER_SLOTS; i++)
        {
          Slot *slot = &slots[i];

          while (slot->fd < 0 && opened < total)
            {
              if (g_get_monotonic_time () > end)
                g_error ("only %u connections in 150 s", opened);
              slot->fd = connect_to (port);
              if (slot->fd < 0)
                g_error ("the server stopped accepting after %u connections", opened);
              opened++;
              if (opened % 2 == 0)
                {
                  /* Opened and dropped. */
                  close (slot->fd);
                  slot->fd = -1;
                  continue;
                }
              fcntl (slot->fd, F_SETFL, O_NONBLOCK);
              g_assert_true (send (slot->fd, request, sizeof request - 1, MSG_NOSIGNAL) ==
                             sizeof request - 1);
              slot->asked = TRUE;
              slot->got = 0;
              active++;
            }
          polls[i].fd = slot->fd;
          polls[i].events = POLLIN;
          polls[i].revents = 0;
        }
      if (active == 0)
        continue;

      n = poll (polls, HAMMER_SLOTS, 5000);
      if (n <= 0)
        g_error ("the server stopped answering after %u connections", opened);

      for (guint i = 0; i < HAMMER_SLOTS; i++)
        {
          Slot *slot = &slots[i];
          ssize_t got;

          if (slot->fd < 0 || polls[i].revents == 0)
            continue;
          got = recv (slot->fd, slot->reply + slot->got, sizeof slot->reply - 1 - slot->got, 0);
          if (got > 0)
            {
              slot->got += got;
              slot->reply[slot->got] = '\0';
              /* The whole small answer: headers and the health body. */
              if (strstr (slot->reply, "\r\n\r\n") == NULL || !g_str_has_suffix (slot->reply, "}"))
                continue;
              if (g_str_has_prefix (slot->reply, "HTTP/1.1 200"))
                answered++;
            }
          /* Idle now: the client leaves. */
          close (slot->fd);
          slot->fd = -1;
          active--;
        }
    }
  return answered;
}

static void
test_descriptors (void)
{
  Server server = { 0 };
  guint total = g_test_thorough () ? 1000000 : 100000;
  guint answered;
  guint fds;

  server_start (&server, NULL);
  answered = hammer (server.port, total);
  g_test_message ("%u connections, %u answered; %u descriptors open after", total, answered, server_open_fds (&server));
  g_assert_cmpuint (answered, ==, total / 2);

  /* Every connection is gone: the server holds its usual handful of descriptors. */
  for (guint i = 0; i < 50 && (fds = server_open_fds (&server)) > 40; i++)
    g_usleep (100 * 1000);
  g_assert_cmpuint (fds, <=, 40);
  g_assert_cmpuint (get (server.port, "/v1/health"), ==, 200);
  server_stop (&server);
}

/* More connections than the limit wait in the backlog, and are served once there is
 * room: the listener never gives up. */
static void
test_connection_limit (void)
{
  static const char request[] = "GET /v1/health HTTP/1.1\r\nHost: t\r\n\r\n";
  Server server = { 0 };
  int fds[20];
  int extra;

  server_start (&server, "--max-connections", "20", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    {
      fds[i] = connect_to (server.port);
      g_assert_cmpint (fds[i], >=, 0);
      g_assert_true (send_all (fds[i], request, sizeof request - 1));
      g_assert_cmpuint (read_status (fds[i], 5000), ==, 200);
    }

  extra = connect_to (server.port);
  g_assert_cmpint (extra, >=, 0);
  g_assert_true (send_all (extra, request, sizeof request - 1));
  g_assert_cmpuint (read_status (extra, 500), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    close (fds[i]);
  g_assert_cmpuint (read_status (extra, 5000), ==, 200);
  close (extra);
  server_stop (&server);
}

/* ---- bodies ---- */

/*
 * POSTs @headers and then up to @total bytes of body (chunked when @chunked), as fast
 * as the server takes them. Returns the status it answered, 0 if it only closed.
 * Fails if the server is still reading after 20 s.
 */
static guint
post_body (guint       port,
           const char *path,
           const char *token,
           gboolean    chunked,
           guint64     total)
{
  g_autoptr(GString) head = g_string_new (NULL);
  g_autofree char *block = g_malloc (1 << 20);
  g_autofree char *chunk_head = g_strdup_printf ("%x\r\n", 1 << 20);
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint64 sent = 0;
  guint status;
  int fd = connect_to (port);

  g_assert_cmpint (fd, >=, 0);
  memset (block, 'x', 1 << 20);
  g_string_append_printf (head, "POST %s HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n", path);
  if (token != NULL)
    g_string_append_printf (head, "Authorization: Bearer %s\r\n", token);
  if (chunked)
    g_string_append (head, "Transfer-Encoding: chunked\r\n\r\n");
  else
    g_string_append_printf (head, "Content-Length: %" G_GUINT64_FORMAT "\r\n\r\n", total);
  g_assert_true (send_all (fd, head->str, head->len));

  /* An answer from the headers alone comes at once. */
  status = read_status (fd, 300);
  if (status != 0)
    {
      close (fd);
      return status;
    }

  while (sent < total)
    {
      struct pollfd p = { .fd = fd, .events = POLLOUT | POLLIN };

      g_assert_cmpint (g_get_monotonic_time (), <, end);
      if (poll (&p, 1, 2000) != 1 || (p.revents & POLLIN) || !(p.revents & POLLOUT))
        break;    /* answered, closed, or no longer reading */
      if (chunked && send (fd, chunk_head, strlen (chunk_head), MSG_NOSIGNAL) <= 0)
        break;
      if (!send_all (fd, block, 1 << 20) || (chunked && send (fd, "\r\n", 2, MSG_NOSIGNAL) != 2))
        break;
      sent += 1 << 20;
    }
  status = read_status (fd, 2000);
  close (fd);
  return status;
}

static void
test_bodies (void)
{
  Server server = { 0 };
  guint64 two_gib = G_GUINT64_CONSTANT (2) << 30;
  guint status;

  server_start (&server, NULL);

  /* No token: refused from the headers, nothing read. */
  g_assert_cmpuint (post_body (server.port, "/v1/sync/push", NULL, TRUE, two_gib), ==, 401);
  g_assert_cmpuint (post_body (server.port, "/v1/sync/push", NULL, FALSE, two_gib), ==, 401);
  g_assert_cmpuint (post_body (server.port, "/v1/sync/push", "not-a-token", TRUE, two_gib), ==, 401);
  g_assert_cmpuint (post_body (server.port, "/v1/health", NULL, TRUE, two_gib), ==, 200);
  g_assert_cmpuint (post_body (server.port, "/v1/health", NULL, FALSE, two_gib), ==, 200);

  /* A valid token: too long by its length, refused before reading; chunked, counted
   * as it streams and cut off past 10 MiB. */
  g_assert_cmpuint (post_body (server.port, "/v1/sync/push", server.token, FALSE, two_gib), ==, 413);
  status = post_body (server.port, "/v1/sync/push", server.token, TRUE, two_gib);
  g_assert_true (status == 0 || status == 413);

  g_test_message ("peak resident memory: %u MiB", server_peak_mib (&server));
  g_assert_cmpuint (server_peak_mib (&server), <, 100);
  g_assert_cmpuint (get (server.port, "/v1/health"), ==, 200);
  server_stop (&server);
}

/* ---- slow clients ---- */

static void
test_slow_clients (void)
{
  Server server = { 0 };
  g_autofree char *push_head = NULL;
  int slow[40];
  gint64 start;

  server_start (&server, "--header-timeout", "2", "--body-timeout", "3", NULL);
  push_head = g_strdup_printf ("POST /v1/sync/push HTTP/1.1\r\nHost: t\r\n"
                               "Authorization: Bearer %s\r\nContent-Length: 1000\r\n\r\n{",
                               server.token);

  /* Silent connections, headers a byte at a time, a body a byte at a time, and
   * keep-alive connections left idle after their answer. */
  for (guint i = 0; i < G_N_ELEMENTS (slow); i++)
    {
      slow[i] = connect_to (server.port);
      g_assert_cmpint (slow[i], >=, 0);
      switch (i % 4)
        {
        case 0:
          break;
        case 1:
          g_assert_true (send_all (slow[i], "GET /v1/health HTTP/1.1\r\n", 25));
          break;
        case 2:
          g_assert_true (send_all (slow[i], push_head, strlen (push_head)));
          break;
        default:
          g_assert_true (send_all (slow[i], "GET /v1/health HTTP/1.1\r\nHost: t\r\n\r\n", 36));
          g_assert_cmpuint (read_status (slow[i], 5000), ==, 200);
          break;
        }
    }

  /* They trickle; everyone else is still served meanwhile; each slow one is dropped. */
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 6 * G_USEC_PER_SEC)
    {
      for (guint i = 0; i < G_N_ELEMENTS (slow); i++)
        if (slow[i] >= 0 && i % 4 != 0)
          send (slow[i], i % 4 == 1 ? "X" : " ", 1, MSG_NOSIGNAL);
      g_assert_cmpuint (get (server.port, "/v1/health"), ==, 200);
      g_usleep (G_USEC_PER_SEC / 2);
    }
  for (guint i = 0; i < G_N_ELEMENTS (slow); i++)
    {
      g_assert_true (closed_by_server (slow[i], 2000));
      close (slow[i]);
    }
  server_stop (&server);
}

/* ---- pull pages ---- */

/* One request on its own connection; returns the response body, and its status. */
static char *
exchange (guint       port,
          const char *method,
          const char *path,
          const char *token,
          const char *body,
          guint      *status)
{
  g_autoptr(GString) request = g_string_new (NULL);
  g_autoptr(GString) reply = g_string_new (NULL);
  char buffer[65536];
  const char *end;
  const char *length;
  int fd = connect_to (port);

  g_assert_cmpint (fd, >=, 0);
  g_string_append_printf (request, "%s %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
                          "Authorization: Bearer %s\r\nContent-Length: %zu\r\n\r\n%s",
                          method, path, token, body ? strlen (body) : 0, body ? body : "");
  g_assert_true (send_all (fd, request->str, request->len));
  for (;;)
    {
      ssize_t n;

      g_assert_true (wait_fd (fd, POLLIN, 10000));
      n = recv (fd, buffer, sizeof buffer, 0);
      if (n <= 0)
        break;
      g_string_append_len (reply, buffer, n);
    }
  close (fd);

  g_assert_true (g_str_has_prefix (reply->str, "HTTP/1.1 "));
  *status = atoi (reply->str + strlen ("HTTP/1.1 "));
  end = strstr (reply->str, "\r\n\r\n");
  g_assert_nonnull (end);
  length = strstr (reply->str, "Content-Length: ");
  g_assert_nonnull (length);
  g_assert_cmpuint (g_ascii_strtoull (length + 16, NULL, 10), ==, reply->len - (end + 4 - reply->str));
  return g_strdup (end + 4);
}

/* Pages are bounded by bytes as well as by count. */
static void
test_pull_bytes (void)
{
  Server server = { 0 };
  g_autoptr(GString) push = g_string_new ("{\"device_id\": \"d\", \"mutations\": [");
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autofree char *reply = NULL;
  guint records = 0;
  guint pages = 0;
  gint64 since = 0;
  gboolean more = TRUE;
  guint status;

  /* Notes as long as the field limit allows (SPA_LONG_TEXT_MAX_CHARS), in two-byte
   * characters: 40 KB a record. */
  for (guint i = 0; i < 20000; i++)
    g_string_append (notes, "\xc3\xa9");
  server_start (&server, NULL);
  for (guint i = 1; i <= 200; i++)
    g_string_append_printf (push, "%s{\"mutation_id\": %u, \"entity\": \"client\", \"id\": \"c%u\","
                            " \"op\": \"upsert\", \"base_version\": 0, \"fields\": {\"first_name\": \"A\","
                            " \"last_name\": \"B\", \"notes\": \"%s\"}}",
                            i > 1 ? "," : "", i, i, notes->str);
  g_string_append (push, "]}");
  reply = exchange (server.port, "POST", "/v1/sync/push", server.token, push->str, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_null (strstr (reply, "rejected"));

  /* 8 MB of records: no page holds all of them, each stays near 4 MiB. */
  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/v1/sync/pull?since=%" G_GINT64_FORMAT "&limit=1000", since);
      g_autofree char *page = exchange (server.port, "GET", path, server.token, NULL, &status);
      const char *cursor;

      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpuint (strlen (page), <=, 4 * 1024 * 1024 + 256 * 1024);
      for (const char *p = page; (p = strstr (p, "\"entity\":\"client\"")) != NULL; p++)
        records++;
      more = strstr (page, "\"has_more\":true") != NULL;
      cursor = strstr (page, "\"cursor\":");
      g_assert_nonnull (cursor);
      since = g_ascii_strtoll (cursor + strlen ("\"cursor\":"), NULL, 10);
      g_assert_cmpuint (++pages, <=, 10);
    }
  g_assert_cmpuint (records, ==, 200);
  g_assert_cmpuint (pages, >=, 2);
  server_stop (&server);
}

/* ---- TLS ---- */

/* Runs openssl with @argv (and @input on its stdin); returns its stdout and stderr. */
static char *
openssl (const char * const *argv,
         const char         *input)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  return g_strconcat (out ? out : "", err ? err : "", NULL);
}

/* Built-in HTTPS: served on any address without --insecure-http, TLS 1.2 and 1.3 only. */
static void
test_tls (void)
{
  Server server = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("spa-tls-XXXXXX", NULL);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *address = NULL;
  g_autofree char *out = NULL;
  const char *make[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                         "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost", NULL };

  g_clear_pointer (&out, g_free);
  out = openssl (make, NULL);
  g_assert_true (g_file_test (cert, G_FILE_TEST_EXISTS));

  server_start (&server, "--tls-cert", cert, "--tls-key", key, NULL);
  address = g_strdup_printf ("127.0.0.1:%u", server.port);
  {
    /* TLS version, what is sent, what must be seen. */
    static const struct { const char *version; const char *input; const char *expect; } cases[] = {
      { "-tls1_2", "GET /v1/health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", "HTTP/1.1 200" },
      { "-tls1_3", "", "New, TLSv1.3" },
      { "-tls1_1", "", "New, (NONE)" },
      { "-tls1", "", "New, (NONE)" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        /* Old versions need the client's own floor lowered to be offered at all. */
        const char *argv[] = { "timeout", "10", "openssl", "s_client", "-connect", address,
                               cases[i].version, "-cipher", "DEFAULT@SECLEVEL=0", "-quiet", NULL };

        if (cases[i].input[0] == '\0')
          argv[9] = NULL;   /* -quiet hides the "New, ..." line */
        g_clear_pointer (&out, g_free);
        out = openssl (argv, cases[i].input);
        g_test_message ("%s: %s", cases[i].version, out);
        g_assert_nonnull (strstr (out, cases[i].expect));
      }
  }
  /* Plain HTTP on the HTTPS port gets nothing. */
  g_assert_cmpuint (get (server.port, "/v1/health"), ==, 0);
  server_stop (&server);

  g_unlink (cert);
  g_unlink (key);
  g_rmdir (dir);
}

/* ---- plain HTTP ---- */

static void
test_insecure_http (void)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  g_autofree char *line = NULL;
  g_autofree char *dir = g_dir_make_tmp ("spa-limits-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  /* Refused off loopback, with the reason and the ways out (a server that serves
   * instead is stopped after 10 s). */
  g_ptr_array_add (argv, (char *)"timeout");
  g_ptr_array_add (argv, (char *)"10");
  g_ptr_array_add (argv, (char *)binary ());
  g_ptr_array_add (argv, (char *)"--db");
  g_ptr_array_add (argv, db);
  g_ptr_array_add (argv, (char *)"--listen");
  g_ptr_array_add (argv, (char *)"0.0.0.0:0");
  process = spawn (argv, TRUE);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_successful (process));
  g_assert_cmpstr (stdout_text, ==, "");
  g_assert_nonnull (strstr (stderr_text, "plain HTTP"));
  g_assert_nonnull (strstr (stderr_text, "--tls-cert"));
  g_assert_nonnull (strstr (stderr_text, "--insecure-http"));
  g_clear_object (&process);
  g_clear_pointer (&stderr_text, g_free);

  /* Served when told, with a warning. */
  g_ptr_array_set_size (argv, argv->len - 1);
  g_ptr_array_add (argv, (char *)"--insecure-http");
  process = spawn (argv, TRUE);
  line = first_line (process);
  g_assert_true (g_str_has_prefix (line, "listening on http://0.0.0.0:"));
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  stderr_text = g_malloc0 (4096);
  g_input_stream_read_all (g_subprocess_get_stderr_pipe (process), stderr_text, 4095, NULL, NULL, NULL);
  g_assert_nonnull (strstr (stderr_text, "warning"));
  g_assert_nonnull (strstr (stderr_text, "--insecure-http"));
  g_clear_object (&process);

  /* Loopback needs no flag. */
  g_ptr_array_set_size (argv, 6);
  g_ptr_array_add (argv, (char *)"127.0.0.1:0");
  process = spawn (argv, TRUE);
  g_clear_pointer (&line, g_free);
  line = first_line (process);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);

  g_unlink (wal);
  g_unlink (shm);
  g_unlink (db);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/server-limits/descriptors", test_descriptors);
  g_test_add_func ("/server-limits/connection-limit", test_connection_limit);
  g_test_add_func ("/server-limits/bodies", test_bodies);
  g_test_add_func ("/server-limits/slow-clients", test_slow_clients);
  g_test_add_func ("/server-limits/pull-bytes", test_pull_bytes);
  g_test_add_func ("/server-limits/insecure-http", test_insecure_http);
  g_test_add_func ("/server-limits/tls", test_tls);
  return g_test_run ();
}
