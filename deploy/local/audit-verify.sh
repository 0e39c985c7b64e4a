#!/usr/bin/env bash
# Verifies the audit index's signed digests against its rows (docs/audit-events.md, "Tamper evidence") through the
# admin API on the management interface, and exits 0 only when every digested window is intact.
#
#   OPENSTS_ADMIN_TOKEN=... deploy/local/audit-verify.sh [START [END]]
#
# START and END are ISO-8601 instants (default: the retention, up to now). OPENSTS_MANAGEMENT_URL (default
# http://127.0.0.1:${OPENSTS_MANAGEMENT_PORT:-9000}) names the management interface. Prints the verification as JSON:
# {"intact", "windows", "records", "findings": [{"windowStart", "windowEnd", "kind", "detail"}]}, where kind is
# RECORDS_REMOVED, RECORDS_INSERTED, RECORDS_ALTERED_OR_REORDERED, CHAIN_BROKEN or BAD_SIGNATURE.
set -euo pipefail
url="${OPENSTS_MANAGEMENT_URL:-http://127.0.0.1:${OPENSTS_MANAGEMENT_PORT:-9000}}"
token="${OPENSTS_ADMIN_TOKEN:?set OPENSTS_ADMIN_TOKEN to the admin API token}"
query=""
if [ $# -ge 1 ]; then query="?startTime=$1"; fi
if [ $# -ge 2 ]; then query="$query&endTime=$2"; fi
body=$(curl -fsS -H "Authorization: Bearer $token" "$url/opensts/admin/audit/verify$query")
echo "$body"
case "$body" in
  *'"intact":true'*) exit 0 ;;
  *) exit 1 ;;
esac
