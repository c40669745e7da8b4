#!/usr/bin/env bash
# Takes the README's console screenshots under Xvfb against a demo daemon
# whose SSO plan really runs against the lab (execution mode apply in UAT):
#   docs/images/console-queue.png, console-queue-de.png, console-plan.png,
#   console-plan-diff.png, console-evidence.png, console-charts.png, console-wall.png,
#   and the incident command: console-command.png (roles, a blocked and an
#   overdue task), console-tasks.png (the plan's tasks), console-comms.png (the
#   status-update composer), console-remediation.png (the review queue)
set -euo pipefail
build=${1:-build}
data=$(mktemp -d)
port=18$((RANDOM % 900 + 100))
base="http://127.0.0.1:$port"
printf 'execution:\n  mode: apply\n' > "$data/warroomd.yaml"
"$build/app/warroomd" --config "$data/warroomd.yaml" --data-dir "$data" --listen "127.0.0.1:$port" --demo \
    > "$data/daemon.log" 2>&1 &
daemon=$!
trap 'kill -TERM $daemon 2>/dev/null; wait $daemon 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 600); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
token() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$data/demo-tokens.json" "$1"; }
token alice > "$data/alice.token"
token dave > "$data/dave.token"
api() { # USER METHOD PATH [BODY]
    curl -s -o /dev/null -X"$2" -H "Authorization: Bearer $(token "$1")" -H 'Content-Type: application/json' \
        "$base$3" ${4:+-d "$4"} || true
}
api_json() { # USER METHOD PATH [BODY]: prints the answer
    curl -s -X"$2" -H "Authorization: Bearer $(token "$1")" -H 'Content-Type: application/json' \
        "$base$3" ${4:+-d "$4"} || true
}
id_of() { python3 -c 'import json, sys; print(json.load(sys.stdin)["incident"]["id"])'; }
# The state of a step of INC-1 (pending, running, succeeded, failed...).
step_state() {
    curl -s -H "Authorization: Bearer $(token dave)" "$base/api/v1/incidents/1" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(next((s["state"] for s in d["plan"]["steps"] if s["id"] == sys.argv[1]), "missing"))' "$1"
}
wait_step() { # STEP: until it ran (at most 3 minutes)
    for _ in $(seq 360); do
        case $(step_state "$1") in succeeded|failed|rejected|skipped) return 0 ;; esac
        sleep 0.5
    done
    echo "step $1 did not finish" >&2
    tail -20 "$data/daemon.log" >&2
    return 1
}
hash_of() { # STEP: its content hash, which an approval signs
    curl -s -H "Authorization: Bearer $(token dave)" "$base/api/v1/incidents/1" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(next(s["content_hash"] for s in d["plan"]["steps"] if s["id"] == sys.argv[1]))' "$1"
}
approve() { # USER STEP
    api "$1" POST "/api/v1/incidents/1/steps/$2/approve" \
        "{\"comment\":\"reviewed\",\"content_hash\":\"$(hash_of "$2")\"}"
}
# A busier queue for the charts: more incidents, each analysed by the offline analyst.
titles=("Checkout API 502s after deploy" "VPN gateway drops sessions" "Payroll batch job stuck"
        "Support bot quotes wrong refund policy" "S3 bucket policy made public" "Search latency p99 above 4 s"
        "Mail relay queue growing" "Kubernetes node pressure evictions" "SSO login loops for pilot users"
        "Database replica lag 15 min" "Suspicious admin logins from new ASN" "Invoice PDFs render blank")
