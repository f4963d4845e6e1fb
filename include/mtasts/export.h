/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: symbol visibility. The library is built with hidden visibility
 * by default; only declarations marked MTASTS_EXPORT are exported. Define
 * MTASTS_STATIC when linking the static library on platforms that need
 * dllimport for shared ones (the CMake and pkg-config files do it for you).
 */
#ifndef MTASTS_EXPORT_H
#define MTASTS_EXPORT_H

#if defined(_WIN32) && !defined(MTASTS_STATIC)
#if defined(MTASTS_BUILDING)
#define MTASTS_EXPORT __declspec(dllexport)
#else
#define MTASTS_EXPORT __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define MTASTS_EXPORT __attribute__((visibility("default")))
#else
#define MTASTS_EXPORT
#endif

#endif /* MTASTS_EXPORT_H */
