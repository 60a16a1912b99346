package io.sqlmi.operator.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's files are, found from the working directory Maven runs the tests in. */
public final class ProjectPaths {

    private ProjectPaths() {
    }

    /** The repository root: the first directory, from the working directory up, that holds crds/. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("crds/virtualclusters.sqlmi.io-v1.yml"))
                    && Files.isDirectory(candidate.resolve("operator"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root with crds/ above " + dir);
    }

    /** The committed CRDs, what {@code kubectl apply -f crds/} uses. */
    public static Path committedCrds() {
        return repositoryRoot().resolve("crds");
    }

    /** The CRDs the Quarkus build generated from the Java classes (package phase). */
    public static Path generatedCrds() {
        return repositoryRoot().resolve("operator/target/kubernetes");
    }
}
