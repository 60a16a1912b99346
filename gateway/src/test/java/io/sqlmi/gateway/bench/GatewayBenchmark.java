package io.sqlmi.gateway.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * {@code make bench-gateway}: one engine, and four ways to reach it side by side in one run, measured in
 * interleaved rounds so that the noise of a shared machine falls on all of them alike:
 * <ul>
 * <li>direct to the engine;</li>
 * <li>through HAProxy in TCP mode (the Debian package; a byte relay that never reads TDS);</li>
 * <li>through the gateway, proxied;</li>
 * <li>through the gateway, redirected (the client logs in to the gateway, then to the engine).</li>
 * </ul>
 * Each gets {@code SELECT 1} round trips (p50, p99), logins per second, a result set of at least 100 MB and
 * inserts with 100 KB parameters. Then the gateway's resident memory with a thousand idle proxied sessions.
 *
 * <p>The engine, the gateway and HAProxy are processes started here; {@code gateway/bench.sh} passes their
 * commands and a hosts file through system properties.
 */
public final class GatewayBenchmark {
    private static final String PASSWORD = "Bench-Passw0rd";
    private static final String ZONE = "be0c4be0c4be";
    private static final String DOMAIN = ZONE + ".database.windows.net";
    private static final String PROXY_HOST = "bench-proxy." + DOMAIN;
    private static final String REDIRECT_HOST = "bench-redirect." + DOMAIN;
    private static final String NODE_HOST = "bench-0.node." + DOMAIN;
    private static final int ROW_BYTES = 100 * 1024;
    private static final int BIG_ROWS = Integer.getInteger("bench.bigRows", 1024);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final double SECONDS = Double.parseDouble(System.getProperty("bench.seconds", "2"));
    private static final int IDLE_SESSIONS = Integer.getInteger("bench.idleSessions", 1000);
    private static final String ENCRYPT = System.getProperty("bench.encrypt", "false");

    private final Path work;
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final Map<String, Map<String, List<Double>>> results = new LinkedHashMap<>();
    private int enginePort;
    private int haproxyPort;
    private int gatewayPort;
    private Process gateway;
    private Process haproxy;

    private GatewayBenchmark(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("sqlmi-gateway-bench");
        GatewayBenchmark bench = new GatewayBenchmark(work);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
        bench.run();
        bench.stopAll();
        System.exit(0);
    }

    private void run() throws Exception {
        startEngine();
        startHaproxy();
        startGateway();
        urls.put("direct", url("localhost", enginePort));
        urls.put("haproxy", url("localhost", haproxyPort));
        urls.put("gateway proxy", url(PROXY_HOST, gatewayPort));
        urls.put("gateway redirect", url(REDIRECT_HOST, gatewayPort));
        for (Map.Entry<String, String> target : urls.entrySet()) {
            try (Connection connection = connect(target.getValue()); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT @@SERVERNAME")) {
                rows.next();
                System.out.println("  " + target.getKey() + ": logged in, @@SERVERNAME = " + rows.getString(1));
            }
        }
        if (ROUNDS > 0) {
            measureThroughputAndLatency();
        }
        measureIdleMemory();
    }

    private void measureThroughputAndLatency() throws Exception {
        prepareData();
        System.out.printf(Locale.ROOT, "%nmeasuring: a warm-up round, then %d interleaved rounds, %.1f s per login and latency step, "
                + "%d x 100 KB rows, encrypt=%s%n", ROUNDS, SECONDS, BIG_ROWS, ENCRYPT);
        for (int round = 0; round <= ROUNDS; round++) {
            for (Map.Entry<String, String> target : rotated(round)) {
                measureRound(target.getKey(), target.getValue());
            }
            if (round == 0) {
                // the first round warms every path up (JIT, caches, TLS sessions) and is not counted
                results.clear();
                System.out.println("  warm-up round done");
            } else {
                System.out.println("  round " + round + " done");
            }
        }
        printTable();
    }

    /** The targets in a different order each round, so that none always runs first or last. */
    private List<Map.Entry<String, String>> rotated(int round) {
        List<Map.Entry<String, String>> order = new ArrayList<>(urls.entrySet());
        java.util.Collections.rotate(order, round);
        return order;
    }

