package io.mooring.engine;

import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.aws.AwsSession;
import io.mooring.plan.FieldChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The state that kinds share during one reconcile: the desired state, the AWS clients, and the AWS
 * identifiers of the resources observed or created so far, by which one document refers to
 * another (a security group's id, a load balancer's ARN).
 *
 * <p>A context is either for reading or for writing. While kinds observe and compute desired
 * fields, a reference to a resource without an identifier becomes a placeholder such as {@code
 * (SecurityGroup/db)}, which the plan shows. The engine hands kinds a writing context from {@link
 * #forWrites} when it applies, replaces or deletes, and there such a lookup throws {@link
 * UnresolvedReferenceException}, so a placeholder never reaches an AWS write.
 *
 * <p>The context also collects the resources that replacements superseded (see {@link #retire}),
 * which the engine deletes after the apply.
 */
public final class ReconcileContext {
  private final DesiredState state;
  private final AwsSession aws;
  private final Map<ResourceId, String> ids;
  private final Map<ResourceId, String> blocked;

  /** Superseded resources that wait for deletion, by ARN or other AWS identifier. */
  private final Map<String, OwnedResource> retired;

  /**
   * Resources that the plan replaces, whose identifiers read as {@link
   * FieldChange#KNOWN_AFTER_APPLY}; empty except in the context of {@link #withReplaced}.
   */
  private final Set<ResourceId> replaced;

  /** The reason that the rest of this reconcile writes nothing, or null while it may write. */
  private final AtomicReference<String> writesStopped;

  /** Whether this context is for writes, which must not use placeholders. */
  private final boolean writing;

  /** Resources that the current write phase creates, so they have no identifier yet. */
  private final Set<ResourceId> createdLater;

  public ReconcileContext(DesiredState state, AwsSession aws) {
    this(
        state,
        aws,
        new ConcurrentHashMap<>(),
        new ConcurrentHashMap<>(),
        new ConcurrentHashMap<>(),
        new AtomicReference<>(),
        false,
        Set.of(),
        Set.of());
  }

  private ReconcileContext(
      DesiredState state,
      AwsSession aws,
      Map<ResourceId, String> ids,
      Map<ResourceId, String> blocked,
      Map<String, OwnedResource> retired,
      AtomicReference<String> writesStopped,
      boolean writing,
      Set<ResourceId> createdLater,
      Set<ResourceId> replaced) {
    this.state = state;
    this.aws = aws;
    this.ids = ids;
    this.blocked = blocked;
    this.retired = retired;
    this.writesStopped = writesStopped;
    this.writing = writing;
    this.createdLater = Set.copyOf(createdLater);
    this.replaced = Set.copyOf(replaced);
  }

  /**
   * Returns a writing context that shares this context's identifiers and stop reason.
   *
   * @param createdLater the resources that this write phase creates; see {@link
   *     #idOrCreatedLater}
   */
  ReconcileContext forWrites(Set<ResourceId> createdLater) {
    return new ReconcileContext(
        state, aws, ids, blocked, retired, writesStopped, true, createdLater, Set.of());
  }

  /**
   * Returns a reading context in which the identifiers of {@code replaced} read as {@link
   * FieldChange#KNOWN_AFTER_APPLY}, for the desired fields of the documents that refer to them.
   */
  ReconcileContext withReplaced(Set<ResourceId> replaced) {
    return new ReconcileContext(
        state, aws, ids, blocked, retired, writesStopped, false, Set.of(), replaced);
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
    if (replaced.contains(resource)) {
      return Optional.of(FieldChange.KNOWN_AFTER_APPLY);
    }
    return Optional.ofNullable(ids.get(resource));
  }

  /**
   * Returns the identifier of a referenced resource. A reading context returns a placeholder such
   * as {@code (SecurityGroup/db)} that a plan shows until the resource exists.
   *
   * @throws UnresolvedReferenceException in a writing context, when the resource has no identifier
   */
  public String idOrPlaceholder(ResourceId resource) {
    return orPlaceholder(id(resource), resource.toString());
  }

  /**
   * Returns {@code value}, or when it is empty a placeholder that names {@code subject}, such as
   * {@code (LoadBalancer/edge targetGroups.web)}.
   *
   * @throws UnresolvedReferenceException in a writing context, when {@code value} is empty
   */
  public String orPlaceholder(Optional<String> value, String subject) {
    if (value.isPresent()) {
      return value.get();
    }
    if (writing) {
      throw new UnresolvedReferenceException(subject);
    }
    return placeholder(subject);
  }

  /**
   * Returns the identifier of a resource that the caller may leave out of its writes for now, such
   * as a security group that a rule names without depending on it. A resource that this write
   * phase creates later, or any resource in a reading context, gives a placeholder, which the
   * caller must recognize with {@link #isPlaceholder} and must not send to AWS.
   *
   * @throws UnresolvedReferenceException in a writing context, when the resource has no identifier
   *     and is not created in this write phase, because it is blocked, failed or foreign
   */
  public String idOrCreatedLater(ResourceId resource) {
    Optional<String> id = id(resource);
    if (id.isEmpty() && writing && createdLater.contains(resource)) {
      return placeholder(resource.toString());
    }
    return idOrPlaceholder(resource);
  }

  /**
   * Returns whether {@code value} is a placeholder that this class made, {@link
   * FieldChange#KNOWN_AFTER_APPLY} included.
   */
  public static boolean isPlaceholder(String value) {
    return value.startsWith("(") && value.endsWith(")");
  }

  private static String placeholder(String subject) {
    return "(" + subject + ")";
  }

  /**
   * Marks a document as blocked in the running observation, for a reason that only its kind can
   * see. An example is a log group of another stack with the name that the document's service
   * needs. The plan lists the document as blocked and apply leaves it alone.
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
   * Records a resource that a replacement superseded and that the engine deletes, or releases
   * under a Retain policy, after the apply. The engine waits until the document and every document
   * that refers to it are in sync or changed, so that no document still refers to the old
   * resource. A failed deletion is retried by the next loop that records the resource again.
   *
   * <p>A kind records the old resource when it replaces it by creating the new one first, and
   * again whenever it observes one left over from an earlier loop. The resource must therefore
   * stay recognizable in AWS, for example by mooring's ownership tags and {@link
   * OwnershipTags#RETIRED}, which the recorded tags get when they lack it. A resource recorded
   * twice counts once.
   */
  public void retire(OwnedResource resource) {
    OwnedResource marked = resource;
    if (!OwnershipTags.isRetired(resource.tags())) {
      Map<String, String> tags = new LinkedHashMap<>(resource.tags());
      tags.put(OwnershipTags.RETIRED, OwnershipTags.RETIRED_VALUE);
      marked = new OwnedResource(resource.id(), resource.arn(), tags, resource.details());
    }
    retired.putIfAbsent(resource.arn(), marked);
  }

  /** Returns the superseded resources recorded so far, of every kind. */
  public List<OwnedResource> retired() {
    return new ArrayList<>(retired.values());
  }

  /**
   * Stops the writes of the rest of this reconcile, because the write guard rejected one that this
   * process must not make. The first reason is kept.
   */
  void stopWrites(String reason) {
    writesStopped.compareAndSet(null, reason);
  }

  /** Returns why the rest of this reconcile writes nothing, or empty while it may write. */
  Optional<String> writesStopped() {
    return Optional.ofNullable(writesStopped.get());
  }
}
