#!/usr/bin/env bash
# One incident update mailed to N confirmed email subscribers (default 10,000) through a local SMTP
# server: prints the time from the update's commit to each mail's arrival (p50, p99, max), the
# throughput, and the machine's load. Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and python3.
#
#   ./mvnw -q -DskipTests package && bench/notify-mail.sh
#
# Environment: BENCH_SUBSCRIBERS (10000), BENCH_DATABASE (statusstream_bench_mail, recreated),
# BENCH_PORT (18180), BENCH_SMTP_PORT (18125), BENCH_NODES (1: server nodes delivering from the same
# queue), BENCH_SERVER_ENV (extra settings, e.g. "STATUS_DELIVERY_CONCURRENCY=32"), BENCH_FIRST_NODE_ENV
# (settings for the first node only, after those: "STATUS_DELIVERY_CONCURRENCY=0" with BENCH_NODES=2
# leaves the mail to the second node while the first holds the streams), JAVA,
# BENCH_STREAMS (0: with N > 0, N live streams are opened on the first node with status-bench, and status
# changes 500 ms apart are timed to every stream: 20 before the update (a warm-up, also reported), then
# from the update on for as long as its mails go out (at least 10), then alone again, as many
# as while mailing, so the last two delivery p99s, over the same number of changes, show what mailing
# costs the live page; needs status-bench.jar),
# BENCH_SINK_NICE (0: with N > 0 the SMTP sink runs under nice -n N, so that on a small machine the
# sink, which stands for a mail server on another host, yields the cores to the node under test),
# BENCH_DELIVERY_NICE (0: with N > 0 nodes 2.. run under nice -n N, so that on one machine the scheduler
# gives the first node, which holds the streams, the cores when it needs them, as a delivery node on a
# host of its own would; with BENCH_FIRST_NODE_ENV="STATUS_DELIVERY_CONCURRENCY=0" and BENCH_NODES=2).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run="$(mktemp -d /tmp/statusstream-notify-mail.XXXXXX)"
JAVA="${JAVA:-$(command -v java)}"
[[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java && -z "${JAVA_SET:-}" ]] && JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
subscribers="${BENCH_SUBSCRIBERS:-10000}"
db="${BENCH_DATABASE:-statusstream_bench_mail}"
port="${BENCH_PORT:-18180}"
smtp_port="${BENCH_SMTP_PORT:-18125}"
nodes="${BENCH_NODES:-1}"
token="bench-mail-admin-token-0123456789"
jar="$repo/status-server/target/status-server.jar"
[[ -f "$jar" ]] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $db" -c "create database $db" postgres >/dev/null
nice -n "${BENCH_SINK_NICE:-0}" python3 "$repo/bench/smtp-sink.py" "$smtp_port" "$run/arrivals" &
pids+=($!)

for n in $(seq 1 "$nodes"); do
  nice -n "$([[ $n -eq 1 ]] && echo 0 || echo "${BENCH_DELIVERY_NICE:-0}")" \
    env STATUS_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres" STATUS_PORT=$((port + n - 1)) \
      STATUS_HOST=127.0.0.1 STATUS_ADMIN_TOKEN="$token" STATUS_SMTP_URL="smtp://127.0.0.1:$smtp_port" \
      STATUS_MAIL_FROM="Bench Status <status@bench.test>" STATUS_PAGE_NAME="Bench Status" ${BENCH_SERVER_ENV:-} \
      $([[ $n -eq 1 ]] && echo "${BENCH_FIRST_NODE_ENV:-}") \
      "$JAVA" -XX:+UseSerialGC -Xmx512m -jar "$jar" >"$run/node$n.log" 2>&1 &
  pids+=($!)
done
for n in $(seq 1 "$nodes"); do
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$((port + n - 1))/readyz" >/dev/null && break; sleep 0.2; done
done

admin() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
admin -X POST "http://127.0.0.1:$port/api/admin/services" -d '{"id":"api","label":"Public API"}' >/dev/null
slug=$(admin -X POST "http://127.0.0.1:$port/api/admin/incidents" \
  -d '{"title":"API latency","impact":"degraded","services":["api"],"body":"Investigating"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["incident"]["slug"])')

streams="${BENCH_STREAMS:-0}"
# stream_bench LABEL CHANGES [--until FILE]: the delivery line of one status-bench run
stream_bench() {
  "$JAVA" -jar "$repo/status-bench/target/status-bench.jar" run --url "http://127.0.0.1:$port/api/status/stream" \
    --database-url "jdbc:postgresql://127.0.0.1:5432/$db?user=postgres" -n "$streams" -m "$2" --interval 500ms \
    --warm-writes 200 --label "$1" "${@:3}" 2>&1 | python3 -c '
import re, statistics, sys
lines = sys.stdin.read().splitlines()
delivery = next((l for l in lines if l.startswith("delivery")), "no delivery line")
each = next((l for l in lines if "p99 of each change" in l), "")
p99s = sorted(float(x) for x in re.findall(r"[0-9.]+", each.split(":", 1)[-1]))
# one slow broadcast reaches all streams at once, so the p99 of all deliveries is about the worst change;
# the median of the p99s of single changes says how a typical change fared
print(delivery + (f"; p99 of the median change {statistics.median(p99s):.0f} ms" if p99s else ""))'
}
if [[ "$streams" -gt 0 ]]; then
  "$JAVA" -jar "$repo/status-bench/target/status-bench.jar" seed --database-url "jdbc:postgresql://127.0.0.1:5432/$db?user=postgres" >/dev/null
  echo "live stream alone, warm-up: $(stream_bench warm-up 20)"
