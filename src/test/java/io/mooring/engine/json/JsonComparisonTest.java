package io.mooring.engine.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The structural comparison of JSON documents, with the exact paths it reports. */
class JsonComparisonTest {

  /**
   * Returns pairs of JSON texts, the comparison, and the paths where they differ (none when
   * equivalent).
   */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "key order", "{\"a\":1,\"b\":2}", "{\"b\":2,\"a\":1}", JsonComparison.EXACT, List.of()),
        Arguments.of(
            "whitespace", "{ \"a\" :\n [1, 2] }", "{\"a\":[1,2]}", JsonComparison.EXACT, List.of()),
        Arguments.of(
            "number notation", "{\"a\":1}", "{\"a\":1.0e0}", JsonComparison.EXACT, List.of()),
        Arguments.of("trailing zeros", "[2.50]", "[2.5]", JsonComparison.EXACT, List.of()),
        Arguments.of(
            "number became string",
            "{\"a\":3}",
            "{\"a\":\"3\"}",
            JsonComparison.EXACT,
            List.of("$.a")),
        Arguments.of(
            "boolean became string",
            "{\"a\":true}",
            "{\"a\":\"true\"}",
            JsonComparison.EXACT,
            List.of("$.a")),
        Arguments.of(
            "null is not absent", "{\"a\":null}", "{}", JsonComparison.EXACT, List.of("$.a")),
        Arguments.of(
            "missing key", "{\"a\":1,\"b\":2}", "{\"a\":1}", JsonComparison.EXACT, List.of("$.b")),
        Arguments.of(
            "array order",
            "[\"a\",\"b\"]",
            "[\"b\",\"a\"]",
            JsonComparison.EXACT,
            List.of("$[0]", "$[1]")),
        Arguments.of(
            "array length", "{\"a\":[1]}", "{\"a\":[1,2]}", JsonComparison.EXACT, List.of("$.a")),
        Arguments.of(
            "one-item array is not its item",
            "{\"a\":[\"x\"]}",
            "{\"a\":\"x\"}",
            JsonComparison.EXACT,
            List.of("$.a")),
        Arguments.of(
            "one-item array is its item in policies",
            "{\"Action\":[\"s3:GetObject\"]}",
            "{\"Action\":\"s3:GetObject\"}",
            JsonComparison.POLICY,
            List.of()),
        Arguments.of(
            "statement object is a one-statement list in policies",
            "{\"Statement\":{\"Effect\":\"Allow\"}}",
            "{\"Statement\":[{\"Effect\":\"Allow\"}]}",
            JsonComparison.POLICY,
            List.of()),
        Arguments.of(
            "policy version",
            "{\"Version\":\"2012-10-17\"}",
            "{\"Version\":\"2008-10-17\"}",
            JsonComparison.POLICY,
            List.of("$.Version")),
        Arguments.of(
            "policy lists keep order",
            "{\"Action\":[\"a:B\",\"a:C\"]}",
            "{\"Action\":[\"a:C\",\"a:B\"]}",
            JsonComparison.POLICY,
            List.of("$.Action[0]", "$.Action[1]")),
        Arguments.of(
            "nested path",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"arn:a\"},{\"Effect\":\"Deny\"}]}",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"arn:b\"},{\"Effect\":\"Deny\"}]}",
            JsonComparison.POLICY,
            List.of("$.Statement[0].Resource")),
        Arguments.of("different roots", "[1]", "{\"a\":1}", JsonComparison.EXACT, List.of("$")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void comparisonFindsExactlyTheDifferingPaths(
      String name, String a, String b, JsonComparison comparison, List<String> differences) {
    Object left = JsonStructures.parse(a);
    Object right = JsonStructures.parse(b);

    assertThat(comparison.differences(left, right)).containsExactlyElementsOf(differences);
    assertThat(comparison.equivalent(left, right)).isEqualTo(differences.isEmpty());
    assertThat(comparison.equivalent(right, left)).isEqualTo(differences.isEmpty());
  }

  @Test
  void policyNormalFormSortsKeysUnwrapsAndStripsZeros() {
    Object normal =
        JsonComparison.POLICY.normalize(
            JsonStructures.parse("{\"b\":[\"x\"],\"a\":1.50,\"c\":[1,2]}"));

    assertThat(JsonStructures.write(normal)).isEqualTo("{\"a\":1.5,\"b\":\"x\",\"c\":[1,2]}");
  }

  @Test
  void normalFormTreatsJavaNumberTypesByValue() {
    Map<String, Object> fromYaml = Map.of("n", 10, "d", 2.0);
    Map<String, Object> fromJson = Map.of("n", new BigDecimal("1E+1"), "d", new BigDecimal("2"));

    assertThat(JsonComparison.EXACT.equivalent(fromYaml, fromJson)).isTrue();
  }

  @Test
  void normalizeRejectsValuesJsonCannotHold() {
    assertThatThrownBy(
            () -> JsonComparison.EXACT.normalize(Map.of("when", java.time.Instant.EPOCH)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Instant");
  }
}
