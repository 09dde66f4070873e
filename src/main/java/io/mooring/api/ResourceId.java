package io.mooring.api;

/** The identity of a desired-state document: its kind and its {@code metadata.name}. */
public record ResourceId(String kind, String name) implements Comparable<ResourceId> {

  @Override
  public String toString() {
    return kind + "/" + name;
  }

  @Override
  public int compareTo(ResourceId other) {
    int byKind = kind.compareTo(other.kind);
    return byKind != 0 ? byKind : name.compareTo(other.name);
  }
}
