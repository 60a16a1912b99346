package io.sqlmi.e2e.support;

import static io.sqlmi.e2e.support.TestCluster.client;

import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the gateways of a namespace report on their metrics port: how each login of an instance ended. */
public final class GatewayMetrics {

    private static final Pattern LOGINS = Pattern.compile("^sqlmi_gateway_logins_total\\{([^}]*)\\} ([0-9.eE+]+)$",
            Pattern.MULTILINE);

    private GatewayMetrics() {
    }

    /** Logins of {@code instance} with {@code outcome} (redirected, proxied, ...), summed over the gateway's pods. */
    public static double logins(String ns, String instance, String outcome) throws Exception {
        double total = 0;
        for (Pod pod : client().pods().inNamespace(ns).withLabels(Map.of("app.kubernetes.io/component", "gateway"))
                .list().getItems()) {
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                    + pod.getStatus().getPodIP() + ":8080/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = LOGINS.matcher(metrics);
            while (m.find()) {
                if (m.group(1).contains("instance=\"" + instance + "\"") && m.group(1).contains("outcome=\"" + outcome + "\"")) {
                    total += Double.parseDouble(m.group(2));
                }
            }
        }
        return total;
    }
}
