"""`storylens run --engine ray` against a real local Ray cluster of 2 CPUs: the same stories and the
same reports as the local engine, and one line, never a traceback, when Ray cannot be used."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import ray

from storylens.config import Settings
from storylens.pipeline import story_report
from storylens.store import Store
from tests.test_cli import SEED, storylens

FLOODS = [
    ("River Courier", "2024-05-02T08:00:00+00:00", "The Guaíba river reached 5.3 metres on Thursday, and 84,000 residents left their homes."),
    ("Southern Daily", "2024-05-02T11:00:00+00:00", "The Guaíba river rose to 5.35 metres on Thursday; 80,000 residents have left their homes."),
    ("Porto Post", "2024-05-02T15:00:00+00:00", "Some 84,000 residents fled as the Guaíba river reached a record 5.3 metres on Thursday."),
]
LIBRARY = [
    ("Leeds Echo", "2024-06-01T09:00:00+00:00", "Leeds Central Library reopened on Saturday after a £12 million restoration."),
    ("Yorkshire Times", "2024-06-01T13:00:00+00:00", "About 3,000 visitors queued as Leeds Central Library reopened after a £12m refurbishment."),
]


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    """One local Ray cluster of 2 CPUs for the module; the engine uses the connection it finds."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR")
    yield
    ray.shutdown()


def _record(outlet: str, published: str, lead: str, title: str) -> str:
    more = f"{outlet} reporters spoke to officials and residents on the scene. Officials said more news would follow later in the day."
    url = f"https://{outlet.lower().replace(' ', '-')}.example/{published[:10]}/story"
    return json.dumps({"title": title, "text": f"{lead}\n\n{more}", "url": url, "outlet": outlet, "published": published})


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed pair, five articles of two stories in JSON Lines, a file that cannot be read, and
    a list naming them: the argument `@inputs.txt`."""
    folder = tmp_path_factory.mktemp("inputs")
    shutil.copytree(SEED, folder / "seed-pair")
    lines = [_record(*a, "Floods cut off Porto Alegre as the Guaíba river breaks its record") for a in FLOODS]
    lines += [_record(*a, "Leeds Central Library reopens after its restoration") for a in LIBRARY]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "inputs.txt").write_text("seed-pair\nbroken.json\nwire.jsonl\n", encoding="utf-8")
    return folder / "@inputs.txt"


def _stored(db: Path) -> tuple[list[list[str]], list[str]]:
    """Each story's article ids, and each story's report as JSON, as the store keeps them."""
    with Store(db) as store:
        stories = store.stories()
        return [s.article_ids for s in stories], [story_report(store, s.id, Settings()).model_dump_json() for s in stories]


def test_ray_stores_the_same_stories_and_reports_as_the_local_engine_and_a_second_run_adds_nothing(
    cluster: None, inputs: Path, tmp_path: Path
) -> None:
    local = storylens("run", inputs, "--db", tmp_path / "local.db")
    on_ray = storylens("run", inputs, "--db", tmp_path / "ray.db", "--engine", "ray")
    assert (on_ray.result.exit_code, local.result.exit_code) == (1, 1)  # the broken file is skipped by both
    assert on_ray.skipped_lines() == local.skipped_lines()
    assert [line.split(": ")[1] for line in local.skipped_lines()] == [f"skipped {inputs.parent / 'broken.json'}"]
    assert on_ray.stdout == local.stdout
    stories, reports = _stored(tmp_path / "ray.db")
    assert (stories, reports) == _stored(tmp_path / "local.db")
    assert sorted(map(len, stories)) == [2, 2, 3]
    again = storylens("run", inputs, "--db", tmp_path / "ray.db", "--engine", "ray", "--workers", "1")
    assert "0 new article(s), 7 already stored, 1 input(s) skipped" in again.stdout
    assert _stored(tmp_path / "ray.db") == (stories, reports)


def test_address_without_the_ray_engine_is_a_usage_error(tmp_path: Path) -> None:
    run = storylens("run", SEED, "--db", tmp_path / "x.db", "--address", "10.0.0.1:6379")
    assert run.result.exit_code == 2
    assert run.stderr.strip() == "storylens: --address and --workers go with --engine ray"


def test_an_unreachable_cluster_is_one_line_and_exit_3(tmp_path: Path) -> None:
    """In a process of its own: this one is connected to the test cluster already."""
    command = [sys.executable, "-c", "from storylens.cli import main; main()", "run", str(SEED), "--db", str(tmp_path / "x.db")]
    done = subprocess.run([*command, "--engine", "ray", "--address", "127.0.0.1:9"], check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 3
    assert done.stderr.strip() == "storylens: cannot reach the Ray cluster at 127.0.0.1:9: connection refused"
    assert not (tmp_path / "x.db").exists()
