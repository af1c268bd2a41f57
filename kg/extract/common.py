"""Small helpers shared by the relation extractors."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator

from spacy.tokens import Doc, Span, Token

from ..records import Mention, Sentence
from .entities import LABEL_TYPES, country_of_team, mention
from .lexicon import GROUP_NOUNS, GROUP_WORDS, POST_TAILS, countries
from .tokens import INDEX_KEY as _INDEX_KEY, forget_index, having  # noqa: F401 (forget_index: re-exported)

# Dependency labels (module constants, as in textacy).
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
@dataclass
class DocIndex:
    """Per-Doc lookups computed once: sentences, and the entity covering each token."""

    sentences: list[Sentence]
    sentence_of: dict[int, int]
    entity_of: dict[int, Span] = field(default_factory=dict)
    mention_of: dict[tuple[int, int], Mention] = field(default_factory=dict)
    pronoun_of: dict[int, tuple[Span, Mention]] = field(default_factory=dict)  # token -> antecedent
    ents: list[Span] = field(default_factory=list)  # doc.ents, built once (the getter makes new Spans)
    sents: list[Span] = field(default_factory=list)
    by_sentence: dict[int, list[Span]] = field(default_factory=dict)  # sentence number -> its entities

    def ents_in(self, sent: Span) -> list[Span]:
        """The entities that start in a sentence (without scanning the whole document's)."""
        return self.by_sentence.get(self.sentence_of.get(sent.start, -1), [])


def index(doc: Doc) -> DocIndex:
    cached = doc.user_data.get(_INDEX_KEY)
    if cached is not None:
        return cached
    sentences, sentence_of = [], {}
    sents = list(doc.sents)
    for i, sent in enumerate(sents):
        text = sent.text
        start = sent.start_char + (len(text) - len(text.lstrip()))
        sentences.append(Sentence(i, start, start + len(text.strip()), text.strip()))
        for t in sent:
            sentence_of[t.i] = i
    idx = DocIndex(sentences, sentence_of, ents=list(doc.ents), sents=sents)
    for ent in idx.ents:
        idx.by_sentence.setdefault(sentence_of[ent.start], []).append(ent)
        if ent.label_ not in LABEL_TYPES:
            continue
        for i in range(ent.start, ent.end):
            idx.entity_of[i] = ent
        idx.mention_of[(ent.start, ent.end)] = mention(ent, sentence_of[ent.start])
    doc.user_data[_INDEX_KEY] = idx
    from . import OFF

    for resolver in RESOLVERS:
        if not (OFF and resolver.__name__ in OFF):
            resolver(doc, idx)
    return idx


def sentence_span(doc: Doc, token_i: int) -> Span:
    """The sentence of a token, from the index (``token.sent`` recomputes it every time)."""
    idx = index(doc)
    return idx.sents[idx.sentence_of[token_i]]


#: Words of a company's or institution's board named without its organization.
BOARD_WORDS = frozenset("the board boards of directors trustees governors supervisory executive management".split())


def _resolve_org_parts(doc: Doc, idx: DocIndex) -> None:
    """Parts of an organization named without it stand for it, so a post on them is a post
    in it:

    - a board ("its Board of Directors", "Chairman of the Board", "Board member X"): the
      organization before "'s", else the one named last before the board (not another
      board);
    - "the Company" / "the company" in an article naming no "... Company" (a company's own
      announcement): the organization named most so far.

    Without such an organization the mention stays an entity of its own."""
    from dataclasses import replace

    def refer(ent: Span, owner: Span | None) -> None:
        key = (ent.start, ent.end)
        if owner is not None and idx.mention_of.get(key) is not None:
            idx.mention_of[key] = replace(idx.mention_of[key], refers_to=idx.mention_of[(owner.start, owner.end)])

    last: Span | None = None
    named: list[Span] = []  # organizations named so far
    companies = any(e.label_ == "ORG" and len(e) > 1 and e[-1].lower_ == "company" for e in idx.ents)
    for ent in idx.ents:
        if ent.label_ != "ORG":
            continue
        words = {t.lower_ for t in ent}
        if ent.text.lower() == "company" and ent.start > 0 and doc[ent.start - 1].lower_ == "the" and not companies:
            refer(ent, _most_named(named))
        elif "board" in words and words <= BOARD_WORDS:
            before = idx.entity_of.get(ent.start - 2) if ent.start >= 2 and doc[ent.start - 1].text in {"'s", "\u2019s"} \
                else None
            refer(ent, before if before is not None and before.label_ == "ORG" else last)
        else:
            last = ent
            named.append(ent)


def _most_named(orgs: list[Span]) -> Span | None:
    """The first mention of the name ``orgs`` hold most often (of two as often, the one named
    first)."""
    counts = Counter(e.text for e in orgs)
    most = max(counts.values(), default=0)
    return next((e for e in orgs if counts[e.text] == most), None)


PERSONAL_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
PLURAL_PRONOUNS = {"they", "them"}


def _is_subject(ent: Span) -> bool:
    root = ent.root
    while root.dep_ in {"appos", "compound", "conj"} and root.head.i != root.i:
        root = root.head
    return root.dep_ in {"nsubj", "nsubjpass"}


def _resolve_pronouns(doc: Doc, idx: DocIndex) -> None:
    """he/she/him/her/his: the person who is the subject nearest before, in this sentence or
    the two before it; of two people who are one subject ("A and B discussed"), the one the
    article has named most so far (then the one named first). Without such a subject the
    pronoun stays unresolved (no guessing from objects); gender is not known to the model,
    so it is not used."""
    people = [e for e in idx.ents if e.label_ == "PERSON"]
    for token in having(doc, "lower", PLURAL_PRONOUNS | PERSONAL_PRONOUNS):
        if token.lower_ in PLURAL_PRONOUNS and token.pos_ == "PRON":
            _resolve_plural(doc, idx, token)
        if token.lower_ not in PERSONAL_PRONOUNS or token.pos_ != "PRON":
            continue
        s = idx.sentence_of[token.i]
        candidates = [e for e in people if e.end <= token.i and s - 2 <= idx.sentence_of[e.start] <= s
                      and _is_subject(e)]
        if token.lower_ in {"him", "her", "them"} and token.dep_ in {"dobj", "obj", "dative", "pobj"}:
            verb = token.head.head if token.dep_ == "pobj" else token.head
            # "X met him": "him" is not X (that would be "himself")
            candidates = [e for e in candidates if not (e.root.head == verb and e.root.dep_ in {"nsubj", "nsubjpass"}
                                                        or e.root.dep_ in {"appos", "compound"} and e.root.head.head == verb)]
        if not candidates:
            continue
        antecedent = max(candidates, key=lambda e: (idx.sentence_of[e.start], e.start))
        together = [e for e in candidates if _coordinated_people(e, antecedent)]
        if len(together) > 1:  # "A and B discussed ...; he also met X": the one the article names most so far
            antecedent = _most_named_person(together, [e for e in people if e.end <= token.i])
        target = idx.mention_of[(antecedent.start, antecedent.end)]
        pronoun = Mention(token.idx, token.idx + len(token), token.text, "Person", s, refers_to=target)
        idx.pronoun_of[token.i] = (antecedent, pronoun)


def _coordinated_people(a: Span, b: Span) -> bool:
    """Two people named as one coordinated subject ("A and B discussed")."""
    def top(e: Span):
        root = e.root
        while root.dep_ in {"conj", "appos", "compound"} and root.head.i != root.i:
            root = root.head
        return root.i
    return top(a) == top(b)


def _surname(person: Span) -> str:
    return person.text.split()[-1]


def _most_named_person(people: list[Span], before: list[Span]) -> Span:
    """Of ``people``, the one whose surname the article has named most often in ``before``
    (of two as often, the one it named first)."""
    counts = Counter(_surname(e) for e in before)
    first: dict[str, int] = {}
    for e in before:
        first.setdefault(_surname(e), e.start)
    return min(people, key=lambda e: (-counts[_surname(e)], first.get(_surname(e), e.start)))


#: Posts whose short form ("the minister", "the Serbian president") names one person in an article.
TITLE_REFERENCES = frozenset("""
president minister premier chancellor governor mayor ambassador envoy chairman chairwoman chairperson
secretary director rector speaker commissioner coordinator representative king queen emir sultan prince
leader
""".split())
#: The posts "the Thai leader" may stand for (a minister only when a prime minister).
_LEADERS = frozenset("president premier chancellor king queen emir sultan leader".split())


def _words(tokens) -> set[str]:
    """The lower-case words of ``tokens``, with the country each country name or demonym
    stands for ("Serbian", "Serbia's" and "the Republic of Serbia" all give "serbia")."""
    out = set()
    for t in tokens:
        if t.is_alpha:
            out.add(t.lower_)
            country = countries().country(t.text) if t.is_title else None
            if country:
                out.add(country.lower())
    return out


def _fits(title: str, qualifiers: set[str], holder: tuple[int, str, set[str], Span]) -> bool:
    """A reference by ``title`` and ``qualifiers`` ("the Thai leader") may name ``holder``
    (position, post, the words named with the post, person)."""
    _, held, words, _ = holder
    same = held == title or title == "leader" and (held in _LEADERS or held == "minister" and "prime" in words)
    return same and qualifiers <= words | {title}


def _body_for_the(doc: Doc, token: Token) -> list[Token]:
    """"IOC President told ...": an organization's name just before a capitalised post, at
    the start of a clause, stands where "the" would (its first token, as a determiner)."""
    if not token.is_title or token.i == 0:
        return []
    body = entity_at(doc, token.i - 1, {"ORG"})
    if body is None or body.end != token.i:
        return []
    opens = body.start == token.sent.start or doc[body.start - 1].pos_ in {"VERB", "AUX", "CCONJ", "SCONJ", "PUNCT",
                                                                           "ADP"}
    return [doc[body.start]] if opens else []


def _resolve_titles(doc: Doc, idx: DocIndex) -> None:
    """"The minister", "the Serbian president", "the envoy": the person the article named
    earlier with that post just before the name ("Ruritanian President Marko Valen",
    "Foreign Minister X", "X, the Minister of ...") — when one person only fits."""
    holders: list[tuple[int, str, set[str], Span]] = []  # (position, title, qualifiers, person)
    for ent in idx.ents:
        if ent.label_ != "PERSON":
            continue
        i = ent.start - 1
        while i >= 0 and (doc[i].is_space or doc[i].lower_ in {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.",
                                                                 "h.e.", "sheikh"}):
            i -= 1
        j = i  # "Ambassador designate X", "Ambassador Extraordinary and Plenipotentiary X"
        while j >= 1 and (doc[j].lower_ in POST_TAILS - {"general"} or doc[j].lower_ == "and" and j < i):
            j -= 1
        if j < i and doc[j].lower_ in TITLE_REFERENCES:
            i = j
        general = _general_title(doc, i) if i >= 0 else None
        if general is not None:  # "WHO Director-General Tom Lee"
            title, h = general
            holders.append((ent.start, title, _words(doc[max(0, h - 3):h]), ent))
        elif i >= 0 and doc[i].lower_ in TITLE_REFERENCES:
            holders.append((ent.start, doc[i].lower_, _words(doc[max(0, i - 3):i]), ent))
        elif i >= 2 and doc[i].text == "," and (h := next((t.i for t in reversed(doc[max(0, i - 4):i])
                                                            if t.lower_ in TITLE_REFERENCES), None)) is not None \
                and all(t.is_alpha and (t.is_title or t.lower_ in {"to", "of", "in"}) for t in doc[h + 1:i]) \
                and "of" not in {t.lower_ for t in doc[max(0, h - 3):h]}:
            # "Ruritania's new Ambassador to Valmont, Karl Mend" (not "the Office of the Prime Minister, X")
            holders.append((ent.start, doc[h].lower_, _words(doc[max(0, h - 3):i]), ent))
        else:  # "President of the International Rowing Federation (IRF) Karel Dvorak"
            j, words = i, set()
            if j >= 2 and doc[j].text == ")" and doc[j - 2].text == "(":
                words.add(doc[j - 1].lower_)
                j -= 3
            org = idx.entity_of.get(j) if j >= 0 else None
            if org is not None and org.label_ in {"ORG", "GPE"}:
                words |= _words(org)
                j = org.start - 1
                if j >= 0 and doc[j].lower_ == "the":
                    j -= 1
                h = j - 1  # "Minister of Foreign Affairs of Serbia Ivica Dacic": the field's words too
                while h >= 1 and j - h <= 5 and doc[h].lower_ not in TITLE_REFERENCES and (
                        doc[h].is_title or doc[h].lower_ in {"of", "and"}):
                    h -= 1
                if j >= 1 and doc[j].lower_ == "of" and h >= 0 and doc[h].lower_ in TITLE_REFERENCES and (
                        h == j - 1 or doc[h + 1].lower_ == "of"):
                    holders.append((ent.start, doc[h].lower_, words | _words(doc[h + 1:j]), ent))
        after = ent.end
        if after + 2 < len(doc) and doc[after].text == ",":
            for t in doc[after + 1:min(len(doc), after + 5)]:
                if t.lower_ in TITLE_REFERENCES:
                    qualifiers = {w.lower_ for w in doc[t.i + 1:min(len(doc), t.i + 5)] if w.is_alpha}
                    holders.append((ent.start, t.lower_, qualifiers, ent))
                    break
    if not holders:
        return
    for token in having(doc, "lower", {"general"}):  # "the WHO Director General": its holder named before
        general = _general_title(doc, token.i)
        det = [c for c in token.children if c.dep_ == "det"]
        if general is None or token.i in idx.pronoun_of or not det or det[0].lower_ != "the" or (
                token.i + 1 < len(doc) and doc[token.i + 1].ent_type_ == "PERSON"):
            continue
        title, h = general
        qualifiers = _words(doc[det[0].i + 1:h])
        fits = [x for x in holders if x[0] < token.i and _fits(title, qualifiers, x)]
        if len({x[3].text.split()[-1] for x in fits}) != 1:
            continue
        antecedent = max(fits, key=lambda x: x[0])[3]
        reference = Mention(det[0].idx, token.idx + len(token), doc.text[det[0].idx:token.idx + len(token)], "Person",
                            idx.sentence_of[token.i], refers_to=idx.mention_of[(antecedent.start, antecedent.end)])
        idx.pronoun_of[token.i] = (antecedent, reference)
    for token in having(doc, "lower", TITLE_REFERENCES):
        if token.i in idx.entity_of or token.i in idx.pronoun_of or token.pos_ != "NOUN" and not token.is_title:
            continue
        head = token  # "the Ambassador designate": the phrase's head is the post's last word
        if token.dep_ == "compound" and token.head.i == token.i + 1 and token.head.lower_ in POST_TAILS:
            head = token.head
        det = [c for c in head.children if c.dep_ in {"det", "poss"}] or _body_for_the(doc, token)
        owner = entity_at(doc, det[0].i, {"GPE", "ORG"}) if det and det[0].dep_ == "poss" else None
        if not det or det[0].lower_ != "the" and owner is None and det[0].ent_type_ != "ORG" or any(
                c.dep_ in {"prep"} and c.lower_ == "of" for c in head.children):
            continue  # "the president of X" is read elsewhere; "a minister" is nobody in particular
        if head.i + 1 < len(doc) and (doc[head.i + 1].ent_type_ == "PERSON" or doc[head.i + 1].is_title
                                      and doc[head.i + 1].pos_ == "PROPN"):
            continue  # "the President Marko Valen": a title before a name, not a reference
        qualifiers = _words(c for c in head.children if c.dep_ in {"amod", "compound"} and c != token) | (
            _words(owner) if owner is not None else set())  # "Serbia's Foreign Minister"
        fits = [h for h in holders if h[0] < token.i and _fits(token.lower_, qualifiers, h)]
        fits = _most_mentioned(fits, [e for e in idx.ents if e.label_ == "PERSON" and e.end <= token.i])
        if not fits:
            continue
        antecedent = max(fits, key=lambda h: h[0])[3]
        target = idx.mention_of[(antecedent.start, antecedent.end)]
        first = det[0].i if owner is None else owner.end + 1
        named = [idx.entity_of[i].end for i in range(first, token.i) if i in idx.entity_of]
        start = doc[max(named)].idx if named else doc[first].idx  # "the VOC President": the post after the name
        end = head.idx + len(head)
        reference = Mention(start, end, doc.text[start:end], "Person", idx.sentence_of[token.i], refers_to=target)
        idx.pronoun_of[head.i] = (antecedent, reference)


def _most_mentioned(fits: list, people: list[Span]) -> list:
    """The holders of one person among ``fits``: the only one, or, of several, the one the
    article has named at least twice as often as any other so far ("the prime minister" is
    the article's own prime minister, not the one a visitor met once)."""
    surnames = Counter(_surname(e) for e in people)
    counts = sorted({(surnames[_surname(h[3])], _surname(h[3])) for h in fits}, reverse=True)
    if len(counts) > 1 and counts[0][0] < 2 * counts[1][0]:
        return []
    return [h for h in fits if _surname(h[3]) == counts[0][1]] if counts else []


def _general_title(doc: Doc, i: int) -> tuple[str, int] | None:
    """("director-general", position of "Director") when token ``i`` is the "General" of
    "Director-General", "Director General", "Secretary-General" or "Secretary General"."""
    if doc[i].lower_ != "general":
        return None
    h = i - 1 - (i >= 2 and doc[i - 1].text == "-")
    if h >= 0 and doc[h].lower_ in {"director", "secretary"} and doc[h].is_title:
        return f"{doc[h].lower_}-general", h
    return None


#: What a name stands in for, resolved when the index is made, in this order (each switched
#: off by name in ``kg.ablation``).
RESOLVERS = (_resolve_org_parts, _resolve_pronouns, _resolve_titles)


def _resolve_plural(doc: Doc, idx: DocIndex, token: Token) -> None:
    """they/them: a plural group noun that is the subject just before ("FBI officials
    expect they ..."), in this sentence or the one before."""
    s = idx.sentence_of[token.i]
    for cand in reversed(doc[:token.i]):
        if idx.sentence_of[cand.i] < s - 1:
            break
        if cand.dep_ in {"nsubj", "nsubjpass"} and cand.lower_ in GROUP_NOUNS and cand.tag_ == "NNS":
            group = _group_of(cand, True)
            if group is None or group.label_ != "GROUP":
                return
            target = Mention(group.start_char, group.end_char, group.text, "Group", idx.sentence_of[group.start])
            pronoun = Mention(token.idx, token.idx + len(token), token.text, "Group", s, refers_to=target)
            idx.pronoun_of[token.i] = (group, pronoun)
            return


def entity_at(doc: Doc, i: int, labels: set[str] | None = None) -> Span | None:
    """The kept entity covering token ``i`` (optionally only with one of ``labels``)."""
    ent = index(doc).entity_of.get(i)
    if ent is not None and (labels is None or ent.label_ in labels):
        return ent
    return None


def mention_for(span: Span) -> Mention:
    idx = index(span.doc)
    if span.label_ == "PRONOUN":
        return idx.pronoun_of[span.start][1]
    if span.label_ == "GROUP":
        return mention(span, idx.sentence_of[span.start])
    return idx.mention_of[(span.start, span.end)]


def sentence_for(doc: Doc, token_i: int) -> Sentence:
    idx = index(doc)
    return idx.sentences[idx.sentence_of[token_i]]


def country_mention(team: Span) -> Mention | None:
    """The country named inside a team span ("Azerbaijani" in "the Azerbaijani team")."""
    part = country_of_team(team)
    if part is None:
        return None
    return mention(part, index(team.doc).sentence_of[part.start], type_="Place")


def seat_mention(body: Span) -> Mention | None:
    """The city or country a body's name ends with after "in" ("Fiji" in "the UNDP Pacific
    Office in Fiji")."""
    from .lexicon import cities

    for t in body[1:-1]:
        if t.lower_ == "in":
            place = body.doc[t.i + 1:body.end]
            if countries().country(place.text) or place.text.lower() in cities():
                return mention(place, index(body.doc).sentence_of[body.start], type_="Place")
    return None


def demonym_mention(span: Span) -> Mention | None:
    """The country a nationality word stands for ("the Kenyan envoy"), as a place mention."""
    if not countries().country(span.text):
        return None
    return mention(span, index(span.doc).sentence_of[span.start], type_="Place")


PARTY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def walk(token: Token, follow) -> Iterator[Token]:
    """The tokens reachable from ``token`` through the children ``follow(child, parent)``
    accepts, breadth first, each once."""
    stack, seen = [token], set()
    while stack:
        t = stack.pop(0)
        if t.i in seen:
            continue
        seen.add(t.i)
        yield t
        stack += [c for c in t.children if follow(c, t)]


def parties(token: Token, labels=PARTY_LABELS, groups: bool = False) -> list[Span]:
    """The entities a noun phrase stands for.

    The phrase's own entity; the names coordinated with it ("X and Y") or given in
    apposition to a description ("Microsoft's chief executive, Satya Nadella"); X in "the
    members of X"; the person a resolved pronoun stands for. With ``groups``, an unnamed
    group ("state election officials", "the council") is a party too (label ``GROUP``).
    """
    doc = token.doc
    idx = index(doc)
    found: list[Span] = []

    def follow(child: Token, parent: Token) -> bool:
        if child.dep_ == "conj":
            return True
        return child.dep_ == "appos" and (entity_at(doc, parent.i, set(labels)) is None
                                          or entity_at(doc, child.i) is not None)

    for t in walk(token, follow):
        ent = entity_at(doc, t.i, set(labels))
        if ent is None and t.i in idx.pronoun_of:
            antecedent = idx.pronoun_of[t.i][0]
            if antecedent.label_ in labels or antecedent.label_ == "GROUP" and groups:
                ent = Span(doc, t.i, t.i + 1, label="PRONOUN")  # "she said she had met with X"
        if ent is None and (t.lower_ in GROUP_NOUNS or t.lower_ in GROUP_WORDS):
            ent = _group_of(t, groups)
        if ent is not None and ent not in found:
            found.append(ent)
    return found


def _group_of(token: Token, groups: bool) -> Span | None:
    """X in "the members of X"; else, with ``groups``, the group itself ("FBI officials")."""
    doc = token.doc
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in {"of", "from"}:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    ent = entity_at(doc, pobj.i, {"PERSON", "ORG", "GPE"})
                    if ent is not None:
                        return ent
    if not groups or not token.is_lower or token.pos_ not in {"NOUN", "PROPN"}:
        return None
    if token.lower_ not in GROUP_WORDS and token.tag_ not in {"NNS", "NNPS"}:
        return None
    start = min([token.i] + [c.left_edge.i for c in token.children if c.dep_ in {"compound", "amod", "nmod"}])
    return Span(doc, start, token.i + 1, label="GROUP")


def parties_of(tokens: list[Token], labels=PARTY_LABELS, groups: bool = False) -> list[Span]:
    """The distinct parties of several noun phrases, in order."""
    out: list[Span] = []
    for token in tokens:
        for ent in parties(token, labels, groups):
            if ent not in out:
                out.append(ent)
    return out


def agents(verb: Token) -> list[Token]:
    """The agents of a passive verb: "received by X" -> X."""
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def subject_person(doc: Doc, subject: Token) -> Span | None:
    """The person a subject names, through a relative clause: "X, who is ...", and "X is a
    French footballer who plays for Y"."""
    if subject.lower_ in {"who", "that"} and subject.head.dep_ == "relcl":
        subject = subject.head.head
        if subject.dep_ == "attr":  # "X is a footballer who ..."
            subject = next((c for c in subject.head.children if c.dep_ == "nsubj"), subject)
        elif subject.dep_ == "appos" and entity_at(doc, subject.i, {"PERSON"}) is None:
            subject = subject.head  # "X, a Republican from Y who served ..."
    found = entity_at(doc, subject.i, {"PERSON"})
    if found is None and subject.pos_ == "NOUN":  # "His son Aditya is ...": the name in apposition
        found = next((e for c in subject.children if c.dep_ == "appos"
                      for e in [entity_at(doc, c.i, {"PERSON"})] if e is not None), None)
    return found
