package io.mooring.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running moto server child process on 127.0.0.1, from start to stop.
 *
 * <p>{@link #start} blocks until the server responds to HTTP requests. {@link #close} stops the
 * process and is safe to call more than once, from the JUnit root store and from the JVM shutdown
 * hook.
 */
final class MotoProcess implements AutoCloseable {

  private static final String HOST = "127.0.0.1";

  /**
   * Python program that runs moto's own server entry point and exits as soon as its standard input
   * reaches end of file. The write end of that pipe belongs to the JVM, so the server also stops
   * when the JVM is killed without running its shutdown hooks (SIGKILL, an IDE's stop button).
   */
  private static final String LAUNCHER =
      """
      import os, sys, threading
      from moto.server import main

      def exit_when_parent_is_gone():
          sys.stdin.buffer.read()
          os._exit(0)

      threading.Thread(target=exit_when_parent_is_gone, daemon=True).start()
      main(sys.argv[1:])
      """;

  private static final int MAX_START_ATTEMPTS = 3;
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final int OUTPUT_TAIL_LINES = 40;

  private final Process process;
  private final int port;
  private final URI endpoint;
  private final Path logFile;
  private final HttpClient http;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private MotoProcess(Process process, int port, Path logFile, HttpClient http) {
    this.process = process;
    this.port = port;
    this.endpoint = URI.create("http://" + HOST + ":" + port);
    this.logFile = logFile;
    this.http = http;
  }

  /**
   * Starts moto with {@code python} on a free loopback port and waits until it responds to HTTP.
   *
   * <p>The port is picked by binding port 0 and releasing it, so another process can take it before
   * moto binds. When moto exits because the address is in use, the start is retried on a new port,
   * up to {@value #MAX_START_ATTEMPTS} attempts in all.
   *
   * @throws IllegalStateException if moto exits or does not respond within {@code startTimeout}.
   *     The message contains the tail of moto's output.
   */
  static MotoProcess start(Path python, Path logFile, Duration startTimeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    for (int attempt = 1; ; attempt++) {
      int port = FreePorts.pickLoopbackPort();
      MotoProcess moto = new MotoProcess(launch(python, port, logFile), port, logFile, http);
      try {
        moto.awaitReady(startTimeout);
        return moto;
      } catch (PortInUseException e) {
        moto.close();
        if (attempt == MAX_START_ATTEMPTS) {
          throw new IllegalStateException(
              "moto server could not bind a free port in "
                  + MAX_START_ATTEMPTS
                  + " attempts; last port tried: "
                  + port,
              e);
        }
      } catch (RuntimeException e) {
        moto.close();
        throw e;
      }
    }
  }

  int port() {
    return port;
  }

  URI endpoint() {
    return endpoint;
  }

  /**
   * Deletes every resource in every moto backend through moto's {@code POST /moto-api/reset}.
   *
   * @throws IllegalStateException if the server does not return 200
   */
  void reset() {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
            .timeout(REQUEST_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "moto reset at "
              + request.uri()
              + " failed with HTTP "
              + response.statusCode()
              + ": "
              + response.body()
              + describeOutput());
    }
  }

  /** Stops the server with SIGTERM, then SIGKILL if it is still running after a grace period. */
  @Override
  public void close() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Process launch(Path python, int port, Path logFile) {
    List<String> command = new ArrayList<>();
    command.add(python.toString());
    command.add("-c");
    command.add(LAUNCHER);
    command.addAll(List.of("-H", HOST, "-p", Integer.toString(port)));

    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectErrorStream(true);
    builder.redirectOutput(logFile.toFile());
    Map<String, String> environment = builder.environment();
    // moto reads MOTO_PORT when it builds URLs that point back at itself (SQS queue URLs, for
    // one), so a value inherited from a shell running scripts/emulator would disagree with -p.
    environment.remove("MOTO_PORT");
    try {
      return builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Failed to start the moto server with " + python + ": " + e.getMessage(), e);
    }
  }

  /**
   * Polls {@code GET /moto-api/} until it returns 200, the process exits, or the deadline passes.
   */
  private void awaitReady(Duration startTimeout) {
    Instant deadline = Instant.now().plus(startTimeout);
    HttpRequest probe =
        HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
            .timeout(REQUEST_TIMEOUT)
            .GET()
            .build();
    while (true) {
      if (!process.isAlive()) {
        String output = readOutputTail();
        if (output.contains("Address already in use")) {
          throw new PortInUseException();
        }
        throw new IllegalStateException(
            "moto server exited with code "
                + process.exitValue()
                + " before responding on "
                + endpoint
                + describeOutput());
      }
      if (returnsOk(probe)) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "Timed out after "
                + startTimeout.toSeconds()
                + " s waiting for the moto server to respond at "
                + probe.uri()
                + "; raise it with -Dmoto.startTimeoutSeconds=N"
                + describeOutput());
      }
      pause(POLL_INTERVAL);
    }
  }

  private boolean returnsOk(HttpRequest probe) {
    try {
      return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      // Connection refused until moto has bound its port.
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the moto server", e);
    }
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Request "
              + request.method()
              + " "
              + request.uri()
              + " to moto failed"
              + describeOutput(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during " + request.uri(), e);
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the moto server", e);
    }
  }

  private String describeOutput() {
    return "\nLast lines of moto's output (" + logFile + "):\n" + readOutputTail();
  }

  private String readOutputTail() {
    try {
      // Decoding from bytes replaces malformed input instead of failing, as readAllLines would.
      List<String> lines =
          new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
      int from = Math.max(0, lines.size() - OUTPUT_TAIL_LINES);
      return String.join("\n", lines.subList(from, lines.size()));
    } catch (IOException e) {
      return "(could not read " + logFile + ": " + e.getMessage() + ")";
    }
  }

  /** Thrown when moto exits because another process took the port between pick and bind. */
  private static final class PortInUseException extends RuntimeException {
    PortInUseException() {
      super("moto server port was taken by another process", null, false, false);
    }
  }
}
