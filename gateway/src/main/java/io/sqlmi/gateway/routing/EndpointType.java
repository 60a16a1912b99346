package io.sqlmi.gateway.routing;

/** The endpoint a host name belongs to (docs/design.md section 7, {@code hosts[].type}). */
public enum EndpointType {
    VNET_LOCAL("VNetLocal"),
    PUBLIC("Public"),
    PRIVATE("Private");

    private final String label;

    EndpointType(String label) {
        this.label = label;
    }

    /** The name used in the routing table, in metrics and in logs. */
    public String label() {
        return label;
    }

    public static EndpointType parse(String value) {
        for (EndpointType type : values()) {
            if (type.label.equalsIgnoreCase(value)) {
                return type;
            }
        }
        return null;
    }
}
