"""How the assistant answers a red flag: which advice, and what it remembers."""
from typing import List, Tuple

from nlp.signals import SEVERITY_ORDER, severity

# Short names used when we later remind the person why holds are off.
REASONS = {
    "stroke_sign": "possible stroke signs", "chest_pain": "chest pain", "breathless": "trouble breathing",
    "meningitis": "fever with a stiff neck", "severe_headache": "a sudden severe headache",
    "vision_change": "a change in your vision", "fainting": "fainting", "dizziness": "dizziness",
    "droopy_eyelid": "a drooping eyelid", "ear_whoosh": "a whooshing sound in your ear",
    "neck_injury": "a neck injury", "arm_colour_change": "a cold, pale or swollen arm",
    "bladder_bowel": "loss of bladder or bowel control", "new_weakness": "new weakness",
    "fever": "a fever",
}


def choose_advice(kinds: List[str]) -> Tuple[str, str, str]:
    """(response name, screen status, reason) for the most serious kind stated."""
    known = sorted((k for k in kinds if k in REASONS), key=SEVERITY_ORDER.index)
    if not known:
        # The classifier heard a warning sign the word patterns did not name.
        return "utter_red_flag_general", "emergency", "a warning sign you described"
    kind = known[0]
    return f"utter_red_flag_{kind}", severity(kind), REASONS[kind]

