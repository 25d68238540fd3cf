"""Speed and memory of the commands a school runs, against the project's targets.

Run from the project folder:  python benchmarks/build_speed.py [--repeat N]

Not a test: timings depend on the machine. It prints each command's best wall
time and peak memory, and exits 1 when a target is missed, so it can be run
before a release or on a change that might make builds slower.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# (label, arguments to `python -m generator`, seconds, MiB) on a 2-core machine; measured
# 2026-11-21 with 9 schools: 3.4 s / 81 MiB, 8.8 s / 143 MiB, 69 s / 210 MiB.
TARGETS = [
    ("check every school", ["check"], 10, 256),
    ("build one school (site and all its PDFs)", ["build", "demo"], 30, 512),
    ("build every school", ["build"], 180, 512),
]
# Runs one command and reports its peak memory: each probe has exactly one child.
PROBE = ("import json, resource, subprocess, sys; "
         "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
         "print(json.dumps({'code': code, 'kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))")


def measure(args: list[str], out: Path) -> tuple[float, float, int]:
    command = [sys.executable, "-m", "generator", *args] + (["--out", str(out)] if args[0] == "build" else [])
    start = time.perf_counter()
    probe = subprocess.run([sys.executable, "-c", PROBE, *command], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    report = json.loads(probe.stdout)
    return seconds, report["kib"] / 1024, report["code"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per command; the best time counts")
    repeat = parser.parse_args().repeat
    missed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for label, args, max_seconds, max_mib in TARGETS:
            runs = [measure(args, Path(tmp) / "site") for _ in range(repeat)]
            seconds, mib = min(r[0] for r in runs), max(r[1] for r in runs)
            ok = all(r[2] == 0 for r in runs) and seconds <= max_seconds and mib <= max_mib
            missed += not ok
            print(f"{'ok  ' if ok else 'MISS'} {label}: {seconds:.1f} s (target {max_seconds} s), "
                  f"{mib:.0f} MiB peak (target {max_mib} MiB)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
