#!/usr/bin/env bash
# Checks at scale: N HTTP checks (default 1,000) every 30 s against a local target, run by two server
# nodes sharing one PostgreSQL, for a while; then prints
#   - how many runs each check got against how many its interval allows (each check once per interval),
#   - the check lag: how much later than its interval each run came after the previous one (p50, p99, max),
#   - the CPU each node used (seconds of CPU per second of wall time, from /proc), and the machine load.
#
#   bench/checks.sh [-n CHECKS] [-i INTERVAL] [-d SECONDS] [-D JDBC_URL]
#
# -D is a PostgreSQL database the run may fill (default: a new database made with createdb on
# 127.0.0.1:5432 as user postgres). Needs the jars (./mvnw -q -DskipTests package; STATUS_SERVER_JAR
# names another), python3 (the target), curl and psql.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
checks=1000; interval=30s; seconds=150; database=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n) checks="$2"; shift 2 ;;
    -i) interval="$2"; shift 2 ;;
    -d) seconds="$2"; shift 2 ;;
    -D) database="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
JAVA="${JAVA:-$(command -v java)}"
jar="${STATUS_SERVER_JAR:-$repo/status-server/target/status-server.jar}"
[[ -f "$jar" ]] || { echo "missing $jar: run ./mvnw -q -DskipTests package first" >&2; exit 2; }
if [[ -z "$database" ]]; then
  name="checks_bench_$(date +%s)"
  createdb -h 127.0.0.1 -U postgres "$name"
  database="jdbc:postgresql://127.0.0.1:5432/$name?user=postgres"
fi
psql_url="$(sed -E 's#^jdbc:postgresql://([^/]+)/([^?]+)\?user=([^&]+).*#postgresql://\3@\1/\2#' <<<"$database")"
token="checks-bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
await_node() {
  for _ in $(seq 180); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 1; done
  echo "node on port $1 did not start:" >&2; tail -20 "$work/node-$1.log" >&2; exit 1
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# the target: answers every path with 200 "ok"
target_port="$(free_port)"
python3 "$repo/bench/ok-target.py" "$target_port" >/dev/null 2>&1 &
pids+=($!)

# starts a node in the background; its pid is in $node_pid
start_node() {
  local port="$1"
  STATUS_DATABASE_URL="$database" STATUS_PORT="$port" STATUS_HOST=127.0.0.1 STATUS_ADMIN_TOKEN="$token" \
    STATUS_ALLOW_PRIVATE_TARGETS=true "$JAVA" -Xmx512m -jar "$jar" >"$work/node-$port.log" 2>&1 &
  node_pid=$!
  pids+=("$node_pid")
}
port_a="$(free_port)"; start_node "$port_a"; pid_a="$node_pid"
await_node "$port_a"
port_b="$(free_port)"; start_node "$port_b"; pid_b="$node_pid"
await_node "$port_b"

admin() { curl -fsS --retry 5 --retry-delay 1 -o /dev/null -X "$1" "http://127.0.0.1:$port_a/api/admin$2" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d "$3"; }
admin POST /services '{"id":"bench","label":"Bench"}'
echo "adding $checks checks every $interval (timeout 5s) ..."
export -f admin; export port_a token interval target_port
seq 0 $((checks - 1)) | xargs -P 8 -I{} bash -c \
  'admin POST /monitors "{\"service\":\"bench\",\"name\":\"c{}\",\"http\":\"http://127.0.0.1:$target_port/c{}\",\"every\":\"$interval\",\"timeout\":\"5s\"}"'

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks="$(getconf CLK_TCK)"
a0="$(cpu "$pid_a")"; b0="$(cpu "$pid_b")"; t0="$(date +%s.%N)"
echo "running for ${seconds}s ..."
sleep "$seconds"
a1="$(cpu "$pid_a")"; b1="$(cpu "$pid_b")"; t1="$(date +%s.%N)"

interval_ms="$(psql -qtA "$psql_url" -c "select interval_ms from statusstream_monitors limit 1")"
echo
echo "== $checks HTTP checks every $interval on two nodes, ${seconds}s =="
psql -qtA -F ' ' "$psql_url" <<SQL
with runs as (
  select monitor_name, at,
         extract(epoch from at - lag(at) over (partition by monitor_name order by at)) * 1000 - $interval_ms as late_ms
  from statusstream_check_results
  where at > now() - interval '$seconds seconds')
select 'runs: ' || count(*) || ' (one per check per interval is about ' || $checks * round($seconds * 1000.0 / $interval_ms) || '; a check lag near minus the interval would mean a double run)',
       '| check lag ms p50 ' || coalesce(round(percentile_cont(0.5) within group (order by late_ms))::text, '-')
       || ' p99 ' || coalesce(round(percentile_cont(0.99) within group (order by late_ms))::text, '-')
       || ' max ' || coalesce(round(max(late_ms))::text, '-')
from runs;
select 'failed runs: ' || count(*) filter (where not ok) || ', mean latency ' || round(avg(latency_ms)) || ' ms'
from statusstream_check_results where at > now() - interval '$seconds seconds';
SQL
awk -v a="$((a1 - a0))" -v b="$((b1 - b0))" -v t0="$t0" -v t1="$t1" -v hz="$ticks" \
  'BEGIN { w = t1 - t0; printf "CPU: node a %.3f, node b %.3f (CPU seconds per second)\n", a / hz / w, b / hz / w }'
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
