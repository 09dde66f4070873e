package io.mooring.kinds.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.model.Integration;
import software.amazon.awssdk.services.apigatewayv2.model.Route;

/** Which of an API's integrations mooring manages. */
class ApiReaderTest {

  @Test
  void integrationOfMostRoutesIsManaged() {
    Integration lambda =
        Integration.builder().integrationId("one").integrationType("AWS_PROXY").build();
    Integration proxy =
        Integration.builder().integrationId("two").integrationType("HTTP_PROXY").build();
    List<Route> routes =
        List.of(
            Route.builder().routeKey("GET /a").target("integrations/one").build(),
            Route.builder().routeKey("GET /b").target("integrations/one").build(),
            Route.builder().routeKey("GET /c").target("integrations/two").build());

    assertThat(ApiReader.managedIntegration(List.of(proxy, lambda), routes)).isSameAs(lambda);
  }

  @Test
  void httpProxyWinsWithoutRoutes() {
    Integration lambda =
        Integration.builder().integrationId("one").integrationType("AWS_PROXY").build();
    Integration proxy =
        Integration.builder().integrationId("two").integrationType("HTTP_PROXY").build();

    assertThat(ApiReader.managedIntegration(List.of(lambda, proxy), List.of())).isSameAs(proxy);
  }

  @Test
  void noIntegrationIsNull() {
    assertThat(ApiReader.managedIntegration(List.of(), List.of())).isNull();
  }
}
