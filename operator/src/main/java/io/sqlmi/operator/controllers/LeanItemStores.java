package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.sqlmi.operator.common.ManagedFieldsPruning;

/**
 * Informer caches that keep of managedFields only what the operator reads ({@link ManagedFieldsPruning}): none for
 * what it only looks up, its own entries for the children it applies. The informer hands the stored object to the
 * event handlers too, so nothing downstream sees the dropped entries.
 */
public final class LeanItemStores {

    private LeanItemStores() {
    }

    /** For primaries and looked-up objects: no managedFields at all. */
    public static class WithoutManagedFields<R extends HasMetadata> extends BasicItemStore<R> {

        public WithoutManagedFields() {
            super(Cache::metaNamespaceKeyFunc);
        }

        @Override
        public R put(String key, R object) {
            return super.put(key, ManagedFieldsPruning.withoutManagedFields(object));
        }
    }

    /** For the children the operator applies: its own managedFields entries, which the matcher compares with. */
    public static class OwnManagedFieldsOnly<R extends HasMetadata> extends BasicItemStore<R> {

        public OwnManagedFieldsOnly() {
            super(Cache::metaNamespaceKeyFunc);
        }

        @Override
        public R put(String key, R object) {
            return super.put(key, ManagedFieldsPruning.withOwnManagedFieldsOnly(object));
        }
    }
}
