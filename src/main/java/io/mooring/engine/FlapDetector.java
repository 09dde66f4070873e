package io.mooring.engine;

import io.mooring.api.ResourceId;
import io.mooring.plan.FieldChange;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds resources that receive the same update loop after loop. That happens when a diff rule is
 * wrong about what AWS stores, or when something else keeps changing the resource back; writing
 * it again every loop would fight forever, so the engine stops after {@link #LIMIT} loops.
 *
 * <p>The count is of loops whose first observation found the same drift and applied the same
 * update. Only a first observation that finds the resource in sync clears it. The read-back after
 * an apply neither counts nor clears, because it reads mooring's own write rather than what changed
 * between loops.
 */
final class FlapDetector {
  static final int LIMIT = 3;
  private static final Logger log = LoggerFactory.getLogger(FlapDetector.class);

  private final Map<ResourceId, Seen> seen = new ConcurrentHashMap<>();

  /**
   * Returns whether the same update was already applied {@link #LIMIT} loops in a row. The first
   * loop that finds a resource flapping logs it at WARN, later loops at DEBUG.
   */
  boolean isFlapping(ResourceId id, List<FieldChange> changes) {
    Seen previous = seen.get(id);
    boolean flapping =
        previous != null
            && previous.signature().equals(signature(changes))
            && previous.count() >= LIMIT;
    if (flapping) {
      report(id, previous, changes);
    }
    return flapping;
  }

  private void report(ResourceId id, Seen previous, List<FieldChange> changes) {
    String fields = changes.stream().map(FieldChange::path).collect(Collectors.joining(", "));
    if (previous.reported()) {
      log.debug("{} is still flapping in {}, so mooring does not write it", id, fields);
      return;
    }
    seen.put(id, new Seen(previous.signature(), previous.count(), true));
    log.warn(
        "{} is flapping: the same update to {} was applied {} loops in a row, so mooring stops"
            + " writing it until its document or its live state changes; another writer or a diff"
            + " rule disagrees with git",
        id,
        fields,
        previous.count());
  }

  /** Records an update applied in this loop. */
  void recordUpdate(ResourceId id, List<FieldChange> changes) {
    String signature = signature(changes);
    seen.merge(
        id,
        new Seen(signature, 1, false),
        (old, fresh) ->
            old.signature().equals(signature)
                ? new Seen(signature, old.count() + 1, old.reported())
                : fresh);
  }

  /** Forgets a resource, because a loop's first observation found it in sync. */
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

  /**
   * The update last applied to a resource.
   *
   * @param count the loops in a row that applied it
   * @param reported whether the resource was logged as flapping
   */
  private record Seen(String signature, int count, boolean reported) {}
}
