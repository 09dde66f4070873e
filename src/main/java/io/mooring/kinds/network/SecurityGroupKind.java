package io.mooring.kinds.network;

import static io.mooring.engine.LiveResource.Ownership.OWNED;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Problems;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.api.SpecReader;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ResourceKind;
import io.mooring.kinds.environment.EnvironmentKind;
import io.mooring.kinds.environment.EnvironmentSpec;
import io.mooring.plan.FieldChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * An EC2 security group with its inbound and outbound rules, named after the document.
 *
 * <p>The document's group is the one that carries mooring's ownership tags for it, whatever its
 * name, or without such a group one of the document's name in its VPC. A replacement creates the
 * new group before it deletes the old one. In the same VPC the old group still has the name then,
 * so the new group gets the name with a suffix, such as {@code web.3f9a1c2e}. EC2 cannot rename a
 * group, so the suffix stays until a later replacement finds the plain name free again.
 *
 * <p>Rules compare as sets in a normal form (see {@link Rule}), and an apply authorizes and revokes
 * only the rules that differ. A rule may name another SecurityGroup document, whose group id this
 * kind records in the {@link ReconcileContext} when it observes or creates it.
 *
 * <p>Such names are not ordering dependencies, so a group may name itself and two groups may name
 * each other. A group can exist before its rules, so creating a group leaves out the rules that
 * name groups which do not exist yet. The engine's read-back after the apply then adds them,
 * because by then every group of the level has an id. {@link #references} therefore returns none of
 * these names, which keeps them out of the loader's cycle check, and {@link #validate} checks that
 * they exist.
 */
public final class SecurityGroupKind implements ResourceKind<SecurityGroupSpec> {
  public static final String KIND = "SecurityGroup";

  /** How many values one DescribeSecurityGroups filter takes at most. */
  private static final int FILTER_VALUES = 200;

  /** The error code of CreateSecurityGroup when the VPC has a group of that name. */
  private static final String DUPLICATE_NAME = "InvalidGroup.Duplicate";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<SecurityGroupSpec> specType() {
    return SecurityGroupSpec.class;
  }

  @Override
  public SecurityGroupSpec parse(String name, SpecReader spec) {
    return SecurityGroupParser.parse(spec);
  }

  /**
   * Returns no references, because the groups that rules name are not ordering dependencies. The
   * class comment explains why; {@link #validate} checks that the named documents exist.
   */
  @Override
  public List<Reference> references(SecurityGroupSpec spec) {
    return List.of();
  }

  /** Returns the groups that rules name, so that a change waits while one of them is blocked. */
  @Override
  public List<Reference> unorderedReferences(SecurityGroupSpec spec) {
    return spec.groupReferences();
  }

  @Override
  public Set<String> replaceFields() {
    return Set.of("description", "vpc");
  }

  /** Returns 1 for {@link OwnershipTags#RETIRED}, which a replaced group has until deleted. */
  @Override
  public int additionalTagCount() {
    return 1;
  }

  @Override
  public void validate(
      DesiredResource<SecurityGroupSpec> resource, DesiredState state, Problems problems) {
    String name = resource.name();
    if (name.equals("default")) {
      problems.add(
          resource.position(),
          "metadata.name",
          "invalid name \"default\": EC2 reserves it for each VPC's default group");
    } else if (name.startsWith("sg-")) {
      problems.add(
          resource.position(),
          "metadata.name",
          "invalid name \"" + name + "\": EC2 group names must not start with sg-");
    }
    if (vpcOf(resource, state) == null) {
      problems.add(
          resource.spec().vpcPosition(),
          "spec.vpc",
          "required field is missing; set vpc here or in the Environment");
    }
    for (Reference reference : resource.spec().groupReferences()) {
      if (state.find(reference.target()).isEmpty()) {
        String other =
            state.resources().stream()
                .filter(r -> r.name().equals(reference.name()))
                .map(r -> r.id().kind())
                .findFirst()
                .orElse(null);
        problems.add(
            reference.position(),
            reference.field(),
            other == null
                ? "no SecurityGroup document is named \"" + reference.name() + "\""
                : "\"" + reference.name() + "\" is a " + other + ", expected a SecurityGroup");
      }
    }
  }

  /** Returns the group's VPC: its own, else the Environment's, else null. */
  static String vpcOf(DesiredResource<SecurityGroupSpec> resource, DesiredState state) {
    if (resource.spec().vpc() != null) {
      return resource.spec().vpc();
    }
    return EnvironmentKind.of(state).map(EnvironmentSpec::vpc).orElse(null);
  }

  private static Ec2Client ec2(ReconcileContext context) {
    return context.aws().client(Ec2Client.class, Ec2Client::builder);
  }

  /**
   * Finds the groups that carry the documents' ownership tags, in any VPC, {@value #FILTER_VALUES}
   * documents a call. A document's group is its owned group that no replacement superseded,
   * preferably in the document's VPC, so that a group left in its old VPC is found and replaced.
   * For documents without one, a second call finds the groups of their names, and a group of that
   * name in the document's VPC is the document's group. Superseded groups are recorded in the
   * context for the engine to delete.
   */
  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<SecurityGroupSpec>> desired, ReconcileContext context) {
    Ec2Client ec2 = ec2(context);
    Map<String, List<SecurityGroup>> owned = ownedGroups(ec2, desired);
    List<String> unowned =
        desired.stream()
            .map(DesiredResource::name)
            .filter(name -> activeGroups(owned, name).isEmpty())
            .distinct()
            .toList();
    Map<String, List<SecurityGroup>> byName = groupsByName(ec2, unowned);
    for (DesiredResource<SecurityGroupSpec> resource : desired) {
      owned.getOrDefault(resource.name(), List.of()).stream()
          .filter(SecurityGroupKind::isRetired)
          .forEach(group -> context.retire(ownedResource(resource.id(), group)));
    }
    Set<String> retired = retiredGroupIds(context);
    Map<String, LiveResource> live = new HashMap<>();
    for (DesiredResource<SecurityGroupSpec> resource : desired) {
      String vpc = vpcOf(resource, context.state());
      SecurityGroup group =
          pick(
              activeGroups(owned, resource.name()),
              byName.getOrDefault(resource.name(), List.of()),
              resource,
              vpc);
      if (group == null) {
        continue;
      }
      Map<String, String> tags = tagMap(group.tags());
      LiveResource.Ownership ownership = OwnershipTags.classify(tags, resource);
      if (ownership == LiveResource.Ownership.OWNED || resource.adopt()) {
        context.recordId(resource.id(), group.groupId());
      }
      live.put(
          resource.name(),
          new LiveResource(group.groupId(), ownership, liveFields(group, retired), group));
    }
    return live;
  }

  /**
   * Returns the groups that carry mooring's ownership tags for the documents in their stack,
   * superseded ones included, by document name.
   */
  private static Map<String, List<SecurityGroup>> ownedGroups(
      Ec2Client ec2, List<DesiredResource<SecurityGroupSpec>> desired) {
    Map<String, DesiredResource<SecurityGroupSpec>> byDocument = new HashMap<>();
    desired.forEach(resource -> byDocument.putIfAbsent(resource.id().toString(), resource));
    List<String> documents = List.copyOf(byDocument.keySet());
    Map<String, List<SecurityGroup>> owned = new HashMap<>();
    for (int from = 0; from < documents.size(); from += FILTER_VALUES) {
      List<String> batch =
          documents.subList(from, Math.min(documents.size(), from + FILTER_VALUES));
      ec2.describeSecurityGroupsPaginator(
              r -> r.filters(f -> f.name("tag:" + OwnershipTags.DOCUMENT).values(batch)))
          .securityGroups()
          .forEach(
              group -> {
                Map<String, String> tags = tagMap(group.tags());
                DesiredResource<SecurityGroupSpec> resource =
                    byDocument.get(tags.get(OwnershipTags.DOCUMENT));
                if (resource != null && OwnershipTags.classify(tags, resource) == OWNED) {
                  owned.computeIfAbsent(resource.name(), k -> new ArrayList<>()).add(group);
                }
              });
    }
    return owned;
  }

  /** Returns the groups of the given names in every VPC, by name. */
  private static Map<String, List<SecurityGroup>> groupsByName(
      Ec2Client ec2, List<String> names) {
    Map<String, List<SecurityGroup>> byName = new HashMap<>();
    for (int from = 0; from < names.size(); from += FILTER_VALUES) {
      List<String> batch = names.subList(from, Math.min(names.size(), from + FILTER_VALUES));
      ec2.describeSecurityGroupsPaginator(r -> r.filters(f -> f.name("group-name").values(batch)))
          .securityGroups()
          .forEach(
              group ->
                  byName.computeIfAbsent(group.groupName(), k -> new ArrayList<>()).add(group));
    }
    return byName;
  }

  /** Returns the document's owned groups that no replacement superseded. */
  private static List<SecurityGroup> activeGroups(
      Map<String, List<SecurityGroup>> owned, String name) {
    return owned.getOrDefault(name, List.of()).stream()
        .filter(group -> !isRetired(group))
        .toList();
  }

  private static boolean isRetired(SecurityGroup group) {
    return OwnershipTags.isRetired(tagMap(group.tags()));
  }

  /** Returns the ids of the groups that replacements superseded, recorded in the context. */
  static Set<String> retiredGroupIds(ReconcileContext context) {
    return context.retired().stream()
        .filter(resource -> resource.id().kind().equals(KIND))
        .map(OwnedResource::arn)
        .collect(Collectors.toSet());
  }

  private static OwnedResource ownedResource(ResourceId document, SecurityGroup group) {
    return new OwnedResource(document, group.groupId(), tagMap(group.tags()), group);
  }

  /**
   * Returns the document's group, or null when it has none: one of its {@code active} groups,
   * preferably in its VPC, else a group of its name in its VPC that it does not own, which the
   * engine treats as a conflict or adopts.
   */
  private static SecurityGroup pick(
      List<SecurityGroup> active,
      List<SecurityGroup> sameName,
      DesiredResource<SecurityGroupSpec> resource,
      String vpc) {
    Comparator<SecurityGroup> inDesiredVpcFirst =
        Comparator.comparing(group -> !Objects.equals(group.vpcId(), vpc));
    Optional<SecurityGroup> owned = active.stream().min(inDesiredVpcFirst);
    if (owned.isPresent()) {
      return owned.get();
    }
    return sameName.stream()
        .filter(group -> Objects.equals(group.vpcId(), vpc))
        .filter(group -> OwnershipTags.classify(tagMap(group.tags()), resource) != OWNED)
        .findFirst()
        .orElse(null);
  }

  /**
   * Returns the group's managed fields, leaving out the rules that name a superseded group in
   * {@code retired}. Those rules stay until the engine deletes that group, so that whatever still
   * uses it keeps its traffic, and the deletion revokes them.
   */
  static Map<String, Object> liveFields(SecurityGroup group, Set<String> retired) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("description", group.description());
    fields.put("vpc", group.vpcId());
    fields.put("ingress", texts(liveRules(group.ipPermissions(), retired), "from"));
    fields.put("egress", texts(liveRules(group.ipPermissionsEgress(), retired), "to"));
    fields.put("tags", OwnershipTags.userTags(tagMap(group.tags())));
    return fields;
  }

  /** Returns the rules of IP permissions, without those that name a group in {@code retired}. */
  private static List<Rule> liveRules(List<IpPermission> permissions, Set<String> retired) {
    return SecurityGroupRules.fromPermissions(permissions).stream()
        .filter(rule -> !namesGroupIn(rule, retired))
        .toList();
  }

  private static boolean namesGroupIn(Rule rule, Set<String> groupIds) {
    return rule.peer().type() == Rule.PeerType.GROUP_ID && groupIds.contains(rule.peer().value());
  }

  @Override
  public Map<String, Object> desiredFields(
      DesiredResource<SecurityGroupSpec> desired, ReconcileContext context) {
    SecurityGroupSpec spec = desired.spec();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("description", spec.description());
    fields.put("vpc", vpcOf(desired, context.state()));
    fields.put("ingress", texts(resolve(spec.ingress(), context), "from"));
    fields.put("egress", texts(resolve(spec.egressOrDefault(), context), "to"));
    fields.put("tags", desired.tagsWith(spec.tags()));
    return fields;
  }

  /**
   * Returns the rules with group names replaced by the ids recorded so far, or placeholders. While
   * writing, only a group that this apply creates later gets a placeholder, and the sync leaves
   * its rule out. Any other group without an id fails the write. Otherwise a live rule that names
   * a blocked group would look unwanted and be revoked.
   */
  static List<Rule> resolve(List<Rule> rules, ReconcileContext context) {
    return rules.stream().map(rule -> rule.resolve(context::idOrCreatedLater)).toList();
  }

  /** Returns the rules as sorted text, because AWS keeps no order and the diff compares lists. */
  static List<String> texts(List<Rule> rules, String direction) {
    return rules.stream().map(rule -> rule.text(direction)).sorted().toList();
  }

  /**
   * Creates the group, or brings its rules and tags to the document. Rules that name a group which
   * a replacement superseded stay in place, for the reason that {@link #liveFields} gives.
   */
  @Override
  public void apply(
      DesiredResource<SecurityGroupSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    Ec2Client ec2 = ec2(context);
    SecurityGroupSpec spec = desired.spec();
    if (live == null) {
      create(ec2, desired, context, false);
      return;
    }
    SecurityGroup group = (SecurityGroup) live.details();
    Set<String> retired = retiredGroupIds(context);
    if (touches(changes, "ingress")) {
      SecurityGroupRules.sync(
          ec2,
          group.groupId(),
          false,
          resolve(spec.ingress(), context),
          liveRules(group.ipPermissions(), retired));
    }
    if (touches(changes, "egress")) {
      SecurityGroupRules.sync(
          ec2,
          group.groupId(),
          true,
          resolve(spec.egressOrDefault(), context),
          liveRules(group.ipPermissionsEgress(), retired));
    }
    boolean adopting = live.ownership() == LiveResource.Ownership.FOREIGN;
    if (adopting || touches(changes, "tags")) {
      syncTags(
          ec2, group.groupId(), OwnershipTags.with(desired, spec.tags()), tagMap(group.tags()));
    }
  }

  /**
   * Creates the group and the rules that can be written now. EC2 gives a new group one outbound
   * rule, all traffic to 0.0.0.0/0, which the outbound sync starts from.
   *
   * @param nameTaken whether a group of the document's name is known to exist in the VPC, so that
   *     the new group gets a suffixed name at once. Otherwise it gets one only when EC2 reports the
   *     name as taken, for example by a superseded group of the document.
   */
  private static void create(
      Ec2Client ec2,
      DesiredResource<SecurityGroupSpec> desired,
      ReconcileContext context,
      boolean nameTaken) {
    SecurityGroupSpec spec = desired.spec();
    String groupId;
    if (nameTaken) {
      groupId = createGroup(ec2, desired, context, nameWithSuffix(desired.name()));
    } else {
      try {
        groupId = createGroup(ec2, desired, context, desired.name());
      } catch (Ec2Exception e) {
        if (e.awsErrorDetails() == null
            || !DUPLICATE_NAME.equals(e.awsErrorDetails().errorCode())) {
          throw e;
        }
        groupId = createGroup(ec2, desired, context, nameWithSuffix(desired.name()));
      }
    }
    context.recordId(desired.id(), groupId);
    SecurityGroupRules.sync(ec2, groupId, false, resolve(spec.ingress(), context), List.of());
    SecurityGroupRules.sync(
        ec2, groupId, true, resolve(spec.egressOrDefault(), context), List.of(Rule.ALL_OUTBOUND));
  }

  /** Creates an empty group with the document's description, VPC and tags, and returns its id. */
  private static String createGroup(
      Ec2Client ec2,
      DesiredResource<SecurityGroupSpec> desired,
      ReconcileContext context,
      String groupName) {
    List<Tag> tags = tagList(OwnershipTags.with(desired, desired.spec().tags()));
    return ec2.createSecurityGroup(
            r ->
                r.groupName(groupName)
                    .description(desired.spec().description())
                    .vpcId(vpcOf(desired, context.state()))
                    .tagSpecifications(
                        t -> t.resourceType(ResourceType.SECURITY_GROUP).tags(tags)))
        .groupId();
  }

  /**
   * Returns a group name that no document can have, because document names contain no dot, and
   * that no other replacement is likely to choose: the document's name, a dot and 8 random
   * hexadecimal digits.
   */
  static String nameWithSuffix(String name) {
    return name + "." + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Replaces the group, because EC2 cannot change a description or move a group to another VPC.
   *
   * <p>The new group is created first, so that the documents that use the group move to it in the
   * same apply: the engine applies them after this replacement, and the new id is in the context.
   * The old group is first tagged {@link OwnershipTags#RETIRED}, so that no later observation takes
   * it for the document's group, and handed to the engine, which deletes it after the apply once
   * those documents are updated. Until then, rules of other groups that name it stay, so tasks and
   * load balancers that still use it keep their traffic.
   */
  @Override
  public void replace(
      DesiredResource<SecurityGroupSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    Ec2Client ec2 = ec2(context);
    SecurityGroup old = (SecurityGroup) live.details();
    ec2.createTags(
        r ->
            r.resources(old.groupId())
                .tags(
                    Tag.builder()
                        .key(OwnershipTags.RETIRED)
                        .value(OwnershipTags.RETIRED_VALUE)
                        .build()));
    context.retire(ownedResource(desired.id(), old));
    boolean nameTaken =
        old.groupName().equals(desired.name())
            && old.vpcId().equals(vpcOf(desired, context.state()));
    create(ec2, desired, context, nameTaken);
  }

  private static boolean touches(List<FieldChange> changes, String field) {
    return changes.stream()
        .anyMatch(c -> c.path().equals(field) || c.path().startsWith(field + "."));
  }

  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    List<OwnedResource> owned = new ArrayList<>();
    for (InventoryContext.TaggedResource tagged : context.taggedResources(":security-group/")) {
      ResourceId document = OwnershipTags.documentOf(tagged.tags());
      if (document != null && document.kind().equals(KIND)) {
        String groupId = tagged.arn().substring(tagged.arn().lastIndexOf('/') + 1);
        owned.add(new OwnedResource(document, groupId, tagged.tags(), null));
      }
    }
    return owned;
  }

  /**
   * Deletes the group. Rules that name it in other groups of the stack are revoked first where
   * those groups' documents are gone as well, so that groups that name each other are deleted in
   * one loop. For a group that a replacement superseded, the rules are revoked from every group of
   * the stack, because their documents have moved to the new group.
   */
  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    DesiredState state = context.state();
    Predicate<SecurityGroup> inStack =
        SecurityGroupDeletion.ownedInStack(state.settings().stackName());
    Predicate<SecurityGroup> documentGone =
        group -> state.find(OwnershipTags.documentOf(tagMap(group.tags()))).isEmpty();
    Predicate<SecurityGroup> mayRevokeFrom =
        OwnershipTags.isRetired(resource.tags()) ? inStack : inStack.and(documentGone);
    SecurityGroupDeletion.delete(ec2(context), resource.arn(), mayRevokeFrom);
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    List<Tag> keys =
        resource.tags().keySet().stream()
            .filter(key -> key.startsWith("mooring:"))
            .map(key -> Tag.builder().key(key).build())
            .toList();
    if (!keys.isEmpty()) {
      ec2(context).deleteTags(r -> r.resources(resource.arn()).tags(keys));
    }
  }

  /** Brings the group's tags to the desired set, leaving tags that AWS reserves. */
  private static void syncTags(
      Ec2Client ec2, String groupId, Map<String, String> desired, Map<String, String> live) {
    List<Tag> stale =
        live.keySet().stream()
            .filter(key -> !desired.containsKey(key) && !key.startsWith("aws:"))
            .map(key -> Tag.builder().key(key).build())
            .toList();
    if (!stale.isEmpty()) {
      ec2.deleteTags(r -> r.resources(groupId).tags(stale));
    }
    Map<String, String> changed = new LinkedHashMap<>();
    desired.forEach(
        (key, value) -> {
          if (!value.equals(live.get(key))) {
            changed.put(key, value);
          }
        });
    if (!changed.isEmpty()) {
      ec2.createTags(r -> r.resources(groupId).tags(tagList(changed)));
    }
  }

  static Map<String, String> tagMap(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    tags.forEach(t -> map.put(t.key(), t.value()));
    return map;
  }

  private static List<Tag> tagList(Map<String, String> tags) {
    List<Tag> list = new ArrayList<>();
    tags.forEach((key, value) -> list.add(Tag.builder().key(key).value(value).build()));
    return list;
  }
}
