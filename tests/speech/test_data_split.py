"""The recogniser's numbers mean something only if no test speaker is trained on: the training
voices (`bench.command_data`) and the test sets' speakers (`bench.speech_sets`) never share an
espeak-ng variant or a recorded (MBROLA) voice, and the test sides' own accents are not
training accents."""
from bench.command_data import DIPHONE_VOICES, MORE_VARIANTS, VARIANTS, VOICES
from bench.speech_sets import DIPHONE_TEST, FRESH_TEST, TEST

TEST_SETS = (TEST, FRESH_TEST, DIPHONE_TEST)


def test_no_test_speaker_variant_or_recorded_voice_is_trained_on():
    trained = {v.lower() for v in VARIANTS + MORE_VARIANTS if v}
    for spec in TEST_SETS:
        for speaker in spec.speakers:
            voice, _, variant = speaker.voice.partition("+")
            assert variant.lower() not in trained, (spec.name, speaker.voice)
            assert voice not in DIPHONE_VOICES, (spec.name, speaker.voice)


def test_variants_made_from_a_fresh_test_voice_are_not_trained_on():
    fresh = {s.voice.partition("+")[2].lower() for s in FRESH_TEST.speakers} | \
            {v.partition("+")[2].lower() for v in FRESH_TEST.babble_voices}
    derived = [v for v in MORE_VARIANTS if any(v.lower().startswith(name) for name in fresh)]
    assert not derived, derived  # iven2-4 and anikaRobot are iven and anika


def test_the_test_sides_accents_are_not_training_accents():
    accents = {s.voice.partition("+")[0] for spec in (TEST, FRESH_TEST) for s in spec.speakers}
    assert accents - {"en-us"} and not (accents - {"en-us"}) & set(VOICES)
