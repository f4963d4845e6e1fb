/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: offline validation of MTA-STS (RFC 8461) policies and records,
 * and of TLS-RPT (RFC 8460) records.
 *
 * Conventions that hold for the whole API:
 *
 * - Input is always (pointer, length). The library never reads past the
 *   length, never needs a terminating NUL and never writes to the input.
 * - Every call that can fail returns an mtasts_status. It says whether the
 *   call itself worked (arguments, memory). What the call found wrong with
 *   the input is never a status: it is a list of diagnostics in the result.
 * - Results are opaque handles. The caller owns a result and releases it with
 *   its _free function, which accepts NULL. Every pointer an accessor returns
 *   (strings, diagnostics) is owned by the result and stays valid until the
 *   result is freed. Strings are NUL-terminated UTF-8.
 * - Thread safety: the library has no global mutable state. Any number of
 *   threads may parse at the same time, and a result may be read from several
 *   threads at once, as long as no thread frees it meanwhile.
 * - Cost: every parse is one linear pass over the input; memory is
 *   proportional to the input plus a constant.
 */
#ifndef MTASTS_MTASTS_H
#define MTASTS_MTASTS_H

#include <stddef.h>
#include <stdint.h>

#include <mtasts/diagnostics.h>
#include <mtasts/export.h>
#include <mtasts/version.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------- */
/* Version                                                                 */

/* The library's version as "MAJOR.MINOR.PATCH"; equal to MTASTS_VERSION_STRING
 * of the header the library was built with. */
MTASTS_EXPORT const char *mtasts_version(void);

/* MTASTS_VERSION_NUMBER of the library that is running. */
MTASTS_EXPORT unsigned long mtasts_version_number(void);

/* ---------------------------------------------------------------------- */
/* Status, severities and diagnostic codes                                 */

typedef enum mtasts_status {
  MTASTS_OK = 0,        /* the call worked; see the result */
  MTASTS_ERR_NOMEM = 1, /* out of memory; *out is set to NULL */
  /* a NULL pointer where one is not allowed, an unknown flag, a struct
   * whose size member was not set by its _init function, a half-filled
   * allocator */
  MTASTS_ERR_INVALID_ARG = 2
} mtasts_status;

/* A short English name for a status ("ok", "out of memory", ...). */
MTASTS_EXPORT const char *mtasts_status_name(mtasts_status status);

typedef enum mtasts_severity {
  MTASTS_SEVERITY_NOTE = 0,    /* style or advice; valid input */
  MTASTS_SEVERITY_WARNING = 1, /* valid, but risky or against advice */
  MTASTS_SEVERITY_ERROR = 2    /* senders reject or misread the input */
} mtasts_severity;

/* "note", "warning" or "error". */
MTASTS_EXPORT const char *mtasts_severity_name(mtasts_severity severity);

/* One code per entry of the catalogue in <mtasts/diagnostics.h>. The numbers
 * are stable: new codes are only ever appended. */
typedef enum mtasts_diag_code {
/* A macro expansion, which the formatter would misalign. */
/* clang-format off */
#define MTASTS_X_ENUM_(name, id, sev, ref, rfc, sec, summary) MTASTS_DIAG_##name,
  MTASTS_DIAGNOSTICS(MTASTS_X_ENUM_)
#undef MTASTS_X_ENUM_
  MTASTS_DIAG_COUNT_ /* the number of codes in this version */
  /* clang-format on */
} mtasts_diag_code;

/* Catalogue look-ups. Each returns NULL (or MTASTS_SEVERITY_NOTE) for a code
 * outside the catalogue. The strings are static. */
MTASTS_EXPORT size_t mtasts_diag_code_count(void);
MTASTS_EXPORT const char *mtasts_diag_code_id(mtasts_diag_code code);
MTASTS_EXPORT mtasts_severity mtasts_diag_code_severity(mtasts_diag_code code);
MTASTS_EXPORT const char *mtasts_diag_code_reference(mtasts_diag_code code);
MTASTS_EXPORT const char *mtasts_diag_code_summary(mtasts_diag_code code);
/* The address of the RFC section the rule comes from (the first one its
 * reference names), e.g. "https://www.rfc-editor.org/rfc/rfc8461#section-3.2",
 * or NULL for a rule of the library's own. */
MTASTS_EXPORT const char *mtasts_diag_code_url(mtasts_diag_code code);
/* The code whose id is the given text, or -1 if there is none. */
MTASTS_EXPORT long mtasts_diag_code_from_id(const char *id, size_t len);

/*
 * One finding. The library allocates these; callers only read them, so new
 * members may be appended in later versions without breaking callers.
 *
 * Positions: for a policy, offset and length are bytes of the policy body, and
 * line and column (both 1-based, column counted in bytes) locate offset. For a
 * set of TXT records, line is the 1-based position of the record in the set
 * and offset/column count bytes within that record as it was given (in
 * zone-file form, within the quoted text). A finding about the input as a
 * whole (a missing field) points at its start or at the most relevant field.
 */
