#!/usr/bin/env bash
# The seed story's Release / Deploy / Operate half, as curl calls against a running Loopline (DESIGN.md,
# "Life of an iteration"): a schema change is opened, reviewed and copied online up to its cutover; the application's
# new version goes to the idle slot of the blue/green production environment; promote cuts the schema over and
# switches the slot; the iteration moves through Release, Deploy and Operate; a freeze window and the DORA figures
# close the loop.
#
#   LOOPLINE_URL=http://localhost:8080 LOOPLINE_TOKEN=<admin token> docs/seed-story-delivery.sh
#
# LOOPLINE_TOKEN is an admin service token (e.g. the LOOPLINE_BOOTSTRAP_TOKEN). The script makes a developer and an
# operator token with it, because nobody approves a deploy request they opened. Needs curl and python3.
set -euo pipefail

URL="${LOOPLINE_URL:-http://localhost:8080}/api/v1"
ADMIN="${LOOPLINE_TOKEN:?set LOOPLINE_TOKEN to an admin service token}"
RUN="${RUN_ID:-$(date +%s)}"
DB="${DATABASE:-mechanica-$RUN}"
ENV="${ENVIRONMENT:-production-$RUN}"

call() { # call TOKEN METHOD PATH [JSON]
  local token=$1 method=$2 path=$3 body=${4:-}
  local args=(-sS --fail-with-body -X "$method" -H "Authorization: Bearer $token" "$URL$path")
  if [ -n "$body" ]; then args+=(-H 'Content-Type: application/json' -d "$body"); fi
  curl "${args[@]}"
}
sql() { curl -sS --fail-with-body -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: text/plain' \
  --data-binary "$2" "$URL/databases/$DB/branches/$1/sql" > /dev/null; }
field() { python3 -c 'import json,sys; v=json.load(sys.stdin); [v:=v[int(k) if k.isdigit() else k] for k in sys.argv[1].split(".")]; print(v)' "$1"; }
say() { printf '\n== %s\n' "$*"; }

say "Tokens for a developer and an operator"
DEV=$(call "$ADMIN" POST /service-tokens "{\"name\": \"seed-dev-$RUN\", \"roles\": [\"developer\"]}" | field plain_text)
OPS=$(call "$ADMIN" POST /service-tokens "{\"name\": \"seed-ops-$RUN\", \"roles\": [\"operator\"]}" | field plain_text)

say "Plan/Code (the first half, briefly): database $DB, an iteration, a branch that adds a column"
call "$ADMIN" POST /databases "{\"name\": \"$DB\"}" > /dev/null
call "$ADMIN" DELETE "/databases/$DB/branches/main/safe-migrations" > /dev/null
sql main "CREATE TABLE PARCELS (ID BIGINT PRIMARY KEY, STATUS VARCHAR(20)); INSERT INTO PARCELS SELECT X, 'new' FROM SYSTEM_RANGE(1, 1000);"
call "$ADMIN" POST "/databases/$DB/branches/main/safe-migrations" > /dev/null
ITERATION=$(call "$ADMIN" POST /iterations "{\"name\": \"Parcel tracking $RUN\", \"starts_on\": \"$(date -u +%F)\", \"ends_on\": \"$(date -u -d '+13 days' +%F)\"}" | field id)
call "$DEV" POST "/databases/$DB/branches" '{"name": "tracking"}' > /dev/null
sql tracking "ALTER TABLE PARCELS ADD COLUMN TRACKING_CODE VARCHAR(40);"
for phase in code build test; do call "$ADMIN" POST "/iterations/$ITERATION/phase" "{\"phase\": \"$phase\"}" > /dev/null; done

say "Release: open the deploy request (gated: it waits for the promote), approve it"
NUMBER=$(call "$DEV" POST "/databases/$DB/deploy-requests" '{"branch": "tracking", "auto_apply": false}' | field number)
call "$OPS" POST "/databases/$DB/deploy-requests/$NUMBER/reviews" '{"state": "approved"}' > /dev/null
call "$ADMIN" POST "/iterations/$ITERATION/phase" '{"phase": "release"}' | field phase

say "The blue/green production environment on $DB/main, version 1.0 live in blue"
call "$OPS" POST /environments "{\"name\": \"$ENV\", \"tier\": \"production\", \"strategy\": \"blue_green\", \"database_branch\": \"$DB/main\"}" > /dev/null
V1=$(call "$OPS" POST /deployments "{\"environment\": \"$ENV\", \"version\": \"1.0.0\", \"status\": \"success\"}" | field id)
call "$OPS" POST "/deployments/$V1/promote" > /dev/null

say "Deploy: copy the schema change online up to its cutover, deploy 1.1.0 to the idle slot"
call "$OPS" POST "/databases/$DB/deploy-requests/$NUMBER/deploy?wait=true" | field deployment_state
call "$ADMIN" POST "/iterations/$ITERATION/phase" '{"phase": "deploy"}' | field phase
V2=$(call "$OPS" POST /deployments "{\"environment\": \"$ENV\", \"version\": \"1.1.0\", \"commit_sha\": \"4f2a9c1\", \"committed_at\": \"$(date -u -d '-3 hours' +%FT%TZ)\", \"iteration_id\": $ITERATION, \"deploy_requests\": [{\"database\": \"$DB\", \"number\": $NUMBER}]}" | field id)
call "$OPS" PATCH "/deployments/$V2" '{"status": "success"}' | field slot

say "Promote: the deploy request is cut over first, then the green slot goes live"
# the cutover runs in the background (the environment page shows its progress); ?wait=true answers when it is done
call "$OPS" POST "/deployments/$V2/promote?wait=true" | field live
call "$OPS" GET "/databases/$DB/deploy-requests/$NUMBER" | field deployment_state
call "$OPS" GET "/environments/$ENV" | field live_slot

say "Operate: the iteration moves on now that its production deployment is live (the revert window is open)"
call "$ADMIN" POST "/iterations/$ITERATION/phase" '{"phase": "operate"}' | field phase

say "A weekend freeze in Berlin time, and its next windows"
call "$OPS" POST "/environments/$ENV/freezes" '{"kind": "recurring", "cron": "0 18 * * 5", "duration_minutes": 3840, "time_zone": "Europe/Berlin", "reason": "Weekend: no deploys"}' | field next_windows.0.starts_at

say "DORA for $ENV"
call "$OPS" GET "/metrics/dora?environment=$ENV" | python3 -c 'import json,sys; d=json.load(sys.stdin); print({k: d[k] for k in ("deployments", "deployment_frequency_per_week", "lead_time_hours_median", "change_fail_rate", "recovery_time_hours_median", "rework_rate")})'
printf '\nOpen %s/environments and %s/iterations/%s\n' "${LOOPLINE_URL:-http://localhost:8080}" "${LOOPLINE_URL:-http://localhost:8080}" "$ITERATION"
