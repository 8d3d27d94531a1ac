"""Red flags that only a combination of words makes (DOMAIN.md §5): fever + a stiff neck, a face
and a limb numb together, a head pain with words for how bad it is, both hands with stiff legs...

Each rule reads the mentions ConText annotated (`nlp.context.Mention`) and counts only what the
person states now, for themselves (`stated`); `nlp.signals` adds these kinds to the ones named outright.
"""
from __future__ import annotations

import re
from typing import List

from nlp.context import Mention
from nlp.sensation_rules import SENSATION_RULES, SUDDEN_ONLY
from nlp.stated import BODY_PART, CUE, LIMBS, SYMPTOM, cue, stated

# "for 3 weeks", "a month", "2.5 weeks", "a fortnight": long enough for "no better" to count (DOMAIN.md §5)
WEEKS = re.compile(r"\b(fortnight|months?|(\d+(\.\d+)?|two|three|four|five|six|several|few|couple( of)?|many) (weeks|wks))\b")
HEART_PLACES = re.compile(r"\b(jaw|throat|chest|breastbone|sternum)\b")  # "from my throat down both arms"
PLAIN_HEADACHE = re.compile(r"^(headaches?|headach|migraines?)$")  # after a neck crack, a located pain counts
# Words that are a head pain by themselves, said of the head ("like a bomb in my head", "my head went
# from fine to unbearable"); "worst" and "exploding" need a pain word ("the worst head cold").
VIVID = re.compile(r"^(bomb|explosion|firework|fireworks|grenade|gunshot|thunder|thunderclap|lightning|bang|unbearable|excruciating|agonising|agonizing|from (fine|normal|nothing|zero|ok|okay) to .*)$")
PAIN_WORDS = re.compile(r"\b(pain|painful|ache|aching|aches|sore|hurts?)\b")
HEAD_SPOTS = re.compile(r"\b(temple|temples|ear|ears|eye|skull|head)\b")  # where a torn neck artery may put the pain


def _coloured_limb(mentions: List[Mention]) -> bool:
    """"my arm ... now it's gone blue": a colour change said in the sentence of an arm or hand."""
    return any(cue(mentions, "colour", sentence=m.sentence) for m in mentions
               if m.label == BODY_PART and m.kind in LIMBS)


def _heart_in_other_words(mentions: List[Mention], pain: bool) -> bool:
    """Heart pain people don't call chest pain: a jaw or throat ache that runs into the arms, or
    upper-stomach burning ("indigestion") with a cold sweat, a grey face or breathlessness."""
    spreads_from_heart = pain and any(
        stated([m], CUE, "spreading_from") and (HEART_PLACES.search(m.text.lower()) or any(
            stated(mentions, BODY_PART, place) for place in ("jaw", "throat", "chest"))) for m in mentions)
    clammy = any(stated([m], CUE, "sweat") and m.text.lower().startswith("clam") for m in mentions)
    belly = cue(mentions, "upper_belly") and (clammy or cue(mentions, "cold_sweat", "short_breath"))
    return spreads_from_heart or belly


def _neck_worked_on(mentions: List[Mention], *kinds: str) -> bool:
    """The neck pressed, cracked, twisted or strained, whoever did it ("he cracked my neck", "felt
    something pull"), and not denied or asked about: the one meaning of "after work on the neck"."""
    return any(m.label == CUE and m.kind in kinds and not m.negated and not m.hypothetical for m in mentions)


def _located(mentions: List[Mention], sentence: int) -> bool:
    """A pain placed by the eye, ear or temple ("a headache behind the left eye", "up behind the ear")."""
    return any(m.label == BODY_PART and m.sentence == sentence and HEAD_SPOTS.search(m.text.lower()) for m in mentions)


