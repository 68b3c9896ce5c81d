"""The local pipeline: clean each article, parse its segments in batches with nlp.pipe,
code every sentence in article order, and yield one record per event (source-target dyad)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from newsevents.actors.context import is_asserted_dyad, with_context
from newsevents.actors.resolver import ArticleMemory
from newsevents.coder import SentenceCoder, event_id
from newsevents.ingest import Article, InputError, clean_article
from newsevents.ingest.clean import CleanDoc, Segment
from newsevents.nlp import fix_doc, load_nlp
from newsevents.nlp.spans import sent_ents
from newsevents.ontology import cameo
from newsevents.when_where import DateMemory, dateline_place, event_date, event_place, parse_pub_date

ErrorHook = Callable[[InputError], None]


def _actor_record(a, seg: Segment):
    if a is None:
        return None
    d = a.as_dict()
    d["start"] = seg.to_article(a.start)
    d["end"] = seg.to_article(max(a.end - 1, a.start)) + 1
    return d


def _note_entities(sent, coder: SentenceCoder, memory: ArticleMemory) -> None:
    """Remember the people and countries a sentence names, for later references."""
    end = memory.base + sent.end_char  # a role's country may be named later in the sentence
    for ent in sent_ents(sent):
        pos = memory.base + ent.start_char
        if ent.label_ in ("GPE", "NORP", "ORG", "LOC", "FAC"):
            for a in coder.actors_for(ent.root):
                memory.note_country(a.country, pos)
    for ent in sent_ents(sent):
        pos = memory.base + ent.start_char
        if ent.label_ == "PERSON":
            actors = coder.actors_for(ent.root)
            if len(actors) == 1:
                names = [t.text for t in ent if t.is_alpha and t.text[:1].isupper() and len(t) > 1]
                names = names[:1] + names[-1:] if names else []
                person = actors[0] if actors[0].country else _role_of(ent.root, coder, memory, end) or actors[0]
                # an unknown person is remembered too, so that a later "he" or surname is not someone else
                memory.note_person(person, names, pos, ent.root.dep_ in ("nsubj", "nsubjpass"))


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
    """One article's outcome: its records and sentences (index, start, end, text), or an error."""

    article: Article
    records: list[dict] = field(default_factory=list)
    sentences: list[tuple[int, int, int, str]] = field(default_factory=list)
    title: str | None = None
    pub_date: str | None = None
    dateline: str | None = None
    error: str | None = None


def _place(trig, ev, dateline, cache: dict):
    countries = frozenset(a.country for a in (ev.source, ev.target) if a and a.country)
    key = (id(trig.doc), trig.i, countries)
    if key not in cache:
        cache[key] = event_place(trig, set(countries), dateline)
    return cache[key]


