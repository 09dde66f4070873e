package io.mooring.kinds.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The normal form of DNS names and record values, applied to both the document and what Route 53
 * returns, so that values Route 53 rewrites never show as drift. Each rewrite has one rule here.
 */
final class DnsNames {
  /** Route 53's limit on one character string of a TXT record, in bytes. */
  static final int TXT_STRING_LENGTH = 255;

  private static final String DUALSTACK = "dualstack.";

  private DnsNames() {}

  /**
   * Normalizes a domain name: Route 53 returns names fully qualified with a trailing dot, escapes
   * characters such as {@code *} as three octal digits ({@code \052}), and DNS names are
   * case-insensitive, so the normal form is lowercase, unescaped and without the trailing dot.
   */
  static String name(String name) {
    String unescaped = unescapeOctal(name);
    String lower = unescaped.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /**
   * Normalizes an alias target's DNS name: the rules of {@link #name}, and without the {@code
   * dualstack.} prefix, which the Route 53 console adds to Elastic Load Balancing targets and which
   * names the same load balancer.
   */
  static String aliasTarget(String dnsName) {
    String normal = name(dnsName);
    return normal.startsWith(DUALSTACK) ? normal.substring(DUALSTACK.length()) : normal;
  }

  /** Replaces each {@code \DDD} escape (three octal digits) with the character it stands for. */
  static String unescapeOctal(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && isOctal(text, i + 1)) {
        out.append((char) Integer.parseInt(text.substring(i + 1, i + 4), 8));
        i += 4;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String text, int from) {
    if (from + 3 > text.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }

  /**
   * Normalizes one record value of a type. Host names inside values (CNAME, NS and PTR targets, the
   * exchange of MX and the target of SRV) follow {@link #name}, because Route 53 keeps them as
   * written, with or without the trailing dot. TXT and SPF values compare as their text, without
   * the quotes and string splits that Route 53 needs. IPv6 addresses compare in lowercase.
   */
  static String value(String type, String value) {
    String trimmed = value.strip();
    return switch (type) {
      case "CNAME", "NS", "PTR" -> name(trimmed);
      case "MX", "SRV" -> lastFieldAsName(trimmed);
      case "TXT", "SPF" -> decodeTxt(trimmed);
      case "AAAA" -> trimmed.toLowerCase(Locale.ROOT);
      default -> trimmed;
    };
  }

  private static String lastFieldAsName(String value) {
    int space = value.lastIndexOf(' ');
    if (space < 0) {
      return name(value);
    }
    String head = String.join(" ", value.substring(0, space).strip().split("\\s+"));
    return head + " " + name(value.substring(space + 1));
  }

  /** Returns a value as Route 53 takes it: TXT and SPF text encoded, everything else as it is. */
  static String encode(String type, String value) {
    return type.equals("TXT") || type.equals("SPF") ? encodeTxt(value) : value;
  }

  /**
   * Encodes text as a TXT record value: one or more quoted character strings of at most {@value
   * #TXT_STRING_LENGTH} bytes of UTF-8, separated by spaces. Inside the quotes {@code "} and {@code
   * \} are escaped with a backslash, and bytes outside printable ASCII as a backslash and three
   * octal digits, as Route 53 requires. Resolvers join the strings back into the text.
   */
  static String encodeTxt(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<String> strings = new ArrayList<>();
    for (int from = 0; from < bytes.length || strings.isEmpty(); from += TXT_STRING_LENGTH) {
      StringBuilder string = new StringBuilder("\"");
      for (int i = from; i < Math.min(bytes.length, from + TXT_STRING_LENGTH); i++) {
        int b = bytes[i] & 0xFF;
        if (b == '"' || b == '\\') {
          string.append('\\').append((char) b);
        } else if (b < 0x20 || b > 0x7E) {
          string.append(String.format("\\%03o", b));
        } else {
          string.append((char) b);
        }
      }
      strings.add(string.append('"').toString());
    }
    return String.join(" ", strings);
  }

  /**
   * Decodes a TXT record value into its text: the quoted character strings joined, with backslash
   * escapes and octal escapes of UTF-8 bytes resolved. A value without quotes is returned as it is.
   */
  static String decodeTxt(String value) {
    if (!value.startsWith("\"")) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean quoted = false;
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        i++;
      } else if (quoted && c == '\\' && isOctal(value, i + 1)) {
        bytes.write(Integer.parseInt(value.substring(i + 1, i + 4), 8));
        i += 4;
      } else if (quoted && c == '\\' && i + 1 < value.length()) {
        writeUtf8(bytes, value.charAt(i + 1));
        i += 2;
      } else {
        if (quoted) {
          writeUtf8(bytes, c);
        }
        i++;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static void writeUtf8(ByteArrayOutputStream bytes, char c) {
    bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
  }
}
