package io.mooring.kinds.monitoring;

import io.mooring.api.SpecReader;
import java.math.BigDecimal;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads numbers that may have a fraction, which {@link SpecReader} has no accessor for. */
public final class SpecNumbers {
  private SpecNumbers() {}

  /**
   * Reads an integer or a decimal number such as {@code 80} or {@code 0.5}, marking the key known;
   * a string, even {@code "80"}, is an error.
   */
  public static Optional<BigDecimal> decimal(SpecReader spec, String key) {
    Optional<Node> node = spec.raw(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof ScalarNode scalar
        && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
      try {
        return Optional.of(new BigDecimal(scalar.getValue().replace("_", "")));
      } catch (NumberFormatException e) {
        spec.error(key, "expected a decimal number, found " + scalar.getValue());
        return Optional.empty();
      }
    }
    spec.error(key, "expected a number, found " + SpecReader.describe(node.get()));
    return Optional.empty();
  }
}
