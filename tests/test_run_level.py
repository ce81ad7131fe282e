"""connlint.run_level: the checks that need every file's results (CL404 here),
the CA bundles connections name, found and read from the tree."""

from __future__ import annotations

import os
import signal
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from certs import g1, pem, rds_2019, root
from connlint.config import Config, ConfigError, from_mapping
from connlint.engine import lint_stdin, run, settings_from_config
from connlint.guard import STRICT_ENV
from connlint.run_level import RUN_LEVEL_RULES
from connlint.servers.bundle_files import BundleFiles, candidates

SCRIPT = "mysql --ssl-mode=VERIFY_CA --ssl-ca={ca} -h db.example.com app\n"


def _tree(tmp_path: Path, ca: str, bundle: bytes, where: str = "certs/ca.pem") -> Path:
    (tmp_path / "run.sh").write_text(SCRIPT.format(ca=ca))
    target = tmp_path / where
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bundle)
    return tmp_path


def _cl404(tmp_path: Path, config: Config | None = None) -> list[str]:
    report = run([tmp_path], config or Config(), jobs=1)
    return [
        f"{Path(f.location.path).name}:{f.location.line} {f.message.split(': ', 1)[1]}"
        for f in report.findings
        if f.rule == "CL404"
    ]


def test_run_level_rules() -> None:
    assert "CL404" in RUN_LEVEL_RULES and "CL201" not in RUN_LEVEL_RULES


def test_expired_certificate_of_a_named_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, "certs/ca.pem", pem(g1("eu-west-1"), rds_2019(), text="# a bundle\n"))
    assert _cl404(tmp_path) == [
        "ca.pem:22 1 of 2 certificates expired (`Amazon RDS Root 2019 CA` on 2024-08-22)"
    ]


def test_bundles_no_connection_names_are_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, "certs/other.pem", pem(rds_2019()))
    assert _cl404(tmp_path) == []


def test_expiry_horizon_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    soon = datetime.now(UTC).date() + timedelta(days=30)
    _tree(tmp_path, "certs/ca.pem", pem(root("Example Root", soon)))
    assert _cl404(tmp_path) == [f"ca.pem:1 1 of 1 expire within 90 days (`Example Root` on {soon})"]
    assert _cl404(tmp_path, Config(bundle_expiry_days=10)) == []
    assert from_mapping({"bundle-expiry-days": 10}, "t").bundle_expiry_days == 10
    with pytest.raises(ConfigError):
        from_mapping({"bundle-expiry-days": -1}, "t")


def test_suppression_comment_in_the_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, "certs/ca.pem", pem(rds_2019(), text="# connlint: ignore[CL404] kept for old clients\n"))
    report = run([tmp_path], Config(extend_select=("CL304",)), jobs=1)
    found = [f for f in report.findings if f.rule in ("CL404", "CL304")]
    assert [(f.rule, f.suppressed is not None) for f in found] == [("CL404", True)]


def test_found_by_name_and_absolute_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, "/opt/app/tls/rds.pem", pem(rds_2019()), where="deploy/certs/rds.pem")
    assert _cl404(tmp_path) == [
        "rds.pem:1 all 1 certificates expired (`Amazon RDS Root 2019 CA` on 2024-08-22): it verifies nothing"
    ]


def test_the_by_name_listing_is_made_by_a_worker_during_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from connlint.servers import bundle_files

    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, "/opt/app/tls/rds.pem", pem(rds_2019()), where="deploy/certs/rds.pem")
    listers = tmp_path.parent / f"{tmp_path.name}-listers"
    names_below = bundle_files.names_below

    def recorded(roots: Sequence[Path]) -> dict[str, list[Path]]:
        with open(listers, "a") as fh:
            fh.write(f"{os.getpid()}\n")
        return names_below(roots)

    monkeypatch.setattr(bundle_files, "names_below", recorded)
    assert _cl404(tmp_path) == [
        "rds.pem:1 all 1 certificates expired (`Amazon RDS Root 2019 CA` on 2024-08-22): it verifies nothing"
    ]
    assert [int(pid) for pid in listers.read_text().split()] != [os.getpid()]
    assert len(listers.read_text().split()) == 1


def test_a_lost_listing_is_made_at_the_end_instead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from connlint.servers import bundle_files

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(STRICT_ENV, raising=False)
    _tree(tmp_path, "/opt/app/tls/rds.pem", pem(rds_2019()), where="deploy/certs/rds.pem")
    parent, names_below = os.getpid(), bundle_files.names_below

    def crash_in_a_worker(roots: Sequence[Path]) -> dict[str, list[Path]]:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGSEGV)
        return names_below(roots)

    monkeypatch.setattr(bundle_files, "names_below", crash_in_a_worker)
    report = run([tmp_path], Config(), jobs=2)
    assert [f.location.path for f in report.findings if f.rule == "CL404"] == ["deploy/certs/rds.pem"]
    assert report.notifications == []


def test_of_two_files_of_that_name_the_nearest(tmp_path: Path) -> None:
    # A monorepo holding a service twice: each script's bundle is its own copy.
    for copy in ("a", "b"):
        (tmp_path / copy / "deploy" / "certs").mkdir(parents=True)
        (tmp_path / copy / "deploy" / "certs" / "rds.pem").write_bytes(pem(rds_2019()))
        (tmp_path / copy / "scripts").mkdir()
    files = BundleFiles([tmp_path])
    for copy in ("a", "b"):
        found = files.find("/opt/app/tls/rds.pem", tmp_path / copy / "scripts" / "run.sh")
        assert found == tmp_path / copy / "deploy" / "certs" / "rds.pem"
    # Equally near (both under the root only): no answer rather than a guess.
    assert files.find("/opt/app/tls/rds.pem", tmp_path / "run.sh") is None


