package io.sqlmi.gateway.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqlmi.gateway.routing.RoutingTable.Host;
import io.sqlmi.gateway.routing.RoutingTable.Instance;
import io.sqlmi.gateway.routing.RoutingTable.Replica;
import io.sqlmi.gateway.routing.RoutingTable.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code routes.json} (docs/design.md section 7). Unknown fields are ignored and every field added after
 * the first version is optional, so an older or newer operator's table still routes. A file that is not a JSON
 * object with an {@code instances} array is refused whole (the caller keeps its last good table); an instance
 * entry that cannot be routed is left out with a warning, so one bad entry does not freeze the others.
 */
public final class RoutingTableParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The table and what was left out of it, one sentence per problem. */
    public record Result(RoutingTable table, List<String> warnings) {
    }

    /** The file cannot be used at all. */
    public static final class InvalidTableException extends Exception {
        public InvalidTableException(String message) {
            super(message);
        }
    }

    private RoutingTableParser() {
    }

    public static Result parse(byte[] content) throws InvalidTableException {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new InvalidTableException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidTableException("cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidTableException("the routing table must be a JSON object");
        }
        JsonNode instances = root.path("instances");
        if (!instances.isArray()) {
            throw new InvalidTableException("the routing table has no 'instances' array");
        }
        List<String> warnings = new ArrayList<>();
        List<Instance> parsed = new ArrayList<>();
        for (JsonNode node : instances) {
            String name = text(node, "name");
            try {
                parsed.add(instance(node, warnings));
            } catch (IllegalArgumentException e) {
                warnings.add("instance '" + (name == null ? "?" : name) + "' left out: " + e.getMessage());
            }
        }
        return new Result(new RoutingTable(text(root, "virtualCluster"), lower(text(root, "dnsZone")),
                lower(text(root, "dnsSuffix")), parsed), List.copyOf(warnings));
    }

    private static Instance instance(JsonNode node, List<String> warnings) {
        String name = required(node, "name");
        String tlsText = text(node, "minimalTlsVersion");
        MinimalTlsVersion tls = tlsText == null ? MinimalTlsVersion.TLS_1_2 : MinimalTlsVersion.parse(tlsText);
        if (tls == null) {
            warnings.add("instance '" + name + "': minimalTlsVersion '" + tlsText + "' is not None, 1.0, 1.1, 1.2 "
                    + "or 1.3; 1.2 is enforced");
            tls = MinimalTlsVersion.TLS_1_2;
        }
        Target engine = target(node.path("engine"), "engine");
        if (engine == null) {
            throw new IllegalArgumentException("it has no engine {host, port}");
        }
        Target redirect = target(node.path("redirect"), "redirect");
        Replica secondary = null;
        JsonNode secondaryNode = node.path("readableSecondary");
        if (secondaryNode.isObject()) {
            Target secondaryEngine = target(secondaryNode.path("engine"), "readableSecondary.engine");
            if (secondaryEngine == null) {
                warnings.add("instance '" + name + "': readableSecondary has no engine; read-intent logins go to "
                        + "the primary");
            } else {
                secondary = new Replica(secondaryEngine, target(secondaryNode.path("redirect"),
                        "readableSecondary.redirect"));
            }
        }
        List<Host> hosts = new ArrayList<>();
        for (JsonNode hostNode : node.path("hosts")) {
            hosts.add(host(name, hostNode, redirect != null, warnings));
        }
        return new Instance(name, text(node, "namespace"), text(node, "state"), tls, engine, redirect, secondary,
                List.copyOf(hosts));
    }

    private static Host host(String instance, JsonNode node, boolean hasRedirect, List<String> warnings) {
        String host = lower(required(node, "host"));
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        String typeText = text(node, "type");
        EndpointType type = typeText == null ? EndpointType.VNET_LOCAL : EndpointType.parse(typeText);
        if (type == null) {
            throw new IllegalArgumentException("host '" + host + "' has type '" + typeText
                    + "', not VNetLocal, Public or Private");
        }
        String connectionText = text(node, "connectionType");
        ConnectionType connection = connectionText == null ? ConnectionType.PROXY : ConnectionType.parse(connectionText);
        if (connection == null) {
            throw new IllegalArgumentException("host '" + host + "' has connectionType '" + connectionText
                    + "', not Redirect or Proxy");
        }
        if (connection == ConnectionType.REDIRECT && type != EndpointType.VNET_LOCAL) {
            warnings.add("instance '" + instance + "': host '" + host + "' is a " + type.label()
                    + " endpoint, which is always proxied");
            connection = ConnectionType.PROXY;
        }
        if (connection == ConnectionType.REDIRECT && !hasRedirect) {
            warnings.add("instance '" + instance + "': host '" + host + "' is Redirect but the instance has no "
                    + "redirect target; it is proxied");
            connection = ConnectionType.PROXY;
        }
        int port = node.path("listenerPort").asInt(-1);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("host '" + host + "' has no listenerPort in 1..65535");
        }
        return new Host(host, type, text(node, "endpoint"), text(node, "endpointNamespace"), connection, port);
    }

    private static Target target(JsonNode node, String field) {
        if (!node.isObject()) {
            return null;
        }
        String host = text(node, "host");
        int port = node.path("port").asInt(-1);
        if (host == null || port < 1 || port > 65535) {
            throw new IllegalArgumentException(field + " needs a host and a port in 1..65535");
        }
        return new Target(host, port);
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new IllegalArgumentException("it has no '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText().trim();
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
