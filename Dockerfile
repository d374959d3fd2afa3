# One image for every pathstats role; the compose file picks the subcommand.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies in a layer of their own: it is rebuilt only when a pom.xml changes, not on every
# source change. Packaging the modules without sources (nothing to compile, no tests) resolves
# every dependency and plugin the real build needs.
COPY pom.xml ./
COPY client/pom.xml client/
COPY common/pom.xml common/
COPY migrations/pom.xml migrations/
COPY embedded/pom.xml embedded/
COPY test-fixtures/pom.xml test-fixtures/
COPY pipeline/pom.xml pipeline/
COPY archiver/pom.xml archiver/
COPY query-api/pom.xml query-api/
COPY ingest/pom.xml ingest/
COPY bench/pom.xml bench/
COPY app/pom.xml app/
RUN mvn -B -q -Dmaven.test.skip=true package
COPY . .
RUN mvn -B -q -o -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 pathstats && mkdir -p /data && chown pathstats /data
COPY --from=build /src/app/target/pathstats.jar /opt/pathstats/pathstats.jar
USER pathstats
ENV PATHSTATS_DATA_DIR=/data PATHSTATS_HTTP_HOST=0.0.0.0
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/pathstats/pathstats.jar"]
CMD ["--help"]
