"""Inputs that would hang, exhaust memory or loop a naive reader: each must end as one Problem
line naming the file, in bounded time and memory, with the good file beside it still read."""

from __future__ import annotations

import gzip
import json
import os
import signal
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from warcio.warcwriter import WARCWriter

from storylens.ingest.compressed import RATIO_FLOOR
from storylens.ingest.inputs import MAX_WHOLE_FILE_BYTES, read_inputs
from storylens.ingest.jsonl import MAX_LINE_BYTES
from storylens.model import Article, Problem

GOOD_TEXT = "Storm closes ports\n\nShips stayed in harbour on Monday.\n\nThe coastguard said the ports would reopen.\n"
RECORD = {"title": "Ports reopen after the storm", "text": "Ships left harbour on Tuesday morning.", "outlet": "Wire"}


def read(*paths: Path) -> tuple[list[Article], list[Problem]]:
    found = list(read_inputs(list(paths)))
    return [a for a in found if isinstance(a, Article)], [p for p in found if isinstance(p, Problem)]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    return path


def assert_one_problem(bad: Path, good: Path, reason_start: str) -> Problem:
    articles, problems = read(bad, good)
    assert [a.source for a in articles] == [str(good)]
    assert len(problems) == 1 and problems[0].source.split("#")[0] == str(bad), problems
    assert problems[0].reason.startswith(reason_start), problems[0].reason
    return problems[0]


