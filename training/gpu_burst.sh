#!/usr/bin/env bash
# One GPU burst: vocoder then acoustic training on CUDA in mixed precision for a fixed wall time,
# from the latest checkpoints, new slim checkpoints written to OUT.
#
#   training/gpu_burst.sh --bundle DIR --out OUT [options]   from a bundle (python3 -m training.burst bundle)
#   training/gpu_burst.sh --corpus DIR --out OUT [options]   from ~/.cache/inflect-train (or $INFLECT_WORK)
#
#   --minutes M          whole wall time, at most 9 (default 8.5); the vocoder gets 2/3 of it, or all
#                        of it where the acoustic part is skipped
#   --steps N            instead: N steps each (a dry run)
#   --device D           cuda (default when PyTorch sees a GPU) or cpu (dry runs only; no mixed precision)
#   --voice NAME         warm-start a part that has no checkpoint from models/NAME.gguf
#   --vocoder-args "..." --acoustic-args "..."   passed on to training.train_vocoder / training.train_acoustic
#
# OUT receives vocoder.pt and acoustic.pt (no optimiser state; see training/burst.py) and burst.log.
# The acoustic part is skipped, and says so, when the corpus has no ids or durations yet.
set -euo pipefail

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bundle="" corpus="" out="" minutes=8.5 steps="" device="" voice=""
vocoder_args="" acoustic_args=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) bundle=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --minutes) minutes=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --device) device=$2; shift 2 ;;
    --voice) voice=$2; shift 2 ;;
    --vocoder-args) vocoder_args=$2; shift 2 ;;
    --acoustic-args) acoustic_args=$2; shift 2 ;;
    *) usage ;;
  esac
done
[ -n "$out" ] && { [ -n "$bundle" ] || [ -n "$corpus" ]; } || usage

# The interpreter that has PyTorch: Debian's here, the image's own python3 on a GPU machine.
py=""
for p in ${PYTHON:-} python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import torch, numpy' 2>/dev/null; then py=$p; break; fi
done
[ -n "$py" ] || { echo "gpu_burst: no python3 with PyTorch and numpy" >&2; exit 1; }
# `-m training.<tool>` runs this tree's training package whatever the working directory holds.
export PYTHONPATH="$top" PYTHONSAFEPATH=1
if [ -z "$device" ]; then
  if "$py" -c 'import sys, torch; sys.exit(not torch.cuda.is_available())'; then
    device=cuda
  else
    echo "gpu_burst: PyTorch sees no CUDA GPU here; --device cpu runs a (slow) dry run" >&2
    exit 1
  fi
fi
amp=()
[ "${device%%:*}" = cuda ] && amp=(--amp)
if [ -z "$steps" ] && ! awk -v m="$minutes" 'BEGIN { exit !(m > 1 && m <= 9) }'; then
  echo "gpu_burst: --minutes must be over 1 and at most 9, not $minutes" >&2
  exit 2
fi

if [ -n "$bundle" ]; then
  [ -f "$bundle/bundle.json" ] || { echo "gpu_burst: $bundle has no bundle.json (python3 -m training.burst bundle)" >&2; exit 1; }
  export INFLECT_WORK=$(cd "$bundle/work" && pwd)
  key=$("$py" -c 'import json, sys; print(json.load(open(sys.argv[1]))["corpus"])' "$bundle/bundle.json")
  corpus="$(cd "$bundle/corpus/$key" && pwd)"
  [ -n "$voice" ] || voice=$("$py" -c 'import json, sys; print(json.load(open(sys.argv[1]))["voice"] or "")' \
                               "$bundle/bundle.json")
else
  export INFLECT_WORK=${INFLECT_WORK:-$HOME/.cache/inflect-train}
  key=$(basename "$corpus")
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
log="$out/burst.log"
: > "$log"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/inflect-burst.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
say() { echo "gpu_burst: $*" | tee -a "$log" >&2; }
say "corpus $key from $INFLECT_WORK on $device (${amp[*]:-full precision}) with $py"

# One part: copy its checkpoint to scratch (the source is never written), train, bring back a slim copy.
run_part() {
  local part=$1 share=$2 extra=$3
  local src="$INFLECT_WORK/$part-$key/checkpoint.pt" work="$scratch/$part" limit=()
  mkdir -p "$work"
  local start=0
  if [ -f "$src" ]; then
    cp "$src" "$work/checkpoint.pt"
    start=$("$py" -c 'import sys, torch; print(torch.load(sys.argv[1], map_location="cpu")["step"])' "$src")
  elif [ -n "$voice" ]; then
    limit+=(--init-voice "$top/models/$voice.gguf")
  fi
  local seconds what
  if [ -n "$steps" ]; then
    limit+=(--steps $((start + steps)))
    seconds=3600 what="$steps steps"
  else
    seconds=$(awk -v m="$minutes" -v s="$share" 'BEGIN { printf "%d", m * s * 60 }')
    # The trainer's own clock starts after loading; timeout's SIGTERM (the trainer saves and stops)
    # keeps the part within its share whatever the loading took.
    limit+=(--minutes "$(awk -v t="$seconds" 'BEGIN { printf "%.2f", (t - 45) / 60 }')")
    what="$seconds s"
  fi
  say "$part: from step $start, $what"
  local rc=0
  # shellcheck disable=SC2086  # extra holds the caller's trainer options, split on purpose
  timeout -s TERM -k 30 "$seconds" "$py" -m "training.train_$part" --corpus "$corpus" --work "$work" \
    --device "$device" "${amp[@]}" --sample-every 1000000000 "${limit[@]}" $extra >> "$log" 2>&1 || rc=$?
  if [ ! -f "$work/checkpoint.pt" ] || { [ $rc -ne 0 ] && [ $rc -ne 124 ]; }; then
    say "$part: trainer failed (exit $rc); the end of $log:"
    tail -n 20 "$log" >&2
    return 1
  fi
  "$py" -m training.burst slim "$work/checkpoint.pt" "$out/$part.pt" | tee -a "$log" >&2
}

status=0
# A corpus without ids or durations trains no acoustic model: the vocoder then has the whole burst.
if [ -f "$INFLECT_WORK/ids-$key.json" ] && [ -d "$INFLECT_WORK/durations-$key" ]; then
  run_part vocoder 0.667 "$vocoder_args" || status=1
  run_part acoustic 0.333 "$acoustic_args" || status=1
else
  say "acoustic: skipped, no ids-$key.json or durations-$key in $INFLECT_WORK"
  run_part vocoder 1 "$vocoder_args" || status=1
fi
exit $status
