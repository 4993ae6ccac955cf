#!/usr/bin/env bash
# StatusStream next to nginx+nchan (and optionally the original Node design) in one ssebench run.
#   bench/compare.sh [-s nchan,statusstream] [-r 2] [-o OUTDIR] -- -n 10000 -p 10 --interval 1s --ramp 2000 --quiet
# Everything after -- goes to ssebench for every target. Needs: the jars (./mvnw -q -DskipTests package),
# ssebench (SSEBENCH_DIR, default ../shared/ssebench next to the repository or /work/shared/ssebench), nginx with
# the nchan module (apt-get install libnginx-mod-nchan), PostgreSQL on 127.0.0.1:5432 and Redis on 6379.
# Prints the table; the raw results stay in OUTDIR (default /tmp/statusstream-compare-<time>).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ssebench="${SSEBENCH_DIR:-}"
for candidate in "$repo/../shared/ssebench" "$repo/../../shared/ssebench" /work/shared/ssebench; do
  [[ -z "$ssebench" && -x "$candidate/compare.sh" ]] && ssebench="$(cd "$candidate" && pwd)"
done
[[ -z "$ssebench" ]] && { echo "ssebench not found: set SSEBENCH_DIR" >&2; exit 2; }
select="nchan,statusstream"; repeat=1; out="/tmp/statusstream-compare-$(date +%Y%m%d-%H%M%S)"
while [[ $# -gt 0 ]]; do
  case "$1" in
    -s) select="$2"; shift 2 ;;
    -r) repeat="$2"; shift 2 ;;
    -o) out="$2"; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
mkdir -p "$out"
sed "s#@REPO@#$repo#g" "$repo/bench/targets.txt" >"$out/targets.txt"
{ echo "== machine before"; (cd "$ssebench" && ./machine-state.sh); uptime; } >"$out/machine-before.txt" 2>&1
"$ssebench/compare.sh" -t "$out/targets.txt" -s "$select" -r "$repeat" -o "$out" -- "$@"
{ echo "== machine after"; (cd "$ssebench" && ./machine-state.sh); uptime; } >"$out/machine-after.txt" 2>&1
grep -h "^load\|busy procs" "$out/machine-before.txt" "$out/machine-after.txt"
