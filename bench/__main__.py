"""policykb benchmarks: ``python -m bench [--quick] [SECTION ...]``.

Sections: latency, grounding, scaling, reuse, populations, strategies, value, design, plan, serve
(default: all, in that order).  Plain-text tables go to stdout.  --quick uses fewer runs, sizes
up to 1,000, 60 applicants instead of 300 and shorter limits; the full run took 24
minutes on the 2-core machine of docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

from . import common

SECTIONS = ("latency", "grounding", "scaling", "reuse", "populations", "strategies", "value", "design", "plan", "serve")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller sizes, shorter limits")
    parser.add_argument("sections", nargs="*", metavar="SECTION",
                        help=f"any of {', '.join(SECTIONS)} (default: all)")
    args = parser.parse_args(argv)
    unknown = [s for s in args.sections if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section {unknown[0]!r} (choose from {', '.join(SECTIONS)})")
    # Measure as an ordinary install runs: with a bytecode cache (kept out of the checkout).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.setdefault("PYTHONPYCACHEPREFIX", os.path.join(tempfile.gettempdir(), "policykb-bench-pycache"))
    common.timed_run([sys.executable, "-c", "import pycli.cli.main, bench.worker"], 1, common.child_env())
    print(common.machine())
    try:
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    except OSError:
        pass
    print(f"mode: {'quick' if args.quick else 'full'}\n", flush=True)
    for name in args.sections or SECTIONS:
        started = time.perf_counter()
        module = __import__(f"bench.{name}", fromlist=["run"])
        print(module.run(args.quick))
        print(f"({name}: {time.perf_counter() - started:.0f} s)\n", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
