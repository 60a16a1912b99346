package io.sqlmi.operator.connectivity;

/**
 * The host-name formulas of the three endpoint types (seed-connectivity-architecture.md, "Communication overview";
 * azure-sql-mi-facts.md sections 3, 4 and 9). The gateway routes on these names, so they are built only here.
 */
public final class HostNames {

    public static final String PRIMARY_LABEL = "primary";
    public static final String SECONDARY_LABEL = "secondary";

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

    /**
     * Where a Redirect login of the instance's primary is sent: {@code <mi_name>.primary.<dns_zone>.<suffix>}, a name
     * inside the instance's DNS zone that resolves inside the virtual network (gateway.md 1.4: Azure does not publish
     * its routed names, only that clients must resolve names in the zone). No instance host can take that form: an
     * instance's VNet-local host has two labels before the suffix, and {@code primary} is no zone.
     */
    public static String primaryReplica(String instance, String dnsZone, String suffix) {
        return instance + "." + PRIMARY_LABEL + "." + dnsZone + "." + suffix;
    }

    /** Where a Redirect login with read intent is sent: {@code <mi_name>.secondary.<dns_zone>.<suffix>}. */
    public static String readableSecondary(String instance, String dnsZone, String suffix) {
        return instance + "." + SECONDARY_LABEL + "." + dnsZone + "." + suffix;
    }

    /** The replica name of {@code label} for the instance whose VNet-local host is {@code vnetLocalHost}. */
    public static String replicaOf(String vnetLocalHost, String label) {
        int dot = vnetLocalHost.indexOf('.');
        return vnetLocalHost.substring(0, dot) + "." + label + vnetLocalHost.substring(dot);
    }

    /** In-cluster DNS name of a Service. */
    public static String service(String name, String namespace, String clusterDomain) {
        return name + "." + namespace + ".svc." + clusterDomain;
    }
}
