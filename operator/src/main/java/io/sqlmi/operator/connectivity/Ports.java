package io.sqlmi.operator.connectivity;

/** The ports of the connectivity architecture, in one place. */
public final class Ports {

    /** TDS on the VNet-local endpoint and on private endpoints (seed: "VNet-local endpoint", "Private endpoints"). */
    public static final int TDS = 1433;

    /**
     * The gateway's listener for private endpoints, which their Services map from 1433. Apart from the VNet-local
     * listener so that the policy letting a private endpoint's network in opens this port only: in Azure that
     * network reaches the instance through its private endpoint, never through the VNet-local address.
     */
    public static final int PRIVATE_LISTENER = 1435;

    /** The public endpoint (seed: "Public endpoint": "TDS traffic only ... on port 3342"). */
    public static final int PUBLIC_ENDPOINT = 3342;

    /** Redirect connections reach the engine on a port of this range (seed: "Network requirements"). */
    public static final int REDIRECT_FIRST = 11000;
    public static final int REDIRECT_LAST = 11999;

    /** The engine listens here inside its pod (docs/engine-contract.md: MSSQL_TCP_PORT). */
    public static final int ENGINE = 1433;

    /** Gateway and engine health endpoints (docs/engine.md; gateway likewise). */
    public static final int HEALTH = 8080;

    private Ports() {
    }

    public static boolean isRedirectPort(int port) {
        return port >= REDIRECT_FIRST && port <= REDIRECT_LAST;
    }
}
