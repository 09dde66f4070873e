package io.mooring.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SourcePositionTest {

  /** Returns file names with the form that a message shows. */
  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of("line feed", "a\nb.yaml", "a\\nb.yaml"),
        Arguments.of("carriage return", "a\rb.yaml", "a\\rb.yaml"),
        Arguments.of("tab", "a\tb.yaml", "a\\tb.yaml"),
        Arguments.of("escape character", "a\u001bb.yaml", "a\\u001bb.yaml"),
        Arguments.of("line separator", "a\u2028b.yaml", "a\\u2028b.yaml"),
        Arguments.of("right-to-left override", "a\u202eb.yaml", "a\\u202eb.yaml"),
        Arguments.of("backslash", "a\\b.yaml", "a\\\\b.yaml"),
        Arguments.of("letters and spaces", "apps/\u00fc b.yaml", "apps/\u00fc b.yaml"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void fileNameIsEscapedForOneLine(String name, String file, String expected) {
    SourcePosition position = new SourcePosition(Path.of(file), 3, 7);

    assertThat(position.toString()).isEqualTo(expected + ":3:7");
  }
}
