package io.mooring.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.StackWalker.StackFrame;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.CodeSource;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Records every AWS call that mooring's product code makes in a test JVM, for {@code
 * IamPolicyCoverageIT}.
 *
 * <p>The SDK adds this interceptor to every client, because the test classpath lists it in {@code
 * software/amazon/awssdk/global/handlers/execution.interceptors}. A call counts as product code
 * when the innermost {@code io.mooring} frame on the calling thread comes from the main classes
 * rather than the test classes, so setup calls such as {@code TestNetwork.create()} are left out. A
 * call with no {@code io.mooring} frame at all, such as Micrometer publishing mooring's metrics on
 * its own thread, counts as product code too, because tests call the SDK only from their own
 * classes.
 *
 * <p>Each JVM appends one line per distinct call to {@code target/aws-actions/PID.txt}: {@code
 * Service:Operation}, and for API Gateway, whose IAM actions are HTTP methods, also {@code
 * Service:Operation METHOD PATH} as sent. {@link #capture} collects the same lines for one stretch
 * of a test.
 */
public final class AwsActionRecorder implements ExecutionInterceptor {
  /** The folder of the recorded calls, relative to the working directory of the test JVM. */
  static final Path DIRECTORY = Path.of("target", "aws-actions");

  /** The SDK's service name of API Gateway V2 clients. */
  static final String API_GATEWAY_V2 = "ApiGatewayV2";

  private static final ExecutionAttribute<Boolean> FROM_PRODUCT =
      new ExecutionAttribute<>("mooring.test.fromProductCode");

  private static final StackWalker STACK =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private static final Set<String> RECORDED = ConcurrentHashMap.newKeySet();

  private static final Set<Capture> CAPTURES = ConcurrentHashMap.newKeySet();

  /**
   * The calls that product code made while a capture was open, in the form of the recorded lines.
   * Calls from every thread count, because the engine applies changes on a thread pool, so the
   * integration tests, which run one at a time, must not overlap a capture with other work.
   */
  static final class Capture implements AutoCloseable {
    private final Set<String> calls = ConcurrentHashMap.newKeySet();

    /** Returns the calls captured so far, sorted. */
    TreeSet<String> calls() {
      return new TreeSet<>(calls);
    }

    @Override
    public void close() {
      CAPTURES.remove(this);
    }
  }

  /** Starts collecting the calls that product code makes, until the capture is closed. */
  static Capture capture() {
    Capture capture = new Capture();
    CAPTURES.add(capture);
    return capture;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    boolean fromProduct = calledFromProductCode();
    attributes.putAttribute(FROM_PRODUCT, fromProduct);
    if (fromProduct) {
      record(call(attributes));
    }
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    boolean apiGateway =
        API_GATEWAY_V2.equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
    if (apiGateway && Boolean.TRUE.equals(attributes.getAttribute(FROM_PRODUCT))) {
      SdkHttpRequest request = context.httpRequest();
      record(call(attributes) + " " + request.method().name() + " " + request.encodedPath());
    }
  }

  private static String call(ExecutionAttributes attributes) {
    return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
        + ":"
        + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }

  /** Returns whether the innermost {@code io.mooring} frame of this thread is product code. */
  static boolean calledFromProductCode() {
    Optional<Class<?>> innermost =
        STACK.walk(
            frames ->
                frames
                    .map(StackFrame::getDeclaringClass)
                    .filter(type -> type.getName().startsWith("io.mooring."))
                    .filter(type -> type != AwsActionRecorder.class)
                    .findFirst());
    return innermost.map(AwsActionRecorder::isProductClass).orElse(true);
  }

  /** Returns whether a class was loaded from anywhere but Maven's test-classes folder. */
  static boolean isProductClass(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    return location == null || !location.getPath().contains("/test-classes/");
  }

  private static void record(String line) {
    CAPTURES.forEach(capture -> capture.calls.add(line));
    if (!RECORDED.add(line)) {
      return;
    }
    Path file = DIRECTORY.resolve(ProcessHandle.current().pid() + ".txt");
    synchronized (AwsActionRecorder.class) {
      try {
        Files.createDirectories(DIRECTORY);
        Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Failed to record an AWS call in " + file.toAbsolutePath(), e);
      }
    }
  }
}