fi

# the subscribers, confirmed (what the confirmation flow leaves behind), after the incident was opened:
# the update below is the one change mailed to all of them
psql -q -h 127.0.0.1 -U postgres "$db" -c "
  insert into statusstream_subscribers (id, kind, target, language, state, created_at, created_by, confirmed_at, token_key)
  select gen_random_uuid(), 'email', 'reader' || g || '@example.org', 'en', 'active', now(), 'subscriber', now(),
         md5(random()::text) from generate_series(1, $subscribers) g" >/dev/null

if [[ "$streams" -gt 0 ]]; then
  stream_bench "while mailing" 10 --started "$run/changing" --until "$run/mailed" >"$run/streams-while-mailing" &
  stream_pid=$!
  # the update goes out as the first change is made to the open streams; they change until the last mail
  for _ in $(seq 1 600); do [[ -e "$run/changing" ]] && break; sleep 0.1; done
fi

# CPU seconds a process has used (user + system), to tell what each part of the run costs
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat"; }
sink_cpu_before=$(cpu "${pids[0]}")
node_cpu_before=$(for p in "${pids[@]:1}"; do cpu "$p"; echo; done | paste -sd+ | bc)
each_cpu_before=($(for p in "${pids[@]:1}"; do cpu "$p"; echo; done))
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s%3N)
commit_at=$(admin -X POST "http://127.0.0.1:$port/api/admin/incidents/$slug/updates" \
  -d '{"state":"identified","body":"A bad deploy; rolling back"}' | python3 -c '
import json, sys, datetime
updates = json.load(sys.stdin)["incident"]["updates"]
at = max(u["createdAt"] for u in updates)
print(int(datetime.datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp() * 1000))')

deadline=$((started + 300000))
while :; do
  got=$(wc -l <"$run/arrivals" 2>/dev/null || echo 0)
  [[ "$got" -ge "$subscribers" ]] && break
  [[ $(date +%s%3N) -gt "$deadline" ]] && { echo "timed out: $got of $subscribers mails after 300 s" >&2; break; }
  sleep 0.5
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
touch "$run/mailed"
sink_cpu=$(echo "$(cpu "${pids[0]}") - $sink_cpu_before" | bc)
node_cpu=$(echo "$(for p in "${pids[@]:1}"; do cpu "$p"; echo; done | paste -sd+ | bc) - $node_cpu_before" | bc)
each_cpu=$(i=0; for p in "${pids[@]:1}"; do echo "$(cpu "$p") - ${each_cpu_before[i]}" | bc; i=$((i + 1)); done | paste -sd' ')
if [[ "$streams" -gt 0 ]]; then
  wait "$stream_pid" || true
  while_mailing=$(cat "$run/streams-while-mailing")
  changes=$(sed -nE 's/^delivery +([0-9]+) changes.*/\1/p' <<<"$while_mailing")
  echo "live stream while mailing:  $while_mailing"
  load_alone=$(cut -d' ' -f1-3 /proc/loadavg)
  alone=$(stream_bench alone "${changes:-20}")
  echo "live stream alone after:    $alone"
  p99() { sed -nE "s/.*, p99 ([0-9.]+) ms.*/\1/p" <<<"$1"; }
  median() { sed -nE "s/.*p99 of the median change ([0-9.]+) ms.*/\1/p" <<<"$1"; }
  ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2" 2>/dev/null || echo '?'; }
  echo "stream while mailing / alone, ${changes:-?} changes each: p99 $(p99 "$while_mailing") / $(p99 "$alone") ms" \
       "= $(ratio "$(p99 "$while_mailing")" "$(p99 "$alone")"); median change's p99 $(median "$while_mailing")" \
       "/ $(median "$alone") ms = $(ratio "$(median "$while_mailing")" "$(median "$alone")") (load before the run alone: $load_alone)"
fi

python3 - "$run/arrivals" "$commit_at" "$subscribers" <<'PY'
import sys
arrivals, commit, expected = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
times = sorted(int(line.split()[0]) - commit for line in open(arrivals))
recipients = [line.split()[1] for line in open(arrivals)]
def pct(p):
    return times[min(len(times) - 1, int(round(p / 100 * len(times))) - 1)] if times else float("nan")
print(f"mails received: {len(times)} of {expected} ({len(recipients) - len(set(recipients))} duplicates)")
if times:
    span = (times[-1] - times[0]) / 1000 or 1
    print(f"commit to receipt: p50 {pct(50) / 1000:.2f} s, p99 {pct(99) / 1000:.2f} s, max {times[-1] / 1000:.2f} s")
    print(f"first mail {times[0] / 1000:.2f} s after the commit; {len(times) / span:.0f} mails/s from first to last")
PY
echo "nodes: $nodes (nodes 2.. at nice ${BENCH_DELIVERY_NICE:-0}); cpus: $(nproc); load average (1, 5, 15 min) before: $load_before, after: $load_after"
echo "CPU seconds used meanwhile: server nodes $node_cpu (each: $each_cpu), SMTP sink $sink_cpu (nice ${BENCH_SINK_NICE:-0})"
echo "logs: $run"
