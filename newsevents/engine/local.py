"""The local pipeline: clean each article, parse its segments in batches with nlp.pipe,
code every sentence in article order, and yield one record per event (source-target dyad)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from newsevents.actors.context import (
    ARTICLE_MIN_CONFIDENCE,
    ARTICLE_SENTENCES,
    SHOW_ROOTS,
    is_asserted_dyad,
    names_both_sides,
    same_side,
    with_context,
)
from newsevents.actors.resolver import ArticleMemory
from newsevents.coder import SentenceCoder, event_id
from newsevents.coder.recode import is_conflict
from newsevents.engine import guard
from newsevents.ingest import Article, InputError, clean_article
from newsevents.ingest.clean import CleanDoc, Segment
from newsevents.ingest.readers import InputWarning
from newsevents.nlp import load_nlp
from newsevents.nlp.spans import sent_ents
from newsevents.ontology import cameo
from newsevents.record import Actor, Event, Flags, Place, Speaker, Trigger
from newsevents.when_where import DateMemory, dateline_place, event_date, event_place, parse_pub_date
from newsevents.when_where.places import PLACE_NOUNS, named_places, sentence_place

ErrorHook = Callable[[InputError], None]


def _actor_record(a, seg: Segment) -> Actor | None:
    if a is None:
        return None
    return Actor.of(a, seg.to_article(a.start), seg.to_article(max(a.end - 1, a.start)) + 1)


def _flags(ev, coder: SentenceCoder, historical: bool) -> Flags:
    """The event's flags; a flag the coder sets that Flags lacks is an error (add it to record.Flags)."""
    flags = Flags(**{k: v for k, v in ev.flags.items() if k != "reported_by"})
    if "reported_by" in ev.flags:
        spk = coder.actors_for(ev.flags["reported_by"])[0]
        flags.reported_by = Speaker(spk.text, spk.code)
    if historical:
        flags.historical = True
    return flags


def _event(ev, coder: SentenceCoder, seg: Segment, sent, sent_index: int, article: Article, clean: CleanDoc,
           pub, when: dict, location: dict | None) -> Event:
    """The Event record for one coded dyad."""
    c = cameo(ev.code)
    trig = ev.pred.tok
    why = ev.why + [f"source: {ev.source.why}" if ev.source and ev.source.why else "",
                    f"target: {ev.target.why}" if ev.target and ev.target.why else ""]
    return Event(
        id=event_id(article.id, sent_index, seg.to_article(trig.idx), ev.source, ev.target, ev.code),
        article_id=article.id, sentence=sent_index, sentence_text=sent.text.strip(), headline=seg.kind == "title",
        source=_actor_record(ev.source, seg), target=_actor_record(ev.target, seg),
        cameo=ev.code, cameo_name=c.name, plover=c.plover, quad_class=c.quad_class, goldstein=c.goldstein,
        date=when["date"], date_precision=when["date_precision"], date_source=when["date_source"],
        historical=when["historical"], location=Place(**location) if location else None,
        trigger=Trigger(trig.text, seg.to_article(trig.idx), seg.to_article(trig.idx + len(trig.text) - 1) + 1),
        confidence=ev.confidence, flags=_flags(ev, coder, when["historical"]), why=[w for w in why if w],
        publication_date=pub.isoformat() if pub else None, dateline=clean.dateline)


def _note_entities(sent, coder: SentenceCoder, memory: ArticleMemory) -> list:
    """Remember the people, countries and places a sentence names, for later references; returns its places
    (`named_places`)."""
    end = memory.base + sent.end_char  # a role's country may be named later in the sentence
    places = named_places(sent)
    for ent, place in places:
        memory.note_place(place["country"], memory.base + ent.start_char)
    for ent in sent_ents(sent):
        pos = memory.base + ent.start_char
        if ent.label_ in ("GPE", "NORP", "ORG", "LOC", "FAC"):
            for a in coder.actors_for(ent.root):
                memory.note_country(a.country, pos)
    for ent in sent_ents(sent):
        pos = memory.base + ent.start_char
        if ent.label_ in ("PERSON", "ORG"):
            actors = coder.actors_for(ent.root)
            known = len(actors) == 1 and actors[0].via != "gazetteer"  # (not "Douma", a town tagged PERSON)
            if known and (ent.label_ == "PERSON" or actors[0].is_person and actors[0].via == "kb"
                                                 and _names(ent, actors[0])):
                # (the small model tags some known people as organisations: "De Mistura")
                names = [t.text for t in ent if t.is_alpha and t.text[:1].isupper() and len(t) > 1]
                names = names[:1] + names[-1:] if names else []
                person = actors[0] if actors[0].country else _role_of(ent.root, coder, memory, end) or actors[0]
                # an unknown person is remembered too, so that a later "he" or surname is not someone else
                memory.note_person(person, names, pos, _subject(ent))
    return places


