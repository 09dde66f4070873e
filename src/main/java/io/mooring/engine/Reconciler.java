package io.mooring.engine;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.aws.AwsSession;
import io.mooring.plan.Action;
import io.mooring.plan.Blocked;
import io.mooring.plan.FieldChange;
import io.mooring.plan.Plan;
import io.mooring.plan.ResourceChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Compares a desired state with AWS and, unless asked for a dry run, converges AWS on it.
 *
 * <p>Each call is level-triggered: it observes every resource, whether or not git changed. Changes
 * run in dependency order, one level of independent resources at a time and in parallel within a
 * level. A failed resource does not stop the others; its dependents are reported as blocked and it
 * is retried after the backoff of the {@link RetryBook}.
 */
public final class Reconciler {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final int PARALLELISM = 4;
  private static final int EXTRA_PASSES = 2;

  private final KindRegistry kinds;
  private final AwsSession aws;
  private final Clock clock;
  private final RetryBook retries;
  private final DriftLog driftLog = new DriftLog();

  public Reconciler(KindRegistry kinds, AwsSession aws, Clock clock, RetryBook retries) {
    this.kinds = kinds;
    this.aws = aws;
    this.clock = clock;
    this.retries = retries;
  }

  /** Observes AWS and returns the plan, writing nothing. */
  public ReconcileReport plan(DesiredState state) {
    return run(state, true);
  }

  /** Observes AWS and applies every change that is not blocked. */
  public ReconcileReport apply(DesiredState state) {
    return run(state, false);
  }

  private ReconcileReport run(DesiredState state, boolean dryRun) {
    Instant start = clock.instant();
    long callsBefore = aws.calls().total();
    DependencyGraph graph = graphOf(state);
    Observation observation = observe(state);
    Map<ResourceId, Outcome> decisions = decide(state, observation);
    List<ResourceId> order = graph.levels().stream().flatMap(List::stream).toList();
    Plan plan = planOf(order, decisions);
    Map<ResourceId, Outcome> outcomes =
        dryRun ? decisions : converge(state, applyInOrder(state, observation, decisions, graph), graph);
    Map<ResourceId, Outcome> ordered = new LinkedHashMap<>();
    order.forEach(id -> ordered.put(id, outcomes.get(id)));
    Duration duration = Duration.between(start, clock.instant());
    return new ReconcileReport(plan, ordered, duration, aws.calls().total() - callsBefore);
  }

  private DependencyGraph graphOf(DesiredState state) {
    DependencyGraph graph = new DependencyGraph();
    for (DesiredResource<?> resource : state.resources()) {
      Set<ResourceId> targets =
          referencesOf(resource).stream().map(Reference::target).collect(Collectors.toSet());
      graph.add(resource.id(), targets);
    }
    return graph;
  }

  @SuppressWarnings("unchecked")
  private <S> List<Reference> referencesOf(DesiredResource<S> resource) {
    return ((ResourceKind<S>) kinds.get(resource.id().kind())).references(resource.spec());
  }

  /** Reads live state kind by kind; a kind whose reads fail marks only its own resources. */
  public Observation observe(DesiredState state) {
    Map<ResourceId, LiveResource> live = new HashMap<>();
    Map<ResourceId, Map<String, Object>> desiredFields = new HashMap<>();
    Map<ResourceId, String> errors = new HashMap<>();
    ObserveContext context = new ObserveContext(state, aws);
    for (ResourceKind<?> kind : kinds.all()) {
      observeKind(kind, state, context, live, desiredFields, errors);
    }
    return new Observation(live, desiredFields, errors);
  }

