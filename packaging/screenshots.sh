#!/usr/bin/env bash
# Takes the README's console screenshots under Xvfb against a demo daemon:
#   docs/images/console-queue.png, console-queue-de.png, console-wall.png
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
# Something for the plan to show: carol approves the read-only first step.
curl -sf -XPOST -H "Authorization: Bearer $(token carol)" \
    "http://127.0.0.1:$port/api/v1/incidents/1/steps/s1/approve" -d '{"comment":"read-only"}' >/dev/null
mkdir -p docs/images
shot() { xvfb-run -a -s "-screen 0 1920x1080x24" "$build/app/warroom" --server "http://127.0.0.1:$port" "$@"; }
shot --token-file "$data/alice.token" --size 1600x900 --screenshot docs/images/console-queue.png
shot --token-file "$data/alice.token" --size 1600x900 --lang de --screenshot docs/images/console-queue-de.png
shot --token-file "$data/dave.token" --size 1920x1080 --wall --screenshot docs/images/console-wall.png
echo "screenshots in docs/images/"
