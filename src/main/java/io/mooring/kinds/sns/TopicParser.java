package io.mooring.kinds.sns;

import io.mooring.api.SpecReader;
import io.mooring.kinds.environment.ResourceTags;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads and validates the spec of a {@code Topic} document. */
final class TopicParser {
  /** An address with one {@code @} and a dot in the domain; SNS sends the confirmation there. */
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");

  /** A key id, a multi-Region key id, an alias name, or a key or alias ARN. */
  static final Pattern KMS_KEY =
      Pattern.compile(
          "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
              + "|mrk-[0-9a-f]{32}"
              + "|alias/[A-Za-z0-9/_-]{1,250}"
              + "|arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key|alias)/[A-Za-z0-9/_-]+");

  /** The AWS managed key of SNS. */
  private static final String SNS_MANAGED_KEY = "alias/aws/sns";

  /** The maximum length of a display name that SNS accepts. */
  private static final int MAX_DISPLAY_NAME = 100;

  private TopicParser() {}

  static TopicSpec parse(SpecReader spec) {
    return new TopicSpec(
        emails(spec),
        displayName(spec),
        kmsKey(spec),
        ResourceTags.read(spec));
  }

  /**
   * Reads the KMS key, rejecting the AWS managed key of SNS: its key policy cannot be changed to
   * let CloudWatch alarms and EventBridge use it, so they could not publish to the topic.
   */
  private static String kmsKey(SpecReader spec) {
    String key =
        spec.string("kmsKey", KMS_KEY, "a KMS key id, alias/NAME, or a key or alias ARN")
            .orElse(null);
    if (key != null && (key.equals(SNS_MANAGED_KEY) || key.endsWith(":" + SNS_MANAGED_KEY))) {
      spec.error(
          "kmsKey",
          SNS_MANAGED_KEY
              + " cannot be used: CloudWatch alarms and EventBridge cannot publish to a topic that"
              + " it encrypts; use a customer managed key whose key policy lets"
              + " cloudwatch.amazonaws.com and events.amazonaws.com use it");
      return null;
    }
    return key;
  }

  /**
   * Reads the addresses, lowercased: SNS treats two spellings as two subscriptions, but mail
   * servers deliver them to the same mailbox, so two spellings in git would mean two emails.
   */
  private static List<String> emails(SpecReader spec) {
    List<String> emails = spec.stringOrList("emails");
    TreeSet<String> unique = new TreeSet<>();
    for (String email : emails) {
      if (!EMAIL.matcher(email).matches()) {
        spec.error("emails", "invalid email address \"" + email + "\"");
      } else if (!unique.add(email.toLowerCase(Locale.ROOT))) {
        spec.error("emails", "\"" + email + "\" is listed twice");
      }
    }
    if (!spec.has("emails")) {
      spec.error("emails", "required field is missing; list the addresses that get the alerts");
    } else if (emails.isEmpty()) {
      spec.error("emails", "list at least one address");
    }
    return List.copyOf(unique);
  }

  private static String displayName(SpecReader spec) {
    String name = spec.string("displayName").orElse(null);
    if (name != null && (name.isBlank() || name.length() > MAX_DISPLAY_NAME)) {
      spec.error("displayName", "must be 1 to " + MAX_DISPLAY_NAME + " characters");
      return null;
    }
    return name;
  }
}
