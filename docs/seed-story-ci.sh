#!/usr/bin/env bash
# The seed story's Jenkins half against a running Loopline: the iteration moves from Plan to Monitor by itself.
#   LOOPLINE_URL=http://localhost:8080 ADMIN_TOKEN=<admin service token> docs/seed-story-ci.sh
# ADMIN_TOKEN may be the LOOPLINE_BOOTSTRAP_TOKEN Loopline was started with. Needs curl and jq.
set -euo pipefail
LL="${LOOPLINE_URL:-http://localhost:8080}/api/v1"
ADMIN="${ADMIN_TOKEN:?set ADMIN_TOKEN to an admin service token}"
RUN="$(date +%s)"
DB="seed-$RUN"

api() { # api <token> <method> <path> [json]
  curl -fsS -X "$2" "$LL$3" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' ${4:+-d "$4"}
}
phase() { api "$ADMIN" GET "/iterations/$ITERATION" | jq -r .phase; }
say() { printf '%-58s phase: %s\n' "$1" "$(phase)"; }
wait_for() { # wait_for <phase>
  for _ in $(seq 1 120); do [ "$(phase)" = "$1" ] && return 0; sleep 1; done
  echo "the iteration did not reach $1" >&2; exit 1
}

# Tokens as CI and ops have them: a developer (CI) and an operator (who approves and deploys)
CI=$(api "$ADMIN" POST /service-tokens '{"name":"ci-'"$RUN"'","roles":["developer"]}' | jq -r .plain_text)
OPS=$(api "$ADMIN" POST /service-tokens '{"name":"ops-'"$RUN"'","roles":["operator"]}' | jq -r .plain_text)

# Plan: a database and an iteration that starts today; its branch is made from production
api "$ADMIN" POST /databases '{"name":"'"$DB"'","revert_window_minutes":30}' > /dev/null
api "$ADMIN" POST "/databases/$DB/branches/main/sql" 'CREATE TABLE parcels (id BIGINT PRIMARY KEY, status VARCHAR(20))' \
  > /dev/null 2>&1 || true
ITERATION=$(api "$ADMIN" POST /iterations '{"name":"Parcel ETA","starts_on":"'"$(date -u +%F)"'","ends_on":"'"$(date -u -d '+13 days' +%F)"'","database":"'"$DB"'"}' | jq -r .id)
for _ in $(seq 1 60); do
  BRANCH=$(api "$ADMIN" GET "/iterations/$ITERATION" | jq -r '.branch // empty')
  [ -n "$BRANCH" ] && [ "$(api "$ADMIN" GET "/databases/$DB/branches/$BRANCH" | jq -r .state)" = ready ] && break
  sleep 1
done
say "iteration $ITERATION with branch $DB/$BRANCH"

# Code: a developer changes the branch schema
curl -fsS -X POST "$LL/databases/$DB/branches/$BRANCH/sql" -H "Authorization: Bearer $CI" -H 'Content-Type: text/plain' \
  --data 'CREATE TABLE shipments (id BIGINT PRIMARY KEY, eta TIMESTAMP)' > /dev/null
say "work on $BRANCH"

# Build: Jenkins builds the iteration's git branch; a test branch from it deletes itself in an hour
api "$CI" POST "/databases/$DB/branches" '{"name":"test-'"$RUN"'","parent_branch":"'"$BRANCH"'","delete_after_minutes":60}' > /dev/null
BUILD=$(api "$CI" POST /builds '{"pipeline":"shop","number":'"$RUN"',"status":"running","commit_sha":"c6d86dc7c283","git_branch":"'"$BRANCH"'","test_branch":"'"$DB"'/test-'"$RUN"'","started_at":"'"$(date -u +%FT%TZ)"'"}' | jq -r .id)
say "build shop#$RUN running"

# Test: the JUnit report of the run (when the test-report endpoint is there), then the build finishes
cat > "/tmp/seed-$RUN.xml" <<XML
<testsuite name="ShipmentTests" tests="2" failures="0" errors="0" skipped="0" time="1.5">
  <testcase classname="shop.ShipmentTests" name="etaIsStored" time="0.8"/>
  <testcase classname="shop.ShipmentTests" name="etaIsShown" time="0.7"/>
</testsuite>
XML
curl -fsS -X POST "$LL/builds/$BUILD/test-reports" -H "Authorization: Bearer $CI" -H 'Content-Type: application/xml' \
  --data-binary "@/tmp/seed-$RUN.xml" > /dev/null || echo "(no test-report endpoint on this Loopline: Test is skipped by the next step)"
api "$CI" POST /builds '{"pipeline":"shop","number":'"$RUN"',"status":"success","finished_at":"'"$(date -u +%FT%TZ)"'"}' > /dev/null
say "build shop#$RUN green, tests reported"

# Release: CI opens the deploy request; ops approve and deploy it
NUMBER=$(api "$CI" POST "/databases/$DB/deploy-requests" '{"branch":"'"$BRANCH"'","notes":"Shipment ETA"}' | jq -r .number)
say "deploy request $DB#$NUMBER opened"
api "$OPS" POST "/databases/$DB/deploy-requests/$NUMBER/reviews" '{"state":"approved"}' > /dev/null
api "$OPS" POST "/databases/$DB/deploy-requests/$NUMBER/deploy?wait=true" > /dev/null
wait_for operate
say "deployed: revert window open"

# Monitor: ops close the revert window
api "$OPS" POST "/databases/$DB/deploy-requests/$NUMBER/skip-revert" > /dev/null
wait_for monitor
say "revert window closed"

api "$ADMIN" GET "/iterations/$ITERATION" | jq -r '.phase_history[] | "\(.phase)\t\(.by)\t\(.reason // "")"'
