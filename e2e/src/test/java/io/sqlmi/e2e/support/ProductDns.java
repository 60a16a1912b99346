package io.sqlmi.e2e.support;

/**
 * The product's DNS server (the chart's CoreDNS) for the suite, whose operator runs as a process and writes its
 * records in sqlmi-system: e2e/cluster/product-dns.sh installs the chart's DNS objects there at 10.96.0.53 and makes
 * the cluster DNS forward the suffix to it. Idempotent; run once per JVM.
 */
public final class ProductDns {

    public static final String ADDRESS = "10.96.0.53";
    private static boolean ensured;

    private ProductDns() {
    }

    public static synchronized void ensure() {
        if (!ensured) {
            LocalCluster.run("bash", TestCluster.repoRoot().resolve("e2e/cluster/product-dns.sh").toString());
            ensured = true;
        }
    }
}
