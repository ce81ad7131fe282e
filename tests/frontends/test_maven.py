"""Maven front-end: driver dependencies of one pom.xml, versions located exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connlint.frontends import maven
from connlint.model import Dependency, Location


def pom(body: str, head: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
        "  <modelVersion>4.0.0</modelVersion>\n"
        f"{head}"
        "  <groupId>com.example</groupId>\n"
        "  <artifactId>app</artifactId>\n"
        "  <version>1.0.0</version>\n"
        f"{body}"
        "</project>\n"
    )


def dep(group: str, artifact: str, version: str | None = None) -> str:
    v = f"<version>{version}</version>" if version is not None else ""
    return f"<dependency><groupId>{group}</groupId><artifactId>{artifact}</artifactId>{v}</dependency>"


def deps(*items: str) -> str:
    return "  <dependencies>\n" + "".join(f"    {i}\n" for i in items) + "  </dependencies>\n"


def extract(text: str) -> list[Dependency]:
    return maven.extract("pom.xml", text).dependencies


def text_at(text: str, loc: Location) -> str:
    assert loc.line == loc.end_line
    return text.split("\n")[loc.line - 1][loc.column - 1 : loc.end_column - 1]


def test_literal_version_is_located_exactly() -> None:
    text = pom(deps(dep("mysql", "mysql-connector-java", "5.1.38")))
    [d] = extract(text)
    assert (d.ecosystem, d.name, d.version) == ("maven", "mysql:mysql-connector-java", "5.1.38")
    assert d.location == Location("pom.xml", 8, 95, 8, 101)
    assert text_at(text, d.location) == "5.1.38"


def test_all_three_coordinates_and_only_those() -> None:
    text = pom(
        deps(
            dep("mysql", "mysql-connector-java", "8.0.30"),
            dep("com.mysql", "mysql-connector-j", "8.0.31"),
            dep("org.mariadb.jdbc", "mariadb-java-client", "3.3.2"),
            dep("org.postgresql", "postgresql", "42.7.1"),
            dep("com.mysql", "mysql-connector-java", "8.0.31"),  # wrong group: not a real artifact
        )
    )
    found = {(d.name, d.version) for d in extract(text)}
    assert found == {
        ("mysql:mysql-connector-java", "8.0.30"),
        ("com.mysql:mysql-connector-j", "8.0.31"),
        ("org.mariadb.jdbc:mariadb-java-client", "3.3.2"),
    }


def test_whitespace_around_version_is_not_in_the_location() -> None:
    text = pom(
        "  <dependencies><dependency>\n"
        "    <groupId>com.mysql</groupId>\n"
        "    <artifactId>mysql-connector-j</artifactId>\n"
        "    <version>\n"
        "       8.0.13\n"
        "    </version>\n"
        "  </dependency></dependencies>\n"
    )
    [d] = extract(text)
    assert d.version == "8.0.13"
    assert text_at(text, d.location) == "8.0.13"
    assert d.location.line == 11


def test_property_version_points_at_the_property_definition() -> None:
    text = pom(
        deps(dep("mysql", "mysql-connector-java", "${mysql.version}")),
        head="  <properties>\n    <mysql.version>8.0.12</mysql.version>\n  </properties>\n",
    )
    [d] = extract(text)
    assert d.version == "8.0.12"
    assert d.location.line == 5
    assert text_at(text, d.location) == "8.0.12"


def test_nested_property_follows_to_the_literal() -> None:
    text = pom(
        deps(dep("mysql", "mysql-connector-java", "${mysql.version}")),
        head=(
            "  <properties>\n    <mysql.version>${v8}</mysql.version>\n    <v8>8.0.33</v8>\n  </properties>\n"
        ),
    )
    [d] = extract(text)
    assert d.version == "8.0.33"
    assert text_at(text, d.location) == "8.0.33"


def test_project_version_property() -> None:
    text = pom(deps(dep("com.mysql", "mysql-connector-j", "${project.version}")))
    [d] = extract(text)
    assert d.version == "1.0.0"


def test_undefined_property_is_unknown_with_one_notification() -> None:
    text = pom(
        deps(
            dep("mysql", "mysql-connector-java", "${nope}"),
            dep("org.mariadb.jdbc", "mariadb-java-client", "${nope2}"),
        )
    )
    out = maven.extract("pom.xml", text)
    assert [d.version for d in out.dependencies] == [None, None]
    assert "nope" in (out.dependencies[0].note or "")
    assert len(out.notifications) == 1


def test_property_cycle_is_unknown() -> None:
    text = pom(
        deps(dep("mysql", "mysql-connector-java", "${a}")),
        head="  <properties><a>${b}</a><b>${a}</b></properties>\n",
    )
    [d] = extract(text)
    assert d.version is None


def test_dependency_management_entry_and_versionless_use() -> None:
    text = pom(
        "  <dependencyManagement>\n"
        + deps(dep("com.mysql", "mysql-connector-j", "8.0.33"))
        + "  </dependencyManagement>\n"
        + deps(dep("com.mysql", "mysql-connector-j"))
    )
    [d] = extract(text)  # one declaration, reported once at the managed version
    assert d.version == "8.0.33"
    assert d.location.line == 9


def test_versionless_without_management_is_unknown() -> None:
    [d] = extract(pom(deps(dep("com.mysql", "mysql-connector-j"))))
    assert d.version is None
    assert d.note == "no version declared and none managed in this build"


def test_external_parent_manages_the_version() -> None:
    head = (
        "  <parent>\n"
        "    <groupId>org.springframework.boot</groupId>\n"
        "    <artifactId>spring-boot-starter-parent</artifactId>\n"
        "    <version>3.2.0</version>\n"
        "    <relativePath/>\n"
        "  </parent>\n"
    )
    [d] = extract(pom(deps(dep("com.mysql", "mysql-connector-j")), head=head))
    assert d.version is None
    assert d.note == "managed by org.springframework.boot:spring-boot-starter-parent:3.2.0"


def test_import_scope_bom_manages_the_version() -> None:
    bom = (
        "<dependency><groupId>org.springframework.boot</groupId>"
        "<artifactId>spring-boot-dependencies</artifactId><version>${boot.version}</version>"
        "<type>pom</type><scope>import</scope></dependency>"
    )
    text = pom(
        "  <dependencyManagement>\n"
        + deps(bom)
        + "  </dependencyManagement>\n"
        + deps(dep("mysql", "mysql-connector-java")),
        head="  <properties><boot.version>2.7.18</boot.version></properties>\n",
    )
    [d] = extract(text)
    assert d.version is None
    assert d.note == "managed by org.springframework.boot:spring-boot-dependencies:2.7.18"


def test_range_is_kept_as_spec() -> None:
    [d] = extract(pom(deps(dep("com.mysql", "mysql-connector-j", "[8.0,9.0)"))))
    assert d.version is None
    assert d.spec == "[8.0,9.0)"


def test_profile_dependencies_are_read() -> None:
    text = pom(
        "  <profiles><profile><id>mysql</id>\n"
        + deps(dep("mysql", "mysql-connector-java", "5.1.49"))
        + "  </profile></profiles>\n"
    )
    assert [d.version for d in extract(text)] == ["5.1.49"]


def test_plugin_dependencies_are_not_the_application_driver() -> None:
    text = pom(
        "  <build><plugins><plugin><artifactId>flyway-maven-plugin</artifactId>\n"
        + deps(dep("mysql", "mysql-connector-java", "5.1.49"))
        + "  </plugin></plugins></build>\n"
    )
    assert extract(text) == []


def test_comment_annotation_does_not_move_the_location() -> None:
    text = pom(
        "  <dependencies><dependency>\n"
        "    <groupId>mysql</groupId><artifactId>mysql-connector-java</artifactId>\n"
        "    <!-- ruleid: CL102 -->\n"
        "    <version>5.1.38</version>\n"
        "  </dependency></dependencies>\n"
    )
    [d] = extract(text)
    assert d.location == Location("pom.xml", 10, 14, 10, 20)


def test_non_ascii_before_version_counts_characters() -> None:
    text = pom(deps("<!-- é -->" + dep("mysql", "mysql-connector-java", "5.1.37")))
    [d] = extract(text)
    assert text_at(text, d.location) == "5.1.37"


def test_lone_surrogate_does_not_raise() -> None:
    # Found by fuzzing: surrogateescape cannot encode U+D900 (only U+DC80..U+DCFF).
    assert maven.extract("pom.xml", "\ud900").dependencies == []
    text = pom(deps("<!-- \ud900\udfff -->" + dep("mysql", "mysql-connector-java", "5.1.37")))
    [d] = extract(text)
    assert text_at(text, d.location) == "5.1.37"


def test_malformed_xml_is_one_notification_and_unknown_versions() -> None:
    text = pom(deps(dep("mysql", "mysql-connector-java", "5.1.38"))).replace(
        "</dependencies>", "</dependency>"
    )
    out = maven.extract("pom.xml", text)
    assert len(out.notifications) == 1
    assert "malformed XML" in out.notifications[0].message
    assert [(d.name, d.version) for d in out.dependencies] == [("mysql:mysql-connector-java", None)]


def _with_dtd(subset: str, body: str) -> str:
    """A POM whose document type declaration has the internal ``subset``."""
    return pom(body).replace("<project ", f"<!DOCTYPE project [{subset}]>\n<project ", 1)


def test_entity_references_are_unknown_and_the_rest_of_the_pom_is_read() -> None:
    # A DTD with entities made the whole POM "not analysed": a way to hide a driver.
    text = _with_dtd(
        '<!ENTITY v "8.0.33">',
        deps(dep("com.mysql", "mysql-connector-j", "&v;"), dep("mysql", "mysql-connector-java", "5.1.38")),
    )
    out = maven.extract("pom.xml", text)
    assert [(n.message, n.line) for n in out.notifications] == [
        ("DTD declares entities (v): no entity is expanded or fetched; 1 reference read as unknown values", 2)
    ]
    found = {d.name: d for d in out.dependencies}
    assert found["com.mysql:mysql-connector-j"].version is None  # never "8.0.33": not expanded
    assert found["com.mysql:mysql-connector-j"].note == "an XML entity reference, not expanded"
    old = found["mysql:mysql-connector-java"]
    assert old.version == "5.1.38" and text_at(text, old.location) == "5.1.38"  # columns as written


def test_billion_laughs_is_not_expanded() -> None:
    lol = '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    out = maven.extract("pom.xml", lol + "]><project>&i;</project>")
    (note,) = out.notifications
    assert note.message.startswith("DTD declares entities (a, b, c, d, e, f, g, h, i)")


def test_external_entities_are_not_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("8.0.13")
    text = _with_dtd(
        f'<!ENTITY f SYSTEM "{secret.as_uri()}"><!ENTITY % p SYSTEM "http://127.0.0.1:9/p"> %p;',
        deps(dep("mysql", "mysql-connector-java", "&f;")),
    )
    out = maven.extract("pom.xml", text)
    assert "8.0.13" not in str(out)
    assert [(d.name, d.version) for d in out.dependencies] == [("mysql:mysql-connector-java", None)]
    assert "(f, %p)" in out.notifications[0].message


def test_external_entity_is_not_fetched() -> None:
    text = '<!DOCTYPE p SYSTEM "http://example.invalid/p.dtd"><project><a>&x;</a></project>'
    out = maven.extract("pom.xml", text)
    assert out.dependencies == []
    assert [n.message for n in out.notifications] == [
        "entity references not expanded: 1 reference read as unknown values"
    ]


_ENTITY_NAMES = st.sampled_from(["v", "w", "x1", "mysql.version", "lol"])
_ENTITY = st.one_of(
    st.builds(
        lambda n, v: f'<!ENTITY {n} "{v}">', _ENTITY_NAMES, st.sampled_from(["8.0.33", "Zq9", "&v;", ""])
    ),
    st.builds(lambda n: f'<!ENTITY {n} SYSTEM "http://127.0.0.1:9/{n}">', _ENTITY_NAMES),
    st.builds(lambda n: f'<!ENTITY % {n} "Zq9">', _ENTITY_NAMES),
)
#: At least one entity, among other declarations.
_DECLARATIONS = st.lists(
    st.one_of(_ENTITY, st.just("<!ELEMENT project ANY>"), st.just("<!-- é -->"), st.just("\n")), max_size=4
).flatmap(lambda rest: st.builds(lambda e, i: [*rest[:i], e, *rest[i:]], _ENTITY, st.integers(0, len(rest))))


@given(_DECLARATIONS, st.sampled_from(["5.1.38", "${mysql.version}", "&v;", "8.0.1&w;"]), st.booleans())
def test_a_dtd_never_hides_what_the_pom_says(declarations: list[str], version: str, standalone: bool) -> None:
    body = deps(
        dep("mysql", "mysql-connector-java", version), dep("com.mysql", "mysql-connector-j", "8.0.30")
    )
    head = "<properties><mysql.version>8.0.11</mysql.version></properties>"
    plain = pom(body, head)
    text = _with_dtd("".join(declarations), body).replace("<modelVersion>", head + "<modelVersion>", 1)
    if standalone:
        text = text.replace('encoding="UTF-8"?>', 'encoding="UTF-8" standalone="yes"?>', 1)
    out = maven.extract("pom.xml", text)
    assert "Zq9" not in str(out)  # no entity expanded
    expected = {(d.name, d.version) for d in extract(plain.replace("&v;", "").replace("&w;", ""))}
    got = {(d.name, d.version) for d in out.dependencies}
    if "&" in version:  # a version with a reference is unknown, never a guess
        expected = {(n, None if n == "mysql:mysql-connector-java" else v) for n, v in expected}
    assert got == expected
    assert out.notifications and "expanded" in out.notifications[0].message


def test_not_a_pom() -> None:
    out = maven.extract("pom.xml", "<settings/>")
    assert out.dependencies == [] and len(out.notifications) == 1


def test_read_pom_chain_follows_relative_path_and_checks_coordinates(tmp_path: Path) -> None:
    (tmp_path / "parent").mkdir()
    (tmp_path / "app").mkdir()
    (tmp_path / "parent" / "pom.xml").write_text(
        "<project><groupId>g</groupId><artifactId>p</artifactId><version>1</version>"
        "<properties><mysql.version>8.0.13</mysql.version></properties></project>"
    )
    (tmp_path / "pom.xml").write_text("<project><groupId>g</groupId><artifactId>other</artifactId></project>")
    child = (
        "<project><parent><groupId>g</groupId><artifactId>p</artifactId><version>1</version>"
        "<relativePath>{rel}</relativePath></parent><artifactId>app</artifactId>"
        + deps(dep("mysql", "mysql-connector-java", "${mysql.version}"))
        + "</project>"
    )
    (tmp_path / "app" / "pom.xml").write_text(child.replace("{rel}", "../parent"))
    chain, outside = maven.read_pom_chain(tmp_path / "app" / "pom.xml", "app/pom.xml")
    assert [p.path for p in chain] == ["app/pom.xml", "parent/pom.xml"] and outside is None
    [d] = maven.resolve(chain, outside)
    assert d.version == "8.0.13" and d.location.path == "parent/pom.xml"

    # The default ../pom.xml has other coordinates: Maven would not use it.
    (tmp_path / "app" / "pom.xml").write_text(child.replace("<relativePath>{rel}</relativePath>", ""))
    chain, outside = maven.read_pom_chain(tmp_path / "app" / "pom.xml", "app/pom.xml")
    assert len(chain) == 1 and outside is not None and outside.gav == "g:p:1"
    [d] = maven.resolve(chain, outside)
    assert d.version is None and "g:p:1" in (d.note or "")


def test_child_property_overrides_parent_inside_managed_entry(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "pom.xml").write_text(
        "<project><groupId>g</groupId><artifactId>p</artifactId><version>1</version>"
        "<properties><mysql.version>5.1.37</mysql.version></properties><dependencyManagement>"
        + deps(dep("mysql", "mysql-connector-java", "${mysql.version}"))
        + "</dependencyManagement></project>"
    )
    (tmp_path / "app" / "pom.xml").write_text(
        "<project><parent><groupId>g</groupId><artifactId>p</artifactId><version>1</version></parent>"
        "<artifactId>app</artifactId><properties><mysql.version>5.1.38</mysql.version></properties>"
        + deps(dep("mysql", "mysql-connector-java"))
        + "</project>"
    )
    chain, outside = maven.read_pom_chain(tmp_path / "app" / "pom.xml", "app/pom.xml")
    [d] = maven.resolve(chain, outside)
    assert d.version == "5.1.38" and d.location.path == "app/pom.xml"


@settings(derandomize=True, max_examples=300)
@given(st.text())
def test_extract_never_raises_on_arbitrary_text(text: str) -> None:
    maven.extract("pom.xml", text)


@settings(derandomize=True, max_examples=200)
@given(
    st.text(alphabet="<>/!?&;[]\"'=${}-. \nabcprojectdependencyversionmysqlartifactIdgroupId", max_size=300)
)
def test_extract_never_raises_on_xmlish_text(text: str) -> None:
    maven.extract("pom.xml", "<project>" + text)


def test_extract_borrows_parent_properties_but_stays_in_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "pom.xml").write_text(
        "<project><groupId>g</groupId><artifactId>p</artifactId><version>1</version>\n"
        "<properties><mysql.version>8.0.13</mysql.version></properties><dependencyManagement>"
        + deps(dep("mysql", "mysql-connector-java", "${mysql.version}"))
        + "</dependencyManagement></project>"
    )
    child = (
        "<project><parent><groupId>g</groupId><artifactId>p</artifactId><version>1</version></parent>\n"
        "<artifactId>app</artifactId>\n"
        + deps(
            dep("mysql", "mysql-connector-java", "${mysql.version}"), dep("com.mysql", "mysql-connector-j")
        )
        + "</project>"
    )
    monkeypatch.chdir(tmp_path)
    out = maven.extract("app/pom.xml", child)
    by_name = {d.name: d for d in out.dependencies}
    ref = by_name["mysql:mysql-connector-java"]
    assert ref.version == "8.0.13" and ref.location.path == "app/pom.xml"
    assert text_at(child, ref.location) == "${mysql.version}"
    assert ref.note == "version `8.0.13` from pom.xml:2"
    managed = by_name["com.mysql:mysql-connector-j"]
    assert managed.version is None and managed.note == "managed by g:p:1"
    assert out.notifications == []
    # The parent reports its own managed version, at its property.
    [parent_dep] = maven.extract("pom.xml", (tmp_path / "pom.xml").read_text()).dependencies
    assert (parent_dep.version, parent_dep.location.path, parent_dep.location.line) == (
        "8.0.13",
        "pom.xml",
        2,
    )


def test_dependency_fragment_is_read() -> None:
    text = (
        "<dependency>\n  <groupId>com.mysql</groupId>\n  <artifactId>mysql-connector-j</artifactId>\n"
        "  <version>8.4.0</version>\n</dependency>\n"
    )
    [d] = extract(text)
    assert (d.version, d.location.line) == ("8.4.0", 4)
    assert [
        d.version
        for d in extract(
            "<dependencies>" + dep("mysql", "mysql-connector-java", "5.1.38") + "</dependencies>"
        )
    ] == ["5.1.38"]
