package dev.statusstream.server;

import dev.statusstream.server.page.PageHistory;

/** The text of {@code --help}. */
final class Usage {
    static final String TEXT = """
            Usage: java -jar status-server.jar [--setting value ...]

            Every setting is an environment variable and a flag (STATUS_PORT is --port); a flag wins.
            Secrets are refused as flags (ps shows them): the admin token, and a database, Redis or SMTP URL
            holding a password, go in the environment (or STATUS_ADMIN_TOKEN_FILE).

              STATUS_DATABASE_URL       PostgreSQL, jdbc:postgresql://... or postgres://user:pw@host/db
                                        (unset: an embedded PostgreSQL in STATUS_DATA_DIR)
              STATUS_REDIS_URL          redis://host:6379 (unset: single node, no Redis)
              STATUS_HOST               listen address (default 0.0.0.0)
              STATUS_PORT               listen port (default 8080)
              STATUS_MODE               development (default) or production
              STATUS_ALLOWED_ORIGINS    origins allowed to open the stream, comma-separated
              STATUS_ADMIN_TOKEN        admin API bearer tokens, comma-separated (unset: admin API off, except
                                        with the embedded database, which keeps one in STATUS_DATA_DIR/admin-token);
                                        never a flag: ps would show it
              STATUS_ADMIN_TOKEN_FILE   a file holding the admin tokens instead (comma- or line-separated)
              STATUS_CACHE_TTL          Redis snapshot cache lifetime (default 60s)
              STATUS_HEARTBEAT          stream heartbeat interval (default 30s)
              STATUS_DEFAULT_LANGUAGE   language every text must have (default en)
              STATUS_RECENT_INCIDENTS   how long resolved incidents stay in the snapshot (/api/status, the
                                        stream; default 7d); the page lists %d days of past incidents
              STATUS_REDIS_PREFIX       Redis key prefix (default status: channel status:updates)
              STATUS_RESYNC_INTERVAL    how often to compare versions with PostgreSQL (default 5s)
              STATUS_SLOW_CLIENT_LIMIT  drop a stream whose socket stays blocked this long (default 20s)
              STATUS_MAX_STREAMS        streams per node (default: open-file limit - 500)
              STATUS_MAX_STREAMS_PER_IP streams per client address (default 1000)
              STATUS_DATA_DIR           embedded database and CLI connection file (default ./status-data)
              STATUS_PAGE_NAME          the page's name in feeds and the Statuspage API (default Status)
              STATUS_PUBLIC_URL         the page's public address, https://status.example.com
                                        (default http://localhost:PORT); links in feeds and APIs
              STATUS_TRUSTED_PROXIES    reverse proxies (IPs or CIDR ranges) whose X-Forwarded-For
                                        names the client, e.g. 10.0.0.0/8 (default: none)
              STATUS_REQUEST_HEADER_TIMEOUT  close a connection whose request line and headers take
                                        longer than this to arrive (default 10s; streams are not cut)
              STATUS_DELIVERY_CONCURRENCY  notifications this node sends at once (default 16; 0: none,
                                        other nodes deliver)
              STATUS_DELIVERY_LEASE     how long a node's claim on a notification holds before another
                                        node may send it (default 30s)
              STATUS_DELIVERY_FIRST_RETRY  longest wait before a failed notification's first retry; later
                                        ones double, to at most 1h (default 30s)
              STATUS_DELIVERY_RETRY_FOR how long a notification is retried, and how long a subscriber may
                                        fail before it is disabled (default 24h)
              STATUS_MAINTENANCE_REMINDER  how long before a maintenance window its reminder goes out (default 1h)
              STATUS_SMTP_URL           mail server for email subscriptions, smtp://user:pw@host:587
                                        (STARTTLS when offered) or smtps://...; never a flag when it
                                        holds a password (unset: email subscription off)
              STATUS_MAIL_FROM          sender of subscription mail, Example Status <status@example.com>
              STATUS_ALLOW_PRIVATE_TARGETS  true lets webhooks reach loopback, private and link-local
                                        addresses (default false: refused; for tests and private networks)

            Durations are written 500ms, 30s, 2m, 1h, 7d. Blank values count as unset. STATUS_* variables
            that are not settings are ignored with a warning.

            Every process that writes to one page (server nodes, the status CLI in direct mode, embedding
            applications) must share STATUS_DEFAULT_LANGUAGE, STATUS_CACHE_TTL, STATUS_RECENT_INCIDENTS
            and STATUS_REDIS_PREFIX: a writer builds and publishes the snapshot with its own.
            """.formatted(PageHistory.PAST_DAYS);

    private Usage() {
    }
}
