package io.mooring.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a {@link Plan} as text for terminals, JSON for programs or Markdown for pull requests. */
public enum PlanFormat {
  TEXT,
  JSON,
  MARKDOWN;

  private static final ObjectMapper JSON_MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public String render(Plan plan) {
    return switch (this) {
      case TEXT -> text(plan);
      case JSON -> json(plan);
      case MARKDOWN -> markdown(plan);
    };
  }

  /** Returns the plan as the JSON structure that {@code plan --output json} prints. */
  public static Map<String, Object> toJson(Plan plan) {
    List<Object> changes = new ArrayList<>();
    for (ResourceChange change : plan.changes()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("kind", change.id().kind());
      entry.put("name", change.id().name());
      entry.put("action", change.action().label());
      entry.put("order", changes.size() + 1);
      List<Object> fields = new ArrayList<>();
      for (FieldChange field : change.fields()) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("path", field.path());
        f.put("desired", field.desired());
        f.put("live", field.live());
        if (field.forcesReplace()) {
          f.put("forcesReplace", true);
        }
        if (field.knownAfterApply()) {
          f.put("knownAfterApply", true);
        }
        fields.add(f);
      }
      entry.put("fields", fields);
      changes.add(entry);
    }
    List<Object> blocked = new ArrayList<>();
    for (Blocked b : plan.blocked()) {
      // A LinkedHashMap keeps the keys in this order, which Map.of would vary from run to run.
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("kind", b.id().kind());
      entry.put("name", b.id().name());
      entry.put("reason", b.reason());
      blocked.add(entry);
    }
    List<Object> errors = new ArrayList<>();
    for (PlanError error : plan.errors()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("kind", error.id().kind());
      entry.put("name", error.id().name());
      entry.put("message", error.message());
      errors.add(entry);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("inSync", plan.inSync());
    root.put("changes", changes);
    root.put("blocked", blocked);
    root.put("errors", errors);
    return root;
  }

  private static String json(Plan plan) {
    try {
      return JSON_MAPPER.writeValueAsString(toJson(plan)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the plan as JSON", e);
    }
  }

  private static String text(Plan plan) {
    if (plan.inSync()) {
      return "In sync: no changes.\n";
    }
    StringBuilder out = new StringBuilder(summary(plan)).append("\n");
    int step = 1;
    for (ResourceChange change : plan.changes()) {
      out.append(String.format("%n%d. %s %s%n", step++, change.action().label(), change.id()));
      for (FieldChange field : change.fields()) {
        out.append(
            String.format(
                "     %s: desired %s, live %s%s%n",
                field.path(),
                value(field.desired()),
                value(field.live()),
                field.forcesReplace() ? " (forces replacement)" : ""));
      }
    }
    if (!plan.blocked().isEmpty()) {
      out.append("\nBlocked:\n");
      for (Blocked b : plan.blocked()) {
        out.append("  ").append(b.id()).append(": ").append(b.reason()).append("\n");
      }
    }
    if (!plan.errors().isEmpty()) {
      out.append("\nFailed to read, so the plan is incomplete:\n");
      for (PlanError error : plan.errors()) {
        out.append("  ").append(error.id()).append(": ").append(error.message()).append("\n");
      }
    }
    return out.toString();
  }

  private static String markdown(Plan plan) {
    StringBuilder out = new StringBuilder("### mooring plan\n\n");
    if (plan.inSync()) {
      return out.append("In sync: no changes.\n").toString();
    }
    out.append(summary(plan)).append("\n");
    int step = 1;
    for (ResourceChange change : plan.changes()) {
      out.append(String.format("%n#### %d. %s `%s`%n%n", step++, change.action().label(), change.id()));
      if (change.fields().isEmpty()) {
        continue;
      }
      out.append("| field | desired | live |\n|---|---|---|\n");
      for (FieldChange field : change.fields()) {
        out.append(
            String.format(
                "| `%s`%s | %s | %s |%n",
                field.path(),
                field.forcesReplace() ? " (forces replacement)" : "",
                cell(field.desired()),
                cell(field.live())));
      }
    }
    if (!plan.blocked().isEmpty()) {
      out.append("\n#### Blocked\n\n");
      for (Blocked b : plan.blocked()) {
        out.append("- `").append(b.id()).append("`: ").append(b.reason()).append("\n");
      }
    }
    if (!plan.errors().isEmpty()) {
      out.append("\n#### Failed\n\n")
          .append("The plan is incomplete, because reading these resources failed:\n\n");
      for (PlanError error : plan.errors()) {
        out.append("- `").append(error.id()).append("`: ").append(error.message()).append("\n");
      }
    }
    return out.toString();
  }

  private static String summary(Plan plan) {
    Map<Action, Integer> counts = new LinkedHashMap<>();
    for (Action action : Action.values()) {
      counts.put(action, 0);
    }
    plan.changes().forEach(c -> counts.merge(c.action(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((action, n) -> parts.add(n + " to " + action.label()));
    parts.add(plan.blocked().size() + " blocked");
    if (!plan.errors().isEmpty()) {
      parts.add(plan.errors().size() + " failed");
    }
    return "Plan: " + String.join(", ", parts) + ".";
  }

  private static String value(Object value) {
    if (value == null) {
      return "(none)";
    }
    if (FieldChange.KNOWN_AFTER_APPLY.equals(value)) {
      return FieldChange.KNOWN_AFTER_APPLY;
    }
    try {
      return JSON_MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  private static String cell(Object value) {
    if (value == null || FieldChange.KNOWN_AFTER_APPLY.equals(value)) {
      return "_" + value(value) + "_";
    }
    return codeSpan(value(value).replace("|", "\\|"));
  }

  /**
   * Wraps text in a Markdown code span. When the text contains backticks, the fence is one
   * backtick longer than their longest run. A space then pads each side, so that a backtick at
   * either end of the text does not join the fence, and CommonMark strips those two spaces.
   */
  private static String codeSpan(String text) {
    int longestRun = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = text.charAt(i) == '`' ? run + 1 : 0;
      longestRun = Math.max(longestRun, run);
    }
    if (longestRun == 0) {
      return "`" + text + "`";
    }
    String fence = "`".repeat(longestRun + 1);
    return fence + " " + text + " " + fence;
  }
}
