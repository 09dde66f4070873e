package io.mooring.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mooring} command line. */
@Command(
    name = "mooring",
    mixinStandardHelpOptions = true,
    version = "mooring 0.1.0",
    description = "Keeps an AWS service stack in step with Kubernetes-style YAML in git.",
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      RunCommand.class,
      SetImageCommand.class,
      IamPolicyCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    // The daemon logs JSON lines unless MOORING_LOG_FORMAT sets another format. This must happen
    // before logback starts.
    if (args.length > 0 && args[0].equals("run") && System.getenv("MOORING_LOG_FORMAT") == null) {
      System.setProperty("mooring.log.format", "json");
    }
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code, for tests and for {@link #main}. */
  public static int execute(String... args) {
    return execute(
        new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs a command line with the given output streams and returns its exit code. */
  public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    // A usage error is an error (exit 1); exit 2 means that plan found changes.
    commandLine.setParameterExceptionHandler(
        (e, args1) -> {
          CommandLine failed = e.getCommandLine();
          failed.getErr().println("error: " + e.getMessage());
          failed.usage(failed.getErr());
          return ExitCodes.ERROR;
        });
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("error: " + (e.getMessage() == null ? e : e.getMessage()));
          return ExitCodes.ERROR;
        });
    return commandLine.execute(args);
  }
}
