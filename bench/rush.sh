#!/usr/bin/env bash
# The rush: everyone opens the status page at once. StatusStream next to nginx serving the very same bytes
# as static files (fetched from StatusStream, with their gzip copies for gzip_static), measured with wrk
# in one run, and the ratios printed:
#   - GET / and GET /api/status, without and with Accept-Encoding: gzip,
#   - in three situations: idle, while 10,000 SSE streams are open (held by status-bench), and with
#     PostgreSQL stopped.
#
#   bench/rush.sh [-r ROUNDS] [-d DURATION] [-c CONNECTIONS] [-n STREAMS] [-w WIDE] [-S] [-P] [-L] [-B] [-o RESULT.md]
#
# With the streams open it also compares the stream itself with nginx+nchan (bench/nchan.conf, needs
# libnginx-mod-nchan): delivery latency of 10 changes to every stream (overall, and the p99 of the first
# two changes after the connect wave against the later ones), time to first event under a 2,000/s ramp,
# memory, CPU per change and per connect, then the same at 19,500 streams (the most one process holds
# here), with what was missed and refused (-S skips it; -P skips the page runs and compares only the
# stream). -L also gives the Java heap the first wave of streams keeps alive (two full collections after
# its RSS is read, so the later figures of the round follow a collected heap: off by default). Before the
# compared runs, 30 changes go to 1,000 streams, unmeasured, so that the server's broadcast path is
# compiled as on a node that has served a while (-B skips them: a fresh node's first broadcasts). Last,
# every target of the rush as a ratio, met or missed, per round.
# Every figure comes with the machine's load average: on a shared machine, read them with it.
# BENCH_PORT_OFFSET moves the ports (15432, 18480-18482) when another run shares the machine.
#
# Defaults: 3 rounds, wrk -t2 -c64 -d10s, 10,000 streams, 19,500 in the wide run (-w 0 skips it), the
# tables written to bench/results/<date>-rush.md. Each round starts its own PostgreSQL (a private cluster in a temporary
# directory, never the machine's), a server with default settings (single node, no Redis) seeded with
# 8 services and one open incident (status-bench seed), warmed for 32 s, and nginx with one worker.
# Needs the jars (./mvnw -q -DskipTests package; STATUS_SERVER_JAR and STATUS_BENCH_JAR name others),
# PostgreSQL's server binaries (initdb, pg_ctl; PG_BIN names their folder), nginx and wrk.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=3; duration=10s; connections=64; streams=10000; wide=19500; compare_streams=1; pages=1; live=0; warm_broadcasts=1
out="$repo/bench/results/$(date -u +%Y-%m-%d)-rush.md"
while [[ $# -gt 0 ]]; do
  case "$1" in
    -r) rounds="$2"; shift 2 ;;
    -d) duration="$2"; shift 2 ;;
    -c) connections="$2"; shift 2 ;;
    -n) streams="$2"; shift 2 ;;
    -w) wide="$2"; shift 2 ;;
    -o) out="$2"; shift 2 ;;
    -S) compare_streams=0; shift ;;
    -P) pages=0; shift ;;
    -L) live=1; shift ;;
    -B) warm_broadcasts=0; shift ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
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
bench_jar="${STATUS_BENCH_JAR:-$repo/status-bench/target/status-bench.jar}"
pg_bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
for tool in "$pg_bin/initdb" "$pg_bin/pg_ctl" "$(command -v nginx)" "$(command -v wrk)" "$server_jar" "$bench_jar"; do
  [[ -x "$tool" || -f "$tool" ]] || { echo "missing: $tool" >&2; exit 2; }
done

run="$(mktemp -d /tmp/statusstream-rush.XXXXXX)"
chmod 755 "$run"
offset="${BENCH_PORT_OFFSET:-0}"
pg_port=$((15432 + offset)); port=$((18480 + offset)); nginx_port=$((18481 + offset)); nchan_port=$((18482 + offset))
database_url="jdbc:postgresql://127.0.0.1:$pg_port/rush?user=postgres"
ulimit -n "$(ulimit -Hn)"

