#!/usr/bin/env bash
# Takes the README's console screenshots under Xvfb against a demo daemon:
#   docs/images/console-queue.png, console-queue-de.png, console-plan.png,
#   console-evidence.png, console-charts.png, console-wall.png
set -euo pipefail
build=${1:-build}
data=$(mktemp -d)
port=18$((RANDOM % 900 + 100))
"$build/app/warroomd" --data-dir "$data" --listen "127.0.0.1:$port" --demo > "$data/daemon.log" 2>&1 &
daemon=$!
trap 'kill -TERM $daemon 2>/dev/null; wait $daemon 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
token() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$data/demo-tokens.json" "$1"; }
token alice > "$data/alice.token"
token dave > "$data/dave.token"
api() { # METHOD PATH [BODY] as alice
    curl -s -o /dev/null -X"$1" -H "Authorization: Bearer $(token alice)" -H 'Content-Type: application/json' \
        "http://127.0.0.1:$port$2" ${3:+-d "$3"} || true
}
# Something for the plan to show: carol approves the read-only first step.
curl -sf -XPOST -H "Authorization: Bearer $(token carol)" \
    "http://127.0.0.1:$port/api/v1/incidents/1/steps/s1/approve" -d '{"comment":"read-only"}' >/dev/null
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
    api POST /api/v1/incidents "$body"
done
for id in $(seq 2 28); do api POST "/api/v1/incidents/$id/triage"; done
# A constructed run record for the evidence page (the runner is not merged yet; the JSON is docs/api.md's).
cat > "$data/evidence.json" <<'JSON'
{"incident": {"id": 1, "key": "INC-1", "title": "SSO login loops for pilot users", "state": "executing"},
 "plan": {"steps": [
   {"id": "s1", "kind": "diagnose", "title": "Check certificate fingerprint drift", "playbook": "sso-fingerprint-check", "risk": "low", "environment": "uat", "state": "succeeded"},
   {"id": "s2", "kind": "snapshot", "title": "Snapshot current IdP metadata", "playbook": "sso-metadata-snapshot", "risk": "low", "environment": "uat", "state": "succeeded"},
   {"id": "s3", "kind": "remediate", "title": "Patch UAT IdP metadata with the approved certificate", "playbook": "sso-metadata-patch", "risk": "high", "environment": "uat", "mutates": true, "state": "running"}]},
 "approval_status": [{"step": "s1", "needed": 1, "approvers": ["carol"], "satisfied": true},
                     {"step": "s2", "needed": 1, "approvers": ["carol"], "satisfied": true},
                     {"step": "s3", "needed": 2, "approvers": ["bob", "alice"], "satisfied": true}],
 "runs": [
  {"id": "run-7", "step_id": "s2", "mode": "apply", "environment": "uat", "outcome": "succeeded",
   "phases": [{"name": "apply", "argv": ["ansible-playbook", "-i", "inventories/uat", "sso-metadata-snapshot.yml"], "playbook_sha256": "5f1c0e9a7b2d4c33a1e0", "exit_code": 0, "outcome": "succeeded",
     "tasks": [{"host": "idp-uat-1", "task": "Gathering Facts", "status": "ok", "duration_ms": 1210},
               {"host": "idp-uat-2", "task": "Gathering Facts", "status": "ok", "duration_ms": 1302},
               {"host": "idp-uat-1", "task": "Fetch IdP metadata", "status": "ok", "duration_ms": 412},
               {"host": "idp-uat-2", "task": "Fetch IdP metadata", "status": "ok", "duration_ms": 398},
               {"host": "idp-uat-1", "task": "Store snapshot", "status": "changed", "duration_ms": 95, "diff": {"before_header": "/var/snapshots/idp-metadata.xml", "after_header": "/var/snapshots/idp-metadata.xml", "before": "", "after": "<EntityDescriptor entityID=\"https://idp.uat\">\n"}}],
     "stdout_tail": "PLAY RECAP *********\nidp-uat-1 : ok=3 changed=1 unreachable=0 failed=0\nidp-uat-2 : ok=2 changed=0 unreachable=0 failed=0", "stderr_tail": ""}]},
  {"id": "run-8", "step_id": "s3", "mode": "apply", "environment": "uat", "outcome": "running",
   "phases": [{"name": "check", "argv": ["ansible-playbook", "--check", "--diff", "-i", "inventories/uat", "sso-metadata-patch.yml"], "playbook_sha256": "9ad04b1e6c7f2210bb41", "exit_code": 0, "outcome": "succeeded",
     "tasks": [{"host": "idp-uat-1", "task": "Write approved certificate", "status": "changed", "duration_ms": 230, "diff": {"before_header": "/etc/idp/metadata.xml", "after_header": "/etc/idp/metadata.xml", "before": "<X509Certificate>MIIC...OLD-2025</X509Certificate>\n", "after": "<X509Certificate>MIIC...APPROVED-2026</X509Certificate>\n"}},
               {"host": "idp-uat-2", "task": "Write approved certificate", "status": "changed", "duration_ms": 241}],
     "stdout_tail": "PLAY RECAP *********\nidp-uat-1 : ok=1 changed=1\nidp-uat-2 : ok=1 changed=1", "stderr_tail": ""},
    {"name": "apply", "argv": ["ansible-playbook", "--diff", "-i", "inventories/uat", "sso-metadata-patch.yml"], "playbook_sha256": "9ad04b1e6c7f2210bb41", "exit_code": 2, "outcome": "failed",
     "tasks": [{"host": "idp-uat-1", "task": "Write approved certificate", "status": "changed", "duration_ms": 251, "diff": {"before_header": "/etc/idp/metadata.xml", "after_header": "/etc/idp/metadata.xml", "before": "<X509Certificate>MIIC...OLD-2025</X509Certificate>\n", "after": "<X509Certificate>MIIC...APPROVED-2026</X509Certificate>\n"}},
               {"host": "idp-uat-2", "task": "Write approved certificate", "status": "failed", "duration_ms": 3012},
               {"host": "idp-uat-1", "task": "Restart IdP", "status": "changed", "duration_ms": 5230},
               {"host": "idp-uat-2", "task": "Restart IdP", "status": "skipped", "duration_ms": 0}],
     "stdout_tail": "TASK [Write approved certificate] ***\nfatal: [idp-uat-2]: FAILED! => {\"msg\": \"Destination /etc/idp not writable\"}\nPLAY RECAP *********\nidp-uat-1 : ok=2 changed=2 failed=0\nidp-uat-2 : ok=0 changed=0 failed=1 skipped=1", "stderr_tail": "[WARNING]: idp-uat-2: permission denied"}]}]}
JSON
mkdir -p docs/images
shot() { xvfb-run -a -s "-screen 0 1920x1080x24" "$build/app/warroom" --server "http://127.0.0.1:$port" "$@"; }
alice=(--token-file "$data/alice.token" --size 1600x900)
shot "${alice[@]}" --incident 1 --tab overview --screenshot docs/images/console-queue.png
shot "${alice[@]}" --incident 1 --tab overview --lang de --screenshot docs/images/console-queue-de.png
shot "${alice[@]}" --incident 1 --tab plan --screenshot docs/images/console-plan.png
shot "${alice[@]}" --incident 1 --tab evidence --record "$data/evidence.json" --screenshot docs/images/console-evidence.png
shot "${alice[@]}" --tab charts --screenshot docs/images/console-charts.png
shot --token-file "$data/dave.token" --size 1920x1080 --wall --screenshot docs/images/console-wall.png
echo "screenshots in docs/images/"
