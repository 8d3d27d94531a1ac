"""The two benches that look at commands over babble. `bench.over_talk_threshold` sweeps the
over-talk model's threshold: only what that model heard is judged again, the stopping phrases
keep their own threshold, and the rule stops where commands start to be lost.
`bench.babble_losses` puts each lost command down to the cut or to the classifier."""
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


def test_a_lost_babble_command_is_put_down_to_the_cut_or_to_the_classifier():
    """`bench.babble_losses`: the utterance's speech against the clip's real 0.5 s."""
    from bench.babble_losses import category

    def said(*hearings):
        clip = Clip("x.wav", "command", "ready", "ready", "speaker", "babble", 1.0, 1.5)
        return Outcome(clip, [h for h, _ in hearings], [0.2] * len(hearings)), [s for _, s in hearings]

    assert category(*said((over("ready", 0.9), 0.5))) == "heard right"
    assert category(*said((over(None, 0.9), 1.4))) == "cut too long"
    assert category(*said((over(None, 0.9), 0.2))) == "cut too short"
    assert category(*said((over("four", 0.9), 0.55))) == "well cut, heard as another phrase"
    assert category(*said((Hearing(None, 0.8, False, over_talk=True), 0.45))) == "well cut, not a command"
    assert category(*said((Hearing("ready", 0.4, False, over_talk=True), 0.5))) == \
        "well cut, right phrase under the threshold"
    assert category(*said()) == "no utterance"
