package io.sqlmi.gateway.routing;

/** How a host is served: the gateway relays the session (Proxy) or sends the client to the engine (Redirect). */
public enum ConnectionType {
    PROXY("Proxy"),
    REDIRECT("Redirect");

    private final String label;

    ConnectionType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ConnectionType parse(String value) {
        for (ConnectionType type : values()) {
            if (type.label.equalsIgnoreCase(value)) {
                return type;
            }
        }
        return null;
    }
}
