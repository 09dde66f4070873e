package io.mooring.daemon;

import org.slf4j.Logger;

/**
 * Logs a failure that may repeat every loop: at WARN when it first occurs or its message changes,
 * at DEBUG with a count while the same failure repeats, and at INFO when the step succeeds again.
 */
final class RepeatedFailureLog {
  private final Logger log;
  private final String step;
  private String lastMessage;
  private int failuresInARow;

  /**
   * @param step the step that fails, as the start of a sentence, such as {@code Fetching git}
   */
  RepeatedFailureLog(Logger log, String step) {
    this.log = log;
    this.step = step;
  }

  /**
   * Records a failure.
   *
   * @param consequence what the daemon does about it, such as {@code retrying in the next loop}
   */
  void failed(String message, Throwable cause, String consequence) {
    failuresInARow++;
    if (message.equals(lastMessage)) {
      log.debug(
          "{} failed again ({} times in a row), {}: {}",
          step,
          failuresInARow,
          consequence,
          message);
      return;
    }
    lastMessage = message;
    log.warn("{} failed, {}: {}", step, consequence, message);
    log.debug("Failure detail", cause);
  }

  void succeeded() {
    if (failuresInARow > 0) {
      log.info("{} succeeded again after {} failed loop(s)", step, failuresInARow);
    }
    failuresInARow = 0;
    lastMessage = null;
  }
}
