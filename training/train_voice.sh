#!/usr/bin/env bash
# Train (or keep training) a voice from an LJSpeech-style corpus, end to end.
#
#   training/train_voice.sh CORPUS_DIR NAME MINUTES [--speakers S] [--license L] [--reference R]
#
# Every stage resumes: ids, prosody targets and durations are made once and
# cached under ~/.cache/inflect-train; the acoustic model and the vocoder
# continue from their checkpoints there, or warm-start from models/NAME.gguf
# when there are none. The two trainers share the CPU for MINUTES, then the
# result is exported, evaluated, and copied to models/ only if it measures
# better than the voice shipped there (training/release_voice.py).
set -euo pipefail

if [ $# -lt 3 ]; then
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
corpus=$1 name=$2 minutes=$3
shift 3

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

[ -f "$work/ids-$key.json" ] || $py -m training.prepare_ids --corpus "$corpus"
$py -m training.prosody --corpus "$corpus"
[ -d "$work/durations-$key" ] || $py -m training.align --corpus "$corpus" --minutes 20

# One core each: two single-threaded trainers waste less than one that
# spins two threads against the other's load.
$py -m training.train_acoustic --corpus "$corpus" --threads 1 --minutes "$minutes" "${init[@]}" \
  > "$work/acoustic-$key.log" 2>&1 &
acoustic=$!
$py -m training.train_vocoder --corpus "$corpus" --threads 1 --minutes "$minutes" "${init[@]}" \
  > "$work/vocoder-$key.log" 2>&1 &
vocoder=$!
echo "training $name for $minutes minutes; logs: $work/{acoustic,vocoder}-$key.log"
wait $acoustic $vocoder

$py -m training.release_voice --name "$name" \
  --acoustic "$work/acoustic-$key/checkpoint.pt" --vocoder "$work/vocoder-$key/checkpoint.pt" \
  --corpus "$corpus" "$@"
