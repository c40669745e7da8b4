#!/usr/bin/env python3
"""Run every policy playbook against a throwaway lab with sample variables.

    python3 playbooks/tools/smoke.py [--only ID ...] [--keep]

Read-only entries run once (in check mode, as the runner's dry run would)
and must not report changed; mutating entries run --check, apply, and
--check again, which must report changed=0 (idempotency), then their
validation.  Sample values come from the policy schema (enum, min/max,
pattern).  Prints one line per entry and exits 1 when any entry misbehaves.
Slow (about two seconds per ansible-playbook run): a maintainer tool, not CI.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CANDIDATES = ["checkout-api", "lab", "shop", "example.com", "INC-1234", "CHG-1234", "abcdEFGH1234",
              "10.0.0.0/8", "pilot-sso", "user@example.com", "/var/log", "/var/log/log-shipper",
              "/etc/logrotate.d/log-shipper", "latest", "default", "2G", "2week", "x", "a1", "*.gz",
              "eu-west-1", "eu-central-1", "arn:aws:iam::1:role/x", "abc123", "previous"]
KNOWN = {"service": "checkout-api", "host": "lab", "path": "/var/log", "system_max_use": "2G",
         "max_retention_sec": "2week", "config": "/etc/logrotate.d/log-shipper", "from_region": "eu-west-1",
         "to_region": "eu-central-1", "snapshot": "latest",
         "idp_entity_id": "https://idp.lab.invalid/saml2"}


def sample(name, spec, entry_id=""):
    if name == "service" and entry_id.startswith("sso-"):
        return "salesforce-sso"
    if name in KNOWN:
        return KNOWN[name]
    t = spec.get("type")
    if "enum" in spec:
        v = spec["enum"][0]
        return str(v) if t == "string" else v
    if t == "boolean":
        return True
    if t in ("integer", "number"):
        lo, hi = spec.get("min", 1), spec.get("max", 100)
        return max(lo, min(hi, 14 if t == "integer" else 5))
    pat = spec.get("pattern")
    for c in CANDIDATES:
        if not pat or re.fullmatch(pat, c):
            return c
    raise SystemExit(f"no sample for {name} ~ {pat}")


def run(lab, policy_dir, entry, vars_, check):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(dict(vars_, warroom_lab_dir=lab), f)
    argv = ["ansible-playbook", "-i", os.path.join(policy_dir, "lab/inventory.ini"), "--limit", "lab",
            "-e", "@" + f.name] + (["--check", "--diff"] if check else []) + [os.path.join(policy_dir, entry["file"])]
    env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK="ansible.posix.jsonl")
    p = subprocess.run(argv, capture_output=True, text=True, env=env)
    os.unlink(f.name)
    stats, fails = {}, []
    for line in p.stdout.splitlines():
        try:
            ev = json.loads(line)
        except ValueError:
            continue
        if ev.get("_event") == "v2_playbook_on_stats":
            stats = ev["stats"].get("lab", {})
        if ev.get("_event") == "v2_runner_on_failed":
            fails.append(ev["hosts"]["lab"].get("msg", ""))
    return p.returncode, stats, fails


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    with open(os.path.join(HERE, "policy.yaml")) as f:
        pol = yaml.safe_load(f)
    E = {e["id"]: e for e in pol["playbooks"]}
    lab = tempfile.mkdtemp(prefix="warroom-smoke-")
    subprocess.run([sys.executable, os.path.join(HERE, "lab/labctl.py"), "--dir", lab, "up"], check=True,
                   stdout=subprocess.DEVNULL)
    bad = 0
    try:
        for e in pol["playbooks"]:
            if args.only and e["id"] not in args.only:
                continue
            v = {n: sample(n, s, e["id"]) for n, s in e["vars"].items()}
            if not e["mutates"]:
                rc, st, fails = run(lab, HERE, e, v, True)
                ok = rc == 0 and st.get("changed") == 0
                print(f"{'ok  ' if ok else 'FAIL'} {e['id']}: rc={rc} {st} {fails[:1]}")
            else:
                r1 = run(lab, HERE, e, v, True)
                r2 = run(lab, HERE, e, v, False)
                r3 = run(lab, HERE, e, v, True)
                val = E[e["validation"]]
                vv = {n: v.get(n, sample(n, s, val["id"])) for n, s in val["vars"].items() if n in v or s.get("required")}
                r4 = run(lab, HERE, val, vv, False)
                ok = r1[0] == 0 and r2[0] == 0 and r3[0] == 0 and r3[1].get("changed") == 0 and r4[0] == 0
                print(f"{'ok  ' if ok else 'FAIL'} {e['id']}: check rc={r1[0]} apply rc={r2[0]} changed={r2[1].get('changed')} "
                      f"recheck changed={r3[1].get('changed')} validation {val['id']} rc={r4[0]} "
                      f"{(r1[2] + r2[2] + r3[2] + r4[2])[:1]}")
            bad += not ok
            sys.stdout.flush()
    finally:
        subprocess.run([sys.executable, os.path.join(HERE, "lab/labctl.py"), "--dir", lab, "down"],
                       stdout=subprocess.DEVNULL)
        if not args.keep:
            subprocess.run(["rm", "-rf", lab])
    print(f"{bad} failing")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
