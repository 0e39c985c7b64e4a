#!/usr/bin/env bash
# Runs every test: ./mvnw -B verify, with a JDK 21+ selected for you (the machine's default may be older).
# Unit tests run in Surefire; integration tests (*IT) start real Kafka and PostgreSQL (Testcontainers where a
# Docker engine answers, otherwise local processes) and drive the packaged service with the AWS SDK.
# Extra arguments go to Maven, e.g. deploy/local/test.sh -Dit.test=RolesIT
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=select-jdk.sh
source deploy/local/select-jdk.sh
opensts_select_jdk
echo "open-sts tests: JDK $OPENSTS_JAVA_MAJOR at $JAVA_HOME"
chmod +x mvnw 2>/dev/null || true
exec ./mvnw -B verify "$@"
