/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: declarations shared between the library's own files.
 *
 * Every name here starts with mtasts_i_ (macros with MT_) and has hidden
 * visibility (the library is compiled with -fvisibility=hidden), so none of
 * it is part of the ABI. The prefix is the project's own, so the global
 * symbols of the static library, which a program that links it sees, cannot
 * collide with the program's names (tests/abi/static-symbols.sh).
 */
#ifndef MTASTS_INTERNAL_H
#define MTASTS_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mtasts/mtasts.h>

#if defined(__GNUC__) || defined(__clang__)
#define MT_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define MT_PRINTF(fmt, args)
#endif
/* A function off the hot path (reporting): kept out of line so that its
 * callers stay small enough to be inlined. */
#if defined(__GNUC__) || defined(__clang__)
#define MT_COLD __attribute__((cold, noinline))
#else
#define MT_COLD
#endif

/* ---------------------------------------------------------------------- */
/* Character classes (RFC 5234 Appendix B.1). Locale-independent.          */

static inline int mtasts_i_is_alpha(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
static inline int mtasts_i_is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}
static inline int mtasts_i_is_alnum(unsigned char c) {
  return mtasts_i_is_alpha(c) || mtasts_i_is_digit(c);
}

/* The extension-name grammar, shared by the policy and both TXT records:
 * RFC 8461 §3.2 sts-policy-ext-name, §3.1 sts-ext-name and RFC 8460 §3
 * tlsrpt-ext-name are all (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" /
 * "."). Returns the offset of the first byte not allowed (0 for an empty
 * name or a bad first byte), or n when every byte is allowed; the length
 * limit is the caller's. */
static inline size_t mtasts_i_ext_name_bad(const char *name, size_t n) {
  if (n == 0 || !mtasts_i_is_alnum((unsigned char)name[0]))
    return 0;
  for (size_t i = 1; i < n; i++) {
    unsigned char c = (unsigned char)name[i];
    if (!mtasts_i_is_alnum(c) && c != '_' && c != '-' && c != '.')
      return i;
  }
  return n;
}
/*
 * Template debris: 1 when p[0..n) is a value left wrapped in the
 * punctuation of a template or of prose ("[mail.example.com]", "<604800>",
 * "\"enforce\"", "'STSv1'"), that is one pair of square brackets, angle
 * brackets, double or single quotes around a non-empty inside, whose span
 * is then [*off, *off + *len). None of the grammars of RFC 8461 §3.1, §3.2
 * or RFC 8460 §3 gives a known field's value such a wrapping, so each
 * parser asks its own grammar whether the inside is valid and, when it is,
 * says so with the inside as the fix (policy-value-template-debris,
 * txt-value-template-debris).
 */
static inline int mtasts_i_unwrap(const char *p, size_t n, size_t *off,
                                  size_t *len) {
  if (n < 3)
    return 0;
  char open = p[0], close = p[n - 1];
  if (!((open == '[' && close == ']') || (open == '<' && close == '>') ||
        (open == '"' && close == '"') || (open == '\'' && close == '\'')))
    return 0;
  *off = 1;
  *len = n - 2;
  return 1;
}
static inline int mtasts_i_is_wsp(unsigned char c) {
  return c == ' ' || c == '\t';
}
static inline int mtasts_i_is_ctl(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}
static inline unsigned char mtasts_i_lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}
/* 1 when the eight bytes at p are all printable ASCII (0x20 to 0x7e),
 * tested a word at a time: a byte below 0x20 borrows into its top bit when
 * 0x20 is taken from it, a byte above 0x7e has its top bit set once 1 is
 * added, and a byte of 0x80 or more has it set already. */
static inline int mtasts_i_printable8(const unsigned char *p) {
  const uint64_t ones = 0x0101010101010101u, tops = 0x8080808080808080u;
  uint64_t x;
  memcpy(&x, p, sizeof x);
  return (((x - 0x20 * ones) & ~x) | (x + ones) | x) & tops ? 0 : 1;
}
static inline int mtasts_i_is_hex(unsigned char c) {
  return mtasts_i_is_digit(c) || (c >= 'A' && c <= 'F') ||
         (c >= 'a' && c <= 'f');
}

