package io.sqlmi.gateway.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes a {@code routes.json} as the operator publishes it (docs/design.md section 7), for tests. */
public final class RoutesJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();
    private final ArrayNode instances;

    private RoutesJson(String virtualCluster, String zone, String suffix) {
        root.put("virtualCluster", virtualCluster);
        root.put("dnsZone", zone);
        root.put("dnsSuffix", suffix);
        instances = root.putArray("instances");
    }

    public static RoutesJson cluster(String virtualCluster, String zone, String suffix) {
        return new RoutesJson(virtualCluster, zone, suffix);
    }

    public Instance instance(String name) {
        ObjectNode node = instances.addObject();
        node.put("name", name);
        node.put("namespace", "sqlmi-subnet-a");
        node.put("minimalTlsVersion", "1.2");
        return new Instance(node);
    }

    public String json() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One instance entry. */
    public final class Instance {
        private final ObjectNode node;
        private final ArrayNode hosts;

        private Instance(ObjectNode node) {
            this.node = node;
            this.hosts = node.putArray("hosts");
        }

        public Instance minimalTls(String version) {
            node.put("minimalTlsVersion", version);
            return this;
        }

        public Instance state(String state) {
            node.put("state", state);
            return this;
        }

        public Instance engine(String host, int port) {
            target(node.putObject("engine"), host, port);
            return this;
        }

        public Instance redirect(String host, int port) {
            target(node.putObject("redirect"), host, port);
            return this;
        }

        public Instance readableSecondary(String engineHost, int enginePort, String redirectHost, int redirectPort) {
            ObjectNode secondary = node.putObject("readableSecondary");
            target(secondary.putObject("engine"), engineHost, enginePort);
            target(secondary.putObject("redirect"), redirectHost, redirectPort);
            return this;
        }

        public Instance host(String host, String type, String connectionType, int listenerPort) {
            ObjectNode entry = hosts.addObject();
            entry.put("host", host);
            entry.put("type", type);
            entry.put("endpoint", node.get("name").asText() + "-" + type.toLowerCase());
            entry.put("connectionType", connectionType);
            entry.put("listenerPort", listenerPort);
            return this;
        }

        public Instance instance(String name) {
            return RoutesJson.this.instance(name);
        }

        public String json() {
            return RoutesJson.this.json();
        }

        private void target(ObjectNode target, String host, int port) {
            target.put("host", host);
            target.put("port", port);
        }
    }
}
