package io.mooring.api;

/**
 * A validated document: its identity, its parsed spec and where it was defined.
 *
 * @param adopt whether {@code metadata.adopt} allows mooring to take over a same-named resource
 *     that it did not create
 */
public record DesiredResource<S>(ResourceId id, S spec, SourcePosition position, boolean adopt) {

  public String name() {
    return id.name();
  }
}
