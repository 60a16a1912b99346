package io.sqlmi.gateway.ops;

import io.sqlmi.gateway.routing.RoutingTable.Host;
import io.sqlmi.gateway.routing.RoutingTable.Instance;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's Prometheus metrics (docs/gateway.md lists them). Per-instance families carry the labels
 * {@code instance}, {@code namespace} and {@code endpoint_type} (VNetLocal, Public, Private); a login whose
 * name matched nothing is counted with empty values, so a client cannot create label sets at will.
 */
public final class GatewayMetrics {
    public static final String CLIENT_TO_ENGINE = "client_to_engine";
    public static final String ENGINE_TO_CLIENT = "engine_to_client";

    private final MetricRegistry registry = new MetricRegistry();
    public final MetricRegistry.Family connections = registry.counter("sqlmi_gateway_connections_total",
            "TCP connections accepted, per listener (tds: 1433, public: 3342, private: 1435).", "listener");
    public final MetricRegistry.Family connectionsOpen = registry.gauge("sqlmi_gateway_connections_open",
            "Client connections open now (logging in or relayed), per listener.", "listener");
    public final MetricRegistry.Family sessionsOpen = registry.gauge("sqlmi_gateway_sessions_open",
            "Proxied sessions open now.", "instance", "namespace", "endpoint_type");
    public final MetricRegistry.Family logins = registry.counter("sqlmi_gateway_logins_total",
            "Logins by outcome: proxied, redirected, refused (by the gateway), engine_refused, engine_unavailable.",
            "instance", "namespace", "endpoint_type", "outcome");
    public final MetricRegistry.Family redirects = registry.counter("sqlmi_gateway_redirects_total",
            "Clients sent to an engine with ENVCHANGE routing, per replica (primary or secondary).",
            "instance", "namespace", "replica");
    public final MetricRegistry.Family errors = registry.counter("sqlmi_gateway_errors_total",
            "TDS errors the gateway sent, by number (40531, 40532, 40613, 47072, 17809, 17828, 17832).",
            "number", "instance", "namespace", "endpoint_type");
    public final MetricRegistry.Family bytes = registry.counter("sqlmi_gateway_bytes_total",
            "Bytes relayed on proxied sessions (TDS payload as sent on each side), per direction.",
            "instance", "namespace", "endpoint_type", "direction");
    public final MetricRegistry.Family handshakeFailures = registry.counter("sqlmi_gateway_handshake_failures_total",
            "Connections closed before a login could be routed: prelogin_timeout, login_timeout, malformed, tls, "
                    + "closed_by_client, overloaded, internal_error (a gateway defect: please report it).", "reason");
    public final MetricRegistry.Family routeReloads = registry.counter("sqlmi_gateway_routes_reloads_total",
            "Reads of the routing table file that changed the table (ok) or were refused (failed).", "result");
    public final MetricRegistry.Family routeInstances = registry.gauge("sqlmi_gateway_routes_instances",
            "Instances in the routing table in use.");
    public final MetricRegistry.Family routesLoadedAt = registry.gauge(
            "sqlmi_gateway_routes_last_success_timestamp_seconds", "When the routing table in use was read.");
    public final MetricRegistry.Family certificateReloads = registry.counter(
            "sqlmi_gateway_certificates_reloads_total", "Loads of the certificate directory, ok or failed.",
            "result");
    public final MetricRegistry.Family certificateExpiry = registry.gauge(
            "sqlmi_gateway_certificate_expiry_timestamp_seconds", "notAfter of each certificate served, per file.",
            "file");
    public final MetricRegistry.Family draining = registry.gauge("sqlmi_gateway_draining",
            "1 from SIGTERM on: listeners closed, open sessions finishing.");

    public String render() {
        return registry.render();
    }

    public void login(Instance instance, Host host, String outcome) {
        logins.labels(name(instance), namespace(instance), type(host), outcome).increment();
    }

    public void error(int number, Instance instance, Host host) {
        errors.labels(String.valueOf(number), name(instance), namespace(instance), type(host)).increment();
    }

    public LongAdder bytes(Instance instance, Host host, String direction) {
        return bytes.labels(name(instance), namespace(instance), type(host), direction);
    }

    public LongAdder sessions(Instance instance, Host host) {
        return sessionsOpen.labels(name(instance), namespace(instance), type(host));
    }

    private static String name(Instance instance) {
        return instance == null ? "" : instance.name();
    }

    private static String namespace(Instance instance) {
        return instance == null || instance.namespace() == null ? "" : instance.namespace();
    }

    private static String type(Host host) {
        return host == null ? "" : host.type().label();
    }
}
