package io.sqlmi.gateway.tls;

import io.sqlmi.gateway.ops.GatewayMetrics;
import io.sqlmi.gateway.ops.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gateway's certificates, read from a directory (the mounted Secret, docs/gateway.md): every
 * {@code <name>.crt} with a {@code <name>.key} beside it, in the directory itself or in a sub-directory
 * ({@code public/tls.crt} and {@code public/tls.key} when each Secret has a directory of its own). Which names a
 * certificate serves comes from its subject alternative names, not from the file name. {@code ca.crt} has no key
 * and is therefore never served.
 *
 * <p>{@link #check} runs every few seconds and reloads when any file's content changed (the kubelet swaps the
 * files through a symlink). A set that fails to load leaves the last good one in use. With no certificate at all
 * the gateway serves a self-signed one for the virtual cluster's three wildcard names.
 */
public final class CertificateDirectory {
    private static final int MAX_FILE_BYTES = 1024 * 1024;

    private final Path directory;
    private final GatewayMetrics metrics;
    private volatile List<ServerIdentity> identities = List.of();
    private volatile Map<String, ServerIdentity> byAlias = Map.of();
    private byte[] lastDigest;
    private String selfSignedFor;
    private String lastProblem;

    public CertificateDirectory(Path directory, GatewayMetrics metrics) {
        this.directory = directory;
        this.metrics = metrics;
    }

    public List<ServerIdentity> identities() {
        return identities;
    }

    ServerIdentity byAlias(String alias) {
        return byAlias.get(alias);
    }

    /** Reloads when the files changed; {@code zoneDomain} ({@code <zone>.<suffix>}) names the self-signed fallback. */
    public synchronized void check(String zoneDomain) {
        Map<String, Path[]> pairs;
        try {
            pairs = pairs();
        } catch (IOException e) {
            problem("the certificate directory " + directory + " cannot be listed: " + e.getMessage());
            return;
        }
        if (pairs.isEmpty()) {
            useSelfSigned(zoneDomain);
            return;
        }
        Map<String, byte[][]> contents = new TreeMap<>();
        MessageDigest digest = sha256();
        try {
            for (Map.Entry<String, Path[]> pair : pairs.entrySet()) {
                byte[] certificate = read(pair.getValue()[0]);
                byte[] key = read(pair.getValue()[1]);
                digest.update(pair.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update(certificate);
                digest.update(key);
                contents.put(pair.getKey(), new byte[][] {certificate, key});
            }
        } catch (IOException e) {
            problem("a certificate file in " + directory + " cannot be read: " + e.getMessage());
            return;
        }
        byte[] fingerprint = digest.digest();
        if (Arrays.equals(fingerprint, lastDigest)) {
            return;
        }
        lastDigest = fingerprint;
        List<ServerIdentity> loaded = new ArrayList<>();
        for (Map.Entry<String, byte[][]> pair : contents.entrySet()) {
            try {
                List<X509Certificate> chain = PemFiles.certificates(pair.getValue()[0]);
                PrivateKey key = PemFiles.privateKey(pair.getValue()[1]);
                PemFiles.checkPair(chain.get(0), key);
                loaded.add(ServerIdentity.of(pair.getKey(), chain, key));
            } catch (IllegalArgumentException e) {
                problem(pair.getKey() + ".crt/.key in " + directory + " cannot be used: " + e.getMessage());
                if (identities.isEmpty()) {
                    useSelfSigned(zoneDomain);
                }
                return;
            }
        }
        selfSignedFor = null;
        install(loaded);
        for (ServerIdentity identity : loaded) {
            Log.info("certificate_loaded", "file", identity.source(), "names", String.join(" ", identity.dnsNames()),
                    "notAfter", identity.leaf().getNotAfter().toInstant());
        }
    }

    private void useSelfSigned(String zoneDomain) {
        String names = zoneDomain == null ? "localhost" : zoneDomain;
        if (names.equals(selfSignedFor)) {
            return;
        }
        List<String> dnsNames = zoneDomain == null ? List.of("localhost")
                : List.of("*." + zoneDomain, "*.public." + zoneDomain, "*.privatelink." + zoneDomain, "localhost");
        selfSignedFor = names;
        lastDigest = null;
        install(List.of(SelfSigned.forNames(dnsNames)));
        Log.warn("certificate_self_signed", "directory", directory, "names", String.join(" ", dnsNames),
                "fix", "mount the gateway's certificates (<name>.crt and <name>.key) in " + directory
                        + "; clients must trust this self-signed one meanwhile");
    }

    private void install(List<ServerIdentity> loaded) {
        Map<String, ServerIdentity> aliases = new HashMap<>(byAlias);
        for (ServerIdentity identity : loaded) {
            aliases.put(identity.alias(), identity);
            metrics.certificateExpiry.sample(() -> identity.leaf().getNotAfter().toInstant().getEpochSecond(),
                    identity.source());
        }
        // handshakes in flight may still ask for the previous aliases; older ones are dropped
        for (ServerIdentity previous : identities) {
            aliases.putIfAbsent(previous.alias(), previous);
        }
        aliases.keySet().retainAll(aliasesOf(loaded, identities));
        byAlias = Map.copyOf(aliases);
        identities = List.copyOf(loaded);
        lastProblem = null;
        metrics.certificateReloads.labels("ok").increment();
    }

    private static List<String> aliasesOf(List<ServerIdentity> current, List<ServerIdentity> previous) {
        List<String> aliases = new ArrayList<>();
        current.forEach(identity -> aliases.add(identity.alias()));
        previous.forEach(identity -> aliases.add(identity.alias()));
        return aliases;
    }

    /** Base name (relative to the directory, without extension) to {certificate, key}. */
    private Map<String, Path[]> pairs() throws IOException {
        Map<String, Path[]> pairs = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return pairs;
        }
        collect(directory, "", pairs);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && Files.isDirectory(entry)) {
                    collect(entry, name + "/", pairs);
                }
            }
        }
        return pairs;
    }

    private static void collect(Path folder, String prefix, Map<String, Path[]> pairs) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.crt")) {
            for (Path certificate : entries) {
                String file = certificate.getFileName().toString();
                String base = file.substring(0, file.length() - ".crt".length());
                Path key = folder.resolve(base + ".key");
                if (!file.startsWith(".") && Files.isRegularFile(certificate) && Files.isRegularFile(key)) {
                    pairs.put(prefix + base, new Path[] {certificate, key});
                }
            }
        }
    }

    private static byte[] read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
    }

    private void problem(String message) {
        if (!message.equals(lastProblem)) {
            lastProblem = message;
            metrics.certificateReloads.labels("failed").increment();
            Log.error("certificates_reload_failed", "problem", message, "keeping",
                    identities.isEmpty() ? "none" : "the last good certificates");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
