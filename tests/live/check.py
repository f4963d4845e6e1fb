#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Asserts mtasts-check's JSON output for the live test's scenarios
# (tests/live/run.sh) against tests/live/expect.
#
# Usage: check.py EXPECT OUTDIR DOMAIN...
# OUTDIR holds, for each DOMAIN, DOMAIN.json (--format=json), DOMAIN.err
# and DOMAIN.rc (the exit status). Every diagnostic in the JSON is an
# object with "id" and "severity"; its source is "source" (or "file").
#
# Besides, each run must exit 0 or 1 and leave no sanitizer report on
# standard error.
#
# EXPECT has one assertion a line ('#' starts a comment):
#   DOMAIN exit N             the exit status is N
#   DOMAIN no SEVERITY        no finding of that severity
#   DOMAIN absent ID [SRC]    no finding with that id (at that source)
#   DOMAIN SEVERITY ID [SRC]  a finding with that severity, id and source
# SEVERITY and ID may list alternatives with '|'. SRC is the exact source,
# or a prefix when it ends in '*'; without SRC any source does. A source
# with spaces ("URL [ADDR]") is the rest of the line.
import json
import os
import sys

SEVERITIES = ("error", "warning", "note")


def diagnostics(node, found):
    """Every object with an id and a severity, wherever it is."""
    if isinstance(node, dict):
        if isinstance(node.get("id"), str) and isinstance(node.get("severity"), str):
            found.append(node)
            return found
        for v in node.values():
            diagnostics(v, found)
    elif isinstance(node, list):
        for v in node:
            diagnostics(v, found)
    return found


def source_of(d):
    s = d.get("source")
    if not isinstance(s, str):
        s = d.get("file")
    return s if isinstance(s, str) else ""


def source_matches(want, got):
    if want is None:
        return True
    if want.endswith("*"):
        return got.startswith(want[:-1])
    return got == want


def read_expect(path):
    rules = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            words = line.split(None, 3)
            if len(words) < 3:
                sys.exit("%s:%d: too few words" % (path, n))
            domain, what = words[0], words[1]
            rules.setdefault(domain, []).append((n, what, words[2], words[3] if len(words) > 3 else None))
    return rules


def check(domain, outdir, rules):
    """Returns the list of failed assertions (strings) and the number run."""
    base = os.path.join(outdir, domain)
    failures = []
    try:
        with open(base + ".rc") as f:
            rc = int(f.read().strip())
    except (OSError, ValueError):
        return ["no exit status (the tool did not run)"], len(rules)
    try:
        with open(base + ".json", encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        return ["exit %d, output is not JSON: %s" % (rc, e)], len(rules)
    found = diagnostics(data, [])
    # Whatever the assertions: exit 0 or 1 (2 is "the check could not
    # run"), and no sanitizer report on standard error.
    if rc not in (0, 1):
        failures.append("exit status %d: the check did not run through" % rc)
    try:
        with open(base + ".err", encoding="utf-8", errors="replace") as f:
            err = f.read()
    except OSError:
        err = ""
    for mark in ("AddressSanitizer", "LeakSanitizer", "runtime error:", "ThreadSanitizer"):
        if mark in err:
            failures.append("a sanitizer report on standard error (%s)" % mark)
            break
    for n, what, arg, src in rules:
        where = "expect:%d" % n
        if what == "exit":
            if rc != int(arg):
                failures.append("%s: exit status %d, expected %s" % (where, rc, arg))
        elif what == "no":
            hits = [d for d in found if d["severity"] == arg]
            if hits:
                failures.append(
                    "%s: expected no %s, got %s"
                    % (where, arg, ", ".join("%s (%s)" % (d["id"], source_of(d)) for d in hits))
                )
        elif what == "absent":
            hits = [d for d in found if d["id"] == arg and source_matches(src, source_of(d))]
            if hits:
                failures.append(
                    "%s: expected no %s, got it as %s at %s"
                    % (where, arg, hits[0]["severity"], source_of(hits[0]))
                )
        else:
            sevs = what.split("|")
            ids = arg.split("|")
            if any(s not in SEVERITIES for s in sevs):
                sys.exit("%s: unknown severity %s" % (where, what))
            if not any(
                d["id"] in ids and d["severity"] in sevs and source_matches(src, source_of(d))
                for d in found
            ):
                near = [d for d in found if d["id"] in ids]
                got = (
                    "; got "
                    + ", ".join("%s %s at %s" % (d["severity"], d["id"], source_of(d)) for d in near)
                    if near
                    else "; not found"
                )
                failures.append("%s: expected %s %s at %s%s" % (where, what, arg, src or "any source", got))
    return failures, len(rules)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: check.py EXPECT OUTDIR DOMAIN...")
    rules = read_expect(sys.argv[1])
    outdir = sys.argv[2]
    ran = sys.argv[3:]
    passed = failed = 0
    for domain in ran:
        if domain not in rules:
            print("FAIL %s: no assertions in expect" % domain)
            failed += 1
            continue
        failures, count = check(domain, outdir, rules[domain])
        passed += max(0, count - len(failures))
        failed += len(failures)
        if not failures:
            print("ok   %s (%d assertions)" % (domain, count))
            continue
        print("FAIL %s" % domain)
        for f in failures:
            print("     " + f)
        # What the tool said, to see why.
        try:
            with open(os.path.join(outdir, domain + ".json"), encoding="utf-8") as f:
                for d in diagnostics(json.load(f), []):
                    print("     got: %s %s at %s: %s" % (d["severity"], d["id"], source_of(d), d.get("message", "")))
        except (OSError, ValueError):
            pass
        try:
            with open(os.path.join(outdir, domain + ".err"), encoding="utf-8", errors="replace") as f:
                for line in f.read().splitlines()[:10]:
                    print("     stderr: " + line)
        except OSError:
            pass
    for domain in sorted(set(rules) - set(ran)):
        print("not run: %s (its %d assertions)" % (domain, len(rules[domain])))
    print("live: %d assertions passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
