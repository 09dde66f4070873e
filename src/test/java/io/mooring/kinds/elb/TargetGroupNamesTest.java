package io.mooring.kinds.elb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetGroupNamesTest {
  private static final String VALID = "[A-Za-z0-9](?!.*--)[-A-Za-z0-9]*[A-Za-z0-9]";

  private static LoadBalancerSpec.TargetGroup group(String name, int port) {
    return new LoadBalancerSpec.TargetGroup(
        name, port, "HTTP", "ip", LoadBalancerParser.defaultHealthCheck("HTTP"), 300);
  }

  @Test
  void nameIsReadablePrefixAndHash() {
    // SHA-256 of "edge/orders-api/HTTP/8000/ip" starts with dee202.
    assertThat(TargetGroupNames.of("edge", group("orders-api", 8000)))
        .isEqualTo("edge-orders-api-dee202");
  }

  @Test
  void portChangeGivesNewName() {
    assertThat(TargetGroupNames.of("edge", group("orders-api", 8080)))
        .isEqualTo("edge-orders-api-d1cc93");
  }

  @Test
  void healthCheckChangeKeepsName() {
    var changed =
        new LoadBalancerSpec.TargetGroup(
            "orders-api",
            8000,
            "HTTP",
            "ip",
            new LoadBalancerSpec.HealthCheck("/health", "HTTP", "traffic-port", 10, 5, 2, 2, "200"),
            30);

    assertThat(TargetGroupNames.of("edge", changed)).isEqualTo("edge-orders-api-dee202");
  }

  @Test
  void longNamesAreCutToThirtyTwoCharacters() {
    String name =
        TargetGroupNames.of("a-very-long-load-balancer-name", group("orders-api-internal", 8000));

    assertThat(name).hasSize(32).matches(VALID).startsWith("a-very-long-load-balancer");
  }

  @Test
  void cutNeverEndsPrefixWithHyphen() {
    // The readable part is cut after 25 characters, which here is the hyphen after "abcd".
    String name = TargetGroupNames.of("abcdefghij-abcdefghij-abcd", group("x", 80));

    assertThat(name).matches(VALID).doesNotContain("--").hasSizeLessThanOrEqualTo(32);
  }

  @Test
  void repeatedHyphensAreCollapsed() {
    assertThat(TargetGroupNames.of("edge--one", group("api", 80)))
        .matches(VALID)
        .startsWith("edge-one-api-");
  }

  @Test
  void differentBalancersNeverShareName() {
    assertThat(TargetGroupNames.of("edge", group("api", 80)))
        .isNotEqualTo(TargetGroupNames.of("edge2", group("api", 80)));
  }
}
