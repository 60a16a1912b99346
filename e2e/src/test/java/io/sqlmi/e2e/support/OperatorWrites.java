package io.sqlmi.e2e.support;

import static io.sqlmi.e2e.support.TestCluster.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Evidence of what the operator wrote: the managedFields stamps its field manager leaves on every object it
 * writes (any cluster), and the API server's audit log (the local control plane records every write).
 */
public final class OperatorWrites {

    public static final String FIELD_MANAGER = "sqlmi-operator";

    private OperatorWrites() {
    }

    /** Per object in the namespace (kind/name), the operator's managedFields entries with their times. */
    public static Map<String, String> stamps(String namespace) {
        Map<String, String> stamps = new TreeMap<>();
        List<HasMetadata> objects = new ArrayList<>();
        objects.addAll(client().network().networkPolicies().inNamespace(namespace).list().getItems());
        objects.addAll(client().services().inNamespace(namespace).list().getItems());
        objects.addAll(client().secrets().inNamespace(namespace).list().getItems());
        objects.addAll(client().configMaps().inNamespace(namespace).list().getItems());
        objects.addAll(client().apps().statefulSets().inNamespace(namespace).list().getItems());
        objects.addAll(client().apps().deployments().inNamespace(namespace).list().getItems());
        objects.addAll(client().discovery().v1().endpointSlices().inNamespace(namespace).list().getItems());
        for (String kind : List.of(CustomResources.VIRTUAL_CLUSTER, CustomResources.MANAGED_INSTANCE, CustomResources.ENDPOINT)) {
            objects.addAll(CustomResources.kind(kind).inNamespace(namespace).list().getItems());
        }
        for (HasMetadata object : objects) {
            List<ManagedFieldsEntry> entries = object.getMetadata().getManagedFields();
            String mine = entries == null ? "" : entries.stream().filter(e -> FIELD_MANAGER.equals(e.getManager()))
                    .map(e -> e.getOperation() + "/" + (e.getSubresource() == null ? "" : e.getSubresource()) + "@" + e.getTime())
                    .sorted().reduce((a, b) -> a + "," + b).orElse("");
            stamps.put(object.getKind() + "/" + object.getMetadata().getName(), mine);
        }
        return stamps;
    }

    /** The audit log of the local control plane, when the suite runs on it. */
    public static Path auditLog() {
        String cache = System.getenv().getOrDefault("SQLMI_CACHE_DIR",
                Path.of(System.getProperty("user.home"), ".cache", "sqlmi").toString());
        return Path.of(cache, "cluster", "logs", "audit.log");
    }

    /** Lines of the audit log: a mark to count from. */
    public static long auditMark() throws IOException {
        Path log = auditLog();
        if (!Files.exists(log)) {
            return -1;
        }
        try (Stream<String> lines = Files.lines(log)) {
            return lines.count();
        }
    }

    /**
     * Write requests by the operator's user since the mark to objects of the namespace or cluster-scoped ones;
     * leases (leader election) excluded.
     */
    public static List<String> auditedWritesSince(long mark, String user, String namespace) throws IOException {
        if (mark < 0) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(auditLog())) {
            return lines.skip(mark)
                    .filter(l -> l.contains("\"username\":\"" + user + "\""))
                    .filter(l -> !l.contains("\"resource\":\"leases\""))
                    .filter(l -> l.contains("\"stage\":\"ResponseComplete\""))
                    .filter(l -> l.contains("\"namespace\":\"" + namespace + "\"") || !l.contains("\"namespace\":"))
                    .toList();
        }
    }
}
