package io.sqlmi.operator.crds.v1alpha1;

/** Source: seed-connectivity-architecture.md, "November 2022 feature wave". */
public enum Architecture {
    Current,
    BeforeNovember2022
}
