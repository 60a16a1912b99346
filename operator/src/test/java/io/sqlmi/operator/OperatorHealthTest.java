package io.sqlmi.operator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

/**
 * The application boots (CDI, configuration mapping, reconcilers) against a mock API server. The test profile does
 * not start the operator (application.properties), so readiness, which reflects the operator's informers, is DOWN.
 */
@QuarkusTest
@WithKubernetesTestServer
class OperatorHealthTest {

    @Test
    void livenessAnswersUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessFollowsTheOperatorWhichIsNotStartedInTests() {
        given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.name", hasItem("Quarkus Operator SDK health check"));
    }
}
