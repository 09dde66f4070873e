package io.mooring.plan;

import java.util.List;

/**
 * The difference between git and AWS: the changes that an apply would make, in the order it would
 * make them, the resources it would leave alone because they are blocked, and the resources whose
 * live state could not be read, so that nothing is known about them.
 */
public record Plan(List<ResourceChange> changes, List<Blocked> blocked, List<PlanError> errors) {

  public Plan {
    changes = List.copyOf(changes);
    blocked = List.copyOf(blocked);
    errors = List.copyOf(errors);
  }

  /** Creates a plan in which every resource could be read. */
  public Plan(List<ResourceChange> changes, List<Blocked> blocked) {
    this(changes, blocked, List.of());
  }

  /** Returns whether nothing would change, nothing is blocked, and every resource was read. */
  public boolean inSync() {
    return changes.isEmpty() && blocked.isEmpty() && errors.isEmpty();
  }
}
