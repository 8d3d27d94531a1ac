"""The strengthening routine, turn by turn: what the person would hear and which counts run."""
import itertools

import pytest

from actions.exercise_moves import BED, DESK, MOVES, STANDING, all_instruction_responses, plan_for, variant_from
from actions.exercise_routine import RoutineFlow
from actions.session_state import Turn


class Routine:
    """Feeds turns to the routine the way the action server does (routine_link.py); by
    default after a passed safety screen. Hold ids are h1, h2, ..."""

    def __init__(self, state=None, **context):
        self.state = state
        self.context = {"screen_status": "passed", **context}
        self.replies = []
        self.record = None
        self.screen = None
        self.ids = (f"h{n}" for n in itertools.count(1))

    def say(self, intent, text="", **entities):
        flow = RoutineFlow(self.state, self.context, today="2026-11-27T09:00:00+00:00", new_id=lambda: next(self.ids))
        entity_lists = {k: (v if isinstance(v, list) else [v]) for k, v in entities.items()}
        turn = Turn(intent, entity_lists, text or intent)
        if intent == "start_routine":
            flow.context["pregnant"] = flow.context.get("pregnant") or turn.first("contraindication") == "pregnancy"
            self.replies = flow.start(variant_from(turn.text, turn.entities.get("position", [])))
        else:
            self.replies = flow.step(turn)
        self.state, self.record = flow.state, flow.record or self.record
        self.screen = flow.screen or self.screen
        return self.responses

    @property
    def responses(self):
        out = []
        for reply in self.replies:
            if reply.custom:
                out.append("hold" if "hold" in reply.custom else "hold_stop:" + reply.custom["hold_stop"]["reason"])
            else:
                out.append(reply.response)
        return out

    def custom(self, key):
        found = [r.custom[key] for r in self.replies if r.custom and key in r.custom]
        return found[-1] if found else None

    def finish_count(self):
        return self.say("hold_finished", hold_id=self.custom("hold")["id"])


def started(variant="sitting at my desk", **context):
    routine = Routine(**context)
    routine.say("start_routine", "give me exercises for my posture")
    routine.say("inform", variant)
    return routine


# -- the plan -----------------------------------------------------------------------------
def test_each_variant_has_its_moves_and_missing_versions_are_substituted_once():
    assert plan_for(BED) == ["chin_tuck", "angel", "chest_opener", "y_raise"]  # no lying squeeze
    assert plan_for(DESK) == ["chin_tuck", "shoulder_squeeze", "angel"]  # no seated Y raise or doorway
    assert plan_for(STANDING) == ["chin_tuck", "shoulder_squeeze", "angel", "chest_opener"]


def test_skip_rules_leave_out_face_down_and_flat_on_the_back():
    assert "y_raise" not in plan_for(BED, skip_face_down=True)
    assert plan_for(BED, pregnant=True) == []  # every lying move is flat on the back or face down
    assert plan_for(DESK, pregnant=True) == plan_for(DESK)


def test_every_planned_move_has_an_instruction_response_name():
    names = set(all_instruction_responses())
    for variant in (BED, DESK, STANDING):
        for move in plan_for(variant):
            assert f"utter_routine_move_{move}_{variant}" in names


@pytest.mark.parametrize("text,positions,expected", [
    ("in bed", [], BED), ("lying down", ["lying"], BED), ("at my desk", [], DESK), ("sitting", ["sitting"], DESK),
    ("standing up", [], STANDING), ("against a wall", [], STANDING), ("banana", [], None), ("", [], None)])
def test_variant_from_words_or_entities(text, positions, expected):
    assert variant_from(text, positions) == expected


def test_the_count_follows_the_hold_contract_with_reps():
    routine = started()
    routine.say("continue_session", "ready")
    assert routine.custom("hold") == {
        "seconds": 90, "kind": "exercise", "id": "h1", "move": "chin_tuck", "name": "Chin tuck", "variant": DESK,
        "reps": 10, "rep_seconds": 9, "hold_seconds": 5,
        "cues": {"start": "Chin tuck. Small and slow.", "end": "And relax. That's the set."},
        "finish_payload": '/hold_finished{"hold_id": "h1"}',
    }


# -- a routine from start to end -------------------------------------------------------------
def test_start_gives_the_honest_intro_then_asks_where():
    routine = Routine()
    assert routine.say("start_routine", "strengthening") == ["utter_routine_intro", "utter_routine_ask_variant"]
    assert routine.state["stage"] == "choose"


def test_a_variant_named_in_the_request_skips_the_question():
    routine = Routine()
    assert routine.say("start_routine", "exercises i can do in bed") == [
        "utter_routine_intro", "utter_routine_move_chin_tuck_bed"]


