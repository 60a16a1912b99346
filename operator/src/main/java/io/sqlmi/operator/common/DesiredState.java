package io.sqlmi.operator.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Decides whether an object in the cluster already is what the operator wants: every field the operator sets must
 * hold the operator's value; fields the API server defaults or other parties add are not the operator's business.
 * This is what makes a second reconcile of an unchanged object write nothing, while an edit or a deletion of a field
 * the operator owns is noticed and undone.
 */
public final class DesiredState {

    private static final Pattern QUANTITY = Pattern.compile("^[+-]?[0-9.]+([eE][+-]?[0-9]+|[numkMGTPE]i?|Ki)?$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final List<String> IGNORED_METADATA = List.of("resourceVersion", "uid", "creationTimestamp",
            "generation", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");

    private DesiredState() {
    }

    /**
     * @param ownerUid uid of the custom resource the object belongs to: whether it is an owner must agree between
     *                 desired and actual (detach-on-delete drops the reference, adoption adds it)
     */
    public static boolean isSatisfiedBy(HasMetadata desired, HasMetadata actual, String ownerUid) {
        if (actual == null) {
            return false;
        }
        JsonNode want = SERIALIZATION.convertValue(desired, JsonNode.class);
        JsonNode have = SERIALIZATION.convertValue(actual, JsonNode.class);
        if (want.has("metadata")) {
            ObjectNode metadata = (ObjectNode) want.get("metadata");
            IGNORED_METADATA.forEach(metadata::remove);
            metadata.remove("ownerReferences");
        }
        // Status belongs to the object's own controller, never to the operator's desired state.
        ((ObjectNode) want).remove("status");
        return contains(want, have) && hasOwner(desired, ownerUid) == hasOwner(actual, ownerUid);
    }

    private static boolean hasOwner(HasMetadata object, String ownerUid) {
        List<OwnerReference> references = object.getMetadata().getOwnerReferences();
        return references != null && references.stream().anyMatch(r -> Objects.equals(r.getUid(), ownerUid));
    }

    /** The API server writes quantities canonically: 1024Gi comes back as 1Ti. */
    private static boolean sameQuantity(String want, String have) {
        if (!QUANTITY.matcher(want).matches() || !QUANTITY.matcher(have).matches()) {
            return false;
        }
        try {
            return Quantity.getAmountInBytes(new Quantity(want)).compareTo(Quantity.getAmountInBytes(new Quantity(have))) == 0;
        } catch (IllegalArgumentException | ArithmeticException e) {
            return false;
        }
    }

    static boolean contains(JsonNode want, JsonNode have) {
        if (want == null || want.isNull()) {
            return true;
        }
        if (want.isObject()) {
            if (want.isEmpty()) {
                return true;
            }
            if (have == null || !have.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!contains(field.getValue(), have.get(field.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray()) {
            if (want.isEmpty()) {
                return have == null || have.isNull() || (have.isArray() && have.isEmpty());
            }
            if (have == null || !have.isArray() || have.size() != want.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!contains(want.get(i), have.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (have == null || have.isNull()) {
            return false;
        }
        if (want.isNumber() && have.isNumber()) {
            return want.decimalValue().compareTo(have.decimalValue()) == 0;
        }
        if (want.isTextual() && have.isTextual() && sameQuantity(want.asText(), have.asText())) {
            return true;
        }
        return Objects.equals(want.asText(), have.asText()) && want.isTextual() == have.isTextual();
    }
}