typedef struct mtasts_diag {
  mtasts_diag_code code;
  mtasts_severity severity; /* after options such as MTASTS_OPT_STRICT */
  size_t offset;
  size_t length;
  unsigned long line;
  unsigned long column;
  const char *id;        /* the stable id, e.g. "policy-mx-trailing-dot" */
  const char *message;   /* one sentence that quotes the offending text */
  const char *hint;      /* the fix-it text, or NULL when none is obvious */
  const char *reference; /* where the rule comes from, e.g. "RFC 8461 §3.2" */
  /* The bytes of the input that hint replaces, in the coordinates of offset
   * (a policy: bytes of the body; a TXT record: bytes of that record as
   * given, and the hint is then in the same form). Replacing them with the
   * hint fixes the finding. Meaningful only when hint is not NULL; a length
   * of 0 inserts the hint, which then ends with its line end. */
  size_t fix_offset;
  size_t fix_length;
  /* The name of the input the finding is in, as the caller gave it to
   * mtasts_deployment_* (a zone file, a policy file); NULL for the results
   * of mtasts_policy_parse and mtasts_record_parse. */
  const char *source;
} mtasts_diag;

/* ---------------------------------------------------------------------- */
/* Options                                                                 */

/* Optional allocator. The library calls these instead of malloc, realloc and
 * free for everything it allocates. realloc_fn may be NULL, in which case
 * the library grows buffers with malloc_fn, copy and free_fn. It does not
 * reach libidn2 (used, when the library is built with it, for A-labels):
 * libidn2 allocates a few short-lived strings with malloc, which the library
 * frees with idn2_free before it returns. */
typedef struct mtasts_allocator {
  void *(*malloc_fn)(size_t size, void *user);
  void *(*realloc_fn)(void *ptr, size_t size, void *user);
  void (*free_fn)(void *ptr, void *user);
  void *user;
} mtasts_allocator;

/* Option flags. A call given a bit that is not defined here fails with
 * MTASTS_ERR_INVALID_ARG, so that a program built for a later version that
 * asks for a new behaviour is never silently given the old one. */
enum {
  /* Report every warning as an error (the CLI's --strict). */
  MTASTS_OPT_STRICT = 1u << 0
};

/* A byte string that need not be NUL-terminated. */
typedef struct mtasts_str {
  const char *ptr;
  size_t len;
} mtasts_str;

#define MTASTS_DEFAULT_MAX_DIAGNOSTICS 256u

typedef struct mtasts_options {
  /* sizeof(mtasts_options) as the caller was compiled; set by
   * mtasts_options_init. It lets a newer library read an older caller's
   * struct: members past size take their defaults. */
  size_t size;
  unsigned flags;         /* MTASTS_OPT_*; an unknown bit is refused */
  size_t max_diagnostics; /* 0 means MTASTS_DEFAULT_MAX_DIAGNOSTICS */
  /* NULL means malloc/realloc/free; otherwise malloc_fn and free_fn must be
   * set (a half-filled allocator is refused) */
  const mtasts_allocator *allocator;
  /* MX host names to check against a policy's mx patterns (RFC 8461 §4.1).
   * Each host that no pattern covers is reported as mx-host-not-covered: an
   * error in enforce mode, a warning otherwise. One trailing dot on a host is
   * ignored. A host with a NULL pointer and a non-zero length makes the call
   * fail with MTASTS_ERR_INVALID_ARG. Used by mtasts_policy_parse only. */
  const mtasts_str *mx_hosts;
  size_t mx_host_count;
  /* Members added in later versions go here, after the others. */
} mtasts_options;

/* Sets the size bytes at options to the defaults (no flags, default limits,
 * no hosts) and options->size to size. Call it through mtasts_options_init,
 * which passes the size the caller was compiled with. */
MTASTS_EXPORT void mtasts_options_init_sized(mtasts_options *options,
                                             size_t size);
static inline void mtasts_options_init(mtasts_options *options) {
  mtasts_options_init_sized(options, sizeof *options);
}

/* ---------------------------------------------------------------------- */
/* Policy files (RFC 8461 §3.2)                                             */

typedef struct mtasts_policy mtasts_policy;

typedef enum mtasts_mode {
  MTASTS_MODE_UNSET = 0, /* no valid mode field */
  MTASTS_MODE_ENFORCE,
  MTASTS_MODE_TESTING,
  MTASTS_MODE_NONE
} mtasts_mode;

/* "enforce", "testing", "none", or NULL for MTASTS_MODE_UNSET. */
MTASTS_EXPORT const char *mtasts_mode_name(mtasts_mode mode);

/*
 * Parses and validates a policy body. options may be NULL. On MTASTS_OK,
 * *out holds a result that the caller frees with mtasts_policy_free; on any
 * other status *out is NULL. buf may be NULL only when len is 0.
 */
MTASTS_EXPORT mtasts_status mtasts_policy_parse(const char *buf, size_t len,
                                                const mtasts_options *options,
                                                mtasts_policy **out);

MTASTS_EXPORT void mtasts_policy_free(mtasts_policy *policy);

/* 1 when no diagnostic of severity error was reported, else 0. */
MTASTS_EXPORT int mtasts_policy_valid(const mtasts_policy *policy);

