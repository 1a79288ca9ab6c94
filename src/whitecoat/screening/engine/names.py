"""People's names and places, from runs of capitalised words.

No model: a run of capitalised words is weighed by what its words are (a known first name
or surname, a town, an ordinary English word, a medical term, or unknown) and by the words
around it ("my name is", "Mrs.", "says", "lives in", "my patient"). Names listed together
("Kónya, Becker and Vasquez") share what is known about any of them. A name credited with
a clinician's title or credentials in a congratulation is a colleague: not a finding.
"""

from __future__ import annotations

import re

from .hits import Hit
from .lexicon import (
    CLINICIAN_TITLES,
    CREDENTIALS,
    ENGLISH,
    FIRST_NAMES,
    MEDICAL_WORDS,
    NAME_PARTICLES,
    NOT_NAMES,
    ORG_WORDS,
    PERSON_TITLES,
    REGIONS,
    SURNAMES,
    TOWNS,
)

TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
SKIP_BACK = " \t\"'“”‘’(*•>-–—[#?"
SENTENCE_END = ".!?\n:;|"
GAP_PLAIN = re.compile(r"[ \t]{1,3}")
GAP_AFTER_ABBREV = re.compile(r"\.?[ \t]{0,3}")
# Between two names of one list: "A, B and C", "A & B".
LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|&\s+)?|\s+(?:and|&|or)\s+)")
TITLE_KEYS = PERSON_TITLES | CLINICIAN_TITLES

_P = r"\s*[:,?]?\s*"
PERSON_BEFORE = re.compile(
    r"(?:\b(?:my name is|name is|name's|named|named (?:him|her|them)|called|i am|i'm|this is"
    r"|it's|hi|hello|hey|dear|thanks|thank you|meet|met|says|said|told|asked|sincerely"
    r"|regards|cheers|love|ask for|patient|pt|mother|father|mom|mum|dad|son|daughter|wife"
    r"|husband|partner|brother|sister|baby|kid|child|grandma|grandpa|grandmother"
    r"|grandfather|aunt|uncle|nephew|niece|cousin|friend|boss|neighbou?r|user|name|by|with"
    r"|and|to|for|from|of|tribute to|given|gave|about)" + _P + r")$",
    re.IGNORECASE,
)
# The subset of PERSON_BEFORE strong enough for a single ordinary word ("named Frank").
STRONG_PERSON_BEFORE = re.compile(
    r"(?:\b(?:my name is|name is|name's|named|named (?:him|her|them)|called|i am|i'm|this is"
    r"|hi|hello|hey|dear|patient|pt|mother|father|mom|mum|dad|son|daughter|wife|husband"
    r"|brother|sister|baby|kid|child|grandma|grandpa|aunt|uncle|nephew|niece|cousin|name"
    r"|surname|last name|first name|maiden name|full name|starring|directed by|written by)"
    + _P
    + r")$",
    re.IGNORECASE,
)
PERSON_AFTER = re.compile(
    r"^(?:['’]s\s+(?:mom|mother|dad|father|wife|husband|son|daughter|family|parents|killers"
    r"|version|birthday|funeral)\b"
    r"|,\s+(?:who|whose|aged?|can|could|would|will|please|thanks|thank|i|we|you|what|how|do"
    r"|did|are|is)\b"
    r"|\s+(?:says|said|told|asked|wrote|writes|is a|was a|is an|was an|is very|was very"
    r"|has been|had been|began|started|lives|lived|was born|died|passed|turned|thinks"
    r"|believes|explained|added|replied|answered|who|whose|and (?:his|her|their)|is from"
    r"|was from|spent|went|goes|works|worked|moved|wants|likes|loves|is my|was my|had given"
    r"|has given|gave|is the|was the|were|are both|is one|was one)\b)",
    re.IGNORECASE,
)
PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|from|into|visit|visiting|visited|lives in|living in|born in"
    r"|based in|located in|town of|city of|village of|outside|around|towards?|where:"
    r"|(?:flew|fly|flying|drove|driving|travell?ed|returned|moved|relocated|headed|went"
    r"|going|came|back) (?:back )?to)"
    r"\s*:?\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
