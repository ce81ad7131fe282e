"""The AWS Advanced JDBC Wrapper's data source configured by keys: Spring Boot
(HikariCP data source properties, a bound bean), HikariCP property files,
Spring XML beans and Tomcat resources."""

from __future__ import annotations

import pytest

from connlint.frontends import aws_datasource
from connlint.frontends import properties as properties_frontend
from connlint.frontends import xml as xml_frontend
from connlint.frontends import yaml as yaml_frontend
from connlint.frontends.spring import Located
from connlint.model import DYNAMIC, Candidate


def located(text: str, line: int = 1) -> Located:
    out = Located()
    out.add(text, (line, 1))
    return out


def built(**parts: str) -> str | None:
    url = aws_datasource.url({k: located(v, n) for n, (k, v) in enumerate(parts.items(), 1)}, (1, 1))
    return url.text if url is not None else None


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ({"protocol": "jdbc:mysql:", "server": "db", "port": "3306", "database": "app"},
         "jdbc:aws-wrapper:mysql://db:3306/app"),
        ({"protocol": "jdbc:mariadb:", "server": "db"}, "jdbc:aws-wrapper:mariadb://db/"),
        ({"target": "org.mariadb.jdbc.MariaDbDataSource", "server": "db"}, "jdbc:aws-wrapper:mariadb://db/"),
        ({"target": "com.mysql.cj.jdbc.MysqlDataSource", "server": "db"}, "jdbc:aws-wrapper:mysql://db/"),
        ({"protocol": "jdbc:postgresql:", "server": "db", "target": "x.MysqlDataSource"}, None),
        ({"protocol": "jdbc:mysql:"}, None),  # no server: the wrapper refuses to connect
        ({"server": "db"}, None),  # no driver named
        ({"url": " jdbc:aws-wrapper:mysql://db/app?sslMode=1 "}, "jdbc:aws-wrapper:mysql://db/app?sslMode=1"),
        ({"url": "jdbc:aws-wrapper:postgresql://db/app", "protocol": "jdbc:mysql:", "server": "x"}, None),
        ({"url": DYNAMIC}, DYNAMIC),
    ],
)  # fmt: skip
def test_url(parts: dict[str, str], expected: str | None) -> None:
    assert built(**parts) == expected


def test_class_names() -> None:
    assert aws_datasource.is_data_source("software.amazon.jdbc.ds.AwsWrapperDataSource")
    assert aws_datasource.is_data_source("AwsWrapperDataSource")
    assert not aws_datasource.is_data_source("software.amazon.jdbc.ds.AwsWrapperXADataSourceX")
    assert aws_datasource.is_factory(" software.amazon.jdbc.ds.AwsWrapperDataSourceFactory ")


def jdbc(candidates: list[Candidate]) -> list[tuple[str, dict[str, object]]]:
    return [
        (c.url.text if c.url is not None else "", {s.key: s.value for s in c.settings})
        for c in candidates
        if c.kind.value == "jdbc"
    ]


_HIKARI_YAML = """\
spring:
  datasource:
    username: app
    hikari:
      data-source-class-name: software.amazon.jdbc.ds.AwsWrapperDataSource
      data-source-properties:
        jdbcProtocol: "jdbc:mariadb:"
        serverName: db.example.com
        serverPort: 3306
        database: app
        targetDataSourceClassName: org.mariadb.jdbc.MariaDbDataSource
        wrapperPlugins: failover2
"""


def test_hikari_data_source_properties_in_yaml() -> None:
    ((url, settings),) = jdbc(yaml_frontend.extract("application.yml", _HIKARI_YAML).candidates)
    assert url == "jdbc:aws-wrapper:mariadb://db.example.com:3306/app"
    assert settings == {"user": "app", "wrapperPlugins": "failover2"}  # the parts are the data source's own


def test_the_url_is_located_where_its_parts_are_written() -> None:
    (candidate,) = yaml_frontend.extract("application.yml", _HIKARI_YAML).candidates
    assert candidate.url is not None
    assert candidate.url.locate().line == 7  # jdbcProtocol
    host = candidate.url.text.index("db.example.com")
    assert candidate.url.locate(host, host + 1).line == 8  # serverName


