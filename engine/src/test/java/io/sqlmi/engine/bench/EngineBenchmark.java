package io.sqlmi.engine.bench;

import io.sqlmi.engine.config.EngineConfig;
import io.sqlmi.engine.server.SqlEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cost of the TDS layer: the same statements through the engine (mssql-jdbc over loopback)
 * and through embedded H2 (JDBC in process, same file settings), side by side. Run by
 * engine/bench.sh; not part of the test suite. Seconds per measurement: -Dbench.seconds (default 5).
 */
public final class EngineBenchmark {
    private static final int ROWS = 10_000;
    private static final String H2_SETTINGS = ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE"
            + ";CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";

    private final double seconds = Double.parseDouble(System.getProperty("bench.seconds", "5"));
    private final List<String[]> rows = new ArrayList<>();

    /** Opens a connection to one side of the comparison. */
    @FunctionalInterface
    private interface Side {
        Connection open() throws SQLException;
    }

    public static void main(String[] args) throws Exception {
        new EngineBenchmark().run();
    }

    /** JVM options passed by bench.sh: the container's, and for the engine also its class-data sharing archive. */
    private static List<String> options(String property) {
        String options = System.getProperty(property, "").trim();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    private void run() throws Exception {
        double floor;
        Path dir = Files.createTempDirectory("sqlmi-bench");
        Map<String, String> env = Map.of("ACCEPT_EULA", "Y", "MSSQL_SA_PASSWORD", "Bench-Pass-1",
                "MSSQL_TCP_PORT", "0", "SQLMI_HEALTH_PORT", "0", "SQLMI_DATA_DIR", dir.resolve("engine").toString(),
                "SQLMI_INSTANCE_NAME", "bench");
        try (SqlEngine engine = SqlEngine.start(EngineConfig.fromEnvironment(env))) {
            String url = "jdbc:sqlserver://localhost:" + engine.port() + ";encrypt=false;trustServerCertificate=true";
            Side tds = () -> DriverManager.getConnection(url, "sa", "Bench-Pass-1");
            String h2Url = "jdbc:h2:file:" + dir.resolve("h2").resolve("bench").toAbsolutePath() + H2_SETTINGS;
            Side h2 = () -> DriverManager.getConnection(h2Url, "sa", "");
            prepare(tds);
            prepare(h2);
            System.out.printf(Locale.ROOT, "sqlmi-engine benchmark: %.0f s per measurement, %d cores, %d-row table%n",
                    seconds, Runtime.getRuntime().availableProcessors(), ROWS);
            String tlsUrl = "jdbc:sqlserver://localhost:" + engine.port() + ";encrypt=true;trustServerCertificate=true";
            compare("logins per second, TLS session (1 client, encrypt=true)",
                    logins(() -> DriverManager.getConnection(tlsUrl, "sa", "Bench-Pass-1")), logins(h2), true);
            compare("logins per second, TLS for the login only (encrypt=false)", logins(tds), logins(h2), true);
            compare("logins per second, no TLS (raw TDS client, minimal TLS None)", rawLogins(dir), logins(h2), true);
            double[] tdsLatency = selectOneLatency(tds);
            double[] h2Latency = selectOneLatency(h2);
            compare("SELECT 1 round trip p50 (microseconds)", tdsLatency[0], h2Latency[0], false);
            compare("SELECT 1 round trip p99 (microseconds)", tdsLatency[1], h2Latency[1], false);
            for (int threads : new int[] {1, 16}) {
                compare("point selects per second, " + threads + " connection(s)", pointSelects(tds, threads),
                        pointSelects(h2, threads), true);
            }
            AtomicInteger nextId = new AtomicInteger(ROWS + 1);
            for (int threads : new int[] {1, 16}) {
                compare("single-row inserts per second, " + threads + " connection(s)",
                        inserts(tds, threads, nextId), inserts(h2, threads, nextId), true);
            }
            floor = handshakeFloor(engine);
        }
        String jar = System.getProperty("bench.engineJar");
        List<String> engineCommand = new ArrayList<>(options("bench.engineOptions"));
        engineCommand.addAll(jar == null ? List.of("-cp", System.getProperty("java.class.path"), "io.sqlmi.engine.Main")
                : List.of("-jar", jar));
        List<String> h2Command = new ArrayList<>(options("bench.jvmOptions"));
        h2Command.addAll(List.of("-cp", System.getProperty("java.class.path"), EmbeddedH2Main.class.getName()));
        Startup engineStart = startChild(dir.resolve("child-engine"), engineCommand, "ready on port");
        Startup h2Start = startChild(dir.resolve("child-h2"), h2Command, "ready");
        compare("JVM start to ready (ms), " + (options("bench.engineOptions").isEmpty() ? "default JVM options"
                : "container JVM options"), engineStart.millis(), h2Start.millis(), false);
        compare("resident memory idle after start (MiB)", engineStart.rssMiB(), h2Start.rssMiB(), false);
        print();
        System.out.printf(Locale.ROOT, "TLS floor: %,.0f full TLS 1.2 handshakes per second between two JSSE endpoints in "
                + "this JVM, one client thread, a new client context per connection as mssql-jdbc makes (no TDS)%n", floor);
    }

    /**
     * What a TLS login cannot beat: full handshakes per second between a JSSE server with the engine's
     * certificate and a JSSE client that, like mssql-jdbc, makes a new SSLContext per connection (so no
     * session is resumed), over loopback, with no TDS at all.
     */
    private double handshakeFloor(SqlEngine engine) throws Exception {
        javax.net.ssl.SSLContext server = engine.certificate().sslContext();
        try (javax.net.ssl.SSLServerSocket listener = (javax.net.ssl.SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[] {"TLSv1.2"});
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (java.net.Socket socket = listener.accept()) {
                        socket.setTcpNoDelay(true);
                        ((javax.net.ssl.SSLSocket) socket).startHandshake();
                        socket.getOutputStream().write(1);
                    } catch (java.io.IOException e) {
                        // the client went away, or the listener closed
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Operation handshake = () -> {
                try {
                    javax.net.ssl.SSLContext client = javax.net.ssl.SSLContext.getInstance("TLS");
                    client.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                        @Override
                        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) {
                        }

                        @Override
                        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {
                        }

                        @Override
                        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                            return new java.security.cert.X509Certificate[0];
                        }
                    }}, null);
                    try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) client.getSocketFactory()
                            .createSocket(java.net.InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                        socket.setTcpNoDelay(true);
                        socket.startHandshake();
                        socket.getInputStream().read();
                    }
                } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                    throw new SQLException(e);
                }
            };
            warmUp(handshake);
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long count = 0;
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                handshake.run();
                count++;
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** How long a child JVM took to print its ready line, and its resident memory once idle. */
    private record Startup(double millis, double rssMiB) {
    }

    private static Startup startChild(Path dataDir, List<String> arguments, String readyText) throws Exception {
        Files.createDirectories(dataDir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        command.add(dataDir.toString());
        String mainClass = arguments.get(arguments.size() - 1);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("ACCEPT_EULA", "Y", "MSSQL_SA_PASSWORD", "Bench-Pass-1", "MSSQL_TCP_PORT", "0",
                "SQLMI_HEALTH_PORT", "0", "SQLMI_DATA_DIR", dataDir.toString(), "SQLMI_INSTANCE_NAME", "bench"));
        double best = Double.MAX_VALUE;
        double rss = 0;
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            Process process = builder.start();
            try (java.io.BufferedReader output = new java.io.BufferedReader(
                    new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                while ((line = output.readLine()) != null && !line.contains(readyText)) {
                    // the settings the engine prints first
                }
                if (line == null) {
                    throw new IllegalStateException(mainClass + " exited before it was ready");
                }
                best = Math.min(best, (System.nanoTime() - start) / 1e6);
                Thread.sleep(2000);
                rss = residentMiB(process.pid());
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
        return new Startup(best, rss);
    }

    private static double residentMiB(long pid) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    /** Logins per second of a minimal TDS client that speaks no TLS, against an engine that allows it. */
    private double rawLogins(Path dir) throws Exception {
        Map<String, String> env = Map.of("ACCEPT_EULA", "Y", "MSSQL_SA_PASSWORD", "Bench-Pass-1", "MSSQL_TCP_PORT", "0",
                "SQLMI_HEALTH_PORT", "0", "SQLMI_DATA_DIR", dir.resolve("plain").toString(), "SQLMI_INSTANCE_NAME", "bench",
                "SQLMI_MINIMAL_TLS_VERSION", "None");
        try (SqlEngine plain = SqlEngine.start(EngineConfig.fromEnvironment(env))) {
            Operation login = () -> {
                try (io.sqlmi.engine.support.RawTdsClient client = new io.sqlmi.engine.support.RawTdsClient(plain.port())) {
                    client.login("sa", "Bench-Pass-1");
                } catch (java.io.IOException e) {
                    throw new SQLException(e);
                }
            };
            warmUp(login);
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long count = 0;
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                login.run();
                count++;
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void prepare(Side side) throws SQLException {
        try (Connection connection = side.open(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE bench_items (id int PRIMARY KEY, name nvarchar(50), price decimal(10,2))");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_items VALUES (?, ?, ?)")) {
                for (int i = 1; i <= ROWS; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "item " + i);
                    insert.setBigDecimal(3, java.math.BigDecimal.valueOf(i, 2));
                    insert.addBatch();
                    if (i % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
            }
        }
    }

    private double logins(Side side) throws SQLException {
        warmUp(() -> side.open().close());
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long count = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            side.open().close();
            count++;
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** p50 and p99 of SELECT 1, in microseconds. */
    private double[] selectOneLatency(Side side) throws SQLException {
        try (Connection connection = side.open(); Statement statement = connection.createStatement()) {
            warmUp(() -> selectOne(statement));
            List<Long> samples = new ArrayList<>();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                selectOne(statement);
                samples.add(System.nanoTime() - start);
            }
            long[] sorted = samples.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            return new double[] {sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3};
        }
    }

    private static void selectOne(Statement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery("SELECT 1")) {
            result.next();
        }
    }

    private double pointSelects(Side side, int threads) throws Exception {
        return throughput(side, threads, connection -> {
            PreparedStatement select = connection.prepareStatement("SELECT name, price FROM bench_items WHERE id = ?");
            return () -> {
                select.setInt(1, ThreadLocalRandom.current().nextInt(1, ROWS + 1));
                try (ResultSet result = select.executeQuery()) {
                    result.next();
                }
            };
        });
    }

    private double inserts(Side side, int threads, AtomicInteger nextId) throws Exception {
        return throughput(side, threads, connection -> {
            PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_items VALUES (?, ?, ?)");
            return () -> {
                insert.setInt(1, nextId.getAndIncrement());
                insert.setString(2, "new");
                insert.setBigDecimal(3, java.math.BigDecimal.ONE);
                insert.executeUpdate();
            };
        });
    }

    @FunctionalInterface
    private interface Operation {
        void run() throws SQLException;
    }

    @FunctionalInterface
    private interface Workload {
        Operation on(Connection connection) throws SQLException;
    }

    /** Operations per second of {@code threads} connections running the workload for the measured time. */
    private double throughput(Side side, int threads, Workload workload) throws Exception {
        LongAdder done = new LongAdder();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> workers = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try (Connection connection = side.open()) {
                    Operation operation = workload.on(connection);
                    warmUp(operation);
                    ready.countDown();
                    go.await();
                    while (System.nanoTime() < window[1]) {
                        operation.run();
                        done.increment();
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    ready.countDown();
                }
            });
            workers.add(worker);
            worker.start();
        }
        ready.await();
        window[0] = System.nanoTime();
        window[1] = window[0] + (long) (seconds * 1e9);
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return done.sum() / ((System.nanoTime() - window[0]) / 1e9);
    }

    private static void warmUp(Operation operation) throws SQLException {
        for (int i = 0; i < 200; i++) {
            operation.run();
        }
    }

    private void compare(String metric, double engine, double h2, boolean higherIsBetter) {
        double factor = higherIsBetter ? h2 / engine : engine / h2;
        rows.add(new String[] {metric, format(engine), format(h2), String.format(Locale.ROOT, "%.1fx", factor)});
        System.out.printf(Locale.ROOT, "  measured: %s%n", metric);
    }

    private static String format(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private void print() {
        String header = String.format(Locale.ROOT, "%-66s %14s %14s %18s", "metric", "engine (TDS)", "embedded H2",
                "TDS cost (factor)");
        System.out.println();
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        for (String[] row : rows) {
            System.out.println(String.format(Locale.ROOT, "%-66s %14s %14s %18s", (Object[]) row));
        }
        System.out.println();
        System.out.println("factor = how many times slower the engine is than embedded H2 for the same statements "
                + "(throughput H2/engine, latency engine/H2).");
    }
}
