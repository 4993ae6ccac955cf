#!/usr/bin/env bash
# Does running checks delay the stream? One node (bench/server.sh, Redis, warm) holds N streams while
# status-bench changes a service M times; rounds alternate between no checks and C HTTP checks every
# INTERVAL on the same node, and each prints the stream's delivery p50/p99, the server's CPU per change
# (a change a second, so CPU milliseconds per second), how many check runs fell in it, and the load
# average before and after.
#
#   bench/checks-stream.sh [-c CHECKS] [-i INTERVAL] [-N STREAMS] [-m CHANGES] [-r ROUNDS]
#
# Defaults: 1,000 checks every 30s, 2,000 streams, 30 changes one second apart, 2 rounds. The checks
# are added once through the admin API and switched off and on between rounds in PostgreSQL (paused;
# on again with their next runs spread over one interval, as checks added over time are), and a round
# with checks starts one interval after they are switched on. Runs on its own ports, database, Redis
# prefix and run directory, so it does not disturb another bench. Needs the jars
# (./mvnw -q -DskipTests package), PostgreSQL and Redis on 127.0.0.1, python3, curl and psql.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
checks=1000; interval=30s; streams=2000; changes=30; rounds=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    -c) checks="$2"; shift 2 ;;
    -i) interval="$2"; shift 2 ;;
    -N) streams="$2"; shift 2 ;;
    -m) changes="$2"; shift 2 ;;
    -r) rounds="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
JAVA="${JAVA:-$(command -v java)}"
[[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]] && JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
stamp="$(date +%s)"
export BENCH_RUN_DIR; BENCH_RUN_DIR="$(mktemp -d)"
export BENCH_PORT; BENCH_PORT="$(free_port)"
export BENCH_WRITE_PORT; BENCH_WRITE_PORT="$(free_port)"
export BENCH_DATABASE="checks_stream_$stamp" BENCH_REDIS_PREFIX="checks-stream-$stamp" JAVA
# in the environment, never on a command line
export STATUS_ADMIN_TOKEN; STATUS_ADMIN_TOKEN="checks-stream-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export STATUS_ALLOW_PRIVATE_TARGETS=true
psql_url="postgresql://postgres@127.0.0.1/$BENCH_DATABASE"
target_pid=""
cleanup() {
  [[ -n "$target_pid" ]] && kill "$target_pid" 2>/dev/null || true
  "$repo/bench/server.sh" stop >/dev/null 2>&1 || true
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists $BENCH_DATABASE with (force)" >/dev/null 2>&1 || true
  redis-cli del "$BENCH_REDIS_PREFIX:snapshot" >/dev/null 2>&1 || true
  rm -rf "$BENCH_RUN_DIR"
}
trap cleanup EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

# the target: answers every path with 200 "ok"
target_port="$(free_port)"
python3 "$repo/bench/ok-target.py" "$target_port" >/dev/null 2>&1 &
target_pid=$!

"$repo/bench/server.sh" start
server_pid="$("$repo/bench/server.sh" pid)"
base="http://127.0.0.1:$BENCH_PORT"
admin() { curl -fsS --retry 5 --retry-delay 1 -o /dev/null -X "$1" "$base/api/admin$2" -H "Authorization: Bearer $STATUS_ADMIN_TOKEN" \
  -H 'Content-Type: application/json' -d "$3"; }
admin POST /services '{"id":"checked","label":"Checked"}'
echo "adding $checks checks every $interval (timeout 5s, or the interval if shorter) to the service 'checked' ..."
export -f admin; export base target_port interval
seq 0 $((checks - 1)) | xargs -P 8 -I{} bash -c \
  'admin POST /monitors "{\"service\":\"checked\",\"name\":\"c{}\",\"http\":\"http://127.0.0.1:$target_port/c{}\",\"every\":\"$interval\"}"'
interval_ms="$(psql -qtA "$psql_url" -c "select interval_ms from statusstream_monitors limit 1")"
checks_off() { psql -qtA "$psql_url" -c "update statusstream_monitors set paused = true" >/dev/null; }
checks_on() {
  psql -qtA "$psql_url" -c "update statusstream_monitors set paused = false,
    next_due_at = now() + random() * interval_ms * interval '1 millisecond'" >/dev/null
  sleep "$(( interval_ms / 1000 + 2 ))"
}

run() { # label
  local before after t0 out
  before="$(load)"; t0="$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)"
  out="$("$JAVA" -XX:+UseSerialGC -jar "$repo/status-bench/target/status-bench.jar" run --url "$base/api/status/stream" \
    --database-url "jdbc:postgresql://127.0.0.1:5432/$BENCH_DATABASE?user=postgres" --redis-url redis://127.0.0.1:6379 \
    --redis-prefix "$BENCH_REDIS_PREFIX" --server-pid "$server_pid" --label "$1" -n "$streams" -m "$changes" --interval 1s \
    --ramp 2000 --settle 1s --miss-timeout 5s 2>/dev/null)"
  after="$(load)"
  local runs
  runs="$(psql -qtA "$psql_url" -c "select count(*) || ' check runs (' || count(*) filter (where not ok) || ' failed)'
    from statusstream_check_results where at >= '$t0'")"
  # the server's CPU per change covers the second between changes: the checks' share of the node shows there
  printf '%-12s %s | server %s | %s | load before %s, after %s\n' "$1" "$(grep -m1 '^delivery' <<<"$out")" \
    "$(grep -m1 -o 'CPU [0-9]* ms per change' <<<"$out")" "$runs" "$before" "$after"
}

echo
echo "== one node, $streams streams, $changes changes 1s apart; $checks HTTP checks every $interval on or off =="
for r in $(seq 1 "$rounds"); do
  checks_off; run "no-checks-$r"
  checks_on; run "checks-$r"
done
echo "machine: $(nproc) cores"
