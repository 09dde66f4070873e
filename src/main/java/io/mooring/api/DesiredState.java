package io.mooring.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Every validated document of a desired-state directory, with the directory's settings. */
public record DesiredState(Path root, List<DesiredResource<?>> resources, StackSettings settings) {

  public DesiredState {
    resources = List.copyOf(resources);
  }

  public DesiredState(Path root, List<DesiredResource<?>> resources) {
    this(root, resources, StackSettings.DEFAULT);
  }

  public Optional<DesiredResource<?>> find(ResourceId id) {
    return resources.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** Returns the documents of one kind, cast to that kind's spec type. */
  @SuppressWarnings("unchecked")
  public <S> List<DesiredResource<S>> ofKind(String kind, Class<S> specType) {
    return resources.stream()
        .filter(r -> r.id().kind().equals(kind) && specType.isInstance(r.spec()))
        .map(r -> (DesiredResource<S>) r)
        .toList();
  }
}
