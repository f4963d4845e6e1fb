# SPDX-License-Identifier: MIT
"""Validate MTA-STS (RFC 8461) policies and records and TLS-RPT (RFC 8460)
records, offline, with libmtasts.

Every rule is applied by the C library, libmtasts.so.1, which this module
calls through ctypes; the module itself only converts arguments and results.
Results are frozen dataclasses; findings about the input are diagnostics in
them, never exceptions. Exceptions say that a call could not be made: a
wrong argument (TypeError, ValueError), no memory (MemoryError) or no
usable library (LibraryError).

Text is given as str (encoded as UTF-8) or bytes. Every offset, length and
column of a diagnostic counts bytes of that UTF-8 (or of the bytes given),
as the library does; lines and columns start at 1.

The module has no mutable state of its own apart from the library handle,
loaded once under a lock: any number of threads may call it at once.
"""

from __future__ import annotations

import ctypes
import enum
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence, Tuple, Union

from . import _native as _n
from ._native import LibraryError

__version__ = "1.1.0"

__all__ = [
    "LibraryError",
    "Severity",
    "Diagnostic",
    "Extension",
    "MxHost",
    "PolicyResult",
    "RecordResult",
    "HostIssue",
    "ZoneEntry",
    "Revision",
    "DeploymentResult",
    "check_policy",
    "check_sts_record",
    "check_tlsrpt_record",
    "check_deployment",
    "check_host",
    "mx_match",
    "write_policy",
    "write_sts_record",
    "write_tlsrpt_record",
    "write_txt_zone",
    "library_version",
    "diagnostic_ids",
    "__version__",
]

Text = Union[str, bytes]


# ----------------------------------------------------------------- helpers

def _bytes(value: Text, what: str) -> bytes:
    if isinstance(value, str):
        # surrogateescape: a str decoded from bytes that were not UTF-8
        # with that handler (os.fsdecode, the writers here) gives back
        # the same bytes.
        return value.encode("utf-8", errors="surrogateescape")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"{what} must be str or bytes, not {type(value).__name__}")


def _str(value: Optional[bytes]) -> Optional[str]:
    if value is None:
        return None
    return value.decode("utf-8", errors="replace")


def _check(status: int, what: str) -> None:
    if status == _n.OK:
        return
    name = _str(_n.lib().mtasts_status_name(status)) or str(status)
    if status == _n.ERR_NOMEM:
        raise MemoryError(f"{what}: {name}")
    raise ValueError(f"{what}: {name}")


def _options(strict: bool) -> _n.Options:
    opts = _n.Options()
    _n.lib().mtasts_options_init_sized(ctypes.byref(opts),
                                       ctypes.sizeof(opts))
    if strict:
        opts.flags |= _n.OPT_STRICT
    return opts


def library_version() -> str:
    """The version of the libmtasts.so.1 in use, "MAJOR.MINOR.PATCH"."""
    return _str(_n.lib().mtasts_version()) or ""


def diagnostic_ids() -> Tuple[str, ...]:
    """Every diagnostic id of the library's catalogue, in code order."""
    lib = _n.lib()
    return tuple(_str(lib.mtasts_diag_code_id(i)) or ""
                 for i in range(lib.mtasts_diag_code_count()))


# ----------------------------------------------------------------- results

class Severity(enum.IntEnum):
    """How bad a finding is; ordered, so `d.severity >= Severity.WARNING`."""

    NOTE = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        """The library's name: "note", "warning" or "error"."""
        return _str(_n.lib().mtasts_severity_name(int(self))) or self.name


@dataclass(frozen=True)
class Diagnostic:
    """One finding of the library (struct mtasts_diag).

    offset, length, fix_offset and fix_length count bytes of the input
    (UTF-8 for str input); line and column start at 1 and column counts
    bytes. For a set of TXT records, line is the record's position in the
    set and offset and column count bytes within that record as given.
    fix_offset and fix_length are the bytes that hint replaces, and are
    None when there is no hint. source names the input the finding is in
    (deployment checks only). url is the address of the RFC section the
    rule comes from, or None for a rule of the library's own.
    """

    id: str
    code: int
    severity: Severity
    line: int
    column: int
    offset: int
    length: int
    message: str
    hint: Optional[str]
    fix_offset: Optional[int]
    fix_length: Optional[int]
    reference: str
    url: Optional[str]
    source: Optional[str]

    def __str__(self) -> str:
        where = f"{self.source}:" if self.source else ""
        return (f"{where}{self.line}:{self.column}: {self.severity}: "
                f"{self.message} [{self.id}]")


