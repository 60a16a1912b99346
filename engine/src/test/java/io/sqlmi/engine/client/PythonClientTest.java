package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineFixture;
import io.sqlmi.engine.support.TestCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine with a second, non-JVM client: python-tds (pure-Python TDS with pyOpenSSL TLS),
 * installed by engine/install-test-clients.sh. The script logs in over TLS (certificate and host
 * name checked), runs parameterised queries with several types, reads two result sets, commits
 * and rolls back through transaction-manager requests, and reads error numbers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PythonClientTest {
    private static final Path PYTHON = Path.of(System.getProperty("sqlmi.clients.dir",
            System.getProperty("user.home") + "/.cache/sqlmi"), "pyclients", "bin", "python");

    @Test
    void pytdsLogsInOverTlsQueriesAndTransacts() throws Exception {
        assertThat(PYTHON).as("python-tds is missing: run engine/install-test-clients.sh").exists();
        Path script = Path.of("src/test/python/pytds_client_check.py").toAbsolutePath();
        try (EngineFixture fixture = EngineFixture.start()) {
            Process process = new ProcessBuilder(PYTHON.toString(), script.toString(), String.valueOf(fixture.port()),
                    EngineFixture.SA_PASSWORD, TestCertificate.certFile().toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            String json = output.lines().reduce((first, second) -> second).orElse("");
            assertThat(json)
                    .contains("\"tls\": {\"server\": \"" + EngineFixture.INSTANCE + "\", \"edition\": 8, "
                            + "\"encrypt_option\": \"TRUE\"}")
                    .contains("\"parameters\": {\"answer\": 42, \"echo\": \"gr\\u00fc\\u00dfe\"}")
                    .contains("\"types_equal\": [true, true, true, true, true, true, true, true]")
                    .contains("\"result_sets\": [1, 2]")
                    .contains("\"transactions\": {\"trancount\": 1, \"after_rollback\": 0, \"after_commit\": 1}")
                    .contains("\"login_only_encrypt_option\": \"FALSE\"")
                    .contains("\"wrong_password\": 18456")
                    .contains("\"missing_table\": 208")
                    .contains("\"after_error\": \"still usable\"");
        }
    }
}
