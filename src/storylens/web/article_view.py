"""An article laid out for its page: each block of its text cut at the analysed sentences.

The page shows the whole text, not only the sentences the analysis kept, so every character of a
block is shown: the text between sentences as it is, each sentence as a `SentenceRef` the template
anchors and marks. Offsets are those of the article's canonical text, like the framing spans'.
"""

from __future__ import annotations

from dataclasses import dataclass

from storylens.model import SECTION_SEPARATOR, Article, Role, Sentence, SentenceRef


@dataclass(frozen=True)
class Block:
    """One headline, standfirst, body paragraph or caption, as plain runs and sentences."""

    role: Role
    pieces: list[str | SentenceRef]


def article_blocks(article: Article, sentences: list[Sentence]) -> list[Block]:
    """The article's blocks in canonical order, each cut at the sentences that lie in it."""
    text = article.text
    blocks: list[Block] = []
    start = 0
    for role, block in article.sections():
        end = start + len(block)
        inside = sorted((s for s in sentences if start <= s.start and s.end <= end), key=lambda s: s.start)
        pieces: list[str | SentenceRef] = []
        cursor = start
        for sentence in inside:
            if sentence.start < cursor:
                continue
            pieces += [text[cursor : sentence.start], _ref(article, sentence, text)]
            cursor = sentence.end
        pieces.append(text[cursor:end])
        blocks.append(Block(role, [piece for piece in pieces if piece != ""]))
        start = end + len(SECTION_SEPARATOR)
    return blocks


def _ref(article: Article, sentence: Sentence, text: str) -> SentenceRef:
    """The sentence as the report refers to it, its text taken from the canonical text itself."""
    return SentenceRef(
        article_id=article.id,
        position=sentence.position,
        outlet=article.outlet.name,
        role=sentence.role,
        text=text[sentence.start : sentence.end],
        start=sentence.start,
        end=sentence.end,
    )
