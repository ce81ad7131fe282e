from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends.xml import extract
from connlint.model import Candidate, Secret


def cands(text: str) -> list[Candidate]:
    return extract("a.xml", text).candidates


def keyed(c: Candidate) -> list[tuple[str, object]]:
    return [(s.key, s.value) for s in c.settings]


def test_tomcat_resource_with_entities_located():
    text = (
        "<Context>\n"
        '  <Resource url="jdbc:mysql://h/?useSSL=false&amp;sslMode=DISABLED" password="pw"\n'
        '            connectionProperties="tlsVersions=TLSv1;user=app"/>\n'
        "</Context>\n"
    )
    (c,) = cands(text)
    assert c.url is not None and c.url.text == "jdbc:mysql://h/?useSSL=false&sslMode=DISABLED"
    loc = c.url.locate(c.url.text.index("sslMode"))
    assert (loc.line, loc.column) == (2, 51)
    assert keyed(c) == [("password", Secret("pw")), ("tlsVersions", "TLSv1"), ("user", "app")]


def test_comments_and_other_databases_are_not_candidates():
    assert cands('<a><!-- <R url="jdbc:mysql://h/?useSSL=false"/> --></a>') == []
    assert cands('<a><R url="jdbc:postgresql://h/?sslmode=disable"/></a>') == []
    assert cands('<a u="jdbc:sqlserver://h;trustServerCertificate=true"/>') == []


def test_spring_bean_mysql_datasource():
    text = (
        '<beans><bean class="com.mysql.cj.jdbc.MysqlDataSource">\n'
        '  <property name="url" value="jdbc:mysql://h/db"/>\n'
        '  <property name="sslMode" value="VERIFY_CA"/>\n'
        '  <property name="password"><value>${DB_PW}</value></property>\n'
        "</bean></beans>\n"
    )
    (c,) = cands(text)
    assert c.url is not None and c.url.text == "jdbc:mysql://h/db"
    assert [(s.key, s.value, s.unknown) for s in c.settings] == [
        ("sslMode", "VERIFY_CA", None),
        ("password", None, "${DB_PW}"),
    ]
    assert c.settings[0].value_span is not None and c.settings[0].value_span.locate().column == 35


def test_pool_bean_keeps_only_driver_settings():
    text = (
        '<bean class="com.zaxxer.hikari.HikariDataSource">'
        '<property name="jdbcUrl" value="jdbc:mariadb://h/"/>'
        '<property name="maximumPoolSize" value="10"/>'
        '<property name="dataSourceProperties"><props><prop key="sslMode">disable</prop></props></property>'
        "</bean>"
    )
    (c,) = cands(text)
    assert keyed(c) == [("sslMode", "disable")]


def test_persistence_unit():
    text = (
        '<persistence><persistence-unit name="p"><properties>\n'
        '<property name="jakarta.persistence.jdbc.url" value="jdbc:mysql://h/db"/>\n'
        '<property name="jakarta.persistence.jdbc.password" value="pw"/>\n'
        '<property name="hibernate.connection.sslMode" value="REQUIRED"/>\n'
        '<property name="hibernate.connection.pool_size" value="3"/>\n'
        "</properties></persistence-unit></persistence>\n"
    )
    (c,) = cands(text)
    assert keyed(c) == [("password", Secret("pw")), ("sslMode", "REQUIRED")]


def test_text_url():
    (c,) = cands("<ds>\n  <connection-url>jdbc:mysql://h/?sslMode=REQUIRED</connection-url>\n</ds>")
    assert c.url is not None and c.url.locate().column == 19


def test_external_entities_are_not_fetched():
    result = extract("a.xml", '<!DOCTYPE a SYSTEM "http://127.0.0.1:9/x.dtd"><a u="jdbc:mysql://h/"/>')
    assert [c.url.text for c in result.candidates if c.url] == ["jdbc:mysql://h/"]


def test_malformed_xml_is_a_notification():
    result = extract("a.xml", "<a>\n<b></a>")
    assert [n.line for n in result.notifications] == [2]


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.text())
def test_never_raises(text: str) -> None:
    extract("a.xml", text)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.text(alphabet="<>/!?&;#x[]\"'= \nabeanpropertyurlvaluejdbc:mysql${}"))
def test_never_raises_on_xml_like_text(text: str) -> None:
    extract("a.xml", text)


def test_urls_found_and_located_after_wide_characters_placeholders_and_crlf() -> None:
    # values are located only when they may matter: the text check must still
    # find a URL behind a placeholder default, an entity or wide characters
    text = (
        "<a>\r\n"
        "  <b note='é€𝄞'>plain</b>\r\n"
        '  <c u="${DB_URL:jdbc:mysql://h/?sslMode=DISABLED}"/>\r\n'
        "  <d>&#106;dbc:mysql://h/?useSSL=false</d>\r\n"
        '  <e x="é" url="jdbc:mysql://h/?a=1&amp;sslMode=REQUIRED"/>\r\n'
        "</a>\r\n"
    )
    found: dict[str, tuple[int, int]] = {}
    for c in cands(text):
        assert c.url is not None
        loc = c.url.locate(len(c.url.text) - 1)
        found[c.url.text] = (loc.line, loc.column)
    assert found == {
        "jdbc:mysql://h/?sslMode=DISABLED": (3, 49),
        "jdbc:mysql://h/?useSSL=false": (4, 38),
        "jdbc:mysql://h/?a=1&sslMode=REQUIRED": (5, 56),
    }


