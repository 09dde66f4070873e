package io.mooring.kinds.rds;

import io.mooring.api.DesiredResource;
import io.mooring.api.ResourceId;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnershipTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbSubnetGroupStateException;
import software.amazon.awssdk.services.rds.model.Subnet;

/** The DB subnet group of a Database, which has the document's name and the instance's tags. */
final class SubnetGroups {
  private static final Logger log = LoggerFactory.getLogger(SubnetGroups.class);

  private SubnetGroups() {}

  /**
   * Creates the subnet group, or takes over one of the same name that an earlier, interrupted apply
   * created. An untagged group, or one tagged for another document, is taken over only when the
   * document sets {@code metadata.adopt}.
   */
  static void ensure(
      RdsClient rds,
      DesiredResource<DatabaseSpec> desired,
      List<String> subnets,
      Map<String, String> tags) {
    String name = desired.name();
    try {
      rds.createDBSubnetGroup(
          r ->
              r.dbSubnetGroupName(name)
                  .dbSubnetGroupDescription(
                      "Subnets of the Database " + name + ", managed by mooring")
                  .subnetIds(subnets)
                  .tags(DatabaseRequests.tagList(tags)));
      return;
    } catch (DbSubnetGroupAlreadyExistsException e) {
      log.debug("DB subnet group {} exists already, so its tags decide whether to reuse it", name);
    }
    DBSubnetGroup group =
        describe(rds, name)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "DB subnet group " + name + " exists but was not found when described"));
    Map<String, String> liveTags = RdsTags.list(rds, group.dbSubnetGroupArn());
    boolean owned = OwnershipTags.classify(liveTags, desired) == LiveResource.Ownership.OWNED;
    if (!owned && !desired.adopt()) {
      throw new IllegalStateException(
          "DB subnet group "
              + name
              + " exists without mooring's ownership tags for "
              + desired.id()
              + "; delete it, or set metadata.adopt: true to take it over");
    }
    RdsTags.sync(rds, group.dbSubnetGroupArn(), tags, liveTags);
    if (!sorted(subnetIds(group)).equals(sorted(subnets))) {
      modify(rds, name, subnets);
    }
  }

  /**
   * Moves the instance's subnet group to the desired subnets. mooring changes only the group named
   * after the document, because a group of another name may serve other instances.
   */
  static void update(
      RdsClient rds,
      DesiredResource<DatabaseSpec> desired,
      DBInstance instance,
      List<String> subnets) {
    String current = groupName(instance);
    if (!desired.name().equals(current)) {
      throw new IllegalStateException(
          "the instance uses DB subnet group "
              + current
              + ", not "
              + desired.name()
              + ", and mooring changes only the group named after the document; move the instance"
              + " to that group by hand, or list the subnets of "
              + current
              + " in the document");
    }
    modify(rds, desired.name(), subnets);
  }

  /** Brings the tags of the instance's subnet group to {@code tags} when the group is ours. */
  static void syncTags(
      RdsClient rds,
      DesiredResource<DatabaseSpec> desired,
      DBInstance instance,
      Map<String, String> tags) {
    if (!desired.name().equals(groupName(instance))) {
      return;
    }
    String arn = instance.dbSubnetGroup().dbSubnetGroupArn();
    RdsTags.sync(rds, arn, tags, RdsTags.list(rds, arn));
  }

  /**
   * Deletes the subnet group named after the document when its tags assign it to the document. A
   * group that the instance still uses, while RDS deletes the instance, is left for a later loop.
   */
  static void delete(RdsClient rds, ResourceId document) {
    Optional<DBSubnetGroup> group = describe(rds, document.name());
    if (group.isEmpty() || !isOwnedBy(rds, group.get(), document)) {
      return;
    }
    try {
      rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName(document.name()));
    } catch (InvalidDbSubnetGroupStateException e) {
      log.info(
          "DB subnet group {} of {} is still in use by the instance that RDS is deleting, so a"
              + " later loop deletes it",
          document.name(),
          document);
    }
  }

  /** Removes the ownership tags of the subnet group named after the document, if it is ours. */
  static void release(RdsClient rds, ResourceId document) {
    Optional<DBSubnetGroup> group = describe(rds, document.name());
    if (group.isEmpty()) {
      return;
    }
    String arn = group.get().dbSubnetGroupArn();
    Map<String, String> tags = RdsTags.list(rds, arn);
    if (document.equals(OwnershipTags.documentOf(tags))) {
      RdsTags.removeOwnership(rds, arn, tags);
    }
  }

  private static boolean isOwnedBy(RdsClient rds, DBSubnetGroup group, ResourceId document) {
    return document.equals(OwnershipTags.documentOf(RdsTags.list(rds, group.dbSubnetGroupArn())));
  }

  static Optional<DBSubnetGroup> describe(RdsClient rds, String name) {
    try {
      return rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName(name)).dbSubnetGroups().stream()
          .findFirst();
    } catch (DbSubnetGroupNotFoundException e) {
      return Optional.empty();
    }
  }

  private static void modify(RdsClient rds, String name, List<String> subnets) {
    rds.modifyDBSubnetGroup(r -> r.dbSubnetGroupName(name).subnetIds(subnets));
  }

  private static String groupName(DBInstance instance) {
    return instance.dbSubnetGroup() == null ? null : instance.dbSubnetGroup().dbSubnetGroupName();
  }

  private static List<String> subnetIds(DBSubnetGroup group) {
    return group.subnets().stream().map(Subnet::subnetIdentifier).toList();
  }

  private static List<String> sorted(List<String> values) {
    List<String> copy = new ArrayList<>(values);
    copy.sort(null);
    return copy;
  }
}
