#!/usr/bin/env python3
"""Pin every reviewed playbook: set `sha256` of each policy entry to the
sha256 of its file (paths relative to the policy's directory).

    python3 playbooks/tools/pin.py [--policy playbooks/policy.yaml] [--check]

Edits only the `sha256:` lines, so comments and layout stay.  --check prints
every entry whose pin is missing or stale and exits 1 (CI).  Review a
playbook before you pin it: the pin is what lets the runner execute it.
"""
import argparse
import hashlib
import os
import re
import sys


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--policy", default=os.path.join(here, "policy.yaml"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    base = os.path.dirname(os.path.abspath(args.policy))
    with open(args.policy) as f:
        lines = f.read().split("\n")
    cur_id = cur_file = None
    bad = 0
    for i, line in enumerate(lines):
        m = re.match(r"  - id: (\S+)\s*$", line)
        if m:
            cur_id, cur_file = m.group(1), None
            continue
        m = re.match(r"    file: (\S+)\s*$", line)
        if m:
            cur_file = m.group(1)
            continue
        m = re.match(r'    sha256: "([0-9a-f]*)"\s*$', line)
        if m and cur_id:
            path = os.path.join(base, cur_file or "")
            if not cur_file or not os.path.isfile(path):
                print(f"{cur_id}: file {cur_file} missing", file=sys.stderr)
                bad += 1
                continue
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            if m.group(1) != digest:
                bad += 1
                print(f"{cur_id}: {'stale' if m.group(1) else 'unpinned'} -> {digest}", file=sys.stderr)
                lines[i] = f'    sha256: "{digest}"'
    if args.check:
        return 1 if bad else 0
    with open(args.policy, "w") as f:
        f.write("\n".join(lines))
    print(f"re-pinned {bad} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
