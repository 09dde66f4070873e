package io.mooring.kinds.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.kinds.monitoring.YamlSpecs;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventRuleParserTest {

  private static YamlSpecs.Parsed<EventRuleSpec> parse(String yaml) {
    return YamlSpecs.parse(yaml, EventRuleParser::parse);
  }

  @Test
  void readsPatternAsJsonStructure() {
    var parsed =
        parse(
            """
            pattern:
              source: [aws.ecs]
              detail: {exitCode: [{anything-but: 0}], lastStatus: [STOPPED]}
            notify: oncall
            inputPaths: {reason: $.detail.stoppedReason}
            inputTemplate: '"Stopped: <reason> (<aws.events.rule-name>)"'
            enabled: false
            """);

    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.spec().pattern())
        .isEqualTo(
            Map.of(
                "source", List.of("aws.ecs"),
                "detail",
                    Map.of(
                        "exitCode", List.of(Map.of("anything-but", BigDecimal.ZERO)),
                        "lastStatus", List.of("STOPPED"))));
    assertThat(parsed.spec().topic().name()).isEqualTo("oncall");
    assertThat(parsed.spec().enabled()).isFalse();
  }

  @Test
  void undefinedTemplateVariablesAreErrors() {
    var parsed =
        parse(
            """
            pattern: {source: [aws.ecs]}
            notify: oncall
            inputPaths: {reason: detail.stoppedReason}
            inputTemplate: '"<task> stopped: <reason>"'
            """);

    assertThat(parsed.problems())
        .containsExactly(
            "spec.yaml:3:22: spec.inputPaths.reason: must be a JSON path into the event, such as"
                + " $.detail.reason",
            "spec.yaml:4:16: spec.inputTemplate: <task> is not defined in inputPaths");
  }

  @Test
  void inputPathsWithoutTemplateIsAnError() {
    assertThat(
            parse("pattern: {source: [aws.ecs]}\nnotify: oncall\ninputPaths: {a: $.id}\n")
                .problems())
        .containsExactly(
            "spec.yaml:1:1: spec.inputTemplate: required field is missing; inputPaths are only used"
                + " by a template");
  }

  @Test
  void missingPatternAndNotifyAreErrors() {
    assertThat(parse("description: x\n").problems())
        .containsExactly(
            "spec.yaml:1:1: spec.pattern: required field is missing; for example {source:"
                + " [aws.ecs]}",
            "spec.yaml:1:1: spec.notify: required field is missing");
  }

  @Test
  void yamlValueWithoutJsonEquivalentIsReportedAtItsLine() {
    assertThat(parse("pattern:\n  source: [aws.ecs]\n  time: [.inf]\nnotify: oncall\n").problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .startsWith("spec.yaml:3:10: spec.pattern.time[0]: invalid value .inf"));
  }

  /** A pattern and the problems that EventBridge's rules for patterns find in it. */
  static Stream<Arguments> patterns() {
    return Stream.of(
        Arguments.of(Map.of("source", List.of("aws.ecs")), List.of()),
        Arguments.of(
            List.of("aws.ecs"),
            List.of(
                "must be a mapping with at least one field to match, such as source: [aws.ecs]")),
        Arguments.of(
            Map.of(),
            List.of(
                "must be a mapping with at least one field to match, such as source: [aws.ecs]")),
        Arguments.of(
            Map.of("source", "aws.ecs"),
            List.of("pattern.source: must be a list of values to match, such as [aws.ecs]")),
        Arguments.of(
            Map.of("source", List.of()),
            List.of("pattern.source: must list at least one value to match")),
        Arguments.of(
            Map.of("detail", Map.of()), List.of("pattern.detail: must not be an empty mapping")),
        Arguments.of(
            Map.of("$or", List.of(Map.of("a", List.of(1)), Map.of("b", List.of(2)))), List.of()),
        Arguments.of(
            Map.of("$or", List.of(Map.of("a", List.of(1)))),
            List.of("pattern.$or: must be a list of at least two patterns")),
        Arguments.of(
            Map.of("$or", List.of(Map.of("a", List.of(1)), "b")),
            List.of("pattern.$or[1]: must be a pattern mapping")));
  }

  @ParameterizedTest
  @MethodSource("patterns")
  void patternShapeIsChecked(Object pattern, List<String> problems) {
    assertThat(EventPatterns.problems(pattern)).isEqualTo(problems);
  }
}