MTASTS_EXPORT size_t mtasts_policy_diag_count(const mtasts_policy *policy);
/* The i-th diagnostic in input order, or NULL if i is out of range. */
MTASTS_EXPORT const mtasts_diag *mtasts_policy_diag(const mtasts_policy *policy,
                                                    size_t i);

/*
 * The parsed values. They are what a sender that follows RFC 8461 would take
 * from the body: the first valid occurrence of each field, and every valid
 * mx pattern. A field whose value is malformed is not taken.
 */
/* "STSv1" or NULL. */
MTASTS_EXPORT const char *mtasts_policy_version(const mtasts_policy *policy);
MTASTS_EXPORT mtasts_mode mtasts_policy_mode(const mtasts_policy *policy);
/* 1 and *seconds set when max_age is present and valid (even if above the
 * maximum), else 0. */
MTASTS_EXPORT int mtasts_policy_max_age(const mtasts_policy *policy,
                                        uint64_t *seconds);
MTASTS_EXPORT size_t mtasts_policy_mx_count(const mtasts_policy *policy);
MTASTS_EXPORT const char *mtasts_policy_mx(const mtasts_policy *policy,
                                           size_t i);
/* Extension (unknown but well-formed) fields, first occurrence of each name. */
MTASTS_EXPORT size_t mtasts_policy_extension_count(const mtasts_policy *policy);
MTASTS_EXPORT const char *
mtasts_policy_extension_name(const mtasts_policy *policy, size_t i);
MTASTS_EXPORT const char *
mtasts_policy_extension_value(const mtasts_policy *policy, size_t i);

/* For the i-th host of options->mx_hosts: the index of the first mx pattern
 * that covers it, or -1 when none does (or i is out of range). */
MTASTS_EXPORT long mtasts_policy_mx_host_match(const mtasts_policy *policy,
                                               size_t i);

/* ---------------------------------------------------------------------- */
/* MX patterns (RFC 8461 §4.1)                                              */

/*
 * 1 when the mx pattern covers the host, else 0. Matching ignores ASCII case;
 * "*." covers exactly one left-most label; one trailing dot on the host is
 * ignored. A pattern that is not valid covers nothing.
 */
MTASTS_EXPORT int mtasts_mx_match(const char *pattern, size_t pattern_len,
                                  const char *host, size_t host_len);

/* ---------------------------------------------------------------------- */
/* TXT records: _mta-sts (RFC 8461 §3.1) and _smtp._tls (RFC 8460 §3)        */

typedef struct mtasts_record mtasts_record;

typedef enum mtasts_kind {
  MTASTS_RECORD_STS = 0,   /* _mta-sts.<domain>, "v=STSv1" */
  MTASTS_RECORD_TLSRPT = 1 /* _smtp._tls.<domain>, "v=TLSRPTv1" */
} mtasts_kind;

typedef enum mtasts_txt_form {
  /* The record's text after its character-strings were joined. */
  MTASTS_TXT_RAW = 0,
  /* Zone-file presentation form: one or more quoted character-strings with
   * \" and \DDD escapes (RFC 1035 §5.1), joined with nothing between them. */
  MTASTS_TXT_ZONE = 1
} mtasts_txt_form;

typedef struct mtasts_txt {
  const char *ptr;
  size_t len;
  mtasts_txt_form form;
} mtasts_txt;

/*
 * Validates the whole set of TXT records found at one name (one record is a
 * set of one). Records that do not begin with the version tag are set aside;
 * anything other than exactly one remaining record is an error, as senders
 * then act as if there were no record. A single record is always linted as
 * the intended record. count may be 0 (no record at the name).
 */
MTASTS_EXPORT mtasts_status mtasts_record_parse(mtasts_kind kind,
                                                const mtasts_txt *records,
                                                size_t count,
                                                const mtasts_options *options,
                                                mtasts_record **out);

MTASTS_EXPORT void mtasts_record_free(mtasts_record *record);

MTASTS_EXPORT mtasts_kind mtasts_record_kind(const mtasts_record *record);
MTASTS_EXPORT int mtasts_record_valid(const mtasts_record *record);
MTASTS_EXPORT size_t mtasts_record_diag_count(const mtasts_record *record);
MTASTS_EXPORT const mtasts_diag *mtasts_record_diag(const mtasts_record *record,
                                                    size_t i);

/* The index in the set of the record senders would use, or -1 when there is
 * none. With several candidates this is the first, and the set is invalid. */
MTASTS_EXPORT long mtasts_record_selected(const mtasts_record *record);
/* Values of the selected record. */
/* "STSv1" / "TLSRPTv1", or NULL when no record was selected. */
MTASTS_EXPORT const char *mtasts_record_version(const mtasts_record *record);
/* The id of an _mta-sts record, or NULL. */
MTASTS_EXPORT const char *mtasts_record_id(const mtasts_record *record);
/* The rua URIs of a TLS-RPT record, across all rua fields, in order. */
MTASTS_EXPORT size_t mtasts_record_rua_count(const mtasts_record *record);
MTASTS_EXPORT const char *mtasts_record_rua(const mtasts_record *record,
                                            size_t i);
