#!/usr/bin/env bash
# The full-disk check (docs/operations.md, "A full disk"): fault 5 of the fault suite, as a documented check rather
# than a test, because it needs small filesystems of its own, which only root can mount (tmpfs). Two cases, each on
# a fresh deploy/local/run.sh (ports 38080/39000/39092/56540, so it meets no local run), driven with the AWS CLI:
#
#   data      the whole data directory (Kafka and PostgreSQL) on a tmpfs of DATA_SIZE (400m) that a file fills:
#             Kafka halts on its failed log directory; IAM writes and AssumeRole are refused with 503
#             ServiceUnavailable (nothing else, never a success); reads are answered from the view; readiness is
#             DOWN; run.sh says what happened and how much space is left. The file removed, run.sh starts Kafka
#             again by itself and the service recovers without a restart: writes and AssumeRole succeed, the users
#             written before are there and none of the refused ones, and the consistency checker finds the view,
#             PostgreSQL and the event log in agreement.
#   postgres  only PostgreSQL's data directory on a tmpfs of PG_SIZE (100m), filled: IAM writes and AssumeRole keep
#             succeeding (the event log is the truth), readiness stays UP and reports the failing projector; the
#             file removed, the projector catches up and the consistency checker is clean.
#
# Usage: deploy/local/fault-full-disk.sh [data|postgres|all]   (default all). Exits 0 when every step held, 1 with
# the step that did not, 2 when it could not run (not root, no AWS CLI). Unmounts and stops everything at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
which_case=${1:-all}
base=${FULL_DISK_DIR:-/tmp/opensts-full-disk}
command -v aws >/dev/null || { echo "fault-full-disk.sh: needs the AWS CLI (aws)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "fault-full-disk.sh: mounting a tmpfs needs root" >&2; exit 2; }

export OPENSTS_HTTP_PORT=38080 OPENSTS_MANAGEMENT_PORT=39000 OPENSTS_KAFKA_PORT=39092 OPENSTS_PG_PORT=56540
export AWS_DEFAULT_REGION=us-east-1 AWS_MAX_ATTEMPTS=1 AWS_PAGER=""
unset AWS_SESSION_TOKEN AWS_PROFILE
endpoint=(--endpoint-url http://127.0.0.1:38080)
ready=http://127.0.0.1:39000/q/health/ready
role_arn=arn:aws:iam::000000000000:role/full-disk-role
trust='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}'
run=""
mountpoint=""
log=""
fill=""

cleanup() {
  [ -n "$fill" ] && rm -f "$fill"
  if [ -n "$run" ]; then
    kill -TERM -- -"$run" 2>/dev/null || true
    wait "$run" 2>/dev/null || true
    run=""
  fi
  if [ -n "$mountpoint" ]; then
    umount "$mountpoint" 2>/dev/null || umount -l "$mountpoint" 2>/dev/null || true
    mountpoint=""
  fi
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  echo "--- the last lines of $log:" >&2
  tail -20 "$log" >&2
  exit 1
}
ok() { echo "ok: $*"; }
avail() { df -h --output=avail "$1" | tail -1 | tr -d ' '; }
http_status() { curl -s -o /dev/null -w '%{http_code}' "$1"; }

# start DATA_DIR MOUNT SIZE: a fresh data directory, a tmpfs of SIZE mounted at MOUNT, run.sh started on it
start() {
  local data=$1 mnt=$2 size=$3
  rm -rf "$data"
  mkdir -p "$data" "$mnt"
  chmod 700 "$data"
  mount -t tmpfs -o "size=$size,mode=700" tmpfs "$mnt" || { echo "fault-full-disk.sh: mount failed" >&2; exit 2; }
  mountpoint=$mnt
  fill=$mnt/fill
  log=$data.run.log
  OPENSTS_DATA_DIR=$data setsid deploy/local/run.sh > "$log" 2>&1 &
  run=$!
  for _ in $(seq 1 300); do grep -q "is ready" "$log" && break; sleep 1; done
  grep -q "is ready" "$log" || fail "the service did not start"
  # shellcheck disable=SC1091
  source "$data/secrets.env"
  export AWS_ACCESS_KEY_ID=$OPENSTS_ROOT_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$OPENSTS_ROOT_SECRET_ACCESS_KEY
  aws iam create-user --user-name before-full "${endpoint[@]}" > /dev/null || fail "create-user before the disk filled"
  aws iam create-role --role-name full-disk-role --assume-role-policy-document "$trust" "${endpoint[@]}" > /dev/null \
    || fail "create-role before the disk filled"
  aws sts assume-role --role-arn "$role_arn" --role-session-name before "${endpoint[@]}" > /dev/null \
    || fail "assume-role before the disk filled"
  ok "before: a user and a role created, the role assumed"
  dd if=/dev/zero of="$fill" bs=1M 2>/dev/null || true
  echo "filled $mnt: $(avail "$mnt") left"
}

# an AWS CLI call that must be refused with ServiceUnavailable; any other answer fails the check
refused() {
  local out
  if out=$(aws "$@" "${endpoint[@]}" 2>&1); then
    fail "aws $1 $2 succeeded while the disk was full"
  fi
  grep -q "(ServiceUnavailable)" <<<"$out" || fail "aws $1 $2 answered, while the disk was full: $out"
}

# the users that must and must not be there, then the consistency checker until clean (the projector catches up)
verify_after() {
  local data=$1 must=$2 must_not=$3 users check=""
  users=$(aws iam list-users "${endpoint[@]}" --query 'Users[].UserName' --output text)
  for u in $must; do grep -qw "$u" <<<"$users" || fail "user $u is missing: $users"; done
  if [ -n "$must_not" ] && grep -q "$must_not" <<<"$users"; then fail "a refused write was applied: $users"; fi
  for _ in $(seq 1 45); do
    if OPENSTS_DATA_DIR=$data OPENSTS_MANAGEMENT_URL=http://127.0.0.1:39000 deploy/local/consistency-check.sh \
        > "$data.check.txt" 2>&1; then
      check=yes
      break
    fi
    sleep 2
  done
  [ -n "$check" ] || { cat "$data.check.txt" >&2; fail "the consistency checker found differences"; }
  ok "after: the acknowledged writes are there; consistency check clean ($(head -c 100 "$data.check.txt"))"
}

case_data() {
  local data=$base/data
  echo "== the whole data directory full ($(git rev-parse --short HEAD))"
  start "$data" "$data" "${DATA_SIZE:-400m}"
  for _ in $(seq 1 60); do grep -q "Kafka exited by itself" "$log" && break; sleep 1; done
  grep -q "Kafka exited by itself" "$log" || fail "run.sh did not report Kafka's exit within 60 s"
  ok "run.sh said: $(grep -m1 'Kafka exited by itself' "$log" | cut -c1-150)..."
  for i in 1 2 3; do
    refused iam create-user --user-name "during-full-$i"
    refused sts assume-role --role-arn "$role_arn" --role-session-name "during-$i"
  done
  ok "full: IAM writes and AssumeRole refused with 503 ServiceUnavailable"
  aws iam get-user --user-name before-full "${endpoint[@]}" > /dev/null || fail "get-user while the disk was full"
  ok "full: reads answered from the view"
  [ "$(http_status "$ready")" = 503 ] || fail "readiness answered $(http_status "$ready") while Kafka was away"
  ok "full: readiness DOWN (503)"
  rm -f "$fill"
  echo "freed: $(avail "$data") available"
  for _ in $(seq 1 120); do grep -q "Kafka is running again" "$log" && break; sleep 1; done
  grep -q "Kafka is running again" "$log" || fail "Kafka was not started again within 120 s of the space returning"
  for _ in $(seq 1 60); do [ "$(http_status "$ready")" = 200 ] && break; sleep 1; done
  [ "$(http_status "$ready")" = 200 ] || fail "readiness not UP 60 s after Kafka came back"
  ok "freed: Kafka started again by run.sh, readiness UP, open-sts not restarted"
  local written=""
  for _ in $(seq 1 30); do
    if aws iam create-user --user-name after-full "${endpoint[@]}" > /dev/null 2>&1; then written=yes; break; fi
    sleep 1
  done
  [ -n "$written" ] || fail "create-user still refused 30 s after readiness came back"
  aws sts assume-role --role-arn "$role_arn" --role-session-name after "${endpoint[@]}" > /dev/null \
    || fail "assume-role after the space returned"
  ok "freed: writes and AssumeRole succeed"
  verify_after "$data" "before-full after-full" "during-full"
  cleanup
}

case_postgres() {
  local data=$base/pg
  echo "== PostgreSQL's data directory full ($(git rev-parse --short HEAD))"
  start "$data" "$data/postgres" "${PG_SIZE:-100m}"
  local names="" tags
  # users of about 10 KB each (a 500-character path, 40 tags of 200 characters): the read model must grow
  tags=$(for t in $(seq 1 40); do printf 'Key=k%d,Value=%s ' "$t" "$(head -c 200 /dev/zero | tr '\0' 'v')"; done)
  for i in $(seq 1 40); do
    # shellcheck disable=SC2086
    aws iam create-user --user-name "during-pg-$i" --path "/$(head -c 498 /dev/zero | tr '\0' 'p')/" --tags $tags \
      "${endpoint[@]}" > /dev/null || fail "create-user $i while PostgreSQL's disk was full"
    names="$names during-pg-$i"
  done
  for i in $(seq 1 10); do
    aws sts assume-role --role-arn "$role_arn" --role-session-name "during-pg-$i" "${endpoint[@]}" > /dev/null \
      || fail "assume-role $i while PostgreSQL's disk was full"
  done
  ok "full: 40 IAM writes and 10 AssumeRole succeeded (the event log is the truth)"
  local body=""
  for _ in $(seq 1 60); do
    body=$(curl -s "$ready")
    grep -q '"readModel": *"failing' <<<"$body" && break
    sleep 1
  done
  grep -q '"readModel": *"failing' <<<"$body" \
    || fail "readiness never reported the failing projector (did PostgreSQL run out of space?): $body"
  [ "$(http_status "$ready")" = 200 ] || fail "readiness DOWN while only PostgreSQL's disk was full"
  ok "full: readiness UP, reporting $(grep -o '"readModel": *"[^"]*' <<<"$body" | cut -c1-90)"
  grep -m1 -E "No space left|could not extend" "$data/postgres.log" > /dev/null 2>&1 \
    && ok "full: postgres.log: $(grep -m1 -E 'No space left|could not extend' "$data/postgres.log" | cut -c1-120)"
  rm -f "$fill"
  echo "freed: $(avail "$data/postgres") available"
  verify_after "$data" "before-full$names" ""
  cleanup
}

case "$which_case" in
  data) case_data ;;
  postgres) case_postgres ;;
  all) case_data; case_postgres ;;
  *) echo "usage: $0 [data|postgres|all]" >&2; exit 2 ;;
esac
echo "full-disk check ($which_case): every step held"