def _subject(ent) -> bool:
    """The name is its clause's subject, or stands in apposition with it ("Erdoğan, the Turkish president, has
    reduced ...", which the parser may read with the title as the subject)."""
    subj = ("nsubj", "nsubjpass")
    root, doc = ent.root, ent.doc
    if root.dep_ in subj or root.dep_ == "appos" and root.head.dep_ in subj:
        return True
    if ent.end < len(doc) and doc[ent.end].text == ",":
        nxt = next((t for t in doc[ent.end + 1 : ent.end + 8] if t.left_edge.i == ent.end + 1 and
                    t.head.left_edge.i != ent.end + 1), None)  # the head of the phrase after the comma
        if nxt is not None and nxt.dep_ in subj and nxt.pos_ == "NOUN":
            return True
    top = ent.sent.root  # a main verb the parse gives no subject: the name before it, not in a preposition's
    # phrase, is its subject ("After years of meddling, Erdoğan, the Turkish president, has reduced ...")
    return top.pos_ in ("VERB", "AUX") and root.i < top.i and root.dep_ not in ("pobj", "poss", "compound") and \
        not any(c.dep_ in subj for c in top.children)


def _venue(actor, trig, visit: bool = False) -> bool:
    """A town that is the object of the trigger, or of a preposition of it or of its verb ("attend Sochi", "arrive
    in Geneva", "talks in Sochi"): where a meeting is, not who meets (not "talks on the war in Tigray"; a
    town visited, `visit`, is a visit to its country)."""
    if actor is None:
        return False
    span = trig.doc.char_span(actor.start, actor.end, alignment_mode="expand")
    head = span.root if span is not None else None
    if head is None or actor.via != "gazetteer" and head.lemma_.lower() not in PLACE_NOUNS - {"capital"}:
        return False  # (a town, or "the Kenyan city of Mombasa"; a capital hosts)
    near = {trig.i, trig.head.i} | {c.i for c in trig.children if c.dep_ == "dobj"}  # ("attend talks in Sochi")
    return head.dep_ == "dobj" and head.head.i == trig.i and not visit or head.dep_ == "pobj" and \
        head.head.head.i in near  # "would attend Sochi", "talks in Geneva", "travelled to Sochi"


def _names(ent, actor) -> bool:
    """The entity's own words name the person it resolved to (not "Labour" standing before a name)."""
    return bool({w.lower() for w in ent.text.split()} & {w.lower() for w in (actor.entity or "").split()})


def _role_of(root, coder: SentenceCoder, memory: ArticleMemory, pos: int):
    """An unknown person in apposition with a role ("the home secretary, Sajid Javid", "Brandon Lewis, the party
    chairman"): the person as that role, with a country from the role or the article."""
    role = root.head if root.dep_ == "appos" else next((c for c in root.children if c.dep_ == "appos"), None)
    if role is None or role.pos_ != "NOUN":
        return None
    found = coder.actors_for(role)
    if len(found) != 1 or not found[0].sector:
        return None
    a = with_context(found[0], None, None, memory, pos)
    if not a.country:
        return None
    return replace(a, text=root.text, start=root.idx, end=root.idx + len(root.text), entity=root.text,
                   is_person=True, why=f"{a.why}; role '{role.text}' in apposition")


@dataclass
class CodedArticle:
    """One article's outcome: its events and sentences (index, start, end, text), or an error."""

    article: Article
    events: list[Event] = field(default_factory=list)
    sentences: list[tuple[int, int, int, str]] = field(default_factory=list)
    title: str | None = None
    pub_date: str | None = None
    dateline: str | None = None
    error: str | None = None

    @property
    def records(self) -> list[dict]:
        """The events as JSON records (Event.to_dict)."""
        return [e.to_dict() for e in self.events]


def _place(trig, ev, dateline, cache: dict):
    countries = frozenset(a.country for a in (ev.source, ev.target) if a and a.country)
    key = (id(trig.doc), trig.i, countries)
    if key not in cache:
        cache[key] = event_place(trig, set(countries), dateline)
    return cache[key]