services=(checkout vpn payroll support-assistant storage search mail k8s salesforce-sso db-orders iam billing)
for i in $(seq 0 23); do
    k=$((i % ${#titles[@]}))
    body=$(printf '{"title":"%s","service":"%s","priority":"P%d","source":"alertmanager"}' \
        "${titles[$k]}" "${services[$k]}" $((1 + i % 4)))
    api carol POST /api/v1/incidents "$body"
done
for id in $(seq 2 28); do api carol POST "/api/v1/incidents/$id/triage"; done
# INC-1's plan, for real: carol approves the diagnosis and the snapshot, the
# executor runs them against the lab; bob approves the high-risk patch.
approve carol s1
wait_step s1
approve carol s2
wait_step s2
approve bob s3
# Incident command: a declared major incident led by alice, carol on comms,
# erin the scribe; one task past its due time, one blocked by its owner, a
# status update already out.
cmd=$(api_json carol POST /api/v1/incidents '{"title":"Card payments time out after the processor failover",
  "service":"payments","priority":"P1","source":"pagerduty",
  "description":"Checkout payments time out for about 30% of customers since the card processor failed over."}' | id_of)
api carol POST "/api/v1/incidents/$cmd/triage"
api alice POST "/api/v1/incidents/$cmd/promote" '{"reason":"customers cannot pay"}'
api alice POST "/api/v1/incidents/$cmd/roles" '{"comms_lead":"carol","scribe":"erin"}'
api alice POST "/api/v1/incidents/$cmd/severity" '{"severity":"SEV1","reason":"a third of all payments fail"}'
at() { date -u -d "$1" +%Y-%m-%dT%H:%M:%S.000Z; }
api carol PUT "/api/v1/incidents/$cmd/plan" "{\"source\":\"manual\",\"summary\":\"Fail back to the primary processor\",
  \"steps\":[{\"id\":\"s1\",\"kind\":\"manual\",\"title\":\"Ask the processor for the failover status\",
               \"owner\":\"carol\",\"due_at\":\"$(at '-15 min')\"},
              {\"id\":\"s2\",\"kind\":\"manual\",\"title\":\"Switch the payment gateway back to the primary\",
               \"owner\":\"bob\",\"due_at\":\"$(at '+45 min')\"},
              {\"id\":\"s3\",\"kind\":\"communicate\",\"title\":\"Tell customer support what to say\",
               \"owner\":\"carol\",\"due_at\":\"$(at '+30 min')\"}]}"
api carol POST "/api/v1/incidents/$cmd/plan/submit"
api bob POST "/api/v1/incidents/$cmd/tasks/s2/block" '{"reason":"waiting for the processor to confirm the primary is healthy"}'
api alice POST "/api/v1/incidents/$cmd/status-updates" \
    '{"audience":"internal","text":"Payments degraded since the processor failover; failing back once they confirm."}'
# A remediation draft: an incident fixed by hand ($ touch ...), resolved, drafted.
fix=$(api_json carol POST /api/v1/incidents '{"title":"Cache rotation flag missing on cache-02","service":"cache",
  "priority":"P3","source":"alertmanager"}' | id_of)
api carol PUT "/api/v1/incidents/$fix/plan" "{\"source\":\"manual\",\"steps\":[{\"id\":\"s1\",\"kind\":\"manual\",
  \"title\":\"Flag the cache rotation\",\"owner\":\"carol\",
  \"description\":\"On the host:\\n\$ touch $data/rotated.flag\\nthen tell the MIM.\"}]}"
api carol POST "/api/v1/incidents/$fix/plan/submit"
api alice POST "/api/v1/incidents/$fix/steps/s1/approve" '{"comment":"fine"}'
api alice POST "/api/v1/incidents/$fix/steps/s1/start"
api alice POST "/api/v1/incidents/$fix/steps/s1/finish" '{"succeeded":true,"summary":"flag written"}'
api alice POST "/api/v1/incidents/$fix/resolve" '{"summary":"flag back in place"}'
api carol POST "/api/v1/incidents/$fix/remediation-drafts"
for _ in $(seq 120); do # its validation, against a scratch lab (a minute or two)
    curl -s -H "Authorization: Bearer $(token dave)" "$base/api/v1/remediation-drafts" | grep -q '"validated":true' && break
    sleep 1
done
mkdir -p docs/images
shot() { xvfb-run -a -s "-screen 0 1920x1080x24" "$build/app/warroom" --server "$base" "$@"; }
alice=(--token-file "$data/alice.token" --size 1600x900)
# The patch waits for its second approver (the gate note says so).
shot "${alice[@]}" --incident 1 --tab plan --step s3 --screenshot docs/images/console-plan.png
# erin is the second approver: check, apply, idempotency re-check, validation.
approve erin s3
wait_step s3
shot "${alice[@]}" --incident 1 --tab overview --screenshot docs/images/console-queue.png
shot "${alice[@]}" --incident 1 --tab overview --lang de --screenshot docs/images/console-queue-de.png
shot "${alice[@]}" --incident 1 --tab plan --step s3 --screenshot docs/images/console-plan-diff.png
shot "${alice[@]}" --incident 1 --tab evidence --screenshot docs/images/console-evidence.png
shot "${alice[@]}" --tab charts --screenshot docs/images/console-charts.png
shot "${alice[@]}" --incident "$cmd" --tab overview --screenshot docs/images/console-command.png
shot "${alice[@]}" --incident "$cmd" --tab plan --step s2 --screenshot docs/images/console-tasks.png
shot "${alice[@]}" --incident "$cmd" --tab comms --draft executive --screenshot docs/images/console-comms.png
shot "${alice[@]}" --tab remediation --screenshot docs/images/console-remediation.png
shot --token-file "$data/dave.token" --size 1920x1080 --wall --screenshot docs/images/console-wall.png
echo "screenshots in docs/images/"
