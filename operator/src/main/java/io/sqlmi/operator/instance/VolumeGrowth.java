package io.sqlmi.operator.instance;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A StatefulSet keeps the claim size it was created with (Kubernetes forbids changing claim templates), so a larger
 * storageSizeInGB is applied to the volume claims themselves; the StorageClass must allow expansion. Only growth:
 * admission refuses shrinking. Pure: the reconciler reads the claims and writes the new sizes.
 */
public final class VolumeGrowth {

    private static final String STORAGE = "storage";

    private VolumeGrowth() {
    }

    /** The size the data volumes should grow to, when the engine's claim template is smaller than spec asks. */
    public static Optional<Quantity> target(ManagedInstance mi, StatefulSet engine) {
        if (engine == null || engine.getSpec().getVolumeClaimTemplates().isEmpty()) {
            return Optional.empty();
        }
        Quantity wanted = new Quantity(mi.getSpec().getStorageSizeInGB() + "Gi");
        Quantity templated = engine.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get(STORAGE);
        return templated != null && smaller(templated, wanted) ? Optional.of(wanted) : Optional.empty();
    }

    /** The data claims of the instance's replicas, {@code data-<mi>-<ordinal>}. */
    public static List<String> claims(ManagedInstance mi) {
        return IntStream.range(0, InstanceSettings.replicas(mi.getSpec()))
                .mapToObj(ordinal -> InstanceNames.DATA_VOLUME + "-" + InstanceNames.pod(mi, ordinal)).toList();
    }

    /** Whether an existing claim requests less than the target; a missing claim is the StatefulSet's to create. */
    public static boolean needsGrowth(PersistentVolumeClaim claim, Quantity target) {
        Quantity requested = claim == null || claim.getSpec().getResources() == null
                || claim.getSpec().getResources().getRequests() == null ? null
                : claim.getSpec().getResources().getRequests().get(STORAGE);
        return requested != null && smaller(requested, target);
    }

    /** The claim with its storage request raised to the target. */
    public static PersistentVolumeClaim grown(PersistentVolumeClaim claim, Quantity target) {
        claim.getSpec().getResources().getRequests().put(STORAGE, target);
        return claim;
    }

    private static boolean smaller(Quantity a, Quantity b) {
        return Quantity.getAmountInBytes(a).compareTo(Quantity.getAmountInBytes(b)) < 0;
    }
}
