package io.sqlmi.engine.sql;

import io.sqlmi.engine.errors.SqlError;
import java.util.List;
import java.util.Set;

/**
 * CREATE, ALTER, DROP, TRUNCATE of tables, indexes, views, schemas, sequences, and of databases.
 * Column types are translated in their type positions only; what H2 has no counterpart for and that
 * does not change what the data means is dropped (CLUSTERED, ON [PRIMARY], WITH (options), COLLATE,
 * INCLUDE, WITH CHECK); what would change it is refused with 40517 (a filtered unique index other than
 * "WHERE key IS NOT NULL", computed columns, temporary tables, routines, user-defined types).
 */
final class SchemaStatements {
    private static final Set<String> TABLE_CONSTRAINTS = Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK",
            "INDEX");
    private static final Set<String> DROPPED_WORDS = Set.of("CLUSTERED", "NONCLUSTERED", "ROWGUIDCOL", "SPARSE",
            "PERSISTED");
    private static final Set<String> UNSUPPORTED_OBJECTS = Set.of("TYPE", "LOGIN", "USER", "ROLE", "ASSEMBLY",
            "CERTIFICATE", "SYNONYM", "FULLTEXT", "XML", "COLUMNSTORE", "SPATIAL", "PARTITION", "AGGREGATE", "RULE",
            "DEFAULT", "QUEUE", "SERVICE", "EVENT", "MASTER", "SYMMETRIC", "ASYMMETRIC", "CREDENTIAL", "EXTERNAL",
            "STATISTICS");

    private SchemaStatements() {
    }

    static Translation translate(StatementKind kind, Rewriter rewriter) {
        SqlText sql = rewriter.sql();
        return switch (kind) {
            case CREATE_DATABASE -> new Translation.Database(Translation.Database.Action.CREATE, name(sql, 2), false);
            case DROP_DATABASE -> {
                boolean ifExists = sql.isWord(2, "IF") && sql.isWord(3, "EXISTS");
                int at = ifExists ? 4 : 2;
                if (at + 1 != sql.size()) {
                    throw sql.syntaxError(at + 1);
                }
                yield new Translation.Database(Translation.Database.Action.DROP, name(sql, at), ifExists);
            }
            case ALTER_DATABASE -> new Translation.Ignored("ALTER DATABASE");
            case ROUTINE -> throw SqlError.NOT_SUPPORTED.exception(sql.word(0) + " " + routineWord(sql));
            case TRUNCATE -> run(kind, "TABLE", rewriter, rewriter.rewrite(0, sql.size()));
            case DROP -> drop(rewriter);
            case CREATE, ALTER -> createOrAlter(kind, rewriter);
            default -> throw new IllegalArgumentException(kind.name());
        };
    }

    private static Translation run(StatementKind kind, String object, Rewriter rewriter, String h2) {
        return new Translation.Run(kind, object, rewriter.sqlOf(h2), List.of());
    }

    private static String name(SqlText sql, int index) {
        if (!sql.isName(index)) {
            throw sql.syntaxError(index);
        }
        return sql.get(index).identifier();
    }

    private static String routineWord(SqlText sql) {
        int i = 1;
        if (sql.isWord(i, "OR")) {
            i += 2;
        }
        return sql.word(i);
    }

    private static Translation drop(Rewriter rewriter) {
        SqlText sql = rewriter.sql();
        String object = sql.word(1);
        if (UNSUPPORTED_OBJECTS.contains(object) || object.equals("PROCEDURE") || object.equals("PROC")
                || object.equals("FUNCTION") || object.equals("TRIGGER")) {
            throw SqlError.NOT_SUPPORTED.exception("DROP " + object);
        }
        if (object.equals("INDEX")) {
            // DROP INDEX name ON table: H2 names indexes within the schema
            int on = sql.findWord(2, sql.size(), "ON");
            if (on > 0) {
                String h2 = rewriter.rewrite(0, on);
                String schema = on + 2 < sql.size() && sql.isSymbol(on + 2, ".") ? sql.get(on + 1).identifier() : null;
                if (schema != null) {
                    int nameAt = on - 1;
                    h2 = rewriter.rewrite(0, nameAt) + " " + schema + "." + rewriter.rewrite(nameAt, on);
                }
                return run(StatementKind.DROP, object, rewriter, h2);
            }
        }
        return run(StatementKind.DROP, object, rewriter, rewriter.rewrite(0, sql.size()));
    }

    private static Translation createOrAlter(StatementKind kind, Rewriter rewriter) {
        SqlText sql = rewriter.sql();
        int i = 1;
        boolean orAlter = sql.isWord(1, "OR") && sql.isWord(2, "ALTER");
        if (orAlter) {
            i = 3;
        }
        boolean unique = false;
        while (Set.of("UNIQUE", "CLUSTERED", "NONCLUSTERED").contains(sql.word(i))) {
            unique |= sql.isWord(i, "UNIQUE");
            i++;
        }
        String object = sql.word(i);
        if (UNSUPPORTED_OBJECTS.contains(object)) {
            throw SqlError.NOT_SUPPORTED.exception(sql.word(0) + " " + object);
        }
        return switch (object) {
            case "TABLE" -> kind == StatementKind.CREATE ? createTable(rewriter, i + 1) : alterTable(rewriter, i + 1);
            case "INDEX" -> index(kind, rewriter, i, unique);
            case "VIEW" -> view(kind, rewriter, i, orAlter);
            case "SCHEMA" -> {
                int authorization = sql.findWord(i + 1, sql.size(), "AUTHORIZATION");
                int end = authorization < 0 ? sql.size() : authorization;
                yield run(kind, object, rewriter, rewriter.rewrite(0, end));
            }
            case "SEQUENCE" -> sequence(kind, rewriter, i);
            default -> run(kind, object, rewriter, rewriter.rewrite(0, sql.size()));
        };
    }

    private static Translation createTable(Rewriter rewriter, int nameAt) {
        SqlText sql = rewriter.sql();
        if (sql.isName(nameAt) && sql.get(nameAt).identifier().startsWith("#")) {
            throw SqlError.NOT_SUPPORTED.exception("temporary tables (#" + sql.get(nameAt).identifier().substring(1)
                    + ")");
        }
        int open = nameAt;
        while (open < sql.size() && !sql.isSymbol(open, "(")) {
            open++;
        }
        if (open >= sql.size()) {
            throw sql.syntaxError(open);
        }
        int close = sql.closingParenthesis(open);
        StringBuilder h2 = new StringBuilder(rewriter.rewrite(0, open + 1));
        List<int[]> elements = sql.splitOnCommas(open + 1, close);
        for (int n = 0; n < elements.size(); n++) {
            int[] element = elements.get(n);
            h2.append(n == 0 ? rewriter.gap(element[0]) : "," + rewriter.gap(element[0]));
            h2.append(TABLE_CONSTRAINTS.contains(sql.word(element[0])) ? constraint(rewriter, element[0], element[1])
                    : columnDefinition(rewriter, element[0], element[1]));
        }
        h2.append(rewriter.gap(close)).append(')');
        // ON [PRIMARY], TEXTIMAGE_ON, WITH (DATA_COMPRESSION = ...): storage options H2 has no use for
        for (int i = close + 1; i < sql.size(); i++) {
            String word = sql.word(i);
            if ((word.equals("ON") || word.equals("TEXTIMAGE_ON") || word.equals("FILESTREAM_ON")) && sql.isName(i + 1)) {
                i++;
            } else if (word.equals("WITH") && sql.isSymbol(i + 1, "(")) {
                i = sql.closingParenthesis(i + 1);
            } else {
                throw sql.syntaxError(i);
            }
        }
        return run(StatementKind.CREATE, "TABLE", rewriter, h2.toString());
    }

    /** name type [NULL | NOT NULL | IDENTITY(s, i) | DEFAULT expr | constraints ...], or name AS expression. */
    static String columnDefinition(Rewriter rewriter, int from, int to) {
        SqlText sql = rewriter.sql();
        if (!sql.isName(from)) {
            throw sql.syntaxError(from);
        }
        String column = sql.get(from).text();
        if (sql.isWord(from + 1, "AS")) {
            // H2 needs a computed column's type, which T-SQL infers from the expression
            throw SqlError.NOT_SUPPORTED.exception("computed columns (" + column + " AS ...)");
        }
        int typeAt = from + 1;
        if (!sql.isName(typeAt)) {
            throw sql.syntaxError(typeAt);
        }
        int typeEnd = typeAt + 1;
        if (sql.isSymbol(typeEnd, ".")) {
            throw SqlError.NOT_SUPPORTED.exception("user-defined types");
        }
        if (sql.isSymbol(typeEnd, "(")) {
            typeEnd = sql.closingParenthesis(typeEnd) + 1;
        }
        TypeNames.H2Type type = TypeNames.toH2(sql.get(typeAt).identifier(), sql.source(typeAt + 1, typeEnd));
        StringBuilder out = new StringBuilder(column).append(' ').append(type.sql());
        out.append(options(rewriter, typeEnd, to));
        return out.toString();
    }

    /** Column or constraint options, without the words H2 does not know and that change nothing here. */
    private static String options(Rewriter rewriter, int from, int to) {
        SqlText sql = rewriter.sql();
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            String word = sql.word(i);
            if (DROPPED_WORDS.contains(word)) {
                continue;
            }
            if (word.equals("NOT") && sql.isWord(i + 1, "FOR") && sql.isWord(i + 2, "REPLICATION")) {
                i += 2;
                continue;
            }
            if (word.equals("CONSTRAINT") && sql.isName(i + 1) && sql.isWord(i + 2, "DEFAULT")) {
                i++; // a named default: H2 keeps defaults on the column, unnamed
                continue;
            }
            if (word.equals("COLLATE") && sql.isName(i + 1)) {
                i++;
                continue;
            }
            if (word.equals("WITH") && sql.isSymbol(i + 1, "(")) {
                i = sql.closingParenthesis(i + 1);
                continue;
            }
            if (word.equals("ON") && (sql.isName(i + 1) && !sql.isWord(i + 1, "DELETE") && !sql.isWord(i + 1, "UPDATE"))) {
                i++;
                continue;
            }
            if (sql.isSymbol(i + 1, "(")) {
                // a call or a parenthesised list: one range, so that built-ins are rewritten whole
                int close = sql.closingParenthesis(i + 1);
                out.append(rewriter.gap(i)).append(rewriter.rewrite(i, close + 1));
                i = close;
                continue;
            }
            out.append(rewriter.gap(i)).append(rewriter.rewrite(i, i + 1));
        }
        return out.toString();
    }

    private static String constraint(Rewriter rewriter, int from, int to) {
        return rewriter.rewrite(from, from + 1) + options(rewriter, from + 1, to);
    }

    private static Translation alterTable(Rewriter rewriter, int nameAt) {
        SqlText sql = rewriter.sql();
        int i = nameAt + 1;
        while (sql.isSymbol(i, ".") && sql.isName(i + 1)) {
            i += 2;
        }
        String head = rewriter.rewrite(0, i);
        String action = sql.word(i);
        if ((action.equals("CHECK") || action.equals("NOCHECK")) && sql.isWord(i + 1, "CONSTRAINT")) {
            return new Translation.Ignored("ALTER TABLE " + action + " CONSTRAINT");
        }
        if (action.equals("ENABLE") || action.equals("DISABLE")) {
            return new Translation.Ignored("ALTER TABLE " + action + " TRIGGER");
        }
        if (action.equals("SET") && sql.isSymbol(i + 1, "(")) {
            return new Translation.Ignored("ALTER TABLE SET (...)"); // lock escalation, system versioning options
        }
        if (action.equals("WITH") && (sql.isWord(i + 1, "CHECK") || sql.isWord(i + 1, "NOCHECK"))) {
            i += 2;
            action = sql.word(i);
        }
        if (action.equals("ADD")) {
            int first = i + 1;
            if (sql.isWord(first, "CONSTRAINT") && sql.isWord(first + 2, "DEFAULT")) {
                // ADD CONSTRAINT name DEFAULT value FOR column: H2 keeps defaults on the column
                int forAt = sql.findWord(first + 3, sql.size(), "FOR");
                if (forAt < 0 || forAt + 2 != sql.size()) {
                    throw sql.syntaxError(forAt < 0 ? sql.size() : forAt + 2);
                }
                return run(StatementKind.ALTER, "TABLE", rewriter, head + " ALTER COLUMN "
                        + sql.get(forAt + 1).text() + " SET DEFAULT " + rewriter.rewrite(first + 3, forAt));
            }
            if (TABLE_CONSTRAINTS.contains(sql.word(first))) {
                return run(StatementKind.ALTER, "TABLE", rewriter, head + " ADD " + constraint(rewriter, first,
                        sql.size()));
            }
            StringBuilder columns = new StringBuilder();
            List<int[]> parts = sql.splitOnCommas(first, sql.size());
            for (int[] part : parts) {
                columns.append(columns.isEmpty() ? "" : ", ");
                columns.append(TABLE_CONSTRAINTS.contains(sql.word(part[0])) ? constraint(rewriter, part[0], part[1])
                        : columnDefinition(rewriter, part[0], part[1]));
            }
            return run(StatementKind.ALTER, "TABLE", rewriter, head + " ADD " + (parts.size() > 1 ? "(" + columns
                    + ")" : columns));
        }
        if (action.equals("ALTER") && sql.isWord(i + 1, "COLUMN")) {
            return run(StatementKind.ALTER, "TABLE", rewriter, head + " ALTER COLUMN "
                    + columnDefinition(rewriter, i + 2, sql.size()));
        }
        return run(StatementKind.ALTER, "TABLE", rewriter, head + rewriter.gap(i) + rewriter.rewrite(i, sql.size()));
    }

    /** [UNIQUE] [CLUSTERED] INDEX name ON table (columns) [INCLUDE (...)] [WHERE ...] [WITH (...)] [ON filegroup]. */
    private static Translation index(StatementKind kind, Rewriter rewriter, int at, boolean unique) {
        SqlText sql = rewriter.sql();
        if (kind == StatementKind.ALTER) {
            return new Translation.Ignored("ALTER INDEX");
        }
        int on = sql.findWord(at + 1, sql.size(), "ON");
        int open = on;
        while (open > 0 && open < sql.size() && !sql.isSymbol(open, "(")) {
            open++;
        }
        if (on < 0 || open >= sql.size()) {
            throw sql.syntaxError(on < 0 ? at + 1 : open);
        }
        int close = sql.closingParenthesis(open);
        int where = sql.findWord(close + 1, sql.size(), "WHERE");
        boolean nullsDistinct = false;
        if (where >= 0 && unique) {
            // UNIQUE ... WHERE key IS NOT NULL [AND ...]: SQL Server's idiom for "unique, NULLs apart", which is
            // H2's NULLS DISTINCT; any other filter would change what the index refuses
            if (!filtersOutNullKeys(sql, open, close, where)) {
                throw SqlError.NOT_SUPPORTED.exception("filtered unique indexes");
            }
            nullsDistinct = true;
        }
        String h2 = "CREATE " + (unique ? nullsDistinct ? "UNIQUE NULLS DISTINCT " : "UNIQUE " : "") + "INDEX "
                + rewriter.rewrite(at + 1, close + 1);
        return run(StatementKind.CREATE, "INDEX", rewriter, h2);
    }

    /** Whether the filter is "k1 IS NOT NULL AND k2 IS NOT NULL ..." over exactly the index's key columns. */
    private static boolean filtersOutNullKeys(SqlText sql, int open, int close, int where) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (int[] part : sql.splitOnCommas(open + 1, close)) {
            keys.add(sql.get(part[0]).identifier().toLowerCase(java.util.Locale.ROOT));
        }
        java.util.Set<String> filtered = new java.util.HashSet<>();
        int i = where + 1;
        int end = sql.findWord(where + 1, sql.size(), "WITH");
        end = end < 0 ? sql.size() : end;
        int on = sql.findWord(where + 1, end, "ON");
        end = on < 0 ? end : on;
        while (i < end) {
            if (!sql.isName(i) || !sql.isWord(i + 1, "IS") || !sql.isWord(i + 2, "NOT") || !sql.isWord(i + 3, "NULL")) {
                return false;
            }
            filtered.add(sql.get(i).identifier().toLowerCase(java.util.Locale.ROOT));
            i += 4;
            if (i < end) {
                if (!sql.isWord(i, "AND")) {
                    return false;
                }
                i++;
            }
        }
        return filtered.equals(keys);
    }

    /** CREATE [OR ALTER] VIEW / ALTER VIEW name [(columns)] [WITH SCHEMABINDING ...] AS query. */
    private static Translation view(StatementKind kind, Rewriter rewriter, int at, boolean orAlter) {
        SqlText sql = rewriter.sql();
        int as = at + 1;
        while (as < sql.size() && !sql.isWord(as, "AS")) {
            if (sql.isSymbol(as, "(")) {
                as = sql.closingParenthesis(as);
            }
            as++;
        }
        int header = sql.findWord(at + 1, as, "WITH");
        String name = rewriter.rewrite(at + 1, header < 0 ? as : header);
        String create = kind == StatementKind.ALTER || orAlter ? "CREATE OR REPLACE VIEW " : "CREATE VIEW ";
        return run(kind == StatementKind.ALTER ? StatementKind.ALTER : StatementKind.CREATE, "VIEW", rewriter,
                create + name + " AS" + rewriter.gap(as + 1) + rewriter.rewrite(as + 1, sql.size()));
    }

    /** CREATE SEQUENCE name [AS type] ...: the type in H2's spelling. */
    private static Translation sequence(StatementKind kind, Rewriter rewriter, int at) {
        SqlText sql = rewriter.sql();
        int as = sql.findWord(at + 1, sql.size(), "AS");
        if (as < 0) {
            return run(kind, "SEQUENCE", rewriter, rewriter.rewrite(0, sql.size()));
        }
        int typeEnd = as + 2;
        if (sql.isSymbol(typeEnd, "(")) {
            typeEnd = sql.closingParenthesis(typeEnd) + 1;
        }
        TypeNames.H2Type type = TypeNames.toH2(sql.get(as + 1).identifier(), sql.source(as + 2, typeEnd));
        String type0 = type.sql().equals(TypeNames.TINYINT_DOMAIN) ? "SMALLINT" : type.sql();
        return run(kind, "SEQUENCE", rewriter, rewriter.rewrite(0, as) + " AS " + type0
                + (typeEnd < sql.size() ? rewriter.gap(typeEnd) + rewriter.rewrite(typeEnd, sql.size()) : ""));
    }
}
