package io.sqlmi.operator.instance;

import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;

/** Names of an instance's children, named by role as CloudNativePG does. */
public final class InstanceNames {

    private InstanceNames() {
    }

    public static String statefulSet(ManagedInstance mi) {
        return mi.getMetadata().getName();
    }

    /** Headless Service giving every replica a stable DNS name. */
    public static String headlessService(ManagedInstance mi) {
        return mi.getMetadata().getName() + "-engine";
    }

    /** The primary replica: 1433 for the gateway's proxied sessions and the redirect port for redirected clients. */
    public static String primaryService(ManagedInstance mi) {
        return mi.getMetadata().getName() + "-primary";
    }

    /** A Business Critical instance's readable secondary (replica 1): where read-intent logins go. */
    public static String secondaryService(ManagedInstance mi) {
        return mi.getMetadata().getName() + "-secondary";
    }

    /** The replica the secondary Service selects: Azure offers one readable secondary per BC instance at a time. */
    public static final int READABLE_SECONDARY_ORDINAL = 1;

    public static String generatedAdminSecret(ManagedInstance mi) {
        return mi.getMetadata().getName() + "-admin";
    }

    public static String engineCredentialsSecret(ManagedInstance mi) {
        return mi.getMetadata().getName() + "-engine-credentials";
    }

    public static String connectionSecret(ManagedInstance mi) {
        return mi.getMetadata().getName() + "-connection";
    }

    /** The engine's certificate Secret, mounted by every replica. */
    public static String engineTls(ManagedInstance mi) {
        return mi.getMetadata().getName() + "-engine-tls";
    }

    public static String vnetLocalEndpoint(ManagedInstance mi) {
        return mi.getMetadata().getName() + "-vnet-local";
    }

    public static String pod(ManagedInstance mi, int ordinal) {
        return statefulSet(mi) + "-" + ordinal;
    }

    /** Name of the data volume claim template; the claims are {@code data-<mi>-<ordinal>}. */
    public static final String DATA_VOLUME = "data";
}