@dataclass(frozen=True)
class Extension:
    """An extension field: a well-formed field the protocol does not
    define (the first occurrence of each name)."""

    name: str
    value: str


@dataclass(frozen=True)
class MxHost:
    """An MX host given to check_policy and the mx pattern that covers it
    (None when none does)."""

    host: str
    covered_by: Optional[str]


@dataclass(frozen=True)
class PolicyResult:
    """The result of check_policy: validity, the values a sender would take
    from the policy, and the findings in input order."""

    valid: bool
    version: Optional[str]
    mode: Optional[str]
    max_age: Optional[int]
    mx: Tuple[str, ...]
    extensions: Tuple[Extension, ...]
    mx_hosts: Tuple[MxHost, ...]
    diagnostics: Tuple[Diagnostic, ...]

    @property
    def errors(self) -> Tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics
                     if d.severity == Severity.ERROR)


@dataclass(frozen=True)
class RecordResult:
    """The result of check_sts_record or check_tlsrpt_record for a set of
    TXT records at one name. selected is the index (from 0) of the record
    senders would use, or None; version, id, rua and extensions are that
    record's values."""

    kind: str  # "sts" or "tlsrpt"
    valid: bool
    selected: Optional[int]
    version: Optional[str]
    id: Optional[str]
    rua: Tuple[str, ...]
    extensions: Tuple[Extension, ...]
    diagnostics: Tuple[Diagnostic, ...]

    @property
    def errors(self) -> Tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics
                     if d.severity == Severity.ERROR)


def _diag(lib: ctypes.CDLL, p: "ctypes._Pointer[_n.Diag]") -> Diagnostic:
    d = p.contents
    hint = _str(d.hint)
    return Diagnostic(
        id=_str(d.id) or "",
        code=d.code,
        severity=Severity(d.severity),
        line=d.line,
        column=d.column,
        offset=d.offset,
        length=d.length,
        message=_str(d.message) or "",
        hint=hint,
        fix_offset=d.fix_offset if hint is not None else None,
        fix_length=d.fix_length if hint is not None else None,
        reference=_str(d.reference) or "",
        url=_str(lib.mtasts_diag_code_url(d.code)),
        source=_str(d.source),
    )


def _diags(lib: ctypes.CDLL, count, at, handle) -> Tuple[Diagnostic, ...]:
    return tuple(_diag(lib, at(handle, i)) for i in range(count(handle)))


def _policy_result(lib: ctypes.CDLL, p: int,
                   hosts: Sequence[bytes] = ()) -> PolicyResult:
    max_age = ctypes.c_uint64()
    has_max_age = lib.mtasts_policy_max_age(p, ctypes.byref(max_age))
    mx = tuple(_str(lib.mtasts_policy_mx(p, i)) or ""
               for i in range(lib.mtasts_policy_mx_count(p)))
    covered = []
    for i, host in enumerate(hosts):
        m = lib.mtasts_policy_mx_host_match(p, i)
        covered.append(MxHost(_str(host) or "", mx[m] if m >= 0 else None))
    return PolicyResult(
        valid=bool(lib.mtasts_policy_valid(p)),
        version=_str(lib.mtasts_policy_version(p)),
        mode=_str(lib.mtasts_mode_name(lib.mtasts_policy_mode(p))),
        max_age=max_age.value if has_max_age else None,
        mx=mx,
        extensions=tuple(
            Extension(_str(lib.mtasts_policy_extension_name(p, i)) or "",
                      _str(lib.mtasts_policy_extension_value(p, i)) or "")
            for i in range(lib.mtasts_policy_extension_count(p))),
        mx_hosts=tuple(covered),
        diagnostics=_diags(lib, lib.mtasts_policy_diag_count,
                           lib.mtasts_policy_diag, p),
    )


