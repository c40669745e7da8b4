#!/usr/bin/env python3
"""labd: the UAT lab's small HTTP daemon (loopback only, stdlib only).

Started by `labctl.py up`; binds 127.0.0.1 on a free port and writes it to
LABDIR/labd.port (pid in LABDIR/labd.pid).  Every deployment under
LABDIR/deployments/<service>/ is "running" here: when its generation file
changes, labd performs a (rolling) restart: it reloads the deployment's
config (for salesforce-sso: the IdP certificate the SP trusts) and a fault
injected into the previous generation is gone.

Endpoints
  GET /healthz                       200 "ok"
  GET /lab/status                    labctl status as JSON
  GET /lab/deployments/<service>     rollout state as JSON (generation,
                                     observed_generation, replicas,
                                     ready_replicas, error_percent,
                                     config_current, needs_restart, ...)
  GET /svc/<service>/health          200 while healthy; 503 for error_percent
  GET /svc/health                    of the requests while a fault is active
                                     (/svc/health = checkout-api)
  GET /sso/idp/metadata              the vendor-published IdP metadata
  GET /sso/pilot-login?user=U        SP-initiated login: -> /sso/idp/login ->
                                     /sso/acs -> /sso/home (200 "welcome U")
                                     while the fingerprint the SP loaded at its
                                     last restart is the IdP's; otherwise
                                     /sso/acs redirects back to
                                     /sso/pilot-login (a redirect loop).
"""

import argparse
import http.server
import json
import os
import signal
import sys
import threading
import time
import urllib.parse

sys.dont_write_bytecode = True  # never write into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labctl  # noqa: E402


