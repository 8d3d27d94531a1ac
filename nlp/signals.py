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

from nlp.context import Mention
from nlp.safety_kinds import CONTRAINDICATIONS, RED_FLAGS, by_severity

RED_FLAG = "red_flag"
CONTRAINDICATION = "contraindication"
SYMPTOM = "symptom"
CUE = "safety_cue"  # words that count only together (spreading pain + sweat)
BODY_PART = "body_part"
LIMBS = {"arm", "forearm", "hand", "fingers", "thumb", "index_finger", "little_finger"}
ASKED_CUES = {"nausea", "headache", "harm"}  # asked about while pressing ("could I hurt something?"), warning signs answer
RECENT_WORDS = ("recent", "just", "post", "recovering", "last")
# DOMAIN.md §5: a history of cancer, inflammatory arthritis, immune suppression, drug use, neck
# surgery or a recent injury, with new or worsening symptoms, is a reason to see a doctor soon.
RISK_HISTORY = {"cancer", "inflammatory_arthritis", "immune_suppression", "neck_surgery", "recent_neck_injury"}
CHANGED_SYMPTOMS = {"pain", "ache", "stiffness", "numbness", "tingling", "pins_and_needles", "weakness", "burning",
                    "tenderness", "knot"}
SYMPTOM_WORDS = re.compile(r"pain|stiff|ach|sore|numb|tingl|weak")
# "for 3 weeks", "a month", "2.5 weeks", "a fortnight": long enough for "no better" to count (DOMAIN.md §5)
WEEKS = re.compile(r"\b(fortnight|months?|(\d+(\.\d+)?|two|three|four|five|six|several|few|couple( of)?|many) (weeks|wks))\b")
HEART_PLACES = re.compile(r"\b(jaw|throat|chest|breastbone|sternum)\b")  # "from my throat down both arms"
PLAIN_HEADACHE = re.compile(r"^(headaches?|headach|migraines?)$")  # after a neck crack, a located pain counts
NUMB_OR_TINGLING = {"numbness", "tingling", "pins_and_needles"}
FACE_WORDS = re.compile(r"^(face|cheeks?|lips?|mouth|forehead|chin|facial)$")  # not the eyes ("tired eyes and tingling hands")
LEG_CUES = ("leg_place", "leg_trouble")
FACE_FEELING_CHARS = 30  # "my face on the left has gone fizzy"
SUDDEN_ONLY = re.compile(r"^(sudden|suddenly|instantly|abruptly|instant|seconds|nowhere)$")
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
    if contra and contra.past == "calm" and mention.time in ("past", "resolved"):
        return Decision(mention, "past_calm", mention.kind)
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


def _stated(mentions: List[Mention], label: str, kind: str, sentence: int = -1) -> bool:
    return any(m.label == label and m.kind == kind and not m.negated and m.experiencer == "self"
               and not m.hypothetical and m.time not in ("past", "recent", "resolved")
               and sentence in (-1, m.sentence) for m in mentions)


def _cue(mentions: List[Mention], *kinds: str, sentence: int = -1) -> bool:
    return any(_stated(mentions, CUE, kind, sentence) for kind in kinds)


def _coloured_limb(mentions: List[Mention]) -> bool:
    """"my arm ... now it's gone blue": a colour change said in the sentence of an arm or hand."""
    return any(_cue(mentions, "colour", sentence=m.sentence) for m in mentions
               if m.label == BODY_PART and m.kind in LIMBS)


def _one_sided_stroke(mentions: List[Mention]) -> bool:
    """"numbness in my face and arm": the face and a limb numb or weak together (FAST)."""
    for symptom in mentions:
        if symptom.label == SYMPTOM and symptom.kind in ("numbness", "weakness") and _stated([symptom], SYMPTOM, symptom.kind):
            places = {m.kind for m in mentions if m.label == BODY_PART and m.sentence == symptom.sentence
                      and _stated([m], BODY_PART, m.kind)}
            if "face" in places and places & (LIMBS | {"leg"}):
                return True
    return False