def _record_result(lib: ctypes.CDLL, r: int) -> RecordResult:
    selected = lib.mtasts_record_selected(r)
    kind = lib.mtasts_record_kind(r)
    return RecordResult(
        kind="tlsrpt" if kind == _n.RECORD_TLSRPT else "sts",
        valid=bool(lib.mtasts_record_valid(r)),
        selected=selected if selected >= 0 else None,
        version=_str(lib.mtasts_record_version(r)),
        id=_str(lib.mtasts_record_id(r)),
        rua=tuple(_str(lib.mtasts_record_rua(r, i)) or ""
                  for i in range(lib.mtasts_record_rua_count(r))),
        extensions=tuple(
            Extension(_str(lib.mtasts_record_extension_name(r, i)) or "",
                      _str(lib.mtasts_record_extension_value(r, i)) or "")
            for i in range(lib.mtasts_record_extension_count(r))),
        diagnostics=_diags(lib, lib.mtasts_record_diag_count,
                           lib.mtasts_record_diag, r),
    )


# ----------------------------------------------------------------- checks

def check_policy(text: Text, *, mx_hosts: Iterable[Text] = (),
                 strict: bool = False) -> PolicyResult:
    """Checks a policy file's body (/.well-known/mta-sts.txt, RFC 8461 §3.2).

    mx_hosts: MX host names that the policy's mx patterns must cover; each
    one no pattern covers is reported (mx-host-not-covered). strict: report
    every warning as an error.
    """
    lib = _n.lib()
    body = _bytes(text, "policy text")
    if isinstance(mx_hosts, (str, bytes)):
        raise TypeError("mx_hosts must be an iterable of host names, "
                        "not a single str or bytes")
    hosts = [_bytes(h, "an MX host") for h in mx_hosts]
    opts = _options(strict)
    host_array = (_n.Str * max(len(hosts), 1))()
    for i, h in enumerate(hosts):
        host_array[i].ptr = ctypes.cast(ctypes.c_char_p(h), ctypes.c_void_p)
        host_array[i].len = len(h)
    if hosts:
        opts.mx_hosts = host_array
        opts.mx_host_count = len(hosts)
    out = _n.P()
    _check(lib.mtasts_policy_parse(body, len(body), ctypes.byref(opts),
                                   ctypes.byref(out)), "mtasts_policy_parse")
    try:
        return _policy_result(lib, out.value, hosts)
    finally:
        lib.mtasts_policy_free(out)


_FORMS = {"raw": _n.TXT_RAW, "zone": _n.TXT_ZONE}


def _txt_form(data: bytes, form: str) -> int:
    if form == "auto":
        # The convention of mtasts-lint --txt: a value that begins with a
        # double quote is in zone-file form.
        return _n.TXT_ZONE if data[:1] == b'"' else _n.TXT_RAW
    try:
        return _FORMS[form]
    except KeyError:
        raise ValueError(
            f"form must be 'auto', 'raw' or 'zone', not {form!r}") from None


def _check_record(kind: int, records: Union[Text, Iterable[Text]],
                  form: str, strict: bool) -> RecordResult:
    lib = _n.lib()
    if isinstance(records, (str, bytes, bytearray, memoryview)):
        records = [records]
    data = [_bytes(r, "a TXT record") for r in records]
    txts = (_n.Txt * max(len(data), 1))()
    for i, d in enumerate(data):
        txts[i].ptr = ctypes.cast(ctypes.c_char_p(d), ctypes.c_void_p)
        txts[i].len = len(d)
        txts[i].form = _txt_form(d, form)
    opts = _options(strict)
    out = _n.P()
    _check(lib.mtasts_record_parse(kind, txts, len(data), ctypes.byref(opts),
                                   ctypes.byref(out)), "mtasts_record_parse")
    try:
        return _record_result(lib, out.value)
    finally:
        lib.mtasts_record_free(out)


def check_sts_record(records: Union[Text, Iterable[Text]], *,
                     form: str = "auto",
                     strict: bool = False) -> RecordResult:
    """Checks the _mta-sts TXT record (RFC 8461 §3.1): one record, or the
    whole set of TXT records at that name (an empty list: no record).

    form: "raw" (the text after its character-strings were joined),
    "zone" (zone-file form: quoted character-strings with escapes), or
    "auto" (the default): zone form when the text begins with a double
    quote, as mtasts-lint --txt reads it.
    """
    return _check_record(_n.RECORD_STS, records, form, strict)


