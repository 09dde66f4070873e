package io.mooring.load;

import static io.mooring.load.StateDirectory.CLUSTER;
import static io.mooring.load.StateDirectory.SERVICE;
import static io.mooring.load.StateDirectory.withSpecLines;
import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.kinds.Kinds;
import io.mooring.kinds.ecs.ClusterKind;
import io.mooring.kinds.ecs.ServiceSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The loader's checks on files, document envelopes and references between documents. The checks of
 * a Service's spec are in {@code ServiceParserTest}.
 */
class DesiredStateLoaderTest {
  @TempDir Path temp;

  private Path root;
  private StateDirectory dir;

  @BeforeEach
  void createRoot() throws IOException {
    root = Files.createDirectory(temp.resolve("state"));
    dir = new StateDirectory(root);
  }

  private static List<ResourceId> ids(DesiredState state) {
    return state.resources().stream().map(DesiredResource::id).toList();
  }

  // Directory walking and the documents of a file

  @Test
  void sampleDirectoryOfRepositoryValidates() {
    DesiredState state = new StateDirectory(Path.of("desired-state")).load();

    assertThat(ids(state))
        .contains(new ResourceId("Cluster", "prod"), new ResourceId("Service", "orders-api"));
    ServiceSpec spec =
        state.ofKind("Service", ServiceSpec.class).stream()
            .filter(service -> service.name().equals("orders-api"))
            .findFirst()
            .orElseThrow()
            .spec();
    assertThat(spec.cpu()).isEqualTo(512);
    assertThat(spec.scaling().max()).isEqualTo(10);
    assertThat(spec.container().secrets()).containsOnlyKeys("DATABASE_URL");
  }

  @Test
  void nestedDirectoriesAndYmlFilesAreLoaded() {
    dir.write("cluster.yml", CLUSTER).write("apps/web/service.yaml", SERVICE);

    assertThat(ids(dir.load()))
        .containsExactlyInAnyOrder(
            new ResourceId("Cluster", "prod"), new ResourceId("Service", "web"));
  }

  @Test
  void everyDocumentOfMultiDocumentFileIsLoaded() {
    dir.write("all.yaml", CLUSTER + "---\n" + SERVICE);

    assertThat(ids(dir.load()))
        .containsExactlyInAnyOrder(
            new ResourceId("Cluster", "prod"), new ResourceId("Service", "web"));
  }

  @Test
  void filesWithoutYamlExtensionAreIgnored() {
    dir.write("cluster.yaml", CLUSTER)
        .write("README.md", "# not: [valid yaml\n")
        .write("notes.txt", "kind: Widget\n")
        .write("cluster.yaml.bak", "apiVersion: mooring/v0\n");

    assertThat(ids(dir.load())).containsExactly(new ResourceId("Cluster", "prod"));
  }

  @Test
  void emptyDocumentsAreIgnored() {
    dir.write("cluster.yaml", "---\n# Nothing here yet.\n---\n" + CLUSTER + "---\n")
        .write("empty.yaml", "")
        .write("comments.yaml", "# only a comment\n");

    assertThat(ids(dir.load())).containsExactly(new ResourceId("Cluster", "prod"));
  }

