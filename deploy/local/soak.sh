#!/usr/bin/env bash
# The soak (docs/operations.md, "Soak"): starts run.sh in a data directory of its own (ports 18080/19000/19092/
# 55432, so it does not meet a local run), then dev.opensts.bench.Soak for MINUTES (30) of mixed load: AssumeRole,
# IAM writes, revocations. Prints per minute the service's live heap and RSS and, per operation, count, errors,
# p50 and p99. A benchmark, not a test: run it on a quiet machine. Stops everything at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=select-jdk.sh
source deploy/local/select-jdk.sh
opensts_select_jdk
minutes=${MINUTES:-30}
export OPENSTS_DATA_DIR=${SOAK_DATA_DIR:-/tmp/opensts-soak} OPENSTS_HTTP_PORT=18080 OPENSTS_MANAGEMENT_PORT=19000 \
  OPENSTS_KAFKA_PORT=19092 OPENSTS_PG_PORT=55432
log="$OPENSTS_DATA_DIR.run.log"
./mvnw -B -q test-compile
setsid deploy/local/run.sh > "$log" 2>&1 &
run=$!
trap 'kill -TERM -- -$run 2>/dev/null; wait $run 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do grep -q "is ready" "$log" && break; sleep 1; done
grep -q "is ready" "$log" || { echo "soak.sh: the service did not start; see $log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$OPENSTS_DATA_DIR/secrets.env"
# the service is the process listening on its public port
pid=$(ss -Hltnp "sport = :18080" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
[ -n "$pid" ] || { echo "soak.sh: no process listens on 127.0.0.1:18080" >&2; exit 1; }
echo "soak: $minutes minutes against pid $pid ($(git rev-parse --short HEAD), $(nproc) cores, $(date -u +%FT%TZ))"
"$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/test.classpath)" dev.opensts.bench.Soak \
  --endpoint http://127.0.0.1:18080 --management http://127.0.0.1:19000 --key "$OPENSTS_ROOT_ACCESS_KEY_ID" \
  --secret "$OPENSTS_ROOT_SECRET_ACCESS_KEY" --pid "$pid" --minutes "$minutes"
