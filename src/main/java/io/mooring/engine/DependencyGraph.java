package io.mooring.engine;

import io.mooring.api.ResourceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The references between resources as a graph, ordered into levels: every resource comes after
 * the resources it refers to, and the resources of one level are independent of each other.
 */
public final class DependencyGraph {
  private final Map<ResourceId, Set<ResourceId>> dependencies = new HashMap<>();

  public void add(ResourceId resource, Set<ResourceId> dependsOn) {
    dependencies.computeIfAbsent(resource, k -> new LinkedHashSet<>()).addAll(dependsOn);
  }

  /**
   * Adds a reference from {@code resource} to {@code dependency} unless {@code dependency} already
   * depends on {@code resource}, directly or through others, so that the reference would close a
   * cycle.
   *
   * @return whether the reference was added
   */
  public boolean addIfAcyclic(ResourceId resource, ResourceId dependency) {
    if (resource.equals(dependency) || dependsOn(dependency, resource, new HashSet<>())) {
      return false;
    }
    add(resource, Set.of(dependency));
    return true;
  }

  /** Returns whether {@code from} refers to {@code to}, directly or through other resources. */
  private boolean dependsOn(ResourceId from, ResourceId to, Set<ResourceId> visited) {
    if (!visited.add(from)) {
      return false;
    }
    for (ResourceId dependency : dependenciesOf(from)) {
      if (dependency.equals(to) || dependsOn(dependency, to, visited)) {
        return true;
      }
    }
    return false;
  }

  /** Returns a graph with the same references, which may grow apart from this one. */
  public DependencyGraph copy() {
    DependencyGraph copy = new DependencyGraph();
    dependencies.forEach(copy::add);
    return copy;
  }

  public Set<ResourceId> dependenciesOf(ResourceId resource) {
    return dependencies.getOrDefault(resource, Set.of());
  }

  /**
   * Returns the resources in creation order, grouped into levels that may run in parallel.
   *
   * @throws IllegalStateException when the references form a cycle; use {@link #cycles()} first
   */
  public List<List<ResourceId>> levels() {
    Map<ResourceId, Integer> level = new HashMap<>();
    for (ResourceId id : dependencies.keySet()) {
      levelOf(id, level, new LinkedHashSet<>());
    }
    List<List<ResourceId>> levels = new ArrayList<>();
    new TreeSet<>(dependencies.keySet())
        .forEach(
            id -> {
              int n = level.get(id);
              while (levels.size() <= n) {
                levels.add(new ArrayList<>());
              }
              levels.get(n).add(id);
            });
    return levels;
  }

  private int levelOf(ResourceId id, Map<ResourceId, Integer> level, Set<ResourceId> path) {
    Integer known = level.get(id);
    if (known != null) {
      return known;
    }
    if (!path.add(id)) {
      throw new IllegalStateException("reference cycle through " + id);
    }
    int result = 0;
    for (ResourceId dependency : dependenciesOf(id)) {
      if (dependencies.containsKey(dependency)) {
        result = Math.max(result, levelOf(dependency, level, path) + 1);
      }
    }
    path.remove(id);
    level.put(id, result);
    return result;
  }

  /** Returns each cycle once, as the list of its members in reference order. */
  public List<List<ResourceId>> cycles() {
    List<List<ResourceId>> cycles = new ArrayList<>();
    Set<ResourceId> done = new java.util.HashSet<>();
    for (ResourceId start : new TreeSet<>(dependencies.keySet())) {
      findCycles(start, new ArrayList<>(), done, cycles);
    }
    return cycles;
  }

  private void findCycles(
      ResourceId id, List<ResourceId> path, Set<ResourceId> done, List<List<ResourceId>> cycles) {
    int onPath = path.indexOf(id);
    if (onPath >= 0) {
      cycles.add(List.copyOf(path.subList(onPath, path.size())));
      return;
    }
    if (!done.add(id)) {
      return;
    }
    path.add(id);
    for (ResourceId dependency : new TreeSet<>(dependenciesOf(id))) {
      findCycles(dependency, path, done, cycles);
    }
    path.remove(path.size() - 1);
  }
}