  @Test
  void byteOrderMarkIsAccepted() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = CLUSTER.getBytes(StandardCharsets.UTF_8);
    byte[] both = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, both, 0, bom.length);
    System.arraycopy(text, 0, both, bom.length, text.length);
    dir.writeBytes("cluster.yaml", both);

    assertThat(ids(dir.load())).containsExactly(new ResourceId("Cluster", "prod"));
  }

  @Test
  void metadataAdoptIsRead() {
    dir.write("cluster.yaml", CLUSTER.replace("  name: prod\n", "  name: prod\n  adopt: true\n"));

    assertThat(dir.load().resources().get(0).adopt()).isTrue();
  }

  @Test
  void missingDirectoryIsReported() {
    Path missing = root.resolve("missing");

    List<String> problems = new StateDirectory(missing).problems();

    assertThat(problems).containsExactly(missing + ":1:1: -: directory not found");
  }

  // Files that cannot be read as YAML

  @Test
  void yamlSyntaxErrorIsReportedAtItsPosition() {
    dir.write(
        "cluster.yaml",
        """
        apiVersion: mooring/v1
        kind: Cluster
        metadata:
          name: [prod
        spec: {}
        """);

    assertThat(dir.problems())
        .containsExactly("cluster.yaml:5:5: -: invalid YAML: expected ',' or ']', but got :");
  }

  @Test
  void badIndentationIsReportedAtItsPosition() {
    dir.write("cluster.yaml", "apiVersion: mooring/v1\nkind: Cluster\n  metadata: {}\n");

    assertThat(dir.problems())
        .containsExactly("cluster.yaml:3:11: -: invalid YAML: mapping values are not allowed here");
  }

  @Test
  void invalidUtf8IsReportedAtFirstBadByte() {
    // Line 4 is "  name: café" followed by an 0xFF byte. The é takes two bytes but one column.
    byte[] text =
        "apiVersion: mooring/v1\nkind: Cluster\nmetadata:\n  name: caf\u00e9"
            .getBytes(StandardCharsets.UTF_8);
    byte[] bad = new byte[text.length + 2];
    System.arraycopy(text, 0, bad, 0, text.length);
    bad[text.length] = (byte) 0xFF;
    bad[text.length + 1] = '\n';
    dir.writeBytes("cluster.yaml", bad);

    assertThat(dir.problems()).containsExactly("cluster.yaml:4:13: -: file is not valid UTF-8");
  }

  @Test
  void truncatedUtf8SequenceAtEndIsReported() {
    // 0xC3 starts a two-byte sequence that the file ends before completing.
    dir.writeBytes("cluster.yaml", new byte[] {'a', ':', ' ', 'b', '\n', 'c', (byte) 0xC3});

    assertThat(dir.problems()).containsExactly("cluster.yaml:2:2: -: file is not valid UTF-8");
  }

  @Test
  void fileLargerThanFourMebibytesIsRejected() {
    byte[] big = new byte[4 * 1024 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) '#');
    dir.writeBytes("big.yaml", big);

    assertThat(dir.problems()).containsExactly("big.yaml:1:1: -: file is larger than 4 MiB");
  }

  // Symbolic links

  @Test
  void symbolicLinkLeadingOutsideIsRejected() throws IOException {
    Path outside = Files.createDirectory(temp.resolve("outside"));
    Files.writeString(outside.resolve("cluster.yaml"), CLUSTER);
    Files.createSymbolicLink(root.resolve("cluster.yaml"), outside.resolve("cluster.yaml"));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:1:1: -: symbolic link leads outside "
                + root
                + "; copy the file into the directory instead");
  }

  @Test
  void relativeSymbolicLinkClimbingOutIsRejected() throws IOException {
    Files.writeString(temp.resolve("cluster.yaml"), CLUSTER);
    Files.createDirectory(root.resolve("sub"));
    Files.createSymbolicLink(root.resolve("sub/cluster.yaml"), Path.of("../../cluster.yaml"));

    assertThat(dir.problems())
        .containsExactly(
            "sub/cluster.yaml:1:1: -: symbolic link leads outside "
                + root
                + "; copy the file into the directory instead");
  }

  @Test
  void symbolicLinkToDirectoryOutsideIsRejected() throws IOException {
    Path outside = Files.createDirectory(temp.resolve("shared"));
    Files.writeString(outside.resolve("cluster.yaml"), CLUSTER);
    Files.createSymbolicLink(root.resolve("shared"), outside);

    assertThat(dir.problems())
        .containsExactly(
            "shared:1:1: -: symbolic link leads outside "
                + root
                + "; copy the file into the directory instead");
  }

  @Test
  void symbolicLinkInsideDirectoryIsLoaded() throws IOException {
    dir.write("templates/cluster.txt", CLUSTER);
    Files.createSymbolicLink(root.resolve("cluster.yaml"), Path.of("templates/cluster.txt"));

    assertThat(ids(dir.load())).containsExactly(new ResourceId("Cluster", "prod"));
  }

  @Test
  void innerDirectoryLinkIsNotFollowed() throws IOException {
    dir.write("clusters/cluster.yaml", CLUSTER);
    Files.createSymbolicLink(root.resolve("alias"), Path.of("clusters"));

    assertThat(ids(dir.load())).containsExactly(new ResourceId("Cluster", "prod"));
  }

  // The envelope: apiVersion, kind, metadata and spec

  @Test
  void missingApiVersionIsReported() {
    dir.write("cluster.yaml", CLUSTER.replace("apiVersion: mooring/v1\n", ""));

    assertThat(dir.problems())
        .containsExactly("cluster.yaml:1:1: apiVersion: required field is missing; use mooring/v1");
  }

  @Test
  void wrongApiVersionIsReported() {
    dir.write("cluster.yaml", CLUSTER.replace("mooring/v1", "mooring/v2"));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:1:13: apiVersion: unsupported apiVersion \"mooring/v2\"; use mooring/v1");
  }

  @Test
  void missingKindIsReported() {
    dir.write("cluster.yaml", CLUSTER.replace("kind: Cluster\n", ""));

    assertThat(dir.problems()).containsExactly("cluster.yaml:1:1: kind: required field is missing");
  }

  @Test
  void unknownKindIsOneProblem() {
    // The spec of an unknown kind cannot be checked, so its fields are not reported as unknown.
    dir.write(
        "queue.yaml",
        """
        apiVersion: mooring/v1
        kind: Queue
        metadata:
          name: jobs
        spec:
          visibilityTimeout: 30
        """);

    assertThat(dir.problems())
        .containsExactly(
            "queue.yaml:2:7: kind: unknown kind \"Queue\"; known kinds: "
                + Kinds.registry().names());
  }

  @Test
  void missingMetadataIsOneProblem() {
    dir.write("cluster.yaml", CLUSTER.replace("metadata:\n  name: prod\n", ""));

    assertThat(dir.problems())
        .containsExactly("cluster.yaml:1:1: metadata: required field is missing");
  }

  @Test
  void missingMetadataNameIsReported() {
    dir.write("cluster.yaml", CLUSTER.replace("  name: prod\n", "  adopt: false\n"));

    assertThat(dir.problems())
        .containsExactly("cluster.yaml:4:3: metadata.name: required field is missing");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Prod",
        "-prod",
        "prod-",
        "prod_eu",
        "prod.eu",
        "\"\"",
        "a234567890123456789012345678901234567890123456789012345678901234"
      })
  void invalidNameIsReported(String name) {
    dir.write("cluster.yaml", CLUSTER.replace("name: prod", "name: " + name));

    String shown = name.equals("\"\"") ? "" : name;
    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:4:9: metadata.name: invalid name \""
                + shown
                + "\": use at most 63 lowercase letters, digits and hyphens, starting and ending"
                + " with a letter or digit");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "p",
        "prod",
        "prod-eu-1",
        "0prod",
        "a23456789012345678901234567890123456789012345678901234567890123"
      })
  void validNameIsAccepted(String name) {
    dir.write("cluster.yaml", CLUSTER.replace("name: prod", "name: " + name));

    assertThat(ids(dir.load())).containsExactly(new ResourceId("Cluster", name));
  }

  @Test
  void numericNameMustBeQuoted() {
    dir.write("cluster.yaml", CLUSTER.replace("name: prod", "name: 2024"));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:4:9: metadata.name: expected a string, found an integer; quote the"
                + " value");
  }

  @Test
  void missingSpecIsReported() {
    dir.write("cluster.yaml", CLUSTER.replace("spec: {}\n", ""));

    assertThat(dir.problems()).containsExactly("cluster.yaml:1:1: spec: required field is missing");
  }

  @Test
  void documentThatIsNotMappingIsOneProblem() {
    dir.write("list.yaml", "- apiVersion: mooring/v1\n- kind: Cluster\n");

    assertThat(dir.problems())
        .containsExactly("list.yaml:1:1: -: expected a mapping, found a list");
  }

  @Test
  void unknownTopLevelFieldIsReported() {
    dir.write("cluster.yaml", CLUSTER + "status:\n  ready: true\n");

    assertThat(dir.problems()).containsExactly("cluster.yaml:6:1: status: unknown field");
  }

  @Test
  void unknownMetadataFieldIsReported() {
    dir.write("cluster.yaml", CLUSTER.replace("  name: prod\n", "  name: prod\n  labels: {}\n"));

    assertThat(dir.problems()).containsExactly("cluster.yaml:5:3: metadata.labels: unknown field");
  }

  // Suggestions for misspelt envelope fields and kinds

  @Test
  void misspeltApiVersionIsOneError() {
    dir.write("cluster.yaml", CLUSTER.replace("apiVersion:", "apiversion:"));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:1:1: apiversion: unknown field; did you mean the required field"
                + " \"apiVersion\"?");
  }

  @Test
  void misspeltKindFieldIsOneError() {
    dir.write("cluster.yaml", CLUSTER.replace("kind:", "knid:"));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:2:1: knid: unknown field; did you mean the required field \"kind\"?");
  }

  @Test
  void misspeltMetadataIsOneError() {
    dir.write("cluster.yaml", CLUSTER.replace("metadata:", "metdata:"));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:3:1: metdata: unknown field; did you mean the required field"
                + " \"metadata\"?");
  }

  @Test
  void misspeltMetadataNameIsOneError() {
    dir.write("cluster.yaml", CLUSTER.replace("  name: prod", "  nmae: prod"));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:4:3: metadata.nmae: unknown field; did you mean the required field"
                + " \"name\"?");
  }

  @Test
  void misspeltDeletionPolicyNamesField() {
    dir.write(
        "cluster.yaml",
        CLUSTER.replace("  name: prod\n", "  name: prod\n  deletionpolicy: Retain\n"));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:5:3: metadata.deletionpolicy: unknown field; did you mean"
                + " \"deletionPolicy\"?");
  }

  @Test
  void misspeltSpecIsOneError() {
    dir.write("cluster.yaml", CLUSTER.replace("spec:", "sepc:"));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:5:1: sepc: unknown field; did you mean the required field \"spec\"?");
  }

  @Test
  void misspeltRequiredSpecFieldIsOneError() {
    dir.write("cluster.yaml", CLUSTER).write("web.yaml", SERVICE.replace("  image:", "  imgae:"));

    assertThat(dir.problems())
        .containsExactly(
            "web.yaml:7:3: spec.imgae: unknown field; did you mean the required field"
                + " \"image\"?");
  }

  @Test
  void misspeltNestedSpecFieldNamesField() {
    dir.write("cluster.yaml", CLUSTER)
        .write(
            "web.yaml",
            withSpecLines("  healthCheck:\n    command: [CMD, /bin/check]\n    intervall: 30\n"));

    assertThat(dir.problems())
        .containsExactly(
            "web.yaml:15:5: spec.healthCheck.intervall: unknown field; did you mean"
                + " \"interval\"?");
  }

  @Test
  void distantUnknownSpecFieldHasNoSuggestion() {
    dir.write("cluster.yaml", CLUSTER).write("web.yaml", withSpecLines("  replicas: 3\n"));

    assertThat(dir.problems()).containsExactly("web.yaml:13:3: spec.replicas: unknown field");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Clustr", "cluster", "CLUSTER", "Culster"})
  void misspeltKindNamesClosestKind(String kind) {
    dir.write("cluster.yaml", CLUSTER.replace("kind: Cluster", "kind: " + kind));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:2:7: kind: unknown kind \"" + kind + "\"; did you mean \"Cluster\"?");
  }

  @Test
  void duplicateKeyIsReportedAtSecondKey() {
    dir.write("cluster.yaml", CLUSTER.replace("kind: Cluster\n", "kind: Cluster\nkind: Cluster\n"));

    assertThat(dir.problems()).containsExactly("cluster.yaml:3:1: kind: duplicate key");
  }

  // Checks across documents

  @Test
  void duplicateNameInTwoFilesIsReported() {
    dir.write("a.yaml", CLUSTER).write("b/cluster.yaml", CLUSTER);

    assertThat(dir.problems())
        .containsExactly(
            "b/cluster.yaml:4:9: metadata.name: duplicate Cluster/prod; it is first defined at"
                + " a.yaml:4:9");
  }

  @Test
  void duplicateNameInOneFileIsReported() {
    dir.write("a.yaml", CLUSTER + "---\n" + CLUSTER);

    assertThat(dir.problems())
        .containsExactly(
            "a.yaml:10:9: metadata.name: duplicate Cluster/prod; it is first defined at"
                + " a.yaml:4:9");
  }

  @Test
  void sameNameForDifferentKindsIsAllowed() {
    dir.write("cluster.yaml", CLUSTER)
        .write("service.yaml", SERVICE.replace("name: web", "name: prod"));

    assertThat(ids(dir.load()))
        .containsExactlyInAnyOrder(
            new ResourceId("Cluster", "prod"), new ResourceId("Service", "prod"));
  }

  @Test
  void referenceToMissingClusterIsReported() {
    dir.write("web.yaml", SERVICE);

    assertThat(dir.problems())
        .containsExactly("web.yaml:6:12: spec.cluster: no Cluster document is named \"prod\"");
  }

  @Test
  void referenceToDocumentOfWrongKindIsReported() {
    // A Service named as the cluster is a document of the wrong kind.
    dir.write("cluster.yaml", CLUSTER)
        .write("api.yaml", SERVICE.replace("name: web", "name: api"))
        .write("web.yaml", SERVICE.replace("cluster: prod", "cluster: api"));

    assertThat(dir.problems())
        .containsExactly("web.yaml:6:12: spec.cluster: \"api\" is of kind Service, expected kind Cluster");
  }

  @Test
  void missingClusterFieldIsOneProblem() {
    dir.write("cluster.yaml", CLUSTER).write("web.yaml", SERVICE.replace("  cluster: prod\n", ""));

    assertThat(dir.problems())
        .containsExactly("web.yaml:6:3: spec.cluster: required field is missing");
  }

  @Test
  void resourcesKeepTheirKindsSpecType() {
    dir.write("cluster.yaml", CLUSTER.replace("spec: {}", "spec: {containerInsights: true}"));

    List<DesiredResource<ClusterKind.Spec>> clusters =
        dir.load().ofKind("Cluster", ClusterKind.Spec.class);

    assertThat(clusters).hasSize(1);
    assertThat(clusters.get(0).spec().containerInsights()).isEqualTo("enabled");
  }

  // All errors at once

  @Test
  void allErrorsAreListedAtOnceSorted() {
    dir.write("cluster.yaml", CLUSTER.replace("mooring/v1", "mooring/v2") + "extra: 1\n")
        .write(
            "apps/web.yaml",
            withSpecLines("  replicas: 3\n")
                .replace("cpu: 512", "cpu: \"512\"")
                .replace("cluster: prod", "cluster: staging"))
        .write("broken.yml", "kind: [\n");

    assertThat(dir.problems())
        .containsExactly(
            "apps/web.yaml:6:12: spec.cluster: no Cluster document is named \"staging\"",
            "apps/web.yaml:8:8: spec.cpu: expected an integer, found a string",
            "apps/web.yaml:13:3: spec.replicas: unknown field",
            "broken.yml:2:1: -: invalid YAML: expected the node content, but found '<stream end>'",
            "cluster.yaml:1:13: apiVersion: unsupported apiVersion \"mooring/v2\"; use mooring/v1",
            "cluster.yaml:6:1: extra: unknown field");
  }
}
