package io.mooring.kinds.apigateway;

/** Api documents for tests of other kinds that refer to an Api. */
public final class ApiDocuments {
  private ApiDocuments() {}

  /**
   * A valid Api named {@code orders} without a domain; append spec lines indented by two spaces.
   */
  public static final String API = ApiParserTest.API;
}
