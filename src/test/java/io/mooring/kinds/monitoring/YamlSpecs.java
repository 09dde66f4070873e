package io.mooring.kinds.monitoring;

import io.mooring.api.Problem;
import io.mooring.api.Problems;
import io.mooring.api.SpecReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.yaml.snakeyaml.Yaml;

/** Parses a spec written as YAML text with a kind's parser, for parser tests. */
public final class YamlSpecs {
  private YamlSpecs() {}

  /** The parsed spec and the errors, each as {@code FILE:LINE:COLUMN: field: message}. */
  public record Parsed<S>(S spec, List<String> problems) {}

  public static <S> Parsed<S> parse(String yaml, Function<SpecReader, S> parser) {
    Problems problems = new Problems();
    SpecReader reader =
        new SpecReader(
            Path.of("spec.yaml"), "spec", new Yaml().compose(new StringReader(yaml)), problems);
    S spec = parser.apply(reader);
    reader.finish();
    return new Parsed<>(spec, problems.sorted().stream().map(Problem::toString).toList());
  }
}