def _numb_for_good(mentions: List[Mention]) -> bool:
    """"numb all the time", "constantly numb": numbness said to be constant (DOMAIN.md §5), in its
    own sentence or in the next ("numb since Christmas. It doesn't come and go, it's always there");
    tingling only when it never lets up ("never switches off"): "tingles all the time" is often just "often"."""
    numb = [m for m in mentions if m.label == SYMPTOM and m.kind == "numbness" and _stated([m], SYMPTOM, "numbness")]
    tingling = any(m.unbroken and _stated([m], SYMPTOM, m.kind) for m in mentions
                   if m.label == SYMPTOM and m.kind in NUMB_OR_TINGLING)
    return tingling or any(m.constant for m in numb) or (
        bool(numb) and not any(m.passing for m in numb) and _cue(mentions, "constant"))


def _heart_in_other_words(mentions: List[Mention], pain: bool) -> bool:
    """Heart pain people don't call chest pain: a jaw or throat ache that runs into the arms, or
    upper-stomach burning ("indigestion") with a cold sweat, a grey face or breathlessness."""
    spreads_from_heart = pain and any(
        _stated([m], CUE, "spreading_from") and (HEART_PLACES.search(m.text.lower()) or any(
            _stated(mentions, BODY_PART, place) for place in ("jaw", "throat", "chest"))) for m in mentions)
    clammy = any(_stated([m], CUE, "sweat") and m.text.lower().startswith("clam") for m in mentions)
    belly = _cue(mentions, "upper_belly") and (clammy or _cue(mentions, "cold_sweat", "short_breath"))
    return spreads_from_heart or belly


def _head_pain_after_neck_twist(mentions: List[Mention]) -> bool:
    """"the chiro cracked my neck ... now a stabbing pain behind my eye": a new located head or eye
    pain after a neck twist or manipulation may be a torn neck artery (DOMAIN.md §5)."""
    return _cue(mentions, "manipulation") and any(
        _stated([m], CUE, "headache") and not PLAIN_HEADACHE.match(m.text.lower()) for m in mentions)


def _said_of(place: Mention, feeling: Mention, mentions: List[Mention]) -> bool:
    """"my face on the left has gone fizzy": the feeling is said of this place, with no other body
    part in between ("my mouth is dry and my hand tingles") and close by."""
    first, second = sorted((place, feeling), key=lambda m: m.start)
    between = any(m.label == BODY_PART and first.end <= m.start and m.end <= second.start for m in mentions)
    return place.sentence == feeling.sentence and second.start - first.end <= FACE_FEELING_CHARS and not between


def _face_and_limb_tingling(mentions: List[Mention]) -> bool:
    """"cheek and lips prickly and my arm gone tingly", "my face has gone fizzy and now my foot too":
    face and a limb numb or tingling together (FAST; DOMAIN.md §5 "in face, arms or legs")."""
    feelings = [m for m in mentions if m.label == SYMPTOM and _stated([m], SYMPTOM, m.kind) and m.kind in NUMB_OR_TINGLING]
    face = _cue(mentions, "face_tingle") or any(
        m.label == BODY_PART and FACE_WORDS.match(m.text.lower()) and _stated([m], BODY_PART, m.kind)
        and not _cue(mentions, "pressing", sentence=m.sentence)  # tingling sent into the face by a press: referral
        and any(_said_of(m, feeling, mentions) for feeling in feelings) for m in mentions)
    limb = any(_stated(mentions, BODY_PART, limb) for limb in LIMBS) or _cue(mentions, *LEG_CUES)
    return face and limb and any(_stated(mentions, SYMPTOM, feeling) for feeling in NUMB_OR_TINGLING)


