"""The over-talk model's threshold swept on DEV (`bench.over_talk_threshold`): only what that
model heard is judged again, the stopping phrases keep their own threshold, and the rule stops
where commands start to be lost."""
from bench.over_talk_threshold import accepted_at, choose, rates_at
from bench.speech_eval import Outcome
from bench.speech_sets import Clip
from speech.recognizer import Hearing


def outcome(kind, expected, *hearings):
    clip = Clip("x.wav", kind, "", expected, "speaker", "babble", 0.5, 1.0)
    return Outcome(clip, list(hearings), [0.2] * len(hearings))


def over(phrase, confidence):
    return Hearing(phrase, confidence, True, over_talk=True)


def test_a_raised_threshold_drops_only_the_over_talk_models_unsure_non_stopping_phrases():
    assert not accepted_at(over("five", 0.65), 0.7)
    assert accepted_at(over("five", 0.75), 0.7)
    assert accepted_at(over("stop", 0.2), 0.7)  # a missed stop costs more: its own, lower threshold
    assert accepted_at(Hearing("five", 0.65, True), 0.7)  # the quiet-room model's hearing
    assert not accepted_at(Hearing("five", 0.95, False, over_talk=True), 0.5)  # rejected stays rejected


def test_the_threshold_rises_until_commands_would_be_lost():
    commands = [outcome("command", "ready", over("ready", 0.95)) for _ in range(300)]
    commands.append(outcome("command", "ready", over("ready", 0.72)))  # lost above 0.72: 1 of 301, 0.33 points
    commands.append(outcome("command", "five", over("five", 0.81)))  # with it, 0.66 points: more than allowed
    chatter = [outcome("speech", None, over("four", 0.6)), outcome("speech", None, over("help", 0.3))]
    outcomes = commands + chatter
    assert choose(outcomes, 0.59) == 0.81
    assert rates_at(outcomes, 0.59)["chatter_taken"] == 1.0
    assert rates_at(outcomes, 0.81)["chatter_taken"] == 0.5  # "help" is a stopping phrase

