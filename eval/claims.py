"""Does each outlet a report cites really state what it is cited for? Scored against claim keys.

Alignment scores (eval.seed_alignment, eval.alignment_basil) ask whether the right sentences were
put together; a reader of the report asks something else: when a fact or a summary sentence names
an outlet, does that outlet say so, with the same figure? The keys in eval/keys/claims/ (format
and provenance in its README) list, per story, the claims each outlet states (with an anchor: a
short exact substring of the sentence where it states it), the outlets silent on each, and the
outlets that state a figure, date, place, title or actor differently. Keys were written by reading
the texts, not storylens output, so nothing here is fitted to the pipeline.

Each keyed story goes through the real pipeline in a fresh temporary store (ingest or add,
analyze, cluster, compare). The report is then scored as a plain dict, so that the matching logic
can be tested on a hand-made report (tests/test_eval_claims.py) and so that optional fields that
newer reports carry (`facts[].support`) are used when present without this file needing a new
model. Run: .venv/bin/python -m eval.claims [--errors] [--setting NAME VALUE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Self

from rich.console import Console
from rich.table import Table

from eval.basil import BASIL, basil_sentences, load_basil, require
from eval.setup import setup_line
from storylens.config import Settings

ROOT = Path(__file__).resolve().parents[1]
KEYS = Path(__file__).resolve().parent / "keys" / "claims"
SETS = ("seed", "synthetic", "basil")

Report = dict[str, Any]
"""A StoryReport as JSON (`model_dump(mode="json")`): what the scorer reads."""
Clash = tuple[str, str, str]
"""A claim id and two outlets (in name order) that state it with conflicting values."""


def normalise(text: str) -> str:
    """NFKC and single spaces: the seed articles hold non-breaking spaces that a key typed by
    hand (or a sentence splitter) may not keep, and a space must not decide a match."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@dataclass(frozen=True)
class Claim:
    """One keyed statement: who states it (with anchors), who is silent, who states it differently."""

    id: str
    stated: dict[str, tuple[str, ...]]
    """Outlet → anchors, normalised; one anchor per sentence where the outlet states it (the key
    format gives one string; a list is accepted where an outlet states it in two sentences)."""
    silent: frozenset[str]
    differs: frozenset[str] = frozenset()
    values: dict[str, str] = field(default_factory=dict)

    def agrees(self, writer: str | None, outlet: str, attributed: bool = False) -> bool:
        """Whether citing `outlet` for the sentence `writer` wrote is right for this claim: the
        outlet states it, with a value the writer's value does not conflict with. The key marks
        conflicts against one reference outlet (`differs`), so two outlets both in `differs`
        agree only when their values are written the same. A sentence that gives each outlet's
        value (`attributed`: a disputed summary sentence, "12–15 people (A: 15; B: 14)") needs
        the outlet only to state the claim."""
        if outlet not in self.stated:
            return False
        if outlet == writer or attributed:
            return True
        if writer is None:
            return outlet not in self.differs
        if (outlet in self.differs) != (writer in self.differs):
            return False
        if outlet in self.differs:
            return self.values.get(outlet, "?").lower() == self.values.get(writer, "!").lower()
        return True


@dataclass(frozen=True)
class StoryKey:
    story: str
    source: str
    articles: dict[str, str]
    claims: tuple[Claim, ...]
    path: Path

    @property
    def outlets(self) -> set[str]:
        return set(self.articles)


Anchor = str | dict[str, Any]
"""An anchor as typed, or a locator into a data file: {"sentence": index in the flattened
`body-paragraphs` or "title", "chars": [start, end], "sha256": "sha256:" + 16 hex digits}. BASIL
keys hold locators, so that no text of the data is copied into the project."""


def _anchors(raw: Anchor | list[Anchor], article: Path | None) -> tuple[str, ...]:
    return tuple(normalise(_located(a, article) if isinstance(a, dict) else a) for a in (raw if isinstance(raw, list) else [raw]))


