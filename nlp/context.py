"""ConText (medspaCy) on the project's pipeline: is a safety term negated, past, asked about, or someone else's?

medspaCy's `ConText` runs its published English rule set (written for clinical notes) plus
`context_rules.json`, the same algorithm's rules for how people write in a chat: "my uncle
had...", "years ago", "what if...", "I don't...". Each red-flag or contraindication entity
then carries the clinical-NLP attributes: negated, historical (distant or recent), hypothetical,
experiencer (the person or someone else), plus the time cue nearest to it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Dict, List, Optional

import json

from medspacy.context import ConText, ConTextRule  # at import: the first message stays fast

RULES_FILE = Path(__file__).resolve().parent / "context_rules.json"
TARGET_LABELS = {"red_flag", "contraindication"}
# Terms whose own words may hold a negation ("can't feel", "no feeling"): it stays theirs.
WORDED_LABELS = {"symptom", "red_flag", "contraindication"}
# Symptoms that can make a red flag in context alone ("numb all the time", "tingling that never switches off").
TRIGGER_SYMPTOMS = {"numbness", "tingling", "pins_and_needles"}
# Also read (for combinations such as fever + stiff neck, a new injury + numbness).
READ_LABELS = TARGET_LABELS | {"symptom", "body_part", "safety_cue", "duration", "side"}  # "for 3 weeks": no better since
STRONG_NOW_DISTANCE = 3  # "my husband's face is drooping right now": a cue right next to the term
# Published rules replaced by ours: "if" only counts in a question (HYPOTHETICAL_IF); "not" and
# "never had" as single words, so the cue never overlaps a term such as "had a stroke"; "any other"
# ("is there any other reason my vision is blurry?") is not a negation in a chat; ": no" would reach
# back over the colon that ends a sentence here ("before you ask: no chest pain"), so plain "no" does.
REPLACED_PUBLISHED = {"if", "not", "never had", "any other", "as well as any", ": no", ": none"}
# Where a scope stops, besides ConText's own TERMINATE rules ("but", "except"...):
# a new first-person subject ends a negation or another person's story ("no fever and I'm dizzy"),
# and so does a comma that opens a new clause ("no warning, it just came on").
TERMINATED_BY = {
    "NEGATED_EXISTENCE": ["SUBJECT_I", "CLAUSE", "COMMA_BREAK"],
    "LOOKS_NORMAL": ["COMMA_BREAK"],  # "my face looks normal": reaches back over its own clause
    "FAMILY": ["SUBJECT_I", "SELF", "CLAUSE"],
    "OTHER_EXPERIENCER": ["SUBJECT_I", "SELF", "CLAUSE"],
}
NEGATION_MAX_SCOPE = 10  # tokens: a negation does not run on through a long message
# "numb in the morning, but it goes away when I shake it": whether a symptom passes or persists is
# said across a "but", which ends every other cue's scope.
CROSS_BUT = {"PASSING", "PERSISTING", "CONSTANT"}
# "three heart attacks on shift", "my strokes": an event noun in the plural is a count of past
# events (or other people's), never one happening now.
PLURAL_EVENTS = {"attacks", "strokes", "heartattacks", "seizures", "faints", "blackouts"}
TIME_CATEGORIES = {"HISTORICAL": "past", "RECENT": "recent", "LATELY": "lately", "LONGSTANDING": "longstanding",
                   "CURRENT": "now", "RESOLVED": "resolved"}
QUESTION_OPENERS = {"what", "how", "should", "can", "could", "is", "are", "would", "will", "do", "does",
                    "shall", "may", "might", "am", "when"}
CONDITION_OPENERS = {"if", "suppose", "supposing", "say"}
SUPPOSING = {"say", "suppose", "supposing", "imagine"}  # "say my face went numb while doing it, what then?"
# "is feeling lightheaded a stop sign?": a yes/no question puts its verb before what it asks about
YES_NO_VERBS = {"is", "are", "was", "were", "would", "could", "should", "does", "do", "did", "can", "will", "might", "must"}
DATING_OPENERS = {"that", "this", "it", "all"}  # "That was 15 years ago.": dates the sentence before
DATING_VERBS = {"was", "were", "happened", "'s"}
DATING_ALONE = 4  # "Decades ago.": a sentence that is only a time in the past dates the one before
RECURRING = {"too", "again", "also", "like", "same", "before", "as"}  # "Last year too.": it happened then as well
EXAMPLE_OPENERS = {"like", "eg", "e.g.", "such", "say"}  # "What should make me stop? Like dizzy, funny vision."
QUESTION_PHRASES = ("should i", "do i need", "can i", "what do i", "what should", "is it", "do i have to")


@dataclass(frozen=True)
class Mention:
    """One red-flag or contraindication term and its context."""

    label: str  # red_flag | contraindication
    kind: str
    text: str
    start: int  # character offsets
    end: int
    negated: bool = False
    hypothetical: bool = False
    experiencer: str = "self"  # self | other
    time: str = "unstated"  # unstated | now | lately | recent | longstanding | past | resolved (nearest cue)
    strong_now: bool = False  # "right now", "just": happening as we speak
    again: bool = False  # "weeks ago, and again this morning": it is back
    passing: bool = False  # "comes and goes", "goes away when I shake it", "wake up with it"
    constant: bool = False  # "constantly", "all the time", "day and night", "never goes away"
    unbroken: bool = False  # "never switches off", "not on and off any more": no let-up at all (not "lingers")
    plural_event: bool = False  # "three heart attacks", "my strokes": counted events, not one now
    in_use: bool = False  # "I'm on", "keep taking them": a medicine taken now, whenever it started
    sentence: int = 0  # token index where its sentence starts

    @property
    def historical(self) -> bool:
        return self.time in ("past", "recent", "resolved")


def load_rules(path: Path = RULES_FILE) -> List[ConTextRule]:
    """Our ConText rules; a token set written "$NAME" (or "$NAME+OTHER") is the file's shared word
    list(s), and a rule may name the categories that end its scope (`terminated_by`, which
    medspaCy's JSON reader lacks)."""
    data = json.loads(path.read_text())
    lists = data.get("lists", {})

    def expand(value):
        if isinstance(value, str) and value.startswith("$"):
            return [word for name in value[1:].split("+") for word in lists[name]]
        if isinstance(value, dict):
            return {key: expand(item) for key, item in value.items()}
        if isinstance(value, list):
            return [expand(item) for item in value]
        return value

    return [ConTextRule(**expand(rule)) for rule in data["context_rules"]]


def _overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _fix_medspacy_overlap() -> None:
    """medspaCy 1.3.1's `tuple_overlaps` misses a span that lies wholly inside another, so a
    sentence-wide terminator never ends a shorter scope and a cue inside a term ("can't" in
    "can't breathe") still modifies it. Use a correct test in the two modules that call it."""
    from medspacy.context import context_graph, context_modifier

    context_modifier.tuple_overlaps = context_graph.tuple_overlaps = _overlaps


def _is_question(sentence) -> bool:
    text = sentence.text.strip().lower()
    first = sentence[0].lower_ if len(sentence) else ""
    return text.endswith("?") or first in QUESTION_OPENERS or any(p in text for p in QUESTION_PHRASES) \
        or (first in CONDITION_OPENERS and _next_is_question(sentence)) \
        or (first in EXAMPLE_OPENERS and _previous_is_question(sentence))


def _supposed(sentence) -> bool:
    """A sentence that opens by supposing ("say my face went numb, what then?"), not "Say, ..."."""
    return len(sentence) > 1 and sentence[0].lower_ in SUPPOSING and not sentence[1].is_punct


def _previous_is_question(sentence) -> bool:
    """"What should make me stop? Like dizzy, funny vision, whatever.": examples of what was just asked."""
    before = [s for s in sentence.doc.sents if s.end == sentence.start]
    return bool(before) and before[0].text.strip().endswith("?")


def _next_is_question(sentence) -> bool:
    """"if I ever got chest pain (I haven't!), would that be...?": an aside cut the question in two."""
    following = [s for s in sentence.doc.sents if s.start == sentence.end]
    return bool(following) and _is_question(following[0])


def _asked_in_a_yes_no_question(target, modifier, between) -> bool:
    """A cue after the words ("... a reason to stop?") asks about them only in a yes/no question
    whose verb comes first ("would numbness be a reason to stop?"), not after a statement
    ("my arm has gone blue, a warning sign?")."""
    return any(token.lower_ in YES_NO_VERBS for token in target.doc[target.sent.start:target.start])


def _sentences_dated_by_the_next(doc) -> set:
    """Starts of sentences that the next one puts in the distant past ("Had a tight chest at uni.
    That was 15 years ago.")."""
    sentences = list(doc.sents)
    dated = set()
    for before, sentence in zip(sentences, sentences[1:]):
        opens = [t.lower_ for t in sentence[:2]]
        words = [t for t in sentence if not t.is_punct]
        alone = len(words) <= DATING_ALONE and not any(t.lower_ in RECURRING for t in words)
        dating = (len(opens) == 2 and opens[0] in DATING_OPENERS and opens[1] in DATING_VERBS) or alone
        if dating and any(
                m.category == "HISTORICAL" and sentence.start <= m.modifier_span[0] < sentence.end
                for m in doc._.context_graph.modifiers):
            dated.add(before.start)
    return dated


def _distance(modifier, target) -> int:
    start, end = modifier.modifier_span
    return max(start - target.end, target.start - end, 0)


class ContextAnnotator:
    """Builds ConText once for a spaCy pipeline and reads each safety term's context."""

    def __init__(self, nlp):
        _fix_medspacy_overlap()
        published = ConText(nlp, rules="default", name="published_rules")
        rules = [r for r in published.rules if r.literal not in REPLACED_PUBLISHED]
        rules += load_rules()
        for rule in rules:
            if rule.category == "NEGATED_EXISTENCE" and rule.max_scope is None:
                rule.max_scope = NEGATION_MAX_SCOPE
            if rule.literal == "but":  # published as a terminator of every scope: ours name it instead
                rule.direction, rule.category = "PSEUDO", "BUT"
            elif rule.category not in CROSS_BUT:
                rule.terminated_by.add("BUT")
            if (rule.metadata or {}).get("yes_no_question"):
                rule.on_modifies = _asked_in_a_yes_no_question
        self.context = ConText(nlp, rules=None, span_attrs=None, terminating_types=TERMINATED_BY,
                               allowed_types=None, name="scalene_context")
        self.context.add(rules)
        self.rule_count = len(rules)

    def mentions(self, doc) -> List[Mention]:
        """The context of every safety term (and symptom, body part) in `doc`; [] without safety terms."""
        if not doc.has_annotation("SENT_START"):
            doc[0].is_sent_start = True
        if not any(e.label_ in TARGET_LABELS or e.label_ == "safety_cue" or e.ent_id_ in TRIGGER_SYMPTOMS
                   for e in doc.ents):
            return []
        self.context(doc)
        mentions = [self._read(e) for e in doc.ents if e.label_ in READ_LABELS]
        dated = _sentences_dated_by_the_next(doc)
        return [replace(m, time="past") if m.sentence in dated and m.time == "unstated" else m for m in mentions]

    def _read(self, ent) -> Mention:
        # A cue inside the term itself ("can't" in "can't breathe") does not modify it, and a
        # negation inside another symptom ("can't feel my fingers and they've gone white") is
        # that symptom's own word, not a denial of the rest.
        worded = [(e.start, e.end) for e in ent.doc.ents if e.label_ in WORDED_LABELS]
        modifiers = [m for m in ent._.modifiers
                     if (m.modifier_span[1] <= ent.start or m.modifier_span[0] >= ent.end)
                     and not (m.category == "NEGATED_EXISTENCE"
                              and any(s <= m.modifier_span[0] and m.modifier_span[1] <= e for s, e in worded))]
        categories: Dict[str, list] = {}
        for modifier in modifiers:
            categories.setdefault(modifier.category, []).append(modifier)
        hypothetical = "HYPOTHETICAL" in categories or (
            ("HYPOTHETICAL_IF" in categories or _supposed(ent.sent)) and _is_question(ent.sent))
        timed = [m for m in modifiers if m.category in TIME_CATEGORIES]
        nearest: Optional[object] = min(timed, key=lambda m: _distance(m, ent)) if timed else None
        now_cues = [m for m in categories.get("CURRENT", []) if _distance(m, ent) <= STRONG_NOW_DISTANCE]
        return Mention(
            label=ent.label_, kind=ent.ent_id_ or ent.text.lower(), text=ent.text,
            start=ent.start_char, end=ent.end_char,
            negated=bool(categories.keys() & {"NEGATED_EXISTENCE", "LOOKS_NORMAL"}),
            hypothetical=hypothetical,
            experiencer="other" if ("FAMILY" in categories or "OTHER_EXPERIENCER" in categories) else "self",
            time=TIME_CATEGORIES[nearest.category] if nearest else "unstated",
            again=any((m.rule.metadata or {}).get("repeat") for m in categories.get("CURRENT", [])),
            passing="PASSING" in categories and not categories.keys() & {"PERSISTING", "CONSTANT"},
            constant=bool(categories.keys() & {"CONSTANT", "PERSISTING"}),  # "all day every day", "won't go off"
            unbroken=any((m.rule.metadata or {}).get("unbroken") for m in categories.get("PERSISTING", [])),
            plural_event=ent[-1].lower_ in PLURAL_EVENTS,
            in_use=any((m.rule.metadata or {}).get("in_use") for m in categories.get("CURRENT", [])),
            strong_now=any((m.rule.metadata or {}).get("strong") for m in now_cues),
            sentence=ent.sent.start,
        )
