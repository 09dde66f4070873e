package io.mooring.kinds.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileReport;
import io.mooring.kinds.apigateway.TestLoadBalancer;
import io.mooring.plan.Action;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** Creating, diffing, correcting, adopting, moving and pruning DNS records against the emulator. */
class DnsRecordReconcileIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final ResourceId WWW = new ResourceId("DnsRecord", "www");
  private static final String OWNER_TEXT =
      "\"mooring:managed-by=mooring,mooring:document=DnsRecord/www,mooring:stack=prod\"";

  private Route53Client route53;
  private String zoneId;

  @BeforeEach
  void setUp() {
    route53 = stack.aws().client(Route53Client.class, Route53Client::builder);
    zoneId =
        HostedZones.bareId(
            route53
                .createHostedZone(r -> r.name("example.com").callerReference("dns-it"))
                .hostedZone()
                .id());
    stack.write(
        "environment.yaml",
        """
        apiVersion: mooring/v1
        kind: Environment
        metadata:
          name: prod
        spec:
          region: us-east-1
          maxDeletePercent: 100
        """);
    // A second document keeps the stack from emptying when a test removes the record.
    stack.write("cluster.yaml", SampleStack.cluster("prod"));
  }

  /**
   * Returns a DnsRecord document named {@code name} in zone example.com, with {@code metadata} and
   * {@code spec} lines that are indented by two spaces.
   */
  private static String record(String name, String metadata, String spec) {
    return """
    apiVersion: mooring/v1
    kind: DnsRecord
    metadata:
      name: %s
    %s
    spec:
      zone: example.com
    %s\
    """
        .formatted(name, metadata, spec);
  }

  private static String www(String spec) {
    return record("www", "", spec);
  }

  private static final String WWW_A =
      "  name: www.example.com\n  type: A\n  ttl: 60\n  values: [192.0.2.10, 192.0.2.11]\n";

  private static List<String> changedPaths(ReconcileReport report, ResourceId id) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(id))
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  private static List<Action> actions(ReconcileReport report, ResourceId id) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(id))
        .map(ResourceChange::action)
        .toList();
  }

  private Optional<ResourceRecordSet> find(String name, String type) {
    return HostedZones.records(route53, zoneId).stream()
        .filter(s -> DnsNames.name(s.name()).equals(name) && s.typeAsString().equals(type))
        .findFirst();
  }

  private ResourceRecordSet get(String name, String type) {
    return find(name, type).orElseThrow(() -> new AssertionError("no " + type + " record " + name));
  }

  private static List<String> values(ResourceRecordSet set) {
    return set.resourceRecords().stream().map(ResourceRecord::value).toList();
  }

  private void change(ChangeAction action, ResourceRecordSet set) {
    route53.changeResourceRecordSets(
        r ->
            r.hostedZoneId(zoneId)
                .changeBatch(b -> b.changes(c -> c.action(action).resourceRecordSet(set))));
  }

  private static ResourceRecordSet a(String name, long ttl, String... values) {
    return ResourceRecordSet.builder()
        .name(name)
        .type("A")
        .ttl(ttl)
        .resourceRecords(
            Stream.of(values).map(v -> ResourceRecord.builder().value(v).build()).toList())
        .build();
  }

  @Test
  void applyCreatesRecordWithOwner() {
    stack.write("www.yaml", www(WWW_A));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    ResourceRecordSet record = get("www.example.com", "A");
    assertThat(record.ttl()).isEqualTo(60L);
    assertThat(values(record)).containsExactlyInAnyOrder("192.0.2.10", "192.0.2.11");
    ResourceRecordSet owner = get("_mooring.a.www.example.com", "TXT");
    assertThat(values(owner)).containsExactly(OWNER_TEXT);
  }

  @Test
  void noopLoopWritesNothing() {
    stack.write("www.yaml", www(WWW_A));
    String longText = "v=DKIM1; k=rsa; p=" + "A".repeat(300);
    stack.write(
        "mail.yaml",
        record(
            "mail",
            "",
            "  name: example.com\n"
                + "  type: MX\n"
                + "  values: [10 Mail.Example.com., 20 backup.example.com]\n"));
    stack.write(
        "dkim.yaml",
        record(
            "dkim",
            "",
            "  name: selector._domainkey.example.com\n  type: TXT\n  values: [\""
                + longText
                + "\"]\n"));
    stack.apply();

    ReconcileReport second = stack.apply();

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
    assertThat(values(get("selector._domainkey.example.com", "TXT")))
        .containsExactly(DnsNames.encodeTxt(longText));
  }

  /** Returns changes made behind mooring's back, each with the fields it shows as and a check. */
  static Stream<Arguments> consoleChanges() {
    return Stream.of(
        Arguments.of(
            "values",
            List.of("values"),
            (Drift) it -> it.change(ChangeAction.UPSERT, a("www.example.com", 60, "192.0.2.99")),
            (Drift)
                it ->
                    assertThat(values(it.get("www.example.com", "A")))
                        .containsExactlyInAnyOrder("192.0.2.10", "192.0.2.11")),
        Arguments.of(
            "ttl",
            List.of("ttl"),
            (Drift)
                it ->
                    it.change(
                        ChangeAction.UPSERT,
                        a("www.example.com", 3600, "192.0.2.10", "192.0.2.11")),
            (Drift) it -> assertThat(it.get("www.example.com", "A").ttl()).isEqualTo(60L)),
        Arguments.of(
            "record deleted",
            List.of("ttl", "values"),
            (Drift) it -> it.change(ChangeAction.DELETE, it.get("www.example.com", "A")),
            (Drift) it -> assertThat(it.get("www.example.com", "A").ttl()).isEqualTo(60L)));
  }

  /** A step of a drift case, given the test for its clients and helpers. */
  @FunctionalInterface
  interface Drift extends Consumer<DnsRecordReconcileIT> {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoleChanges")
  void consoleChangeIsFoundAndUndone(String name, List<String> paths, Drift change, Drift check) {
    stack.write("www.yaml", www(WWW_A));
    stack.apply();
    change.accept(this);

    assertThat(changedPaths(stack.plan(), WWW)).containsExactlyElementsOf(paths);
    ReconcileReport repair = stack.apply();

    assertThat(repair.succeeded()).isTrue();
    check.accept(this);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  private static final String ALIAS =
      """
        name: www.example.com
        type: A
        alias:
          dnsName: edge-1234567890.us-east-1.elb.amazonaws.com
          hostedZoneId: Z35SXDOTRQ7X7K
      """;

  private static ResourceRecordSet alias(String dnsName, String zone, boolean health) {
    return ResourceRecordSet.builder()
        .name("www.example.com.")
        .type("A")
        .aliasTarget(t -> t.dnsName(dnsName).hostedZoneId(zone).evaluateTargetHealth(health))
        .build();
  }

  static Stream<Arguments> aliasChanges() {
    return Stream.of(
        Arguments.of(
            "alias.dnsName", alias("other-1.us-east-1.elb.amazonaws.com", "Z35SXDOTRQ7X7K", false)),
        Arguments.of(
            "alias.hostedZoneId",
            alias("edge-1234567890.us-east-1.elb.amazonaws.com", "Z1H1FL5HABSF5", false)),
        Arguments.of(
            "alias.evaluateTargetHealth",
            alias("edge-1234567890.us-east-1.elb.amazonaws.com", "Z35SXDOTRQ7X7K", true)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aliasChanges")
  void aliasChangeIsFoundAndUndone(String path, ResourceRecordSet changed) {
    stack.write("www.yaml", www(ALIAS));
    stack.apply();
    change(ChangeAction.UPSERT, changed);

    assertThat(changedPaths(stack.plan(), WWW)).containsExactly(path);
    stack.apply();

    ResourceRecordSet record = get("www.example.com", "A");
    assertThat(record.aliasTarget().dnsName())
        .isEqualTo("edge-1234567890.us-east-1.elb.amazonaws.com");
    assertThat(record.aliasTarget().hostedZoneId()).isEqualTo("Z35SXDOTRQ7X7K");
    assertThat(record.aliasTarget().evaluateTargetHealth()).isFalse();
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void rewrittenAliasTargetIsNotDrift() {
    stack.write("www.yaml", www(ALIAS));
    stack.apply();
    // The same target as another tool may write it: prefixed, uppercase and fully qualified.
    change(
        ChangeAction.UPSERT,
        alias("DUALSTACK.EDGE-1234567890.US-EAST-1.ELB.AMAZONAWS.COM.", "Z35SXDOTRQ7X7K", false));

    ReconcileReport report = stack.apply();

    assertThat(report.plan().inSync()).isTrue();
    assertThat(report.awsWrites()).isZero();
  }

  @Test
  void unownedRecordIsConflictAndLeftAlone() {
    change(ChangeAction.CREATE, a("www.example.com", 300, "198.51.100.1"));
    stack.write("www.yaml", www(WWW_A));

    ReconcileReport report = stack.apply();

    assertThat(report.plan().blocked()).extracting(b -> b.id()).containsExactly(WWW);
    assertThat(report.plan().blocked().get(0).reason()).contains("metadata.adopt");
    assertThat(values(get("www.example.com", "A"))).containsExactly("198.51.100.1");
    assertThat(find("_mooring.a.www.example.com", "TXT")).isEmpty();
  }

  @Test
  void adoptTakesOverUnownedRecord() {
    change(ChangeAction.CREATE, a("www.example.com", 300, "198.51.100.1"));
    stack.write("www.yaml", record("www", "  adopt: true", WWW_A));

    assertThat(actions(stack.plan(), WWW)).containsExactly(Action.ADOPT);
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(values(get("www.example.com", "A")))
        .containsExactlyInAnyOrder("192.0.2.10", "192.0.2.11");
    assertThat(values(get("_mooring.a.www.example.com", "TXT"))).containsExactly(OWNER_TEXT);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void adoptOfMatchingRecordWritesOnlyOwner() {
    change(ChangeAction.CREATE, a("www.example.com.", 60, "192.0.2.11", "192.0.2.10"));
    stack.write("www.yaml", record("www", "  adopt: true", WWW_A));

    ReconcileReport report = stack.apply();

    assertThat(actions(report, WWW)).containsExactly(Action.ADOPT);
    assertThat(changedPaths(report, WWW)).isEmpty();
    assertThat(values(get("_mooring.a.www.example.com", "TXT"))).containsExactly(OWNER_TEXT);
    assertThat(values(get("www.example.com", "A"))).containsExactly("192.0.2.11", "192.0.2.10");
  }

  @Test
  void renameMovesRecordAndOwner() {
    stack.write("www.yaml", www(WWW_A));
    stack.apply();
    stack.write("www.yaml", www(WWW_A.replace("www.example.com", "web.example.com")));

    ReconcileReport report = stack.apply();

    assertThat(actions(report, WWW)).containsExactly(Action.REPLACE);
    assertThat(report.succeeded()).isTrue();
    assertThat(find("www.example.com", "A")).isEmpty();
    assertThat(find("_mooring.a.www.example.com", "TXT")).isEmpty();
    assertThat(values(get("web.example.com", "A")))
        .containsExactlyInAnyOrder("192.0.2.10", "192.0.2.11");
    assertThat(values(get("_mooring.a.web.example.com", "TXT"))).containsExactly(OWNER_TEXT);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void deletionPolicyChangeRewritesOnlyOwner() {
    stack.write("www.yaml", www(WWW_A));
    stack.apply();
    stack.write("www.yaml", record("www", "  deletionPolicy: Retain", WWW_A));

    ReconcileReport report = stack.apply();

    assertThat(changedPaths(report, WWW)).containsExactly("deletionPolicy");
    assertThat(values(get("_mooring.a.www.example.com", "TXT")))
        .containsExactly(OWNER_TEXT.replace("prod\"", "prod,mooring:deletion-policy=Retain\""));
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void pruneDeletesRecordAndOwner() {
    stack.write("www.yaml", www(WWW_A));
    stack.apply();
    stack.delete("www.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(actions(report, WWW)).containsExactly(Action.DELETE);
    assertThat(find("www.example.com", "A")).isEmpty();
    assertThat(find("_mooring.a.www.example.com", "TXT")).isEmpty();
  }

  @Test
  void retainPolicyKeepsRecordAndDropsOwner() {
    stack.write("www.yaml", record("www", "  deletionPolicy: Retain", WWW_A));
    stack.apply();
    stack.delete("www.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(values(get("www.example.com", "A")))
        .containsExactlyInAnyOrder("192.0.2.10", "192.0.2.11");
    assertThat(find("_mooring.a.www.example.com", "TXT")).isEmpty();
    assertThat(actions(stack.prune(), WWW)).isEmpty();
  }

  @Test
  void pruneLeavesRecordsOfOtherStacks() {
    change(ChangeAction.CREATE, a("old.example.com", 300, "192.0.2.50"));
    change(
        ChangeAction.CREATE,
        ResourceRecordSet.builder()
            .name("_mooring.a.old.example.com")
            .type("TXT")
            .ttl(300L)
            .resourceRecords(
                r ->
                    r.value(
                        "\"mooring:managed-by=mooring,mooring:document=DnsRecord/old,mooring:stack=staging\""))
            .build());
    stack.write("www.yaml", www(WWW_A));

    ReconcileReport report = stack.prune();

    assertThat(actions(report, new ResourceId("DnsRecord", "old"))).isEmpty();
    assertThat(values(get("old.example.com", "A"))).containsExactly("192.0.2.50");
    assertThat(find("_mooring.a.old.example.com", "TXT")).isPresent();
  }

  @Test
  void missingZoneFailsOnlyItsRecord() {
    stack.write("www.yaml", www(WWW_A));
    stack.write(
        "other.yaml",
        record("other", "", "  name: www.example.org\n  type: A\n  values: [192.0.2.1]\n")
            .replace("zone: example.com", "zone: example.org"));

    ReconcileReport report = stack.apply();

    Outcome other = report.outcomes().get(new ResourceId("DnsRecord", "other"));
    assertThat(other).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) other).error()).contains("no hosted zone is named example.org");
    assertThat(report.outcomes().get(WWW)).isInstanceOf(Outcome.Changed.class);
  }

  @Test
  void aliasToApiUsesDomainTarget() {
    TestNetwork network = TestNetwork.create();
    TestLoadBalancer edge = TestLoadBalancer.create(network, "edge", 80);
    String certificate = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
    // What API Gateway returns for a regional domain name, which moto 5.2.5 only echoes back.
    ApiGatewayV2Client apis =
        stack.aws().client(ApiGatewayV2Client.class, ApiGatewayV2Client::builder);
    apis.createDomainName(
        r ->
            r.domainName("api.example.com")
                .domainNameConfigurations(
                    c ->
                        c.endpointType("REGIONAL")
                            .certificateArn(certificate)
                            .securityPolicy("TLS_1_2")
                            .apiGatewayDomainName("d-abc123xyz.execute-api.us-east-1.amazonaws.com")
                            .hostedZoneId("Z1UJRXOUMOOFQ8"))
                .tags(
                    Map.of(
                        "mooring:managed-by",
                        "mooring",
                        "mooring:document",
                        "Api/orders",
                        "mooring:stack",
                        "prod")));
    stack.write(
        "api.yaml",
        """
        apiVersion: mooring/v1
        kind: Api
        metadata:
          name: orders
        spec:
          vpcLink: {subnets: [%s], securityGroups: [%s]}
          integration: {listenerArn: %s}
          routes: ["ANY /{proxy+}"]
          domain: {name: api.example.com, certificateArn: %s}
        """
            .formatted(
                network.subnetA(), network.securityGroup(), edge.listenerArn(), certificate));
    stack.write(
        "api-dns.yaml",
        record("api", "", "  name: api.example.com\n  type: A\n  alias: {api: orders}\n"));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    ResourceRecordSet record = get("api.example.com", "A");
    assertThat(record.aliasTarget().dnsName())
        .isEqualTo("d-abc123xyz.execute-api.us-east-1.amazonaws.com");
    assertThat(record.aliasTarget().hostedZoneId()).isEqualTo("Z1UJRXOUMOOFQ8");
    assertThat(find("_mooring.a.api.example.com", "TXT")).isPresent();
    assertThat(stack.apply().awsWrites()).isZero();
  }

  @Test
  void loadBalancerAliasUsesDualstackName() {
    TestNetwork network = TestNetwork.create();
    stack.write(
        "load-balancer.yaml",
        """
        apiVersion: mooring/v1
        kind: LoadBalancer
        metadata:
          name: front
        spec:
          scheme: internet-facing
          subnets: [%s, %s]
          securityGroups: [%s]
          targetGroups:
            - {name: web, port: 8000, protocol: HTTP, targetType: ip}
          listeners:
            - {name: http, port: 80, protocol: HTTP, forwardTo: web}
        """
            .formatted(network.subnetA(), network.subnetB(), network.securityGroup()));
    stack.write(
        "www.yaml",
        www(
            "  name: www.example.com\n"
                + "  type: A\n"
                + "  alias: {loadBalancer: front, evaluateTargetHealth: true}\n"));

    assertThat(stack.plan().plan().changes())
        .filteredOn(c -> c.id().equals(WWW))
        .flatExtracting(ResourceChange::fields)
        .filteredOn(f -> f.path().equals("alias.dnsName"))
        .extracting(FieldChange::desired)
        .containsExactly("(LoadBalancer/front)");
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    var balancer = loadBalancer("front");
    ResourceRecordSet record = get("www.example.com", "A");
    assertThat(record.aliasTarget().dnsName()).isEqualTo("dualstack." + balancer.dnsName());
    assertThat(record.aliasTarget().hostedZoneId()).isEqualTo(balancer.canonicalHostedZoneId());
    assertThat(record.aliasTarget().evaluateTargetHealth()).isTrue();
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  private static software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer
      loadBalancer(String name) {
    try (var elb =
        software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client
            .create()) {
      return elb.describeLoadBalancers(r -> r.names(name)).loadBalancers().get(0);
    }
  }
}
