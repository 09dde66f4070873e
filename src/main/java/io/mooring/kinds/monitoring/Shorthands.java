package io.mooring.kinds.monitoring;

import io.mooring.api.DesiredResource;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.api.SourcePosition;
import io.mooring.api.SpecReader;
import io.mooring.kinds.cloudwatch.AlarmSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

/** Helpers that the monitoring shorthands of the Service and Database kinds share. */
final class Shorthands {
  /** The maximum length of a document name, as the loader accepts them. */
  static final int MAX_NAME = 63;

  private Shorthands() {}

  /**
   * Reads an alarm threshold that may be turned off: a number enables the alarm at that value,
   * {@code true} at the default, {@code false} turns it off.
   *
   * @return the threshold, or empty when the alarm is off or the value is invalid
   */
  static Optional<BigDecimal> threshold(
      SpecReader reader, String key, BigDecimal defaultValue, BigDecimal min, BigDecimal max) {
    Optional<Node> node = reader.raw(key);
    if (node.isEmpty()) {
      return Optional.ofNullable(defaultValue);
    }
    if (node.get().getTag().equals(Tag.BOOL)) {
      boolean on = reader.bool(key).orElse(false);
      if (on && defaultValue == null) {
        reader.error(key, "set a number; this alarm has no default threshold");
      }
      return on ? Optional.ofNullable(defaultValue) : Optional.empty();
    }
    Optional<BigDecimal> value = SpecNumbers.decimal(reader, key);
    if (value.isPresent() && (value.get().compareTo(min) < 0 || value.get().compareTo(max) > 0)) {
      reader.error(
          key,
          "invalid value "
              + value.get().toPlainString()
              + ": must be between "
              + min.toPlainString()
              + " and "
              + max.toPlainString()
              + ", or false to turn the alarm off");
      return Optional.empty();
    }
    return value;
  }

  /** Returns a reference to the Topic that {@code key} names, or null when it is absent. */
  static Reference topic(SpecReader spec, String key) {
    return spec.string(key)
        .map(name -> new Reference("Topic", name, spec.child(key), spec.position(key)))
        .orElse(null);
  }

  /** Returns the notifications of an alarm that notifies the topic when it fires and ends. */
  static AlarmSpec.Notifications alarmAndOk(Reference topic) {
    if (topic == null) {
      return AlarmSpec.Notifications.NONE;
    }
    List<AlarmSpec.Action> actions = List.of(new AlarmSpec.Action(topic, null));
    return new AlarmSpec.Notifications(actions, actions, List.of());
  }

  /** Returns the notifications of an alarm that notifies the topic only when it fires. */
  static AlarmSpec.Notifications alarmOnly(Reference topic) {
    if (topic == null) {
      return AlarmSpec.Notifications.NONE;
    }
    return new AlarmSpec.Notifications(
        List.of(new AlarmSpec.Action(topic, null)), List.of(), List.of());
  }

  /**
   * Returns a generated document that belongs to {@code owner}: in its stack, with its deletion
   * policy, never adopting a resource it did not create.
   */
  static <S> DesiredResource<S> document(
      String kind, String name, S spec, SourcePosition position, DesiredResource<?> owner) {
    DesiredResource.Metadata metadata =
        new DesiredResource.Metadata(
            false,
            owner.metadata().deletionPolicy(),
            owner.metadata().stack(),
            owner.metadata().stackTags());
    return new DesiredResource<>(new ResourceId(kind, name), spec, position, metadata);
  }

  /** Records an error when a generated name would be longer than a document name may be. */
  static void checkLength(SpecReader spec, String key, String generated) {
    if (generated.length() > MAX_NAME) {
      spec.error(
          key,
          "the generated name \""
              + generated
              + "\" is longer than "
              + MAX_NAME
              + " characters; shorten the document's name");
    }
  }

  /** Returns a single-metric alarm with the shorthands' usual evaluation. */
  static AlarmSpec alarm(
      String description,
      AlarmSpec.Metric metric,
      String comparison,
      BigDecimal threshold,
      Evaluation evaluation,
      AlarmSpec.Notifications notifications,
      Map<String, String> tags) {
    return new AlarmSpec(
        description,
        metric,
        null,
        Map.of(),
        comparison,
        threshold,
        evaluation.periods(),
        evaluation.datapoints(),
        evaluation.missingData(),
        notifications,
        true,
        tags);
  }

  /** How many periods an alarm evaluates, how many must breach, and what missing data means. */
  record Evaluation(int periods, int datapoints, String missingData) {
    /** Three of five minutes, for resource usage that may spike briefly. */
    static final Evaluation SUSTAINED = new Evaluation(5, 3, "missing");
  }

  static AlarmSpec.Metric metric(
      String namespace,
      String name,
      Map<String, AlarmSpec.Dimension> dimensions,
      String statistic,
      int period) {
    return new AlarmSpec.Metric(namespace, name, dimensions, statistic, period, null);
  }
}
