package io.sqlmi.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The key forms Secrets hold, made by OpenSSL as cert-manager and kubectl users make them: RSA in PKCS#1 and
 * PKCS#8, EC in SEC1 (with the curve named in the key) and PKCS#8.
 */
class PemFilesTest {
    @TempDir
    Path temp;

    @ParameterizedTest
    @CsvSource({
        "RSA, rsa_keygen_bits:2048, true",
        "RSA, rsa_keygen_bits:2048, false",
        "EC, ec_paramgen_curve:prime256v1, true",
        "EC, ec_paramgen_curve:prime256v1, false"})
    void keysFromOpenSslReadAndMatchTheirCertificate(String algorithm, String option, boolean traditional)
            throws Exception {
        Path generated = temp.resolve("generated.key");
        Path key = temp.resolve("tls.key");
        Path certificate = temp.resolve("tls.crt");
        run("openssl", "genpkey", "-algorithm", algorithm, "-pkeyopt", option, "-out", generated.toString());
        run("openssl", "req", "-x509", "-key", generated.toString(), "-out", certificate.toString(), "-days", "2",
                "-subj", "/CN=mi1.0a1b2c3d4e5f.database.windows.net");
        if (traditional && algorithm.equals("RSA")) {
            run("openssl", "rsa", "-traditional", "-in", generated.toString(), "-out", key.toString());
        } else if (traditional) {
            run("openssl", "ec", "-in", generated.toString(), "-out", key.toString());
        } else {
            run("openssl", "pkey", "-in", generated.toString(), "-out", key.toString());
        }
        assertThat(Files.readAllLines(key).get(0)).isEqualTo(traditional
                ? "-----BEGIN " + algorithm + " PRIVATE KEY-----" : "-----BEGIN PRIVATE KEY-----");
        List<X509Certificate> chain = PemFiles.certificates(Files.readAllBytes(certificate));
        PrivateKey privateKey = PemFiles.privateKey(Files.readAllBytes(key));
        assertThat(privateKey.getAlgorithm()).isEqualTo(algorithm);
        PemFiles.checkPair(chain.get(0), privateKey);
        assertThat(ServerIdentity.of("tls", chain, privateKey).dnsNames())
                .as("without subject alternative names the common name is the name")
                .containsExactly("mi1.0a1b2c3d4e5f.database.windows.net");
    }

    @ParameterizedTest
    @CsvSource({"'not pem at all'", "'-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'"})
    void textThatIsNotACertificateIsRefusedWithAReason(String text) {
        assertThatThrownBy(() -> PemFiles.certificates(text.getBytes())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("it ");
        assertThatThrownBy(() -> PemFiles.privateKey(text.getBytes())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("it ");
    }

    private void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }
}