def code_article_docs(article: Article, clean: CleanDoc, docs: list,
                      sentences: list | None = None, options: dict | None = None) -> list[dict]:
    """Code one article whose segments are already parsed (docs, one per segment).

    sentences, when given, receives (index, start, end, text) for every sentence coded."""
    pub_str = article.date or clean.pub_date
    pub = parse_pub_date(pub_str)
    memory = ArticleMemory(date=pub.isoformat() if pub else None)
    places: dict = {}
    dates = DateMemory()
    dateline = dateline_place(clean.dateline)
    records: list[dict] = []
    sent_index = 0
    for seg, doc in zip(clean.segments, docs, strict=True):
        memory.base = seg.start
        coder = SentenceCoder(memory, **(options or {}))
        when_by_trigger: dict[int, dict] = {}
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            _note_entities(sent, coder, memory)
            if sentences is not None:
                sentences.append((sent_index, seg.to_article(sent.start_char),
                                  seg.to_article(max(sent.end_char - 1, sent.start_char)) + 1, sent.text.strip()))
            for ev in coder.code(sent):
                c = cameo(ev.code)
                trig = ev.pred.tok
                location = _place(trig, ev, dateline, places)
                at = seg.start + trig.idx
                ev.source = with_context(ev.source, location, dateline, memory, at)
                ev.target = with_context(ev.target, location, dateline, memory, at)
                if not is_asserted_dyad(ev.source, ev.target, ev.code):
                    continue  # a side is missing, or neither side is a political actor
                src = _actor_record(ev.source, seg)
                tgt = _actor_record(ev.target, seg)
                flags = {"future": False, "hypothetical": False, "negated": False, "historical": False}
                flags.update({k: v for k, v in ev.flags.items() if k != "reported_by"})
                if "reported_by" in ev.flags:
                    spk = coder.actors_for(ev.flags["reported_by"])[0]
                    flags["reported_by"] = {"text": spk.text, "code": spk.code}
                if trig.i not in when_by_trigger:  # one date per trigger, shared by its dyads
                    thread = {a.country for a in (ev.source, ev.target) if a is not None and a.country}
                    when_by_trigger[trig.i] = event_date(trig, pub, dates, thread)
                when = dict(when_by_trigger[trig.i])
                if when["historical"]:
                    flags["historical"] = True
                rec = {
                    "id": event_id(article.id, sent_index, seg.to_article(trig.idx), ev.source, ev.target, ev.code),
                    "article_id": article.id,
                    "sentence": sent_index,
                    "sentence_text": sent.text.strip(),
                    "headline": seg.kind == "title",
                    "source": src,
                    "target": tgt,
                    "cameo": ev.code,
                    "cameo_name": c.name,
                    "plover": c.plover,
                    "quad_class": c.quad_class,
                    "goldstein": c.goldstein,
                    **when,
                    "location": location,
                    "trigger": {"text": trig.text, "start": seg.to_article(trig.idx),
                                "end": seg.to_article(trig.idx + len(trig.text) - 1) + 1},
                    "confidence": ev.confidence,
                    "flags": flags,
                    "why": ev.why + [f"source: {ev.source.why}" if ev.source and ev.source.why else "",
                                     f"target: {ev.target.why}" if ev.target and ev.target.why else ""],
                    "publication_date": pub.isoformat() if pub else None,
                    "dateline": clean.dateline,
                }
                rec["why"] = [w for w in rec["why"] if w]
                records.append(rec)
            sent_index += 1
    return records


def coded_articles(items: Iterable[Article | InputError], on_error: ErrorHook | None = None,
                   batch_size: int = 64, n_process: int = 1, options: dict | None = None) -> Iterator[CodedArticle]:
    """Code a stream of articles (errors in the stream go to on_error); yield one CodedArticle each.

    options go to the SentenceCoder: alternatives=False drops the low-confidence alternative dyads,
    keep_negated=True also emits negated conflict actions ("did not attack"), flagged."""
    nlp = load_nlp()
    pending: dict[int, tuple[Article, CleanDoc, list]] = {}
    empty: list[CodedArticle] = []

    def segments() -> Iterator[tuple[str, tuple[int, int]]]:
        n = 0
        for item in items:
            if isinstance(item, InputError):
                if on_error:
                    on_error(item)
                continue
            clean = clean_article(item.text)
            if not clean.segments:
                msg = "no text to code (empty after cleaning)"
                if on_error:
                    on_error(InputError(item.origin, msg))
                empty.append(CodedArticle(item, error=msg))
                continue
            pending[n] = (item, clean, [])
            for k, seg in enumerate(clean.segments):
                yield seg.text, (n, k)
            n += 1

    for doc, (n, k) in nlp.pipe(segments(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        while empty:
            yield empty.pop(0)
        article, clean, docs = pending[n]
        docs.append(doc)
        if k == len(clean.segments) - 1:
            del pending[n]
            out = CodedArticle(article, title=clean.title, pub_date=article.date or clean.pub_date,
                               dateline=clean.dateline)
            try:
                out.records = code_article_docs(article, clean, [fix_doc(d) for d in docs], out.sentences, options)
            except Exception as e:  # a coder fault must not lose the rest of the corpus
                out.records, out.sentences = [], []
                out.error = f"internal error while coding ({type(e).__name__}: {e})"
                if on_error:
                    on_error(InputError(article.origin, out.error))
            yield out
    yield from empty


def code_articles(items: Iterable[Article | InputError], on_error: ErrorHook | None = None,
                  batch_size: int = 64, n_process: int = 1,
                  on_article: Callable[[Article], None] | None = None, options: dict | None = None) -> Iterator[dict]:
    """Code a stream of articles (errors in the stream go to on_error); yield event records."""
    for done in coded_articles(items, on_error, batch_size, n_process, options):
        yield from done.records
        if on_article:
            on_article(done.article)
