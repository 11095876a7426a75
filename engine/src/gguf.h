/* GGUF v2/v3 reader: a read-only mapping whose every length, type and offset
 * has been checked before any accessor below can see it.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_GGUF_H
#define INFLECT_GGUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "inflect.h"

enum {
    GGUF_UINT8 = 0,
    GGUF_INT8 = 1,
    GGUF_UINT16 = 2,
    GGUF_INT16 = 3,
    GGUF_UINT32 = 4,
    GGUF_INT32 = 5,
    GGUF_FLOAT32 = 6,
    GGUF_BOOL = 7,
    GGUF_STRING = 8,
    GGUF_ARRAY = 9,
    GGUF_UINT64 = 10,
    GGUF_INT64 = 11,
    GGUF_FLOAT64 = 12
};

/* Tensor types are GGML's codes; quant.h lists those this engine reads and
 * how each lays out its values. These two are the ones kept as they are. */
enum { GGUF_TENSOR_F32 = 0, GGUF_TENSOR_F16 = 1 };

#define GGUF_MAX_DIMS 4

/* GGUF strings are length-prefixed and not NUL-terminated. */
typedef struct {
    const char *ptr;
    size_t len;
} gguf_str;

typedef struct {
    gguf_str key;
    uint32_t type;
    uint32_t elem_type; /* arrays only */
    uint64_t count;     /* array element count; 1 for scalars */
    const uint8_t *data; /* scalar value, or first array element */
} gguf_kv;

typedef struct {
    gguf_str name;
    uint32_t type;     /* a GGML type code that quant_type_info knows */
    int n_dims;
    uint64_t ne[GGUF_MAX_DIMS]; /* GGUF order: ne[0] varies fastest; a whole
                                   number of blocks for block types */
    uint64_t n_elems;  /* stored values, block padding included */
    uint64_t offset;   /* from the start of the data section */
    const void *data;
    uint64_t n_bytes;
} gguf_tensor;

typedef struct {
    const uint8_t *base;
    size_t size;
    bool mapped;
    uint32_t version;
    size_t alignment;
    gguf_kv *kv;             /* sorted by key */
    size_t n_kv;
    gguf_tensor *tensors;    /* sorted by name */
    size_t n_tensors;
} gguf_file;

/* Maps `path` and parses it. On failure the message names the file and the
 * first check that failed; *f is left closed. */
inflect_status gguf_open(gguf_file *f, const char *path, char *err, size_t err_size);

/* Parses `size` bytes already in memory (borrowed until gguf_close). */
inflect_status gguf_parse(gguf_file *f, const void *data, size_t size, char *err, size_t err_size);

void gguf_close(gguf_file *f);

/* Drops the mapped file's resident pages (any later read faults them back
 * from the page cache), so a loader copying weights out does not hold the
 * file and the copy at once. The whole mapping, not one tensor's pages: the
 * kernel maps pages around each fault, which would bring back the
 * neighbours of a tensor released alone. */
void gguf_release(const gguf_file *f);

const gguf_kv *gguf_find(const gguf_file *f, const char *key);
const gguf_tensor *gguf_find_tensor(const gguf_file *f, const char *name);

/* Typed reads. Integers of any GGUF integer type are accepted when the value
 * fits; false means wrong type or out of range. */
bool gguf_kv_u32(const gguf_kv *kv, uint32_t *out);
bool gguf_kv_f32(const gguf_kv *kv, float *out);
bool gguf_kv_str(const gguf_kv *kv, gguf_str *out);
/* Element i of an integer array (i < kv->count), as int64. */
bool gguf_kv_array_int(const gguf_kv *kv, uint64_t i, int64_t *out);
/* Element i of a float32 array (i < kv->count). */
bool gguf_kv_array_f32(const gguf_kv *kv, uint64_t i, float *out);
/* The first n elements of a string array, in order. */
bool gguf_kv_array_str(const gguf_kv *kv, gguf_str *out, uint64_t n);

/* False when any value is NaN or infinite: a model with such weights cannot
 * produce audio worth returning. Block types are judged by their decoded
 * values (a non-finite scale makes its whole block so). */
bool gguf_tensor_finite(const gguf_tensor *t);
/* Element i (i < n_elems), as float32. For a block type this decodes the
 * block that holds it: for many values, quant_dequantize is the faster way. */
float gguf_tensor_value(const gguf_tensor *t, uint64_t i);

#endif
