package io.sqlmi.operator.crds.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A dedicated subnet delegated to Microsoft.Sql/managedInstances and the virtual cluster in it.
 * Source: seed-connectivity-architecture.md, "Network requirements" and "Virtual cluster connectivity architecture".
 */
@Group(GroupVersion.GROUP)
@Version(GroupVersion.VERSION)
@Plural("virtualclusters")
@ShortNames("mivc")
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Subnet", jsonPath = ".spec.subnet.addressPrefix", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "DNS Zone", jsonPath = ".status.dnsZone", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Instances", jsonPath = ".status.instances", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Available IPs", jsonPath = ".status.addresses.available", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class VirtualCluster extends CustomResource<VirtualClusterSpec, VirtualClusterStatus> implements Namespaced {
}