def check_tlsrpt_record(records: Union[Text, Iterable[Text]], *,
                        form: str = "auto",
                        strict: bool = False) -> RecordResult:
    """Checks the _smtp._tls TLS-RPT TXT record (RFC 8460 §3), one record or
    the whole set at that name; form as for check_sts_record."""
    return _check_record(_n.RECORD_TLSRPT, records, form, strict)


def mx_match(pattern: Text, host: Text) -> bool:
    """Whether the mx pattern covers the host (RFC 8461 §4.1). A pattern
    that is not valid covers nothing."""
    p = _bytes(pattern, "pattern")
    h = _bytes(host, "host")
    return bool(_n.lib().mtasts_mx_match(p, len(p), h, len(h)))


@dataclass(frozen=True)
class HostIssue:
    """What makes a host name invalid: the diagnostic id and code of the
    rule, the bytes of the name at fault, and the reason, the end of a
    sentence whose subject is the name."""

    id: str
    code: int
    offset: int
    length: int
    reason: str


def check_host(name: Text) -> Optional[HostIssue]:
    """Checks a host name, such as a policy domain, with the rules for the
    names in mx patterns (no wildcard). None when it is valid, else the
    first problem."""
    lib = _n.lib()
    data = _bytes(name, "host name")
    issue = _n.NameIssue()
    lib.mtasts_name_issue_init_sized(ctypes.byref(issue),
                                     ctypes.sizeof(issue))
    if lib.mtasts_host_check(data, len(data), ctypes.byref(issue)):
        return None
    return HostIssue(id=_str(lib.mtasts_diag_code_id(issue.code)) or "",
                     code=issue.code, offset=issue.offset,
                     length=issue.length, reason=_str(issue.reason) or "")


# ------------------------------------------------------------- deployment

@dataclass(frozen=True)
class ZoneEntry:
    """A value from a zone, with where it was found: a TXT record's text
    (form as for check_sts_record), an MX record's target host, or (value
    unused) the address record of the policy host. source defaults to the
    revision's zone; line 0 means line 1."""

    value: Text = ""
    line: int = 0
    source: Optional[str] = None


Entry = Union[Text, ZoneEntry]


@dataclass(frozen=True)
class Revision:
    """One version of a deployment: the policy file and what the zone
    holds.

    zone: the name of the zone's main file (findings are reported there);
    None means the records are not known, and the zone checks do not run.
    A revision with a zone has only the records listed here.
    policy: the policy body, or None for no policy; policy_source names it.
    sts_records and tlsrpt_records: the TXT records at _mta-sts.<domain>
    and _smtp._tls.<domain>; mx_hosts: the targets of the domain's MX
    records; policy_host_address: whether mta-sts.<domain> has an A, AAAA
    or CNAME record (a ZoneEntry says where).
    """

    zone: Optional[str] = None
    policy: Optional[Text] = None
    policy_source: str = "mta-sts.txt"
    sts_records: Sequence[Entry] = ()
    tlsrpt_records: Sequence[Entry] = ()
    mx_hosts: Sequence[Entry] = ()
    policy_host_address: Union[bool, ZoneEntry] = False
    form: str = "auto"


@dataclass(frozen=True)
class DeploymentResult:
    """The result of check_deployment: every finding (those of the current
    policy and records, placed at their source and line, and the deploy-*
    findings), grouped by source; and the parsed parts of each revision
    (None where a revision has none)."""

    valid: bool
    diagnostics: Tuple[Diagnostic, ...]
    policy: Optional[PolicyResult]
    sts_record: Optional[RecordResult]
    tlsrpt_record: Optional[RecordResult]
    previous_policy: Optional[PolicyResult]
    previous_sts_record: Optional[RecordResult]
    previous_tlsrpt_record: Optional[RecordResult]

    @property
    def errors(self) -> Tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics
                     if d.severity == Severity.ERROR)


def _entry(e: Entry, rev: Revision, what: str) -> Tuple[bytes, int, bytes]:
    if isinstance(e, ZoneEntry):
        source = e.source if e.source is not None else rev.zone
        value, line = e.value, e.line
    else:
        source, value, line = rev.zone, e, 0
    if source is None:
        raise ValueError(f"{what} needs a source: give the revision a zone "
                         "or the entry a source")
    return _bytes(value, what), line, _bytes(source, "source")


