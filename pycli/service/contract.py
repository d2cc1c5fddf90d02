"""The OpenAPI description of the request bodies (docs/api.md says the same in prose).

Bodies are read by pycli.service.bodies, not by a second model: these schemas only
describe them, and the applicant's is the applicant JSON Schema itself.
"""

from __future__ import annotations

from typing import Any

from pycli.input.schema import applicant_schema

#: Version of the web API: paths, bodies and error shape (the results carry their own versions).
API_VERSION = "1.0"

_APPLICANT = {"$ref": "#/components/schemas/Applicant"}
_OPTIONS: dict[str, Any] = {
    "as_of": {"type": "string", "format": "date", "description": "Evaluation date (--as-of)."},
    "horizon": {"type": "integer", "minimum": 1, "maximum": 50, "description": "Years of annual awards (--horizon)."},
    "assume": {"description": "Readings switched (--assume), as NAME=VALUE texts or a mapping.",
               "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}]},
    "reform": {"description": "A shipped reform's name (GET /reforms) or a reform as data (the reform file format).",
               "oneOf": [{"type": "string"}, {"type": "object"}]},
    "time_limit": {"type": "number", "exclusiveMinimum": 0,
                   "description": "Seconds for the search (--time-limit), at most the server's."},
}
_WHO: dict[str, Any] = {
    "applicant": _APPLICANT,
    "applicant_text": {"type": "string", "description": "The text of a YAML or JSON applicant file, instead of applicant."},
    "source": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$",
               "description": "The name messages give the applicant (default: applicant); never opened."},
}
_SETS = {"type": "array", "items": {"type": "string"}}

BODIES: dict[str, dict[str, Any]] = {
    "optimize": {**_WHO, **_OPTIONS},
    "validate": _WHO,
    "explain": {**_WHO, **_OPTIONS, "clause": {"type": "string", "description": "Explain one clause only."},
                "alternatives": {"type": "integer", "minimum": 0, "description": "Next-best portfolios to find."}},
    "whatif": {**_WHO, **_OPTIONS, "sets": {**_SETS, "description": "PATH=VALUE changes of the variant (--set)."},
               "baseline_reform": {"description": "The baseline's reform (--baseline-reform)."},
               "variant_assume": {"description": "Readings switched in the variant only, as NAME=VALUE texts."}},
    "compare": {**_WHO, **_OPTIONS, "districts": {"type": "string", "description": "all, or e.g. xicheng,tongzhou+pilot_zone."}},
    "sweep": {**_WHO, **_OPTIONS, "sets": {**_SETS, "description": "One or two PATH=START:STOP:STEP (--set)."}},
    "batch": {**_OPTIONS, "applicants": {"type": "array", "items": _APPLICANT}},
}


def request_body(name: str) -> dict[str, Any]:
    """The ``openapi_extra`` of one POST endpoint: its JSON body."""
    schema = {"type": "object", "additionalProperties": False, "properties": BODIES[name]}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def components() -> dict[str, Any]:
    """Schemas the bodies refer to, and the error every failure returns."""
    applicant = {k: v for k, v in applicant_schema().items() if k not in ("$schema", "$id")}
    return {
        "Applicant": applicant,
        "Error": {"type": "object", "required": ["error", "exit_status"], "properties": {
            "error": {"type": "string", "description": "The one line `policykb` prints after 'policykb: '."},
            "exit_status": {"type": "integer", "description": "The exit status the command line gives."},
            "api_version": {"type": "string"}}},
    }
