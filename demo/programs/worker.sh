#!/usr/bin/env bash
# One of several identical queue workers (supervisord runs three with numprocs).
set -u
name="${SUPERVISOR_PROCESS_NAME:-worker}"
sleeper=""
trap 'kill $sleeper 2>/dev/null; echo "$name: finishing current job and exiting"; exit 0' TERM INT

echo "$name: waiting for jobs"
while true; do
  job=$((RANDOM * 7 % 100000))
  echo "$name: job $job done in $((RANDOM % 900 + 50)) ms"
  sleep $((RANDOM % 4 + 1)) &
  sleeper=$!
  wait "$sleeper"
done
