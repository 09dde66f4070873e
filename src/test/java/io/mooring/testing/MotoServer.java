package io.mooring.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that runs the AWS emulator moto on 127.0.0.1 and points the AWS SDK's default
 * configuration at it.
 *
 * <p>Register it on a static field, so that {@link #endpoint()}, {@link #port()} and {@link
 * #environment()} can be read from the tests:
 *
 * <pre>{@code
 * @RegisterExtension static final MotoServer MOTO = new MotoServer();
 * }</pre>
 *
 * <p>All test classes in one JVM share a single moto process. It starts before the first test class
 * that registers this extension and is stopped when JUnit closes its root store at the end of the
 * run, or by a JVM shutdown hook if the run ends abnormally. Before each test the extension resets
 * moto, so every test starts with no AWS resources at all.
 *
 * <p>Before the first test class runs, the extension sets these JVM system properties, which the
 * SDK's default chains read before environment variables and profile files:
 *
 * <ul>
 *   <li>{@code aws.endpointUrl} to {@code http://127.0.0.1:PORT}
 *   <li>{@code aws.region} to {@code us-east-1}
 *   <li>{@code aws.accessKeyId} and {@code aws.secretAccessKey} to {@code testing}
 * </ul>
 *
 * <p>A client built with only the SDK's defaults, such as {@code EcsClient.create()}, therefore
 * talks to moto. The properties stay set until the JVM exits, so a later test class that does not
 * register the extension still reaches loopback rather than AWS.
 *
 * <p>Configuration, as JVM system properties:
 *
 * <ul>
 *   <li>{@code moto.python}: the Python interpreter that has {@code moto[server]} installed. When
 *       it is unset the environment variable {@code MOTO_PYTHON} is used. The pom sets it for
 *       Failsafe, not Surefire, to the repository's {@code .venv}, which {@code scripts/test}
 *       creates.
 *   <li>{@code moto.startTimeoutSeconds}: how long to wait, in seconds, for moto to respond to
 *       HTTP, default {@value #DEFAULT_START_TIMEOUT_SECONDS}.
 * </ul>
 *
 * <p>NOTE: tests that use this extension must not run in parallel with each other, because the
 * reset before each test deletes the resources of any test still running.
 */
public final class MotoServer implements BeforeAllCallback, BeforeEachCallback {

  /** Region that the tests use. */
  public static final String REGION = "us-east-1";

  /** Access key id and secret access key. moto accepts any value and does not verify signatures. */
  public static final String CREDENTIAL = "testing";

  private static final long DEFAULT_START_TIMEOUT_SECONDS = 60;

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MotoServer.class);

  private volatile MotoProcess process;

  /**
   * Starts the shared moto process if no earlier test class has, and points the SDK at it.
   *
   * @throws IllegalStateException if the interpreter is not configured or moto does not start
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    SdkEndpointOverrides.rejectServiceSpecificOverrides();
    process =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .computeIfAbsent(MotoProcess.class, key -> startShared(), MotoProcess.class);
    System.setProperty("aws.endpointUrl", process.endpoint().toString());
    System.setProperty("aws.region", REGION);
    System.setProperty("aws.accessKeyId", CREDENTIAL);
    System.setProperty("aws.secretAccessKey", CREDENTIAL);
  }

  /** Deletes every resource in moto, so the test starts from an empty account. */
  @Override
  public void beforeEach(ExtensionContext context) {
    running().reset();
  }

  /** Returns the base URI of the moto server, {@code http://127.0.0.1:PORT}. */
  public URI endpoint() {
    return running().endpoint();
  }

  /** Returns the loopback TCP port that the moto server listens on. */
  public int port() {
    return running().port();
  }

  /**
   * Returns the environment variables that point the AWS SDK of a child process at moto:
   * AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
   *
   * <p>Put them into {@code ProcessBuilder.environment()} after removing any inherited variable
   * whose name starts with {@code AWS_}, because a service-specific one such as {@code
   * AWS_ENDPOINT_URL_ECS} would take precedence over {@code AWS_ENDPOINT_URL}.
   */
  public Map<String, String> environment() {
    return Map.of(
        "AWS_ENDPOINT_URL", endpoint().toString(),
        "AWS_REGION", REGION,
        "AWS_ACCESS_KEY_ID", CREDENTIAL,
        "AWS_SECRET_ACCESS_KEY", CREDENTIAL);
  }

  private MotoProcess running() {
    MotoProcess current = process;
    if (current == null) {
      throw new IllegalStateException(
          "moto server is not started yet: register MotoServer with @RegisterExtension on a"
              + " static field and call it from a test, @BeforeAll or @BeforeEach method");
    }
    return current;
  }

  private static MotoProcess startShared() {
    Path python = pythonInterpreter();
    Duration startTimeout = Duration.ofSeconds(startTimeoutSeconds());
    MotoProcess started = MotoProcess.start(python, logFile(), startTimeout);
    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "moto-server-stop"));
    return started;
  }

  private static Path pythonInterpreter() {
    String configured = System.getProperty("moto.python");
    String source = "system property moto.python";
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("MOTO_PYTHON");
      source = "environment variable MOTO_PYTHON";
    }
    if (configured == null || configured.isBlank()) {
      throw new IllegalStateException(
          "No Python interpreter for moto is configured: set the system property moto.python or"
              + " the environment variable MOTO_PYTHON to a python that has moto[server] installed,"
              + " for example .venv/bin/python after running scripts/test or scripts/emulator");
    }
    Path python = Path.of(configured);
    if (!Files.isExecutable(python)) {
      throw new IllegalStateException(
          "Python interpreter for moto not found or not executable: "
              + python.toAbsolutePath()
              + " (from the "
              + source
              + "). Run scripts/test or scripts/emulator to create the .venv.");
    }
    return python;
  }

  private static long startTimeoutSeconds() {
    String configured = System.getProperty("moto.startTimeoutSeconds");
    if (configured == null) {
      return DEFAULT_START_TIMEOUT_SECONDS;
    }
    try {
      long seconds = Long.parseLong(configured.strip());
      if (seconds > 0) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // Falls through to the error below, which names the value.
    }
    throw new IllegalStateException(
        "Invalid moto.startTimeoutSeconds: '" + configured + "'; expected a positive integer");
  }

  /** Returns target/moto-server.log under the working directory, or a temporary file. */
  private static Path logFile() {
    Path target = Path.of("target");
    try {
      if (Files.isDirectory(target)) {
        return target.resolve("moto-server.log").toAbsolutePath();
      }
      return Files.createTempFile("moto-server-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to create a log file for moto", e);
    }
  }
}
