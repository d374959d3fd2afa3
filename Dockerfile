# One image for every pathstats role; the compose file picks the subcommand.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests install

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 pathstats && mkdir -p /data && chown pathstats /data
COPY --from=build /src/app/target/pathstats.jar /opt/pathstats/pathstats.jar
USER pathstats
ENV PATHSTATS_DATA_DIR=/data PATHSTATS_HTTP_HOST=0.0.0.0
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/pathstats/pathstats.jar"]
CMD ["--help"]
