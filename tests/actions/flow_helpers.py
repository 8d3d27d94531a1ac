"""A conversation with the pure session flow, turn by turn (no Rasa, no servers)."""
import itertools

from actions.session_flow import SessionFlow, Turn


class Conversation:
    """Feeds turns to the state machine the way the action server does; hold ids h1, h2, ..."""

    def __init__(self, **state):
        self.state = dict(state)
        self.replies = []
        self.ids = (f"h{n}" for n in itertools.count(1))

    def say(self, intent, text="", **entities):
        last = self.replies[-1].response if self.replies and self.replies[-1].response else ""
        flow = SessionFlow(self.state, now_iso="2026-11-26T10:00:00+00:00", last_bot_response=last,
                           new_id=lambda: next(self.ids))
        entity_lists = {k: (v if isinstance(v, list) else [v]) for k, v in entities.items()}
        self.replies = flow.step(Turn(intent, entity_lists, text or intent))
        self.state = flow.state
        return self.responses

    @property
    def responses(self):
        """Response names; a custom payload shows as `hold` or `hold_stop`."""
        return [r.response or next(iter(r.custom)) for r in self.replies]

    def custom(self, key):
        found = [r.custom[key] for r in self.replies if r.custom and key in r.custom]
        return found[-1] if found else None

    @property
    def hold(self):
        return self.custom("hold")

    @property
    def stop(self):
        return self.custom("hold_stop")


def through_screen(conv):
    conv.say("start_session")
    conv.say("deny")
    conv.say("deny")
    conv.say("deny")
    return conv


def to_first_hold(conv, side="left"):
    through_screen(conv)
    conv.say("inform", "6", number="6")
    conv.say("inform", side, side=side)
    conv.say("inform", "sitting", position="sitting")
    conv.say("continue_session")
    return conv


def every_spot_eases(conv):
    """From the first hold, each spot eases on its first hold: the pain question comes next."""
    for _ in range(3):
        conv.say("hold_finished")
        conv.say("report_released")
        if conv.state["stage"] == "explore":
            conv.say("continue_session")
    return conv
