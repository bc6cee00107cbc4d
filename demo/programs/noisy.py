#!/usr/bin/env python3
"""Logs a lot, to stdout and stderr, with ANSI colours and some non-ASCII text.

About 10 KB/s on stdout, so a 1 MB log file rotates every couple of minutes.
"""
import random
import signal
import sys
import time

COLOURS = {"DEBUG": "\033[2m", "INFO": "\033[32m", "WARN": "\033[33m", "ERROR": "\033[1;31m"}
RESET = "\033[0m"
PATHS = ["/api/orders", "/api/users/42", "/static/app.js", "/api/search?q=café", "/healthz"]
NOTES = ["cache hit", "cache miss", "slow upstream", "retrying", "température ok ✓", "日本語 ok"]


def line(level: str, n: int) -> str:
    path = random.choice(PATHS)
    took = random.randint(1, 900)
    note = random.choice(NOTES)
    return f"{COLOURS[level]}{level:<5}{RESET} #{n} {path} {took}ms {note} " + "x" * random.randint(0, 60)


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sys.stdout.reconfigure(line_buffering=True)
    sys.stderr.reconfigure(line_buffering=True)
    n = 0
    while True:
        for _ in range(20):
            n += 1
            print(line(random.choice(["DEBUG", "INFO", "INFO", "INFO"]), n))
        if random.random() < 0.3:
            print(line(random.choice(["WARN", "ERROR"]), n), file=sys.stderr)
        if random.random() < 0.01:
            print("INFO  a very long line: " + "0123456789" * 600)
        time.sleep(0.2)


if __name__ == "__main__":
    main()
