package io.sqlmi.operator.certificates;

/** A certificate and its private key, both PEM. */
public record IssuedCertificate(String certificatePem, String privateKeyPem) {

    @Override
    public String toString() {
        return "IssuedCertificate[" + certificatePem.length() + " characters of certificate, key hidden]";
    }
}
