#!/usr/bin/env bash
# The replica start-up benchmark (docs/performance.md, "Replica start-up"): Kafka, PostgreSQL and the packaged
# service as local processes; ROLES roles, each with one inline policy, appended to the IAM event topic and
# projected into PostgreSQL; then a fresh replica started RUNS times, timed from JVM spawn to /q/health/ready,
# and its live heap read with jcmd. Needs only a JDK 21+; builds the service first when it is missing.
#
#   deploy/local/startup-bench.sh [ROLES (100000)] [RUNS (3)]
#
# Environment: OPENSTS_BENCH_JVM (the replica's JVM options, default -XX:+UseParallelGC as run.sh);
# OPENSTS_BENCH_AOT=1 also trains a JDK AOT cache (JDK 25+) on the deployment and repeats each run with it;
# OPENSTS_BENCH_HOLD=1 keeps Kafka and PostgreSQL up afterwards, for profiling a start by hand, until the file
# target/startup-bench.env (the environment of a replica, secrets included: mode 600) is deleted.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=select-jdk.sh
source deploy/local/select-jdk.sh
opensts_select_jdk
if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ ! -f target/test.classpath ] \
    || [ ! -f target/test-classes/dev/opensts/bench/ReplicaStartup.class ]; then
  ./mvnw -B -q package -DskipTests
fi
exec "$JAVA_HOME/bin/java" ${OPENSTS_BENCH_HOLD:+-Dopensts.bench.hold=true} ${OPENSTS_BENCH_AOT:+-Dopensts.bench.aot=true} -Xmx1g -XX:+UseSerialGC -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dopensts.bench.jvm="${OPENSTS_BENCH_JVM:--XX:+UseParallelGC}" \
  -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
  dev.opensts.bench.ReplicaStartup "${1:-100000}" "${2:-3}"
