package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqlmi.engine.support.EngineFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The pod probes answer 200 while the engine serves, and go away when it stops. */
class HealthTest {
    private static int get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    @Test
    void liveAndReadyWhileServing() throws Exception {
        EngineFixture fixture = EngineFixture.start();
        int port = fixture.engine().healthPort();
        try {
            assertThat(get(port, "/health/live")).isEqualTo(200);
            assertThat(get(port, "/health/ready")).isEqualTo(200);
            assertThat(get(port, "/health/other")).isEqualTo(404);
        } finally {
            fixture.close();
        }
        assertThatThrownBy(() -> get(port, "/health/ready")).isInstanceOf(IOException.class);
    }
}