MTASTS_EXPORT size_t mtasts_record_extension_count(const mtasts_record *record);
MTASTS_EXPORT const char *
mtasts_record_extension_name(const mtasts_record *record, size_t i);
MTASTS_EXPORT const char *
mtasts_record_extension_value(const mtasts_record *record, size_t i);

/* ---------------------------------------------------------------------- */
/* Writing policies and records (lib/write.c), for generators such as     */
/* mtasts-gen                                                              */

/*
 * The writers follow the contract of snprintf: they write at most cap bytes,
 * including a terminating NUL (nothing at all when cap is 0, so buf may then
 * be NULL), and return the length of the complete text without the NUL. The
 * text was cut short when the return value is >= cap; call again with a
 * buffer of the returned length + 1. They never allocate.
 *
 * They return 0 (never the length of any real output) when the arguments
 * cannot be written at all: a NULL pointer where text is needed, or a mode
 * outside enforce, testing and none.
 *
 * They write the values as given and check nothing else: validity is the
 * parser's business. A generator parses what it wrote (mtasts_policy_parse,
 * mtasts_record_parse) and compares the values read back with the ones it
 * wrote. A value that holds a line break (or a ';' or ',' in a record)
 * changes the structure of the text; the parse or that comparison shows it.
 */

/* Flags of mtasts_policy_write. */
enum {
  /* End lines with LF instead of CRLF. RFC 8461 §3.2 allows both (its
   * prose says CRLF, its grammar LF or CRLF); CRLF is the default as it is
   * valid under either reading. */
  MTASTS_WRITE_LF = 1u << 0
};

/* An extension field of a policy: "name: value". Like mtasts_str and
 * mtasts_txt it is passed in arrays, so its layout is frozen: it never
 * grows (a later version would add a new type instead). */
typedef struct mtasts_extension {
  mtasts_str name;
  mtasts_str value;
} mtasts_extension;

/* The values of a policy file. Nothing here is owned. */
typedef struct mtasts_policy_values {
  /* sizeof(mtasts_policy_values) as the caller was compiled; set by
   * mtasts_policy_values_init. Members past size take their defaults. */
  size_t size;
  mtasts_mode mode;     /* enforce, testing or none */
  uint64_t max_age;     /* seconds */
  const mtasts_str *mx; /* mx_count patterns, written in this order */
  size_t mx_count;
  const mtasts_extension *extensions; /* written last, in this order */
  size_t extension_count;
  /* Members added in later versions go here, after the others. */
} mtasts_policy_values;

/* Sets the size bytes at values to zero (mode MTASTS_MODE_UNSET, no mx, no
 * extension) and values->size to size; call it through
 * mtasts_policy_values_init. */
MTASTS_EXPORT void mtasts_policy_values_init_sized(mtasts_policy_values *values,
                                                   size_t size);
static inline void mtasts_policy_values_init(mtasts_policy_values *values) {
  mtasts_policy_values_init_sized(values, sizeof *values);
}

/*
 * Writes a policy body in canonical form (RFC 8461 §3.2): "version: STSv1",
 * "mode: MODE", one "mx: PATTERN" line per pattern, "max_age: SECONDS", then
 * the extensions as "name: value", each line ending in CRLF (LF with
 * MTASTS_WRITE_LF), the last one included. Returns 0 when values is NULL,
 * its mode is not enforce, testing or none, or an array or string it needs
 * is NULL, its size was not set by mtasts_policy_values_init, or flags holds
 * a bit that is not an MTASTS_WRITE_* flag.
 */
MTASTS_EXPORT size_t mtasts_policy_write(const mtasts_policy_values *values,
                                         unsigned flags, char *buf, size_t cap);

/*
 * Fills *values with what a parsed policy holds: its mode, its max_age (0
 * when it has none), its mx patterns and its extension fields, in order.
 * mx must have room for mtasts_policy_mx_count(policy) entries and
 * extensions for mtasts_policy_extension_count(policy); either may be NULL
 * when that count is 0. The strings point into policy, which must outlive
 * values. values must have been set up by mtasts_policy_values_init; the
 * members it has room for (values->size) are filled. Returns
 * MTASTS_ERR_INVALID_ARG when an argument is NULL, values->size was not set,
 * or an array is too small (values is then left untouched).
 */
MTASTS_EXPORT mtasts_status mtasts_policy_get_values(
    const mtasts_policy *policy, mtasts_policy_values *values, mtasts_str *mx,
    size_t mx_cap, mtasts_extension *extensions, size_t extension_cap);

/* Writes an _mta-sts record's text (RFC 8461 §3.1): "v=STSv1; id=ID".
 * Returns 0 when id is NULL. */
MTASTS_EXPORT size_t mtasts_sts_record_write(const char *id, size_t id_len,
                                             char *buf, size_t cap);

/* Writes a TLS-RPT record's text (RFC 8460 §3): "v=TLSRPTv1; rua=URI", the
 * count URIs joined with ",". Returns 0 when rua is NULL or count is 0, or a
 * URI is NULL. */
MTASTS_EXPORT size_t mtasts_tlsrpt_record_write(const mtasts_str *rua,
                                                size_t count, char *buf,
                                                size_t cap);

