"""Progress over sessions: the trend a returning person hears, and the chart payload."""
from actions.progress import attach_routine, chart_payload, session_record, trend_sentence, trend_values

OLD_STYLE = [  # records as the session flow kept them before `eased` existed
    {"date": "2026-11-20", "pain_before": 6.0, "pain_after": 4.0, "released": 2, "spots": 3, "referral": True},
    {"date": "2026-11-22", "pain_before": 5.0, "pain_after": 3.0, "released": 1, "spots": 3, "referral": False},
    {"date": "2026-11-25", "pain_before": 4, "pain_after": 2, "released": 3, "spots": 3, "referral": False},
]


def test_trend_names_the_last_three_sessions():
    assert trend_sentence(OLD_STYLE) == "three sessions: pain 6 → 4, 5 → 3, 4 → 2"
    assert trend_values(OLD_STYLE) == {"sessions": "three sessions", "count": "3", "trend": "6 → 4, 5 → 3, 4 → 2",
                                       "trend_spoken": "6 to 4, 5 to 3, and 4 to 2"}


def test_trend_keeps_only_the_most_recent_and_skips_sessions_without_both_scores():
    sessions = [{"pain_before": 9, "pain_after": 9}] + OLD_STYLE + [{"pain_before": 3, "pain_after": None}]
    assert trend_sentence(sessions) == "three sessions: pain 6 → 4, 5 → 3, 4 → 2"
    assert trend_sentence(OLD_STYLE[-1:]) == "one session: pain 4 → 2"
    assert trend_values(OLD_STYLE[:2])["trend_spoken"] == "6 to 4, and 5 to 3"


def test_no_trend_without_scores():
    assert trend_sentence([]) is None and trend_sentence(None) is None
    assert trend_sentence([{"pain_before": None, "pain_after": 3}, "garbage"]) is None


def test_half_points_keep_their_half():
    assert trend_sentence([{"pain_before": 6.5, "pain_after": 4}]) == "one session: pain 6.5 → 4"


def test_chart_payload_has_every_session_and_which_spots_eased():
    sessions = OLD_STYLE[:1] + [session_record("2026-11-27T10:00:00+00:00", 5, 2, {
        "released": ["left:upper", "left:lower"], "unreleased": ["left:middle"], "referral": ["left:upper"],
        "holds": {"left:upper": 2, "left:middle": 1, "left:lower": 1}})]
    chart = chart_payload(sessions)["progress"]
    assert chart["scale_max"] == 10
    assert chart["trend"] == "two sessions: pain 6 → 4, 5 → 2"
    assert chart["sessions"] == [
        {"date": "2026-11-20", "before": 6.0, "after": 4.0, "eased": [], "released": 2, "spots": 3},
        {"date": "2026-11-27", "before": 5.0, "after": 2.0, "eased": ["left:upper", "left:lower"],
         "released": 2, "spots": 3}]


def test_no_chart_without_any_score():
    assert chart_payload([]) is None
    assert chart_payload([{"date": "2026-11-20", "pain_before": None, "pain_after": None}]) is None


def test_session_record_keeps_the_old_fields_and_adds_eased_spots():
    log = {"released": ["right:middle"], "unreleased": [], "referral": [], "holds": {"right:middle": 1, "right:upper": 2}}
    assert session_record("2026-11-27T10:00:00+00:00", 6, None, log) == {
        "date": "2026-11-27", "pain_before": 6, "pain_after": None, "released": 1, "spots": 2, "referral": False,
        "eased": ["right:middle"], "strengthening": []}


def test_a_routine_after_a_session_is_noted_on_that_session_only():
    routine = {"date": "2026-11-25", "after_session": True, "moves": [{"move": "chin_tuck"}, {"move": "angel"}]}
    noted = attach_routine(OLD_STYLE, routine)
    assert noted[-1]["strengthening"] == ["chin_tuck", "angel"] and "strengthening" not in OLD_STYLE[-1]
    assert attach_routine(OLD_STYLE, dict(routine, after_session=False)) == OLD_STYLE
    assert attach_routine(OLD_STYLE, dict(routine, date="2026-11-26")) == OLD_STYLE
