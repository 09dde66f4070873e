package io.mooring.engine;

import io.mooring.api.ArnReference;
import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Problems;
import io.mooring.api.Reference;
import io.mooring.api.SpecReader;
import io.mooring.plan.FieldChange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A kind of resource that mooring manages: the one place that maps a document onto AWS.
 *
 * <p>The engine drives every kind the same way. It parses and validates documents with {@link
 * #parse}, reads live state for all documents of the kind at once with {@link #observe}, compares
 * {@link #desiredFields} with {@link LiveResource#fields()} field by field, and calls {@link
 * #apply} with the differences. Implementations keep no state between loops except caches of
 * immutable AWS data, so a restarted reconciler rebuilds everything from git and AWS.
 *
 * @param <S> the parsed spec of the kind's documents
 */
public interface ResourceKind<S> {

  /** Returns the {@code kind} of the documents, such as {@code Service}. */
  String kind();

  /** Returns the Java type of the parsed spec. */
  Class<S> specType();

  /**
   * Parses and validates a document's {@code spec}. Errors go to the reader's problems; the
   * returned spec is only used when there were none.
   */
  S parse(String name, SpecReader spec);

  /** Returns the documents this spec refers to; the engine checks that each one exists. */
  default List<Reference> references(S spec) {
    return List.of();
  }

  /**
   * Returns documents that this spec names without depending on them for ordering, such as the
   * groups that a security group's rules name, which may name each other. The engine blocks a
   * change of this document for the loop while one of them is blocked, flapping or failed, as it
   * does for {@link #references}.
   */
  default List<Reference> unorderedReferences(S spec) {
    return List.of();
  }

  /**
   * Returns the AWS resources that this spec names by ARN rather than by document name, such as a
   * Service's role ARNs. A document that defines one of them, as {@link #documentWithArn} of its
   * kind finds it, is ordered before this one, and pruning does not delete such a resource while a
   * document names its ARN.
   */
  default List<ArnReference> arnReferences(S spec) {
    return List.of();
  }

  /**
   * Returns the name of the document of this kind whose resource has {@code arn}, or empty when
   * none has. It is judged from the documents alone, because the resource may not exist yet.
   */
  default Optional<String> documentWithArn(String arn, DesiredState state) {
    return Optional.empty();
  }

  /**
   * Reads the live state of every document of this kind, batching AWS reads where the API allows.
   * A document whose resource does not exist has no entry in the result.
   *
   * @return live resources by document name
   */
  Map<String, LiveResource> observe(List<DesiredResource<S>> desired, ReconcileContext context);

  /**
   * Returns the managed fields of a document as a flat map from dotted path to value, in the same
   * normal form as {@link LiveResource#fields()}.
   */
  Map<String, Object> desiredFields(DesiredResource<S> desired, ReconcileContext context);

  /** Returns the paths (or path prefixes ending in a dot) that AWS cannot change in place. */
  default Set<String> replaceFields() {
    return Set.of();
  }

  /**
   * Returns the ordinary documents that a shorthand of this document expands into, such as the
   * alarms that a Service's {@code alarms} field requests. The loader adds them to the desired state,
   * where they are validated, planned and shown by name like written documents.
   */
  default List<DesiredResource<?>> expand(DesiredResource<S> resource, DesiredState state) {
    return List.of();
  }

  /** Returns the kinds whose documents this kind may refer to; deletion runs in reverse. */
  default Set<String> referencedKinds() {
    return Set.of();
  }

  /**
   * Checks what depends on other documents, such as a subnet set that the Environment must name.
   * The loader runs it for a document whose own spec, Environment and referenced documents parsed
   * without errors, even when other documents have errors.
   */
  default void validate(DesiredResource<S> resource, DesiredState state, Problems problems) {}

  /**
   * Returns how many tags the kind adds to some of its resources beyond {@link OwnershipTags}, such
   * as the name of a target group within its document. The loader counts them against AWS's limit
   * of 50 tags per resource.
   */
  default int additionalTagCount() {
    return 0;
  }

  /** Returns whether documents of this kind stand for AWS resources; Environment does not. */
  default boolean managesAwsResources() {
    return true;
  }

  /**
   * Returns the reason why mooring never replaces resources of this kind on its own, or null when
   * it may. A databases's replacement, for example, would lose its data.
   */
  default String replaceBlockedReason() {
    return null;
  }

  /**
   * Lists the resources of this kind that carry mooring's ownership tags for the stack, whether
   * or not a document still names them. Kinds that cannot be pruned return nothing.
   */
  default List<OwnedResource> inventory(InventoryContext context) {
    return List.of();
  }

  /** Returns what happens to an owned resource whose document is gone, without a policy tag. */
  default DeletionPolicy defaultDeletionPolicy(OwnedResource resource) {
    return DeletionPolicy.DELETE;
  }

  /** Deletes a resource whose document is gone. */
  default void delete(OwnedResource resource, ReconcileContext context) {
    throw new UnsupportedOperationException("mooring cannot delete " + kind() + " resources");
  }

  /** Removes mooring's ownership tags from a resource that is retained, leaving it in place. */
  default void release(OwnedResource resource, ReconcileContext context) {
    throw new UnsupportedOperationException("mooring cannot release " + kind() + " resources");
  }

  /**
   * Replaces the resource because a field changed that AWS cannot change in place. The default
   * deletes the live resource and creates it again; kinds whose names must stay unique override
   * this to create first. Such a kind may hand the old resource to {@link ReconcileContext#retire}
   * instead of deleting it, so that the engine deletes it once the documents that refer to it have
   * moved to the new one.
   */
  default void replace(
      DesiredResource<S> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    delete(new OwnedResource(desired.id(), live.arn(), Map.of(), live.details()), context);
    apply(desired, null, changes, context);
  }

  /**
   * Creates, updates or adopts the resource so that it matches the document.
   *
   * @param live the observed resource, or null when it does not exist
   * @param changes the fields that differ; every desired field when creating
   */
  void apply(
      DesiredResource<S> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context);
}
