""""More": the written form of an answer cut for the ear, the after-care after the end, or
"That's all I have on that."; mid-session, a running hold pauses first and the bot offers
to carry on."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.say_more import ActionSayMore, last_turn
from actions.wording import fill, written
from tests.actions.test_session_actions import HOLDING, tracker


def user(text):
    return {"event": "user", "text": text}


def bot(text, name=None, **values):
    return {"event": "bot", "text": text, "metadata": {"utter_action": name, **values} if name else {}}


async def say_more(events, **slots):
    dispatcher = CollectingDispatcher()
    result = await ActionSayMore().run(dispatcher, tracker("ask_more", "more", events=events, **slots), {})
    return dispatcher.messages, result


def test_the_last_turn_is_what_answered_the_message_before_more():
    events = [user("hi"), bot("old", "utter_greet"), user("why"), bot("a", "utter_explain_wrist"),
              {"event": "action", "name": "action_listen"}, bot("b", "utter_help"), user("more")]
    assert [e["text"] for e in last_turn(events)] == ["a", "b"]


async def test_a_cut_answer_gets_its_written_form():
    events = [user("why does my wrist tingle"),
              bot("Wrist or finger tingling may start in the neck ... Say start, or say more to hear the rest.",
                  "utter_explain_wrist"), user("more")]
    messages, _ = await say_more(events)
    assert [m["text"] for m in messages] == [written("utter_explain_wrist")]


async def test_the_written_form_is_filled_with_the_values_it_was_sent_with():
    events = [user("yes"), bot("Done: 2 of 3 spots eased. Say more for tips.", "utter_session_end",
                               summary="2 of 3 spots eased."), user("more")]
    messages, _ = await say_more(events)
    assert [m["response"] for m in messages] == ["utter_posture_tip", "utter_back_muscles", "utter_see_doctor"]
    assert "{" not in fill(written("utter_session_end"), {"summary": "2 of 3 spots eased."})


async def test_an_answer_said_in_full_has_nothing_more():
    events = [user("how long"), bot("Hold each spot for about 12 seconds.", "utter_faq/how_long"), user("more")]
    messages, slots = await say_more(events)
    assert [m["response"] for m in messages] == ["utter_no_more"] and slots == []


async def test_more_with_nothing_before_it_has_nothing_more():
    messages, _ = await say_more([user("more")])
    assert [m["response"] for m in messages] == ["utter_no_more"]


async def test_more_mid_hold_pauses_it_first_then_offers_to_carry_on():
    events = [user("ready"), bot("Breathe slowly. I'll count the 12 seconds.", "utter_hold_start"), user("more")]
    messages, slots = await say_more(events, **HOLDING)
    assert messages[0]["custom"] == {"hold_stop": {"id": "h0", "reason": "question"}}
    assert [m.get("response") for m in messages[1:]] == ["utter_no_more", "utter_after_faq_resume"]
    assert {"event": "slot", "name": "stage", "value": "paused", "timestamp": None} in slots


@pytest.mark.parametrize("text", ["Say more to hear the rest.", 'Say "more" for tips.', "say more for tips"])
def test_an_offer_of_more_is_recognised(text):
    from actions.wording import promises_more

    assert promises_more(text)
    assert not promises_more("Say start to try a release.") and not promises_more("Tell me more.")
