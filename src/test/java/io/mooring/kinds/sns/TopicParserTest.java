package io.mooring.kinds.sns;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.kinds.monitoring.YamlSpecs;
import org.junit.jupiter.api.Test;

class TopicParserTest {

  private static YamlSpecs.Parsed<TopicSpec> parse(String yaml) {
    return YamlSpecs.parse(yaml, TopicParser::parse);
  }

  @Test
  void readsEveryField() {
    var parsed =
        parse(
            """
            emails: [Oncall@Example.com, lead@example.com]
            displayName: Orders on-call
            kmsKey: alias/orders-alerts
            tags: {team: orders}
            """);

    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.spec().emails()).containsExactly("lead@example.com", "oncall@example.com");
    assertThat(parsed.spec().displayName()).isEqualTo("Orders on-call");
    assertThat(parsed.spec().kmsKey()).isEqualTo("alias/orders-alerts");
    assertThat(parsed.spec().tags()).containsEntry("team", "orders");
  }

  @Test
  void singleAddressMayBeAString() {
    assertThat(parse("emails: oncall@example.com\n").spec().emails())
        .containsExactly("oncall@example.com");
  }

  @Test
  void invalidFieldsAreReportedAtTheirLines() {
    var parsed =
        parse(
            """
            emails: [oncall@example.com, not-an-address, ONCALL@example.com]
            displayName: ""
            kmsKey: my-key
            protocol: sms
            """);

    assertThat(parsed.problems())
        .containsExactly(
            "spec.yaml:1:9: spec.emails: invalid email address \"not-an-address\"",
            "spec.yaml:1:9: spec.emails: \"ONCALL@example.com\" is listed twice",
            "spec.yaml:2:14: spec.displayName: must be 1 to 100 characters",
            "spec.yaml:3:9: spec.kmsKey: invalid value \"my-key\": expected a KMS key id,"
                + " alias/NAME, or a key or alias ARN",
            "spec.yaml:4:1: spec.protocol: unknown field");
  }

  @Test
  void snsManagedKeyIsRejected() {
    var parsed = parse("emails: [a@example.com]\nkmsKey: alias/aws/sns\n");

    assertThat(parsed.problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .startsWith("spec.yaml:2:9: spec.kmsKey: alias/aws/sns cannot be used")
                    .contains("customer managed key"));
  }

  @Test
  void missingEmailsIsAnError() {
    assertThat(parse("displayName: x\n").problems())
        .containsExactly(
            "spec.yaml:1:1: spec.emails: required field is missing; list the addresses that get the"
                + " alerts");
  }
}
