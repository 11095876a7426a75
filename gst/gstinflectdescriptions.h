/* GStreamer plugin for Inflect: what captions for the deaf and hard of
 * hearing add to the dialogue, found so that it is not spoken.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef GST_INFLECT_DESCRIPTIONS_H
#define GST_INFLECT_DESCRIPTIONS_H

#include "gstinflecttext.h"

G_BEGIN_DECLS

void gst_inflect_text_drop_descriptions (GstInflectText * text);

G_END_DECLS

#endif /* GST_INFLECT_DESCRIPTIONS_H */
