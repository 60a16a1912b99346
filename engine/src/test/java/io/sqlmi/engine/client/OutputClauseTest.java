package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import io.sqlmi.engine.support.EngineExtension;
import io.sqlmi.engine.support.Results;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 14, defect 4: OUTPUT inserted.* / deleted.* return the changed rows, as SQLAlchemy 2.x expects of every ORM insert. */
class OutputClauseTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    @BeforeEach
    void freshTable() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS people; CREATE TABLE people (id int IDENTITY(10,5) PRIMARY KEY, "
                    + "name nvarchar(20) NOT NULL, age int DEFAULT 30)");
        }
    }

    @Test
    void insertOutputInsertedReturnsGeneratedValues() throws SQLException {
        try (Connection connection = fixture.connect();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO people (name) OUTPUT inserted.id, inserted.age VALUES (?)")) {
            insert.setString(1, "ann");
            try (ResultSet rows = insert.executeQuery()) {
                assertThat(rows.getMetaData().getColumnName(1)).isEqualTo("id");
                assertThat(Results.rows(rows)).containsExactly("10|30");
            }
        }
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "INSERT INTO people (name, age) OUTPUT inserted.* VALUES (N'bob', 40), (N'cy', 50)")) {
            assertThat(Results.rows(rows)).containsExactly("15|bob|40", "20|cy|50");
        }
    }

    @Test
    void deleteAndUpdateOutputTheirRows() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO people (name, age) VALUES (N'a', 1), (N'b', 2), (N'c', 3)");
            try (ResultSet rows = statement.executeQuery(
                    "UPDATE people SET age = age + 10 OUTPUT inserted.name, inserted.age WHERE age >= 2")) {
                assertThat(Results.rows(rows)).containsExactlyInAnyOrder("b|12", "c|13");
            }
            try (ResultSet rows = statement.executeQuery("DELETE FROM people OUTPUT deleted.id, deleted.name WHERE age > 12")) {
                assertThat(Results.rows(rows)).containsExactly("20|c");
            }
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM people")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void outputOfBothOldAndNewValuesIsRefusedWith40517() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO people (name) VALUES (N'a')");
            SQLServerException error = catchThrowableOfType(SQLServerException.class, () -> statement.execute(
                    "UPDATE people SET age = 1 OUTPUT deleted.age, inserted.age"));
            assertThat(error.getErrorCode()).isEqualTo(40517);
            try (ResultSet rows = statement.executeQuery("SELECT age FROM people")) {
                rows.next();
                assertThat(rows.getInt(1)).as("the refused statement changed nothing").isEqualTo(30);
            }
        }
    }
}
