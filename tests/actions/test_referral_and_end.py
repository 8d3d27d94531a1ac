"""Issue 9 in the flow: spots from the data, the referral question, the warning signs, the
screen's reasons from nlp/safety_kinds.yml, the one end message and where a session is."""
import pytest
import yaml

from actions import summary
from actions.session_flow import SessionFlow
from settings import ROOT
from tests.actions.flow_helpers import Conversation, through_screen, to_first_hold

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]
SAFETY_KINDS = yaml.safe_load((ROOT / "nlp" / "safety_kinds.yml").read_text())


def written(name):
    return next(v["text"] for v in DOMAIN[name] if not v.get("channel"))


def at_referral_question(side="left"):
    conv = to_first_hold(Conversation(), side=side)
    conv.say("hold_finished")
    assert conv.say("report_referral") == ["utter_referral_found", "utter_ask_referral_settled"]
    return conv


def test_each_spot_is_described_in_the_words_of_its_single_source():
    conv = through_screen(Conversation())
    conv.say("inform", "6", number="6")
    conv.say("inform", "left", side="left")
    conv.say("inform", "sitting", position="sitting")
    wheres = [conv.replies[-1].values["spot_where"]]
    for _ in range(2):
        conv.say("next_spot")
        wheres.append(conv.replies[-1].values["spot_where"])
    assert wheres == [written(f"utter_spot_{spot}") for spot in ("upper", "middle", "lower")]


def test_the_warning_signs_come_right_after_the_cautions():
    conv = through_screen(Conversation())
    conv.say("inform", "6", number="6")
    conv.say("inform", "left", side="left")
    assert conv.say("inform", "sitting", position="sitting") == ["utter_cautions", "utter_warning_signs",
                                                                 "utter_explore"]


def test_a_referral_sends_no_hold_and_names_the_complaint():
    conv = to_first_hold(Conversation(focus="wrist"))
    conv.say("hold_finished")
    conv.say("report_referral")
    assert conv.hold is None and conv.state["hold_id"] is None
    assert conv.replies[0].values == {"focus_name": "wrist or hand"}


@pytest.mark.parametrize("settled", ["affirm", "report_released"])
def test_settled_holds_the_spot_once_more(settled):
    conv = at_referral_question()
    assert conv.say(settled) == ["utter_referral_hold_again", "utter_hold_start", "hold"]
    assert conv.state["stage"] == "holding" and conv.state["session_log"]["holds"]["left:upper"] == 2


@pytest.mark.parametrize("not_settled", ["deny", "report_referral", "report_not_released", "too_much_pain",
                                         "next_spot"])
def test_spreading_or_staying_stops_pressing_for_today_with_the_end_message(not_settled):
    conv = at_referral_question()
    assert conv.say(not_settled) == ["utter_referral_not_settled", "utter_session_end_offers"]
    assert conv.replies[1].values["summary"] == "0 of 1 spots eased, one spot reached your knot or wrist, pain 6 at the start."
    assert conv.state["stage"] is None and conv.state["past_sessions"][-1]["referral"] is True
    assert conv.say("next_spot") == ["utter_no_session"]


@pytest.mark.parametrize("intent,responses", [
    ("feel_pulse", ["utter_pulse_let_go", "utter_ask_referral_settled"]),
    ("continue_session", ["utter_ask_referral_settled"]),
    ("switch_sides", ["utter_ask_referral_settled"]),
    ("hold_finished", ["utter_hold_already_done", "utter_ask_referral_settled"]),
    ("nlu_fallback", ["utter_not_understood_in_session", "utter_ask_referral_settled"]),
    ("pause", ["utter_paused"]),
    ("ask_help", ["utter_session_help", "utter_ask_referral_settled"]),
    ("stop_session", ["utter_session_end_offers"]),
])
def test_the_referral_question_honours_every_session_word(intent, responses):
    conv = at_referral_question()
    assert conv.say(intent) == responses
    assert conv.hold is None


def test_help_at_the_referral_question_says_where_we_are():
    conv = at_referral_question()
    conv.say("ask_help")
    assert conv.replies[0].values["where"] == "checking whether the feeling from spot 1 has settled"


def test_a_paused_referral_question_is_asked_again_on_resume():
    conv = at_referral_question()
    conv.say("pause")
    assert conv.say("continue_session") == ["utter_resume", "utter_ask_referral_settled"]


def test_a_contraindication_at_the_referral_question_ends_the_session():
    from actions.screen import note_contraindications

    conv = at_referral_question()
    flow = SessionFlow(conv.state)
    note_contraindications(flow, ["osteoporosis"])
    assert [r.response for r in flow.replies] == ["utter_ask_doctor_first", "utter_session_halted"]
    assert flow.state["screen_status"] == "ask_first" and flow.state["stage"] is None  # osteoporosis: ask first


@pytest.mark.parametrize("question", [1, 2, 3])
def test_a_yes_on_the_screen_is_remembered_with_the_reason_from_the_safety_kinds(question):
    conv = Conversation()
    conv.say("start_session")
    for _ in range(question - 1):
        conv.say("deny")
    conv.say("affirm")
    screen = SAFETY_KINDS["screen"][question - 1]
    assert conv.responses == [screen["answer"]]
    assert (conv.state["screen_status"], conv.state["screen_reason"]) == (screen["status"], screen["reason"])


def test_the_record_of_a_session_keeps_its_format():
    conv = to_first_hold(Conversation())
    conv.say("hold_finished")
    conv.say("report_released")
    conv.say("stop_session")
    assert conv.state["past_sessions"] == [{"date": "2026-11-26", "pain_before": 6, "pain_after": None,
                                            "released": 1, "spots": 1, "referral": False,
                                            "eased": ["left:upper"], "strengthening": []}]


def test_an_end_without_holds_says_so_and_is_not_recorded():
    conv = through_screen(Conversation())
    for intent, entity in (("6", {"number": "6"}), ("left", {"side": "left"}), ("sitting", {"position": "sitting"})):
        conv.say("inform", intent, **entity)
    assert conv.say("stop_session") == ["utter_session_end"]
    assert conv.replies[0].values["summary"] == "no spot was held this time, pain 6 at the start."
    assert not conv.state.get("past_sessions")


@pytest.mark.parametrize("state,where", [
    ({"stage": "screen", "screen_step": 2}, "the safety check, question 2 of 3"),
    ({"stage": "pain_before"}, "rating your pain from 0 to 10"),
    ({"stage": "side"}, "choosing the side and position"),
    ({"stage": "explore", "side": "right", "spot_queue": ["middle", "lower"]}, "the right side, spot 2 of 3"),
    ({"stage": "paused", "paused_stage": "resting"}, "resting before we come back to the spots that didn't ease"),
])
def test_where_a_session_is_comes_from_the_data(state, where):
    assert SessionFlow(state).where() == where
