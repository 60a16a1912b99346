package io.sqlmi.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an installation can tune, under the {@code sqlmi.} prefix (application.properties, environment
 * variables such as SQLMI_DNS_SUFFIX, or the Helm chart's values).
 */
@ConfigMapping(prefix = "sqlmi")
public interface OperatorConfig {

    /** Suffix of every host name: {@code <mi>.<dnsZone>.<suffix>}. Azure's public cloud uses database.windows.net. */
    @WithDefault("database.windows.net")
    String dnsSuffix();

    Engine engine();

    Gateway gateway();

    PublicEndpoint publicEndpoint();

    Storage storage();

    /** Service tags resolved to CIDRs and namespace selectors (api.md: "a configurable mapping from tag to CIDRs"). */
    Map<String, ServiceTag> serviceTags();

    /** Cluster domain used in the in-cluster host names the gateway proxies and redirects to. */
    @WithDefault("cluster.local")
    String clusterDomain();

    LeaderElection leaderElection();

    interface LeaderElection {
        @WithDefault("sqlmi-operator-lock")
        String leaseName();

        /** Namespace of the lease: the operator's own namespace when it runs in the cluster. */
        @WithDefault("default")
        String namespace();
    }

    interface Engine {
        /** Image of engine pods unless an instance overrides it; it must follow docs/engine-contract.md. */
        @WithDefault("mcr.microsoft.com/mssql/server:2022-latest")
        String image();

        @WithDefault("IfNotPresent")
        String imagePullPolicy();

        /** Requests of each engine container unless the instance sets spec.engine.resources. */
        @WithDefault("500m")
        String cpuRequest();

        @WithDefault("2Gi")
        String memoryRequest();

        /** StorageClass of the data volumes; absent means the cluster's default class. */
        Optional<String> storageClass();

        /**
         * Whether the engine image listens on the redirect port itself (SQLMI_REDIRECT_PORT, the project's engine).
         * True: redirected sessions reach the pod on 11000-11999, so NSG rules on that range apply. False, for
         * images without that listener (the official one): the primary Service maps the redirect port to 1433.
         */
        @WithDefault("true")
        boolean redirectListener();
    }

    interface Gateway {
        @WithDefault("ghcr.io/sqlmi/sqlmi-gateway:0.1.0")
        String image();

        @WithDefault("IfNotPresent")
        String imagePullPolicy();

        @WithDefault("100m")
        String cpuRequest();

        @WithDefault("128Mi")
        String memoryRequest();

        /**
         * Redirect clients to port 1433 of the routed host (Azure since October 2025) instead of the instance's
         * redirect port (the source document's 11000-11999, the default).
         */
        @WithName("redirect-on-1433")
        @WithDefault("false")
        boolean redirectOn1433();
    }

    interface PublicEndpoint {
        /**
         * Where public endpoints take their addresses (Azure's public IPs): an IPv4 CIDR, of which every address
         * but the network and broadcast ones is handed out. The default is a benchmarking range (RFC 2544) that
         * the local cluster routes to its node.
         */
        @WithDefault("198.18.0.0/24")
        String addressPool();
    }

    Dns dns();

    interface Dns {
        /** Whether the operator writes a DNS record for every endpoint's host name (served by the chart's CoreDNS). */
        @WithDefault("true")
        boolean records();

        /**
         * The one namespace the records live in, as headless Services and EndpointSlices that the product's CoreDNS
         * serves. Default: the operator's own namespace.
         */
        @WithDefault("${sqlmi.leader-election.namespace}")
        String recordsNamespace();
    }

    Capacity capacity();

    Certificates certificates();

    /** Who issues the gateways' and engines' certificates (docs/certificates.md). */
    interface Certificates {
        /**
         * Operator: the operator keeps a CA and issues {@code <vc>-gateway-tls} and {@code <mi>-engine-tls} itself.
         * External: another issuer (cert-manager, say) writes those Secrets; the operator only mounts them.
         */
        @WithDefault("Operator")
        Issuer issuer();

        /**
         * The CA Secret in the operator's namespace. Operator issuer: tls.crt and tls.key of the CA (generated once
         * when {@link #generateCa()} and absent; the user's own CA otherwise). External issuer: ca.crt (or tls.crt)
         * of the CA that the external issuer signs with, for the connection Secrets.
         */
        @WithDefault("sqlmi-operator-ca")
        String caSecret();

        /** Create the CA Secret when it does not exist. False: the Secret is the user's, and is only read. */
        @WithDefault("true")
        boolean generateCa();

        /** The operator's namespace, where the CA Secret lives (application.properties: SQLMI_OPERATOR_NAMESPACE). */
        @WithDefault("default")
        String namespace();

        /** Lifetime of the gateway and engine certificates; they are renewed once two thirds of it have passed. */
        @WithDefault("P90D")
        java.time.Duration validity();

        enum Issuer {
            Operator, External
        }
    }

    interface Capacity {
        /** vCores one node (VM) of a VM group offers; a replica larger than this gets a node of its own. */
        @WithDefault("64")
        int vcoresPerNode();

        /**
         * Resize requests that arrive within this window are applied as one resize (Azure batches them too). The
         * default suits tests and small clusters.
         */
        @WithDefault("2s")
        java.time.Duration resizeWindow();
    }

    interface Storage {
        /**
         * What happens to an instance's volumes when the instance is deleted: Retain keeps the data (the default;
         * an instance re-created with the same name finds it again), Delete removes it with the instance.
         */
        @WithDefault("Retain")
        String whenDeleted();
    }

    interface ServiceTag {
        Optional<List<String>> cidrs();

        /** Ranges inside {@link #cidrs()} that the tag does not cover (NetworkPolicy ipBlock.except). */
        Optional<List<String>> except();

        /** Labels of the namespaces the tag stands for, e.g. where a storage emulator runs. */
        Map<String, String> namespaceLabels();

        /**
         * The tag also stands for the pods of every namespace outside the subnet's virtual network and its peers:
         * seen from the subnet, they are on the internet (their pod addresses are private, so the tag's ranges
         * alone, which leave private ranges out, would not cover them).
         */
        @WithDefault("false")
        boolean outsideVirtualNetworks();
    }
}
