"""Candidate pairs and what a learned model reads of them.

For each relation, the candidates are pairs of entities of the right types in one
sentence, at most ``MAX_DISTANCE`` tokens apart (so a sentence of any length gives a
bounded number of pairs per entity), plus the pairs the rules proposed (meetings told
over several sentences among them). Each pair is described by plain string features
read off the parse, the way relation-extraction systems have long done it (Mintz et
al. 2009; Zhou et al. 2005): the entity types and their order, the distance, the words
between (other names replaced by their type), the words just before and after, the
dependency path joining the two (labels and the words on it), apposition and compounds,
trigger words (posts, meeting words, "represent"), and which rule fired.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .common import index, sentence_span
from .lexicon import ROLE_HEADS, TEAM_HEADS

MAX_DISTANCE = 30  # tokens between the two entities of a candidate pair
MAX_PAIRS = 400  # per sentence, whatever its length (the nearest pairs first)
MAX_BETWEEN = 8

#: The (head label, tail label) pairs of each relation's candidates. A person and a country
#: in one sentence are no candidates for represents: news names countries everywhere, and
#: the posts that represent one (ambassador, envoy) are read by the rules.
CANDIDATE_LABELS = {
    "officialOf": frozenset({("PERSON", "ORG")}),
    "metWith": frozenset({("PERSON", "PERSON"), ("PERSON", "ORG"), ("ORG", "PERSON"), ("ORG", "ORG")}),
    "represents": frozenset({("PERSON", "ORG"), ("ORG", "GPE"), ("ORG", "NORP")}),
}
MEETING_WORDS = frozenset("""
meet met meets meeting meetings talk talks talked discuss discussed discussion discussions receive received
receives host hosted hosts visit visited visits call called calls negotiate negotiated negotiations confer
conferred consultations welcome welcomed greet greeted interview interviewed debate debated summit audience
conversation session
""".split())
REPRESENT_WORDS = frozenset("""
represent represents represented representing representative behalf ambassador envoy delegation delegate
team squad player national plays played contingent consul commissioner
""".split())


def _word(token: Token, a: Span, b: Span) -> str | None:
    if a.start <= token.i < a.end or b.start <= token.i < b.end:
        return None
    if token.is_space:
        return None
    if token.ent_type_ in {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}:
        return token.ent_type_
    if token.like_num:
        return "NUM"
    return token.lemma_.lower()


def _path(a: Span, b: Span) -> tuple[str, list[str], int]:
    """The dependency path between the two roots: its labels, the words on it, its length."""
    up = [a.root, *a.root.ancestors]
    down = [b.root, *b.root.ancestors]
    common = next((t for t in up if t in down), None)
    if common is None:
        return "NOPATH", [], 99
    first, second = up[:up.index(common)], down[:down.index(common)]
    middle = "ENT" if common in (a.root, b.root) else common.lemma_.lower()
    labels = [f"^{t.dep_}" for t in first] + [middle] + [f"v{t.dep_}" for t in reversed(second)]
    words = [t.lemma_.lower() for t in first[1:] + second[1:]] + ([middle] if middle != "ENT" else [])
    return "_".join(labels), words, len(first) + len(second)


def _bucket(n: int) -> str:
    for limit, name in ((0, "0"), (1, "1"), (2, "2"), (4, "3-4"), (7, "5-7"), (12, "8-12"), (20, "13-20")):
        if n <= limit:
            return name
    return "21+"


def _ents_between(doc: Doc, start: int, end: int) -> int:
    """How many entities lie wholly in tokens ``start``..``end`` (by bisection: a long
    sentence with many pairs costs no more per pair than a short one)."""
    from bisect import bisect_left

    ents = index(doc).ents
    cache = doc.user_data.get(_STARTS_KEY)
    if cache is None or cache[0] is not ents:
        cache = doc.user_data[_STARTS_KEY] = (ents, [e.start for e in ents], [e.end for e in ents])
    _, starts, ends = cache
    i = bisect_left(starts, start)
    n = 0
    while i < len(starts) and starts[i] < end:
        n += ends[i] <= end
        i += 1
    return n


def _sentence_words(doc: Doc, sent: Span) -> set[str]:
    """The lower-cased words of a sentence, made once a sentence."""
    cache = doc.user_data.setdefault(_WORDS_KEY, {})
    words = cache.get(sent.start)
    if words is None:
        words = cache[sent.start] = {t.lower_ for t in sent}
    return words


_STARTS_KEY, _WORDS_KEY = "kg_pair_ent_starts", "kg_pair_sentence_words"


def features(doc: Doc, a: Span, b: Span, rule: str | None = None, relation: str = "") -> list[str]:
    """The features of a candidate pair (``a`` the head, ``b`` the tail)."""
    idx = index(doc)
    same = idx.sentence_of[a.start] == idx.sentence_of[b.start]
    out = [f"types={a.label_}_{b.label_}", f"rule={rule or 'none'}", f"kind={relation}"]
    if rule:
        out.append(f"rulefam={rule.split('.')[0]}")
    if not same:
        gap = abs(idx.sentence_of[a.start] - idx.sentence_of[b.start])
        out += ["xsent", f"xsent={min(gap, 4)}"]
        return out
    first, second = (a, b) if a.start < b.start else (b, a)
    out.append("order=ab" if first is a else "order=ba")
    between = [w for w in (_word(t, a, b) for t in doc[first.end:second.start]) if w]
    out.append(f"dist={_bucket(second.start - first.end)}")
    if not between:
        out.append("adjacent")
    short = between if len(between) <= MAX_BETWEEN else between[:4] + between[-4:]
    out += [f"btw={w}" for w in short]
    out += [f"btw2={x}_{y}" for x, y in zip(short, short[1:])]
    if len(between) <= 4:
        out.append("btwseq=" + "_".join(between))
    ents_between = _ents_between(doc, first.end, second.start)
    out.append(f"ents_between={min(ents_between, 4)}")
    if "," in between:
        out.append("comma_between")
    sent = sentence_span(doc, first.start)
    left = [w for w in (_word(t, a, b) for t in doc[max(sent.start, first.start - 2):first.start]) if w]
    right = [w for w in (_word(t, a, b) for t in doc[second.end:min(sent.end, second.end + 2)]) if w]
    out += [f"l={w}" for w in left] + [f"r={w}" for w in right]
    if left:
        out.append(f"l1={left[-1]}")
    if right:
        out.append(f"r1={right[0]}")
    labels, words, length = _path(a, b)
    out.append(f"pathlen={_bucket(length)}")
    if length <= 6:
        out.append(f"path={labels}")
    out += [f"pw={w}" for w in words]
    if a.root.dep_ == "appos" and a.root.head.i in range(b.start, b.end) or \
            b.root.dep_ == "appos" and b.root.head.i in range(a.start, a.end):
        out.append("appos")
    if a.root.dep_ in {"compound", "poss", "nmod"} or b.root.dep_ in {"compound", "poss", "nmod"}:
        out.append(f"mod={a.root.dep_}_{b.root.dep_}")
    roles = [t.lower_ for t in doc[first.end:second.start] if t.lower_ in ROLE_HEADS]
    before = doc[max(sent.start, first.start - 3):first.start]
    roles += [f"pre:{t.lower_}" for t in before if t.lower_ in ROLE_HEADS]
    out += [f"role={r}" for r in roles[:4]]
    if roles:
        out.append("has_role")
    words_in = _sentence_words(doc, sent)
    if words_in & MEETING_WORDS:
        out.append("meeting_word")
        out += [f"meet={w}" for w in sorted(words_in & MEETING_WORDS)[:3]]
    if words_in & REPRESENT_WORDS:
        out.append("represent_word")
    if any(t.lower_ in TEAM_HEADS for t in a):
        out.append("head_is_team")
    return out


def candidate_pairs(doc: Doc, relation: str) -> list[tuple[Span, Span]]:
    """The pairs a model scores for ``relation``: entities of the right types in one sentence,
    nearest first, at most ``MAX_DISTANCE`` tokens apart and ``MAX_PAIRS`` a sentence. For
    metWith only sentences with a meeting word count."""
    allowed = CANDIDATE_LABELS[relation]
    labels = {label for pair in allowed for label in pair}
    idx = index(doc)
    by_sentence: dict[int, list[Span]] = {}
    for ent in idx.ents:
        if ent.label_ in labels:
            by_sentence.setdefault(idx.sentence_of[ent.start], []).append(ent)
    out = []
    for n, ents in by_sentence.items():
        if relation == "metWith" and not ({t.lower_ for t in idx.sents[n]} & MEETING_WORDS):
            continue
        pairs = []
        ents.sort(key=lambda e: e.start)
        for i, a in enumerate(ents):  # entities in order: stop at the first one too far away
            for j in range(i + 1, len(ents)):
                b = ents[j]
                distance = b.start - a.end
                if distance > MAX_DISTANCE:
                    break
                if a == b:
                    continue
                for h, t in ((a, b), (b, a)):
                    if (h.label_, t.label_) in allowed:
                        pairs.append((distance, h.start, t.start, h, t))
                        if relation == "metWith":
                            break  # symmetric: one order is enough
        pairs.sort(key=lambda p: p[:3])
        out += [(h, t) for _, _, _, h, t in pairs[:MAX_PAIRS]]
    return out


def pair_key(relation: str, a_start: int, b_start: int) -> tuple[str, int, int]:
    """The key of a pair of mentions (character offsets); metWith is symmetric."""
    if relation == "metWith" and b_start < a_start:
        a_start, b_start = b_start, a_start
    return relation, a_start, b_start
