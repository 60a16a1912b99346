package io.sqlmi.operator.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.connectivity.Ports;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointState;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.instance.EngineServicesBuilder;
import io.sqlmi.operator.connectivity.HostNames;
import io.sqlmi.operator.virtualcluster.DnsZones;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The DNS records of every endpoint's host name, as objects the product's CoreDNS serves with its {@code kubernetes}
 * plugin. Pure.
 *
 * <p>Layout, in the one records namespace: per DNS zone and endpoint kind a selector-less headless Service
 * {@code <kind>-<zone>} (kind {@code v} VNet-local, {@code p} public, {@code l} privatelink), and per host name an
 * EndpointSlice of that Service whose one endpoint has the instance's name as {@code hostname} and the endpoint's
 * address. CoreDNS answers {@code <mi>.<kind>-<zone>.<namespace>.svc.records.sqlmi.internal} from it, and the chart's
 * Corefile rewrites each Azure name to that form: {@code <mi>.<zone>.<suffix>}, {@code <mi>.public.<zone>.<suffix>}
 * and {@code <mi>.privatelink.<zone>.<suffix>}. A regular expression can make that rewrite for names of any length,
 * which a Service per host name could not (a Service name has at most 63 characters, an instance name alone 63).
 *
 * <p>The redirect host names of the instances' replicas, {@code <mi>.primary.<zone>.<suffix>} and
 * {@code <mi>.secondary.<zone>.<suffix>} (kinds {@code r} and {@code s}), come from the engine Services that carry
 * them in the annotation {@code sqlmi.io/host}, with the Service's cluster address.
 *
 * <p>Zone partners share their zone, so their records share its Services, and each instance's name keeps its own
 * slice. When two endpoints claim one host name (private endpoints of one instance in two virtual networks, which in
 * Azure have a private DNS zone each), the oldest endpoint's address is served.
 */
public final class DnsRecords {

    public static final String COMPONENT = "dns-record";
    /** Selector of the records, in the records namespace. */
    public static final String SELECTOR = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + COMPONENT;
    public static final String ENDPOINT_ANNOTATION = "sqlmi.io/endpoint";
    public static final String HOST_ANNOTATION = "sqlmi.io/host";
    public static final String SERVICE_ANNOTATION = "sqlmi.io/service";
    /** The engine Services whose redirect host names get records, in every namespace. */
    public static final String REPLICA_SERVICES_SELECTOR = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + " in ("
            + EngineServicesBuilder.PRIMARY_COMPONENT + "," + EngineServicesBuilder.SECONDARY_COMPONENT + ")";
    static final String SLICE_MANAGER = "sqlmi-operator.sqlmi.io";
    private static final Pattern LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    private static final Comparator<io.fabric8.kubernetes.api.model.HasMetadata> OLDEST_FIRST = Comparator
            .comparing((io.fabric8.kubernetes.api.model.HasMetadata e) ->
                    Objects.requireNonNullElse(e.getMetadata().getCreationTimestamp(), "9"))
            .thenComparing(e -> e.getMetadata().getNamespace()).thenComparing(e -> e.getMetadata().getName());

    private DnsRecords() {
    }

    /**
     * One host name and the address it resolves to.
     *
     * @param source the object that asks for it, {@code <namespace>/<name>}: an Endpoint, or for kinds {@code r} and
     *               {@code s} an engine Service
     */
    public record DnsRecord(String kind, String zone, String instance, String host, String address, int port,
                            String source) {
        /** The annotation that names the source on the record's slice. */
        String sourceAnnotation() {
            return kind.equals(PRIMARY_KIND) || kind.equals(SECONDARY_KIND) ? SERVICE_ANNOTATION : ENDPOINT_ANNOTATION;
        }

        /** The headless Service of the record's zone and kind. */
        public String serviceName() {
            return kind + "-" + zone;
        }

        public String sliceName() {
            return kind + "-" + zone + "-" + instance;
        }
    }

    static final String PRIMARY_KIND = "r";
    static final String SECONDARY_KIND = "s";

    /** The records every endpoint with a host name and an address asks for, one per host name, sorted. */
    public static List<DnsRecord> desired(Collection<Endpoint> endpoints, String suffix) {
        return desired(endpoints, List.of(), suffix);
    }

