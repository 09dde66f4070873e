package io.mooring.load;

import static io.mooring.load.StateDirectory.CLUSTER;
import static io.mooring.load.StateDirectory.SERVICE;
import static io.mooring.load.StateDirectory.withSpecLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Problem;
import io.mooring.api.Problems;
import io.mooring.api.ResourceId;
import io.mooring.kinds.Kinds;
import io.mooring.kinds.ecs.ClusterKind;
import io.mooring.kinds.ecs.ServiceSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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
  void hiddenFilesAndDirectoriesAreSkipped() {
    // A repository's root as the directory: none of these are desired state.
    dir.write("cluster.yaml", CLUSTER)
        .write(".github/workflows/ci.yml", "name: ci\non: push\njobs: {}\n")
        .write(".git/cluster.yaml", CLUSTER)
        .write(".draft.yaml", "kind: [\n")
        .write("apps/.old/web.yaml", SERVICE);

    assertThat(ids(dir.load())).containsExactly(new ResourceId("Cluster", "prod"));
  }

  @Test
  void hiddenRootDirectoryIsRead() throws IOException {
    StateDirectory hidden = new StateDirectory(Files.createDirectory(temp.resolve(".stack")));
    hidden.write("cluster.yaml", CLUSTER);

    assertThat(ids(hidden.load())).containsExactly(new ResourceId("Cluster", "prod"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"cluster.YAML", "cluster.Yml", "cluster.yAmL"})
  void extensionInAnyCaseIsRead(String name) {
    dir.write(name, CLUSTER);

    assertThat(ids(dir.load())).containsExactly(new ResourceId("Cluster", "prod"));
  }

  @Test
  void unreadableDirectoryIsReportedAtItsPath() throws IOException {
    dir.write("cluster.yaml", CLUSTER).write("secrets/web.yaml", SERVICE);
    Path secrets = root.resolve("secrets");
    Files.setPosixFilePermissions(secrets, Set.of());
    try {
      // Root reads every directory, so this runs only for other users.
      assumeFalse(Files.isReadable(secrets), "running as root, which reads every directory");

      assertThat(dir.problems()).containsExactly("secrets:1:1: -: cannot read: permission denied");
    } finally {
      Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void failedDirectoryIsReportedAtItsPath() {
    // The walk reports a directory that it cannot open to visitFileFailed, which is what an
    // unreadable directory causes for any user but root.
    Problems problems = new Problems();
    Path secrets = root.resolve("apps/secrets");

    new DesiredStateFiles.Lister(root, problems)
        .visitFileFailed(secrets, new AccessDeniedException(secrets.toString()));

    assertThat(problems.sorted())
        .extracting(Problem::toString)
        .containsExactly("apps/secrets:1:1: -: cannot read: permission denied");
  }

  @Test
  void failedHiddenDirectoryIsIgnored() {
    Problems problems = new Problems();
    Path cache = root.resolve(".cache");

    new DesiredStateFiles.Lister(root, problems)
        .visitFileFailed(cache, new AccessDeniedException(cache.toString()));

    assertThat(problems.isEmpty()).isTrue();
  }

  @Test
  void unreadableFileIsReportedAtItsPath() throws IOException {
    dir.write("cluster.yaml", CLUSTER);
    Path file = root.resolve("cluster.yaml");
    Files.setPosixFilePermissions(file, Set.of());
    assumeFalse(Files.isReadable(file), "running as root, which reads every file");

    assertThat(dir.problems()).containsExactly("cluster.yaml:1:1: -: cannot read: permission denied");
  }

  @Test
  void fileNameWithLineBreakIsEscaped() {
    dir.write("a\nb.yaml", CLUSTER).write("c.yaml", CLUSTER);

    assertThat(dir.problems())
        .containsExactly(
            "c.yaml:4:9: metadata.name: duplicate Cluster/prod; it is first defined at"
                + " a\\nb.yaml:4:9");
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
  void nulByteIsReportedAtItsPosition() {
    dir.write("cluster.yaml", CLUSTER.replace("spec: {}", "spec:\n  tags: {team: a\u0000b}"));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:6:17: -: invalid YAML: character U+0000 is not allowed; remove it, or"
                + " write it as an escape in a double-quoted string");
  }

  @Test
  void controlCharacterPositionCountsCrlfOnce() {
    dir.write("cluster.yaml", CLUSTER.replace("name: prod", "name: pr\u0007od").replace("\n", "\r\n"));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:4:11: -: invalid YAML: character U+0007 is not allowed; remove it, or"
                + " write it as an escape in a double-quoted string");
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
  void linkedRootDirectoryIsRead() throws IOException {
    dir.write("cluster.yaml", CLUSTER);
    Path link = Files.createSymbolicLink(temp.resolve("link"), root);

    assertThat(ids(new StateDirectory(link).load())).containsExactly(new ResourceId("Cluster", "prod"));
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

  @Test
  void emptyNamesAreReportedAtEachDocument() {
    String unnamed = CLUSTER.replace("name: prod", "name: \"\"");
    dir.write("a.yaml", unnamed + "---\n" + unnamed);

    String invalid =
        "metadata.name: invalid name \"\": use at most 63 lowercase letters, digits and hyphens,"
            + " starting and ending with a letter or digit";
    assertThat(dir.problems()).containsExactly("a.yaml:4:9: " + invalid, "a.yaml:10:9: " + invalid);
  }

  @Test
  void emptyMetadataIsMissingNameAtEachDocument() {
    String empty = "apiVersion: mooring/v1\nkind: Cluster\nmetadata:\nspec: {}\n";
    dir.write("a.yaml", empty + "---\n" + empty + "---\n" + empty.replace("metadata:", "metadata: {}"));

    assertThat(dir.problems())
        .containsExactly(
            "a.yaml:3:10: metadata.name: required field is missing",
            "a.yaml:8:10: metadata.name: required field is missing",
            "a.yaml:13:11: metadata.name: required field is missing");
  }

  @Test
  void missingMetadataInTwoDocumentsIsNoDuplicate() {
    String anonymous = CLUSTER.replace("metadata:\n  name: prod\n", "");
    dir.write("a.yaml", anonymous + "---\n" + anonymous);

    assertThat(dir.problems())
        .containsExactly(
            "a.yaml:1:1: metadata: required field is missing",
            "a.yaml:5:1: metadata: required field is missing");
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

  // Merge keys

  @Test
  void mergeKeysAreResolved() {
    dir.write(
        "cluster.yaml",
        """
        apiVersion: mooring/v1
        kind: Cluster
        metadata:
          name: prod
        spec:
          <<: {containerInsights: true}
          tags:
            <<: {team: orders, tier: api}
            tier: web
        """);

    ClusterKind.Spec spec = dir.load().ofKind("Cluster", ClusterKind.Spec.class).get(0).spec();

    assertThat(spec.containerInsights()).isEqualTo("enabled");
    assertThat(spec.tags()).containsExactly(entry("team", "orders"), entry("tier", "web"));
  }

  @Test
  void mergeFromAnchorInSameDocumentIsResolved() {
    dir.write("cluster.yaml", CLUSTER)
        .write(
            "web.yaml",
            withSpecLines("  environment: &common {TEAM: orders}\n  tags: {<<: *common, tier: web}\n"));

    ServiceSpec spec = dir.load().ofKind("Service", ServiceSpec.class).get(0).spec();

    assertThat(spec.tags()).containsExactly(entry("TEAM", "orders"), entry("tier", "web"));
  }

  @Test
  void mergedFieldErrorPointsWhereWritten() {
    dir.write(
        "cluster.yaml",
        CLUSTER.replace("spec: {}", "spec:\n  tags: &tags {team: orders}\n  <<: *tags"));

    assertThat(dir.problems()).containsExactly("cluster.yaml:6:16: spec.team: unknown field");
  }

  @Test
  void mergeOfScalarIsReported() {
    dir.write("cluster.yaml", CLUSTER.replace("spec: {}", "spec:\n  <<: enabled"));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:6:7: spec.<<: a merge key (<<) takes a mapping or a list of mappings,"
                + " found a string");
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

  // Tags

  private static final String ENVIRONMENT =
      """
      apiVersion: mooring/v1
      kind: Environment
      metadata: {name: stack}
      spec:
        tags: {env-1: a, env-2: b}
      """;

  /** Returns {@link #CLUSTER} with {@code count} tags t0, t1 and so on, from line 7 on. */
  private static String clusterWithTags(int count) {
    StringBuilder tags = new StringBuilder("spec:\n  tags:\n");
    for (int i = 0; i < count; i++) {
      tags.append("    t").append(i).append(": v\n");
    }
    return CLUSTER.replace("spec: {}\n", tags.toString());
  }

  @Test
  void fiftyTagsWithOwnershipTagsAreAccepted() {
    dir.write("cluster.yaml", clusterWithTags(47));

    assertThat(dir.load().resources()).hasSize(1);
  }

  @Test
  void tagsOverLimitAreReported() {
    dir.write("cluster.yaml", clusterWithTags(48));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:7:5: spec.tags: 51 tags (48 from spec.tags and 3 that mooring adds); AWS"
                + " allows at most 50 per resource, so remove 1");
  }

  @Test
  void environmentTagsCountTowardsLimit() {
    dir.write("env.yaml", ENVIRONMENT).write("cluster.yaml", clusterWithTags(50));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:7:5: spec.tags: 55 tags (50 from spec.tags, 2 from the Environment and 3"
                + " that mooring adds); AWS allows at most 50 per resource, so remove 5");
  }

  @Test
  void overriddenEnvironmentTagCountsOnce() {
    dir.write("env.yaml", ENVIRONMENT)
        .write("cluster.yaml", clusterWithTags(45).replace("    t0: v\n", "    env-1: c\n    env-2: d\n"));

    assertThat(dir.load().resources()).hasSize(2);
  }

  @Test
  void environmentOverLimitIsReportedOnlyThere() {
    String tags =
        IntStream.range(0, 48).mapToObj(i -> "e" + i + ": v").collect(Collectors.joining(", "));
    dir.write("env.yaml", ENVIRONMENT.replace("{env-1: a, env-2: b}", "{" + tags + "}"))
        .write("cluster.yaml", CLUSTER);

    assertThat(dir.problems())
        .containsExactly(
            "env.yaml:5:9: spec.tags: 51 tags (48 from spec.tags and 3 that mooring adds); AWS"
                + " allows at most 50 per resource, so remove 1");
  }

  @Test
  void deletionPolicyTagCountsTowardsLimit() {
    String tags =
        IntStream.range(0, 47).mapToObj(i -> "e" + i + ": v").collect(Collectors.joining(", "));
    dir.write("env.yaml", ENVIRONMENT.replace("{env-1: a, env-2: b}", "{" + tags + "}"))
        .write(
            "cluster.yaml",
            CLUSTER.replace("  name: prod\n", "  name: prod\n  deletionPolicy: Retain\n"));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:6:7: spec.tags: 51 tags (0 from spec.tags, 47 from the Environment and 4"
                + " that mooring adds); AWS allows at most 50 per resource, so remove 1");
  }

  @Test
  void loadBalancerCountsItsTargetGroupTag() {
    StringBuilder tags = new StringBuilder("  tags:\n");
    for (int i = 0; i < 47; i++) {
      tags.append("    t").append(i).append(": v\n");
    }
    dir.write(
        "edge.yaml",
        """
        apiVersion: mooring/v1
        kind: LoadBalancer
        metadata:
          name: edge
        spec:
          scheme: internal
          subnets: [subnet-0a1b2c3d, subnet-4e5f6a7b]
          targetGroups:
            - {name: orders-api, port: 8000}
          listeners:
            - {name: http, port: 80, forwardTo: orders-api}
        """
            + tags);

    assertThat(dir.problems())
        .contains(
            "edge.yaml:13:5: spec.tags: 51 tags (47 from spec.tags and 4 that mooring adds); AWS"
                + " allows at most 50 per resource, so remove 1");
  }

  @Test
  void securityGroupCountsItsRetiredTag() {
    StringBuilder tags = new StringBuilder("  tags:\n");
    for (int i = 0; i < 47; i++) {
      tags.append("    t").append(i).append(": v\n");
    }
    dir.write(
        "web.yaml",
        """
        apiVersion: mooring/v1
        kind: SecurityGroup
        metadata:
          name: web
        spec:
          description: Web tasks
          vpc: vpc-0a1b2c3d
          ingress: []
        """
            + tags);

    assertThat(dir.problems())
        .contains(
            "web.yaml:10:5: spec.tags: 51 tags (47 from spec.tags and 4 that mooring adds); AWS"
                + " allows at most 50 per resource, so remove 1");
  }

  @Test
  void tagValueWithLineBreakIsReported() {
    dir.write("cluster.yaml", CLUSTER.replace("spec: {}", "spec:\n  tags: {team: \"a\\nb\"}"));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:6:16: spec.tags.team: invalid tag value: character U+000A is not"
                + " allowed; use letters, digits, spaces and _.:/=+-@");
  }

  /** Returns tag entries that AWS rejects, with the error. */
  static Stream<Arguments> invalidTags() {
    String longKey = "k".repeat(129);
    String longValue = "v".repeat(257);
    return Stream.of(
        Arguments.of(
            "team#1: a",
            "6:10: spec.tags.team#1: invalid tag key: character U+0023 is not allowed; use"
                + " letters, digits, spaces and _.:/=+-@"),
        Arguments.of(
            "\"\": a",
            "6:10: spec.tags.: invalid tag key: has 0 characters; use 1 to 128"),
        Arguments.of(
            longKey + ": a",
            "6:10: spec.tags." + longKey + ": invalid tag key: has 129 characters; use 1 to 128"),
        Arguments.of(
            "team: " + longValue,
            "6:16: spec.tags.team: invalid tag value: has 257 characters; use at most 256"),
        Arguments.of(
            "team: \"a\\tb\"",
            "6:16: spec.tags.team: invalid tag value: character U+0009 is not allowed; use"
                + " letters, digits, spaces and _.:/=+-@"),
        Arguments.of(
            "AWS:team: a",
            "6:10: spec.tags.AWS:team: tag keys starting with mooring: or aws: are reserved"));
  }

  @ParameterizedTest
  @MethodSource("invalidTags")
  void invalidTagIsReportedAtItsPosition(String tag, String problem) {
    dir.write("cluster.yaml", CLUSTER.replace("spec: {}", "spec:\n  tags: {" + tag + "}"));

    assertThat(dir.problems()).containsExactly("cluster.yaml:" + problem);
  }

  @Test
  void tagsWithEveryAllowedCharacterAreAccepted() {
    dir.write(
        "cluster.yaml",
        CLUSTER.replace(
            "spec: {}", "spec:\n  tags: {\"Team Ünit_.:/=+-@1\": \"Orders 2\u00a0½ _.:/=+-@\", empty: \"\"}"));

    ClusterKind.Spec spec = dir.load().ofKind("Cluster", ClusterKind.Spec.class).get(0).spec();

    assertThat(spec.tags()).containsEntry("empty", "").hasSize(2);
  }

  // Checks of one phase while other documents have errors

  private static final String STACK =
      """
      apiVersion: mooring/v1
      kind: Environment
      metadata: {name: stack}
      spec:
        subnets: {private: [subnet-0a1b2c3d, subnet-4e5f6a7b]}
      """;

  /** Returns a LoadBalancer named {@code name} with one target group, {@code orders-api}. */
  private static String loadBalancer(String name) {
    return """
        apiVersion: mooring/v1
        kind: LoadBalancer
        metadata: {name: %s}
        spec:
          scheme: internal
          subnets: private
          securityGroups: [sg-0123456789abcdef0]
          targetGroups:
            - {name: orders-api, port: 8000}
          listeners:
            - {name: http, port: 80, forwardTo: orders-api}
        """
        .formatted(name);
  }

  /** Returns a Service named api in cluster {@code cluster}, with {@code loadBalancer} on line 11. */
  private static String serviceOnLoadBalancer(String cluster) {
    return """
        apiVersion: mooring/v1
        kind: Service
        metadata: {name: api}
        spec:
          cluster: %s
          image: nginx:1.27
          cpu: 512
          memory: 1024
          desiredCount: 2
          port: 8000
          loadBalancer: {name: edge, targetGroup: missing}
        """
        .formatted(cluster);
  }

  private static final String TOPIC =
      """
      apiVersion: mooring/v1
      kind: Topic
      metadata: {name: oncall}
      spec: {emails: [oncall@example.com]}
      """;

  private static final String DATABASE =
      """
      apiVersion: mooring/v1
      kind: Database
      metadata: {name: 1db}
      spec:
        engine: postgres
        engineVersion: "16"
        instanceClass: db.t4g.medium
        storage: {allocatedGiB: 50}
        subnets: private
        securityGroups: [sg-0123456789abcdef0]
        masterUsername: orders
      """;

  @Test
  void everyPhaseErrorReportedTogether() {
    dir.write("environment.yaml", STACK)
        // The file and its YAML syntax
        .write("broken.yml", "kind: [\n")
        // A document's envelope
        .write(
            "queue.yaml", "apiVersion: mooring/v1\nkind: Queue\nmetadata: {name: jobs}\nspec: {}\n")
        // A document's spec
        .write("web.yaml", SERVICE.replace("cpu: 512", "cpu: 300"))
        // Duplicate names
        .write("topics.yaml", TOPIC + "---\n" + TOPIC)
        // A reference to a document of the wrong kind, and a kind's check of the same Service
        // against its LoadBalancer document
        .write("api.yaml", serviceOnLoadBalancer("oncall"))
        .write("edge.yaml", loadBalancer("edge"))
        // The number of tags
        .write("cluster.yaml", clusterWithTags(48))
        // Kinds' checks of their own names
        .write("internal.yaml", loadBalancer("internal-edge"))
        .write("database.yaml", DATABASE);

    assertThat(dir.problems())
        .containsExactly(
            "api.yaml:5:12: spec.cluster: \"oncall\" is of kind Topic, expected kind Cluster",
            "api.yaml:11:43: spec.loadBalancer.targetGroup: no target group \"missing\" in"
                + " LoadBalancer/edge; its target groups: orders-api",
            "broken.yml:2:1: -: invalid YAML: expected the node content, but found '<stream end>'",
            "cluster.yaml:7:5: spec.tags: 51 tags (48 from spec.tags and 3 that mooring adds); AWS"
                + " allows at most 50 per resource, so remove 1",
            "database.yaml:3:18: metadata.name: invalid DB instance identifier \"1db\": RDS needs a"
                + " name that starts with a letter and has no two hyphens in a row",
            "internal.yaml:3:18: metadata.name: invalid load balancer name \"internal-edge\": AWS"
                + " accepts at most 32 letters, digits and hyphens, not starting with internal-",
            "queue.yaml:2:7: kind: unknown kind \"Queue\"; known kinds: "
                + Kinds.registry().names(),
            "topics.yaml:8:18: metadata.name: duplicate Topic/oncall; it is first defined at"
                + " topics.yaml:3:18",
            "web.yaml:8:8: spec.cpu: invalid Fargate CPU 300: use 256, 512, 1024, 2048, 4096, 8192"
                + " or 16384");
  }

  @Test
  void invalidLoadBalancerSkipsServiceCheck() {
    // The target group would be unknown only because the load balancer's spec has an error.
    dir.write("environment.yaml", STACK)
        .write("cluster.yaml", CLUSTER)
        .write("api.yaml", serviceOnLoadBalancer("prod"))
        .write("edge.yaml", loadBalancer("edge").replace("scheme: internal", "scheme: private"));

    assertThat(dir.problems())
        .singleElement()
        .asString()
        .startsWith("edge.yaml:5:11: spec.scheme: invalid value \"private\"");
  }

  @Test
  void unknownKindTargetNotReportedMissing() {
    dir.write("cluster.yaml", CLUSTER.replace("kind: Cluster", "kind: Clustr"))
        .write("web.yaml", SERVICE);

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:2:7: kind: unknown kind \"Clustr\"; did you mean \"Cluster\"?");
  }

  @Test
  void environmentWithErrorsLeavesOutKindChecks() {
    // Without a valid Environment, subnet set names cannot be checked, so no kind checks run.
    dir.write("environment.yaml", STACK + "  vpcs: [vpc-0a1b2c3d]\n")
        .write("internal.yaml", loadBalancer("internal-edge"));

    assertThat(dir.problems())
        .containsExactly("environment.yaml:6:3: spec.vpcs: unknown field; did you mean \"vpc\"?");
  }

  @Test
  void unreadableFileWithoutEnvironmentLeavesOutKindChecks() {
    // The Environment may be in the file that cannot be read.
    dir.write("broken.yml", "kind: [\n").write("internal.yaml", loadBalancer("internal-edge"));

    assertThat(dir.problems())
        .containsExactly(
            "broken.yml:2:1: -: invalid YAML: expected the node content, but found '<stream end>'");
  }

  @Test
  void unreadableFileWithEnvironmentKeepsKindChecks() {
    dir.write("environment.yaml", STACK)
        .write("broken.yml", "kind: [\n")
        .write("internal.yaml", loadBalancer("internal-edge"));

    assertThat(dir.problems())
        .containsExactly(
            "broken.yml:2:1: -: invalid YAML: expected the node content, but found '<stream end>'",
            "internal.yaml:3:18: metadata.name: invalid load balancer name \"internal-edge\": AWS"
                + " accepts at most 32 letters, digits and hyphens, not starting with internal-");
  }

  @Test
  void validShorthandsCheckedBesideErrors() {
    // The alarms of web name the Topic oncall, which is missing; web.yaml has no error of its own.
    dir.write("cluster.yaml", CLUSTER)
        .write("web.yaml", withSpecLines("  alarms: {}\n  notify: oncall\n"))
        .write(
            "other.yaml",
            SERVICE.replace("name: web", "name: other").replace("cpu: 512", "cpu: 300"));

    assertThat(dir.problems())
        .containsExactly(
            "other.yaml:8:8: spec.cpu: invalid Fargate CPU 300: use 256, 512, 1024, 2048, 4096,"
                + " 8192 or 16384",
            "web.yaml:14:11: spec.notify: no Topic document is named \"oncall\"");
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
