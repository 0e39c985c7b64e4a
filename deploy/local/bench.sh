#!/usr/bin/env bash
# The AssumeRole benchmark (docs/performance.md) against a service started by run.sh with
# OPENSTS_BENCH_STATIC_ROUTE=true, on 127.0.0.1 only. Needs wrk (Debian/Ubuntu: apt-get install wrk).
#
#   OPENSTS_BENCH_STATIC_ROUTE=true deploy/local/run.sh      # terminal 1
#   deploy/local/bench.sh                                    # terminal 2
#
# Environment: OPENSTS_HTTP_PORT (8080), OPENSTS_DATA_DIR (./.data: where run.sh keeps secrets.env),
# WARMUP (30 s), DURATION (20 s), CONNECTIONS (64), PACED_CONNECTIONS (70: each sends one request
# every 8-10 ms, about 6,000-7,000/s in all), PAIRS (3: adjacent AssumeRole/static windows).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=select-jdk.sh
source deploy/local/select-jdk.sh
opensts_select_jdk
port=${OPENSTS_HTTP_PORT:-8080}
data_dir=${OPENSTS_DATA_DIR:-$root/.data}
url=http://127.0.0.1:$port
command -v wrk >/dev/null || { echo "bench.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
curl -sf "$url/opensts-bench/static" >/dev/null || {
  echo "bench.sh: no static route at $url (start run.sh with OPENSTS_BENCH_STATIC_ROUTE=true)" >&2; exit 1; }
# the load generator is a test-tree tool (run.sh's build compiles no tests)
[ -f target/test.classpath ] && [ -f target/test-classes/dev/opensts/bench/LoadGenerator.class ] \
  || ./mvnw -B -q test-compile
# shellcheck disable=SC1091
source "$data_dir/secrets.env"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# requests signed now (valid 15 minutes): regenerated before each measurement
sign() {
  "$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
    dev.opensts.bench.LoadGenerator --endpoint "$url" --key "$OPENSTS_ROOT_ACCESS_KEY_ID" \
    --secret "$OPENSTS_ROOT_SECRET_ACCESS_KEY" --role arn:aws:iam::000000000000:role/bench --distinct 2000 "$@" \
    --wrk-script "$work/assume.lua" 2>/dev/null | grep -v '^$' || true
  cp "$work/assume.lua" "$work/paced.lua"
  echo 'delay = function() return 8 + math.random() * 2 end' >> "$work/paced.lua"
}
cat > "$work/static.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("p50=%.2fms p99=%.2fms p99.9=%.2fms\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000))
end
LUA
sign --ensure-role
echo "== warm-up: ${WARMUP:-30} s of AssumeRole"
wrk -t1 -c"${CONNECTIONS:-64}" -d"${WARMUP:-30}"s -s "$work/assume.lua" "$url/" >/dev/null
echo "== AssumeRole, closed loop, ${CONNECTIONS:-64} connections (throughput)"
wrk -t1 -c"${CONNECTIONS:-64}" -d"${DURATION:-20}"s -s "$work/assume.lua" "$url/" | grep -E "Requests/sec|p50|Non-2xx|Socket errors"
sign
echo "== AssumeRole, paced: ${PACED_CONNECTIONS:-70} connections, one request every 8-10 ms each (latency at moderate load)"
wrk -t1 -c"${PACED_CONNECTIONS:-70}" -d"${DURATION:-20}"s -s "$work/paced.lua" "$url/" | grep -E "Requests/sec|p50|Non-2xx|Socket errors"
cp "$work/static.lua" "$work/static-paced.lua"
echo 'delay = function() return 8 + math.random() * 2 end' >> "$work/static-paced.lua"
echo "== static response, paced the same way (the latency this machine and HTTP stack add by themselves)"
wrk -t1 -c"${PACED_CONNECTIONS:-70}" -d"${DURATION:-20}"s -s "$work/static-paced.lua" "$url/opensts-bench/static" | grep -E "Requests/sec|p50"
echo "== static response on the same HTTP stack, closed loop, ${CONNECTIONS:-64} connections (the ceiling)"
wrk -t1 -c"${CONNECTIONS:-64}" -d"${DURATION:-20}"s -s "$work/static.lua" "$url/opensts-bench/static" | grep -E "Requests/sec|p50"
# The machine's speed can change from one minute to the next: the ratio is also taken from adjacent
# 10 s windows, AssumeRole then static, so that both halves of each pair see the same machine.
sign
echo "== AssumeRole / static, ${PAIRS:-3} pairs of adjacent 10 s closed-loop windows"
rps() { wrk -t1 -c"${CONNECTIONS:-64}" -d10s "$@" | awk '/Requests\/sec/ {printf "%.0f", $2}'; }
for _ in $(seq 1 "${PAIRS:-3}"); do
  a=$(rps -s "$work/assume.lua" "$url/"); s=$(rps "$url/opensts-bench/static")
  echo "$a / $s = $(( 1000 * a / s / 10 )).$(( 1000 * a / s % 10 ))%"
done
