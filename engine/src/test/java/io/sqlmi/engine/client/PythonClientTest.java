package io.sqlmi.engine.client;

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
 * The engine with a second, non-JVM client: python-tds (pure-Python TDS with pyOpenSSL TLS). The
 * script logs in over TLS (certificate and host name checked), runs parameterised queries with
 * several types, reads two result sets, commits and rolls back through transaction-manager
 * requests, and reads error numbers.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class PythonClientTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    @Test
    void pytdsLogsInOverTlsQueriesAndTransacts() throws Exception {
        String json = TestClients.run("pytds_client_check.py", List.of(String.valueOf(fixture.port()),
                EngineFixture.SA_PASSWORD, TestCertificate.certFile().toString()));
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
