#!/usr/bin/env bash
# The AssumeRoleWithWebIdentity benchmark (docs/performance.md) against a service started by run.sh, on 127.0.0.1
# only: an HTTPS OpenID Connect issuer in a JVM of the test tree (dev.opensts.bench.WebIdentityBench), one
# Kubernetes-shaped token sent unsigned by wrk, the key cache warm after the first request, audit acknowledged.
# Needs wrk (apt-get install wrk).
#
#   deploy/local/run.sh                          # terminal 1
#   deploy/local/bench-web-identity.sh           # terminal 2
#
# Environment: OPENSTS_HTTP_PORT (8080), OPENSTS_DATA_DIR (./.data), WARMUP (30 s), DURATION (20 s),
# CONNECTIONS (64), PACED_CONNECTIONS (70: one request every 8-10 ms each).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=select-jdk.sh
source deploy/local/select-jdk.sh
opensts_select_jdk
port=${OPENSTS_HTTP_PORT:-8080}
data_dir=${OPENSTS_DATA_DIR:-$root/.data}
url=http://127.0.0.1:$port
command -v wrk >/dev/null || { echo "bench-web-identity.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[ -f target/test.classpath ] && [ -f target/test-classes/dev/opensts/bench/WebIdentityBench.class ] \
  || ./mvnw -B -q test-compile
# shellcheck disable=SC1091
source "$data_dir/secrets.env"
work=$(mktemp -d)
"$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
  dev.opensts.bench.WebIdentityBench --endpoint "$url" --key "$OPENSTS_ROOT_ACCESS_KEY_ID" \
  --secret "$OPENSTS_ROOT_SECRET_ACCESS_KEY" --wrk-script "$work/web.lua" > "$work/issuer.log" 2>&1 &
issuer=$!
trap 'kill $issuer 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do grep -q '^ready' "$work/issuer.log" && break; sleep 1; done
grep -q '^ready' "$work/issuer.log" || { echo "the issuer did not start:"; cat "$work/issuer.log"; exit 1; }
cp "$work/web.lua" "$work/paced.lua"
echo 'delay = function() return 8 + math.random() * 2 end' >> "$work/paced.lua"
echo "== warm-up: ${WARMUP:-30} s of AssumeRoleWithWebIdentity"
wrk -t1 -c"${CONNECTIONS:-64}" -d"${WARMUP:-30}"s -s "$work/web.lua" "$url/" >/dev/null
echo "== AssumeRoleWithWebIdentity, closed loop, ${CONNECTIONS:-64} connections (throughput)"
wrk -t1 -c"${CONNECTIONS:-64}" -d"${DURATION:-20}"s -s "$work/web.lua" "$url/" | grep -E "Requests/sec|p50|Non-2xx|Socket errors"
echo "== AssumeRoleWithWebIdentity, paced: ${PACED_CONNECTIONS:-70} connections, one request every 8-10 ms each"
wrk -t1 -c"${PACED_CONNECTIONS:-70}" -d"${DURATION:-20}"s -s "$work/paced.lua" "$url/" | grep -E "Requests/sec|p50|Non-2xx|Socket errors"
