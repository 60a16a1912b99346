package io.sqlmi.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerNamesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mi1.0a1b2c3d4e5f.database.windows.net|mi1.0a1b2c3d4e5f.database.windows.net",
        "MI1.0A1B2C3D4E5F.Database.Windows.Net|mi1.0a1b2c3d4e5f.database.windows.net",
        "tcp:mi1.0a1b2c3d4e5f.database.windows.net,1433|mi1.0a1b2c3d4e5f.database.windows.net",
        "TCP:mi1.0a1b2c3d4e5f.database.windows.net|mi1.0a1b2c3d4e5f.database.windows.net",
        "mi1.0a1b2c3d4e5f.database.windows.net\\SQLEXPRESS|mi1.0a1b2c3d4e5f.database.windows.net",
        "mi1.0a1b2c3d4e5f.database.windows.net\\inst,1433|mi1.0a1b2c3d4e5f.database.windows.net",
        "mi1.0a1b2c3d4e5f.database.windows.net.|mi1.0a1b2c3d4e5f.database.windows.net",
        "'  mi1.0a1b2c3d4e5f.database.windows.net  '|mi1.0a1b2c3d4e5f.database.windows.net",
        "[::1],1433|::1"})
    void driversFormsOfOneHostNameNormaliseToIt(String sent, String expected) {
        assertThat(ServerNames.normalise(sent)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.5", "127.0.0.1", "::1", "fe80::1", "2001:db8::7"})
    void addressLiteralsAreRecognised(String address) {
        assertThat(ServerNames.isIpAddress(ServerNames.normalise(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mi1.0a1b2c3d4e5f.database.windows.net", "localhost", "10.0.0.5.nip.io", "1host"})
    void hostNamesAreNotAddresses(String name) {
        assertThat(ServerNames.isIpAddress(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "tcp:", ",1433"})
    void aMissingNameNormalisesToEmpty(String sent) {
        assertThat(ServerNames.normalise(sent)).isEmpty();
    }
}
