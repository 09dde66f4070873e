package io.mooring.kinds.rds;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Engine version rules. RDS upgrades minor versions on its own when auto minor version upgrade is
 * on, so a live version that is at least the desired one within the same major version matches the
 * document: {@code 16} and {@code 16.2} both accept a live {@code 16.4}.
 *
 * <p>The major version is the first number for PostgreSQL 10 and later ({@code 16} of {@code 16.4})
 * and the first two numbers otherwise ({@code 8.0} of MySQL {@code 8.0.35}, {@code 10.11} of
 * MariaDB {@code 10.11.6}, {@code 9.6} of PostgreSQL {@code 9.6.24}).
 */
final class EngineVersions {
  /** Versions that documents may name: a major version or a longer one. */
  static final Pattern POSTGRES = Pattern.compile("\\d+(\\.\\d+){0,2}");

  static final Pattern MYSQL_AND_MARIADB = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?");

  private EngineVersions() {}

  /** Returns the pattern that a document's version must match for the engine. */
  static Pattern patternFor(String engine) {
    return engine.equals("postgres") ? POSTGRES : MYSQL_AND_MARIADB;
  }

  /** Returns the major version, such as {@code 16} of postgres {@code 16.4}. */
  static String major(String engine, String version) {
    List<String> parts = Arrays.asList(version.split("\\."));
    boolean singleNumberMajor = engine.equals("postgres") && parseInt(parts.get(0)) >= 10;
    int length = Math.min(parts.size(), singleNumberMajor ? 1 : 2);
    return String.join(".", parts.subList(0, length));
  }

  /**
   * Returns the live version to compare with the document: the desired version when the live one
   * satisfies it, so that an upgrade RDS made on its own is not drift, and the live one otherwise.
   */
  static String asCompared(String engine, String desired, String live) {
    if (live == null) {
      return null;
    }
    return satisfies(engine, desired, live) ? desired : live;
  }

  /** Returns whether {@code live} is in {@code desired}'s major version and not older. */
  static boolean satisfies(String engine, String desired, String live) {
    return major(engine, desired).equals(major(engine, live)) && compare(live, desired) >= 0;
  }

  /** Returns whether moving from {@code live} to {@code desired} lowers the major version. */
  static boolean isMajorDowngrade(String engine, String desired, String live) {
    return live != null && compare(major(engine, desired), major(engine, live)) < 0;
  }

  /** Returns whether moving from {@code live} to {@code desired} changes the major version. */
  static boolean isMajorChange(String engine, String desired, String live) {
    return live != null && !major(engine, desired).equals(major(engine, live));
  }

  /**
   * Compares two versions number by number, over the numbers that {@code reference} has, so that
   * {@code 16.4} compares equal to {@code 16} and greater than {@code 16.2}.
   */
  static int compare(String version, String reference) {
    String[] left = version.split("\\.");
    String[] right = reference.split("\\.");
    for (int i = 0; i < right.length; i++) {
      int a = i < left.length ? parseInt(left[i]) : 0;
      int b = parseInt(right[i]);
      if (a != b) {
        return Integer.compare(a, b);
      }
    }
    return 0;
  }

  /** Parses one number of a version; text after the digits, as in {@code 5-R1}, is ignored. */
  private static int parseInt(String part) {
    int end = 0;
    while (end < part.length() && Character.isDigit(part.charAt(end))) {
      end++;
    }
    return end == 0 ? 0 : Integer.parseInt(part.substring(0, end));
  }
}
