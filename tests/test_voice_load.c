/* Malformed voice files: each case byte-patches the valid parity voice and
 * must get the right status and a message naming the problem, never a
 * crash (run it under ASan/UBSan and valgrind too).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: test_voice_load DIR/parity.txt (the voice is DIR/parity-b.gguf)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "gguf.h"
#include "voice.h"

static uint8_t *pristine;
static size_t pristine_size;
static gguf_file layout; /* the pristine file parsed: where everything is */
static char voice_path[1024];

static uint8_t *copy(void)
{
    uint8_t *b = malloc(pristine_size);
    memcpy(b, pristine, pristine_size);
    return b;
}

static size_t at(const void *p) { return (size_t)((const uint8_t *)p - layout.base); }

static void put32(uint8_t *b, size_t off, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[off + i] = (uint8_t)(v >> 8 * i);
}

static void put64(uint8_t *b, size_t off, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        b[off + i] = (uint8_t)(v >> 8 * i);
}

/* Offsets of a tensor's info fields in the file. */
typedef struct {
    size_t name, n_dims, ne, type, offset;
} tensor_info;

static tensor_info info_of(const char *name)
{
    const gguf_tensor *t = gguf_find_tensor(&layout, name);
    if (!t) {
        fprintf(stderr, "parity voice has no tensor %s\n", name);
        exit(1);
    }
    tensor_info ti;
    ti.name = at(t->name.ptr);
    ti.n_dims = ti.name + t->name.len;
    ti.ne = ti.n_dims + 4;
    ti.type = ti.ne + 8 * (size_t)t->n_dims;
    ti.offset = ti.type + 4;
    return ti;
}

static const gguf_kv *kv_of(const char *key)
{
    const gguf_kv *kv = gguf_find(&layout, key);
    if (!kv) {
        fprintf(stderr, "parity voice has no key %s\n", key);
        exit(1);
    }
    return kv;
}

/* Parses and loads a buffer; returns the status, message in err. */
static inflect_status load(const uint8_t *buf, size_t size, char *err, size_t err_size)
{
    gguf_file f;
    inflect_status s = gguf_parse(&f, buf, size, err, err_size);
    if (s != INFLECT_OK)
        return s;
    inflect_voice *v;
    s = voice_from_gguf(&f, &v, err, err_size);
    if (s == INFLECT_OK)
        inflect_voice_close(v);
    gguf_close(&f);
    return s;
}

/* Loads buf and checks the status and that the message contains `needle`. */
static void expect(const char *what, uint8_t *buf, size_t size, inflect_status want, const char *needle)
{
    char err[512] = "";
    inflect_status got = load(buf, size, err, sizeof err);
    CHECK(got == want, "%s: status %d, expected %d (%s)", what, got, want, err);
    CHECK(!needle || strstr(err, needle), "%s: message '%s' does not mention '%s'", what, err, needle);
    printf("%-28s -> %s\n", what, got == INFLECT_OK ? "loads" : err);
    free(buf);
}

static void test_valid(void)
{
    char err[512];
    inflect_voice *v;
    inflect_status s = inflect_voice_open(voice_path, &v, err, sizeof err);
    CHECK(s == INFLECT_OK, "valid voice: %s", err);
    if (s != INFLECT_OK)
        return;
    CHECK(strcmp(inflect_voice_name(v), "parity-b") == 0, "name %s", inflect_voice_name(v));
    CHECK(inflect_voice_sample_rate(v) == 16000, "sample rate %d", inflect_voice_sample_rate(v));
    CHECK(inflect_voice_speaker_count(v) == 3, "speakers %d", inflect_voice_speaker_count(v));
    CHECK(strcmp(inflect_voice_speaker_name(v, 2), "speaker2") == 0, "speaker 2");
    CHECK(inflect_voice_speaker_name(v, 3) == NULL, "speaker 3 exists");
    CHECK(inflect_voice_find_speaker(v, "speaker1") == 1, "find by name");
    CHECK(inflect_voice_find_speaker(v, "2") == 2, "find by index");
    CHECK(inflect_voice_find_speaker(v, "7") == -1 && inflect_voice_find_speaker(v, "x") == -1, "no speaker");
    CHECK(inflect_voice_find_speaker(v, " 2") == -1 && inflect_voice_find_speaker(v, "+2") == -1 &&
              inflect_voice_find_speaker(v, "") == -1 && inflect_voice_find_speaker(v, "99999999999999999999") == -1,
          "an index is digits only");
    CHECK(v->n_symbols == 30 && strcmp(v->symbols[0], "_") == 0 && strcmp(v->symbols[29], "s29") == 0,
          "symbols");
    CHECK(strcmp(v->espeak_voice, "en-us") == 0 && strcmp(v->frontend_kind, "espeak-ipa") == 0, "frontend");
    CHECK(v->lang_id == 1 && v->output_gain == 1.0f, "lang id %d gain %g", v->lang_id, v->output_gain);
    CHECK(v->vocoder.hop == 60 && v->acoustic.hp.hidden == 24, "hyperparameters");
    /* The prosody keys make_parity.py adds: a mean and a median F0 per
     * speaker. */
    CHECK(v->pitch_means && v->pitch_means[2] == 0.3f, "pitch means");
    CHECK(v->f0_medians && v->f0_medians[1] == 150.0f, "F0 medians");
    inflect_voice_close(v);
    printf("%-28s -> loads\n", "valid");
}

