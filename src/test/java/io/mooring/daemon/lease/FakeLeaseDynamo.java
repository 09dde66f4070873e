package io.mooring.daemon.lease;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A DynamoDB client that holds one lease item in memory, for lease tests without moto. It applies
 * the three update expressions of {@link LeaseTable} without evaluating their conditions: each
 * update stores, fails its condition or fails outright, as the test scripts it.
 */
final class FakeLeaseDynamo implements DynamoDbClient {

  /** What the next update does. */
  enum Reply {
    STORE,
    CONDITION_FAILS,
    REQUEST_FAILS
  }

  /** The replies of the next updates, in order. Once it is empty, each update stores. */
  final Deque<Reply> replies = new ArrayDeque<>();

  /** Runs inside each request, for a test that lets time pass while a request is under way. */
  Runnable duringRequest = () -> {};

  int updates;
  int reads;
  private Map<String, AttributeValue> item = new HashMap<>();

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest request) {
    updates++;
    duringRequest.run();
    Reply reply = replies.isEmpty() ? Reply.STORE : replies.poll();
    switch (reply) {
      case CONDITION_FAILS ->
          throw ConditionalCheckFailedException.builder().message("condition failed").build();
      case REQUEST_FAILS -> throw SdkClientException.create("request timed out");
      case STORE -> store(request);
    }
    return UpdateItemResponse.builder().attributes(item).build();
  }

  private void store(UpdateItemRequest request) {
    Map<String, AttributeValue> values = request.expressionAttributeValues();
    Map<String, AttributeValue> next = new HashMap<>(item);
    next.putAll(request.key());
    String update = request.updateExpression();
    if (update.contains("if_not_exists")) {
      long token = item.containsKey("token") ? Long.parseLong(item.get("token").n()) : 0;
      next.put("holder", values.get(":holder"));
      next.put("expiresAt", values.get(":expires"));
      next.put("token", AttributeValue.fromN(Long.toString(token + 1)));
    } else if (update.contains("REMOVE")) {
      next.remove("holder");
      next.put("expiresAt", AttributeValue.fromN("0"));
    } else {
      next.put("expiresAt", values.get(":expires"));
    }
    item = next;
  }

  @Override
  public GetItemResponse getItem(GetItemRequest request) {
    reads++;
    return GetItemResponse.builder().item(item).build();
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}
}
