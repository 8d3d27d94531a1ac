"""The session state machine, turn by turn: what the person would hear at each step."""
import pytest

import settings
from actions.parsing import pain_score
from actions.summary import history_sentence
from tests.actions.flow_helpers import Conversation, every_spot_eases, through_screen, to_first_hold

SESSION = settings.current().session


def test_start_asks_the_first_screening_question():
    assert Conversation().say("start_session") == ["utter_screen_intro", "utter_screen_q1"]


@pytest.mark.parametrize("question,expected,status", [
    (1, "utter_screen_fail_emergency", "emergency"), (2, "utter_screen_fail_doctor", "doctor"),
    (3, "utter_screen_fail_ask_first", "ask_first")])
def test_a_yes_on_the_screen_means_no_holds_and_is_remembered(question, expected, status):
    conv = Conversation()
    conv.say("start_session")
    for _ in range(question - 1):
        conv.say("deny")
    assert conv.say("affirm") == [expected]
    assert conv.state["stage"] is None
    assert conv.state["screen_status"] == status
    assert conv.say("start_session") == ["utter_session_blocked"]
    assert conv.say("affirm") != ["utter_screen_intro", "utter_screen_q1"]


def test_a_stated_contraindication_counts_as_yes():
    conv = Conversation()
    conv.say("start_session")
    conv.say("deny")
    responses = conv.say("inform", "i'm on warfarin", contraindication="blood_thinner")
    assert responses == ["utter_ask_doctor_first"]
    assert conv.replies[0].values == {"reason": "blood thinners"}
    assert (conv.state["screen_status"], conv.state["screen_reason"]) == ("ask_first", "blood thinners")
    assert conv.state["stage"] is None


def test_unclear_screen_answer_reasks_the_same_question():
    conv = Conversation()
    conv.say("start_session")
    conv.say("deny")
    assert conv.say("nlu_fallback", "banana") == ["utter_screen_reask", "utter_screen_q2"]


def test_passing_the_screen_asks_pain_then_side_then_position_then_cautions():
    conv = through_screen(Conversation())
    assert conv.responses == ["utter_screen_passed", "utter_ask_pain_before"]
    assert conv.say("inform", "about a 6", number="6") == ["utter_ask_side"]
    assert conv.state["pain_before"] == 6
    assert conv.say("inform", "both", side="both") == ["utter_one_side_at_a_time"]
    assert conv.say("inform", "right", side="right") == ["utter_ask_position"]
    assert conv.say("inform", "lying down", position="lying") == ["utter_cautions", "utter_warning_signs",
                                                                  "utter_explore"]
    assert conv.state["side"] == "right"


def test_side_named_up_front_is_not_asked_again():
    conv = Conversation()
    conv.say("start_session", "release my left neck", side="left")
    for _ in range(3):
        conv.say("deny")
    assert conv.say("inform", "5", number="5") == ["utter_ask_position"]


def test_screen_is_remembered_for_the_next_session():
    conv = to_first_hold(Conversation())
    conv.say("stop_session")
    assert conv.say("start_session") == ["utter_screen_remembered", "utter_ask_pain_before"]


def test_hold_payload_follows_the_contract():
    conv = to_first_hold(Conversation())
    assert conv.responses == ["utter_hold_start", "hold"]
    hold = conv.hold
    assert hold["seconds"] == SESSION.hold_seconds == 12
    assert hold["kind"] == "hold" and hold["side"] == "left" and hold["spot"] == "upper"
    assert hold["id"] in hold["finish_payload"]


def test_hold_finished_leads_to_the_check_and_counts_once():
    conv = to_first_hold(Conversation())
    hold_id = conv.hold["id"]
    assert conv.say("hold_finished", hold_id=hold_id) == ["hold_stop", "utter_check"]
    assert conv.stop == {"id": hold_id, "reason": "done"}
    assert conv.say("hold_finished", hold_id=hold_id) == ["utter_hold_already_done"]
    assert conv.state["stage"] == "check"


def test_a_stale_hold_id_does_not_step():
    conv = to_first_hold(Conversation())
    assert conv.say("hold_finished", hold_id="not-this-one") == ["utter_hold_already_done"]
    assert conv.state["stage"] == "holding"


