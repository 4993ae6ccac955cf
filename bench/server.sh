#!/usr/bin/env bash
# Start/stop a StatusStream server for benchmarks, plus the benchmark's write endpoint (for HTTP load tools).
#   bench/server.sh start    server on :18080, write endpoint on 127.0.0.1:18099, fresh database
#   bench/server.sh stop
#   bench/server.sh pid      the server's pid (for status-bench --server-pid)
# start warms the server up (2,000 streams, 30 changes) and the write endpoint (1,000 writes); BENCH_WARMUP=0 skips it.
# Environment: BENCH_SERVER_ENV (extra settings for the server, e.g. "STATUS_HEARTBEAT=5s"), BENCH_DATABASE (default statusstream_bench on 127.0.0.1:5432, recreated by start),
# BENCH_REDIS_URL (redis://127.0.0.1:6379), BENCH_REDIS_PREFIX (bench), SERVER_JAVA_OPTS (the
# recommended flags from the README), BENCH_PORT (18080), BENCH_WRITE_PORT (18099), JAVA, BENCH_SERVER_JAR.
# Build first: ./mvnw -q -DskipTests package
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run="${BENCH_RUN_DIR:-/tmp/statusstream-bench}"
JAVA="${JAVA:-$(command -v java)}"
[[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java && -z "${JAVA_SET:-}" ]] && JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
db="${BENCH_DATABASE:-statusstream_bench}"
pg_host="${BENCH_PG_HOST:-127.0.0.1}"
database_url="jdbc:postgresql://$pg_host:5432/$db?user=postgres"
redis_url="${BENCH_REDIS_URL:-redis://127.0.0.1:6379}"
prefix="${BENCH_REDIS_PREFIX:-bench}"
port="${BENCH_PORT:-18080}"
write_port="${BENCH_WRITE_PORT:-18099}"
# The README's recommended server flags ("Running many streams"): serial GC, a small heap, C1 only.
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--XX:+UseSerialGC -Xms96m -Xmx512m -XX:MaxDirectMemorySize=256m -XX:TieredStopAtLevel=1}"
mkdir -p "$run"

alive() { [[ -s "$run/$1.pid" ]] && kill -0 "$(cat "$run/$1.pid")" 2>/dev/null; }
stop_one() {
  if alive "$1"; then
    local p; p="$(cat "$run/$1.pid")"
    kill -TERM "$p"
    for _ in $(seq 1 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && kill -KILL "$p"
  fi
  rm -f "$run/$1.pid"
}

case "${1:-}" in
  start)
    alive server && { echo "bench server already running (pid $(cat "$run/server.pid"))"; exit 0; }
    ulimit -n "$(ulimit -Hn)"
    psql -h "$pg_host" -U postgres -qc "drop database if exists $db with (force)" -c "create database $db" >/dev/null
    redis-cli -u "$redis_url" del "$prefix:snapshot" >/dev/null || true
    STATUS_DATABASE_URL="$database_url" STATUS_REDIS_URL="$redis_url" STATUS_REDIS_PREFIX="$prefix" \
      nohup "$JAVA" -jar "$repo/status-bench/target/status-bench.jar" write-endpoint --port "$write_port" \
      >"$run/write.log" 2>&1 &
    echo $! >"$run/write.pid"
    for _ in $(seq 1 200); do grep -q "write endpoint on" "$run/write.log" 2>/dev/null && break; sleep 0.1; done
    STATUS_DATABASE_URL="$database_url" STATUS_REDIS_URL="$redis_url" STATUS_REDIS_PREFIX="$prefix" \
      STATUS_PORT="$port" STATUS_HOST=127.0.0.1 STATUS_DATA_DIR="$run/data" \
      nohup env ${BENCH_SERVER_ENV:-} "$JAVA" $SERVER_JAVA_OPTS -jar "${BENCH_SERVER_JAR:-$repo/status-server/target/status-server.jar}" >"$run/server.log" 2>&1 &
    echo $! >"$run/server.pid"
    for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break; sleep 0.1; done
    curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" || { echo "the server did not start, see $run/server.log" >&2; exit 1; }
    if [[ "${BENCH_WARMUP:-1}" != 0 ]]; then
      # A node serves for days; measure it warm, not its first seconds of JIT compilation.
      "$JAVA" -XX:+UseSerialGC -jar "$repo/status-bench/target/status-bench.jar" run --url "http://127.0.0.1:$port/api/status/stream" \
        --database-url "$database_url" --redis-url "$redis_url" --redis-prefix "$prefix" --label warmup \
        -n 2000 -m 30 --interval 100ms --ramp 4000 --settle 200ms --miss-timeout 1s >"$run/warmup.log" 2>&1 \
        || { echo "warm-up failed, see $run/warmup.log" >&2; exit 1; }
      # the write endpoint (an HTTP load tool's publisher) writes warm too, as a server node handling admin writes does
      # (one curl, one kept-alive connection, 1,000 writes)
      curl -fsS -X PUT -d '{"status":"operational","summary":"warm"}' \
        $(printf "http://127.0.0.1:$write_port/status/bench-7 %.0s" $(seq 1 1000)) >/dev/null
      # the warm-up's streams are closed now; two more writes let the server notice and release them
      for k in 1 2; do
        curl -fsS -o /dev/null -X PUT -d '{"status":"operational","summary":"warm"}' "http://127.0.0.1:$write_port/status/bench-0"
        sleep 0.5
      done
    fi
    echo "bench server: pid $(cat "$run/server.pid") on :$port, write endpoint pid $(cat "$run/write.pid") on :$write_port"
    ;;
  stop)
    stop_one server
    stop_one write
    echo "bench server stopped"
    ;;
  pid) cat "$run/server.pid" ;;
  database-url) echo "$database_url" ;;
  *) echo "usage: $0 start|stop|pid|database-url" >&2; exit 2 ;;
esac
