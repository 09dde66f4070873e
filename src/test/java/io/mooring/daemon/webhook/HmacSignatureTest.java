package io.mooring.daemon.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HmacSignatureTest {
  private static final byte[] SECRET =
      "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);

  /** The expected signature, computed independently with Python's hmac module. */
  private static final String EXPECTED =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  @Test
  void signMatchesKnownAnswer() {
    assertThat(HmacSignature.sign(SECRET, BODY)).isEqualTo(EXPECTED);
  }

  @Test
  void matchesAcceptsKnownAnswer() {
    assertThat(HmacSignature.matches(SECRET, BODY, EXPECTED)).isTrue();
    assertThat(
            HmacSignature.matches(SECRET, BODY, EXPECTED.toUpperCase().replace("SHA256", "sha256")))
        .isTrue();
  }

  @Test
  void matchesRejectsMalformedAndWrongValues() {
    String[] rejected = {
      null,
      "",
      "sha256=",
      "sha1=" + EXPECTED.substring(7),
      EXPECTED.substring(7),
      EXPECTED.substring(0, EXPECTED.length() - 1),
      EXPECTED + "0",
      EXPECTED.substring(0, EXPECTED.length() - 1) + "f",
      EXPECTED.replace('7', 'g'),
    };
    for (String header : rejected) {
      assertThat(HmacSignature.matches(SECRET, BODY, header)).as("header %s", header).isFalse();
    }
  }

  @Test
  void matchesRejectsOtherSecretAndBody() {
    byte[] otherSecret = "another secret".getBytes(StandardCharsets.UTF_8);
    byte[] otherBody = "Hello, World?".getBytes(StandardCharsets.UTF_8);

    assertThat(HmacSignature.matches(otherSecret, BODY, EXPECTED)).isFalse();
    assertThat(HmacSignature.matches(SECRET, otherBody, EXPECTED)).isFalse();
  }
}