def test_released_moves_to_the_next_spot():
    conv = to_first_hold(Conversation())
    conv.say("hold_finished")
    assert conv.say("report_released") == ["utter_released", "utter_explore"]
    assert conv.state["spot_queue"] == ["middle", "lower"]


def test_referral_is_recorded_and_asks_first():
    conv = to_first_hold(Conversation(), side="right")
    conv.say("hold_finished")
    assert conv.say("report_referral") == ["utter_referral_found", "utter_ask_referral_settled"]
    assert conv.state["session_log"]["referral"] == ["right:upper"] and conv.state["stage"] == "referral_check"


def test_repeated_referral_holds_stop_at_the_limit():
    conv = to_first_hold(Conversation())
    for _ in range(SESSION.max_holds_per_spot - 1):
        conv.say("hold_finished")
        conv.say("report_referral")
        assert conv.say("affirm") == ["utter_referral_hold_again", "utter_hold_start", "hold"]
    conv.say("hold_finished")
    assert conv.say("report_referral")[:2] == ["utter_spot_limit", "utter_explore"]


def test_not_released_everywhere_offers_a_timed_rest_then_revisits():
    conv = to_first_hold(Conversation())
    for spot in range(3):
        conv.say("hold_finished")
        responses = conv.say("report_not_released")
        if spot < 2:
            conv.say("continue_session")
    assert responses == ["utter_not_released", "utter_offer_rest"]
    assert conv.say("affirm") == ["utter_rest_start", "hold"]
    assert conv.hold["kind"] == "rest" and conv.hold["seconds"] == SESSION.rest_seconds
    assert conv.say("hold_finished", hold_id=conv.hold["id"]) == ["hold_stop", "utter_rest_over", "utter_explore"]
    assert conv.state["spot_round"] == 2
    assert conv.state["spot_queue"] == ["upper", "middle", "lower"]


def test_full_session_ends_with_one_short_message_and_the_offers():
    conv = every_spot_eases(to_first_hold(Conversation()))
    assert conv.responses == ["utter_released", "utter_ask_pain_after"]
    assert conv.say("inform", "2", number="2") == ["utter_session_end_offers"]
    assert conv.replies[0].values["summary"] == "3 of 3 spots eased, pain 6 to 2."
    assert conv.state["stage"] is None
    assert conv.state["past_sessions"][-1]["pain_after"] == 2
    assert conv.state["past_sessions"][-1]["eased"] == ["left:upper", "left:middle", "left:lower"]


def test_a_yes_after_the_offers_at_the_end_starts_the_routine_not_another_session():
    conv = every_spot_eases(to_first_hold(Conversation()))
    assert conv.say("inform", "2", number="2")[-1] == "utter_session_end_offers"
    assert conv.say("affirm", "yes") == ["utter_routine_intro", "utter_routine_ask_variant"]
    assert conv.say("inform", "sitting", position="sitting") == ["utter_routine_move_chin_tuck_desk"]
    assert conv.say("continue_session") == ["utter_routine_counting", "hold"]
    assert conv.hold["kind"] == "exercise" and conv.state["stage"] is None
    # Mid-routine, session words belong to the routine: "guide me" gets the routine's help.
    assert conv.say("start_session") == ["utter_routine_help", "utter_routine_counting_reminder"]
    assert conv.say("pause") == ["hold_stop", "utter_routine_paused"]
    assert conv.say("stop_session") == ["utter_routine_stopped"]
    assert conv.state["routine"] is None and conv.say("affirm") == ["utter_help"]


def test_a_routine_asked_for_mid_session_waits_for_the_session_to_end():
    conv = to_first_hold(Conversation())
    assert conv.say("start_routine", "strengthening") == ["utter_routine_after_release", "utter_hold_reminder"]
    assert conv.state.get("routine") is None


def test_pulse_moves_off_and_waits_for_ready():
    conv = to_first_hold(Conversation())
    assert conv.say("feel_pulse") == ["hold_stop", "utter_pulse_move_off"]
    assert conv.state["stage"] == "explore" and conv.state["hold_id"] is None
    assert conv.say("continue_session") == ["utter_hold_start", "hold"]


