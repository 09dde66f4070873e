package io.mooring.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.plan.FieldChange;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FieldDiffTest {

  /** Builds a map that may contain null values, which {@link Map#of} rejects. */
  private static Map<String, Object> fields(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static List<FieldChange> compare(Map<String, Object> desired, Map<String, Object> live) {
    return FieldDiff.compare(desired, live, Set.of());
  }

  // Value equality

  static Stream<Arguments> sameValues() {
    return Stream.of(
        Arguments.of("Integer and Long", 512, 512L),
        Arguments.of("Integer and Short", 80, (short) 80),
        Arguments.of("Integer and Double", 60, 60.0),
        Arguments.of("Double and BigDecimal with trailing zeros", 0.5, new BigDecimal("0.500")),
        Arguments.of("Long and BigInteger", 4096L, BigInteger.valueOf(4096)),
        Arguments.of("equal strings", "LATEST", "LATEST"),
        Arguments.of("equal booleans", true, Boolean.TRUE),
        Arguments.of("two nulls", null, null),
        Arguments.of("lists of numbers of different types", List.of(1, 2), List.of(1L, 2.0)),
        Arguments.of("empty lists", List.of(), List.of()),
        Arguments.of(
            "maps inside lists by value",
            List.of(Map.of("port", 80)),
            List.of(Map.of("port", 80L))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sameValues")
  void sameValuesCompareEqual(String description, Object a, Object b) {
    assertThat(FieldDiff.same(a, b)).isTrue();
    assertThat(FieldDiff.same(b, a)).isTrue();
  }

  static Stream<Arguments> differentValues() {
    return Stream.of(
        Arguments.of("number and its string", 512, "512"),
        Arguments.of("boolean and its string", true, "true"),
        Arguments.of("different numbers", 512, 1024L),
        Arguments.of("close but different numbers", 0.1, 0.10000001),
        Arguments.of("value and null", "x", null),
        Arguments.of("lists in another order", List.of("a", "b"), List.of("b", "a")),
        Arguments.of("lists of different length", List.of("a"), List.of("a", "a")),
        Arguments.of("list and single value", List.of("a"), "a"),
        Arguments.of("maps with different keys", Map.of("a", 1), Map.of("b", 1)),
        Arguments.of("strings differing in case", "tcp", "TCP"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differentValues")
  void differentValuesCompareUnequal(String description, Object a, Object b) {
    assertThat(FieldDiff.same(a, b)).isFalse();
    assertThat(FieldDiff.same(b, a)).isFalse();
  }

  @Test
  void numbersOfDifferentTypesProduceNoChange() {
    assertThat(compare(fields("cpu", 512, "memory", 1024L), fields("cpu", 512L, "memory", 1024)))
        .isEmpty();
  }

  @Test
  void stringFromAwsIsNotParsedAsNumber() {
    // Kinds parse AWS's numeric strings themselves, so FieldDiff compares the values it is given.
    assertThat(compare(fields("cpu", 512), fields("cpu", "512")))
        .containsExactly(new FieldChange("cpu", 512, "512", false));
  }

  // Null and missing

  @Test
  void nullDesiredEqualsMissingLive() {
    assertThat(compare(fields("user", null), fields())).isEmpty();
  }

  @Test
  void nullLiveEqualsMissingDesired() {
    assertThat(compare(fields(), fields("user", null))).isEmpty();
  }

  @Test
  void emptyNestedMapEqualsMissing() {
    assertThat(compare(fields("environment", Map.of()), fields())).isEmpty();
  }

  @Test
  void missingLiveValueIsNull() {
    assertThat(compare(fields("stopTimeout", 30), fields()))
        .containsExactly(new FieldChange("stopTimeout", 30, null, false));
  }

  @Test
  void missingDesiredValueIsNull() {
    assertThat(compare(fields(), fields("stopTimeout", 30)))
        .containsExactly(new FieldChange("stopTimeout", null, 30, false));
  }

  // Nested maps

  @Test
  void nestedMapsAreComparedByDottedPath() {
    Map<String, Object> desired =
        fields("environment", Map.of("KEEP", "1", "CHANGED", "new", "ADDED", "x"));
    Map<String, Object> live =
        fields("environment", Map.of("KEEP", "1", "CHANGED", "old", "REMOVED", "y"));

    assertThat(compare(desired, live))
        .containsExactly(
            new FieldChange("environment.ADDED", "x", null, false),
            new FieldChange("environment.CHANGED", "new", "old", false),
            new FieldChange("environment.REMOVED", null, "y", false));
  }

  @Test
  void deeplyNestedMapsFlattenToFullPath() {
    Map<String, Object> desired =
        fields("deployment", Map.of("circuitBreaker", Map.of("enable", true)));
    Map<String, Object> live =
        fields("deployment", Map.of("circuitBreaker", Map.of("enable", false)));

    assertThat(compare(desired, live))
        .containsExactly(new FieldChange("deployment.circuitBreaker.enable", true, false, false));
  }

  @Test
  void flattenKeepsDottedKeysAndDropsNulls() {
    Map<String, Object> nested = new HashMap<>();
    nested.put("task", "arn:role");
    nested.put("execution", null);

    Map<String, Object> flat = FieldDiff.flatten(fields("logs.group", "/ecs/web", "roles", nested));

    assertThat(flat)
        .containsOnly(Map.entry("logs.group", "/ecs/web"), Map.entry("roles.task", "arn:role"));
  }

  @Test
  void changesAreSortedByPath() {
    Map<String, Object> desired = fields("z", 1, "a", 1, "m", Map.of("b", 1, "a", 1));

    assertThat(compare(desired, fields()))
        .extracting(FieldChange::path)
        .containsExactly("a", "m.a", "m.b", "z");
  }

  // Lists

  @Test
  void listOrderMatters() {
    List<String> desired = List.of("uvicorn", "app:app");
    List<String> live = List.of("app:app", "uvicorn");

    assertThat(compare(fields("command", desired), fields("command", live)))
        .containsExactly(new FieldChange("command", desired, live, false));
  }

  @Test
  void listsAreComparedWholeNotByIndex() {
    assertThat(
            compare(
                fields("subnets", List.of("subnet-1", "subnet-2")),
                fields("subnets", List.of("subnet-1"))))
        .extracting(FieldChange::path)
        .containsExactly("subnets");
  }

  @Test
  void listContainingNullComparesItemByItem() {
    assertThat(FieldDiff.same(Arrays.asList("a", null), Arrays.asList("a", null))).isTrue();
    assertThat(FieldDiff.same(Arrays.asList("a", null), Arrays.asList("a", "b"))).isFalse();
  }

  // Replacement

  static Stream<Arguments> replaceRules() {
    return Stream.of(
        Arguments.of("cpu", Set.of("cpu"), true),
        Arguments.of("cpuArchitecture", Set.of("cpu"), false),
        Arguments.of("network.subnets", Set.of("network."), true),
        Arguments.of("networkMode", Set.of("network."), false),
        Arguments.of("network", Set.of("network."), false),
        Arguments.of("network.subnets", Set.of("network"), false),
        Arguments.of("logs.group", Set.of("logs.group", "cpu"), true),
        Arguments.of("image", Set.of(), false));
  }

  @ParameterizedTest(name = "{0} with {1}: {2}")
  @MethodSource("replaceRules")
  void forcesReplaceMatchesExactPathOrDottedPrefix(
      String path, Set<String> replaceFields, boolean expected) {
    assertThat(FieldDiff.forcesReplace(path, replaceFields)).isEqualTo(expected);
  }

  @Test
  void compareMarksOnlyReplaceFields() {
    List<FieldChange> changes =
        FieldDiff.compare(
            fields("name", "b", "image", "v2"), fields("name", "a", "image", "v1"), Set.of("name"));

    assertThat(changes)
        .containsExactly(
            new FieldChange("image", "v2", "v1", false), new FieldChange("name", "b", "a", true));
  }
}