# PostgreSQL refuses to run as root: as root, its cluster belongs to the postgres user
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
  [[ -s "$run/nginx.pid" ]] && kill "$(cat "$run/nginx.pid")" 2>/dev/null || true
  [[ -s "$run/nchan.pid" ]] && kill "$(cat "$run/nchan.pid")" 2>/dev/null || true
  [[ -d "$run/pg" ]] && as_pg "$pg_bin/pg_ctl" -D "$run/pg" -m immediate stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

postgres_start() {
  if [[ ! -d "$run/pg" ]]; then
    mkdir -p "$run/pg" && [[ "$(id -u)" == 0 ]] && chown postgres "$run/pg"
    as_pg "$pg_bin/initdb" -D "$run/pg" -A trust -U postgres >"$run/initdb.log" 2>&1
  fi
  as_pg "$pg_bin/pg_ctl" -D "$run/pg" -l "$run/pg/server.log" -w \
    -o "-p $pg_port -k $run/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
}
postgres_stop() { as_pg "$pg_bin/pg_ctl" -D "$run/pg" -m fast -w stop >/dev/null; }

rss_kb() { awk '$1 == "VmRSS:" {print $2}' "/proc/$1/status"; }
first_wave_rss=-1
# The live heap, in bytes: the total of a class histogram, which collects the garbage first (a full GC).
# Only ever taken after the RSS reading, which it would change (a full GC may shrink the heap).
jcmd_bin="$(dirname "$JAVA")/jcmd"
live_heap_bytes() { [[ -x "$jcmd_bin" ]] && "$jcmd_bin" "$1" GC.class_histogram 2>/dev/null | awk '$1 == "Total" {print $3}'; }
first_wave_live=-1

metric() { curl -fsS "http://127.0.0.1:$port/metrics" | awk -v s="$1" '$1 == s {print $2}'; }

server_start() {
  STATUS_DATABASE_URL="$database_url" STATUS_PORT="$port" STATUS_HOST=127.0.0.1 STATUS_DATA_DIR="$run/data" \
    nohup "$JAVA" -jar "$server_jar" >"$run/server.log" 2>&1 &
  server_pid=$!; pids+=("$server_pid")
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && return; sleep 0.1; done
  echo "the server did not start, see $run/server.log" >&2; exit 1
}

nginx_start() {
  mkdir -p "$run/www/api" "$run/nginx-temp"
  # the same bytes StatusStream sends: identity, and its own gzip copy for gzip_static
  curl -fsS -o "$run/www/index.html" "http://127.0.0.1:$port/"
  curl -fsS -H 'Accept-Encoding: gzip' -o "$run/www/index.html.gz" "http://127.0.0.1:$port/"
  curl -fsS -o "$run/www/api/status" "http://127.0.0.1:$port/api/status"
  curl -fsS -H 'Accept-Encoding: gzip' -o "$run/www/api/status.gz" "http://127.0.0.1:$port/api/status"
  sed -e "s#@ROOT@#$run/www#g" -e "s#@RUN@#$run#g" -e "s#@PORT@#$nginx_port#g" "$repo/bench/rush-nginx.conf" >"$run/nginx.conf"
  nginx -c "$run/nginx.conf" -p "$run" -g "pid $run/nginx.pid;"
  for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port/" 2>/dev/null && return; sleep 0.1; done
  echo "nginx did not start, see $run/nginx-error.log" >&2; exit 1
}

# wrk's requests per second, or "errors" when any answer was not 2xx/3xx
measure() {
  local url="$1" encoding="$2" args=(-t2 -c"$connections" -d"$duration" --latency)
  [[ "$encoding" == gzip ]] && args+=(-H 'Accept-Encoding: gzip')
  local report; report="$(wrk "${args[@]}" "$url" 2>&1)"
  echo "$report" >>"$run/wrk.log"
  if grep -q "Non-2xx\|Socket errors" <<<"$report"; then
    grep "Non-2xx\|Socket errors" <<<"$report" >&2
  fi
  awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$report"
}

