"""Unit tests of the web channel's parts: audio ids, files it serves, origins, the transcript."""
import re
from pathlib import Path

import pytest
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.slots import TextSlot
from rasa.shared.core.trackers import DialogueStateTracker

from channels.web import AUDIO_EVT, WebChatInput, WebChatOutput, configured_origins
from channels.web_audio import AudioRegistry
from channels.web_history import transcript
from channels.web_routes import WEB_DIR, web_file


def test_audio_ids_only_for_speakable_bot_text_and_sensible_countdowns():
    audio = AudioRegistry()
    url = audio.text_url("Press gently and hold.")
    assert url == audio.text_url("  Press gently and hold. ") and url.startswith("/widget/audio/t")
    assert audio.is_known(Path(url).stem)
    assert audio.text_url("😀😀🔥") is None and audio.text_url("") is None
    cues = {"start": "Press gently and hold.", "end": "And release."}
    url = audio.countdown_url(12, "hold", cues)
    assert re.fullmatch(r"/widget/audio/countdown-hold-12-[0-9a-f]{10}\.wav", url)
    assert audio.countdown_url(12, "hold", {"start": "Squeeze.", "end": "Let go."}) != url  # the cues are heard
    for seconds, kind in ((0, "hold"), (601, "rest"), (True, "hold"), ("12", "hold"), (12, "../x"), (12, "Hold!")):
        assert audio.countdown_url(seconds, kind, cues) is None, (seconds, kind)
    for bad_cues in ({"start": 5}, {"start": "x" * 201}, {"end": ["a"]}):
        assert audio.countdown_url(12, "hold", bad_cues) is None, bad_cues


async def test_an_exercise_hold_gets_its_paced_rep_count(tmp_path, monkeypatch):
    from actions.exercise_moves import count_message
    monkeypatch.setenv("SCALENE_SPEECH_CACHE", str(tmp_path))
    audio = AudioRegistry()
    hold = count_message("abc", "chin_tuck", "desk")["hold"]
    url, count_start = await audio.timed_step(hold)
    assert re.fullmatch(r"/widget/audio/exercise-[0-9a-f]{16}\.wav", url) and count_start > 0.3
    wav = await audio.wav(Path(url).stem)
    assert wav.read_bytes()[:4] == b"RIFF" and wav.stat().st_size > 90 * 16000  # 90 s of counting and more
    for bad in ({"reps": 0}, {"reps": "10"}, {"hold_seconds": 8}, {"reps": 30, "rep_seconds": 30}, {"cues": {"start": 5}}):
        assert audio.exercise_url({**hold, **bad}) is None, bad


def test_audio_ids_age_out_oldest_first():
    audio = AudioRegistry(max_known=2)
    first, second, third = (Path(audio.text_url(t)).stem for t in ("One.", "Two.", "Three."))
    assert not audio.is_known(first) and audio.is_known(second) and audio.is_known(third)


async def test_unknown_audio_id_makes_nothing():
    assert await AudioRegistry().wav("t" + "0" * 32) is None


@pytest.mark.parametrize("relative", ["../credentials.yml", "img/../../credentials.yml", ".hidden",
                                      "/etc/passwd", "img/missing.svg", "js", "../channels/web.py"])
def test_only_the_widgets_own_files_are_served(relative):
    assert web_file(relative) is None


@pytest.mark.parametrize("relative", ["index.html", "widget.js", "js/chat.js", "img/pulse-avoid.svg",
                                      "vendor/socket.io.min.js", "vendor/socket.io-client.LICENSE"])
def test_widget_files_are_served(relative):
    assert web_file(relative) == (WEB_DIR / relative).resolve()