def _add_revision(lib: ctypes.CDLL, d: int, which: int,
                  rev: Revision) -> None:
    if rev.zone is not None:
        _check(lib.mtasts_deployment_set_zone(d, which,
                                              _bytes(rev.zone, "zone")),
               "mtasts_deployment_set_zone")
    for kind, records in ((_n.RECORD_STS, rev.sts_records),
                          (_n.RECORD_TLSRPT, rev.tlsrpt_records)):
        if isinstance(records, (str, bytes)):
            records = [records]
        for e in records:
            value, line, source = _entry(e, rev, "a TXT record")
            txt = _n.Txt(ctypes.cast(ctypes.c_char_p(value), ctypes.c_void_p),
                         len(value), _txt_form(value, rev.form))
            _check(lib.mtasts_deployment_add_txt(d, which, kind,
                                                 ctypes.byref(txt), source,
                                                 line),
                   "mtasts_deployment_add_txt")
    hosts = rev.mx_hosts
    if isinstance(hosts, (str, bytes)):
        hosts = [hosts]
    for e in hosts:
        value, line, source = _entry(e, rev, "an MX host")
        _check(lib.mtasts_deployment_add_mx(d, which, value, len(value),
                                            source, line),
               "mtasts_deployment_add_mx")
    if rev.policy_host_address:
        e = rev.policy_host_address
        _, line, source = _entry(e if isinstance(e, ZoneEntry) else "", rev,
                                 "the policy host's address")
        _check(lib.mtasts_deployment_add_policy_host_address(d, which, source,
                                                             line),
               "mtasts_deployment_add_policy_host_address")
    if rev.policy is not None:
        body = _bytes(rev.policy, "policy text")
        _check(lib.mtasts_deployment_set_policy(
            d, which, body, len(body), _bytes(rev.policy_source, "source")),
            "mtasts_deployment_set_policy")


def check_deployment(domain: Optional[Text], current: Revision,
                     previous: Optional[Revision] = None, *,
                     strict: bool = False) -> DeploymentResult:
    """Checks a whole deployment: the policy against the records and MX
    hosts of the domain's zone (RFC 8461 §3.1, §3.3, §4.1), and the change
    from previous, when given, against what senders may have cached
    (RFC 8461 §5.1, §8.3). domain names the policy domain in messages."""
    lib = _n.lib()
    opts = _options(strict)
    d = _n.P()
    _check(lib.mtasts_deployment_new(ctypes.byref(opts), ctypes.byref(d)),
           "mtasts_deployment_new")
    try:
        if domain is not None:
            name = _bytes(domain, "domain")
            _check(lib.mtasts_deployment_set_domain(d, name, len(name)),
                   "mtasts_deployment_set_domain")
        _add_revision(lib, d.value, _n.REVISION_CURRENT, current)
        if previous is not None:
            _add_revision(lib, d.value, _n.REVISION_PREVIOUS, previous)
        out = _n.P()
        _check(lib.mtasts_deployment_check(d, ctypes.byref(out)),
               "mtasts_deployment_check")
    finally:
        lib.mtasts_deployment_free(d)
    r = out.value
    try:
        def policy(which: int) -> Optional[PolicyResult]:
            p = lib.mtasts_deployment_result_policy(r, which)
            return _policy_result(lib, p) if p else None

        def record(which: int, kind: int) -> Optional[RecordResult]:
            rec = lib.mtasts_deployment_result_record(r, which, kind)
            return _record_result(lib, rec) if rec else None

        cur, prev = _n.REVISION_CURRENT, _n.REVISION_PREVIOUS
        return DeploymentResult(
            valid=bool(lib.mtasts_deployment_result_valid(r)),
            diagnostics=_diags(lib, lib.mtasts_deployment_result_diag_count,
                               lib.mtasts_deployment_result_diag, r),
            policy=policy(cur),
            sts_record=record(cur, _n.RECORD_STS),
            tlsrpt_record=record(cur, _n.RECORD_TLSRPT),
            previous_policy=policy(prev),
            previous_sts_record=record(prev, _n.RECORD_STS),
            previous_tlsrpt_record=record(prev, _n.RECORD_TLSRPT),
        )
    finally:
        lib.mtasts_deployment_result_free(r)


