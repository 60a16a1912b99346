package io.sqlmi.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.errors.SqlServerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The translation corpus (src/test/resources/tsql-corpus.txt): T-SQL batches in, and for each
 * statement what it becomes (H2 SQL, an engine action, or the error a client gets). One case per
 * construct the engine supports or refuses. Every case also checks that splitting the batch kept
 * every token: the statements' tokens, joined, are the batch's tokens without separators.
 *
 * <p>A case is a line "> batch" (\n stands for a line break; " || @P0 int, @P1 nvarchar(10) OUTPUT"
 * after it declares parameters), followed by the lines "= rendering" it must give. Run with
 * -Dcorpus.update=true to rewrite the expected lines from the current translator, then review the diff.
 */
class TranslationCorpusTest {
    private static final Path SOURCE = Path.of("src/test/resources/tsql-corpus.txt");

    record Case(int line, String batch, String parameters, List<String> expected) {
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        List<String> lines;
        try (InputStream in = TranslationCorpusTest.class.getResourceAsStream("/tsql-corpus.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        Case current = null;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.startsWith("> ")) {
                String[] input = input(line);
                current = new Case(n + 1, input[0], input[1], new ArrayList<>());
                cases.add(current);
            } else if (line.startsWith("= ") && current != null) {
                current.expected().add(line.substring(2));
            }
        }
        return cases;
    }

    /** The batch and the parameter declarations of a "> " line. */
    private static String[] input(String line) {
        String input = line.substring(2);
        String parameters = "";
        int split = input.indexOf(" || ");
        if (split >= 0) {
            parameters = input.substring(split + 4);
            input = input.substring(0, split);
        }
        return new String[] {input.replace("\\n", "\n"), parameters};
    }

    /** What a batch becomes, one line per statement (IF branches and blocks indented). */
    static List<String> render(String batch, String parameters) {
        List<String> out = new ArrayList<>();
        List<BatchNode> nodes;
        try {
            nodes = BatchSplitter.split(batch);
        } catch (SqlServerException e) {
            out.add(error(e));
            return out;
        }
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> outputs = new LinkedHashSet<>();
        if (!parameters.isBlank()) {
            for (String declaration : parameters.split(",(?![^(]*\\))")) {
                String[] parts = declaration.trim().split("\\s+", 2);
                String name = parts[0].toUpperCase(Locale.ROOT);
                String type = parts[1];
                if (type.toUpperCase(Locale.ROOT).endsWith(" OUTPUT")) {
                    type = type.substring(0, type.length() - 7);
                    outputs.add(name);
                }
                types.put(name, TypeNames.toH2(type).sql());
            }
            types.keySet().removeAll(outputs);
        }
        for (BatchNode node : nodes) {
            render(node, "", types, outputs, out);
        }
        return out;
    }

    private static void render(BatchNode node, String indent, Map<String, String> types, Set<String> outputs,
            List<String> out) {
        if (node instanceof BatchNode.If conditional) {
            out.add(indent + "if " + conditional.condition());
            render(conditional.then(), indent + "  then ", types, outputs, out);
            if (conditional.otherwise() != null) {
                render(conditional.otherwise(), indent + "  else ", types, outputs, out);
            }
        } else if (node instanceof BatchNode.Block block) {
            out.add(indent + "begin");
            for (BatchNode inner : block.body()) {
                render(inner, indent + "  ", types, outputs, out);
            }
            out.add(indent + "end");
        } else {
            BatchNode.Statement statement = (BatchNode.Statement) node;
            try {
                out.add(indent + statement.kind() + " " + describe(TsqlTranslator.translate(statement.kind(),
                        statement.text(), types, outputs)));
            } catch (SqlServerException e) {
                out.add(indent + statement.kind() + " " + error(e));
            }
        }
    }

    private static String error(SqlServerException e) {
        return "error " + e.number() + ": " + e.getMessage();
    }

    private static String sql(Translation.Sql sql) {
        return sql.text().replace("\n", "\\n") + (sql.parameters().isEmpty() ? "" : " [params " + String.join(",",
                sql.parameters()) + "]") + (sql.reads().isEmpty() ? "" : " [reads " + String.join(",",
                new TreeSet<>(sql.reads())) + "]");
    }

