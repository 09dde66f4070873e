package io.mooring.kinds.rds;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Problems;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.api.SpecReader;
import io.mooring.engine.DeletionPolicy;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ResourceKind;
import io.mooring.kinds.environment.EnvironmentKind;
import io.mooring.plan.FieldChange;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;

/**
 * An RDS DB instance with its DB subnet group, both named after the document. RDS generates the
 * master password and keeps it in Secrets Manager.
 *
 * <p>mooring never replaces or deletes a database on its own. A change that RDS cannot make in
 * place is blocked, and a Database whose document is gone is released (its mooring tags removed)
 * unless the document had set {@code metadata.deletionPolicy: Delete}. Deletion then takes a final
 * snapshot.
 *
 * <p>Other kinds read what they need from the context: the instance ARN under the document's own
 * id, the endpoint ({@code address:port}) under {@link #endpointKey} and the master secret ARN
 * under {@link #masterSecretKey}.
 */
public final class DatabaseKind implements ResourceKind<DatabaseSpec> {
  public static final String KIND = "Database";

  /**
   * Names per db-instance-id filter. NOTE: the RDS API reference gives no limit for filter values;
   * 100 is the largest page (MaxRecords), so one batch normally takes one call.
   */
  private static final int DESCRIBE_BATCH = 100;

  private final Clock clock;

  public DatabaseKind() {
    this(Clock.systemUTC());
  }

  /** Creates the kind with the clock that names final snapshots. */
  public DatabaseKind(Clock clock) {
    this.clock = clock;
  }

  /** Returns the context key of a Database's endpoint, recorded as {@code address:port}. */
  public static ResourceId endpointKey(String name) {
    return new ResourceId(KIND + ".endpoint", name);
  }

  /** Returns the context key of the ARN of a Database's master user secret in Secrets Manager. */
  public static ResourceId masterSecretKey(String name) {
    return new ResourceId(KIND + ".masterSecret", name);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<DatabaseSpec> specType() {
    return DatabaseSpec.class;
  }

  @Override
  public DatabaseSpec parse(String name, SpecReader spec) {
    return DatabaseParser.parse(spec);
  }

  /**
   * Returns the Alarm documents that the monitoring shorthands {@code alarms} and {@code notify}
   * stand for.
   */
  @Override
  public List<DesiredResource<?>> expand(DesiredResource<DatabaseSpec> resource, DesiredState state) {
    return io.mooring.kinds.monitoring.DatabaseMonitoring.expand(resource);
  }

  @Override
  public List<Reference> references(DatabaseSpec spec) {
    return spec.groupReferences();
  }

  @Override
  public Set<String> referencedKinds() {
    return Set.of("SecurityGroup");
  }

  @Override
  public void validate(
      DesiredResource<DatabaseSpec> resource, DesiredState state, Problems problems) {
    String name = resource.name();
    if (name.isEmpty() || !Character.isLetter(name.charAt(0)) || name.contains("--")) {
      problems.add(
          resource.position(),
          "metadata.name",
          "invalid DB instance identifier \""
              + name
              + "\": RDS needs a name that starts with a letter and has no two hyphens in a row");
    }
    List<String> selection = resource.spec().subnets();
    if (EnvironmentKind.subnets(state, selection).isEmpty()) {
      problems.add(
          resource.spec().subnetsPosition(),
          "spec.subnets",
          "no subnet set \""
              + selection.get(0)
              + "\" in the Environment; list subnet ids or define the set");
    }
  }

  @Override
  public Set<String> replaceFields() {
    return DatabaseFields.REPLACE_FIELDS;
  }

  @Override
  public String replaceBlockedReason() {
    return "mooring never does to a Database on its own, because a new instance starts without the"
        + " data; make the change by hand (for example, restore a snapshot into a new instance)"
        + " or change the document back";
  }

  static RdsClient rds(ReconcileContext context) {
    return context.aws().client(RdsClient.class, RdsClient::builder);
  }

  /** Returns the subnet ids, from the document or from the Environment's subnet set. */
  static List<String> subnets(DesiredResource<DatabaseSpec> resource, ReconcileContext context) {
    return EnvironmentKind.subnets(context.state(), resource.spec().subnets()).orElse(List.of());
  }

  /** Returns the security group ids, with SecurityGroup document names resolved. */
  static List<String> securityGroups(
      DesiredResource<DatabaseSpec> resource, ReconcileContext context) {
    return resource.spec().securityGroups().stream()
        .map(
            group ->
                group.startsWith("sg-")
                    ? group
                    : context.idOrPlaceholder(new ResourceId("SecurityGroup", group)))
        .toList();
  }

  /** Describes every document's instance with one DescribeDBInstances filter per 100 names. */
  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<DatabaseSpec>> desired, ReconcileContext context) {
    Map<String, DesiredResource<DatabaseSpec>> byName = new HashMap<>();
    desired.forEach(d -> byName.put(d.name(), d));
    List<String> names = List.copyOf(byName.keySet());
    Map<String, LiveResource> live = new HashMap<>();
    for (int from = 0; from < names.size(); from += DESCRIBE_BATCH) {
      Filter filter =
          Filter.builder()
              .name("db-instance-id")
              .values(names.subList(from, Math.min(names.size(), from + DESCRIBE_BATCH)))
              .build();
      for (DBInstance instance :
          rds(context).describeDBInstancesPaginator(r -> r.filters(filter)).dbInstances()) {
        DesiredResource<DatabaseSpec> resource = byName.get(instance.dbInstanceIdentifier());
        // RDS cannot change an instance that it is deleting, so such an instance counts as absent.
        // Creating the document's instance then fails and is retried until the name is free.
        if (resource != null && !"deleting".equals(instance.dbInstanceStatus())) {
          LiveResource found = toLive(resource, instance);
          if (found.ownership() == LiveResource.Ownership.OWNED || resource.adopt()) {
            recordOutputs(context, resource.id(), instance);
          }
          live.put(resource.name(), found);
        }
      }
    }
    return live;
  }

