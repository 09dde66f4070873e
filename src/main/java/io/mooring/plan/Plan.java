package io.mooring.plan;

import java.util.List;

/**
 * The difference between git and AWS: the changes that an apply would make, in the order it would
 * make them, and the resources it would leave alone because they are blocked.
 */
public record Plan(List<ResourceChange> changes, List<Blocked> blocked) {

  public Plan {
    changes = List.copyOf(changes);
    blocked = List.copyOf(blocked);
  }

  public boolean inSync() {
    return changes.isEmpty() && blocked.isEmpty();
  }
}