/*
 * Writes the decimal digits of v backwards so that they end just before
 * end, and returns where they start: the caller's buffer holds at least
 * MT_DECIMAL_MAX bytes before end. The one decimal writer of the library
 * (messages, hints and generated policies).
 */
#define MT_DECIMAL_MAX 20 /* digits of 2^64 - 1 */
static inline char *mtasts_i_decimal(char *end, unsigned long long v) {
  do {
    *--end = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  return end;
}

/* RFC 1035 §3.3: a <character-string> (one string of a TXT record) has a
 * one-octet length, so holds at most 255 octets. */
#define ZONE_STRING_MAX 255

/* 1 when a and b (lengths na, nb) are equal ignoring ASCII case. */
int mtasts_i_eq_nocase(const char *a, size_t na, const char *b, size_t nb);
/* 1 when a and b are at most one edit apart (insertion, deletion,
 * substitution, or a swap of neighbours). */
int mtasts_i_one_edit(const char *a, size_t na, const char *b, size_t nb);
/* 1 when a (length na) equals the NUL-terminated literal s exactly. */
int mtasts_i_eq_lit(const char *a, size_t na, const char *s);

/*
 * Length of the valid UTF-8 sequence (RFC 3629 §4) starting at p[0], with n
 * bytes available, or 0 when p does not start a valid sequence (overlong
 * forms, surrogates and code points above U+10FFFF are invalid).
 */
size_t mtasts_i_utf8_len(const unsigned char *p, size_t n);

/*
 * 1 when the valid UTF-8 sequence p[0..k) (k from mtasts_i_utf8_len) is a
 * character that must not reach a terminal raw from a message: a C1
 * control (U+0080-U+009F), or a bidirectional override or isolate
 * (U+202A-U+202E, U+2066-U+2069), which reorder the text shown after them
 * (CVE-2021-42574). Messages write its bytes as \xNN.
 */
int mtasts_i_utf8_unsafe(const unsigned char *p, size_t k);

/* ---------------------------------------------------------------------- */
/* Memory                                                                  */

typedef struct mtasts_i_alloc {
  mtasts_allocator a; /* always complete: defaults filled in */
} mtasts_i_alloc;

void mtasts_i_alloc_init(mtasts_i_alloc *m, const mtasts_allocator *user);
void *mtasts_i_malloc(const mtasts_i_alloc *m, size_t size);
void *mtasts_i_calloc(const mtasts_i_alloc *m, size_t count, size_t size);
/* Grows or shrinks p (of old_size bytes). Returns NULL on failure, leaving p
 * untouched. */
void *mtasts_i_realloc(const mtasts_i_alloc *m, void *p, size_t old_size,
                       size_t size);
void mtasts_i_free(const mtasts_i_alloc *m, void *p);

/*
 * Grows the array *pv of *cap elements of elem_size bytes so that it holds at
 * least need elements (capacity grows by half). Returns 0 on success, -1 on
 * failure or overflow (the array is untouched).
 */
int mtasts_i_grow(const mtasts_i_alloc *m, void **pv, size_t *cap, size_t need,
                  size_t elem_size);
/*
 * The same for an array that may start in storage it does not own (inside
 * another allocation): while *pv == fixed, growing copies it into an
 * allocation of its own instead of reallocating it. The capacity grows but
 * stays within limit when need allows (limit 0: no limit); leaving fixed
 * with a limit, it takes the whole limit at once.
 */
int mtasts_i_grow_more(const mtasts_i_alloc *m, void **pv, size_t *cap,
                       size_t need, size_t elem_size, const void *fixed,
                       size_t limit);
static inline int mtasts_i_grow_from(const mtasts_i_alloc *m, void **pv,
                                     size_t *cap, size_t need, size_t elem_size,
                                     const void *fixed, size_t limit) {
  return need <= *cap
             ? 0
             : mtasts_i_grow_more(m, pv, cap, need, elem_size, fixed, limit);
}

/*
 * A text buffer. Strings are appended NUL-terminated and addressed by their
 * offset, so the buffer may move while it grows.
 */
typedef struct mtasts_i_text {
  char *data;
  size_t len;
  size_t cap;
  const char
      *fixed;   /* the first storage, when not owned (mtasts_i_grow_from) */
  size_t limit; /* the most it is known to need, or 0 */
} mtasts_i_text;

#define MT_NO_TEXT ((size_t)-1)

/* Appends n bytes and a NUL; returns the offset, or MT_NO_TEXT on failure. */
size_t mtasts_i_text_add_more(const mtasts_i_alloc *m, mtasts_i_text *t,
                              const char *p, size_t n);
static inline size_t mtasts_i_text_add(const mtasts_i_alloc *m,
                                       mtasts_i_text *t, const char *p,
                                       size_t n) {
  if (n >= t->cap - t->len) /* no room for the bytes and the NUL */
    return mtasts_i_text_add_more(m, t, p, n);
  size_t off = t->len;
  if (n)
    memcpy(t->data + off, p, n);
  t->data[off + n] = '\0';
  t->len += n + 1;
  return off;
}

/*
 * Appends p[0..n) for use in messages and source names: printable ASCII and
 * valid UTF-8 (RFC 3629 §4) as they are, every other byte (and a
 * backslash) as \xNN, since messages are UTF-8 text of one line; then a
 * NUL. Returns the offset, or MT_NO_TEXT when out of memory.
 */
size_t mtasts_i_text_add_safe(const mtasts_i_alloc *m, mtasts_i_text *t,
                              const char *p, size_t n);

/* ---------------------------------------------------------------------- */
/* Caller-allocated structs with a size member (lib/options.c)             */

/*
 * Copies the caller's struct src, whose first member is its size, into dst
 * (dst_size bytes): the bytes the caller has, zero for the rest, and dst's
 * own size. Returns 0, or -1 when src is smaller than min_size (never set
 * up by its _init function; dst is then untouched).
 */
int mtasts_i_sized_read(void *dst, size_t dst_size, const void *src,
                        size_t min_size);
/* Copies src (src_size bytes) into the caller's struct dst as far as dst has
 * room, keeping dst's size. Returns 0, or -1 when dst is smaller than
 * min_size (dst is then untouched). */
int mtasts_i_sized_write(void *dst, const void *src, size_t src_size,
                         size_t min_size);

/*
 * Reads the options of a call (NULL means the defaults) into *out, checked:
 * MTASTS_ERR_INVALID_ARG for a struct not set up by mtasts_options_init, an
 * unknown flag, an allocator without malloc_fn or free_fn, or mx hosts that
 * cannot be read. Every entry point that takes options reads them here.
 */
mtasts_status mtasts_i_options_read(const mtasts_options *in,
                                    mtasts_options *out);
/* The same for the values of mtasts_policy_write / _get_values. */
int mtasts_i_values_read(const mtasts_policy_values *in,
                         mtasts_policy_values *out);
int mtasts_i_values_write(mtasts_policy_values *dst,
                          const mtasts_policy_values *src);
int mtasts_i_issue_write(mtasts_name_issue *dst, const mtasts_name_issue *src);

/* ---------------------------------------------------------------------- */
/* Diagnostics                                                             */

typedef struct mtasts_i_diag_rec {
  mtasts_diag_code code;
  mtasts_severity severity;
  size_t offset, length;
  unsigned long line, column;
  size_t message;          /* offset in the sink's text */
  size_t hint;             /* offset in the sink's text, or MT_NO_TEXT */
  size_t fix_off, fix_len; /* the bytes of the input the hint replaces */
  size_t seq;              /* emission order, to keep sorting stable */
} mtasts_i_diag_rec;

/* Where a finding is: bytes [off, off+len) at line, column. */
typedef struct mtasts_i_where {
  size_t off;
  size_t len;
  unsigned long line;
  unsigned long col;
} mtasts_i_where;

/* Collects the diagnostics of one parse. */
typedef struct mtasts_i_sink {
  const mtasts_i_alloc *alloc;
  mtasts_i_diag_rec *v;
  size_t n, cap;
  size_t max;     /* options->max_diagnostics */
  int strict;     /* MTASTS_OPT_STRICT */
  int nomem;      /* an allocation failed; the parse must fail */
  size_t errors;  /* error-level findings, counted even past the cap */
  size_t dropped; /* findings past the cap */
  size_t dropped_errors;
  mtasts_i_text text; /* messages and hints */
  /* The span the next hint replaces (mtasts_i_fix), and the default when none
   * was given: the policy parser keeps its current line there. */
  int fix_set;
  size_t fix_off, fix_len;
  size_t line_off, line_len;
  /* Not zeroed by mtasts_i_sink_init: where the first findings and their text
   * go, so that a parse with a few findings allocates only for the result. The
   * sink must stay where it was initialised. */
  mtasts_i_diag_rec v_first[8];
  char text_first[1024];
} mtasts_i_sink;

/* Longest hint the library keeps; a longer fix-it is left out. */
#define MT_HINT_MAX 1024
/* Longest message, after formatting. */
#define MT_MESSAGE_MAX 512

/* o: options as mtasts_i_options_read gives them, or NULL for the defaults. */
void mtasts_i_sink_init(mtasts_i_sink *s, const mtasts_i_alloc *m,
                        const mtasts_options *o);
void mtasts_i_sink_release(mtasts_i_sink *s);

/*
 * Reports a finding with the catalogue's default severity (raised to error
 * under MTASTS_OPT_STRICT when it is a warning). hint may be NULL. The
 * message is printf-formatted; quote input text with mtasts_i_quote. Failure to
 * allocate sets s->nomem; the caller checks it once at the end.
 */
void mtasts_i_report(mtasts_i_sink *s, mtasts_diag_code code, mtasts_i_where w,
                     const char *hint, const char *fmt, ...) MT_PRINTF(5, 6);
/* Sets the bytes of the input [off, off+len) that the hint of the next
 * report replaces (mtasts_diag.fix_offset, fix_length), in the same
 * coordinates as its offset. Without it the sink's default (line_off,
 * line_len) is used. */
void mtasts_i_fix(mtasts_i_sink *s, size_t off, size_t len);
/* The same with an explicit severity, for findings whose weight depends on
 * context (mx-host-not-covered outside enforce mode). */
void mtasts_i_report_sev(mtasts_i_sink *s, mtasts_diag_code code,
                         mtasts_severity sev, mtasts_i_where w,
                         const char *hint, const char *fmt, ...)
    MT_PRINTF(6, 7);
void mtasts_i_vreport(mtasts_i_sink *s, mtasts_diag_code code,
                      mtasts_severity sev, mtasts_i_where w, const char *hint,
                      const char *fmt, va_list ap) MT_PRINTF(6, 0);

/*
 * Turns the sink into the public array: sorted by line, column and emission
 * order, with a too-many-diagnostics note appended when findings were dropped.
 * The array and the text its pointers point into are one allocation, which
 * the caller frees with mtasts_i_free(*out). Returns 0, or -1 when out of
 * memory.
 */
int mtasts_i_sink_finish(mtasts_i_sink *s, mtasts_diag **out, size_t *out_n);
/*
 * The same in steps, for a caller that puts the array in an allocation of
 * its own: mtasts_i_sink_prepare sorts and appends the note (0, or -1 when out
 * of memory); mtasts_i_sink_bytes is then the size of the array and its text (0
 * when there is no finding, SIZE_MAX on overflow); mtasts_i_sink_write writes
 * them at dst (aligned for mtasts_diag) and returns the array, or NULL when
 * empty.
 */
int mtasts_i_sink_prepare(mtasts_i_sink *s);
size_t mtasts_i_sink_bytes(const mtasts_i_sink *s);
mtasts_diag *mtasts_i_sink_write(const mtasts_i_sink *s, void *dst);

/*
 * vsnprintf for the conversions that messages use (%s, %zu, %lu, %ld,
 * %02X and %%), without the set-up cost of stdio; any other conversion is
 * handed to vsnprintf. Writes at most cap - 1 bytes and a NUL (cap > 0) and
 * returns the number of bytes written.
 */
size_t mtasts_i_vformat(char *out, size_t cap, const char *fmt, va_list ap)
    MT_PRINTF(3, 0);

/*
 * Writes into dst (cap bytes, at least 16) the input text p[0..n) between
 * single quotes, escaping control characters, quotes, backslashes and invalid
 * UTF-8 as \xNN, and shortening long text with "...". Returns dst.
 */
const char *mtasts_i_quote(char *dst, size_t cap, const char *p, size_t n);

#define MT_QUOTE_MAX 96

/* ---------------------------------------------------------------------- */
/* Keyed hash set of byte strings, for finding duplicates in linear time.  */

/*
 * The set holds the indices of the caller's elements, 4 bytes a slot: the
 * keys stay where the caller keeps them, and the key function gives the key
 * of an element (*n bytes at the returned pointer).
 */
typedef const char *(*mtasts_i_strset_key_fn)(const void *ctx, size_t index,
                                              size_t *n);

typedef struct mtasts_i_strset {
  const mtasts_i_alloc *alloc;
  uint32_t *slots; /* index + 1 of an element and a hash tag, or 0 */
  size_t cap;      /* slots, or 0 */
  unsigned bits;
  size_t n;
  uint64_t k0, k1; /* hash key */
  int fold_case;
  mtasts_i_strset_key_fn key;
  const void *ctx;
} mtasts_i_strset;

/* What mtasts_i_strset_find learnt about an absent key, for
 * mtasts_i_strset_insert. */
typedef struct mtasts_i_strset_pos {
  uint64_t h;
} mtasts_i_strset_pos;

/* fold_case: compare ignoring ASCII case. */
void mtasts_i_strset_init(mtasts_i_strset *s, const mtasts_i_alloc *m,
                          int fold_case, mtasts_i_strset_key_fn key,
                          const void *ctx);
void mtasts_i_strset_release(mtasts_i_strset *s);
/* The index of the element whose key equals p[0..n), or -1 when there is
 * none; *pos (unless NULL) then tells mtasts_i_strset_insert where it goes. */
long mtasts_i_strset_find(const mtasts_i_strset *s, const char *p, size_t n,
                          mtasts_i_strset_pos *pos);
/*
 * Adds element index, whose key mtasts_i_strset_find just found absent (pos),
 * and which the key function must give from the next call on. Returns 0, or -1
 * when out of memory or past UINT32_MAX - 1 elements (the set is unchanged).
 */
int mtasts_i_strset_insert(mtasts_i_strset *s, const mtasts_i_strset_pos *pos,
                           size_t index);
/*
 * Sizes the table once for n elements whose indices stay below max_index
 * (it may still grow past them), so that a set whose size is known up front
 * never holds an old and a new table at once. Returns 0, or -1 when out of
 * memory (the set is unchanged).
 */
int mtasts_i_strset_reserve(mtasts_i_strset *s, size_t n, size_t max_index);

/* ---------------------------------------------------------------------- */
/* Host names and mx patterns (lib/domain.c)                               */

/* What is wrong with an mx pattern or host name. */
typedef struct mtasts_i_domain_issue {
  mtasts_diag_code code; /* a POLICY_MX_* code */
  size_t off, len;       /* within the pattern */
} mtasts_i_domain_issue;

/*
 * Checks an mx pattern ("[*.]Domain", RFC 8461 §3.2 with RFC 5321 §4.1.2).
 * Returns 0 when it is valid. Otherwise returns 1 and describes the first
 * error in *issue. Findings that do not make the pattern invalid (single
 * label, upper case, reserved label) are not reported here.
 */
int mtasts_i_mx_pattern_check(const char *p, size_t n,
                              mtasts_i_domain_issue *issue);

/*
 * The fast path of the two checks above: MT_NAME_PLAIN when p[0..n) is, in
 * one pass, plainly a valid name (letters, digits, inner hyphens, labels of
 * 1 to 63 octets, at most 253 in all, a top label not all digits; with
 * wildcard_ok an optional "*." first), with MT_NAME_USUAL added when it is
 * also in the usual form that mtasts_i_mx_pattern_advice has nothing to say
 * about (two labels or more, no upper case, no "??--" label). 0 means "not
 * plainly": the full check then finds the first error in order of priority,
 * or accepts. Never non-zero where the full check would report an error.
 */
enum { MT_NAME_PLAIN = 1, MT_NAME_USUAL = 2 };
int mtasts_i_name_plainly_valid(const char *p, size_t n, int wildcard_ok);
/* The full check behind both, without the fast path (p[0..n) has no root
 * dot when it is a host name); returns 0 when valid, else 1 and *issue. */
int mtasts_i_name_check(const char *p, size_t n, int wildcard_ok,
                        mtasts_i_domain_issue *issue);

/*
 * Advice on a valid mx pattern: findings that do not make it invalid
 * (POLICY_MX_SINGLE_LABEL, POLICY_MX_UPPERCASE, POLICY_MX_RESERVED_LABEL), in
 * the order they occur. Writes at most max issues and returns their number.
 */
size_t mtasts_i_mx_pattern_advice(const char *p, size_t n,
                                  mtasts_i_domain_issue *out, size_t max);

/* Same rules for a host name (no wildcard allowed; one trailing dot is
 * accepted and ignored). Returns 0 when valid. */
int mtasts_i_host_check(const char *p, size_t n, mtasts_i_domain_issue *issue);

/*
 * What is wrong with a name whose check returned code, as the end of a
 * sentence whose subject is the name ("ends in a dot; ..."). host selects
 * the wording for a host name on its own rather than for an mx pattern.
 */
const char *mtasts_i_domain_reason(mtasts_diag_code code, int host);

/*
 * Writes into dst (cap bytes) the A-label form of a domain whose labels may
 * be UTF-8 U-labels: IDNA2008 (RFC 5891 §5) with the UTS #46
 * non-transitional mapping, by libidn2; letters are lowered. Returns the
 * length written, or 0 when the input is not valid UTF-8, is not a valid
 * IDNA2008 name, a label would be longer than 63 octets, the result does
 * not fit, or the library was built without libidn2 (MTASTS_HAVE_IDN2).
 */
size_t mtasts_i_to_alabel(const char *p, size_t n, char *dst, size_t cap);

/*
 * 1 when a label of the valid ASCII name p[0..n) starts with "xn--" but is
 * not a real A-label (RFC 5890 §2.3.2.1: it must decode to a valid U-label
 * that encodes back to it), with *off and *len set to the first such label;
 * else 0. Always 0 without libidn2.
 */
int mtasts_i_fake_alabel(const char *p, size_t n, size_t *off, size_t *len);

/*
 * 1 when the valid ASCII name b[0..n) is a public suffix: with libpsl, by
 * its built-in list (ICANN and private suffixes, as both are outside the
 * owner's control); without it, when it is a single label, the case that
 * is sure (lib/suffix.c).
 */
int mtasts_i_public_suffix(const char *b, size_t n);
/* The filter in front of libpsl: 0 when the lower-case name b[0..n) is
 * surely not a public suffix, 1 when it surely is, -1 when only libpsl can
 * tell (always -1 without the filter's table). */
int mtasts_i_suffix_filter(const char *b, size_t n);
/* The same for a name known to be in lower case with no "??--" label,
 * whose first dot is at b[dot] (dot == n: none). */
int mtasts_i_suffix_usual(const char *b, size_t n, size_t dot);

/* ---------------------------------------------------------------------- */
/* The policy parser's fast path (lib/fastpath.c)                          */

/* The most mx patterns the fast path takes (the policy keeps as many
 * inside its own allocation). */
#define MT_FAST_MX 8

/* The values of a policy the fast path accepted: offsets into the input. */
typedef struct mtasts_i_fast_policy {
  mtasts_mode mode;
  uint64_t max_age;
  size_t nmx;
  struct {
    size_t off, len;
  } mx[MT_FAST_MX];
  size_t text; /* bytes of the values with their NULs */
} mtasts_i_fast_policy;

/*
 * 1 when buf[0..len) is a policy on which the full checker has no finding
 * at all and whose values are then in *out (version STSv1, mode, max_age
 * and the mx patterns, no extension); 0 when the full checker must parse
 * it (*out is then undefined).
 */
int mtasts_i_policy_fast(const char *buf, size_t len,
                         mtasts_i_fast_policy *out);

/* mtasts_policy_parse, with the fast path (fast) or the full checker
 * alone (fuzz/fuzz_fastpath.c compares the two). */
mtasts_status mtasts_i_policy_parse(const char *buf, size_t len,
                                    const mtasts_options *options, int fast,
                                    mtasts_policy **out);

/* The most rua URIs the records' fast path takes. */
#define MT_FAST_RUA 8

/* The values of a TXT record the fast path accepted: offsets into it. */
typedef struct mtasts_i_fast_record {
  size_t id_off, id_len; /* _mta-sts */
  size_t nrua;           /* TLS-RPT */
  struct {
    size_t off, len;
  } rua[MT_FAST_RUA];
  size_t text; /* bytes of the values (version included) with their NULs */
} mtasts_i_fast_record;

/*
 * 1 when the raw record t[0..n) of the given kind, alone in its set, is
 * one on which the full checker (lib/record.c) has no finding at all, and
 * whose values are then in *out; 0 when the full checker must parse it.
 */
int mtasts_i_record_fast(mtasts_kind kind, const char *t, size_t n,
                         mtasts_i_fast_record *out);

/* mtasts_record_parse, with the fast path (fast) or the full checker
 * alone (fuzz/fuzz_fastpath.c compares the two). */
mtasts_status mtasts_i_record_parse(mtasts_kind kind, const mtasts_txt *records,
                                    size_t count, const mtasts_options *options,
                                    int fast, mtasts_record **out);

/* ---------------------------------------------------------------------- */
/* TXT records (lib/record.c, lib/uri.c, lib/zone.c)                       */

/* A record in zone-file presentation form, decoded (lib/zone.c). Where
 * each joined byte was written is kept for every MT_ZONE_MARK-th byte
 * only, and found for the others by reading the escapes from the last
 * mark on (mtasts_i_zone_pos): a few bytes of map per 64 bytes of record
 * rather than a position per byte. */
#define MT_ZONE_MARK 64
typedef struct mtasts_i_zone_text {
  const char *text; /* the joined character-strings (not NUL-terminated) */
  char *owned;      /* text, when it was decoded into an allocation */
  size_t len;
  size_t *marks;  /* where joined byte k * MT_ZONE_MARK is written, for
                     k * MT_ZONE_MARK < len; marks[0] is also where joined
                     byte 0 would be when len is 0; NULL when the record is
                     one string without escapes, which text points into */
  size_t start;   /* with marks NULL: where joined byte 0 is written */
  size_t end;     /* just past the last joined byte as written */
  size_t strings; /* how many quoted strings were found */
} mtasts_i_zone_text;

/*
 * One TXT record being linted: its joined text, and how a position in that
 * text maps back to the record as the caller gave it. For MTASTS_TXT_RAW the
 * two are the same and zone is NULL; for MTASTS_TXT_ZONE, zone is the
 * decoded record (mtasts_i_zone_pos gives where a joined byte is written).
 */
typedef struct mtasts_i_txt_ctx {
  mtasts_i_sink *sink;
  const char *text; /* the joined record */
  size_t len;
  const char *given; /* the record as given */
  size_t given_len;
  const mtasts_i_zone_text *zone; /* NULL for raw text */
  unsigned long line;             /* 1-based index of the record in the set */
} mtasts_i_txt_ctx;

/* Where joined byte i (i <= z->len) of the decoded record z is written in
 * the record as given, given[0..n); for i == z->len, just past the last. */
size_t mtasts_i_zone_pos(const mtasts_i_zone_text *z, const char *given,
                         size_t n, size_t i);

/* Where the joined bytes [off, off+len) are in the record as given. */
mtasts_i_where mtasts_i_txt_where(const mtasts_i_txt_ctx *c, size_t off,
                                  size_t len);
/* The whole record as given, at column 1. */
mtasts_i_where mtasts_i_txt_where_all(const mtasts_i_txt_ctx *c);

/*
 * The one builder of TXT fix-its: the hint that replaces the joined bytes
 * [a, b) of the record with r[0..rn), and its span set on the sink for the
 * next report (mtasts_i_fix). For a raw record the hint is that text over those
 * bytes, unless whole is set; whole set, or a record in zone-file form, and
 * the hint is the whole fixed record, in the form it was given, over the
 * whole record. out has MT_HINT_MAX + 1 bytes. Returns the hint, or NULL
 * (and no span) when it would be too long or hold a NUL.
 */
const char *mtasts_i_txt_fix(const mtasts_i_txt_ctx *c, size_t a, size_t b,
                             const char *r, size_t rn, int whole, char *out);

/*
 * Decodes p[0..n), one or more quoted character-strings with RFC 1035 §5.1
 * escapes, into their concatenation, reporting txt-zone-syntax and
 * txt-string-too-long at the given line. Returns 0, or -1 when out of memory
 * (*z is then empty). Release *z with mtasts_i_zone_text_release.
 */
int mtasts_i_zone_decode(const mtasts_i_alloc *m, mtasts_i_sink *s,
                         unsigned long line, const char *p, size_t n,
                         mtasts_i_zone_text *z);
void mtasts_i_zone_text_release(const mtasts_i_alloc *m, mtasts_i_zone_text *z);
/* Number of bytes of presentation text that the joined byte written at
 * given[at] stands for (1, or 2 or 4 for an escape). */
size_t mtasts_i_zone_char_len(const char *given, size_t given_len, size_t at);
/*
 * Writes into dst (cap bytes) text p[0..n) in zone-file presentation form:
 * quoted strings of at most 255 octets separated by a space, with '"' and '\'
 * escaped and other bytes outside printable ASCII as \DDD. Returns the length
 * written (NUL-terminated), or 0 when it does not fit.
 */
size_t mtasts_i_zone_quote(char *dst, size_t cap, const char *p, size_t n);

/*
 * Checks the value of a TLS-RPT rua field, text[off, off+len) of the
 * record: a comma-separated list of URIs (RFC 8460 §3), each one mailto: or
 * https: (RFC 3986, RFC 6068). Reports the tlsrpt-rua-* findings. For every
 * valid URI calls take(user, uri_off, uri_len) when take is not NULL; a
 * non-zero return from take stops the scan and is returned (out of memory).
 * Returns 0 otherwise.
 */
int mtasts_i_rua_check(const mtasts_i_txt_ctx *c, size_t off, size_t len,
                       int (*take)(void *user, size_t off, size_t len),
                       void *user);

/* ---------------------------------------------------------------------- */
/* Deployments (lib/deploy.c)                                              */

/* Leaves the current policy's own findings (those of mtasts_policy_parse)
 * out of the results of mtasts_deployment_check: the caller reports them
 * itself (the live check, through mtasts_http_check). */
void mtasts_i_deployment_quiet_policy(mtasts_deployment *d);

/* The bytes of a fetched body that are linted: all of them, or, when the
 * fetch cut the body (truncated), those up to and including the last LF
 * (lib/http.c). */
size_t mtasts_i_http_lint_len(const char *body, size_t len, int truncated);

#endif /* MTASTS_INTERNAL_H */
