package io.sqlmi.operator.crds.v1alpha1;

/**
 * ARM's proxyOverride. Default is deprecated and treated as Redirect since October 2025; it is accepted so that
 * manifests written for Azure apply unchanged (azure-sql-mi-facts.md section 1).
 */
public enum ProxyOverride {
    Redirect, Proxy, Default
}
