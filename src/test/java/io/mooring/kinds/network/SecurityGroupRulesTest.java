package io.mooring.kinds.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ec2.model.IpPermission;

/** The normal form of rules read from EC2, and the writes that bring a group to its rules. */
class SecurityGroupRulesTest {
  private static final String API = "sg-0123456789abcdef0";

  private static Rule tcp(int from, int to, String cidr, String description) {
    return new Rule("tcp", from, to, new Rule.Peer(Rule.PeerType.CIDR, cidr), description);
  }

  private static Rule fromGroup(int port, String group) {
    return new Rule("tcp", port, port, new Rule.Peer(Rule.PeerType.GROUP_ID, group), null);
  }

  @ParameterizedTest
  @CsvSource({
    "-1, all",
    "all, all",
    "ALL, all",
    "6, tcp",
    "tcp, tcp",
    "TCP, tcp",
    "17, udp",
    "1, icmp",
    "58, icmpv6",
    "icmpv6, icmpv6",
    "50, 50",
    "050, 50",
    "0, 0",
    "255, 255"
  })
  void protocolIsNormalized(String text, String expected) {
    assertThat(Rule.normalizeProtocol(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"256", "-2", "esp", "''"})
  void unknownProtocolGivesNull(String text) {
    assertThat(Rule.normalizeProtocol(text)).isNull();
  }

  @Test
  void allTrafficPermissionHasNoPorts() {
    IpPermission permission =
        IpPermission.builder()
            .ipProtocol("-1")
            .fromPort(-1)
            .toPort(-1)
            .ipRanges(r -> r.cidrIp("0.0.0.0/0"))
            .build();

    List<Rule> rules = SecurityGroupRules.fromPermissions(List.of(permission));

    assertThat(rules).containsExactly(Rule.ALL_OUTBOUND);
    assertThat(rules.get(0).text("to")).isEqualTo("all to 0.0.0.0/0");
  }

  @Test
  void protocolNumberSixReadsAsTcp() {
    IpPermission permission =
        IpPermission.builder()
            .ipProtocol("6")
            .fromPort(443)
            .toPort(443)
            .ipRanges(r -> r.cidrIp("10.0.0.0/16"))
            .build();

    assertThat(SecurityGroupRules.fromPermissions(List.of(permission)))
        .containsExactly(tcp(443, 443, "10.0.0.0/16", null));
  }

  @Test
  void icmpForEveryTypeHasNoPorts() {
    IpPermission permission =
        IpPermission.builder()
            .ipProtocol("icmp")
            .fromPort(-1)
            .toPort(-1)
            .ipRanges(r -> r.cidrIp("10.0.0.0/8"))
            .build();

    Rule rule = SecurityGroupRules.fromPermissions(List.of(permission)).get(0);

    assertThat(rule.fromPort()).isNull();
    assertThat(rule.text("from")).isEqualTo("icmp from 10.0.0.0/8");
  }

  @Test
  void icmpWithOneTypeShowsTypeAndCode() {
    IpPermission permission =
        IpPermission.builder()
            .ipProtocol("1")
            .fromPort(8)
            .toPort(-1)
            .ipRanges(r -> r.cidrIp("10.0.0.0/8"))
            .build();

    assertThat(SecurityGroupRules.fromPermissions(List.of(permission)).get(0).text("from"))
        .isEqualTo("icmp type 8 from 10.0.0.0/8");
  }

  @Test
  void permissionWithSeveralPeersGivesOneRuleEach() {
    IpPermission permission =
        IpPermission.builder()
            .ipProtocol("tcp")
            .fromPort(8000)
            .toPort(8010)
            .ipRanges(r -> r.cidrIp("10.0.0.0/16").description("vpc"))
            .ipv6Ranges(r -> r.cidrIpv6("2001:DB8:0::/32"))
            .prefixListIds(p -> p.prefixListId("pl-0a1b2c3d"))
            .userIdGroupPairs(p -> p.groupId(API).userId("123456789012"))
            .build();

    List<String> texts =
        SecurityGroupRules.fromPermissions(List.of(permission)).stream()
            .map(rule -> rule.text("from"))
            .toList();

    assertThat(texts)
        .containsExactly(
            "tcp 8000-8010 from 10.0.0.0/16 \"vpc\"",
            "tcp 8000-8010 from 2001:db8::/32",
            "tcp 8000-8010 from pl-0a1b2c3d",
            "tcp 8000-8010 from " + API);
  }

  @Test
  void emptyDescriptionEqualsNone() {
    assertThat(tcp(22, 22, "10.0.0.0/8", "")).isEqualTo(tcp(22, 22, "10.0.0.0/8", null));
  }

  @Test
  void differenceAuthorizesRevokesAndRedescribes() {
    List<Rule> desired =
        List.of(
            tcp(443, 443, "10.0.0.0/16", "HTTPS"),
            tcp(80, 80, "10.0.0.0/16", "new words"),
            fromGroup(8000, API));
    List<Rule> live =
        List.of(
            tcp(80, 80, "10.0.0.0/16", "old words"),
            tcp(22, 22, "0.0.0.0/0", null),
            fromGroup(8000, API));

    SecurityGroupRules.Changes changes = SecurityGroupRules.difference(desired, live);

    assertThat(changes.authorized()).containsExactly(tcp(443, 443, "10.0.0.0/16", "HTTPS"));
    assertThat(changes.revoked()).containsExactly(tcp(22, 22, "0.0.0.0/0", null));
    assertThat(changes.described()).containsExactly(tcp(80, 80, "10.0.0.0/16", "new words"));
  }

  @Test
  void sameRulesInAnotherOrderNeedNoWrite() {
    List<Rule> rules = List.of(tcp(443, 443, "10.0.0.0/16", null), fromGroup(5432, API));

    assertThat(SecurityGroupRules.difference(rules, rules.reversed()).isEmpty()).isTrue();
  }

  @Test
  void ruleNamingGroupWithoutIdIsLeftForLater() {
    Rule unresolved =
        new Rule(
            "tcp",
            5432,
            5432,
            new Rule.Peer(Rule.PeerType.GROUP_ID, "(SecurityGroup/orders-api)"),
            null);

    SecurityGroupRules.Changes changes =
        SecurityGroupRules.difference(List.of(unresolved), List.of());

    assertThat(unresolved.isResolved()).isFalse();
    assertThat(changes.isEmpty()).isTrue();
  }

  @Test
  void documentNameResolvesToRecordedId() {
    Rule named =
        new Rule("tcp", 5432, 5432, new Rule.Peer(Rule.PeerType.GROUP_NAME, "orders-api"), null);

    Rule resolved =
        named.resolve(
            id -> id.toString().equals("SecurityGroup/orders-api") ? API : "(" + id + ")");

    assertThat(resolved.peer()).isEqualTo(new Rule.Peer(Rule.PeerType.GROUP_ID, API));
    assertThat(resolved.isResolved()).isTrue();
  }

  @Test
  void permissionsCarryProtocolPortsAndPeer() {
    IpPermission all = SecurityGroupRules.toPermission(Rule.ALL_OUTBOUND);
    IpPermission ipv6 =
        SecurityGroupRules.toPermission(
            new Rule("udp", 53, 53, new Rule.Peer(Rule.PeerType.CIDR, "2001:db8::/32"), "dns"));
    IpPermission icmp =
        SecurityGroupRules.toPermission(
            new Rule("icmp", null, null, new Rule.Peer(Rule.PeerType.CIDR, "10.0.0.0/8"), null));

    assertThat(all.ipProtocol()).isEqualTo("-1");
    assertThat(all.fromPort()).isNull();
    assertThat(all.ipRanges().get(0).cidrIp()).isEqualTo("0.0.0.0/0");
    assertThat(ipv6.ipv6Ranges().get(0).cidrIpv6()).isEqualTo("2001:db8::/32");
    assertThat(ipv6.ipv6Ranges().get(0).description()).isEqualTo("dns");
    assertThat(ipv6.fromPort()).isEqualTo(53);
    assertThat(icmp.fromPort()).isEqualTo(-1);
    assertThat(icmp.toPort()).isEqualTo(-1);
  }
}
