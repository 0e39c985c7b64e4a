#!/usr/bin/env bash
# Runs a command with the project's JDK (21 or newer, found as run.sh and test.sh find it): the commands in the
# docs use it where they call java or the Maven wrapper, since a machine's default java may be older.
#   deploy/local/jdk.sh ./mvnw -B -o test-compile
#   deploy/local/jdk.sh java -cp "target/classes:target/test-classes:$(cat target/test.classpath)" SomeMain
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: deploy/local/jdk.sh COMMAND [ARG...]  (runs COMMAND with JAVA_HOME and PATH set to a JDK 21+)" >&2
  exit 2
fi
# shellcheck source=select-jdk.sh
source "$(dirname "$0")/select-jdk.sh"
opensts_select_jdk
exec "$@"
