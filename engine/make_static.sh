#!/bin/sh
# make_static.sh OUT.a CORE.a OBJCOPY AR NM CC [CC ARGS...]
#
# libinflect.a: the core linked into one relocatable object whose hidden
# symbols (every name but inflect.h's) are then made local, and archived.
# A static archive of the core's own objects would give a program that links
# it the library's internal names as well (gguf_find_tensor, pool_new,
# text_next ...), which clash with the program's own or another library's;
# the shared library hides them by visibility, which a static link ignores.
#
# Link-time optimisation keeps code as compiler IR, whose names objcopy
# cannot make local: the link here is without it (-fno-lto, which takes the
# machine code of fat LTO objects), and the IR is dropped. Objects with IR
# only (slim LTO) give no code to archive, which the check at the end says.
set -eu
out=$1 core=$2 objcopy=$3 ar=$4 nm=$5
shift 5
obj="${out%.a}.o"
"$@" -fno-lto -r -nostdlib -o "$obj" -Wl,--whole-archive "$core" -Wl,--no-whole-archive
"$objcopy" --localize-hidden --remove-section='.gnu.lto_*' --remove-section='.gnu.debuglto_*' \
    --strip-symbol=__gnu_lto_slim --strip-symbol=__gnu_lto_v1 "$obj"
# Only inflect.h's names may be left defined and global, and they must be.
others=$("$nm" -g --defined-only "$obj" | awk 'NF == 3 && $3 !~ /^inflect_/ { print $3 }' | head -n 5)
api=$("$nm" -g --defined-only "$obj" | awk 'NF == 3 && $3 ~ /^inflect_/' | wc -l)
if [ -n "$others" ] || [ "$api" -eq 0 ]; then
    echo "make_static.sh: $obj exports ${others:-no inflect_ function} besides inflect.h;" \
        "built with slim LTO objects? (use -ffat-lto-objects, or -Db_lto=false)" >&2
    rm -f "$obj"
    exit 1
fi
rm -f "$out"
"$ar" rcs "$out" "$obj"
rm -f "$obj"
