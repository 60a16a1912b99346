package io.sqlmi.operator.instance;

import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import java.util.List;
import java.util.OptionalInt;

/**
 * What a reconcile of a ManagedInstance found out before deciding anything else: where it stands with its virtual
 * cluster and, for an admitted instance only, its password and redirect port.
 *
 * @param password     null unless the instance is admitted
 * @param redirectPort empty when the instance is not admitted, or when its virtual cluster has used every port
 * @param endpoints    the Endpoints that lead to the instance
 */
public record InstanceFacts(Hosting hosting, AdminPassword password, OptionalInt redirectPort, List<Endpoint> endpoints) {

    public static InstanceFacts notAdmitted(Hosting hosting, List<Endpoint> endpoints) {
        return new InstanceFacts(hosting, null, OptionalInt.empty(), endpoints);
    }

    public boolean admitted() {
        return hosting instanceof Hosting.Admitted;
    }
}
