"""``policykb serve``: the web API and the browser form, on uvicorn, bound to the loopback address by default."""

from __future__ import annotations

import os

import click

from pycli.cli.options import guarded
from pycli.errors import InputError


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but a loopback address makes the service reachable from elsewhere.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes, each parsing the knowledge base once.")
# Not called time_limit: guarded bounds a whole command by a `time_limit` parameter, and a
# server runs until stopped; this one bounds each request instead.
@click.option("--time-limit", "request_time_limit", type=click.FloatRange(min=0.001), default=10.0, show_default=True, metavar="SECONDS",
              help="The solver's time limit for each request; a request may ask for less, never more.")
@click.option("--max-body", type=click.IntRange(1024), default=2 * 1024 * 1024, show_default=True, metavar="BYTES",
              help="Largest request body accepted (413 above).")
@click.option("--slots", type=click.IntRange(1, 256), default=8, show_default=True,
              help="Requests running at once in each worker (those of /optimize are solved together).")
@click.option("--queue", type=click.IntRange(0, 10_000), default=32, show_default=True,
              help="Requests waiting for a slot in each worker; past that, 503 at once.")
@click.option("--allow-origin", "allow_origins", multiple=True, metavar="ORIGIN",
              help="Allow cross-origin requests from ORIGIN (CORS is off unless given).")
@guarded
def serve(host: str, port: int, workers: int, request_time_limit: float, max_body: int, slots: int, queue: int,
          allow_origins: tuple[str, ...]) -> int:
    """Serve the API (POST /optimize, /explain, ...; /docs) and the browser form at /."""
    try:
        import uvicorn

        from pycli.service.limits import CONFIG_ENV, Config
    except ImportError as exc:  # the service's dependencies are part of the package; say which one is missing
        raise InputError("serve", "", f"cannot start: {exc}") from None
    config = Config(time_limit=request_time_limit, max_body=max_body, slots=slots, queue=queue, allow_origins=allow_origins)
    # uvicorn's worker processes build the app themselves; the configuration reaches them here.
    os.environ[CONFIG_ENV] = config.to_env()
    click.echo(f"policykb serve: http://{host}:{port}/ (form), /docs (API), {workers} worker(s); Ctrl-C stops",
               err=True)
    uvicorn.run("pycli.service.app:create_app", factory=True, host=host, port=port, workers=workers,
                log_level="warning", server_header=False, limit_concurrency=None, timeout_graceful_shutdown=5)
    return 0
