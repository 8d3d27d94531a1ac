"""Scale-out: one conversation's turns spread over two Rasa instances sharing PostgreSQL + Redis.

What a person would notice if scale-out were broken: a reply that ignores what they said
on the other instance (lost or reordered turns), or a turn that fails on a lock.
"""
import json
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing

from channels.turn_guard import SORRY
from scripts.stack import say

SESSION = ["hi", "guide me through releasing my neck", "no", "no", "no", "about a 6", "left",
           "sitting", "ready"]
QUESTIONS = ["how long should i hold each spot?", "what are the scalenes?", "how hard should i press?",
             "how often can i do this?", "what if it hurts?", "why does my wrist tingle?"]
LOCK_TROUBLE = ("LockError", "Could not acquire lock", "lock_store")


def stored_events(stack, sender):
    """(type, data) of every event PostgreSQL holds for `sender`, in the order they were saved."""
    with closing(stack.postgres.connect()) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id", (sender,))
        return [(kind, json.loads(data)) for kind, data in cursor.fetchall()]


def user_turns(events):
    """Each user message with the bot messages that followed it before the next user message."""
    turns = []
    for kind, data in events:
        if kind == "user":
            turns.append((data.get("text"), []))
        elif kind == "bot" and turns:
            turns[-1][1].append(data.get("text") or "")
    return turns


def lock_errors(stack):
    lines = []
    for instance in stack.instances:
        log = (instance.config.log_dir / "rasa.log").read_text(errors="replace")
        lines += [line for line in log.splitlines() if any(mark in line for mark in LOCK_TROUBLE)
                  and ("ERROR" in line or "Error" in line)]
    return lines


def texts(messages):
    return " ".join(m.get("text", "") for m in messages)


def test_turns_alternating_between_instances_keep_every_event_in_order(scaled_assistant):
    stack, sender = scaled_assistant, "scale-alternating"
    replies = [say(stack.urls[turn % 2], sender, message) for turn, message in enumerate(SESSION)]

    # The person sees one coherent session although every other turn went to the other instance.
    assert "1 of 3" in texts(replies[1]) and "2 of 3" in texts(replies[2])
    assert "Which side" in texts(replies[5]) and "sit upright" in texts(replies[6])
    hold = [m["custom"]["hold"] for m in replies[-1] if "hold" in (m.get("custom") or {})]
    assert hold and hold[0]["side"] == "left", replies[-1]
    check = say(stack.urls[1], sender, hold[0]["finish_payload"])
    assert "Did that spot ease" in texts(check)

    turns = user_turns(stored_events(stack, sender))
    assert [text for text, _ in turns] == SESSION + [hold[0]["finish_payload"]]
    assert all(bot for _, bot in turns), "a turn has no stored bot reply"
    assert not lock_errors(stack)


def test_simultaneous_turns_of_one_conversation_take_turns(scaled_assistant):
    """Six messages of one conversation sent at once to both instances: the Redis lock serialises them."""
    stack, sender = scaled_assistant, "scale-simultaneous"
    say(stack.urls[0], sender, "hi")
    with ThreadPoolExecutor(len(QUESTIONS)) as pool:
        replies = list(pool.map(lambda item: say(stack.urls[item[0] % 2], sender, item[1]),
                                enumerate(QUESTIONS)))
    assert all(reply and SORRY not in texts(reply) for reply in replies), replies

    turns = user_turns(stored_events(stack, sender))
    # Every message stored exactly once, each followed by its own replies before the next one.
    assert sorted(text for text, _ in turns[1:]) == sorted(QUESTIONS)
    assert all(bot for _, bot in turns)
    assert not lock_errors(stack)


def test_nginx_balances_a_conversation_over_both_instances(scaled_assistant):
    stack, sender = scaled_assistant, "scale-nginx"
    for message in SESSION[:5]:
        assert say(stack.config.url, sender, message)
    assert len(user_turns(stored_events(stack, sender))) == 5
