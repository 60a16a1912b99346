package io.sqlmi.engine.orm;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineExtension;
import io.sqlmi.engine.support.EngineFixture;
import io.sqlmi.engine.support.TestCertificate;
import io.sqlmi.engine.support.TestClients;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SQLAlchemy 2.0's ORM over python-tds (mssql+pytds) against the engine, over TLS: create_all from
 * models (twice: the second reflects and creates nothing), ORM inserts (OUTPUT inserted.*), joins
 * with COUNT and SUM, OFFSET/FETCH paging, updates, optimistic locking with version_id_col,
 * cascading deletes, schema reflection of columns, keys and indexes, drop_all.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class SqlAlchemyOrmTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    @Test
    void sqlalchemyOrmCreatesQueriesLocksOptimisticallyAndReflects() throws Exception {
        String json = TestClients.run("sqlalchemy_orm_check.py", List.of(String.valueOf(fixture.port()),
                EngineFixture.SA_PASSWORD, TestCertificate.certFile().toString()));
        assertThat(json)
                .contains("\"tables\": [\"author\", \"book\"]")
                .contains("\"ids\": [true, true, true]")
                .contains("\"page\": [\"Earthsea 3\", \"Earthsea 4\", \"Earthsea 5\"]")
                .contains("\"per_author\": [[\"Le Guin\", 5, \"15\"], [\"Tolkien\", 2, \"32.5\"]]")
                .contains("\"hobbit\": [\"Tolkien\", \"12.5\", \"1937-09-21T10:30:00\", 1]")
                .contains("\"after_update\": [\"13.99\", 2]")
                .contains("\"stale\": \"detected\"")
                .contains("\"books_left\": 2")
                .contains("[\"id\", \"INTEGER\", false], [\"author_id\", \"INTEGER\", false], [\"title\", "
                        + "\"NVARCHAR(100) COLLATE \\\"SQL_Latin1_General_CP1_CI_AS\\\"\", false], [\"price\", "
                        + "\"DECIMAL(8, 2)\", true], [\"published\", \"DATETIME2\", true]")
                .contains("\"pk\": [\"id\"]")
                .contains("\"fks\": [[[\"author_id\"], \"author\", [\"id\"]]]")
                .contains("\"indexes\": [[\"ix_book_title\", [\"title\"], false]]")
                .contains("\"unique\": [[\"name\"]]")
                .contains("\"dropped\": []");
    }
}
