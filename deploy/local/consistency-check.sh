#!/usr/bin/env bash
# Runs the consistency checker on one replica (docs/operations.md, "Consistency check"): its IAM view, PostgreSQL's
# read model and its revocation index compared with a fresh replay of the Kafka topics. It changes nothing and runs
# against a live deployment. Prints the report (JSON) and exits 0 when consistent, 1 when differences were found,
# 2 when the check could not run.
#
#   OPENSTS_MANAGEMENT_URL  the replica's management interface (default http://127.0.0.1:9000; on Kubernetes:
#                           kubectl port-forward pod/<replica> 9000)
#   OPENSTS_ADMIN_TOKEN     the admin token (default: from $OPENSTS_DATA_DIR/secrets.env, as run.sh keeps it)
set -euo pipefail
url=${OPENSTS_MANAGEMENT_URL:-http://127.0.0.1:9000}
token=${OPENSTS_ADMIN_TOKEN:-}
if [ -z "$token" ]; then
  secrets="${OPENSTS_DATA_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/.data}/secrets.env"
  if [ -r "$secrets" ]; then
    token=$(sed -n 's/^OPENSTS_ADMIN_TOKEN=//p' "$secrets")
  fi
fi
if [ -z "$token" ]; then
  echo "consistency-check: set OPENSTS_ADMIN_TOKEN (or OPENSTS_DATA_DIR, whose secrets.env holds it)" >&2
  exit 2
fi
if ! report=$(curl -sS --fail-with-body -X POST -H "Authorization: Bearer $token" \
    --max-time 900 "${url%/}/opensts/admin/consistency-check"); then
  echo "consistency-check: the check did not run: $report" >&2
  exit 2
fi
echo "$report"
case "$report" in
  *'"consistent":true'*) exit 0 ;;
  *'"consistent":false'*) exit 1 ;;
  *) echo "consistency-check: unexpected answer" >&2; exit 2 ;;
esac
