package io.mooring.engine;

/**
 * Thrown when a write needs the AWS identifier of a referenced resource that has none in this
 * reconcile, because the resource does not exist, is blocked or failed, or exists without mooring's
 * ownership. The engine fails the resource that was being written, and no AWS call is made with a
 * placeholder in place of the identifier.
 */
public final class UnresolvedReferenceException extends RuntimeException {
  public UnresolvedReferenceException(String subject) {
    super(
        subject
            + " has no AWS identifier in this loop, because mooring neither found it as its own"
            + " resource nor created it, so the write that refers to it was not sent; resolve "
            + subject
            + " first");
  }
}