class Lab:
    def __init__(self, lab):
        self.lab = lab
        self.lock = threading.Lock()
        self.observed = {}   # service -> {generation, loaded_fingerprint}
        self.requests = {}   # service -> request counter (deterministic error pattern)

    def log(self, msg):
        print(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), msg, flush=True)

    def services(self):
        try:
            return sorted(os.listdir(os.path.join(self.lab, "deployments")))
        except OSError:
            return []

    def reconcile(self):
        """Restart every deployment whose generation changed (rolling restart)."""
        with self.lock:
            for svc in self.services():
                d = labctl.deployment_dir(self.lab, svc)
                gen = labctl.read_int(os.path.join(d, "generation"), 1)
                obs = self.observed.get(svc)
                if obs is not None and obs["generation"] == gen:
                    continue
                new = {"generation": gen, "loaded_at": time.time()}
                if svc == labctl.SSO_SERVICE:
                    new["loaded_fingerprint"] = labctl.fingerprint(
                        labctl.read(os.path.join(self.lab, "sso", "sp", "idp-signing.cer")))
                self.observed[svc] = new
                self.requests[svc] = 0
                labctl.write(os.path.join(d, "observed.json"), json.dumps(new) + "\n")
                self.log(f"{svc}: {'restarted' if obs else 'started'} at generation {gen}")

    def deployment(self, svc):
        self.reconcile()
        with self.lock:
            obs = dict(self.observed.get(svc, {}))
        return labctl.deployment_state(self.lab, svc, obs)

    def health(self, svc):
        st = self.deployment(svc)
        with self.lock:
            n = self.requests.get(svc, 0)
            self.requests[svc] = n + 1
        # deterministic: of every 10 requests, error_percent/10 fail
        failing = (n % 10) < (st["error_percent"] // 10)
        return st, failing


def make_handler(lab):
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "warroom-labd/1"

        def log_message(self, fmt, *args):
            lab.log("%s %s" % (self.address_string(), fmt % args))

        def send(self, code, body, ctype="application/json", headers=None):
            data = body.encode() if isinstance(body, str) else body
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def redirect(self, path, query):
            self.send(302, "", "text/plain", {"Location": path + "?" + urllib.parse.urlencode(query)})

        def do_GET(self):  # noqa: N802 (http.server API)
            url = urllib.parse.urlsplit(self.path)
            q = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
            parts = [p for p in url.path.split("/") if p]
            try:
                self.route(parts, q)
            except Exception as e:  # keep serving; report the error
                lab.log(f"error: {e!r}")
                self.send(500, json.dumps({"error": str(e)}))

        def route(self, parts, q):
            if parts == ["healthz"]:
                return self.send(200, "ok\n", "text/plain")
            if parts == ["lab", "status"]:
                lab.reconcile()
                return self.send(200, json.dumps(labctl.status(lab.lab)))
            if len(parts) == 3 and parts[:2] == ["lab", "deployments"]:
                if not os.path.isdir(labctl.deployment_dir(lab.lab, parts[2])):
                    return self.send(404, json.dumps({"error": f"no deployment {parts[2]}"}))
                return self.send(200, json.dumps(lab.deployment(parts[2])))
            if parts in (["svc", "health"],) or (len(parts) == 3 and parts[0] == "svc" and parts[2] == "health"):
                svc = labctl.SVC_SERVICE if len(parts) == 2 else parts[1]
                if not os.path.isdir(labctl.deployment_dir(lab.lab, svc)):
                    return self.send(404, json.dumps({"error": f"no deployment {svc}"}))
                st, failing = lab.health(svc)
                if failing:
                    return self.send(503, json.dumps({"status": "error", "service": svc,
                                                      "error": "upstream connect error: pool exhausted"}))
                return self.send(200, json.dumps({"status": "ok", "service": svc,
                                                  "generation": st["observed_generation"]}))
            if parts == ["sso", "idp", "metadata"]:
                md = labctl.read(os.path.join(lab.lab, "sso", "vendor", "idp-metadata.xml"))
                if md is None:
                    return self.send(404, "no metadata\n", "text/plain")
                return self.send(200, md, "application/samlmetadata+xml")
            hop = int(q.get("hop", "0") or 0) + 1
            user = q.get("user", "pilot")
            if parts == ["sso", "pilot-login"]:
                return self.redirect("/sso/idp/login", {"user": user, "hop": hop})
            if parts == ["sso", "idp", "login"]:
                return self.redirect("/sso/acs", {"user": user, "hop": hop})
            if parts == ["sso", "acs"]:
                st = lab.deployment(labctl.SSO_SERVICE)
                idp = labctl.fingerprint(labctl.read(os.path.join(lab.lab, "sso", "idp", "signing.cer")))
                if st.get("loaded_fingerprint") != idp:
                    # assertion signature does not verify: no session, back to the start
                    return self.redirect("/sso/pilot-login", {"user": user, "hop": hop})
                return self.redirect("/sso/home", {"user": user, "hop": hop})
            if parts == ["sso", "home"]:
                return self.send(200, json.dumps({"status": "welcome", "user": user,
                                                  "redirects": hop - 1}))
            return self.send(404, json.dumps({"error": "not found"}))

    return Handler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    args = ap.parse_args()
    lab = Lab(os.path.abspath(args.dir))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(lab))
    srv.daemon_threads = True
    lab.reconcile()
    labctl.write(os.path.join(lab.lab, "labd.pid"), f"{os.getpid()}\n")
    labctl.write(os.path.join(lab.lab, "labd.port"), f"{srv.server_address[1]}\n")
    lab.log(f"labd listening on 127.0.0.1:{srv.server_address[1]} for {lab.lab}")

    def stop(*_):
        threading.Thread(target=srv.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def poll():  # pick up restarts even when nobody asks
        while True:
            time.sleep(0.5)
            # the lab was deleted, or another labd took it over: stop
            if labctl.read_int(os.path.join(lab.lab, "labd.pid"), -1) != os.getpid():
                lab.log("lab directory gone or taken over; stopping")
                stop()
                return
            try:
                lab.reconcile()
            except Exception as e:
                lab.log(f"reconcile error: {e!r}")

    threading.Thread(target=poll, daemon=True).start()
    srv.serve_forever()
    lab.log("labd stopped")


if __name__ == "__main__":
    main()
