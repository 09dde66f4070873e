# Builds target/mooring.jar and runs it on a JRE 21 as a non-root user.
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q -ntp dependency:go-offline
COPY src ./src
RUN mvn -B -q -ntp package -DskipTests

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/mooring mooring \
    && mkdir -p /var/lib/mooring \
    && chown mooring /var/lib/mooring
COPY --from=build /src/target/mooring.jar /opt/mooring/mooring.jar
USER 10001
# The git work tree lives on a writable volume, so the root file system can be read-only.
VOLUME /var/lib/mooring
ENV MOORING_LOG_FORMAT=json
# Size the heap from the container's memory limit rather than the host's.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/var/lib/mooring", "-jar", "/opt/mooring/mooring.jar"]
# The repository comes from the task definition, for example: run --repo https://... --branch main
CMD ["run", "--help"]
