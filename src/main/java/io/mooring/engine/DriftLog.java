package io.mooring.engine;

import io.mooring.api.ResourceId;
import io.mooring.plan.FieldChange;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs drift at WARN the first time it is seen and at DEBUG with a count while the same fields
 * keep drifting, so that a drift that returns every loop does not flood the log.
 */
final class DriftLog {
  private static final Logger log = LoggerFactory.getLogger(DriftLog.class);
  private final Map<ResourceId, Seen> seen = new ConcurrentHashMap<>();

  void report(ResourceId id, List<FieldChange> changes) {
    List<String> paths = changes.stream().map(FieldChange::path).toList();
    Seen previous = seen.get(id);
    if (previous != null && previous.paths().equals(paths)) {
      seen.put(id, new Seen(paths, previous.count() + 1));
      log.debug("{} still differs in {} ({} loops in a row)", id, paths, previous.count() + 1);
      return;
    }
    seen.put(id, new Seen(paths, 1));
    log.warn("{} differs from git in {}", id, paths);
  }

  void clear(ResourceId id) {
    seen.remove(id);
  }

  private record Seen(List<String> paths, int count) {}
}
