package io.mooring.kinds.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredState;
import io.mooring.load.StateDirectory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and validation of SecurityGroup documents through the real loader. */
class SecurityGroupParserTest {
  @TempDir Path root;

  private StateDirectory dir;

  @BeforeEach
  void createDirectory() {
    dir = new StateDirectory(root);
  }

  /** Returns a SecurityGroup document in vpc-0a1b2c3d whose further spec lines start on line 8. */
  private static String group(String name, String spec) {
    return """
    apiVersion: mooring/v1
    kind: SecurityGroup
    metadata:
      name: %s
    spec:
      description: Test group
      vpc: vpc-0a1b2c3d
    """
            .formatted(name)
        + spec;
  }

  private SecurityGroupSpec specOf(String spec) {
    return dir.write("groups.yaml", group("db", spec))
        .load()
        .ofKind("SecurityGroup", SecurityGroupSpec.class)
        .get(0)
        .spec();
  }

  private List<String> problemsOf(String spec) {
    return dir.write("groups.yaml", group("db", spec)).problems();
  }

  private static List<String> texts(List<Rule> rules, String direction) {
    return rules.stream().map(rule -> rule.text(direction)).toList();
  }

  @Test
  void rulesOfEveryPeerAreRead() {
    SecurityGroupSpec spec =
        specOf(
            """
              ingress:
                - {port: 5432, from: {securityGroup: sg-0123456789abcdef0}}
                - {port: 443, protocol: tcp, from: {cidr: 10.0.0.0/16}, description: HTTPS from the VPC}
                - {ports: 8000-8010, from: {prefixList: pl-0a1b2c3d}}
                - {protocol: -1, from: {cidr: "2001:DB8::/32"}}
                - {protocol: 17, ports: 53, from: {cidr: 10.0.0.2/32}}
                - {protocol: icmp, from: {cidr: 10.0.0.0/8}}
            """);

    assertThat(texts(spec.ingress(), "from"))
        .containsExactly(
            "tcp 5432 from sg-0123456789abcdef0",
            "tcp 443 from 10.0.0.0/16 \"HTTPS from the VPC\"",
            "tcp 8000-8010 from pl-0a1b2c3d",
            "all from 2001:db8::/32",
            "udp 53 from 10.0.0.2/32",
            "icmp from 10.0.0.0/8");
  }

  @Test
  void leftOutEgressIsAwsDefault() {
    SecurityGroupSpec spec = specOf("  ingress: []\n");

    assertThat(spec.egress()).isNull();
    assertThat(texts(spec.egressOrDefault(), "to")).containsExactly("all to 0.0.0.0/0");
  }

  @Test
  void emptyEgressAllowsNothingOut() {
    SecurityGroupSpec spec = specOf("  egress: []\n");

    assertThat(spec.egressOrDefault()).isEmpty();
  }

  @Test
  void egressUsesTo() {
    SecurityGroupSpec spec = specOf("  egress:\n    - {port: 443, to: {cidr: 0.0.0.0/0}}\n");

    assertThat(texts(spec.egress(), "to")).containsExactly("tcp 443 to 0.0.0.0/0");
  }

  @Test
  void groupsMayNameThemselvesAndEachOther() {
    dir.write(
        "groups.yaml",
        group(
                "a",
                "  ingress:\n"
                    + "    - {port: 1, from: {securityGroup: a}}\n"
                    + "    - {port: 2, from: {securityGroup: b}}\n")
            + "---\n"
            + group("b", "  ingress:\n    - {port: 3, from: {securityGroup: a}}\n"));

    DesiredState state = dir.load();

    assertThat(state.ofKind("SecurityGroup", SecurityGroupSpec.class)).hasSize(2);
  }

  @Test
  void vpcComesFromEnvironment() {
    dir.write(
        "environment.yaml",
        """
        apiVersion: mooring/v1
        kind: Environment
        metadata:
          name: prod
        spec:
          vpc: vpc-0f0e0d0c
        """);
    dir.write(
        "groups.yaml",
        """
        apiVersion: mooring/v1
        kind: SecurityGroup
        metadata:
          name: db
        spec:
          description: Test group
        """);

    DesiredState state = dir.load();

    var resource = state.ofKind("SecurityGroup", SecurityGroupSpec.class).get(0);
    assertThat(SecurityGroupKind.vpcOf(resource, state)).isEqualTo("vpc-0f0e0d0c");
  }

  @Test
  void missingVpcIsReported() {
    dir.write(
        "groups.yaml",
        """
        apiVersion: mooring/v1
        kind: SecurityGroup
        metadata:
          name: db
        spec:
          description: Test group
        """);

    assertThat(dir.problems())
        .containsExactly(
            "groups.yaml:6:3: spec.vpc: required field is missing; set vpc here or in the"
                + " Environment");
  }

  @Test
  void missingDescriptionIsReported() {
    dir.write(
        "groups.yaml",
        """
        apiVersion: mooring/v1
        kind: SecurityGroup
        metadata:
          name: db
        spec:
          vpc: vpc-0a1b2c3d
        """);

    assertThat(dir.problems())
        .containsExactly(
            "groups.yaml:6:3: spec.description: required field is missing; AWS needs a description"
                + " and cannot change it later");
  }

