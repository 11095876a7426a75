#!/usr/bin/env bash
# Set up, build and use Inflect on Debian 12 from a fresh clone.
#
#   ./inflect.sh say "Some text." [out.wav]   install what is missing, build, speak to a WAV file
#   ./inflect.sh test                         install what is missing, build, run every test
#
# Both steps are idempotent: packages already installed and an existing build
# directory are reused.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build="$top/build"

# Runtime and build dependencies of the engine, the GStreamer plugin and the tests.
packages=(
  gcc pkg-config meson ninja-build
  espeak-ng-data libespeak-ng-dev
  festlex-cmu  # CMUdict, compiled into the English lexicon at build time
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  # The PyTorch reference (parity tests, training) and the intelligibility
  # checks (pocketsphinx; flite speaks the male voice's reference).
  python3-torch python3-numpy python3-scipy python3-soundfile libopenblas0-pthread
  pocketsphinx-en-us python3-pocketsphinx flite
)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "inflect.sh: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
  if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$top" --buildtype=release
  fi
  ninja -C "$build"
}

cmd=${1:-}
case "$cmd" in
  say)
    text=${2:-"Hello! This is Inflect, a small neural voice that runs on one CPU core."}
    out=${3:-"$top/hello.wav"}
    install_missing
    build
    "$build/engine/inflect-say" --voice "$top/models/rms.gguf" -o "$out" "$text"
    echo "wrote $out"
    ;;
  test)
    install_missing
    build
    meson test -C "$build" --print-errorlogs
    ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
