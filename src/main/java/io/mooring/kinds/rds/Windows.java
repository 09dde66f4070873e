package io.mooring.kinds.rds;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daily backup window ({@code hh24:mi-hh24:mi}) and the weekly maintenance window ({@code
 * ddd:hh24:mi-ddd:hh24:mi}) of an RDS instance, both in UTC. RDS requires each to last at least 30
 * minutes and the two not to overlap, and it stores the maintenance window in lowercase.
 */
final class Windows {
  static final int MIN_MINUTES = 30;

  private static final int DAY = 24 * 60;
  private static final int WEEK = 7 * DAY;
  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)");
  private static final Pattern DAILY =
      Pattern.compile("(" + TIME.pattern() + ")-(" + TIME.pattern() + ")");
  private static final Pattern WEEKLY =
      Pattern.compile("([a-z]{3}):(" + TIME.pattern() + ")-([a-z]{3}):(" + TIME.pattern() + ")");

  private Windows() {}

  /** A span of minutes from the start of the day or of the week (Monday 00:00). */
  record Span(int start, int end) {
    int minutes(int period) {
      return Math.floorMod(end - start, period);
    }
  }

  /** Parses a daily window, or returns null when the text is not one. */
  static Span daily(String text) {
    Matcher m = DAILY.matcher(text);
    if (!m.matches()) {
      return null;
    }
    return new Span(minuteOfDay(m.group(1)), minuteOfDay(m.group(4)));
  }

  /** Parses a weekly window in any letter case, or returns null when the text is not one. */
  static Span weekly(String text) {
    Matcher m = WEEKLY.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches() || !DAYS.contains(m.group(1)) || !DAYS.contains(m.group(5))) {
      return null;
    }
    int start = DAYS.indexOf(m.group(1)) * DAY + minuteOfDay(m.group(2));
    int end = DAYS.indexOf(m.group(5)) * DAY + minuteOfDay(m.group(6));
    return new Span(start, end);
  }

  /** Returns whether a daily window of {@code backup} overlaps the weekly {@code maintenance}. */
  static boolean overlap(Span backup, Span maintenance) {
    int length = backup.minutes(DAY);
    for (int day = 0; day < 7; day++) {
      int start = day * DAY + backup.start();
      if (intersects(start, length, maintenance.start(), maintenance.minutes(WEEK))) {
        return true;
      }
    }
    return false;
  }

  static int dailyMinutes(Span span) {
    return span.minutes(DAY);
  }

  static int weeklyMinutes(Span span) {
    return span.minutes(WEEK);
  }

  /** Returns whether two spans of the week, each given by its start and length, share a minute. */
  private static boolean intersects(int startA, int lengthA, int startB, int lengthB) {
    int offset = Math.floorMod(startB - startA, WEEK);
    int back = Math.floorMod(startA - startB, WEEK);
    return offset < lengthA || back < lengthB;
  }

  private static int minuteOfDay(String time) {
    return Integer.parseInt(time.substring(0, 2)) * 60 + Integer.parseInt(time.substring(3));
  }
}
