#!/usr/bin/env bash
# Run by `./mvnw verify -Pjmeter` after JMeter passed: stops the timelab server the profile started (SIGTERM, so it
# drains, forces and closes its access log), then checks that every JMeter sample is one request the server served
# and one line of its access log.
#   stop-and-check.sh SERVER_OUTPUT ACCESS_LOG JMETER_RESULTS_CSV
set -euo pipefail

out="$1" log="$2" results="$3"

pid="$(sed -n 's/.* pid \([0-9][0-9]*\), Java .*/\1/p' "$out" | head -n1)"
if [[ -z "$pid" ]]; then
  echo "stop-and-check: no 'pid N' in $out" >&2
  exit 1
fi
kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 1 600); do            # up to 60 s: the server's grace period plus draining the log
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
  echo "stop-and-check: the timelab server (pid $pid) is still running 60 s after SIGTERM" >&2
  exit 1
fi
for _ in $(seq 1 50); do             # its output file is complete once the last line is in
  grep -q '^access log: [0-9]* line' "$out" && break
  sleep 0.1
done

requests="$(sed -n 's/^final status .* requests=\([0-9][0-9]*\) .*/\1/p' "$out")"
lines="$(wc -l < "$log")"
samples="$(( $(wc -l < "$results") - 1 ))"   # the CSV has one header line

echo "timelab server:  $(grep '^final status' "$out")"
echo "timelab server:  $(grep '^access log: [0-9]* line' "$out")"
echo "JMeter samples:  $samples   server requests: $requests   access-log lines: $lines"
echo "first log lines:"
head -n 3 "$log" | sed 's/^/  /'

if [[ "$samples" != "$requests" || "$requests" != "$lines" ]]; then
  echo "stop-and-check: samples, requests and log lines differ" >&2
  exit 1
fi
