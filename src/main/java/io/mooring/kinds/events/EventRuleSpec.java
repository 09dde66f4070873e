package io.mooring.kinds.events;

import io.mooring.api.Reference;
import java.util.Map;

/**
 * The spec of an {@code EventRule} document: an EventBridge rule on the default event bus that
 * sends matching events to a Topic, optionally rendered into readable text by an input transformer.
 *
 * @param pattern the event pattern as a JSON structure (maps, lists, strings, numbers)
 * @param topic the Topic document that gets the events, named by {@code notify}
 * @param inputTemplate the input transformer's template, or null to send the event as it is
 * @param inputPaths the template's variables by name, each a JSON path into the event
 */
public record EventRuleSpec(
    String description,
    Object pattern,
    Reference topic,
    String inputTemplate,
    Map<String, String> inputPaths,
    boolean enabled,
    Map<String, String> tags) {

  public EventRuleSpec {
    inputPaths = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputPaths));
    tags = Map.copyOf(tags);
  }
}
