package io.mooring.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.mooring.daemon.webhook.WebhookHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP endpoints for ECS health checks, load balancers and operators.
 *
 * <ul>
 *   <li>{@code GET /healthz}: 200 while the loop is scheduled, 503 once it stopped
 *   <li>{@code GET /readyz}: 200 once a loop has reconciled a valid desired state, 503 before.
 *       Loops whose result is failed or blocked keep it at 200, because a restart unblocks nothing;
 *       {@code /status} shows their result.
 *   <li>{@code GET /status}: the {@link DaemonStatus} as JSON
 * </ul>
 *
 * Every endpoint also accepts {@code HEAD}. Other methods get 405 and other paths 404. The daemon
 * also routes {@code /hooks/} to its webhook handler here.
 */
public final class StatusServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusServer.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Seconds that {@link #close} waits for responses in progress. */
  private static final int STOP_DELAY_SECONDS = 1;

  /**
   * Threads that serve requests. Webhook bodies are read on them too, so a few slow webhook clients
   * could delay a health check.
   *
   * <p>NOTE: the JDK server sets no read timeout by default, so a client that sends a body very
   * slowly occupies a thread until it finishes or the connection drops.
   */
  private static final int HANDLER_THREADS = 4;

  /** The source of the liveness, readiness and status that the endpoints return. */
  public interface Probe {
    boolean isLive();

    boolean isReady();

    DaemonStatus status();
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private StatusServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds the address and starts serving.
   *
   * @throws UncheckedIOException if the address cannot be bound, for example because the port is in
   *     use
   */
  public static StatusServer start(InetSocketAddress address, Probe probe) {
    return start(address, probe, null);
  }

  /**
   * Binds the address and starts serving, with {@code hooks} on every path under {@code /hooks/}.
   *
   * @param hooks the webhook handler, or null to return 404 under {@code /hooks/}
   * @throws UncheckedIOException if the address cannot be bound, for example because the port is in
   *     use
   */
  public static StatusServer start(InetSocketAddress address, Probe probe, HttpHandler hooks) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "starting the HTTP server on "
              + address
              + " failed: "
              + e.getMessage()
              + ". Pass another --port.",
          e);
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            HANDLER_THREADS, Thread.ofPlatform().name("mooring-http-", 0).daemon().factory());
    server.setExecutor(executor);
    server.createContext("/", exchange -> handle(exchange, probe));
    server.createContext(
        WebhookHandler.PATH_PREFIX, hooks == null ? StatusServer::rejectHook : hooks);
    server.start();
    log.info("Serving /healthz, /readyz, /status and /hooks/ on {}", server.getAddress());
    return new StatusServer(server, executor);
  }

  /** Returns the bound port, which differs from the requested one when that was 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(STOP_DELAY_SECONDS);
    executor.shutdownNow();
  }

  private static void handle(HttpExchange exchange, Probe probe) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain", "method " + method + " not allowed; use GET\n");
        return;
      }
      switch (exchange.getRequestURI().getPath()) {
        case "/healthz" -> sendHealth(exchange, probe.isLive());
        case "/readyz" -> sendReadiness(exchange, probe.isReady());
        case "/status" -> send(exchange, 200, "application/json", json(probe.status()));
        default ->
            send(exchange, 404, "text/plain", "not found; use /healthz, /readyz or /status\n");
      }
    }
  }

  private static void rejectHook(HttpExchange exchange) throws IOException {
    try (exchange) {
      send(exchange, 404, "text/plain", "webhooks are not served by this server\n");
    }
  }

  private static void sendHealth(HttpExchange exchange, boolean live) throws IOException {
    if (live) {
      send(exchange, 200, "text/plain", "ok\n");
    } else {
      send(exchange, 503, "text/plain", "the reconcile loop is not running\n");
    }
  }

  private static void sendReadiness(HttpExchange exchange, boolean ready) throws IOException {
    if (ready) {
      send(exchange, 200, "text/plain", "ready\n");
    } else {
      send(
          exchange,
          503,
          "text/plain",
          "not ready: no loop has reconciled a valid desired state yet\n");
    }
  }

  private static String json(DaemonStatus status) {
    try {
      return JSON.writeValueAsString(status.toJson()) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing the status as JSON failed", e);
    }
  }

  private static void send(HttpExchange exchange, int code, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
