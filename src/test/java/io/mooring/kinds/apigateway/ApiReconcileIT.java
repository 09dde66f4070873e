package io.mooring.kinds.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.plan.Action;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.Api;
import software.amazon.awssdk.services.apigatewayv2.model.ApiMapping;
import software.amazon.awssdk.services.apigatewayv2.model.DomainName;
import software.amazon.awssdk.services.apigatewayv2.model.Integration;
import software.amazon.awssdk.services.apigatewayv2.model.Route;
import software.amazon.awssdk.services.apigatewayv2.model.Stage;
import software.amazon.awssdk.services.apigatewayv2.model.VpcLink;

/** Creating, diffing, correcting, adopting and pruning HTTP APIs against the emulator. */
class ApiReconcileIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final ResourceId ORDERS = new ResourceId("Api", "orders");
  private static final String CERTIFICATE =
      "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";

  private TestNetwork network;
  private TestLoadBalancer edge;
  private ApiGatewayV2Client apis;

  @BeforeEach
  void setUp() {
    network = TestNetwork.create();
    edge = TestLoadBalancer.create(network, "edge", 80);
    apis = stack.aws().client(ApiGatewayV2Client.class, ApiGatewayV2Client::builder);
    stack.write("environment.yaml", environment());
    // A second document keeps the stack from emptying when a test removes the Api.
    stack.write("cluster.yaml", SampleStack.cluster("prod"));
  }

  private String environment() {
    return """
    apiVersion: mooring/v1
    kind: Environment
    metadata:
      name: prod
    spec:
      region: us-east-1
      subnets:
        private: [%s, %s]
      tags:
        cost-center: "4711"
      maxDeletePercent: 100
    """
        .formatted(network.subnetA(), network.subnetB());
  }

  /** Returns an Api document with every field; {@code metadata} lines go under {@code name}. */
  private String api(String metadata, String subnets) {
    return """
    apiVersion: mooring/v1
    kind: Api
    metadata:
      name: orders
    %s
    spec:
      vpcLink:
        subnets: %s
        securityGroups: [%s]
      integration:
        listenerArn: %s
      routes: ["ANY /{proxy+}", "GET /health"]
      stage:
        name: $default
        autoDeploy: true
        throttling: {burst: 200, rate: 100}
      domain:
        name: api.example.com
        certificateArn: %s
      disableExecuteApiEndpoint: true
      cors:
        allowOrigins: [https://app.example.com]
        allowMethods: [GET, POST]
        allowHeaders: [Content-Type]
      tags:
        team: orders
    """
        .formatted(metadata, subnets, network.securityGroup(), edge.listenerArn(), CERTIFICATE);
  }

  private String api() {
    return api("", "private");
  }

  private static List<String> changedPaths(ReconcileReport report, ResourceId id) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(id))
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  private List<Api> apisNamed(String name) {
    return apis.getApis(r -> {}).items().stream().filter(a -> a.name().equals(name)).toList();
  }

  private Api orders() {
    List<Api> found = apisNamed("orders");
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private List<VpcLink> links() {
    return apis.getVpcLinks(r -> {}).items();
  }

  private Integration integration(String apiId) {
    List<Integration> integrations = apis.getIntegrations(r -> r.apiId(apiId)).items();
    assertThat(integrations).hasSize(1);
    return integrations.get(0);
  }

  private List<Route> routes(String apiId) {
    return apis.getRoutes(r -> r.apiId(apiId)).items();
  }

  private Stage stage(String apiId) {
    return apis.getStages(r -> r.apiId(apiId)).items().stream()
        .filter(s -> s.stageName().equals("$default"))
        .findFirst()
        .orElseThrow();
  }

  private DomainName domain(String name) {
    return apis.getDomainNames(r -> {}).items().stream()
        .filter(d -> d.domainName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private List<ApiMapping> mappings(String domain) {
    return apis.getApiMappings(r -> r.domainName(domain)).items();
  }

  @Test
  void applyCreatesEveryPart() {
    stack.write("api.yaml", api());

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    Api api = orders();
    assertThat(api.protocolTypeAsString()).isEqualTo("HTTP");
    assertThat(api.disableExecuteApiEndpoint()).isTrue();
    assertThat(api.corsConfiguration().allowOrigins()).containsExactly("https://app.example.com");
    assertThat(api.corsConfiguration().allowMethods()).containsExactly("GET", "POST");
    assertThat(api.tags())
        .containsEntry("mooring:managed-by", "mooring")
        .containsEntry("mooring:document", "Api/orders")
        .containsEntry("mooring:stack", "prod")
        .containsEntry("cost-center", "4711")
        .containsEntry("team", "orders");

    assertThat(links()).hasSize(1);
    VpcLink link = links().get(0);
    assertThat(link.name()).isEqualTo("orders");
    assertThat(link.subnetIds()).containsExactlyInAnyOrder(network.subnetA(), network.subnetB());
    assertThat(link.securityGroupIds()).containsExactly(network.securityGroup());
    assertThat(link.tags()).containsEntry("mooring:document", "Api/orders");

    Integration integration = integration(api.apiId());
    assertThat(integration.integrationTypeAsString()).isEqualTo("HTTP_PROXY");
    assertThat(integration.integrationMethod()).isEqualTo("ANY");
    assertThat(integration.integrationUri()).isEqualTo(edge.listenerArn());
    assertThat(integration.connectionTypeAsString()).isEqualTo("VPC_LINK");
    assertThat(integration.connectionId()).isEqualTo(link.vpcLinkId());
    assertThat(integration.payloadFormatVersion()).isEqualTo("1.0");

    assertThat(routes(api.apiId()))
        .extracting(Route::routeKey, Route::target)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "ANY /{proxy+}", "integrations/" + integration.integrationId()),
            org.assertj.core.groups.Tuple.tuple(
                "GET /health", "integrations/" + integration.integrationId()));

    Stage stage = stage(api.apiId());
    assertThat(stage.autoDeploy()).isTrue();
    assertThat(stage.defaultRouteSettings().throttlingBurstLimit()).isEqualTo(200);
    assertThat(stage.defaultRouteSettings().throttlingRateLimit()).isEqualTo(100.0);

    DomainName domain = domain("api.example.com");
    assertThat(domain.domainNameConfigurations().get(0).endpointTypeAsString())
        .isEqualTo("REGIONAL");
    assertThat(domain.domainNameConfigurations().get(0).certificateArn()).isEqualTo(CERTIFICATE);
    assertThat(domain.domainNameConfigurations().get(0).securityPolicyAsString())
        .isEqualTo("TLS_1_2");
    assertThat(domain.tags()).containsEntry("mooring:document", "Api/orders");
    assertThat(mappings("api.example.com"))
        .extracting(ApiMapping::apiId, ApiMapping::stage, ApiMapping::apiMappingKey)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(api.apiId(), "$default", ""));
  }

  @Test
  void noopLoopWritesNothing() {
    stack.write("api.yaml", api());
    stack.apply();

    ReconcileReport second = stack.apply();

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
    assertThat(apisNamed("orders")).hasSize(1);
    assertThat(links()).hasSize(1);
  }

  @Test
  void planOfNewApiWritesNothing() {
    stack.write("api.yaml", api());

    ReconcileReport report = stack.plan();

    assertThat(report.plan().changes())
        .filteredOn(c -> c.id().equals(ORDERS))
        .extracting(ResourceChange::action)
        .containsExactly(Action.CREATE);
    assertThat(report.awsWrites()).isZero();
    assertThat(apisNamed("orders")).isEmpty();
  }

  /** Returns changes made behind mooring's back, each with the fields it shows as and a check. */
  static Stream<Arguments> consoleChanges() {
    return Stream.of(
        Arguments.of(
            "route deleted",
            List.of("routes"),
            (Drift)
                it -> {
                  String apiId = it.orders().apiId();
                  Route health =
                      it.routes(apiId).stream()
                          .filter(r -> r.routeKey().equals("GET /health"))
                          .findFirst()
                          .orElseThrow();
                  it.apis.deleteRoute(r -> r.apiId(apiId).routeId(health.routeId()));
                },
            (Drift)
                it ->
                    assertThat(it.routes(it.orders().apiId()))
                        .extracting(Route::routeKey)
                        .contains("GET /health")),
        Arguments.of(
            "route added",
            List.of("routes"),
            (Drift)
                it ->
                    it.apis.createRoute(r -> r.apiId(it.orders().apiId()).routeKey("POST /admin")),
            (Drift)
                it ->
                    assertThat(it.routes(it.orders().apiId()))
                        .extracting(Route::routeKey)
                        .containsExactlyInAnyOrder("ANY /{proxy+}", "GET /health")),
        Arguments.of(
            "integration listener",
            List.of("integration.listener"),
            (Drift)
                it -> {
                  String other = it.edge.addListener(8080);
                  String apiId = it.orders().apiId();
                  String id = it.integration(apiId).integrationId();
                  it.apis.updateIntegration(
                      r -> r.apiId(apiId).integrationId(id).integrationUri(other));
                },
            (Drift)
                it ->
                    assertThat(it.integration(it.orders().apiId()).integrationUri())
                        .isEqualTo(it.edge.listenerArn())),
        Arguments.of(
            "integration method",
            List.of("integration.method"),
            (Drift)
                it -> {
                  String apiId = it.orders().apiId();
                  String id = it.integration(apiId).integrationId();
                  it.apis.updateIntegration(
                      r -> r.apiId(apiId).integrationId(id).integrationMethod("GET"));
                },
            (Drift)
                it ->
                    assertThat(it.integration(it.orders().apiId()).integrationMethod())
                        .isEqualTo("ANY")),
        Arguments.of(
            "integration type",
            List.of("integration.type"),
            (Drift)
                it -> {
                  String apiId = it.orders().apiId();
                  String id = it.integration(apiId).integrationId();
                  it.apis.updateIntegration(
                      r -> r.apiId(apiId).integrationId(id).integrationType("HTTP"));
                },
            (Drift)
                it ->
                    assertThat(it.integration(it.orders().apiId()).integrationTypeAsString())
                        .isEqualTo("HTTP_PROXY")),
        Arguments.of(
            "stage added",
            List.of("stage.name"),
            (Drift) it -> it.apis.createStage(r -> r.apiId(it.orders().apiId()).stageName("dev")),
            (Drift)
                it ->
                    assertThat(it.apis.getStages(r -> r.apiId(it.orders().apiId())).items())
                        .extracting(Stage::stageName)
                        .containsExactly("$default")),
        Arguments.of(
            "integration through another link",
            List.of("integration.vpcLink"),
            (Drift)
                it -> {
                  String other =
                      it.apis
                          .createVpcLink(
                              r -> r.name("someone-else").subnetIds(it.network.subnetA()))
                          .vpcLinkId();
                  String apiId = it.orders().apiId();
                  String id = it.integration(apiId).integrationId();
                  it.apis.updateIntegration(
                      r -> r.apiId(apiId).integrationId(id).connectionId(other));
                },
            (Drift)
                it -> {
                  String ours =
                      it.links().stream()
                          .filter(l -> l.name().equals("orders"))
                          .findFirst()
                          .orElseThrow()
                          .vpcLinkId();
                  assertThat(it.integration(it.orders().apiId()).connectionId()).isEqualTo(ours);
                }),
        Arguments.of(
            "execute-api endpoint enabled",
            List.of("disableExecuteApiEndpoint"),
            (Drift)
                it ->
                    it.apis.updateApi(
                        r -> r.apiId(it.orders().apiId()).disableExecuteApiEndpoint(false)),
            (Drift) it -> assertThat(it.orders().disableExecuteApiEndpoint()).isTrue()),
        Arguments.of(
            "CORS origin",
            List.of("cors.allowOrigins"),
            (Drift)
                it ->
                    it.apis.updateApi(
                        r ->
                            r.apiId(it.orders().apiId())
                                .corsConfiguration(
                                    c ->
                                        c.allowOrigins("*")
                                            .allowMethods("GET", "POST")
                                            .allowHeaders("Content-Type"))),
            (Drift)
                it ->
                    assertThat(it.orders().corsConfiguration().allowOrigins())
                        .containsExactly("https://app.example.com")),
        Arguments.of(
            "tag removed",
            List.of("tags.team"),
            (Drift)
                it ->
                    it.apis.untagResource(
                        r ->
                            r.resourceArn(
                                    "arn:aws:apigateway:us-east-1::/apis/" + it.orders().apiId())
                                .tagKeys("team")),
            (Drift) it -> assertThat(it.orders().tags()).containsEntry("team", "orders")),
        Arguments.of(
            "API mapping deleted",
            List.of("domain.stage"),
            (Drift)
                it -> {
                  String id = it.mappings("api.example.com").get(0).apiMappingId();
                  it.apis.deleteApiMapping(r -> r.domainName("api.example.com").apiMappingId(id));
                },
            (Drift)
                it ->
                    assertThat(it.mappings("api.example.com"))
                        .extracting(ApiMapping::apiId, ApiMapping::stage)
                        .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(it.orders().apiId(), "$default"))));
  }

  /** A step of a drift case, given the test for its clients and helpers. */
  @FunctionalInterface
  interface Drift extends Consumer<ApiReconcileIT> {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoleChanges")
  void consoleChangeIsFoundAndUndone(String name, List<String> paths, Drift change, Drift check) {
    stack.write("api.yaml", api());
    stack.apply();
    change.accept(this);

    ReconcileReport drift = stack.plan();
    assertThat(changedPaths(drift, ORDERS)).containsExactlyElementsOf(paths);
    ReconcileReport repair = stack.apply();

    assertThat(repair.succeeded()).isTrue();
    check.accept(this);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  /**
   * Returns changes that moto 5.2.5 lets a test make only by deleting and recreating the part, and
   * that mooring corrects with calls moto does not implement (UpdateStage, UpdateDomainName), so
   * only the plan is checked.
   */
  static Stream<Arguments> driftFoundByPlan() {
    return Stream.of(
        Arguments.of(
            "stage throttling",
            List.of("stage.throttling.burst"),
            (Drift)
                it ->
                    it.replaceStage(
                        s ->
                            s.defaultRouteSettings(
                                d -> d.throttlingBurstLimit(50).throttlingRateLimit(100.0)))),
        Arguments.of(
            "stage auto-deploy",
            List.of("stage.autoDeploy"),
            (Drift)
                it ->
                    it.replaceStage(
                        s ->
                            s.autoDeploy(false)
                                .defaultRouteSettings(
                                    d -> d.throttlingBurstLimit(200).throttlingRateLimit(100.0)))),
        Arguments.of(
            "stage detailed metrics",
            List.of("stage.detailedMetrics"),
            (Drift)
                it ->
                    it.replaceStage(
                        s ->
                            s.defaultRouteSettings(
                                d ->
                                    d.throttlingBurstLimit(200)
                                        .throttlingRateLimit(100.0)
                                        .detailedMetricsEnabled(true)))),
        Arguments.of(
            "stage access logs",
            List.of("stage.accessLogs.destinationArn", "stage.accessLogs.format"),
            (Drift)
                it ->
                    it.replaceStage(
                        s ->
                            s.defaultRouteSettings(
                                    d -> d.throttlingBurstLimit(200).throttlingRateLimit(100.0))
                                .accessLogSettings(
                                    l ->
                                        l.destinationArn(
                                                "arn:aws:logs:us-east-1:123456789012:log-group:api")
                                            .format("$context.requestId")))),
        Arguments.of(
            "domain security policy",
            List.of("domain.securityPolicy"),
            (Drift) it -> it.replaceDomain(CERTIFICATE, "TLS_1_0")),
        Arguments.of(
            "domain certificate",
            List.of("domain.certificateArn"),
            (Drift)
                it -> it.replaceDomain(CERTIFICATE.replace("0a1b2c3d-", "ffffffff-"), "TLS_1_2")));
  }

  /** Recreates the $default stage with auto-deploy and the settings that {@code settings} adds. */
  private void replaceStage(
      Consumer<software.amazon.awssdk.services.apigatewayv2.model.CreateStageRequest.Builder>
          settings) {
    String apiId = orders().apiId();
    Map<String, String> tags = stage(apiId).tags();
    apis.deleteStage(r -> r.apiId(apiId).stageName("$default"));
    apis.createStage(
        r -> {
          r.apiId(apiId).stageName("$default").autoDeploy(true).tags(tags);
          settings.accept(r);
        });
  }

  /** Recreates the custom domain with its tags and mapping, and another certificate or policy. */
  private void replaceDomain(String certificate, String securityPolicy) {
    DomainName domain = domain("api.example.com");
    String apiId = orders().apiId();
    apis.deleteDomainName(r -> r.domainName("api.example.com"));
    apis.createDomainName(
        r ->
            r.domainName("api.example.com")
                .domainNameConfigurations(
                    c ->
                        c.endpointType("REGIONAL")
                            .securityPolicy(securityPolicy)
                            .certificateArn(certificate))
                .tags(domain.tags()));
    apis.createApiMapping(r -> r.domainName("api.example.com").apiId(apiId).stage("$default"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("driftFoundByPlan")
  void driftIsFoundByPlan(String name, List<String> paths, Drift change) {
    stack.write("api.yaml", api());
    stack.apply();
    change.accept(this);

    assertThat(changedPaths(stack.plan(), ORDERS)).containsExactlyElementsOf(paths);
  }

  @Test
  void integrationFollowsLoadBalancerDocument() {
    stack.write(
        "load-balancer.yaml",
        """
        apiVersion: mooring/v1
        kind: LoadBalancer
        metadata:
          name: front
        spec:
          scheme: internal
          subnets: private
          securityGroups: [%s]
          targetGroups:
            - {name: orders-api, port: 8000, protocol: HTTP, targetType: ip}
          listeners:
            - {name: http, port: 80, protocol: HTTP, forwardTo: orders-api}
        """
            .formatted(network.securityGroup()));
    stack.write(
        "api.yaml",
        api()
            .replace(
                "    listenerArn: " + edge.listenerArn(),
                "    loadBalancer: front\n    listener: http"));

    ReconcileReport planned = stack.plan();
    assertThat(planned.plan().changes())
        .filteredOn(c -> c.id().equals(ORDERS))
        .flatExtracting(ResourceChange::fields)
        .filteredOn(f -> f.path().equals("integration.listener"))
        .extracting(FieldChange::desired)
        .containsExactly("(LoadBalancer/front listeners.http)");
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    String listener = frontListener();
    assertThat(integration(orders().apiId()).integrationUri()).isEqualTo(listener);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  private String frontListener() {
    try (var elb =
        software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client
            .create()) {
      String balancer =
          elb.describeLoadBalancers(r -> r.names("front")).loadBalancers().get(0).loadBalancerArn();
      return elb.describeListeners(r -> r.loadBalancerArn(balancer))
          .listeners()
          .get(0)
          .listenerArn();
    }
  }

  @Test
  void subnetChangeReplacesVpcLink() {
    stack.write("api.yaml", api());
    stack.apply();
    String oldLink = links().get(0).vpcLinkId();
    stack.write("api.yaml", api("", "[" + network.subnetA() + "]"));

    ReconcileReport report = stack.apply();

    assertThat(changedPaths(report, ORDERS)).containsExactly("vpcLink.subnets");
    assertThat(links()).hasSize(1);
    VpcLink link = links().get(0);
    assertThat(link.vpcLinkId()).isNotEqualTo(oldLink);
    assertThat(link.subnetIds()).containsExactly(network.subnetA());
    assertThat(integration(orders().apiId()).connectionId()).isEqualTo(link.vpcLinkId());
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void domainRenameMovesMapping() {
    stack.write("api.yaml", api());
    stack.apply();
    stack.write("api.yaml", api().replace("name: api.example.com", "name: orders.example.com"));

    ReconcileReport report = stack.apply();

    assertThat(changedPaths(report, ORDERS)).containsExactly("domain.name");
    assertThat(apis.getDomainNames(r -> {}).items())
        .extracting(DomainName::domainName)
        .containsExactly("orders.example.com");
    assertThat(mappings("orders.example.com"))
        .extracting(ApiMapping::apiId)
        .containsExactly(orders().apiId());
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void corsRemovedFromDocumentIsDeleted() {
    stack.write("api.yaml", api());
    stack.apply();
    String withoutCors =
        api()
            .replace(
                "  cors:\n"
                    + "    allowOrigins: [https://app.example.com]\n"
                    + "    allowMethods: [GET, POST]\n"
                    + "    allowHeaders: [Content-Type]\n",
                "");
    stack.write("api.yaml", withoutCors);

    stack.apply();

    assertThat(orders().corsConfiguration()).isNull();
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void restartAfterCrashCompletesParts() {
    stack.write("api.yaml", api());
    // The crash: the API was created with its tags, and nothing else.
    apis.createApi(
        r ->
            r.name("orders")
                .protocolType("HTTP")
                .disableExecuteApiEndpoint(true)
                .corsConfiguration(
                    c ->
                        c.allowOrigins("https://app.example.com")
                            .allowMethods("GET", "POST")
                            .allowHeaders("Content-Type"))
                .tags(
                    Map.of(
                        "mooring:managed-by", "mooring",
                        "mooring:document", "Api/orders",
                        "mooring:stack", "prod",
                        "cost-center", "4711",
                        "team", "orders")));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(apisNamed("orders")).hasSize(1);
    assertThat(links()).hasSize(1);
    assertThat(routes(orders().apiId())).hasSize(2);
    assertThat(mappings("api.example.com")).hasSize(1);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void unownedApiIsConflictAndLeftAlone() {
    String apiId =
        apis.createApi(
                r -> r.name("orders").protocolType("HTTP").tags(Map.of("owner", "someone-else")))
            .apiId();
    stack.write("api.yaml", api());

    ReconcileReport report = stack.apply();

    assertThat(report.plan().blocked()).extracting(b -> b.id()).containsExactly(ORDERS);
    assertThat(report.plan().blocked().get(0).reason()).contains("metadata.adopt");
    assertThat(apis.getApi(r -> r.apiId(apiId)).tags()).containsOnlyKeys("owner");
    assertThat(links()).isEmpty();
    assertThat(routes(apiId)).isEmpty();
  }

  @Test
  void adoptTakesOverUnownedApi() {
    String apiId = apis.createApi(r -> r.name("orders").protocolType("HTTP")).apiId();
    stack.write("api.yaml", api("  adopt: true", "private"));

    ReconcileReport planned = stack.plan();
    assertThat(planned.plan().changes())
        .filteredOn(c -> c.id().equals(ORDERS))
        .extracting(ResourceChange::action)
        .containsExactly(Action.ADOPT);
    ReconcileReport applied = stack.apply();

    assertThat(applied.succeeded()).isTrue();
    Api api = orders();
    assertThat(api.apiId()).isEqualTo(apiId);
    assertThat(api.tags())
        .containsEntry("mooring:document", "Api/orders")
        .containsEntry("team", "orders");
    assertThat(api.disableExecuteApiEndpoint()).isTrue();
    assertThat(routes(apiId)).hasSize(2);
    assertThat(links()).extracting(VpcLink::name).containsExactly("orders");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void pruneDeletesEveryPart() {
    stack.write("api.yaml", api());
    stack.apply();
    stack.delete("api.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(report.plan().changes())
        .filteredOn(c -> c.id().equals(ORDERS))
        .extracting(ResourceChange::action)
        .containsExactly(Action.DELETE);
    assertThat(apisNamed("orders")).isEmpty();
    assertThat(links()).isEmpty();
    assertThat(apis.getDomainNames(r -> {}).items()).isEmpty();
  }

  /**
   * Checks release on an Api without a custom domain, because moto 5.2.5 running as a server
   * returns 404 for TagResource and UntagResource on a domain name's ARN.
   */
  @Test
  void retainPolicyReleasesApiAndLink() {
    stack.write("api.yaml", apiWithoutDomain("  deletionPolicy: Retain"));
    stack.apply();
    stack.delete("api.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(report.plan().changes())
        .filteredOn(c -> c.id().equals(ORDERS))
        .extracting(ResourceChange::action)
        .containsExactly(Action.DELETE);
    assertThat(orders().tags())
        .doesNotContainKeys("mooring:managed-by", "mooring:document", "mooring:stack")
        .containsEntry("team", "orders");
    assertThat(links()).hasSize(1);
    assertThat(links().get(0).tags()).doesNotContainKeys("mooring:managed-by", "mooring:document");
    assertThat(routes(orders().apiId())).hasSize(2);
    assertThat(stack.prune().plan().changes()).filteredOn(c -> c.id().equals(ORDERS)).isEmpty();
  }

  /** Returns the Api document without its custom domain, whose tags moto 5.2.5 cannot change. */
  private String apiWithoutDomain(String metadata) {
    String document = api(metadata, "private");
    return document.substring(0, document.indexOf("  domain:"))
        + document.substring(document.indexOf("  disableExecuteApiEndpoint:"));
  }

  @Test
  void laterRetainPolicyKeepsPrunedApi() {
    stack.write("api.yaml", apiWithoutDomain("  deletionPolicy: Delete"));
    stack.apply();
    stack.write("api.yaml", apiWithoutDomain("  deletionPolicy: Retain"));

    ReconcileReport changed = stack.apply();

    assertThat(changedPaths(changed, ORDERS)).containsExactly("tags.mooring:deletion-policy");
    assertThat(orders().tags()).containsEntry("mooring:deletion-policy", "Retain");
    assertThat(links().get(0).tags()).containsEntry("mooring:deletion-policy", "Retain");
    stack.delete("api.yaml");

    ReconcileReport pruned = stack.apply(new ReconcileOptions(true, true));

    assertThat(pruned.succeeded()).isTrue();
    assertThat(apisNamed("orders")).hasSize(1);
    assertThat(links()).hasSize(1);
    assertThat(orders().tags().keySet()).noneMatch(key -> key.startsWith("mooring:"));
  }
}