def _located(locator: dict[str, Any], article: Path | None) -> str:
    """The text a locator names, checked against its hash: a changed data file must not be scored
    against a key written for another text."""
    if article is None:
        raise SystemExit("eval: a locator anchor needs the article's data file (BASIL keys only)")
    lines = _lines(article)
    start, end = locator["chars"]
    text = lines[0 if locator["sentence"] == "title" else locator["sentence"] + 1][start:end]
    if "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] != locator["sha256"]:
        raise SystemExit(f"eval: {article.name}: the anchor at {locator['sentence']} {locator['chars']} is not the keyed text")
    return text


@cache
def _lines(article: Path) -> list[str]:
    """The article's title, then its body sentences as BASIL numbers them."""
    return [json.loads(article.read_text(encoding="utf-8"))["title"], *basil_sentences(article)]


def load_key(path: Path) -> StoryKey:
    """A key file, checked for the rule that makes omissions judgeable: every outlet of the story
    is either stating or silent on every claim."""
    record = json.loads(path.read_text(encoding="utf-8"))
    outlets = set(record["articles"])
    files = {o: require(BASIL / "articles" / rel) for o, rel in record["articles"].items()} if record["source"] == "basil" else {}
    claims = []
    for raw in record["claims"]:
        claim = Claim(
            id=raw["id"],
            stated={outlet: _anchors(anchor, files.get(outlet)) for outlet, anchor in raw["stated"].items()},
            silent=frozenset(raw.get("silent", [])),
            differs=frozenset(raw.get("differs", [])),
            values={outlet: str(value) for outlet, value in (raw.get("values") or {}).items()},
        )
        if set(claim.stated) | claim.silent != outlets or set(claim.stated) & claim.silent:
            raise SystemExit(f"eval: {path.name} claim {claim.id}: each outlet must be in stated or silent, once")
        claims.append(claim)
    return StoryKey(
        story=record["story"],
        source=record["source"],
        articles=dict(record["articles"]),
        claims=tuple(claims),
        path=path,
    )


def key_files() -> dict[str, list[Path]]:
    """The key sets; the BASIL set is written by others and scored only when present."""
    return {
        "seed": [p for p in [KEYS / "seed_pair.json"] if p.exists()],
        "synthetic": sorted((KEYS / "synthetic").glob("*.json")),
        "basil": sorted((KEYS / "basil").glob("*.json")),
    }


# ---------------------------------------------------------------- matching


def writer_of(text: str, evidence: Iterable[dict[str, Any]]) -> str | None:
    """The outlet whose sentence a fact's text is: the report picks one member sentence as the
    fact's text, and only that outlet's anchors may decide what the text says."""
    for ref in evidence:
        if ref.get("text") == text:
            return str(ref["outlet"])
    target = normalise(text)
    for ref in evidence:
        if normalise(str(ref.get("text", ""))) == target:
            return str(ref["outlet"])
    return None


def carried(text: str, writer: str | None, key: StoryKey) -> tuple[str | None, list[Claim]]:
    """The claims a text carries, and the outlet taken as its writer. With a known writer only its
    anchors count (another outlet's anchor inside the text would be a coincidence of wording);
    without one every outlet's anchors are tried and the first that matches is the writer."""
    norm = normalise(text)
    if writer is not None:
        return writer, [c for c in key.claims if any(a in norm for a in c.stated.get(writer, ()))]
    found: list[Claim] = []
    guessed: str | None = None
    for claim in key.claims:
        for outlet, anchors in claim.stated.items():
            if any(a in norm for a in anchors):
                guessed = guessed or outlet
                found.append(claim)
                break
    return guessed, found


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    def __iadd__(self, other: Ratio) -> Self:
        self.right += other.right
        self.total += other.total
        return self

    def show(self) -> str:
        return f"{self.right / self.total:.2f} ({self.right}/{self.total})" if self.total else "–"