def _legs_and_both_hands(mentions: List[Mention]) -> bool:
    """"now it's both hands, and my legs feel stiff and heavy on the stairs": both arms and the legs
    (DOMAIN.md §5, a possible squeeze on the spinal cord); legs heavy after leg day pass."""
    legs = any(_stated([m], CUE, "leg_trouble") and not m.passing for m in mentions)
    both = _stated(mentions, "side", "both") or any(
        m.label == BODY_PART and m.kind in ("hand", "arm") and m.text.lower().endswith("s")
        and _stated([m], BODY_PART, m.kind) for m in mentions)
    return legs and both


def _head_pain(mentions: List[Mention], sentence: int) -> bool:
    """"a pain like a bat to the back of my skull, 10 out of 10": a pain and the head named in one
    sentence with words for how bad it is ("suddenly" alone is the everyday tension headache)."""
    severe = any(m.label == CUE and m.kind == "extreme" and m.sentence == sentence and not m.negated  # "like someone hit me"
                 and not SUDDEN_ONLY.match(m.text.lower()) for m in mentions)
    return severe and _stated(mentions, BODY_PART, "head", sentence) and (
        _stated(mentions, SYMPTOM, "pain", sentence) or _stated(mentions, SYMPTOM, "ache", sentence))


def _no_better_for_weeks(mentions: List[Mention]) -> bool:
    """"3 weeks of the routine and it's not shifted at all": no improvement after weeks of self-help."""
    return _cue(mentions, "no_better") and any(
        m.label == "duration" and WEEKS.search(m.text.lower()) for m in mentions)


def _own(mention: Mention, label: str, kinds) -> bool:
    """The person's own, at any time ("this past month"), neither denied nor asked about."""
    return mention.label == label and mention.kind in kinds and not mention.negated \
        and mention.experiencer == "self" and not mention.hypothetical


def _history_with_new_symptoms(mentions: List[Mention], decisions: List[Decision]) -> bool:
    """"had breast cancer 3 years ago ... new deep neck pain": a risk history and a changed symptom."""
    history = any(d.outcome == "contraindication" and d.kind in RISK_HISTORY for d in decisions) \
        or any(_own(m, CUE, {"risk_history"}) for m in mentions)
    changes = [m for m in mentions if _own(m, CUE, {"new_change"})]
    symptom = any(_own(m, SYMPTOM, CHANGED_SYMPTOMS) for m in mentions) \
        or any(SYMPTOM_WORDS.search(m.text.lower()) for m in changes)  # "a new painful stiff neck" is one cue
    return history and symptom and bool(changes)


def _reaction_after_pressing(mentions: List[Mention]) -> bool:
    """"pressed the side of my neck an hour ago and now there's a swollen lump and my voice has gone
    hoarse": a hoarse voice, or a swelling said to be there now, told after the pressing (DOMAIN.md §7: stop)."""
    pressed = [m for m in mentions if _stated([m], CUE, "pressing")]
    hoarse = [m for m in mentions if _stated([m], CUE, "hoarse")]
    swollen = [m for m in mentions if _stated([m], SYMPTOM, "swelling") and m.time == "now"]
    return any(p.start < m.start for p in pressed for m in hoarse) or any(
        p.sentence == m.sentence and p.start < m.start for p in pressed for m in swollen)


