# SPDX-License-Identifier: MIT
"""The module's results equal mtasts-lint --format=json on the same inputs:
every file of examples/data and tests/data, the inputs of the command-line
tests, and the records their cases give with --txt and --tlsrpt."""

import json
import subprocess
from pathlib import Path

import pytest

import mtasts
from conftest import SOURCE_DIR

POLICY_DIRS = ["examples/data", "tests/data", "tests/cli/inputs",
               "tests/gen/inputs"]


def policy_files():
    files = []
    for d in POLICY_DIRS:
        base = SOURCE_DIR / d
        files += sorted(p for p in base.rglob("*") if p.is_file())
    return files


def record_cases():
    """(name, strict, [(option, value)...]) from tests/cli/cases/*.args."""
    cases = []
    for args in sorted((SOURCE_DIR / "tests/cli/cases").glob("*.args")):
        lines = args.read_text(encoding="utf-8").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        records = []
        strict = "--strict" in lines
        for i, line in enumerate(lines[:-1]):
            if line in ("--txt", "--tlsrpt"):
                records.append((line, lines[i + 1]))
        if records:
            cases.append(pytest.param(strict, records, id=args.stem))
    return cases


# Records the cases above do not give: zone form, escapes, extensions,
# several rua URIs, sets with unrelated records.
EXTRA_RECORDS = [
    [("--txt", '"v=STSv1; id=2024" "0101; ext=1"')],
    [("--txt", '"v=STSv1;\\032id=\\0491"')],
    [("--txt", "v=STSv1; id=abc; foo=bar; foo=baz")],
    [("--txt", "spf1 -all"), ("--txt", "v=STSv1; id=9")],
    [("--txt", "v=STSv1;id=toolongtoolongtoolongtoolongtoolongX")],
    [("--tlsrpt", "v=TLSRPTv1; rua=mailto:a@example.com,https://r.example/x"),
     ("--tlsrpt", "not a record")],
    [("--tlsrpt", "v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@ex.org")],
    [("--tlsrpt", '"v=TLSRPTv1; rua=mailto:\\195\\169@example.com"')],
]


def run_lint(lint, args):
    proc = subprocess.run([lint, "--format=json", *args],
                          stdin=subprocess.DEVNULL, capture_output=True,
                          check=False)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return json.loads(proc.stdout.decode("utf-8"))["results"]


def expect_diagnostics(got, want):
    assert len(got) == len(want), (
        [d.id for d in got], [d["id"] for d in want])
    for d, w in zip(got, want):
        assert str(d.severity) == w["severity"]
        assert d.id == w["id"]
        assert d.message == w["message"]
        assert (d.line, d.column) == (w["line"], w["column"])
        assert (d.offset, d.length) == (w["offset"], w["length"])
        assert d.hint == w["hint"]
        if w["fix"] is None:
            assert d.fix_offset is None and d.fix_length is None
        else:
            assert (d.fix_offset, d.fix_length, d.hint) == (
                w["fix"]["offset"], w["fix"]["length"], w["fix"]["text"])
        assert d.reference == w["reference"]
        assert d.code >= 0
        assert d.source is None


def expect_extensions(got, want):
    assert [(e.name, e.value) for e in got] == [
        (w["name"], w["value"]) for w in want]


def expect_policy(r, w):
    assert w["kind"] == "policy"
    assert r.valid == w["valid"]
    p = w["policy"]
    assert r.version == p["version"]
    assert r.mode == p["mode"]
    assert r.max_age == p["max_age"]
    assert list(r.mx) == p["mx"]
    expect_extensions(r.extensions, p["extensions"])
    assert [(h.host, h.covered_by) for h in r.mx_hosts] == [
        (h["host"], h["covered_by"]) for h in w.get("mx_hosts", [])]
    expect_diagnostics(r.diagnostics, w["diagnostics"])


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
@pytest.mark.parametrize("path", policy_files(),
                         ids=lambda p: str(p.relative_to(SOURCE_DIR)))
def test_policy_file(lint, path, strict):
    args = ["--strict"] if strict else []
    (want,) = run_lint(lint, [*args, str(path)])
    data = path.read_bytes()
    got = mtasts.check_policy(data, strict=strict)
    expect_policy(got, want)
    # str input gives the same result when the file is UTF-8.
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    assert mtasts.check_policy(text, strict=strict) == got


@pytest.mark.parametrize("path", [
    "examples/data/policy.txt", "tests/data/known-good/wildcard-backup.txt",
    "tests/cli/inputs/errors.txt", "tests/cli/inputs/utf8.txt"])
def test_policy_mx_hosts(lint, path):
    hosts = ["mx1.example.org", "MX2.example.com.", "a.relay.example.org",
             "b.mail.protection.outlook.com", "unknown.example.net"]
    args = [a for h in hosts for a in ("--mx", h)]
    (want,) = run_lint(lint, [*args, str(SOURCE_DIR / path)])
    got = mtasts.check_policy((SOURCE_DIR / path).read_bytes(),
                              mx_hosts=hosts)
    expect_policy(got, want)


def expect_records(lint, records, strict):
    args = ["--strict"] if strict else []
    for option, value in records:
        args += [option, value]
    results = run_lint(lint, args)
    for kind, option, check in (
            ("sts-record", "--txt", mtasts.check_sts_record),
            ("tlsrpt-record", "--tlsrpt", mtasts.check_tlsrpt_record)):
        values = [v for o, v in records if o == option]
        if not values:
            continue
        (want,) = [w for w in results if w["kind"] == kind]
        got = check(values, strict=strict)
        assert got.kind == kind.split("-")[0]
        assert got.valid == want["valid"]
        rec = want["record"]
        assert got.version == rec["version"]
        assert (None if got.selected is None else got.selected + 1) == (
            rec["selected"])
        if kind == "sts-record":
            assert got.id == rec["id"]
            assert got.rua == ()
        else:
            assert list(got.rua) == rec["rua"]
            assert got.id is None
        expect_extensions(got.extensions, rec["extensions"])
        expect_diagnostics(got.diagnostics, want["diagnostics"])


@pytest.mark.parametrize("strict,records", record_cases())
def test_cli_case_records(lint, strict, records):
    expect_records(lint, records, strict)


@pytest.mark.parametrize("records", EXTRA_RECORDS)
@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_more_records(lint, records, strict):
    expect_records(lint, records, strict)


def test_every_input_is_used():
    files = policy_files()
    assert len(files) >= 20
    assert any(p.name == "broken-policy.txt" for p in files)
    assert len(record_cases()) >= 10
