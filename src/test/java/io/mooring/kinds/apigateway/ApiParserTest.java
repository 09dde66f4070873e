package io.mooring.kinds.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.load.StateDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and validation of an Api's spec through the real loader. */
class ApiParserTest {
  static final String LISTENER =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/0a1b2c3d4e5f6a7b/8c9d0e1f2a3b4c5d";

  /**
   * A valid Api with the required fields only. Line 7 is {@code subnets}, line 9 {@code
   * integration}, line 11 {@code routes}; text appended with {@link #api} starts on line 12.
   */
  static final String API =
      """
      apiVersion: mooring/v1
      kind: Api
      metadata:
        name: orders
      spec:
        vpcLink:
          subnets: [subnet-0a1b2c3d]
          securityGroups: [sg-0a1b2c3d]
        integration:
          listenerArn: %s
        routes: ["ANY /{proxy+}"]
      """
          .formatted(LISTENER);

  @TempDir Path root;

  private StateDirectory dir;

  @BeforeEach
  void createDirectory() {
    dir = new StateDirectory(root);
  }

  private static String api(String lines) {
    return API + lines;
  }

  private ApiSpec specOf(String text) {
    return dir.write("api.yaml", text).load().ofKind("Api", ApiSpec.class).get(0).spec();
  }

  @Test
  void minimalApiGetsDefaultStage() {
    ApiSpec spec = specOf(API);

    assertThat(spec.stage()).isEqualTo(new ApiSpec.Stage("$default", true, false, null, null));
    assertThat(spec.domain()).isNull();
    assertThat(spec.cors()).isNull();
    assertThat(spec.disableExecuteApiEndpoint()).isFalse();
    assertThat(spec.integration().listenerArn()).isEqualTo(LISTENER);
  }

  @Test
  void everyFieldIsRead() {
    ApiSpec spec =
        specOf(
            api(
                """
                  stage:
                    name: prod
                    autoDeploy: false
                    detailedMetrics: true
                    throttling: {burst: 200, rate: 12.5}
                    accessLogs:
                      destinationArn: arn:aws:logs:us-east-1:123456789012:log-group:/apigateway/orders
                      format: '{"requestId":"$context.requestId"}'
                  domain:
                    name: api.example.com
                    certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc-123
                  disableExecuteApiEndpoint: true
                  cors:
                    allowOrigins: [https://app.example.com]
                    allowMethods: [GET, POST]
                    allowHeaders: [content-type]
                    exposeHeaders: [x-request-id]
                    allowCredentials: true
                    maxAge: 600
                  tags: {team: orders}
                """));

    assertThat(spec.stage().name()).isEqualTo("prod");
    assertThat(spec.stage().autoDeploy()).isFalse();
    assertThat(spec.stage().detailedMetrics()).isTrue();
    assertThat(spec.stage().throttling()).isEqualTo(new ApiSpec.Throttling(200, 12.5));
    assertThat(spec.stage().accessLogs().format())
        .isEqualTo("{\"requestId\":\"$context.requestId\"}");
    assertThat(spec.domain().name()).isEqualTo("api.example.com");
    assertThat(spec.domain().securityPolicy()).isEqualTo("TLS_1_2");
    assertThat(spec.disableExecuteApiEndpoint()).isTrue();
    assertThat(spec.cors().allowMethods()).containsExactly("GET", "POST");
    assertThat(spec.cors().allowCredentials()).isTrue();
    assertThat(spec.cors().maxAge()).isEqualTo(600);
    assertThat(spec.tags()).containsEntry("team", "orders");
  }

  @Test
  void integerRateIsRead() {
    ApiSpec spec = specOf(api("  stage: {throttling: {burst: 200, rate: 100}}\n"));

    assertThat(spec.stage().throttling().rate()).isEqualTo(100.0);
  }

  @Test
  void invalidRouteKeyIsReported() {
    dir.write(
        "api.yaml", API.replace("[\"ANY /{proxy+}\"]", "[\"FETCH /orders\", \"GET orders\"]"));

    assertThat(dir.problems())
        .containsExactly(
            "api.yaml:11:11: spec.routes: invalid route key \"FETCH /orders\": expected $default or"
                + " a method (ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS) and a path such as"
                + " \"GET /orders/{id}\"",
            "api.yaml:11:11: spec.routes: invalid route key \"GET orders\": expected $default or a"
                + " method (ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS) and a path such as"
                + " \"GET /orders/{id}\"");
  }

  @Test
  void validRouteKeysAreAccepted() {
    String routes =
        "[\"$default\", \"GET /\", \"GET /orders/{id}\", \"POST /orders/{id}/items\", \"ANY"
            + " /files/{path+}\"]";

    assertThat(specOf(API.replace("[\"ANY /{proxy+}\"]", routes)).routes()).hasSize(5);
  }

  @Test
  void duplicateRouteIsReported() {
    dir.write("api.yaml", API.replace("[\"ANY /{proxy+}\"]", "[\"GET /a\", \"GET /a\"]"));

    assertThat(dir.problems())
        .containsExactly("api.yaml:11:11: spec.routes: duplicate route key \"GET /a\"");
  }

