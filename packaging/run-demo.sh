#!/usr/bin/env bash
# Starts warroomd --demo, then the console signed in as alice; stops the
# daemon when the console closes.
set -euo pipefail
build=$1 data=$2 listen=$3
# The demo's lab is a sandbox on this machine: its UAT may be changed for
# real (execution mode apply; the policy keeps prod at check). The shipped
# default without a config is check-only.
mkdir -p "$data"
printf 'execution:\n  mode: apply\n' > "$data/warroomd.yaml"
"$build/app/warroomd" --config "$data/warroomd.yaml" --data-dir "$data" --listen "$listen" --demo &
daemon=$!
trap 'kill -TERM $daemon 2>/dev/null; wait $daemon 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    curl -sf "http://$listen/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['alice'])" "$data/demo-tokens.json" > "$data/alice.token"
chmod 600 "$data/alice.token"
echo "Demo users and tokens: $data/demo-tokens.json (alice mim, bob/erin change-approver, carol responder, dave viewer)"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "No display: the coordinator runs at http://$listen until Ctrl-C."
    wait $daemon
else
    "$build/app/warroom" --server "http://$listen" --token-file "$data/alice.token"
fi
