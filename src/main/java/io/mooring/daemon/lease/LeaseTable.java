package io.mooring.daemon.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The lease items in one DynamoDB table, one item per lease name, changed only with conditional
 * writes.
 *
 * <p>An item has the string partition key {@code name}, the string {@code holder}, the number
 * {@code expiresAt} in epoch milliseconds, and the number {@code token}. A process acquires the
 * lease when the item is missing, its lease expired, or it already names that process. Each
 * acquisition adds one to the token. Renewing and releasing succeed only while the item still names
 * the same holder and token.
 *
 * <p>Expiry times come from the writer's clock, so the clocks of competing hosts must agree to well
 * within the lease duration.
 */
public final class LeaseTable {
  private static final Logger log = LoggerFactory.getLogger(LeaseTable.class);

  static final String NAME = "name";
  static final String HOLDER = "holder";
  static final String EXPIRES_AT = "expiresAt";
  static final String TOKEN = "token";

  /** How long {@link #ensureExists} waits for a new table to become ACTIVE. */
  private static final Duration CREATE_TIMEOUT = Duration.ofMinutes(2);

  private static final Duration CREATE_POLL_DELAY = Duration.ofSeconds(1);

  /** Placeholders for every attribute, because NAME and TOKEN are DynamoDB reserved words. */
  private static final Map<String, String> NAMES =
      Map.of("#name", NAME, "#holder", HOLDER, "#expires", EXPIRES_AT, "#token", TOKEN);

  private final DynamoDbClient client;
  private final String table;

  public LeaseTable(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  public String name() {
    return table;
  }

  /**
   * Creates the table with on-demand billing when it does not exist, and waits until it is ACTIVE.
   *
   * @throws IllegalStateException if the table exists with another key schema, or does not become
   *     ACTIVE in time
   */
  public void ensureExists() {
    TableDescription description;
    try {
      description = client.describeTable(request -> request.tableName(table)).table();
    } catch (ResourceNotFoundException e) {
      create();
      description = awaitActive();
    }
    checkKeySchema(description);
    if (description.tableStatus() != TableStatus.ACTIVE) {
      awaitActive();
    }
  }

  private void create() {
    log.info("Creating lease table {} with on-demand billing", table);
    try {
      client.createTable(
          request ->
              request
                  .tableName(table)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      definition ->
                          definition.attributeName(NAME).attributeType(ScalarAttributeType.S))
                  .keySchema(key -> key.attributeName(NAME).keyType(KeyType.HASH)));
    } catch (ResourceInUseException e) {
      log.debug("Lease table {} was created by another process at the same time", table);
    }
  }

  private TableDescription awaitActive() {
    try (DynamoDbWaiter waiter =
        DynamoDbWaiter.builder()
            .client(client)
            .overrideConfiguration(
                wait ->
                    wait.backoffStrategy(FixedDelayBackoffStrategy.create(CREATE_POLL_DELAY))
                        .waitTimeout(CREATE_TIMEOUT))
            .build()) {
      WaiterResponse<DescribeTableResponse> response =
          waiter.waitUntilTableExists(request -> request.tableName(table));
      return response
          .matched()
          .response()
          .map(DescribeTableResponse::table)
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "lease table " + table + " did not become ACTIVE within " + CREATE_TIMEOUT));
    }
  }

  private void checkKeySchema(TableDescription description) {
    List<KeySchemaElement> key = description.keySchema();
    boolean matches =
        key.size() == 1
            && key.get(0).attributeName().equals(NAME)
            && key.get(0).keyType() == KeyType.HASH;
    if (!matches) {
      throw new IllegalStateException(
          "table "
              + table
              + " exists but its key is not the string partition key '"
              + NAME
              + "'; pass another --lease-table");
    }
  }

  /**
   * Takes the lease for {@code holder} until {@code expiresAt}, with the next fencing token.
   *
   * @return the new lease, or empty when another holder has an unexpired lease at {@code now}
   */
  public Optional<Lease> acquire(String name, String holder, Instant now, Instant expiresAt) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":holder", string(holder));
    values.put(":expires", number(expiresAt.toEpochMilli()));
    values.put(":now", number(now.toEpochMilli()));
    values.put(":zero", number(0));
    values.put(":one", number(1));
    try {
      Map<String, AttributeValue> item =
          client
              .updateItem(
                  request ->
                      request
                          .tableName(table)
                          .key(key(name))
                          .updateExpression(
                              "SET #holder = :holder, #expires = :expires,"
                                  + " #token = if_not_exists(#token, :zero) + :one")
                          .conditionExpression(
                              "attribute_not_exists(#name) OR #expires <= :now"
                                  + " OR #holder = :holder")
                          .expressionAttributeNames(NAMES)
                          .expressionAttributeValues(values)
                          .returnValues(ReturnValue.ALL_NEW))
              .attributes();
      return Optional.of(leaseOf(name, item));
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    }
  }

  /**
   * Extends a lease that {@code lease.holder()} still holds with the same token.
   *
   * @return the renewed lease, or empty when another process has taken the lease over
   */
  public Optional<Lease> renew(Lease lease, Instant expiresAt) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":holder", string(lease.holder()));
    values.put(":token", number(lease.token()));
    values.put(":expires", number(expiresAt.toEpochMilli()));
    try {
      Map<String, AttributeValue> item =
          client
              .updateItem(
                  request ->
                      request
                          .tableName(table)
                          .key(key(lease.name()))
                          .updateExpression("SET #expires = :expires")
                          .conditionExpression("#holder = :holder AND #token = :token")
                          .expressionAttributeNames(without("#name"))
                          .expressionAttributeValues(values)
                          .returnValues(ReturnValue.ALL_NEW))
              .attributes();
      return Optional.of(leaseOf(lease.name(), item));
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    }
  }

  /**
   * Ends a lease at once, so that a standby can take it over without waiting for it to expire. The
   * token stays, so the next holder's token is still higher.
   *
   * @return false when another process had taken the lease over already
   */
  public boolean release(Lease lease) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":holder", string(lease.holder()));
    values.put(":token", number(lease.token()));
    values.put(":zero", number(0));
    try {
      client.updateItem(
          request ->
              request
                  .tableName(table)
                  .key(key(lease.name()))
                  .updateExpression("SET #expires = :zero REMOVE #holder")
                  .conditionExpression("#holder = :holder AND #token = :token")
                  .expressionAttributeNames(without("#name"))
                  .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /** Reads the lease item with a strongly consistent read, or returns empty when it is missing. */
  public Optional<Lease> read(String name) {
    Map<String, AttributeValue> item =
        client
            .getItem(request -> request.tableName(table).key(key(name)).consistentRead(true))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(leaseOf(name, item));
  }

  private static Map<String, AttributeValue> key(String name) {
    return Map.of(NAME, string(name));
  }

  /** Returns the placeholders without one, because DynamoDB rejects unused placeholders. */
  private static Map<String, String> without(String placeholder) {
    Map<String, String> names = new HashMap<>(NAMES);
    names.remove(placeholder);
    return names;
  }

  private static Lease leaseOf(String name, Map<String, AttributeValue> item) {
    AttributeValue holder = item.get(HOLDER);
    AttributeValue token = item.get(TOKEN);
    AttributeValue expires = item.get(EXPIRES_AT);
    return new Lease(
        name,
        holder == null ? null : holder.s(),
        token == null ? 0 : Long.parseLong(token.n()),
        Instant.ofEpochMilli(expires == null ? 0 : Long.parseLong(expires.n())));
  }

  private static AttributeValue string(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
