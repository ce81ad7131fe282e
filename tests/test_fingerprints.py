"""Fingerprints stay put when findings are added around them (issue 18, item 6)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from connlint.baseline import filter_new, load_baseline
from connlint.fingerprints import KEY, LEGACY_KEY, fingerprints, legacy_fingerprints
from connlint.model import Finding, Level, Location

URL = "jdbc:mysql://db.example.com/app?sslMode=DISABLED"


def _at(line: int, key: str, evidence: str = "sslMode=DISABLED") -> Finding:
    return Finding(
        "CL201",
        Level.ERROR,
        "m",
        Location("app.properties", line, 1, line, 9),
        evidence,
        snippet=f"{key}={URL}",
    )


def test_a_finding_inserted_above_an_identical_one_shifts_nothing() -> None:
    before = [_at(1, "spring.datasource.url"), _at(2, "app.replica.url")]
    after = [_at(1, "app.reports.url"), _at(2, "spring.datasource.url"), _at(3, "app.replica.url")]
    assert fingerprints(before) == fingerprints(after)[1:]
    assert legacy_fingerprints(before) != legacy_fingerprints(after)[1:]  # what v1 did


def test_copies_of_the_same_line_are_still_told_apart() -> None:
    prints = fingerprints([_at(1, "a.url"), _at(5, "a.url")])
    assert len(set(prints)) == 2


@given(
    st.lists(st.sampled_from(["a.url", "b.url", "c.url"]), min_size=1, max_size=8),
    st.sampled_from(["x.url", "y.url"]),
)
def test_inserting_a_distinct_line_anywhere_keeps_every_other_print(keys: list[str], new: str) -> None:
    findings = [_at(i, k) for i, k in enumerate(keys, 1)]
    for position in range(len(findings) + 1):
        grown = [*findings[:position], _at(0, new), *findings[position:]]
        kept = fingerprints(grown)
        del kept[position]
        assert kept == fingerprints(findings)


def test_a_v1_baseline_still_hides_its_findings(tmp_path: Path) -> None:
    findings = [_at(1, "spring.datasource.url"), _at(2, "app.replica.url")]
    old = tmp_path / "old.sarif"
    results = [{"partialFingerprints": {LEGACY_KEY: fp}} for fp in legacy_fingerprints(findings)]
    old.write_text(json.dumps({"runs": [{"results": results}]}))
    assert filter_new(findings, load_baseline(old)) == []
    new = tmp_path / "new.sarif"
    new.write_text(
        json.dumps({"runs": [{"results": [{"partialFingerprints": {KEY: fingerprints(findings)[0]}}]}]})
    )
    assert filter_new(findings, load_baseline(new)) == [findings[1]]
