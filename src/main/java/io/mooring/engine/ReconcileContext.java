package io.mooring.engine;

import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.aws.AwsSession;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state that kinds share during one reconcile: the desired state, the AWS clients, and the AWS
 * identifiers of the resources observed or created so far, by which one document refers to
 * another (a security group's id, a load balancer's ARN).
 */
public final class ReconcileContext {
  private final DesiredState state;
  private final AwsSession aws;
  private final Map<ResourceId, String> ids = new ConcurrentHashMap<>();
  private final Map<ResourceId, String> blocked = new ConcurrentHashMap<>();

  /** The reason that the rest of this reconcile writes nothing, or null while it may write. */
  private volatile String writesStopped;

  public ReconcileContext(DesiredState state, AwsSession aws) {
    this.state = state;
    this.aws = aws;
  }

  public DesiredState state() {
    return state;
  }

  public AwsSession aws() {
    return aws;
  }

  /** Records the AWS identifier that other documents use to refer to a resource. */
  public void recordId(ResourceId resource, String awsId) {
    ids.put(resource, awsId);
  }

  /**
   * Returns the AWS identifier of a resource that was observed or created in this reconcile, or
   * empty when it does not exist yet.
   */
  public Optional<String> id(ResourceId resource) {
    return Optional.ofNullable(ids.get(resource));
  }

  /**
   * Returns the identifier of a referenced resource, or a placeholder such as {@code
   * (SecurityGroup/db)} that a plan shows until the resource exists.
   */
  public String idOrPlaceholder(ResourceId resource) {
    return id(resource).orElse("(" + resource + ")");
  }

  /**
   * Marks a document as blocked in the running observation, for a reason that only its kind can
   * see, such as a resource of another stack that is in the way of one that the document would
   * create. The plan lists the document as blocked and apply leaves it alone.
   */
  public void block(ResourceId resource, String reason) {
    blocked.put(resource, reason);
  }

  /** Returns the documents blocked since the last call and clears them for the next observation. */
  Map<ResourceId, String> takeBlocked() {
    Map<ResourceId, String> snapshot = Map.copyOf(blocked);
    blocked.clear();
    return snapshot;
  }

  /**
   * Stops the writes of the rest of this reconcile, because the write guard rejected one that this
   * process must not make. The first reason is kept.
   */
  synchronized void stopWrites(String reason) {
    if (writesStopped == null) {
      writesStopped = reason;
    }
  }

  /** Returns why the rest of this reconcile writes nothing, or empty while it may write. */
  Optional<String> writesStopped() {
    return Optional.ofNullable(writesStopped);
  }
}
