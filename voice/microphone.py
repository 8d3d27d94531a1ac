"""Live commands from a microphone: sounddevice input, the VAD, the recogniser with rejection.

Audio is read at 16 kHz mono in 30 ms blocks and handed to a worker thread (the audio
callback must return at once), which feeds `speech.listener.StreamListener`. What the VAD
calls speech is decoded when it ends; rejected speech is delivered as "not understood"
(message None), so the session can ask again, and noise never gets that far.

Its own voice is not a command (half-duplex): while the session speaks (`muted` is set)
the microphone's audio is dropped (and for ECHO_TAIL_S after, while its echo dies away) and
any half-heard utterance forgotten. During a
countdown it keeps listening, the countdown it knows is playing is subtracted from the
input (`speech.echo`), and the session lets only the stopping phrases through (barge-in);
what is left of the countdown's own numbers is heard as numbers, or rejected.
Needs `sounddevice` and PortAudio (Debian `libportaudio2`).
"""
from __future__ import annotations

import queue
import threading
import time
from typing import Callable, Optional, Tuple

import numpy as np

from speech import settings as speech_settings
from speech.listener import StreamListener
from speech.recognizer import SAMPLE_RATE, CommandRecognizer
from voice.listen import Heard

BLOCK_S = 0.03
ECHO_TAIL_S = 0.3  # still deaf this long after the session stops speaking (its echo dies away)


def heard_from(result) -> Heard:
    """A listener result as the session's `Heard` (rejected speech: message None)."""
    return Heard(result.phrase or "", result.message, "microphone", interrupts=result.interrupts,
                 mid_hold_only=result.mid_hold_only, ask_again=result.ask_again)


class Microphone:
    def __init__(self, recognizer: CommandRecognizer, muted: Optional[threading.Event] = None,
                 device=None, speaker=None):
        import sounddevice

        self.sd = sounddevice
        self.device = device
        self.listener = StreamListener(recognizer, record_to=speech_settings.load().mic_record_dir)
        self.muted = muted or getattr(speaker, "speaking", None) or threading.Event()
        self.speaker = speaker  # its `playback` (a countdown playing) is subtracted from the input
        self._blocks: "queue.Queue[Optional[Tuple[np.ndarray, bool, float]]]" = queue.Queue()
        self._stream = None
        self._worker: Optional[threading.Thread] = None
        self._deliver: Optional[Callable[[Heard], None]] = None
        self._playback = None

    def start(self, deliver: Callable[[Heard], None]) -> None:
        """Start listening; `deliver(Heard)` is called for every utterance decided."""
        self._deliver = deliver
        self._worker = threading.Thread(target=self._listen, daemon=True, name="microphone")
        self._worker.start()
        self._stream = self.sd.InputStream(samplerate=SAMPLE_RATE, channels=1, dtype="float32", device=self.device,
                                           blocksize=int(SAMPLE_RATE * BLOCK_S), callback=self._on_block)
        self._stream.start()

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None
        if self._worker is not None:
            self._blocks.put(None)
            self._worker.join(timeout=5)
            self._worker = None
        self.listener.close()

    def _on_block(self, indata, frames, time_info, status) -> None:
        # Muted or not is decided when the sound arrives, not when the worker gets to it.
        self._blocks.put((indata[:, 0].copy(), self.muted.is_set(), time.monotonic()))

    def _follow_playback(self, arrived: float) -> None:
        """Tell the listener when a countdown starts or stops playing (echo removal)."""
        playback = getattr(self.speaker, "playback", None)
        if playback is self._playback:
            return
        self._playback = playback
        if playback is None:
            self.listener.stopped_playing()
            return
        block_start = arrived - BLOCK_S  # the block that just arrived began about then
        start = self.listener.position + int(round((playback.started - block_start) * SAMPLE_RATE))
        self.listener.playing(playback.samples, playback.rate, start_sample=start)

    def _listen(self) -> None:
        was_muted, unmuted_at = False, None
        while True:
            item = self._blocks.get()
            if item is None:
                return
            block, muted, arrived = item
            self._follow_playback(arrived)
            if muted:  # the session is speaking: not the person
                was_muted, unmuted_at = True, None
                continue
            if was_muted:  # the room still rings with its last words for a moment
                unmuted_at = unmuted_at or arrived
                if arrived - unmuted_at < ECHO_TAIL_S:
                    continue
                self.listener.reset()
                was_muted = False
            for result in self.listener.feed(block, SAMPLE_RATE):
                if self._deliver is not None:
                    self._deliver(heard_from(result))
