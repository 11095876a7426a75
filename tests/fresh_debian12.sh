#!/usr/bin/env bash
# Acceptance on a clean Debian 12, as a new user meets Inflect (issue 11).
#
#   sudo tests/fresh_debian12.sh [WORKDIR]      (default /var/tmp/inflect-fresh)
#
# 1. debootstraps bookworm (minbase, plus git) once into WORKDIR/minbase;
# 2. in a copy of it, clones this repository (its HEAD: commit first) and
#    runs `./inflect.sh say`: checks that python3-torch was not installed,
#    that the packages downloaded weigh under 150 MB and that hello.wav is
#    speech-sized 24 kHz WAV;
# 3. runs README's install command (`./inflect.sh install`), then the smoke
#    test in a new login shell with an empty environment, then
#    `./inflect.sh uninstall`, and checks that no file is left;
# 4. builds the .debs there (dpkg-buildpackage), installs them with apt into
#    another fresh copy, and runs the same smoke test there.
#
# Needs root, debootstrap and Debian's archive (MIRROR, default
# http://deb.debian.org/debian); about 1.5 GB of disk in WORKDIR. Not part
# of `meson test`: it downloads a few hundred megabytes. Numbers go to
# WORKDIR/report.txt. STEPS (default "say install debs") runs some steps
# only; install and debs reuse the root that say left in WORKDIR/say.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${1:-/var/tmp/inflect-fresh}
mirror=${MIRROR:-http://deb.debian.org/debian}
steps=" ${STEPS:-say install debs} "
report="$work/report.txt"

die() { echo "fresh_debian12: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap and chroot need it)"
command -v debootstrap >/dev/null || die "apt-get install debootstrap"
mkdir -p "$work"
>> "$report"
note() { echo "$*" | tee -a "$report"; }

mounted=()
cleanup() {
  for m in "${mounted[@]}"; do umount "$m" 2>/dev/null || true; done
}
trap cleanup EXIT

# A fresh root: a copy of the bootstrapped one, with /proc and DNS.
fresh() {
  local root="$work/$1"
  if mountpoint -q "$root/proc" 2>/dev/null; then umount "$root/proc"; fi
  rm -rf "$root"
  cp -a "$work/minbase" "$root"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  mount -t proc proc "$root/proc"
  mounted+=("$root/proc")
}

# run_in ROOT COMMAND: runs COMMAND in a login shell with nothing but HOME, TERM
# and PATH from /etc/profile, like a user who has just logged in.
run_in() {
  local root="$work/$1"
  shift
  chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb /bin/bash -l -c "$*"
}

# The README's smoke test, in a new shell.
smoke() {
  run_in "$1" 'set -e; cd /tmp
    inflect-say "hi"; test "$(stat -c %s speech.wav)" -gt 12044
    inflect-say --list-voices
    inflect-say -v kathleen -o k.wav "Voices by name."
    pkg-config --cflags --libs inflect
    gst-inspect-1.0 inflectsrc > /dev/null
    gst-launch-1.0 -q inflectsrc text=hi ! fakesink
    echo smoke test passed'
}

if [ ! -x "$work/minbase/bin/bash" ]; then
  rm -rf "$work/minbase"
  debootstrap --variant=minbase --include=git,ca-certificates bookworm "$work/minbase" "$mirror"
fi

# -- ./inflect.sh say ---------------------------------------------------------
if [[ $steps == *" say "* ]]; then
fresh say
git clone -q "$repo" "$work/say/root/inflect"
run_in say 'apt-get update -q > /dev/null && apt-get clean'
before=$(run_in say 'dpkg-query -W -f="\${db:Status-Abbrev}\n" | grep -c ^ii')
start=$(date +%s)
run_in say 'cd /root/inflect && ./inflect.sh say' > "$work/say.log" 2>&1 || { tail -20 "$work/say.log"; die "inflect.sh say failed"; }
note "inflect.sh say: $(( $(date +%s) - start )) s"
after=$(run_in say 'dpkg-query -W -f="\${db:Status-Abbrev}\n" | grep -c ^ii')
download=$(du -cb "$work"/say/var/cache/apt/archives/*.deb | tail -1 | cut -f1)
note "inflect.sh say: $(( after - before )) packages, $(( download / 1000000 )) MB downloaded"
run_in say 'dpkg-query -W -f="\${Status}" python3-torch 2>/dev/null | grep -q "install ok installed"' \
  && die "inflect.sh say installed python3-torch"
[ "$download" -lt 150000000 ] || die "inflect.sh say downloaded $download bytes (limit 150 MB)"
wav="$work/say/root/inflect/hello.wav"
[ "$(head -c 4 "$wav")" = RIFF ] || die "hello.wav is not a WAV file"
rate=$(od -An -tu4 -j24 -N4 "$wav" | tr -d ' ')
[ "$rate" = 24000 ] || die "hello.wav is at $rate Hz"
[ "$(stat -c %s "$wav")" -gt $(( 44 + 2 * 24000 )) ] || die "hello.wav holds less than a second"
note "hello.wav: $(stat -c %s "$wav") bytes at $rate Hz"
fi

# -- README's install command, smoke test, uninstall --------------------------
if [[ $steps == *" install "* ]]; then
run_in say 'find / -xdev -path /proc -prune -o -path /root -prune -o -path /tmp -prune -o -print | sort' > "$work/files-before"
run_in say 'cd /root/inflect && ./inflect.sh install' > "$work/install.log" 2>&1 || { tail -20 "$work/install.log"; die "inflect.sh install failed"; }
smoke say | tee -a "$report"
run_in say 'cd /root/inflect && ./inflect.sh uninstall' > "$work/uninstall.log" 2>&1 || die "inflect.sh uninstall failed"
run_in say 'find / -xdev -path /proc -prune -o -path /root -prune -o -path /tmp -prune -o -print | sort' > "$work/files-after"
# ldconfig's cache changes; anything else left behind is a defect.
left=$(comm -13 "$work/files-before" "$work/files-after" | grep -v '^/etc/ld.so.cache$' || true)
[ -z "$left" ] || die "left after uninstall: $left"
note "install, smoke test, uninstall: clean"
fi

# -- Debian packages ------------------------------------------------------------
if [[ $steps == *" debs "* ]]; then
# The packages of this HEAD, built in the root `say` set up.
if ! mountpoint -q "$work/say/proc"; then
  mount -t proc proc "$work/say/proc"
  mounted+=("$work/say/proc")
fi
rm -rf "$work/say/root/inflect" "$work"/say/root/*.deb
git clone -q "$repo" "$work/say/root/inflect"
run_in say 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends build-essential debhelper > /dev/null' \
  || die "installing debhelper failed"
run_in say 'cd /root/inflect && dpkg-buildpackage -b -us -uc' > "$work/debs.log" 2>&1 || { tail -20 "$work/debs.log"; die "dpkg-buildpackage failed"; }
fresh debs
debs=(libinflect0 libinflect-dev inflect-say gstreamer1.0-inflect speech-dispatcher-inflect inflect-voices)
for d in "${debs[@]}"; do cp "$work"/say/root/"${d}"_*.deb "$work/debs/tmp/"; done
run_in debs 'apt-get update -q > /dev/null'
run_in debs "DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(printf '/tmp/%s_*.deb ' "${debs[@]}") gstreamer1.0-tools pkgconf" \
  > "$work/debs-install.log" 2>&1 || { tail -20 "$work/debs-install.log"; die "installing the .debs failed"; }
smoke debs | tee -a "$report"
note "the .debs: installed and the smoke test passed"
fi
