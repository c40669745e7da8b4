"""Fold long lines of a playbook for yamllint (max 160): comments are
wrapped; a double-quoted scalar (`key: "..."` or `- "..."`) longer than the
limit becomes a folded block scalar (`>-`), which reads back as the same
string (lines are broken only at single spaces)."""
import json
import re
import textwrap

LIMIT = 150


def _fold(prefix, indent, text):
    if "  " in text or text != text.strip() or "\n" in text:
        return None
    lines = textwrap.wrap(text, width=max(60, LIMIT - indent), break_long_words=False, break_on_hyphens=False)
    if " ".join(lines) != text:
        return None
    return [prefix + ">-"] + [" " * indent + line for line in lines]


def reflow(text):
    out = []
    for line in text.split("\n"):
        if len(line) <= LIMIT:
            out.append(line)
            continue
        m = re.match(r"^(\s*)# ?(.*)$", line)
        if m:
            out += [m.group(1) + "# " + w for w in
                    textwrap.wrap(m.group(2), width=LIMIT - len(m.group(1)) - 2, break_long_words=False,
                                  break_on_hyphens=False)]
            continue
        m = re.match(r'^(\s*)(- |[A-Za-z_][A-Za-z0-9_]*: )(".*")\s*$', line)
        if m:
            try:
                value = json.loads(m.group(3))
            except ValueError:
                value = None
            if isinstance(value, str):
                ind = len(m.group(1)) + 2
                folded = _fold(m.group(1) + m.group(2), ind, value)
                if folded:
                    out += folded
                    continue
        out.append(line)
    return "\n".join(out)


if __name__ == "__main__":
    import sys
    for path in sys.argv[1:]:
        with open(path) as f:
            old = f.read()
        new = reflow(old)
        if new != old:
            with open(path, "w") as f:
                f.write(new)
            print("reflowed", path)