/*
 * Writes the text of a TXT record in zone-file presentation form, as
 * mtasts_record_parse reads MTASTS_TXT_ZONE: character-strings of at most
 * 255 octets (RFC 1035 §3.3) in double quotes, separated by one space, with
 * '"' and '\' escaped by a backslash and every byte outside printable ASCII
 * written as \DDD (RFC 1035 §5.1). Empty text is written as "". Returns 0
 * when text is NULL and len is not 0.
 */
MTASTS_EXPORT size_t mtasts_txt_zone_write(const char *text, size_t len,
                                           char *buf, size_t cap);

/* What is wrong with a host name. */
typedef struct mtasts_name_issue {
  /* sizeof(mtasts_name_issue) as the caller was compiled; set by
   * mtasts_name_issue_init. The library fills only the members that fit. */
  size_t size;
  mtasts_diag_code code; /* one of the MTASTS_DIAG_POLICY_MX_* codes */
  size_t offset;         /* where, in bytes of the name */
  size_t length;
  /* What is wrong, as the end of a sentence whose subject is the name
   * ("holds a character not allowed in host names"); a static string. */
  const char *reason;
  /* Members added in later versions go here, after the others. */
} mtasts_name_issue;

/* Zeroes the size bytes at issue and sets issue->size to size; call it
 * through mtasts_name_issue_init. */
MTASTS_EXPORT void mtasts_name_issue_init_sized(mtasts_name_issue *issue,
                                                size_t size);
static inline void mtasts_name_issue_init(mtasts_name_issue *issue) {
  mtasts_name_issue_init_sized(issue, sizeof *issue);
}

/*
 * Checks a host name such as a policy domain with the rules for the names in
 * mx patterns (RFC 8461 §3.2 with RFC 5321 §4.1.2 Domain, A-labels only,
 * RFC 1035 §2.3.4 lengths, no IP address) and no wildcard. One trailing dot
 * (the root) is accepted. Returns 1 when the name is valid; otherwise 0, and
 * when issue is not NULL (set up by mtasts_name_issue_init) it describes the
 * first problem. Only problems that
 * make the name invalid count; advice such as a single label does not.
 */
MTASTS_EXPORT int mtasts_host_check(const char *name, size_t len,
                                    mtasts_name_issue *issue);

/* ---------------------------------------------------------------------- */
/* A whole deployment (lib/deploy.c)                                       */

/*
 * A deployment is what a domain publishes for MTA-STS: the policy file and
 * the DNS records of its zone (the TXT records at _mta-sts.<domain> and
 * _smtp._tls.<domain>, the domain's MX hosts, the address of the policy
 * host mta-sts.<domain>), now and, optionally, as they were before a
 * change. The library checks the parts against each other and the change
 * against what senders may have cached (RFC 8461 §3.1, §4.1, §5.1, §8.3).
 *
 * The caller reads the files (a zone file with a zone parser, a revision
 * from git) and hands over the values, each with where it came from: a
 * source name (a file name, shown in findings as given) and a line. The
 * library copies everything it is given; the caller's strings may be freed
 * as soon as a call returns.
 *
 * Use: mtasts_deployment_new, then the setters for the current version and
 * (optionally) the previous one, then mtasts_deployment_check, which may be
 * called any number of times; it does not change the deployment. A
 * deployment must not be changed while another thread checks it.
 */
typedef struct mtasts_deployment mtasts_deployment;
typedef struct mtasts_deployment_result mtasts_deployment_result;

/* Which version of a deployment a setter describes. */
typedef enum mtasts_revision {
  MTASTS_REVISION_CURRENT = 0, /* the version being checked */
  MTASTS_REVISION_PREVIOUS = 1 /* the version before it (what senders cache) */
} mtasts_revision;

/* A new, empty deployment. options may be NULL; the flags, limit and
 * allocator are copied and used by every check (mx_hosts is not used). */
MTASTS_EXPORT mtasts_status mtasts_deployment_new(const mtasts_options *options,
                                                  mtasts_deployment **out);
MTASTS_EXPORT void mtasts_deployment_free(mtasts_deployment *deployment);

/* The policy domain (<domain> in the names above), for messages; one
 * trailing dot is dropped. Optional. */
MTASTS_EXPORT mtasts_status mtasts_deployment_set_domain(
    mtasts_deployment *deployment, const char *domain, size_t len);

/*
 * Declares that the records of this revision come from a zone whose main
 * file is source: the zone checks run only for a revision that has a zone,
 * and a revision with a zone but no record of a kind has none of that kind.
 * Findings about something missing from the zone point at line 1 of source
 * unless a record is a better place.
 */
MTASTS_EXPORT mtasts_status mtasts_deployment_set_zone(
    mtasts_deployment *deployment, mtasts_revision rev, const char *source);

/*
 * Adds one TXT record at _mta-sts.<domain> (MTASTS_RECORD_STS) or
 * _smtp._tls.<domain> (MTASTS_RECORD_TLSRPT), found at line of source. The
 * findings of mtasts_record_parse about it are reported at that source and
 * line, with the column within the record's text as given.
 */
