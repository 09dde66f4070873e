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
 */
final class FakeKind implements ResourceKind<FakeKind.Spec> {

  /** A document's spec: one managed value and optional references to other fake documents. */
  record Spec(int value, List<String> dependsOn) {}

  /** What the fake cloud holds for one resource. */
  static final class Stored {
    int value;
    boolean owned = true;
    String stack = "default";
    String deletionPolicy;

    /** The identifiers that the last write resolved for the document's dependencies. */
    List<String> references = List.of();

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
        new Spec(value, List.of(dependsOn)),
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
    return new Spec(spec.integer("value").orElse(0), spec.stringList("dependsOn"));
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
      Stored stored = cloud.get(resource.name());
      boolean recorded = stored != null && (stored.owned || resource.adopt());
      if (recorded && !unrecorded.contains(resource.name())) {
        context.recordId(resource.id(), awsId(resource.name()));
      }
      if (stored != null) {
        LiveResource.Ownership ownership =
            stored.owned ? LiveResource.Ownership.OWNED : LiveResource.Ownership.FOREIGN;
        live.put(resource.name(), new LiveResource(kind + ":" + resource.name(), ownership, Map.of("value", stored.value), stored));
      }
    }
    return live;
  }

  @Override
  public Map<String, Object> desiredFields(DesiredResource<Spec> desired, ReconcileContext context) {
    return Map.of("value", desired.spec().value());
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
    context.recordId(desired.id(), awsId(desired.name()));
  }

  /** Returns the identifier that the fake cloud gives a resource, such as {@code Network:main}. */
  String awsId(String name) {
    return kind + ":" + name;
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
    writes.add("delete " + resource.id());
    cloud.remove(resource.id().name());
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    writes.add("release " + resource.id());
    cloud.get(resource.id().name()).owned = false;
  }
}
