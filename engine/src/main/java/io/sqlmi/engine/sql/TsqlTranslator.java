package io.sqlmi.engine.sql;

import io.sqlmi.engine.errors.SqlError;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Translates one T-SQL statement (as {@link BatchParser} cut it) for H2 in MSSQLServer mode, or
 * into an engine action. H2 already reads brackets, TOP, N'' literals, + on strings, IDENTITY,
 * ISNULL, GETDATE, NEWID and most of the DML; this class rewrites the rest:
 * <ul>
 * <li>{@code @@SERVERNAME}, {@code @@SPID}, {@code @@TRANCOUNT}... into session functions;</li>
 * <li>SERVERPROPERTY, DB_NAME, SUSER_SNAME, OBJECT_ID... into functions the engine registers
 * under SQLMI_ names (see {@code io.sqlmi.engine.functions});</li>
 * <li>type names H2 lacks (tinyint, datetimeoffset, datetime2 default precision, sysname...);</li>
 * <li>declared parameters ({@code @P0} of sp_executesql) into typed {@code ?} markers;</li>
 * <li>DECLARE and SELECT @v = ... into H2 session variables;</li>
 * <li>transaction, database, SET, WAITFOR, PRINT, RAISERROR, THROW statements into actions.</li>
 * </ul>
 * Line breaks are kept, so H2's error positions give T-SQL line numbers.
 */
public final class TsqlTranslator {
    private static final Map<String, String> GLOBAL_VARIABLES = Map.ofEntries(
            Map.entry("@@SERVERNAME", "SQLMI_SERVERNAME()"),
            Map.entry("@@SERVICENAME", "'MSSQLSERVER'"),
            Map.entry("@@VERSION", "SQLMI_VERSION()"),
            Map.entry("@@MICROSOFTVERSION", "SQLMI_MICROSOFTVERSION()"),
            Map.entry("@@SPID", "SQLMI_SPID()"),
            Map.entry("@@TRANCOUNT", "SQLMI_TRANCOUNT()"),
            Map.entry("@@ROWCOUNT", "SQLMI_ROWCOUNT()"),
            Map.entry("@@ERROR", "SQLMI_ERROR()"),
            Map.entry("@@IDENTITY", "SCOPE_IDENTITY()"),
            Map.entry("@@LANGUAGE", "'us_english'"),
            Map.entry("@@MAX_PRECISION", "38"),
            Map.entry("@@DATEFIRST", "7"),
            Map.entry("@@LOCK_TIMEOUT", "-1"),
            Map.entry("@@TEXTSIZE", "2147483647"),
            Map.entry("@@NESTLEVEL", "0"),
            Map.entry("@@PROCID", "0"),
            Map.entry("@@OPTIONS", "5496"),
            Map.entry("@@FETCH_STATUS", "-1"));

    /** Functions called with parentheses that H2 lacks or names differently. */
    private static final Map<String, String> FUNCTIONS = Map.ofEntries(
            Map.entry("SERVERPROPERTY", "SQLMI_SERVERPROPERTY"),
            Map.entry("DB_NAME", "SQLMI_DB_NAME"),
            Map.entry("DB_ID", "SQLMI_DB_ID"),
            Map.entry("SUSER_SNAME", "SQLMI_SUSER_SNAME"),
            Map.entry("SUSER_NAME", "SQLMI_SUSER_SNAME"),
            Map.entry("ORIGINAL_LOGIN", "SQLMI_SUSER_SNAME"),
            Map.entry("USER_NAME", "SQLMI_USER_NAME"),
            Map.entry("SCHEMA_NAME", "SQLMI_SCHEMA_NAME"),
            Map.entry("HOST_NAME", "SQLMI_HOST_NAME"),
            Map.entry("APP_NAME", "SQLMI_APP_NAME"),
            Map.entry("OBJECT_ID", "SQLMI_OBJECT_ID"),
            Map.entry("SYSDATETIME", "SQLMI_SYSDATETIME"),
            Map.entry("SYSUTCDATETIME", "SQLMI_SYSUTCDATETIME"),
            Map.entry("SYSDATETIMEOFFSET", "SQLMI_SYSDATETIMEOFFSET"),
            Map.entry("GETUTCDATE", "SQLMI_GETUTCDATE"),
            Map.entry("DATALENGTH", "SQLMI_DATALENGTH"),
            Map.entry("IIF", "CASEWHEN"),
            Map.entry("COUNT_BIG", "COUNT"));

