"""The prefilter's fast literal test agrees with its reference regexes."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connlint.frontends.kinds import KIND_BY_NAME
from connlint.prefilter import NEEDLES_BY_KIND, reference, wanted

KINDS = sorted(KIND_BY_NAME)
PIECES = [
    b"MySQL",
    b"mariaDB",
    b"JDBC:",
    b"jdbc",
    b"TrustStore",
    b"KEYTOOL",
    b"sslMode",
    b"SSL-MODE",
    b"ssl_mode",
    b"ssl mode",
    b"useSSL",
    b"ssl-CA",
    b"SSL_ca",
    b"sslca",
    b"AsyncMy",
    b"[client]",
    b"[ Client",
    b"[\tmysqld]",
    b"[mariadb-client]",
    b"[server]",
    b"my sql",
    b"\xc4\xb0",
    b"\x00",
    b"\n",
    b"postgres",
    b"x",
]


def _reference(kind: str, data: bytes) -> bool:
    return reference(kind).search(data) is not None


@pytest.mark.parametrize("kind", KINDS)
def test_needles_agree_with_reference_on_pieces(kind: str) -> None:
    rng = random.Random(kind)
    for _ in range(2000):
        data = b"".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6)))
        assert wanted(kind, data) == _reference(kind, data), (kind, data)


@given(st.sampled_from(KINDS), st.binary(max_size=64), st.sampled_from(PIECES), st.binary(max_size=8))
def test_needles_agree_with_reference(kind: str, head: bytes, piece: bytes, tail: bytes) -> None:
    data = head + piece + tail
    assert wanted(kind, data) == _reference(kind, data)


def test_unknown_kind_is_never_wanted() -> None:
    assert not wanted("markdown", b"jdbc:mysql://db")


def test_every_kind_has_a_fast_test() -> None:
    assert set(NEEDLES_BY_KIND) | {"option_file"} == set(KIND_BY_NAME)


def test_common_words_are_the_registry_words_and_the_jvm_and_tls_words() -> None:
    from connlint.clients import drivers

    java = {w.decode() for w in NEEDLES_BY_KIND["java"]}
    assert set(drivers.trigger_words()) <= java
    assert java == {
        *("mysql", "mariadb", "asyncmy", "jdbc:", "truststore", "keytool"),
        *("sslmode", "ssl-mode", "ssl_mode", "usessl", "ssl-ca", "ssl_ca"),
    }
