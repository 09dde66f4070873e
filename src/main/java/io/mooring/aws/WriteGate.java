package io.mooring.aws;

import java.util.Optional;

/**
 * Decides whether this process may change AWS at this moment. The {@link WriteGuard} calls it
 * before every guarded call, so an implementation must return from memory, without a network
 * call.
 */
@FunctionalInterface
public interface WriteGate {

  /** A gate for a process that runs alone, which may always write. */
  WriteGate OPEN = Optional::empty;

  /** Returns why this process must not change AWS now, or empty when it may. */
  Optional<String> rejectionReason();
}
