#!/usr/bin/env bash
# Works for 20-60 s, then dies: usually with an unexpected exit code, sometimes by a signal.
set -u
sleeper=""
trap 'kill $sleeper 2>/dev/null; echo "importer: stopped"; exit 0' TERM INT

lifetime=$((20 + RANDOM % 41))
echo "importer: connected to upstream, importing batches"
for ((t = 0; t < lifetime; t += 3)); do
  echo "importer: imported batch of $((RANDOM % 500 + 1)) records"
  sleep 3 &
  sleeper=$!
  wait "$sleeper"
done

case $((RANDOM % 4)) in
  0)
    echo "importer: assertion failed: cursor moved backwards" >&2
    kill -ABRT $$
    ;;
  1)
    echo "importer: out of memory while decoding batch" >&2
    exit 137
    ;;
  *)
    echo "importer: fatal: upstream closed the connection" >&2
    exit 1
    ;;
esac
