package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.kinds.Kinds;
import io.mooring.kinds.ecs.ServiceKind;
import io.mooring.kinds.ecs.ServiceSpec;
import io.mooring.kinds.iam.ManagedPolicyKind;
import io.mooring.kinds.iam.RoleKind;
import io.mooring.kinds.iam.RoleSpec;
import io.mooring.load.DesiredStateLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks that desired-state/mooring-policy.yaml is what {@code iam-policy --managed-policies
 * mooring} prints for desired-state/ with the options of mooring's own Service, and that mooring's
 * task role attaches exactly those policies.
 */
class MooringPolicyFileTest {
  private static final Path DIRECTORY = Path.of("desired-state");
  private static final Path FILE = DIRECTORY.resolve("mooring-policy.yaml");

  /** The region and account that the sample's ARNs use. */
  private static final List<String> SCOPE =
      List.of("--region", "us-east-1", "--account", "123456789012");

  private static final List<String> DAEMON_OPTIONS =
      List.of(
          "--lease-table", "--webhook-secret", "--metrics-namespace", "--ssh-key", "--known-hosts");

  private final DesiredState state = new DesiredStateLoader(Kinds.registry()).load(DIRECTORY);

  @Test
  void policyFileMatchesCommandOutput() throws IOException {
    List<String> arguments = arguments();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        Main.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            arguments.toArray(String[]::new));

    assertThat(exit).as(err.toString()).isZero();
    String command = "java -jar target/mooring.jar " + String.join(" ", arguments);
    assertThat(Files.readString(FILE))
        .as(
            "%s is not the output of the iam-policy command. Rebuild the jar (mvn -q package"
                + " -DskipTests) and regenerate the file with:%n  %s > %s.new && mv %s.new %s%n"
                + "Writing to the file itself would empty it before the command reads the"
                + " directory.",
            FILE, command, FILE, FILE, FILE)
        .isEqualTo(out.toString());
  }

  @Test
  void taskRoleAttachesEveryGeneratedPolicy() {
    List<String> generated =
        state.resources().stream()
            .filter(r -> r.id().kind().equals(ManagedPolicyKind.KIND))
            .filter(r -> r.position().file().getFileName().equals(FILE.getFileName()))
            .map(DesiredResource::name)
            .sorted()
            .toList();
    RoleSpec role =
        state.ofKind(RoleKind.KIND, RoleSpec.class).stream()
            .filter(r -> r.name().equals("mooring"))
            .findFirst()
            .orElseThrow()
            .spec();

    assertThat(generated).isNotEmpty();
    assertThat(role.managedPolicies())
        .as("managedPolicies of the Role mooring in desired-state/mooring.yaml")
        .containsExactlyElementsOf(generated);
    assertThat(role.policies()).isEmpty();
  }

  /** Returns the arguments of iam-policy for the daemon that the Service mooring runs. */
  private List<String> arguments() {
    List<String> arguments =
        new ArrayList<>(List.of("iam-policy", "desired-state", "--managed-policies", "mooring"));
    arguments.addAll(SCOPE);
    List<String> command = daemonCommand();
    for (String option : DAEMON_OPTIONS) {
      int index = command.indexOf(option);
      if (index >= 0 && index + 1 < command.size()) {
        arguments.add(option);
        arguments.add(command.get(index + 1));
      }
    }
    return arguments;
  }

  private List<String> daemonCommand() {
    return state.ofKind(ServiceKind.KIND, ServiceSpec.class).stream()
        .filter(r -> r.name().equals("mooring"))
        .findFirst()
        .orElseThrow()
        .spec()
        .container()
        .command();
  }
}