def test_nothing_outside_the_run_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "outside.pem"
    outside.write_bytes(pem(rds_2019()))
    tree = tmp_path / "repo"
    tree.mkdir()
    (tree / "run.sh").write_text(SCRIPT.format(ca=outside) + SCRIPT.format(ca="../outside.pem"))
    monkeypatch.chdir(tree)
    assert _cl404(tree) == []
    files = BundleFiles([tree])
    assert files.find(str(outside), tree / "run.sh") is None
    assert files.find("../outside.pem", tree / "run.sh") is None


def test_candidates_of_written_paths(tmp_path: Path) -> None:
    src = tmp_path / "svc" / "src" / "main" / "java"
    found = [
        p.relative_to(tmp_path).as_posix()
        for p in candidates("classpath:rds.pem", src / "A.java", [tmp_path])
    ]
    assert "svc/src/main/resources/rds.pem" in found
    assert list(candidates("${CA_FILE}", tmp_path / "a.sh", [tmp_path])) == []
    assert [
        p.relative_to(tmp_path).as_posix()
        for p in candidates("file:/etc/ssl/x.pem", tmp_path / "a.sh", [tmp_path])
    ] == [
        "etc/ssl/x.pem",
        "etc/ssl/x.pem",
    ]


def test_standard_input_goes_through_the_stage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, "certs/ca.pem", pem(rds_2019()))
    report = lint_stdin(SCRIPT.format(ca="certs/ca.pem").encode(), "run.sh", Config())
    assert [f.rule for f in report.findings if f.rule == "CL404"] == ["CL404"]


def test_unreadable_store_is_a_notification(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, "certs/rds.jks", b"\xfe\xed\xfe\xed" + bytes(12), where="certs/rds.jks")
    report = run([tmp_path], Config(), jobs=1)
    assert any("Java KeyStore" in n.message for n in report.notifications)


def test_settings_carry_the_horizon() -> None:
    assert settings_from_config(Config(bundle_expiry_days=7)).bundle_expiry_days == 7
    assert os.sep  # the stage is path-separator agnostic (paths are shown with '/')
    assert date(2026, 1, 1) < date(2121, 1, 1)


def test_summary_names_three_and_counts_the_rest() -> None:
    from connlint.checks.bundles import summary
    from connlint.servers.bundles import Bundle, Certificate

    today = date(2026, 12, 6)
    old = [Certificate(f"CA {i}", date(2024, 1, i + 1), "RSA2048", True, i) for i in range(5)]
    soon = Certificate("Soon", date(2027, 1, 1), "RSA2048", True, 9)
    fine = Certificate("Fine", date(2061, 1, 1), "RSA2048", True, 10)
    bundle = Bundle("b.pem", "PEM", (*old, soon, fine))
    assert summary(bundle, [*old, soon], today, 90) == (
        "5 of 7 certificates expired (`CA 0` on 2024-01-01, `CA 1` on 2024-01-02, `CA 2` on 2024-01-03,"
        " and 2 more); 1 of 7 expire within 90 days (`Soon` on 2027-01-01)"
    )


def _cl104(tmp_path: Path) -> list[str]:
    report = run([tmp_path], Config(), jobs=1)
    return [f"{Path(f.location.path).name}:{f.location.line}" for f in report.findings if f.rule == "CL104"]


@pytest.mark.parametrize(
    ("certificates", "expected"),
    [
        # Refreshed under the legacy name: it holds a G1 root, so its content wins.
        (lambda: pem(root("Amazon RDS Root CA", date(2020, 3, 5)), g1("us-east-1")), []),
        # The legacy content under the legacy name: retired, as the name says.
        (lambda: pem(root("Amazon RDS Root CA", date(2020, 3, 5)), rds_2019()), ["run.sh:1"]),
        # Unreadable content says nothing: the name decides.
        (lambda: b"not a certificate", ["run.sh:1"]),
    ],
)
def test_a_retired_name_is_judged_by_its_committed_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, certificates: object, expected: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    name = "certs/rds-combined-ca-bundle.pem"
    _tree(tmp_path, name, certificates(), where=name)  # type: ignore[operator]
    assert _cl104(tmp_path) == expected


def test_a_shared_anchor_stays_reported_while_one_connection_has_no_copy() -> None:
    from connlint.model import Connection, Decision, Fact, FactKind, Location, TlsMode, Trust, TrustKind
    from connlint.run_level import refreshed_anchors
    from connlint.servers.bundles import read_bundle

    at = Location("a.sh", 1, 1, 1, 10)
    name = "rds-combined-ca-bundle.pem"
    fact = Fact(FactKind.TRUST_ANCHOR, at, "--ssl-ca", name)

    def conn(path: str) -> Connection:
        return Connection(
            "mysql",
            Location(path, 1, 1, 1, 1),
            TlsMode.VERIFY_CA,
            Decision.EXPLICIT,
            at,
            facts=(fact,),
            trust=Trust(TrustKind.CA_FILE, name, at),
        )

    refreshed = read_bundle(pem(g1("us-east-1")), name)
    assert refreshed.holds_current_roots()
    only = refreshed_anchors([conn("a.sh")], {("a.sh", name): refreshed})
    assert only == {(at, f"--ssl-ca={name}")}
    assert refreshed_anchors([conn("a.sh"), conn("b.sh")], {("a.sh", name): refreshed}) == set()
