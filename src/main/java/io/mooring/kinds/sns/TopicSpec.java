package io.mooring.kinds.sns;

import java.util.List;
import java.util.Map;

/**
 * The spec of a {@code Topic} document: an SNS topic that mooring's alarms and event rules publish
 * to, with email subscriptions.
 *
 * @param emails the subscribed addresses, lowercase, sorted and without duplicates
 * @param displayName the sender name of the emails, or null for none
 * @param kmsKey the KMS key (id, alias or ARN) that encrypts messages at rest, or null for none
 */
public record TopicSpec(
    List<String> emails, String displayName, String kmsKey, Map<String, String> tags) {

  public TopicSpec {
    emails = List.copyOf(emails);
    tags = Map.copyOf(tags);
  }
}