def code_article_docs(article: Article, clean: CleanDoc, docs: list,
                      sentences: list | None = None, options: dict | None = None,
                      warn: Callable[[str], None] | None = None) -> list[Event]:
    """Code one article whose segments are already parsed (docs, one per segment).

    sentences, when given, receives (index, start, end, text) for every sentence coded; a sentence over
    guard.MAX_SENT_TOKENS tokens is coded in windows (each one a sentence of its own), with a `warn`."""
    pub_str = article.date or clean.pub_date
    pub = parse_pub_date(pub_str)
    memory = ArticleMemory(date=pub.isoformat() if pub else None)
    places: dict = {}
    dates = DateMemory()
    dateline = dateline_place(clean.dateline)
    records: list[Event] = []
    sent_index = 0
    full_article = sum(1 for doc in docs for s in doc.sents if s.text.strip()) >= ARTICLE_SENTENCES
    alternatives = bool((options or {}).get("alternatives"))
    for seg, doc in zip(clean.segments, docs, strict=True):
        memory.base = seg.start
        coder = SentenceCoder(memory, **(options or {}))
        when_by_trigger: dict[int, dict] = {}
        for sent in _bounded_sents(doc, warn):
            if not sent.text.strip():
                continue
            named = _note_entities(sent, coder, memory)
            if sentences is not None:
                sentences.append((sent_index, seg.to_article(sent.start_char),
                                  seg.to_article(max(sent.end_char - 1, sent.start_char)) + 1, sent.text.strip()))
            for ev in coder.code(sent):
                trig = ev.pred.tok
                location = _place(trig, ev, dateline, places)
                at = seg.start + trig.idx
                speaker = _speaker(coder, ev)
                src, tgt = ev.source, ev.target
                if (ev.code[:2] == "04" or ev.code == "036") and _venue(tgt, trig, ev.pred.code == "042"):
                    tgt = None  # "will arrive in Geneva for talks": a town is a venue, not a host (a capital is;
                    # a visit to a town is a visit to its country)
                if ev.code == "043" and _venue(src, trig):
                    continue  # "flew to Geneva": the town does not host
                home = None if ev.code[:2] == "04" else location  # "talks in Vienna": a venue, not the sides' home
                where = None if ev.code[:2] == "04" else sentence_place(trig, named)
                ev.source = with_context(src, home, dateline, memory, at, speaker, tgt, is_conflict(ev.code), where)
                ev.target = with_context(tgt, home, dateline, memory, at, speaker, ev.source or src,
                                         sentence_place=where)  # (the other side as just placed)
                if not is_asserted_dyad(ev.source, ev.target, ev.code):
                    continue  # a side is missing, or neither side is a political actor
                if full_article and same_side(ev.source, ev.target) and ev.code[:2] in SHOW_ROOTS:
                    ev.target = None  # "protesters demonstrated in Manchester": a protest needs no target
                if full_article and (not names_both_sides(ev.source, ev.target, ev.code) or
                                     same_side(ev.source, ev.target) or ev.confidence < ARTICLE_MIN_CONFIDENCE):
                    if not alternatives:
                        continue
                    ev.flags["alternative"] = True  # kept, flagged, on request
                if trig.i not in when_by_trigger:  # one date per trigger, shared by its dyads
                    thread = {a.country for a in (ev.source, ev.target) if a is not None and a.country}
                    when_by_trigger[trig.i] = event_date(trig, pub, dates, thread)
                records.append(_event(ev, coder, seg, sent, sent_index, article, clean, pub,
                                      when_by_trigger[trig.i], location))
            sent_index += 1
    return records


def _speaker(coder, ev):
    """The actor who reports the event ("Downing Street said ..."), or None."""
    tok = ev.flags.get("reported_by")
    if tok is None or not hasattr(tok, "i"):
        return None
    found = coder.expand([tok])
    return found[0] if found else None


def _bounded_sents(doc, warn: Callable[[str], None] | None) -> Iterator:
    for sent in doc.sents:
        parts = guard.windows(sent)
        if len(parts) > 1 and warn:
            warn(f"a sentence of {len(sent):,} tokens was coded in {len(parts)} windows of at most "
                 f"{guard.MAX_SENT_TOKENS}")
        yield from parts


