"""The hold contract in the session flow: every stop is announced, every resume sends the hold again."""
import random

import pytest

from actions import holds
from actions.screen import note_contraindications
from actions.session_flow import SessionFlow
from actions.session_state import ACTIVE_STAGES, Turn
from tests.actions.flow_helpers import Conversation, to_first_hold


def to_rest(conv):
    """Through all three spots without a release, then yes to the rest."""
    to_first_hold(conv)
    for spot in range(3):
        conv.say("hold_finished")
        conv.say("report_not_released")
        if spot < 2:
            conv.say("continue_session")
    conv.say("affirm")
    return conv


def test_the_payload_carries_the_cues_from_the_domain():
    hold = to_first_hold(Conversation()).hold
    assert hold == {"id": "h1", "kind": "hold", "seconds": 12, "side": "left", "spot": "upper", "round": 1,
                    "cues": {"start": "Press gently and hold.", "end": "And release."},
                    "finish_payload": '/hold_finished{"hold_id": "h1"}'}
    assert to_rest(Conversation()).hold["cues"] == {"start": "Rest.", "end": "Rest is over."}


@pytest.mark.parametrize("intent,entities,reason,responses", [
    ("pause", {}, "pause", ["hold_stop", "utter_paused"]),
    ("feel_pulse", {}, "pulse", ["hold_stop", "utter_pulse_move_off"]),
    ("too_much_pain", {}, "hurts", ["hold_stop", "utter_ease_off"]),
    ("switch_sides", {}, "switch", ["hold_stop", "utter_switch_sides", "utter_explore"]),
    ("stop_session", {}, "stop", ["hold_stop", "utter_session_end_offers"]),
    ("next_spot", {}, "skip", ["hold_stop", "utter_explore"]),
    ("report_released", {}, "skip", ["hold_stop", "utter_released", "utter_explore"]),
])
def test_every_way_a_hold_stops_is_announced_first(intent, entities, reason, responses):
    conv = to_first_hold(Conversation())
    assert conv.say(intent, **entities) == responses
    assert conv.stop == {"id": "h1", "reason": reason}
    assert conv.state["hold_id"] is None


@pytest.mark.parametrize("word", ["continue_session", "affirm", "repeat", "start_session"])
def test_any_resume_word_sends_the_paused_hold_again(word):
    conv = to_first_hold(Conversation())
    conv.say("pause")
    assert conv.say(word) == ["utter_resume", "utter_hold_start", "hold"]
    assert conv.hold["id"] == "h2" and conv.hold["spot"] == "upper"
    assert conv.state["stage"] == "holding" and conv.state["hold_id"] == "h2"
    assert conv.state["session_log"]["holds"] == {"left:upper": 1}  # the same hold, not another one
    assert conv.say("hold_finished", hold_id="h1") == ["utter_hold_already_done"]  # the stopped one is stale
    assert conv.say("hold_finished", hold_id="h2") == ["hold_stop", "utter_check"]


def test_a_paused_rest_is_sent_again_on_resume():
    conv = to_rest(Conversation())
    rest_id = conv.hold["id"]
    assert conv.say("pause") == ["hold_stop", "utter_paused"]
    assert conv.stop == {"id": rest_id, "reason": "pause"}
    assert conv.say("affirm") == ["utter_resume", "utter_rest_start", "hold"]
    assert conv.hold["kind"] == "rest" and conv.hold["id"] != rest_id


def test_ending_a_rest_early_is_a_skip():
    conv = to_rest(Conversation())
    assert conv.say("next_spot") == ["hold_stop", "utter_rest_over", "utter_explore"]
    assert conv.stop["reason"] == "skip"


def test_pausing_outside_a_hold_sends_no_stop_and_resumes_with_the_question():
    conv = to_first_hold(Conversation())
    conv.say("hold_finished")
    assert conv.say("pause") == ["utter_paused"]
    assert conv.say("continue_session") == ["utter_resume", "utter_check_reask"]


