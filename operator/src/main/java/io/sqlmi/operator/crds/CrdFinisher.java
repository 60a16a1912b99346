package io.sqlmi.operator.crds;

import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finishes the generated CRDs where the generator's annotations stop. Lists of named items become list maps keyed
 * by name, so the API server refuses duplicate names and server-side apply merges items by name. And it puts the
 * printer columns of the generated CRDs in the order people read them (the generator sorts them by JSON
 * path): what it is, its state, where to connect, and its age last. The VirtualCluster gets the network intent
 * policy's rules ({@link NetworkIntentRules}), written from the operator's rule and route tables rather than by hand.
 * Runs at build time (quarkus.operator-sdk.crd.post-processor).
 */
public class CrdFinisher implements CRDPostProcessor {

    static final List<String> ORDER = List.of("Type", "State", "Tier", "vCores", "Subnet", "DNS Zone", "Instances",
            "Available IPs", "FQDN", "Host", "Port", "Connection", "Redirect Port", "Address", "Age");

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        if (crd instanceof CustomResourceDefinition definition) {
            definition.getMetadata().getLabels().put("app.kubernetes.io/part-of", "sqlmi");
            boolean virtualCluster = "VirtualCluster".equals(definition.getSpec().getNames().getKind());
            definition.getSpec().getVersions().forEach(version -> {
                keyByName(version.getSchema().getOpenAPIV3Schema());
                if (virtualCluster) {
                    JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
                    List<ValidationRule> rules = new ArrayList<>(Optional.ofNullable(spec.getXKubernetesValidations()).orElse(List.of()));
                    rules.addAll(NetworkIntentRules.all());
                    spec.setXKubernetesValidations(rules);
                }
                if (version.getAdditionalPrinterColumns() != null) {
                    version.getAdditionalPrinterColumns().sort(Comparator.comparingInt(CrdFinisher::rank));
                }
            });
        }
        return crd;
    }

    /** Every array property whose items have a required "name" becomes a list map keyed by it. */
    private static void keyByName(JSONSchemaProps schema) {
        if (schema == null) {
            return;
        }
        if ("array".equals(schema.getType()) && schema.getItems() != null && schema.getItems().getSchema() != null) {
            JSONSchemaProps item = schema.getItems().getSchema();
            if (item.getRequired() != null && item.getRequired().contains("name") && item.getProperties() != null
                    && item.getProperties().containsKey("name")) {
                schema.setXKubernetesListType("map");
                schema.setXKubernetesListMapKeys(List.of("name"));
            }
            keyByName(item);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(CrdFinisher::keyByName);
        }
    }

    private static int rank(CustomResourceColumnDefinition column) {
        int index = ORDER.indexOf(column.getName());
        return index < 0 ? ORDER.size() : index;
    }
}
