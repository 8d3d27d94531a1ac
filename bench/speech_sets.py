"""Spoken-command data sets for tuning and testing the recogniser, generated, never recorded.

Two sets that share nothing but the command grammar:

- **tuning**: the voices, rates, pitches, noise types, noise seeds and out-of-grammar phrases
  that thresholds and settings may be chosen on;
- **test**: other voices and variants (a female US voice, British RP, Caribbean, West
  Midlands), other rates and pitches, other noise types (white, pink, babble made from other
  speech), room echo (sox reverb) and other out-of-grammar phrases and noise bursts. Nothing
  in it is looked at while tuning;
- **tuning-babble**: the tuning set's two held-out speakers and phrases over babble of its own
  (tuning-side voices and sentences, none of the test's), to see babble on the tuning side.
- **dev**: tuning-side voices at other rates and pitches with chatter of its own, for comparing
  settings end to end on the tuning side;
- **fresh-test**: a second test set like **test** (its noise types and echo), with voices,
  chatter and babble nobody had used, for measuring after **test** had been looked at often.

Every clip is 16 kHz mono with silence (or the noise) before and after the speech, like a
stretch of microphone stream, so the VAD has to find the words. Clips are written under
`var/speech-sets/<set>/` with a manifest; a second run with the same spec reuses them.
`python -m bench.speech_sets [tuning|test|tuning-babble|dev|fresh-test]` (re)builds a set.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np

from speech.recognizer import COMMANDS, SAMPLE_RATE
from speech.wavtools import read_wav, resample, write_wav

ROOT = Path(__file__).resolve().parents[1]
SETS_DIR = ROOT / "var" / "speech-sets"
VERSION = 3
LEAD_S, TAIL_S = 0.5, 0.8


@dataclass(frozen=True)
class Speaker:
    voice: str  # espeak-ng voice, optionally +variant
    rate: int  # words per minute
    pitch: int  # 0-99, espeak's default is 50

    @property
    def name(self) -> str:
        return f"{self.voice}-{self.rate}-{self.pitch}".replace("+", "_")


@dataclass
class SetSpec:
    name: str
    speakers: List[Speaker]
    noises: List[str]  # added at `snr_db` to every command and out-of-grammar clip
    snr_db: float
    reverb: bool
    out_of_grammar: List[str]
    bursts: List[str]  # plain-noise clips with no speech
    babble_voices: List[str] = field(default_factory=list)
    seed: int = 0
    babble_sentences: List[str] = field(default_factory=list)  # empty: BABBLE_SENTENCES


# Said by nobody in the test set; the test set's phrases are said by nobody here.
TUNING_OUT_OF_GRAMMAR = [
    "uh", "erm", "oh dear", "okay then", "hello there", "good morning", "what time is it",
    "where are my glasses", "can you hear me", "that is interesting", "the kettle is boiling",
    "i need a coffee", "turn the radio down", "wait a second", "is it raining outside",
    "call my sister", "the dog wants to go out", "i think so", "hang on", "maybe later",
    "let me think", "sorry what", "nice weather today", "the phone is ringing",
    "where did i put it", "that was loud", "see you tomorrow", "who is at the door",
    "i forgot my keys", "pass me the remote",
]
TEST_OUT_OF_GRAMMAR = [
    "hmm", "ah", "thank you", "one moment please", "my cat is on the keyboard",
    "excuse me", "bless you", "what did you say", "i am hungry", "the weather is nice",
    "let me see", "could you wait", "put the kettle on", "oh no", "well well",
    "how are you", "good night", "i like this song", "just a minute", "what was that",
    "open the window", "someone is calling", "it is getting late", "where is the cat",
    "i will be back", "quiet please", "look at that", "thanks a lot", "never mind",
    "that is funny",
]
# Sentences the test set's babble noise is made of (several voices at once, like a TV or a room).
BABBLE_SENTENCES = [
    "the committee will meet again on thursday afternoon to discuss the budget",
    "yesterday the weather was cold and the roads were covered with ice",
    "she bought apples oranges and a loaf of bread at the market",
    "the train to the city leaves from platform four every half hour",
    "our team scored twice in the second half and won the match",
    "please remember to water the plants while i am away on holiday",
]

# The tuning side's babble: its own sentences, said by tuning-side voices (none of the test's).
TUNING_BABBLE_SENTENCES = [
    "the new library opens on monday with a reading for children at ten",
    "he parked the van behind the bakery and carried the boxes inside",
    "most of the guests arrived late because of the roadworks near the bridge",
    "the recipe says to bake it slowly for an hour and then let it cool",
    "after the storm the village hall was used as a shelter for two nights",
    "the football season starts in august and tickets are already selling fast",
    "my grandfather grew tomatoes and beans in a greenhouse behind the garage",
    "the museum has a collection of old clocks maps and sailing ships",
]
TUNING_BABBLE_VOICES = ["en-us+m3", "en+Annie", "en-us-nyc+m6", "en-gb-x-gbclan+Andy"]
# The babble trained on (the command classifier's and the spotter's): other tuning-side voices
# and sentences again, so neither the test set's babble nor TUNING_BABBLE is ever heard in training.
TRAINING_BABBLE_VOICES = ["en+m8", "en-us+Linda", "en-gb-x-gbclan+Steph", "en-us-nyc+Lee"]
TRAINING_BABBLE_SENTENCES = [
    "the garden centre closes early on sundays during the winter months",
    "two of the windows on the top floor were left open all night",
    "the new bus timetable comes into effect at the start of next month",
    "she spent the afternoon painting the fence at the bottom of the garden",
    "the shop on the corner sells newspapers sweets and fresh flowers",
    "our neighbours are building an extension at the back of their house",
    "the concert was cancelled because the singer had lost her voice",
    "it took them three hours to drive to the coast on friday evening",
]

TUNING = SetSpec(
    name="tuning",
    speakers=[Speaker("en-us+m2", 150, 45), Speaker("en-gb-scotland", 165, 55),
              Speaker("en-us-nyc+m4", 140, 40), Speaker("en-gb-x-gbclan+f2", 155, 60),
              Speaker("en+m3", 175, 50), Speaker("en-us+f1", 160, 65)],
    noises=["brown", "hum"], snr_db=10.0, reverb=False,
    out_of_grammar=TUNING_OUT_OF_GRAMMAR,
    bursts=["brown-burst", "click-train", "hum-burst", "rumble"] * 5,
    babble_voices=[], seed=101,
)
TEST = SetSpec(
    name="test",
    speakers=[Speaker("en-us+f3", 185, 60), Speaker("en-gb-x-rp", 130, 50),
              Speaker("en-029", 160, 45), Speaker("en-gb-x-gbcwmd+f4", 145, 70),
              Speaker("en-gb-x-rp+m7", 170, 35), Speaker("en-us+f5", 135, 75)],
    noises=["white", "pink", "babble"], snr_db=10.0, reverb=True,
    out_of_grammar=TEST_OUT_OF_GRAMMAR,
    bursts=["white-burst", "pink-burst", "babble-burst", "knock"] * 5,
    babble_voices=["en-gb+m1", "en-us+f2", "en-gb-x-rp+f1", "en-029+m5"], seed=202,
)
# The tuning set's two held-out speakers (bench.command_data) in the tuning side's babble
# (bench.endpoint_tune reports it next to the tuning hold-out).
TUNING_BABBLE = SetSpec(
    name="tuning-babble",
    speakers=[TUNING.speakers[1], TUNING.speakers[5]],
    noises=["babble"], snr_db=10.0, reverb=False,
    out_of_grammar=TUNING_OUT_OF_GRAMMAR[-10:],
    bursts=["babble-burst"] * 10,
    babble_voices=TUNING_BABBLE_VOICES, seed=303, babble_sentences=TUNING_BABBLE_SENTENCES,
)
# A development set for comparing settings end to end on the tuning side: tuning-side voices
# and variants at other rates and pitches, chatter of its own (short replies most of all, the
# classifier's weak spot), brown noise, hum and the tuning side's babble. Nothing of the test's.
DEV_OUT_OF_GRAMMAR = [
    "aw", "blimey", "oh well", "tut tut", "mm", "yo", "gosh", "oh boy", "ok ok", "ahh",
    "no idea", "yes please", "hang about", "so so", "not bad", "hi", "crikey", "good grief",
    "uh oh", "what now", "the toast is burnt", "where is my cup", "i need a nap",
    "is it five already", "the left shoe", "i am ready for lunch", "the tap is on",
    "next door is loud", "my tea is cold", "what a mess",
]
DEV = SetSpec(
    name="dev",
    speakers=[Speaker("en-us+Mike", 150, 55), Speaker("en+Denis", 172, 42),
              Speaker("en-gb-x-gbclan+Gene", 138, 62), Speaker("en-us-nyc+klatt3", 162, 48)],
    noises=["brown", "hum", "babble"], snr_db=10.0, reverb=False,
    out_of_grammar=DEV_OUT_OF_GRAMMAR,
    bursts=["brown-burst", "babble-burst", "click-train", "rumble"] * 5,
    babble_voices=TUNING_BABBLE_VOICES, seed=404, babble_sentences=TUNING_BABBLE_SENTENCES,
)
# A second test set, for rounds after the first test set had been looked at several times
# (issue 10, 2026-11-30): the test side's accents with variants nobody used (not in tuning,
# DEV or the test set), its own seed, and chatter and babble sentences written by someone who had
# not seen any of this data (those already used anywhere were dropped). Never tuned on.
FRESH_TEST_OUT_OF_GRAMMAR = [
    "whoops", "goodness me", "oof", "good boy", "cheers love", "shoo", "who's at the door",
    "get off the sofa", "i'll call you back", "did you feed him", "what's for dinner tonight",
    "can you hear that", "not on the rug", "my knees are killing me", "is it raining out",
    "hang on a sec", "i'm on the phone", "turn the telly off", "that's the postman",
    "i think the oven is still on", "sorry i can't chat at the moment i'm exercising",
    "did you remember to pick up the milk", "the dog keeps trying to lick my face",
    "honestly i don't know why i signed up for this", "can you grab my water bottle from the kitchen",
    "what time did you say your mum was coming", "i'll do the washing up after this session",
    "tell her i'll ring back in a few minutes", "my neighbour's drilling again can you believe it",
    "i swear this mat gets smaller every week", "was that the doorbell or the television",
]
FRESH_TEST_BABBLE_SENTENCES = [
    "temperatures will stay mild across the south tomorrow with showers clearing by the afternoon",
    "the home side scored twice late in the second half to secure a dramatic victory",
    "now gently fold the flour into the mixture and bake for about forty minutes",
    "commuters are advised to expect delays on the northern line due to signal repairs",
    "the council has approved plans for a new library on the high street",
    "she opened the letter slowly and gasped as the candle flickered in the draught",
    "heavy snow is expected over the mountains so drivers should take extra care tonight",
    "flights to the islands resume on monday after the storm caused widespread cancellations",
]
FRESH_TEST = replace(  # the test set's noises, echo and bursts; nothing else of it
    TEST, name="fresh-test",
    speakers=[Speaker("en-gb-x-rp+belinda", 150, 55), Speaker("en-029+david", 140, 45),
              Speaker("en-gb-x-gbcwmd+grandma", 165, 60), Speaker("en-gb-x-rp+caleb", 175, 40),
              Speaker("en-029+aunty", 155, 68), Speaker("en-gb-x-gbcwmd+norbert", 130, 50)],
    out_of_grammar=FRESH_TEST_OUT_OF_GRAMMAR, seed=505, babble_sentences=FRESH_TEST_BABBLE_SENTENCES,
    babble_voices=["en-gb-x-rp+paul", "en-029+anika", "en-gb-x-gbcwmd+boris", "en-gb-x-rp+iven"],
)
# A third test set, of voices made from recorded speech (MBROLA diphone voices through espeak-ng,
# closer to real people than espeak-ng's formant voices): an American woman, a British man, and
# English with French, Polish, Hungarian and Swedish accents, speakers none of the training
# voices are (bench.command_data.DIPHONE_VOICES). Otherwise the fresh test set's noises, echo,
# bursts, chatter and babble, with a seed of its own. Never tuned on.
DIPHONE_TEST = replace(
    FRESH_TEST, name="diphone-test",
    speakers=[Speaker("mb-us1", 150, 55), Speaker("mb-en1", 140, 45), Speaker("mb-fr4-en", 165, 60),
              Speaker("mb-pl1-en", 135, 50), Speaker("mb-hu1-en", 175, 40), Speaker("mb-sw1-en", 155, 52)],
    seed=606,
)
SETS = {"tuning": TUNING, "test": TEST, "tuning-babble": TUNING_BABBLE, "dev": DEV, "fresh-test": FRESH_TEST,
        "diphone-test": DIPHONE_TEST}
TEST_SETS = ("test", "fresh-test", "diphone-test")  # never tuned on; what `bench.speech` reports
# Debian's packages of the MBROLA voices (in its contrib and non-free sections: the voices'
# licence allows non-commercial use), by espeak-ng voice name.
MBROLA_PACKAGES = "mbrola " + " ".join(f"mbrola-{v}" for v in (
    "us1 us2 us3 en1 de1 de2 de3 de4 de5 de6 fr1 fr4 gr2 hu1 nl2 pl1 ro1 sw1 sw2 af1".split()))


def require_diphone_voices(voices: List[str]) -> None:
    """Stop with what to install when an MBROLA voice is missing (espeak-ng says nothing useful)."""
    for voice in voices:
        if voice.startswith("mb-"):
            done = subprocess.run(["espeak-ng", "-v", voice, "--stdout", "a"], capture_output=True)
            if done.returncode != 0 or len(done.stdout) < 1000:
                raise SystemExit(f"espeak-ng voice {voice} needs MBROLA: add 'contrib non-free' to Debian's "
                                 f"apt sources, then apt-get install {MBROLA_PACKAGES}")


@dataclass
class Clip:
    path: str  # relative to the set's folder
    kind: str  # "command", "speech" (out of grammar) or "noise"
    said: str  # the words spoken ("" for noise)
    expected: Optional[str]  # the grammar phrase to hear, None when it must be rejected
    speaker: str
    condition: str  # "clean", a noise type at the set's SNR, or "reverb"
    speech_start_s: float
    speech_end_s: float


def espeak(text: str, speaker: Speaker) -> np.ndarray:
    with tempfile.NamedTemporaryFile(suffix=".wav") as wav:
        subprocess.run(["espeak-ng", "-v", speaker.voice, "-s", str(speaker.rate), "-p", str(speaker.pitch),
                        "-w", wav.name, text], check=True, capture_output=True)
        samples, rate = read_wav(wav.name)
    samples = resample(samples, rate, SAMPLE_RATE)
    loud = np.flatnonzero(np.abs(samples) > 0.01 * np.max(np.abs(samples)))
    return samples[loud[0]: loud[-1] + 1] * (0.5 / np.max(np.abs(samples)))


def colored_noise(kind: str, length: int, rng: np.random.Generator) -> np.ndarray:
    """White, pink (1/f), brown (1/f^2) or hum (mains harmonics + a fan's low rumble)."""
    if kind == "hum":
        t = np.arange(length) / SAMPLE_RATE
        hum = sum(np.sin(2 * np.pi * 50 * k * t + rng.uniform(0, 6.3)) / k for k in (1, 2, 3, 5))
        return hum + 0.5 * colored_noise("brown", length, rng)
    white = rng.standard_normal(length)
    if kind == "white":
        return white
    spectrum = np.fft.rfft(white)
    freqs = np.maximum(np.fft.rfftfreq(length, 1 / SAMPLE_RATE), 20.0)
    spectrum /= np.sqrt(freqs) if kind == "pink" else freqs
    return np.fft.irfft(spectrum, n=length)


class Babble:
    """Several voices talking at once: sentences summed at random offsets. Voices are espeak-ng
    names (said at 165 wpm, pitch 50) or Speakers; `talkers` is the (fewest, most) talking at once."""

    def __init__(self, voices: List, sentences: Optional[List[str]] = None, talkers: Tuple[int, int] = (4, 4)):
        self.tracks = [espeak(sentence, voice if isinstance(voice, Speaker) else Speaker(voice, 165, 50))
                       for voice, sentence in zip(voices * 2, sentences or BABBLE_SENTENCES)]
        self.talkers = talkers

    def __call__(self, length: int, rng: np.random.Generator) -> np.ndarray:
        fewest, most = self.talkers
        # A fixed number draws nothing, so the sets made before talkers varied are unchanged.
        talking = fewest if fewest == most else int(rng.integers(fewest, most + 1))
        mix = np.zeros(length)
        for track in rng.choice(len(self.tracks), size=min(talking, len(self.tracks)), replace=False):
            looped = np.tile(self.tracks[track], length // len(self.tracks[track]) + 2)
            start = rng.integers(0, len(self.tracks[track]))
            mix += looped[start: start + length]
        return mix


def scaled(noise: np.ndarray, speech: np.ndarray, snr_db: float) -> np.ndarray:
    """`noise` at `snr_db` below the speech's power."""
    speech_power = np.mean(speech ** 2)
    return noise * np.sqrt(speech_power / (np.mean(noise ** 2) + 1e-12) / 10 ** (snr_db / 10))


def reverb(samples: np.ndarray, seed: int) -> np.ndarray:
    """A room's echo from sox (reverberance, damping and room size vary by clip)."""
    rng = np.random.default_rng(seed)
    return reverb_with(samples, (int(rng.integers(40, 80)), int(rng.integers(30, 70)), int(rng.integers(50, 100))))


def reverb_with(samples: np.ndarray, room: Tuple[int, int, int]) -> np.ndarray:
    """sox reverb with (reverberance, damping, room scale), in percent. Without dither (-D):
    sox's own dither on the 16-bit output is random, so the same clip would differ run to run."""
    with tempfile.TemporaryDirectory() as folder:
        dry, wet = Path(folder) / "dry.wav", Path(folder) / "wet.wav"
        write_wav(dry, samples, SAMPLE_RATE)
        subprocess.run(["sox", "-D", str(dry), str(wet), "reverb", *map(str, room)], check=True, capture_output=True)
        out, _ = read_wav(wet)
    return out[: len(samples) + int(0.6 * SAMPLE_RATE)] * (0.5 / np.max(np.abs(out)))


def burst(kind: str, rng: np.random.Generator, babble: Optional[Babble]) -> np.ndarray:
    """0.4-1.5 s of a sound that is not speech (or speech nobody could make out)."""
    length = int(rng.uniform(0.4, 1.5) * SAMPLE_RATE)
    base = kind.split("-")[0]
    if kind in ("knock", "click-train"):
        sound = np.zeros(length)
        for start in rng.integers(0, length - 800, size=int(rng.integers(2, 6))):
            decay = np.exp(-np.arange(800) / rng.uniform(40, 200))
            sound[start: start + 800] += rng.standard_normal(800) * decay
    elif base == "babble":
        sound = babble(length, rng)
    elif kind == "rumble":
        sound = colored_noise("brown", length, rng) * np.hanning(length)
    else:
        sound = colored_noise(base, length, rng) * np.hanning(length) ** 0.3
    return sound * (rng.uniform(0.2, 0.5) / np.max(np.abs(sound)))


def in_stream(speech: np.ndarray) -> Tuple[np.ndarray, float, float]:
    lead, tail = np.zeros(int(LEAD_S * SAMPLE_RATE)), np.zeros(int(TAIL_S * SAMPLE_RATE))
    return np.concatenate([lead, speech, tail]), LEAD_S, LEAD_S + len(speech) / SAMPLE_RATE


def spec_hash(spec: SetSpec) -> str:
    fields = asdict(spec)
    if not fields["babble_sentences"]:  # sets made before the field existed keep their hash
        del fields["babble_sentences"]
    return hashlib.sha256(json.dumps([VERSION, fields, sorted(COMMANDS)]).encode()).hexdigest()[:16]


def build(spec: SetSpec, out_dir: Optional[Path] = None, progress=print) -> List[Clip]:
    """The set's clips (generated now unless the same spec was generated before)."""
    folder = Path(out_dir or SETS_DIR / spec.name)
    manifest = folder / "manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text())
        if data.get("hash") == spec_hash(spec):
            return [Clip(**clip) for clip in data["clips"]]
    require_diphone_voices([speaker.voice for speaker in spec.speakers])
    rng = np.random.default_rng(spec.seed)
    babble = Babble(spec.babble_voices, spec.babble_sentences) if spec.babble_voices else None
    noise_makers = {kind: (lambda n, r, k=kind: babble(n, r) if k == "babble" else colored_noise(k, n, r))
                    for kind in spec.noises}
    clips: List[Clip] = []

    def save(samples, kind, said, expected, speaker, condition, start, end):
        name = f"{len(clips):04d}-{kind}-{condition}.wav"
        write_wav(folder / name, np.clip(samples, -1, 1), SAMPLE_RATE)
        clips.append(Clip(name, kind, said, expected, speaker, condition, round(start, 3), round(end, 3)))

    utterances = [(phrase, phrase, "command") for phrase in COMMANDS] + \
                 [(text, None, "speech") for text in spec.out_of_grammar]
    for number, speaker in enumerate(spec.speakers):
        progress(f"  {spec.name}: speaker {number + 1}/{len(spec.speakers)} ({speaker.name})")
        for said, expected, kind in utterances:
            speech = espeak(said, speaker)
            clean, start, end = in_stream(speech)
            save(clean, kind, said, expected, speaker.name, "clean", start, end)
            for noise in spec.noises:
                save(clean + scaled(noise_makers[noise](len(clean), rng), speech, spec.snr_db),
                     kind, said, expected, speaker.name, noise, start, end)
            if spec.reverb:
                wet, start, _ = in_stream(reverb(speech, int(rng.integers(1 << 30))))
                save(wet, kind, said, expected, speaker.name, "reverb", start, end)
    for kind in spec.bursts:
        sound = burst(kind, rng, babble)
        clip, start, end = in_stream(sound)
        save(clip, "noise", "", None, "", kind, start, end)
    manifest.write_text(json.dumps({"hash": spec_hash(spec), "clips": [asdict(c) for c in clips]}, indent=1))
    return clips


def main(argv: List[str]) -> int:
    for name in argv or list(SETS):
        clips = build(SETS[name])
        kinds: Dict[str, int] = {}
        for clip in clips:
            kinds[clip.kind] = kinds.get(clip.kind, 0) + 1
        print(f"{name}: {len(clips)} clips {kinds} in {SETS_DIR / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
