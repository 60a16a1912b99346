package io.sqlmi.gateway.session;

import io.sqlmi.gateway.config.GatewayConfig;
import io.sqlmi.gateway.ops.GatewayMetrics;
import io.sqlmi.gateway.relay.EventLoop;
import io.sqlmi.gateway.routing.Router;
import io.sqlmi.gateway.routing.RoutesFile;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/** What a connection handler uses of the gateway. */
public record Services(GatewayConfig config, RoutesFile routes, Router router, GatewayMetrics metrics,
        ScheduledExecutorService timers, SSLContext engineTls, Supplier<EventLoop> loops, Sessions sessions) {
}
