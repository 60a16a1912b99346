package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Which updates of a custom resource deserve a reconcile: a new generation (spec), changed labels or annotations
 * (sqlmi.io/reconcile-policy lives there and changes no generation), or a deletion under way. Status-only updates,
 * most of them the operator's own, are not.
 */
public class SpecLabelsAnnotationsOrDeletionChanged implements OnUpdateFilter<HasMetadata> {

    @Override
    public boolean accept(HasMetadata newResource, HasMetadata oldResource) {
        return !Objects.equals(newResource.getMetadata().getGeneration(), oldResource.getMetadata().getGeneration())
                || !Objects.equals(newResource.getMetadata().getAnnotations(), oldResource.getMetadata().getAnnotations())
                || !Objects.equals(newResource.getMetadata().getLabels(), oldResource.getMetadata().getLabels())
                || newResource.getMetadata().getDeletionTimestamp() != null;
    }
}
