/* GGUF reader. Nothing from the file is trusted: every count is checked
 * against the bytes that remain before anything is allocated or read, so a
 * hostile file costs at most time and memory proportional to its size.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _DEFAULT_SOURCE /* madvise */

#include "gguf.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.h"
#include "f16.h"
#include "quant.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "tensor data is used in the host's byte order; only little-endian hosts are supported"
#endif

#define MAX_KEY_LEN 65535u  /* GGUF spec */
#define MAX_NAME_LEN 64u    /* GGUF spec: tensor names */
#define MAX_ELEMS (1ull << 40)
#define MAX_ARRAY_DEPTH 4
/* GGML's tensor type codes run below this; past it the code is garbage
 * rather than a real type this build lacks. */
#define GGML_TYPE_LIMIT 64u

typedef struct {
    const uint8_t *p;
    size_t left;
    size_t pos; /* from the start of the file, for messages and alignment */
} cursor;

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p) { return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32; }

static bool take(cursor *c, uint64_t n, const uint8_t **out)
{
    if (n > c->left)
        return false;
    if (out)
        *out = c->p;
    c->p += n;
    c->left -= (size_t)n;
    c->pos += (size_t)n;
    return true;
}

static bool rd_u32(cursor *c, uint32_t *v)
{
    const uint8_t *p;
    if (!take(c, 4, &p))
        return false;
    *v = le32(p);
    return true;
}

static bool rd_u64(cursor *c, uint64_t *v)
{
    const uint8_t *p;
    if (!take(c, 8, &p))
        return false;
    *v = le64(p);
    return true;
}

static bool rd_str(cursor *c, gguf_str *s)
{
    uint64_t len;
    const uint8_t *p;
    if (!rd_u64(c, &len) || !take(c, len, &p))
        return false;
    s->ptr = (const char *)p;
    s->len = (size_t)len;
    return true;
}

/* Size of a fixed-size value type; 0 for strings, arrays and unknown codes. */
static size_t scalar_size(uint32_t type)
{
    switch (type) {
    case GGUF_UINT8: case GGUF_INT8: case GGUF_BOOL: return 1;
    case GGUF_UINT16: case GGUF_INT16: return 2;
    case GGUF_UINT32: case GGUF_INT32: case GGUF_FLOAT32: return 4;
    case GGUF_UINT64: case GGUF_INT64: case GGUF_FLOAT64: return 8;
    default: return 0;
    }
}

static bool known_type(uint32_t type) { return type <= GGUF_FLOAT64; }

/* A printable, bounded copy of s for error messages: names come from the
 * file and may hold anything. */
static const char *gguf_printable(gguf_str s, char *buf, size_t buf_size)
{
    if (buf_size == 0)
        return buf;
    size_t room = buf_size - 1, n = 0;
    bool cut = s.len > room;
    if (cut && room >= 3)
        room -= 3;
    for (; n < s.len && n < room; n++) {
        unsigned char ch = (unsigned char)s.ptr[n];
        buf[n] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
    }
    if (cut && buf_size - 1 >= 3)
        for (int i = 0; i < 3; i++)
            buf[n++] = '.';
    buf[n] = '\0';
    return buf;
}

/* Walks over one value of `type`. Arrays of strings or arrays are walked
 * element by element, after checking the count against the smallest size an
 * element can have, so the walk is bounded by the file size. */
static bool skip_value(cursor *c, uint32_t type, int depth, uint32_t *elem_type, uint64_t *count)
{
    size_t sz = scalar_size(type);
    if (sz)
        return take(c, sz, NULL);
    if (type == GGUF_STRING) {
        gguf_str s;
        return rd_str(c, &s);
    }
    if (type != GGUF_ARRAY || depth >= MAX_ARRAY_DEPTH)
        return false;
    uint32_t et;
    uint64_t n;
    if (!rd_u32(c, &et) || !rd_u64(c, &n) || !known_type(et))
        return false;
    if (elem_type)
        *elem_type = et;
    if (count)
        *count = n;
    size_t esz = scalar_size(et);
    if (esz)
        return n <= c->left / esz && take(c, n * esz, NULL);
    size_t min_size = et == GGUF_STRING ? 8 : 12;
    if (n > c->left / min_size)
        return false;
    for (uint64_t i = 0; i < n; i++)
        if (!skip_value(c, et, depth + 1, NULL, NULL))
            return false;
    return true;
}

