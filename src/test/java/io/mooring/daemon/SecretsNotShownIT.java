package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.cli.Main;
import io.mooring.testing.MotoServer;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A secret's value never reaches a plan, a log line, a metric or {@code /status}. The Service
 * names the secret by ARN, which is not secret and may appear; its value must not.
 */
class SecretsNotShownIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String SECRET_VALUE = "postgres://orders:Hunter2-8d1f@db.internal/orders";

  @TempDir Path temp;
  private GitFixture origin;
  private String secretArn;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private Level rootLevel;

  @BeforeEach
  void setUp() {
    try (SecretsManagerClient secrets = SecretsManagerClient.create()) {
      secretArn = secrets.createSecret(r -> r.name("orders-db").secretString(SECRET_VALUE)).arn();
    }
    String service =
        SampleStack.service("api", "example.com/api:1", TestNetwork.create(), "  desiredCount: 1\n")
            .replaceFirst("arn:aws:secretsmanager:[^\\n]*", secretArn);
    origin = GitFixture.init(temp.resolve("origin"));
    origin
        .write("desired-state/cluster.yaml", SampleStack.cluster("prod"))
        .write("desired-state/api.yaml", service)
        .commit("stack with a secret");
    logs.start();
    root.addAppender(logs);
    rootLevel = root.getLevel();
    root.setLevel(Level.DEBUG);
  }

  @AfterEach
  void tearDown() {
    root.detachAppender(logs);
    root.setLevel(rootLevel);
    origin.close();
  }

  private String run(String... args) {
    StringWriter out = new StringWriter();
    Main.execute(new PrintWriter(out, true), new PrintWriter(out, true), args);
    return out.toString();
  }

  private String logText() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : logs.list) {
      lines.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        lines.add(event.getThrowableProxy().getMessage());
      }
      lines.add(event.getMDCPropertyMap().toString());
    }
    return String.join("\n", lines);
  }

  @Test
  void planOutputsNeverShowSecretValue() {
    String stack = origin.root().resolve("desired-state").toString();

    String text = run("plan", stack);
    String json = run("plan", stack, "--output", "json");
    String markdown = run("plan", stack, "--output", "markdown");
    String applied = run("apply", stack);

    assertThat(text).contains(secretArn).doesNotContain(SECRET_VALUE);
    assertThat(json).contains(secretArn).doesNotContain(SECRET_VALUE);
    assertThat(markdown).doesNotContain(SECRET_VALUE);
    assertThat(applied).doesNotContain(SECRET_VALUE);
    assertThat(logText()).isNotBlank().doesNotContain(SECRET_VALUE);
  }

  @Test
  void daemonStatusLogsAndMetricsNeverShowSecretValue() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DaemonConfig config =
        TestConfigs.config(origin.root().toString(), "main", temp.resolve("clone"), false);
    try (Daemon daemon = Daemon.create(config, GitSource.create(config), registry, Clock.systemUTC())) {
      daemon.runOnce();
      daemon.runOnce();
      URI uri = URI.create("http://127.0.0.1:" + daemon.httpPort() + "/status");
      HttpResponse<String> status =
          HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.body()).contains("Service").doesNotContain(SECRET_VALUE);
    }
    assertThat(logText()).isNotBlank().doesNotContain(SECRET_VALUE);
    for (Meter meter : registry.getMeters()) {
      assertThat(meter.getId().toString()).doesNotContain(SECRET_VALUE);
    }
    assertThat(registry.getMeters()).isNotEmpty();
  }
}
