package io.sqlmi.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqlmi.engine.errors.SqlServerException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchParserTest {
    private static List<String> statements(String batch) {
        return BatchParser.parse(batch).stream().map(node -> ((BatchNode.Statement) node).text()).toList();
    }

    @Test
    void statementsWithoutSeparators() {
        assertThat(statements("INSERT INTO t VALUES (1) SELECT * FROM t UPDATE t SET a = 1 WHERE b = 2 DELETE FROM t"))
                .containsExactly("INSERT INTO t VALUES (1)", "SELECT * FROM t", "UPDATE t SET a = 1 WHERE b = 2",
                        "DELETE FROM t");
    }

    @Test
    void keywordsThatContinueAStatement() {
        assertThat(statements("INSERT INTO t SELECT a FROM s UNION ALL SELECT b FROM u")).hasSize(1);
        assertThat(statements("INSERT INTO t (a) EXEC p")).hasSize(1);
        assertThat(statements("CREATE TABLE c (id int REFERENCES p(id) ON DELETE CASCADE ON UPDATE SET NULL)")).hasSize(1);
        assertThat(statements("SELECT * FROM t WITH (NOLOCK) WHERE x = 1")).hasSize(1);
        assertThat(statements("WITH cte AS (SELECT 1 AS n) SELECT n FROM cte")).hasSize(1);
        assertThat(statements("WITH cte (n) AS (SELECT 1) INSERT INTO t SELECT n FROM cte")).hasSize(1);
        assertThat(statements("CREATE VIEW v AS SELECT 1 AS n")).hasSize(1);
        assertThat(statements("SELECT CASE WHEN a = 1 THEN 'x' ELSE 'y' END FROM t")).hasSize(1);
        assertThat(statements("DROP TABLE IF EXISTS t")).hasSize(1);
        assertThat(statements("SELECT TOP 5 WITH TIES a FROM t ORDER BY a")).hasSize(1);
        assertThat(statements("MERGE t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = s.a "
                + "WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id);")).hasSize(1);
    }

    @Test
    void insertValuesThenSelectAreTwo() {
        assertThat(statements("INSERT INTO t VALUES (1)\nSELECT SCOPE_IDENTITY() AS GENERATED_KEYS"))
                .containsExactly("INSERT INTO t VALUES (1)", "SELECT SCOPE_IDENTITY() AS GENERATED_KEYS");
    }

    @Test
    void ifElseAndBlocksBecomeNodes() {
        List<BatchNode> nodes = BatchParser.parse("IF @@TRANCOUNT > 0 COMMIT TRAN\n"
                + "IF EXISTS (SELECT 1 FROM t) BEGIN SELECT 1; SELECT 2 END ELSE SELECT 3");
        assertThat(nodes).hasSize(2);
        BatchNode.If first = (BatchNode.If) nodes.get(0);
        assertThat(first.condition()).isEqualTo("@@TRANCOUNT > 0");
        assertThat(((BatchNode.Statement) first.then()).text()).isEqualTo("COMMIT TRAN");
        BatchNode.If second = (BatchNode.If) nodes.get(1);
        assertThat(second.line()).isEqualTo(2);
        assertThat(((BatchNode.Block) second.then()).body()).hasSize(2);
        assertThat(((BatchNode.Statement) second.otherwise()).text()).isEqualTo("SELECT 3");
    }

    @Test
    void jdbcSavepointBatch() {
        List<BatchNode> nodes = BatchParser.parse(
                "IF @@TRANCOUNT = 0 BEGIN BEGIN TRAN IF @@TRANCOUNT = 2 COMMIT TRAN END SAVE TRAN sp1");
        assertThat(nodes).hasSize(2);
        assertThat(((BatchNode.Statement) nodes.get(1)).text()).isEqualTo("SAVE TRAN sp1");
    }

    @Test
    void linesAndCommentsAndStrings() {
        List<BatchNode> nodes = BatchParser.parse("-- leading comment\nSELECT 'a;b' /* SELECT */\n\nSELECT [x;y]");
        assertThat(((BatchNode.Statement) nodes.get(0)).line()).isEqualTo(2);
        assertThat(((BatchNode.Statement) nodes.get(1)).line()).isEqualTo(4);
        assertThat(nodes).hasSize(2);
    }

    @Test
    void unsupportedControlFlowIsReported() {
        assertThatThrownBy(() -> BatchParser.parse("WHILE 1 = 1 SELECT 1")).isInstanceOf(SqlServerException.class)
                .satisfies(e -> assertThat(((SqlServerException) e).number()).isEqualTo(40517));
        assertThatThrownBy(() -> BatchParser.parse("SELECT 'unterminated")).isInstanceOf(SqlServerException.class)
                .satisfies(e -> assertThat(((SqlServerException) e).number()).isEqualTo(102));
    }
}
