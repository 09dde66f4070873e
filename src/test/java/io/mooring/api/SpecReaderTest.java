package io.mooring.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;

class SpecReaderTest {
  private final Problems problems = new Problems();

  /** Reads {@code yaml} as the mapping at field path {@code spec} of file {@code t.yaml}. */
  private SpecReader read(String yaml) {
    return readAt("spec", yaml);
  }

  private SpecReader readAt(String path, String yaml) {
    Node node = new Yaml().compose(new StringReader(yaml));
    return new SpecReader(Path.of("t.yaml"), path, node, problems);
  }

  private List<String> problemLines() {
    return problems.sorted().stream().map(Problem::toString).toList();
  }

  // Scalars

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "42       | 42",
        "-5       | -5",
        "+7       | 7",
        "1_000    | 1000",
        "0        | 0",
        "0x1F     | 31",
        "-0x10    | -16",
        "0b101    | 5",
        "010      | 8",
        "2147483647 | 2147483647"
      })
  void integerReadsYamlIntegerForms(String text, int expected) {
    SpecReader reader = read("n: " + text);

    assertThat(reader.integer("n")).contains(expected);
    assertThat(problemLines()).isEmpty();
  }

  @Test
  void integerBeyondIntRangeIsReported() {
    SpecReader reader = read("n: 99999999999");

    assertThat(reader.integer("n")).isEmpty();
    assertThat(problemLines())
        .containsExactly("t.yaml:1:4: spec.n: expected an integer, found 99999999999");
  }

  @Test
  void sexagesimalIntegerIsReported() {
    SpecReader reader = read("n: 1:30");

    assertThat(reader.integer("n")).isEmpty();
    assertThat(problemLines())
        .containsExactly("t.yaml:1:4: spec.n: expected an integer, found 1:30");
  }

  @Test
  void quotedNumberIsNotInteger() {
    SpecReader reader = read("n: \"512\"");

    assertThat(reader.integer("n")).isEmpty();
    assertThat(problemLines())
        .containsExactly("t.yaml:1:4: spec.n: expected an integer, found a string");
  }

  @Test
  void floatIsNotInteger() {
    SpecReader reader = read("n: 0.5");

    assertThat(reader.integer("n")).isEmpty();
    assertThat(problemLines())
        .containsExactly("t.yaml:1:4: spec.n: expected an integer, found a number");
  }

  @Test
  void integerOutsideRangeIsReported() {
    SpecReader reader = read("n: 0");

    assertThat(reader.integer("n", 1, 10)).isEmpty();
    assertThat(problemLines())
        .containsExactly("t.yaml:1:4: spec.n: invalid value 0: must be between 1 and 10");
  }

  @Test
  void integerAtRangeBoundsIsAccepted() {
    SpecReader reader = read("low: 1\nhigh: 10");

    assertThat(reader.integer("low", 1, 10)).contains(1);
    assertThat(reader.integer("high", 1, 10)).contains(10);
    assertThat(problemLines()).isEmpty();
  }

  @Test
  void integerWhereStringExpectedHintsQuoting() {
    SpecReader reader = read("s: 8000");

    assertThat(reader.string("s")).isEmpty();
    assertThat(problemLines())
        .containsExactly(
            "t.yaml:1:4: spec.s: expected a string, found an integer; quote the value");
  }

  @Test
  void booleanWhereStringExpectedHintsQuoting() {
    SpecReader reader = read("s: no");

    assertThat(reader.string("s")).isEmpty();
    assertThat(problemLines())
        .containsExactly("t.yaml:1:4: spec.s: expected a string, found a boolean; quote the value");
  }

  @Test
  void nullWhereStringExpectedHasNoQuotingHint() {
    SpecReader reader = read("s:\nt: x");

    assertThat(reader.string("s")).isEmpty();
    assertThat(problemLines()).containsExactly("t.yaml:1:3: spec.s: expected a string, found null");
  }

  @Test
  void listWhereStringExpectedIsReported() {
    SpecReader reader = read("s: [a, b]");

    assertThat(reader.string("s")).isEmpty();
    assertThat(problemLines())
        .containsExactly("t.yaml:1:4: spec.s: expected a string, found a list");
  }

  @ParameterizedTest
  @CsvSource({
    "true, true",
    "True, true",
    "TRUE, true",
    "yes, true",
    "Yes, true",
    "on, true",
    "ON, true",
    "false, false",
    "False, false",
    "no, false",
    "off, false"
  })
  void boolReadsYamlBooleanWords(String text, boolean expected) {
    SpecReader reader = read("b: " + text);

    assertThat(reader.bool("b")).contains(expected);
    assertThat(problemLines()).isEmpty();
  }

  @Test
  void quotedBooleanIsNotBool() {
    SpecReader reader = read("b: \"true\"");

    assertThat(reader.bool("b")).isEmpty();
    assertThat(problemLines())
        .containsExactly("t.yaml:1:4: spec.b: expected true or false, found a string");
  }

  @Test
  void oneOfRejectsOtherWords() {
    SpecReader reader = read("mode: fast");

    assertThat(reader.oneOf("mode", List.of("slow", "steady"))).isEmpty();
    assertThat(problemLines())
        .containsExactly(
            "t.yaml:1:7: spec.mode: invalid value \"fast\": must be one of slow, steady");
  }

  @Test
  void stringWithPatternRejectsMismatch() {
    SpecReader reader = read("id: subnet-XYZ");

    Optional<String> id = reader.string("id", Pattern.compile("subnet-[0-9a-f]+"), "a subnet id");

    assertThat(id).isEmpty();
    assertThat(problemLines())
        .containsExactly("t.yaml:1:5: spec.id: invalid value \"subnet-XYZ\": expected a subnet id");
  }

  @Test
  void absentOptionalFieldIsEmptyWithoutProblem() {
    SpecReader reader = read("a: 1");

    assertThat(reader.string("b")).isEmpty();
    assertThat(reader.integer("c")).isEmpty();
    assertThat(reader.bool("d")).isEmpty();
    assertThat(problemLines()).isEmpty();
  }

  @Test
  void missingRequiredStringIsReportedAtMapping() {
    SpecReader reader = read("\n  a: 1\n  b: 2");

    assertThat(reader.requiredString("name")).isEmpty();
    assertThat(problemLines()).containsExactly("t.yaml:2:3: spec.name: required field is missing");
  }

  // Mappings and lists

  @Test
  void nestedMappingPathsAreDotted() {
    SpecReader reader = read("outer:\n  inner:\n    n: x");

    SpecReader inner = reader.object("outer").orElseThrow().object("inner").orElseThrow();

    assertThat(inner.path()).isEqualTo("spec.outer.inner");
    assertThat(inner.integer("n")).isEmpty();
    assertThat(problemLines())
        .containsExactly("t.yaml:3:8: spec.outer.inner.n: expected an integer, found a string");
  }

  @Test
  void objectReturnsSameReaderOnEveryCall() {
    SpecReader reader = read("outer: {a: 1}");

    assertThat(reader.object("outer").orElseThrow()).isSameAs(reader.object("outer").orElseThrow());
  }

  @Test
  void listWhereMappingExpectedIsReported() {
    SpecReader reader = read("network: [subnet-1]");

    assertThat(reader.object("network")).isEmpty();
    assertThat(problemLines())
        .containsExactly("t.yaml:1:10: spec.network: expected a mapping, found a list");
  }

  @Test
  void missingRequiredObjectIsOneProblem() {
    SpecReader reader = read("a: 1");

    SpecReader missing = reader.requiredObject("network");
    missing.requiredString("subnet");
    missing.finish();

    assertThat(problemLines())
        .containsExactly("t.yaml:1:1: spec.network: required field is missing");
  }

  @Test
  void requiredObjectOfWrongTypeIsOneProblem() {
    SpecReader reader = read("network: 5");

    reader.requiredObject("network").requiredString("subnet");

    assertThat(problemLines())
        .containsExactly("t.yaml:1:10: spec.network: expected a mapping, found an integer");
  }

  @Test
  void stringListReportsItemByIndex() {
    SpecReader reader = read("command:\n  - run\n  - 8000\n  - --verbose");

    assertThat(reader.stringList("command")).containsExactly("run", "--verbose");
    assertThat(problemLines())
        .containsExactly(
            "t.yaml:3:5: spec.command[1]: expected a string, found an integer; quote the value");
  }

  @Test
  void stringListOfAbsentKeyIsEmpty() {
    SpecReader reader = read("a: 1");

    assertThat(reader.stringList("command")).isEmpty();
    assertThat(problemLines()).isEmpty();
  }

  @Test
  void scalarWhereListExpectedIsReported() {
    SpecReader reader = read("command: run");

    assertThat(reader.stringList("command")).isEmpty();
    assertThat(problemLines())
        .containsExactly("t.yaml:1:10: spec.command: expected a list, found a string");
  }

  @Test
  void objectListReportsNonMappingItems() {
    SpecReader reader = read("ports:\n  - {port: 80}\n  - 443\n  - {port: 8443, extra: 1}");

    List<SpecReader> items = reader.objectList("ports");
    items.forEach(item -> item.integer("port"));
    reader.finish();

    assertThat(items)
        .extracting(SpecReader::path)
        .containsExactly("spec.ports[0]", "spec.ports[2]");
    assertThat(problemLines())
        .containsExactly(
            "t.yaml:3:5: spec.ports[1]: expected a mapping, found an integer",
            "t.yaml:4:18: spec.ports[2].extra: unknown field");
  }

  @Test
  void stringMapKeepsFileOrder() {
    SpecReader reader = read("env:\n  ZED: z\n  ALPHA: a\n  MID: m");

    assertThat(reader.stringMap("env"))
        .containsExactly(
            java.util.Map.entry("ZED", "z"),
            java.util.Map.entry("ALPHA", "a"),
            java.util.Map.entry("MID", "m"));
  }

  @Test
  void describeNamesYamlTypes() {
    SpecReader reader = read("i: 1\nf: 1.5\nb: true\nn: ~\ns: x\nl: [1]\nm: {a: 1}");

    assertThat(
            List.of("i", "f", "b", "n", "s", "l", "m").stream()
                .map(key -> SpecReader.describe(reader.raw(key).orElseThrow()))
                .toList())
        .containsExactly(
            "an integer", "a number", "a boolean", "null", "a string", "a list", "a mapping");
  }

  // Keys: duplicates, unknown fields and their positions

  @Test
  void duplicateKeyIsReportedAtSecondKey() {
    SpecReader reader = read("a: 1\nb: 2\na: 3");

    assertThat(reader.integer("a")).contains(1);
    assertThat(problemLines()).containsExactly("t.yaml:3:1: spec.a: duplicate key");
  }

  @Test
  void nonScalarKeyIsReported() {
    SpecReader reader = read("? [a, b]\n: c\nd: 1");

    reader.integer("d");

    assertThat(problemLines()).containsExactly("t.yaml:1:3: spec: keys must be plain strings");
  }

  @Test
  void problemsOfDocumentRootNameNoField() {
    readAt("", "? [a]\n: b\n");
    readAt("", "- a\n");

    assertThat(problemLines())
        .containsExactly(
            "t.yaml:1:1: -: expected a mapping, found a list",
            "t.yaml:1:3: -: keys must be plain strings");
  }

  @Test
  void finishReportsUnreadKeysAtTheirKeys() {
    SpecReader reader = read("known: 1\nunknownOne: 2\nnested:\n  known: 3\n  unknownTwo: 4");

    reader.integer("known");
    reader.object("nested").orElseThrow().integer("known");
    reader.finish();

    assertThat(problemLines())
        .containsExactly(
            "t.yaml:2:1: spec.unknownOne: unknown field",
            "t.yaml:5:3: spec.nested.unknownTwo: unknown field");
  }

  @Test
  void finishReportsOnlyOnce() {
    SpecReader reader = read("unknown: 1");

    reader.finish();
    reader.finish();

    assertThat(problemLines()).containsExactly("t.yaml:1:1: spec.unknown: unknown field");
  }

  // Suggestions for misspelt fields

  @Test
  void misspeltFieldNamesClosestField() {
    SpecReader reader = read("imgae: nginx");

    reader.string("image");
    reader.integer("port");
    reader.finish();

    assertThat(problemLines())
        .containsExactly("t.yaml:1:1: spec.imgae: unknown field; did you mean \"image\"?");
  }

  @Test
  void fieldInOtherCaseIsSuggested() {
    SpecReader reader = read("DesiredCount: 2");

    reader.integer("desiredCount");
    reader.finish();

    assertThat(problemLines())
        .containsExactly(
            "t.yaml:1:1: spec.DesiredCount: unknown field; did you mean \"desiredCount\"?");
  }

  @Test
  void misspeltNestedFieldNamesClosestField() {
    SpecReader reader = read("healthCheck:\n  intervall: 30\nvolumes:\n  - {nmae: tmp}");

    reader.object("healthCheck").orElseThrow().integer("interval");
    reader.objectList("volumes").forEach(volume -> volume.string("name"));
    reader.finish();

    assertThat(problemLines())
        .containsExactly(
            "t.yaml:2:3: spec.healthCheck.intervall: unknown field; did you mean \"interval\"?",
            "t.yaml:4:6: spec.volumes[0].nmae: unknown field; did you mean \"name\"?");
  }

  @Test
  void misspeltRequiredFieldIsOneError() {
    SpecReader reader = read("port: 80\nimgae: nginx");

    reader.requiredString("image");
    reader.integer("port");
    reader.finish();

    assertThat(problemLines())
        .containsExactly(
            "t.yaml:2:1: spec.imgae: unknown field; did you mean the required field \"image\"?");
  }

  @Test
  void misspeltRequiredMappingIsOneError() {
    SpecReader reader = read("helthCheck: {command: [true]}");

    reader.requiredObject("healthCheck");
    reader.finish();

    assertThat(problemLines())
        .containsExactly(
            "t.yaml:1:1: spec.helthCheck: unknown field; did you mean the required field"
                + " \"healthCheck\"?");
  }

  @Test
  void kindMissingErrorMergesWithMisspelling() {
    SpecReader reader = read("memroy: 1024");

    if (!reader.has("memory")) {
      reader.error("memory", "required field is missing; set memory with cpu");
    }
    reader.finish();

    assertThat(problemLines())
        .containsExactly(
            "t.yaml:1:1: spec.memroy: unknown field; did you mean the required field"
                + " \"memory\"?");
  }

  @Test
  void secondMisspellingGetsPlainSuggestion() {
    SpecReader reader = read("imgae: a\nimagee: b");

    reader.requiredString("image");
    reader.finish();

    assertThat(problemLines())
        .containsExactly(
            "t.yaml:1:1: spec.imgae: unknown field; did you mean the required field \"image\"?",
            "t.yaml:2:1: spec.imagee: unknown field; did you mean \"image\"?");
  }

  @Test
  void distantUnknownFieldKeepsMissingError() {
    SpecReader reader = read("replicas: 3");

    reader.requiredString("image");
    reader.integer("desiredCount");
    reader.finish();

    assertThat(problemLines())
        .containsExactly(
            "t.yaml:1:1: spec.image: required field is missing",
            "t.yaml:1:1: spec.replicas: unknown field");
  }

  @Test
  void fieldThatIsSetIsNotSuggested() {
    SpecReader reader = read("image: a\nimagee: b");

    reader.requiredString("image");
    reader.finish();

    assertThat(problemLines()).containsExactly("t.yaml:2:1: spec.imagee: unknown field");
  }

  @Test
  void otherAbsentFieldErrorIsNotMerged() {
    SpecReader reader = read("portt: 80");

    reader.integer("port");
    reader.error("port", "set port or ports");
    reader.finish();

    assertThat(problemLines())
        .containsExactly(
            "t.yaml:1:1: spec.port: set port or ports",
            "t.yaml:1:1: spec.portt: unknown field; did you mean \"port\"?");
  }

  @Test
  void absentKeyAskedForIsNotUnknown() {
    SpecReader reader = read("a: 1");

    reader.integer("a");
    reader.has("b");
    reader.finish();

    assertThat(problemLines()).isEmpty();
  }

  @Test
  void keysAndRawMarkFieldsKnown() {
    SpecReader reader = read("free: {x: 1}\nmap: {y: 2}");

    reader.raw("free");
    reader.object("map").orElseThrow().keys();
    reader.finish();

    assertThat(problemLines()).isEmpty();
  }

  @Test
  void keyErrorPointsAtKey() {
    SpecReader reader = read("env:\n  1BAD: value");

    reader.object("env").orElseThrow().keyError("1BAD", "invalid variable name");

    assertThat(problemLines()).containsExactly("t.yaml:2:3: spec.env.1BAD: invalid variable name");
  }

  @Test
  void errorPointsAtValue() {
    SpecReader reader = read("env:\n  NAME: value");

    reader.object("env").orElseThrow().error("NAME", "bad value");

    assertThat(problemLines()).containsExactly("t.yaml:2:9: spec.env.NAME: bad value");
  }

  @Test
  void problemsAreSortedByFileLineAndColumn() {
    Problems unsorted = new Problems();
    unsorted.add(new SourcePosition(Path.of("b.yaml"), 1, 1), "x", "third");
    unsorted.add(new SourcePosition(Path.of("a.yaml"), 2, 5), "x", "second");
    unsorted.add(new SourcePosition(Path.of("a.yaml"), 2, 1), "x", "first");

    assertThat(unsorted.sorted())
        .extracting(Problem::message)
        .containsExactly("first", "second", "third");
  }
}
