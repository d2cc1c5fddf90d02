"""The web application of `policykb serve`: the JSON API, its OpenAPI description, and the browser form.

Every response body is rendered by the command line's own code (the result models'
``to_json`` through templates/result.json.j2, or the text and HTML templates), so the
API's contract is the `--format json` contract.  Every failure is a JSON object holding
the one line the command line prints and its exit status; no traceback ever leaves.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response

from pycli import __version__
from pycli.cli.explain import render_explanation
from pycli.cli.main import render_result
from pycli.cli.research import render_compare, render_sweep, render_whatif
from pycli.errors import EXIT_INTERNAL, EXIT_NOT_PROVEN, InputError, NotProvenError, PolicyError
from pycli.input import load, reform
from pycli.input.schema import vocabulary
from pycli.reports import render
from pycli.service import bodies, contract
from pycli.service.engine import Engine, example, examples, schema
from pycli.service.limits import Config, Gate, Refused, read_body

_MEDIA = {"json": "application/json", "text": "text/plain; charset=utf-8", "md": "text/markdown; charset=utf-8",
          "html": "text/html; charset=utf-8", "csv": "text/csv; charset=utf-8"}
#: Nothing the pages load comes from another origin; the explanation's inline style is its own.
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'")
_STATIC = resources.files("pycli.service") / "static"


def _status(exc: PolicyError) -> int:
    if isinstance(exc, Refused):
        return exc.status
    if isinstance(exc, InputError):
        return 400 if exc.source == bodies.BODY and exc.problem.startswith("not valid JSON") else 422
    if isinstance(exc, NotProvenError):
        return 504 if "time limit" in str(exc) else 422
    return 500 if exc.exit_status == EXIT_INTERNAL else 422


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(render.render("result.json.j2", data=data), status_code=status,
                    media_type=_MEDIA["json"], headers=headers)


def _error(message: str, exit_status: int, status: int) -> Response:
    body = {"error": message, "exit_status": exit_status, "api_version": contract.API_VERSION}
    return _json(body, status, {"Retry-After": "1"} if status == 503 else None)


#: The formats of optimize, whatif and compare, the command line's (the first the default).
RESULT_FORMATS = ("json",) + tuple(f for f in render.FORMATS if f != "json")


def _choice(request: Request, name: str, allowed: tuple[str, ...]) -> str:
    value = request.query_params.get(name, allowed[0])
    if value not in allowed:
        raise InputError(bodies.BODY, name, f"expected one of {', '.join(allowed)}, got {value!r}")
    return value


def _shown(text: str, fmt: str, optimal: bool) -> Response:
    """A command's output; X-Policykb-Exit-Status is the status the command line would exit with."""
    return Response(text, media_type=_MEDIA[fmt], headers={"X-Policykb-Exit-Status": "0" if optimal else
                                                           str(EXIT_NOT_PROVEN)})


def _with(evaluation: tuple[Any, Any, float], what: Any) -> tuple[Any, Any, Any, float]:
    """(applicant, WHAT, settings, time limit): the argument order of Engine.compare and sweep."""
    applicant, settings, limit = evaluation
    return applicant, what, settings, limit


