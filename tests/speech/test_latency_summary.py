"""`bench.speech_eval.summarise`'s latencies: the bar's is every command clip's (a missed one's
last decision included); the wait a person has for a command that is heard counts those only."""
from bench.speech_eval import Outcome, summarise
from bench.speech_sets import Clip
from speech.recognizer import Hearing


def command(expected, heard, latency_s):
    clip = Clip("x.wav", "command", expected, expected, "speaker", "babble", 0.5, 1.0)
    return Outcome(clip, [Hearing(heard, 0.95, heard is not None)], [latency_s])


def test_a_missed_command_counts_in_the_bars_latency_but_not_in_the_heard_wait():
    outcomes = [command("stop", "stop", 0.2) for _ in range(19)] + [command("stop", None, 4.0)]
    rates = summarise(outcomes)
    assert rates["latency_p95_ms"] > 300  # the miss: the talk's own end, 4 s later
    assert rates["heard_latency_p95_ms"] == rates["heard_latency_p50_ms"] == 200


def test_a_command_heard_as_another_is_not_a_wait_for_the_command():
    outcomes = [command("stop", "stop", 0.2), command("five", "nine", 0.1), command("five", "five", 0.3)]
    assert summarise(outcomes)["heard_latency_p50_ms"] == 250
