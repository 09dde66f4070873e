package io.mooring.kinds.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.json.JsonStructures;
import io.mooring.plan.Action;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryPolicyNotFoundException;

/**
 * Creating, diffing, correcting, adopting, replacing and pruning ECR repositories on the emulator.
 */
class RepositoryReconcileIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final ResourceId ORDERS_API = new ResourceId("Repository", "orders-api");

  private static final String PULL_POLICY =
      """
        policy:
          Version: "2012-10-17"
          Statement:
            - Sid: pull-from-staging
              Effect: Allow
              Principal: {AWS: "arn:aws:iam::210987654321:root"}
              Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer]
      """;

  private static final String MANIFEST =
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
          + "\"layers\":[{\"digest\":\"sha256:1111111111111111111111111111111111111111111111111111111111111111\"}]}";

  private EcrClient ecr;

  @BeforeEach
  void setUp() {
    ecr = EcrClient.create();
  }

  @AfterEach
  void tearDown() {
    ecr.close();
  }

  /** Returns a Repository document; {@code metadata} lines go after the name, indented by two. */
  private static String repository(String name, String metadata, String spec) {
    return """
    apiVersion: mooring/v1
    kind: Repository
    metadata:
      name: %s
    %sspec:
    %s\
    """
        .formatted(name, metadata, spec);
  }

  private static String ordersApi(String spec) {
    return repository("orders-api", "", spec);
  }

  private static final String FULL_SPEC =
      """
        immutableTags: true
        scanOnPush: true
        lifecycle: {keepLast: 30, expireUntaggedAfterDays: 7}
        encryption: {type: AES256}
        tags: {team: orders}
      """
          + PULL_POLICY;

  private Repository describe(String name) {
    return ecr.describeRepositories(r -> r.repositoryNames(name)).repositories().get(0);
  }

  private boolean exists(String name) {
    return ecr.describeRepositories().repositories().stream()
        .anyMatch(r -> r.repositoryName().equals(name));
  }

  private Map<String, String> tags(String name) {
    Map<String, String> tags = new LinkedHashMap<>();
    ecr.listTagsForResource(r -> r.resourceArn(describe(name).repositoryArn()))
        .tags()
        .forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  private Object lifecycleStructure(String name) {
    return JsonStructures.parse(
        ecr.getLifecyclePolicy(r -> r.repositoryName(name)).lifecyclePolicyText());
  }

  private void pushImage(String name, String tag) {
    ecr.putImage(r -> r.repositoryName(name).imageManifest(MANIFEST).imageTag(tag));
  }

  private static List<String> changedPaths(ReconcileReport report, ResourceId id) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(id))
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  private static List<Action> actions(ReconcileReport report) {
    return report.plan().changes().stream().map(ResourceChange::action).toList();
  }

  @Test
  void applyCreatesRepositoryWithEveryField() {
    stack.write("repository.yaml", ordersApi(FULL_SPEC));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    Repository repository = describe("orders-api");
    assertThat(repository.imageTagMutabilityAsString()).isEqualTo("IMMUTABLE");
    assertThat(repository.imageScanningConfiguration().scanOnPush()).isTrue();
    assertThat(repository.encryptionConfiguration().encryptionTypeAsString()).isEqualTo("AES256");
    assertThat(lifecycleStructure("orders-api"))
        .isEqualTo(JsonStructures.parse(LifecyclePolicy.text(new RepositorySpec.Lifecycle(30, 7))));
    String policy = ecr.getRepositoryPolicy(r -> r.repositoryName("orders-api")).policyText();
    assertThat(JsonStructures.parse(policy).toString())
        .contains("arn:aws:iam::210987654321:root", "ecr:BatchGetImage");
    assertThat(tags("orders-api"))
        .containsEntry("team", "orders")
        .containsEntry("mooring:managed-by", "mooring")
        .containsEntry("mooring:document", "Repository/orders-api");
  }

  @Test
  void secondLoopWritesNothing() {
    stack.write("repository.yaml", ordersApi(FULL_SPEC));
    stack.apply();

    ReconcileReport second = stack.apply();

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
  }

  @Test
  void observeCostsOneDescribeAndThreeReadsPerRepository() {
    stack.write("repository.yaml", ordersApi(FULL_SPEC));
    stack.apply();

    ReconcileReport noop = stack.plan();

    // DescribeRepositories, ListTagsForResource, GetLifecyclePolicy, GetRepositoryPolicy.
    assertThat(noop.awsCalls()).isEqualTo(4);
  }

  @Test
  void observeRecordsRepositoryUriForOtherDocuments() {
    stack.write("repository.yaml", ordersApi(FULL_SPEC));
    stack.apply();
    DesiredState state = stack.load();
    ReconcileContext context = new ReconcileContext(state, stack.aws());
    List<DesiredResource<RepositorySpec>> desired =
        state.ofKind("Repository", RepositorySpec.class);

    new RepositoryKind().observe(desired, context);

    assertThat(context.id(ORDERS_API)).contains(describe("orders-api").repositoryUri());
    assertThat(context.id(ORDERS_API).orElseThrow()).endsWith(".amazonaws.com/orders-api");
  }

  /**
   * Returns changes made behind mooring's back, each with the field it shows as and a repair check.
   */
  static Stream<Arguments> consoleChanges() {
    String otherLifecycle =
        "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1000},\"action\":{\"type\":\"expire\"}}]}";
    String otherPolicy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ecr:*\"}]}";
    return Stream.of(
        Arguments.of(
            "immutableTags",
            (Consumer<EcrClient>)
                ecr ->
                    ecr.putImageTagMutability(
                        r -> r.repositoryName("orders-api").imageTagMutability("MUTABLE")),
            (Consumer<RepositoryReconcileIT>)
                it ->
                    assertThat(it.describe("orders-api").imageTagMutabilityAsString())
                        .isEqualTo("IMMUTABLE")),
        Arguments.of(
            "scanOnPush",
            (Consumer<EcrClient>)
                ecr ->
                    ecr.putImageScanningConfiguration(
                        r ->
                            r.repositoryName("orders-api")
                                .imageScanningConfiguration(c -> c.scanOnPush(false))),
            (Consumer<RepositoryReconcileIT>)
                it ->
                    assertThat(it.describe("orders-api").imageScanningConfiguration().scanOnPush())
                        .isTrue()),
        Arguments.of(
            "lifecycle",
            (Consumer<EcrClient>)
                ecr ->
                    ecr.putLifecyclePolicy(
                        r -> r.repositoryName("orders-api").lifecyclePolicyText(otherLifecycle)),
            (Consumer<RepositoryReconcileIT>)
                it ->
                    assertThat(it.lifecycleStructure("orders-api"))
                        .isEqualTo(
                            JsonStructures.parse(
                                LifecyclePolicy.text(new RepositorySpec.Lifecycle(30, 7))))),
        Arguments.of(
            "lifecycle",
            (Consumer<EcrClient>)
                ecr -> ecr.deleteLifecyclePolicy(r -> r.repositoryName("orders-api")),
            (Consumer<RepositoryReconcileIT>)
                it ->
                    assertThat(it.lifecycleStructure("orders-api").toString())
                        .contains("sinceImagePushed")),
        Arguments.of(
            "policy",
            (Consumer<EcrClient>)
                ecr ->
                    ecr.setRepositoryPolicy(
                        r -> r.repositoryName("orders-api").policyText(otherPolicy)),
            (Consumer<RepositoryReconcileIT>)
                it ->
                    assertThat(
                            it.ecr
                                .getRepositoryPolicy(r -> r.repositoryName("orders-api"))
                                .policyText())
                        .contains("arn:aws:iam::210987654321:root")
                        .doesNotContain("ecr:*")),
        Arguments.of(
            "policy",
            (Consumer<EcrClient>)
                ecr -> ecr.deleteRepositoryPolicy(r -> r.repositoryName("orders-api")),
            (Consumer<RepositoryReconcileIT>)
                it ->
                    assertThat(
                            it.ecr
                                .getRepositoryPolicy(r -> r.repositoryName("orders-api"))
                                .policyText())
                        .contains("pull-from-staging")),
        Arguments.of(
            "tags.team",
            (Consumer<EcrClient>)
                ecr -> {
                  String arn =
                      ecr.describeRepositories(r -> r.repositoryNames("orders-api"))
                          .repositories()
                          .get(0)
                          .repositoryArn();
                  ecr.untagResource(r -> r.resourceArn(arn).tagKeys("team"));
                },
            (Consumer<RepositoryReconcileIT>)
                it -> assertThat(it.tags("orders-api")).containsEntry("team", "orders")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoleChanges")
  void consoleChangeIsFoundAndUndone(
      String path, Consumer<EcrClient> change, Consumer<RepositoryReconcileIT> check) {
    stack.write("repository.yaml", ordersApi(FULL_SPEC));
    stack.apply();
    change.accept(ecr);

    assertThat(changedPaths(stack.plan(), ORDERS_API)).containsExactly(path);
    ReconcileReport repair = stack.apply();

    assertThat(repair.succeeded()).isTrue();
    check.accept(this);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void lifecyclePolicyRemovedFromGitIsDeleted() {
    stack.write("repository.yaml", ordersApi(FULL_SPEC));
    stack.apply();
    stack.write(
        "repository.yaml",
        ordersApi(
            FULL_SPEC.replace("  lifecycle: {keepLast: 30, expireUntaggedAfterDays: 7}\n", "")));

    assertThat(changedPaths(stack.plan(), ORDERS_API)).containsExactly("lifecycle");
    stack.apply();

    assertThat(exists("orders-api")).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ecr.getLifecyclePolicy(r -> r.repositoryName("orders-api")))
        .isInstanceOf(LifecyclePolicyNotFoundException.class);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void repositoryPolicyRemovedFromGitIsDeleted() {
    stack.write("repository.yaml", ordersApi(FULL_SPEC));
    stack.apply();
    stack.write("repository.yaml", ordersApi(FULL_SPEC.replace(PULL_POLICY, "")));

    stack.apply();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ecr.getRepositoryPolicy(r -> r.repositoryName("orders-api")))
        .isInstanceOf(RepositoryPolicyNotFoundException.class);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void reformattedLifecyclePolicyIsNotDrift() {
    stack.write("repository.yaml", ordersApi(FULL_SPEC));
    stack.apply();
    String reformatted =
        """
        {
          "rules" : [
            { "selection" : { "countNumber" : 30, "countType" : "imageCountMoreThan", "tagStatus" : "any" },
              "action" : { "type" : "expire" }, "rulePriority" : 2,
              "description" : "Keep only the newest 30 images" },
            { "action" : { "type" : "expire" }, "rulePriority" : 1,
              "description" : "Expire untagged images older than 7 days",
              "selection" : { "tagStatus" : "untagged", "countUnit" : "days", "countNumber" : 7, "countType" : "sinceImagePushed" } }
          ]
        }
        """;
    ecr.putLifecyclePolicy(r -> r.repositoryName("orders-api").lifecyclePolicyText(reformatted));

    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void unownedRepositoryIsConflictAndLeftAlone() {
    ecr.createRepository(
        r -> r.repositoryName("orders-api").tags(t -> t.key("owner").value("someone-else")));
    stack.write("repository.yaml", ordersApi(FULL_SPEC));

    ReconcileReport report = stack.apply();

    assertThat(report.plan().blocked())
        .extracting(b -> b.id().toString())
        .containsExactly("Repository/orders-api");
    assertThat(report.plan().blocked().get(0).reason()).contains("metadata.adopt");
    assertThat(tags("orders-api")).containsOnlyKeys("owner");
    assertThat(describe("orders-api").imageTagMutabilityAsString()).isEqualTo("MUTABLE");
  }

  @Test
  void adoptTakesOverUnownedRepository() {
    ecr.createRepository(r -> r.repositoryName("orders-api"));
    pushImage("orders-api", "1.0.0");
    stack.write("repository.yaml", repository("orders-api", "  adopt: true\n", FULL_SPEC));

    assertThat(actions(stack.plan())).containsExactly(Action.ADOPT);
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(tags("orders-api"))
        .containsEntry("mooring:document", "Repository/orders-api")
        .containsEntry("team", "orders");
    assertThat(describe("orders-api").imageTagMutabilityAsString()).isEqualTo("IMMUTABLE");
    assertThat(ecr.listImages(r -> r.repositoryName("orders-api")).imageIds()).hasSize(1);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void encryptionChangeReplacesEmptyRepository() {
    stack.write("repository.yaml", ordersApi(FULL_SPEC));
    stack.apply();
    String before = describe("orders-api").repositoryArn();
    stack.write("repository.yaml", ordersApi(FULL_SPEC.replace("{type: AES256}", "{type: KMS}")));

    ReconcileReport planned = stack.plan();
    assertThat(actions(planned)).containsExactly(Action.REPLACE);
    assertThat(changedPaths(planned, ORDERS_API)).containsExactly("encryption.type");
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    Repository after = describe("orders-api");
    assertThat(after.encryptionConfiguration().encryptionTypeAsString()).isEqualTo("KMS");
    assertThat(after.repositoryArn()).isEqualTo(before);
    assertThat(after.imageTagMutabilityAsString()).isEqualTo("IMMUTABLE");
    assertThat(tags("orders-api")).containsEntry("mooring:document", "Repository/orders-api");
    assertThat(lifecycleStructure("orders-api").toString()).contains("imageCountMoreThan");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void encryptionChangeLeavesRepositoryWithImagesAlone() {
    stack.write("repository.yaml", ordersApi(FULL_SPEC));
    stack.apply();
    pushImage("orders-api", "1.0.0");
    stack.write("repository.yaml", ordersApi(FULL_SPEC.replace("{type: AES256}", "{type: KMS}")));

    ReconcileReport report = stack.apply();

    assertThat(report.outcomes().get(ORDERS_API)).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) report.outcomes().get(ORDERS_API)).error())
        .contains("contains images");
    assertThat(describe("orders-api").encryptionConfiguration().encryptionTypeAsString())
        .isEqualTo("AES256");
    assertThat(ecr.listImages(r -> r.repositoryName("orders-api")).imageIds()).hasSize(1);
  }

  /**
   * Writes an Environment that lets one loop delete any share of the stack, and a second
   * repository.
   */
  private void writeStackWithSecondRepository() {
    stack.write(
        "environment.yaml",
        """
        apiVersion: mooring/v1
        kind: Environment
        metadata:
          name: prod
        spec:
          maxDeletePercent: 100
        """);
    stack.write("keep.yaml", repository("keep", "", "  {}\n"));
  }

  @Test
  void prunedEmptyRepositoryIsDeleted() {
    writeStackWithSecondRepository();
    stack.write("repository.yaml", ordersApi(FULL_SPEC));
    stack.apply();
    stack.delete("repository.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(report.plan().changes())
        .filteredOn(c -> c.id().equals(ORDERS_API))
        .extracting(c -> c.fields().get(0).desired())
        .containsExactly("Delete");
    assertThat(exists("orders-api")).isFalse();
    assertThat(exists("keep")).isTrue();
  }

  @Test
  void prunedRepositoryWithImagesIsRetainedAndReleased() {
    writeStackWithSecondRepository();
    stack.write("repository.yaml", ordersApi(FULL_SPEC));
    stack.apply();
    pushImage("orders-api", "1.0.0");
    stack.delete("repository.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(report.plan().changes())
        .filteredOn(c -> c.id().equals(ORDERS_API))
        .extracting(c -> c.fields().get(0).desired())
        .containsExactly("Retain");
    assertThat(exists("orders-api")).isTrue();
    assertThat(tags("orders-api"))
        .containsEntry("team", "orders")
        .doesNotContainKeys("mooring:managed-by", "mooring:document", "mooring:stack");
    assertThat(ecr.listImages(r -> r.repositoryName("orders-api")).imageIds()).hasSize(1);
    assertThat(stack.prune().plan().inSync()).isTrue();
  }

  @Test
  void explicitDeletePolicyDeletesRepositoryWithImages() {
    writeStackWithSecondRepository();
    stack.write(
        "repository.yaml", repository("orders-api", "  deletionPolicy: Delete\n", FULL_SPEC));
    stack.apply();
    pushImage("orders-api", "1.0.0");
    stack.delete("repository.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(exists("orders-api")).isFalse();
  }

  @Test
  void explicitRetainPolicyKeepsEmptyRepository() {
    writeStackWithSecondRepository();
    stack.write(
        "repository.yaml", repository("orders-api", "  deletionPolicy: Retain\n", FULL_SPEC));
    stack.apply();
    stack.delete("repository.yaml");

    stack.prune();

    assertThat(exists("orders-api")).isTrue();
    assertThat(tags("orders-api")).doesNotContainKey("mooring:managed-by");
  }

  @Test
  void laterRetainPolicyKeepsPrunedRepository() {
    stack.write(
        "repository.yaml", repository("orders-api", "  deletionPolicy: Delete\n", FULL_SPEC));
    stack.apply();
    stack.write(
        "repository.yaml", repository("orders-api", "  deletionPolicy: Retain\n", FULL_SPEC));

    ReconcileReport changed = stack.apply();

    assertThat(changedPaths(changed, ORDERS_API)).containsExactly("tags.mooring:deletion-policy");
    assertThat(tags("orders-api")).containsEntry("mooring:deletion-policy", "Retain");
    stack.delete("repository.yaml");

    ReconcileReport pruned = stack.apply(new ReconcileOptions(true, true));

    assertThat(pruned.succeeded()).isTrue();
    assertThat(exists("orders-api")).isTrue();
    assertThat(tags("orders-api").keySet()).noneMatch(key -> key.startsWith("mooring:"));
  }
}
