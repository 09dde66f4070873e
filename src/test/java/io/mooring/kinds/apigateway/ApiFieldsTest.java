package io.mooring.kinds.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.model.ApiMapping;
import software.amazon.awssdk.services.apigatewayv2.model.Integration;
import software.amazon.awssdk.services.apigatewayv2.model.Route;
import software.amazon.awssdk.services.apigatewayv2.model.Stage;
import software.amazon.awssdk.services.apigatewayv2.model.VpcLink;

/** The normal form of the values that API Gateway fills in or rewrites. */
class ApiFieldsTest {

  @Test
  void corsListIsSortedAndEmptyIsAbsent() {
    assertThat(
            ApiFields.corsList(
                List.of("https://b.example.com", "https://a.example.com"),
                UnaryOperator.identity()))
        .containsExactly("https://a.example.com", "https://b.example.com");
    assertThat(ApiFields.corsList(List.of(), UnaryOperator.identity())).isNull();
    assertThat(ApiFields.corsList(null, UnaryOperator.identity())).isNull();
  }

  @Test
  void headerNamesCompareInLowercase() {
    assertThat(ApiFields.corsList(List.of("Content-Type", "Authorization"), ApiFields::headerName))
        .containsExactly("authorization", "content-type");
  }

  @Test
  void missingBooleanIsFalse() {
    assertThat(ApiFields.isTrue(null)).isFalse();
    assertThat(ApiFields.isTrue(false)).isFalse();
    assertThat(ApiFields.isTrue(true)).isTrue();
  }

  @Test
  void routesToIntegrationShowAsPlainKeys() {
    Integration integration = Integration.builder().integrationId("abc1234").build();
    List<Route> routes =
        List.of(
            route("GET /health", "integrations/abc1234"),
            route("ANY /{proxy+}", "integrations/abc1234"));

    assertThat(ApiFields.routes(routes, integration))
        .containsExactly("ANY /{proxy+}", "GET /health");
  }

  @Test
  void routeElsewhereShowsItsTarget() {
    Integration integration = Integration.builder().integrationId("abc1234").build();
    List<Route> routes =
        List.of(route("GET /health", "integrations/zzz9999"), route("GET /admin", null));

    assertThat(ApiFields.routes(routes, integration))
        .containsExactly("GET /admin -> no integration", "GET /health -> integrations/zzz9999");
  }

  @Test
  void connectionThroughDocumentLinkIsDocumentName() {
    ApiLive live = live(VpcLink.builder().vpcLinkId("link1").build());
    Integration integration =
        Integration.builder().connectionType("VPC_LINK").connectionId("link1").build();

    assertThat(ApiFields.connection(integration, live, "orders")).isEqualTo("orders");
  }

  @Test
  void connectionThroughOtherLinkIsItsId() {
    ApiLive live = live(VpcLink.builder().vpcLinkId("link1").build());
    Integration integration =
        Integration.builder().connectionType("VPC_LINK").connectionId("link2").build();

    assertThat(ApiFields.connection(integration, live, "orders")).isEqualTo("link2");
  }

  @Test
  void connectionOverInternetIsItsType() {
    Integration integration = Integration.builder().connectionType("INTERNET").build();

    assertThat(ApiFields.connection(integration, live(null), "orders")).isEqualTo("INTERNET");
  }

  @Test
  void stageNamesAreSortedAndJoined() {
    List<Stage> stages =
        List.of(
            Stage.builder().stageName("prod").build(),
            Stage.builder().stageName("$default").build());

    assertThat(ApiFields.stageNames(stages)).isEqualTo("$default, prod");
    assertThat(ApiFields.stageNames(List.of())).isNull();
  }

  @Test
  void mappingToThisApiIsStageName() {
    ApiMapping mapping = ApiMapping.builder().apiId("api1").stage("$default").build();

    assertThat(ApiFields.mappedStage(mapping, "api1")).isEqualTo("$default");
  }

  @Test
  void mappingToOtherApiNamesIt() {
    ApiMapping mapping = ApiMapping.builder().apiId("api2").stage("prod").build();

    assertThat(ApiFields.mappedStage(mapping, "api1")).isEqualTo("API api2 stage prod");
    assertThat(ApiFields.mappedStage(null, "api1")).isNull();
  }

  private static Route route(String key, String target) {
    return Route.builder().routeKey(key).target(target).build();
  }

  private static ApiLive live(VpcLink link) {
    return new ApiLive(
        null, link, List.of(), null, List.of(), List.of(), null, List.of(), List.of());
  }
}
