package io.mooring.daemon.lease;

import io.mooring.daemon.Durations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The settings of leader election through a DynamoDB lease table.
 *
 * @param table the DynamoDB table, created on first use when missing
 * @param name the lease, the partition key of its item; daemons that share a name elect one leader
 * @param duration how long a lease lasts after each renewal; a standby takes over at most this long
 *     after the leader stops renewing
 */
public record LeaseConfig(String table, String name, Duration duration) {
  /** The default lease name. */
  public static final String DEFAULT_NAME = "mooring";

  /** The default lease duration. */
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);

  /**
   * The shortest lease duration. Renewals run every third of the duration, and each must finish
   * well within that, including DynamoDB's latency and the SDK's retries.
   */
  public static final Duration MIN_DURATION = Duration.ofSeconds(3);

  /** A DynamoDB table name: 3 to 255 letters, digits, underscores, hyphens and dots. */
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

  /** The DynamoDB limit of a partition key's size, in bytes, for a UTF-8 string. */
  private static final int MAX_NAME_BYTES = 2048;

  /**
   * @throws IllegalArgumentException naming the option and the value when a setting is invalid
   */
  public LeaseConfig {
    if (table == null || !TABLE_NAME.matcher(table).matches()) {
      throw invalid(
          "--lease-table",
          String.valueOf(table),
          "expected 3 to 255 letters, digits, underscores, hyphens or dots");
    }
    if (name == null
        || name.isBlank()
        || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw invalid("--lease-name", String.valueOf(name), "expected 1 to 2048 bytes of text");
    }
    if (duration == null || duration.compareTo(MIN_DURATION) < 0) {
      throw invalid(
          "--lease-duration",
          duration == null ? "null" : Durations.format(duration),
          "expected a duration of at least 3s");
    }
  }

  /** Returns how often the leader renews its lease and a standby tries to take it over. */
  public Duration renewInterval() {
    return duration.dividedBy(3);
  }

  /**
   * Returns how long before the lease expires the leader stops writing, a quarter of the duration:
   * 7.5 seconds for the default. The leader counts its lease from the moment it sent the request
   * that acquired or renewed it, on its own monotonic clock, while a standby may take over once its
   * wall clock passes the expiry stored in the table. The margin covers the difference between the
   * two hosts' wall clocks and a write that has passed the check but not yet reached AWS. It is
   * less than the renew interval, so after one failed renewal the next is still sent before the
   * writes stop.
   */
  public Duration safetyMargin() {
    return duration.dividedBy(4);
  }

  /** Returns how long after sending a successful acquire or renewal the leader may write. */
  public Duration writeWindow() {
    return duration.minus(safetyMargin());
  }

  private static IllegalArgumentException invalid(String option, String value, String expected) {
    return new IllegalArgumentException(
        "Invalid value for option '" + option + "': \"" + value + "\": " + expected);
  }
}
