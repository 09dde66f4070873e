package io.mooring.kinds.sns;

import java.util.Set;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sns.model.CreateTopicResponse;
import software.amazon.awssdk.services.sns.model.DeleteTopicRequest;
import software.amazon.awssdk.services.sns.model.DeleteTopicResponse;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicRequest;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.sns.model.ListTopicsRequest;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
import software.amazon.awssdk.services.sns.model.SetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.SetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.SubscribeRequest;
import software.amazon.awssdk.services.sns.model.SubscribeResponse;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.model.TagResourceRequest;
import software.amazon.awssdk.services.sns.model.TagResourceResponse;
import software.amazon.awssdk.services.sns.model.UnsubscribeRequest;
import software.amazon.awssdk.services.sns.model.UnsubscribeResponse;
import software.amazon.awssdk.services.sns.model.UntagResourceRequest;
import software.amazon.awssdk.services.sns.model.UntagResourceResponse;

/**
 * An SNS client that passes every call to the emulator, but lists the subscriptions of some email
 * addresses as SNS lists unconfirmed ones: with the ARN {@code PendingConfirmation}. moto 5.2.5
 * confirms every email subscription at once, so a pending one cannot be made any other way.
 */
final class PendingEmailsSnsClient implements SnsClient {
  private final SnsClient delegate;
  private final Set<String> pendingEmails;

  PendingEmailsSnsClient(SnsClient delegate, Set<String> pendingEmails) {
    this.delegate = delegate;
    this.pendingEmails = pendingEmails;
  }

  @Override
  public ListSubscriptionsByTopicResponse listSubscriptionsByTopic(
      ListSubscriptionsByTopicRequest request) {
    ListSubscriptionsByTopicResponse response = delegate.listSubscriptionsByTopic(request);
    return response.toBuilder()
        .subscriptions(response.subscriptions().stream().map(this::maybePending).toList())
        .build();
  }

  private Subscription maybePending(Subscription subscription) {
    if (!pendingEmails.contains(subscription.endpoint())) {
      return subscription;
    }
    return subscription.toBuilder().subscriptionArn(EmailSubscriptions.PENDING).build();
  }

  @Override
  public UnsubscribeResponse unsubscribe(UnsubscribeRequest request) {
    if (EmailSubscriptions.PENDING.equals(request.subscriptionArn())) {
      throw new IllegalArgumentException("SNS rejects unsubscribing a pending subscription");
    }
    return delegate.unsubscribe(request);
  }

  @Override
  public ListTopicsResponse listTopics(ListTopicsRequest request) {
    return delegate.listTopics(request);
  }

  @Override
  public GetTopicAttributesResponse getTopicAttributes(GetTopicAttributesRequest request) {
    return delegate.getTopicAttributes(request);
  }

  @Override
  public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest request) {
    return delegate.listTagsForResource(request);
  }

  @Override
  public CreateTopicResponse createTopic(CreateTopicRequest request) {
    return delegate.createTopic(request);
  }

  @Override
  public SetTopicAttributesResponse setTopicAttributes(SetTopicAttributesRequest request) {
    return delegate.setTopicAttributes(request);
  }

  @Override
  public SubscribeResponse subscribe(SubscribeRequest request) {
    return delegate.subscribe(request);
  }

  @Override
  public TagResourceResponse tagResource(TagResourceRequest request) {
    return delegate.tagResource(request);
  }

  @Override
  public UntagResourceResponse untagResource(UntagResourceRequest request) {
    return delegate.untagResource(request);
  }

  @Override
  public DeleteTopicResponse deleteTopic(DeleteTopicRequest request) {
    return delegate.deleteTopic(request);
  }

  @Override
  public String serviceName() {
    return delegate.serviceName();
  }

  @Override
  public void close() {
    // The session that built the delegate closes it.
  }
}