  private <S> void observeKind(
      ResourceKind<S> kind,
      DesiredState state,
      ObserveContext context,
      Map<ResourceId, LiveResource> live,
      Map<ResourceId, Map<String, Object>> desiredFields,
      Map<ResourceId, String> errors) {
    List<DesiredResource<S>> desired = state.ofKind(kind.kind(), kind.specType());
    if (desired.isEmpty()) {
      return;
    }
    try {
      Map<String, LiveResource> found = kind.observe(desired, context);
      for (DesiredResource<S> resource : desired) {
        desiredFields.put(resource.id(), kind.desiredFields(resource, context));
        LiveResource resourceLive = found.get(resource.name());
        if (resourceLive != null) {
          live.put(resource.id(), resourceLive);
        }
      }
    } catch (RuntimeException e) {
      log.warn("Observing {} resources failed, retrying next loop: {}", kind.kind(), describe(e));
      log.debug("Failure detail for {} observe", kind.kind(), e);
      desired.forEach(r -> errors.put(r.id(), "observe failed: " + e.getMessage()));
    }
  }

  private Map<ResourceId, Outcome> decide(DesiredState state, Observation observation) {
    Map<ResourceId, Outcome> decisions = new HashMap<>();
    for (DesiredResource<?> resource : state.resources()) {
      decisions.put(resource.id(), decide(resource, observation, true));
    }
    return decisions;
  }

  /**
   * Decides what to do with one resource.
   *
   * @param logDrift whether to log drift; the read-back after an apply does not, because what it
   *     finds was not changed behind mooring's back
   */
  private Outcome decide(DesiredResource<?> resource, Observation observation, boolean logDrift) {
    ResourceId id = resource.id();
    String error = observation.errors().get(id);
    if (error != null) {
      return new Outcome.Failed(error, clock.instant());
    }
    Map<String, Object> desired = observation.desiredFields().get(id);
    LiveResource live = observation.live().get(id);
    if (live == null) {
      List<FieldChange> all = FieldDiff.compare(desired, Map.of(), Set.of());
      return new Outcome.Planned(new ResourceChange(id, Action.CREATE, all));
    }
    boolean foreign = live.ownership() == LiveResource.Ownership.FOREIGN;
    if (foreign && !resource.adopt()) {
      return new Outcome.Blocked(
          "conflict: "
              + live.arn()
              + " exists without mooring's ownership tags for this document; set metadata.adopt:"
              + " true to take it over");
    }
    ResourceKind<?> kind = kinds.get(id.kind());
    List<FieldChange> changes = FieldDiff.compare(desired, live.fields(), kind.replaceFields());
    if (foreign) {
      return new Outcome.Planned(new ResourceChange(id, Action.ADOPT, changes));
    }
    if (changes.isEmpty()) {
      driftLog.clear(id);
      return new Outcome.InSync();
    }
    if (logDrift) {
      driftLog.report(id, changes);
    }
    boolean replace = changes.stream().anyMatch(FieldChange::forcesReplace);
    return new Outcome.Planned(new ResourceChange(id, replace ? Action.REPLACE : Action.UPDATE, changes));
  }

  /**
   * Reads back the resources that were just changed and applies again to those that still differ,
   * at most {@link #EXTRA_PASSES} times. Some AWS APIs accept a field on create but take it only on
   * update, and some apply a change a moment later; the read-back also confirms the apply.
   */
  private Map<ResourceId, Outcome> converge(
      DesiredState state, Map<ResourceId, Outcome> outcomes, DependencyGraph graph) {
    Map<ResourceId, Outcome> result = new HashMap<>(outcomes);
    for (int pass = 0; pass < EXTRA_PASSES; pass++) {
      List<ResourceId> changed =
          result.entrySet().stream()
              .filter(e -> e.getValue() instanceof Outcome.Changed)
              .map(Map.Entry::getKey)
              .toList();
      if (changed.isEmpty()) {
        break;
      }
      Observation again = observe(state);
      Map<ResourceId, Outcome> pending = new HashMap<>();
      for (ResourceId id : changed) {
        Outcome decision = decide(state.find(id).orElseThrow(), again, false);
        if (decision instanceof Outcome.Planned) {
          pending.put(id, decision);
        }
      }
      if (pending.isEmpty()) {
        break;
      }
      log.debug("{} resources still differ after applying; applying again", pending.size());
      Map<ResourceId, Outcome> reapplied = applyInOrder(state, again, pending, graph);
      pending.keySet().forEach(id -> result.put(id, merge(result.get(id), reapplied.get(id))));
    }
    return result;
  }