MTASTS_EXPORT mtasts_status mtasts_deployment_add_txt(
    mtasts_deployment *deployment, mtasts_revision rev, mtasts_kind kind,
    const mtasts_txt *txt, const char *source, unsigned long line);

/* Adds the target host of one MX record of <domain> (one trailing dot is
 * ignored; "." is a null MX, RFC 7505, and is not checked). */
MTASTS_EXPORT mtasts_status mtasts_deployment_add_mx(
    mtasts_deployment *deployment, mtasts_revision rev, const char *host,
    size_t len, const char *source, unsigned long line);

/* Records that the zone has an A, AAAA or CNAME record at mta-sts.<domain>,
 * the host senders fetch the policy from (RFC 8461 §3.3). Without this
 * call, a revision with a zone has none. */
MTASTS_EXPORT mtasts_status mtasts_deployment_add_policy_host_address(
    mtasts_deployment *deployment, mtasts_revision rev, const char *source,
    unsigned long line);

/* The policy file of this revision: its body and its source name. A
 * revision without this call has no policy. */
MTASTS_EXPORT mtasts_status
mtasts_deployment_set_policy(mtasts_deployment *deployment, mtasts_revision rev,
                             const char *buf, size_t len, const char *source);

/*
 * Checks the deployment. The result holds, in one list, the findings of
 * the current policy and current records (as mtasts_policy_parse and
 * mtasts_record_parse report them, placed at their source and line) and
 * the deploy-* findings that relate the parts and the two revisions. Each
 * finding's source names the file to edit. On MTASTS_OK, *out holds a
 * result that the caller frees with mtasts_deployment_result_free.
 */
MTASTS_EXPORT mtasts_status mtasts_deployment_check(
    const mtasts_deployment *deployment, mtasts_deployment_result **out);

MTASTS_EXPORT void mtasts_deployment_result_free(mtasts_deployment_result *r);

/* 1 when no diagnostic of severity error was reported, else 0. */
MTASTS_EXPORT int
mtasts_deployment_result_valid(const mtasts_deployment_result *r);
MTASTS_EXPORT size_t
mtasts_deployment_result_diag_count(const mtasts_deployment_result *r);
/* The i-th diagnostic, grouped by source (in the order the sources were
 * first given) and in line order within one, or NULL if i is out of range. */
MTASTS_EXPORT const mtasts_diag *
mtasts_deployment_result_diag(const mtasts_deployment_result *r, size_t i);
/* The parsed policy of a revision, or NULL when it has none. */
MTASTS_EXPORT const mtasts_policy *
mtasts_deployment_result_policy(const mtasts_deployment_result *r,
                                mtasts_revision rev);
/* The parsed set of TXT records of a kind, or NULL when the revision has
 * no zone or no record of that kind. */
MTASTS_EXPORT const mtasts_record *
mtasts_deployment_result_record(const mtasts_deployment_result *r,
                                mtasts_revision rev, mtasts_kind kind);

/* ---------------------------------------------------------------------- */
/* Live checks: what a sender fetched (RFC 8461 §3.3, §4, §4.2, §5)        */
/*                                                                         */
/* The library does no I/O. A sender, or mtasts-check, fetches the policy  */
/* and connects to the MX hosts itself, then hands what it saw to these    */
/* functions, which apply the rules and return diagnostics. Every type     */
/* here is offline and pure; the same thread-safety rules as above hold.   */

/* What an HTTPS GET of the policy URL returned (RFC 8461 §3.3). */
typedef struct mtasts_http_response {
  /* sizeof(mtasts_http_response) as the caller was compiled; set by
   * mtasts_http_response_init. Members past size take their defaults. */
  size_t size;
  /* The HTTP status code; 0 when no response was received (the connection
   * or the TLS handshake failed: see mtasts_tls_observation). */
  unsigned status;
  /* The Location header, or ptr NULL when there was none. */
  mtasts_str location;
  /* The Content-Type header as sent, or ptr NULL when there was none. */
  mtasts_str content_type;
  /* The body as received: at most the fetch's size cap. */
  mtasts_str body;
  /* 1 when the server sent more than the fetch read (body holds the first
   * body.len bytes of a longer body). */
  int body_truncated;
  /* Members added in later versions go here, after the others. */
} mtasts_http_response;

MTASTS_EXPORT void mtasts_http_response_init_sized(mtasts_http_response *r,
                                                   size_t size);
static inline void mtasts_http_response_init(mtasts_http_response *r) {
  mtasts_http_response_init_sized(r, sizeof *r);
}

typedef struct mtasts_http_result mtasts_http_result;

/*
 * Judges one response to GET https://mta-sts.<domain>/.well-known/mta-sts.txt
 * as senders do (RFC 8461 §3.3, §3.2): status 200 only, no redirect
 * followed (the Location is named), the media type text/plain (parameters
 * other than charset ignored; a charset other than utf-8 or us-ascii is a
 * warning), the body size (over 64000 bytes a warning, over 65536 an error),
 * and, for a 200, the body linted as mtasts_policy_parse lints it. A body
 * the fetch cut (body_truncated) is linted only up to its last complete
 * line (the last LF), so that the cut is not reported as the policy's
 * fault. source (the URL, NUL-terminated; may be NULL) is put in every
 * diagnostic's source. On MTASTS_OK *out holds a result freed with
 * mtasts_http_result_free.
 */