def _head_pain_after_neck_twist(mentions: List[Mention]) -> bool:
    """"the chiro cracked my neck ... now a stabbing pain behind my eye", "felt something pull in my
    neck, now a headache behind the left eye": a new located head or eye pain after a neck twist,
    manipulation or strain may be a torn neck artery (DOMAIN.md §5)."""
    if not _neck_worked_on(mentions, "manipulation"):  # a press sends an ache behind the ear (referral)
        return False
    return any(stated([m], CUE, "headache") and (not PLAIN_HEADACHE.match(m.text.lower()) or _located(mentions, m.sentence))
               for m in mentions) or any(
        (stated([m], SYMPTOM, "pain") or stated([m], CUE, "new_change")) and _located(mentions, m.sentence)
        for m in mentions)


def _severe(mentions: List[Mention], sentence: int) -> bool:
    """Words for how bad a pain is in `sentence` ("like someone hit me", "worst ever"); "suddenly"
    alone is the everyday tension headache ("suddenly got a pain at the back of my head at my desk"),
    unless it came after work on the neck."""
    after_neck_work = _neck_worked_on(mentions, "pressing", "manipulation")  # sudden, after a massage or a crack: an artery?
    return any(m.label == CUE and m.kind == "extreme" and m.sentence == sentence and not m.negated
               and (after_neck_work or not SUDDEN_ONLY.match(m.text.lower())) for m in mentions)


def _next_sentence(mentions: List[Mention], sentence: int) -> int:
    """"Bit of a headache. It came in two seconds flat, far worse than any I've had": the sentence after."""
    later = [m.sentence for m in mentions if m.sentence > sentence]
    return min(later) if later else -2


def _head_pain(mentions: List[Mention], sentence: int) -> bool:
    """"a pain like a bat to the back of my skull, 10 out of 10": a pain and the head named in one
    sentence with words for how bad it is."""
    vivid = any(m.label == CUE and m.kind == "extreme" and m.sentence == sentence and not m.negated
                and VIVID.match(m.text.lower()) for m in mentions)
    return _severe(mentions, sentence) and stated(mentions, BODY_PART, "head", sentence) and (
        vivid or stated(mentions, SYMPTOM, "pain", sentence) or stated(mentions, SYMPTOM, "ache", sentence))


def _no_better_for_weeks(mentions: List[Mention]) -> bool:
    """"3 weeks of the routine and it's not shifted at all", "5 weeks now, nothing changes": no
    improvement after weeks of self-help."""
    return cue(mentions, "no_better", "no_ease") and any(
        m.label == "duration" and WEEKS.search(m.text.lower()) for m in mentions)


def _reaction_after_pressing(mentions: List[Mention]) -> bool:
    """"pressed the side of my neck an hour ago and now there's a swollen lump and my voice has gone
    hoarse": a hoarse voice, or a swelling said to be there now, told after the pressing (DOMAIN.md §7: stop)."""
    pressed = [m for m in mentions if stated([m], CUE, "pressing")]
    hoarse = [m for m in mentions if stated([m], CUE, "hoarse")]
    swollen = [m for m in mentions if stated([m], SYMPTOM, "swelling") and m.time == "now"]
    return any(p.start < m.start for p in pressed for m in hoarse) or any(
        p.sentence == m.sentence and p.start < m.start for p in pressed for m in swollen)


def _pain(mentions: List[Mention]) -> bool:
    """A pain or ache stated, also inside a cue ("a deep ache going into my jaw")."""
    return stated(mentions, SYMPTOM, "pain") or stated(mentions, SYMPTOM, "ache") or any(
        stated([m], CUE, "new_change") and PAIN_WORDS.search(m.text.lower()) for m in mentions)


def _night_pain(mentions: List[Mention]) -> bool:
    """"wakes me every night and nothing shifts it" (DOMAIN.md §5)."""
    worst = any(stated([m], CUE, "extreme") and m.text.lower() == "worst" for m in mentions)  # "at its worst around 3am"
    return cue(mentions, "night") and cue(mentions, "no_ease") and (_pain(mentions) or worst)


def _weight_loss(mentions: List[Mention]) -> bool:
    """Weight falling off with no appetite, or with a hard lump."""
    return (cue(mentions, "weight_drop") and cue(mentions, "appetite", "hard_lump")) \
        or (cue(mentions, "hard_lump") and cue(mentions, "appetite"))


