# SPDX-License-Identifier: MIT
"""The Python API itself: input types, exceptions, the writers, the
deployment check (against mtasts-lint --zone), library loading and threads."""

import concurrent.futures
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import mtasts
from conftest import SOURCE_DIR

BROKEN = (SOURCE_DIR / "examples/data/broken-policy.txt").read_bytes()
GOOD = (SOURCE_DIR / "examples/data/policy.txt").read_bytes()


def test_version():
    # The module's version is the project's (CMakeLists.txt, pyproject.toml).
    cmake = (SOURCE_DIR / "CMakeLists.txt").read_text()
    project = re.search(r"project\(mtasts VERSION ([0-9.]+)", cmake).group(1)
    pyproject = (SOURCE_DIR / "python/pyproject.toml").read_text()
    assert f'version = "{project}"' in pyproject
    assert mtasts.__version__ == project
    # The library in use is at least as recent as the module needs.
    have = tuple(int(x) for x in mtasts.library_version().split("."))
    assert have >= (1, 0, 0)


def test_results_are_frozen():
    r = mtasts.check_policy(BROKEN)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.valid = True
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.diagnostics[0].line = 9
    hash(r)  # every member is immutable


def test_policy_values_and_diagnostics():
    r = mtasts.check_policy(BROKEN)
    assert not r.valid
    assert r.mode is None and r.max_age == 99999999
    ids = [d.id for d in r.diagnostics]
    assert "policy-mode-missing" in ids
    assert r.errors == r.diagnostics
    d = r.diagnostics[ids.index("policy-mode-missing")]
    assert d.severity is mtasts.Severity.ERROR and str(d.severity) == "error"
    assert (d.line, d.column) == (2, 1)
    assert d.url.startswith("https://www.rfc-editor.org/rfc/rfc8461")
    assert d.id in mtasts.diagnostic_ids()
    assert mtasts.diagnostic_ids()[d.code] == d.id
    # The fix: replacing the bytes it names with the hint fixes it.
    fixed = (BROKEN[:d.fix_offset] + d.hint.encode()
             + BROKEN[d.fix_offset + d.fix_length:])
    assert "policy-mode-missing" not in [
        x.id for x in mtasts.check_policy(fixed).diagnostics]
    assert str(d).startswith("2:1: error: ")
    good = mtasts.check_policy(GOOD)
    assert good.valid and good.mode == "enforce" and good.diagnostics == ()


def test_offsets_are_bytes_of_utf8():
    text = "version: STSv1\nmode: enforce\nmx: bücher.example\nmax_age: 86400\n"
    r = mtasts.check_policy(text)
    assert r == mtasts.check_policy(text.encode("utf-8"))
    assert r == mtasts.check_policy(bytearray(text.encode("utf-8")))
    d = [x for x in r.diagnostics if x.line == 3][0]
    raw = text.encode("utf-8")
    assert raw[d.offset:d.offset + d.length].decode("utf-8") in (
        "bücher.example", "ü", "bücher")


def test_strict_turns_warnings_into_errors():
    text = "version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 0\n"
    lenient = mtasts.check_policy(text)
    strict = mtasts.check_policy(text, strict=True)
    assert lenient.valid and not strict.valid
    assert [d.id for d in lenient.diagnostics] == [
        d.id for d in strict.diagnostics]
    assert all(d.severity == mtasts.Severity.ERROR
               for d in strict.diagnostics
               if d.severity != mtasts.Severity.NOTE)


def test_mx_hosts():
    r = mtasts.check_policy(GOOD, mx_hosts=["mx1.example.org",
                                            b"a.relay.example.org",
                                            "elsewhere.example.net"])
    assert [h.covered_by for h in r.mx_hosts] == [
        "mx1.example.org", "*.relay.example.org", None]
    assert [d.id for d in r.diagnostics] == ["mx-host-not-covered"]
    with pytest.raises(TypeError):
        mtasts.check_policy(GOOD, mx_hosts="mx1.example.org")


