package io.mooring.cli;

import io.mooring.api.DesiredState;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    mixinStandardHelpOptions = true,
    name = "validate",
    description = "Validates a desired-state directory without reading AWS. Exits 0 when valid, 1"
        + " with every error otherwise.")
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Directory of YAML documents.")
  Path directory;

  @Override
  public Integer call() {
    DesiredState state = new Workspace().load(directory, spec.commandLine().getErr());
    if (state == null) {
      return ExitCodes.ERROR;
    }
    spec.commandLine().getOut().println("Valid: " + state.resources().size() + " document(s).");
    return ExitCodes.OK;
  }
}