def _derived_red_flags(current: List[str], mentions: List[Mention]) -> List[str]:
    """Kinds that only a combination makes (DOMAIN.md §5): fever + stiff neck, a new neck injury
    + numbness, jaw or spreading pain + sweat or sickness, sickness + pressing, a headache + "worst"."""
    derived = []
    if "fever" in current and _stated(mentions, SYMPTOM, "stiffness") and _stated(mentions, BODY_PART, "neck"):
        derived.append("meningitis")
    if "neck_injury" in current and (
            _stated(mentions, SYMPTOM, "numbness") or "new_weakness" in current or "stroke_sign" in current):
        derived.append("neck_injury_numbness")
    pain = _stated(mentions, SYMPTOM, "pain") or _stated(mentions, SYMPTOM, "ache")
    unwell = _cue(mentions, "sweat", "nausea", "short_breath", "cold_sweat") or "breathless" in current
    arm = _stated(mentions, BODY_PART, "arm")
    heart_place = (_stated(mentions, BODY_PART, "jaw") or _stated(mentions, BODY_PART, "chest")
                   or (arm and (_stated(mentions, "side", "left") or _stated(mentions, "side", "both"))))
    if pain and ((heart_place and (unwell or _cue(mentions, "spreading")))
                 or (_cue(mentions, "sweat") and _cue(mentions, "nausea"))):
        # pain in the jaw, chest or left arm with sweat or sickness; or any pain with both
        derived.append("heart_attack_sign")
    elif _heart_in_other_words(mentions, pain):
        derived.append("heart_attack_sign")
    if any(_cue(mentions, "pressing", sentence=m.sentence) for m in mentions
           if m.label == CUE and m.kind == "nausea" and _stated([m], CUE, "nausea")):
        derived.append("vomiting_after_massage")
    if any(_cue(mentions, "extreme", sentence=m.sentence) for m in mentions
           if m.label == CUE and m.kind == "headache" and _stated([m], CUE, "headache")) \
            or any(_head_pain(mentions, m.sentence) for m in mentions if m.label == BODY_PART and m.kind == "head") \
            or _head_pain_after_neck_twist(mentions):
        derived.append("severe_headache")
    if _one_sided_stroke(mentions):
        derived.append("stroke_sign")
    if _coloured_limb(mentions):
        derived.append("arm_colour_change")
    if _numb_for_good(mentions):
        derived.append("constant_numbness")
    if _no_better_for_weeks(mentions):
        derived.append("worsening")
    if _cue(mentions, "night") and _cue(mentions, "no_ease") and pain:
        derived.append("night_pain")  # "wakes me every night and nothing shifts it" (DOMAIN.md §5)
    if (_cue(mentions, "weight_drop") and _cue(mentions, "appetite", "hard_lump")) \
            or (_cue(mentions, "hard_lump") and _cue(mentions, "appetite")):
        derived.append("weight_loss")  # weight falling off with no appetite, or with a hard lump
    if _face_and_limb_tingling(mentions):
        derived.append("stroke_sign")
    if _legs_and_both_hands(mentions):
        derived.append("new_weakness")
    if _reaction_after_pressing(mentions):
        derived.append("reaction_after_pressing")
    return derived


def read(mentions: List[Mention]) -> SafetyReading:
    """The safety reading of a message from its mentions (red flags, contraindications, symptoms)."""
    reading = SafetyReading()
    for mention in mentions:
        if mention.label == CUE and mention.kind in ASKED_CUES and mention.hypothetical \
                and not mention.negated and mention.experiencer == "self":
            reading.hypothetical = True  # "what if I get a headache / feel sick while pressing?"
        if mention.label not in (RED_FLAG, CONTRAINDICATION):
            continue
        decision = decide(mention)
        reading.decisions.append(decision)
        if decision.outcome == "alarm":
            reading.red_flags.append(decision.kind)
        elif decision.outcome == "contraindication":
            reading.contraindications.append(decision.kind)
            contra = CONTRAINDICATIONS.get(decision.kind)
            if contra and contra.now_red_flag and mention.strong_now:
                reading.red_flags.append(contra.now_red_flag)  # "I just fainted turning my head"
        elif decision.outcome == "hypothetical":
            reading.hypothetical = True
    derived = _derived_red_flags(reading.red_flags, mentions)
    if _history_with_new_symptoms(mentions, reading.decisions):
        derived.append("history_new_symptoms")
    reading.red_flags = by_severity(reading.red_flags + derived)
    reading.contraindications = sorted(set(reading.contraindications))
    return reading


def opens_with_denial(doc) -> bool:
    """True for answers like "no chest pain" or "none of those, no dizziness"."""
    return len(doc) > 0 and doc[0].lower_ in DENIAL_OPENERS