def test_a_question_mid_hold_pauses_it_and_offers_to_carry_on():
    conv = to_first_hold(Conversation())
    flow = SessionFlow(conv.state)
    flow.offer_to_resume()
    assert [r.response or "hold_stop" for r in flow.replies] == ["hold_stop", "utter_after_faq_resume"]
    assert flow.replies[0].custom == {"hold_stop": {"id": "h1", "reason": "question"}}
    assert flow.replies[1].values == {"where": "the left side, spot 1 of 3"}
    conv.state = flow.state
    assert conv.say("continue_session") == ["utter_resume", "utter_hold_start", "hold"]


def test_a_contraindication_mid_hold_halts_and_blocks_holds():
    conv = to_first_hold(Conversation())
    flow = SessionFlow(conv.state)
    note_contraindications(flow, ["pregnancy"])
    assert [r.response or "hold_stop" for r in flow.replies] == [
        "hold_stop", "utter_ask_doctor_first", "utter_session_halted"]
    assert flow.replies[0].custom == {"hold_stop": {"id": "h1", "reason": "red_flag"}}
    assert flow.replies[1].values == {"reason": "pregnancy"}
    assert flow.stage is None and flow.state["screen_status"] == "ask_first"  # pressing is off
    conv.state = flow.state
    assert conv.say("start_session") == ["utter_session_blocked"]
    assert conv.replies[0].values == {"reason": "pregnancy"}


def test_a_contraindication_never_downgrades_an_emergency():
    flow = SessionFlow({"screen_status": "emergency", "screen_reason": "chest pain"})
    note_contraindications(flow, ["blood_thinner"])
    assert (flow.state["screen_status"], flow.state["screen_reason"]) == ("emergency", "chest pain")


INTENTS = ["start_session", "affirm", "deny", "continue_session", "next_spot", "repeat", "pause",
           "stop_session", "feel_pulse", "too_much_pain", "switch_sides", "hold_finished",
           "report_released", "report_not_released", "report_referral", "inform", "ask_help",
           "nlu_fallback", "describe_symptoms", "out_of_scope"]


def random_move(rng, flow):
    """One thing a person (or a client) may do next, including asides and safety stops."""
    roll = rng.random()
    if roll < 0.04:
        return flow.offer_to_resume()
    if roll < 0.06:
        return flow.halt(holds.RED_FLAG)
    intent = rng.choice(INTENTS)
    entities = {}
    if intent == "hold_finished":
        entities["hold_id"] = [rng.choice([flow.state.get("hold_id") or "gone", "stale"])]
    elif intent == "inform":
        entities = rng.choice([{"number": ["6"]}, {"side": ["right"]}, {"position": ["sitting"]}, {}])
    flow.step(Turn(intent, entities, intent))


@pytest.mark.parametrize("seed", range(40))
def test_clients_always_know_which_hold_runs(seed):
    """Random walks: a running hold only ever stops with one `hold_stop` naming it, a `hold`
    is always the one that then runs, nothing else is stopped, and no turn is silent."""
    rng = random.Random(seed)
    # Most walks start at a first hold or a rest, so holds, rests and pauses come up often.
    state = [{}, to_first_hold(Conversation()).state, to_rest(Conversation()).state][seed % 3]
    ids = iter(f"w{n}" for n in range(10_000))
    for _ in range(120):
        flow = SessionFlow(state, new_id=lambda: next(ids))
        running_before = flow.running_hold
        random_move(rng, flow)
        started = [r.custom["hold"]["id"] for r in flow.replies if r.custom and "hold" in r.custom]
        stopped = [r.custom["hold_stop"]["id"] for r in flow.replies if r.custom and "hold_stop" in r.custom]
        running_after = flow.running_hold
        assert flow.replies or flow.stage not in ACTIVE_STAGES, "a turn inside a session is never silent"
        assert stopped in ([], [running_before]), (stopped, running_before)
        if running_before and running_before != running_after:
            assert stopped == [running_before]
        assert len(started) <= 1
        if started:
            assert running_after == started[0]
        elif running_after:
            assert running_after == running_before
        state = flow.state
