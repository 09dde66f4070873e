package io.mooring.daemon.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignedCommitTest {
  private static final String PAYLOAD =
      """
      tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904
      parent 1111111111111111111111111111111111111111
      author Test <test@example.com> 1772366400 +0000
      committer Test <test@example.com> 1772366400 +0000

      Update the cluster

       gpgsig lookalike in the message stays
      """;

  @Test
  void parseRemovesSignatureHeaderOnly() {
    String raw =
        PAYLOAD.replace(
            "committer Test <test@example.com> 1772366400 +0000\n",
            "committer Test <test@example.com> 1772366400 +0000\n"
                + "gpgsig -----BEGIN PGP SIGNATURE-----\n"
                + " \n"
                + " iHUEABYKAB0WIQ==\n"
                + " -----END PGP SIGNATURE-----\n");

    SignedCommit commit = SignedCommit.parse(raw.getBytes(StandardCharsets.UTF_8));

    assertThat(new String(commit.payload(), StandardCharsets.UTF_8)).isEqualTo(PAYLOAD);
    assertThat(commit.signature())
        .isEqualTo(
            "-----BEGIN PGP SIGNATURE-----\n\niHUEABYKAB0WIQ==\n-----END PGP SIGNATURE-----\n");
  }

  @Test
  void parseOfUnsignedCommitKeepsEveryByte() {
    SignedCommit commit = SignedCommit.parse(PAYLOAD.getBytes(StandardCharsets.UTF_8));

    assertThat(new String(commit.payload(), StandardCharsets.UTF_8)).isEqualTo(PAYLOAD);
    assertThat(commit.signature()).isNull();
  }

  @Test
  void parseKeepsOtherContinuationHeaders() {
    String raw =
        PAYLOAD.replace(
            "author ",
            "mergetag object 2222222222222222222222222222222222222222\n type commit\nauthor ");

    SignedCommit commit = SignedCommit.parse(raw.getBytes(StandardCharsets.UTF_8));

    assertThat(new String(commit.payload(), StandardCharsets.UTF_8)).isEqualTo(raw);
    assertThat(commit.signature()).isNull();
  }
}
