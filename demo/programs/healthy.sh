#!/usr/bin/env bash
# A well-behaved long-running service: a heartbeat line every few seconds, a clean exit on SIGTERM.
set -u
name="${1:-web}"
sleeper=""
trap 'kill $sleeper 2>/dev/null; echo "$name: SIGTERM received, shutting down cleanly"; exit 0' TERM INT

echo "$name: listening on 127.0.0.1:8$((RANDOM % 900 + 100)) (pid $$)"
n=0
while true; do
  n=$((n + 1))
  echo "$name: GET /health 200 in $((RANDOM % 40 + 2)) ms (request #$n)"
  sleep 5 &
  sleeper=$!
  wait "$sleeper"
done
