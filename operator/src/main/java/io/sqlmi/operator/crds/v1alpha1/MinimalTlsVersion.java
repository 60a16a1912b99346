package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Source: azure-sql-mi-facts.md section 8; 1.3 comes from newer API versions. */
public enum MinimalTlsVersion {
    None,
    @JsonProperty("1.0") TLS_1_0,
    @JsonProperty("1.1") TLS_1_1,
    @JsonProperty("1.2") TLS_1_2,
    @JsonProperty("1.3") TLS_1_3;

    /** The value as written in YAML and in the gateway's routing table. */
    public String wireValue() {
        return this == None ? "None" : name().substring(4).replace('_', '.');
    }
}
