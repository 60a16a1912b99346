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

    /** The field manager of the operator's server-side applies. */
    public static final String FIELD_MANAGER = "sqlmi-operator";
    /** JOSDK's own bookkeeping annotation, added when it writes, never part of the desired state. */
    private static final List<String> IGNORED_ANNOTATIONS = List.of("javaoperatorsdk.io/previous");

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
        JsonNode full = SERIALIZATION.convertValue(desired, JsonNode.class);
        ((ObjectNode) full).remove("status");
        JsonNode want = full.deepCopy();
        JsonNode have = SERIALIZATION.convertValue(actual, JsonNode.class);
        if (want.has("metadata")) {
            ObjectNode metadata = (ObjectNode) want.get("metadata");
            IGNORED_METADATA.forEach(metadata::remove);
            metadata.remove("ownerReferences");
        }
        // Status belongs to the object's own controller, never to the operator's desired state.
        ((ObjectNode) want).remove("status");
        return contains(want, have) && hasOwner(desired, ownerUid) == hasOwner(actual, ownerUid)
                && stillDesired(appliedFields(actual), full);
    }

    /** Where desired and actual part, for the log line that says why an object is written; null when they agree. */
    public static String difference(HasMetadata desired, HasMetadata actual, String ownerUid) {
        if (actual == null) {
            return "missing";
        }
        JsonNode full = SERIALIZATION.convertValue(desired, JsonNode.class);
        ((ObjectNode) full).remove("status");
        JsonNode want = full.deepCopy();
        if (want.has("metadata")) {
            ObjectNode metadata = (ObjectNode) want.get("metadata");
            IGNORED_METADATA.forEach(metadata::remove);
            metadata.remove("ownerReferences");
        }
        String path = firstDifference(want, SERIALIZATION.convertValue(actual, JsonNode.class), "");
        if (path != null) {
            return "value at " + path;
        }
        if (hasOwner(desired, ownerUid) != hasOwner(actual, ownerUid)) {
            return "owner reference";
        }
        return stillDesired(appliedFields(actual), full) ? null : "a field applied earlier is no longer desired";
    }

    private static String firstDifference(JsonNode want, JsonNode have, String path) {
        if (contains(want, have)) {
            return null;
        }
        if (want.isObject() && have != null && have.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String inner = firstDifference(field.getValue(), have.get(field.getKey()), path + "." + field.getKey());
                if (inner != null) {
                    return inner;
                }
            }
        }
        if (want.isArray() && have != null && have.isArray() && want.size() == have.size()) {
            for (int i = 0; i < want.size(); i++) {
                String inner = firstDifference(want.get(i), have.get(i), path + "[" + i + "]");
                if (inner != null) {
                    return inner;
                }
            }
        }
        return path + " (want " + abbreviate(want) + ", have " + abbreviate(have) + ")";
    }

    private static String abbreviate(JsonNode node) {
        String text = node == null ? "nothing" : node.toString();
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }

    /**
     * The fields the operator's last server-side apply owns. A field it owned and no longer wants (a zone spread
     * constraint after zoneRedundant was turned off, say) must go, which only a new apply does.
     */
    private static JsonNode appliedFields(HasMetadata actual) {
        if (actual.getMetadata().getManagedFields() == null) {
            return null;
        }
        return actual.getMetadata().getManagedFields().stream()
                .filter(e -> FIELD_MANAGER.equals(e.getManager()) && "Apply".equals(e.getOperation()) && e.getSubresource() == null)
                .findFirst().map(e -> SERIALIZATION.convertValue(e.getFieldsV1(), JsonNode.class)).orElse(null);
    }

    /** Every field in a managedFields set (f:name, k:{key}, v:value, i:index) has a counterpart in desired. */
    static boolean stillDesired(JsonNode owned, JsonNode desired) {
        if (owned == null || !owned.isObject()) {
            return true;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = owned.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode counterpart;
            if (key.equals(".") || onlyIgnored(field.getValue())) {
                continue;
            } else if (key.startsWith("f:")) {
                String name = key.substring(2);
                if (IGNORED_ANNOTATIONS.contains(name)) {
                    continue;
                }
                counterpart = desired == null || !desired.isObject() ? null : desired.get(name);
            } else if (key.startsWith("k:")) {
                counterpart = elementWithKey(desired, key.substring(2));
            } else if (key.startsWith("v:")) {
                counterpart = elementWithValue(desired, key.substring(2));
            } else if (key.startsWith("i:")) {
                int index = Integer.parseInt(key.substring(2));
                counterpart = desired != null && desired.isArray() && index < desired.size() ? desired.get(index) : null;
            } else {
                continue;
            }
            if (counterpart == null || counterpart.isNull() || !stillDesired(field.getValue(), counterpart)) {
                return false;
            }
        }
        return true;
    }

    /** An owned subtree that holds nothing but bookkeeping (JOSDK's annotation) needs no counterpart. */
    private static boolean onlyIgnored(JsonNode owned) {
        if (owned == null || !owned.isObject() || owned.isEmpty()) {
            return false;
        }
        for (Iterator<String> names = owned.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(".") && !(name.startsWith("f:") && IGNORED_ANNOTATIONS.contains(name.substring(2)))) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode elementWithKey(JsonNode desired, String keyJson) {
        if (desired == null || !desired.isArray()) {
            return null;
        }
        JsonNode key = SERIALIZATION.unmarshal(keyJson, JsonNode.class);
        for (JsonNode element : desired) {
            boolean all = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = key.fields(); it.hasNext() && all; ) {
                Map.Entry<String, JsonNode> part = it.next();
                JsonNode value = element.get(part.getKey());
                all = value != null && (value.equals(part.getValue()) || value.asText().equals(part.getValue().asText()));
            }
            if (all) {
                return element;
            }
        }
        return null;
    }

    private static JsonNode elementWithValue(JsonNode desired, String valueJson) {
        if (desired == null || !desired.isArray()) {
            return null;
        }
        JsonNode value = SERIALIZATION.unmarshal(valueJson, JsonNode.class);
        for (JsonNode element : desired) {
            if (element.equals(value) || element.asText().equals(value.asText())) {
                return element;
            }
        }
        return null;
    }

    /**
     * For objects whose spec is entirely the operator's (NetworkPolicies): equal, or not. An empty podSelector or an
     * absent port list means "everything", so anything added to them by someone else is drift; a subset test
     * cannot see that. Empty lists and nulls are the same thing to the API server and are ignored.
     */
    public static boolean sameSpec(Object desired, Object actual) {
        return canonical(SERIALIZATION.convertValue(desired, JsonNode.class))
                .equals(canonical(SERIALIZATION.convertValue(actual, JsonNode.class)));
    }

    private static JsonNode canonical(JsonNode node) {
        if (node == null) {
            return com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.fields().forEachRemaining(e -> {
                JsonNode value = canonical(e.getValue());
                if (!value.isNull() && !(value.isArray() && value.isEmpty())) {
                    copy.set(e.getKey(), value);
                }
            });
            return copy;
        }
        if (node.isArray()) {
            var copy = ((com.fasterxml.jackson.databind.node.ArrayNode) node).arrayNode();
            node.forEach(element -> copy.add(canonical(element)));
            return copy;
        }
        return node;
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
