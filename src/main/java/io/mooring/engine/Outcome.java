package io.mooring.engine;

import io.mooring.plan.ResourceChange;
import java.time.Instant;

/** The result of one reconcile for one resource. */
public sealed interface Outcome {

  /** A short word for status pages and metrics. */
  String state();

  /** Live state matches git; nothing was done. */
  record InSync() implements Outcome {
    @Override
    public String state() {
      return "in-sync";
    }
  }

  /** The change was applied. */
  record Changed(ResourceChange change) implements Outcome {
    @Override
    public String state() {
      return "changed";
    }
  }

  /** The change was found but not applied, because the loop is a dry run. */
  record Planned(ResourceChange change) implements Outcome {
    @Override
    public String state() {
      return "out-of-sync";
    }
  }

  /** Observing or applying failed; the next attempt is not before {@code retryAt}. */
  record Failed(String error, Instant retryAt) implements Outcome {
    @Override
    public String state() {
      return "failed";
    }
  }

  /**
   * The same update was applied loop after loop, so a diff rule or another writer disagrees with
   * git. mooring stops writing the resource until its document or its live state changes.
   */
  record Flapping(java.util.List<String> fields) implements Outcome {
    @Override
    public String state() {
      return "flapping";
    }
  }

  /** mooring will not change the resource, for the reason given. */
  record Blocked(String reason) implements Outcome {
    @Override
    public String state() {
      return "blocked";
    }
  }
}
