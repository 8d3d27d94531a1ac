"""The places on one side of the neck a session visits, top to bottom, and the complaint it is for.

The words live in the data: `utter_spot_<spot>` is the one description of each spot (the
drawing, the widget and the FAQ use the same words), `utter_focus_<focus>` names a complaint.
"""
from actions import wording

SPOT_ORDER = ["upper", "middle", "lower"]

FOCUSES = ("wrist", "upper_back")
WRIST_PARTS = {"wrist", "hand", "thumb", "fingers", "index_finger", "little_finger", "forearm", "arm", "elbow"}
BACK_PARTS = {"shoulder_blade", "upper_back", "spine", "shoulder"}


def focus_from(body_parts, symptoms) -> str | None:
    """Which complaint the person described: 'wrist', 'upper_back' or None."""
    if any(part in WRIST_PARTS for part in body_parts):
        return "wrist"
    if any(part in BACK_PARTS for part in body_parts) or "knot" in symptoms:
        return "upper_back"
    return None


def spot_where(spot: str) -> str:
    """Where a spot is, as `utter_spot_<spot>` says it."""
    return wording.fragment(f"utter_spot_{spot}")


def focus_name(focus: str | None) -> str:
    """The complaint in a person's words ("wrist or hand"); both when it is not known."""
    return wording.fragment(f"utter_focus_{focus if focus in FOCUSES else 'unknown'}")


def spot_key(side: str, spot: str) -> str:
    return f"{side}:{spot}"
