"""Checks the action server's replies with a validator built once, not once per action.

Rasa 3.6 checks every custom action's reply with `jsonschema.validate(result, schema)`,
which first validates the large events schema itself against the JSON Schema meta-schema
and builds a new validator, on every call. Profiled under load (bench/load.py) that was
30% of the Rasa server's CPU. `install()` swaps in the same check (same schema, same
best-matching error, same message) with the schema checked once. The REST channel module
calls it, so it is in place in every Rasa server of this project.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict

from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from rasa.core.actions import action
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _validator():
    schema = action.RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(_action, result: Dict[str, Any]) -> bool:
    """`RemoteAction._validate_action_result`, with the validator built once."""
    error = best_match(_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from "
        f"the Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions")
    raise error


def install() -> None:
    action.RemoteAction._validate_action_result = validate_action_result


__all__ = ["ValidationError", "install", "validate_action_result"]
