package io.mooring.daemon.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A raw git commit object split into its signature and the bytes that the signature covers.
 *
 * <p>Git signs the commit object without its {@code gpgsig} header. That header's value runs over
 * continuation lines that start with a space, and the headers end at the first empty line. This
 * class removes exactly those lines, as {@code git verify-commit} does.
 *
 * @param payload the commit object without the signature header, as it was signed
 * @param signature the armored signature, or null when the commit is not signed
 */
record SignedCommit(byte[] payload, String signature) {
  private static final String SIGNATURE_HEADER = "gpgsig ";

  /** Splits a raw commit object, as {@code RevCommit.getRawBuffer()} returns it. */
  static SignedCommit parse(byte[] raw) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream(raw.length);
    StringBuilder signature = null;
    boolean inHeaders = true;
    boolean inSignature = false;
    int start = 0;
    while (start < raw.length) {
      int end = lineEnd(raw, start);
      if (!inHeaders) {
        payload.write(raw, start, raw.length - start);
        break;
      }
      String line = new String(raw, start, end - start, StandardCharsets.UTF_8);
      if (inSignature && line.startsWith(" ")) {
        signature.append('\n').append(line, 1, line.length());
      } else if (line.startsWith(SIGNATURE_HEADER) && signature == null) {
        inSignature = true;
        signature = new StringBuilder(line.substring(SIGNATURE_HEADER.length()));
      } else {
        inSignature = false;
        inHeaders = !line.isEmpty();
        payload.write(raw, start, Math.min(end + 1, raw.length) - start);
      }
      start = end + 1;
    }
    return new SignedCommit(
        payload.toByteArray(), signature == null ? null : signature.append('\n').toString());
  }

  /** Returns the index of the newline that ends the line at {@code start}, or the buffer length. */
  private static int lineEnd(byte[] raw, int start) {
    for (int i = start; i < raw.length; i++) {
      if (raw[i] == '\n') {
        return i;
      }
    }
    return raw.length;
  }
}
