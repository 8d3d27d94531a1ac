"""Writes data/nlu/faq_composed.yml: story-shaped training examples built from parts.

People tell a story first and ask last; what they ask decides the answer. Hand-written
stories (data/nlu/faq_stories.yml) show that, but a classifier with a few dozen per topic
still learns the story's words. Here each topic's short questions (data/nlu/faq.yml) are put
behind background sentences that are the same for every topic (a job, a stiff neck, a
tingling hand, "sorry if this is silly"), so only the question tells the topics apart. For topics
whose story *is* the question ("my hands go numb at night" ... "what can I do?"), the short
statement comes first and a question that fits any topic closes it. Out-of-scope and
start-session examples get the same treatment, so a long message is not "an FAQ" by length.

Deterministic (seeded): `python -m scripts.compose_stories` rewrites the same file.
"""
from __future__ import annotations

import random
from pathlib import Path
from typing import Dict, List

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "nlu" / "faq_composed.yml"
PER_TOPIC = 8
SEED = 8

# Background that fits any topic: none of it says which answer is wanted.
BACKGROUND = [
    "Hi, first time using this.",
    "I'm 44 and I work in an office, mostly on a laptop.",
    "So I've had a tight neck and a tingly right hand for a few months now.",
    "My physio mentioned the scalenes at my last appointment.",
    "I've been doing the neck release most evenings this week.",
    "Quick question before I try this tonight.",
    "For background, I'm a nurse, lots of lifting and twelve hour shifts.",
    "I've got a knot under my left shoulder blade that comes and goes.",
    "ok so my hand has been buzzy on and off since the summer and my neck is always stiff.",
    "I'm a mum of two and I'm always carrying one of them on my hip.",
    "Sorry if this is a silly question.",
    "My wife found this site for me because my wrist has been bothering me.",
    "I'm 67, retired, and I garden most days.",
    "I work in a warehouse and drive a forklift most of the day.",
    "hi there! i'm a student and i study at my desk for hours",
    "Been reading everything I can find about trigger points this week.",
    "I tried the release for the first time yesterday.",
    "My upper back has been sore for ages and my fingers tingle sometimes.",
    "I'm a hairdresser, on my feet all day with my arms up.",
    "Thanks for the earlier answer, it helped.",
    "I've seen a physio, a chiro and a massage therapist this year.",
    "Not sure if you can help with this.",
    "My GP said it's probably muscular and to try self care first.",
    "i game a lot in the evenings and work at a pc all day lol",
    "I'm a keen cyclist and I also work from home.",
    "My neck has been tight since I changed jobs in the spring.",
    "I'm pretty anxious about doing anything to my neck.",
    "I've had pins and needles in my thumb for about six weeks.",
    "Everything started after a long stressful project at work.",
    "I work as a bus driver, early shifts, lots of sitting.",
]
# Questions that fit any topic, to close a story whose statement carries the topic.
OPEN_QUESTIONS = [
    "What can I do about it?", "Any tips?", "Why does this happen?", "Is that normal?",
    "what helps with this?", "Should I be worried?", "Any ideas?", "What would you suggest?",
    "Is there anything I can do?", "what's going on?",
]
# Topics where the situation itself is the question.
SITUATION_TOPICS = {"faq/numb_at_night", "faq/numb_at_desk", "faq/arm_overhead", "faq/neck_pain_general",
                    "faq/tension_headache", "faq/why_wrist", "faq/why_knot"}
# Background for messages that are about something else entirely.
OTHER_BACKGROUND = [
    "My son is seven and very active.", "I've just got back from a two week holiday.",
    "I run three times a week and I'm training for a half marathon.", "My mum is 82 and lives alone.",
    "I work nights in a hospital kitchen.", "We've just moved house.",
]


def short_examples(path: Path) -> Dict[str, List[str]]:
    examples: Dict[str, List[str]] = {}
    for block in yaml.safe_load(path.read_text())["nlu"]:
        lines = [line.strip()[2:] for line in block.get("examples", "").splitlines() if line.strip().startswith("- ")]
        examples.setdefault(block["intent"], []).extend(lines)
    return examples


def sentence(text: str) -> str:
    """A short example as the last sentence of a story: as people type it, unpunctuated or not."""
    return text.strip().rstrip(".")


def compose(rng: random.Random, intent: str, shorts: List[str]) -> List[str]:
    picked = rng.sample(shorts, min(PER_TOPIC, len(shorts)))
    stories = []
    for i, short in enumerate(picked):
        if intent in SITUATION_TOPICS and i % 2:
            stories.append(f"{rng.choice(BACKGROUND)} {sentence(short).rstrip('?')}. {rng.choice(OPEN_QUESTIONS)}")
        else:
            before = " ".join(rng.sample(BACKGROUND, 1 + i % 2))
            stories.append(f"{before} {sentence(short)}")
    return stories


def main() -> None:
    rng = random.Random(SEED)
    faq = short_examples(ROOT / "data" / "nlu" / "faq.yml")
    other = short_examples(ROOT / "data" / "nlu" / "chitchat.yml")
    session = short_examples(ROOT / "data" / "nlu" / "session.yml")
    blocks = {intent: compose(rng, intent, shorts) for intent, shorts in sorted(faq.items())}
    blocks["start_session"] = [f"{rng.choice(BACKGROUND)} {s}" for s in rng.sample(session["start_session"][:39], 8)]
    blocks["out_of_scope"] = [f"{rng.choice(OTHER_BACKGROUND)} {sentence(s)}"
                              for s in rng.sample(other["out_of_scope"][:60], 8)]
    lines = ['version: "3.1"', "", "# Generated by scripts/compose_stories.py (see its docstring); do not edit by hand.",
             "nlu:"]
    for intent, stories in blocks.items():
        lines += [f"- intent: {intent}", "  examples: |"] + [f"    - {s}" for s in stories] + [""]
    OUT.write_text("\n".join(lines))
    print(f"wrote {sum(map(len, blocks.values()))} examples to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
