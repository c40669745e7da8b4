#!/usr/bin/env python3
"""warroom UAT lab control: up | down | status | break SCENARIO.

The one implementation of the lab (`warroomctl lab ...` calls this script).
Offline, python3 standard library only, loopback only.  All state lives in
the lab directory (--dir); the playbooks in playbooks/ only touch that
directory (they receive it as the variable warroom_lab_dir).

Scenarios
  sso      Salesforce SSO: IdP signing certificate, vendor and approved IdP
           metadata, the certificate the SP trusts and the one its auth
           deployment loaded at its last restart.  `break sso` rotates the IdP
           certificate, so the SP's fingerprint is stale and the pilot login
           loops.
  disk     log shipper disk: a virtual filesystem (capacity in
           disk/fs.json) with shipper logs, compressed archives and a
           journal.  `break disk` fills it with stale archives and removes
           the journald cap and the logrotate maxage.
  service  checkout-api: `break service` injects a fault into the running
           generation, so /svc/checkout-api/health fails 60 % of requests
           until a (rolling) restart bumps the generation.

Exit codes: 0 success, 1 runtime failure, 2 usage error.
"""

import argparse
import hashlib
import json
import os
import signal
import ssl
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = ("sso", "disk", "service")
SSO_SERVICE = "salesforce-sso"
SVC_SERVICE = "checkout-api"
# other deployments the lab runs (healthy), so the generic service playbooks
# have something to act on
OTHER_SERVICES = ("orders-api", "mobile-bff", "payments", "identity-provider", "web-frontend")
CERTS = ("idp-signing-2025.pem", "idp-signing-2026.pem")
DISK_CAPACITY = 16 * 1024 * 1024  # the virtual log filesystem: 16 MiB
DAY = 86400
FAULT_ERROR_PERCENT = 60
IDP_ENTITY_ID = "https://idp.lab.invalid/saml2"

LOGROTATE_HEALTHY = """/var/log/log-shipper/*.log {
    daily
    rotate 14
    maxage 14
    compress
    missingok
    notifempty
}
"""
LOGROTATE_BROKEN = """/var/log/log-shipper/*.log {
    daily
    rotate 365
    compress
    missingok
    notifempty
}
"""
JOURNALD_CAP = """# Cap the systemd journal (managed by warroom)
[Journal]
SystemMaxUse=2G
MaxRetentionSec=2week
"""


# --------------------------------------------------------------- helpers
def write(path, data, mode=0o644, mtime=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)
    os.chmod(tmp, mode)
    os.replace(tmp, path)
    if mtime is not None:
        os.utime(path, (mtime, mtime))


def read(path, default=None):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return default


def read_text(path, default=""):
    data = read(path)
    return default if data is None else data.decode(errors="replace")


def fingerprint(der):
    if not der:
        return ""
    h = hashlib.sha256(der).hexdigest().upper()
    return ":".join(h[i:i + 2] for i in range(0, len(h), 2))


def cert_der(name):
    with open(os.path.join(HERE, "certs", name)) as f:
        return ssl.PEM_cert_to_DER_cert(f.read())


