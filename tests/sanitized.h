/* SANITIZED: 1 when this test is built with AddressSanitizer or
 * ThreadSanitizer, which make synthesis many times slower, so timing and
 * memory checks that only an unsanitized build can meet are skipped or
 * loosened; 0 otherwise. GCC says so with __SANITIZE_*__, clang with
 * __has_feature.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_TEST_SANITIZED_H
#define INFLECT_TEST_SANITIZED_H

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

#endif