static void test_io(void)
{
    char err[512];
    inflect_voice *v = (inflect_voice *)1;
    CHECK(inflect_voice_open("/nonexistent/voice.gguf", &v, err, sizeof err) == INFLECT_ERR_IO && v == NULL,
          "missing file");
    CHECK(strstr(err, "/nonexistent/voice.gguf") != NULL, "message names the file: %s", err);
    CHECK(inflect_voice_open("/", &v, err, sizeof err) == INFLECT_ERR_IO, "directory");
    /* A one-file voice given a vocoder is a file of the wrong kind, not a
     * bad argument (callers branch on the status). */
    CHECK(inflect_voice_open_pair(voice_path, voice_path, &v, err, sizeof err) == INFLECT_ERR_FORMAT && v == NULL,
          "one-file voice as a pair: %s", err);
    /* The two of a pair are found by name too, as one file is: the same
     * answer, not "cannot read file NAME". */
    char dir[4096], name[256];
    const char *slash = strrchr(voice_path, '/'), *base = slash ? slash + 1 : voice_path;
    size_t dir_len = slash ? (size_t)(slash - voice_path) : 1;
    if (dir_len < sizeof dir && strlen(base) > 5 && strlen(base) - 5 < sizeof name) {
        memcpy(dir, slash ? voice_path : ".", dir_len);
        dir[dir_len] = '\0';
        memcpy(name, base, strlen(base) - 5); /* ".gguf" left out */
        name[strlen(base) - 5] = '\0';
        char *saved = getenv("INFLECT_VOICE_PATH") ? strdup(getenv("INFLECT_VOICE_PATH")) : NULL;
        setenv("INFLECT_VOICE_PATH", dir, 1);
        CHECK(inflect_voice_open_pair(name, name, &v, err, sizeof err) == INFLECT_ERR_FORMAT && v == NULL,
              "one-file voice as a pair, by name %s in %s: %s", name, dir, err);
        if (saved)
            setenv("INFLECT_VOICE_PATH", saved, 1);
        else
            unsetenv("INFLECT_VOICE_PATH");
        free(saved);
    }
    /* A truncated file through the real open/mmap path. */
    char tmp[] = "/tmp/inflect-truncated-XXXXXX";
    int fd = mkstemp(tmp);
    CHECK(fd >= 0, "mkstemp");
    if (fd >= 0) {
        CHECK(write(fd, pristine, pristine_size / 2) == (ssize_t)(pristine_size / 2), "write");
        close(fd);
        CHECK(inflect_voice_open(tmp, &v, err, sizeof err) == INFLECT_ERR_FORMAT, "truncated file opens");
        CHECK(strstr(err, tmp) && strstr(err, "past the end"), "message: %s", err);
        printf("%-28s -> %s\n", "truncated file on disk", err);
        unlink(tmp);
    }
}

