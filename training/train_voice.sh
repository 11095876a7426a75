#!/usr/bin/env bash
# Train (or keep training) a voice from an LJSpeech-style corpus, end to end.
#
#   training/train_voice.sh CORPUS_DIR NAME MINUTES [--speakers S] [--license L] [--reference R]
#                           [--espeak-voice LANG]
#
# Every stage resumes: ids, prosody targets and durations are made once (ids
# and durations again when what they are made from changed) and cached
# under ~/.cache/inflect-train; the acoustic model and the vocoder
# continue from their checkpoints there, or warm-start from models/NAME.gguf
# when there are none. The two trainers share the CPU for MINUTES, then the
# result is exported, evaluated, and copied to models/ only if it measures
# better than the voice shipped there (training/release_voice.py).
set -euo pipefail

if [ $# -lt 3 ]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
corpus=$1 name=$2 minutes=$3
shift 3
# 0 would mean no limit to the trainers, and a typo ("2h") failed later
# with no message.
if ! [[ $minutes =~ ^[0-9]+(\.[0-9]+)?$ ]] || [[ $minutes =~ ^0+(\.0+)?$ ]]; then
  echo "train_voice.sh: MINUTES must be a number above 0, not '$minutes'" >&2
  exit 2
fi
if [ ! -f "$corpus/metadata.csv" ]; then
  echo "train_voice.sh: $corpus has no metadata.csv (see docs/training.md, \"The stages\")" >&2
  exit 2
fi

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
py=/usr/bin/python3
# `-m training.<tool>` runs this tree's training package whatever the working directory holds.
export PYTHONPATH="$top" PYTHONSAFEPATH=1
work=${INFLECT_WORK:-$HOME/.cache/inflect-train}
key=$(basename "$corpus")
mkdir -p "$work"
shipped="$top/models/$name.gguf"
init=()
[ -f "$shipped" ] && init=(--init-voice "$shipped")

# Each stage is made again when what it is made from changed since: an
# edited transcript reaches the ids, new ids the durations.
# The language is the release's --espeak-voice too: ids and frontend agree.
espeak=()
for ((i = 1; i < $#; i++)); do
  [ "${!i}" = --espeak-voice ] && j=$((i + 1)) && espeak=(--espeak-voice "${!j}")
done
if [ ! -f "$work/ids-$key.json" ] || [ "$corpus/metadata.csv" -nt "$work/ids-$key.json" ]; then
  $py -m training.prepare_ids --corpus "$corpus" "${espeak[@]}"
fi
$py -m training.prosody --corpus "$corpus"
if [ ! -d "$work/durations-$key" ] || [ "$work/ids-$key.json" -nt "$work/durations-$key" ]; then
  rm -rf "$work/durations-$key"
  $py -m training.align --corpus "$corpus" --minutes 20
fi

# One core each: two single-threaded trainers waste less than one that
# spins two threads against the other's load.
$py -m training.train_acoustic --corpus "$corpus" --threads 1 --minutes "$minutes" "${init[@]}" \
  > "$work/acoustic-$key.log" 2>&1 &
acoustic=$!
$py -m training.train_vocoder --corpus "$corpus" --threads 1 --minutes "$minutes" "${init[@]}" \
  > "$work/vocoder-$key.log" 2>&1 &
vocoder=$!
echo "training $name for $minutes minutes; logs: $work/{acoustic,vocoder}-$key.log"
# Each trainer's status: `wait A B` reports only B's, and a crashed
# acoustic trainer went on to a release of its last checkpoint.
failed=0
for trainer in acoustic vocoder; do
  if ! wait "${!trainer}"; then
    echo "train_voice.sh: the $trainer trainer failed; the end of $work/$trainer-$key.log:" >&2
    tail -n 5 "$work/$trainer-$key.log" >&2
    failed=1
  fi
done
[ $failed = 0 ] || exit 1

$py -m training.release_voice --name "$name" \
  --acoustic "$work/acoustic-$key/checkpoint.pt" --vocoder "$work/vocoder-$key/checkpoint.pt" \
  --corpus "$corpus" "$@"