static int cmp_str(gguf_str a, gguf_str b)
{
    size_t n = a.len < b.len ? a.len : b.len;
    int r = n ? memcmp(a.ptr, b.ptr, n) : 0;
    if (r)
        return r;
    return (a.len > b.len) - (a.len < b.len);
}

static int cmp_kv(const void *a, const void *b)
{
    return cmp_str(((const gguf_kv *)a)->key, ((const gguf_kv *)b)->key);
}

static int cmp_tensor(const void *a, const void *b)
{
    return cmp_str(((const gguf_tensor *)a)->name, ((const gguf_tensor *)b)->name);
}

static bool has_nul(gguf_str s) { return s.len && memchr(s.ptr, '\0', s.len) != NULL; }

static inflect_status parse_kv(gguf_file *f, cursor *c, char *err, size_t err_size)
{
    char name[80];
    for (size_t i = 0; i < f->n_kv; i++) {
        gguf_kv *kv = &f->kv[i];
        size_t at = c->pos;
        if (!rd_str(c, &kv->key))
            return fail(err, err_size, INFLECT_ERR_FORMAT, "key %zu at byte %zu: string runs past end of file", i,
                        at);
        gguf_printable(kv->key, name, sizeof name);
        if (kv->key.len == 0 || kv->key.len > MAX_KEY_LEN || has_nul(kv->key))
            return fail(err, err_size, INFLECT_ERR_FORMAT, "key %zu at byte %zu: empty, too long or contains NUL",
                        i, at);
        if (!rd_u32(c, &kv->type))
            return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s': value type past end of file", name);
        if (!known_type(kv->type))
            return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s': unknown value type %u", name, kv->type);
        kv->data = c->p;
        kv->count = 1;
        kv->elem_type = 0;
        if (!skip_value(c, kv->type, 0, &kv->elem_type, &kv->count))
            return fail(err, err_size, INFLECT_ERR_FORMAT,
                        "key '%s': value runs past end of file or has an invalid element type", name);
        if (kv->type == GGUF_ARRAY)
            kv->data += 12; /* element type and count precede the elements */
    }
    qsort(f->kv, f->n_kv, sizeof *f->kv, cmp_kv);
    for (size_t i = 1; i < f->n_kv; i++)
        if (cmp_str(f->kv[i - 1].key, f->kv[i].key) == 0)
            return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s' appears twice",
                        gguf_printable(f->kv[i].key, name, sizeof name));
    return INFLECT_OK;
}

static inflect_status parse_alignment(gguf_file *f, char *err, size_t err_size)
{
    f->alignment = 32;
    const gguf_kv *kv = gguf_find(f, "general.alignment");
    if (!kv)
        return INFLECT_OK;
    if (kv->type != GGUF_UINT32)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "general.alignment is not a u32");
    uint32_t a = le32(kv->data);
    /* Power of two so offsets can be checked by masking; at least 8 (the
     * spec's rule) so F32 data is naturally aligned. */
    if (a < 8 || (a & (a - 1)) != 0)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "general.alignment %u is not a power of two >= 8", a);
    f->alignment = a;
    return INFLECT_OK;
}

