package io.mooring.daemon.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs rejected hook requests at WARN at most once per {@link #INTERVAL} for each hook and result,
 * with the number of rejections since the last WARN, and the others at DEBUG. A client that keeps
 * sending bad signatures therefore cannot flood the log.
 */
final class RejectionLog {
  static final Duration INTERVAL = Duration.ofMinutes(1);

  private final Logger log;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  RejectionLog(Logger log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /** The time of the last WARN for one hook and result, and the rejections since. */
  private static final class Window {
    Instant lastWarning;
    long suppressed;
  }

  void rejected(String hook, String result, String remote, String problem) {
    Instant now = clock.instant();
    Window window = windows.computeIfAbsent(hook + " " + result, key -> new Window());
    long suppressed;
    synchronized (window) {
      if (window.lastWarning != null && now.isBefore(window.lastWarning.plus(INTERVAL))) {
        window.suppressed++;
        log.debug(
            "Rejected a request to /hooks/{} from {} ({}): {}", hook, remote, result, problem);
        return;
      }
      suppressed = window.suppressed;
      window.lastWarning = now;
      window.suppressed = 0;
    }
    log.warn(
        "Rejected a request to /hooks/{} from {} ({}): {}; {} more such rejection(s) since the"
            + " last warning",
        hook,
        remote,
        result,
        problem,
        suppressed);
  }
}
