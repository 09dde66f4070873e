package io.mooring.kinds.elb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mooring.api.Problems;
import io.mooring.api.Reference;
import io.mooring.api.SpecReader;
import io.mooring.load.StateDirectory;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Validation and defaults of a LoadBalancer's spec, through the real loader. Documents start from
 * {@link #EDGE}, whose line 6 is {@code scheme}, line 9 the first target group, line 11 the
 * listener, and whose appended lines start on line 12.
 */
class LoadBalancerParserTest {
  static final String EDGE =
      """
      apiVersion: mooring/v1
      kind: LoadBalancer
      metadata:
        name: edge
      spec:
        scheme: internal
        subnets: [subnet-0a1b2c3d, subnet-4e5f6a7b]
        securityGroups: [sg-0123456789abcdef0]
        targetGroups:
          - {name: orders-api, port: 8000}
        listeners:
          - {name: http, port: 80, forwardTo: orders-api}
      """;

  @TempDir Path root;

  private StateDirectory dir;

  @BeforeEach
  void createDirectory() {
    dir = new StateDirectory(root);
  }

  private List<String> problemsOf(String document) {
    return dir.write("edge.yaml", document).problems();
  }

  private LoadBalancerSpec specOf(String document) {
    return dir.write("edge.yaml", document)
        .load()
        .ofKind("LoadBalancer", LoadBalancerSpec.class)
        .get(0)
        .spec();
  }

  @Test
  void minimalLoadBalancerGetsAwsDefaults() {
    LoadBalancerSpec spec = specOf(EDGE);

    assertThat(spec.idleTimeout()).isEqualTo(60);
    assertThat(spec.deletionProtection()).isFalse();
    assertThat(spec.accessLogs()).isNull();
    assertThat(spec.targetGroups())
        .containsExactly(
            new LoadBalancerSpec.TargetGroup(
                "orders-api",
                8000,
                "HTTP",
                "ip",
                new LoadBalancerSpec.HealthCheck("/", "HTTP", "traffic-port", 30, 5, 5, 2, "200"),
                300));
    assertThat(spec.listeners())
        .containsExactly(
            new LoadBalancerSpec.Listener("http", 80, "HTTP", "orders-api", null, null));
  }

  @Test
  void healthCheckOfHttpsGroupDefaultsToHttps() {
    LoadBalancerSpec spec =
        specOf(
            EDGE.replace(
                "{name: orders-api, port: 8000}",
                "{name: orders-api, port: 8443, protocol: HTTPS}"));

    assertThat(spec.targetGroups().get(0).healthCheck().protocol()).isEqualTo("HTTPS");
  }

  @Test
  void unquotedMatcherAndPortAreRead() {
    String document =
        EDGE.replace(
            "{name: orders-api, port: 8000}",
            "{name: orders-api, port: 8000, healthCheck: {matcher: 204, port: 8081}}");

    LoadBalancerSpec.HealthCheck check = specOf(document).targetGroups().get(0).healthCheck();

    assertThat(check.matcher()).isEqualTo("204");
    assertThat(check.port()).isEqualTo("8081");
  }

  @Test
  void httpsListenerGetsRecommendedPolicy() {
    String document =
        EDGE
            + "    - {name: https, port: 443, protocol: HTTPS, forwardTo: orders-api,"
            + " certificateArn:"
            + " arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-0a1b2c3d4e5f}\n";

    LoadBalancerSpec.Listener https = specOf(document).listeners().get(1);

    assertThat(https.sslPolicy()).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
    assertThat(https.certificateArn()).startsWith("arn:aws:acm:");
  }

  @Test
  void subnetsDefaultToSetOfScheme() {
    String internal = EDGE.replace("  subnets: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n", "");
    String internetFacing = internal.replace("scheme: internal", "scheme: internet-facing");
    String environment =
        """
        apiVersion: mooring/v1
        kind: Environment
        metadata:
          name: prod
        spec:
          subnets:
            private: [subnet-0a1b2c3d, subnet-4e5f6a7b]
            public: [subnet-8c9d0e1f, subnet-2a3b4c5d]
        """;
    dir.write("environment.yaml", environment);

    assertThat(specOf(internal).subnets()).containsExactly("private");
    assertThat(specOf(internetFacing).subnets()).containsExactly("public");
  }

  @Test
  void securityGroupNamesBecomeReferences() {
    String spec =
        """
        scheme: internal
        subnets: [subnet-0a1b2c3d, subnet-4e5f6a7b]
        securityGroups: [edge, sg-0123456789abcdef0]
        """;
    Problems problems = new Problems();
    Node node = new Yaml().compose(new StringReader(spec));

    LoadBalancerSpec parsed =
        LoadBalancerParser.parse(new SpecReader(Path.of("edge.yaml"), "spec", node, problems));

    assertThat(problems.isEmpty()).isTrue();
    assertThat(parsed.groupReferences())
        .extracting(Reference::kind, Reference::name, Reference::field)
        .containsExactly(tuple("SecurityGroup", "edge", "spec.securityGroups"));
    assertThat(new LoadBalancerKind().references(parsed)).isEqualTo(parsed.groupReferences());
  }

  @Test
  void missingSecurityGroupDocumentIsReported() {
    assertThat(problemsOf(EDGE.replace("[sg-0123456789abcdef0]", "[front]")))
        .containsExactly(
            "edge.yaml:8:19: spec.securityGroups: no SecurityGroup document is named \"front\"");
  }

  @Test
  void unknownForwardToIsReported() {
    assertThat(problemsOf(EDGE.replace("forwardTo: orders-api}", "forwardTo: orders}")))
        .containsExactly(
            "edge.yaml:12:41: spec.listeners[0].forwardTo: no target group \"orders\" in this"
                + " document; its target groups: orders-api");
  }

  @Test
  void unknownListenerFieldIsReported() {
    assertThat(
            problemsOf(EDGE.replace("forwardTo: orders-api}", "forwardTo: orders-api, rules: []}")))
        .containsExactly("edge.yaml:12:53: spec.listeners[0].rules: unknown field");
  }

  @Test
  void longNameIsReportedAtMetadata() {
    String document = EDGE.replace("name: edge", "name: edge-load-balancer-of-the-orders-api");

    assertThat(problemsOf(document))
        .containsExactly(
            "edge.yaml:4:9: metadata.name: invalid load balancer name"
                + " \"edge-load-balancer-of-the-orders-api\": AWS accepts at most 32 letters,"
                + " digits and hyphens, not starting with internal-");
  }

  @Test
  void internalPrefixIsReported() {
    assertThat(problemsOf(EDGE.replace("name: edge", "name: internal-edge")))
        .singleElement()
        .asString()
        .contains("metadata.name: invalid load balancer name \"internal-edge\"");
  }

  @Test
  void missingSubnetSetIsReported() {
    assertThat(problemsOf(EDGE.replace("[subnet-0a1b2c3d, subnet-4e5f6a7b]", "private")))
        .containsExactly(
            "edge.yaml:7:12: spec.subnets: no subnet set \"private\" in the Environment; list"
                + " subnet ids or define the set");
  }

  static Stream<Arguments> invalidFields() {
    return Stream.of(
        Arguments.of(
            "missing scheme",
            EDGE.replace("  scheme: internal\n", ""),
            "edge.yaml:6:3: spec.scheme: required field is missing; use internal or"
                + " internet-facing"),
        Arguments.of(
            "unknown scheme",
            EDGE.replace("scheme: internal", "scheme: private"),
            "edge.yaml:6:11: spec.scheme: invalid value \"private\": must be one of internal,"
                + " internet-facing"),
        Arguments.of(
            "one subnet",
            EDGE.replace("[subnet-0a1b2c3d, subnet-4e5f6a7b]", "[subnet-0a1b2c3d]"),
            "edge.yaml:7:12: spec.subnets: an application load balancer needs subnets in at least"
                + " two Availability Zones; list two or more"),
        Arguments.of(
            "invalid subnet id",
            EDGE.replace("subnet-4e5f6a7b", "net-1"),
            "edge.yaml:7:12: spec.subnets: invalid value \"net-1\": expected a subnet id such as"
                + " subnet-0a1b2c3d, or a subnet set of the Environment"),
        Arguments.of(
            "no security group",
            EDGE.replace("  securityGroups: [sg-0123456789abcdef0]\n", ""),
            "edge.yaml:6:3: spec.securityGroups: required field is missing; list at least one"
                + " security group, or AWS attaches the VPC's default group"),
        Arguments.of(
            "invalid security group id",
            EDGE.replace("sg-0123456789abcdef0", "sg-XYZ"),
            "edge.yaml:8:19: spec.securityGroups: invalid value \"sg-XYZ\": expected a security"
                + " group id such as sg-0a1b2c3d"),
        Arguments.of(
            "duplicate target group",
            EDGE.replace(
                "    - {name: orders-api, port: 8000}\n",
                "    - {name: orders-api, port: 8000}\n    - {name: orders-api, port: 9000}\n"),
            "edge.yaml:11:14: spec.targetGroups[1].name: duplicate target group name"
                + " \"orders-api\""),
        Arguments.of(
            "target group without port",
            EDGE.replace("{name: orders-api, port: 8000}", "{name: orders-api}"),
            "edge.yaml:10:7: spec.targetGroups[0].port: required field is missing"),
        Arguments.of(
            "invalid target group name",
            EDGE.replace("{name: orders-api, port: 8000}", "{name: Orders_API, port: 8000}")
                .replace("forwardTo: orders-api", "forwardTo: Orders_API"),
            "edge.yaml:10:14: spec.targetGroups[0].name: invalid target group name \"Orders_API\":"
                + " use at most 32 lowercase letters, digits and hyphens, starting and ending with"
                + " a letter or digit"),
        Arguments.of(
            "lambda target type",
            EDGE.replace("port: 8000}", "port: 8000, targetType: lambda}"),
            "edge.yaml:10:50: spec.targetGroups[0].targetType: invalid value \"lambda\": must be"
                + " one of ip, instance"),
        Arguments.of(
            "timeout not below interval",
            EDGE.replace("port: 8000}", "port: 8000, healthCheck: {interval: 10, timeout: 10}}"),
            "edge.yaml:10:75: spec.targetGroups[0].healthCheck.timeout: invalid value 10: must be"
                + " less than the interval (10)"),
        Arguments.of(
            "matcher out of range",
            EDGE.replace("port: 8000}", "port: 8000, healthCheck: {matcher: \"200-599\"}}"),
            "edge.yaml:10:61: spec.targetGroups[0].healthCheck.matcher: invalid value \"200-599\":"
                + " expected HTTP codes from 200 to 499 such as 200, 200,204 or 200-299"),
        Arguments.of(
            "health check path without slash",
            EDGE.replace("port: 8000}", "port: 8000, healthCheck: {path: health}}"),
            "edge.yaml:10:58: spec.targetGroups[0].healthCheck.path: invalid value \"health\":"
                + " expected a path starting with / and without spaces"),
        Arguments.of(
            "deregistration delay above an hour",
            EDGE.replace("port: 8000}", "port: 8000, deregistrationDelay: 4000}"),
            "edge.yaml:10:59: spec.targetGroups[0].deregistrationDelay: invalid value 4000: must be"
                + " between 0 and 3600"),
        Arguments.of(
            "duplicate listener port",
            EDGE + "    - {name: other, port: 80, forwardTo: orders-api}\n",
            "edge.yaml:13:27: spec.listeners[1].port: another listener already uses port 80"),
        Arguments.of(
            "https listener without certificate",
            EDGE + "    - {name: https, port: 443, protocol: HTTPS, forwardTo: orders-api}\n",
            "edge.yaml:13:7: spec.listeners[1].certificateArn: required field is missing; an HTTPS"
                + " listener needs a certificate"),
        Arguments.of(
            "http listener with certificate",
            EDGE.replace(
                "forwardTo: orders-api}",
                "forwardTo: orders-api, certificateArn:"
                    + " arn:aws:iam::123456789012:server-certificate/edge}"),
            "edge.yaml:12:69: spec.listeners[0].certificateArn: only HTTPS listeners take"
                + " certificateArn; set protocol: HTTPS or remove it"),
        Arguments.of(
            "certificate that is no ARN",
            EDGE
                + "    - {name: https, port: 443, protocol: HTTPS, forwardTo: orders-api,"
                + " certificateArn: edge-cert}\n",
            "edge.yaml:13:88: spec.listeners[1].certificateArn: invalid value \"edge-cert\":"
                + " expected an ACM certificate ARN or an IAM server certificate ARN"),
        Arguments.of(
            "idle timeout of zero",
            EDGE + "  idleTimeout: 0\n",
            "edge.yaml:13:16: spec.idleTimeout: invalid value 0: must be between 1 and 4000"),
        Arguments.of(
            "access logs without bucket",
            EDGE + "  accessLogs: {prefix: edge}\n",
            "edge.yaml:13:15: spec.accessLogs.bucket: required field is missing"),
        Arguments.of(
            "access log prefix with AWSLogs",
            EDGE + "  accessLogs: {bucket: orders-alb-logs, prefix: AWSLogs/edge}\n",
            "edge.yaml:13:49: spec.accessLogs.prefix: invalid value \"AWSLogs/edge\": the prefix"
                + " must not end with / or contain AWSLogs, which AWS adds itself"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFields")
  void invalidFieldIsReported(String name, String document, String problem) {
    assertThat(problemsOf(document)).containsExactly(problem);
  }
}