def gzip_bomb(path: Path, prefix: bytes, megabytes: int) -> Path:
    """`prefix` then `megabytes` of zeros, gzipped: about a thousandth of that on disk."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1 << 20)
    with path.open("wb") as out:
        out.write(packer.compress(prefix))
        for _ in range(megabytes):
            out.write(packer.compress(zeros))
        out.write(packer.flush())
    return path


def warc_record(url: str, html: bytes) -> bytes:
    out = BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
    writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(http), length=len(http)))
    return out.getvalue()


# Compressed input


def test_gzipped_json_lines_are_read_as_they_go(tmp_path: Path, good: Path) -> None:
    path = tmp_path / "export.jsonl.gz"
    records = [dict(RECORD, title=f"{RECORD['title']} ({n})") for n in range(30)]
    path.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in records).encode()))
    articles, problems = read(path, good)
    assert not problems
    assert [a.source for a in articles] == [f"{path}#{n}" for n in range(1, 31)] + [str(good)]


def test_gzipped_json_lines_cut_short_keep_the_whole_lines_and_say_so(tmp_path: Path, good: Path) -> None:
    path = tmp_path / "export.jsonl.gz"
    data = gzip.compress("\n".join(json.dumps(dict(RECORD, title=f"Story {n}")) for n in range(200)).encode())
    path.write_bytes(data[: len(data) // 2])
    articles, problems = read(path, good)
    assert 0 < len(articles) - 1 < 200
    assert problems[-1] == Problem(source=str(path), reason="corrupt gzip file: the compressed data is cut short")


def test_json_lines_zip_bomb_is_refused_before_it_fills_memory(tmp_path: Path, good: Path) -> None:
    """Real records first (more than the reader peeks at), then a line of zeros without end."""
    lines = "".join(json.dumps(dict(RECORD, title=f"Story {n}")) + "\n" for n in range(300))
    bomb = gzip_bomb(tmp_path / "bomb.jsonl.gz", lines.encode(), RATIO_FLOOR // 2**20 + 8)
    assert bomb.stat().st_size < 100_000
    found = list(read_inputs([bomb, good]))
    assert [type(f) for f in found] == [Article] * 300 + [Problem, Article]
    assert found[300] == Problem(
        source=str(bomb), reason="compressed data expands more than 100 times (a zip bomb?): not read further"
    )


def test_warc_of_zeros_only_is_one_problem(tmp_path: Path, good: Path) -> None:
    bomb = gzip_bomb(tmp_path / "crawl.warc.gz", b"", RATIO_FLOOR // 2**20 + 8)
    assert_one_problem(bomb, good, "corrupt or truncated WARC: record 1 (byte 0)")


def test_warc_zip_bomb_after_an_article_keeps_the_article(tmp_path: Path, good: Path) -> None:
    paragraphs = "".join(f"<p>{GOOD_TEXT.replace(chr(10), ' ')} Paragraph {n} adds more words here.</p>" for n in range(6))
    html = f"<html><head><title>Storm closes ports</title></head><body><article>{paragraphs}</article></body></html>"
    bomb = gzip_bomb(tmp_path / "crawl.warc.gz", warc_record("https://news.example/a", html.encode()), RATIO_FLOOR // 2**20 + 8)
    found = list(read_inputs([bomb, good]))
    assert [(type(f), f.source) for f in found] == [(Article, f"{bomb}#1"), (Problem, f"{bomb}#1"), (Article, str(good))]
    assert found[1].reason.startswith("compressed data expands more than 100 times")


def test_gz_named_file_that_is_not_compressed_is_read_as_it_is(tmp_path: Path, good: Path) -> None:
    path = tmp_path / "export.jsonl.gz"
    path.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    articles, problems = read(path, good)
    assert not problems and len(articles) == 2


# Size


def test_huge_text_file_is_refused_unread(tmp_path: Path, good: Path) -> None:
    """200 MB, sparse on disk: refused from its size, so the test holds none of it."""
    huge = tmp_path / "dump.txt"
    with huge.open("wb") as out:
        out.truncate(200_000_000)
    problem = assert_one_problem(huge, good, "file too large: 200 MB")
    assert f"up to {MAX_WHOLE_FILE_BYTES // 1_000_000} MB" in problem.reason and "JSON Lines" in problem.reason


def test_json_line_longer_than_any_article_is_skipped_and_the_next_line_read(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    with path.open("wb") as out:
        out.write(b'{"title": "Dump", "text": "' + b"a" * (MAX_LINE_BYTES + 10) + b'"}\n')
        out.write(json.dumps(RECORD).encode() + b"\n")
    articles, problems = read(path)
    assert [(p.source, p.reason) for p in problems] == [(f"{path}#1", "line longer than 32 MB: not one article")]
    assert [a.source for a in articles] == [f"{path}#2"]


# The file system


def test_symlink_loop_to_a_file_is_named(tmp_path: Path, good: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.symlink_to(second)
    second.symlink_to(first)
    assert_one_problem(first, good, "symlink loop: too many levels of symbolic links")


def test_named_pipe_is_refused_without_blocking(tmp_path: Path, good: Path) -> None:
    """No process writes to the pipe: opening it for reading as a file would wait for ever."""
    pipe = tmp_path / "incoming.txt"
    os.mkfifo(pipe)
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("reading a named pipe blocked"))
    signal.alarm(10)
    try:
        assert_one_problem(pipe, good, "not a regular file")
    finally:
        signal.alarm(0)


def unreadable_file(tmp_path: Path) -> Path:
    """A file this process may not read: mode 000, or, for root (whom modes do not stop), a link
    to a file the kernel refuses even to root."""
    path = tmp_path / "secret.txt"
    if os.geteuid() != 0:
        path.write_text(GOOD_TEXT, encoding="utf-8")
        path.chmod(0)
        return path
    for target in ("/proc/1/environ", "/proc/1/mem"):
        try:
            Path(target).open("rb").close()
        except PermissionError:
            path.symlink_to(target)
            return path
        except OSError:
            continue
    pytest.skip("running as root with no file the kernel refuses to read")


def test_unreadable_file_is_named_and_the_rest_read(tmp_path: Path, good: Path) -> None:
    assert_one_problem(unreadable_file(tmp_path), good, "permission denied")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder whatever its mode")
def test_unreadable_folder_is_named_and_the_rest_read(tmp_path: Path, good: Path) -> None:
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "article.txt").write_text(GOOD_TEXT, encoding="utf-8")
    folder.chmod(0)
    try:
        assert_one_problem(folder, good, "permission denied")
    finally:
        folder.chmod(0o755)


# Feeds that attack the XML parser


def test_feed_entities_are_neither_expanded_nor_fetched(tmp_path: Path) -> None:
    """Nested entities (a "billion laughs") and an external entity naming a local file."""
    secret = tmp_path / "secret"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    laughs = "".join(f'<!ENTITY {b} "{f"&{a};" * 20}">' for a, b in zip("abcdef", "bcdefg"))
    path = tmp_path / "attack.rss"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">{laughs}'
        f'<!ENTITY xxe SYSTEM "file://{secret}">]><rss version="2.0"><channel><title>T</title>'
        "<item><title>Laughs &g;</title><description>Body &xxe; here.</description></item></channel></rss>",
        encoding="utf-8",
    )
    (article,) = read(path)[0]
    text = article.title + " ".join(article.body)
    assert "TOP-SECRET-VALUE" not in text
    assert len(text) < 100


def test_a_file_name_with_a_terminal_escape_and_a_newline_is_named_on_one_harmless_line(tmp_path: Path) -> None:
    from tests.test_cli import storylens

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "evil\x1b]0;owned\x07\nname.txt").write_bytes(b"")
    (inbox / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    run = storylens("ingest", inbox, "--db", tmp_path / "s.db")
    assert run.code == 1
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr
    (line,) = [line for line in run.stderr.splitlines() if "skipped" in line]
    assert line == f"storylens: skipped {inbox}/evil\\x1b]0;owned\\x07\\nname.txt: empty file"
