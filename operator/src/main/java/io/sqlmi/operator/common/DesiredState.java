package io.sqlmi.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.SSABasedGenericKubernetesResourceMatcher;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Whether a child in the cluster already is what the operator wants, so that an unchanged object is never written
 * while an edit of a field the operator owns is undone. This is Java Operator SDK's server-side-apply matcher (it
 * compares the fields the operator's last apply owns with the desired object) with the one correction this
 * operator's children need: the SDK refuses to compare an object that carries two Apply entries of the operator's
 * field manager, and the VNet-local Endpoint carries two, one for the object and one for its status subresource,
 * which the Endpoint's own reconciler writes. Why the SDK's matcher and not a comparison of our own, case by case:
 * docs/design.md, section 3.
 */
public final class DesiredState<R extends HasMetadata> extends SSABasedGenericKubernetesResourceMatcher<R> {

    /** The field manager of the operator's server-side applies. */
    public static final String FIELD_MANAGER = "sqlmi-operator";

    private static final Logger LOG = Logger.getLogger(DesiredState.class);
    @SuppressWarnings("rawtypes")
    private static final DesiredState INSTANCE = new DesiredState<>();

    private DesiredState() {
    }

    @SuppressWarnings("unchecked")
    public static <R extends HasMetadata> DesiredState<R> matcher() {
        return INSTANCE;
    }

    @Override
    public boolean matches(R actual, R desired, Context<?> context) {
        List<ManagedFieldsEntry> entries = actual.getMetadata().getManagedFields();
        if (entries == null || entries.stream().noneMatch(DesiredState::isOperatorsApplyOfTheObject)) {
            LOG.infof("%s %s/%s was not applied by the operator yet; applying it", actual.getKind(),
                    actual.getMetadata().getNamespace(), actual.getMetadata().getName());
            return false;
        }
        if (entries.stream().noneMatch(e -> e.getSubresource() != null && FIELD_MANAGER.equals(e.getManager()))) {
            return super.matches(actual, desired, context);
        }
        // The status is not the child's desired state: hand the SDK the object's own entries only. A copy, since
        // the actual object is the informer's.
        R withoutSubresources = context.getClient().getKubernetesSerialization().clone(actual);
        withoutSubresources.getMetadata().setManagedFields(entries.stream().filter(e -> e.getSubresource() == null).toList());
        return super.matches(withoutSubresources, desired, context);
    }

    /** As the SDK compares, and when the two part, a log line that says where. */
    @Override
    protected boolean matches(Map<String, Object> actualMap, Map<String, Object> desiredMap, R actual, R desired,
                              Context<?> context) {
        boolean same = super.matches(actualMap, desiredMap, actual, desired, context);
        if (!same) {
            LOG.infof("%s %s/%s differs from the desired state (%s); updating it", actual.getKind(),
                    actual.getMetadata().getNamespace(), actual.getMetadata().getName(),
                    firstDifference(desiredMap, actualMap, ""));
        }
        return same;
    }

    private static boolean isOperatorsApplyOfTheObject(ManagedFieldsEntry entry) {
        return FIELD_MANAGER.equals(entry.getManager()) && APPLY_OPERATION.equals(entry.getOperation())
                && entry.getSubresource() == null;
    }

    /** The first path at which the desired object and the operator's fields of the actual one differ. */
    @SuppressWarnings("unchecked")
    public static String firstDifference(Object want, Object have, String path) {
        if (Objects.equals(want, have)) {
            return null;
        }
        if (want instanceof Map<?, ?> wantMap && have instanceof Map<?, ?> haveMap) {
            TreeSet<String> keys = new TreeSet<>((java.util.Set<String>) wantMap.keySet());
            keys.addAll((java.util.Set<String>) haveMap.keySet());
            for (String key : keys) {
                String inner = firstDifference(wantMap.get(key), haveMap.get(key), path + "." + key);
                if (inner != null) {
                    return inner;
                }
            }
        }
        if (want instanceof List<?> wantList && have instanceof List<?> haveList && wantList.size() == haveList.size()) {
            for (int i = 0; i < wantList.size(); i++) {
                String inner = firstDifference(wantList.get(i), haveList.get(i), path + "[" + i + "]");
                if (inner != null) {
                    return inner;
                }
            }
        }
        return (path.isEmpty() ? "." : path) + ": want " + abbreviate(want) + ", have " + abbreviate(have);
    }

    private static String abbreviate(Object value) {
        String text = value == null ? "nothing" : value.toString();
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
