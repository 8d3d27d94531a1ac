"""The once-built check of action server replies accepts and rejects exactly what Rasa's does."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from scale.action_validation import validate_action_result

REPLIES = [
    {"events": [{"event": "slot", "name": "stage", "value": "check", "timestamp": None}],
     "responses": [{"text": "Did that spot ease?"}, {"custom": {"hold": {"seconds": 12}}}]},
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "value": 1}], "responses": "not a list"},
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
]


def outcome(check, reply):
    try:
        return check(reply)
    except ValidationError as error:
        return error.message


@pytest.mark.parametrize("reply", REPLIES)
def test_same_verdict_and_message_as_rasa(reply):
    action = RemoteAction.__new__(RemoteAction)  # the check uses no state of the action
    stock = outcome(lambda r: RemoteAction._validate_action_result(action, r), reply)
    ours = outcome(lambda r: validate_action_result(action, r), reply)
    assert ours == stock