  /** Keeps the fields of the first change when a later pass changed the resource again. */
  private static Outcome merge(Outcome first, Outcome again) {
    if (first instanceof Outcome.Changed && again instanceof Outcome.Changed) {
      return first;
    }
    return again;
  }

  private static Plan planOf(List<ResourceId> order, Map<ResourceId, Outcome> decisions) {
    List<ResourceChange> changes = new ArrayList<>();
    List<Blocked> blocked = new ArrayList<>();
    for (ResourceId id : order) {
      Outcome decision = decisions.get(id);
      if (decision instanceof Outcome.Planned planned) {
        changes.add(planned.change());
      } else if (decision instanceof Outcome.Blocked b) {
        blocked.add(new Blocked(id, b.reason()));
      }
    }
    return new Plan(changes, blocked);
  }

  private Map<ResourceId, Outcome> applyInOrder(
      DesiredState state,
      Observation observation,
      Map<ResourceId, Outcome> decisions,
      DependencyGraph graph) {
    Map<ResourceId, Outcome> outcomes = new ConcurrentHashMap<>(decisions);
    try (ExecutorService executor = Executors.newFixedThreadPool(PARALLELISM)) {
      for (List<ResourceId> level : graph.levels()) {
        List<Future<?>> running = new ArrayList<>();
        for (ResourceId id : level) {
          if (!(decisions.get(id) instanceof Outcome.Planned planned)) {
            continue;
          }
          String waitingFor = failedDependency(id, graph, outcomes, observation);
          if (waitingFor != null) {
            outcomes.put(id, new Outcome.Blocked("waiting for " + waitingFor));
            continue;
          }
          DesiredResource<?> resource = state.find(id).orElseThrow();
          running.add(
              executor.submit(
                  () ->
                      outcomes.put(id, applyOne(resource, observation.live().get(id), planned))));
        }
        awaitAll(running);
      }
    }
    return outcomes;
  }

  /** Returns a dependency that failed or that is blocked and does not exist, or null. */
  private static String failedDependency(
      ResourceId id,
      DependencyGraph graph,
      Map<ResourceId, Outcome> outcomes,
      Observation observation) {
    for (ResourceId dependency : graph.dependenciesOf(id)) {
      Outcome outcome = outcomes.get(dependency);
      boolean missing = !observation.live().containsKey(dependency);
      if (outcome instanceof Outcome.Failed
          || outcome instanceof Outcome.Blocked && missing) {
        return dependency + ", which is " + outcome.state();
      }
    }
    return null;
  }

  private <S> Outcome applyOne(DesiredResource<S> resource, LiveResource live, Outcome.Planned planned) {
    ResourceId id = resource.id();
    if (!retries.isDue(id)) {
      RetryBook.Entry entry = retries.entry(id);
      return new Outcome.Failed(entry.error(), entry.nextAttempt());
    }
    @SuppressWarnings("unchecked")
    ResourceKind<S> kind = (ResourceKind<S>) kinds.get(id.kind());
    ResourceChange change = planned.change();
    MDC.put("kind", id.kind());
    MDC.put("name", id.name());
    try {
      kind.apply(resource, live, change.fields(), aws);
      retries.recordSuccess(id);
      if (change.action() == Action.CREATE) {
        log.info("Created {}", id);
      } else {
        log.info(
            "Applied {} to {}: {}",
            change.action().label(),
            id,
            change.fields().stream().map(FieldChange::path).collect(Collectors.joining(", ")));
      }
      return new Outcome.Changed(change);
    } catch (RuntimeException e) {
      String error = change.action().label() + " failed: " + describe(e);
      Instant next = retries.recordFailure(id, error);
      log.warn(
          "Applying {} to {} failed, retrying after {}: {}", change.action().label(), id, next, describe(e));
      log.debug("Failure detail for {}", id, e);
      return new Outcome.Failed(error, next);
    } finally {
      MDC.remove("kind");
      MDC.remove("name");
    }
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void awaitAll(List<Future<?>> running) {
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while applying changes", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("applying a change failed unexpectedly", e.getCause());
      }
    }
  }
}