@dataclass
class Scores:
    """One story's (or one key set's pooled) counts."""

    stories: int = 0
    split: list[str] = field(default_factory=list)
    claims: int = 0
    judged: int = 0
    unjudged: int = 0
    cite_facts: Ratio = field(default_factory=Ratio)
    cite_summary: Ratio = field(default_factory=Ratio)
    shared: Ratio = field(default_factory=Ratio)
    differs_p: Ratio = field(default_factory=Ratio)
    differs_r: Ratio = field(default_factory=Ratio)
    omissions: Ratio = field(default_factory=Ratio)
    silent: Ratio = field(default_factory=Ratio)
    """(judged fact, outlet) pairs the report calls silent: right when the outlet states none of the fact's keyed claims."""
    close: Ratio = field(default_factory=Ratio)
    """(judged fact, outlet) pairs the report says tell something close: right when the outlet states a keyed claim the fact carries."""
    parts: Ratio = field(default_factory=Ratio)
    """(stated part, outlet) pairs of outlets that state a judged fact in part (`support[].stated_parts`), where the
    part carries a keyed claim: right when the outlet states every keyed claim the part carries."""
    shared_parts: Ratio = field(default_factory=Ratio)
    """Shared R counting the parts as well: a claim is found for an outlet also where a fact carries it in a part the
    outlet is said to state."""
    wrong_parts: list[tuple[str, str, str]] = field(default_factory=list)
    """(part cut to 80, outlet, claim ids the part holds that the outlet does not state so)."""
    wrong_citations: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(where: fact/summary, text cut to 80, outlet, claim ids that the outlet does not state so)."""
    missed_shared: list[tuple[str, str]] = field(default_factory=list)
    wrong_omissions: list[tuple[str, str, str]] = field(default_factory=list)
    wrong_silences: list[tuple[str, str, str]] = field(default_factory=list)
    wrong_differs: list[Clash] = field(default_factory=list)
    missed_differs: list[Clash] = field(default_factory=list)

    def __iadd__(self, other: Scores) -> Self:
        self.stories += other.stories
        self.split += other.split
        self.claims += other.claims
        self.judged += other.judged
        self.unjudged += other.unjudged
        for name in ("cite_facts", "cite_summary", "shared", "differs_p", "differs_r", "omissions", "silent", "close", "parts", "shared_parts"):
            ratio: Ratio = getattr(self, name)
            ratio += getattr(other, name)
        self.wrong_citations += other.wrong_citations
        self.missed_shared += other.missed_shared
        self.wrong_omissions += other.wrong_omissions
        self.wrong_silences += other.wrong_silences
        self.wrong_parts += other.wrong_parts
        self.wrong_differs += other.wrong_differs
        self.missed_differs += other.missed_differs
        return self

    @property
    def citations(self) -> Ratio:
        both = Ratio()
        both += self.cite_facts
        both += self.cite_summary
        return both


def _cite(
    scores: Scores, where: str, text: str, writer: str | None, claims: list[Claim], outlets: Iterable[str], attributed: bool = False
) -> None:
    for outlet in outlets:
        bad = [c.id for c in claims if not c.agrees(writer, outlet, attributed)]
        (scores.cite_facts if where == "fact" else scores.cite_summary).add(not bad)
        if bad:
            scores.wrong_citations.append((where, normalise(text)[:80], outlet, ",".join(bad)))


def part_carries(text: str, part: str, anchors: Iterable[str]) -> bool:
    """Whether a part of a fact's text (a claim's words, "…" where a claim inside it was left out)
    holds at least half of the characters of one of the writer's anchors in that text."""
    norm = normalise(text)
    covered: set[int] = set()
    for piece in (normalise(p) for p in part.split("…")):
        at = norm.find(piece) if piece else -1
        if at >= 0:
            covered |= set(range(at, at + len(piece)))
    for anchor in anchors:
        at = norm.find(anchor)
        if at >= 0 and 2 * len(covered & set(range(at, at + len(anchor)))) >= len(anchor):
            return True
    return False


def key_clashes(claim: Claim) -> set[Clash]:
    """The key's conflicts as outlet pairs. The key marks `differs` against one reference outlet,
    while a report marks them against the outlet whose sentence is the fact's text; pairs make the
    two comparable whoever wrote the text. Two outlets both in `differs` clash unless their values
    are written alike (14 and 12 both differ from "at least 15", and from each other)."""
    stating = sorted(claim.stated)
    return {
        (claim.id, a, b)
        for i, a in enumerate(stating)
        for b in stating[i + 1 :]
        if (a in claim.differs) != (b in claim.differs)
        or (a in claim.differs and claim.values.get(a, "?").lower() != claim.values.get(b, "!").lower())
    }


