#!/usr/bin/env bash
# Notifying webhooks: one incident opened through the admin API with N webhook subscribers (default
# 1,000) pointing at a local HTTP sink, timed from the write's commit (its reply) to each receipt at the
# sink. Prints p50/p90/p99/max, how long the whole fan-out took, duplicates, and the machine's load.
#
#   bench/notify.sh [-n WEBHOOKS] [-r ROUNDS] [-c CONCURRENCY] [-N NODES] [-o RESULT.md]
#
# Each run starts its own PostgreSQL (a private cluster in a temporary directory), NODES server nodes
# (default 2, sharing the queue, STATUS_DELIVERY_CONCURRENCY=CONCURRENCY, default 64) and a Python sink
# answering 204 to every request. Each round opens one incident. Needs the server jar
# (./mvnw -q -DskipTests package; STATUS_SERVER_JAR names another), PostgreSQL's server binaries
# (PG_BIN names their folder), curl and python3.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
webhooks=1000; rounds=3; concurrency=64; nodes=2
out="$repo/bench/results/$(date -u +%Y-%m-%d)-notify.md"
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n) webhooks="$2"; shift 2 ;;
    -r) rounds="$2"; shift 2 ;;
    -c) concurrency="$2"; shift 2 ;;
    -N) nodes="$2"; shift 2 ;;
    -o) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

JAVA="${JAVA:-}"
if [[ -z "$JAVA" ]]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/temurin-21-jdk-amd64/bin/java "$(command -v java)"; do
    [[ -x "$candidate" ]] && { JAVA="$candidate"; break; }
  done
fi
server_jar="${STATUS_SERVER_JAR:-$repo/status-server/target/status-server.jar}"
pg_bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
for tool in "$pg_bin/initdb" "$pg_bin/pg_ctl" "$(command -v curl)" "$(command -v python3)" "$server_jar"; do
  [[ -x "$tool" || -f "$tool" ]] || { echo "missing: $tool" >&2; exit 2; }
done

run="$(mktemp -d /tmp/statusstream-notify.XXXXXX)"
chmod 755 "$run"
pg_port=15433; first_port=18490; sink_port=18499
database_url="jdbc:postgresql://127.0.0.1:$pg_port/notify?user=postgres"
token="notify-bench-token-$(date +%s%N)"
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
  [[ -d "$run/pg" ]] && as_pg "$pg_bin/pg_ctl" -D "$run/pg" -m immediate stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

mkdir -p "$run/pg" && [[ "$(id -u)" == 0 ]] && chown postgres "$run/pg"
as_pg "$pg_bin/initdb" -D "$run/pg" -A trust -U postgres >"$run/initdb.log" 2>&1
as_pg "$pg_bin/pg_ctl" -D "$run/pg" -l "$run/pg/server.log" -w \
  -o "-p $pg_port -k $run/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "create database notify" >/dev/null

# the sink: one line per request, "<receipt epoch ms> <delivery id> <event>", answered 204 at once
cat >"$run/sink.py" <<'PY'
import sys, time, threading
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
log = open(sys.argv[2], "a", buffering=1)
lock = threading.Lock()
class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        at = time.time_ns() // 1_000_000
        with lock:
            log.write("%d %s %s\n" % (at, self.headers.get("X-StatusStream-Delivery"), self.headers.get("X-StatusStream-Event")))
        self.send_response(204)
        self.end_headers()
    def log_message(self, *args):
        pass
ThreadingHTTPServer.request_queue_size = 1024
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
PY
python3 "$run/sink.py" "$sink_port" "$run/receipts.log" &
pids+=($!)

for i in $(seq 0 $((nodes - 1))); do
  STATUS_DATABASE_URL="$database_url" STATUS_PORT=$((first_port + i)) STATUS_HOST=127.0.0.1 STATUS_DATA_DIR="$run/data$i" \
    STATUS_ADMIN_TOKEN="$token" STATUS_ALLOW_PRIVATE_TARGETS=true STATUS_DELIVERY_CONCURRENCY="$concurrency" \
    nohup "$JAVA" -jar "$server_jar" >"$run/server$i.log" 2>&1 &
  pids+=($!)
done
for i in $(seq 0 $((nodes - 1))); do
  for _ in $(seq 1 600); do curl -fsS -o /dev/null "http://127.0.0.1:$((first_port + i))/healthz" 2>/dev/null && break; sleep 0.1; done
done
admin() { curl -fsS -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  "http://127.0.0.1:$first_port/api/admin$2" ${3:+--data "$3"}; }

admin POST /services '{"id":"api","label":"Public API"}' >/dev/null
echo "adding $webhooks webhooks"
python3 - "$first_port" "$token" "$sink_port" "$webhooks" <<'PY'
import sys, json, urllib.request
from concurrent.futures import ThreadPoolExecutor
port, token, sink, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def add(i):
    body = json.dumps({"kind": "webhook", "url": "http://127.0.0.1:%s/hook/%d" % (sink, i)}).encode()
    req = urllib.request.Request("http://127.0.0.1:%s/api/admin/subscribers" % port, body, method="POST",
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
with ThreadPoolExecutor(8) as pool:
    list(pool.map(add, range(n)))
PY

rows=()
for round in $(seq 1 "$rounds"); do
  : >"$run/receipts.log"
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  reply="$(admin POST /incidents "{\"title\":\"Bench $round\",\"impact\":\"outage\",\"services\":[\"api\"],\"body\":\"Investigating\"}")"
  committed_ms=$(( $(date +%s%N) / 1000000 ))
  for _ in $(seq 1 1200); do
    [[ "$(wc -l <"$run/receipts.log")" -ge "$webhooks" ]] && break
    sleep 0.1
  done
  sleep 1 # late duplicates, if any, arrive now
  load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
  row="$(python3 - "$run/receipts.log" "$committed_ms" "$webhooks" <<'PY'
import sys
lines = [l.split() for l in open(sys.argv[1]) if l.strip()]
committed, expected = int(sys.argv[2]), int(sys.argv[3])
ids = [l[1] for l in lines]
lat = sorted(max(0, int(l[0]) - committed) for l in lines)
def q(p):
    return lat[min(len(lat) - 1, int(round(p * (len(lat) - 1))))] if lat else float("nan")
print("%d/%d | %d | %d | %d | %d | %d" % (len(set(ids)), expected, q(0.5), q(0.9), q(0.99), lat[-1] if lat else -1,
                                         len(ids) - len(set(ids))))
PY
)"
  rows+=("| $round | $row | $load_before | $load_after |")
  echo "round $round: $row (load $load_before -> $load_after)"
  slug="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["incident"]["slug"])' <<<"$reply")"
  admin POST "/incidents/$slug/resolve" '{}' >/dev/null
  # the resolution notifies too: let it drain before the next round
  for _ in $(seq 1 1200); do
    [[ "$(wc -l <"$run/receipts.log")" -ge $((2 * webhooks)) ]] && break
    sleep 0.1
  done
done

mkdir -p "$(dirname "$out")"
{
  echo "# Notify: one incident to $webhooks webhooks"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $nodes nodes, STATUS_DELIVERY_CONCURRENCY=$concurrency, sink: Python ThreadingHTTPServer on the same machine."
  echo "Latency: from the admin API's reply to the write (the commit) to the sink's receipt, in ms."
  echo
  echo "| round | delivered | p50 | p90 | p99 | max | duplicates | load before | load after |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$out"
echo "written to $out"
