package io.mooring.kinds.sns;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Compares a topic's email subscriptions with the document's addresses.
 *
 * <p>SNS lists a subscription that its recipient has not confirmed with the ARN {@value #PENDING}.
 * Such a subscription cannot be unsubscribed, and subscribing the address again would send another
 * confirmation email, so a pending address is never drift: it counts as subscribed when the
 * document lists it and is ignored when the document does not. SNS deletes unconfirmed
 * subscriptions on its own after a few days. Subscriptions of other protocols are left alone.
 */
final class EmailSubscriptions {
  static final String PENDING = "PendingConfirmation";
  static final String EMAIL_PROTOCOL = "email";

  private EmailSubscriptions() {}

  /**
   * One email subscription of a topic.
   *
   * @param arn the subscription ARN, or {@value #PENDING} while it awaits confirmation
   */
  record Subscription(String email, String arn) {
    Subscription {
      email = email.toLowerCase(Locale.ROOT);
    }

    boolean pending() {
      return PENDING.equals(arn);
    }

    boolean confirmed() {
      return arn != null && arn.startsWith("arn:");
    }
  }

  /** The writes that bring the subscriptions to the document's addresses. */
  record Changes(List<String> subscribe, List<String> unsubscribe) {}

  /**
   * Returns the addresses that count as subscribed: the confirmed ones and the pending ones that
   * the document lists, sorted.
   */
  static List<String> liveEmails(List<Subscription> live, List<String> desired) {
    TreeSet<String> emails = new TreeSet<>();
    for (Subscription subscription : live) {
      boolean listed = desired.contains(subscription.email());
      if (subscription.confirmed() || subscription.pending() && listed) {
        emails.add(subscription.email());
      }
    }
    return List.copyOf(emails);
  }

  /** Returns the addresses that have not confirmed their subscription, sorted. */
  static List<String> pending(List<Subscription> live) {
    TreeSet<String> emails = new TreeSet<>();
    live.stream().filter(Subscription::pending).forEach(s -> emails.add(s.email()));
    return List.copyOf(emails);
  }

  /**
   * Returns the addresses to subscribe (listed, with no subscription at all) and the ARNs to
   * unsubscribe (confirmed, no longer listed).
   */
  static Changes changes(List<Subscription> live, List<String> desired) {
    TreeSet<String> known = new TreeSet<>();
    List<String> unsubscribe = new ArrayList<>();
    for (Subscription subscription : live) {
      if (subscription.confirmed() || subscription.pending()) {
        known.add(subscription.email());
      }
      if (subscription.confirmed() && !desired.contains(subscription.email())) {
        unsubscribe.add(subscription.arn());
      }
    }
    List<String> subscribe = desired.stream().filter(email -> !known.contains(email)).toList();
    return new Changes(subscribe, unsubscribe);
  }
}
