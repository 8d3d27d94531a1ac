"""What is read aloud: no emoji, markup or URLs; numbers and choices read naturally."""
import pytest

from speech.speakable import number_words, speakable, speakable_message


@pytest.mark.parametrize("written, spoken", [
    ("How strong is it, from 0 to 10?", "How strong is it, from zero to ten?"),
    ("rate it 0-10", "rate it zero to ten"),
    ("Press gently and hold for 12 seconds.", "Press gently and hold for twelve seconds."),
    ("a 12-second hold", "a twelve second hold"),
    ("Call your emergency number (999, 911 or 112) now.",
     "Call your emergency number, nine nine nine, nine one one or one one two, now."),
    ("1 of 3: Right now", "one of three: Right now"),
    ("Say \"ready\" when your fingers are in place.", "Say ready when your fingers are in place."),
    ("**Gently** does it 😀🔥👍🏽", "Gently does it"),
    ("See https://example.com/a?b=1 or [the map](http://x.y/map.svg).", "See or the map."),
    ("# Heading\n- first point\n- `second`", "Heading first point second"),
    ("pain from 6 to 2", "pain from six to two"),
    ("10 slow times, e.g. twice a day", "ten slow times, for example twice a day"),
    ("You're welcome. Don't drive.", "You're welcome. Don't drive."),
])
def test_written_text_becomes_speakable(written, spoken):
    assert speakable(written) == spoken


def test_nothing_speakable_is_empty():
    assert speakable("😀 🔥 https://x.y") == ""


@pytest.mark.parametrize("value, words", [
    (0, "zero"), (7, "seven"), (12, "twelve"), (21, "twenty-one"), (30, "thirty"),
    (120, "one hundred and twenty"), (2024, "two thousand and twenty-four"),
])
def test_number_words(value, words):
    assert number_words(value) == words


def test_buttons_are_read_as_choices():
    message = {"text": "Which side shall we work on, left or right?",
               "buttons": [{"title": "Left", "payload": "/inform"}, {"title": "Right", "payload": "/inform"}]}
    assert speakable_message(message) == ("Which side shall we work on, left or right? "
                                          "You can say: Left, or Right.")


def test_a_message_with_only_an_image_says_nothing():
    assert speakable_message({"image": "/widget/img/referral-map.svg"}) is None
