package io.mooring.engine;

import io.mooring.api.ArnReference;
import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.aws.AwsSession;
import io.mooring.aws.WriteRejectedException;
import io.mooring.plan.Action;
import io.mooring.plan.Blocked;
import io.mooring.plan.FieldChange;
import io.mooring.plan.Plan;
import io.mooring.plan.PlanError;
import io.mooring.plan.ResourceChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * <p>Each call is level-triggered: it observes every resource, whether or not git changed.
 * Creations and updates run in dependency order, one level of independent resources at a time
 * and in parallel within a level. Deletions of pruned resources follow, in the reverse order of
 * their kinds. A failed resource does not stop the others. Its dependents, like those of a blocked
 * or flapping resource, are reported as blocked for the loop, and it is retried after the backoff
 * of the {@link RetryBook}. Kinds write through a context that rejects references to resources
 * without an AWS identifier, so a placeholder of the plan never reaches AWS.
 *
 * <p>A replaced resource gets a new identifier. The documents that refer to it are therefore
 * planned as updates whose fields show {@link FieldChange#KNOWN_AFTER_APPLY}, and they are applied
 * after the replacement, with the new identifier. A kind that creates the new resource first hands
 * the old one to {@link ReconcileContext#retire}. The engine deletes it after the read-back, once
 * its document and every document that names it are in sync or changed, and otherwise in a later
 * loop.
 *
 * <p>A write that the session's write guard rejects, because this process no longer holds the
 * leader lease, ends the writes of the reconcile. Its resource fails with the reason and without a
 * backoff, every change that would start after it fails the same way without being attempted, and
 * the read-back passes are skipped.
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
  private final FlapDetector flaps = new FlapDetector();
  private final Pruner pruner;
  private final AccountGuard accountGuard;
  private final DocumentReferences references;

  public Reconciler(KindRegistry kinds, AwsSession aws, Clock clock, RetryBook retries) {
    this.kinds = kinds;
    this.aws = aws;
    this.clock = clock;
    this.retries = retries;
    this.pruner = new Pruner(kinds);
    this.accountGuard = new AccountGuard(aws);
    this.references = new DocumentReferences(kinds);
  }

  /** Observes AWS and returns the plan, writing nothing. Prunes when the directory enables it. */
  public ReconcileReport plan(DesiredState state) {
    return plan(state, ReconcileOptions.of(state));
  }

  public ReconcileReport plan(DesiredState state, ReconcileOptions options) {
    return run(state, options, true);
  }

  /** Observes AWS and applies every change that is not blocked. Prunes when the directory enables it. */
  public ReconcileReport apply(DesiredState state) {
    return apply(state, ReconcileOptions.of(state));
  }

  public ReconcileReport apply(DesiredState state, ReconcileOptions options) {
    return run(state, options, false);
  }

  private ReconcileReport run(DesiredState state, ReconcileOptions options, boolean dryRun) {
    Instant start = clock.instant();
    long callsBefore = aws.calls().total();
    long writesBefore = aws.calls().writes();
    long rejectedBefore = aws.calls().rejectedWrites();

    // 1. Observe every resource and decide what each one needs, in dependency order.
    DependencyGraph graph = graphOf(state);
    ReconcileContext context = new ReconcileContext(state, aws);
    Observation observation = observe(context);
    Map<ResourceId, Set<ResourceId>> named = namedResources(state, graph);
    Map<ResourceId, Outcome> decisions = decide(state, observation);
    planReplacementDependents(context, observation, decisions, named);
    blockDependents(decisions, graph, named);
    DependencyGraph applyGraph = Replacements.applyGraph(graph, decisions, named);
    List<ResourceId> order =
        new ArrayList<>(applyGraph.levels().stream().flatMap(List::stream).toList());

    // 2. Add the deletions of pruned and superseded resources, then check the account before any
    // write.
    Map<ResourceId, Pruner.Orphan> deletions = new LinkedHashMap<>();
    if (options.prune()) {
      planDeletions(state, options, decisions, deletions, order);
    }
    planRetirements(context, decisions, deletions, order, named);
    String guardReason = hasWrites(decisions) ? accountGuard.check(state.settings()) : null;
    if (guardReason != null) {
      blockAll(decisions, guardReason);
    }
    Plan plan = planOf(order, decisions);

    // 3. Apply, read back, and delete, unless this is a dry run.
    Map<ResourceId, Outcome> outcomes = decisions;
    if (!dryRun && guardReason == null) {
      outcomes = applyInOrder(context, observation, decisions, applyGraph);
      recordUpdates(outcomes);
      outcomes = converge(context, outcomes, applyGraph);
      planRetirements(context, outcomes, deletions, order, named);
      applyDeletions(context, deletions, outcomes, named);
    }

    Map<ResourceId, Outcome> ordered = new LinkedHashMap<>();
    for (ResourceId id : order) {
      ordered.put(id, outcomes.get(id));
    }
    return new ReconcileReport(
        plan,
        ordered,
        Duration.between(start, clock.instant()),
        aws.calls().total() - callsBefore,
        aws.calls().writes() - writesBefore,
        aws.calls().rejectedWrites() - rejectedBefore,
        observedStatus(order, observation));
  }

  /** Returns the facts that kinds observed but do not compare, by resource in plan order. */
  private static Map<ResourceId, Map<String, String>> observedStatus(
      List<ResourceId> order, Observation observation) {
    Map<ResourceId, Map<String, String>> status = new LinkedHashMap<>();
    for (ResourceId id : order) {
      LiveResource live = observation.live().get(id);
      if (live != null && !live.status().isEmpty()) {
        status.put(id, live.status());
      }
    }
    return status;
  }

  private static boolean hasWrites(Map<ResourceId, Outcome> decisions) {
    return decisions.values().stream().anyMatch(Outcome.Planned.class::isInstance);
  }

  /** Turns every planned change into a blocked one, because the account guard rejected the loop. */
  private static void blockAll(Map<ResourceId, Outcome> decisions, String reason) {
    decisions.replaceAll(
        (id, outcome) -> outcome instanceof Outcome.Planned ? new Outcome.Blocked(reason) : outcome);
  }

  private DependencyGraph graphOf(DesiredState state) {
    DependencyGraph graph = new DependencyGraph();
    for (DesiredResource<?> resource : state.resources()) {
      Set<ResourceId> targets =
          references.ordered(resource, state).stream()
              .map(Reference::target)
              .collect(Collectors.toSet());
      graph.add(resource.id(), targets);
    }
    return graph;
  }

  /** Reads live state kind by kind. A kind whose reads fail marks only its own resources. */
  public Observation observe(DesiredState state) {
    return observe(new ReconcileContext(state, aws));
  }

  /**
   * Reads live state in creation order of the kinds, so that a kind's desired fields can use the
   * identifiers that the kinds it refers to recorded in the context.
   */
  private Observation observe(ReconcileContext context) {
    DesiredState state = context.state();
    Map<ResourceId, LiveResource> live = new HashMap<>();
    Map<ResourceId, Map<String, Object>> desiredFields = new HashMap<>();
    Map<ResourceId, String> errors = new HashMap<>();
    for (ResourceKind<?> kind : kindsInCreationOrder()) {
      if (kind.managesAwsResources()) {
        observeKind(kind, state, context, live, desiredFields, errors);
      }
    }
    return new Observation(live, desiredFields, errors, context.takeBlocked());
  }

  private <S> void observeKind(
      ResourceKind<S> kind,
      DesiredState state,
      ReconcileContext context,
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
      desired.forEach(r -> errors.put(r.id(), "observe failed: " + describe(e)));
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
   * Blocks every planned change that names a resource that is blocked, flapping or failed, so
   * that the plan shows what an apply leaves alone. It repeats until nothing changes, because a
   * blocked resource blocks what names it in turn, and unordered references may form cycles.
   *
   * @param named each resource's references, ordered and unordered
   */
  private static void blockDependents(
      Map<ResourceId, Outcome> decisions,
      DependencyGraph graph,
      Map<ResourceId, Set<ResourceId>> named) {
    List<List<ResourceId>> levels = graph.levels();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (List<ResourceId> level : levels) {
        for (ResourceId id : level) {
          if (!(decisions.get(id) instanceof Outcome.Planned)) {
            continue;
          }
          String waitingFor = blockingReference(named.getOrDefault(id, Set.of()), decisions);
          if (waitingFor != null) {
            decisions.put(id, new Outcome.Blocked("waiting for " + waitingFor));
            changed = true;
          }
        }
      }
    }
  }

  /**
   * Returns the targets of each resource's references: the ordered ones, which {@code graph}
   * already holds, and the unordered ones.
   */
  private Map<ResourceId, Set<ResourceId>> namedResources(
      DesiredState state, DependencyGraph graph) {
    Map<ResourceId, Set<ResourceId>> named = new HashMap<>();
    for (DesiredResource<?> resource : state.resources()) {
      Set<ResourceId> targets = new TreeSet<>(graph.dependenciesOf(resource.id()));
      references.unordered(resource).forEach(reference -> targets.add(reference.target()));
      targets.remove(resource.id());
      named.put(resource.id(), targets);
    }
    return named;
  }

  /**
   * Plans an update of every document that refers to a resource that the plan replaces, because the
   * replacement gets a new identifier. The document's desired fields are computed again with that
   * identifier as {@link FieldChange#KNOWN_AFTER_APPLY}, so the plan shows which of its fields
   * change. A document that this turns into a replacement is followed in the same way.
   *
   * <p>NOTE: only the identifier that a kind records under the replaced document's own id reads as
   * known after apply. Identifiers recorded under other keys, such as the listener ARNs of a
   * replaced load balancer, keep their old values in the plan, and the next loop writes the new
   * ones.
   */
  private void planReplacementDependents(
      ReconcileContext context,
      Observation observation,
      Map<ResourceId, Outcome> decisions,
      Map<ResourceId, Set<ResourceId>> named) {
    Set<ResourceId> replaced = Replacements.replaced(decisions);
    Set<ResourceId> followed = new HashSet<>();
    while (!followed.containsAll(replaced)) {
      followed.addAll(replaced);
      ReconcileContext unknown = context.withReplaced(replaced);
      for (DesiredResource<?> resource : context.state().resources()) {
        Outcome decision = decisions.get(resource.id());
        boolean decided = decision instanceof Outcome.InSync || decision instanceof Outcome.Planned;
        Set<ResourceId> targets = named.getOrDefault(resource.id(), Set.of());
        if (decided && !Collections.disjoint(targets, replaced)) {
          decisions.put(resource.id(), decideAgain(resource, unknown, observation));
        }
      }
      replaced = Replacements.replaced(decisions);
    }
  }

  /** Decides again on a resource whose desired fields {@code context} computes differently. */
  private <S> Outcome decideAgain(
      DesiredResource<S> resource, ReconcileContext context, Observation observation) {
    @SuppressWarnings("unchecked")
    ResourceKind<S> kind = (ResourceKind<S>) kinds.get(resource.id().kind());
    try {
      observation.desiredFields().put(resource.id(), kind.desiredFields(resource, context));
    } catch (RuntimeException e) {
      log.warn(
          "Computing the fields of {} failed, retrying next loop: {}", resource.id(), describe(e));
      log.debug("Failure detail for {} desired fields", resource.id(), e);
      return new Outcome.Failed("observe failed: " + describe(e), clock.instant());
    }
    return decide(resource, observation, false);
  }

  /**
   * Decides what to do with one resource.
   *
   * @param firstObservation whether this is the loop's first look at the resource. Only then is
   *     drift logged and an in-sync resource cleared from the flap count, because the read-back
   *     after an apply finds mooring's own write, not what happened between loops.
   */
  private Outcome decide(
      DesiredResource<?> resource, Observation observation, boolean firstObservation) {
    ResourceId id = resource.id();
    ResourceKind<?> kind = kinds.get(id.kind());
    if (!kind.managesAwsResources()) {
      return new Outcome.InSync();
    }
    String error = observation.errors().get(id);
    if (error != null) {
      return new Outcome.Failed(error, clock.instant());
    }
    String blockedReason = observation.blocked().get(id);
    if (blockedReason != null) {
      return new Outcome.Blocked(blockedReason);
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
    List<FieldChange> changes = FieldDiff.compare(desired, live.fields(), kind.replaceFields());
    if (foreign) {
      return decideAdoption(id, live, changes);
    }
    if (changes.isEmpty()) {
      if (firstObservation) {
        driftLog.clear(id);
        flaps.clear(id);
      }
      return new Outcome.InSync();
    }
    if (firstObservation) {
      driftLog.report(id, changes);
    }
    return decideChange(id, kind, changes);
  }

  /**
   * Plans the adoption of a resource that mooring does not own, unless a field differs that AWS
   * cannot change in place: a replacement would delete a resource that someone else made.
   */
  private static Outcome decideAdoption(
      ResourceId id, LiveResource live, List<FieldChange> changes) {
    List<String> replaced =
        changes.stream()
            .filter(FieldChange::forcesReplace)
            .map(c -> c.path() + " (desired " + quoted(c.desired()) + ", live " + quoted(c.live()))
            .map(text -> text + ")")
            .toList();
    if (replaced.isEmpty()) {
      return new Outcome.Planned(new ResourceChange(id, Action.ADOPT, changes));
    }
    return new Outcome.Blocked(
        "adopting "
            + live.arn()
            + " would replace it, because AWS cannot change "
            + String.join(", ", replaced)
            + " in place, and mooring never deletes a resource that it does not own; change the"
            + " document to match the live resource, or delete the resource yourself so that"
            + " mooring creates it");
  }

  private static String quoted(Object value) {
    return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
  }

  private Outcome decideChange(ResourceId id, ResourceKind<?> kind, List<FieldChange> changes) {
    List<String> replaced =
        changes.stream().filter(FieldChange::forcesReplace).map(FieldChange::path).toList();
    if (!replaced.isEmpty()) {
      String reason = kind.replaceBlockedReason();
      if (reason != null) {
        return new Outcome.Blocked(
            "replacement needed for " + String.join(", ", replaced) + ", which " + reason);
      }
      return new Outcome.Planned(new ResourceChange(id, Action.REPLACE, changes));
    }
    if (flaps.isFlapping(id, changes)) {
      return new Outcome.Flapping(changes.stream().map(FieldChange::path).toList());
    }
    return new Outcome.Planned(new ResourceChange(id, Action.UPDATE, changes));
  }

  private void recordUpdates(Map<ResourceId, Outcome> outcomes) {
    outcomes.forEach(
        (id, outcome) -> {
          if (outcome instanceof Outcome.Changed changed
              && changed.change().action() == Action.UPDATE) {
            flaps.recordUpdate(id, changed.change().fields());
          }
        });
  }

  /**
   * Adds the deletions of pruned resources to the decisions and to the order, last. A deletion is
   * blocked while a document still names the resource by ARN.
   */
  private void planDeletions(
      DesiredState state,
      ReconcileOptions options,
      Map<ResourceId, Outcome> decisions,
      Map<ResourceId, Pruner.Orphan> orphans,
      List<ResourceId> order) {
    Pruner.Inventory inventory = pruner.inventory(state, aws);
    inventory
        .errors()
        .forEach(
            (kind, error) ->
                decisions.put(
                    new ResourceId(kind, "(inventory)"),
                    new Outcome.Failed("listing owned resources failed: " + error, clock.instant())));
    String heldBack = options.allowMassDelete() ? null : Pruner.massDeletionReason(state, inventory);
    Map<String, String> arnUsers = arnUsers(state);
    for (Pruner.Orphan orphan : deletionOrder(inventory.orphans())) {
      ResourceId id = Replacements.deletionId(orphan.resource());
      orphans.put(id, orphan);
      order.add(id);
      // A held-back revision changes nothing, releases included: if it was a mistake, fixing it
      // must find every resource still owned.
      if (heldBack != null) {
        decisions.put(id, new Outcome.Blocked(heldBack));
        continue;
      }
      String user = arnUsers.get(orphan.resource().arn());
      if (user != null && orphan.policy() == DeletionPolicy.DELETE) {
        decisions.put(id, new Outcome.Blocked(inUseReason(id, user)));
        continue;
      }
      FieldChange policy = new FieldChange("deletionPolicy", orphan.policy().label(), null, false);
      decisions.put(id, new Outcome.Planned(new ResourceChange(id, Action.DELETE, List.of(policy))));
    }
    inventory.errors().keySet().forEach(kind -> order.add(new ResourceId(kind, "(inventory)")));
  }

  /**
   * Returns, for each ARN that a document names, the first document and field that name it, such
   * as {@code Service/orders-api spec.roles.task}.
   */
  private Map<String, String> arnUsers(DesiredState state) {
    Map<String, String> users = new HashMap<>();
    for (DesiredResource<?> resource : state.resources()) {
      for (ArnReference reference : references.arns(resource)) {
        users.putIfAbsent(reference.arn(), resource.id() + " " + reference.field());
      }
    }
    return users;
  }

  private static String inUseReason(ResourceId id, String user) {
    return "in use: "
        + user
        + " names this resource by ARN, so deleting it would break that document; point the"
        + " field at another resource, or restore the "
        + id.kind()
        + " document";
  }

  /** Returns the kinds so that each comes after the kinds it refers to. */
  private List<ResourceKind<?>> kindsInCreationOrder() {
    DependencyGraph kindGraph = new DependencyGraph();
    for (ResourceKind<?> kind : kinds.all()) {
      Set<ResourceId> referenced =
          kind.referencedKinds().stream().map(k -> new ResourceId(k, "")).collect(Collectors.toSet());
      kindGraph.add(new ResourceId(kind.kind(), ""), referenced);
    }
    List<ResourceKind<?>> ordered = new ArrayList<>();
    kindGraph.levels().forEach(level -> level.forEach(id -> ordered.add(kinds.get(id.kind()))));
    return ordered;
  }

  /** Orders orphans so that a kind is deleted before the kinds it refers to. */
  private List<Pruner.Orphan> deletionOrder(List<Pruner.Orphan> orphans) {
    List<Pruner.Orphan> sorted = new ArrayList<>(orphans);
    sorted.sort(deletionComparator().thenComparing(o -> o.resource().id().name()));
    return sorted;
  }

  /** Compares deletions by kind, so that a kind comes before the kinds it refers to. */
  private Comparator<Pruner.Orphan> deletionComparator() {
    List<String> creationOrder = kindsInCreationOrder().stream().map(ResourceKind::kind).toList();
    return Comparator.comparing(
            (Pruner.Orphan o) -> creationOrder.indexOf(o.resource().id().kind()))
        .reversed();
  }

  /**
   * Adds the deletions of the resources that replacements superseded and that the context has
   * recorded, unless {@code deletions} has them already. They run whether or not the stack prunes,
   * because they finish a replacement that the plan showed. Each one waits for its document and
   * the documents that name it (see {@link #retirementBlocker}).
   */
  private void planRetirements(
      ReconcileContext context,
      Map<ResourceId, Outcome> outcomes,
      Map<ResourceId, Pruner.Orphan> deletions,
      List<ResourceId> order,
      Map<ResourceId, Set<ResourceId>> named) {
    List<OwnedResource> retired = context.retired();
    retired.sort(Comparator.comparing(Replacements::deletionId));
    for (OwnedResource resource : retired) {
      ResourceId id = Replacements.deletionId(resource);
      if (deletions.containsKey(id)) {
        continue;
      }
      DeletionPolicy policy = Pruner.policyOf(kinds.get(resource.id().kind()), resource);
      deletions.put(id, new Pruner.Orphan(resource, policy));
      order.add(id);
      String waitingFor = retirementBlocker(resource, outcomes, named);
      if (waitingFor != null) {
        outcomes.put(id, new Outcome.Blocked("waiting for " + waitingFor));
        continue;
      }
      FieldChange field = new FieldChange("deletionPolicy", policy.label(), null, false);
      outcomes.put(id, new Outcome.Planned(new ResourceChange(id, Action.DELETE, List.of(field))));
    }
  }

  /**
   * Returns the first document, with its state, that a superseded resource must wait for, or null.
   * Those are its own document and the documents that name it. Until each of them is in sync or
   * changed, one may still use the old resource. Deleting it would also revoke what refers to it,
   * such as another group's rule.
   */
  private static String retirementBlocker(
      OwnedResource resource,
      Map<ResourceId, Outcome> outcomes,
      Map<ResourceId, Set<ResourceId>> named) {
    return blockingReference(Replacements.users(resource.id(), named), outcomes);
  }

  /**
   * Reads back the resources that were just changed and applies again to those that still differ,
   * at most {@link #EXTRA_PASSES} times. Some AWS APIs accept a field on create but take it only on
   * update, and some apply a change a moment later. The read-back also confirms the apply.
   */
  private Map<ResourceId, Outcome> converge(
      ReconcileContext context, Map<ResourceId, Outcome> outcomes, DependencyGraph graph) {
    DesiredState state = context.state();
    Map<ResourceId, Outcome> result = new HashMap<>(outcomes);
    for (int pass = 0; pass < EXTRA_PASSES; pass++) {
      if (context.writesStopped().isPresent()) {
        break;
      }
      List<ResourceId> changed =
          result.entrySet().stream()
              .filter(e -> e.getValue() instanceof Outcome.Changed)
              .filter(e -> state.find(e.getKey()).isPresent())
              .map(Map.Entry::getKey)
              .toList();
      if (changed.isEmpty()) {
        break;
      }
      Observation again = observe(context);
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
      Map<ResourceId, Outcome> reapplied = applyInOrder(context, again, pending, graph);
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
    List<PlanError> errors = new ArrayList<>();
    for (ResourceId id : order) {
      Outcome decision = decisions.get(id);
      if (decision instanceof Outcome.Planned planned) {
        changes.add(planned.change());
      } else if (decision instanceof Outcome.Failed failed) {
        errors.add(new PlanError(id, failed.error()));
      } else if (decision instanceof Outcome.Blocked b) {
        blocked.add(new Blocked(id, b.reason()));
      } else if (decision instanceof Outcome.Flapping f) {
        blocked.add(
            new Blocked(
                id,
                "flapping: the same update to "
                    + String.join(", ", f.fields())
                    + " was applied "
                    + FlapDetector.LIMIT
                    + " loops in a row, so mooring stopped writing it"));
      }
    }
    return new Plan(changes, blocked, errors);
  }

  private Map<ResourceId, Outcome> applyInOrder(
      ReconcileContext context,
      Observation observation,
      Map<ResourceId, Outcome> decisions,
      DependencyGraph graph) {
    Map<ResourceId, Outcome> outcomes = new ConcurrentHashMap<>(decisions);
    ReconcileContext writing = context.forWrites(creations(decisions));
    try (ExecutorService executor = Executors.newFixedThreadPool(PARALLELISM)) {
      for (List<ResourceId> level : graph.levels()) {
        List<Future<?>> running = new ArrayList<>();
        for (ResourceId id : level) {
          if (!(decisions.get(id) instanceof Outcome.Planned planned)) {
            continue;
          }
          String waitingFor = blockingReference(graph.dependenciesOf(id), outcomes);
          if (waitingFor != null) {
            outcomes.put(id, new Outcome.Blocked("waiting for " + waitingFor));
            continue;
          }
          DesiredResource<?> resource = context.state().find(id).orElseThrow();
          LiveResource live = observation.live().get(id);
          running.add(
              executor.submit(() -> outcomes.put(id, applyOne(writing, resource, live, planned))));
        }
        awaitAll(running);
      }
    }
    return outcomes;
  }

  /** Returns the resources that the decisions create. */
  private static Set<ResourceId> creations(Map<ResourceId, Outcome> decisions) {
    return decisions.entrySet().stream()
        .filter(
            e ->
                e.getValue() instanceof Outcome.Planned planned
                    && planned.change().action() == Action.CREATE)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  /**
   * Returns the first of {@code targets} that is blocked, flapping or failed, with its state, or
   * null. A blocked resource may exist in AWS, but it is not known to be the document's, so a
   * write that refers to it could point at something else or at a placeholder.
   */
  private static String blockingReference(
      Set<ResourceId> targets, Map<ResourceId, Outcome> outcomes) {
    for (ResourceId dependency : new TreeSet<>(targets)) {
      Outcome outcome = outcomes.get(dependency);
      if (outcome instanceof Outcome.Failed
          || outcome instanceof Outcome.Blocked
          || outcome instanceof Outcome.Flapping) {
        return dependency + ", which is " + outcome.state();
      }
    }
    return null;
  }

  private <S> Outcome applyOne(
      ReconcileContext context,
      DesiredResource<S> resource,
      LiveResource live,
      Outcome.Planned planned) {
    ResourceId id = resource.id();
    if (!retries.isDue(id)) {
      RetryBook.Entry entry = retries.entry(id);
      return new Outcome.Failed(entry.error(), entry.nextAttempt());
    }
    @SuppressWarnings("unchecked")
    ResourceKind<S> kind = (ResourceKind<S>) kinds.get(id.kind());
    ResourceChange change = planned.change();
    return withResourceContext(
        context,
        id,
        () -> {
          if (change.action() == Action.REPLACE) {
            kind.replace(resource, live, change.fields(), context);
          } else {
            kind.apply(resource, live, change.fields(), context);
          }
          logApplied(change);
          return new Outcome.Changed(change);
        },
        change.action());
  }

  /**
   * Deletes or releases pruned and superseded resources, a kind before the kinds it refers to. A
   * superseded resource is checked again, because a document that names it may have failed during
   * the apply.
   */
  private void applyDeletions(
      ReconcileContext context,
      Map<ResourceId, Pruner.Orphan> deletions,
      Map<ResourceId, Outcome> outcomes,
      Map<ResourceId, Set<ResourceId>> named) {
    ReconcileContext writing = context.forWrites(Set.of());
    List<Map.Entry<ResourceId, Pruner.Orphan>> ordered = new ArrayList<>(deletions.entrySet());
    ordered.sort(Map.Entry.comparingByValue(deletionComparator()));
    for (Map.Entry<ResourceId, Pruner.Orphan> entry : ordered) {
      ResourceId id = entry.getKey();
      if (!(outcomes.get(id) instanceof Outcome.Planned planned)) {
        continue;
      }
      OwnedResource resource = entry.getValue().resource();
      boolean superseded = OwnershipTags.isRetired(resource.tags());
      String waitingFor = superseded ? retirementBlocker(resource, outcomes, named) : null;
      if (waitingFor != null) {
        outcomes.put(id, new Outcome.Blocked("waiting for " + waitingFor));
        continue;
      }
      String reason = superseded ? "a replacement superseded it" : "its document is gone";
      outcomes.put(
          id,
          withResourceContext(
              writing,
              id,
              () -> deleteOrRelease(entry.getValue(), writing, reason, planned),
              Action.DELETE));
    }
  }

  private Outcome deleteOrRelease(
      Pruner.Orphan orphan, ReconcileContext context, String reason, Outcome.Planned planned) {
    OwnedResource resource = orphan.resource();
    ResourceKind<?> kind = kinds.get(resource.id().kind());
    if (orphan.policy() == DeletionPolicy.DELETE) {
      kind.delete(resource, context);
      log.info("Deleted {} ({}), because {}", resource.id(), resource.arn(), reason);
    } else {
      kind.release(resource, context);
      log.info(
          "Released {} ({}): {} and its deletion policy is Retain",
          resource.id(),
          resource.arn(),
          reason);
    }
    return new Outcome.Changed(planned.change());
  }

  /**
   * Runs one write with the resource in the MDC, turning a failure into a retry. Once the write
   * guard has rejected a write of this reconcile, it fails at once without running the write.
   */
  private Outcome withResourceContext(
      ReconcileContext context,
      ResourceId id,
      java.util.function.Supplier<Outcome> write,
      Action action) {
    Optional<String> stopped = context.writesStopped();
    if (stopped.isPresent()) {
      log.debug("Not applying {} to {}: {}", action.label(), id, stopped.get());
      String error = action.label() + " not attempted: " + stopped.get();
      return new Outcome.Failed(error, clock.instant());
    }
    MDC.put("kind", id.kind());
    MDC.put("name", id.name());
    try {
      Outcome outcome = write.get();
      retries.recordSuccess(id);
      return outcome;
    } catch (RuntimeException e) {
      Optional<WriteRejectedException> rejected = WriteRejectedException.in(e);
      if (rejected.isPresent()) {
        return writeRejected(context, id, action, rejected.get());
      }
      String error = action.label() + " failed: " + describe(e);
      Instant next = retries.recordFailure(id, error);
      log.warn("Applying {} to {} failed, retrying after {}: {}", action.label(), id, next, describe(e));
      log.debug("Failure detail for {}", id, e);
      return new Outcome.Failed(error, next);
    } finally {
      MDC.remove("kind");
      MDC.remove("name");
    }
  }

  /**
   * Fails a resource whose write the guard rejected and stops the other writes of the reconcile.
   * The retry book is left alone, because the resource itself did not fail and the lease holder
   * applies it.
   */
  private Outcome writeRejected(
      ReconcileContext context, ResourceId id, Action action, WriteRejectedException rejected) {
    context.stopWrites(rejected.getMessage());
    log.warn(
        "Applying {} to {} was rejected, so this reconcile writes nothing more: {}",
        action.label(),
        id,
        rejected.getMessage());
    String error = action.label() + " rejected: " + rejected.getMessage();
    return new Outcome.Failed(error, clock.instant());
  }

  private static void logApplied(ResourceChange change) {
    if (change.action() == Action.CREATE) {
      log.info("Created {}", change.id());
      return;
    }
    log.info(
        "Applied {} to {}: {}",
        change.action().label(),
        change.id(),
        change.fields().stream().map(FieldChange::path).collect(Collectors.joining(", ")));
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