# The stream itself: N streams and 10 changes a second apart, on StatusStream (each change a real write:
# a PostgreSQL commit through the library) and on nginx+nchan (a POST into its memory), by status-bench.
stream_rows=()
stream_run() {
  local label="$1" pid="$2" count="$3"; shift 3
  local log="$run/stream-$label-$count-$round.log"
  "$JAVA" -XX:+UseSerialGC -jar "$bench_jar" run -n "$count" -m 10 --interval 1s --ramp 2000 --max-pending 1000 \
    --settle 1s --miss-timeout 5s --server-pid "$pid" --label "$label" "$@" >"$log" 2>&1 || true
  local json; json="$(grep '^{"label"' "$log" | tail -1)"
  [[ -n "$json" ]] || { echo "status-bench against $label failed, see $log" >&2; return; }
  # StatusStream's memory per stream is what its first wave of streams added (see below): this later
  # wave finds the heap the first one grew and adds next to nothing
  [[ "$label" == statusstream ]] && json="$(python3 -c 'import json,sys; j=json.loads(sys.argv[1])
j["server"]["rss_per_stream_kb"] = float(sys.argv[2]) if sys.argv[4] == "first" else -1
j["server"]["live_heap_per_stream_kb"] = float(sys.argv[3]) if sys.argv[4] == "first" else -1
print(json.dumps(j))' "$json" "$first_wave_rss" "$first_wave_live" "$([[ "$count" == "$streams" ]] && echo first || echo later)")"
  printf '%s\tstream\t%s\n' "$round" "$json" >>"$run/figures.tsv"
  local row; row="$(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); d=j["delivery"]; s=j["server"]
k=d.get("p99_by_change_ms") or [0]; first=max(k[:2]); later=max(k[2:]) if len(k) > 2 else 0
rss = "-" if s["rss_per_stream_kb"] < 0 else "%.1f" % s["rss_per_stream_kb"]
live = "-" if s.get("live_heap_per_stream_kb", -1) < 0 else "%.1f" % s["live_heap_per_stream_kb"]
print("%d | %d/%d | %.0f | %.0f | %.0f | %.0f / %.0f | %d | %d | %d | %.0f | %s | %s | %.0f | %.0f" % (j["streams"], j["ready"],
  j["streams"], d["p50_ms"], d["p99_ms"], d["max_ms"], first, later, d["missed"], d.get("superseded", 0),
  j["streams"] - j["ready"], j["connect"]["ttfe_p99_ms"], rss, live, s["cpu_ms_per_change"],
  s["cpu_us_per_connect"]))' "$json")"
  stream_rows+=("| $round | $label | $row | $(cut -d' ' -f1-3 /proc/loadavg) |")
  echo "    stream $label: $row"
}

streams_compare() {
  local module; module="$(ls /usr/lib/nginx/modules/ngx_nchan_module.so /usr/share/nginx/modules/ngx_nchan_module.so 2>/dev/null | head -1)"
  # A node serves for days and has sent changes to its streams before the outage: its broadcast path
  # is compiled. 30 changes to 1,000 streams (not measured) warm it, so that the runs below measure that
  # and not the JIT compiling it during the first changes (-B skips this: a node's first broadcasts).
  if [[ "$warm_broadcasts" == 1 ]]; then
    "$JAVA" -XX:+UseSerialGC -jar "$bench_jar" run -n 1000 -m 30 --interval 100ms --ramp 2000 --settle 1s \
      --warm-writes 0 --label warm-broadcasts --url "http://127.0.0.1:$port/api/status/stream" \
      --database-url "$database_url" >"$run/stream-warm-$round.log" 2>&1 || true
  fi
  for count in "$streams" "$wide"; do
    [[ "$count" -gt 0 ]] || continue
    # the streams of the last run are given back first: the node's limit is 19,500 here
    for _ in $(seq 1 100); do [[ "$(metric statusstream_streams_open)" == 0.0 ]] && break; sleep 0.2; done
    stream_run statusstream "$server_pid" "$count" --url "http://127.0.0.1:$port/api/status/stream" \
      --database-url "$database_url" --warm-writes 300
    if [[ -z "$module" ]]; then echo "no nchan module (apt-get install libnginx-mod-nchan): skipping nchan" >&2; continue; fi
    sed -e "s#@MODULE@#$module#g" -e "s#@RUN@#$run#g" -e "s#@PORT@#$nchan_port#g" "$repo/bench/nchan.conf" >"$run/nchan.conf"
    nginx -c "$run/nchan.conf" -p "$run" -g "pid $run/nchan.pid;"
    sleep 0.5
    local worker; worker="$(pgrep -P "$(cat "$run/nchan.pid")" | head -1)"
    stream_run nchan "$worker" "$count" --url "http://127.0.0.1:$nchan_port/api/status/stream" \
      --publish-url "http://127.0.0.1:$nchan_port/pub"
    kill "$(cat "$run/nchan.pid")"; rm -f "$run/nchan.pid"
    sleep 1
  done
}

