package io.mooring.kinds.ecr;

import io.mooring.api.SpecReader;
import io.mooring.engine.json.JsonStructures;
import io.mooring.kinds.environment.ResourceTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads and validates the spec of a {@code Repository} document. */
final class RepositoryParser {
  /**
   * A KMS key ARN. ECR reports the key of a repository as its key ARN, so an alias or a bare key id
   * in the document would show as drift on every loop.
   */
  static final Pattern KMS_KEY_ARN =
      Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");

  static final List<String> ENCRYPTION_TYPES = List.of("AES256", "KMS", "KMS_DSSE");

  private static final List<String> POLICY_VERSIONS = List.of("2012-10-17", "2008-10-17");

  private RepositoryParser() {}

  static RepositorySpec parse(SpecReader spec) {
    return new RepositorySpec(
        spec.bool("immutableTags").orElse(false),
        spec.bool("scanOnPush").orElse(false),
        spec.object("lifecycle").map(RepositoryParser::lifecycle).orElse(null),
        spec.object("encryption")
            .map(RepositoryParser::encryption)
            .orElse(RepositorySpec.Encryption.DEFAULT),
        policy(spec),
        ResourceTags.read(spec));
  }

  private static RepositorySpec.Lifecycle lifecycle(SpecReader reader) {
    Integer keepLast = reader.integer("keepLast", 1, Integer.MAX_VALUE).orElse(null);
    Integer untaggedDays =
        reader.integer("expireUntaggedAfterDays", 1, Integer.MAX_VALUE).orElse(null);
    if (!reader.has("keepLast") && !reader.has("expireUntaggedAfterDays")) {
      reader.error(
          "keepLast",
          "set keepLast, expireUntaggedAfterDays or both; leave out lifecycle for no lifecycle"
              + " policy");
    }
    return new RepositorySpec.Lifecycle(keepLast, untaggedDays);
  }

  private static RepositorySpec.Encryption encryption(SpecReader reader) {
    String type = reader.oneOf("type", ENCRYPTION_TYPES).orElse("AES256");
    String kmsKey =
        reader
            .string(
                "kmsKey",
                KMS_KEY_ARN,
                "a KMS key ARN such as"
                    + " arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
            .orElse(null);
    if (!reader.has("type")) {
      reader.error(
          "type", "required field is missing; use one of " + String.join(", ", ENCRYPTION_TYPES));
    }
    if (reader.has("kmsKey") && type.equals("AES256")) {
      reader.error("kmsKey", "kmsKey applies only to encryption type KMS or KMS_DSSE");
    }
    return new RepositorySpec.Encryption(type, kmsKey);
  }

  /**
   * Reads {@code policy}: an IAM policy document written as a YAML mapping, or as a string that
   * contains the JSON.
   */
  private static Object policy(SpecReader spec) {
    Optional<Node> raw = spec.raw("policy");
    if (raw.isEmpty()) {
      return null;
    }
    Node node = raw.get();
    Object policy;
    if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.STR)) {
      try {
        policy = JsonStructures.parse(scalar.getValue());
      } catch (IllegalArgumentException e) {
        spec.error("policy", "invalid policy: " + e.getMessage());
        return null;
      }
    } else if (node instanceof MappingNode) {
      policy = fromYaml(node);
    } else {
      spec.error(
          "policy", "expected a mapping or a JSON string, found " + SpecReader.describe(node));
      return null;
    }
    return checkPolicy(spec, policy) ? policy : null;
  }

  private static boolean checkPolicy(SpecReader spec, Object policy) {
    if (!(policy instanceof Map<?, ?> document)) {
      spec.error("policy", "invalid policy: expected a JSON object with a Statement");
      return false;
    }
    Object statement = document.get("Statement");
    if (!(statement instanceof List<?> || statement instanceof Map<?, ?>)) {
      spec.error(
          "policy",
          "invalid policy: Statement is missing; it must be a statement or a list of statements");
      return false;
    }
    Object version = document.get("Version");
    if (version != null && !POLICY_VERSIONS.contains(version)) {
      spec.error("policy", "invalid policy Version \"" + version + "\": use 2012-10-17");
      return false;
    }
    return true;
  }

  /**
   * Converts a YAML mapping into the structure that its JSON text parses to, so that a policy
   * written in YAML compares equal to the same policy read back from ECR.
   */
  static Object fromYaml(Node node) {
    return JsonStructures.parse(JsonStructures.write(yamlValue(node)));
  }

  private static Object yamlValue(Node node) {
    if (node instanceof MappingNode mapping) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "";
        map.put(key, yamlValue(tuple.getValueNode()));
      }
      return map;
    }
    if (node instanceof SequenceNode sequence) {
      List<Object> list = new ArrayList<>();
      sequence.getValue().forEach(item -> list.add(yamlValue(item)));
      return list;
    }
    ScalarNode scalar = (ScalarNode) node;
    Tag tag = scalar.getTag();
    String text = scalar.getValue();
    if (tag.equals(Tag.NULL)) {
      return null;
    }
    if (tag.equals(Tag.BOOL)) {
      return List.of("true", "yes", "on").contains(text.toLowerCase(java.util.Locale.ROOT));
    }
    if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
      try {
        return new java.math.BigDecimal(text.replace("_", ""));
      } catch (NumberFormatException e) {
        // Hexadecimal, octal and sexagesimal numbers stay text, because policies do not use them.
        return text;
      }
    }
    return text;
  }
}