  private static LiveResource toLive(DesiredResource<DatabaseSpec> resource, DBInstance instance) {
    Map<String, String> tags = RdsTags.toMap(instance.tagList());
    return new LiveResource(
        instance.dbInstanceArn(),
        OwnershipTags.classify(tags, resource),
        DatabaseFields.live(instance, resource.spec(), tags),
        instance,
        status(instance));
  }

  /** Returns what /status shows for the instance; never compared with the document. */
  private static Map<String, String> status(DBInstance instance) {
    Map<String, String> status = new LinkedHashMap<>();
    status.put("status", instance.dbInstanceStatus());
    if (endpoint(instance) != null) {
      status.put("endpoint", endpoint(instance));
    }
    if (instance.masterUserSecret() != null) {
      status.put("masterSecretArn", instance.masterUserSecret().secretArn());
    }
    String pending = EffectiveInstance.pendingSummary(instance.pendingModifiedValues());
    if (!pending.isEmpty()) {
      status.put("pendingModifications", pending);
    }
    return status;
  }

  private static void recordOutputs(ReconcileContext context, ResourceId id, DBInstance instance) {
    context.recordId(id, instance.dbInstanceArn());
    if (endpoint(instance) != null) {
      context.recordId(endpointKey(id.name()), endpoint(instance));
    }
    if (instance.masterUserSecret() != null) {
      context.recordId(masterSecretKey(id.name()), instance.masterUserSecret().secretArn());
    }
  }

  /** Returns {@code address:port}, or null while RDS has not assigned the address yet. */
  private static String endpoint(DBInstance instance) {
    if (instance.endpoint() == null || instance.endpoint().address() == null) {
      return null;
    }
    return instance.endpoint().address() + ":" + instance.endpoint().port();
  }

  @Override
  public Map<String, Object> desiredFields(
      DesiredResource<DatabaseSpec> desired, ReconcileContext context) {
    return DatabaseFields.desired(
        desired, subnets(desired, context), securityGroups(desired, context));
  }

  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    return DatabaseInventory.owned(context);
  }

  /** Keeps a database whose document is gone, unless the document requested deletion. */
  @Override
  public DeletionPolicy defaultDeletionPolicy(OwnedResource resource) {
    return DeletionPolicy.RETAIN;
  }

  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    DatabaseInventory.delete(rds(context), resource, clock);
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    DatabaseInventory.release(rds(context), resource);
  }

  /** Never runs, because {@link #replaceBlockedReason} blocks every replacement. */
  @Override
  public void replace(
      DesiredResource<DatabaseSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    throw new IllegalStateException("mooring never replaces " + desired.id());
  }

  @Override
  public void apply(
      DesiredResource<DatabaseSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    RdsClient rds = rds(context);
    Map<String, String> tags = OwnershipTags.with(desired, desired.spec().tags());
    List<String> securityGroups = securityGroups(desired, context);
    if (live == null) {
      SubnetGroups.ensure(rds, desired, subnets(desired, context), tags);
      DBInstance created =
          rds.createDBInstance(DatabaseRequests.create(desired, securityGroups, tags)).dbInstance();
      recordOutputs(context, desired.id(), created);
      return;
    }
    DBInstance instance = (DBInstance) live.details();
    boolean adopting = live.ownership() == LiveResource.Ownership.FOREIGN;
    if (adopting) {
      rejectAdoptionOfDifferentDatabase(desired, changes);
    }
    if (adopting || touches(changes, "tags.")) {
      RdsTags.sync(rds, instance.dbInstanceArn(), tags, RdsTags.toMap(instance.tagList()));
      SubnetGroups.syncTags(rds, desired, instance, tags);
    }
    ModifyDbInstanceRequest modify =
        DatabaseRequests.modify(desired, instance, changes, securityGroups);
    if (modify != null) {
      rds.modifyDBInstance(modify);
    }
    if (touches(changes, "subnets")) {
      SubnetGroups.update(rds, desired, instance, subnets(desired, context));
    }
  }

  /**
   * Rejects the adoption of an instance that differs in a field RDS cannot change, because tagging
   * it would tie the document to a database that it does not describe.
   */
  private static void rejectAdoptionOfDifferentDatabase(
      DesiredResource<DatabaseSpec> desired, List<FieldChange> changes) {
    List<String> fixed =
        changes.stream().filter(FieldChange::forcesReplace).map(FieldChange::path).toList();
    if (!fixed.isEmpty()) {
      throw new IllegalStateException(
          "cannot adopt the existing instance for "
              + desired.id()
              + ": "
              + String.join(", ", fixed)
              + " differ and RDS cannot change them in place; make the document match the"
              + " instance");
    }
  }

  private static boolean touches(List<FieldChange> changes, String prefix) {
    return changes.stream().anyMatch(c -> c.path().startsWith(prefix));
  }
}
