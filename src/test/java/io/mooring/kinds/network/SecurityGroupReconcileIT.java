package io.mooring.kinds.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.plan.Action;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * Creating, diffing, correcting, adopting, replacing and pruning security groups on the emulator.
 */
class SecurityGroupReconcileIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final ResourceId ORDERS_DB = new ResourceId("SecurityGroup", "orders-db");
  private static final ResourceId ORDERS_API = new ResourceId("SecurityGroup", "orders-api");

  private Ec2Client ec2;
  private String vpc;
  private String subnet;

  @BeforeEach
  void setUp() {
    ec2 = Ec2Client.create();
    vpc = ec2.createVpc(r -> r.cidrBlock("10.30.0.0/16")).vpc().vpcId();
    subnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.30.1.0/24")).subnet().subnetId();
    stack.write(
        "environment.yaml",
        """
        apiVersion: mooring/v1
        kind: Environment
        metadata:
          name: prod
        spec:
          vpc: %s
          maxDeletePercent: 100
          tags: {team: orders}
        """
            .formatted(vpc));
  }

  @AfterEach
  void tearDown() {
    ec2.close();
  }

  /**
   * Returns a SecurityGroup document; {@code metadata} lines go after the name, indented by two.
   */
  private static String group(String name, String metadata, String spec) {
    return """
    apiVersion: mooring/v1
    kind: SecurityGroup
    metadata:
      name: %s
    %sspec:
    %s\
    """
        .formatted(name, metadata, spec);
  }

  private static final String VPC_LINK =
      group(
          "vpc-link",
          "",
          """
            description: API Gateway VPC link
            ingress: []
            egress:
              - {port: 80, to: {securityGroup: edge}, description: HTTP to the load balancer}
          """);

  private static final String EDGE =
      group(
          "edge",
          "",
          """
            description: Internal load balancer
            ingress:
              - {port: 80, from: {securityGroup: vpc-link}, description: HTTP from API Gateway}
            egress:
              - {port: 8000, to: {securityGroup: orders-api}}
          """);

  private static final String API_SPEC =
      """
        description: Fargate tasks of orders-api
        ingress:
          - {port: 8000, from: {securityGroup: edge}, description: HTTP from the load balancer}
        tags: {component: api}
      """;

  private static final String DB_SPEC =
      """
        description: Postgres for orders-api
        ingress:
          - {port: 5432, from: {securityGroup: orders-api}, description: Postgres from the API}
          - {port: 5432, from: {cidr: 10.30.9.0/24}, description: Bastion subnet}
        egress: []
        tags: {component: database}
      """;

  private void writeSampleStack() {
    stack.write("vpc-link.yaml", VPC_LINK);
    stack.write("edge.yaml", EDGE);
    stack.write("orders-api.yaml", group("orders-api", "", API_SPEC));
    stack.write("orders-db.yaml", group("orders-db", "", DB_SPEC));
  }

  private List<SecurityGroup> groups(String name) {
    return ec2.describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values(name)))
        .securityGroups();
  }

  /** Returns the groups that carry the ownership tag of a document, superseded ones included. */
  private List<SecurityGroup> documentGroups(String name) {
    return ec2.describeSecurityGroups(
            r -> r.filters(f -> f.name("tag:mooring:document").values("SecurityGroup/" + name)))
        .securityGroups();
  }

  private boolean exists(String groupId) {
    return !ec2.describeSecurityGroups(r -> r.filters(f -> f.name("group-id").values(groupId)))
        .securityGroups()
        .isEmpty();
  }

  /**
   * Returns the document's group in the test's VPC: the one that carries its ownership tag and no
   * retired tag, whatever its name, else the one of its name.
   */
  private SecurityGroup group(String name) {
    return documentGroups(name).stream()
        .filter(g -> g.vpcId().equals(vpc))
        .filter(g -> g.tags().stream().noneMatch(t -> t.key().equals("mooring:retired")))
        .findFirst()
        .or(() -> groups(name).stream().filter(g -> g.vpcId().equals(vpc)).findFirst())
        .orElseThrow();
  }

  private String id(String name) {
    return group(name).groupId();
  }

  private List<String> ingress(String name) {
    return SecurityGroupKind.texts(
        SecurityGroupRules.fromPermissions(group(name).ipPermissions()), "from");
  }

  private List<String> egress(String name) {
    return SecurityGroupKind.texts(
        SecurityGroupRules.fromPermissions(group(name).ipPermissionsEgress()), "to");
  }

  private Map<String, String> tags(String name) {
    Map<String, String> tags = new LinkedHashMap<>();
    group(name).tags().forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  private static List<String> changedPaths(ReconcileReport report, ResourceId id) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(id))
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  @Test
  void oneApplyCreatesGroupsThatNameEachOther() {
    writeSampleStack();

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(ingress("orders-db"))
        .containsExactly(
            "tcp 5432 from 10.30.9.0/24 \"Bastion subnet\"",
            "tcp 5432 from " + id("orders-api") + " \"Postgres from the API\"");
    assertThat(egress("orders-db")).isEmpty();
    assertThat(ingress("orders-api"))
        .containsExactly("tcp 8000 from " + id("edge") + " \"HTTP from the load balancer\"");
    assertThat(egress("orders-api")).containsExactly("all to 0.0.0.0/0");
    assertThat(ingress("edge"))
        .containsExactly("tcp 80 from " + id("vpc-link") + " \"HTTP from API Gateway\"");
    assertThat(egress("edge")).containsExactly("tcp 8000 to " + id("orders-api"));
    assertThat(egress("vpc-link"))
        .containsExactly("tcp 80 to " + id("edge") + " \"HTTP to the load balancer\"");
    assertThat(group("orders-db").description()).isEqualTo("Postgres for orders-api");
    assertThat(tags("orders-db"))
        .containsEntry("component", "database")
        .containsEntry("team", "orders")
        .containsEntry("mooring:document", "SecurityGroup/orders-db")
        .containsEntry("mooring:stack", "prod");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void planBeforeCreationShowsPlaceholderForUncreatedGroup() {
    writeSampleStack();

    ReconcileReport report = stack.plan();

    FieldChange ingress =
        report.plan().changes().stream()
            .filter(c -> c.id().equals(ORDERS_DB))
            .flatMap(c -> c.fields().stream())
            .filter(f -> f.path().equals("ingress"))
            .findFirst()
            .orElseThrow();
    assertThat(ingress.desired())
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
        .contains("tcp 5432 from (SecurityGroup/orders-api) \"Postgres from the API\"");
    assertThat(groups("orders-db")).isEmpty();
  }

  @Test
  void secondLoopWritesNothing() {
    writeSampleStack();
    stack.apply();

    ReconcileReport second = stack.apply();

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
  }

  @Test
  void observeReadsAllGroupsInOneCall() {
    writeSampleStack();
    stack.apply();

    assertThat(stack.plan().awsCalls()).isEqualTo(1);
  }

  @Test
  void groupMayAllowItself() {
    stack.write(
        "workers.yaml",
        group(
            "workers",
            "",
            "  description: Workers talk to each other\n"
                + "  ingress:\n"
                + "    - {protocol: all, from: {securityGroup: workers}}\n"));

    stack.apply();

    assertThat(ingress("workers")).containsExactly("all from " + id("workers"));
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void numericProtocolsAndUppercaseIpv6AreNotDrift() {
    stack.write(
        "misc.yaml",
        group(
            "misc",
            "",
            """
              description: Protocol spellings
              ingress:
                - {protocol: 6, port: 443, from: {cidr: 10.30.0.0/16}}
                - {protocol: "-1", from: {cidr: "2001:DB8:0::/32"}}
                - {protocol: 17, ports: 0-65535, from: {cidr: 10.30.0.0/16}}
                - {protocol: 1, from: {cidr: 10.30.0.0/16}}
            """));

    stack.apply();

    assertThat(ingress("misc"))
        .containsExactly(
            "all from 2001:db8::/32",
            "icmp from 10.30.0.0/16",
            "tcp 443 from 10.30.0.0/16",
            "udp 0-65535 from 10.30.0.0/16");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  /**
   * Returns changes made behind mooring's back, each with the group and field it shows on and a
   * repair check.
   */
  static Stream<Arguments> consoleChanges() {
    return Stream.of(
        Arguments.of(
            "ingress rule added",
            ORDERS_DB,
            "ingress",
            (BiConsumer<Ec2Client, SecurityGroupReconcileIT>)
                (ec2, it) ->
                    ec2.authorizeSecurityGroupIngress(
                        r -> r.groupId(it.id("orders-db")).ipPermissions(tcp(22, "0.0.0.0/0"))),
            (Consumer<SecurityGroupReconcileIT>)
                it ->
                    assertThat(it.ingress("orders-db"))
                        .noneMatch(rule -> rule.contains("0.0.0.0/0"))),
        Arguments.of(
            "ingress rule revoked",
            ORDERS_DB,
            "ingress",
            (BiConsumer<Ec2Client, SecurityGroupReconcileIT>)
                (ec2, it) ->
                    ec2.revokeSecurityGroupIngress(
                        r ->
                            r.groupId(it.id("orders-db")).ipPermissions(tcp(5432, "10.30.9.0/24"))),
            (Consumer<SecurityGroupReconcileIT>)
                it ->
                    assertThat(it.ingress("orders-db"))
                        .contains("tcp 5432 from 10.30.9.0/24 \"Bastion subnet\"")),
        Arguments.of(
            "rule description changed",
            ORDERS_DB,
            "ingress",
            (BiConsumer<Ec2Client, SecurityGroupReconcileIT>)
                (ec2, it) ->
                    ec2.updateSecurityGroupRuleDescriptionsIngress(
                        r ->
                            r.groupId(it.id("orders-db"))
                                .ipPermissions(
                                    IpPermission.builder()
                                        .ipProtocol("tcp")
                                        .fromPort(5432)
                                        .toPort(5432)
                                        .ipRanges(
                                            x ->
                                                x.cidrIp("10.30.9.0/24")
                                                    .description("Someone else"))
                                        .build())),
            (Consumer<SecurityGroupReconcileIT>)
                it ->
                    assertThat(it.ingress("orders-db"))
                        .contains("tcp 5432 from 10.30.9.0/24 \"Bastion subnet\"")),
        Arguments.of(
            "default egress revoked",
            ORDERS_API,
            "egress",
            (BiConsumer<Ec2Client, SecurityGroupReconcileIT>)
                (ec2, it) ->
                    ec2.revokeSecurityGroupEgress(
                        r ->
                            r.groupId(it.id("orders-api"))
                                .ipPermissions(
                                    IpPermission.builder()
                                        .ipProtocol("-1")
                                        .ipRanges(x -> x.cidrIp("0.0.0.0/0"))
                                        .build())),
            (Consumer<SecurityGroupReconcileIT>)
                it -> assertThat(it.egress("orders-api")).containsExactly("all to 0.0.0.0/0")),
        Arguments.of(
            "egress added to a group without egress",
            ORDERS_DB,
            "egress",
            (BiConsumer<Ec2Client, SecurityGroupReconcileIT>)
                (ec2, it) ->
                    ec2.authorizeSecurityGroupEgress(
                        r -> r.groupId(it.id("orders-db")).ipPermissions(tcp(443, "0.0.0.0/0"))),
            (Consumer<SecurityGroupReconcileIT>)
                it -> assertThat(it.egress("orders-db")).isEmpty()),
        Arguments.of(
            "tag removed",
            ORDERS_DB,
            "tags.component",
            (BiConsumer<Ec2Client, SecurityGroupReconcileIT>)
                (ec2, it) ->
                    ec2.deleteTags(
                        r -> r.resources(it.id("orders-db")).tags(t -> t.key("component"))),
            (Consumer<SecurityGroupReconcileIT>)
                it -> assertThat(it.tags("orders-db")).containsEntry("component", "database")));
  }

  private static IpPermission tcp(int port, String cidr) {
    return IpPermission.builder()
        .ipProtocol("tcp")
        .fromPort(port)
        .toPort(port)
        .ipRanges(r -> r.cidrIp(cidr))
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoleChanges")
  void consoleChangeIsFoundAndUndone(
      String change,
      ResourceId id,
      String path,
      BiConsumer<Ec2Client, SecurityGroupReconcileIT> edit,
      Consumer<SecurityGroupReconcileIT> check) {
    writeSampleStack();
    stack.apply();
    edit.accept(ec2, this);

    ReconcileReport drift = stack.plan();
    assertThat(drift.plan().changes()).extracting(ResourceChange::id).containsExactly(id);
    assertThat(changedPaths(drift, id)).containsExactly(path);
    ReconcileReport repair = stack.apply();

    assertThat(repair.succeeded()).isTrue();
    check.accept(this);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void ruleChangedInGitTouchesOnlyThatRule() {
    writeSampleStack();
    stack.apply();
    stack.write(
        "orders-db.yaml", group("orders-db", "", DB_SPEC.replace("10.30.9.0/24", "10.30.8.0/24")));

    ReconcileReport report = stack.apply();

    assertThat(changedPaths(report, ORDERS_DB)).containsExactly("ingress");
    assertThat(ingress("orders-db"))
        .containsExactly(
            "tcp 5432 from 10.30.8.0/24 \"Bastion subnet\"",
            "tcp 5432 from " + id("orders-api") + " \"Postgres from the API\"");
    assertThat(stack.aws().calls().byOperation()).containsKey("Ec2:AuthorizeSecurityGroupIngress");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void unownedGroupIsConflictAndLeftAlone() {
    String foreign =
        ec2.createSecurityGroup(
                r -> r.groupName("orders-db").description("Postgres for orders-api").vpcId(vpc))
            .groupId();
    ec2.authorizeSecurityGroupIngress(r -> r.groupId(foreign).ipPermissions(tcp(22, "0.0.0.0/0")));
    writeSampleStack();

    ReconcileReport report = stack.apply();

    assertThat(report.plan().blocked()).extracting(b -> b.id()).containsExactly(ORDERS_DB);
    assertThat(report.plan().blocked().get(0).reason()).contains(foreign, "metadata.adopt");
    assertThat(groups("orders-db")).hasSize(1);
    assertThat(tags("orders-db")).isEmpty();
    assertThat(ingress("orders-db")).containsExactly("tcp 22 from 0.0.0.0/0");
  }

  @Test
  void adoptTakesOverUnownedGroup() {
    String foreign =
        ec2.createSecurityGroup(
                r -> r.groupName("orders-db").description("Postgres for orders-api").vpcId(vpc))
            .groupId();
    ec2.authorizeSecurityGroupIngress(r -> r.groupId(foreign).ipPermissions(tcp(22, "0.0.0.0/0")));
    writeSampleStack();
    stack.write("orders-db.yaml", group("orders-db", "  adopt: true\n", DB_SPEC));

    ReconcileReport planned = stack.plan();
    assertThat(planned.plan().changes())
        .filteredOn(c -> c.id().equals(ORDERS_DB))
        .extracting(ResourceChange::action)
        .containsExactly(Action.ADOPT);
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(id("orders-db")).isEqualTo(foreign);
    assertThat(tags("orders-db"))
        .containsEntry("mooring:document", "SecurityGroup/orders-db")
        .containsEntry("component", "database");
    assertThat(ingress("orders-db"))
        .containsExactly(
            "tcp 5432 from 10.30.9.0/24 \"Bastion subnet\"",
            "tcp 5432 from " + id("orders-api") + " \"Postgres from the API\"");
    assertThat(egress("orders-db")).isEmpty();
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void sameNameInAnotherVpcIsNotTheGroup() {
    String otherVpc = ec2.createVpc(r -> r.cidrBlock("10.40.0.0/16")).vpc().vpcId();
    ec2.createSecurityGroup(r -> r.groupName("orders-db").description("Elsewhere").vpcId(otherVpc));
    writeSampleStack();

    ReconcileReport report = stack.apply();

    assertThat(report.plan().blocked()).isEmpty();
    assertThat(groups("orders-db")).hasSize(2);
    assertThat(group("orders-db").description()).isEqualTo("Postgres for orders-api");
  }

  /** Returns the plan's change of a field, which must be in the plan. */
  private static FieldChange changed(ReconcileReport report, ResourceId id, String path) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(id))
        .flatMap(c -> c.fields().stream())
        .filter(f -> f.path().equals(path))
        .findFirst()
        .orElseThrow();
  }

  private void changeApiDescription() {
    stack.write(
        "orders-api.yaml",
        group(
            "orders-api",
            "",
            API_SPEC.replace("Fargate tasks of orders-api", "Tasks of orders-api")));
  }

  @Test
  void replacementPlansUpdatesOfNamingGroups() {
    writeSampleStack();
    stack.apply();
    String oldApi = id("orders-api");
    changeApiDescription();

    ReconcileReport planned = stack.plan();

    assertThat(planned.plan().changes())
        .extracting(c -> c.action() + " " + c.id())
        .containsExactly(
            "REPLACE SecurityGroup/orders-api",
            "UPDATE SecurityGroup/edge",
            "UPDATE SecurityGroup/orders-db");
    assertThat(changedPaths(planned, ORDERS_API)).containsExactly("description");
    assertThat(changedPaths(planned, ORDERS_DB)).containsExactly("ingress");
    FieldChange db = changed(planned, ORDERS_DB, "ingress");
    assertThat(db.desired())
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
        .contains("tcp 5432 from (known after apply) \"Postgres from the API\"");
    assertThat(db.live())
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
        .contains("tcp 5432 from " + oldApi + " \"Postgres from the API\"");
    assertThat(changed(planned, new ResourceId("SecurityGroup", "edge"), "egress").desired())
        .isEqualTo(List.of("tcp 8000 to (known after apply)"));
    assertThat(id("orders-api")).isEqualTo(oldApi);
  }

  @Test
  void replacementRepointsRulesInOneApply() {
    writeSampleStack();
    stack.apply();
    String oldApi = id("orders-api");
    changeApiDescription();

    ReconcileReport replaced = stack.apply();

    assertThat(replaced.succeeded()).isTrue();
    String newApi = id("orders-api");
    assertThat(newApi).isNotEqualTo(oldApi);
    assertThat(exists(oldApi)).isFalse();
    assertThat(documentGroups("orders-api")).extracting(SecurityGroup::groupId).containsExactly(newApi);
    // The old group held the name until the apply deleted it, so the new one has a suffix.
    assertThat(group("orders-api").groupName()).matches("orders-api\\.[0-9a-f]{8}");
    assertThat(group("orders-api").description()).isEqualTo("Tasks of orders-api");
    assertThat(tags("orders-api")).doesNotContainKey("mooring:retired");
    assertThat(ingress("orders-api"))
        .containsExactly("tcp 8000 from " + id("edge") + " \"HTTP from the load balancer\"");
    assertThat(ingress("orders-db"))
        .containsExactly(
            "tcp 5432 from 10.30.9.0/24 \"Bastion subnet\"",
            "tcp 5432 from " + newApi + " \"Postgres from the API\"");
    assertThat(egress("edge")).containsExactly("tcp 8000 to " + newApi);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void secondReplacementTakesPlainNameBack() {
    writeSampleStack();
    stack.apply();
    changeApiDescription();
    stack.apply();
    stack.write("orders-api.yaml", group("orders-api", "", API_SPEC));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(group("orders-api").groupName()).isEqualTo("orders-api");
    assertThat(group("orders-api").description()).isEqualTo("Fargate tasks of orders-api");
    assertThat(documentGroups("orders-api")).hasSize(1);
    assertThat(egress("edge")).containsExactly("tcp 8000 to " + id("orders-api"));
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void vpcChangeMovesGroupToNewVpc() {
    String otherVpc = ec2.createVpc(r -> r.cidrBlock("10.40.0.0/16")).vpc().vpcId();
    String spec =
        """
          description: Postgres for orders-api
          vpc: %s
          ingress:
            - {port: 5432, from: {cidr: 10.30.9.0/24}}
        """;
    stack.write("orders-db.yaml", group("orders-db", "", spec.formatted(vpc)));
    stack.apply();
    stack.write("orders-db.yaml", group("orders-db", "", spec.formatted(otherVpc)));

    assertThat(changedPaths(stack.plan(), ORDERS_DB)).containsExactly("vpc");
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(groups("orders-db")).extracting(SecurityGroup::vpcId).containsExactly(otherVpc);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  /**
   * A group that network interfaces use cannot be deleted, so its replacement leaves it in place,
   * retired, and reports its deletion as failed until the interfaces are gone. Meanwhile the rules
   * that name it stay, so that whatever uses it keeps its traffic.
   */
  @Test
  void replacedGroupInUseIsDeletedOnceUnused() {
    writeSampleStack();
    stack.apply();
    String oldApi = id("orders-api");
    String eni =
        ec2.createNetworkInterface(r -> r.subnetId(subnet).groups(oldApi))
            .networkInterface()
            .networkInterfaceId();
    changeApiDescription();

    ReconcileReport report = stack.apply();

    ResourceId old = new ResourceId("SecurityGroup", "orders-api (old " + oldApi + ")");
    assertThat(report.succeeded()).isFalse();
    assertThat(report.outcomes().get(ORDERS_API)).isInstanceOf(Outcome.Changed.class);
    Outcome deletion = report.outcomes().get(old);
    assertThat(deletion).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) deletion).error())
        .contains("security group " + oldApi + " is still used by network interfaces " + eni);
    String newApi = id("orders-api");
    assertThat(newApi).isNotEqualTo(oldApi);
    assertThat(exists(oldApi)).isTrue();
    assertThat(documentGroups("orders-api"))
        .filteredOn(g -> g.groupId().equals(oldApi))
        .singleElement()
        .satisfies(
            g ->
                assertThat(g.tags())
                    .extracting(t -> t.key() + "=" + t.value())
                    .contains(
                        "mooring:retired=replaced",
                        "mooring:document=SecurityGroup/orders-api",
                        "mooring:stack=prod"));
    assertThat(ingress("orders-db"))
        .contains(
            "tcp 5432 from " + oldApi + " \"Postgres from the API\"",
            "tcp 5432 from " + newApi + " \"Postgres from the API\"");
    ReconcileReport pending = stack.plan();
    assertThat(pending.plan().changes())
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.id()).isEqualTo(old);
              assertThat(change.action()).isEqualTo(Action.DELETE);
            });
    ec2.deleteNetworkInterface(r -> r.networkInterfaceId(eni));

    ReconcileReport retried = stack.apply();

    assertThat(retried.succeeded()).isTrue();
    assertThat(exists(oldApi)).isFalse();
    assertThat(ingress("orders-db"))
        .containsExactly(
            "tcp 5432 from 10.30.9.0/24 \"Bastion subnet\"",
            "tcp 5432 from " + newApi + " \"Postgres from the API\"");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void prunedGroupIsDeleted() {
    writeSampleStack();
    stack.apply();
    stack.delete("orders-db.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(report.plan().changes())
        .filteredOn(c -> c.id().equals(ORDERS_DB))
        .extracting(c -> c.fields().get(0).desired())
        .containsExactly("Delete");
    assertThat(groups("orders-db")).isEmpty();
    assertThat(groups("orders-api")).hasSize(1);
  }

  @Test
  void prunedGroupsThatNameEachOtherAreDeletedInOneLoop() {
    writeSampleStack();
    stack.apply();
    stack.delete("vpc-link.yaml");
    stack.delete("edge.yaml");
    stack.write(
        "orders-api.yaml",
        group(
            "orders-api",
            "",
            API_SPEC.replace("from: {securityGroup: edge}", "from: {cidr: 10.30.0.0/16}")));

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(groups("vpc-link")).isEmpty();
    assertThat(groups("edge")).isEmpty();
    assertThat(ingress("orders-api"))
        .containsExactly("tcp 8000 from 10.30.0.0/16 \"HTTP from the load balancer\"");
  }

  @Test
  void pruningLeavesRulesOfForeignGroupsAlone() {
    writeSampleStack();
    stack.apply();
    String db = id("orders-db");
    String foreign =
        ec2.createSecurityGroup(
                r -> r.groupName("monitoring").description("Not mooring's").vpcId(vpc))
            .groupId();
    ec2.authorizeSecurityGroupEgress(
        r ->
            r.groupId(foreign)
                .ipPermissions(
                    IpPermission.builder()
                        .ipProtocol("tcp")
                        .fromPort(5432)
                        .toPort(5432)
                        .userIdGroupPairs(p -> p.groupId(db))
                        .build()));
    stack.delete("orders-db.yaml");

    stack.prune();

    List<String> foreignEgress =
        SecurityGroupKind.texts(
            SecurityGroupRules.fromPermissions(group("monitoring").ipPermissionsEgress()), "to");
    assertThat(foreignEgress).contains("tcp 5432 to " + db);
  }

  @Test
  void prunedGroupInUseFailsAndStays() {
    writeSampleStack();
    stack.apply();
    ec2.createNetworkInterface(r -> r.subnetId(subnet).groups(id("orders-db")));
    stack.delete("orders-db.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.outcomes().get(ORDERS_DB)).isInstanceOf(Outcome.Failed.class);
    assertThat(groups("orders-db")).hasSize(1);
    assertThat(ingress("orders-db")).hasSize(2);
  }

  @Test
  void retainPolicyReleasesGroup() {
    writeSampleStack();
    stack.write("orders-db.yaml", group("orders-db", "  deletionPolicy: Retain\n", DB_SPEC));
    stack.apply();
    stack.delete("orders-db.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(groups("orders-db")).hasSize(1);
    assertThat(tags("orders-db"))
        .containsEntry("component", "database")
        .doesNotContainKeys("mooring:managed-by", "mooring:document");
    assertThat(ingress("orders-db")).hasSize(2);
  }

  @Test
  void laterRetainPolicyKeepsPrunedGroup() {
    writeSampleStack();
    stack.write("orders-db.yaml", group("orders-db", "  deletionPolicy: Delete\n", DB_SPEC));
    stack.apply();
    stack.write("orders-db.yaml", group("orders-db", "  deletionPolicy: Retain\n", DB_SPEC));

    ReconcileReport changed = stack.apply();

    assertThat(changedPaths(changed, ORDERS_DB)).containsExactly("tags.mooring:deletion-policy");
    assertThat(tags("orders-db")).containsEntry("mooring:deletion-policy", "Retain");
    stack.delete("orders-db.yaml");

    ReconcileReport pruned = stack.apply(new ReconcileOptions(true, true));

    assertThat(pruned.succeeded()).isTrue();
    assertThat(groups("orders-db")).hasSize(1);
    assertThat(ingress("orders-db")).hasSize(2);
    assertThat(tags("orders-db").keySet()).noneMatch(key -> key.startsWith("mooring:"));
  }
}
