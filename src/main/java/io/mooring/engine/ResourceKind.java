package io.mooring.engine;

import io.mooring.api.DesiredResource;
import io.mooring.api.Reference;
import io.mooring.api.SpecReader;
import io.mooring.aws.AwsSession;
import io.mooring.plan.FieldChange;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A kind of resource that mooring manages: the one place that knows how a document maps onto AWS.
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
   * Reads the live state of every document of this kind, batching AWS reads where the API allows.
   * A document whose resource does not exist has no entry in the result.
   *
   * @return live resources by document name
   */
  Map<String, LiveResource> observe(List<DesiredResource<S>> desired, ObserveContext context);

  /**
   * Returns the managed fields of a document as a flat map from dotted path to value, in the same
   * normal form as {@link LiveResource#fields()}.
   */
  Map<String, Object> desiredFields(DesiredResource<S> desired, ObserveContext context);

  /** Returns the paths (or path prefixes ending in a dot) that AWS cannot change in place. */
  default Set<String> replaceFields() {
    return Set.of();
  }

  /**
   * Creates, updates or adopts the resource so that it matches the document.
   *
   * @param live the observed resource, or null when it does not exist
   * @param changes the fields that differ; every desired field when creating
   */
  void apply(
      DesiredResource<S> desired, LiveResource live, List<FieldChange> changes, AwsSession aws);
}