# ----------------------------------------------------------------- writers

def _write(fn, *args) -> str:
    """Calls a writer with the snprintf contract twice: for the length,
    then into a buffer of that length + 1."""
    n = fn(*args, None, 0)
    if n == 0:
        raise ValueError("libmtasts cannot write these values")
    buf = ctypes.create_string_buffer(n + 1)
    m = fn(*args, buf, n + 1)
    if m != n:  # the library's contract; never expected
        raise RuntimeError(f"libmtasts wrote {m} bytes after announcing {n}")
    return buf.raw[:n].decode("utf-8", errors="surrogateescape")


def write_policy(mode: str, mx: Iterable[Text], max_age: int, *,
                 extensions: Iterable[Tuple[Text, Text]] = (),
                 lf: bool = False) -> str:
    """The policy body in canonical form (mtasts_policy_write): version,
    mode, one mx line per pattern, max_age, then the extensions, with CRLF
    line ends (LF with lf=True). It checks nothing: pass the text to
    check_policy, as mtasts-gen does, before publishing it."""
    lib = _n.lib()
    if mode not in _n.MODES:
        raise ValueError(f"mode must be one of {', '.join(_n.MODES)}, "
                         f"not {mode!r}")
    if isinstance(mx, (str, bytes)):
        raise TypeError("mx must be an iterable of patterns, "
                        "not a single str or bytes")
    if not isinstance(max_age, int) or not 0 <= max_age < 2 ** 64:
        raise ValueError("max_age must be an int from 0 to 2**64 - 1")
    keep: List[bytes] = []

    def s(value: Text, what: str) -> _n.Str:
        b = _bytes(value, what)
        keep.append(b)
        return _n.Str(ctypes.cast(ctypes.c_char_p(b), ctypes.c_void_p), len(b))

    mx_list = [s(p, "an mx pattern") for p in mx]
    ext_list = [_n.Extension(s(k, "an extension name"),
                             s(v, "an extension value"))
                for k, v in extensions]
    mx_arr = (_n.Str * max(len(mx_list), 1))(*mx_list)
    ext_arr = (_n.Extension * max(len(ext_list), 1))(*ext_list)
    values = _n.PolicyValues()
    lib.mtasts_policy_values_init_sized(ctypes.byref(values),
                                        ctypes.sizeof(values))
    values.mode = _n.MODES[mode]
    values.max_age = max_age
    values.mx = mx_arr
    values.mx_count = len(mx_list)
    values.extensions = ext_arr
    values.extension_count = len(ext_list)
    flags = _n.WRITE_LF if lf else 0
    return _write(lib.mtasts_policy_write, ctypes.byref(values), flags)


def write_sts_record(id: Text) -> str:
    """The _mta-sts record's text, "v=STSv1; id=ID"
    (mtasts_sts_record_write); check it with check_sts_record."""
    data = _bytes(id, "id")
    return _write(_n.lib().mtasts_sts_record_write, data, len(data))


def write_tlsrpt_record(rua: Iterable[Text]) -> str:
    """The TLS-RPT record's text, "v=TLSRPTv1; rua=URI,..."
    (mtasts_tlsrpt_record_write); check it with check_tlsrpt_record."""
    if isinstance(rua, (str, bytes)):
        rua = [rua]
    data = [_bytes(u, "a rua URI") for u in rua]
    if not data:
        raise ValueError("a TLS-RPT record needs at least one rua URI")
    arr = (_n.Str * len(data))(*[
        _n.Str(ctypes.cast(ctypes.c_char_p(b), ctypes.c_void_p), len(b))
        for b in data])
    return _write(_n.lib().mtasts_tlsrpt_record_write, arr, len(data))


def write_txt_zone(text: Text) -> str:
    """A TXT record's text in zone-file presentation form: quoted
    character-strings of at most 255 bytes, with escapes
    (mtasts_txt_zone_write)."""
    data = _bytes(text, "TXT text")
    return _write(_n.lib().mtasts_txt_zone_write, data, len(data))
