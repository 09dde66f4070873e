package io.mooring.engine;

import io.mooring.api.ResourceId;
import io.mooring.plan.FieldChange;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds resources that receive the same update loop after loop. That happens when a diff rule is
 * wrong about what AWS stores, or when something else keeps changing the resource back; writing
 * it again every loop would fight forever, so the engine stops after {@link #LIMIT} loops.
 */
final class FlapDetector {
  static final int LIMIT = 3;

  private final Map<ResourceId, Seen> seen = new ConcurrentHashMap<>();

  /** Returns whether the same update was already applied {@link #LIMIT} loops in a row. */
  boolean isFlapping(ResourceId id, List<FieldChange> changes) {
    Seen previous = seen.get(id);
    return previous != null && previous.signature().equals(signature(changes)) && previous.count() >= LIMIT;
  }

  /** Records an update applied in this loop. */
  void recordUpdate(ResourceId id, List<FieldChange> changes) {
    String signature = signature(changes);
    seen.merge(
        id,
        new Seen(signature, 1),
        (old, fresh) -> old.signature().equals(signature) ? new Seen(signature, old.count() + 1) : fresh);
  }

  /** Forgets a resource, because it was found in sync. */
  void clear(ResourceId id) {
    seen.remove(id);
  }

  private static String signature(List<FieldChange> changes) {
    StringBuilder text = new StringBuilder();
    for (FieldChange change : changes) {
      text.append(change.path()).append('=').append(change.desired()).append(" <- ").append(change.live()).append('\n');
    }
    return text.toString();
  }

  private record Seen(String signature, int count) {}
}
