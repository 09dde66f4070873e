package io.mooring.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.aws.AwsSession;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.Reconciler;
import io.mooring.engine.RetryBook;
import io.mooring.plan.Blocked;
import io.mooring.plan.FieldChange;
import io.mooring.plan.PlanError;
import io.mooring.plan.ResourceChange;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    mixinStandardHelpOptions = true,
    name = "apply",
    description = "Converges AWS on a desired-state directory and prints what it did. Exits 0 when"
        + " everything is in sync afterwards, 1 when anything failed or is blocked.")
final class ApplyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Directory of YAML documents.")
  Path directory;

  @Mixin PruneOptions pruning;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Workspace workspace = new Workspace();
    DesiredState state = workspace.load(directory, err);
    if (state == null || !pruning.checkStack(state, err)) {
      return ExitCodes.ERROR;
    }
    try (AwsSession aws = new AwsSession(new SimpleMeterRegistry())) {
      Clock clock = Clock.systemUTC();
      Reconciler reconciler = new Reconciler(workspace.kinds, aws, clock, RetryBook.standard(clock));
      ReconcileReport report = reconciler.apply(state, pruning.of(state));
      printOutcomes(report, out, err);
      ReconcileReport after = reconciler.plan(state, pruning.of(state));
      out.printf(
          "Applied in %d ms with %d AWS call(s).%n", report.duration().toMillis(), report.awsCalls());
      if (report.succeeded() && after.plan().inSync()) {
        out.println("In sync.");
        return ExitCodes.OK;
      }
      // Blocked counts the resources that waited behind a failure in this apply as well as those
      // the follow-up plan still blocks, so it agrees with the "blocked" lines printed above.
      out.printf(
          "Not in sync: %d failed, %d still differ, %d blocked; see the messages above.%n",
          report.count(Outcome.Failed.class),
          after.plan().changes().size(),
          Math.max(report.count(Outcome.Blocked.class), after.plan().blocked().size()));
      for (ResourceChange change : after.plan().changes()) {
        err.println(
            "not in sync: "
                + change.id()
                + ": "
                + change.fields().stream().map(FieldChange::path).collect(Collectors.joining(", ")));
      }
      for (Blocked blocked : after.plan().blocked()) {
        err.println("blocked: " + blocked.id() + ": " + blocked.reason());
      }
      for (PlanError error : after.plan().errors()) {
        err.println("not read: " + error.id() + ": " + error.message());
      }
      return ExitCodes.ERROR;
    }
  }

  private static void printOutcomes(ReconcileReport report, PrintWriter out, PrintWriter err) {
    for (Map.Entry<ResourceId, Outcome> entry : report.outcomes().entrySet()) {
      ResourceId id = entry.getKey();
      switch (entry.getValue()) {
        case Outcome.Changed changed ->
            out.println(
                pastTense(changed.change().action().label())
                    + " "
                    + id
                    + fieldList(changed.change()));
        case Outcome.Failed failed -> err.println("failed " + id + ": " + failed.error());
        case Outcome.Blocked blocked -> err.println("blocked " + id + ": " + blocked.reason());
        case Outcome.Flapping flapping ->
            err.println("flapping " + id + ": " + String.join(", ", flapping.fields()));
        case Outcome.InSync inSync -> out.println("unchanged " + id);
        case Outcome.Planned planned -> out.println("planned " + id);
      }
    }
  }

  private static String fieldList(ResourceChange change) {
    if (change.fields().isEmpty() || change.action() == io.mooring.plan.Action.CREATE) {
      return "";
    }
    if (change.action() == io.mooring.plan.Action.DELETE) {
      // A deletion's only field is the deletion policy, which decided between delete and release.
      return " (deletion policy " + change.fields().get(0).desired() + ")";
    }
    return " (" + change.fields().stream().map(FieldChange::path).collect(Collectors.joining(", ")) + ")";
  }

  private static String pastTense(String action) {
    return switch (action) {
      case "create" -> "created";
      case "update" -> "updated";
      case "replace" -> "replaced";
      case "delete" -> "deleted";
      case "adopt" -> "adopted";
      default -> action;
    };
  }
}
