#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Loop driver for postfix-mta-sts-resolver's MTA-STS policy parser.

Run by tests/bench/peers.sh with Debian's /usr/bin/python3, which sees the
module that the Debian package postfix-mta-sts-resolver installs.

Usage: peer_postfix.py MODE LOOPS REPS FILE...

MODE is one of
  parse     utils.parse_mta_sts_policy(text) alone, on text decoded once
            before timing (the peer's parser, at its cheapest);
  validate  what the resolver does with the fetched bytes: decode them,
            parse_mta_sts_policy, then the checks of STSResolver.resolve
            (resolver.py), copied below because they sit inline in an
            async method that also fetches over the network;
  show      no timing: one line per FILE with what `validate` decides.

Timing: one untimed pass to warm up, then REPS timed passes of LOOPS
rounds over all the FILEs (in order); prints the median rate as
"RATE policies/s ..." on one line.
"""
import statistics
import sys
import time

from postfix_mta_sts_resolver.utils import parse_mta_sts_policy


def validate(raw):
    """The resolver's path from fetched bytes to an accepted policy.

    Mirrors postfix_mta_sts_resolver/resolver.py 1.1.2, STSResolver.resolve:
    the body is decoded with the response charset (ascii by default), then
    parsed and checked. Returns the policy dict, or None where the resolver
    returns FETCH_ERROR.
    """
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        return None
    pol = parse_mta_sts_policy(text)
    if pol.get("version", None) != "STSv1":
        return None
    try:
        max_age = int(pol.get("max_age", "-1"))
        pol["max_age"] = max_age
    except ValueError:
        return None
    if not 0 <= max_age <= 31557600:
        return None
    if "mode" not in pol:
        return None
    if pol["mode"] == "none":
        return pol
    if pol["mode"] not in ("none", "testing", "enforce"):
        return None
    if not pol["mx"]:
        return None
    return pol


def one_pass(fn, inputs, loops):
    """LOOPS rounds over the inputs; returns how many were accepted."""
    accepted = 0
    for _ in range(loops):
        for x in inputs:
            if fn(x) is not None:
                accepted += 1
    return accepted


def main(argv):
    if len(argv) < 5 or argv[1] not in ("parse", "validate", "show"):
        sys.stderr.write(__doc__)
        return 2
    mode, loops, reps = argv[1], int(argv[2]), int(argv[3])
    files = argv[4:]
    raws = []
    for name in files:
        with open(name, "rb") as f:
            raws.append(f.read())

    if mode == "show":
        for name, raw in zip(files, raws):
            pol = validate(raw)
            print("%s\t%s" % (name, "accepted" if pol is not None
                              else "rejected (FETCH_ERROR)"))
        return 0

    if mode == "parse":
        fn, inputs = parse_mta_sts_policy, [r.decode("utf-8") for r in raws]
    else:
        fn, inputs = validate, raws

    one_pass(fn, inputs, loops)  # warm up
    times = []
    sink = 0
    for _ in range(reps):
        t0 = time.perf_counter()
        sink += one_pass(fn, inputs, loops)
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    n = loops * len(inputs)
    print("%.0f policies/s (median of %d x %d parses; accepted %d)"
          % (n / median, reps, n, sink // reps))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
