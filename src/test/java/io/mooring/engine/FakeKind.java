package io.mooring.engine;

import io.mooring.api.DesiredResource;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.api.SourcePosition;
import io.mooring.api.SpecReader;
import io.mooring.aws.WriteRejectedException;
import io.mooring.plan.FieldChange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A resource kind backed by an in-memory cloud, for engine tests that need no AWS. It records
 * every write, and can be set to fail or to store something other than what it was given. Like a
 * real kind, it records the identifier of each resource that it owns or creates in the context,
 * and a write looks up the identifiers of the documents that it depends on and stores them.
 *
 * <p>With {@link #createsFirst}, a replacement works like a security group's: it creates the
 * resource under a new identifier, keeps the old one as a retired resource, and hands that to the
 * engine to delete.
 */
final class FakeKind implements ResourceKind<FakeKind.Spec> {

  /**
   * A document's spec: one managed value, optional references to other fake documents, and
   * optional names of other fake documents that do not order the apply, as a security group's
   * rules name other groups.
   */
  record Spec(int value, List<String> dependsOn, List<String> names) {}

  /** What the fake cloud holds for one resource. */
  static final class Stored {
    int value;
    boolean owned = true;
    String stack = "default";
    String deletionPolicy;

    /** The identifiers that the last write resolved for the document's dependencies. */
    List<String> references = List.of();

    /** The identifiers that the last write resolved for the documents that the spec names. */
    List<String> named = List.of();

    /** How often the resource was replaced, which is part of its identifier. */
    int generation;

    Stored(int value) {
      this.value = value;
    }
  }

  final String kind;
  final Set<String> referencedKinds;
  final Map<String, Stored> cloud = new LinkedHashMap<>();
  final List<String> writes;
  final Set<String> failing = new HashSet<>();

  /** Names whose writes the write guard rejects, as it does once the leader lease has lapsed. */
  final Set<String> rejected = new HashSet<>();
  /** Reasons by name for which observe blocks a document, as a kind that finds a conflict does. */
  final Map<String, String> blocking = new HashMap<>();
  /** Names whose identifiers observe leaves out of the context, as a faulty kind might. */
  final Set<String> unrecorded = new HashSet<>();

  UnaryOperator<Integer> rewrite = UnaryOperator.identity();
  DeletionPolicy defaultPolicy = DeletionPolicy.DELETE;
  String replaceBlockedReason;

  /** Whether AWS could not change {@code value} in place, so that a change replaces. */
  boolean valueForcesReplace;

  /** Whether a replacement creates the new resource first and retires the old one. */
  boolean createsFirst;

  /** Resources that a replacement superseded, by identifier, until they are deleted. */
  final Map<String, Stored> retired = new LinkedHashMap<>();

  /** Identifiers of retired resources whose deletion fails. */
  final Set<String> failingDeletions = new HashSet<>();

  /** The failure of every observe, or null when observing works. */
  RuntimeException observeFailure;

  /** A kind whose writes go to {@code journal}, which kinds of one test may share. */
  FakeKind(String kind, Set<String> referencedKinds, List<String> journal) {
    this.kind = kind;
    this.referencedKinds = referencedKinds;
    this.writes = journal;
  }

  static DesiredResource<Spec> document(String kind, String name, int value, String... dependsOn) {
    return new DesiredResource<>(
        new ResourceId(kind, name),
        new Spec(value, List.of(dependsOn), List.of()),
        new SourcePosition(Path.of(name + ".yaml"), 1, 1),
        false);
  }

  /** Returns a document that names {@code names}, documents of its own kind, without ordering. */
  static DesiredResource<Spec> naming(String kind, String name, int value, String... names) {
    return new DesiredResource<>(
        new ResourceId(kind, name),
        new Spec(value, List.of(), List.of(names)),
        new SourcePosition(Path.of(name + ".yaml"), 1, 1),
        false);
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public Class<Spec> specType() {
    return Spec.class;
  }

  @Override
  public Spec parse(String name, SpecReader spec) {
    return new Spec(
        spec.integer("value").orElse(0), spec.stringList("dependsOn"), spec.stringList("names"));
  }

  @Override
  public List<Reference> references(Spec spec) {
    List<Reference> references = new ArrayList<>();
    for (String target : spec.dependsOn()) {
      int slash = target.indexOf('/');
      references.add(
          new Reference(
              target.substring(0, slash),
              target.substring(slash + 1),
              "spec.dependsOn",
              new SourcePosition(Path.of("fake.yaml"), 1, 1)));
    }
    return references;
  }

  @Override
  public List<Reference> unorderedReferences(Spec spec) {
    return spec.names().stream()
        .map(
            name ->
                new Reference(
                    kind, name, "spec.names", new SourcePosition(Path.of("fake.yaml"), 1, 1)))
        .toList();
  }

  @Override
  public Set<String> referencedKinds() {
    return referencedKinds;
  }

  @Override
  public String replaceBlockedReason() {
    return replaceBlockedReason;
  }

  @Override
  public Set<String> replaceFields() {
    return replaceBlockedReason == null && !valueForcesReplace ? Set.of() : Set.of("value");
  }

  @Override
  public Map<String, LiveResource> observe(List<DesiredResource<Spec>> desired, ReconcileContext context) {
    if (observeFailure != null) {
      throw observeFailure;
    }
    Map<String, LiveResource> live = new HashMap<>();
    for (DesiredResource<Spec> resource : desired) {
      if (blocking.containsKey(resource.name())) {
        context.block(resource.id(), blocking.get(resource.name()));
      }
      retired.forEach(
          (id, old) -> {
            if (id.startsWith(awsId(resource.name()) + "#") || id.equals(awsId(resource.name()))) {
              context.retire(retiredResource(resource.id(), id, old));
            }
          });
      Stored stored = cloud.get(resource.name());
      boolean recorded = stored != null && (stored.owned || resource.adopt());
      if (recorded && !unrecorded.contains(resource.name())) {
        context.recordId(resource.id(), awsId(resource.name(), stored.generation));
      }
      if (stored != null) {
        LiveResource.Ownership ownership =
            stored.owned ? LiveResource.Ownership.OWNED : LiveResource.Ownership.FOREIGN;
        String arn = awsId(resource.name(), stored.generation);
        live.put(resource.name(), new LiveResource(arn, ownership, liveFields(stored), stored));
      }
    }
    return live;
  }

  private static Map<String, Object> liveFields(Stored stored) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("value", stored.value);
    if (!stored.references.isEmpty()) {
      fields.put("dependsOn", stored.references);
    }
    if (!stored.named.isEmpty()) {
      fields.put("names", stored.named);
    }
    return fields;
  }

  /**
   * Returns the value and, when the spec has them, the identifiers of the referenced documents, so
   * that a new identifier of one of them makes the document differ, as in a real kind.
   */
  @Override
  public Map<String, Object> desiredFields(DesiredResource<Spec> desired, ReconcileContext context) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("value", desired.spec().value());
    List<String> references =
        references(desired.spec()).stream()
            .map(reference -> context.idOrPlaceholder(reference.target()))
            .toList();
    if (!references.isEmpty()) {
      fields.put("dependsOn", references);
    }
    List<String> named = resolvedNames(desired.spec(), context);
    if (!desired.spec().names().isEmpty()) {
      fields.put("names", named);
    }
    return fields;
  }

  /** Returns the identifiers of the named documents, as placeholders where they have none. */
  private List<String> resolvedNames(Spec spec, ReconcileContext context) {
    return unorderedReferences(spec).stream()
        .map(reference -> context.idOrCreatedLater(reference.target()))
        .toList();
  }

  @Override
  public void apply(DesiredResource<Spec> desired, LiveResource live, List<FieldChange> changes, ReconcileContext context) {
    writes.add("apply " + kind + "/" + desired.name());
    if (failing.contains(desired.name())) {
      throw new IllegalStateException("injected failure for " + desired.name());
    }
    if (rejected.contains(desired.name())) {
      throw new WriteRejectedException("Fake", "Apply" + kind, "the test closed the gate");
    }
    List<String> references =
        references(desired.spec()).stream()
            .map(reference -> context.idOrPlaceholder(reference.target()))
            .toList();
    Stored stored = cloud.computeIfAbsent(desired.name(), n -> new Stored(0));
    stored.value = rewrite.apply(desired.spec().value());
    stored.owned = true;
    stored.deletionPolicy = desired.metadata().deletionPolicy();
    stored.references = references;
    stored.named =
        resolvedNames(desired.spec(), context).stream()
            .filter(id -> !ReconcileContext.isPlaceholder(id))
            .toList();
    context.recordId(desired.id(), awsId(desired.name(), stored.generation));
  }

  /**
   * Replaces the resource: without {@link #createsFirst} as every kind does by default, otherwise
   * by moving the live resource to {@link #retired} and creating the next generation.
   */
  @Override
  public void replace(
      DesiredResource<Spec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    if (!createsFirst) {
      ResourceKind.super.replace(desired, live, changes, context);
      return;
    }
    writes.add("replace " + kind + "/" + desired.name());
    if (failing.contains(desired.name())) {
      throw new IllegalStateException("injected failure for " + desired.name());
    }
    Stored old = cloud.remove(desired.name());
    String oldId = awsId(desired.name(), old.generation);
    retired.put(oldId, old);
    context.retire(retiredResource(desired.id(), oldId, old));
    Stored next = new Stored(0);
    next.generation = old.generation + 1;
    cloud.put(desired.name(), next);
    apply(desired, null, changes, context);
  }

  private static OwnedResource retiredResource(ResourceId document, String id, Stored old) {
    Map<String, String> tags = new HashMap<>();
    tags.put(OwnershipTags.RETIRED, OwnershipTags.RETIRED_VALUE);
    if (old.deletionPolicy != null) {
      tags.put(OwnershipTags.DELETION_POLICY, old.deletionPolicy);
    }
    return new OwnedResource(document, id, tags, old);
  }

  /** Returns the identifier that the fake cloud gives a resource, such as {@code Network:main}. */
  String awsId(String name) {
    return kind + ":" + name;
  }

  /** Returns the identifier of a generation, such as {@code Network:main#1} after a replacement. */
  String awsId(String name, int generation) {
    return generation == 0 ? awsId(name) : awsId(name) + "#" + generation;
  }

  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    List<OwnedResource> owned = new ArrayList<>();
    cloud.forEach(
        (name, stored) -> {
          if (stored.owned && stored.stack.equals(context.stack())) {
            Map<String, String> tags = new HashMap<>();
            if (stored.deletionPolicy != null) {
              tags.put(OwnershipTags.DELETION_POLICY, stored.deletionPolicy);
            }
            owned.add(new OwnedResource(new ResourceId(kind, name), kind + ":" + name, tags, stored));
          }
        });
    return owned;
  }

  @Override
  public DeletionPolicy defaultDeletionPolicy(OwnedResource resource) {
    return defaultPolicy;
  }

  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    if (OwnershipTags.isRetired(resource.tags())) {
      writes.add("delete " + resource.arn());
      if (failingDeletions.contains(resource.arn())) {
        throw new IllegalStateException("injected failure for " + resource.arn());
      }
      retired.remove(resource.arn());
      return;
    }
    writes.add("delete " + resource.id());
    cloud.remove(resource.id().name());
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    if (OwnershipTags.isRetired(resource.tags())) {
      writes.add("release " + resource.arn());
      retired.remove(resource.arn());
      return;
    }
    writes.add("release " + resource.id());
    cloud.get(resource.id().name()).owned = false;
  }
}
