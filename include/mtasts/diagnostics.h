/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: the diagnostics catalogue.
 *
 * This list is the single source of truth for every finding the library can
 * report: its enum name, its stable kebab-case id, its default severity, the
 * rule it comes from and a one-line summary. The enum in mtasts.h and the
 * table inside the library are both generated from it, so they cannot drift.
 *
 * The list is append-only: an entry is never removed, renumbered or renamed,
 * so the numeric code and the id of a diagnostic are stable across releases.
 *
 * X(NAME, "id", SEVERITY, "reference", "rfc", "section", "summary")
 *
 * "reference" is the prose form shown to people ("RFC 8461 §3.2, §10.2");
 * "rfc" and "section" are the first RFC and section it names ("8461",
 * "3.2"), from which mtasts_diag_code_url builds a link; both are "" for a
 * rule of the library's own, and section is "" for a whole RFC.
 */
#ifndef MTASTS_DIAGNOSTICS_H
#define MTASTS_DIAGNOSTICS_H

/* clang-format off */
#define MTASTS_DIAGNOSTICS(X)                                                   \
  /* Library-wide. */                                                           \
  X(TOO_MANY_DIAGNOSTICS, "too-many-diagnostics", NOTE, "libmtasts", "", "",    \
    "the diagnostic limit was reached; later findings are not reported")        \
  /* Policy file: bytes and lines (RFC 8461 section 3.2). */                    \
  X(POLICY_EMPTY, "policy-empty", ERROR, "RFC 8461 §3.2", "8461", "3.2",        \
    "the policy body is empty")                                                 \
  X(POLICY_BOM, "policy-bom", ERROR, "RFC 8461 §3.2; RFC 3629 §6", "8461", "3.2", \
    "the policy starts with a UTF-8 byte order mark")                           \
  X(POLICY_INVALID_UTF8, "policy-invalid-utf8", ERROR, "RFC 8461 §3.2; RFC 3629 §4", "8461", "3.2", \
    "the line holds bytes that are not valid UTF-8")                            \
  X(POLICY_CONTROL_CHAR, "policy-control-char", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "the line holds a control character")                                       \
  X(POLICY_BARE_CR, "policy-bare-cr", ERROR, "RFC 8461 §3.2", "8461", "3.2",    \
    "a line ends in CR without LF")                                             \
  X(POLICY_BLANK_LINE, "policy-blank-line", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "the policy holds a blank line")                                            \
  X(POLICY_LEADING_WHITESPACE, "policy-leading-whitespace", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "a line starts with whitespace")                                            \
  X(POLICY_MISSING_COLON, "policy-missing-colon", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "a line is not a \"name: value\" field")                                    \
  X(POLICY_SPACE_BEFORE_COLON, "policy-space-before-colon", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "whitespace stands between a field name and its colon")                     \
  X(POLICY_FIELD_NAME_INVALID, "policy-field-name-invalid", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "a field name breaks the grammar for names")                                \
  X(POLICY_VALUE_EMPTY, "policy-value-empty", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "a field has no value")                                                     \
  X(POLICY_EXTENSION_VALUE_INVALID, "policy-extension-value-invalid", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "an extension field's value breaks the grammar for values")                 \
  X(POLICY_UNKNOWN_FIELD, "policy-unknown-field", WARNING, "RFC 8461 §3.2", "8461", "3.2", \
    "a field is not one of version, mode, max_age, mx")                         \
  X(POLICY_FIELD_MISSPELT, "policy-field-misspelt", WARNING, "RFC 8461 §3.2", "8461", "3.2", \
    "a field name is a near miss of a known field, so senders ignore the line") \
  X(POLICY_DUPLICATE_FIELD, "policy-duplicate-field", WARNING, "RFC 8461 §3.2", "8461", "3.2", \
    "a field that may appear once is repeated with the same value")             \
  X(POLICY_DUPLICATE_FIELD_CONFLICT, "policy-duplicate-field-conflict", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "a field that may appear once is repeated with another value")              \
  /* Policy file: the known fields. */                                          \
  X(POLICY_VERSION_MISSING, "policy-version-missing", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "the version field is missing")                                             \
  X(POLICY_VERSION_INVALID, "policy-version-invalid", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "the version is not STSv1")                                                 \
  X(POLICY_VERSION_NOT_FIRST, "policy-version-not-first", NOTE, "RFC 8461 §3.2", "8461", "3.2", \
    "the version field is not on the first line")                               \
  X(POLICY_MODE_MISSING, "policy-mode-missing", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "the mode field is missing")                                                \
  X(POLICY_MODE_INVALID, "policy-mode-invalid", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "the mode is not enforce, testing or none")                                 \
  X(POLICY_MODE_NONE_LONG_MAX_AGE, "policy-mode-none-long-max-age", WARNING, "RFC 8461 §8.3", "8461", "8.3", \
    "mode none is published with a max_age longer than one day")                \
  X(POLICY_MODE_NONE_WITHOUT_MX, "policy-mode-none-without-mx", NOTE, "RFC 8461 §3.2", "8461", "3.2", \
    "mode none without any mx field; some senders require one")                 \
  X(POLICY_MAX_AGE_MISSING, "policy-max-age-missing", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "the max_age field is missing")                                             \
  X(POLICY_MAX_AGE_INVALID, "policy-max-age-invalid", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "max_age is not 1 to 10 decimal digits")                                    \
  X(POLICY_MAX_AGE_TOO_LARGE, "policy-max-age-too-large", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "max_age is above the maximum of 31557600")                                 \
  X(POLICY_MAX_AGE_ZERO, "policy-max-age-zero", WARNING, "RFC 8461 §3.2, §10.2", "8461", "3.2", \
    "max_age is 0, so senders never cache the policy")                          \
  X(POLICY_MAX_AGE_SHORT, "policy-max-age-short", WARNING, "RFC 8461 §3.2, §10.2", "8461", "3.2", \
    "max_age is below one day (86400)")                                         \
  X(POLICY_MAX_AGE_ENFORCE_SHORT, "policy-max-age-enforce-short", NOTE, "RFC 8461 §3.2, §10.2", "8461", "3.2", \
    "max_age is below one week (604800) in enforce mode")                       \
  X(POLICY_MAX_AGE_LEADING_ZERO, "policy-max-age-leading-zero", WARNING, "RFC 8461 §3.2", "8461", "3.2", \
    "max_age has leading zeros")                                                \
  X(POLICY_MX_MISSING, "policy-mx-missing", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "no mx field, but the mode is not none")                                    \
  /* Policy file: mx patterns (RFC 8461 section 3.2 and 4.1, RFC 5321). */      \
  X(POLICY_MX_TRAILING_DOT, "policy-mx-trailing-dot", ERROR, "RFC 8461 §3.2; RFC 5321 §4.1.2", "8461", "3.2", \
    "an mx pattern ends in a dot")                                              \
  X(POLICY_MX_LEADING_DOT, "policy-mx-leading-dot", ERROR, "RFC 8461 §3.2; RFC 5321 §4.1.2", "8461", "3.2", \
    "an mx pattern starts with a dot")                                          \
  X(POLICY_MX_EMPTY_LABEL, "policy-mx-empty-label", ERROR, "RFC 8461 §3.2; RFC 5321 §4.1.2", "8461", "3.2", \
    "an mx pattern has an empty label")                                         \
  X(POLICY_MX_INVALID_CHAR, "policy-mx-invalid-char", ERROR, "RFC 8461 §3.2; RFC 5321 §4.1.2", "8461", "3.2", \
    "an mx pattern holds a character not allowed in host names")                \
  X(POLICY_MX_MULTIPLE, "policy-mx-multiple", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "one mx line holds more than one pattern")                                  \
  X(POLICY_MX_PORT, "policy-mx-port", ERROR, "RFC 8461 §3.2", "8461", "3.2",    \
    "an mx pattern carries a port")                                             \
  X(POLICY_MX_LABEL_HYPHEN, "policy-mx-label-hyphen", ERROR, "RFC 8461 §3.2; RFC 5321 §4.1.2", "8461", "3.2", \
    "a label of an mx pattern starts or ends with a hyphen")                    \
  X(POLICY_MX_LABEL_TOO_LONG, "policy-mx-label-too-long", ERROR, "RFC 1035 §2.3.4", "1035", "2.3.4", \
    "a label of an mx pattern is longer than 63 octets")                        \
  X(POLICY_MX_TOO_LONG, "policy-mx-too-long", ERROR, "RFC 1035 §2.3.4", "1035", "2.3.4", \
    "an mx pattern is longer than 253 octets")                                  \
  X(POLICY_MX_WILDCARD_INVALID, "policy-mx-wildcard-invalid", ERROR, "RFC 8461 §3.2, §4.1", "8461", "3.2", \
    "a wildcard is not the whole left-most label")                              \
  X(POLICY_MX_IP_ADDRESS, "policy-mx-ip-address", ERROR, "RFC 8461 §4.1; RFC 1123 §2.1", "8461", "4.1", \
    "an mx pattern is an IP address, not a host name")                          \
  X(POLICY_MX_U_LABEL, "policy-mx-u-label", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "an mx pattern holds non-ASCII text instead of an A-label")                 \
  X(POLICY_MX_SINGLE_LABEL, "policy-mx-single-label", WARNING, "RFC 5321 §2.3.5", "5321", "2.3.5", \
    "an mx pattern is a single label, not a fully qualified name")              \
  X(POLICY_MX_UPPERCASE, "policy-mx-uppercase", NOTE, "RFC 8461 §4.1", "8461", "4.1", \
    "an mx pattern holds upper-case letters")                                   \
  X(POLICY_MX_DUPLICATE, "policy-mx-duplicate", WARNING, "RFC 8461 §3.2", "8461", "3.2", \
    "an mx pattern is listed twice")                                            \
  X(POLICY_MX_RESERVED_LABEL, "policy-mx-reserved-label", WARNING, "RFC 5890 §2.3.1", "5890", "2.3.1", \
    "a label has hyphens in its third and fourth places but is not an A-label") \
  X(POLICY_TOO_LARGE, "policy-too-large", WARNING, "RFC 8461 §3.3", "8461", "3.3", \
    "the policy is larger than 64000 bytes")                                    \
  X(POLICY_MIXED_LINE_ENDINGS, "policy-mixed-line-endings", NOTE, "RFC 8461 §3.2", "8461", "3.2", \
    "the policy mixes LF and CRLF line ends")                                   \
  X(POLICY_TRAILING_WHITESPACE, "policy-trailing-whitespace", NOTE, "RFC 8461 §3.2", "8461", "3.2", \
    "a line ends in whitespace")                                                \
  /* MX coverage (RFC 8461 section 4.1). */                                     \
  X(MX_HOST_NOT_COVERED, "mx-host-not-covered", ERROR, "RFC 8461 §4.1", "8461", "4.1", \
    "an MX host matches no mx pattern (an error in enforce mode)")              \
  X(MX_HOST_INVALID, "mx-host-invalid", ERROR, "RFC 5321 §2.3.5", "5321", "2.3.5", \
    "a given MX host is not a valid host name")                                 \
  /* TXT records shared by _mta-sts and _smtp._tls (RFC 8461 3.1, RFC 8460 3). */ \
  X(TXT_EMPTY, "txt-empty", ERROR, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "the record is empty")                                                      \
  X(TXT_NON_ASCII, "txt-non-ascii", ERROR, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "the record holds a byte outside US-ASCII")                                 \
  X(TXT_CONTROL_CHAR, "txt-control-char", ERROR, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "the record holds a control character")                                     \
  X(TXT_VERSION_INVALID, "txt-version-invalid", ERROR, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "the record does not begin with its version tag")                           \
  X(TXT_NO_FIELDS, "txt-no-fields", ERROR, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "the record has no field after its version")                                \
  X(TXT_EMPTY_FIELD, "txt-empty-field", ERROR, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "two delimiters stand with no field between them")                          \
  X(TXT_SPACE_BEFORE_FIRST_DELIMITER, "txt-space-before-first-delimiter", WARNING, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "whitespace after the version tag hides the record from senders that look for the tag and a semicolon") \
  X(TXT_TRAILING_WHITESPACE, "txt-trailing-whitespace", ERROR, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "the record ends in whitespace without a semicolon")                        \
  X(TXT_MISSING_EQUALS, "txt-missing-equals", ERROR, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "a field is not name=value")                                                \
  X(TXT_SPACE_AROUND_EQUALS, "txt-space-around-equals", ERROR, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "whitespace stands next to the equals sign of a field")                     \
  X(TXT_FIELD_NAME_INVALID, "txt-field-name-invalid", ERROR, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "a field name breaks the grammar for names")                                \
  X(TXT_FIELD_VALUE_INVALID, "txt-field-value-invalid", ERROR, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "a field value is empty or holds a space, '=' or another forbidden character") \
  X(TXT_UNKNOWN_FIELD, "txt-unknown-field", WARNING, "RFC 8461 §3.2; RFC 8460 §3", "8461", "3.2", \
    "a field is not known for this kind of record")                             \
  X(TXT_FIELD_MISSPELT, "txt-field-misspelt", WARNING, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "a field name is a known field's in another case, so senders ignore it")    \
  X(TXT_DUPLICATE_FIELD, "txt-duplicate-field", WARNING, "RFC 8461 §3.2", "8461", "3.2", \
    "a field that may appear once is repeated with the same value")             \
  X(TXT_DUPLICATE_FIELD_CONFLICT, "txt-duplicate-field-conflict", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "a field that may appear once is repeated with another value")              \
  X(TXT_SET_NO_RECORD, "txt-set-no-record", ERROR, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "no record at the name begins with the version tag")                        \
  X(TXT_SET_MULTIPLE, "txt-set-multiple", ERROR, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "more than one record begins with the version tag, so senders use none")    \
  X(TXT_SET_OTHER_RECORD, "txt-set-other-record", NOTE, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "another TXT record at the name is set aside")                              \
  X(TXT_ZONE_SYNTAX, "txt-zone-syntax", ERROR, "RFC 1035 §5.1", "1035", "5.1",  \
    "the record in zone-file form is not a list of quoted strings")             \
  X(TXT_STRING_TOO_LONG, "txt-string-too-long", ERROR, "RFC 1035 §3.3", "1035", "3.3", \
    "a character-string is longer than 255 octets")                             \
  /* _mta-sts TXT record (RFC 8461 section 3.1). */                             \
  X(STS_ID_MISSING, "sts-id-missing", ERROR, "RFC 8461 §3.1", "8461", "3.1",    \
    "the record has no id field")                                               \
  X(STS_ID_INVALID, "sts-id-invalid", ERROR, "RFC 8461 §3.1", "8461", "3.1",    \
    "the id is not 1 to 32 letters or digits")                                  \
  /* _smtp._tls TLS-RPT record (RFC 8460 section 3). */                         \
  X(TLSRPT_RUA_MISSING, "tlsrpt-rua-missing", ERROR, "RFC 8460 §3", "8460", "3", \
    "the record has no rua field")                                              \
  X(TLSRPT_RUA_EMPTY_URI, "tlsrpt-rua-empty-uri", ERROR, "RFC 8460 §3", "8460", "3", \
    "the rua list has an empty entry")                                          \
  X(TLSRPT_RUA_NO_SCHEME, "tlsrpt-rua-no-scheme", ERROR, "RFC 8460 §3; RFC 3986 §3", "8460", "3", \
    "a rua entry is not a URI with a scheme")                                   \
  X(TLSRPT_RUA_UNSUPPORTED_SCHEME, "tlsrpt-rua-unsupported-scheme", ERROR, "RFC 8460 §3", "8460", "3", \
    "a rua URI's scheme is neither mailto nor https")                           \
  X(TLSRPT_RUA_SCHEME_CASE, "tlsrpt-rua-scheme-case", NOTE, "RFC 3986 §3.1", "3986", "3.1", \
    "a rua URI's scheme is not in lower case")                                  \
  X(TLSRPT_RUA_UNENCODED_CHAR, "tlsrpt-rua-unencoded-char", ERROR, "RFC 8460 §3", "8460", "3", \
    "a rua URI holds '!' that must be percent-encoded")                         \
  X(TLSRPT_RUA_INVALID_URI, "tlsrpt-rua-invalid-uri", ERROR, "RFC 8460 §3; RFC 3986 §2", "8460", "3", \
    "a rua URI holds a character not allowed in URIs or a bad percent-escape")  \
  X(TLSRPT_RUA_MAILTO_INVALID, "tlsrpt-rua-mailto-invalid", ERROR, "RFC 8460 §3; RFC 6068 §2", "8460", "3", \
    "a mailto URI has no valid address")                                        \
  X(TLSRPT_RUA_HTTPS_INVALID, "tlsrpt-rua-https-invalid", ERROR, "RFC 8460 §3; RFC 3986 §3.2", "8460", "3", \
    "an https URI has no valid host")                                           \
  X(TLSRPT_RUA_MULTIPLE, "tlsrpt-rua-multiple", NOTE, "RFC 8460 §3", "8460", "3", \
    "the record has more than one rua field")                                   \
  X(TLSRPT_RUA_MAILTO_QUERY, "tlsrpt-rua-mailto-query", NOTE, "RFC 6068 §2", "6068", "2", \
    "a mailto URI carries header fields after '?'")                             \
  /* A whole deployment: zone, policy, and the change from the previous */      \
  /* version (lib/deploy.c). */                                                 \
  X(DEPLOY_MX_NOT_COVERED, "deploy-mx-not-covered", ERROR, "RFC 8461 §4.1", "8461", "4.1", \
    "an MX host of the zone matches no mx pattern of the policy (an error in enforce mode)") \
  X(DEPLOY_POLICY_HOST_NO_ADDRESS, "deploy-policy-host-no-address", ERROR, "RFC 8461 §3.3", "8461", "3.3", \
    "the zone has no A, AAAA or CNAME record for the policy host mta-sts.<domain>") \
  X(DEPLOY_RECORD_WITHOUT_POLICY, "deploy-record-without-policy", WARNING, "RFC 8461 §3", "8461", "3", \
    "the zone has an _mta-sts record but no policy was given")                  \
  X(DEPLOY_POLICY_WITHOUT_RECORD, "deploy-policy-without-record", WARNING, "RFC 8461 §3.1", "8461", "3.1", \
    "a policy was given but the zone has no _mta-sts record, so senders never fetch it") \
  X(DEPLOY_NO_TLSRPT, "deploy-no-tlsrpt", NOTE, "RFC 8460 §3; RFC 8461 §6", "8460", "3", \
    "the zone has no _smtp._tls TLS-RPT record, so failures are not reported")  \
  X(DEPLOY_ID_NOT_CHANGED, "deploy-id-not-changed", ERROR, "RFC 8461 §3.1", "8461", "3.1", \
    "the policy changed but the _mta-sts record's id did not")                  \
  X(DEPLOY_ID_CHANGED_POLICY_SAME, "deploy-id-changed-policy-same", NOTE, "RFC 8461 §3.1", "8461", "3.1", \
    "the id changed but the policy's values did not")                           \
  X(DEPLOY_ID_CASE_ONLY, "deploy-id-case-only", WARNING, "RFC 8461 §3.1", "8461", "3.1", \
    "the new id differs from the previous one only in letter case")             \
  X(DEPLOY_NEW_MX_UNDER_ENFORCE, "deploy-new-mx-under-enforce", WARNING, "RFC 8461 §5.1, §8.2", "8461", "5.1", \
    "a new MX host is not covered by the previous enforce policy that senders may have cached") \
  X(DEPLOY_MODE_DOWNGRADED, "deploy-mode-downgraded", WARNING, "RFC 8461 §5.1, §8.3", "8461", "5.1", \
    "the mode went from enforce to testing or none while senders may cache enforce") \
  X(DEPLOY_MAX_AGE_SHORTENED, "deploy-max-age-shortened", NOTE, "RFC 8461 §3.2, §5.1", "8461", "3.2", \
    "max_age is shorter than before; senders keep the old one until they refresh") \
  X(DEPLOY_MX_PATTERN_REMOVED, "deploy-mx-pattern-removed", NOTE, "RFC 8461 §5.1", "8461", "5.1", \
    "an mx pattern of the previous policy is removed; cached copies still allow it") \
  X(DEPLOY_POLICY_REMOVED, "deploy-policy-removed", WARNING, "RFC 8461 §8.3", "8461", "8.3", \
    "the policy is removed while senders may still cache it; publish mode none first") \
  X(DEPLOY_RECORD_REMOVED, "deploy-record-removed", WARNING, "RFC 8461 §8.3", "8461", "8.3", \
    "the _mta-sts record is removed while senders may still cache the policy")  \
  /* Findings that name the real mistake (policy, records, rua). */             \
  X(POLICY_HASH_COMMENT, "policy-hash-comment", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "a '#' in the policy is taken as a comment, which the grammar has not")     \
  X(POLICY_IS_TXT_RECORD, "policy-is-txt-record", ERROR, "RFC 8461 §3.1, §3.2", "8461", "3.1", \
    "the policy file holds a TXT record instead of a policy")                   \
  X(TXT_IS_POLICY, "txt-is-policy", ERROR, "RFC 8461 §3.1, §3.2", "8461", "3.1", \
    "the TXT record holds an MTA-STS policy instead of a record")               \
  X(TLSRPT_RUA_HTTPS_SINGLE_LABEL, "tlsrpt-rua-https-single-label", WARNING, "RFC 8460 §3; RFC 5321 §2.3.5", "8460", "3", \
    "an https rua URI has a single-label host")                                 \
  X(POLICY_MX_WILDCARD_PUBLIC_SUFFIX, "policy-mx-wildcard-public-suffix", WARNING, "RFC 8461 §4.1", "8461", "4.1", \
    "a wildcard mx pattern covers every host under a public suffix")            \
  X(POLICY_MX_FAKE_A_LABEL, "policy-mx-fake-a-label", ERROR, "RFC 8461 §3.2; RFC 5890 §2.3.2.1", "8461", "3.2", \
    "an xn-- label of an mx pattern or MX host is not a real A-label")           \
  X(POLICY_VALUE_TEMPLATE_DEBRIS, "policy-value-template-debris", ERROR, "RFC 8461 §3.2", "8461", "3.2", \
    "a policy value is valid only once the brackets or quotes around it are removed") \
  X(TXT_VALUE_TEMPLATE_DEBRIS, "txt-value-template-debris", ERROR, "RFC 8461 §3.1; RFC 8460 §3", "8461", "3.1", \
    "a TXT record value is valid only once the brackets or quotes around it are removed")
/* clang-format on */

#endif /* MTASTS_DIAGNOSTICS_H */