rows=()
situation() {
  local name="$1"
  [[ "$pages" == 1 ]] || return 0
  for path in / /api/status; do
    for encoding in identity gzip; do
      local load; load="$(cut -d' ' -f1-3 /proc/loadavg)"
      local ours theirs
      ours="$(measure "http://127.0.0.1:$port$path" "$encoding")"
      theirs="$(measure "http://127.0.0.1:$nginx_port$path" "$encoding")"
      local ratio; ratio="$(awk -v a="$ours" -v b="$theirs" 'BEGIN {if (b > 0) printf "%.2f", a / b; else printf "-"}')"
      rows+=("| $round | $name | \`GET $path\` | $encoding | $ours | $theirs | $ratio | $load |")
      printf '%s\tpage\t%s\t%s\t%s\t%s\n' "$round" "$name" "$path" "$encoding" "$ratio" >>"$run/figures.tsv"
      printf '%-3s %-22s %-12s %-8s %8s %8s %6s   load %s\n' "$round" "$name" "$path" "$encoding" "$ours" "$theirs" "$ratio" "$load"
    done
  done
}

printf '%-3s %-22s %-12s %-8s %8s %8s %6s\n' round situation path coding ours nginx ratio
for round in $(seq 1 "$rounds"); do
  postgres_start
  as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "drop database if exists rush with (force)" \
    -c "create database rush" >/dev/null 2>&1
  server_start
  "$JAVA" -jar "$bench_jar" seed --database-url "$database_url" >"$run/seed.log" 2>&1
  # the server follows the seed's changes through PostgreSQL; wait for its page to show them
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/api/status" | grep -q bench-7 && break; sleep 0.1; done
  nginx_start
  # a node serves for days: measure it warm, not its first seconds of JIT compilation
  [[ "$pages" == 1 ]] && for path in / /api/status; do
    wrk -t2 -c"$connections" -d8s "http://127.0.0.1:$port$path" >/dev/null
    wrk -t2 -c"$connections" -d8s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port$path" >/dev/null
  done
  bytes="$(stat -c %s "$run/www/index.html") B page ($(stat -c %s "$run/www/index.html.gz") B gzip), $(stat -c %s "$run/www/api/status") B snapshot ($(stat -c %s "$run/www/api/status.gz") B gzip)"

  situation "idle"

  if [[ "$streams" -gt 0 ]]; then
    rss_before="$(rss_kb "$server_pid")"
    "$JAVA" -XX:+UseSerialGC -jar "$bench_jar" run --url "http://127.0.0.1:$port/api/status/stream" \
      --database-url "$database_url" -n "$streams" -m 0 --warm-writes 0 --ramp 2000 --settle 600s --label rush-streams \
      >"$run/streams.log" 2>&1 &
    streams_pid=$!; pids+=("$streams_pid")
    for _ in $(seq 1 600); do
      open="$(metric statusstream_streams_open)"; [[ "${open%.*}" -ge "$streams" ]] 2>/dev/null && break; sleep 0.2
    done
    [[ "${open%.*}" -ge "$streams" ]] || { echo "only ${open:-0} streams opened, see $run/streams.log" >&2; exit 1; }
    sleep 1
    first_wave_rss="$(awk -v a="$rss_before" -v b="$(rss_kb "$server_pid")" -v n="$streams" 'BEGIN {printf "%.2f", (b - a) / n}')"
    situation "$streams streams open"
    # the heap the streams keep alive: live heap with them open, less the live heap once they are gone
    [[ "$live" == 1 ]] && live_with="$(live_heap_bytes "$server_pid")"
    kill "$streams_pid" 2>/dev/null || true; wait "$streams_pid" 2>/dev/null || true
    if [[ "$live" == 1 ]]; then
      for _ in $(seq 1 100); do [[ "$(metric statusstream_streams_open)" == 0.0 ]] && break; sleep 0.2; done
      live_without="$(live_heap_bytes "$server_pid")"
      first_wave_live="$(awk -v a="${live_without:-0}" -v b="${live_with:-0}" -v n="$streams" \
        'BEGIN {if (a > 0 && b > 0) printf "%.2f", (b - a) / n / 1024; else print -1}')"
    fi
    [[ "$compare_streams" == 1 ]] && streams_compare
  fi

  postgres_stop
  for _ in $(seq 1 200); do [[ "$(metric statusstream_reads_postgres_down)" == 1.0 ]] && break; sleep 0.1; done
  situation "PostgreSQL stopped"

  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  kill "$(cat "$run/nginx.pid")"; rm -f "$run/nginx.pid"
  sleep 1
