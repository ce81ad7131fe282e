"""CL401 / CL402 on declared servers (checks/servers.py): the instances of a
repeated block that one setting decides give one finding, not one each.
"""

from __future__ import annotations

from connlint.checks import run_checks
from connlint.checks.findings import FileFacts
from connlint.model import Location, Server

_AT = Location("main.tf", 5, 1, 5, 30)
_CA = Location("main.tf", 8, 24, 8, 37)


def _instance(index: int, ca: str | None = "rds-ca-2019", ca_at: Location | None = _CA) -> Server:
    return Server(
        "terraform",
        "aws_db_instance",
        f"aws_db_instance.db[{index}]",
        _AT,
        identifier=f"db-{index}",
        ca=ca,
        ca_location=ca_at if ca else None,
    )


def _messages(servers: list[Server], rule: str) -> list[str]:
    return [f.message for f in run_checks(FileFacts("main.tf", [], servers=servers), frozenset({rule}))]


def test_instances_sharing_a_ca_literal_give_one_cl401() -> None:
    (message,) = _messages([_instance(0), _instance(1), _instance(2)], "CL401")
    assert message.startswith("`aws_db_instance.db[0]` (`db-0`) (and 2 more instances) uses the CA")


def test_instances_naming_no_ca_give_one_cl402() -> None:
    (message,) = _messages([_instance(0, ca=None), _instance(1, ca=None)], "CL402")
    assert message.startswith("`aws_db_instance.db[0]` (`db-0`) (and 1 more instance) names no CA")


def test_a_ca_set_in_another_place_is_its_own_finding() -> None:
    elsewhere = Location("main.tf", 12, 24, 12, 37)
    first, second = _messages([_instance(0), _instance(1, ca_at=elsewhere)], "CL401")
    assert "more" not in first and "more" not in second
