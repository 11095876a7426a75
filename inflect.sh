#!/usr/bin/env bash
# Set up, build and use Inflect on Debian 12 from a fresh clone.
#
#   ./inflect.sh say "Some text." [out.wav]   install what is missing, build, speak to a WAV file
#   ./inflect.sh test                         install what is missing, build, run every test
#   ./inflect.sh install                      build and install into /usr (library, inflect-say,
#                                             GStreamer plugin, voices, man page)
#   ./inflect.sh uninstall                    remove exactly what `install` put there
#
# Each step is idempotent: packages already installed and an existing build
# directory are reused. `say` and `install` get only what the engine, the
# command and the plugin need; `test` adds PyTorch and the speech recogniser.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build="$top/build"
# The libFuzzer targets need clang with the address and undefined-behaviour
# sanitizers, so `test` keeps a second build for their smoke tests.
sanitize_build="$top/build-sanitize"

# Building and running the engine, inflect-say and the GStreamer plugin.
say_packages=(
  gcc pkg-config meson ninja-build
  espeak-ng-data libespeak-ng-dev
  festlex-cmu  # CMUdict, compiled into the English lexicon at build time
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  gstreamer1.0-tools
)
# The tests on top: GStreamer elements they use (audioconvert, wavenc), the PyTorch
# reference (parity tests, training) and the intelligibility checks
# (pocketsphinx; flite speaks the male voice's reference); matplotlib draws
# the model cards' spectrograms (training/spectrogram.py).
test_packages=(
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  python3-torch python3-numpy python3-scipy python3-soundfile libopenblas0-pthread
  pocketsphinx-en-us python3-pocketsphinx flite python3-matplotlib
  praat                        # the pitch variants of the male voice's corpus (tests/test_pitch_variants.py)
  speech-dispatcher            # the speech-dispatcher module test
  python3-gi gir1.2-gstreamer-1.0  # tests that drive a pipeline from Python
  clang libclang-rt-14-dev     # libFuzzer and the sanitizers, for the fuzz smoke tests
)
# The NEON kernels, cross-built and run under qemu (tests/test_aarch64.py);
# an arm64 machine tests them natively instead.
if [ "$(dpkg --print-architecture 2>/dev/null)" != arm64 ]; then
  test_packages+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user)
fi

usage() {
  # The comment block at the top of this file, without its '#'.
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
}

# Runs a command as root: directly, or through sudo (which keeps the
# environment given with env), or explains what to do.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "inflect.sh: this step needs root and sudo is not installed. Either run, as root:" >&2
    echo "    $*" >&2
    echo "and then this command again, or install sudo and add yourself to the sudo group." >&2
    exit 1
  fi
}

install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "inflect.sh: installing ${missing[*]}" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# build_with OPTION...: configures build/ with these meson options (a new
# build directory, or the existing one changed where they differ), then builds.
build_with() {
  if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$top" --buildtype=release "$@"
  elif [ $# -gt 0 ]; then
    meson configure "$build" "$@"
  fi
  ninja -C "$build"
}

# The fuzz smoke tests in their clang + sanitizer build, with the pitch
# stage's test (a read past its input once showed only as a rare crash):
# only what they need is built (the three harnesses, the pitch test, the tiny
# voice and the v2 fixtures they read), which keeps the second build to a
# minute. -Db_lundef=false: clang links libinflect.so without the sanitizer
# runtime, which the executables bring.
fuzz_smoke() {
  if [ ! -f "$sanitize_build/build.ninja" ]; then
    CC=clang meson setup "$sanitize_build" "$top" --buildtype=debugoptimized \
      -Dsanitize=address+undefined -Db_lundef=false -Dtests=enabled -Dpytorch=enabled
  fi
  ninja -C "$sanitize_build" tests/fuzz_gguf tests/fuzz_text tests/fuzz_gst_text tests/test_pitch_shift \
    tests/tiny.gguf tests/v2-parity.txt
  meson test -C "$sanitize_build" --no-rebuild --print-errorlogs fuzz-gguf-smoke fuzz-text-smoke \
    fuzz-gst-text-smoke pitch-shift
}

cmd=${1:-}
case "$cmd" in
  say)
    text=${2:-"Hello! This is Inflect, a small neural voice that runs on one CPU core."}
    out=${3:-"$top/hello.wav"}
    install_missing "${say_packages[@]}"
    if [ -f "$build/build.ninja" ]; then build_with; else build_with -Dtests=disabled; fi
    "$build/engine/inflect-say" --voice "$top/models/rms.gguf" -o "$out" "$text"
    echo "wrote $out"
    ;;
  test)
    install_missing "${say_packages[@]}" "${test_packages[@]}"
    build_with -Dtests=enabled -Dpytorch=enabled
    meson test -C "$build" --print-errorlogs
    fuzz_smoke
    ;;
  install)
    install_missing "${say_packages[@]}"
    # /usr, because that is where Debian's GStreamer looks for plugins
    # (/usr/local is not searched); no Debian package ships these files.
    if [ -f "$build/build.ninja" ]; then build_with -Dprefix=/usr; else build_with -Dprefix=/usr -Dtests=disabled; fi
    as_root meson install -C "$build" --no-rebuild
    as_root ldconfig  # the new libinflect.so.0 into the loader's cache
    ;;
  uninstall)
    [ -f "$build/meson-logs/install-log.txt" ] || { echo "inflect.sh: nothing was installed from $build" >&2; exit 1; }
    as_root ninja -C "$build" uninstall
    as_root ldconfig
    ;;
  *)
    usage
    exit 2
    ;;
esac
