package io.sqlmi.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A directory written the way the kubelet writes a ConfigMap or Secret volume: each version in a hidden
 * timestamped directory, {@code ..data} a symlink to the current one, and every file a symlink through
 * {@code ..data}. An update re-points {@code ..data} with one rename, so readers see the old or the new version,
 * never a mix.
 */
public final class KubeletVolume {
    private final Path directory;
    private final AtomicInteger version = new AtomicInteger();

    public KubeletVolume(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    public Path file(String name) {
        return directory.resolve(name);
    }

    /** Publishes a new version holding exactly these files (names may contain one directory level). */
    public synchronized void publish(Map<String, byte[]> files) {
        try {
            Files.createDirectories(directory);
            Path versionDir = directory.resolve("..v" + version.incrementAndGet() + "_" + System.nanoTime());
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = versionDir.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            Path data = directory.resolve("..data");
            Path previous = Files.isSymbolicLink(data) ? directory.resolve(Files.readSymbolicLink(data)) : null;
            Path staging = directory.resolve("..data_tmp");
            Files.deleteIfExists(staging);
            Files.createSymbolicLink(staging, versionDir.getFileName());
            Files.move(staging, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            for (String name : files.keySet()) {
                String top = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
                Path link = directory.resolve(top);
                if (!Files.isSymbolicLink(link)) {
                    Files.createSymbolicLink(link, Path.of("..data", top));
                }
            }
            if (previous != null && !previous.equals(versionDir)) {
                deleteTree(previous);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void publish(String name, String content) {
        publish(Map.of(name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
