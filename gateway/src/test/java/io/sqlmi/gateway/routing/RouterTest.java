package io.sqlmi.gateway.routing;

import static io.sqlmi.gateway.routing.TableFixtures.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.gateway.routing.Decision.Proxy;
import io.sqlmi.gateway.routing.Decision.Redirect;
import io.sqlmi.gateway.routing.Decision.Refuse;
import io.sqlmi.tds.login.TdsVersion;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final String TLS12 = "TLSv1.2";
    private final RoutingTable table = TableFixtures.table();
    private final Router router = new Router(false);

    private Decision route(String serverName, int listener) {
        return router.route(table, new LoginFacts(serverName, null, TdsVersion.V7_4, false, TLS12, listener));
    }

    @Test
    void aRedirectInstanceSendsTds74ClientsToItsRedirectTarget() {
        Decision decision = route("mi1." + DOMAIN, 1433);
        assertThat(decision).isInstanceOf(Redirect.class);
        Redirect redirect = (Redirect) decision;
        assertThat(redirect.instance().name()).isEqualTo("mi1");
        assertThat(redirect.target()).hasToString("mi1-0.node." + DOMAIN + ":11000");
        assertThat(redirect.secondary()).isFalse();
    }

    @Test
    void tds80StrictClientsAreRedirectedToo() {
        Decision decision = router.route(table, new LoginFacts("mi1." + DOMAIN, "mi1." + DOMAIN, TdsVersion.V8_0,
                false, "TLSv1.3", 1433));
        assertThat(decision).isInstanceOf(Redirect.class);
    }

    @Test
    void clientsOlderThanTds74AreProxiedEvenOnARedirectInstance() {
        for (int version : new int[] {TdsVersion.V7_1, TdsVersion.V7_2, TdsVersion.V7_3A, TdsVersion.V7_3B}) {
            Decision decision = router.route(table, new LoginFacts("mi1." + DOMAIN, null, version, false, TLS12, 1433));
            assertThat(decision).as(Integer.toHexString(version)).isInstanceOf(Proxy.class);
            assertThat(((Proxy) decision).target()).hasToString("mi1-primary.ns.svc.cluster.local:1433");
        }
    }

    @Test
    void theOptionRedirectsToPort1433OfTheRoutedHost() {
        Decision decision = new Router(true).route(table, new LoginFacts("mi1." + DOMAIN, null, TdsVersion.V7_4,
                false, TLS12, 1433));
        assertThat(((Redirect) decision).target()).hasToString("mi1-0.node." + DOMAIN + ":1433");
    }

    @Test
    void aProxyInstanceAndEveryPublicOrPrivateEndpointAreProxied() {
        assertThat(route("mi2." + DOMAIN, 1433)).isInstanceOf(Proxy.class);
        assertThat(route("mi1.public." + DOMAIN, 3342)).isInstanceOf(Proxy.class);
        Decision privateEndpoint = route("mi1.privatelink." + DOMAIN, 1433);
        assertThat(privateEndpoint).isInstanceOf(Proxy.class);
        assertThat(((Proxy) privateEndpoint).host().type()).isEqualTo(EndpointType.PRIVATE);
    }

    @Test
    void twoInstancesOnOneListenerAreToldApartByNameOnly() {
        assertThat(((Redirect) route("mi1." + DOMAIN, 1433)).instance().name()).isEqualTo("mi1");
        assertThat(((Proxy) route("MI2." + DOMAIN.toUpperCase() + ",1433", 1433)).instance().name()).isEqualTo("mi2");
        assertThat(((Redirect) route("tcp:mi1." + DOMAIN + "\\inst", 1433)).instance().name()).isEqualTo("mi1");
    }

    @Test
    void readIntentOnBusinessCriticalGoesToTheReadableSecondaryRedirectedOrProxied() {
        LoginFacts redirected = new LoginFacts("mi3." + DOMAIN, null, TdsVersion.V8_0, true, "TLSv1.3", 1433);
        Redirect redirect = (Redirect) router.route(table, redirected);
        assertThat(redirect.secondary()).isTrue();
        assertThat(redirect.target()).hasToString("mi3-1.node." + DOMAIN + ":11001");
        LoginFacts proxied = new LoginFacts("mi3.public." + DOMAIN, null, TdsVersion.V8_0, true, "TLSv1.3", 3342);
        Proxy proxy = (Proxy) router.route(table, proxied);
        assertThat(proxy.secondary()).isTrue();
        assertThat(proxy.target()).hasToString("mi3-secondary.ns.svc.cluster.local:1433");
        LoginFacts withoutIntent = new LoginFacts("mi3.public." + DOMAIN, null, TdsVersion.V8_0, false, "TLSv1.3",
                3342);
        assertThat(((Proxy) router.route(table, withoutIntent)).target())
                .hasToString("mi3-primary.ns.svc.cluster.local:1433");
    }

    @Test
    void readIntentWithoutASecondaryLandsOnThePrimary() {
        Decision decision = router.route(table, new LoginFacts("mi1." + DOMAIN, null, TdsVersion.V7_4, true, TLS12,
                1433));
        assertThat(((Redirect) decision).secondary()).isFalse();
        assertThat(((Redirect) decision).target()).hasToString("mi1-0.node." + DOMAIN + ":11000");
    }

    @Test
    void anUnknownNameIsError40532NamingTheHostNameToUse() {
        Refuse refuse = (Refuse) route("mi9." + DOMAIN, 1433);
        assertThat(refuse.error().number()).isEqualTo(40532);
        assertThat(refuse.message()).startsWith("Cannot open server 'mi9." + DOMAIN + "' requested by the login.")
                .contains("No instance of virtual cluster 'vc1' answers to 'mi9." + DOMAIN + "'")
                .contains("<instance>." + DOMAIN);
    }

    @Test
    void anInstanceNameInAnotherZoneIsToldItsRealHostName() {
        Refuse refuse = (Refuse) route("mi2.ffffffffffff.database.windows.net", 1433);
        assertThat(refuse.error().number()).isEqualTo(40532);
        assertThat(refuse.message()).contains("Instance 'mi2' answers to mi2." + DOMAIN);
    }

    @Test
    void aRedirectTargetThatReachesTheGatewayIsNeverRoutedAgain() {
        Refuse refuse = (Refuse) route("mi1-0.node." + DOMAIN, 1433);
        assertThat(refuse.error().number()).isEqualTo(40532);
        assertThat(refuse.message()).contains("where the gateway redirects clients of instance 'mi1'")
                .contains("must resolve to the instance's engine");
    }

    @Test
    void anIpAddressIsRefusedWith40532() {
        for (String address : new String[] {"10.0.0.4", "127.0.0.1,1433", "::1", "[fe80::1]"}) {
            Refuse refuse = (Refuse) route(address, 1433);
            assertThat(refuse.error().number()).isEqualTo(40532);
            assertThat(refuse.message()).contains("Connecting by IP address is not supported");
        }
    }

    @Test
    void noServerNameIsError40531UnlessSniNamesTheInstance() {
        Refuse refuse = (Refuse) route("", 1433);
        assertThat(refuse.error().number()).isEqualTo(40531);
        assertThat(refuse.message()).startsWith("Server name cannot be determined.");
        Decision bySni = router.route(table, new LoginFacts("", "mi2." + DOMAIN, TdsVersion.V7_4, false, TLS12, 1433));
        assertThat(((Proxy) bySni).instance().name()).isEqualTo("mi2");
    }

    @Test
    void sniNamingAnotherInstanceThanTheLoginIsRefused() {
        Decision decision = router.route(table, new LoginFacts("mi2." + DOMAIN, "mi1." + DOMAIN, TdsVersion.V7_4,
                false, TLS12, 1433));
        Refuse refuse = (Refuse) decision;
        assertThat(refuse.error().number()).isEqualTo(40532);
        assertThat(refuse.message()).contains("The TLS server name (SNI) 'mi1." + DOMAIN + "' belongs to instance 'mi1'");
        Decision unknownSni = router.route(table, new LoginFacts("mi2." + DOMAIN, "alias.example.com", TdsVersion.V7_4,
                false, TLS12, 1433));
        assertThat(unknownSni).as("an SNI the table does not know (an alias) is not a contradiction")
                .isInstanceOf(Proxy.class);
    }

    @Test
    void aHostOnTheWrongListenerIsToldItsPort() {
        Refuse publicOn1433 = (Refuse) route("mi1.public." + DOMAIN, 1433);
        assertThat(publicOn1433.error().number()).isEqualTo(40532);
        assertThat(publicOn1433.message()).contains("is the Public endpoint of instance 'mi1', served on port 3342, "
                + "not 1433: connect to mi1.public." + DOMAIN + ",3342");
        Refuse vnetOn3342 = (Refuse) route("mi1." + DOMAIN, 3342);
        assertThat(vnetOn3342.message()).contains("is the VNetLocal endpoint of instance 'mi1', served on port 1433");
    }

    @Test
    void aStoppedInstanceTakesNoLogins() {
        Refuse refuse = (Refuse) route("mi4." + DOMAIN, 1433);
        assertThat(refuse.error().number()).isEqualTo(40532);
        assertThat(refuse.message()).contains("Instance 'mi4' is Stopped").contains("spec.stopped: false");
    }

    @Test
    void aSessionBelowTheInstancesMinimalTlsVersionIsError47072() {
        Refuse refuse = (Refuse) route("mi3." + DOMAIN, 1433);
        assertThat(refuse.error().number()).isEqualTo(47072);
        assertThat(refuse.message()).startsWith("Login failed with invalid TLS version.")
                .contains("requires TLS 1.3 or later").contains("used TLSv1.2").contains("Encrypt=Strict");
        Decision withoutTls = router.route(table, new LoginFacts("mi2." + DOMAIN, null, TdsVersion.V7_4, false, null,
                1433));
        assertThat(((Refuse) withoutTls).error().number()).isEqualTo(47072);
        assertThat(((Refuse) withoutTls).message()).contains("used no TLS");
    }

    @Test
    void minimalTlsVersionsCompareProtocols() {
        assertThat(MinimalTlsVersion.NONE.allows(null)).isTrue();
        assertThat(MinimalTlsVersion.TLS_1_0.allows(null)).isFalse();
        assertThat(MinimalTlsVersion.TLS_1_2.allows("TLSv1.2")).isTrue();
        assertThat(MinimalTlsVersion.TLS_1_2.allows("TLSv1.3")).isTrue();
        assertThat(MinimalTlsVersion.TLS_1_2.allows("TLSv1.1")).isFalse();
        assertThat(MinimalTlsVersion.TLS_1_3.allows("TLSv1.2")).isFalse();
        assertThat(MinimalTlsVersion.TLS_1_1.allows("TLSv1")).isFalse();
        assertThat(MinimalTlsVersion.parse("1.3")).isEqualTo(MinimalTlsVersion.TLS_1_3);
        assertThat(MinimalTlsVersion.parse("none")).isEqualTo(MinimalTlsVersion.NONE);
        assertThat(MinimalTlsVersion.parse("1.4")).isNull();
    }
}
