"""A story of hundreds of articles must fit in memory when it is compared: its story-sized scores
are made a block of rows at a time, its unit similarities held only while they fit, and the report
must be the one made at once."""

import pytest

from storylens.compare import alignment, blocks
from storylens.config import Settings
from storylens.model import StoryReport
from storylens.pipeline import analyze_pending, cluster_pending, ingest, story_report
from storylens.store import Store
from tests.conftest import SEED


@pytest.mark.parametrize(("rows", "width"), [(0, 10), (1, 1), (1000, 3000), (7, 1 << 22)])
def test_blocks_take_every_row_once_within_the_budget(rows: int, width: int) -> None:
    found = blocks.row_blocks(rows, width)
    assert [row for block in found for row in range(block.start, block.stop)] == list(range(rows))
    assert all(block.stop - block.start == 1 or (block.stop - block.start) * width <= blocks.CELLS_AT_ONCE for block in found)


@pytest.mark.parametrize(
    ("module", "name", "value"),
    [(blocks, "CELLS_AT_ONCE", 1), (alignment, "HELD_CELLS", 0)],
    ids=["a row at a time", "similarities made when asked"],
)
def test_seed_pair_compared_in_little_memory_gives_the_same_report(
    tmp_path, monkeypatch: pytest.MonkeyPatch, seed_report: StoryReport, module: object, name: str, value: int
) -> None:
    monkeypatch.setattr(module, name, value)
    with Store(tmp_path / "seed.db") as store:
        ingest(store, [SEED])
        analyze_pending(store, Settings())
        (story_id,) = cluster_pending(store, Settings())
        report = story_report(store, story_id, Settings())
    assert report.facts == seed_report.facts
    assert report.conflicts == seed_report.conflicts
    assert report.summary == seed_report.summary
