package io.sqlmi.operator.instance;

import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.testing.TestConfigs;
import org.junit.jupiter.api.Test;

class EngineServicesBuilderTest {

    static final String PRIMARY_HOST = "mi1.primary.a1b2c3d4e5f6.database.windows.net";

    final ManagedInstance mi = managedInstance("mi1");

    @Test
    void headlessServiceGivesEveryReplicaAStableNameReadyOrNot() {
        Service headless = EngineServicesBuilder.headless(mi);

        assertThat(headless.getMetadata().getName()).isEqualTo("mi1-engine");
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(headless.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(tuple("tds", 1433));
        var sts = EngineStatefulSetBuilder.build(EngineStatefulSetBuilderTest.model(mi), TestConfigs.shipped(), null);
        assertThat(sts.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(headless.getSpec().getSelector());
    }

    @Test
    void primaryServiceCarriesTdsAndTheRedirectPortToTheEnginesOwnRedirectListenerOfReplicaZero() {
        Service primary = EngineServicesBuilder.primary(mi, PRIMARY_HOST, 11007, true);

        assertThat(primary.getMetadata().getName()).isEqualTo("mi1-primary");
        assertThat(primary.getMetadata().getLabels()).containsEntry(Labels.COMPONENT, "engine-primary");
        assertThat(primary.getSpec().getSelector()).containsEntry("statefulset.kubernetes.io/pod-name", "mi1-0")
                .containsEntry(Labels.COMPONENT, "engine").containsEntry(Labels.INSTANCE, "mi1");
        assertThat(primary.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort, ServicePort::getTargetPort)
                .containsExactly(tuple("tds", 1433, new IntOrString("tds")), tuple("redirect", 11007, new IntOrString("redirect")));
        assertThat(primary.getMetadata().getAnnotations()).as("its redirect host name, for the DNS records")
                .containsEntry("sqlmi.io/host", PRIMARY_HOST);
    }

    @Test
    void theReadableSecondaryServiceSelectsReplicaOneWithTheSamePortsAndItsOwnHostName() {
        Service secondary = EngineServicesBuilder.secondary(mi, "mi1.secondary.a1b2c3d4e5f6.database.windows.net", 11007, true);

        assertThat(secondary.getMetadata().getName()).isEqualTo("mi1-secondary");
        assertThat(secondary.getMetadata().getLabels()).containsEntry(Labels.COMPONENT, "engine-secondary");
        assertThat(secondary.getMetadata().getAnnotations())
                .containsEntry("sqlmi.io/host", "mi1.secondary.a1b2c3d4e5f6.database.windows.net");
        assertThat(secondary.getSpec().getSelector()).containsEntry("statefulset.kubernetes.io/pod-name", "mi1-1")
                .containsEntry(Labels.COMPONENT, "engine");
        assertThat(secondary.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(tuple("tds", 1433), tuple("redirect", 11007));
    }

    @Test
    void theRedirectPortIsRecoveredFromThePrimaryService() {
        assertThat(EngineServicesBuilder.redirectPortOf(EngineServicesBuilder.primary(mi, PRIMARY_HOST, 11999, true))).isEqualTo(11999);
        assertThat(EngineServicesBuilder.redirectPortOf(null)).isNull();
        assertThat(EngineServicesBuilder.redirectPortOf(new ServiceBuilder().withNewSpec().endSpec().build())).isNull();
        assertThat(EngineServicesBuilder.redirectPortOf(new ServiceBuilder().withNewSpec().addNewPort().withName("redirect")
                .withPort(8080).endPort().endSpec().build())).as("outside 11000-11999").isNull();
    }
}
