/* libFuzzer harness: arbitrary bytes as a text buffer through inflecttts's
 * text preparation (gst/gstinflecttext.c): markup and override blocks
 * stripped, entities decoded, invalid UTF-8 replaced, and what captions
 * for the deaf and hard of hearing add dropped (gstinflectdescriptions.c,
 * unless the descriptions property is set). The result must be
 * valid UTF-8 without NUL bytes, and every output byte must map to a
 * non-empty span of the input, in order. Nothing may crash, leak or trip
 * the sanitizers.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Built only with clang and -Dsanitize=address+undefined, with the plugin
 * (see fuzz_text.c for the build):
 *   ninja -C build-fuzz tests/fuzz_gst_text
 *   cp -r tests/data/fuzz-gst-text build-fuzz/corpus-gst-text
 *   build-fuzz/tests/fuzz_gst_text -max_total_time=300 build-fuzz/corpus-gst-text
 *
 * The first byte's two low bits pick the flags (markup, override blocks),
 * its third bit whether descriptions are dropped; the rest is the buffer.
 */
#include "gstinflecttext.h"
#include "gstinflectdescriptions.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GstInflectText *text;
  gboolean replaced;
  gsize k, n;

  if (size < 1)
    return 0;
  n = size - 1;
  text = gst_inflect_text_new ((const gchar *) data + 1, n,
      (GstInflectTextFlags) (data[0] & 3), &replaced);
  if (data[0] & 4)
    gst_inflect_text_drop_descriptions (text);
  if (strlen (text->text) != text->length
      || !g_utf8_validate (text->text, text->length, NULL))
    abort ();
  for (k = 0; k < text->length; k++) {
    if (text->origin[k] >= text->origin_end[k] || text->origin_end[k] > n)
      abort ();
    if (k > 0 && text->origin[k] < text->origin[k - 1])
      abort ();
  }
  gst_inflect_text_free (text);
  return 0;
}