    static String describe(Translation translation) {
        if (translation instanceof Translation.Run run) {
            String assignments = run.assignments().isEmpty() ? "" : " [assign " + String.join(",",
                    run.assignments().stream().map(a -> a.parameterIndex() + "->" + a.table() + "." + a.column())
                            .toList()) + "]";
            return "h2: " + sql(run.sql()) + assignments;
        }
        if (translation instanceof Translation.Declare declare) {
            List<String> parts = new ArrayList<>();
            for (Translation.Sql sql : declare.assignments()) {
                parts.add(sql(sql));
            }
            return "declare " + String.join(", ", declare.declared()) + ": " + String.join("; ", parts);
        }
        if (translation instanceof Translation.AssignVariable assign) {
            return "set " + assign.variable() + " = " + sql(assign.value());
        }
        if (translation instanceof Translation.SelectIntoVariables select) {
            return "select into " + String.join(", ", select.variables()) + ": " + sql(select.query());
        }
        if (translation instanceof Translation.SessionOption option) {
            return "option " + String.join(", ", option.options()) + (option.on() ? " ON" : " OFF");
        }
        if (translation instanceof Translation.IsolationLevel level) {
            return "isolation " + level.level();
        }
        if (translation instanceof Translation.Transaction transaction) {
            return transaction.step() + (transaction.name() == null ? "" : " " + transaction.name());
        }
        if (translation instanceof Translation.Database database) {
            return database.action() + " DATABASE " + database.name() + (database.ifExists() ? " if exists" : "");
        }
        if (translation instanceof Translation.Message message) {
            return message.kind() + ": " + sql(message.arguments());
        }
        if (translation instanceof Translation.Wait wait) {
            return "wait " + wait.millis() + " ms";
        }
        if (translation instanceof Translation.ExecuteText execute) {
            return "exec text: " + sql(execute.text());
        }
        if (translation instanceof Translation.ExecuteProcedure call) {
            return "call " + call.procedure() + " names " + call.names() + " outputs " + call.outputs()
                    + (call.statusVariable() == null ? "" : " status " + call.statusVariable()) + ": "
                    + sql(call.arguments());
        }
        if (translation instanceof Translation.Return) {
            return "return";
        }
        return "ignored " + ((Translation.Ignored) translation).what();
    }

    @TestFactory
    Stream<DynamicTest> everyCaseTranslatesAsRecorded() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest("line " + c.line() + ": "
                + c.batch().replace("\n", "\\n"), () -> assertThat(render(c.batch(), c.parameters()))
                .as(c.batch()).containsExactlyElementsOf(c.expected())));
    }

    /** Splitting never drops a token: the statements hold, in order, every token of the batch but ';'. */
    @TestFactory
    Stream<DynamicTest> splittingKeepsEveryToken() throws IOException {
        return cases().stream().filter(c -> !render(c.batch(), "").get(0).startsWith("error"))
                .map(c -> DynamicTest.dynamicTest("line " + c.line(), () -> {
                    List<String> expected = new ArrayList<>();
                    for (Token token : SqlText.of(c.batch()).tokens()) {
                        expected.add(token.upper());
                    }
                    List<String> kept = new ArrayList<>();
                    for (BatchNode node : BatchSplitter.split(c.batch())) {
                        collect(node, kept);
                    }
                    expected.removeIf(";"::equals);
                    kept.removeIf(";"::equals);
                    assertThat(kept).as(c.batch()).isEqualTo(expected);
                }));
    }

    private static void collect(BatchNode node, List<String> tokens) {
        if (node instanceof BatchNode.If conditional) {
            tokens.add("IF");
            SqlText.of(conditional.condition()).tokens().forEach(t -> tokens.add(t.upper()));
            collect(conditional.then(), tokens);
            if (conditional.otherwise() != null) {
                tokens.add("ELSE");
                collect(conditional.otherwise(), tokens);
            }
        } else if (node instanceof BatchNode.Block block) {
            tokens.add("BEGIN");
            block.body().forEach(inner -> collect(inner, tokens));
            tokens.add("END");
        } else {
            SqlText.of(((BatchNode.Statement) node).text()).tokens().forEach(t -> tokens.add(t.upper()));
        }
    }

    @Test
    void theCorpusHasHundredsOfCases() throws IOException {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(300);
    }

    /** -Dcorpus.update=true: rewrites the expected lines from the current translator. */
    @Test
    void updateWhenAsked() throws IOException {
        if (!Boolean.getBoolean("corpus.update")) {
            return;
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(SOURCE, StandardCharsets.UTF_8)) {
            if (line.startsWith("= ")) {
                continue;
            }
            out.add(line);
            if (line.startsWith("> ")) {
                String[] input = input(line);
                for (String rendered : render(input[0], input[1])) {
                    out.add("= " + rendered);
                }
            }
        }
        Files.write(SOURCE, out, StandardCharsets.UTF_8);
    }
}
