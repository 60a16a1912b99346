package io.sqlmi.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

class ManagedFieldsPruningTest {

    static ManagedFieldsEntry entry(String manager, String operation, String subresource) {
        return new ManagedFieldsEntryBuilder().withManager(manager).withOperation(operation).withSubresource(subresource)
                .withFieldsType("FieldsV1").build();
    }

    static StatefulSet engine() {
        return new StatefulSetBuilder().withNewMetadata().withName("mi1").withNamespace("ns")
                .addToManagedFields(entry("sqlmi-operator", "Apply", null), entry("kube-controller-manager", "Update", "status"),
                        entry("kubectl-edit", "Update", null), entry("sqlmi-operator", "Apply", "status"))
                .endMetadata().build();
    }

    @Test
    void aChildTheOperatorAppliesKeepsOnlyTheOperatorsEntriesForTheMatcher() {
        StatefulSet cached = ManagedFieldsPruning.withOwnManagedFieldsOnly(engine());

        assertThat(cached.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager, ManagedFieldsEntry::getSubresource)
                .containsExactly(org.assertj.core.api.Assertions.tuple("sqlmi-operator", null),
                        org.assertj.core.api.Assertions.tuple("sqlmi-operator", "status"));
    }

    @Test
    void anObjectTheOperatorOnlyReadsKeepsNoEntries() {
        assertThat(ManagedFieldsPruning.withoutManagedFields(engine()).getMetadata().getManagedFields()).isNull();
    }

    @Test
    void objectsWithoutEntriesAreLeftAsTheyAre() {
        StatefulSet bare = new StatefulSetBuilder().withNewMetadata().withName("mi1").endMetadata().build();

        assertThat(ManagedFieldsPruning.withOwnManagedFieldsOnly(bare).getMetadata().getManagedFields()).isEmpty();
        assertThat(ManagedFieldsPruning.withOwnManagedFieldsOnly((StatefulSet) null)).isNull();
    }
}
