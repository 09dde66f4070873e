package io.mooring.plan;

/** What a plan does to a resource. */
public enum Action {
  CREATE,
  UPDATE,
  /** Delete and create again, because AWS cannot change a field in place. */
  REPLACE,
  DELETE,
  /** Take over a same-named resource that mooring did not create, as the document requests. */
  ADOPT;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
