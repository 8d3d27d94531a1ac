"""What a message's safety terms mean in context: alarm now, a reason to ask a doctor first, a question, or nothing.

The entity ruler tags the words; ConText (`nlp.context`) says whether each is negated, past,
asked about or someone else's; this module decides, with the kinds' meanings from
`safety_kinds.yml`:
- stated now, by the person            -> a current red flag (emergency or see-a-doctor advice)
- in the past                          -> the screen's outcome where DOMAIN.md §6 makes it a
                                          contraindication (a past stroke, a recent whiplash...), else calm
- asked about ("what if I feel dizzy?") -> the warning-signs answer
- someone else's, negated, other sense -> dropped; the classifiers' intent stands
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List

from nlp.combinations import derived_red_flags
from nlp.context import Mention
from nlp.safety_kinds import CONTRAINDICATIONS, RED_FLAGS, by_severity
from nlp.stated import BODY_PART, CUE, LIMBS, NUMB_OR_TINGLING, SYMPTOM

RED_FLAG = "red_flag"
CONTRAINDICATION = "contraindication"
ASKED_CUES = {"nausea", "headache", "harm"}  # asked about while pressing ("could I hurt something?"), warning signs answer
RECENT_WORDS = ("recent", "just", "post", "recovering", "last")
# DOMAIN.md §5: a history of cancer, inflammatory arthritis, immune suppression, drug use, neck
# surgery or a recent injury, with new or worsening symptoms, is a reason to see a doctor soon.
RISK_HISTORY = {"cancer", "inflammatory_arthritis", "immune_suppression", "neck_surgery", "recent_neck_injury"}
CHANGED_SYMPTOMS = {"pain", "ache", "stiffness", "numbness", "tingling", "pins_and_needles", "weakness", "burning",
                    "tenderness", "knot"}
SYMPTOM_WORDS = re.compile(r"pain|stiff|ach|sore|numb|tingl|weak")
DENIAL_OPENERS = {"no", "nope", "nah", "none", "never", "not", "neither", "nothing", "nor"}


@dataclass
class Decision:
    """One mention and what became of it (for the NLU output and the evaluation)."""

    mention: Mention
    outcome: str  # alarm | contraindication | hypothetical | negated | other_person | past_calm | passing | asked
    kind: str  # the kind it counts as (a past stroke sign counts as past_stroke)


@dataclass
class SafetyReading:
    """Everything the NLU component needs to know about one message."""

    red_flags: List[str] = field(default_factory=list)  # current, most serious first
    contraindications: List[str] = field(default_factory=list)
    hypothetical: bool = False  # a red flag asked about, not happening
    decisions: List[Decision] = field(default_factory=list)

    @property
    def all_negated(self) -> bool:
        return bool(self.decisions) and all(d.outcome == "negated" for d in self.decisions)


def _decide_red_flag(mention: Mention) -> Decision:
    flag = RED_FLAGS.get(mention.kind)
    if flag and flag.passes(mention.text) and mention.passing and not mention.strong_now:
        return Decision(mention, "passing", mention.kind)  # numbness that comes and goes is the ordinary kind
    time = mention.time
    if mention.plural_event and not mention.strong_now:
        time = "past"  # "had three heart attacks on shift": counted events are not one happening now
    if time == "resolved" and not (flag and flag.resolved):
        time = "unstated"  # stroke or heart signs that passed still need help
    if flag and mention.again and not flag.recent:
        time = "now"  # "I fainted weeks ago and again this morning"
    if flag and time == "lately":
        time = "recent" if flag.recent else "now"  # "recently had whiplash" / "dizzy lately"
    if flag and time == "longstanding":
        time = "now" if flag.severity == "doctor" else "past"  # years of it: not an emergency, still a check
    if flag and time == "recent":
        if flag.recent:
            return Decision(mention, "contraindication", flag.recent)
        if flag.recent_counts:
            time = "unstated"  # weakness or numbness for weeks: still a reason to see a doctor
        else:
            time = "past"  # an emergency (or a fever) weeks ago is not one now
    if flag and time in ("past", "resolved"):
        return Decision(mention, "contraindication", flag.past) if flag.past else \
            Decision(mention, "past_calm", mention.kind)
    return Decision(mention, "alarm", mention.kind)


def _decide_contraindication(mention: Mention) -> Decision:
    contra = CONTRAINDICATIONS.get(mention.kind)
    if contra and contra.needs_recent and mention.time not in ("recent", "lately", "now") and not any(
            word in mention.text.lower() for word in RECENT_WORDS):
        return Decision(mention, "past_calm", mention.kind)
    if contra and contra.past == "calm" and mention.time in ("past", "resolved") and not mention.in_use:
        return Decision(mention, "past_calm", mention.kind)  # "on rivaroxaban since a clot last year": still taken
    return Decision(mention, "contraindication", mention.kind)


def decide(mention: Mention) -> Decision:
    """What one red-flag or contraindication mention means."""
    if mention.negated:
        return Decision(mention, "negated", mention.kind)
    if mention.hypothetical:  # asked about, for oneself or anyone ("if someone had a fever and a stiff neck?")
        if mention.label == RED_FLAG:
            return Decision(mention, "hypothetical", mention.kind)
        return Decision(mention, "asked", mention.kind)  # "can I do this if I'm pregnant?": the FAQ answers
    if mention.experiencer == "other":
        if mention.label == RED_FLAG and mention.strong_now:
            return Decision(mention, "alarm", mention.kind)
        return Decision(mention, "other_person", mention.kind)
    if mention.label == RED_FLAG:
        return _decide_red_flag(mention)
    return _decide_contraindication(mention)


def _own(mention: Mention, label: str, kinds) -> bool:
    """The person's own, at any time ("this past month"), neither denied nor asked about."""
    return mention.label == label and mention.kind in kinds and not mention.negated \
        and mention.experiencer == "self" and not mention.hypothetical


