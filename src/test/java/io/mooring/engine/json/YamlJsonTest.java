package io.mooring.engine.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.Problem;
import io.mooring.api.Problems;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;

/** Converting free-form YAML into JSON structures, value by value. */
class YamlJsonTest {
  private static final Path FILE = Path.of("role.yaml");

  private final Problems problems = new Problems();

  private Optional<Object> convert(String yaml) {
    Node node = new Yaml().compose(new java.io.StringReader(yaml));
    return YamlJson.convert(node, "spec.doc", FILE, problems);
  }

  /** Returns YAML scalars with the JSON value each becomes. */
  static Stream<Arguments> scalars() {
    return Stream.of(
        Arguments.of("plain string", "abc", "abc"),
        Arguments.of("quoted number", "\"3\"", "3"),
        Arguments.of("integer", "3", new BigDecimal("3")),
        Arguments.of("integer with underscores", "1_000", new BigDecimal("1000")),
        Arguments.of("hexadecimal", "0x1F", new BigDecimal("31")),
        Arguments.of("octal", "010", new BigDecimal("8")),
        Arguments.of("negative", "-42", new BigDecimal("-42")),
        Arguments.of("float", "2.50", new BigDecimal("2.50")),
        Arguments.of("exponent", "1.5e+3", new BigDecimal("1.5e+3")),
        Arguments.of("boolean", "true", true),
        Arguments.of("yes is a boolean", "yes", true),
        Arguments.of("off is a boolean", "off", false),
        Arguments.of("unquoted date stays as written", "2012-10-17", "2012-10-17"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scalars")
  void scalarBecomesJsonValue(String name, String yaml, Object expected) {
    assertThat(convert(yaml)).contains(expected);
    assertThat(problems.isEmpty()).isTrue();
  }

  @Test
  void nullBecomesEmpty() {
    assertThat(convert("~")).isEmpty();
    assertThat(problems.isEmpty()).isTrue();
  }

  @Test
  void mappingsAndListsKeepOrderAndNulls() {
    Object value = convert("b: [1, ~, x]\na: {c: d}\n").orElseThrow();

    assertThat(value)
        .isEqualTo(
            Map.of("b", Arrays.asList(new BigDecimal("1"), null, "x"), "a", Map.of("c", "d")));
    assertThat(List.copyOf(((Map<?, ?>) value).keySet())).isEqualTo(List.of("b", "a"));
  }

  @Test
  void mergeKeyEntriesJoinMapping() {
    Object value = convert("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n").orElseThrow();

    assertThat(((Map<?, ?>) value).get("c"))
        .isEqualTo(Map.of("x", new BigDecimal("1"), "y", new BigDecimal("3")));
    assertThat(problems.isEmpty()).isTrue();
  }

  /** Returns YAML that JSON cannot represent, with the error and its line. */
  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "infinity",
            "a: .inf\n",
            "role.yaml:1:4: spec.doc.a: invalid value .inf: JSON has no infinity or NaN"),
        Arguments.of(
            "not a number",
            "a: .nan\n",
            "role.yaml:1:4: spec.doc.a: invalid value .nan: JSON has no infinity or NaN"),
        Arguments.of(
            "base 60",
            "a: 1:30\n",
            "role.yaml:1:4: spec.doc.a: invalid value 1:30: base-60 numbers are not supported;"
                + " quote the value"),
        Arguments.of(
            "custom tag",
            "a: !Ref other\n",
            "role.yaml:1:4: spec.doc.a: unsupported YAML tag !Ref; use strings, numbers, booleans,"
                + " lists and mappings"),
        Arguments.of(
            "binary",
            "a: !!binary aGk=\n",
            "role.yaml:1:4: spec.doc.a: unsupported YAML tag tag:yaml.org,2002:binary; use strings,"
                + " numbers, booleans, lists and mappings"),
        Arguments.of(
            "list key", "? [a]\n: b\n", "role.yaml:1:3: spec.doc: keys must be plain strings"),
        Arguments.of("duplicate key", "a: 1\na: 2\n", "role.yaml:2:1: spec.doc.a: duplicate key"),
        Arguments.of(
            "merge key on a string",
            "c:\n  <<: x\n",
            "role.yaml:2:7: spec.doc.c.<<: a merge key (<<) takes a mapping or a list of mappings,"
                + " found a string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidYamlIsReportedAtItsLine(String name, String yaml, String problem) {
    assertThat(convert(yaml)).isEmpty();
    List<String> reported = problems.sorted().stream().map(Problem::toString).toList();
    assertThat(reported).containsExactly(problem);
  }
}