static inflect_status parse_tensor_info(gguf_tensor *t, cursor *c, size_t alignment, char *err, size_t err_size)
{
    char name[80];
    size_t at = c->pos;
    if (!rd_str(c, &t->name))
        return fail(err, err_size, INFLECT_ERR_FORMAT, "tensor info at byte %zu: name runs past end of file", at);
    gguf_printable(t->name, name, sizeof name);
    if (t->name.len == 0 || t->name.len > MAX_NAME_LEN || has_nul(t->name))
        return fail(err, err_size, INFLECT_ERR_FORMAT,
                    "tensor info at byte %zu: name '%s' is empty, longer than %u bytes or contains NUL", at, name,
                    MAX_NAME_LEN);
    uint32_t n_dims;
    if (!rd_u32(c, &n_dims))
        return fail(err, err_size, INFLECT_ERR_FORMAT, "tensor '%s': dimension count past end of file", name);
    if (n_dims < 1 || n_dims > GGUF_MAX_DIMS)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "tensor '%s': %u dimensions (1 to %d allowed)", name, n_dims,
                    GGUF_MAX_DIMS);
    t->n_dims = (int)n_dims;
    t->n_elems = 1;
    for (int d = 0; d < t->n_dims; d++) {
        if (!rd_u64(c, &t->ne[d]))
            return fail(err, err_size, INFLECT_ERR_FORMAT, "tensor '%s': dimensions past end of file", name);
        if (t->ne[d] == 0)
            return fail(err, err_size, INFLECT_ERR_FORMAT, "tensor '%s': dimension %d is zero", name, d);
        if (t->ne[d] > MAX_ELEMS / t->n_elems)
            return fail(err, err_size, INFLECT_ERR_FORMAT, "tensor '%s': more than 2^40 elements", name);
        t->n_elems *= t->ne[d];
    }
    for (int d = t->n_dims; d < GGUF_MAX_DIMS; d++)
        t->ne[d] = 1;
    if (!rd_u32(c, &t->type))
        return fail(err, err_size, INFLECT_ERR_FORMAT, "tensor '%s': type past end of file", name);
    const quant_type *qt = quant_type_info(t->type);
    if (!qt) {
        if (t->type < GGML_TYPE_LIMIT)
            return fail(err, err_size, INFLECT_ERR_UNSUPPORTED,
                        "tensor '%s': type %u is not supported (this engine reads F32, F16, BF16, Q4_0, Q4_1, "
                        "Q5_0, Q5_1, Q8_0 and Q2_K to Q6_K)",
                        name, t->type);
        return fail(err, err_size, INFLECT_ERR_FORMAT, "tensor '%s': invalid type %u", name, t->type);
    }
    /* Block types store each row (ne[0] values) as whole blocks; GGML
     * cannot represent a partial one, so such a file is malformed. */
    if (t->ne[0] % qt->block_elems != 0)
        return fail(err, err_size, INFLECT_ERR_FORMAT,
                    "tensor '%s': %s rows hold whole blocks of %u values, but ne[0] is %llu", name, qt->name,
                    qt->block_elems, (unsigned long long)t->ne[0]);
    uint64_t rows = t->n_elems / t->ne[0], blocks_per_row = t->ne[0] / qt->block_elems;
    if (blocks_per_row > UINT64_MAX / qt->block_bytes || rows > UINT64_MAX / (blocks_per_row * qt->block_bytes))
        return fail(err, err_size, INFLECT_ERR_FORMAT, "tensor '%s': byte size overflows", name);
    t->n_bytes = rows * blocks_per_row * qt->block_bytes;
    uint64_t offset;
    if (!rd_u64(c, &offset))
        return fail(err, err_size, INFLECT_ERR_FORMAT, "tensor '%s': offset past end of file", name);
    if (offset & (alignment - 1))
        return fail(err, err_size, INFLECT_ERR_FORMAT, "tensor '%s': offset %llu is not a multiple of %zu", name,
                    (unsigned long long)offset, alignment);
    t->offset = offset;
    return INFLECT_OK;
}

