package io.sqlmi.engine;

import io.sqlmi.engine.config.ConfigException;
import io.sqlmi.engine.config.EngineConfig;
import io.sqlmi.engine.server.SqlEngine;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the engine from the environment, like the SQL Server image's entry point: prints the
 * settings, serves until SIGTERM (or SIGINT), then shuts down gracefully and exits 0. With
 * {@code --training-run} it starts, serves one login and stops: the run that records the classes of a
 * class-data sharing archive (see engine/Dockerfile).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        EngineConfig config;
        try {
            config = EngineConfig.fromEnvironment(env);
        } catch (ConfigException e) {
            System.err.println("sqlmi-engine: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println(EngineVersion.ENGINE_NAME + " " + EngineVersion.PRODUCT_VERSION + " starting with:");
        config.describe(env).forEach(System.out::println);
        SqlEngine engine = SqlEngine.start(config);
        if (args.length > 0 && args[0].equals("--training-run")) {
            // for a class-data sharing archive (-XX:ArchiveClassesAtExit): start, serve one login, stop
            try {
                io.sqlmi.engine.server.SelfCheck.login(engine, config.saPassword());
            } finally {
                engine.close();
            }
            System.out.println("sqlmi-engine: training run done");
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("sqlmi-engine: shutting down");
            engine.close();
            System.out.println("sqlmi-engine: stopped, data flushed");
            stopped.countDown();
        }, "sqlmi-shutdown"));
        System.out.println("sqlmi-engine: ready on port " + engine.port() + (engine.redirectPort() > 0
                ? " and redirect port " + engine.redirectPort() : "") + " (instance " + config.instanceName()
                + ", " + config.replicaRole().label().toLowerCase(java.util.Locale.ROOT) + ", health on port "
                + engine.healthPort() + ")");
        stopped.await();
    }
}