static void test_truncated(void)
{
    /* End of the last tensor's data (files pad after it, so the size alone is
     * not where data ends). */
    size_t data_end = 0;
    for (size_t i = 0; i < layout.n_tensors; i++) {
        size_t end = at(layout.tensors[i].data) + (size_t)layout.tensors[i].n_bytes;
        if (end > data_end)
            data_end = end;
    }
    size_t cuts[] = {0, 3, 4, 12, 23, 24, 100, at(layout.tensors[0].name.ptr) - 1, data_end / 2, data_end - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
        char what[64];
        snprintf(what, sizeof what, "truncated to %zu bytes", cuts[i]);
        expect(what, copy(), cuts[i], INFLECT_ERR_FORMAT, NULL);
    }
}

static void test_header(void)
{
    uint8_t *b = copy();
    b[0] = 'X';
    expect("wrong magic", b, pristine_size, INFLECT_ERR_FORMAT, "magic");
    b = copy();
    put32(b, 4, 1);
    expect("GGUF version 1", b, pristine_size, INFLECT_ERR_UNSUPPORTED, "version");
    b = copy();
    put64(b, 8, (uint64_t)1 << 60);
    expect("huge tensor count", b, pristine_size, INFLECT_ERR_FORMAT, "tensors");
    b = copy();
    put64(b, 16, (uint64_t)1 << 60);
    expect("huge key count", b, pristine_size, INFLECT_ERR_FORMAT, "keys");
}

static void test_tensors(void)
{
    tensor_info phone = info_of("acoustic.phone.weight");
    uint8_t *b = copy();
    put64(b, phone.offset, (uint64_t)pristine_size & ~(uint64_t)31);
    expect("tensor past end of file", b, pristine_size, INFLECT_ERR_FORMAT, "acoustic.phone.weight");
    b = copy();
    put64(b, phone.offset, 32 * 1000 + 8);
    expect("misaligned tensor offset", b, pristine_size, INFLECT_ERR_FORMAT, "multiple");
    b = copy();
    put64(b, phone.ne + 8, 29); /* vocab 30 rows -> 29 */
    expect("wrong shape", b, pristine_size, INFLECT_ERR_FORMAT, "acoustic.phone.weight' has shape [29, 24]");
    b = copy();
    put32(b, info_of("vocoder.conv_post.weight").type, 9); /* Q8_1: a real GGML type this engine lacks */
    expect("unsupported tensor type", b, pristine_size, INFLECT_ERR_UNSUPPORTED, "vocoder.conv_post.weight");
    b = copy();
    put32(b, phone.type, 0x7fff);
    expect("invalid tensor type", b, pristine_size, INFLECT_ERR_FORMAT, "invalid type");
    b = copy();
    put64(b, phone.ne, (uint64_t)1 << 21);
    put64(b, phone.ne + 8, (uint64_t)1 << 20);
    expect("dims past 2^40", b, pristine_size, INFLECT_ERR_FORMAT, "2^40");
    b = copy();
    put64(b, phone.ne, 0);
    expect("zero dimension", b, pristine_size, INFLECT_ERR_FORMAT, "dimension 0 is zero");
    b = copy();
    put32(b, phone.n_dims, 5);
    expect("five dimensions", b, pristine_size, INFLECT_ERR_FORMAT, "dimensions");
    b = copy();
    b[info_of("acoustic.mel_head.3.weight").n_dims - 1] = 'x'; /* ...weight -> ...weighx */
    expect("missing tensor", b, pristine_size, INFLECT_ERR_FORMAT, "no tensor 'acoustic.mel_head.3.weight'");
    b = copy();
    memcpy(b + info_of("acoustic.tone.weight").name + 9, "lang", 4);
    expect("duplicate tensor", b, pristine_size, INFLECT_ERR_FORMAT, "appears twice");
    /* A NaN in F32 (a bias) and an infinity in F16 (a matrix). */
    b = copy();
    const gguf_tensor *bias = gguf_find_tensor(&layout, "acoustic.speaker_proj.bias");
    put32(b, at(bias->data), 0x7fc00000u);
    expect("NaN weight", b, pristine_size, INFLECT_ERR_FORMAT, "acoustic.speaker_proj.bias' contains NaN");
    b = copy();
    const gguf_tensor *mat = gguf_find_tensor(&layout, "vocoder.conv_pre.weight");
    b[at(mat->data)] = 0x00;
    b[at(mat->data) + 1] = 0x7c;
    expect("infinite F16 weight", b, pristine_size, INFLECT_ERR_FORMAT, "vocoder.conv_pre.weight");
}

