package io.sqlmi.engine.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

/**
 * The certificate the engine presents, and the TLS context built from it. From PEM files (a mounted
 * kubernetes.io/tls Secret) it is read at start and again when the files change: at most once a
 * second a login looks at their modification times, so a rotated Secret (cert-manager renewing it,
 * the kubelet updating the mount) reaches new sessions without a restart; running sessions keep
 * theirs. A pair that cannot be read leaves the previous one in place. Without files, a self-signed
 * certificate is made at start for the names the engine answers to.
 */
public final class TlsIdentity {
    private static final Logger LOG = Logger.getLogger(TlsIdentity.class.getName());
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private final Path certificateFile;
    private final Path keyFile;
    private volatile ServerCertificate certificate;
    private volatile SSLContext context;
    private volatile long nextCheck;
    private FileTime certificateTime;
    private FileTime keyTime;

    private TlsIdentity(Path certificateFile, Path keyFile, ServerCertificate certificate) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.certificate = certificate;
        this.context = certificate.sslContext();
        this.nextCheck = System.nanoTime() + CHECK_INTERVAL_NANOS;
    }

    public static TlsIdentity fromPemFiles(Path certificateFile, Path keyFile) {
        TlsIdentity identity = new TlsIdentity(certificateFile, keyFile,
                ServerCertificate.fromPemFiles(certificateFile, keyFile));
        identity.certificateTime = modified(certificateFile);
        identity.keyTime = modified(keyFile);
        return identity;
    }

    public static TlsIdentity selfSigned(List<String> names) {
        return new TlsIdentity(null, null, ServerCertificate.selfSigned(names));
    }

    /**
     * A self-signed certificate kept in {@code directory} (the data volume) and reused at the next
     * start while it names the same hosts and has a month left: making an RSA key is most of an engine's
     * start. A fresh one replaces it otherwise.
     */
    public static TlsIdentity selfSigned(List<String> names, Path directory) {
        Path cert = directory.resolve("self-signed.crt");
        Path key = directory.resolve("self-signed.key");
        if (Files.exists(cert) && Files.exists(key)) {
            try {
                ServerCertificate reused = ServerCertificate.fromPemFiles(cert, key);
                java.util.Set<String> wanted = new java.util.HashSet<>(names);
                wanted.add("localhost");
                wanted.add("127.0.0.1");
                boolean current = reused.certificate().getNotAfter().toInstant()
                        .isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(30)));
                if (current && new java.util.HashSet<>(reused.names()).equals(wanted)) {
                    return new TlsIdentity(null, null, reused);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.INFO, "the kept self-signed certificate is unusable; making a new one", e);
            }
        }
        ServerCertificate fresh = ServerCertificate.selfSigned(names);
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, "self-signed", ".key");
            try {
                Files.setPosixFilePermissions(temporary,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's rights apply
            }
            Files.writeString(temporary, fresh.privateKeyPem());
            Files.move(temporary, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(cert, fresh.certificatePem());
        } catch (IOException e) {
            LOG.log(Level.INFO, "cannot keep the self-signed certificate in " + directory, e);
        }
        return new TlsIdentity(null, null, fresh);
    }

    public ServerCertificate certificate() {
        reloadIfChanged();
        return certificate;
    }

    /** The context for a new session's handshake. */
    public SSLContext context() {
        reloadIfChanged();
        return context;
    }

    private void reloadIfChanged() {
        if (certificateFile == null || System.nanoTime() < nextCheck) {
            return;
        }
        synchronized (this) {
            if (System.nanoTime() < nextCheck) {
                return;
            }
            nextCheck = System.nanoTime() + CHECK_INTERVAL_NANOS;
            FileTime certificateNow = modified(certificateFile);
            FileTime keyNow = modified(keyFile);
            if (certificateNow == null || keyNow == null
                    || (certificateNow.equals(certificateTime) && keyNow.equals(keyTime))) {
                return;
            }
            try {
                ServerCertificate replacement = ServerCertificate.fromPemFiles(certificateFile, keyFile);
                context = replacement.sslContext();
                certificate = replacement;
                certificateTime = certificateNow;
                keyTime = keyNow;
                LOG.info("TLS certificate reloaded from " + certificateFile);
            } catch (RuntimeException e) {
                // a Secret's files are replaced one after the other: the next check sees the complete pair
                LOG.log(Level.WARNING, "TLS certificate files changed but cannot be read yet; keeping the current one", e);
            }
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }
}
