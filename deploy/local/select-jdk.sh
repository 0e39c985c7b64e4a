# shellcheck shell=bash
# Sourced by deploy/local/run.sh and .ci/run: exports JAVA_HOME (and PATH) for a JDK 21 or newer.
# Order: $JAVA_HOME if >= 21, else `java` on PATH if >= 21, else the newest >= 21 under /usr/lib/jvm
# (and /usr/java, /opt/java, ~/.sdkman/candidates/java), else fail.

opensts_java_major() { # $1 = path to a java binary; prints its feature version (17, 21, 25, ...)
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  case "$v" in
    1.*) v=${v#1.} ;;
  esac
  case "$v" in
    ''|*[!0-9]*) echo 0 ;;
    *) echo "$v" ;;
  esac
}

opensts_select_jdk() {
  local min=21 candidate best="" best_major=0 major java_bin
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(opensts_java_major "$JAVA_HOME/bin/java")
    if [ "$major" -ge "$min" ]; then
      best="$JAVA_HOME"; best_major=$major
    fi
  fi
  if [ -z "$best" ] && java_bin=$(command -v java 2>/dev/null); then
    major=$(opensts_java_major "$java_bin")
    if [ "$major" -ge "$min" ]; then
      java_bin=$(readlink -f "$java_bin")
      best=$(dirname "$(dirname "$java_bin")"); best_major=$major
    fi
  fi
  if [ -z "$best" ]; then
    for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
      [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
      [ -L "$candidate" ] && continue # Debian's aliases (java-17-openjdk-amd64 -> ...) point at real dirs
      major=$(opensts_java_major "$candidate/bin/java")
      if [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
        best="$candidate"; best_major=$major
      fi
    done
  fi
  if [ -z "$best" ]; then
    echo "open-sts needs a JDK $min or newer: set JAVA_HOME to one (found none >= $min in JAVA_HOME, on PATH or under /usr/lib/jvm)." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  OPENSTS_JAVA_MAJOR=$best_major
  export OPENSTS_JAVA_MAJOR
}