    /** Keywords T-SQL reads as niladic functions. */
    private static final Map<String, String> NILADIC = Map.of(
            "SYSTEM_USER", "SQLMI_SUSER_SNAME()",
            "SESSION_USER", "SQLMI_USER_NAME()",
            "CURRENT_USER", "SQLMI_USER_NAME()");

    private TsqlTranslator() {
    }

    /** Translates a statement that uses no declared parameters. */
    public static Translation translate(String statement) {
        return translate(statement, Map.of());
    }

    /**
     * @param parameterTypes declared parameters by upper-case name ("@P0"), with their H2 type
     *     (null when undeclared: then the marker stays untyped)
     */
    public static Translation translate(String statement, Map<String, String> parameterTypes) {
        List<Token> all = Lexer.tokenize(statement);
        List<Integer> significant = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).significant()) {
                significant.add(i);
            }
        }
        if (significant.isEmpty()) {
            return Translation.action(Translation.Kind.IGNORED, null);
        }
        Token first = all.get(significant.get(0));
        String verb = first.kind() == Token.Kind.WORD ? first.upper() : "";
        Statement s = new Statement(statement, all, significant, parameterTypes);
        return switch (verb) {
            case "BEGIN" -> s.begin();
            case "COMMIT" -> s.transactionEnd(Translation.Kind.COMMIT);
            case "ROLLBACK" -> s.transactionEnd(Translation.Kind.ROLLBACK);
            case "SAVE" -> s.save();
            case "SET" -> s.set();
            case "DECLARE" -> s.declare();
            case "USE" -> Translation.action(Translation.Kind.USE, s.identifierAt(1));
            case "CREATE" -> s.create();
            case "DROP" -> s.drop();
            case "ALTER" -> s.word(1).equals("DATABASE") ? Translation.action(Translation.Kind.IGNORED, null)
                    : s.h2(false);
            case "WAITFOR" -> s.waitfor();
            case "PRINT" -> s.expressionAction(Translation.Kind.PRINT, 1);
            case "RAISERROR" -> s.raiserror();
            case "THROW" -> s.throwStatement();
            case "EXEC", "EXECUTE" -> s.exec(1);
            case "SELECT" -> s.isVariableAssignment() ? s.selectAssign() : s.h2(false);
            case "INSERT", "UPDATE", "DELETE", "MERGE" -> s.h2(true);
            case "WITH" -> s.h2(s.containsWord("INSERT", "UPDATE", "DELETE", "MERGE"));
            case "TRUNCATE" -> s.h2(false);
            case "GRANT", "REVOKE", "DENY", "CHECKPOINT", "RECONFIGURE" ->
                Translation.action(Translation.Kind.IGNORED, null);
            case "RETURN" -> Translation.action(Translation.Kind.RETURN, null);
            default -> {
                if (first.kind() == Token.Kind.WORD && !BatchParserKeywords.isStarter(verb)) {
                    yield s.exec(0);
                }
                throw SqlError.NOT_SUPPORTED.exception(first.text());
            }
        };
    }

    /** The isolation level a SET TRANSACTION ISOLATION LEVEL names, as java.sql.Connection constants. */
    static int isolationLevel(String words) {
        return switch (words) {
            case "READ UNCOMMITTED" -> Connection.TRANSACTION_READ_UNCOMMITTED;
            case "READ COMMITTED" -> Connection.TRANSACTION_READ_COMMITTED;
            case "REPEATABLE READ" -> Connection.TRANSACTION_REPEATABLE_READ;
            case "SERIALIZABLE", "SNAPSHOT" -> Connection.TRANSACTION_SERIALIZABLE;
            default -> throw SqlError.INCORRECT_SYNTAX.exception(words);
        };
    }

    /** One statement being translated: its tokens and the rewriting machinery. */
    private static final class Statement {
        private final String text;
        private final List<Token> all;
        private final List<Integer> significant;
        private final Map<String, String> parameterTypes;
        private final List<String> parameterOrder = new ArrayList<>();
        private final Set<String> variablesUsed = new LinkedHashSet<>();

        Statement(String text, List<Token> all, List<Integer> significant, Map<String, String> parameterTypes) {
            this.text = text;
            this.all = all;
            this.significant = significant;
            this.parameterTypes = parameterTypes;
        }

        Token sig(int n) {
            return n < significant.size() ? all.get(significant.get(n)) : null;
        }

        String word(int n) {
            Token token = sig(n);
            return token != null && token.kind() == Token.Kind.WORD ? token.upper() : "";
        }

        String identifierAt(int n) {
            Token token = sig(n);
            if (token == null || (token.kind() != Token.Kind.WORD && token.kind() != Token.Kind.QUOTED_IDENTIFIER)) {
                throw SqlError.INCORRECT_SYNTAX.exception(token == null ? "" : token.text());
            }
            return token.identifier();
        }

        boolean containsWord(String... words) {
            for (int index : significant) {
                Token token = all.get(index);
                for (String word : words) {
                    if (token.isWord(word)) {
                        return true;
                    }
                }
            }
            return false;
        }

        Translation h2(boolean countsRows) {
            String sql = rewrite(0, significant.size());
            return new Translation(Translation.Kind.H2, List.of(sql), null, List.copyOf(parameterOrder),
                    Set.copyOf(variablesUsed), List.of(), countsRows, 0, false);
        }

        Translation begin() {
            String second = word(1);
            int nameAt;
            if (second.equals("TRAN") || second.equals("TRANSACTION")) {
                nameAt = 2;
            } else if (second.equals("DISTRIBUTED") && (word(2).equals("TRAN") || word(2).equals("TRANSACTION"))) {
                nameAt = 3;
            } else {
                throw SqlError.INCORRECT_SYNTAX.exception(sig(1) == null ? "BEGIN" : sig(1).text());
            }
            return Translation.action(Translation.Kind.BEGIN_TRANSACTION, optionalName(nameAt));
        }

        Translation transactionEnd(Translation.Kind kind) {
            String second = word(1);
            int nameAt = second.equals("TRAN") || second.equals("TRANSACTION") || second.equals("WORK") ? 2 : 1;
            return Translation.action(kind, optionalName(nameAt));
        }

        Translation save() {
            String second = word(1);
            if (!second.equals("TRAN") && !second.equals("TRANSACTION")) {
                throw SqlError.INCORRECT_SYNTAX.exception("SAVE");
            }
            String name = optionalName(2);
            if (name == null) {
                throw SqlError.INCORRECT_SYNTAX.exception(second);
            }
            return Translation.action(Translation.Kind.SAVE_TRANSACTION, name);
        }

        private String optionalName(int n) {
            Token token = sig(n);
            if (token == null || token.isWord("WITH") || token.isSymbol(";")) {
                return null;
            }
            if (token.kind() == Token.Kind.WORD || token.kind() == Token.Kind.QUOTED_IDENTIFIER) {
                return token.identifier();
            }
            if (token.kind() == Token.Kind.VARIABLE) {
                return token.text();
            }
            throw SqlError.INCORRECT_SYNTAX.exception(token.text());
        }

        Translation set() {
            Token target = sig(1);
            if (target == null) {
                throw SqlError.INCORRECT_SYNTAX.exception("SET");
            }
            if (target.kind() == Token.Kind.VARIABLE) {
                return assignment();
            }
            String option = word(1);
            String last = word(significant.size() - 1);
            boolean on = last.equals("ON");
            switch (option) {
                case "NOCOUNT":
                    return Translation.action(Translation.Kind.SET_NOCOUNT, null, 0, on);
                case "IMPLICIT_TRANSACTIONS":
                    return Translation.action(Translation.Kind.SET_IMPLICIT_TRANSACTIONS, null, 0, on);
                case "TRANSACTION": {
                    StringBuilder level = new StringBuilder();
                    for (int n = 4; n < significant.size(); n++) {
                        level.append(level.length() == 0 ? "" : " ").append(word(n));
                    }
                    if (!word(2).equals("ISOLATION") || !word(3).equals("LEVEL")) {
                        throw SqlError.INCORRECT_SYNTAX.exception(sig(2) == null ? "TRANSACTION" : sig(2).text());
                    }
                    return Translation.action(Translation.Kind.SET_ISOLATION_LEVEL, level.toString(),
                            isolationLevel(level.toString()), false);
                }
                default:
                    return Translation.action(Translation.Kind.IGNORED, option);
            }
        }

        /** SET @v = expr, SET @v += expr. */
        private Translation assignment() {
            Token variable = sig(1);
            Token operator = sig(2);
            if (operator == null || operator.kind() != Token.Kind.SYMBOL || !operator.text().endsWith("=")) {
                throw SqlError.INCORRECT_SYNTAX.exception(operator == null ? variable.text() : operator.text());
            }
            String name = variable.text().toUpperCase(Locale.ROOT);
            variablesUsed.add(name);
            String expression = rewrite(3, significant.size());
            String value = operator.text().length() == 2
                    ? "@" + name.substring(1) + " " + operator.text().charAt(0) + " (" + expression + ")"
                    : expression;
            return new Translation(Translation.Kind.H2, List.of("SET @" + name.substring(1) + " = " + value), null,
                    List.copyOf(parameterOrder), Set.copyOf(variablesUsed), List.of(), false, 0, false);
        }

        Translation declare() {
            List<String> statements = new ArrayList<>();
            List<String> declared = new ArrayList<>();
            for (int[] part : splitTopLevel(1, significant.size())) {
                int at = part[0];
                Token variable = sig(at);
                if (variable == null || variable.kind() != Token.Kind.VARIABLE) {
                    throw SqlError.INCORRECT_SYNTAX.exception(variable == null ? "DECLARE" : variable.text());
                }
                int typeStart = at + 1;
                if (word(typeStart).equals("AS")) {
                    typeStart++;
                }
                if (word(typeStart).equals("TABLE") || word(typeStart).equals("CURSOR")) {
                    throw SqlError.NOT_SUPPORTED.exception("DECLARE " + word(typeStart));
                }
                int typeEnd = typeStart;
                while (typeEnd < part[1] && !(sig(typeEnd).isSymbol("="))) {
                    typeEnd++;
                }
                if (typeEnd == typeStart) {
                    throw SqlError.INCORRECT_SYNTAX.exception(variable.text());
                }
                String type = TypeNames.toH2(rawText(typeStart, typeEnd));
                String initial = typeEnd < part[1] ? rewrite(typeEnd + 1, part[1]) : "NULL";
                String name = variable.text().toUpperCase(Locale.ROOT);
                declared.add(name);
                statements.add("SET @" + name.substring(1) + " = CAST(" + initial + " AS " + type + ")");
            }
            return new Translation(Translation.Kind.H2, List.copyOf(statements), null, List.copyOf(parameterOrder),
                    Set.copyOf(variablesUsed), List.copyOf(declared), false, 0, false);
        }

        boolean isVariableAssignment() {
            int n = 1;
            if (word(n).equals("TOP")) {
                return false;
            }
            Token candidate = sig(n);
            Token operator = sig(n + 1);
            return candidate != null && candidate.kind() == Token.Kind.VARIABLE && operator != null
                    && operator.kind() == Token.Kind.SYMBOL && operator.text().equals("=");
        }

        /** SELECT @a = x, @b = y FROM ... runs as SELECT x, y FROM ...; the last row sets the variables. */
        Translation selectAssign() {
            int fromAt = significant.size();
            int depth = 0;
            for (int n = 1; n < significant.size(); n++) {
                Token token = sig(n);
                if (token.isSymbol("(")) {
                    depth++;
                } else if (token.isSymbol(")")) {
                    depth--;
                } else if (depth == 0 && token.kind() == Token.Kind.WORD && Set.of("FROM", "WHERE", "GROUP", "ORDER",
                        "HAVING", "UNION").contains(token.upper())) {
                    fromAt = n;
                    break;
                }
            }
            List<String> names = new ArrayList<>();
            StringBuilder select = new StringBuilder("SELECT ");
            for (int[] part : splitTopLevel(1, fromAt)) {
                Token variable = sig(part[0]);
                if (variable.kind() != Token.Kind.VARIABLE || !sig(part[0] + 1).isSymbol("=")) {
                    throw SqlError.NOT_SUPPORTED.exception("SELECT mixing assignments and columns");
                }
                names.add(variable.text().toUpperCase(Locale.ROOT));
                variablesUsed.add(variable.text().toUpperCase(Locale.ROOT));
                select.append(names.size() > 1 ? ", " : "").append(rewrite(part[0] + 2, part[1]));
            }
            if (fromAt < significant.size()) {
                select.append(' ').append(rewrite(fromAt, significant.size()));
            }
            return new Translation(Translation.Kind.SELECT_ASSIGN, List.of(select.toString()), null,
                    List.copyOf(parameterOrder), Set.copyOf(variablesUsed), List.copyOf(names), false, 0, false);
        }

        Translation create() {
            String object = word(1);
            if (object.equals("OR") && word(2).equals("ALTER")) {
                object = word(3);
            }
            switch (object) {
                case "DATABASE":
                    return Translation.action(Translation.Kind.CREATE_DATABASE, identifierAt(2));
                case "PROCEDURE", "PROC", "FUNCTION", "TRIGGER", "TYPE", "LOGIN", "USER", "ROLE", "ASSEMBLY",
                    "CERTIFICATE", "SYNONYM":
                    throw SqlError.NOT_SUPPORTED.exception("CREATE " + object);
                default:
                    return h2(false);
            }
        }

        Translation drop() {
            if (!word(1).equals("DATABASE")) {
                return h2(false);
            }
            boolean ifExists = word(2).equals("IF") && word(3).equals("EXISTS");
            return Translation.action(Translation.Kind.DROP_DATABASE, identifierAt(ifExists ? 4 : 2), 0, ifExists);
        }

        Translation waitfor() {
            Token delay = sig(2);
            if (!word(1).equals("DELAY") || delay == null || delay.kind() != Token.Kind.STRING) {
                throw SqlError.NOT_SUPPORTED.exception("WAITFOR " + word(1));
            }
            return Translation.action(Translation.Kind.WAITFOR, null, parseDelay(delay.stringValue()), false);
        }

        Translation expressionAction(Translation.Kind kind, int from) {
            String expression = rewrite(from, significant.size());
            return new Translation(kind, List.of("SELECT " + expression), null, List.copyOf(parameterOrder),
                    Set.copyOf(variablesUsed), List.of(), false, 0, false);
        }

        Translation raiserror() {
            if (sig(1) == null || !sig(1).isSymbol("(")) {
                throw SqlError.INCORRECT_SYNTAX.exception("RAISERROR");
            }
            int close = matchingParen(1);
            List<String> arguments = new ArrayList<>();
            for (int[] part : splitTopLevel(2, close)) {
                arguments.add(rewrite(part[0], part[1]));
            }
            if (arguments.size() < 3) {
                throw SqlError.INCORRECT_SYNTAX.exception(")");
            }
            return new Translation(Translation.Kind.RAISERROR, List.of("SELECT " + String.join(", ", arguments)),
                    null, List.copyOf(parameterOrder), Set.copyOf(variablesUsed), List.of(), false, 0, false);
        }

        Translation throwStatement() {
            if (significant.size() == 1) {
                throw SqlError.NOT_SUPPORTED.exception("THROW without arguments");
            }
            return expressionAction(Translation.Kind.THROW, 1);
        }

        Translation exec(int from) {
            Token target = sig(from);
            if (target == null) {
                throw SqlError.INCORRECT_SYNTAX.exception("EXEC");
            }
            if (target.isSymbol("(")) {
                int close = matchingParen(from);
                return new Translation(Translation.Kind.EXEC_DYNAMIC, List.of("SELECT " + rewrite(from + 1, close)),
                        null, List.copyOf(parameterOrder), Set.copyOf(variablesUsed), List.of(), false, 0, false);
            }
            StringBuilder name = new StringBuilder();
            int n = from;
            while (sig(n) != null && (sig(n).kind() == Token.Kind.WORD || sig(n).kind() == Token.Kind.QUOTED_IDENTIFIER
                    || sig(n).isSymbol("."))) {
                name.append(sig(n).kind() == Token.Kind.SYMBOL ? "." : sig(n).identifier());
                n++;
            }
            String procedure = name.toString();
            String simple = procedure.substring(procedure.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            if (simple.equals("sp_unprepare")) {
                Token handle = sig(n);
                if (handle == null || handle.kind() != Token.Kind.NUMBER) {
                    throw SqlError.INCORRECT_SYNTAX.exception(handle == null ? procedure : handle.text());
                }
                return Translation.action(Translation.Kind.UNPREPARE, procedure, Long.parseLong(handle.text()), false);
            }
            throw SqlError.PROCEDURE_NOT_FOUND.exception(procedure);
        }

        private int matchingParen(int open) {
            int depth = 0;
            for (int n = open; n < significant.size(); n++) {
                if (sig(n).isSymbol("(")) {
                    depth++;
                } else if (sig(n).isSymbol(")") && --depth == 0) {
                    return n;
                }
            }
            throw SqlError.INCORRECT_SYNTAX.exception("(");
        }

        /** [start, end) ranges of significant-token indexes between top-level commas. */
        private List<int[]> splitTopLevel(int from, int to) {
            List<int[]> parts = new ArrayList<>();
            int depth = 0;
            int start = from;
            for (int n = from; n < to; n++) {
                Token token = sig(n);
                if (token.isSymbol("(")) {
                    depth++;
                } else if (token.isSymbol(")")) {
                    depth--;
                } else if (depth == 0 && token.isSymbol(",")) {
                    parts.add(new int[] {start, n});
                    start = n + 1;
                }
            }
            if (start < to) {
                parts.add(new int[] {start, to});
            }
            return parts;
        }

        private String rawText(int from, int to) {
            return text.substring(sig(from).start(), sig(to - 1).end());
        }

        /** Rewrites the tokens of significant positions [from, to), with the whitespace between them. */
        String rewrite(int from, int to) {
            if (from >= to) {
                return "";
            }
            int startIndex = significant.get(from);
            int endIndex = significant.get(to - 1);
            StringBuilder out = new StringBuilder(text.length() + 16);
            for (int i = startIndex; i <= endIndex; i++) {
                Token token = all.get(i);
                switch (token.kind()) {
                    case GLOBAL_VARIABLE -> {
                        String replacement = GLOBAL_VARIABLES.get(token.upper());
                        if (replacement == null) {
                            throw SqlError.MUST_DECLARE_VARIABLE.exception(token.text());
                        }
                        out.append(replacement);
                    }
                    case VARIABLE -> {
                        String name = token.upper();
                        if (parameterTypes.containsKey(name)) {
                            String type = parameterTypes.get(name);
                            out.append(type == null ? "?" : "CAST(? AS " + type + ")");
                            parameterOrder.add(name);
                        } else {
                            variablesUsed.add(name);
                            out.append('@').append(name.substring(1));
                        }
                    }
                    case WORD -> i = rewriteWord(i, endIndex, out);
                    default -> out.append(token.text());
                }
            }
            return out.toString();
        }

        /** Rewrites a word at {@code i}; returns the last token index it consumed. */
        private int rewriteWord(int i, int endIndex, StringBuilder out) {
            Token token = all.get(i);
            String upper = token.upper();
            int next = nextSignificant(i, endIndex);
            boolean call = next >= 0 && all.get(next).isSymbol("(");
            if (call && upper.equals("CONVERT")) {
                return rewriteConvert(i, next, endIndex, out);
            }
            if (call && FUNCTIONS.containsKey(upper)) {
                out.append(FUNCTIONS.get(upper));
                return i;
            }
            if (!call && NILADIC.containsKey(upper)) {
                out.append(NILADIC.get(upper));
                return i;
            }
            if (call && TypeNames.withPrecision(upper) != null) {
                int close = closingParen(next, endIndex);
                if (close > 0) {
                    out.append("TIMESTAMP").append(textBetween(next, close));
                    if (upper.equals("DATETIMEOFFSET")) {
                        out.append(" WITH TIME ZONE");
                    }
                    return close;
                }
            }
            if (!call) {
                String bare = TypeNames.bare(upper);
                if (bare != null && !(previousIsDot(i))) {
                    out.append(bare);
                    return i;
                }
                if (upper.equals("TIME") && inTypePosition(i)) {
                    out.append("TIME(7)");
                    return i;
                }
            }
            out.append(token.text());
            return i;
        }

        /** CONVERT(type, value, style): H2 has no style argument; the style is dropped. */
        private int rewriteConvert(int i, int open, int endIndex, StringBuilder out) {
            int close = closingParen(open, endIndex);
            if (close < 0) {
                out.append(all.get(i).text());
                return i;
            }
            int depth = 0;
            int commas = 0;
            int secondComma = -1;
            for (int k = open; k < close; k++) {
                Token token = all.get(k);
                if (token.isSymbol("(")) {
                    depth++;
                } else if (token.isSymbol(")")) {
                    depth--;
                } else if (depth == 1 && token.isSymbol(",") && ++commas == 2) {
                    secondComma = k;
                }
            }
            out.append("CONVERT(");
            out.append(rewriteRange(open + 1, secondComma > 0 ? secondComma - 1 : close - 1));
            out.append(')');
            return close;
        }

        private String rewriteRange(int fromIndex, int toIndex) {
            int from = -1;
            int to = -1;
            for (int n = 0; n < significant.size(); n++) {
                int index = significant.get(n);
                if (index >= fromIndex && from < 0) {
                    from = n;
                }
                if (index <= toIndex) {
                    to = n + 1;
                }
            }
            return from < 0 || to <= from ? "" : rewrite(from, to);
        }

        private boolean previousIsDot(int i) {
            int previous = previousSignificant(i);
            return previous >= 0 && all.get(previous).isSymbol(".");
        }

        /** "time" is a type after AS, after a column name in CREATE/ALTER TABLE, or first in CONVERT(. */
        private boolean inTypePosition(int i) {
            int previous = previousSignificant(i);
            if (previous < 0) {
                return false;
            }
            Token before = all.get(previous);
            if (before.isWord("AS")) {
                return true;
            }
            boolean ddl = word(0).equals("CREATE") || word(0).equals("ALTER") || word(0).equals("DECLARE");
            if (ddl && (before.kind() == Token.Kind.QUOTED_IDENTIFIER || before.kind() == Token.Kind.WORD
                    && !before.isWord("AT"))) {
                return true;
            }
            if (before.isSymbol("(")) {
                int call = previousSignificant(previous);
                return call >= 0 && (all.get(call).isWord("CONVERT") || all.get(call).isWord("TRY_CONVERT"));
            }
            return false;
        }

        private int nextSignificant(int i, int endIndex) {
            for (int k = i + 1; k <= endIndex; k++) {
                if (all.get(k).significant()) {
                    return k;
                }
            }
            return -1;
        }

        private int previousSignificant(int i) {
            for (int k = i - 1; k >= 0; k--) {
                if (all.get(k).significant()) {
                    return k;
                }
            }
            return -1;
        }

        private int closingParen(int open, int endIndex) {
            int depth = 0;
            for (int k = open; k <= endIndex; k++) {
                if (all.get(k).isSymbol("(")) {
                    depth++;
                } else if (all.get(k).isSymbol(")") && --depth == 0) {
                    return k;
                }
            }
            return -1;
        }

        private String textBetween(int fromIndex, int toIndex) {
            return text.substring(all.get(fromIndex).start(), all.get(toIndex).end());
        }
    }

    /** WAITFOR DELAY 'hh:mm[:ss[.fff]]' in milliseconds. */
    static long parseDelay(String value) {
        String[] parts = value.trim().split(":");
        try {
            if (parts.length < 2 || parts.length > 3) {
                throw new NumberFormatException();
            }
            long hours = Long.parseLong(parts[0]);
            long minutes = Long.parseLong(parts[1]);
            double seconds = parts.length == 3 ? Double.parseDouble(parts[2]) : 0;
            return hours * 3_600_000 + minutes * 60_000 + Math.round(seconds * 1000);
        } catch (NumberFormatException e) {
            throw SqlError.CONVERSION_FAILED.exception("'" + value + "' is not a WAITFOR DELAY time");
        }
    }
}