def create_app(config: Config | None = None) -> FastAPI:
    """The application, with the knowledge base parsed now (once per worker process)."""
    config = config or Config.from_env()
    engine, gate = Engine(), Gate(config.slots, config.queue)
    wall = config.time_limit + config.grace
    app = FastAPI(title="policykb", version=contract.API_VERSION, docs_url=None, redoc_url=None,
                  description="Beijing district data-industry support measures as rules: optimise, explain, "
                              "compare. Request and response bodies are the `--format json` contracts (docs/api.md).")
    app.state.engine, app.state.gate, app.state.config = engine, gate, config
    if config.allow_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(config.allow_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type"])

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", _CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Policykb-Api"] = contract.API_VERSION
        return response

    @app.exception_handler(PolicyError)
    async def policy_error(_request: Request, exc: PolicyError) -> Response:
        return _error(str(exc), exc.exit_status, _status(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        what = "no such path" if exc.status_code == 404 else str(exc.detail)
        return _error(f"request: {request.url.path}: {what}", 2, exc.status_code)

    @app.exception_handler(Exception)
    async def internal_error(_request: Request, exc: Exception) -> Response:
        return _error(f"internal error: {type(exc).__name__}: {exc}".splitlines()[0], EXIT_INTERNAL, 500)

    async def body(request: Request, allowed: set[str]) -> dict[str, Any]:
        data = bodies.parse(await read_body(request, config.max_body))
        bodies.check_keys(data, allowed)
        return data

    def options(data: dict[str, Any]) -> tuple[Any, Any, float]:
        return bodies.applicant(data), bodies.settings(data), bodies.time_limit(data, config.time_limit)

    async def run(work: Callable[[], Any]) -> Any:
        return await gate.run(work, wall)

    evaluating = bodies.APPLICANT_KEYS | bodies.OPTION_KEYS

    @app.post("/optimize", summary="The proven optimum (policykb optimize)", openapi_extra=contract.request_body("optimize"))
    async def optimize(request: Request) -> Response:
        fmt, lang = _choice(request, "format", RESULT_FORMATS), _choice(request, "lang", render.LANGUAGES)
        data = await body(request, evaluating)
        res = await run(lambda: engine.optimize(*options(data)))
        return _shown(render_result(res, fmt, lang), fmt, res.optimal)

    @app.post("/explain", summary="The trace back to the law (policykb explain)", openapi_extra=contract.request_body("explain"))
    async def explain(request: Request) -> Response:
        fmt, lang = _choice(request, "format", ("json", "html", "text", "md")), _choice(request, "lang", render.LANGUAGES)
        data = await body(request, evaluating | {"clause", "alternatives"})
        chosen = bodies.explain_options(data, config.max_alternatives)
        e = await run(lambda: engine.explain(*options(data), clause=chosen.clause, alternatives=chosen.alternatives))
        return _shown(render_explanation(e, fmt, lang), fmt, e.result.optimal)

    @app.post("/whatif", summary="The applicant against the applicant changed (policykb whatif)",
              openapi_extra=contract.request_body("whatif"))
    async def whatif(request: Request) -> Response:
        fmt, lang = _choice(request, "format", RESULT_FORMATS), _choice(request, "lang", render.LANGUAGES)
        data = await body(request, evaluating | {"sets", "baseline_reform", "variant_assume"})

        def work() -> Any:
            applicant, limit = bodies.applicant(data), bodies.time_limit(data, config.time_limit)
            baseline = bodies.settings(data, reform_key="baseline_reform")
            variant = bodies.settings(data, extra_assume=bodies.assumptions(data, "variant_assume"))
            return engine.whatif(applicant, bodies.sets(data), baseline, variant, limit)
        model = await run(work)
        return _shown(render_whatif(model, fmt, lang), fmt, model.optimal)

    @app.post("/compare", summary="The applicant in each district (policykb compare)", openapi_extra=contract.request_body("compare"))
    async def compare(request: Request) -> Response:
        fmt, lang = _choice(request, "format", RESULT_FORMATS), _choice(request, "lang", render.LANGUAGES)
        data = await body(request, evaluating | {"districts"})
        model = await run(lambda: engine.compare(*_with(options(data), bodies.districts(data))))
        return _shown(render_compare(model, fmt, lang), fmt, model.optimal)

    @app.post("/sweep", summary="The optimum along a field (policykb sweep)", openapi_extra=contract.request_body("sweep"))
    async def sweep(request: Request) -> Response:
        fmt = _choice(request, "format", ("json", "text", "csv"))
        data = await body(request, evaluating | {"sets"})
        model = await run(lambda: engine.sweep(*_with(options(data), bodies.sets(data, required=True)),
                                               most_points=config.max_sweep))
        return _shown(render_sweep(model, fmt), fmt, model.optimal)

    @app.post("/validate", summary="An applicant checked and returned as JSON (what the form loads)",
              openapi_extra=contract.request_body("validate"))
    async def validate(request: Request) -> Response:
        data = await body(request, bodies.APPLICANT_KEYS)

        def work() -> Any:
            raw = bodies.raw_applicant(data)
            load.validate(raw, bodies.source(data))
            return raw
        return _json({"schema_version": "1.0", "applicant": await run(work)})

    @app.post("/batch", summary="One record per applicant (policykb batch)", openapi_extra=contract.request_body("batch"))
    async def batch(request: Request) -> Response:
        data = await body(request, bodies.OPTION_KEYS | {"applicants"})
        applicants = bodies.batch_applicants(data, config.max_batch)
        baseline = bodies.settings({k: v for k, v in data.items() if k != "reform"})
        reformed = bodies.settings(data) if data.get("reform") is not None else None
        records = await run(lambda: engine.batch(applicants, baseline, reformed))
        return _json({"schema_version": "1.0", "command": "batch", "records": records})

    @app.get("/clauses", summary="Every clause (policykb clauses)")
    async def clauses(request: Request) -> Response:
        query = request.query_params
        district = query.get("district")
        if district is not None and district not in vocabulary()["districts"]:
            raise InputError("--district", district, f"expected one of {', '.join(vocabulary()['districts'])}")
        settings = bodies.settings({"as_of": query.get("as_of")})
        listing = await run(lambda: engine.clauses(settings, district, query.get("search")))
        return _json(listing.to_json())

    @app.get("/clauses/{clause_id}", summary="One clause")
    async def clause(clause_id: str, request: Request) -> Response:
        settings = bodies.settings({"as_of": request.query_params.get("as_of")})
        listing = await run(lambda: engine.clauses(settings, None, None))
        found = [c for c in listing.to_json()["clauses"] if c["id"] == clause_id]
        if not found:
            raise Refused(404, str(InputError("clause", clause_id, "unknown clause id (see GET /clauses)")))
        return _json({"schema_version": "1.0", "command": "clause", "clause": found[0]})

    @app.get("/schema", summary="The applicant JSON Schema (policykb schema)")
    async def applicant_schema() -> Response:
        return _json(schema())

    @app.get("/assumptions", summary="The named readings and their values")
    async def assumptions() -> Response:
        return _json(await run(engine.assumptions))

    @app.get("/reforms", summary="The shipped reforms, as data a request may send back changed")
    async def reforms() -> Response:
        listed = []
        for name, path in reform.shipped().items():
            data = load.parse_text(path.name, path.read_text(encoding="utf-8"))
            listed.append({"name": name, "title": data.get("name", name), "description": data.get("description", ""),
                           "reform": data})
        return _json({"schema_version": "1.0", "reforms": listed})

    @app.get("/examples", summary="The shipped example applicants")
    async def example_list() -> Response:
        return _json({"schema_version": "1.0", "examples": list(examples())})

    @app.get("/examples/{name}", summary="One shipped example applicant, as text and as data")
    async def example_one(name: str) -> Response:
        shipped = examples()
        if name not in shipped:
            raise Refused(404, str(InputError("example", name, f"no such example (known: {', '.join(shipped)})")))
        return _json(example(shipped[name]))

    @app.get("/health", summary="Alive, and how loaded")
    async def health() -> Response:
        return _json({"status": "ok", "version": __version__, "api_version": contract.API_VERSION,
                      "gate": gate.status(), "time_limit": config.time_limit,
                      "optimize": {"solved": engine.batcher.solved, "groundings": engine.batcher.batches}})

    _pages(app)
    return app


def _pages(app: FastAPI) -> None:
    """The browser form, the docs page and their static files (all served from here)."""
    page = partial(FileResponse, media_type=_MEDIA["html"])

    @app.get("/", include_in_schema=False)
    async def form() -> Response:
        return page(str(_STATIC / "index.html"))

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        return page(str(_STATIC / "docs.html"))

    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            described = original()
            described.setdefault("components", {}).setdefault("schemas", {}).update(contract.components())
            app.openapi_schema = described
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.mount("/static", StaticFiles(packages=[("pycli.service", "static")]), name="static")
