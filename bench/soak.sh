#!/usr/bin/env bash
# The soak (not a unit test): 3 server nodes, 1,000 SSE clients, a status change every 200 ms and a
# Redis restart every 30 s for 10 minutes, then a check that every client saw a strictly increasing
# sequence of versions ending on the final one. Options override those defaults, e.g.
#   bench/soak.sh --duration 1m --clients 100
# (--nodes, --clients, --change-every, --redis-restart-every, --redis-down, --duration, --postgres).
# Needs a JDK 21+, redis-server on the PATH (it starts its own, on a free port) and a PostgreSQL where
# it may create and drop a database (default: the local one, user postgres). Logs go to target/soak/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ "$(major "$java" 2>/dev/null || echo 0)" -lt 21 ]]; then
  for home in /usr/lib/jvm/*; do
    if [[ -x "$home/bin/java" && "$(major "$home/bin/java")" -ge 21 ]]; then java="$home/bin/java"; export JAVA_HOME="$home"; break; fi
  done
fi
[[ "$(major "$java" 2>/dev/null || echo 0)" -ge 21 ]] || { echo "soak: needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "soak: redis-server is not on the PATH (apt-get install redis-server)" >&2; exit 1; }
if [[ ! -f status-server/target/status-server.jar || ! -f status-cli/target/status-cli.jar ]]; then
  ./mvnw -q -DskipTests package
fi
echo "load before: $(uptime)"
status=0
"$java" -Xmx1g -cp status-cli/target/status-cli.jar bench/Soak.java "$@" || status=$?
echo "load after: $(uptime)"
exit $status