  @Test
  void unknownGroupNameIsReported() {
    assertThat(problemsOf("  ingress:\n    - {port: 5432, from: {securityGroup: orders-api}}\n"))
        .containsExactly(
            "groups.yaml:9:42: spec.ingress[0].from.securityGroup: no SecurityGroup document is"
                + " named \"orders-api\"");
  }

  @Test
  void groupNameOfAnotherKindIsReported() {
    dir.write("cluster.yaml", StateDirectory.CLUSTER);

    assertThat(problemsOf("  ingress:\n    - {port: 5432, from: {securityGroup: prod}}\n"))
        .containsExactly(
            "groups.yaml:9:42: spec.ingress[0].from.securityGroup: \"prod\" is a Cluster, expected"
                + " a SecurityGroup");
  }

  @Test
  void reservedNameIsReported() {
    assertThat(dir.write("groups.yaml", group("default", "")).problems())
        .containsExactly(
            "groups.yaml:4:9: metadata.name: invalid name \"default\": EC2 reserves it for each"
                + " VPC's default group");
  }

  @Test
  void hostBitsInCidrAreReported() {
    assertThat(problemsOf("  ingress:\n    - {port: 443, from: {cidr: 10.0.3.1/16}}\n"))
        .containsExactly(
            "groups.yaml:9:32: spec.ingress[0].from.cidr: invalid CIDR block \"10.0.3.1/16\": host"
                + " bits are set; use 10.0.0.0/16");
  }

  @Test
  void portAndPortsTogetherAreReported() {
    assertThat(
            problemsOf(
                "  ingress:\n    - {port: 443, ports: 443-444, from: {cidr: 10.0.0.0/16}}\n"))
        .containsExactly("groups.yaml:9:26: spec.ingress[0].ports: set port or ports, not both");
  }

  @Test
  void tcpWithoutPortIsReported() {
    assertThat(problemsOf("  ingress:\n    - {from: {cidr: 10.0.0.0/16}}\n"))
        .containsExactly(
            "groups.yaml:9:7: spec.ingress[0].port: required field is missing; set port, or ports"
                + " such as 8000-8010 (0-65535 for every port)");
  }

  @Test
  void portWithAllTrafficIsReported() {
    assertThat(
            problemsOf("  ingress:\n    - {protocol: all, port: 80, from: {cidr: 10.0.0.0/16}}\n"))
        .containsExactly(
            "groups.yaml:9:29: spec.ingress[0].port: ports apply only to tcp and udp; protocol all"
                + " allows every port");
  }

  @Test
  void reversedPortRangeIsReported() {
    assertThat(problemsOf("  ingress:\n    - {ports: 9000-8000, from: {cidr: 10.0.0.0/16}}\n"))
        .containsExactly(
            "groups.yaml:9:15: spec.ingress[0].ports: invalid port range \"9000-8000\": ports run"
                + " from 0 to 65535 and the first must not exceed the last");
  }

  @Test
  void unknownProtocolIsReported() {
    assertThat(
            problemsOf("  ingress:\n    - {protocol: sctp, port: 9, from: {cidr: 10.0.0.0/16}}\n"))
        .containsExactly(
            "groups.yaml:9:18: spec.ingress[0].protocol: invalid protocol \"sctp\": use tcp, udp,"
                + " icmp, icmpv6, all or an IP protocol number from 0 to 255");
  }

  @Test
  void twoPeersInOneRuleAreReported() {
    assertThat(
            problemsOf(
                "  ingress:\n"
                    + "    - {port: 22, from: {cidr: 10.0.0.0/16, prefixList: pl-0a1b2c3d}}\n"))
        .containsExactly(
            "groups.yaml:9:24: spec.ingress[0].from: set exactly one of cidr, securityGroup and"
                + " prefixList; write one rule for each peer");
  }

  @Test
  void ingressWithToIsReported() {
    assertThat(problemsOf("  ingress:\n    - {port: 22, to: {cidr: 10.0.0.0/16}}\n"))
        .containsExactly(
            "groups.yaml:9:7: spec.ingress[0].from: required field is missing; set cidr,"
                + " securityGroup or prefixList",
            "groups.yaml:9:18: spec.ingress[0].to: unknown field");
  }

  @Test
  void duplicateRuleIsReported() {
    assertThat(
            problemsOf(
                "  ingress:\n"
                    + "    - {port: 22, from: {cidr: 10.0.0.0/8}}\n"
                    + "    - {port: 22, protocol: 6, from: {cidr: 10.0.0.0/8}, description:"
                    + " again}\n"))
        .containsExactly(
            "groups.yaml:10:7: spec.ingress[1]: duplicate rule: spec.ingress[0] allows the same"
                + " traffic");
  }

  @Test
  void invalidDescriptionCharacterIsReported() {
    assertThat(
            problemsOf(
                "  ingress:\n"
                    + "    - {port: 22, from: {cidr: 10.0.0.0/8}, description: \"ssh <admin>\"}\n"))
        .containsExactly(
            "groups.yaml:9:57: spec.ingress[0].description: invalid description: use at most 255"
                + " letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*");
  }
}
