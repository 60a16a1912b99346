package io.sqlmi.operator.network;

import io.sqlmi.operator.crds.v1alpha1.Architecture;
import io.sqlmi.operator.crds.v1alpha1.Route.NextHopType;
import java.util.List;
import java.util.Map;

/** Mandatory routes per architecture, as data. Kubernetes has no routes: they are kept and checked in status. */
public final class RouteTables {

    /** A route whose address prefix may be {@link NsgRule#SUBNET}, replaced by the subnet's prefix. */
    public record MandatoryRoute(String name, String addressPrefix, NextHopType nextHopType) {
    }

    /**
     * Source: seed-connectivity-architecture.md, "Mandatory routes with service-aided subnet configuration" (both
     * tabs; "subnet-to-vnetlocal" has the subnet as its prefix and Virtual network, i.e. VnetLocal, as next hop).
     */
    public static final Map<Architecture, List<MandatoryRoute>> MANDATORY = Map.of(
            Architecture.Current, List.of(
                    new MandatoryRoute("AzureActiveDirectory", "AzureActiveDirectory", NextHopType.Internet),
                    new MandatoryRoute("OneDsCollector", "OneDsCollector", NextHopType.Internet),
                    new MandatoryRoute("Storage.primaryRegion", "Storage.primaryRegion", NextHopType.Internet),
                    new MandatoryRoute("Storage.secondaryRegion", "Storage.secondaryRegion", NextHopType.Internet),
                    new MandatoryRoute("subnet-to-vnetlocal", NsgRule.SUBNET, NextHopType.VnetLocal)),
            Architecture.BeforeNovember2022, List.of(
                    new MandatoryRoute("subnet-to-vnetlocal", NsgRule.SUBNET, NextHopType.VnetLocal),
                    new MandatoryRoute("mi-azurecloud-REGION-internet", "AzureCloud.REGION", NextHopType.Internet),
                    new MandatoryRoute("mi-azurecloud-REGION_PAIR-internet", "AzureCloud.REGION_PAIR", NextHopType.Internet),
                    new MandatoryRoute("mi-azuremonitor-internet", "AzureMonitor", NextHopType.Internet),
                    new MandatoryRoute("mi-corpnetpublic-internet", "CorpNetPublic", NextHopType.Internet),
                    new MandatoryRoute("mi-corpnetsaw-internet", "CorpNetSaw", NextHopType.Internet),
                    new MandatoryRoute("mi-eventhub-REGION-internet", "EventHub.REGION", NextHopType.Internet),
                    new MandatoryRoute("mi-eventhub-REGION_PAIR-internet", "EventHub.REGION_PAIR", NextHopType.Internet),
                    new MandatoryRoute("mi-sqlmanagement-internet", "SqlManagement", NextHopType.Internet),
                    new MandatoryRoute("mi-storage-internet", "Storage", NextHopType.Internet),
                    new MandatoryRoute("mi-storage-REGION-internet", "Storage.REGION", NextHopType.Internet),
                    new MandatoryRoute("mi-storage-REGION_PAIR-internet", "Storage.REGION_PAIR", NextHopType.Internet),
                    new MandatoryRoute("mi-azureactivedirectory-internet", "AzureActiveDirectory", NextHopType.Internet)));

    private RouteTables() {
    }
}
