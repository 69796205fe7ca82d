package io.hybridllm.canary.moto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.canary.alias.AliasState;
import io.hybridllm.canary.alias.LambdaAliasControl;
import io.hybridllm.canary.cli.CanaryControllerCommand;
import io.hybridllm.canary.failures.AliasStateException;
import io.hybridllm.canary.failures.InvalidInputException;
import io.hybridllm.canary.health.CloudWatchHealthSource;
import io.hybridllm.canary.plan.HealthBounds;
import io.hybridllm.canary.plan.PlanValidation;
import io.hybridllm.canary.plan.RolloutRequest;
import io.hybridllm.canary.rollout.CanaryController;
import io.hybridllm.canary.rollout.Pause;
import io.hybridllm.canary.rollout.RolloutOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasRoutingConfiguration;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The controller against moto's Lambda and CloudWatch over HTTP: a zip function with published
 * versions 1 and 2 (moto needs no Docker for aliases and versions), alias {@code live} on 1, and the
 * canary's metrics put where Lambda would publish them (AWS/Lambda with FunctionName, Resource,
 * ExecutedVersion). Bake periods do not wait; a fixed clock keeps every reading in one minute.
 */
class CanaryControllerMotoTest {

    static final String FUNCTION = "hybrid-llm-light";
    static final Region REGION = Region.US_EAST_1;

    static MotoServer moto;
    static LambdaClient lambda;
    static CloudWatchClient cloudWatch;
    static IamClient iam;