MTASTS_EXPORT mtasts_status
mtasts_http_check(const mtasts_http_response *response, const char *source,
                  const mtasts_options *options, mtasts_http_result **out);
MTASTS_EXPORT void mtasts_http_result_free(mtasts_http_result *result);
/* 1 when senders accept the policy: no error-level diagnostic. */
MTASTS_EXPORT int mtasts_http_result_valid(const mtasts_http_result *result);
MTASTS_EXPORT size_t
mtasts_http_result_diag_count(const mtasts_http_result *result);
MTASTS_EXPORT const mtasts_diag *
mtasts_http_result_diag(const mtasts_http_result *result, size_t i);
/* The policy parsed from the body of a 200 response, or NULL (also for a
 * cut body without a complete line). Owned by the result. */
MTASTS_EXPORT const mtasts_policy *
mtasts_http_result_policy(const mtasts_http_result *result);

/*
 * RFC 6125 §6.4 as RFC 8461 §3.3 and §4.2 apply it: 1 when one of the
 * certificate's DNS-IDs (subjectAltName dNSName entries; the subject's CN is
 * never used) matches host. Comparison ignores ASCII case; one trailing dot
 * on host is ignored; a '*' matches only as the whole left-most label of a
 * DNS-ID and stands for exactly one label; any other '*' (partial label,
 * deeper label) matches nothing. Returns 0 otherwise, or when host is not a
 * valid host name.
 */
MTASTS_EXPORT int mtasts_cert_name_match(const char *host, size_t host_len,
                                         const mtasts_str *dns_ids,
                                         size_t count);

/* DNSSEC status of an answer, as a validating resolver reports it. */
typedef enum mtasts_dnssec {
  MTASTS_DNSSEC_UNCHECKED = 0, /* not validated (no trust anchor) */
  MTASTS_DNSSEC_SECURE = 1,
  MTASTS_DNSSEC_INSECURE = 2,
  MTASTS_DNSSEC_BOGUS = 3
} mtasts_dnssec;

/* The outcome of one DNS lookup. */
typedef enum mtasts_dns_outcome {
  MTASTS_DNS_ANSWER = 0,   /* records of the type asked for */
  MTASTS_DNS_NXDOMAIN = 1, /* no such name */
  MTASTS_DNS_NODATA = 2,   /* the name exists, without that type */
  MTASTS_DNS_SERVFAIL = 3, /* a server failure (or a bogus answer) */
  MTASTS_DNS_TIMEOUT = 4   /* no answer in time */
} mtasts_dns_outcome;

/* One DNS lookup as the resolver answered it. */
typedef struct mtasts_dns_answer {
  /* sizeof(mtasts_dns_answer) as the caller was compiled; set by
   * mtasts_dns_answer_init. */
  size_t size;
  mtasts_str name; /* the name asked for, e.g. "_mta-sts.example.com" */
  unsigned type;   /* the RR type asked for: 16 TXT, 15 MX, 1 A, 28 AAAA,
                      52 TLSA */
  mtasts_dns_outcome outcome;
  mtasts_dnssec dnssec;
  /* The CNAME chain followed from name, in order (the names only). */
  const mtasts_str *cnames;
  size_t cname_count;
  /* The records, each in text: TXT the character-strings joined (RAW
   * form); MX "PREFERENCE EXCHANGE" ("10 mx1.example.com."); A and AAAA the
   * address; TLSA "USAGE SELECTOR MTYPE HEX". */
  const mtasts_str *records;
  size_t record_count;
  /* Members added in later versions go here, after the others. */
} mtasts_dns_answer;

MTASTS_EXPORT void mtasts_dns_answer_init_sized(mtasts_dns_answer *a,
                                                size_t size);
static inline void mtasts_dns_answer_init(mtasts_dns_answer *a) {
  mtasts_dns_answer_init_sized(a, sizeof *a);
}

/* What a TLS connection showed: to the policy host on port 443, or to an MX
 * host on port 25 after STARTTLS. */
typedef struct mtasts_tls_observation {
  /* sizeof(mtasts_tls_observation) as the caller was compiled; set by
   * mtasts_tls_observation_init. */
  size_t size;
  /* 1 when a TCP connection was made; 0 with timed_out 1 when the attempt
   * timed out, 0 with timed_out 0 when it was refused or unreachable. */
  int connected;
  int timed_out;
  /* SMTP only: 1 when the server answered (banner and EHLO) before the
   * time-out, and whether EHLO listed STARTTLS. */
  int smtp_answered;
  int starttls_offered;
  /* 1 when the TLS handshake completed (whatever the verification said);
   * the protocol version then, as on the wire: 0x0301 TLS 1.0 ... 0x0304
   * TLS 1.3. */
  int handshake_done;
  unsigned tls_version;
  /* 1 when the chain verified to a trusted root (PKIX, RFC 5280); else the
   * verifier's reason in chain_error ("self-signed certificate", ...). */
  int chain_valid;
  mtasts_str chain_error;
  /* The leaf certificate: its subjectAltName DNS-IDs, and its validity as
   * Unix times; now is the time of the check. */
  const mtasts_str *dns_ids;
  size_t dns_id_count;
  int64_t not_before;
  int64_t not_after;
  int64_t now;
  /* The TLSA records at _25._tcp.<host> were present and secure (DANE),
   * and whether the presented chain matched one of them (-1 unknown). */
  int tlsa_present;
  int tlsa_match;
  /* An error string for a failure not described above (the connection
   * failed in the middle, the handshake failed): shown in messages. */
  mtasts_str error;
  /* Members added in later versions go here, after the others. */
} mtasts_tls_observation;

