package io.sqlmi.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The suite's name resolution, for the host names clients connect to: e2e/pom.xml makes the JVM resolve names
 * through a hosts file only ({@code -Djdk.net.hosts.file}, a copy of src/test/resources/hosts in target), and the
 * JDK reads that file at every lookup, so a name mapped here resolves at once. No lookup ever reaches the machine's
 * resolver, which could send an instance's host name off the machine.
 */
public final class HostsFile {

    private static final String PROPERTY = "jdk.net.hosts.file";

    private HostsFile() {
    }

    /** Makes {@code host} resolve to {@code address} in this JVM, e.g. an instance's FQDN to its gateway's Service. */
    public static synchronized void map(String host, String address) {
        String file = System.getProperty(PROPERTY);
        if (file == null) {
            throw new IllegalStateException("-D" + PROPERTY + " is not set: run the suite through Maven (e2e/pom.xml sets it)");
        }
        try {
            Files.writeString(Path.of(file), address + " " + host + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