def reported_clashes(report: Report, fact: dict[str, Any], writer: str | None) -> list[tuple[str, str, str, str]]:
    """(outlet, outlet, value, value) for each pair of outlets the report says state the fact
    differently. From `support` when the report has that field: the writer against each outlet
    marked "differs", and two such outlets against each other when their values differ (a value the
    support leaves out, as it does for the writer's own, is taken from the fact's conflicts). Else from
    the fact's conflicts, which list every outlet's value: each pair whose normalised values differ.
    Values are "" where the report gives none."""
    if fact.get("support") is not None:
        value = {
            str(v["outlet"]): normalise(str(v.get("value", "")))
            for c in report.get("conflicts", [])
            if c.get("fact_id") == fact["id"]
            for v in c["values"]
        }
        value |= {str(s["outlet"]): normalise(str(s["value"])) for s in fact["support"] if s.get("value")}
        differing = sorted(str(s["outlet"]) for s in fact["support"] if s.get("status") == "differs")
        reference = writer or ""
        pairs = [(reference, o) for o in differing if o != reference]
        pairs += [(a, b) for i, a in enumerate(differing) for b in differing[i + 1 :] if value[a] != value[b]]
        return [(a, b, value.get(a, ""), value.get(b, "")) for a, b in pairs]
    found = []
    for conflict in report.get("conflicts", []):
        if conflict.get("fact_id") != fact["id"]:
            continue
        values = [(str(v["outlet"]), str(v.get("normalised", v.get("value", ""))), str(v.get("value", ""))) for v in conflict["values"]]
        found += [
            (a, b, text_a, text_b)
            for i, (a, norm_a, text_a) in enumerate(values)
            for b, norm_b, text_b in values[i + 1 :]
            if a != b and norm_a != norm_b
        ]
    return found


def _value_matches(claim: Claim, outlet: str, value: str) -> bool:
    keyed = normalise(claim.values.get(outlet, "")).lower()
    value = normalise(value).lower()
    return bool(keyed and value) and (keyed in value or value in keyed)


def clashes_of(claims: list[Claim], clash: tuple[str, str, str, str], others: Iterable[Claim] = ()) -> set[Clash]:
    """The claims a reported clash is about. A fact may carry several slotted claims (dead and the
    day in one sentence), so the clash goes to the carried claims whose keyed values the reported
    values match; else to another claim of the key (`others`) that they match, which is how a
    clash across slots shows (a "21-year" career against a "60 days" suspension: wrong, under the
    claim it is really about); else to every carried claim with a slot (else every carried claim)."""
    writer, outlet, writer_value, outlet_value = clash
    a, b = sorted((writer, outlet))

    def matching(candidates: Iterable[Claim]) -> list[Claim]:
        return [c for c in candidates if _value_matches(c, writer, writer_value) or _value_matches(c, outlet, outlet_value)]

    slotted = [c for c in claims if c.values] or claims
    chosen = matching(slotted) or matching(c for c in others if c.values)[:1] or slotted
    return {(c.id, a, b) for c in chosen}


