"""The gentle strengthening routine's moves, doses and rules, as data.

Facts and doses come from the project's exercise notes (DOMAIN-exercises.md; sources are
listed in the README). Each dose is the source's *starting* dose, taken at its low end: the
routine should stay short and easy. Wording lives in the domain: every move × variant has a
response `utter_routine_move_<move>_<variant>`, and each move's count opens with its own cue,
`utter_cue_exercise_<move>_start` (actions/holds.py reads the cues).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from actions import holds

BED, DESK, STANDING = "bed", "desk", "standing"
VARIANTS = (BED, DESK, STANDING)


@dataclass(frozen=True)
class Dose:
    """Reps of one move: each rep is a second to get set, a hold, then a relax."""

    reps: int
    hold_seconds: int
    relax_seconds: int

    @property
    def rep_seconds(self) -> int:
        return 1 + self.hold_seconds + self.relax_seconds

    @property
    def total_seconds(self) -> int:
        return self.reps * self.rep_seconds


@dataclass(frozen=True)
class Move:
    key: str
    doses: Dict[str, Dose]  # variant -> dose; a missing variant has no source version
    substitutes: Tuple[str, ...] = ()  # used instead where a variant is missing
    lying_on_back: Tuple[str, ...] = ()  # variants done flat on the back (not in later pregnancy)
    face_down: bool = False
    names: Tuple[Tuple[str, str], ...] = ()  # (variant or "", name) for summaries; "" for all


MOVES: Dict[str, Move] = {m.key: m for m in (
    # Chin tuck: hold 5 s, 10 reps; lying on the back with a rolled towel, or sitting/standing tall.
    Move("chin_tuck", {BED: Dose(10, 5, 3), DESK: Dose(10, 5, 3), STANDING: Dose(10, 5, 3)},
         lying_on_back=(BED,), names=(("", "Chin tuck"),)),
    # Shoulder-blade squeeze: sitting 6 s x 8-12; standing 5 s, 2 sets of 15 (we do one set).
    # No source gives a lying version: the chest opener or the Y raise stand in.
    Move("shoulder_squeeze", {DESK: Dose(8, 6, 3), STANDING: Dose(15, 5, 2)},
         substitutes=("chest_opener", "y_raise"), names=(("", "Shoulder-blade squeeze"),)),
    # Wall angel (standing), arm slide (sitting), floor angel (lying): ~6 s, rest up to 10 s, 8-12.
    Move("angel", {BED: Dose(8, 6, 5), DESK: Dose(8, 6, 5), STANDING: Dose(8, 6, 5)},
         lying_on_back=(BED,), names=((BED, "Floor angel"), (DESK, "Seated arm slide"), (STANDING, "Wall angel"))),
    # Chest opener: doorway 15-30 s, 3 times; lying, three arm positions 15-30 s, 2-4 rounds
    # (we leave out arms overhead: that position often brings on arm tingling).
    # Sitting: the seated arm slide stretches the chest too.
    Move("chest_opener", {BED: Dose(6, 15, 5), STANDING: Dose(3, 15, 10)}, substitutes=("angel",),
         lying_on_back=(BED,), names=((BED, "Lying chest opener"), (STANDING, "Doorway chest stretch"))),
    # Face-down Y raise: no handout gives a dose; trials used 3 x 10; we do one set of 10.
    # Sitting or standing: none in the sources; the squeeze or the angel stand in.
    Move("y_raise", {BED: Dose(10, 2, 3)}, substitutes=("shoulder_squeeze", "angel"),
         face_down=True, names=(("", "Face-down Y raise"),)),
)}
ORDER = ["chin_tuck", "shoulder_squeeze", "angel", "chest_opener", "y_raise"]

# Words that name a variant (typed or spoken), checked in this order.
VARIANT_WORDS: List[Tuple[str, Tuple[str, ...]]] = [
    (STANDING, ("stand", "standing", "wall", "doorway", "upright on my feet")),
    (BED, ("bed", "lying", "lie", "laying", "lay", "floor", "mat", "on my back")),
    (DESK, ("desk", "sit", "sitting", "seated", "chair", "office", "work")),
]
POSITION_VARIANT = {"lying": BED, "sitting": DESK, "standing": STANDING}


def variant_from(text: str, positions: List[str]) -> Optional[str]:
    """Which variant the person chose, from the `position` entity or their words."""
    for position in positions:
        if position in POSITION_VARIANT:
            return POSITION_VARIANT[position]
    words = " " + " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split()) + " "
    for variant, names in VARIANT_WORDS:
        if any(f" {name} " in words for name in names):
            return variant
    return None


def plan_for(variant: str, pregnant: bool = False, skip_face_down: bool = False) -> List[str]:
    """The moves for one variant, in order: missing versions swapped for a substitute (once)."""
    plan: List[str] = []
    for key in ORDER:
        move = MOVES[key]
        if variant in move.doses:
            choice: Optional[str] = key
        else:
            choice = next((s for s in move.substitutes if variant in MOVES[s].doses), None)
        if choice is None or choice in plan:
            continue
        chosen = MOVES[choice]
        if pregnant and variant in chosen.lying_on_back:
            continue  # after the first trimester: not flat on the back
        if (pregnant or skip_face_down) and chosen.face_down:
            continue
        plan.append(choice)
    return [key for key in ORDER if key in plan]


def move_name(move: str, variant: str) -> str:
    names = dict(MOVES[move].names)
    return names.get(variant) or names.get("") or move.replace("_", " ").capitalize()


def dose(move: str, variant: str) -> Dose:
    return MOVES[move].doses[variant]


def instruction_response(move: str, variant: str) -> str:
    return f"utter_routine_move_{move}_{variant}"


def all_instruction_responses() -> List[str]:
    return [instruction_response(m.key, v) for m in MOVES.values() for v in m.doses]


def count_message(hold_id: str, move: str, variant: str) -> Dict[str, Any]:
    """The paced count of one move: a timed step of kind "exercise", with its reps for clients."""
    amount = dose(move, variant)
    return holds.hold_message(
        "exercise", amount.total_seconds, hold_id, topic=move, move=move, name=move_name(move, variant),
        variant=variant, reps=amount.reps, rep_seconds=amount.rep_seconds, hold_seconds=amount.hold_seconds)
