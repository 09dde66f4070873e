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
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * An EC2 security group whose group name is the document's name, with its inbound and outbound
 * rules.
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
   * Finds the groups by name in every VPC, {@value #FILTER_VALUES} names a call. A document's group
   * is the one that its ownership tags name, in any VPC, so that a group left in its old VPC is
   * found and replaced. Without such a group, it is a group of that name in the document's VPC.
   */
  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<SecurityGroupSpec>> desired, ReconcileContext context) {
    Ec2Client ec2 = ec2(context);
    List<String> names = desired.stream().map(DesiredResource::name).distinct().toList();
    Map<String, List<SecurityGroup>> byName = new HashMap<>();
    for (int from = 0; from < names.size(); from += FILTER_VALUES) {
      List<String> batch = names.subList(from, Math.min(names.size(), from + FILTER_VALUES));
      ec2.describeSecurityGroupsPaginator(r -> r.filters(f -> f.name("group-name").values(batch)))
          .securityGroups()
          .forEach(
              group ->
                  byName.computeIfAbsent(group.groupName(), k -> new ArrayList<>()).add(group));
    }
    Map<String, LiveResource> live = new HashMap<>();
    for (DesiredResource<SecurityGroupSpec> resource : desired) {
      String vpc = vpcOf(resource, context.state());
      SecurityGroup group = pick(byName.getOrDefault(resource.name(), List.of()), resource, vpc);
      if (group == null) {
        continue;
      }
      Map<String, String> tags = tagMap(group.tags());
      LiveResource.Ownership ownership = OwnershipTags.classify(tags, resource);
      if (ownership == LiveResource.Ownership.OWNED || resource.adopt()) {
        context.recordId(resource.id(), group.groupId());
      }
      live.put(
          resource.name(), new LiveResource(group.groupId(), ownership, liveFields(group), group));
    }
    return live;
  }

  /** Returns the document's group among the same-named groups, or null when it has none. */
  private static SecurityGroup pick(
      List<SecurityGroup> candidates, DesiredResource<SecurityGroupSpec> resource, String vpc) {
    Comparator<SecurityGroup> inDesiredVpcFirst =
        Comparator.comparing(group -> !Objects.equals(group.vpcId(), vpc));
    Optional<SecurityGroup> owned =
        candidates.stream()
            .filter(group -> OwnershipTags.classify(tagMap(group.tags()), resource) == OWNED)
            .min(inDesiredVpcFirst);
    if (owned.isPresent()) {
      return owned.get();
    }
    return candidates.stream()
        .filter(group -> Objects.equals(group.vpcId(), vpc))
        .findFirst()
        .orElse(null);
  }

  static Map<String, Object> liveFields(SecurityGroup group) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("description", group.description());
    fields.put("vpc", group.vpcId());
    fields.put("ingress", texts(SecurityGroupRules.fromPermissions(group.ipPermissions()), "from"));
    fields.put(
        "egress", texts(SecurityGroupRules.fromPermissions(group.ipPermissionsEgress()), "to"));
    fields.put("tags", OwnershipTags.userTags(tagMap(group.tags())));
    return fields;
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

  @Override
  public void apply(
      DesiredResource<SecurityGroupSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    Ec2Client ec2 = ec2(context);
    SecurityGroupSpec spec = desired.spec();
    if (live == null) {
      create(ec2, desired, context);
      return;
    }
    SecurityGroup group = (SecurityGroup) live.details();
    if (touches(changes, "ingress")) {
      SecurityGroupRules.sync(
          ec2,
          group.groupId(),
          false,
          resolve(spec.ingress(), context),
          SecurityGroupRules.fromPermissions(group.ipPermissions()));
    }
    if (touches(changes, "egress")) {
      SecurityGroupRules.sync(
          ec2,
          group.groupId(),
          true,
          resolve(spec.egressOrDefault(), context),
          SecurityGroupRules.fromPermissions(group.ipPermissionsEgress()));
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
   */
  private static void create(
      Ec2Client ec2, DesiredResource<SecurityGroupSpec> desired, ReconcileContext context) {
    SecurityGroupSpec spec = desired.spec();
    List<Tag> tags = tagList(OwnershipTags.with(desired, spec.tags()));
    String groupId =
        ec2.createSecurityGroup(
                r ->
                    r.groupName(desired.name())
                        .description(spec.description())
                        .vpcId(vpcOf(desired, context.state()))
                        .tagSpecifications(
                            t -> t.resourceType(ResourceType.SECURITY_GROUP).tags(tags)))
            .groupId();
    context.recordId(desired.id(), groupId);
    SecurityGroupRules.sync(ec2, groupId, false, resolve(spec.ingress(), context), List.of());
    SecurityGroupRules.sync(
        ec2, groupId, true, resolve(spec.egressOrDefault(), context), List.of(Rule.ALL_OUTBOUND));
  }

  /**
   * Deletes the group and creates it again, because EC2 cannot change a description or move a group
   * to another VPC. Rules of this stack's groups that name the old group are revoked first, and the
   * next loop writes them again with the new id.
   */
  @Override
  public void replace(
      DesiredResource<SecurityGroupSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    Ec2Client ec2 = ec2(context);
    String stack = context.state().settings().stackName();
    SecurityGroupDeletion.delete(ec2, live.arn(), SecurityGroupDeletion.ownedInStack(stack));
    create(ec2, desired, context);
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
   * Deletes the group. Rules that name it in other groups of the stack whose documents are gone as
   * well are revoked first, so that groups that name each other are deleted in one loop.
   */
  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    DesiredState state = context.state();
    Predicate<SecurityGroup> alsoPruned =
        SecurityGroupDeletion.ownedInStack(state.settings().stackName())
            .and(group -> state.find(OwnershipTags.documentOf(tagMap(group.tags()))).isEmpty());
    SecurityGroupDeletion.delete(ec2(context), resource.arn(), alsoPruned);
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
