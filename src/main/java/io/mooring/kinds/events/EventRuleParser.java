package io.mooring.kinds.events;

import io.mooring.api.Reference;
import io.mooring.api.SpecReader;
import io.mooring.engine.json.JsonStructures;
import io.mooring.engine.json.YamlJson;
import io.mooring.kinds.environment.ResourceTags;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and validates the spec of an {@code EventRule} document. */
final class EventRuleParser {
  /** A variable of an input template, such as {@code <reason>}. */
  private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9_.-]+)>");

  /** Input transformer variable names that EventBridge accepts. */
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z0-9_-]{1,256}");

  /** Variables that EventBridge defines for every template, with an {@code aws.events.} name. */
  private static final String PREDEFINED_PREFIX = "aws.events.";

  private static final int MAX_TEMPLATE = 8192;
  private static final int MAX_PATHS = 100;
  private static final int MAX_DESCRIPTION = 512;

  private EventRuleParser() {}

  static EventRuleSpec parse(SpecReader spec) {
    String description = spec.string("description").orElse(null);
    if (description != null && description.length() > MAX_DESCRIPTION) {
      spec.error("description", "must be at most " + MAX_DESCRIPTION + " characters");
    }
    Object pattern = pattern(spec);
    String topic = spec.requiredString("notify");
    Reference notify = new Reference("Topic", topic, spec.child("notify"), spec.position("notify"));
    Map<String, String> paths = inputPaths(spec);
    String template = spec.string("inputTemplate").orElse(null);
    checkTemplate(spec, template, paths);
    return new EventRuleSpec(
        description,
        pattern,
        notify,
        template,
        paths,
        spec.bool("enabled").orElse(true),
        ResourceTags.read(spec));
  }

  private static Object pattern(SpecReader spec) {
    if (!spec.has("pattern")) {
      spec.error("pattern", "required field is missing; for example {source: [aws.ecs]}");
      return Map.of();
    }
    Object pattern = YamlJson.read(spec, "pattern").orElse(null);
    if (pattern == null) {
      return Map.of();
    }
    for (String problem : EventPatterns.problems(pattern)) {
      spec.error("pattern", problem);
    }
    int length = JsonStructures.write(pattern).length();
    if (length > EventPatterns.MAX_LENGTH) {
      spec.error(
          "pattern",
          "is "
              + length
              + " characters as JSON; EventBridge accepts at most "
              + EventPatterns.MAX_LENGTH);
    }
    return pattern;
  }

  private static Map<String, String> inputPaths(SpecReader spec) {
    Map<String, String> paths = new LinkedHashMap<>(spec.stringMap("inputPaths"));
    spec.object("inputPaths")
        .ifPresent(
            reader -> {
              if (paths.size() > MAX_PATHS) {
                spec.error("inputPaths", "at most " + MAX_PATHS + " variables are allowed");
              }
              paths.forEach(
                  (name, path) -> {
                    if (!VARIABLE.matcher(name).matches() || name.startsWith(PREDEFINED_PREFIX)) {
                      reader.keyError(name, "invalid variable name: use letters, digits, _ and -");
                    }
                    if (!path.startsWith("$")) {
                      reader.error(
                          name, "must be a JSON path into the event, such as $.detail.reason");
                    }
                  });
            });
    return paths;
  }

  /** Checks that every variable of the template is defined. */
  private static void checkTemplate(SpecReader spec, String template, Map<String, String> paths) {
    if (template == null) {
      if (!paths.isEmpty()) {
        spec.error(
            "inputTemplate", "required field is missing; inputPaths are only used by a template");
      }
      return;
    }
    if (template.isEmpty() || template.length() > MAX_TEMPLATE) {
      spec.error("inputTemplate", "must be 1 to " + MAX_TEMPLATE + " characters");
    }
    Matcher matcher = PLACEHOLDER.matcher(template);
    while (matcher.find()) {
      String name = matcher.group(1);
      if (!paths.containsKey(name) && !name.startsWith(PREDEFINED_PREFIX)) {
        spec.error("inputTemplate", "<" + name + "> is not defined in inputPaths");
      }
    }
  }
}
