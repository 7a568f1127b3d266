"""Rows of a story-sized matrix a block at a time.

A story of a few hundred articles has tens of thousands of sentences, clauses and claims, and a
temporary the size of a whole matrix of them (a product, a comparison, a copy) costs as much as
the matrix itself. Made a block of rows at a time, each temporary is bounded whatever the story's
size, and every row is computed as it would be at once.
"""

from __future__ import annotations

CELLS_AT_ONCE = 1 << 21
"""Cells of a block: 8 MB of float32, some 50 MB for the few temporaries of one block."""


def row_blocks(rows: int, width: int) -> list[slice]:
    """Consecutive slices of `rows` rows, each of at most `CELLS_AT_ONCE` cells of a row `width` wide."""
    size = max(1, CELLS_AT_ONCE // max(width, 1))
    return [slice(start, min(start + size, rows)) for start in range(0, rows, size)]
