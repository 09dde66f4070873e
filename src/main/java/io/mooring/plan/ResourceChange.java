package io.mooring.plan;

import io.mooring.api.ResourceId;
import java.util.List;

/** A resource that needs an action, with the fields that differ. */
public record ResourceChange(ResourceId id, Action action, List<FieldChange> fields) {

  public ResourceChange {
    fields = List.copyOf(fields);
  }
}