def _history_with_new_symptoms(mentions: List[Mention], decisions: List[Decision]) -> bool:
    """"had breast cancer 3 years ago ... new deep neck pain": a risk history and a changed symptom."""
    history = any(d.outcome == "contraindication" and d.kind in RISK_HISTORY for d in decisions) \
        or any(_own(m, CUE, {"risk_history"}) for m in mentions)
    changes = [m for m in mentions if _own(m, CUE, {"new_change"})]
    # "a pain between the shoulder blades that is worse at night": night pain is a changed symptom (DOMAIN.md §5)
    changes += [m for m in mentions if _own(m, CUE, {"night"}) and m.time != "past" and any(
        _own(s, SYMPTOM, {"pain", "ache"}) and s.sentence == m.sentence for s in mentions)]
    symptom = any(_own(m, SYMPTOM, CHANGED_SYMPTOMS) for m in mentions) \
        or any(SYMPTOM_WORDS.search(m.text.lower()) for m in changes)  # "a new painful stiff neck" is one cue
    return history and symptom and bool(changes)


def _limb_colour_asked(mention: Mention, mentions: List[Mention]) -> bool:
    """"should my hand ever turn cold or bluish?": a colour change of a limb asked about is a warning sign asked about."""
    return mention.label == CUE and mention.kind == "colour" and mention.hypothetical and not mention.negated \
        and any(m.label == BODY_PART and m.kind in LIMBS and m.sentence == mention.sentence for m in mentions)


def _named_other_cause(mention: Mention, mentions: List[Mention]) -> bool:
    """"Had Bell's palsy in my twenties, half my face drooped", "a frozen shoulder, couldn't lift my
    arm for months": a past droop or weak arm with its own named, non-stroke cause is not a past stroke."""
    return mention.label == RED_FLAG and mention.kind == "stroke_sign" and any(
        m.label == CUE and m.kind == "other_cause" and not m.negated and not m.hypothetical for m in mentions)


