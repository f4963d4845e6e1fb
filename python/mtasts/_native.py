# SPDX-License-Identifier: MIT
"""The ctypes declarations of libmtasts.so.1 (include/mtasts/mtasts.h).

Nothing here knows a rule of MTA-STS or TLS-RPT: this module only finds the
shared library, checks that it is recent enough, and declares the C
structures and functions the public module calls.

The library is loaded on first use, once, under a lock; a library that is
missing or older than MIN_VERSION raises LibraryError with what is needed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from typing import Optional

#: The oldest libmtasts this module works with, as mtasts_version_number()
#: gives it: MAJOR * 10000 + MINOR * 100 + PATCH.
MIN_VERSION = 10000
SONAME = "libmtasts.so.1"
ENV_LIBRARY = "MTASTS_LIBRARY"


class LibraryError(OSError):
    """libmtasts.so.1 could not be loaded, or is too old for this module."""


size_t = ctypes.c_size_t
c_char_p = ctypes.c_char_p
c_int = ctypes.c_int  # the C enums
c_ulong = ctypes.c_ulong
c_long = ctypes.c_long
c_uint = ctypes.c_uint
c_void_p = ctypes.c_void_p


class Diag(ctypes.Structure):
    """struct mtasts_diag; only read, through pointers the library owns."""

    _fields_ = [
        ("code", c_int),
        ("severity", c_int),
        ("offset", size_t),
        ("length", size_t),
        ("line", c_ulong),
        ("column", c_ulong),
        ("id", c_char_p),
        ("message", c_char_p),
        ("hint", c_char_p),
        ("reference", c_char_p),
        ("fix_offset", size_t),
        ("fix_length", size_t),
        ("source", c_char_p),
    ]


class Str(ctypes.Structure):
    """struct mtasts_str (frozen layout)."""

    _fields_ = [("ptr", c_void_p), ("len", size_t)]


class Txt(ctypes.Structure):
    """struct mtasts_txt."""

    _fields_ = [("ptr", c_void_p), ("len", size_t), ("form", c_int)]


class Extension(ctypes.Structure):
    """struct mtasts_extension (frozen layout)."""

    _fields_ = [("name", Str), ("value", Str)]


class Options(ctypes.Structure):
    """struct mtasts_options; set up with mtasts_options_init_sized."""

    _fields_ = [
        ("size", size_t),
        ("flags", c_uint),
        ("max_diagnostics", size_t),
        ("allocator", c_void_p),
        ("mx_hosts", ctypes.POINTER(Str)),
        ("mx_host_count", size_t),
    ]


class PolicyValues(ctypes.Structure):
    """struct mtasts_policy_values; set up with
    mtasts_policy_values_init_sized."""

    _fields_ = [
        ("size", size_t),
        ("mode", c_int),
        ("max_age", ctypes.c_uint64),
        ("mx", ctypes.POINTER(Str)),
        ("mx_count", size_t),
        ("extensions", ctypes.POINTER(Extension)),
        ("extension_count", size_t),
    ]


class NameIssue(ctypes.Structure):
    """struct mtasts_name_issue; set up with mtasts_name_issue_init_sized."""

    _fields_ = [
        ("size", size_t),
        ("code", c_int),
        ("offset", size_t),
        ("length", size_t),
        ("reason", c_char_p),
    ]


# Constants of the header (values of its enums; part of the ABI).
OK = 0
ERR_NOMEM = 1
ERR_INVALID_ARG = 2
OPT_STRICT = 1 << 0
WRITE_LF = 1 << 0
RECORD_STS = 0
RECORD_TLSRPT = 1
TXT_RAW = 0
TXT_ZONE = 1
REVISION_CURRENT = 0
REVISION_PREVIOUS = 1
MODES = {"enforce": 1, "testing": 2, "none": 3}

P = ctypes.c_void_p  # an opaque handle
DiagP = ctypes.POINTER(Diag)
StrP = ctypes.POINTER(Str)

# name: (restype, argtypes)
_FUNCTIONS = {
    "mtasts_version": (c_char_p, []),
    "mtasts_version_number": (c_ulong, []),
    "mtasts_status_name": (c_char_p, [c_int]),
    "mtasts_severity_name": (c_char_p, [c_int]),
    "mtasts_diag_code_count": (size_t, []),
    "mtasts_diag_code_id": (c_char_p, [c_int]),
    "mtasts_diag_code_severity": (c_int, [c_int]),
    "mtasts_diag_code_reference": (c_char_p, [c_int]),
    "mtasts_diag_code_summary": (c_char_p, [c_int]),
    "mtasts_diag_code_url": (c_char_p, [c_int]),
    "mtasts_diag_code_from_id": (c_long, [c_char_p, size_t]),
    "mtasts_options_init_sized": (None, [ctypes.POINTER(Options), size_t]),
    "mtasts_mode_name": (c_char_p, [c_int]),
    "mtasts_policy_parse": (
        c_int,
        [c_void_p, size_t, ctypes.POINTER(Options), ctypes.POINTER(P)],
    ),
    "mtasts_policy_free": (None, [P]),
    "mtasts_policy_valid": (c_int, [P]),
    "mtasts_policy_diag_count": (size_t, [P]),
    "mtasts_policy_diag": (DiagP, [P, size_t]),
    "mtasts_policy_version": (c_char_p, [P]),
    "mtasts_policy_mode": (c_int, [P]),
    "mtasts_policy_max_age": (c_int, [P, ctypes.POINTER(ctypes.c_uint64)]),
    "mtasts_policy_mx_count": (size_t, [P]),
    "mtasts_policy_mx": (c_char_p, [P, size_t]),
    "mtasts_policy_extension_count": (size_t, [P]),
    "mtasts_policy_extension_name": (c_char_p, [P, size_t]),
    "mtasts_policy_extension_value": (c_char_p, [P, size_t]),
    "mtasts_policy_mx_host_match": (c_long, [P, size_t]),
    "mtasts_mx_match": (c_int, [c_void_p, size_t, c_void_p, size_t]),
    "mtasts_record_parse": (
        c_int,
        [c_int, ctypes.POINTER(Txt), size_t, ctypes.POINTER(Options),
         ctypes.POINTER(P)],
    ),
    "mtasts_record_free": (None, [P]),
    "mtasts_record_kind": (c_int, [P]),
    "mtasts_record_valid": (c_int, [P]),
    "mtasts_record_diag_count": (size_t, [P]),
    "mtasts_record_diag": (DiagP, [P, size_t]),
    "mtasts_record_selected": (c_long, [P]),
    "mtasts_record_version": (c_char_p, [P]),
    "mtasts_record_id": (c_char_p, [P]),
    "mtasts_record_rua_count": (size_t, [P]),
    "mtasts_record_rua": (c_char_p, [P, size_t]),
    "mtasts_record_extension_count": (size_t, [P]),
    "mtasts_record_extension_name": (c_char_p, [P, size_t]),
    "mtasts_record_extension_value": (c_char_p, [P, size_t]),
    "mtasts_policy_values_init_sized": (
        None, [ctypes.POINTER(PolicyValues), size_t]),
    "mtasts_policy_write": (
        size_t, [ctypes.POINTER(PolicyValues), c_uint, c_void_p, size_t]),
    "mtasts_sts_record_write": (size_t, [c_void_p, size_t, c_void_p, size_t]),
    "mtasts_tlsrpt_record_write": (size_t, [StrP, size_t, c_void_p, size_t]),
    "mtasts_txt_zone_write": (size_t, [c_void_p, size_t, c_void_p, size_t]),
    "mtasts_name_issue_init_sized": (None, [ctypes.POINTER(NameIssue), size_t]),
    "mtasts_host_check": (
        c_int, [c_void_p, size_t, ctypes.POINTER(NameIssue)]),
    "mtasts_deployment_new": (
        c_int, [ctypes.POINTER(Options), ctypes.POINTER(P)]),
    "mtasts_deployment_free": (None, [P]),
    "mtasts_deployment_set_domain": (c_int, [P, c_void_p, size_t]),
    "mtasts_deployment_set_zone": (c_int, [P, c_int, c_char_p]),
    "mtasts_deployment_add_txt": (
        c_int, [P, c_int, c_int, ctypes.POINTER(Txt), c_char_p, c_ulong]),
    "mtasts_deployment_add_mx": (
        c_int, [P, c_int, c_void_p, size_t, c_char_p, c_ulong]),
    "mtasts_deployment_add_policy_host_address": (
        c_int, [P, c_int, c_char_p, c_ulong]),
    "mtasts_deployment_set_policy": (
        c_int, [P, c_int, c_void_p, size_t, c_char_p]),
    "mtasts_deployment_check": (c_int, [P, ctypes.POINTER(P)]),
    "mtasts_deployment_result_free": (None, [P]),
    "mtasts_deployment_result_valid": (c_int, [P]),
    "mtasts_deployment_result_diag_count": (size_t, [P]),
    "mtasts_deployment_result_diag": (DiagP, [P, size_t]),
    "mtasts_deployment_result_policy": (P, [P, c_int]),
    "mtasts_deployment_result_record": (P, [P, c_int, c_int]),
}

_lock = threading.Lock()
_lib: Optional[ctypes.CDLL] = None


def _version_text(number: int) -> str:
    return f"{number // 10000}.{number // 100 % 100}.{number % 100}"


def _candidates() -> list:
    path = os.environ.get(ENV_LIBRARY)
    if path:
        return [path]
    names = []
    found = ctypes.util.find_library("mtasts")
    if found:
        names.append(found)
    if SONAME not in names:
        names.append(SONAME)
    return names


def _open() -> ctypes.CDLL:
    errors = []
    lib = None
    for name in _candidates():
        try:
            lib = ctypes.CDLL(name)
            break
        except OSError as e:
            errors.append(f"{name}: {e}")
    if lib is None:
        raise LibraryError(
            f"libmtasts {_version_text(MIN_VERSION)} or later is needed, but "
            f"{SONAME} could not be loaded ({'; '.join(errors)}); install it "
            f"(Debian: apt-get install libmtasts1) or set {ENV_LIBRARY} to "
            "its path")
    try:
        version_number = lib.mtasts_version_number
    except AttributeError:
        raise LibraryError(
            f"{lib._name} is not libmtasts (it has no mtasts_version_number); "
            f"libmtasts {_version_text(MIN_VERSION)} or later is needed"
        ) from None
    version_number.restype = c_ulong
    version_number.argtypes = []
    have = version_number()
    if have < MIN_VERSION:
        raise LibraryError(
            f"{lib._name} is libmtasts {_version_text(have)}; this module "
            f"needs libmtasts {_version_text(MIN_VERSION)} or later")
    for name, (restype, argtypes) in _FUNCTIONS.items():
        try:
            fn = getattr(lib, name)
        except AttributeError:
            raise LibraryError(
                f"{lib._name} (libmtasts {_version_text(have)}) lacks {name}; "
                f"libmtasts {_version_text(MIN_VERSION)} or later is needed"
            ) from None
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


def lib() -> ctypes.CDLL:
    """The loaded library (loaded and checked on the first call)."""
    global _lib
    if _lib is None:
        with _lock:
            if _lib is None:
                _lib = _open()
    return _lib
