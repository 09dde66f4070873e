package io.mooring.api;

/**
 * A typed reference from one document to another, checked at validation: the target must exist
 * and be of the expected kind.
 */
public record Reference(String kind, String name, String field, SourcePosition position) {

  public ResourceId target() {
    return new ResourceId(kind, name);
  }
}
