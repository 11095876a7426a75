#!/bin/sh
# make_static.sh OUT.a CORE.a OBJCOPY AR CC [CC ARGS...]
#
# libinflect.a: the core linked into one relocatable object whose hidden
# symbols (every name but inflect.h's) are then made local, and archived.
# A static archive of the core's own objects would give a program that links
# it the library's internal names as well (gguf_find_tensor, pool_new,
# text_next ...), which clash with the program's own or another library's;
# the shared library hides them by visibility, which a static link ignores.
set -eu
out=$1 core=$2 objcopy=$3 ar=$4
shift 4
obj="${out%.a}.o"
"$@" -r -nostdlib -o "$obj" -Wl,--whole-archive "$core" -Wl,--no-whole-archive
"$objcopy" --localize-hidden "$obj"
rm -f "$out"
"$ar" rcs "$out" "$obj"
rm -f "$obj"
