package io.sqlmi.operator.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.sqlmi.operator.crds.v1alpha1.AddressStatus;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.virtualcluster.VirtualClusterStatusAggregator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhatInstancesReadOfTheirClusterTest {

    static VirtualCluster copy(VirtualCluster vc) {
        return io.fabric8.kubernetes.client.utils.Serialization.clone(vc);
    }

    static VirtualCluster cluster() {
        VirtualCluster vc = InstanceStatusAggregatorTest.servingCluster(2);
        vc.getStatus().setConditions(new ArrayList<>(List.of(new ConditionBuilder().withType(VirtualClusterStatusAggregator.NODES_AVAILABLE)
                .withStatus("True").withReason("Claimed").withMessage("Every VM group has the pool nodes it needs.").build())));
        vc.getStatus().setInstances(3);
        return vc;
    }

    @Test
    void countsAddressesAndOtherBookkeepingOfTheClusterWakeNoInstance() {
        VirtualCluster before = cluster();
        VirtualCluster after = copy(before);
        after.getStatus().setInstances(4);
        AddressStatus addresses = new AddressStatus();
        addresses.setUsed(21);
        after.getStatus().setAddresses(addresses);

        assertThat(WhatInstancesReadOfTheirCluster.changes(after, before)).isFalse();
    }

    @Test
    void whatAnInstanceReadsWakesIt() {
        VirtualCluster before = cluster();

        VirtualCluster gateway = copy(before);
        gateway.getStatus().getGateway().setReadyReplicas(0);
        VirtualCluster pool = copy(before);
        pool.getStatus().getConditions().get(0).setStatus("False");
        VirtualCluster zone = copy(before);
        zone.getStatus().setDnsZone("ffffffffffff");
        VirtualCluster placement = copy(before);
        placement.getStatus().setPlacement("NodePool");
        VirtualCluster spec = copy(before);
        spec.getMetadata().setGeneration(7L);
        VirtualCluster annotated = copy(before);
        annotated.getMetadata().setAnnotations(java.util.Map.of("sqlmi.io/reconcile-policy", "skip"));

        for (VirtualCluster after : List.of(gateway, pool, zone, placement, spec, annotated)) {
            assertThat(WhatInstancesReadOfTheirCluster.changes(after, before)).isTrue();
        }
    }

    @Test
    void roomMadeInAFullSubnetWakesTheInstancesThatWaitForIt() {
        VirtualCluster full = cluster();
        full.getStatus().getConditions().add(new ConditionBuilder().withType(VirtualClusterStatusAggregator.ADDRESS_SPACE_SUFFICIENT)
                .withStatus("False").withReason("SubnetFull").withMessage("e waits").build());
        VirtualCluster room = copy(full);
        room.getStatus().getConditions().get(1).setStatus("True");
        room.getStatus().getConditions().get(1).setReason("Sufficient");

        assertThat(WhatInstancesReadOfTheirCluster.changes(room, full)).isTrue();
    }
}
