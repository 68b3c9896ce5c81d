"""Input formats (issue 13): dates in common formats, column aliases, sidecar and --date, stdin,
unique ids, HTML entities and HTML pages; story-thread date carrying; gazetteer choices."""

import io
import json

import pytest

from newsevents.ingest import Article, InputError, clean_article, read_paths
from newsevents.ingest.formats import normalize_date
from newsevents.ingest.readers import read_stdin


@pytest.mark.parametrize("value,want", [
    ("March 14, 2019", "2019-03-14"),
    ("Thu, 14 Mar 2019 10:00:00 GMT", "2019-03-14"),
    ("14/03/2019", "2019-03-14"),
    ("2019-03-14T23:10:00Z", "2019-03-14"),
    ("14 March 2019", "2019-03-14"),
    ("March 2019", "2019-03"),
    ("2019", "2019"),
    ("2019-03", "2019-03"),
    ("2019-02-30", None),
    ("next Tuesday-ish", None),
    ("March 14", None),  # no year: no publication date
])
def test_date_formats(value, want):
    assert normalize_date(value) == want


def _items(paths, **kw):
    items = list(read_paths(paths, **kw))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputError)]


def test_csv_and_jsonl_aliases_alike(tmp_path):
    (tmp_path / "a.csv").write_text("id,body,publish_date,headline,link\n1,Iran thanked Iraq.,\"March 14, 2019\","
                                    "Thanks,https://x.org/1\n2,Kenya praised Ethiopia.,not a date,,\n")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "j", "content": "Turkey sent aid.",
                                                  "published": "Thu, 14 Mar 2019 10:00:00 GMT"}) + "\n"
                                      + json.dumps({"id": "k", "text": "Chad sent aid.", "pubdate": "14/03/2019"})
                                      + "\n")
    arts, errs = _items([tmp_path])
    by = {a.id: a for a in arts}
    assert by["1"].text == "Iran thanked Iraq." and by["1"].date == "2019-03-14"
    assert by["1"].title == "Thanks" and by["1"].url == "https://x.org/1"
    assert by["2"].date is None
    assert by["j"].date == "2019-03-14" and by["k"].date == "2019-03-14"
    warn = [e for e in errs if e.warning]
    assert len(warn) == 1 and "a.csv:3: unreadable date in field 'publish_date'" in str(warn[0])
    assert "\n" not in str(warn[0])


def test_text_file_date_option_and_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text("Iran thanked Iraq.")
    (tmp_path / "b.txt").write_text("Kenya praised Ethiopia.")
    (tmp_path / "b.meta.json").write_text(json.dumps({"date": "March 1, 2019", "url": "https://x.org/b",
                                                      "title": "Praise"}))
    arts, errs = _items([tmp_path], default_date="2019-05-05")
    by = {a.id: a for a in arts}
    assert set(by) == {"a", "b"}  # the sidecar is not read as an article
    assert by["a"].date == "2019-05-05"
    assert by["b"].date == "2019-03-01" and by["b"].url == "https://x.org/b" and by["b"].title == "Praise"
    assert not errs


def test_unique_ids_from_relative_paths(tmp_path):
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "1.txt").write_text(f"Story {d}: Iran thanked Iraq.")
    arts, _ = _items([tmp_path])
    assert sorted(a.id for a in arts) == ["a/1", "b/1"]


def test_stdin_text_and_jsonl():
    (art,) = list(read_stdin(io.BytesIO(b"Iran thanked Iraq for its help.")))
    assert art.id == "stdin" and art.text.startswith("Iran")
    items = list(read_stdin(io.BytesIO(b'{"id": "x", "text": "Chad sent aid.", "date": "March 3, 2020"}\n{bad\n')))
    assert items[0].id == "x" and items[0].date == "2020-03-03"
    assert isinstance(items[1], InputError) and str(items[1]).startswith("<stdin>:2: invalid JSON")


def test_html_entities_decoded_with_offsets():
    text = "Russia&#8217;s foreign minister met AT&amp;T executives &amp; Turkish officials."
    seg = clean_article(text).segments[0]
    assert seg.text == "Russia\u2019s foreign minister met AT&T executives & Turkish officials."
    i = seg.text.index("Turkish")
    assert text[seg.to_article(i) : seg.to_article(i) + 7] == "Turkish"
    assert text[seg.to_article(seg.text.index("&T"))] == "&"