def test_a_whole_desk_routine_runs_paced_counts_and_is_recorded():
    routine = started()
    assert routine.responses == ["utter_routine_move_chin_tuck_desk"]
    for move in ["chin_tuck", "shoulder_squeeze", "angel"]:
        assert routine.say("continue_session", "ready") == ["utter_routine_counting", "hold"]
        assert routine.custom("hold")["move"] == move and routine.custom("hold")["kind"] == "exercise"
        assert routine.replies[0].values == {"reps": MOVES[move].doses[DESK].reps,
                                             "hold_seconds": MOVES[move].doses[DESK].hold_seconds}
        responses = routine.finish_count()
    assert responses == ["utter_routine_move_done", "utter_routine_done", "utter_routine_keep_going",
                         "utter_offer_documents"]
    assert routine.state is None
    assert routine.record == {
        "date": "2026-11-27", "variant": DESK, "skipped": [], "after_session": False,
        "moves": [{"move": "chin_tuck", "name": "Chin tuck", "reps": 10, "hold_seconds": 5, "gently": False},
                  {"move": "shoulder_squeeze", "name": "Shoulder-blade squeeze", "reps": 8, "hold_seconds": 6,
                   "gently": False},
                  {"move": "angel", "name": "Seated arm slide", "reps": 8, "hold_seconds": 6, "gently": False}]}


def test_a_stale_or_repeated_finish_changes_nothing():
    routine = started()
    routine.say("affirm")
    hold_id = routine.custom("hold")["id"]
    assert routine.say("hold_finished", hold_id="somethingelse") == ["utter_hold_already_done"]
    assert routine.say("hold_finished", hold_id=hold_id) == ["utter_routine_move_done", "utter_routine_move_shoulder_squeeze_desk"]
    assert routine.say("hold_finished", hold_id=hold_id) == ["utter_hold_already_done"]
    assert routine.state["index"] == 1 and len(routine.state["done"]) == 1 and routine.state["stage"] == "ready"


def test_skipping_a_move_moves_on_and_is_recorded():
    routine = started()
    assert routine.say("next_spot", "skip") == ["utter_routine_skipped", "utter_routine_move_shoulder_squeeze_desk"]
    assert routine.state["skipped"] == ["chin_tuck"]


# -- safety ----------------------------------------------------------------------------------
def test_a_red_flag_mid_count_stops_the_count_and_the_routine():
    routine = started()
    routine.say("affirm")
    hold_id = routine.custom("hold")["id"]
    flow = RoutineFlow(routine.state, routine.context)
    assert [r.custom or r.response for r in flow.halt("red_flag")] == [
        {"hold_stop": {"id": hold_id, "reason": "red_flag"}}, "utter_routine_halted"]
    assert flow.state is None


# -- the safety questions before a routine on its own ----------------------------------------
def test_without_a_screen_three_questions_come_first_and_pregnancy_means_sitting():
    routine = Routine(screen_status=None)
    assert routine.say("start_routine", "exercises in bed") == [
        "utter_routine_intro", "utter_routine_screen_intro", "utter_screen_q1"]
    assert routine.say("inform", "what?") == ["utter_screen_reask", "utter_screen_q1"]
    assert routine.say("deny") == ["utter_screen_q2"]
    assert routine.say("deny") == ["utter_routine_screen_q3"]
    assert routine.say("affirm") == ["utter_screen_passed", "utter_routine_pregnancy_sitting",
                                     "utter_routine_move_chin_tuck_desk"]  # "in bed" was asked for
    assert routine.screen == ("passed_for_exercise", None)


@pytest.mark.parametrize("question,status", [(1, "emergency"), (2, "doctor")])
def test_a_yes_to_the_first_two_questions_rules_exercise_out(question, status):
    routine = Routine(screen_status=None)
    routine.say("start_routine", "strengthening")
    for _ in range(question - 1):
        routine.say("deny")
    assert routine.say("affirm") == [f"utter_routine_screen_fail_{status}"]
    assert routine.state is None and routine.screen[0] == status


def test_reasons_to_ask_before_pressing_do_not_block_gentle_exercise():
    routine = Routine(screen_status="ask_first", screen_reason="blood thinners")
    assert routine.say("start_routine", "strengthening") == ["utter_routine_intro", "utter_routine_ask_variant"]


def test_pregnancy_said_mid_routine_in_bed_moves_to_the_sitting_versions():
    routine = started("in bed")
    routine.say("affirm")
    routine.finish_count()  # chin tuck done lying
    routine.say("affirm")  # floor angel counting
    flow = RoutineFlow(routine.state, routine.context)
    replies = flow.carry_on(pregnant=True)
    assert [r.response or next(iter(r.custom)) for r in replies] == [
        "hold_stop", "utter_routine_pregnancy_sitting", "utter_routine_move_shoulder_squeeze_desk"]
    assert flow.state["variant"] == DESK and flow.state["plan"] == ["shoulder_squeeze", "angel"]