MTASTS_EXPORT void mtasts_tls_observation_init_sized(mtasts_tls_observation *o,
                                                     size_t size);
static inline void mtasts_tls_observation_init(mtasts_tls_observation *o) {
  mtasts_tls_observation_init_sized(o, sizeof *o);
}

/*
 * A live check of one domain: what a sender saw, fed in any order, then
 * judged at once by mtasts_live_check. The live state is also run through
 * the deployment checks (mtasts_deployment: MX coverage, a record without a
 * policy, a policy host without an address, no TLS-RPT record).
 *
 * Sources: every diagnostic names what was checked: "NAME/TYPE" for a DNS
 * answer (_mta-sts.example.com/TXT), the policy URL for the fetch and the
 * body (with line and column in the body), "URL [ADDRESS]" for one address
 * of the policy host, "HOST:25 [ADDRESS]" for an MX host's address.
 */
typedef struct mtasts_live mtasts_live;
typedef struct mtasts_live_result mtasts_live_result;

MTASTS_EXPORT mtasts_status mtasts_live_new(const mtasts_options *options,
                                            mtasts_live **out);
MTASTS_EXPORT void mtasts_live_free(mtasts_live *live);
/* The policy domain (required before mtasts_live_check). */
MTASTS_EXPORT mtasts_status mtasts_live_set_domain(mtasts_live *live,
                                                   const char *domain,
                                                   size_t len);
/* A DNS answer: _mta-sts TXT, _smtp._tls TXT, the policy host's A and
 * AAAA, the domain's MX (and A/AAAA for an implicit MX), each MX host's A,
 * AAAA and TLSA. The library copies what it needs. */
MTASTS_EXPORT mtasts_status mtasts_live_add_dns(mtasts_live *live,
                                                const mtasts_dns_answer *a);
/* The fetch of the policy from one address of the policy host: the TLS
 * connection to ADDRESS:443 and, when it completed, the HTTP response
 * (NULL when there was none). */
MTASTS_EXPORT mtasts_status mtasts_live_add_fetch(
    mtasts_live *live, const char *address, const mtasts_tls_observation *tls,
    const mtasts_http_response *response);
/* The connection to one address of an MX host on port 25. */
MTASTS_EXPORT mtasts_status
mtasts_live_add_smtp(mtasts_live *live, const char *mx_host, size_t mx_host_len,
                     const char *address, const mtasts_tls_observation *tls);

/* Judges everything fed so far. On MTASTS_OK *out holds a result freed with
 * mtasts_live_result_free. */
MTASTS_EXPORT mtasts_status mtasts_live_check(const mtasts_live *live,
                                              mtasts_live_result **out);
MTASTS_EXPORT void mtasts_live_result_free(mtasts_live_result *result);
MTASTS_EXPORT int mtasts_live_result_valid(const mtasts_live_result *result);
MTASTS_EXPORT size_t
mtasts_live_result_diag_count(const mtasts_live_result *result);
MTASTS_EXPORT const mtasts_diag *
mtasts_live_result_diag(const mtasts_live_result *result, size_t i);
/* The policy served: the 200 answer that most addresses of the policy
 * host give (on a tie, that of the first address in address order), when
 * its body parses without error; else NULL. The _mta-sts or TLS-RPT record
 * set found, or NULL. */
MTASTS_EXPORT const mtasts_policy *
mtasts_live_result_policy(const mtasts_live_result *result);
MTASTS_EXPORT const mtasts_record *
mtasts_live_result_record(const mtasts_live_result *result, mtasts_kind kind);
/* One sentence on what senders will do, e.g. "senders without a cached
 * policy deliver as if example.com had no MTA-STS; senders that cached id
 * 20240101 keep enforcing it for up to 7 days". Owned by the result. */
MTASTS_EXPORT const char *
mtasts_live_result_verdict(const mtasts_live_result *result);

/* The policy file about to be published (as mtasts-check --policy reads
 * it), source its name: when the served policy's body differs from it,
 * the check says so (live-policy-differs-from-file, at the file's first
 * line that differs). The library copies both. Added in 1.1. */
MTASTS_EXPORT mtasts_status mtasts_live_set_file_policy(mtasts_live *live,
                                                        const char *buf,
                                                        size_t len,
                                                        const char *source);

#ifdef __cplusplus
}
#endif

#endif /* MTASTS_MTASTS_H */
