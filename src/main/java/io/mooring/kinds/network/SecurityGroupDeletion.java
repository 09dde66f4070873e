package io.mooring.kinds.network;

import io.mooring.engine.OwnershipTags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * Deletes security groups. EC2 refuses to delete a group that a network interface uses or that
 * another group's rule names. The first is checked up front for a clear error. For the second, the
 * rules of the groups that {@code mayRevokeFrom} allows are revoked first, so that two groups that
 * refer to each other can both go in one loop; other groups' rules make EC2's deletion fail, and
 * the engine retries it.
 */
final class SecurityGroupDeletion {
  private SecurityGroupDeletion() {}

  static void delete(Ec2Client ec2, String groupId, Predicate<SecurityGroup> mayRevokeFrom) {
    checkUnused(ec2, groupId);
    revokeReferences(ec2, groupId, mayRevokeFrom);
    ec2.deleteSecurityGroup(r -> r.groupId(groupId));
  }

  /**
   * Throws when network interfaces use the group. Revoking other groups' references to a group in
   * use would cut its traffic, and the deletion would fail anyway.
   */
  static void checkUnused(Ec2Client ec2, String groupId) {
    List<String> interfaces =
        ec2
            .describeNetworkInterfaces(r -> r.filters(filter("group-id", groupId)))
            .networkInterfaces()
            .stream()
            .map(NetworkInterface::networkInterfaceId)
            .toList();
    if (!interfaces.isEmpty()) {
      throw new IllegalStateException(
          "security group "
              + groupId
              + " is still used by network interfaces "
              + String.join(", ", interfaces.subList(0, Math.min(5, interfaces.size())))
              + (interfaces.size() > 5 ? " and " + (interfaces.size() - 5) + " more" : "")
              + "; move the services and load balancers that own them to another group first");
    }
  }

  /**
   * Revokes the rules of other groups that name {@code groupId}, where {@code mayRevokeFrom}
   * allows.
   */
  static void revokeReferences(
      Ec2Client ec2, String groupId, Predicate<SecurityGroup> mayRevokeFrom) {
    Map<String, SecurityGroup> referencing = new LinkedHashMap<>();
    for (String filter : List.of("ip-permission.group-id", "egress.ip-permission.group-id")) {
      ec2.describeSecurityGroupsPaginator(r -> r.filters(filter(filter, groupId)))
          .securityGroups()
          .forEach(group -> referencing.putIfAbsent(group.groupId(), group));
    }
    for (SecurityGroup group : referencing.values()) {
      if (group.groupId().equals(groupId) || !mayRevokeFrom.test(group)) {
        continue;
      }
      List<Rule> ingress =
          naming(SecurityGroupRules.fromPermissions(group.ipPermissions()), groupId);
      List<Rule> egress =
          naming(SecurityGroupRules.fromPermissions(group.ipPermissionsEgress()), groupId);
      if (!ingress.isEmpty()) {
        ec2.revokeSecurityGroupIngress(
            r ->
                r.groupId(group.groupId())
                    .ipPermissions(
                        ingress.stream().map(SecurityGroupRules::toPermission).toList()));
      }
      if (!egress.isEmpty()) {
        ec2.revokeSecurityGroupEgress(
            r ->
                r.groupId(group.groupId())
                    .ipPermissions(egress.stream().map(SecurityGroupRules::toPermission).toList()));
      }
    }
  }

  private static List<Rule> naming(List<Rule> rules, String groupId) {
    return rules.stream()
        .filter(
            rule ->
                rule.peer().type() == Rule.PeerType.GROUP_ID && rule.peer().value().equals(groupId))
        .toList();
  }

  /** Returns a predicate for groups that mooring owns in {@code stack}, whatever their document. */
  static Predicate<SecurityGroup> ownedInStack(String stack) {
    return group -> {
      Map<String, String> tags = SecurityGroupKind.tagMap(group.tags());
      return OwnershipTags.documentOf(tags) != null
          && stack.equals(tags.getOrDefault(OwnershipTags.STACK, "default"));
    };
  }

  static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }
}