inflect_status gguf_parse(gguf_file *f, const void *data, size_t size, char *err, size_t err_size)
{
    memset(f, 0, sizeof *f);
    f->base = data;
    f->size = size;
    cursor c = {f->base, size, 0};
    const uint8_t *magic;
    if (!take(&c, 4, &magic))
        return fail(err, err_size, INFLECT_ERR_FORMAT, "file is %zu bytes, too short for a GGUF header", size);
    if (memcmp(magic, "GGUF", 4) != 0)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "not a GGUF file (bad magic)");
    uint64_t n_tensors, n_kv;
    if (!rd_u32(&c, &f->version) || !rd_u64(&c, &n_tensors) || !rd_u64(&c, &n_kv))
        return fail(err, err_size, INFLECT_ERR_FORMAT, "file is %zu bytes, too short for a GGUF header", size);
    /* Version 1 used 32-bit counts; 2 and 3 share the layout read here. */
    if (f->version != 2 && f->version != 3)
        return fail(err, err_size, INFLECT_ERR_UNSUPPORTED, "GGUF version %u (this engine reads 2 and 3)",
                    f->version);
    /* The smallest key/value is 13 bytes and the smallest tensor info 33. */
    if (n_kv > c.left / 13)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "%llu keys cannot fit in a %zu-byte file",
                    (unsigned long long)n_kv, size);
    if (n_tensors > c.left / 33)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "%llu tensors cannot fit in a %zu-byte file",
                    (unsigned long long)n_tensors, size);
    f->n_kv = (size_t)n_kv;
    f->n_tensors = (size_t)n_tensors;
    f->kv = calloc(f->n_kv ? f->n_kv : 1, sizeof *f->kv);
    f->tensors = calloc(f->n_tensors ? f->n_tensors : 1, sizeof *f->tensors);
    if (!f->kv || !f->tensors) {
        gguf_close(f);
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory reading the GGUF header");
    }
    inflect_status st = parse_kv(f, &c, err, err_size);
    if (st == INFLECT_OK)
        st = parse_alignment(f, err, err_size);
    for (size_t i = 0; st == INFLECT_OK && i < f->n_tensors; i++)
        st = parse_tensor_info(&f->tensors[i], &c, f->alignment, err, err_size);
    if (st != INFLECT_OK) {
        gguf_close(f);
        return st;
    }
    size_t data_start = c.pos + (f->alignment - c.pos % f->alignment) % f->alignment;
    size_t data_size = data_start <= size ? size - data_start : 0;
    char name[80];
    for (size_t i = 0; i < f->n_tensors; i++) {
        gguf_tensor *t = &f->tensors[i];
        if (data_start > size || t->offset > data_size || t->n_bytes > data_size - t->offset) {
            st = fail(err, err_size, INFLECT_ERR_FORMAT,
                      "tensor '%s': %llu bytes at offset %llu run past the end of the file (%zu data bytes)",
                      gguf_printable(t->name, name, sizeof name), (unsigned long long)t->n_bytes,
                      (unsigned long long)t->offset, data_size);
            gguf_close(f);
            return st;
        }
        t->data = f->base + data_start + t->offset;
    }
    qsort(f->tensors, f->n_tensors, sizeof *f->tensors, cmp_tensor);
    for (size_t i = 1; i < f->n_tensors; i++)
        if (cmp_str(f->tensors[i - 1].name, f->tensors[i].name) == 0) {
            st = fail(err, err_size, INFLECT_ERR_FORMAT, "tensor '%s' appears twice",
                      gguf_printable(f->tensors[i].name, name, sizeof name));
            gguf_close(f);
            return st;
        }
    return INFLECT_OK;
}

/* What a path that is not a regular file is, for the message. */
static const char *file_kind(mode_t mode)
{
    return S_ISDIR(mode) ? "a directory" : S_ISFIFO(mode) ? "a FIFO" : S_ISCHR(mode) ? "a character device"
         : S_ISBLK(mode) ? "a block device" : S_ISSOCK(mode) ? "a socket" : "a special file";
}

