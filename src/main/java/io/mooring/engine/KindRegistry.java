package io.mooring.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The resource kinds that the loader accepts and the engine reconciles. */
public final class KindRegistry {
  private final Map<String, ResourceKind<?>> kinds = new LinkedHashMap<>();

  public KindRegistry(List<ResourceKind<?>> kinds) {
    for (ResourceKind<?> kind : kinds) {
      if (this.kinds.putIfAbsent(kind.kind(), kind) != null) {
        throw new IllegalArgumentException("kind " + kind.kind() + " is registered twice");
      }
    }
  }

  public Optional<ResourceKind<?>> find(String kind) {
    return Optional.ofNullable(kinds.get(kind));
  }

  public ResourceKind<?> get(String kind) {
    return find(kind).orElseThrow(() -> new IllegalArgumentException("unknown kind " + kind));
  }

  public List<ResourceKind<?>> all() {
    return List.copyOf(kinds.values());
  }

  public String names() {
    return String.join(", ", kinds.keySet());
  }
}
