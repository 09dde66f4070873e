package io.mooring.daemon;

import io.mooring.api.ResourceId;
import io.mooring.daemon.lease.LeaseStatus;
import io.mooring.daemon.webhook.WebhookStatus;
import io.mooring.engine.Outcome;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of the daemon's state, as {@code GET /status} returns it. Fields that have no value
 * yet, such as the revisions before the first fetch, are null.
 *
 * @param repository the followed repository, without credentials
 * @param revisionApplied the commit whose desired state the last loop reconciled: the newest valid
 *     revision. With {@code dryRun} it was only compared with AWS.
 * @param revisionFetched the newest commit fetched from the branch, valid or not
 * @param invalidRevision the newest fetched commit when it failed validation, otherwise null
 * @param validationErrors the validation errors of {@code invalidRevision}, empty when it is null
 * @param loopRunningSince the start of the loop that is running now, or null between loops
 * @param lastLoop the last loop that finished
 * @param lastSuccess the end of the last loop whose result was {@link LoopResult#OK}, so not a loop
 *     that left a resource blocked
 * @param ready whether a loop has finished a reconcile of a valid desired state
 * @param resources each resource of the last reconcile, in dependency order
 * @param signedCommitsRequired whether only commits signed by a trusted key are applied
 * @param webhooks the webhook endpoints' counters
 * @param leadership whether this process is the leader that applies changes
 * @param writesRejected AWS writes that the lease guard rejected since the daemon started, because
 *     this process did not hold the leader lease within its write deadline
 */
public record DaemonStatus(
    String repository,
    String branch,
    String path,
    boolean dryRun,
    String revisionApplied,
    String revisionFetched,
    String invalidRevision,
    List<String> validationErrors,
    Instant loopRunningSince,
    LoopRecord lastLoop,
    Instant lastSuccess,
    boolean ready,
    List<ResourceStatus> resources,
    boolean signedCommitsRequired,
    WebhookStatus webhooks,
    LeaseStatus leadership,
    long writesRejected) {

  public DaemonStatus {
    validationErrors = List.copyOf(validationErrors);
    resources = List.copyOf(resources);
  }

  /** Returns this status with the webhook counters and the leadership of the daemon. */
  public DaemonStatus with(WebhookStatus webhooks, LeaseStatus leadership) {
    return new DaemonStatus(
        repository,
        branch,
        path,
        dryRun,
        revisionApplied,
        revisionFetched,
        invalidRevision,
        validationErrors,
        loopRunningSince,
        lastLoop,
        lastSuccess,
        ready,
        resources,
        signedCommitsRequired,
        webhooks,
        leadership,
        writesRejected);
  }

  /**
   * One finished loop.
   *
   * @param mode whether the loop applied or only planned, or null when no reconcile ran
   * @param awsCalls the AWS API calls of the reconcile, 0 when no reconcile ran
   * @param blocked the resources that the reconcile left blocked or flapping, 0 when no reconcile
   *     ran
   * @param error what failed, or null when nothing did
   */
  public record LoopRecord(
      Instant start,
      Instant end,
      LoopResult result,
      LoopMode mode,
      long awsCalls,
      long blocked,
      String error) {}

  /**
   * The outcome of one resource in the last reconcile.
   *
   * @param state the {@link Outcome#state()} word, such as {@code in-sync} or {@code failed}
   * @param action the change that was applied or planned, or null
   * @param fields the paths of the fields that the change touched, or that keep flapping, without
   *     their values
   * @param error the error of a failed resource, or null
   * @param nextRetry the earliest next attempt of a failed resource, or null
   * @param reason why a blocked resource is left alone, or null
   * @param observed facts read from AWS that are reported but not compared, such as a Config
   *     rule's compliance
   */
  public record ResourceStatus(
      String kind,
      String name,
      String state,
      String action,
      List<String> fields,
      String error,
      Instant nextRetry,
      String reason,
      Map<String, String> observed) {

    public ResourceStatus {
      fields = List.copyOf(fields);
      observed = Map.copyOf(observed);
    }

    public ResourceStatus(
        String kind,
        String name,
        String state,
        String action,
        List<String> fields,
        String error,
        Instant nextRetry,
        String reason) {
      this(kind, name, state, action, fields, error, nextRetry, reason, Map.of());
    }

    /** Returns this status with the facts that the kind observed. */
    public ResourceStatus withObserved(Map<String, String> facts) {
      return new ResourceStatus(kind, name, state, action, fields, error, nextRetry, reason, facts);
    }

    /** Returns the status of one resource from its outcome in a reconcile report. */
    public static ResourceStatus of(ResourceId id, Outcome outcome) {
      return switch (outcome) {
        case Outcome.InSync inSync -> simple(id, outcome);
        case Outcome.Changed changed -> withChange(id, outcome, changed.change());
        case Outcome.Planned planned -> withChange(id, outcome, planned.change());
        case Outcome.Failed failed ->
            new ResourceStatus(
                id.kind(),
                id.name(),
                outcome.state(),
                null,
                List.of(),
                failed.error(),
                failed.retryAt(),
                null);
        case Outcome.Blocked blocked ->
            new ResourceStatus(
                id.kind(),
                id.name(),
                outcome.state(),
                null,
                List.of(),
                null,
                null,
                blocked.reason());
        case Outcome.Flapping flapping ->
            new ResourceStatus(
                id.kind(), id.name(), outcome.state(), null, flapping.fields(), null, null, null);
      };
    }

    private static ResourceStatus simple(ResourceId id, Outcome outcome) {
      return new ResourceStatus(
          id.kind(), id.name(), outcome.state(), null, List.of(), null, null, null);
    }

    private static ResourceStatus withChange(
        ResourceId id, Outcome outcome, ResourceChange change) {
      List<String> paths = change.fields().stream().map(FieldChange::path).toList();
      return new ResourceStatus(
          id.kind(), id.name(), outcome.state(), change.action().label(), paths, null, null, null);
    }
  }

  /** Returns the status as the JSON structure of {@code GET /status}, with ISO-8601 times. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("repository", repository);
    json.put("branch", branch);
    json.put("path", path);
    json.put("dryRun", dryRun);
    json.put("ready", ready);
    json.put("revisionApplied", revisionApplied);
    json.put("revisionFetched", revisionFetched);
    json.put("invalidRevision", invalidRevision);
    json.put("validationErrors", validationErrors);
    json.put("loopRunningSince", text(loopRunningSince));
    json.put("lastLoop", lastLoop == null ? null : loopJson(lastLoop));
    json.put("lastSuccess", text(lastSuccess));
    List<Object> resourceList = new ArrayList<>();
    resources.forEach(resource -> resourceList.add(resourceJson(resource)));
    json.put("resources", resourceList);
    json.put("signedCommitsRequired", signedCommitsRequired);
    json.put("webhooks", webhooks.toJson());
    json.put("leadership", leadership.toJson());
    json.put("writesRejected", writesRejected);
    return json;
  }

  private static Map<String, Object> loopJson(LoopRecord loop) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("start", text(loop.start()));
    json.put("end", text(loop.end()));
    json.put("durationMillis", Duration.between(loop.start(), loop.end()).toMillis());
    json.put("result", loop.result().label());
    json.put("mode", loop.mode() == null ? null : loop.mode().label());
    json.put("awsCalls", loop.awsCalls());
    json.put("blocked", loop.blocked());
    json.put("error", loop.error());
    return json;
  }

  private static Map<String, Object> resourceJson(ResourceStatus resource) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", resource.kind());
    json.put("name", resource.name());
    json.put("state", resource.state());
    json.put("action", resource.action());
    json.put("fields", resource.fields());
    json.put("lastError", resource.error());
    json.put("nextRetry", text(resource.nextRetry()));
    json.put("reason", resource.reason());
    if (!resource.observed().isEmpty()) {
      json.put("observed", new java.util.TreeMap<>(resource.observed()));
    }
    return json;
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
