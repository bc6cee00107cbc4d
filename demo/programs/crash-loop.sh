#!/usr/bin/env bash
# Fails at once, every time: its manager retries a few times, then gives up.
echo "gateway: starting"
echo "gateway: error: cannot read /etc/gateway/gateway.toml: no such file or directory" >&2
exit 78