def metadata_xml(der):
    import base64
    b64 = base64.b64encode(der).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    cert = "\n".join("            " + line for line in lines)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{IDP_ENTITY_ID}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="false">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo>
        <ds:X509Data>
          <ds:X509Certificate>
{cert}
          </ds:X509Certificate>
        </ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.lab.invalid/saml2/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"""


def read_int(path, default=0):
    try:
        return int(read_text(path, str(default)).strip() or default)
    except ValueError:
        return default


def read_json(path, default=None):
    data = read(path)
    if data is None:
        return default
    try:
        return json.loads(data)
    except ValueError:
        return default


def pid_alive(pid):
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child of ours is not alive
    try:
        with open(f"/proc/{pid}/stat") as f:
            if f.read().split(") ")[-1].startswith("Z"):
                return False
    except OSError:
        pass
    return True


# ------------------------------------------------------------ scenarios
def deployment_dir(lab, svc):
    return os.path.join(lab, "deployments", svc)


def init_deployment(lab, svc):
    d = deployment_dir(lab, svc)
    os.makedirs(d, exist_ok=True)
    if not os.path.exists(os.path.join(d, "generation")):
        write(os.path.join(d, "generation"), "1\n")
    if not os.path.exists(os.path.join(d, "replicas")):
        write(os.path.join(d, "replicas"), "3\n")


def init_sso(lab):
    s = os.path.join(lab, "sso")
    der = cert_der(CERTS[0])
    md = metadata_xml(der)
    for sub in ("idp", "vendor", "approved", "sp"):
        os.makedirs(os.path.join(s, sub), exist_ok=True)
    write(os.path.join(s, "idp", "signing.cer"), der)
    for sub in ("vendor", "approved", "sp"):
        write(os.path.join(s, sub, "idp-signing.cer"), der)
        write(os.path.join(s, sub, "idp-metadata.xml"), md)
    write(os.path.join(s, "sp", "saml.json"), json.dumps({
        "service": SSO_SERVICE, "idp_entity_id": IDP_ENTITY_ID,
        "acs_url": "/sso/acs", "metadata": "idp-metadata.xml",
        "trusted_certificate": "idp-signing.cer"}, indent=2) + "\n")
    os.makedirs(os.path.join(s, "snapshots"), exist_ok=True)
    init_deployment(lab, SSO_SERVICE)


def break_sso(lab):
    s = os.path.join(lab, "sso")
    trusted = read(os.path.join(s, "sp", "idp-signing.cer"))
    new = next(c for c in (cert_der(n) for n in CERTS) if c != trusted)
    md = metadata_xml(new)
    # The IdP signs with the new certificate; the vendor publishes it and the
    # identity team has put it in the approved store.  The SP still trusts
    # (and its running deployment still has loaded) the old one.
    write(os.path.join(s, "idp", "signing.cer"), new)
    for sub in ("vendor", "approved"):
        write(os.path.join(s, sub, "idp-signing.cer"), new)
        write(os.path.join(s, sub, "idp-metadata.xml"), md)


def disk_root(lab):
    return os.path.join(lab, "disk")


def init_disk(lab, now=None):
    now = now or time.time()
    root = disk_root(lab)
    write(os.path.join(root, "fs.json"),
          json.dumps({"mount": "/var/log", "capacity_bytes": DISK_CAPACITY}) + "\n")
    logs = os.path.join(root, "var", "log", "log-shipper")
    write(os.path.join(logs, "shipper.log"), "log shipper running\n" * 2000)
    for age in range(1, 8):  # a week of recent archives
        write(os.path.join(logs, f"shipper-{age:03d}.log.gz"), os.urandom(96 * 1024),
              mtime=now - age * DAY)
    write(os.path.join(root, "var", "log", "journal", "system.journal"), os.urandom(512 * 1024),
          mtime=now - 3600)
    write(os.path.join(root, "etc", "systemd", "journald.conf.d", "50-warroom-cap.conf"), JOURNALD_CAP)
    write(os.path.join(root, "etc", "logrotate.d", "log-shipper"), LOGROTATE_HEALTHY)


def break_disk(lab, now=None):
    now = now or time.time()
    root = disk_root(lab)
    logs = os.path.join(root, "var", "log", "log-shipper")
    # months of archives nobody expired (no maxage, rotate 365)
    for age in range(35, 35 + 90, 6):
        write(os.path.join(logs, f"shipper-{age:03d}.log.gz"), os.urandom(768 * 1024),
              mtime=now - age * DAY)
    # an uncapped journal with old, rotated files
    for age in range(20, 60, 5):
        write(os.path.join(root, "var", "log", "journal", f"system@{age:03d}.journal~"),
              os.urandom(320 * 1024), mtime=now - age * DAY)
    cap = os.path.join(root, "etc", "systemd", "journald.conf.d", "50-warroom-cap.conf")
    if os.path.exists(cap):
        os.unlink(cap)
    write(os.path.join(root, "etc", "logrotate.d", "log-shipper"), LOGROTATE_BROKEN)


def init_service(lab):
    for svc in (SVC_SERVICE,) + OTHER_SERVICES:
        init_deployment(lab, svc)


def break_service(lab):
    d = deployment_dir(lab, SVC_SERVICE)
    gen = read_int(os.path.join(d, "generation"), 1)
    # the fault lives in the running generation: a restart (generation bump) clears it
    write(os.path.join(d, "fault.json"),
          json.dumps({"generation": gen, "error_percent": FAULT_ERROR_PERCENT,
                      "kind": "connection-pool-exhausted"}) + "\n")


# --------------------------------------------------------------- health
def deployment_state(lab, svc, observed=None):
    """What labd reports for a deployment.  observed: labd's in-memory view
    ({generation, loaded_fingerprint}); None = read LABDIR/.../observed.json."""
    d = deployment_dir(lab, svc)
    gen = read_int(os.path.join(d, "generation"), 1)
    if observed is None:
        observed = read_json(os.path.join(d, "observed.json"), {}) or {}
    obs_gen = int(observed.get("generation", 0) or 0)
    replicas = max(1, read_int(os.path.join(d, "replicas"), 3))
    fault = read_json(os.path.join(d, "fault.json"), None)
    fault_active = bool(fault) and int(fault.get("generation", -1)) == obs_gen
    err = int(fault.get("error_percent", 0)) if fault_active else 0
    st = {"service": svc, "generation": gen, "observed_generation": obs_gen,
          "replicas": replicas, "fault_active": fault_active, "error_percent": err,
          "config_current": True}
    if svc == SSO_SERVICE:
        on_disk = fingerprint(read(os.path.join(lab, "sso", "sp", "idp-signing.cer")))
        st["loaded_fingerprint"] = observed.get("loaded_fingerprint", "")
        st["trusted_fingerprint"] = on_disk
        st["config_current"] = st["loaded_fingerprint"] == on_disk
    unready = (replicas * err + 99) // 100
    st["ready_replicas"] = replicas - unready if obs_gen == gen else 0
    st["rolled_out"] = obs_gen == gen
    st["needs_restart"] = fault_active or not st["config_current"] or obs_gen != gen
    return st


def disk_state(lab):
    root = disk_root(lab)
    fs = read_json(os.path.join(root, "fs.json"), {}) or {}
    cap = int(fs.get("capacity_bytes", DISK_CAPACITY))
    used = 0
    for dirpath, _, files in os.walk(os.path.join(root, "var", "log")):
        for f in files:
            try:
                used += os.path.getsize(os.path.join(dirpath, f))
            except OSError:
                pass
    pct = round(100.0 * used / cap, 1)
    cap_file = os.path.join(root, "etc", "systemd", "journald.conf.d", "50-warroom-cap.conf")
    journal_cap = "SystemMaxUse=" in read_text(cap_file)
    maxage = any(line.strip().startswith("maxage")
                 for line in read_text(os.path.join(root, "etc", "logrotate.d", "log-shipper")).splitlines())
    healthy = pct < 70 and journal_cap and maxage
    return {"healthy": healthy,
            "detail": {"used_bytes": used, "capacity_bytes": cap, "used_percent": pct,
                       "journal_cap": journal_cap, "logrotate_maxage": maxage}}


def labd_info(lab):
    pid = read_int(os.path.join(lab, "labd.pid"), 0)
    port = read_int(os.path.join(lab, "labd.port"), 0)
    running = pid_alive(pid)
    return {"running": running, "pid": pid if running else None,
            "port": port if running else None, "log": os.path.join(lab, "labd.log")}


def status(lab):
    out = {}
    info = labd_info(lab)
    if not os.path.isdir(os.path.join(lab, "sso")):
        out["sso"] = {"healthy": False, "detail": "not set up (labctl up)"}
    else:
        idp = fingerprint(read(os.path.join(lab, "sso", "idp", "signing.cer")))
        dep = deployment_state(lab, SSO_SERVICE)
        sp = dep["trusted_fingerprint"]
        healthy = info["running"] and idp == sp == dep["loaded_fingerprint"]
        out["sso"] = {"healthy": healthy, "detail": {
            "idp_fingerprint": idp, "sp_trusted_fingerprint": sp,
            "sp_loaded_fingerprint": dep["loaded_fingerprint"],
            "generation": dep["generation"], "observed_generation": dep["observed_generation"],
            "pilot_login": "ok" if healthy else ("redirect loop" if info["running"] else "labd down")}}
    if not os.path.isdir(disk_root(lab)):
        out["disk"] = {"healthy": False, "detail": "not set up (labctl up)"}
    else:
        out["disk"] = disk_state(lab)
    if not os.path.isdir(deployment_dir(lab, SVC_SERVICE)):
        out["service"] = {"healthy": False, "detail": "not set up (labctl up)"}
    else:
        dep = deployment_state(lab, SVC_SERVICE)
        dep["labd_running"] = info["running"]
        out["service"] = {"healthy": info["running"] and not dep["fault_active"] and dep["rolled_out"],
                          "detail": dep}
    out["labd"] = info
    return out


# --------------------------------------------------------------- labd
def labd_up(lab):
    info = labd_info(lab)
    if info["running"] and ping(info["port"]):
        return info
    if info["running"]:
        os.kill(info["pid"], signal.SIGTERM)
    for f in ("labd.port", "labd.pid"):
        try:
            os.unlink(os.path.join(lab, f))
        except FileNotFoundError:
            pass
    log = open(os.path.join(lab, "labd.log"), "ab")
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "labd.py"), "--dir", lab],
                            stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                            start_new_session=True, close_fds=True)
    log.close()
    deadline = time.time() + 10
    while time.time() < deadline:
        port = read_int(os.path.join(lab, "labd.port"), 0)
        if port and ping(port):
            return labd_info(lab)
        if proc.poll() is not None:
            raise RuntimeError(f"labd exited with {proc.returncode}; see {lab}/labd.log")
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"labd did not start within 10 s; see {lab}/labd.log")


def ping(port):
    if not port:
        return False
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def labd_down(lab):
    info = labd_info(lab)
    if info["running"]:
        os.kill(info["pid"], signal.SIGTERM)
        deadline = time.time() + 5
        while time.time() < deadline and pid_alive(info["pid"]):
            time.sleep(0.05)
        if pid_alive(info["pid"]):
            os.kill(info["pid"], signal.SIGKILL)
    for f in ("labd.port", "labd.pid"):
        try:
            os.unlink(os.path.join(lab, f))
        except FileNotFoundError:
            pass


# ---------------------------------------------------------------- main
def main(argv=None):
    # --dir may come before or after the command: labctl.py --dir D up, labctl.py up --dir D
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--dir", dest="sub_dir", metavar="DIR", help="lab state directory")
    ap = argparse.ArgumentParser(prog="labctl.py", description=__doc__.split("\n")[0])
    ap.add_argument("--dir", dest="top_dir", metavar="DIR", help="lab state directory")
    sub = ap.add_subparsers(dest="cmd", required=True)
    up = sub.add_parser("up", parents=[common], help="create the lab state (healthy) and start labd; idempotent")
    up.add_argument("--reset", action="store_true", help="re-create every scenario in its healthy state")
    sub.add_parser("down", parents=[common], help="stop labd (the state directory stays)")
    sub.add_parser("status", parents=[common], help="print the health of every scenario as JSON")
    br = sub.add_parser("break", parents=[common], help="inject a scenario's fault")
    br.add_argument("scenario", choices=SCENARIOS)
    args = ap.parse_args(argv)
    if not (args.sub_dir or args.top_dir):
        ap.error("--dir DIR is required")
    lab = os.path.abspath(args.sub_dir or args.top_dir)
    try:
        if args.cmd == "up":
            os.makedirs(lab, exist_ok=True)
            fresh = args.reset or not os.path.exists(os.path.join(lab, "lab.json"))
            if fresh or not os.path.isdir(os.path.join(lab, "sso")):
                init_sso(lab)
            if fresh or not os.path.isdir(disk_root(lab)):
                init_disk(lab)
            if fresh or not os.path.isdir(deployment_dir(lab, SVC_SERVICE)):
                init_service(lab)
            if fresh:
                for svc in (SSO_SERVICE, SVC_SERVICE):
                    try:
                        os.unlink(os.path.join(deployment_dir(lab, svc), "fault.json"))
                    except FileNotFoundError:
                        pass
            write(os.path.join(lab, "lab.json"), json.dumps(
                {"lab_dir": lab, "scenarios": list(SCENARIOS), "labctl": os.path.abspath(__file__)}) + "\n")
            info = labd_up(lab)
            print(json.dumps({"lab_dir": lab, "labd": info}))
        elif args.cmd == "down":
            labd_down(lab)
            print(json.dumps({"lab_dir": lab, "labd": labd_info(lab)}))
        elif args.cmd == "status":
            print(json.dumps(status(lab), indent=2, sort_keys=True))
        elif args.cmd == "break":
            if not os.path.exists(os.path.join(lab, "lab.json")):
                print(f"labctl: no lab in {lab}; run 'up' first", file=sys.stderr)
                return 1
            {"sso": break_sso, "disk": break_disk, "service": break_service}[args.scenario](lab)
            print(json.dumps({"broken": args.scenario}))
    except (OSError, RuntimeError) as e:
        print(f"labctl: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