done

mkdir -p "$(dirname "$out")"
{
  echo "# The rush: StatusStream next to nginx serving the same bytes"
  echo
  echo "\`bench/rush.sh -r $rounds -d $duration -c $connections -n $streams -w $wide\`, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores,"
  echo "wrk -t2 -c$connections -d$duration on the same machine. StatusStream: default settings, one node, no Redis,"
  echo "8 services and one open incident; nginx $(nginx -v 2>&1 | sed 's#.*/##'), one worker, the same bytes as static files"
  echo "(gzip_static). Sizes: $bytes. Load: /proc/loadavg (1, 5, 15 min) before each pair of runs."
  echo
  echo "| round | situation | request | coding | StatusStream req/s | nginx req/s | ratio | load before |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  if [[ ${#stream_rows[@]} -gt 0 ]]; then
    echo
    echo "The stream: $streams streams (status-bench, ramp 2,000/s), 10 changes 1 s apart; StatusStream's are"
    echo "writes through the library (a PostgreSQL commit each), nginx+nchan's POSTs into its memory (one worker)."
    echo
    echo "Both servers run as a user starts them: StatusStream with \`java -jar\` and no JVM flags, nginx+nchan with"
    echo "bench/nchan.conf. \"first two / later\" is the worst p99 of changes 1-2 (right after the connect wave) and of 3-10."
    if [[ "$warm_broadcasts" == 1 ]]; then
      echo "Before them, 30 unmeasured changes went to 1,000 streams on StatusStream: its broadcast path is compiled, as on a node that has served a while."
    else
      echo "No change went to any stream before them (-B): StatusStream's first broadcasts ran while its JIT compiled the broadcast path."
    fi
    echo
    echo "\"missed\" is a change no event brought (itself or a newer snapshot) within 5 s; \"superseded\" counts"
    echo "changes a stream got as a newer snapshot instead (a client that fell behind is sent only the newest), and"
    echo "\"refused\" streams that never opened. StatusStream's RSS per stream is what its first wave of streams added"
    echo "(later waves find the heap grown: \"-\"). \"live heap\" (with -L) is not resident memory: it is the Java heap"
    echo "those streams keep reachable (a class histogram's total, taken after the RSS reading, with the streams"
    echo "open less the same once they are closed, per stream); the RSS column is the one compared with nchan."
    echo
    echo "| round | target | streams | ready | delivery p50 (ms) | p99 (ms) | max (ms) | p99 first two / later (ms) | missed | superseded | refused | first event p99 (ms) | RSS per stream (KiB) | live heap per stream (KiB) | CPU per change (ms) | CPU per connect (µs) | load after |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${stream_rows[@]}"
  fi
  echo
  python3 "$repo/bench/rush-targets.py" "$run/figures.tsv" "$streams" "$wide"
} >"$out"
python3 "$repo/bench/rush-targets.py" "$run/figures.tsv" "$streams" "$wide"
echo "tables written to $out; logs in $run"