STRONG_PLACE_BEFORE = re.compile(
    r"(?:\b(?:lives in|living in|live in|born in|based in|located in|moved to|moved here from"
    r"|from|returned to|flew to|where:|town of|city of|originally from|grew up in|I'm in)"
    r"\s*:?\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
CREDENTIAL_AFTER = re.compile(
    r"^,?\s*(?:" + "|".join(re.escape(c) for c in sorted(CREDENTIALS)) + r")\b", re.IGNORECASE
)
# Credit: a name here is a colleague being congratulated, not a finding.
CREDIT_SENTENCE = re.compile(
    r"\b(?:congrat\w*|kudos|shout[- ]?outs?|welcom\w*|thank\w*|proud of|award\w*|honou?r\w*"
    r"|promot\w*|well deserved|elected|appointed|great work)\b",
    re.IGNORECASE,
)
# Professional context: probably a colleague, so the finding is only a tip.
COLLEAGUE_SENTENCE = re.compile(
    r"\b(?:co-?authors?|colleagues?|mentors?|mentees?|fellows?|keynote|grand rounds"
    r"|lectures?|present\w*|publish\w*|paper|talk|panel|podcast|interview\w*|residents?"
    r"|attendings?|faculty|chair|dean|professor|elected|appointed|grant|team|joins?|joined"
    r"|led by|great work|well deserved)\b",
    re.IGNORECASE,
)
PATIENT_SENTENCE = re.compile(
    r"\b(?:patients?|pts?|client|admitted|discharged|diagnos\w*|bed|surgery|delivered|coded"
    r"|intubated|passed away|died|(?:his|her|their) (?:mom|mother|dad|father|wife|husband"
    r"|family|son|daughter))\b",
    re.IGNORECASE,
)
# "Erdheim-Chester disease", "Graves' disease", "Whipple procedure": an eponym, not a person.
EPONYM_AFTER = re.compile(
    r"^['’]?s?\s+(?:disease|syndrome|sign|score|criteria|test|procedure|maneuver|manoeuvre"
    r"|classification|scale|reflex|triad|phenomenon|operation|fracture|palsy|lymphoma"
    r"|tumou?r|law|equation|effect|index|rule)\b",
    re.IGNORECASE,
)
CONTRACTION = re.compile(r"^i['’](?:m|d|ll|ve)$")


def _initial(text: str, start: int) -> bool:
    """Does a sentence (or a line, or a field after a colon) start at `start`?"""
    i = start - 1
    while i >= 0 and text[i] in SKIP_BACK:
        i -= 1
    return i < 0 or text[i] in SENTENCE_END


def _line_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t>\"'“":
        i -= 1
    return i < 0 or text[i] == "\n"


# A sentence ends at . ! ? or a line break, but not at the dot of "Dr." or an initial.
SENTENCE_BREAK = re.compile(
    r"(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bProf)(?<!\bSt)(?<!\b[A-Z])[.!?]+|\n"
)


def _sentence(text: str, start: int, end: int) -> str:
    left = 0
    for m in SENTENCE_BREAK.finditer(text, 0, start):
        left = m.end()
    m = SENTENCE_BREAK.search(text, end)
    return text[left : m.start() if m else len(text)]


def _key(word: str) -> str:
    word = word.lower()
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    return word


class _Token:
    __slots__ = ("end", "key", "start", "upper", "word")

    def __init__(self, start: int, end: int, word: str) -> None:
        self.start = start
        self.end = end
        self.word = word
        self.key = _key(word)
        self.upper = word.isupper() and len(word) > 1


def _chains(text: str) -> list[list[_Token]]:
    """Runs of capitalised words (with initials and particles) on one line."""
    chains: list[list[_Token]] = []
    current: list[_Token] = []
    for m in TOKEN.finditer(text):
        word = m.group()
        token = _Token(m.start(), m.end(), word)
        # "ms. Quinzia": a title typed in lower case still opens a name.
        capital = word[0].isupper() or (
            token.key in PERSON_TITLES and text[m.end() : m.end() + 1] == "."
        )
        if m.start() > 0 and text[m.start() - 1] in "@#_/.":
            capital = False  # a handle, a hashtag or a path is not a name in prose
        if current:
            prev = current[-1]
            gap = text[prev.end : m.start()]
            abbrev = len(prev.key) == 1 or prev.key in TITLE_KEYS
            joined = bool(GAP_PLAIN.fullmatch(gap)) or (
                abbrev and bool(GAP_AFTER_ABBREV.fullmatch(gap))
            )
            if joined and (capital or word in NAME_PARTICLES):
                current.append(token)
                continue
            chains.append(current)
            current = []
        if capital:
            current.append(token)
    if current:
        chains.append(current)
    # A particle cannot end a run ("Maria de" then a line break).
    for chain in chains:
        while chain and chain[-1].word in NAME_PARTICLES:
            chain.pop()
    return [c for c in chains if c]


def _run_in(tokens: list[_Token], vocabulary: frozenset[str]) -> tuple[int, int] | None:
    """The longest run of up to four tokens whose text is in `vocabulary`, as indexes."""
    best: tuple[int, int] | None = None
    for i in range(len(tokens)):
        for j in range(min(len(tokens), i + 4), i, -1):
            if best and j - i <= best[1] - best[0]:
                break
            if " ".join(t.key for t in tokens[i:j]) in vocabulary:
                best = (i, j)
                break
    return best


class _Candidate:
    """A classified run: kind is "NAME", "LOCATION", "" (nothing) or "maybe" (a name only
    if a neighbour in the same list is one)."""

    __slots__ = ("clinician", "end", "kind", "note", "start")

    def __init__(self, start: int, end: int, kind: str, note: str = "") -> None:
        self.start = start
        self.end = end
        self.kind = kind
        self.note = note
        self.clinician = False


def find_names_places(text: str, out: list[Hit], colleagues: list[tuple[int, int]]) -> None:
    candidates = [c for c in (_classify(text, chain) for chain in _chains(text)) if c]
    _share_within_lists(text, candidates)
    for c in candidates:
        if c.kind == "LOCATION":
            out.append(Hit(c.start, c.end, "LOCATION", "phi.location"))
        elif c.kind == "NAME":
            sentence = _sentence(text, c.start, c.end)
            about_patient = bool(PATIENT_SENTENCE.search(sentence))
            credential = bool(CREDENTIAL_AFTER.match(text[c.end : c.end + 12]))
            if not about_patient and (
                CREDIT_SENTENCE.search(sentence)
                or ((credential or c.clinician) and COLLEAGUE_SENTENCE.search(sentence))
            ):
                colleagues.append((c.start, c.end))
                continue
            colleague = credential or c.clinician or COLLEAGUE_SENTENCE.search(sentence)
            note = "colleague" if colleague and not about_patient else c.note
            out.append(Hit(c.start, c.end, "NAME", "phi.name", note))
    _lowercase_names(text, out)


def _share_within_lists(text: str, candidates: list[_Candidate]) -> None:
    """In "A, B and C", runs that could be names are names when a neighbour is one, or when
    three or more such runs are listed together."""
    groups: list[list[_Candidate]] = []
    for c in candidates:
        if groups and LIST_GAP.fullmatch(text[groups[-1][-1].end : c.start]):
            groups[-1].append(c)
        else:
            groups.append([c])
    for group in groups:
        kinds = {c.kind for c in group}
        if "maybe" in kinds and (
            "NAME" in kinds or (len(group) >= 3 and kinds <= {"NAME", "maybe"})
        ):
            for c in group:
                if c.kind == "maybe":
                    c.kind = "NAME"
    for c in candidates:
        if c.kind == "maybe":
            c.kind = ""


def _classify(text: str, chain: list[_Token]) -> _Candidate | None:
    # Titles open the run: what follows is a person; a clinician's title, maybe a colleague.
    title = ""
    while chain and chain[0].key in TITLE_KEYS:
        title = "clinician" if chain[0].key in CLINICIAN_TITLES else "person"
        chain = chain[1:]
    if not chain:
        return None
    initial = not title and _initial(text, chain[0].start)
    line_start = _line_start(text, chain[0].start)
    # An ordinary word opening a sentence is not part of the name ("Meet Julian Azevedo").
    while chain and not title and _initial(text, chain[0].start) and _ordinary(chain[0]):
        if chain[0].key in FIRST_NAMES and len(chain) > 1 and chain[1].key not in ENGLISH:
            break
        lone_person = len(chain) == 1 and PERSON_AFTER.search(
            text[chain[0].end : chain[0].end + 30]
        )
        if lone_person and _name_word(chain[0]) and len(chain[0].key) > 3:
            break  # "Walker began writing": a surname that is also a word, used as a name
        chain = chain[1:]
    # "Cleveland Clinic", "Grand Rounds Lecture": an organisation, a building or an event.
    if not chain or any(t.key in ORG_WORDS for t in chain):
        return None
    words = [t for t in chain if len(t.key) > 1 and not (t.upper and len(t.key) <= 4)]
    if not words or (len(chain) == 1 and len(chain[0].key) <= 2):
        return None
    start, end = chain[0].start, chain[-1].end
    if text[end - 2 : end] in ("'s", "’s"):
        end -= 2
    before = text[max(0, start - 40) : start]
    after = text[end : end + 30]
    if EPONYM_AFTER.match(text[chain[-1].end : chain[-1].end + 30]):
        return None

    strong = weak = unknown = unknown_caps = 0
    for t in words:
        is_name = _name_word(t)
        if _ordinary(t):
            weak += is_name and not t.upper
        elif is_name:
            strong += 1
        elif t.key not in TOWNS and t.key not in REGIONS:
            if t.upper:
                unknown_caps += 1
            else:
                unknown += 1

    town = _run_in(chain, TOWNS)
    region = _run_in(chain, REGIONS)
    whole_town = town == (0, len(chain))
    person_cue = bool(STRONG_PERSON_BEFORE.search(before) or PERSON_AFTER.search(after))
    speaker = (
        line_start
        and after.startswith(":")
        and (not _ordinary(chain[0]) or chain[0].key in FIRST_NAMES)
    )
    weak_person_cue = person_cue or speaker or bool(PERSON_BEFORE.search(before))
    place_cue = bool(PLACE_BEFORE.search(before))
    strong_place_cue = bool(STRONG_PLACE_BEFORE.search(before))

    kind = ""
    if title:
        kind = "NAME"
    elif region and region == (0, len(chain)):
        return None  # a country or a US state: above the level HIPAA counts
    elif whole_town and not (person_cue and strong) and (place_cue or not _all_ordinary(chain)):
        kind = "LOCATION"
    elif (person_cue or speaker) and (strong or weak or unknown):
        kind = "NAME"
    elif (place_cue and (unknown or unknown_caps or town) and not strong) or (
        strong_place_cue and unknown_caps
    ):
        kind = "LOCATION"
    elif (
        (strong and (len(words) >= 2 or not initial or not place_cue))
        or (len(words) >= 2 and strong + weak + unknown >= 2 and (strong or unknown or person_cue))
        or (unknown and (weak_person_cue or not initial))
    ):
        kind = "NAME"
    elif town and (place_cue or not _all_ordinary(chain[town[0] : town[1]])):
        i, j = town
        return _Candidate(chain[i].start, chain[j - 1].end, "LOCATION")
    elif unknown or weak:
        kind = "maybe"
    if not kind:
        return None
    candidate = _Candidate(start, end, kind, "person" if person_cue or title else "")
    candidate.clinician = title == "clinician"
    return candidate


def _name_word(token: _Token) -> bool:
    return (token.key in FIRST_NAMES or token.key in SURNAMES) and token.key not in NOT_NAMES


def _ordinary(token: _Token) -> bool:
    return token.key in ENGLISH or bool(CONTRACTION.match(token.key))


def _all_ordinary(tokens: list[_Token]) -> bool:
    return all(_ordinary(t) for t in tokens)


# The second word is in a lookahead so that every pair of neighbours is tried.
LOWER_PAIR = re.compile(
    r"(?<![\w@#])([^\W\d_][\w'’-]+)(?=((?:[ \t]+[a-z]\.?)?[ \t]+)([^\W\d_][\w'’-]+))"
)
LOWER_AFTER_CUE = re.compile(
    r"\b(?:my name is|name is|i'm|i am|named|called|call me|patient|pt)\s+([^\W\d_][\w'’-]{2,})"
    r"|\b(?:lives in|living in|live in|moved to|returned to|born in|grew up in|from)\s+"
    r"([^\W\d_][\w'’-]{2,})",
)


LOWER_LIST = re.compile(
    r"(?<![\w@#])(?:[a-zà-öø-ÿ][a-zà-öø-ÿ'’-]+,\s+){2,}[a-zà-öø-ÿ][a-zà-öø-ÿ'’-]+,?\s+(?:and|&)\s+"
    r"[a-zà-öø-ÿ][a-zà-öø-ÿ'’-]+\b"
)
LOWER_WORD = re.compile(r"[a-zà-öø-ÿ][a-zà-öø-ÿ'’-]+")


def _lowercase_names(text: str, out: list[Hit]) -> None:
    """Names and towns typed in lower case, as people do in posts and messages."""
    if not any(c.islower() for c in text):
        return
    # "silvana, adam, christopher and caleb": a list mostly of first names is a list of names.
    for m in LOWER_LIST.finditer(text):
        words = [w for w in LOWER_WORD.finditer(m.group()) if w.group() not in ("and",)]
        named = [w for w in words if _key(w.group()) in FIRST_NAMES]
        if len(named) * 2 > len(words):
            for w in named:
                out.append(Hit(m.start() + w.start(), m.start() + w.end(), "NAME", "phi.name"))
    for m in LOWER_PAIR.finditer(text):
        if not (m.group(1).islower() and m.group(3).islower()):
            continue
        first, last = _key(m.group(1)), _key(m.group(3))
        if first in ENGLISH or last in ENGLISH or first in MEDICAL_WORDS:
            continue
        if first in FIRST_NAMES and (last in SURNAMES or last not in TOWNS):
            end = m.end(3) - (2 if m.group(3).endswith(("'s", "’s")) else 0)
            out.append(Hit(m.start(1), end, "NAME", "phi.name"))
    for m in LOWER_AFTER_CUE.finditer(text):
        if m.group(1):
            key = _key(m.group(1))
            named = m.group().lower().startswith(("my name", "name is", "named", "call"))
            if (
                m.group(1).islower()
                and key not in ENGLISH
                and (named or key in FIRST_NAMES or key in SURNAMES)
            ):
                out.append(Hit(m.start(1), m.start(1) + len(key), "NAME", "phi.name", "person"))
        else:
            key = _key(m.group(2))
            if m.group(2).islower() and key not in ENGLISH and key in TOWNS:
                out.append(Hit(m.start(2), m.end(2), "LOCATION", "phi.location"))
