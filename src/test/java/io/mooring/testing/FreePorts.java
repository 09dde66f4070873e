package io.mooring.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface, for servers that tests start. */
public final class FreePorts {

  private FreePorts() {}

  /**
   * Returns a port that was free on 127.0.0.1 a moment ago, picked by the kernel for a bind to port
   * 0.
   *
   * <p>The socket is closed before this returns, so another process can take the port before the
   * caller binds it. Callers that start a server on it should retry with a new port when the bind
   * fails.
   */
  public static int pickLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to bind a free port on 127.0.0.1", e);
    }
  }
}