    final Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(20);
    final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    final List<String> log = new ArrayList<>();

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        lambda = LambdaClient.builder().endpointOverride(moto.endpoint()).region(REGION).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        cloudWatch = CloudWatchClient.builder().endpointOverride(moto.endpoint()).region(REGION)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new CloudWatchJsonBridge())).build();
        iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        // for the command-line test, which builds its own clients through the default chains
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    @AfterAll
    static void stopMoto() {
        for (AutoCloseable c : new AutoCloseable[] {lambda, cloudWatch, iam, moto}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing test clients
                }
            }
        }
    }

    @BeforeEach
    void functionWithTwoPublishedVersions() throws Exception {
        moto.reset();
        String role = iam.createRole(b -> b.roleName("light-role").assumeRolePolicyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                        + "\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")).role().arn();
        lambda.createFunction(b -> b.functionName(FUNCTION).runtime(Runtime.PROVIDED_AL2023).handler("not.used")
                .role(role).code(c -> c.zipFile(zip("bootstrap v1"))));
        assertEquals("1", lambda.publishVersion(b -> b.functionName(FUNCTION)).version());
        lambda.updateFunctionCode(b -> b.functionName(FUNCTION).zipFile(zip("bootstrap v2")));
        assertEquals("2", lambda.publishVersion(b -> b.functionName(FUNCTION)).version());
        lambda.createAlias(b -> b.functionName(FUNCTION).name("live").functionVersion("1"));
    }

    static SdkBytes zip(String content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("bootstrap"));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return SdkBytes.fromByteArray(bytes.toByteArray());
    }

    /** What Lambda would publish for the canary version's traffic through the alias. */
    void canaryMetrics(String version, double invocations, double errors, double... durationsMs) {
        List<Dimension> dims = List.of(Dimension.builder().name("FunctionName").value(FUNCTION).build(),
                Dimension.builder().name("Resource").value(FUNCTION + ":live").build(),
                Dimension.builder().name("ExecutedVersion").value(version).build());
        List<MetricDatum> data = new ArrayList<>();
        data.add(MetricDatum.builder().metricName("Invocations").dimensions(dims).timestamp(now).value(invocations)
                .unit(StandardUnit.COUNT).build());
        data.add(MetricDatum.builder().metricName("Errors").dimensions(dims).timestamp(now).value(errors)
                .unit(StandardUnit.COUNT).build());
        for (double d : durationsMs) {
            data.add(MetricDatum.builder().metricName("Duration").dimensions(dims).timestamp(now).value(d)
                    .unit(StandardUnit.MILLISECONDS).build());
        }
        cloudWatch.putMetricData(b -> b.namespace("AWS/Lambda").metricData(data));
    }

    GetAliasResponse alias() {
        return lambda.getAlias(b -> b.functionName(FUNCTION).name("live"));
    }

    /** The alias's routing weights ({} when it routes to one version; moto then omits RoutingConfig). */
    Map<String, Double> weights() {
        AliasRoutingConfiguration routing = alias().routingConfig();
        return routing == null ? Map.of() : routing.additionalVersionWeights();
    }

    RolloutOutcome rollout(String canary, Pause pause, String... alarms) throws Exception {
        // moto serves no percentiles (ExtendedStatistics), so these runs judge the worst minute's Maximum
        HealthBounds bounds = new HealthBounds(0.01, 500, "Maximum", 20, List.of(alarms));
        return new CanaryController(new LambdaAliasControl(lambda), new CloudWatchHealthSource(cloudWatch), pause,
                clock, log::add).run(PlanValidation.plan(new RolloutRequest(FUNCTION, Optional.of("live"), canary,
                Optional.of("1"), List.of(0.05, 0.25, 1.0), Duration.ofMinutes(10), 0, bounds)));
    }

    /** A pause that records the alias's routing as Lambda (moto) reports it during each bake. */
    Pause recordingRouting(List<Map<String, Double>> seen) {
        return d -> seen.add(weights());
    }

    @Test
    void aHealthyCanaryIsShiftedFiveTwentyFiveThenAllTheWay() throws Exception {
        canaryMetrics("2", 400, 2, 35, 80, 120);
        List<Map<String, Double>> seen = new ArrayList<>();
        RolloutOutcome outcome = rollout("2", recordingRouting(seen));
        assertTrue(outcome.promoted(), String.join("\n", log));
        assertEquals(List.of(Map.of("2", 0.05), Map.of("2", 0.25)), seen);
        GetAliasResponse live = alias();
        assertEquals("2", live.functionVersion());
        assertEquals(Map.of(), weights());
        assertEquals(400, outcome.steps().get(0).health().orElseThrow().invocations());
        assertEquals(120.0, outcome.steps().get(0).health().orElseThrow().latencyMs().getAsDouble());
    }

    @Test
    void errorsAppearingAtTwentyFivePercentRollTheAliasBack() throws Exception {
        canaryMetrics("2", 100, 0, 40);
        List<Map<String, Double>> seen = new ArrayList<>();
        Pause pause = d -> {
            seen.add(weights());
            if (seen.size() == 2) {
                canaryMetrics("2", 300, 45, 60); // the canary starts failing under more traffic
            }
        };
        RolloutOutcome outcome = rollout("2", pause);
        assertFalse(outcome.promoted());
        assertTrue(outcome.reason().contains("error rate 0.1125 (45 of 400)"), outcome.reason());
        assertEquals(List.of(Map.of("2", 0.05), Map.of("2", 0.25)), seen);
        GetAliasResponse live = alias();
        assertEquals("1", live.functionVersion());
        assertEquals(Map.of(), weights());
    }

    @Test
    void aSlowCanaryRollsBackAtFivePercent() throws Exception {
        canaryMetrics("2", 200, 0, 40, 950);
        RolloutOutcome outcome = rollout("2", d -> { });
        assertFalse(outcome.promoted());
        assertTrue(outcome.reason().contains("Maximum duration 950.0 ms above 500.0 ms"), outcome.reason());
        assertEquals("1", alias().functionVersion());
        assertEquals(1, outcome.steps().size());
    }

    @Test
    void aCanaryWithoutTrafficIsNotPromoted() throws Exception {
        RolloutOutcome outcome = rollout("2", d -> { });
        assertFalse(outcome.promoted());
        assertTrue(outcome.reason().contains("0 invocations"), outcome.reason());
        assertEquals("1", alias().functionVersion());
    }

    @Test
    void aWatchedAlarmInAlarmRollsBack() throws Exception {
        canaryMetrics("2", 400, 0, 40);
        cloudWatch.putMetricAlarm(b -> b.alarmName("light-canary-errors").namespace("AWS/Lambda").metricName("Errors")
                .statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(0.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        cloudWatch.setAlarmState(b -> b.alarmName("light-canary-errors").stateValue(StateValue.ALARM).stateReason("test"));
        RolloutOutcome outcome = rollout("2", d -> { }, "light-canary-errors");
        assertFalse(outcome.promoted());
        assertTrue(outcome.reason().contains("alarm in ALARM: light-canary-errors"), outcome.reason());
        assertEquals("1", alias().functionVersion());
    }

    @Test
    void unpublishedOrPrimaryCanariesAreRefusedBeforeTheAliasChanges() {
        InvalidInputException unpublished = assertThrows(InvalidInputException.class, () -> rollout("7", d -> { }));
        assertTrue(unpublished.getMessage().contains("canary version 7 is not a published version"),
                unpublished.getMessage());
        InvalidInputException primary = assertThrows(InvalidInputException.class, () -> rollout("1", d -> { }));
        assertTrue(primary.getMessage().contains("is the primary version"), primary.getMessage());
        assertEquals("1", alias().functionVersion());
        assertEquals(Map.of(), weights());
    }

    @Test
    void motoAcceptsAnyWeightSoTheControllerChecksItself() throws Exception {
        // moto stores a weight of 7.5 without complaint (Lambda itself would refuse it) ...
        lambda.updateAlias(b -> b.functionName(FUNCTION).name("live").functionVersion("1")
                .routingConfig(AliasRoutingConfiguration.builder().additionalVersionWeights(Map.of("2", 7.5)).build()));
        assertEquals(Map.of("2", 7.5), weights());
        lambda.updateAlias(b -> b.functionName(FUNCTION).name("live").functionVersion("1")
                .routingConfig(AliasRoutingConfiguration.builder().additionalVersionWeights(Map.of()).build()));
        // ... the controller's alias control never sends one
        LambdaAliasControl control = new LambdaAliasControl(lambda);
        AliasState state = control.read(FUNCTION, "live");
        assertThrows(InvalidInputException.class, () -> control.route(state, "2", 7.5));
        assertThrows(InvalidInputException.class, () -> control.route(state, "1", 0.05));
        assertThrows(InvalidInputException.class, () -> control.route(state, "$LATEST", 0.05));
        assertEquals(Map.of(), weights());
    }

    @Test
    void anotherDeployDuringTheBakeStopsTheControllerWithoutTouchingTheAlias() throws Exception {
        canaryMetrics("2", 400, 0, 40);
        lambda.updateFunctionCode(b -> b.functionName(FUNCTION).zipFile(zip("bootstrap v3")));
        assertEquals("3", lambda.publishVersion(b -> b.functionName(FUNCTION)).version());
        Pause otherDeploy = d -> lambda.updateAlias(b -> b.functionName(FUNCTION).name("live").functionVersion("3")
                .routingConfig(AliasRoutingConfiguration.builder().additionalVersionWeights(Map.of()).build()));
        AliasStateException e = assertThrows(AliasStateException.class, () -> rollout("2", otherDeploy));
        assertTrue(e.getMessage().contains("alias changed during the rollout"), e.getMessage());
        assertEquals("3", alias().functionVersion());
    }

    @Test
    void theCommandPromotesAndReportsThroughItsExitStatus() throws Exception {
        canaryMetrics("2", 400, 0, 40);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CanaryControllerCommand.run(new String[] {"--function", FUNCTION, "--canary-version", "2",
                "--primary-version", "1", "--bake", "0s", "--latency-stat", "Maximum", "--max-latency-ms", "500",
                "--region", "us-east-1", "--endpoint-url", moto.endpoint().toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                d -> { }, clock, c -> c.addExecutionInterceptor(new CloudWatchJsonBridge()));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, printed + err.toString(StandardCharsets.UTF_8));
        assertTrue(printed.contains("PROMOTED live -> 2"), printed);
        assertEquals("2", alias().functionVersion());
    }

    @Test
    void theCommandRefusesAnOutOfRangeStepWithoutCallingAws() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CanaryControllerCommand.run(new String[] {"--function", FUNCTION, "--canary-version", "2",
                "--steps", "0.05,1.5,1", "--endpoint-url", "http://127.0.0.1:1"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                d -> { }, clock);
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("weight 1.5 is outside [0,1]"));
        assertEquals("1", alias().functionVersion());
    }
}
