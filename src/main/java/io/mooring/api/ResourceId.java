package io.mooring.api;

import java.util.regex.Pattern;

/** The identity of a desired-state document: its kind and its {@code metadata.name}. */
public record ResourceId(String kind, String name) implements Comparable<ResourceId> {

  /**
   * A valid {@code metadata.name}, also for fields that name another document: names as ECS,
   * CloudWatch and most other AWS services accept them, and as Kubernetes does.
   */
  public static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

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
