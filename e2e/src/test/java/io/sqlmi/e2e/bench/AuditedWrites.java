package io.sqlmi.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqlmi.e2e.support.OperatorWrites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The operator's write requests in a time window, from the local control plane's audit log and its rotated
 * backups (a run of 1,000 instances can rotate the log, which breaks counting by line). Leases (leader election) are not counted: they are neither namespaced here nor nodes.
 */
record AuditedWrites(List<Write> writes) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One write: verb, resource (with its subresource) and the HTTP code the API server answered. */
    record Write(String verb, String resource, int code) {
    }

    /** Writes to objects of the namespaces, and to the pool nodes whose names start with {@code nodePrefix}. */
    static AuditedWrites between(Instant from, Instant to, Set<String> namespaces, String nodePrefix) {
        Path log = OperatorWrites.auditLog();
        List<Write> writes = new ArrayList<>();
        String user = "\"username\":\"" + OperatorWrites.FIELD_MANAGER + "\"";
        try (Stream<Path> files = Files.list(log.getParent())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("audit")).sorted(Comparator.naturalOrder()).toList()) {
                try (Stream<String> lines = Files.lines(file)) {
                    lines.filter(l -> l.contains(user) && l.contains("\"stage\":\"ResponseComplete\"")).forEach(line -> {
                        JsonNode event = parse(line);
                        Instant at = Instant.parse(event.path("requestReceivedTimestamp").asText());
                        JsonNode ref = event.path("objectRef");
                        String resource = ref.path("resource").asText();
                        String namespace = ref.path("namespace").asText(null);
                        boolean ours = namespace != null ? namespaces.contains(namespace)
                                : "nodes".equals(resource) && ref.path("name").asText().startsWith(nodePrefix);
                        if (at.isBefore(from) || !at.isBefore(to) || !ours) {
                            return;
                        }
                        String sub = ref.path("subresource").asText("");
                        writes.add(new Write(event.path("verb").asText(), sub.isEmpty() ? resource : resource + "/" + sub,
                                event.path("responseStatus").path("code").asInt()));
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AuditedWrites(writes);
    }

    int count() {
        return writes.size();
    }

    int withoutEvents() {
        return (int) writes.stream().filter(w -> !w.resource().equals("events")).count();
    }

    /** Writes per instance by "verb resource", most frequent first, e.g. {@code patch managedinstances/status: 2.0}. */
    String perInstance(int instances) {
        Map<String, Long> counts = writes.stream().collect(Collectors.groupingBy(
                w -> w.verb() + " " + w.resource() + (w.code() >= 400 ? " (" + w.code() + ")" : ""), TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> "%s %.2f".formatted(e.getKey(), e.getValue() / (double) instances))
                .collect(Collectors.joining(", "));
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
