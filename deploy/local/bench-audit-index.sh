#!/usr/bin/env bash
# The audit index benchmark (docs/performance.md, "The audit index"): starts run.sh in a data directory of its own
# (ports 18080/19000/19092/55432, so it does not meet a local run), then dev.opensts.bench.AuditIndexBench: RECORDS
# (1,000,000) audit records produced to the audit topic, the indexer's records/s until PostgreSQL holds them all, then
# LookupEvents latency through the SDK's CloudTrail client over that index. A benchmark, not a test: run it on a quiet
# machine. Stops everything at the end; the data directory (AUDIT_BENCH_DATA_DIR) is emptied first.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=select-jdk.sh
source deploy/local/select-jdk.sh
opensts_select_jdk
records=${RECORDS:-1000000}
export OPENSTS_DATA_DIR=${AUDIT_BENCH_DATA_DIR:-/tmp/opensts-audit-bench} OPENSTS_HTTP_PORT=18080 \
  OPENSTS_MANAGEMENT_PORT=19000 OPENSTS_KAFKA_PORT=19092 OPENSTS_PG_PORT=55432
rm -rf "$OPENSTS_DATA_DIR"
log="$OPENSTS_DATA_DIR.run.log"
./mvnw -B -q test-compile
setsid deploy/local/run.sh > "$log" 2>&1 &
run=$!
trap 'kill -TERM -- -$run 2>/dev/null; wait $run 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do grep -q "is ready" "$log" && break; sleep 1; done
grep -q "is ready" "$log" || { echo "bench-audit-index.sh: the service did not start; see $log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$OPENSTS_DATA_DIR/secrets.env"
echo "audit index: $records records ($(git rev-parse --short HEAD), $(nproc) cores, $(date -u +%FT%TZ))"
"$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
  dev.opensts.bench.AuditIndexBench --endpoint http://127.0.0.1:18080 --bootstrap 127.0.0.1:19092 \
  --key "$OPENSTS_ROOT_ACCESS_KEY_ID" --secret "$OPENSTS_ROOT_SECRET_ACCESS_KEY" --pg-port 55432 \
  --pg-password "$OPENSTS_PG_PASSWORD" --records "$records"
