package io.mooring.kinds.network;

import java.util.Locale;

/**
 * Parses IPv4 and IPv6 CIDR blocks and writes them in one canonical form: dotted decimal for IPv4,
 * and for IPv6 the compressed lowercase form of RFC 5952 ({@code 2001:db8::/32}). Both sides of a
 * comparison go through {@link #normalize}, so {@code 2001:DB8:0:0::/32} and {@code 2001:db8::/32}
 * are the same block.
 *
 * <p>The parsing is done here rather than with {@code InetAddress}, which may resolve a string that
 * is not an address literal as a host name.
 */
final class Cidrs {
  private Cidrs() {}

  /** A parsed block: the address bytes (4 or 16) and the prefix length. */
  record Block(byte[] address, int prefix) {
    boolean isIpv6() {
      return address.length == 16;
    }

    /** Returns whether any bit after the prefix is set, as in {@code 10.0.0.1/16}. */
    boolean hasHostBits() {
      for (int bit = prefix; bit < address.length * 8; bit++) {
        if ((address[bit / 8] & (0x80 >> (bit % 8))) != 0) {
          return true;
        }
      }
      return false;
    }

    /** Returns the block with its host bits cleared. */
    Block network() {
      byte[] copy = address.clone();
      for (int bit = prefix; bit < copy.length * 8; bit++) {
        copy[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
      }
      return new Block(copy, prefix);
    }

    @Override
    public String toString() {
      return (isIpv6() ? formatIpv6(address) : formatIpv4(address)) + "/" + prefix;
    }
  }

  /**
   * Parses a CIDR block.
   *
   * @throws IllegalArgumentException when the text is not an IPv4 or IPv6 CIDR block
   */
  static Block parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("missing prefix length, as in 10.0.0.0/16");
    }
    String address = text.substring(0, slash);
    byte[] bytes = address.contains(":") ? parseIpv6(address) : parseIpv4(address);
    int prefix = parseNumber(text.substring(slash + 1), 10, bytes.length * 8);
    return new Block(bytes, prefix);
  }

  /** Returns the canonical form of a block read from AWS, or the text itself if it is no block. */
  static String normalize(String text) {
    try {
      return parse(text).network().toString();
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  private static byte[] parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("an IPv4 address has four numbers separated by dots");
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      bytes[i] = (byte) parseNumber(parts[i], 10, 255);
    }
    return bytes;
  }

  private static byte[] parseIpv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      throw new IllegalArgumentException("an IPv6 address may contain :: only once");
    }
    String[] head = gap < 0 ? groupsOf(text) : groupsOf(text.substring(0, gap));
    String[] tail = gap < 0 ? new String[0] : groupsOf(text.substring(gap + 2));
    int missing = 8 - head.length - tail.length;
    if (gap < 0 ? missing != 0 : missing < 1) {
      throw new IllegalArgumentException("an IPv6 address has eight groups of hexadecimal digits");
    }
    byte[] bytes = new byte[16];
    int group = 0;
    for (String part : head) {
      putGroup(bytes, group++, part);
    }
    group += missing;
    for (String part : tail) {
      putGroup(bytes, group++, part);
    }
    return bytes;
  }

  private static String[] groupsOf(String text) {
    return text.isEmpty() ? new String[0] : text.split(":", -1);
  }

  private static void putGroup(byte[] bytes, int group, String text) {
    if (text.length() > 4) {
      throw new IllegalArgumentException("an IPv6 group has at most four hexadecimal digits");
    }
    int value = parseNumber(text, 16, 0xffff);
    bytes[group * 2] = (byte) (value >> 8);
    bytes[group * 2 + 1] = (byte) value;
  }

  private static int parseNumber(String text, int radix, int max) {
    if (text.isEmpty() || text.startsWith("+") || text.startsWith("-")) {
      throw new IllegalArgumentException("\"" + text + "\" is not a number");
    }
    try {
      int value = Integer.parseInt(text, radix);
      if (value > max) {
        throw new IllegalArgumentException(text + " is larger than " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a number", e);
    }
  }

  private static String formatIpv4(byte[] bytes) {
    return (bytes[0] & 0xff)
        + "."
        + (bytes[1] & 0xff)
        + "."
        + (bytes[2] & 0xff)
        + "."
        + (bytes[3] & 0xff);
  }

  /**
   * Writes an IPv6 address as RFC 5952 requires: the longest run of two or more zero groups as ::.
   */
  private static String formatIpv6(byte[] bytes) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[i * 2] & 0xff) << 8) | (bytes[i * 2 + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int length = 0;
      while (i + length < 8 && groups[i + length] == 0) {
        length++;
      }
      if (length > bestLength) {
        bestStart = i;
        bestLength = length;
      }
      i += Math.max(length, 1);
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString().toLowerCase(Locale.ROOT);
  }
}
