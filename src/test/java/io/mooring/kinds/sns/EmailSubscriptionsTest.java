package io.mooring.kinds.sns;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.kinds.sns.EmailSubscriptions.Subscription;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmailSubscriptionsTest {
  private static final String ARN_A = "arn:aws:sns:us-east-1:123456789012:oncall:1111";
  private static final String ARN_B = "arn:aws:sns:us-east-1:123456789012:oncall:2222";
  private static final String PENDING = EmailSubscriptions.PENDING;

  /**
   * Live subscriptions, listed addresses, and the expected live field, pending addresses, addresses
   * to subscribe and ARNs to unsubscribe.
   */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "all confirmed",
            List.of(new Subscription("a@x.io", ARN_A), new Subscription("b@x.io", ARN_B)),
            List.of("a@x.io", "b@x.io"),
            List.of("a@x.io", "b@x.io"),
            List.of(),
            List.of(),
            List.of()),
        Arguments.of(
            "new address",
            List.of(new Subscription("a@x.io", ARN_A)),
            List.of("a@x.io", "b@x.io"),
            List.of("a@x.io"),
            List.of(),
            List.of("b@x.io"),
            List.of()),
        Arguments.of(
            "confirmed address no longer listed",
            List.of(new Subscription("a@x.io", ARN_A), new Subscription("b@x.io", ARN_B)),
            List.of("a@x.io"),
            List.of("a@x.io", "b@x.io"),
            List.of(),
            List.of(),
            List.of(ARN_B)),
        Arguments.of(
            "pending listed address counts as subscribed",
            List.of(new Subscription("a@x.io", ARN_A), new Subscription("b@x.io", PENDING)),
            List.of("a@x.io", "b@x.io"),
            List.of("a@x.io", "b@x.io"),
            List.of("b@x.io"),
            List.of(),
            List.of()),
        Arguments.of(
            "pending address no longer listed is ignored",
            List.of(new Subscription("a@x.io", ARN_A), new Subscription("b@x.io", PENDING)),
            List.of("a@x.io"),
            List.of("a@x.io"),
            List.of("b@x.io"),
            List.of(),
            List.of()),
        Arguments.of(
            "addresses compare lowercase",
            List.of(new Subscription("A@X.io", ARN_A)),
            List.of("a@x.io"),
            List.of("a@x.io"),
            List.of(),
            List.of(),
            List.of()),
        Arguments.of(
            "subscription being deleted is neither confirmed nor pending",
            List.of(new Subscription("a@x.io", "Deleted")),
            List.of("a@x.io"),
            List.of(),
            List.of(),
            List.of("a@x.io"),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void comparesSubscriptionsWithDocument(
      String name,
      List<Subscription> live,
      List<String> desired,
      List<String> liveEmails,
      List<String> pending,
      List<String> subscribe,
      List<String> unsubscribe) {
    assertThat(EmailSubscriptions.liveEmails(live, desired)).isEqualTo(liveEmails);
    assertThat(EmailSubscriptions.pending(live)).isEqualTo(pending);
    EmailSubscriptions.Changes changes = EmailSubscriptions.changes(live, desired);
    assertThat(changes.subscribe()).isEqualTo(subscribe);
    assertThat(changes.unsubscribe()).isEqualTo(unsubscribe);
  }
}
