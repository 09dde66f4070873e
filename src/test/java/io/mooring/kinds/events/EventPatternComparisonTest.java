package io.mooring.kinds.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.engine.json.JsonComparison;
import io.mooring.engine.json.JsonDocument;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How an event pattern that EventBridge returns is compared with the document's pattern. */
class EventPatternComparisonTest {
  private static final String DESIRED =
      "{\"source\":[\"aws.ecs\"],\"detail\":{\"lastStatus\":[\"STOPPED\"],"
          + "\"containers\":{\"exitCode\":[{\"anything-but\":0}]}}}";

  /** Pattern text as EventBridge might return it, and whether it is the same pattern. */
  static Stream<Arguments> comparisons() {
    return Stream.of(
        Arguments.of("identical text", DESIRED, true),
        Arguments.of(
            "keys in another order, with whitespace",
            "{\n  \"detail\": {\"containers\": {\"exitCode\": [{\"anything-but\": 0}]},\n"
                + "             \"lastStatus\": [\"STOPPED\"]},\n  \"source\": [\"aws.ecs\"]\n}",
            true),
        Arguments.of("number written with a fraction", DESIRED.replace(":0}", ":0.0}"), true),
        Arguments.of("number that became a string", DESIRED.replace(":0}", ":\"0\"}"), false),
        Arguments.of(
            "one-item list written as its item",
            DESIRED.replace("[\"aws.ecs\"]", "\"aws.ecs\""),
            false),
        Arguments.of("another value", DESIRED.replace("STOPPED", "RUNNING"), false),
        Arguments.of(
            "a value added to a list",
            DESIRED.replace("[\"STOPPED\"]", "[\"STOPPED\",\"PENDING\"]"),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("comparisons")
  void patternComparesByStructure(String name, String live, boolean same) {
    JsonDocument desired = JsonDocument.parse(DESIRED, JsonComparison.EXACT);

    assertThat(JsonDocument.parse(live, JsonComparison.EXACT).equals(desired)).isEqualTo(same);
  }
}