def test_origins_same_site_or_listed_never_everyone(monkeypatch):
    monkeypatch.setenv("SCALENE_WIDGET_ORIGINS", "https://clinic.example/, ")
    channel = WebChatInput(cors_allowed_origins=["https://partner.example"])
    environ = {"wsgi.url_scheme": "http", "HTTP_HOST": "127.0.0.1:5005"}
    assert channel.origin_allowed("http://127.0.0.1:5005", environ)
    assert channel.origin_allowed("https://clinic.example", environ)
    assert channel.origin_allowed("https://partner.example", environ)
    assert not channel.origin_allowed("http://evil.example", environ)
    with pytest.raises(ValueError):
        configured_origins(["*"])


async def test_transcript_shows_what_the_person_saw_in_rasa_format():
    events = [
        UserUttered("/greet", metadata={"hidden": True}),
        BotUttered("Hi.\n\nWhat now?", data={"buttons": [{"title": "Guide me", "payload": "/start_session"}]}),
        UserUttered("/start_session", metadata={"shown": "Guide me"}),
        BotUttered("Hold on.", data={"custom": {"hold": {"seconds": 12, "id": "h1"}}}),
        UserUttered("<b>hi</b>"),
        SlotSet("stage", "holding"), SlotSet("hold_id", "h1"),
        BotUttered(data={"custom": {"hold_stop": {"id": "h1", "reason": "pause"}}}),
    ]
    tracker = DialogueStateTracker.from_events("s1", events, slots=[
        TextSlot("stage", mappings=[]), TextSlot("hold_id", mappings=[])])
    audio = AudioRegistry()
    history = await transcript(tracker, lambda sio: WebChatOutput(sio, "bot_uttered", audio), "bot_uttered", AUDIO_EVT)
    entries = history["entries"]
    assert [e["text"] for e in entries if e["from"] == "user"] == ["Guide me", "<b>hi</b>"]
    bot = [e for e in entries if e["from"] == "bot"]
    assert bot[0]["message"] == {"text": "Hi.", "quick_replies": []}  # as stock Rasa splits it
    assert bot[1]["message"] == {"text": "What now?", "quick_replies": [
        {"content_type": "text", "title": "Guide me", "payload": "/start_session"}]}
    assert bot[1]["audio"] == audio.text_url("What now?")
    assert bot[-2]["message"]["custom"]["hold"]["id"] == "h1"
    assert bot[-1]["message"] == {"custom": {"hold_stop": {"id": "h1", "reason": "pause"}}}
    assert set(history) == {"entries"}  # which hold runs, the widget reads from the messages


def test_message_metadata_is_kept_storable_and_small():
    channel = WebChatInput()
    assert channel._metadata({"metadata": {"shown": "Guide me \udc80"}}) == {"shown": "Guide me ?"}
    assert channel._metadata({"metadata": '{"language": "en"}'}) == {"language": "en"}  # other widgets' data
    assert channel._metadata({"metadata": "not json"}) == {} and channel._metadata({"metadata": [1]}) == {}
    assert channel._metadata({"metadata": {"shown": "x" * 5000}}) == {}


class RecordingSocketServer:
    """Stands in for the socket.io server around `VoiceSockets`: one joined socket, emits kept."""

    def __init__(self):
        self.handlers, self.emitted = {}, []

    def on(self, event, handler, namespace=None):
        self.handlers[event] = handler

    async def get_session(self, sid, namespace=None):
        return {"session_id": "conversation-1"}

    async def emit(self, event, data, room=None, namespace=None):
        self.emitted.append((event, data))

    def heard(self):
        """The phrases sent back as heard so far (rejections left out)."""
        return [data["phrase"] for event, data in self.emitted if not data["rejected"]]


def spoken_chunks(text: str, lead_s: float = 0.4, tail_s: float = 0.8):
    """`text` said by a test-side voice as the widget sends it: 0.1 s chunks of 16 kHz PCM."""
    import numpy as np

    from bench.speech_sets import Speaker, espeak
    from speech.vad import SAMPLE_RATE
    from speech.wavtools import to_pcm16

    def silence(seconds):
        return np.zeros(int(seconds * SAMPLE_RATE), dtype=np.float32)

    said = espeak(text, Speaker("en-us+f5", 150, 50)) if text else silence(0)
    pcm = to_pcm16(np.concatenate([silence(lead_s), said, silence(tail_s)]))
    chunk_bytes = int(0.1 * SAMPLE_RATE) * 2  # 16-bit samples
    return [pcm[at: at + chunk_bytes] for at in range(0, len(pcm), chunk_bytes)]


