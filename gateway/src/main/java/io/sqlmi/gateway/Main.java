package io.sqlmi.gateway;

import io.sqlmi.gateway.config.ConfigException;
import io.sqlmi.gateway.config.GatewayConfig;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the gateway from the environment (docs/gateway.md), prints the settings, serves until SIGTERM or
 * SIGINT, then drains: no new connections, open sessions get the grace period, the rest are closed; exit 0.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        GatewayConfig config;
        try {
            config = GatewayConfig.fromEnvironment(System.getenv());
        } catch (ConfigException e) {
            System.err.println("sqlmi-gateway: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("sqlmi-gateway starting with:");
        config.describe().forEach(System.out::println);
        Gateway gateway = Gateway.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.drain();
            gateway.close();
            stopped.countDown();
        }, "sqlmi-shutdown"));
        System.out.println("sqlmi-gateway: listening: tds on port " + gateway.tdsPort() + ", public on port "
                + gateway.publicPort() + ", private on port " + gateway.privatePort() + ", health and metrics on port " + gateway.healthPort());
        stopped.await();
    }
}
