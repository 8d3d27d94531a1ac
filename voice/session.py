"""A hands-free session with Scalene Coach: `python -m voice.session` (or `make voice`).

Every bot message is spoken in order (buttons read as choices); a hold or rest plays the
paced countdown (with the payload's cues) on a real clock and then tells the bot it
finished (`finish_payload`); then the session waits for the person's answer, by voice or
keyboard. A stopping command heard mid-countdown ("I feel dizzy", "stop", "pause", ...) cuts
the countdown at once and goes to the bot straight away. What happens to that hold is the
bot's to say (README "The hold contract"): a `hold_stop` naming it ends it; a new `hold`
(every resume, whatever word resumed it) is played; a reply with neither means the bot
still waits on it, so it is played again. An exercise's count is its paced reps ("one, hold,
two, three ... release"). Documents the bot offers (a summary for a doctor, a reminder) are
saved into the `--out` folder (else `--documents`), so "I've saved it" is true.

Without a sound card: `--out DIR` writes every spoken WAV (numbered) and transcript.txt,
and `--in A.wav B.wav C.wav@3 ...` gives the answers (see `voice.listen` for `@S`).
With one: sound plays and the microphone listens (needs sounddevice + PortAudio).
"""
from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from pathlib import Path
from typing import List, Optional

import settings
from speech.countdown import countdown_wav
from speech.exercise_count import exercise_count_for
from speech.synth import synthesize
from speech.worker import SynthesisError
from voice.client import AssistantUnavailable, VoiceChannelClient
from voice.listen import Answers, Heard, InputFile
from voice.output import DeviceSpeaker, FileSpeaker, device_problem
from voice.plan import Hold, HoldStop, SaveDocuments, Say, Step, plan
from voice.transcript import Transcript

NOT_UNDERSTOOD = "Sorry, I didn't catch that. Please say it again."
DOCUMENTS_DIR = settings.ROOT / "var" / "documents"


class VoiceSession:
    def __init__(self, client: VoiceChannelClient, speaker, answers: Answers,
                 transcript: Transcript, rate: Optional[int] = None, voice: Optional[str] = None,
                 documents_dir: Path = DOCUMENTS_DIR):
        self.client, self.speaker, self.answers = client, speaker, answers
        self.transcript = transcript
        self.documents_dir = Path(documents_dir)
        self.rate, self.voice = rate, voice
        self.cut_hold: Optional[Hold] = None  # a countdown the person's words cut short
        self.stop_latencies_s: List[float] = []  # how fast countdowns stopped when told to

    # -- speaking ------------------------------------------------------------------------
    def say(self, text: str, who: str = "bot") -> None:
        number = self.transcript.next_number()
        try:
            wav = synthesize(text, rate=self.rate, voice=self.voice)
        except SynthesisError as error:  # already retried on a fresh engine: show it, go on
            self.transcript.add(who, text)
            self.transcript.add("note", f"could not speak that line: {error}")
            return
        name = self.speaker.speak(wav, f"{number:03d}-{who}.wav")
        self.transcript.add(who, text, name)

    def run_hold(self, hold: Hold) -> Optional[Heard]:
        """Play the countdown in real time; returns what stopped it, or None if it ran out."""
        audio = self.timed_audio(hold)
        name = f"{self.transcript.next_number():03d}-countdown.wav"
        stop, done, ignored = threading.Event(), threading.Event(), []
        stopped_by: List[Heard] = []
        heard_at: List[float] = []
        started = time.monotonic()

        def watch() -> None:
            heard = self.answers.during_hold(started, done, ignored.append)
            if heard is not None:
                heard_at.append(heard.at_s if heard.at_s is not None else time.monotonic() - started)
                stopped_by.append(heard)
                stop.set()

        watcher = threading.Thread(target=watch, daemon=True, name="hold-watcher")
        watcher.start()
        played = self.speaker.countdown(audio, name, stop)
        done.set()
        watcher.join()
        if stopped_by:
            self.stop_latencies_s.append(max(0.0, played - heard_at[0]))
            self.transcript.add("countdown", f"{hold.kind} {hold.seconds} s, stopped at {played:.2f} s "
                                f"of {audio.duration_s:.2f} s ({stopped_by[0].said!r} heard at "
                                f"{heard_at[0]:.2f} s)", name)
        else:
            self.transcript.add("countdown", f"{hold.kind} {hold.seconds} s: " + ", ".join(audio.words), name)
        for heard in ignored:
            self.transcript.add("note", f"heard {heard.said or '(nothing clear)'!r} during the countdown "
                                f"({heard.source}): not a stopping command, ignored")
        return stopped_by[0] if stopped_by else None

    def timed_audio(self, hold: Hold):
        """The paced audio of a timed step: an exercise's rep count, else a countdown."""
        if hold.exercise:
            try:
                return exercise_count_for({**hold.exercise, "cues": hold.cues}, rate=self.rate, voice=self.voice)
            except ValueError:  # a dose the count cannot pace: count its seconds plainly
                pass
        return countdown_wav(hold.seconds, hold.kind, rate=self.rate, voice=self.voice, cues=hold.cues)

    def save_documents(self, step: SaveDocuments) -> None:
        """Fetch each document into the documents folder and say where in the transcript."""
        self.documents_dir.mkdir(parents=True, exist_ok=True)
        for document in step.documents:
            try:
                body, name = self.client.download(document["url"])
            except AssistantUnavailable as error:
                self.transcript.add("note", f"could not save {document.get('title', 'a document')}: {error}")
                continue
            name = Path(name).name or Path(document["url"]).name[-40:]
            (self.documents_dir / name).write_bytes(body)
            self.transcript.add("saved", f"{document.get('title', name)}: {self.documents_dir / name}")

    # -- turns -----------------------------------------------------------------------------
    def send(self, heard: Heard) -> List[dict]:
        said = f"{heard.said} -> {heard.message}" if heard.said != heard.message else heard.message
        self.transcript.add("you", f"{said} ({heard.source})")
        return self.client.send(heard.message)

    def follow_cut_hold(self, steps: List[Step]) -> List[Step]:
        """The bot's reply to words that cut a countdown short says what became of that hold:
        stopped (`hold_stop`), replaced (a new `hold`), or still running (neither: play it again)."""
        cut, self.cut_hold = self.cut_hold, None
        if cut is None or any(isinstance(s, Hold) or (isinstance(s, HoldStop) and s.hold_id == cut.hold_id)
                              for s in steps):
            return steps
        return steps + [cut]

    def perform(self, messages: List[dict]) -> Optional[Heard]:
        """Speak a turn's messages and run its hold; returns what to send next, if anything."""
        steps = self.follow_cut_hold(plan(messages))
        for index, step in enumerate(steps):
            if isinstance(step, Say):
                self.say(step.text)
                continue
            if isinstance(step, HoldStop):
                if step.reason != "done":
                    self.transcript.add("note", f"the bot stopped {step.hold_id} ({step.reason})")
                continue
            if isinstance(step, SaveDocuments):
                self.save_documents(step)
                continue
            stopped_by = self.run_hold(step)
            if stopped_by:
                self.cut_hold = step
                return stopped_by
            for later in steps[index + 1:]:
                if isinstance(later, Say):
                    self.say(later.text)
            return Heard("(countdown finished)", step.finish_payload, "timer")
        return None

    def run(self, opening: str = "hello") -> None:
        follow_up: Optional[Heard] = Heard(opening, opening, "session start")
        while True:
            if follow_up is None:
                follow_up = self.answers.next_answer()
                if follow_up is None:
                    break
                if follow_up.message is None:
                    self.transcript.add("you", f"(not understood) ({follow_up.source})")
                    self.say(NOT_UNDERSTOOD, who="session")
                    follow_up = None
                    continue
            follow_up = self.perform(self.send(follow_up))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m voice.session", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    server = settings.current().server
    parser.add_argument("--url", default=f"http://{server.host}:{server.rasa_port}",
                        help="the running assistant (default: %(default)s)")
    parser.add_argument("--out", type=Path, help="write spoken WAVs + transcript.txt (and documents) here instead of playing")
    parser.add_argument("--documents", type=Path, help="save documents (summary, reminder) here "
                        f"(default: the --out folder, else {DOCUMENTS_DIR})")
    parser.add_argument("--in", dest="inputs", nargs="+", default=[], metavar="FILE.wav[@S]",
                        help="answers from WAV files, in order; FILE.wav@S is heard S s into the next countdown")
    parser.add_argument("--no-keyboard", action="store_true", help="do not read typed answers")
    parser.add_argument("--no-microphone", action="store_true", help="do not listen to a microphone")
    parser.add_argument("--rate", type=int, help="speech rate in words per minute (default: SCALENE_SPEECH_RATE)")
    parser.add_argument("--voice", help="espeak-ng voice id (default: SCALENE_VOICE)")
    parser.add_argument("--sender", help="conversation id (default: a new one)")
    parser.add_argument("--opening", default="hello", help="first message sent (default: %(default)s)")
    return parser


