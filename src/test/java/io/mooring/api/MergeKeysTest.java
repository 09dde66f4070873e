package io.mooring.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;

/** YAML merge keys ({@code <<}) as {@link SpecReader} reads them. */
class MergeKeysTest {
  private final Problems problems = new Problems();

  /** Reads the mapping at {@code key} of a YAML mapping, as the field {@code spec.KEY}. */
  private SpecReader read(String yaml, String key) {
    MappingNode root = (MappingNode) new Yaml().compose(new StringReader(yaml));
    SpecReader spec = new SpecReader(Path.of("t.yaml"), "spec", root, problems);
    return spec.object(key).orElseThrow();
  }

  private List<String> problemLines() {
    return problems.sorted().stream().map(Problem::toString).toList();
  }

  @Test
  void mergedMappingAddsItsEntries() {
    SpecReader reader = read("base: &b {a: x, b: y}\nc:\n  <<: *b\n  d: z\n", "c");

    assertThat(reader.keys()).containsExactly("a", "b", "d");
    assertThat(reader.string("a")).contains("x");
    assertThat(problemLines()).isEmpty();
  }

  @Test
  void ownEntryWinsOverMergedOne() {
    SpecReader reader = read("base: &b {a: x}\nc:\n  a: own\n  <<: *b\n", "c");

    assertThat(reader.string("a")).contains("own");
    assertThat(reader.keys()).containsExactly("a");
    assertThat(problemLines()).isEmpty();
  }

  @Test
  void earlierMappingOfListWins() {
    SpecReader reader =
        read("one: &one {a: first}\ntwo: &two {a: second, b: y}\nc: {<<: [*one, *two]}\n", "c");

    assertThat(reader.string("a")).contains("first");
    assertThat(reader.string("b")).contains("y");
    assertThat(problemLines()).isEmpty();
  }

  @Test
  void nestedMergeKeysAreResolved() {
    SpecReader reader = read("a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b}\n", "c");

    assertThat(reader.integer("x")).contains(1);
    assertThat(reader.integer("y")).contains(2);
    assertThat(problemLines()).isEmpty();
  }

  @Test
  void mergedValueErrorPointsWhereWritten() {
    SpecReader reader = read("base: &b\n  n: text\nc:\n  <<: *b\n", "c");

    assertThat(reader.integer("n")).isEmpty();
    assertThat(problemLines())
        .containsExactly("t.yaml:2:6: spec.c.n: expected an integer, found a string");
  }

  @Test
  void unknownMergedFieldPointsWhereWritten() {
    SpecReader reader = read("base: &b {known: 1, extra: 2}\nc: {<<: *b}\n", "c");
    reader.integer("known");

    reader.finish();

    assertThat(problemLines()).containsExactly("t.yaml:1:21: spec.c.extra: unknown field");
  }

  @Test
  void quotedMergeKeyIsOrdinaryKey() {
    SpecReader reader = read("c: {\"<<\": x}\n", "c");

    assertThat(reader.string("<<")).contains("x");
    assertThat(problemLines()).isEmpty();
  }

  @Test
  void mergeOfScalarIsReported() {
    read("c:\n  <<: x\n", "c");

    assertThat(problemLines())
        .containsExactly(
            "t.yaml:2:7: spec.c.<<: a merge key (<<) takes a mapping or a list of mappings, found"
                + " a string");
  }

  @Test
  void mergeOfListWithScalarIsReported() {
    SpecReader reader = read("a: &a {x: 1}\nc: {<<: [*a, 5]}\n", "c");

    assertThat(reader.integer("x")).contains(1);
    assertThat(problemLines())
        .containsExactly(
            "t.yaml:2:14: spec.c.<<: a merge key (<<) takes a mapping or a list of mappings, found"
                + " an integer");
  }

  @Test
  void secondMergeKeyIsDuplicate() {
    read("a: &a {x: 1}\nc:\n  <<: *a\n  <<: *a\n", "c");

    assertThat(problemLines()).containsExactly("t.yaml:4:3: spec.c.<<: duplicate key");
  }

  @Test
  void mappingMergingItselfIsReported() {
    SpecReader reader = read("c: &c\n  x: 1\n  <<: *c\n", "c");

    assertThat(reader.integer("x")).contains(1);
    assertThat(problemLines())
        .containsExactly(
            "t.yaml:3:3: spec.c.<<: a merge key (<<) cannot merge a mapping that contains it");
  }
}