def _over_with_other_cause(decision: Decision, mentions: List[Mention]) -> bool:
    """A stroke sign that is over ("fully better after physio") and had another named cause."""
    return decision.outcome == "alarm" and decision.mention.time in ("past", "resolved") \
        and _named_other_cause(decision.mention, mentions)


def _injury_checked_and_healing(decision: Decision, mentions: List[Mention]) -> bool:
    """"hurt my neck 10 days ago, x-ray was clear and it's healing": a recent injury already
    checked, with no numbness or weakness, is a reason to ask a doctor first, not an alarm."""
    return decision.outcome == "alarm" and decision.kind == "neck_injury" and any(
        _own(m, CUE, {"checked_ok"}) for m in mentions) and not any(
        _own(m, SYMPTOM, {"numbness", "weakness"}) or _own(m, RED_FLAG, {"new_weakness", "stroke_sign"}) for m in mentions)


def _recent_injury_then_numb(reading: SafetyReading, mentions: List[Mention]) -> bool:
    """"twisted my neck badly last week and since then my arm tingles, not settling at all": a recent
    neck injury followed by numbness or tingling that stays (DOMAIN.md §5)."""
    return "recent_neck_injury" in reading.contraindications and any(
        _own(m, SYMPTOM, NUMB_OR_TINGLING | {"weakness"}) and not m.passing
        and (m.constant or any(_own(c, CUE, {"no_ease"}) and c.sentence == m.sentence for c in mentions))
        and m.time not in ("past", "resolved") for m in mentions)


def read(mentions: List[Mention]) -> SafetyReading:
    """The safety reading of a message from its mentions (red flags, contraindications, symptoms)."""
    reading = SafetyReading()
    for mention in mentions:
        if mention.label == CUE and mention.kind in ASKED_CUES and mention.hypothetical \
                and not mention.negated and mention.experiencer == "self":
            reading.hypothetical = True  # "what if I get a headache / feel sick while pressing?"
        if _limb_colour_asked(mention, mentions):
            reading.decisions.append(Decision(mention, "hypothetical", "arm_colour_change"))
            reading.hypothetical = True
        if mention.label not in (RED_FLAG, CONTRAINDICATION):
            continue
        decision = decide(mention)
        if _over_with_other_cause(decision, mentions):
            decision.outcome = "past_calm"
        elif _injury_checked_and_healing(decision, mentions):
            decision.outcome, decision.kind = "contraindication", RED_FLAGS[mention.kind].recent
        reading.decisions.append(decision)
        if decision.outcome == "alarm":
            reading.red_flags.append(decision.kind)
        elif decision.outcome == "contraindication" and _named_other_cause(mention, mentions):
            decision.outcome = "past_calm"
        elif decision.outcome == "contraindication":
            reading.contraindications.append(decision.kind)
            contra = CONTRAINDICATIONS.get(decision.kind)
            if contra and contra.now_red_flag and mention.strong_now and mention.time != "resolved":
                reading.red_flags.append(contra.now_red_flag)  # "I just fainted turning my head", not "all recovered now"
        elif decision.outcome == "hypothetical":
            reading.hypothetical = True
    derived = derived_red_flags(reading.red_flags, mentions)
    if _recent_injury_then_numb(reading, mentions):
        derived.append("neck_injury_numbness")
    if _history_with_new_symptoms(mentions, reading.decisions):
        derived.append("history_new_symptoms")
    reading.red_flags = by_severity(reading.red_flags + derived)
    reading.contraindications = sorted(set(reading.contraindications))
    return reading


def opens_with_denial(doc) -> bool:
    """True for answers like "no chest pain" or "none of those, no dizziness"."""
    return len(doc) > 0 and doc[0].lower_ in DENIAL_OPENERS