inflect_status gguf_open(gguf_file *f, const char *path, char *err, size_t err_size)
{
    memset(f, 0, sizeof *f);
    /* O_NONBLOCK: opening a FIFO (or a device) must not wait for a writer;
     * the type is checked on the open descriptor, so it cannot change
     * between the check and the use. On a regular file the flag changes
     * nothing. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return fail(err, err_size, INFLECT_ERR_IO, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return fail(err, err_size, INFLECT_ERR_IO, "%s: %s", path, strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return fail(err, err_size, INFLECT_ERR_IO, "%s: is %s, not a voice file (a regular file is needed)", path,
                    file_kind(st.st_mode));
    }
    if (st.st_size <= 0 || (uintmax_t)st.st_size > SIZE_MAX) {
        close(fd);
        return fail(err, err_size, INFLECT_ERR_FORMAT, "%s: file is %s", path,
                    st.st_size <= 0 ? "empty (0 bytes), not a voice" : "too large to map on this system");
    }
    size_t size = (size_t)st.st_size;
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    int map_errno = errno;
    close(fd);
    if (map == MAP_FAILED)
        return fail(err, err_size, INFLECT_ERR_IO, "%s: cannot map: %s", path, strerror(map_errno));
    char msg[256];
    inflect_status s = gguf_parse(f, map, size, msg, sizeof msg);
    if (s != INFLECT_OK) {
        munmap(map, size);
        return fail(err, err_size, s, "%s: %s", path, msg);
    }
    f->mapped = true;
    return INFLECT_OK;
}

void gguf_close(gguf_file *f)
{
    free(f->kv);
    free(f->tensors);
    if (f->mapped)
        munmap((void *)f->base, f->size);
    memset(f, 0, sizeof *f);
}

void gguf_release(const gguf_file *f)
{
#ifdef MADV_DONTNEED
    if (f->mapped)
        madvise((void *)f->base, f->size, MADV_DONTNEED);
#else
    (void)f;
#endif
}

static int cmp_cstr(const char *key, gguf_str s)
{
    return cmp_str((gguf_str){key, strlen(key)}, s);
}

const gguf_kv *gguf_find(const gguf_file *f, const char *key)
{
    size_t lo = 0, hi = f->n_kv;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = cmp_cstr(key, f->kv[mid].key);
        if (r == 0)
            return &f->kv[mid];
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const gguf_tensor *gguf_find_tensor(const gguf_file *f, const char *name)
{
    size_t lo = 0, hi = f->n_tensors;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = cmp_cstr(name, f->tensors[mid].name);
        if (r == 0)
            return &f->tensors[mid];
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* An integer of any GGUF integer type at p, widened to int64 (u64 values past
 * INT64_MAX are refused). */
static bool read_int(uint32_t type, const uint8_t *p, int64_t *out)
{
    switch (type) {
    case GGUF_UINT8: *out = p[0]; return true;
    case GGUF_INT8: *out = (int8_t)p[0]; return true;
    case GGUF_UINT16: *out = le16(p); return true;
    case GGUF_INT16: *out = (int16_t)le16(p); return true;
    case GGUF_UINT32: *out = le32(p); return true;
    case GGUF_INT32: *out = (int32_t)le32(p); return true;
    case GGUF_INT64: *out = (int64_t)le64(p); return true;
    case GGUF_UINT64: {
        uint64_t v = le64(p);
        if (v > INT64_MAX)
            return false;
        *out = (int64_t)v;
        return true;
    }
    default: return false;
    }
}

bool gguf_kv_u32(const gguf_kv *kv, uint32_t *out)
{
    int64_t v;
    if (!kv || kv->type == GGUF_ARRAY || !read_int(kv->type, kv->data, &v) || v < 0 || v > UINT32_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

bool gguf_kv_f32(const gguf_kv *kv, float *out)
{
    if (!kv)
        return false;
    if (kv->type == GGUF_FLOAT32) {
        uint32_t bits = le32(kv->data);
        memcpy(out, &bits, sizeof *out);
        return true;
    }
    if (kv->type == GGUF_FLOAT64) {
        uint64_t bits = le64(kv->data);
        double d;
        memcpy(&d, &bits, sizeof d);
        *out = (float)d;
        return true;
    }
    return false;
}

bool gguf_kv_str(const gguf_kv *kv, gguf_str *out)
{
    if (!kv || kv->type != GGUF_STRING)
        return false;
    out->len = (size_t)le64(kv->data);
    out->ptr = (const char *)kv->data + 8;
    return true;
}

bool gguf_kv_array_int(const gguf_kv *kv, uint64_t i, int64_t *out)
{
    if (!kv || kv->type != GGUF_ARRAY || i >= kv->count)
        return false;
    size_t sz = scalar_size(kv->elem_type);
    if (sz == 0)
        return false;
    return read_int(kv->elem_type, kv->data + i * sz, out);
}

bool gguf_kv_array_f32(const gguf_kv *kv, uint64_t i, float *out)
{
    if (!kv || kv->type != GGUF_ARRAY || kv->elem_type != GGUF_FLOAT32 || i >= kv->count)
        return false;
    uint32_t bits = le32(kv->data + 4 * i);
    memcpy(out, &bits, sizeof *out);
    return true;
}

bool gguf_kv_array_str(const gguf_kv *kv, gguf_str *out, uint64_t n)
{
    if (!kv || kv->type != GGUF_ARRAY || kv->elem_type != GGUF_STRING || n > kv->count)
        return false;
    /* Lengths were checked when the file was parsed. */
    const uint8_t *p = kv->data;
    for (uint64_t i = 0; i < n; i++) {
        out[i].len = (size_t)le64(p);
        out[i].ptr = (const char *)p + 8;
        p += 8 + out[i].len;
    }
    return true;
}

bool gguf_tensor_finite(const gguf_tensor *t)
{
    const uint8_t *p = t->data;
    /* Exponent all ones: infinity or NaN. Looked for a run at a time, with
     * no exit inside a run, so the compiler checks many values per
     * instruction (checking every value is a good part of opening a
     * voice). */
    enum { RUN = 4096 };
    if (t->type == GGUF_TENSOR_F16) {
        for (uint64_t done = 0; done < t->n_elems; done += RUN) {
            uint64_t n = t->n_elems - done < RUN ? t->n_elems - done : RUN;
            const uint8_t *q = p + 2 * done;
            unsigned bad = 0;
            for (uint64_t i = 0; i < n; i++)
                bad |= (le16(q + 2 * i) & 0x7c00u) == 0x7c00u;
            if (bad)
                return false;
        }
        return true;
    }
    if (t->type == GGUF_TENSOR_F32) {
        for (uint64_t done = 0; done < t->n_elems; done += RUN) {
            uint64_t n = t->n_elems - done < RUN ? t->n_elems - done : RUN;
            const uint8_t *q = p + 4 * done;
            unsigned bad = 0;
            for (uint64_t i = 0; i < n; i++)
                bad |= (le32(q + 4 * i) & 0x7f800000u) == 0x7f800000u;
            if (bad)
                return false;
        }
        return true;
    }
    /* Parsing checked that the type is readable, that n_elems is whole
     * blocks and that the n_bytes they take lie inside the file. Runs of
     * 4096 blocks keep each count within a 32-bit size_t. */
    const quant_type *qt = quant_type_info(t->type);
    if (!qt)
        return false;
    uint64_t run = 4096u * (uint64_t)qt->block_elems;
    for (uint64_t done = 0; done < t->n_elems; done += run) {
        uint64_t n = t->n_elems - done < run ? t->n_elems - done : run;
        if (!quant_finite(t->type, p + done / qt->block_elems * qt->block_bytes, (size_t)n))
            return false;
    }
    return true;
}

float gguf_tensor_value(const gguf_tensor *t, uint64_t i)
{
    const uint8_t *p = t->data;
    if (t->type == GGUF_TENSOR_F16)
        return f16_to_f32(le16(p + 2 * i));
    if (t->type == GGUF_TENSOR_F32) {
        uint32_t bits = le32(p + 4 * i);
        float f;
        memcpy(&f, &bits, sizeof f);
        return f;
    }
    /* Decode the one block holding value i: rows are whole blocks, so
     * blocks run on from row to row and i / block_elems is its index. */
    const quant_type *qt = quant_type_info(t->type);
    float block[256];
    if (!qt || qt->block_elems > sizeof block / sizeof *block)
        return NAN;
    uint64_t b = i / qt->block_elems;
    quant_dequantize(t->type, p + b * qt->block_bytes, block, qt->block_elems);
    return block[i % qt->block_elems];
}