def score_report(report: Report, key: StoryKey, stories: int = 1) -> Scores:
    """Every measure of the module docstring for one story's report against its key."""
    scores = Scores(stories=1, claims=len(key.claims))
    if stories != 1:
        scores.split.append(f"{key.story}: {stories} stories, the biggest scored")
    facts = {f["id"]: f for f in report.get("facts", [])}
    carrying: dict[int, tuple[str | None, list[Claim]]] = {}
    parts_found: set[tuple[str, str]] = set()
    for fact in facts.values():
        writer, claims = carried(fact["text"], writer_of(fact["text"], fact.get("evidence", [])), key)
        if not claims:
            scores.unjudged += 1
            continue
        scores.judged += 1
        carrying[fact["id"]] = (writer, claims)
        _cite(scores, "fact", fact["text"], writer, claims, fact.get("stated_by", []))
        for stance in fact.get("support", []):
            if stance["status"] == "silent":
                states = [c.id for c in claims if stance["outlet"] in c.stated]
                scores.silent.add(not states)
                if states:
                    scores.wrong_silences.append((normalise(fact["text"])[:80], stance["outlet"], ",".join(states)))
            elif stance["status"] == "close":
                scores.close.add(any(stance["outlet"] in c.stated for c in claims))
            for part in stance.get("stated_parts", []):
                inside = [c for c in claims if part_carries(fact["text"], part, c.stated.get(writer or "", ()))]
                if inside:
                    bad = [c.id for c in inside if not c.agrees(writer, stance["outlet"])]
                    scores.parts.add(not bad)
                    parts_found |= {(c.id, stance["outlet"]) for c in inside}
                    if bad:
                        scores.wrong_parts.append((normalise(part)[:80], stance["outlet"], ",".join(bad)))
    for sentence in report.get("summary", []):
        fact = facts.get(sentence.get("fact_id"))
        writer = writer_of(sentence["text"], fact.get("evidence", [])) if fact else None
        writer, claims = carried(sentence["text"], writer, key)
        if claims:
            _cite(scores, "summary", sentence["text"], writer, claims, sentence.get("citations", []), bool(sentence.get("disputed")))

    for claim in key.claims:
        stating = set(claim.stated) - claim.differs
        if len(stating) < 2:
            continue
        for outlet in sorted(stating):
            ok = any(claim in claims and outlet in facts[fid].get("stated_by", []) for fid, (_, claims) in carrying.items())
            scores.shared.add(ok)
            scores.shared_parts.add(ok or (claim.id, outlet) in parts_found)
            if not ok:
                scores.missed_shared.append((claim.id, outlet))

    predicted: set[Clash] = set()
    for fid, (writer, claims) in carrying.items():
        for clash in reported_clashes(report, facts[fid], writer):
            predicted |= clashes_of(claims, clash, key.claims)
    gold = set().union(*(key_clashes(c) for c in key.claims))
    for item in sorted(predicted):
        scores.differs_p.add(item in gold)
        if item not in gold:
            scores.wrong_differs.append(item)
    for item in sorted(gold):
        scores.differs_r.add(item in predicted)
        if item not in predicted:
            scores.missed_differs.append(item)

    for entry in report.get("coverage", []):
        outlet = str(entry["outlet"])
        for fid in entry.get("omitted", []):
            if fid not in carrying:
                continue
            bad = [c.id for c in carrying[fid][1] if outlet not in c.silent]
            scores.omissions.add(not bad)
            if bad:
                scores.wrong_omissions.append((normalise(facts[fid]["text"])[:80], outlet, ",".join(bad)))
    return scores


# ---------------------------------------------------------------- running the pipeline


def story_report_for(key: StoryKey, db: Path, settings: Settings | None = None) -> tuple[Report, int]:
    """The key's articles through the real pipeline in a fresh store (with the default settings
    unless given); when clustering splits them, the story holding most of them is the one scored,
    and the count of stories says so."""
    from storylens.pipeline import analyze_pending, cluster_pending, story_report
    from storylens.store import Store

    settings = settings or Settings()
    with Store(db) as store:
        store_articles(key, store)
        analyze_pending(store, settings)
        stories = cluster_pending(store, settings)
        biggest = max(stories, key=lambda s: len(store.story(s).article_ids))
        report = story_report(store, biggest, settings)
    return report.model_dump(mode="json"), len(stories)


def store_articles(key: StoryKey, store: Any) -> None:
    """The key's articles into a store, as the pipeline's ingest reads them (BASIL's from eval.basil)."""
    from storylens.pipeline import ingest

    if key.source == "basil":
        store.add_articles(basil_articles(key))
        return
    result = ingest(store, [ROOT / path for path in key.articles.values()])
    if result.problems:
        raise SystemExit(f"eval: {key.path.name}: cannot ingest: {result.problems}")


def basil_articles(key: StoryKey) -> list[Any]:
    """BASIL keys name article files under ../shared/data/basil/articles (YEAR/NAME.json); the
    Article records come from eval.basil's loader, so the text is exactly what the other BASIL
    evals feed the pipeline."""

    wanted = {(BASIL / "articles" / path).resolve() for path in key.articles.values()}
    years = {int(Path(path).parts[0]) for path in key.articles.values()}
    found = [a.article for year in sorted(years) for a in load_basil(range(year, year + 1)) if a.path.resolve() in wanted]
    if len(found) != len(wanted):
        raise SystemExit(f"eval: {key.path.name}: found {len(found)} of {len(wanted)} BASIL articles")
    return found