def test_a_question_mid_count_pauses_it():
    routine = started()
    routine.say("affirm")
    flow = RoutineFlow(routine.state, routine.context)
    assert [r.response or r.custom["hold_stop"]["reason"] for r in flow.pause_for_question()] == [
        "question", "utter_routine_resume_offer"]
    assert flow.state["stage"] == "paused" and flow.replies[1].values == {"where": "move 1 of 3"}


def test_halt_outside_a_routine_says_nothing():
    flow = RoutineFlow(None)
    assert flow.halt() == [] and flow.state is None


def test_it_hurts_eases_off_once_then_skips_the_move():
    routine = started()
    routine.say("affirm")
    assert routine.say("too_much_pain", "it hurts") == ["hold_stop:hurts", "utter_routine_ease_off"]
    assert routine.state["stage"] == "ready" and routine.state["hold_id"] is None
    assert routine.say("continue_session") == ["utter_routine_counting_gently", "hold"]
    assert routine.say("describe_symptoms", "it still hurts", symptom="pain") == [
        "hold_stop:hurts", "utter_routine_skip_hurts", "utter_routine_move_shoulder_squeeze_desk"]
    assert routine.state["skipped"] == ["chin_tuck"]


def test_tingling_shrinks_the_range_once_then_stops_the_routine():
    routine = started()
    routine.say("affirm")
    assert routine.say("describe_symptoms", "my hand tingles", symptom="tingling") == [
        "hold_stop:tingling", "utter_routine_tingling"]
    routine.say("affirm")
    assert routine.say("describe_symptoms", "still tingling", symptom="tingling") == [
        "hold_stop:tingling", "utter_routine_stop_tingling"]
    assert routine.state is None


def test_pause_stops_the_count_and_continue_sends_it_again():
    routine = started()
    routine.say("affirm")
    first = routine.custom("hold")["id"]
    assert routine.say("pause") == ["hold_stop:pause", "utter_routine_paused"]
    assert routine.say("continue_session") == ["utter_resume", "utter_routine_counting", "hold"]
    assert routine.custom("hold")["id"] != first


def test_stop_ends_the_routine_keeping_what_was_done():
    routine = started()
    routine.say("affirm")
    routine.finish_count()
    routine.say("affirm")
    assert routine.say("stop_session") == ["hold_stop:stop", "utter_routine_stopped"]
    assert routine.state is None and [m["move"] for m in routine.record["moves"]] == ["chin_tuck"]


def test_pregnancy_means_the_sitting_versions():
    routine = Routine(pregnant=True)
    routine.say("start_routine", "strengthening")
    assert routine.say("inform", "in bed") == ["utter_routine_pregnancy_sitting", "utter_routine_move_chin_tuck_desk"]
    assert routine.state["variant"] == DESK


def test_pregnancy_stated_while_choosing_counts_too():
    routine = Routine()
    routine.say("start_routine", "strengthening")
    assert routine.say("inform", "in bed, i'm pregnant", contraindication="pregnancy")[0] == "utter_routine_pregnancy_sitting"


def test_the_face_down_move_can_be_skipped():
    routine = started("in bed")
    for _ in range(3):
        routine.say("affirm")
        routine.finish_count()
    assert routine.responses[-1] == "utter_routine_move_y_raise_bed"
    assert routine.say("deny", "no, lying face down is uncomfortable") == [
        "utter_routine_skipped", "utter_routine_done", "utter_routine_keep_going", "utter_offer_documents"]
    assert routine.record["skipped"] == ["Face-down Y raise"]


@pytest.mark.parametrize("status", ["emergency", "doctor"])
def test_a_failed_screen_or_earlier_red_flag_blocks_the_routine(status):
    routine = Routine(screen_status=status, screen_reason="dizziness")
    assert routine.say("start_routine", "strengthening") == ["utter_routine_blocked"]
    assert routine.replies[0].values == {"reason": "dizziness"} and routine.state is None


def test_unclear_answers_get_an_answer():
    routine = Routine()
    routine.say("start_routine", "strengthening")
    assert routine.say("inform", "banana") == ["utter_routine_variant_reask"]
    routine.say("inform", "standing")
    assert routine.say("feel_pulse", "i feel a pulse") == ["utter_not_understood_in_session",
                                                           "utter_routine_move_chin_tuck_standing"]
    assert routine.say("ask_help") == ["utter_routine_help", "utter_routine_move_chin_tuck_standing"]
    assert routine.replies[0].values == {"where": "move 1 of 4"}


def test_the_routine_state_given_is_never_changed_in_place():
    routine = started()
    before = {k: (list(v) if isinstance(v, list) else v) for k, v in routine.state.items()}
    flow = RoutineFlow(routine.state, {"screen_status": "passed"}, today="2026-11-27")
    flow.step(Turn("next_spot", {}, "skip"))
    assert routine.state == before and flow.state["index"] == 1
