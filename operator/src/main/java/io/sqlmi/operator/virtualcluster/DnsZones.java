package io.sqlmi.operator.virtualcluster;

import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterReference;
import io.sqlmi.operator.gateway.RoutingTable;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * DNS zone ids: "generated as a random string" when the cluster is created; observed values are 12 lowercase hex
 * characters (azure-sql-mi-facts.md section 9). A zone is generated once and kept.
 */
public final class DnsZones {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile("^[0-9a-f]{12}$");

    private DnsZones() {
    }

    /** The zone a virtual cluster has, or why it has none yet. */
    public sealed interface Choice {
    }

    /** @param source how the zone came about, for the DnsZoneAssigned condition */
    public record Assigned(String zone, String source) implements Choice {
    }

    /** The cluster shares its partner's zone, and the partner has none yet (or does not exist). */
    public record WaitingForPartner(String partner, boolean partnerExists) implements Choice {
    }

    /**
     * The zone is taken from status; when status was lost, from the routing table the gateway was given; with a
     * partner (spec.dnsZonePartner), from the partner; otherwise it is generated.
     *
     * @param published the routing table in the gateway's ConfigMap, or null
     * @param partner   the VirtualCluster spec.dnsZonePartner names, or null when it names none or it does not exist
     */
    public static Choice choose(VirtualCluster vc, RoutingTable published, VirtualCluster partner) {
        VirtualClusterReference partnerRef = vc.getSpec().getDnsZonePartner();
        if (vc.getStatus() != null && isValid(vc.getStatus().getDnsZone())) {
            return new Assigned(vc.getStatus().getDnsZone(), partnerRef == null
                    ? "generated when the cluster was created" : "shared with the partner cluster");
        }
        if (published != null && isValid(published.dnsZone())) {
            return new Assigned(published.dnsZone(), "recovered from the gateway's routing table");
        }
        if (partnerRef != null) {
            String name = partnerNamespace(vc) + "/" + partnerRef.getName();
            String partnerZone = partner == null || partner.getStatus() == null ? null : partner.getStatus().getDnsZone();
            return isValid(partnerZone) ? new Assigned(partnerZone, "shared with the partner cluster " + name)
                    : new WaitingForPartner(name, partner != null);
        }
        return new Assigned(generate(), "generated when the cluster was created");
    }

    /** The namespace of the cluster's zone partner: the cluster's own unless the reference names another. */
    public static String partnerNamespace(VirtualCluster vc) {
        VirtualClusterReference ref = vc.getSpec().getDnsZonePartner();
        return ref.getNamespace() == null ? vc.getMetadata().getNamespace() : ref.getNamespace();
    }

    /** Whether {@code vc} names {@code partner} as its zone partner. */
    public static boolean isPartnerOf(VirtualCluster partner, VirtualCluster vc) {
        VirtualClusterReference ref = vc.getSpec().getDnsZonePartner();
        return ref != null && ref.getName().equals(partner.getMetadata().getName())
                && partnerNamespace(vc).equals(partner.getMetadata().getNamespace());
    }

    public static String generate() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static boolean isValid(String zone) {
        return zone != null && FORMAT.matcher(zone).matches();
    }
}
