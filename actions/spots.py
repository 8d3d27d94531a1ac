"""The places on one side of the neck a session visits, top to bottom."""

# Jaw to collarbone, always behind the big diagonal muscle (sternocleidomastoid), which keeps
# fingers off the carotid pulse at the front and off the spine at the back.
SPOTS = {
    "upper": "just below the angle of your jaw, behind the big diagonal muscle that runs from behind your ear to your collarbone",
    "middle": "halfway down the side of your neck, still behind that diagonal muscle",
    "lower": "just above your collarbone, behind where the diagonal muscle meets it",
}
SPOT_ORDER = list(SPOTS)

FOCUS_NAMES = {"wrist": "wrist or hand", "upper_back": "knot by the shoulder blade"}
DEFAULT_FOCUS_NAME = "knot or wrist"
WRIST_PARTS = {"wrist", "hand", "thumb", "fingers", "index_finger", "little_finger", "forearm", "arm", "elbow"}
BACK_PARTS = {"shoulder_blade", "upper_back", "spine", "shoulder"}


def focus_from(body_parts, symptoms) -> str | None:
    """Which complaint the person described: 'wrist', 'upper_back' or None."""
    if any(part in WRIST_PARTS for part in body_parts):
        return "wrist"
    if any(part in BACK_PARTS for part in body_parts) or "knot" in symptoms:
        return "upper_back"
    return None


def spot_key(side: str, spot: str) -> str:
    return f"{side}:{spot}"
