package io.sqlmi.gateway.routing;

import io.sqlmi.gateway.routing.Decision.Proxy;
import io.sqlmi.gateway.routing.Decision.Redirect;
import io.sqlmi.gateway.routing.Decision.Refuse;
import io.sqlmi.gateway.routing.RoutingTable.Host;
import io.sqlmi.gateway.routing.RoutingTable.Instance;
import io.sqlmi.gateway.routing.RoutingTable.Match;
import io.sqlmi.gateway.routing.RoutingTable.Target;
import io.sqlmi.tds.login.TdsVersion;
import java.util.Optional;

/**
 * Decides what happens to a login, from the routing table alone (pure: no I/O). The checks run in the order a
 * person fixing the connection string needs them: is there a name, is it a name rather than an address, does
 * it belong to this virtual cluster, on this port; then the instance's state and TLS minimum; then proxy or
 * redirect, primary or readable secondary.
 */
public final class Router {
    private static final int REDIRECT_PORT_1433 = 1433;

    private final boolean redirectOn1433;

    /** @param redirectOn1433 send redirected clients to port 1433 of the routed host (Azure since October 2025) */
    public Router(boolean redirectOn1433) {
        this.redirectOn1433 = redirectOn1433;
    }

    public Decision route(RoutingTable table, LoginFacts login) {
        String serverName = ServerNames.normalise(login.serverName());
        String sni = ServerNames.normalise(login.sni());
        String name = serverName.isEmpty() ? sni : serverName;
        if (name.isEmpty()) {
            return refuse(LoginError.SERVER_NAME_UNDETERMINED, "Server name cannot be determined. The login carries "
                    + "no server name: put the instance's host name, " + example(table) + ", in the connection "
                    + "string as the server, so that the gateway can pick the instance.", null, null);
        }
        if (ServerNames.isIpAddress(name)) {
            return refuse(LoginError.CANNOT_OPEN_SERVER, cannotOpen(name) + "Connecting by IP address is not "
                    + "supported: the gateway serves several instances and picks one by host name. Use the "
                    + "instance's host name, " + example(table) + ".", null, null);
        }
        Optional<Match> found = table.find(name);
        if (found.isEmpty()) {
            return refuse(LoginError.CANNOT_OPEN_SERVER, cannotOpen(name) + unknownName(table, name), null, null);
        }
        Instance instance = found.get().instance();
        Host host = found.get().host();
        if (host.listenerPort() != login.listenerPort()) {
            return refuse(LoginError.CANNOT_OPEN_SERVER, cannotOpen(name) + "'" + name + "' is the "
                    + host.type().label() + " endpoint of instance '" + instance.name() + "', served on port "
                    + host.listenerPort() + ", not " + login.listenerPort() + ": connect to " + name + ","
                    + host.listenerPort() + ".", instance, host);
        }
        if (!sni.isEmpty() && !sni.equals(name) && !ServerNames.isIpAddress(sni)) {
            Optional<Match> bySni = table.find(sni);
            if (bySni.isPresent() && bySni.get().instance() != instance) {
                return refuse(LoginError.CANNOT_OPEN_SERVER, cannotOpen(name) + "The TLS server name (SNI) '" + sni
                        + "' belongs to instance '" + bySni.get().instance().name() + "' but the login names '"
                        + name + "' of instance '" + instance.name() + "': connect with one host name.",
                        instance, host);
            }
        }
        if (instance.stopped()) {
            return refuse(LoginError.CANNOT_OPEN_SERVER, cannotOpen(name) + "Instance '" + instance.name()
                    + "' is " + instance.state() + ": it takes logins again once it is Ready (start it with "
                    + "spec.stopped: false).", instance, host);
        }
        if (!instance.minimalTlsVersion().allows(login.tlsProtocol())) {
            String used = login.tlsProtocol() == null ? "used no TLS" : "used " + login.tlsProtocol();
            return refuse(LoginError.INVALID_TLS_VERSION, "Login failed with invalid TLS version. Instance '"
                    + instance.name() + "' requires TLS " + instance.minimalTlsVersion().label()
                    + " or later (minimalTlsVersion) and this session " + used + ": turn on encryption with TLS "
                    + instance.minimalTlsVersion().label() + " in the client"
                    + (instance.minimalTlsVersion() == MinimalTlsVersion.TLS_1_3
                            ? " (TLS 1.3 needs Encrypt=Strict, TDS 8.0)" : "")
                    + ", or lower the instance's minimalTlsVersion.", instance, host);
        }
        boolean toSecondary = login.readOnlyIntent() && instance.readableSecondary() != null;
        Target redirectTarget = toSecondary ? instance.readableSecondary().redirect() : instance.redirect();
        if (host.connectionType() == ConnectionType.REDIRECT && canBeRouted(login.tdsVersion())
                && redirectTarget != null) {
            if (redirectOn1433) {
                redirectTarget = new Target(redirectTarget.host(), REDIRECT_PORT_1433);
            }
            return new Redirect(instance, host, redirectTarget, toSecondary);
        }
        return new Proxy(instance, host, toSecondary ? instance.readableSecondary().engine() : instance.engine(),
                toSecondary);
    }

    /**
     * ENVCHANGE routing goes to TDS 7.4 and 8.0 clients; older ones are proxied, as Azure does (MS-TDS allows
     * routing 7.1 to 7.3 clients only with read intent; the gateway proxies them all).
     */
    public static boolean canBeRouted(int tdsVersion) {
        int major = tdsVersion >>> 24;
        return tdsVersion == TdsVersion.V8_0 || (major >= 0x74 && major <= 0x7F);
    }

    private static String unknownName(RoutingTable table, String name) {
        Optional<Instance> routedTo = table.redirectTargetOf(name);
        if (routedTo.isPresent()) {
            return "'" + name + "' is where the gateway redirects clients of instance '" + routedTo.get().name()
                    + "', but this connection reached the gateway: that name must resolve to the instance's engine. "
                    + "Check its DNS record.";
        }
        String label = ServerNames.firstLabel(name);
        for (Instance instance : table.instances()) {
            if (instance.name().equalsIgnoreCase(label)) {
                return "Instance '" + instance.name() + "' answers to " + instance.preferredHost() + ", not '" + name
                        + "': use that host name.";
            }
        }
        String cluster = table.virtualCluster() == null ? "" : " of virtual cluster '" + table.virtualCluster() + "'";
        return "No instance" + cluster + " answers to '" + name + "': use the instance's host name, "
                + example(table) + " (status.fullyQualifiedDomainName of the ManagedInstance).";
    }

    private static String cannotOpen(String name) {
        return "Cannot open server '" + name + "' requested by the login. The login failed. ";
    }

    private static String example(RoutingTable table) {
        return table.zoneDomain() == null ? "<instance>.<dns zone>.<dns suffix>" : "<instance>." + table.zoneDomain();
    }

    private static Refuse refuse(LoginError error, String message, Instance instance, Host host) {
        return new Refuse(error, message, instance, host);
    }
}
