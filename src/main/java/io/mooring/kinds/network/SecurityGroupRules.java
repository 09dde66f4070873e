package io.mooring.kinds.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.PrefixListId;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * Converts between {@link Rule}s and EC2's IP permissions, and brings a group's rules to a desired
 * set by authorizing and revoking only the rules that differ.
 */
final class SecurityGroupRules {
  private SecurityGroupRules() {}

  /**
   * Returns the rules of IP permissions as DescribeSecurityGroups reports them. One permission may
   * list several peers, and each peer becomes a rule of its own.
   */
  static List<Rule> fromPermissions(List<IpPermission> permissions) {
    List<Rule> rules = new ArrayList<>();
    for (IpPermission permission : permissions) {
      String protocol = Rule.normalizeProtocol(permission.ipProtocol());
      if (protocol == null) {
        protocol = permission.ipProtocol();
      }
      Integer from = livePort(protocol, permission.fromPort());
      Integer to = livePort(protocol, permission.toPort());
      for (IpRange range : permission.ipRanges()) {
        rules.add(
            rule(
                protocol,
                from,
                to,
                Rule.PeerType.CIDR,
                Cidrs.normalize(range.cidrIp()),
                range.description()));
      }
      for (Ipv6Range range : permission.ipv6Ranges()) {
        rules.add(
            rule(
                protocol,
                from,
                to,
                Rule.PeerType.CIDR,
                Cidrs.normalize(range.cidrIpv6()),
                range.description()));
      }
      for (PrefixListId prefixList : permission.prefixListIds()) {
        rules.add(
            rule(
                protocol,
                from,
                to,
                Rule.PeerType.PREFIX_LIST,
                prefixList.prefixListId(),
                prefixList.description()));
      }
      for (UserIdGroupPair pair : permission.userIdGroupPairs()) {
        rules.add(
            rule(protocol, from, to, Rule.PeerType.GROUP_ID, pair.groupId(), pair.description()));
      }
    }
    return rules;
  }

  /**
   * Returns a port in a rule's normal form. Ports count only for tcp and udp, and ICMP types and
   * codes only for icmp and icmpv6. AWS reports "every" as -1 or leaves the port out, and a rule
   * stores it as null.
   */
  static Integer livePort(String protocol, Integer port) {
    if (Rule.hasPorts(protocol)) {
      return port;
    }
    if (Rule.isIcmp(protocol) && port != null && port != -1) {
      return port;
    }
    return null;
  }

  private static Rule rule(
      String protocol,
      Integer from,
      Integer to,
      Rule.PeerType type,
      String peer,
      String description) {
    return new Rule(protocol, from, to, new Rule.Peer(type, peer), description);
  }

  /** Returns the IP permission that authorizes or revokes one resolved rule. */
  static IpPermission toPermission(Rule rule) {
    IpPermission.Builder permission = IpPermission.builder().ipProtocol(rule.awsProtocol());
    if (Rule.hasPorts(rule.protocol())) {
      permission.fromPort(rule.fromPort()).toPort(rule.toPort());
    } else if (Rule.isIcmp(rule.protocol())) {
      permission
          .fromPort(rule.fromPort() == null ? -1 : rule.fromPort())
          .toPort(rule.toPort() == null ? -1 : rule.toPort());
    }
    String peer = rule.peer().value();
    String description = rule.description();
    switch (rule.peer().type()) {
      case CIDR -> {
        if (peer.contains(":")) {
          permission.ipv6Ranges(
              Ipv6Range.builder().cidrIpv6(peer).description(description).build());
        } else {
          permission.ipRanges(IpRange.builder().cidrIp(peer).description(description).build());
        }
      }
      case PREFIX_LIST ->
          permission.prefixListIds(
              PrefixListId.builder().prefixListId(peer).description(description).build());
      case GROUP_ID ->
          permission.userIdGroupPairs(
              UserIdGroupPair.builder().groupId(peer).description(description).build());
      case GROUP_NAME -> throw new IllegalArgumentException("unresolved security group " + peer);
    }
    return permission.build();
  }

  /** The rules that one sync authorized, revoked and gave new descriptions. */
  record Changes(List<Rule> authorized, List<Rule> revoked, List<Rule> described) {
    boolean isEmpty() {
      return authorized.isEmpty() && revoked.isEmpty() && described.isEmpty();
    }
  }

  /**
   * Computes the writes that bring {@code live} to {@code desired}. Desired rules whose group does
   * not exist yet are left out; the next pass adds them once the group has an id.
   */
  static Changes difference(List<Rule> desired, List<Rule> live) {
    Map<String, Rule> wanted = byKey(desired.stream().filter(Rule::isResolved).toList());
    Map<String, Rule> present = byKey(live);
    List<Rule> authorize = new ArrayList<>();
    List<Rule> describe = new ArrayList<>();
    wanted.forEach(
        (key, rule) -> {
          Rule existing = present.get(key);
          if (existing == null) {
            authorize.add(rule);
          } else if (!java.util.Objects.equals(existing.description(), rule.description())) {
            describe.add(rule);
          }
        });
    List<Rule> revoke =
        present.entrySet().stream()
            .filter(e -> !wanted.containsKey(e.getKey()))
            .map(Map.Entry::getValue)
            .toList();
    return new Changes(authorize, revoke, describe);
  }

  private static Map<String, Rule> byKey(List<Rule> rules) {
    Map<String, Rule> map = new LinkedHashMap<>();
    rules.forEach(rule -> map.putIfAbsent(rule.key(), rule));
    return map;
  }

  /**
   * Authorizes the missing rules, updates changed descriptions and then revokes the extra rules,
   * each in one call. Authorizing first means that a rule being replaced by a wider one never
   * leaves a gap.
   */
  static Changes sync(
      Ec2Client ec2, String groupId, boolean egress, List<Rule> desired, List<Rule> live) {
    Changes changes = difference(desired, live);
    List<IpPermission> authorize =
        changes.authorized().stream().map(SecurityGroupRules::toPermission).toList();
    List<IpPermission> describe =
        changes.described().stream().map(SecurityGroupRules::toPermission).toList();
    List<IpPermission> revoke =
        changes.revoked().stream().map(SecurityGroupRules::toPermission).toList();
    if (!authorize.isEmpty()) {
      if (egress) {
        ec2.authorizeSecurityGroupEgress(r -> r.groupId(groupId).ipPermissions(authorize));
      } else {
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(authorize));
      }
    }
    if (!describe.isEmpty()) {
      if (egress) {
        ec2.updateSecurityGroupRuleDescriptionsEgress(
            r -> r.groupId(groupId).ipPermissions(describe));
      } else {
        ec2.updateSecurityGroupRuleDescriptionsIngress(
            r -> r.groupId(groupId).ipPermissions(describe));
      }
    }
    if (!revoke.isEmpty()) {
      if (egress) {
        ec2.revokeSecurityGroupEgress(r -> r.groupId(groupId).ipPermissions(revoke));
      } else {
        ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(revoke));
      }
    }
    return changes;
  }
}
