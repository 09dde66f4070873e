package io.mooring.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.api.DesiredState;
import io.mooring.aws.AwsSession;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.Reconciler;
import io.mooring.engine.RetryBook;
import io.mooring.plan.PlanFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    mixinStandardHelpOptions = true,
    name = "plan",
    description = "Reads live AWS and prints what apply would change, field by field, writing"
        + " nothing. Exits 0 when in sync, 2 when anything would change or is blocked, 1 on an"
        + " error.")
final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Directory of YAML documents.")
  Path directory;

  @Mixin PruneOptions pruning;

  @Option(
      names = "--output",
      defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  PlanFormat output;

  @Override
  public Integer call() {
    PlanFormat format = output;
    PrintWriter err = spec.commandLine().getErr();
    DesiredState state = new Workspace().load(directory, err);
    if (state == null || !pruning.checkStack(state, err)) {
      return ExitCodes.ERROR;
    }
    Workspace workspace = new Workspace();
    try (AwsSession aws = new AwsSession(new SimpleMeterRegistry())) {
      Reconciler reconciler =
          new Reconciler(workspace.kinds, aws, Clock.systemUTC(), RetryBook.standard(Clock.systemUTC()));
      ReconcileReport report = reconciler.plan(state, pruning.of(state));
      spec.commandLine().getOut().print(format.render(report.plan()));
      spec.commandLine().getOut().flush();
      if (printFailures(report, err)) {
        return ExitCodes.ERROR;
      }
      err.printf(
          "Compared %d resource(s) with %d AWS call(s) in %d ms.%n",
          report.outcomes().size(), report.awsCalls(), report.duration().toMillis());
      return report.plan().inSync() ? ExitCodes.OK : ExitCodes.CHANGES;
    }
  }

  /** Prints resources that could not be observed; returns whether there were any. */
  static boolean printFailures(ReconcileReport report, PrintWriter err) {
    boolean failed = false;
    for (Map.Entry<?, Outcome> entry : report.outcomes().entrySet()) {
      if (entry.getValue() instanceof Outcome.Failed f) {
        err.println("failed: " + entry.getKey() + ": " + f.error());
        failed = true;
      }
    }
    return failed;
  }
}
