package io.sqlmi.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Draws the operator benchmark's figures against instance count as an SVG: time to Ready and time to empty on the
 * left, API writes per instance on the right, both over a logarithmic instance axis, one line style per run. No
 * dependencies, so that it also runs on its own:
 * {@code java e2e/src/test/java/io/sqlmi/e2e/bench/BenchChart.java out.svg before=a.csv after=b.csv}.
 * Each CSV is what {@link OperatorBenchmark} writes (a header, then one row per size).
 */
public final class BenchChart {

    private static final int PANEL_W = 420;
    private static final int PANEL_H = 300;
    private static final int MARGIN_L = 60;
    private static final int MARGIN_T = 50;
    private static final int MARGIN_B = 90;
    private static final int GAP = 90;
    private static final String[] DASHES = {"", "6,4", "2,3"};

    /** One row of a benchmark CSV. */
    public record Point(int instances, int clusters, double readySeconds, double writesPerInstance,
                        double writesWithoutEvents, double rssMib, double emptySeconds, double deleteWritesPerInstance) {

        static final String HEADER = "instances,clusters,ready_s,writes_per_instance,writes_without_events,rss_mib,empty_s,delete_writes_per_instance";

        String csv() {
            return String.format(Locale.ROOT, "%d,%d,%.2f,%.2f,%.2f,%.0f,%.2f,%.2f", instances, clusters, readySeconds,
                    writesPerInstance, writesWithoutEvents, rssMib, emptySeconds, deleteWritesPerInstance);
        }

        static Point parse(String line) {
            String[] f = line.split(",");
            return new Point(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]));
        }
    }

    /** A labelled run: the points of one CSV. */
    public record Run(String label, List<Point> points) {
    }

    private BenchChart() {
    }

    public static String csv(List<Point> points) {
        StringBuilder out = new StringBuilder(Point.HEADER).append('\n');
        points.forEach(p -> out.append(p.csv()).append('\n'));
        return out.toString();
    }

    public static List<Point> readCsv(Path file) throws IOException {
        return Files.readAllLines(file).stream().skip(1).filter(l -> !l.isBlank()).map(Point::parse).toList();
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: BenchChart <out.svg> <label>=<file.csv>...");
            System.exit(2);
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] labelled = args[i].split("=", 2);
            Path file = Path.of(labelled[1]);
            if (Files.exists(file)) {
                runs.add(new Run(labelled[0], readCsv(file)));
            }
        }
        Files.writeString(Path.of(args[0]), svg(runs));
    }

    /** The chart of the runs, as SVG text. */
    public static String svg(List<Run> runs) {
        int width = MARGIN_L + PANEL_W + GAP + PANEL_W + 30;
        int height = MARGIN_T + PANEL_H + MARGIN_B;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        int minInstances = runs.stream().flatMap(r -> r.points().stream()).mapToInt(Point::instances).min().orElse(10);
        int maxInstances = runs.stream().flatMap(r -> r.points().stream()).mapToInt(Point::instances).max().orElse(100);
        // A third of a decade of room on either side of the measured sizes.
        double[] decades = {Math.log10(Math.max(1, minInstances)) - 0.3, Math.log10(Math.max(minInstances * 10, maxInstances)) + 0.3};
        double maxSeconds = niceCeiling(runs.stream().flatMap(r -> r.points().stream())
                .mapToDouble(p -> Math.max(p.readySeconds(), p.emptySeconds())).max().orElse(10));
        double maxWrites = niceCeiling(runs.stream().flatMap(r -> r.points().stream())
                .mapToDouble(Point::writesPerInstance).max().orElse(10));
        Panel time = new Panel(MARGIN_L, MARGIN_T, decades, maxSeconds, "seconds", "Time to all Ready / to empty");
        Panel writes = new Panel(MARGIN_L + PANEL_W + GAP, MARGIN_T, decades, maxWrites, "API writes per instance",
                "API writes per instance to Ready (Events included)");
        time.axes(svg);
        writes.axes(svg);
        for (int r = 0; r < runs.size(); r++) {
            Run run = runs.get(r);
            String dash = DASHES[r % DASHES.length];
            time.line(svg, run.points(), Point::readySeconds, "#1f77b4", dash);
            time.line(svg, run.points(), Point::emptySeconds, "#d62728", dash);
            writes.line(svg, run.points(), Point::writesPerInstance, "#2ca02c", dash);
            writes.line(svg, run.points(), Point::writesWithoutEvents, "#9467bd", dash);
        }
        legend(svg, runs, MARGIN_T + PANEL_H + 45);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void legend(StringBuilder svg, List<Run> runs, int y) {
        String[][] series = {{"#1f77b4", "apply to all Ready"}, {"#d62728", "delete to cluster empty"},
                {"#2ca02c", "writes per instance"}, {"#9467bd", "writes per instance without Events"}};
        int x = MARGIN_L;
        for (String[] s : series) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", x, y, x + 24, y, s[0], x + 30, y + 4, s[1]));
            x += 40 + s[1].length() * 7;
        }
        x = MARGIN_L;
        for (int r = 0; r < runs.size(); r++) {
            String dash = DASHES[r % DASHES.length];
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\" stroke-width=\"2\"%s/>"
                            + "<text x=\"%d\" y=\"%d\">%s</text>%n", x, y + 22, x + 24, y + 22,
                    dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"", x + 30, y + 26, escape(runs.get(r).label())));
            x += 60 + runs.get(r).label().length() * 7;
        }
    }

    /** 1, 2 or 5 times a power of ten, at least the value. */
    static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(Math.max(value, 1e-9))));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private record Panel(int left, int top, double[] decades, double maxY, String yLabel, String title) {

        double x(int instances) {
            return left + PANEL_W * (Math.log10(Math.max(1, instances)) - decades[0]) / (decades[1] - decades[0]);
        }

        double y(double value) {
            return top + PANEL_H - PANEL_H * value / maxY;
        }

        void axes(StringBuilder svg) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", left, top - 20, escape(title)));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n",
                    left, top, PANEL_W, PANEL_H));
            for (int d = (int) Math.ceil(decades[0]); d <= decades[1]; d++) {
                int n = (int) Math.pow(10, d);
                double x = x(n);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                        + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%,d</text>%n", x, top, x, top + PANEL_H, x, top + PANEL_H + 16, n));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">instances (log scale)</text>%n",
                    left + PANEL_W / 2, top + PANEL_H + 34));
            for (int i = 0; i <= 5; i++) {
                double value = maxY * i / 5;
                double y = y(value);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                        + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left, y, left + PANEL_W, y, left - 6, y + 4,
                        value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value)));
            }
            svg.append(String.format(Locale.ROOT, "<text transform=\"translate(%d,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
                    left - 42, top + PANEL_H / 2, escape(yLabel)));
        }

        void line(StringBuilder svg, List<Point> points, ToDoubleFunction<Point> value, String colour, String dash) {
            if (points.isEmpty()) {
                return;
            }
            StringBuilder path = new StringBuilder();
            for (Point p : points) {
                path.append(path.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x(p.instances()), y(value.applyAsDouble(p))));
            }
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                    path, colour, dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\""));
            for (Point p : points) {
                double v = value.applyAsDouble(p);
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>"
                                + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"%s\">%.1f</text>%n",
                        x(p.instances()), y(v), colour, x(p.instances()) + 5, y(v) - 5, colour, v));
            }
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
