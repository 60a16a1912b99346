package io.sqlmi.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The non-JVM clients of the engine's tests, installed on first use by engine/install-test-clients.sh
 * (idempotent; it only checks when they are present), so that `mvn verify` and `make test` need no step
 * of their own. Scripts run with the virtual environment's Python and print one JSON line last.
 */
public final class TestClients {
    private static final Path CACHE = Path.of(System.getProperty("sqlmi.clients.dir",
            System.getenv().getOrDefault("SQLMI_CLIENTS_DIR", System.getProperty("user.home") + "/.cache/sqlmi")));
    private static boolean installed;

    private TestClients() {
    }

    /** The virtual environment's python, after running the install script once per test JVM. */
    public static synchronized Path python() throws IOException, InterruptedException {
        if (!installed) {
            Process install = new ProcessBuilder("bash", Path.of("install-test-clients.sh").toAbsolutePath().toString())
                    .redirectErrorStream(true).start();
            String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(install.waitFor(600, TimeUnit.SECONDS)).as("install-test-clients.sh timed out").isTrue();
            assertThat(install.exitValue()).as("install-test-clients.sh failed:%n%s", output).isZero();
            installed = true;
        }
        return CACHE.resolve("pyclients").resolve("bin").resolve("python");
    }

    /** Runs a script of src/test/python with arguments; returns its last output line, failing on a non-zero exit. */
    public static String run(String script, List<String> arguments) throws IOException, InterruptedException {
        Path path = Path.of("src/test/python", script).toAbsolutePath();
        List<String> command = new java.util.ArrayList<>(List.of(python().toString(), path.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s timed out", script).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(Files.exists(path)).isTrue();
        return output.lines().reduce((first, second) -> second).orElse("");
    }
}
