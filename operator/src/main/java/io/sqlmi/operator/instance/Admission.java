package io.sqlmi.operator.instance;

import io.sqlmi.operator.common.Conditions;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;

/** Whether an instance already holds its addresses in the subnet: once admitted, never displaced. */
public final class Admission {

    private Admission() {
    }

    public static boolean holdsAddresses(ManagedInstance mi) {
        return mi.getStatus() != null
                && Conditions.isTrue(mi.getStatus().getConditions(), InstanceStatusAggregator.ADDRESS_SPACE_AVAILABLE);
    }
}