class _Batches:
    """The state of one coded_articles run: articles whose segments are being parsed (`pending`, by arrival
    number), articles settled while recovering from a parser fault (`handled`), and articles finished
    without parsing (`done_early`: cleaning faults, empty texts), yielded as soon as the parser moves on."""

    def __init__(self, items: Iterable[Article | InputError], on_error: ErrorHook | None, options: dict | None):
        self.items, self.on_error, self.options = items, on_error, options
        self.pending: dict[int, tuple[Article, CleanDoc, list]] = {}
        self.handled: set[int] = set()
        self.done_early: list[CodedArticle] = []

    def warn(self, item: Article, msg: str) -> None:
        if self.on_error:
            self.on_error(InputWarning(item.origin, msg))

    def _clean(self, item: Article) -> CleanDoc | None:
        """The article cleaned and cut into parseable segments, or None (settled in done_early)."""
        try:
            clean = clean_article(item.text)
            clean.segments, n_split = guard.split_segments(clean.segments)
        except Exception as e:  # a cleaning fault costs this article only
            self.done_early.append(_failed(item, f"internal error while cleaning ({type(e).__name__}: {e})",
                                           self.on_error))
            return None
        if not clean.segments:
            msg = "no text to code (empty after cleaning)"
            if self.on_error:
                self.on_error(InputError(item.origin, msg))
            self.done_early.append(CodedArticle(item, error=msg))
            return None
        if n_split:
            self.warn(item, f"{n_split} long paragraph(s) split into {len(clean.segments)} pieces for parsing")
        return clean

    def segments(self) -> Iterator[tuple[str, tuple[int, int]]]:
        """(segment text, (article number, segment number)) for nlp.pipe(as_tuples=True)."""
        n = 0
        for item in self.items:
            if isinstance(item, InputError):
                if self.on_error:
                    self.on_error(item)
                continue
            clean = self._clean(item)
            if clean is None:
                continue
            self.pending[n] = (item, clean, [])
            for k, seg in enumerate(clean.segments):
                if n in self.handled:
                    break
                yield seg.text, (n, k)
            n += 1

    def take_early(self) -> Iterator[CodedArticle]:
        while self.done_early:
            yield self.done_early.pop(0)

    def add(self, doc, n: int, k: int) -> CodedArticle | None:
        """Take one parsed segment; the article when it was its last."""
        if n in self.handled:
            return None
        _, clean, docs = self.pending[n]
        docs.append(doc)
        return self.finish(n) if k == len(clean.segments) - 1 else None

    def finish(self, n: int) -> CodedArticle:
        article, clean, docs = self.pending.pop(n)
        out = CodedArticle(article, title=clean.title, pub_date=article.date or clean.pub_date,
                           dateline=clean.dateline)
        try:
            out.events = code_article_docs(article, clean, docs, out.sentences, self.options,
                                           lambda msg: self.warn(article, msg))
        except Exception as e:  # a coder fault must not lose the rest of the corpus
            out.events, out.sentences = [], []
            out.error = f"internal error while coding ({type(e).__name__}: {e})"
            if self.on_error:
                self.on_error(InputError(article.origin, out.error))
        return out

    def recover(self, nlp) -> Iterator[CodedArticle]:
        """After a parser fault: parse the articles in flight one by one (a failure costs that article)."""
        for n in sorted(self.pending):
            self.handled.add(n)
            article, clean, docs = self.pending[n]
            try:
                docs[:] = [nlp(seg.text) for seg in clean.segments]
            except Exception as e2:
                del self.pending[n]
                yield _failed(article, f"parser failed ({type(e2).__name__}: {str(e2)[:200]})", self.on_error)
                continue
            yield self.finish(n)


def coded_articles(items: Iterable[Article | InputError], on_error: ErrorHook | None = None,
                   batch_size: int = 64, n_process: int = 1, options: dict | None = None) -> Iterator[CodedArticle]:
    """Code a stream of articles (errors in the stream go to on_error); yield one CodedArticle each.

    options go to the SentenceCoder: alternatives=False drops the low-confidence alternative dyads,
    keep_negated=True also emits negated conflict actions ("did not attack"), flagged."""
    nlp = load_nlp()
    nlp.max_length = guard.NLP_MAX_LENGTH  # segments are split below this (guard.split_segments)
    run = _Batches(items, on_error, options)
    stream = run.segments()
    while True:
        try:
            for doc, (n, k) in nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
                yield from run.take_early()
                done = run.add(doc, n, k)
                if done is not None:
                    yield done
            break
        except Exception as e:  # a parser fault: settle the articles in flight one by one, then go on
            if not run.pending:
                raise RuntimeError(f"parser failed outside any article ({type(e).__name__}: {e})") from e
            yield from run.recover(nlp)
    yield from run.done_early


def _failed(article: Article, msg: str, on_error: ErrorHook | None) -> CodedArticle:
    if on_error:
        on_error(InputError(article.origin, msg.splitlines()[0]))
    return CodedArticle(article, error=msg.splitlines()[0])


def code_events(items: Iterable[Article | InputError], on_error: ErrorHook | None = None,
                batch_size: int = 64, n_process: int = 1,
                on_article: Callable[[Article], None] | None = None, options: dict | None = None) -> Iterator[Event]:
    """Code a stream of articles (errors in the stream go to on_error); yield Event records."""
    for done in coded_articles(items, on_error, batch_size, n_process, options):
        yield from done.events
        if on_article:
            on_article(done.article)


def code_articles(items: Iterable[Article | InputError], on_error: ErrorHook | None = None,
                  batch_size: int = 64, n_process: int = 1,
                  on_article: Callable[[Article], None] | None = None, options: dict | None = None) -> Iterator[dict]:
    """Code a stream of articles (errors in the stream go to on_error); yield event records as JSON dicts."""
    for ev in code_events(items, on_error, batch_size, n_process, on_article, options):
        yield ev.to_dict()