def end_on_ctrl_c_and_terminate() -> None:
    """Ctrl-C and SIGTERM end the session the same clean way (microphone closed, transcript
    written), even when the parent left SIGINT ignored, as a shell does for a background job."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)


def main(argv: Optional[List[str]] = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except settings.SettingError as error:
        print(f"voice session: {error}", file=sys.stderr)
        return 2
    end_on_ctrl_c_and_terminate()
    client = VoiceChannelClient(args.url, args.sender)
    try:
        client.check()
    except AssistantUnavailable as error:
        print(f"voice session: {error}", file=sys.stderr)
        return 2
    problem = device_problem()
    if args.out is None and problem:
        print(f"voice session: cannot play sound: {problem}.\n"
              "Run with --out DIR to write the audio to files instead.", file=sys.stderr)
        return 2
    from speech.recognizer import CommandRecognizer

    recognizer = CommandRecognizer()
    speaker = FileSpeaker(args.out) if args.out else DeviceSpeaker()
    microphone = None
    if not args.inputs and not args.no_microphone and not problem:
        from voice.microphone import Microphone

        microphone = Microphone(recognizer, speaker=speaker)
    answers = Answers([InputFile.parse(spec) for spec in args.inputs], recognizer,
                      keyboard=None if args.no_keyboard else sys.stdin, microphone=microphone)
    transcript = Transcript(args.out)
    print(f"Voice session with {args.url} as {client.sender}. Answer by "
          + ", ".join(filter(None, ["voice files" if args.inputs else "", "microphone" if microphone else "",
                                    "keyboard" if not args.no_keyboard else ""]))
          + ("; type 'quit' to end." if not args.no_keyboard else "."), flush=True)
    try:
        documents = args.documents or args.out or DOCUMENTS_DIR
        VoiceSession(client, speaker, answers, transcript, rate=args.rate, voice=args.voice,
                     documents_dir=documents).run(args.opening)
    except AssistantUnavailable as error:
        print(f"voice session: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    finally:
        if microphone is not None:
            microphone.stop()
        transcript.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
