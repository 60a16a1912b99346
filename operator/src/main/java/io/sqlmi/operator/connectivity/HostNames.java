package io.sqlmi.operator.connectivity;

/**
 * The host-name formulas of the three endpoint types (seed-connectivity-architecture.md, "Communication overview";
 * azure-sql-mi-facts.md sections 3, 4 and 9). The gateway routes on these names, so they are built only here.
 */
public final class HostNames {

    private HostNames() {
    }

    /** VNet-local endpoint: {@code <mi_name>.<dns_zone>.database.windows.net}. */
    public static String vnetLocal(String instance, String dnsZone, String suffix) {
        return instance + "." + dnsZone + "." + suffix;
    }

    /** Public endpoint: {@code <mi_name>.public.<dns_zone>.database.windows.net}. */
    public static String publicEndpoint(String instance, String dnsZone, String suffix) {
        return instance + ".public." + dnsZone + "." + suffix;
    }

    /** Private endpoint in another VNet: zone {@code privatelink.<dns-zone>.database.windows.net}, record {@code <mi>}. */
    public static String privateEndpoint(String instance, String dnsZone, String suffix) {
        return instance + ".privatelink." + dnsZone + "." + suffix;
    }

    /** In-cluster DNS name of a Service. */
    public static String service(String name, String namespace, String clusterDomain) {
        return name + "." + namespace + ".svc." + clusterDomain;
    }
}