def test_entities_give_country_not_amp(code_text):
    recs = code_text("Russia&#8217;s foreign minister met Turkey&#8217;s foreign minister &amp; his aides.",
                     date="2019-03-14")
    assert recs and recs[0]["source"]["country"] == "RUS"
    assert not any((r["target"] or {}).get("text", "").lower() == "amp" for r in recs)


def test_html_page_through_trafilatura(tmp_path):
    page = ("<html><head><title>Talks</title><meta property='article:published_time' content='2018-09-17'>"
            "<link rel='canonical' href='https://example.org/a/1'></head><body><nav>Home | World | Sport</nav>"
            "<article><h1>Putin and Erdogan meet in Sochi</h1><p>Russian President Vladimir Putin met Turkish "
            "President Recep Tayyip Erdogan in Sochi on Monday and agreed on a buffer zone in Idlib.</p>"
            "<p>The two leaders talked for four hours, officials said after the meeting ended.</p></article>"
            "<footer>Copyright 2018</footer></body></html>")
    (tmp_path / "story.html").write_text(page)
    arts, errs = _items([tmp_path / "story.html"])
    assert not errs
    (a,) = arts
    assert "<p>" not in a.text and "Copyright" not in a.text and "Putin met" in a.text
    assert a.date == "2018-09-17" and a.url == "https://example.org/a/1"
    assert a.title == "Putin and Erdogan meet in Sochi"


def test_html_without_text_is_one_line(tmp_path):
    (tmp_path / "empty.html").write_text("<html><head><title>x</title></head><body></body></html>")
    arts, errs = _items([tmp_path / "empty.html"])
    assert not arts and len(errs) == 1 and "empty.html:1:" in str(errs[0])


def test_carried_date_stays_in_its_thread(code_text):
    """The Sochi case: a deadline ("by 10 October") in a future clause is never carried."""
    text = ("The plan was agreed on Monday by Vladimir Putin and his Turkish counterpart, Recep Tayyip Erdogan, "
            "at a bilateral summit in the Black Sea resort of Sochi. Heavy weapons will be withdrawn from the "
            "zone by 10 October. The precise boundaries of the new zone were not spelled out by the two leaders "
            "at the summit.")
    recs = code_text(text, date="2018-09-17")
    summits = [r for r in recs if r["cameo"].startswith("04") and not r["flags"].get("alternative")]
    assert summits and all(r["date"] == "2018-09-17" for r in summits), [(r["date"], r["date_source"])
                                                                         for r in summits]


def test_carried_date_not_across_threads():
    from newsevents.when_where.dates import DateMemory

    m = DateMemory()
    m.remember({"date": "2018-09-15", "date_precision": "day", "date_source": "'Saturday'", "historical": False},
               frozenset({"RUS", "TUR"}), True)
    assert m.carried(frozenset({"TUR"})) is not None
    assert m.carried(frozenset({"USA", "MEX"})) is None


def test_salisbury_is_in_england_and_baghuz_is_found(code_text):
    from newsevents.when_where import gazetteer

    gz = gazetteer()
    assert gz.lookup("Salisbury").country == "GBR"
    assert gz.lookup("Calcutta").name == "Kolkata"  # a much larger town's former name still wins
    for name in ("Baghuz", "Ghouta", "al-Hol"):
        p = gz.lookup(name)
        assert p is not None and p.country == "SYR", name
    recs = code_text("Britain accused Russia of the nerve agent attack in Salisbury.", date="2018-03-12")
    assert recs and recs[0]["location"]["country"] == "GBR"
    recs = code_text("US-backed forces attacked Islamic State fighters in Baghuz on Sunday.", date="2019-03-12")
    assert recs and recs[0]["location"]["name"] == "Baghuz"


def test_team_written_places_and_regions_are_valid():
    import pycountry

    from newsevents.when_where import gazetteer

    gz = gazetteer()
    assert len(gz.extra) > 200
    for key, p in gz.extra.items():
        assert key and p.name and pycountry.countries.get(alpha_3=p.country) is not None, p
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180, p
    assert gz.lookup("Rakhine").country == "MMR" and gz.city("Tigray", tagged_place=False).country == "ETH"
    assert gz.lookup("Ontario", "California").country == "USA"  # the qualifier still picks the town


def test_place_keeps_the_text_form(code_text):
    recs = code_text("Turkish troops shelled Kurdish fighters in Afrin on Sunday.", date="2018-03-12")
    loc = next(r["location"] for r in recs if r["location"])
    assert loc["text"] == "Afrin" and loc["country"] == "SYR" and loc["name"] != "Afrin"