static void test_metadata(void)
{
    const gguf_kv *name = kv_of("general.name");
    uint8_t *b = copy();
    put64(b, at(name->data), (uint64_t)1 << 63);
    expect("bad string length", b, pristine_size, INFLECT_ERR_FORMAT, "general.name");
    b = copy();
    put64(b, at(name->key.ptr) - 8, 0xfffffffffull);
    expect("bad key length", b, pristine_size, INFLECT_ERR_FORMAT, "string runs past");
    const gguf_kv *symbols = kv_of("inflect.frontend.symbols");
    b = copy();
    put64(b, at(symbols->data) - 8, (uint64_t)1 << 62);
    expect("huge array count", b, pristine_size, INFLECT_ERR_FORMAT, "inflect.frontend.symbols");
    b = copy();
    put32(b, at(symbols->data) - 12, 9); /* array of arrays, whose elements are strings */
    expect("array element type", b, pristine_size, INFLECT_ERR_FORMAT, "inflect.frontend.symbols");
    b = copy();
    put32(b, at(symbols->key.ptr) + symbols->key.len, 99);
    expect("unknown value type", b, pristine_size, INFLECT_ERR_FORMAT, "unknown value type 99");
    b = copy();
    b[at(symbols->data) + 8] = 'x'; /* symbols[0] "_" -> "x" */
    expect("symbol 0 not the blank", b, pristine_size, INFLECT_ERR_FORMAT, "symbols[0]");
    const gguf_kv *hidden = kv_of("inflect.acoustic.hidden");
    b = copy();
    put32(b, at(hidden->data), 25);
    expect("odd hidden size", b, pristine_size, INFLECT_ERR_FORMAT, "even");
    b = copy();
    put32(b, at(hidden->data), 100000);
    expect("hidden size out of range", b, pristine_size, INFLECT_ERR_FORMAT, "inflect.acoustic.hidden");
    b = copy();
    put32(b, at(hidden->key.ptr) + hidden->key.len, GGUF_FLOAT32);
    expect("hidden size a float", b, pristine_size, INFLECT_ERR_FORMAT, "not an unsigned integer");
    b = copy();
    b[at(hidden->key.ptr) + hidden->key.len - 1] = 'N';
    expect("missing key", b, pristine_size, INFLECT_ERR_FORMAT, "no key 'inflect.acoustic.hidden'");
    b = copy();
    put32(b, at(kv_of("inflect.mel.hop")->data), 61);
    expect("hop not the rates' product", b, pristine_size, INFLECT_ERR_FORMAT, "inflect.mel.hop");
    b = copy();
    put32(b, at(kv_of("inflect.format_version")->data), 2);
    expect("format version 2", b, pristine_size, INFLECT_ERR_UNSUPPORTED, "format version");
    b = copy();
    b[at(kv_of("general.architecture")->data) + 8 + 8] = 'X';
    expect("other architecture", b, pristine_size, INFLECT_ERR_UNSUPPORTED, "architecture");
    b = copy();
    put32(b, at(kv_of("general.alignment")->data), 24);
    expect("alignment not a power of 2", b, pristine_size, INFLECT_ERR_FORMAT, "alignment");
    b = copy();
    put32(b, at(kv_of("inflect.prosody.pitch_mean")->data), 0x7fc00000u); /* NaN */
    expect("pitch mean NaN", b, pristine_size, INFLECT_ERR_FORMAT, "pitch_mean");
    b = copy();
    put32(b, at(kv_of("inflect.prosody.f0_median")->data), 0x00000000u); /* 0 Hz */
    expect("F0 median 0 Hz", b, pristine_size, INFLECT_ERR_FORMAT, "f0_median");
    b = copy();
    put32(b, at(kv_of("inflect.acoustic.speaker_count")->data), 2);
    expect("speaker names disagree", b, pristine_size, INFLECT_ERR_FORMAT, "'inflect.speakers' has 3 entries");
}

