package io.sqlmi.gateway.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The virtual cluster the tests route to: zone {@value #ZONE}, three instances on engines shared by every test
 * class of the JVM. mi1 is General Purpose with a Redirect VNet-local host plus public and private endpoints;
 * mi2 is General Purpose with a Proxy VNet-local host and a public endpoint; mi3 is Business Critical (Redirect)
 * with a readable secondary and a public endpoint.
 */
public final class TestCluster {
    public static final String ZONE = "0a1b2c3d4e5f";
    public static final String SUFFIX = "database.windows.net";
    public static final String DOMAIN = ZONE + "." + SUFFIX;
    public static final String SA_PASSWORD = "Sqlmi-Test-1";

    private static TestCluster shared;

    private final Map<String, TestEngine> engines = new LinkedHashMap<>();

    private TestCluster() {
        add(TestEngine.start("mi1", "primary", node("mi1", 0)));
        add(TestEngine.start("mi2", "primary", node("mi2", 0)));
        add(TestEngine.start("mi3", "primary", node("mi3", 0)));
        add(TestEngine.start("mi3", "secondary", node("mi3", 1)));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> engines.values().forEach(TestEngine::close)));
    }

    public static synchronized TestCluster shared() {
        if (shared == null) {
            shared = new TestCluster();
        }
        return shared;
    }

    private void add(TestEngine engine) {
        engines.put(engine.instance() + "/" + engine.role(), engine);
    }

    public TestEngine primary(String instance) {
        return engines.get(instance + "/primary");
    }

    public TestEngine secondary(String instance) {
        return engines.get(instance + "/secondary");
    }

    public static String vnetLocal(String instance) {
        return instance + "." + DOMAIN;
    }

    public static String publicHost(String instance) {
        return instance + ".public." + DOMAIN;
    }

    public static String privateHost(String instance) {
        return instance + ".privatelink." + DOMAIN;
    }

    public static String node(String instance, int replica) {
        return instance + "-" + replica + ".node." + DOMAIN;
    }

    /** The routing table of the three instances for a gateway listening on these ports. */
    public RoutesJson routes(int tdsPort, int publicPort, int privatePort) {
        TestEngine mi1 = primary("mi1");
        TestEngine mi2 = primary("mi2");
        TestEngine mi3 = primary("mi3");
        TestEngine mi3Secondary = secondary("mi3");
        RoutesJson routes = RoutesJson.cluster("vc1", ZONE, SUFFIX);
        routes.instance("mi1").engine("localhost", mi1.port()).redirect(mi1.routedHost(), mi1.port())
                .host(vnetLocal("mi1"), "VNetLocal", "Redirect", tdsPort)
                .host(publicHost("mi1"), "Public", "Proxy", publicPort)
                .host(privateHost("mi1"), "Private", "Proxy", privatePort);
        routes.instance("mi2").engine("localhost", mi2.port()).redirect(mi2.routedHost(), mi2.port())
                .host(vnetLocal("mi2"), "VNetLocal", "Proxy", tdsPort)
                .host(publicHost("mi2"), "Public", "Proxy", publicPort);
        routes.instance("mi3").engine("localhost", mi3.port()).redirect(mi3.routedHost(), mi3.port())
                .readableSecondary("localhost", mi3Secondary.port(), mi3Secondary.routedHost(), mi3Secondary.port())
                .host(vnetLocal("mi3"), "VNetLocal", "Redirect", tdsPort)
                .host(publicHost("mi3"), "Public", "Proxy", publicPort);
        return routes;
    }
}