def test_the_class_key_may_come_last_and_in_properties() -> None:
    text = (
        "spring.datasource.hikari.data-source-properties.jdbcUrl="
        "jdbc:aws-wrapper:mysql://db.example.com/app?sslMode=VERIFY_IDENTITY\n"
        "spring.datasource.hikari.data-source-class-name=software.amazon.jdbc.ds.AwsWrapperDataSource\n"
    )
    ((url, settings),) = jdbc(properties_frontend.extract("application.properties", text).candidates)
    assert url == "jdbc:aws-wrapper:mysql://db.example.com/app?sslMode=VERIFY_IDENTITY" and settings == {}


def test_a_postgresql_target_is_not_a_connection() -> None:
    text = _HIKARI_YAML.replace("jdbc:mariadb:", "jdbc:postgresql:").replace(
        "org.mariadb.jdbc.MariaDbDataSource", "org.postgresql.ds.PGSimpleDataSource"
    )
    assert jdbc(yaml_frontend.extract("application.yml", text).candidates) == []


def test_another_data_source_keeps_its_properties_as_driver_settings() -> None:
    text = _HIKARI_YAML.replace("software.amazon.jdbc.ds.AwsWrapperDataSource", "com.zaxxer.Other")
    ((_, settings),) = jdbc(yaml_frontend.extract("application.yml", text).candidates)
    assert settings["serverName"] == "db.example.com" and settings["jdbcProtocol"] == "jdbc:mariadb:"


def test_hikari_property_file() -> None:
    text = (
        "dataSourceClassName=software.amazon.jdbc.ds.AwsWrapperDataSource\n"
        "dataSource.jdbcProtocol=jdbc:mysql:\n"
        "dataSource.serverName=${DB_HOST}\n"
        "dataSource.targetDataSourceClassName=com.mysql.cj.jdbc.MysqlDataSource\n"
    )
    ((url, _),) = jdbc(properties_frontend.extract("hikari.properties", text).candidates)
    assert url == f"jdbc:aws-wrapper:mysql://{DYNAMIC}/"


def test_a_bean_bound_by_configuration_properties() -> None:
    text = (
        "app:\n  audit:\n    jdbc-protocol: 'jdbc:mysql:'\n    server-name: audit-db\n"
        "    target-data-source-class-name: com.mysql.cj.jdbc.MysqlDataSource\n"
        "    target-data-source-properties:\n      sslMode: VERIFY_CA\n"
    )
    ((url, settings),) = jdbc(yaml_frontend.extract("application.yml", text).candidates)
    assert (url, settings) == ("jdbc:aws-wrapper:mysql://audit-db/", {"sslMode": "VERIFY_CA"})


def test_spring_xml_bean() -> None:
    text = """<beans>
  <bean id="ds" class="software.amazon.jdbc.ds.AwsWrapperDataSource">
    <property name="jdbcProtocol" value="jdbc:mysql:"/>
    <property name="serverName" value="db.example.com"/>
    <property name="serverPort" value="3306"/>
    <property name="user" value="app"/>
    <property name="targetDataSourceProperties">
      <props><prop key="sslMode">REQUIRED</prop></props>
    </property>
    <property name="targetDataSourceClassName" value="com.mysql.cj.jdbc.MysqlDataSource"/>
  </bean>
  <bean id="pg" class="software.amazon.jdbc.ds.AwsWrapperDataSource">
    <property name="jdbcUrl" value="jdbc:aws-wrapper:postgresql://pg.example.com/app"/>
  </bean>
</beans>
"""
    ((url, settings),) = jdbc(xml_frontend.extract("beans.xml", text).candidates)
    assert url == "jdbc:aws-wrapper:mysql://db.example.com:3306/"
    assert settings == {"user": "app", "sslMode": "REQUIRED"}


def test_tomcat_resource_with_the_wrappers_factory() -> None:
    text = """<Context>
  <Resource name="jdbc/app" auth="Container" type="javax.sql.DataSource"
            factory="software.amazon.jdbc.ds.AwsWrapperDataSourceFactory"
            jdbcUrl="jdbc:aws-wrapper:mysql://db.example.com/app" user="app"
            sslMode="VERIFY_IDENTITY" maxTotal="20"/>
</Context>
"""
    ((url, settings),) = jdbc(xml_frontend.extract("context.xml", text).candidates)
    assert url == "jdbc:aws-wrapper:mysql://db.example.com/app"
    # Every attribute but Tomcat's and the factory's own reaches the driver.
    assert settings == {"user": "app", "sslMode": "VERIFY_IDENTITY", "maxTotal": "20"}
