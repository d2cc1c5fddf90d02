"""``policykb synth``: write a synthetic population as JSON Lines, the same for the same seed."""

from __future__ import annotations

import random

import click

from pycli import atomic
from pycli.cli.options import guarded
from pycli.populations import synth
from pycli.reports import render


@click.command("synth")
@click.option("--n", "count", type=click.IntRange(0, 10_000_000), required=True, help="How many applicants.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of random.Random.")
@click.option("--out", required=True, metavar="FILE",
              help="JSON Lines file to write (replaced whole, never half-written).")
@guarded
def synth_command(count: int, seed: int, out: str) -> int:
    """Draw COUNT plausible enterprises of the four districts (docs/populations.md) into FILE."""
    atomic.check_target(out, "--out")
    rng = random.Random(seed)
    with atomic.replacing(out) as stream:  # a stopped run leaves no partial FILE
        for number in range(1, count + 1):
            stream.write(render.render("record.jsonl.j2", data=synth.applicant(rng, number)))
    return 0
