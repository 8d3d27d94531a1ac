"""The recogniser's numbers mean something only if no test speaker is trained on: the training
voices (`bench.command_data`) and the test sets' speakers (`bench.speech_sets`) never share an
espeak-ng variant or a recorded (MBROLA) voice, and the test sides' own accents are not
training accents."""
from bench.command_data import DIPHONE_VOICES, MORE_VARIANTS, TALK_VOICES, VARIANTS, VOICES
from bench.speech_sets import DEV, DIPHONE_TEST, FRESH_TEST, TEST, TUNING_BABBLE

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


def test_the_talk_trained_over_is_no_test_voice_and_not_the_dev_sets_talk():
    test_voices = [s.voice for spec in TEST_SETS for s in spec.speakers] + \
        [v for spec in TEST_SETS for v in spec.babble_voices]
    test_variants = {v.partition("+")[2].lower() for v in test_voices} - {""}
    test_accents = {v.partition("+")[0] for v in test_voices} - {"en-us"}
    for voice in TALK_VOICES:
        accent, _, variant = voice.partition("+")
        assert voice not in test_voices and variant.lower() not in test_variants, voice
        assert accent not in test_accents, voice
        # DEV compares settings: its speakers and its babble stay unheard in training.
        assert voice not in TUNING_BABBLE.babble_voices + [s.voice for s in DEV.speakers], voice