def test_pain_eases_off_with_choices():
    conv = to_first_hold(Conversation())
    assert conv.say("too_much_pain") == ["hold_stop", "utter_ease_off"]
    assert conv.say("next_spot") == ["utter_explore"]


def test_pause_and_continue_return_to_the_same_place():
    conv = to_first_hold(Conversation())
    conv.say("hold_finished")
    assert conv.say("pause") == ["utter_paused"]
    assert conv.say("report_released") == ["utter_paused"]
    assert conv.say("continue_session") == ["utter_resume", "utter_check_reask"]


def test_switch_sides_starts_the_other_side_from_the_top():
    conv = to_first_hold(Conversation())
    conv.say("hold_finished")
    conv.say("report_released")
    assert conv.say("switch_sides") == ["utter_switch_sides", "utter_explore"]
    assert conv.state["side"] == "right" and conv.state["spot_queue"][0] == "upper"


def test_stop_gives_the_end_message_with_the_summary_and_ends():
    conv = to_first_hold(Conversation())
    conv.say("hold_finished")
    conv.say("report_released")
    assert conv.say("stop_session") == ["utter_session_end_offers"]
    assert conv.replies[0].values["summary"] == "1 of 1 spots eased, pain 6 at the start."
    assert conv.state["stage"] is None


def test_stop_before_any_pressing_just_stops():
    conv = through_screen(Conversation())
    assert conv.say("stop_session") == ["utter_session_stopped"]
    assert conv.state["stage"] is None and not conv.state.get("past_sessions")


def test_not_understood_in_session_reprompts_current_step():
    conv = to_first_hold(Conversation())
    conv.say("hold_finished")
    assert conv.say("nlu_fallback", "purple") == ["utter_not_understood_in_session", "utter_check_reask"]


def test_empty_message_gets_an_answer():
    assert Conversation().say("nlu_fallback", text=" ") == ["utter_empty_message"]


@pytest.mark.parametrize("text", ["这是什么", "ما هذا؟", "Что это такое?"])
def test_other_scripts_are_answered_as_another_language(text):
    assert Conversation().say("out_of_scope", text=text) == ["utter_non_english"]


def test_symptoms_shape_the_explanation_and_yes_starts():
    conv = Conversation()
    assert conv.say("describe_symptoms", body_part="wrist") == ["utter_explain_wrist"]
    assert conv.say("affirm") == ["utter_screen_intro", "utter_screen_q1"]
    conv = Conversation()
    assert conv.say("describe_symptoms", body_part="shoulder_blade") == ["utter_explain_knot"]


@pytest.mark.parametrize("text,score", [("7", 7), ("about a five", 5), ("0", 0), ("7/10", 7), ("12", None)])
def test_pain_score_parsing(text, score):
    assert pain_score([], text) == score


def test_history_sentence_for_returning_people():
    record = {"date": "2026-11-20", "pain_before": 6, "pain_after": 3, "released": 2, "spots": 3,
              "referral": True}
    assert history_sentence([record]) == ("One session with me so far, on 2026-11-20: 2 of 3 spots eased, "
                                          "one spot reached your knot or wrist, pain 6 to 3.")
    assert history_sentence([record, {**record, "referral": False, "pain_after": None}]).startswith(
        "2 sessions with me so far; last time, on 2026-11-20: 2 of 3 spots eased, pain 6 at the start.")
    assert history_sentence([]) is None


def test_no_where_no_change_is_an_answer_means_no_change():
    """The recogniser decides a spoken "no" without waiting to hear whether "change" follows
    (speech.recognizer.SAME_AS_LONGER): at "did that spot ease?" both must do the same."""
    said_no, said_no_change = to_first_hold(Conversation()), to_first_hold(Conversation())
    for conv in (said_no, said_no_change):
        conv.say("hold_finished")
    assert said_no.say("deny") == said_no_change.say("report_not_released") == ["utter_not_released", "utter_explore"]
    assert said_no.state == said_no_change.state
