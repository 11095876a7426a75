#!/bin/sh
# Live inflectsrc, from the user's side (docs/benchmarks.md, "Live
# inflectsrc"): speaks a 13 s paragraph with `is-live=true latency=MS` into a
# synchronised fakesink, RUNS times, and counts the timeline restarts (the
# element's INFO line) and the DISCONT buffers after the first, each an
# audible gap, with how late synthesis was and where the gap fell.
#
#   GST_PLUGIN_PATH=build/gst bench/live_src.sh VOICE LATENCY_MS [RUNS]
set -eu
voice=$1
latency=$2
runs=${3:-5}
text="The committee met on Tuesday morning to review the plans for the new \
library. After a long discussion, they agreed to open the building in the \
spring. Volunteers will help move the books, and the city will pay for the \
new shelves."
log=$(mktemp)
trap 'rm -f "$log"' EXIT

i=0
while [ "$i" -lt "$runs" ]; do
  i=$((i + 1))
  GST_DEBUG=inflectsrc:4 GST_DEBUG_NO_COLOR=1 gst-launch-1.0 -v \
    inflectsrc is-live=true voice="$voice" latency="$latency" text="$text" \
    ! fakesink sync=true silent=false >"$log" 2>&1
  restarts=$(grep -c "restarting the timeline" "$log" || true)
  disconts=$(grep "chain" "$log" | grep -c "discont" || true)
  behind=$(grep -o "fell behind by [0-9:.]*" "$log" | sed 's/fell behind by //' | tr '\n' ' ')
  at=$(grep "chain" "$log" | grep "discont" | sed 1d | grep -o "offset: [0-9]*" | sed 's/offset: //' | tr '\n' ' ')
  echo "run $i: latency=$latency restarts=$restarts discont_after_first=$((disconts - 1)) behind=[ $behind] at_sample=[ $at] load=$(cut -d' ' -f1 /proc/loadavg)"
done
