package io.sqlmi.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RoutingTableParserTest {
    /** The example of docs/design.md section 7, as the operator writes it today (no additive fields). */
    private static final String DESIGN_EXAMPLE = """
            {
              "virtualCluster" : "vc1",
              "dnsZone" : "a1b2c3d4e5f6",
              "dnsSuffix" : "database.windows.net",
              "instances" : [ {
                "name" : "mi1",
                "namespace" : "sqlmi-subnet-a",
                "minimalTlsVersion" : "1.2",
                "engine" : { "host" : "mi1-primary.sqlmi-subnet-a.svc.cluster.local", "port" : 1433 },
                "redirect" : { "host" : "mi1-primary.sqlmi-subnet-a.svc.cluster.local", "port" : 11000 },
                "hosts" : [ {
                  "host" : "mi1.a1b2c3d4e5f6.database.windows.net", "type" : "VNetLocal",
                  "endpoint" : "mi1-vnet-local", "connectionType" : "Redirect", "listenerPort" : 1433
                }, {
                  "host" : "mi1.public.a1b2c3d4e5f6.database.windows.net", "type" : "Public",
                  "endpoint" : "mi1-public", "endpointNamespace" : "sqlmi-subnet-a", "connectionType" : "Proxy", "listenerPort" : 3342
                }, {
                  "host" : "mi1.privatelink.a1b2c3d4e5f6.database.windows.net", "type" : "Private",
                  "endpoint" : "mi1-pe", "endpointNamespace" : "vnet-b-apps", "connectionType" : "Proxy", "listenerPort" : 1433
                } ]
              } ]
            }
            """;

    private static RoutingTableParser.Result parse(String json) throws Exception {
        return RoutingTableParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theDesignDocumentsExampleReadsWithoutTheAdditiveFields() throws Exception {
        RoutingTableParser.Result result = parse(DESIGN_EXAMPLE);
        assertThat(result.warnings()).isEmpty();
        RoutingTable table = result.table();
        assertThat(table.zoneDomain()).isEqualTo("a1b2c3d4e5f6.database.windows.net");
        RoutingTable.Instance mi1 = table.instances().get(0);
        assertThat(mi1.readableSecondary()).isNull();
        assertThat(mi1.state()).isNull();
        assertThat(mi1.stopped()).isFalse();
        assertThat(mi1.minimalTlsVersion()).isEqualTo(MinimalTlsVersion.TLS_1_2);
        assertThat(mi1.redirect()).hasToString("mi1-primary.sqlmi-subnet-a.svc.cluster.local:11000");
        assertThat(table.find("mi1.public.a1b2c3d4e5f6.database.windows.net")).hasValueSatisfying(match -> {
            assertThat(match.host().type()).isEqualTo(EndpointType.PUBLIC);
            assertThat(match.host().listenerPort()).isEqualTo(3342);
        });
        assertThat(table.find("mi1.a1b2c3d4e5f6.database.windows.net").orElseThrow().host().connectionType())
                .isEqualTo(ConnectionType.REDIRECT);
    }

    @Test
    void theAdditiveFieldsReadableSecondaryAndStateAreRead() throws Exception {
        String json = DESIGN_EXAMPLE.replace("\"minimalTlsVersion\" : \"1.2\",", "\"minimalTlsVersion\" : \"1.3\", "
                + "\"state\" : \"Stopped\", \"readableSecondary\" : { \"engine\" : { \"host\" : \"mi1-1.x\", \"port\" : "
                + "1433 }, \"redirect\" : { \"host\" : \"mi1-1.node\", \"port\" : 11001 } }, \"futureField\" : [1, 2],");
        RoutingTable.Instance mi1 = parse(json).table().instances().get(0);
        assertThat(mi1.stopped()).isTrue();
        assertThat(mi1.minimalTlsVersion()).isEqualTo(MinimalTlsVersion.TLS_1_3);
        assertThat(mi1.readableSecondary().engine()).hasToString("mi1-1.x:1433");
        assertThat(mi1.readableSecondary().redirect()).hasToString("mi1-1.node:11001");
    }

    @Test
    void aFileThatIsNotARoutingTableIsRefusedWhole() {
        assertThatThrownBy(() -> parse("{\"instances\": [")).isInstanceOf(RoutingTableParser.InvalidTableException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse("[]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> parse("{\"virtualCluster\": \"vc1\"}")).hasMessageContaining("no 'instances' array");
        assertThatThrownBy(() -> parse("")).isInstanceOf(RoutingTableParser.InvalidTableException.class);
    }

    @Test
    void anEntryThatCannotBeRoutedIsLeftOutAndTheOthersStay() throws Exception {
        String json = """
                {"instances": [
                  {"name": "broken", "hosts": [{"host": "broken.z.s", "listenerPort": 1433}]},
                  {"name": "badport", "engine": {"host": "e", "port": 1433}, "hosts": [{"host": "badport.z.s"}]},
                  {"name": "ok", "engine": {"host": "e", "port": 1433}, "minimalTlsVersion": "1.9",
                   "hosts": [{"host": "OK.Z.S.", "type": "Public", "connectionType": "Redirect", "listenerPort": 3342}]}
                ]}
                """;
        RoutingTableParser.Result result = parse(json);
        assertThat(result.table().instances()).extracting(RoutingTable.Instance::name).containsExactly("ok");
        assertThat(result.warnings()).anyMatch(w -> w.contains("'broken' left out") && w.contains("no engine"))
                .anyMatch(w -> w.contains("'badport' left out") && w.contains("listenerPort"))
                .anyMatch(w -> w.contains("1.9") && w.contains("1.2 is enforced"))
                .anyMatch(w -> w.contains("Public endpoint, which is always proxied"));
        RoutingTable.Match ok = result.table().find("ok.z.s").orElseThrow();
        assertThat(ok.host().connectionType()).isEqualTo(ConnectionType.PROXY);
        assertThat(ok.instance().minimalTlsVersion()).isEqualTo(MinimalTlsVersion.TLS_1_2);
    }

    @Test
    void aRedirectHostWithoutARedirectTargetIsProxied() throws Exception {
        RoutingTableParser.Result result = parse("""
                {"instances": [{"name": "mi1", "engine": {"host": "e", "port": 1433},
                  "hosts": [{"host": "mi1.z.s", "type": "VNetLocal", "connectionType": "Redirect", "listenerPort": 1433}]}]}
                """);
        assertThat(result.table().find("mi1.z.s").orElseThrow().host().connectionType())
                .isEqualTo(ConnectionType.PROXY);
        assertThat(result.warnings()).singleElement().asString().contains("no redirect target");
    }
}