@pytest.mark.slow  # loads the recogniser and decodes speech
async def test_the_first_words_into_the_widget_microphone_are_heard_whole(monkeypatch):
    """The widget sends ~0.1 s chunks, each handled as its own task; the first ones arrive while
    the socket's listener is still being made (the recogniser loads on first use). Each once
    made a listener of its own, so the start of the first thing said was lost ("start" was
    heard as "it hurts" in a browser run)."""
    import asyncio
    import time

    from channels import web_voice

    loaded = web_voice.recognizer()

    def slowly_loaded():
        time.sleep(0.5)  # as on first use
        return loaded

    monkeypatch.setattr(web_voice, "recognizer", slowly_loaded)
    server = RecordingSocketServer()
    voice = web_voice.VoiceSockets(server).attach()
    chunks = spoken_chunks("start")
    await asyncio.gather(*(server.handlers[web_voice.AUDIO_EVT]("sid-1", chunk) for chunk in chunks))
    assert server.heard() == ["start"]
    assert len(voice.listeners) == 1
    await server.handlers["disconnect"]("sid-1")
    assert voice.listeners == {} and voice.locks == {}


@pytest.mark.slow  # loads the recogniser and decodes speech
async def test_a_reset_forgets_what_was_sent_before_it_even_if_not_yet_heard():
    """The widget sends voice_reset when it listens again after the assistant spoke. Chunks sent
    before it may still be queued: the reset must come after them, or the half-heard words join
    what the person says next."""
    import asyncio

    from channels import web_voice

    server = RecordingSocketServer()
    web_voice.VoiceSockets(server).attach()
    audio, reset = server.handlers[web_voice.AUDIO_EVT], server.handlers[web_voice.RESET_EVT]
    words = spoken_chunks("start", tail_s=0.0)  # cut off as the microphone closed
    await asyncio.gather(*(audio("sid-1", chunk) for chunk in words), reset("sid-1"))
    for chunk in spoken_chunks("", lead_s=1.5, tail_s=0.0):
        await audio("sid-1", chunk)
    assert server.heard() == []
    for chunk in spoken_chunks("stop"):
        await audio("sid-1", chunk)
    assert server.heard() == ["stop"]


async def test_a_stopping_phrase_heard_only_faintly_stops_a_hold_and_is_asked_again_between_turns():
    """`voice_heard` for a faint "stop": it interrupts (a hold stops) but is rejected as an answer,
    and the widget asks again, except for speech cut out of the room's talk."""
    from channels import web_voice
    from speech.listener import Heard

    said = [Heard("stop", "stop", 0.3, 0.4, 0.8, 1.0, mid_hold_only=True),
            Heard("help", "help", 0.2, 1.4, 1.8, 2.0, mid_hold_only=True, over_talk=True),
            Heard("ready", "ready", 0.9, 2.4, 2.8, 3.0)]

    class Listener:
        def feed(self, samples, rate):
            return said

    server = RecordingSocketServer()
    voice = web_voice.VoiceSockets(server).attach()
    voice.listeners["sid-1"] = Listener()
    await server.handlers[web_voice.AUDIO_EVT]("sid-1", bytes(3200))
    sent = [data for event, data in server.emitted if event == web_voice.HEARD_EVT]
    assert [(d["phrase"], d["interrupts"], d["rejected"], d["ask_again"]) for d in sent] == [
        ("stop", True, True, True), ("help", True, True, False), ("ready", False, False, False)]
    assert server.heard() == ["ready"]