def _pulse_in_the_ear(mentions: List[Mention]) -> bool:
    """"a noise in my ear in time with my pulse": a sound beating with the heart (DOMAIN.md §5)."""
    return any(stated([m], CUE, "pulse_beat") and stated(mentions, BODY_PART, "ear", m.sentence) for m in mentions)


def _stiff_neck(mentions: List[Mention]) -> bool:
    """A stiff neck stated, the neck named apart ("stiff ... my neck") or inside ("can't bend my neck")."""
    stiff = [m for m in mentions if m.label == SYMPTOM and stated([m], SYMPTOM, "stiffness")]
    return bool(stiff) and (stated(mentions, BODY_PART, "neck") or any("neck" in m.text.lower() for m in stiff))


def _light_hurts_with_a_headache(mentions: List[Mention]) -> bool:
    """"head pounding ... threw up ... light is way too bright": a headache with light hurting and a
    stiff neck, sickness or a fever (possible meningitis, DOMAIN.md §5)."""
    return cue(mentions, "light_hurts") and cue(mentions, "headache") and (
        _stiff_neck(mentions) or cue(mentions, "nausea") or stated(mentions, "red_flag", "fever"))


# Kinds made by one rule over the mentions alone (the numbness and tingling ones in nlp.sensation_rules).
MENTION_RULES = (
    (_coloured_limb, "arm_colour_change"),
    (_no_better_for_weeks, "worsening"),
    (_night_pain, "night_pain"),
    (_weight_loss, "weight_loss"),
    (_reaction_after_pressing, "reaction_after_pressing"),
    (_pulse_in_the_ear, "ear_whoosh"),
    (_light_hurts_with_a_headache, "meningitis"),
) + SENSATION_RULES


def derived_red_flags(current: List[str], mentions: List[Mention]) -> List[str]:
    """Kinds that only a combination makes (DOMAIN.md §5): fever + stiff neck, a new neck injury
    + numbness, jaw or spreading pain + sweat or sickness, sickness + pressing, a headache + "worst"."""
    derived = []
    if "fever" in current and _stiff_neck(mentions):
        derived.append("meningitis")
    if "neck_injury" in current and (
            stated(mentions, SYMPTOM, "numbness") or "new_weakness" in current or "stroke_sign" in current):
        derived.append("neck_injury_numbness")
    pain = _pain(mentions)
    unwell = cue(mentions, "sweat", "nausea", "short_breath", "cold_sweat") or "breathless" in current
    arm = stated(mentions, BODY_PART, "arm")
    heart_place = (stated(mentions, BODY_PART, "jaw") or stated(mentions, BODY_PART, "chest")
                   or any(stated([m], CUE, "spreading") and HEART_PLACES.search(m.text.lower())
                          and not cue(mentions, "pressing", sentence=m.sentence) for m in mentions)  # a press refers pain
                   or (arm and (stated(mentions, "side", "left") or stated(mentions, "side", "both"))))
    if pain and ((heart_place and (unwell or cue(mentions, "spreading")))
                 or (cue(mentions, "sweat") and cue(mentions, "nausea"))):
        # pain in the jaw, chest or left arm with sweat or sickness; or any pain with both
        derived.append("heart_attack_sign")
    elif _heart_in_other_words(mentions, pain):
        derived.append("heart_attack_sign")
    if any(cue(mentions, "pressing", sentence=m.sentence) for m in mentions
           if m.label == CUE and m.kind == "nausea" and stated([m], CUE, "nausea")):
        derived.append("vomiting_after_massage")
    if any(_severe(mentions, m.sentence) or _severe(mentions, _next_sentence(mentions, m.sentence)) for m in mentions
           if m.label == CUE and m.kind == "headache" and stated([m], CUE, "headache")) \
            or any(_head_pain(mentions, m.sentence) for m in mentions if m.label == BODY_PART and m.kind == "head") \
            or _head_pain_after_neck_twist(mentions):
        derived.append("severe_headache")
    derived.extend(kind for rule, kind in MENTION_RULES if rule(mentions))
    return derived