  @Test
  void listenerArnAndLoadBalancerTogetherAreReported() {
    dir.write(
        "api.yaml",
        API.replace(
            "    listenerArn:", "    loadBalancer: edge\n    listener: http\n    listenerArn:"));

    assertThat(dir.problems())
        .containsExactly(
            "api.yaml:12:18: spec.integration.listenerArn: set either loadBalancer and listener, or"
                + " listenerArn, not both");
  }

  @Test
  void integrationWithoutTargetIsReported() {
    dir.write(
        "api.yaml", API.replace("    listenerArn: " + LISTENER + "\n", "    listener: http\n"));

    assertThat(dir.problems())
        .containsExactly(
            "api.yaml:10:5: spec.integration.loadBalancer: required field is missing; name a"
                + " LoadBalancer document and one of its listeners, or set listenerArn");
  }

  @Test
  void missingLoadBalancerDocumentIsReported() {
    dir.write(
        "api.yaml",
        API.replace(
            "    listenerArn: " + LISTENER + "\n", "    loadBalancer: edge\n    listener: http\n"));

    assertThat(dir.problems())
        .containsExactly(
            "api.yaml:10:19: spec.integration.loadBalancer: no LoadBalancer document is named"
                + " \"edge\"");
  }

  @Test
  void securityGroupNameIsReference() {
    dir.write("api.yaml", API.replace("[sg-0a1b2c3d]", "[vpc-link]"));

    assertThat(dir.problems())
        .containsExactly(
            "api.yaml:8:21: spec.vpcLink.securityGroups: no SecurityGroup document is named"
                + " \"vpc-link\"");
  }

  @Test
  void missingSubnetSetIsReported() {
    dir.write("api.yaml", API.replace("[subnet-0a1b2c3d]", "private"));

    assertThat(dir.problems())
        .containsExactly(
            "api.yaml:7:14: spec.vpcLink.subnets: no subnet set \"private\" in the Environment");
  }

  @Test
  void invalidRateIsReported() {
    dir.write("api.yaml", api("  stage: {throttling: {burst: 200, rate: fast}}\n"));

    assertThat(dir.problems())
        .containsExactly(
            "api.yaml:12:42: spec.stage.throttling.rate: expected a number, found a string");
  }

  @Test
  void accessLogFormatWithoutRequestIdIsReported() {
    dir.write(
        "api.yaml",
        api(
            """
              stage:
                accessLogs:
                  destinationArn: arn:aws:logs:us-east-1:123456789012:log-group:/apigateway/orders
                  format: $context.status
            """));

    assertThat(dir.problems())
        .containsExactly(
            "api.yaml:15:15: spec.stage.accessLogs.format: API Gateway requires $context.requestId"
                + " or $context.extendedRequestId in the format");
  }

  @Test
  void credentialsWithAnyOriginAreReported() {
    dir.write("api.yaml", api("  cors: {allowOrigins: [\"*\"], allowCredentials: true}\n"));

    assertThat(dir.problems())
        .containsExactly(
            "api.yaml:12:49: spec.cors.allowCredentials: API Gateway rejects allowCredentials with"
                + " the origin \"*\"; list the origins instead");
  }

  @Test
  void unknownCorsMethodIsReported() {
    dir.write("api.yaml", api("  cors: {allowOrigins: [\"*\"], allowMethods: [FETCH]}\n"));

    assertThat(dir.problems())
        .containsExactly(
            "api.yaml:12:45: spec.cors.allowMethods: invalid method \"FETCH\": must be one of *,"
                + " GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS");
  }

  @Test
  void domainWithoutCertificateIsReported() {
    dir.write("api.yaml", api("  domain: {name: api.example.com}\n"));

    assertThat(dir.problems())
        .containsExactly(
            "api.yaml:12:11: spec.domain.certificateArn: required field is missing; a regional"
                + " domain needs an ACM certificate");
  }

  @Test
  void certificateInOtherRegionIsReported() {
    dir.write(
        "environment.yaml",
        """
        apiVersion: mooring/v1
        kind: Environment
        metadata:
          name: prod
        spec:
          region: eu-west-1
        """);
    dir.write(
        "api.yaml",
        api(
            "  domain: {name: api.example.com, certificateArn:"
                + " arn:aws:acm:us-east-1:123456789012:certificate/abc}\n"));

    assertThat(dir.problems())
        .containsExactly(
            "api.yaml:12:51: spec.domain.certificateArn: the certificate is in us-east-1, but a"
                + " regional custom domain needs an ACM certificate in the API's region eu-west-1");
  }

  @Test
  void unknownStageFieldIsReported() {
    dir.write("api.yaml", api("  stage: {name: $default, deploy: true}\n"));

    assertThat(dir.problems()).containsExactly("api.yaml:12:27: spec.stage.deploy: unknown field");
  }

  @Test
  void missingRoutesAreReported() {
    dir.write("api.yaml", API.replace("  routes: [\"ANY /{proxy+}\"]\n", ""));

    assertThat(dir.problems())
        .containsExactly(
            "api.yaml:6:3: spec.routes: required field is missing; list route keys such as \"ANY"
                + " /{proxy+}\"");
  }
}
