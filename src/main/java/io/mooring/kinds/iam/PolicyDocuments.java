package io.mooring.kinds.iam;

import io.mooring.engine.json.InvalidJsonException;
import io.mooring.engine.json.JsonComparison;
import io.mooring.engine.json.JsonDocument;
import io.mooring.engine.json.JsonStructures;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** IAM policy documents: how IAM returns them, how mooring writes them, and what they grant. */
final class PolicyDocuments {
  /** The current version of the IAM policy language. */
  static final String VERSION = "2012-10-17";

  /** The largest total size of a role's inline policies, in characters other than whitespace. */
  static final int MAX_INLINE_CHARACTERS = 10_240;

  /** The maximum size of a customer managed policy, in characters other than whitespace. */
  static final int MAX_MANAGED_CHARACTERS = 6_144;

  private PolicyDocuments() {}

  /**
   * Returns a policy document as IAM returns it, URL-encoded as RFC 3986 describes, in the normal
   * form that mooring compares. Text that starts with a brace is taken as plain JSON, because an
   * encoded document starts with {@code %7B}. Text that is not valid JSON becomes a string
   * document, which differs from every desired document, so that mooring writes it again.
   */
  static JsonDocument fromIam(String text) {
    String json = decode(text);
    try {
      return JsonDocument.parse(json, JsonComparison.POLICY);
    } catch (InvalidJsonException e) {
      return JsonDocument.of(json, JsonComparison.POLICY);
    }
  }

  /** Decodes a document that IAM returned URL-encoded; plain JSON is returned as it is. */
  static String decode(String text) {
    if (text == null) {
      return "";
    }
    if (text.strip().startsWith("{")) {
      return text;
    }
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** Returns a desired document in the normal form that mooring compares. */
  static JsonDocument of(Object structure) {
    return JsonDocument.of(structure, JsonComparison.POLICY);
  }

  /** Returns the trust policy that lets the given AWS services assume a role. */
  static Map<String, Object> trustPolicyFor(List<String> services) {
    Map<String, Object> principal = new LinkedHashMap<>();
    principal.put("Service", services.size() == 1 ? services.get(0) : List.copyOf(services));
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Effect", "Allow");
    statement.put("Principal", principal);
    statement.put("Action", "sts:AssumeRole");
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("Version", VERSION);
    document.put("Statement", List.of(statement));
    return document;
  }

  /** Returns the statements of a document, whether {@code Statement} is one object or a list. */
  static List<Object> statements(Object document) {
    if (!(document instanceof Map<?, ?> map)) {
      return List.of();
    }
    Object statement = map.get("Statement");
    if (statement instanceof List<?> list) {
      return new ArrayList<>(list);
    }
    return statement == null ? List.of() : List.of(statement);
  }

  /**
   * Returns whether a statement allows every action on every resource: {@code Effect: Allow} with
   * {@code Action} {@code "*"} or {@code "*:*"} (alone or in a list) and {@code Resource} {@code
   * "*"} (alone or in a list).
   */
  static boolean grantsEverything(Object statement) {
    if (!(statement instanceof Map<?, ?> map) || !"Allow".equals(map.get("Effect"))) {
      return false;
    }
    boolean everyAction =
        values(map.get("Action")).stream().anyMatch(a -> a.equals("*") || a.equals("*:*"));
    boolean everyResource = values(map.get("Resource")).contains("*");
    return everyAction && everyResource;
  }

  /** Returns a value that IAM accepts as a string or a list of strings, as a list. */
  static List<Object> values(Object value) {
    if (value instanceof List<?> list) {
      return new ArrayList<>(list);
    }
    return value == null ? List.of() : List.of(value);
  }

  /**
   * Returns the size of a document as IAM counts it against its quotas: JSON without whitespace.
   */
  static int characterCount(Object document) {
    String json = JsonStructures.write(document);
    return (int) json.chars().filter(c -> !Character.isWhitespace(c)).count();
  }
}
