package io.sqlmi.e2e.support;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * An edit from a test races the operator's own writes (status, finalizers, restored drift): like kubectl edit, read
 * again and retry when the API server answers 409 Conflict.
 */
public final class Conflicts {

    private static final int ATTEMPTS = 10;

    private Conflicts() {
    }

    public static <T> T retried(Supplier<T> edit) {
        for (int attempt = 1; ; attempt++) {
            try {
                return edit.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
