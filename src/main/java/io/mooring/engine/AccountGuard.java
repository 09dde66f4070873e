package io.mooring.engine;

import io.mooring.api.StackSettings;
import io.mooring.aws.AwsSession;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before the first write of a loop, that the credentials belong to one of the stack's
 * allowed accounts and that the SDK's region is the stack's region. A mistaken profile or role
 * then cannot apply a stack to the wrong account.
 */
final class AccountGuard {
  private static final Logger log = LoggerFactory.getLogger(AccountGuard.class);

  private final AwsSession aws;

  AccountGuard(AwsSession aws) {
    this.aws = aws;
  }

  /** Returns why writing must not happen, or null when the account and region are allowed. */
  String check(StackSettings settings) {
    List<String> allowed = settings.allowedAccountIds();
    if (!allowed.isEmpty()) {
      String account = aws.sts().getCallerIdentity().account();
      if (!allowed.contains(account)) {
        String reason =
            "account guard: the credentials belong to account "
                + account
                + ", which is not in the Environment's allowedAccountIds "
                + allowed
                + "; nothing was written";
        log.error(reason);
        return reason;
      }
    }
    String expected = settings.region();
    if (expected != null) {
      String actual = aws.sts().serviceClientConfiguration().region().id();
      if (!expected.equals(actual)) {
        String reason =
            "account guard: the AWS region is "
                + actual
                + " but the Environment's region is "
                + expected
                + "; nothing was written";
        log.error(reason);
        return reason;
      }
    }
    return null;
  }
}
