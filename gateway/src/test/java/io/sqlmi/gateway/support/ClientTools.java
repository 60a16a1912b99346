package io.sqlmi.gateway.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Where the non-JVM clients of the gateway's tests are: FreeTDS's tsql and python-tds. The first test that asks
 * runs gateway/install-test-clients.sh (idempotent: it only checks what is present), so `mvn verify` needs no
 * preparation step.
 */
public final class ClientTools {
    private static final Path TSQL = Path.of("/usr/bin/tsql");
    private static final Path PYTHON = Path.of(System.getProperty("sqlmi.clients.dir",
            System.getenv().getOrDefault("SQLMI_CLIENTS_DIR", System.getProperty("user.home") + "/.cache/sqlmi")),
            "pyclients", "bin", "python");
    private static String installProblem;
    private static boolean checked;

    private ClientTools() {
    }

    public static Path tsql() {
        ensureInstalled();
        return TSQL;
    }

    public static Path python() {
        ensureInstalled();
        return PYTHON;
    }

    private static synchronized void ensureInstalled() {
        if (!checked) {
            checked = true;
            try {
                Process install = new ProcessBuilder("bash", Path.of("install-test-clients.sh").toAbsolutePath()
                        .toString()).redirectErrorStream(true).start();
                String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!install.waitFor(600, TimeUnit.SECONDS) || install.exitValue() != 0) {
                    installProblem = "gateway/install-test-clients.sh did not succeed:\n" + output;
                }
            } catch (IOException e) {
                installProblem = "gateway/install-test-clients.sh could not run: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                installProblem = "interrupted while installing the test clients";
            }
        }
        if (installProblem != null) {
            throw new AssertionError(installProblem);
        }
    }
}
