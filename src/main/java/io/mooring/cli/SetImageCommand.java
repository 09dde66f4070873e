package io.mooring.cli;

import io.mooring.api.SourcePosition;
import io.mooring.load.ImageEditor;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    mixinStandardHelpOptions = true,
    name = "set-image",
    description =
        "Sets the image of one Service document in place, leaving every other byte of its file"
            + " unchanged (comments, order, quoting). A plain image that YAML would read as another"
            + " type, such as null or 123, is written in double quotes. Exits 0 when the file was"
            + " written or already had the image, 1 on an error.")
final class SetImageCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Directory of YAML documents.")
  Path directory;

  @Parameters(index = "1", paramLabel = "SERVICE", description = "metadata.name of the Service.")
  String service;

  @Parameters(index = "2", paramLabel = "IMAGE", description = "The new image reference.")
  String image;

  @Override
  public Integer call() {
    ImageEditor.Result result = new ImageEditor().setImage(directory, service, image);
    String file = SourcePosition.displayName(result.file());
    spec.commandLine()
        .getOut()
        .println(
            result.changed()
                ? "Set the image of Service/" + service + " in " + file + " to " + image
                : "Service/" + service + " in " + file + " already has image " + image);
    return ExitCodes.OK;
  }
}