def test_records():
    r = mtasts.check_sts_record("v=STSv1; id=20240101")
    assert r.valid and r.id == "20240101" and r.selected == 0
    r = mtasts.check_sts_record('"v=STSv1; " "id=1"')  # zone form
    assert r.valid and r.id == "1"
    r = mtasts.check_sts_record('"v=STSv1; id=1"', form="raw")
    assert not r.valid
    r = mtasts.check_sts_record([])
    assert not r.valid and r.selected is None and r.version is None
    r = mtasts.check_sts_record(["spf", "v=STSv1; id=1", "v=STSv1; id=2"])
    assert not r.valid and r.selected == 1
    assert "txt-set-multiple" in [d.id for d in r.diagnostics]
    t = mtasts.check_tlsrpt_record(
        b"v=TLSRPTv1; rua=mailto:a@example.com,https://r.example.com/x")
    assert t.valid and t.kind == "tlsrpt"
    assert t.rua == ("mailto:a@example.com", "https://r.example.com/x")
    with pytest.raises(ValueError, match="form"):
        mtasts.check_sts_record("v=STSv1; id=1", form="dig")
    with pytest.raises(TypeError):
        mtasts.check_sts_record(["v=STSv1; id=1", 5])


def test_mx_match_and_host_check():
    assert mtasts.mx_match("*.example.com", "mx.example.com")
    assert mtasts.mx_match("*.example.com", b"MX.EXAMPLE.COM.")
    assert not mtasts.mx_match("*.example.com", "a.b.example.com")
    assert not mtasts.mx_match("*.example.com", "example.com")
    assert mtasts.check_host("example.com") is None
    issue = mtasts.check_host("exa mple.com")
    assert issue is not None and issue.id in mtasts.diagnostic_ids()
    assert issue.offset == 3 and issue.reason


def test_type_errors():
    with pytest.raises(TypeError, match="str or bytes"):
        mtasts.check_policy(42)
    with pytest.raises(TypeError):
        mtasts.mx_match(None, "a.example")


def test_writers_round_trip():
    text = mtasts.write_policy("enforce", ["mx1.example.com", "*.example.net"],
                               604800, extensions=[("note", "x")])
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    r = mtasts.check_policy(text)
    assert r.mode == "enforce" and r.mx == ("mx1.example.com", "*.example.net")
    assert r.max_age == 604800
    assert r.extensions == (mtasts.Extension("note", "x"),)
    lf = mtasts.write_policy("testing", [], 86400, lf=True)
    assert "\r" not in lf and lf.startswith("version: STSv1\n")
    rec = mtasts.write_sts_record("20240101")
    assert mtasts.check_sts_record(rec).id == "20240101"
    rua = mtasts.write_tlsrpt_record(["mailto:a@example.com",
                                      "https://r.example.com/"])
    assert mtasts.check_tlsrpt_record(rua).rua == (
        "mailto:a@example.com", "https://r.example.com/")
    zone = mtasts.write_txt_zone("x" * 300)
    assert zone.count('"') == 4
    assert mtasts.check_sts_record(mtasts.write_txt_zone(rec)).id == "20240101"
    assert mtasts.write_txt_zone("") == '""'
    with pytest.raises(ValueError, match="mode"):
        mtasts.write_policy("strict", [], 1)
    with pytest.raises(ValueError):
        mtasts.write_tlsrpt_record([])
    with pytest.raises(ValueError):
        mtasts.write_policy("enforce", [], -1)


def test_writers_equal_mtasts_gen(lint):
    gen = Path(lint).with_name("mtasts-gen")
    if not gen.exists():
        gen = shutil.which("mtasts-gen")
    if not gen:
        pytest.skip("mtasts-gen not found beside mtasts-lint")
    out = subprocess.run(
        [str(gen), "--domain", "example.com", "--mode", "enforce", "--mx",
         "mx1.example.com", "--mx", "*.relay.example.com", "--max-age",
         "86400", "--id", "20240101", "--rua", "mailto:tls@example.com",
         "--format=json"], capture_output=True, check=True)
    g = json.loads(out.stdout)
    assert mtasts.write_policy(
        "enforce", ["mx1.example.com", "*.relay.example.com"],
        86400) == g["policy"]["text"]
    sts, tlsrpt = g["records"]
    assert mtasts.write_sts_record("20240101") == sts["value"]
    assert mtasts.write_txt_zone(sts["value"]) == sts["zone"]
    assert mtasts.write_tlsrpt_record("mailto:tls@example.com") == (
        tlsrpt["value"])


ZONE = """\
$ORIGIN example.com.
$TTL 3600
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600
@ IN NS ns1
@ IN MX 10 mx1.example.com.
@ IN MX 20 other.example.net.
_mta-sts IN TXT "v=STSv1; id=20240101"
_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tls@example.com"
"""
POLICY = "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 86400\n"
OLD = ("version: STSv1\nmode: enforce\nmx: mx1.example.com\n"
       "mx: mx9.example.com\nmax_age: 604800\n")


