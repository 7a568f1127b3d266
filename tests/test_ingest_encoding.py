"""Files in the encodings people's saved articles really come in, and articles in other languages.

Every format must read legacy single-byte code pages, UTF-16 with a byte order mark and East
Asian multi-byte encodings without being told which; every article is marked with its language,
and English is never taken for another language.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storylens.ingest.inputs import read_inputs
from storylens.model import Article, Problem
from tests.conftest import SEED

BASIL = Path(__file__).resolve().parents[2] / "shared" / "data" / "basil" / "articles"

WESTERN = (
    "Ministers’ “deal” agreed in Zürich",
    "The café owners said prices rose by 5€ on Tuesday — a record for the city.",
    "Officials in Zürich said the talks with the café owners would go on next week.",
)
JAPANESE = (
    "東京で震度４の地震",
    "気象庁によると、２４日午前、東京都内で震度４の揺れを観測しました。津波の心配はありません。",
    "鉄道各社は運転を一時見合わせましたが、その後再開しました。けが人の情報は入っていません。",
)
RUSSIAN = (
    "В Москве открылась новая станция метро",
    "В понедельник мэр Москвы открыл новую станцию метро на севере города.",
    "По словам властей, станцией будут пользоваться около пятидесяти тысяч человек в день.",
)
GERMAN = (
    "Bundestag beschließt neues Heizungsgesetz",
    "Der Bundestag hat am Freitag nach monatelangem Streit das umstrittene Heizungsgesetz beschlossen.",
    "Die Opposition kündigte an, gegen das Gesetz vor dem Bundesverfassungsgericht zu klagen.",
)
FRENCH = (
    "Grève à la SNCF : le trafic perturbé ce week-end",
    "Les syndicats de cheminots ont appelé à une grève de quarante-huit heures à partir de vendredi.",
    "La direction prévoit un train sur deux sur les lignes à grande vitesse, selon un communiqué.",
)
SPANISH = (
    "El Gobierno aprueba la subida del salario mínimo",
    "El Consejo de Ministros aprobó este martes una subida del salario mínimo interprofesional.",
    "Los sindicatos celebraron la medida, mientras que la patronal advirtió de su impacto en el empleo.",
)

ENCODED_TEXT = {
    "cp1252": (WESTERN, "cp1252"),
    "latin-1": (tuple(line.replace("’", "'").replace("“", '"').replace("”", '"').replace("€", " euros").replace("—", "-") for line in WESTERN), "latin-1"),
    "utf-16 with BOM": (WESTERN, "utf-16"),
    "utf-8 with BOM": (WESTERN, "utf-8-sig"),
    "shift-jis": (JAPANESE, "shift_jis"),
    "euc-jp": (JAPANESE, "euc_jp"),
    "cp1251": (RUSSIAN, "cp1251"),
    "koi8-r": (RUSSIAN, "koi8_r"),
}


def read(path: Path) -> tuple[list[Article], list[Problem]]:
    found = list(read_inputs([path]))
    return [a for a in found if isinstance(a, Article)], [p for p in found if isinstance(p, Problem)]


def page(lines: tuple[str, ...], charset: str) -> str:
    """A saved page declaring its charset, with enough body for the extractor to call it an article."""
    title, *body = lines
    paragraphs = "".join(f"<p>{line}</p>" for line in body * 3)
    return (
        f'<html><head><meta charset="{charset}"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


def feed(lines: tuple[str, ...], charset: str) -> str:
    title, *body = lines
    return (
        f'<?xml version="1.0" encoding="{charset}"?><rss version="2.0"><channel><title>Feed</title>'
        f"<item><title>{title}</title><description>{' '.join(body)}</description></item></channel></rss>"
    )


@pytest.mark.parametrize("kind", ENCODED_TEXT)
def test_plain_text_in_any_common_encoding_is_read_as_written(tmp_path: Path, kind: str) -> None:
    lines, encoding = ENCODED_TEXT[kind]
    path = tmp_path / "article.txt"
    path.write_bytes("\n\n".join(lines).encode(encoding))
    articles, problems = read(path)
    assert not problems
    assert articles[0].title == lines[0]
    assert articles[0].body == [lines[2]]


@pytest.mark.parametrize("kind", ["cp1252", "latin-1", "shift-jis", "cp1251"])
def test_html_page_in_a_legacy_encoding_is_read_as_written(tmp_path: Path, kind: str) -> None:
    lines, encoding = ENCODED_TEXT[kind]
    path = tmp_path / "page.html"
    path.write_bytes(page(lines, encoding).encode(encoding))
    articles, problems = read(path)
    assert not problems
    assert articles[0].title == lines[0]
    assert articles[0].body[0] == lines[1]


@pytest.mark.parametrize("kind", ["cp1252", "latin-1", "cp1251"])
def test_feed_in_a_legacy_encoding_is_read_as_written(tmp_path: Path, kind: str) -> None:
    lines, encoding = ENCODED_TEXT[kind]
    path = tmp_path / "feed.rss"
    path.write_bytes(feed(lines, encoding).encode(encoding))
    articles, problems = read(path)
    assert not problems
    assert articles[0].title == lines[0]
    assert articles[0].body == [" ".join(lines[1:])]


def test_json_lines_file_in_a_legacy_encoding_guesses_it_once_for_every_line(tmp_path: Path) -> None:
    records = [{"title": f"{WESTERN[0]} ({n})", "text": WESTERN[1]} for n in range(50)]
    path = tmp_path / "export.jsonl"
    path.write_bytes(b"\n".join(json.dumps(r, ensure_ascii=False).encode("cp1252") for r in records))
    articles, problems = read(path)
    assert not problems
    assert [a.title for a in articles] == [r["title"] for r in records]
    assert {tuple(a.body) for a in articles} == {(WESTERN[1],)}


# Languages


@pytest.mark.parametrize(
    ("lines", "language"),
    [(GERMAN, "de"), (FRENCH, "fr"), (SPANISH, "es"), (JAPANESE, "ja"), (RUSSIAN, "ru")],
    ids=["de", "fr", "es", "ja", "ru"],
)
def test_article_in_another_language_is_marked_with_it(tmp_path: Path, lines: tuple[str, ...], language: str) -> None:
    path = tmp_path / "article.txt"
    path.write_text("\n\n".join(lines), encoding="utf-8")
    (article,) = read(path)[0]
    assert article.language == language


def test_english_is_never_taken_for_another_language(tmp_path: Path) -> None:
    """The seed pair, short and name-heavy English texts, and BASIL's articles by headline
    and first paragraph alone (the shortest texts an article can have) are all English."""
    short = [
        ("Kim Jong Un", "Putin"),
        ("Obama Boehner Fiscal Cliff Meeting", "Talks go on."),
        ("Congo confirms 2 Ebola cases, declares outbreak", "WHO says so."),
        ("Storm closes ports", "Ships stayed in harbour on Monday."),
    ]
    texts = [f"{title}\n\n{body}" for title, body in short]
    if BASIL.is_dir():
        for path in sorted(BASIL.glob("*/*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            opening = next(" ".join(p) for p in data["body-paragraphs"] if "".join(p).strip())
            if data["title"].strip():
                texts.append(f"{data['title']}\n\n{opening}")
    for number, text in enumerate(texts):
        (tmp_path / f"{number:03d}.txt").write_text(text, encoding="utf-8")
    articles, problems = read(tmp_path)
    assert not problems
    seed, _ = read(SEED)
    labelled = {(a.language, a.title) for a in articles + seed if a.language != "en"}
    assert labelled == set()
    assert len(articles) == len(texts)


def test_ingest_says_which_languages_were_set_aside_and_the_stories_still_list(tmp_path: Path) -> None:
    from tests.test_cli import LIBRARY_ARTICLE, storylens

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, lines in (("de-1", GERMAN), ("de-2", GERMAN[:1] + FRENCH[1:]), ("fr", FRENCH)):
        (inbox / f"{name}.txt").write_text("\n\n".join(lines), encoding="utf-8")
    (inbox / "library.txt").write_text(LIBRARY_ARTICLE, encoding="utf-8")
    db = tmp_path / "news.db"
    run = storylens("ingest", inbox, "--db", db)
    assert run.code == 0, run.output
    assert "4 new article(s), 0 already stored, 0 input(s) skipped" in run.stdout
    assert "3 articles in other languages (fr 2, de 1) were stored and left out of analysis" in run.stdout
    listed = storylens("stories", "--db", db)
    assert listed.code == 0, listed.output
    assert "Leeds Central Library" in listed.stdout


def test_a_store_of_other_languages_only_says_why_it_has_no_stories(tmp_path: Path) -> None:
    from tests.test_cli import storylens

    (tmp_path / "fr.txt").write_text("\n\n".join(FRENCH), encoding="utf-8")
    db = tmp_path / "news.db"
    assert storylens("ingest", tmp_path / "fr.txt", "--db", db).code == 0
    listed = storylens("stories", "--db", db)
    assert listed.code == 0, listed.output
    assert "the 1 stored article(s) are not in English" in listed.stdout


def test_each_ingest_lets_the_detector_go_and_the_next_loads_it_again(tmp_path: Path) -> None:
    """Ingesting lets the detector's model go before the analysis; a second ingest in the same
    process still tells German from French."""
    from storylens.ingest.language import _identifier
    from storylens.pipeline import ingest
    from storylens.store import Store

    with Store(tmp_path / "news.db") as store:
        for name, lines in (("de", GERMAN), ("fr", FRENCH)):
            path = tmp_path / f"{name}.txt"
            path.write_text("\n\n".join(lines), encoding="utf-8")
            result = ingest(store, [path])
            assert +store.languages(result.added) == {name: 1}
            assert _identifier.cache_info().currsize == 0
