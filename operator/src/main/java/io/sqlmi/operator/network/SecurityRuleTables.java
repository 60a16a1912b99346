package io.sqlmi.operator.network;

import static io.sqlmi.operator.network.NsgRule.ANY;
import static io.sqlmi.operator.network.NsgRule.AZURE_LOAD_BALANCER;
import static io.sqlmi.operator.network.NsgRule.INTERNET;
import static io.sqlmi.operator.network.NsgRule.SUBNET;
import static io.sqlmi.operator.network.NsgRule.VIRTUAL_NETWORK;
import static io.sqlmi.operator.network.NsgRule.inbound;
import static io.sqlmi.operator.network.NsgRule.outbound;

import io.sqlmi.operator.crds.v1alpha1.Architecture;
import io.sqlmi.operator.crds.v1alpha1.RuleOrigin;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Access;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Direction;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Protocol;
import java.util.List;
import java.util.Map;

/** The security rules the operator adds to every subnet's network security group, as data. */
public final class SecurityRuleTables {

    /** Prefix Azure reserves for the network intent policy's items (azure-sql-mi-facts.md section 11). */
    public static final String MANDATORY_NAME_PREFIX = "Microsoft.Sql-managedInstances_UseOnly_mi-";

    private static final List<String> ALL_PORTS = List.of(ANY);
    private static final List<String> HTTPS = List.of("443");

    /**
     * Mandatory rules per architecture. Source: seed-connectivity-architecture.md, "Mandatory security rules with
     * service-aided subnet configuration" (both tabs). Priorities follow the values seen in deployed subnets
     * (azure-sql-mi-facts.md section 11: healthprobe-in 100, internal-in 101, outbound 101-105).
     */
    public static final Map<Architecture, List<NsgRule>> MANDATORY = Map.of(
            Architecture.Current, List.of(
                    inbound("healthprobe-in", RuleOrigin.Mandatory, 100, Protocol.Any, AZURE_LOAD_BALANCER, ALL_PORTS),
                    inbound("internal-in", RuleOrigin.Mandatory, 101, Protocol.Any, SUBNET, ALL_PORTS),
                    outbound("AAD-out", RuleOrigin.Mandatory, 101, Protocol.Tcp, "AzureActiveDirectory", HTTPS),
                    outbound("OneDsCollector-out", RuleOrigin.Mandatory, 102, Protocol.Tcp, "OneDsCollector", HTTPS),
                    outbound("internal-out", RuleOrigin.Mandatory, 103, Protocol.Any, SUBNET, ALL_PORTS),
                    outbound("StorageP-out", RuleOrigin.Mandatory, 104, Protocol.Any, "Storage.primaryRegion", HTTPS),
                    outbound("StorageS-out", RuleOrigin.Mandatory, 105, Protocol.Any, "Storage.secondaryRegion", HTTPS)),
            Architecture.BeforeNovember2022, List.of(
                    inbound("management", RuleOrigin.Mandatory, 100, Protocol.Tcp, "SqlManagement",
                            List.of("9000", "9003", "1438", "1440", "1452")),
                    inbound("management-corpnetsaw", RuleOrigin.Mandatory, 101, Protocol.Tcp, "CorpNetSaw",
                            List.of("9000", "9003")),
                    inbound("management-corpnetpublic", RuleOrigin.Mandatory, 102, Protocol.Tcp, "CorpNetPublic",
                            List.of("9000", "9003")),
                    inbound("mi_subnet", RuleOrigin.Mandatory, 103, Protocol.Any, SUBNET, ALL_PORTS),
                    inbound("health_probe", RuleOrigin.Mandatory, 104, Protocol.Any, AZURE_LOAD_BALANCER, ALL_PORTS),
                    outbound("management", RuleOrigin.Mandatory, 100, Protocol.Tcp, "AzureCloud", List.of("443", "12000")),
                    outbound("mi_subnet", RuleOrigin.Mandatory, 101, Protocol.Any, SUBNET, ALL_PORTS)));

    /**
     * The default rules every Azure network security group has (Azure Virtual Network documentation, "Default
     * security rules"): traffic within the virtual network and from the load balancer is allowed, outbound
     * internet is allowed, everything else is denied. Without them no client in the VNet could reach the gateway.
     */
    public static final List<NsgRule> DEFAULTS = List.of(
            new NsgRule("AllowVnetInBound", RuleOrigin.Default, 65000, Direction.Inbound, Access.Allow, Protocol.Any,
                    List.of(VIRTUAL_NETWORK), List.of(VIRTUAL_NETWORK), ALL_PORTS),
            new NsgRule("AllowAzureLoadBalancerInBound", RuleOrigin.Default, 65001, Direction.Inbound, Access.Allow,
                    Protocol.Any, List.of(AZURE_LOAD_BALANCER), List.of(ANY), ALL_PORTS),
            new NsgRule("DenyAllInBound", RuleOrigin.Default, 65500, Direction.Inbound, Access.Deny, Protocol.Any,
                    List.of(ANY), List.of(ANY), ALL_PORTS),
            new NsgRule("AllowVnetOutBound", RuleOrigin.Default, 65000, Direction.Outbound, Access.Allow, Protocol.Any,
                    List.of(VIRTUAL_NETWORK), List.of(VIRTUAL_NETWORK), ALL_PORTS),
            new NsgRule("AllowInternetOutBound", RuleOrigin.Default, 65001, Direction.Outbound, Access.Allow,
                    Protocol.Any, List.of(ANY), List.of(INTERNET), ALL_PORTS),
            new NsgRule("DenyAllOutBound", RuleOrigin.Default, 65500, Direction.Outbound, Access.Deny, Protocol.Any,
                    List.of(ANY), List.of(ANY), ALL_PORTS));

    private SecurityRuleTables() {
    }
}