/* A key/value record appended to blob. */
static size_t kv_record(uint8_t *blob, size_t at_, const char *key, uint32_t type, const void *value, size_t size)
{
    put64(blob, at_, strlen(key));
    memcpy(blob + at_ + 8, key, strlen(key));
    at_ += 8 + strlen(key);
    put32(blob, at_, type);
    memcpy(blob + at_ + 4, value, size);
    return at_ + 4 + size;
}

/* Keys this engine does not know, of every value type, are skipped. The
 * records go right after the header, padded to a multiple of the alignment
 * so the data section moves by whole alignment units. */
static void test_unknown_keys(void)
{
    uint8_t blob[512] = {0}, v[64] = {0};
    size_t n = 0;
    uint32_t types[] = {GGUF_UINT8, GGUF_INT8, GGUF_UINT16, GGUF_INT16, GGUF_UINT32, GGUF_INT32,
                        GGUF_FLOAT32, GGUF_BOOL, GGUF_UINT64, GGUF_INT64, GGUF_FLOAT64};
    size_t sizes[] = {1, 1, 2, 2, 4, 4, 4, 1, 8, 8, 8};
    char key[32];
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        snprintf(key, sizeof key, "x.scalar%zu", i);
        n = kv_record(blob, n, key, types[i], v, sizes[i]);
    }
    put64(v, 0, 3);
    memcpy(v + 8, "abc", 3);
    n = kv_record(blob, n, "x.string", GGUF_STRING, v, 11);
    /* An array of two arrays: [u16 x1] and [string "z"]. */
    size_t a = 0;
    put32(v, a, GGUF_ARRAY), put64(v, a + 4, 2), a += 12;
    put32(v, a, GGUF_UINT16), put64(v, a + 4, 1), a += 12 + 2;
    put32(v, a, GGUF_STRING), put64(v, a + 4, 1), put64(v, a + 12, 1), v[a + 20] = 'z', a += 21;
    n = kv_record(blob, n, "x.nested", GGUF_ARRAY, v, a);
    /* One more key, an empty string (20 + key length bytes), whose name is
     * padded so the records end on the alignment. */
    char padded[64] = "x.";
    size_t fill = (32 - (n + 20 + 2) % 32) % 32;
    memset(padded + 2, 'p', fill);
    padded[2 + fill] = '\0';
    put64(v, 0, 0);
    n = kv_record(blob, n, padded, GGUF_STRING, v, 8);
    CHECK(n % 32 == 0, "unknown-key blob is %zu bytes, not aligned", n);
    uint64_t added = sizeof types / sizeof *types + 3;

    uint8_t *b = malloc(pristine_size + n);
    memcpy(b, pristine, 24);
    memcpy(b + 24, blob, n);
    memcpy(b + 24 + n, pristine + 24, pristine_size - 24);
    uint64_t n_kv = layout.n_kv + added;
    put64(b, 16, n_kv);
    expect("unknown keys of every type", b, pristine_size + n, INFLECT_OK, NULL);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR/parity.txt\n", argv[0]);
        return 2;
    }
    char line[256];
    FILE *manifest = fopen(argv[1], "r");
    if (!manifest || !fgets(line, sizeof line, manifest)) {
        perror(argv[1]);
        return 1;
    }
    fclose(manifest);
    if (strncmp(line, "skip ", 5) == 0) {
        printf("no parity voice: %s", line + 5);
        return 77;
    }
    snprintf(voice_path, sizeof voice_path, "%s", argv[1]);
    char *slash = strrchr(voice_path, '/');
    snprintf(slash ? slash + 1 : voice_path, sizeof voice_path - (size_t)(slash ? slash + 1 - voice_path : 0),
             "parity-b.gguf");
    FILE *f = fopen(voice_path, "rb");
    if (!f) {
        perror(voice_path);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    pristine_size = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    pristine = malloc(pristine_size);
    if (fread(pristine, 1, pristine_size, f) != pristine_size) {
        perror(voice_path);
        return 1;
    }
    fclose(f);
    char err[512];
    if (gguf_parse(&layout, pristine, pristine_size, err, sizeof err) != INFLECT_OK) {
        fprintf(stderr, "%s: %s\n", voice_path, err);
        return 1;
    }
    test_valid();
    test_io();
    test_truncated();
    test_header();
    test_tensors();
    test_metadata();
    test_unknown_keys();
    gguf_close(&layout);
    free(pristine);
    return check_failures != 0;
}
