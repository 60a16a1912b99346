package io.sqlmi.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TsqlTranslatorTest {
    @Test
    void globalVariablesAndBuiltInsBecomeSessionFunctions() {
        Translation translation = TsqlTranslator.translate(
                "SELECT @@SERVERNAME, @@spid, SERVERPROPERTY('EngineEdition'), DB_NAME(), SYSTEM_USER, @@IDENTITY");
        assertThat(translation.kind()).isEqualTo(Translation.Kind.H2);
        assertThat(translation.sql()).isEqualTo("SELECT SQLMI_SERVERNAME(), SQLMI_SPID(), "
                + "SQLMI_SERVERPROPERTY('EngineEdition'), SQLMI_DB_NAME(), SQLMI_SUSER_SNAME(), SCOPE_IDENTITY()");
    }

    @Test
    void typeNamesH2LacksAreRewritten() {
        String sql = TsqlTranslator.translate("CREATE TABLE t (a tinyint, b datetimeoffset(3), c datetime2, d time, "
                + "e datetime, f sysname, [time] int)").sql();
        assertThat(sql).isEqualTo("CREATE TABLE t (a PUBLIC.SQLMI_TINYINT, b TIMESTAMP(3) WITH TIME ZONE, "
                + "c TIMESTAMP(7), d TIME(7), e TIMESTAMP(3), f NVARCHAR(128), [time] int)");
        assertThat(TsqlTranslator.translate("SELECT CAST(x AS time), CONVERT(varchar(10), d, 120) FROM t").sql())
                .isEqualTo("SELECT CAST(x AS TIME(7)), CONVERT(varchar(10), d) FROM t");
        assertThat(TsqlTranslator.translate("SELECT x AT TIME ZONE 'UTC' FROM t").sql())
                .isEqualTo("SELECT x AT TIME ZONE 'UTC' FROM t");
    }

    @Test
    void declaredParametersBecomeTypedMarkers() {
        Translation translation = TsqlTranslator.translate("SELECT * FROM t WHERE a = @P0 AND b = @p1 OR c = @P0",
                Map.of("@P0", "INT", "@P1", "NVARCHAR(4000)"));
        assertThat(translation.sql()).isEqualTo(
                "SELECT * FROM t WHERE a = CAST(? AS INT) AND b = CAST(? AS NVARCHAR(4000)) OR c = CAST(? AS INT)");
        assertThat(translation.parameterOrder()).containsExactly("@P0", "@P1", "@P0");
        assertThat(translation.variablesUsed()).isEmpty();
    }

    @Test
    void declareSetAndSelectAssignmentUseSessionVariables() {
        Translation declare = TsqlTranslator.translate("DECLARE @a int = 1, @b AS nvarchar(10)");
        assertThat(declare.h2Sql()).containsExactly("SET @A = CAST(1 AS int)", "SET @B = CAST(NULL AS nvarchar(10))");
        assertThat(declare.variablesDeclared()).containsExactly("@A", "@B");
        assertThat(TsqlTranslator.translate("SET @a += 2").sql()).isEqualTo("SET @A = @A + (2)");
        Translation assign = TsqlTranslator.translate("SELECT @a = max(x), @b = min(y) FROM t WHERE z = 1");
        assertThat(assign.kind()).isEqualTo(Translation.Kind.SELECT_ASSIGN);
        assertThat(assign.sql()).isEqualTo("SELECT max(x), min(y) FROM t WHERE z = 1");
        assertThat(assign.variablesDeclared()).containsExactly("@A", "@B");
    }

    @Test
    void transactionAndSessionStatementsAreActions() {
        assertThat(TsqlTranslator.translate("BEGIN TRANSACTION t1").kind()).isEqualTo(Translation.Kind.BEGIN_TRANSACTION);
        assertThat(TsqlTranslator.translate("BEGIN TRAN t1").name()).isEqualTo("t1");
        assertThat(TsqlTranslator.translate("COMMIT TRAN WITH ( DELAYED_DURABILITY = ON )").name()).isNull();
        assertThat(TsqlTranslator.translate("ROLLBACK TRANSACTION sp").name()).isEqualTo("sp");
        assertThat(TsqlTranslator.translate("set implicit_transactions on ").flag()).isTrue();
        assertThat(TsqlTranslator.translate("SET NOCOUNT OFF").flag()).isFalse();
        assertThat(TsqlTranslator.translate("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").number())
                .isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
        assertThat(TsqlTranslator.translate("SET ANSI_NULLS ON").kind()).isEqualTo(Translation.Kind.IGNORED);
        assertThat(TsqlTranslator.translate("USE [My Db]").name()).isEqualTo("My Db");
        assertThat(TsqlTranslator.translate("CREATE DATABASE sales").kind()).isEqualTo(Translation.Kind.CREATE_DATABASE);
        assertThat(TsqlTranslator.translate("DROP DATABASE IF EXISTS sales").flag()).isTrue();
        assertThat(TsqlTranslator.translate("WAITFOR DELAY '00:01:02.5'").number()).isEqualTo(62_500);
        assertThat(TsqlTranslator.translate("EXEC sp_unprepare 12").number()).isEqualTo(12);
    }
}