# ---------------------------------------------------------------- output


def results_table(results: dict[str, Scores]) -> Table:
    table = Table(
        title="Does each cited outlet state it? Reports scored against claim keys in eval/keys/claims/",
        caption="cite P: cited (fact or summary sentence, outlet) pairs where the outlet states every keyed claim the "
        "text carries, with no conflicting value; shared R: (claim, outlet) of claims two or more outlets state "
        "alike, found in a fact's stated_by; differs P/R: (claim, outlet pair) the report marks as stating it "
        "differently (support, else conflicts) against the pairs the key's differs/values imply; omit P: omitted facts the outlet is keyed silent on; "
        "silent P: (fact, outlet) pairs the report calls silent where the outlet states none of the keyed claims the fact carries; "
        "close P: pairs the report says tell something close where the outlet states one; parts P: (part, outlet) "
        "pairs where an outlet said to state a fact in part states every keyed claim the part carries (half an anchor "
        "within the part's words); shared R +parts: shared R counting those parts too. "
        "Facts carrying no keyed claim are unjudged.",
    )
    columns = ("set", "stories", "claims", "facts judged/unjudged", "cite P facts", "cite P summary", "cite P all",
               "shared R", "differs P", "differs R", "omit P", "silent P", "close P", "parts P", "shared R +parts")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column == "set" else "right")
    for name, s in results.items():
        table.add_row(
            name,
            str(s.stories),
            str(s.claims),
            f"{s.judged}/{s.unjudged}",
            s.cite_facts.show(),
            s.cite_summary.show(),
            s.citations.show(),
            s.shared.show(),
            s.differs_p.show(),
            s.differs_r.show(),
            s.omissions.show(),
            s.silent.show(),
            s.close.show(),
            s.parts.show(),
            s.shared_parts.show(),
        )
    return table


def print_errors(console: Console, name: str, s: Scores) -> None:
    """What to read before changing citations: the wrong ones first, then the misses."""
    console.print(f"[bold]{name}[/bold]: wrong citations (where, text, outlet, claims it does not state so)")
    for where, text, outlet, claims in s.wrong_citations:
        console.print(f"  {where:7} {text!r}\n          {outlet} ✗ {claims}")
    console.print(f"[bold]{name}[/bold]: wrong parts (part, outlet, claims it does not state so)")
    for text, outlet, claims in s.wrong_parts:
        console.print(f"  {text!r}\n          {outlet} ✗ {claims}")
    for kind, wrong in (("omissions", s.wrong_omissions), ("silences", s.wrong_silences)):
        console.print(f"[bold]{name}[/bold]: wrong {kind} (fact, outlet, claims it states)")
        for text, outlet, claims in wrong:
            console.print(f"  {text!r}\n          {outlet} ✗ {claims}")
    console.print(f"[bold]{name}[/bold]: shared claims not found for an outlet: {s.missed_shared}")
    console.print(f"[bold]{name}[/bold]: differs predicted not in key: {s.wrong_differs}")
    console.print(f"[bold]{name}[/bold]: differs in key not predicted: {s.missed_differs}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="list wrong citations, wrong omissions and misses")
    parser.add_argument("--setting", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"), help="as the CLI's --setting")
    args = parser.parse_args()
    settings = Settings.resolve(args.setting)
    console = Console(width=max(Console().width, 170))
    results: dict[str, Scores] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, paths in key_files().items():
            if not paths:
                continue
            pooled = Scores()
            for index, path in enumerate(paths):
                key = load_key(path)
                report, stories = story_report_for(key, Path(tmp) / f"{name}-{index}.db", settings)
                pooled += score_report(report, key, stories)
            results[name] = pooled
    console.print(results_table(results))
    for name, s in results.items():
        for line in s.split:
            console.print(f"[yellow]{name}: {line}[/yellow]")
    if args.errors:
        for name, s in results.items():
            print_errors(console, name, s)


if __name__ == "__main__":
    main()
    print(setup_line())