def test_elements_outside_beans_are_dropped_as_they_close(monkeypatch):
    # Memory follows the depth of the document, not its size: a 2 MB context
    # file held ~47,000 elements (72 MB) before.
    import gc

    from connlint.frontends import xml

    live: list[int] = []
    real_end = xml._Reader._end
    calls = 0

    def counting_end(self: xml._Reader, element: xml._Element) -> None:
        nonlocal calls
        calls += 1
        real_end(self, element)
        if calls % 1000 == 0:
            live.append(sum(type(o) is xml._Element for o in gc.get_objects()))

    monkeypatch.setattr(xml._Reader, "_end", counting_end)
    items = "".join(f'  <item id="i{i}"><name>n{i}</name><v>{i}</v></item>\n' for i in range(3000))
    bean = '<bean class="com.mysql.cj.jdbc.MysqlDataSource"><property name="url" value="jdbc:mysql://h/"/></bean>'
    url = "<url>jdbc:mysql://h/?sslMode=DISABLED</url>"
    (a, b) = cands(f"<root>\n{bean}\n{items}{url}\n</root>\n")
    assert a.url is not None and a.url.text == "jdbc:mysql://h/"
    assert b.url is not None and b.url.text == "jdbc:mysql://h/?sslMode=DISABLED"
    assert len(live) == 9 and max(live) < 20


# A DTD that declares entities no longer stops the file (an easy way to hide a
# setting): the file is analysed with every entity reference an unknown value,
# nothing expanded (billion laughs) or fetched (XXE), and a notification says
# what was not read.
_LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))


def test_entities_in_the_dtd_leave_the_rest_analysed() -> None:
    text = (
        '<?xml version="1.0" standalone="yes"?>\n'
        f'<!DOCTYPE beans [\n  {_LAUGHS}\n  <!ENTITY mode "VERIFY_IDENTITY">\n]>\n'
        "<beans>\n"
        '  <bean class="com.mysql.cj.jdbc.MysqlDataSource">\n'
        '    <property name="url" value="jdbc:mysql://db.example.com/app?sslMode=DISABLED"/>\n'
        "  </bean>\n"
        '  <Resource url="jdbc:mysql://h/db?sslMode=&mode;&amp;x=1"/>\n'
        "  <url>jdbc:mysql://t/db?sslMode=&l9;&amp;y=&#50;</url>\n"
        "</beans>\n"
    )
    result = extract("a.xml", text)
    urls = {c.url.text: c.url.locate() for c in result.candidates if c.url}
    assert set(urls) == {
        "jdbc:mysql://db.example.com/app?sslMode=DISABLED",
        "jdbc:mysql://h/db?sslMode=\ufffc&x=1",
        "jdbc:mysql://t/db?sslMode=\ufffc&y=2",
    }
    assert urls["jdbc:mysql://db.example.com/app?sslMode=DISABLED"].line == 8
    h, t = urls["jdbc:mysql://h/db?sslMode=\ufffc&x=1"], urls["jdbc:mysql://t/db?sslMode=\ufffc&y=2"]
    assert (h.line, h.column, t.line, t.column) == (10, 18, 11, 8)
    [note] = result.notifications
    assert note.line == 2 and "(l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, ...)" in note.message
    assert "no entity is expanded or fetched" in note.message and "2 references" in note.message
    assert "lol" not in str(result) and "VERIFY_IDENTITY" not in str(result)


def test_external_and_parameter_entities_are_unknown_and_never_fetched() -> None:
    text = (
        '<!DOCTYPE r [\n <!ENTITY f SYSTEM "file:///etc/passwd">\n'
        ' <!ENTITY % p SYSTEM "http://127.0.0.1:9/p">\n %p;\n]>\n'
        '<r url="jdbc:mysql://h/?sslMode=DISABLED">&f;&undeclared;</r>\n'
    )
    result = extract("a.xml", text)
    assert [c.url.text for c in result.candidates if c.url] == ["jdbc:mysql://h/?sslMode=DISABLED"]
    [note] = result.notifications
    assert "f, %p" in note.message and "root" not in str(result)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(['<!ENTITY a "x">', '<!ENTITY % b "y">', "<!-- ]> -->", "&a;", "&amp;", "é", "\n"])
    )
)
def test_entities_never_raise_and_never_hide_a_later_url(pieces: list[str]) -> None:
    dtd = '<!ENTITY a "x">' + "".join(p for p in pieces if p.startswith("<!") or p == "\n")
    text = f"<!DOCTYPE r [{dtd}]>\n<r>{''.join(p for p in pieces if not p.startswith('<!'))}<u>jdbc:mysql://h/</u></r>"
    assert "jdbc:mysql://h/" in [c.url.text for c in extract("a.xml", text).candidates if c.url]
