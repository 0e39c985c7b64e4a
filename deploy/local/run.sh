#!/usr/bin/env bash
# open-sts on one machine: Kafka (single-node KRaft) + PostgreSQL + the service, all on 127.0.0.1.
# Needs only a JDK 21+ (found by deploy/local/select-jdk.sh) and access to Maven Central for the first build.
# Stays in the foreground; Ctrl-C or SIGTERM stops the service, then Kafka, then PostgreSQL.
#
# Environment (all optional):
#   OPENSTS_HTTP_PORT              8080   the service (http://127.0.0.1:PORT)
#   OPENSTS_MANAGEMENT_PORT        9000   health, metrics, OpenAPI and the admin API (http://127.0.0.1:PORT/q/health/ready,
#                                         /q/metrics, /q/openapi, /opensts/admin/accounts)
#   OPENSTS_KAFKA_PORT             9092   Kafka client listener (the KRaft controller uses OPENSTS_KAFKA_CONTROLLER_PORT,
#                                         default OPENSTS_KAFKA_PORT + 1)
#   OPENSTS_PG_PORT                54320  PostgreSQL (not 5432, so it does not clash with a system PostgreSQL);
#                                         user postgres, database opensts, a generated password (OPENSTS_PG_PASSWORD
#                                         in secrets.env) required over SCRAM-SHA-256; no Unix socket
#   OPENSTS_DATA_DIR               ./.data (in the repository) Kafka log dir (kafka/), PostgreSQL data dir (postgres/),
#                                         logs, and secrets.env: root key, admin token, keyring, PostgreSQL
#                                         password — reused on restart. The directory is mode 700, secrets.env
#                                         and the logs mode 600 (this script runs the launcher under umask 077)
#   OPENSTS_ROOT_ACCESS_KEY_ID, OPENSTS_ROOT_SECRET_ACCESS_KEY
#                                         root credentials; generated (AKIA... / 40 chars) and saved when unset.
#                                         A generated secret key is printed once, by the start that generated it;
#                                         later starts print the key id and where the secret is. Secrets from the
#                                         environment are never printed.
#   OPENSTS_ADMIN_TOKEN, OPENSTS_KEYRING  override the saved/generated ones (never printed)
#   OPENSTS_INFRA_ONLY=1                  start Kafka and PostgreSQL only (to run the app from an IDE)
#   OPENSTS_APP_JAVA_OPTS                 JVM options for the service (default -XX:+UseParallelGC)
#   OPENSTS_KAFKA_HEAP_OPTS               heap/GC options for Kafka (default -Xms384m -Xmx768m -XX:+UseParallelGC)
#   OPENSTS_APP_JAR                       the service jar (default target/quarkus-app/quarkus-run.jar)
#   QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE   Vert.x event loops (default: one per core, not Quarkus's two per core:
#                                         on a 2-core machine the paced benchmark's p99 was 2-3 ms lower)
set -euo pipefail

caller_dir=$(pwd)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

# shellcheck source=select-jdk.sh
source deploy/local/select-jdk.sh
opensts_select_jdk
echo "open-sts: using JDK $OPENSTS_JAVA_MAJOR at $JAVA_HOME"

data_dir=${OPENSTS_DATA_DIR:-$root/.data}
case "$data_dir" in
  /*) ;;
  *) data_dir="$caller_dir/$data_dir" ;;
esac
(umask 077 && mkdir -p "$data_dir")
OPENSTS_DATA_DIR=$(cd "$data_dir" && pwd)
export OPENSTS_DATA_DIR
export OPENSTS_HTTP_PORT=${OPENSTS_HTTP_PORT:-8080}
export OPENSTS_MANAGEMENT_PORT=${OPENSTS_MANAGEMENT_PORT:-9000}
QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE=${QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE:-$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
export QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE
export OPENSTS_KAFKA_PORT=${OPENSTS_KAFKA_PORT:-9092}
export OPENSTS_PG_PORT=${OPENSTS_PG_PORT:-54320}

# The launcher (src/main/java/dev/opensts/launcher) runs on target/classes and the jars listed in two files
# that the build writes: the service's own dependencies, and the provided-scope ones (Kafka's server, embedded
# PostgreSQL), which the service's target/quarkus-app does not carry. One package build writes all of them,
# so a source or pom.xml newer than the service's jar (rewritten by every package build) means building again.
jar=target/quarkus-app/quarkus-run.jar
launcher=target/classes/dev/opensts/launcher/LocalRun.class
launcher_classpaths=(target/launcher-runtime.classpath target/launcher-provided.classpath)
needs_build=""
if [ ! -f "$jar" ] || [ ! -f "$launcher" ] || [ ! -f "${launcher_classpaths[0]}" ] \
  || [ ! -f "${launcher_classpaths[1]}" ]; then
  needs_build=yes
elif [ -n "$(find src pom.xml -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  needs_build=yes
fi
if [ -n "$needs_build" ]; then
  echo "open-sts: building (./mvnw -B -q package -Dmaven.test.skip=true) ..."
  chmod +x mvnw 2>/dev/null || true
  ./mvnw -B -q package -Dmaven.test.skip=true
fi
export OPENSTS_APP_JAR="${OPENSTS_APP_JAR:-$root/$jar}"
if [ -z "${OPENSTS_INFRA_ONLY:-}" ] && [ ! -f "$OPENSTS_APP_JAR" ]; then
  echo "open-sts: $OPENSTS_APP_JAR was not built" >&2
  exit 1
fi

classpath="$root/target/classes:$(cat "${launcher_classpaths[0]}"):$(cat "${launcher_classpaths[1]}")"
# everything the launcher, Kafka, PostgreSQL and the service create (data, logs) is for this user only
umask 077
# The launcher runs in its own session (setsid): a Ctrl-C on this terminal reaches only this script, whose
# trap sends SIGTERM to the launcher, which stops the service, then Kafka, then PostgreSQL, in that order.
setsid_cmd=()
if command -v setsid >/dev/null 2>&1; then
  setsid_cmd=(setsid)
fi
"${setsid_cmd[@]}" "$JAVA_HOME/bin/java" -Xmx256m -XX:+UseSerialGC \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$classpath" dev.opensts.launcher.LocalRun &
launcher_pid=$!

stop_launcher() {
  trap '' INT TERM
  echo
  echo "open-sts: stopping ..."
  kill -TERM "$launcher_pid" 2>/dev/null || true
}
trap stop_launcher INT TERM

status=0
while kill -0 "$launcher_pid" 2>/dev/null; do
  wait "$launcher_pid" && status=0 || status=$?
done
case "$status" in
  130|143) status=0 ;; # stopped by Ctrl-C / SIGTERM
esac
exit "$status"
