package io.mooring.kinds.sns;

import java.util.List;
import java.util.Map;

/**
 * The observed attributes, tags and subscriptions of a topic, for {@link TopicKind#apply}.
 *
 * @param attributes the topic's attributes as GetTopicAttributes returns them
 * @param subscriptions the topic's email subscriptions, pending ones included
 */
record TopicLive(
    Map<String, String> attributes,
    Map<String, String> tags,
    List<EmailSubscriptions.Subscription> subscriptions) {}
