from __future__ import annotations

import pytest

from connlint.redact import redact


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("spring.datasource.password=hunter22", "hunter22"),
        ("url=jdbc:mysql://app:s3cr3t@db/x", "s3cr3t"),
        ("mysql -uroot -pTopSecret -h db", "TopSecret"),
        ('conn = pymysql.connect(password="pw123456")', "pw123456"),
        ("keytool -importcert -storepass changeit2 -file x.pem", "changeit2"),
        ("jdbc:mysql://db/x?user=a&password=abc123&sslMode=REQUIRED", "abc123"),
    ],
)
def test_password_shapes_masked(line: str, secret: str) -> None:
    assert secret not in redact(line)


def test_known_secret_masked_anywhere() -> None:
    assert "zebra-42" not in redact("token = zebra-42", ["zebra-42"])


def test_ordinary_text_untouched() -> None:
    line = "spring.datasource.url=jdbc:mysql://db/app?sslMode=VERIFY_IDENTITY"
    assert redact(line) == line