def test_deployment_equals_lint_zone(lint, tmp_path):
    (tmp_path / "example.com.zone").write_text(ZONE)
    (tmp_path / "mta-sts.txt").write_text(POLICY)
    (tmp_path / "old.txt").write_text(OLD)
    proc = subprocess.run(
        [lint, "--zone", "example.com.zone", "--previous-zone",
         "example.com.zone", "--previous-policy", "old.txt", "--format=json",
         "mta-sts.txt"], cwd=tmp_path, capture_output=True, check=False)
    if proc.returncode == 2 and b"zscanner" in proc.stderr:
        pytest.skip("mtasts-lint was built without zone files (libzscanner)")
    assert proc.returncode in (0, 1), proc.stderr
    (want,) = json.loads(proc.stdout)["results"]
    zone = "example.com.zone"
    rev = dict(zone=zone,
               sts_records=[mtasts.ZoneEntry('"v=STSv1; id=20240101"', 7)],
               tlsrpt_records=[mtasts.ZoneEntry(
                   '"v=TLSRPTv1; rua=mailto:tls@example.com"', 8)],
               mx_hosts=[mtasts.ZoneEntry("mx1.example.com", 5),
                         mtasts.ZoneEntry("other.example.net", 6)])
    got = mtasts.check_deployment(
        "example.com",
        mtasts.Revision(policy=POLICY, policy_source="mta-sts.txt", **rev),
        mtasts.Revision(policy=OLD, policy_source="old.txt", **rev))
    assert got.valid == want["valid"]
    assert [(d.source, d.id, d.line, d.column, d.offset, d.length,
             str(d.severity), d.message, d.hint, d.reference)
            for d in got.diagnostics] == [
        (w["file"], w["id"], w["line"], w["column"], w["offset"],
         w["length"], w["severity"], w["message"], w["hint"], w["reference"])
        for w in want["diagnostics"]]
    assert got.policy.max_age == want["policy"]["max_age"]
    assert got.previous_policy.max_age == 604800
    assert got.sts_record.id == "20240101"
    assert got.tlsrpt_record.rua == ("mailto:tls@example.com",)
    # The address record of the policy host clears its finding.
    fixed = mtasts.check_deployment("example.com", mtasts.Revision(
        policy=POLICY, policy_host_address=mtasts.ZoneEntry(line=9), **rev))
    assert "deploy-policy-host-no-address" not in [
        d.id for d in fixed.diagnostics]


def test_deployment_without_zone():
    r = mtasts.check_deployment(None, mtasts.Revision(policy=POLICY))
    assert r.valid and r.sts_record is None and r.previous_policy is None
    with pytest.raises(ValueError, match="source"):
        mtasts.check_deployment("example.com", mtasts.Revision(
            sts_records=["v=STSv1; id=1"]))


def test_threads():
    inputs = [p.read_bytes() for p in
              sorted((SOURCE_DIR / "tests/cli/inputs").iterdir())
              + sorted((SOURCE_DIR / "examples/data").iterdir())]
    want = [mtasts.check_policy(b) for b in inputs]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(5):
            got = list(pool.map(mtasts.check_policy, inputs))
            assert got == want


def run_python(code, env_library):
    env = dict(os.environ, MTASTS_LIBRARY=env_library)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)],
                          env=env, capture_output=True, text=True,
                          check=False)


def test_missing_library_says_what_is_needed(tmp_path):
    p = run_python("""
        import mtasts
        try:
            mtasts.check_policy("")
        except mtasts.LibraryError as e:
            print(e)
        """, str(tmp_path / "libmtasts.so.1"))
    assert p.returncode == 0, p.stderr
    assert "libmtasts 1.0.0 or later is needed" in p.stdout
    assert "MTASTS_LIBRARY" in p.stdout


def test_too_old_library_says_what_is_needed(tmp_path):
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        pytest.skip("no C compiler to build a fake old library")
    src = tmp_path / "old.c"
    src.write_text("unsigned long mtasts_version_number(void) "
                   "{ return 905; }\n")
    lib = tmp_path / "libmtasts.so.1"
    subprocess.run([cc, "-shared", "-fPIC", "-o", str(lib), str(src)],
                   check=True)
    p = run_python("""
        import mtasts
        print(mtasts.__version__)
        try:
            mtasts.mx_match("a", "a")
        except OSError as e:
            print(type(e).__name__, e)
        """, str(lib))
    assert p.returncode == 0, p.stderr
    assert "LibraryError" in p.stdout
    assert "is libmtasts 0.9.5; this module needs libmtasts 1.0.0" in p.stdout