    /**
     * The records of the endpoints and of the engine Services' redirect host names, one per host name, sorted; the
     * oldest claim of a host name wins.
     */
    public static List<DnsRecord> desired(Collection<Endpoint> endpoints, Collection<Service> replicaServices, String suffix) {
        Map<String, DnsRecord> byHost = new TreeMap<>();
        endpoints.stream().sorted(OLDEST_FIRST).forEach(endpoint -> {
            DnsRecord record = recordOf(endpoint, suffix);
            if (record != null) {
                byHost.putIfAbsent(record.host(), record);
            }
        });
        replicaServices.stream().sorted(OLDEST_FIRST).forEach(service -> {
            DnsRecord record = recordOf(service, suffix);
            if (record != null) {
                byHost.putIfAbsent(record.host(), record);
            }
        });
        return List.copyOf(byHost.values());
    }

    /**
     * An engine Service's record: its redirect host name ({@code <mi>.primary|secondary.<zone>.<suffix>}) to its
     * cluster address, on its redirect port. Null while it has no address, or when it is being deleted.
     */
    static DnsRecord recordOf(Service service, String suffix) {
        var meta = service.getMetadata();
        String host = meta.getAnnotations() == null ? null : meta.getAnnotations().get(EngineServicesBuilder.HOST_ANNOTATION);
        var spec = service.getSpec();
        if (host == null || meta.getDeletionTimestamp() != null || spec == null || spec.getClusterIP() == null
                || spec.getClusterIP().isBlank() || "None".equals(spec.getClusterIP())) {
            return null;
        }
        host = host.toLowerCase();
        if (!host.endsWith("." + suffix)) {
            return null;
        }
        String[] labels = host.substring(0, host.length() - suffix.length() - 1).split("\\.");
        if (labels.length != 3 || !LABEL.matcher(labels[0]).matches() || !DnsZones.isValid(labels[2])) {
            return null;
        }
        String kind = switch (labels[1]) {
            case HostNames.PRIMARY_LABEL -> PRIMARY_KIND;
            case HostNames.SECONDARY_LABEL -> SECONDARY_KIND;
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        int port = spec.getPorts() == null ? Ports.ENGINE : spec.getPorts().stream()
                .filter(p -> "redirect".equals(p.getName())).map(p -> p.getPort()).findFirst().orElse(Ports.ENGINE);
        return new DnsRecord(kind, labels[2], labels[0], host, spec.getClusterIP(), port,
                meta.getNamespace() + "/" + meta.getName());
    }

    /** The endpoint's record, or null while it has no host name or address, or is failed, refused or cut off. */
    static DnsRecord recordOf(Endpoint endpoint, String suffix) {
        var status = endpoint.getStatus();
        if (status == null || status.getHost() == null || status.getAddress() == null
                || endpoint.getMetadata().getDeletionTimestamp() != null
                || status.getState() == EndpointState.Failed || status.getState() == EndpointState.Rejected
                || status.getState() == EndpointState.Disconnected) {
            return null;
        }
        String host = status.getHost().toLowerCase();
        if (!host.endsWith("." + suffix)) {
            return null;
        }
        String[] labels = host.substring(0, host.length() - suffix.length() - 1).split("\\.");
        EndpointType type = endpoint.getSpec().getType();
        String kind;
        int port;
        if (type == EndpointType.VNetLocal && labels.length == 2) {
            kind = "v";
            port = Ports.TDS;
        } else if (type == EndpointType.Public && labels.length == 3 && labels[1].equals("public")) {
            kind = "p";
            port = Ports.PUBLIC_ENDPOINT;
        } else if (type == EndpointType.Private && labels.length == 3 && labels[1].equals("privatelink")) {
            kind = "l";
            port = Ports.TDS;
        } else {
            return null;
        }
        String instance = labels[0];
        String zone = labels[labels.length - 1];
        if (!LABEL.matcher(instance).matches() || !DnsZones.isValid(zone)) {
            return null;
        }
        return new DnsRecord(kind, zone, instance, host, status.getAddress(), port,
                endpoint.getMetadata().getNamespace() + "/" + endpoint.getMetadata().getName());
    }

    public static Service service(String namespace, String name, int port) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels()).endMetadata()
                .withNewSpec().withClusterIP("None").withType("ClusterIP")
                .addNewPort().withName("tds").withPort(port).withProtocol("TCP").endPort()
                .endSpec().build();
    }

    public static EndpointSlice slice(String namespace, DnsRecord record) {
        Map<String, String> labels = labels();
        labels.put("kubernetes.io/service-name", record.serviceName());
        labels.put("endpointslice.kubernetes.io/managed-by", SLICE_MANAGER);
        return new EndpointSliceBuilder()
                .withNewMetadata().withName(record.sliceName()).withNamespace(namespace).withLabels(labels)
                .addToAnnotations(HOST_ANNOTATION, record.host()).addToAnnotations(record.sourceAnnotation(), record.source())
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("tds").withPort(record.port()).withProtocol("TCP").endPort()
                .addNewEndpoint().withAddresses(record.address()).withHostname(record.instance())
                .withNewConditions().withReady(true).endConditions().endEndpoint()
                .build();
    }

    /** What a sync writes and deletes to turn the existing records into the desired ones. */
    public record Changes(List<Service> servicesToApply, List<EndpointSlice> slicesToApply,
                          List<String> slicesToDelete, List<String> servicesToDelete) {
        public boolean isEmpty() {
            return servicesToApply.isEmpty() && slicesToApply.isEmpty() && slicesToDelete.isEmpty() && servicesToDelete.isEmpty();
        }
    }

    /**
     * The changes from the existing records (as the informers hold them) to the desired ones: only what differs, so
     * that a sync at rest writes nothing.
     */
    public static Changes changes(String namespace, List<DnsRecord> desired, Collection<Service> services,
                                  Collection<EndpointSlice> slices) {
        Map<String, Service> existingServices = services.stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s, (a, b) -> a));
        Map<String, EndpointSlice> existingSlices = slices.stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s, (a, b) -> a));
        Map<String, Integer> wantedServices = new LinkedHashMap<>();
        desired.forEach(r -> wantedServices.putIfAbsent(r.serviceName(), r.port()));
        List<Service> servicesToApply = new ArrayList<>();
        wantedServices.forEach((name, port) -> {
            Service want = service(namespace, name, port);
            if (!sameService(existingServices.get(name), want)) {
                servicesToApply.add(want);
            }
        });
        List<EndpointSlice> slicesToApply = new ArrayList<>();
        Set<String> wantedSlices = new TreeSet<>();
        for (DnsRecord record : desired) {
            EndpointSlice want = slice(namespace, record);
            wantedSlices.add(record.sliceName());
            if (!sameSlice(existingSlices.get(record.sliceName()), want)) {
                slicesToApply.add(want);
            }
        }
        List<String> slicesToDelete = existingSlices.keySet().stream().filter(n -> !wantedSlices.contains(n)).sorted().toList();
        List<String> servicesToDelete = existingServices.keySet().stream().filter(n -> !wantedServices.containsKey(n))
                .sorted().toList();
        return new Changes(servicesToApply, slicesToApply, slicesToDelete, servicesToDelete);
    }

    static boolean sameService(Service existing, Service desired) {
        return existing != null && existing.getSpec() != null
                && "None".equals(existing.getSpec().getClusterIP())
                && (existing.getSpec().getSelector() == null || existing.getSpec().getSelector().isEmpty())
                && existing.getSpec().getPorts() != null && existing.getSpec().getPorts().size() == 1
                && Objects.equals(existing.getSpec().getPorts().get(0).getPort(), desired.getSpec().getPorts().get(0).getPort())
                && containsAll(existing.getMetadata().getLabels(), desired.getMetadata().getLabels());
    }

    static boolean sameSlice(EndpointSlice existing, EndpointSlice desired) {
        if (existing == null || existing.getEndpoints() == null || existing.getEndpoints().size() != 1
                || existing.getPorts() == null || existing.getPorts().size() != 1) {
            return false;
        }
        var have = existing.getEndpoints().get(0);
        var want = desired.getEndpoints().get(0);
        return Objects.equals(have.getAddresses(), want.getAddresses()) && Objects.equals(have.getHostname(), want.getHostname())
                && have.getConditions() != null && Boolean.TRUE.equals(have.getConditions().getReady())
                && Objects.equals(existing.getPorts().get(0).getPort(), desired.getPorts().get(0).getPort())
                && containsAll(existing.getMetadata().getLabels(), desired.getMetadata().getLabels())
                && containsAll(existing.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations());
    }

    private static boolean containsAll(Map<String, String> have, Map<String, String> want) {
        return want == null || want.isEmpty() || (have != null && have.entrySet().containsAll(want.entrySet()));
    }

    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.NAME, "dns-record");
        labels.put(Labels.COMPONENT, COMPONENT);
        labels.put(Labels.MANAGED_BY, Labels.OPERATOR);
        labels.put(Labels.PART_OF, "sqlmi");
        return labels;
    }
}