    private void measureRound(String target, String url) throws Exception {
        try (Connection connection = connect(url)) {
            double[] latency = selectOneLatency(connection);
            record(target, "SELECT 1 p50 (µs)", latency[0]);
            record(target, "SELECT 1 p99 (µs)", latency[1]);
            Process relay = target.equals("haproxy") ? haproxy : target.equals("gateway proxy") ? gateway : null;
            long cpuBefore = relay == null ? 0 : cpuMillis(relay.pid());
            record(target, "result set MB/s", bigResult(connection));
            if (relay != null) {
                record(target, "relay CPU ms per 100 MB", (cpuMillis(relay.pid()) - cpuBefore) * 100.0 * 1e6
                        / ((double) BIG_ROWS * ROW_BYTES));
            }
            record(target, "insert 100 KB MB/s", inserts(connection));
        }
        record(target, "logins/s", logins(url));
    }

    private double[] selectOneLatency(Connection connection) throws SQLException {
        List<Long> samples = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
            for (int i = 0; i < 500; i++) {
                runSelectOne(statement);
            }
            long end = System.nanoTime() + (long) (SECONDS * 1e9);
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                runSelectOne(statement);
                samples.add(System.nanoTime() - start);
            }
        }
        long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        return new double[] {sorted[sorted.length / 2] / 1000.0, sorted[(int) (sorted.length * 0.99)] / 1000.0};
    }

    private static void runSelectOne(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            rows.next();
        }
    }

    private double bigResult(Connection connection) throws SQLException {
        long bytes = 0;
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, data FROM big")) {
            while (rows.next()) {
                bytes += rows.getBytes(2).length;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (bytes < 100L * 1000 * 1000) {
            throw new IllegalStateException("the result set has only " + bytes + " bytes");
        }
        return bytes / 1e6 / seconds;
    }

    private double inserts(Connection connection) throws SQLException {
        byte[] value = new byte[ROW_BYTES];
        new Random(7).nextBytes(value);
        int count = 100;
        long start = System.nanoTime();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ins (data) VALUES (?)")) {
            for (int i = 0; i < count; i++) {
                insert.setBytes(1, value);
                insert.executeUpdate();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE TABLE ins");
        }
        return (double) count * ROW_BYTES / 1e6 / seconds;
    }

    private double logins(String url) throws SQLException {
        for (int i = 0; i < 20; i++) {
            connect(url).close();
        }
        int count = 0;
        long start = System.nanoTime();
        long end = start + (long) (SECONDS * 1e9);
        while (System.nanoTime() < end) {
            connect(url).close();
            count++;
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private void measureIdleMemory() throws Exception {
        System.out.printf(Locale.ROOT, "%nidle sessions: %d proxied through the gateway, %d through HAProxy%n",
                IDLE_SESSIONS, IDLE_SESSIONS);
        long gatewayBefore = rssKiB(gateway.pid());
        long haproxyBefore = rssKiB(haproxy.pid());
        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < IDLE_SESSIONS; i++) {
                open.add(idle(urls.get("gateway proxy")));
                open.add(idle(urls.get("haproxy")));
            }
            Thread.sleep(3000);
            if (Boolean.getBoolean("bench.pause")) {
                System.out.println("paused with the sessions open: gateway pid " + gateway.pid() + "; press enter");
                System.in.read();
            }
            long gatewayWith = rssKiB(gateway.pid());
            long haproxyWith = rssKiB(haproxy.pid());
            System.out.printf(Locale.ROOT, "| process | RSS before | RSS with %d idle sessions | target |%n",
                    IDLE_SESSIONS);
            System.out.println("|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| gateway | %.1f MiB | %.1f MiB | <= 128 MiB: %s |%n", gatewayBefore / 1024.0,
                    gatewayWith / 1024.0, gatewayWith <= 128 * 1024 ? "met" : "MISSED");
            System.out.printf(Locale.ROOT, "| haproxy | %.1f MiB | %.1f MiB | (reference) |%n", haproxyBefore / 1024.0,
                    haproxyWith / 1024.0);
        } finally {
            for (Connection connection : open) {
                connection.close();
            }
        }
    }

    private Connection idle(String url) throws SQLException {
        Connection connection = connect(url);
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
        }
        return connection;
    }

    private void record(String target, String metric, double value) {
        results.computeIfAbsent(metric, key -> new LinkedHashMap<>()).computeIfAbsent(target, key -> new ArrayList<>())
                .add(value);
    }

    private void printTable() {
        List<String> targets = new ArrayList<>(urls.keySet());
        System.out.println();
        System.out.println("| measurement (median of " + ROUNDS + " rounds) | " + String.join(" | ", targets)
                + " | proxy / HAProxy | redirect / direct |");
        System.out.println("|---" + "|---".repeat(targets.size() + 2) + "|");
        for (String metric : List.of("SELECT 1 p50 (µs)", "SELECT 1 p99 (µs)", "logins/s", "result set MB/s",
                "insert 100 KB MB/s")) {
            Map<String, List<Double>> byTarget = results.get(metric);
            StringBuilder line = new StringBuilder("| " + metric + " |");
            for (String target : targets) {
                line.append(String.format(Locale.ROOT, " %.1f |", median(byTarget.get(target))));
            }
            ToDoubleFunction<String> m = target -> median(byTarget.get(target));
            line.append(String.format(Locale.ROOT, " %.2f | %.2f |", m.applyAsDouble("gateway proxy")
                    / m.applyAsDouble("haproxy"), m.applyAsDouble("gateway redirect") / m.applyAsDouble("direct")));
            System.out.println(line);
        }
        Map<String, List<Double>> p50 = results.get("SELECT 1 p50 (µs)");
        System.out.println();
        System.out.println("| range over the rounds (min to max) | " + String.join(" | ", targets) + " |");
        System.out.println("|---" + "|---".repeat(targets.size()) + "|");
        for (String metric : List.of("SELECT 1 p50 (µs)", "logins/s", "result set MB/s", "insert 100 KB MB/s")) {
            StringBuilder line = new StringBuilder("| " + metric + " |");
            for (String target : targets) {
                List<Double> values = results.get(metric).get(target);
                line.append(String.format(Locale.ROOT, " %.1f to %.1f |", values.stream().mapToDouble(v -> v).min()
                        .orElse(0), values.stream().mapToDouble(v -> v).max().orElse(0)));
            }
            System.out.println(line);
        }
        Map<String, List<Double>> cpu = results.get("relay CPU ms per 100 MB");
        System.out.printf(Locale.ROOT, "%nrelay CPU per 100 MB of result set: HAProxy %.0f ms, gateway proxy %.0f ms%n",
                median(cpu.get("haproxy")), median(cpu.get("gateway proxy")));
        System.out.printf(Locale.ROOT, "added p50 latency over direct: gateway proxy %+.1f µs (target <= 100), "
                + "HAProxy %+.1f µs, gateway redirect %+.1f µs%n",
                median(p50.get("gateway proxy")) - median(p50.get("direct")),
                median(p50.get("haproxy")) - median(p50.get("direct")),
                median(p50.get("gateway redirect")) - median(p50.get("direct")));
        for (String metric : List.of("result set MB/s", "insert 100 KB MB/s")) {
            Map<String, List<Double>> byTarget = results.get(metric);
            double ratio = median(byTarget.get("gateway proxy")) / median(byTarget.get("haproxy"));
            System.out.printf(Locale.ROOT, "%s: gateway proxy / HAProxy = %.2f (target >= 0.90: %s)%n", metric, ratio,
                    ratio >= 0.9 ? "met" : "MISSED");
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private void prepareData() throws SQLException {
        System.out.printf(Locale.ROOT, "loading %d rows of 100 KB (%.0f MB) into the engine%n", BIG_ROWS,
                BIG_ROWS * (double) ROW_BYTES / 1e6);
        try (Connection connection = connect(urls.get("direct")); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS big");
            statement.execute("DROP TABLE IF EXISTS ins");
            statement.execute("CREATE TABLE big (id int PRIMARY KEY, data varbinary(max))");
            statement.execute("CREATE TABLE ins (id int IDENTITY(1,1) PRIMARY KEY, data varbinary(max))");
            byte[] value = new byte[ROW_BYTES];
            Random random = new Random(1);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO big (id, data) VALUES (?, ?)")) {
                for (int i = 0; i < BIG_ROWS; i++) {
                    random.nextBytes(value);
                    insert.setInt(1, i);
                    insert.setBytes(2, value);
                    insert.executeUpdate();
                }
            }
        }
    }

    private static String url(String host, int port) {
        return "jdbc:sqlserver://" + host + ":" + port + ";encrypt=" + ENCRYPT
                + ";trustServerCertificate=true;loginTimeout=30;connectRetryCount=0;sendStringParametersAsUnicode=true";
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, "sa", PASSWORD);
    }

    private void startEngine() throws Exception {
        enginePort = freePort();
        int health = freePort();
        Path data = Files.createDirectories(work.resolve("engine"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ACCEPT_EULA", "Y");
        env.put("MSSQL_SA_PASSWORD", PASSWORD);
        env.put("MSSQL_TCP_PORT", String.valueOf(enginePort));
        env.put("SQLMI_HEALTH_PORT", String.valueOf(health));
        env.put("SQLMI_INSTANCE_NAME", "bench");
        env.put("SQLMI_DATA_DIR", data.toString());
        env.put("SQLMI_MAX_SESSIONS", String.valueOf(IDLE_SESSIONS * 2 + 100));
        env.put("SQLMI_MINIMAL_TLS_VERSION", "None");
        env.put("SQLMI_JAVA_OPTS", System.getProperty("bench.engineJavaOpts", "-Xmx2g -Xss512k"));
        start("engine", List.of(System.getProperty("bench.engineCommand")), env);
        awaitHttp(health, "/health/ready");
        System.out.println("engine ready on port " + enginePort);
    }

    private void startHaproxy() throws Exception {
        haproxyPort = freePort();
        Path config = work.resolve("haproxy.cfg");
        Files.writeString(config, String.join("\n",
                "global",
                "    maxconn 8000",
                "defaults",
                "    mode tcp",
                "    timeout connect 5s",
                "    timeout client 1h",
                "    timeout server 1h",
                "frontend tds",
                "    bind 127.0.0.1:" + haproxyPort,
                "    default_backend engine",
                "backend engine",
                "    server engine 127.0.0.1:" + enginePort,
                ""));
        haproxy = start("haproxy", List.of(System.getProperty("bench.haproxy", "haproxy"), "-db", "-f",
                config.toString()), Map.of());
        awaitPort(haproxyPort);
        System.out.println("haproxy ready on port " + haproxyPort + " (TCP mode)");
    }

    private void startGateway() throws Exception {
        gatewayPort = freePort();
        int publicPort = freePort();
        int health = freePort();
        Path routes = work.resolve("routes.json");
        Files.writeString(routes, "{\"virtualCluster\":\"bench\",\"dnsZone\":\"" + ZONE + "\",\"dnsSuffix\":"
                + "\"database.windows.net\",\"instances\":["
                + instance("bench-proxy", PROXY_HOST, "Proxy") + "," + instance("bench-redirect", REDIRECT_HOST,
                        "Redirect") + "]}\n");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SQLMI_GATEWAY_PORT", String.valueOf(gatewayPort));
        env.put("SQLMI_PUBLIC_PORT", String.valueOf(publicPort));
        env.put("SQLMI_HEALTH_PORT", String.valueOf(health));
        env.put("SQLMI_BIND_ADDRESS", "127.0.0.1");
        env.put("SQLMI_ROUTES_FILE", routes.toString());
        env.put("SQLMI_TLS_DIR", work.resolve("no-certificates").toString());
        env.put("SQLMI_LOG_LEVEL", "warn");
        if (System.getProperty("bench.gatewayJavaOpts") != null) {
            env.put("SQLMI_JAVA_OPTS", System.getProperty("bench.gatewayJavaOpts"));
        }
        gateway = start("gateway", List.of(System.getProperty("bench.gatewayCommand")), env);
        awaitHttp(health, "/health/ready");
        System.out.println("gateway ready on port " + gatewayPort);
    }

    private String instance(String name, String host, String type) {
        return "{\"name\":\"" + name + "\",\"namespace\":\"bench\",\"minimalTlsVersion\":\"None\",\"engine\":{\"host\":"
                + "\"localhost\",\"port\":" + enginePort + "},\"redirect\":{\"host\":\"" + NODE_HOST + "\",\"port\":"
                + enginePort + "},\"hosts\":[{\"host\":\"" + host + "\",\"type\":\"VNetLocal\",\"connectionType\":\""
                + type + "\",\"listenerPort\":" + gatewayPort + "}]}";
    }

    private Process start(String name, List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(work.resolve(name + ".log").toFile());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private void stopAll() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
        }
        processes.clear();
    }

    /** User plus system CPU time of a process, from /proc (clock ticks of 10 ms). */
    private static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitHttp(int port, String path) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path)
                        .openConnection();
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            checkAlive();
            Thread.sleep(200);
        }
        throw new IllegalStateException("nothing ready on port " + port + "; logs in " + work);
    }

    private void awaitPort(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                checkAlive();
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nothing listens on port " + port + "; logs in " + work);
    }

    private void checkAlive() throws IOException {
        for (Process process : processes) {
            if (!process.isAlive()) {
                throw new IllegalStateException("a benchmark process exited; logs in " + work + ": "
                        + Arrays.toString(Files.list(work).filter(p -> p.toString().endsWith(".log")).toArray())
                        + "\n" + new String(Files.readAllBytes(Files.list(work).filter(p -> p.toString()
                                .endsWith(".log")).findFirst().orElseThrow()), StandardCharsets.UTF_8));
            }
        }
    }
}
