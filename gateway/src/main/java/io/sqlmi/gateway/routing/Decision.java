package io.sqlmi.gateway.routing;

import io.sqlmi.gateway.routing.RoutingTable.Host;
import io.sqlmi.gateway.routing.RoutingTable.Instance;
import io.sqlmi.gateway.routing.RoutingTable.Target;

/** What the gateway does with a login: relay it to an engine, send the client to one, or refuse it. */
public sealed interface Decision {
    /** The session is relayed to {@code target}; {@code secondary} when a read-intent login goes to a replica. */
    record Proxy(Instance instance, Host host, Target target, boolean secondary) implements Decision {
    }

    /** The client gets LOGINACK, ENVCHANGE routing to {@code target}, DONE, and is closed. */
    record Redirect(Instance instance, Host host, Target target, boolean secondary) implements Decision {
    }

    /** A login error; {@code instance} and {@code host} are null when the name matched nothing. */
    record Refuse(LoginError error, String message, Instance instance, Host host) implements Decision {
    }
}
