"""516 bad requests over raw HTTP (tests/badinput/corpus.py): every turn gets a real reply.

No 5xx, no apology standing in for a crash, the server stays up and its memory stays flat.
The whole corpus runs against the default stack; a slice runs through nginx in scale-out
mode, where bodies cross a proxy and text lands in PostgreSQL.
"""
import http.client
import json
from collections import Counter
from urllib.parse import urlsplit

import pytest

from bench.latency import COACH_SCRIPT, rss_mb
from channels.turn_guard import SORRY
from scripts.stack import say
from tests.badinput.corpus import corpus

# Growth over the whole corpus after a normal conversation: measured ~100 MB, most of it
# once, for the longest (2,000-character) texts; uncut 10 kB texts added 1.6 GB, and a leak
# of 0.3 MB per message would add 150 MB.
RSS_GROWTH_LIMIT_MB = 150


def post(url: str, body: bytes):
    """Status and decoded JSON of one raw POST to the REST webhook."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("POST", "/webhooks/rest/webhook", body=body,
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def problems_with(url, requests):
    """What went wrong for each request, as readable lines (empty when all is well)."""
    problems = []
    for request in requests:
        status, reply = post(url, request.body)
        where = f"{request.category}: {request.body[:60]!r}"
        if request.is_turn:
            answered = status == 200 and isinstance(reply, list) and reply and all(
                m.get("text") or m.get("custom") or m.get("image") for m in reply)
            if not answered:
                problems.append(f"{where} -> {status} {str(reply)[:120]}")
            elif any(m.get("text") == SORRY for m in reply):
                problems.append(f"{where} -> the apology (the turn failed inside)")
        elif not (400 <= status < 500 and isinstance(reply, dict) and reply.get("error")):
            problems.append(f"{where} -> {status} {str(reply)[:120]} (expected a 4xx with an error)")
    return problems


def test_the_corpus_is_big_and_varied():
    requests = corpus()
    assert len(requests) >= 500
    assert len(Counter(r.category for r in requests)) >= 12


def test_every_bad_input_gets_a_reply_and_memory_stays_flat(assistant):
    url, requests = assistant.config.rasa_url, corpus()
    for message in COACH_SCRIPT:  # a normal conversation first: caches fill, allocator settles
        say(url, "bad-input-warm-up", message)
    before = rss_mb(assistant.rasa.pid)
    problems = problems_with(url, requests)
    after = rss_mb(assistant.rasa.pid)

    assert not problems, f"{len(problems)} of {len(requests)} failed:\n" + "\n".join(problems[:20])
    assert assistant.rasa.poll() is None
    assert "Scalene Coach" in " ".join(m.get("text", "") for m in say(url, "after-bad-input", "hi"))
    print(f"\nbad input: {len(requests)} requests, Rasa RSS {before} -> {after} MB")
    assert after - before <= RSS_GROWTH_LIMIT_MB, f"Rasa RSS grew from {before} to {after} MB"


@pytest.mark.parametrize("seed", [7])
def test_bad_input_through_nginx_and_postgresql(scaled_assistant, seed):
    requests = corpus(seed)[::6]  # every category, ~90 requests
    problems = problems_with(scaled_assistant.config.url, requests)
    assert not problems, "\n".join(problems[:20])
    assert all(instance.rasa.poll() is None for instance in scaled_assistant.instances)


def test_typed_control_payloads_do_not_wipe_the_safety_screen(assistant):
    """"/restart" typed into the chat must not let a failed safety screen be skipped."""
    url, sender = assistant.config.rasa_url, "bad-input-restart"
    say(url, sender, "guide me")
    assert "emergency" in " ".join(m.get("text", "") for m in say(url, sender, "yes"))
    for payload in ["/restart", "/session_start", "/back"]:
        assert say(url, sender, payload)
    reply = " ".join(m.get("text", "") for m in say(url, sender, "guide me"))
    assert "won't guide you" in reply, reply
