package io.sqlmi.operator.common;

import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReconcilePolicyTest {

    static ManagedInstance annotated(String value) {
        ManagedInstance mi = managedInstance("mi1");
        if (value != null) {
            mi.getMetadata().setAnnotations(Map.of("sqlmi.io/reconcile-policy", value));
        }
        return mi;
    }

    @ParameterizedTest(name = "''{0}'' -> {1}, unknown={2}")
    @CsvSource(value = {
            "NULL, MANAGE, false",
            "manage, MANAGE, false",
            "skip, SKIP, false",
            "detach-on-delete, DETACH_ON_DELETE, false",
            "' skip ', SKIP, false",
            "Skip, MANAGE, true",
            "pause, MANAGE, true"}, nullValues = "NULL")
    void theAnnotationPicksThePolicyAndUnknownValuesAreFlagged(String value, ReconcilePolicy policy, boolean unknown) {
        assertThat(ReconcilePolicy.of(annotated(value))).isEqualTo(policy);
        assertThat(ReconcilePolicy.isUnknown(annotated(value))).isEqualTo(unknown);
    }

    @Test
    void onlyDetachOnDeleteLeavesChildrenUnowned() {
        assertThat(ReconcilePolicy.MANAGE.ownsChildren()).isTrue();
        assertThat(ReconcilePolicy.SKIP.ownsChildren()).isTrue();
        assertThat(ReconcilePolicy.DETACH_ON_DELETE.ownsChildren()).isFalse();
        assertThat(ReconcilePolicy.DETACH_ON_DELETE.value()).isEqualTo("detach-on-delete");
    }

    @Test
    void otherAnnotationsDoNotMatter() {
        ManagedInstance mi = managedInstance("mi1");
        mi.getMetadata().setAnnotations(Map.of("team", "dba"));

        assertThat(ReconcilePolicy.of(mi)).isEqualTo(ReconcilePolicy.MANAGE);
        assertThat(ReconcilePolicy.isUnknown(mi)).isFalse();
    }
}
